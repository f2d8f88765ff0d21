//! Every generated operation against a loopback mock server.
//!
//! For each of the 38 operations of `spec/platform-api.json` (checked against the spec itself):
//! the request on the wire (method, path, exact query string, JSON body, headers), a realistic
//! success body decoded into the generated type (asserted at compile time), and a Genesys error
//! decoded into [`Error::Api`] with its status, `ErrorBody` and `ININ-Correlation-Id`.
//! Then multi-valued query parameters and hostile path and query values through real operations.
//! (`send_with_response`, enum query values and the page-numbered listing's stream are tested
//! on the typed mock, in `operations_typed.rs`.)

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeZone, Utc};
use futures_util::future::BoxFuture;
use genesys_client::models::{
    self, BatchConversationEventRequest, BatchUserPresenceEventRequest,
    BatchUserRoutingStatusEventRequest, CommunicationEndedEvent,
    CommunicationEndedEventDisconnectType as DisconnectType, LocaleCode as DefinitionLocale,
    LocaleCode as DefinitionsLocale, MutableUserPresence, OrganizationPresence,
    OrganizationPresenceDefinition,
    OrganizationPresenceDefinitionSystemPresence as SystemPresenceKind, PresenceDefinition,
    PresenceSettings, RestorePresenceSettings, Source, Type as DefinitionType, Type as SourceType,
    UserPresence, UserPresenceEvent, UserPrimarySource, UserRoutingStatusEvent,
    UserRoutingStatusEventStatus as RoutingStatus,
};
use genesys_client::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const USER: &str = "8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f";
const USER_2: &str = "0d9e8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
const DEFINITION: &str = "6a3af858-942f-489d-9700-5f9bcdcdae9b";
const SOURCE: &str = "c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e";
const LEGACY: &str = "e08eaf1b-ee47-4fa9-a231-1200e284798f";

type Call = Box<dyn Fn(Client) -> BoxFuture<'static, Result<Value, Error>> + Send + Sync>;

/// One operation call: what the client must send, what the server answers, how to call it.
struct Case {
    /// The spec's `operationId` (a suffix after a space tells two cases of one operation apart).
    op: &'static str,
    method: &'static str,
    /// The path the server must see (already percent-encoded).
    path: &'static str,
    /// The exact raw query string the server must see (`None`: no `?` at all).
    query: Option<&'static str>,
    /// The JSON body the server must receive (`None`: no body).
    body: Option<Value>,
    /// The success status the server answers with.
    status: u16,
    /// The success body (`None`: empty).
    response: Option<Value>,
    call: Call,
}

/// `call!(|c| -> Type { builder })`: a [`Call`] that sends `builder`, requires the decoded
/// success value to be exactly `Type` (a compile-time check of the generated signature) and
/// hands it back as JSON for comparison with what the server sent.
macro_rules! call {
    (|$c:ident| -> $t:ty { $e:expr }) => {
        Box::new(|$c: Client| -> BoxFuture<'static, Result<Value, Error>> {
            Box::pin(async move { Ok(to_json::<$t>($e.send().await?)) })
        })
    };
}

