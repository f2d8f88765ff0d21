//! The overlay reader and applier on small documents.

use super::*;
use serde_json::json;

fn overlay(actions: Value) -> Overlay {
    let doc = json!({
        "overlay": "1.0.0",
        "info": {"title": "t", "version": "1"},
        "actions": actions,
    });
    Overlay::parse("test.overlay.json", doc.to_string().as_bytes()).unwrap()
}

fn api() -> Value {
    json!({
        "paths": {
            "/bulk": {"get": {"parameters": [
                {"in": "path", "name": "sourceId", "schema": {"type": "string"}},
                {"in": "query", "name": "id", "schema": {"type": "array", "items": {"type": "string"}}}
            ]}},
            "/other": {"get": {"parameters": [
                {"in": "query", "name": "id", "schema": {"type": "string"}}
            ]}}
        },
        "components": {"schemas": {
            "Batch": {"type": "object", "properties": {
                "a": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
                "b": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                "note": {"type": "string"}
            }}
        }}
    })
}

#[test]
fn update_merges_into_every_selected_node() {
    let o = overlay(json!([
        {"target": "$.paths['/bulk'].get.parameters[?@.name == 'id'].schema",
         "update": {"maxItems": 50}, "x-source": "docs"},
        {"target": "$.components.schemas.Batch.properties[?@.type == 'array']",
         "description": "assumed", "update": {"maxItems": 100}}
    ]));
    let mut doc = api();
    o.apply(&mut doc).unwrap();
    assert_eq!(
        doc["paths"]["/bulk"]["get"]["parameters"][1]["schema"],
        json!({"type": "array", "items": {"type": "string"}, "maxItems": 50})
    );
    // Only the parameter selected: the path parameter and the other path are untouched.
    assert_eq!(
        doc["paths"]["/bulk"]["get"]["parameters"][0],
        api()["paths"]["/bulk"]["get"]["parameters"][0]
    );
    assert_eq!(doc["paths"]["/other"], api()["paths"]["/other"]);
    let props = &doc["components"]["schemas"]["Batch"]["properties"];
    assert_eq!(props["a"]["maxItems"], 100);
    assert_eq!(props["b"]["maxItems"], 100);
    assert!(props["note"].get("maxItems").is_none());
    assert_eq!(o.action_count(), 2);
}

#[test]
fn applying_twice_is_applying_once_for_object_updates() {
    let o = overlay(json!([{"target": "$.components.schemas.Batch",
        "update": {"properties": {"a": {"maxItems": 3}}, "x-note": "n"}}]));
    let mut once = api();
    o.apply(&mut once).unwrap();
    let mut twice = once.clone();
    o.apply(&mut twice).unwrap();
    assert_eq!(once, twice);
    // Nested objects merge: the rest of `a` is kept.
    assert_eq!(
        once["components"]["schemas"]["Batch"]["properties"]["a"]["items"],
        json!({"$ref": "#/components/schemas/A"})
    );
}

#[test]
fn unmatched_target_inside_a_kept_operation_is_an_error_naming_the_action() {
    let o = overlay(json!([
        {"target": "$.paths['/bulk']", "update": {"x-a": 1}},
        {"target": "$.paths['/bulk'].get.parameters[?@.name == 'ids'].schema",
         "description": "bulk ids: Limit 50", "update": {"maxItems": 50}}
    ]));
    let err = o.apply(&mut api()).unwrap_err().to_string();
    assert!(err.contains("test.overlay.json"), "{err}");
    assert!(err.contains("action 2"), "{err}");
    assert!(err.contains("bulk ids: Limit 50"), "{err}");
    assert!(err.contains("$.paths['/bulk'].get.parameters"), "{err}");
    assert!(
        err.contains("selects nothing inside operation GET /bulk"),
        "{err}"
    );
    // A target about the whole document that selects nothing is stale too.
    let o = overlay(json!([{"target": "$.info.contact", "update": {"x-a": 1}}]));
    let err = o.apply(&mut api()).unwrap_err().to_string();
    assert!(
        err.contains("selects nothing (the overlay is stale"),
        "{err}"
    );
}

