//! Publishing any number of events without ever losing track of one: [`EventPublisher`]
//! stamps every event ([`Draft`](super::batch::Draft)) before anything is sent, records each
//! event's fate in a shared [`Ledger`] as batches complete (several in flight at once), and
//! ends with a [`PublishOutcome`] that accounts for every event exactly once: accepted,
//! rejected (with Genesys' error) or unsent (ready to resubmit with the same id).
//!
//! The ledger is shared with the caller, so even a publish future that is dropped half-way
//! (a timeout, a cancelled task) leaves an exact account behind.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::Utc;
use futures_util::StreamExt;
use tracing::Instrument;

use super::batch::{BatchEvent, EventRejection, IntoDraft};
use crate::runtime::http::client::Client;
use crate::runtime::http::error::Error;

/// The default number of batch requests in flight at once (see
/// [`EventPublisher::in_flight`]).
pub const DEFAULT_IN_FLIGHT: usize = 4;

/// Publishes any number of events in batches, several in flight; get one with
/// [`Client::event_publisher`]. Cheap to clone (it holds a [`Client`] clone).
///
/// Events Genesys reports with `retryable: true` are resubmitted (only those, with the same
/// ids), up to [`max_rounds`](Self::max_rounds) rounds in all. A batch request that fails as a
/// whole (HTTP error after the client's own retries, transport, auth) stops new batches from
/// starting; its events and the ones not sent yet end up in [`PublishOutcome::unsent`].
///
/// A batch answered `413 Payload Too Large` was not processed: it is split in halves that are
/// sent in its place (down to single events), and the size of the largest piece Genesys then
/// took becomes this publisher's batch size for `E` — kept by every clone, and so by an
/// [`EventSink`](crate::runtime::EventSink) for all its later batches; see
/// [`PublishOutcome::learned_batch_size`]. A single event still answered `413` is left unsent
/// with its error (in [`PublishOutcome::failures`]) and the others go on.
#[derive(Clone, Debug)]
pub struct EventPublisher {
    pub(super) client: Client,
    max_per_request: Option<usize>,
    in_flight: usize,
    max_rounds: u32,
    round_delay: Duration,
    learned: Arc<Learned>,
}

/// Batch sizes learned from `413` answers, per event type: the size of the largest piece of a
/// split batch that Genesys then took. (The real limit is on the body, which the spec's
/// `maxItems` may overstate; the largest piece that worked, rather than the smallest that was
/// refused, keeps one oversized event from shrinking every later batch to one event.) Shared
/// by the clones of one publisher.
#[derive(Debug, Default)]
struct Learned(Mutex<HashMap<TypeId, usize>>);

impl Learned {
    fn get<E: 'static>(&self) -> Option<usize> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&TypeId::of::<E>()).copied()
    }

    /// A piece of `size` events of a split batch was taken.
    fn worked<E: 'static>(&self, size: usize) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map.entry(TypeId::of::<E>()).or_insert(size);
        *entry = (*entry).max(size);
    }
}

impl Client {
    /// A batch publisher using this client (and its shared rate-limit view).
    pub fn event_publisher(&self) -> EventPublisher {
        EventPublisher {
            client: self.clone(),
            max_per_request: None,
            in_flight: DEFAULT_IN_FLIGHT,
            max_rounds: 3,
            round_delay: Duration::from_secs(1),
            learned: Arc::default(),
        }
    }
}

impl EventPublisher {
    /// Events per request (default and upper bound: [`batch_size`](Self::batch_size); at
    /// least 1).
    pub fn max_per_request(mut self, max: usize) -> Self {
        self.max_per_request = Some(max.max(1));
        self
    }

    /// Batch requests in flight at once (default [`DEFAULT_IN_FLIGHT`]; at least 1). A `429`
    /// on any of them pauses the others: the client keeps one view of the rate limit.
    pub fn in_flight(mut self, requests: usize) -> Self {
        self.in_flight = requests.max(1);
        self
    }

