//! `mock/mod.rs` + `mock/<tag>.rs`: typed stubs for the `mock` feature of the client, one per
//! operation, generated from the same IR as the request builders so they cannot drift.
//!
//! For each operation: a marker type implementing `runtime::mock::MockOperation` (method, path
//! template, the templates that shadow it, success status, body and response types), an
//! accessor `mock.<tag>().<operation>()`, and one matcher per path or query parameter that
//! encodes its value exactly as the request builder does (see [`super::wire`]). Everything
//! generic (mounting, replies, recording) is the hand-written `runtime::mock`'s job.
//!
//! Batch-event operations (recognized by shape, not by name: a body of arrays of events with an
//! `eventId`, answered by a struct whose `errors` carry `eventId`, `message` and `retryable`)
//! also get `respond_with_failures` and typed accessors for the events they received.
//!
//! The tree is compiled only with the client's `mock` feature: `genesys-client/src/lib.rs`
//! declares it, so crates generated for other documents (scratch and hostile-corpus checks)
//! are unaffected by it.

use super::docs;
use super::models::{ident, rust_type};
use super::wire;
use crate::ir::{Api, BodyKind, Field, Operation, Param, ParamLocation, Tag, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// Methods of `TypedStub` (hand-written): a parameter matcher must not take one of these names.
const STUB_METHODS: &[&str] = &[
    "new",
    "path_param",
    "query_param",
    "header",
    "times",
    "expect",
    "respond",
    "fail",
    "reply",
    "replies",
    "reply_with",
    "body",
    "body_matches",
    "respond_with_failures",
];

/// Methods of `Calls` (hand-written, plus the generated `event_ids`).
const CALLS_METHODS: &[&str] = &[
    "new",
    "count",
    "requests",
    "last",
    "assert_count",
    "bodies",
    "event_ids",
];

/// `mock/mod.rs`: the per-tag modules and the typed accessors of recorded event batches.
pub fn mod_file(api: &Api) -> TokenStream {
    let mods = api.tags.iter().map(|t| {
        let m = ident(&t.module);
        let d = docs::attr(&format!(
            " Stubs for the operations tagged `{}`.",
            t.wire_name
        ));
        let cfg = super::features::cfg_tag(t);
        quote!(#d #cfg pub mod #m;)
    });
    let mut seen = BTreeSet::new();
    let calls = api
        .tags
        .iter()
        .flat_map(|t| &t.operations)
        .filter_map(|o| batch(api, o))
        .filter(|b| seen.insert(b.body.clone()))
        .map(|b| {
            let reach = api
                .get(&b.body)
                .map(|t| t.reach.clone())
                .unwrap_or_default();
            calls_impl(&b, &super::features::cfg(&reach))
        });
    quote! {
        //! Typed stubs for every operation, one module per API tag: `mock.<tag>().<operation>()`.
        // Deprecated operations are stubbed like the others (their accessors carry the note).
        #![allow(deprecated)]
        #(#mods)*
        #(#calls)*
    }
}

/// `mock/<tag>.rs`.
pub fn tag_file(api: &Api, tag: &Tag) -> TokenStream {
    let module = ident(&tag.module);
    let api_struct = ident(&tag.api_struct);
    let accessor_doc = docs::attr(&format!(
        " Stubs for the operations tagged `{}`.",
        tag.wire_name
    ));
    let struct_doc = docs::attr(&format!(
        " Stubs for the `{}` operations; get one with `MockServer::{}`.",
        tag.wire_name, tag.module
    ));
    let accessors = tag.operations.iter().map(|o| accessor(tag, o));
    let ops = tag.operations.iter().map(|o| operation(api, o));
    quote! {
        impl crate::runtime::mock::MockServer {
            #accessor_doc
            pub fn #module(&self) -> #api_struct<'_> {
                #api_struct { server: self }
            }
        }

        #struct_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #api_struct<'a> {
            server: &'a crate::runtime::mock::MockServer,
        }

        impl<'a> #api_struct<'a> {
            #(#accessors)*
        }

        #(#ops)*
    }
}

