//! `cargo xtask bench-build`: what the generated crate costs its users to build.
//!
//! - cold `cargo build -p genesys-client` (debug, and `--release` unless `--no-release`) in a
//!   fresh `CARGO_TARGET_DIR` under `target/bench-build/`, dependencies included, then the
//!   crate alone (`cargo clean -p genesys-client` in that target dir and build again);
//! - the size of `genesys-client/src/generated/`: lines, and `pub struct` / `pub enum` /
//!   `pub type` / `pub fn` items;
//! - with `--per-feature`: genesys-client's debug build with no tag feature, each tag feature
//!   alone, the defaults and every tag, after one build has compiled the dependencies of all
//!   (the crate alone, `cargo clean -p` between sets: what a feature choice changes);
//! - with `--platform <swagger.json>`: the same for a crate generated from a whole document
//!   (`platform::write_scratch_crate`), cold debug build with every tag, and with
//!   `--platform-tag <feature>` the crate alone with only that tag's feature.
//!
//! Wall-clock times depend on what else runs on the machine: the 1-minute load average is
//! printed before and after each build (`nproc` is the number to compare it with).

use crate::{platform, project_root};
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also generate a crate from this whole Swagger 2.0 / OpenAPI 3.0 document (e.g.
    /// ../shared/reference/genesys-platform-api-2017-09.swagger.json) and time its cold debug build.
    #[arg(long)]
    platform: Option<PathBuf>,
    /// With `--platform`: also build the platform crate with only this tag's feature (its
    /// module name, e.g. `users`).
    #[arg(long, requires = "platform")]
    platform_tag: Option<String>,
    /// Skip the `--release` build of genesys-client.
    #[arg(long)]
    no_release: bool,
    /// Also build genesys-client (debug) per feature set: none, each tag alone, default, all.
    #[arg(long)]
    per_feature: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = project_root();
    let out = root.join("target/bench-build");
    std::fs::create_dir_all(&out)?;
    println!(
        "machine: {} cores, load average {}",
        cores(),
        load_average()
    );

    let size = Size::of_dir(&root.join(crate::codegen_cmd::OUT))?;
    println!("genesys-client/src/generated: {size}");

    let mut profiles = vec![Profile::Debug];
    if !args.no_release {
        profiles.push(Profile::Release);
    }
    let mut results = Vec::new();
    for profile in profiles {
        let target = out.join(format!("genesys-client-{}", profile.name()));
        let build = ColdBuild::run(&root, &target, "genesys-client", profile, &[])?;
        println!("genesys-client {}: {build}", profile.name());
        results.push((format!("genesys-client {}", profile.name()), build));
    }

    let mut per_feature = Vec::new();
    if args.per_feature {
        let spec = root.join(crate::codegen_cmd::SPEC);
        let tags = crate::codegen_cmd::generate_file(&spec)?.features;
        let target = out.join("genesys-client-features");
        let all = tags.join(",");
        // The dependencies of every set, once; then each set builds the crate alone.
        cargo(
            &root,
            &target,
            "build",
            "genesys-client",
            Profile::Debug,
            &["--features", &all],
        )?;
        let mut sets: Vec<(String, Vec<String>)> = vec![(
            "no tag feature".into(),
            vec!["--no-default-features".into()],
        )];
        for tag in &tags {
            sets.push((
                format!("`{tag}` alone"),
                vec![
                    "--no-default-features".into(),
                    "--features".into(),
                    tag.clone(),
                ],
            ));
        }
        sets.push(("default".into(), Vec::new()));
        sets.push(("every tag".into(), vec!["--features".into(), all.clone()]));
        for (name, flags) in sets {
            let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
            let b = CrateBuild::run(&root, &target, "genesys-client", &flags)?;
            println!("genesys-client debug, {name}: {b}");
            per_feature.push((format!("genesys-client debug, {name}"), b));
        }
    }

    if let Some(spec) = &args.platform {
        let spec = if spec.is_absolute() {
            spec.clone()
        } else {
            std::env::current_dir()?.join(spec)
        };
        let started = Instant::now();
        let output = crate::codegen_cmd::generate_file(&spec)?;
        let generated_in = started.elapsed();
        let dir = out.join("platform-crate");
        platform::write_scratch_crate(&output, &dir)?;
        let size = Size::of_dir(&dir.join("src/generated"))?;
        println!(
            "{}: generated in {generated_in:.2?} (debug xtask build of the generator); {size}",
            spec.display()
        );
        let target = out.join("platform-debug");
        let build = ColdBuild::run(&dir, &target, "genesys-platform-check", Profile::Debug, &[])?;
        println!("platform crate debug, every tag: {build}");
        results.push(("platform crate debug, every tag".into(), build));
        if let Some(tag) = &args.platform_tag {
            if !output.features.contains(tag) {
                bail!(
                    "--platform-tag {tag}: not a tag feature of {} (its tags: {})",
                    spec.display(),
                    output.features.join(", ")
                );
            }
            let flags = ["--no-default-features", "--features", tag.as_str()];
            let b = CrateBuild::run(&dir, &target, "genesys-platform-check", &flags)?;
            println!("platform crate debug, `{tag}` alone: {b}");
            per_feature.push((format!("platform crate debug, `{tag}` alone"), b));
            let b = CrateBuild::run(&dir, &target, "genesys-platform-check", &[])?;
            println!("platform crate debug, every tag: {b}");
            per_feature.push(("platform crate debug, every tag".into(), b));
        }
    }

    println!();
    println!("| build | cold (with dependencies) | crate alone | load avg before → after |");
    println!("|---|---|---|---|");
    for (name, b) in &results {
        println!(
            "| {name} | {:.1} s | {:.1} s | {} → {} |",
            b.cold.as_secs_f64(),
            b.crate_only.as_secs_f64(),
            b.load_before,
            b.load_after
        );
    }
    if !per_feature.is_empty() {
        println!();
        println!("| build | crate alone | load avg before → after |");
        println!("|---|---|---|");
        for (name, b) in &per_feature {
            println!(
                "| {name} | {:.1} s | {} → {} |",
                b.elapsed.as_secs_f64(),
                b.load_before,
                b.load_after
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, Debug)]
enum Profile {
    Debug,
    Release,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

#[derive(Debug)]
struct ColdBuild {
    cold: Duration,
    crate_only: Duration,
    load_before: String,
    load_after: String,
}

impl ColdBuild {
    /// Cold build of `package` (from `dir`) into a fresh `target`, then the package alone.
    fn run(
        dir: &Path,
        target: &Path,
        package: &str,
        profile: Profile,
        flags: &[&str],
    ) -> anyhow::Result<Self> {
        if target.exists() {
            std::fs::remove_dir_all(target)
                .with_context(|| format!("clearing {}", target.display()))?;
        }
        let load_before = load_average();
        let cold = cargo(dir, target, "build", package, profile, flags)?;
        cargo(dir, target, "clean", package, profile, &[])?;
        let crate_only = cargo(dir, target, "build", package, profile, flags)?;
        Ok(ColdBuild {
            cold,
            crate_only,
            load_before,
            load_after: load_average(),
        })
    }
}

impl std::fmt::Display for ColdBuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cold {:.1} s (dependencies included), crate alone {:.1} s; load average {} → {}",
            self.cold.as_secs_f64(),
            self.crate_only.as_secs_f64(),
            self.load_before,
            self.load_after
        )
    }
}

