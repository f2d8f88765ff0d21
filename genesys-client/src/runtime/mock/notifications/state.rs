//! The mock's shared state: channels, their subscriptions and sockets, the scripted
//! rejections and 429s, and the ledger of event frames written to sockets.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};

/// Topics one channel may hold (Genesys: "1,000 topics per WebSocket connection").
pub(super) const MAX_TOPICS: usize = 1_000;
/// Channels one token may hold; creating one more replaces the oldest.
pub(super) const MAX_CHANNELS: usize = 20;

/// What a socket task is told to do, in order.
#[derive(Debug)]
pub(super) enum Command {
    /// Write a text frame; `event` is recorded in the ledger once the frame is flushed.
    Text(String, Option<SentEvent>),
    /// Write a binary frame.
    Binary(Vec<u8>),
    /// Drop the TCP connection without a close frame.
    Drop,
    /// Send a close frame with this code, then end.
    Close(u16),
    /// Answered once every earlier command is done.
    Barrier(tokio::sync::oneshot::Sender<()>),
}

/// How a channel's socket answers `{"message":"ping"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PingReply {
    /// With a `channel.metadata` `pong` (what Genesys does).
    #[default]
    Pong,
    /// Not at all (the ping is still recorded).
    Silent,
}

/// One event frame the mock wrote (and flushed) to a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentEvent {
    /// The channel whose socket it went to.
    pub channel_id: String,
    /// The expanded topic name (`topicName`).
    pub topic: String,
    /// `metadata.CorrelationId`.
    pub correlation_id: String,
}

#[derive(Debug)]
pub(super) struct SocketHandle {
    pub(super) conn: u64,
    pub(super) tx: mpsc::UnboundedSender<Command>,
}

#[derive(Debug)]
pub(super) struct Channel {
    pub(super) id: String,
    pub(super) token: String,
    pub(super) last_used: u64,
    pub(super) expires: chrono::DateTime<chrono::Utc>,
    pub(super) topics: BTreeSet<String>,
    pub(super) socket: Option<SocketHandle>,
    pub(super) connections: usize,
    pub(super) frames: Vec<String>,
    pub(super) pings: usize,
    pub(super) ping_reply: PingReply,
    pub(super) silent: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Rejection {
    pub(super) reason: String,
    pub(super) missing_permissions: Vec<String>,
}

#[derive(Debug)]
pub(super) struct State {
    /// Live channels, in creation order.
    pub(super) channels: Vec<Channel>,
    pub(super) removed: Vec<String>,
    pub(super) clock: u64,
    pub(super) next_channel: u64,
    pub(super) next_conn: u64,
    pub(super) next_correlation: u64,
    pub(super) rejections: HashMap<String, Rejection>,
    pub(super) throttled: VecDeque<Duration>,
    pub(super) lifetime: Duration,
    pub(super) ws_base: String,
    pub(super) sent: Vec<SentEvent>,
    pub(super) rest_calls: Vec<String>,
}

/// State plus the notification fired on every change.
#[derive(Debug)]
pub(super) struct Shared {
    state: Mutex<State>,
    pub(super) changed: Notify,
}

impl Shared {
    pub(super) fn new(ws_base: String) -> Arc<Self> {
        Arc::new(Shared {
            state: Mutex::new(State {
                channels: Vec::new(),
                removed: Vec::new(),
                clock: 0,
                next_channel: 0,
                next_conn: 0,
                next_correlation: 0,
                rejections: HashMap::new(),
                throttled: VecDeque::new(),
                lifetime: Duration::from_secs(24 * 3600),
                ws_base,
                sent: Vec::new(),
                rest_calls: Vec::new(),
            }),
            changed: Notify::new(),
        })
    }

    /// Locks the state (a panic elsewhere does not poison the mock for the rest of a test).
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the state, then wakes every waiter.
    pub(super) fn update<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let out = f(&mut self.lock());
        self.changed.notify_waiters();
        out
    }
}

/// Expands a combined topic (`v2.users.u1?presence&routingStatus`) into its topic names.
pub(super) fn expand(topic: &str) -> Vec<String> {
    match topic.split_once('?') {
        None => vec![topic.to_owned()],
        Some((prefix, suffixes)) => suffixes
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|s| format!("{prefix}.{s}"))
            .collect(),
    }
}

/// A Genesys error body.
pub(super) fn error_body(status: u16, code: &str, message: &str) -> Value {
    json!({ "message": message, "code": code, "status": status })
}

