//! Several documents of one API → one document.
//!
//! Upstream may publish an API in parts (the reference data splits Genesys' platform into an
//! Events + Presence slice and a Notifications slice). [`merge`] unions their paths and
//! components after each was upgraded to OpenAPI 3.0, so slicing, overlays and generation see
//! one document. Something defined in two parts must be defined identically: a path, an
//! operation or a component that differs is an error naming both inputs and the pointer, never
//! a silent choice of one side.

use crate::diag::{Diagnostic, JsonPointer};
use crate::Error;
use serde_json::{Map, Value};

/// One upgraded input and the name it is reported under (its file or URL).
#[derive(Clone, Copy, Debug)]
pub struct Part<'a> {
    /// Where the document came from, as recorded in `spec/source.json`.
    pub source: &'a str,
    /// The document, already OpenAPI 3.0.
    pub doc: &'a Value,
}

/// Unions `parts` (at least one) into the first part's document. `info`, `servers` and other
/// top-level facts come from the first part; `paths` merge per path item and method,
/// `components` per section and entry, `tags` by name, `security` as a set.
pub fn merge(parts: &[Part<'_>]) -> Result<Value, Error> {
    let Some((first, rest)) = parts.split_first() else {
        return Err(Error::at(
            &JsonPointer::root(),
            "no input document to import",
        ));
    };
    let mut out = first.doc.clone();
    let mut owners = Owners::default();
    owners.claim_all(first.source, first.doc);
    let mut diags = Vec::new();
    for part in rest {
        merge_paths(&mut out, part, &mut owners, &mut diags);
        merge_components(&mut out, part, &mut owners, &mut diags);
        union_array(&mut out, part.doc, "tags", |a, b| {
            a.get("name") == b.get("name")
        });
        union_array(&mut out, part.doc, "security", |a, b| a == b);
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        diags.sort();
        Err(Error::Invalid(diags))
    }
}

/// Which input first defined each merged item, for error messages.
#[derive(Default)]
struct Owners(std::collections::BTreeMap<String, String>);

impl Owners {
    fn claim_all(&mut self, source: &str, doc: &Value) {
        for (ptr, _) in items(doc) {
            self.0
                .entry(ptr.to_string())
                .or_insert_with(|| source.to_owned());
        }
    }

    fn owner(&self, ptr: &JsonPointer) -> &str {
        self.0
            .get(&ptr.to_string())
            .map_or("an earlier input", String::as_str)
    }
}

/// Every mergeable item of a document: each operation (and path-level field) of each path
/// item, each component entry.
fn items(doc: &Value) -> Vec<(JsonPointer, &Value)> {
    let mut out = Vec::new();
    let root = JsonPointer::root();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if let Some(item) = item.as_object() {
                for (key, v) in item {
                    out.push((root.push("paths").push(path).push(key), v));
                }
            }
        }
    }
    if let Some(components) = doc.get("components").and_then(Value::as_object) {
        for (section, entries) in components {
            if let Some(entries) = entries.as_object() {
                for (name, v) in entries {
                    out.push((root.push("components").push(section).push(name), v));
                }
            }
        }
    }
    out
}

fn merge_paths(out: &mut Value, part: &Part<'_>, owners: &mut Owners, diags: &mut Vec<Diagnostic>) {
    let Some(paths) = part.doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    let root = JsonPointer::root().push("paths");
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let target = object_at(out, &["paths", path]);
        for (key, v) in item {
            let ptr = root.push(path).push(key);
            insert_same(target, key, v, &ptr, part.source, owners, diags);
        }
    }
}

fn merge_components(
    out: &mut Value,
    part: &Part<'_>,
    owners: &mut Owners,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(components) = part.doc.get("components").and_then(Value::as_object) else {
        return;
    };
    let root = JsonPointer::root().push("components");
    for (section, entries) in components {
        let Some(entries) = entries.as_object() else {
            continue;
        };
        let target = object_at(out, &["components", section]);
        for (name, v) in entries {
            let ptr = root.push(section).push(name);
            insert_same(target, name, v, &ptr, part.source, owners, diags);
        }
    }
}

