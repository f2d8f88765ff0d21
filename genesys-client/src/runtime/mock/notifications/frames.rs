//! The text frames the mock writes: event envelopes, heartbeats, pongs and system messages.

use serde::Serialize;
use serde_json::{json, Value};

/// An envelope with its keys in the order Genesys sends them (`json!` would sort them, putting
/// `eventBody` before `topicName`).
#[derive(Serialize)]
struct Envelope<'a> {
    #[serde(rename = "topicName")]
    topic_name: &'a str,
    version: &'a str,
    #[serde(rename = "eventBody")]
    event_body: &'a Value,
    metadata: Metadata<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    #[serde(rename = "CorrelationId")]
    correlation_id: &'a str,
}

/// An event envelope (`topicName`, `version`, `eventBody`, `metadata.CorrelationId`, in this
/// order, as Genesys writes them).
pub(super) fn event(topic: &str, body: &Value, correlation_id: &str) -> String {
    serde_json::to_string(&Envelope {
        topic_name: topic,
        version: "2",
        event_body: body,
        metadata: Metadata { correlation_id },
    })
    .expect("an envelope of JSON values serializes")
}

/// The server heartbeat Genesys sends about every 30 s.
pub(super) fn heartbeat() -> String {
    r#"{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}"#.to_owned()
}

/// The answer to `{"message":"ping"}`.
pub(super) fn pong() -> String {
    r#"{"topicName":"channel.metadata","eventBody":{"message":"pong"}}"#.to_owned()
}

/// A `v2.system.*` message (`SystemMessageSystemMessage` body) about `channel_id`.
pub(super) fn system(topic: &str, kind: &str, channel_id: &str, correlation_id: &str) -> String {
    let body = json!({
        "channelId": channel_id,
        "systemTopicType": kind,
        "correlationId": correlation_id,
        "reason": kind,
        "message": format!("genesys-client mock: {kind}"),
    });
    event(topic, &body, correlation_id)
}

/// Whether a frame from the client is the application-level health check.
pub(super) fn is_ping(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .is_some_and(|v| v.get("message").and_then(Value::as_str) == Some("ping"))
}
