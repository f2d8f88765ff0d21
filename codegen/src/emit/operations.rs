//! `operations/<tag>.rs`: one request builder per operation, reached through
//! `client.<tag>().<operation>(required…)`, optional parameters as setters, then `.send()`.
//! Everything generic (auth, retries, encoding, decoding, errors) is the runtime's job; the
//! builders only call `crate::runtime`'s small surface.

use super::docs;
use super::models::{field_is_option, ident, rust_type};
use super::request::{self, body_convert, body_input, body_type, item_type, param_type};
use crate::ir::{
    Api, BodyKind, Chunking, FormEncoding, Operation, Param, ParamLocation, ParamStyle,
    PathSegment, PermissionRule, Primitive, StructDef, Tag, TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// `(METHOD, path)` → `tag_module::fn_name`, to name replacements of deprecated operations.
pub type Index<'a> = BTreeMap<(&'static str, &'a str), String>;

/// Builds the lookup used for deprecation notes.
pub fn index(api: &Api) -> Index<'_> {
    api.tags
        .iter()
        .flat_map(|t| {
            t.operations.iter().map(move |o| {
                (
                    (o.method.as_str(), o.path.as_str()),
                    format!("{}().{}", t.module, o.fn_name),
                )
            })
        })
        .collect()
}

/// The file of one tag.
pub fn file(api: &Api, tag: &Tag, index: &Index<'_>) -> TokenStream {
    let module = ident(&tag.module);
    let api_struct = ident(&tag.api_struct);
    let accessor_doc = docs::attr(&format!(" Operations tagged `{}`.", tag.wire_name));
    let struct_doc = docs::attr(&format!(
        " The `{}` operations; get one with [`Client::{}`](crate::runtime::Client::{}).",
        tag.wire_name, tag.module, tag.module
    ));
    let methods = tag.operations.iter().map(|o| method(o, index));
    let builders = tag.operations.iter().map(|o| builder(api, o));
    quote! {
        impl crate::runtime::Client {
            #accessor_doc
            pub fn #module(&self) -> #api_struct {
                #api_struct { client: self.clone() }
            }
        }

        #struct_doc
        ///
        /// It holds a clone of the [`Client`](crate::runtime::Client) (a reference count), so
        /// its request builders, their futures and streams are `Send + 'static`.
        #[derive(Clone, Debug)]
        pub struct #api_struct {
            client: crate::runtime::Client,
        }

        impl #api_struct {
            #(#methods)*
        }

        #(#builders)*
    }
}

fn is_arg(p: &Param) -> bool {
    p.required
}

