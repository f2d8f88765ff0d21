//! OAuth client credentials, token caching, single-flight refresh and re-auth on 401.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{fast_retries, get};
use genesys_client::{Client, Error};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const BASIC: &str = "Basic bXktY2xpZW50LWlkOm15LWNsaWVudC1zZWNyZXQ=";

/// Hands out `tok-1`, `tok-2`, ... with the given lifetime, after an optional delay.
struct Tokens {
    issued: AtomicUsize,
    expires_in: u64,
    delay: Duration,
}

impl Respond for Tokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({
                "access_token": format!("tok-{n}"),
                "token_type": "bearer",
                "expires_in": self.expires_in,
            }))
            .set_delay(self.delay)
    }
}

fn tokens(expires_in: u64, delay: Duration) -> Tokens {
    Tokens {
        issued: AtomicUsize::new(0),
        expires_in,
        delay,
    }
}

fn cc_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/oauth/token", server.uri()))
        .client_credentials("my-client-id", "my-client-secret")
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

async fn ok_api(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/api/v2/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn client_credentials_request_has_basic_auth_and_form_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(tokens(3600, Duration::ZERO))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/ping"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = cc_client(&server);
    client
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap();
}

#[tokio::test]
async fn cached_token_is_reused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens(3600, Duration::ZERO))
        .expect(1)
        .mount(&server)
        .await;
    ok_api(&server).await;
    let client = cc_client(&server);
    for _ in 0..5 {
        client
            .execute::<serde_json::Value>(get("/api/v2/ping"))
            .await
            .unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    let api_auth: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/api/v2/ping")
        .map(|r| r.headers.get("authorization").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(api_auth, vec!["Bearer tok-1"; 5]);
}

#[tokio::test]
async fn expired_token_is_refreshed_once_for_50_concurrent_requests() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens(1, Duration::from_millis(200)))
        .expect(2)
        .mount(&server)
        .await;
    ok_api(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/oauth/token", server.uri()))
        .client_credentials("my-client-id", "my-client-secret")
        .token_refresh_margin(Duration::ZERO)
        .build()
        .unwrap();
    client
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .execute::<serde_json::Value>(get("/api/v2/ping"))
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    let tok2 = requests
        .iter()
        .filter(|r| r.headers.get("authorization").unwrap().to_str().unwrap() == "Bearer tok-2")
        .count();
    assert_eq!(tok2, 50, "all 50 requests used the one refreshed token");
    // `.expect(2)` on the token mock is verified when the server drops.
}

#[tokio::test]
async fn a_401_triggers_one_reauthentication_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens(3600, Duration::ZERO))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"code": "bad.credentials", "status": 401})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/oauth/token", server.uri()))
        .client_credentials("my-client-id", "my-client-secret")
        // Re-authentication must work even with retries off.
        .retry_policy(genesys_client::RetryPolicy::disabled())
        .build()
        .unwrap();
    let response = client
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap();
    assert_eq!(response.body["ok"], 1);
}

#[tokio::test]
async fn a_persistent_401_reauthenticates_only_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens(3600, Duration::ZERO))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let err = cc_client(&server)
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn a_static_token_is_not_retried_on_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let err = common::client(&server)
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status, .. } if status == 401));
}

#[tokio::test]
async fn refused_credentials_are_an_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("ININ-Correlation-Id", "corr-auth")
                .set_body_json(serde_json::json!({
                    "error": "invalid_client",
                    "description": "client not found",
                    "error_description": "client not found"
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let err = cc_client(&server)
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap_err();
    match &err {
        Error::Auth {
            status, message, ..
        } => {
            assert_eq!(*status, Some(reqwest::StatusCode::BAD_REQUEST));
            assert!(message.contains("invalid_client"), "{message}");
        }
        other => panic!("expected Auth, got {other:?}"),
    }
    assert_eq!(err.correlation_id(), Some("corr-auth"));
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("my-client-secret"), "{text}");
    }
}