    /// Rounds in all, the first included (default 3; at least 1).
    pub fn max_rounds(mut self, rounds: u32) -> Self {
        self.max_rounds = rounds.max(1);
        self
    }

    /// Wait between two rounds (default 1 s), on the client's clock
    /// ([`ClientBuilder::sleep`](crate::runtime::ClientBuilder::sleep)).
    pub fn round_delay(mut self, delay: Duration) -> Self {
        self.round_delay = delay;
        self
    }

    /// The batch size used for `E`: the configured one, capped by the operation's limit
    /// ([`BatchEvent::MAX_PER_REQUEST`], the `maxItems` of the spec, which the generated
    /// operation also checks before sending), and by the size `413` answers taught this
    /// publisher ([`learned_batch_size`](Self::learned_batch_size)).
    pub fn batch_size<E: BatchEvent>(&self) -> usize {
        let limit = E::MAX_PER_REQUEST.unwrap_or(usize::MAX).max(1);
        let size = self.max_per_request.map_or(limit, |m| m.min(limit));
        self.learned_batch_size::<E>()
            .map_or(size, |learned| learned.min(size))
    }

    /// The batch size for `E` this publisher (or a clone) fell back to after a batch was
    /// answered `413 Payload Too Large`: the largest piece of a split batch Genesys took;
    /// `None` until one was.
    pub fn learned_batch_size<E: BatchEvent>(&self) -> Option<usize> {
        self.learned.get::<E>()
    }

    /// Stamps `events` (ids and times of [`Draft`](super::batch::Draft)s; events passed as
    /// built keep theirs) without sending anything. The returned [`Publication`] shows the
    /// ids and holds the [`Ledger`].
    pub fn prepare<D: IntoDraft>(
        &self,
        events: impl IntoIterator<Item = D>,
    ) -> Publication<D::Event> {
        let now = Utc::now();
        let events: Vec<D::Event> = events.into_iter().map(|d| d.into_stamped(now)).collect();
        Publication {
            publisher: self.clone(),
            ledger: Ledger::new(events, Arc::clone(&self.learned)),
        }
    }

    /// [`prepare`](Self::prepare) then [`Publication::send`].
    pub async fn publish<D: IntoDraft>(
        &self,
        events: impl IntoIterator<Item = D>,
    ) -> PublishOutcome<D::Event> {
        self.prepare(events).send().await
    }
}

/// Stamped events ready to publish; [`send`](Self::send) them. Hold on to
/// [`ledger`](Self::ledger) to know where they stand even if the send future is dropped.
#[derive(Debug)]
#[must_use = "nothing is sent until `send().await`"]
pub struct Publication<E: BatchEvent> {
    publisher: EventPublisher,
    ledger: Ledger<E>,
}

impl<E: BatchEvent> Publication<E> {
    /// The events as they will be sent, ids and times included, in input order.
    pub fn events(&self) -> &[E] {
        &self.ledger.shared.events
    }

    /// A handle on the account of every event, shared with the send future.
    pub fn ledger(&self) -> Ledger<E> {
        self.ledger.clone()
    }

    /// Sends every event, batch by batch, and returns the full account.
    pub async fn send(self) -> PublishOutcome<E> {
        let span = tracing::info_span!(
            "genesys.publish_events",
            events = self.ledger.shared.events.len()
        );
        self.run().instrument(span).await;
        self.ledger.outcome()
    }

