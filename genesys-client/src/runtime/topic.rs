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
pub trait NotificationPayload: Sized + Send + 'static {
    /// Decodes `body` (the envelope's `eventBody`, undecoded) of an event that arrived on
    /// `topic` (the expanded topic name, as in the envelope's `topicName`).
    fn decode(topic: &str, body: &RawValue) -> Result<Self, serde_json::Error>;
}

/// Raw JSON: any topic, the body parsed into a [`serde_json::Value`].
impl NotificationPayload for serde_json::Value {
    fn decode(_topic: &str, body: &RawValue) -> Result<Self, serde_json::Error> {
        serde_json::from_str(body.get())
    }
}

/// Raw JSON, unparsed: any topic, the body's text as received.
impl NotificationPayload for Box<RawValue> {
    fn decode(_topic: &str, body: &RawValue) -> Result<Self, serde_json::Error> {
        Ok(body.to_owned())
    }
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
            fn decode(topic: &str, body: &RawValue) -> Result<Self, serde_json::Error> {
                if topic.ends_with(".presence") {
                    #[derive(serde::Deserialize)]
                    struct Body {
                        source: String,
                    }
                    let body: Body = serde_json::from_str(body.get())?;
                    Ok(Seen::Presence(body.source))
                } else {
                    Ok(Seen::Other(body.get().to_owned()))
                }
            }
        }
        let body = RawValue::from_string(r#"{"source":"PURECLOUD"}"#.to_owned()).unwrap();
        assert_eq!(
            Seen::decode("v2.users.1.presence", &body).unwrap(),
            Seen::Presence("PURECLOUD".into())
        );
        assert_eq!(
            Seen::decode("v2.users.1.activity", &body).unwrap(),
            Seen::Other(r#"{"source":"PURECLOUD"}"#.into())
        );
        let wrong = RawValue::from_string("[1]".to_owned()).unwrap();
        assert!(Seen::decode("v2.users.1.presence", &wrong).is_err());
    }
}
