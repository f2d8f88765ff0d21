//! A self-healing Notifications receiver (cargo feature `notifications`): one stream of
//! events, gap markers and status for any number of topics, kept alive across dropped sockets,
//! silent sockets, maintenance notices and channel expiry.
//!
//! ```no_run
//! # async fn demo(client: genesys_client::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::StreamExt;
//! use genesys_client::runtime::notifications::Item;
//!
//! let mut receiver = client
//!     .notification_receiver::<serde_json::Value>()
//!     .topics(["v2.users.6a3af858-942f-489d-9700-5f9bcdcdae9b.presence"])
//!     .start()?;
//! while let Some(item) = receiver.next().await {
//!     match item {
//!         Item::Event(event) => println!("{} {}", event.topic, event.payload),
//!         // Startup, reconnect, new channel, lag: re-read these topics' state over REST.
//!         Item::Resync { topics, reason, .. } => println!("re-read {} topics ({reason})", topics.len()),
//!         Item::Rejected { topic, missing_permissions, .. } => eprintln!("refused {topic}: {missing_permissions:?}"),
//!         other => eprintln!("{other:?}"),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # What it does
//!
//! - **Plans topics** before any request: same-prefix topics share one entry
//!   (`v2.users.{id}?presence&routingStatus`, at most 200 characters), at most 1,000 topics
//!   per channel, one channel task per 1,000; more than 20 channels is a [`PlanError`].
//! - **Subscribes** with `PUT …/subscriptions?ignoreErrors=true` through the client's request
//!   surface (auth, retries honouring `429 Retry-After`, tracing, base URL). Every topic Genesys
//!   refuses is an [`Item::Rejected`] with its reason and missing permissions.
//! - **Watches health**: any inbound frame (Genesys sends a heartbeat about every 30 s) counts;
//!   after [`heartbeat_silence`](ReceiverBuilder::heartbeat_silence) without one it sends
//!   `{"message":"ping"}`, and with no answer within
//!   [`pong_timeout`](ReceiverBuilder::pong_timeout) it reconnects.
//! - **Reconnects** with exponential backoff and jitter, to the same channel while it exists
//!   (`HEAD`), else to a new one it subscribes; `no_longer_subscribed` and `token_revoked` make
//!   a new channel (after `token_revoked`, with a fresh token).
//! - **Hands over** on `socket_closing` and before the channel's 24 h expiry: a new channel is
//!   created, connected and subscribed while the old socket still delivers; only then is the
//!   old one closed. Both deliver during the overlap; duplicates are dropped by
//!   `metadata.CorrelationId` within a bounded window.
//! - **Announces gaps**: after a reconnect or a new channel, before any event of the new
//!   socket, comes an [`Item::Resync`] naming the channel's topics. Nothing is replayed by
//!   Genesys, so re-read state then (for presence, the bulk presence GET). A `Startup` resync
//!   comes first, so the initial read is the same code.
//! - **Survives bad input**: non-JSON, a wrong shape, an unknown topic, a payload the payload
//!   type refuses, a binary frame that is not UTF-8 or an oversized frame is an
//!   [`Item::Undecodable`] with a bounded prefix of the text; the socket and the stream go on.
//!   (Genesys sends text frames; a binary frame that is valid UTF-8, as a gateway may re-frame
//!   one, is read as text.)
//! - **Shuts down** with [`Receiver::close`]: sockets closed, tasks ended, and optionally
//!   the subscriptions deleted.
//! - **Waits only on the client's clock** ([`Sleep`](crate::runtime::Sleep)): watchdog, ping
//!   timeout, backoff, `Retry-After`, connect and close limits, and expiry (measured from the
//!   channel's `expires` against the response's `Date`, never the local wall clock).
//!
//! # Back-pressure policy
//!
//! The item queue is bounded ([`buffer`](ReceiverBuilder::buffer), default
//! [`DEFAULT_BUFFER`]). Socket tasks never wait for the consumer: they keep reading, answering
//! pings and feeding the watchdog, so a slow consumer never makes a healthy socket look dead.
//! An event that does not fit is **dropped** and counted
//! ([`ReceiverStats::lag_dropped`]), and its topic remembered; as soon as there is room, one
//! `Resync { reason: Lagged }` names those topics. Gap resyncs and rejections wait for room
//! (only the channel task waits); status items and undecodable frames are dropped when the
//! queue is full (counted). A socket task hands over the frames of a read burst (those already
//! readable, at most 64) together, under one lock, and the stream takes up to 64 items from
//! the queue at a time (one wake-up per batch).
//!
//! Event frames are queued as text and decoded into `P` when the stream hands them out, on
//! the consumer's task: reading and decoding run in parallel, and a payload type that is slow
//! to decode slows the consumer, never the socket (like any heavy work inside a poll, a decode
//! that can take long belongs on a thread of its own rather than a runtime worker, which it
//! would block). The duplicate check happens there too
//! (a duplicate takes a queue slot until the stream drops it). Only a frame whose
//! `eventBody` comes before its `topicName` (Genesys writes the topic first) is decoded on the
//! socket task.
//!
//! Memory is therefore bounded by the queue plus one such batch per socket and one for the
//! stream (frames or items of at most [`max_event_bytes`](ReceiverBuilder::max_event_bytes)
//! each) plus one frame of at most [`max_frame_bytes`](ReceiverBuilder::max_frame_bytes) per
//! socket, plus the dedupe window (16 bytes per remembered id: a hash in a ring and in a set).
//!
//! # Limits
//!
//! 1,000 topics per channel, 20 channels per user and application (a 21st would replace the
//! oldest channel, so the planner refuses it; a handover briefly needs one more channel per
//! shard, which Genesys takes from channels without a socket), 200 characters per combined
//! topic, 24 h per channel, one socket per channel (a handover therefore always uses a new
//! channel), and the platform's 300 requests per minute per token for the REST calls.
//!
//! # Socket, TLS and proxy
//!
//! The socket is tokio-tungstenite over rustls with the webpki roots reqwest's `rustls-tls`
//! trusts, plus any root given to
//! [`ClientBuilder::add_root_certificate_der`](crate::ClientBuilder::add_root_certificate_der)
//! (a TLS-inspecting proxy, a test server). When the client has an HTTP proxy ([`ClientBuilder::proxy`](crate::ClientBuilder::proxy)),
//! the socket goes through it with a `CONNECT` tunnel. reqwest-websocket would reuse reqwest's
//! proxy settings by itself, but (0.5, for our reqwest 0.12) it hides close frames and takes no
//! frame or message limits, and it brings a second tungstenite; a `CONNECT` tunnel is a few
//! lines and keeps both.

mod backoff;
mod channel;
mod dedupe;
mod frame;
mod handover;
mod health;
mod item;
mod outlet;
mod planner;
mod queue;
mod receiver;
mod shard;
mod socket;

pub use item::{
    DecodeErrorKind, Event, Item, ResyncReason, ShardId, Status, Undecodable, MAX_RAW_PREFIX,
};
pub use outlet::ReceiverStats;
pub use planner::{
    Plan, PlanError, ShardPlan, MAX_CHANNELS, MAX_COMBINED_LEN, MAX_TOPICS_PER_CHANNEL,
};
pub use receiver::{Receiver, ReceiverBuilder, StartError, DEFAULT_BUFFER};

/// Decodes one text frame the way a socket task does (envelope and payload type in one pass),
/// for the benchmarks: `None` for anything that is not an event.
#[doc(hidden)]
pub fn decode_frame<P: crate::runtime::NotificationPayload>(
    text: &str,
) -> Option<(String, P, Option<String>)> {
    match frame::parse::<P>(text, |_| true).ok()? {
        frame::Frame::Event {
            topic,
            payload,
            correlation_id,
        } => Some((
            topic.into_owned(),
            payload,
            correlation_id.map(|c| c.into_owned()),
        )),
        _ => None,
    }
}
