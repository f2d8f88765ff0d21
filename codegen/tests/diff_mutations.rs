//! One mutation of a small hand-written document per change kind: exactly one reported change,
//! with the right kind, impact and location. Plus the renderings (snapshots) and the JSON layout
//! (validated against the schema in `docs/diff-json.md`).

mod support;

use codegen::diff::{
    diff, semver_lite::Version, Change, ChangeKind, CodeDiff, Format, Impact, Report,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn base() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diff/base.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const THINGS: &str = "/paths/~1api~1v2~1things";
const OP: &str = "/paths/~1api~1v2~1things~1{thingId}/get";
const PUT: &str = "/paths/~1api~1v2~1things~1{thingId}/put";
const STATE: &str = "/paths/~1api~1v2~1things~1{thingId}~1state";
const SCHEMAS: &str = "/components/schemas";
const THING: &str = "/components/schemas/Thing";
const JSON_SCHEMA: &str = "content/application~1json/schema";

/// Applies `mutate` to a copy of the base and asserts exactly one change, of `kind`/`impact`.
fn one(kind: ChangeKind, impact: Impact, mutate: impl FnOnce(&mut Value)) -> Change {
    let old = base();
    let mut new = old.clone();
    mutate(&mut new);
    let report = diff(&old, &new).unwrap();
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let c = report.changes.into_iter().next().unwrap();
    assert_eq!((c.kind, c.impact), (kind, impact), "{c:#?}");
    // Every pointer resolves: into the old document for removals, else into the new one (a
    // removed request body is a removal too).
    let ptr = c.pointer.strip_prefix('#').unwrap();
    let removal = matches!(
        kind,
        ChangeKind::OperationRemoved
            | ChangeKind::ParameterRemoved
            | ChangeKind::SchemaRemoved
            | ChangeKind::PropertyRemoved
    ) || new.pointer(ptr).is_none();
    let doc = if removal { &old } else { &new };
    assert!(doc.pointer(ptr).is_some(), "dangling pointer {c:#?}");
    c
}

/// Like [`one`], for a change that also changes what the struct derives: exactly that change
/// and one `derives_changed` on the struct (`Default` comes or goes with the last required
/// field), breaking when `Default` is lost.
fn two(kind: ChangeKind, impact: Impact, mutate: impl FnOnce(&mut Value)) -> Change {
    let old = base();
    let mut new = old.clone();
    mutate(&mut new);
    let report = diff(&old, &new).unwrap();
    assert_eq!(report.changes.len(), 2, "{:#?}", report.changes);
    let derives = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::DerivesChanged)
        .unwrap_or_else(|| panic!("no derives_changed: {:#?}", report.changes));
    assert!(derives.detail.contains("`Default`") || derives.detail.contains("Default"));
    let c = report
        .changes
        .iter()
        .find(|c| c.kind != ChangeKind::DerivesChanged)
        .unwrap()
        .clone();
    assert_eq!((c.kind, c.impact), (kind, impact), "{c:#?}");
    c
}

/// A breaking change of `kind` that makes an operation of `Things` use `Other`, which nothing
/// used: `Other` then compiles with the `things` feature only, where it compiled always, which
/// breaks a program built without that feature (`features_changed`).
fn now_reaches_other(kind: ChangeKind, mutate: impl FnOnce(&mut Value)) {
    let old = base();
    let mut new = old.clone();
    mutate(&mut new);
    let report = diff(&old, &new).unwrap();
    let got: Vec<(ChangeKind, Impact, &str)> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.impact, c.location.as_str()))
        .collect();
    assert_eq!(got.len(), 2, "{:#?}", report.changes);
    assert_eq!((got[0].0, got[0].1), (kind, Impact::Breaking), "{got:?}");
    assert_eq!(
        got[1],
        (ChangeKind::FeaturesChanged, Impact::Breaking, "Other"),
        "{:#?}",
        report.changes
    );
    assert_eq!(
        report.changes[1].detail,
        "`Other` compiled always → with feature `things`"
    );
}

fn at<'a>(v: &'a mut Value, ptr: &str) -> &'a mut Value {
    v.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}"))
}

