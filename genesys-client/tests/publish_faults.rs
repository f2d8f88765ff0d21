//! Publishing never loses track: a fault on the k-th batch (503, 429, 401, a connection
//! reset) or a dropped publish future leaves an exact account — accepted + rejected + unsent
//! is the input, each id once — and resubmitting the unsent events (same ids) completes the
//! job without any id being accepted twice.

mod common;
mod raw_http;

use common::batch_server::{drafts, faulty_server, ids_of, Fault};

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use genesys_client::models::UserPresenceEvent;
use genesys_client::{Client, PublishOutcome};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every input id is in exactly one of accepted / rejected / unsent; the rejected ones are
/// the `…9`s the server answered; the accepted ones are exactly the ids the server published
/// without rejecting.
fn assert_exact_account(
    outcome: &PublishOutcome<UserPresenceEvent>,
    input: &[String],
    published: &BTreeMap<String, usize>,
) {
    let mut all: Vec<&str> = outcome
        .accepted
        .iter()
        .map(String::as_str)
        .chain(outcome.rejected.iter().map(|r| r.event.event_id.as_str()))
        .chain(outcome.unsent.iter().map(|e| e.event_id.as_str()))
        .collect();
    all.sort_unstable();
    let mut expected: Vec<&str> = input.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(
        all, expected,
        "accepted + rejected + unsent == input, each id once"
    );
    for id in &outcome.accepted {
        assert_eq!(
            published.get(id),
            Some(&1),
            "accepted {id} was published once"
        );
        assert!(!id.ends_with('9'));
    }
    for r in &outcome.rejected {
        assert!(r.event.event_id.ends_with('9'));
        assert_eq!(r.error.event_id.as_deref(), Some(r.event.event_id.as_str()));
    }
    for e in &outcome.unsent {
        let times = published.get(&e.event_id).copied().unwrap_or(0);
        if outcome.in_doubt.contains(&e.event_id) {
            assert!(times <= 1, "in-doubt {} published at most once", e.event_id);
        } else {
            assert_eq!(times, 0, "unsent {} was not published", e.event_id);
        }
    }
    assert!(outcome
        .in_doubt
        .iter()
        .all(|id| outcome.unsent.iter().any(|e| &e.event_id == id)));
}

/// Publishes 1,000 events (10 batches) with a fault on batch `k`, checks the account, then
/// resubmits the unsent events and checks that the two outcomes together cover the input with
/// every id published exactly once.
async fn fault_on_kth_batch(client: &Client, published: &Mutex<BTreeMap<String, usize>>) {
    let publication = client
        .event_publisher()
        .round_delay(Duration::ZERO)
        .prepare(drafts(1000));
    let input: Vec<String> = publication
        .events()
        .iter()
        .map(|e| e.event_id.clone())
        .collect();
    let first = publication.send().await;
    assert_exact_account(&first, &input, &published.lock().unwrap());

    let unsent_ids: Vec<String> = first.unsent.iter().map(|e| e.event_id.clone()).collect();
    let second = client.event_publisher().publish(first.unsent.clone()).await;
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    assert_exact_account(&second, &unsent_ids, &published.lock().unwrap());
    assert_eq!(
        first.accepted.len() + first.rejected.len() + second.accepted.len() + second.rejected.len(),
        1000
    );
    let published = published.lock().unwrap();
    assert_eq!(published.len(), 1000);
    assert!(published.values().all(|&n| n == 1), "no id published twice");
}

#[tokio::test]
async fn a_503_on_the_third_batch_leaves_an_exact_account() {
    let (server, published) = faulty_server(3, Fault::Status(503), None).await;
    let client = common::client(&server);
    fault_on_kth_batch(&client, &published).await;
}

#[tokio::test]
async fn a_401_on_the_second_batch_leaves_an_exact_account() {
    let (server, published) = faulty_server(2, Fault::Status(401), None).await;
    fault_on_kth_batch(&common::client(&server), &published).await;
}

