//! The real history of the Presence API: Java era (mid-2019, seed 004) → Ruby era (Aug 2020,
//! seed 003) → late 2025 (seed 002), from `../shared/reference`.
//!
//! The expected lists were checked by hand against the Swagger files with a separate script
//! (definitions: added / removed properties, `$ref`/type/format/enum per property, `required`
//! and `readOnly` sets; operations: method + path sets, `deprecated`,
//! `x-inin-requires-permissions`, parameters and success response schemas), and the
//! operation-level ones against the seeds' method tables.

mod support;

use codegen::diff::{diff, ChangeKind, Impact, Report};
use serde_json::{json, Value};
use support::shared_reference;

fn load(file: &str) -> Option<Value> {
    let path = shared_reference(file)?;
    Some(codegen::spec::load(&std::fs::read(path).unwrap()).unwrap())
}

const JAVA: &str = "history/presence-era-java.swagger.json";
const RUBY: &str = "history/presence-era-ruby.swagger.json";
const NOW: &str = "genesys-platform-api-2025-events-presence.swagger.json";

/// `impact kind location` of every change except `schema_added`, in report order.
fn lines(r: &Report) -> Vec<String> {
    r.changes
        .iter()
        .filter(|c| c.kind != ChangeKind::SchemaAdded)
        .map(|c| {
            let v = serde_json::to_value(c).unwrap();
            format!(
                "{} {} {}",
                v["impact"].as_str().unwrap(),
                v["kind"].as_str().unwrap(),
                c.location
            )
        })
        .collect()
}

fn added_schemas(r: &Report) -> Vec<&str> {
    r.changes
        .iter()
        .filter(|c| c.kind == ChangeKind::SchemaAdded)
        .map(|c| c.location.as_str())
        .collect()
}

#[test]
fn java_era_to_ruby_era() {
    let (Some(java), Some(ruby)) = (load(JAVA), load(RUBY)) else {
        return;
    };
    let r = diff(&java, &ruby).unwrap();
    assert_eq!(
        lines(&r),
        [
            // `name` left LocationDefinition's `required` list: `String` → `Option<String>`.
            "breaking property_required_changed LocationDefinition.name",
            // Now read-only, and both types are sent (PUT/POST bodies): their `with_*` setters
            // go (cargo-semver-checks: `inherent_method_missing`).
            "breaking property_read_only_changed Location.floorplanId",
            "breaking property_read_only_changed LocationDefinition.addressVerified",
            // The Ruby era adds the Microsoft Teams and Genesys Cloud (PURECLOUD) presences.
            "additive operation_added GET /api/v2/users/{userId}/presences/microsoftteams",
            "additive operation_added GET /api/v2/users/{userId}/presences/purecloud",
            "additive operation_added PATCH /api/v2/users/{userId}/presences/purecloud",
            "additive property_added Biography.education",
            "additive property_added Contact.countryCode",
            "additive property_added GroupContact.extension",
            "additive property_added LocationDefinition.addressStored",
            "additive property_added LocationDefinition.addressVerificationDetails",
            "additive property_added LocationDefinition.contactUser",
            "additive property_added LocationDefinition.floorplanImage",
            "additive property_added LocationDefinition.images",
            "additive property_added LocationDefinition.profileImage",
            "additive property_added User.lastTokenIssued",
            "additive property_added User.team",
            "additive property_added UserAuthorization.unusedRoles",
            // With `name` optional every field of LocationDefinition is: it now derives `Default`.
            "additive derives_changed LocationDefinition",
            // ANY → ALL on the presence definition writes.
            "none permissions_changed DELETE /api/v2/presencedefinitions/{presenceId}",
            "none permissions_changed POST /api/v2/presencedefinitions",
            "none permissions_changed PUT /api/v2/presencedefinitions/{presenceId}",
        ]
    );
    assert_eq!(
        added_schemas(&r),
        [
            "AddressableEntityRef",
            "Education",
            "LocationAddressVerificationDetails",
            "LocationImage",
            "OAuthLastTokenIssued",
            "PresenceExpand",
            "Team",
        ]
    );
    let perm = r
        .changes
        .iter()
        .find(|c| c.location == "POST /api/v2/presencedefinitions")
        .unwrap();
    assert_eq!(
        perm.detail,
        "ANY of [presence:presenceDefinition:add] → ALL of [presence:presenceDefinition:add]"
    );
    assert_eq!(
        perm.pointer,
        "#/paths/~1api~1v2~1presencedefinitions/post/x-inin-requires-permissions"
    );
}

