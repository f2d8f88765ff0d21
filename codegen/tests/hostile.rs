//! The hostile corpus (`tests/hostile/`): every document either generates code that compiles
//! or fails with the expected error, which names a JSON pointer and the reason. Nothing panics.
//!
//! Expected outcomes live in `tests/hostile/expected.txt` (one line per file). The `ok` ones are
//! compiled against the real runtime, as genesys-client with its `generated/` replaced, with
//! clippy `-D warnings`: `hostile_corpus_compiles` in `xtask/src/platform.rs` (xtask owns the
//! scratch-crate machinery, shared with `cargo xtask platform-check`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `load → openapiv3 → generate`, the path `cargo xtask codegen` takes.
fn outcome(bytes: &[u8]) -> Result<codegen::Output, String> {
    let value = codegen::spec::load(bytes).map_err(|e| e.to_string())?;
    let api = codegen::openapi_from_value(&value).map_err(|e| e.to_string())?;
    codegen::generate(&api).map_err(|e| e.to_string())
}

/// [`outcome`] with panics turned into an error (so one bad case does not hide the others).
fn guarded_outcome(name: &str, bytes: &[u8]) -> Result<codegen::Output, String> {
    std::panic::catch_unwind(|| outcome(bytes))
        .unwrap_or_else(|_| Err(format!("PANIC while generating {name}")))
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// `file → expected outcome` (`ok`, or `error: <text the error must contain>`).
fn expected() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(corpus().join("expected.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, outcome) = l
                .split_once(": ")
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            (name.to_owned(), outcome.to_owned())
        })
        .collect()
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.txt"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_hostile_document_has_its_expected_outcome() {
    let expected = expected();
    let files = corpus_files();
    let names: Vec<String> = files.iter().map(|p| file_name(p)).collect();
    let listed: Vec<&String> = expected.keys().collect();
    assert_eq!(
        names.iter().collect::<Vec<_>>(),
        listed,
        "every corpus file has exactly one expected outcome"
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = file_name(path);
        let want = &expected[&name];
        let bytes = std::fs::read(path).unwrap();
        let got = guarded_outcome(&name, &bytes);
        let ok = match (want.as_str(), &got) {
            ("ok", Ok(out)) => !out.files.is_empty(),
            // A defective item is left out, named with its pointer; the rest generates.
            (w, Ok(out)) if w.starts_with("skipped: ") => {
                let needle = &w["skipped: ".len()..];
                !out.files.is_empty() && out.skipped.iter().any(|s| s.to_string().contains(needle))
            }
            (w, Err(e)) => match w.strip_prefix("error: ") {
                // Errors in a document name the place (a JSON pointer, or serde's line/column
                // when the text is not JSON at all).
                Some(needle) => e.contains(needle) && (e.contains("at #") || e.contains(" line ")),
                None => false,
            },
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name}: expected {want}, got {}",
                match &got {
                    Ok(o) => format!(
                        "ok ({} files, skipped: {:?})",
                        o.files.len(),
                        o.skipped
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                    ),
                    Err(e) => format!("error: {e}"),
                }
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
