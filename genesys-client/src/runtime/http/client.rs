//! [`Client`]: the shared state and the `execute*` methods generated operations call (its
//! [`ClientBuilder`] is in `builder.rs`).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderValue;
use reqwest::StatusCode;

use super::auth::TokenSource;
pub use super::builder::{ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
use super::error::Error;
use super::middleware::Middleware;
use super::rate_gate::RateGate;
use super::request::RequestParts;
use super::response::{decode_json, ApiResponse};
use super::retry::RetryPolicy;
use super::sleep::Sleep;
use super::transport::Raw;

/// The `User-Agent` the client sends: `genesys-client/<crate version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("genesys-client/", env!("CARGO_PKG_VERSION"));

/// A Genesys Cloud API client: base URL, credentials, HTTP connection pool and retry policy.
///
/// Cheap to clone (the state is shared behind an [`Arc`]); build one with
/// [`Client::builder`] and share it. The API operations are methods grouped by tag, e.g.
/// `client.presence()` and `client.events()`.
///
/// `Debug` never shows a token or secret.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// The shared state; the attempt loop lives on it (in `transport.rs`), not on [`Client`]:
/// generated code adds inherent methods to `Client` (one per tag), so `Client`'s own inherent
/// methods are kept to its public surface (see `codegen::runtime_surface`).
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) base_url: url::Url,
    pub(super) auth: Option<Arc<dyn TokenSource>>,
    pub(super) retry: RetryPolicy,
    pub(super) timeout: Option<Duration>,
    pub(super) user_agent: HeaderValue,
    /// What must be set on each request because the `reqwest::Client` is the user's own (ours
    /// has the timeout and user agent built in, which saves a timer map and a header per request).
    pub(super) per_request: PerRequest,
    pub(super) max_response_bytes: usize,
    pub(super) middleware: Vec<Arc<dyn Middleware>>,
    pub(super) sleep: Arc<dyn Sleep>,
    /// The HTTP proxy given to [`ClientBuilder::proxy`] (the notification socket tunnels
    /// through it too).
    pub(super) proxy: Option<url::Url>,
    /// Root certificates (DER) trusted beside the built-in ones, by reqwest and the
    /// notification socket.
    pub(super) root_certificates: Arc<[Vec<u8>]>,
    /// Shared by every request of this client: a `429` pauses them all.
    pub(super) gate: RateGate,
}

#[derive(Default)]
pub(super) struct PerRequest {
    pub(super) timeout: Option<Duration>,
    pub(super) user_agent: Option<HeaderValue>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("user_agent", &self.inner.user_agent)
            .field("middleware", &self.inner.middleware)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Sends `req` (with auth, retries, middleware and tracing) and decodes a JSON success
    /// body as `T`.
    ///
    /// The `execute*` methods are plain functions returning the call's future (not `async
    /// fn`s, which would keep `req` twice in it); the future is `Send` and borrows only the
    /// client.
    #[doc(hidden)]
    pub fn execute<T: serde::de::DeserializeOwned>(
        &self,
        req: RequestParts,
    ) -> impl Future<Output = Result<ApiResponse<T>, Error>> + Send + use<'_, T> {
        let operation_id = req.operation_id;
        self.inner.send(req, move |raw| {
            let body = decode_json(
                operation_id,
                raw.status,
                &raw.body,
                &raw.headers,
                raw.correlation_id.as_deref(),
            )?;
            Ok(ApiResponse {
                status: raw.status,
                headers: raw.headers,
                correlation_id: raw.correlation_id,
                body,
            })
        })
    }

    /// Sends `req` like [`execute`](Self::execute) for operations without a response body
    /// (any body the server sends anyway is ignored).
    #[doc(hidden)]
    pub fn execute_empty(
        &self,
        req: RequestParts,
    ) -> impl Future<Output = Result<ApiResponse<()>, Error>> + Send + '_ {
        self.inner
            .send(req, |raw| Ok(raw_response(raw).map(|_| ())))
    }

    /// Sends `req` like [`execute`](Self::execute) and returns the success body as text (an
    /// [`Error::Decode`] when it is not UTF-8).
    #[doc(hidden)]
    pub fn execute_text(
        &self,
        req: RequestParts,
    ) -> impl Future<Output = Result<ApiResponse<String>, Error>> + Send + '_ {
        let operation_id = req.operation_id;
        self.inner.send(req, move |raw| {
            let text = std::str::from_utf8(&raw.body).map_err(|e| Error::Decode {
                operation_id,
                status: raw.status,
                path: String::new(),
                message: format!("the text body is not UTF-8: {e}"),
                raw: super::error::snippet(&raw.body),
                headers: Box::new(raw.headers.clone()),
                correlation_id: raw.correlation_id.clone(),
            })?;
            let text = text.to_owned();
            Ok(raw_response(raw).map(|_| text))
        })
    }

    /// Sends a `HEAD` request like [`execute`](Self::execute) and answers whether the resource
    /// exists: a success status is `true`, `404 Not Found` is `false` (with that response's
    /// status, headers and correlation id); any other status is an error as usual.
    #[doc(hidden)]
    pub fn execute_exists(
        &self,
        req: RequestParts,
    ) -> impl Future<Output = Result<ApiResponse<bool>, Error>> + Send + '_ {
        let call = self
            .inner
            .send(req, |raw| Ok(raw_response(raw).map(|_| true)));
        async move {
            match call.await {
                Err(Error::Api {
                    status: StatusCode::NOT_FOUND,
                    headers,
                    correlation_id,
                    ..
                }) => Ok(ApiResponse {
                    status: StatusCode::NOT_FOUND,
                    headers: *headers,
                    correlation_id,
                    body: false,
                }),
                other => other,
            }
        }
    }

    /// Sends `req` like [`execute`](Self::execute) and returns the success body undecoded.
    #[doc(hidden)]
    pub fn execute_raw(
        &self,
        req: RequestParts,
    ) -> impl Future<Output = Result<ApiResponse<Bytes>, Error>> + Send + '_ {
        self.inner.send(req, |raw| Ok(raw_response(raw)))
    }
}

fn raw_response(raw: Raw) -> ApiResponse<Bytes> {
    ApiResponse {
        status: raw.status,
        headers: raw.headers,
        correlation_id: raw.correlation_id,
        body: raw.body,
    }
}

/// The client's clock, for the runtime's other waits (publisher, sink, receiver). A free
/// function, not a method: `Client`'s inherent methods are its public surface.
pub(crate) fn clock(client: &Client) -> &Arc<dyn Sleep> {
    &client.inner.sleep
}

/// The HTTP proxy of [`ClientBuilder::proxy`], for the notification socket.
#[cfg_attr(not(feature = "notifications"), allow(dead_code))]
pub(crate) fn proxy(client: &Client) -> Option<&url::Url> {
    client.inner.proxy.as_ref()
}

/// The root certificates of [`ClientBuilder::add_root_certificate_der`], for the notification
/// socket.
#[cfg_attr(not(feature = "notifications"), allow(dead_code))]
pub(crate) fn root_certificates(client: &Client) -> &Arc<[Vec<u8>]> {
    &client.inner.root_certificates
}

/// Drops the client's cached token, so the next request gets a fresh one (after Genesys
/// said the token was revoked).
#[cfg_attr(not(feature = "notifications"), allow(dead_code))]
pub(crate) async fn invalidate_token(client: &Client) {
    if let Some(auth) = &client.inner.auth {
        if let Ok(token) = auth.token().await {
            auth.invalidate(&token).await;
        }
    }
}
