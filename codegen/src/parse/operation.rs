//! Paths × methods → [`ir::Operation`]s grouped into [`ir::Tag`]s.
//!
//! Operations the runtime cannot send (cookie parameters, headers it owns, objects with
//! properties in a query; see [`super::params`]), operations with a defect of their own (a path
//! parameter missing from the template, a dangling `$ref`) and operations reaching a schema that
//! cannot be expressed are recorded in `skipped` with their pointer and the reason (see
//! [`super::isolate`]), never dropped silently and never emitted with an unsound signature.

use super::schema::{type_of, Hint, SchemaRef};
use super::{body, params, Lowering};
use crate::diag::JsonPointer;
use crate::ir::{
    naming, Chunking, Docs, FileId, HttpMethod, Operation, Pagination, Param, ParamLocation,
    ParamStyle, PathSegment, PathTemplate, PermissionRule, Permissions, Primitive, Replacement,
    Tag, TypeKind, TypeRef,
};
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};
use std::collections::BTreeMap;

/// `new` and methods of traits that generated types implement or derive (`Clone`, `Debug`,
/// `PartialEq`…): an inherent method named like one would shadow it (`builder.clone()` calling
/// a setter) or trip clippy (`should_implement_trait`, `new_ret_no_self`).
const TRAIT_METHODS: &[&str] = &[
    "as_ref",
    "clone",
    "clone_from",
    "cmp",
    "default",
    "deref",
    "drop",
    "eq",
    "fmt",
    "from",
    "hash",
    "into",
    "ne",
    "new",
    "partial_cmp",
    "to_owned",
    "to_string",
];

/// Why an operation cannot be generated (it is skipped with this reason).
pub(super) struct Unsupported(pub(super) String);

pub(crate) fn lower_operations(cx: &mut Lowering<'_>) -> Vec<Tag> {
    let api = cx.api;
    // (tag module) → (tag wire name, ops)
    let mut by_tag: BTreeMap<String, (String, Vec<Operation>)> = BTreeMap::new();
    let mut tag_scope = naming::Scope::new();
    // `operations::operations` would trip clippy's `module_inception`.
    for method in crate::runtime_surface::CLIENT_METHODS
        .iter()
        .chain(crate::runtime_surface::MOCK_SERVER_METHODS)
        .chain(TRAIT_METHODS)
        .chain(&["operations"])
    {
        tag_scope.reserve(method);
    }
    let mut tag_modules: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_ids: BTreeMap<String, JsonPointer> = BTreeMap::new();
    let mut fn_scopes: BTreeMap<String, (naming::Scope, naming::Scope)> = BTreeMap::new();

    for (path, item) in &api.paths.paths {
        let path_ptr = JsonPointer::root().push("paths").push(path);
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { .. } => {
                cx.skip_operation(path, &path_ptr, "path item $ref is not supported".into());
                continue;
            }
        };
        for (method, op) in item.iter() {
            let ptr = path_ptr.push(method);
            let Some(http) = method_of(method) else {
                let name = format!("{} {path}", method.to_uppercase());
                cx.skip_operation(&name, &ptr, "TRACE is not supported".into());
                continue;
            };
            let op_id = match &op.operation_id {
                Some(id) if !id.trim().is_empty() => id.clone(),
                _ => format!("{method} {path}"),
            };
            if let Some(first) = seen_ids.get(&op_id) {
                let reason = format!(
                    "at {}: duplicate operationId '{op_id}' (first used at {first})",
                    ptr.push("operationId")
                );
                cx.skip_operation(&op_id, &ptr, reason);
                continue;
            }
            seen_ids.insert(op_id.clone(), ptr.clone());

            let tag_wire = op
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| "default".to_owned());
            let module = tag_modules
                .entry(tag_wire.clone())
                .or_insert_with(|| tag_scope.claim(&naming::snake(&tag_wire, "default")))
                .clone();
            let (fn_scope, builder_scope) = fn_scopes.entry(module.clone()).or_insert_with(|| {
                let mut b = naming::Scope::new();
                b.reserve(&api_struct(&tag_wire));
                // The tag's file names prelude items unqualified (`Option`, `Into`…).
                for prelude in super::PRELUDE {
                    b.reserve(prelude);
                }
                let mut f = naming::Scope::new();
                for method in TRAIT_METHODS {
                    f.reserve(method);
                }
                (f, b)
            });
            let fn_name = fn_scope.claim(&naming::snake(&op_id, "operation"));
            let builder = builder_scope.claim(&naming::pascal(&op_id, "Operation"));

            // Replaced on import or when the JSON was read (see `spec::defects`).
            let problems = crate::spec::defects::problems(&op.extensions);
            if !problems.is_empty() {
                cx.skip_operation(&op_id, &ptr, super::isolate::reason(&problems, &ptr));
                continue;
            }
            let mark = cx.mark();
            let site = Site {
                method: http,
                path: PathTemplate::parse(path),
                item,
                op,
                op_id: &op_id,
                fn_name: &fn_name,
                builder: &builder,
                ptr: &ptr,
            };
            let lowered = lower_one(cx, &site);
            let diags = cx.take_diags(mark);
            let why = match lowered {
                Ok(_) if !diags.is_empty() => Some(super::isolate::reason(&diags, &ptr)),
                Ok(o) => match cx.reaches_broken(&type_refs(&o), &cx.created_since(mark)) {
                    Some(why) => Some(why),
                    None => {
                        by_tag
                            .entry(module)
                            .or_insert_with(|| (tag_wire, Vec::new()))
                            .1
                            .push(o);
                        None
                    }
                },
                Err(Unsupported(reason)) if diags.is_empty() => Some(reason),
                Err(Unsupported(reason)) => Some(format!(
                    "{reason}; {}",
                    super::isolate::reason(&diags, &ptr)
                )),
            };
            if let Some(why) = why {
                cx.drop_created(mark);
                cx.skip_operation(&op_id, &ptr, why);
            }
        }
    }

    // Inline types of parameters and bodies live in one models file per operation: its stem
    // is claimed once every operation is lowered, only for those that declared a type (in
    // type-name order, which keeps the stems stable when operations come and go).
    for t in cx.types.values() {
        if let FileId::Operation(op_id) = &t.file {
            if !cx.operation_files.contains_key(op_id) {
                let stem = cx.file_scope.claim(&naming::snake(op_id, "operation"));
                cx.operation_files.insert(op_id.clone(), stem);
            }
        }
    }

    by_tag
        .into_iter()
        .map(|(module, (wire, mut operations))| {
            operations.sort_by(|a, b| a.fn_name.cmp(&b.fn_name));
            Tag {
                api_struct: api_struct(&wire),
                wire_name: wire,
                module,
                operations,
            }
        })
        .collect()
}

