//! Rustdoc for generated items: one `#[doc = " line"]` per line (prettyplease then prints clean
//! `/// line` comments), with spec prose neutralized so it can't break rustdoc or become a doctest.

use crate::ir::{Docs, Fact, Field, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Spec prose made safe for rustdoc: no code fences or indented blocks (they would be compiled
/// as doctests), no brackets or angle brackets (intra-doc links, HTML tags).
pub fn sanitize(text: &str) -> String {
    text.lines()
        .map(|l| {
            l.trim()
                .replace("```", "'''")
                .replace('[', "\\[")
                .replace(']', "\\]")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Docs as they are written: the spec's text and the generated facts in words (those of the
/// IR rendered by [`fact`], then the emitter's own).
#[derive(Clone, Debug, Default)]
pub struct DocText<'a> {
    /// Prose from the spec.
    pub text: Option<&'a str>,
    /// Generated facts, one line each.
    pub facts: Vec<String>,
}

impl<'a> DocText<'a> {
    /// The IR's docs, its facts rendered.
    pub fn of(docs: &'a Docs) -> Self {
        Self {
            text: docs.text.as_deref(),
            facts: docs.facts.iter().map(fact).collect(),
        }
    }
}

/// Doc attributes: the spec's text (sanitized), a blank line, then the generated facts.
pub fn attrs(docs: &DocText<'_>) -> TokenStream {
    lines_to_attrs(&lines(docs))
}

/// The lines [`attrs`] makes attributes of (before the leading space and [`clean`]).
pub fn lines(docs: &DocText<'_>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(text) = docs.text {
        lines.extend(sanitize(text).lines().map(str::to_owned));
    }
    if !docs.facts.is_empty() && !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(docs.facts.iter().cloned());
    lines
}

/// How a fact of the IR reads.
pub fn fact(f: &Fact) -> String {
    match f {
        Fact::Schema(wire) => format!("The `{wire}` schema of the Genesys Cloud API."),
        Fact::Inline(places) => match places.as_slice() {
            [one] => format!("Declared inline at `{one}` of the Genesys Cloud API."),
            many => {
                let wires: Vec<String> = many.iter().map(|p| format!("`{p}`")).collect();
                format!(
                    "Declared inline at {} of the Genesys Cloud API (one type for the same values).",
                    wires.join(", ")
                )
            }
        },
    }
}

/// The facts every field states: its JSON name and type (with a format the Rust type does not
/// show), whether the server sets it, and the most items an array may hold.
pub fn field_facts(f: &Field) -> Vec<String> {
    let mut out = vec![match &f.format {
        Some(format) => format!(
            "JSON `{}`: {} (format `{format}`).",
            f.wire_name,
            describe(&f.ty)
        ),
        None => format!("JSON `{}`: {}.", f.wire_name, describe(&f.ty)),
    }];
    if f.read_only {
        out.push("Read-only: set by the server.".to_owned());
    }
    if let Some(max) = f.max_items {
        out.push(format!(
            "At most {max} items per request: more is refused before sending \
             (`Error::LimitExceeded`)."
        ));
    }
    out
}

/// A type in words, named types linked (`array of [`User`](crate::models::User)`).
pub fn describe(t: &TypeRef) -> String {
    crate::diag::describe_type(t, &|n| format!("[`{n}`](crate::models::{n})"))
}

/// The text of one `#[doc]` attribute [`lines_to_attrs`] makes of a line (leading space,
/// [`clean`]ed).
pub fn line_value(l: &str) -> String {
    clean(&if l.is_empty() {
        String::new()
    } else {
        format!(" {l}")
    })
}

/// Doc attributes from ready-made lines (already safe).
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        attr(&l)
    });
    quote!(#(#attrs)*)
}

/// One line of text as it may appear in a `///` comment: control characters (a bare CR is a
/// compile error in a doc comment; line breaks would change how the attribute is printed)
/// become spaces. Names from the spec reach docs through here.
pub fn clean(text: &str) -> String {
    if !text.contains(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `#[doc = "…"]` for one line (cleaned); `text` starts with the space `///` is followed by.
pub fn attr(text: &str) -> TokenStream {
    let text = clean(text);
    quote!(#[doc = #text])
}

/// Inner doc attributes (`//!` lines, for a module's own docs) from ready-made lines.
pub fn inner_lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = clean(&if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        });
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}
