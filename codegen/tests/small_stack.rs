//! No hidden stack requirement: the library generates every document of the hostile corpus
//! (`tests/hostile/`) and the graph documents of `tests/support/graphs.rs` on a thread with a
//! 2 MiB stack, the default for spawned threads, in the unoptimized build where frames are
//! largest. A stack overflow aborts the whole test binary, so this cannot pass by accident.

#[path = "support/graphs.rs"]
mod graphs;

use std::path::Path;

const STACK: usize = 2 << 20;

/// `load → openapiv3 → generate`, the path `cargo xtask codegen` takes.
fn generate(bytes: &[u8]) -> Result<codegen::Output, String> {
    let value = codegen::spec::load(bytes).map_err(|e| e.to_string())?;
    let api = codegen::openapi_from_value(&value).map_err(|e| e.to_string())?;
    codegen::generate(&api).map_err(|e| e.to_string())
}

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn hostile_corpus_generates_on_a_2_mib_stack() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let cases: Vec<(String, bool)> = expected
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (file, outcome) = l.split_once(": ").unwrap();
            // `ok` and `skipped: …` generate (some items left out); `error: …` does not.
            (file.to_owned(), !outcome.starts_with("error: "))
        })
        .collect();
    assert!(cases.len() >= 30, "only {} documents", cases.len());
    let outcomes = on_small_stack(move || {
        cases
            .into_iter()
            .map(|(file, ok)| {
                let bytes = std::fs::read(dir.join(&file)).unwrap();
                let got = generate(&bytes);
                (file, ok, got.map(|o| o.files.len()))
            })
            .collect::<Vec<_>>()
    });
    for (file, ok, got) in outcomes {
        // Which error is checked by tests/hostile.rs; here only that each one ends as expected.
        assert_eq!(got.is_ok(), ok, "{file}: {got:?}");
    }
}

#[test]
fn graph_documents_generate_on_a_2_mib_stack() {
    let sizes = on_small_stack(|| {
        graphs::families()
            .into_iter()
            .map(|(family, build)| {
                let doc = serde_json::to_vec(&build(400)).unwrap();
                let out = generate(&doc).unwrap_or_else(|e| panic!("{family}: {e}"));
                (family, out.files.len())
            })
            .collect::<Vec<_>>()
    });
    for (family, files) in sizes {
        assert!(files > 400, "{family}: {files} files");
    }
}
