//! The hand-written half of the `mock` feature: a loopback server with a token endpoint,
//! request recording, and the generic matcher and responder plumbing that the generated,
//! typed stubs (`crate::mock`'s per-tag modules) are built on.
//!
//! This module names no generated type: which operations exist, their paths, parameters and
//! body types reach it only through the [`MockOperation`] trait the generated stubs implement.
//! That keeps the runtime independent of the API description, as the rest of `runtime` is.
//!
//! Why the server is wiremock's: see the docs of `crate::mock`.
#![cfg(feature = "mock")]

mod calls;
mod events;
#[cfg(feature = "notifications")]
pub(crate) mod notifications;
mod reply;
mod server;
mod stub;

pub use calls::{Calls, RecordedRequest};
pub use events::{EventFailure, EventFailures};
pub use reply::{ApiError, Reply};
pub use server::{MockServer, MOCK_ACCESS_TOKEN, MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, TOKEN_PATH};
pub use stub::{MockOperation, NoBody, TypedStub};
