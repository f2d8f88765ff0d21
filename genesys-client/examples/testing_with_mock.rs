//! How to test your own code against the typed mock (cargo feature `mock`).
//!
//! ```text
//! cargo run -p genesys-client --features mock --example testing_with_mock
//! ```
//!
//! `sync_presence` below stands for your code: it sets a user's presence, then publishes
//! presence events for an external source. `main` runs what would be your tests (in your crate,
//! each scenario is a `#[tokio::test]` with `genesys-client = { features = ["mock"] }` in
//! `[dev-dependencies]`): the happy path, a rate-limited call the client retries, and a batch
//! in which Genesys rejects events, once retryably and once for good.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use genesys_client::mock::{ApiError, EventFailures, MockServer, Reply};
use genesys_client::models::{PresenceDefinition, UserPresence, UserPresenceEvent};
use genesys_client::{Client, Error};

// ---- your code ----

/// What [`sync_presence`] did.
#[derive(Debug, PartialEq)]
struct SyncOutcome {
    /// The presence message Genesys now shows.
    message: Option<String>,
    /// Events Genesys did not accept, by id.
    rejected: Vec<String>,
    /// Events not confirmed (their batch failed), by id: publish them again as they are.
    unsent: Vec<String>,
}

/// Sets `user_id`'s presence to `definition_id` with `message`, then publishes `events` for the
/// presence source `source_id`.
async fn sync_presence(
    client: &Client,
    user_id: &str,
    source_id: &str,
    definition_id: &str,
    message: &str,
    events: Vec<UserPresenceEvent>,
) -> Result<SyncOutcome, Error> {
    let presence = UserPresence::new()
        .with_presence_definition(PresenceDefinition::new().with_id(definition_id))
        .with_message(message);
    let now = client
        .presence()
        .patch_user_presence(user_id, source_id, presence)
        .send()
        .await?;
    let outcome = client
        .event_publisher()
        .round_delay(Duration::from_millis(10))
        .publish(events)
        .await;
    Ok(SyncOutcome {
        message: now.message,
        rejected: outcome
            .rejected
            .into_iter()
            .map(|r| r.event.event_id)
            .collect(),
        unsent: outcome.unsent.into_iter().map(|e| e.event_id).collect(),
    })
}

// ---- your tests ----

const USER: &str = "8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f";
const SOURCE: &str = "c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e";
const AVAILABLE: &str = "6a3af858-942f-489d-9700-5f9bcdcdae9b";

fn events(ids: &[&str]) -> Vec<UserPresenceEvent> {
    let at = Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap();
    ids.iter()
        .map(|id| {
            UserPresenceEvent::new(at, *id, SOURCE, USER).with_presence_definition_id(AVAILABLE)
        })
        .collect()
}

async fn sets_presence_then_publishes() {
    let mock = MockServer::start().await;
    let patches = mock
        .presence()
        .patch_user_presence()
        .user_id(USER)
        .source_id(SOURCE)
        .body_matches(|p| p.message.as_deref() == Some("Back at 3pm"))
        .respond(UserPresence::new().with_message("Back at 3pm"))
        .await;
    let published = mock
        .events()
        .post_events_users_presence()
        .respond_with_failures(EventFailures::new())
        .await;

    let outcome = sync_presence(
        &mock.client(),
        USER,
        SOURCE,
        AVAILABLE,
        "Back at 3pm",
        events(&["e1", "e2"]),
    )
    .await
    .expect("sync succeeds");

    assert_eq!(
        outcome,
        SyncOutcome {
            message: Some("Back at 3pm".into()),
            rejected: vec![],
            unsent: vec![],
        }
    );
    patches.assert_count(1);
    let sent = &patches.bodies()[0];
    assert_eq!(
        sent.presence_definition
            .as_ref()
            .and_then(|d| d.id.as_deref()),
        Some(AVAILABLE)
    );
    assert_eq!(published.event_ids(), ["e1", "e2"]);
    assert!(published
        .user_presence_events()
        .iter()
        .all(|e| e.user_id == USER));
}

async fn a_rate_limited_presence_update_is_retried() {
    let mock = MockServer::start().await;
    let patches = mock
        .presence()
        .patch_user_presence()
        .replies([
            ApiError::too_many_requests()
                .retry_after(Duration::ZERO)
                .into(),
            Reply::ok(UserPresence::new().with_message("Lunch")),
        ])
        .await;
    mock.events()
        .post_events_users_presence()
        .respond_with_failures(EventFailures::new())
        .await;

    let outcome = sync_presence(
        &mock.client(),
        USER,
        SOURCE,
        AVAILABLE,
        "Lunch",
        events(&["e1"]),
    )
    .await
    .expect("the client retries the 429");

    assert_eq!(outcome.message.as_deref(), Some("Lunch"));
    patches.assert_count(2);
}

async fn rejected_events_are_reported() {
    let mock = MockServer::start().await;
    mock.presence()
        .patch_user_presence()
        .respond(UserPresence::new())
        .await;
    let published = mock
        .events()
        .post_events_users_presence()
        .respond_with_failures(
            EventFailures::new()
                .retryable_times("e1", "Too many events", 1)
                .permanent("e2", "User not found"),
        )
        .await;

    let outcome = sync_presence(
        &mock.client(),
        USER,
        SOURCE,
        AVAILABLE,
        "Busy",
        events(&["e1", "e2", "e3"]),
    )
    .await
    .expect("partial failures are not an error");

    // e1 failed retryably and was accepted when resubmitted; e2 failed for good.
    assert_eq!(outcome.rejected, ["e2"]);
    assert_eq!(published.event_ids(), ["e1", "e2", "e3", "e1"]);
}

async fn a_failed_presence_update_publishes_nothing() {
    let mock = MockServer::start().await;
    mock.presence()
        .patch_user_presence()
        .fail(
            ApiError::forbidden()
                .message("Missing permission")
                .correlation_id("corr-1"),
        )
        .await;
    let published = mock
        .events()
        .post_events_users_presence()
        .respond_with_failures(EventFailures::new())
        .await;

    let err = sync_presence(
        &mock.client(),
        USER,
        SOURCE,
        AVAILABLE,
        "Busy",
        events(&["e1"]),
    )
    .await
    .expect_err("403 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.correlation_id(), Some("corr-1"));
    published.assert_count(0);
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    sets_presence_then_publishes().await;
    a_rate_limited_presence_update_is_retried().await;
    rejected_events_are_reported().await;
    a_failed_presence_update_publishes_nothing().await;
    println!("4 scenarios passed");
}
