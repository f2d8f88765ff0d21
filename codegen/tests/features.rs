//! Per-tag cargo features: which tags reach each type (`ir::Reach`, computed once in `parse`),
//! the `#[cfg(feature)]`s the emitters put on model files, tag modules, mock modules and the
//! support module, and the diff's `features_changed`. That each feature set compiles is shown
//! in `xtask` (`platform::tests::each_tag_feature_compiles_alone`) and by CI's feature matrix.

use codegen::diff::{diff, ChangeKind, Impact};
use codegen::ir::Reach;
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/features.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn reach_of(doc: &Value) -> Vec<(String, Reach)> {
    let api = codegen::openapi_from_value(doc).unwrap();
    let ir = codegen::parse::lower(&api).unwrap();
    ir.types
        .values()
        .map(|t| (t.name.clone(), t.reach.clone()))
        .collect()
}

fn tags(names: &[&str]) -> Reach {
    Reach::Tags(names.iter().map(|s| (*s).to_owned()).collect())
}

#[test]
fn each_type_compiles_with_the_tags_that_reach_it() {
    let reach = reach_of(&fixture());
    let get = |name: &str| {
        reach
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no type {name}: {reach:?}"))
            .1
            .clone()
    };
    assert_eq!(get("Alpha"), tags(&["alphas"]));
    // An inline enum lives in its parent's file, so it compiles with it.
    assert_eq!(get("AlphaMood"), tags(&["alphas"]));
    assert_eq!(get("Beta"), tags(&["betas"]));
    assert_eq!(get("BetaRequest"), tags(&["betas"]));
    // Used by both tags (and what it reaches): compiled with either.
    assert_eq!(get("Shared"), tags(&["alphas", "betas"]));
    assert_eq!(get("Leaf"), tags(&["alphas", "betas"]));
    // Error bodies are every tag's concern; nothing reaches `Orphan`: both always compile.
    assert_eq!(get("ErrorBody"), Reach::Always);
    assert_eq!(get("Orphan"), Reach::Always);
}

#[test]
fn the_generated_modules_carry_the_gates() {
    let text = serde_json::to_string(&fixture()).unwrap();
    let out = codegen::generate_from_json(&text).unwrap();
    assert_eq!(out.features, ["alphas", "betas"]);
    let models = &out.files["models/mod.rs"];
    for line in [
        "#[cfg(feature = \"alphas\")]\nmod alpha;",
        "#[cfg(feature = \"betas\")]\nmod beta;",
        "#[cfg(any(feature = \"alphas\", feature = \"betas\"))]\nmod shared;",
        "#[cfg(feature = \"alphas\")]\npub use self::alpha::Alpha;",
    ] {
        assert!(
            models.contains(line),
            "models/mod.rs lacks {line:?}:\n{models}"
        );
    }
    for ungated in ["\nmod error_body;", "\nmod orphan;"] {
        assert!(models.contains(ungated), "{ungated:?} gated:\n{models}");
    }
    let ops = &out.files["operations/mod.rs"];
    assert!(
        ops.contains("#[cfg(feature = \"alphas\")]\npub mod alphas;"),
        "{ops}"
    );
    assert!(
        ops.contains("#[cfg(feature = \"betas\")]\npub mod betas;"),
        "{ops}"
    );
    let mock = &out.files["mock/mod.rs"];
    assert!(
        mock.contains("#[cfg(feature = \"betas\")]\npub mod betas;"),
        "{mock}"
    );
    // Only `Alpha` has an enum: the support module compiles with its tag.
    let root = &out.files["mod.rs"];
    assert!(
        root.contains("#[cfg(feature = \"alphas\")]\npub(crate) mod support;"),
        "{root}"
    );
}

#[test]
fn the_diff_reports_a_narrower_reach_as_breaking_and_a_wider_one_as_additive() {
    let old = fixture();
    // `Beta` stops using `Shared`: a program with only `betas` loses `Shared` and `Leaf`.
    let mut narrower = old.clone();
    narrower["components"]["schemas"]["Beta"]["properties"]["shared"] =
        serde_json::json!({ "type": "string" });
    let r = diff(&old, &narrower).unwrap();
    let features: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::FeaturesChanged)
        .collect();
    let located: Vec<(&str, Impact)> = features
        .iter()
        .map(|c| (c.location.as_str(), c.impact))
        .collect();
    assert_eq!(
        located,
        [("Leaf", Impact::Breaking), ("Shared", Impact::Breaking)],
        "{:#?}",
        r.changes
    );
    assert!(
        features[1]
            .detail
            .contains("with any of features `alphas`, `betas` → with feature `alphas`"),
        "{:#?}",
        features[1]
    );
    assert_eq!(
        features[1].pointer, "#/components/schemas/Shared",
        "{:#?}",
        features[1]
    );
    // The reverse: both tags compile it again, which no program can notice but as more.
    let r = diff(&narrower, &old).unwrap();
    let impacts: Vec<Impact> = r
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::FeaturesChanged)
        .map(|c| c.impact)
        .collect();
    assert_eq!(
        impacts,
        [Impact::Additive, Impact::Additive],
        "{:#?}",
        r.changes
    );
}
