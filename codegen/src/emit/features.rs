//! `#[cfg(feature = …)]` attributes from [`Reach`]: each tag of the API is a cargo feature of
//! the generated crate, so a program compiles only the tags it enables (see `parse::reach`).

use crate::ir::{Api, Reach, Tag, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The attribute compiling an item when any of `reach`'s tags is enabled (nothing for
/// [`Reach::Always`]).
pub fn cfg(reach: &Reach) -> TokenStream {
    match reach.tags() {
        None => TokenStream::new(),
        Some([one]) => quote!(#[cfg(feature = #one)]),
        Some(many) => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The attribute for an item of one tag.
pub fn cfg_tag(tag: &Tag) -> TokenStream {
    cfg(&Reach::Tags(vec![tag.module.clone()]))
}

/// What compiles `support.rs`: every open enum needs it.
pub fn support_reach(api: &Api) -> Reach {
    api.types
        .values()
        .filter(|t| matches!(t.kind, TypeKind::Enum(_)))
        .fold(None::<Reach>, |acc, t| {
            Some(match acc {
                None => t.reach.clone(),
                Some(r) => r.union(&t.reach),
            })
        })
        .unwrap_or(Reach::Always)
}
