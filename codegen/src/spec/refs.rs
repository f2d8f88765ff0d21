//! `$ref` bookkeeping: finding every reference in a subtree and checking that each resolves.
//!
//! Some keys hold *data* rather than schema structure (`example`, `enum`, `default`, `x-`
//! extensions): an object inside them that happens to have a `$ref` key is a value, not a
//! reference, so it is neither followed nor checked. But a map of *names* (`properties`,
//! `definitions`, `responses`...) can have an entry called `default` or `enum`, and that entry is
//! structure again: the walk tracks which objects are such maps.

use crate::diag::{Diagnostic, JsonPointer};
use crate::Error;
use serde_json::Value;

/// Keys whose values are maps from user-chosen names to structure.
pub(crate) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "securityDefinitions",
    "paths",
    "content",
    "callbacks",
    "links",
    "examples",
];

/// Whether the value under `key` (in an object that is not a name map) is opaque data.
pub(crate) fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "enum" | "default") || key.starts_with("x-")
}

/// Calls `f(pointer, reference)` for every `"$ref": "<string>"` below `v`, skipping data (see
/// the module docs). Iterative, so deep documents cannot overflow the stack; the pointer is only
/// built when a reference is found (building one per node made this the slowest step).
pub fn each_ref(v: &Value, at: &JsonPointer, mut f: impl FnMut(&JsonPointer, &str)) {
    enum Step<'a> {
        /// Visit a value: its path segment (None for the start), is it a map of names?
        Enter(&'a Value, Option<Seg<'a>>, bool),
        /// Leave it: pop its segment.
        Exit,
    }
    #[derive(Clone, Copy)]
    enum Seg<'a> {
        Key(&'a str),
        Index(usize),
    }
    let mut path: Vec<Seg<'_>> = Vec::new();
    let mut stack = vec![Step::Enter(v, None, false)];
    while let Some(step) = stack.pop() {
        let (v, seg, name_map) = match step {
            Step::Exit => {
                path.pop();
                continue;
            }
            Step::Enter(v, seg, name_map) => (v, seg, name_map),
        };
        let pushed = seg.is_some();
        if let Some(seg) = seg {
            path.push(seg);
        }
        if pushed {
            stack.push(Step::Exit);
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if name_map {
                        stack.push(Step::Enter(child, Some(Seg::Key(k)), false));
                    } else if k == "$ref" {
                        if let Value::String(r) = child {
                            let mut ptr = at.clone();
                            for s in &path {
                                ptr = match s {
                                    Seg::Key(k) => ptr.push(k),
                                    Seg::Index(i) => ptr.push(i.to_string()),
                                };
                            }
                            f(&ptr.push("$ref"), r);
                        }
                    } else if !is_data_key(k) && (child.is_object() || child.is_array()) {
                        let names = child.is_object() && NAME_MAPS.contains(&k.as_str());
                        stack.push(Step::Enter(child, Some(Seg::Key(k)), names));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    if child.is_object() || child.is_array() {
                        stack.push(Step::Enter(child, Some(Seg::Index(i)), false));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every `$ref` must be a local pointer that resolves in `doc`.
pub fn check(doc: &Value) -> Result<(), Error> {
    let diags = problems(doc);
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(diags))
    }
}

/// Every `$ref` of `doc` that is not a local pointer resolving in it, sorted.
pub fn problems(doc: &Value) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    each_ref(doc, &JsonPointer::root(), |ptr, r| {
        let ok = r
            .strip_prefix('#')
            .is_some_and(|p| p.is_empty() || doc.pointer(p).is_some());
        if !ok {
            let what = if r.starts_with('#') {
                "dangling"
            } else {
                "non-local"
            };
            diags.push(Diagnostic::new(
                ptr,
                format!("{what} $ref '{r}': it does not resolve in this document"),
            ));
        }
    });
    diags.sort();
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dangling_ref_names_its_pointer() {
        let doc = json!({"components": {"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}}}});
        let err = check(&doc).unwrap_err();
        assert_eq!(
            err.to_string(),
            "at #/components/schemas/A/properties/b/$ref: dangling $ref '#/components/schemas/B': it does not resolve in this document"
        );
    }

    #[test]
    fn non_local_ref_is_an_error() {
        let doc = json!({"definitions": {"A": {"$ref": "other.json#/definitions/A"}}});
        assert_eq!(
            check(&doc).unwrap_err().to_string(),
            "at #/definitions/A/$ref: non-local $ref 'other.json#/definitions/A': it does not resolve in this document"
        );
    }

    #[test]
    fn data_is_skipped_but_properties_named_like_keywords_are_not() {
        let doc = json!({"definitions": {"A": {
            "example": {"$ref": "#/nowhere"},
            "x-vendor": {"$ref": "#/nowhere"},
            "properties": {
                "default": {"$ref": "#/definitions/Gone"},
                "enum": {"type": "string", "default": {"$ref": "#/data"}}
            }
        }}});
        let mut seen = Vec::new();
        each_ref(&doc, &JsonPointer::root(), |p, r| {
            seen.push(format!("{p} {r}"))
        });
        assert_eq!(
            seen,
            ["#/definitions/A/properties/default/$ref #/definitions/Gone"]
        );
    }

    #[test]
    fn response_named_default_is_followed() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {"default": {"$ref": "#/responses/E"}}}}}});
        assert_eq!(
            check(&doc).unwrap_err().to_string(),
            "at #/paths/~1a/get/responses/default/$ref: dangling $ref '#/responses/E': it does not resolve in this document"
        );
    }
}
