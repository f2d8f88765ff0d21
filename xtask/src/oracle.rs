//! cargo-semver-checks, the Rust ecosystem's semver linter, as an independent oracle for
//! `cargo xtask diff`: it reads the rustdoc of the crates generated from both sides of a pair
//! and knows nothing of OpenAPI, so where its verdicts and ours differ one of us is wrong.
//!
//! Its findings on the real history pairs of `../shared/reference/` (java → ruby → 2025), on
//! the 2017 document with ten mutations and on the diff fixture with seven (the one pair CI
//! checks even without `../shared`) are recorded under `xtask/tests/data/semver_oracle/`
//! (tool version, rustc, the exact command, each lint with its required update and the items
//! it names), so the agreement test needs no tool: installing it takes many minutes on 2
//! cores. To re-record after changing the generator (needs the tool on `PATH`:
//! `cargo install cargo-semver-checks --locked`):
//!
//! ```sh
//! cargo test -p xtask -- --ignored record_semver_oracle
//! ```
//!
//! `cargo xtask diff --semver-checks [--record FILE]` runs the same command on any pair.

use crate::diff::Generated;
use anyhow::{bail, Context};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// The exact command run from the scratch directory holding `old/` and `new/` (the crates
/// generated from each side, same name and version, the real runtime beside `generated/`):
/// - `--default-features`: the crate users get (`mock` is a test facility, and its module is
///   not part of the scratch crate);
/// - `--release-type patch`: both crates are 0.0.0, so without it the tool assumes a release
///   that may break anything and skips every lint; "patch" runs them all, major and minor.
pub const COMMAND: [&str; 9] = [
    "semver-checks",
    "check-release",
    "--baseline-root",
    "old",
    "--manifest-path",
    "new/Cargo.toml",
    "--default-features",
    "--release-type",
    "patch",
];

/// What one run printed, and the tool's version.
pub struct Run {
    pub version: String,
    pub output: String,
    pub dir: std::path::PathBuf,
}

/// Writes both generated trees as scratch crates and runs [`COMMAND`] on them. Fails, saying
/// how to install it, when the tool is missing.
pub fn run(g: &Generated) -> anyhow::Result<Run> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let version = Command::new(&cargo)
        .args(["semver-checks", "--version"])
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(version) = version else {
        bail!(
            "cargo-semver-checks is not installed: `cargo install cargo-semver-checks --locked` \
             (a long build: many minutes on 2 cores), then run this again"
        );
    };
    let dir = crate::platform::scratch_target_dir().join("semver-checks");
    for (side, files) in [("old", &g.old_files), ("new", &g.new_files)] {
        let output = codegen::Output {
            files: files.clone(),
            ..Default::default()
        };
        crate::platform::write_scratch_crate(&output, &dir.join(side))?;
    }
    let out = crate::scratch_cargo::scratch(&dir)
        .args(COMMAND)
        .output()
        .context("running cargo semver-checks")?;
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() && !output.contains("Summary semver requires") {
        bail!("cargo semver-checks failed:\n{output}");
    }
    Ok(Run {
        version: String::from_utf8_lossy(&version.stdout).trim().to_owned(),
        output,
        dir,
    })
}

/// The findings in the tool's text output: `--- failure|warning <lint>: … ---` headers, each
/// followed by a `Failed in:` list (scratch paths made relative).
pub fn findings(output: &str, dir: &Path) -> Vec<Value> {
    let prefix = format!("{}/", dir.display());
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    let mut listing = false;
    for line in output.lines() {
        let header = line
            .strip_prefix("--- failure ")
            .or_else(|| line.strip_prefix("--- warning "));
        if let Some(rest) = header {
            if let Some((lint, items)) = current.take() {
                out.push(finding(lint, items));
            }
            let lint = rest.split(':').next().unwrap_or_default().to_owned();
            current = Some((lint, Vec::new()));
            listing = false;
        } else if line == "Failed in:" {
            listing = true;
        } else if listing && line.starts_with("  ") && !line.starts_with("   ") {
            if let Some((_, items)) = &mut current {
                items.push(line.trim().replace(&prefix, ""));
            }
        } else if listing {
            // A blank line, or the tool's progress lines (indented further) on stderr.
            listing = false;
        }
    }
    if let Some((lint, items)) = current {
        out.push(finding(lint, items));
    }
    out
}

fn finding(lint: String, items: Vec<String>) -> Value {
    json!({ "lint": lint, "required_update": required_update(&lint), "items": items })
}

/// `major` or `minor`: the release the lint asks for, from its definition in the installed
/// tool's sources (`src/lints/<lint>.ron` in cargo's registry), `unknown` if not found.
fn required_update(lint: &str) -> &'static str {
    let Some(home) = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
    else {
        return "unknown";
    };
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        return "unknown";
    };
    for registry in registries.flatten() {
        let Ok(crates) = std::fs::read_dir(registry.path()) else {
            continue;
        };
        for krate in crates.flatten() {
            let name = krate.file_name();
            if !name.to_string_lossy().starts_with("cargo-semver-checks-") {
                continue;
            }
            let ron = krate.path().join("src/lints").join(format!("{lint}.ron"));
            if let Ok(text) = std::fs::read_to_string(ron) {
                if text.contains("required_update: Major") {
                    return "major";
                }
                if text.contains("required_update: Minor") {
                    return "minor";
                }
            }
        }
    }
    "unknown"
}

/// The record of one pair: where both sides come from, the tool, the command, the findings.
pub fn record(old: &str, new: &str, mutations: &[&str], run: &Run) -> Value {
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    json!({
        "old": old,
        "new": new,
        "mutations": mutations,
        "tool": run.version,
        "rustc": rustc,
        "command": format!("cargo {}", COMMAND.join(" ")),
        "findings": findings(&run.output, &run.dir),
    })
}

#[cfg(test)]
mod tests;
