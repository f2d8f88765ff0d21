//! `cargo xtask`: the maintainer's tasks for genesys-rs.
//!
//! - `cargo xtask codegen [--check]`: regenerate `genesys-client/src/generated/` from `spec/`.
//! - `cargo xtask spec import|fetch`: turn an upstream Swagger 2.0 / OpenAPI 3.0 document into `spec/`.
//! - `cargo xtask diff`: API changelog with semver impact, plus the generated-code diff.
//! - `cargo xtask bench-build`: cold build timings of the generated crate.
#![forbid(unsafe_code)]

mod bench_build;
mod codegen_cmd;
mod diff;
mod fs;
mod spec;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "genesys-rs maintainer tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate genesys-client/src/generated/ from spec/platform-api.json.
    Codegen(codegen_cmd::Args),
    /// Import or fetch an upstream API description into spec/.
    #[command(subcommand)]
    Spec(spec::Command),
    /// Diff two versions of the spec: API changes, semver impact, generated-code diff.
    Diff(diff::Args),
    /// Time cold builds of the generated crate.
    BenchBuild(bench_build::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen_cmd::run(args),
        Command::Spec(cmd) => spec::run(cmd),
        Command::Diff(args) => diff::run(args),
        Command::BenchBuild(args) => bench_build::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of `xtask/`), wherever cargo was invoked from.
pub fn project_root() -> PathBuf {
    let dir = std::env::var("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("xtask"));
    dir.parent().map(PathBuf::from).unwrap_or(dir)
}
