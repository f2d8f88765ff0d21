//! Per-operation isolation: one defective operation or schema is left out, named with its JSON
//! pointer and the reason, and everything else generates — in a small document here, and in
//! the whole 2017 platform document mutated in one place.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use support::shared_reference;

fn generate(doc: &Value) -> codegen::Output {
    let api = codegen::openapi_from_value(doc).unwrap();
    codegen::generate(&api).unwrap()
}

fn skips(out: &codegen::Output) -> Vec<String> {
    out.skipped.iter().map(ToString::to_string).collect()
}

/// Two good operations, and beside them: an operation declaring a path parameter its template
/// lacks (the defect of a real upstream document), one whose template names an undeclared
/// parameter, one whose body reaches a defective schema (an `allOf` with a string part) through
/// another schema, and a defective schema (an `enum` that is not a list) nothing reaches.
fn document() -> Value {
    let ok = json!({"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "isolation", "version": "1"},
        "paths": {
            "/users/{userId}": {"get": {
                "operationId": "getUser", "tags": ["Users"],
                "parameters": [{"name": "userId", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": ok
            }},
            "/users": {"get": {"operationId": "getUsers", "tags": ["Users"], "responses": ok}},
            "/scripts": {"get": {
                "operationId": "getScripts", "tags": ["Scripts"],
                "parameters": [
                    {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}},
                    {"name": "scriptId", "in": "path", "required": true, "schema": {"type": "string"}}
                ],
                "responses": ok
            }},
            "/things/{thingId}": {"get": {"operationId": "getThing", "tags": ["Users"], "responses": ok}},
            "/widgets": {"post": {
                "operationId": "postWidget", "tags": ["Widgets"],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}},
                "responses": {"204": {"description": "No Content"}}
            }}
        },
        "components": {"schemas": {
            "User": {"type": "object", "properties": {"id": {"type": "string"}, "state": {"type": "string", "enum": ["on", "off"]}}},
            "Widget": {"type": "object", "properties": {"part": {"$ref": "#/components/schemas/Broken"}}},
            "Broken": {"allOf": [
                {"type": "object", "properties": {"x": {"type": "string"}}},
                {"type": "string"}
            ]},
            "Lonely": {"type": "object", "properties": {"n": {"type": "string", "enum": "not a list"}}}
        }}
    })
}

#[test]
fn defective_items_are_skipped_with_pointer_and_reason_and_the_rest_generates() {
    let out = generate(&document());
    assert_eq!(
        skips(&out),
        [
            "skipped schema 'Broken' at #/components/schemas/Broken: at #/components/schemas/Broken/allOf/1: allOf part is not an object schema",
            "skipped schema 'Lonely' at #/components/schemas/Lonely: at #/components/schemas/Lonely/properties/n: not a valid OpenAPI 3.0 document here: invalid type: string \"not a list\", expected a sequence",
            "skipped schema 'Widget' at #/components/schemas/Widget: it contains schema 'Broken' (#/components/schemas/Broken), which cannot be generated: at #/components/schemas/Broken/allOf/1: allOf part is not an object schema",
            "skipped operation 'getScripts' at #/paths/~1scripts/get: at #/paths/~1scripts/get/parameters/1: path parameter 'scriptId' does not appear in the path template",
            "skipped operation 'getThing' at #/paths/~1things~1{thingId}/get: path template parameter '{thingId}' is not declared",
            "skipped operation 'postWidget' at #/paths/~1widgets/post: it reaches schema 'Broken' (#/components/schemas/Broken), which cannot be generated: at #/components/schemas/Broken/allOf/1: allOf part is not an object schema",
        ]
    );
    let files: Vec<&str> = out.files.keys().map(String::as_str).collect();
    assert!(files.contains(&"models/user.rs"), "{files:?}");
    assert!(files.contains(&"operations/users.rs"), "{files:?}");
    for gone in [
        "models/broken.rs",
        "models/widget.rs",
        "models/lonely.rs",
        "operations/scripts.rs",
        "operations/widgets.rs",
    ] {
        assert!(!files.contains(&gone), "{gone} generated: {files:?}");
    }
    let users = &out.files["operations/users.rs"];
    assert!(users.contains("pub fn get_user(") && users.contains("pub fn get_users("));
    assert!(!users.contains("get_thing"), "{users}");
    // The inline enum of the skipped operation's first parameter went with it.
    assert!(
        out.files.values().all(|f| !f.contains("GetScriptsStatus")),
        "an inline type of a skipped operation was emitted"
    );
    // The generated docs say what is missing and why.
    let ops_mod = &out.files["operations/mod.rs"];
    assert!(ops_mod.contains("Left out of this client"), "{ops_mod}");
    assert!(
        ops_mod.contains(
            "//! - operation getScripts at `#/paths/~1scripts/get`: at #/paths/~1scripts/get/parameters/1: path parameter 'scriptId' does not appear in the path template"
        ),
        "{ops_mod}"
    );
    assert!(
        ops_mod.contains("//! - schema Lonely at `#/components/schemas/Lonely`"),
        "{ops_mod}"
    );
}

