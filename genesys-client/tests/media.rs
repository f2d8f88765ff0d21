//! The runtime's request surface beyond JSON, on the wire against a loopback server: header
//! parameters, `Accept`, URL-encoded forms, multipart parts with files, text and byte bodies,
//! map entries in the query, and text and byte responses (retried like any other).

mod common;

use common::client;
use genesys_client::runtime::{FilePart, RequestParts};
use genesys_client::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn parts(m: reqwest::Method, p: &'static str) -> RequestParts {
    RequestParts::new(m, "op", p, p.to_owned())
}

async fn server_answering(status: u16, body: &[u8], content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_vec(), content_type))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn header_parameters_and_accept_are_sent_and_user_overrides_win() {
    let server = server_answering(200, b"plain words", "text/plain").await;
    let mut p = parts(reqwest::Method::GET, "/x");
    p.header("X-Request-Tag", "nightly").unwrap();
    p.header("X-Replaced", "by-parameter").unwrap();
    p.accept("text/plain, text/csv");
    p.set_options(genesys_client::runtime::RequestOptions::new().header(
        reqwest::header::HeaderName::from_static("x-replaced"),
        reqwest::header::HeaderValue::from_static("by-option"),
    ));
    let response = client(&server).execute_text(p).await.unwrap();
    assert_eq!(response.body, "plain words");
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.headers["x-request-tag"], "nightly");
    assert_eq!(received.headers["x-replaced"], "by-option");
    assert_eq!(received.headers["accept"], "text/plain, text/csv");
}

#[tokio::test]
async fn a_header_value_with_a_line_break_is_an_invalid_parameter() {
    let mut p = parts(reqwest::Method::GET, "/x");
    match p.header("X-Tag", "a\r\nInjected: 1") {
        Err(Error::InvalidParameter { parameter, .. }) => assert_eq!(parameter, "X-Tag"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn form_fields_are_url_encoded_in_order() {
    let server = server_answering(204, b"", "text/plain").await;
    let mut p = parts(reqwest::Method::POST, "/x");
    p.form_field("name", "Ada Lovelace & co");
    p.form_field("tags", "a=b");
    p.form_field("tags", "ü");
    client(&server).execute_empty(p).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        received.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        std::str::from_utf8(&received.body).unwrap(),
        "name=Ada+Lovelace+%26+co&tags=a%3Db&tags=%C3%BC"
    );
}

#[tokio::test]
async fn multipart_parts_carry_text_files_and_json() {
    let server = server_answering(204, b"", "text/plain").await;
    let mut p = parts(reqwest::Method::POST, "/x");
    p.multipart_text("description", "a \"quoted\" note");
    let file = FilePart::new("photo.png", vec![0u8, 159, 146, 150]).content_type("image/png");
    p.multipart_file("file", &file);
    p.multipart_json("meta", &serde_json::json!({"owner": "me"}))
        .unwrap();
    client(&server).execute_empty(p).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let body = &received.body;
    let text = String::from_utf8_lossy(body);
    assert!(text.starts_with(&format!("--{boundary}\r\n")), "{text}");
    assert!(
        text.contains(
            "Content-Disposition: form-data; name=\"description\"\r\n\r\na \"quoted\" note\r\n"
        ),
        "{text}"
    );
    assert!(text.contains("Content-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n"), "{text}");
    // The file's bytes (not UTF-8) arrive unchanged.
    let needle = [0u8, 159, 146, 150, b'\r', b'\n'];
    assert!(body.windows(needle.len()).any(|w| w == needle));
    assert!(
        text.contains(
            "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"owner\":\"me\"}\r\n"
        ),
        "{text}"
    );
    assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
}

#[tokio::test]
async fn bytes_go_out_and_come_back_unchanged_and_text_bodies_keep_their_media_type() {
    let payload: Vec<u8> = (0..=255).collect();
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(|req: &wiremock::Request| {
            ResponseTemplate::new(200).set_body_raw(req.body.clone(), "application/octet-stream")
        })
        .mount(&server)
        .await;
    let mut p = parts(reqwest::Method::PUT, "/x");
    p.bytes_body(payload.clone().into(), "application/octet-stream");
    p.accept("application/octet-stream");
    let back = client(&server).execute_raw(p).await.unwrap();
    assert_eq!(back.body.as_ref(), payload.as_slice());

    let mut p = parts(reqwest::Method::PUT, "/x");
    p.text_body("line one\nline two", "text/plain");
    client(&server).execute_raw(p).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].headers["content-type"],
        "application/octet-stream"
    );
    assert_eq!(received[0].headers["accept"], "application/octet-stream");
    assert_eq!(received[1].headers["content-type"], "text/plain");
    assert_eq!(received[1].body, b"line one\nline two");
}

#[tokio::test]
async fn a_text_response_that_is_not_utf8_is_a_decode_error() {
    let server = server_answering(200, &[0xff, 0xfe, b'a'], "text/plain").await;
    match client(&server)
        .execute_text(parts(reqwest::Method::GET, "/x"))
        .await
    {
        Err(Error::Decode {
            message, status, ..
        }) => {
            assert_eq!(status, 200);
            assert!(message.contains("not UTF-8"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn map_entries_are_query_parameters_of_their_own() {
    let server = server_answering(204, b"", "text/plain").await;
    let mut p = parts(reqwest::Method::GET, "/x");
    p.query_entry("sort[name]".to_owned(), "asc");
    p.query_entry("state".to_owned(), "on duty");
    p.query("expand", "a b");
    client(&server).execute_empty(p).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        received.url.query(),
        Some("sort%5Bname%5D=asc&state=on%20duty&expand=a%20b")
    );
}

#[tokio::test]
async fn a_multipart_request_is_rebuilt_for_each_retry() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_body_string("done"))
        .mount(&server)
        .await;
    // PUT is idempotent: a 503 is retried.
    let mut p = parts(reqwest::Method::PUT, "/x");
    p.multipart_file("file", &FilePart::new("a.bin", vec![1u8, 2, 3]));
    let client = common::builder(&server)
        .retry_policy(common::fast_retries())
        .build()
        .unwrap();
    let text = client.execute_text(p).await.unwrap().body;
    assert_eq!(text, "done");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for attempt in &received {
        let body = String::from_utf8_lossy(&attempt.body);
        assert!(
            body.contains("name=\"file\"; filename=\"a.bin\"\r\n\r\n\u{1}\u{2}\u{3}\r\n"),
            "{body}"
        );
    }
}
