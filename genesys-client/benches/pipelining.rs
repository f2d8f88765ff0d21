//! Throughput of the multi-request jobs against a loopback server that answers every request
//! after 20 ms (a stand-in for the network and the API's own latency):
//!
//! - `publish_10k`: 10,000 presence events through `EventPublisher` (100 per batch request).
//!   Baseline: `in_flight(1)`, the sequential publisher of the previous release, measured in the
//!   same run. Bound: `in_flight × batch size / 20 ms`.
//! - `bulk_read_5k`: 5,000 user ids through `get_users_presences_purecloud_bulk`, split by the
//!   documented limit of 50 ids per request by the generated `send_chunked`. Baseline: one chunk
//!   at a time. Bound: `in_flight × 50 / 20 ms`.
//!
//! Before criterion runs, the bench prints one line per arm: the median events (ids) per
//! second over 3 runs and its share of the bound. Run:
//! `cargo bench -p genesys-client --bench pipelining`.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use genesys_client::models::UserPresenceEvent;
use genesys_client::{Client, Draft};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const EVENTS: usize = 10_000;
const IDS: usize = 5_000;
const LATENCY: Duration = Duration::from_millis(20);
const BATCH: usize = 100;
const ID_LIMIT: usize = 50;

/// Answers a bulk presence GET with one presence per `id` query value.
struct Presences;

impl Respond for Presences {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Vec<serde_json::Value> = request
            .url
            .query_pairs()
            .filter(|(k, _)| k == "id")
            .map(|(_, id)| serde_json::json!({"userId": id, "source": "PURECLOUD"}))
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(LATENCY)
    }
}

/// Starts the server on its own thread and runtime (so it costs every arm the same).
fn start_server() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path("/api/v2/events/users/presence"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_json(serde_json::json!({"errors": []}))
                        .set_delay(LATENCY),
                )
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path("/api/v2/users/presences/purecloud/bulk"))
                .respond_with(Presences)
                .mount(&server)
                .await;
            tx.send(server.uri()).expect("send uri");
            std::future::pending::<()>().await;
        });
    });
    rx.recv().expect("server uri")
}

fn drafts() -> Vec<Draft<UserPresenceEvent>> {
    (0..EVENTS)
        .map(|i| {
            Draft::new(UserPresenceEvent::new(
                DateTime::<Utc>::default(),
                "",
                "source-1",
                format!("user-{i}"),
            ))
        })
        .collect()
}

async fn publish(client: &Client, in_flight: usize) {
    let outcome = client
        .event_publisher()
        .max_per_request(BATCH)
        .in_flight(in_flight)
        .publish(drafts())
        .await;
    assert_eq!(outcome.accepted.len(), EVENTS, "{:?}", outcome.error());
}

async fn bulk_read(client: &Client, ids: &[String], in_flight: usize) {
    let outcome = client
        .presence()
        .get_users_presences_purecloud_bulk()
        .id(ids)
        .send_chunked(in_flight)
        .await;
    let (presences, failed) = outcome.into_items();
    assert!(failed.is_empty());
    assert_eq!(presences.len(), IDS);
}

/// Median items per second over 3 runs of `job`, printed with its share of `bound`.
fn report(label: &str, items: usize, bound: f64, job: impl Fn()) {
    let mut rates: Vec<f64> = (0..3)
        .map(|_| {
            let started = Instant::now();
            job();
            items as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    println!(
        "{label}: {:.0} items/s = {:.1} % of the bound {bound:.0}/s",
        rates[1],
        100.0 * rates[1] / bound
    );
}

fn pipelining(c: &mut Criterion) {
    let base = start_server();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("client runtime");
    let client = Client::builder()
        .base_url(base)
        .bearer_token("bench-token")
        .build()
        .expect("client builds");
    let ids: Vec<String> = (0..IDS).map(|i| format!("user-{i}")).collect();
    let per_s = |in_flight: usize, size: usize| (in_flight * size) as f64 / LATENCY.as_secs_f64();

    for in_flight in [1, 4, 8] {
        report(
            &format!("publish_10k in_flight={in_flight}"),
            EVENTS,
            per_s(in_flight, BATCH),
            || rt.block_on(publish(&client, in_flight)),
        );
    }
    for in_flight in [1, 4, 8] {
        report(
            &format!("bulk_read_5k in_flight={in_flight}"),
            IDS,
            per_s(in_flight, ID_LIMIT),
            || rt.block_on(bulk_read(&client, &ids, in_flight)),
        );
    }

    let mut group = c.benchmark_group("publish_10k");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(EVENTS as u64));
    for in_flight in [1, 4] {
        group.bench_function(format!("in_flight_{in_flight}"), |b| {
            b.iter(|| rt.block_on(publish(&client, in_flight)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("bulk_read_5k");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(IDS as u64));
    for in_flight in [1, 4] {
        group.bench_function(format!("in_flight_{in_flight}"), |b| {
            b.iter(|| rt.block_on(bulk_read(&client, &ids, in_flight)))
        });
    }
    group.finish();
}

criterion_group!(benches, pipelining);
criterion_main!(benches);
