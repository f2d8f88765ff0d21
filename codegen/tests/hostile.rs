//! The hostile corpus (`tests/hostile/`): every document either generates code that compiles
//! or fails with the expected error, which names a JSON pointer and the reason. Nothing panics.
//!
//! Expected outcomes live in `tests/hostile/expected.txt` (one line per file). The `ok` ones are
//! compiled together in one scratch crate, one module per document, against a stand-in of the
//! runtime surface generated code calls (`tests/hostile_support/runtime.rs`), with
//! `#![deny(warnings)]`: one `cargo clippy` in `target/hostile-check`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// `crate::` → `crate::<module>::` wherever it starts a path, so a generated tree (written to
/// be the root of `genesys-client/src/generated`) works as one module of a bigger crate.
fn rebase(text: &str, module: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let starts_path = !rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at + "crate::".len()]);
        if starts_path {
            out.push_str(module);
            out.push_str("::");
        }
        rest = &rest[at + "crate::".len()..];
    }
    out.push_str(rest);
    out
}

const MANIFEST: &str = r#"[package]
name = "hostile-check"
version = "0.0.0"
edition = "2021"
publish = false

# Only crates already in the workspace Cargo.lock (copied beside this manifest).
[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
reqwest = { version = "0.12", default-features = false }
futures-core = { version = "0.3", default-features = false }

[workspace]
"#;

/// Every `ok` document, generated into one module of one scratch crate, passes `cargo clippy`
/// with warnings (rustc's and clippy's default lints) denied.
#[test]
fn ok_documents_compile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = root.join("target/hostile-check");
    let krate = target.join("scratch");
    let src = krate.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).unwrap();
    }
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(krate.join("Cargo.toml"), MANIFEST).unwrap();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let runtime = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile_support/runtime.rs"),
    )
    .unwrap();

    let mut lib = String::from(
        "//! Every `ok` document of the hostile corpus, one module each.\n#![deny(warnings)]\n",
    );
    let mut cases = 0;
    for (name, want) in expected() {
        if want != "ok" {
            continue;
        }
        let bytes = std::fs::read(corpus().join(&name)).unwrap();
        let output = guarded_outcome(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        let module = format!("case_{}", stem.replace(['-', '.'], "_"));
        let dir = src.join(&module);
        std::fs::create_dir_all(dir.join("generated")).unwrap();
        std::fs::write(
            dir.join("mod.rs"),
            format!(
                "//! Generated from `tests/hostile/{name}`.\npub mod generated;\npub mod runtime;\n\
                 pub use self::generated::{{models, operations}};\n"
            ),
        )
        .unwrap();
        std::fs::write(dir.join("runtime.rs"), rebase(&runtime, &module)).unwrap();
        for (rel, text) in &output.files {
            let path = dir.join("generated").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, rebase(text, &module)).unwrap();
        }
        lib.push_str(&format!("pub mod {module};\n"));
        cases += 1;
    }
    assert!(cases >= 8, "only {cases} ok cases");
    std::fs::write(src.join("lib.rs"), lib).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = std::time::Instant::now();
    let out = Command::new(cargo)
        .args(["clippy", "--quiet", "--message-format", "short"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .expect("running cargo clippy on the scratch crate");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the code generated from the hostile corpus does not compile ({}):\n{stderr}",
        krate.display()
    );
    eprintln!(
        "{cases} hostile documents compiled in {:.1?}",
        started.elapsed()
    );
}

#[test]
fn rebase_only_rewrites_path_starts() {
    assert_eq!(
        rebase("crate::models::A; x_crate::y; (crate::runtime::C)", "m"),
        "crate::m::models::A; x_crate::y; (crate::m::runtime::C)"
    );
}
