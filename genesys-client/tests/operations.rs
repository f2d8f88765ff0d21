//! Every generated operation against a loopback mock: the request on the wire (method, path,
//! query, JSON body), the success body decoded into the generated type, and a Genesys error
//! decoded with its status, `ErrorBody` and correlation id.
#![allow(deprecated)] // the /api/v2/presencedefinitions family is deprecated but still served

mod common;

use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use genesys_client::{Client, Error};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Call = Box<dyn Fn(Client) -> BoxFuture<'static, Result<Value, Error>> + Send + Sync>;

/// One operation: what the client must send, what the server answers, how to call it.
struct Case {
    op: &'static str,
    method: &'static str,
    path: &'static str,
    /// Expected raw query string (`None`: no query).
    query: Option<&'static str>,
    body: Option<Value>,
    status: u16,
    response: Option<Value>,
    call: Call,
}

macro_rules! call {
    // `$v` is rebuilt from `$init` on every call, so the closure stays `Fn`.
    ($v:ident: $t:ty = $init:expr; |$c:ident| $e:expr) => {{
        let json: Value = $init;
        Box::new(move |$c: Client| {
            let $v: $t = model(&json);
            Box::pin(async move { $e.await.map(|v| serde_json::to_value(v).unwrap()) })
        })
    }};
    (|$c:ident| $e:expr) => {
        Box::new(|$c: Client| {
            Box::pin(async move { $e.await.map(|v| serde_json::to_value(v).unwrap()) })
        })
    };
}

fn model<T: DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}

fn user_presence() -> Value {
    json!({
        "id": "u1-presence", "name": "Available", "source": "PURECLOUD", "sourceId": "PURECLOUD",
        "primary": true, "message": "Around",
        "presenceDefinition": { "id": "6a3af858-942f-489d-9700-5f9bcdcdae9b", "systemPresence": "Available" },
        "modifiedDate": "2025-03-14T09:26:53.589Z", "selfUri": "/api/v2/users/u1/presences/PURECLOUD"
    })
}

fn definition() -> Value {
    json!({
        "id": "d1", "name": "Lunch", "languageLabels": { "en_US": "Lunch" }, "systemPresence": "Meal",
        "divisionId": "*", "deactivated": false, "type": "User", "selfUri": "/api/v2/presence/definitions/d1"
    })
}

fn org_presence() -> Value {
    json!({
        "id": "p1", "name": "Lunch", "languageLabels": { "en_US": "Lunch" }, "systemPresence": "Meal",
        "deactivated": false, "primary": false, "createdDate": "2020-01-01T00:00:00Z",
        "selfUri": "/api/v2/presencedefinitions/p1"
    })
}

fn source() -> Value {
    json!({ "id": "s1", "name": "Teams", "description": "Synced", "deactivated": false, "type": "User", "selfUri": "/api/v2/presence/sources/s1" })
}

fn settings() -> Value {
    json!({ "id": "settings", "name": "Presence settings",
            "restorePresenceSettings": { "enabled": true, "restoreOnQueueEnabled": false, "restoreTimeMilliseconds": 900000 } })
}

fn primary_source() -> Value {
    json!({ "id": "u1", "sourceId": "s1", "name": "Teams", "registered": true, "selfUri": "/api/v2/presence/users/u1/primarysource" })
}

fn uc_presence(user: &str) -> Value {
    json!({ "userId": user, "source": "PURECLOUD", "sourceId": "PURECLOUD", "name": "Busy",
            "presenceDefinition": { "id": "31fe3bac-dea6-44b7-bed7-47f91660a1a0", "systemPresence": "Busy" },
            "modifiedDate": "2025-03-14T09:00:00Z" })
}

fn batch_response() -> Value {
    json!({ "errors": [ { "eventId": "e2", "message": "Unknown user", "retryable": false } ] })
}

