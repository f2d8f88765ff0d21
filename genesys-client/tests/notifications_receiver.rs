//! The Notifications receiver against the loopback Notifications mock (REST + WebSocket), one
//! connection or input fault per test, time driven by a ManualClock (no test waits on or asserts wall-clock time).

#[path = "receiver/rig.rs"]
mod rig;

use std::time::Duration;

use futures_util::StreamExt;
use genesys_client::mock::PingReply;
use genesys_client::runtime::notifications::{DecodeErrorKind, Item, ResyncReason, Status};
use genesys_client::runtime::NotificationPayload;
use rig::{expect_event, expect_resync, next, next_any, until_connected, Rig};
use serde_json::json;

const T1: &str = "v2.users.u1.presence";
const T3: &str = "v2.users.u2.presence";
const S: Duration = Duration::from_secs(1);

#[tokio::test]
async fn a_dropped_socket_reconnects_to_the_same_channel_and_resyncs() {
    let rig = Rig::new().await;
    let mut rx = rig.builder(&[T1, T3]).start().unwrap();
    until_connected(&mut rx).await;
    let channel = rig.connected_channel().await;
    rig.mock.push_event(T1, &json!({"n": 1}));
    assert_eq!(expect_event(next(&mut rx).await).2["n"], 1);

    assert!(rig.mock.drop_connection(&channel));
    let topics = expect_resync(next(&mut rx).await, ResyncReason::Reconnected);
    assert_eq!(topics, vec![T1, T3]);
    rig.until("reconnected", |m| {
        m.channel(&channel)
            .is_some_and(|c| c.connected && c.connections == 2)
    })
    .await;
    assert_eq!(
        rig.mock.channel_ids(),
        vec![channel.clone()],
        "same channel"
    );
    assert!(rig
        .mock
        .rest_calls()
        .contains(&format!("HEAD /api/v2/notifications/channels/{channel}")));
    rig.mock.push_event(T3, &json!({"n": 2}));
    assert_eq!(expect_event(next(&mut rx).await).2["n"], 2);
    let stats = rx.stats();
    assert_eq!(
        (stats.disconnects, stats.connects, stats.channels_created),
        (1, 2, 1)
    );
    rx.close().await;
}

#[tokio::test]
async fn a_server_close_frame_is_a_disconnect_too() {
    let rig = Rig::new().await;
    let mut rx = rig.builder(&[T1]).start().unwrap();
    until_connected(&mut rx).await;
    let channel = rig.connected_channel().await;
    assert!(rig.mock.close_socket(&channel, 1001));
    match next_any(&mut rx).await {
        Item::Status {
            status: Status::Disconnected { reason },
            ..
        } => assert!(reason.contains("1001"), "{reason}"),
        other => panic!("{other:?}"),
    }
    expect_resync(next(&mut rx).await, ResyncReason::Reconnected);
    rx.close().await;
}

