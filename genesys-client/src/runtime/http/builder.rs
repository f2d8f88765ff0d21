//! [`ClientBuilder`]: the client's configuration and its validation.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::auth::{ClientCredentials, Secret, StaticToken, TokenSource};
use super::client::{Client, Inner, PerRequest, DEFAULT_USER_AGENT};
use super::error::Error;
use super::middleware::Middleware;
use super::rate_gate::RateGate;
use super::region::Region;
use super::retry::RetryPolicy;
use super::sleep::{Sleep, TokioSleep};

enum Auth {
    None,
    Static(Secret),
    ClientCredentials { id: String, secret: Secret },
    Source(Arc<dyn TokenSource>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Static(_) => f.write_str("Static([redacted])"),
            Auth::ClientCredentials { id, .. } => f
                .debug_struct("ClientCredentials")
                .field("client_id", id)
                .field("client_secret", &"[redacted]")
                .finish(),
            Auth::Source(s) => f.debug_tuple("Source").field(s).finish(),
        }
    }
}

/// Configures a [`Client`]: where to send requests, how to authenticate, timeouts, retries.
///
/// ```no_run
/// # async fn demo() -> Result<(), genesys_client::Error> {
/// use genesys_client::{Client, Region};
/// let client = Client::builder()
///     .region(Region::EuWest1)
///     .client_credentials("my-client-id", "my-client-secret")
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ClientBuilder {
    region: Region,
    base_url: Option<String>,
    token_url: Option<String>,
    auth: Auth,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    user_agent: Option<String>,
    refresh_margin: Option<Duration>,
    max_response_bytes: usize,
    middleware: Vec<Arc<dyn Middleware>>,
    sleep: Arc<dyn Sleep>,
    proxy: Option<String>,
    root_certificates: Vec<Vec<u8>>,
}

