//! `models/`: one file per schema (with the inline types declared inside it).
//!
//! These tokens are the reference layout; `cargo xtask codegen` writes struct models through
//! [`super::models_text`], which must print the same bytes (`tests/text_render.rs` fails
//! otherwise): a change to a struct's shape here needs the same change there.
//!
//! Forward compatibility and semver honesty are decided here:
//! - structs are `#[non_exhaustive]`, built with `new(required…)` plus `with_*` setters, so a new
//!   optional field is not a breaking change; unknown JSON fields are ignored;
//! - types responses carry ([`crate::ir::Usage::response`]) make every field an `Option`, so an
//!   absent or `null` value never discards a body; `new` still takes the required ones;
//! - server-set (`readOnly`) fields get no setter on types requests carry;
//! - enums are `#[non_exhaustive]` and open: unknown values land in a catch-all variant holding
//!   an `UnknownValue` (which only the crate can build, so each wire string has exactly one
//!   value) that serializes back unchanged; `Ord` follows the wire string.

use super::docs;
use crate::ir::{EnumDef, Field, Listing, Primitive, StructDef, TypeDef, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Tokens of a Rust identifier already made valid by [`crate::ir::naming`].
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The Rust type of a reference. Prelude types are written unqualified (about a third fewer
/// tokens to format); `parse` keeps models from taking prelude names, so none can shadow them.
pub fn rust_type(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::Primitive(p) => match p {
            Primitive::String | Primitive::Binary => quote!(String),
            Primitive::Bool => quote!(bool),
            Primitive::I32 => quote!(i32),
            Primitive::I64 => quote!(i64),
            Primitive::F32 => quote!(f32),
            Primitive::F64 => quote!(f64),
            Primitive::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
            Primitive::Date => quote!(::chrono::NaiveDate),
            Primitive::Json => quote!(::serde_json::Value),
        },
        TypeRef::Named(n) => {
            let n = ident(n);
            quote!(crate::models::#n)
        }
        TypeRef::Vec(t) => {
            let t = rust_type(t);
            quote!(Vec<#t>)
        }
        TypeRef::Map(t) => {
            let t = rust_type(t);
            quote!(::std::collections::BTreeMap<String, #t>)
        }
    }
}

/// The whole file for the types sharing one file stem.
pub fn file(types: &[&TypeDef]) -> TokenStream {
    let items = types.iter().map(|t| type_def(t));
    quote!(#(#items)*)
}

/// A type's docs: the spec's, plus the generated facts of its kind.
pub(crate) fn type_docs(t: &TypeDef) -> docs::DocText<'_> {
    let mut d = docs::DocText::of(&t.docs);
    match &t.kind {
        TypeKind::Enum(e) => {
            let values: Vec<String> = e.variants.iter().map(|v| format!("`{}`", v.wire)).collect();
            d.facts.push(format!(
                "Known values: {}; any other value is kept in `{}`.",
                values.join(", "),
                e.unknown
            ));
        }
        TypeKind::Struct(s) if s.fields.iter().any(|f| f.required) => {
            d.facts.push(
                "Build one with `new` (the required fields) and the `with_*` setters.".to_owned(),
            );
        }
        _ => {}
    }
    d
}

/// One type's items, as tokens.
pub(crate) fn type_def(t: &TypeDef) -> TokenStream {
    let doc = docs::attrs(&type_docs(t));
    let deprecated = t.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Alias(r) => {
            let ty = rust_type(r);
            quote! { #doc #deprecated pub type #name = #ty; }
        }
        TypeKind::Newtype(r) => {
            let ty = rust_type(r);
            let mut derives = vec![quote!(Clone), quote!(Debug), quote!(PartialEq)];
            if t.eq {
                derives.push(quote!(Eq));
            }
            if t.hash {
                derives.push(quote!(Hash));
            }
            if matches!(r, TypeRef::Vec(_) | TypeRef::Map(_)) {
                derives.push(quote!(Default));
            }
            quote! {
                #doc
                #[derive(#(#derives),*, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                #deprecated
                pub struct #name(pub #ty);
            }
        }
        TypeKind::Enum(e) => enum_def(&name, e, doc, deprecated),
        TypeKind::Struct(s) => struct_def(t, &name, s, doc, deprecated),
    }
}

/// Whether a field is held as `Option<T>`: the one rule every emitter that reads or builds a
/// generated struct follows.
pub(crate) fn field_is_option(f: &Field) -> bool {
    f.optional
}

fn field_type(f: &Field) -> TokenStream {
    let inner = rust_type(&f.ty);
    let inner = if f.boxed { quote!(Box<#inner>) } else { inner };
    if field_is_option(f) {
        quote!(Option<#inner>)
    } else {
        inner
    }
}

/// The derives of a struct, in order (shared by the token and the text renderers).
pub(crate) fn struct_derives(t: &TypeDef, s: &StructDef) -> Vec<&'static str> {
    let mut derives = vec!["Clone", "Debug", "PartialEq"];
    if t.eq {
        derives.push("Eq");
    }
    if t.hash {
        derives.push("Hash");
    }
    if s.fields.iter().all(|f| !f.required) {
        derives.push("Default");
    }
    derives
}

/// A field's docs: the spec's, plus why a required field is an `Option` on response types.
pub(crate) fn field_docs(f: &Field, usage: crate::ir::Usage) -> docs::DocText<'_> {
    let mut d = docs::DocText::of(&f.docs);
    d.facts.extend(docs::field_facts(f));
    if f.required && usage.response {
        d.facts.push(
            "Required by the API description, yet an `Option`: responses carry this type, \
             and one that omits the field still decodes."
                .to_owned(),
        );
    }
    d
}

/// One field declaration (docs, serde attribute, `pub name: Type,`).
pub(crate) fn field_def(f: &Field, usage: crate::ir::Usage) -> TokenStream {
    let fname = ident(&f.name);
    let ty = field_type(f);
    let doc = docs::attrs(&field_docs(f, usage));
    let mut serde_args = Vec::new();
    if f.name != f.wire_name {
        let w = &f.wire_name;
        serde_args.push(quote!(rename = #w));
    }
    if field_is_option(f) {
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let dep = f.deprecated.then(|| quote!(#[deprecated]));
    quote! { #doc #serde #dep pub #fname: #ty, }
}

/// Whether a field gets a `with_*` setter: server-set fields get none on types requests
/// carry, since sending them is never useful. (Fields stay `pub`, so a test can still fill
/// one in on a value it built.)
pub(crate) fn has_setter(f: &Field, usage: crate::ir::Usage) -> bool {
    !(f.read_only && usage.request)
}

/// The setter's name (`with_` + the field name without a keyword-escaping `_`).
pub(crate) fn setter_name(f: &Field) -> String {
    format!("with_{}", f.name.trim_end_matches('_'))
}

/// The setter's one doc line.
pub(crate) fn setter_doc(f: &Field) -> String {
    format!(" Sets `{}` (JSON `{}`).", f.name, f.wire_name)
}

/// One `with_*` setter.
pub(crate) fn setter(f: &Field) -> TokenStream {
    let fname = ident(&f.name);
    let setter = ident(&setter_name(f));
    let ty = rust_type(&f.ty);
    let value = if f.boxed {
        quote!(Box::new(value.into()))
    } else {
        quote!(value.into())
    };
    let value = if field_is_option(f) {
        quote!(Some(#value))
    } else {
        value
    };
    let doc = docs::attr(&setter_doc(f));
    quote! {
        #doc
        pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
            self.#fname = #value;
            self
        }
    }
}

/// The doc line of `new`.
pub(crate) fn new_doc(name: &str, s: &StructDef) -> String {
    let required: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("`{}`", f.name))
        .collect();
    if required.is_empty() {
        format!(" An empty `{name}`; every field is optional (this is also `Default`).")
    } else {
        format!(
            " A `{name}` with its required fields ({}); the rest start as `None`.",
            required.join(", ")
        )
    }
}

/// `new(required…)`.
pub(crate) fn new_fn(name: &str, s: &StructDef) -> TokenStream {
    let args = s.fields.iter().filter(|f| f.required).map(|f| {
        let fname = ident(&f.name);
        let ty = rust_type(&f.ty);
        quote!(#fname: impl Into<#ty>)
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        if !f.required {
            return quote!(#fname: None);
        }
        let value = if f.boxed {
            quote!(Box::new(#fname.into()))
        } else {
            quote!(#fname.into())
        };
        if field_is_option(f) {
            quote!(#fname: Some(#value))
        } else {
            quote!(#fname: #value)
        }
    });
    let new_doc = new_doc(name, s);
    quote! {
        #[doc = #new_doc]
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

fn struct_def(
    t: &TypeDef,
    name: &Ident,
    s: &StructDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
) -> TokenStream {
    let derives = struct_derives(t, s).into_iter().map(ident);
    let usage = t.usage;
    let fields = s.fields.iter().map(|f| field_def(f, usage));
    let new = new_fn(&t.name, s);
    let setters = s.fields.iter().filter(|f| has_setter(f, usage)).map(setter);
    let listing = s.listing.as_ref().map(|l| listing_impl(name, s, l));
    quote! {
        #doc
        #[derive(#(#derives),*, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        #deprecated
        pub struct #name { #(#fields)* }

        impl #name {
            #new
            #(#setters)*
        }
        #listing
    }
}

/// `Listing` lets the runtime page through `entities` without knowing the listing's shape.
fn listing_impl(name: &Ident, s: &StructDef, listing: &Listing) -> TokenStream {
    let item_ty = rust_type(&listing.item);
    let field = |i: Option<usize>| i.and_then(|i| s.fields.get(i));
    let entities = match field(Some(listing.entities)) {
        Some(f) if !field_is_option(f) => {
            let n = ident(&f.name);
            quote!(self.#n)
        }
        Some(f) => {
            let n = ident(&f.name);
            quote!(self.#n.unwrap_or_default())
        }
        None => quote!(Vec::new()),
    };
    // `Page` counts in i64: i32 fields widen, i64 ones pass through (converting them would be
    // clippy's `useless_conversion`).
    let number = |i: Option<usize>| match field(i) {
        Some(f) => {
            let n = ident(&f.name);
            let widen = f.ty == TypeRef::Primitive(Primitive::I32);
            match (!field_is_option(f), widen) {
                (true, true) => quote!(Some(i64::from(self.#n))),
                (true, false) => quote!(Some(self.#n)),
                (false, true) => quote!(self.#n.map(i64::from)),
                (false, false) => quote!(self.#n),
            }
        }
        None => quote!(None),
    };
    let page_number = number(listing.page_number);
    let page_count = number(listing.page_count);
    let next_uri = match field(listing.next_uri) {
        Some(f) if field_is_option(f) => {
            let n = ident(&f.name);
            quote!(self.#n)
        }
        _ => quote!(None),
    };
    quote! {
        impl crate::runtime::pagination::Listing for #name {
            type Item = #item_ty;
            fn into_page(self) -> crate::runtime::pagination::Page<Self::Item> {
                crate::runtime::pagination::Page {
                    page_number: #page_number,
                    page_count: #page_count,
                    next_uri: #next_uri,
                    entities: #entities,
                }
            }
        }
    }
}

fn enum_def(
    name: &Ident,
    e: &EnumDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
) -> TokenStream {
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let d = docs::attr(&format!(" `{}`", v.wire));
        quote!(#d #n,)
    });
    let as_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote!(Self::#n => #w,)
    });
    let from_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote!(#w => Self::#n,)
    });
    let from_str2 = from_str.clone();
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #deprecated
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept byte for byte. Only decoding
            /// and `From`/`FromStr` build it, and they map every known value to its variant.
            #unknown(crate::models::UnknownValue),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(crate::models::UnknownValue::new(ToOwned::to_owned(other))),
                }
            }
        }

        impl ::std::convert::From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str2)*
                    _ => Self::#unknown(crate::models::UnknownValue::new(value)),
                }
            }
        }

        // Ordered by wire string, so sorting does not change when Genesys reorders its values.
        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, ::std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(crate::generated::support::OpenEnumVisitor::<Self>::new())
            }
        }
    }
}