/// What an argument or setter accepts: anything convertible, and for arrays any iterable of
/// convertible items, so `.id(["u1", "u2"])` and `.id(vec![name])` both work.
fn param_input(p: &Param) -> TokenStream {
    match &p.ty {
        TypeRef::Vec(_) => {
            let t = item_type(p);
            quote!(impl IntoIterator<Item = impl Into<#t>>)
        }
        _ => {
            let t = param_type(p);
            quote!(impl Into<#t>)
        }
    }
}

/// Converts a [`param_input`] value to the stored [`param_type`].
fn param_convert(p: &Param, value: TokenStream) -> TokenStream {
    match &p.ty {
        TypeRef::Vec(_) => quote!(#value.into_iter().map(Into::into).collect()),
        _ => quote!(#value.into()),
    }
}

fn method(o: &Operation, index: &Index<'_>) -> TokenStream {
    let fn_name = ident(&o.fn_name);
    let builder = ident(&o.builder);
    let args: Vec<&Param> = o.params.iter().filter(|p| is_arg(p)).collect();
    let arg_decls = args.iter().map(|p| {
        let n = ident(&p.name);
        let t = param_input(p);
        quote!(#n: #t)
    });
    let body_arg = o.body.as_ref().filter(|b| b.required).map(|b| {
        let n = ident(&b.name);
        let t = body_input(b);
        quote!(#n: #t)
    });
    let all_args = arg_decls.chain(body_arg);
    let inits = o.params.iter().map(|p| {
        let n = ident(&p.name);
        if is_arg(p) {
            let value = param_convert(p, quote!(#n));
            quote!(#n: #value)
        } else {
            quote!(#n: None)
        }
    });
    let body_init = o.body.as_ref().map(|b| {
        let n = ident(&b.name);
        if b.required && b.kind == BodyKind::Json {
            quote!(#n,)
        } else if b.required {
            let value = body_convert(b, quote!(#n));
            quote!(#n: #value,)
        } else {
            quote!(#n: None,)
        }
    });
    let doc = docs::lines_to_attrs(&op_doc(o));
    let deprecated = o.deprecated.then(|| {
        let note = replacement(o, index)
            .map(|r| format!("use {r} instead"))
            .unwrap_or_else(|| "deprecated by Genesys".to_owned());
        quote!(#[deprecated(note = #note)])
    });
    quote! {
        #doc
        #deprecated
        pub fn #fn_name(&self, #(#all_args),*) -> #builder {
            #builder {
                client: self.client.clone(),
                options: crate::runtime::RequestOptions::default(),
                #(#inits,)*
                #body_init
            }
        }
    }
}

/// The replacement the IR names, as a link to its method when this crate generates it.
fn replacement(o: &Operation, index: &Index<'_>) -> Option<String> {
    let r = o.replaced_by.as_ref()?;
    let (method, path) = (r.method.as_str(), r.path.as_str());
    Some(match index.get(&(method, path)) {
        Some(f) => format!("`{f}` (`{method} {path}`)"),
        None => format!("`{method} {path}`"),
    })
}

fn op_doc(o: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(t) = &o.docs.text {
        lines.extend(docs::sanitize(t).lines().map(str::to_owned));
        lines.push(String::new());
    }
    lines.push(format!(
        "`{} {}` (operation `{}`).",
        o.method.as_str(),
        o.path,
        o.operation_id
    ));
    if let Some(p) = &o.permissions {
        if !p.permissions.is_empty() {
            let list: Vec<String> = p.permissions.iter().map(|x| format!("`{x}`")).collect();
            let which = match p.rule {
                PermissionRule::Any => "any",
                PermissionRule::All => "all",
            };
            lines.push(String::new());
            lines.push(format!(
                "Requires {which} of these permissions: {}.",
                list.join(", ")
            ));
        }
    }
    if !o.params.is_empty() || o.body.is_some() {
        lines.push(String::new());
        lines.push("Parameters:".to_owned());
        for p in &o.params {
            let how = if is_arg(p) {
                "required argument".to_owned()
            } else {
                format!("optional, set with `.{}(…)`", p.name)
            };
            lines.push(format!("- `{}`: {} ({how})", p.name, param_facts(p)));
        }
        if let Some(b) = &o.body {
            let how = if b.required {
                "required argument"
            } else {
                "optional, set with `.body(…)`"
            };
            let what = match b.kind {
                BodyKind::Json => docs::describe(&b.ty),
                BodyKind::Text => format!("text sent as `{}`", b.media),
                BodyKind::Binary => format!("bytes sent as `{}`", b.media),
            };
            lines.push(format!("- `{}`: request body, {what} ({how})", b.name));
        }
        if o.form.is_some() {
            lines.push(String::new());
        }
        match o.form {
            Some(FormEncoding::UrlEncoded) => lines.push(
                "The form fields are sent as an `application/x-www-form-urlencoded` body."
                    .to_owned(),
            ),
            Some(FormEncoding::Multipart) => lines
                .push("The multipart parts are sent as a `multipart/form-data` body.".to_owned()),
            None => {}
        }
    }
    lines.push(String::new());
    let media = o.response.media.join("`, `");
    lines.push(match (&o.response.ty, o.response.kind) {
        (None, _) if o.response.existence => {
            "Returns `true` if it exists (a success status), `false` on `404 Not Found`.".to_owned()
        }
        (None, _) => "Returns `()` on success (empty response).".to_owned(),
        (Some(_), BodyKind::Text) => {
            format!("Returns the body as text (`String`) on success (`{media}`).")
        }
        (Some(_), BodyKind::Binary) => {
            format!("Returns the body as bytes (`Bytes`) on success (`{media}`).")
        }
        (Some(t), BodyKind::Json) => format!("Returns {} on success.", docs::describe(t)),
    });
    lines
}

/// What the docs say about a parameter: wire name, location, type and, for arrays, how they
/// are encoded (`` `ids` (query): array of string. Sent as repeated keys. ``).
pub(super) fn param_facts(p: &Param) -> String {
    let place = match (p.location, p.part) {
        (ParamLocation::Path, _) => "path",
        (ParamLocation::Query, _) => "query",
        (ParamLocation::Header, _) => "header",
        (ParamLocation::Form, None) => "form field",
        (ParamLocation::Form, Some(_)) => "multipart part",
    };
    let mut out = format!("`{}` ({place}): {}.", p.wire_name, docs::describe(&p.ty));
    match (&p.ty, p.location) {
        (_, ParamLocation::Form) => match p.part {
            Some(crate::ir::PartKind::File) => {
                out.push_str(" Sent as a file part (bytes with a file name: `FilePart`).")
            }
            Some(crate::ir::PartKind::Json) => out.push_str(" Sent as one JSON part."),
            _ if matches!(p.ty, TypeRef::Vec(_)) => out.push_str(" One field per item."),
            _ => {}
        },
        (TypeRef::Vec(_), _) => out.push_str(
            match (p.explode && p.location == ParamLocation::Query, p.style) {
                (true, _) => " Sent as repeated keys.",
                (false, ParamStyle::SpaceDelimited) => " Sent space-separated.",
                (false, ParamStyle::PipeDelimited) => " Sent `|`-separated.",
                (false, _) => " Sent comma-separated.",
            },
        ),
        (TypeRef::Map(_), _) => out.push_str(match (p.style, p.explode) {
            (ParamStyle::DeepObject, _) => " Each entry is sent as `name[key]=value`.",
            (_, true) => " Each entry is sent as its own `key=value`.",
            (_, false) => " Sent as `key,value` pairs, comma-separated.",
        }),
        _ => {}
    }
    if p.free_form {
        out.push_str(
            " The document leaves its values free-form (`type: object`): give each value's \
             string form, which is what is sent (as Genesys' own SDKs do).",
        );
    }
    if let (Some(max), TypeRef::Vec(_)) = (p.max_items, &p.ty) {
        out.push_str(&format!(
            " At most {max} per request: more is refused before sending \
             (`Error::LimitExceeded`)."
        ));
    }
    out
}

/// A `&str` of `value` for a path segment.
fn path_wire(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => {
            quote!(&#value.to_rfc3339_opts(::chrono::SecondsFormat::Millis, true))
        }
        TypeRef::Primitive(Primitive::String) => quote!(#value.as_str()),
        _ => quote!(&#value.to_string()),
    }
}

/// `Err(LimitExceeded)` (returned with `?`) when `len` (an expression) is above `max`.
fn limit_check(o: &Operation, wire: &str, max: usize, len: TokenStream) -> TokenStream {
    let op_id = &o.operation_id;
    quote!(crate::runtime::Error::check_limit(#op_id, #wire, #max, #len)?;)
}

/// The `maxItems` limits of the spec (from `spec/limits.overlay.json`: the bulk presence `id`
/// list, the event arrays of a batch body), checked before anything is sent so the caller gets
/// `Error::LimitExceeded` naming the parameter or body field instead of a `400` from Genesys.
/// Array parameters, and the array fields of a body whose type is a generated struct.
fn limit_checks(api: &Api, o: &Operation) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for p in &o.params {
        let (Some(max), TypeRef::Vec(_)) = (p.max_items, &p.ty) else {
            continue;
        };
        let n = ident(&p.name);
        let check = limit_check(o, &p.wire_name, max, quote!(value.len()));
        out.push(if is_arg(p) {
            quote! { { let value = &self.#n; #check } }
        } else {
            quote! { if let Some(value) = &self.#n { #check } }
        });
    }
    let Some(b) = &o.body else {
        return out;
    };
    let fields = match b
        .ty
        .direct_named()
        .and_then(|name| api.get(name))
        .map(|t| &t.kind)
    {
        Some(TypeKind::Struct(StructDef { fields, .. })) => fields.as_slice(),
        _ => &[],
    };
    let body_checks: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let (Some(max), TypeRef::Vec(_)) = (f.max_items, &f.ty) else {
                return None;
            };
            let n = ident(&f.name);
            let check = limit_check(o, &f.wire_name, max, quote!(items.len()));
            Some(if field_is_option(f) {
                quote! { if let Some(items) = &body.#n { #check } }
            } else {
                quote! { { let items = &body.#n; #check } }
            })
        })
        .collect();
    if !body_checks.is_empty() {
        let n = ident(&b.name);
        out.push(if b.required {
            quote! { { let body = &self.#n; #(#body_checks)* } }
        } else {
            quote! { if let Some(body) = &self.#n { #(#body_checks)* } }
        });
    }
    out
}

fn builder(api: &Api, o: &Operation) -> TokenStream {
    let name = ident(&o.builder);
    let limits = limit_checks(api, o);
    let doc = docs::attr(&format!(
        " Request builder for `{} {}`; set optional parameters, then `.send().await`.",
        o.method.as_str(),
        o.path
    ));
    let fields = o.params.iter().map(|p| {
        let n = ident(&p.name);
        let t = param_type(p);
        if is_arg(p) {
            quote!(#n: #t,)
        } else {
            quote!(#n: Option<#t>,)
        }
    });
    let body_field = o.body.as_ref().map(|b| {
        let n = ident(&b.name);
        let t = body_type(b);
        if b.required {
            quote!(#n: #t,)
        } else {
            quote!(#n: Option<#t>,)
        }
    });
    let setters = o.params.iter().filter(|p| !is_arg(p)).map(|p| {
        let n = ident(&p.name);
        let t = param_input(p);
        let value = param_convert(p, quote!(value));
        let d = docs::attr(&format!(" Sets {}", param_facts(p)));
        let dep = p.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #d
            #dep
            pub fn #n(mut self, value: #t) -> Self {
                self.#n = Some(#value);
                self
            }
        }
    });
    let body_setter = o.body.as_ref().filter(|b| !b.required).map(|b| {
        let n = ident(&b.name);
        let t = body_input(b);
        let value = body_convert(b, quote!(value));
        quote! {
            /// Sets the request body.
            pub fn #n(mut self, value: #t) -> Self {
                self.#n = Some(#value);
                self
            }
        }
    });

    // Path: literal pieces with `{name}` replaced by encoded segments.
    let mut fmt = String::new();
    let mut fmt_args = Vec::new();
    let mut declared = std::collections::BTreeSet::new();
    let mut placeholders = o.path_params.iter();
    for segment in o.path.segments() {
        if let PathSegment::Literal(text) = segment {
            fmt.push_str(&text.replace('{', "{{").replace('}', "}}"));
            continue;
        }
        match placeholders.next().copied().flatten().map(|i| &o.params[i]) {
            Some(p) => {
                let n = ident(&p.name);
                let seg = format_ident!("seg_{}", p.name);
                let v = path_wire(&p.ty, quote!(self.#n));
                // A parameter used twice in the template (`/{id}/{id}`) is encoded once.
                if declared.insert(p.name.as_str()) {
                    fmt_args.push(quote!(let #seg = crate::runtime::encode_path_segment(#v);));
                }
                fmt.push_str(&format!("{{{seg}}}"));
            }
            None => fmt.push_str("{}"),
        }
    }
    let path_expr = if fmt_args.is_empty() {
        quote!(let path = String::from(#fmt);)
    } else {
        quote!(#(#fmt_args)* let path = ::std::format!(#fmt);)
    };

    let writes = request::params(o);
    let body = request::body(o);
    let accept = request::accept(o);
    let method = format_ident!("{}", o.method.as_str());
    let op_id = &o.operation_id;
    let template = o.path.as_str();
    let (out_ty, exec) = request::response(o);
    let stream = o.pagination.as_ref().and_then(|pg| {
        let param = o.params.get(pg.page_param)?;
        let item = rust_type(&pg.item);
        let page = ident(&param.name);
        let is_i32 = param.ty == TypeRef::Primitive(Primitive::I32);
        let (first, set) = if is_i32 {
            (quote!(self.#page.unwrap_or(1)), quote!(page))
        } else {
            (
                quote!(self.#page.and_then(|p| i32::try_from(p).ok()).unwrap_or(1)),
                quote!(page.into()),
            )
        };
        Some(quote! {
            /// Every item across all pages, fetched lazily page by page from this builder's
            /// `pageNumber` (default 1); stops at `pageCount`, an empty page or no `nextUri`.
            ///
            /// The stream is boxed: `Unpin`, `Send` and `'static`, so `while let Some(item) =
            /// stream.next().await` works without pinning and it can move into a spawned task.
            pub fn stream(self) -> crate::runtime::pagination::ItemStream<'static, #item> {
                let first = #first;
                crate::runtime::pagination::paginate(first, move |page| {
                    let mut next = self.clone();
                    next.#page = Some(#set);
                    next.send()
                })
            }
        })
    });
    let chunked = o.chunking.as_ref().map(|c| send_chunked(o, c, &out_ty));
    quote! {
        #doc
        #[derive(Clone, Debug)]
        #[must_use = "a request builder does nothing until `.send()` is awaited"]
        pub struct #name {
            client: crate::runtime::Client,
            options: crate::runtime::RequestOptions,
            #(#fields)*
            #body_field
        }

        impl #name {
            #(#setters)*
            #body_setter

            crate::__request_option_setters!();

            /// Sends the request and decodes the success body.
            pub async fn send(self) -> Result<#out_ty, crate::runtime::Error> {
                // Not through `send_with_response`: one async layer less in every call's future.
                let (client, parts) = self.into_request()?;
                #exec.map(crate::runtime::ApiResponse::into_body)
            }

            /// Sends the request; the result also carries the status, headers and `ININ-Correlation-Id`.
            pub async fn send_with_response(self) -> Result<crate::runtime::ApiResponse<#out_ty>, crate::runtime::Error> {
                let (client, parts) = self.into_request()?;
                #exec
            }

            /// Sends the request and returns the success body undecoded (status, headers,
            /// bytes): for a body the generated types cannot hold. Error statuses are still
            /// errors.
            pub async fn send_raw(self) -> Result<crate::runtime::ApiResponse<::bytes::Bytes>, crate::runtime::Error> {
                let (client, parts) = self.into_request()?;
                client.execute_raw(parts).await
            }

            fn into_request(self) -> Result<(crate::runtime::Client, crate::runtime::RequestParts), crate::runtime::Error> {
                #(#limits)*
                #path_expr
                #[allow(unused_mut)]
                let mut parts = crate::runtime::RequestParts::new(::reqwest::Method::#method, #op_id, #template, path);
                #(#writes)*
                #body
                #accept
                parts.set_options(self.options);
                Ok((self.client, parts))
            }

            #stream
            #chunked
        }
    }
}

/// `send_chunked`: any number of values of the limited list parameter, split into requests of
/// at most its `maxItems`, run with bounded concurrency by `runtime::bulk::chunked`.
fn send_chunked(o: &Operation, c: &Chunking, out_ty: &TokenStream) -> TokenStream {
    let p = &o.params[c.param];
    let n = ident(&p.name);
    let item = match &p.ty {
        TypeRef::Vec(item) => rust_type(item),
        other => rust_type(other),
    };
    let limit = proc_macro2::Literal::usize_unsuffixed(c.limit);
    let (take, set) = if is_arg(p) {
        (
            quote!(::std::mem::take(&mut self.#n)),
            quote!(next.#n = chunk;),
        )
    } else {
        (
            quote!(self.#n.take().unwrap_or_default()),
            quote!(next.#n = Some(chunk);),
        )
    };
    let doc = docs::attr(&format!(
        " Sends one request per {} values of `{}` (the most one request may carry), \
         `in_flight` at a time (at least 1), and returns every request's result in input order, \
         failures included (see [`BulkOutcome`](crate::runtime::BulkOutcome)). No values, no request.",
        c.limit, p.wire_name
    ));
    quote! {
        #doc
        pub async fn send_chunked(mut self, in_flight: usize) -> crate::runtime::BulkOutcome<#item, #out_ty> {
            let all = #take;
            crate::runtime::bulk::chunked(all, #limit, in_flight, move |chunk| {
                let mut next = self.clone();
                #set
                next.send()
            })
            .await
        }
    }
}
