//! A corpus of response bodies as Genesys sends them (`tests/responses/*.json`), written from
//! the SDK documentation of the Presence and Events operations and the dialect notes of the
//! reference descriptions: bare `{id, selfUri}` user references, `null` and missing required
//! fields, fields this crate does not know, unknown enum values with spaces, timestamps with
//! and without milliseconds.
//!
//! Each file is `{"about", "type", "dropped", "body"}`. Every body must decode as `type`,
//! re-encode, and decode to an equal value; the re-encoding must equal the body minus `null`s
//! and minus exactly the unknown fields listed in `dropped` (JSON pointers), string for string,
//! so unknown enum values survive byte for byte. Timestamps compare as instants, because
//! `…:00.000Z` and `…:00Z` are the same time and the crate writes one canonical form.

use chrono::{DateTime, Utc};
use genesys_client::models::{self, LimitNamespace, OrganizationPresenceDefinitionSystemPresence};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One corpus file.
struct Case {
    name: String,
    ty: String,
    dropped: Vec<String>,
    body: String,
}

fn corpus() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/responses");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/responses exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let file: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.display()));
            let field = |k: &str| {
                file.get(k)
                    .unwrap_or_else(|| panic!("{}: no {k}", p.display()))
            };
            Case {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                ty: field("type").as_str().expect("type is a string").to_owned(),
                dropped: field("dropped")
                    .as_array()
                    .expect("dropped is an array")
                    .iter()
                    .map(|d| d.as_str().expect("pointer").to_owned())
                    .collect(),
                // The body as text, so decoding sees the bytes a server would send.
                body: serde_json::to_string(field("body")).unwrap(),
            }
        })
        .collect()
}

/// decode → encode → decode, returning the first decoding and the re-encoded JSON.
fn round_trip<T>(case: &Case) -> (T, Value)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let decoded: T = serde_json::from_str(&case.body)
        .unwrap_or_else(|e| panic!("{}: does not decode as {}: {e}", case.name, case.ty));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    let again: T = serde_json::from_value(encoded.clone())
        .unwrap_or_else(|e| panic!("{}: re-encoding does not decode: {e}", case.name));
    assert_eq!(
        decoded, again,
        "{}: decode → encode → decode differs",
        case.name
    );
    (decoded, encoded)
}

/// The body with the declared unknown fields removed (each must exist) and `null`s dropped.
fn expected(case: &Case) -> Value {
    let mut body: Value = serde_json::from_str(&case.body).unwrap();
    for pointer in &case.dropped {
        let (parent, key) = pointer.rsplit_once('/').expect("a JSON pointer");
        let removed = body
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .and_then(|o| o.remove(key));
        assert!(
            removed.is_some(),
            "{}: dropped pointer {pointer} is not in the body",
            case.name
        );
    }
    without_nulls(body)
}

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

/// `expected` and `actual` are equal, except that two timestamp strings only need to name the
/// same instant. Reports the first difference with its path.
fn same(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for k in e.keys().chain(a.keys()) {
                let p = format!("{path}/{k}");
                match (e.get(k), a.get(k)) {
                    (Some(x), Some(y)) => same(x, y, &p)?,
                    (Some(_), None) => return Err(format!("{p}: lost in re-encoding")),
                    (None, _) => return Err(format!("{p}: added by re-encoding")),
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .try_for_each(|(i, (x, y))| same(x, y, &format!("{path}/{i}"))),
        (Value::String(e), Value::String(a)) if e != a => {
            match (e.parse::<DateTime<Utc>>(), a.parse::<DateTime<Utc>>()) {
                (Ok(x), Ok(y)) if x == y => Ok(()),
                _ => Err(format!("{path}: {e:?} re-encoded as {a:?}")),
            }
        }
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: {e} re-encoded as {a}")),
    }
}

fn check<T>(case: &Case) -> T
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let (decoded, encoded) = round_trip::<T>(case);
    if let Err(diff) = same(&expected(case), &encoded, "") {
        panic!("{}: {diff}", case.name);
    }
    decoded
}

/// Decodes a case as the type it names; a type this test does not know is a failure.
fn check_named(case: &Case) {
    match case.ty.as_str() {
        "OrganizationPresenceEntityListing" => {
            check::<models::OrganizationPresenceEntityListing>(case);
        }
        "OrganizationPresenceDefinitionEntityListing" => {
            check::<models::OrganizationPresenceDefinitionEntityListing>(case);
        }
        "OrganizationPresence" => {
            check::<models::OrganizationPresence>(case);
        }
        "UserPresence" => {
            check::<models::UserPresence>(case);
        }
        "Vec<UcUserPresence>" => {
            check::<Vec<models::UcUserPresence>>(case);
        }
        "SourceEntityListing" => {
            check::<models::SourceEntityListing>(case);
        }
        "PresenceSettings" => {
            check::<models::PresenceSettings>(case);
        }
        "UserPrimarySource" => {
            check::<models::UserPrimarySource>(case);
        }
        "Vec<SystemPresence>" => {
            check::<Vec<models::SystemPresence>>(case);
        }
        "BatchEventResponse" => {
            check::<models::BatchEventResponse>(case);
        }
        "ErrorBody" => {
            check::<models::ErrorBody>(case);
        }
        other => panic!("{}: no decoder for type {other}", case.name),
    }
}

