//! One clock: every wait of the runtime goes through the client's [`Sleep`] (retries, the rate
//! gate, token retries and expiry, the publisher's round delay, the sink's linger).
//!
//! Each test runs in REAL time with waits of an hour, on a [`ManualClock`] that stands still
//! until the test advances it: a wait that bypassed the clock would take an hour and trip the
//! 60 s hang guard, and a clock wait that was not the expected one shows in `waits()`. A
//! source-level test also checks that no runtime file reaches for `tokio::time` itself.

mod common;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::batch_server::{drafts, ids_of};
use genesys_client::models::UserPresenceEvent;
use genesys_client::runtime::{Clock, ManualClock, Sleep};
use genesys_client::{Client, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const GET: reqwest::Method = reqwest::Method::GET;
const HOUR: Duration = Duration::from_secs(3600);

/// A hang guard, not a speed assertion: a wait that bypassed the manual clock lasts an hour.
async fn guard<T>(what: &str, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), f)
        .await
        .unwrap_or_else(|_| panic!("{what}: a wait did not go through the client's clock"))
}

/// Hour-long backoffs: only a virtual clock gets through them in a test.
fn slow_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(HOUR)
        .with_max_backoff(HOUR)
        .with_max_retry_after(2 * HOUR)
        .with_max_elapsed(100 * HOUR)
}

fn client(server: &MockServer, clock: &ManualClock) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry_policy(slow_retries())
        .sleep(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_retry_backoff_waits_on_the_client_clock() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    let call = tokio::spawn(async move { client.request(GET, "/api/v2/x").send_raw().await });
    guard("retry", clock.wait_for_pending(1)).await;
    let waits = clock.waits();
    assert_eq!(waits.len(), 1);
    assert!(waits[0] >= HOUR / 2 && waits[0] <= HOUR, "{waits:?}");
    assert!(!call.is_finished());
    clock.advance_to_next().unwrap();
    let response = guard("retry", call).await.unwrap().unwrap();
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn the_rate_gate_holds_other_requests_on_the_client_clock() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/first"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let client = client(&server, &clock);
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.request(GET, "/api/v2/first").send_raw().await }
    });
    // The first request got its 429 and waits out the Retry-After as its retry wait.
    guard("429 retry", clock.wait_for_pending(1)).await;
    clock.advance(Duration::from_secs(600));
    // A second request now finds the gate closed for the 50 minutes left.
    let second =
        tokio::spawn(async move { client.request(GET, "/api/v2/second").send_raw().await });
    guard("rate gate", clock.wait_for_pending(2)).await;
    assert_eq!(
        clock.waits(),
        [HOUR, HOUR - Duration::from_secs(600)],
        "the retry wait, then the gate's wait on the same clock"
    );
    assert!(!second.is_finished());
    clock.advance(HOUR);
    assert_eq!(guard("gate", first).await.unwrap().unwrap().status, 200);
    assert_eq!(guard("gate", second).await.unwrap().unwrap().status, 200);
}

/// Token responses: `503` for the first request, then tokens `tok-N` living two hours.
struct TokenEndpoint(AtomicUsize);

impl Respond for TokenEndpoint {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        if n == 0 {
            return ResponseTemplate::new(503);
        }
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": format!("tok-{n}"), "token_type": "bearer", "expires_in": 7200,
        }))
    }
}

