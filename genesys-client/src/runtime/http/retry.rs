//! When and how long to wait before retrying a request.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// The client's retry rules. On by default ([`RetryPolicy::default`]); turn off with
/// [`RetryPolicy::disabled`].
///
/// - `429 Too Many Requests` is retried for every method (the server did not process the
///   request), waiting for `Retry-After` (seconds or an HTTP date) when present — unless it
///   asks for more than [`max_retry_after`](Self::max_retry_after), in which case the client
///   gives up at once with [`Error::RateLimited`](crate::runtime::Error::RateLimited) carrying
///   the requested wait, rather than sleeping blindly.
/// - `502`, `503`, `504`, timeouts and transport errors are retried with exponential backoff
///   and jitter, only for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`)
///   unless [`retry_non_idempotent`](Self::retry_non_idempotent) is set. A failure to
///   *connect* is retried for every method, since nothing was sent.
/// - Retries stop after [`max_attempts`](Self::max_attempts) attempts in total or when the
///   next wait would end after [`max_elapsed`](Self::max_elapsed) from the start of the call
///   (a wait at the client's rate-limit gate before the first attempt counts).
///
/// `#[non_exhaustive]`: build one from [`RetryPolicy::default`] or [`RetryPolicy::disabled`]
/// and the `with_*` setters, so a knob added later is not a breaking change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Total attempts, the first one included (1 = no retries). Default 4.
    pub max_attempts: u32,
    /// First backoff for 5xx/transport retries (doubled each retry). Default 500 ms.
    pub initial_backoff: Duration,
    /// Largest backoff between two attempts. Default 20 s.
    pub max_backoff: Duration,
    /// Largest `Retry-After` the client will wait for; a longer one ends the retries.
    /// Default 60 s.
    pub max_retry_after: Duration,
    /// No retry is started if its wait would end later than this after the call started
    /// (rate-limit gate waits included).
    /// Default 120 s.
    pub max_elapsed: Duration,
    /// Also retry `POST` and `PATCH` on 502/503/504 and transport errors. Default `false`:
    /// such a request may already have been processed.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            max_elapsed: Duration::from_secs(120),
            retry_non_idempotent: false,
        }
    }
}

/// What a failed attempt looked like, for [`RetryPolicy`] decisions.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Failure<'a> {
    /// An HTTP response with this status and these headers.
    Status(StatusCode, &'a HeaderMap),
    /// The connection could not be established; the request was not sent.
    Connect,
    /// The server's TLS certificate was refused (not trusted, expired, for another name): the
    /// request was not sent, and sending it again cannot help.
    Certificate,
    /// A timeout or another transport error after the request may have been sent.
    Transport,
}

/// The policy's answer for one failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then try again.
    RetryAfter(Duration),
    /// Do not retry.
    GiveUp,
}

impl Failure<'_> {
    /// How a transport error failed: a refused certificate, a connection never made, or
    /// anything after (the request may have been sent).
    pub(crate) fn of_transport(err: &reqwest::Error) -> Self {
        if is_certificate_error(err) {
            Failure::Certificate
        } else if err.is_connect() {
            Failure::Connect
        } else {
            Failure::Transport
        }
    }
}

