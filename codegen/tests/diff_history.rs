//! The real history of the Presence API: Java era → Ruby era → 2025 (seeds 004 → 003 → 002).

mod support;

use codegen::diff::{diff, ChangeKind, Impact, Report};
use support::shared_reference;

fn load(file: &str) -> Option<serde_json::Value> {
    let path = shared_reference(file)?;
    Some(codegen::spec::load(&std::fs::read(path).unwrap()).unwrap())
}

fn has(r: &Report, kind: ChangeKind, impact: Impact, location: &str) -> bool {
    r.changes
        .iter()
        .any(|c| c.kind == kind && c.impact == impact && c.location == location)
}

fn ops(r: &Report, kind: ChangeKind) -> Vec<&str> {
    r.changes
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c| c.location.as_str())
        .collect()
}

#[test]
fn java_era_to_ruby_era() {
    let (Some(java), Some(ruby)) = (
        load("history/presence-era-java.swagger.json"),
        load("history/presence-era-ruby.swagger.json"),
    ) else {
        return;
    };
    let r = diff(&java, &ruby);
    // The Microsoft Teams presence appears in the Ruby era.
    assert!(
        has(
            &r,
            ChangeKind::OperationAdded,
            Impact::Additive,
            "GET /api/v2/users/{userId}/presences/microsoftteams"
        ),
        "{:#?}",
        ops(&r, ChangeKind::OperationAdded)
    );
    assert!(
        ops(&r, ChangeKind::OperationRemoved).is_empty(),
        "{:#?}",
        ops(&r, ChangeKind::OperationRemoved)
    );
    // Model: User gains `lastTokenIssued` and `team` (checked by hand in both files), both optional.
    assert!(has(
        &r,
        ChangeKind::PropertyAdded,
        Impact::Additive,
        "User.lastTokenIssued"
    ));
    assert!(has(
        &r,
        ChangeKind::PropertyAdded,
        Impact::Additive,
        "User.team"
    ));
}

#[test]
fn ruby_era_to_2025() {
    let (Some(ruby), Some(now)) = (
        load("history/presence-era-ruby.swagger.json"),
        load("genesys-platform-api-2025-events-presence.swagger.json"),
    ) else {
        return;
    };
    let r = diff(&ruby, &now);
    // Removed by 2025: breaking.
    assert!(has(
        &r,
        ChangeKind::OperationRemoved,
        Impact::Breaking,
        "GET /api/v2/users/{userId}/presences/microsoftteams"
    ));
    // New families: additive.
    for op in [
        "GET /api/v2/presence/definitions",
        "POST /api/v2/presence/definitions",
        "GET /api/v2/presence/definitions/{definitionId}",
        "PUT /api/v2/presence/definitions/{definitionId}",
        "DELETE /api/v2/presence/definitions/{definitionId}",
        "GET /api/v2/presence/sources",
        "POST /api/v2/presence/sources",
        "GET /api/v2/presence/sources/{sourceId}",
        "GET /api/v2/presence/settings",
        "PUT /api/v2/presence/settings",
        "GET /api/v2/presence/users/{userId}/primarysource",
        "PUT /api/v2/presence/users/{userId}/primarysource",
        "POST /api/v2/events/users/presence",
    ] {
        assert!(
            has(&r, ChangeKind::OperationAdded, Impact::Additive, op),
            "{op} not reported as added"
        );
    }
    // The old family is deprecated, not removed.
    for op in [
        "GET /api/v2/presencedefinitions",
        "POST /api/v2/presencedefinitions",
        "GET /api/v2/presencedefinitions/{presenceId}",
        "PUT /api/v2/presencedefinitions/{presenceId}",
        "DELETE /api/v2/presencedefinitions/{presenceId}",
    ] {
        assert!(
            has(&r, ChangeKind::OperationDeprecated, Impact::Additive, op),
            "{op} not reported as deprecated"
        );
    }
    // Models, checked by hand: UserPresence gains `sourceId`; User gains `preferredName` and
    // `dateLastLogin`; the bulk PUT now takes MutableUserPresence.
    assert!(has(
        &r,
        ChangeKind::PropertyAdded,
        Impact::Additive,
        "UserPresence.sourceId"
    ));
    assert!(has(
        &r,
        ChangeKind::PropertyAdded,
        Impact::Additive,
        "User.preferredName"
    ));
    assert!(has(
        &r,
        ChangeKind::PropertyAdded,
        Impact::Additive,
        "User.dateLastLogin"
    ));
    assert!(has(
        &r,
        ChangeKind::RequestBodyChanged,
        Impact::Breaking,
        "PUT /api/v2/users/presences/bulk"
    ));
    assert!(r.is_breaking());
}

#[test]
fn a_document_diffed_with_itself_reports_nothing() {
    let Some(now) = load("genesys-platform-api-2025-events-presence.swagger.json") else {
        return;
    };
    assert!(diff(&now, &now).changes.is_empty());
}