fn cases() -> Vec<Case> {
    let presence_events = json!({ "userPresenceEvents": [
        { "eventId": "e1", "eventDateTime": "2025-03-14T09:30:00Z", "userId": "u1", "sourceId": "s1", "presenceDefinitionId": "d1" },
        { "eventId": "e2", "eventDateTime": "2025-03-14T09:30:00Z", "userId": "u2", "sourceId": "s1", "message": "Meeting" }
    ]});
    let routing_events = json!({ "userRoutingStatusEvents": [
        { "eventId": "r1", "eventDateTime": "2025-03-14T09:30:00Z", "agentId": "u1", "sourceId": "s1", "status": "Idle" }
    ]});
    let conversation_events = json!({ "communicationEndedEvents": [
        { "eventId": "c1", "eventDateTime": "2025-03-14T09:30:00Z", "conversationId": "conv", "communicationId": "comm", "disconnectType": "Peer" }
    ]});
    let patch = json!({ "presenceDefinition": { "id": "d1" }, "message": "Back soon" });
    let bulk =
        json!([ { "id": "u1", "source": "PURECLOUD", "presenceDefinition": { "id": "d1" } } ]);
    vec![
        Case {
            op: "postEventsConversations",
            method: "POST",
            path: "/api/v2/events/conversations",
            query: None,
            body: Some(conversation_events.clone()),
            status: 200,
            response: Some(batch_response()),
            call: call!(b: genesys_client::models::BatchConversationEventRequest = conversation_events.clone(); |c| c.events().post_events_conversations(b.clone()).send()),
        },
        Case {
            op: "postEventsUsersPresence",
            method: "POST",
            path: "/api/v2/events/users/presence",
            query: None,
            body: Some(presence_events.clone()),
            status: 200,
            response: Some(batch_response()),
            call: call!(b: genesys_client::models::BatchUserPresenceEventRequest = presence_events.clone(); |c| c.events().post_events_users_presence(b.clone()).send()),
        },
        Case {
            op: "postEventsUsersRoutingstatus",
            method: "POST",
            path: "/api/v2/events/users/routingstatus",
            query: None,
            body: Some(routing_events.clone()),
            status: 200,
            response: Some(batch_response()),
            call: call!(b: genesys_client::models::BatchUserRoutingStatusEventRequest = routing_events.clone(); |c| c.events().post_events_users_routingstatus(b.clone()).send()),
        },
        Case {
            op: "getPresenceDefinitions",
            method: "GET",
            path: "/api/v2/presence/definitions",
            query: Some("deactivated=false&divisionId=div1&divisionId=div2&localeCode=en_US"),
            body: None,
            status: 200,
            response: Some(json!({ "entities": [definition()], "total": 1 })),
            call: call!(|c| c
                .presence()
                .get_presence_definitions()
                .deactivated("false")
                .division_id(vec!["div1".to_owned(), "div2".to_owned()])
                .locale_code("en_US")
                .send()),
        },
        Case {
            op: "postPresenceDefinitions (201)",
            method: "POST",
            path: "/api/v2/presence/definitions",
            query: None,
            body: Some(
                json!({ "name": "Lunch", "languageLabels": { "en_US": "Lunch" }, "systemPresence": "Meal" }),
            ),
            status: 201,
            response: Some(definition()),
            call: call!(|c| {
                c.presence().post_presence_definitions(model(&json!({ "name": "Lunch", "languageLabels": { "en_US": "Lunch" }, "systemPresence": "Meal" }))).send()
            }),
        },
        Case {
            op: "postPresenceDefinitions (200)",
            method: "POST",
            path: "/api/v2/presence/definitions",
            query: None,
            body: Some(json!({ "languageLabels": { "fr": "Déjeuner" } })),
            status: 200,
            response: Some(definition()),
            call: call!(|c| c
                .presence()
                .post_presence_definitions(model(
                    &json!({ "languageLabels": { "fr": "Déjeuner" } })
                ))
                .send()),
        },
        Case {
            op: "deletePresenceDefinition",
            method: "DELETE",
            path: "/api/v2/presence/definitions/d1",
            query: None,
            body: None,
            status: 204,
            response: None,
            call: call!(|c| c.presence().delete_presence_definition("d1").send()),
        },
        Case {
            op: "getPresenceDefinition",
            method: "GET",
            path: "/api/v2/presence/definitions/d1",
            query: Some("localeCode=zh_CN"),
            body: None,
            status: 200,
            response: Some(definition()),
            call: call!(|c| c
                .presence()
                .get_presence_definition("d1")
                .locale_code("zh_CN")
                .send()),
        },
        Case {
            op: "putPresenceDefinition",
            method: "PUT",
            path: "/api/v2/presence/definitions/d1",
            query: None,
            body: Some(definition()),
            status: 200,
            response: Some(definition()),
            call: call!(|c| c
                .presence()
                .put_presence_definition("d1", model(&definition()))
                .send()),
        },
        Case {
            op: "getPresenceSettings",
            method: "GET",
            path: "/api/v2/presence/settings",
            query: None,
            body: None,
            status: 200,
            response: Some(settings()),
            call: call!(|c| c.presence().get_presence_settings().send()),
        },
        Case {
            op: "putPresenceSettings",
            method: "PUT",
            path: "/api/v2/presence/settings",
            query: None,
            body: Some(settings()),
            status: 200,
            response: Some(settings()),
            call: call!(|c| c
                .presence()
                .put_presence_settings(model(&settings()))
                .send()),
        },
        Case {
            op: "getPresenceSources",
            method: "GET",
            path: "/api/v2/presence/sources",
            query: Some("deactivated=true"),
            body: None,
            status: 200,
            response: Some(json!({ "entities": [source()], "total": 1 })),
            call: call!(|c| c
                .presence()
                .get_presence_sources()
                .deactivated("true")
                .send()),
        },
        Case {
            op: "postPresenceSources",
            method: "POST",
            path: "/api/v2/presence/sources",
            query: None,
            body: Some(json!({ "name": "Teams" })),
            status: 200,
            response: Some(source()),
            call: call!(|c| c
                .presence()
                .post_presence_sources(model(&json!({ "name": "Teams" })))
                .send()),
        },
        Case {
            op: "deletePresenceSource",
            method: "DELETE",
            path: "/api/v2/presence/sources/s1",
            query: None,
            body: None,
            status: 204,
            response: None,
            call: call!(|c| c.presence().delete_presence_source("s1").send()),
        },
        Case {
            op: "getPresenceSource",
            method: "GET",
            path: "/api/v2/presence/sources/s1",
            query: None,
            body: None,
            status: 200,
            response: Some(source()),
            call: call!(|c| c.presence().get_presence_source("s1").send()),
        },
        Case {
            op: "putPresenceSource",
            method: "PUT",
            path: "/api/v2/presence/sources/s1",
            query: None,
            body: Some(source()),
            status: 200,
            response: Some(source()),
            call: call!(|c| c
                .presence()
                .put_presence_source("s1", model(&source()))
                .send()),
        },
        Case {
            op: "getPresenceUserPrimarysource",
            method: "GET",
            path: "/api/v2/presence/users/u1/primarysource",
            query: None,
            body: None,
            status: 200,
            response: Some(primary_source()),
            call: call!(|c| c.presence().get_presence_user_primarysource("u1").send()),
        },
        Case {
            op: "putPresenceUserPrimarysource",
            method: "PUT",
            path: "/api/v2/presence/users/u1/primarysource",
            query: None,
            body: Some(json!({ "sourceId": "s1" })),
            status: 200,
            response: Some(primary_source()),
            call: call!(|c| c
                .presence()
                .put_presence_user_primarysource("u1", model(&json!({ "sourceId": "s1" })))
                .send()),
        },
        Case {
            op: "getPresencedefinitions",
            method: "GET",
            path: "/api/v2/presencedefinitions",
            query: Some("pageNumber=2&pageSize=50&deleted=false&localeCode=fr"),
            body: None,
            status: 200,
            response: Some(
                json!({ "entities": [org_presence()], "pageNumber": 2, "pageSize": 50, "pageCount": 2, "total": 51 }),
            ),
            call: call!(|c| c
                .presence()
                .get_presencedefinitions()
                .page_number(2)
                .page_size(50)
                .deleted("false")
                .locale_code("fr")
                .send()),
        },
        Case {
            op: "postPresencedefinitions",
            method: "POST",
            path: "/api/v2/presencedefinitions",
            query: None,
            body: Some(json!({ "languageLabels": { "en_US": "Lunch" }, "systemPresence": "Meal" })),
            status: 200,
            response: Some(org_presence()),
            call: call!(|c| c
                .presence()
                .post_presencedefinitions(model(
                    &json!({ "languageLabels": { "en_US": "Lunch" }, "systemPresence": "Meal" })
                ))
                .send()),
        },
        Case {
            op: "deletePresencedefinition",
            method: "DELETE",
            path: "/api/v2/presencedefinitions/p1",
            query: None,
            body: None,
            status: 200,
            response: None,
            call: call!(|c| c.presence().delete_presencedefinition("p1").send()),
        },
        Case {
            op: "getPresencedefinition",
            method: "GET",
            path: "/api/v2/presencedefinitions/p1",
            query: Some("localeCode=en_US"),
            body: None,
            status: 200,
            response: Some(org_presence()),
            call: call!(|c| c
                .presence()
                .get_presencedefinition("p1")
                .locale_code("en_US")
                .send()),
        },
        Case {
            op: "putPresencedefinition",
            method: "PUT",
            path: "/api/v2/presencedefinitions/p1",
            query: None,
            body: Some(org_presence()),
            status: 200,
            response: Some(org_presence()),
            call: call!(|c| c
                .presence()
                .put_presencedefinition("p1", model(&org_presence()))
                .send()),
        },
        Case {
            op: "getSystempresences",
            method: "GET",
            path: "/api/v2/systempresences",
            query: None,
            body: None,
            status: 200,
            response: Some(
                json!([{ "id": "AVAILABLE", "name": "Available", "selfUri": "/api/v2/systempresences/AVAILABLE" }]),
            ),
            call: call!(|c| c.presence().get_systempresences().send()),
        },
        Case {
            op: "putUsersPresencesBulk",
            method: "PUT",
            path: "/api/v2/users/presences/bulk",
            query: None,
            body: Some(bulk.clone()),
            status: 200,
            response: Some(json!([user_presence()])),
            call: call!(b: Vec<genesys_client::models::MutableUserPresence> = bulk.clone(); |c| c.presence().put_users_presences_bulk(b.clone()).send()),
        },
        Case {
            op: "getUsersPresencesPurecloudBulk",
            method: "GET",
            path: "/api/v2/users/presences/purecloud/bulk",
            query: Some("id=u1&id=u2"),
            body: None,
            status: 200,
            response: Some(json!([uc_presence("u1"), uc_presence("u2")])),
            call: call!(|c| c
                .presence()
                .get_users_presences_purecloud_bulk()
                .id(vec!["u1".to_owned(), "u2".to_owned()])
                .send()),
        },
        Case {
            op: "getUsersPresenceBulk",
            method: "GET",
            path: "/api/v2/users/presences/s1/bulk",
            query: Some("id=u1"),
            body: None,
            status: 200,
            response: Some(json!([uc_presence("u1")])),
            call: call!(|c| c
                .presence()
                .get_users_presence_bulk("s1")
                .id(vec!["u1".to_owned()])
                .send()),
        },
        Case {
            op: "getUserPresencesPurecloud",
            method: "GET",
            path: "/api/v2/users/u1/presences/purecloud",
            query: None,
            body: None,
            status: 200,
            response: Some(user_presence()),
            call: call!(|c| c.presence().get_user_presences_purecloud("u1").send()),
        },
        Case {
            op: "patchUserPresencesPurecloud",
            method: "PATCH",
            path: "/api/v2/users/u1/presences/purecloud",
            query: None,
            body: Some(patch.clone()),
            status: 200,
            response: Some(user_presence()),
            call: call!(|c| c
                .presence()
                .patch_user_presences_purecloud(
                    "u1",
                    model(&json!({ "presenceDefinition": { "id": "d1" }, "message": "Back soon" }))
                )
                .send()),
        },
        Case {
            op: "getUserPresence",
            method: "GET",
            path: "/api/v2/users/u1/presences/PURECLOUD",
            query: None,
            body: None,
            status: 200,
            response: Some(user_presence()),
            call: call!(|c| c.presence().get_user_presence("u1", "PURECLOUD").send()),
        },
        Case {
            op: "patchUserPresence",
            method: "PATCH",
            path: "/api/v2/users/u1/presences/s1",
            query: None,
            body: Some(patch.clone()),
            status: 200,
            response: Some(user_presence()),
            call: call!(|c| c
                .presence()
                .patch_user_presence(
                    "u1",
                    "s1",
                    model(&json!({ "presenceDefinition": { "id": "d1" }, "message": "Back soon" }))
                )
                .send()),
        },
    ]
}

