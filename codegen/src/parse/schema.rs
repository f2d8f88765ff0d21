//! Schemas → IR types. Named schemas become types under their own name; objects and enums
//! declared inline get a name derived from their parent and field (`User` + `state` →
//! `UserState`), claimed in the crate-wide scope so two inline types never merge silently.

use super::all_of::{self, PendingMerge};
use super::Lowering;
use crate::diag::JsonPointer;
use crate::ir::{
    naming, Docs, EnumDef, Fact, Field, FileId, Listing, Primitive, StructDef, TypeDef, TypeKind,
    TypeRef, Variant,
};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Inline(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Inline(s),
        }
    }
}

/// Where an inline type would be declared: its name candidate and the file of its parent.
#[derive(Clone)]
pub(crate) struct Hint {
    /// PascalCase name to claim for an inline type (`UserState`).
    pub name: String,
    /// Readable origin (`User.state`) for docs.
    pub origin: String,
    /// File of the enclosing named type.
    pub file: FileId,
}

/// Lowers one `components/schemas` entry under its pre-assigned name.
pub(crate) fn lower_named<'a>(
    cx: &mut Lowering<'a>,
    name: &str,
    wire: &str,
    file: FileId,
    schema: &'a ReferenceOr<Schema>,
    pointer: &JsonPointer,
) {
    cx.work.schemas += 1;
    let hint = Hint {
        name: name.to_owned(),
        origin: wire.to_owned(),
        file,
    };
    let (kind, docs, deprecated) = match schema {
        ReferenceOr::Reference { reference } => {
            let target = cx.resolve_schema_ref(reference, &pointer.push("$ref"));
            let kind = TypeKind::Alias(target.unwrap_or(TypeRef::prim(Primitive::Json)));
            (kind, Docs::default(), false)
        }
        ReferenceOr::Item(s) => {
            let kind = kind_of(cx, s, &hint, pointer);
            let (_, deprecated, text) = all_of::annotations(s);
            let docs = Docs {
                text: text.or_else(|| s.schema_data.title.clone().filter(|t| !t.trim().is_empty())),
                facts: Vec::new(),
            };
            (kind, docs, deprecated)
        }
    };
    let mut docs = docs;
    if docs.text.is_none() {
        docs.facts.insert(0, Fact::Schema(wire.to_owned()));
    }
    insert_type(cx, name, wire, &hint.file, pointer, docs, deprecated, kind);
}

#[allow(clippy::too_many_arguments)]
fn insert_type(
    cx: &mut Lowering<'_>,
    name: &str,
    wire: &str,
    file: &FileId,
    pointer: &JsonPointer,
    docs: Docs,
    deprecated: bool,
    kind: TypeKind,
) {
    cx.work.ir_nodes += 1;
    let mut kind = kind;
    if let TypeKind::Struct(s) = &mut kind {
        s.listing = listing_item(s);
    }
    cx.created.push(name.to_owned());
    cx.types.insert(
        name.to_owned(),
        TypeDef {
            name: name.to_owned(),
            wire_name: wire.to_owned(),
            file: file.clone(),
            pointer: pointer.to_string(),
            docs,
            deprecated,
            kind,
            eq: false,
            hash: false,
            usage: Default::default(),
            reach: Default::default(),
        },
    );
}

/// A Genesys listing has an `entities` array and page bookkeeping (`pageCount`/`nextUri`);
/// the page fields the runtime can read are those of the type it expects.
fn listing_item(s: &StructDef) -> Option<Listing> {
    let find = |wire: &str| s.fields.iter().position(|f| f.wire_name == wire);
    let entities = find("entities")?;
    let TypeRef::Vec(item) = &s.fields[entities].ty else {
        return None;
    };
    let (page_count, next_uri) = (find("pageCount"), find("nextUri"));
    if page_count.is_none() && next_uri.is_none() {
        return None;
    }
    let integer = |i: &usize| {
        matches!(
            s.fields[*i].ty,
            TypeRef::Primitive(Primitive::I32 | Primitive::I64)
        )
    };
    Some(Listing {
        item: (**item).clone(),
        entities,
        page_number: find("pageNumber").filter(integer),
        page_count: page_count.filter(integer),
        next_uri: next_uri.filter(|i| s.fields[*i].ty == TypeRef::Primitive(Primitive::String)),
    })
}

