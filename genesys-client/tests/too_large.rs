//! A batch answered `413 request.entity.too.large` (the spec's limits overlay says 100 events
//! per batch; the real limit is on the body and may be lower): the publisher and the sink send
//! it again in halves, keep the size that worked for the rest of the run and report it, and
//! lose or duplicate no event. One event too large on its own is reported unsent with the
//! typed error, after a bounded number of attempts, and the others go on.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::batch_server::{drafts, ids_of};
use genesys_client::models::UserPresenceEvent;
use genesys_client::{Draft, PublishOutcome};
use reqwest::StatusCode;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// What the server saw: every request's event count and status, and how many times each id
/// was in a batch it took.
#[derive(Debug, Default)]
struct Seen {
    requests: Vec<(usize, u16)>,
    published: BTreeMap<String, usize>,
}

/// Refuses with `413` (Genesys' body) a batch of more than `max_events` events or more than
/// `max_bytes` bytes; takes every other batch whole.
struct Limited {
    max_events: usize,
    max_bytes: usize,
    seen: Arc<Mutex<Seen>>,
}

impl Respond for Limited {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let ids = ids_of(&request.body);
        let mut seen = self.seen.lock().unwrap();
        if ids.len() > self.max_events || request.body.len() > self.max_bytes {
            seen.requests.push((ids.len(), 413));
            return ResponseTemplate::new(413).set_body_json(serde_json::json!({
                "message": "The request entity is too large",
                "code": "request.entity.too.large",
                "status": 413
            }));
        }
        seen.requests.push((ids.len(), 200));
        for id in ids {
            *seen.published.entry(id).or_default() += 1;
        }
        ResponseTemplate::new(200).set_body_json(serde_json::json!({ "errors": [] }))
    }
}

async fn limited_server(max_events: usize, max_bytes: usize) -> (MockServer, Arc<Mutex<Seen>>) {
    let server = MockServer::start().await;
    let seen = Arc::new(Mutex::new(Seen::default()));
    Mock::given(method("POST"))
        .and(path("/api/v2/events/users/presence"))
        .respond_with(Limited {
            max_events,
            max_bytes,
            seen: seen.clone(),
        })
        .mount(&server)
        .await;
    (server, seen)
}

/// Every input id accepted once and published exactly once.
fn assert_all_accepted_once(outcome: &PublishOutcome<UserPresenceEvent>, seen: &Seen, n: usize) {
    assert!(outcome.is_complete(), "{:?}", outcome.failures);
    let mut accepted = outcome.accepted.clone();
    accepted.sort();
    accepted.dedup();
    assert_eq!(accepted.len(), n, "every event accepted, once");
    assert_eq!(seen.published.len(), n);
    assert!(
        seen.published.values().all(|&times| times == 1),
        "no event published twice"
    );
}

#[tokio::test]
async fn a_413_batch_is_resent_in_halves_and_the_size_that_worked_is_kept() {
    // The hidden limit: 37 events. 100 → 413 → 50 → 413 → 25 taken.
    let (server, seen) = limited_server(37, usize::MAX).await;
    let client = common::client(&server);
    let publisher = client.event_publisher();
    let outcome = publisher.publish(drafts(1000)).await;
    {
        let seen = seen.lock().unwrap();
        check_first_run(&outcome, &seen);
    }
    assert_eq!(
        publisher.learned_batch_size::<UserPresenceEvent>(),
        Some(25)
    );
    assert_eq!(publisher.batch_size::<UserPresenceEvent>(), 25);

    // The same publisher (a clone too) starts at the learned size: no 413 any more.
    let again = publisher.clone().publish(drafts(100)).await;
    assert!(again.is_complete());
    assert_eq!(again.requests, 4, "100 events in 4 batches of 25");
    assert_eq!(again.learned_batch_size, Some(25));
}

fn check_first_run(outcome: &PublishOutcome<UserPresenceEvent>, seen: &Seen) {
    assert_all_accepted_once(outcome, seen, 1000);
    assert_eq!(outcome.learned_batch_size, Some(25));
    assert_eq!(outcome.requests, seen.requests.len());
    let refused: Vec<usize> = seen
        .requests
        .iter()
        .filter(|(_, status)| *status == 413)
        .map(|(n, _)| *n)
        .collect();
    // At most the four first batches (in flight at once) and their halves were refused;
    // everything after went out at the learned size.
    assert!(!refused.is_empty() && refused.len() <= 4 * 3, "{refused:?}");
    assert!(refused.iter().all(|&n| n == 100 || n == 50), "{refused:?}");
    assert!(seen
        .requests
        .iter()
        .filter(|(_, status)| *status == 200)
        .all(|(n, _)| *n == 25));
    let taken = seen.requests.iter().filter(|(_, s)| *s == 200).count();
    assert_eq!(taken, 1000 / 25);
}

