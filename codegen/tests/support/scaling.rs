//! A synthetic OpenAPI 3.0 document that grows by a factor `k` the way a real API description
//! grows: more tags, operations and schemas, all drawing on one namespace and on shared parts
//! (common schemas, a pool of shared parameters) rather than side-by-side copies. Every unit
//! has the constructs that cost the generator the most per byte: a long `allOf` inheritance
//! chain, a wide `oneOf` and `anyOf`, inline objects whose names collide across units, a
//! listing, operations with many shared parameters. Used by the scaling benchmark
//! (`benches/generate.rs`, `GENESYS_SCALING`): time and memory per input byte should stay
//! flat from 1× to 16×.
#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// Units (each: ~12 schemas, 4 operations) in the 1× document.
pub const UNITS: usize = 60;
/// Depth of each unit's `allOf` inheritance chain.
const CHAIN: usize = 8;
/// Width of each unit's `oneOf` / `anyOf`.
const WIDE: usize = 12;
/// Shared parameters per 1× (the pool grows with `k`).
const PARAMETERS: usize = 40;
/// Units per tag.
const UNITS_PER_TAG: usize = 6;

fn r(kind: &str, name: &str) -> Value {
    json!({ "$ref": format!("#/components/{kind}/{name}") })
}

fn schema(name: &str) -> Value {
    r("schemas", name)
}