/// The default of [`ClientBuilder::max_response_bytes`]: 64 MiB, far above any Genesys
/// listing page (a 500-entity page of fully expanded users is a few MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            region: Region::UsEast1,
            base_url: None,
            token_url: None,
            auth: Auth::None,
            http: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Some(Duration::from_secs(60)),
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            user_agent: None,
            refresh_margin: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            middleware: Vec::new(),
            sleep: Arc::new(TokioSleep),
            proxy: None,
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// The region to talk to (default [`Region::UsEast1`]); sets the API and login hosts.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// A custom API base URL instead of the region's (e.g. a proxy or a test server): a scheme
    /// and a host (and port), and at most a proxy's own path prefix, never the API's
    /// `/api/v2`: `https://api.mypurecloud.de`, not `https://api.mypurecloud.de/api/v2`
    /// (operation paths already start with `/api/v2`; that is a configuration error).
    /// It must be `https`, except on loopback hosts (`localhost`, `127.0.0.1`, `::1`) or with
    /// [`allow_insecure_http`](Self::allow_insecure_http). [`build`](Self::build) checks it.
    ///
    /// With [`client_credentials`](Self::client_credentials), the token endpoint is derived
    /// from it only when its host starts with `api.` (`https://api.X` → `https://login.X`):
    /// for any other host (a proxy, a test server) also set [`token_url`](Self::token_url).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A custom OAuth token endpoint. Needed with
    /// [`client_credentials`](Self::client_credentials) and a [`base_url`](Self::base_url)
    /// whose host does not start with `api.`. Default: the region's
    /// `https://login.<domain>/oauth/token`, or for a custom base URL `https://api.X`, the
    /// same URL on `login.X`.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Authenticate with a fixed bearer token.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = Auth::Static(token.into());
        self
    }

    /// Authenticate with the OAuth client credentials grant (cached, single-flight refresh).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.auth = Auth::ClientCredentials {
            id: client_id.into(),
            secret: client_secret.into(),
        };
        self
    }

    /// Authenticate with your own [`TokenSource`].
    pub fn token_source(mut self, source: Arc<dyn TokenSource>) -> Self {
        self.auth = Auth::Source(source);
        self
    }

    /// With client credentials, refresh tokens this long before they expire (default 60 s).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = Some(margin);
        self
    }

    /// Use your own `reqwest::Client` (proxies, TLS roots, pools...). The builder's connect
    /// timeout does not apply to it (configure that on your client); the overall timeout and
    /// user agent are set per request. Note that reqwest's default redirect policy follows
    /// redirects (it strips `Authorization` on cross-host hops).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Sends every request through the HTTP proxy at `url` (`http://host:port`); HTTPS goes
    /// through a `CONNECT` tunnel. The notification receiver's WebSocket uses the same proxy.
    /// Ignored for requests when you pass your own [`http_client`](Self::http_client)
    /// (configure the proxy on it), but still used by the WebSocket.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Trusts `der` (an X.509 certificate, DER-encoded) as a root, beside the built-in webpki
    /// roots: for an on-premises proxy that re-signs TLS, or a test server with a self-signed
    /// certificate. It applies to the REST requests and to the notification receiver's
    /// `wss://` socket alike; with your own [`http_client`](Self::http_client) it applies to the
    /// socket only (add it to your `reqwest::Client` too). Can be called several times.
    /// [`build`](Self::build) fails with [`Error::Configuration`] when it is not a certificate.
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(der.into());
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout for one whole request attempt, body included (default 60 s; `None` for none).
    /// Token requests of [`client_credentials`](Self::client_credentials) have it too.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::disabled`] to turn
    /// retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Allow `http://` base and token URLs on non-loopback hosts (default `false`). Tokens
    /// would travel in clear text: only for trusted networks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Replace the `User-Agent` (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The largest response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]). A larger one
    /// fails with [`Error::ResponseTooLarge`] as soon as it is known to be larger, without
    /// buffering the rest; it is not retried.
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Adds a [`Middleware`] run around every attempt of every call (after those added
    /// before).
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// The clock every wait of the client goes through (default [`TokioSleep`]): retries,
    /// the rate gate, token-request retries and expiry of
    /// [`client_credentials`](Self::client_credentials), the publisher's round delay and the
    /// sink's linger. Tests install a [`ManualClock`](super::sleep::ManualClock) to run them in
    /// virtual time (see [`Sleep`]).
    pub fn sleep(mut self, sleep: Arc<dyn Sleep>) -> Self {
        self.sleep = sleep;
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// Fails with [`Error::Configuration`] when a base or token URL has no scheme, the
    /// `/api/v2` path (base URL), a query, credentials, or is plain `http` off loopback (unless
    /// [`allow_insecure_http`](Self::allow_insecure_http)); when a client id, secret or bearer
    /// token is empty; when the token URL cannot be derived (set
    /// [`token_url`](Self::token_url)); or when the user agent is not a valid header value.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match &self.base_url {
            Some(raw) => {
                let url = parse_base_url(raw, "base URL")?;
                // A proxy's own prefix (`https://proxy/genesys`) is kept, but the API's
                // `/api/v2` is part of every operation path: given here it would double.
                let path = url.path().trim_end_matches('/');
                if path.ends_with("/api") || path.split('/').any(|s| s == "v2") {
                    return Err(Error::configuration(format!(
                        "the base URL `{raw}` includes the API path `{}`; leave it out \
                         (e.g. `https://api.mypurecloud.de`): operation paths already start \
                         with `/api/v2`",
                        url.path()
                    )));
                }
                url
            }
            None => self.region.api_base_url(),
        };
        check_scheme(&base_url, self.allow_insecure_http, "base URL")?;
        check_credentials(&self.auth)?;

        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| Error::configuration("the user agent is not a valid header value"))?;

        let proxy = match &self.proxy {
            None => None,
            Some(raw) => {
                let url = url::Url::parse(raw).map_err(|e| {
                    Error::configuration(format!("the proxy URL `{raw}` is not a URL: {e}"))
                })?;
                if url.scheme() != "http" || url.host_str().is_none() {
                    return Err(Error::configuration(format!(
                        "the proxy URL `{raw}` must be http://host[:port] (HTTPS requests and \
                         the notification socket are tunnelled through it with CONNECT)"
                    )));
                }
                Some(url)
            }
        };

        let (http, per_request) = match self.http {
            Some(http) => (
                http,
                PerRequest {
                    timeout: self.timeout,
                    user_agent: Some(user_agent.clone()),
                },
            ),
            None => {
                let mut builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    // Never follow redirects: credentials must not travel to another host.
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(user_agent.clone());
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                for der in &self.root_certificates {
                    let cert = reqwest::Certificate::from_der(der).map_err(|e| {
                        Error::configuration(format!("a root certificate is not usable: {e}"))
                    })?;
                    builder = builder.add_root_certificate(cert);
                }
                if let Some(url) = &proxy {
                    let proxy = reqwest::Proxy::all(url.as_str()).map_err(|e| {
                        Error::configuration(format!("the proxy URL is not usable: {e}"))
                    })?;
                    builder = builder.proxy(proxy);
                }
                let http = builder.build().map_err(|e| {
                    let cause = std::error::Error::source(&e)
                        .map(|s| format!(": {s}"))
                        .unwrap_or_default();
                    let hint = if self.root_certificates.is_empty() {
                        ""
                    } else {
                        " (is every root certificate a DER-encoded X.509 certificate?)"
                    };
                    Error::configuration(format!(
                        "could not build the HTTP client{hint}: {e}{cause}"
                    ))
                })?;
                (http, PerRequest::default())
            }
        };

        let auth: Option<Arc<dyn TokenSource>> = match self.auth {
            Auth::None => None,
            Auth::Static(token) => Some(Arc::new(StaticToken::new(token))),
            Auth::Source(source) => Some(source),
            Auth::ClientCredentials { id, secret } => {
                let token_url = match (&self.token_url, &self.base_url) {
                    (Some(raw), _) => parse_base_url(raw, "token URL")?,
                    (None, None) => self.region.token_url(),
                    (None, Some(_)) => derived_token_url(&base_url)?,
                };
                check_scheme(&token_url, self.allow_insecure_http, "token URL")?;
                let mut cc = ClientCredentials::new(http.clone(), token_url, id, secret)
                    .retry_policy(self.retry.clone())
                    .timeout(self.timeout)
                    .clock(self.sleep.clone());
                if let Some(margin) = self.refresh_margin {
                    cc = cc.refresh_margin(margin);
                }
                Some(Arc::new(cc))
            }
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                retry: self.retry,
                timeout: self.timeout,
                user_agent,
                per_request,
                max_response_bytes: self.max_response_bytes,
                middleware: self.middleware,
                sleep: self.sleep,
                proxy,
                root_certificates: self.root_certificates.into(),
                gate: RateGate::default(),
            }),
        })
    }
}

