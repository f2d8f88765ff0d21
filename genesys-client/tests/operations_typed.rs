//! Operation behaviour written against the typed mock (`--features mock`): responses with
//! their status and headers, enum query values, and the page-numbered listing's stream.
//!
//! These tests moved here from `operations.rs`, where they were written against raw wiremock
//! mocks; every assertion is kept, including the raw query strings, so the wire format is still
//! checked independently of the mock's own matchers. The table of all 30 operations stays in
//! `operations.rs` on raw mocks on purpose: it checks the client's encoding against literal
//! expected bytes, which a mock sharing that encoding could not.

use futures_util::StreamExt;
use genesys_client::mock::{ApiError, MockServer, Reply};
use genesys_client::models::{
    LocaleCode as DefinitionLocale, LocaleCode as DefinitionsLocale, OrganizationPresence,
    OrganizationPresenceDefinition, OrganizationPresenceDefinitionEntityListing,
    OrganizationPresenceDefinitionSystemPresence as SystemPresenceKind,
    OrganizationPresenceEntityListing, Type as DefinitionType,
};
use genesys_client::Error;
use serde_json::{json, Value};

const DEFINITION: &str = "6a3af858-942f-489d-9700-5f9bcdcdae9b";
const SOURCE: &str = "c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e";

/// A typed value from JSON (the realistic bodies are easiest to read as JSON).
fn typed<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the JSON fits the model")
}

fn definition() -> OrganizationPresenceDefinition {
    typed(json!({
        "id": DEFINITION, "name": "Lunch",
        "languageLabels": { "en_US": "Lunch", "fr": "Déjeuner" },
        "systemPresence": "Meal", "divisionId": "*", "deactivated": false, "type": "User",
        "selfUri": format!("/api/v2/presence/definitions/{DEFINITION}")
    }))
}

#[tokio::test]
async fn send_with_response_exposes_status_headers_and_correlation_id() {
    let mock = MockServer::start().await;
    let location = format!("/api/v2/presence/definitions/{DEFINITION}");
    let created_calls = mock
        .presence()
        .post_presence_definitions()
        .reply(
            Reply::ok(definition())
                .status(201)
                .correlation_id("corr-201")
                .header("Location", &location),
        )
        .await;
    let deleted_calls = mock
        .presence()
        .delete_presence_source()
        .source_id(SOURCE)
        .reply(Reply::ok(()).correlation_id("corr-204"))
        .await;
    let client = mock.client();

    let body = OrganizationPresenceDefinition::new(std::collections::BTreeMap::from([(
        "fr".to_owned(),
        "Déjeuner".to_owned(),
    )]))
    .with_name("Lunch");
    let created: genesys_client::ApiResponse<OrganizationPresenceDefinition> = client
        .presence()
        .post_presence_definitions(body.clone())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(created.status.as_u16(), 201);
    assert_eq!(created.correlation_id.as_deref(), Some("corr-201"));
    assert_eq!(
        created.headers.get("inin-correlation-id").unwrap(),
        "corr-201"
    );
    assert_eq!(created.headers.get("location").unwrap(), location.as_str());
    assert_eq!(created.body.id.as_deref(), Some(DEFINITION));
    assert_eq!(created.body.system_presence, Some(SystemPresenceKind::Meal));
    assert_eq!(created.body.type_, Some(DefinitionType::User));
    assert_eq!(created.body.language_labels.unwrap()["fr"], "Déjeuner");
    assert_eq!(created_calls.bodies(), vec![body]);

    // `delete` returns nothing: 204 (its success status in the spec), no body.
    let deleted: genesys_client::ApiResponse<()> = client
        .presence()
        .delete_presence_source(SOURCE)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(deleted.status.as_u16(), 204);
    assert_eq!(deleted.correlation_id.as_deref(), Some("corr-204"));
    assert_eq!(
        deleted.headers.get("inin-correlation-id").unwrap(),
        "corr-204"
    );
    created_calls.assert_count(1);
    deleted_calls.assert_count(1);
}

#[tokio::test]
async fn enum_query_values_go_out_as_their_wire_strings() {
    let mock = MockServer::start().await;
    let variants = [
        (DefinitionsLocale::All, "ALL"),
        (DefinitionsLocale::EnUs, "en_US"),
        (DefinitionsLocale::PtBr, "pt_BR"),
        (DefinitionsLocale::ZhTw, "zh_TW"),
        (DefinitionsLocale::He, "he"),
        (DefinitionsLocale::from("es_419"), "es_419"),
    ];
    // One stub per value: each must see exactly its own request.
    let mut stubs = Vec::new();
    for (variant, _) in &variants {
        stubs.push(
            mock.presence()
                .get_presence_definitions()
                .locale_code(variant.clone())
                .respond(OrganizationPresenceDefinitionEntityListing::new().with_entities(vec![]))
                .await,
        );
    }
    let single = mock
        .presence()
        .get_presence_definition()
        .definition_id(DEFINITION)
        .locale_code(DefinitionLocale::ZhCn)
        .respond(definition())
        .await;
    let client = mock.client();
    for (variant, _) in &variants {
        client
            .presence()
            .get_presence_definitions()
            .locale_code(variant.clone())
            .send()
            .await
            .unwrap();
    }
    client
        .presence()
        .get_presence_definition(DEFINITION)
        .locale_code(DefinitionLocale::ZhCn)
        .send()
        .await
        .unwrap();
    for (stub, (_, wire)) in stubs.iter().zip(&variants) {
        stub.assert_count(1);
        assert_eq!(
            stub.requests()[0].query(),
            Some(format!("localeCode={wire}").as_str())
        );
    }
    single.assert_count(1);
    assert_eq!(single.requests()[0].query(), Some("localeCode=zh_CN"));
    assert!(mock.unmatched_requests().is_empty());
}

