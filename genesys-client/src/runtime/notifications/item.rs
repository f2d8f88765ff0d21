//! What the receiver yields: events, gap markers, rejected topics, undecodable frames and
//! connection status, all in one stream so the order between them is the order they happened.

use std::fmt;
use std::sync::Arc;

use crate::runtime::topic::Topic;

/// Which channel (shard) of a receiver an item is about: `0..channels`, in the order the
/// planner made them ([`Receiver::plan`](super::Receiver::plan)).
pub type ShardId = usize;

/// One item of a [`Receiver`](super::Receiver) stream.
#[derive(Debug)]
#[non_exhaustive]
pub enum Item<P> {
    /// A notification, decoded as `P`.
    Event(Event<P>),
    /// Events on these topics may have been missed (a reconnect, a new channel, the start, or
    /// a consumer too slow for the buffer): re-read their state over REST now. Events after
    /// this item are live again.
    Resync {
        /// The channel the gap was on.
        shard: ShardId,
        /// The affected topics (expanded names, as subscribed and not rejected).
        topics: Arc<[Topic]>,
        /// Why there was a gap.
        reason: ResyncReason,
    },
    /// Genesys refused a topic (with `ignoreErrors=true` the others were still subscribed).
    /// Reported once per topic and receiver; the topic stays out of later subscriptions.
    Rejected {
        /// The channel that asked for it.
        shard: ShardId,
        /// The expanded topic name.
        topic: Topic,
        /// Genesys' `rejectionReason`, if any.
        reason: Option<String>,
        /// Genesys' `missingPermissions` (empty when not given).
        missing_permissions: Vec<String>,
    },
    /// A frame that could not be turned into an event. The stream goes on.
    Undecodable(Undecodable),
    /// A change of a channel's connection (advisory: dropped when the buffer is full).
    Status {
        /// The channel.
        shard: ShardId,
        /// What happened.
        status: Status,
    },
}

/// A decoded notification.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<P> {
    /// The channel it arrived on.
    pub shard: ShardId,
    /// The expanded topic name (`topicName`).
    pub topic: String,
    /// The decoded `eventBody`.
    pub payload: P,
    /// `metadata.CorrelationId`, the key duplicates are recognised by.
    pub correlation_id: Option<String>,
}

/// Why a [`Item::Resync`] was yielded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResyncReason {
    /// The receiver started: read the initial state.
    Startup,
    /// The socket was lost and a new one connected to the same channel.
    Reconnected,
    /// The channel was gone (expired, replaced, `no_longer_subscribed`, `token_revoked`) and a
    /// new one was created and subscribed.
    NewChannel,
    /// The consumer was too slow: events on these topics were dropped (see the back-pressure
    /// policy in the module docs).
    Lagged,
}

/// A frame the receiver could not decode; it carries a bounded prefix of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Undecodable {
    /// The channel it arrived on.
    pub shard: ShardId,
    /// `topicName`, when the envelope could be read that far.
    pub topic: Option<String>,
    /// The frame's text, cut to at most [`MAX_RAW_PREFIX`] bytes (at a character boundary).
    pub raw: String,
    /// The frame's full length in bytes.
    pub len: usize,
    /// What was wrong.
    pub kind: DecodeErrorKind,
    /// The decoder's message.
    pub error: String,
}

/// How many bytes of an undecodable frame an [`Undecodable`] keeps.
pub const MAX_RAW_PREFIX: usize = 1024;

/// The kind of an [`Undecodable`] frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// Not JSON.
    NotJson,
    /// JSON, but not an envelope (`topicName` / `eventBody` missing or of the wrong type).
    WrongShape,
    /// An envelope on a topic this channel did not subscribe to.
    UnknownTopic,
    /// An envelope whose `eventBody` the payload type refused.
    Payload,
    /// Longer than [`ReceiverBuilder::max_event_bytes`](super::ReceiverBuilder::max_event_bytes).
    TooLarge,
    /// A binary frame that is not UTF-8 (Genesys sends text; a binary frame that is UTF-8 is
    /// read as text).
    Binary,
}

/// A channel's connection status, as reported by [`Item::Status`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// A socket is live on this channel.
    Connected {
        /// The channel id.
        channel_id: String,
    },
    /// The live socket ended; a reconnect follows.
    Disconnected {
        /// Why.
        reason: String,
    },
    /// A new channel is being prepared while the old socket still delivers (socket_closing or
    /// expiry ahead).
    Rotating {
        /// What prompted it.
        reason: String,
    },
    /// A connection attempt failed; the next one is after `delay`.
    Retrying {
        /// Failed attempts in a row.
        attempt: u32,
        /// The wait before the next attempt.
        delay: std::time::Duration,
        /// The error.
        error: String,
    },
}

impl<P> Item<P> {
    /// The channel this item is about.
    pub fn shard(&self) -> ShardId {
        match self {
            Item::Event(e) => e.shard,
            Item::Undecodable(u) => u.shard,
            Item::Resync { shard, .. }
            | Item::Rejected { shard, .. }
            | Item::Status { shard, .. } => *shard,
        }
    }
}

impl fmt::Display for ResyncReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResyncReason::Startup => "startup",
            ResyncReason::Reconnected => "reconnected",
            ResyncReason::NewChannel => "new channel",
            ResyncReason::Lagged => "lagged",
        })
    }
}

/// Cuts `text` to at most [`MAX_RAW_PREFIX`] bytes at a character boundary.
pub(super) fn prefix(text: &str) -> String {
    if text.len() <= MAX_RAW_PREFIX {
        return text.to_owned();
    }
    let mut end = MAX_RAW_PREFIX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_bounded_and_cut_at_char_boundaries() {
        assert_eq!(prefix("abc"), "abc");
        let long = "é".repeat(MAX_RAW_PREFIX); // 2 bytes each
        let cut = prefix(&long);
        assert!(cut.len() <= MAX_RAW_PREFIX && cut.len() >= MAX_RAW_PREFIX - 1);
        assert!(cut.chars().all(|c| c == 'é'));
    }
}
