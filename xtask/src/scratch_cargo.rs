//! The `cargo` that builds a crate xtask wrote (a scratch crate, a user's program, a bench
//! build's copy of the workspace): the same `cargo` as ours, run in that crate's directory,
//! with its own target dir and without the caller's `RUSTFLAGS`.
//!
//! Its own target dir because the outer cargo may hold the lock of ours. No `RUSTFLAGS`: flags
//! meant for our build are not meant for it, and a change of them would rebuild every
//! dependency in the shared scratch target; the checks that deny warnings pass `-D warnings`
//! to clippy themselves.

use std::path::Path;
use std::process::{Command, ExitStatus};

use anyhow::Context;

use crate::platform::scratch_target_dir;

/// `cargo` (`$CARGO`, which cargo sets for xtask and its tests, else from `PATH`) in `dir`,
/// building into `target`, without `RUSTFLAGS`. Add the arguments, then [`status`] or
/// [`output`].
pub fn cargo(dir: &Path, target: &Path) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS");
    cmd
}

/// [`cargo`] building into the shared [`scratch_target_dir`], so repeated runs reuse the
/// compiled dependencies.
pub fn scratch(dir: &Path) -> Command {
    cargo(dir, &scratch_target_dir())
}

/// Runs `cmd` with its output on our terminal (a compile error is read there) and returns
/// its exit status; an error only when it could not be started.
pub fn status(cmd: &mut Command) -> anyhow::Result<ExitStatus> {
    cmd.status()
        .with_context(|| format!("running {}", shown(cmd)))
}

/// How a run with captured output ended, and what it printed to stderr (cargo's messages).
#[cfg(test)]
pub struct Ran {
    pub status: ExitStatus,
    pub stderr: String,
}

#[cfg(test)]
impl Ran {
    /// Whether it failed with `needle` in its error output: a check that some code does not
    /// compile for the reason expected, not for any other.
    pub fn failed_with(&self, needle: &str) -> bool {
        !self.status.success() && self.stderr.contains(needle)
    }
}

/// Runs `cmd` capturing its output (stderr as lossy UTF-8), for a check that reads cargo's
/// messages.
#[cfg(test)]
pub fn output(cmd: &mut Command) -> anyhow::Result<Ran> {
    let out = cmd
        .output()
        .with_context(|| format!("running {}", shown(cmd)))?;
    Ok(Ran {
        status: out.status,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// `cargo check --quiet … in <dir>`, for the error when it cannot be started.
fn shown(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    if let Some(dir) = cmd.get_current_dir() {
        text.push_str(&format!(" in {}", dir.display()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn the_command_runs_in_the_crate_with_its_target_and_no_rustflags() {
        let cmd = cargo(Path::new("/scratch/crate"), Path::new("/scratch/target"));
        assert_eq!(cmd.get_current_dir(), Some(Path::new("/scratch/crate")));
        let envs: Vec<_> = cmd.get_envs().collect();
        assert!(envs.contains(&(
            OsStr::new("CARGO_TARGET_DIR"),
            Some(OsStr::new("/scratch/target"))
        )));
        // `None`: removed, so the child does not inherit ours.
        assert!(envs.contains(&(OsStr::new("RUSTFLAGS"), None)));
        let scratch = scratch(Path::new("/scratch/crate"));
        let target = scratch_target_dir();
        assert!(scratch
            .get_envs()
            .any(|(k, v)| k == "CARGO_TARGET_DIR" && v == Some(target.as_os_str())));
    }

    #[test]
    fn a_captured_run_reads_stderr_and_the_status() {
        // `cargo` itself, asked for a subcommand that does not exist: fast, no build.
        let ran =
            output(cargo(Path::new("."), &scratch_target_dir()).arg("no-such-subcommand")).unwrap();
        assert!(ran.failed_with("no-such-subcommand"), "{}", ran.stderr);
        assert!(!ran.failed_with("something cargo did not say"));
    }
}
