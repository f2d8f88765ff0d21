//! The attempt loop every call goes through (generated operations and
//! [`Client::request`](crate::runtime::Client::request) alike): auth, per-request options,
//! middleware, retries with an injectable sleep, and tracing.
//!
//! Tracing: one `genesys.request` span per call (operation id, method, path template; at the
//! end the attempt count, final status, correlation id and latency) and one `genesys.attempt`
//! child span per attempt (attempt number, status, correlation id, latency, and the wait
//! before the next attempt when there is one). Each call logs one event when it ends: `debug`
//! for a success at the first attempt, `info` for a success after retries, `warn` for a
//! failure. Bodies, tokens and query values are never recorded (the URL is not either: only
//! the path template).
//!
//! Cost on the hot path (see `BENCHMARKS.md`, "request overhead"): the futures of the call and
//! of its attempts are not wrapped in `Instrumented` (each wrapper is one more move of a
//! kilobyte-sized future, per call and per attempt); instead every future that does I/O (the
//! token, the HTTP exchange, the body, the waits) is instrumented with its span, and the
//! loop's own events are emitted inside it, so a subscriber sees the same span tree. The
//! clock is read once per call unless a span, an event, a middleware or a retry needs more.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::StatusCode;
use tracing::field::Empty;
use tracing::Instrument;

use super::auth::Secret;
use super::client::Inner;
use super::error::{snippet, Error};
use super::error_body::ErrorBody;
use super::middleware::{AttemptContext, AttemptOutcome};
use super::request::RequestParts;
use super::response::{correlation_id, read_body, ApiResponse};
use super::retry::{retry_after, Decision, Failure, RetryPolicy};

/// What the loop hands back for a success response.
pub(super) struct Raw {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) correlation_id: Option<String>,
    pub(super) body: Bytes,
}

/// The loop's bookkeeping across attempts.
struct Progress {
    /// Attempts counted against the retry budget (a re-authentication is not counted).
    attempt: u32,
    reauthenticated: bool,
    /// When the call started.
    started: Instant,
    /// The retry waits as requested from the [`Sleep`], and as measured around it.
    ///
    /// [`Sleep`]: super::sleep::Sleep
    waits_requested: Duration,
    waits_measured: Duration,
    /// The latest rate-gate closure this call already waited out (see `RateGate::wait`).
    gate_waited: Option<Instant>,
}

impl Progress {
    /// The time the call has taken for the retry budget: measured, except that retry waits
    /// count as requested, so the budget follows the sleep's notion of time (virtual in tests).
    /// Read only when a failure is being judged: a success costs no clock read here.
    fn elapsed(&self) -> Duration {
        self.started.elapsed().saturating_sub(self.waits_measured) + self.waits_requested
    }
}

/// What one attempt decided.
enum Step {
    Done(Result<Raw, Error>),
    /// Wait this long, then attempt again.
    Retry(Duration),
    /// The token was rejected and a different one is available: attempt again at once.
    Reauthenticate,
}

impl Inner {
    /// Sends `req` and turns the success response into the caller's type with `decode`
    /// (inside the call's span, so a decoding failure is logged as the call's failure).
    pub(super) async fn send<T>(
        &self,
        req: &RequestParts,
        decode: impl FnOnce(Raw) -> Result<ApiResponse<T>, Error>,
    ) -> Result<ApiResponse<T>, Error> {
        let span = tracing::info_span!(
            "genesys.request",
            operation_id = req.operation_id,
            method = %req.method,
            path_template = req.path_template,
            attempts = Empty,
            status = Empty,
            correlation_id = Empty,
            latency_ms = Empty,
        );
        let mut progress = Progress {
            attempt: 0,
            reauthenticated: false,
            started: Instant::now(),
            waits_requested: Duration::ZERO,
            waits_measured: Duration::ZERO,
            gate_waited: None,
        };
        // Not `.instrument(span)`: its I/O futures are instrumented inside (module docs).
        let result = self
            .send_loop(req, &mut progress, &span)
            .await
            .and_then(decode);
        finish(&span, progress.started, progress.attempt, &result);
        result
    }

