//! Batch event publishing: per-request cap, chunking, drafts stamped before sending,
//! retryable resubmission. (Faults and exact accounting: `publish_faults.rs`.)

mod common;

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use genesys_client::models::{BatchUserPresenceEventRequest, UserPresenceEvent};
use genesys_client::{BatchEvent, Draft, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Accepts events, except: ids ending in `3` fail for good, ids ending in `7` fail as
/// retryable the first time they are seen.
#[derive(Default)]
struct Flaky {
    seen: Mutex<HashSet<String>>,
}

impl Respond for Flaky {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let mut seen = self.seen.lock().unwrap();
        let mut errors = Vec::new();
        for event in body["userPresenceEvents"].as_array().unwrap() {
            let id = event["eventId"].as_str().unwrap().to_owned();
            let first_time = seen.insert(id.clone());
            if id.ends_with('3') {
                errors.push(
                    serde_json::json!({"eventId": id, "message": "bad user", "retryable": false}),
                );
            } else if id.ends_with('7') && first_time {
                errors
                    .push(serde_json::json!({"eventId": id, "message": "busy", "retryable": true}));
            }
        }
        ResponseTemplate::new(200).set_body_json(serde_json::json!({ "errors": errors }))
    }
}

fn event(id: &str) -> UserPresenceEvent {
    UserPresenceEvent::new(
        "2025-01-02T03:04:05Z".parse::<DateTime<Utc>>().unwrap(),
        id,
        "source-1",
        "user-1",
    )
}

async fn server_with(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/events/users/presence"))
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

fn batches(requests: &[Request]) -> Vec<Vec<String>> {
    requests
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            body["userPresenceEvents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["eventId"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn publishes_250_events_in_3_requests_and_resubmits_only_retryable_ones() {
    let server = server_with(Flaky::default()).await;
    let client = common::client(&server);
    let events: Vec<_> = (0..250).map(|i| event(&format!("e{i:03}"))).collect();
    let report = client
        .event_publisher()
        .round_delay(Duration::ZERO)
        .publish(events)
        .await;

    let sent = batches(&server.received_requests().await.unwrap());
    let mut sizes: Vec<usize> = sent.iter().map(Vec::len).collect();
    // 250 at the default cap of 100: 100 + 100 + 50 (in flight together, any order), then one
    // resubmission of the 25 `…7`s once the first round is over.
    sizes[..3].sort_unstable();
    assert_eq!(sizes, vec![50, 100, 100, 25]);
    assert!(sent[3].iter().all(|id| id.ends_with('7')));
    assert_eq!(report.requests, 4);
    assert_eq!(report.rounds, 2);

    // Rejections of all chunks are merged, in input order; the retryable ones were accepted
    // on resubmission.
    let failed: Vec<String> = report
        .rejected
        .iter()
        .map(|r| r.error.event_id.clone().unwrap())
        .collect();
    let expected: Vec<String> = (0..250)
        .map(|i| format!("e{i:03}"))
        .filter(|id| id.ends_with('3'))
        .collect();
    assert_eq!(failed, expected);
    assert!(report
        .rejected
        .iter()
        .all(|r| r.error.retryable == Some(false)
            && r.event.event_id == r.error.event_id.clone().unwrap()));
    assert_eq!(report.accepted.len(), 225);
    assert!(report.unsent.is_empty() && report.failures.is_empty());
}

#[tokio::test]
async fn retryable_events_still_failing_after_the_last_round_are_reported() {
    struct AlwaysBusy;
    impl Respond for AlwaysBusy {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            let errors: Vec<_> = body["userPresenceEvents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| serde_json::json!({"eventId": e["eventId"], "retryable": true}))
                .collect();
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "errors": errors }))
        }
    }
    let server = server_with(AlwaysBusy).await;
    let report = common::client(&server)
        .event_publisher()
        .max_rounds(3)
        .round_delay(Duration::ZERO)
        .publish(vec![event("a"), event("b")])
        .await;
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(report.rejected.len(), 2);
    assert!(report.accepted.is_empty() && report.unsent.is_empty());
    assert_eq!(report.rounds, 3);
}

#[tokio::test]
async fn drafts_are_stamped_before_sending_and_events_as_built_are_sent_as_they_are() {
    // Accepts everything: `Flaky` would reject a random UUID that happens to end in `3`.
    let server =
        server_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"errors": []})))
            .await;
    let client = common::client(&server);
    let before = Utc::now();
    let blank = UserPresenceEvent::new(DateTime::<Utc>::default(), "", "source-2", "user-2");
    let publication = client
        .event_publisher()
        .round_delay(Duration::ZERO)
        .prepare(vec![
            Draft::new(blank.clone()),
            Draft::new(blank.clone()),
            Draft::as_built(event("given")),
        ]);
    // Ids and times are known before anything is sent.
    assert!(server.received_requests().await.unwrap().is_empty());
    let stamped: Vec<String> = publication
        .events()
        .iter()
        .map(|e| e.event_id.clone())
        .collect();
    let report = publication.send().await;
    let request = &server.received_requests().await.unwrap()[0];
    let body: BatchUserPresenceEventRequest = serde_json::from_slice(&request.body).unwrap();
    let sent = body.user_presence_events.unwrap();
    assert_eq!(sent.len(), 3);
    for generated in &sent[..2] {
        let id = uuid::Uuid::parse_str(&generated.event_id).expect("a UUID");
        assert_eq!(id.get_version_num(), 4);
        assert!(generated.event_date_time >= before - chrono::Duration::seconds(1));
    }
    assert_ne!(sent[0].event_id, sent[1].event_id);
    assert_eq!(sent[2].event_id, "given");
    assert_eq!(
        sent[2].event_date_time.to_rfc3339(),
        "2025-01-02T03:04:05+00:00"
    );
    assert_eq!(report.accepted, stamped);
    assert_eq!(stamped[0], sent[0].event_id);
    assert_eq!(stamped[2], "given");

    // An event passed as built is sent with exactly the id it carries, even an empty one:
    // nothing is a magic "unset" value.
    client.event_publisher().publish(vec![blank]).await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        batches(&requests[requests.len() - 1..]),
        vec![vec![String::new()]]
    );
}

