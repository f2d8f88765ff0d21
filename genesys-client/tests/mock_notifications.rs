//! The Notifications mock itself, driven by a raw tokio-tungstenite client and reqwest.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use genesys_client::mock::{MockNotifications, MockServer, PingReply, MOCK_ACCESS_TOKEN};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

const BASE: &str = "/api/v2/notifications/channels";
const WAIT: Duration = Duration::from_secs(10);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

struct Rig {
    server: MockServer,
    mock: MockNotifications,
    http: reqwest::Client,
}

impl Rig {
    async fn new() -> Self {
        let server = MockServer::start().await;
        let mock = MockNotifications::start(&server).await;
        Rig {
            server,
            mock,
            http: reqwest::Client::new(),
        }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call_as(MOCK_ACCESS_TOKEN, method, path, body).await
    }

    async fn call_as(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.server.uri());
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, url).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn channel(&self) -> (String, String) {
        let (status, body) = self.call("POST", BASE, None).await;
        assert_eq!(status, 200);
        (
            body["id"].as_str().unwrap().to_owned(),
            body["connectUri"].as_str().unwrap().to_owned(),
        )
    }

    async fn subscribe(&self, id: &str, topics: &[&str], ignore: bool) -> (u16, Value) {
        let body: Vec<Value> = topics.iter().map(|t| json!({ "id": t })).collect();
        let path = format!("{BASE}/{id}/subscriptions?ignoreErrors={ignore}");
        self.call("PUT", &path, Some(Value::Array(body))).await
    }

    async fn connect(&self, id: &str, uri: &str) -> Ws {
        let before = self.mock.channel(id).map_or(0, |c| c.connections);
        let (ws, _) = tokio_tungstenite::connect_async(uri).await.unwrap();
        let mock = self.mock.clone();
        let id = id.to_owned();
        tokio::time::timeout(
            WAIT,
            mock.wait_until(|m| {
                m.channel(&id)
                    .is_some_and(|c| c.connected && c.connections > before)
            }),
        )
        .await
        .unwrap();
        ws
    }
}

async fn next_json(ws: &mut Ws) -> Value {
    loop {
        match tokio::time::timeout(WAIT, ws.next()).await.unwrap() {
            Some(Ok(Message::Text(t))) => return serde_json::from_str(&t).unwrap(),
            Some(Ok(_)) => continue,
            other => panic!("socket ended: {other:?}"),
        }
    }
}

/// Reads until the socket ends; returns the text frames read before the end.
async fn read_to_end(ws: &mut Ws) -> Vec<String> {
    let mut frames = Vec::new();
    while let Some(Ok(message)) = tokio::time::timeout(WAIT, ws.next()).await.unwrap() {
        if let Message::Text(t) = message {
            frames.push(t.to_string());
        }
    }
    frames
}

#[tokio::test]
async fn channels_subscribe_and_receive_events_with_the_envelope() {
    let rig = Rig::new().await;
    let (id, uri) = rig.channel().await;
    assert_eq!(uri, format!("{}/channels/{id}", rig.mock.ws_uri()));
    let (status, listing) = rig.call("GET", BASE, None).await;
    assert_eq!(status, 200);
    assert_eq!(listing["entities"][0]["id"], json!(id));
    assert!(listing["entities"][0]["expires"].is_string());

    let (status, body) = rig
        .subscribe(
            &id,
            &["v2.users.u1?presence&routingStatus", "v2.users.u2.presence"],
            false,
        )
        .await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = body["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "v2.users.u1.presence",
            "v2.users.u1.routingStatus",
            "v2.users.u2.presence"
        ]
    );

    let mut ws = rig.connect(&id, &uri).await;
    let (corr, to) = rig
        .mock
        .push_event("v2.users.u1.routingStatus", &json!({"id": "u1"}));
    assert_eq!(to, vec![id.clone()]);
    let (_, nobody) = rig.mock.push_event("v2.users.u9.presence", &json!({}));
    assert!(nobody.is_empty(), "not subscribed: not sent");
    let frame = next_json(&mut ws).await;
    assert_eq!(frame["topicName"], "v2.users.u1.routingStatus");
    assert_eq!(frame["version"], "2");
    assert_eq!(frame["eventBody"]["id"], "u1");
    assert_eq!(frame["metadata"]["CorrelationId"], json!(corr));
    rig.mock.flush().await;
    let sent = rig.mock.sent_events();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].correlation_id, corr);

    rig.mock.heartbeat(&id);
    let hb = next_json(&mut ws).await;
    assert_eq!(hb["topicName"], "channel.metadata");
    assert_eq!(hb["eventBody"]["message"], "WebSocket Heartbeat");

    // GET lists, POST adds, DELETE clears.
    let path = format!("{BASE}/{id}/subscriptions");
    let (_, got) = rig.call("GET", &path, None).await;
    assert_eq!(got["entities"].as_array().unwrap().len(), 3);
    let (status, _) = rig
        .call("POST", &path, Some(json!([{"id": "v2.users.u3.presence"}])))
        .await;
    assert_eq!(status, 200);
    assert_eq!(rig.mock.channel(&id).unwrap().topics.len(), 4);
    let (status, _) = rig.call("DELETE", &path, None).await;
    assert_eq!(status, 204);
    assert!(rig.mock.channel(&id).unwrap().topics.is_empty());
}