/// Refuses empty credentials at `build()` rather than at the first call.
fn check_credentials(auth: &Auth) -> Result<(), Error> {
    let empty = match auth {
        Auth::Static(token) if token.expose().trim().is_empty() => "the bearer token",
        Auth::ClientCredentials { id, .. } if id.trim().is_empty() => "the OAuth client id",
        Auth::ClientCredentials { secret, .. } if secret.expose().trim().is_empty() => {
            "the OAuth client secret"
        }
        _ => return Ok(()),
    };
    Err(Error::configuration(format!("{empty} is empty")))
}

fn parse_base_url(raw: &str, what: &str) -> Result<url::Url, Error> {
    // `localhost:18080` parses as scheme `localhost`: say what is missing instead.
    if !raw.contains("://") {
        return Err(Error::configuration(format!(
            "the {what} `{raw}` has no scheme; write `https://{raw}` (or `http://` for a \
             loopback test server)"
        )));
    }
    let url = url::Url::parse(raw)
        .map_err(|e| Error::configuration(format!("the {what} `{raw}` is not a URL: {e}")))?;
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(Error::configuration(format!(
            "the {what} `{raw}` has no host"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::configuration(format!(
            "the {what} must not contain credentials"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::configuration(format!(
            "the {what} `{raw}` must not have a query or fragment"
        )));
    }
    Ok(url)
}

fn check_scheme(url: &url::Url, allow_insecure: bool, what: &str) -> Result<(), Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback(url) => Ok(()),
        "http" => Err(Error::configuration(format!(
            "the {what} `{url}` is not HTTPS; tokens would be sent in clear text \
             (use https, a loopback address, or `allow_insecure_http(true)`)"
        ))),
        other => Err(Error::configuration(format!(
            "the {what} has the unsupported scheme `{other}`"
        ))),
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn derived_token_url(base: &url::Url) -> Result<url::Url, Error> {
    let host = base.host_str().unwrap_or_default();
    match host.strip_prefix("api.") {
        Some(domain) => {
            let mut url = base.clone();
            url.set_host(Some(&format!("login.{domain}")))
                .map_err(|e| Error::configuration(format!("bad login host: {e}")))?;
            url.set_path("/oauth/token");
            Ok(url)
        }
        None => Err(Error::configuration(format!(
            "cannot derive the OAuth token URL from the base URL host `{host}`; set `token_url`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_off_loopback() {
        let err = Client::builder()
            .base_url("http://api.example.com")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Configuration { .. }));
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:2",
            "https://api.example.com/",
            "https://proxy.example.com/genesys/",
        ] {
            Client::builder().base_url(ok).build().unwrap();
        }
        Client::builder()
            .base_url("http://api.example.com")
            .allow_insecure_http(true)
            .build()
            .unwrap();
        assert!(Client::builder()
            .base_url("https://user:pw@api.example.com")
            .build()
            .is_err());
        assert!(Client::builder().base_url("ftp://x").build().is_err());
    }

    #[test]
    fn base_urls_with_a_path_or_without_a_scheme_are_configuration_errors() {
        let err = Client::builder()
            .base_url("https://api.mypurecloud.de/api/v2")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
        assert!(err.to_string().contains("`/api/v2`"), "{err}");
        let err = Client::builder()
            .base_url("localhost:18080")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("has no scheme"), "{err}");
        assert!(err.to_string().contains("https://localhost:18080"), "{err}");
    }

    #[test]
    fn empty_credentials_are_refused_at_build() {
        for (builder, what) in [
            (
                Client::builder().client_credentials("", "secret"),
                "client id",
            ),
            (
                Client::builder().client_credentials("id", " "),
                "client secret",
            ),
            (Client::builder().bearer_token(""), "bearer token"),
        ] {
            let err = builder.build().unwrap_err();
            assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
            assert!(err.to_string().contains(what), "{err}");
        }
    }

    #[test]
    fn token_url_follows_region_or_base_url() {
        assert_eq!(
            derived_token_url(&url::Url::parse("https://api.mypurecloud.de/").unwrap())
                .unwrap()
                .as_str(),
            "https://login.mypurecloud.de/oauth/token"
        );
        assert!(derived_token_url(&url::Url::parse("https://proxy.local/").unwrap()).is_err());
        let err = Client::builder()
            .base_url("https://proxy.local")
            .client_credentials("id", "secret")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("token_url"));
        let err = Client::builder()
            .client_credentials("id", "secret")
            .token_url("http://login.example.com/oauth/token")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("not HTTPS"));
    }

    #[test]
    fn debug_redacts_credentials() {
        let client = Client::builder()
            .client_credentials("visible-id", "super-secret-value")
            .build()
            .unwrap();
        let d = format!("{client:?}");
        assert!(d.contains("visible-id") && !d.contains("super-secret-value"));
        let builder = Client::builder().bearer_token("tok-abc-123");
        assert!(!format!("{builder:?}").contains("tok-abc-123"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("tok-abc-123"));
        assert_eq!(client.base_url().as_str(), "https://api.mypurecloud.com/");
    }

    #[test]
    fn user_agent_names_the_crate_version() {
        assert_eq!(
            DEFAULT_USER_AGENT,
            format!("genesys-client/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
