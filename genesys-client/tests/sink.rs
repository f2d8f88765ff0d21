//! The long-running event sink: batching by size and linger, flush, backpressure, shutdown
//! under load with a failing batch, a dropped sink, and all three event kinds. After each,
//! the delivery reports account for every event whose id `send` returned, exactly once.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::batch_server::{drafts, faulty_server, Fault};
use genesys_client::models::{
    HoldUpdatedEvent, UserPresenceEvent, UserRoutingStatusEvent, UserRoutingStatusEventStatus,
};
use genesys_client::runtime::SinkClosed;
use genesys_client::{BatchEvent, Draft, PublishOutcome};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every delivery report, in the order the sink made them.
type Reports<E> = Arc<Mutex<Vec<PublishOutcome<E>>>>;

fn collector<E: BatchEvent>() -> (Reports<E>, impl Fn(PublishOutcome<E>) + Send + Sync) {
    let reports: Reports<E> = Arc::default();
    let sink = reports.clone();
    (reports, move |outcome| sink.lock().unwrap().push(outcome))
}

/// The reported fate of every event id: "accepted", "rejected" or "unsent" (an id reported
/// twice fails the test).
fn fates<E: BatchEvent>(reports: &[PublishOutcome<E>]) -> BTreeMap<String, &'static str> {
    let mut fates = BTreeMap::new();
    let mut put = |id: &str, fate| {
        assert!(
            fates.insert(id.to_owned(), fate).is_none(),
            "{id} reported twice"
        );
    };
    for r in reports {
        r.accepted.iter().for_each(|id| put(id, "accepted"));
        r.rejected
            .iter()
            .for_each(|x| put(x.event.event_id(), "rejected"));
        r.unsent.iter().for_each(|e| put(e.event_id(), "unsent"));
    }
    fates
}

async fn ok_server(route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"errors": []})))
        .mount(&server)
        .await;
    server
}

/// Full batches go by size; the rest waits for a flush (the linger is an hour here, so no
/// timing can cut a batch short).
#[tokio::test]
async fn events_are_batched_by_size_and_flush_sends_the_rest() {
    let server = ok_server("/api/v2/events/users/presence").await;
    let client = common::client(&server);
    let (reports, on_delivery) = collector();
    let sink = client
        .event_sink::<UserPresenceEvent>()
        .max_per_request(100)
        .linger(Duration::from_secs(3600))
        .on_delivery(on_delivery)
        .start()
        .unwrap();
    let mut ids = Vec::new();
    for draft in drafts(250) {
        ids.push(sink.send(draft).await.unwrap());
    }
    sink.flush().await.unwrap();
    let fates = fates(&reports.lock().unwrap());
    assert_eq!(fates.len(), 250);
    assert!(ids.iter().all(|id| fates[id] == "accepted"));
    let mut sizes: Vec<usize> = reports.lock().unwrap().iter().map(|r| r.len()).collect();
    sizes.sort_unstable();
    assert_eq!(
        sizes,
        [50, 100, 100],
        "two full batches and the flushed rest"
    );

    let late = sink.send(drafts(1).remove(0)).await.unwrap();
    sink.flush().await.unwrap();
    assert_eq!(fates_of(&reports)[&late], "accepted");
    let totals = sink.shutdown().await;
    assert_eq!(
        (totals.submitted, totals.accepted, totals.pending),
        (251, 251, 0)
    );
    assert_eq!(totals.requests, 4);
}

