//! A misbehaving network: refused connections, resets, truncated and stalled bodies, gateway
//! HTML pages, bogus success bodies, absurd `Retry-After`s, cross-host redirects and huge
//! bodies — served by raw loopback sockets (`tokio::net::TcpListener` writing bytes) where a
//! mock server cannot produce the fault.
//!
//! Body size: a 10 MB+ body is read and decoded like any other (see
//! `a_ten_megabyte_response_decodes`); bodies over `ClientBuilder::max_response_bytes` (64 MiB
//! by default) stop being read as soon as they are known to be larger, see
//! `bodies_over_the_limit_are_refused_without_reading_them_whole`, and a body that never ends
//! is bounded by the per-attempt timeout as well (`a_stalled_body_times_out_*`).
//!
//! No assertion reads the wall clock. Retry waits go through a recording
//! [`Sleep`](genesys_client::runtime::Sleep) (`common::RecordingSleep`), and the timeout tests
//! run with tokio's clock paused (`start_paused`): the server lives on the test's own
//! single-threaded runtime, so whenever every task is waiting the clock jumps to the next
//! timer, and `tokio::time::Instant` measures exactly the timeouts that fired.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use genesys_client::models::{
    OrganizationPresenceDefinition, OrganizationPresenceDefinitionEntityListing,
};
use genesys_client::runtime::error::SNIPPET_LIMIT;
use genesys_client::runtime::RequestParts;
use genesys_client::{Client, ClientBuilder, Error, RetryPolicy};
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

mod common;
mod raw_http;
use common::RecordingSleep;
use raw_http::{read_request, Req};

const TOKEN: &str = "faults-access-token-5e1f0c2a9b7d";
const CLIENT_SECRET: &str = "faults-client-secret-77aa31c4";
/// No test may take longer than this: a hang is a failure, not a stuck CI job. (In the
/// paused-clock tests this is virtual time: a hang fails at once.)
const TEST_BOUND: Duration = Duration::from_secs(20);
/// Timer resolution in virtual time: tokio rounds a deadline up to the next millisecond.
const TICK: Duration = Duration::from_millis(1);

// ---------------------------------------------------------------------------------------------
// A raw HTTP/1.1 loopback server.
// ---------------------------------------------------------------------------------------------

/// What the server does with the connection after reading a request.
enum Reply {
    /// Write these bytes, then close the connection (FIN).
    Close(Vec<u8>),
    /// Write these bytes, then reset the connection (RST, `SO_LINGER` 0).
    Reset(Vec<u8>),
    /// Write these bytes, then write nothing more until the client hangs up (or 30 s).
    Stall(Vec<u8>),
}

/// A loopback server answering every request with `handler(request, 0-based hit number)`.
struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Req>>>,
}

impl Server {
    async fn start<F>(handler: F) -> Server
    where
        F: Fn(&Req, usize) -> Reply + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let seen = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let seen = seen.clone();
                tokio::spawn(async move {
                    let Some(req) = read_request(&mut stream, &mut Vec::new()).await else {
                        return;
                    };
                    let hit = {
                        let mut seen = seen.lock().unwrap();
                        seen.push(req.clone());
                        seen.len() - 1
                    };
                    match handler(&req, hit) {
                        Reply::Close(bytes) => {
                            let _ = stream.write_all(&bytes).await;
                            let _ = stream.shutdown().await;
                        }
                        Reply::Reset(bytes) => {
                            let _ = stream.write_all(&bytes).await;
                            let _ = stream.flush().await;
                            // Give the bytes a moment to leave before the RST overtakes them.
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            let _ = stream.set_zero_linger();
                            drop(stream);
                        }
                        Reply::Stall(bytes) => {
                            let _ = stream.write_all(&bytes).await;
                            let _ = stream.flush().await;
                            let mut sink = [0u8; 256];
                            let _ = tokio::time::timeout(Duration::from_secs(30), async {
                                while let Ok(n) = stream.read(&mut sink).await {
                                    if n == 0 {
                                        break;
                                    }
                                }
                            })
                            .await;
                        }
                    }
                });
            }
        });
        Server { addr, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    fn requests(&self) -> Vec<Req> {
        self.requests.lock().unwrap().clone()
    }
}

