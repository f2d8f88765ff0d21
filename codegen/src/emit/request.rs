//! The statements of `into_request` that write parameters and the body into the runtime's
//! `RequestParts`: query (scalars, lists by `style`, maps exploded or `deepObject`), headers,
//! form fields and multipart parts, and JSON, text or byte bodies.

use super::models::{ident, rust_type};
use super::wire;
use crate::ir::{
    BodyKind, FormEncoding, Operation, Param, ParamLocation, ParamStyle, PartKind, RequestBody,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The type a parameter is stored as in the builder: files of a multipart body are
/// `FilePart`s, the rest their Rust type.
pub(super) fn param_type(p: &Param) -> TokenStream {
    match (p.part, &p.ty) {
        (Some(PartKind::File), TypeRef::Vec(_)) => quote!(Vec<crate::runtime::FilePart>),
        (Some(PartKind::File), _) => quote!(crate::runtime::FilePart),
        _ => rust_type(&p.ty),
    }
}

/// The item type of a list parameter as stored.
pub(super) fn item_type(p: &Param) -> TokenStream {
    match (p.part, &p.ty) {
        (Some(PartKind::File), _) => quote!(crate::runtime::FilePart),
        (_, TypeRef::Vec(item)) => rust_type(item),
        (_, t) => rust_type(t),
    }
}

/// The Rust type of a one-value body as stored.
pub(super) fn body_type(b: &RequestBody) -> TokenStream {
    match b.kind {
        BodyKind::Json => rust_type(&b.ty),
        BodyKind::Text => quote!(String),
        BodyKind::Binary => quote!(::bytes::Bytes),
    }
}

/// What the body argument or setter accepts: text and bytes anything convertible.
pub(super) fn body_input(b: &RequestBody) -> TokenStream {
    match b.kind {
        BodyKind::Json => rust_type(&b.ty),
        BodyKind::Text => quote!(impl Into<String>),
        BodyKind::Binary => quote!(impl Into<::bytes::Bytes>),
    }
}

/// Converts a [`body_input`] value to the stored [`body_type`].
pub(super) fn body_convert(b: &RequestBody, value: TokenStream) -> TokenStream {
    match b.kind {
        BodyKind::Json => value,
        BodyKind::Text | BodyKind::Binary => quote!(#value.into()),
    }
}

/// The delimiter of a list written as one value.
fn delimiter(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::SpaceDelimited => " ",
        ParamStyle::PipeDelimited => "|",
        _ => ",",
    }
}

/// The statement writing one parameter whose value is bound to `value` (a reference).
fn write(o: &Operation, p: &Param) -> TokenStream {
    let w = &p.wire_name;
    let joined = |item: &TypeRef| {
        let v = wire::query_value(item, quote!(item));
        let d = delimiter(p.style);
        quote!(value.iter().map(|item| ToString::to_string(&#v)).collect::<Vec<String>>().join(#d))
    };
    match p.location {
        ParamLocation::Path => TokenStream::new(),
        ParamLocation::Query => match &p.ty {
            TypeRef::Vec(item) if p.explode => {
                let v = wire::query_value(item, quote!(item));
                quote!(for item in value { parts.query(#w, #v); })
            }
            TypeRef::Vec(item) => {
                let j = joined(item);
                quote!(parts.query(#w, #j);)
            }
            TypeRef::Map(v) => {
                let v = wire::query_value(v, quote!(v));
                match (p.style, p.explode) {
                    (ParamStyle::DeepObject, _) => quote! {
                        for (k, v) in value { parts.query_entry(::std::format!("{}[{}]", #w, k), #v); }
                    },
                    (_, true) => quote!(for (k, v) in value { parts.query_entry(k.clone(), #v); }),
                    (_, false) => quote! {
                        let joined: Vec<String> = value.iter().flat_map(|(k, v)| [k.clone(), ToString::to_string(&#v)]).collect();
                        parts.query(#w, joined.join(","));
                    },
                }
            }
            t => {
                let v = wire::query_value(t, quote!(value));
                quote!(parts.query(#w, #v);)
            }
        },
        ParamLocation::Header => match &p.ty {
            TypeRef::Vec(item) => {
                let j = joined(item);
                quote!(parts.header(#w, #j)?;)
            }
            t => {
                let v = wire::query_value(t, quote!(value));
                quote!(parts.header(#w, #v)?;)
            }
        },
        ParamLocation::Form => match (o.form, p.part, &p.ty) {
            (Some(FormEncoding::Multipart), Some(PartKind::File), TypeRef::Vec(_)) => {
                quote!(for item in value { parts.multipart_file(#w, item); })
            }
            (Some(FormEncoding::Multipart), Some(PartKind::File), _) => {
                quote!(parts.multipart_file(#w, value);)
            }
            (Some(FormEncoding::Multipart), Some(PartKind::Text), TypeRef::Vec(item)) => {
                let v = wire::query_value(item, quote!(item));
                quote!(for item in value { parts.multipart_text(#w, #v); })
            }
            (Some(FormEncoding::Multipart), Some(PartKind::Text), t) => {
                let v = wire::query_value(t, quote!(value));
                quote!(parts.multipart_text(#w, #v);)
            }
            (Some(FormEncoding::Multipart), _, _) => quote!(parts.multipart_json(#w, value)?;),
            (_, _, TypeRef::Vec(item)) => {
                let v = wire::query_value(item, quote!(item));
                quote!(for item in value { parts.form_field(#w, #v); })
            }
            (_, _, t) => {
                let v = wire::query_value(t, quote!(value));
                quote!(parts.form_field(#w, #v);)
            }
        },
    }
}

/// The statements writing every query, header and form parameter, in declaration order.
pub(super) fn params(o: &Operation) -> Vec<TokenStream> {
    o.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let n = ident(&p.name);
            let push = write(o, p);
            if p.required {
                quote! { { let value = &self.#n; #push } }
            } else {
                quote! { if let Some(value) = &self.#n { #push } }
            }
        })
        .collect()
}

/// The statement writing the body, if the operation has one value as its body.
pub(super) fn body(o: &Operation) -> Option<TokenStream> {
    let b = o.body.as_ref()?;
    let n = ident(&b.name);
    let media = &b.media;
    let write = match b.kind {
        BodyKind::Json => quote!(parts.json_body(body)?;),
        BodyKind::Text => quote!(parts.text_body(body, #media);),
        BodyKind::Binary => quote!(parts.bytes_body(body.clone(), #media);),
    };
    Some(if b.required {
        let write = match b.kind {
            BodyKind::Json => quote!(parts.json_body(&self.#n)?;),
            BodyKind::Text => quote!(parts.text_body(&self.#n, #media);),
            BodyKind::Binary => quote!(parts.bytes_body(self.#n.clone(), #media);),
        };
        quote!(#write)
    } else {
        quote! { if let Some(body) = &self.#n { #write } }
    })
}

/// `parts.accept(…)` for text and byte responses.
pub(super) fn accept(o: &Operation) -> Option<TokenStream> {
    if o.response.kind == BodyKind::Json || o.response.media.is_empty() {
        return None;
    }
    let media = o.response.media.join(", ");
    Some(quote!(parts.accept(#media);))
}

/// The success type and the runtime call that sends `parts` and decodes it.
pub(super) fn response(o: &Operation) -> (TokenStream, TokenStream) {
    match (&o.response.ty, o.response.kind) {
        (None, _) if o.response.existence => {
            (quote!(bool), quote!(client.execute_exists(parts).await))
        }
        (None, _) => (quote!(()), quote!(client.execute_empty(parts).await)),
        (Some(_), BodyKind::Text) => (quote!(String), quote!(client.execute_text(parts).await)),
        (Some(_), BodyKind::Binary) => (
            quote!(::bytes::Bytes),
            quote!(client.execute_raw(parts).await),
        ),
        (Some(t), BodyKind::Json) => {
            let t = rust_type(t);
            (t.clone(), quote!(client.execute::<#t>(parts).await))
        }
    }
}