fn schema_docs(s: &Schema) -> Docs {
    let text = s
        .schema_data
        .description
        .clone()
        .or_else(|| s.schema_data.title.clone())
        .filter(|t| !t.trim().is_empty());
    Docs {
        text,
        facts: Vec::new(),
    }
}

/// The shape of a named schema (or of an inline one that gets a name).
fn kind_of<'a>(
    cx: &mut Lowering<'a>,
    s: &'a Schema,
    hint: &Hint,
    pointer: &JsonPointer,
) -> TypeKind {
    if all_of::wrapper_of(s).is_some() {
        return TypeKind::Alias(type_in(cx, SchemaRef::Inline(s), hint, pointer));
    }
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
            TypeKind::Struct(lower_struct(cx, &o.properties, &o.required, hint, pointer))
        }
        SchemaKind::Type(Type::String(st)) if has_enum(&st.enumeration) => {
            TypeKind::Enum(lower_enum(cx, &st.enumeration))
        }
        SchemaKind::AllOf { all_of } => {
            TypeKind::Struct(all_of::lower_all_of(cx, all_of, hint, pointer))
        }
        SchemaKind::Any(a) if !a.properties.is_empty() || !a.all_of.is_empty() => {
            let mut st = lower_struct(cx, &a.properties, &a.required, hint, pointer);
            if !a.all_of.is_empty() {
                let merged = all_of::lower_all_of(cx, &a.all_of, hint, pointer);
                all_of::merge_fields(cx, &mut st, merged.fields);
            }
            TypeKind::Struct(st)
        }
        _ => TypeKind::Alias(type_in(cx, SchemaRef::Inline(s), hint, pointer)),
    }
}

fn has_enum(values: &[Option<String>]) -> bool {
    values.iter().any(Option::is_some)
}

/// The type of a property, item, parameter or body schema, declaring inline types as needed;
/// inline merges it declares are lowered before it returns.
pub(crate) fn type_of<'a>(
    cx: &mut Lowering<'a>,
    schema: SchemaRef<'a>,
    hint: &Hint,
    pointer: &JsonPointer,
) -> TypeRef {
    let ty = type_in(cx, schema, hint, pointer);
    all_of::drain(cx);
    ty
}

