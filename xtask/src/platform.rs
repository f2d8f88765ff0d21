//! The whole-platform check: generate a crate from an entire upstream document (the real 2017
//! one has 509 paths and 733 definitions), or any tag selection of one, with the real runtime,
//! and `cargo check` it.
//!
//! The scratch crate is `genesys-client` with its `generated/` replaced: the same `lib.rs`, the
//! same runtime sources, the same dependency versions (its own copy of our `Cargo.lock`). The
//! runtime names no generated type (`codegen/tests/runtime_boundary.rs`), so nothing is left out
//! and nothing is added to the document.

use crate::project_root;
use crate::scratch_cargo;
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// Writes a compilable scratch crate for `output` into `dir` (replacing what was there).
pub fn write_scratch_crate(output: &codegen::Output, dir: &Path) -> anyhow::Result<()> {
    let root = project_root();
    fresh_dir_with_lockfile(dir)?;
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest(&root, "genesys-platform-check", true, &[], &output.features)?,
    )?;
    write_sources(output, dir)
}

/// Writes a standalone scratch crate named `name` for `output` with `tests` as its integration
/// test files (`tests/<file name>`), and genesys-client's dev-dependencies among `dev_deps`
/// (`wiremock`, `tokio`), so generated operations can be exercised on a loopback server.
#[cfg(test)]
pub fn write_tested_crate(
    output: &codegen::Output,
    name: &str,
    tests: &[&Path],
    dev_deps: &[&str],
    dir: &Path,
) -> anyhow::Result<()> {
    let root = project_root();
    fresh_dir_with_lockfile(dir)?;
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest(&root, name, true, dev_deps, &output.features)?,
    )?;
    write_sources(output, dir)?;
    std::fs::create_dir_all(dir.join("tests"))?;
    for test in tests {
        let file = test.file_name().context("a test file name")?;
        std::fs::copy(test, dir.join("tests").join(file))
            .with_context(|| format!("copying {}", test.display()))?;
    }
    Ok(())
}

/// Writes one scratch crate per `(name, output)` as members of a workspace in `dir`, so a
/// single `cargo check` compiles them all (and in parallel).
#[cfg(test)]
pub fn write_scratch_workspace(
    outputs: &[(String, codegen::Output)],
    dir: &Path,
) -> anyhow::Result<()> {
    let root = project_root();
    fresh_dir_with_lockfile(dir)?;
    let members: Vec<String> = outputs.iter().map(|(n, _)| format!("{n:?}")).collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    for (name, output) in outputs {
        let member = dir.join(name);
        std::fs::create_dir_all(&member)?;
        std::fs::write(
            member.join("Cargo.toml"),
            manifest(&root, name, false, &[], &output.features)?,
        )?;
        write_sources(output, &member)?;
    }
    Ok(())
}

/// Empties `dir` and puts the workspace's `Cargo.lock` in it, so scratch crates build with the
/// dependency versions the real crate is tested with.
fn fresh_dir_with_lockfile(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    std::fs::copy(project_root().join("Cargo.lock"), dir.join("Cargo.lock"))?;
    Ok(())
}

fn write_sources(output: &codegen::Output, dir: &Path) -> anyhow::Result<()> {
    let client = project_root().join("genesys-client/src");
    let src = dir.join("src");
    // Every hand-written source: the runtime, `lib.rs` and the modules beside it (`mock.rs`).
    copy_tree(&client, &src)?;
    let _ = std::fs::remove_dir_all(src.join("generated"));
    for (rel, text) in &output.files {
        let path = src.join("generated").join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// Copies the `.rs` files of `from` (recursively) into `to`.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let path = entry?.path();
        let dest = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

/// genesys-client's manifest with workspace inheritance resolved, as a standalone package
/// (with those of its dev-dependencies named in `dev_deps`), declaring the features of the
/// generated crate's `tags`, all on.
fn manifest(
    root: &Path,
    name: &str,
    standalone: bool,
    dev_deps: &[&str],
    tags: &[String],
) -> anyhow::Result<String> {
    let ws: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))?.parse()?;
    let client_text = std::fs::read_to_string(root.join(crate::features::MANIFEST))?;
    let client: toml::Table = client_text.parse()?;
    let ws_deps = ws
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default();
    let deps = resolve_deps(&ws_deps, client.get("dependencies"), |_| true)?;
    let dev = resolve_deps(&ws_deps, client.get("dev-dependencies"), |n| {
        dev_deps.contains(&n)
    })?;
    let mut package = toml::Table::new();
    package.insert("name".into(), name.into());
    package.insert("version".into(), "0.0.0".into());
    package.insert("edition".into(), "2021".into());
    package.insert("publish".into(), false.into());
    let mut doc = toml::Table::new();
    doc.insert("package".into(), toml::Value::Table(package));
    doc.insert("dependencies".into(), toml::Value::Table(deps));
    if !dev.is_empty() {
        doc.insert("dev-dependencies".into(), toml::Value::Table(dev));
    }
    // genesys-client's hand-written features (the runtime's `#[cfg(feature)]`s) and one per
    // tag of this generated crate.
    doc.insert(
        "features".into(),
        toml::Value::Table(crate::features::scratch_table(&client_text, tags)?),
    );
    if standalone {
        doc.insert("workspace".into(), toml::Value::Table(toml::Table::new()));
    }
    Ok(doc.to_string())
}

