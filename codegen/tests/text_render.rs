//! Model files are written as text (`emit::models_text`) rather than through tokens, `syn` and
//! `prettyplease`; the token path stays the reference, and this test holds the two to the same
//! bytes: on `spec/`, the whole 2017 document (from `../shared`), the hostile corpus, the
//! graph families, and a sweep of name widths across every width where `prettyplease` decides
//! to break a line (fields, serde attributes, setter and constructor signatures, bodies).

#[path = "support/graphs.rs"]
mod graphs;
mod support;

use serde_json::{json, Map, Value};

/// Generates `doc` both ways and compares every file.
fn assert_same(what: &str, api: &codegen::OpenAPI) {
    let Ok(ir) = codegen::parse::lower(api) else {
        return;
    };
    let fast = codegen::emit::emit(&ir).unwrap_or_else(|e| panic!("{what}: {e}"));
    let reference = codegen::emit::format(&ir, codegen::emit::tokens(&ir))
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        fast.files.keys().collect::<Vec<_>>(),
        reference.files.keys().collect::<Vec<_>>(),
        "{what}: file lists differ"
    );
    for (path, text) in &reference.files {
        let got = &fast.files[path];
        if got != text {
            let at = text
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let show = |t: &str| {
                t.lines()
                    .skip(at.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{what}: {path} differs at line {}\n--- prettyplease:\n{}\n--- text:\n{}",
                at + 1,
                show(text),
                show(got)
            );
        }
    }
}

fn from_value(what: &str, doc: &Value) -> Option<codegen::OpenAPI> {
    let api = codegen::openapi_from_value(doc).ok();
    if api.is_none() {
        eprintln!("{what}: not an OpenAPI 3.0 document, nothing to compare");
    }
    api
}

#[test]
fn committed_spec() {
    let path = support::workspace_root().join("spec/platform-api.json");
    let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_same("spec/", &from_value("spec/", &value).unwrap());
}

#[test]
fn whole_2017_document() {
    let Some(path) = support::shared_reference("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let value = codegen::spec::load(&std::fs::read(path).unwrap()).unwrap();
    assert_same("2017", &from_value("2017", &value).unwrap());
}

#[test]
fn hostile_corpus_and_graphs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let Ok(value) = codegen::spec::load(&std::fs::read(&path).unwrap()) else {
                continue;
            };
            if let Ok(api) = codegen::openapi_from_value(&value) {
                assert_same(&path.display().to_string(), &api);
                seen += 1;
            }
        }
    }
    assert!(seen > 10, "only {seen} hostile documents generated");
    for (family, build) in graphs::families() {
        assert_same(family, &from_value(family, &build(30)).unwrap());
    }
}

/// A property name of exactly `n` characters.
fn name(n: usize) -> String {
    let mut s: String = "abcdefghij".repeat(n / 10 + 1);
    s.truncate(n);
    s
}

/// Schemas and properties whose names grow one character at a time, so every line the model
/// emitter writes crosses `prettyplease`'s margin somewhere in the sweep.
fn sweep() -> Value {
    let mut schemas = Map::new();
    schemas.insert("E".into(), json!({ "type": "string", "enum": ["x"] }));
    for n in 1..=72 {
        let long = format!("T{}", name(n).to_uppercase());
        let mut props = Map::new();
        props.insert(name(n), json!({ "type": "string" }));
        props.insert(
            format!("r{}", name(n)),
            json!({ "$ref": "#/components/schemas/E" }),
        );
        props.insert(
            format!("{}Wire", name(n)),
            json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{long}") } }),
        );
        props.insert(
            format!("m{n}"),
            json!({ "type": "object", "additionalProperties": {
                "$ref": format!("#/components/schemas/{long}") } }),
        );
        props.insert(
            format!("q\"\\é{n}"),
            json!({ "type": "string", "format": "date-time", "readOnly": true,
                    "deprecated": true, "description": format!("d  {}  ", name(n)) }),
        );
        props.insert(
            format!("self{n}"),
            json!({ "$ref": format!("#/components/schemas/S{n}") }),
        );
        let required: Vec<String> = match n % 4 {
            0 => vec![],
            1 => vec![name(n)],
            2 => vec![name(n), format!("r{}", name(n))],
            _ => vec![name(n), format!("{}Wire", name(n)), format!("m{n}")],
        };
        schemas.insert(
            format!("S{n}"),
            json!({ "type": "object", "required": required, "properties": props,
                    "description": format!("Schema {n}.\n\n  indented `{}`", name(n)) }),
        );
        schemas.insert(
            long,
            json!({ "type": "object", "properties": { (name(n)): { "type": "number" } } }),
        );
        // Small structs: the constructor's `Self { … }` fits on one line.
        schemas.insert(
            format!("Small{n}"),
            json!({ "type": "object", "required": [name(n % 12 + 1)],
                    "properties": { (name(n % 12 + 1)): { "type": "integer" } } }),
        );
    }
    let mut paths = Map::new();
    let mut request = Map::new();
    for key in schemas.keys() {
        request.insert(
            key.clone(),
            json!({ "$ref": format!("#/components/schemas/{key}") }),
        );
    }
    schemas.insert(
        "All".into(),
        json!({ "type": "object", "properties": request }),
    );
    paths.insert(
        "/all".into(),
        json!({ "post": { "operationId": "postAll",
            "requestBody": { "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/All" } } } },
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/S1" } } } } } } }),
    );
    json!({
        "openapi": "3.0.0",
        "info": { "title": "sweep", "version": "1" },
        "paths": paths,
        "components": { "schemas": schemas }
    })
}

#[test]
fn every_width_across_the_margin() {
    let doc = sweep();
    assert_same("sweep", &from_value("sweep", &doc).unwrap());
}
