//! Which types requests carry and which responses carry ([`Usage`]), and so which fields are
//! `Option`s ([`Field::optional`](crate::ir::Field::optional)), computed once here so emitters
//! read a fact instead of re-deriving the graph.
//!
//! Request roots: parameter types and request bodies of every generated operation. Response
//! roots: success bodies, plus the schemas error responses name (`ErrorBody`), which the runtime
//! decodes too, and notification topic payloads (they arrive from the server). Both sets are closed over fields, aliases, newtypes and collection items.

use crate::ir::{Tag, TypeDef, TypeKind, Usage};
use openapiv3::{ReferenceOr, StatusCode};
use std::collections::BTreeMap;

/// Sets [`TypeDef::usage`] on every type; `error_roots` are the schemas error responses name
/// ([`error_schemas`]).
pub(crate) fn mark(
    tags: &[Tag],
    topics: &[crate::ir::NotificationTopic],
    error_roots: &[String],
    types: &mut BTreeMap<String, TypeDef>,
) {
    let mut request = Vec::new();
    let mut response = error_roots.to_vec();
    for op in tags.iter().flat_map(|t| &t.operations) {
        op.request_roots(&mut request);
        op.response_roots(&mut response);
    }
    super::topics::payload_roots(topics, &mut response);
    close(types, request, |u| &mut u.request);
    close(types, response, |u| &mut u.response);
    for t in types.values_mut() {
        let response = t.usage.response;
        if let TypeKind::Struct(s) = &mut t.kind {
            for f in &mut s.fields {
                f.optional = !f.required || response;
            }
        }
    }
}

/// Marks every type reachable from `roots` with the flag `pick` selects.
fn close(
    types: &mut BTreeMap<String, TypeDef>,
    mut todo: Vec<String>,
    pick: impl Fn(&mut Usage) -> &mut bool,
) {
    while let Some(name) = todo.pop() {
        let Some(t) = types.get_mut(&name) else {
            continue;
        };
        let flag = pick(&mut t.usage);
        if *flag {
            continue;
        }
        *flag = true;
        t.kind.named(&mut todo);
    }
}

/// Component schemas named (directly, by `$ref`) by non-success JSON responses.
pub(super) fn error_schemas(
    doc: &openapiv3::OpenAPI,
    schema_names: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    let components = doc.components.as_ref();
    for (_, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, op) in item.iter() {
            let errors = op
                .responses
                .responses
                .iter()
                .filter(|(code, _)| match code {
                    StatusCode::Code(c) => !(200..300).contains(c),
                    StatusCode::Range(r) => *r != 2,
                })
                .map(|(_, r)| r)
                .chain(op.responses.default.as_ref());
            for r in errors {
                let r = match r {
                    ReferenceOr::Item(r) => Some(r),
                    ReferenceOr::Reference { reference } => reference
                        .strip_prefix("#/components/responses/")
                        .and_then(|n| components?.responses.get(n))
                        .and_then(|r| r.as_item()),
                };
                let schemas = r.into_iter().flat_map(|r| r.content.values());
                for schema in schemas.filter_map(|m| m.schema.as_ref()) {
                    let named = match schema {
                        ReferenceOr::Reference { reference } => reference
                            .strip_prefix("#/components/schemas/")
                            .and_then(|w| schema_names.get(w)),
                        ReferenceOr::Item(_) => None,
                    };
                    out.extend(named.cloned());
                }
            }
        }
    }
    out
}
