//! Stubs: which requests a stub answers (typed matchers on the operation's path, query and
//! body) and how (one reply, a sequence, or a function of the request), with recording.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::calls::{query_pairs, Calls, Log, RecordedRequest};
use super::reply::{ApiError, RawReply, Reply};
use super::server::MockServer;

/// What the generated stubs tell the hand-written mock about one operation. Implemented by one
/// marker type per operation in the generated code; you do not implement it yourself.
pub trait MockOperation: 'static {
    /// The request body type ([`NoBody`] when the operation takes none).
    type Body;
    /// The success body type (`()` when the operation returns none).
    type Response;
    /// The spec's `operationId` (`getUserPresence`).
    const OPERATION_ID: &'static str;
    /// The HTTP method (`GET`).
    const METHOD: &'static str;
    /// The path template (`/api/v2/users/{userId}/presences/{sourceId}`).
    const PATH_TEMPLATE: &'static str;
    /// Templates of the same method that a request could match as well, but that own it
    /// because they have a literal segment where this one has a parameter
    /// (`…/presences/purecloud` over `…/presences/{sourceId}`).
    const SHADOWED_BY: &'static [&'static str];
    /// The first success status the API lists (`200`, `201`, `204`).
    const SUCCESS_STATUS: u16;
    /// The operation returns no body on success.
    const EMPTY_RESPONSE: bool;
}

/// The request body type of operations that take none; it has no values, so
/// [`Calls::bodies`] and the body matchers do not exist for them.
#[derive(Clone, Copy, Debug)]
pub enum NoBody {}

type BodyPredicate = Arc<dyn Fn(&[u8]) -> bool + Send + Sync>;
type Responder = Arc<dyn Fn(&RecordedRequest) -> RawReply + Send + Sync>;

/// A stub being set up for the operation `Op`: add matchers, then mount it with one of the
/// `respond`/`fail`/`replies`/`reply_with` methods, which return the [`Calls`] it answers.
///
/// Every matcher is optional: a stub without any answers every request of its operation.
/// Path and query values are compared after encoding them exactly as the client does, so a
/// value with `/`, spaces or non-ASCII characters matches what the client really sends.
/// When several mounted stubs match a request, the first mounted answers (see
/// [`times`](Self::times) to let a later one take over).
#[must_use = "a stub does nothing until it is mounted with `respond`, `fail`, `replies` or `reply_with`"]
pub struct TypedStub<'a, Op> {
    server: &'a MockServer,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, Vec<String>)>,
    body: Vec<BodyPredicate>,
    headers: Vec<(String, String)>,
    times: Option<u64>,
    expect: Option<u64>,
    _op: PhantomData<fn() -> Op>,
}

impl<Op: MockOperation> fmt::Debug for TypedStub<'_, Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedStub")
            .field("operation", &Op::OPERATION_ID)
            .field("path_params", &self.path_params)
            .field(
                "query",
                &self.query.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            )
            .field("body_matchers", &self.body.len())
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<'a, Op: MockOperation> TypedStub<'a, Op> {
    /// A stub answering every request of `Op` on `server` (generated accessors call this).
    #[doc(hidden)]
    pub fn new(server: &'a MockServer) -> Self {
        TypedStub {
            server,
            path_params: Vec::new(),
            query: Vec::new(),
            body: Vec::new(),
            headers: Vec::new(),
            times: None,
            expect: None,
            _op: PhantomData,
        }
    }

    /// Only requests whose `{wire_name}` path segment is `encoded` (already encoded with
    /// [`encode_path_segment`](crate::runtime::encode_path_segment)).
    #[doc(hidden)]
    pub fn path_param(mut self, wire_name: &'static str, encoded: String) -> Self {
        self.path_params.push((wire_name, encoded));
        self
    }

    /// Only requests whose query parameter `wire_name` has exactly `values` (decoded, in
    /// order; empty: the parameter is absent).
    #[doc(hidden)]
    pub fn query_param(mut self, wire_name: &'static str, values: Vec<String>) -> Self {
        self.query.retain(|(k, _)| *k != wire_name);
        self.query.push((wire_name, values));
        self
    }

    /// Only requests carrying the header `name` with `value`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Answer at most `n` requests; later ones go to the next matching stub (mounted after
    /// this one). For a scripted sequence on one stub, see [`replies`](Self::replies).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Expect exactly `n` requests: checked by [`MockServer::verify`] and when the server is
    /// dropped (which then panics). [`Calls::assert_count`] checks the same at a point of
    /// your choosing.
    pub fn expect(mut self, n: u64) -> Self {
        self.expect = Some(n);
        self
    }

    /// Answers every matching request with `body` and the operation's success status.
    pub async fn respond(self, body: Op::Response) -> Calls<Op::Body>
    where
        Op::Response: serde::Serialize,
    {
        self.reply(Reply::ok(body)).await
    }

    /// Answers every matching request with `error`.
    pub async fn fail(self, error: ApiError) -> Calls<Op::Body> {
        self.reply(Reply::error(error)).await
    }

    /// Answers every matching request with `reply`.
    pub async fn reply(self, reply: impl Into<Reply<Op::Response>>) -> Calls<Op::Body> {
        self.replies([reply.into()]).await
    }

    /// Answers matching requests with `replies` in order; the last one answers every request
    /// after it (e.g. `[429 with Retry-After, 200]`). An empty sequence answers `500`.
    pub async fn replies(
        self,
        replies: impl IntoIterator<Item = Reply<Op::Response>>,
    ) -> Calls<Op::Body> {
        let replies: Vec<RawReply> = replies.into_iter().map(|r| r.raw).collect();
        let next = AtomicUsize::new(0);
        self.mount(Arc::new(move |_request: &RecordedRequest| {
            let i = next.fetch_add(1, Ordering::Relaxed);
            match replies.get(i.min(replies.len().saturating_sub(1))) {
                Some(reply) => reply.clone(),
                None => ApiError::internal_server_error()
                    .message("genesys-client mock: the stub was given no replies")
                    .into_raw(),
            }
        }))
        .await
    }

    /// Answers each matching request with what `respond` makes of it (e.g. echo an id from the
    /// path, or fail only some of the events in a batch).
    pub async fn reply_with<F>(self, respond: F) -> Calls<Op::Body>
    where
        F: Fn(&RecordedRequest) -> Reply<Op::Response> + Send + Sync + 'static,
    {
        self.mount(Arc::new(move |request: &RecordedRequest| {
            respond(request).raw
        }))
        .await
    }

    async fn mount(self, responder: Responder) -> Calls<Op::Body> {
        let log = Log::default();
        let matcher = Matcher {
            method: Op::METHOD,
            template: Op::PATH_TEMPLATE,
            shadowed_by: Op::SHADOWED_BY,
            path_params: self.path_params,
            query: self.query,
            body: self.body,
            headers: self.headers,
        };
        let respond = Answer {
            responder,
            log: log.clone(),
            success: Op::SUCCESS_STATUS,
            empty_response: Op::EMPTY_RESPONSE,
        };
        let mut mock = wiremock::Mock::given(matcher)
            .respond_with(respond)
            .named(Op::OPERATION_ID);
        if let Some(n) = self.times {
            mock = mock.up_to_n_times(n);
        }
        if let Some(n) = self.expect {
            mock = mock.expect(n);
        }
        self.server.register(mock).await;
        Calls::new(log, Op::OPERATION_ID)
    }
}

