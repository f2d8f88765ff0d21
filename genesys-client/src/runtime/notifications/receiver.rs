//! The stream the application reads, its builder and its shutdown.

use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::handover::SetupCtx;
use super::item::Item;
use super::outlet::{Counters, Outlet, ReceiverStats};
use super::planner::{self, Limits, Plan, PlanError};
use super::queue::{Inbox, Queued};
use super::shard::{Shard, ShardConfig};
use super::socket::Params;
use crate::runtime::http::client::{clock, proxy, root_certificates};
use crate::runtime::topic::{NotificationPayload, Topic};
use crate::runtime::Client;

/// Default capacity of the item queue ([`ReceiverBuilder::buffer`]).
pub const DEFAULT_BUFFER: usize = 1024;

/// Items the stream takes from the queue at once (they count against memory, not the queue).
const BATCH: usize = 64;

/// Configures and starts a [`Receiver`]; made by [`Client::notification_receiver`].
#[must_use = "a receiver does nothing until `.start()`"]
pub struct ReceiverBuilder<P> {
    client: Client,
    topics: Vec<Topic>,
    buffer: usize,
    silence: Duration,
    pong_wait: Duration,
    close_wait: Duration,
    connect_timeout: Duration,
    dedupe_window: usize,
    max_event_bytes: usize,
    max_frame_bytes: usize,
    shard: ShardConfig,
    limits: Limits,
    _payload: PhantomData<fn() -> P>,
}

impl<P> std::fmt::Debug for ReceiverBuilder<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiverBuilder")
            .field("topics", &self.topics.len())
            .field("buffer", &self.buffer)
            .field("silence", &self.silence)
            .field("pong_wait", &self.pong_wait)
            .finish_non_exhaustive()
    }
}

/// Why a receiver could not start (no request was made).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The topics cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// `start` was called outside a tokio runtime.
    #[error("the notification receiver must be started inside a tokio runtime")]
    NoRuntime,
}

impl Client {
    /// A builder for a self-healing Notifications receiver decoding events as `P` (use
    /// `serde_json::Value` for raw JSON, or the generated event enum). Cargo feature
    /// `notifications`; see [`runtime::notifications`](crate::runtime::notifications).
    pub fn notification_receiver<P: NotificationPayload>(&self) -> ReceiverBuilder<P> {
        ReceiverBuilder {
            client: self.clone(),
            topics: Vec::new(),
            buffer: DEFAULT_BUFFER,
            silence: Duration::from_secs(60),
            pong_wait: Duration::from_secs(10),
            close_wait: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(10),
            dedupe_window: 16_384,
            max_event_bytes: 1 << 20,
            max_frame_bytes: 32 << 20,
            shard: ShardConfig {
                backoff_min: Duration::from_secs(1),
                backoff_max: Duration::from_secs(60),
                backoff_reset_after: Duration::from_secs(60),
                channel_lifetime: Duration::from_secs(24 * 3600),
                rotate_before_expiry: Duration::from_secs(10 * 60),
                delete_on_close: false,
                seed: fastrand::u64(..),
            },
            limits: Limits::default(),
            _payload: PhantomData,
        }
    }
}

impl<P: NotificationPayload> ReceiverBuilder<P> {
    /// Adds one topic (an expanded name, or a combined `prefix?a&b` one).
    pub fn topic(mut self, topic: impl Into<Topic>) -> Self {
        self.topics.push(topic.into());
        self
    }

    /// Adds topics.
    pub fn topics<T: Into<Topic>>(mut self, topics: impl IntoIterator<Item = T>) -> Self {
        self.topics.extend(topics.into_iter().map(Into::into));
        self
    }

    /// Capacity of the item queue (default [`DEFAULT_BUFFER`]); see the back-pressure policy.
    pub fn buffer(mut self, items: usize) -> Self {
        self.buffer = items.max(1);
        self
    }

    /// Silence after which the watchdog pings (default 60 s: two missed 30 s heartbeats).
    pub fn heartbeat_silence(mut self, silence: Duration) -> Self {
        self.silence = silence;
        self
    }

    /// How long a ping may go unanswered before the socket counts as dead (default 10 s).
    pub fn pong_timeout(mut self, wait: Duration) -> Self {
        self.pong_wait = wait;
        self
    }

    /// Reconnect backoff: exponential from `min` to `max` with jitter (default 1 s to 60 s);
    /// the first reconnect after a loss is immediate.
    pub fn backoff(mut self, min: Duration, max: Duration) -> Self {
        self.shard.backoff_min = min;
        self.shard.backoff_max = max;
        self
    }

    /// A socket that lived this long resets the backoff (default 60 s).
    pub fn backoff_reset_after(mut self, lived: Duration) -> Self {
        self.shard.backoff_reset_after = lived;
        self
    }

    /// Seeds the backoff jitter (tests; default random).
    pub fn jitter_seed(mut self, seed: u64) -> Self {
        self.shard.seed = seed;
        self
    }

    /// How long before a channel's expiry (24 h, or `expires` if sooner) the receiver hands
    /// over to a new channel (default 10 min).
    pub fn rotate_before_expiry(mut self, margin: Duration) -> Self {
        self.shard.rotate_before_expiry = margin;
        self
    }

    /// Lifetime assumed for a channel when Genesys gives none shorter (default 24 h).
    pub fn channel_lifetime(mut self, lifetime: Duration) -> Self {
        self.shard.channel_lifetime = lifetime;
        self
    }

    /// Correlation ids remembered per channel to drop duplicates (default 16,384).
    pub fn dedupe_window(mut self, ids: usize) -> Self {
        self.dedupe_window = ids.max(1);
        self
    }

