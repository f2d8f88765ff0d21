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
    /// Time spent in attempts (measured) plus waits (as requested from the [`Sleep`]), so the
    /// retry budget follows the sleep's notion of time.
    ///
    /// [`Sleep`]: super::sleep::Sleep
    elapsed: Duration,
    /// The latest rate-gate closure this call already waited out (see `RateGate::wait`).
    gate_waited: Option<tokio::time::Instant>,
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
        let started = Instant::now();
        let mut progress = Progress {
            attempt: 0,
            reauthenticated: false,
            elapsed: Duration::ZERO,
            gate_waited: None,
        };
        let result = self
            .send_loop(req, &mut progress, &span)
            .instrument(span.clone())
            .await
            .and_then(decode);
        finish(&span, started, progress.attempt, &result);
        result
    }

    async fn send_loop(
        &self,
        req: &RequestParts,
        progress: &mut Progress,
        span: &tracing::Span,
    ) -> Result<Raw, Error> {
        let url = req.url(&self.base_url)?;
        let policy = req.options.retry_policy_override().unwrap_or(&self.retry);
        loop {
            self.gate
                .wait(&*self.sleep, &mut progress.gate_waited)
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
            let began = Instant::now();
            let step = self
                .attempt(req, &url, policy, progress, &attempt_span)
                .instrument(attempt_span.clone())
                .await;
            progress.elapsed += began.elapsed();
            match step {
                Step::Done(result) => return result,
                Step::Reauthenticate => {
                    // A re-authentication does not use up the retry budget.
                    progress.attempt -= 1;
                }
                Step::Retry(wait) => {
                    attempt_span.record("retry_wait_ms", millis(wait));
                    progress.elapsed += wait;
                    self.sleep.sleep(wait).await;
                }
            }
        }
    }

    async fn attempt(
        &self,
        req: &RequestParts,
        url: &url::Url,
        policy: &RetryPolicy,
        progress: &mut Progress,
        span: &tracing::Span,
    ) -> Step {
        let token = match &self.auth {
            Some(source) => match source.token().await {
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
        for middleware in &self.middleware {
            middleware.before_send(&context, &mut request);
        }

        let sent = Instant::now();
        let result = self.http.execute(request).await;
        let latency = sent.elapsed();
        span.record("latency_ms", millis(latency));
        let mut response = match result {
            Ok(response) => response,
            Err(err) => {
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
                let failure = if err.is_connect() {
                    Failure::Connect
                } else {
                    Failure::Transport
                };
                return transport_step(req, policy, failure, progress, err);
            }
        };

        let status = response.status();
        // Taken, not cloned: reading the body does not need them.
        let headers = std::mem::take(response.headers_mut());
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
        if status == StatusCode::TOO_MANY_REQUESTS {
            if let Some(wait) = retry_after(&headers, std::time::SystemTime::now()) {
                // This request waits it out as its retry wait (if it retries).
                progress.gate_waited = Some(self.gate.close_for(wait.min(policy.max_retry_after)));
            }
        }
        let correlation_id = correlation_id(&headers);
        span.record("status", status.as_u16());
        if let Some(id) = &correlation_id {
            span.record("correlation_id", id.as_str());
        }
        // A body cut short or timed out is a transport failure after the request was sent:
        // retried (or not) like one.
        let body = match read_body(response, self.max_response_bytes).await {
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
            Err(err) => return transport_step(req, policy, Failure::Transport, progress, err),
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
                source.invalidate(rejected).await;
                match source.token().await {
                    Ok(fresh) if &fresh != rejected => {
                        tracing::debug!("access token rejected; retrying once with a new token");
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
            progress.elapsed,
        ) {
            Decision::RetryAfter(wait) => {
                tracing::debug!(
                    status = status.as_u16(),
                    wait_ms = millis(wait),
                    "retryable status"
                );
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
    fn build_request(
        &self,
        req: &RequestParts,
        url: &url::Url,
        token: Option<&Secret>,
    ) -> Result<reqwest::Request, Error> {
        let mut builder = self
            .http
            .request(req.method.clone(), url.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(user_agent) = &self.per_request.user_agent {
            builder = builder.header(USER_AGENT, user_agent.clone());
        }
        if let Some(token) = token {
            builder = builder.header(AUTHORIZATION, bearer(token)?);
        }
        if let Some(body) = &req.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone());
        }
        if let Some(timeout) = req.options.timeout_override().or(self.per_request.timeout) {
            builder = builder.timeout(timeout);
        }
        let mut request = builder
            .build()
            .map_err(|e| Error::from_reqwest(Some(req.operation_id), e))?;
        for (name, value) in req.options.headers() {
            request.headers_mut().insert(name.clone(), value.clone());
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
) -> Step {
    match policy.decide(&req.method, failure, progress.attempt, progress.elapsed) {
        Decision::RetryAfter(wait) => {
            tracing::debug!(
                error = %err.without_url(),
                wait_ms = millis(wait),
                "transport error"
            );
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

fn bearer(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value =
        HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| Error::Auth {
            status: None,
            message: "the access token contains characters not allowed in a header".into(),
            correlation_id: None,
        })?;
    value.set_sensitive(true);
    Ok(value)
}