impl<Op: MockOperation> TypedStub<'_, Op>
where
    Op::Body: serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    /// Only requests whose JSON body equals `body` (compared as JSON values, so key order and
    /// whitespace do not matter).
    pub fn body(mut self, body: Op::Body) -> Self {
        let expected = serde_json::to_value(&body).ok();
        self.body.push(Arc::new(move |bytes: &[u8]| {
            match (
                &expected,
                serde_json::from_slice::<serde_json::Value>(bytes),
            ) {
                (Some(expected), Ok(actual)) => *expected == actual,
                _ => false,
            }
        }));
        self
    }

    /// Only requests whose body decodes as the operation's body type and satisfies
    /// `predicate`.
    pub fn body_matches<F>(mut self, predicate: F) -> Self
    where
        F: Fn(&Op::Body) -> bool + Send + Sync + 'static,
    {
        self.body.push(Arc::new(move |bytes: &[u8]| {
            serde_json::from_slice::<Op::Body>(bytes).is_ok_and(|b| predicate(&b))
        }));
        self
    }
}

/// Whether a request belongs to a stub.
struct Matcher {
    method: &'static str,
    template: &'static str,
    shadowed_by: &'static [&'static str],
    path_params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, Vec<String>)>,
    body: Vec<BodyPredicate>,
    headers: Vec<(String, String)>,
}

impl wiremock::Match for Matcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        if request.method.as_str() != self.method {
            return false;
        }
        let path = request.url.path();
        let Some(params) = path_params(self.template, path) else {
            return false;
        };
        if self
            .shadowed_by
            .iter()
            .any(|t| path_params(t, path).is_some())
        {
            return false;
        }
        let params_ok = self.path_params.iter().all(|(name, expected)| {
            params
                .iter()
                .any(|(n, actual)| n == name && actual == expected)
        });
        let query_ok = self.query.iter().all(|(name, expected)| {
            let actual: Vec<String> = query_pairs(request.url.query())
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v)
                .collect();
            actual == *expected
        });
        let headers_ok = self.headers.iter().all(|(name, value)| {
            request
                .headers
                .get_all(name.as_str())
                .iter()
                .any(|v| v.as_bytes() == value.as_bytes())
        });
        params_ok && query_ok && headers_ok && self.body.iter().all(|p| p(&request.body))
    }
}

/// The `{param}` segments of `path` by name when `path` is an instance of `template`
/// (same number of segments, literal ones equal, parameters non-empty).
fn path_params<'p>(template: &'static str, path: &'p str) -> Option<Vec<(&'static str, &'p str)>> {
    let mut params = Vec::new();
    let mut t = template.split('/');
    let mut p = path.split('/');
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(params),
            (Some(ts), Some(ps)) => {
                if let Some(name) = ts.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    if ps.is_empty() {
                        return None;
                    }
                    params.push((name, ps));
                } else if ts != ps {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// Records each request, then answers it.
struct Answer {
    responder: Responder,
    log: Log,
    success: u16,
    empty_response: bool,
}

impl wiremock::Respond for Answer {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let recorded = RecordedRequest::from_wiremock(request);
        let reply = (self.responder)(&recorded);
        self.log.push(recorded);
        reply.template(self.success, self.empty_response)
    }
}

#[cfg(test)]
mod tests {
    use super::path_params;

    #[test]
    fn templates_match_segment_by_segment() {
        let t = "/api/v2/users/{userId}/presences/{sourceId}";
        assert_eq!(
            path_params(t, "/api/v2/users/u%2F1/presences/PURECLOUD"),
            Some(vec![("userId", "u%2F1"), ("sourceId", "PURECLOUD")])
        );
        assert_eq!(path_params(t, "/api/v2/users/u1/presences"), None);
        assert_eq!(path_params(t, "/api/v2/users//presences/x"), None);
        assert_eq!(path_params(t, "/api/v2/users/u1/presences/x/y"), None);
        assert_eq!(path_params(t, "/api/v2/users/u1/presence/x"), None);
        assert_eq!(path_params("/api/v2/x", "/api/v2/x"), Some(vec![]));
    }
}
