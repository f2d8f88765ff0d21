//! The client API in one program, against a loopback mock of the Genesys API (wiremock):
//!
//! - 64 operation futures spawned on the runtime (builders own a `Client` clone);
//! - two middlewares: request metrics (count and latency per operation and status) and an
//!   extra header on every request;
//! - a per-request timeout override;
//! - users listed through the escape hatch (`Client::request`), an endpoint this crate does
//!   not generate;
//! - typed errors matched by variant and asked what to do (`is_retryable`, `status`...).
//!
//! ```text
//! cargo run -p genesys-client --example client_tour
//! ```
//!
//! CI runs it (`.ci/run`); it exits non-zero if anything is not as described.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use genesys_client::runtime::{AttemptContext, AttemptOutcome, Middleware};
use genesys_client::{Client, Error, RetryPolicy};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Request metrics: attempts and total latency per `(operation id, status)`.
#[derive(Debug, Default)]
struct Metrics(Mutex<BTreeMap<(String, String), (u32, Duration)>>);

impl Middleware for Metrics {
    fn after_response(&self, context: &AttemptContext<'_>, outcome: &AttemptOutcome<'_>) {
        let status = match (outcome.status, outcome.error) {
            (Some(status), _) => status.as_u16().to_string(),
            (None, Some(err)) if err.is_timeout() => "timeout".to_owned(),
            (None, _) => "transport".to_owned(),
        };
        let mut table = self.0.lock().expect("metrics lock");
        let entry = table
            .entry((context.operation_id.to_owned(), status))
            .or_default();
        entry.0 += 1;
        entry.1 += outcome.latency;
    }
}

/// Metrics shared with the middleware: the client keeps its own `Arc`.
#[derive(Debug, Clone)]
struct SharedMetrics(Arc<Metrics>);

impl Middleware for SharedMetrics {
    fn after_response(&self, context: &AttemptContext<'_>, outcome: &AttemptOutcome<'_>) {
        self.0.after_response(context, outcome);
    }
}

/// An extra header on every request (a tenant or caller id, a proxy's key...).
#[derive(Debug)]
struct CallerHeader(HeaderValue);

impl Middleware for CallerHeader {
    fn before_send(&self, _: &AttemptContext<'_>, request: &mut reqwest::Request) {
        request
            .headers_mut()
            .insert(HeaderName::from_static("x-caller"), self.0.clone());
    }
}

#[derive(Debug, serde::Deserialize)]
struct User {
    id: String,
    name: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserListing {
    entities: Vec<User>,
    page_count: i64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = mock_genesys().await;
    let metrics = Arc::new(Metrics::default());
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("example-token")
        .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::from_millis(10)))
        .middleware(SharedMetrics(metrics.clone()))
        .middleware(CallerHeader(HeaderValue::from_static("client-tour")))
        .build()?;

    // 1. 64 operation futures, each on its own task.
    let tasks: Vec<_> = (0..64)
        .map(|_| tokio::spawn(client.presence().get_presence_sources().send()))
        .collect();
    let mut sources = 0;
    for task in tasks {
        sources += task.await??.entities.unwrap_or_default().len();
    }
    println!("64 spawned calls returned {sources} presence sources");
    assert_eq!(sources, 64);

    // 2. A per-request timeout: the settings endpoint is slow today.
    let err = client
        .presence()
        .get_presence_settings()
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::disabled())
        .send()
        .await
        .expect_err("the mock answers after 2 s");
    match &err {
        Error::Timeout { operation_id, .. } => {
            println!(
                "timed out as asked: {operation_id:?} (retryable: {})",
                err.is_retryable()
            );
            assert_eq!(*operation_id, Some("getPresenceSettings"));
        }
        other => return Err(format!("expected a timeout, got {other}").into()),
    }

    // 3. The escape hatch: list users (not generated for the Presence tag), page by page.
    let mut users = Vec::new();
    let mut page = 1;
    loop {
        let listing: UserListing = client
            .request(Method::GET, "/api/v2/users")
            .operation_id("getUsers")
            .query("pageSize", 2)
            .query("pageNumber", page)
            .send()
            .await?
            .into_body();
        users.extend(listing.entities);
        if i64::from(page) >= listing.page_count {
            break;
        }
        page += 1;
    }
    for user in &users {
        println!("user {} {}", user.id, user.name.as_deref().unwrap_or("?"));
    }
    assert_eq!(users.len(), 3);

    // 4. Typed errors: a missing source, and a request refused before sending.
    match client
        .presence()
        .get_presence_source("missing")
        .send()
        .await
    {
        Err(Error::Api {
            status,
            ref correlation_id,
            ..
        }) if status == 404 => {
            println!(
                "not found (correlation id {})",
                correlation_id.as_deref().unwrap_or("-")
            );
        }
        other => return Err(format!("expected a 404, got {other:?}").into()),
    }
    match client.presence().get_presence_source("..").send().await {
        Err(Error::InvalidParameter {
            ref parameter,
            ref message,
            ..
        }) => println!("refused before sending: `{parameter}` {message}"),
        other => return Err(format!("expected InvalidParameter, got {other:?}").into()),
    }

    // The header middleware reached every request; the metrics middleware saw every attempt.
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests.iter().all(|r| r
        .headers
        .get("x-caller")
        .is_some_and(|v| v == "client-tour")));
    let table = metrics.0.lock().expect("metrics lock");
    println!("metrics (operation, status) -> (attempts, mean latency):");
    for ((operation, status), (count, total)) in table.iter() {
        println!(
            "  {operation:<22} {status:<9} {count:>3}  {:?}",
            *total / *count
        );
    }
    assert_eq!(
        table
            .get(&("getPresenceSources".into(), "200".into()))
            .map(|e| e.0),
        Some(64)
    );
    assert_eq!(
        table.get(&("getUsers".into(), "200".into())).map(|e| e.0),
        Some(2)
    );
    assert_eq!(
        table
            .get(&("getPresenceSettings".into(), "timeout".into()))
            .map(|e| e.0),
        Some(1)
    );
    Ok(())
}

/// The loopback mock: the few endpoints the tour calls.
async fn mock_genesys() -> MockServer {
    let server = MockServer::start().await;
    let json = |v: serde_json::Value| ResponseTemplate::new(200).set_body_json(v);
    Mock::given(method("GET"))
        .and(path("/api/v2/presence/sources"))
        .respond_with(json(serde_json::json!({
            "entities": [{ "id": "crm", "name": "CRM" }]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/presence/settings"))
        .respond_with(json(serde_json::json!({})).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/presence/sources/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("ININ-Correlation-Id", "tour-404")
                .set_body_json(serde_json::json!({
                    "status": 404, "code": "not.found", "message": "No such source"
                })),
        )
        .mount(&server)
        .await;
    for (page, entities) in [
        (
            1,
            serde_json::json!([{ "id": "u1", "name": "Ada" }, { "id": "u2", "name": "Grace" }]),
        ),
        (2, serde_json::json!([{ "id": "u3", "name": "Edsger" }])),
    ] {
        Mock::given(method("GET"))
            .and(path("/api/v2/users"))
            .and(query_param("pageNumber", page.to_string()))
            .and(header("authorization", "Bearer example-token"))
            .respond_with(json(serde_json::json!({
                "entities": entities, "pageNumber": page, "pageCount": 2
            })))
            .mount(&server)
            .await;
    }
    server
}
