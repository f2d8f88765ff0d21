//! Typed notification topics: the generated constructors and `NotificationEvent` decode a
//! sample frame of every topic in `spec/notification-topics.json`, and keep what they do not
//! know (topics, fields, enum values) raw instead of failing.

use genesys_client::models::{RoutingStatusValue, SystemMessageSystemMessage};
use genesys_client::runtime::{NotificationPayload, Topic};
use genesys_client::topics::NotificationEvent;
use serde_json::{json, Value};

/// Decodes `text` as the receiver does: the payload type reads the body from the frame's
/// deserializer.
fn decode_text(topic: &str, text: &str) -> Result<NotificationEvent, serde_json::Error> {
    NotificationEvent::decode(topic, &mut serde_json::Deserializer::from_str(text))
}

fn decode(topic: &str, body: &Value) -> NotificationEvent {
    decode_text(topic, &body.to_string()).unwrap()
}

/// A sample body and an expanded name for each topic pattern of the committed snapshot.
fn sample(pattern: &str) -> (String, Value) {
    let topic = pattern.replace("{id}", "8d7c0d3e-0000-4000-8000-000000000001");
    let body = match pattern {
        "v2.users.{id}.presence" => json!({
            "source": "PURECLOUD", "primary": true, "message": "back at 3",
            "modifiedDate": "2025-11-02T10:00:00.000Z",
            "presenceDefinition": {"id": "p-1", "systemPresence": "Available"}
        }),
        "v2.users.{id}.routingStatus" => json!({
            "id": "u-1", "routingStatus": {"status": "IDLE", "startTime": "2025-11-02T10:00:00Z"}
        }),
        "v2.users.{id}.activity" => json!({
            "id": "u-1", "routingStatus": {"status": "INTERACTING"},
            "presence": {"presenceDefinition": {"id": "p-2", "systemPresence": "Busy"}, "presenceMessage": "in a call"},
            "outOfOffice": {"active": false}, "activeQueueIds": ["q1", "q2"]
        }),
        "channel.metadata" => json!({"message": "WebSocket Heartbeat"}),
        _ if pattern.starts_with("v2.system.") => json!({
            "channelId": "streaming-1", "systemTopicType": "no_longer_subscribed",
            "reason": "another_channel_subscribed", "message": "bye"
        }),
        other => panic!("no sample for topic {other}: add one when the snapshot gains a topic"),
    };
    (topic, body)
}

fn committed_topics() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/notification-topics.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_topic_of_the_snapshot_decodes() {
    let topics = committed_topics();
    let topics = topics["topics"].as_object().unwrap();
    assert_eq!(topics.len(), 8, "{:?}", topics.keys());
    for (pattern, t) in topics {
        let (topic, body) = sample(pattern);
        let event = decode(&topic, &body);
        let typed = !matches!(event, NotificationEvent::Unknown { .. });
        assert_eq!(
            typed,
            t["subscribe"] == json!(true),
            "{pattern}: subscribable topics are typed, the rest arrive as Unknown"
        );
        assert_eq!(event.topic().as_str(), topic, "{pattern}");
        if let NotificationEvent::Unknown { raw, .. } = &event {
            // Byte for byte: the receiver can decode system bodies itself.
            assert_eq!(raw.get(), body.to_string());
            let system: SystemMessageSystemMessage = serde_json::from_str(raw.get()).unwrap();
            let _ = system;
        }
    }
}