fn legacy_page(page: i32, size: i32, count: i32) -> OrganizationPresenceEntityListing {
    let entities: Vec<Value> = (0..size)
        .map(|i| {
            json!({ "id": format!("p{page}-{i}"), "name": format!("Status {page}.{i}"),
                    "languageLabels": { "en_US": format!("Status {page}.{i}") } })
        })
        .collect();
    typed(json!({
        "entities": entities, "pageNumber": page, "pageSize": size, "pageCount": count,
        "total": size * count,
        "nextUri": (page < count).then(|| format!("/api/v2/presencedefinitions?pageNumber={}&pageSize={size}", page + 1)),
        "selfUri": format!("/api/v2/presencedefinitions?pageNumber={page}&pageSize={size}")
    }))
}

/// A mock serving pages `pages` of a 3-page listing of 2 items each, one stub per page.
#[allow(deprecated)] // the /api/v2/presencedefinitions family is deprecated but still served
async fn legacy_listing(
    pages: std::ops::RangeInclusive<i32>,
) -> (
    MockServer,
    Vec<genesys_client::mock::Calls<genesys_client::mock::NoBody>>,
) {
    let mock = MockServer::start().await;
    let mut stubs = Vec::new();
    for page in pages {
        stubs.push(
            mock.presence()
                .get_presencedefinitions()
                .page_number(page)
                .respond(legacy_page(page, 2, 3))
                .await,
        );
    }
    (mock, stubs)
}

#[allow(deprecated)]
fn listing(
    client: &genesys_client::Client,
) -> genesys_client::operations::presence::GetPresencedefinitions {
    client
        .presence()
        .get_presencedefinitions()
        .page_size(2)
        .deleted("true")
        .locale_code("en_US")
}

#[tokio::test]
#[allow(deprecated)]
async fn the_page_numbered_listing_streams_every_page_with_its_parameters() {
    // Lazily: the first two items need one page only.
    let (mock, stubs) = legacy_listing(1..=3).await;
    let client = mock.client();
    let first: Vec<OrganizationPresence> = listing(&client)
        .stream()
        .take(2)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(first.len(), 2);
    assert_eq!(
        stubs.iter().map(|s| s.count()).collect::<Vec<_>>(),
        [1, 0, 0]
    );

    let (mock, stubs) = legacy_listing(1..=3).await;
    let client = mock.client();
    let ids: Vec<String> = listing(&client)
        .stream()
        .map(|r| r.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["p1-0", "p1-1", "p2-0", "p2-1", "p3-0", "p3-1"]);
    // Every page keeps the builder's other parameters; the stream stops at `pageCount`.
    for (page, stub) in (1..=3).zip(&stubs) {
        stub.assert_count(1);
        assert_eq!(
            stub.requests()[0].query(),
            Some(format!("pageNumber={page}&pageSize=2&deleted=true&localeCode=en_US").as_str())
        );
    }
    assert!(mock.unmatched_requests().is_empty());

    // Starting from the builder's `pageNumber`.
    let (mock, stubs) = legacy_listing(2..=3).await;
    let client = mock.client();
    let ids: Vec<String> = listing(&client)
        .page_number(2)
        .stream()
        .map(|r| r.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["p2-0", "p2-1", "p3-0", "p3-1"]);
    for stub in &stubs {
        stub.assert_count(1);
    }
    assert!(mock.unmatched_requests().is_empty());
}

#[tokio::test]
#[allow(deprecated)]
async fn a_failing_page_ends_the_stream_with_the_api_error() {
    let mock = MockServer::start().await;
    let page_1 = mock
        .presence()
        .get_presencedefinitions()
        .page_number(1)
        .respond(legacy_page(1, 2, 3))
        .await;
    let page_2 = mock
        .presence()
        .get_presencedefinitions()
        .page_number(2)
        .fail(
            ApiError::forbidden()
                .body(json!({
                    "message": "The requested resource was not found or you do not have access to it.",
                    "code": "resource.not.found", "status": 403,
                    "messageWithParams": "The requested resource was not found or you do not have access to it.",
                    "messageParams": {}, "contextId": "4c4a7b83-2a44-4d4b-9c3f-6f0b2f3c9e12",
                    "details": [], "errors": []
                }))
                .correlation_id("corr-page-2"),
        )
        .await;
    let client = mock.client();
    let items: Vec<Result<OrganizationPresence, Error>> = client
        .presence()
        .get_presencedefinitions()
        .page_size(2)
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two items, then the error, then the end");
    assert!(items[0].is_ok() && items[1].is_ok());
    let err = items[2].as_ref().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.correlation_id(), Some("corr-page-2"));
    assert_eq!(
        err.error_body().and_then(|b| b.code.as_deref()),
        Some("resource.not.found")
    );
    page_1.assert_count(1);
    page_2.assert_count(1);
}
