//! `diff` reports the changes of operations and schemas the generator skips, from the wire
//! facts the IR records for them, flagged *not generated* with their impact on the wire; and a
//! path parameter renamed in the template (positional in Rust) is not a breaking change.
//!
//! The skipped items are made so by defects injected on both sides (a path parameter missing
//! from its template, a schema that merges itself through `allOf`), so the tests do not depend
//! on which constructs the generator skips today.

mod support;

use codegen::diff::{diff, Change, ChangeKind, Impact};
use serde_json::{json, Value};
use support::shared_reference;

fn load(file: &str) -> Option<Value> {
    let path = shared_reference(file)?;
    Some(codegen::spec::load(&std::fs::read(path).unwrap()).unwrap())
}

const ROLES: &str = "/paths/~1api~1v2~1authorization~1roles/get";

/// `wire impact kind location` of each change.
fn lines(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let v = serde_json::to_value(c).unwrap();
            format!(
                "{} {} {} {}",
                v["wire_impact"].as_str().unwrap_or("-"),
                v["impact"].as_str().unwrap(),
                v["kind"].as_str().unwrap(),
                c.location
            )
        })
        .collect()
}

/// The 2017 document with `GET /api/v2/authorization/roles` and a schema `Ghost` the
/// generator cannot express.
fn with_defects(mut doc: Value) -> Value {
    let op = doc.pointer_mut(ROLES).unwrap();
    op["parameters"].as_array_mut().unwrap().push(json!({
        "name": "ghostId", "in": "path", "required": true, "schema": { "type": "string" }
    }));
    doc["components"]["schemas"]["Ghost"] = ghost("Ghost");
    doc
}

/// A schema that cannot be generated: it merges itself (an `allOf` cycle), plus property `a`.
fn ghost(name: &str) -> Value {
    json!({ "allOf": [
        { "$ref": format!("#/components/schemas/{name}") },
        { "type": "object", "properties": { "a": { "type": "string" } } }
    ] })
}

/// The case: a query parameter added to an operation skipped on both sides is
/// reported, with the other wire-level changes of skipped items.
#[test]
fn changes_of_skipped_operations_and_schemas_are_reported_from_the_wire_facts() {
    let Some(doc) = load("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let old = with_defects(doc);
    let mut new = old.clone();
    let op = new.pointer_mut(ROLES).unwrap();
    op["parameters"].as_array_mut().unwrap().push(json!({
        "name": "id", "in": "query", "required": false,
        "schema": { "type": "array", "items": { "type": "string" } }
    }));
    op["parameters"].as_array_mut().unwrap().push(json!({
        "name": "divisionId", "in": "query", "required": true, "schema": { "type": "string" }
    }));
    let params = op["parameters"].as_array_mut().unwrap();
    params.retain(|p| p["name"] != "userCount");
    op["deprecated"] = json!(true);
    op["responses"].as_object_mut().unwrap().remove("415");
    let g = &mut new["components"]["schemas"]["Ghost"];
    g["allOf"][1]["properties"]["b"] = json!({ "type": "integer" });
    g["deprecated"] = json!(true);
    new["components"]["schemas"]["Ghost2"] = ghost("Ghost2");

    let old_ir = codegen::diff::lower(&old).unwrap();
    let new_ir = codegen::diff::lower(&new).unwrap();
    // Skipped on both sides, with the facts recorded.
    for ir in [&old_ir, &new_ir] {
        let op = ir
            .skipped_operations
            .iter()
            .find(|o| o.path == "/api/v2/authorization/roles" && o.method == "GET")
            .expect("the operation is skipped and its wire facts recorded");
        assert!(op
            .params
            .iter()
            .any(|p| p.name == "pageSize" && !p.required));
        assert!(ir.skipped_schemas.iter().any(|s| s.name == "Ghost"));
    }
    let report = codegen::diff::diff_ir((&old, &old_ir), (&new, &new_ir));
    let roles = "GET /api/v2/authorization/roles";
    let mut expected = vec![
        format!("breaking none parameter_removed {roles} query parameter `userCount`"),
        format!("additive none operation_deprecated {roles}"),
        format!("breaking none parameter_added {roles} query parameter `divisionId`"),
        format!("additive none parameter_added {roles} query parameter `id`"),
        format!("none none response_statuses_changed {roles}"),
        "additive none schema_added Ghost2".to_owned(),
        "additive none schema_deprecated Ghost".to_owned(),
        "additive none property_added Ghost.b".to_owned(),
    ];
    expected.sort();
    let mut got = lines(&report.changes);
    got.sort();
    // Nothing else: both sides are the same document but for these changes.
    assert_eq!(got, expected);
    // Each says it is not generated; the statuses name what went.
    for c in &report.changes {
        assert!(c.detail.starts_with("not generated: "), "{c:?}");
        assert_eq!(c.impact, Impact::None, "{c:?}");
    }
    let statuses = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::ResponseStatusesChanged)
        .unwrap();
    assert_eq!(statuses.detail, "not generated: -415");
    assert_eq!(statuses.pointer, format!("#{ROLES}/responses"));
    // Rendered: the Markdown lists them apart, with their wire impact.
    let v = codegen::diff::semver_lite::Version::parse("0.1.0").unwrap();
    let md = report.render(codegen::diff::Format::Markdown, &v, None);
    assert!(md.contains("#### Not generated"), "{md}");
    assert!(
        md.contains("query parameter id`: not generated: optional (wire: additive)"),
        "{md}"
    );
    assert!(!md.contains("#### Documentation only"), "{md}");
}

