//! What travels from the socket tasks to the stream, and how the stream opens it.
//!
//! A socket task only looks at an event frame's `topicName` (when the frame starts with it, as
//! Genesys writes them) and queues the frame as received; the typed decode and the duplicate
//! check happen when the stream hands the frame out, on the consumer's task. Reading and
//! decoding thus run in parallel, and a payload type that is slow to decode never delays the
//! reads that keep a socket alive. Frames laid out otherwise are decoded on the socket task
//! as before (and still checked for duplicates here).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::dedupe::Dedupe;
use super::frame::{self, Frame};
use super::item::{prefix, Event, Item, ShardId, Undecodable};
use super::outlet::{bump, Counters};
use crate::runtime::topic::NotificationPayload;

/// One entry of the receiver's bounded queue.
pub(super) enum Queued<P> {
    /// Ready to hand out (events decoded on the socket task included). Boxed: queue entries
    /// are moved several times, and most are frames, which are small.
    Item(Box<Item<P>>),
    /// An event frame on one of the channel's topics, still to be decoded.
    Frame {
        /// The channel it arrived on.
        shard: ShardId,
        /// The frame's text, copied out of the socket's read buffer: a frame kept there would
        /// pin the buffer, and tungstenite would then read a few kilobytes per system call
        /// instead of up to its 128 KiB (measured: 40 times as many reads).
        text: Box<str>,
    },
}

impl<P> Queued<P> {
    pub(super) fn item(item: Item<P>) -> Self {
        Queued::Item(Box::new(item))
    }

    /// An event, decoded or not (what the back-pressure policy may drop).
    pub(super) fn is_event(&self) -> bool {
        match self {
            Queued::Item(item) => matches!(**item, Item::Event(_)),
            Queued::Frame { .. } => true,
        }
    }
}

/// The stream's side of the queue: decodes queued frames and drops duplicates.
pub(super) struct Inbox {
    /// One window per channel (shard): a handover overlaps two sockets of one shard.
    dedupe: Vec<Dedupe>,
    counters: Arc<Counters>,
}

impl Inbox {
    pub(super) fn new(shards: usize, dedupe_window: usize, counters: Arc<Counters>) -> Self {
        Inbox {
            dedupe: (0..shards).map(|_| Dedupe::new(dedupe_window)).collect(),
            counters,
        }
    }

    /// The item to hand out for `queued`; `None` when it was a duplicate.
    pub(super) fn open<P: NotificationPayload>(&mut self, queued: Queued<P>) -> Option<Item<P>> {
        let event = match queued {
            Queued::Item(item) => match *item {
                Item::Event(event) => event,
                item => return Some(item),
            },
            Queued::Frame { shard, text } => match frame::parse::<P>(&text, |_| true) {
                Ok(Frame::Event {
                    topic,
                    payload,
                    correlation_id,
                }) => Event {
                    shard,
                    topic: topic.into_owned(),
                    payload,
                    correlation_id: correlation_id.map(|c| c.into_owned()),
                },
                // The socket task queues only frames whose topic is an event topic, and the
                // topic read here is the one it read; nothing else is possible.
                Ok(_) => {
                    self.counters.delivered.fetch_sub(1, Ordering::Relaxed);
                    return None;
                }
                Err((kind, topic, error)) => {
                    // Counted as delivered when queued; it is no event after all.
                    self.counters.delivered.fetch_sub(1, Ordering::Relaxed);
                    bump(&self.counters.undecodable);
                    return Some(Item::Undecodable(Undecodable {
                        shard,
                        topic,
                        raw: prefix(&text),
                        len: text.len(),
                        kind,
                        error,
                    }));
                }
            },
        };
        if let (Some(id), Some(window)) = (&event.correlation_id, self.dedupe.get_mut(event.shard))
        {
            if !window.first_time(id) {
                self.counters.delivered.fetch_sub(1, Ordering::Relaxed);
                bump(&self.counters.duplicates);
                return None;
            }
        }
        Some(Item::Event(event))
    }
}
