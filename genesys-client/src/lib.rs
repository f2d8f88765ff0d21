//! Typed async client for the Genesys Cloud Platform API v2 (Events, Presence and Notifications).
//!
//! ```no_run
//! use genesys_client::{Client, Region};
//!
//! # async fn demo() -> Result<(), genesys_client::Error> {
//! let client = Client::builder()
//!     .region(Region::EuWest1)
//!     .client_credentials("client-id", "client-secret")
//!     .build()?;
//! # let _ = client;
//! # Ok(()) }
//! ```
//!
//! - [`Client`] / [`ClientBuilder`]: region or custom base URL, OAuth client credentials
//!   (cached, single-flight refresh, one re-authentication on `401`) or a bearer token or
//!   your own [`TokenSource`], timeouts, and a [`RetryPolicy`] (on by default).
//! - [`models`]: one type per API schema; [`operations`]: request builders per API tag,
//!   reached from the client (`client.presence()`, `client.events()`).
//! - [`Error`]: every failure, with the status, the decoded Genesys error body and the
//!   `ININ-Correlation-Id` where there was a response. Request limits of the spec (the bulk
//!   presence reads' 50 ids, 100 events per batch array: `spec/limits.overlay.json`) are checked
//!   before sending: more is [`Error::LimitExceeded`], naming the parameter and the limit.
//! - [`pagination`]: page-numbered listings as streams of items.
//! - [`EventPublisher`]: publish any number of events in capped batches, several in flight,
//!   with an exact account of every event ([`PublishOutcome`]) whatever fails;
//!   [`EventSink`]: a long-running sink for events that arrive one at a time (batching by
//!   size and linger, backpressure, flush, graceful shutdown, delivery reports).
//! - Request builders own a [`Client`] clone: every future and stream is `Send + 'static`
//!   (`tokio::spawn(client.presence().get_presence_sources().send())`), streams are `Unpin`.
//!   Each builder has per-request overrides (`.timeout(…)`, `.retry_policy(…)`, `.header(…)`,
//!   [`RequestOptions`]) and `.send_raw()` for the undecoded body.
//! - [`Middleware`]: code around every attempt (metrics, headers,
//!   signing); [`Sleep`](runtime::Sleep): how retries wait (virtual time in tests).
//! - [`Client::request`]: any API path with the same auth, retries, middleware and tracing,
//!   for endpoints this crate does not generate.
//!
//! Cargo features: one per API tag, so a program compiles only the operations it calls:
//! `events` and `presence` (on by default) and `notifications` (off by default: its
//! operations and the Notifications receiver below, which adds the WebSocket crate). Each gates
//! its tag's operations, its `Client` accessor (`client.presence()`), its mock stubs and the
//! models only that tag uses; a model several tags use compiles with any of them, and error
//! bodies and topic payloads always compile. A program that only publishes events depends on
//! `genesys-client = { version = "…", default-features = false, features = ["events"] }`.
//! `http2` (off by default) lets the client negotiate HTTP/2; without it every request goes
//! over pooled HTTP/1.1 connections, which the API serves as well. `mock` (off by default)
//! adds `mock`, a typed mock of the API (stubs for the enabled tags) to test your code with.
//!
//! # Receiving notifications
//!
//! `client.notification_receiver::<P>().topics(…).start()` (feature `notifications`) is a
//! self-healing stream of `runtime::notifications::Item`s for any number of topics: the
//! topics are planned over channels (1,000 each, at most 20), rejected topics are reported,
//! dropped and silent sockets are reconnected with backoff, maintenance notices and channel
//! expiry are handed over to a new channel before the old socket closes (duplicates dropped),
//! and every gap is announced by a `Resync` naming the topics to re-read over REST (Genesys
//! replays nothing). `P` is any [`NotificationPayload`](runtime::NotificationPayload):
//! `serde_json::Value` for raw JSON, or your own type. The queue is bounded: a consumer too
//! slow for it loses events, never the connection, and gets a `Resync { reason: Lagged }` for
//! their topics. See `runtime::notifications` for the limits and the policy, and the
//! `presence_bridge` example (1,200 users, a handover and a dropped socket on loopback).
//!
//! # Publishing and reading at scale
//!
//! A presence integration reads where thousands of users are and streams their state changes
//! back. `send_chunked` takes any number of ids, splits them by the API's limit (50 per
//! request, a fact of the description) and keeps several requests in flight; a failed chunk is
//! reported with its ids, not swallowed. An [`EventSink`] takes events one at a time: `send`
//! returns the event id at once (waiting only when the queue is full), batches go out by size
//! and by linger time, and every batch's account (accepted, rejected with Genesys' error,
//! unsent with their ids, ready to publish again) reaches the delivery callback. Runnable
//! against a loopback stand-in: `cargo run -p genesys-client --example presence_sync`.
//!
//! ```no_run
//! use genesys_client::models::UserPresenceEvent;
//! use genesys_client::{Client, Draft};
//!
//! # async fn demo(client: Client, users: Vec<String>) -> Result<(), Box<dyn std::error::Error>> {
//! // Any number of ids: 50 per request, 4 requests in flight, results in input order.
//! let read = client
//!     .presence()
//!     .get_users_presences_purecloud_bulk()
//!     .id(&users)
//!     .send_chunked(4)
//!     .await;
//! let (presences, failed) = read.into_items();
//! for (ids, error) in &failed {
//!     eprintln!("{} ids not read: {error}", ids.len());
//! }
//!
//! // A long-running sink: batches by size and linger, reports every batch.
//! let sink = client
//!     .event_sink::<UserPresenceEvent>()
//!     .on_delivery(|outcome| {
//!         for event in &outcome.unsent {
//!             eprintln!("not confirmed, publish again as is: {}", event.event_id);
//!         }
//!     })
//!     .start()?;
//! for user in &users {
//!     let change = UserPresenceEvent::new(chrono::Utc::now(), "", "my-source-id", user.as_str());
//!     let id = sink.send(Draft::new(change)).await?; // the id, before anything is sent
//! #   let _ = id;
//! }
//! let totals = sink.shutdown().await; // drains and waits for every batch
//! assert_eq!(totals.accepted + totals.rejected + totals.unsent, totals.submitted);
//! # let _ = presences;
//! # Ok(()) }
//! ```
//!
//! # Models: forward compatible and semver-honest
//!
//! Genesys adds fields and enum values to its API all the time, and live responses stray from
//! the published description. The generated [`models`] are built so that neither breaks you:
//!
//! - **Structs are `#[non_exhaustive]`.** You cannot write a struct literal; you call
//!   `new(…)` with the *required* fields and chain `with_*` setters for the optional ones
//!   (structs whose fields are all optional also implement `Default`). So when a new version of
//!   this crate adds an optional field, code written against the old one still compiles: that
//!   is a minor release, not a major one. (A new *required* field changes `new` and is a
//!   breaking change, as it is for the API itself.) Fields stay `pub` for reading and matching.
//! - **Enums are `#[non_exhaustive]`, open and sealed.** A value this version does not know
//!   decodes into the `Unknown(`[`UnknownValue`](models::UnknownValue)`)` variant, which keeps
//!   the raw string byte for byte and encodes back unchanged. You cannot build an
//!   `UnknownValue` yourself: `From<&str>`/`FromStr` and decoding map every known wire string to
//!   its variant, so each wire string has exactly one value, and code that matched
//!   `Unknown(v) if v.as_str() == "X"` is written as `e.as_str() == "X"` instead, which keeps
//!   working when a later version learns `X`. Every enum has `as_str()`, `Display` and
//!   `FromStr`; `Ord` compares wire strings, so sorting does not depend on the order of the
//!   values in the API description.
//! - **Unknown JSON fields are ignored**; optional fields accept both an absent key and `null`
//!   and are omitted when `None`. What `required` means depends on the direction a type
//!   travels: see [Decoding responses](#decoding-responses-one-field-never-costs-the-whole-body).
//! - `date-time` is `chrono::DateTime<Utc>` (Genesys' `…THH:mm:ss[.mmm]Z`), `date` is
//!   `chrono::NaiveDate`; `format: uri` stays a `String` because Genesys URIs are relative paths.
//!
//! Why this mechanism: it is the one that keeps both promises at once — additive API changes
//! stay additive for Rust users (`#[non_exhaustive]` + constructors), and request bodies stay
//! one expression to write:
//!
//! ```
//! use genesys_client::models::{PresenceDefinition, UserPresence};
//!
//! let body = UserPresence::new()
//!     .with_presence_definition(
//!         PresenceDefinition::new().with_id("6a3af858-942f-489d-9700-5f9bcdcdae9b"),
//!     )
//!     .with_message("Back at 3pm");
//! assert_eq!(
//!     serde_json::to_value(&body).unwrap(),
//!     serde_json::json!({
//!         "presenceDefinition": { "id": "6a3af858-942f-489d-9700-5f9bcdcdae9b" },
//!         "message": "Back at 3pm"
//!     })
//! );
//! ```
//!
//! ```
//! use genesys_client::models::{
//!     OrganizationPresenceDefinition, OrganizationPresenceDefinitionSystemPresence as System,
//! };
//! use std::collections::BTreeMap;
//!
//! // `languageLabels` is required, so it is an argument of `new`.
//! let labels = BTreeMap::from([("en_US".to_owned(), "Lunch".to_owned())]);
//! let definition = OrganizationPresenceDefinition::new(labels)
//!     .with_name("Lunch")
//!     .with_system_presence(System::Meal);
//! let json = serde_json::to_value(&definition).unwrap();
//! assert_eq!(json["systemPresence"], "Meal");
//!
//! // A value this crate has never heard of survives a round trip.
//! let later: OrganizationPresenceDefinition = serde_json::from_value(serde_json::json!({
//!     "languageLabels": { "en_US": "Focus" }, "systemPresence": "Deep Work"
//! }))
//! .unwrap();
//! let seen = later.system_presence.unwrap();
//! assert!(matches!(&seen, System::Unknown(v) if v.as_str() == "Deep Work"));
//! assert_eq!(seen, System::from("Deep Work")); // one value per wire string…
//! assert_eq!(System::from("Meal"), System::Meal); // …so a known one is never `Unknown`
//! assert_eq!(serde_json::to_value(&seen).unwrap(), "Deep Work");
//! ```
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use genesys_client::models::{BatchUserPresenceEventRequest, UserPresenceEvent};
//!
//! let at = Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap();
//! // Required fields in order: eventDateTime, eventId, sourceId, userId.
//! let batch = BatchUserPresenceEventRequest::new().with_user_presence_events(vec![
//!     UserPresenceEvent::new(at, "3b4e5f60-0000-4000-8000-000000000001", "source-id", "user-1")
//!         .with_presence_definition_id("6a3af858-942f-489d-9700-5f9bcdcdae9b"),
//!     UserPresenceEvent::new(at, "3b4e5f60-0000-4000-8000-000000000002", "source-id", "user-2")
//!         .with_message("In a meeting"),
//! ]);
//! let json = serde_json::to_value(&batch).unwrap();
//! assert_eq!(json["userPresenceEvents"].as_array().unwrap().len(), 2);
//! assert_eq!(json["userPresenceEvents"][0]["eventDateTime"], "2025-03-14T09:30:00Z");
//! ```
//!
//! # Decoding responses: one field never costs the whole body
//!
//! Genesys' description marks fields `required` that live responses leave out: a presence
//! definition embeds its creator as a bare reference (`"createdBy": {"id": "…", "selfUri":
//! "/api/v2/users/…"}`) although `User.version` is required, and some fields come back `null`.
//! The official SDKs (Java, Python, .NET) accept such bodies; so does this crate:
//!
//! - **Types responses carry** (success bodies and the error body, with everything they
//!   contain) decode every field as an `Option`, required or not. An absent or `null` value is
//!   `None`, never an invented `""`, `0` or epoch, so you can still tell "not sent" from "empty".
//! - **`required` stays a promise about requests**: `new(…)` still takes every required field
//!   (`Source::new(name)`, `OrganizationPresenceDefinition::new(language_labels)`), so a request
//!   you build has them. Types only requests carry (the event batches) keep required fields as
//!   plain values, since nothing decodes them from the server.
//! - **What still fails** is a body that contradicts the description in kind: a string where a
//!   number belongs, a malformed date-time, invalid JSON. That [`Error::Decode`] names the JSON
//!   path and keeps a bounded snippet of the body.
//! - Date-times accept what Genesys sends, with or without milliseconds (`…:00Z`, `…:00.000Z`).
//!
//! Why this mechanism (the one smithy-rs uses for output shapes) rather than separate request
//! and response types: one Rust type per schema, so a definition you fetched is the one you
//! send back, with no conversions between twin types. The price, stated for semver honesty:
//! which fields are `Option` follows from where a type travels, so an API change that first
//! puts a request-only type into a response turns its required fields into `Option`s; such a
//! release is a breaking one and the changelog says so. Server-set (`readOnly`) fields have no
//! `with_*` setter on types requests carry; they stay `pub` for reading.
//!
//! ```
//! use genesys_client::models::{OrganizationPresenceEntityListing, Source};
//!
//! // A page of `GET /api/v2/presencedefinitions` as Genesys sends it: the creator is a bare
//! // reference, one `modifiedBy` is `null`, and there is a field this crate does not know.
//! let page: OrganizationPresenceEntityListing = serde_json::from_str(r#"{
//!     "entities": [{
//!         "id": "6a3af858-942f-489d-9700-5f9bcdcdae9b",
//!         "languageLabels": { "en_US": "Available" },
//!         "systemPresence": "Available",
//!         "createdBy": { "id": "2c1d3e4f-0000-4000-8000-0000000000aa",
//!                        "selfUri": "/api/v2/users/2c1d3e4f-0000-4000-8000-0000000000aa" },
//!         "modifiedBy": null,
//!         "createdDate": "2024-01-02T03:04:05.000Z",
//!         "someFutureField": { "nested": true }
//!     }],
//!     "pageSize": 25, "pageNumber": 1, "total": 1, "pageCount": 1
//! }"#).unwrap();
//! let entities = page.entities.unwrap();
//! let creator = entities[0].created_by.as_ref().unwrap();
//! assert_eq!(creator.id.as_deref(), Some("2c1d3e4f-0000-4000-8000-0000000000aa"));
//! assert_eq!(creator.version, None); // required by the description, absent here: `None`
//! assert_eq!(entities[0].modified_by, None);
//!
//! // Building a request still takes the required fields.
//! let source = Source::new("Microsoft Teams");
//! assert_eq!(serde_json::to_value(&source).unwrap(), serde_json::json!({ "name": "Microsoft Teams" }));
//! ```
//!
//! Tokens and secrets are never part of `Debug`/`Display` output, errors or traces. Each call
//! runs in a `genesys.request` tracing span (operation id, method, path template, attempts,
//! final status, correlation id, latency) with one `genesys.attempt` child span per attempt
//! (status, correlation id, latency, retry wait); a call logs once when it ends (`debug` on
//! success, `info` when it needed retries, `warn` on failure). Bodies, tokens and query values
//! are never recorded.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;
pub mod runtime;

pub use generated::{events, models, operations, topics};
pub use runtime::pagination;
pub use runtime::{
    AccessToken, ApiResponse, BatchEvent, Client, ClientBuilder, ClientCredentials, CustomRequest,
    Draft, Error, ErrorBody, EventPublisher, EventRejection, EventSink, Middleware, PublishOutcome,
    Region, RequestOptions, RetryPolicy, Secret, StaticToken, TokenSource,
};

// The generated half of the mock is declared here rather than by `generated/mod.rs`, so
// crates generated for other documents (which have no `mock` feature) never compile it.
#[cfg(feature = "mock")]
#[rustfmt::skip]
#[path = "generated/mock/mod.rs"]
mod generated_mock;
#[cfg(feature = "mock")]
pub mod mock;
