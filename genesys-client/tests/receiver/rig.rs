//! Shared set-up of the receiver tests: a MockServer with the Notifications mock, a client on a
//! ManualClock, helpers to read items with a safety timeout.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use genesys_client::mock::{MockNotifications, MockServer};
use genesys_client::runtime::notifications::{
    Item, Receiver, ReceiverBuilder, ResyncReason, Status,
};
use genesys_client::runtime::{Client, ManualClock, NotificationPayload};
use serde_json::Value;

/// A safety net against hangs, never an assertion about time.
pub const WAIT: Duration = Duration::from_secs(20);

pub struct Rig {
    pub server: MockServer,
    pub mock: MockNotifications,
    pub clock: ManualClock,
    pub client: Client,
}

impl Rig {
    pub async fn new() -> Self {
        let server = MockServer::start().await;
        let mock = MockNotifications::start(&server).await;
        let clock = ManualClock::new();
        let client = server
            .client_builder()
            .sleep(Arc::new(clock.clone()))
            .build()
            .unwrap();
        Rig {
            server,
            mock,
            clock,
            client,
        }
    }

    pub fn builder(&self, topics: &[&str]) -> ReceiverBuilder<Value> {
        self.client
            .notification_receiver::<Value>()
            .topics(topics.iter().copied())
            .jitter_seed(1)
    }

    /// Waits (real time, bounded) until `condition` holds on the mock.
    pub async fn until(&self, what: &str, condition: impl FnMut(&MockNotifications) -> bool) {
        tokio::time::timeout(WAIT, self.mock.wait_until(condition))
            .await
            .unwrap_or_else(|_| panic!("timed out waiting for: {what}"));
    }

    /// The id of the only connected channel, once there is exactly one.
    pub async fn connected_channel(&self) -> String {
        self.until("one connected channel", |m| m.connected_sockets() == 1)
            .await;
        self.mock
            .channels()
            .into_iter()
            .find(|c| c.connected)
            .unwrap()
            .id
    }
}

/// Polls `condition` (a receiver counter, say) until it holds; real time only bounds the wait.
pub async fn poll_until(what: &str, mut condition: impl FnMut() -> bool) {
    let polling = async {
        while !condition() {
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    tokio::time::timeout(WAIT, polling)
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for: {what}"));
}

/// The next item, whatever it is.
pub async fn next_any<P: NotificationPayload>(rx: &mut Receiver<P>) -> Item<P> {
    tokio::time::timeout(WAIT, rx.next())
        .await
        .expect("an item in time")
        .expect("the stream does not end")
}

/// The next item that is not a status.
pub async fn next<P: NotificationPayload>(rx: &mut Receiver<P>) -> Item<P> {
    loop {
        match next_any(rx).await {
            Item::Status { .. } => continue,
            item => return item,
        }
    }
}

/// Reads until a `Status::Connected`, returning the other items seen on the way.
pub async fn until_connected<P: NotificationPayload>(rx: &mut Receiver<P>) -> Vec<Item<P>> {
    let mut seen = Vec::new();
    loop {
        match next_any(rx).await {
            Item::Status {
                status: Status::Connected { .. },
                ..
            } => return seen,
            item => seen.push(item),
        }
    }
}

/// Asserts `item` is a resync for `reason` and returns its topics.
pub fn expect_resync(item: Item<Value>, reason: ResyncReason) -> Vec<String> {
    match item {
        Item::Resync {
            reason: got,
            topics,
            ..
        } if got == reason => topics.iter().map(|t| t.as_str().to_owned()).collect(),
        other => panic!("expected a {reason} resync, got {other:?}"),
    }
}

/// Asserts `item` is an event and returns (topic, correlation id, payload).
pub fn expect_event(item: Item<Value>) -> (String, String, Value) {
    match item {
        Item::Event(e) => (e.topic, e.correlation_id.unwrap_or_default(), e.payload),
        other => panic!("expected an event, got {other:?}"),
    }
}
