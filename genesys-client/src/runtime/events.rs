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
use crate::models::{
    BatchEventResponse, BatchUserPresenceEventRequest, BatchUserRoutingStatusEventRequest,
    EventError, UserPresenceEvent, UserRoutingStatusEvent,
};

/// An event type that can be published in batches by [`EventPublisher`].
///
/// Implemented for [`UserPresenceEvent`] and [`UserRoutingStatusEvent`].
pub trait BatchEvent: Clone + Send + Sync + 'static {
    /// The event id (`eventId`); empty means "not set yet".
    fn event_id(&self) -> &str;
    /// Sets the event id.
    fn set_event_id(&mut self, id: String);
    /// The event time (`eventDateTime`); the Unix epoch (chrono's `Default`) means "not set
    /// yet".
    fn event_date_time(&self) -> DateTime<Utc>;
    /// Sets the event time.
    fn set_event_date_time(&mut self, at: DateTime<Utc>);
    /// Sends one batch through the generated operation for this event type.
    #[doc(hidden)]
    fn send_batch(
        client: &Client,
        events: Vec<Self>,
    ) -> BoxFuture<'_, Result<BatchEventResponse, Error>>;
}

impl BatchEvent for UserPresenceEvent {
    fn event_id(&self) -> &str {
        &self.event_id
    }
    fn set_event_id(&mut self, id: String) {
        self.event_id = id;
    }
    fn event_date_time(&self) -> DateTime<Utc> {
        self.event_date_time
    }
    fn set_event_date_time(&mut self, at: DateTime<Utc>) {
        self.event_date_time = at;
    }
    fn send_batch(
        client: &Client,
        events: Vec<Self>,
    ) -> BoxFuture<'_, Result<BatchEventResponse, Error>> {
        let body = BatchUserPresenceEventRequest::new().with_user_presence_events(events);
        Box::pin(client.events().post_events_users_presence(body).send())
    }
}

impl BatchEvent for UserRoutingStatusEvent {
    fn event_id(&self) -> &str {
        &self.event_id
    }
    fn set_event_id(&mut self, id: String) {
        self.event_id = id;
    }
    fn event_date_time(&self) -> DateTime<Utc> {
        self.event_date_time
    }
    fn set_event_date_time(&mut self, at: DateTime<Utc>) {
        self.event_date_time = at;
    }
    fn send_batch(
        client: &Client,
        events: Vec<Self>,
    ) -> BoxFuture<'_, Result<BatchEventResponse, Error>> {
        let body =
            BatchUserRoutingStatusEventRequest::new().with_user_routing_status_events(events);
        Box::pin(client.events().post_events_users_routingstatus(body).send())
    }
}

/// The outcome of [`EventPublisher::publish`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct PublishReport {
    /// The events Genesys did not accept: every non-retryable error, plus the retryable ones
    /// still failing after the last round. Empty when everything was published.
    pub errors: Vec<EventError>,
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
/// For each event without an id (empty `eventId`) it generates a random UUID v4, and for each
/// without a time (Unix epoch) it uses the current time. Events Genesys reports with
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
    ) -> Result<PublishReport, Error> {
        let events: Vec<E> = events.into_iter().collect();
        let span = tracing::info_span!("genesys.publish_events", events = events.len());
        self.publish_all(events).instrument(span).await
    }

    async fn publish_all<E: BatchEvent>(&self, events: Vec<E>) -> Result<PublishReport, Error> {
        let now = Utc::now();
        let mut pending: Vec<E> = events
            .into_iter()
            .map(|mut e| {
                if e.event_id().is_empty() {
                    e.set_event_id(uuid::Uuid::new_v4().to_string());
                }
                if e.event_date_time() == DateTime::<Utc>::default() {
                    e.set_event_date_time(now);
                }
                e
            })
            .collect();
        let mut report = PublishReport {
            event_ids: pending.iter().map(|e| e.event_id().to_owned()).collect(),
            ..PublishReport::default()
        };
        while !pending.is_empty() {
            report.rounds += 1;
            let last_round = report.rounds >= self.max_rounds;
            let mut retry_ids: HashSet<String> = HashSet::new();
            let mut retry_errors: HashMap<String, EventError> = HashMap::new();
            for chunk in pending.chunks(self.max_per_request) {
                report.requests += 1;
                let response = E::send_batch(self.client, chunk.to_vec()).await?;
                for error in response.errors.unwrap_or_default() {
                    match (&error.event_id, error.retryable) {
                        (Some(id), Some(true)) if !last_round => {
                            retry_ids.insert(id.clone());
                            retry_errors.insert(id.clone(), error);
                        }
                        _ => report.errors.push(error),
                    }
                }
            }
            let next: Vec<E> = pending
                .into_iter()
                .filter(|e| retry_ids.contains(e.event_id()))
                .collect();
            // A retryable error naming an id we never sent cannot be resubmitted: report it.
            let sent: HashSet<&str> = next.iter().map(|e| e.event_id()).collect();
            let mut unmatched: Vec<EventError> = retry_errors
                .into_iter()
                .filter(|(id, _)| !sent.contains(id.as_str()))
                .map(|(_, e)| e)
                .collect();
            unmatched.sort_by(|a, b| a.event_id.cmp(&b.event_id));
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
