//! Generation benchmarks: an API description in, formatted Rust files out.
//!
//! Two documents:
//! - `spec`: the committed `spec/platform-api.json` (Events + Presence, OpenAPI 3.0);
//! - `platform-2017`: the whole real 2017 Swagger 2.0 document
//!   (`../shared/reference/genesys-platform-api-2017-09.swagger.json`, 509 paths, 733
//!   definitions); skipped with a printed reason when `../shared` is not beside the checkout;
//! - `synthetic-5mb`: a generated ~5 MB OpenAPI 3.0 document of the `allOf`-wrapper pattern
//!   converted real-world documents use (`tests/support/graphs.rs`: blocks of 200 schemas, each
//!   used through wrappers, arrays, maps and inline merges, with cycles), which once made
//!   lowering exponential.
//!
//! Each group times the pipeline stage by stage, all single-threaded:
//! - `baseline_json_parse`: `serde_json::from_slice::<Value>` of the document bytes, the
//!   machine-speed yardstick that the stages are reported against (ratios in BENCHMARKS.md);
//! - `load_upgrade`: `spec::load` (parse, 2.0 → 3.0 upgrade, `$ref` check) +
//!   `serde_json::from_value::<openapiv3::OpenAPI>`;
//! - `lower`: `parse::lower` (openapiv3 → IR);
//! - `tokens`: `emit::tokens` (IR → token streams, `quote`);
//! - `format`: `emit::format` (token streams → file texts: `syn` parse + `prettyplease`);
//!
//! and then `generate_parallel`: `codegen::generate` (lower + emit on all cores), and
//! `end_to_end`: bytes → files (`spec::load` + openapiv3 + `generate`), what
//! `cargo xtask codegen` does minus the file writes.
//!
//! Allocations dominate the generator's profile, so the bench uses mimalloc like `cargo xtask`.
//!
//! Run: `cargo bench -p codegen --bench generate` (one group: append `-- spec`,
//! `-- platform-2017` or `-- synthetic-5mb`).
//!
//! Peak memory: `GENESYS_PEAK_RSS=synthetic-5mb cargo bench -p codegen --bench generate` (or
//! `spec`, `platform-2017`) runs no criterion group: one `end_to_end` of that document, in a
//! process that did nothing else, and prints the peak resident set during it (Linux: the
//! high-water mark is reset through `/proc/self/clear_refs` once the document's bytes are
//! built, then `VmHWM` is read from `/proc/self/status`; the resident set before is printed
//! too, since building the synthetic document leaves some of it behind).
//!
//! Scaling: `GENESYS_SCALING=1 cargo bench -p codegen --bench generate` runs no criterion
//! group: for the synthetic document of `tests/support/scaling.rs` at 1×, 4× and 16× (one
//! namespace: tags, operations and schemas grow together and share common schemas and a pool
//! of parameters; `allOf` chains of 8, `oneOf`/`anyOf` of 12, colliding inline names), it runs
//! each size in a fresh child process (so one size's heap cannot hide the next one's peak)
//! and prints CPU time, wall time and peak resident set per input byte, and their ratio to
//! 1×. `-- scaling` runs the same documents through criterion (`end_to_end`).
use criterion::{criterion_group, BatchSize, Criterion};

// The allocator `cargo xtask` uses, so the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};

#[path = "../tests/support/graphs.rs"]
mod graphs;
#[path = "../tests/support/scaling.rs"]
mod scaling;
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn load_api(bytes: &[u8]) -> codegen::OpenAPI {
    let value = codegen::spec::load(bytes).expect("document loads");
    serde_json::from_value(value).expect("OpenAPI 3.0")
}