#[tokio::test]
async fn without_a_413_nothing_is_learned() {
    let (server, seen) = limited_server(100, usize::MAX).await;
    let client = common::client(&server);
    let outcome = client.event_publisher().publish(drafts(300)).await;
    assert_all_accepted_once(&outcome, &seen.lock().unwrap(), 300);
    assert_eq!(outcome.learned_batch_size, None);
    assert_eq!(outcome.requests, 3);
}

/// A user id of `len` characters: an event too large by itself.
fn huge(len: usize) -> Draft<UserPresenceEvent> {
    Draft::new(UserPresenceEvent::new(
        DateTime::<Utc>::default(),
        "",
        "source-1",
        "x".repeat(len),
    ))
}

#[tokio::test]
async fn one_event_too_large_on_its_own_is_unsent_with_the_413_and_the_others_go_on() {
    // Bodies up to 16 KB pass; event 40 alone is 20 KB.
    let (server, seen) = limited_server(usize::MAX, 16 << 10).await;
    let client = common::client(&server);
    let mut events = drafts(100);
    events[40] = huge(20 << 10);
    let publication = client.event_publisher().prepare(events);
    let big_id = publication.events()[40].event_id.clone();
    let outcome = publication.send().await;
    let seen = seen.lock().unwrap();

    assert_eq!(outcome.accepted.len(), 99);
    assert!(!outcome.accepted.contains(&big_id));
    assert_eq!(outcome.unsent.len(), 1);
    assert_eq!(outcome.unsent[0].event_id, big_id);
    assert!(outcome.in_doubt.is_empty(), "a 413 was not processed");
    assert_eq!(outcome.failures.len(), 1);
    assert_eq!(outcome.failures[0].event_ids, vec![big_id.clone()]);
    let error = outcome.error().expect("the 413");
    assert_eq!(error.status(), Some(StatusCode::PAYLOAD_TOO_LARGE));
    assert_eq!(
        error.error_body().and_then(|b| b.code.as_deref()),
        Some("request.entity.too.large")
    );
    // Each of the 99 others published once; the big one never.
    assert_eq!(seen.published.len(), 99);
    assert!(seen.published.values().all(|&n| n == 1));
    assert!(!seen.published.contains_key(&big_id));
    // The pieces holding it were refused while halving 100 down to it alone (first halves
    // first: [0, 50), [25, 50), [38, 50), [38, 44), [38, 41), [40, 41)); then it was given up.
    let refused: Vec<usize> = seen
        .requests
        .iter()
        .filter(|(_, s)| *s == 413)
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(refused, vec![100, 50, 25, 12, 6, 3, 1]);
    // The largest piece taken once the batch was split: [0, 25); the second half of the
    // batch went out at that size.
    assert_eq!(outcome.learned_batch_size, Some(25));
    assert_eq!(outcome.requests, seen.requests.len());
}

#[tokio::test]
async fn the_sink_learns_the_size_for_its_later_batches_and_reports_it() {
    let (server, seen) = limited_server(30, usize::MAX).await;
    let client = common::client(&server);
    let reports: Arc<Mutex<Vec<PublishOutcome<UserPresenceEvent>>>> = Arc::default();
    let collected = reports.clone();
    let sink = client
        .event_sink::<UserPresenceEvent>()
        .linger(Duration::from_secs(3600))
        .on_delivery(move |o| collected.lock().unwrap().push(o))
        .start()
        .unwrap();
    let mut ids = Vec::new();
    for draft in drafts(1000) {
        ids.push(sink.send(draft).await.unwrap());
    }
    let totals = sink.shutdown().await;
    assert_eq!(totals.accepted, 1000);
    assert_eq!(totals.unsent + totals.rejected + totals.pending, 0);
    // 100 → 413 → 50 → 413 → 25 taken.
    assert_eq!(totals.learned_batch_size, Some(25));

    let reports = reports.lock().unwrap();
    let mut reported: Vec<&String> = reports.iter().flat_map(|r| &r.accepted).collect();
    reported.sort();
    let mut expected: Vec<&String> = ids.iter().collect();
    expected.sort();
    assert_eq!(reported, expected, "every id reported accepted, once");
    let seen = seen.lock().unwrap();
    assert!(seen.published.values().all(|&n| n == 1));
    assert_eq!(seen.published.len(), 1000);
    // Once learned, the sink cuts its batches at 25: later batches are never refused. Only
    // the batches in flight when the first 413 came back (at most 4) were.
    let refused_full = seen
        .requests
        .iter()
        .filter(|&&(n, s)| s == 413 && n == 100)
        .count();
    assert!((1..=4).contains(&refused_full), "{:?}", seen.requests);
    assert!(seen.requests.iter().all(|&(n, s)| s == 413 || n <= 25));
    assert_eq!(totals.requests, seen.requests.len());
}
