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
//! Run: `cargo bench -p codegen --bench generate` (one group: append `-- spec` or
//! `-- platform-2017`).
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

// The allocator `cargo xtask` uses, so the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};

#[path = "../tests/support/graphs.rs"]
mod graphs;
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

criterion_group!(benches, spec, platform_2017, synthetic_5mb);
criterion_main!(benches);
