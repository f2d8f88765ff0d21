//! The spec's request limits (`maxItems`, from `spec/limits.overlay.json`) are checked by the
//! generated builders before anything is sent: more is `Error::LimitExceeded` naming the
//! parameter or body field, the limit and the count, and no request reaches the server.

mod common;

use chrono::{DateTime, Utc};
use genesys_client::models::{
    BatchConversationEventRequest, BatchUserPresenceEventRequest, HoldUpdatedEvent,
    UserPresenceEvent,
};
use genesys_client::Error;
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SOURCE: &str = "c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e";

/// A server answering every bulk presence read with `[]` and every batch with no errors.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/api/v2/users/presences/[^/]+/bulk$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/api/v2/events/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "errors": [] })))
        .mount(&server)
        .await;
    server
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("user-{i}")).collect()
}

fn assert_limit(err: &Error, operation: &str, parameter: &str, limit: usize, actual: usize) {
    match err {
        Error::LimitExceeded {
            operation_id,
            parameter: p,
            limit: l,
            actual: a,
            ..
        } => {
            assert_eq!(
                (*operation_id, *p, *l, *a),
                (operation, parameter, limit, actual)
            );
        }
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
    assert!(!err.is_retryable());
    let shown = err.to_string();
    assert!(shown.contains(&format!("`{parameter}`")), "{shown}");
    assert!(shown.contains(&limit.to_string()), "{shown}");
    assert!(shown.contains(&actual.to_string()), "{shown}");
}

#[tokio::test]
async fn bulk_presence_ids_over_the_documented_limit_are_refused_before_sending() {
    let server = server().await;
    let client = common::client(&server);
    let err = client
        .presence()
        .get_users_presence_bulk(SOURCE)
        .id(ids(51))
        .send()
        .await
        .unwrap_err();
    assert_limit(&err, "getUsersPresenceBulk", "id", 50, 51);
    let err = client
        .presence()
        .get_users_presences_purecloud_bulk()
        .id(ids(51))
        .send_raw()
        .await
        .unwrap_err();
    assert_limit(&err, "getUsersPresencesPurecloudBulk", "id", 50, 51);
    assert!(server.received_requests().await.unwrap().is_empty());

    // 50 is the limit: sent, as 50 repeated `id` keys.
    client
        .presence()
        .get_users_presence_bulk(SOURCE)
        .id(ids(50))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let sent: Vec<String> = requests[0]
        .url
        .query_pairs()
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(sent, ids(50));
}

fn presence_event(i: usize) -> UserPresenceEvent {
    UserPresenceEvent::new(
        "2025-01-02T03:04:05Z".parse::<DateTime<Utc>>().unwrap(),
        format!("event-{i}"),
        "source-1",
        "user-1",
    )
}

#[tokio::test]
async fn event_batches_over_the_limit_are_refused_before_sending() {
    let server = server().await;
    let client = common::client(&server);
    let events: Vec<UserPresenceEvent> = (0..101).map(presence_event).collect();
    let err = client
        .events()
        .post_events_users_presence(
            BatchUserPresenceEventRequest::new().with_user_presence_events(events.clone()),
        )
        .send()
        .await
        .unwrap_err();
    assert_limit(
        &err,
        "postEventsUsersPresence",
        "userPresenceEvents",
        100,
        101,
    );

    // Conversation events: the limit is per event array, and the refusal names the array.
    let held: Vec<HoldUpdatedEvent> = (0..101)
        .map(|i| {
            HoldUpdatedEvent::new(
                "communication-1",
                "conversation-1",
                "2025-01-02T03:04:05Z".parse::<DateTime<Utc>>().unwrap(),
                format!("event-{i}"),
                true,
            )
        })
        .collect();
    let err = client
        .events()
        .post_events_conversations(
            BatchConversationEventRequest::new().with_hold_updated_events(held.clone()),
        )
        .send()
        .await
        .unwrap_err();
    assert_limit(
        &err,
        "postEventsConversations",
        "holdUpdatedEvents",
        100,
        101,
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    // 100 is the limit: sent.
    client
        .events()
        .post_events_users_presence(
            BatchUserPresenceEventRequest::new().with_user_presence_events(events[..100].to_vec()),
        )
        .send()
        .await
        .unwrap();
    client
        .events()
        .post_events_conversations(
            BatchConversationEventRequest::new().with_hold_updated_events(held[..100].to_vec()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
