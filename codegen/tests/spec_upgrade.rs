//! One test per Swagger 2.0 → OpenAPI 3.0 upgrade rule, on small inline documents, plus what
//! bad input gets (each naming its JSON pointer): an error for the document, or for a defect
//! inside one operation or schema, that item left out.

use codegen::spec::{self, ImportOptions};
use serde_json::{json, Value};

fn swagger(paths: Value, definitions: Value) -> Value {
    json!({
        "swagger": "2.0",
        "info": { "title": "t", "version": "v2", "description": "Upstream prose." },
        "host": "api.mypurecloud.com",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": paths,
        "definitions": definitions,
        "securityDefinitions": {
            "PureCloud OAuth": { "type": "oauth2", "flow": "implicit", "authorizationUrl": "https://login.mypurecloud.com/authorize", "scopes": { "all": "All the scopes" } }
        }
    })
}

fn load(doc: &Value) -> Value {
    spec::load(doc.to_string().as_bytes()).unwrap()
}

/// What the generator leaves out of `doc`, one line per item: an operation or schema with a
/// defect is replaced on import (see `codegen::spec::defects`) and skipped, naming the
/// problem's place in the upstream document, instead of failing the whole document.
fn skips(doc: &Value) -> String {
    let api = codegen::openapi_from_value(&load(doc)).unwrap();
    let out = codegen::generate(&api).unwrap();
    let lines: Vec<String> = out.skipped.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

fn load_err(doc: &Value) -> String {
    spec::load(doc.to_string().as_bytes())
        .unwrap_err()
        .to_string()
}

fn get_with(params: Value) -> Value {
    json!({ "/things/{id}": { "get": {
        "tags": ["Things"], "operationId": "getThing", "parameters": params,
        "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/Thing" } } }
    }}})
}

fn thing() -> Value {
    json!({ "Thing": { "type": "object", "properties": { "id": { "type": "string", "readOnly": true } } } })
}

#[test]
fn servers_from_host_and_schemes() {
    let out = load(&swagger(json!({}), json!({})));
    assert_eq!(out["openapi"], "3.0.3");
    assert_eq!(
        out["servers"],
        json!([{ "url": "https://api.mypurecloud.com" }])
    );
}

#[test]
fn body_parameter_becomes_request_body() {
    let paths = json!({ "/things": { "post": {
        "operationId": "postThings",
        "parameters": [{ "in": "body", "name": "body", "required": true, "schema": { "$ref": "#/definitions/Thing" } }],
        "responses": { "200": { "description": "ok" } }
    }}});
    let out = load(&swagger(paths, thing()));
    let op = &out["paths"]["/things"]["post"];
    assert_eq!(op["requestBody"]["required"], true);
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Thing"
    );
    assert!(op.get("parameters").is_none());
}

