//! What a stub answers: a typed [`Reply`], or an [`ApiError`] shaped like Genesys' errors.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::StatusCode;

use crate::runtime::CORRELATION_ID_HEADER;

/// One answer of a stub for an operation whose success body is `T`.
///
/// Build it with [`Reply::ok`] (the operation's success status and `body` as JSON),
/// [`Reply::error`] / `From<`[`ApiError`]`>`, [`Reply::empty`] or [`Reply::raw`], then add
/// headers, a `Retry-After`, an `ININ-Correlation-Id` or a delay.
pub struct Reply<T> {
    pub(crate) raw: RawReply,
    _t: PhantomData<fn() -> T>,
}

impl<T> Clone for Reply<T> {
    fn clone(&self) -> Self {
        Reply::from_raw(self.raw.clone())
    }
}

impl<T> fmt::Debug for Reply<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

/// The untyped content of a [`Reply`].
#[derive(Clone, Debug)]
pub(crate) struct RawReply {
    /// `None`: the operation's success status, filled in when the stub is mounted.
    pub(crate) status: Option<u16>,
    pub(crate) body: Body,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) delay: Option<Duration>,
}

#[derive(Clone, Debug)]
pub(crate) enum Body {
    None,
    /// A success body; dropped for operations the API describes as returning nothing.
    Success(Vec<u8>),
    Bytes(Vec<u8>, String),
    /// A stubbed value that could not be serialized: answered as a `500` naming the problem.
    Invalid(String),
}

impl RawReply {
    fn new(status: Option<u16>, body: Body) -> Self {
        RawReply {
            status,
            body,
            headers: Vec::new(),
            delay: None,
        }
    }

    /// The wiremock response, for an operation whose success status is `success` and which
    /// has a response body unless `empty_response`.
    pub(crate) fn template(
        &self,
        success: u16,
        empty_response: bool,
    ) -> wiremock::ResponseTemplate {
        let status = self.status.unwrap_or(success);
        let mut t = wiremock::ResponseTemplate::new(status);
        match &self.body {
            Body::None => {}
            Body::Success(_) if empty_response => {}
            Body::Success(bytes) => t = t.set_body_raw(bytes.clone(), "application/json"),
            Body::Bytes(bytes, content_type) => t = t.set_body_raw(bytes.clone(), content_type),
            Body::Invalid(why) => {
                t = wiremock::ResponseTemplate::new(500).set_body_string(format!(
                    "genesys-client mock: the stubbed body could not be serialized: {why}"
                ));
            }
        }
        for (name, value) in &self.headers {
            t = t.append_header(name.as_str(), value.as_str());
        }
        if let Some(delay) = self.delay {
            t = t.set_delay(delay);
        }
        t
    }
}

fn json_bytes<B: serde::Serialize + ?Sized>(body: &B) -> Result<Vec<u8>, String> {
    serde_json::to_vec(body).map_err(|e| e.to_string())
}

impl<T> Reply<T> {
    pub(crate) fn from_raw(raw: RawReply) -> Self {
        Reply {
            raw,
            _t: PhantomData,
        }
    }

    /// The success status of the operation, with `body` as its JSON body (for operations that
    /// return nothing, `T` is `()` and no body is sent).
    pub fn ok(body: T) -> Self
    where
        T: serde::Serialize,
    {
        let body = match json_bytes(&body) {
            Ok(bytes) => Body::Success(bytes),
            Err(why) => Body::Invalid(why),
        };
        Reply::from_raw(RawReply::new(None, body))
    }

    /// A Genesys error response (see [`ApiError`]).
    pub fn error(error: ApiError) -> Self {
        Reply::from_raw(error.into_raw())
    }

    /// `status` with no body at all.
    pub fn empty(status: u16) -> Self {
        Reply::from_raw(RawReply::new(Some(status), Body::None))
    }

    /// `status` with `body` sent as is under `content_type`, e.g. to test how your code
    /// handles a malformed or unexpected body.
    pub fn raw(status: u16, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
        Reply::from_raw(RawReply::new(
            Some(status),
            Body::Bytes(body.into(), content_type.to_owned()),
        ))
    }

    /// Replaces the status (e.g. `201` where the operation's first success status is `200`).
    pub fn status(mut self, status: u16) -> Self {
        self.raw.status = Some(status);
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.raw.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the `ININ-Correlation-Id` header Genesys puts on every response.
    pub fn correlation_id(self, id: &str) -> Self {
        self.header(CORRELATION_ID_HEADER, id)
    }

    /// Sets `Retry-After` in whole seconds (rounded up).
    pub fn retry_after(self, wait: Duration) -> Self {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        self.header("Retry-After", &secs.to_string())
    }

    /// Answers only after `delay` (to test timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.raw.delay = Some(delay);
        self
    }
}

