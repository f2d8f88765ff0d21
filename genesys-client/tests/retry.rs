//! Retries: 429 with Retry-After, 5xx backoff for idempotent methods, budgets, timeouts.
//! Waits run in virtual time (`common::RecordingSleep`): tests assert the waits the client
//! asked for, never the wall clock.

mod common;

use std::time::Duration;

use common::{builder, client, fast_retries, get, post, virtual_time_builder};
use genesys_client::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true}))
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_retries_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(serde_json::json!({"status": 429, "code": "too.many.requests"})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let (builder, sleep) = virtual_time_builder(&server);
    let response = builder
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap();
    assert_eq!(sleep.waits(), [Duration::from_secs(1)]);
    assert_eq!(response.body["ok"], true);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_429_is_retried_for_post_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .execute::<serde_json::Value>(post("/api/v2/x", &serde_json::json!({"a": 1})))
        .await
        .unwrap();
}

#[tokio::test]
async fn two_503s_then_200_on_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap();
}

#[tokio::test]
async fn post_is_not_retried_on_503_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .execute::<serde_json::Value>(post("/api/v2/x", &serde_json::json!({})))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api { status, .. } if status == 503),
        "{err:?}"
    );
}

#[tokio::test]
async fn post_retries_resend_the_same_body_when_opted_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let body = serde_json::json!({"name": "x", "items": [1, 2, 3], "nested": {"é": "ü"}});
    builder(&server)
        .retry_policy(fast_retries().with_retry_non_idempotent(true))
        .build()
        .unwrap()
        .execute::<serde_json::Value>(post("/api/v2/x", &body))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap(),
            body
        );
        assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
    }
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn an_exhausted_429_budget_is_rate_limited_not_a_hang() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "0")
                .insert_header("ININ-Correlation-Id", "corr-429"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let err = builder(&server)
        .retry_policy(fast_retries().with_max_attempts(3))
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    match err {
        Error::RateLimited {
            attempts,
            retry_after,
            correlation_id,
            ..
        } => {
            assert_eq!(attempts, 3);
            assert_eq!(retry_after, Some(Duration::ZERO));
            assert_eq!(correlation_id.as_deref(), Some("corr-429"));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn a_retry_after_above_the_cap_is_not_obeyed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let (builder, sleep) = virtual_time_builder(&server);
    let err = builder
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    assert!(sleep.waits().is_empty(), "{:?}", sleep.waits());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(err.is_retryable());
    assert_eq!(err.status(), Some(reqwest::StatusCode::TOO_MANY_REQUESTS));
}

#[tokio::test]
async fn retry_after_as_http_date_is_honored() {
    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let (builder, sleep) = virtual_time_builder(&server);
    builder
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap();
    // The date has one-second resolution: the wait asked for is in (1 s, 2 s].
    let waits = sleep.waits();
    assert_eq!(waits.len(), 1);
    assert!(
        waits[0] > Duration::from_millis(900) && waits[0] <= Duration::from_secs(2),
        "{waits:?}"
    );
}

#[tokio::test]
async fn persistent_503_ends_as_api_error_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/x"))
        .respond_with(ResponseTemplate::new(503).set_body_string("down"))
        .expect(4)
        .mount(&server)
        .await;
    let err = client(&server)
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    match err {
        Error::Api { status, raw, .. } => {
            assert_eq!(status, 503);
            assert_eq!(raw, "down");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_total_time_budget_stops_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .expect(1)
        .mount(&server)
        .await;
    let err = builder(&server)
        .retry_policy(fast_retries().with_max_elapsed(Duration::from_millis(500)))
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { attempts: 1, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    builder(&server)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
}

#[tokio::test]
async fn a_slow_response_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok().set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let err = builder(&server)
        .timeout(Some(Duration::from_millis(200)))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported_as_transport() {
    // Bind then drop a listener: nothing listens on that loopback port any more.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let sleep = std::sync::Arc::new(common::RecordingSleep::default());
    let err = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(fast_retries().with_max_attempts(3))
        .sleep(sleep.clone())
        .build()
        .unwrap()
        .execute::<serde_json::Value>(post("/api/v2/x", &serde_json::json!({})))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
    // Three attempts, two backoff waits in between (5 ms doubling, with jitter).
    let waits = sleep.waits();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(waits[1] <= Duration::from_millis(20), "{waits:?}");
}

#[tokio::test]
async fn backoff_doubles_and_the_budget_counts_virtual_time() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    // Real-sized backoffs (1 s doubling) that would take a minute of wall clock.
    let policy = RetryPolicy::default()
        .with_max_attempts(10)
        .with_initial_backoff(Duration::from_secs(1))
        .with_max_backoff(Duration::from_secs(8))
        .with_max_elapsed(Duration::from_secs(20));
    let (builder, sleep) = virtual_time_builder(&server);
    let err = builder
        .retry_policy(policy)
        .build()
        .unwrap()
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
    let waits = sleep.waits();
    // Equal jitter: wait n is in [base/2, base] with base = 1 s * 2^(n-1), capped at 8 s.
    for (n, wait) in waits.iter().enumerate() {
        let base = Duration::from_secs(1 << n.min(3));
        assert!(*wait >= base / 2 && *wait <= base, "wait {n}: {waits:?}");
    }
    // The 20 s budget (waits as requested, not as slept) stops the retries early.
    let total: Duration = waits.iter().sum();
    assert!(total <= Duration::from_secs(20), "{waits:?}");
    assert!(
        waits.len() < 9,
        "the budget, not max_attempts, ended it: {waits:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        waits.len() + 1
    );
}

#[tokio::test]
async fn a_per_request_retry_policy_and_timeout_override_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (builder, sleep) = virtual_time_builder(&server);
    let client = builder.build().unwrap();
    let mut parts = get("/api/v2/x");
    parts.set_options(
        genesys_client::runtime::RequestOptions::new()
            .retry_policy(RetryPolicy::disabled())
            .timeout(Duration::from_secs(30)),
    );
    client
        .execute::<serde_json::Value>(parts)
        .await
        .unwrap_err();
    assert!(sleep.waits().is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