#[tokio::test]
async fn a_429_on_the_fourth_batch_is_waited_out_and_nothing_is_published_twice() {
    let (server, published) = faulty_server(4, Fault::RateLimited, None).await;
    let client = common::client(&server);
    let outcome = client.event_publisher().publish(drafts(1000)).await;
    assert!(outcome.unsent.is_empty() && outcome.failures.is_empty());
    assert_eq!(outcome.accepted.len() + outcome.rejected.len(), 1000);
    // Ten batches, one of them twice (the 429 was not processed).
    assert_eq!(server.received_requests().await.unwrap().len(), 11);
    let published = published.lock().unwrap();
    assert_eq!(published.len(), 1000);
    assert!(published.values().all(|&n| n == 1));
}

#[tokio::test]
async fn a_dropped_publish_future_leaves_an_exact_account_in_the_ledger() {
    // The first two batches are answered at once, the rest after 30 s: the future is dropped
    // while they are in flight.
    let (server, published) =
        faulty_server(0, Fault::Status(500), Some((2, Duration::from_secs(30)))).await;
    let client = common::client(&server);
    let publication = client.event_publisher().in_flight(2).prepare(drafts(1000));
    let input: Vec<String> = publication
        .events()
        .iter()
        .map(|e| e.event_id.clone())
        .collect();
    let ledger = publication.ledger();
    let send = tokio::spawn(publication.send());
    // Wait (by count, not by time) until both fast batches are accounted for and the next
    // two are in flight.
    // (A hang guard, not a speed assertion.)
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let now = ledger.outcome();
            if now.accepted.len() + now.rejected.len() == 200 && ledger.in_flight() == 200 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("two batches accounted for and two in flight");
    send.abort();
    assert!(send.await.unwrap_err().is_cancelled());

    let outcome = ledger.outcome();
    assert_exact_account(&outcome, &input, &published.lock().unwrap());
    assert_eq!(outcome.unsent.len(), 800);
    assert_eq!(
        outcome.in_doubt.len(),
        200,
        "the two batches in flight when dropped"
    );
    assert_eq!(outcome.requests, 4);
}

/// A loopback server that resets the connection of the k-th request and accepts the others.
async fn resetting_server(k: usize) -> (String, Arc<Mutex<BTreeMap<String, usize>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let published = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
    let hits = Arc::new(AtomicUsize::new(0));
    let book = published.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (book, hits) = (book.clone(), hits.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                while let Some(req) = raw_http::read_request(&mut stream, &mut buf).await {
                    if hits.fetch_add(1, Ordering::SeqCst) + 1 == k {
                        let _ = stream.set_zero_linger();
                        return; // dropped with SO_LINGER 0: RST
                    }
                    let ids = ids_of(&req.body);
                    let errors: Vec<_> = ids
                        .iter()
                        .filter(|id| id.ends_with('9'))
                        .map(|id| serde_json::json!({"eventId": id, "retryable": false}))
                        .collect();
                    for id in ids {
                        *book.lock().unwrap().entry(id).or_default() += 1;
                    }
                    let body = serde_json::json!({ "errors": errors }).to_string();
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if stream.write_all(answer.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, published)
}

#[tokio::test]
async fn a_connection_reset_on_the_fifth_batch_leaves_an_exact_account() {
    let (url, published) = resetting_server(5).await;
    let client = Client::builder()
        .base_url(url)
        .bearer_token("test-token")
        .retry_policy(common::fast_retries())
        .build()
        .unwrap();
    fault_on_kth_batch(&client, &published).await;
}

/// One view of the rate limit: after a `429 Retry-After: 5` on one request, the next request
/// of the same client first waits out the client's gate (in virtual time: the recorded wait).
#[tokio::test]
async fn a_429_on_one_request_holds_the_other_requests_of_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "5"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    // No retries: the 429 comes back as an error at once, after the gate was closed.
    let (builder, sleep) = common::virtual_time_builder(&server);
    let client = builder
        .retry_policy(genesys_client::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client
        .execute_empty(common::get("/limited"))
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    assert!(sleep.waits().is_empty(), "nothing waited yet");
    let other = client.clone();
    other.execute_empty(common::get("/other")).await.unwrap();
    let waits = sleep.waits();
    assert_eq!(
        waits.len(),
        1,
        "the other request waited at the gate once: {waits:?}"
    );
    assert!(
        waits[0] > Duration::from_secs(4) && waits[0] <= Duration::from_secs(5),
        "for the rest of the 5 s closure: {waits:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
