//! The one error type of the client, and what a caller can ask of it.
//!
//! Every variant is `#[non_exhaustive]` (so is the enum): match with `..` and read the
//! accessors ([`Error::status`], [`Error::is_retryable`], [`Error::retry_after`],
//! [`Error::correlation_id`], [`Error::headers`], [`Error::operation_id`], [`Error::raw_body`]),
//! which keep working when a later version adds a field or a variant.
//!
//! Failures refused before anything is sent have their own variants, so callers can tell a
//! mistake in their configuration ([`Error::Configuration`]) from a bad argument
//! ([`Error::InvalidParameter`]) and from a documented limit ([`Error::LimitExceeded`]).

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

pub use super::error_body::{ErrorBody, ErrorDetail};

/// How many bytes of an undecodable or unexpected response body an [`Error`] keeps (its `raw`).
pub const SNIPPET_LIMIT: usize = 2048;

/// Everything that can go wrong when calling the Genesys Cloud API.
///
/// No variant ever holds a credential: access tokens and client secrets are never part of an
/// error's `Debug` or `Display` output. Response headers are kept (boxed, to keep `Result`s
/// small) for rate-limit and `Retry-After` headers; `Debug` shows them as reqwest does, and
/// Genesys sends no credential in a response header.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-success status (after any retries).
    #[error("{}", ApiDisplay { operation_id, status: *status, body: body.as_deref(), correlation_id: correlation_id.as_deref() })]
    #[non_exhaustive]
    Api {
        /// The operation that failed (e.g. `getUserPresence`).
        operation_id: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The decoded Genesys error body, when the response held one.
        body: Option<Box<ErrorBody>>,
        /// The start of the raw response body (at most [`SNIPPET_LIMIT`] bytes).
        raw: String,
        /// The response headers (rate-limit headers, `Retry-After`...).
        headers: Box<HeaderMap>,
        /// The `ININ-Correlation-Id` response header, to quote to Genesys support.
        correlation_id: Option<String>,
    },
    /// The API kept answering `429 Too Many Requests` until the retry budget ran out, or asked
    /// for a longer wait than [`RetryPolicy::max_retry_after`](crate::runtime::RetryPolicy::max_retry_after).
    #[error("`{operation_id}` rate limited by the Genesys Cloud API after {attempts} attempt(s){}{}",
        retry_after.map(|d| format!("; retry after {} s", d.as_secs_f64())).unwrap_or_default(),
        CorrelationSuffix(correlation_id.as_deref()))]
    #[non_exhaustive]
    RateLimited {
        /// The operation that was rate limited.
        operation_id: &'static str,
        /// The server's last `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
        /// How many attempts were made.
        attempts: u32,
        /// The decoded Genesys error body of the last response, when it held one.
        body: Option<Box<ErrorBody>>,
        /// The start of the last raw response body (at most [`SNIPPET_LIMIT`] bytes).
        raw: String,
        /// The headers of the last response.
        headers: Box<HeaderMap>,
        /// The `ININ-Correlation-Id` of the last response.
        correlation_id: Option<String>,
    },
    /// The request (or the whole retry budget) timed out.
    #[error("{}request to the Genesys Cloud API timed out", OperationPrefix(*operation_id))]
    #[non_exhaustive]
    Timeout {
        /// The operation that timed out; `None` for a token request.
        operation_id: Option<&'static str>,
        /// The underlying timeout error, when it came from the HTTP stack.
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The request could not be sent or its response could not be read (DNS, TLS, connection).
    /// `Display` names the underlying causes too (e.g. `invalid peer certificate: UnknownIssuer`):
    /// reqwest's own message is only `error sending request`.
    #[error("{}transport error talking to the Genesys Cloud API: {}", OperationPrefix(*operation_id), Causes(source))]
    #[non_exhaustive]
    Transport {
        /// The operation that failed.
        operation_id: Option<&'static str>,
        /// The HTTP stack's error (`is_connect()` says whether anything was sent).
        #[source]
        source: reqwest::Error,
    },
    /// A success response whose body did not match the expected type.
    #[error("`{operation_id}`: could not decode the {status} response body at `{path}`: {message}{}", CorrelationSuffix(correlation_id.as_deref()))]
    #[non_exhaustive]
    Decode {
        /// The operation whose response did not decode.
        operation_id: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// Where in the JSON document decoding failed (e.g. `entities[3].state`; `.` for the root).
        path: String,
        /// The decoder's message.
        message: String,
        /// The start of the raw response body (at most [`SNIPPET_LIMIT`] bytes).
        raw: String,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The `ININ-Correlation-Id` response header.
        correlation_id: Option<String>,
    },
    /// The response body was larger than
    /// [`ClientBuilder::max_response_bytes`](crate::runtime::ClientBuilder::max_response_bytes)
    /// (announced by `Content-Length` or counted as it arrived); reading stopped there.
    #[error("`{operation_id}`: the {status} response body is larger than the {limit}-byte limit{}", CorrelationSuffix(correlation_id.as_deref()))]
    #[non_exhaustive]
    ResponseTooLarge {
        /// The operation whose response was too large.
        operation_id: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The `ININ-Correlation-Id` response header.
        correlation_id: Option<String>,
    },
    /// The client's configuration is unusable (base URL, token URL, user agent, credentials...):
    /// returned by [`ClientBuilder::build`](crate::runtime::ClientBuilder::build) and by
    /// per-request options that cannot be applied.
    #[error("invalid client configuration: {message}")]
    #[non_exhaustive]
    Configuration {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A parameter value cannot be sent (an empty or `..` path value, a body that does not
    /// serialize, a header value with control characters...). Nothing was sent.
    #[error("`{operation_id}`: invalid parameter `{parameter}`: {message}")]
    #[non_exhaustive]
    InvalidParameter {
        /// The operation the parameter belongs to.
        operation_id: &'static str,
        /// The parameter (its wire name, e.g. `userId`, or `body`).
        parameter: String,
        /// What is wrong with the value (never the value itself).
        message: String,
    },
    /// A request exceeds a documented or configured limit (e.g. at most 100 events per batch,
    /// at most 50 ids per lookup). Nothing was sent; split the request.
    #[error("`{operation_id}`: `{parameter}` has {actual} items, more than the {limit} allowed per request")]
    #[non_exhaustive]
    LimitExceeded {
        /// The operation refused.
        operation_id: &'static str,
        /// The parameter or body field over its limit (wire name, e.g. `id` or `userPresenceEvents`).
        parameter: &'static str,
        /// The most allowed.
        limit: usize,
        /// How many were given.
        actual: usize,
    },
    /// Obtaining an access token failed, or the API rejected the token.
    #[error("authentication failed: {message}{}{}",
        status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(),
        CorrelationSuffix(correlation_id.as_deref()))]
    #[non_exhaustive]
    Auth {
        /// The HTTP status of the token endpoint or API response, if there was one.
        status: Option<StatusCode>,
        /// What went wrong (never includes a credential).
        message: String,
        /// The `ININ-Correlation-Id` response header, if any.
        correlation_id: Option<String>,
    },
}

