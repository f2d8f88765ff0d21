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
mod features;
mod fs;
mod oracle;
mod outside_user;
mod platform;
mod root;
mod scratch_cargo;
mod spec;

pub use root::project_root;

use clap::{Parser, Subcommand};

/// Generation allocates a token tree or a syn node at every step; mimalloc makes it markedly
/// faster than glibc's malloc (see BENCHMARKS.md, generation).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
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
    /// Generate a crate from a whole upstream document and `cargo check` it with the runtime.
    PlatformCheck(PlatformArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Every subcommand works on the checkout it runs in, found once, before anything is read.
    if let Err(err) = root::init() {
        eprintln!("error: {err:#}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Codegen(args) => codegen_cmd::run(args),
        Command::Spec(cmd) => spec::run(cmd),
        Command::Diff(args) => diff::run(args),
        Command::BenchBuild(args) => bench_build::run(args),
        Command::PlatformCheck(args) => platform_check(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, clap::Args)]
struct PlatformArgs {
    /// Swagger 2.0 or OpenAPI 3.0 document (e.g. ../shared/reference/genesys-platform-api-2017-09.swagger.json).
    spec: PathBuf,
    /// Also run clippy with -D warnings.
    #[arg(long)]
    clippy: bool,
}

fn platform_check(args: PlatformArgs) -> anyhow::Result<ExitCode> {
    let output = codegen_cmd::generate_file(&args.spec)?;
    crate::codegen_cmd::report_skipped(&output);
    let dir = platform::scratch_target_dir().join("crate");
    platform::write_scratch_crate(&output, &dir)?;
    let started = std::time::Instant::now();
    platform::check(&dir, args.clippy)?;
    println!(
        "{} generated files compile ({:.1?}); crate at {}",
        output.files.len(),
        started.elapsed(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