#[test]
fn ruby_era_to_2025() {
    let (Some(ruby), Some(now)) = (load(RUBY), load(NOW)) else {
        return;
    };
    let r = diff(&ruby, &now).unwrap();
    assert_eq!(
        lines(&r),
        [
            // Gone by 2025.
            "breaking operation_removed GET /api/v2/users/{userId}/presences/microsoftteams",
            // The bulk PUT takes `MutableUserPresence` instead of `UserPresence`.
            "breaking request_body_changed PUT /api/v2/users/presences/bulk",
            "breaking schema_removed PresenceExpand",
            "breaking schema_removed UserImage",
            // `UserImage` was replaced by `Image`.
            "breaking property_type_changed Group.images",
            "breaking property_type_changed User.images",
            // Read-only on a type requests carry: `with_path` goes.
            "breaking property_read_only_changed LocationDefinition.path",
            // The /presence/definitions, sources, settings and primary-source families, the
            // bulk GETs and the Events API.
            "additive operation_added DELETE /api/v2/presence/definitions/{definitionId}",
            "additive operation_added DELETE /api/v2/presence/sources/{sourceId}",
            "additive operation_added GET /api/v2/presence/definitions",
            "additive operation_added GET /api/v2/presence/definitions/{definitionId}",
            "additive operation_added GET /api/v2/presence/settings",
            "additive operation_added GET /api/v2/presence/sources",
            "additive operation_added GET /api/v2/presence/sources/{sourceId}",
            "additive operation_added GET /api/v2/presence/users/{userId}/primarysource",
            "additive operation_added GET /api/v2/users/presences/purecloud/bulk",
            "additive operation_added GET /api/v2/users/presences/{sourceId}/bulk",
            "additive operation_added POST /api/v2/events/conversations",
            "additive operation_added POST /api/v2/events/users/presence",
            "additive operation_added POST /api/v2/events/users/routingstatus",
            "additive operation_added POST /api/v2/presence/definitions",
            "additive operation_added POST /api/v2/presence/sources",
            "additive operation_added PUT /api/v2/presence/definitions/{definitionId}",
            "additive operation_added PUT /api/v2/presence/settings",
            "additive operation_added PUT /api/v2/presence/sources/{sourceId}",
            "additive operation_added PUT /api/v2/presence/users/{userId}/primarysource",
            // The old /presencedefinitions family is deprecated, not removed.
            "additive operation_deprecated DELETE /api/v2/presencedefinitions/{presenceId}",
            "additive operation_deprecated GET /api/v2/presencedefinitions",
            "additive operation_deprecated GET /api/v2/presencedefinitions/{presenceId}",
            "additive operation_deprecated POST /api/v2/presencedefinitions",
            "additive operation_deprecated PUT /api/v2/presencedefinitions/{presenceId}",
            "additive property_added Contact.integration",
            "additive property_added ErrorBody.limit",
            "additive property_added Group.callsEnabled",
            "additive property_added Group.includeOwners",
            "additive property_added Group.rolesEnabled",
            "additive property_added Team.dateCreated",
            "additive property_added Team.division",
            "additive property_added User.dateLastLogin",
            "additive property_added User.dateWelcomeSent",
            "additive property_added User.integrationPresence",
            "additive property_added User.preferredName",
            "additive property_added User.workPlanBidRanks",
            "additive property_added UserPresence.sourceId",
            "additive property_added UserStation.webRtcCallAppearances",
            "additive enum_value_added Contact.type",
            "additive enum_value_added ResourceConditionValue.type",
            "none permissions_changed GET /api/v2/presencedefinitions/{presenceId}",
            "none permissions_changed PUT /api/v2/users/presences/bulk",
        ]
    );
    let added = added_schemas(&r);
    assert_eq!(added.len(), 56, "{added:#?}");
    for name in [
        "Image",
        "MutableUserPresence",
        "OrganizationPresenceDefinition",
        "PresenceSettings",
        "Source",
        "UserPrimarySource",
        "BatchUserPresenceEventRequest",
    ] {
        assert!(added.contains(&name), "{name}");
    }
    let detail = |loc: &str, kind: ChangeKind| {
        r.changes
            .iter()
            .find(|c| c.location == loc && c.kind == kind)
            .map(|c| c.detail.as_str())
            .unwrap()
    };
    assert_eq!(
        detail("User.images", ChangeKind::PropertyTypeChanged),
        "`array<UserImage>` → `array<Image>` (Rust `Vec<UserImage>` → `Vec<Image>`)"
    );
    // The replacement Genesys names in the summary is a fact of the IR.
    assert_eq!(
        detail(
            "PUT /api/v2/presencedefinitions/{presenceId}",
            ChangeKind::OperationDeprecated
        ),
        "now `#[deprecated]`: use `PUT /api/v2/presence/definitions/{definitionId}` instead"
    );
    assert!(detail("Contact.type", ChangeKind::EnumValueAdded).contains("\"OTHER\""));
    assert!(detail("ResourceConditionValue.type", ChangeKind::EnumValueAdded).contains("\"TEAM\""));
    assert_eq!(
        detail(
            "GET /api/v2/presencedefinitions/{presenceId}",
            ChangeKind::PermissionsChanged
        ),
        "none → ALL of [presence:presenceDefinition:view]"
    );
    // 7 breaking on 0.1.0: a minor release.
    let v = codegen::diff::semver_lite::Version::parse("0.1.0").unwrap();
    assert_eq!(r.bump(&v).1.to_string(), "0.2.0");
}