fn accessor(tag: &Tag, o: &Operation) -> TokenStream {
    let fn_name = ident(&o.fn_name);
    let marker = ident(&o.builder);
    let doc = docs::lines_to_attrs(&[
        format!(
            "Stubs `{} {}` (operation `{}`), which the client sends with `client.{}().{}(…)`.",
            o.method.as_str(),
            o.path,
            o.operation_id,
            tag.module,
            o.fn_name
        ),
        String::new(),
        "Add matchers, then mount with `respond`, `fail`, `replies` or `reply_with`.".to_owned(),
    ]);
    let deprecated = o
        .deprecated
        .then(|| quote!(#[deprecated(note = "the operation is deprecated by Genesys")]));
    quote! {
        #doc
        #deprecated
        pub fn #fn_name(&self) -> crate::runtime::mock::TypedStub<'a, #marker> {
            crate::runtime::mock::TypedStub::new(self.server)
        }
    }
}

/// The success status a plain `respond` answers with: the first 2xx the API lists, else `204`
/// for operations without a body and `200` for the others.
fn success_status(o: &Operation) -> u16 {
    o.response
        .statuses
        .iter()
        .copied()
        .find(|s| (200..300).contains(s))
        .unwrap_or(if o.response.ty.is_none() { 204 } else { 200 })
}

fn operation(api: &Api, o: &Operation) -> TokenStream {
    let marker = ident(&o.builder);
    let marker_doc = docs::attr(&format!(
        " The operation `{}` (`{} {}`), as the type parameter of its `TypedStub`.",
        o.operation_id,
        o.method.as_str(),
        o.path
    ));
    // Text, byte and form bodies and responses are not JSON: typed stubs see no body type and
    // answer them with `reply_with` (raw replies), never with a JSON-encoded value.
    let body_ty = match &o.body {
        Some(b) if b.kind == BodyKind::Json => rust_type(&b.ty),
        _ => quote!(crate::runtime::mock::NoBody),
    };
    let response_ty = match (&o.response.ty, o.response.kind) {
        (Some(t), BodyKind::Json) => rust_type(t),
        (Some(_), _) => quote!(crate::runtime::mock::NoBody),
        (None, _) => quote!(()),
    };
    let op_id = &o.operation_id;
    let method = o.method.as_str();
    let template = o.path.as_str();
    let shadowed = api
        .shadowed_by
        .get(&o.operation_id)
        .map_or(&[][..], Vec::as_slice);
    let success = proc_macro2::Literal::u16_unsuffixed(success_status(o));
    let empty = o.response.ty.is_none();

    let mut taken: BTreeSet<String> = STUB_METHODS.iter().map(|s| (*s).to_owned()).collect();
    let matchers: Vec<TokenStream> = o
        .params
        .iter()
        .filter_map(|p| matcher(p, &mut taken))
        .collect();
    let matchers_impl = (!matchers.is_empty()).then(|| {
        quote! {
            impl crate::runtime::mock::TypedStub<'_, #marker> {
                #(#matchers)*
            }
        }
    });
    let failures = batch(api, o)
        .filter(|b| b.writable)
        .map(|b| failures_impl(&marker, &b));
    quote! {
        #marker_doc
        #[derive(Clone, Copy, Debug)]
        pub enum #marker {}

        impl crate::runtime::mock::MockOperation for #marker {
            type Body = #body_ty;
            type Response = #response_ty;
            const OPERATION_ID: &'static str = #op_id;
            const METHOD: &'static str = #method;
            const PATH_TEMPLATE: &'static str = #template;
            const SHADOWED_BY: &'static [&'static str] = &[#(#shadowed),*];
            const SUCCESS_STATUS: u16 = #success;
            const EMPTY_RESPONSE: bool = #empty;
        }

        #matchers_impl
        #failures
    }
}

/// A name not in `taken` (which then holds it): `name`, else `name_param`, `name_param_`, …
fn free_name(name: &str, taken: &mut BTreeSet<String>) -> Ident {
    let mut candidate = name.to_owned();
    if taken.contains(&candidate) {
        candidate = format!("{name}_param");
    }
    while taken.contains(&candidate) {
        candidate.push('_');
    }
    taken.insert(candidate.clone());
    ident(&candidate)
}

