//! REST requests over TLS to a server whose certificate is trusted only through
//! `ClientBuilder::add_root_certificate_der` (issue 24: the same roots as the WebSocket).
//!
//! The HTTPS server is the rustls front of `tls_front/` (a certificate made at test time,
//! self-signed for `127.0.0.1`) forwarding to the typed mock; the token endpoint is reached
//! through the same front, so nothing travels in clear text between client and front.

mod tls_front;

use std::collections::BTreeMap;

use genesys_client::mock::{MockServer, Reply, MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, TOKEN_PATH};
use genesys_client::models::{
    OrganizationPresenceDefinition, OrganizationPresenceDefinitionSystemPresence, UserPresence,
};
use genesys_client::{Client, ClientBuilder, Error, RetryPolicy};
use tls_front::{tls_front, TlsFront};

/// The mock, and a TLS front forwarding to it.
async fn mock_behind_tls() -> (MockServer, TlsFront) {
    let mock = MockServer::start().await;
    let upstream = mock.uri().trim_start_matches("http://").to_owned();
    let front = tls_front(upstream).await;
    (mock, front)
}

/// A client of the front's `https://` URL for API and token requests alike, without retries
/// (a refused handshake is then exactly one attempt) and without the front's root.
fn https_builder(front: &TlsFront) -> ClientBuilder {
    Client::builder()
        .base_url(front.https_uri())
        .token_url(format!("{}{TOKEN_PATH}", front.https_uri()))
        .client_credentials(MOCK_CLIENT_ID, MOCK_CLIENT_SECRET)
        .retry_policy(RetryPolicy::disabled())
        .timeout(Some(std::time::Duration::from_secs(10)))
}

/// A definition as the API returns it (`id` is read-only: no builder sets it).
fn definition() -> OrganizationPresenceDefinition {
    serde_json::from_value(serde_json::json!({
        "id": "d1", "languageLabels": {"en_US": "Lunch"}, "systemPresence": "Meal"
    }))
    .unwrap()
}

/// The error of a presence GET through a front whose certificate `client` does not trust.
async fn refused(client: &Client) -> Error {
    client
        .presence()
        .get_user_presence("u1", "PURECLOUD")
        .send()
        .await
        .expect_err("a server with an untrusted certificate answered")
}

/// Whether an error's `Display` names the certificate problem.
fn names_the_certificate(err: &Error) -> bool {
    let shown = err.to_string().to_lowercase();
    shown.contains("certificate")
}

#[tokio::test]
async fn operations_run_over_tls_when_the_client_trusts_the_root() {
    let (mock, front) = mock_behind_tls().await;
    let presence = mock
        .presence()
        .get_user_presence()
        .user_id("u1")
        .source_id("PURECLOUD")
        .respond(UserPresence::new().with_message("over tls"))
        .await;
    let created = mock
        .presence()
        .post_presence_definitions()
        .reply(Reply::ok(definition()).status(201))
        .await;
    let client = https_builder(&front)
        .add_root_certificate_der(front.cert.clone())
        .build()
        .unwrap();

    let got = client
        .presence()
        .get_user_presence("u1", "PURECLOUD")
        .send()
        .await
        .unwrap();
    assert_eq!(got.message.as_deref(), Some("over tls"));

    let body = OrganizationPresenceDefinition::new(BTreeMap::from([(
        "en_US".to_owned(),
        "Lunch".to_owned(),
    )]));
    let answer = client
        .presence()
        .post_presence_definitions(body.clone())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(answer.status.as_u16(), 201);
    assert_eq!(answer.body.id.as_deref(), Some("d1"));
    assert_eq!(
        answer.body.system_presence,
        Some(OrganizationPresenceDefinitionSystemPresence::Meal)
    );

    // Everything went through the front: the token, the GET, the POST and its body.
    assert_eq!(mock.token_requests(), 1);
    presence.assert_count(1);
    assert_eq!(created.bodies(), vec![body]);
    assert!(front.handshakes() >= 1);
    assert_eq!(front.failed(), 0);
}

#[tokio::test]
async fn an_untrusted_certificate_fails_the_request_with_a_typed_error() {
    let (mock, front) = mock_behind_tls().await;
    // A static token: the operation's own request is the first to meet the certificate.
    let client = https_builder(&front)
        .bearer_token("static-token")
        .build()
        .unwrap();

    let err = refused(&client).await;
    assert!(
        matches!(err, Error::Transport { .. }),
        "a transport error: {err:?}"
    );
    assert_eq!(err.operation_id(), Some("getUserPresence"));
    assert_eq!(err.status(), None);
    assert!(
        names_the_certificate(&err),
        "the error names the certificate: {err}"
    );

    front.until_failed(1).await;
    assert_eq!(front.handshakes(), 0);
    assert_eq!(front.failed(), 1);
    assert!(mock.received_requests().await.is_empty());
}

#[tokio::test]
async fn an_untrusted_certificate_on_the_token_endpoint_is_an_auth_error() {
    let (mock, front) = mock_behind_tls().await;
    let client = https_builder(&front).build().unwrap();

    let err = refused(&client).await;
    assert!(matches!(err, Error::Auth { .. }), "an auth error: {err:?}");
    assert!(
        names_the_certificate(&err),
        "the error names the certificate: {err}"
    );
    // The client secret is not part of the error.
    assert!(!format!("{err} {err:?}").contains(MOCK_CLIENT_SECRET));

    front.until_failed(1).await;
    assert_eq!(front.handshakes(), 0);
    assert_eq!(front.failed(), 1);
    assert!(mock.received_requests().await.is_empty());
    assert_eq!(mock.token_requests(), 0);
}

#[tokio::test]
async fn an_untrusted_certificate_is_not_retried_by_the_default_policy() {
    // No retry can make a refused certificate acceptable: with the default policy (which
    // retries refused connections) each request still meets the certificate exactly once.
    let (mock, front) = mock_behind_tls().await;
    let client = https_builder(&front)
        .bearer_token("static-token")
        .retry_policy(RetryPolicy::default())
        .build()
        .unwrap();
    let err = refused(&client).await;
    assert!(names_the_certificate(&err), "{err}");
    front.until_failed(1).await;
    assert_eq!(front.failed(), 1, "one handshake, no retries");

    // The token request (client credentials, retried on refused connections too) alike.
    let client = https_builder(&front)
        .retry_policy(RetryPolicy::default())
        .build()
        .unwrap();
    let err = refused(&client).await;
    assert!(matches!(err, Error::Auth { .. }), "an auth error: {err:?}");
    front.until_failed(2).await;
    assert_eq!(front.failed(), 2, "one more handshake, no retries");
    assert!(mock.received_requests().await.is_empty());
}
