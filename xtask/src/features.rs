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

/// What `[package.metadata.genesys-rs.features]` says, applied to the tags of a spec.
struct Declared {
    /// Default features that exist for these tags (others are dropped, see [`manifest_text`]).
    default: Option<Vec<String>>,
    /// Defaults naming neither a tag nor a feature of the metadata table.
    dropped: Vec<String>,
    /// Every feature: each tag and each metadata key, sorted, with what it enables besides
    /// its tag's code and whether it is a tag.
    features: Vec<(String, Vec<String>, bool)>,
}

fn declared(manifest: &str, tags: &[String]) -> anyhow::Result<Declared> {
    let table: toml::Table = manifest
        .parse()
        .context("parsing genesys-client/Cargo.toml")?;
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
    let mut features = Vec::new();
    for name in names {
        let extra = match meta.get(&name) {
            Some(v) => list(v).with_context(|| format!("metadata genesys-rs.features.{name}"))?,
            None => Vec::new(),
        };
        let is_tag = tags.contains(&name);
        features.push((name, extra, is_tag));
    }
    let (mut default, mut dropped) = (None, Vec::new());
    if let Some(v) = meta.get("default") {
        let all = list(v).context("metadata genesys-rs.features.default")?;
        let (keep, drop): (Vec<String>, Vec<String>) = all
            .into_iter()
            .partition(|d| features.iter().any(|(n, _, _)| n == d));
        default = Some(keep);
        dropped = drop;
    }
    Ok(Declared {
        default,
        dropped,
        features,
    })
}

/// `manifest` with its generated block rewritten for `tags` (the generator's features), and
/// the defaults of the metadata table that name no feature for these tags (a maintainer who
/// regenerated the crate for another tag selection): left out of `default`, for the caller
/// to report.
pub fn manifest_text(manifest: &str, tags: &[String]) -> anyhow::Result<(String, Vec<String>)> {
    let declared = declared(manifest, tags)?;
    let mut lines = vec![
        BEGIN.to_owned(),
        "# Edit [package.metadata.genesys-rs.features] (defaults, what a feature adds), not here."
            .to_owned(),
    ];
    if let Some(default) = &declared.default {
        lines.push(format!("default = {}", array(default)));
    }
    for (name, extra, is_tag) in &declared.features {
        if *is_tag {
            lines.push(format!(
                "## The `{name}` tag's operations, mock stubs and the models only they use."
            ));
        }
        lines.push(format!("{name} = {}", array(extra)));
    }
    lines.push(END.to_owned());
    let block = lines.join("\n");
    let (Some(start), Some(end)) = (manifest.find(BEGIN), manifest.find(END)) else {
        bail!(
            "{MANIFEST} lacks the generated features block (`{BEGIN}` … `{END}` inside [features])"
        );
    };
    if end < start {
        bail!("{MANIFEST}: the generated features block ends before it begins");
    }
    let text = format!(
        "{}{}{}",
        &manifest[..start],
        block,
        &manifest[end + END.len()..]
    );
    Ok((text, declared.dropped))
}

/// The `[features]` table of a scratch crate built from genesys-client's `manifest` for a
/// generated crate with `tags`: the hand-written features (the runtime's `cfg`s: `mock`,
/// `http2`, …), one feature per tag with what the metadata adds, and every tag on by default
/// (a scratch crate exists to compile all it generated).
pub fn scratch_table(manifest: &str, tags: &[String]) -> anyhow::Result<toml::Table> {
    let declared = declared(manifest, tags)?;
    let (Some(start), Some(end)) = (manifest.find(BEGIN), manifest.find(END)) else {
        bail!(
            "{MANIFEST} lacks the generated features block (`{BEGIN}` … `{END}` inside [features])"
        );
    };
    let outside = format!("{}{}", &manifest[..start], &manifest[end + END.len()..]);
    let outside: toml::Table = outside
        .parse()
        .context("parsing genesys-client/Cargo.toml without its generated block")?;
    let mut table = outside
        .get("features")
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default();
    let strings = |v: &[String]| toml::Value::Array(v.iter().cloned().map(Into::into).collect());
    for (name, extra, _) in &declared.features {
        table.insert(name.clone(), strings(extra));
    }
    table.insert("default".into(), strings(tags));
    Ok(table)
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
        let (text, dropped) = manifest_text(MANIFEST_TEXT, &tags).unwrap();
        assert!(dropped.is_empty());
        assert!(text.contains("default = [\"events\"]\n"), "{text}");
        assert!(text.contains("events = []\n"), "{text}");
        assert!(text.contains("presence = []\n"), "{text}");
        // A hand-written feature beside the tags keeps its place in the block.
        assert!(text.contains("notifications = [\"dep:ws\"]\n"), "{text}");
        assert!(!text.contains("stale"), "{text}");
        assert!(text.ends_with("# @generated end\nmock = []\n"), "{text}");
        // Idempotent, and valid TOML.
        assert_eq!(manifest_text(&text, &tags).unwrap().0, text);
        text.parse::<toml::Table>().unwrap();
    }

    #[test]
    fn a_default_naming_no_feature_is_left_out_and_reported() {
        // A maintainer regenerated the crate for other tags: `events` is no longer one.
        let tags = vec!["users".to_owned()];
        let (text, dropped) = manifest_text(MANIFEST_TEXT, &tags).unwrap();
        assert_eq!(dropped, vec!["events".to_owned()]);
        assert!(text.contains("default = []\n"), "{text}");
        assert!(text.contains("users = []\n"), "{text}");
        let no_block = MANIFEST_TEXT.replace("# @generated end\n", "");
        assert!(manifest_text(&no_block, &tags).is_err());
    }

    #[test]
    fn a_scratch_crate_declares_its_tags_on_by_default_beside_the_hand_written_features() {
        let tags = vec!["routing".to_owned(), "users".to_owned()];
        let table = scratch_table(MANIFEST_TEXT, &tags).unwrap();
        let names: Vec<&str> = table.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["default", "mock", "notifications", "routing", "users"],
            "{table:?}"
        );
        assert_eq!(
            table["default"].as_array().unwrap(),
            &vec![toml::Value::from("routing"), toml::Value::from("users")]
        );
        assert_eq!(
            table["notifications"].as_array().unwrap(),
            &vec![toml::Value::from("dep:ws")]
        );
    }
}
