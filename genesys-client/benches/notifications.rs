//! The Notifications receiver (features `mock`, `notifications`), each figure against a
//! baseline measured in the same run:
//!
//! - `decode`: one event frame to (topic, typed body, correlation id) the receiver's way
//!   (one pass: the envelope hands the body to the payload type) vs one hand-written serde
//!   struct of the whole envelope with the same typed body; and the generated
//!   `NotificationEvent` (user id, typed body and the body kept raw) vs the same information
//!   by hand (borrowed raw body, the model parsed from it, the body copied once);
//! - `throughput`: 5,000 event frames through the receiver (typed payload, dedupe, queue) vs a
//!   bare tokio-tungstenite read loop, both reading the same frames from the same loopback
//!   Notifications mock (a channel each), written by the same `push_raw` calls; a third arm
//!   is the bare loop decoding each frame with the hand-written serde envelope;
//! - latency (printed, not criterion): push one frame, time until the consumer has it; p50/p99
//!   over 2,000 frames, receiver and bare loop;
//! - memory (printed): bytes the receiver retains per subscribed topic, counted by an
//!   instrumented System allocator (slope between 1,000 and 20,000 topics, against a server
//!   that never answers, so nothing but the receiver's own state is counted).
//!
//! Run: `cargo bench -p genesys-client --features mock,notifications --bench notifications`.
mod paired;

use std::alloc::System;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use futures_util::StreamExt;
use genesys_client::mock::{MockNotifications, MockServer};
use genesys_client::models::PresenceEventUserPresence;
use genesys_client::runtime::notifications::{decode_frame, Item, Receiver};
use genesys_client::runtime::NotificationPayload;
use genesys_client::topics::NotificationEvent;
use serde::Deserialize;
use serde_json::value::RawValue;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const TOPIC: &str = "v2.users.6a3af858-942f-489d-9700-5f9bcdcdae9b.presence";
const FRAMES: usize = 5_000;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Definition {
    id: String,
    #[serde(rename = "systemPresence")]
    system_presence: String,
}

/// The typed body, as a generated presence topic type reads it.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Presence {
    source: String,
    #[serde(rename = "presenceDefinition")]
    presence_definition: Definition,
    message: Option<String>,
    #[serde(rename = "modifiedDate")]
    modified_date: String,
}

impl NotificationPayload for Presence {
    fn decode<'de, D: serde::Deserializer<'de>>(_topic: &str, body: D) -> Result<Self, D::Error> {
        Presence::deserialize(body)
    }
}

#[derive(Deserialize)]
struct Meta {
    #[serde(rename = "CorrelationId")]
    correlation_id: Option<String>,
}

/// The baseline: one struct for the whole envelope.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "topicName")]
    topic_name: String,
    #[serde(rename = "eventBody")]
    event_body: Presence,
    metadata: Option<Meta>,
}

fn baseline(text: &str) -> Option<(String, Presence, Option<String>)> {
    let e: Envelope = serde_json::from_str(text).ok()?;
    Some((
        e.topic_name,
        e.event_body,
        e.metadata.and_then(|m| m.correlation_id),
    ))
}

/// The generated event enum's information by hand: the user id from the topic, the typed body
/// (the same generated model), and the body kept raw beside it, the way one would write it
/// without the generator: borrow the body from the envelope, parse the model from that slice,
/// copy the slice once.
#[derive(Deserialize)]
struct RawEnvelope<'a> {
    #[serde(rename = "topicName")]
    topic_name: &'a str,
    #[serde(rename = "eventBody", borrow)]
    event_body: &'a RawValue,
    #[serde(borrow)]
    metadata: Option<BorrowedMeta<'a>>,
}

#[derive(Deserialize)]
struct BorrowedMeta<'a> {
    #[serde(rename = "CorrelationId", borrow)]
    correlation_id: Option<&'a str>,
}

#[allow(dead_code)]
struct TypedAndRaw {
    user_id: String,
    body: PresenceEventUserPresence,
    raw: Box<RawValue>,
}