/// The whole history at once: what survived from 2019 to 2025.
#[test]
fn java_era_to_2025_skips_the_ruby_era_operation() {
    let (Some(java), Some(now)) = (load(JAVA), load(NOW)) else {
        return;
    };
    let r = diff(&java, &now).unwrap();
    let ms_teams = "GET /api/v2/users/{userId}/presences/microsoftteams";
    // Added in 2020 and removed by 2025: no trace across the whole span.
    assert!(
        r.changes.iter().all(|c| c.location != ms_teams),
        "{ms_teams}"
    );
    assert!(r
        .changes
        .iter()
        .any(|c| c.kind == ChangeKind::OperationAdded
            && c.location == "GET /api/v2/users/{userId}/presences/purecloud"));
}

/// On real data: every generated struct has `new(required…)`, so a new required field breaks
/// callers whichever side of the wire the type travels on (in 2025 `MutableUserPresence` is only
/// sent, `OrganizationPresenceDefinitionEntityListing` only received); the side is named in the
/// detail. A struct whose fields were all optional also stops deriving `Default`.
#[test]
fn a_new_required_field_is_breaking_on_either_side() {
    let Some(now) = load(NOW) else { return };
    for (schema, side) in [
        ("MutableUserPresence", "used in requests"),
        ("UserPresence", "used in requests and responses"),
        (
            "OrganizationPresenceDefinitionEntityListing",
            "response-only",
        ),
    ] {
        let mut new = now.clone();
        let s = new
            .pointer_mut(&format!("/components/schemas/{schema}"))
            .unwrap();
        s["properties"]["zzNew"] = json!({ "type": "string" });
        let mut required = s.get("required").cloned().unwrap_or(json!([]));
        let had_required = !required.as_array().unwrap().is_empty();
        required.as_array_mut().unwrap().push(json!("zzNew"));
        s["required"] = required;
        let r = diff(&now, &new).unwrap();
        let added: Vec<_> = r
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::PropertyAdded)
            .collect();
        assert_eq!(added.len(), 1, "{:#?}", r.changes);
        assert_eq!(
            added[0].impact,
            Impact::Breaking,
            "{schema}: {:?}",
            added[0]
        );
        assert!(added[0].detail.contains(side), "{schema}: {:?}", added[0]);
        let derives: Vec<_> = r
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::DerivesChanged)
            .collect();
        if had_required {
            assert!(derives.is_empty(), "{schema}: {derives:#?}");
        } else {
            assert_eq!(derives.len(), 1, "{schema}: {:#?}", r.changes);
            assert_eq!(derives[0].impact, Impact::Breaking);
            assert!(derives[0].detail.contains("Default"), "{:?}", derives[0]);
        }
        assert_eq!(r.changes.len(), 1 + derives.len(), "{:#?}", r.changes);
    }
}

#[test]
fn each_era_diffed_with_itself_reports_nothing() {
    for file in [JAVA, RUBY, NOW] {
        let Some(doc) = load(file) else { return };
        assert_eq!(diff(&doc, &doc).unwrap().changes, [], "{file}");
    }
}

