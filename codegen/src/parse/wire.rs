//! The wire facts of every skipped operation and schema ([`ir::WireOperation`],
//! [`ir::WireSchema`]), read off the parsed document after lowering decided what it skips.
//!
//! Lenient on purpose: the item was skipped because something in it is wrong, so a reference
//! that does not resolve is left out of the facts instead of raising a diagnostic (the skip
//! already names the problem).

use crate::diag::JsonPointer;
use crate::ir::{WireOperation, WireParam, WireSchema};
use crate::{Skipped, SkippedKind};
use openapiv3::{OpenAPI, Parameter, ReferenceOr, SchemaKind, StatusCode, Type};

/// Facts of the skipped items that are still in the document.
pub(super) fn facts(api: &OpenAPI, skipped: &[Skipped]) -> (Vec<WireOperation>, Vec<WireSchema>) {
    let mut ops = Vec::new();
    let mut schemas = Vec::new();
    for s in skipped {
        let segs: Vec<String> = s.pointer.segments().collect();
        match (s.kind, segs.as_slice()) {
            (SkippedKind::Operation, [p, path, method]) if p == "paths" => {
                if let Some(op) = operation(api, path, method, &s.pointer) {
                    ops.push(op);
                }
            }
            (SkippedKind::Schema, [c, k, name]) if c == "components" && k == "schemas" => {
                if let Some(schema) = schema(api, name, &s.pointer) {
                    schemas.push(schema);
                }
            }
            _ => {}
        }
    }
    (ops, schemas)
}

fn component<'a, T>(
    reference: &str,
    section: &str,
    map: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
) -> Option<&'a T> {
    let name = reference.strip_prefix(&format!("#/components/{section}/"))?;
    match map?.get(name)? {
        ReferenceOr::Item(t) => Some(t),
        ReferenceOr::Reference { .. } => None,
    }
}

fn operation(api: &OpenAPI, path: &str, method: &str, ptr: &JsonPointer) -> Option<WireOperation> {
    let ReferenceOr::Item(item) = api.paths.paths.get(path)? else {
        return None;
    };
    let (_, op) = item.iter().find(|(m, _)| *m == method)?;
    let components = api.components.as_ref();
    let path_ptr = JsonPointer::root().push("paths").push(path);
    let mut params: Vec<WireParam> = Vec::new();
    let sources = [
        (path_ptr.push("parameters"), &item.parameters),
        (ptr.push("parameters"), &op.parameters),
    ];
    for (base, list) in sources {
        for (i, p) in list.iter().enumerate() {
            let p = match p {
                ReferenceOr::Item(p) => Some(p),
                ReferenceOr::Reference { reference } => {
                    component(reference, "parameters", components.map(|c| &c.parameters))
                }
            };
            let Some(p) = p else {
                continue;
            };
            let location = match p {
                Parameter::Path { .. } => "path",
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            let data = p.parameter_data_ref();
            params.retain(|q| (q.location.as_str(), &q.name) != (location, &data.name));
            params.push(WireParam {
                location: location.to_owned(),
                name: data.name.clone(),
                required: data.required,
                pointer: base.push(i.to_string()).to_string(),
            });
        }
    }
    let body = op.request_body.as_ref().and_then(|b| match b {
        ReferenceOr::Item(b) => Some(b.required),
        ReferenceOr::Reference { reference } => component(
            reference,
            "requestBodies",
            components.map(|c| &c.request_bodies),
        )
        .map(|b| b.required),
    });
    let mut statuses: Vec<String> = op
        .responses
        .responses
        .keys()
        .map(|s| match s {
            StatusCode::Code(n) => n.to_string(),
            StatusCode::Range(n) => format!("{n}XX"),
        })
        .chain(op.responses.default.as_ref().map(|_| "default".to_owned()))
        .collect();
    statuses.sort();
    Some(WireOperation {
        method: method.to_uppercase(),
        path: path.to_owned(),
        pointer: ptr.to_string(),
        deprecated: op.deprecated,
        params,
        body,
        statuses,
    })
}

fn schema(api: &OpenAPI, name: &str, ptr: &JsonPointer) -> Option<WireSchema> {
    let ReferenceOr::Item(s) = api.components.as_ref()?.schemas.get(name)? else {
        return None;
    };
    // Its own properties, and those of the inline object parts of its `allOf`.
    let own = |kind: &SchemaKind| match kind {
        SchemaKind::Type(Type::Object(o)) => o
            .properties
            .keys()
            .map(|p| (p.clone(), o.required.contains(p)))
            .collect(),
        _ => Vec::new(),
    };
    let mut properties: Vec<(String, bool)> = own(&s.schema_kind);
    if let SchemaKind::AllOf { all_of } = &s.schema_kind {
        for part in all_of {
            if let ReferenceOr::Item(part) = part {
                properties.extend(own(&part.schema_kind));
            }
        }
    }
    Some(WireSchema {
        name: name.to_owned(),
        pointer: ptr.to_string(),
        deprecated: s.schema_data.deprecated,
        properties,
    })
}