fn error_body() -> Value {
    json!({ "message": "The requested resource was not found.", "code": "not.found", "status": 404,
            "contextId": "ctx-1", "details": [], "errors": [] })
}

#[tokio::test]
async fn every_operation_sends_the_right_request_and_decodes_the_answer() {
    let cases = cases();
    let ops: std::collections::BTreeSet<&str> = cases
        .iter()
        .map(|c| c.op.split(' ').next().unwrap())
        .collect();
    assert_eq!(ops.len(), 30, "all 30 operations of spec/ are covered");
    for case in &cases {
        let server = MockServer::start().await;
        let mut mock = Mock::given(method(case.method)).and(path(case.path));
        if let Some(body) = &case.body {
            mock = mock.and(body_json(body));
        }
        let mut answer =
            ResponseTemplate::new(case.status).insert_header("ININ-Correlation-Id", "corr-ok");
        if let Some(r) = &case.response {
            answer = answer.set_body_json(r);
        }
        mock.respond_with(answer).expect(1).mount(&server).await;

        let got = (case.call)(common::client(&server)).await;
        let got = got.unwrap_or_else(|e| panic!("{}: {e:?}", case.op));
        assert_eq!(
            got,
            case.response.clone().unwrap_or(Value::Null),
            "{}: decoded body",
            case.op
        );

        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "{}", case.op);
        assert_eq!(
            requests[0].url.query(),
            case.query,
            "{}: query string",
            case.op
        );
        assert_eq!(
            requests[0]
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer test-token"),
            "{}",
            case.op
        );
        if case.body.is_some() {
            assert_eq!(
                requests[0]
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("application/json"),
                "{}",
                case.op
            );
        } else {
            assert!(requests[0].body.is_empty(), "{}: unexpected body", case.op);
        }
        server.verify().await;
    }
}

