//! Delivery into the consumer's bounded queue: the back-pressure policy and the counters.
//!
//! Socket tasks never wait for the consumer. An event that does not fit is dropped, counted and
//! its topic remembered; as soon as there is room, one `Resync { reason: Lagged }` names the
//! remembered topics (a lag task per channel waits for that room). Gap markers and rejections
//! wait for room (the channel task waits; its sockets keep reading); status items are advisory
//! and dropped when the queue is full.

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{mpsc, watch, Notify};

use tokio_tungstenite::tungstenite::Utf8Bytes;

use super::frame::{self, Frame, SystemKind};
use super::item::{
    prefix, DecodeErrorKind, Event, Item, ResyncReason, ShardId, Status, Undecodable,
};
use super::queue::Queued;
use crate::runtime::topic::{NotificationPayload, Topic};

/// Completes once the receiver is shutting down.
pub(super) async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // An error means the receiver is gone: that is a shutdown too.
    let _ = shutdown.wait_for(|&stop| stop).await;
}

/// Counters of a receiver, summed over its channels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceiverStats {
    /// Events handed to the queue (a queued frame the stream then finds to be a duplicate or
    /// undecodable is taken off again).
    pub delivered: u64,
    /// Events dropped because their correlation id was seen (handover overlap).
    pub duplicates: u64,
    /// Events dropped because the queue was full (each topic then gets a `Lagged` resync).
    pub lag_dropped: u64,
    /// Frames reported as [`Item::Undecodable`] (or dropped as such when the queue was full).
    pub undecodable: u64,
    /// [`Item::Resync`] items yielded.
    pub resyncs: u64,
    /// Sockets that ended without being asked to (server close, drop, watchdog).
    pub disconnects: u64,
    /// Sockets connected (first ones included).
    pub connects: u64,
    /// Channels created.
    pub channels_created: u64,
    /// Make-before-break handovers completed.
    pub handovers: u64,
    /// `{"message":"ping"}` frames sent by the watchdog.
    pub pings: u64,
    /// Status items dropped because the queue was full.
    pub status_dropped: u64,
    /// `channel.metadata` frames received (heartbeats and pongs).
    pub metadata: u64,
}

#[derive(Debug, Default)]
pub(super) struct Counters {
    pub(super) delivered: AtomicU64,
    pub(super) duplicates: AtomicU64,
    pub(super) lag_dropped: AtomicU64,
    pub(super) undecodable: AtomicU64,
    pub(super) resyncs: AtomicU64,
    pub(super) disconnects: AtomicU64,
    pub(super) connects: AtomicU64,
    pub(super) channels_created: AtomicU64,
    pub(super) handovers: AtomicU64,
    pub(super) pings: AtomicU64,
    pub(super) status_dropped: AtomicU64,
    pub(super) metadata: AtomicU64,
}

pub(super) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Counters {
    pub(super) fn snapshot(&self) -> ReceiverStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        ReceiverStats {
            delivered: get(&self.delivered),
            duplicates: get(&self.duplicates),
            lag_dropped: get(&self.lag_dropped),
            undecodable: get(&self.undecodable),
            resyncs: get(&self.resyncs),
            disconnects: get(&self.disconnects),
            connects: get(&self.connects),
            channels_created: get(&self.channels_created),
            handovers: get(&self.handovers),
            pings: get(&self.pings),
            status_dropped: get(&self.status_dropped),
            metadata: get(&self.metadata),
        }
    }
}

struct State {
    /// Topics whose events were dropped since the last resync that covered them.
    lagged: BTreeSet<String>,
}

/// The items of one read burst of a socket, delivered together by [`Outlet::deliver`].
pub(super) type Batch<P> = Vec<Queued<P>>;

/// One channel's way into the queue, shared by its task, its sockets and its lag task.
pub(super) struct Outlet<P> {
    pub(super) shard: ShardId,
    tx: mpsc::Sender<Queued<P>>,
    /// The planned (expanded) topics: anything else is an unknown topic. Looked up once per
    /// frame, hence foldhash rather than SipHash (the set is fixed: nothing a server sends can
    /// lengthen its probe sequences).
    planned: HashSet<String, foldhash::fast::RandomState>,
    /// The planned topics minus the rejected ones: what a gap resync names.
    permitted: Mutex<Arc<[Topic]>>,
    state: Mutex<State>,
    lag: Notify,
    max_event_bytes: usize,
    pub(super) counters: Arc<Counters>,
}

