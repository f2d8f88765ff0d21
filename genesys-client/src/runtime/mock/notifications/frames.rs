//! The text frames the mock writes: event envelopes, heartbeats, pongs and system messages.

use serde_json::{json, Value};

/// An event envelope (`topicName`, `version`, `eventBody`, `metadata.CorrelationId`).
pub(super) fn event(topic: &str, body: &Value, correlation_id: &str) -> String {
    json!({
        "topicName": topic,
        "version": "2",
        "eventBody": body,
        "metadata": { "CorrelationId": correlation_id },
    })
    .to_string()
}

/// The server heartbeat Genesys sends about every 30 s.
pub(super) fn heartbeat() -> String {
    json!({ "topicName": "channel.metadata", "eventBody": { "message": "WebSocket Heartbeat" } })
        .to_string()
}

/// The answer to `{"message":"ping"}`.
pub(super) fn pong() -> String {
    json!({ "topicName": "channel.metadata", "eventBody": { "message": "pong" } }).to_string()
}

/// A `v2.system.*` message (`SystemMessageSystemMessage` body) about `channel_id`.
pub(super) fn system(topic: &str, kind: &str, channel_id: &str, correlation_id: &str) -> String {
    json!({
        "topicName": topic,
        "version": "2",
        "eventBody": {
            "channelId": channel_id,
            "systemTopicType": kind,
            "correlationId": correlation_id,
            "reason": kind,
            "message": format!("genesys-client mock: {kind}"),
        },
        "metadata": { "CorrelationId": correlation_id },
    })
    .to_string()
}

/// Whether a frame from the client is the application-level health check.
pub(super) fn is_ping(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .is_some_and(|v| v.get("message").and_then(Value::as_str) == Some("ping"))
}
