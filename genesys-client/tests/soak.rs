//! Soak: 5,000 requests, 50 in flight, over one `Client` against a loopback mock (raw
//! HTTP/1.1 on a `tokio::net::TcpListener`) that injects network faults and token expiries,
//! deterministically from a seed. Every request must end in `Ok` or a typed error, in bounded
//! time, with exactly one token request per token expiry, and no credential in any trace,
//! `Debug` or `Display` output.
//!
//! Run with `cargo test -p genesys-client --test soak -- --nocapture` to see the figures.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use genesys_client::models::OrganizationPresenceDefinition;
use genesys_client::runtime::RequestParts;
use genesys_client::{Client, Error, RetryPolicy};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod raw_http;
use raw_http::{read_request, Req};

const SEED: u64 = 0x5EED_2025_0007;
const REQUESTS: usize = 5_000;
const IN_FLIGHT: usize = 50;
const CLIENT_ID: &str = "soak-client-id";
const CLIENT_SECRET: &str = "soak-client-secret-9f8e7d6c5b4a";
/// Token lifetime the mock grants (seconds): several client-side expiries per run.
const EXPIRES_IN: u64 = 1;
/// The mock revokes the current token after this many authorized API requests (the client
/// then sees `401` and must fetch exactly one new token). Far enough apart that tokens also
/// live out their `expires_in` in between.
const REVOKE_EVERY: usize = 1500;
/// A token request earlier than this before the current token's expiry, while the token is
/// not revoked, is premature (a duplicate or needless refresh).
const EXPIRY_TOLERANCE: Duration = Duration::from_millis(300);
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(500);
const WALL_BOUND: Duration = Duration::from_secs(60);
const BIG_NAME_LEN: usize = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Faults.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Fault {
    None,
    ResetMidHeaders,
    CloseMidBody,
    StallBody,
    StallHeaders,
    Html502,
    Empty200,
    Truncated200,
    RateLimitShort,
    RateLimitHour,
    Unavailable503,
    RedirectOffHost,
    BigBody,
}

/// Weights out of 1000.
const FAULTS: &[(Fault, u32)] = &[
    (Fault::None, 765),
    (Fault::ResetMidHeaders, 25),
    (Fault::CloseMidBody, 25),
    (Fault::StallBody, 15),
    (Fault::StallHeaders, 10),
    (Fault::Html502, 40),
    (Fault::Empty200, 20),
    (Fault::Truncated200, 20),
    (Fault::RateLimitShort, 30),
    (Fault::RateLimitHour, 10),
    (Fault::Unavailable503, 15),
    (Fault::RedirectOffHost, 20),
    (Fault::BigBody, 5),
];

/// The fault for the `hit`-th authorized attempt of request `id`: a pure function of the
/// seed, so the run is the same whatever order the 50 concurrent requests arrive in.
fn fault_for(id: u64, hit: u32) -> Fault {
    let mut rng =
        fastrand::Rng::with_seed(SEED ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(hit));
    let mut roll = rng.u32(0..1000);
    for &(fault, weight) in FAULTS {
        if roll < weight {
            return fault;
        }
        roll -= weight;
    }
    Fault::None
}

// ---------------------------------------------------------------------------------------------
// The mock.
// ---------------------------------------------------------------------------------------------

struct IssuedToken {
    issued_at: Instant,
    revoked: bool,
}

#[derive(Clone, Debug, Default)]
struct TokenCounts {
    requests: usize,
    bad_credentials: usize,
    after_revocation: usize,
    after_expiry: usize,
    premature: usize,
}

struct MockState {
    tokens: HashMap<String, IssuedToken>,
    current: Option<String>,
    counts: TokenCounts,
    revocations: usize,
    authorized_hits: usize,
    rejected_401: usize,
    hits_per_id: HashMap<u64, u32>,
    faults: BTreeMap<Fault, usize>,
    rng: fastrand::Rng,
}

struct Mock {
    addr: SocketAddr,
    state: Mutex<MockState>,
    redirect_target: String,
    big_name: String,
}