    async fn run(&self) {
        let shared = &self.ledger.shared;
        let p = &self.publisher;
        let size = p.batch_size::<E>();
        let mut pending: Vec<usize> = (0..shared.events.len()).collect();
        let mut round = 0;
        while !pending.is_empty() {
            round += 1;
            shared.rounds.store(round, Ordering::Relaxed);
            let last = round >= p.max_rounds as usize;
            let stop = AtomicBool::new(false);
            let retry: Mutex<Vec<usize>> = Mutex::new(Vec::new());
            // Batches as ranges of `pending` (owned values keep the stream `Send`).
            let ranges = (0..pending.len())
                .step_by(size)
                .map(|start| start..pending.len().min(start + size));
            futures_util::stream::iter(ranges)
                .map(|range| self.send_batch(&pending[range], last, &stop, &retry))
                .buffer_unordered(p.in_flight)
                .for_each(|()| async {})
                .await;
            if stop.load(Ordering::Relaxed) {
                return;
            }
            pending = retry.into_inner().unwrap_or_else(|e| e.into_inner());
            pending.sort_unstable();
            if !pending.is_empty() {
                tracing::info!(
                    retryable = pending.len(),
                    round,
                    "resubmitting retryable events"
                );
                crate::runtime::http::client::clock(&p.client)
                    .sleep(p.round_delay)
                    .await;
            }
        }
    }

    /// One batch of the round. Sent as one request unless the batch size was lowered since the
    /// round was cut (then in pieces of the new size); a piece answered `413` was not
    /// processed, so it is split in halves sent in its place, one after the other.
    async fn send_batch(
        &self,
        batch: &[usize],
        last_round: bool,
        stop: &AtomicBool,
        retry: &Mutex<Vec<usize>>,
    ) {
        // Pieces still to send, the next one last; `true` for a half of a piece refused `413`.
        let mut pieces: Vec<(&[usize], bool)> = vec![(batch, false)];
        while let Some((piece, split)) = pieces.pop() {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let size = self.publisher.batch_size::<E>();
            if piece.len() > size {
                pieces.extend(piece.chunks(size).rev().map(|c| (c, split)));
                continue;
            }
            match self.send_piece(piece).await {
                Ok(rejections) => {
                    if split {
                        self.publisher.learned.worked::<E>(piece.len());
                    }
                    self.settle(piece, rejections, last_round, retry);
                }
                Err(error) if is_too_large(&error) && piece.len() > 1 => {
                    let half = piece.len().div_ceil(2);
                    tracing::info!(
                        events = piece.len(),
                        "batch too large (413): sending it in halves"
                    );
                    self.ledger.shared.set_all(piece, Status::Unsent);
                    pieces.push((&piece[half..], true));
                    pieces.push((&piece[..half], true));
                }
                Err(error) => {
                    // One event too large for any batch says nothing about the others.
                    if !is_too_large(&error) {
                        stop.store(true, Ordering::Relaxed);
                    }
                    self.fail(piece, error);
                }
            }
        }
    }

    /// Sends `piece` as one request, its events in flight meanwhile.
    async fn send_piece(&self, piece: &[usize]) -> Result<Vec<E::Rejection>, Error> {
        let shared = &self.ledger.shared;
        shared.set_all(piece, Status::InFlight);
        let request = {
            let refs: Vec<&E> = piece.iter().map(|&i| &shared.events[i]).collect();
            E::send_batch(&self.publisher.client, &refs)
        };
        shared.requests.fetch_add(1, Ordering::Relaxed);
        request.await
    }

    /// A piece Genesys answered: accepted but for its rejections (retryable ones go to the
    /// next round, unless this is the last).
    fn settle(
        &self,
        piece: &[usize],
        rejections: Vec<E::Rejection>,
        last_round: bool,
        retry: &Mutex<Vec<usize>>,
    ) {
        let shared = &self.ledger.shared;
        let mut book = shared.book();
        let by_id: HashMap<&str, usize> = piece
            .iter()
            .map(|&i| (shared.events[i].event_id(), i))
            .collect();
        for &i in piece {
            book.status[i] = Status::Accepted;
        }
        for rejection in rejections {
            match rejection.event_id().and_then(|id| by_id.get(id)) {
                Some(&i) if rejection.retryable() && !last_round => {
                    book.status[i] = Status::Unsent;
                    retry.lock().unwrap_or_else(|e| e.into_inner()).push(i);
                }
                Some(&i) => book.status[i] = Status::Rejected(rejection),
                None => book.unmatched.push(rejection),
            }
        }
    }

