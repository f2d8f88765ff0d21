//! One attempt of a call: token, request, exchange, body, and what to do next.
//!
//! Every call in flight holds this future, so what it keeps across its awaits is kept small
//! (`BENCHMARKS.md`, issue 25 item 3: at 64 in flight the futures' size, not their
//! instructions, was the cost). The request is built and handed to reqwest in a plain
//! function ([`Inner::start`]), so it never lives in the future; the response goes whole into
//! the body reader, which hands its headers back; a static or cached token needs no future;
//! the rare `401` path is boxed. Locals that an `async fn` has borrowed stay in its state
//! until their scope ends, hence the plain functions around each borrow.

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::StatusCode;
use tracing::Instrument;

use super::auth::{Secret, TokenSource};
use super::client::Inner;
use super::error::{snippet, Causes, Error};
use super::error_body::ErrorBody;
use super::middleware::{AttemptContext, AttemptOutcome};
use super::request::RequestParts;
use super::response::{correlation_id, read_body};
use super::retry::{retry_after, Decision, Failure, RetryPolicy};
use super::transport::{millis, Progress, Raw};

/// What one attempt decided.
pub(super) enum Step {
    Done(Result<Raw, Error>),
    /// Wait this long, then attempt again.
    Retry(Duration),
    /// The token was rejected and a different one is available: attempt again at once.
    Reauthenticate,
}

/// What the middleware hooks are told about this attempt (built where needed, not kept).
fn context(req: &RequestParts, attempt: u32) -> AttemptContext<'_> {
    AttemptContext {
        operation_id: req.operation_id,
        method: &req.method,
        path_template: req.path_template,
        attempt,
    }
}

impl Inner {
    /// One attempt of `req`.
    pub(super) async fn attempt(
        &self,
        req: &RequestParts,
        policy: &RetryPolicy,
        progress: &mut Progress,
        span: &tracing::Span,
    ) -> Step {
        // Built before the token is fetched: a request that cannot be sent costs no token.
        let url = match req.url(&self.base_url) {
            Ok(url) => url,
            Err(err) => return Step::Done(Err(err)),
        };
        let token = match &self.auth {
            None => None,
            Some(source) => match source.cached_token() {
                Some(token) => Some(token),
                None => match source.token().instrument(span.clone()).await {
                    Ok(token) => Some(token),
                    Err(err) => return Step::Done(Err(err)),
                },
            },
        };

        // The latency is read only when someone will see it (the span or a middleware).
        let timed = !span.is_disabled() || !self.middleware.is_empty();
        let sent = timed.then(Instant::now);
        let exchange = match self.start(req, url, progress.attempt, token.as_ref(), span) {
            Ok(exchange) => exchange,
            Err(err) => return Step::Done(Err(err)),
        };
        // In a block: the response (and the result holding it) must not outlive it, or they
        // would take room in the future beside the body reader that now owns the response.
        let (status, read) = {
            let result = exchange.await;
            let latency = sent.map_or(Duration::ZERO, |sent| sent.elapsed());
            if timed {
                span.record("latency_ms", millis(latency));
            }
            match result {
                Ok(response) => (
                    response.status(),
                    self.received(req, policy, progress, span, latency, response),
                ),
                Err(err) => {
                    return self.transport_failed(req, policy, progress, span, latency, err);
                }
            }
        };
        // A body cut short or timed out is a transport failure after the request was sent:
        // retried (or not) like one.
        let (headers, body) = read.await;
        let correlation_id = correlation_id(&headers);
        if let Some(id) = &correlation_id {
            span.record("correlation_id", id.as_str());
        }
        let body = match body {
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
            if let (Some(source), Some(rejected)) = (&self.auth, token) {
                progress.reauthenticated = true;
                // Boxed: taken at most once per call, it would otherwise widen every call.
                match Box::pin(reauthenticate(&**source, rejected, span)).await {
                    Ok(true) => return Step::Reauthenticate,
                    Ok(false) => {}
                    Err(err) => return Step::Done(Err(err)),
                }
            }
        }
        give_up_or_retry(
            req,
            policy,
            progress,
            span,
            status,
            headers,
            correlation_id,
            body,
        )
    }

    /// Builds the attempt's request, lets the middleware see it, and hands it to reqwest:
    /// the request lives in this frame only, never in the attempt's future.
    fn start(
        &self,
        req: &RequestParts,
        url: url::Url,
        attempt: u32,
        token: Option<&Secret>,
        span: &tracing::Span,
    ) -> Result<impl Future<Output = reqwest::Result<reqwest::Response>>, Error> {
        let mut request = self.build_request(req, url, token)?;
        if !self.middleware.is_empty() {
            let context = context(req, attempt);
            span.in_scope(|| {
                for middleware in &self.middleware {
                    middleware.before_send(&context, &mut request);
                }
            });
        }
        Ok(self.http.execute(request).instrument(span.clone()))
    }

    /// A response arrived: tell the middleware, close the rate gate on a `429`, and start
    /// reading the body (which owns the response from here on).
    fn received(
        &self,
        req: &RequestParts,
        policy: &RetryPolicy,
        progress: &mut Progress,
        span: &tracing::Span,
        latency: Duration,
        response: reqwest::Response,
    ) -> impl Future<Output = (HeaderMap, reqwest::Result<Option<bytes::Bytes>>)> {
        let status = response.status();
        if !self.middleware.is_empty() {
            let context = context(req, progress.attempt);
            span.in_scope(|| {
                for middleware in &self.middleware {
                    middleware.after_response(
                        &context,
                        &AttemptOutcome {
                            status: Some(status),
                            headers: Some(response.headers()),
                            error: None,
                            latency,
                        },
                    );
                }
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            if let Some(wait) = retry_after(response.headers(), std::time::SystemTime::now()) {
                // This request waits it out as its retry wait (if it retries).
                progress.gate_waited = Some(
                    self.gate
                        .close_for(&*self.sleep, wait.min(policy.max_retry_after)),
                );
            }
        }
        span.record("status", status.as_u16());
        read_body(response, self.max_response_bytes).instrument(span.clone())
    }

    /// The exchange failed (connect, timeout, reset): tell the middleware, then retry or not.
    fn transport_failed(
        &self,
        req: &RequestParts,
        policy: &RetryPolicy,
        progress: &Progress,
        span: &tracing::Span,
        latency: Duration,
        err: reqwest::Error,
    ) -> Step {
        if !self.middleware.is_empty() {
            let context = context(req, progress.attempt);
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
        }
        let failure = Failure::of_transport(&err);
        transport_step(req, policy, failure, progress, err, span)
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

/// After a `401`: drops the rejected token and asks for another; `true` when it differs (the
/// attempt is worth repeating at once).
async fn reauthenticate(
    source: &dyn TokenSource,
    rejected: Secret,
    span: &tracing::Span,
) -> Result<bool, Error> {
    source.invalidate(&rejected).instrument(span.clone()).await;
    let fresh = source.token().instrument(span.clone()).await?;
    if fresh == rejected {
        return Ok(false);
    }
    span.in_scope(|| tracing::debug!("access token rejected; retrying once with a new token"));
    Ok(true)
}

/// After an error status: wait and retry, or give up with the error (Genesys' error body,
/// the headers and correlation id in it).
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn give_up_or_retry(
    req: &RequestParts,
    policy: &RetryPolicy,
    progress: &Progress,
    span: &tracing::Span,
    status: StatusCode,
    headers: HeaderMap,
    correlation_id: Option<String>,
    body: bytes::Bytes,
) -> Step {
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
                    error = %Causes(&err.without_url()),
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
