//! Soak: 100,000 events over 3 channels with over 200 injected faults (dropped sockets, close
//! frames, silent sockets, socket_closing handovers, expired channels, no_longer_subscribed,
//! bad frames, and a 24 h expiry of every channel), on virtual time. It asserts, exactly:
//! every event the mock flushed to a socket is delivered once and only once, every gap
//! (reconnect, new channel) is announced by a `Resync` of that channel before its next event,
//! and no resync comes without a gap.

#[path = "receiver/rig.rs"]
mod rig;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use futures_util::StreamExt;
use genesys_client::runtime::notifications::{Item, Receiver, ResyncReason};
use rig::{poll_until, Rig, WAIT};
use serde_json::{json, Value};

const EVENTS: usize = 100_000;
const FAULTS: usize = 210;
const TOPICS: usize = 2_100; // 3 channels: 1,000 + 1,000 + 100
const S: Duration = Duration::from_secs(1);

struct Ledger {
    /// Unique correlation ids flushed to a socket, with the ledger position of the first flush.
    expected: HashMap<String, usize>,
    /// Correlation ids delivered.
    got: HashSet<String>,
    read: usize,
    /// Per channel: a gap happened and its resync has not come yet.
    awaiting: [bool; 3],
    /// Per channel: the ledger position at its last gap (events flushed before it may still
    /// arrive from the old socket before the resync).
    gap_at: [usize; 3],
    resyncs: usize,
    gaps: usize,
}

impl Ledger {
    /// Takes in what the mock flushed since the last call.
    fn sync(&mut self, rig: &Rig) {
        for e in rig.mock.sent_events_from(self.read) {
            self.expected.entry(e.correlation_id).or_insert(self.read);
            self.read += 1;
        }
    }

    fn take(&mut self, item: Item<Value>) {
        match item {
            Item::Event(e) => {
                let id = e.correlation_id.expect("mock events have ids");
                let at = self.expected.get(&id).copied().unwrap_or(usize::MAX);
                assert!(
                    !self.awaiting[e.shard] || at < self.gap_at[e.shard],
                    "an event on channel {} flushed after its gap, before its resync",
                    e.shard
                );
                assert!(self.got.insert(id.clone()), "{id} delivered twice");
            }
            Item::Resync { shard, reason, .. } => {
                assert!(
                    matches!(
                        reason,
                        ResyncReason::Startup
                            | ResyncReason::Reconnected
                            | ResyncReason::NewChannel
                    ),
                    "{reason:?}"
                );
                self.awaiting[shard] = false;
                self.resyncs += 1;
            }
            Item::Status { .. } | Item::Undecodable(_) => {}
            other => panic!("{other:?}"),
        }
    }

    /// Reads until every flushed event is delivered and no resync is outstanding.
    async fn drain(&mut self, rig: &Rig, rx: &mut Receiver<Value>) {
        rig.mock.flush().await;
        self.sync(rig);
        while self.got.len() < self.expected.len() || self.awaiting.iter().any(|a| *a) {
            let item = tokio::time::timeout(WAIT, rx.next())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "stuck: {} of {} delivered, awaiting {:?}",
                        self.got.len(),
                        self.expected.len(),
                        self.awaiting
                    )
                })
                .expect("the stream does not end");
            self.take(item);
            self.sync(rig);
        }
    }

    /// Marks a gap on `shard` now (call after flushing what should precede it).
    async fn gap(&mut self, rig: &Rig, shard: usize) {
        rig.mock.flush().await;
        self.sync(rig);
        self.gap_at[shard] = self.read;
        self.awaiting[shard] = true;
        self.gaps += 1;
    }
}

/// The connected channel of a shard, found by one of its planned topics.
fn channel_of(rig: &Rig, rx: &Receiver<Value>, shard: usize) -> String {
    let probe = rx.plan().shards[shard].topics[0].as_str().to_owned();
    rig.mock
        .channels()
        .into_iter()
        .find(|c| c.connected && c.topics.binary_search(&probe).is_ok())
        .unwrap_or_else(|| panic!("no connected channel for shard {shard}"))
        .id
}

