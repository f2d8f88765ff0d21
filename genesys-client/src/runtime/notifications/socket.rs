//! The WebSocket: connecting (rustls with the webpki roots reqwest uses and the client's own
//! roots, through the client's HTTP proxy with a `CONNECT` tunnel when one is set) and the task
//! that owns one socket.
//!
//! Why tokio-tungstenite over a hand-made `CONNECT` tunnel rather than reqwest-websocket:
//! the latter (0.5, for reqwest 0.12) hides close frames from its stream and takes no
//! `WebSocketConfig`, so frame and message limits could not be set, and it pulls a second
//! tungstenite version. A `CONNECT` tunnel is a few lines and keeps both.
//!
//! The socket task always reads: heartbeats, pongs and events are handled as they arrive
//! whatever the consumer does (see the back-pressure policy), and tungstenite's automatic
//! answers to protocol pings get flushed.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::{FutureExt, SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use super::frame::SystemKind;
use super::health::{Verdict, Watchdog};
use super::item::DecodeErrorKind;
use super::outlet::{bump, Batch, Outlet};
use crate::runtime::sleep::Sleep;
use crate::runtime::topic::NotificationPayload;

/// A connected socket.
pub(super) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The most frames a socket task reads before it delivers them and lets other tasks run.
const MAX_BURST: usize = 64;

/// The text frame that asks Genesys for a `pong`.
pub(super) const PING: &str = r#"{"message":"ping"}"#;

/// The rustls configuration: webpki roots (what reqwest's `rustls-tls` trusts) plus the
/// client's own ([`ClientBuilder::add_root_certificate_der`](crate::ClientBuilder::add_root_certificate_der)), ring.
fn tls(extra: &[Vec<u8>]) -> Result<Arc<rustls::ClientConfig>, String> {
    fn build(extra: &[Vec<u8>]) -> Result<Arc<rustls::ClientConfig>, String> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for der in extra {
            roots
                .add(rustls::pki_types::CertificateDer::from(der.clone()))
                .map_err(|e| format!("a root certificate is not usable: {e}"))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map(|b| Arc::new(b.with_root_certificates(roots).with_no_client_auth()))
            .map_err(|e| format!("TLS setup failed: {e}"))
    }
    // The common case (no extra roots) is built once per process.
    static DEFAULT: OnceLock<Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    if extra.is_empty() {
        DEFAULT.get_or_init(|| build(&[])).clone()
    } else {
        build(extra)
    }
}

/// Connects to `uri` (`wss://…` or, for tests, `ws://…`), through `proxy` if set.
pub(super) async fn connect(
    uri: &str,
    proxy: Option<&url::Url>,
    roots: &[Vec<u8>],
    max_frame_bytes: usize,
) -> Result<Ws, String> {
    let target = url::Url::parse(uri).map_err(|e| format!("bad connectUri `{uri}`: {e}"))?;
    let host = target
        .host_str()
        .ok_or_else(|| format!("connectUri `{uri}` has no host"))?
        .to_owned();
    let port = target
        .port_or_known_default()
        .ok_or_else(|| format!("connectUri `{uri}` has no port"))?;
    let stream = match proxy {
        None => TcpStream::connect((host.trim_matches(|c| c == '[' || c == ']'), port))
            .await
            .map_err(|e| format!("could not connect to {host}:{port}: {e}"))?,
        Some(proxy) => tunnel(proxy, &host, port).await?,
    };
    let _ = stream.set_nodelay(true);
    let config = WebSocketConfig::default()
        .max_frame_size(Some(max_frame_bytes))
        .max_message_size(Some(max_frame_bytes))
        .max_write_buffer_size(1 << 20);
    let connector = Connector::Rustls(tls(roots)?);
    let (ws, _) =
        tokio_tungstenite::client_async_tls_with_config(uri, stream, Some(config), Some(connector))
            .await
            .map_err(|e| format!("WebSocket handshake with {host}:{port} failed: {e}"))?;
    Ok(ws)
}