impl<P: NotificationPayload> Outlet<P> {
    pub(super) fn new(
        shard: ShardId,
        tx: mpsc::Sender<Queued<P>>,
        topics: &[Topic],
        max_event_bytes: usize,
        counters: Arc<Counters>,
    ) -> Self {
        Outlet {
            shard,
            tx,
            planned: topics.iter().map(|t| t.as_str().to_owned()).collect(),
            permitted: Mutex::new(topics.to_vec().into()),
            state: Mutex::new(State {
                lagged: BTreeSet::new(),
            }),
            lag: Notify::new(),
            max_event_bytes,
            counters,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Handles one text frame: an event or an undecodable frame goes into `batch` (for
    /// [`deliver`](Self::deliver)); returns the system message it was, for the channel task.
    ///
    /// An event frame that starts with its topic, as Genesys writes them, is queued as it is
    /// and decoded by the stream (see [`queue`](super::queue)); anything else is parsed here.
    pub(super) fn text(&self, text: Utf8Bytes, batch: &mut Batch<P>) -> Option<SystemKind> {
        if text.len() <= self.max_event_bytes
            && frame::leading_topic(&text)
                .is_some_and(|topic| frame::is_event(topic, |t| self.planned.contains(t)))
        {
            batch.push(Queued::Frame {
                shard: self.shard,
                text: text.as_str().into(),
            });
            return None;
        }
        let text = text.as_str();
        if text.len() > self.max_event_bytes {
            let error = format!(
                "the frame has {} bytes, more than the {} allowed",
                text.len(),
                self.max_event_bytes
            );
            self.undecodable(
                DecodeErrorKind::TooLarge,
                None,
                (text, text.len()),
                error,
                batch,
            );
            return None;
        }
        match frame::parse::<P>(text, |topic| self.planned.contains(topic)) {
            Err((kind, topic, error)) => {
                self.undecodable(kind, topic, (text, text.len()), error, batch)
            }
            Ok(Frame::Metadata) => bump(&self.counters.metadata),
            Ok(Frame::System(kind)) => return Some(kind),
            Ok(Frame::Unplanned(topic)) => {
                let error = format!("`{topic}` is not a topic this channel subscribed to");
                let topic = Some(topic.into_owned());
                self.undecodable(
                    DecodeErrorKind::UnknownTopic,
                    topic,
                    (text, text.len()),
                    error,
                    batch,
                );
            }
            Ok(Frame::Event {
                topic,
                payload,
                correlation_id,
            }) => batch.push(Queued::item(Item::Event(Event {
                shard: self.shard,
                topic: topic.into_owned(),
                payload,
                correlation_id: correlation_id.map(|c| c.into_owned()),
            }))),
            Ok(Frame::Deferred { .. }) => unreachable!("`frame::parse` decodes deferred bodies"),
        }
        None
    }

    /// Adds a frame that is not an event to `batch`: `text` is the frame (or its lossy
    /// reading), `len` its length in bytes as received.
    pub(super) fn undecodable(
        &self,
        kind: DecodeErrorKind,
        topic: Option<String>,
        (text, len): (&str, usize),
        error: String,
        batch: &mut Batch<P>,
    ) {
        bump(&self.counters.undecodable);
        batch.push(Queued::item(Item::Undecodable(Undecodable {
            shard: self.shard,
            topic,
            raw: prefix(text),
            len,
            kind,
            error,
        })));
    }

    /// Hands a read burst's items to the queue, in order, under one lock: events that do not
    /// fit dropped and their topics remembered for a `Lagged` resync, undecodable frames
    /// dropped when the queue is full (they are no events).
    pub(super) fn deliver(&self, batch: &mut Batch<P>) {
        if batch.is_empty() {
            return;
        }
        let mut state = self.state();
        let mut delivered = 0;
        for item in batch.drain(..) {
            if item.is_event() {
                delivered += u64::from(self.event(&mut state, item));
            } else {
                let _ = self.tx.try_send(item);
            }
        }
        self.counters
            .delivered
            .fetch_add(delivered, Ordering::Relaxed);
    }

    /// `true` when the event (decoded, or a frame still to be decoded) went into the queue.
    fn event(&self, state: &mut State, event: Queued<P>) -> bool {
        if !state.lagged.is_empty() && !self.try_flush_lag(state) {
            Self::lagged(state, &event);
            bump(&self.counters.lag_dropped);
            return false;
        }
        match self.tx.try_send(event) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(event)) => {
                Self::lagged(state, &event);
                bump(&self.counters.lag_dropped);
                self.lag.notify_one();
                false
            }
            Err(_) => false, // the receiver is gone
        }
    }

    /// Remembers the topic of a dropped event for the `Lagged` resync.
    fn lagged(state: &mut State, event: &Queued<P>) {
        let topic = match event {
            Queued::Item(item) => match &**item {
                Item::Event(event) => Some(event.topic.as_str()),
                _ => None,
            },
            Queued::Frame { text, .. } => frame::leading_topic(text),
        };
        if let Some(topic) = topic {
            if !state.lagged.contains(topic) {
                state.lagged.insert(topic.to_owned());
            }
        }
    }

    /// Sends the pending `Lagged` resync if there is room; `true` when none is pending now.
    fn try_flush_lag(&self, state: &mut State) -> bool {
        let topics: Arc<[Topic]> = state
            .lagged
            .iter()
            .map(|t| Topic::new(t.as_str()))
            .collect();
        let item = Item::Resync {
            shard: self.shard,
            topics,
            reason: ResyncReason::Lagged,
        };
        match self.tx.try_send(Queued::item(item)) {
            Ok(()) => {
                state.lagged.clear();
                bump(&self.counters.resyncs);
                true
            }
            Err(mpsc::error::TrySendError::Full(_)) => false,
            Err(mpsc::error::TrySendError::Closed(_)) => true,
        }
    }

    /// Waits for room whenever events were dropped, then sends their `Lagged` resync. Runs
    /// until shutdown or until the receiver is gone.
    pub(super) async fn lag_task(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        loop {
            tokio::select! {
                () = stopped(&mut shutdown) => return,
                () = self.lag.notified() => {}
            }
            let permit = tokio::select! {
                () = stopped(&mut shutdown) => return,
                permit = self.tx.reserve() => match permit {
                    Ok(permit) => permit,
                    Err(_) => return,
                },
            };
            let mut state = self.state();
            if state.lagged.is_empty() {
                continue; // a socket task flushed it meanwhile
            }
            let topics: Arc<[Topic]> = state
                .lagged
                .iter()
                .map(|t| Topic::new(t.as_str()))
                .collect();
            state.lagged.clear();
            bump(&self.counters.resyncs);
            permit.send(Queued::item(Item::Resync {
                shard: self.shard,
                topics,
                reason: ResyncReason::Lagged,
            }));
        }
    }

    /// Records the topics Genesys refused (they leave the gap resyncs' topic list).
    pub(super) fn set_rejected(&self, rejected: &BTreeSet<String>) {
        let mut permitted: Vec<Topic> = self
            .planned
            .iter()
            .filter(|t| !rejected.contains(*t))
            .map(|t| Topic::new(t.as_str()))
            .collect();
        permitted.sort();
        *self.permitted.lock().unwrap_or_else(|e| e.into_inner()) = permitted.into();
    }

    /// Yields a gap resync naming every permitted topic (waiting for room, or until shutdown).
    /// It covers any pending lag too.
    pub(super) async fn resync(&self, reason: ResyncReason, shutdown: &mut watch::Receiver<bool>) {
        let topics = self
            .permitted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        self.state().lagged.clear();
        bump(&self.counters.resyncs);
        let item = Item::Resync {
            shard: self.shard,
            topics,
            reason,
        };
        self.send(item, shutdown).await;
    }

    /// Sends an item that must not be dropped, waiting for room (or until shutdown).
    pub(super) async fn send(&self, item: Item<P>, shutdown: &mut watch::Receiver<bool>) {
        tokio::select! {
            () = stopped(shutdown) => {}
            _ = self.tx.send(Queued::item(item)) => {}
        }
    }

    /// Yields a status item if there is room.
    pub(super) fn status(&self, status: Status) {
        let item = Item::Status {
            shard: self.shard,
            status,
        };
        if self.tx.try_send(Queued::item(item)).is_err() {
            bump(&self.counters.status_dropped);
        }
    }
}
