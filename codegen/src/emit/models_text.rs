//! Model files written straight as text, laid out exactly as `prettyplease` lays out the tokens
//! of [`super::models`] — without building those tokens, parsing them back with `syn` and
//! pretty-printing them, which was ~90 % of generation time on documents with thousands of
//! schemas (a 5 MB one: 2.4 M lines, 8 s of CPU in `quote` + `syn` + `prettyplease`).
//!
//! Only what the layout is certain for is written here: struct declarations, fields, `new`
//! and the `with_*` setters, whose layout depends only on line widths. Every piece that
//! `prettyplease` would break inside a line (or that is rarer: enums, aliases, newtypes,
//! listings, long derive lists, one-line constructors) is rendered by `prettyplease` itself, alone, and
//! spliced in (items, fields and impl members are separated by hard breaks, so each one's
//! layout does not depend on its neighbours). The token path stays the reference:
//! `tests/text_render.rs` checks that both paths produce the same bytes.

use super::models::{self, field_is_option};
use crate::ir::{Field, Primitive, StructDef, TypeDef, TypeKind, TypeRef};
use crate::Error;
use proc_macro2::TokenStream;
use quote::quote;

/// `prettyplease`'s margin: a line at most this wide (indentation included) is printed as is;
/// a signature wider than this is broken one parameter per line. Found (and held) by
/// `tests/text_render.rs`, whose sweep fails for 88 and for 90.
const MARGIN: usize = 89;

/// The body (before the header and blank-line pass) of the model file holding `types`.
pub fn file(types: &[&TypeDef]) -> Result<String, Error> {
    let mut out = String::new();
    for t in types {
        match &t.kind {
            TypeKind::Struct(s) if s.listing.is_none() => struct_text(t, s, &mut out)?,
            _ => out.push_str(&unparse_items(models::type_def(t))?),
        }
    }
    Ok(out)
}

