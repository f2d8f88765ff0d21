//! `cargo xtask spec import|fetch`: an upstream API description → `spec/`.

use anyhow::Context;
use codegen::spec::{self, ImportOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Where Genesys publishes the whole platform's Swagger 2.0 document.
pub const DEFAULT_URL: &str = "https://api.mypurecloud.com/api/v2/docs/swagger";

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import local Swagger 2.0 or OpenAPI 3.0/3.1 JSON files: one document, or several parts
    /// of one API (merged; a path or schema defined differently in two parts is an error).
    Import {
        /// The upstream document(s).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        opts: Opts,
    },
    /// Download the upstream document and import it.
    Fetch {
        /// Where to download from.
        #[arg(long, default_value = DEFAULT_URL)]
        url: String,
        /// Overall download timeout in seconds.
        #[arg(long, default_value_t = 300)]
        timeout: u64,
        #[command(flatten)]
        opts: Opts,
    },
}

#[derive(Debug, clap::Args)]
pub struct Opts {
    /// Keep only operations with any of these tags (comma-separated); default: everything.
    #[arg(long, value_delimiter = ',')]
    tags: Option<Vec<String>>,
    /// Drop upstream prose (descriptions, error messages); keep summaries and facts.
    #[arg(long)]
    facts_only: bool,
    /// Output directory.
    #[arg(long, default_value = "spec")]
    out_dir: PathBuf,
    /// Overlay to apply after slicing (repeatable, applied in the order given). Default: every
    /// `spec/*.overlay.json` of the project, by file name.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// Apply no overlay. Not needed for other tags: an action about an operation outside the
    /// imported slice is not applicable (listed, and recorded in `spec/source.json`).
    #[arg(long, conflicts_with = "overlays")]
    no_overlays: bool,
    /// Notification topic schemas (a snapshot of `availabletopics?expand=schema`), written to
    /// `spec/notification-topics.json`. Without it, no topic file is kept.
    #[arg(long, value_name = "FILE")]
    topics: Option<PathBuf>,
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    let (inputs, opts) = match cmd {
        Command::Import { files, opts } => {
            let mut inputs = Vec::new();
            for file in &files {
                let bytes =
                    std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
                inputs.push((display_source(file), bytes));
            }
            (inputs, opts)
        }
        Command::Fetch { url, timeout, opts } => {
            (vec![(url.clone(), download(&url, timeout)?)], opts)
        }
    };
    let topics = match &opts.topics {
        Some(file) => {
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            Some(topics_to_strings(&bytes, &display_source(file))?)
        }
        None => None,
    };
    let overlay_files = if opts.no_overlays {
        Vec::new()
    } else if opts.overlays.is_empty() {
        project_overlays(&crate::project_root().join("spec"))?
    } else {
        opts.overlays
    };
    let options = ImportOptions {
        tags: opts.tags,
        facts_only: opts.facts_only,
        overlays: read_overlays(&overlay_files)?,
    };
    let inputs: Vec<spec::Input<'_>> = inputs
        .iter()
        .map(|(source, bytes)| spec::Input { source, bytes })
        .collect();
    let (api, mut source_json) = import_to_strings(&inputs, &options)?;
    if let Some((_, prov)) = &topics {
        source_json = with_topics(&source_json, prov)?;
    }
    let out_dir = if opts.out_dir.is_absolute() {
        opts.out_dir
    } else {
        crate::project_root().join(opts.out_dir)
    };
    std::fs::create_dir_all(&out_dir)?;
    std::fs::write(out_dir.join("platform-api.json"), &api)?;
    std::fs::write(out_dir.join("source.json"), &source_json)?;
    let topics_file = out_dir.join("notification-topics.json");
    let prov: serde_json::Value = serde_json::from_str(&source_json)?;
    let sources: Vec<&str> = inputs.iter().map(|i| i.source).collect();
    println!(
        "wrote {}/platform-api.json: {} operations, {} schemas (from {})",
        out_dir.display(),
        prov["operations"],
        prov["schemas"],
        sources.join(" + ")
    );
    match &topics {
        Some((doc, _)) => {
            std::fs::write(&topics_file, doc)?;
            println!(
                "wrote {}: {} topics, {} payload schemas (from {})",
                topics_file.display(),
                prov["topics"]["topics"],
                prov["topics"]["schemas"],
                prov["topics"]["source"].as_str().unwrap_or_default()
            );
        }
        None if topics_file.exists() => {
            std::fs::remove_file(&topics_file)?;
            println!(
                "removed {} (no --topics given: the client gets no typed topics)",
                topics_file.display()
            );
        }
        None => {}
    }
    for note in prov["notes"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        println!("note: {}", note.as_str().unwrap_or_default());
    }
    let records = prov["overlays"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (o, record) in options.overlays.iter().zip(records) {
        let not_applicable = record["not_applicable"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        println!(
            "applied overlay {} ({} of {} actions: {} {})",
            o.name,
            o.action_count() - not_applicable.len(),
            o.action_count(),
            o.title,
            o.version
        );
        for n in not_applicable {
            println!(
                "  not applicable: action {} {}: {}",
                n["action"],
                n["name"].as_str().unwrap_or_default(),
                n["reason"].as_str().unwrap_or_default()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The overlays kept with the spec: every `*.overlay.json` in `dir`, sorted by file name.
fn project_overlays(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(e).with_context(|| format!("listing {}", dir.display())),
    };
    for entry in entries {
        let path = entry?.path();
        let is_overlay = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".overlay.json"));
        if is_overlay && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and checks overlay files; each is named in errors and `spec/source.json` as
/// [`display_source`] records paths.
fn read_overlays(files: &[PathBuf]) -> anyhow::Result<Vec<spec::overlay::Overlay>> {
    files
        .iter()
        .map(|file| {
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            Ok(spec::overlay::Overlay::parse(display_source(file), &bytes)?)
        })
        .collect()
}

/// The two files of `spec/` for the upstream document(s) `inputs` (each named by its source).
pub fn import_to_strings(
    inputs: &[spec::Input<'_>],
    options: &ImportOptions,
) -> anyhow::Result<(String, String)> {
    let names: Vec<&str> = inputs.iter().map(|i| i.source).collect();
    let imported = spec::import_many(inputs, options)
        .with_context(|| format!("importing {}", names.join(" + ")))?;
    Ok((
        spec::to_json_string(&imported.openapi),
        spec::to_json_string(&imported.provenance),
    ))
}

/// `spec/notification-topics.json` and its provenance (with `source`) for a topic snapshot.
pub fn topics_to_strings(
    bytes: &[u8],
    source: &str,
) -> anyhow::Result<(String, serde_json::Value)> {
    let imported =
        spec::topics::import(bytes).with_context(|| format!("importing topics {source}"))?;
    let mut prov = imported.provenance;
    prov["source"] = serde_json::Value::String(source.to_owned());
    Ok((spec::to_json_string(&imported.document), prov))
}

/// `spec/source.json` text with the topic snapshot's provenance added under `topics`.
fn with_topics(source_json: &str, topics: &serde_json::Value) -> anyhow::Result<String> {
    let mut prov: serde_json::Value = serde_json::from_str(source_json)?;
    prov["topics"] = topics.clone();
    Ok(spec::to_json_string(&spec::normalize::sort_keys(prov)))
}

/// A file path as recorded in `spec/source.json`: relative to the project root when it can be
/// (`../shared/reference/x.json` for the reference data beside the checkout), else its file
/// name; never an absolute path of this machine.
fn display_source(file: &Path) -> String {
    let root = crate::project_root();
    let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    if let Ok(rel) = abs.strip_prefix(&root) {
        return rel.display().to_string();
    }
    if let Some(parent) = root.parent() {
        if let Ok(rel) = abs.strip_prefix(parent) {
            return format!("../{}", rel.display());
        }
    }
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn download(url: &str, timeout: u64) -> anyhow::Result<Vec<u8>> {
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(timeout))
        .user_agent(concat!("genesys-rs-xtask/", env!("CARGO_PKG_VERSION")))
        .build()?;
    let mut resp = client
        .get(url)
        .send()
        .map_err(|e| anyhow::anyhow!("cannot download {url}: {}", one_line(&e)))?;
    if !resp.status().is_success() {
        anyhow::bail!("cannot download {url}: HTTP {}", resp.status());
    }
    let bar = match resp.content_length() {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bytes}/{total_bytes} {wide_bar} {bytes_per_sec}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut bytes = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = resp
            .read(&mut buf)
            .map_err(|e| anyhow::anyhow!("download of {url} failed: {e}"))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    Ok(bytes)
}

/// reqwest errors chain their causes; a user wants one line saying why.
fn one_line(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg = format!("{msg}: {s}");
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_recorded_without_machine_paths() {
        let root = crate::project_root();
        assert_eq!(
            display_source(&root.join("spec/platform-api.json")),
            "spec/platform-api.json"
        );
        let beside = root.parent().unwrap().join("shared/reference/x.json");
        assert_eq!(display_source(&beside), "../shared/reference/x.json");
        assert_eq!(
            display_source(Path::new("/somewhere/else/api.json")),
            "api.json"
        );
    }

    #[test]
    fn offline_download_fails_fast_with_one_line() {
        let err = download("http://127.0.0.1:9/swagger", 5)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("cannot download http://127.0.0.1:9/swagger"),
            "{err}"
        );
        assert!(!err.contains('\n'), "{err}");
        // Fast: refused at connect, not waited out until the 5 s timeout (no clock read).
        assert!(!err.contains("timed out"), "{err}");
    }
}