impl Error {
    /// The HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Error::Auth { status, .. } => *status,
            Error::Transport { source, .. } => source.status(),
            Error::Timeout { .. }
            | Error::Configuration { .. }
            | Error::InvalidParameter { .. }
            | Error::LimitExceeded { .. } => None,
        }
    }

    /// Whether sending the same request again later may succeed: rate limiting, timeouts,
    /// transport failures and `408`/`429`/`500`/`502`/`503`/`504` responses. (The client's
    /// own [`RetryPolicy`](crate::runtime::RetryPolicy) has already retried what it safely
    /// could; this is for callers that queue work.) Client-side refusals, decoding failures
    /// and other statuses are not.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Api { status, .. } => is_retryable_status(*status),
            Error::Auth {
                status: Some(status),
                ..
            } => status.is_server_error(),
            _ => false,
        }
    }

    /// How long the server asked to wait before retrying: `Retry-After` (seconds or an HTTP
    /// date) of a `429` ([`Error::RateLimited`]) or of any other error response (e.g. a `503`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            Error::Api { headers, .. } => super::retry::retry_after(headers, SystemTime::now()),
            _ => None,
        }
    }

    /// The `ININ-Correlation-Id` of the response behind this error, if there was one.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Error::Api { correlation_id, .. }
            | Error::RateLimited { correlation_id, .. }
            | Error::Decode { correlation_id, .. }
            | Error::ResponseTooLarge { correlation_id, .. }
            | Error::Auth { correlation_id, .. } => correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The headers of the response behind this error, if there was one.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::RateLimited { headers, .. }
            | Error::Decode { headers, .. }
            | Error::ResponseTooLarge { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The operation that failed (e.g. `getUserPresence`; for
    /// [`Client::request`](crate::runtime::Client::request), the name given there), when the
    /// error belongs to one.
    pub fn operation_id(&self) -> Option<&str> {
        match self {
            Error::Api { operation_id, .. }
            | Error::RateLimited { operation_id, .. }
            | Error::Decode { operation_id, .. }
            | Error::ResponseTooLarge { operation_id, .. }
            | Error::InvalidParameter { operation_id, .. }
            | Error::LimitExceeded { operation_id, .. } => Some(operation_id),
            Error::Timeout { operation_id, .. } | Error::Transport { operation_id, .. } => {
                *operation_id
            }
            _ => None,
        }
    }

    /// The start of the response body (at most [`SNIPPET_LIMIT`] bytes, lossy UTF-8) of an
    /// error response or an undecodable success response.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api { raw, .. } | Error::RateLimited { raw, .. } | Error::Decode { raw, .. } => {
                Some(raw)
            }
            _ => None,
        }
    }

    /// The decoded Genesys [`ErrorBody`], if the error response held one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Api { body, .. } | Error::RateLimited { body, .. } => body.as_deref(),
            _ => None,
        }
    }

    /// A [`Configuration`](Error::Configuration) error.
    pub(crate) fn configuration(message: impl Into<String>) -> Self {
        Error::Configuration {
            message: message.into(),
        }
    }

    /// An [`InvalidParameter`](Error::InvalidParameter) error.
    pub(crate) fn invalid_parameter(
        operation_id: &'static str,
        parameter: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::InvalidParameter {
            operation_id,
            parameter: parameter.into(),
            message: message.into(),
        }
    }

    /// A [`LimitExceeded`](Error::LimitExceeded) error (generated builders check spec limits
    /// with it).
    pub(crate) fn limit_exceeded(
        operation_id: &'static str,
        parameter: &'static str,
        limit: usize,
        actual: usize,
    ) -> Self {
        Error::LimitExceeded {
            operation_id,
            parameter,
            limit,
            actual,
        }
    }

    /// `Err(`[`LimitExceeded`](Error::LimitExceeded)`)` when `actual` is above `limit`: the
    /// check generated builders make for every `maxItems` of the spec before sending.
    #[allow(
        dead_code,
        reason = "called by generated builders only, and only a spec with a maxItems limit has any"
    )]
    pub(crate) fn check_limit(
        operation_id: &'static str,
        parameter: &'static str,
        limit: usize,
        actual: usize,
    ) -> Result<(), Self> {
        if actual > limit {
            return Err(Self::limit_exceeded(operation_id, parameter, limit, actual));
        }
        Ok(())
    }

    pub(crate) fn from_reqwest(operation_id: Option<&'static str>, err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Error::Timeout {
                operation_id,
                source: Some(err),
            }
        } else {
            Error::Transport {
                operation_id,
                source: err,
            }
        }
    }
}