/// Opens a `CONNECT host:port` tunnel through an HTTP proxy.
async fn tunnel(proxy: &url::Url, host: &str, port: u16) -> Result<TcpStream, String> {
    if proxy.scheme() != "http" {
        return Err(format!(
            "the proxy `{}` is not an http:// proxy (the socket tunnels with CONNECT over plain HTTP)",
            proxy.scheme()
        ));
    }
    let proxy_host = proxy.host_str().ok_or("the proxy URL has no host")?;
    let proxy_port = proxy.port_or_known_default().unwrap_or(80);
    let mut stream = TcpStream::connect((
        proxy_host.trim_matches(|c| c == '[' || c == ']'),
        proxy_port,
    ))
    .await
    .map_err(|e| format!("could not connect to the proxy {proxy_host}:{proxy_port}: {e}"))?;
    let request = format!("CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("proxy write failed: {e}"))?;
    // Read the response head (bounded); nothing follows it before our own handshake.
    let mut head = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= 8 * 1024 {
            return Err("the proxy's response head exceeds 8 KiB".into());
        }
        match stream.read(&mut byte).await {
            Ok(0) => return Err("the proxy closed the connection during CONNECT".into()),
            Ok(_) => head.push(byte[0]),
            Err(e) => return Err(format!("proxy read failed: {e}")),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let status_line = head.lines().next().unwrap_or("");
    let ok = status_line
        .split_whitespace()
        .nth(1)
        .is_some_and(|code| code.starts_with('2'));
    if !ok {
        return Err(format!(
            "the proxy refused CONNECT {host}:{port}: {status_line}"
        ));
    }
    Ok(stream)
}

/// Timings of a socket task (from the receiver's configuration).
#[derive(Clone)]
pub(super) struct Params {
    pub(super) clock: Arc<dyn Sleep>,
    pub(super) silence: Duration,
    pub(super) pong_wait: Duration,
    pub(super) close_wait: Duration,
}

/// What a socket task tells its channel task.
#[derive(Debug)]
pub(super) enum Report {
    /// A system message arrived (each kind reported once per socket).
    System(SystemKind),
    /// The socket ended. `asked` when the channel task closed it.
    Ended { asked: bool, reason: String },
}

/// Runs one socket until it ends or `close` fires (then it closes gracefully, still
/// delivering what arrives until the server goes away or `close_wait` passes).
pub(super) async fn run<P: NotificationPayload>(
    mut ws: Ws,
    conn: u64,
    outlet: Arc<Outlet<P>>,
    params: Params,
    reports: mpsc::UnboundedSender<(u64, Report)>,
    mut close: oneshot::Receiver<()>,
) {
    let clock = params.clock.clone();
    let mut dog = Watchdog::new(clock.now(), params.silence, params.pong_wait);
    let mut timer = clock.sleep_until(dog.deadline());
    let mut reported: Vec<SystemKind> = Vec::new();
    let mut batch: Batch<P> = Vec::with_capacity(MAX_BURST);
    let mut systems: Vec<SystemKind> = Vec::new();
    let report = |r: Report| {
        let _ = reports.send((conn, r));
    };
    let reason = loop {
        tokio::select! {
            biased;
            message = ws.next() => {
                // A burst: this frame and those already readable, delivered together (one
                // lock, one wake-up of the consumer, one clock read for the watchdog).
                let mut message = message;
                let mut frames = 0;
                let ended = loop {
                    match message {
                        Some(Ok(Message::Close(frame))) => {
                            let code = frame.map_or_else(|| "no code".to_owned(), |f| u16::from(f.code).to_string());
                            break Some(format!("the server closed the socket ({code})"));
                        }
                        Some(Ok(message)) => {
                            frames += 1;
                            systems.extend(handle(&outlet, message, &mut batch));
                        }
                        Some(Err(e)) => break Some(format!("socket error: {e}")),
                        None => break Some("the server ended the connection".to_owned()),
                    }
                    if frames >= MAX_BURST {
                        break None;
                    }
                    match ws.next().now_or_never() {
                        Some(next) => message = next,
                        None => break None,
                    }
                };
                outlet.deliver(&mut batch);
                if frames > 0 {
                    dog.inbound(clock.now());
                }
                // Reported after the events that preceded them are in the queue.
                for kind in systems.drain(..) {
                    if !reported.contains(&kind) {
                        reported.push(kind);
                        report(Report::System(kind));
                    }
                }
                if let Some(reason) = ended {
                    break reason;
                }
            }
            () = &mut timer => {
                match dog.check(clock.now()) {
                    Verdict::Wait(at) => timer = clock.sleep_until(at),
                    Verdict::Ping(at) => {
                        bump(&outlet.counters.pings);
                        let send = ws.send(Message::text(PING));
                        let sent = tokio::select! {
                            sent = send => sent.is_ok(),
                            () = clock.sleep(params.pong_wait) => false,
                        };
                        if !sent {
                            break "could not send a ping".to_owned();
                        }
                        timer = clock.sleep_until(at);
                    }
                    Verdict::Dead => {
                        break format!(
                            "no frame within {:?} after a ping (silent for {:?})",
                            params.pong_wait, params.silence
                        );
                    }
                }
            }
            _ = &mut close => {
                graceful_close(&mut ws, &outlet, &params).await;
                report(Report::Ended { asked: true, reason: "closed by the receiver".into() });
                return;
            }
        }
    };
    // Not asked to: drop the socket (a half-open one would never answer a close).
    drop(ws);
    report(Report::Ended {
        asked: false,
        reason,
    });
}

/// Hands one message to the outlet (its event or undecodable frame into `batch`); returns a
/// system message for the channel task.
///
/// Binary frames: Genesys sends text, but a gateway may re-frame text as binary, so a binary
/// frame that is valid UTF-8 is read exactly like a text frame; any other binary frame is an
/// [`Undecodable`](super::Undecodable) of kind [`Binary`](DecodeErrorKind::Binary) with a
/// lossy prefix.
fn handle<P: NotificationPayload>(
    outlet: &Outlet<P>,
    message: Message,
    batch: &mut Batch<P>,
) -> Option<SystemKind> {
    match message {
        Message::Text(text) => outlet.text(text, batch),
        Message::Binary(bytes) => match Utf8Bytes::try_from(bytes.clone()) {
            Ok(text) => outlet.text(text, batch),
            Err(e) => {
                let text = String::from_utf8_lossy(&bytes);
                let error = format!(
                    "a binary frame of {} bytes that is not UTF-8: {e}",
                    bytes.len()
                );
                outlet.undecodable(
                    DecodeErrorKind::Binary,
                    None,
                    (&text, bytes.len()),
                    error,
                    batch,
                );
                None
            }
        },
        // Pings are answered by tungstenite; pongs and close frames only count as traffic.
        _ => None,
    }
}

/// Sends a close frame and keeps delivering frames until the server goes away or
/// `close_wait` passes (on the client's clock).
async fn graceful_close<P: NotificationPayload>(ws: &mut Ws, outlet: &Outlet<P>, params: &Params) {
    let deadline = params.clock.now() + params.close_wait;
    let drain = async {
        let _ = ws.close(None).await;
        let mut batch = Vec::new();
        while let Some(Ok(message)) = ws.next().await {
            // Events still in flight on the old socket are delivered (duplicates are dropped).
            handle(outlet, message, &mut batch);
            outlet.deliver(&mut batch);
        }
    };
    tokio::select! {
        () = drain => {}
        () = params.clock.sleep_until(deadline) => {}
    }
}
