//! The HTTP core every operation goes through: the [`Client`](client::Client) and its builder,
//! regions, auth, the transport with retries, rate gate and middleware, request parts and
//! response decoding, errors, pagination, chunked bulk reads and the injectable clock.
//!
//! The public modules are re-exported at `genesys_client::runtime::*`, where users and the
//! generated code name them.

pub(crate) mod attempt;
pub mod auth;
pub(crate) mod builder;
pub mod bulk;
pub(crate) mod client;
pub(crate) mod custom;
pub mod error;
pub(crate) mod error_body;
pub(crate) mod form;
pub mod middleware;
pub(crate) mod options;
pub mod pagination;
pub(crate) mod rate_gate;
pub mod region;
pub(crate) mod request;
pub(crate) mod response;
pub mod retry;
pub mod sleep;
pub(crate) mod transport;
