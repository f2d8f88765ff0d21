//! Reading one text frame in one pass: the envelope (`topicName`, `eventBody`,
//! `metadata.CorrelationId`) and, once the topic is known, the body straight into the payload
//! type from the same deserializer, so the body is scanned once. Genesys sends `topicName`
//! first; a frame with `eventBody` before it has its body buffered (borrowed, not copied) and
//! decoded after. `channel.metadata` (heartbeats, pongs) and `v2.system.*` are the receiver's
//! own business, and the body of a topic the channel did not subscribe to is skipped.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::item::DecodeErrorKind;
use crate::runtime::topic::NotificationPayload;

/// What a frame is.
#[derive(Debug)]
pub(super) enum Frame<'a, P> {
    /// `channel.metadata`: a heartbeat, a pong, or anything else Genesys says about the channel.
    Metadata,
    /// `v2.system.*`.
    System(SystemKind),
    /// A well-formed envelope on a topic the channel did not subscribe to (body not read).
    Unplanned(Cow<'a, str>),
    /// A notification on `topic`.
    Event {
        topic: Cow<'a, str>,
        payload: P,
        correlation_id: Option<Cow<'a, str>>,
    },
    /// An event whose `eventBody` came before `topicName`: the body is still to be decoded
    /// ([`parse`] never returns this).
    Deferred {
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

/// What a topic name says about the body that follows it.
enum Kind {
    Metadata,
    System(SystemKind),
    Unplanned,
    Event,
}

fn kind(topic: &str, planned: &impl Fn(&str) -> bool) -> Kind {
    if topic == "channel.metadata" {
        return Kind::Metadata;
    }
    if let Some(rest) = topic.strip_prefix("v2.system.") {
        return Kind::System(if rest == "socket_closing" {
            SystemKind::SocketClosing
        } else if rest.starts_with("no_longer_subscribed") {
            SystemKind::NoLongerSubscribed
        } else if rest.starts_with("token_revoked") {
            SystemKind::TokenRevoked
        } else {
            SystemKind::Other
        });
    }
    if planned(topic) {
        Kind::Event
    } else {
        Kind::Unplanned
    }
}

/// `true` when `topic` is an event on one of the channel's topics (not `channel.metadata`,
/// not `v2.system.*`).
pub(super) fn is_event(topic: &str, planned: impl Fn(&str) -> bool) -> bool {
    matches!(kind(topic, &planned), Kind::Event)
}

/// The topic of a frame that starts with it, as Genesys writes frames
/// (`{"topicName":"v2.users…",…`), read without parsing the rest; `None` for any other layout
/// or a topic with escapes (such frames are parsed in full).
pub(super) fn leading_topic(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(r#"{"topicName":""#)?;
    let end = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
    (rest.as_bytes()[end] == b'"').then(|| &rest[..end])
}

/// Why a frame is not a [`Frame`]: the kind, the topic if it was read, the message.
pub(super) type FrameError = (DecodeErrorKind, Option<String>, String);

/// Reads `text`; `planned` says whether an event topic is one the channel subscribed to.
pub(super) fn parse<'a, P: NotificationPayload>(
    text: &'a str,
    planned: impl Fn(&str) -> bool,
) -> Result<Frame<'a, P>, FrameError> {
    let in_body = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de.deserialize_map(EnvelopeVisitor::<P, _> {
        planned: &planned,
        in_body: &in_body,
        payload: PhantomData,
    });
    let classify = |e: serde_json::Error, in_body: bool| {
        let kind = match e.classify() {
            serde_json::error::Category::Data if in_body => DecodeErrorKind::Payload,
            serde_json::error::Category::Data => DecodeErrorKind::WrongShape,
            _ => DecodeErrorKind::NotJson,
        };
        // The topic of a wrong-shaped envelope, if it has one, helps find the culprit
        // (a second parse, on the error path only).
        let topic = (kind != DecodeErrorKind::NotJson)
            .then(|| topic_of(text))
            .flatten();
        (kind, topic, e.to_string())
    };
    let frame = read.map_err(|e| classify(e, in_body.get()))?;
    de.end().map_err(|e| classify(e, false))?;
    match frame {
        // `eventBody` came before `topicName`: decode the buffered body now.
        Frame::Deferred {
            topic,
            body,
            correlation_id,
        } => {
            let mut de = serde_json::Deserializer::from_str(body.get());
            let payload = P::decode(&topic, &mut de).map_err(|e| classify(e, true))?;
            Ok(Frame::Event {
                topic,
                payload,
                correlation_id,
            })
        }
        frame => Ok(frame),
    }
}

/// The body as the visitor left it.
enum Body<'a, P> {
    Decoded(P),
    Skipped,
    Buffered(&'a RawValue),
}

struct EnvelopeVisitor<'s, P, F> {
    planned: &'s F,
    /// Set while the payload type reads the body: an error then is the payload's.
    in_body: &'s Cell<bool>,
    payload: PhantomData<fn() -> P>,
}