fn bench_document(c: &mut Criterion, group: &str, bytes: &[u8], long: bool) {
    let api = load_api(bytes);
    let ir = codegen::parse::lower(&api).expect("lowers");
    let files = codegen::emit::format(&ir, codegen::emit::tokens(&ir))
        .expect("formats")
        .files;
    let lines: usize = files.values().map(|f| f.lines().count()).sum();
    println!(
        "{group}: {} bytes in, {} files / {lines} lines out",
        bytes.len(),
        files.len()
    );

    let mut g = c.benchmark_group(group);
    if long {
        g.sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(8));
    } else {
        g.sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
    }
    g.bench_function("baseline_json_parse", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(bytes).expect("JSON"))
    });
    g.bench_function("load_upgrade", |b| b.iter(|| load_api(bytes)));
    g.bench_function("lower", |b| {
        b.iter(|| codegen::parse::lower(&api).expect("lowers"))
    });
    g.bench_function("tokens", |b| b.iter(|| codegen::emit::tokens(&ir)));
    g.bench_function("format", |b| {
        b.iter_batched(
            || codegen::emit::tokens(&ir),
            |tokens| codegen::emit::format(&ir, tokens).expect("formats"),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("generate_parallel", |b| {
        b.iter(|| codegen::generate(&api).expect("generates"))
    });
    g.bench_function("end_to_end", |b| {
        b.iter(|| codegen::generate(&load_api(bytes)).expect("generates"))
    });
    g.finish();
}

fn spec(c: &mut Criterion) {
    let path = root().join("spec/platform-api.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bench_document(c, "spec", &bytes, false);
}

fn platform_2017(c: &mut Criterion) {
    let path = root().join("../shared/reference/genesys-platform-api-2017-09.swagger.json");
    let Ok(bytes) = std::fs::read(&path) else {
        println!(
            "platform-2017: skipped: {} not found (../shared is not beside this checkout)",
            path.display()
        );
        return;
    };
    bench_document(c, "platform-2017", &bytes, true);
}

fn synthetic_5mb(c: &mut Criterion) {
    let bytes = serde_json::to_vec(&graphs::synthetic(5 << 20)).expect("serializes");
    bench_document(c, "synthetic-5mb", &bytes, true);
}

/// A document by group name; `None` when unknown or absent (`../shared` not beside the
/// checkout).
fn document(name: &str) -> Option<Vec<u8>> {
    match name {
        "spec" => std::fs::read(root().join("spec/platform-api.json")).ok(),
        "platform-2017" => std::fs::read(
            root().join("../shared/reference/genesys-platform-api-2017-09.swagger.json"),
        )
        .ok(),
        "synthetic-5mb" => serde_json::to_vec(&graphs::synthetic(5 << 20)).ok(),
        _ => None,
    }
}

/// A line of `/proc/self/status` in kB (`VmHWM`: peak resident set; `VmRSS`: current).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user + system, all threads) of this process so far, in seconds, from
/// `/proc/self/stat` (clock ticks of 10 ms): on a shared machine, what the run cost
/// regardless of how long it waited for a core.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// `GENESYS_PEAK_RSS=<group>`: one `end_to_end` of that document, with the peak resident set
/// the process reached during it.
fn peak_rss(name: &str) {
    {
        let Some(bytes) = document(name) else {
            println!("{name}: skipped: no such document (spec, platform-2017, synthetic-5mb)");
            return;
        };
        // Reset the high-water mark to the current resident set (Linux ≥ 4.0).
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let before = status_kb("VmRSS:");
        let cpu_before = cpu_seconds();
        let started = std::time::Instant::now();
        let out = codegen::generate(&load_api(&bytes)).expect("generates");
        let elapsed = started.elapsed();
        let cpu = cpu_seconds()
            .zip(cpu_before)
            .map_or(f64::NAN, |(a, b)| a - b);
        let lines: usize = out.files.values().map(|f| f.lines().count()).sum();
        drop(out);
        match (reset, before, status_kb("VmHWM:")) {
            (true, Some(before), Some(peak)) => println!(
                "{name}: {} bytes in, {lines} lines out, end_to_end once {elapsed:.2?} wall, {cpu:.2} s CPU: peak RSS {:.0} MB (RSS before {:.0} MB)",
                bytes.len(),
                peak as f64 / 1024.0,
                before as f64 / 1024.0
            ),
            _ => println!("{name}: peak RSS unavailable (needs Linux /proc)"),
        }
    }
}

/// The scaling document at `k`× as bytes.
fn scaling_bytes(k: usize) -> Vec<u8> {
    serde_json::to_vec(&scaling::document(k)).expect("serializes")
}

/// Sizes of the scaling run (`GENESYS_SCALING=1,4,16,32` picks others; the first is the
/// reference).
const SCALES: [usize; 3] = [1, 4, 16];

fn scales() -> Vec<usize> {
    let picked: Vec<usize> = std::env::var("GENESYS_SCALING")
        .unwrap_or_default()
        .split(',')
        .filter_map(|k| k.trim().parse().ok())
        .filter(|&k| k > 0)
        .collect();
    if picked.len() > 1 {
        picked
    } else {
        SCALES.to_vec()
    }
}

fn scaling_group(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for k in SCALES {
        let bytes = scaling_bytes(k);
        g.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("end_to_end_{k}x"), |b| {
            b.iter(|| codegen::generate(&load_api(&bytes)).expect("generates"))
        });
    }
    g.finish();
}

/// One size in this (child) process: one `end_to_end` (as `cargo xtask codegen` runs it, emit
/// on all cores) for the peak resident set, then each stage in blocks of `16 / k` runs (every
/// block reads 16× the 1× document, so CPU time, counted in 10 ms ticks, has the same
/// resolution at every size); the cheapest of three blocks counts. CPU time, not wall: the
/// machine is shared. Prints `scaling <k> <bytes> <peak RSS growth kB> <CPU s per run: load,
/// lower, emit>` for the parent.
fn scaling_one(k: usize) {
    let bytes = scaling_bytes(k);
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_kb("VmRSS:").unwrap_or(0);
    drop(codegen::generate(&load_api(&bytes)).expect("generates"));
    let peak = status_kb("VmHWM:").unwrap_or(0);
    let growth = if reset {
        peak.saturating_sub(before)
    } else {
        0
    };
    let runs = (16 / k.min(16)).max(1);
    let cpu_per_run = |stage: &mut dyn FnMut()| {
        (0..3)
            .map(|_| {
                let before = cpu_seconds().unwrap_or(f64::NAN);
                (0..runs).for_each(|_| stage());
                (cpu_seconds().unwrap_or(f64::NAN) - before) / runs as f64
            })
            .fold(f64::INFINITY, f64::min)
    };
    let api = load_api(&bytes);
    let ir = codegen::parse::lower(&api).expect("lowers");
    let load = cpu_per_run(&mut || drop(load_api(&bytes)));
    let lower = cpu_per_run(&mut || drop(codegen::parse::lower(&api).expect("lowers")));
    let emit = cpu_per_run(&mut || drop(codegen::emit::emit(&ir).expect("emits")));
    println!(
        "scaling {k} {} {growth} {load:.4} {lower:.4} {emit:.4}",
        bytes.len()
    );
}

/// `GENESYS_SCALING=1`: every size in a child process; per-byte figures and ratios to 1×.
fn scaling_report() {
    let exe = std::env::current_exe().expect("bench executable");
    let mut rows: Vec<(usize, Vec<f64>)> = Vec::new();
    for k in scales() {
        let out = std::process::Command::new(&exe)
            .env_remove("GENESYS_SCALING")
            .env("GENESYS_SCALING_ONE", k.to_string())
            .arg("--bench")
            .output()
            .expect("child runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let Some(line) = text.lines().find(|l| l.starts_with("scaling ")) else {
            panic!(
                "scaling {k}x: no result ({})",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let f: Vec<f64> = line
            .split_whitespace()
            .skip(2)
            .map(|x| x.parse().expect("number"))
            .collect();
        rows.push((k, f));
    }
    // Per input byte, as a ratio to the 1x document.
    let base = rows[0].1.clone();
    let per_byte = |f: &[f64], v: f64, b: f64| (v / f[0]) / (b / base[0]);
    println!(
        "scaling: size | input MB | CPU s end_to_end = load + lower + emit (s/MB, x 1x) | per byte x 1x: load, lower, emit | peak RSS growth, end_to_end (MB, MB/MB, x 1x; marginal MB/MB since 1x)"
    );
    for (k, f) in &rows {
        let mb = f[0] / 1e6;
        let total = f[2] + f[3] + f[4];
        let base_total = base[2] + base[3] + base[4];
        let marginal = if f[0] == base[0] {
            String::from("-")
        } else {
            format!(
                "{:.1}",
                (f[1] - base[1]) / 1024.0 / ((f[0] - base[0]) / 1e6)
            )
        };
        println!(
            "scaling: {k:>2}x | {mb:>5.2} | {total:>6.3} ({:.3}, {:.2}x) | {:.2}x {:.2}x {:.2}x | {:>6.1} ({:.1}, {:.2}x; {marginal})",
            total / mb,
            per_byte(f, total, base_total),
            per_byte(f, f[2], base[2]),
            per_byte(f, f[3], base[3]),
            per_byte(f, f[4], base[4]),
            f[1] / 1024.0,
            f[1] / 1024.0 / mb,
            per_byte(f, f[1], base[1]),
        );
    }
}

criterion_group!(benches, spec, platform_2017, synthetic_5mb, scaling_group);

fn main() {
    if let Ok(name) = std::env::var("GENESYS_PEAK_RSS") {
        peak_rss(&name);
        return;
    }
    if let Some(k) = std::env::var("GENESYS_SCALING_ONE")
        .ok()
        .and_then(|k| k.parse().ok())
    {
        scaling_one(k);
        return;
    }
    if std::env::var_os("GENESYS_SCALING").is_some() {
        scaling_report();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
