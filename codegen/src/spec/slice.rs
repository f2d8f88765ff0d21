//! Keeping only the operations of some tags, and exactly the components they reach.

use super::refs::each_ref;
use crate::diag::JsonPointer;
use crate::Error;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// An OpenAPI 3.0 document reduced to the operations tagged with any of `tags` (compared
/// case-insensitively) and the transitive closure of the components they reference.
pub fn slice(doc: &Value, tags: &[String]) -> Result<Value, Error> {
    let wanted: BTreeSet<String> = tags.iter().map(|t| t.to_lowercase()).collect();
    let mut out = doc.as_object().cloned().unwrap_or_default();

    let mut paths = Map::new();
    let mut used_tags: BTreeSet<String> = BTreeSet::new();
    if let Some(ps) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in ps {
            let Some(item) = item.as_object() else {
                continue;
            };
            let mut kept = Map::new();
            let mut any_op = false;
            for (k, v) in item {
                if super::METHODS.contains(&k.as_str()) {
                    let op_tags = super::strings_of(v.get("tags"));
                    if op_tags.iter().any(|t| wanted.contains(&t.to_lowercase())) {
                        used_tags.extend(op_tags);
                        kept.insert(k.clone(), v.clone());
                        any_op = true;
                    }
                } else {
                    kept.insert(k.clone(), v.clone());
                }
            }
            if any_op {
                paths.insert(path.clone(), Value::Object(kept));
            }
        }
    }
    let paths = Value::Object(paths);

    // Closure over `#/components/<kind>/<name>` references, breadth first.
    let components = doc.get("components").cloned().unwrap_or_default();
    let mut keep: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut queue: Vec<String> = Vec::new();
    let collect = |v: &Value, queue: &mut Vec<String>| {
        each_ref(v, &JsonPointer::root(), |_, r| queue.push(r.to_owned()));
    };
    collect(&paths, &mut queue);
    if let Some(sec) = doc.get("security") {
        collect(sec, &mut queue);
    }
    while let Some(r) = queue.pop() {
        let Some(rest) = r.strip_prefix("#/components/") else {
            continue;
        };
        let mut segs = JsonPointer::parse(&format!("/{rest}"))
            .segments()
            .collect::<Vec<_>>()
            .into_iter();
        let (Some(kind), Some(name)) = (segs.next(), segs.next()) else {
            continue;
        };
        if keep.entry(kind.clone()).or_default().insert(name.clone()) {
            if let Some(target) = components.get(&kind).and_then(|k| k.get(&name)) {
                collect(target, &mut queue);
            }
        }
    }
    let mut new_components = Map::new();
    if let Some(comps) = components.as_object() {
        for (kind, entries) in comps {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            let kept: Map<String, Value> = if kind == "securitySchemes" {
                entries.clone()
            } else {
                let names = keep.get(kind);
                entries
                    .iter()
                    .filter(|(n, _)| names.is_some_and(|s| s.contains(*n)))
                    .map(|(n, v)| (n.clone(), v.clone()))
                    .collect()
            };
            if !kept.is_empty() || kind == "schemas" {
                new_components.insert(kind.clone(), Value::Object(kept));
            }
        }
    }

    // Only the tags still in use, with their declarations when the document has them.
    let declared: Vec<Value> = doc
        .get("tags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut tag_list: Vec<Value> = Vec::new();
    for t in &used_tags {
        let decl = declared
            .iter()
            .find(|d| d.get("name").and_then(Value::as_str) == Some(t.as_str()))
            .cloned()
            .unwrap_or_else(|| serde_json::json!({ "name": t }));
        tag_list.push(decl);
    }

    out.insert("paths".into(), paths);
    out.insert("components".into(), Value::Object(new_components));
    out.insert("tags".into(), Value::Array(tag_list));
    Ok(Value::Object(out))
}
