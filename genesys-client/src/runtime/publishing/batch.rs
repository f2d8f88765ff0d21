//! What the runtime needs to know about a publishable event: [`BatchEvent`] (implemented by
//! generated glue for every batch-event operation), [`EventRejection`], and [`Draft`], the
//! explicit way to say "the publisher chooses this event's id and time".
//!
//! Why drafts rather than `""`/epoch markers: the event models' `eventId` and `eventDateTime`
//! are required fields (`String`, `DateTime`), so any "unset" value inside the model would be
//! a magic value that could also be a real one. A [`Draft`] keeps the choice outside the model:
//! an event passed as-is is published with exactly the id and time it carries; an event wrapped
//! in [`Draft::new`] gets a fresh UUID v4 and the current time, stamped when the publication is
//! prepared — before anything is sent — so the caller can read them and resubmit with the same
//! ids (Genesys de-duplicates on `eventId`).

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;

use crate::runtime::http::client::Client;
use crate::runtime::http::error::Error;

/// An event that can be published in batches by [`EventPublisher`](crate::runtime::EventPublisher)
/// and [`EventSink`](crate::runtime::EventSink).
///
/// The runtime names no generated type: the generator implements this trait for the event
/// types of every batch-event operation it finds in the API description (a `POST` whose body
/// holds arrays of events with `eventId` and `eventDateTime`, answered with a list of per-event
/// errors). An operation whose body holds several event arrays gets a generated enum with one
/// variant per array. A description without such operations has no implementations.
pub trait BatchEvent: Clone + Send + Sync + 'static {
    /// Genesys' per-event error in a batch response (e.g. `EventError`).
    type Rejection: EventRejection + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static;
    /// The most events one request may carry: the `maxItems` the API description (with the
    /// reviewed limits overlay under `spec/`) gives the body's event arrays; `None` when it
    /// states none.
    const MAX_PER_REQUEST: Option<usize>;
    /// The event id (`eventId`), as it will be sent.
    fn event_id(&self) -> &str;
    /// Sets the event id.
    fn set_event_id(&mut self, id: String);
    /// The event time (`eventDateTime`), as it will be sent.
    fn event_date_time(&self) -> DateTime<Utc>;
    /// Sets the event time.
    fn set_event_date_time(&mut self, at: DateTime<Utc>);
    /// Serializes `events` (borrowed: nothing is cloned) as one batch request of the generated
    /// operation for this event type; the returned future sends it and yields the events
    /// Genesys rejected.
    #[doc(hidden)]
    fn send_batch(
        client: &Client,
        events: &[&Self],
    ) -> BoxFuture<'static, Result<Vec<Self::Rejection>, Error>>;
}

/// One rejected event of a batch response, as the publisher needs to see it.
pub trait EventRejection {
    /// The id of the rejected event, when Genesys names it.
    fn event_id(&self) -> Option<&str>;
    /// Whether Genesys says resubmitting the same event may succeed.
    fn retryable(&self) -> bool;
}

/// An event whose id and/or time the publisher assigns (see the module docs for why this is
/// explicit rather than an empty string or the epoch).
///
/// ```
/// # use genesys_client::{BatchEvent, Draft};
/// # fn demo<E: BatchEvent>(event: E) {
/// let draft = Draft::new(event); // fresh UUID v4 and "now", stamped by `prepare`
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Draft<E> {
    event: E,
    id: Option<String>,
    at: Option<DateTime<Utc>>,
}

impl<E: BatchEvent> Draft<E> {
    /// `event` with its id and time left to the publisher: whatever the model holds in
    /// `eventId` and `eventDateTime` is replaced.
    pub fn new(event: E) -> Self {
        Draft {
            event,
            id: None,
            at: None,
        }
    }

    /// `event` with the id and time it carries (the same as passing the event itself; for a
    /// list mixing both kinds).
    pub fn as_built(event: E) -> Self {
        Draft {
            id: Some(event.event_id().to_owned()),
            at: Some(event.event_date_time()),
            event,
        }
    }

    /// Keeps this id instead of generating one.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Keeps this time instead of "now".
    pub fn with_time(mut self, at: DateTime<Utc>) -> Self {
        self.at = Some(at);
        self
    }

    /// The event with its id and time set: the given ones, else a UUID v4 and `now`.
    pub(crate) fn stamp(self, now: DateTime<Utc>) -> E {
        let mut event = self.event;
        event.set_event_id(
            self.id
                .unwrap_or_else(|| uuid::Uuid::new_v4().hyphenated().to_string()),
        );
        event.set_event_date_time(self.at.unwrap_or(now));
        event
    }
}

/// What a publisher accepts: an event as built (sent with exactly its own id and time) or a
/// [`Draft`] (the publisher fills in what the draft leaves open).
pub trait IntoDraft {
    /// The event type.
    type Event: BatchEvent;
    /// The event with its id and time set, `now` being the time of unset ones.
    fn into_stamped(self, now: DateTime<Utc>) -> Self::Event;
}

impl<E: BatchEvent> IntoDraft for E {
    type Event = E;
    fn into_stamped(self, _now: DateTime<Utc>) -> E {
        self
    }
}

impl<E: BatchEvent> IntoDraft for Draft<E> {
    type Event = E;
    fn into_stamped(self, now: DateTime<Utc>) -> E {
        self.stamp(now)
    }
}
