//! The second input: notification topics and their payload schemas.
//!
//! No Swagger document describes what arrives over a Notifications WebSocket; upstream SDKs
//! download it (`GET /api/v2/notifications/availabletopics?expand=schema`) and merge the
//! schemas into their models. This project keeps a reviewed snapshot of that download:
//! [`import`] checks one and writes it as `spec/notification-topics.json` (payload schemas under
//! `components/schemas` with OpenAPI 3.0 references, keys sorted); [`attach`] joins it to the
//! API document before generation, so topic payloads are lowered into the same IR as every
//! other schema, and the topic list travels as the [`EXTENSION`] (read once, by `parse`).
//!
//! The snapshot's shape: `topics` maps a topic pattern (`v2.users.{id}.presence`) to
//! `{schema: "#/definitions/X", subscribe: bool, …}`; `definitions` holds the payload schemas
//! (Swagger 2.0 style); `envelope` describes the frame around every body.

use super::merge;
use super::normalize;
use crate::diag::{Diagnostic, JsonPointer};
use crate::Error;
use serde_json::{json, Map, Value};

/// The API document extension holding the topic list once [`attach`]ed.
pub const EXTENSION: &str = "x-genesys-rs-topics";

/// Where `cargo xtask spec import --topics` writes the snapshot, relative to the project root.
pub const FILE: &str = "spec/notification-topics.json";

/// A checked topic snapshot: the normalized document and what `spec/source.json` records.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The document written to [`FILE`].
    pub document: Value,
    /// `sha256` of the input, topic and schema counts (the caller adds `source`).
    pub provenance: Value,
}

/// Checks a topic snapshot and rewrites it into the form generation reads. Errors name the
/// JSON pointer in the input: a topic without a schema, a schema reference that resolves to
/// nothing, a wrong shape.
pub fn import(bytes: &[u8]) -> Result<Imported, Error> {
    let doc = super::depth::parse(bytes)?;
    let root = JsonPointer::root();
    let Some(obj) = doc.as_object() else {
        return Err(Error::at(&root, "expected a JSON object at the top level"));
    };
    let mut diags = Vec::new();
    let definitions = match obj.get("definitions") {
        Some(Value::Object(d)) => d.clone(),
        None => Map::new(),
        Some(_) => {
            return Err(Error::at(
                &root.push("definitions"),
                "expected an object of schemas",
            ))
        }
    };
    let Some(Value::Object(topics)) = obj.get("topics") else {
        return Err(Error::at(
            &root.push("topics"),
            "expected an object mapping topic patterns to their payload schema",
        ));
    };
    let mut out_topics = Map::new();
    for (pattern, topic) in topics {
        let ptr = root.push("topics").push(pattern);
        let Some(topic) = topic.as_object() else {
            diags.push(Diagnostic::new(&ptr, "expected an object"));
            continue;
        };
        if let Some(problem) = pattern_problem(pattern) {
            diags.push(Diagnostic::new(&ptr, problem));
        }
        let mut topic = topic.clone();
        match topic.get("schema").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix("#/definitions/") {
                Some(name) if definitions.contains_key(name) => {
                    topic.insert("schema".into(), Value::String(schema_ref(name)));
                }
                _ => diags.push(Diagnostic::new(
                    &ptr.push("schema"),
                    format!("'{r}' is not a schema of #/definitions"),
                )),
            },
            None => diags.push(Diagnostic::new(
                &ptr.push("schema"),
                "a topic needs its payload schema ('#/definitions/Name')",
            )),
        }
        match topic.get("subscribe") {
            None | Some(Value::Bool(_)) => {}
            Some(_) => diags.push(Diagnostic::new(
                &ptr.push("subscribe"),
                "expected a boolean",
            )),
        }
        out_topics.insert(pattern.clone(), Value::Object(topic));
    }
    let mut definitions = Value::Object(definitions);
    rewrite_refs(
        &mut definitions,
        &root.push("definitions"),
        &doc["definitions"],
        &mut diags,
    );
    let mut envelope = obj.get("envelope").cloned().unwrap_or(Value::Null);
    rewrite_refs(
        &mut envelope,
        &root.push("envelope"),
        &doc["definitions"],
        &mut diags,
    );
    if !diags.is_empty() {
        diags.sort();
        return Err(Error::Invalid(diags));
    }
    let schemas = definitions.as_object().map_or(0, Map::len);
    let document = normalize::sort_keys(json!({
        "components": { "schemas": definitions },
        "envelope": envelope,
        "topics": out_topics,
    }));
    let provenance = normalize::sort_keys(json!({
        "sha256": super::sha256_hex(bytes),
        "topics": out_topics.len(),
        "schemas": schemas,
    }));
    Ok(Imported {
        document,
        provenance,
    })
}

