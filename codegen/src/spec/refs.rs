//! `$ref` bookkeeping: finding every reference in a subtree and checking that each resolves.

use crate::diag::{Diagnostic, JsonPointer};
use crate::Error;
use serde_json::Value;

/// Calls `f(pointer, reference)` for every `"$ref": "<string>"` below `v`. Iterative, so deep
/// documents cannot overflow the stack.
pub fn each_ref(v: &Value, at: &JsonPointer, mut f: impl FnMut(&JsonPointer, &str)) {
    let mut stack: Vec<(&Value, JsonPointer)> = vec![(v, at.clone())];
    while let Some((v, ptr)) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k == "$ref" {
                        if let Value::String(r) = child {
                            f(&ptr.push("$ref"), r);
                        }
                    } else {
                        stack.push((child, ptr.push(k)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((child, ptr.push(i.to_string())));
                }
            }
            _ => {}
        }
    }
}

/// Every `$ref` must be a local pointer that resolves in `doc`.
pub fn check(doc: &Value) -> Result<(), Error> {
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
    if diags.is_empty() {
        Ok(())
    } else {
        diags.sort();
        Err(Error::Invalid(diags))
    }
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
}