impl<'de, P: NotificationPayload, F: Fn(&str) -> bool> Visitor<'de> for EnvelopeVisitor<'_, P, F> {
    type Value = Frame<'de, P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notification envelope (an object with `topicName` and `eventBody`)")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut topic: Option<Cow<'de, str>> = None;
        let mut body: Option<Body<'de, P>> = None;
        let mut correlation_id: Option<Cow<'de, str>> = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Topic => {
                    if topic.is_some() {
                        return Err(de::Error::duplicate_field("topicName"));
                    }
                    topic = Some(map.next_value::<Str<'de>>()?.0);
                }
                Key::Body => {
                    if body.is_some() {
                        return Err(de::Error::duplicate_field("eventBody"));
                    }
                    body = Some(match topic.as_deref().map(|t| (t, kind(t, self.planned))) {
                        Some((t, Kind::Event)) => {
                            self.in_body.set(true);
                            let payload = map.next_value_seed(PayloadSeed::<P> {
                                topic: t,
                                payload: PhantomData,
                            })?;
                            self.in_body.set(false);
                            Body::Decoded(payload)
                        }
                        Some(_) => {
                            map.next_value::<IgnoredAny>()?;
                            Body::Skipped
                        }
                        None => Body::Buffered(map.next_value::<&'de RawValue>()?),
                    });
                }
                Key::Metadata => {
                    correlation_id = map
                        .next_value::<Option<Metadata<'de>>>()?
                        .and_then(|m| m.correlation_id);
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let topic = topic.ok_or_else(|| de::Error::missing_field("topicName"))?;
        let body = body.ok_or_else(|| de::Error::missing_field("eventBody"))?;
        Ok(match (kind(&topic, self.planned), body) {
            (Kind::Metadata, _) => Frame::Metadata,
            (Kind::System(kind), _) => Frame::System(kind),
            (Kind::Unplanned, _) => Frame::Unplanned(topic),
            (Kind::Event, Body::Decoded(payload)) => Frame::Event {
                topic,
                payload,
                correlation_id,
            },
            (Kind::Event, Body::Buffered(body)) => Frame::Deferred {
                topic,
                body,
                correlation_id,
            },
            (Kind::Event, Body::Skipped) => unreachable!("an event body is never skipped"),
        })
    }
}

/// Hands the body to the payload type.
struct PayloadSeed<'t, P> {
    topic: &'t str,
    payload: PhantomData<fn() -> P>,
}

impl<'de, P: NotificationPayload> DeserializeSeed<'de> for PayloadSeed<'_, P> {
    type Value = P;

    fn deserialize<D: Deserializer<'de>>(self, body: D) -> Result<P, D::Error> {
        P::decode(self.topic, body)
    }
}

/// An envelope key, matched without allocating.
enum Key {
    Topic,
    Body,
    Metadata,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "topicName" => Key::Topic,
                    "eventBody" => Key::Body,
                    "metadata" => Key::Metadata,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// A string borrowed from the frame when it has no escapes (topic names never do).
struct Str<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(StrVisitor)
    }
}