/// The statuses [`Error::is_retryable`] calls transient.
fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The first [`SNIPPET_LIMIT`] bytes of a body as text (lossy UTF-8, cut at a char boundary).
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(SNIPPET_LIMIT)];
    let text = String::from_utf8_lossy(cut);
    let mut text = text.into_owned();
    if bytes.len() > SNIPPET_LIMIT {
        // A multi-byte char cut in half became U+FFFD; that is fine for a diagnostic snippet.
        text.push('…');
    }
    text
}

struct CorrelationSuffix<'a>(Option<&'a str>);

impl fmt::Display for CorrelationSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " [correlation id {id}]"),
            None => Ok(()),
        }
    }
}

/// An error and its chain of causes, `: `-separated, each shown once: reqwest's `Display`
/// stops at its own layer, and the reason (a refused certificate, a refused connection) is
/// deeper down.
pub(crate) struct Causes<'a>(pub(crate) &'a (dyn std::error::Error + 'static));

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            // A layer that repeats its cause's message adds nothing.
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
            }
            shown = text;
            next = cause.source();
        }
        Ok(())
    }
}

struct OperationPrefix(Option<&'static str>);

impl fmt::Display for OperationPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, "`{id}`: "),
            None => Ok(()),
        }
    }
}

struct ApiDisplay<'a> {
    operation_id: &'a str,
    status: StatusCode,
    body: Option<&'a ErrorBody>,
    correlation_id: Option<&'a str>,
}

