//! The hostile corpus (`tests/hostile/`): every document either generates (and `xtask`'s
//! `hostile_corpus_compiles` test compiles the output) or fails with the expected error, which
//! names a JSON pointer. Nothing panics. Expected outcomes live in `tests/hostile/expected.txt`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `load → openapiv3 → generate`, the same path `cargo xtask codegen` takes.
pub fn outcome(bytes: &[u8]) -> Result<codegen::Output, String> {
    let value = codegen::spec::load(bytes).map_err(|e| e.to_string())?;
    let api: codegen::OpenAPI =
        serde_json::from_value(value).map_err(|e| format!("not OpenAPI 3.0: {e}"))?;
    codegen::generate(&api).map_err(|e| e.to_string())
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn expected() -> BTreeMap<String, String> {
    std::fs::read_to_string(corpus().join("expected.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, outcome) = l
                .split_once(": ")
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            (name.to_owned(), outcome.to_owned())
        })
        .collect()
}

#[test]
fn every_hostile_document_has_its_expected_outcome() {
    let expected = expected();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.txt"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        expected.len(),
        "every corpus file has exactly one expected outcome"
    );
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = expected
            .get(&name)
            .unwrap_or_else(|| panic!("{name} has no expected outcome"));
        let bytes = std::fs::read(&path).unwrap();
        let got = std::panic::catch_unwind(|| outcome(&bytes))
            .unwrap_or_else(|_| Err(format!("PANIC while generating {name}")));
        let ok = match (want.as_str(), &got) {
            ("ok", Ok(out)) => !out.files.is_empty(),
            (w, Err(e)) if w.starts_with("error: ") => {
                let needle = &w["error: ".len()..];
                e.contains(needle) && (e.contains("at #") || needle.contains("JSON"))
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name}: expected {want}, got {:?}",
                got.map(|o| o.files.len())
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
