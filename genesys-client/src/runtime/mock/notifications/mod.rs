//! A scriptable loopback Notifications server (REST + WebSocket) for tests: cargo features
//! `mock` and `notifications`.
//!
//! [`MockNotifications::start`] mounts the channel and subscription operations on an existing
//! [`MockServer`], so the [`Client`](crate::Client) from [`MockServer::client`] keeps its one
//! base URL; the WebSocket listens on a second loopback port, and `POST …/channels` hands out
//! `connectUri = ws://127.0.0.1:PORT/channels/{id}` (in production too the socket is on another
//! host, `streaming.<env>`).
//!
//! What it does as Genesys does:
//! - `POST/GET /api/v2/notifications/channels`, `HEAD …/channels/{id}` (200/404),
//!   `GET/POST/PUT/DELETE …/channels/{id}/subscriptions` with `ignoreErrors`;
//! - combined topics (`v2.users.u1?presence&routingStatus`) are expanded, and the response
//!   lists the expanded names, each `Permitted`, or `Rejected` with `rejectionReason` and
//!   `missingPermissions` when scripted by [`reject_topic`](MockNotifications::reject_topic);
//!   without `ignoreErrors=true` one rejected topic fails the call with 403 and nothing changes;
//! - at most 1,000 (expanded) topics per channel, else 400 and nothing changes;
//! - 20 channels per token (the `Authorization` header): the 21st replaces the oldest,
//!   channels without a connected socket first;
//! - one socket per channel: a second connect to a channel drops the first socket; a connect to
//!   a channel that does not exist is refused with 404;
//! - `{"message":"ping"}` is answered with a `channel.metadata` `pong` (or not: [`PingReply`]).
//!
//! Nothing happens by itself (no heartbeat timer, no expiry clock): the test scripts each
//! heartbeat, notice and fault, and can wait for what the client does with
//! [`wait_until`](MockNotifications::wait_until). Every event frame flushed to a socket is in
//! [`sent_events`](MockNotifications::sent_events), the ledger a receiver's output can be
//! checked against.
#![cfg(all(feature = "mock", feature = "notifications"))]

mod frames;
mod rest;
mod socket;
mod state;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use state::{Command, Rejection, Shared};
pub use state::{PingReply, SentEvent};

use super::MockServer;

/// A scriptable Notifications server: REST on a [`MockServer`], WebSockets on a loopback port.
///
/// Cheap to clone (all clones script the same server); the socket listener and every socket
/// stop when the last clone is dropped.
#[derive(Clone)]
pub struct MockNotifications {
    inner: Arc<Inner>,
}

struct Inner {
    shared: Arc<Shared>,
    ws_base: String,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl fmt::Debug for MockNotifications {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockNotifications")
            .field("ws_base", &self.inner.ws_base)
            .finish_non_exhaustive()
    }
}

/// One live channel as the mock sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChannelSnapshot {
    /// The channel id.
    pub id: String,
    /// Its subscribed (expanded) topics, sorted.
    pub topics: Vec<String>,
    /// Whether a socket is connected now.
    pub connected: bool,
    /// How many sockets have connected to it in all.
    pub connections: usize,
    /// How many `{"message":"ping"}` frames it received.
    pub pings: usize,
    /// Every text frame received from clients on it, in order.
    pub frames: Vec<String>,
}