    /// Largest event frame decoded (default 1 MiB); a longer one is an
    /// [`Undecodable`](super::Undecodable) of kind `TooLarge` with a prefix.
    pub fn max_event_bytes(mut self, bytes: usize) -> Self {
        self.max_event_bytes = bytes;
        self
    }

    /// Largest WebSocket frame or message read at all (default 32 MiB); a longer one ends the
    /// socket (then a reconnect and a resync follow).
    pub fn max_frame_bytes(mut self, bytes: usize) -> Self {
        self.max_frame_bytes = bytes.max(1024);
        self
    }

    /// Limit for connecting a socket, handshake included (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limit for draining a socket being closed (default 5 s).
    pub fn close_timeout(mut self, timeout: Duration) -> Self {
        self.close_wait = timeout;
        self
    }

    /// Whether [`Receiver::close`] deletes the subscriptions of the live channels (default
    /// `false`: channels expire by themselves).
    pub fn delete_subscriptions_on_close(mut self, delete: bool) -> Self {
        self.shard.delete_on_close = delete;
        self
    }

    /// The plan `start` would follow, without starting.
    pub fn plan(&self) -> Result<Plan, PlanError> {
        planner::plan(&self.topics, self.limits)
    }

    /// Plans the topics (refusing more than 20 channels before any request) and starts one
    /// task per channel. Must be called inside a tokio runtime.
    pub fn start(self) -> Result<Receiver<P>, StartError> {
        let plan = self.plan()?;
        let handle = tokio::runtime::Handle::try_current().map_err(|_| StartError::NoRuntime)?;
        let (tx, rx) = mpsc::channel(self.buffer);
        let (stop, shutdown) = watch::channel(false);
        let counters = Arc::new(Counters::default());
        let clock = clock(&self.client).clone();
        let params = Params {
            clock: clock.clone(),
            silence: self.silence,
            pong_wait: self.pong_wait,
            close_wait: self.close_wait,
        };
        let mut tasks = Vec::new();
        for (shard, shard_plan) in plan.shards.iter().enumerate() {
            let outlet = Arc::new(Outlet::new(
                shard,
                tx.clone(),
                &shard_plan.topics,
                self.max_event_bytes,
                counters.clone(),
            ));
            tasks.push(handle.spawn(outlet.clone().lag_task(shutdown.clone())));
            let mut config = self.shard.clone();
            config.seed = config.seed.wrapping_add(shard as u64);
            let task = Shard {
                outlet,
                setup: SetupCtx {
                    client: self.client.clone(),
                    clock: clock.clone(),
                    proxy: proxy(&self.client).cloned(),
                    roots: root_certificates(&self.client).clone(),
                    entries: shard_plan.entries.clone().into(),
                    connect_timeout: self.connect_timeout,
                    max_frame_bytes: self.max_frame_bytes,
                },
                params: params.clone(),
                config,
                shutdown: shutdown.clone(),
            };
            tasks.push(handle.spawn(task.run()));
        }
        Ok(Receiver {
            rx,
            batch: Vec::with_capacity(BATCH),
            inbox: Inbox::new(plan.shards.len(), self.dedupe_window, counters.clone()),
            stop,
            tasks,
            counters,
            plan,
        })
    }
}

/// A self-healing stream of notification [`Item`]s (`Unpin + Send + 'static`).
///
/// It does not end by itself: a lost socket, a bad frame or a failed request is an item, never
/// the end. [`close`](Self::close) shuts it down cleanly; dropping it stops its tasks too
/// (without waiting for them).
pub struct Receiver<P> {
    rx: mpsc::Receiver<Queued<P>>,
    /// Items taken from the queue in one go (at most [`BATCH`]), handed out one by one: one
    /// wake-up of the consumer per batch rather than per item.
    /// Kept in reverse order, so `pop` hands them out first to last.
    batch: Vec<Queued<P>>,
    /// Decodes queued frames and drops duplicates, as items are handed out.
    inbox: Inbox,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    counters: Arc<Counters>,
    plan: Plan,
}

impl<P> std::fmt::Debug for Receiver<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("channels", &self.plan.shards.len())
            .field("stats", &self.counters.snapshot())
            .finish_non_exhaustive()
    }
}

impl<P> Receiver<P> {
    /// How the topics were spread over channels.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The counters so far.
    pub fn stats(&self) -> ReceiverStats {
        self.counters.snapshot()
    }

    /// Shuts down: closes every socket (each drains for at most the close timeout), ends
    /// every task, and deletes the live subscriptions if configured. Items not yet read are
    /// discarded.
    pub async fn close(mut self) {
        // Nothing waits for the consumer any more.
        self.rx.close();
        let _ = self.stop.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }
}

impl<P> Drop for Receiver<P> {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

// Items are moved in and out, never pinned: the stream is `Unpin` whatever `P` is.
impl<P> Unpin for Receiver<P> {}

impl<P: NotificationPayload> Stream for Receiver<P> {
    type Item = Item<P>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item<P>>> {
        let this = &mut *self;
        loop {
            while let Some(queued) = this.batch.pop() {
                if let Some(item) = this.inbox.open(queued) {
                    return Poll::Ready(Some(item));
                }
            }
            // Only duplicates so far: take more (the queue's cooperative budget still makes
            // this yield to the runtime now and then).
            match this.rx.poll_recv_many(cx, &mut this.batch, BATCH) {
                Poll::Ready(0) => return Poll::Ready(None),
                Poll::Ready(_) => this.batch.reverse(),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
