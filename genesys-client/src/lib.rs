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
//!
//! Tokens and secrets are never part of `Debug`/`Display` output, errors or traces; each
//! request runs in a `genesys.request` tracing span (operation id, method, path template,
//! attempt, status, correlation id) that never records bodies or credentials.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;
pub mod runtime;

pub use generated::{models, operations};
pub use runtime::pagination;
pub use runtime::{
    AccessToken, ApiResponse, BatchEvent, Client, ClientBuilder, ClientCredentials, Error,
    EventPublisher, PublishReport, Region, RetryPolicy, Secret, StaticToken, TokenSource,
};
