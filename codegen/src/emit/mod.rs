//! IR → Rust files. Never sees `openapiv3`; only [`crate::ir`].
//!
//! Layout of the output (paths relative to `genesys-client/src/generated/`):
//! - `mod.rs`: module declarations and the few lint allowances generated code needs, each
//!   with its reason;
//! - `support.rs`: serde plumbing shared by generated types;
//! - `models/mod.rs` + `models/<type>.rs`: one file per schema (with its inline types);
//! - `operations/mod.rs` + `operations/<tag>.rs`: one file per tag.

mod docs;
mod file;
pub mod models;
mod operations;

pub use file::HEADER;

use crate::{ir, Error, Output, Skipped};
use quote::quote;

/// Emits every file of the `generated/` tree: [`tokens`], then [`format`].
pub fn emit(api: &ir::Api) -> Result<Output, Error> {
    format(api, tokens(api))
}

/// Formats emitted tokens into file texts (the `syn` + `prettyplease` stage).
pub fn format(
    api: &ir::Api,
    tokens: Vec<(String, proc_macro2::TokenStream)>,
) -> Result<Output, Error> {
    let mut out = Output::default();
    for (path, tokens) in tokens {
        let text = file::render(&path, tokens)?;
        out.files.insert(path, text);
    }
    out.skipped = api
        .skipped
        .iter()
        .map(|(operation, reason)| Skipped {
            operation: operation.clone(),
            reason: reason.clone(),
        })
        .collect();
    Ok(out)
}

/// The token stream of every file, keyed by relative path (the `quote` stage).
pub fn tokens(api: &ir::Api) -> Vec<(String, proc_macro2::TokenStream)> {
    let mut out = Vec::new();
    let mut add = |path: String, tokens: proc_macro2::TokenStream| out.push((path, tokens));

    let root_doc = format!(
        " Code generated from the `{}` API description (version `{}`).",
        api.title, api.version
    );
    add(
        "mod.rs".into(),
        quote! {
            #![doc = #root_doc]
            #![doc = ""]
            #![doc = " Regenerate with `cargo xtask codegen`; never edit these files by hand."]
            // Constructors take every required field of a schema; some schemas have many.
            #![allow(clippy::too_many_arguments)]
            // Genesys deprecates fields and schemas that generated code still has to (de)serialize.
            #![allow(deprecated)]
            pub mod models;
            pub mod operations;
            pub(crate) mod support;
        },
    );
    add("support.rs".into(), support());

    let files = api.files();
    let mods = files.keys().map(|f| models::ident(f));
    let uses = files.iter().flat_map(|(f, types)| {
        let m = models::ident(f);
        types.iter().map(move |t| {
            let n = models::ident(&t.name);
            quote!(pub use self::#m::#n;)
        })
    });
    add(
        "models/mod.rs".into(),
        quote! {
            //! Every schema of the API as a Rust type.
            #(mod #mods;)*
            #(#uses)*
        },
    );
    for (f, types) in &files {
        add(format!("models/{f}.rs"), models::file(api, types));
    }

    let index = operations::index(api);
    let tag_mods = api.tags.iter().map(|t| {
        let m = models::ident(&t.module);
        let d = format!(" Operations tagged `{}`.", t.wire_name);
        quote!(#[doc = #d] pub mod #m;)
    });
    add(
        "operations/mod.rs".into(),
        quote! {
            //! Request builders, one module per API tag.
            #(#tag_mods)*
        },
    );
    for tag in &api.tags {
        add(
            format!("operations/{}.rs", tag.module),
            operations::file(tag, &index),
        );
    }
    out
}

/// Serde plumbing shared by all open enums: decode from a borrowed `&str` when possible, so
/// known values never allocate.
fn support() -> proc_macro2::TokenStream {
    quote! {
        //! Serde helpers for generated types.

        /// Deserializes an open enum from a string without allocating for known values.
        pub(crate) struct OpenEnumVisitor<T>(::std::marker::PhantomData<T>);

        impl<T> OpenEnumVisitor<T> {
            pub(crate) fn new() -> Self {
                Self(::std::marker::PhantomData)
            }
        }

        impl<'de, T> ::serde::de::Visitor<'de> for OpenEnumVisitor<T>
        where
            T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
        {
            type Value = T;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
                ::std::result::Result::Ok(T::from(value))
            }

            fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<T, E> {
                ::std::result::Result::Ok(T::from(value))
            }
        }
    }
}
