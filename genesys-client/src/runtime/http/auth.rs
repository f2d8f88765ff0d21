//! Authentication: access tokens, the [`TokenSource`] trait, a static token and OAuth client
//! credentials with a single-flight token cache.

use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::Method;
use tracing::Instrument;

use super::error::{Causes, Error};
use super::response::{correlation_id, read_body};
use super::retry::{Decision, Failure, RetryPolicy};
use super::sleep::{Sleep, TokioSleep};

/// A string that must never be printed: access tokens, client secrets.
///
/// `Debug` and `Display` show `[redacted]`; read the value with [`Secret::expose`].
#[derive(Clone)]
pub struct Secret(Arc<SecretInner>);

struct SecretInner {
    value: Box<str>,
    /// `Authorization: Bearer <value>`, built on first use and shared by every clone: a
    /// token is sent with thousands of requests, formatted and checked once (`None` when the
    /// value cannot be a header).
    bearer: OnceLock<Option<HeaderValue>>,
}

impl Secret {
    /// Wraps a sensitive value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::new(SecretInner {
            value: value.into().into_boxed_str(),
            bearer: OnceLock::new(),
        }))
    }

    /// The sensitive value itself. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0.value
    }

    /// The `Authorization` header value `Bearer <value>` (marked sensitive), or `None` when
    /// the value holds characters a header cannot.
    pub(crate) fn bearer_header(&self) -> Option<HeaderValue> {
        self.0
            .bearer
            .get_or_init(|| {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", self.expose())).ok()?;
                value.set_sensitive(true);
                Some(value)
            })
            .clone()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.value == other.0.value
    }
}

impl Eq for Secret {}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A bearer access token and, when known, when it expires.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AccessToken {
    /// The token (sent as `Authorization: Bearer <token>`).
    pub token: Secret,
    /// When the token stops being valid, if known.
    pub expires_at: Option<Instant>,
}

impl AccessToken {
    /// A token without a known expiry.
    pub fn new(token: impl Into<Secret>) -> Self {
        AccessToken {
            token: token.into(),
            expires_at: None,
        }
    }

    /// Sets when the token stops being valid.
    pub fn with_expires_at(mut self, at: Instant) -> Self {
        self.expires_at = Some(at);
        self
    }
}

/// Where the client gets its bearer tokens from.
///
/// Implement it to plug in another OAuth flow or a token shared with other code. The client
/// calls [`token`](TokenSource::token) before each request attempt; when the API answers
/// `401`, it calls [`invalidate`](TokenSource::invalidate) with the rejected token and then
/// `token` again, and retries once if that yields a different token.
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// A currently valid token. Implementations should cache and share refreshes.
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>>;

    /// A valid token available at once (a static or cached one), or `None` to ask
    /// [`token`](TokenSource::token). The client tries it first on every attempt, so a
    /// source that can answer here saves a boxed future per request. Default: `None`.
    fn cached_token(&self) -> Option<Secret> {
        None
    }

    /// The API rejected `rejected` with `401`: drop it from any cache (if it is still the
    /// cached one), so the next [`token`](TokenSource::token) call fetches a new one.
    fn invalidate<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, ()> {
        let _ = rejected;
        Box::pin(async {})
    }
}

/// A fixed bearer token (e.g. from an implicit grant or another tool). Never refreshed.
#[derive(Clone, Debug)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// Uses `token` for every request.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn cached_token(&self) -> Option<Secret> {
        Some(self.0.clone())
    }
}

/// The most a token response may hold; real ones are about 1 KB.
const TOKEN_RESPONSE_LIMIT: usize = 1 << 20;

/// A failed token request or response read: a timeout stays [`Error::Timeout`], anything else
/// is [`Error::Auth`] (the URL is stripped: it never holds a secret, but stays out of errors).
fn transport_error(
    e: reqwest::Error,
    what: &str,
    status: Option<reqwest::StatusCode>,
    correlation_id: Option<String>,
) -> Error {
    if e.is_timeout() {
        return Error::Timeout {
            operation_id: None,
            source: Some(e.without_url()),
        };
    }
    Error::Auth {
        status,
        message: format!("{what}: {}", Causes(&e.without_url())),
        correlation_id,
    }
}

