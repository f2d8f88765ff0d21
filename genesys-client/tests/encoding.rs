//! Hostile path and query values reach the server exactly as intended.

mod common;

use common::client;
use genesys_client::runtime::{encode_path_segment, RequestParts};
use genesys_client::Error;
use percent_encoding::percent_decode_str;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const HOSTILE: &[&str] = &[
    "a/b",
    "?x=1",
    "#f",
    "%2F",
    "%",
    "with space",
    "plus+sign",
    "ünïcødé/日本",
    "..a",
    "a..",
    "...",
    "semi;colon",
    "back\\slash",
    "amp&eq=",
    "~user",
    "../../admin",
];

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    server
}

fn request_for(user_id: &str) -> RequestParts {
    let seg = encode_path_segment(user_id);
    RequestParts::new(
        reqwest::Method::GET,
        "getUserPresence",
        "/api/v2/users/{userId}/presences/{sourceId}",
        format!("/api/v2/users/{seg}/presences/PURECLOUD"),
    )
}

#[tokio::test]
async fn hostile_path_values_stay_one_segment() {
    let server = echo_server().await;
    let client = client(&server);
    for value in HOSTILE {
        client
            .execute::<serde_json::Value>(request_for(value))
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), HOSTILE.len());
    for (value, request) in HOSTILE.iter().zip(&requests) {
        let segments: Vec<String> = request
            .url
            .path_segments()
            .unwrap()
            .map(|s| percent_decode_str(s).decode_utf8().unwrap().into_owned())
            .collect();
        assert_eq!(
            segments,
            vec!["api", "v2", "users", value, "presences", "PURECLOUD"],
            "for {value:?} the server saw {}",
            request.url
        );
        assert_eq!(request.url.query(), None, "{value:?} added a query");
        assert_eq!(request.url.fragment(), None);
    }
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_refused_before_sending() {
    let server = echo_server().await;
    let client = client(&server);
    for value in [".", "..", ""] {
        let err = client
            .execute::<serde_json::Value>(request_for(value))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidParameter { .. }),
            "{value:?}: {err:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn query_values_arrive_decoded_exactly_with_repeated_keys_in_order() {
    let server = echo_server().await;
    let mut parts = RequestParts::new(
        reqwest::Method::GET,
        "getThings",
        "/api/v2/things",
        "/api/v2/things".to_owned(),
    );
    let values = [
        "a&b=c",
        "x y",
        "100%",
        "plus+",
        "#frag",
        "ünïcødé",
        "",
        "?q",
    ];
    for v in values {
        parts.query("v", v);
    }
    parts.query("expand", "presence");
    parts.query("expand", "routingStatus");
    parts.query("pageSize", 25);
    client(&server)
        .execute::<serde_json::Value>(parts)
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.path(), "/api/v2/things");
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let mut expected: Vec<(String, String)> = values
        .iter()
        .map(|v| ("v".to_owned(), (*v).to_owned()))
        .collect();
    expected.push(("expand".into(), "presence".into()));
    expected.push(("expand".into(), "routingStatus".into()));
    expected.push(("pageSize".into(), "25".into()));
    assert_eq!(pairs, expected);
    // Spaces are %20, never `+` (which some servers keep literally).
    assert!(request.url.query().unwrap().contains("x%20y"));
}

#[tokio::test]
async fn requests_carry_user_agent_accept_and_bearer() {
    let server = echo_server().await;
    client(&server)
        .execute::<serde_json::Value>(common::get("/api/v2/x"))
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        header("user-agent"),
        format!("genesys-client/{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(header("accept"), "application/json");
    assert_eq!(header("authorization"), "Bearer test-token");
}

#[tokio::test]
async fn a_user_supplied_http_client_still_sends_the_user_agent_once() {
    let server = echo_server().await;
    common::builder(&server)
        .http_client(reqwest::Client::new())
        .user_agent("my-app/1.0")
        .build()
        .unwrap()
        .execute::<serde_json::Value>(common::get("/api/v2/x"))
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let agents: Vec<_> = request.headers.get_all("user-agent").iter().collect();
    assert_eq!(agents, ["my-app/1.0"]);
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = echo_server().await;
    common::builder(&server)
        .base_url(format!("{}/proxy/genesys/", server.uri()))
        .build()
        .unwrap()
        .execute::<serde_json::Value>(request_for("a/b"))
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        request.url.path(),
        "/proxy/genesys/api/v2/users/a%2Fb/presences/PURECLOUD"
    );
}