/// `prettyplease` output of some items, on their own.
fn unparse_items(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Internal {
        file: "(model item)".into(),
        message: e.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

/// `prettyplease` output of members of a block (`impl X { … }` or `struct X { … }`): the
/// inner lines, indented one level, as they would be printed inside the real block.
fn unparse_members(wrapped: TokenStream) -> Result<String, Error> {
    let text = unparse_items(wrapped)?;
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.len() < 2 {
        return Err(Error::Internal {
            file: "(model item)".into(),
            message: format!("expected a block, got {text:?}"),
        });
    }
    lines.remove(0);
    lines.pop();
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    Ok(out)
}

fn struct_text(t: &TypeDef, s: &StructDef, out: &mut String) -> Result<(), Error> {
    let derives = models::struct_derives(t, s).join(", ");
    let derive = format!("#[derive({derives}, ::serde::Serialize, ::serde::Deserialize)]");
    let docs = doc_lines(&models::type_docs(t), "");
    if derive.len() > MARGIN || s.fields.is_empty() || docs.is_none() {
        out.push_str(&unparse_items(models::type_def(t))?);
        return Ok(());
    }
    let name = &t.name;
    out.push_str(&docs.unwrap_or_default());
    out.push_str(&derive);
    out.push_str("\n#[non_exhaustive]\n");
    if t.deprecated {
        out.push_str("#[deprecated]\n");
    }
    out.push_str(&format!("pub struct {name} {{\n"));
    for f in &s.fields {
        match field_text(f, t.usage) {
            Some(text) => out.push_str(&text),
            None => {
                let field = models::field_def(f, t.usage);
                out.push_str(&unparse_members(quote!(struct X { #field }))?);
            }
        }
    }
    out.push_str("}\n");
    out.push_str(&format!("impl {name} {{\n"));
    match new_text(name, s) {
        Some(text) => out.push_str(&text),
        None => {
            let new = models::new_fn(name, s);
            out.push_str(&unparse_members(quote!(impl X { #new }))?);
        }
    }
    for f in s.fields.iter().filter(|f| models::has_setter(f, t.usage)) {
        match setter_text(f) {
            Some(text) => out.push_str(&text),
            None => {
                let setter = models::setter(f);
                out.push_str(&unparse_members(quote!(impl X { #setter }))?);
            }
        }
    }
    out.push_str("}\n");
    Ok(())
}

/// `///` lines as `prettyplease` prints the `#[doc = "…"]` attributes [`super::docs::attrs`]
/// makes; `None` when it would print one another way (starting with `/`, or with a line break).
fn doc_lines(docs: &super::docs::DocText<'_>, indent: &str) -> Option<String> {
    let mut out = String::new();
    for line in super::docs::lines(docs) {
        doc_line(&super::docs::line_value(&line), indent, &mut out)?;
    }
    Some(out)
}

/// One `#[doc = value]` as `prettyplease` prints it.
fn doc_line(value: &str, indent: &str, out: &mut String) -> Option<()> {
    if value.starts_with('/') || value.contains('\n') {
        return None;
    }
    out.push_str(indent);
    out.push_str("///");
    out.push_str(value.trim_end_matches(' '));
    out.push('\n');
    Some(())
}

/// A Rust type as `prettyplease` prints [`models::rust_type`].
fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::Primitive(p) => match p {
            Primitive::String | Primitive::Binary => "String",
            Primitive::Bool => "bool",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
            Primitive::DateTime => "::chrono::DateTime<::chrono::Utc>",
            Primitive::Date => "::chrono::NaiveDate",
            Primitive::Json => "::serde_json::Value",
        }
        .to_owned(),
        TypeRef::Named(n) => format!("crate::models::{n}"),
        TypeRef::Vec(t) => format!("Vec<{}>", type_text(t)),
        TypeRef::Map(t) => format!("::std::collections::BTreeMap<String, {}>", type_text(t)),
    }
}

/// `true` when every line is certainly printed as is.
fn all_flat(text: &str) -> bool {
    text.lines().all(|l| l.len() <= MARGIN)
}

fn field_text(f: &Field, usage: crate::ir::Usage) -> Option<String> {
    let mut out = doc_lines(&models::field_docs(f, usage), "    ")?;
    let mut serde_args = Vec::new();
    if f.name != f.wire_name {
        serde_args.push(format!(
            "rename = {}",
            proc_macro2::Literal::string(&f.wire_name)
        ));
    }
    if field_is_option(f) {
        serde_args.push("default, skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    let mut code = String::new();
    if !serde_args.is_empty() {
        code.push_str(&format!("    #[serde({})]\n", serde_args.join(", ")));
    }
    if f.deprecated {
        code.push_str("    #[deprecated]\n");
    }
    let mut ty = type_text(&f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    if field_is_option(f) {
        ty = format!("Option<{ty}>");
    }
    code.push_str(&format!("    pub {}: {ty},\n", f.name));
    all_flat(&code).then(|| {
        out.push_str(&code);
        out
    })
}

/// `    pub fn name(params) -> Self {` on one line, or one parameter per line when too wide;
/// `None` when a parameter alone is too wide (prettyplease would break inside it).
fn signature(name: &str, params: &[String]) -> Option<String> {
    let flat = format!("    pub fn {name}({}) -> Self {{\n", params.join(", "));
    if flat.len() - 1 <= MARGIN {
        return Some(flat);
    }
    if params.is_empty() {
        return None;
    }
    let mut out = format!("    pub fn {name}(\n");
    for p in params {
        let line = format!("        {p},\n");
        if line.len() - 1 > MARGIN {
            return None;
        }
        out.push_str(&line);
    }
    out.push_str("    ) -> Self {\n");
    Some(out)
}

fn setter_text(f: &Field) -> Option<String> {
    let ty = type_text(&f.ty);
    let mut value = "value.into()".to_owned();
    if f.boxed {
        value = format!("Box::new({value})");
    }
    if field_is_option(f) {
        value = format!("Some({value})");
    }
    let body = format!("        self.{} = {value};\n", f.name);
    if body.len() - 1 > MARGIN {
        return None;
    }
    let mut out = String::new();
    doc_line(
        &super::docs::clean(&models::setter_doc(f)),
        "    ",
        &mut out,
    )?;
    out.push_str(&signature(
        &models::setter_name(f),
        &["mut self".to_owned(), format!("value: impl Into<{ty}>")],
    )?);
    out.push_str(&body);
    out.push_str("        self\n    }\n");
    Some(out)
}

fn new_text(name: &str, s: &StructDef) -> Option<String> {
    let params: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("{}: impl Into<{}>", f.name, type_text(&f.ty)))
        .collect();
    let inits: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            if !f.required {
                return format!("{}: None", f.name);
            }
            let mut value = format!("{}.into()", f.name);
            if f.boxed {
                value = format!("Box::new({value})");
            }
            if field_is_option(f) {
                value = format!("Some({value})");
            }
            format!("{}: {value}", f.name)
        })
        .collect();
    // `Self { … }` stays on one line only when short (prettyplease: at most 34 columns);
    // anything near that is left to prettyplease.
    let flat_body = format!("Self {{ {} }}", inits.join(", "));
    if flat_body.len() <= 48 {
        return None;
    }
    let mut body = String::from("        Self {\n");
    for init in &inits {
        let line = format!("            {init},\n");
        if line.len() - 1 > MARGIN {
            return None;
        }
        body.push_str(&line);
    }
    body.push_str("        }\n");
    let doc = models::new_doc(name, s);
    let mut out = String::new();
    doc_line(&doc, "    ", &mut out)?;
    out.push_str(&signature("new", &params)?);
    out.push_str(&body);
    out.push_str("    }\n");
    Some(out)
}
