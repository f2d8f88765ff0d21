//! OpenAPI 3.1 → the 3.0 model the generator reads.
//!
//! 3.1 schemas are JSON Schema 2020-12; most of what API descriptions use has a 3.0 spelling:
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [T, "null"]`, `oneOf`/`anyOf` with a `{type: "null"}` branch | `type: T`, `nullable: true` |
//! | `type: [A, B]` | `oneOf` of one schema per type, each with its type's keywords |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` (in a schema) | `example: a` |
//! | `$ref` with sibling keywords (they apply) | `allOf: [{$ref}]` with the siblings |
//! | `exclusiveMinimum: n` (a number) | `minimum: n`, `exclusiveMinimum: true` (same for maximum) |
//! | `contentEncoding: base64` / `contentMediaType` on a string | `format: byte` / `format: binary` |
//! | `paths` entries referring to `components/pathItems` | the path item, inline |
//!
//! `webhooks` are left out with a note (a client makes requests; it does not receive them),
//! and annotations 3.0 lacks (`$schema`, `$id`, `$comment`, `info.summary`, a license
//! `identifier`, `jsonSchemaDialect`) are dropped. What 3.0 cannot express at all
//! (`prefixItems`, `if`/`then`/`else`, `patternProperties`, a schema that is only `null`…) is
//! refused by pointer: inside one operation or schema that item is skipped (see [`super::defects`]),
//! elsewhere the document is refused. The notes are recorded in the document as
//! [`NOTES`] and copied into `spec/source.json`.

use crate::diag::{Diagnostic, JsonPointer};
use serde_json::{json, Map, Value};

/// Root extension holding what the lowering left out: `{"from": "3.1.0", "notes": [...]}`.
pub const NOTES: &str = "x-genesys-rs-from-openapi-3.1";

/// JSON Schema keywords 3.0 has no way to say, refused where they appear.
const INEXPRESSIBLE: &[&str] = &[
    "prefixItems",
    "patternProperties",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "$defs",
    "$dynamicRef",
    "$dynamicAnchor",
];

/// Annotations without a 3.0 counterpart and without a fact the generator uses.
const DROPPED: &[&str] = &["$schema", "$id", "$anchor", "$comment", "contentSchema"];

/// Keywords that belong to one `type` (distributed when `type` lists several).
fn keyword_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            "object"
        }
        _ => return None,
    })
}