fn baseline_typed_and_raw(text: &str) -> Option<(String, TypedAndRaw, Option<String>)> {
    let e: RawEnvelope<'_> = serde_json::from_str(text).ok()?;
    let user_id = e
        .topic_name
        .strip_prefix("v2.users.")?
        .strip_suffix(".presence")?;
    let event = TypedAndRaw {
        user_id: user_id.to_owned(),
        body: serde_json::from_str(e.event_body.get()).ok()?,
        raw: e.event_body.to_owned(),
    };
    Some((
        e.topic_name.to_owned(),
        event,
        e.metadata.and_then(|m| m.correlation_id).map(str::to_owned),
    ))
}

/// A presence event as Genesys writes it (`topicName` first, then `version`, `eventBody`,
/// `metadata`).
fn frame(i: u64) -> String {
    format!(
        r#"{{"topicName":"{TOPIC}","version":"2","eventBody":{{"source":"PURECLOUD","presenceDefinition":{{"id":"6a3af858-942f-489d-9700-5f9bcdcdae9b","systemPresence":"Available"}},"message":"Back at 3pm","modifiedDate":"2026-12-07T10:00:00.000Z"}},"metadata":{{"CorrelationId":"bench-{i}"}}}}"#
    )
}

/// The same event with its keys sorted (`eventBody` before `topicName`): the receiver's
/// fallback, which buffers the body until it knows the topic.
fn frame_body_first(i: u64) -> String {
    let value: serde_json::Value = serde_json::from_str(&frame(i)).expect("JSON");
    value.to_string()
}