impl fmt::Display for ApiDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}`: Genesys Cloud API error {}",
            self.operation_id, self.status
        )?;
        if let Some(body) = self.body {
            if let Some(code) = &body.code {
                write!(f, " ({code})")?;
            }
            if let Some(message) = &body.message {
                write!(f, ": {message}")?;
            }
        }
        CorrelationSuffix(self.correlation_id).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_bounded() {
        let long = "é".repeat(SNIPPET_LIMIT);
        let s = snippet(long.as_bytes());
        assert!(s.len() <= SNIPPET_LIMIT + 4);
        assert!(s.ends_with('…'));
        assert_eq!(snippet(b"short"), "short");
    }

    /// An error with a message and an optional cause.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn causes_shows_each_layer_once() {
        let deepest = Layer("invalid peer certificate: UnknownIssuer", None);
        // The middle layer repeats its cause's message: shown once.
        let middle = Layer(
            "invalid peer certificate: UnknownIssuer",
            Some(Box::new(deepest)),
        );
        let top = Layer("error sending request", Some(Box::new(middle)));
        assert_eq!(
            Causes(&top).to_string(),
            "error sending request: invalid peer certificate: UnknownIssuer"
        );
        assert_eq!(Causes(&Layer("alone", None)).to_string(), "alone");
    }

    #[test]
    fn api_error_display_has_code_message_and_correlation_id() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"not.found","message":"No user","status":404}"#)
                .unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        let err = Error::Api {
            operation_id: "getUser",
            status: StatusCode::NOT_FOUND,
            body: Some(Box::new(body)),
            raw: "{}".into(),
            headers: Box::new(headers),
            correlation_id: Some("abc-123".into()),
        };
        assert_eq!(
            err.to_string(),
            "`getUser`: Genesys Cloud API error 404 Not Found (not.found): No user [correlation id abc-123]"
        );
        assert_eq!(err.operation_id(), Some("getUser"));
        assert_eq!(err.raw_body(), Some("{}"));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
        assert!(err.headers().is_some_and(|h| h.contains_key("retry-after")));
        assert!(!err.is_retryable());
        assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(err.correlation_id(), Some("abc-123"));
        assert_eq!(
            err.error_body().and_then(|b| b.code.as_deref()),
            Some("not.found")
        );
    }

    #[test]
    fn retryable_and_request_side_errors_are_told_apart() {
        let api = |status: u16| Error::Api {
            operation_id: "op",
            status: StatusCode::from_u16(status).unwrap(),
            body: None,
            raw: String::new(),
            headers: Box::default(),
            correlation_id: None,
        };
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(api(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 501] {
            assert!(!api(status).is_retryable(), "{status}");
        }
        let limit = Error::limit_exceeded("getUsers", "id", 50, 51);
        assert!(!limit.is_retryable());
        assert_eq!(limit.operation_id(), Some("getUsers"));
        assert_eq!(
            limit.to_string(),
            "`getUsers`: `id` has 51 items, more than the 50 allowed per request"
        );
        assert!(matches!(
            limit,
            Error::LimitExceeded {
                limit: 50,
                actual: 51,
                ..
            }
        ));
        let bad = Error::invalid_parameter("getUser", "userId", "is empty");
        assert_eq!(
            bad.to_string(),
            "`getUser`: invalid parameter `userId`: is empty"
        );
        assert!(Error::configuration("no scheme")
            .to_string()
            .contains("no scheme"));
    }

    #[test]
    fn results_stay_small() {
        // `Result<T, Error>` is returned everywhere: headers and bodies are boxed.
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }
}