impl Mock {
    /// Handles the token endpoint: one fresh token, and whether this request was justified.
    fn token(&self, req: &Req) -> Vec<u8> {
        let mut st = self.state.lock().unwrap();
        st.counts.requests += 1;
        let expected = format!("Basic {}", base64(&format!("{CLIENT_ID}:{CLIENT_SECRET}")));
        if req.header("authorization") != Some(expected.as_str()) {
            st.counts.bad_credentials += 1;
            return response(
                "401 Unauthorized",
                &[("Content-Type", "application/json")],
                br#"{"error":"invalid_client"}"#,
            );
        }
        let now = Instant::now();
        if let Some(current) = st.current.clone() {
            let t = &st.tokens[&current];
            let lifetime = Duration::from_secs(EXPIRES_IN);
            if t.revoked {
                st.counts.after_revocation += 1;
            } else if now + EXPIRY_TOLERANCE >= t.issued_at + lifetime {
                st.counts.after_expiry += 1;
            } else {
                st.counts.premature += 1;
            }
        }
        let token = format!(
            "soak-access-{}-{:016x}",
            st.tokens.len() + 1,
            st.rng.u64(..)
        );
        st.tokens.insert(
            token.clone(),
            IssuedToken {
                issued_at: now,
                revoked: false,
            },
        );
        st.current = Some(token.clone());
        let body = format!(
            r#"{{"access_token":"{token}","token_type":"bearer","expires_in":{EXPIRES_IN}}}"#
        );
        response(
            "200 OK",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }

    /// Checks the bearer token; on success counts the hit (maybe revoking the token) and picks
    /// the fault for it.
    fn authorize(&self, req: &Req, id: u64) -> Result<Fault, ()> {
        let mut st = self.state.lock().unwrap();
        let presented = req
            .header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        // A token stays valid until it expires (plus clock slack) unless revoked, like the
        // real service: a superseded token is still good.
        let valid = st.tokens.get(presented).is_some_and(|t| {
            !t.revoked && t.issued_at.elapsed() < Duration::from_secs(EXPIRES_IN) + EXPIRY_TOLERANCE
        });
        if !valid {
            st.rejected_401 += 1;
            return Err(());
        }
        st.authorized_hits += 1;
        if st.authorized_hits % REVOKE_EVERY == 0 {
            if let Some(current) = st.current.clone() {
                st.tokens.get_mut(&current).unwrap().revoked = true;
                st.revocations += 1;
            }
        }
        let hit = st.hits_per_id.entry(id).or_default();
        let fault = fault_for(id, *hit);
        *hit += 1;
        *st.faults.entry(fault).or_default() += 1;
        Ok(fault)
    }
}

/// A keep-alive response with `Content-Length`.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn base64(input: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = input.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What to do with the connection after answering.
enum Then {
    KeepAlive,
    Close,
    Reset,
    Stall,
}

impl Mock {
    async fn start(redirect_target: String) -> Arc<Mock> {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mock = Arc::new(Mock {
            addr: listener.local_addr().unwrap(),
            state: Mutex::new(MockState {
                tokens: HashMap::new(),
                current: None,
                counts: TokenCounts::default(),
                revocations: 0,
                authorized_hits: 0,
                rejected_401: 0,
                hits_per_id: HashMap::new(),
                faults: BTreeMap::new(),
                rng: fastrand::Rng::with_seed(SEED),
            }),
            redirect_target,
            big_name: "n".repeat(BIG_NAME_LEN),
        });
        let server = mock.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(server.clone().connection(stream));
            }
        });
        mock
    }

    async fn connection(self: Arc<Self>, mut stream: TcpStream) {
        let mut buf = Vec::new();
        while let Some(req) = read_request(&mut stream, &mut buf).await {
            let (bytes, then) = self.answer(&req);
            if stream.write_all(&bytes).await.is_err() {
                return;
            }
            match then {
                Then::KeepAlive => {}
                Then::Close => {
                    let _ = stream.shutdown().await;
                    return;
                }
                Then::Reset => {
                    let _ = stream.flush().await;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    let _ = stream.set_zero_linger();
                    return;
                }
                Then::Stall => {
                    // Nothing more until the client gives up and hangs up (bounded anyway).
                    let mut sink = [0u8; 256];
                    let _ = tokio::time::timeout(Duration::from_secs(10), async {
                        while let Ok(n) = stream.read(&mut sink).await {
                            if n == 0 {
                                break;
                            }
                        }
                    })
                    .await;
                    return;
                }
            }
        }
    }

    fn answer(&self, req: &Req) -> (Vec<u8>, Then) {
        if req.path == "/oauth/token" {
            return (self.token(req), Then::KeepAlive);
        }
        let Some(id) = req
            .path
            .strip_prefix("/api/v2/soak/")
            .and_then(|id| id.parse::<u64>().ok())
        else {
            return (response("404 Not Found", &[], b""), Then::KeepAlive);
        };
        let json = [("Content-Type", "application/json")];
        let fault =
            match self.authorize(req, id) {
                Ok(fault) => fault,
                Err(()) => return (
                    response(
                        "401 Unauthorized",
                        &json,
                        br#"{"status":401,"code":"authentication.required","message":"expired"}"#,
                    ),
                    Then::KeepAlive,
                ),
            };
        let ok_body = format!(r#"{{"id":"{id}","languageLabels":{{"en_US":"Soak {id}"}}}}"#);
        match fault {
            Fault::None => (
                response("200 OK", &json, ok_body.as_bytes()),
                Then::KeepAlive,
            ),
            Fault::BigBody => {
                let body = format!(
                    r#"{{"id":"{id}","name":"{}","languageLabels":{{"en_US":"Soak {id}"}}}}"#,
                    self.big_name
                );
                (response("200 OK", &json, body.as_bytes()), Then::KeepAlive)
            }
            Fault::ResetMidHeaders => (b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec(), Then::Reset),
            Fault::CloseMidBody => {
                let mut bytes = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    ok_body.len()
                )
                .into_bytes();
                bytes.extend_from_slice(&ok_body.as_bytes()[..ok_body.len() / 2]);
                (bytes, Then::Close)
            }
            Fault::StallBody => {
                let mut bytes = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    ok_body.len()
                )
                .into_bytes();
                bytes.extend_from_slice(&ok_body.as_bytes()[..5]);
                (bytes, Then::Stall)
            }
            Fault::StallHeaders => (Vec::new(), Then::Stall),
            Fault::Html502 => (
                response(
                    "502 Bad Gateway",
                    &[("Content-Type", "text/html")],
                    b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
                ),
                Then::KeepAlive,
            ),
            Fault::Empty200 => (response("200 OK", &json, b""), Then::KeepAlive),
            Fault::Truncated200 => (
                response("200 OK", &json, &ok_body.as_bytes()[..ok_body.len() - 7]),
                Then::KeepAlive,
            ),
            Fault::RateLimitShort => (
                response(
                    "429 Too Many Requests",
                    &[("Retry-After", "0"), json[0]],
                    br#"{"status":429,"code":"too.many.requests"}"#,
                ),
                Then::KeepAlive,
            ),
            Fault::RateLimitHour => (
                response(
                    "429 Too Many Requests",
                    &[("Retry-After", "3600"), json[0]],
                    br#"{"status":429,"code":"too.many.requests"}"#,
                ),
                Then::KeepAlive,
            ),
            Fault::Unavailable503 => (
                response("503 Service Unavailable", &json, br#"{"status":503}"#),
                Then::KeepAlive,
            ),
            Fault::RedirectOffHost => (
                response(
                    "302 Found",
                    &[("Location", self.redirect_target.as_str())],
                    b"",
                ),
                Then::Close,
            ),
        }
    }
}

