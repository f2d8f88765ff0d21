//! Stable output: keys sorted at every level (explicitly, whatever serde_json features other
//! crates enable), two-space pretty JSON, one trailing newline.

use serde_json::{Map, Value};

/// `v` with every object's keys in sorted order.
pub fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out = Map::new();
            for (k, v) in entries {
                out.insert(k, sort_keys(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// The normalized text of a document.
pub fn to_json_string(v: &Value) -> String {
    let sorted = sort_keys(v.clone());
    let mut s = serde_json::to_string_pretty(&sorted).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorted_pretty_with_newline() {
        let s = to_json_string(&json!({"b": 1, "a": {"d": [ {"z": 1, "y": 2} ], "c": null}}));
        assert_eq!(
            s,
            "{\n  \"a\": {\n    \"c\": null,\n    \"d\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n"
        );
    }
}
