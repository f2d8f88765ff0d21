//! Reading a JSON value as `openapiv3` types, with errors that name the smallest node of the
//! wrong shape. serde alone reports `data did not match any variant of untagged enum
//! ReferenceOr` for the whole document; here the value is re-checked part by part (schemas
//! depth-first, then parameters, bodies, responses, operations) to find the JSON pointer.

use crate::diag::{Diagnostic, JsonPointer};
use crate::spec::defects;
use crate::Error;
use openapiv3::{
    Components, Info, OpenAPI, Operation, Parameter, PathItem, Paths, ReferenceOr, RequestBody,
    Response, Schema, Server, Tag,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// `value` as an [`OpenAPI`] document; nesting deeper than [`crate::spec::depth::MAX_DEPTH`]
/// is refused (rather than risking the stack).
///
/// A part of the wrong shape is found at its JSON pointer. Inside one operation or one
/// component schema, that item alone is replaced by a marker ([`defects::DEFECT`]) that lowering turns
/// into a skip with this pointer and reason (see [`super::isolate`]), and reading goes on;
/// anywhere else (`"paths": []`, a bad `info`) the document is refused at that pointer.
pub fn openapi(value: &Value) -> Result<OpenAPI, Error> {
    crate::spec::depth::check(value)?;
    let mut patched: Option<Value> = None;
    let mut isolated: Vec<JsonPointer> = Vec::new();
    loop {
        let doc = patched.as_ref().unwrap_or(value);
        let e = match OpenAPI::deserialize(doc) {
            Ok(api) => return Ok(api),
            Err(e) => e,
        };
        let (pointer, reason) = find(doc).unwrap_or_else(|| (JsonPointer::root(), e.to_string()));
        let reason = format!("not a valid OpenAPI 3.0 document here: {reason}");
        // An item replaced once cannot fail again; if it did, stop rather than loop.
        if let Some(item) = defects::item_of(&pointer).filter(|i| !isolated.contains(i)) {
            let mut next = doc.clone();
            let problem = Diagnostic::new(&pointer, reason.clone());
            if defects::isolate(&mut next, vec![problem]).is_empty() {
                isolated.push(item);
                patched = Some(next);
                continue;
            }
        }
        return Err(Error::at(&pointer, reason));
    }
}

type Found = Option<(JsonPointer, String)>;

/// The error of reading `v` as a `T`, if any.
fn check<T: DeserializeOwned>(v: &Value, ptr: &JsonPointer) -> Found {
    T::deserialize(v)
        .err()
        .map(|e| (ptr.clone(), e.to_string()))
}

fn find(doc: &Value) -> Found {
    let root = JsonPointer::root();
    let Some(obj) = doc.as_object() else {
        return Some((root, "expected a JSON object".into()));
    };
    if let Some(components) = obj.get("components").and_then(Value::as_object) {
        let base = root.push("components");
        for (key, value) in components {
            let Some(map) = value.as_object() else {
                continue;
            };
            for (name, v) in map {
                let ptr = base.push(key).push(name);
                let found = match key.as_str() {
                    "schemas" => schema(v, &ptr),
                    "parameters" => parameter(v, &ptr),
                    "requestBodies" => body_or_response::<RequestBody>(v, &ptr),
                    "responses" => body_or_response::<Response>(v, &ptr),
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    if let Some(paths) = obj.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let ptr = root.push("paths").push(path);
            for (key, v) in item.as_object().into_iter().flatten() {
                let found = match key.as_str() {
                    "parameters" => parameters(v, &ptr.push(key)),
                    k if crate::spec::METHODS.contains(&k) => operation(v, &ptr.push(key)),
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
            if let Some(found) = check::<ReferenceOr<PathItem>>(item, &ptr) {
                return Some(found);
            }
        }
    }
    let part = |key: &str| obj.get(key).map(|v| (v, root.push(key)));
    None.or_else(|| part("info").and_then(|(v, p)| check::<Info>(v, &p)))
        .or_else(|| part("paths").and_then(|(v, p)| check::<Paths>(v, &p)))
        .or_else(|| part("servers").and_then(|(v, p)| check::<Vec<Server>>(v, &p)))
        .or_else(|| part("tags").and_then(|(v, p)| check::<Vec<Tag>>(v, &p)))
        .or_else(|| part("components").and_then(|(v, p)| check::<Components>(v, &p)))
}

fn schema(v: &Value, ptr: &JsonPointer) -> Found {
    if let Some(o) = v.as_object() {
        for (name, s) in o
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(found) = schema(s, &ptr.push("properties").push(name)) {
                return Some(found);
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(s) = o.get(key).filter(|s| s.is_object()) {
                if let Some(found) = schema(s, &ptr.push(key)) {
                    return Some(found);
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (i, s) in o
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(found) = schema(s, &ptr.push(key).push(i.to_string())) {
                    return Some(found);
                }
            }
        }
    }
    check::<ReferenceOr<Schema>>(v, ptr)
}

fn parameter(v: &Value, ptr: &JsonPointer) -> Found {
    v.get("schema")
        .and_then(|s| schema(s, &ptr.push("schema")))
        .or_else(|| check::<ReferenceOr<Parameter>>(v, ptr))
}

fn parameters(v: &Value, ptr: &JsonPointer) -> Found {
    match v.as_array() {
        Some(list) => list
            .iter()
            .enumerate()
            .find_map(|(i, p)| parameter(p, &ptr.push(i.to_string()))),
        None => check::<Vec<ReferenceOr<Parameter>>>(v, ptr),
    }
}

/// A request body or response: the schemas of its `content` first.
fn body_or_response<T: DeserializeOwned>(v: &Value, ptr: &JsonPointer) -> Found {
    let content = v.get("content").and_then(Value::as_object);
    for (media, m) in content.into_iter().flatten() {
        if let Some(s) = m.get("schema") {
            let p = ptr.push("content").push(media).push("schema");
            if let Some(found) = schema(s, &p) {
                return Some(found);
            }
        }
    }
    check::<ReferenceOr<T>>(v, ptr)
}

fn operation(v: &Value, ptr: &JsonPointer) -> Found {
    if let Some(found) = v
        .get("parameters")
        .and_then(|p| parameters(p, &ptr.push("parameters")))
    {
        return Some(found);
    }
    if let Some(found) = v
        .get("requestBody")
        .and_then(|b| body_or_response::<RequestBody>(b, &ptr.push("requestBody")))
    {
        return Some(found);
    }
    for (code, r) in v
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let p = ptr.push("responses").push(code);
        if let Some(found) = body_or_response::<Response>(r, &p) {
            return Some(found);
        }
    }
    check::<Operation>(v, ptr)
}