#[tokio::test]
async fn an_oversized_token_response_is_an_auth_error() {
    let server = MockServer::start().await;
    let padding = "x".repeat(2 << 20);
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "tok-1", "token_type": "bearer", "expires_in": 3600,
            "padding": padding,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = cc_client(&server)
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap_err();
    match &err {
        Error::Auth {
            status, message, ..
        } => {
            assert_eq!(*status, Some(reqwest::StatusCode::OK));
            assert!(message.contains("larger than 1048576 bytes"), "{message}");
        }
        other => panic!("expected Auth, got {other:?}"),
    }
}

#[tokio::test]
async fn custom_token_sources_plug_in() {
    #[derive(Debug)]
    struct Counting(AtomicUsize);
    impl genesys_client::TokenSource for Counting {
        fn token(
            &self,
        ) -> futures_util::future::BoxFuture<'_, Result<genesys_client::Secret, Error>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok(genesys_client::Secret::new("custom-token")) })
        }
    }
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer custom-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(2)
        .mount(&server)
        .await;
    let source = Arc::new(Counting(AtomicUsize::new(0)));
    let client = Client::builder()
        .base_url(server.uri())
        .token_source(source.clone())
        .build()
        .unwrap();
    for _ in 0..2 {
        client
            .execute::<serde_json::Value>(get("/api/v2/ping"))
            .await
            .unwrap();
    }
    assert_eq!(source.0.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn fifty_concurrent_401s_share_one_reauthentication() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens(3600, Duration::from_millis(100)))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_delay(Duration::from_millis(50)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(50)
        .mount(&server)
        .await;
    let client = cc_client(&server);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .execute::<serde_json::Value>(get("/api/v2/ping"))
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn a_busy_token_endpoint_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens(3600, Duration::ZERO))
        .expect(1)
        .mount(&server)
        .await;
    ok_api(&server).await;
    cc_client(&server)
        .execute::<serde_json::Value>(get("/api/v2/ping"))
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

/// Answers the first token request at once (`tok-1`, an hour) and holds every later one
/// for a day: a refresh that stays in flight for the whole test.
struct FirstThenStall {
    issued: AtomicUsize,
}

impl Respond for FirstThenStall {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let answer = ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": format!("tok-{n}"),
            "expires_in": 3600,
        }));
        if n == 1 {
            answer
        } else {
            answer.set_delay(Duration::from_secs(86_400))
        }
    }
}

/// The cache is read without taking the refresh lock: while a refresh is in flight, an
/// `invalidate` completes at its first poll (it used to queue behind the token request), and
/// a second caller needing a token joins the refresh instead of starting another one.
#[tokio::test]
async fn a_refresh_in_flight_blocks_no_cache_reader_and_stays_single_flight() {
    use futures_util::FutureExt;
    use genesys_client::runtime::{ManualClock, TokenSource};
    use genesys_client::ClientCredentials;

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(FirstThenStall {
            issued: AtomicUsize::new(0),
        })
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let cc = Arc::new(
        ClientCredentials::new(
            reqwest::Client::new(),
            format!("{}/oauth/token", server.uri()).parse().unwrap(),
            "my-client-id",
            "my-client-secret",
        )
        .refresh_margin(Duration::ZERO)
        .clock(Arc::new(clock.clone())),
    );
    let first = cc.token().await.unwrap();
    assert_eq!(first.expose(), "tok-1");
    // Valid: served from the cache at the first poll.
    let again = cc
        .token()
        .now_or_never()
        .expect("a valid token is ready at once");
    assert_eq!(again.unwrap(), first);

    clock.advance(Duration::from_secs(3600));
    let refresh = tokio::spawn({
        let cc = cc.clone();
        async move { cc.token().await }
    });
    // Wait (in polls, not time) until the refresh's request reached the server.
    while server.received_requests().await.unwrap().len() < 2 {
        tokio::task::yield_now().await;
    }
    assert!(
        cc.invalidate(&first).now_or_never().is_some(),
        "invalidate does not wait for the refresh in flight"
    );
    let mut joiner = Box::pin(cc.token());
    assert!(
        (&mut joiner).now_or_never().is_none(),
        "an expired token is not served; the caller waits for the refresh"
    );
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "one token request for both callers"
    );
    refresh.abort();
}