impl State {
    pub(super) fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    pub(super) fn channel_mut(&mut self, id: &str) -> Option<&mut Channel> {
        self.channels.iter_mut().find(|c| c.id == id)
    }

    pub(super) fn channel_json(&self, c: &Channel) -> Value {
        json!({
            "connectUri": format!("{}/channels/{}", self.ws_base, c.id),
            "id": c.id,
            "expires": c.expires.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        })
    }

    /// Creates a channel for `token`, replacing that token's oldest channel at the limit
    /// (channels without a connected socket first, then the least recently used).
    pub(super) fn create_channel(&mut self, token: &str) -> Value {
        let owned: Vec<usize> = (0..self.channels.len())
            .filter(|&i| self.channels[i].token == token)
            .collect();
        if owned.len() >= MAX_CHANNELS {
            let victim = owned
                .iter()
                .copied()
                .min_by_key(|&i| {
                    let c = &self.channels[i];
                    (c.socket.is_some(), c.last_used)
                })
                .unwrap_or(owned[0]);
            let id = self.channels[victim].id.clone();
            self.remove_channel(&id);
        }
        self.next_channel += 1;
        let id = format!("mock-channel-{}", self.next_channel);
        let last_used = self.tick();
        let lifetime = chrono::Duration::from_std(self.lifetime).unwrap_or(chrono::Duration::MAX);
        let channel = Channel {
            id,
            token: token.to_owned(),
            last_used,
            expires: chrono::Utc::now() + lifetime,
            topics: BTreeSet::new(),
            socket: None,
            connections: 0,
            frames: Vec::new(),
            pings: 0,
            ping_reply: PingReply::Pong,
            silent: false,
        };
        let body = self.channel_json(&channel);
        self.channels.push(channel);
        body
    }

    /// Removes a channel; its socket, if any, is dropped. Returns whether it existed.
    pub(super) fn remove_channel(&mut self, id: &str) -> bool {
        let Some(i) = self.channels.iter().position(|c| c.id == id) else {
            return false;
        };
        let channel = self.channels.remove(i);
        if let Some(socket) = channel.socket {
            let _ = socket.tx.send(Command::Drop);
        }
        self.removed.push(channel.id);
        true
    }

    /// Applies a subscription request: `replace` for PUT, add for POST. Returns the
    /// `ChannelTopicEntityListing` body, or an error status and body (nothing changed then).
    pub(super) fn subscribe(
        &mut self,
        id: &str,
        requested: &[String],
        ignore_errors: bool,
        replace: bool,
    ) -> Result<Value, (u16, Value)> {
        let mut permitted = Vec::new();
        let mut rejected = Vec::new();
        for name in requested.iter().flat_map(|t| expand(t)) {
            match self.rejections.get(&name) {
                Some(r) => rejected.push((name, r.clone())),
                None => permitted.push(name),
            }
        }
        if !ignore_errors {
            if let Some((name, r)) = rejected.first() {
                let message = format!(
                    "Unable to subscribe to {name}: {} (missing permissions: {})",
                    r.reason,
                    r.missing_permissions.join(", ")
                );
                return Err((403, error_body(403, "missing.permissions", &message)));
            }
        }
        let Some(channel) = self.channel_mut(id) else {
            return Err(not_found(id));
        };
        let mut topics = if replace {
            BTreeSet::new()
        } else {
            channel.topics.clone()
        };
        topics.extend(permitted);
        if topics.len() > MAX_TOPICS {
            let message = format!(
                "A channel may have at most {MAX_TOPICS} topics; this request would make {}",
                topics.len()
            );
            return Err((400, error_body(400, "bad.request", &message)));
        }
        channel.topics = topics;
        let mut entities = topic_entities(channel);
        for (name, r) in rejected {
            entities.push(json!({
                "id": name,
                "state": "Rejected",
                "rejectionReason": r.reason,
                "missingPermissions": r.missing_permissions,
            }));
        }
        Ok(json!({ "entities": entities }))
    }
}

/// The `ChannelTopic` entities of a channel's subscriptions.
pub(super) fn topic_entities(channel: &Channel) -> Vec<Value> {
    channel
        .topics
        .iter()
        .map(|t| json!({ "id": t, "state": "Permitted" }))
        .collect()
}

/// The 404 for a channel that does not exist (expired, replaced, never made).
pub(super) fn not_found(id: &str) -> (u16, Value) {
    let message = format!("Channel {id} not found (expired or replaced)");
    (404, error_body(404, "not.found", &message))
}