/// The decoded value as JSON; the turbofish pins the generated success type.
fn to_json<T: serde::Serialize>(decoded: T) -> Value {
    serde_json::to_value(decoded).expect("models serialize")
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap()
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

// ---- realistic success bodies (only fields the spec declares, so they round-trip exactly) ----

fn definition_json() -> Value {
    json!({
        "id": DEFINITION, "name": "Lunch",
        "languageLabels": { "en_US": "Lunch", "fr": "Déjeuner" },
        "systemPresence": "Meal", "divisionId": "*", "deactivated": false, "type": "User",
        "selfUri": format!("/api/v2/presence/definitions/{DEFINITION}")
    })
}

fn legacy_json() -> Value {
    json!({
        "id": LEGACY, "name": "Available", "languageLabels": { "en_US": "Available" },
        "systemPresence": "Available", "deactivated": false, "primary": true,
        "createdBy": { "id": USER, "name": "Ada Admin", "version": 7, "selfUri": format!("/api/v2/users/{USER}") },
        "createdDate": "2016-01-13T09:11:09.547Z",
        "modifiedBy": { "id": USER, "version": 7 },
        "modifiedDate": "2024-11-02T17:45:00Z",
        "selfUri": format!("/api/v2/presencedefinitions/{LEGACY}")
    })
}

fn source_json() -> Value {
    json!({
        "id": SOURCE, "name": "Microsoft Teams", "description": "Synced from Teams",
        "deactivated": false, "type": "User", "selfUri": format!("/api/v2/presence/sources/{SOURCE}")
    })
}

fn settings_json() -> Value {
    json!({
        "id": "presencesettings", "name": "Presence settings",
        "restorePresenceSettings": { "enabled": true, "restoreOnQueueEnabled": false, "restoreTimeMilliseconds": 900000 },
        "selfUri": "/api/v2/presence/settings"
    })
}

fn primary_source_json() -> Value {
    json!({
        "id": USER, "sourceId": SOURCE, "name": "Microsoft Teams", "registered": true,
        "selfUri": format!("/api/v2/presence/users/{USER}/primarysource")
    })
}

fn user_presence_json(source: &str) -> Value {
    json!({
        "id": source, "name": "Available", "source": source, "sourceId": source,
        "primary": true, "message": "Back at 3pm",
        "presenceDefinition": { "id": DEFINITION, "systemPresence": "Available",
                                "selfUri": format!("/api/v2/presencedefinitions/{DEFINITION}") },
        "modifiedDate": "2025-03-14T09:26:53.589Z",
        "selfUri": format!("/api/v2/users/{USER}/presences/{source}")
    })
}

fn uc_presence_json(user: &str) -> Value {
    json!({
        "userId": user, "source": "PURECLOUD", "sourceId": "PURECLOUD", "name": "Busy",
        "message": "In a meeting",
        "presenceDefinition": { "id": "31fe3bac-dea6-44b7-bed7-47f91660a1a0", "systemPresence": "Busy" },
        "modifiedDate": "2025-03-14T09:00:00Z"
    })
}

fn batch_response_json() -> Value {
    json!({ "errors": [
        { "eventId": "3b4e5f60-0000-4000-8000-000000000002", "message": "User not found", "retryable": false }
    ] })
}

// ---- request bodies, built with the generated constructors and setters ----

fn definition_body() -> OrganizationPresenceDefinition {
    OrganizationPresenceDefinition::new(labels(&[("en_US", "Lunch"), ("fr", "Déjeuner")]))
        .with_name("Lunch")
        .with_system_presence(SystemPresenceKind::Meal)
        .with_type(DefinitionType::User)
        .with_division_id("*")
        .with_deactivated(false)
}

fn definition_body_json() -> Value {
    json!({ "name": "Lunch", "languageLabels": { "en_US": "Lunch", "fr": "Déjeuner" },
            "systemPresence": "Meal", "type": "User", "divisionId": "*", "deactivated": false })
}

fn presence_patch() -> UserPresence {
    UserPresence::new()
        .with_presence_definition(PresenceDefinition::new().with_id(DEFINITION))
        .with_message("Back at 3pm")
}

fn presence_patch_json() -> Value {
    json!({ "presenceDefinition": { "id": DEFINITION }, "message": "Back at 3pm" })
}

fn legacy_body() -> OrganizationPresence {
    OrganizationPresence::new(labels(&[("en_US", "Focus")]))
        .with_name("Focus")
        .with_system_presence("Busy")
        .with_created_date(Utc.with_ymd_and_hms(2016, 1, 13, 9, 11, 9).unwrap())
}

fn legacy_body_json() -> Value {
    json!({ "name": "Focus", "languageLabels": { "en_US": "Focus" }, "systemPresence": "Busy",
            "createdDate": "2016-01-13T09:11:09Z" })
}

#[allow(deprecated)] // the /api/v2/presencedefinitions family is deprecated but still served
fn cases() -> Vec<Case> {
    #[allow(unused_mut)] // Without the `notifications` feature nothing is added.
    let mut cases = vec![
        // ---- Events ----
        Case {
            op: "postEventsConversations",
            method: "POST",
            path: "/api/v2/events/conversations",
            query: None,
            body: Some(json!({ "communicationEndedEvents": [{
                "eventId": "c1", "eventDateTime": "2025-03-14T09:30:00Z", "conversationId": "conv-1",
                "communicationId": "comm-1", "disconnectType": "TransferACD"
            }] })),
            status: 200,
            response: Some(batch_response_json()),
            call: call!(|c| -> models::BatchEventResponse {
                c.events().post_events_conversations(
                    BatchConversationEventRequest::new().with_communication_ended_events(vec![
                        CommunicationEndedEvent::new(
                            "comm-1",
                            "conv-1",
                            DisconnectType::TransferAcd,
                            at(),
                            "c1",
                        ),
                    ]),
                )
            }),
        },
        Case {
            op: "postEventsUsersPresence",
            method: "POST",
            path: "/api/v2/events/users/presence",
            query: None,
            body: Some(json!({ "userPresenceEvents": [
                { "eventId": "e1", "eventDateTime": "2025-03-14T09:30:00Z", "userId": USER,
                  "sourceId": SOURCE, "presenceDefinitionId": DEFINITION },
                { "eventId": "e2", "eventDateTime": "2025-03-14T09:30:00Z", "userId": USER_2,
                  "sourceId": SOURCE, "message": "In a meeting" }
            ] })),
            status: 200,
            response: Some(batch_response_json()),
            call: call!(|c| -> models::BatchEventResponse {
                c.events().post_events_users_presence(
                    BatchUserPresenceEventRequest::new().with_user_presence_events(vec![
                        UserPresenceEvent::new(at(), "e1", SOURCE, USER)
                            .with_presence_definition_id(DEFINITION),
                        UserPresenceEvent::new(at(), "e2", SOURCE, USER_2)
                            .with_message("In a meeting"),
                    ]),
                )
            }),
        },
        Case {
            op: "postEventsUsersRoutingstatus",
            method: "POST",
            path: "/api/v2/events/users/routingstatus",
            query: None,
            body: Some(json!({ "userRoutingStatusEvents": [
                { "eventId": "r1", "eventDateTime": "2025-03-14T09:30:00Z", "agentId": USER,
                  "sourceId": SOURCE, "status": "NotResponding" }
            ] })),
            status: 200,
            response: Some(json!({})),
            call: call!(|c| -> models::BatchEventResponse {
                c.events().post_events_users_routingstatus(
                    BatchUserRoutingStatusEventRequest::new().with_user_routing_status_events(
                        vec![UserRoutingStatusEvent::new(
                            USER,
                            at(),
                            "r1",
                            SOURCE,
                            RoutingStatus::NotResponding,
                        )],
                    ),
                )
            }),
        },
        // ---- Presence definitions ----
        Case {
            op: "getPresenceDefinitions",
            method: "GET",
            path: "/api/v2/presence/definitions",
            query: Some("deactivated=true&divisionId=div-1&divisionId=div-2&localeCode=en_US"),
            body: None,
            status: 200,
            response: Some(json!({ "entities": [definition_json()], "total": 1,
                                   "selfUri": "/api/v2/presence/definitions" })),
            call: call!(|c| -> models::OrganizationPresenceDefinitionEntityListing {
                c.presence()
                    .get_presence_definitions()
                    .deactivated("true")
                    .division_id(vec!["div-1".to_owned(), "div-2".to_owned()])
                    .locale_code(DefinitionsLocale::EnUs)
            }),
        },
        Case {
            op: "postPresenceDefinitions 201",
            method: "POST",
            path: "/api/v2/presence/definitions",
            query: None,
            body: Some(definition_body_json()),
            status: 201,
            response: Some(definition_json()),
            call: call!(|c| -> OrganizationPresenceDefinition {
                c.presence().post_presence_definitions(definition_body())
            }),
        },
        Case {
            op: "postPresenceDefinitions 200",
            method: "POST",
            path: "/api/v2/presence/definitions",
            query: None,
            body: Some(json!({ "languageLabels": { "fr": "Déjeuner" } })),
            status: 200,
            response: Some(definition_json()),
            // The same type as for 201.
            call: call!(|c| -> OrganizationPresenceDefinition {
                c.presence()
                    .post_presence_definitions(OrganizationPresenceDefinition::new(labels(&[(
                        "fr", "Déjeuner",
                    )])))
            }),
        },
        Case {
            op: "deletePresenceDefinition",
            method: "DELETE",
            path: "/api/v2/presence/definitions/6a3af858-942f-489d-9700-5f9bcdcdae9b",
            query: None,
            body: None,
            status: 204,
            response: None,
            call: call!(|c| -> () { c.presence().delete_presence_definition(DEFINITION) }),
        },
        Case {
            op: "getPresenceDefinition",
            method: "GET",
            path: "/api/v2/presence/definitions/6a3af858-942f-489d-9700-5f9bcdcdae9b",
            query: Some("localeCode=zh_CN"),
            body: None,
            status: 200,
            response: Some(definition_json()),
            call: call!(|c| -> OrganizationPresenceDefinition {
                c.presence()
                    .get_presence_definition(DEFINITION)
                    .locale_code(DefinitionLocale::ZhCn)
            }),
        },
        Case {
            op: "putPresenceDefinition",
            method: "PUT",
            path: "/api/v2/presence/definitions/6a3af858-942f-489d-9700-5f9bcdcdae9b",
            query: None,
            body: Some(definition_body_json()),
            status: 200,
            response: Some(definition_json()),
            call: call!(|c| -> OrganizationPresenceDefinition {
                c.presence()
                    .put_presence_definition(DEFINITION, definition_body())
            }),
        },
        // ---- Settings ----
        Case {
            op: "getPresenceSettings",
            method: "GET",
            path: "/api/v2/presence/settings",
            query: None,
            body: None,
            status: 200,
            response: Some(settings_json()),
            call: call!(|c| -> PresenceSettings { c.presence().get_presence_settings() }),
        },
        Case {
            op: "putPresenceSettings",
            method: "PUT",
            path: "/api/v2/presence/settings",
            query: None,
            body: Some(json!({ "restorePresenceSettings": {
                "enabled": true, "restoreOnQueueEnabled": false, "restoreTimeMilliseconds": 900000
            } })),
            status: 200,
            response: Some(settings_json()),
            call: call!(|c| -> PresenceSettings {
                c.presence().put_presence_settings(
                    PresenceSettings::new().with_restore_presence_settings(
                        RestorePresenceSettings::new(true, false, 900_000),
                    ),
                )
            }),
        },
        // ---- Sources ----
        Case {
            op: "getPresenceSources",
            method: "GET",
            path: "/api/v2/presence/sources",
            query: Some("deactivated=false"),
            body: None,
            status: 200,
            response: Some(json!({ "entities": [source_json()], "total": 1,
                                   "selfUri": "/api/v2/presence/sources" })),
            call: call!(|c| -> models::SourceEntityListing {
                c.presence().get_presence_sources().deactivated("false")
            }),
        },
        Case {
            op: "postPresenceSources",
            method: "POST",
            path: "/api/v2/presence/sources",
            query: None,
            body: Some(json!({ "name": "Microsoft Teams", "description": "Synced from Teams", "type": "User" })),
            status: 200,
            response: Some(source_json()),
            call: call!(|c| -> Source {
                c.presence().post_presence_sources(
                    Source::new("Microsoft Teams")
                        .with_description("Synced from Teams")
                        .with_type(SourceType::User),
                )
            }),
        },
        Case {
            op: "deletePresenceSource",
            method: "DELETE",
            path: "/api/v2/presence/sources/c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e",
            query: None,
            body: None,
            status: 204,
            response: None,
            call: call!(|c| -> () { c.presence().delete_presence_source(SOURCE) }),
        },
        Case {
            op: "getPresenceSource",
            method: "GET",
            path: "/api/v2/presence/sources/c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e",
            query: None,
            body: None,
            status: 200,
            response: Some(source_json()),
            call: call!(|c| -> Source { c.presence().get_presence_source(SOURCE) }),
        },
        Case {
            op: "putPresenceSource",
            method: "PUT",
            path: "/api/v2/presence/sources/c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e",
            query: None,
            body: Some(json!({ "name": "Microsoft Teams", "deactivated": true })),
            status: 200,
            response: Some(source_json()),
            call: call!(|c| -> Source {
                c.presence().put_presence_source(
                    SOURCE,
                    Source::new("Microsoft Teams").with_deactivated(true),
                )
            }),
        },
        Case {
            op: "getPresenceUserPrimarysource",
            method: "GET",
            path: "/api/v2/presence/users/8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f/primarysource",
            query: None,
            body: None,
            status: 200,
            response: Some(primary_source_json()),
            call: call!(|c| -> UserPrimarySource {
                c.presence().get_presence_user_primarysource(USER)
            }),
        },
        Case {
            op: "putPresenceUserPrimarysource",
            method: "PUT",
            path: "/api/v2/presence/users/8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f/primarysource",
            query: None,
            body: Some(json!({ "sourceId": SOURCE })),
            status: 200,
            response: Some(primary_source_json()),
            call: call!(|c| -> UserPrimarySource {
                c.presence().put_presence_user_primarysource(
                    USER,
                    UserPrimarySource::new().with_source_id(SOURCE),
                )
            }),
        },
        // ---- Deprecated /api/v2/presencedefinitions ----
        Case {
            op: "getPresencedefinitions",
            method: "GET",
            path: "/api/v2/presencedefinitions",
            query: Some("pageNumber=2&pageSize=50&deleted=false&localeCode=fr"),
            body: None,
            status: 200,
            response: Some(json!({
                "entities": [legacy_json()], "pageNumber": 2, "pageSize": 50, "pageCount": 2, "total": 51,
                "firstUri": "/api/v2/presencedefinitions?pageSize=50&pageNumber=1",
                "previousUri": "/api/v2/presencedefinitions?pageSize=50&pageNumber=1",
                "lastUri": "/api/v2/presencedefinitions?pageSize=50&pageNumber=2",
                "selfUri": "/api/v2/presencedefinitions?pageSize=50&pageNumber=2"
            })),
            call: call!(|c| -> models::OrganizationPresenceEntityListing {
                c.presence()
                    .get_presencedefinitions()
                    .page_number(2)
                    .page_size(50)
                    .deleted("false")
                    .locale_code("fr")
            }),
        },
        Case {
            op: "postPresencedefinitions",
            method: "POST",
            path: "/api/v2/presencedefinitions",
            query: None,
            body: Some(legacy_body_json()),
            status: 200,
            response: Some(legacy_json()),
            call: call!(|c| -> OrganizationPresence {
                c.presence().post_presencedefinitions(legacy_body())
            }),
        },
        Case {
            op: "deletePresencedefinition",
            method: "DELETE",
            path: "/api/v2/presencedefinitions/e08eaf1b-ee47-4fa9-a231-1200e284798f",
            query: None,
            body: None,
            status: 200,
            response: None,
            call: call!(|c| -> () { c.presence().delete_presencedefinition(LEGACY) }),
        },
        Case {
            op: "getPresencedefinition",
            method: "GET",
            path: "/api/v2/presencedefinitions/e08eaf1b-ee47-4fa9-a231-1200e284798f",
            query: Some("localeCode=pt_BR"),
            body: None,
            status: 200,
            response: Some(legacy_json()),
            call: call!(|c| -> OrganizationPresence {
                c.presence().get_presencedefinition(LEGACY).locale_code("pt_BR")
            }),
        },
        Case {
            op: "putPresencedefinition",
            method: "PUT",
            path: "/api/v2/presencedefinitions/e08eaf1b-ee47-4fa9-a231-1200e284798f",
            query: None,
            body: Some(legacy_body_json()),
            status: 200,
            response: Some(legacy_json()),
            call: call!(|c| -> OrganizationPresence {
                c.presence().put_presencedefinition(LEGACY, legacy_body())
            }),
        },
        Case {
            op: "getSystempresences",
            method: "GET",
            path: "/api/v2/systempresences",
            query: None,
            body: None,
            status: 200,
            response: Some(json!([
                { "id": "AVAILABLE", "name": "Available", "selfUri": "/api/v2/systempresences/AVAILABLE" },
                { "id": "ON_QUEUE", "name": "On Queue", "selfUri": "/api/v2/systempresences/ON_QUEUE" }
            ])),
            call: call!(|c| -> Vec<models::SystemPresence> { c.presence().get_systempresences() }),
        },
        // ---- User presences ----
        Case {
            op: "putUsersPresencesBulk",
            method: "PUT",
            path: "/api/v2/users/presences/bulk",
            query: None,
            body: Some(json!([
                { "id": USER, "source": "PURECLOUD", "presenceDefinition": { "id": DEFINITION } },
                { "id": USER_2, "source": "PURECLOUD", "presenceDefinition": { "id": DEFINITION }, "message": "Lunch" }
            ])),
            status: 200,
            response: Some(json!([user_presence_json("PURECLOUD"), user_presence_json("PURECLOUD")])),
            call: call!(|c| -> Vec<UserPresence> {
                c.presence().put_users_presences_bulk(vec![
                    MutableUserPresence::new()
                        .with_id(USER)
                        .with_source("PURECLOUD")
                        .with_presence_definition(PresenceDefinition::new().with_id(DEFINITION)),
                    MutableUserPresence::new()
                        .with_id(USER_2)
                        .with_source("PURECLOUD")
                        .with_presence_definition(PresenceDefinition::new().with_id(DEFINITION))
                        .with_message("Lunch"),
                ])
            }),
        },
        Case {
            op: "getUsersPresencesPurecloudBulk",
            method: "GET",
            path: "/api/v2/users/presences/purecloud/bulk",
            query: Some(
                "id=8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f&id=0d9e8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
            ),
            body: None,
            status: 200,
            response: Some(json!([uc_presence_json(USER), uc_presence_json(USER_2)])),
            call: call!(|c| -> Vec<models::UcUserPresence> {
                c.presence()
                    .get_users_presences_purecloud_bulk()
                    .id(vec![USER.to_owned(), USER_2.to_owned()])
            }),
        },
        Case {
            op: "getUsersPresenceBulk",
            method: "GET",
            path: "/api/v2/users/presences/c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e/bulk",
            query: Some("id=8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f"),
            body: None,
            status: 200,
            response: Some(json!([uc_presence_json(USER)])),
            call: call!(|c| -> Vec<models::UcUserPresence> {
                c.presence()
                    .get_users_presence_bulk(SOURCE)
                    .id(vec![USER.to_owned()])
            }),
        },
        Case {
            op: "getUserPresencesPurecloud",
            method: "GET",
            path: "/api/v2/users/8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f/presences/purecloud",
            query: None,
            body: None,
            status: 200,
            response: Some(user_presence_json("PURECLOUD")),
            call: call!(|c| -> UserPresence { c.presence().get_user_presences_purecloud(USER) }),
        },
        Case {
            op: "patchUserPresencesPurecloud",
            method: "PATCH",
            path: "/api/v2/users/8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f/presences/purecloud",
            query: None,
            body: Some(presence_patch_json()),
            status: 200,
            response: Some(user_presence_json("PURECLOUD")),
            call: call!(|c| -> UserPresence {
                c.presence()
                    .patch_user_presences_purecloud(USER, presence_patch())
            }),
        },
        Case {
            op: "getUserPresence",
            method: "GET",
            path: "/api/v2/users/8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f/presences/c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e",
            query: None,
            body: None,
            status: 200,
            response: Some(user_presence_json(SOURCE)),
            call: call!(|c| -> UserPresence { c.presence().get_user_presence(USER, SOURCE) }),
        },
        Case {
            op: "patchUserPresence",
            method: "PATCH",
            path: "/api/v2/users/8f2c6f1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f/presences/c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e",
            query: None,
            body: Some(presence_patch_json()),
            status: 200,
            response: Some(user_presence_json(SOURCE)),
            call: call!(|c| -> UserPresence {
                c.presence()
                    .patch_user_presence(USER, SOURCE, presence_patch())
            }),
        },
    ];
    #[cfg(feature = "notifications")]
    cases.extend(notification_cases());
    cases
}

/// The Notifications tag's operations: compiled with its cargo feature only.
#[cfg(feature = "notifications")]
fn notification_cases() -> Vec<Case> {
    vec![
        Case {
            op: "getNotificationsAvailabletopics",
            method: "GET",
            path: "/api/v2/notifications/availabletopics",
            query: Some("expand=schema&expand=topicParameters&includePreview=false"),
            body: None,
            status: 200,
            response: Some(json!({ "entities": [{
                "id": "v2.users.{id}.presence", "description": "Presence of a user",
                "requiresPermissions": [], "topicParameters": ["id"], "visibility": "Public",
                "transports": ["All"], "schema": { "id": "urn:jsonschema:x", "type": "object" }
            }] })),
            call: call!(|c| -> models::AvailableTopicEntityListing {
                c.notifications()
                    .get_notifications_availabletopics()
                    .expand(vec![
                        models::GetNotificationsAvailabletopicsExpand::Schema,
                        models::GetNotificationsAvailabletopicsExpand::TopicParameters,
                    ])
                    .include_preview(false)
            }),
        },
        Case {
            op: "getNotificationsChannels",
            method: "GET",
            path: "/api/v2/notifications/channels",
            query: Some("includechannels=oauthclient"),
            body: None,
            status: 200,
            response: Some(json!({ "entities": [channel_json()] })),
            call: call!(|c| -> models::ChannelEntityListing {
                c.notifications()
                    .get_notifications_channels()
                    .includechannels(models::GetNotificationsChannelsIncludechannels::Oauthclient)
            }),
        },
        Case {
            op: "postNotificationsChannels",
            method: "POST",
            path: "/api/v2/notifications/channels",
            query: None,
            body: None,
            status: 200,
            response: Some(channel_json()),
            call: call!(|c| -> models::Channel { c.notifications().post_notifications_channels() }),
        },
        Case {
            op: "headNotificationsChannel",
            method: "HEAD",
            path: "/api/v2/notifications/channels/streaming-0-abc",
            query: None,
            body: None,
            status: 200,
            response: None,
            call: call!(|c| -> bool {
                c.notifications()
                    .head_notifications_channel("streaming-0-abc")
            }),
        },
        Case {
            op: "getNotificationsChannelSubscriptions",
            method: "GET",
            path: "/api/v2/notifications/channels/streaming-0-abc/subscriptions",
            query: None,
            body: None,
            status: 200,
            response: Some(
                json!({ "entities": [{ "id": "v2.users.u1.presence", "state": "Permitted" }] }),
            ),
            call: call!(|c| -> models::ChannelTopicEntityListing {
                c.notifications()
                    .get_notifications_channel_subscriptions("streaming-0-abc")
            }),
        },
        Case {
            op: "postNotificationsChannelSubscriptions",
            method: "POST",
            path: "/api/v2/notifications/channels/streaming-0-abc/subscriptions",
            query: Some("ignoreErrors=true"),
            body: Some(json!([{ "id": "v2.users.u1?presence&routingStatus" }])),
            status: 200,
            response: Some(subscriptions_json()),
            call: call!(|c| -> models::ChannelTopicEntityListing {
                c.notifications()
                    .post_notifications_channel_subscriptions(
                        "streaming-0-abc",
                        vec![models::ChannelTopic::new()
                            .with_id("v2.users.u1?presence&routingStatus")],
                    )
                    .ignore_errors(true)
            }),
        },
        Case {
            op: "putNotificationsChannelSubscriptions",
            method: "PUT",
            path: "/api/v2/notifications/channels/streaming-0-abc/subscriptions",
            query: Some("ignoreErrors=true"),
            body: Some(json!([{ "id": "v2.users.u1?presence&routingStatus" }])),
            status: 200,
            response: Some(subscriptions_json()),
            call: call!(|c| -> models::ChannelTopicEntityListing {
                c.notifications()
                    .put_notifications_channel_subscriptions(
                        "streaming-0-abc",
                        vec![models::ChannelTopic::new()
                            .with_id("v2.users.u1?presence&routingStatus")],
                    )
                    .ignore_errors(true)
            }),
        },
        Case {
            op: "deleteNotificationsChannelSubscriptions",
            method: "DELETE",
            path: "/api/v2/notifications/channels/streaming-0-abc/subscriptions",
            query: None,
            body: None,
            status: 200,
            response: None,
            call: call!(|c| -> () {
                c.notifications()
                    .delete_notifications_channel_subscriptions("streaming-0-abc")
            }),
        },
    ]
}

#[cfg(feature = "notifications")]
fn channel_json() -> Value {
    json!({
        "id": "streaming-0-abc",
        "connectUri": "wss://streaming.mypurecloud.com/channels/streaming-0-abc",
        "expires": "2025-03-15T09:30:00Z"
    })
}

#[cfg(feature = "notifications")]
fn subscriptions_json() -> Value {
    json!({ "entities": [
        { "id": "v2.users.u1.presence", "state": "Permitted" },
        { "id": "v2.users.u1.routingStatus", "state": "Rejected",
          "rejectionReason": "Missing permission", "missingPermissions": ["routing:agent:view"] }
    ] })
}

impl Case {
    fn operation_id(&self) -> &'static str {
        self.op.split(' ').next().unwrap()
    }

    fn query_pairs(&self) -> Vec<(String, String)> {
        let url = url_with_query(self.query);
        url.query_pairs().into_owned().collect()
    }
}

