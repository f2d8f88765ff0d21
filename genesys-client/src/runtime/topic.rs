//! Notification topics and their payloads: the two things generated topic code provides and
//! the Notifications receiver consumes, without either naming the other.
//!
//! A [`Topic`] is a topic name as Genesys spells it (`v2.users.{id}.presence`). Generated code
//! adds typed constructors to it (`Topic::user_presence(id)`), one per topic of the topic
//! schemas in `spec/`. A [`NotificationPayload`] decodes one event body given the topic it
//! arrived on; the generated event enum implements it, and the receiver is generic over it.
//! The receiver reads the envelope itself (`topicName`, `version`, `eventBody`,
//! `metadata.CorrelationId`) and handles `channel.metadata` and `v2.system.*` itself.

use std::fmt;

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// A notification topic name, such as `v2.users.{id}.presence` with the user id filled in.
///
/// Ordering and equality compare the name, so topics sort and deduplicate as strings.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Topic {
    name: String,
}

impl Topic {
    /// A topic from its full name. No check is made: Genesys adds topics all the time, and
    /// a name it does not know is rejected by the subscription call, per topic.
    pub fn new(name: impl Into<String>) -> Self {
        Topic { name: name.into() }
    }

    /// The topic name as sent to and received from Genesys.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The name split before its last `.`: `v2.users.42.presence` → `("v2.users.42",
    /// "presence")`. Topics with the same prefix can be combined into one subscription
    /// (`v2.users.42?presence&routingStatus`). `None` for a name without a `.`.
    pub fn split_suffix(&self) -> Option<(&str, &str)> {
        self.name
            .rsplit_once('.')
            .filter(|(prefix, suffix)| !prefix.is_empty() && !suffix.is_empty())
    }

    /// The topic name, owned.
    pub fn into_string(self) -> String {
        self.name
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl From<&str> for Topic {
    fn from(name: &str) -> Self {
        Topic::new(name)
    }
}

impl From<String> for Topic {
    fn from(name: String) -> Self {
        Topic::new(name)
    }
}

impl AsRef<str> for Topic {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

/// A type that notification event bodies decode into, given the topic they arrived on.
///
/// The generated `NotificationEvent` enum implements it, with a variant per typed topic and
/// one that keeps any other topic raw; you can implement it for your own type to receive
/// only what you need.
///
/// The receiver reads each frame in one pass: once it has read `topicName` (Genesys sends it
/// before `eventBody`), it hands `body` to [`decode`](Self::decode) as the frame's own
/// deserializer, positioned on the body, so the body is scanned once. (A frame whose
/// `eventBody` comes first is buffered as raw JSON and decoded from that.) The deserializer
/// is always serde_json's, so [`RawValue`] works: keep the body as received with
/// `Box<RawValue>` (see [`typed_and_raw`]).
///
/// ```
/// use genesys_client::runtime::NotificationPayload;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Presence {
///     source: String,
/// }
///
/// enum Mine {
///     Presence(Presence),
///     Other(serde_json::Value),
/// }
///
/// impl NotificationPayload for Mine {
///     fn decode<'de, D: serde::Deserializer<'de>>(topic: &str, body: D) -> Result<Self, D::Error> {
///         if topic.ends_with(".presence") {
///             Presence::deserialize(body).map(Mine::Presence)
///         } else {
///             serde_json::Value::deserialize(body).map(Mine::Other)
///         }
///     }
/// }
/// ```
pub trait NotificationPayload: Sized + Send + 'static {
    /// Decodes the `eventBody` of an event that arrived on `topic` (the expanded topic name,
    /// as in the envelope's `topicName`) from `body`, a deserializer of that value only.
    fn decode<'de, D: Deserializer<'de>>(topic: &str, body: D) -> Result<Self, D::Error>;
}

/// Raw JSON: any topic, the body parsed into a [`serde_json::Value`].
impl NotificationPayload for serde_json::Value {
    fn decode<'de, D: Deserializer<'de>>(_topic: &str, body: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(body)
    }
}

/// Raw JSON, unparsed: any topic, the body's text as received.
impl NotificationPayload for Box<RawValue> {
    fn decode<'de, D: Deserializer<'de>>(_topic: &str, body: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(body)
    }
}

/// Reads a body both ways at once: `T` and the text exactly as received (so a field Genesys
/// adds is never lost). The body is copied once, into the returned [`RawValue`], and `T` is
/// parsed from that copy; generated typed topics use it.
pub fn typed_and_raw<'de, T, D>(body: D) -> Result<(T, Box<RawValue>), D::Error>
where
    T: serde::de::DeserializeOwned,
    D: Deserializer<'de>,
{
    let raw = Box::<RawValue>::deserialize(body)?;
    let typed = serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?;
    Ok((typed, raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_suffix_takes_the_last_segment() {
        let topic = Topic::new("v2.users.42.presence");
        assert_eq!(topic.split_suffix(), Some(("v2.users.42", "presence")));
        assert_eq!(Topic::new("channel").split_suffix(), None);
        assert_eq!(Topic::new(".x").split_suffix(), None);
        assert_eq!(Topic::new("x.").split_suffix(), None);
    }

    #[test]
    fn a_payload_type_decodes_by_topic() {
        #[derive(Debug, PartialEq)]
        enum Seen {
            Presence(String),
            Other(String),
        }
        impl NotificationPayload for Seen {
            fn decode<'de, D: Deserializer<'de>>(topic: &str, body: D) -> Result<Self, D::Error> {
                if topic.ends_with(".presence") {
                    #[derive(serde::Deserialize)]
                    struct Body {
                        source: String,
                    }
                    Ok(Seen::Presence(Body::deserialize(body)?.source))
                } else {
                    Ok(Seen::Other(
                        Box::<RawValue>::deserialize(body)?.get().to_owned(),
                    ))
                }
            }
        }
        let body = r#"{"source":"PURECLOUD"}"#;
        let decode = |topic: &str, text: &str| {
            Seen::decode(topic, &mut serde_json::Deserializer::from_str(text))
        };
        assert_eq!(
            decode("v2.users.1.presence", body).unwrap(),
            Seen::Presence("PURECLOUD".into())
        );
        assert_eq!(
            decode("v2.users.1.activity", body).unwrap(),
            Seen::Other(r#"{"source":"PURECLOUD"}"#.into())
        );
        assert!(decode("v2.users.1.presence", "[1]").is_err());
    }

    #[test]
    fn typed_and_raw_keeps_what_the_type_does_not_know() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Body {
            source: String,
        }
        let text = r#"{ "source":"PURECLOUD", "added":[1, 2] }"#;
        let (typed, raw) =
            typed_and_raw::<Body, _>(&mut serde_json::Deserializer::from_str(text)).unwrap();
        assert_eq!(typed.source, "PURECLOUD");
        assert_eq!(raw.get(), text, "byte for byte");
        let err = typed_and_raw::<Body, _>(&mut serde_json::Deserializer::from_str(r#"{"x":1}"#))
            .unwrap_err();
        assert!(err.to_string().contains("source"), "{err}");
    }
}
