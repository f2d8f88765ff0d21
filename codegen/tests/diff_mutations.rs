//! One mutation per change kind: exactly one reported change, with the right kind and impact.

use codegen::diff::{diff, semver_lite::Version, ChangeKind, Format, Impact, Report};
use serde_json::{json, Value};

fn base() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diff/base.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const OP: &str = "/paths/~1api~1v2~1things~1{thingId}/get";
const THING: &str = "/components/schemas/Thing";

/// Applies `mutate` to a copy of the base and asserts exactly one change of `kind`/`impact`.
fn one(kind: ChangeKind, impact: Impact, mutate: impl FnOnce(&mut Value)) -> Report {
    let old = base();
    let mut new = old.clone();
    mutate(&mut new);
    let report = diff(&old, &new);
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(report.changes[0].kind, kind, "{:#?}", report.changes);
    assert_eq!(report.changes[0].impact, impact, "{:#?}", report.changes);
    report
}

fn at<'a>(v: &'a mut Value, ptr: &str) -> &'a mut Value {
    v.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}"))
}

#[test]
fn identical_documents_report_nothing() {
    let r = diff(&base(), &base());
    assert!(r.changes.is_empty());
    assert_eq!(
        r.summary_line(&Version::parse("0.1.0").unwrap()),
        "API unchanged: no release needed"
    );
}

#[test]
fn operation_added() {
    one(ChangeKind::OperationAdded, Impact::Additive, |d| {
        at(d, "/paths")["/api/v2/others"] = json!({ "get": { "operationId": "getOthers", "responses": { "204": { "description": "No Content" } } } });
    });
}

#[test]
fn operation_removed() {
    one(ChangeKind::OperationRemoved, Impact::Breaking, |d| {
        at(d, "/paths/~1api~1v2~1things~1{thingId}")
            .as_object_mut()
            .unwrap()
            .remove("put");
    });
}

#[test]
fn operation_deprecated_and_undeprecated() {
    one(ChangeKind::OperationDeprecated, Impact::Additive, |d| {
        at(d, OP)["deprecated"] = json!(true)
    });
    let mut old = base();
    at(&mut old, OP)["deprecated"] = json!(true);
    let r = diff(&old, &base());
    assert_eq!(r.changes.len(), 1);
    assert_eq!(r.changes[0].kind, ChangeKind::OperationUndeprecated);
}

#[test]
fn permissions_changed() {
    one(ChangeKind::PermissionsChanged, Impact::None, |d| {
        at(d, OP)["x-inin-requires-permissions"]["permissions"] =
            json!(["things:thing:view", "things:thing:read"]);
    });
}

#[test]
fn optional_parameter_added_is_additive_required_is_breaking() {
    one(ChangeKind::ParameterAdded, Impact::Additive, |d| {
        at(d, &format!("{OP}/parameters"))
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "expand", "in": "query", "schema": { "type": "string" } }));
    });
    one(ChangeKind::ParameterAdded, Impact::Breaking, |d| {
        at(d, &format!("{OP}/parameters")).as_array_mut().unwrap().push(json!({ "name": "divisionId", "in": "query", "required": true, "schema": { "type": "string" } }));
    });
}

#[test]
fn parameter_removed() {
    one(ChangeKind::ParameterRemoved, Impact::Breaking, |d| {
        at(d, &format!("{OP}/parameters"))
            .as_array_mut()
            .unwrap()
            .pop();
    });
}

#[test]
fn parameter_required_changed() {
    one(
        ChangeKind::ParameterRequiredChanged,
        Impact::Breaking,
        |d| at(d, &format!("{OP}/parameters/1"))["required"] = json!(true),
    );
}

#[test]
fn parameter_type_changed() {
    one(ChangeKind::ParameterTypeChanged, Impact::Breaking, |d| {
        at(d, &format!("{OP}/parameters/1"))["schema"] = json!({ "type": "integer" });
    });
}

#[test]
fn parameter_enum_values() {
    one(ChangeKind::EnumValueAdded, Impact::Additive, |d| {
        at(d, &format!("{OP}/parameters/1/schema/enum"))
            .as_array_mut()
            .unwrap()
            .push(json!("de"));
    });
    one(ChangeKind::EnumValueRemoved, Impact::Breaking, |d| {
        at(d, &format!("{OP}/parameters/1/schema/enum"))
            .as_array_mut()
            .unwrap()
            .pop();
    });
}

#[test]
fn request_body_changed() {
    one(ChangeKind::RequestBodyChanged, Impact::Breaking, |d| {
        at(
            d,
            "/paths/~1api~1v2~1things~1{thingId}/put/requestBody/content/application~1json/schema",
        )["$ref"] = json!("#/components/schemas/Other");
    });
}

#[test]
fn response_changed() {
    one(ChangeKind::ResponseChanged, Impact::Breaking, |d| {
        at(
            d,
            &format!("{OP}/responses/200/content/application~1json/schema"),
        )["$ref"] = json!("#/components/schemas/Other");
    });
}

#[test]
fn schema_added_and_removed() {
    one(ChangeKind::SchemaAdded, Impact::Additive, |d| {
        at(d, "/components/schemas")["New"] = json!({ "type": "object" })
    });
    one(ChangeKind::SchemaRemoved, Impact::Breaking, |d| {
        at(d, "/components/schemas")
            .as_object_mut()
            .unwrap()
            .remove("Other");
    });
}