#[tokio::test]
async fn an_oversized_batch_is_refused_before_sending() {
    let server = server_with(Flaky::default()).await;
    let client = common::client(&server);
    let events: Vec<_> = (0..101).map(|i| event(&format!("x{i}"))).collect();
    let err = client
        .events()
        .post_events_users_presence(
            BatchUserPresenceEventRequest::new().with_user_presence_events(events.clone()),
        )
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                parameter: "userPresenceEvents",
                limit: 100,
                actual: 101,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    // 100 is fine; a publisher with a smaller batch size chunks under it.
    client
        .events()
        .post_events_users_presence(
            BatchUserPresenceEventRequest::new().with_user_presence_events(events[..100].to_vec()),
        )
        .send()
        .await
        .unwrap();
    let report = client
        .event_publisher()
        .max_per_request(40)
        .publish(events[..100].to_vec())
        .await;
    assert_eq!(report.requests, 3);
    let mut sizes: Vec<usize> = batches(&server.received_requests().await.unwrap())
        .iter()
        .map(Vec::len)
        .collect();
    sizes[1..].sort_unstable();
    assert_eq!(sizes, vec![100, 20, 40, 40]);
}

#[tokio::test]
async fn a_failed_batch_request_stops_publishing_and_its_events_are_unsent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"code": "bad.request", "status": 400})),
        )
        .mount(&server)
        .await;
    let outcome = common::client(&server)
        .event_publisher()
        .in_flight(1)
        .publish((0..150).map(|i| event(&format!("y{i}"))))
        .await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let err = outcome.error().expect("the batch error");
    assert_eq!(err.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    assert_eq!(outcome.failures[0].event_ids.len(), 100);
    assert_eq!(outcome.unsent.len(), 150);
    assert!(outcome.accepted.is_empty() && outcome.rejected.is_empty());
}

/// Conversation events: one operation with many event arrays, published through the generated
/// `events::ConversationEvent` enum; each event lands in its own array, ids and times are
/// filled in where unset, and rejections come back typed.
#[tokio::test]
async fn conversation_events_of_several_kinds_share_one_batch() {
    use genesys_client::events::ConversationEvent;
    use genesys_client::models::{FinalState, HoldUpdatedEvent};

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/events/conversations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "errors": [{"eventId": "hold-2", "message": "unknown conversation", "retryable": false}]
        })))
        .mount(&server)
        .await;
    let client = common::client(&server);
    let at = "2025-01-02T03:04:05Z".parse::<DateTime<Utc>>().unwrap();
    let events: Vec<ConversationEvent> = vec![
        HoldUpdatedEvent::new("comm-1", "conv-1", at, "hold-1", true).into(),
        genesys_client::models::EndTransferEvent::new(
            "cmd-1",
            "conv-1",
            at,
            "",
            FinalState::Completed,
            "comm-1",
        )
        .into(),
        HoldUpdatedEvent::new("comm-2", "conv-2", at, "hold-2", false).into(),
    ];
    let drafts: Vec<Draft<ConversationEvent>> = events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            if i == 1 {
                Draft::new(e)
            } else {
                Draft::as_built(e)
            }
        })
        .collect();
    let publication = client.event_publisher().prepare(drafts);
    let ids: Vec<String> = publication
        .events()
        .iter()
        .map(|e| e.event_id().to_owned())
        .collect();
    let report = publication.send().await;
    assert_eq!(report.requests, 1);
    assert_eq!(ids[0], "hold-1");
    assert!(!ids[1].is_empty(), "a draft gets an id");
    assert_eq!(report.accepted, [ids[0].clone(), ids[1].clone()]);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].error.event_id.as_deref(), Some("hold-2"));

    let requests = server.received_requests().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    let holds: Vec<&str> = body["holdUpdatedEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventId"].as_str().unwrap())
        .collect();
    assert_eq!(holds, ["hold-1", "hold-2"]);
    assert_eq!(body["endTransferEvents"][0]["eventId"], ids[1]);
    assert_eq!(body["endTransferEvents"][0]["finalState"], "Completed");
    assert_eq!(
        body.as_object().unwrap().len(),
        2,
        "only the arrays that have events are sent: {body}"
    );
}
