//! The one error type of the client.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

pub use super::error_body::{ErrorBody, ErrorDetail};

/// How many bytes of an undecodable or unexpected response body an [`Error`] keeps.
pub const SNIPPET_LIMIT: usize = 2048;

/// Everything that can go wrong when calling the Genesys Cloud API.
///
/// No variant ever holds a credential: access tokens and client secrets are never part of an
/// error's `Debug` or `Display` output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-success status (after any retries).
    #[error("{}", ApiDisplay { status: *status, body: body.as_deref(), correlation_id: correlation_id.as_deref() })]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The decoded Genesys error body, when the response held one.
        body: Option<Box<ErrorBody>>,
        /// The start of the raw response body (at most [`SNIPPET_LIMIT`] bytes).
        raw: String,
        /// The `ININ-Correlation-Id` response header, to quote to Genesys support.
        correlation_id: Option<String>,
    },
    /// The API kept answering `429 Too Many Requests` until the retry budget ran out, or asked
    /// for a longer wait than [`RetryPolicy::max_retry_after`](crate::runtime::RetryPolicy::max_retry_after).
    #[error("rate limited by the Genesys Cloud API after {attempts} attempt(s){}{}",
        retry_after.map(|d| format!("; retry after {} s", d.as_secs_f64())).unwrap_or_default(),
        CorrelationSuffix(correlation_id.as_deref()))]
    RateLimited {
        /// The server's last `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
        /// How many attempts were made.
        attempts: u32,
        /// The decoded Genesys error body of the last response, when it held one.
        body: Option<Box<ErrorBody>>,
        /// The `ININ-Correlation-Id` of the last response.
        correlation_id: Option<String>,
    },
    /// The request (or the whole retry budget) timed out.
    #[error("request to the Genesys Cloud API timed out")]
    Timeout {
        /// The underlying timeout error, when it came from the HTTP stack.
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The request could not be sent or its response could not be read (DNS, TLS, connection).
    #[error("transport error talking to the Genesys Cloud API: {0}")]
    Transport(#[source] reqwest::Error),
    /// A success response whose body did not match the expected type.
    #[error("could not decode the {status} response body at `{path}`: {message}{}", CorrelationSuffix(correlation_id.as_deref()))]
    Decode {
        /// The HTTP status of the response.
        status: StatusCode,
        /// Where in the JSON document decoding failed (e.g. `entities[3].state`; `.` for the root).
        path: String,
        /// The decoder's message.
        message: String,
        /// The start of the raw response body (at most [`SNIPPET_LIMIT`] bytes).
        snippet: String,
        /// The `ININ-Correlation-Id` response header.
        correlation_id: Option<String>,
    },
    /// The response body was larger than
    /// [`ClientBuilder::max_response_bytes`](crate::runtime::ClientBuilder::max_response_bytes)
    /// (announced by `Content-Length` or counted as it arrived); reading stopped there.
    #[error("the {status} response body is larger than the {limit}-byte limit{}", CorrelationSuffix(correlation_id.as_deref()))]
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
        /// The `ININ-Correlation-Id` response header.
        correlation_id: Option<String>,
    },
    /// The request was refused client-side before anything was sent (bad parameter, too many
    /// events in a batch, invalid configuration...).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Obtaining an access token failed, or the API rejected the token.
    #[error("authentication failed: {message}{}{}",
        status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(),
        CorrelationSuffix(correlation_id.as_deref()))]
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
            Error::Transport(e) => e.status(),
            Error::Timeout { .. } | Error::InvalidRequest(_) => None,
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

    /// The decoded Genesys [`ErrorBody`], if the error response held one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Api { body, .. } | Error::RateLimited { body, .. } => body.as_deref(),
            _ => None,
        }
    }

    /// The server's requested wait, for [`Error::RateLimited`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Error::Timeout { source: Some(err) }
        } else {
            Error::Transport(err)
        }
    }
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

struct ApiDisplay<'a> {
    status: StatusCode,
    body: Option<&'a ErrorBody>,
    correlation_id: Option<&'a str>,
}

impl fmt::Display for ApiDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Genesys Cloud API error {}", self.status)?;
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

    #[test]
    fn api_error_display_has_code_message_and_correlation_id() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"not.found","message":"No user","status":404}"#)
                .unwrap();
        let err = Error::Api {
            status: StatusCode::NOT_FOUND,
            body: Some(Box::new(body)),
            raw: String::new(),
            correlation_id: Some("abc-123".into()),
        };
        assert_eq!(
            err.to_string(),
            "Genesys Cloud API error 404 Not Found (not.found): No user [correlation id abc-123]"
        );
        assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(err.correlation_id(), Some("abc-123"));
        assert_eq!(
            err.error_body().and_then(|b| b.code.as_deref()),
            Some("not.found")
        );
    }
}
