//! The `mock` feature itself: the server and its token endpoint, typed matchers (encoded as the
//! client encodes), replies, sequences, recording, the catch-all, and scripted event failures.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use genesys_client::mock::{ApiError, EventFailures, MockServer, Reply, MOCK_ACCESS_TOKEN};
use genesys_client::models::{
    BatchUserPresenceEventRequest, ErrorBody, LocaleCode as Locale, OrganizationPresenceDefinition,
    OrganizationPresenceDefinitionEntityListing, UserPresence, UserPresenceEvent,
};
use genesys_client::{Error, RetryPolicy};

fn event(id: &str, user: &str) -> UserPresenceEvent {
    let at = Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap();
    UserPresenceEvent::new(at, id, "source-1", user)
}

fn labels(en: &str) -> std::collections::BTreeMap<String, String> {
    [("en_US".to_owned(), en.to_owned())].into()
}

#[tokio::test]
async fn the_client_authenticates_against_the_mock_token_endpoint_once() {
    let mock = MockServer::start().await;
    let calls = mock
        .presence()
        .get_user_presence()
        .respond(UserPresence::new().with_message("hi"))
        .await;
    let client = mock.client();
    for _ in 0..3 {
        let p = client
            .presence()
            .get_user_presence("u1", "PURECLOUD")
            .send()
            .await
            .unwrap();
        assert_eq!(p.message.as_deref(), Some("hi"));
    }
    assert_eq!(mock.token_requests(), 1);
    calls.assert_count(3);
    let auth = format!("Bearer {MOCK_ACCESS_TOKEN}");
    assert!(calls
        .requests()
        .iter()
        .all(|r| r.header("authorization") == Some(auth.as_str())));
    assert!(!format!("{:?}", calls.requests()[0]).contains(MOCK_ACCESS_TOKEN));
}

#[tokio::test]
async fn path_matchers_compare_values_encoded_as_the_client_encodes_them() {
    let mock = MockServer::start().await;
    let hostile = "a/b ?#%é";
    let matched = mock
        .presence()
        .get_user_presence()
        .user_id(hostile)
        .source_id("PURECLOUD")
        .respond(UserPresence::new().with_message("matched"))
        .await;
    let other = mock
        .presence()
        .get_user_presence()
        .respond(UserPresence::new().with_message("other"))
        .await;
    let client = mock.client();
    let get = |user: &'static str| {
        let client = client.clone();
        async move {
            client
                .presence()
                .get_user_presence(user, "PURECLOUD")
                .send()
                .await
                .unwrap()
                .message
        }
    };
    assert_eq!(get(hostile).await.as_deref(), Some("matched"));
    assert_eq!(get("a").await.as_deref(), Some("other"));
    assert_eq!(matched.count(), 1);
    assert_eq!(
        matched.requests()[0].path(),
        "/api/v2/users/a%2Fb%20%3F%23%25%C3%A9/presences/PURECLOUD"
    );
    assert_eq!(other.count(), 1);
}

#[tokio::test]
async fn a_literal_template_owns_its_requests_over_a_parameter_one() {
    let mock = MockServer::start().await;
    // Mounted first, and it has no matcher: still, `…/presences/purecloud` is not its request.
    let by_source = mock
        .presence()
        .get_user_presence()
        .respond(UserPresence::new().with_message("by source"))
        .await;
    let purecloud = mock
        .presence()
        .get_user_presences_purecloud()
        .respond(UserPresence::new().with_message("purecloud"))
        .await;
    let client = mock.client();
    let p = client
        .presence()
        .get_user_presences_purecloud("u1")
        .send()
        .await
        .unwrap();
    assert_eq!(p.message.as_deref(), Some("purecloud"));
    assert_eq!((by_source.count(), purecloud.count()), (0, 1));
}