/// The other host a redirect points to: records whether anything (with credentials) came.
async fn other_host(hits: Arc<AtomicUsize>, saw_authorization: Arc<AtomicBool>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = Vec::new();
            if let Some(req) = read_request(&mut stream, &mut buf).await {
                hits.fetch_add(1, Ordering::SeqCst);
                if req.header("authorization").is_some() {
                    saw_authorization.store(true, Ordering::SeqCst);
                }
                let _ = stream
                    .write_all(&response("200 OK", &[], br#"{"id":"elsewhere"}"#))
                    .await;
            }
        }
    });
    addr
}

// ---------------------------------------------------------------------------------------------
// Trace capture.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The soak.
// ---------------------------------------------------------------------------------------------

fn outcome_kind(err: &Error) -> String {
    match err {
        Error::Api { status, .. } => format!("Api {}", status.as_u16()),
        Error::RateLimited { .. } => "RateLimited".into(),
        Error::Timeout { .. } => "Timeout".into(),
        Error::Transport { source, .. } if source.is_connect() => "Transport (connect)".into(),
        Error::Transport { .. } => "Transport".into(),
        Error::Decode { status, .. } => format!("Decode {}", status.as_u16()),
        Error::InvalidParameter { .. } => "InvalidParameter".into(),
        Error::Auth { .. } => "Auth".into(),
        _ => "other".into(),
    }
}