/// The types an operation's signature names.
fn type_refs(o: &Operation) -> Vec<&TypeRef> {
    o.params
        .iter()
        .map(|p| &p.ty)
        .chain(o.body.as_ref().map(|b| &b.ty))
        .chain(o.response.ty.as_ref())
        .collect()
}

/// The accessor struct of a tag (`PresenceApi`).
fn api_struct(tag_wire: &str) -> String {
    naming::pascal_concat(&[&naming::pascal(tag_wire, "Default"), "Api"])
}

fn method_of(m: &str) -> Option<HttpMethod> {
    Some(match m {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "patch" => HttpMethod::Patch,
        "head" => HttpMethod::Head,
        "options" => HttpMethod::Options,
        _ => return None,
    })
}

/// One operation being lowered: where it is in the document and the Rust names already
/// claimed for it in its tag.
struct Site<'a, 'n> {
    method: HttpMethod,
    path: PathTemplate,
    item: &'a openapiv3::PathItem,
    op: &'a openapiv3::Operation,
    op_id: &'n str,
    fn_name: &'n str,
    builder: &'n str,
    ptr: &'n JsonPointer,
}

fn lower_one<'a>(cx: &mut Lowering<'a>, site: &Site<'a, '_>) -> Result<Operation, Unsupported> {
    let Site {
        method,
        ref path,
        item,
        op,
        op_id,
        fn_name,
        builder,
        ptr,
    } = *site;
    // Names the builder already uses for itself.
    let mut scope = naming::Scope::new();
    // `timeout`, `retry_policy`, `header`, `options`: the per-request setters every builder
    // gets from the runtime (`__request_option_setters!`).
    let own = [
        "client",
        "send",
        "send_with_response",
        "send_raw",
        "into_request",
        "stream",
        "send_chunked",
        "body",
        "options",
        "timeout",
        "retry_policy",
        "header",
    ];
    for reserved in own.iter().chain(TRAIT_METHODS) {
        scope.reserve(reserved);
    }

    // Path-level parameters, overridden by operation-level ones with the same name and location.
    let mut raw: Vec<(JsonPointer, &Parameter)> = Vec::new();
    let sources = [
        (
            JsonPointer::root()
                .push("paths")
                .push(path.as_str())
                .push("parameters"),
            &item.parameters,
        ),
        (ptr.push("parameters"), &op.parameters),
    ];
    for (base, list) in sources {
        for (i, p) in list.iter().enumerate() {
            let pptr = base.push(i.to_string());
            let Some(p) = resolve(cx, p, "parameters", |c| &c.parameters, &pptr) else {
                continue;
            };
            let key = (p.parameter_data_ref().name.clone(), location(p));
            raw.retain(|(_, q)| (q.parameter_data_ref().name.clone(), location(q)) != key);
            raw.push((pptr, p));
        }
    }

    let mut params = Vec::new();
    let template: Vec<&str> = path.params().collect();
    for (pptr, p) in &raw {
        let data = p.parameter_data_ref();
        let (loc, style) = match p {
            Parameter::Path { .. } => (ParamLocation::Path, ParamStyle::Simple),
            Parameter::Query { style, .. } => (ParamLocation::Query, params::query_style(style)),
            Parameter::Header { .. } if params::header_is_ignored(&data.name) => continue,
            Parameter::Header { .. } => match params::header_problem(&data.name) {
                Some(why) => return Err(Unsupported(why)),
                None => (ParamLocation::Header, ParamStyle::Simple),
            },
            Parameter::Cookie { .. } => {
                return Err(Unsupported(format!(
                    "cookie parameter '{}' (cookies are not supported)",
                    data.name
                )))
            }
        };
        if loc == ParamLocation::Path && !template.contains(&data.name.as_str()) {
            cx.error(
                pptr,
                format!(
                    "path parameter '{}' does not appear in the path template",
                    data.name
                ),
            );
            continue;
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => s,
            ParameterSchemaOrContent::Content(_) => {
                return Err(Unsupported(format!(
                    "parameter '{}' is described by content, not a schema",
                    data.name
                )))
            }
        };
        let hint = Hint {
            name: naming::pascal_concat(&[builder, &naming::pascal(&data.name, "Param")]),
            origin: format!("{op_id}.{}", data.name),
            file: FileId::Operation(op_id.to_owned()),
        };
        let ty = type_of(cx, SchemaRef::from(schema), &hint, &pptr.push("schema"));
        let (ty, free_form) = params::shape(cx, ty, schema, loc, style, None)
            .map_err(|why| Unsupported(format!("parameter '{}' has {why}", data.name)))?;
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        let required = data.required || loc == ParamLocation::Path;
        params.push(Param {
            name: scope.claim(&naming::snake(&data.name, "param")),
            wire_name: data.name.clone(),
            pointer: pptr.to_string(),
            location: loc,
            required,
            ty,
            style,
            explode,
            free_form,
            part: None,
            deprecated: data.deprecated.unwrap_or(false),
            max_items: match schema {
                ReferenceOr::Item(s) => super::schema::max_items(s),
                ReferenceOr::Reference { .. } => None,
            },
            // The emitter renders the generated facts (wire name, location, type, encoding).
            docs: Docs {
                text: data.description.clone().filter(|d| !d.trim().is_empty()),
                facts: Vec::new(),
            },
        });
    }
    for name in &template {
        if !params
            .iter()
            .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
        {
            cx.error(
                ptr,
                format!("path template parameter '{{{name}}}' is not declared"),
            );
        }
    }
    // Path parameters in template order, then the rest in document order.
    params.sort_by_key(|p| match p.location {
        ParamLocation::Path => template.iter().position(|t| *t == p.wire_name).unwrap_or(0),
        _ => usize::MAX,
    });

    let (body, form) = match &op.request_body {
        None => (None, None),
        Some(rb) => {
            match body::lower_body(cx, rb, builder, op_id, &mut scope, &ptr.push("requestBody"))? {
                None => (None, None),
                Some(body::Body::Value(b)) => (Some(b), None),
                Some(body::Body::Form(encoding, fields)) => {
                    params.extend(fields);
                    (None, Some(encoding))
                }
            }
        }
    };
    let mut response =
        body::lower_response(cx, &op.responses, builder, op_id, &ptr.push("responses"))?;
    response.existence = method == HttpMethod::Head && response.ty.is_none();

    // The stream sets the page number itself: an optional integer `pageNumber` query parameter.
    let page_param = params.iter().position(|p| {
        p.wire_name == "pageNumber"
            && p.location == ParamLocation::Query
            && !p.required
            && matches!(p.ty, TypeRef::Primitive(Primitive::I32 | Primitive::I64))
    });
    let pagination = match (&response.ty, page_param) {
        (Some(TypeRef::Named(n)), Some(page_param)) => match cx.types.get(n).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.listing.as_ref().map(|l| Pagination {
                page_param,
                item: l.item.clone(),
            }),
            _ => None,
        },
        _ => None,
    };

    // One limited query list (e.g. bulk presence `id`, 50 per request): `send_chunked`.
    let limited: Vec<(usize, usize)> = params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.location == ParamLocation::Query && matches!(p.ty, TypeRef::Vec(_)))
        .filter_map(|(i, p)| Some((i, p.max_items?)))
        .collect();
    let chunking = match limited[..] {
        [(param, limit)] if limit > 0 => Some(Chunking { param, limit }),
        _ => None,
    };

    let path_params: Vec<Option<usize>> = path
        .segments()
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Param(wire) => Some(
                params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.wire_name == *wire),
            ),
            PathSegment::Literal(_) => None,
        })
        .collect();

    let permissions = op
        .extensions
        .get("x-inin-requires-permissions")
        .and_then(|v| {
            let rule = PermissionRule::from_wire(v.get("type")?.as_str()?);
            let permissions = v
                .get("permissions")?
                .as_array()?
                .iter()
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect();
            Some(Permissions { rule, permissions })
        });

    let text = join_text(op.summary.as_deref(), op.description.as_deref());
    let replaced_by = if op.deprecated {
        text.as_deref().and_then(replacement)
    } else {
        None
    };
    Ok(Operation {
        operation_id: op_id.to_owned(),
        fn_name: fn_name.to_owned(),
        builder: builder.to_owned(),
        method,
        path: path.clone(),
        path_params,
        pointer: ptr.to_string(),
        docs: Docs {
            text,
            facts: Vec::new(),
        },
        deprecated: op.deprecated,
        replaced_by,
        permissions,
        params,
        body,
        form,
        response,
        pagination,
        chunking,
    })
}