#[test]
fn actions_outside_the_slice_are_not_applicable_and_listed() {
    let o = overlay(json!([
        {"target": "$.paths['/renamed'].get.parameters[?@.name == 'id'].schema",
         "description": "gone op", "update": {"maxItems": 50}},
        {"target": "$.components.schemas.Missing.properties.a", "update": {"maxItems": 1}},
        {"target": "$.components.schemas.Batch.properties.a",
         "x-operation": "POST /events", "update": {"maxItems": 100}},
        {"target": "$.paths['/bulk'].get.parameters[?@.name == 'id'].schema",
         "update": {"maxItems": 50}}
    ]));
    let mut doc = api();
    let applied = o.apply(&mut doc).unwrap();
    assert_eq!(applied.applied, 1);
    let listed: Vec<(usize, &str)> = applied
        .not_applicable
        .iter()
        .map(|n| (n.action, n.reason.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (1, "operation GET /renamed is not in the imported slice"),
            (2, "components/schemas/Missing is not in the imported slice"),
            (3, "operation POST /events is not in the imported slice"),
        ]
    );
    assert_eq!(
        applied.not_applicable[0].name,
        "\"gone op\" (target $.paths['/renamed'].get.parameters[?@.name == 'id'].schema)"
    );
    // Batch is in the document, but its action is about an operation that is not.
    assert!(doc["components"]["schemas"]["Batch"]["properties"]["a"]
        .get("maxItems")
        .is_none());
    assert_eq!(
        doc["paths"]["/bulk"]["get"]["parameters"][1]["schema"]["maxItems"],
        50
    );
    let p = o.provenance(&applied);
    assert_eq!(p["not_applicable"][2]["action"], 3);
    assert_eq!(p["not_applicable"].as_array().unwrap().len(), 3);
    // With both operations in the document the actions are in scope, and action 1, whose
    // target selects nothing inside its operation, is stale.
    let mut doc2 = api();
    doc2["paths"]["/events"] = json!({"post": {}});
    doc2["paths"]["/renamed"] = json!({"get": {"parameters": []}});
    let err = o.apply(&mut doc2).unwrap_err().to_string();
    assert!(err.contains("action 1"), "{err}");
    assert!(err.contains("inside operation GET /renamed"), "{err}");
}

#[test]
fn x_operation_must_be_method_and_path() {
    let doc = json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
        "actions": [{"target": "$", "update": {}, "x-operation": "/a"}]});
    let err = Overlay::parse("x.json", doc.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.contains("`x-operation` \"/a\" is not"), "{err}");
}

#[test]
fn remove_and_array_append() {
    let o = overlay(json!([
        {"target": "$.paths['/bulk'].get.parameters", "update": {"in": "header", "name": "h"}},
        {"target": "$.components.schemas.Batch.properties[?@.type == 'array']", "remove": true}
    ]));
    let mut doc = api();
    o.apply(&mut doc).unwrap();
    assert_eq!(doc["paths"]["/bulk"]["get"]["parameters"][2]["name"], "h");
    assert_eq!(
        doc["components"]["schemas"]["Batch"]["properties"],
        json!({"note": {"type": "string"}})
    );
}

#[test]
fn malformed_overlays_are_refused_with_a_reason() {
    let cases = [
        (
            json!({"overlay": "2.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$", "update": {}}]}),
            "unsupported overlay version",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": []}),
            "at least one action",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "paths", "update": {}}]}),
            "not a JSONPath",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$"}]}),
            "neither `update` nor `remove",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$", "updates": {}}]}),
            "unknown field 'updates'",
        ),
        (
            json!({"overlay": "1.0.0", "info": {"title": "t"}, "actions": [{"target": "$", "update": {}}]}),
            "not an OpenAPI Overlay",
        ),
    ];
    for (doc, expected) in cases {
        let err = Overlay::parse("x.json", doc.to_string().as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{doc}: {err}");
        assert!(err.contains("x.json"), "{err}");
    }
    let err = Overlay::parse("x.json", b"{").unwrap_err().to_string();
    assert!(err.contains("not a JSON document"), "{err}");
}

#[test]
fn an_update_must_fit_its_node() {
    let o = overlay(json!([{"target": "$.components.schemas.Batch.type", "update": {"a": 1}}]));
    let err = o.apply(&mut api()).unwrap_err().to_string();
    assert!(err.contains("cannot be updated"), "{err}");
    assert!(err.contains("#/components/schemas/Batch/type"), "{err}");
}

#[test]
fn provenance_names_file_digest_and_info() {
    let o = overlay(json!([{"target": "$", "update": {}}]));
    let p = o.provenance(&Applied::default());
    assert!(p.get("not_applicable").is_none());
    assert_eq!(p["file"], "test.overlay.json");
    assert_eq!(p["title"], "t");
    assert_eq!(p["actions"], 1);
    assert_eq!(p["sha256"].as_str().unwrap().len(), 64);
}
