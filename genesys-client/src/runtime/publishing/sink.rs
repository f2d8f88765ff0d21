//! A long-running event sink for services that receive events one at a time (the producer
//! pattern of Kafka clients, sized for Genesys' batch-event operations).
//!
//! [`EventSink::send`] stamps the event (its id is returned at once) and queues it; a
//! background task batches queued events by size and by a linger time, keeps several batch
//! requests in flight, and reports what became of every batch ([`PublishOutcome`], the same
//! account [`EventPublisher`] gives) to the delivery callback. The
//! queue is bounded: when the API is slower than the producer, `send` waits (backpressure)
//! instead of buffering without limit. [`flush`](EventSink::flush) waits until everything sent
//! before it is accounted for; [`shutdown`](EventSink::shutdown) stops intake, drains, and
//! returns the totals.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use tokio::sync::{mpsc, oneshot};

use super::batch::{BatchEvent, IntoDraft};
use super::publish::{EventPublisher, PublishOutcome, DEFAULT_IN_FLIGHT};
use crate::runtime::http::client::{clock, Client};
use crate::runtime::http::error::Error;
use crate::runtime::http::sleep::Sleep;

/// Default [`EventSinkBuilder::linger`]: how long a partial batch waits for more events.
pub const DEFAULT_LINGER: Duration = Duration::from_millis(50);
/// Default [`EventSinkBuilder::capacity`]: events queued before `send` waits.
pub const DEFAULT_SINK_CAPACITY: usize = 1_000;

type DeliveryCallback<E> = Arc<dyn Fn(PublishOutcome<E>) + Send + Sync>;

/// Configures and starts an [`EventSink`]; get one with [`Client::event_sink`].
#[must_use = "the sink starts with `start()`"]
pub struct EventSinkBuilder<E: BatchEvent> {
    publisher: EventPublisher,
    linger: Duration,
    capacity: usize,
    in_flight: usize,
    on_delivery: Option<DeliveryCallback<E>>,
}

impl<E: BatchEvent> fmt::Debug for EventSinkBuilder<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSinkBuilder")
            .field("publisher", &self.publisher)
            .field("linger", &self.linger)
            .field("capacity", &self.capacity)
            .field("in_flight", &self.in_flight)
            .field("on_delivery", &self.on_delivery.is_some())
            .finish()
    }
}

impl Client {
    /// A long-running sink for events of type `E` (configure it, then
    /// [`start`](EventSinkBuilder::start) it inside a tokio runtime).
    pub fn event_sink<E: BatchEvent>(&self) -> EventSinkBuilder<E> {
        EventSinkBuilder {
            // Each batch is one publication: retryable rejections are resubmitted with the
            // same ids, as by the publisher; batches are run concurrently by the sink itself.
            publisher: self.event_publisher().in_flight(1),
            linger: DEFAULT_LINGER,
            capacity: DEFAULT_SINK_CAPACITY,
            in_flight: DEFAULT_IN_FLIGHT,
            on_delivery: None,
        }
    }
}

impl<E: BatchEvent> EventSinkBuilder<E> {
    /// Events per batch request (default and upper bound: the operation's limit, see
    /// [`EventPublisher::batch_size`]).
    pub fn max_per_request(mut self, max: usize) -> Self {
        self.publisher = self.publisher.max_per_request(max);
        self
    }

    /// How long the first event of a partial batch waits for more before the batch is sent
    /// anyway (default [`DEFAULT_LINGER`]).
    pub fn linger(mut self, linger: Duration) -> Self {
        self.linger = linger;
        self
    }

    /// Events queued (not yet in a batch request) before [`EventSink::send`] waits (default
    /// [`DEFAULT_SINK_CAPACITY`]; at least 1).
    pub fn capacity(mut self, events: usize) -> Self {
        self.capacity = events.max(1);
        self
    }

    /// Batch requests in flight at once (default [`DEFAULT_IN_FLIGHT`]; at least 1).
    pub fn in_flight(mut self, requests: usize) -> Self {
        self.in_flight = requests.max(1);
        self
    }

    /// Rounds per batch, resubmissions of retryable rejections included (see
    /// [`EventPublisher::max_rounds`]).
    pub fn max_rounds(mut self, rounds: u32) -> Self {
        self.publisher = self.publisher.max_rounds(rounds);
        self
    }