fn remove(v: &mut Value, ptr: &str, key: &str) {
    at(v, ptr).as_object_mut().unwrap().remove(key).unwrap();
}

fn push(v: &mut Value, ptr: &str, item: Value) {
    at(v, ptr).as_array_mut().unwrap().push(item);
}

#[test]
fn identical_documents_report_nothing() {
    let r = diff(&base(), &base()).unwrap();
    assert!(r.changes.is_empty(), "{:#?}", r.changes);
    assert_eq!(
        r.summary_line(&Version::parse("0.1.0").unwrap()),
        "API unchanged: no release needed"
    );
}

#[test]
fn operation_added() {
    let c = one(ChangeKind::OperationAdded, Impact::Additive, |d| {
        at(d, "/paths")["/api/v2/others"] = json!({ "get": { "operationId": "getOthers", "responses": { "204": { "description": "No Content" } } } });
    });
    assert_eq!(c.location, "GET /api/v2/others");
    assert_eq!(c.pointer, "#/paths/~1api~1v2~1others/get");
}

#[test]
fn operation_removed() {
    let c = one(ChangeKind::OperationRemoved, Impact::Breaking, |d| {
        remove(d, "/paths/~1api~1v2~1things~1{thingId}", "put")
    });
    assert_eq!(c.location, "PUT /api/v2/things/{thingId}");
}

#[test]
fn operation_deprecated() {
    one(ChangeKind::OperationDeprecated, Impact::Additive, |d| {
        at(d, OP)["deprecated"] = json!(true)
    });
}

#[test]
fn operation_undeprecated() {
    let mut old = base();
    at(&mut old, OP)["deprecated"] = json!(true);
    let r = diff(&old, &base()).unwrap();
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    assert_eq!(r.changes[0].kind, ChangeKind::OperationUndeprecated);
    assert_eq!(r.changes[0].impact, Impact::Additive);
}

#[test]
fn permissions_changed_is_docs_only() {
    let c = one(ChangeKind::PermissionsChanged, Impact::None, |d| {
        at(d, OP)["x-inin-requires-permissions"]["permissions"] =
            json!(["things:thing:view", "things:thing:read"]);
    });
    assert_eq!(
        c.detail,
        "ALL of [things:thing:view] → ALL of [things:thing:read, things:thing:view]"
    );
    // Only the order changed: no change.
    let mut new = base();
    at(&mut new, OP)["x-inin-requires-permissions"]["permissions"] = json!(["things:thing:view"]);
    assert!(diff(&base(), &new).unwrap().changes.is_empty());
}

#[test]
fn optional_query_parameter_added_is_additive() {
    let c = one(ChangeKind::ParameterAdded, Impact::Additive, |d| {
        push(
            d,
            &format!("{OP}/parameters"),
            json!({ "name": "expand", "in": "query", "schema": { "type": "string" } }),
        )
    });
    assert_eq!(
        c.location,
        "GET /api/v2/things/{thingId} query parameter `expand`"
    );
    assert_eq!(c.pointer, format!("#{OP}/parameters/2"));
}

