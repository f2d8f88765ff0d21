//! [`MockServer`]: the loopback server, its OAuth token endpoint and its catch-all.

use std::fmt;
use std::time::Duration;

use super::calls::{Log, RecordedRequest};
use crate::runtime::{Client, ClientBuilder, RetryPolicy};

/// The client id [`MockServer::client`] authenticates with.
pub const MOCK_CLIENT_ID: &str = "mock-client-id";
/// The client secret [`MockServer::client`] authenticates with.
pub const MOCK_CLIENT_SECRET: &str = "mock-client-secret";
/// The access token the mock's token endpoint hands out (sent back as `Authorization: Bearer …`).
pub const MOCK_ACCESS_TOKEN: &str = "mock-access-token";
/// Where the mock's OAuth token endpoint is (`POST`, client credentials grant).
pub const TOKEN_PATH: &str = "/oauth/token";

/// A mock of the Genesys Cloud API on a loopback port, for your tests.
///
/// [`start`](Self::start) it, get a [`Client`] pointed at it with [`client`](Self::client),
/// and stub operations with the typed, generated accessors (`mock.presence()`,
/// `mock.events()`, one per API tag). The server also answers the OAuth token endpoint, so the
/// client authenticates exactly as in production, and answers every request no stub matches
/// with a `404` Genesys error naming the request (listed by
/// [`unmatched_requests`](Self::unmatched_requests)).
///
/// The server stops when dropped; stubs mounted with `expect(n)` are verified then.
pub struct MockServer {
    server: wiremock::MockServer,
    tokens: Log,
    unmatched: Log,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on a free loopback port, with the token endpoint and the catch-all.
    pub async fn start() -> Self {
        let server = wiremock::MockServer::start().await;
        let tokens = Log::default();
        let unmatched = Log::default();
        let token = serde_json::json!({
            "access_token": MOCK_ACCESS_TOKEN,
            "token_type": "bearer",
            "expires_in": 86_400,
        });
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .and(wiremock::matchers::path(TOKEN_PATH))
            .respond_with(Recorded {
                log: tokens.clone(),
                answer: move |_: &RecordedRequest| {
                    wiremock::ResponseTemplate::new(200).set_body_json(&token)
                },
            })
            .with_priority(1)
            .named("OAuth token endpoint")
            .mount(&server)
            .await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Recorded {
                log: unmatched.clone(),
                answer: |request: &RecordedRequest| {
                    let message = format!(
                        "genesys-client mock: no stub matches `{}`; stub the operation first \
                         (e.g. `mock.presence().get_user_presence().respond(…)`)",
                        request.line()
                    );
                    wiremock::ResponseTemplate::new(404).set_body_json(serde_json::json!({
                        "message": message,
                        "code": "mock.no.stub",
                        "status": 404,
                    }))
                },
            })
            .with_priority(u8::MAX)
            .named("catch-all (no stub matched)")
            .mount(&server)
            .await;
        MockServer {
            server,
            tokens,
            unmatched,
        }
    }

    /// A client for this server: OAuth client credentials against its token endpoint, the
    /// default retry policy with millisecond backoffs (so tests of retries stay fast;
    /// `Retry-After` is honoured as sent) and a 10 s timeout.
    ///
    /// # Panics
    ///
    /// Never for the loopback URL of this server; the builder's only failures are invalid URLs
    /// and headers.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a client for the mock server's loopback URL always builds")
    }

    /// A [`ClientBuilder`] configured as for [`client`](Self::client), to change anything
    /// (retry policy, batch cap, timeouts) before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .token_url(self.token_url())
            .client_credentials(MOCK_CLIENT_ID, MOCK_CLIENT_SECRET)
            .retry_policy(
                RetryPolicy::default()
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_max_backoff(Duration::from_millis(10)),
            )
            .timeout(Some(Duration::from_secs(10)))
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The token endpoint's URL.
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.server.uri())
    }

    /// How many access tokens were requested.
    pub fn token_requests(&self) -> usize {
        self.tokens.len()
    }

    /// The requests no stub matched (each was answered `404`), in arrival order.
    pub fn unmatched_requests(&self) -> Vec<RecordedRequest> {
        self.unmatched.snapshot()
    }

    /// Every request received (token requests included), in arrival order.
    pub async fn received_requests(&self) -> Vec<RecordedRequest> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(RecordedRequest::from_wiremock)
            .collect()
    }

    /// Checks every `expect(n)` of the stubs mounted so far.
    ///
    /// # Panics
    ///
    /// When a stub's count differs, listing each such stub by operation id.
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    pub(crate) async fn register(&self, mock: wiremock::Mock) {
        self.server.register(mock).await;
    }
}

/// Records each request in `log`, then answers it with `answer`.
struct Recorded<F> {
    log: Log,
    answer: F,
}

impl<F> wiremock::Respond for Recorded<F>
where
    F: Fn(&RecordedRequest) -> wiremock::ResponseTemplate + Send + Sync,
{
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let recorded = RecordedRequest::from_wiremock(request);
        let answer = (self.answer)(&recorded);
        self.log.push(recorded);
        answer
    }
}
