//! `cargo xtask diff`: what changed in the API between two specs, what it does to the Rust
//! crate (breaking / additive / none, and the version bump), and the generated-code diff.
//!
//! Exit codes: 0 done; 1 error; 2 `--fail-on breaking` and a breaking change was found.

use crate::project_root;
use anyhow::{bail, Context};
use codegen::diff::{self, semver_lite::Version, CodeDiff, Format, Report};
use std::collections::BTreeMap;
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
    /// New spec file, Swagger 2.0 or OpenAPI 3.0 (default: the working tree's
    /// `spec/platform-api.json`).
    #[arg(long)]
    new: Option<PathBuf>,
    /// Topic snapshot of the old side when it comes from `--old` (with `--base`, or by
    /// default, `spec/notification-topics.json` at that revision, if it exists there).
    #[arg(long, requires = "old")]
    old_topics: Option<PathBuf>,
    /// Topic snapshot of the new side when it comes from `--new` (by default, the working
    /// tree's `spec/notification-topics.json`, if there is one).
    #[arg(long, requires = "new")]
    new_topics: Option<PathBuf>,
    /// Output format: `markdown` is a section for CHANGELOG.md, `json` is described in
    /// docs/diff-json.md.
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Also print the unified diff of the generated code (colored on a terminal).
    #[arg(long)]
    code: bool,
    /// Exit with status 2 when a change of this impact is found.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Also run cargo-semver-checks (an independent semver linter) on crates generated from
    /// both sides, when it is installed; says how to install it when it is not.
    #[arg(long)]
    semver_checks: bool,
    /// With `--semver-checks`: also write its findings (tool version, command, lints and
    /// items) as JSON to this file, the format of `xtask/tests/data/semver_oracle/`.
    #[arg(long, requires = "semver_checks")]
    record: Option<PathBuf>,
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
const TOPICS: &str = codegen::spec::topics::FILE;

/// One side of a comparison: the API description and the topic snapshot joined to it.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// Swagger 2.0 or OpenAPI 3.0 bytes.
    pub spec: Vec<u8>,
    /// `spec/notification-topics.json` bytes and the name errors use, if that side has one.
    pub topics: Option<(Vec<u8>, String)>,
}

impl Input {
    /// A spec without topics.
    #[cfg(test)]
    pub fn spec(spec: Vec<u8>) -> Self {
        Input { spec, topics: None }
    }

    fn load(&self) -> anyhow::Result<serde_json::Value> {
        Ok(codegen::spec::load_with_topics(
            &self.spec,
            self.topics
                .as_ref()
                .map(|(b, s)| (b.as_slice(), s.as_str())),
        )?)
    }
}

/// `file` as committed at `rev`; `None` when git says it does not exist there.
fn file_at(rev: &str, file: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{file}")])
        .current_dir(project_root())
        .output()
        .context("running git")?;
    if out.status.success() {
        return Ok(Some(out.stdout));
    }
    let err = String::from_utf8_lossy(&out.stderr);
    if err.contains("does not exist") || err.contains("exists on disk, but not in") {
        return Ok(None);
    }
    bail!("cannot read {file} at {rev}: {}", err.trim())
}

/// `spec/` as committed at `rev`: the API description and the topic snapshot, if any.
fn spec_at(rev: &str) -> anyhow::Result<Input> {
    let spec = file_at(rev, SPEC)?.with_context(|| format!("{SPEC} does not exist at {rev}"))?;
    let topics = file_at(rev, TOPICS)?.map(|b| (b, format!("{TOPICS} at {rev}")));
    Ok(Input { spec, topics })
}

/// `spec/` of the working tree.
fn spec_here() -> anyhow::Result<Input> {
    let root = project_root();
    let spec = read(&root.join(SPEC))?;
    let path = root.join(TOPICS);
    let topics = if path.is_file() {
        Some((read(&path)?, TOPICS.to_owned()))
    } else {
        None
    };
    Ok(Input { spec, topics })
}

