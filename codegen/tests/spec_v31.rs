//! OpenAPI 3.1 input: each construct lowered to the 3.0 model the generator reads, on small 3.1
//! documents; what 3.0 cannot express refused by pointer (the item skipped, or the document
//! refused outside any item); and a whole 3.1 document imported and generated.

use codegen::spec::{self, ImportOptions};
use serde_json::{json, Value};

/// A 3.1 document whose one operation returns `Thing`, with `schemas` as components.
fn doc31(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1", "summary": "3.1 only",
                  "license": { "name": "MIT", "identifier": "MIT" } },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "paths": { "/things/{id}": { "get": {
            "tags": ["Things"], "operationId": "getThing",
            "parameters": [{ "name": "id", "in": "path", "required": true,
                             "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Thing" } } } } }
        } } },
        "components": { "schemas": schemas }
    })
}

fn load(doc: &Value) -> Value {
    spec::load(doc.to_string().as_bytes()).unwrap()
}

/// `components/schemas/<name>` of the lowered document.
fn lowered(schemas: Value, name: &str) -> Value {
    load(&doc31(schemas))["components"]["schemas"][name].clone()
}

/// What the generator skips, one line each.
fn skips(doc: &Value) -> Vec<String> {
    let api = codegen::openapi_from_value(&load(doc)).unwrap();
    let out = codegen::generate(&api).unwrap();
    out.skipped.iter().map(ToString::to_string).collect()
}

#[test]
fn version_and_root_fields_become_3_0() {
    let doc = load(&doc31(json!({ "Thing": { "type": "object" } })));
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc.get("jsonSchemaDialect").is_none());
    assert!(doc["info"].get("summary").is_none());
    assert_eq!(doc["info"]["license"], json!({ "name": "MIT" }));
    // Nothing was left out, so nothing is noted.
    assert!(doc.get(spec::v31::NOTES).is_none());
    // 3.1 makes `paths` optional; 3.0 needs it.
    let no_paths = json!({ "openapi": "3.1.1", "info": { "title": "t", "version": "1" } });
    assert_eq!(load(&no_paths)["paths"], json!({}));
}

#[test]
fn type_arrays_with_null_become_nullable() {
    let s = lowered(
        json!({ "Thing": { "type": "object", "properties": {
            "name": { "type": ["string", "null"], "maxLength": 5 },
            "tags": { "type": ["null", "array"], "items": { "type": ["integer", "null"] } }
        } } }),
        "Thing",
    );
    assert_eq!(
        s["properties"]["name"],
        json!({ "type": "string", "nullable": true, "maxLength": 5 })
    );
    assert_eq!(
        s["properties"]["tags"],
        json!({ "type": "array", "nullable": true,
                "items": { "type": "integer", "nullable": true } })
    );
}

#[test]
fn several_types_become_one_of_with_their_keywords() {
    let s = lowered(
        json!({ "Thing": { "type": ["string", "integer", "null"], "maxLength": 3,
                           "minimum": 1, "description": "either" } }),
        "Thing",
    );
    assert_eq!(
        s,
        json!({ "nullable": true, "description": "either", "oneOf": [
            { "type": "string", "maxLength": 3 },
            { "type": "integer", "minimum": 1 }
        ] })
    );
}

#[test]
fn null_branches_of_one_of_become_nullable() {
    let s = lowered(
        json!({
            "Thing": { "type": "object", "properties": {
                "other": { "oneOf": [{ "$ref": "#/components/schemas/Other" }, { "type": "null" }] },
                "either": { "anyOf": [{ "type": "string" }, { "type": "integer" }, { "type": "null" }] }
            } },
            "Other": { "type": "string" }
        }),
        "Thing",
    );
    assert_eq!(
        s["properties"]["other"],
        json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/Other" }] })
    );
    assert_eq!(
        s["properties"]["either"],
        json!({ "nullable": true, "anyOf": [{ "type": "string" }, { "type": "integer" }] })
    );
}