/// [`type_of`] without lowering queued merges (for use while a schema is half lowered).
fn type_in<'a>(
    cx: &mut Lowering<'a>,
    schema: SchemaRef<'a>,
    hint: &Hint,
    pointer: &JsonPointer,
) -> TypeRef {
    cx.work.schemas += 1;
    if let SchemaRef::Inline(s) = schema {
        if let Some((i, r)) = all_of::wrapper_of(s) {
            cx.work.all_of_parts += 1;
            return cx
                .resolve_schema_ref(r, &pointer.push("allOf").push(i.to_string()).push("$ref"))
                .unwrap_or(TypeRef::prim(Primitive::Json));
        }
    }
    let s = match schema {
        SchemaRef::Ref(r) => {
            return cx
                .resolve_schema_ref(r, &pointer.push("$ref"))
                .unwrap_or(TypeRef::prim(Primitive::Json))
        }
        SchemaRef::Inline(s) => s,
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            if has_enum(&st.enumeration) {
                return declare_inline(cx, s, hint, pointer, |cx, _| {
                    TypeKind::Enum(lower_enum(cx, &st.enumeration))
                });
            }
            TypeRef::prim(match &st.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Primitive::Binary,
                _ => Primitive::String,
            })
        }
        SchemaKind::Type(Type::Integer(i)) => TypeRef::prim(match i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
            _ => Primitive::I64,
        }),
        SchemaKind::Type(Type::Number(n)) => TypeRef::prim(match n.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
            _ => Primitive::F64,
        }),
        SchemaKind::Type(Type::Boolean(_)) => TypeRef::prim(Primitive::Bool),
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(items) => TypeRef::Vec(Box::new(type_in(
                cx,
                items.into(),
                hint,
                &pointer.push("items"),
            ))),
            None => TypeRef::Vec(Box::new(TypeRef::prim(Primitive::Json))),
        },
        SchemaKind::Type(Type::Object(o)) => {
            if !o.properties.is_empty() {
                return declare_inline(cx, s, hint, pointer, |cx, h| {
                    TypeKind::Struct(lower_struct(cx, &o.properties, &o.required, h, pointer))
                });
            }
            additional(cx, o.additional_properties.as_ref(), hint, pointer)
        }
        SchemaKind::AllOf { .. } => declare_merge(cx, s, hint, pointer),
        SchemaKind::Any(a) => {
            if !a.all_of.is_empty() {
                return declare_merge(cx, s, hint, pointer);
            }
            if !a.properties.is_empty() {
                return declare_inline(cx, s, hint, pointer, |cx, h| kind_of(cx, s, h, pointer));
            }
            if let Some(items) = &a.items {
                return TypeRef::Vec(Box::new(type_in(
                    cx,
                    items.into(),
                    hint,
                    &pointer.push("items"),
                )));
            }
            if a.additional_properties.is_some() {
                return additional(cx, a.additional_properties.as_ref(), hint, pointer);
            }
            any_scalar(cx, s, a, hint, pointer)
        }
        // oneOf/anyOf/not: Genesys' 2.0 documents cannot express them; keep the JSON as is.
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
            TypeRef::prim(Primitive::Json)
        }
    }
}

/// A schema openapiv3 could not classify, usually a scalar whose `enum` values have another JSON
/// type than its `type` (`type: boolean, enum: ["true", "false"]`): lowered by `type`/`format`.
fn any_scalar<'a>(
    cx: &mut Lowering<'a>,
    s: &'a Schema,
    a: &openapiv3::AnySchema,
    hint: &Hint,
    pointer: &JsonPointer,
) -> TypeRef {
    let strings: Vec<Option<String>> = a
        .enumeration
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect();
    match (a.typ.as_deref(), a.format.as_deref()) {
        (Some("string"), _) if has_enum(&strings) => {
            declare_inline(cx, s, hint, pointer, |cx, _| {
                TypeKind::Enum(lower_enum(cx, &strings))
            })
        }
        (Some("string"), Some("date-time")) => TypeRef::prim(Primitive::DateTime),
        (Some("string"), Some("date")) => TypeRef::prim(Primitive::Date),
        (Some("string"), _) => TypeRef::prim(Primitive::String),
        (Some("boolean"), _) => TypeRef::prim(Primitive::Bool),
        (Some("integer"), Some("int32")) => TypeRef::prim(Primitive::I32),
        (Some("integer"), _) => TypeRef::prim(Primitive::I64),
        (Some("number"), Some("float")) => TypeRef::prim(Primitive::F32),
        (Some("number"), _) => TypeRef::prim(Primitive::F64),
        _ => TypeRef::prim(Primitive::Json),
    }
}

fn additional<'a>(
    cx: &mut Lowering<'a>,
    ap: Option<&'a AdditionalProperties>,
    hint: &Hint,
    pointer: &JsonPointer,
) -> TypeRef {
    match ap {
        Some(AdditionalProperties::Schema(s)) => TypeRef::Map(Box::new(type_in(
            cx,
            (&**s).into(),
            hint,
            &pointer.push("additionalProperties"),
        ))),
        Some(AdditionalProperties::Any(true)) => {
            TypeRef::Map(Box::new(TypeRef::prim(Primitive::Json)))
        }
        _ => TypeRef::prim(Primitive::Json),
    }
}