/// What generates beside a defect is exactly what generates without it.
#[test]
fn the_rest_is_generated_as_if_the_defects_were_absent() {
    let broken = generate(&document());
    let mut clean = document();
    for path in ["/scripts", "/things/{thingId}", "/widgets"] {
        clean["paths"].as_object_mut().unwrap().remove(path);
    }
    for schema in ["Widget", "Broken", "Lonely"] {
        clean["components"]["schemas"]
            .as_object_mut()
            .unwrap()
            .remove(schema);
    }
    let clean = generate(&clean);
    assert!(clean.skipped.is_empty(), "{:?}", skips(&clean));
    assert!(!clean.files["operations/mod.rs"].contains("Left out"));
    for (path, text) in &clean.files {
        if path != "operations/mod.rs" {
            assert_eq!(broken.files.get(path), Some(text), "{path} differs");
        }
    }
    assert_eq!(broken.files.len(), clean.files.len());
}

/// A document that is not OpenAPI at its root is still refused whole, at its pointer.
#[test]
fn whole_document_defects_stay_errors() {
    let err = codegen::openapi_from_value(
        &json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": []}),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("at #/paths: "), "{err}");
}

/// The 2017 platform document through the import pipeline (Swagger 2.0 → OpenAPI 3.0) and
/// the generator, with one operation broken by `mutate` (which returns its operationId): every
/// other operation generates, and the broken one is skipped, named with its pointer and
/// `reason`. Returns the skips the mutation added (`None` when ../shared is absent).
fn reference_with_one_defect(
    mutate: impl FnOnce(&mut Value) -> String,
    reason: &str,
) -> Option<Vec<String>> {
    let path = shared_reference("genesys-platform-api-2017-09.swagger.json")?;
    let bytes = std::fs::read(&path).unwrap();
    let lowered = |bytes: &[u8]| {
        let imported = codegen::spec::import(bytes, &codegen::spec::ImportOptions::default())
            .expect("the import pipeline accepts the document");
        let api = codegen::openapi_from_value(&imported.openapi).unwrap();
        let ir = codegen::parse::lower(&api).unwrap();
        let out = codegen::emit::emit(&ir).unwrap();
        let ops: BTreeSet<String> = ir
            .tags
            .iter()
            .flat_map(|t| t.operations.iter().map(|o| o.operation_id.clone()))
            .collect();
        (ops, out)
    };
    // The unmutated document, lowered once for every test of this file.
    static BASELINE: OnceLock<(BTreeSet<String>, Vec<String>)> = OnceLock::new();
    let (baseline_ops, before) = BASELINE.get_or_init(|| {
        let (ops, out) = lowered(&bytes);
        (ops, skips(&out))
    });

    let mut doc: Value = serde_json::from_slice(&bytes).unwrap();
    let broken_id = mutate(&mut doc);
    let (ops, out) = lowered(&serde_json::to_vec(&doc).unwrap());

    assert!(baseline_ops.len() > 800, "{}", baseline_ops.len());
    assert!(baseline_ops.contains(&broken_id));
    let mut expected_ops = baseline_ops.clone();
    expected_ops.remove(&broken_id);
    assert_eq!(ops, expected_ops, "every other operation generates");
    let new: Vec<String> = skips(&out)
        .into_iter()
        .filter(|s| !before.contains(s))
        .collect();
    let ops_skipped: Vec<&String> = new
        .iter()
        .filter(|s| s.starts_with("skipped operation"))
        .collect();
    assert_eq!(ops_skipped.len(), 1, "{new:#?}");
    assert!(
        ops_skipped[0].starts_with(&format!(
            "skipped operation '{broken_id}' at #/paths/~1api~1v2~1"
        )) && ops_skipped[0].ends_with(reason),
        "{}",
        ops_skipped[0]
    );
    assert!(out.files["operations/mod.rs"].contains(&format!("operation {broken_id} at `#/paths/")));
    assert!(out.files.len() > 733, "{} files", out.files.len());
    Some(new)
}

/// The first GET of a path with a path parameter, in document order: its operationId and the
/// operation object.
fn a_get_with_path_parameter(doc: &mut Value) -> (String, &mut Value) {
    let op = doc["paths"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .filter(|(p, _)| p.contains('{'))
        .find_map(|(_, item)| item.get_mut("get"))
        .unwrap();
    (op["operationId"].as_str().unwrap().to_owned(), op)
}

#[test]
fn reference_document_with_a_path_parameter_missing_from_its_template() {
    let Some(new) = reference_with_one_defect(
        |doc| {
            let (id, op) = a_get_with_path_parameter(doc);
            op["parameters"].as_array_mut().unwrap().push(
                json!({"name": "scriptId", "in": "path", "required": true, "type": "string"}),
            );
            id
        },
        "path parameter 'scriptId' does not appear in the path template",
    ) else {
        return;
    };
    assert_eq!(new.len(), 1, "{new:#?}");
}

#[test]
fn reference_document_with_an_operation_reaching_a_broken_schema() {
    let broken = "at #/components/schemas/BrokenForIsolationTest/allOf/1: allOf part is not an object schema";
    let Some(new) = reference_with_one_defect(
        |doc| {
            doc["definitions"]["BrokenForIsolationTest"] = json!({
                "allOf": [{"type": "object", "properties": {"x": {"type": "string"}}}, {"type": "string"}]
            });
            let (id, op) = a_get_with_path_parameter(doc);
            op["responses"]["200"] = json!({
                "description": "OK",
                "schema": {"$ref": "#/definitions/BrokenForIsolationTest"}
            });
            id
        },
        &format!("it reaches schema 'BrokenForIsolationTest' (#/components/schemas/BrokenForIsolationTest), which cannot be generated: {broken}"),
    ) else {
        return;
    };
    // The schema itself is listed too, and nothing else.
    assert_eq!(new.len(), 2, "{new:#?}");
    assert!(new.contains(&format!("skipped schema 'BrokenForIsolationTest' at #/components/schemas/BrokenForIsolationTest: {broken}")), "{new:#?}");
}

/// A defect the import pipeline finds (a dangling `$ref` in one operation) travels as a marker
/// through Swagger 2.0 → OpenAPI 3.0 and is skipped by the generator, pointing into the
/// upstream document.
#[test]
fn reference_document_with_a_dangling_ref_in_one_operation() {
    let Some(new) = reference_with_one_defect(
        |doc| {
            let (id, op) = a_get_with_path_parameter(doc);
            op["responses"]["200"] = json!({
                "description": "OK",
                "schema": {"$ref": "#/definitions/NoSuchSchema"}
            });
            id
        },
        "/responses/200/schema/$ref: dangling $ref '#/definitions/NoSuchSchema': it does not resolve in this document",
    ) else {
        return;
    };
    assert_eq!(new.len(), 1, "{new:#?}");
}
