//! Which parameter shapes the builders can write, and how (path, query, header and form
//! fields): scalars and enums everywhere, lists in queries, headers and forms, maps in
//! queries. A value the document leaves free-form (`type: object` without properties, an array
//! of such) is written as its string form, as Genesys' own SDKs send it.

use super::Lowering;
use crate::ir::{FormEncoding, ParamLocation, ParamStyle, PartKind, Primitive, TypeKind, TypeRef};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// Header parameters OpenAPI 3.0 says to ignore (§4.7.12.1, "Parameter Object", `name`): the
/// client sets them itself (auth and content negotiation). The operation is generated without
/// them.
const IGNORED_HEADERS: &[&str] = &["accept", "authorization", "content-type"];

/// Framing and transport headers the runtime writes itself: a parameter naming one cannot be
/// honoured, so its operation is skipped with this reason.
const OWNED_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "host",
    "transfer-encoding",
    "user-agent",
];

/// Whether OpenAPI says to ignore a header parameter of this name.
pub(super) fn header_is_ignored(name: &str) -> bool {
    IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str())
}

/// Why a header parameter cannot be sent, if it cannot.
pub(super) fn header_problem(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if OWNED_HEADERS.contains(&lower.as_str()) {
        return Some(format!(
            "header parameter '{name}' is one the runtime sets itself (framing and transport \
             headers are not parameters)"
        ));
    }
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Some(format!(
            "header parameter '{name}' is not a valid HTTP header name"
        ));
    }
    None
}

/// The OpenAPI `style` of a query parameter.
pub(super) fn query_style(style: &openapiv3::QueryStyle) -> ParamStyle {
    match style {
        openapiv3::QueryStyle::Form => ParamStyle::Form,
        openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

/// The type a parameter is written with, and whether it was free-form in the document; `Err`
/// says why it cannot be written where it is.
pub(super) fn shape(
    cx: &Lowering<'_>,
    ty: TypeRef,
    schema: &ReferenceOr<Schema>,
    location: ParamLocation,
    style: ParamStyle,
    form: Option<FormEncoding>,
) -> Result<(TypeRef, bool), String> {
    let string = || TypeRef::prim(Primitive::String);
    let json = TypeRef::prim(Primitive::Json);
    let binary = TypeRef::prim(Primitive::Binary);
    let place = match location {
        ParamLocation::Path => "a path segment",
        ParamLocation::Query => "a query string",
        ParamLocation::Header => "a header",
        ParamLocation::Form => match form {
            Some(FormEncoding::Multipart) => "a multipart part",
            _ => "a form field",
        },
    };
    let refuse = |ty: &TypeRef| {
        Err(format!(
            "type {} which cannot be written into {place}",
            crate::diag::type_words(ty)
        ))
    };
    // Multipart parts carry files as they are and anything structured as a JSON part.
    if form == Some(FormEncoding::Multipart) {
        return Ok((ty, false));
    }
    if ty == binary && location == ParamLocation::Form {
        return Ok((string(), false));
    }
    if scalar(cx, &ty) {
        return Ok((ty, false));
    }
    let lists = matches!(
        location,
        ParamLocation::Query | ParamLocation::Header | ParamLocation::Form
    ) && style != ParamStyle::DeepObject;
    match &ty {
        t if *t == json => {
            if location == ParamLocation::Query && object_typed(schema) {
                return map_shape(cx, TypeRef::Map(Box::new(string())), style, place, true);
            }
            Ok((string(), true))
        }
        TypeRef::Vec(item) if lists && **item == json => {
            Ok((TypeRef::Vec(Box::new(string())), true))
        }
        TypeRef::Vec(item) if lists && scalar(cx, item) => Ok((ty, false)),
        TypeRef::Map(_) if location == ParamLocation::Query => {
            map_shape(cx, ty, style, place, false)
        }
        t => refuse(t),
    }
}

/// A map in a query: `form` (exploded or not) or `deepObject`, of scalar (or free-form) values.
fn map_shape(
    cx: &Lowering<'_>,
    ty: TypeRef,
    style: ParamStyle,
    place: &str,
    free_form: bool,
) -> Result<(TypeRef, bool), String> {
    if !matches!(style, ParamStyle::Form | ParamStyle::DeepObject) {
        return Err(format!(
            "a map written with style {style:?}, which the generator supports only as `form` or \
             `deepObject` in {place}"
        ));
    }
    let TypeRef::Map(value) = &ty else {
        return Err(format!("type {} in {place}", crate::diag::type_words(&ty)));
    };
    if **value == TypeRef::prim(Primitive::Json) {
        return Ok((
            TypeRef::Map(Box::new(TypeRef::prim(Primitive::String))),
            true,
        ));
    }
    if scalar(cx, value) {
        return Ok((ty, free_form));
    }
    Err(format!(
        "type {} which cannot be written into {place}",
        crate::diag::type_words(&ty)
    ))
}

/// A schema that says `type: object` (without properties, or it would not be free-form).
fn object_typed(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(a) => a.typ.as_deref() == Some("object"),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// How a multipart field is sent: files (and lists of them) as file parts, scalars (and lists
/// of them) as text parts, anything else as one JSON part.
pub(super) fn part_kind(cx: &Lowering<'_>, ty: &TypeRef) -> PartKind {
    let item: &TypeRef = match ty {
        TypeRef::Vec(item) => item,
        t => t,
    };
    if *item == TypeRef::prim(Primitive::Binary) {
        PartKind::File
    } else if scalar(cx, item) {
        PartKind::Text
    } else {
        PartKind::Json
    }
}

/// Scalars and enums: one value with one string form.
fn scalar(cx: &Lowering<'_>, ty: &TypeRef) -> bool {
    let mut ty = ty;
    for _ in 0..8 {
        match ty {
            TypeRef::Primitive(Primitive::Json | Primitive::Binary) => return false,
            TypeRef::Primitive(_) => return true,
            TypeRef::Named(n) => match cx.types.get(n).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => return true,
                Some(TypeKind::Alias(t)) => ty = t,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}