/// Whether rustls refused the server's certificate somewhere in `err`'s causes. An `io::Error`
/// hides the error it wraps from `source()` (it returns that error's source), so its inner
/// error is looked at too.
fn is_certificate_error(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return matches!(
                tls,
                rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented
            );
        }
        next = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner),
            None => err.source(),
        };
    }
    false
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts) (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff).
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets [`max_backoff`](Self::max_backoff).
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    pub fn with_max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Sets [`max_elapsed`](Self::max_elapsed).
    pub fn with_max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// Sets [`retry_non_idempotent`](Self::retry_non_idempotent).
    pub fn with_retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Whether `method` may be repeated without changing the outcome.
    pub fn is_idempotent(method: &Method) -> bool {
        matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        )
    }

    /// Decides what to do after `attempt` (1-based) failed with `failure`, `elapsed` after
    /// the call started.
    pub(crate) fn decide(
        &self,
        method: &Method,
        failure: Failure<'_>,
        attempt: u32,
        elapsed: Duration,
    ) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::GiveUp;
        }
        let may_repeat = self.retry_non_idempotent || Self::is_idempotent(method);
        let wait = match failure {
            Failure::Status(StatusCode::TOO_MANY_REQUESTS, headers) => {
                match retry_after(headers, SystemTime::now()) {
                    Some(wait) if wait > self.max_retry_after => return Decision::GiveUp,
                    Some(wait) => wait,
                    None => self.backoff(attempt),
                }
            }
            Failure::Status(
                StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT,
                _,
            )
            | Failure::Transport
                if may_repeat =>
            {
                self.backoff(attempt)
            }
            Failure::Connect => self.backoff(attempt),
            _ => return Decision::GiveUp,
        };
        if elapsed + wait > self.max_elapsed {
            return Decision::GiveUp;
        }
        Decision::RetryAfter(wait)
    }

    /// Exponential backoff with "equal" jitter: uniform in `[base/2, base]` where
    /// `base = initial_backoff * 2^(attempt-1)`, capped at `max_backoff`.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(20);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        let half = base / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Parses `Retry-After` as delay-seconds or an HTTP date (relative to `now`).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs.min(1e9)));
        }
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        let now = SystemTime::now();
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        let parsed = retry_after(&headers(&later), now).unwrap();
        assert!(parsed <= Duration::from_secs(30) && parsed >= Duration::from_secs(29));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after(&headers(&past), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn rate_limits_are_retried_for_every_method_within_the_cap() {
        let p = RetryPolicy::default();
        let h = headers("2");
        let d = p.decide(
            &Method::POST,
            Failure::Status(StatusCode::TOO_MANY_REQUESTS, &h),
            1,
            Duration::ZERO,
        );
        assert_eq!(d, Decision::RetryAfter(Duration::from_secs(2)));
        let hour = headers("3600");
        let d = p.decide(
            &Method::GET,
            Failure::Status(StatusCode::TOO_MANY_REQUESTS, &hour),
            1,
            Duration::ZERO,
        );
        assert_eq!(d, Decision::GiveUp);
    }

    #[test]
    fn server_errors_only_for_idempotent_methods_unless_opted_in() {
        let p = RetryPolicy::default();
        let h = HeaderMap::new();
        let f = Failure::Status(StatusCode::SERVICE_UNAVAILABLE, &h);
        assert!(matches!(
            p.decide(&Method::GET, f, 1, Duration::ZERO),
            Decision::RetryAfter(_)
        ));
        assert_eq!(
            p.decide(&Method::POST, f, 1, Duration::ZERO),
            Decision::GiveUp
        );
        assert_eq!(
            p.decide(&Method::PATCH, Failure::Transport, 1, Duration::ZERO),
            Decision::GiveUp
        );
        assert!(matches!(
            p.decide(&Method::POST, Failure::Connect, 1, Duration::ZERO),
            Decision::RetryAfter(_)
        ));
        let opted = p.clone().with_retry_non_idempotent(true);
        assert!(matches!(
            opted.decide(&Method::POST, f, 1, Duration::ZERO),
            Decision::RetryAfter(_)
        ));
        let internal = Failure::Status(StatusCode::INTERNAL_SERVER_ERROR, &h);
        assert_eq!(
            p.decide(&Method::GET, internal, 1, Duration::ZERO),
            Decision::GiveUp
        );
    }

    #[test]
    fn budgets_end_retries() {
        let p = RetryPolicy::default().with_max_attempts(3);
        let h = HeaderMap::new();
        let f = Failure::Status(StatusCode::BAD_GATEWAY, &h);
        assert!(matches!(
            p.decide(&Method::GET, f, 2, Duration::ZERO),
            Decision::RetryAfter(_)
        ));
        assert_eq!(
            p.decide(&Method::GET, f, 3, Duration::ZERO),
            Decision::GiveUp
        );
        assert_eq!(
            p.decide(&Method::GET, f, 1, Duration::from_millis(119_800)),
            Decision::GiveUp
        );
        assert_eq!(
            RetryPolicy::disabled().decide(&Method::GET, f, 1, Duration::ZERO),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        for _ in 0..50 {
            let b1 = p.backoff(1);
            assert!(b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100));
            let b3 = p.backoff(3);
            assert!(b3 >= Duration::from_millis(175) && b3 <= Duration::from_millis(350));
            assert!(p.backoff(30) <= Duration::from_millis(350));
        }
    }
}
