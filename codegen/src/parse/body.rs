//! Request bodies and success responses: which media type is used and what it becomes.
//!
//! JSON is preferred when a body or response offers it; then a form (`x-www-form-urlencoded`,
//! whose fields become parameters, or `multipart/form-data`, whose binary fields are file
//! parts); then text (`text/*`, XML) as a string; anything else (`application/octet-stream`,
//! images, PDF, `*/*` without a JSON schema) as bytes.

use super::operation::{resolve, Unsupported};
use super::params;
use super::schema::{type_of, Hint, SchemaRef};
use super::Lowering;
use crate::diag::JsonPointer;
use crate::ir::{
    naming, BodyKind, Docs, FileId, FormEncoding, Param, ParamLocation, ParamStyle, Primitive,
    RequestBody, Response, TypeRef,
};
use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type};
use std::collections::{BTreeSet, HashSet};

/// What a media type is on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Media {
    Json,
    Form(FormEncoding),
    Text,
    Binary,
}

/// The media type without parameters, lower-cased.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn classify(media: &str, mt: &MediaType) -> Media {
    let m = essence(media);
    if m == "application/json" || m.ends_with("+json") {
        return Media::Json;
    }
    if m == "application/x-www-form-urlencoded" {
        return Media::Form(FormEncoding::UrlEncoded);
    }
    if m == "multipart/form-data" {
        return Media::Form(FormEncoding::Multipart);
    }
    if m.starts_with("text/") || m == "application/xml" || m.ends_with("+xml") {
        return Media::Text;
    }
    // `*/*` (and `application/*`) with a schema that is not a byte string: JSON, as before.
    if (m == "*/*" || m == "application/*") && mt.schema.as_ref().is_some_and(|s| !is_binary(s)) {
        return Media::Json;
    }
    Media::Binary
}

/// `type: string, format: binary` (or `byte`): the body is the bytes themselves.
fn is_binary(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => matches!(
                st.format,
                openapiv3::VariantOrUnknownOrEmpty::Item(StringFormat::Binary | StringFormat::Byte)
            ),
            SchemaKind::Any(a) => a.format.as_deref() == Some("binary"),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// The media type to use of a `content` map: the first of the preferred kind.
fn pick(content: &indexmap::IndexMap<String, MediaType>) -> Option<(Media, &String, &MediaType)> {
    content
        .iter()
        .map(|(m, mt)| (classify(m, mt), m, mt))
        .min_by_key(|(kind, _, _)| *kind)
}

/// A lowered request body: one value, or form fields.
pub(super) enum Body {
    Value(RequestBody),
    Form(FormEncoding, Vec<Param>),
}

pub(super) fn lower_body<'a>(
    cx: &mut Lowering<'a>,
    rb: &'a ReferenceOr<openapiv3::RequestBody>,
    builder: &str,
    op_id: &str,
    scope: &mut naming::Scope,
    ptr: &JsonPointer,
) -> Result<Option<Body>, Unsupported> {
    let Some(rb) = resolve(cx, rb, "requestBodies", |c| &c.request_bodies, ptr) else {
        return Ok(None);
    };
    let Some((kind, media, mt)) = pick(&rb.content) else {
        return Ok(None);
    };
    let schema_ptr = ptr.push("content").push(media).push("schema");
    let (kind, ty) = match kind {
        Media::Form(encoding) => {
            let fields = form_fields(cx, mt, encoding, builder, op_id, scope, &schema_ptr)?;
            return Ok(Some(Body::Form(encoding, fields)));
        }
        Media::Text => (BodyKind::Text, TypeRef::prim(Primitive::String)),
        Media::Binary => (BodyKind::Binary, TypeRef::prim(Primitive::Binary)),
        Media::Json => {
            let hint = Hint {
                name: naming::pascal_concat(&[builder, "Body"]),
                origin: format!("{op_id} request body"),
                file: FileId::Operation(op_id.to_owned()),
            };
            let ty = match &mt.schema {
                Some(s) => type_of(cx, s.into(), &hint, &schema_ptr),
                None => TypeRef::prim(Primitive::Json),
            };
            (BodyKind::Json, ty)
        }
    };
    Ok(Some(Body::Value(RequestBody {
        name: "body".to_owned(),
        ty,
        kind,
        media: if kind == BodyKind::Json {
            "application/json".to_owned()
        } else {
            essence(media)
        },
        pointer: schema_ptr.to_string(),
        required: rb.required,
    })))
}