/// Genesys names the replacement of a deprecated operation in its summary ("… migrate to use
/// GET /api/v2/… instead"): the first `METHOD /path` in the text.
fn replacement(text: &str) -> Option<Replacement> {
    for method in [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Patch,
    ] {
        let needle = format!("{} /", method.as_str());
        if let Some(pos) = text.find(&needle) {
            let path: String = text[pos + needle.len() - 1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != ')')
                .collect();
            return Some(Replacement {
                method,
                path: PathTemplate::parse(path.trim_end_matches(['.', ','])),
            });
        }
    }
    None
}

fn join_text(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn location(p: &Parameter) -> u8 {
    match p {
        Parameter::Path { .. } => 0,
        Parameter::Query { .. } => 1,
        Parameter::Header { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

/// The component a `$ref` names (`#/components/<section>/<name>`), or `None` with a
/// dangling-ref diagnostic. `pick` selects the section of `components` (`parameters`…).
pub(super) fn resolve<'a, T>(
    cx: &mut Lowering<'a>,
    item: &'a ReferenceOr<T>,
    section: &str,
    pick: impl FnOnce(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ptr: &JsonPointer,
) -> Option<&'a T> {
    let reference = match item {
        ReferenceOr::Item(t) => return Some(t),
        ReferenceOr::Reference { reference } => reference,
    };
    let found = reference
        .strip_prefix(&format!("#/components/{section}/"))
        .and_then(|name| pick(cx.api.components.as_ref()?).get(name));
    match found {
        Some(ReferenceOr::Item(t)) => Some(t),
        _ => {
            cx.error(
                &ptr.push("$ref"),
                format!("dangling $ref '{reference}': no such entry in components/{section}"),
            );
            None
        }
    }
}