/// A debug build of `package` alone with feature `flags` (`cargo clean -p` first), in a
/// `target` where a build with every feature has compiled the dependencies of any set.
#[derive(Debug)]
struct CrateBuild {
    elapsed: Duration,
    load_before: String,
    load_after: String,
}

impl CrateBuild {
    fn run(dir: &Path, target: &Path, package: &str, flags: &[&str]) -> anyhow::Result<Self> {
        cargo(dir, target, "clean", package, Profile::Debug, &[])?;
        let load_before = load_average();
        let elapsed = cargo(dir, target, "build", package, Profile::Debug, flags)?;
        Ok(CrateBuild {
            elapsed,
            load_before,
            load_after: load_average(),
        })
    }
}

impl std::fmt::Display for CrateBuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "crate alone {:.1} s; load average {} → {}",
            self.elapsed.as_secs_f64(),
            self.load_before,
            self.load_after
        )
    }
}

/// Runs `cargo <verb> -p package [--release] flags…` in `dir` with `CARGO_TARGET_DIR=target`.
fn cargo(
    dir: &Path,
    target: &Path,
    verb: &str,
    package: &str,
    profile: Profile,
    flags: &[&str],
) -> anyhow::Result<Duration> {
    let mut cmd = crate::scratch_cargo::cargo(dir, target);
    cmd.arg(verb).arg("--quiet");
    cmd.args(["-p", package]);
    cmd.args(flags);
    if let Profile::Release = profile {
        cmd.arg("--release");
    }
    let started = Instant::now();
    let status = crate::scratch_cargo::status(&mut cmd)?;
    let elapsed = started.elapsed();
    if !status.success() {
        bail!("cargo {verb} -p {package} failed in {}", dir.display());
    }
    Ok(elapsed)
}

/// Lines and public items of a generated tree.
#[derive(Debug, Default)]
struct Size {
    files: usize,
    lines: usize,
    structs: usize,
    enums: usize,
    types: usize,
    fns: usize,
}

impl Size {
    fn of_dir(dir: &Path) -> anyhow::Result<Self> {
        let mut size = Size::default();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in
                std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))?
            {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    size.add(&std::fs::read_to_string(&path)?);
                }
            }
        }
        Ok(size)
    }

    fn add(&mut self, text: &str) {
        self.files += 1;
        for line in text.lines() {
            self.lines += 1;
            let item = line.trim_start();
            if item.starts_with("pub struct ") {
                self.structs += 1;
            } else if item.starts_with("pub enum ") {
                self.enums += 1;
            } else if item.starts_with("pub type ") {
                self.types += 1;
            } else if item.starts_with("pub fn ") || item.starts_with("pub async fn ") {
                self.fns += 1;
            }
        }
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} files, {} lines; {} pub struct, {} pub enum, {} pub type, {} pub fn",
            self.files, self.lines, self.structs, self.enums, self.types, self.fns
        )
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The 1-minute load average (Linux), or `?`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_items_and_lines() {
        let mut size = Size::default();
        size.add("pub struct A {\n    pub fn x() {}\n}\npub enum B {}\npub type C = u8;\n    pub async fn d() {}\nfn e() {}\n");
        assert_eq!(
            (
                size.files,
                size.lines,
                size.structs,
                size.enums,
                size.types,
                size.fns
            ),
            (1, 7, 1, 1, 1, 2)
        );
    }
}