fn url_with_query(query: Option<&str>) -> url::Url {
    let mut url = url::Url::parse("http://x/").unwrap();
    url.set_query(query);
    url
}

// ---- the spec, as the source of truth for which operations exist ----

struct SpecOp {
    method: String,
    template: String,
    query_params: BTreeSet<String>,
    success: BTreeSet<u16>,
    has_body: bool,
    deprecated: bool,
}

fn spec_operations() -> BTreeMap<String, SpecOp> {
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/platform-api.json"
    ))
    .expect("spec/platform-api.json is readable");
    let spec: Value = serde_json::from_str(&raw).unwrap();
    let resolve = |p: &Value| -> Value {
        match p.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap();
                spec["components"]["parameters"][name].clone()
            }
            None => p.clone(),
        }
    };
    let mut out = BTreeMap::new();
    for (template, item) in spec["paths"].as_object().unwrap() {
        let shared: Vec<Value> = item["parameters"]
            .as_array()
            .map(|a| a.iter().map(resolve).collect())
            .unwrap_or_default();
        for (m, op) in item.as_object().unwrap() {
            if !["get", "put", "post", "delete", "patch", "head", "options"].contains(&m.as_str()) {
                continue;
            }
            let params: Vec<Value> = op["parameters"]
                .as_array()
                .map(|a| a.iter().map(resolve).collect())
                .unwrap_or_default();
            let query_params = shared
                .iter()
                .chain(&params)
                .filter(|p| p["in"] == "query")
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect();
            let success = op["responses"]
                .as_object()
                .unwrap()
                .keys()
                .filter_map(|k| k.parse::<u16>().ok())
                .filter(|s| (200..300).contains(s))
                .collect();
            let id = op["operationId"].as_str().unwrap().to_owned();
            if !tag_enabled(op["tags"][0].as_str().unwrap()) {
                continue;
            }
            let previous = out.insert(
                id.clone(),
                SpecOp {
                    method: m.to_uppercase(),
                    template: template.clone(),
                    query_params,
                    success,
                    has_body: op.get("requestBody").is_some(),
                    deprecated: op["deprecated"] == true,
                },
            );
            assert!(previous.is_none(), "duplicate operationId {id}");
        }
    }
    out
}