/// `[dependencies]`-style entries with `workspace = true` resolved against the workspace's,
/// their extra features and `optional` kept; only names `keep` accepts.
fn resolve_deps(
    ws_deps: &toml::Table,
    section: Option<&toml::Value>,
    keep: impl Fn(&str) -> bool,
) -> anyhow::Result<toml::Table> {
    let mut deps = toml::Table::new();
    for (name, spec) in section
        .and_then(toml::Value::as_table)
        .into_iter()
        .flatten()
        .filter(|(name, _)| keep(name))
    {
        let mut resolved = match ws_deps.get(name) {
            Some(toml::Value::String(v)) => {
                let mut t = toml::Table::new();
                t.insert("version".into(), toml::Value::String(v.clone()));
                t
            }
            Some(toml::Value::Table(t)) => t.clone(),
            _ => match spec {
                toml::Value::Table(t) => t.clone(),
                toml::Value::String(v) => {
                    let mut t = toml::Table::new();
                    t.insert("version".into(), toml::Value::String(v.clone()));
                    t
                }
                _ => bail!("cannot resolve dependency {name}"),
            },
        };
        resolved.remove("workspace");
        if let Some(optional) = spec.get("optional") {
            resolved.insert("optional".into(), optional.clone());
        }
        if let Some(extra) = spec.get("features").and_then(toml::Value::as_array) {
            let mut features = resolved
                .get("features")
                .and_then(toml::Value::as_array)
                .cloned()
                .unwrap_or_default();
            features.extend(extra.iter().cloned());
            resolved.insert("features".into(), toml::Value::Array(features));
        }
        deps.insert(name.clone(), toml::Value::Table(resolved));
    }
    Ok(deps)
}

/// Where scratch crates build: their own target dir (the outer cargo may hold the main one's
/// lock), kept under the workspace `target/` so repeated runs reuse compiled dependencies.
pub fn scratch_target_dir() -> PathBuf {
    project_root().join("target/platform-check")
}

/// `cargo check` (or `cargo clippy -D warnings` when `clippy`) of a scratch crate, with its
/// default features (every tag).
pub fn check(dir: &Path, clippy: bool) -> anyhow::Result<()> {
    check_features(dir, clippy, &[])
}

/// [`check`] with feature flags (`--no-default-features`, `--features x`).
pub fn check_features(dir: &Path, clippy: bool, flags: &[&str]) -> anyhow::Result<()> {
    let mut cmd = scratch_cargo::scratch(dir);
    cmd.arg(if clippy { "clippy" } else { "check" });
    cmd.args(["--quiet", "--workspace"]).args(flags);
    if clippy {
        cmd.args(["--", "-D", "warnings"]);
    }
    let status = scratch_cargo::status(&mut cmd)?;
    if !status.success() {
        bail!(
            "the crate generated in {} does not compile{}",
            dir.display(),
            if flags.is_empty() {
                String::new()
            } else {
                format!(" with {}", flags.join(" "))
            }
        );
    }
    Ok(())
}

