//! The construct matrix (`codegen/tests/fixtures/constructs.json`), generated into a scratch
//! crate, sent to a loopback server: what each generated operation puts on the wire and how
//! it reads the answer. Copied into the scratch crate by xtask's
//! `construct_matrix_works_on_the_wire`; not compiled in this workspace.

use std::collections::BTreeMap;

use construct_matrix::models::Meta;
use construct_matrix::runtime::FilePart;
use construct_matrix::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn answering(verb: &str, at: &str, reply: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(reply)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .build()
        .unwrap();
    (server, client)
}

async fn the_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.unwrap();
    assert_eq!(all.len(), 1, "one request");
    all.remove(0)
}

fn header<'r>(r: &'r Request, name: &str) -> &'r str {
    r.headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn header_parameters_are_sent() {
    let (server, client) = answering("GET", "/headers/a%20b", ResponseTemplate::new(204)).await;
    let since = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    client
        .constructs()
        .get_with_headers("a b", "nightly")
        .x_trace_ids([7, 8])
        .if_modified_since(since)
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(header(&r, "x-request-tag"), "nightly");
    assert_eq!(header(&r, "x-trace-ids"), "7,8");
    assert_eq!(header(&r, "if-modified-since"), "2024-01-02T03:04:05.000Z");
    assert_eq!(header(&r, "authorization"), "Bearer test-token");
}

/// The document's `Authorization` and `accept` parameters are ignored (OpenAPI 3.0): the
/// client's own token and media type go out, with the parameter the operation kept.
#[tokio::test]
async fn ignored_header_parameters_leave_the_clients_own_headers() {
    let (server, client) = answering("GET", "/owned", ResponseTemplate::new(204)).await;
    client
        .constructs()
        .get_with_owned_header()
        .x_kept("yes")
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(header(&r, "authorization"), "Bearer test-token");
    assert_eq!(header(&r, "x-kept"), "yes");
}

#[tokio::test]
async fn a_header_value_that_cannot_be_a_header_is_refused_before_sending() {
    let (server, client) = answering("GET", "/headers/x", ResponseTemplate::new(204)).await;
    let err = client
        .constructs()
        .get_with_headers("x", "two\nlines")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, construct_matrix::Error::InvalidParameter { parameter, .. } if parameter == "X-Request-Tag"),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn form_fields_are_url_encoded() {
    let (server, client) = answering("POST", "/form", ResponseTemplate::new(204)).await;
    client
        .constructs()
        .post_form("Ada & co")
        .count(3)
        .tags(["x", "y z"])
        .color("red")
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(header(&r, "content-type"), "application/x-www-form-urlencoded");
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(&r.body)
        .into_owned()
        .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("color".to_owned(), "red".to_owned()),
            ("count".to_owned(), "3".to_owned()),
            ("name".to_owned(), "Ada & co".to_owned()),
            ("tags".to_owned(), "x".to_owned()),
            ("tags".to_owned(), "y z".to_owned()),
        ]
    );
}

#[tokio::test]
async fn multipart_parts_carry_files_text_and_json_and_the_json_answer_decodes() {
    let (server, client) = answering(
        "POST",
        "/upload",
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "u1", "size": 4})),
    )
    .await;
    let photo = FilePart::new("photo.png", vec![0u8, 1, 254, 255]).content_type("image/png");
    let uploaded = client
        .constructs()
        .post_upload(photo)
        .attachments([FilePart::new("a.txt", "first"), FilePart::new("b.txt", "second")])
        .description("holiday")
        .labels(["sea", "sun"])
        .meta(Meta::new().with_owner("me"))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.id.as_deref(), Some("u1"));
    assert_eq!(uploaded.size, Some(4));
    let r = the_request(&server).await;
    assert!(header(&r, "content-type").starts_with("multipart/form-data; boundary="));
    let body = &r.body;
    let text = String::from_utf8_lossy(body);
    for needle in [
        "name=\"file\"; filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n",
        "name=\"attachments\"; filename=\"a.txt\"\r\n\r\nfirst\r\n",
        "name=\"attachments\"; filename=\"b.txt\"\r\n\r\nsecond\r\n",
        "name=\"description\"\r\n\r\nholiday\r\n",
        "name=\"labels\"\r\n\r\nsea\r\n",
        "name=\"labels\"\r\n\r\nsun\r\n",
        "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"owner\":\"me\"}\r\n",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    let bytes = [0u8, 1, 254, 255, b'\r', b'\n'];
    assert!(body.windows(bytes.len()).any(|w| w == bytes), "the file's bytes as they are");
}

