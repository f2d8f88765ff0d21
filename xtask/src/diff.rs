//! `cargo xtask diff`: what changed in the API between two specs, what it does to the Rust
//! crate (breaking / additive / none, and the version bump), and the generated-code diff.

use crate::project_root;
use anyhow::{bail, Context};
use codegen::diff::{self, semver_lite::Version, CodeDiff, Format, Report};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Old spec: `spec/platform-api.json` at this git revision (default: HEAD).
    #[arg(long, conflicts_with = "old")]
    base: Option<String>,
    /// Old spec from a file (Swagger 2.0 or OpenAPI 3.0).
    #[arg(long)]
    old: Option<PathBuf>,
    /// New spec file (default: the working tree's `spec/platform-api.json`).
    #[arg(long)]
    new: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Also print the unified diff of the generated code.
    #[arg(long)]
    code: bool,
    /// Exit non-zero when a change of this impact is found.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FailOn {
    Breaking,
}

const SPEC: &str = "spec/platform-api.json";

/// `spec/platform-api.json` as committed at `rev`.
fn spec_at(rev: &str) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{SPEC}")])
        .current_dir(project_root())
        .output()
        .context("running git")?;
    if !out.status.success() {
        bail!(
            "cannot read {SPEC} at {rev}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

/// The version of genesys-client in its Cargo.toml.
pub fn current_version() -> anyhow::Result<Version> {
    let text = std::fs::read_to_string(project_root().join("genesys-client/Cargo.toml"))?;
    let manifest: toml::Table = text.parse()?;
    let v = manifest
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(toml::Value::as_str)
        .context("genesys-client/Cargo.toml has no package.version")?;
    Version::parse(v).with_context(|| format!("unparseable version {v:?}"))
}

/// Loaded documents and the generated files of each.
pub struct Compared {
    pub report: Report,
    pub code: CodeDiff,
    pub old_files: std::collections::BTreeMap<String, String>,
    pub new_files: std::collections::BTreeMap<String, String>,
}

/// Diffs two spec byte strings (any format `spec::load` accepts).
pub fn compare(old: &[u8], new: &[u8]) -> anyhow::Result<Compared> {
    let old = codegen::spec::load(old).context("loading the old spec")?;
    let new = codegen::spec::load(new).context("loading the new spec")?;
    let report = diff::diff(&old, &new);
    let gen = |v: serde_json::Value| -> anyhow::Result<_> {
        let api: codegen::OpenAPI = serde_json::from_value(v)?;
        Ok(codegen::generate(&api)?.files)
    };
    let (old_files, new_files) = (gen(old)?, gen(new)?);
    let code = CodeDiff::new(&old_files, &new_files);
    Ok(Compared {
        report,
        code,
        old_files,
        new_files,
    })
}

/// The short summary `cargo xtask codegen` prints: HEAD's spec against the working tree's.
pub fn head_summary() -> anyhow::Result<String> {
    let old = spec_at("HEAD")?;
    let new = read(&project_root().join(SPEC))?;
    let c = compare(&old, &new)?;
    Ok(format!(
        "{}\n{}",
        c.report.summary_line(&current_version()?),
        c.code.summary()
    ))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let old = match (&args.old, &args.base) {
        (Some(path), _) => read(path)?,
        (None, Some(rev)) => spec_at(rev)?,
        (None, None) => spec_at("HEAD")?,
    };
    let new = match &args.new {
        Some(path) => read(path)?,
        None => read(&project_root().join(SPEC))?,
    };
    let c = compare(&old, &new)?;
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
    };
    print!(
        "{}",
        c.report.render(format, &current_version()?, Some(&c.code))
    );
    if args.code {
        let color = std::io::stdout().is_terminal();
        for (path, text) in &c.new_files {
            let old = c.old_files.get(path).map(String::as_str).unwrap_or("");
            if old != text {
                print!("{}", unified(path, old, text, color));
            }
        }
        for (path, text) in &c.old_files {
            if !c.new_files.contains_key(path) {
                print!("{}", unified(path, text, "", color));
            }
        }
    }
    if matches!(args.fail_on, Some(FailOn::Breaking)) && c.report.is_breaking() {
        eprintln!("breaking API changes found (--fail-on breaking)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn unified(path: &str, old: &str, new: &str, color: bool) -> String {
    let text = crate::fs::unified_diff(path, old, new);
    if !color {
        return text;
    }
    text.lines()
        .map(|l| match l.as_bytes().first() {
            Some(b'+') if !l.starts_with("+++") => format!("\x1b[32m{l}\x1b[0m\n"),
            Some(b'-') if !l.starts_with("---") => format!("\x1b[31m{l}\x1b[0m\n"),
            Some(b'@') => format!("\x1b[36m{l}\x1b[0m\n"),
            _ => format!("{l}\n"),
        })
        .collect()
}