/// Inserts `key: v` unless present; present and different is a conflict naming both inputs.
fn insert_same(
    target: &mut Map<String, Value>,
    key: &str,
    v: &Value,
    ptr: &JsonPointer,
    source: &str,
    owners: &mut Owners,
    diags: &mut Vec<Diagnostic>,
) {
    match target.get(key) {
        None => {
            target.insert(key.to_owned(), v.clone());
            owners.0.insert(ptr.to_string(), source.to_owned());
        }
        Some(have) if have == v => {}
        Some(_) => diags.push(Diagnostic::new(
            ptr,
            format!(
                "defined differently in {} and in {source}; merged inputs must agree",
                owners.owner(ptr)
            ),
        )),
    }
}

/// The object at `path` under `doc`, created (or replaced, if not an object) on the way.
fn object_at<'v>(doc: &'v mut Value, path: &[&str]) -> &'v mut Map<String, Value> {
    let mut cur = doc;
    for seg in path {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(map) = cur else {
            unreachable!("made an object above")
        };
        cur = map
            .entry((*seg).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !cur.is_object() {
        *cur = Value::Object(Map::new());
    }
    match cur {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

/// Appends the items of `doc`'s top-level array `key` that `out`'s lacks, where `same` says
/// whether two items are one (tags: by name; security requirements: whole).
fn union_array(out: &mut Value, doc: &Value, key: &str, same: impl Fn(&Value, &Value) -> bool) {
    let Some(items) = doc.get(key).and_then(Value::as_array) else {
        return;
    };
    let have = out
        .as_object_mut()
        .map(|o| o.entry(key).or_insert_with(|| Value::Array(Vec::new())));
    let Some(Value::Array(have)) = have else {
        return;
    };
    for item in items {
        if !have.iter().any(|h| same(h, item)) {
            have.push(item.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(paths: Value, schemas: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
               "paths": paths, "components": {"schemas": schemas},
               "tags": [{"name": "A"}]})
    }

    #[test]
    fn disjoint_parts_union_and_shared_identical_items_merge() {
        let a = doc(
            json!({"/a": {"get": {"responses": {}}}}),
            json!({"E": {"type": "object"}, "A": {"type": "string"}}),
        );
        let mut b = doc(
            json!({"/a": {"post": {"responses": {}}}, "/b": {"get": {"responses": {}}}}),
            json!({"E": {"type": "object"}, "B": {"type": "integer"}}),
        );
        b["tags"] = json!([{"name": "A"}, {"name": "B"}]);
        let merged = merge(&[
            Part {
                source: "a.json",
                doc: &a,
            },
            Part {
                source: "b.json",
                doc: &b,
            },
        ])
        .unwrap();
        assert!(merged.pointer("/paths/~1a/get").is_some());
        assert!(merged.pointer("/paths/~1a/post").is_some());
        assert!(merged.pointer("/paths/~1b/get").is_some());
        let schemas = merged["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["A", "B", "E"]);
        assert_eq!(merged["tags"], json!([{"name": "A"}, {"name": "B"}]));
    }

    #[test]
    fn a_schema_or_operation_defined_differently_names_both_inputs() {
        let a = doc(
            json!({"/a": {"get": {"summary": "one", "responses": {}}}}),
            json!({"E": {"type": "object"}}),
        );
        let b = doc(
            json!({"/a": {"get": {"summary": "two", "responses": {}}}}),
            json!({"E": {"type": "string"}}),
        );
        let err = merge(&[
            Part {
                source: "a.json",
                doc: &a,
            },
            Part {
                source: "b.json",
                doc: &b,
            },
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("#/components/schemas/E"), "{err}");
        assert!(err.contains("#/paths/~1a/get"), "{err}");
        assert!(err.contains("a.json") && err.contains("b.json"), "{err}");
    }

    #[test]
    fn no_input_is_an_error() {
        assert!(merge(&[]).is_err());
    }
}
