//! Turning wire names into Rust identifiers: `heck` for case, plus the rules that make every
//! result a valid identifier (keywords, leading digits, symbols, non-ASCII) and unique in its scope.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Strict, reserved and edition-2018+ keywords, plus names that would shadow prelude items in
/// generated code (`Option`, `Result`… are always written fully qualified, so they are fine).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Is `s` a Rust keyword (any edition we target)?
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Rewrites characters heck would drop or keep illegally into word-separated ASCII:
/// `+1` → `plus 1`, `-1` → `minus 1`, `é` → `u00e9`, everything else non-alphanumeric → space.
fn words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            '+' => out.push_str(" plus "),
            '-' if first && chars.peek().is_some_and(|n| n.is_ascii_digit()) => {
                out.push_str(" minus ")
            }
            c if !c.is_ascii() => {
                out.push_str(&format!(" u{:04x} ", c as u32));
            }
            _ => out.push(' '),
        }
        first = false;
    }
    out
}

/// A PascalCase type or variant name; `fallback` when nothing identifier-like is left.
pub fn pascal(s: &str, fallback: &str) -> String {
    let mut name = words(s).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// A PascalCase name built from names that are already PascalCase (`Self_` + `Api`): each
/// part's keyword escape is dropped (`Self_Api` would not be camel case), and the whole is
/// escaped again if it is a keyword.
pub fn pascal_concat(parts: &[&str]) -> String {
    let mut name: String = parts.iter().map(|p| p.trim_end_matches('_')).collect();
    if name.is_empty() {
        name.push_str("Type");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// A snake_case field, function, argument or module name; `fallback` when nothing is left.
pub fn snake(s: &str, fallback: &str) -> String {
    let mut name = words(s).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// Names already taken in one scope (a struct's fields, an enum's variants, the crate's types).
/// Claims are resolved in call order with numeric suffixes, so callers iterate deterministically.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    used: BTreeSet<String>,
    /// Compare case-insensitively (file names on case-insensitive file systems).
    fold_case: bool,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope whose names must differ even when case is ignored.
    pub fn case_insensitive() -> Self {
        Self {
            used: BTreeSet::new(),
            fold_case: true,
        }
    }

    fn key(&self, s: &str) -> String {
        if self.fold_case {
            s.to_ascii_lowercase()
        } else {
            s.to_owned()
        }
    }

    /// Marks `name` as taken without claiming a variation of it.
    pub fn reserve(&mut self, name: &str) {
        let k = self.key(name);
        self.used.insert(k);
    }

    /// Is `name` taken?
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(&self.key(name))
    }

    /// Claims `candidate`, or `candidate2`, `candidate3`… (`candidate_2` for snake names).
    pub fn claim(&mut self, candidate: &str) -> String {
        if !self.contains(candidate) {
            self.reserve(candidate);
            return candidate.to_owned();
        }
        let base = candidate.trim_end_matches('_');
        let sep = if base.contains('_') || base.starts_with(|c: char| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        let found = (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|c| !self.contains(c) && !is_keyword(c))
            .unwrap_or_default();
        self.reserve(&found);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("UserPresence", "T"), "UserPresence");
        assert_eq!(pascal("en_US", "V"), "EnUs");
        assert_eq!(pascal("+1", "V"), "Plus1");
        assert_eq!(pascal("-1", "V"), "Minus1");
        assert_eq!(pascal("", "Empty"), "Empty");
        assert_eq!(pascal("1stPlace", "V"), "V1stPlace");
        assert_eq!(pascal("Self", "T"), "Self_");
        assert_eq!(pascal("ON QUEUE", "V"), "OnQueue");
        assert_eq!(pascal("café", "V"), "CafU00e9");
        assert_eq!(pascal_concat(&["Self_", "Api"]), "SelfApi");
        assert_eq!(pascal_concat(&["Self_", "Self_"]), "SelfSelf");
        assert_eq!(pascal_concat(&["Self_", ""]), "Self_");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake("selfUri", "f"), "self_uri");
        assert_eq!(snake("type", "f"), "type_");
        assert_eq!(snake("self", "f"), "self_");
        assert_eq!(snake("override", "f"), "override_");
        assert_eq!(snake("$schema", "f"), "schema");
        assert_eq!(snake("pairing-token", "f"), "pairing_token");
        assert_eq!(snake("site.id", "f"), "site_id");
        assert_eq!(snake("3rdParty", "f"), "n3rd_party");
        assert_eq!(snake("$", "f"), "f");
    }

    #[test]
    fn scope_makes_unique() {
        let mut s = Scope::new();
        assert_eq!(s.claim("self_uri"), "self_uri");
        assert_eq!(s.claim("self_uri"), "self_uri_2");
        assert_eq!(s.claim("self_uri"), "self_uri_3");
        let mut t = Scope::new();
        assert_eq!(t.claim("Type"), "Type");
        assert_eq!(t.claim("Type"), "Type2");
        let mut f = Scope::case_insensitive();
        assert_eq!(f.claim("abc"), "abc");
        assert_eq!(f.claim("ABC"), "ABC2");
    }
}