#[test]
fn required_parameter_added_is_breaking() {
    one(ChangeKind::ParameterAdded, Impact::Breaking, |d| {
        push(
            d,
            &format!("{OP}/parameters"),
            json!({ "name": "divisionId", "in": "query", "required": true, "schema": { "type": "string" } }),
        )
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
fn path_level_parameter_removed_points_at_the_path_item() {
    let mut old = base();
    push(
        &mut old,
        &format!("{STATE}/parameters"),
        json!({ "name": "expand", "in": "query", "schema": { "type": "string" } }),
    );
    let mut new = old.clone();
    at(&mut new, &format!("{STATE}/parameters"))
        .as_array_mut()
        .unwrap()
        .pop();
    let r = diff(&old, &new).unwrap();
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    let c = &r.changes[0];
    assert_eq!(
        (c.kind, c.impact),
        (ChangeKind::ParameterRemoved, Impact::Breaking)
    );
    assert_eq!(c.pointer, format!("#{STATE}/parameters/1"));
    assert_eq!(
        c.location,
        "GET /api/v2/things/{thingId}/state query parameter `expand`"
    );
}

/// Without its path parameter the operation cannot be generated: for the Rust API it is gone,
/// and the report says why.
#[test]
fn an_operation_the_generator_now_skips_is_removed() {
    let c = one(ChangeKind::OperationRemoved, Impact::Breaking, |d| {
        remove(d, STATE, "parameters")
    });
    assert_eq!(c.location, "GET /api/v2/things/{thingId}/state");
    assert!(c.detail.contains("no longer generated"), "{c:?}");
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
    // int32 → int64: `i32` → `i64`.
    one(ChangeKind::ParameterTypeChanged, Impact::Breaking, |d| {
        at(d, &format!("{THINGS}/get/parameters/0/schema"))["format"] = json!("int64");
    });
}

#[test]
fn parameter_format_with_the_same_rust_type_is_docs_only() {
    let c = one(ChangeKind::ParameterTypeChanged, Impact::None, |d| {
        at(d, &format!("{OP}/parameters/0/schema"))["format"] = json!("uuid");
    });
    assert_eq!(
        c.detail,
        "`string` → `string/uuid` (same Rust type `String`)"
    );
}

#[test]
fn parameter_enum_value_added() {
    one(ChangeKind::EnumValueAdded, Impact::Additive, |d| {
        push(d, &format!("{OP}/parameters/1/schema/enum"), json!("de"))
    });
}

#[test]
fn parameter_enum_value_removed() {
    let c = one(ChangeKind::EnumValueRemoved, Impact::Breaking, |d| {
        at(d, &format!("{OP}/parameters/1/schema/enum"))
            .as_array_mut()
            .unwrap()
            .pop();
    });
    assert_eq!(
        c.location,
        "GET /api/v2/things/{thingId} query parameter `localeCode`"
    );
    assert!(c.detail.contains("\"fr\""), "{c:?}");
}

#[test]
fn request_body_changed() {
    now_reaches_other(ChangeKind::RequestBodyChanged, |d| {
        at(d, &format!("{PUT}/requestBody/{JSON_SCHEMA}"))["$ref"] =
            json!("#/components/schemas/Other");
    });
    one(ChangeKind::RequestBodyChanged, Impact::Breaking, |d| {
        remove(d, PUT, "requestBody")
    });
}

#[test]
fn required_property_added_to_an_inline_request_body_is_breaking() {
    let c = one(ChangeKind::PropertyAdded, Impact::Breaking, |d| {
        let body = &format!("{THINGS}/post/requestBody/{JSON_SCHEMA}");
        at(d, &format!("{body}/properties"))["color"] = json!({ "type": "string" });
        push(d, &format!("{body}/required"), json!("color"));
    });
    assert_eq!(c.location, "POST /api/v2/things body.color");
}

#[test]
fn response_changed() {
    now_reaches_other(ChangeKind::ResponseChanged, |d| {
        at(d, &format!("{OP}/responses/200/{JSON_SCHEMA}"))["$ref"] =
            json!("#/components/schemas/Other");
    });
    // A body becomes `()`.
    one(ChangeKind::ResponseChanged, Impact::Breaking, |d| {
        at(d, &format!("{OP}/responses"))["200"] = json!({ "description": "OK" });
    });
}

#[test]
fn inline_response_enum_value_added() {
    let c = one(ChangeKind::EnumValueAdded, Impact::Additive, |d| {
        push(
            d,
            &format!("{STATE}/get/responses/200/{JSON_SCHEMA}/enum"),
            json!("broken"),
        )
    });
    assert_eq!(c.location, "GET /api/v2/things/{thingId}/state response");
}

#[test]
fn schema_added() {
    one(ChangeKind::SchemaAdded, Impact::Additive, |d| {
        at(d, SCHEMAS)["New"] = json!({ "type": "object" })
    });
}

#[test]
fn schema_removed() {
    let c = one(ChangeKind::SchemaRemoved, Impact::Breaking, |d| {
        remove(d, SCHEMAS, "Other")
    });
    assert_eq!(c.location, "Other");
}

#[test]
fn schema_type_changed() {
    // An enum becomes a plain string: the Rust enum disappears.
    one(ChangeKind::SchemaTypeChanged, Impact::Breaking, |d| {
        remove(d, &format!("{SCHEMAS}/Color"), "enum")
    });
}

#[test]
fn schema_deprecated() {
    one(ChangeKind::SchemaDeprecated, Impact::Additive, |d| {
        at(d, THING)["deprecated"] = json!(true)
    });
}

#[test]
fn optional_property_added_is_additive() {
    one(ChangeKind::PropertyAdded, Impact::Additive, |d| {
        at(d, &format!("{THING}/properties"))["color"] = json!({ "type": "string" })
    });
}

#[test]
fn required_property_added_to_a_request_type_is_breaking() {
    let c = one(ChangeKind::PropertyAdded, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties"))["owner"] = json!({ "type": "string" });
        push(d, &format!("{THING}/required"), json!("owner"));
    });
    assert_eq!(c.location, "Thing.owner");
    assert!(c.detail.contains("used in requests and responses"), "{c:?}");
}

/// Every struct has `new(required…)`, so a new required field breaks callers on either side
/// of the wire; the detail names the side. `ThingListing` and `Other` had only optional
/// fields, so they also stop deriving `Default`.
#[test]
fn required_property_added_to_a_response_only_type_is_breaking_too() {
    let c = two(ChangeKind::PropertyAdded, Impact::Breaking, |d| {
        let listing = format!("{SCHEMAS}/ThingListing");
        at(d, &format!("{listing}/properties"))["pageCount"] = json!({ "type": "integer" });
        at(d, &listing)["required"] = json!(["pageCount"]);
    });
    assert!(c.detail.contains("response-only"), "{c:?}");
}

#[test]
fn required_property_added_to_a_type_no_operation_uses_is_breaking() {
    let c = two(ChangeKind::PropertyAdded, Impact::Breaking, |d| {
        let other = format!("{SCHEMAS}/Other");
        at(d, &format!("{other}/properties"))["y"] = json!({ "type": "string" });
        at(d, &other)["required"] = json!(["y"]);
    });
    assert!(c.detail.contains("used by no operation"), "{c:?}");
}

#[test]
fn property_removed() {
    let c = one(ChangeKind::PropertyRemoved, Impact::Breaking, |d| {
        remove(d, &format!("{THING}/properties"), "size")
    });
    assert_eq!(c.pointer, "#/components/schemas/Thing/properties/size");
}

#[test]
fn property_type_changed() {
    one(ChangeKind::PropertyTypeChanged, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties/name"))["type"] = json!("integer")
    });
}

#[test]
fn property_format_changing_the_rust_type_is_breaking() {
    let c = one(ChangeKind::PropertyTypeChanged, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties/size"))["format"] = json!("int64")
    });
    assert_eq!(
        c.detail,
        "`integer/int32` → `integer/int64` (Rust `i32` → `i64`)"
    );
}