/// Whether the cargo feature of a spec tag is on in this build (each tag's operations compile
/// with its feature only; CI runs this file with every one).
fn tag_enabled(tag: &str) -> bool {
    match tag {
        "Events" => cfg!(feature = "events"),
        "Presence" => cfg!(feature = "presence"),
        "Notifications" => cfg!(feature = "notifications"),
        other => panic!("spec/ has a tag this test does not know: {other} (add its feature here)"),
    }
}

/// Whether the concrete `path` is an instance of the spec's `template` (one segment per
/// `{param}`, literal segments equal).
fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

#[test]
fn the_cases_cover_exactly_the_operations_of_the_spec() {
    let spec = spec_operations();
    let cases = cases();
    let covered: BTreeSet<&str> = cases.iter().map(Case::operation_id).collect();
    let declared: BTreeSet<&str> = spec.keys().map(String::as_str).collect();
    assert_eq!(covered, declared, "one case (at least) per spec operation");
    // Events 3, Presence 27, Notifications 8; five deprecated, all in Presence.
    let expected = 3
        + 27
        + if cfg!(feature = "notifications") {
            8
        } else {
            0
        };
    assert_eq!(declared.len(), expected);
    assert_eq!(spec.values().filter(|o| o.deprecated).count(), 5);

    for case in &cases {
        let op = &spec[case.operation_id()];
        assert_eq!(case.method, op.method, "{}", case.op);
        assert!(
            path_matches(&op.template, case.path),
            "{}: {} is not an instance of {}",
            case.op,
            case.path,
            op.template
        );
        for (name, _) in case.query_pairs() {
            assert!(
                op.query_params.contains(&name),
                "{}: `{name}` is not a query parameter",
                case.op
            );
        }
        assert_eq!(
            case.body.is_some(),
            op.has_body,
            "{}: request body",
            case.op
        );
        if op.success.is_empty() {
            // Only a `default` response is declared (deletePresencedefinition).
            assert_eq!(case.status, 200, "{}", case.op);
        } else {
            assert!(
                op.success.contains(&case.status),
                "{}: {} is not a declared success status",
                case.op,
                case.status
            );
        }
        // Empty responses are exactly the operations without a success schema.
        assert_eq!(
            case.response.is_none(),
            case.status == 204 || op.success.is_empty(),
            "{}",
            case.op
        );
    }
    // Every declared success status of every operation has a case (200 and 201 of
    // postPresenceDefinitions included).
    for (id, op) in &spec {
        for status in &op.success {
            assert!(
                cases
                    .iter()
                    .any(|c| c.operation_id() == id && c.status == *status),
                "{id}: no case answers {status}"
            );
        }
    }
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn every_operation_sends_the_right_request_and_decodes_the_answer() {
    for case in cases() {
        let server = MockServer::start().await;
        let mut mock = Mock::given(method(case.method)).and(path(case.path));
        for (name, value) in case.query_pairs() {
            mock = mock.and(query_param(name, value));
        }
        if let Some(body) = &case.body {
            mock = mock.and(body_json(body));
        }
        let mut answer =
            ResponseTemplate::new(case.status).insert_header("ININ-Correlation-Id", "corr-ok");
        if let Some(r) = &case.response {
            answer = answer.set_body_json(r);
        }
        mock.respond_with(answer).expect(1).mount(&server).await;

        let result = (case.call)(common::client(&server)).await;

        // The request first: a mismatch also makes the mock answer 404, and the precise
        // difference is more useful than that error.
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "{}: exactly one request", case.op);
        let request = &requests[0];
        assert_eq!(request.method.as_str(), case.method, "{}", case.op);
        assert_eq!(request.url.path(), case.path, "{}: path", case.op);
        assert_eq!(request.url.query(), case.query, "{}: query string", case.op);
        assert_eq!(
            header(request, "authorization"),
            Some("Bearer test-token"),
            "{}",
            case.op
        );
        assert_eq!(
            header(request, "accept"),
            Some("application/json"),
            "{}",
            case.op
        );
        match &case.body {
            Some(expected) => {
                assert_eq!(
                    header(request, "content-type"),
                    Some("application/json"),
                    "{}",
                    case.op
                );
                let sent: Value = serde_json::from_slice(&request.body).unwrap();
                assert_eq!(&sent, expected, "{}: request body", case.op);
            }
            None => {
                assert!(request.body.is_empty(), "{}: unexpected body", case.op);
                assert_eq!(header(request, "content-type"), None, "{}", case.op);
            }
        }

        let decoded = result.unwrap_or_else(|e| panic!("{}: {e:?}", case.op));
        // Every field of the success body survived decoding into the generated type (204 and
        // empty bodies decode as `()`, i.e. JSON null).
        // A HEAD answers whether the resource exists.
        let expected = match case.method {
            "HEAD" => json!(true),
            _ => case.response.clone().unwrap_or(Value::Null),
        };
        assert_eq!(decoded, expected, "{}: decoded body", case.op);
    }
}