#[tokio::test]
async fn every_operation_decodes_genesys_errors_with_the_correlation_id() {
    for case in cases() {
        let server = MockServer::start().await;
        Mock::given(method(case.method))
            .and(path(case.path))
            .respond_with(
                ResponseTemplate::new(404)
                    .insert_header("ININ-Correlation-Id", "corr-404")
                    .set_body_json(error_body()),
            )
            .expect(1)
            .mount(&server)
            .await;
        let err = (case.call)(common::client(&server))
            .await
            .expect_err(case.op);
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(404),
            "{}: {err:?}",
            case.op
        );
        assert_eq!(err.correlation_id(), Some("corr-404"), "{}", case.op);
        let body = err
            .error_body()
            .unwrap_or_else(|| panic!("{}: no ErrorBody in {err:?}", case.op));
        assert_eq!(body.code.as_deref(), Some("not.found"), "{}", case.op);
        assert_eq!(
            body.message.as_deref(),
            Some("The requested resource was not found."),
            "{}",
            case.op
        );
        assert!(matches!(err, Error::Api { .. }), "{}: {err:?}", case.op);
    }
}

#[tokio::test]
async fn send_with_response_exposes_status_headers_and_correlation_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/presence/definitions"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("ININ-Correlation-Id", "corr-201")
                .insert_header("Location", "/api/v2/presence/definitions/d1")
                .set_body_json(definition()),
        )
        .mount(&server)
        .await;
    let client = common::client(&server);
    let body = model(&json!({ "languageLabels": { "en_US": "Lunch" } }));
    let resp = client
        .presence()
        .post_presence_definitions(body)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(resp.status.as_u16(), 201);
    assert_eq!(resp.correlation_id.as_deref(), Some("corr-201"));
    assert_eq!(
        resp.headers.get("location").unwrap(),
        "/api/v2/presence/definitions/d1"
    );
    assert_eq!(resp.body.id.as_deref(), Some("d1"));
}

#[tokio::test]
async fn hostile_path_values_stay_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_presence()))
        .mount(&server)
        .await;
    let client = common::client(&server);
    client
        .presence()
        .get_user_presence("a/b?c=1#d%2F e", "src")
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.path(),
        "/api/v2/users/a%2Fb%3Fc%3D1%23d%252F%20e/presences/src"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn the_deprecated_listing_streams_every_page() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        let entities: Vec<Value> = (0..2)
            .map(|i| json!({ "id": format!("p{page}-{i}"), "languageLabels": {} }))
            .collect();
        Mock::given(method("GET"))
            .and(path("/api/v2/presencedefinitions"))
            .and(wiremock::matchers::query_param(
                "pageNumber",
                page.to_string(),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "entities": entities, "pageNumber": page, "pageSize": 2, "pageCount": 3, "total": 6
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = common::client(&server);
    let ids: Vec<String> = client
        .presence()
        .get_presencedefinitions()
        .page_size(2)
        .stream()
        .map(|r| r.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["p1-0", "p1-1", "p2-0", "p2-1", "p3-0", "p3-1"]);
    server.verify().await;
}
