//! Batch-event operations are recognized by shape alone, and only when the runtime's publisher
//! can drive them (see `codegen::ir::EventBatch`).

use serde_json::{json, Value};

/// A document with one `POST /events` whose body has the given properties (and `required`).
fn doc(body_props: Value, required: Value, event: Value) -> String {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/events": {"post": {
            "operationId": "postEvents",
            "tags": ["Things"],
            "requestBody": {"required": true, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Batch"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/BatchResponse"}}}}}
        }}},
        "components": {"schemas": {
            "Batch": {"type": "object", "required": required, "properties": body_props},
            "Ev": event.clone(),
            "Other": event,
            "BatchResponse": {"type": "object", "properties": {
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/EvError"}}}},
            "EvError": {"type": "object", "properties": {
                "eventId": {"type": "string"}, "retryable": {"type": "boolean"},
                "message": {"type": "string"}}}
        }}
    })
    .to_string()
}

fn event() -> Value {
    json!({"type": "object", "required": ["eventId", "eventDateTime"], "properties": {
        "eventId": {"type": "string"},
        "eventDateTime": {"type": "string", "format": "date-time"},
        "userId": {"type": "string"}}})
}

fn events_file(json: &str) -> String {
    let out = codegen::generate_from_json(json).unwrap();
    out.files["events.rs"].clone()
}

#[test]
fn one_event_array_implements_batch_event_on_the_event_type() {
    let file = events_file(&doc(
        json!({"evs": {"type": "array", "items": {"$ref": "#/components/schemas/Ev"}}}),
        json!([]),
        event(),
    ));
    assert!(file.contains("impl crate::runtime::events::BatchEvent for crate::models::Ev"));
    assert!(file.contains("type Rejection = crate::models::EvError;"));
    assert!(file.contains("impl crate::runtime::events::EventRejection for crate::models::EvError"));
    // The body is serialized from borrowed events: no event is cloned to send it.
    assert!(
        file.contains("events: &'e [&'e crate::models::Ev]"),
        "{file}"
    );
    assert!(file.contains("\"postEvents\""), "{file}");
    assert!(
        file.contains("const MAX_PER_REQUEST: Option<usize> = None;"),
        "{file}"
    );
}

#[test]
fn the_smallest_max_items_of_the_event_arrays_is_the_batch_limit() {
    let file = events_file(&doc(
        json!({
            "evs": {"type": "array", "maxItems": 100, "items": {"$ref": "#/components/schemas/Ev"}},
            "others": {"type": "array", "maxItems": 40, "items": {"$ref": "#/components/schemas/Other"}}
        }),
        json!([]),
        event(),
    ));
    assert!(
        file.contains("const MAX_PER_REQUEST: Option<usize> = Some(40usize);"),
        "{file}"
    );
}

#[test]
fn several_event_arrays_get_an_enum() {
    let file = events_file(&doc(
        json!({
            "evs": {"type": "array", "items": {"$ref": "#/components/schemas/Ev"}},
            "others": {"type": "array", "items": {"$ref": "#/components/schemas/Other"}}
        }),
        json!([]),
        event(),
    ));
    assert!(file.contains("pub enum PostEventsEvent"), "{file}");
    assert!(file.contains("impl From<crate::models::Other> for PostEventsEvent"));
    assert!(file.contains("impl crate::runtime::events::BatchEvent for PostEventsEvent"));
}

#[test]
fn lookalikes_get_no_glue() {
    let no_time = json!({"type": "object", "properties": {"eventId": {"type": "string"}}});
    let evs = json!({"evs": {"type": "array", "items": {"$ref": "#/components/schemas/Ev"}}});
    let required_other = json!({
        "evs": {"type": "array", "items": {"$ref": "#/components/schemas/Ev"}},
        "source": {"type": "string"}
    });
    for (props, required, ev) in [
        (evs.clone(), json!([]), no_time),
        (required_other, json!(["source"]), event()),
    ] {
        let file = events_file(&doc(props, required, ev));
        assert!(!file.contains("impl "), "{file}");
    }
}