/// Claims a name for an inline type and lowers it.
fn declare_inline<'a>(
    cx: &mut Lowering<'a>,
    s: &'a Schema,
    hint: &Hint,
    pointer: &JsonPointer,
    kind: impl FnOnce(&mut Lowering<'a>, &Hint) -> TypeKind,
) -> TypeRef {
    let inner = claim_inline(cx, hint);
    let kind = kind(cx, &inner);
    insert_inline(cx, s, &inner, pointer, kind);
    TypeRef::Named(inner.name)
}

/// Claims a name for an inline merge and queues its lowering: the components it merges may
/// be the ones being lowered right now (see [`all_of`]).
fn declare_merge<'a>(
    cx: &mut Lowering<'a>,
    s: &'a Schema,
    hint: &Hint,
    pointer: &JsonPointer,
) -> TypeRef {
    let inner = claim_inline(cx, hint);
    let name = inner.name.clone();
    cx.pending.push_back(PendingMerge {
        schema: s,
        hint: inner,
        pointer: pointer.clone(),
        owner: cx.current.clone(),
    });
    TypeRef::Named(name)
}

/// Lowers a queued inline merge under the name [`declare_merge`] claimed.
pub(crate) fn finish_inline<'a>(
    cx: &mut Lowering<'a>,
    s: &'a Schema,
    hint: &Hint,
    pointer: &JsonPointer,
) {
    let kind = kind_of(cx, s, hint, pointer);
    insert_inline(cx, s, hint, pointer, kind);
}

fn claim_inline(cx: &mut Lowering<'_>, hint: &Hint) -> Hint {
    Hint {
        name: cx.type_scope.claim(&hint.name),
        origin: hint.origin.clone(),
        file: hint.file.clone(),
    }
}

fn insert_inline(
    cx: &mut Lowering<'_>,
    s: &Schema,
    hint: &Hint,
    pointer: &JsonPointer,
    kind: TypeKind,
) {
    let mut docs = schema_docs(s);
    if docs.text.is_none() {
        docs.facts.push(Fact::Inline(vec![hint.origin.clone()]));
    }
    insert_type(
        cx,
        &hint.name,
        &hint.origin,
        &hint.file,
        pointer,
        docs,
        s.schema_data.deprecated,
        kind,
    );
}

fn lower_enum(cx: &mut Lowering<'_>, values: &[Option<String>]) -> EnumDef {
    let mut scope = naming::Scope::new();
    let unknown = "Unknown".to_owned();
    scope.reserve(&unknown);
    let mut seen = BTreeSet::new();
    let variants = values
        .iter()
        .flatten()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| Variant {
            name: scope.claim(&naming::pascal(v, "Empty")),
            wire: v.clone(),
        })
        .collect::<Vec<_>>();
    cx.work.ir_nodes += variants.len() as u64;
    EnumDef { variants, unknown }
}

