//! What the mock server received: [`RecordedRequest`]s, and the [`Calls`] of one stub.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};

/// One request as the mock server received it: method, path and query exactly as sent (still
/// percent-encoded), headers and body.
#[derive(Clone)]
pub struct RecordedRequest {
    method: String,
    path: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The mock's token is fake, but a habit of printing `Authorization` is not one to teach.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if k.eq_ignore_ascii_case("authorization") {
                    "<redacted>"
                } else {
                    v.as_str()
                };
                (k.as_str(), v)
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl RecordedRequest {
    pub(crate) fn from_wiremock(request: &wiremock::Request) -> Self {
        RecordedRequest {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            headers: request
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: request.body.clone(),
        }
    }

    /// The HTTP method (`GET`).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path as sent, percent-encoding included (`/api/v2/users/a%2Fb/presences/PURECLOUD`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The raw query string as sent (without `?`), or `None` when the URL had none.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The decoded values of the query parameter `name`, in the order they were sent.
    pub fn query_values(&self, name: &str) -> Vec<String> {
        query_pairs(self.query.as_deref())
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect()
    }

    /// The first value of the header `name` (case-insensitive), if it was sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The raw body (empty when none was sent).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body decoded as JSON into `T`.
    pub fn body_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// `METHOD /path?query`, for messages.
    pub(crate) fn line(&self) -> String {
        match &self.query {
            Some(q) => format!("{} {}?{q}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// Decoded `(name, value)` pairs of a raw query string.
pub(crate) fn query_pairs(query: Option<&str>) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned()
}

/// A shared, append-only log of requests.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<Vec<RecordedRequest>>>);

impl Log {
    pub(crate) fn push(&self, request: RecordedRequest) {
        self.lock().push(request);
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().clone()
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        // A test that panicked while holding the lock cannot leave a half-pushed entry.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The requests one stub answered, in arrival order; returned when the stub is mounted.
///
/// `B` is the operation's request body type, so [`bodies`](Self::bodies) hands back typed
/// values (operations without a body use [`NoBody`](super::NoBody), which has no `bodies`).
/// Cheap to clone; every clone sees later calls too.
pub struct Calls<B> {
    log: Log,
    operation: &'static str,
    _body: PhantomData<fn() -> B>,
}

impl<B> Clone for Calls<B> {
    fn clone(&self) -> Self {
        Calls {
            log: self.log.clone(),
            operation: self.operation,
            _body: PhantomData,
        }
    }
}

impl<B> fmt::Debug for Calls<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calls")
            .field("operation", &self.operation)
            .field("count", &self.count())
            .finish()
    }
}

impl<B> Calls<B> {
    pub(crate) fn new(log: Log, operation: &'static str) -> Self {
        Calls {
            log,
            operation,
            _body: PhantomData,
        }
    }

    /// How many requests this stub answered so far.
    pub fn count(&self) -> usize {
        self.log.len()
    }

    /// Every request this stub answered, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.log.snapshot()
    }

    /// The last request this stub answered.
    pub fn last(&self) -> Option<RecordedRequest> {
        self.log.snapshot().pop()
    }

    /// Asserts that this stub answered exactly `expected` requests.
    ///
    /// # Panics
    ///
    /// When the count differs, with the operation id and every request received.
    #[track_caller]
    pub fn assert_count(&self, expected: usize) {
        let requests = self.log.snapshot();
        if requests.len() != expected {
            let lines: Vec<String> = requests.iter().map(RecordedRequest::line).collect();
            panic!(
                "`{}` was called {} time(s), expected {expected}; requests: {lines:#?}",
                self.operation,
                requests.len()
            );
        }
    }
}

impl<B: serde::de::DeserializeOwned> Calls<B> {
    /// The request bodies, decoded as the operation's body type, in arrival order.
    ///
    /// # Panics
    ///
    /// When a recorded body is not that type (the client only sends bodies of that type, so
    /// this means another program sent to the mock), naming the request.
    #[track_caller]
    pub fn bodies(&self) -> Vec<B> {
        self.log
            .snapshot()
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.body_json().unwrap_or_else(|e| {
                    panic!(
                        "request {} to `{}` ({}) has no body of the expected type: {e}",
                        i + 1,
                        self.operation,
                        r.line()
                    )
                })
            })
            .collect()
    }
}
