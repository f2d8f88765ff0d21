//! The Notifications receiver's set-up against the loopback Notifications mock: planning,
//! subscribing, rejected topics, 429s and backoff, sharding, the 20-channel refusal, close.
//! Time is a ManualClock (no test waits on or asserts wall-clock time).

#[path = "receiver/rig.rs"]
mod rig;

use std::time::Duration;

use genesys_client::runtime::notifications::{Item, PlanError, ResyncReason, StartError, Status};
use genesys_client::runtime::RetryPolicy;
use rig::{expect_event, expect_resync, next, next_any, until_connected, Rig};
use serde_json::json;

const T1: &str = "v2.users.u1.presence";
const T2: &str = "v2.users.u1.routingStatus";
const T3: &str = "v2.users.u2.presence";
const S: Duration = Duration::from_secs(1);

#[tokio::test]
async fn startup_plans_subscribes_with_ignore_errors_and_delivers() {
    let rig = Rig::new().await;
    let mut rx = rig.builder(&[T1, T2, T3]).start().unwrap();
    let before = until_connected(&mut rx).await;
    assert_eq!(before.len(), 1, "{before:?}");
    let topics = expect_resync(before.into_iter().next().unwrap(), ResyncReason::Startup);
    assert_eq!(topics, vec![T1, T2, T3]);
    let channel = rig.connected_channel().await;
    assert_eq!(rig.mock.channel(&channel).unwrap().topics, vec![T1, T2, T3]);
    let calls = rig.mock.rest_calls();
    assert_eq!(calls[0], "POST /api/v2/notifications/channels");
    assert_eq!(
        calls[1],
        format!("PUT /api/v2/notifications/channels/{channel}/subscriptions")
    );
    let puts = rig.server.received_requests().await;
    let put = puts.iter().find(|r| r.method() == "PUT").unwrap();
    assert_eq!(put.query_values("ignoreErrors"), vec!["true".to_owned()]);
    let body: Vec<serde_json::Value> = put.body_json().unwrap();
    assert_eq!(
        body,
        vec![
            json!({"id": "v2.users.u1?presence&routingStatus"}),
            json!({"id": T3})
        ]
    );

    let (corr, _) = rig.mock.push_event(
        T3,
        &json!({"presenceDefinition": {"systemPresence": "Busy"}}),
    );
    let (topic, got_corr, payload) = expect_event(next(&mut rx).await);
    assert_eq!((topic.as_str(), got_corr.as_str()), (T3, corr.as_str()));
    assert_eq!(payload["presenceDefinition"]["systemPresence"], "Busy");
    rx.close().await;
}

#[tokio::test]
async fn rejected_topics_are_reported_with_reason_and_permissions() {
    let rig = Rig::new().await;
    rig.mock
        .reject_topic(T2, "Missing permissions", &["routing:agent:view"]);
    let mut rx = rig.builder(&[T1, T2]).start().unwrap();
    match next(&mut rx).await {
        Item::Rejected {
            topic,
            reason,
            missing_permissions,
            ..
        } => {
            assert_eq!(topic.as_str(), T2);
            assert_eq!(reason.as_deref(), Some("Missing permissions"));
            assert_eq!(missing_permissions, vec!["routing:agent:view"]);
        }
        other => panic!("{other:?}"),
    }
    // The gap markers name only what was granted.
    assert_eq!(
        expect_resync(next(&mut rx).await, ResyncReason::Startup),
        vec![T1]
    );
    assert_eq!(rx.stats().channels_created, 1);
    rx.close().await;
}

#[tokio::test]
async fn a_429_is_waited_out_on_the_client_clock() {
    let rig = Rig::new().await;
    rig.mock.throttle(1, 7 * S);
    let mut rx = rig.builder(&[T1]).start().unwrap();
    // The client's retry waits Retry-After on the ManualClock: nothing happens until it moves.
    tokio::time::timeout(rig::WAIT, rig.clock.wait_for_pending(1))
        .await
        .unwrap();
    assert!(
        rig.clock.waits().contains(&(7 * S)),
        "{:?}",
        rig.clock.waits()
    );
    assert_eq!(rig.mock.channel_ids().len(), 0);
    rig.clock.advance(7 * S);
    expect_resync(next(&mut rx).await, ResyncReason::Startup);
    assert_eq!(
        rig.mock.rest_calls().len(),
        3,
        "{:?}",
        rig.mock.rest_calls()
    );
    rx.close().await;
}

#[tokio::test]
async fn the_receiver_itself_honours_retry_after_when_the_client_gives_up() {
    let rig = Rig::new().await;
    let client = rig
        .server
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .sleep(std::sync::Arc::new(rig.clock.clone()))
        .build()
        .unwrap();
    rig.mock.throttle(1, 5 * S);
    let mut rx = client
        .notification_receiver::<serde_json::Value>()
        .topic(T1)
        .start()
        .unwrap();
    match next_any(&mut rx).await {
        Item::Status {
            status: Status::Retrying { delay, error, .. },
            ..
        } => {
            assert_eq!(delay, 5 * S);
            assert!(
                error.contains("429") || error.to_lowercase().contains("rate"),
                "{error}"
            );
        }
        other => panic!("{other:?}"),
    }
    tokio::time::timeout(rig::WAIT, rig.clock.wait_for_pending(1))
        .await
        .unwrap();
    rig.clock.advance(5 * S);
    expect_resync(next(&mut rx).await, ResyncReason::Startup);
    rx.close().await;
}