/// The document at scale `k` (`k` ≥ 1): `k × UNITS` units.
pub fn document(k: usize) -> Value {
    let units = UNITS * k.max(1);
    let pool = PARAMETERS * k.max(1);
    let mut schemas = Map::new();
    let mut parameters = Map::new();
    let mut paths = Map::new();

    // Shared by every unit, as `Entity`, `Division`, `ErrorBody` are in Genesys' document.
    schemas.insert(
        "Entity".into(),
        json!({ "type": "object", "required": ["id"], "properties": {
            "id": { "type": "string" }, "name": { "type": "string" },
            "selfUri": { "type": "string", "format": "uri" } } }),
    );
    schemas.insert(
        "Division".into(),
        json!({ "allOf": [schema("Entity"), { "type": "object", "properties": {
            "homeDivision": { "type": "boolean" } } }] }),
    );
    schemas.insert(
        "State".into(),
        json!({ "type": "string", "enum": ["active", "inactive", "deleted"] }),
    );
    for p in 0..pool {
        let schema = if p % 3 == 0 {
            json!({ "type": "string", "enum": ["asc", "desc", format!("by{p}")] })
        } else if p % 3 == 1 {
            json!({ "type": "integer", "format": "int32", "default": 25 })
        } else {
            json!({ "type": "array", "items": { "type": "string" } })
        };
        parameters.insert(
            format!("q{p}"),
            json!({ "name": format!("q{p}"), "in": "query", "required": false,
                "description": format!("Shared query parameter {p}."), "schema": schema }),
        );
    }

    for u in 0..units {
        let thing = format!("Thing{u}");
        // The inheritance chain: Thing{u} → Thing{u}L{CHAIN-1} → … → Thing{u}L0 → Entity.
        for level in 0..CHAIN {
            let parent = if level == 0 {
                "Entity".to_owned()
            } else {
                format!("{thing}L{}", level - 1)
            };
            schemas.insert(
                format!("{thing}L{level}"),
                json!({ "allOf": [schema(&parent), { "type": "object", "properties": {
                    (format!("field{level}")): { "type": "string",
                        "description": format!("Level {level} of unit {u}.") },
                    (format!("count{level}")): { "type": "integer", "format": "int64" },
                } }] }),
            );
        }
        let variants: Vec<Value> = (0..WIDE)
            .map(|j| schema(&format!("Variant{u}x{j}")))
            .collect();
        for j in 0..WIDE {
            schemas.insert(
                format!("Variant{u}x{j}"),
                json!({ "type": "object", "required": ["kind"], "properties": {
                    "kind": { "type": "string" },
                    (format!("value{j}")): { "type": "number" },
                    "division": schema("Division") } }),
            );
        }
        schemas.insert(
            format!("Choice{u}"),
            json!({ "oneOf": variants, "discriminator": { "propertyName": "kind" } }),
        );
        let mut any: Vec<Value> = vec![
            json!({ "type": "string" }),
            json!({ "type": "integer" }),
            schema(&thing),
        ];
        any.extend(variants.iter().take(WIDE - 3).cloned());
        schemas.insert(format!("Loose{u}"), json!({ "anyOf": any }));
        schemas.insert(
            thing.clone(),
            json!({ "allOf": [schema(&format!("{thing}L{}", CHAIN - 1)), {
                "type": "object", "properties": {
                    "state": schema("State"),
                    "division": schema("Division"),
                    "choice": schema(&format!("Choice{u}")),
                    "loose": schema(&format!("Loose{u}")),
                    // Inline objects named alike in every unit (their type names collide).
                    "settings": { "type": "object", "properties": {
                        "enabled": { "type": "boolean" },
                        "mode": { "type": "string", "enum": ["on", "off", "auto"] },
                        "limits": { "type": "object", "properties": {
                            "max": { "type": "integer" }, "min": { "type": "integer" } } } } },
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "attributes": { "type": "object",
                        "additionalProperties": { "type": "string" } },
                    "parent": schema(&thing),
                } }] }),
        );
        schemas.insert(
            format!("{thing}Listing"),
            json!({ "type": "object", "properties": {
                "entities": { "type": "array", "items": schema(&thing) },
                "pageSize": { "type": "integer" }, "pageNumber": { "type": "integer" },
                "total": { "type": "integer", "format": "int64" },
                "nextUri": { "type": "string" }, "selfUri": { "type": "string" } } }),
        );

        let tag = format!("Area{}", u / UNITS_PER_TAG);
        let shared: Vec<Value> = (0..8)
            .map(|j| r("parameters", &format!("q{}", (u * 7 + j * 13) % pool)))
            .collect();
        let id = json!({ "name": "thingId", "in": "path", "required": true,
            "schema": { "type": "string" } });
        let ok = |name: &str| {
            json!({ "description": "ok", "content": {
                "application/json": { "schema": schema(name) } } })
        };
        let error = json!({ "description": "error", "content": { "application/json": {
            "schema": { "type": "object", "properties": {
                "message": { "type": "string" }, "code": { "type": "string" } } } } } });
        paths.insert(
            format!("/api/v2/area{}/things{u}", u / UNITS_PER_TAG),
            json!({
                "get": { "operationId": format!("getThings{u}"), "tags": [tag],
                    "summary": format!("List the things of unit {u}."),
                    "parameters": shared,
                    "responses": { "200": ok(&format!("{thing}Listing")), "400": error } },
                "post": { "operationId": format!("postThings{u}"), "tags": [tag],
                    "requestBody": { "required": true, "content": { "application/json": {
                        "schema": schema(&thing) } } },
                    "responses": { "200": ok(&thing), "400": error } },
            }),
        );
        paths.insert(
            format!("/api/v2/area{}/things{u}/{{thingId}}", u / UNITS_PER_TAG),
            json!({
                "get": { "operationId": format!("getThing{u}"), "tags": [tag],
                    "parameters": [id, r("parameters", &format!("q{}", u % pool))],
                    "responses": { "200": ok(&format!("Choice{u}")), "400": error } },
                "patch": { "operationId": format!("patchThing{u}"), "tags": [tag],
                    "parameters": [id],
                    // An inline body, named alike in every unit.
                    "requestBody": { "content": { "application/json": { "schema": {
                        "type": "object", "properties": {
                            "loose": schema(&format!("Loose{u}")),
                            "settings": { "type": "object", "properties": {
                                "enabled": { "type": "boolean" } } } } } } } },
                    "responses": { "200": ok(&thing), "400": error } },
            }),
        );
    }

    json!({
        "openapi": "3.0.0",
        "info": { "title": "scaling", "version": "1" },
        "paths": paths,
        "components": { "schemas": schemas, "parameters": parameters }
    })
}