    /// Wait before resubmitting retryable rejections (see [`EventPublisher::round_delay`]).
    pub fn round_delay(mut self, delay: Duration) -> Self {
        self.publisher = self.publisher.round_delay(delay);
        self
    }

    /// Called on the sink's task with the account of every batch once it is done: accepted
    /// ids, rejected events with Genesys' error, and unsent events (a failed batch; resubmit
    /// them as they are, ids included). Keep it quick (forward to a channel if there is real
    /// work to do). A panic in it is caught and logged, and the sink goes on. Without a
    /// callback only [`EventSink::totals`] keeps count.
    pub fn on_delivery(
        mut self,
        callback: impl Fn(PublishOutcome<E>) + Send + Sync + 'static,
    ) -> Self {
        self.on_delivery = Some(Arc::new(callback));
        self
    }

    /// Starts the sink's background task on the current tokio runtime.
    ///
    /// # Errors
    /// [`Error::Configuration`] outside a tokio runtime.
    pub fn start(self) -> Result<EventSink<E>, Error> {
        let handle = tokio::runtime::Handle::try_current().map_err(|_| Error::Configuration {
            message: "EventSink::start must be called inside a tokio runtime".into(),
        })?;
        let (tx, rx) = mpsc::channel(self.capacity);
        let totals = Arc::new(Counters::default());
        let task = Task {
            clock: Arc::clone(clock(&self.publisher.client)),
            publisher: self.publisher,
            linger: self.linger,
            in_flight: self.in_flight,
            on_delivery: self.on_delivery,
            totals: Arc::clone(&totals),
        };
        handle.spawn(task.run(rx));
        Ok(EventSink { tx, totals })
    }
}

/// The sending half of a running sink; cheap to clone. The sink's task ends when
/// [`shutdown`](Self::shutdown) is called or every handle is dropped, after draining what
/// was queued (a dropped sink still publishes and reports what it had).
pub struct EventSink<E: BatchEvent> {
    tx: mpsc::Sender<Msg<E>>,
    totals: Arc<Counters>,
}

impl<E: BatchEvent> Clone for EventSink<E> {
    fn clone(&self) -> Self {
        EventSink {
            tx: self.tx.clone(),
            totals: Arc::clone(&self.totals),
        }
    }
}

impl<E: BatchEvent> fmt::Debug for EventSink<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSink")
            .field("totals", &self.totals())
            .finish_non_exhaustive()
    }
}

/// An event the sink no longer takes (it was shut down), handed back unsent.
#[derive(Debug, thiserror::Error)]
#[error("the event sink is shut down; the event was not queued")]
pub struct SinkClosed<E>(pub E);

impl<E: BatchEvent> EventSink<E> {
    /// Stamps `event` ([`Draft`](crate::runtime::Draft)s get a fresh id and the current time) and
    /// queues it, waiting while the queue is full. Returns the event id, known before anything
    /// is sent.
    ///
    /// # Errors
    /// [`SinkClosed`] with the stamped event if the sink was shut down.
    pub async fn send(&self, event: impl IntoDraft<Event = E>) -> Result<String, SinkClosed<E>> {
        let event = event.into_stamped(Utc::now());
        let Ok(permit) = self.tx.reserve().await else {
            return Err(SinkClosed(event));
        };
        let id = event.event_id().to_owned();
        self.totals.submitted.fetch_add(1, Ordering::Release);
        permit.send(Msg::Event(event));
        Ok(id)
    }

    /// Sends the partial batch now and waits until every event queued before this call is
    /// accounted for (its delivery reported).
    ///
    /// # Errors
    /// [`SinkClosed`] if the sink was shut down (its shutdown drains instead).
    pub async fn flush(&self) -> Result<(), SinkClosed<()>> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send(Msg::Flush(done))
            .await
            .map_err(|_| SinkClosed(()))?;
        wait.await.map_err(|_| SinkClosed(()))
    }

    /// Stops taking events (for every handle), sends what is queued, waits for every batch in
    /// flight, and returns the totals. Events sent by other handles after this are refused with
    /// [`SinkClosed`].
    pub async fn shutdown(self) -> SinkTotals {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Msg::Shutdown(done)).await.is_ok() {
            if let Ok(totals) = wait.await {
                return totals;
            }
        }
        // Another handle shut it down first: wait for its task to finish draining.
        self.tx.closed().await;
        self.totals()
    }

    /// Counts so far.
    pub fn totals(&self) -> SinkTotals {
        self.totals.snapshot()
    }
}