#[test]
fn form_data_and_files_become_multipart() {
    let paths = json!({ "/upload": { "post": {
        "operationId": "upload", "consumes": ["multipart/form-data"],
        "parameters": [
            { "in": "formData", "name": "file", "type": "file", "required": true },
            { "in": "formData", "name": "note", "type": "string" }
        ],
        "responses": { "200": { "description": "ok" } }
    }}, "/login": { "post": {
        "operationId": "login", "consumes": ["application/x-www-form-urlencoded"],
        "parameters": [{ "in": "formData", "name": "grant_type", "type": "string", "required": true }],
        "responses": { "200": { "description": "ok" } }
    }}});
    let out = load(&swagger(paths, json!({})));
    let multipart =
        &out["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"];
    assert_eq!(
        multipart["properties"]["file"],
        json!({ "type": "string", "format": "binary" })
    );
    assert_eq!(multipart["required"], json!(["file"]));
    let form = &out["paths"]["/login"]["post"]["requestBody"]["content"]
        ["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(form["properties"]["grant_type"]["type"], "string");
}

#[test]
fn collection_formats_become_style_and_explode() {
    let params = json!([
        { "in": "path", "name": "id", "required": true, "type": "string" },
        { "in": "query", "name": "multi", "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" },
        { "in": "query", "name": "csv", "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" },
        { "in": "query", "name": "default", "type": "array", "items": { "type": "string" } },
        { "in": "query", "name": "pipes", "type": "array", "items": { "type": "string" }, "collectionFormat": "pipes" }
    ]);
    let out = load(&swagger(get_with(params), thing()));
    let ps = out["paths"]["/things/{id}"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .clone();
    let by = |n: &str| ps.iter().find(|p| p["name"] == n).unwrap().clone();
    assert_eq!(
        (by("multi")["style"].clone(), by("multi")["explode"].clone()),
        (json!("form"), json!(true))
    );
    assert_eq!(
        (by("csv")["style"].clone(), by("csv")["explode"].clone()),
        (json!("form"), json!(false))
    );
    assert_eq!(by("default")["explode"], false);
    assert_eq!(by("pipes")["style"], "pipeDelimited");
    assert_eq!(
        by("multi")["schema"],
        json!({ "type": "array", "items": { "type": "string" } })
    );
    assert_eq!(by("id")["schema"], json!({ "type": "string" }));
}

#[test]
fn parameter_keywords_move_into_schema() {
    let params = json!([
        { "in": "path", "name": "id", "required": true, "type": "string" },
        { "in": "query", "name": "pageSize", "type": "integer", "format": "int32", "default": 25, "minimum": 1, "x-custom": 1 },
        { "in": "query", "name": "localeCode", "type": "string", "enum": ["en_US", "fr"] }
    ]);
    let out = load(&swagger(get_with(params), thing()));
    let ps = &out["paths"]["/things/{id}"]["get"]["parameters"];
    assert_eq!(
        ps[1]["schema"],
        json!({ "type": "integer", "format": "int32", "default": 25, "minimum": 1 })
    );
    assert_eq!(ps[1]["x-custom"], 1);
    assert_eq!(ps[2]["schema"]["enum"], json!(["en_US", "fr"]));
}

#[test]
fn produces_become_response_content_and_empty_responses_stay_empty() {
    let paths = json!({ "/x": { "get": {
        "operationId": "x", "produces": ["text/plain"],
        "responses": {
            "200": { "description": "ok", "schema": { "type": "string" } },
            "204": { "description": "nothing" }
        }
    }}});
    let out = load(&swagger(paths, json!({})));
    let rs = &out["paths"]["/x"]["get"]["responses"];
    assert_eq!(
        rs["200"]["content"]["text/plain"]["schema"]["type"],
        "string"
    );
    assert!(rs["204"].get("content").is_none());
}

#[test]
fn definitions_and_refs_move_to_components() {
    let defs = json!({
        "Thing": { "type": "object", "properties": {
            "id": { "type": "string", "readOnly": true },
            "kind": { "type": "string", "enum": ["a", "b"], "default": "a" },
            "tags": { "type": "array", "uniqueItems": true, "items": { "type": "string" } },
            "labels": { "type": "object", "additionalProperties": { "type": "string" } },
            "old": { "type": "string", "x-nullable": true },
            "child": { "$ref": "#/definitions/Child" }
        }, "x-genesys": true },
        "Child": { "type": "object", "properties": { "n": { "type": "integer" } } }
    });
    let out = load(&swagger(json!({}), defs));
    let t = &out["components"]["schemas"]["Thing"];
    assert_eq!(
        t["properties"]["child"]["$ref"],
        "#/components/schemas/Child"
    );
    assert_eq!(t["properties"]["id"]["readOnly"], true);
    assert_eq!(t["properties"]["kind"]["default"], "a");
    assert_eq!(t["properties"]["tags"]["uniqueItems"], true);
    assert_eq!(
        t["properties"]["labels"]["additionalProperties"]["type"],
        "string"
    );
    assert_eq!(t["properties"]["old"]["nullable"], true);
    assert_eq!(t["x-genesys"], true);
    assert!(out.to_string().find("#/definitions/").is_none());
}

#[test]
fn security_definitions_become_security_schemes() {
    let out = load(&swagger(json!({}), json!({})));
    let s = &out["components"]["securitySchemes"]["PureCloud OAuth"];
    assert_eq!(s["type"], "oauth2");
    assert_eq!(
        s["flows"]["implicit"]["authorizationUrl"],
        "https://login.mypurecloud.com/authorize"
    );
}

#[test]
fn genesys_extensions_are_kept() {
    let paths = json!({ "/x": { "get": {
        "operationId": "x", "deprecated": true,
        "x-inin-requires-permissions": { "type": "ANY", "permissions": ["a:b:c"] },
        "x-purecloud-method-name": "getX",
        "responses": { "400": { "description": "bad", "x-inin-error-codes": { "bad.request": "The request could not be understood." } } }
    }}});
    let out = load(&swagger(paths, json!({})));
    let op = &out["paths"]["/x"]["get"];
    assert_eq!(op["deprecated"], true);
    assert_eq!(op["x-inin-requires-permissions"]["type"], "ANY");
    assert_eq!(op["x-purecloud-method-name"], "getX");
    assert_eq!(
        op["responses"]["400"]["x-inin-error-codes"]["bad.request"],
        "The request could not be understood."
    );
}

#[test]
fn facts_only_drops_prose_but_keeps_facts() {
    let paths = json!({ "/x": { "get": {
        "tags": ["X"], "operationId": "x", "summary": "Get an x", "description": "Long upstream prose.",
        "parameters": [{ "in": "query", "name": "q", "type": "string", "description": "A query." }],
        "responses": {
            "200": { "description": "successful operation", "schema": { "$ref": "#/definitions/D" } },
            "400": { "description": "bad", "x-inin-error-codes": { "b.code": "msg", "a.code": "msg" } }
        }
    }}});
    let defs = json!({ "D": { "type": "object", "description": "A D.", "properties": { "description": { "type": "string", "description": "The text." } } } });
    let imported = spec::import(
        swagger(paths, defs).to_string().as_bytes(),
        &ImportOptions {
            tags: None,
            facts_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    let out = imported.openapi;
    let text = out.to_string();
    for prose in [
        "Long upstream prose",
        "A query.",
        "A D.",
        "The text.",
        "Upstream prose.",
        "successful operation",
    ] {
        assert!(!text.contains(prose), "{prose:?} survived");
    }
    let op = &out["paths"]["/x"]["get"];
    assert_eq!(op["summary"], "Get an x");
    assert_eq!(op["responses"]["200"]["description"], "OK");
    assert_eq!(op["responses"]["400"]["description"], "Bad Request");
    assert_eq!(
        op["responses"]["400"]["x-inin-error-codes"],
        json!(["a.code", "b.code"])
    );
    // A property that happens to be called `description` is data, not prose.
    assert_eq!(
        out["components"]["schemas"]["D"]["properties"]["description"]["type"],
        "string"
    );
}

#[test]
fn slicing_keeps_tagged_operations_and_their_closure() {
    let paths = json!({
        "/a": { "get": { "tags": ["Keep"], "operationId": "a", "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/A" } } } } },
        "/b": { "get": { "tags": ["Drop"], "operationId": "b", "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/B" } } } } }
    });
    let defs = json!({
        "A": { "type": "object", "properties": { "c": { "type": "array", "items": { "$ref": "#/definitions/C" } } } },
        "B": { "type": "object" },
        "C": { "allOf": [{ "$ref": "#/definitions/D" }] },
        "D": { "type": "object", "additionalProperties": { "$ref": "#/definitions/E" } },
        "E": { "type": "string" }
    });
    let imported = spec::import(
        swagger(paths, defs).to_string().as_bytes(),
        &ImportOptions {
            tags: Some(vec!["keep".into()]),
            facts_only: false,
            ..Default::default()
        },
    )
    .unwrap();
    let schemas: Vec<&String> = imported.openapi["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(schemas, ["A", "C", "D", "E"]);
    assert!(imported.openapi["paths"].get("/b").is_none());
    assert_eq!(imported.provenance["operations"], 1);
}

