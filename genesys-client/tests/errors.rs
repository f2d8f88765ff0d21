//! Error mapping: Genesys error bodies, correlation ids, decode paths, redaction.

mod common;

use common::{client, get};
use genesys_client::{Client, Error, RetryPolicy};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn error_body_is_decoded_with_the_correlation_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u1/presences/PURECLOUD"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("ININ-Correlation-Id", "c0ffee-1234")
                .set_body_json(serde_json::json!({
                    "message": "The requested resource was not found.",
                    "code": "not.found",
                    "status": 404,
                    "contextId": "ctx-9",
                    "messageParams": {},
                    "details": [{"errorCode": "user.missing", "fieldName": "userId"}],
                    "errors": [],
                    "limit": {"key": "k", "namespace": "presence", "value": 3}
                })),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .execute::<serde_json::Value>(get("/api/v2/users/u1/presences/PURECLOUD"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert_eq!(err.correlation_id(), Some("c0ffee-1234"));
    let body = err.error_body().expect("decoded ErrorBody");
    assert_eq!(body.code.as_deref(), Some("not.found"));
    assert_eq!(body.status, Some(404));
    let details = body.details.as_ref().unwrap();
    assert_eq!(details[0].error_code.as_deref(), Some("user.missing"));
    let text = err.to_string();
    assert!(text.contains("404"), "{text}");
    assert!(text.contains("not.found"), "{text}");
    assert!(text.contains("c0ffee-1234"), "{text}");
}

#[tokio::test]
async fn a_non_json_error_keeps_a_bounded_raw_snippet() {
    let server = MockServer::start().await;
    let html = format!("<html>{}</html>", "x".repeat(10_000));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).set_body_string(html))
        .mount(&server)
        .await;
    let err = client(&server)
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    match &err {
        Error::Api { body, raw, .. } => {
            assert!(body.is_none());
            assert!(raw.starts_with("<html>xxx"));
            assert!(raw.len() <= genesys_client::runtime::error::SNIPPET_LIMIT + 4);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().len() < 200);
}

#[tokio::test]
async fn an_undecodable_success_body_names_the_json_path() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Listing {
        entities: Vec<Entity>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Entity {
        id: String,
        primary: bool,
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ININ-Correlation-Id", "corr-decode")
                .set_body_json(serde_json::json!({
                    "entities": [{"id": "a", "primary": true}, {"id": "b", "primary": "yes"}]
                })),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .execute::<Listing>(get("/api/v2/x"))
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            path,
            raw,
            correlation_id,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(path, "entities[1].primary");
            assert!(raw.contains("\"yes\""));
            assert_eq!(correlation_id.as_deref(), Some("corr-decode"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("entities[1].primary"));
}

#[tokio::test]
async fn success_responses_carry_status_headers_and_correlation_id() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ININ-Correlation-Id", "corr-ok")
                .set_body_json(serde_json::json!({"id": "x"})),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.correlation_id.as_deref(), Some("corr-ok"));
    assert_eq!(
        response.headers.get("inin-correlation-id").unwrap(),
        "corr-ok"
    );
    assert_eq!(response.into_body()["id"], "x");
}

#[tokio::test]
async fn empty_responses_succeed_for_execute_empty() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let parts = genesys_client::runtime::RequestParts::new(
        reqwest::Method::DELETE,
        "deleteThing",
        "/api/v2/things/{id}",
        "/api/v2/things/1".into(),
    );
    let response = client(&server).execute_empty(parts).await.unwrap();
    assert_eq!(response.status, 204);
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_display() {
    const SECRET: &str = "s3cr3t-Value-That-Must-Not-Leak";
    const TOKEN: &str = "t0ken-Value-That-Must-Not-Leak";
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(
                serde_json::json!({"code": "missing.permissions", "message": "nope"}),
            ),
        )
        .mount(&server)
        .await;
    let builder = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/oauth/token", server.uri()))
        .client_credentials("visible-client-id", SECRET)
        .retry_policy(RetryPolicy::disabled());
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let err = client
        .execute::<serde_json::Value>(get("/api/v2/x"))
        .await
        .unwrap_err();
    let bearer_builder = Client::builder().bearer_token(TOKEN);
    let texts = [
        builder_debug,
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{bearer_builder:?}"),
        format!("{:?}", bearer_builder.build().unwrap()),
        format!("{:?}", genesys_client::Secret::new(SECRET)),
        genesys_client::Secret::new(SECRET).to_string(),
    ];
    for text in &texts {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
    assert!(texts[1].contains("visible-client-id"));
}

#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn traces_name_the_request_but_never_credentials_or_bodies() {
    const SECRET: &str = "trace-secret-zz9";
    const TOKEN: &str = "trace-token-zz9";
    const BODY_MARKER: &str = "private-body-zz9";
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/things"))
        .respond_with(ResponseTemplate::new(503).insert_header("ININ-Correlation-Id", "corr-trace"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ININ-Correlation-Id", "corr-trace")
                .set_body_json(serde_json::json!({"echo": BODY_MARKER})),
        )
        .mount(&server)
        .await;
    let captured = Captured::default();
    // Span closes are printed too: an attempt span that holds no event of its own (a
    // successful attempt on a reused connection) still shows its fields, whatever the HTTP
    // stack happens to log inside it.
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/oauth/token", server.uri()))
        .client_credentials("trace-client", SECRET)
        .retry_policy(common::fast_retries().with_retry_non_idempotent(true))
        .build()
        .unwrap();
    let mut parts = genesys_client::runtime::RequestParts::new(
        reqwest::Method::POST,
        "postThings",
        "/api/v2/things",
        "/api/v2/things".into(),
    );
    parts.query("q", BODY_MARKER);
    parts
        .json_body(&serde_json::json!({"name": BODY_MARKER}))
        .unwrap();
    client.execute::<serde_json::Value>(parts).await.unwrap();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("postThings"), "{logs}");
    assert!(logs.contains("/api/v2/things"), "{logs}");
    assert!(logs.contains("corr-trace"), "{logs}");
    assert!(logs.contains("attempt=2"), "{logs}");
    for forbidden in [SECRET, TOKEN, BODY_MARKER] {
        assert!(!logs.contains(forbidden), "{forbidden} in traces:\n{logs}");
    }
}
