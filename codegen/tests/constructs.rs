//! The construct matrix (`tests/fixtures/constructs.json`, one operation per construct family)
//! lowers to the IR facts each family needs, and only what the docs name as unsupported is
//! skipped; the whole 2017 platform document skips nothing.
//!
//! Compiling the matrix and sending each operation to a loopback server is xtask's
//! `construct_matrix_compiles_and_works_on_the_wire` (`xtask/src/platform.rs`), which owns the
//! scratch-crate machinery.

mod support;

use codegen::ir::{
    Api, BodyKind, FormEncoding, Operation, ParamLocation, ParamStyle, PartKind, Primitive,
    TypeKind, TypeRef,
};

fn matrix() -> Api {
    let text = std::fs::read_to_string(
        support::workspace_root().join("codegen/tests/fixtures/constructs.json"),
    )
    .unwrap();
    let api: codegen::OpenAPI = serde_json::from_str(&text).unwrap();
    codegen::parse::lower(&api).unwrap()
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.tags
        .iter()
        .flat_map(|t| &t.operations)
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("{id} was not generated; skipped: {:#?}", api.skipped))
}

#[test]
fn only_framing_headers_and_cookies_are_skipped_each_named_with_its_pointer() {
    let api = matrix();
    let skipped: Vec<String> = api.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped.len(), 2, "{skipped:#?}");
    assert!(
        skipped.iter().any(|s| s.contains("getWithFramingHeader")
            && s.contains("#/paths/~1framed/get")
            && s.contains("'Content-Length' is one the runtime sets itself")),
        "{skipped:#?}"
    );
    assert!(
        skipped.iter().any(|s| s.contains("getWithCookie")
            && s.contains("#/paths/~1cookie/get")
            && s.contains("cookie parameter 'session'")),
        "{skipped:#?}"
    );
    // The generated operations module lists them for readers of the crate.
    let text = std::fs::read_to_string(
        support::workspace_root().join("codegen/tests/fixtures/constructs.json"),
    )
    .unwrap();
    let out = codegen::generate_from_json(&text).unwrap();
    let docs = &out.files["operations/mod.rs"];
    assert!(docs.contains("getWithFramingHeader") && docs.contains("getWithCookie"));
}

/// OpenAPI 3.0 says header parameters named `Accept`, `Content-Type` or `Authorization` are
/// ignored (the client sets those): the operation generates with its other parameters.
#[test]
fn accept_content_type_and_authorization_header_parameters_are_ignored() {
    let api = matrix();
    let o = op(&api, "getWithOwnedHeader");
    let names: Vec<&str> = o.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(names, ["X-Kept"]);
}

#[test]
fn headers_are_parameters_typed_like_query_ones() {
    let api = matrix();
    let o = op(&api, "getWithHeaders");
    let headers: Vec<_> = o
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| (p.wire_name.as_str(), p.required, p.ty.clone()))
        .collect();
    assert_eq!(
        headers,
        [
            ("X-Request-Tag", true, TypeRef::prim(Primitive::String)),
            (
                "X-Trace-Ids",
                false,
                TypeRef::Vec(Box::new(TypeRef::prim(Primitive::I64)))
            ),
            (
                "If-Modified-Since",
                false,
                TypeRef::prim(Primitive::DateTime)
            ),
        ]
    );
}

#[test]
fn form_and_multipart_fields_are_parameters_with_their_encoding() {
    let api = matrix();
    let form = op(&api, "postForm");
    assert_eq!(form.form, Some(FormEncoding::UrlEncoded));
    assert!(form.body.is_none());
    let fields: Vec<_> = form
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.location, p.required))
        .collect();
    assert_eq!(
        fields,
        [
            ("name", ParamLocation::Form, true),
            ("count", ParamLocation::Form, false),
            ("tags", ParamLocation::Form, false),
            ("color", ParamLocation::Form, false),
        ]
    );

    let upload = op(&api, "postUpload");
    assert_eq!(upload.form, Some(FormEncoding::Multipart));
    let parts: Vec<_> = upload
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.part, p.required))
        .collect();
    assert_eq!(
        parts,
        [
            ("file", Some(PartKind::File), true),
            ("attachments", Some(PartKind::File), false),
            ("description", Some(PartKind::Text), false),
            ("labels", Some(PartKind::Text), false),
            ("meta", Some(PartKind::Json), false),
        ]
    );
}

