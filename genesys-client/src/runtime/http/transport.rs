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

use std::future::Future;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use tracing::field::Empty;
use tracing::Instrument;

use super::attempt::Step;
use super::client::Inner;
use super::error::Error;
use super::request::RequestParts;
use super::response::ApiResponse;

/// What the loop hands back for a success response.
pub(super) struct Raw {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) correlation_id: Option<String>,
    pub(super) body: Bytes,
}

/// The loop's bookkeeping across attempts.
pub(super) struct Progress {
    /// Attempts counted against the retry budget (a re-authentication is not counted).
    pub(super) attempt: u32,
    pub(super) reauthenticated: bool,
    /// When the call started.
    started: Instant,
    /// The retry waits as requested from the [`Sleep`], and as measured around it.
    ///
    /// [`Sleep`]: super::sleep::Sleep
    waits_requested: Duration,
    waits_measured: Duration,
    /// The latest rate-gate closure this call already waited out (see `RateGate::wait`).
    pub(super) gate_waited: Option<Instant>,
}

impl Progress {
    /// The time the call has taken for the retry budget: measured, except that retry waits
    /// count as requested, so the budget follows the sleep's notion of time (virtual in tests).
    /// Read only when a failure is being judged: a success costs no clock read here.
    pub(super) fn elapsed(&self) -> Duration {
        self.started.elapsed().saturating_sub(self.waits_measured) + self.waits_requested
    }
}

/// A finished call's span and counts, for [`finish`].
struct Call {
    span: tracing::Span,
    started: Instant,
    attempts: u32,
}

impl Inner {
    /// Sends `req` and turns the success response into the caller's type with `decode`
    /// (inside the call's span, so a decoding failure is logged as the call's failure).
    ///
    /// Only this thin shell is generic (one copy per response type); the attempt loop is
    /// [`call`](Self::call), compiled once. A plain function returning an `async move`
    /// block: the block owns `req` and lends it to the loop, where an `async fn` would keep
    /// the argument and the local it moves into (two `RequestParts`) in every call's future.
    #[allow(clippy::manual_async_fn)] // on purpose: see above
    pub(super) fn send<T, D>(
        &self,
        req: RequestParts,
        decode: D,
    ) -> impl Future<Output = Result<ApiResponse<T>, Error>> + Send + use<'_, T, D>
    where
        D: FnOnce(Raw) -> Result<ApiResponse<T>, Error> + Send,
    {
        async move {
            let (call, result) = self.call(&req).await;
            let result = result.and_then(decode);
            finish(&call.span, call.started, call.attempts, &result);
            result
        }
    }

    /// The attempt loop: the rate gate, attempts, retry waits. Its state is kept small (the
    /// future of every call in flight holds it): the rarely taken waits are boxed, and each
    /// attempt's request and response live in [`attempt`](Self::attempt) only as long as
    /// they are needed (see `attempt.rs`).
    async fn call(&self, req: &RequestParts) -> (Call, Result<Raw, Error>) {
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
        let policy = req.options.retry_policy_override().unwrap_or(&self.retry);
        // Not `.instrument(span)`: its I/O futures are instrumented inside (module docs).
        let result = loop {
            if !self.gate.is_open(&*self.sleep, progress.gate_waited) {
                // A request that cannot be sent fails before waiting, not after.
                if progress.attempt == 0 {
                    if let Err(err) = req.url(&self.base_url) {
                        break Err(err);
                    }
                }
                Box::pin(
                    self.gate
                        .wait(&*self.sleep, &mut progress.gate_waited)
                        .instrument(span.clone()),
                )
                .await;
            }
            progress.attempt += 1;
            let attempt_span = tracing::info_span!(
                parent: &span,
                "genesys.attempt",
                attempt = progress.attempt,
                status = Empty,
                correlation_id = Empty,
                latency_ms = Empty,
                retry_wait_ms = Empty,
            );
            // Not `.instrument(attempt_span)`: see the module docs. The step is taken apart
            // before the retry wait, so it is not kept in the future across that wait.
            let wait = match self
                .attempt(req, policy, &mut progress, &attempt_span)
                .await
            {
                Step::Done(result) => break result,
                Step::Reauthenticate => {
                    // A re-authentication does not use up the retry budget.
                    progress.attempt -= 1;
                    continue;
                }
                Step::Retry(wait) => wait,
            };
            attempt_span.record("retry_wait_ms", millis(wait));
            progress.waits_requested += wait;
            let slept = Instant::now();
            self.sleep.sleep(wait).instrument(span.clone()).await;
            progress.waits_measured += slept.elapsed();
        };
        let call = Call {
            span,
            started: progress.started,
            attempts: progress.attempt,
        };
        (call, result)
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

pub(super) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Client;

    /// Every call in flight holds its future, so its size is a cost per request (at 64 in
    /// flight it was most of the overhead: `BENCHMARKS.md`, issue 25 item 3). Before the
    /// attempt was reshaped, `execute` was 2,328 bytes and one attempt 1,472; these bounds
    /// (about 25 % above today's sizes, for compiler changes) catch a request, response or
    /// header map kept across an await again.
    #[test]
    fn the_futures_of_a_call_stay_small() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:1")
            .bearer_token("t")
            .build()
            .unwrap();
        let req = RequestParts::new(reqwest::Method::GET, "op", "/api/v2/x", "/api/v2/x".into());
        let inner = &*client.inner;
        let span = tracing::Span::none();
        let mut progress = Progress {
            attempt: 0,
            reauthenticated: false,
            started: Instant::now(),
            waits_requested: Duration::ZERO,
            waits_measured: Duration::ZERO,
            gate_waited: None,
        };
        let attempt =
            std::mem::size_of_val(&inner.attempt(&req, &inner.retry, &mut progress, &span));
        let call = std::mem::size_of_val(&inner.call(&req));
        let execute = std::mem::size_of_val(&client.execute::<serde_json::Value>(req));
        assert!(attempt <= 530, "one attempt's future is {attempt} bytes");
        assert!(call <= 780, "the attempt loop's future is {call} bytes");
        assert!(
            execute <= 1_010,
            "`Client::execute`'s future is {execute} bytes"
        );
    }
}
