//! Decoding and encoding the generated models vs a minimal hand-written serde baseline with
//! the same fields and field types (`baseline/`; open enums are plain `String` there).
//!
//! Payloads (`fixtures/`): a JSON array of 10,000 `UserPresence`, a JSON array of 1,000 fully
//! expanded `User`, and one 100-event `BatchConversationEventRequest`. Each group has a
//! `generated` and a `baseline` arm measured in the same run; BENCHMARKS.md reports
//! generated / baseline. Before timing, both arms must re-encode every payload to exactly the
//! input JSON, so neither side silently skips a field. Each group is preceded by a `paired`
//! line: the median ratio over alternating rounds, robust to load on a shared machine.
//!
//! Run: `cargo bench -p genesys-client --bench codec`.
// The `User` fixture is one big `json!`.
#![recursion_limit = "512"]
mod baseline;
mod fixtures;
mod paired;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use genesys_client::models;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::time::Duration;

/// Rounds of the alternating generated/baseline measurement printed before each group.
const PAIRED_ROUNDS: usize = 31;

/// Decodes `json` as `T`, re-encodes it, and checks nothing was lost or added.
fn check_round_trip<T: DeserializeOwned + Serialize>(arm: &str, json: &str, expected: &Value) {
    let decoded: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{arm}: {e}"));
    let again = serde_json::to_value(&decoded).expect("encodes");
    assert!(
        &again == expected,
        "{arm}: re-encoding differs from the input"
    );
}

fn pair<G, B>(c: &mut Criterion, name: &str, value: Value, elements: u64)
where
    G: DeserializeOwned + Serialize,
    B: DeserializeOwned + Serialize,
{
    let json = serde_json::to_string(&value).expect("encodes");
    check_round_trip::<G>(&format!("{name}/generated"), &json, &value);
    check_round_trip::<B>(&format!("{name}/baseline"), &json, &value);
    println!("{name}: {} bytes of JSON, {elements} objects", json.len());
    paired::ratio(
        &format!("decode/{name}"),
        PAIRED_ROUNDS,
        || drop(serde_json::from_str::<G>(&json).expect("decodes")),
        || drop(serde_json::from_str::<B>(&json).expect("decodes")),
    );

    let mut g = c.benchmark_group(format!("decode/{name}"));
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(elements));
    g.bench_function("generated", |b| {
        b.iter(|| serde_json::from_str::<G>(&json).expect("decodes"))
    });
    g.bench_function("baseline", |b| {
        b.iter(|| serde_json::from_str::<B>(&json).expect("decodes"))
    });
    g.finish();

    let generated: G = serde_json::from_str(&json).expect("decodes");
    let baseline: B = serde_json::from_str(&json).expect("decodes");
    paired::ratio(
        &format!("encode/{name}"),
        PAIRED_ROUNDS,
        || drop(serde_json::to_vec(&generated).expect("encodes")),
        || drop(serde_json::to_vec(&baseline).expect("encodes")),
    );
    let mut g = c.benchmark_group(format!("encode/{name}"));
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(elements));
    g.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(&generated).expect("encodes"))
    });
    g.bench_function("baseline", |b| {
        b.iter(|| serde_json::to_vec(&baseline).expect("encodes"))
    });
    g.finish();
}

fn user_presence(c: &mut Criterion) {
    let value = Value::Array((0..10_000).map(fixtures::user_presence).collect());
    pair::<Vec<models::UserPresence>, Vec<baseline::UserPresence>>(
        c,
        "user_presence_10k",
        value,
        10_000,
    );
}

fn user(c: &mut Criterion) {
    let value = Value::Array((0..1_000).map(fixtures::user).collect());
    pair::<Vec<models::User>, Vec<baseline::User>>(c, "user_1k", value, 1_000);
}

fn conversation_batch(c: &mut Criterion) {
    let value = fixtures::conversation_batch();
    let events: usize = value
        .as_object()
        .expect("object")
        .values()
        .map(|v| v.as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(events, 100);
    pair::<models::BatchConversationEventRequest, baseline::BatchConversationEventRequest>(
        c,
        "conversation_batch_100",
        value,
        100,
    );
}

criterion_group!(benches, user_presence, user, conversation_batch);
criterion_main!(benches);
