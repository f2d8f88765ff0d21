//! `--facts-only`: drop upstream prose, keep the facts.
//!
//! Why: the generated client and `spec/` should carry what the API *is* (paths, types, enums,
//! permissions, error codes), not upstream wording we have no licence to republish.
//!
//! Removed: every `description` string, `info.termsOfService` and `info.contact` (`license`
//! names a fact and stays), `externalDocs`, and the message texts of `x-inin-error-codes`: that
//! map becomes the **sorted array of its codes** (`["bad.request", "not.found"]`). Response
//! descriptions, which OpenAPI requires, become the HTTP reason phrase of their status
//! (`200` → `OK`, `default` → `Default response`). OAuth scope descriptions become empty
//! strings. Operation `summary`s are kept.

use super::refs::NAME_MAPS;
use serde_json::{json, Value};

/// Strips prose from an OpenAPI 3.0 document in place.
pub fn strip_prose(doc: &mut Value) {
    strip(doc);
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        for k in ["termsOfService", "contact"] {
            info.remove(k);
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in item.values_mut().filter_map(Value::as_object_mut) {
                if let Some(rs) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    reason_phrases(rs);
                }
            }
        }
    }
    if let Some(rs) = doc
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        reason_phrases(rs);
    }
    if let Some(schemes) = doc
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    {
        for flows in schemes
            .values_mut()
            .filter_map(|s| s.get_mut("flows"))
            .filter_map(Value::as_object_mut)
        {
            for scopes in flows
                .values_mut()
                .filter_map(|f| f.get_mut("scopes"))
                .filter_map(Value::as_object_mut)
            {
                for v in scopes.values_mut() {
                    *v = json!("");
                }
            }
        }
    }
}

fn reason_phrases(responses: &mut serde_json::Map<String, Value>) {
    for (code, r) in responses.iter_mut() {
        if let Some(obj) = r.as_object_mut() {
            if !obj.contains_key("$ref") {
                obj.insert("description".into(), json!(reason(code)));
            }
        }
    }
}

/// Walks everything, iteratively. Like [`super::refs::each_ref`], it knows which objects are
/// maps of names, so a property called `description` or `externalDocs` stays, and it leaves the
/// values of `example`, `enum` and `default` alone (they are data, not prose).
fn strip(v: &mut Value) {
    let mut stack: Vec<(&mut Value, bool)> = vec![(v, false)];
    while let Some((v, name_map)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if name_map {
                    stack.extend(map.values_mut().map(|c| (c, false)));
                    continue;
                }
                if map.get("description").is_some_and(Value::is_string) {
                    map.remove("description");
                }
                map.remove("externalDocs");
                if let Some(codes) = map.get_mut("x-inin-error-codes") {
                    if let Some(obj) = codes.as_object() {
                        let mut keys: Vec<String> = obj.keys().cloned().collect();
                        keys.sort();
                        *codes = json!(keys);
                    }
                }
                for (k, child) in map.iter_mut() {
                    if k != "x-inin-error-codes"
                        && !matches!(k.as_str(), "example" | "enum" | "default")
                    {
                        let names = child.is_object() && NAME_MAPS.contains(&k.as_str());
                        stack.push((child, names));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut().map(|c| (c, false))),
            _ => {}
        }
    }
}

/// The HTTP reason phrase of a status code as written in a spec (`default` included).
pub fn reason(code: &str) -> &'static str {
    match code {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "Non-Authoritative Information",
        "204" => "No Content",
        "206" => "Partial Content",
        "301" => "Moved Permanently",
        "302" => "Found",
        "303" => "See Other",
        "304" => "Not Modified",
        "307" => "Temporary Redirect",
        "308" => "Permanent Redirect",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "402" => "Payment Required",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "406" => "Not Acceptable",
        "408" => "Request Timeout",
        "409" => "Conflict",
        "410" => "Gone",
        "411" => "Length Required",
        "412" => "Precondition Failed",
        "413" => "Content Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Content",
        "423" => "Locked",
        "424" => "Failed Dependency",
        "428" => "Precondition Required",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "501" => "Not Implemented",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "504" => "Gateway Timeout",
        "default" => "Default response",
        _ => "Response",
    }
}
