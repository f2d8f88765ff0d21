//! The receiver's socket over TLS (`wss://`) and binary frames, on loopback.
//!
//! The TLS server is a rustls front on a loopback port with a certificate made at test time
//! (rcgen, self-signed for `127.0.0.1`); it forwards the decrypted bytes to the Notifications
//! mock, whose channels give `wss://127.0.0.1:PORT/channels/{id}` as `connectUri`. The
//! client trusts that certificate through `ClientBuilder::add_root_certificate_der`.

#[path = "receiver/rig.rs"]
mod rig;
mod tls_front;

use std::sync::Arc;

use genesys_client::runtime::notifications::{DecodeErrorKind, Item, ResyncReason, Status};
use rig::{expect_event, expect_resync, next, next_any, until_connected, Rig};
use serde_json::json;
use tls_front::{tls_front, TlsFront};

const T1: &str = "v2.users.u1.presence";

/// A rig whose channels connect through the TLS front.
async fn tls_rig() -> (Rig, TlsFront) {
    let rig = Rig::new().await;
    let upstream = rig.mock.ws_uri().trim_start_matches("ws://").to_owned();
    let front = tls_front(upstream).await;
    rig.mock
        .set_connect_base(format!("wss://127.0.0.1:{}", front.port));
    (rig, front)
}

#[tokio::test]
async fn the_socket_connects_over_tls_when_the_client_trusts_the_root() {
    let (base, front) = tls_rig().await;
    let client = base
        .server
        .client_builder()
        .sleep(Arc::new(base.clock.clone()))
        .add_root_certificate_der(front.cert.clone())
        .build()
        .unwrap();
    let mut rx = client
        .notification_receiver::<serde_json::Value>()
        .topic(T1)
        .jitter_seed(1)
        .start()
        .unwrap();
    let before = until_connected(&mut rx).await;
    assert!(
        before.iter().any(|i| matches!(
            i,
            Item::Resync {
                reason: ResyncReason::Startup,
                ..
            }
        )),
        "{before:?}"
    );
    let channel = base.connected_channel().await;
    assert!(base.mock.channel_ids().iter().all(|id| id == &channel));
    assert_eq!(front.handshakes(), 1);
    assert_eq!(front.failed(), 0);
    // Events travel through the TLS socket.
    base.mock.push_event(T1, &json!({"n": 1}));
    let (topic, _, payload) = expect_event(next(&mut rx).await);
    assert_eq!((topic.as_str(), payload["n"].clone()), (T1, json!(1)));
    // A dropped socket reconnects over TLS too.
    assert!(base.mock.drop_connection(&channel));
    expect_resync(next(&mut rx).await, ResyncReason::Reconnected);
    base.mock.push_event(T1, &json!({"n": 2}));
    assert_eq!(expect_event(next(&mut rx).await).2["n"], 2);
    assert_eq!(front.handshakes(), 2);
    rx.close().await;
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_retried_connection_error_not_a_socket() {
    let (base, front) = tls_rig().await;
    // The client of the rig trusts only the webpki roots.
    let mut rx = base.builder(&[T1]).start().unwrap();
    let error = loop {
        match next_any(&mut rx).await {
            Item::Status {
                status: Status::Retrying { error, .. },
                ..
            } => break error,
            Item::Status {
                status: Status::Connected { .. },
                ..
            } => panic!("connected to a server with an untrusted certificate"),
            _ => {}
        }
    };
    assert!(
        error.to_lowercase().contains("certificate"),
        "the error names the certificate: {error}"
    );
    rig::poll_until("the front sees the refused handshake", || {
        front.failed() >= 1
    })
    .await;
    assert_eq!(front.handshakes(), 0);
    assert_eq!(base.mock.connected_sockets(), 0);
    rx.close().await;
}

#[tokio::test]
async fn a_root_that_is_not_a_certificate_is_a_configuration_error() {
    let server = genesys_client::mock::MockServer::start().await;
    let built = server
        .client_builder()
        .add_root_certificate_der(b"not a certificate".to_vec())
        .build();
    let Err(err) = built else {
        panic!("a client with a bad root certificate was built")
    };
    assert!(err.to_string().contains("root certificate"), "{err}");
}

#[tokio::test]
async fn binary_frames_are_read_as_text_when_utf8_and_reported_otherwise() {
    let rig = Rig::new().await;
    let mut rx = rig.builder(&[T1]).start().unwrap();
    until_connected(&mut rx).await;
    let channel = rig.connected_channel().await;
    // A UTF-8 binary frame: an event like any other, and its id counts for duplicates.
    let envelope = format!(
        r#"{{"topicName":"{T1}","eventBody":{{"n":1}},"metadata":{{"CorrelationId":"bin-1"}}}}"#
    );
    assert!(rig
        .mock
        .push_binary(&channel, envelope.clone().into_bytes()));
    // Not UTF-8.
    let mut bad = b"{\"topicName\":\"".to_vec();
    bad.extend([0xff, 0xfe, 0x00]);
    assert!(rig.mock.push_binary(&channel, bad.clone()));
    // The same event again as text: a duplicate, dropped.
    assert!(rig.mock.push_raw(&channel, envelope));
    rig.mock.push_event(T1, &json!({"n": 2}));

    let (topic, id, payload) = expect_event(next(&mut rx).await);
    assert_eq!(
        (topic.as_str(), id.as_str(), payload),
        (T1, "bin-1", json!({"n": 1}))
    );
    match next(&mut rx).await {
        Item::Undecodable(u) => {
            assert_eq!(u.kind, DecodeErrorKind::Binary);
            assert_eq!(u.len, bad.len());
            assert!(u.raw.starts_with("{\"topicName\":\""), "{:?}", u.raw);
            assert!(u.error.contains("UTF-8"), "{}", u.error);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(expect_event(next(&mut rx).await).2, json!({"n": 2}));
    let stats = rx.stats();
    assert_eq!(
        (stats.delivered, stats.duplicates, stats.undecodable),
        (2, 1, 1)
    );
    rx.close().await;
}