#[tokio::test]
async fn token_retries_and_expiry_use_the_client_clock() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenEndpoint(AtomicUsize::new(0)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let client = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/oauth/token", server.uri()))
        .client_credentials("id", "secret")
        .token_refresh_margin(Duration::ZERO)
        .retry_policy(slow_retries())
        .sleep(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let call = tokio::spawn({
        let client = client.clone();
        async move { client.request(GET, "/api/v2/x").send_raw().await }
    });
    guard("token retry", clock.wait_for_pending(1)).await;
    assert!(!call.is_finished());
    clock.advance_to_next().unwrap();
    guard("token retry", call).await.unwrap().unwrap();
    let tokens = || {
        let server = &server;
        async move {
            let requests = server.received_requests().await.unwrap();
            requests
                .iter()
                .filter(|r| r.url.path() == "/api/v2/x")
                .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    // Still fresh an hour and 59 minutes later on the client's clock...
    clock.advance(2 * HOUR - Duration::from_secs(60));
    guard("cached", client.request(GET, "/api/v2/x").send_raw())
        .await
        .unwrap();
    // ...expired two hours after it was obtained: a new token, though no real time passed.
    clock.advance(Duration::from_secs(61));
    guard("refresh", client.request(GET, "/api/v2/x").send_raw())
        .await
        .unwrap();
    assert_eq!(
        tokens().await,
        ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]
    );
}

/// Batch answers: every event of the first batch rejected as retryable, then all accepted.
struct RetryableOnce(AtomicUsize);

impl Respond for RetryableOnce {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let errors: Vec<_> = if self.0.fetch_add(1, Ordering::SeqCst) == 0 {
            ids_of(&request.body)
                .into_iter()
                .map(|id| serde_json::json!({"eventId": id, "retryable": true}))
                .collect()
        } else {
            Vec::new()
        };
        ResponseTemplate::new(200).set_body_json(serde_json::json!({ "errors": errors }))
    }
}

#[tokio::test]
async fn the_publisher_round_delay_waits_on_the_client_clock() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/events/users/presence"))
        .respond_with(RetryableOnce(AtomicUsize::new(0)))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let publisher = client(&server, &clock).event_publisher().round_delay(HOUR);
    let publish = tokio::spawn(async move { publisher.publish(drafts(3)).await });
    guard("round delay", clock.wait_for_pending(1)).await;
    assert_eq!(clock.waits(), [HOUR]);
    assert!(!publish.is_finished());
    clock.advance(HOUR);
    let outcome = guard("round delay", publish).await.unwrap();
    assert!(outcome.is_complete(), "{outcome:?}");
    assert_eq!((outcome.rounds, outcome.requests), (2, 2));
}

#[tokio::test]
async fn the_sink_linger_runs_on_the_client_clock() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/events/users/presence"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"errors": []})))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let sink = client(&server, &clock)
        .event_sink::<UserPresenceEvent>()
        .linger(HOUR)
        .start()
        .unwrap();
    sink.send(drafts(1).remove(0)).await.unwrap();
    guard("linger", clock.wait_for_pending(1)).await;
    sink.send(drafts(1).remove(0)).await.unwrap();
    assert_eq!(sink.totals().requests, 0, "the batch lingers");
    clock.advance(HOUR - Duration::from_secs(1));
    tokio::task::yield_now().await;
    assert_eq!(sink.totals().requests, 0, "a second short of the linger");
    clock.advance(Duration::from_secs(1));
    guard("linger", async {
        while sink.totals().accepted < 2 {
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert_eq!(
        sink.totals().requests,
        1,
        "both events in the one lingering batch"
    );
    assert_eq!(clock.waits(), [HOUR], "one clock wait for the one deadline");
    sink.shutdown().await;
}

/// `Clock` is the same trait as `Sleep`: a user's clock written against either name plugs in.
#[test]
fn clock_is_another_name_for_sleep() {
    fn takes_sleep(_: Arc<dyn Sleep>) {}
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new());
    takes_sleep(clock);
}

/// No runtime code outside the clock module reads time or waits by itself: every timer,
/// sleep, timeout and `now` goes through the client's clock. (Tests inside the files and
/// the transport's latency measurement are the exceptions, listed.)
#[test]
fn no_runtime_file_waits_around_the_clock() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    assert!(
        files.len() > 20,
        "found the runtime sources: {}",
        files.len()
    );
    let mut offenders = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "http/sleep.rs" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests in the file may use tokio's paused clock directly.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            let banned = ["tokio::time", "thread::sleep", "async_std::task::sleep"]
                .iter()
                .any(|b| line.contains(b));
            // The transport and its attempts measure latency (and the attempts' share of the
            // retry budget) with the real clock; every wait and deadline is on the client's.
            let now = line.contains("Instant::now")
                && rel != "http/transport.rs"
                && rel != "http/attempt.rs";
            // The receiver measures channel expiry against the server's `Date`, never the
            // local wall clock.
            let wall = line.contains("Utc::now") && rel.starts_with("notifications/");
            if banned || now || wall {
                offenders.push(format!("runtime/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "waits or time reads that bypass the client's clock:\n{}",
        offenders.join("\n")
    );
}