/// Lowers a 3.1 document in place. Returns the problems 3.0 cannot express (pointers into the
/// document as given); notes on what was left out are in the document under [`NOTES`].
pub fn lower(doc: &mut Value) -> Vec<Diagnostic> {
    let mut cx = Cx::default();
    let from = doc.get("openapi").cloned().unwrap_or(Value::Null);
    let Some(root) = doc.as_object_mut() else {
        return cx.problems;
    };
    root.insert("openapi".into(), json!("3.0.3"));
    if let Some(Value::Object(hooks)) = root.remove("webhooks") {
        let mut names: Vec<&String> = hooks.keys().collect();
        names.sort();
        cx.notes.push(format!(
            "webhooks ignored ({}): OpenAPI 3.0 has none, and a client does not receive requests",
            names
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    let path_items = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("pathItems"));
    let paths = root.entry("paths").or_insert_with(|| json!({}));
    if let (Some(Value::Object(paths)), Some(Value::Object(items))) =
        (Some(&mut *paths), &path_items)
    {
        for (path, item) in paths.iter_mut() {
            let target = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                .and_then(|name| items.get(&unescape(name)));
            if let Some(target) = target {
                *item = target.clone();
            } else if item.get("$ref").is_some() {
                let at = JsonPointer::root().push("paths").push(path).push("$ref");
                cx.problems.push(Diagnostic::new(
                    &at,
                    "a path item $ref outside components/pathItems cannot be expressed in OpenAPI 3.0",
                ));
            }
        }
    }
    cx.structure(doc, &JsonPointer::root());
    if let Some(root) = doc.as_object_mut() {
        if cx.notes.is_empty() {
            root.remove(NOTES);
        } else {
            root.insert(NOTES.into(), json!({ "from": from, "notes": cx.notes }));
        }
    }
    cx.problems
}

fn unescape(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

#[derive(Default)]
struct Cx {
    problems: Vec<Diagnostic>,
    notes: Vec<String>,
}

impl Cx {
    fn refuse(&mut self, at: &JsonPointer, msg: impl Into<String>) {
        self.problems.push(Diagnostic::new(at, msg));
    }

    /// Everything that is not a schema: walks to the schemas (`schema` members, and the
    /// entries of `components/schemas`), and drops the `summary`/`description` 3.1 allows
    /// beside a `$ref` (3.0 ignores siblings of a reference object).
    fn structure(&mut self, v: &mut Value, at: &JsonPointer) {
        match v {
            Value::Object(map) => {
                if map.contains_key("$ref") {
                    map.remove("summary");
                    map.remove("description");
                }
                let is_components = at.as_str() == "/components";
                for (k, child) in map.iter_mut() {
                    let here = at.push(k);
                    if k.starts_with("x-") || matches!(k.as_str(), "example" | "examples") {
                        continue;
                    }
                    if k == "schema" {
                        self.schema(child, &here);
                    } else if is_components && k == "schemas" {
                        if let Value::Object(schemas) = child {
                            for (name, s) in schemas.iter_mut() {
                                let p = here.push(name);
                                self.schema(s, &p);
                            }
                        }
                    } else {
                        self.structure(child, &here);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.structure(child, &at.push(i.to_string()));
                }
            }
            _ => {}
        }
    }

    /// One schema (and, recursively, its subschemas).
    fn schema(&mut self, v: &mut Value, at: &JsonPointer) {
        let Value::Object(map) = v else {
            if v.is_boolean() {
                self.refuse(at, "a boolean schema cannot be expressed in OpenAPI 3.0");
            }
            return;
        };
        for key in INEXPRESSIBLE {
            if map.contains_key(*key) {
                self.refuse(
                    &at.push(key),
                    format!("`{key}` (JSON Schema 2020-12) cannot be expressed in OpenAPI 3.0"),
                );
            }
        }
        for key in DROPPED {
            map.remove(*key);
        }
        // Before the branches are lowered: a `{type: "null"}` branch alone is no defect.
        self.null_branches(map, at);
        self.subschemas(map, at);
        if map.contains_key("$ref") && map.len() > 1 {
            let r = map.remove("$ref").unwrap_or_default();
            let mut parts = vec![json!({ "$ref": r })];
            if let Some(Value::Array(more)) = map.remove("allOf") {
                parts.extend(more);
            }
            map.insert("allOf".into(), Value::Array(parts));
        }
        if let Some(c) = map.remove("const") {
            match map.get("enum").and_then(Value::as_array) {
                Some(values) if !values.contains(&c) => {
                    self.refuse(&at.push("const"), "`const` is none of the `enum` values")
                }
                _ => {
                    map.insert("enum".into(), json!([c]));
                }
            }
        }
        if let Some(examples) = map.remove("examples") {
            if let (Value::Array(list), false) = (&examples, map.contains_key("example")) {
                if let Some(first) = list.first() {
                    map.insert("example".into(), first.clone());
                }
            }
        }
        for (excl, bound, tighter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let Some(n) = map.get(excl).and_then(Value::as_f64) else {
                continue;
            };
            let excl_value = map.remove(excl).unwrap_or_default();
            let other = map.get(bound).and_then(Value::as_f64);
            // Both bounds apply in 3.1; 3.0 has one, so keep the tighter.
            if other.is_none_or(|b| n.partial_cmp(&b) != Some(tighter.reverse())) {
                map.insert(bound.into(), excl_value);
                map.insert(excl.into(), json!(true));
            }
        }
        if map.get("type").and_then(Value::as_str) == Some("string") {
            if map.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
                map.entry("format").or_insert(json!("byte"));
            } else if map.contains_key("contentMediaType") {
                map.entry("format").or_insert(json!("binary"));
            }
        }
        map.remove("contentEncoding");
        map.remove("contentMediaType");
        self.types(map, at);
    }

    /// Lowers every subschema of `map`.
    fn subschemas(&mut self, map: &mut Map<String, Value>, at: &JsonPointer) {
        for (k, child) in map.iter_mut() {
            let here = at.push(k);
            match (k.as_str(), child) {
                ("properties", Value::Object(props)) => {
                    for (name, p) in props.iter_mut() {
                        let p_at = here.push(name);
                        self.schema(p, &p_at);
                    }
                }
                ("items" | "additionalProperties" | "not", c) if c.is_object() => {
                    self.schema(c, &here)
                }
                ("allOf" | "anyOf" | "oneOf", Value::Array(parts)) => {
                    for (i, p) in parts.iter_mut().enumerate() {
                        self.schema(p, &here.push(i.to_string()));
                    }
                }
                _ => {}
            }
        }
    }

    /// `oneOf`/`anyOf` with `{type: "null"}` branches: the branches go, `nullable` comes; a
    /// single branch left becomes `allOf: [it]` (a reference with annotations).
    fn null_branches(&mut self, map: &mut Map<String, Value>, at: &JsonPointer) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(parts)) = map.get_mut(key) else {
                continue;
            };
            let before = parts.len();
            parts.retain(|p| !is_null_schema(p));
            if parts.len() == before {
                continue;
            }
            map.insert("nullable".into(), json!(true));
            let parts = match map.remove(key) {
                Some(Value::Array(parts)) => parts,
                _ => Vec::new(),
            };
            match parts.len() {
                0 => self.refuse(
                    &at.push(key),
                    "a schema that is only `null` cannot be expressed in OpenAPI 3.0",
                ),
                1 if !map.contains_key("allOf") => {
                    map.insert("allOf".into(), Value::Array(parts));
                }
                _ => {
                    map.insert(key.into(), Value::Array(parts));
                }
            }
        }
    }

    /// `type` as a list: `null` becomes `nullable`; several types become a `oneOf`.
    fn types(&mut self, map: &mut Map<String, Value>, at: &JsonPointer) {
        let types: Vec<String> = match map.get("type") {
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(t)) if t == "null" => vec![t.clone()],
            _ => return,
        };
        map.remove("type");
        let mut rest: Vec<&str> = types.iter().map(String::as_str).collect();
        if rest.contains(&"null") {
            rest.retain(|t| *t != "null");
            map.insert("nullable".into(), json!(true));
        }
        match rest.as_slice() {
            [] => self.refuse(
                &at.push("type"),
                "a schema that is only `null` cannot be expressed in OpenAPI 3.0",
            ),
            [one] => {
                map.insert("type".into(), json!(one));
            }
            several => {
                if map.contains_key("oneOf") || map.contains_key("anyOf") {
                    self.refuse(
                        &at.push("type"),
                        "several types beside `oneOf`/`anyOf` cannot be expressed in OpenAPI 3.0",
                    );
                    return;
                }
                let mut branches = Vec::new();
                for t in several {
                    let mut b = Map::new();
                    b.insert("type".into(), json!(t));
                    for (k, v) in map.iter() {
                        let owner = keyword_type(k);
                        let fits = owner == Some(*t)
                            || (owner == Some("number") && *t == "integer")
                            || (k == "format" && matches!(*t, "string" | "number" | "integer"));
                        if fits {
                            b.insert(k.clone(), v.clone());
                        }
                    }
                    branches.push(Value::Object(b));
                }
                map.retain(|k, _| keyword_type(k).is_none() && k != "format");
                map.insert("oneOf".into(), Value::Array(branches));
            }
        }
    }
}

/// `{type: "null"}` or `{type: ["null"]}` (annotations aside).
fn is_null_schema(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(list)) => list.len() == 1 && list[0] == "null",
        _ => false,
    }
}