fn case(name: &str) -> Case {
    corpus()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no corpus file {name}"))
}

#[test]
fn every_response_in_the_corpus_decodes_and_round_trips() {
    let corpus = corpus();
    assert!(corpus.len() >= 10, "corpus has {} files", corpus.len());
    for case in &corpus {
        check_named(case);
    }
}

#[test]
fn bare_user_references_decode_and_absent_stays_absent() {
    let page = check::<models::OrganizationPresenceEntityListing>(&case(
        "presencedefinitions_page_partial_users.json",
    ));
    let entities = page.entities.unwrap();
    let creator = entities[0].created_by.as_ref().unwrap();
    assert_eq!(
        creator.self_uri.as_deref(),
        Some("/api/v2/users/2c1d3e4f-0000-4000-8000-0000000000aa")
    );
    // `User.version` is required by the description; absent here, it is `None`, not 0.
    assert_eq!(creator.version, None);
    assert_eq!(creator.name, None);
    assert_eq!(entities[0].modified_by, None);
    // A `null` required field is `None`, not an empty map.
    assert_eq!(entities[1].language_labels, None);
    assert_eq!(
        entities[1]
            .modified_by
            .as_ref()
            .and_then(|u| u.name.as_deref()),
        Some("Ada Lovelace")
    );
    assert_eq!(
        entities[0].created_date.unwrap().to_rfc3339(),
        "2016-01-01T00:00:00+00:00"
    );
}

#[test]
fn missing_and_null_required_fields_are_none() {
    let sources = check::<models::SourceEntityListing>(&case("sources_page.json"));
    let names: Vec<Option<&str>> = sources
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .map(|s| s.name.as_deref())
        .collect();
    assert_eq!(names, [Some("Microsoft Teams"), None, None]);

    let settings = check::<models::PresenceSettings>(&case("presence_settings.json"));
    let restore = settings.restore_presence_settings.unwrap();
    assert_eq!(restore.enabled, None);
    assert_eq!(restore.restore_on_queue_enabled, Some(true));
    assert_eq!(restore.restore_time_milliseconds, None);
}

#[test]
fn unknown_enum_values_with_spaces_are_kept_byte_for_byte() {
    let page = check::<models::OrganizationPresenceDefinitionEntityListing>(&case(
        "presence_definitions_v2.json",
    ));
    let third = &page.entities.as_deref().unwrap()[2];
    let presence = third.system_presence.as_ref().unwrap();
    assert!(
        matches!(presence, OrganizationPresenceDefinitionSystemPresence::Unknown(v) if v.as_str() == "Out Of Office"),
        "{presence:?}"
    );
    assert_eq!(third.type_.as_ref().unwrap().as_str(), "Partner Defined");
    assert_eq!(
        page.entities.as_deref().unwrap()[1].system_presence,
        Some(OrganizationPresenceDefinitionSystemPresence::Meal)
    );

    let presence =
        check::<models::OrganizationPresence>(&case("organization_presence_rich_user.json"));
    let user = presence.created_by.unwrap();
    assert_eq!(user.state.unwrap().as_str(), "pending deletion");
    assert_eq!(
        user.routing_status.unwrap().status.unwrap().as_str(),
        "ON BREAK"
    );
    let contacts = user.primary_contact_info.unwrap();
    assert_eq!(
        contacts[1].media_type.as_ref().unwrap().as_str(),
        "WHATS APP"
    );
    assert_eq!(contacts[1].type_.as_ref().unwrap().to_string(), "ON CALL");

    let error = check::<models::ErrorBody>(&case("error_body_rate_limited.json"));
    let namespace = error.limit.unwrap().namespace.unwrap();
    assert!(
        matches!(&namespace, LimitNamespace::Unknown(v) if v.as_str() == "platform.api.new namespace"),
        "{namespace:?}"
    );
}

#[test]
fn timestamps_with_and_without_milliseconds() {
    let bulk = check::<Vec<models::UcUserPresence>>(&case("users_presences_bulk.json"));
    let at = |i: usize| bulk[i].modified_date.unwrap();
    assert_eq!(at(0).to_rfc3339(), "2025-03-14T09:30:00+00:00");
    assert_eq!(at(2).timestamp_subsec_millis(), 500);
    assert_eq!(bulk[1].presence_definition, None);
    let presence = check::<models::UserPresence>(&case("user_presence.json"));
    assert_eq!(presence.modified_date, Some(at(0)));
}