#[test]
fn property_format_keeping_the_rust_type_is_docs_only() {
    one(ChangeKind::PropertyTypeChanged, Impact::None, |d| {
        at(d, &format!("{THING}/properties/selfUri"))["format"] = json!("uri")
    });
    // No format → int64: both `i64`.
    one(ChangeKind::PropertyTypeChanged, Impact::None, |d| {
        remove(
            d,
            &format!("{SCHEMAS}/ThingListing/properties/total"),
            "format",
        )
    });
}

#[test]
fn property_required_changed() {
    // `Thing`'s only required field becomes optional: it now derives `Default` too.
    let c = two(ChangeKind::PropertyRequiredChanged, Impact::Breaking, |d| {
        at(d, THING)["required"] = json!([])
    });
    assert_eq!(c.location, "Thing.name");
}

/// `Thing` is sent (the PUT body): a read-only field has no setter there, so `with_size` goes
/// (cargo-semver-checks calls it `inherent_method_missing`); the reverse adds it back.
#[test]
fn property_read_only_on_a_sent_type_removes_its_setter() {
    let c = one(ChangeKind::PropertyReadOnlyChanged, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties/size"))["readOnly"] = json!(true)
    });
    assert!(c.detail.contains("`with_size` disappears"), "{c:?}");
    let mut old = base();
    at(&mut old, &format!("{THING}/properties/size"))["readOnly"] = json!(true);
    let r = diff(&old, &base()).unwrap();
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    assert_eq!(r.changes[0].impact, Impact::Additive, "{:?}", r.changes[0]);
}

