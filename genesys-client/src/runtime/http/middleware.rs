//! Middleware: one small extension point around each request attempt.
//!
//! A [`Middleware`] installed with
//! [`ClientBuilder::middleware`](crate::runtime::ClientBuilder::middleware) sees every attempt
//! of every call (generated operations and [`Client::request`](crate::runtime::Client::request)
//! alike, token requests excepted): [`before_send`](Middleware::before_send) gets the finished
//! `reqwest::Request` (headers, URL, body) to read or change, and
//! [`after_response`](Middleware::after_response) gets the status, headers and latency (or the
//! transport error). Both know the operation id, method, path template and attempt number.
//! Typical uses: request metrics, an extra header (a tenant id, a proxy's auth, request
//! signing), fault injection in tests. See `examples/client_tour.rs` for a metrics and a
//! header middleware.
//!
//! # Why this shape
//!
//! - **progenitor's `ClientHooks`** (pre/post hooks with `&mut reqwest::Request` and the
//!   result) is the model here: it covers metrics, headers and signing with two methods and
//!   costs nothing when unused. We add the operation id, path template and attempt number,
//!   because a metric or a log keyed by `/api/v2/users/9f…` (a URL with ids) is useless, and
//!   call it once per *attempt* (inside the retry loop) so retries and re-signing are visible.
//! - **smithy-rs interceptors** offer about twenty hook points (before/after serialization,
//!   signing, transmit, deserialization...) over type-erased contexts. That serves an SDK whose
//!   signing and serialization are themselves pluggable; this client has one serialization
//!   (JSON) and one auth scheme (bearer), so two hook points cover every use above.
//! - **A `tower::Layer` over the transport** (octocrab's way) is the most general (it can
//!   short-circuit, retry, time out), but every request then goes through boxed `Service`
//!   futures (a `poll_ready`/`call` pair per layer), it adds `tower` to the public API (a
//!   semver commitment to its 0.x versions), and retries and auth would then live in two
//!   places. Its extra power (replacing the transport) is not what the uses above need.
//!
//! Hooks are synchronous on purpose: they run on the hot path of every attempt, where a boxed
//! future per hook would cost an allocation. Work that must await (fetching a token) belongs
//! in a [`TokenSource`](crate::runtime::TokenSource). With no middleware installed the
//! client pays nothing (an empty list); see `BENCHMARKS.md` for the cost of one.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// What is being attempted: the operation and the attempt number.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct AttemptContext<'a> {
    /// The operation id (e.g. `getUserPresence`; for [`Client::request`](crate::runtime::Client::request), the name given there).
    pub operation_id: &'a str,
    /// The HTTP method.
    pub method: &'a Method,
    /// The path template (e.g. `/api/v2/users/{userId}`): never holds a parameter value.
    pub path_template: &'a str,
    /// The attempt number, 1 for the first.
    pub attempt: u32,
}

/// How an attempt ended, as far as the transport knows: a response (status and headers, the
/// body not read yet) or a transport error.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct AttemptOutcome<'a> {
    /// The response status, `None` when no response arrived.
    pub status: Option<StatusCode>,
    /// The response headers, `None` when no response arrived.
    pub headers: Option<&'a HeaderMap>,
    /// The transport error, when no response arrived (connect failure, timeout...).
    pub error: Option<&'a reqwest::Error>,
    /// From sending the request to receiving the response headers (or the error).
    pub latency: Duration,
}

/// Code run around each attempt; install with
/// [`ClientBuilder::middleware`](crate::runtime::ClientBuilder::middleware). Several run in
/// the order installed.
///
/// The request given to [`before_send`](Self::before_send) carries the `Authorization`
/// header: an implementation must not log it.
///
/// ```
/// use genesys_client::runtime::{AttemptContext, Middleware};
/// use reqwest::header::{HeaderName, HeaderValue};
///
/// /// Tags every request with the calling service's name.
/// #[derive(Debug)]
/// struct CallerHeader(HeaderValue);
///
/// impl Middleware for CallerHeader {
///     fn before_send(&self, _: &AttemptContext<'_>, request: &mut reqwest::Request) {
///         request
///             .headers_mut()
///             .insert(HeaderName::from_static("x-caller"), self.0.clone());
///     }
/// }
///
/// let client = genesys_client::Client::builder()
///     .bearer_token("token")
///     .middleware(CallerHeader(HeaderValue::from_static("billing")))
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
pub trait Middleware: Send + Sync + fmt::Debug + 'static {
    /// Called with each attempt's request just before it is sent; may change it.
    fn before_send(&self, context: &AttemptContext<'_>, request: &mut reqwest::Request) {
        let _ = (context, request);
    }

    /// Called when the attempt's response headers arrived, or the attempt failed in transport.
    fn after_response(&self, context: &AttemptContext<'_>, outcome: &AttemptOutcome<'_>) {
        let _ = (context, outcome);
    }
}
