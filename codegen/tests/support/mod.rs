//! Shared test helpers (used by several test crates; each uses a different subset).
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/reference/` beside the checkout (the reference API documents; never copied into
/// the repository).
pub fn shared_reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference")
}

/// A file of `../shared/reference/` (`file` may have subdirectories: `history/x.json`).
///
/// - Directory absent and `CI` unset: prints `skipped: ../shared not found (...)` and returns
///   `None`, so a checkout without the reference data still runs its other tests.
/// - Directory absent and `CI` set: panics. CI must never pass by skipping.
/// - Directory present but `file` missing: panics (a typo or a removed fixture, not a skip).
pub fn shared_reference(file: &str) -> Option<PathBuf> {
    let dir = shared_reference_dir();
    if !dir.is_dir() {
        let why = format!("looked for {}", dir.display());
        if std::env::var_os("CI").is_some() {
            panic!("../shared not found ({why}); it is required when CI is set");
        }
        eprintln!("skipped: ../shared not found ({why})");
        return None;
    }
    let path = dir.join(file);
    assert!(
        path.is_file(),
        "{} is missing from ../shared/reference",
        path.display()
    );
    Some(path)
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
