//! Per-request overhead of `genesys-client` vs a plain `reqwest::Client` + serde decode, both
//! against the same loopback HTTP/1.1 keep-alive server started here (a raw tokio
//! `TcpListener` answering every request with one small `UserPresence`, on its own thread and
//! runtime so it costs both arms the same).
//!
//! - `generated`: `client.presence().get_user_presence(user, "PURECLOUD").send()` with a static
//!   bearer token and the default configuration (retry policy on, 60 s timeout, tracing span);
//! - `baseline`: `http.get(url).bearer_auth(token).header(ACCEPT, json).send()`, status check,
//!   body bytes, `serde_json::from_slice::<models::UserPresence>`.
//!
//! - `generated + no-op middleware` (paired only): the generated arm with one
//!   [`Middleware`](genesys_client::runtime::Middleware) whose hooks do nothing, the cost of
//!   the extension point itself.
//!
//! One iteration is 1,000 GETs: `sequential` awaits them one by one, `concurrent` keeps 64 in
//! flight (`buffer_unordered(64)`, so up to 64 pooled connections). BENCHMARKS.md reports the
//! ratio of the medians, generated / baseline, and the bench first prints a `paired` ratio
//! (median over alternating rounds, robust to load on a shared machine).
//!
//! Run: `cargo bench -p genesys-client --bench requests`.
// The `User` fixture is one big `json!`.
#![recursion_limit = "512"]
mod fixtures;
mod paired;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use futures_util::stream::{self, StreamExt};
use genesys_client::models::UserPresence;
use genesys_client::Client;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const REQUESTS: usize = 1_000;
const IN_FLIGHT: usize = 64;
const TOKEN: &str = "bench-static-token";

/// Starts the loopback server on its own thread; returns its address.
fn start_server() -> SocketAddr {
    let body = serde_json::to_string(&fixtures::user_presence(1)).expect("encodes");
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         inin-correlation-id: 0f3c6b1e-5d2a-4c8e-9b7a-1d2e3f4a5b6c\r\n\r\n{body}",
        body.len()
    )
    .into_bytes();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr"))
                .expect("send addr");
            let response: &'static [u8] = Box::leak(response.into_boxed_slice());
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve(socket, response));
            }
        });
    });
    rx.recv().expect("server address")
}