#[derive(Deserialize)]
struct Metadata<'a> {
    #[serde(rename = "CorrelationId", default, borrow)]
    correlation_id: Option<Cow<'a, str>>,
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
    use serde_json::{json, Value};

    fn all(_: &str) -> bool {
        true
    }

    /// A payload type that takes only a number: any object body is a payload error.
    #[derive(Debug)]
    struct Number(#[allow(dead_code)] u8);

    impl NotificationPayload for Number {
        fn decode<'de, D: Deserializer<'de>>(_: &str, body: D) -> Result<Self, D::Error> {
            u8::deserialize(body).map(Number)
        }
    }

    fn event(text: &str) -> (String, Value, Option<String>) {
        match parse::<Value>(text, all).unwrap() {
            Frame::Event {
                topic,
                payload,
                correlation_id,
            } => (
                topic.into_owned(),
                payload,
                correlation_id.map(Cow::into_owned),
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_leading_topic_is_read_only_from_the_layout_genesys_writes() {
        let text = r#"{"topicName":"v2.users.1.presence","eventBody":{}}"#;
        assert_eq!(leading_topic(text), Some("v2.users.1.presence"));
        for other in [
            r#"{ "topicName":"v2.users.1.presence","eventBody":{}}"#,
            r#"{"eventBody":{},"topicName":"v2.users.1.presence"}"#,
            r#"{"topicName":"v2.users.\u0031.presence","eventBody":{}}"#,
            r#"{"topicName":"v2.users.1.presence"#,
            r#"{"topicName":5}"#,
        ] {
            assert_eq!(leading_topic(other), None, "{other}");
        }
        assert!(is_event("v2.users.1.presence", all));
        assert!(!is_event("v2.users.1.presence", |_| false));
        assert!(!is_event("channel.metadata", all));
        assert!(!is_event("v2.system.socket_closing", all));
    }

    #[test]
    fn envelopes_metadata_and_system_messages_are_told_apart() {
        let text = r#"{"topicName":"v2.users.1.presence","version":"2","eventBody":{"a":1},"metadata":{"CorrelationId":"c-1"}}"#;
        assert_eq!(
            event(text),
            (
                "v2.users.1.presence".into(),
                json!({"a": 1}),
                Some("c-1".into())
            )
        );
        let heartbeat =
            r#"{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}"#;
        assert!(matches!(
            parse::<Value>(heartbeat, all),
            Ok(Frame::Metadata)
        ));
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
                matches!(parse::<Value>(&text, all), Ok(Frame::System(k)) if k == kind),
                "{topic}"
            );
        }
    }

    #[test]
    fn a_body_before_the_topic_is_buffered_and_decoded_after() {
        let text = r#"{"metadata":{"CorrelationId":"c-2"},"eventBody":{"b":[1,{"c":"x"}]},"topicName":"v2.users.2.presence"}"#;
        assert_eq!(
            event(text),
            (
                "v2.users.2.presence".into(),
                json!({"b": [1, {"c": "x"}]}),
                Some("c-2".into())
            )
        );
        // Its payload errors are still the payload's.
        let text = r#"{"eventBody":[1],"topicName":"v2.users.2.presence"}"#;
        assert!(parse::<Box<RawValue>>(text, all).is_ok());
        let (kind, topic, _) = parse::<Number>(text, all).unwrap_err();
        assert_eq!(
            (kind, topic.as_deref()),
            (DecodeErrorKind::Payload, Some("v2.users.2.presence"))
        );
    }

    #[test]
    fn an_unplanned_topic_is_reported_without_reading_its_body_into_the_payload() {
        let text = r#"{"topicName":"v2.users.9.presence","eventBody":{"x":1}}"#;
        // A payload type that refuses everything is never asked.
        match parse::<Number>(text, |t| t != "v2.users.9.presence").unwrap() {
            Frame::Unplanned(topic) => assert_eq!(topic, "v2.users.9.presence"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_frames_are_classified() {
        let (kind, topic, _) = parse::<Value>("not json", all).unwrap_err();
        assert_eq!((kind, topic), (DecodeErrorKind::NotJson, None));
        let (kind, _, _) = parse::<Value>(r#"{"topicName":"x""#, all).unwrap_err();
        assert_eq!(kind, DecodeErrorKind::NotJson);
        let (kind, topic, _) = parse::<Value>(r#"{"topicName":"v2.x","body":1}"#, all).unwrap_err();
        assert_eq!(
            (kind, topic.as_deref()),
            (DecodeErrorKind::WrongShape, Some("v2.x"))
        );
        let (kind, topic, _) = parse::<Value>("[1,2]", all).unwrap_err();
        assert_eq!((kind, topic), (DecodeErrorKind::WrongShape, None));
        // The payload type refuses the body: a payload error, with the topic.
        let text = r#"{"topicName":"v2.users.1.presence","eventBody":{"a":1}}"#;
        let (kind, topic, error) = parse::<Number>(text, all).unwrap_err();
        assert_eq!(
            (kind, topic.as_deref()),
            (DecodeErrorKind::Payload, Some("v2.users.1.presence")),
            "{error}"
        );
        // Broken JSON inside the body is broken JSON, whoever reads it.
        let text = r#"{"topicName":"v2.users.1.presence","eventBody":{"a":}}"#;
        assert_eq!(
            parse::<Value>(text, all).unwrap_err().0,
            DecodeErrorKind::NotJson
        );
        // Trailing text after the envelope.
        let text = r#"{"topicName":"v2.users.1.presence","eventBody":{}} x"#;
        assert_eq!(
            parse::<Value>(text, all).unwrap_err().0,
            DecodeErrorKind::NotJson
        );
        // Two topics.
        let text = r#"{"topicName":"a.b","topicName":"c.d","eventBody":{}}"#;
        assert_eq!(
            parse::<Value>(text, all).unwrap_err().0,
            DecodeErrorKind::WrongShape
        );
    }
}
