//! Publishing batches of events (`POST /api/v2/events/...`): per-request cap, chunking,
//! default ids and timestamps, and resubmission of events Genesys reports as retryable.
//!
//! **Assumption to confirm against the live API:** Genesys documents no maximum number of
//! events per batch request in its OpenAPI description; the client assumes
//! [`DEFAULT_MAX_EVENTS_PER_REQUEST`](crate::runtime::DEFAULT_MAX_EVENTS_PER_REQUEST) (100) and lets you change it with
//! [`ClientBuilder::max_events_per_request`](crate::runtime::ClientBuilder::max_events_per_request).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use tracing::Instrument;

use super::client::Client;
use super::error::Error;

/// An event that can be published in batches by [`EventPublisher`].
///
/// The runtime names no generated type: the generator implements this trait for the event
/// types of every batch-event operation it finds in the API description (a `POST` whose body
/// holds arrays of events with `eventId` and `eventDateTime`, answered with a list of per-event
/// errors). An operation whose body holds several event arrays gets a generated enum with one
/// variant per array. A description without such operations has no implementations.
pub trait BatchEvent: Clone + Send + Sync + 'static {
    /// Genesys' per-event error in a batch response (e.g. `EventError`).
    type Rejection: EventRejection + Clone + std::fmt::Debug + PartialEq + Send + 'static;
    /// The event id (`eventId`); `None` means "not set yet".
    fn event_id(&self) -> Option<&str>;
    /// Sets the event id.
    fn set_event_id(&mut self, id: String);
    /// The event time (`eventDateTime`); `None` means "not set yet".
    fn event_date_time(&self) -> Option<DateTime<Utc>>;
    /// Sets the event time.
    fn set_event_date_time(&mut self, at: DateTime<Utc>);
    /// Sends one batch through the generated operation for this event type and returns the
    /// events Genesys rejected.
    #[doc(hidden)]
    fn send_batch(
        client: &Client,
        events: Vec<Self>,
    ) -> BoxFuture<'_, Result<Vec<Self::Rejection>, Error>>;
}

/// One rejected event of a batch response, as [`EventPublisher`] needs to see it.
pub trait EventRejection {
    /// The id of the rejected event, when Genesys names it.
    fn event_id(&self) -> Option<&str>;
    /// Whether Genesys says resubmitting the same event may succeed.
    fn retryable(&self) -> bool;
}

/// The outcome of [`EventPublisher::publish`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PublishReport<R> {
    /// The events Genesys did not accept: every non-retryable error, plus the retryable ones
    /// still failing after the last round. Empty when everything was published.
    pub errors: Vec<R>,
    /// How many batch requests were sent.
    pub requests: usize,
    /// How many rounds were made (1 = no resubmission).
    pub rounds: u32,
    /// The event ids in input order, including the ones the publisher generated.
    pub event_ids: Vec<String>,
}

/// Publishes any number of events in batches under the per-request cap; get one with
/// [`Client::event_publisher`].
///
/// For each event without an id (see [`BatchEvent::event_id`]) it generates a random UUID v4, and for each
/// without a time it uses the current time. Events Genesys reports with
/// `retryable: true` are resubmitted (only those), up to
/// [`max_rounds`](Self::max_rounds) rounds in all.
#[derive(Clone, Debug)]
pub struct EventPublisher<'a> {
    client: &'a Client,
    max_per_request: usize,
    max_rounds: u32,
    round_delay: Duration,
}

impl Client {
    /// A batch publisher using this client's per-request cap.
    pub fn event_publisher(&self) -> EventPublisher<'_> {
        EventPublisher {
            client: self,
            max_per_request: self.max_events_per_request(),
            max_rounds: 3,
            round_delay: Duration::from_secs(1),
        }
    }
}

impl<'a> EventPublisher<'a> {
    /// Events per request (default: the client's cap, itself
    /// [`DEFAULT_MAX_EVENTS_PER_REQUEST`](crate::runtime::DEFAULT_MAX_EVENTS_PER_REQUEST) unless configured). Clamped to `1..=` the client's cap.
    pub fn max_per_request(mut self, max: usize) -> Self {
        self.max_per_request = max.clamp(1, self.client.max_events_per_request().max(1));
        self
    }

    /// Rounds in all, the first included (default 3; at least 1).
    pub fn max_rounds(mut self, rounds: u32) -> Self {
        self.max_rounds = rounds.max(1);
        self
    }

    /// Wait between two rounds (default 1 s).
    pub fn round_delay(mut self, delay: Duration) -> Self {
        self.round_delay = delay;
        self
    }

    /// Publishes `events`, chunked, with default ids and times filled in, resubmitting only
    /// retryable failures. A request that fails as a whole (HTTP error after the client's own
    /// retries, transport, auth) ends the call with that error; batches sent before it were
    /// already accepted.
    pub async fn publish<E: BatchEvent>(
        &self,
        events: impl IntoIterator<Item = E>,
    ) -> Result<PublishReport<E::Rejection>, Error> {
        let events: Vec<E> = events.into_iter().collect();
        let span = tracing::info_span!("genesys.publish_events", events = events.len());
        self.publish_all(events).instrument(span).await
    }

    async fn publish_all<E: BatchEvent>(
        &self,
        events: Vec<E>,
    ) -> Result<PublishReport<E::Rejection>, Error> {
        let now = Utc::now();
        let mut pending: Vec<E> = events
            .into_iter()
            .map(|mut e| {
                if e.event_id().is_none() {
                    e.set_event_id(uuid::Uuid::new_v4().to_string());
                }
                if e.event_date_time().is_none() {
                    e.set_event_date_time(now);
                }
                e
            })
            .collect();
        let mut report = PublishReport {
            errors: Vec::new(),
            requests: 0,
            rounds: 0,
            event_ids: pending
                .iter()
                .map(|e| e.event_id().unwrap_or_default().to_owned())
                .collect(),
        };
        while !pending.is_empty() {
            report.rounds += 1;
            let last_round = report.rounds >= self.max_rounds;
            let mut retry_ids: HashSet<String> = HashSet::new();
            let mut retry_errors: HashMap<String, E::Rejection> = HashMap::new();
            for chunk in pending.chunks(self.max_per_request) {
                report.requests += 1;
                let rejections = E::send_batch(self.client, chunk.to_vec()).await?;
                for error in rejections {
                    match error.event_id().map(str::to_owned) {
                        Some(id) if error.retryable() && !last_round => {
                            retry_ids.insert(id.clone());
                            retry_errors.insert(id, error);
                        }
                        _ => report.errors.push(error),
                    }
                }
            }
            let next: Vec<E> = pending
                .into_iter()
                .filter(|e| e.event_id().is_some_and(|id| retry_ids.contains(id)))
                .collect();
            // A retryable error naming an id we never sent cannot be resubmitted: report it.
            let sent: HashSet<&str> = next.iter().filter_map(|e| e.event_id()).collect();
            let mut unmatched: Vec<E::Rejection> = retry_errors
                .into_iter()
                .filter(|(id, _)| !sent.contains(id.as_str()))
                .map(|(_, e)| e)
                .collect();
            unmatched.sort_by(|a, b| a.event_id().cmp(&b.event_id()));
            report.errors.extend(unmatched);
            pending = next;
            if !pending.is_empty() {
                tracing::info!(
                    retryable = pending.len(),
                    round = report.rounds,
                    "resubmitting retryable events"
                );
                tokio::time::sleep(self.round_delay).await;
            }
        }
        Ok(report)
    }
}
