//! Typed async client for the Genesys Cloud Platform API v2 (Events and Presence).
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
//!   `ININ-Correlation-Id` where there was a response.
//! - [`pagination`]: page-numbered listings as streams of items.
//! - [`EventPublisher`]: publish any number of events in capped batches.
//! - Request builders own a [`Client`] clone: every future and stream is `Send + 'static`
//!   (`tokio::spawn(client.presence().get_presence_sources().send())`), streams are `Unpin`.
//!   Each builder has per-request overrides (`.timeout(…)`, `.retry_policy(…)`, `.header(…)`,
//!   [`RequestOptions`](runtime::RequestOptions)) and `.send_raw()` for the undecoded body.
//! - [`Middleware`](runtime::Middleware): code around every attempt (metrics, headers,
//!   signing); [`Sleep`](runtime::Sleep): how retries wait (virtual time in tests).
//! - [`Client::request`]: any API path with the same auth, retries, middleware and tracing,
//!   for endpoints this crate does not generate.
//!
//! Cargo features: `http2` (off by default) lets the client negotiate HTTP/2; without it every
//! request goes over pooled HTTP/1.1 connections, which the API serves as well. `mock` (off by
//! default) adds `mock`, a typed mock of the API to test your code with.
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
//! - **Enums are `#[non_exhaustive]` and open.** A value this version does not know decodes into
//!   the `Unknown(String)` variant, which keeps the raw string and encodes back unchanged; every
//!   enum has `as_str()`, `Display` and `FromStr`.
//! - **Unknown JSON fields are ignored**; optional fields accept both an absent key and `null`
//!   and are omitted when `None`. Missing *required* fields are an error naming the field.
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
//! assert_eq!(later.system_presence, Some(System::Unknown("Deep Work".into())));
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

pub use generated::{events, models, operations};
pub use runtime::pagination;
pub use runtime::{
    AccessToken, ApiResponse, BatchEvent, Client, ClientBuilder, ClientCredentials, CustomRequest,
    Error, ErrorBody, EventPublisher, EventRejection, Middleware, PublishReport, Region,
    RequestOptions, RetryPolicy, Secret, StaticToken, TokenSource,
};

// The generated half of the mock is declared here rather than by `generated/mod.rs`, so
// crates generated for other documents (which have no `mock` feature) never compile it.
#[cfg(feature = "mock")]
#[rustfmt::skip]
#[path = "generated/mock/mod.rs"]
mod generated_mock;
#[cfg(feature = "mock")]
pub mod mock;
