//! The project root every subcommand works on: the Cargo workspace that contains the working
//! directory, found at run time.
//!
//! Never fixed at compile time: with a shared `CARGO_TARGET_DIR` (a global target dir, git
//! worktrees, CI caches) cargo reuses one xtask binary for every checkout, so a root baked in
//! with `env!("CARGO_MANIFEST_DIR")` made `cargo xtask codegen` in one checkout regenerate
//! another. The search is the one `cargo locate-project --workspace` does for this layout: the
//! nearest ancestor directory whose `Cargo.toml` has a `[workspace]` table.

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// The workspace that contains `start`: the nearest ancestor (or `start` itself) whose
/// `Cargo.toml` declares `[workspace]`, which must be genesys-rs (it has `xtask/Cargo.toml`).
pub fn find(start: &Path) -> anyhow::Result<PathBuf> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let table: toml::Table = text
            .parse()
            .with_context(|| format!("reading {}", manifest.display()))?;
        if !table.contains_key("workspace") {
            continue;
        }
        anyhow::ensure!(
            dir.join("xtask/Cargo.toml").is_file(),
            "the Cargo workspace at {} is not genesys-rs (it has no xtask/Cargo.toml): run \
             `cargo xtask` inside a genesys-rs checkout",
            dir.display()
        );
        return Ok(dir.to_path_buf());
    }
    anyhow::bail!(
        "{} is not inside a Cargo workspace: run `cargo xtask` inside a genesys-rs checkout",
        start.display()
    )
}

/// Finds the root from the working directory, once per process; `main` calls it first so a
/// command run outside the workspace stops with that error before doing anything.
pub fn init() -> anyhow::Result<&'static Path> {
    if let Some(root) = ROOT.get() {
        return Ok(root);
    }
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let root = find(&cwd)?;
    Ok(ROOT.get_or_init(|| root))
}

/// The workspace root (see [`init`]).
///
/// # Panics
/// When the working directory is outside the workspace and [`init`] was not called first:
/// `main` always calls it, and tests run inside the workspace.
pub fn project_root() -> PathBuf {
    match init() {
        Ok(root) => root.to_path_buf(),
        Err(e) => panic!("{e:#}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-root-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_nearest_workspace_above_the_directory_is_the_root() {
        let ws = scratch("ws");
        std::fs::write(
            ws.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n",
        )
        .unwrap();
        std::fs::create_dir_all(ws.join("xtask/src")).unwrap();
        std::fs::write(ws.join("xtask/Cargo.toml"), "[package]\nname = \"xtask\"\n").unwrap();
        assert_eq!(find(&ws).unwrap(), ws);
        // A member's own manifest has no [workspace]: the search goes on up.
        assert_eq!(find(&ws.join("xtask/src")).unwrap(), ws);
        std::fs::remove_dir_all(&ws).unwrap();
    }

    #[test]
    fn outside_any_workspace_or_in_another_one_is_a_clear_error() {
        let other = scratch("other");
        std::fs::write(other.join("Cargo.toml"), "[workspace]\n").unwrap();
        let err = find(&other).unwrap_err().to_string();
        assert!(err.contains("is not genesys-rs"), "{err}");
        std::fs::remove_dir_all(&other).unwrap();

        let bad = scratch("bad");
        std::fs::write(bad.join("Cargo.toml"), "[workspace\n").unwrap();
        let err = format!("{:#}", find(&bad).unwrap_err());
        assert!(err.starts_with("reading "), "{err}");
        std::fs::remove_dir_all(&bad).unwrap();
    }

    #[test]
    fn this_checkout_is_found_from_the_test_directory() {
        // Tests run in the package directory (`xtask/`); the root is its parent.
        let root = project_root();
        assert!(root.join("xtask/Cargo.toml").is_file());
        assert!(root.join("spec").is_dir());
    }
}
