//! Generated OpenAPI documents whose schemas form chains, DAGs and cycles of `N` schemas, with
//! every use fanned out through `allOf` wrappers, merges, arrays and maps: the shapes converted
//! real-world documents are made of, and the ones that made lowering exponential or recursive
//! without end. Shared by the linear-growth test, the small-stack test and the benchmark.
#![allow(dead_code)]

use serde_json::{json, Map, Value};

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// `{"allOf": [{"$ref": …}, {"description": …}]}`: a reference with a description attached.
pub fn wrap(name: &str, why: &str) -> Value {
    json!({ "allOf": [r(name), { "description": why }] })
}

/// A document with `schemas` and one operation per entry of `returns`.
pub fn document(schemas: Map<String, Value>, returns: &[&str]) -> Value {
    let mut paths = Map::new();
    for (i, name) in returns.iter().enumerate() {
        paths.insert(
            format!("/r{i}"),
            json!({ "get": {
                "operationId": format!("get{name}"),
                "tags": ["Graph"],
                "responses": { "200": { "description": "ok", "content": {
                    "application/json": { "schema": r(name) } } } }
            } }),
        );
    }
    json!({
        "openapi": "3.0.0",
        "info": { "title": "graph", "version": "1" },
        "paths": paths,
        "components": { "schemas": schemas }
    })
}

/// The family: `S0 … S(n-1)`, each with a string `v` and two properties `a`, `b`
/// wrapping `S(i+1)`; one operation returns `S0`. Lowered naively: 2^n copies.
pub fn wrapper_chain(n: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..n {
        let mut props = Map::new();
        props.insert("v".into(), json!({ "type": "string" }));
        if i + 1 < n {
            let next = format!("S{}", i + 1);
            props.insert("a".into(), wrap(&next, "first use"));
            props.insert("b".into(), wrap(&next, "second use"));
        }
        schemas.insert(
            format!("S{i}"),
            json!({ "type": "object", "properties": props }),
        );
    }
    document(schemas, &["S0"])
}

/// A DAG where each `Si` uses `S(i+1)` and `S(i+2)` four ways each (wrapper, array of wrapper,
/// map of wrapper, inline merge with an extra property), inherits a shared `Base` through a
/// named merge, refers to a shared enum through a wrapper, and points back to `S0` (a
/// containment cycle closed through a wrapper).
pub fn fan_out_dag(n: usize) -> Value {
    let mut schemas = Map::new();
    schemas.insert(
        "Base".into(),
        json!({ "type": "object", "required": ["id"], "properties": {
            "id": { "type": "string" }, "size": { "type": "number" } } }),
    );
    schemas.insert(
        "Kind".into(),
        json!({ "type": "string", "enum": ["a", "b", "c"] }),
    );
    for i in 0..n {
        let mut props = Map::new();
        props.insert("kind".into(), wrap("Kind", "the kind"));
        props.insert("back".into(), wrap("S0", "the root"));
        for (key, j) in [("one", i + 1), ("two", i + 2)] {
            if j >= n {
                continue;
            }
            let s = format!("S{j}");
            props.insert(key.to_owned(), wrap(&s, "a wrapped use"));
            props.insert(
                format!("{key}List"),
                json!({ "type": "array", "items": wrap(&s, "an item") }),
            );
            props.insert(
                format!("{key}Map"),
                json!({ "type": "object", "additionalProperties": wrap(&s, "a value") }),
            );
            props.insert(
                format!("{key}Plus"),
                json!({ "allOf": [r(&s), { "type": "object", "properties": {
                    "note": { "type": "string" } } }] }),
            );
        }
        schemas.insert(
            format!("S{i}"),
            json!({ "allOf": [r("Base"), { "type": "object", "properties": props }] }),
        );
    }
    document(schemas, &["S0"])
}