/// The whole 2017 platform (509 paths, 733 schemas) against a copy with ten mutations: exactly
/// the ten changes come out. Prints the time of `diff` (run with `--release --nocapture` for the
/// number quoted in the report).
#[test]
fn whole_2017_platform_with_ten_mutations() {
    let Some(old) = load("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let mut new = old.clone();
    let op = |m: &str| format!("/paths/~1api~1v2~1presencedefinitions~1{{presenceId}}/{m}");
    let user = "/components/schemas/User/properties";
    // 1. an operation removed
    new.pointer_mut("/paths/~1api~1v2~1presencedefinitions~1{presenceId}")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("delete")
        .unwrap();
    // 2. an operation added
    new["paths"]["/api/v2/presence/zz"] = json!({ "get": { "operationId": "getZz", "responses": { "204": { "description": "No Content" } } } });
    // 3. an operation deprecated
    new.pointer_mut(&op("get")).unwrap()["deprecated"] = json!(true);
    // 4. permissions changed
    new.pointer_mut(&op("put")).unwrap()["x-inin-requires-permissions"] =
        json!({ "type": "ALL", "permissions": ["presence:presenceDefinition:edit"] });
    // 5. an optional query parameter added
    new.pointer_mut("/paths/~1api~1v2~1presencedefinitions/get/parameters")
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "zz", "in": "query", "schema": { "type": "string" } }));
    // 6. a property removed
    new.pointer_mut("/components/schemas/UserPresence/properties")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("message")
        .unwrap();
    // 7. an enum value added
    new.pointer_mut(&format!("{user}/state/enum"))
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(json!("suspended"));
    // 8. a schema added
    new["components"]["schemas"]["ZzNew"] =
        json!({ "type": "object", "properties": { "a": { "type": "string" } } });
    // 9. int32 → int64
    new.pointer_mut(&format!("{user}/version")).unwrap()["format"] = json!("int64");
    // 10. read-only
    new.pointer_mut(&format!("{user}/name")).unwrap()["readOnly"] = json!(true);

    let start = std::time::Instant::now();
    let r = diff(&old, &new).unwrap();
    let elapsed = start.elapsed();
    let start = std::time::Instant::now();
    assert!(diff(&old, &old).unwrap().changes.is_empty());
    let same = start.elapsed();
    eprintln!(
        "2017 document, ten mutations: diff in {:.1} ms (the document against itself: {:.1} ms)",
        elapsed.as_secs_f64() * 1e3,
        same.as_secs_f64() * 1e3
    );
    let got: Vec<(ChangeKind, Impact, &str)> = r
        .changes
        .iter()
        .map(|c| (c.kind, c.impact, c.location.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                ChangeKind::OperationRemoved,
                Impact::Breaking,
                "DELETE /api/v2/presencedefinitions/{presenceId}"
            ),
            (
                ChangeKind::PropertyRemoved,
                Impact::Breaking,
                "UserPresence.message"
            ),
            (
                ChangeKind::PropertyTypeChanged,
                Impact::Breaking,
                "User.version"
            ),
            // `User` is sent (PATCH /users/{userId}): the read-only field loses `with_name`.
            (
                ChangeKind::PropertyReadOnlyChanged,
                Impact::Breaking,
                "User.name"
            ),
            // `User.state` shared one deduplicated enum type with the other `state` fields of
            // the same values; its new value gives it a type of its own, a rename the diff
            // must report as breaking.
            (ChangeKind::Renamed, Impact::Breaking, "User.state"),
            (
                ChangeKind::OperationAdded,
                Impact::Additive,
                "GET /api/v2/presence/zz"
            ),
            (
                ChangeKind::OperationDeprecated,
                Impact::Additive,
                "GET /api/v2/presencedefinitions/{presenceId}"
            ),
            (
                ChangeKind::ParameterAdded,
                Impact::Additive,
                "GET /api/v2/presencedefinitions query parameter `zz`"
            ),
            (ChangeKind::SchemaAdded, Impact::Additive, "ZzNew"),
            (ChangeKind::EnumValueAdded, Impact::Additive, "User.state"),
            (
                ChangeKind::PermissionsChanged,
                Impact::None,
                "PUT /api/v2/presencedefinitions/{presenceId}"
            ),
        ]
    );
}
