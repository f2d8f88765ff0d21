//! Structure-aware fuzzing: random but valid schema graphs (references, `allOf` wrappers and
//! merges, arrays, maps, cycles, nullable, enums, colliding names) either generate (and the
//! emitter parsed every file with `syn`, or it would have returned `Error::Internal`) or fail
//! with an error that names a JSON pointer; never a panic; output size stays within a constant
//! factor of the input. Random bytes rarely form reference graphs; these always do.
//!
//! CI runs 256 cases (about 0.5 s of CPU in the test profile); `PROPTEST_CASES=N` runs more.
//! Longer local runs (2026-11-23, test profile, machine shared with other builds, load 6–8):
//! `PROPTEST_CASES=5000 cargo test -p codegen --test graph_props`: 5,000 cases, 20.0 s wall
//! (10.4 s CPU); `PROPTEST_CASES=20000`: 20,000 cases, 76.6 s wall (41.2 s CPU); no failure.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Schema names that collide once made Rust identifiers.
const NAMES: [&str; 6] = ["Node", "node", "Node_", "NODE", "Item", "item-list"];
/// Property names that collide once made snake_case, plus a keyword.
const PROPS: [&str; 6] = ["aB", "a_b", "type", "self", "a-b", "value"];

fn name(i: usize) -> String {
    format!("{}{}", NAMES[i % NAMES.len()], i / NAMES.len())
}

fn r(i: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", name(i)) })
}

/// One property's schema from a choice and a target schema index.
fn property(kind: u8, target: usize) -> Value {
    match kind % 10 {
        0 => json!({ "type": "string", "nullable": true }),
        1 => r(target),
        2 => json!({ "allOf": [r(target), { "description": "wrapped", "readOnly": true }] }),
        3 => json!({ "type": "array", "items": { "allOf": [r(target), { "nullable": true }] } }),
        4 => json!({ "type": "object", "additionalProperties": r(target) }),
        5 => json!({ "allOf": [r(target), { "type": "object", "properties": {
            "extra": { "type": "integer" } } }] }),
        6 => json!({ "type": "string", "enum": ["on", "off", "On"] }),
        7 => json!({ "type": "object", "properties": { "inner": {
            "allOf": [r(target), { "description": "nested wrapper" }] } } }),
        8 => json!({ "type": "number" }),
        _ => json!({ "allOf": [{ "allOf": [r(target)] }, { "description": "twice" }] }),
    }
}

/// One schema from its kind, properties and the schemas it may merge.
fn schema(kind: u8, props: &[(u8, u8, usize)], parts: &[usize]) -> Value {
    let mut properties = Map::new();
    for &(p, k, t) in props {
        properties.insert(PROPS[p as usize % PROPS.len()].to_owned(), property(k, t));
    }
    let own = json!({ "type": "object", "properties": properties });
    match kind % 6 {
        0 | 1 => own,
        2 => {
            let mut all: Vec<Value> = parts.iter().map(|&p| r(p)).collect();
            all.push(own);
            json!({ "allOf": all })
        }
        3 => json!({ "type": "string", "enum": ["x", "y"] }),
        4 => {
            json!({ "type": "array", "items": parts.first().map_or(json!({"type": "string"}), |&p| r(p)) })
        }
        _ => match parts.first() {
            Some(&p) => json!({ "allOf": [r(p), { "description": "an alias" }] }),
            None => own,
        },
    }
}

type SchemaChoice = (u8, Vec<(u8, u8, usize)>, Vec<usize>);

fn graph() -> impl Strategy<Value = Value> {
    (1usize..14)
        .prop_flat_map(|n| {
            let one = (
                any::<u8>(),
                prop::collection::vec((any::<u8>(), any::<u8>(), 0..n), 0..5),
                prop::collection::vec(0..n, 0..3),
            );
            (prop::collection::vec(one, n), 0..n)
        })
        .prop_map(|(schemas, root): (Vec<SchemaChoice>, usize)| {
            let mut map = Map::new();
            for (i, (kind, props, parts)) in schemas.iter().enumerate() {
                map.insert(name(i), schema(*kind, props, parts));
            }
            json!({
                "openapi": "3.0.0",
                "info": { "title": "props", "version": "1" },
                "paths": { "/root": { "get": { "operationId": "getRoot", "responses": {
                    "200": { "description": "ok", "content": {
                        "application/json": { "schema": r(root) } } } } } } },
                "components": { "schemas": map }
            })
        })
}

/// 256 cases unless `PROPTEST_CASES` says otherwise: a bound CI keeps, a knob for long runs.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]
    #[test]
    fn random_schema_graphs_generate_or_fail_located(doc in graph()) {
        let input = serde_json::to_vec(&doc).unwrap().len();
        let result = std::panic::catch_unwind(|| {
            let api = codegen::openapi_from_value(&doc)?;
            codegen::generate(&api)
        });
        let Ok(result) = result else {
            return Err(TestCaseError::fail(format!("panic on {doc}")));
        };
        match result {
            Ok(out) => {
                // Every file is Rust that parses (model files are written as text, not
                // through syn, so this is the check that they are well-formed).
                for (file, text) in &out.files {
                    if let Err(e) = syn::parse_file(text) {
                        return Err(TestCaseError::fail(format!("{file:?} does not parse: {e}\n{doc}")));
                    }
                }
                let output: usize = out.files.values().map(String::len).sum();
                // Each schema lowers once: a bounded number of files of bounded size per input
                // byte (merges copy their parts' fields, so the factor is generous).
                prop_assert!(output <= 400 * input + 60_000, "{output} bytes out of {input}: {doc}");
            }
            Err(e) => {
                let text = e.to_string();
                prop_assert!(text.contains("at #"), "error without a pointer: {text}\n{doc}");
            }
        }
    }
}