#[tokio::test]
async fn a_silent_socket_is_pinged_then_replaced() {
    let rig = Rig::new().await;
    let mut rx = rig
        .builder(&[T1])
        .heartbeat_silence(60 * S)
        .pong_timeout(10 * S)
        .start()
        .unwrap();
    until_connected(&mut rx).await;
    let channel = rig.connected_channel().await;

    // Heartbeats keep it alive: 59 s after the last one, nothing happens.
    rig.mock.heartbeat(&channel);
    rig.mock.flush().await;
    rig::poll_until("the heartbeat is read", || rx.stats().metadata == 1).await;
    rig.clock.advance(59 * S);
    tokio::task::yield_now().await;
    assert_eq!(rx.stats().pings, 0);
    assert_eq!(rig.mock.channel(&channel).unwrap().pings, 0);

    // A socket that answers pings survives silence.
    rig.clock.advance(61 * S);
    rig.until("a ping", |m| m.channel(&channel).unwrap().pings == 1)
        .await;
    rig::poll_until("the pong is read", || rx.stats().metadata == 2).await;
    rig.clock.advance(10 * S);
    tokio::task::yield_now().await;
    assert_eq!(rig.mock.channel(&channel).unwrap().connections, 1);
    assert_eq!(
        rig.mock.channel(&channel).unwrap().frames,
        vec![r#"{"message":"ping"}"#]
    );

    // A silent one is declared dead after the pong timeout and replaced.
    rig.mock.set_ping_reply(&channel, PingReply::Silent);
    rig.clock.advance(120 * S);
    rig.until("a second ping", |m| m.channel(&channel).unwrap().pings == 2)
        .await;
    rig.clock.advance(10 * S);
    expect_resync(next(&mut rx).await, ResyncReason::Reconnected);
    assert_eq!(rig.mock.channel(&channel).unwrap().connections, 2);
    assert!(rx.stats().pings >= 2);
    rx.close().await;
}

#[tokio::test]
async fn a_slow_consumer_neither_trips_the_watchdog_nor_grows_memory() {
    let rig = Rig::new().await;
    let mut rx = rig
        .builder(&[T1, T3])
        .buffer(4)
        .heartbeat_silence(60 * S)
        .pong_timeout(10 * S)
        .start()
        .unwrap();
    until_connected(&mut rx).await;
    let channel = rig.connected_channel().await;
    // The consumer reads nothing while 40 events and heartbeats arrive over 5 minutes.
    for i in 0..40 {
        let topic = if i % 2 == 0 { T1 } else { T3 };
        rig.mock.push_event(topic, &json!({"i": i}));
        if i % 8 == 0 {
            rig.mock.heartbeat(&channel);
            rig.mock.flush().await;
            let heartbeats = i / 8 + 1;
            rig::poll_until("the reader keeps reading", || {
                rx.stats().metadata >= heartbeats as u64
            })
            .await;
            rig.clock.advance(50 * S);
        }
    }
    rig.mock.flush().await;
    rig::poll_until("all 40 counted", || {
        let s = rx.stats();
        s.delivered + s.lag_dropped == 40
    })
    .await;
    let stats = rx.stats();
    assert_eq!(stats.disconnects, 0, "the watchdog did not trip");
    assert_eq!(rig.mock.channel(&channel).unwrap().connections, 1);
    assert_eq!(stats.delivered, 4, "the buffer holds 4");
    assert_eq!(stats.lag_dropped, 36);

    // The four buffered events, then a Lagged resync naming both topics, then live events.
    for _ in 0..4 {
        expect_event(next(&mut rx).await);
    }
    let mut topics = expect_resync(next(&mut rx).await, ResyncReason::Lagged);
    topics.sort();
    assert_eq!(topics, vec![T1, T3]);
    rig.mock.push_event(T1, &json!({"after": true}));
    assert_eq!(expect_event(next(&mut rx).await).2["after"], true);
    rx.close().await;
}

#[tokio::test]
async fn duplicates_by_correlation_id_are_delivered_once() {
    let rig = Rig::new().await;
    let mut rx = rig.builder(&[T1]).start().unwrap();
    until_connected(&mut rx).await;
    rig.mock.push_event_with_id(T1, &json!({"n": 1}), "same");
    rig.mock.push_event_with_id(T1, &json!({"n": 1}), "same");
    // Laid out otherwise (keys sorted: the socket task decodes it, not the stream), the
    // same id is still a duplicate.
    let channel = rig.connected_channel().await;
    let sorted =
        json!({"eventBody": {"n": 1}, "metadata": {"CorrelationId": "same"}, "topicName": T1});
    assert!(sorted.to_string().starts_with(r#"{"eventBody""#));
    assert!(rig.mock.push_raw(&channel, sorted.to_string()));
    rig.mock.push_event_with_id(T1, &json!({"n": 2}), "other");
    assert_eq!(expect_event(next(&mut rx).await).1, "same");
    assert_eq!(expect_event(next(&mut rx).await).1, "other");
    let stats = rx.stats();
    assert_eq!((stats.delivered, stats.duplicates), (2, 2));
    rx.close().await;
}

#[tokio::test]
async fn socket_closing_hands_over_to_a_new_channel_before_closing_the_old_one() {
    let rig = Rig::new().await;
    let mut rx = rig.builder(&[T1, T3]).start().unwrap();
    until_connected(&mut rx).await;
    let old = rig.connected_channel().await;
    let mut sent = Vec::new();
    for i in 0..20 {
        sent.push(rig.mock.push_event(T1, &json!({"i": i})).0);
    }
    assert!(rig.mock.socket_closing(&old));
    // Events keep coming during the handover.
    for i in 20..200 {
        sent.push(rig.mock.push_event(T3, &json!({"i": i})).0);
        if i % 20 == 0 {
            tokio::task::yield_now().await;
        }
    }
    rig.until("the new channel is live and the old socket gone", |m| {
        let chans = m.channels();
        chans.len() == 2 && !chans[0].connected && chans[1].connected
    })
    .await;
    let new = rig.mock.channel_ids()[1].clone();
    assert_ne!(new, old);
    assert_eq!(rig.mock.channel(&new).unwrap().topics, vec![T1, T3]);
    for i in 200..220 {
        sent.push(rig.mock.push_event(T1, &json!({"i": i})).0);
    }
    rig.mock.flush().await;
    // Exactly once: what was flushed to a socket, by correlation id, with no resync (no gap).
    let flushed: std::collections::BTreeSet<String> = rig
        .mock
        .sent_events()
        .into_iter()
        .map(|e| e.correlation_id)
        .collect();
    let mut got = Vec::new();
    while got.len() < flushed.len() {
        match next(&mut rx).await {
            Item::Event(e) => got.push(e.correlation_id.unwrap()),
            other => panic!("no gap, no resync: {other:?}"),
        }
    }
    let unique: std::collections::BTreeSet<String> = got.iter().cloned().collect();
    assert_eq!(unique.len(), got.len(), "no duplicates");
    assert_eq!(unique, flushed, "no loss");
    // The old channel delivered until the new one was live.
    assert!(got.len() >= 40, "{}", got.len());
    let stats = rx.stats();
    assert_eq!(
        (stats.handovers, stats.channels_created, stats.resyncs),
        (1, 2, 1)
    );
    rx.close().await;
}

#[tokio::test]
async fn no_longer_subscribed_and_token_revoked_make_a_new_channel() {
    let rig = Rig::new().await;
    let mut rx = rig.builder(&[T1]).start().unwrap();
    until_connected(&mut rx).await;
    let first = rig.connected_channel().await;
    rig.mock.no_longer_subscribed(&first);
    assert_eq!(
        expect_resync(next(&mut rx).await, ResyncReason::NewChannel),
        vec![T1]
    );
    rig.until("second channel live", |m| {
        m.channels().len() == 2 && m.channels()[1].connected
    })
    .await;
    let second = rig.mock.channel_ids()[1].clone();
    let tokens_before = rig.server.token_requests();
    rig.mock.token_revoked(&second);
    assert_eq!(
        expect_resync(next(&mut rx).await, ResyncReason::NewChannel),
        vec![T1]
    );
    rig.until("third channel live", |m| {
        m.channels().len() == 3 && m.channels()[2].connected
    })
    .await;
    assert_eq!(
        rig.server.token_requests(),
        tokens_before + 1,
        "a fresh token after token_revoked"
    );
    rig.mock.push_event(T1, &json!({"ok": 1}));
    assert_eq!(expect_event(next(&mut rx).await).2["ok"], 1);
    assert_eq!(rx.stats().channels_created, 3);
    rx.close().await;
}

#[tokio::test]
async fn a_channel_is_rotated_before_it_expires_and_replaced_when_it_is_gone() {
    let rig = Rig::new().await;
    rig.mock.set_channel_lifetime(3600 * S);
    let mut rx = rig
        .builder(&[T1])
        .rotate_before_expiry(600 * S)
        .start()
        .unwrap();
    until_connected(&mut rx).await;
    let first = rig.connected_channel().await;
    // 49 minutes: nothing (the watchdog pings and gets pongs meanwhile).
    rig.until("timers armed", |_| rig.clock.pending() >= 2)
        .await;
    rig.clock.advance(49 * 60 * S);
    rig.until("ping answered", |m| m.channel(&first).unwrap().pings == 1)
        .await;
    assert_eq!(rig.mock.channel_ids().len(), 1);
    // A reconnect to the same channel does not make it younger.
    assert!(rig.mock.drop_connection(&first));
    let seen = until_connected(&mut rx).await;
    assert!(
        seen.iter().any(|i| matches!(
            i,
            Item::Resync {
                reason: ResyncReason::Reconnected,
                ..
            }
        )),
        "{seen:?}"
    );
    assert_eq!(rig.mock.channel(&first).unwrap().connections, 2);
    // 50 minutes (expires in 60 minus the 10-minute margin; `Date` has whole seconds, so
    // give it 2 s more): a handover, no gap.
    rig.clock.advance(62 * S);
    rig.until("rotated", |m| {
        m.channels().len() == 2 && m.channels()[1].connected && !m.channels()[0].connected
    })
    .await;
    let second = rig.mock.channel_ids()[1].clone();
    rig.mock.push_event(T1, &json!({"n": 1}));
    assert_eq!(expect_event(next(&mut rx).await).2["n"], 1);
    assert_eq!(
        rx.stats().resyncs,
        2,
        "startup and reconnect, none for the handover"
    );

    // The channel expires under the socket: a new channel, announced.
    assert!(rig.mock.expire_channel(&second));
    assert_eq!(
        expect_resync(next(&mut rx).await, ResyncReason::NewChannel),
        vec![T1]
    );
    rig.until("third channel", |m| {
        m.channels()
            .iter()
            .any(|c| c.connected && c.id != second && c.id != first)
    })
    .await;
    rx.close().await;
}

#[derive(Debug)]
struct Strict {
    n: u64,
}

impl NotificationPayload for Strict {
    fn decode<'de, D: serde::Deserializer<'de>>(_topic: &str, body: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Body {
            n: u64,
        }
        let body = <Body as serde::Deserialize>::deserialize(body)?;
        Ok(Strict { n: body.n })
    }
}

#[tokio::test]
async fn bad_frames_are_reported_and_the_socket_goes_on() {
    let rig = Rig::new().await;
    let mut rx = rig
        .client
        .notification_receiver::<Strict>()
        .topic(T1)
        .start()
        .unwrap();
    // Connected and subscribed (the Status follows the subscription).
    while !matches!(
        tokio::time::timeout(rig::WAIT, rx.next())
            .await
            .unwrap()
            .unwrap(),
        Item::Status {
            status: Status::Connected { .. },
            ..
        }
    ) {}
    let channel = rig.connected_channel().await;
    let huge = format!(
        r#"{{"topicName":"{T1}","eventBody":{{"pad":"{}"}}}}"#,
        "x".repeat(16 << 20)
    );
    let frames = [
        "not json at all".to_owned(),
        r#"{"topicName":"v2.users.u1.presence"}"#.to_owned(),
        r#"{"topicName":"v2.users.zz.presence","eventBody":{"n":1}}"#.to_owned(),
        format!(r#"{{"topicName":"{T1}","eventBody":{{"n":"NaN"}}}}"#),
        huge,
    ];
    for f in &frames {
        assert!(rig.mock.push_raw(&channel, f.clone()));
    }
    rig.mock.push_event(T1, &json!({"n": 7}));
    let mut kinds = Vec::new();
    loop {
        let item = tokio::time::timeout(rig::WAIT, rx.next())
            .await
            .unwrap()
            .unwrap();
        match item {
            Item::Undecodable(u) => {
                assert!(u.raw.len() <= genesys_client::runtime::notifications::MAX_RAW_PREFIX);
                if u.kind == DecodeErrorKind::TooLarge {
                    assert_eq!(u.len, frames[4].len());
                    assert_eq!(u.topic, None);
                }
                if u.kind == DecodeErrorKind::UnknownTopic || u.kind == DecodeErrorKind::Payload {
                    assert!(u.topic.is_some());
                }
                kinds.push(u.kind);
            }
            Item::Event(e) => {
                assert_eq!(e.payload.n, 7);
                break;
            }
            Item::Status { .. } | Item::Resync { .. } => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        kinds,
        vec![
            DecodeErrorKind::NotJson,
            DecodeErrorKind::WrongShape,
            DecodeErrorKind::UnknownTopic,
            DecodeErrorKind::Payload,
            DecodeErrorKind::TooLarge
        ]
    );
    assert_eq!(
        rig.mock.channel(&channel).unwrap().connections,
        1,
        "same socket"
    );
    assert_eq!(rx.stats().undecodable, 5);
    rx.close().await;
}

/// Held by the test while a [`Gated`] payload must not finish decoding.
static DECODE_GATE: std::sync::Mutex<()> = std::sync::Mutex::new(());
/// Decodes of a [`Gated`] payload begun.
static DECODES_BEGUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A payload type that is slow to decode, without any clock: its decode waits for
/// [`DECODE_GATE`].
#[derive(Debug)]
struct Gated(serde_json::Value);

impl NotificationPayload for Gated {
    fn decode<'de, D: serde::Deserializer<'de>>(_topic: &str, body: D) -> Result<Self, D::Error> {
        DECODES_BEGUN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        drop(DECODE_GATE.lock().unwrap_or_else(|e| e.into_inner()));
        serde::Deserialize::deserialize(body).map(Gated)
    }
}

// The gate is a std mutex held across awaits on purpose: it blocks a decode on the consumer's
// own thread, never this test's task or the runtime's workers.
#[allow(clippy::await_holding_lock)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payload_slow_to_decode_never_delays_the_socket() {
    let rig = Rig::new().await;
    let mut rx = rig
        .client
        .notification_receiver::<Gated>()
        .topic(T1)
        .jitter_seed(1)
        .heartbeat_silence(60 * S)
        .pong_timeout(10 * S)
        .start()
        .unwrap();
    until_connected(&mut rx).await;
    let channel = rig.connected_channel().await;

    // Decoding blocks from now on; the consumer takes an event and is stuck decoding it.
    let gate = DECODE_GATE.lock().unwrap();
    rig.mock.push_event(T1, &json!({"n": 1}));
    // The consumer is an application thread of its own: a decode stuck on a tokio worker
    // would stall that runtime's timers and I/O whatever the receiver does.
    let (done, consumer) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let event = runtime.block_on(async {
            loop {
                match rx.next().await {
                    Some(Item::Event(event)) => return event.payload.0,
                    Some(_) => continue,
                    None => panic!("the stream ended"),
                }
            }
        });
        let _ = done.send((rx, event));
    });

    // The frame was read (the socket's last traffic) before the consumer could take it.
    rig::poll_until("the consumer is decoding", || {
        DECODES_BEGUN.load(std::sync::atomic::Ordering::SeqCst) == 1
    })
    .await;

    // The socket is silent for a minute: its task still watches it and pings, and the pong
    // keeps it (a socket task stuck in that decode would neither ping nor read the pong).
    rig.clock.advance(61 * S);
    rig.until("the watchdog's ping", |m| {
        m.channel(&channel).unwrap().pings == 1
    })
    .await;
    rig.mock.heartbeat(&channel);
    rig.mock.flush().await;

    drop(gate);
    let (rx, payload) = tokio::time::timeout(rig::WAIT, consumer)
        .await
        .expect("the consumer finishes once decoding may")
        .unwrap();
    assert_eq!(payload, json!({"n": 1}));
    rig::poll_until("the pong and the heartbeat read", || {
        rx.stats().metadata >= 2
    })
    .await;
    let stats = rx.stats();
    assert_eq!((stats.pings, stats.disconnects), (1, 0), "{stats:?}");
    assert_eq!(rig.mock.channel(&channel).unwrap().connections, 1);
    rx.close().await;
}