/// What a sink did, in events: `submitted = accepted + rejected + unsent + pending`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SinkTotals {
    /// Events queued by [`EventSink::send`].
    pub submitted: usize,
    /// Events Genesys accepted.
    pub accepted: usize,
    /// Events Genesys refused (reported with their errors).
    pub rejected: usize,
    /// Events in failed batches (reported for resubmission).
    pub unsent: usize,
    /// Events not yet accounted for (queued or in flight); 0 after `shutdown`.
    pub pending: usize,
    /// Batch requests started.
    pub requests: usize,
    /// The batch size the sink fell back to after a batch was answered `413 Payload Too
    /// Large` (see [`PublishOutcome::learned_batch_size`]); `None` while none was.
    pub learned_batch_size: Option<usize>,
}

#[derive(Debug, Default)]
struct Counters {
    submitted: AtomicUsize,
    accepted: AtomicUsize,
    rejected: AtomicUsize,
    unsent: AtomicUsize,
    requests: AtomicUsize,
    /// The learned batch size, 0 while there is none.
    learned: AtomicUsize,
}

impl Counters {
    fn snapshot(&self) -> SinkTotals {
        let submitted = self.submitted.load(Ordering::Acquire);
        let accepted = self.accepted.load(Ordering::Acquire);
        let rejected = self.rejected.load(Ordering::Acquire);
        let unsent = self.unsent.load(Ordering::Acquire);
        SinkTotals {
            submitted,
            accepted,
            rejected,
            unsent,
            pending: submitted.saturating_sub(accepted + rejected + unsent),
            requests: self.requests.load(Ordering::Acquire),
            learned_batch_size: match self.learned.load(Ordering::Acquire) {
                0 => None,
                n => Some(n),
            },
        }
    }
}

enum Msg<E> {
    Event(E),
    Flush(oneshot::Sender<()>),
    Shutdown(oneshot::Sender<SinkTotals>),
}

struct Task<E: BatchEvent> {
    publisher: EventPublisher,
    /// The client's clock: the linger timer runs on it.
    clock: Arc<dyn Sleep>,
    linger: Duration,
    in_flight: usize,
    on_delivery: Option<DeliveryCallback<E>>,
    totals: Arc<Counters>,
}