/// The OAuth *client credentials* grant against `https://login.<region>/oauth/token`.
///
/// The token is cached until [`refresh_margin`](Self::refresh_margin) before it expires.
/// Refreshes are single-flight: however many requests need a token at once, one token request
/// is made and all of them wait for it. While the cached token is valid, requests only read
/// it (a shared read lock, never held across an await): no request waits for another.
pub struct ClientCredentials {
    http: reqwest::Client,
    token_url: url::Url,
    client_id: String,
    client_secret: Secret,
    refresh_margin: Duration,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    clock: Arc<dyn Sleep>,
    /// The current token: read by every request, written only by a refresh or an
    /// invalidation (never held across an await).
    cache: RwLock<Option<AccessToken>>,
    /// Held across a token fetch, so concurrent callers that find no valid token make one
    /// request between them.
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("refresh_margin", &self.refresh_margin)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// Client credentials for `client_id`/`client_secret`, fetching tokens from `token_url`
    /// with `http`.
    pub fn new(
        http: reqwest::Client,
        token_url: url::Url,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        ClientCredentials {
            http,
            token_url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            refresh_margin: Duration::from_secs(60),
            retry: RetryPolicy::default().with_retry_non_idempotent(true),
            timeout: Some(Duration::from_secs(60)),
            clock: Arc::new(TokioSleep),
            cache: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// Refresh a token this long before it expires (default 60 s; capped at half its lifetime).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// How token requests are retried (default [`RetryPolicy::default`]): `429`, `502`–`504`
    /// and transport errors; the grant is always treated as safe to repeat.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy.with_retry_non_idempotent(true);
        self
    }

    /// Timeout for one token request attempt, body included (default 60 s; `None` for none).
    /// Without one, a token endpoint that stalls would hold every request waiting for a token.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The clock token-request retries wait with and token expiry is judged by (default
    /// [`TokioSleep`]). [`ClientBuilder::client_credentials`] gives it the client's clock
    /// ([`ClientBuilder::sleep`]); set it yourself when you build this source for
    /// [`ClientBuilder::token_source`]. Expiry instants ([`AccessToken::expires_at`]) are on
    /// this clock.
    ///
    /// [`ClientBuilder::client_credentials`]: crate::runtime::ClientBuilder::client_credentials
    /// [`ClientBuilder::sleep`]: crate::runtime::ClientBuilder::sleep
    /// [`ClientBuilder::token_source`]: crate::runtime::ClientBuilder::token_source
    pub fn clock(mut self, clock: Arc<dyn Sleep>) -> Self {
        self.clock = clock;
        self
    }

    /// The token endpoint in use.
    pub fn token_url(&self) -> &url::Url {
        &self.token_url
    }

    async fn fetch(&self) -> Result<AccessToken, Error> {
        let span = tracing::debug_span!(
            "genesys.oauth_token",
            token_url = %self.token_url,
            status = tracing::field::Empty
        );
        self.fetch_in(&span).instrument(span.clone()).await
    }

    async fn fetch_in(&self, span: &tracing::Span) -> Result<AccessToken, Error> {
        let started = self.clock.now();
        let mut attempt = 0;
        // When the attempt that got the token was sent: its lifetime counts from there, not
        // from the first attempt (retry waits before it do not shorten it).
        let mut sent;
        let result = loop {
            attempt += 1;
            sent = self.clock.now();
            let mut request = self
                .http
                .post(self.token_url.clone())
                .basic_auth(&self.client_id, Some(self.client_secret.expose()))
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .header(ACCEPT, HeaderValue::from_static("application/json"))
                .body("grant_type=client_credentials");
            if let Some(timeout) = self.timeout {
                request = request.timeout(timeout);
            }
            let result = request.send().await;
            let failure = match &result {
                Ok(r)
                    if r.status().is_success()
                        || r.status().is_client_error() && r.status() != 429 =>
                {
                    break result;
                }
                Ok(r) => Failure::Status(r.status(), r.headers()),
                Err(e) => Failure::of_transport(e),
            };
            // A client-credentials grant is safe to repeat: the policy treats it as idempotent.
            match self.retry.decide(
                &Method::POST,
                failure,
                attempt,
                self.clock.now().saturating_duration_since(started),
            ) {
                Decision::RetryAfter(wait) => {
                    tracing::warn!(
                        wait_ms = wait.as_millis() as u64,
                        "token request failed; retrying"
                    );
                    self.clock.sleep(wait).await;
                }
                Decision::GiveUp => break result,
            }
        };
        let response =
            result.map_err(|e| transport_error(e, "token request failed", None, None))?;
        let status = response.status();
        span.record("status", status.as_u16());
        let correlation_id = correlation_id(response.headers());
        let (_, bytes) = read_body(response, TOKEN_RESPONSE_LIMIT).await;
        let bytes = bytes
            .map_err(|e| {
                let id = correlation_id.clone();
                transport_error(e, "reading the token response failed", Some(status), id)
            })?
            .ok_or_else(|| Error::Auth {
                status: Some(status),
                message: format!("token response is larger than {TOKEN_RESPONSE_LIMIT} bytes"),
                correlation_id: correlation_id.clone(),
            })?;
        if !status.is_success() {
            // Only the OAuth error fields are kept: the raw body is never echoed.
            let parsed: Option<OAuthError> = serde_json::from_slice(&bytes).ok();
            let message = match parsed {
                Some(OAuthError {
                    error: Some(error),
                    error_description,
                    description,
                }) => match error_description.or(description) {
                    Some(d) => format!("token endpoint refused the credentials: {error}: {d}"),
                    None => format!("token endpoint refused the credentials: {error}"),
                },
                _ => "token endpoint refused the credentials".to_owned(),
            };
            return Err(Error::Auth {
                status: Some(status),
                message,
                correlation_id,
            });
        }
        let parsed: TokenResponse = serde_json::from_slice(&bytes).map_err(|e| Error::Auth {
            status: Some(status),
            // serde_json's message names the missing field or the position, not the value.
            message: format!("token response is not a valid OAuth token response: {e}"),
            correlation_id: correlation_id.clone(),
        })?;
        if parsed.access_token.is_empty() {
            return Err(Error::Auth {
                status: Some(status),
                message: "token response has an empty access_token".into(),
                correlation_id,
            });
        }
        let expires_at = parsed.expires_in.map(|secs| {
            let lifetime = Duration::from_secs(secs);
            let margin = self.refresh_margin.min(lifetime / 2);
            sent + lifetime - margin
        });
        tracing::debug!("obtained an access token");
        Ok(AccessToken {
            token: Secret::new(parsed.access_token),
            expires_at,
        })
    }
}

impl ClientCredentials {
    /// The cached token if it is still valid (a read lock, no await).
    fn cached(&self) -> Option<Secret> {
        let cache = self.cache.read().unwrap_or_else(|e| e.into_inner());
        let cached = cache.as_ref()?;
        let fresh = cached.expires_at.is_none_or(|at| self.clock.now() < at);
        fresh.then(|| cached.token.clone())
    }
}

impl TokenSource for ClientCredentials {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        Box::pin(async move {
            if let Some(token) = self.cached() {
                return Ok(token);
            }
            // Single flight: the first caller fetches; the others wait here and then find
            // its token in the cache.
            let _refreshing = self.refresh.lock().await;
            if let Some(token) = self.cached() {
                return Ok(token);
            }
            let token = self.fetch().await?;
            let secret = token.token.clone();
            *self.cache.write().unwrap_or_else(|e| e.into_inner()) = Some(token);
            Ok(secret)
        })
    }

    fn cached_token(&self) -> Option<Secret> {
        self.cached()
    }

    fn invalidate<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, ()> {
        let mut cache = self.cache.write().unwrap_or_else(|e| e.into_inner());
        if cache.as_ref().is_some_and(|c| &c.token == rejected) {
            *cache = None;
        }
        Box::pin(async {})
    }
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(serde::Deserialize)]
struct OAuthError {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_redacted() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
        let t = AccessToken::new("tok-123");
        assert!(!format!("{t:?}").contains("tok-123"));
    }

    #[test]
    fn client_credentials_debug_redacts_secret() {
        let cc = ClientCredentials::new(
            reqwest::Client::new(),
            url::Url::parse("https://login.mypurecloud.com/oauth/token").unwrap(),
            "my-id",
            "my-very-secret",
        );
        let debug = format!("{cc:?}");
        assert!(debug.contains("my-id"));
        assert!(!debug.contains("my-very-secret"));
    }
}
