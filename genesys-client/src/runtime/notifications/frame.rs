//! Reading one text frame: the envelope (`topicName`, `eventBody`, `metadata.CorrelationId`)
//! in one borrowed pass, the body left raw for the payload type. `channel.metadata`
//! (heartbeats, pongs) and `v2.system.*` are the receiver's own business.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::item::DecodeErrorKind;

/// What a frame is.
#[derive(Debug)]
pub(super) enum Frame<'a> {
    /// `channel.metadata`: a heartbeat, a pong, or anything else Genesys says about the channel.
    Metadata,
    /// `v2.system.*`.
    System(SystemKind),
    /// A notification on `topic`.
    Event {
        topic: Cow<'a, str>,
        body: &'a RawValue,
        correlation_id: Option<Cow<'a, str>>,
    },
}

/// The system messages the receiver acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SystemKind {
    /// Maintenance: connect a new socket within a minute.
    SocketClosing,
    /// The channel lost its subscriptions: a new channel is needed.
    NoLongerSubscribed,
    /// The token the channel was made with was revoked: a new channel with a fresh token.
    TokenRevoked,
    /// Any other system message (ignored).
    Other,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "topicName", borrow)]
    topic_name: Cow<'a, str>,
    #[serde(rename = "eventBody", borrow)]
    event_body: &'a RawValue,
    #[serde(default, borrow)]
    metadata: Option<Metadata<'a>>,
}

#[derive(Deserialize)]
struct Metadata<'a> {
    #[serde(rename = "CorrelationId", default, borrow)]
    correlation_id: Option<Cow<'a, str>>,
}

/// Why a frame is not a [`Frame`]: the kind, the topic if it was read, the message.
pub(super) type FrameError = (DecodeErrorKind, Option<String>, String);

/// Reads the envelope of `text`.
pub(super) fn parse(text: &str) -> Result<Frame<'_>, FrameError> {
    let envelope: Envelope<'_> = serde_json::from_str(text).map_err(|e| {
        let kind = match e.classify() {
            serde_json::error::Category::Data => DecodeErrorKind::WrongShape,
            _ => DecodeErrorKind::NotJson,
        };
        // The topic of a wrong-shaped envelope, if it has one, helps find the culprit.
        let topic = (kind == DecodeErrorKind::WrongShape)
            .then(|| topic_of(text))
            .flatten();
        (kind, topic, e.to_string())
    })?;
    let topic = envelope.topic_name;
    if topic == "channel.metadata" {
        return Ok(Frame::Metadata);
    }
    if let Some(rest) = topic.strip_prefix("v2.system.") {
        let kind = if rest == "socket_closing" {
            SystemKind::SocketClosing
        } else if rest.starts_with("no_longer_subscribed") {
            SystemKind::NoLongerSubscribed
        } else if rest.starts_with("token_revoked") {
            SystemKind::TokenRevoked
        } else {
            SystemKind::Other
        };
        return Ok(Frame::System(kind));
    }
    Ok(Frame::Event {
        topic,
        body: envelope.event_body,
        correlation_id: envelope.metadata.and_then(|m| m.correlation_id),
    })
}

/// `topicName` of a JSON object that is not a full envelope.
fn topic_of(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct TopicOnly {
        #[serde(rename = "topicName")]
        topic_name: String,
    }
    serde_json::from_str::<TopicOnly>(text)
        .ok()
        .map(|t| t.topic_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_metadata_and_system_messages_are_told_apart() {
        let event = r#"{"topicName":"v2.users.1.presence","version":"2","eventBody":{"a":1},"metadata":{"CorrelationId":"c-1"}}"#;
        match parse(event).unwrap() {
            Frame::Event {
                topic,
                body,
                correlation_id,
            } => {
                assert_eq!(topic, "v2.users.1.presence");
                assert_eq!(body.get(), r#"{"a":1}"#);
                assert_eq!(correlation_id.as_deref(), Some("c-1"));
            }
            other => panic!("{other:?}"),
        }
        let heartbeat =
            r#"{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}"#;
        assert!(matches!(parse(heartbeat), Ok(Frame::Metadata)));
        for (topic, kind) in [
            ("v2.system.socket_closing", SystemKind::SocketClosing),
            (
                "v2.system.no_longer_subscribed.ch1",
                SystemKind::NoLongerSubscribed,
            ),
            ("v2.system.token_revoked.ch1", SystemKind::TokenRevoked),
            ("v2.system.a.b", SystemKind::Other),
        ] {
            let text = format!(r#"{{"topicName":"{topic}","eventBody":{{}}}}"#);
            assert!(
                matches!(parse(&text), Ok(Frame::System(k)) if k == kind),
                "{topic}"
            );
        }
    }

    #[test]
    fn bad_frames_are_classified() {
        let (kind, topic, _) = parse("not json").unwrap_err();
        assert_eq!((kind, topic), (DecodeErrorKind::NotJson, None));
        let (kind, _, _) = parse(r#"{"topicName":"x""#).unwrap_err();
        assert_eq!(kind, DecodeErrorKind::NotJson);
        let (kind, topic, _) = parse(r#"{"topicName":"v2.x","body":1}"#).unwrap_err();
        assert_eq!(
            (kind, topic.as_deref()),
            (DecodeErrorKind::WrongShape, Some("v2.x"))
        );
        let (kind, topic, _) = parse("[1,2]").unwrap_err();
        assert_eq!((kind, topic), (DecodeErrorKind::WrongShape, None));
    }
}