impl MockNotifications {
    /// Mounts the Notifications operations on `server` and starts the WebSocket listener on a
    /// free loopback port.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound (the machine is out of ports).
    pub async fn start(server: &MockServer) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port for the notifications mock");
        let port = listener
            .local_addr()
            .expect("a bound listener has an address")
            .port();
        let ws_base = format!("ws://127.0.0.1:{port}");
        let shared = Shared::new(ws_base.clone());
        server
            .register(
                wiremock::Mock::given(rest::ChannelPaths)
                    .respond_with(rest::Rest(shared.clone()))
                    .with_priority(2)
                    .named("notifications mock"),
            )
            .await;
        let accept = tokio::spawn(socket::accept_loop(listener, shared.clone()));
        MockNotifications {
            inner: Arc::new(Inner {
                shared,
                ws_base,
                accept,
            }),
        }
    }

    fn shared(&self) -> &Shared {
        &self.inner.shared
    }

    /// The WebSocket base URL (`ws://127.0.0.1:PORT`).
    pub fn ws_uri(&self) -> &str {
        &self.inner.ws_base
    }

    /// Makes channels created from now on give `base` (say `wss://127.0.0.1:PORT`, a TLS
    /// front forwarding to [`ws_uri`](Self::ws_uri)) instead of `ws_uri` in their
    /// `connectUri` (`{base}/channels/{id}`): for testing the socket over TLS or through a
    /// relay.
    pub fn set_connect_base(&self, base: impl Into<String>) {
        let base = base.into();
        self.shared().update(|s| s.ws_base = base);
    }

    // ---- scripting: REST ----

    /// Rejects `topic` (an expanded name) from now on, with this reason and missing permissions.
    pub fn reject_topic(&self, topic: &str, reason: &str, missing_permissions: &[&str]) {
        let rejection = Rejection {
            reason: reason.to_owned(),
            missing_permissions: missing_permissions
                .iter()
                .map(|p| (*p).to_owned())
                .collect(),
        };
        self.shared().update(|s| {
            s.rejections.insert(topic.to_owned(), rejection);
        });
    }

    /// Answers the next `count` Notifications REST calls with 429 and `Retry-After` (whole
    /// seconds, rounded up).
    pub fn throttle(&self, count: usize, retry_after: Duration) {
        self.shared()
            .update(|s| s.throttled.extend(std::iter::repeat_n(retry_after, count)));
    }

    /// The lifetime written into the `expires` of channels created from now on (default 24 h).
    /// Expiry itself is scripted: [`expire_channel`](Self::expire_channel).
    pub fn set_channel_lifetime(&self, lifetime: Duration) {
        self.shared().update(|s| s.lifetime = lifetime);
    }

    /// Removes a channel as if it expired or was replaced: its socket is dropped, REST calls on
    /// it answer 404, connects to it are refused. Returns whether it existed.
    pub fn expire_channel(&self, channel_id: &str) -> bool {
        self.shared().update(|s| s.remove_channel(channel_id))
    }

    // ---- scripting: sockets ----

    /// Pushes an event on `topic` to every connected, non-silent socket subscribed to it, with
    /// a fresh correlation id (`mock-corr-N`, returned with the channels it was queued to).
    pub fn push_event(&self, topic: &str, body: &Value) -> (String, Vec<String>) {
        let id = self.shared().update(|s| {
            s.next_correlation += 1;
            format!("mock-corr-{}", s.next_correlation)
        });
        let channels = self.push_event_with_id(topic, body, &id);
        (id, channels)
    }

    /// [`push_event`](Self::push_event) with a given correlation id (to send one event twice,
    /// or on two channels during an overlap). Returns the channels it was queued to.
    pub fn push_event_with_id(
        &self,
        topic: &str,
        body: &Value,
        correlation_id: &str,
    ) -> Vec<String> {
        let text = frames::event(topic, body, correlation_id);
        self.shared().update(|s| {
            let mut to = Vec::new();
            for c in &s.channels {
                let Some(socket) = c.socket.as_ref().filter(|_| !c.silent) else {
                    continue;
                };
                if !c.topics.contains(topic) {
                    continue;
                }
                let event = SentEvent {
                    channel_id: c.id.clone(),
                    topic: topic.to_owned(),
                    correlation_id: correlation_id.to_owned(),
                };
                if socket
                    .tx
                    .send(Command::Text(text.clone(), Some(event)))
                    .is_ok()
                {
                    to.push(c.id.clone());
                }
            }
            to
        })
    }

    /// Writes any text (a bad frame, a hand-made envelope) to a channel's socket. Returns
    /// whether a connected, non-silent socket took it.
    pub fn push_raw(&self, channel_id: &str, text: impl Into<String>) -> bool {
        self.command(channel_id, Command::Text(text.into(), None))
    }

    /// Writes a binary frame to a channel's socket (Genesys sends text; this tests what a
    /// client makes of a gateway that re-frames). Returns whether a connected, non-silent
    /// socket took it.
    pub fn push_binary(&self, channel_id: &str, bytes: impl Into<Vec<u8>>) -> bool {
        self.command(channel_id, Command::Binary(bytes.into()))
    }

    /// Sends a `channel.metadata` heartbeat on a channel's socket.
    pub fn heartbeat(&self, channel_id: &str) -> bool {
        self.push_raw(channel_id, frames::heartbeat())
    }

    /// Sends a heartbeat on every connected, non-silent socket.
    pub fn heartbeat_all(&self) {
        for id in self.channel_ids() {
            self.heartbeat(&id);
        }
    }

    /// Sends `v2.system.socket_closing` on a channel's socket (the socket stays up until the
    /// test drops or closes it).
    pub fn socket_closing(&self, channel_id: &str) -> bool {
        self.system(channel_id, "v2.system.socket_closing", "socket_closing")
    }

    /// Sends `v2.system.no_longer_subscribed.{channelId}` (the channel itself stays; combine
    /// with [`expire_channel`](Self::expire_channel) to remove it).
    pub fn no_longer_subscribed(&self, channel_id: &str) -> bool {
        let topic = format!("v2.system.no_longer_subscribed.{channel_id}");
        self.system(channel_id, &topic, "no_longer_subscribed")
    }

    /// Sends `v2.system.token_revoked.{channelId}` (the channel itself stays).
    pub fn token_revoked(&self, channel_id: &str) -> bool {
        let topic = format!("v2.system.token_revoked.{channel_id}");
        self.system(channel_id, &topic, "token_revoked")
    }

    fn system(&self, channel_id: &str, topic: &str, kind: &str) -> bool {
        let correlation = self.shared().update(|s| {
            s.next_correlation += 1;
            format!("mock-corr-{}", s.next_correlation)
        });
        self.push_raw(
            channel_id,
            frames::system(topic, kind, channel_id, &correlation),
        )
    }

    /// How a channel's socket answers pings from now on.
    pub fn set_ping_reply(&self, channel_id: &str, reply: PingReply) {
        self.shared().update(|s| {
            if let Some(c) = s.channel_mut(channel_id) {
                c.ping_reply = reply;
            }
        });
    }

    /// Makes a channel's socket silent (`true`): it stays open but writes nothing (no events,
    /// heartbeats or pongs; events pushed meanwhile are not sent). `false` lifts it.
    pub fn set_silent(&self, channel_id: &str, silent: bool) {
        self.shared().update(|s| {
            if let Some(c) = s.channel_mut(channel_id) {
                c.silent = silent;
            }
        });
    }

    /// Drops a channel's TCP connection without a close frame (after writing what was queued).
    pub fn drop_connection(&self, channel_id: &str) -> bool {
        self.control(channel_id, Command::Drop)
    }

    /// Closes a channel's socket with a close frame carrying `code` (after what was queued).
    pub fn close_socket(&self, channel_id: &str, code: u16) -> bool {
        self.control(channel_id, Command::Close(code))
    }

    fn command(&self, channel_id: &str, command: Command) -> bool {
        let s = self.shared().lock();
        s.channels
            .iter()
            .find(|c| c.id == channel_id && !c.silent)
            .and_then(|c| c.socket.as_ref())
            .is_some_and(|socket| socket.tx.send(command).is_ok())
    }

    fn control(&self, channel_id: &str, command: Command) -> bool {
        let s = self.shared().lock();
        s.channels
            .iter()
            .find(|c| c.id == channel_id)
            .and_then(|c| c.socket.as_ref())
            .is_some_and(|socket| socket.tx.send(command).is_ok())
    }

    /// Waits until every socket has written (and flushed) everything queued so far.
    pub async fn flush(&self) {
        let waits: Vec<_> = {
            let s = self.shared().lock();
            s.channels
                .iter()
                .filter_map(|c| c.socket.as_ref())
                .filter_map(|socket| {
                    let (tx, rx) = tokio::sync::oneshot::channel();
                    socket.tx.send(Command::Barrier(tx)).ok().map(|()| rx)
                })
                .collect()
        };
        for wait in waits {
            let _ = wait.await;
        }
    }

    // ---- observing ----

    /// The ids of the live channels, in creation order.
    pub fn channel_ids(&self) -> Vec<String> {
        self.shared()
            .lock()
            .channels
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }

    /// The live channels, in creation order.
    pub fn channels(&self) -> Vec<ChannelSnapshot> {
        self.shared()
            .lock()
            .channels
            .iter()
            .map(|c| ChannelSnapshot {
                id: c.id.clone(),
                topics: c.topics.iter().cloned().collect(),
                connected: c.socket.is_some(),
                connections: c.connections,
                pings: c.pings,
                frames: c.frames.clone(),
            })
            .collect()
    }

    /// One live channel.
    pub fn channel(&self, channel_id: &str) -> Option<ChannelSnapshot> {
        self.channels().into_iter().find(|c| c.id == channel_id)
    }

    /// How many sockets are connected now, over all channels.
    pub fn connected_sockets(&self) -> usize {
        self.shared()
            .lock()
            .channels
            .iter()
            .filter(|c| c.socket.is_some())
            .count()
    }

    /// The channels removed so far (expired, or replaced by the 20-channel rule), in order.
    pub fn removed_channels(&self) -> Vec<String> {
        self.shared().lock().removed.clone()
    }

    /// Every event frame flushed to a socket so far, in order.
    pub fn sent_events(&self) -> Vec<SentEvent> {
        self.shared().lock().sent.clone()
    }

    /// The event frames flushed to sockets from position `start` of
    /// [`sent_events`](Self::sent_events) on (to follow a long run without copying it all).
    pub fn sent_events_from(&self, start: usize) -> Vec<SentEvent> {
        let s = self.shared().lock();
        s.sent
            .get(start..)
            .map(<[SentEvent]>::to_vec)
            .unwrap_or_default()
    }

    /// How many event frames were flushed to sockets so far.
    pub fn sent_count(&self) -> usize {
        self.shared().lock().sent.len()
    }

    /// The Notifications REST calls received (`"PUT /api/v2/…"`), 429s included, in order.
    pub fn rest_calls(&self) -> Vec<String> {
        self.shared().lock().rest_calls.clone()
    }

    /// Waits until `condition` holds; it is checked now and after every change of the mock's
    /// state (a REST call, a socket connecting or ending, a frame received or flushed). Wrap it
    /// in a timeout if the condition may never hold.
    pub async fn wait_until(&self, mut condition: impl FnMut(&MockNotifications) -> bool) {
        loop {
            let changed = self.shared().changed.notified();
            let mut changed = std::pin::pin!(changed);
            changed.as_mut().enable();
            if condition(self) {
                return;
            }
            changed.await;
        }
    }
}
