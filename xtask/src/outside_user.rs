//! The crate as a user's program sees it: a separate crate, outside this workspace, that
//! depends on `genesys-client` by path (as the docs tell a user to) with only the features it
//! asks for, and whose programs are the crate's examples, copied verbatim. Examples built inside
//! the package share its dev-dependencies and feature unification; this does not, so a public
//! item the examples need but users cannot reach, or a feature the crate forgets to enable for
//! itself, fails here.
#![cfg(test)]

use std::path::Path;

use anyhow::{bail, Context};

use crate::platform::scratch_target_dir;
use crate::root::project_root;
use crate::scratch_cargo;

/// Dependencies of the user's crate besides `genesys-client`: what the examples import, at the
/// workspace's versions (the lockfile is copied too), with the features a user would enable.
const USER_DEPS: &[(&str, &[&str])] = &[
    ("tokio", &["macros", "rt-multi-thread"]),
    ("chrono", &[]),
    ("futures-util", &[]),
    ("reqwest", &[]),
    ("serde", &["derive"]),
    ("serde_json", &[]),
    ("wiremock", &[]),
];

fn manifest(root: &Path) -> anyhow::Result<String> {
    // The examples use the mock and the Notifications receiver (both opt-in features).
    manifest_with(root, None, &["mock", "notifications"])
}

/// The user's manifest, with `genesys-client`'s `default-features` when given and `features`.
fn manifest_with(
    root: &Path,
    default_features: Option<bool>,
    features: &[&str],
) -> anyhow::Result<String> {
    let ws: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))?.parse()?;
    let ws_deps = ws
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(toml::Value::as_table)
        .context("workspace dependencies")?;
    let mut deps = toml::Table::new();
    let mut client = toml::Table::new();
    client.insert(
        "path".into(),
        root.join("genesys-client").display().to_string().into(),
    );
    if let Some(on) = default_features {
        client.insert("default-features".into(), on.into());
    }
    client.insert(
        "features".into(),
        features
            .iter()
            .map(|f| toml::Value::from(*f))
            .collect::<Vec<_>>()
            .into(),
    );
    deps.insert("genesys-client".into(), client.into());
    for (name, features) in USER_DEPS {
        let mut spec = match ws_deps.get(*name) {
            Some(toml::Value::String(v)) => {
                let mut t = toml::Table::new();
                t.insert("version".into(), v.clone().into());
                t
            }
            Some(toml::Value::Table(t)) => t.clone(),
            _ => bail!("`{name}` is not a workspace dependency"),
        };
        let mut all = spec
            .get("features")
            .and_then(toml::Value::as_array)
            .cloned()
            .unwrap_or_default();
        all.extend(features.iter().map(|f| toml::Value::from(*f)));
        spec.insert("features".into(), all.into());
        deps.insert((*name).into(), spec.into());
    }
    let mut package = toml::Table::new();
    package.insert("name".into(), "outside-user".into());
    package.insert("version".into(), "0.0.0".into());
    package.insert("edition".into(), "2021".into());
    package.insert("publish".into(), false.into());
    let mut doc = toml::Table::new();
    doc.insert("package".into(), package.into());
    doc.insert("dependencies".into(), deps.into());
    // Its own workspace: nothing of ours is inherited.
    doc.insert("workspace".into(), toml::Table::new().into());
    Ok(doc.to_string())
}

/// What the crate docs tell a program that only publishes events to write: `genesys-client`
/// with `default-features = false, features = ["events"]`. It compiles with the events
/// operations and the sink, and without Presence: the same program calling
/// `client.presence()` does not compile.
#[test]
fn an_events_only_program_builds_with_the_events_feature_alone() {
    let root = project_root();
    let dir = scratch_target_dir().join("events-only-user");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let manifest = manifest_with(&root, Some(false), &["events"])
        .unwrap()
        .replace("name = \"outside-user\"", "name = \"events-only-user\"");
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let program = |extra: &str| {
        format!(
            r#"use genesys_client::models::UserPresenceEvent;
use genesys_client::{{Client, Draft}};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {{
    let client = Client::builder().bearer_token("token").build()?;
    let sink = client.event_sink::<UserPresenceEvent>().start()?;
    let change = UserPresenceEvent::new(chrono::Utc::now(), "", "source", "user");
    sink.send(Draft::new(change)).await?;
    let _ = client.events();
    {extra}
    sink.shutdown().await;
    Ok(())
}}
"#
        )
    };
    let check = || {
        scratch_cargo::output(scratch_cargo::scratch(&dir).args(["check", "--quiet", "--bins"]))
            .unwrap()
    };
    std::fs::write(dir.join("src/main.rs"), program("")).unwrap();
    let output = check();
    assert!(
        output.status.success(),
        "an events-only program does not compile in {}:\n{}",
        dir.display(),
        output.stderr
    );
    std::fs::write(
        dir.join("src/main.rs"),
        program("let _ = client.presence();"),
    )
    .unwrap();
    let output = check();
    assert!(
        output.failed_with("no method named `presence`"),
        "`client.presence()` compiled without the presence feature:\n{}",
        output.stderr
    );
}

/// Every example of `genesys-client`, as a binary of a crate outside the workspace, type-checks
/// against the public API with the user's own dependency set.
#[test]
fn the_examples_compile_as_a_separate_program() {
    let root = project_root();
    let dir = scratch_target_dir().join("outside-user");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let bins = dir.join("src/bin");
    std::fs::create_dir_all(&bins).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest(&root).unwrap()).unwrap();
    let mut examples = Vec::new();
    for entry in std::fs::read_dir(root.join("genesys-client/examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            std::fs::copy(&path, bins.join(path.file_name().unwrap())).unwrap();
            examples.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    examples.sort();
    assert!(
        examples.iter().any(|e| e == "presence_sync") && examples.len() >= 4,
        "{examples:?}"
    );

    let output =
        scratch_cargo::output(scratch_cargo::scratch(&dir).args(["check", "--quiet", "--bins"]))
            .unwrap();
    assert!(
        output.status.success(),
        "the examples ({examples:?}) do not compile as a separate program in {}:\n{}",
        dir.display(),
        output.stderr
    );
}
