//! Notification topics: what arrives over a Notifications WebSocket, by topic name.

use super::TypeRef;

/// One topic of the topic snapshot (`spec/notification-topics.json`), such as
/// `v2.users.{id}.presence`, with the type its event bodies decode into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationTopic {
    /// The pattern as the snapshot spells it (`v2.users.{id}.presence`).
    pub pattern: String,
    /// JSON pointer (URI fragment form) to the topic in the document it was lowered from
    /// (`#/x-genesys-rs-topics/v2.users.{id}.presence`).
    pub pointer: String,
    /// The pattern split at `.`, placeholders named for Rust.
    pub segments: Vec<TopicSegment>,
    /// Rust name of the typed constructor (`user_presence`) and, in `UpperCamelCase`, of the
    /// event variant (`UserPresence`); unique among topics.
    pub name: String,
    /// Rust name of the event variant (`UserPresence`).
    pub variant: String,
    /// The type event bodies on this topic decode into.
    pub payload: TypeRef,
    /// Clients may subscribe to it (`v2.system.*` and `channel.metadata` arrive unasked).
    pub subscribe: bool,
}

/// One `.`-separated segment of a topic pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopicSegment {
    /// Spelled as is (`users`).
    Literal(String),
    /// A placeholder (`{id}`) and the Rust name of the value filling it (`user_id`).
    Param {
        /// The placeholder's name in the pattern (`id`).
        wire: String,
        /// A snake_case Rust identifier, unique within the topic.
        name: String,
    },
}

impl NotificationTopic {
    /// The placeholders, in pattern order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            TopicSegment::Param { name, .. } => Some(name.as_str()),
            TopicSegment::Literal(_) => None,
        })
    }
}
