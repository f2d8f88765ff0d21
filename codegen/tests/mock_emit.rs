//! What `emit/mock.rs` decides from the IR: which templates shadow a stub's (literal segments
//! own a request over parameters), the status a plain `respond` answers with, and matcher names
//! that never collide with the stub's own methods.

use serde_json::json;

fn generate(paths: serde_json::Value) -> codegen::Output {
    let doc = json!({
        "openapi": "3.0.0",
        "info": { "title": "t", "version": "1" },
        "paths": paths,
        "components": { "schemas": {
            "Thing": { "type": "object", "properties": { "id": { "type": "string" } } }
        } }
    });
    codegen::generate_from_json(&doc.to_string()).expect("the document generates")
}

fn op(id: &str, status: &str, params: serde_json::Value) -> serde_json::Value {
    let response = if status == "204" {
        json!({ "description": "none" })
    } else {
        json!({ "description": "ok", "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Thing" } } } })
    };
    json!({ "operationId": id, "tags": ["Things"], "parameters": params,
            "responses": { status: response } })
}

fn path_param(name: &str) -> serde_json::Value {
    json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
}

/// The text of the `MockOperation` impl of the marker `marker` in `mock/things.rs`.
fn marker_impl<'a>(out: &'a codegen::Output, marker: &str) -> &'a str {
    let text = &out.files["mock/things.rs"];
    let start = text
        .find(&format!("MockOperation for {marker} {{"))
        .unwrap_or_else(|| panic!("no impl for {marker}:\n{text}"));
    let rest = &text[start..];
    &rest[..rest.find("\n}").unwrap()]
}

#[test]
fn literal_segments_shadow_parameters_of_the_same_method_only() {
    let out = generate(json!({
        "/a/{userId}/b/{sourceId}": {
            "get": op("getBySource", "200", json!([path_param("userId"), path_param("sourceId")])),
            "delete": op("deleteBySource", "204", json!([path_param("userId"), path_param("sourceId")]))
        },
        "/a/{userId}/b/own": { "get": op("getOwn", "200", json!([path_param("userId")])) },
        "/a/x/b/{sourceId}": { "get": op("getX", "200", json!([path_param("sourceId")])) },
        "/a/{userId}/c/own": { "get": op("getOther", "200", json!([path_param("userId")])) }
    }));
    let by_source = marker_impl(&out, "GetBySource");
    // Both literal-first templates own their requests; `/c/` can never match, so is not listed.
    assert!(by_source.contains(r#""/a/x/b/{sourceId}""#), "{by_source}");
    assert!(by_source.contains(r#""/a/{userId}/b/own""#), "{by_source}");
    assert!(!by_source.contains("/c/own"), "{by_source}");
    // `getX` has the literal at the first difference with `getOwn`: it owns those requests.
    assert!(marker_impl(&out, "GetX").contains("&[]"));
    assert!(marker_impl(&out, "GetOwn").contains(r#""/a/x/b/{sourceId}""#));
    // Another method is another route.
    assert!(marker_impl(&out, "DeleteBySource").contains("&[]"));
    // Success statuses: the listed 2xx, `()` for none.
    assert!(by_source.contains("SUCCESS_STATUS: u16 = 200;"));
    assert!(marker_impl(&out, "DeleteBySource").contains("SUCCESS_STATUS: u16 = 204;"));
    assert!(marker_impl(&out, "DeleteBySource").contains("type Response = ();"));
}

#[test]
fn matchers_never_take_a_stub_method_name() {
    let q = |name: &str| json!({ "name": name, "in": "query", "schema": { "type": "string" } });
    let out = generate(json!({
        "/things": { "get": op("getThings", "200", json!([q("times"), q("respond"), q("respond_param"), q("pageSize")])) }
    }));
    let text = &out.files["mock/things.rs"];
    for wanted in [
        "pub fn times_param(self",
        // `respond` came first and took `respond_param`; the next free name is the parameter's.
        "pub fn respond_param(self",
        "pub fn respond_param_param(self",
        "pub fn page_size(self",
    ] {
        assert!(text.contains(wanted), "{wanted} missing:\n{text}");
    }
    assert!(!text.contains("pub fn times(self"), "{text}");
    assert!(text.contains(r#"self.query_param("times""#), "{text}");
}