    /// A piece that failed as a whole: its events are unsent (in doubt when it may have been
    /// processed) and the error is kept.
    fn fail(&self, piece: &[usize], error: Error) {
        let shared = &self.ledger.shared;
        tracing::warn!(error = %error, events = piece.len(), "batch request failed");
        // A refusal before or at the door (no response, 4xx) was not processed; a
        // transport failure, timeout or 5xx may have been.
        let status = match error.status() {
            Some(s) if s.is_client_error() => Status::Unsent,
            None if matches!(
                error,
                Error::Configuration { .. }
                    | Error::InvalidParameter { .. }
                    | Error::LimitExceeded { .. }
                    | Error::Auth { .. }
            ) =>
            {
                Status::Unsent
            }
            _ => Status::InDoubt,
        };
        let mut book = shared.book();
        for &i in piece {
            book.status[i] = status.clone();
        }
        book.failures.push(BatchFailure {
            error: Arc::new(error),
            event_ids: piece
                .iter()
                .map(|&i| shared.events[i].event_id().to_owned())
                .collect(),
        });
    }
}

/// `413 Payload Too Large` (Genesys: `request.entity.too.large`): the body was refused
/// unread.
fn is_too_large(error: &Error) -> bool {
    error.status() == Some(reqwest::StatusCode::PAYLOAD_TOO_LARGE)
}

/// Where one event stands.
#[derive(Clone, Debug)]
enum Status<R> {
    /// Not sent, or refused as a whole without being processed: resubmittable.
    Unsent,
    /// Sent, but its batch failed in a way that says nothing about processing (transport,
    /// timeout, 5xx): resubmittable, and Genesys de-duplicates on the id.
    InDoubt,
    /// Its batch request is under way.
    InFlight,
    Accepted,
    Rejected(R),
}

#[derive(Debug)]
struct Book<R> {
    status: Vec<Status<R>>,
    failures: Vec<BatchFailure>,
    unmatched: Vec<R>,
}

#[derive(Debug)]
struct Shared<E: BatchEvent> {
    events: Vec<E>,
    book: Mutex<Book<E::Rejection>>,
    requests: AtomicUsize,
    rounds: AtomicUsize,
    /// The publisher's learned batch sizes (read for the outcome).
    learned: Arc<Learned>,
}

impl<E: BatchEvent> Shared<E> {
    fn book(&self) -> MutexGuard<'_, Book<E::Rejection>> {
        // A panic while holding the lock cannot leave a half-written status: take the data.
        self.book.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set_all(&self, batch: &[usize], status: Status<E::Rejection>) {
        let mut book = self.book();
        for &i in batch {
            book.status[i] = status.clone();
        }
    }
}

/// The account of a publication, shared between its send future and the caller: read it at
/// any time with [`outcome`](Self::outcome), including after the future was dropped.
#[derive(Debug)]
pub struct Ledger<E: BatchEvent> {
    shared: Arc<Shared<E>>,
}

