//! `cargo xtask codegen [--check]`: regenerate `genesys-client/src/generated/` from `spec/`.

use crate::{fs, project_root};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The committed spec the crate is generated from.
pub const SPEC: &str = "spec/platform-api.json";
/// Where generated files go.
pub const OUT: &str = "genesys-client/src/generated";
/// The codec benchmark's baseline structs, generated from the same IR as the models.
pub const BASELINE: &str = "genesys-client/benches/baseline/mod.rs";
/// The payload types `benches/codec.rs` decodes and encodes.
pub const BASELINE_ROOTS: [&str; 3] = ["UserPresence", "User", "BatchConversationEventRequest"];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not write: exit non-zero if the committed output differs from a fresh generation.
    #[arg(long)]
    check: bool,
    /// With --check: print a unified diff of every stale file.
    #[arg(short, long)]
    verbose: bool,
    /// Spec to generate from (OpenAPI 3.0 JSON, or Swagger 2.0 which is upgraded first).
    #[arg(long, default_value = SPEC)]
    spec: PathBuf,
    /// Output directory.
    #[arg(long, default_value = OUT)]
    out: PathBuf,
    /// Fail (exit status 1, nothing written) when any operation or schema is skipped.
    #[arg(long)]
    strict: bool,
}

/// Loads a spec file and generates the files for it.
pub fn generate_file(spec: &Path) -> anyhow::Result<codegen::Output> {
    let api = load(spec)?;
    codegen::generate(&api).with_context(|| format!("generating from {}", spec.display()))
}

/// The topic snapshot kept beside a spec (`spec/notification-topics.json` beside
/// `spec/platform-api.json`), if there is one.
pub fn topics_beside(spec: &Path) -> Option<PathBuf> {
    let path = spec.with_file_name(TOPICS_FILE_NAME);
    path.is_file().then_some(path)
}

/// The file name of the topic snapshot in `spec/`.
pub const TOPICS_FILE_NAME: &str = "notification-topics.json";

fn load(spec: &Path) -> anyhow::Result<codegen::OpenAPI> {
    let bytes = std::fs::read(spec).with_context(|| format!("reading {}", spec.display()))?;
    let topics = match topics_beside(spec) {
        Some(path) => Some((
            std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
            path.display().to_string(),
        )),
        None => None,
    };
    let value = codegen::spec::load_with_topics(
        &bytes,
        topics.as_ref().map(|(b, s)| (b.as_slice(), s.as_str())),
    )
    .with_context(|| format!("loading {}", spec.display()))?;
    codegen::openapi_from_value(&value)
        .with_context(|| format!("{} is not an OpenAPI 3.0 document", spec.display()))
}

/// The codec benchmark's baseline file generated from `spec`, or `None` when the spec lacks
/// one of its roots (a maintainer regenerating another tag selection: the baseline then stays
/// as committed rather than failing the regeneration).
pub fn baseline_file(spec: &Path) -> anyhow::Result<Option<String>> {
    let ir = codegen::parse::lower(&load(spec)?)?;
    if BASELINE_ROOTS.iter().any(|r| !ir.types.contains_key(*r)) {
        return Ok(None);
    }
    Ok(Some(codegen::emit::baseline::file(&ir, &BASELINE_ROOTS)?))
}

