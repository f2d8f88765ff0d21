//! Batch event publishing: per-request cap, chunking, default ids/times, retryable resubmission.

mod common;

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use genesys_client::models::{BatchUserPresenceEventRequest, UserPresenceEvent};
use genesys_client::Error;
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
        .await
        .unwrap();

    let sent = batches(&server.received_requests().await.unwrap());
    let sizes: Vec<usize> = sent.iter().map(Vec::len).collect();
    // 250 at the default cap of 100: 100 + 100 + 50, then one resubmission of the 25 `…7`s.
    assert_eq!(sizes, vec![100, 100, 50, 25]);
    let retried: Vec<&String> = sent[3].iter().collect();
    assert!(retried.iter().all(|id| id.ends_with('7')));
    assert_eq!(report.requests, 4);
    assert_eq!(report.rounds, 2);

    // Errors of all chunks are merged; the retryable ones succeeded on resubmission.
    let mut failed: Vec<String> = report
        .errors
        .iter()
        .map(|e| e.event_id.clone().unwrap())
        .collect();
    failed.sort();
    let expected: Vec<String> = (0..250)
        .map(|i| format!("e{i:03}"))
        .filter(|id| id.ends_with('3'))
        .collect();
    assert_eq!(failed, expected);
    assert!(report.errors.iter().all(|e| e.retryable == Some(false)));
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
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(report.errors.len(), 2);
    assert_eq!(report.rounds, 3);
}

#[tokio::test]
async fn missing_ids_and_times_are_filled_in() {
    let server = server_with(Flaky::default()).await;
    let client = common::client(&server);
    let before = Utc::now();
    let blank = UserPresenceEvent::new(DateTime::<Utc>::default(), "", "source-2", "user-2");
    let report = client
        .event_publisher()
        .round_delay(Duration::ZERO)
        .publish(vec![blank.clone(), blank, event("given")])
        .await
        .unwrap();
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
    assert_eq!(report.event_ids[2], "given");
    assert_eq!(report.event_ids[0], sent[0].event_id);
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
                limit: 100,
                actual: 101,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    // 100 is fine; a client configured with a smaller cap refuses it and chunks under it.
    client
        .events()
        .post_events_users_presence(
            BatchUserPresenceEventRequest::new().with_user_presence_events(events[..100].to_vec()),
        )
        .send()
        .await
        .unwrap();
    let small = common::builder(&server)
        .max_events_per_request(40)
        .build()
        .unwrap();
    assert!(small
        .events()
        .post_events_users_presence(
            BatchUserPresenceEventRequest::new().with_user_presence_events(events[..41].to_vec()),
        )
        .send()
        .await
        .is_err());
    let report = small
        .event_publisher()
        .publish(events[..100].to_vec())
        .await
        .unwrap();
    assert_eq!(report.requests, 3);
    let sizes: Vec<usize> = batches(&server.received_requests().await.unwrap())
        .iter()
        .map(Vec::len)
        .collect();
    assert_eq!(sizes, vec![100, 40, 40, 20]);
}

#[tokio::test]
async fn a_failed_batch_request_ends_publishing_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"code": "bad.request", "status": 400})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = common::client(&server)
        .event_publisher()
        .publish((0..150).map(|i| event(&format!("y{i}"))))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::BAD_REQUEST));
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
    let report = client.event_publisher().publish(events).await.unwrap();
    assert_eq!(report.requests, 1);
    assert_eq!(report.event_ids.len(), 3);
    assert_eq!(report.event_ids[0], "hold-1");
    assert!(
        !report.event_ids[1].is_empty(),
        "an empty eventId is filled in"
    );
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].event_id.as_deref(), Some("hold-2"));

    let requests = server.received_requests().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    let holds: Vec<&str> = body["holdUpdatedEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventId"].as_str().unwrap())
        .collect();
    assert_eq!(holds, ["hold-1", "hold-2"]);
    assert_eq!(body["endTransferEvents"][0]["eventId"], report.event_ids[1]);
    assert_eq!(body["endTransferEvents"][0]["finalState"], "Completed");
    assert_eq!(
        body.as_object().unwrap().len(),
        2,
        "only the arrays that have events are sent: {body}"
    );
}
