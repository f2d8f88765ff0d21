//! Generated models on realistic payloads: lossless round trips, forward compatibility
//! (unknown enum values and fields), `null` optionals, and errors that name the field path.

use genesys_client::models::{
    BatchConversationEventRequest, BatchEventResponse, BatchUserPresenceEventRequest, ErrorBody,
    LimitNamespace, OrganizationPresenceDefinition, OrganizationPresenceDefinitionSystemPresence,
    PresenceSettings, Source, User, UserPresence,
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

/// decode → encode → decode is lossless, and every field of the payload survives encoding.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(payload: &Value) -> T {
    let decoded: T = serde_json::from_value(payload.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    let again: T = serde_json::from_value(encoded.clone()).expect("decodes again");
    assert_eq!(decoded, again, "decode → encode → decode changed the value");
    assert_eq!(
        &without_nulls(payload.clone()),
        &encoded,
        "encoding lost or changed fields"
    );
    decoded
}

/// JSON `null` optionals are accepted and not re-emitted.
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn user_presence() -> Value {
    json!({
        "id": "6a3c9f0e-1b2d-4c5e-8f90-123456789abc",
        "name": "Available",
        "source": "PURECLOUD",
        "sourceId": "2b3a7c2e-4f1d-45a7-9c11-5d8a7e6f0b1c",
        "primary": true,
        "presenceDefinition": {
            "id": "6a3af858-942f-489d-9700-5f9bcdcdae9b",
            "systemPresence": "Available",
            "selfUri": "/api/v2/presencedefinitions/6a3af858-942f-489d-9700-5f9bcdcdae9b"
        },
        "message": "Working from home",
        "modifiedDate": "2025-03-14T09:26:53.589Z",
        "selfUri": "/api/v2/users/6a3c9f0e-1b2d-4c5e-8f90-123456789abc/presences/PURECLOUD"
    })
}

#[test]
fn user_presence_round_trips() {
    let p: UserPresence = round_trip(&user_presence());
    assert_eq!(
        p.source_id.as_deref(),
        Some("2b3a7c2e-4f1d-45a7-9c11-5d8a7e6f0b1c")
    );
    // `format: uri` stays a string: Genesys' selfUri is a relative path.
    assert!(p.self_uri.unwrap().starts_with("/api/v2/users/"));
}

#[test]
fn date_times_with_and_without_millis() {
    for (wire, millis) in [
        ("2025-03-14T09:26:53.589Z", 589),
        ("2025-03-14T09:26:53Z", 0),
    ] {
        let mut payload = user_presence();
        payload["modifiedDate"] = json!(wire);
        let p: UserPresence = serde_json::from_value(payload).unwrap();
        let when = p.modified_date.unwrap();
        assert_eq!(when.timestamp_subsec_millis(), millis);
        let back: UserPresence = serde_json::from_value(serde_json::to_value(&p).unwrap()).unwrap();
        assert_eq!(back.modified_date, Some(when));
    }
}

#[test]
fn null_optionals_and_unknown_fields_are_accepted() {
    let mut payload = user_presence();
    payload["message"] = Value::Null;
    payload["presenceDefinition"] = Value::Null;
    payload["futurePresenceDefinition"] = json!({"id": "x", "systemPresence": "Busy"});
    payload["someNewCounter"] = json!(42);
    let p: UserPresence = serde_json::from_value(payload).unwrap();
    assert_eq!(p.message, None);
    assert_eq!(p.presence_definition, None);
    assert_eq!(p.name.as_deref(), Some("Available"));
}

fn organization_presence_definition() -> Value {
    json!({
        "id": "e08eaf1b-ee47-4fa9-a231-1200e284798f",
        "name": "Lunch",
        "languageLabels": { "en_US": "Lunch", "fr": "Déjeuner", "de": "Mittagessen" },
        "systemPresence": "Meal",
        "divisionId": "*",
        "deactivated": false,
        "type": "User",
        "selfUri": "/api/v2/presence/definitions/e08eaf1b-ee47-4fa9-a231-1200e284798f"
    })
}

#[test]
fn organization_presence_definition_round_trips() {
    let d: OrganizationPresenceDefinition = round_trip(&organization_presence_definition());
    assert_eq!(
        d.system_presence,
        Some(OrganizationPresenceDefinitionSystemPresence::Meal)
    );
    assert_eq!(
        d.language_labels
            .as_ref()
            .and_then(|l| l.get("fr"))
            .map(String::as_str),
        Some("Déjeuner")
    );
}

#[test]
fn unknown_enum_value_with_spaces_survives_a_round_trip() {
    let mut payload = organization_presence_definition();
    payload["systemPresence"] = json!("Out Of Office");
    let d: OrganizationPresenceDefinition = round_trip(&payload);
    let sp = d.system_presence.clone().unwrap();
    assert!(
        matches!(&sp, OrganizationPresenceDefinitionSystemPresence::Unknown(v) if v.as_str() == "Out Of Office"),
        "{sp:?}"
    );
    assert_eq!(
        sp,
        OrganizationPresenceDefinitionSystemPresence::from("Out Of Office")
    );
    assert_eq!(sp.as_str(), "Out Of Office");
    assert_eq!(sp.to_string(), "Out Of Office");
    assert_eq!(
        serde_json::to_value(&d).unwrap()["systemPresence"],
        json!("Out Of Office")
    );
}

#[test]
fn enum_helpers_use_the_wire_string() {
    let meal: OrganizationPresenceDefinitionSystemPresence = "Meal".parse().unwrap();
    assert_eq!(meal, OrganizationPresenceDefinitionSystemPresence::Meal);
    assert_eq!(meal.as_str(), "Meal");
    assert_eq!(format!("{meal}"), "Meal");
    let onq = OrganizationPresenceDefinitionSystemPresence::from("OnQueue");
    assert_eq!(onq, OrganizationPresenceDefinitionSystemPresence::OnQueue);
}

#[test]
fn missing_required_field_names_its_path() {
    // Responses carry `OrganizationPresenceDefinition`: a missing required field decodes as
    // `None` instead of discarding the body.
    let mut payload = organization_presence_definition();
    payload.as_object_mut().unwrap().remove("languageLabels");
    let d = serde_json::from_value::<OrganizationPresenceDefinition>(payload).unwrap();
    assert_eq!(d.language_labels, None);

    // Only requests carry `UserPresenceEvent`: there `required` stays strict, and the error
    // names the path.

    let nested = json!({ "userPresenceEvents": [
        { "eventId": "1", "eventDateTime": "2025-01-01T00:00:00Z", "userId": "u", "sourceId": "s" },
        { "eventDateTime": "2025-01-01T00:00:00Z", "userId": "u", "sourceId": "s" }
    ]});
    let text = nested.to_string();
    let de = &mut serde_json::Deserializer::from_str(&text);
    let err = serde_path_to_error::deserialize::<_, BatchUserPresenceEventRequest>(de).unwrap_err();
    assert_eq!(err.path().to_string(), "userPresenceEvents[1]");
    assert!(
        err.inner().to_string().contains("missing field `eventId`"),
        "{err}"
    );
}

#[test]
fn presence_settings_round_trip() {
    let s: PresenceSettings = round_trip(&json!({
        "id": "settings",
        "name": "Presence settings",
        "restorePresenceSettings": {
            "enabled": true,
            "restoreOnQueueEnabled": false,
            "restoreTimeMilliseconds": 900000
        },
        "selfUri": "/api/v2/presence/settings"
    }));
    assert_eq!(
        s.restore_presence_settings
            .unwrap()
            .restore_time_milliseconds,
        Some(900_000)
    );
}

#[test]
fn source_round_trips() {
    let s: Source = round_trip(&json!({
        "id": "b4e8a1f2-0c3d-4e5f-9a6b-7c8d9e0f1a2b",
        "name": "Microsoft Teams",
        "description": "Presence synchronised from Teams",
        "deactivated": false,
        "type": "User",
        "selfUri": "/api/v2/presence/sources/b4e8a1f2-0c3d-4e5f-9a6b-7c8d9e0f1a2b"
    }));
    assert_eq!(s.name.as_deref(), Some("Microsoft Teams"));
    // `name` is required in requests (`Source::new` takes it), but a response without it still
    // decodes, and the absence stays visible: `None`, not an invented "".
    let partial: Source = serde_json::from_value(json!({"id": "x"})).unwrap();
    assert_eq!(partial.name, None);
    assert_eq!(partial.id.as_deref(), Some("x"));
}

#[test]
fn user_round_trips() {
    let u: User = round_trip(&json!({
        "id": "6a3c9f0e-1b2d-4c5e-8f90-123456789abc",
        "name": "Ada Lovelace",
        "division": { "id": "d1", "name": "Home", "selfUri": "/api/v2/authorization/divisions/d1" },
        "chat": { "jabberId": "ada@example.orgspan.com" },
        "department": "Engineering",
        "email": "ada@example.com",
        "primaryContactInfo": [
            { "address": "ada@example.com", "mediaType": "EMAIL", "type": "PRIMARY" }
        ],
        "addresses": [
            { "address": "+13175550100", "mediaType": "PHONE", "type": "WORK", "extension": "100" }
        ],
        "state": "active",
        "title": "Analyst",
        "username": "ada@example.com",
        "manager": { "id": "m1", "name": "Charles Babbage", "version": 3 },
        "images": [ { "resolution": "x96", "imageUri": "https://example.com/ada96.png" } ],
        "version": 7,
        "presence": {
            "id": "p1", "name": "Busy", "source": "PURECLOUD", "primary": true,
            "presenceDefinition": { "id": "31fe3bac-dea6-44b7-bed7-47f91660a1a0", "systemPresence": "Busy" },
            "modifiedDate": "2025-03-14T09:26:53.589Z"
        },
        "routingStatus": { "userId": "6a3c9f0e", "status": "INTERACTING", "startTime": "2025-03-14T09:20:00Z" },
        "acdAutoAnswer": false,
        "selfUri": "/api/v2/users/6a3c9f0e-1b2d-4c5e-8f90-123456789abc"
    }));
    // The containment cycle User.manager → User is boxed; the data is all there.
    assert_eq!(
        u.manager.as_ref().and_then(|m| m.name.as_deref()),
        Some("Charles Babbage")
    );
    assert_eq!(u.version, Some(7));
}

#[test]
fn batch_conversation_event_request_round_trips() {
    let _: BatchConversationEventRequest = round_trip(&json!({
        "communicationEndedEvents": [{
            "eventId": "0b9f5e2a-8a3e-4b1d-9f6e-2c4d5e6f7a8b",
            "eventDateTime": "2025-03-14T09:26:53.589Z",
            "conversationId": "c1",
            "communicationId": "m1",
            "disconnectType": "Peer"
        }],
        "phoneTransferEvents": [{
            "eventId": "1c0a6f3b-9b4f-4c2e-8a7f-3d5e6f7a8b9c",
            "eventDateTime": "2025-03-14T09:27:00Z",
            "conversationId": "c1",
            "commandId": "cmd-1",
            "objectCommunicationId": "m1",
            "destinationPhoneNumber": "tel:+13175550100",
            "initiatingCommunicationId": "m2",
            "targetCommunicationId": "m3",
            "transferType": "Attended"
        }]
    }));
}

#[test]
fn batch_event_response_round_trips() {
    let r: BatchEventResponse = round_trip(&json!({
        "errors": [
            { "eventId": "e1", "message": "Invalid user", "retryable": false },
            { "eventId": "e2", "message": "Try again", "retryable": true }
        ]
    }));
    let retryable: Vec<_> = r
        .errors
        .unwrap()
        .into_iter()
        .filter(|e| e.retryable == Some(true))
        .collect();
    assert_eq!(retryable.len(), 1);
}

#[test]
fn error_body_round_trips_and_keeps_unknown_limit_namespaces() {
    let e: ErrorBody = round_trip(&json!({
        "message": "Rate limit exceeded the maximum. Retry the request in [3] seconds",
        "code": "too.many.requests",
        "status": 429,
        "contextId": "2e4f6a8b-0c1d-4e3f-5a6b-7c8d9e0f1a2b",
        "details": [ { "errorCode": "rate.limit", "fieldName": "body" } ],
        "errors": [ { "message": "inner", "code": "inner.code", "status": 429 } ],
        "limit": { "key": "token.rate.per.minute", "namespace": "platform.api.new.namespace", "value": 300 },
        "messageWithParams": "Retry the request in [{seconds}] seconds",
        "messageParams": { "seconds": "3" }
    }));
    assert_eq!(e.status, Some(429));
    let ns = e.limit.unwrap().namespace.unwrap();
    assert!(
        matches!(&ns, LimitNamespace::Unknown(v) if v.as_str() == "platform.api.new.namespace"),
        "{ns:?}"
    );
}
