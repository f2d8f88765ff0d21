//! Per-request overrides: timeout, retry policy and extra headers for one call.
//!
//! Every generated request builder and [`Client::request`](crate::runtime::Client::request)
//! has `.timeout(…)`, `.retry_policy(…)`, `.header(…)` and `.options(…)`, which fill a
//! [`RequestOptions`]; what is not set falls back to the [`ClientBuilder`](crate::runtime::ClientBuilder)'s
//! configuration.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::retry::RetryPolicy;

/// Overrides for one request. Empty by default (the client's settings apply).
///
/// ```
/// use std::time::Duration;
/// use genesys_client::runtime::RequestOptions;
/// use reqwest::header::{HeaderName, HeaderValue};
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .header(HeaderName::from_static("x-request-tag"), HeaderValue::from_static("nightly"));
/// assert_eq!(options.timeout_override(), Some(Duration::from_secs(5)));
/// ```
///
/// `Debug` shows header names only: a header set here may carry a credential.
///
/// One pointer wide while empty (the overrides are boxed when the first is set): every
/// request builder and every in-flight call carries one, most of them empty, and a request
/// future's size is what thousands of concurrent calls keep in memory and move around.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions(Option<Box<Overrides>>);

#[derive(Clone, Default)]
struct Overrides {
    timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    headers: HeaderMap,
}

/// What [`RequestOptions::headers`] returns when none are set.
static NO_HEADERS: std::sync::LazyLock<HeaderMap> = std::sync::LazyLock::new(HeaderMap::new);

impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout_override())
            .field("retry_policy", &self.retry_policy_override())
            .field("header_names", &self.headers().keys().collect::<Vec<_>>())
            .finish()
    }
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// The timeout of each attempt of this request (body included), instead of
    /// [`ClientBuilder::timeout`](crate::runtime::ClientBuilder::timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.overrides().timeout = Some(timeout);
        self
    }

    /// The retry policy of this request, instead of the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.overrides().retry_policy = Some(policy);
        self
    }

    /// Sends `name: value` with this request, replacing a header of that name the client would
    /// set (`Accept`, `User-Agent`; an `Authorization` set here replaces the client's token).
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.overrides().headers.insert(name, value);
        self
    }

    /// The timeout override, if set.
    pub fn timeout_override(&self) -> Option<Duration> {
        self.0.as_ref().and_then(|o| o.timeout)
    }

    /// The retry policy override, if set.
    pub fn retry_policy_override(&self) -> Option<&RetryPolicy> {
        self.0.as_ref().and_then(|o| o.retry_policy.as_ref())
    }

    /// The extra headers.
    pub fn headers(&self) -> &HeaderMap {
        self.0.as_ref().map_or(&NO_HEADERS, |o| &o.headers)
    }

    /// Applies `other`'s overrides on top of these (its headers added or replacing).
    pub fn merge(&mut self, other: RequestOptions) {
        let Some(other) = other.0 else { return };
        let Some(mine) = &mut self.0 else {
            self.0 = Some(other);
            return;
        };
        if other.timeout.is_some() {
            mine.timeout = other.timeout;
        }
        if other.retry_policy.is_some() {
            mine.retry_policy = other.retry_policy;
        }
        for (name, value) in other.headers {
            if let Some(name) = name {
                mine.headers.insert(name, value);
            }
        }
    }

    fn overrides(&mut self) -> &mut Overrides {
        self.0.get_or_insert_with(Box::default)
    }
}

/// The per-request setters every request builder has, delegating to a `options:
/// RequestOptions` field. Generated builders and [`Client::request`](crate::runtime::Client::request)
/// expand it, so the methods and their docs live here once.
#[doc(hidden)]
#[macro_export]
macro_rules! __request_option_setters {
    () => {
        /// Per-request override: the timeout of each attempt (body included), instead of the
        /// client's.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options = ::std::mem::take(&mut self.options).timeout(timeout);
            self
        }

        /// Per-request override: the retry policy, instead of the client's.
        pub fn retry_policy(mut self, policy: $crate::runtime::RetryPolicy) -> Self {
            self.options = ::std::mem::take(&mut self.options).retry_policy(policy);
            self
        }

        /// Per-request override: sends `name: value` with this request (replacing a header of
        /// that name the client would set).
        pub fn header(
            mut self,
            name: ::reqwest::header::HeaderName,
            value: ::reqwest::header::HeaderValue,
        ) -> Self {
            self.options = ::std::mem::take(&mut self.options).header(name, value);
            self
        }

        /// Per-request overrides, applied on top of any set before.
        pub fn options(mut self, options: $crate::runtime::RequestOptions) -> Self {
            self.options.merge(options);
            self
        }
    };
}