#[test]
fn property_added_optional_additive_required_breaking() {
    one(ChangeKind::PropertyAdded, Impact::Additive, |d| {
        at(d, &format!("{THING}/properties"))["color"] = json!({ "type": "string" })
    });
    one(ChangeKind::PropertyAdded, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties"))["owner"] = json!({ "type": "string" });
        at(d, &format!("{THING}/required"))
            .as_array_mut()
            .unwrap()
            .push(json!("owner"));
    });
}

#[test]
fn property_removed() {
    one(ChangeKind::PropertyRemoved, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties"))
            .as_object_mut()
            .unwrap()
            .remove("size");
    });
}

#[test]
fn property_type_and_format_changed() {
    one(ChangeKind::PropertyTypeChanged, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties/size"))["format"] = json!("int64")
    });
    one(ChangeKind::PropertyTypeChanged, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties/name"))["type"] = json!("integer")
    });
}

#[test]
fn property_required_changed() {
    one(ChangeKind::PropertyRequiredChanged, Impact::Breaking, |d| {
        at(d, THING)["required"] = json!([])
    });
}

#[test]
fn property_read_only_changed() {
    one(ChangeKind::PropertyReadOnlyChanged, Impact::None, |d| {
        at(d, &format!("{THING}/properties/size"))["readOnly"] = json!(true)
    });
}

#[test]
fn property_deprecated() {
    one(ChangeKind::PropertyDeprecated, Impact::Additive, |d| {
        at(d, &format!("{THING}/properties/size"))["deprecated"] = json!(true)
    });
}

#[test]
fn schema_enum_values() {
    let r = one(ChangeKind::EnumValueAdded, Impact::Additive, |d| {
        at(d, &format!("{THING}/properties/state/enum"))
            .as_array_mut()
            .unwrap()
            .push(json!("On Hold"));
    });
    assert_eq!(r.changes[0].location, "Thing.state");
    one(ChangeKind::EnumValueRemoved, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties/state/enum"))
            .as_array_mut()
            .unwrap()
            .remove(0);
    });
}

#[test]
fn version_bumps_follow_cargo_pre_1_0_rules() {
    let old = base();
    let mut new = old.clone();
    at(&mut new, OP)["deprecated"] = json!(true);
    let additive = diff(&old, &new);
    let v010 = Version::parse("0.1.0").unwrap();
    let v120 = Version::parse("1.2.0").unwrap();
    assert_eq!(additive.bump(&v010).1.to_string(), "0.1.1");
    assert_eq!(additive.bump(&v120).1.to_string(), "1.3.0");
    at(&mut new, "/components/schemas")
        .as_object_mut()
        .unwrap()
        .remove("Other");
    let breaking = diff(&old, &new);
    assert_eq!(breaking.bump(&v010).1.to_string(), "0.2.0");
    assert_eq!(breaking.bump(&v120).1.to_string(), "2.0.0");
}

/// A report with several kinds of changes, for the rendering snapshots.
fn sample() -> Report {
    let old = base();
    let mut new = old.clone();
    at(&mut new, OP)["deprecated"] = json!(true);
    at(&mut new, &format!("{THING}/properties"))["color"] = json!({ "type": "string" });
    at(&mut new, "/components/schemas")
        .as_object_mut()
        .unwrap()
        .remove("Other");
    at(&mut new, &format!("{OP}/x-inin-requires-permissions/type")).clone_from(&json!("ANY"));
    diff(&old, &new)
}

#[test]
fn text_rendering() {
    insta::assert_snapshot!(
        "diff_text",
        sample().render(Format::Text, &Version::parse("0.1.0").unwrap(), None)
    );
}

#[test]
fn markdown_rendering() {
    insta::assert_snapshot!(
        "diff_markdown",
        sample().render(Format::Markdown, &Version::parse("0.1.0").unwrap(), None)
    );
}

/// The JSON output keeps the shape documented in docs/diff-json.md.
#[test]
fn json_rendering_has_the_documented_shape() {
    let text = sample().render(Format::Json, &Version::parse("0.1.0").unwrap(), None);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema_version"], 1);
    let summary = v["summary"].as_object().unwrap();
    let mut keys: Vec<&str> = summary.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "additive",
            "breaking",
            "bump",
            "current_version",
            "next_version",
            "none",
            "total"
        ]
    );
    for k in ["additive", "breaking", "none", "total"] {
        assert!(summary[k].is_u64(), "{k}");
    }
    assert!(["none", "patch", "minor", "major"].contains(&summary["bump"].as_str().unwrap()));
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len() as u64, summary["total"].as_u64().unwrap());
    for c in changes {
        let obj = c.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["detail", "impact", "kind", "location", "pointer"]);
        assert!(["breaking", "additive", "none"].contains(&c["impact"].as_str().unwrap()));
        assert!(c["pointer"].as_str().unwrap().starts_with("#/"));
        assert!(c["kind"]
            .as_str()
            .unwrap()
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch == '_'));
    }
    assert!(v["generated_code"].is_null());
}