fn error_body_json(status: u16) -> Value {
    json!({
        "message": "The requested resource was not found or you do not have access to it.",
        "code": "resource.not.found", "status": status,
        "messageWithParams": "The requested resource was not found or you do not have access to it.",
        "messageParams": {}, "contextId": "4c4a7b83-2a44-4d4b-9c3f-6f0b2f3c9e12",
        "details": [], "errors": []
    })
}

#[tokio::test]
async fn every_operation_decodes_genesys_errors_with_the_correlation_id() {
    // Non-retryable statuses, varied across operations; each must come back after one attempt.
    let statuses = [404u16, 400, 403, 409];
    for (i, case) in cases().into_iter().enumerate() {
        let status = statuses[i % statuses.len()];
        // A HEAD's 404 is its `false` (tested apart); any other error status is an error.
        let status = if case.method == "HEAD" && status == 404 {
            400
        } else {
            status
        };
        let correlation = format!("corr-{}-{status}", case.operation_id());
        let server = MockServer::start().await;
        Mock::given(method(case.method))
            .and(path(case.path))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("ININ-Correlation-Id", correlation.as_str())
                    .set_body_json(error_body_json(status)),
            )
            .expect(1)
            .mount(&server)
            .await;

        let err = (case.call)(common::client(&server))
            .await
            .expect_err(case.op);
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(status),
            "{}",
            case.op
        );
        assert_eq!(
            err.correlation_id(),
            Some(correlation.as_str()),
            "{}",
            case.op
        );
        if case.method == "HEAD" {
            // A response to HEAD has no body (HTTP says so; hyper never reads one), so
            // there is no `ErrorBody` to decode: status and correlation id are all there is.
            assert!(matches!(err, Error::Api { body: None, .. }), "{err:?}");
            continue;
        }
        let text = err.to_string();
        assert!(
            text.contains("resource.not.found") && text.contains(&correlation),
            "{}: {text}",
            case.op
        );
        match &err {
            Error::Api {
                status: s,
                body: Some(body),
                raw,
                correlation_id,
                operation_id,
                headers,
                ..
            } => {
                assert_eq!(s.as_u16(), status, "{}", case.op);
                assert!(
                    case.op.starts_with(operation_id),
                    "{}: {operation_id}",
                    case.op
                );
                assert!(headers.contains_key("inin-correlation-id"), "{}", case.op);
                assert_eq!(body.code.as_deref(), Some("resource.not.found"));
                assert_eq!(
                    body.message.as_deref(),
                    Some("The requested resource was not found or you do not have access to it.")
                );
                assert_eq!(body.status, Some(i64::from(status)), "{}", case.op);
                assert_eq!(
                    body.context_id.as_deref(),
                    Some("4c4a7b83-2a44-4d4b-9c3f-6f0b2f3c9e12")
                );
                assert!(raw.contains("resource.not.found"), "{}", case.op);
                assert_eq!(correlation_id.as_deref(), Some(correlation.as_str()));
            }
            other => panic!(
                "{}: expected Error::Api with a body, got {other:?}",
                case.op
            ),
        }
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{}: a {status} is not retried",
            case.op
        );
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn unset_optional_parameters_and_empty_lists_send_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/presence/definitions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "entities": [] })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/presencedefinitions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "entities": [] })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/users/presences/{SOURCE}/bulk")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = common::client(&server);
    // Spec defaults (`deactivated=false`, `pageNumber=1`, `pageSize=25`) are the server's to
    // apply: nothing is sent for a parameter that was not set.
    client
        .presence()
        .get_presence_definitions()
        .send()
        .await
        .unwrap();
    client
        .presence()
        .get_presence_definitions()
        .division_id(Vec::<String>::new())
        .send()
        .await
        .unwrap();
    client
        .presence()
        .get_presencedefinitions()
        .send()
        .await
        .unwrap();
    let none = client
        .presence()
        .get_users_presence_bulk(SOURCE)
        .id(Vec::<String>::new())
        .send()
        .await
        .unwrap();
    assert!(none.is_empty());
    for request in server.received_requests().await.unwrap() {
        assert_eq!(request.url.query(), None, "{}", request.url);
    }
}