#[tokio::test]
async fn query_matchers_use_wire_strings_repeated_keys_and_exact_values() {
    let mock = MockServer::start().await;
    let listing = OrganizationPresenceDefinitionEntityListing::new().with_total(1);
    let matched = mock
        .presence()
        .get_presence_definitions()
        .locale_code(Locale::EnUs)
        .division_id(vec!["d 1".to_owned(), "d&2".to_owned()])
        .respond(listing.clone())
        .await;
    let client = mock.client();
    let got = client
        .presence()
        .get_presence_definitions()
        .locale_code(Locale::EnUs)
        .division_id(vec!["d 1".to_owned(), "d&2".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(got, listing);
    // One value missing or another locale: not this stub's request (the catch-all's 404).
    for builder in [
        client
            .presence()
            .get_presence_definitions()
            .locale_code(Locale::EnUs)
            .division_id(vec!["d 1".to_owned()]),
        client
            .presence()
            .get_presence_definitions()
            .locale_code(Locale::Fr)
            .division_id(vec!["d 1".to_owned(), "d&2".to_owned()]),
    ] {
        let err = builder.send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
        let body = err
            .error_body()
            .expect("the catch-all answers a Genesys error");
        assert_eq!(body.code.as_deref(), Some("mock.no.stub"));
        assert!(body
            .message
            .as_deref()
            .is_some_and(|m| m.contains("GET /api/v2/presence/definitions?")));
    }
    matched.assert_count(1);
    assert_eq!(mock.unmatched_requests().len(), 2);
    assert_eq!(
        matched.requests()[0].query_values("divisionId"),
        ["d 1", "d&2"]
    );
}

/// The server-set `id` of a reply: read-only fields have no `with_*` setter on types requests
/// carry, but stay `pub`.
fn server_set_id(
    mut definition: OrganizationPresenceDefinition,
    id: &str,
) -> OrganizationPresenceDefinition {
    definition.id = Some(id.to_owned());
    definition
}

#[tokio::test]
async fn body_matchers_select_by_typed_body_and_bodies_come_back_typed() {
    let mock = MockServer::start().await;
    let lunch = OrganizationPresenceDefinition::new(labels("Lunch")).with_name("Lunch");
    let created = mock
        .presence()
        .post_presence_definitions()
        .body(lunch.clone())
        .respond(server_set_id(lunch.clone(), "def-1"))
        .await;
    let named_focus = mock
        .presence()
        .post_presence_definitions()
        .body_matches(|d| d.name.as_deref() == Some("Focus"))
        .reply(
            Reply::ok(server_set_id(
                OrganizationPresenceDefinition::new(labels("Focus")),
                "def-2",
            ))
            .status(201),
        )
        .await;
    let client = mock.client();
    let got = client
        .presence()
        .post_presence_definitions(lunch.clone())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(got.status.as_u16(), 200);
    assert_eq!(got.body.id.as_deref(), Some("def-1"));
    let focus = OrganizationPresenceDefinition::new(labels("Focus")).with_name("Focus");
    let got = client
        .presence()
        .post_presence_definitions(focus.clone())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(got.status.as_u16(), 201);
    assert_eq!(got.body.id.as_deref(), Some("def-2"));
    assert_eq!(created.bodies(), vec![lunch]);
    assert_eq!(named_focus.bodies(), vec![focus]);
}

#[tokio::test]
async fn typed_errors_carry_body_status_correlation_id_and_retry_after() {
    let mock = MockServer::start().await;
    mock.presence()
        .get_presence_settings()
        .fail(
            ApiError::forbidden()
                .body(
                    ErrorBody::new()
                        .with_code("missing.permissions")
                        .with_message("Missing presence:settings:view")
                        .with_status(403),
                )
                .correlation_id("corr-403"),
        )
        .await;
    mock.presence()
        .get_presence_sources()
        .fail(ApiError::too_many_requests().retry_after(Duration::from_secs(3600)))
        .await;
    let client = mock.client();
    let err = client
        .presence()
        .get_presence_settings()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.correlation_id(), Some("corr-403"));
    assert_eq!(
        err.error_body().and_then(|b| b.message.as_deref()),
        Some("Missing presence:settings:view")
    );
    // An hour is more than the client's `max_retry_after`: it gives up at once.
    let err = client
        .presence()
        .get_presence_sources()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(
        err.error_body().and_then(|b| b.code.as_deref()),
        Some("too.many.requests")
    );
}

#[tokio::test]
async fn sequences_play_in_order_and_the_last_reply_repeats() {
    let mock = MockServer::start().await;
    let calls = mock
        .presence()
        .delete_presence_source()
        .source_id("s1")
        .replies([
            ApiError::too_many_requests()
                .retry_after(Duration::ZERO)
                .into(),
            ApiError::service_unavailable().into(),
            Reply::ok(()),
        ])
        .await;
    let client = mock.client();
    // DELETE is idempotent: 429 then 503 are retried by the client, then 204.
    let answer = client
        .presence()
        .delete_presence_source("s1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(answer.status.as_u16(), 204);
    client
        .presence()
        .delete_presence_source("s1")
        .send()
        .await
        .unwrap();
    calls.assert_count(4);

    // Without retries the script is visible step by step.
    let mock = MockServer::start().await;
    mock.presence()
        .delete_presence_source()
        .replies([ApiError::service_unavailable().into(), Reply::ok(())])
        .await;
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let first = client.presence().delete_presence_source("s1").send().await;
    assert_eq!(first.unwrap_err().status().map(|s| s.as_u16()), Some(503));
    client
        .presence()
        .delete_presence_source("s1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn times_hands_over_to_the_next_stub_and_expect_is_verified() {
    let mock = MockServer::start().await;
    let first = mock
        .presence()
        .get_presence_settings()
        .times(1)
        .expect(1)
        .fail(ApiError::internal_server_error())
        .await;
    let then = mock
        .presence()
        .get_presence_settings()
        .respond(Default::default())
        .await;
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    assert!(client
        .presence()
        .get_presence_settings()
        .send()
        .await
        .is_err());
    assert!(client
        .presence()
        .get_presence_settings()
        .send()
        .await
        .is_ok());
    assert_eq!((first.count(), then.count()), (1, 1));
    mock.verify().await;
}

#[tokio::test]
async fn reply_with_answers_from_the_request() {
    let mock = MockServer::start().await;
    mock.presence()
        .get_user_presence()
        .reply_with(|request| {
            let user = request
                .path()
                .split('/')
                .nth(4)
                .unwrap_or_default()
                .to_owned();
            Reply::ok(UserPresence::new().with_message(user))
        })
        .await;
    let client = mock.client();
    let p = client
        .presence()
        .get_user_presence("u42", "PURECLOUD")
        .send()
        .await
        .unwrap();
    assert_eq!(p.message.as_deref(), Some("u42"));
}

#[tokio::test]
async fn assert_count_names_the_operation_and_the_requests() {
    let mock = MockServer::start().await;
    let calls = mock
        .presence()
        .get_presence_settings()
        .respond(Default::default())
        .await;
    mock.client()
        .presence()
        .get_presence_settings()
        .send()
        .await
        .unwrap();
    let panic = std::panic::catch_unwind(|| calls.assert_count(2)).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("`getPresenceSettings` was called 1 time(s), expected 2"));
    assert!(message.contains("GET /api/v2/presence/settings"));
}

#[tokio::test]
async fn scripted_event_failures_drive_the_publisher_resubmission() {
    let mock = MockServer::start().await;
    let published = mock
        .events()
        .post_events_users_presence()
        .respond_with_failures(
            EventFailures::new()
                .retryable_times("e1", "throttled", 1)
                .permanent("e3", "User not found"),
        )
        .await;
    let client = mock.client();
    let report = client
        .event_publisher()
        .round_delay(Duration::ZERO)
        .publish([event("e1", "u1"), event("e2", "u2"), event("e3", "u3")])
        .await;
    // Round 1 sends all three (e1 retryable, e3 permanent); round 2 resubmits only e1.
    assert_eq!(report.rounds, 2);
    assert_eq!(report.accepted, ["e1", "e2"]);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].error.event_id.as_deref(), Some("e3"));
    assert_eq!(report.rejected[0].error.retryable, Some(false));
    assert_eq!(published.event_ids(), ["e1", "e2", "e3", "e1"]);
    let events = published.user_presence_events();
    assert_eq!(events.len(), 4);
    assert_eq!(events[1].user_id, "u2");
    let batches: Vec<BatchUserPresenceEventRequest> = published.bodies();
    assert_eq!(batches.len(), 2);
}

#[tokio::test]
async fn a_stub_that_is_always_retryable_exhausts_the_publisher_rounds() {
    let mock = MockServer::start().await;
    let published = mock
        .events()
        .post_events_users_presence()
        .respond_with_failures(EventFailures::new().retryable("e1", "still throttled"))
        .await;
    let report = mock
        .client()
        .event_publisher()
        .round_delay(Duration::ZERO)
        .max_rounds(3)
        .publish([event("e1", "u1")])
        .await;
    assert_eq!(report.rounds, 3);
    assert_eq!(report.rejected[0].error.retryable, Some(true));
    assert_eq!(
        report.rejected[0].error.message.as_deref(),
        Some("still throttled")
    );
    published.assert_count(3);
}
