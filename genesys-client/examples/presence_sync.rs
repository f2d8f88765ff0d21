//! Syncing a third-party presence system at scale: read where 1,200 users are (bulk reads of
//! any size), then stream their state changes to Genesys through a long-running
//! [`EventSink`](genesys_client::EventSink), and end with an exact account of every event.
//!
//! It runs against a loopback stand-in for Genesys (a wiremock server answering each request
//! after 20 ms, rejecting one event in a hundred), so it needs no credentials:
//!
//! ```text
//! cargo run -p genesys-client --example presence_sync
//! ```
//!
//! Against the real API, build the client with `.region(…)` and `.client_credentials(…)`
//! instead of `.base_url(…)` and `.bearer_token(…)`; nothing else changes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use genesys_client::models::UserPresenceEvent;
use genesys_client::{Client, Draft, PublishOutcome};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const USERS: usize = 1_200;
const SOURCE: &str = "c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e";
const AVAILABLE: &str = "6a3af858-942f-489d-9700-5f9bcdcdae9b";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let genesys = stand_in().await;
    let client = Client::builder()
        .base_url(genesys.uri())
        .bearer_token("example-token")
        .build()?;
    let users: Vec<String> = (0..USERS).map(|i| format!("user-{i:04}")).collect();

    // 1. Where is everyone? One call; the builder splits the ids by the API's limit of 50
    //    per request and keeps 4 requests in flight.
    let read = client
        .presence()
        .get_users_presences_purecloud_bulk()
        .id(&users)
        .send_chunked(4)
        .await;
    println!(
        "bulk read: {} ids in {} requests",
        read.inputs.len(),
        read.chunks.len()
    );
    let (presences, failed) = read.into_items();
    for (ids, error) in &failed {
        eprintln!("  {} ids not read: {error}", ids.len());
    }
    println!(
        "  {} presences, {} chunks failed",
        presences.len(),
        failed.len()
    );

    // 2. Stream state changes as they happen: `send` returns the event id at once and waits
    //    only when the sink's queue is full; the sink batches by size and by linger time.
    let reports: Arc<Mutex<Vec<PublishOutcome<UserPresenceEvent>>>> = Arc::default();
    let sink = client
        .event_sink::<UserPresenceEvent>()
        .linger(Duration::from_millis(10))
        .on_delivery({
            let reports = reports.clone();
            move |outcome| reports.lock().unwrap().push(outcome)
        })
        .start()?;
    let mut sent = Vec::new();
    for user in &users {
        // `eventId` and `eventDateTime` left to the sink: a UUID and "now", fixed before sending.
        let change = UserPresenceEvent::new(Utc::now(), "", SOURCE, user.as_str())
            .with_presence_definition_id(AVAILABLE);
        sent.push(sink.send(Draft::new(change)).await?);
    }
    let totals = sink.shutdown().await; // drains the queue and waits for every batch

    // 3. The account: every id `send` returned is reported exactly once.
    let mut fate: BTreeMap<&str, &str> = BTreeMap::new();
    let reports = reports.lock().unwrap();
    for report in reports.iter() {
        report.accepted.iter().for_each(|id| {
            fate.insert(id, "accepted");
        });
        report.rejected.iter().for_each(|r| {
            fate.insert(&r.event.event_id, "rejected");
        });
        report.unsent.iter().for_each(|e| {
            fate.insert(&e.event_id, "unsent: publish again as is");
        });
    }
    println!(
        "sink: {} sent, {} accepted, {} rejected, {} unsent, {} requests",
        totals.submitted, totals.accepted, totals.rejected, totals.unsent, totals.requests
    );
    assert_eq!(fate.len(), sent.len(), "every event accounted for");
    assert!(sent.iter().all(|id| fate.contains_key(id.as_str())));
    assert_eq!(
        totals.accepted + totals.rejected + totals.unsent,
        totals.submitted
    );
    Ok(())
}

/// The loopback stand-in: bulk reads answer one presence per id; event batches are accepted
/// except every 100th event, rejected as Genesys would (`errors[]` naming the event).
async fn stand_in() -> MockServer {
    struct Bulk;
    impl Respond for Bulk {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let presences: Vec<_> = request
                .url
                .query_pairs()
                .filter(|(k, _)| k == "id")
                .map(|(_, id)| serde_json::json!({ "userId": id, "source": "PURECLOUD" }))
                .collect();
            ResponseTemplate::new(200)
                .set_body_json(presences)
                .set_delay(Duration::from_millis(20))
        }
    }
    struct Events;
    impl Respond for Events {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
            let errors: Vec<_> = body["userPresenceEvents"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| e["userId"].as_str().is_some_and(|u| u.ends_with("99")))
                .map(|e| {
                    serde_json::json!({
                        "eventId": e["eventId"], "code": "invalid.source", "retryable": false
                    })
                })
                .collect();
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "errors": errors }))
                .set_delay(Duration::from_millis(20))
        }
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/presences/purecloud/bulk"))
        .respond_with(Bulk)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/events/users/presence"))
        .respond_with(Events)
        .mount(&server)
        .await;
    server
}
