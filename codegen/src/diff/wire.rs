//! What the diff reads from the JSON documents: only what the IR does not carry because it
//! never reaches a Rust signature (the wire format of a schema the generator maps to the same
//! Rust type, the values of non-string enums, error responses and extra success statuses).
//! Every lookup starts at a pointer the IR recorded, so the JSON is never walked on its own.

use crate::diag::JsonPointer;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One document, looked up by the pointers its IR recorded.
#[derive(Clone, Copy)]
pub(super) struct Doc<'a>(pub &'a Value);

impl<'a> Doc<'a> {
    /// The value at an IR pointer (`#/…`), following `$ref`s to local components.
    pub fn at(self, pointer: &str) -> Option<&'a Value> {
        let v = self.0.pointer(JsonPointer::parse(pointer).as_str())?;
        Some(self.deref(v))
    }

    /// Follows a local `$ref` chain (at most 8 hops: cycles were rejected by the loader).
    fn deref(self, mut v: &'a Value) -> &'a Value {
        for _ in 0..8 {
            let target = v
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| self.0.pointer(p));
            match target {
                Some(t) => v = t,
                None => break,
            }
        }
        v
    }

    /// The schema at `pointer` in one string (`string/date-time`, `array<User>`), without
    /// following its `$ref` (a reference is described by the schema it names).
    pub fn wire_sig(self, pointer: &str) -> Option<String> {
        self.0
            .pointer(JsonPointer::parse(pointer).as_str())
            .map(wire_sig)
    }

    /// The `enum` values of the schema at `pointer`, as strings.
    pub fn enum_values(self, pointer: &str) -> Option<BTreeSet<String>> {
        let vs = self.at(pointer)?.get("enum")?.as_array()?;
        Some(
            vs.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        )
    }

    /// The pointer of the JSON schema of the first success response with a body (the one the
    /// generator decodes; `statuses` are the IR's, `0` for `default`).
    pub fn success_schema(self, op_pointer: &str, statuses: &[u16]) -> Option<String> {
        let op = JsonPointer::parse(op_pointer);
        let rs = self.at(op_pointer)?.get("responses")?.as_object()?;
        statuses.iter().find_map(|code| {
            let key = match code {
                0 => "default".to_owned(),
                c => c.to_string(),
            };
            let (key, r) = rs
                .get_key_value(&key)
                .or_else(|| rs.get_key_value("2XX").filter(|_| *code == 200))?;
            let base = match r.get("$ref").and_then(Value::as_str) {
                Some(target) => JsonPointer::parse(target),
                None => op.push("responses").push(key),
            };
            let (media, m) = self.deref(r).get("content")?.as_object()?.iter().next()?;
            m.get("schema")?;
            Some(base.push("content").push(media).push("schema").to_string())
        })
    }

    /// Every response of the operation at `op_pointer`: status → the wire description of its
    /// JSON body (`None`: no body).
    pub fn responses(self, op_pointer: &str) -> BTreeMap<String, Option<String>> {
        let mut out = BTreeMap::new();
        let Some(rs) = self
            .at(op_pointer)
            .and_then(|op| op.get("responses"))
            .and_then(Value::as_object)
        else {
            return out;
        };
        for (status, r) in rs {
            let body = self
                .deref(r)
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"))
                .map(wire_sig);
            out.insert(status.clone(), body);
        }
        out
    }
}

/// `allOf: [{$ref}]` (how a `$ref` with siblings is written) → the `$ref` part.
fn single_ref_all_of(s: &Value) -> Option<&Value> {
    match s.get("allOf")?.as_array()?.as_slice() {
        [one] if one.get("$ref").is_some() => Some(one),
        _ => None,
    }
}

/// A schema's wire type in one string (`User`, `string/date-time`, `array<User>`,
/// `map<string>`, `object`, `string(enum)`), for messages and docs-level comparisons.
pub(super) fn wire_sig(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return JsonPointer::parse(r)
            .segments()
            .last()
            .unwrap_or_else(|| r.to_owned());
    }
    if let Some(one) = single_ref_all_of(s) {
        return wire_sig(one);
    }
    if s.get("allOf").is_some() {
        return "allOf".into();
    }
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("any");
    match ty {
        "array" => format!(
            "array<{}>",
            s.get("items").map_or_else(|| "any".into(), wire_sig)
        ),
        "object" => match s.get("additionalProperties") {
            Some(ap) if ap.is_object() => format!("map<{}>", wire_sig(ap)),
            _ => "object".into(),
        },
        _ if s.get("enum").is_some() => format!("{ty}(enum)"),
        t => match s.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}/{f}"),
            None => t.to_owned(),
        },
    }
}
