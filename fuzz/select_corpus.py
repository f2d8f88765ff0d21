"""Greedy max-coverage subset of a libFuzzer merge control file, under a file budget.

Usage (see README.md): select_corpus.py <merge control file> <output dir> <max files>

Named seeds (hostile documents, slices of real ones) up to 64 KiB are always kept; then the
input adding the most uncovered features is taken (smaller first on ties) until the budget
or 1.8 MB is reached, or nothing adds coverage.
"""
import sys, os, shutil
ctl, out, budget = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(ctl).read().splitlines()
n = int(lines[0]); files = lines[2:2+n]
feats = {}
for l in lines[2+n:]:
    if l.startswith("FT "):
        parts = l.split()
        feats[int(parts[1])] = set(map(int, parts[2:]))
size = {i: os.path.getsize(f) for i, f in enumerate(files)}
forced = [i for i, f in enumerate(files) if not os.path.basename(f).isalnum() or '.' in os.path.basename(f)]
forced = [i for i in forced if size[i] <= 64 * 1024]
chosen = list(dict.fromkeys(forced))
covered = set().union(*(feats.get(i, set()) for i in chosen)) if chosen else set()
total = sum(size[i] for i in chosen)
cands = set(feats) - set(chosen)
while len(chosen) < budget and cands:
    best = max(cands, key=lambda i: (len(feats[i] - covered), -size[i]))
    gain = len(feats[best] - covered)
    if gain == 0 or total + size[best] > 1_800_000:
        cands.discard(best)
        if gain == 0: break
        continue
    chosen.append(best); covered |= feats[best]; total += size[best]; cands.discard(best)
allf = set().union(*feats.values())
print(f"{len(chosen)} files, {total} bytes, {len(covered)}/{len(allf)} features ({100*len(covered)/len(allf):.1f}%)")
os.makedirs(out, exist_ok=True)
for i in chosen:
    shutil.copy(files[i], os.path.join(out, os.path.basename(files[i])))