#[test]
fn const_becomes_a_one_value_enum() {
    let s = lowered(
        json!({ "Thing": { "type": "object", "properties": {
            "kind": { "type": "string", "const": "thing" },
            "n": { "type": "integer", "const": 3, "enum": [1, 3] }
        } } }),
        "Thing",
    );
    assert_eq!(
        s["properties"]["kind"],
        json!({ "type": "string", "enum": ["thing"] })
    );
    assert_eq!(
        s["properties"]["n"],
        json!({ "type": "integer", "enum": [3] })
    );
}

#[test]
fn schema_examples_become_example_and_media_type_examples_stay() {
    let mut doc = doc31(json!({ "Thing": { "type": "string", "examples": ["a", "b"] } }));
    doc["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
        ["examples"] = json!({ "one": { "value": { "examples": [1] } } });
    let out = load(&doc);
    assert_eq!(
        out["components"]["schemas"]["Thing"],
        json!({ "type": "string", "example": "a" })
    );
    // A media type's `examples` is a map of Example Objects in 3.0 too: left as it is.
    assert_eq!(
        out["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
            ["examples"],
        json!({ "one": { "value": { "examples": [1] } } })
    );
}

#[test]
fn ref_siblings_become_all_of() {
    let s = lowered(
        json!({
            "Thing": { "type": "object", "properties": {
                "other": { "$ref": "#/components/schemas/Other", "description": "why", "readOnly": true }
            } },
            "Other": { "type": "string" }
        }),
        "Thing",
    );
    assert_eq!(
        s["properties"]["other"],
        json!({ "allOf": [{ "$ref": "#/components/schemas/Other" }],
                "description": "why", "readOnly": true })
    );
    // A reference object outside schemas (a parameter) loses its 3.1 summary/description.
    let mut doc = doc31(json!({ "Thing": { "type": "string" } }));
    doc["components"]["parameters"] = json!({ "Id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } });
    doc["paths"]["/things/{id}"]["get"]["parameters"] =
        json!([{ "$ref": "#/components/parameters/Id", "description": "the id" }]);
    assert_eq!(
        load(&doc)["paths"]["/things/{id}"]["get"]["parameters"][0],
        json!({ "$ref": "#/components/parameters/Id" })
    );
}

#[test]
fn exclusive_bounds_as_numbers_become_bound_and_flag() {
    let s = lowered(
        json!({ "Thing": { "type": "object", "properties": {
            "a": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5 },
            "b": { "type": "integer", "minimum": 5, "exclusiveMinimum": 2 },
            "c": { "type": "integer", "maximum": 5, "exclusiveMaximum": 5 }
        } } }),
        "Thing",
    );
    let p = &s["properties"];
    assert_eq!(
        p["a"],
        json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true,
                "maximum": 1.5, "exclusiveMaximum": true })
    );
    // `minimum: 5` is the tighter bound: the exclusive one is dropped.
    assert_eq!(p["b"], json!({ "type": "integer", "minimum": 5 }));
    // Equal: `< 5` is tighter than `<= 5`.
    assert_eq!(
        p["c"],
        json!({ "type": "integer", "maximum": 5, "exclusiveMaximum": true })
    );
}

#[test]
fn content_encoding_and_media_type_become_formats() {
    let s = lowered(
        json!({ "Thing": { "type": "object", "properties": {
            "blob": { "type": "string", "contentEncoding": "base64" },
            "file": { "type": "string", "contentMediaType": "application/octet-stream" }
        } } }),
        "Thing",
    );
    assert_eq!(
        s["properties"]["blob"],
        json!({ "type": "string", "format": "byte" })
    );
    assert_eq!(
        s["properties"]["file"],
        json!({ "type": "string", "format": "binary" })
    );
}

#[test]
fn webhooks_are_ignored_with_a_note_and_path_items_are_inlined() {
    let mut doc = doc31(json!({ "Thing": { "type": "string" } }));
    doc["webhooks"] =
        json!({ "newThing": { "post": { "responses": { "200": { "description": "ok" } } } } });
    doc["components"]["pathItems"] = json!({ "Ping": { "get": {
        "operationId": "ping", "tags": ["Things"], "responses": { "204": { "description": "ok" } } } } });
    doc["paths"]["/ping"] = json!({ "$ref": "#/components/pathItems/Ping" });
    let out = load(&doc);
    assert!(out.get("webhooks").is_none());
    assert!(out["components"].get("pathItems").is_none());
    assert_eq!(out["paths"]["/ping"]["get"]["operationId"], "ping");
    let notes = &out[spec::v31::NOTES];
    assert_eq!(notes["from"], "3.1.0");
    let note = notes["notes"][0].as_str().unwrap();
    assert!(note.starts_with("webhooks ignored (newThing)"), "{note}");
    // The import records the note in the provenance.
    let imported = spec::import(doc.to_string().as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imported.provenance["notes"][0], note);
    assert_eq!(
        imported.provenance["inputs"][0]["upstream"]["format"],
        "openapi 3.1.0"
    );
    // And the lowered document generates: both operations, nothing skipped.
    let api = codegen::openapi_from_value(&imported.openapi).unwrap();
    let out = codegen::generate(&api).unwrap();
    assert!(out.skipped.is_empty(), "{:?}", out.skipped);
}

#[test]
fn what_3_0_cannot_express_is_refused_by_pointer() {
    // Inside a schema: that schema (and the operation reaching it) is skipped, naming the place.
    let doc = doc31(json!({
        "Thing": { "type": "object", "properties": { "pair": { "type": "array",
            "prefixItems": [{ "type": "string" }, { "type": "integer" }] } } },
        "Only": { "type": "null" },
        "Fine": { "type": "string" }
    }));
    let skipped = skips(&doc);
    let joined = skipped.join("\n");
    assert!(
        joined.contains("#/components/schemas/Thing/properties/pair/prefixItems: `prefixItems` (JSON Schema 2020-12) cannot be expressed in OpenAPI 3.0"),
        "{joined}"
    );
    assert!(
        joined.contains("#/components/schemas/Only/type: a schema that is only `null`"),
        "{joined}"
    );
    assert!(joined.contains("skipped operation 'getThing'"), "{joined}");
    assert!(!joined.contains("'Fine'"), "{joined}");
    // Outside any operation or schema: the document is refused at the place.
    let mut doc = doc31(json!({ "Thing": { "type": "string" } }));
    doc["components"]["parameters"] = json!({ "Id": { "name": "id", "in": "query",
        "schema": { "type": "string", "if": { "minLength": 1 } } } });
    let err = spec::load(doc.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("#/components/parameters/Id/schema/if: `if` (JSON Schema 2020-12)"),
        "{err}"
    );
}

/// A realistic 3.1 document using every construct at once imports, slices and generates.
#[test]
fn a_3_1_document_imports_and_generates() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Presence", "version": "v2" },
        "servers": [{ "url": "https://api.mypurecloud.com" }],
        "paths": {
            "/api/v2/presence/sources/{sourceId}": { "get": {
                "tags": ["Presence"], "operationId": "getPresenceSource",
                "parameters": [
                    { "name": "sourceId", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "exclusiveMinimum": 0, "examples": [10] } }
                ],
                "responses": { "200": { "description": "OK", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Source", "description": "the source" } } } } }
            } },
            "/api/v2/other": { "get": { "tags": ["Other"], "operationId": "getOther",
                "responses": { "204": { "description": "No Content" } } } }
        },
        "webhooks": { "sourceChanged": { "post": { "responses": { "200": { "description": "OK" } } } } },
        "components": { "schemas": {
            "Source": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "string" },
                "kind": { "const": "source", "type": "string" },
                "name": { "type": ["string", "null"] },
                "parent": { "oneOf": [{ "$ref": "#/components/schemas/Source" }, { "type": "null" }] }
            } }
        } }
    });
    let opts = ImportOptions {
        tags: Some(vec!["Presence".into()]),
        ..Default::default()
    };
    let imported = spec::import(doc.to_string().as_bytes(), &opts).unwrap();
    assert_eq!(imported.openapi["openapi"], "3.0.3");
    assert_eq!(spec::count_operations(&imported.openapi), 1);
    let api = codegen::openapi_from_value(&imported.openapi).unwrap();
    let out = codegen::generate(&api).unwrap();
    assert!(out.skipped.is_empty(), "{:?}", out.skipped);
    let source = out
        .files
        .iter()
        .find(|(path, _)| path.contains("models/source"))
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    assert!(source.contains("pub struct Source"), "{source}");
    assert!(source.contains("pub name: Option<"), "{source}");
}
