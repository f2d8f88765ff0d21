//! Defects confined to one operation or one schema: the item is replaced by a marker that
//! carries its problems forward, and the generator skips it (see `parse::isolate`).
//!
//! Real upstream documents have such defects (one operation of ~900 with a path parameter its
//! template lacks, a dangling `$ref`); refusing the document would block every regeneration
//! until Genesys fixes it. Found on import (a dangling `$ref`, a parameter Swagger 2.0 → 3.0
//! cannot convert) the marker is written into `spec/platform-api.json`, so the record of what
//! was left out is part of the committed spec; found when the generator reads the JSON (a part
//! of the wrong shape) it only lives in memory. Problems outside any operation or schema (the
//! root, `info`, shared parameters) still refuse the document.

use crate::diag::{Diagnostic, JsonPointer};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The extension key of a replaced item: `{"problems": [{"at": "<pointer>", "reason": "…"}]}`.
pub const DEFECT: &str = "x-genesys-rs-defect";

/// The problems a [`DEFECT`] marker in `extensions` carries (empty when there is none).
pub fn problems<'v>(
    extensions: impl IntoIterator<Item = (&'v String, &'v Value)>,
) -> Vec<Diagnostic> {
    let Some((_, marker)) = extensions.into_iter().find(|(k, _)| *k == DEFECT) else {
        return Vec::new();
    };
    let list = marker.get("problems").and_then(Value::as_array);
    let parsed: Vec<Diagnostic> = list
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some(Diagnostic::new(
                &JsonPointer::parse(p.get("at")?.as_str()?),
                p.get("reason")?.as_str()?,
            ))
        })
        .collect();
    if parsed.is_empty() {
        // A marker written by hand or damaged: still a defect, never silently generated.
        return vec![Diagnostic::new(
            &JsonPointer::root(),
            format!("marked {DEFECT} without readable problems"),
        )];
    }
    parsed
}

/// The item a problem at `pointer` belongs to, if it lies inside one operation (`/paths/P/M`),
/// the parameters shared by a path's operations (`/paths/P/parameters`) or one schema
/// (`/components/schemas/S`, `/definitions/S`).
pub fn item_of(pointer: &JsonPointer) -> Option<JsonPointer> {
    let segs: Vec<String> = pointer.segments().collect();
    let root = JsonPointer::root();
    match segs.as_slice() {
        [c, s, name, ..] if c == "components" && s == "schemas" => {
            Some(root.push(c).push(s).push(name))
        }
        [d, name, ..] if d == "definitions" => Some(root.push(d).push(name)),
        [p, path, key, ..]
            if p == "paths" && (key == "parameters" || super::METHODS.contains(&key.as_str())) =>
        {
            Some(root.push(p).push(path).push(key))
        }
        _ => None,
    }
}

/// Replaces each item of `problems` in `doc` (a Swagger 2.0 or OpenAPI 3.0 value) by a marker
/// holding its problems. Problems that are in no item are returned: they stay errors.
pub fn isolate(doc: &mut Value, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut by_item: BTreeMap<JsonPointer, Vec<Diagnostic>> = BTreeMap::new();
    let mut rest = Vec::new();
    for d in problems {
        match item_of(&d.pointer) {
            Some(item) => by_item.entry(item).or_default().push(d),
            None => rest.push(d),
        }
    }
    for (item, diags) in by_item {
        if !replace(doc, &item, &diags) {
            rest.extend(diags);
        }
    }
    rest
}

fn marker(diags: &[Diagnostic]) -> Value {
    let problems: Vec<Value> = diags
        .iter()
        .map(|d| json!({ "at": d.pointer.as_str(), "reason": d.message }))
        .collect();
    json!({ "problems": problems })
}

/// Replaces `item` (see [`item_of`]) by a marker; `false` when it is not there.
fn replace(doc: &mut Value, item: &JsonPointer, diags: &[Diagnostic]) -> bool {
    let segs: Vec<String> = item.segments().collect();
    let marker = marker(diags);
    match segs.as_slice() {
        [p, _, params] if p == "paths" && params == "parameters" => {
            let Some(obj) = doc.pointer_mut(&format!("/{}", item_parent(item))) else {
                return false;
            };
            let Some(obj) = obj.as_object_mut() else {
                return false;
            };
            // Shared parameters belong to every operation of the path.
            obj.remove(params);
            for (key, op) in obj.iter_mut() {
                if super::METHODS.contains(&key.as_str()) {
                    *op = operation(op, marker.clone());
                }
            }
            true
        }
        [p, _, _] if p == "paths" => match doc.pointer_mut(item.as_str()) {
            Some(op) => {
                *op = operation(op, marker);
                true
            }
            None => false,
        },
        _ => match doc.pointer_mut(item.as_str()) {
            Some(schema) => {
                *schema = json!({ DEFECT: marker });
                true
            }
            None => false,
        },
    }
}

/// `/paths/~1a/parameters` → `paths/~1a`.
fn item_parent(item: &JsonPointer) -> String {
    let s = item.as_str().trim_start_matches('/');
    s.rsplit_once('/')
        .map_or(s, |(parent, _)| parent)
        .to_owned()
}

/// An operation reduced to what names it (`operationId`, `tags`) and the marker; valid in
/// Swagger 2.0 and OpenAPI 3.0 alike.
pub fn operation(op: &Value, marker: Value) -> Value {
    let mut out = Map::new();
    out.insert(
        "responses".into(),
        json!({ "default": { "description": "Left out: see x-genesys-rs-defect." } }),
    );
    out.insert(DEFECT.into(), marker);
    if let Some(id) = op.get("operationId").filter(|v| v.is_string()) {
        out.insert("operationId".into(), id.clone());
    }
    out.insert("tags".into(), json!(super::strings_of(op.get("tags"))));
    Value::Object(out)
}

/// A marker operation for `diags` (the upgrade's own problems with one operation).
pub fn operation_with(op: &Value, diags: &[Diagnostic]) -> Value {
    operation(op, marker(diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_inside_an_item_are_isolated_and_the_rest_returned() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"operationId": "getA", "tags": ["T"], "responses": {}}}},
            "definitions": {"S": {"type": "object"}},
            "info": {}
        });
        let at = |p: &str| Diagnostic::new(&JsonPointer::parse(p), "bad");
        let rest = isolate(
            &mut doc,
            vec![
                at("/paths/~1a/get/parameters/0/$ref"),
                at("/definitions/S/properties/x/$ref"),
                at("/info/title"),
            ],
        );
        assert_eq!(rest, [at("/info/title")]);
        let op = &doc["paths"]["/a"]["get"];
        assert_eq!(op["operationId"], "getA");
        let extensions: Vec<(&String, &Value)> = op.as_object().unwrap().iter().collect();
        assert_eq!(
            problems(extensions),
            [at("/paths/~1a/get/parameters/0/$ref")]
        );
        assert_eq!(
            doc["definitions"]["S"][DEFECT]["problems"][0]["at"],
            "/definitions/S/properties/x/$ref"
        );
    }
}