/// A ring: each `Si` wraps its neighbours, merges itself into an inline property
/// (`self + extra`), and inherits `S0` through a wrapped merge part (`S0` itself inherits
/// nothing, so no inheritance cycle).
pub fn ring(n: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..n {
        let me = format!("S{i}");
        let next = format!("S{}", (i + 1) % n);
        let prev = format!("S{}", (i + n - 1) % n);
        let own = json!({ "type": "object", "properties": {
            (format!("next{i}")): wrap(&next, "next"),
            (format!("prev{i}")): { "type": "array", "items": wrap(&prev, "previous") },
            (format!("more{i}")): { "allOf": [r(&me), { "properties": {
                "extra": { "type": "integer" } } }] },
        } });
        let schema = if i == 0 {
            own
        } else {
            json!({ "allOf": [wrap("S0", "inherited"), own] })
        };
        schemas.insert(me, schema);
    }
    document(schemas, &["S0", &format!("S{}", n - 1)])
}

/// Chains of named aliases: `Li` = array of `L(i+1)`, `Pi` = `$ref P(i+1)`, ending in
/// a struct `End` with a float (so `Eq` must be found underivable through the whole chain),
/// and a struct using every alias.
pub fn alias_chains(n: usize) -> Value {
    let mut schemas = Map::new();
    schemas.insert(
        "End".into(),
        json!({ "type": "object", "properties": { "x": { "type": "number" } } }),
    );
    let mut uses = Map::new();
    for i in 0..n {
        let (l_next, p_next) = if i + 1 < n {
            (format!("L{}", i + 1), format!("P{}", i + 1))
        } else {
            ("End".to_owned(), "End".to_owned())
        };
        schemas.insert(
            format!("L{i}"),
            json!({ "type": "array", "items": r(&l_next) }),
        );
        schemas.insert(format!("P{i}"), r(&p_next));
        schemas.insert(
            format!("C{i}"),
            json!({ "type": "object", "properties": {
                "p": r(&format!("P{i}")), "l": r(&format!("L{i}")),
                "c": r(&format!("C{}", (i + 1) % n)) } }),
        );
        uses.insert(format!("p{i}"), r(&format!("P{i}")));
        uses.insert(format!("l{i}"), r(&format!("L{i}")));
    }
    schemas.insert(
        "Uses".into(),
        json!({ "type": "object", "properties": uses }),
    );
    document(schemas, &["Uses", "C0"])
}

/// Builds a family's document for a size.
pub type Family = fn(usize) -> Value;

/// Every family, by name.
pub fn families() -> Vec<(&'static str, Family)> {
    vec![
        ("wrapper_chain", wrapper_chain as Family),
        ("fan_out_dag", fan_out_dag),
        ("ring", ring),
        ("alias_chains", alias_chains),
    ]
}

/// A document of about `bytes` bytes made of wrapper chains (the benchmark's 5 MB input):
/// [`fan_out_dag`] blocks of 200 schemas, renamed apart, side by side.
pub fn synthetic(bytes: usize) -> Value {
    let block = fan_out_dag(200);
    let block_len = serde_json::to_vec(&block)
        .map(|v| v.len())
        .unwrap_or(1)
        .max(1);
    let blocks = bytes.div_ceil(block_len).max(1);
    let mut schemas = Map::new();
    let mut returns = Vec::new();
    for b in 0..blocks {
        let text = serde_json::to_string(&block["components"]["schemas"]).unwrap_or_default();
        // Rename `S<i>`, `Base`, `Kind` apart per block; wire names are the only names.
        let text = text
            .replace("schemas/S", &format!("schemas/B{b}S"))
            .replace("schemas/Base", &format!("schemas/B{b}Base"))
            .replace("schemas/Kind", &format!("schemas/B{b}Kind"));
        let Ok(Value::Object(block_schemas)) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        for (name, schema) in block_schemas {
            schemas.insert(format!("B{b}{name}"), schema);
        }
        returns.push(format!("B{b}S0"));
    }
    let returns: Vec<&str> = returns.iter().map(String::as_str).collect();
    document(schemas, &returns)
}