fn file_input(spec: &Path, topics: Option<&PathBuf>) -> anyhow::Result<Input> {
    let topics = match topics {
        Some(p) => Some((read(p)?, p.display().to_string())),
        None => None,
    };
    Ok(Input {
        spec: read(spec)?,
        topics,
    })
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

/// The API diff of two specs and, when both sides generate, the generated files of each.
pub struct Compared {
    pub report: Report,
    /// `Err` (the reason) when either side's code could not be emitted: the API diff still stands.
    pub code: Result<Generated, String>,
}

/// Both generated trees and their per-file comparison.
pub struct Generated {
    pub diff: CodeDiff,
    pub old_files: BTreeMap<String, String>,
    pub new_files: BTreeMap<String, String>,
}

impl Compared {
    /// `generated code: …` or why there is none.
    pub fn code_summary(&self) -> String {
        match &self.code {
            Ok(g) => g.diff.summary(),
            Err(e) => format!("generated code: not compared ({e})"),
        }
    }
}

/// Diffs two sides (anything `codegen::spec::load` accepts, with their topic snapshots). Each
/// side is lowered once into the IR; the API diff and the generated code both come from it.
pub fn compare(old: &Input, new: &Input) -> anyhow::Result<Compared> {
    let old = old.load().context("loading the old spec")?;
    let new = new.load().context("loading the new spec")?;
    let old_ir = diff::lower(&old).context("the old spec does not lower into the IR")?;
    let new_ir = diff::lower(&new).context("the new spec does not lower into the IR")?;
    let report = diff::diff_ir((&old, &old_ir), (&new, &new_ir));
    let code = match (codegen::emit::emit(&old_ir), codegen::emit::emit(&new_ir)) {
        (Ok(old), Ok(new)) => Ok(Generated {
            diff: CodeDiff::new(&old.files, &new.files),
            old_files: old.files,
            new_files: new.files,
        }),
        (Err(e), _) => Err(format!("the old spec does not generate: {e:#}")),
        (_, Err(e)) => Err(format!("the new spec does not generate: {e:#}")),
    };
    Ok(Compared { report, code })
}

/// The short summary `cargo xtask codegen` prints: HEAD's spec against the working tree's.
pub fn head_summary() -> anyhow::Result<String> {
    let old = spec_at("HEAD")?;
    let new = spec_here()?;
    let c = compare(&old, &new)?;
    Ok(format!(
        "{}\n{}",
        c.report.summary_line(&current_version()?),
        c.code_summary()
    ))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
    };
    if args.code && format == Format::Json {
        bail!("--code prints a unified diff, which would not be JSON; drop it or use another --format");
    }
    let old = match (&args.old, &args.base) {
        (Some(path), _) => file_input(path, args.old_topics.as_ref())?,
        (None, Some(rev)) => spec_at(rev)?,
        (None, None) => spec_at("HEAD")?,
    };
    let new = match &args.new {
        Some(path) => file_input(path, args.new_topics.as_ref())?,
        None => spec_here()?,
    };
    let old_name = match (&args.old, &args.base) {
        (Some(path), _) => path.display().to_string(),
        (None, rev) => format!("{SPEC} at {}", rev.as_deref().unwrap_or("HEAD")),
    };
    let new_name = args
        .new
        .as_ref()
        .map_or_else(|| SPEC.to_owned(), |p| p.display().to_string());
    let c = compare(&old, &new)?;
    let generated = match &c.code {
        Ok(g) => Some(g),
        Err(e) => {
            eprintln!("warning: generated code not compared: {e}");
            None
        }
    };
    print!(
        "{}",
        c.report
            .render(format, &current_version()?, generated.map(|g| &g.diff))
    );
    if let (true, Some(g)) = (args.code, generated) {
        let color = format == Format::Text
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none();
        let text = unified_all(g, color);
        if format == Format::Markdown && !text.is_empty() {
            print!("```diff\n{text}```\n");
        } else {
            print!("{text}");
        }
    }
    if args.semver_checks {
        let g = generated.context("--semver-checks needs the generated code of both sides")?;
        semver_checks(g, &args, &old_name, &new_name)?;
    }
    if matches!(args.fail_on, Some(FailOn::Breaking)) && c.report.is_breaking() {
        eprintln!(
            "{} breaking API change(s) found (--fail-on breaking)",
            c.report.count(diff::Impact::Breaking)
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs cargo-semver-checks ([`crate::oracle::COMMAND`]) on crates generated from both sides,
/// printing what it finds (and recording it with `--record`). Its verdict is printed, not
/// turned into our exit status: it is a second opinion on `diff`'s.
fn semver_checks(g: &Generated, args: &Args, old: &str, new: &str) -> anyhow::Result<()> {
    let run = crate::oracle::run(g)?;
    println!(
        "\n{} on crates generated from both sides: cargo {}\n{}",
        run.version,
        crate::oracle::COMMAND.join(" "),
        run.output
    );
    let findings = crate::oracle::findings(&run.output, &run.dir);
    println!(
        "cargo-semver-checks: {} (scratch crates in {})",
        if findings.is_empty() {
            "no finding".to_owned()
        } else {
            format!("{} lint(s) fired, see above", findings.len())
        },
        run.dir.display()
    );
    if let Some(path) = &args.record {
        let rec = crate::oracle::record(old, new, &[], &run);
        std::fs::write(path, serde_json::to_string_pretty(&rec)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The unified diff of every differing file, in path order.
fn unified_all(g: &Generated, color: bool) -> String {
    let paths: std::collections::BTreeSet<&String> =
        g.old_files.keys().chain(g.new_files.keys()).collect();
    let mut out = String::new();
    for path in paths {
        let old = g.old_files.get(path).map_or("", String::as_str);
        let new = g.new_files.get(path).map_or("", String::as_str);
        if old != new {
            out.push_str(&unified(path, old, new, color));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> serde_json::Value {
        let path = project_root().join("codegen/tests/fixtures/diff/base.json");
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    fn args(old: &Path, new: &Path, fail_on: Option<FailOn>) -> Args {
        Args {
            base: None,
            old: Some(old.to_owned()),
            new: Some(new.to_owned()),
            old_topics: None,
            new_topics: None,
            format: FormatArg::Text,
            code: false,
            fail_on,
            semver_checks: false,
            record: None,
        }
    }

    /// Two files in, the right exit status out; the generated trees follow the change.
    #[test]
    fn fail_on_breaking_sets_the_exit_status() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (old, additive, breaking) = (
            dir.join("old.json"),
            dir.join("additive.json"),
            dir.join("breaking.json"),
        );
        let base = fixture();
        std::fs::write(&old, base.to_string()).unwrap();
        let mut doc = base.clone();
        doc["components"]["schemas"]["Thing"]["properties"]["color"] =
            serde_json::json!({ "type": "string" });
        std::fs::write(&additive, doc.to_string()).unwrap();
        doc["components"]["schemas"]
            .as_object_mut()
            .unwrap()
            .remove("Other");
        std::fs::write(&breaking, doc.to_string()).unwrap();

        let ok = run(args(&old, &additive, Some(FailOn::Breaking))).unwrap();
        assert_eq!(ok, ExitCode::SUCCESS);
        let fail = run(args(&old, &breaking, Some(FailOn::Breaking))).unwrap();
        assert_eq!(fail, ExitCode::from(2));
        let report_only = run(args(&old, &breaking, None)).unwrap();
        assert_eq!(report_only, ExitCode::SUCCESS);

        let c = compare(
            &Input::spec(read(&old).unwrap()),
            &Input::spec(read(&additive).unwrap()),
        )
        .unwrap();
        let g = c.code.as_ref().unwrap();
        assert!(
            g.new_files.contains_key("models/thing.rs"),
            "{:?}",
            g.new_files.keys()
        );
        assert_eq!(g.diff.changed.len(), 1, "{:#?}", g.diff);
        let text = unified_all(g, false);
        assert!(text.contains("+++ b/models/thing.rs"), "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// `--code` cannot be mixed into JSON.
    #[test]
    fn code_with_json_is_refused() {
        let mut a = args(Path::new("x"), Path::new("y"), None);
        a.code = true;
        a.format = FormatArg::Json;
        assert!(run(a).is_err());
    }
}