#[tokio::test]
async fn text_goes_out_and_comes_back_as_strings() {
    let (server, client) = answering(
        "GET",
        "/template",
        ResponseTemplate::new(200).set_body_raw("Hello {{name}}\n", "text/plain"),
    )
    .await;
    let text: String = client.constructs().get_template().send().await.unwrap();
    assert_eq!(text, "Hello {{name}}\n");
    assert_eq!(header(&the_request(&server).await, "accept"), "text/plain");

    let (server, client) = answering("PUT", "/template", ResponseTemplate::new(204)).await;
    client
        .constructs()
        .put_template("Bye {{name}}")
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(header(&r, "content-type"), "text/plain");
    assert_eq!(r.body, b"Bye {{name}}");
}

#[tokio::test]
async fn bytes_round_trip_unchanged() {
    let (server, client) = answering(
        "PUT",
        "/blob/b1",
        ResponseTemplate::new(200).set_body_raw(vec![9u8, 0, 255], "application/octet-stream"),
    )
    .await;
    let sent: Vec<u8> = (0..=255).collect();
    let back: bytes::Bytes = client
        .constructs()
        .put_blob("b1", sent.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(back.as_ref(), [9u8, 0, 255]);
    let r = the_request(&server).await;
    assert_eq!(r.body, sent);
    assert_eq!(header(&r, "content-type"), "application/octet-stream");
    assert_eq!(header(&r, "accept"), "application/octet-stream");
}

#[tokio::test]
async fn images_and_pdfs_are_bytes_asked_for_by_media_type() {
    let png = vec![0x89u8, b'P', b'N', b'G'];
    let (server, client) = answering(
        "GET",
        "/image",
        ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"),
    )
    .await;
    assert_eq!(client.constructs().get_image().send().await.unwrap(), png);
    let r = the_request(&server).await;
    let mut accepted: Vec<&str> = header(&r, "accept").split(", ").collect();
    accepted.sort_unstable();
    assert_eq!(accepted, ["image/jpeg", "image/png"]);

    let (server, client) = answering(
        "GET",
        "/report",
        ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7".to_vec(), "application/pdf"),
    )
    .await;
    assert_eq!(client.constructs().get_report().send().await.unwrap(), &b"%PDF-1.7"[..]);
    assert_eq!(header(&the_request(&server).await, "accept"), "application/pdf");
}

#[tokio::test]
async fn query_lists_maps_and_free_form_values_follow_their_style() {
    let (server, client) = answering(
        "GET",
        "/search",
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"name": "n", "anything": [1, {"two": 2}]})),
    )
    .await;
    let loose = client
        .constructs()
        .get_search()
        .expand(["presence", "routing status"])
        .fields(["f1", "f2"])
        .ids([1, 2])
        .filter(BTreeMap::from([("state".to_owned(), "on".to_owned())]))
        .sort(BTreeMap::from([("name".to_owned(), 1), ("age".to_owned(), -1)]))
        .extra(BTreeMap::from([("k".to_owned(), "v".to_owned())]))
        .send()
        .await
        .unwrap();
    // A required name without a schema is a free-form field.
    assert_eq!(loose.anything, Some(serde_json::json!([1, {"two": 2}])));
    let r = the_request(&server).await;
    assert_eq!(
        r.url.query(),
        Some(
            "expand=presence&expand=routing%20status&fields=f1%7Cf2&ids=1%2C2&state=on\
             &sort%5Bage%5D=-1&sort%5Bname%5D=1&k=v"
        )
    );
}

#[tokio::test]
async fn a_property_typed_differently_by_all_of_parts_reads_any_value() {
    let (_server, client) = answering(
        "GET",
        "/merged",
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"x": 5, "a": "s", "b": true})),
    )
    .await;
    let merged = client.constructs().get_merged().send().await.unwrap();
    assert_eq!(merged.x, Some(serde_json::json!(5)));
    assert_eq!(merged.a.as_deref(), Some("s"));
    assert_eq!(merged.b, Some(true));
}