fn decode(c: &mut Criterion) {
    let frames: Vec<String> = (0..1_000).map(frame).collect();
    let run_receiver = || {
        for f in &frames {
            std::hint::black_box(decode_frame::<Presence>(f).expect("decodes"));
        }
    };
    let run_baseline = || {
        for f in &frames {
            std::hint::black_box(baseline(f).expect("decodes"));
        }
    };
    let run_generated = || {
        for f in &frames {
            let decoded = decode_frame::<NotificationEvent>(f).expect("decodes");
            assert!(matches!(decoded.1, NotificationEvent::UserPresence { .. }));
            std::hint::black_box(decoded);
        }
    };
    let run_typed_and_raw = || {
        for f in &frames {
            std::hint::black_box(baseline_typed_and_raw(f).expect("decodes"));
        }
    };
    // `GENESYS_PROFILE_ARM=receiver|baseline|generated|typed-raw`: run only that decode arm
    // (2,000 times over the 1,000 frames) for a profiler, and exit.
    if let Ok(arm) = std::env::var("GENESYS_PROFILE_ARM") {
        if arm.starts_with("throughput-") {
            return; // the throughput group profiles it
        }
        let mut run: Box<dyn FnMut()> = match arm.as_str() {
            "receiver" => Box::new(run_receiver),
            "baseline" => Box::new(run_baseline),
            "generated" => Box::new(run_generated),
            "typed-raw" => Box::new(run_typed_and_raw),
            other => panic!(
                "GENESYS_PROFILE_ARM={other}: expected receiver, baseline, generated, typed-raw \
                 or throughput-{{receiver,bare,bare-serde}}"
            ),
        };
        (0..2_000).for_each(|_| run());
        std::process::exit(0);
    }
    paired::ratio(
        "notifications decode (1,000 frames)",
        31,
        run_receiver,
        run_baseline,
    );
    let sorted: Vec<String> = (0..1_000).map(frame_body_first).collect();
    assert!(sorted[0].starts_with(r#"{"eventBody""#));
    paired::ratio(
        "notifications decode, eventBody before topicName (fallback; 1,000 frames)",
        31,
        || {
            for f in &sorted {
                std::hint::black_box(decode_frame::<Presence>(f).expect("decodes"));
            }
        },
        || {
            for f in &sorted {
                std::hint::black_box(baseline(f).expect("decodes"));
            }
        },
    );
    paired::ratio(
        "notifications decode, generated NotificationEvent (typed + raw; 1,000 frames)",
        31,
        run_generated,
        run_typed_and_raw,
    );
    let mut group = c.benchmark_group("notifications_decode");
    group.throughput(Throughput::Elements(frames.len() as u64));
    group.bench_function("receiver", |b| b.iter(run_receiver));
    group.bench_function("baseline_serde", |b| b.iter(run_baseline));
    group.bench_function("generated_typed_raw", |b| b.iter(run_generated));
    group.bench_function("baseline_typed_raw", |b| b.iter(run_typed_and_raw));
    group.finish();
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A consumer running as a task on the runtime (as an application's would), reading `n`
/// events per request and answering when done.
type Consumer = tokio::sync::mpsc::UnboundedSender<(usize, tokio::sync::oneshot::Sender<()>)>;

fn spawn_receiver_consumer<P: NotificationPayload + std::fmt::Debug>(
    mut receiver: Receiver<P>,
) -> Consumer {
    let (tx, mut rx) =
        tokio::sync::mpsc::unbounded_channel::<(usize, tokio::sync::oneshot::Sender<()>)>();
    tokio::spawn(async move {
        while let Some((n, done)) = rx.recv().await {
            let mut got = 0;
            while got < n {
                if let Some(Item::Event(e)) = receiver.next().await {
                    std::hint::black_box(e);
                    got += 1;
                }
            }
            let _ = done.send(());
        }
        let _ = receiver.stats();
    });
    tx
}

/// The bare loop, decoding each frame with the hand-written serde envelope (what an
/// application without the receiver would do).
fn spawn_bare_serde_consumer(mut bare: Ws) -> Consumer {
    let (tx, mut rx) =
        tokio::sync::mpsc::unbounded_channel::<(usize, tokio::sync::oneshot::Sender<()>)>();
    tokio::spawn(async move {
        while let Some((n, done)) = rx.recv().await {
            let mut got = 0;
            while got < n {
                if let Some(Ok(tokio_tungstenite::tungstenite::Message::Text(t))) =
                    bare.next().await
                {
                    std::hint::black_box(baseline(t.as_str()).expect("decodes"));
                    got += 1;
                }
            }
            let _ = done.send(());
        }
    });
    tx
}

fn spawn_bare_consumer(mut bare: Ws) -> Consumer {
    let (tx, mut rx) =
        tokio::sync::mpsc::unbounded_channel::<(usize, tokio::sync::oneshot::Sender<()>)>();
    tokio::spawn(async move {
        while let Some((n, done)) = rx.recv().await {
            let mut got = 0;
            while got < n {
                if let Some(Ok(tokio_tungstenite::tungstenite::Message::Text(t))) =
                    bare.next().await
                {
                    std::hint::black_box(t);
                    got += 1;
                }
            }
            let _ = done.send(());
        }
    });
    tx
}

struct Loopback {
    _server: MockServer,
    mock: MockNotifications,
    receiver: Consumer,
    receiver_channel: String,
    bare: Consumer,
    bare_channel: String,
    bare_serde: Consumer,
    bare_serde_channel: String,
    /// Variants that show where the receiver's time goes: no dedupe window to speak of
    /// (`dedupe_window(1)`), and raw bodies (`Box<RawValue>`: envelope only).
    small_dedupe: Consumer,
    small_dedupe_channel: String,
    raw: Consumer,
    raw_channel: String,
    next_id: u64,
}

/// Starts a receiver of `P` on the mock and returns it with its channel id.
async fn variant<P: NotificationPayload>(
    server: &MockServer,
    mock: &MockNotifications,
    dedupe_window: usize,
) -> (Receiver<P>, String) {
    let before = mock.channel_ids();
    let mut receiver = server
        .client()
        .notification_receiver::<P>()
        .topic(TOPIC)
        .buffer(1 << 14)
        .dedupe_window(dedupe_window)
        .start()
        .expect("starts");
    while !matches!(receiver.next().await, Some(Item::Status { .. })) {}
    let channel = mock
        .channel_ids()
        .into_iter()
        .find(|id| !before.contains(id))
        .expect("a new channel");
    (receiver, channel)
}

/// Which consumer a run goes to.
#[derive(Clone, Copy, PartialEq)]
enum Arm {
    Receiver,
    Bare,
    BareSerde,
    SmallDedupe,
    Raw,
}

/// A channel of its own on the mock, read with a plain tokio-tungstenite client.
async fn bare_socket(server: &MockServer, mock: &MockNotifications) -> (Ws, String) {
    let created: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v2/notifications/channels", server.uri()))
        .bearer_auth(genesys_client::mock::MOCK_ACCESS_TOKEN)
        .send()
        .await
        .expect("POST channels")
        .json()
        .await
        .expect("a channel");
    let (ws, _) = tokio_tungstenite::connect_async(created["connectUri"].as_str().unwrap())
        .await
        .expect("connects");
    let id = created["id"].as_str().unwrap().to_owned();
    mock.wait_until(|m| m.channel(&id).is_some_and(|c| c.connected))
        .await;
    (ws, id)
}

async fn loopback() -> Loopback {
    let server = MockServer::start().await;
    let mock = MockNotifications::start(&server).await;
    let (receiver, receiver_channel) = variant::<Presence>(&server, &mock, 16_384).await;
    let (small_dedupe, small_dedupe_channel) = variant::<Presence>(&server, &mock, 1).await;
    let (raw, raw_channel) = variant::<Box<RawValue>>(&server, &mock, 16_384).await;
    let (bare, bare_channel) = bare_socket(&server, &mock).await;
    let (bare_serde, bare_serde_channel) = bare_socket(&server, &mock).await;
    Loopback {
        _server: server,
        mock,
        receiver: spawn_receiver_consumer(receiver),
        receiver_channel,
        bare: spawn_bare_consumer(bare),
        bare_channel,
        bare_serde: spawn_bare_serde_consumer(bare_serde),
        bare_serde_channel,
        small_dedupe: spawn_receiver_consumer(small_dedupe),
        small_dedupe_channel,
        raw: spawn_receiver_consumer(raw),
        raw_channel,
        next_id: 0,
    }
}

impl Loopback {
    fn frames(&mut self, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| {
                self.next_id += 1;
                frame(self.next_id)
            })
            .collect()
    }

    /// Pushes `frames` to one arm's channel and waits until its consumer has them all.
    async fn through(&self, arm: Arm, frames: Vec<String>) {
        let (consumer, channel) = match arm {
            Arm::Receiver => (&self.receiver, &self.receiver_channel),
            Arm::Bare => (&self.bare, &self.bare_channel),
            Arm::BareSerde => (&self.bare_serde, &self.bare_serde_channel),
            Arm::SmallDedupe => (&self.small_dedupe, &self.small_dedupe_channel),
            Arm::Raw => (&self.raw, &self.raw_channel),
        };
        let (done, finished) = tokio::sync::oneshot::channel();
        consumer.send((frames.len(), done)).expect("consumer alive");
        for f in frames {
            self.mock.push_raw(channel, f);
        }
        finished.await.expect("consumer answers");
    }
}

fn throughput(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut lb = rt.block_on(loopback());
    rt.block_on(lb.through(Arm::Receiver, vec![])); // the consumers are running

    // `GENESYS_PROFILE_ARM=throughput-receiver|throughput-bare|throughput-bare-serde`: 100
    // rounds of that arm only, for a profiler, and exit.
    if let Some(arm) = std::env::var("GENESYS_PROFILE_ARM")
        .ok()
        .and_then(|a| a.strip_prefix("throughput-").map(str::to_owned))
    {
        let arm = match arm.as_str() {
            "receiver" => Arm::Receiver,
            "bare" => Arm::Bare,
            "bare-serde" => Arm::BareSerde,
            other => panic!("GENESYS_PROFILE_ARM=throughput-{other}: no such arm"),
        };
        for round in 0..100 {
            let frames = lb.frames(FRAMES);
            let started = Instant::now();
            rt.block_on(lb.through(arm, frames));
            if round % 20 == 0 {
                eprintln!("round {round}: {:.1?}", started.elapsed());
            }
        }
        std::process::exit(0);
    }

    // Latency: one frame at a time.
    for (name, arm) in [("receiver", Arm::Receiver), ("bare", Arm::Bare)] {
        let mut samples = Vec::with_capacity(2_000);
        for _ in 0..2_100 {
            let frames = lb.frames(1);
            let started = Instant::now();
            rt.block_on(lb.through(arm, frames));
            samples.push(started.elapsed());
        }
        samples.drain(..100); // warm-up
        samples.sort();
        let p = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
        println!(
            "latency {name}: p50 {:.1?}, p99 {:.1?} (push_raw to consumer, {} frames)",
            p(0.50),
            p(0.99),
            samples.len()
        );
    }

    // Alternating rounds (load on a shared machine hits every arm alike): median per-round
    // ratios of the bare loops' time to the receiver's, i.e. the receiver's share of their
    // throughput.
    let mut shares = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..15 {
        let mut time = |arm| {
            let frames = lb.frames(FRAMES);
            let started = Instant::now();
            rt.block_on(lb.through(arm, frames));
            started.elapsed().as_secs_f64()
        };
        let receiver = time(Arm::Receiver);
        let bare = time(Arm::Bare);
        let serde = time(Arm::BareSerde);
        let small = time(Arm::SmallDedupe);
        let raw = time(Arm::Raw);
        shares.0.push(bare / receiver);
        shares.1.push(serde / receiver);
        shares.2.push(bare / small);
        shares.3.push(bare / raw);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "paired throughput ({FRAMES} frames, 15 alternating rounds): receiver = {:.0} % of the bare read loop, {:.0} % of the bare loop with serde decode",
        100.0 * median(&mut shares.0),
        100.0 * median(&mut shares.1)
    );
    println!(
        "paired throughput variants: receiver with dedupe_window(1) = {:.0} % of the bare read loop; receiver of Box<RawValue> (envelope only) = {:.0} %",
        100.0 * median(&mut shares.2),
        100.0 * median(&mut shares.3)
    );

    let mut group = c.benchmark_group("notifications_throughput");
    group.throughput(Throughput::Elements(FRAMES as u64));
    group.sample_size(20);
    for (name, arm) in [
        ("receiver", Arm::Receiver),
        ("bare_tungstenite", Arm::Bare),
        ("bare_tungstenite_serde", Arm::BareSerde),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let frames = lb.frames(FRAMES);
                    let started = Instant::now();
                    rt.block_on(lb.through(arm, frames));
                    total += started.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

/// Bytes retained by a started receiver (plan, per-channel topic sets, subscription entries)
/// for `topics` topics, against a server that accepts and never answers.
fn retained(rt: &tokio::runtime::Runtime, addr: std::net::SocketAddr, topics: usize) -> i64 {
    rt.block_on(async {
        let client = genesys_client::Client::builder()
            .base_url(format!("http://{addr}"))
            .allow_insecure_http(true)
            .bearer_token("bench")
            .build()
            .expect("client");
        let names: Vec<String> = (0..topics)
            .map(|i| format!("v2.users.{:08x}-0000-4000-8000-000000000000.presence", i))
            .collect();
        let builder = client.notification_receiver::<Presence>().topics(names);
        tokio::time::sleep(Duration::from_millis(50)).await;
        let region = Region::new(GLOBAL);
        let receiver = builder.start().expect("starts");
        tokio::time::sleep(Duration::from_millis(200)).await;
        let change = region.change();
        drop(receiver);
        change.bytes_allocated as i64 - change.bytes_deallocated as i64
    })
}

fn memory(_c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let silent = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket); // accepted, never answered
            }
        });
        addr
    });
    let small = retained(&rt, silent, 1_000);
    let large = retained(&rt, silent, 20_000);
    println!(
        "memory: {:.0} bytes retained per subscribed topic ({} B for 1,000 topics, {} B for 20,000)",
        (large - small) as f64 / 19_000.0,
        small,
        large
    );
}

criterion_group!(benches, decode, throughput, memory);
criterion_main!(benches);
