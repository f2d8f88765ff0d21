#!/usr/bin/env python3
"""Ratios from the latest criterion run (target/criterion/**/new/estimates.json, medians).

    python3 genesys-client/benches/ratios.py

- groups with `generated` and `baseline` arms (codec, requests): generated / baseline;
- codegen groups (`spec`, `platform-2017`): every stage / `baseline_json_parse`.
"""
import json
import os
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../target/criterion")
if not os.path.isdir(root):
    sys.exit(f"no criterion results under {root}: run cargo bench first")


def median(path):
    with open(os.path.join(path, "new/estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"]


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.2f} {unit}"
    return f"{ns:.0f} ns"


groups = {}
for dirpath, dirnames, filenames in os.walk(root):
    if os.path.basename(dirpath) == "new" and "estimates.json" in filenames:
        bench_dir = os.path.dirname(dirpath)
        rel = os.path.relpath(bench_dir, root)
        group, _, name = rel.rpartition(os.sep)
        if group:
            groups.setdefault(group, {})[name] = median(bench_dir)

print("| group | arm | median | ratio |")
print("|---|---|---|---|")
for group in sorted(groups):
    arms = groups[group]
    base = arms.get("baseline", arms.get("baseline_json_parse"))
    for name in sorted(arms, key=lambda n: (not n.startswith("generated"), n)):
        ratio = f"{arms[name] / base:.3f}" if base else ""
        print(f"| {group.replace(os.sep, '/')} | {name} | {fmt(arms[name])} | {ratio} |")