async fn settle(rig: &Rig, rx: &Receiver<Value>, connects: u64) {
    poll_until("every channel connected and subscribed", || {
        rx.stats().connects == connects
            && rig.mock.connected_sockets() == 3
            && rig
                .mock
                .channels()
                .iter()
                .filter(|c| c.connected)
                .all(|c| !c.topics.is_empty())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_100k_events_3_channels_200_faults_exactly_once() {
    let rig = Rig::new().await;
    let topics: Vec<String> = (0..TOPICS)
        .map(|i| format!("v2.users.{i}.presence"))
        .collect();
    let mut rx = rig
        .client
        .notification_receiver::<Value>()
        .topics(topics.clone())
        .buffer(1 << 16)
        .backoff_reset_after(Duration::ZERO)
        .heartbeat_silence(60 * S)
        .pong_timeout(10 * S)
        .jitter_seed(5)
        .start()
        .unwrap();
    assert_eq!(rx.plan().shards.len(), 3);
    let mut ledger = Ledger {
        expected: HashMap::new(),
        got: HashSet::new(),
        read: 0,
        awaiting: [true; 3], // the startup resyncs
        gap_at: [0; 3],
        resyncs: 0,
        gaps: 3,
    };
    let mut connects = 3;
    settle(&rig, &rx, connects).await;
    ledger.drain(&rig, &mut rx).await;

    let mut rng = fastrand::Rng::with_seed(11);
    let mut pushed = 0;
    let mut faults = 0;
    let mut kinds = [0usize; 8];
    let mut round = 0;
    // Seven kinds, nine faults a cycle (the silent one hits all three channels).
    let per_round = EVENTS / (FAULTS * 7 / 9) + 1;
    let body = json!({"presenceDefinition": {"systemPresence": "Available"}});
    while faults < FAULTS {
        for _ in 0..per_round.min(EVENTS.saturating_sub(pushed)) {
            rig.mock.push_event(&topics[rng.usize(0..TOPICS)], &body);
            pushed += 1;
        }
        ledger.drain(&rig, &mut rx).await;

        let shard = rng.usize(0..3);
        let channel = channel_of(&rig, &rx, shard);
        let kind = round % 7;
        round += 1;
        kinds[kind] += 1;
        match kind {
            0 => {
                // Events right before a dropped connection are still delivered.
                for _ in 0..20 {
                    rig.mock.push_event(&topics[rng.usize(0..TOPICS)], &body);
                }
                ledger.gap(&rig, shard).await;
                assert!(rig.mock.drop_connection(&channel));
                connects += 1;
            }
            1 => {
                ledger.gap(&rig, shard).await;
                assert!(rig.mock.close_socket(&channel, 1011));
                connects += 1;
            }
            2 => {
                // Maintenance: a handover while events keep coming (no gap, no duplicate).
                assert!(rig.mock.socket_closing(&channel));
                for i in 0..200 {
                    rig.mock.push_event(&topics[rng.usize(0..TOPICS)], &body);
                    if i % 25 == 0 {
                        tokio::task::yield_now().await;
                    }
                }
                connects += 1;
            }
            3 => {
                ledger.gap(&rig, shard).await;
                assert!(rig.mock.expire_channel(&channel));
                connects += 1;
            }
            4 => {
                for _ in 0..50 {
                    rig.mock.push_event(&topics[rng.usize(0..TOPICS)], &body);
                }
                ledger.gap(&rig, shard).await;
                assert!(rig.mock.no_longer_subscribed(&channel));
                connects += 1;
            }
            5 => {
                // Bad frames and a heartbeat: reported, the socket goes on.
                rig.mock.push_raw(&channel, "garbage");
                rig.mock.push_raw(
                    &channel,
                    r#"{"topicName":"v2.users.x.presence","eventBody":{}}"#,
                );
                rig.mock.push_raw(&channel, r#"{"eventBody":1}"#);
                rig.mock.heartbeat(&channel);
            }
            _ => {
                // Every socket goes silent: pings go unanswered, all three reconnect.
                let pings: Vec<(String, usize)> = (0..3)
                    .map(|s| {
                        let id = channel_of(&rig, &rx, s);
                        let n = rig.mock.channel(&id).unwrap().pings;
                        (id, n)
                    })
                    .collect();
                for s in 0..3 {
                    ledger.gap(&rig, s).await;
                }
                for (id, _) in &pings {
                    rig.mock.set_silent(id, true);
                }
                rig.clock.advance(61 * S);
                rig.until("three unanswered pings", |m| {
                    pings
                        .iter()
                        .all(|(id, n)| m.channel(id).is_some_and(|c| c.pings > *n))
                })
                .await;
                for (id, _) in &pings {
                    rig.mock.set_silent(id, false);
                }
                rig.clock.advance(11 * S);
                connects += 3;
            }
        }
        faults += if kind == 6 { 3 } else { 1 };
        settle(&rig, &rx, connects).await;
        ledger.drain(&rig, &mut rx).await;
    }

    // Finally every channel reaches its 24 h expiry: three handovers, no gap.
    let before = rx.stats();
    let metadata = before.metadata;
    rig.clock.advance(24 * 3600 * S);
    connects += 3;
    faults += 3;
    settle(&rig, &rx, connects).await;
    while pushed < EVENTS {
        rig.mock.push_event(&topics[rng.usize(0..TOPICS)], &body);
        pushed += 1;
    }
    ledger.drain(&rig, &mut rx).await;
    assert!(rx.stats().handovers >= before.handovers + 3);
    assert!(rx.stats().metadata >= metadata);

    let stats = rx.stats();
    eprintln!(
        "soak: {pushed} pushed, {} flushed (unique), {} delivered, {faults} faults {kinds:?}, {stats:?}",
        ledger.expected.len(),
        ledger.got.len()
    );
    assert!(faults >= 200, "{faults}");
    assert!(kinds[..7].iter().all(|&n| n >= 20), "{kinds:?}");
    assert!(ledger.expected.len() >= EVENTS, "{}", ledger.expected.len());
    let expected: BTreeSet<&String> = ledger.expected.keys().collect();
    let got: BTreeSet<&String> = ledger.got.iter().collect();
    assert_eq!(expected, got, "exactly the flushed events");
    assert_eq!(
        ledger.resyncs, ledger.gaps,
        "one resync per gap, none without"
    );
    assert_eq!(stats.resyncs as usize, ledger.gaps);
    assert_eq!(stats.lag_dropped, 0);
    rx.close().await;
}