/// `cargo test --test <name>` of a standalone scratch crate (built in [`scratch_target_dir`]):
/// its integration tests only (the runtime's unit tests and doctests run in genesys-client).
#[cfg(test)]
pub fn test(dir: &Path, name: &str) -> anyhow::Result<()> {
    let status = scratch_cargo::status(
        scratch_cargo::scratch(dir).args(["test", "--quiet", "--test", name]),
    )?;
    if !status.success() {
        bail!(
            "the tests of the crate generated in {} failed",
            dir.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `ok` document of the hostile corpus (`codegen/tests/hostile/`), and every one where
    /// items were skipped, generates code that compiles without a warning: keywords, colliding
    /// names, odd characters, recursive schemas, huge enums, unknown types, what is left
    /// around a skipped defect.
    /// Runs on the test thread's ordinary 2 MiB stack: lowering is iterative where documents
    /// can be deep or cyclic (`codegen/tests/small_stack.rs` checks the library alone).
    #[test]
    fn hostile_corpus_compiles() {
        let corpus = project_root().join("codegen/tests/hostile");
        let expected = std::fs::read_to_string(corpus.join("expected.txt")).unwrap();
        let mut outputs = Vec::new();
        // `ok` documents, and those where some items were skipped: what is left must compile.
        let compiles = |outcome: &str| outcome == "ok" || outcome.starts_with("skipped: ");
        for line in expected.lines().filter(|l| !l.starts_with('#')) {
            let Some((file, outcome)) = line.split_once(": ") else {
                continue;
            };
            if !compiles(outcome) {
                continue;
            }
            let bytes = std::fs::read(corpus.join(file)).unwrap();
            let doc = codegen::spec::load(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
            let api = codegen::openapi_from_value(&doc).unwrap_or_else(|e| panic!("{file}: {e}"));
            let output = codegen::generate(&api).unwrap_or_else(|e| panic!("{file}: {e}"));
            let name = format!(
                "hostile-{}",
                file.trim_end_matches(".json").replace('_', "-")
            );
            outputs.push((name, output));
        }
        assert!(outputs.len() >= 20, "{} ok or skipped cases", outputs.len());
        // The construct matrix too: every construct family the generator claims, clippy-clean.
        outputs.push(("construct-matrix".to_owned(), construct_matrix()));
        let dir = scratch_target_dir().join("hostile");
        write_scratch_workspace(&outputs, &dir).unwrap();
        check(&dir, true).unwrap();
    }

    /// `codegen/tests/fixtures/constructs.json`: one operation per construct family (header,
    /// form, multipart, text, bytes, image, PDF, free-form and map query parameters, a required
    /// name without a schema, conflicting `allOf` parts), generated.
    fn construct_matrix() -> codegen::Output {
        let path = project_root().join("codegen/tests/fixtures/constructs.json");
        let output = crate::codegen_cmd::generate_file(&path).unwrap();
        // Only the two constructs named as unsupported (a framing header, a cookie) are left out.
        assert_eq!(output.skipped.len(), 2, "{:#?}", output.skipped);
        output
    }

    /// The construct matrix generated, compiled and sent to a loopback server: headers sent,
    /// forms encoded, multipart parts with files, text and bytes both ways, images and PDFs,
    /// query lists and maps by style, free-form fields decoded
    /// (`xtask/tests/data/constructs/wire.rs`, run with `cargo test` in the scratch crate).
    #[test]
    fn construct_matrix_works_on_the_wire() {
        let dir = scratch_target_dir().join("construct-matrix");
        let wire = project_root().join("xtask/tests/data/constructs/wire.rs");
        write_tested_crate(
            &construct_matrix(),
            "construct-matrix",
            &[&wire],
            &["tokio", "wiremock"],
            &dir,
        )
        .unwrap();
        test(&dir, "wire").unwrap();
    }

    /// A reference document from `../shared/reference/`; `None` (skipped, with the reason
    /// printed) when `../shared` is absent, a failure when `CI` is set.
    fn shared_reference(file: &str) -> Option<PathBuf> {
        let path = project_root().join("../shared/reference").join(file);
        if path.exists() {
            return Some(path);
        }
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is required when CI is set",
            path.display()
        );
        eprintln!(
            "skipped: {} not found (../shared is not beside this checkout)",
            path.display()
        );
        None
    }

    /// The README's maintainer path (`spec import --tags …`, then `codegen`) for tag selections
    /// other than the committed one, each compiled against the real runtime with clippy
    /// `-D warnings`: Presence without Events (no event publisher), and a selection with
    /// neither (`Users,Routing` of the 2017 document).
    #[test]
    fn other_tag_selections_compile() {
        let selections = [
            (
                "genesys-platform-api-2025-events-presence.swagger.json",
                "Presence",
                "presence-only",
            ),
            (
                "genesys-platform-api-2017-09.swagger.json",
                "Users,Routing",
                "users-routing",
            ),
        ];
        let mut outputs = Vec::new();
        for (file, tags, name) in selections {
            let Some(path) = shared_reference(file) else {
                return;
            };
            let bytes = std::fs::read(&path).unwrap();
            let options = codegen::spec::ImportOptions {
                tags: Some(tags.split(',').map(str::to_owned).collect()),
                facts_only: true,
                ..Default::default()
            };
            let (spec, _) = crate::spec::import_to_strings(
                &[codegen::spec::Input {
                    source: file,
                    bytes: &bytes,
                }],
                &options,
            )
            .unwrap_or_else(|e| {
                panic!("{file} --tags {tags}: {e:#}");
            });
            let value = codegen::spec::load(spec.as_bytes()).unwrap();
            let api = codegen::openapi_from_value(&value).unwrap();
            let output = codegen::generate(&api).unwrap_or_else(|e| panic!("{file}: {e}"));
            let ops = output
                .files
                .iter()
                .filter(|(f, _)| f.starts_with("operations/") && !f.ends_with("mod.rs"))
                .count();
            assert!(ops >= 1, "{file} --tags {tags}: no operation file");
            assert!(
                !output.files["events.rs"].contains("impl crate::runtime::events::BatchEvent"),
                "{file} --tags {tags} has no batch-event operation, so no publisher glue"
            );
            outputs.push((format!("genesys-{name}"), output));
        }
        let dir = scratch_target_dir().join("tag-selections");
        write_scratch_workspace(&outputs, &dir).unwrap();
        check(&dir, true).unwrap();
    }

    /// Each tag's cargo feature alone, none and all, clippy-clean: a type used by two tags
    /// compiles with either, one tag's code never names the other's, and nothing is unused
    /// (`codegen/tests/fixtures/features.json`; its facts are in `codegen/tests/features.rs`).
    #[test]
    fn each_tag_feature_compiles_alone() {
        let path = project_root().join("codegen/tests/fixtures/features.json");
        let output = codegen::generate_from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(output.features, ["alphas", "betas"]);
        let dir = scratch_target_dir().join("features");
        write_scratch_crate(&output, &dir).unwrap();
        for flags in [
            &["--no-default-features"][..],
            &["--no-default-features", "--features", "alphas"],
            &["--no-default-features", "--features", "betas,mock"],
            &[],
        ] {
            check_features(&dir, true, flags).unwrap();
        }
        // A gated tag really is compiled out: its accessor is gone without its feature.
        std::fs::write(
            dir.join("src/bin.rs"),
            "fn main() { let c = genesys_platform_check::Client::builder().build(); let _ = c.map(|c| c.betas()); }\n",
        )
        .unwrap();
        let mut manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        manifest.push_str("\n[[bin]]\nname = \"uses-betas\"\npath = \"src/bin.rs\"\n");
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        check_features(
            &dir,
            false,
            &["--no-default-features", "--features", "betas"],
        )
        .unwrap();
        let without = scratch_cargo::output(
            scratch_cargo::scratch(&dir)
                .args(["check", "--quiet", "--bins", "--no-default-features"])
                .args(["--features", "alphas"]),
        )
        .unwrap();
        assert!(
            without.failed_with("no method named `betas`"),
            "`betas()` compiled without the betas feature, or failed otherwise:\n{}",
            without.stderr
        );
    }

    /// Every schema and operation of the whole real 2017 platform document generates into a
    /// crate that compiles with zero errors (and zero clippy warnings) against the real runtime.
    #[test]
    fn whole_2017_platform_compiles() {
        let path =
            project_root().join("../shared/reference/genesys-platform-api-2017-09.swagger.json");
        if !path.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{} is required when CI is set",
                path.display()
            );
            eprintln!(
                "skipped: {} not found (../shared is not beside this checkout)",
                path.display()
            );
            return;
        }
        let output = crate::codegen_cmd::generate_file(&path).unwrap();
        let models = output
            .files
            .keys()
            .filter(|f| f.starts_with("models/"))
            .count();
        assert!(models > 700, "{models} model files");
        crate::codegen_cmd::report_skipped(&output);
        let dir = project_root().join("target/platform-check/crate-2017");
        write_scratch_crate(&output, &dir).unwrap();
        check(&dir, true).unwrap();
    }
}