#[test]
fn typed_variants_carry_the_placeholder_and_the_body() {
    let (topic, body) = sample("v2.users.{id}.presence");
    match decode(&topic, &body) {
        NotificationEvent::UserPresence { user_id, body, .. } => {
            assert_eq!(user_id, "8d7c0d3e-0000-4000-8000-000000000001");
            assert_eq!(body.source.as_deref(), Some("PURECLOUD"));
            assert_eq!(body.primary, Some(true));
            let def = body.presence_definition.unwrap();
            assert_eq!(def.system_presence.as_deref(), Some("Available"));
        }
        other => panic!("{other:?}"),
    }
    let (topic, body) = sample("v2.users.{id}.routingStatus");
    match decode(&topic, &body) {
        NotificationEvent::UserRoutingStatus { body, .. } => {
            let status = body.routing_status.unwrap().status.unwrap();
            assert_eq!(status, RoutingStatusValue::Idle);
        }
        other => panic!("{other:?}"),
    }
    let (topic, body) = sample("v2.users.{id}.activity");
    match decode(&topic, &body) {
        NotificationEvent::UserActivity { body, .. } => {
            assert_eq!(body.active_queue_ids.unwrap(), ["q1", "q2"]);
            assert_eq!(body.out_of_office.unwrap().active, Some(false));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn constructors_spell_the_topic_names() {
    assert_eq!(Topic::user_presence("42").as_str(), "v2.users.42.presence");
    assert_eq!(
        Topic::user_routing_status("42").as_str(),
        "v2.users.42.routingStatus"
    );
    assert_eq!(Topic::user_activity("42").as_str(), "v2.users.42.activity");
    // The combined form the receiver subscribes with splits back into these prefixes.
    assert_eq!(
        Topic::user_presence("42").split_suffix(),
        Some(("v2.users.42", "presence"))
    );
}

#[test]
fn unknown_topics_fields_and_values_never_fail_a_frame() {
    // A topic this version does not type: kept whole.
    let body = json!({"stationId": "s-1", "brandNew": {"nested": [1, 2]}});
    match decode("v2.users.42.station", &body) {
        NotificationEvent::Unknown { topic, raw } => {
            assert_eq!(topic, "v2.users.42.station");
            assert_eq!(raw.get(), body.to_string());
        }
        other => panic!("{other:?}"),
    }
    // A field and an enum value Genesys added later (with a space, as live values have).
    let body = json!({
        "id": "u-1",
        "routingStatus": {"status": "ON BREAK", "startTime": "2025-11-02T10:00:00Z", "reasonCode": 7},
        "shiny": true
    });
    match decode("v2.users.42.routingStatus", &body) {
        NotificationEvent::UserRoutingStatus {
            body: typed, raw, ..
        } => {
            // The fields this version does not know are kept, raw, beside the typed body.
            assert_eq!(raw.get(), body.to_string());
            let kept: Value = serde_json::from_str(raw.get()).unwrap();
            assert_eq!(kept["shiny"], json!(true));
            assert_eq!(kept["routingStatus"]["reasonCode"], json!(7));
            let body = typed;
            let status = body.routing_status.unwrap().status.unwrap();
            assert_eq!(status.as_str(), "ON BREAK");
            assert!(matches!(status, RoutingStatusValue::Unknown(_)));
            // The raw value survives a round trip.
            assert_eq!(serde_json::to_value(&status).unwrap(), json!("ON BREAK"));
        }
        other => panic!("{other:?}"),
    }
    // Fields absent and nulls: still a typed event.
    let event = decode("v2.users.42.presence", &json!({"source": null}));
    assert!(matches!(event, NotificationEvent::UserPresence { .. }));
}

#[test]
fn a_typed_topic_with_a_body_of_the_wrong_shape_is_an_error_not_a_panic() {
    assert!(decode_text("v2.users.42.presence", "[1, 2]").is_err());
    assert!(decode_text("v2.users.42.presence", r#"{"primary": "yes"}"#).is_err());
    // A topic that only looks like a typed one (empty id, extra segment) is not typed.
    let body = json!({"source": "x"});
    assert!(matches!(
        decode("v2.users..presence", &body),
        NotificationEvent::Unknown { .. }
    ));
    assert!(matches!(
        decode("v2.users.42.presence.extra", &body),
        NotificationEvent::Unknown { .. }
    ));
    assert!(matches!(
        decode("v2.users.42", &body),
        NotificationEvent::Unknown { .. }
    ));
}

#[test]
fn the_raw_body_is_the_text_byte_for_byte() {
    // Spacing, key order and escapes as Genesys sent them, not as serde_json would write them.
    let text = "{ \"source\" : \"PURE\\u0043LOUD\",\n  \"zNew\": [1, 2.50],\"primary\":true }";
    for topic in ["v2.users.42.presence", "v2.users.42.station"] {
        let raw = match decode_text(topic, text).unwrap() {
            NotificationEvent::UserPresence { raw, body, .. } => {
                assert_eq!(body.source.as_deref(), Some("PURECLOUD"));
                raw
            }
            NotificationEvent::Unknown { raw, .. } => raw,
            other => panic!("{other:?}"),
        };
        assert_eq!(raw.get(), text, "{topic}");
    }
}