/// A complete response with `Content-Length` and `Connection: close`.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn json_ok(body: &str) -> Vec<u8> {
    response(
        "200 OK",
        &[
            ("Content-Type", "application/json"),
            ("ININ-Correlation-Id", "corr-ok"),
        ],
        body.as_bytes(),
    )
}

// ---------------------------------------------------------------------------------------------
// Client helpers.
// ---------------------------------------------------------------------------------------------

fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_max_elapsed(Duration::from_secs(10))
}

fn builder(base: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base)
        .bearer_token(TOKEN)
        .retry_policy(fast_retries(3))
        .connect_timeout(Duration::from_secs(2))
        .timeout(Some(Duration::from_secs(5)))
}

fn client(server: &Server) -> Client {
    builder(&server.url()).build().unwrap()
}

fn get(path: &str) -> RequestParts {
    RequestParts::new(Method::GET, "faultsGet", "/api/v2/faults", path.to_owned())
}

fn post(path: &str) -> RequestParts {
    let mut parts = RequestParts::new(Method::POST, "faultsPost", "/api/v2/faults", path.into());
    parts.json_body(&serde_json::json!({"a": 1})).unwrap();
    parts
}

/// Runs `fut`, failing (not hanging) if it takes longer than [`TEST_BOUND`].
async fn bounded<T>(fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(TEST_BOUND, fut)
        .await
        .expect("the request hung past the test bound")
}

