//! How a parameter value becomes text on the wire, as the generated request builders write
//! it: the generated mock matches on exactly the same text.
//! (`request.rs` writes query, header and form values with [`query_value`]; `operations.rs`
//! has its own copy of the path rule.)

use crate::ir::{Primitive, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// A `&str` of `value` for a path segment (before `encode_path_segment`).
pub fn path_value(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => {
            quote!(&#value.to_rfc3339_opts(::chrono::SecondsFormat::Millis, true))
        }
        TypeRef::Primitive(Primitive::String) => quote!(#value.as_str()),
        _ => quote!(&#value.to_string()),
    }
}

/// A `Display` of `value` for the query string (date-times in Genesys' ISO-8601 form).
pub fn query_value(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => {
            quote!(#value.to_rfc3339_opts(::chrono::SecondsFormat::Millis, true))
        }
        _ => value,
    }
}