#[tokio::test]
async fn pings_get_pongs_or_silence_and_are_recorded() {
    let rig = Rig::new().await;
    let (id, uri) = rig.channel().await;
    let mut ws = rig.connect(&id, &uri).await;
    ws.send(Message::text(r#"{"message":"ping"}"#))
        .await
        .unwrap();
    let pong = next_json(&mut ws).await;
    assert_eq!(pong["eventBody"]["message"], "pong");

    rig.mock.set_ping_reply(&id, PingReply::Silent);
    ws.send(Message::text(r#"{"message":"ping"}"#))
        .await
        .unwrap();
    let mock = rig.mock.clone();
    tokio::time::timeout(
        WAIT,
        mock.wait_until(|m| m.channel(&id).unwrap().pings == 2),
    )
    .await
    .unwrap();
    // Nothing answered the second ping: the next frame is the heartbeat scripted after it.
    rig.mock.heartbeat(&id);
    assert_eq!(
        next_json(&mut ws).await["eventBody"]["message"],
        "WebSocket Heartbeat"
    );

    // A silent socket writes nothing, and events pushed to it are not sent.
    rig.call(
        "PUT",
        &format!("{BASE}/{id}/subscriptions"),
        Some(json!([{"id": "t.a"}])),
    )
    .await;
    rig.mock.set_silent(&id, true);
    assert!(rig.mock.push_event("t.a", &json!(1)).1.is_empty());
    assert!(!rig.mock.heartbeat(&id));
    rig.mock.set_silent(&id, false);
    rig.mock.push_event("t.a", &json!(2));
    assert_eq!(next_json(&mut ws).await["eventBody"], json!(2));
    assert_eq!(rig.mock.channel(&id).unwrap().frames.len(), 2);
}

#[tokio::test]
async fn system_notices_drops_closes_and_the_one_socket_rule() {
    let rig = Rig::new().await;
    let (id, uri) = rig.channel().await;
    rig.subscribe(&id, &["t.a"], false).await;
    let mut first = rig.connect(&id, &uri).await;
    assert!(rig.mock.socket_closing(&id));
    let notice = next_json(&mut first).await;
    assert_eq!(notice["topicName"], "v2.system.socket_closing");
    assert_eq!(notice["eventBody"]["channelId"], json!(id));
    rig.mock.no_longer_subscribed(&id);
    assert_eq!(
        next_json(&mut first).await["topicName"],
        json!(format!("v2.system.no_longer_subscribed.{id}"))
    );
    rig.mock.token_revoked(&id);
    assert_eq!(
        next_json(&mut first).await["topicName"],
        json!(format!("v2.system.token_revoked.{id}"))
    );

    // A second socket on the same channel disconnects the first.
    let mut second = rig.connect(&id, &uri).await;
    assert!(read_to_end(&mut first).await.is_empty());
    assert_eq!(rig.mock.connected_sockets(), 1);
    assert_eq!(rig.mock.channel(&id).unwrap().connections, 2);

    // Events queued before a drop are delivered, then the stream ends without a close frame.
    rig.mock.push_event("t.a", &json!("last"));
    assert!(rig.mock.drop_connection(&id));
    let frames = read_to_end(&mut second).await;
    assert_eq!(frames.len(), 1);
    drop(second); // the mock counts a socket until its peer goes away
    let mock = rig.mock.clone();
    tokio::time::timeout(WAIT, mock.wait_until(|m| m.connected_sockets() == 0))
        .await
        .unwrap();

    // A close frame with a code.
    let mut third = rig.connect(&id, &uri).await;
    rig.mock.close_socket(&id, 1001);
    let close = loop {
        match tokio::time::timeout(WAIT, third.next()).await.unwrap() {
            Some(Ok(Message::Close(frame))) => break frame,
            Some(Ok(_)) => continue,
            other => panic!("no close frame: {other:?}"),
        }
    };
    assert_eq!(u16::from(close.unwrap().code), 1001);
}

#[tokio::test]
async fn expired_channels_answer_404_and_refuse_sockets() {
    let rig = Rig::new().await;
    let (id, uri) = rig.channel().await;
    let mut ws = rig.connect(&id, &uri).await;
    let (status, _) = rig.call("HEAD", &format!("{BASE}/{id}"), None).await;
    assert_eq!(status, 200);
    assert!(rig.mock.expire_channel(&id));
    assert!(read_to_end(&mut ws).await.is_empty());
    let (status, _) = rig.call("HEAD", &format!("{BASE}/{id}"), None).await;
    assert_eq!(status, 404);
    let (status, body) = rig.subscribe(&id, &["t.a"], true).await;
    assert_eq!(status, 404);
    assert_eq!(body["status"], 404);
    assert!(tokio_tungstenite::connect_async(&uri).await.is_err());
    assert_eq!(rig.mock.removed_channels(), [id]);
}

#[tokio::test]
async fn rejected_topics_with_and_without_ignore_errors() {
    let rig = Rig::new().await;
    let (id, _) = rig.channel().await;
    rig.mock.reject_topic(
        "v2.users.u2.presence",
        "Missing permission",
        &["directory:user:view"],
    );
    let (status, body) = rig
        .subscribe(
            &id,
            &["v2.users.u1.presence", "v2.users.u2.presence"],
            false,
        )
        .await;
    assert_eq!(status, 403);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("v2.users.u2.presence"));
    assert!(
        rig.mock.channel(&id).unwrap().topics.is_empty(),
        "a 403 subscribes nothing"
    );

    let (status, body) = rig
        .subscribe(&id, &["v2.users.u1.presence", "v2.users.u2.presence"], true)
        .await;
    assert_eq!(status, 200);
    let entities = body["entities"].as_array().unwrap();
    assert_eq!(
        entities[0],
        json!({"id": "v2.users.u1.presence", "state": "Permitted"})
    );
    assert_eq!(entities[1]["state"], "Rejected");
    assert_eq!(entities[1]["rejectionReason"], "Missing permission");
    assert_eq!(
        entities[1]["missingPermissions"],
        json!(["directory:user:view"])
    );
    assert_eq!(
        rig.mock.channel(&id).unwrap().topics,
        ["v2.users.u1.presence"]
    );
}

#[tokio::test]
async fn topic_limit_channel_limit_and_429() {
    let rig = Rig::new().await;
    let (id, _) = rig.channel().await;
    let many: Vec<String> = (0..1_001)
        .map(|i| format!("v2.users.u{i}.presence"))
        .collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let (status, _) = rig.subscribe(&id, &refs, true).await;
    assert_eq!(status, 400);
    assert!(rig.mock.channel(&id).unwrap().topics.is_empty());
    let (status, _) = rig.subscribe(&id, &refs[..1_000], true).await;
    assert_eq!(status, 200);
    assert_eq!(rig.mock.channel(&id).unwrap().topics.len(), 1_000);

    // 20 channels per token: the 21st replaces the oldest (the first).
    for _ in 1..20 {
        rig.channel().await;
    }
    assert_eq!(rig.mock.channel_ids().len(), 20);
    let (newest, _) = rig.channel().await;
    assert_eq!(rig.mock.removed_channels(), vec![id.clone()]);
    assert!(rig.mock.channel_ids().contains(&newest));
    // Another token has its own 20.
    let (status, _) = rig.call_as("other-token", "POST", BASE, None).await;
    assert_eq!(status, 200);
    assert_eq!(rig.mock.channel_ids().len(), 21);

    rig.mock.throttle(1, Duration::from_millis(1_500));
    let url = format!("{}{BASE}", rig.server.uri());
    let response = rig
        .http
        .post(&url)
        .bearer_auth(MOCK_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "2");
    let (status, _) = rig.call("POST", BASE, None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn bad_frames_go_out_as_written_and_connects_to_unknown_channels_are_refused() {
    let rig = Rig::new().await;
    let (id, uri) = rig.channel().await;
    let mut ws = rig.connect(&id, &uri).await;
    assert!(rig.mock.push_raw(&id, "not json {"));
    let frame = loop {
        if let Some(Ok(Message::Text(t))) = ws.next().await {
            break t.to_string();
        }
    };
    assert_eq!(frame, "not json {");
    let unknown = format!("{}/channels/nope", rig.mock.ws_uri());
    assert!(tokio_tungstenite::connect_async(unknown).await.is_err());
}