impl<E: BatchEvent> Clone for Ledger<E> {
    fn clone(&self) -> Self {
        Ledger {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<E: BatchEvent> Ledger<E> {
    fn new(events: Vec<E>, learned: Arc<Learned>) -> Self {
        let n = events.len();
        Ledger {
            shared: Arc::new(Shared {
                events,
                book: Mutex::new(Book {
                    status: vec![Status::Unsent; n],
                    failures: Vec::new(),
                    unmatched: Vec::new(),
                }),
                requests: AtomicUsize::new(0),
                rounds: AtomicUsize::new(0),
                learned,
            }),
        }
    }

    /// The ids of the events, in input order.
    pub fn event_ids(&self) -> impl Iterator<Item = &str> {
        self.shared.events.iter().map(BatchEvent::event_id)
    }

    /// Whether some batch request is under way right now.
    pub fn in_flight(&self) -> usize {
        let book = self.shared.book();
        book.status
            .iter()
            .filter(|s| matches!(s, Status::InFlight))
            .count()
    }

    /// Where every event stands now. Events of a batch still in flight (or abandoned in
    /// flight by a dropped future) count as unsent and in doubt: nothing confirmed them, and
    /// resubmitting them with the same ids lets Genesys de-duplicate.
    pub fn outcome(&self) -> PublishOutcome<E> {
        let shared = &self.shared;
        let book = shared.book();
        let mut outcome = PublishOutcome {
            accepted: Vec::new(),
            rejected: Vec::new(),
            unsent: Vec::new(),
            in_doubt: Vec::new(),
            failures: book.failures.clone(),
            unmatched: book.unmatched.clone(),
            requests: shared.requests.load(Ordering::Relaxed),
            rounds: shared.rounds.load(Ordering::Relaxed) as u32,
            learned_batch_size: shared.learned.get::<E>(),
        };
        for (event, status) in shared.events.iter().zip(&book.status) {
            match status {
                Status::Accepted => outcome.accepted.push(event.event_id().to_owned()),
                Status::Rejected(error) => outcome.rejected.push(Rejected {
                    event: event.clone(),
                    error: error.clone(),
                }),
                Status::Unsent => outcome.unsent.push(event.clone()),
                Status::InDoubt | Status::InFlight => {
                    outcome.in_doubt.push(event.event_id().to_owned());
                    outcome.unsent.push(event.clone());
                }
            }
        }
        outcome
    }
}

/// A whole batch request that failed (after the client's retries): its error and the ids of
/// its events (all of which are in [`PublishOutcome::unsent`]).
#[derive(Clone, Debug)]
pub struct BatchFailure {
    /// What went wrong (shared: one error, possibly read through several outcomes).
    pub error: Arc<Error>,
    /// The ids of the batch's events.
    pub event_ids: Vec<String>,
}

/// One event Genesys refused, with its error.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected<E: BatchEvent> {
    /// The event as sent.
    pub event: E,
    /// Genesys' error for it.
    pub error: E::Rejection,
}

/// Every event of a publication, each in exactly one of `accepted`, `rejected` and `unsent`
/// (input order in each).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PublishOutcome<E: BatchEvent> {
    /// Ids of the events Genesys accepted.
    pub accepted: Vec<String>,
    /// Events Genesys refused: every non-retryable error, plus retryable ones still failing
    /// after the last round.
    pub rejected: Vec<Rejected<E>>,
    /// Events not confirmed: never sent, in a failed batch, or in flight when the publication
    /// was abandoned. They carry their ids and times: publish them again as they are to
    /// resubmit exactly these.
    pub unsent: Vec<E>,
    /// Ids of the unsent events that were sent without a definite answer: in flight when the
    /// outcome was read (e.g. the publish future was dropped), or in a batch that failed with a
    /// transport error, a timeout or a `5xx`. Genesys may have processed them; resubmitting
    /// them with the same ids lets it de-duplicate.
    pub in_doubt: Vec<String>,
    /// The batch requests that failed as a whole.
    pub failures: Vec<BatchFailure>,
    /// Errors in a response naming no event of its batch (kept, not matched to an event).
    pub unmatched: Vec<E::Rejection>,
    /// How many batch requests were started.
    pub requests: usize,
    /// How many rounds were started (1 = no resubmission).
    pub rounds: u32,
    /// The batch size the publisher fell back to because a batch was answered `413 Payload
    /// Too Large` (its halves were sent instead, down to single events); it stays in force
    /// for the publisher's later batches. `None` when no batch was.
    pub learned_batch_size: Option<usize>,
}

impl<E: BatchEvent> PublishOutcome<E> {
    /// Whether every event was accepted.
    pub fn is_complete(&self) -> bool {
        self.rejected.is_empty() && self.unsent.is_empty() && self.unmatched.is_empty()
    }

    /// The first whole-batch error, if any batch failed.
    pub fn error(&self) -> Option<&Error> {
        self.failures.first().map(|f| &*f.error)
    }

    /// How many events the outcome accounts for (always the number published).
    pub fn len(&self) -> usize {
        self.accepted.len() + self.rejected.len() + self.unsent.len()
    }

    /// Whether the publication had no events.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
