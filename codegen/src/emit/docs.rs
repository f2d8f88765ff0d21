//! Rustdoc for generated items: one `#[doc = " line"]` per line (prettyplease then prints clean
//! `/// line` comments), with spec prose neutralized so it can't break rustdoc or become a doctest.

use crate::ir::Docs;
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

/// Doc attributes: the spec's text (sanitized), a blank line, then the generated facts.
pub fn attrs(docs: &Docs) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    if let Some(text) = &docs.text {
        lines.extend(sanitize(text).lines().map(str::to_owned));
    }
    if !docs.facts.is_empty() && !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(docs.facts.iter().cloned());
    lines_to_attrs(&lines)
}

/// Doc attributes from ready-made lines (already safe).
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}