/// The matcher method of one parameter.
fn matcher(p: &Param, taken: &mut BTreeSet<String>) -> Option<TokenStream> {
    let name = free_name(&p.name, taken);
    let wire_name = &p.wire_name;
    let ty = rust_type(&p.ty);
    let dep = p.deprecated.then(|| quote!(#[deprecated]));
    match p.location {
        ParamLocation::Path => {
            let d = docs::attr(&format!(
                " Only requests whose `{wire_name}` path segment is `value`, encoded as the client encodes it. {}",
                super::operations::param_facts(p)
            ));
            let v = wire::path_value(&p.ty, quote!(value));
            Some(quote! {
                #d
                #dep
                pub fn #name(self, value: impl Into<#ty>) -> Self {
                    let value: #ty = value.into();
                    self.path_param(#wire_name, crate::runtime::encode_path_segment(#v))
                }
            })
        }
        ParamLocation::Query => {
            let values = match &p.ty {
                TypeRef::Vec(item) if p.explode => {
                    let v = wire::query_value(item, quote!(item));
                    quote!(value.iter().map(|item| ToString::to_string(&#v)).collect())
                }
                TypeRef::Vec(item) => {
                    let v = wire::query_value(item, quote!(item));
                    quote! {{
                        let joined: Vec<String> = value.iter().map(|item| ToString::to_string(&#v)).collect();
                        vec![joined.join(",")]
                    }}
                }
                t => {
                    let v = wire::query_value(t, quote!(value));
                    quote!(vec![ToString::to_string(&#v)])
                }
            };
            let how = if matches!(p.ty, TypeRef::Vec(_)) && p.explode {
                "one `key=value` pair per item, in order"
            } else if matches!(p.ty, TypeRef::Vec(_)) {
                "the items joined with commas"
            } else {
                "exactly this value"
            };
            let d = docs::attr(&format!(
                " Only requests whose `{wire_name}` query parameter is `value` ({how}), written as the client writes it. {}",
                super::operations::param_facts(p)
            ));
            Some(quote! {
                #d
                #dep
                pub fn #name(self, value: impl Into<#ty>) -> Self {
                    let value: #ty = value.into();
                    self.query_param(#wire_name, #values)
                }
            })
        }
        // Stubs match on path and query; header and form values are in the recorded requests.
        ParamLocation::Header | ParamLocation::Form => None,
    }
}

/// One array of events in a batch body.
struct EventArray {
    /// The body's field.
    field: Field,
    /// The event type.
    event: TypeRef,
    /// The event's `eventId` field.
    event_id: Field,
}

/// A batch-event operation (found by `parse`, see [`crate::ir::EventBatch`]), with the fields
/// the mock reads and writes.
struct Batch {
    body: String,
    arrays: Vec<EventArray>,
    response: String,
    errors: Field,
    error: String,
    error_id: Field,
    error_retryable: Field,
    error_message: Option<Field>,
    /// The response and error types have no required field (`new()` takes no argument), so
    /// the mock can write them: `respond_with_failures` exists.
    writable: bool,
}

fn struct_def<'a>(api: &'a Api, name: &str) -> Option<&'a crate::ir::StructDef> {
    match &api.get(name)?.kind {
        crate::ir::TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The batch facts of `o`, if it is a batch-event operation.
fn batch(api: &Api, o: &Operation) -> Option<Batch> {
    let eb = api.event_batches.iter().find(|eb| {
        api.tags
            .get(eb.tag)
            .and_then(|t| t.operations.get(eb.operation))
            .is_some_and(|x| x.operation_id == o.operation_id)
    })?;
    let body = struct_def(api, &eb.body)?;
    let arrays = eb
        .arrays
        .iter()
        .map(|a| {
            let event = struct_def(api, &a.event)?;
            Some(EventArray {
                field: body.fields.get(a.field)?.clone(),
                event: TypeRef::Named(a.event.clone()),
                event_id: event.fields.get(a.id_field)?.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let response = struct_def(api, &eb.response)?;
    let error = struct_def(api, &eb.rejection)?;
    let error_id = error.fields.get(eb.rejection_id_field)?.clone();
    let error_retryable = error.fields.get(eb.rejection_retryable_field)?.clone();
    let error_message = match eb.rejection_message_field {
        Some(i) => Some(error.fields.get(i)?.clone()),
        None => None,
    };
    let writable = !response.fields.iter().any(|f| f.required)
        && !error.fields.iter().any(|f| f.required)
        && [
            Some(&error_id),
            Some(&error_retryable),
            error_message.as_ref(),
        ]
        .into_iter()
        .flatten()
        .all(|f| !f.boxed);
    Some(Batch {
        body: eb.body.clone(),
        arrays,
        response: eb.response.clone(),
        errors: response.fields.get(eb.errors_field)?.clone(),
        error: eb.rejection.clone(),
        error_id,
        error_retryable,
        error_message,
        writable,
    })
}

fn setter(f: &Field) -> Ident {
    format_ident!("with_{}", f.name.trim_end_matches('_'))
}

/// `for event in <the array>` over a decoded body named `body`.
fn events_of(a: &EventArray) -> TokenStream {
    let f = ident(&a.field.name);
    if a.field.required {
        quote!(body.#f.iter())
    } else {
        quote!(body.#f.iter().flatten())
    }
}

/// The `&str` event id of `event`.
fn event_id_of(a: &EventArray) -> TokenStream {
    let id = ident(&a.event_id.name);
    if a.event_id.required {
        quote!(event.#id.as_str())
    } else {
        quote!(event.#id.as_deref().unwrap_or_default())
    }
}

fn failures_impl(marker: &Ident, b: &Batch) -> TokenStream {
    let body_ty = rust_type(&TypeRef::Named(b.body.clone()));
    let response_ty = rust_type(&TypeRef::Named(b.response.clone()));
    let error_ty = rust_type(&TypeRef::Named(b.error.clone()));
    let with_id = setter(&b.error_id);
    let with_retryable = setter(&b.error_retryable);
    let with_message = b.error_message.as_ref().map(|f| {
        let m = setter(f);
        quote!(.#m(failure.message))
    });
    let with_errors = setter(&b.errors);
    let loops = b.arrays.iter().map(|a| {
        let events = events_of(a);
        let id = event_id_of(a);
        quote! {
            for event in #events {
                let id = #id;
                if let Some(failure) = failures.decide(id) {
                    errors.push(
                        #error_ty::new()
                            .#with_id(id)
                            .#with_retryable(failure.retryable)
                            #with_message,
                    );
                }
            }
        }
    });
    let doc = docs::lines_to_attrs(&[
        format!(
            "Answers each batch with a `{}` whose `{}` hold one `{}` (`eventId`, `message`, `retryable`) per event of the batch that `failures` fails; the other events are accepted.",
            b.response, b.errors.wire_name, b.error
        ),
        String::new(),
        "The calls' events are in the returned `Calls` (e.g. `calls.event_ids()`).".to_owned(),
    ]);
    quote! {
        impl crate::runtime::mock::TypedStub<'_, #marker> {
            #doc
            pub async fn respond_with_failures(
                self,
                failures: crate::runtime::mock::EventFailures,
            ) -> crate::runtime::mock::Calls<#body_ty> {
                self.reply_with(move |request| {
                    let body: #body_ty = match request.body_json() {
                        Ok(body) => body,
                        Err(e) => {
                            return crate::runtime::mock::Reply::error(
                                crate::runtime::mock::ApiError::bad_request()
                                    .message(format!("genesys-client mock: the batch does not decode: {e}")),
                            )
                        }
                    };
                    let mut errors: Vec<#error_ty> = Vec::new();
                    #(#loops)*
                    let response = #response_ty::new();
                    crate::runtime::mock::Reply::ok(if errors.is_empty() {
                        response
                    } else {
                        response.#with_errors(errors)
                    })
                })
                .await
            }
        }
    }
}

/// The `Calls<Body>` accessors of a batch body's events, under `cfg` (the body type's reach).
fn calls_impl(b: &Batch, cfg: &TokenStream) -> TokenStream {
    let body_ty = rust_type(&TypeRef::Named(b.body.clone()));
    let mut taken: BTreeSet<String> = CALLS_METHODS.iter().map(|s| (*s).to_owned()).collect();
    let accessors = b.arrays.iter().map(|a| {
        let name = free_name(&a.field.name, &mut taken);
        let f = ident(&a.field.name);
        let event_ty = rust_type(&a.event);
        let d = docs::attr(&format!(
            " Every `{}` item of every batch received, in order.",
            a.field.wire_name
        ));
        let items = if a.field.required {
            quote!(body.#f)
        } else {
            quote!(body.#f.unwrap_or_default())
        };
        quote! {
            #d
            pub fn #name(&self) -> Vec<#event_ty> {
                self.bodies().into_iter().flat_map(|body| #items).collect()
            }
        }
    });
    let id_loops = b.arrays.iter().map(|a| {
        let events = events_of(a);
        let id = event_id_of(a);
        quote! {
            for event in #events {
                ids.push(#id.to_owned());
            }
        }
    });
    quote! {
        #cfg
        impl crate::runtime::mock::Calls<#body_ty> {
            #(#accessors)*

            /// The `eventId` of every event of every batch received, batch by batch.
            pub fn event_ids(&self) -> Vec<String> {
                let mut ids = Vec::new();
                for body in self.bodies() {
                    #(#id_loops)*
                }
                ids
            }
        }
    }
}
