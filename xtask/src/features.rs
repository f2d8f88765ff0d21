//! The client's per-tag cargo features, declared in `genesys-client/Cargo.toml`.
//!
//! The generator gates every tag's operations, mock stubs and the models only it reaches by a
//! feature named after the tag (`codegen::parse` computes the reach). Those features must be
//! declared in the manifest, so `cargo xtask codegen` writes them into a marked block of its
//! `[features]` table, and `--check` fails when the block is stale. What a feature brings
//! besides its tag's code (the receiver's dependencies for `notifications`) and the defaults
//! are kept by hand in `[package.metadata.genesys-rs.features]`.

use anyhow::{bail, Context};

/// The manifest the features are declared in, relative to the project root.
pub const MANIFEST: &str = "genesys-client/Cargo.toml";

const BEGIN: &str = "# @generated begin: one feature per tag of spec/ (cargo xtask codegen).";
const END: &str = "# @generated end";

/// `manifest` with its generated block rewritten for `tags` (the generator's features).
pub fn manifest_text(manifest: &str, tags: &[String]) -> anyhow::Result<String> {
    let table: toml::Table = manifest.parse().context("parsing genesys-client/Cargo.toml")?;
    let meta = table
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("genesys-rs"))
        .and_then(|g| g.get("features"))
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default();
    let list = |v: &toml::Value| -> anyhow::Result<Vec<String>> {
        v.as_array()
            .context("expected an array of strings")?
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_owned)
                    .context("expected an array of strings")
            })
            .collect()
    };
    let mut names: Vec<String> = tags.to_vec();
    for key in meta.keys().filter(|k| *k != "default") {
        if !names.contains(key) {
            names.push(key.clone());
        }
    }
    names.sort();
    let mut lines = vec![
        BEGIN.to_owned(),
        "# Edit [package.metadata.genesys-rs.features] (defaults, what a feature adds), not here."
            .to_owned(),
    ];
    if let Some(default) = meta.get("default") {
        let default = list(default).context("metadata genesys-rs.features.default")?;
        for d in &default {
            if !names.contains(d) {
                bail!("[package.metadata.genesys-rs.features] default names `{d}`, which is neither a tag of spec/ nor a feature listed there");
            }
        }
        lines.push(format!("default = {}", array(&default)));
    }
    for name in &names {
        let extra = match meta.get(name) {
            Some(v) => list(v).with_context(|| format!("metadata genesys-rs.features.{name}"))?,
            None => Vec::new(),
        };
        if tags.contains(name) {
            lines.push(format!("## The `{name}` tag's operations, mock stubs and the models only they use."));
        }
        lines.push(format!("{name} = {}", array(&extra)));
    }
    lines.push(END.to_owned());
    let block = lines.join("\n");
    let (Some(start), Some(end)) = (manifest.find(BEGIN), manifest.find(END)) else {
        bail!("{MANIFEST} lacks the generated features block (`{BEGIN}` … `{END}` inside [features])");
    };
    if end < start {
        bail!("{MANIFEST}: the generated features block ends before it begins");
    }
    Ok(format!(
        "{}{}{}",
        &manifest[..start],
        block,
        &manifest[end + END.len()..]
    ))
}

fn array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST_TEXT: &str = r#"[package]
name = "x"

[package.metadata.genesys-rs.features]
default = ["events"]
notifications = ["dep:ws"]

[features]
# @generated begin: one feature per tag of spec/ (cargo xtask codegen).
stale = []
# @generated end
mock = []
"#;

    #[test]
    fn the_block_lists_every_tag_with_its_extras_and_the_defaults() {
        let tags = vec!["events".to_owned(), "presence".to_owned()];
        let text = manifest_text(MANIFEST_TEXT, &tags).unwrap();
        assert!(text.contains("default = [\"events\"]\n"), "{text}");
        assert!(text.contains("events = []\n"), "{text}");
        assert!(text.contains("presence = []\n"), "{text}");
        // A hand-written feature beside the tags keeps its place in the block.
        assert!(text.contains("notifications = [\"dep:ws\"]\n"), "{text}");
        assert!(!text.contains("stale"), "{text}");
        assert!(text.ends_with("# @generated end\nmock = []\n"), "{text}");
        // Idempotent, and valid TOML.
        assert_eq!(manifest_text(&text, &tags).unwrap(), text);
        text.parse::<toml::Table>().unwrap();
    }

    #[test]
    fn a_default_that_is_not_a_feature_is_an_error() {
        let text = MANIFEST_TEXT.replace("default = [\"events\"]", "default = [\"users\"]");
        let err = manifest_text(&text, &["events".to_owned()]).unwrap_err();
        assert!(err.to_string().contains("`users`"), "{err}");
        let no_block = MANIFEST_TEXT.replace("# @generated end\n", "");
        assert!(manifest_text(&no_block, &["events".to_owned()]).is_err());
    }
}