impl<E: BatchEvent> Task<E> {
    async fn run(self, mut rx: mpsc::Receiver<Msg<E>>) {
        let mut buffer: Vec<E> = Vec::with_capacity(self.size());
        let mut deadline: Option<Instant> = None;
        // The linger wait, kept across loop turns (one clock wait per deadline).
        let mut timer: Option<(Instant, BoxFuture<'static, ()>)> = None;
        let mut running = FuturesUnordered::new();
        // Sequence numbers of batches in flight; a flush waits for every batch before its mark.
        let mut next_seq: u64 = 0;
        let mut in_flight_seqs: BTreeSet<u64> = BTreeSet::new();
        let mut flushes: Vec<(u64, oneshot::Sender<()>)> = Vec::new();
        let mut shutdowns: Vec<oneshot::Sender<SinkTotals>> = Vec::new();
        let mut intake_open = true;

        loop {
            let room = running.len() < self.in_flight;
            tokio::select! {
                // Completed batches first: they free room and answer flushes.
                biased;
                Some((seq, outcome)) = running.next(), if !running.is_empty() => {
                    in_flight_seqs.remove(&seq);
                    self.report(outcome);
                }
                msg = rx.recv(), if intake_open && room => match msg {
                    Some(Msg::Event(event)) => {
                        if buffer.is_empty() {
                            deadline = Some(self.clock.now() + self.linger);
                        }
                        buffer.push(event);
                        if buffer.len() >= self.size() {
                            self.dispatch(&mut buffer, &mut deadline, &mut next_seq, &mut in_flight_seqs, &running);
                        }
                    }
                    Some(Msg::Flush(done)) => {
                        self.dispatch(&mut buffer, &mut deadline, &mut next_seq, &mut in_flight_seqs, &running);
                        flushes.push((next_seq, done));
                    }
                    Some(Msg::Shutdown(done)) => {
                        // Refuse new messages; those already queued are still received.
                        rx.close();
                        shutdowns.push(done);
                    }
                    None => intake_open = false,
                },
                () = linger(&mut timer, &*self.clock, deadline), if deadline.is_some() && room => {
                    self.dispatch(&mut buffer, &mut deadline, &mut next_seq, &mut in_flight_seqs, &running);
                }
            }
            if !intake_open && !buffer.is_empty() && running.len() < self.in_flight {
                self.dispatch(
                    &mut buffer,
                    &mut deadline,
                    &mut next_seq,
                    &mut in_flight_seqs,
                    &running,
                );
            }
            let oldest = in_flight_seqs.first().copied().unwrap_or(next_seq);
            for (mark, done) in std::mem::take(&mut flushes) {
                if oldest >= mark {
                    let _ = done.send(());
                } else {
                    flushes.push((mark, done));
                }
            }
            if !intake_open && buffer.is_empty() && running.is_empty() {
                break;
            }
        }
        let totals = self.totals.snapshot();
        for (_, done) in flushes {
            let _ = done.send(());
        }
        for done in shutdowns {
            let _ = done.send(totals);
        }
    }

    /// Events per batch: the publisher's, which `413` answers may lower for good.
    fn size(&self) -> usize {
        self.publisher.batch_size::<E>()
    }

    /// Sends the buffer as one batch (if not empty) and resets the linger deadline.
    fn dispatch(
        &self,
        buffer: &mut Vec<E>,
        deadline: &mut Option<Instant>,
        next_seq: &mut u64,
        in_flight_seqs: &mut BTreeSet<u64>,
        running: &FuturesUnordered<BatchFuture<E>>,
    ) {
        *deadline = None;
        if buffer.is_empty() {
            return;
        }
        let batch: Vec<E> = buffer.drain(..buffer.len().min(self.size())).collect();
        if !buffer.is_empty() {
            *deadline = Some(self.clock.now() + self.linger);
        }
        let seq = *next_seq;
        *next_seq += 1;
        in_flight_seqs.insert(seq);
        let publication = self.publisher.prepare(batch);
        running.push(Box::pin(async move { (seq, publication.send().await) }));
    }

    fn report(&self, outcome: PublishOutcome<E>) {
        let t = &self.totals;
        t.requests.fetch_add(outcome.requests, Ordering::Relaxed);
        t.accepted
            .fetch_add(outcome.accepted.len(), Ordering::Release);
        t.rejected
            .fetch_add(outcome.rejected.len(), Ordering::Release);
        t.unsent.fetch_add(outcome.unsent.len(), Ordering::Release);
        if let Some(n) = outcome.learned_batch_size {
            // The publisher's value only grows; outcomes may arrive out of order.
            t.learned.fetch_max(n, Ordering::Release);
        }
        if let Some(error) = outcome.error() {
            tracing::warn!(
                error = %error,
                unsent = outcome.unsent.len(),
                "event sink: batch request failed; its events are reported unsent"
            );
        }
        if let Some(callback) = &self.on_delivery {
            // A panicking callback must not end the sink (and with it the account of every
            // later batch): the panic is caught and logged; the totals already counted it.
            let call = std::panic::AssertUnwindSafe(|| callback(outcome));
            if std::panic::catch_unwind(call).is_err() {
                tracing::error!("event sink: the delivery callback panicked; the sink goes on");
            }
        }
    }
}

type BatchFuture<E> =
    std::pin::Pin<Box<dyn std::future::Future<Output = (u64, PublishOutcome<E>)> + Send>>;

/// Waits on the client's clock until `deadline` (never, without one), reusing `timer` while
/// the deadline is the same.
async fn linger(
    timer: &mut Option<(Instant, BoxFuture<'static, ()>)>,
    clock: &dyn Sleep,
    deadline: Option<Instant>,
) {
    let Some(at) = deadline else {
        return std::future::pending().await;
    };
    if timer.as_ref().is_none_or(|(t, _)| *t != at) {
        *timer = Some((at, clock.sleep_until(at)));
    }
    if let Some((_, wait)) = timer {
        wait.await;
    }
    *timer = None;
}