#[tokio::test]
async fn hostile_path_values_stay_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_presence_json("src")))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_presence_json("src")))
        .mount(&server)
        .await;
    let client = common::client(&server);

    client
        .presence()
        .get_user_presence("a/b?c#d%2F..", "src")
        .send()
        .await
        .unwrap();
    client
        .presence()
        .patch_user_presence("ü ser+1&x=y", "../etc", presence_patch())
        .send()
        .await
        .unwrap();
    client
        .presence()
        .get_user_presences_purecloud("%2e%2e")
        .send()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].url.path(),
        "/api/v2/users/a%2Fb%3Fc%23d%252F../presences/src"
    );
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(requests[0].url.fragment(), None);
    assert_eq!(
        requests[1].url.path(),
        "/api/v2/users/%C3%BC%20ser%2B1%26x%3Dy/presences/..%2Fetc"
    );
    assert_eq!(requests[1].url.query(), None);
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(sent, presence_patch_json());
    // An already-encoded dot segment is encoded again, so it stays a literal value.
    assert_eq!(
        requests[2].url.path(),
        "/api/v2/users/%252e%252e/presences/purecloud"
    );
}

#[tokio::test]
async fn dot_and_empty_path_values_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = common::client(&server);
    for bad in ["..", ".", ""] {
        let err = client
            .presence()
            .get_presence_source(bad)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidParameter { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(err.to_string().contains("getPresenceSource"), "{err}");
        let err = client
            .presence()
            .patch_user_presence(USER, bad, presence_patch())
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidParameter { .. }),
            "{bad:?}: {err:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
#[allow(deprecated)]
async fn hostile_query_values_stay_one_value_each() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/presences/purecloud/bulk"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/presencedefinitions/{LEGACY}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(legacy_json()))
        .mount(&server)
        .await;
    let client = common::client(&server);
    let ids = ["a&id=b", "c d+e#f", "é/?", ""];
    client
        .presence()
        .get_users_presences_purecloud_bulk()
        .id(ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
        .send()
        .await
        .unwrap();
    client
        .presence()
        .get_presencedefinition(LEGACY)
        .locale_code("en_US&deleted=true")
        .send()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("id=a%26id%3Db&id=c%20d%2Be%23f&id=%C3%A9%2F%3F&id=")
    );
    let decoded: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert_eq!(
        decoded,
        ids.iter()
            .map(|v| ("id".to_owned(), (*v).to_owned()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        requests[1].url.query(),
        Some("localeCode=en_US%26deleted%3Dtrue")
    );
}

/// `HEAD` answers whether the channel exists: `404` is `false` with its correlation id, not
/// an error; a server error is still an error.
#[cfg(feature = "notifications")]
#[tokio::test]
async fn head_is_true_on_success_false_on_404_and_an_error_otherwise() {
    for (status, expected) in [(200u16, Some(true)), (404, Some(false)), (403, None)] {
        let server = MockServer::start().await;
        Mock::given(method("HEAD"))
            .and(path("/api/v2/notifications/channels/c-1"))
            .respond_with(
                ResponseTemplate::new(status).insert_header("ININ-Correlation-Id", "corr-head"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let client = common::client(&server);
        let result = client
            .notifications()
            .head_notifications_channel("c-1")
            .send_with_response()
            .await;
        match expected {
            Some(exists) => {
                let response = result.unwrap();
                assert_eq!(response.body, exists, "{status}");
                assert_eq!(response.status.as_u16(), status);
                assert_eq!(response.correlation_id.as_deref(), Some("corr-head"));
            }
            None => {
                let err = result.unwrap_err();
                assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
                assert_eq!(err.correlation_id(), Some("corr-head"));
            }
        }
    }
}