#[test]
fn openapi3_input_is_sliced_without_upgrading() {
    let doc = json!({
        "openapi": "3.0.1", "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "tags": ["K"], "responses": { "200": { "description": "ok" } } } },
                   "/b": { "get": { "tags": ["Z"], "responses": { "200": { "description": "ok" } } } } },
        "components": { "schemas": { "Unused": { "type": "string" } } }
    });
    let imported = spec::import(
        doc.to_string().as_bytes(),
        &ImportOptions {
            tags: Some(vec!["K".into()]),
            facts_only: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(imported.openapi["openapi"], "3.0.1");
    assert_eq!(spec::count_operations(&imported.openapi), 1);
    assert_eq!(imported.openapi["components"]["schemas"], json!({}));
}

#[test]
fn import_is_deterministic_and_normalized() {
    let doc = swagger(
        get_with(json!([{ "in": "path", "name": "id", "required": true, "type": "string" }])),
        thing(),
    );
    let a = spec::import(doc.to_string().as_bytes(), &ImportOptions::default()).unwrap();
    let b = spec::import(doc.to_string().as_bytes(), &ImportOptions::default()).unwrap();
    let (ta, tb) = (
        spec::to_json_string(&a.openapi),
        spec::to_json_string(&b.openapi),
    );
    assert_eq!(ta, tb);
    assert!(ta.ends_with("}\n") && !ta.ends_with("\n\n"));
    assert_eq!(
        a.provenance["inputs"][0]["sha256"].as_str().unwrap().len(),
        64
    );
}

// Errors: each names the JSON pointer and the problem.

#[test]
fn error_invalid_json() {
    let err = spec::load(b"{ \"swagger\": ").unwrap_err().to_string();
    assert!(
        err.starts_with("the document is not valid JSON: EOF while parsing"),
        "{err}"
    );
}

#[test]
fn error_not_a_spec() {
    assert_eq!(
        spec::load(b"{\"hello\": 1}").unwrap_err().to_string(),
        "at #: not a Swagger 2.0 or OpenAPI 3.x document: it has neither a 'swagger' nor an 'openapi' field"
    );
    assert_eq!(
        spec::load(b"{\"swagger\": \"1.2\"}")
            .unwrap_err()
            .to_string(),
        "at #/swagger: unsupported Swagger version \"1.2\": only \"2.0\" is supported"
    );
}

#[test]
fn error_dangling_ref() {
    let defs = json!({ "A": { "type": "object", "properties": { "b": { "$ref": "#/definitions/Missing" } } } });
    assert_eq!(
        skips(&swagger(json!({}), defs)),
        "skipped schema 'A' at #/components/schemas/A: at #/definitions/A/properties/b/$ref: dangling $ref '#/definitions/Missing': it does not resolve in this document"
    );
}

#[test]
fn error_unknown_collection_format() {
    let params = json!([
        { "in": "path", "name": "id", "required": true, "type": "string" },
        { "in": "query", "name": "ids", "type": "array", "items": { "type": "string" }, "collectionFormat": "commas" }
    ]);
    assert_eq!(
        skips(&swagger(get_with(params), thing())),
        "skipped operation 'getThing' at #/paths/~1things~1{id}/get: at #/paths/~1things~1{id}/get/parameters/1/collectionFormat: unknown collectionFormat \"commas\" for a query parameter"
    );
}

#[test]
fn error_collection_formats_openapi3_cannot_express() {
    let params = json!([
        { "in": "path", "name": "id", "required": true, "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" },
        { "in": "query", "name": "tabs", "type": "array", "items": { "type": "string" }, "collectionFormat": "tsv" }
    ]);
    assert_eq!(
        skips(&swagger(get_with(params), thing())),
        "skipped operation 'getThing' at #/paths/~1things~1{id}/get: \
         at #/paths/~1things~1{id}/get/parameters/0/collectionFormat: collectionFormat \"multi\" is only allowed on query parameters, not on a path parameter; \
         at #/paths/~1things~1{id}/get/parameters/1/collectionFormat: collectionFormat \"tsv\" has no OpenAPI 3.0 equivalent"
    );
}

#[test]
fn error_body_parameter_without_schema() {
    let paths = json!({ "/things": { "post": {
        "operationId": "postThings",
        "parameters": [{ "in": "body", "name": "body", "required": true }],
        "responses": { "200": { "description": "ok" } }
    }}});
    assert_eq!(
        skips(&swagger(paths, json!({}))),
        "skipped operation 'postThings' at #/paths/~1things/post: at #/paths/~1things/post/parameters/0: body parameter 'body' has no schema"
    );
}

#[test]
fn error_dangling_ref_in_an_operation_points_into_the_swagger_document() {
    let paths = json!({ "/things": { "post": {
        "operationId": "postThings",
        "parameters": [{ "in": "body", "name": "body", "schema": { "$ref": "#/definitions/Nope" } }],
        "responses": { "200": { "description": "ok" }, "404": { "$ref": "#/responses/NotFound" } }
    }}});
    assert_eq!(
        skips(&swagger(paths, json!({}))),
        "skipped operation 'postThings' at #/paths/~1things/post: \
         at #/paths/~1things/post/parameters/0/schema/$ref: dangling $ref '#/definitions/Nope': it does not resolve in this document; \
         at #/paths/~1things/post/responses/404/$ref: dangling $ref '#/responses/NotFound': it does not resolve in this document"
    );
}

#[test]
fn error_dangling_ref_outside_any_operation_or_schema_fails_the_import() {
    let paths = json!({ "/a": { "get": { "tags": ["Keep"], "responses": { "200": { "description": "ok" } } } } });
    let mut doc = swagger(paths, json!({}));
    doc["responses"] = json!({ "Gone": { "$ref": "#/responses/Nowhere" } });
    let err = spec::import(
        doc.to_string().as_bytes(),
        &ImportOptions {
            tags: Some(vec!["Keep".into()]),
            facts_only: false,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "at #/responses/Gone/$ref: dangling $ref '#/responses/Nowhere': it does not resolve in this document"
    );
}

/// A defective schema outside the slice is left behind with the rest of what the slice does
/// not reach; one inside it travels into `spec/` as a marker.
#[test]
fn dangling_ref_in_a_schema_travels_into_the_slice_as_a_marker() {
    let paths = json!({ "/a": { "get": { "tags": ["Keep"], "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/Used" } } } } } });
    let defs = json!({ "Unused": { "$ref": "#/definitions/Gone" }, "Used": { "$ref": "#/definitions/Gone" } });
    let imported = spec::import(
        swagger(paths, defs).to_string().as_bytes(),
        &ImportOptions {
            tags: Some(vec!["Keep".into()]),
            facts_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    let schemas = imported.openapi["components"]["schemas"]
        .as_object()
        .unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Used"]);
    assert_eq!(
        schemas["Used"],
        json!({ "x-genesys-rs-defect": { "problems": [
            { "at": "/definitions/Used/$ref", "reason": "dangling $ref '#/definitions/Gone': it does not resolve in this document" }
        ] } })
    );
}

#[test]
fn error_not_an_object_and_openapi_32() {
    assert_eq!(
        spec::load(b"[1, 2]").unwrap_err().to_string(),
        "at #: expected a JSON object at the top level"
    );
    assert_eq!(
        spec::load(b"{\"openapi\": \"3.2.0\"}")
            .unwrap_err()
            .to_string(),
        "at #/openapi: unsupported OpenAPI version \"3.2.0\": only 3.0.x and 3.1.x are supported"
    );
}

#[test]
fn error_unknown_security_scheme_and_oauth_flow() {
    let mut doc = swagger(json!({}), json!({}));
    doc["securityDefinitions"] = json!({
        "a": { "type": "oauth2", "flow": "device", "tokenUrl": "https://x/token", "scopes": {} },
        "b": { "type": "mutualTLS" }
    });
    assert_eq!(
        load_err(&doc),
        "at #/securityDefinitions/a/flow: unknown oauth2 flow \"device\" (expected \"implicit\", \"password\", \"application\" or \"accessCode\")\n\
         at #/securityDefinitions/b/type: unknown security scheme type \"mutualTLS\" (expected \"oauth2\", \"apiKey\" or \"basic\")"
    );
}

#[test]
fn error_file_parameter_outside_form_data() {
    let params = json!([
        { "in": "path", "name": "id", "required": true, "type": "string" },
        { "in": "query", "name": "f", "type": "file" }
    ]);
    assert_eq!(
        skips(&swagger(get_with(params), thing())),
        "skipped operation 'getThing' at #/paths/~1things~1{id}/get: at #/paths/~1things~1{id}/get/parameters/1/type: parameter 'f' of type file must be in formData"
    );
}

#[test]
fn error_parameter_without_type() {
    let params = json!([{ "in": "path", "name": "id", "required": true }]);
    assert_eq!(
        skips(&swagger(get_with(params), thing())),
        "skipped operation 'getThing' at #/paths/~1things~1{id}/get: at #/paths/~1things~1{id}/get/parameters/0: parameter 'id' has no type"
    );
}

#[test]
fn properties_named_like_keywords_are_schemas_not_data() {
    let defs = json!({
        "Thing": { "type": "object", "properties": {
            "default": { "$ref": "#/definitions/Child" },
            "enum": { "type": "string", "x-nullable": true },
            "example": { "type": "array", "items": { "$ref": "#/definitions/Child" } }
        }, "example": { "$ref": "#/definitions/NotARef" } },
        "Child": { "type": "object" }
    });
    let out = load(&swagger(json!({}), defs));
    let p = &out["components"]["schemas"]["Thing"]["properties"];
    assert_eq!(p["default"]["$ref"], "#/components/schemas/Child");
    assert_eq!(p["enum"], json!({ "type": "string", "nullable": true }));
    assert_eq!(p["example"]["items"]["$ref"], "#/components/schemas/Child");
    // The value of an `example` keyword is data: copied verbatim, never resolved.
    assert_eq!(
        out["components"]["schemas"]["Thing"]["example"],
        json!({ "$ref": "#/definitions/NotARef" })
    );
}

#[test]
fn every_security_scheme_kind() {
    let mut doc = swagger(json!({}), json!({}));
    doc["securityDefinitions"] = json!({
        "implicit": { "type": "oauth2", "flow": "implicit", "authorizationUrl": "https://x/a", "scopes": { "s": "S" } },
        "password": { "type": "oauth2", "flow": "password", "tokenUrl": "https://x/t", "scopes": {} },
        "application": { "type": "oauth2", "flow": "application", "tokenUrl": "https://x/t", "scopes": {} },
        "accessCode": { "type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://x/a", "tokenUrl": "https://x/t", "scopes": {} },
        "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
        "basic": { "type": "basic" }
    });
    let s = &load(&doc)["components"]["securitySchemes"];
    assert_eq!(
        s["implicit"]["flows"],
        json!({ "implicit": { "authorizationUrl": "https://x/a", "scopes": { "s": "S" } } })
    );
    assert_eq!(
        s["password"]["flows"],
        json!({ "password": { "tokenUrl": "https://x/t", "scopes": {} } })
    );
    assert_eq!(
        s["application"]["flows"],
        json!({ "clientCredentials": { "tokenUrl": "https://x/t", "scopes": {} } })
    );
    assert_eq!(
        s["accessCode"]["flows"],
        json!({ "authorizationCode": { "authorizationUrl": "https://x/a", "tokenUrl": "https://x/t", "scopes": {} } })
    );
    assert_eq!(
        s["key"],
        json!({ "type": "apiKey", "name": "X-Key", "in": "header" })
    );
    assert_eq!(s["basic"], json!({ "type": "http", "scheme": "basic" }));
}

#[test]
fn csv_in_path_and_header_is_simple_and_ssv_is_space_delimited() {
    let paths = json!({ "/things/{ids}": { "get": {
        "operationId": "x",
        "parameters": [
            { "in": "path", "name": "ids", "required": true, "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" },
            { "in": "header", "name": "X-Ids", "type": "array", "items": { "type": "integer" }, "collectionFormat": "csv" },
            { "in": "query", "name": "words", "type": "array", "items": { "type": "string" }, "collectionFormat": "ssv" }
        ],
        "responses": { "204": { "description": "done" } }
    }}});
    let ps =
        load(&swagger(paths, json!({})))["paths"]["/things/{ids}"]["get"]["parameters"].clone();
    assert_eq!(
        (&ps[0]["style"], &ps[0]["explode"]),
        (&json!("simple"), &json!(false))
    );
    assert_eq!(ps[1]["style"], "simple");
    assert_eq!(ps[2]["style"], "spaceDelimited");
    assert_eq!(ps[1]["schema"]["items"]["type"], "integer");
}

#[test]
fn shared_parameters_and_responses_move_to_components() {
    let mut doc = swagger(
        json!({ "/things": { "post": {
            "operationId": "postThings",
            "parameters": [{ "$ref": "#/parameters/pageSize" }, { "$ref": "#/parameters/thingBody" }],
            "responses": { "200": { "description": "ok" }, "404": { "$ref": "#/responses/NotFound" } }
        }}}),
        thing(),
    );
    doc["parameters"] = json!({
        "pageSize": { "in": "query", "name": "pageSize", "type": "integer", "default": 25 },
        "thingBody": { "in": "body", "name": "body", "required": true, "schema": { "$ref": "#/definitions/Thing" } }
    });
    doc["responses"] = json!({ "NotFound": { "description": "gone", "schema": { "$ref": "#/definitions/Thing" } } });
    let out = load(&doc);
    let op = &out["paths"]["/things"]["post"];
    assert_eq!(
        op["parameters"],
        json!([{ "$ref": "#/components/parameters/pageSize" }])
    );
    assert_eq!(
        op["requestBody"]["$ref"],
        "#/components/requestBodies/thingBody"
    );
    assert_eq!(
        op["responses"]["404"]["$ref"],
        "#/components/responses/NotFound"
    );
    let c = &out["components"];
    assert_eq!(
        c["parameters"]["pageSize"]["schema"],
        json!({ "type": "integer", "default": 25 })
    );
    assert_eq!(c["requestBodies"]["thingBody"]["required"], true);
    assert_eq!(
        c["responses"]["NotFound"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Thing"
    );
    // Slicing keeps exactly what the operation reaches through them.
    doc["definitions"]["Unused"] = json!({ "type": "object" });
    doc["paths"]["/things"]["post"]["tags"] = json!(["T"]);
    let sliced = spec::import(
        doc.to_string().as_bytes(),
        &ImportOptions {
            tags: Some(vec!["T".into()]),
            facts_only: false,
            ..Default::default()
        },
    )
    .unwrap()
    .openapi;
    let names = |k: &str| -> Vec<String> {
        sliced["components"][k]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(names("schemas"), ["Thing"]);
    assert_eq!(names("parameters"), ["pageSize"]);
    assert_eq!(names("requestBodies"), ["thingBody"]);
    assert_eq!(names("responses"), ["NotFound"]);
}

#[test]
fn response_headers_and_examples() {
    let paths = json!({ "/x": { "get": {
        "operationId": "x",
        "responses": { "200": {
            "description": "ok",
            "schema": { "type": "object" },
            "examples": { "application/json": { "a": 1 } },
            "headers": {
                "X-Rate": { "type": "integer", "format": "int32", "description": "per minute" },
                "X-Tags": { "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" }
            }
        } }
    }}});
    let r = &load(&swagger(paths, json!({})))["paths"]["/x"]["get"]["responses"]["200"];
    assert_eq!(
        r["content"]["application/json"]["example"],
        json!({ "a": 1 })
    );
    assert_eq!(
        r["headers"]["X-Rate"],
        json!({ "description": "per minute", "schema": { "type": "integer", "format": "int32" } })
    );
    assert_eq!(
        r["headers"]["X-Tags"],
        json!({ "style": "simple", "schema": { "type": "array", "items": { "type": "string" } } })
    );
}

#[test]
fn body_uses_operation_consumes_and_path_level_body_is_inherited() {
    let paths = json!({ "/things": {
        "parameters": [{ "in": "body", "name": "body", "schema": { "$ref": "#/definitions/Thing" } }],
        "put": { "operationId": "put", "consumes": ["application/json", "text/csv"], "responses": { "200": { "description": "ok" } } }
    }});
    let mut doc = swagger(paths, thing());
    doc.as_object_mut().unwrap().remove("consumes");
    let op = &load(&doc)["paths"]["/things"]["put"];
    let content = op["requestBody"]["content"].as_object().unwrap();
    assert_eq!(
        content.keys().collect::<Vec<_>>(),
        ["application/json", "text/csv"]
    );
    assert_eq!(op["requestBody"]["required"], false);
    // Without any consumes, JSON is assumed.
    let paths = json!({ "/t": { "post": { "operationId": "p",
        "parameters": [{ "in": "body", "name": "b", "schema": { "type": "string" } }],
        "responses": { "200": { "description": "ok" } } } } });
    let mut doc = swagger(paths, json!({}));
    doc.as_object_mut().unwrap().remove("consumes");
    let op = &load(&doc)["paths"]["/t"]["post"];
    assert_eq!(
        op["requestBody"]["content"],
        json!({ "application/json": { "schema": { "type": "string" } } })
    );
}

#[test]
fn servers_from_base_path_without_host() {
    let mut doc = swagger(json!({}), json!({}));
    let obj = doc.as_object_mut().unwrap();
    obj.remove("host");
    obj.insert("basePath".into(), json!("/api/v2"));
    assert_eq!(load(&doc)["servers"], json!([{ "url": "/api/v2" }]));
    doc["host"] = json!("example.com");
    doc["schemes"] = json!(["https", "http"]);
    assert_eq!(
        load(&doc)["servers"],
        json!([{ "url": "https://example.com/api/v2" }, { "url": "http://example.com/api/v2" }])
    );
}

#[test]
fn provenance_names_input_version_and_generator() {
    let doc = swagger(json!({}), json!({}));
    let p = spec::import(doc.to_string().as_bytes(), &ImportOptions::default())
        .unwrap()
        .provenance;
    assert_eq!(
        p["inputs"][0]["upstream"],
        json!({ "format": "swagger 2.0", "title": "t", "version": "v2" })
    );
    assert_eq!(
        p["generator"],
        format!("genesys-rs spec pipeline v{}", spec::PIPELINE_VERSION)
    );
    assert_eq!(p["tags"], Value::Null);
    assert!(p.get("source").is_none());
}