/// `ThingListing` is only received: it has every setter either way, only the docs change.
#[test]
fn property_read_only_on_a_received_type_is_docs_only() {
    one(ChangeKind::PropertyReadOnlyChanged, Impact::None, |d| {
        at(d, &format!("{SCHEMAS}/ThingListing/properties/total"))["readOnly"] = json!(true)
    });
}

#[test]
fn property_deprecated() {
    one(ChangeKind::PropertyDeprecated, Impact::Additive, |d| {
        at(d, &format!("{THING}/properties/size"))["deprecated"] = json!(true)
    });
}

#[test]
fn property_enum_value_added() {
    let c = one(ChangeKind::EnumValueAdded, Impact::Additive, |d| {
        push(
            d,
            &format!("{THING}/properties/state/enum"),
            json!("On Hold"),
        )
    });
    assert_eq!(c.location, "Thing.state");
    assert_eq!(
        c.pointer,
        "#/components/schemas/Thing/properties/state/enum"
    );
}

#[test]
fn property_enum_value_removed() {
    one(ChangeKind::EnumValueRemoved, Impact::Breaking, |d| {
        at(d, &format!("{THING}/properties/state/enum"))
            .as_array_mut()
            .unwrap()
            .remove(0);
    });
}

#[test]
fn schema_enum_values() {
    let c = one(ChangeKind::EnumValueAdded, Impact::Additive, |d| {
        push(d, &format!("{SCHEMAS}/Color/enum"), json!("blue"))
    });
    assert_eq!(c.location, "Color");
    one(ChangeKind::EnumValueRemoved, Impact::Breaking, |d| {
        at(d, &format!("{SCHEMAS}/Color/enum"))
            .as_array_mut()
            .unwrap()
            .remove(0);
    })
    .detail
    .contains("\"red\"")
    .then_some(())
    .expect("the removed value is named");
}

#[test]
fn integer_enums_are_not_rust_enums_so_their_values_are_docs_only() {
    let mut old = base();
    at(&mut old, &format!("{THING}/properties/size"))["enum"] = json!([1, 2]);
    let mut new = old.clone();
    push(&mut new, &format!("{THING}/properties/size/enum"), json!(3));
    let r = diff(&old, &new).unwrap();
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    assert_eq!(
        (r.changes[0].kind, r.changes[0].impact),
        (ChangeKind::EnumValueAdded, Impact::None)
    );
}

#[test]
fn changes_are_sorted_and_the_report_is_deterministic() {
    let old = base();
    let mut new = sample_doc();
    let a = diff(&old, &new).unwrap();
    // Same document, keys inserted in another order.
    let text = serde_json::to_string(&new).unwrap();
    new = serde_json::from_str(&text).unwrap();
    let b = diff(&old, &new).unwrap();
    assert_eq!(a, b);
    let mut sorted = a.changes.clone();
    sorted.sort();
    assert_eq!(a.changes, sorted);
}