impl<T> From<ApiError> for Reply<T> {
    fn from(error: ApiError) -> Self {
        Reply::error(error)
    }
}

/// An error response shaped like Genesys': a status, a JSON error body
/// (`{"message", "code", "status"}` unless replaced with [`body`](Self::body)) and the
/// headers Genesys sends with errors (`ININ-Correlation-Id`, `Retry-After`).
///
/// The client decodes it into [`Error::Api`](crate::runtime::Error::Api) (or
/// [`Error::RateLimited`](crate::runtime::Error::RateLimited) for a `429` it stops retrying),
/// with the body as its `ErrorBody`.
#[derive(Clone, Debug)]
pub struct ApiError {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    body: Option<Body>,
    headers: Vec<(String, String)>,
}

impl ApiError {
    /// An error with `status`; the body's `code` and `message` default to Genesys-style
    /// values for that status (`not.found`, …) until set.
    pub fn new(status: u16) -> Self {
        ApiError {
            status,
            code: None,
            message: None,
            body: None,
            headers: Vec::new(),
        }
    }

    /// `400 Bad Request` (`bad.request`).
    pub fn bad_request() -> Self {
        Self::new(400)
    }

    /// `401 Unauthorized` (`authentication.required`).
    pub fn unauthorized() -> Self {
        Self::new(401)
    }

    /// `403 Forbidden` (`missing.permissions`).
    pub fn forbidden() -> Self {
        Self::new(403)
    }

    /// `404 Not Found` (`not.found`).
    pub fn not_found() -> Self {
        Self::new(404)
    }

    /// `409 Conflict` (`conflict`).
    pub fn conflict() -> Self {
        Self::new(409)
    }

    /// `429 Too Many Requests` (`too.many.requests`); add [`retry_after`](Self::retry_after).
    pub fn too_many_requests() -> Self {
        Self::new(429)
    }

    /// `500 Internal Server Error` (`internal.server.error`).
    pub fn internal_server_error() -> Self {
        Self::new(500)
    }

    /// `503 Service Unavailable` (`service.unavailable`).
    pub fn service_unavailable() -> Self {
        Self::new(503)
    }

    /// Sets the body's `code`.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the body's `message`.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Replaces the whole body with `body` as JSON, typically a `models::ErrorBody` with the
    /// fields your code reads (`messageWithParams`, `details`, `errors`, …).
    pub fn body(mut self, body: impl serde::Serialize) -> Self {
        self.body = Some(match json_bytes(&body) {
            Ok(bytes) => Body::Bytes(bytes, "application/json".to_owned()),
            Err(why) => Body::Invalid(why),
        });
        self
    }

    /// Sets the `ININ-Correlation-Id` header.
    pub fn correlation_id(mut self, id: &str) -> Self {
        self.headers
            .push((CORRELATION_ID_HEADER.to_owned(), id.to_owned()));
        self
    }

    /// Sets `Retry-After` in whole seconds (rounded up); `Duration::ZERO` asks the client to
    /// retry at once.
    pub fn retry_after(mut self, wait: Duration) -> Self {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        self.headers
            .push(("Retry-After".to_owned(), secs.to_string()));
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub(crate) fn into_raw(self) -> RawReply {
        let body = match self.body {
            Some(body) => body,
            None => {
                let code = self
                    .code
                    .unwrap_or_else(|| default_code(self.status).to_owned());
                let message = self.message.unwrap_or_else(|| {
                    StatusCode::from_u16(self.status)
                        .ok()
                        .and_then(|s| s.canonical_reason())
                        .unwrap_or("error")
                        .to_owned()
                });
                let json = serde_json::json!({
                    "message": message,
                    "code": code,
                    "status": self.status,
                });
                Body::Bytes(json.to_string().into_bytes(), "application/json".to_owned())
            }
        };
        RawReply {
            status: Some(self.status),
            body,
            headers: self.headers,
            delay: None,
        }
    }
}

/// The `code` Genesys uses for common statuses.
fn default_code(status: u16) -> &'static str {
    match status {
        400 => "bad.request",
        401 => "authentication.required",
        403 => "missing.permissions",
        404 => "not.found",
        409 => "conflict",
        429 => "too.many.requests",
        500 => "internal.server.error",
        503 => "service.unavailable",
        504 => "gateway.timeout",
        _ => "error",
    }
}