/// The fields of a form body as parameters, in document order.
fn form_fields<'a>(
    cx: &mut Lowering<'a>,
    mt: &'a MediaType,
    encoding: FormEncoding,
    builder: &str,
    op_id: &str,
    scope: &mut naming::Scope,
    ptr: &JsonPointer,
) -> Result<Vec<Param>, Unsupported> {
    let no_fields = || {
        Unsupported(format!(
            "at {ptr}: a form body whose schema is not an object with properties (nothing \
             names its fields)"
        ))
    };
    let mut schema = mt.schema.as_ref().ok_or_else(no_fields)?;
    let mut schema_ptr = ptr.clone();
    if let ReferenceOr::Reference { reference } = schema {
        let name = reference.strip_prefix("#/components/schemas/");
        let found = name.and_then(|n| cx.api.components.as_ref()?.schemas.get(n));
        match (name, found) {
            (Some(n), Some(s @ ReferenceOr::Item(_))) => {
                schema = s;
                schema_ptr = JsonPointer::root()
                    .push("components")
                    .push("schemas")
                    .push(n);
            }
            _ => return Err(no_fields()),
        }
    }
    let ReferenceOr::Item(s) = schema else {
        return Err(no_fields());
    };
    let (properties, required) = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
            (&o.properties, &o.required)
        }
        SchemaKind::Any(a) if !a.properties.is_empty() && a.all_of.is_empty() => {
            (&a.properties, &a.required)
        }
        _ => return Err(no_fields()),
    };
    let mut fields = Vec::new();
    for (wire, prop) in properties {
        let fptr = schema_ptr.push("properties").push(wire);
        let hint = Hint {
            name: naming::pascal_concat(&[builder, &naming::pascal(wire, "Field")]),
            origin: format!("{op_id}.{wire}"),
            file: FileId::Operation(op_id.to_owned()),
        };
        let ty = type_of(cx, SchemaRef::from(prop), &hint, &fptr);
        let unboxed = match prop {
            ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
            ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                reference: reference.clone(),
            },
        };
        let (ty, free_form) = params::shape(
            cx,
            ty,
            &unboxed,
            ParamLocation::Form,
            ParamStyle::Form,
            Some(encoding),
        )
        .map_err(|why| Unsupported(format!("form field '{wire}' has {why}")))?;
        let part = (encoding == FormEncoding::Multipart).then(|| params::part_kind(cx, &ty));
        let text = match prop {
            ReferenceOr::Item(b) => b.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        };
        fields.push(Param {
            name: scope.claim(&naming::snake(wire, "field")),
            wire_name: wire.clone(),
            pointer: fptr.to_string(),
            location: ParamLocation::Form,
            required: required.iter().any(|r| r == wire),
            ty,
            style: ParamStyle::Form,
            explode: true,
            free_form,
            part,
            deprecated: match prop {
                ReferenceOr::Item(b) => b.schema_data.deprecated,
                ReferenceOr::Reference { .. } => false,
            },
            max_items: None,
            docs: Docs {
                text: text.filter(|d| !d.trim().is_empty()),
                facts: Vec::new(),
            },
        });
    }
    Ok(fields)
}

pub(super) fn lower_response<'a>(
    cx: &mut Lowering<'a>,
    responses: &'a openapiv3::Responses,
    builder: &str,
    op_id: &str,
    ptr: &JsonPointer,
) -> Result<Response, Unsupported> {
    let mut success: Vec<(u16, String, &ReferenceOr<openapiv3::Response>)> = responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, c.to_string(), r)),
            StatusCode::Range(2) => Some((200, "2XX".to_owned(), r)),
            _ => None,
        })
        .collect();
    if success.is_empty() {
        if let Some(d) = &responses.default {
            success.push((0, "default".to_owned(), d));
        }
    }
    success.sort_by_key(|(c, _, _)| *c);
    let mut types: BTreeSet<TypeRef> = BTreeSet::new();
    let mut first: Option<TypeRef> = None;
    let mut kinds: BTreeSet<BodyKind> = BTreeSet::new();
    let mut media: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (_, key, r) in &success {
        let rptr = ptr.push(key);
        let Some(r) = resolve(cx, r, "responses", |c| &c.responses, &rptr) else {
            continue;
        };
        let Some((kind, name, mt)) = pick(&r.content) else {
            continue;
        };
        let kind = match kind {
            Media::Json => BodyKind::Json,
            Media::Text => BodyKind::Text,
            Media::Form(_) | Media::Binary => BodyKind::Binary,
        };
        if kind != BodyKind::Json {
            // Every non-JSON media type offered is acceptable (`image/png, image/jpeg`).
            for (m, mt) in &r.content {
                let accepted = match classify(m, mt) {
                    Media::Json => false,
                    Media::Text => kind == BodyKind::Text,
                    _ => kind == BodyKind::Binary,
                };
                if accepted && seen.insert(essence(m)) {
                    media.push(essence(m));
                }
            }
            kinds.insert(kind);
            continue;
        }
        let Some(schema) = &mt.schema else { continue };
        kinds.insert(kind);
        let hint = Hint {
            name: naming::pascal_concat(&[builder, "Response"]),
            origin: format!("{op_id} response"),
            file: FileId::Operation(op_id.to_owned()),
        };
        let ty = type_of(
            cx,
            schema.into(),
            &hint,
            &rptr.push("content").push(name).push("schema"),
        );
        if first.is_none() {
            first = Some(ty.clone());
        }
        types.insert(ty);
    }
    let statuses = success.iter().map(|(c, _, _)| *c).collect();
    let kind = match (kinds.len(), kinds.first()) {
        (0, _) => BodyKind::Json,
        (1, Some(k)) => *k,
        // JSON for one status and text or bytes for another: the bytes, undecoded.
        _ => BodyKind::Binary,
    };
    let ty = match kind {
        BodyKind::Text => Some(TypeRef::prim(Primitive::String)),
        BodyKind::Binary => Some(TypeRef::prim(Primitive::Binary)),
        BodyKind::Json => match types.len() {
            0 => None,
            1 => first,
            // Different success bodies per status: keep the JSON rather than guess.
            _ => Some(TypeRef::prim(Primitive::Json)),
        },
    };
    if kind == BodyKind::Binary && kinds.contains(&BodyKind::Json) {
        media.insert(0, "application/json".to_owned());
    }
    Ok(Response {
        ty,
        kind,
        media,
        statuses,
        existence: false,
    })
}