/// HTTP/1.1 keep-alive: answer every request head (GETs, no bodies) with `response`.
async fn serve(mut socket: tokio::net::TcpStream, response: &'static [u8]) {
    let _ = socket.set_nodelay(true);
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            assert!(buf.starts_with(b"GET /api/v2/users/"), "unexpected request");
            buf.drain(..end + 4);
            if socket.write_all(response).await.is_err() {
                return;
            }
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// A middleware whose hooks do nothing: what the extension point costs by itself.
#[derive(Debug)]
struct NoopMiddleware;

impl genesys_client::runtime::Middleware for NoopMiddleware {
    fn before_send(
        &self,
        _: &genesys_client::runtime::AttemptContext<'_>,
        request: &mut reqwest::Request,
    ) {
        std::hint::black_box(request);
    }
}

async fn generated_get(client: &Client, i: usize) -> UserPresence {
    client
        .presence()
        .get_user_presence(fixtures::uuid(1, i as u64), "PURECLOUD")
        .send()
        .await
        .expect("generated GET")
}

async fn baseline_get(http: &reqwest::Client, base: &str, i: usize) -> UserPresence {
    let url = format!(
        "{base}/api/v2/users/{}/presences/PURECLOUD",
        fixtures::uuid(1, i as u64)
    );
    let response = http
        .get(url)
        .bearer_auth(TOKEN)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .expect("baseline GET")
        .error_for_status()
        .expect("200");
    let bytes = response.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("decodes")
}

fn requests(c: &mut Criterion) {
    let addr = start_server();
    let base = format!("http://{addr}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let client = Client::builder()
        .base_url(base.clone())
        .bearer_token(TOKEN)
        .build()
        .expect("client builds");
    let client_noop = Client::builder()
        .base_url(base.clone())
        .bearer_token(TOKEN)
        .middleware(NoopMiddleware)
        .build()
        .expect("client builds");
    let http = reqwest::Client::new();
    // For context only (the target is against the plain client): the baseline with the 60 s
    // timeout the generated client has by default, i.e. a timer per request.
    let http_timeout = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("reqwest client builds");
    // What each request in flight holds (see BENCHMARKS.md, issue 25 item 3).
    println!(
        "future sizes: generated `send()` {} bytes, baseline send-read-decode {} bytes",
        std::mem::size_of_val(
            &client
                .presence()
                .get_user_presence(fixtures::uuid(1, 0), "PURECLOUD")
                .send()
        ),
        std::mem::size_of_val(&baseline_get(&http, &base, 0)),
    );
    // Both arms decode the same thing.
    rt.block_on(async {
        assert_eq!(
            generated_get(&client, 7).await,
            baseline_get(&http, &base, 7).await
        );
    });

    let sequential_generated = || {
        rt.block_on(async {
            for i in 0..REQUESTS {
                generated_get(&client, i).await;
            }
        })
    };
    let sequential_noop = || {
        rt.block_on(async {
            for i in 0..REQUESTS {
                generated_get(&client_noop, i).await;
            }
        })
    };
    let concurrent_noop = || {
        rt.block_on(
            stream::iter(0..REQUESTS)
                .map(|i| generated_get(&client_noop, i))
                .buffer_unordered(IN_FLIGHT)
                .for_each(|_| async {}),
        )
    };
    let sequential_baseline = || {
        rt.block_on(async {
            for i in 0..REQUESTS {
                baseline_get(&http, &base, i).await;
            }
        })
    };
    let sequential_baseline_timeout = || {
        rt.block_on(async {
            for i in 0..REQUESTS {
                baseline_get(&http_timeout, &base, i).await;
            }
        })
    };
    let concurrent_baseline_timeout = || {
        rt.block_on(
            stream::iter(0..REQUESTS)
                .map(|i| baseline_get(&http_timeout, &base, i))
                .buffer_unordered(IN_FLIGHT)
                .for_each(|_| async {}),
        )
    };
    let concurrent_generated = || {
        rt.block_on(
            stream::iter(0..REQUESTS)
                .map(|i| generated_get(&client, i))
                .buffer_unordered(IN_FLIGHT)
                .for_each(|_| async {}),
        )
    };
    let concurrent_baseline = || {
        rt.block_on(
            stream::iter(0..REQUESTS)
                .map(|i| baseline_get(&http, &base, i))
                .buffer_unordered(IN_FLIGHT)
                .for_each(|_| async {}),
        )
    };
    // `GENESYS_PROFILE_ARM=generated|baseline` (sequential) or
    // `generated-concurrent|baseline-concurrent`: run only that arm's loop, for a profiler
    // (`valgrind --tool=callgrind`, see BENCHMARKS.md), and skip criterion.
    if let Ok(arm) = std::env::var("GENESYS_PROFILE_ARM") {
        for _ in 0..3 {
            match arm.as_str() {
                "generated" => sequential_generated(),
                "baseline" => sequential_baseline(),
                "generated-concurrent" => concurrent_generated(),
                "baseline-concurrent" => concurrent_baseline(),
                other => panic!(
                    "GENESYS_PROFILE_ARM={other}: expected generated, baseline, \
                     generated-concurrent or baseline-concurrent"
                ),
            }
        }
        return;
    }
    // `GENESYS_PAIRED_ROUNDS=N`: more alternating rounds than the default 21 (a busy machine).
    let rounds = std::env::var("GENESYS_PAIRED_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(21);
    paired::ratio(
        "requests/sequential_1000",
        rounds,
        sequential_generated,
        sequential_baseline,
    );
    paired::ratio(
        "requests/concurrent_1000_x64",
        rounds,
        concurrent_generated,
        concurrent_baseline,
    );

    paired::ratio(
        "requests/sequential_1000 (generated with one no-op middleware)",
        rounds,
        sequential_noop,
        sequential_baseline,
    );
    paired::ratio(
        "requests/concurrent_1000_x64 (generated with one no-op middleware)",
        rounds,
        concurrent_noop,
        concurrent_baseline,
    );

    paired::ratio(
        "requests/sequential_1000 (baseline with a 60 s timeout)",
        rounds,
        sequential_generated,
        sequential_baseline_timeout,
    );
    paired::ratio(
        "requests/concurrent_1000_x64 (baseline with a 60 s timeout)",
        rounds,
        concurrent_generated,
        concurrent_baseline_timeout,
    );

    let mut g = c.benchmark_group("requests/sequential_1000");
    g.sample_size(15)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(REQUESTS as u64));
    g.bench_function("generated", |b| b.iter(sequential_generated));
    g.bench_function("baseline", |b| b.iter(sequential_baseline));
    g.finish();

    let mut g = c.benchmark_group("requests/concurrent_1000_x64");
    g.sample_size(15)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(REQUESTS as u64));
    g.bench_function("generated", |b| b.iter(concurrent_generated));
    g.bench_function("baseline", |b| b.iter(concurrent_baseline));
    g.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