pub(crate) fn lower_struct<'a>(
    cx: &mut Lowering<'a>,
    properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    hint: &Hint,
    pointer: &JsonPointer,
) -> StructDef {
    let mut scope = naming::Scope::new();
    let mut fields = Vec::with_capacity(properties.len());
    for (wire, prop) in properties {
        let ptr = pointer.push("properties").push(wire);
        let child = Hint {
            name: naming::pascal_concat(&[&hint.name, &naming::pascal(wire, "Field")]),
            origin: format!("{}.{}", hint.origin, wire),
            file: hint.file.clone(),
        };
        let ty = type_in(cx, prop.into(), &child, &ptr);
        cx.work.ir_nodes += 1;
        let (read_only, deprecated, text) = match prop {
            ReferenceOr::Item(s) => all_of::annotations(s),
            ReferenceOr::Reference { .. } => (false, false, None),
        };
        let format = match prop {
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::Type(Type::String(st)) => match &st.format {
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let max_items = match prop {
            ReferenceOr::Item(s) => max_items(s),
            ReferenceOr::Reference { .. } => None,
        };
        fields.push(Field {
            name: scope.claim(&naming::snake(wire, "field")),
            wire_name: wire.clone(),
            pointer: ptr.to_string(),
            ty,
            required: required.iter().any(|r| r == wire),
            // Until `usage` knows whether responses carry the type.
            optional: !required.iter().any(|r| r == wire),
            read_only,
            deprecated,
            boxed: false,
            max_items,
            format,
            docs: Docs {
                text,
                facts: Vec::new(),
            },
        });
    }
    // A required name without a schema is legal JSON Schema: the property must be present,
    // with any value. It becomes a required free-form field.
    let mut seen = std::collections::HashSet::new();
    for r in required {
        if properties.contains_key(r) || !seen.insert(r.as_str()) {
            continue;
        }
        cx.work.ir_nodes += 1;
        fields.push(Field {
            name: scope.claim(&naming::snake(r, "field")),
            wire_name: r.clone(),
            pointer: pointer.push("required").to_string(),
            ty: TypeRef::prim(Primitive::Json),
            required: true,
            optional: false,
            read_only: false,
            deprecated: false,
            boxed: false,
            max_items: None,
            format: None,
            docs: Docs::default(),
        });
    }
    StructDef {
        fields,
        listing: None,
    }
}

/// `maxItems` of an inline array schema.
pub(crate) fn max_items(schema: &Schema) -> Option<usize> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => a.max_items,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Fact, FileId, Listing, Primitive, TypeKind, TypeRef};
    use serde_json::json;

    /// Facts are data: the listing's fields by index (page fields of the wrong type left
    /// out), the file of an operation's inline types by operation, docs facts without text.
    #[test]
    fn listings_files_and_facts_are_structured() {
        let doc = json!({
            "openapi": "3.0.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/things": { "get": {
                "operationId": "getThings",
                "parameters": [
                    { "name": "pageNumber", "in": "query", "schema": { "type": "integer" } },
                    { "name": "kind", "in": "query",
                      "schema": { "type": "string", "enum": ["a", "b"] } }
                ],
                "responses": { "200": { "description": "OK", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/ThingListing" } } } } }
            } } },
            "components": { "schemas": {
                "Thing": { "type": "object", "properties": { "id": { "type": "string", "format": "uuid" } } },
                "ThingListing": { "type": "object", "properties": {
                    "pageCount": { "type": "string" },
                    "entities": { "type": "array", "items": { "$ref": "#/components/schemas/Thing" } },
                    "nextUri": { "type": "string" },
                    "pageNumber": { "type": "integer", "format": "int32" }
                } }
            } }
        });
        let api = crate::parse::lower(&crate::openapi_from_value(&doc).unwrap()).unwrap();
        let TypeKind::Struct(s) = &api.types["ThingListing"].kind else {
            panic!("not a struct")
        };
        assert_eq!(
            s.listing,
            Some(Listing {
                item: TypeRef::Named("Thing".into()),
                // Fields in document order (here: `json!` sorts keys).
                entities: 0,
                page_number: Some(3),
                // A string `pageCount` still makes it a listing, but the runtime cannot read it.
                page_count: None,
                next_uri: Some(1),
            })
        );
        let op = &api.tags[0].operations[0];
        let pagination = op.pagination.as_ref().unwrap();
        assert_eq!(op.params[pagination.page_param].wire_name, "pageNumber");
        let kind = &api.types["GetThingsKind"];
        assert_eq!(kind.file, FileId::Operation("getThings".into()));
        assert_eq!(api.file_stem(&kind.file), "get_things");
        assert_eq!(api.files()["get_things"].len(), 1);
        assert_eq!(
            kind.docs.facts,
            [Fact::Inline(vec!["getThings.kind".into()])]
        );
        let thing = &api.types["Thing"];
        assert_eq!(thing.file, FileId::Model("thing".into()));
        assert_eq!(thing.docs.facts, [Fact::Schema("Thing".into())]);
        let TypeKind::Struct(t) = &thing.kind else {
            panic!("not a struct")
        };
        assert_eq!(t.fields[0].format.as_deref(), Some("uuid"));
        assert_eq!(t.fields[0].ty, TypeRef::Primitive(Primitive::String));
        assert!(t.fields[0].docs.facts.is_empty());
    }
}
