//! The receiver honours the client's HTTP proxy for its WebSocket (a `CONNECT` tunnel), as
//! reqwest does for the REST calls: both go through a loopback proxy that records what it saw.

#[path = "receiver/rig.rs"]
mod rig;

use std::sync::{Arc, Mutex};

use genesys_client::mock::{MockNotifications, MockServer};
use genesys_client::runtime::notifications::ResyncReason;
use rig::{expect_event, expect_resync, next};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A minimal HTTP proxy: `CONNECT host:port` opens a tunnel; an absolute-form request
/// (`GET http://host:port/…`) is forwarded as it is. Each request line is recorded.
async fn start_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(serve(client, log.clone()));
        }
    });
    (format!("http://{addr}"), seen)
}

async fn serve(mut client: TcpStream, log: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).await.unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).to_string();
    let line = text.lines().next().unwrap_or("").to_owned();
    log.lock().unwrap().push(line.clone());
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let authority = if method == "CONNECT" {
        target.to_owned()
    } else {
        let url = url::Url::parse(target).unwrap();
        format!(
            "{}:{}",
            url.host_str().unwrap(),
            url.port_or_known_default().unwrap()
        )
    };
    let Ok(mut upstream) = TcpStream::connect(&authority).await else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
        return;
    };
    if method == "CONNECT" {
        client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await
            .unwrap();
    } else {
        upstream.write_all(&head).await.unwrap();
    }
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}

#[tokio::test]
async fn the_socket_and_the_rest_calls_go_through_the_clients_proxy() {
    let server = MockServer::start().await;
    let mock = MockNotifications::start(&server).await;
    let (proxy, seen) = start_proxy().await;
    let client = server.client_builder().proxy(proxy).build().unwrap();
    let topic = "v2.users.p1.presence";
    let mut rx = client
        .notification_receiver::<serde_json::Value>()
        .topic(topic)
        .start()
        .unwrap();
    expect_resync(next(&mut rx).await, ResyncReason::Startup);
    let (corr, _) = mock.push_event(topic, &json!({"via": "proxy"}));
    let (_, got, payload) = expect_event(next(&mut rx).await);
    assert_eq!((got, payload["via"].as_str()), (corr, Some("proxy")));

    let ws_authority = mock.ws_uri().trim_start_matches("ws://").to_owned();
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.contains(&format!("CONNECT {ws_authority} HTTP/1.1")),
        "the WebSocket tunnelled through the proxy: {seen:?}"
    );
    // reqwest sends the client's HTTP requests in absolute form to the proxy (the proxy logs
    // the first request of each kept-alive connection: the token request).
    assert!(
        seen.iter().any(|l| l.starts_with("POST http://")),
        "the client's REST calls went through the proxy: {seen:?}"
    );
    assert!(!mock.rest_calls().is_empty());
    rx.close().await;
}

#[tokio::test]
async fn a_proxy_that_is_not_http_is_refused_when_the_client_is_built() {
    let err = genesys_client::Client::builder()
        .bearer_token("t")
        .proxy("socks5://127.0.0.1:1080")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("proxy"), "{err}");
}