#[test]
fn version_bumps_follow_cargo_pre_1_0_rules() {
    let old = base();
    let mut new = old.clone();
    at(&mut new, OP)["deprecated"] = json!(true);
    let additive = diff(&old, &new).unwrap();
    let v010 = Version::parse("0.1.0").unwrap();
    let v120 = Version::parse("1.2.0").unwrap();
    assert_eq!(additive.bump(&v010).1.to_string(), "0.1.1");
    assert_eq!(additive.bump(&v120).1.to_string(), "1.3.0");
    remove(&mut new, SCHEMAS, "Other");
    let breaking = diff(&old, &new).unwrap();
    assert_eq!(breaking.bump(&v010).1.to_string(), "0.2.0");
    assert_eq!(breaking.bump(&v120).1.to_string(), "2.0.0");
    assert!(breaking
        .summary_line(&v010)
        .ends_with("(pre-1.0 rule: breaking → minor, additive → patch)"));
    let mut docs = old.clone();
    at(
        &mut docs,
        &format!("{SCHEMAS}/ThingListing/properties/total"),
    )["readOnly"] = json!(true);
    assert_eq!(
        diff(&old, &docs).unwrap().bump(&v010).1.to_string(),
        "0.1.1"
    );
}

/// The generated-code comparison runs the real generator on both sides.
#[test]
fn generated_code_diff_of_a_new_optional_field() {
    let generate = |v: &Value| {
        let api: codegen::OpenAPI = serde_json::from_value(v.clone()).unwrap();
        codegen::generate(&api).unwrap().files
    };
    let old = base();
    let mut new = old.clone();
    at(&mut new, &format!("{THING}/properties"))["color"] = json!({ "type": "string" });
    let old_files = generate(&old);
    assert!(
        old_files.contains_key("models/thing.rs"),
        "the base document must generate models/thing.rs: {:?}",
        old_files.keys().collect::<Vec<_>>()
    );
    let code = CodeDiff::new(&old_files, &generate(&new));
    assert!(
        code.added.is_empty() && code.removed.is_empty(),
        "{code:#?}"
    );
    assert_eq!(code.changed.len(), 1, "{code:#?}");
    assert_eq!(code.changed[0].path, "models/thing.rs");
    assert!(code.changed[0].added > 0);
    assert!(CodeDiff::new(&old_files, &generate(&old)).is_empty());
}

/// A document with several kinds of changes, for the rendering snapshots.
fn sample_doc() -> Value {
    let mut new = base();
    at(&mut new, OP)["deprecated"] = json!(true);
    at(&mut new, &format!("{THING}/properties"))["color"] = json!({ "type": "string" });
    remove(&mut new, SCHEMAS, "Other");
    at(&mut new, &format!("{OP}/x-inin-requires-permissions/type")).clone_from(&json!("ANY"));
    at(&mut new, &format!("{THING}/properties/selfUri"))["format"] = json!("uri");
    push(&mut new, &format!("{SCHEMAS}/Color/enum"), json!("blue"));
    new
}

fn sample() -> Report {
    diff(&base(), &sample_doc()).unwrap()
}

fn sample_code() -> CodeDiff {
    let files = |list: &[(&str, &str)]| -> BTreeMap<String, String> {
        list.iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect()
    };
    CodeDiff::new(
        &files(&[
            ("models/other.rs", "pub struct Other;\n"),
            (
                "models/thing.rs",
                "pub struct Thing {\n    pub name: String,\n}\n",
            ),
        ]),
        &files(&[
            ("models/color.rs", "pub enum Color {}\n"),
            (
                "models/thing.rs",
                "pub struct Thing {\n    pub name: String,\n    pub color: Option<String>,\n}\n",
            ),
        ]),
    )
}

#[test]
fn text_rendering() {
    let v = Version::parse("0.1.0").unwrap();
    insta::assert_snapshot!(
        "diff_text",
        sample().render(Format::Text, &v, Some(&sample_code()))
    );
}

#[test]
fn markdown_rendering() {
    let v = Version::parse("0.1.0").unwrap();
    insta::assert_snapshot!(
        "diff_markdown",
        sample().render(Format::Markdown, &v, Some(&sample_code()))
    );
}

/// The JSON Schema block of `docs/diff-json.md`.
fn documented_schema() -> Value {
    let doc = std::fs::read_to_string(support::workspace_root().join("docs/diff-json.md")).unwrap();
    let start = doc.find("```json\n").expect("a ```json block") + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    serde_json::from_str(&doc[start..end]).expect("the schema block is JSON")
}