/// Joins a snapshot written by [`import`] to an OpenAPI 3.0 API document: its schemas are
/// merged into `components/schemas` (one defined differently on both sides is an error naming
/// both), its topic list becomes the [`EXTENSION`].
pub fn attach(api: &mut Value, topics: &Value, source: &str) -> Result<(), Error> {
    let root = JsonPointer::root();
    let Some(list) = topics.get("topics").filter(|t| t.is_object()) else {
        return Err(Error::at(&root.push("topics"), "expected an object").in_source(source));
    };
    let part = json!({ "components": topics.get("components").cloned().unwrap_or(json!({})) });
    let merged = merge::merge(&[
        merge::Part {
            source: "the API description",
            doc: api,
        },
        merge::Part { source, doc: &part },
    ])?;
    *api = merged;
    if let Some(obj) = api.as_object_mut() {
        obj.insert(EXTENSION.to_owned(), list.clone());
    }
    Ok(())
}

fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// Why a topic pattern cannot name a topic: empty segments, or a `{…}` that is not a whole
/// segment.
fn pattern_problem(pattern: &str) -> Option<String> {
    for seg in pattern.split('.') {
        if seg.is_empty() {
            return Some(format!("topic pattern '{pattern}' has an empty segment"));
        }
        let braces = seg.contains('{') || seg.contains('}');
        let whole = seg.starts_with('{') && seg.ends_with('}') && seg.len() > 2;
        if braces && (!whole || seg[1..seg.len() - 1].contains(['{', '}'])) {
            return Some(format!(
                "in topic pattern '{pattern}', '{seg}' is not a whole-segment placeholder"
            ));
        }
    }
    None
}

/// Rewrites every `#/definitions/X` reference to `#/components/schemas/X`; one to a schema
/// the snapshot lacks is reported where it is.
fn rewrite_refs(
    v: &mut Value,
    ptr: &JsonPointer,
    definitions: &Value,
    diags: &mut Vec<Diagnostic>,
) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                let here = ptr.push(k);
                if k == "$ref" {
                    if let Value::String(r) = child {
                        match r.strip_prefix("#/definitions/") {
                            Some(name) if definitions.get(name).is_some() => *r = schema_ref(name),
                            _ => diags.push(Diagnostic::new(
                                &here,
                                format!("dangling $ref '{r}': not a schema of #/definitions"),
                            )),
                        }
                    }
                } else {
                    rewrite_refs(child, &here, definitions, diags);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                rewrite_refs(child, &ptr.push(i.to_string()), definitions, diags);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Value {
        json!({
            "envelope": {"type": "object", "properties": {"metadata": {"$ref": "#/definitions/Meta"}}},
            "topics": {
                "v2.users.{id}.presence": {"schema": "#/definitions/P", "subscribe": true},
                "channel.metadata": {"schema": "#/definitions/Meta", "subscribe": false}
            },
            "definitions": {
                "P": {"type": "object", "properties": {"o": {"$ref": "#/definitions/Meta"}}},
                "Meta": {"type": "object", "properties": {"message": {"type": "string"}}}
            }
        })
    }

    #[test]
    fn import_moves_schemas_and_rewrites_refs() {
        let imported = import(snapshot().to_string().as_bytes()).unwrap();
        let d = &imported.document;
        assert_eq!(
            d.pointer("/components/schemas/P/properties/o/$ref"),
            Some(&json!("#/components/schemas/Meta"))
        );
        assert_eq!(
            d.pointer("/topics/v2.users.{id}.presence/schema"),
            Some(&json!("#/components/schemas/P"))
        );
        assert_eq!(imported.provenance["topics"], 2);
        assert_eq!(imported.provenance["schemas"], 2);
    }

    #[test]
    fn problems_are_named_by_pointer() {
        let mut bad = snapshot();
        bad["topics"]["v2.users.{id}.activity"] = json!({"schema": "#/definitions/Gone"});
        bad["topics"]["v2..x"] = json!({"schema": "#/definitions/P"});
        bad["definitions"]["P"]["properties"]["q"] = json!({"$ref": "#/definitions/Nope"});
        let err = import(bad.to_string().as_bytes()).unwrap_err().to_string();
        assert!(
            err.contains("#/topics/v2.users.{id}.activity/schema"),
            "{err}"
        );
        assert!(err.contains("empty segment"), "{err}");
        assert!(
            err.contains("#/definitions/P/properties/q/$ref: dangling $ref '#/definitions/Nope'"),
            "{err}"
        );
        assert!(import(b"[1]").is_err());
        assert!(import(b"{\"topics\": 3}").is_err());
    }

    #[test]
    fn attach_merges_schemas_and_refuses_a_conflicting_one() {
        let topics = import(snapshot().to_string().as_bytes()).unwrap().document;
        let mut api = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"schemas": {"Other": {"type": "string"}}}});
        attach(&mut api, &topics, "topics.json").unwrap();
        assert!(api.pointer("/components/schemas/P").is_some());
        assert!(api.pointer("/components/schemas/Other").is_some());
        assert!(api[EXTENSION].get("channel.metadata").is_some());

        let mut clash = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"schemas": {"P": {"type": "string"}}}});
        let err = attach(&mut clash, &topics, "topics.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("#/components/schemas/P"), "{err}");
        assert!(err.contains("topics.json"), "{err}");
    }
}
