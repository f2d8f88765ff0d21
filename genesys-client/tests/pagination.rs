//! Page-numbered listings streamed across pages.

mod common;

use futures_util::{StreamExt, TryStreamExt};
use genesys_client::pagination::{paginate, Listing, Page};
use genesys_client::runtime::RequestParts;
use genesys_client::{Client, Error};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct DefinitionListing {
    #[serde(default)]
    entities: Option<Vec<Definition>>,
    page_number: Option<i32>,
    page_count: Option<i32>,
    next_uri: Option<String>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Definition {
    id: String,
}

impl Listing for DefinitionListing {
    type Item = Definition;
    fn into_page(self) -> Page<Definition> {
        Page::new(self.entities.unwrap_or_default())
            .with_page_number(self.page_number.map(Into::into))
            .with_page_count(self.page_count.map(Into::into))
            .with_next_uri(self.next_uri)
    }
}

async fn fetch_page(client: &Client, page: i32) -> Result<DefinitionListing, Error> {
    let mut parts = RequestParts::new(
        reqwest::Method::GET,
        "getPresenceDefinitions",
        "/api/v2/presence/definitions",
        "/api/v2/presence/definitions".to_owned(),
    );
    parts.query("pageNumber", page);
    parts.query("pageSize", 2);
    client
        .execute::<DefinitionListing>(parts)
        .await
        .map(|r| r.into_body())
}

fn page_body(page: i32, count: i32) -> serde_json::Value {
    let ids: Vec<_> = (0..2)
        .map(|i| serde_json::json!({"id": format!("p{page}-{i}")}))
        .collect();
    let mut body = serde_json::json!({
        "entities": ids, "pageSize": 2, "pageNumber": page, "pageCount": count, "total": 6,
    });
    if page < count {
        body["nextUri"] = format!("/api/v2/presence/definitions?pageNumber={}", page + 1).into();
    }
    body
}

#[tokio::test]
async fn streams_all_items_over_three_pages() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/api/v2/presence/definitions"))
            .and(query_param("pageNumber", page.to_string()))
            .and(query_param("pageSize", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page_body(page, 3)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = common::client(&server);
    let ids: Vec<String> = paginate(1, |page| fetch_page(&client, page))
        .map_ok(|d| d.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["p1-0", "p1-1", "p2-0", "p2-1", "p3-0", "p3-1"]);
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let server = MockServer::start().await;
    Mock::given(query_param("pageNumber", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(1, 3)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("pageNumber", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(2, 3)))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let first: Vec<_> = paginate(1, |page| fetch_page(&client, page))
        .take(2)
        .collect()
        .await;
    assert_eq!(first.len(), 2);
}

#[tokio::test]
async fn an_error_page_is_yielded_and_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(query_param("pageNumber", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(1, 3)))
        .mount(&server)
        .await;
    Mock::given(query_param("pageNumber", "2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({"code": "boom"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("pageNumber", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(3, 3)))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let items: Vec<_> = paginate(1, |page| fetch_page(&client, page))
        .collect()
        .await;
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    let err = items[2].as_ref().unwrap_err();
    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(
        err.error_body().and_then(|b| b.code.as_deref()),
        Some("boom")
    );
}

#[tokio::test]
async fn a_listing_without_page_count_stops_without_next_uri() {
    let server = MockServer::start().await;
    Mock::given(query_param("pageNumber", "4"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"entities": [{"id": "only"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let items: Vec<_> = paginate(4, |page| fetch_page(&client, page))
        .collect()
        .await;
    assert_eq!(items.len(), 1);
}