#[test]
fn text_and_binary_media_become_strings_and_bytes_with_their_media_types() {
    let api = matrix();
    let t = op(&api, "getTemplate");
    assert_eq!(t.response.kind, BodyKind::Text);
    assert_eq!(t.response.media, ["text/plain"]);
    let put = op(&api, "putTemplate");
    let body = put.body.as_ref().unwrap();
    assert_eq!(
        (body.kind, body.media.as_str()),
        (BodyKind::Text, "text/plain")
    );

    let blob = op(&api, "putBlob");
    let body = blob.body.as_ref().unwrap();
    assert_eq!(
        (body.kind, body.media.as_str()),
        (BodyKind::Binary, "application/octet-stream")
    );
    assert_eq!(blob.response.kind, BodyKind::Binary);

    let image = op(&api, "getImage");
    assert_eq!(image.response.kind, BodyKind::Binary);
    assert_eq!(image.response.media, ["image/png", "image/jpeg"]);
    assert_eq!(op(&api, "getReport").response.media, ["application/pdf"]);
}

#[test]
fn free_form_and_map_query_parameters_follow_the_documents_style() {
    let api = matrix();
    let o = op(&api, "getSearch");
    let facts: Vec<_> = o
        .params
        .iter()
        .map(|p| {
            (
                p.wire_name.as_str(),
                p.ty.clone(),
                p.style,
                p.explode,
                p.free_form,
            )
        })
        .collect();
    let string = || Box::new(TypeRef::prim(Primitive::String));
    assert_eq!(
        facts,
        [
            (
                "expand",
                TypeRef::Vec(string()),
                ParamStyle::Form,
                true,
                true
            ),
            (
                "fields",
                TypeRef::Vec(string()),
                ParamStyle::PipeDelimited,
                false,
                false
            ),
            (
                "ids",
                TypeRef::Vec(Box::new(TypeRef::prim(Primitive::I64))),
                ParamStyle::Form,
                false,
                false
            ),
            (
                "filter",
                TypeRef::Map(string()),
                ParamStyle::Form,
                true,
                false
            ),
            (
                "sort",
                TypeRef::Map(Box::new(TypeRef::prim(Primitive::I64))),
                ParamStyle::DeepObject,
                true,
                false
            ),
            (
                "extra",
                TypeRef::Map(string()),
                ParamStyle::Form,
                true,
                true
            ),
        ]
    );
}

#[test]
fn required_names_without_a_schema_and_conflicting_all_of_parts_are_free_form_fields() {
    let api = matrix();
    let fields = |name: &str| match &api.get(name).unwrap().kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.ty.clone(), f.required))
            .collect::<Vec<_>>(),
        other => panic!("{name}: {other:?}"),
    };
    let json = TypeRef::prim(Primitive::Json);
    let string = TypeRef::prim(Primitive::String);
    assert_eq!(
        fields("Loose"),
        [
            ("name".to_owned(), string.clone(), true),
            ("anything".to_owned(), json.clone(), true),
        ]
    );
    assert_eq!(
        fields("Merged"),
        [
            ("x".to_owned(), json, false),
            ("a".to_owned(), string, false),
            ("b".to_owned(), TypeRef::prim(Primitive::Bool), false),
        ]
    );
}

/// The whole real 2017 platform document (841 operations, 733 schemas) generates every
/// operation and schema: nothing is skipped. (Compiling it is xtask's
/// `whole_2017_platform_compiles`.)
#[test]
fn whole_2017_platform_skips_nothing() {
    let Some(path) = support::shared_reference("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let doc = codegen::spec::load(&std::fs::read(path).unwrap()).unwrap();
    let api = codegen::openapi_from_value(&doc).unwrap();
    let out = codegen::generate(&api).unwrap();
    let skipped: Vec<String> = out.skipped.iter().map(ToString::to_string).collect();
    assert!(
        skipped.is_empty(),
        "{} skipped: {skipped:#?}",
        skipped.len()
    );
    // The query arrays Genesys types as `{type: object}` items are string lists, documented
    // (12 operations, 17 parameters)…
    let free_form = out
        .files
        .iter()
        .filter(|(f, _)| f.starts_with("operations/"))
        .flat_map(|(_, text)| text.lines())
        .filter(|l| l.contains("give each value's string form") && l.contains("set with `."))
        .count();
    assert_eq!(free_form, 17);
    // …and the two integration action templates are text.
    let integrations = &out.files["operations/integrations.rs"];
    assert_eq!(
        integrations
            .matches("parts.accept(\"text/plain\");")
            .count(),
        2
    );
    // (`send` and `send_with_response` each call it.)
    assert_eq!(
        integrations.matches("client.execute_text(parts)").count(),
        4
    );
}
