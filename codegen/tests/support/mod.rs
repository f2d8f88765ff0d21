//! Shared test helpers.
#![allow(dead_code)]

use std::path::PathBuf;

/// A file of `../shared/reference/`, or `None` (with the reason printed) when that directory is
/// absent on this machine. Under CI (`CI` set) its absence is a failure, never a silent skip.
pub fn shared_reference(file: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference");
    let path = dir.join(file);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} is required when CI is set (the reference documents live in ../shared beside the checkout)",
            path.display()
        );
    }
    eprintln!(
        "skipped: {} not found (../shared is not beside this checkout)",
        path.display()
    );
    None
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