/// `Display`, `Debug` and the whole source chain of an error.
fn error_texts(err: &Error) -> String {
    let mut out = format!("{err}\n{err:?}\n");
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_5000_requests_50_in_flight_with_faults_and_token_expiries() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let other_hits = Arc::new(AtomicUsize::new(0));
    let other_saw_authorization = Arc::new(AtomicBool::new(false));
    let other = other_host(other_hits.clone(), other_saw_authorization.clone()).await;
    let mock = Mock::start(format!("http://{other}/api/v2/soak/elsewhere")).await;
    let base = format!("http://{}", mock.addr);

    let builder = Client::builder()
        .base_url(&base)
        .token_url(format!("{base}/oauth/token"))
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .token_refresh_margin(Duration::ZERO)
        .connect_timeout(Duration::from_secs(2))
        .timeout(Some(ATTEMPT_TIMEOUT))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20))
                .with_max_retry_after(Duration::from_secs(1))
                .with_max_elapsed(Duration::from_secs(10)),
        );
    // Everything printable that the user could log: builder, client, errors (below).
    let mut printed = format!("{builder:?}\n");
    let client = builder.build().unwrap();
    printed.push_str(&format!("{client:?}\n{:?}\n", client.retry_policy()));

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..IN_FLIGHT {
        let client = client.clone();
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
            let mut texts = String::new();
            let mut wrong_bodies = 0usize;
            loop {
                let id = next.fetch_add(1, Ordering::SeqCst);
                if id >= REQUESTS {
                    break;
                }
                let path = format!("/api/v2/soak/{id}");
                let parts = if id % 5 == 0 {
                    let mut p =
                        RequestParts::new(Method::POST, "soakPost", "/api/v2/soak/{id}", path);
                    p.json_body(&serde_json::json!({"id": id})).unwrap();
                    p
                } else {
                    RequestParts::new(Method::GET, "soakGet", "/api/v2/soak/{id}", path)
                };
                match client
                    .execute::<OrganizationPresenceDefinition>(parts)
                    .await
                {
                    Ok(response) => {
                        // Responses are never crossed between concurrent requests.
                        let body = response.into_body();
                        if body.id.as_deref() != Some(id.to_string().as_str())
                            || body.language_labels.as_ref().and_then(|l| l.get("en_US"))
                                != Some(&format!("Soak {id}"))
                            || body.name.as_ref().is_some_and(|n| n.len() != BIG_NAME_LEN)
                        {
                            wrong_bodies += 1;
                        }
                        *outcomes.entry("Ok".into()).or_default() += 1;
                    }
                    Err(err) => {
                        *outcomes.entry(outcome_kind(&err)).or_default() += 1;
                        texts.push_str(&error_texts(&err));
                    }
                }
            }
            (outcomes, texts, wrong_bodies)
        }));
    }
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong_bodies = 0;
    let joined = tokio::time::timeout(WALL_BOUND, futures_util::future::join_all(workers))
        .await
        .expect("the soak hung past its wall-time bound");
    let wall = started.elapsed();
    // One more request after the current token's lifetime has certainly passed (the client
    // counts a token's life from before it asked for it, with no refresh margin here): it
    // must fetch exactly one new token, as an expiry and not a revocation (unless the mock
    // had just revoked the current one). This exercises expiry whatever the soak's duration.
    let expired_refresh = {
        let before = mock.state.lock().unwrap().counts.clone();
        tokio::time::sleep(Duration::from_secs(EXPIRES_IN) + Duration::from_millis(100)).await;
        let revoked = {
            let st = mock.state.lock().unwrap();
            st.current.as_ref().is_some_and(|t| st.tokens[t].revoked)
        };
        let path = format!("/api/v2/soak/{REQUESTS}");
        // The API attempt may meet an injected fault; the token request comes first.
        let _ = client
            .execute::<OrganizationPresenceDefinition>(RequestParts::new(
                Method::GET,
                "soakGet",
                "/api/v2/soak/{id}",
                path,
            ))
            .await;
        let after = mock.state.lock().unwrap().counts.clone();
        (before, after, revoked)
    };
    for worker in joined {
        let (o, texts, wrong) = worker.expect("no request panicked");
        for (k, v) in o {
            *outcomes.entry(k).or_default() += v;
        }
        printed.push_str(&texts);
        wrong_bodies += wrong;
    }

    let st = mock.state.lock().unwrap();
    let total: usize = outcomes.values().sum();
    let injected: usize = st
        .faults
        .iter()
        .filter(|(f, _)| **f != Fault::None)
        .map(|(_, n)| n)
        .sum();
    eprintln!("soak: {total} requests, {IN_FLIGHT} in flight, wall time {wall:.2?}");
    eprintln!(
        "soak: {} authorized API attempts, {injected} with an injected fault:",
        st.authorized_hits
    );
    for (fault, n) in &st.faults {
        eprintln!("  {fault:?}: {n}");
    }
    eprintln!("soak: outcomes:");
    for (kind, n) in &outcomes {
        eprintln!("  {kind}: {n}");
    }
    eprintln!(
        "soak: tokens: {} token requests = 1 initial + {} after revocation + {} after expiry \
         ({} premature, {} bad credentials); {} revocations, {} stale-token 401s",
        st.counts.requests,
        st.counts.after_revocation,
        st.counts.after_expiry,
        st.counts.premature,
        st.counts.bad_credentials,
        st.revocations,
        st.rejected_401
    );
    eprintln!(
        "soak: redirect target hits {}, saw Authorization: {}",
        other_hits.load(Ordering::SeqCst),
        other_saw_authorization.load(Ordering::SeqCst)
    );

    // Every request ended, in Ok or a typed error, with the right body.
    assert_eq!(total, REQUESTS);
    assert_eq!(wrong_bodies, 0, "a response body went to the wrong request");
    assert!(!outcomes.contains_key("other"), "{outcomes:?}");
    assert!(
        outcomes.get("Ok").copied().unwrap_or(0) > REQUESTS / 2,
        "{outcomes:?}"
    );
    // The faults really happened.
    for &(fault, _) in FAULTS {
        assert!(
            st.faults.get(&fault).copied().unwrap_or(0) > 0,
            "{fault:?} never injected"
        );
    }

    // Exactly one token request per expiry or revocation: no duplicates, no needless ones.
    assert_eq!(st.counts.bad_credentials, 0);
    assert_eq!(
        st.counts.premature, 0,
        "a token was fetched while the current one was good"
    );
    assert_eq!(
        st.counts.requests,
        1 + st.counts.after_revocation + st.counts.after_expiry
    );
    assert!(
        st.revocations >= REQUESTS / REVOKE_EVERY,
        "{}",
        st.revocations
    );
    // A token that lived out its lifetime was refreshed once, on expiry (not on a 401).
    let (before, after, revoked) = expired_refresh;
    assert!(after.requests > before.requests, "{before:?} -> {after:?}");
    if !revoked {
        assert_eq!(
            after.after_expiry,
            before.after_expiry + 1,
            "{before:?} -> {after:?}"
        );
    }
    assert!(
        st.counts.after_revocation + st.counts.after_expiry >= st.revocations,
        "every revocation was followed by a new token"
    );

    // Redirects are not followed: the other host never saw a request, let alone a token.
    assert_eq!(other_hits.load(Ordering::SeqCst), 0);
    assert!(!other_saw_authorization.load(Ordering::SeqCst));

    // No secret in traces or in anything printable.
    let trace = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(trace.contains("genesys.request"), "the trace was captured");
    assert!(trace.contains("TRACE") || trace.contains("DEBUG"));
    let basic = base64(&format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    let mut secrets: Vec<&str> = st.tokens.keys().map(String::as_str).collect();
    secrets.push(CLIENT_SECRET);
    secrets.push(&basic);
    for secret in &secrets {
        assert!(!trace.contains(secret), "a secret is in the trace output");
        assert!(
            !printed.contains(secret),
            "a secret is in Debug/Display output"
        );
    }
    eprintln!(
        "soak: no secret in {} bytes of TRACE output or {} bytes of Debug/Display output ({} tokens checked)",
        trace.len(),
        printed.len(),
        st.tokens.len()
    );
}
