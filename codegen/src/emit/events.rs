//! `events.rs`: the glue between batch-event operations ([`ir::EventBatch`]) and the runtime's
//! generic `EventPublisher` — `BatchEvent` for each event type (or a generated enum when one
//! operation takes several event arrays) and `EventRejection` for the per-event error type.

use super::features;
use super::models::{field_is_option, ident};
use crate::ir::{Api, EventBatch, Field, StructDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The whole file; a document without batch-event operations gets only the module docs.
pub fn file(api: &Api) -> TokenStream {
    let mut rejections = BTreeSet::new();
    let items = api.event_batches.iter().map(|b| {
        // The rejection impl compiles with its type; the batch impl calls its tag's
        // operation, so it compiles with that tag's feature.
        let rejection = rejections.insert(b.rejection.as_str()).then(|| {
            let reach = api
                .get(&b.rejection)
                .map(|t| t.reach.clone())
                .unwrap_or_default();
            rejection_impl(api, b, &features::cfg(&reach))
        });
        let gate = api
            .tags
            .get(b.tag)
            .map(features::cfg_tag)
            .unwrap_or_default();
        let batch = batch_impl(api, b, &gate);
        quote!(#batch #rejection)
    });
    let items: Vec<TokenStream> = items.collect();
    quote! {
        //! Event types publishable with `EventPublisher` (`Client::event_publisher`): one
        //! implementation of `BatchEvent` per batch-event operation of the API description.
        #(#items)*
    }
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match api.get(name).map(|t| &t.kind) {
        Some(TypeKind::Struct(StructDef { fields, .. })) => fields,
        _ => &[],
    }
}

fn model(name: &str) -> TokenStream {
    let n = ident(name);
    quote!(crate::models::#n)
}

/// `&str` of a string field (`None` when unset or empty: a rejection may name no event).
fn opt_str_getter(f: &Field, value: TokenStream) -> TokenStream {
    let n = ident(&f.name);
    if field_is_option(f) {
        quote!(#value.#n.as_deref().filter(|s| !s.is_empty()))
    } else {
        quote!(Some(#value.#n.as_str()).filter(|s| !s.is_empty()))
    }
}

/// `&str` of an event's id field, as it will be sent (an optional one reads as `""` when
/// unset; the publisher stamps ids before sending, so that is only seen on events built by
/// hand without one).
fn id_getter(f: &Field, value: TokenStream) -> TokenStream {
    let n = ident(&f.name);
    if field_is_option(f) {
        quote!(#value.#n.as_deref().unwrap_or_default())
    } else {
        quote!(#value.#n.as_str())
    }
}

fn setter(f: &Field, target: TokenStream, value: TokenStream) -> TokenStream {
    let n = ident(&f.name);
    if field_is_option(f) {
        quote!(#target.#n = Some(#value))
    } else {
        quote!(#target.#n = #value)
    }
}

/// An event's date-time field, as it will be sent (an optional one reads as the epoch when
/// unset, for the same reason as [`id_getter`]).
fn time_getter(f: &Field, value: TokenStream) -> TokenStream {
    let n = ident(&f.name);
    if field_is_option(f) {
        quote!(#value.#n.unwrap_or_default())
    } else {
        quote!(#value.#n)
    }
}

/// `EventRejection` for the batch's rejection type, under `cfg` (its type's reach).
fn rejection_impl(api: &Api, b: &EventBatch, cfg: &TokenStream) -> TokenStream {
    let ty = model(&b.rejection);
    let fs = fields(api, &b.rejection);
    let (Some(id), Some(retryable)) = (
        fs.get(b.rejection_id_field),
        fs.get(b.rejection_retryable_field),
    ) else {
        return TokenStream::new();
    };
    let id = opt_str_getter(id, quote!(self));
    let r = ident(&retryable.name);
    let retryable = if field_is_option(retryable) {
        quote!(self.#r.unwrap_or(false))
    } else {
        quote!(self.#r)
    };
    quote! {
        #cfg
        impl crate::runtime::events::EventRejection for #ty {
            fn event_id(&self) -> Option<&str> {
                #id
            }
            fn retryable(&self) -> bool {
                #retryable
            }
        }
    }
}

/// `BatchEvent` for the batch's event type (and the enum of its events when it takes several
/// arrays), each item under `cfg` (the operation's tag).
fn batch_impl(api: &Api, b: &EventBatch, cfg: &TokenStream) -> TokenStream {
    let Some(op) = api
        .tags
        .get(b.tag)
        .and_then(|t| t.operations.get(b.operation))
    else {
        return TokenStream::new();
    };
    let body_fields = fields(api, &b.body);
    let response_ty = model(&b.response);
    let rejection = model(&b.rejection);
    let errors = match fields(api, &b.response).get(b.errors_field) {
        Some(f) if field_is_option(f) => {
            let n = ident(&f.name);
            quote!(response.#n.unwrap_or_default())
        }
        Some(f) => {
            let n = ident(&f.name);
            quote!(response.#n)
        }
        None => return TokenStream::new(),
    };
    // The body's limit: the smallest `maxItems` of its event arrays (a batch never holds more
    // events of one array than it holds in all).
    let limit = b
        .arrays
        .iter()
        .filter_map(|a| body_fields.get(a.field)?.max_items)
        .min();
    let max = match limit {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let op_doc = format!(
        " Publishes through `{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.operation_id
    );
    let (op_id, path) = (&op.operation_id, op.path.as_str());
    let method = quote::format_ident!("{}", op.method.as_str());
    // The body is serialized from borrowed events (a struct of the operation's arrays holding
    // references), so publishing never clones an event.
    let send_batch = |body_def: TokenStream, body_value: TokenStream| {
        quote! {
            fn send_batch(
                client: &crate::runtime::Client,
                events: &[&Self],
            ) -> ::futures_util::future::BoxFuture<'static, Result<Vec<Self::Rejection>, crate::runtime::Error>> {
                #body_def
                let mut parts = crate::runtime::RequestParts::new(
                    ::reqwest::Method::#method,
                    #op_id,
                    #path,
                    String::from(#path),
                );
                let body = parts.json_body(&#body_value);
                let client = client.clone();
                Box::pin(async move {
                    body?;
                    let response = client.execute::<#response_ty>(parts).await?.into_body();
                    Ok(#errors)
                })
            }
        }
    };
    let common = |get_id: TokenStream,
                  set_id: TokenStream,
                  get_time: TokenStream,
                  set_time: TokenStream,
                  send: TokenStream| {
        quote! {
            type Rejection = #rejection;
            const MAX_PER_REQUEST: Option<usize> = #max;
            fn event_id(&self) -> &str { #get_id }
            fn set_event_id(&mut self, id: String) { #set_id; }
            fn event_date_time(&self) -> ::chrono::DateTime<::chrono::Utc> { #get_time }
            fn set_event_date_time(&mut self, at: ::chrono::DateTime<::chrono::Utc>) { #set_time; }
            #send
        }
    };
    match &b.event_enum {
        None => {
            let Some(a) = b.arrays.first() else {
                return TokenStream::new();
            };
            let ev = fields(api, &a.event);
            let (Some(idf), Some(tf), Some(bf)) = (
                ev.get(a.id_field),
                ev.get(a.time_field),
                body_fields.get(a.field),
            ) else {
                return TokenStream::new();
            };
            let ty = model(&a.event);
            let wire = &bf.wire_name;
            let send = send_batch(
                quote! {
                    #[derive(::serde::Serialize)]
                    struct Body<'e> {
                        #[serde(rename = #wire)]
                        events: &'e [&'e #ty],
                    }
                },
                quote!(Body { events }),
            );
            let items = common(
                id_getter(idf, quote!(self)),
                setter(idf, quote!(self), quote!(id)),
                time_getter(tf, quote!(self)),
                setter(tf, quote!(self), quote!(at)),
                send,
            );
            quote! {
                #cfg
                #[doc = #op_doc]
                impl crate::runtime::events::BatchEvent for #ty {
                    #items
                }
            }
        }
        Some(name) => {
            let enum_ident = ident(name);
            let mut variants = Vec::new();
            let mut froms = Vec::new();
            let mut get_ids = Vec::new();
            let mut set_ids = Vec::new();
            let mut get_times = Vec::new();
            let mut set_times = Vec::new();
            let mut body_members = Vec::new();
            let mut empties = Vec::new();
            let mut pushes = Vec::new();
            for (k, a) in b.arrays.iter().enumerate() {
                let ev = fields(api, &a.event);
                let (Some(idf), Some(tf), Some(bf)) = (
                    ev.get(a.id_field),
                    ev.get(a.time_field),
                    body_fields.get(a.field),
                ) else {
                    return TokenStream::new();
                };
                let v = ident(&a.event);
                let ty = model(&a.event);
                let doc = format!(" One [`{0}`](crate::models::{0}).", a.event);
                variants.push(quote!(#[doc = #doc] #v(#ty)));
                froms.push(quote! {
                    #cfg
                    impl From<#ty> for #enum_ident {
                        fn from(event: #ty) -> Self { Self::#v(event) }
                    }
                });
                let g = id_getter(idf, quote!(e));
                get_ids.push(quote!(Self::#v(e) => #g));
                let s = setter(idf, quote!(e), quote!(id));
                set_ids.push(quote!(Self::#v(e) => #s));
                let g = time_getter(tf, quote!(e));
                get_times.push(quote!(Self::#v(e) => #g));
                let s = setter(tf, quote!(e), quote!(at));
                set_times.push(quote!(Self::#v(e) => #s));
                let member = quote::format_ident!("a{}", k);
                let wire = &bf.wire_name;
                // A required array is always sent (empty when the batch has none of its
                // events); an optional one only when it has events.
                let skip = if field_is_option(bf) {
                    quote!(, skip_serializing_if = "Vec::is_empty")
                } else {
                    TokenStream::new()
                };
                body_members.push(quote! {
                    #[serde(rename = #wire #skip)]
                    #member: Vec<&'e #ty>
                });
                empties.push(quote!(#member: Vec::new()));
                pushes.push(quote!(#enum_ident::#v(e) => body.#member.push(e)));
            }
            let send = send_batch(
                quote! {
                    #[derive(::serde::Serialize)]
                    struct Body<'e> {
                        #(#body_members,)*
                    }
                    let mut body = Body { #(#empties,)* };
                    for event in events {
                        match *event { #(#pushes,)* }
                    }
                },
                quote!(body),
            );
            let items = common(
                quote!(match self { #(#get_ids,)* }),
                quote!(match self { #(#set_ids,)* }),
                quote!(match self { #(#get_times,)* }),
                quote!(match self { #(#set_times,)* }),
                send,
            );
            let doc = format!(
                " Any event of [`{0}`](crate::models::{0}), for `EventPublisher` and `EventSink`.",
                b.body
            );
            quote! {
                #cfg
                #[doc = #doc]
                #[doc = ""]
                #[doc = #op_doc]
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                pub enum #enum_ident {
                    #(#variants,)*
                }
                #(#froms)*
                #cfg
                impl crate::runtime::events::BatchEvent for #enum_ident {
                    #items
                }
            }
        }
    }
}
