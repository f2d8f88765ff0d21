//! Finds the batch-event operations ([`ir::EventBatch`]) among lowered operations, from the
//! shapes of their bodies and responses alone (no operation or schema name is special).

use crate::ir::{
    naming, EventArray, EventBatch, HttpMethod, Primitive, StructDef, Tag, TypeDef, TypeKind,
    TypeRef,
};
use std::collections::{BTreeMap, BTreeSet};

/// Every batch-event operation, in tag and operation order. An event type publishable through
/// two operations is kept for the first one only (the publisher needs one operation per type).
pub(crate) fn find(types: &BTreeMap<String, TypeDef>, tags: &[Tag]) -> Vec<EventBatch> {
    let mut out = Vec::new();
    let mut single_events: BTreeSet<String> = BTreeSet::new();
    let mut enums = naming::Scope::new();
    for name in super::PRELUDE {
        enums.reserve(name);
    }
    for (t, tag) in tags.iter().enumerate() {
        for (o, op) in tag.operations.iter().enumerate() {
            if op.method != HttpMethod::Post || op.params.iter().any(|p| p.required) {
                continue;
            }
            let Some(body) = op.body.as_ref().and_then(|b| b.ty.direct_named()) else {
                continue;
            };
            let Some(response) = op.response.ty.as_ref().and_then(TypeRef::direct_named) else {
                continue;
            };
            let (Some(arrays), Some(rejections)) =
                (event_arrays(types, body), rejections(types, response))
            else {
                continue;
            };
            let event_enum = if arrays.len() == 1 {
                if !single_events.insert(arrays[0].event.clone()) {
                    continue;
                }
                None
            } else {
                Some(enums.claim(&enum_name(body, &op.builder)))
            };
            let (
                errors_field,
                rejection,
                rejection_id_field,
                rejection_retryable_field,
                rejection_message_field,
            ) = rejections;
            out.push(EventBatch {
                tag: t,
                operation: o,
                body: body.to_owned(),
                arrays,
                response: response.to_owned(),
                errors_field,
                rejection,
                rejection_id_field,
                rejection_retryable_field,
                rejection_message_field,
                event_enum,
            });
        }
    }
    out
}

fn struct_def<'a>(types: &'a BTreeMap<String, TypeDef>, name: &str) -> Option<&'a StructDef> {
    match &types.get(name)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// Index of the unboxed field with this wire name and type.
fn field(s: &StructDef, wire: &str, ty: &TypeRef) -> Option<usize> {
    s.fields
        .iter()
        .position(|f| f.wire_name == wire && &f.ty == ty && !f.boxed)
}

/// The event arrays of a batch body: at least one, distinct event types, and no other field
/// the caller would have to fill in.
fn event_arrays(types: &BTreeMap<String, TypeDef>, body: &str) -> Option<Vec<EventArray>> {
    let s = struct_def(types, body)?;
    let mut arrays = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, f) in s.fields.iter().enumerate() {
        let event = match &f.ty {
            TypeRef::Vec(item) if !f.boxed => item.direct_named(),
            _ => None,
        };
        let ids = event.and_then(|e| {
            let es = struct_def(types, e)?;
            Some((
                field(es, "eventId", &TypeRef::prim(Primitive::String))?,
                field(es, "eventDateTime", &TypeRef::prim(Primitive::DateTime))?,
            ))
        });
        match (event, ids) {
            (Some(event), Some((id_field, time_field))) if seen.insert(event) => {
                arrays.push(EventArray {
                    field: i,
                    event: event.to_owned(),
                    id_field,
                    time_field,
                })
            }
            _ if f.required => return None,
            _ => {}
        }
    }
    (!arrays.is_empty()).then_some(arrays)
}

/// `(errors field, error type, its eventId field, its retryable field, its message field)` of
/// a batch response.
fn rejections(
    types: &BTreeMap<String, TypeDef>,
    response: &str,
) -> Option<(usize, String, usize, usize, Option<usize>)> {
    let s = struct_def(types, response)?;
    s.fields.iter().enumerate().find_map(|(i, f)| {
        let TypeRef::Vec(item) = &f.ty else {
            return None;
        };
        let name = item.direct_named()?;
        if f.wire_name != "errors" || f.boxed {
            return None;
        }
        let es = struct_def(types, name)?;
        Some((
            i,
            name.to_owned(),
            field(es, "eventId", &TypeRef::prim(Primitive::String))?,
            field(es, "retryable", &TypeRef::prim(Primitive::Bool))?,
            field(es, "message", &TypeRef::prim(Primitive::String)),
        ))
    })
}

/// `BatchConversationEventRequest` → `ConversationEvent`; the builder's name plus `Event` when
/// the body's name does not have that shape.
fn enum_name(body: &str, builder: &str) -> String {
    let core = body
        .strip_prefix("Batch")
        .and_then(|b| b.strip_suffix("Request"))
        .filter(|c| c.starts_with(|ch: char| ch.is_ascii_uppercase()));
    match core {
        Some(core) => core.to_owned(),
        None => format!("{builder}Event"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_names_come_from_the_body_or_the_builder() {
        assert_eq!(
            enum_name("BatchConversationEventRequest", "PostX"),
            "ConversationEvent"
        );
        assert_eq!(enum_name("BatchRequest", "PostX"), "PostXEvent");
        assert_eq!(enum_name("Batch2Request", "PostX"), "PostXEvent");
        assert_eq!(enum_name("Events", "PostX"), "PostXEvent");
    }
}
