//! `events.rs`: the glue between batch-event operations ([`ir::EventBatch`]) and the runtime's
//! generic `EventPublisher` — `BatchEvent` for each event type (or a generated enum when one
//! operation takes several event arrays) and `EventRejection` for the per-event error type.

use super::models::{field_is_option, ident};
use crate::ir::{Api, EventBatch, Field, StructDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The whole file; a document without batch-event operations gets only the module docs.
pub fn file(api: &Api) -> TokenStream {
    let mut rejections = BTreeSet::new();
    let items = api.event_batches.iter().map(|b| {
        let rejection = rejections
            .insert(b.rejection.as_str())
            .then(|| rejection_impl(api, b));
        let batch = batch_impl(api, b);
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

/// `&str` of a string field (`None` when empty or unset: empty means "not set yet").
fn str_getter(f: &Field, value: TokenStream) -> TokenStream {
    let n = ident(&f.name);
    if field_is_option(f) {
        quote!(#value.#n.as_deref().filter(|s| !s.is_empty()))
    } else {
        quote!(Some(#value.#n.as_str()).filter(|s| !s.is_empty()))
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

/// A date-time field (`None` when unset; a required one counts the Unix epoch as unset).
fn time_getter(f: &Field, value: TokenStream) -> TokenStream {
    let n = ident(&f.name);
    if field_is_option(f) {
        quote!(#value.#n)
    } else {
        quote!(Some(#value.#n).filter(|t| *t != ::chrono::DateTime::<::chrono::Utc>::default()))
    }
}

fn rejection_impl(api: &Api, b: &EventBatch) -> TokenStream {
    let ty = model(&b.rejection);
    let fs = fields(api, &b.rejection);
    let (Some(id), Some(retryable)) = (
        fs.get(b.rejection_id_field),
        fs.get(b.rejection_retryable_field),
    ) else {
        return TokenStream::new();
    };
    let id = str_getter(id, quote!(self));
    let r = ident(&retryable.name);
    let retryable = if field_is_option(retryable) {
        quote!(self.#r.unwrap_or(false))
    } else {
        quote!(self.#r)
    };
    quote! {
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

fn batch_impl(api: &Api, b: &EventBatch) -> TokenStream {
    let (Some(tag), Some(op)) = (
        api.tags.get(b.tag),
        api.tags
            .get(b.tag)
            .and_then(|t| t.operations.get(b.operation)),
    ) else {
        return TokenStream::new();
    };
    let body_fields = fields(api, &b.body);
    let body_ty = model(&b.body);
    let rejection = model(&b.rejection);
    let accessor = ident(&tag.module);
    let op_fn = ident(&op.fn_name);
    let send = match &op.body {
        Some(body) if body.required => quote!(client.#accessor().#op_fn(body)),
        Some(body) => {
            let setter = ident(&body.name);
            quote!(client.#accessor().#op_fn().#setter(body))
        }
        None => return TokenStream::new(),
    };
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
    // Every body field starts empty (`None`, or an empty array for a required event array).
    let empty = body_fields.iter().map(|f| {
        let n = ident(&f.name);
        if field_is_option(f) {
            quote!(#n: None)
        } else {
            quote!(#n: Vec::new())
        }
    });
    let op_doc = format!(
        " Publishes through `{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.operation_id
    );
    let send_batch = |fill: TokenStream| {
        quote! {
            fn send_batch(
                client: &crate::runtime::Client,
                events: Vec<Self>,
            ) -> ::futures_util::future::BoxFuture<'_, Result<Vec<Self::Rejection>, crate::runtime::Error>> {
                let mut body = #body_ty { #(#empty,)* };
                #fill
                Box::pin(async move {
                    let response = #send.send().await?;
                    Ok(#errors)
                })
            }
        }
    };
    let push = |a: &crate::ir::EventArray, value: TokenStream| {
        let f = &body_fields[a.field];
        let n = ident(&f.name);
        if field_is_option(f) {
            quote!(body.#n.get_or_insert_with(Vec::new).push(#value))
        } else {
            quote!(body.#n.push(#value))
        }
    };
    match &b.event_enum {
        None => {
            let Some(a) = b.arrays.first() else {
                return TokenStream::new();
            };
            let ev = fields(api, &a.event);
            let (Some(idf), Some(tf)) = (ev.get(a.id_field), ev.get(a.time_field)) else {
                return TokenStream::new();
            };
            let ty = model(&a.event);
            let n = ident(&body_fields[a.field].name);
            let fill = if field_is_option(&body_fields[a.field]) {
                quote!(body.#n = Some(events);)
            } else {
                quote!(body.#n = events;)
            };
            let get_id = str_getter(idf, quote!(self));
            let set_id = setter(idf, quote!(self), quote!(id));
            let get_time = time_getter(tf, quote!(self));
            let set_time = setter(tf, quote!(self), quote!(at));
            let send_batch = send_batch(fill);
            quote! {
                #[doc = #op_doc]
                impl crate::runtime::events::BatchEvent for #ty {
                    type Rejection = #rejection;
                    fn event_id(&self) -> Option<&str> { #get_id }
                    fn set_event_id(&mut self, id: String) { #set_id; }
                    fn event_date_time(&self) -> Option<::chrono::DateTime<::chrono::Utc>> { #get_time }
                    fn set_event_date_time(&mut self, at: ::chrono::DateTime<::chrono::Utc>) { #set_time; }
                    #send_batch
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
            let mut pushes = Vec::new();
            for a in &b.arrays {
                let ev = fields(api, &a.event);
                let (Some(idf), Some(tf)) = (ev.get(a.id_field), ev.get(a.time_field)) else {
                    return TokenStream::new();
                };
                let v = ident(&a.event);
                let ty = model(&a.event);
                let doc = format!(" One [`{0}`](crate::models::{0}).", a.event);
                variants.push(quote!(#[doc = #doc] #v(#ty)));
                froms.push(quote! {
                    impl From<#ty> for #enum_ident {
                        fn from(event: #ty) -> Self { Self::#v(event) }
                    }
                });
                let g = str_getter(idf, quote!(e));
                get_ids.push(quote!(Self::#v(e) => #g));
                let s = setter(idf, quote!(e), quote!(id));
                set_ids.push(quote!(Self::#v(e) => #s));
                let g = time_getter(tf, quote!(e));
                get_times.push(quote!(Self::#v(e) => #g));
                let s = setter(tf, quote!(e), quote!(at));
                set_times.push(quote!(Self::#v(e) => #s));
                let p = push(a, quote!(e));
                pushes.push(quote!(#enum_ident::#v(e) => #p));
            }
            let fill = quote! {
                for event in events {
                    match event { #(#pushes,)* }
                }
            };
            let send_batch = send_batch(fill);
            let doc = format!(
                " Any event of [`{0}`](crate::models::{0}), for `EventPublisher::publish`.",
                b.body
            );
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = #op_doc]
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                pub enum #enum_ident {
                    #(#variants,)*
                }
                #(#froms)*
                impl crate::runtime::events::BatchEvent for #enum_ident {
                    type Rejection = #rejection;
                    fn event_id(&self) -> Option<&str> {
                        match self { #(#get_ids,)* }
                    }
                    fn set_event_id(&mut self, id: String) {
                        match self { #(#set_ids,)* }
                    }
                    fn event_date_time(&self) -> Option<::chrono::DateTime<::chrono::Utc>> {
                        match self { #(#get_times,)* }
                    }
                    fn set_event_date_time(&mut self, at: ::chrono::DateTime<::chrono::Utc>) {
                        match self { #(#set_times,)* }
                    }
                    #send_batch
                }
            }
        }
    }
}
