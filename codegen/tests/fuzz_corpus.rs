//! Replays the committed fuzz corpus (`fuzz/corpus/spec_pipeline/`) through the fuzz target's
//! entry point: every input the fuzzer ever found interesting must still run without a panic.
//! This is a regression test, not fuzzing; fuzzing itself runs outside CI (see `fuzz/README.md`).

use std::path::Path;

#[test]
fn fuzz_corpus_replays_without_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/spec_pipeline");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "corpus has only {} files", files.len());
    // A replay for CI, not a fuzzing corpus: keep it small (see fuzz/README.md).
    let bytes: u64 = files.iter().map(|p| p.metadata().unwrap().len()).sum();
    assert!(
        files.len() < 300 && bytes < 2_000_000,
        "{} files, {bytes} bytes: re-select with fuzz/select_corpus.py",
        files.len()
    );
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let result = std::panic::catch_unwind(|| codegen::fuzz_pipeline(&bytes));
        assert!(result.is_ok(), "panic on {}", path.display());
    }
}