/// Validates `v` against the JSON Schema subset the documentation uses (`type`, `const`, `enum`,
/// `properties`, `required`, `additionalProperties: false`, `items`, local `$ref`); returns
/// the violations, each with the instance path.
fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = root.pointer(r.strip_prefix('#').unwrap()).unwrap();
        return validate(root, target, v, path, errors);
    }
    let type_ok = |t: &str| match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        other => panic!("unsupported type {other}"),
    };
    match schema.get("type") {
        Some(Value::String(t)) if !type_ok(t) => errors.push(format!("{path}: not {t}: {v}")),
        Some(Value::Array(ts)) if !ts.iter().any(|t| type_ok(t.as_str().unwrap())) => {
            errors.push(format!("{path}: not any of {ts:?}: {v}"))
        }
        _ => {}
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            errors.push(format!("{path}: {v} is not {c}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{path}: {v} not in enum"));
        }
    }
    if let (Some(obj), Some(props)) = (
        v.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) {
        for r in schema["required"].as_array().unwrap() {
            if !obj.contains_key(r.as_str().unwrap()) {
                errors.push(format!("{path}: missing {r}"));
            }
        }
        for (k, x) in obj {
            match props.get(k) {
                Some(s) => validate(root, s, x, &format!("{path}/{k}"), errors),
                None if schema["additionalProperties"] == json!(false) => {
                    errors.push(format!("{path}: undocumented field {k}"))
                }
                None => {}
            }
        }
    }
    if let (Some(xs), Some(items)) = (v.as_array(), schema.get("items")) {
        for (i, x) in xs.iter().enumerate() {
            validate(root, items, x, &format!("{path}/{i}"), errors);
        }
    }
}

fn violations(v: &Value) -> Vec<String> {
    let schema = documented_schema();
    let mut errors = Vec::new();
    validate(&schema, &schema, v, "", &mut errors);
    errors
}

/// The JSON output has the layout documented in docs/diff-json.md, with and without code stats.
#[test]
fn json_rendering_matches_the_documented_schema() {
    let v010 = Version::parse("0.1.0").unwrap();
    for code in [None, Some(sample_code())] {
        let text = sample().render(Format::Json, &v010, code.as_ref());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(violations(&v), Vec::<String>::new(), "{text}");
        assert_eq!(
            v["changes"].as_array().unwrap().len() as u64,
            v["summary"]["total"].as_u64().unwrap()
        );
        assert_eq!(v["generated_code"].is_null(), code.is_none());
    }
    // The validator is not vacuous: an undocumented field, a wrong type and a missing field fail.
    let text = sample().render(Format::Json, &v010, Some(&sample_code()));
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["changes"][0]["extra"] = json!(1);
    v["summary"]["total"] = json!("7");
    remove(&mut v, "/generated_code/changed/0", "added");
    assert_eq!(violations(&v).len(), 3, "{:#?}", violations(&v));
}

/// Every `ChangeKind` is listed in the documented schema, and nothing else.
#[test]
fn documented_kinds_are_exactly_the_change_kinds() {
    let schema = documented_schema();
    let documented: Vec<Value> = schema
        .pointer("/properties/changes/items/properties/kind/enum")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let actual: Vec<Value> = ChangeKind::ALL
        .iter()
        .map(|k| serde_json::to_value(k).unwrap())
        .collect();
    assert_eq!(documented, actual);
}

/// A new schema whose Rust name collides with an existing one: the generator (which hands out
/// names in wire-name order) renames the existing type, and the report says so.
#[test]
fn a_rename_caused_by_a_name_collision_is_reported_as_such() {
    let old = base();
    let mut new = old.clone();
    at(&mut new, SCHEMAS)["THING"] =
        json!({ "type": "object", "properties": { "z": { "type": "string" } } });
    let r = diff(&old, &new).unwrap();
    let renamed: Vec<&Change> = r
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Renamed)
        .collect();
    // The schema once (not at every field, body and response that uses it), and the inline
    // enum declared inside it, whose name derives from the schema's.
    assert_eq!(renamed.len(), 2, "{:#?}", r.changes);
    let c = renamed[0];
    assert_eq!((c.impact, c.location.as_str()), (Impact::Breaking, "Thing"));
    assert!(
        c.detail.contains("name collision") && c.detail.contains("now names `THING`"),
        "{c:?}"
    );
    assert_eq!(renamed[1].location, "Thing.state");
    assert!(
        renamed[1].detail.contains("`ThingState` → `Thing2State`"),
        "{:?}",
        renamed[1]
    );
    // Nothing else but the new schema.
    assert_eq!(r.changes.len(), 3, "{:#?}", r.changes);
}