/// A skipped operation or schema that disappears from the API is a removal on the wire; one
/// that appears is an addition.
#[test]
fn skipped_items_coming_and_going() {
    let Some(doc) = load("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let mut with = doc.clone();
    with["paths"]["/api/v2/ghosts"] = json!({ "get": {
        "operationId": "getGhosts", "tags": ["Ghosts"],
        "parameters": [{ "name": "ghostId", "in": "path", "required": true, "schema": { "type": "string" } }],
        "responses": { "204": { "description": "No Content" } }
    } });
    with["components"]["schemas"]["Ghost"] = ghost("Ghost");
    let report = diff(&with, &doc).unwrap();
    let mut got = lines(&report.changes);
    got.sort();
    assert_eq!(
        got,
        [
            "breaking none operation_removed GET /api/v2/ghosts",
            "breaking none schema_removed Ghost",
        ]
    );
    let report = diff(&doc, &with).unwrap();
    let mut got = lines(&report.changes);
    got.sort();
    assert_eq!(
        got,
        [
            "additive none operation_added GET /api/v2/ghosts",
            "additive none schema_added Ghost",
        ]
    );
    let added = &report.changes[0];
    assert!(
        added.detail.contains("ghostId") && added.detail.contains("path template"),
        "{added:?}"
    );
}

/// `/presence/sources/{sourceId}` → `{id}`: the same URL and the same Rust methods (path
/// parameters are positional arguments), so no breaking change.
#[test]
fn a_renamed_path_parameter_is_not_breaking() {
    let Some(old) = load("genesys-platform-api-2025-events-presence.swagger.json") else {
        return;
    };
    let text = old.to_string().replace(
        "/api/v2/presence/sources/{sourceId}",
        "/api/v2/presence/sources/{id}",
    );
    let mut new: Value = serde_json::from_str(&text).unwrap();
    let item = new["paths"]["/api/v2/presence/sources/{id}"]
        .as_object_mut()
        .unwrap();
    let mut renamed = 0;
    for op in item.values_mut() {
        for p in op["parameters"].as_array_mut().into_iter().flatten() {
            if p["in"] == "path" && p["name"] == "sourceId" {
                p["name"] = json!("id");
                renamed += 1;
            }
        }
    }
    assert_eq!(renamed, 3);
    let report = diff(&old, &new).unwrap();
    let got = lines(&report.changes);
    assert_eq!(
        got,
        [
            "- none path_changed DELETE /api/v2/presence/sources/{id}",
            "- none path_changed GET /api/v2/presence/sources/{id}",
            "- none path_changed PUT /api/v2/presence/sources/{id}",
        ]
    );
    assert!(report.changes[0]
        .detail
        .contains("was `/api/v2/presence/sources/{sourceId}`"));
}
