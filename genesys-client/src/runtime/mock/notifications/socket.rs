//! The WebSocket half: a loopback listener accepting `/channels/{id}`, one task per socket
//! that writes what the script queues and answers pings as the channel is told to.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::frames;
use super::state::{Command, PingReply, SentEvent, Shared, SocketHandle};

/// Accepts sockets until the task is aborted (which aborts every socket task with it).
pub(super) async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut sockets = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    let _ = stream.set_nodelay(true);
                    sockets.spawn(serve(stream, shared.clone()));
                }
            }
            Some(_) = sockets.join_next(), if !sockets.is_empty() => {}
        }
    }
}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let mut channel_id = None;
    // The callback signature is tungstenite's; its error type is its own.
    #[allow(clippy::result_large_err)]
    let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        let id = request
            .uri()
            .path()
            .strip_prefix("/channels/")
            .filter(|id| !id.is_empty() && !id.contains('/'))
            .map(str::to_owned);
        match id {
            Some(id) if shared.lock().channels.iter().any(|c| c.id == id) => {
                channel_id = Some(id);
                Ok(response)
            }
            _ => {
                let mut refusal = ErrorResponse::new(Some("no such channel".to_owned()));
                *refusal.status_mut() = tokio_tungstenite::tungstenite::http::StatusCode::NOT_FOUND;
                Err(refusal)
            }
        }
    };
    let Ok(ws) = tokio_tungstenite::accept_hdr_async(stream, check).await else {
        return;
    };
    let Some(channel_id) = channel_id else {
        return;
    };
    let (tx, rx) = mpsc::unbounded_channel();
    let conn = shared.update(|state| {
        state.next_conn += 1;
        let conn = state.next_conn;
        let now = state.tick();
        let channel = state.channel_mut(&channel_id)?;
        // One socket per channel: the new one disconnects the old one, as Genesys does.
        if let Some(old) = channel.socket.replace(SocketHandle { conn, tx }) {
            let _ = old.tx.send(Command::Drop);
        }
        channel.connections += 1;
        channel.last_used = now;
        Some(conn)
    });
    let Some(conn) = conn else {
        return; // removed during the handshake
    };
    run(ws, rx, &shared, &channel_id).await;
    shared.update(|state| {
        if let Some(channel) = state.channel_mut(&channel_id) {
            if channel.socket.as_ref().is_some_and(|s| s.conn == conn) {
                channel.socket = None;
            }
        }
    });
}

async fn run(
    mut ws: WebSocketStream<TcpStream>,
    mut rx: mpsc::UnboundedReceiver<Command>,
    shared: &Shared,
    channel_id: &str,
) {
    let mut pending: Vec<SentEvent> = Vec::new();
    loop {
        tokio::select! {
            biased;
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let pong = shared.update(|state| {
                        let channel = state.channel_mut(channel_id)?;
                        channel.frames.push(text.to_string());
                        if !frames::is_ping(&text) {
                            return None;
                        }
                        channel.pings += 1;
                        (channel.ping_reply == PingReply::Pong && !channel.silent)
                            .then(frames::pong)
                    });
                    if let Some(pong) = pong {
                        if ws.send(Message::text(pong)).await.is_err() {
                            return;
                        }
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {} // control frames are answered by tungstenite itself
            },
            command = rx.recv() => {
                let Some(mut command) = command else { return };
                // Write a run of queued frames, then flush once.
                loop {
                    match command {
                        Command::Text(text, event) => {
                            if ws.feed(Message::text(text)).await.is_err() {
                                return;
                            }
                            pending.extend(event);
                        }
                        Command::Binary(bytes) => {
                            if ws.feed(Message::binary(bytes)).await.is_err() {
                                return;
                            }
                        }
                        Command::Barrier(done) => {
                            if flush(&mut ws, &mut pending, shared).await.is_err() {
                                return;
                            }
                            let _ = done.send(());
                        }
                        Command::Drop => {
                            let _ = flush(&mut ws, &mut pending, shared).await;
                            let _ = ws.get_mut().shutdown().await;
                            linger(&mut ws).await;
                            return;
                        }
                        Command::Close(code) => {
                            let _ = flush(&mut ws, &mut pending, shared).await;
                            let frame = CloseFrame { code: CloseCode::from(code), reason: "".into() };
                            let _ = ws.close(Some(frame)).await;
                            linger(&mut ws).await;
                            return;
                        }
                    }
                    match rx.try_recv() {
                        Ok(next) => command = next,
                        Err(_) => break,
                    }
                }
                if flush(&mut ws, &mut pending, shared).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Flushes the socket, then records the events written since the last flush as sent.
async fn flush(
    ws: &mut WebSocketStream<TcpStream>,
    pending: &mut Vec<SentEvent>,
    shared: &Shared,
) -> Result<(), ()> {
    ws.flush().await.map_err(|_| ())?;
    if !pending.is_empty() {
        shared.update(|state| state.sent.append(pending));
    }
    Ok(())
}

/// Reads (and discards) until the peer goes away, so the peer gets a clean end of stream
/// rather than a reset that could discard frames it has not read yet. (No timer: a peer that
/// never goes away keeps this task until the mock is dropped, which aborts it.)
async fn linger(ws: &mut WebSocketStream<TcpStream>) {
    while let Some(Ok(_)) = ws.next().await {}
}