/// Error responses never change a signature (they decode into the runtime's error), but they
/// are compared, every status of them.
#[test]
fn error_responses_are_compared_as_docs() {
    let c = one(ChangeKind::ResponseStatusesChanged, Impact::None, |d| {
        at(d, &format!("{OP}/responses"))["404"] = json!({ "description": "Not found", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Other" } } } });
    });
    assert!(c.detail.starts_with("+404"), "{c:?}");
    assert_eq!(c.pointer, format!("#{OP}/responses"));
}

/// Every success response counts: a second success status with another body makes `send`
/// return free-form JSON.
#[test]
fn a_second_success_body_of_another_type_is_breaking() {
    let old = base();
    let mut new = old.clone();
    at(&mut new, &format!("{OP}/responses"))["203"] = json!({ "description": "Partial", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Other" } } } });
    let r = diff(&old, &new).unwrap();
    let kinds: Vec<(ChangeKind, Impact)> = r.changes.iter().map(|c| (c.kind, c.impact)).collect();
    assert_eq!(
        kinds,
        [
            (ChangeKind::ResponseChanged, Impact::Breaking),
            (ChangeKind::ResponseStatusesChanged, Impact::None)
        ],
        "{:#?}",
        r.changes
    );
    assert!(
        r.changes[0].detail.contains("Rust `Thing` → `Value`"),
        "{:?}",
        r.changes[0]
    );
}

/// A float field makes `Eq` and `Hash` underivable: losing them is breaking even though the
/// field itself is an additive, optional one.
#[test]
fn losing_derived_traits_is_breaking() {
    let old = base();
    let mut new = old.clone();
    at(&mut new, &format!("{SCHEMAS}/Other/properties"))["ratio"] = json!({ "type": "number" });
    let r = diff(&old, &new).unwrap();
    let kinds: Vec<(ChangeKind, Impact)> = r.changes.iter().map(|c| (c.kind, c.impact)).collect();
    assert_eq!(
        kinds,
        [
            (ChangeKind::DerivesChanged, Impact::Breaking),
            (ChangeKind::PropertyAdded, Impact::Additive)
        ],
        "{:#?}",
        r.changes
    );
    assert_eq!(r.changes[0].detail, "`Other` no longer derives Eq, Hash");
}

/// A list parameter's per-request limit: appearing adds `send_chunked()`, lowering it refuses
/// calls that passed before.
#[test]
fn limit_changes_on_a_list_parameter() {
    let mut old = base();
    push(
        &mut old,
        &format!("{OP}/parameters"),
        json!({ "name": "id", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } }),
    );
    let limited = |n: u64| {
        let mut d = old.clone();
        at(&mut d, &format!("{OP}/parameters/2/schema"))["maxItems"] = json!(n);
        d
    };
    let only = |a: &Value, b: &Value| {
        let r = diff(a, b).unwrap();
        assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
        r.changes.into_iter().next().unwrap()
    };
    let added = only(&old, &limited(50));
    assert_eq!(
        (added.kind, added.impact),
        (ChangeKind::LimitChanged, Impact::Additive)
    );
    assert!(added.detail.contains("50"), "{added:?}");
    let lowered = only(&limited(50), &limited(20));
    assert_eq!(
        (lowered.kind, lowered.impact),
        (ChangeKind::LimitChanged, Impact::Breaking)
    );
    let removed = only(&limited(50), &old);
    assert_eq!(removed.impact, Impact::Breaking);
    assert!(diff(&limited(50), &limited(50)).unwrap().changes.is_empty());
}