/// Neither the error's `Display`, `Debug` nor its source chain shows a credential.
fn assert_no_secrets(err: &Error) {
    let mut texts = vec![err.to_string(), format!("{err:?}")];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        texts.push(s.to_string());
        texts.push(format!("{s:?}"));
        source = s.source();
    }
    for text in texts {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
        assert!(!text.contains(CLIENT_SECRET), "secret leaked: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Connection-level faults.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn connection_refused_is_a_connect_transport_error_after_bounded_retries() {
    // Bind then drop a listener: nothing listens on that loopback port any more.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let sleep = Arc::new(RecordingSleep::default());
    let err = bounded(
        builder(&format!("http://127.0.0.1:{port}"))
            .sleep(sleep.clone())
            .build()
            .unwrap()
            .execute::<serde_json::Value>(get("/api/v2/x")),
    )
    .await
    .unwrap_err();
    match &err {
        Error::Transport { source, .. } => assert!(source.is_connect(), "{source:?}"),
        other => panic!("expected a connect error, got {other:?}"),
    }
    // Bounded: three attempts, so two backoff waits, each within the policy's 20 ms cap.
    let waits = sleep.waits();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(
        waits.iter().all(|w| *w <= Duration::from_millis(20)),
        "{waits:?}"
    );
    assert_no_secrets(&err);
}

#[tokio::test]
async fn a_reset_mid_headers_is_retried_for_get_and_reported_as_transport() {
    let server =
        Server::start(|_, _| Reply::Reset(b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec())).await;
    let err = bounded(client(&server).execute::<serde_json::Value>(get("/api/v2/x")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(server.hits(), 3, "GET is retried up to max_attempts");
    assert_no_secrets(&err);

    // POST may have been processed: not retried.
    let server =
        Server::start(|_, _| Reply::Reset(b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec())).await;
    let err = bounded(client(&server).execute::<serde_json::Value>(post("/api/v2/x")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error_and_get_is_retried() {
    let truncated = |_: &Req, _| {
        let mut bytes =
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                .to_vec();
        bytes.extend_from_slice(br#"{"entities":[{"id":"a"#);
        Reply::Close(bytes)
    };
    let server = Server::start(truncated).await;
    let err = bounded(client(&server).execute::<serde_json::Value>(get("/api/v2/x")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(
        server.hits(),
        3,
        "a body cut short is a transport error: retried for GET like any other"
    );
    assert_no_secrets(&err);

    let server = Server::start(truncated).await;
    let err = bounded(client(&server).execute::<serde_json::Value>(post("/api/v2/x")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.hits(), 1, "POST is not retried");

    // Recovery: the second attempt gets the whole body.
    let server = Server::start(move |req, hit| {
        if hit == 0 {
            truncated(req, hit)
        } else {
            Reply::Close(json_ok(r#"{"ok":true}"#))
        }
    })
    .await;
    let ok = bounded(client(&server).execute::<serde_json::Value>(get("/api/v2/x")))
        .await
        .unwrap();
    assert_eq!(ok.body["ok"], true);
    assert_eq!(server.hits(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_stalled_body_times_out_within_the_configured_bound() {
    let stall = |_: &Req, _| {
        let mut bytes =
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                .to_vec();
        bytes.extend_from_slice(br#"{"entities":["#);
        Reply::Stall(bytes)
    };
    let bound = Duration::from_millis(300);
    let server = Server::start(stall).await;
    let started = tokio::time::Instant::now();
    let err = bounded(
        builder(&server.url())
            .timeout(Some(bound))
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap()
            .execute::<serde_json::Value>(get("/api/v2/x")),
    )
    .await
    .unwrap_err();
    // Virtual time: exactly the configured timeout fired (not the 5 s default of `builder`).
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(elapsed >= bound && elapsed <= bound + TICK, "{elapsed:?}");
    assert_eq!(server.hits(), 1);
    assert_no_secrets(&err);

    // With retries, each attempt has the bound: the total is attempts x bound + backoff (the
    // backoff recorded, not slept).
    let server = Server::start(stall).await;
    let sleep = Arc::new(RecordingSleep::default());
    let started = tokio::time::Instant::now();
    let err = bounded(
        builder(&server.url())
            .timeout(Some(bound))
            .retry_policy(fast_retries(2))
            .sleep(sleep.clone())
            .build()
            .unwrap()
            .execute::<serde_json::Value>(get("/api/v2/x")),
    )
    .await
    .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(server.hits(), 2, "a timed-out GET is retried");
    assert_eq!(sleep.waits().len(), 1, "{:?}", sleep.waits());
    assert!(
        elapsed >= bound * 2 && elapsed <= bound * 2 + TICK * 2,
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let server = Server::start(|_, _| Reply::Stall(Vec::new())).await;
    let bound = Duration::from_millis(300);
    // The client's own reqwest client carries the timeout; a user-supplied one gets it per
    // request: both must honour it.
    for own_http in [true, false] {
        let mut b = builder(&server.url())
            .timeout(Some(bound))
            .retry_policy(RetryPolicy::disabled());
        if !own_http {
            b = b.http_client(reqwest::Client::new());
        }
        let started = tokio::time::Instant::now();
        let err = bounded(
            b.build()
                .unwrap()
                .execute::<serde_json::Value>(post("/api/v2/x")),
        )
        .await
        .unwrap_err();
        let elapsed = started.elapsed();
        assert!(
            matches!(err, Error::Timeout { .. }),
            "own_http {own_http}: {err:?}"
        );
        assert!(
            elapsed >= bound && elapsed <= bound + TICK,
            "own_http {own_http}: {elapsed:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_stalled_token_endpoint_times_out_instead_of_hanging_every_request() {
    let server = Server::start(|req, _| {
        if req.path == "/oauth/token" {
            Reply::Stall(Vec::new())
        } else {
            Reply::Close(json_ok("{}"))
        }
    })
    .await;
    let bound = Duration::from_millis(300);
    let client = Client::builder()
        .base_url(server.url())
        .token_url(format!("{}/oauth/token", server.url()))
        .client_credentials("faults-client", CLIENT_SECRET)
        .timeout(Some(bound))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let err = bounded(client.execute::<serde_json::Value>(get("/api/v2/x")))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(elapsed >= bound && elapsed <= bound + TICK, "{elapsed:?}");
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.path == "/oauth/token" && r.method == "POST")
            .count(),
        1
    );
    assert!(
        server.requests().iter().all(|r| r.path == "/oauth/token"),
        "no API request without a token"
    );
    assert_no_secrets(&err);
    assert!(!format!("{client:?}").contains(CLIENT_SECRET));
}

// ---------------------------------------------------------------------------------------------
// Response-level faults.
// ---------------------------------------------------------------------------------------------

fn gateway_page() -> String {
    let filler =
        "<p>The upstream server did not answer in time. Please try again.</p>\n".repeat(80);
    format!(
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\n\
         <h1>502 Bad Gateway</h1>\n{filler}<hr><center>nginx</center>\n</body></html>\n"
    )
}

#[tokio::test]
async fn an_html_502_from_a_gateway_is_an_api_error_with_a_bounded_snippet() {
    let page = gateway_page();
    assert!(page.len() > SNIPPET_LIMIT * 2);
    let reply = move |_: &Req, _| {
        Reply::Close(response(
            "502 Bad Gateway",
            &[("Content-Type", "text/html"), ("Server", "nginx")],
            page.as_bytes(),
        ))
    };
    let server = Server::start(reply.clone()).await;
    let err = bounded(client(&server).execute::<serde_json::Value>(get("/api/v2/x")))
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status, body, raw, ..
        } => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert!(body.is_none(), "an HTML page is no ErrorBody");
            assert!(raw.starts_with("<!DOCTYPE html>"), "{raw}");
            assert!(raw.contains("502 Bad Gateway"));
            assert!(raw.len() <= SNIPPET_LIMIT + '…'.len_utf8(), "{}", raw.len());
        }
        other => panic!("expected Api, got {other:?}"),
    }
    assert!(err.error_body().is_none());
    // The Display stays one short line, not the whole page.
    assert!(err.to_string().len() < 200, "{err}");
    assert_eq!(
        server.hits(),
        3,
        "502 is retried for GET up to max_attempts"
    );
    assert_no_secrets(&err);

    let server = Server::start(reply).await;
    let err = bounded(client(&server).execute::<serde_json::Value>(post("/api/v2/x")))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(server.hits(), 1, "POST is not retried on 502 by default");
}

#[tokio::test]
async fn a_200_with_an_empty_body_is_a_decode_error_for_a_model() {
    let server = Server::start(|_, _| {
        Reply::Close(response(
            "200 OK",
            &[
                ("Content-Type", "application/json"),
                ("ININ-Correlation-Id", "corr-empty"),
            ],
            b"",
        ))
    })
    .await;
    let err = bounded(client(&server).execute::<OrganizationPresenceDefinition>(get("/api/v2/x")))
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            raw,
            correlation_id,
            message,
            ..
        } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(raw, "", "the raw body is the body as received");
            assert_eq!(correlation_id.as_deref(), Some("corr-empty"));
            assert!(message.contains("null"), "{message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(server.hits(), 1, "a decode error is not retried");
}

#[tokio::test]
async fn a_200_with_truncated_json_is_a_decode_error_with_status_and_snippet() {
    let body = r#"{"entities":[{"id":"p-1","languageLabels":{"en_US":"Avail"#;
    let server = Server::start(move |_, _| {
        Reply::Close(response(
            "200 OK",
            &[
                ("Content-Type", "application/json"),
                ("ININ-Correlation-Id", "corr-trunc"),
            ],
            body.as_bytes(),
        ))
    })
    .await;
    for result in [
        bounded(
            client(&server)
                .execute::<OrganizationPresenceDefinitionEntityListing>(get("/api/v2/x")),
        )
        .await
        .map(|_| ()),
        bounded(client(&server).execute::<serde_json::Value>(get("/api/v2/x")))
            .await
            .map(|_| ()),
    ] {
        let err = result.unwrap_err();
        match &err {
            Error::Decode {
                status,
                raw,
                message,
                correlation_id,
                ..
            } => {
                assert_eq!(*status, StatusCode::OK);
                assert_eq!(raw, body);
                assert!(message.contains("EOF"), "{message}");
                assert_eq!(correlation_id.as_deref(), Some("corr-trunc"));
            }
            other => panic!("expected Decode, got {other:?}"),
        }
        assert!(err.to_string().contains("200"), "{err}");
    }
}

#[tokio::test]
async fn a_retry_after_of_one_hour_is_not_obeyed() {
    let in_an_hour =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    for retry_after in ["3600".to_owned(), in_an_hour] {
        let header = retry_after.clone();
        let server = Server::start(move |_, _| {
            Reply::Close(response(
                "429 Too Many Requests",
                &[
                    ("Retry-After", header.as_str()),
                    ("Content-Type", "application/json"),
                    ("ININ-Correlation-Id", "corr-429"),
                ],
                br#"{"status":429,"code":"too.many.requests","message":"Rate limit exceeded"}"#,
            ))
        })
        .await;
        // The default policy: waits of up to 60 s are honoured, longer ones end the retries.
        let sleep = Arc::new(RecordingSleep::default());
        let client = builder(&server.url())
            .retry_policy(RetryPolicy::default())
            .sleep(sleep.clone())
            .build()
            .unwrap();
        let err = bounded(client.execute::<serde_json::Value>(get("/api/v2/x")))
            .await
            .unwrap_err();
        assert!(
            sleep.waits().is_empty(),
            "Retry-After {retry_after} was obeyed: {:?}",
            sleep.waits()
        );
        match &err {
            Error::RateLimited {
                retry_after: Some(wait),
                attempts,
                correlation_id,
                ..
            } => {
                assert!(
                    *wait > Duration::from_secs(3590) && *wait <= Duration::from_secs(3600),
                    "{wait:?}"
                );
                assert_eq!(*attempts, 1);
                assert_eq!(correlation_id.as_deref(), Some("corr-429"));
            }
            other => panic!("expected RateLimited, got {other:?}"),
        }
        assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
        assert_eq!(
            err.error_body().and_then(|b| b.code.as_deref()),
            Some("too.many.requests")
        );
        assert_eq!(server.hits(), 1);
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_credentials_stay_home() {
    // The other host records whether it ever saw the credentials.
    let saw_authorization = Arc::new(AtomicBool::new(false));
    let other_hits = Arc::new(AtomicUsize::new(0));
    let (saw, hits) = (saw_authorization.clone(), other_hits.clone());
    let other = Server::start(move |req, _| {
        hits.fetch_add(1, Ordering::SeqCst);
        if req.header("authorization").is_some() {
            saw.store(true, Ordering::SeqCst);
        }
        Reply::Close(json_ok(r#"{"landed":true}"#))
    })
    .await;
    let target = format!("{}/api/v2/landing", other.url());
    for status in [
        "302 Found",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let location = target.clone();
        let server = Server::start(move |_, _| {
            Reply::Close(response(status, &[("Location", location.as_str())], b""))
        })
        .await;

        // The client's own HTTP stack never follows redirects: the 3xx is the answer.
        let landed_before = other_hits.load(Ordering::SeqCst);
        let err = bounded(client(&server).execute::<serde_json::Value>(get("/api/v2/x")))
            .await
            .unwrap_err();
        let code: u16 = status[..3].parse().unwrap();
        match &err {
            Error::Api { status, .. } => assert_eq!(status.as_u16(), code),
            other => panic!("expected Api({code}), got {other:?}"),
        }
        assert_eq!(server.hits(), 1, "a 3xx is not retried");
        assert_eq!(
            server.requests()[0].header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        let err = bounded(client(&server).execute::<serde_json::Value>(post("/api/v2/x")))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(code));
        assert_no_secrets(&err);
        assert_eq!(
            other_hits.load(Ordering::SeqCst),
            landed_before,
            "{status} was followed"
        );

        // A user-supplied reqwest client that follows redirects still strips the
        // credentials on the hop to another host (another port is another origin).
        let following = builder(&server.url())
            .http_client(reqwest::Client::new())
            .build()
            .unwrap();
        let landed = bounded(following.execute::<serde_json::Value>(get("/api/v2/x")))
            .await
            .unwrap();
        assert_eq!(landed.body["landed"], true);
    }
    assert_eq!(other_hits.load(Ordering::SeqCst), 3);
    assert!(
        !saw_authorization.load(Ordering::SeqCst),
        "the Authorization header followed a redirect to another host"
    );
}

// ---------------------------------------------------------------------------------------------
// Size.
// ---------------------------------------------------------------------------------------------

/// A presence-definition listing of a little over `min_bytes` bytes.
fn big_listing(min_bytes: usize) -> (String, usize) {
    let mut body = String::with_capacity(min_bytes + 4096);
    body.push_str(r#"{"entities":["#);
    let mut n = 0;
    while body.len() < min_bytes {
        if n > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"id":"6a3af858-942f-489d-9700-{n:012}","name":"Presence {n}","languageLabels":{{"en_US":"Label number {n} with some padding text","fr_FR":"Libellé numéro {n} — ça va"}},"systemPresence":"Available","deactivated":false,"selfUri":"/api/v2/presencedefinitions/6a3af858-942f-489d-9700-{n:012}"}}"#
        ));
        n += 1;
    }
    body.push_str(&format!(r#"],"total":{n}}}"#));
    (body, n)
}

#[tokio::test]
async fn a_ten_megabyte_response_decodes() {
    // Under the default 64 MiB limit, a 10 MB+ body is read and decoded in full.
    let (body, count) = big_listing(10 * 1024 * 1024 + 1);
    let body = Arc::new(body);
    let bytes = body.clone();
    let server = Server::start(move |_, hit| {
        if hit == 0 {
            Reply::Close(json_ok(&bytes))
        } else {
            // The same, chunked (no Content-Length), in 64 KiB chunks.
            Reply::Close(chunked_ok(bytes.as_bytes(), 64 * 1024))
        }
    })
    .await;
    let client = client(&server);
    for _ in 0..2 {
        let listing = bounded(
            client.execute::<OrganizationPresenceDefinitionEntityListing>(get("/api/v2/x")),
        )
        .await
        .unwrap()
        .into_body();
        let entities = listing.entities.unwrap();
        assert_eq!(entities.len(), count);
        assert_eq!(listing.total, Some(count as i64));
        let last = entities.last().unwrap();
        assert_eq!(
            last.language_labels.as_ref().unwrap()["fr_FR"],
            format!("Libellé numéro {} — ça va", count - 1)
        );
    }
    assert!(body.len() > 10 * 1024 * 1024);
}

/// A 200 with `body` sent chunked (no `Content-Length`) in `chunk`-byte chunks.
fn chunked_ok(body: &[u8], chunk: usize) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
        ININ-Correlation-Id: corr-ok\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        .to_vec();
    for part in body.chunks(chunk) {
        out.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_without_reading_them_whole() {
    const LIMIT: usize = 256 * 1024;
    let (fits, _) = big_listing(LIMIT - 4096);
    let (over, _) = big_listing(LIMIT + 1);
    assert!(fits.len() <= LIMIT && over.len() > LIMIT);
    // Hits: 0 fits (Content-Length), 1 fits (chunked), 2 over (Content-Length),
    // 3 over (chunked, 16 KiB chunks: found out while counting).
    let server = Server::start(move |_, hit| match hit {
        0 => Reply::Close(json_ok(&fits)),
        1 => Reply::Close(chunked_ok(fits.as_bytes(), 16 * 1024)),
        2 => Reply::Close(json_ok(&over)),
        _ => Reply::Close(chunked_ok(over.as_bytes(), 16 * 1024)),
    })
    .await;
    let client = builder(&server.url())
        .max_response_bytes(LIMIT)
        .build()
        .unwrap();
    for hit in 0..4 {
        let result = bounded(
            client.execute::<OrganizationPresenceDefinitionEntityListing>(get("/api/v2/x")),
        )
        .await;
        match (hit, result) {
            (0 | 1, Ok(listing)) => assert!(listing.body.entities.is_some()),
            (2 | 3, Err(err)) => {
                assert!(
                    matches!(err, Error::ResponseTooLarge { limit: LIMIT, .. }),
                    "hit {hit}: {err:?}"
                );
                assert_eq!(err.status(), Some(StatusCode::OK));
                assert_eq!(err.correlation_id(), Some("corr-ok"));
                assert!(err.to_string().contains("262144-byte limit"), "{err}");
            }
            (hit, other) => panic!("hit {hit}: unexpected {other:?}"),
        }
    }
    // A body over the limit is not retried: one request each.
    assert_eq!(server.hits(), 4);
}

// ---------------------------------------------------------------------------------------------
// Configuration.
// ---------------------------------------------------------------------------------------------

#[test]
fn https_is_required_for_non_loopback_base_urls_unless_allowed() {
    let err = Client::builder()
        .base_url("http://example.com")
        .bearer_token(TOKEN)
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
    assert!(err.to_string().contains("not HTTPS"), "{err}");
    assert_no_secrets(&err);

    let client = Client::builder()
        .base_url("http://example.com")
        .bearer_token(TOKEN)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert_eq!(client.base_url().as_str(), "http://example.com/");

    // The token URL is held to the same rule.
    let err = Client::builder()
        .base_url("https://api.example.com")
        .token_url("http://login.example.com/oauth/token")
        .client_credentials("id", CLIENT_SECRET)
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
    assert_no_secrets(&err);
    Client::builder()
        .base_url("http://api.example.com")
        .token_url("http://login.example.com/oauth/token")
        .client_credentials("id", CLIENT_SECRET)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    // Loopback needs no opt-in (these tests rely on it); https always works.
    for ok in ["http://127.0.0.1:9", "https://example.com"] {
        Client::builder().base_url(ok).build().unwrap();
    }
}