/// A partial batch goes out on its own once the linger passes (no flush, no shutdown).
#[tokio::test]
async fn a_partial_batch_goes_out_after_the_linger() {
    let server = ok_server("/api/v2/events/users/presence").await;
    let client = common::client(&server);
    let sink = client
        .event_sink::<UserPresenceEvent>()
        .linger(Duration::from_millis(10))
        .start()
        .unwrap();
    sink.send(drafts(1).remove(0)).await.unwrap();
    // (A hang guard, not a speed assertion.)
    tokio::time::timeout(Duration::from_secs(60), async {
        while sink.totals().accepted < 1 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await
    .expect("the lingering event is sent without a flush");
    assert_eq!(sink.totals().requests, 1);
}

fn fates_of<E: BatchEvent>(reports: &Reports<E>) -> BTreeMap<String, &'static str> {
    fates(&reports.lock().unwrap())
}

/// Four producers send 2,000 events while the server answers each batch after 20 ms and fails
/// the 5th batch with a 503; the sink is shut down half-way. Every id `send` returned is
/// reported exactly once, the refused sends hand their event back, and nothing is published
/// twice.
#[tokio::test]
async fn a_sink_shut_down_under_load_accounts_for_every_event() {
    let (server, published) =
        faulty_server(5, Fault::Status(503), Some((0, Duration::from_millis(20)))).await;
    let client = common::client(&server);
    let (reports, on_delivery) = collector();
    let sink = client
        .event_sink::<UserPresenceEvent>()
        .capacity(200)
        .in_flight(3)
        .on_delivery(on_delivery)
        .start()
        .unwrap();
    let producers: Vec<_> = (0..4)
        .map(|_| {
            let sink = sink.clone();
            tokio::spawn(async move {
                let (mut sent, mut refused) = (Vec::new(), Vec::new());
                for draft in drafts(500) {
                    match sink.send(draft).await {
                        Ok(id) => sent.push(id),
                        Err(SinkClosed(event)) => refused.push(event.event_id),
                    }
                }
                (sent, refused)
            })
        })
        .collect();
    // Shut down once a good part is through (by count, not by time).
    // (A hang guard, not a speed assertion.)
    tokio::time::timeout(Duration::from_secs(60), async {
        while sink.totals().accepted < 600 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await
    .expect("600 events accepted");
    let totals = sink.clone().shutdown().await;
    let (mut sent, mut refused) = (Vec::new(), Vec::new());
    for p in producers {
        let (s, r) = p.await.unwrap();
        sent.extend(s);
        refused.extend(r);
    }
    assert_eq!(sent.len() + refused.len(), 2000);
    assert!(
        !refused.is_empty(),
        "the shutdown came before all 2,000 were queued"
    );
    assert_eq!(totals.submitted, sent.len());
    assert_eq!(totals.pending, 0, "{totals:?}");

    let fates = fates_of(&reports);
    let mut reported: Vec<&String> = fates.keys().collect();
    sent.sort_unstable();
    reported.sort_unstable();
    assert_eq!(
        reported,
        sent.iter().collect::<Vec<_>>(),
        "every queued id, once"
    );
    let published = published.lock().unwrap().clone();
    for (id, fate) in &fates {
        let times = published.get(id).copied().unwrap_or(0);
        match *fate {
            "accepted" => assert!(times == 1 && !id.ends_with('9')),
            "rejected" => assert!(times == 1 && id.ends_with('9')),
            _ => assert_eq!(times, 0, "{id} unsent (the 503 batch) was not published"),
        }
    }
    for id in &refused {
        assert!(!published.contains_key(id), "refused {id} never sent");
    }
    // Exactly one batch failed (the 503), and its events, and only they, are unsent.
    let reports = reports.lock().unwrap().clone();
    let failed: Vec<_> = reports.iter().filter(|r| !r.failures.is_empty()).collect();
    assert_eq!(failed.len(), 1, "one batch got the 503");
    let unsent: Vec<&str> = failed[0]
        .unsent
        .iter()
        .map(|e| e.event_id.as_str())
        .collect();
    let batch: Vec<&str> = failed[0].failures[0]
        .event_ids
        .iter()
        .map(String::as_str)
        .collect();
    assert!(!unsent.is_empty());
    assert_eq!(unsent, batch);
    assert_eq!(
        fates.values().filter(|f| **f == "unsent").count(),
        unsent.len()
    );
    assert_eq!(
        (totals.accepted + totals.rejected + totals.unsent),
        sent.len()
    );
    assert!(
        sink.send(drafts(1).remove(0)).await.is_err(),
        "closed for every handle"
    );
}

/// Dropping every handle without `shutdown` still sends and reports what was queued.
#[tokio::test]
async fn a_dropped_sink_drains_what_it_had() {
    let server = ok_server("/api/v2/events/users/routingstatus").await;
    let client = common::client(&server);
    let (reports, on_delivery) = collector::<UserRoutingStatusEvent>();
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<()>();
    let done_tx = Mutex::new(Some(done_tx));
    let counted = reports.clone();
    let sink = client
        .event_sink::<UserRoutingStatusEvent>()
        .linger(Duration::from_secs(3600))
        .on_delivery(move |outcome| {
            on_delivery(outcome);
            if counted
                .lock()
                .unwrap()
                .iter()
                .map(|r| r.len())
                .sum::<usize>()
                == 30
            {
                done_tx.lock().unwrap().take().map(|tx| tx.send(()));
            }
        })
        .start()
        .unwrap();
    let at = DateTime::<Utc>::default();
    for i in 0..30 {
        let event = UserRoutingStatusEvent::new(
            format!("agent-{i}"),
            at,
            "",
            "source-1",
            UserRoutingStatusEventStatus::Idle,
        );
        sink.send(Draft::new(event)).await.unwrap();
    }
    drop(sink);
    done_rx
        .await
        .expect("the sink's task reports before ending");
    assert_eq!(
        fates_of(&reports)
            .values()
            .filter(|f| **f == "accepted")
            .count(),
        30
    );
}

/// Conversation events go through the same sink, several kinds in one batch.
#[tokio::test]
async fn conversation_events_go_through_a_sink() {
    use genesys_client::events::ConversationEvent;
    let server = ok_server("/api/v2/events/conversations").await;
    let client = common::client(&server);
    let (reports, on_delivery) = collector::<ConversationEvent>();
    let sink = client
        .event_sink::<ConversationEvent>()
        .on_delivery(on_delivery)
        .start()
        .unwrap();
    let at = DateTime::<Utc>::default();
    for i in 0..10 {
        let hold = HoldUpdatedEvent::new(format!("comm-{i}"), "conv-1", at, "", i % 2 == 0);
        sink.send(Draft::new(ConversationEvent::from(hold)))
            .await
            .unwrap();
    }
    let totals = sink.shutdown().await;
    assert_eq!((totals.accepted, totals.requests), (10, 1));
    assert_eq!(fates_of(&reports).len(), 10);
    let body: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(body["holdUpdatedEvents"].as_array().unwrap().len(), 10);
}

#[test]
fn starting_outside_a_runtime_is_a_configuration_error() {
    let client = genesys_client::Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client
        .event_sink::<UserPresenceEvent>()
        .start()
        .unwrap_err();
    assert!(
        matches!(err, genesys_client::Error::Configuration { .. }),
        "{err}"
    );
}

/// A delivery callback that panics does not end the sink: later batches are still sent and
/// reported, and the totals account for every event.
#[tokio::test]
async fn a_panicking_delivery_callback_does_not_end_the_sink() {
    let server = ok_server("/api/v2/events/users/presence").await;
    let client = common::client(&server);
    let (reports, on_delivery) = collector();
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = calls.clone();
    let sink = client
        .event_sink::<UserPresenceEvent>()
        .max_per_request(10)
        .linger(Duration::from_secs(3600))
        .on_delivery(move |outcome| {
            if counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                panic!("a bug in the caller's callback");
            }
            on_delivery(outcome);
        })
        .start()
        .unwrap();
    for draft in drafts(30) {
        sink.send(draft).await.unwrap();
    }
    sink.flush().await.unwrap();
    let totals = sink.shutdown().await;
    assert_eq!(
        (totals.submitted, totals.accepted, totals.pending),
        (30, 30, 0)
    );
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 3);
    assert_eq!(
        fates_of(&reports).len(),
        20,
        "the two batches after the panic"
    );
}