/// Prints every item left out (pointer and reason) and how many, on stderr.
pub fn report_skipped(output: &codegen::Output) {
    for s in &output.skipped {
        eprintln!("{s}");
    }
    if !output.skipped.is_empty() {
        eprintln!(
            "{} item(s) skipped; everything else was generated (`--strict` makes this fail)",
            output.skipped.len()
        );
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = project_root();
    let spec = root.join(&args.spec);
    let out_dir = root.join(&args.out);
    let started = Instant::now();
    let output = generate_file(&spec)?;
    let generated_in = started.elapsed();
    report_skipped(&output);
    if args.strict && !output.skipped.is_empty() {
        eprintln!(
            "error: --strict: {} item(s) of {} cannot be generated (listed above); nothing written",
            output.skipped.len(),
            args.spec.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    // The bench baseline follows the committed spec only (other specs may lack its roots).
    let baseline = if args.spec == Path::new(SPEC) && args.out == Path::new(OUT) {
        let baseline = baseline_file(&spec)?;
        if baseline.is_none() {
            eprintln!(
                "{BASELINE} left as is: the spec lacks one of its roots ({})",
                BASELINE_ROOTS.join(", ")
            );
        }
        baseline
    } else {
        None
    };
    let baseline_path = root.join(BASELINE);
    // The per-tag features follow the committed spec only, like the baseline.
    let manifest_path = root.join(crate::features::MANIFEST);
    let manifest = if args.spec == Path::new(SPEC) && args.out == Path::new(OUT) {
        let have = std::fs::read_to_string(&manifest_path)
            .with_context(|| format!("reading {}", manifest_path.display()))?;
        let (want, dropped) = crate::features::manifest_text(&have, &output.features)?;
        for name in dropped {
            eprintln!(
                "note: default feature `{name}` is no tag of {} and no feature of \
                 [package.metadata.genesys-rs.features]: left out of `default` (edit that table \
                 to choose this selection's defaults)",
                args.spec.display()
            );
        }
        Some((have, want))
    } else {
        None
    };
    if args.check {
        let stale = fs::compare(&out_dir, &output.files)?;
        let mut baseline_fresh = true;
        if let Some((have, want)) = &manifest {
            if have != want {
                baseline_fresh = false;
                eprintln!(
                    "stale:   {} (its generated features block)",
                    crate::features::MANIFEST
                );
                if args.verbose {
                    eprintln!(
                        "{}",
                        fs::unified_diff(crate::features::MANIFEST, have, want)
                    );
                }
            }
        }
        if let Some(want) = &baseline {
            let have = std::fs::read_to_string(&baseline_path).unwrap_or_default();
            if &have != want {
                baseline_fresh = false;
                eprintln!("stale:   {BASELINE}");
                if args.verbose {
                    eprintln!("{}", fs::unified_diff(BASELINE, &have, want));
                }
            }
        }
        if stale.is_fresh() && baseline_fresh {
            println!(
                "{} files in {}{} are fresh ({:.0?})",
                output.files.len(),
                args.out.display(),
                if baseline.is_some() {
                    format!(" and {BASELINE}")
                } else {
                    String::new()
                },
                generated_in
            );
            return Ok(ExitCode::SUCCESS);
        }
        for f in &stale.changed {
            eprintln!("stale:   {}/{f}", args.out.display());
            if args.verbose {
                let old = std::fs::read_to_string(out_dir.join(f)).unwrap_or_default();
                eprintln!("{}", fs::unified_diff(f, &old, &output.files[f]));
            }
        }
        for f in &stale.missing {
            eprintln!("missing: {}/{f}", args.out.display());
        }
        for f in &stale.extra {
            eprintln!("extra:   {}/{f}", args.out.display());
        }
        eprintln!(
            "generated code is out of date with {}: run `cargo xtask codegen` and commit the result",
            args.spec.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let written = fs::write(&out_dir, &output.files)?;
    if let Some((have, want)) = &manifest {
        if have != want {
            std::fs::write(&manifest_path, want)
                .with_context(|| format!("writing {}", manifest_path.display()))?;
            println!(
                "regenerated the features block of {} ({})",
                crate::features::MANIFEST,
                output.features.join(", ")
            );
        }
    }
    if let Some(text) = &baseline {
        if std::fs::read_to_string(&baseline_path).ok().as_ref() != Some(text) {
            std::fs::write(&baseline_path, text)
                .with_context(|| format!("writing {}", baseline_path.display()))?;
            println!("regenerated {BASELINE}");
        }
    }
    println!(
        "generated {} files into {} in {:.0?}: {} changed, {} added, {} removed",
        output.files.len(),
        args.out.display(),
        generated_in,
        written.changed.len(),
        written.missing.len(),
        written.extra.len()
    );
    // What changed in the API since the last commit (`cargo xtask diff` has the details).
    if args.spec == Path::new(SPEC) {
        match crate::diff::head_summary() {
            Ok(summary) => println!("API diff against HEAD: {summary}"),
            Err(e) => println!("API diff against HEAD unavailable: {e:#}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when the committed generated code is stale (rust-analyzer's trick).
    #[test]
    fn committed_output_is_fresh() {
        let root = project_root();
        let output = generate_file(&root.join(SPEC)).unwrap();
        let stale = fs::compare(&root.join(OUT), &output.files).unwrap();
        assert!(
            stale.is_fresh(),
            "generated code is stale ({stale:?}): run `cargo xtask codegen` and commit the result"
        );
        let baseline = baseline_file(&root.join(SPEC))
            .unwrap()
            .expect("the committed spec has the codec baseline's roots");
        assert!(
            std::fs::read_to_string(root.join(BASELINE)).unwrap() == baseline,
            "{BASELINE} is stale: run `cargo xtask codegen` and commit the result"
        );
    }

    /// `--strict` turns a skipped operation into a failure that writes nothing; without it the
    /// same document generates everything else.
    #[test]
    fn strict_refuses_skips_and_writes_nothing() {
        // The construct matrix keeps two named skips (a framing header, a cookie parameter).
        let spec = project_root().join("codegen/tests/fixtures/constructs.json");
        let out = std::env::temp_dir().join(format!("xtask-strict-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let args = |strict| Args {
            check: false,
            verbose: false,
            spec: spec.clone(),
            out: out.clone(),
            strict,
        };
        assert!(!generate_file(&spec).unwrap().skipped.is_empty());
        assert_eq!(run(args(true)).unwrap(), ExitCode::FAILURE);
        assert!(!out.exists(), "--strict wrote files");
        assert_eq!(run(args(false)).unwrap(), ExitCode::SUCCESS);
        assert!(out.join("operations/constructs.rs").is_file());
        std::fs::remove_dir_all(&out).unwrap();
    }

    /// Same spec, byte-identical files.
    #[test]
    fn generation_is_deterministic() {
        let root = project_root();
        let a = generate_file(&root.join(SPEC)).unwrap();
        let b = generate_file(&root.join(SPEC)).unwrap();
        assert_eq!(a.files, b.files);
        for (path, text) in &a.files {
            assert!(
                is_whole_generated_file(text),
                "{path} lacks the header or is cut short"
            );
        }
    }

    /// The shape every generated file has: the `@generated` header first, and a last line that
    /// closes an item (a file cut short ends elsewhere).
    fn is_whole_generated_file(text: &str) -> bool {
        text.starts_with(codegen::emit::HEADER) && (text.ends_with("}\n") || text.ends_with(";\n"))
    }

    /// The check above must reject a header-less file whatever its last line (it once read
    /// `header && ends_with("}") || ends_with(";")`, which let any file ending in `;` pass).
    #[test]
    fn the_generated_file_check_rejects_what_it_should() {
        let header = codegen::emit::HEADER;
        assert!(is_whole_generated_file(&format!(
            "{header}\npub struct A {{}}\n"
        )));
        assert!(is_whole_generated_file(&format!(
            "{header}\npub use a::A;\n"
        )));
        assert!(!is_whole_generated_file("pub use a::A;\n"));
        assert!(!is_whole_generated_file("pub struct A {}\n"));
        assert!(!is_whole_generated_file(&format!(
            "{header}\npub struct A {{\n"
        )));
    }
}