#[tokio::test]
async fn setup_failures_back_off_exponentially_with_jitter() {
    // A server that answers every channel creation with 503 (not retried by the client: POST).
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let clock = genesys_client::runtime::ManualClock::new();
    let client = genesys_client::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .bearer_token("t")
        .retry_policy(RetryPolicy::disabled())
        .sleep(std::sync::Arc::new(clock.clone()))
        .build()
        .unwrap();
    let mut rx = client
        .notification_receiver::<serde_json::Value>()
        .topic(T1)
        .backoff(S, 8 * S)
        .jitter_seed(3)
        .start()
        .unwrap();
    let mut delays = Vec::new();
    for _ in 0..7 {
        match next_any(&mut rx).await {
            Item::Status {
                status: Status::Retrying { delay, .. },
                ..
            } => delays.push(delay),
            other => panic!("{other:?}"),
        }
        tokio::time::timeout(rig::WAIT, clock.wait_for_pending(1))
            .await
            .unwrap();
        clock.advance_to_next();
    }
    // 0.5 s, then min·2^(n-1) with up to half taken off, capped at 8 s.
    assert_eq!(delays[0], S / 2);
    for (i, d) in delays.iter().enumerate().skip(1) {
        let cap = (S * (1 << (i - 1))).min(8 * S);
        assert!(
            *d >= cap / 2 && *d <= cap,
            "attempt {i}: {d:?} in {delays:?}"
        );
    }
    assert!(delays[6] >= 4 * S, "{delays:?}");
    rx.close().await;
}

#[tokio::test]
async fn close_ends_sockets_and_tasks_and_can_delete_subscriptions() {
    let rig = Rig::new().await;
    let mut rx = rig
        .builder(&[T1, T3])
        .delete_subscriptions_on_close(true)
        .start()
        .unwrap();
    until_connected(&mut rx).await;
    let channel = rig.connected_channel().await;
    tokio::time::timeout(rig::WAIT, rx.close()).await.unwrap();
    rig.until("socket closed", |m| m.connected_sockets() == 0)
        .await;
    assert!(rig.mock.channel(&channel).unwrap().topics.is_empty());
    assert!(rig.mock.rest_calls().contains(&format!(
        "DELETE /api/v2/notifications/channels/{channel}/subscriptions"
    )));
}

#[tokio::test]
async fn more_than_20_channels_is_refused_before_any_request() {
    let rig = Rig::new().await;
    let topics: Vec<String> = (0..20_001)
        .map(|i| format!("v2.users.{i}.presence"))
        .collect();
    let err = rig
        .client
        .notification_receiver::<serde_json::Value>()
        .topics(topics)
        .start()
        .unwrap_err();
    assert!(matches!(
        err,
        StartError::Plan(PlanError::TooManyChannels {
            needed: 21,
            max: 20,
            ..
        })
    ));
    assert!(err.to_string().contains("20 channels"), "{err}");
    assert!(rig.mock.rest_calls().is_empty());
    assert!(rig.server.received_requests().await.is_empty());
}

#[tokio::test]
async fn topics_are_sharded_over_channels() {
    let rig = Rig::new().await;
    let topics: Vec<String> = (0..2_100)
        .map(|i| format!("v2.users.{i}.presence"))
        .collect();
    let mut rx = rig
        .client
        .notification_receiver::<serde_json::Value>()
        .topics(topics.clone())
        .start()
        .unwrap();
    assert_eq!(rx.plan().shards.len(), 3);
    let mut started = std::collections::BTreeSet::new();
    while started.len() < 3 {
        if let Item::Resync {
            shard,
            reason: ResyncReason::Startup,
            ..
        } = next(&mut rx).await
        {
            started.insert(shard);
        }
    }
    rig.until("three channels", |m| m.connected_sockets() == 3)
        .await;
    let mut all: Vec<String> = rig
        .mock
        .channels()
        .into_iter()
        .flat_map(|c| c.topics)
        .collect();
    all.sort();
    let mut want = topics;
    want.sort();
    assert_eq!(all, want);
    rig.mock.push_event("v2.users.2099.presence", &json!({}));
    let item = next(&mut rx).await;
    assert_eq!(expect_event(item).0, "v2.users.2099.presence");
    rx.close().await;
}

#[test]
fn the_receiver_is_an_unpin_send_static_stream_for_any_payload() {
    fn stream<T: futures_util::Stream + Unpin + Send + 'static>() {}
    /// A payload that is neither `Unpin` nor `Clone`.
    struct Pinned(std::marker::PhantomPinned);
    impl genesys_client::runtime::NotificationPayload for Pinned {
        fn decode<'de, D: serde::Deserializer<'de>>(_: &str, body: D) -> Result<Self, D::Error> {
            <serde::de::IgnoredAny as serde::Deserialize>::deserialize(body)?;
            Ok(Pinned(std::marker::PhantomPinned))
        }
    }
    stream::<genesys_client::runtime::Receiver<serde_json::Value>>();
    stream::<genesys_client::runtime::Receiver<Box<serde_json::value::RawValue>>>();
    stream::<genesys_client::runtime::Receiver<Pinned>>();
}

#[test]
fn starting_outside_a_tokio_runtime_is_an_error_not_a_panic() {
    let client = genesys_client::Client::builder()
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client
        .notification_receiver::<serde_json::Value>()
        .topic(T1)
        .start()
        .unwrap_err();
    assert!(matches!(err, StartError::NoRuntime), "{err:?}");
}