    async fn send_loop(
        &self,
        req: &RequestParts,
        progress: &mut Progress,
        span: &tracing::Span,
    ) -> Result<Raw, Error> {
        // Moved into the first attempt's request; rebuilt only for a retry.
        let mut url = Some(req.url(&self.base_url)?);
        let policy = req.options.retry_policy_override().unwrap_or(&self.retry);
        loop {
            self.gate
                .wait(&*self.sleep, &mut progress.gate_waited)
                .instrument(span.clone())
                .await;
            progress.attempt += 1;
            let attempt_span = tracing::info_span!(
                parent: span,
                "genesys.attempt",
                attempt = progress.attempt,
                status = Empty,
                correlation_id = Empty,
                latency_ms = Empty,
                retry_wait_ms = Empty,
            );
            let url = match url.take() {
                Some(url) => url,
                None => req.url(&self.base_url)?,
            };
            // Not `.instrument(attempt_span)`: see the module docs.
            let step = self
                .attempt(req, url, policy, progress, &attempt_span)
                .await;
            match step {
                Step::Done(result) => return result,
                Step::Reauthenticate => {
                    // A re-authentication does not use up the retry budget.
                    progress.attempt -= 1;
                }
                Step::Retry(wait) => {
                    attempt_span.record("retry_wait_ms", millis(wait));
                    progress.waits_requested += wait;
                    let slept = Instant::now();
                    self.sleep.sleep(wait).instrument(span.clone()).await;
                    progress.waits_measured += slept.elapsed();
                }
            }
        }
    }

