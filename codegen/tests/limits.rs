//! `maxItems` of array parameters and of a body's array fields become checks in the request
//! builder, made before anything is sent (`Error::LimitExceeded` naming the wire name).

use serde_json::json;

/// The generated file without whitespace and trailing commas (prettyplease wraps long calls).
fn squeezed(files: &std::collections::BTreeMap<String, String>, name: &str) -> String {
    let text: String = files[name].chars().filter(|c| !c.is_whitespace()).collect();
    text.replace(",)", ")")
}

#[test]
fn array_limits_are_checked_before_sending() {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {
            "get": {
                "operationId": "getThings",
                "tags": ["Things"],
                "parameters": [
                    {"in": "query", "name": "ids", "required": true,
                     "schema": {"type": "array", "maxItems": 5, "items": {"type": "string"}}},
                    {"in": "query", "name": "tags",
                     "schema": {"type": "array", "maxItems": 3, "items": {"type": "string"}}},
                    {"in": "query", "name": "free",
                     "schema": {"type": "array", "items": {"type": "string"}}}
                ],
                "responses": {"204": {"description": "ok"}}
            },
            "post": {
                "operationId": "postThings",
                "tags": ["Things"],
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Batch"}}}},
                "responses": {"204": {"description": "ok"}}
            }
        }},
        "components": {"schemas": {
            "Batch": {"type": "object", "required": ["must"], "properties": {
                "may": {"type": "array", "maxItems": 4, "items": {"type": "string"}},
                "must": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
                "unlimited": {"type": "array", "items": {"type": "string"}}
            }}
        }}
    });
    let out = codegen::generate_from_json(&doc.to_string()).unwrap();
    let file = squeezed(&out.files, "operations/things.rs");
    for expected in [
        // A required parameter, an optional one.
        r#"{letvalue=&self.ids;crate::runtime::Error::check_limit("getThings","ids",5usize,value.len())?;}"#,
        r#"ifletSome(value)=&self.tags{crate::runtime::Error::check_limit("getThings","tags",3usize,value.len())?;}"#,
        // An optional body; in it an optional array field and a required one.
        r#"ifletSome(body)=&self.body{ifletSome(items)=&body.may{crate::runtime::Error::check_limit("postThings","may",4usize,items.len())?;}{letitems=&body.must;crate::runtime::Error::check_limit("postThings","must",2usize,items.len())?;}}"#,
    ] {
        assert!(file.contains(expected), "missing {expected} in {file}");
    }
    assert_eq!(file.matches("check_limit(").count(), 4, "{file}");
    // The documented limit is in the setter's docs too.
    assert!(
        out.files["operations/things.rs"].contains("At most 3 per request"),
        "{}",
        out.files["operations/things.rs"]
    );
}