    async fn attempt(
        &self,
        req: &RequestParts,
        url: url::Url,
        policy: &RetryPolicy,
        progress: &mut Progress,
        span: &tracing::Span,
    ) -> Step {
        let token = match &self.auth {
            Some(source) => match source.token().instrument(span.clone()).await {
                Ok(token) => Some(token),
                Err(err) => return Step::Done(Err(err)),
            },
            None => None,
        };
        let request = match self.build_request(req, url, token.as_ref()) {
            Ok(request) => request,
            Err(err) => return Step::Done(Err(err)),
        };
        let context = AttemptContext {
            operation_id: req.operation_id,
            method: &req.method,
            path_template: req.path_template,
            attempt: progress.attempt,
        };
        let mut request = request;
        if !self.middleware.is_empty() {
            span.in_scope(|| {
                for middleware in &self.middleware {
                    middleware.before_send(&context, &mut request);
                }
            });
        }

        // The latency is read only when someone will see it (the span or a middleware).
        let timed = !span.is_disabled() || !self.middleware.is_empty();
        let sent = timed.then(Instant::now);
        let result = self.http.execute(request).instrument(span.clone()).await;
        let latency = sent.map_or(Duration::ZERO, |sent| sent.elapsed());
        if timed {
            span.record("latency_ms", millis(latency));
        }
        let mut response = match result {
            Ok(response) => response,
            Err(err) => {
                span.in_scope(|| {
                    for middleware in &self.middleware {
                        middleware.after_response(
                            &context,
                            &AttemptOutcome {
                                status: None,
                                headers: None,
                                error: Some(&err),
                                latency,
                            },
                        );
                    }
                });
                let failure = if err.is_connect() {
                    Failure::Connect
                } else {
                    Failure::Transport
                };
                return transport_step(req, policy, failure, progress, err, span);
            }
        };

        let status = response.status();
        // Taken, not cloned: reading the body does not need them.
        let headers = std::mem::take(response.headers_mut());
        if !self.middleware.is_empty() {
            span.in_scope(|| {
                for middleware in &self.middleware {
                    middleware.after_response(
                        &context,
                        &AttemptOutcome {
                            status: Some(status),
                            headers: Some(&headers),
                            error: None,
                            latency,
                        },
                    );
                }
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            if let Some(wait) = retry_after(&headers, std::time::SystemTime::now()) {
                // This request waits it out as its retry wait (if it retries).
                progress.gate_waited = Some(
                    self.gate
                        .close_for(&*self.sleep, wait.min(policy.max_retry_after)),
                );
            }
        }
        let correlation_id = correlation_id(&headers);
        span.record("status", status.as_u16());
        if let Some(id) = &correlation_id {
            span.record("correlation_id", id.as_str());
        }
        // A body cut short or timed out is a transport failure after the request was sent:
        // retried (or not) like one.
        let body = match read_body(response, self.max_response_bytes)
            .instrument(span.clone())
            .await
        {
            Ok(Some(body)) => body,
            Ok(None) => {
                return Step::Done(Err(Error::ResponseTooLarge {
                    operation_id: req.operation_id,
                    status,
                    limit: self.max_response_bytes,
                    headers: Box::new(headers),
                    correlation_id,
                }))
            }
            Err(err) => {
                return transport_step(req, policy, Failure::Transport, progress, err, span)
            }
        };

        if status.is_success() {
            return Step::Done(Ok(Raw {
                status,
                headers,
                correlation_id,
                body,
            }));
        }

        if status == StatusCode::UNAUTHORIZED && !progress.reauthenticated {
            if let (Some(source), Some(rejected)) = (&self.auth, &token) {
                progress.reauthenticated = true;
                source.invalidate(rejected).instrument(span.clone()).await;
                match source.token().instrument(span.clone()).await {
                    Ok(fresh) if &fresh != rejected => {
                        span.in_scope(|| {
                            tracing::debug!("access token rejected; retrying once with a new token")
                        });
                        return Step::Reauthenticate;
                    }
                    Ok(_) => {}
                    Err(err) => return Step::Done(Err(err)),
                }
            }
        }

        match policy.decide(
            &req.method,
            Failure::Status(status, &headers),
            progress.attempt,
            progress.elapsed(),
        ) {
            Decision::RetryAfter(wait) => {
                span.in_scope(|| {
                    tracing::debug!(
                        status = status.as_u16(),
                        wait_ms = millis(wait),
                        "retryable status"
                    )
                });
                Step::Retry(wait)
            }
            Decision::GiveUp => {
                let error_body = ErrorBody::parse(&body).map(Box::new);
                let raw = snippet(&body);
                let headers = Box::new(headers);
                Step::Done(Err(if status == StatusCode::TOO_MANY_REQUESTS {
                    Error::RateLimited {
                        operation_id: req.operation_id,
                        retry_after: retry_after(&headers, std::time::SystemTime::now()),
                        attempts: progress.attempt,
                        body: error_body,
                        raw,
                        headers,
                        correlation_id,
                    }
                } else {
                    Error::Api {
                        operation_id: req.operation_id,
                        status,
                        body: error_body,
                        raw,
                        headers,
                        correlation_id,
                    }
                }))
            }
        }
    }

    /// The attempt's request: method, URL, default headers, token, body, timeout, then the
    /// per-request headers (which replace defaults of the same name).
    ///
    /// Built directly, not through `reqwest::RequestBuilder` (which re-checks every header
    /// name and value it is given): every name and value here is already typed.
    fn build_request(
        &self,
        req: &RequestParts,
        url: url::Url,
        token: Option<&Secret>,
    ) -> Result<reqwest::Request, Error> {
        let mut request = reqwest::Request::new(req.method.clone(), url);
        let extra = req.extra.as_deref();
        let headers = request.headers_mut();
        headers.insert(ACCEPT, accept(req, extra.and_then(|e| e.accept))?);
        if let Some(user_agent) = &self.per_request.user_agent {
            headers.insert(USER_AGENT, user_agent.clone());
        }
        if let Some(token) = token {
            headers.insert(AUTHORIZATION, bearer(token)?);
        }
        let form = extra.and_then(|e| e.form.as_ref());
        if req.body.is_some() || form.is_some() {
            let content_type = match (form, extra.and_then(|e| e.content_type)) {
                (Some(_), _) => HeaderValue::from_static("application/x-www-form-urlencoded"),
                (None, Some(media)) => content_type(req, media)?,
                (None, None) => HeaderValue::from_static("application/json"),
            };
            headers.insert(CONTENT_TYPE, content_type);
        }
        for (name, value) in extra.map_or(&[][..], |e| &e.headers[..]) {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in req.options.headers() {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(body) = &req.body {
            *request.body_mut() = Some(body.clone().into());
        } else if let Some(form) = form {
            *request.body_mut() = Some(form.clone().into());
        }
        if let Some(multipart) = extra
            .map(|e| e.multipart_form(req.operation_id))
            .transpose()?
            .flatten()
        {
            // reqwest writes the boundary into `Content-Type` and streams the parts.
            request = reqwest::RequestBuilder::from_parts(self.http.clone(), request)
                .multipart(multipart)
                .build()
                .map_err(|e| Error::from_reqwest(Some(req.operation_id), e.without_url()))?;
        }
        if let Some(timeout) = req.options.timeout_override().or(self.per_request.timeout) {
            *request.timeout_mut() = Some(timeout);
        }
        Ok(request)
    }
}

/// After a transport failure: wait and retry, or give up with the error.
fn transport_step(
    req: &RequestParts,
    policy: &RetryPolicy,
    failure: Failure<'_>,
    progress: &Progress,
    err: reqwest::Error,
    span: &tracing::Span,
) -> Step {
    match policy.decide(&req.method, failure, progress.attempt, progress.elapsed()) {
        Decision::RetryAfter(wait) => {
            span.in_scope(|| {
                tracing::debug!(
                    error = %err.without_url(),
                    wait_ms = millis(wait),
                    "transport error"
                )
            });
            Step::Retry(wait)
        }
        Decision::GiveUp => Step::Done(Err(Error::from_reqwest(
            Some(req.operation_id),
            err.without_url(),
        ))),
    }
}

/// Records the call's outcome on its span and logs it once: `debug` for a first-attempt
/// success, `info` after retries, `warn` for a failure. Only the error's kind, status, Genesys
/// error code and correlation id are logged, never its message (it may quote the request).
fn finish<T>(
    span: &tracing::Span,
    started: Instant,
    attempts: u32,
    result: &Result<ApiResponse<T>, Error>,
) {
    // With no subscriber (or one that wants neither the span nor the event), nothing below
    // would be seen: skip the clock read and the records.
    let event_enabled = match result {
        Ok(_) if attempts <= 1 => tracing::enabled!(tracing::Level::DEBUG),
        Ok(_) => tracing::enabled!(tracing::Level::INFO),
        Err(_) => tracing::enabled!(tracing::Level::WARN),
    };
    if span.is_disabled() && !event_enabled {
        return;
    }
    let latency_ms = millis(started.elapsed());
    span.record("attempts", attempts);
    span.record("latency_ms", latency_ms);
    let status = match result {
        Ok(raw) => Some(raw.status),
        Err(err) => err.status(),
    };
    if let Some(status) = status {
        span.record("status", status.as_u16());
    }
    let correlation_id = match result {
        Ok(raw) => raw.correlation_id.as_deref(),
        Err(err) => err.correlation_id(),
    };
    if let Some(id) = correlation_id {
        span.record("correlation_id", id);
    }
    let _entered = span.enter();
    match result {
        Ok(_) if attempts <= 1 => tracing::debug!(latency_ms, "request succeeded"),
        Ok(_) => tracing::info!(attempts, latency_ms, "request succeeded after retries"),
        Err(err) => tracing::warn!(
            attempts,
            latency_ms,
            error = error_kind(err),
            status = status.map(|s| s.as_u16()),
            code = err.error_body().and_then(|b| b.code.as_deref()),
            "request failed"
        ),
    }
}

/// The variant name of an error, for logs.
fn error_kind(err: &Error) -> &'static str {
    match err {
        Error::Api { .. } => "api",
        Error::RateLimited { .. } => "rate_limited",
        Error::Timeout { .. } => "timeout",
        Error::Transport { .. } => "transport",
        Error::Decode { .. } => "decode",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Configuration { .. } => "configuration",
        Error::InvalidParameter { .. } => "invalid_parameter",
        Error::LimitExceeded { .. } => "limit_exceeded",
        Error::Auth { .. } => "auth",
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// `Accept`: JSON unless the operation names other media types.
fn accept(req: &RequestParts, media: Option<&'static str>) -> Result<HeaderValue, Error> {
    match media {
        None => Ok(HeaderValue::from_static("application/json")),
        Some(media) => content_type(req, media),
    }
}

fn content_type(req: &RequestParts, media: &'static str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(media).map_err(|_| {
        Error::invalid_parameter(
            req.operation_id,
            "Content-Type",
            format!("`{media}` cannot be sent as a header"),
        )
    })
}

fn bearer(token: &Secret) -> Result<HeaderValue, Error> {
    token.bearer_header().ok_or_else(|| Error::Auth {
        status: None,
        message: "the access token contains characters not allowed in a header".into(),
        correlation_id: None,
    })
}
