//! Errors that point at the offending place of the input document.
//!
//! Every problem found in a spec is reported with an RFC 6901 JSON pointer into the document
//! as the user gave it, so a maintainer can jump straight to the bad node.

use std::fmt;

/// A JSON pointer (RFC 6901), built segment by segment while walking a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document (`""`, displayed as `#`).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Parses an already-escaped pointer such as `/paths/~1users/get`; `#` and `""` are the root.
    pub fn parse(s: &str) -> Self {
        let s = s.strip_prefix('#').unwrap_or(s);
        Self(s.to_owned())
    }

    /// This pointer extended by one segment, escaping `~` and `/` as RFC 6901 requires.
    pub fn push(&self, segment: impl AsRef<str>) -> Self {
        let mut out = self.0.clone();
        out.push('/');
        for c in segment.as_ref().chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
        Self(out)
    }

    /// The escaped pointer without the leading `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One problem in an input document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is.
    pub pointer: JsonPointer,
    /// What is wrong, as a sentence fragment (`dangling $ref '#/definitions/Foo'`).
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`.
    pub fn new(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.pointer, self.message)
    }
}

/// Everything that can stop the generator or the spec tools.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is not JSON (or not the JSON shape expected); carries serde_json's line/column.
    #[error("the document is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The document is JSON but not an OpenAPI/Swagger description we can read.
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
    /// Emitted tokens did not parse back as Rust: a generator bug, reported with the file name.
    #[error("internal error: generated {file} is not valid Rust: {message}")]
    Internal {
        /// The output file being produced.
        file: String,
        /// The syn parse error.
        message: String,
    },
    /// An overlay document (`spec/*.overlay.json`) is malformed, or no longer fits the
    /// document it is applied to.
    #[error("overlay {file}{}: {message}", action.map(|n| format!(", action {n}")).unwrap_or_default())]
    Overlay {
        /// The overlay, as the caller named it (`spec/limits.overlay.json`).
        file: String,
        /// The action at fault, counted from 1, if one is.
        action: Option<usize>,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// A single-diagnostic error.
    pub fn at(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self::Invalid(vec![Diagnostic::new(pointer, message)])
    }

    /// The same error said of one input among several: each diagnostic names `source`
    /// (a pointer alone would not say which document it points into).
    pub fn in_source(self, source: &str) -> Self {
        match self {
            Self::Invalid(diags) if !source.is_empty() => Self::Invalid(
                diags
                    .into_iter()
                    .map(|mut d| {
                        d.message = format!("{} (in {source})", d.message);
                        d
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// The diagnostics carried, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Self::Invalid(d) => d,
            _ => &[],
        }
    }
}

fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    out
}

/// A type in words (`array of integer (int64)`), for messages about a document. A named type
/// is written by `named` (messages quote it; rustdoc links it, see `emit::docs`).
pub(crate) fn describe_type(t: &crate::ir::TypeRef, named: &dyn Fn(&str) -> String) -> String {
    use crate::ir::{Primitive, TypeRef};
    match t {
        TypeRef::Primitive(p) => match p {
            Primitive::String => "string",
            Primitive::Bool => "boolean",
            Primitive::I32 => "integer (int32)",
            Primitive::I64 => "integer (int64)",
            Primitive::F32 => "number (float)",
            Primitive::F64 => "number (double)",
            Primitive::DateTime => "date-time",
            Primitive::Date => "date",
            Primitive::Json => "free-form JSON",
            Primitive::Binary => "binary",
        }
        .to_owned(),
        TypeRef::Named(n) => named(n),
        TypeRef::Vec(t) => format!("array of {}", describe_type(t, named)),
        TypeRef::Map(t) => format!("map of string to {}", describe_type(t, named)),
    }
}

/// [`describe_type`] for diagnostics: named types in backticks.
pub(crate) fn type_words(t: &crate::ir::TypeRef) -> String {
    describe_type(t, &|n| format!("`{n}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_rfc6901() {
        let p = JsonPointer::root()
            .push("paths")
            .push("/api/v2/users/{userId}")
            .push("a~b");
        assert_eq!(p.to_string(), "#/paths/~1api~1v2~1users~1{userId}/a~0b");
        let segs: Vec<_> = p.segments().collect();
        assert_eq!(segs, ["paths", "/api/v2/users/{userId}", "a~b"]);
    }

    #[test]
    fn error_lists_every_diagnostic() {
        let e = Error::Invalid(vec![
            Diagnostic::new(&JsonPointer::parse("#/a"), "one"),
            Diagnostic::new(&JsonPointer::parse("/b"), "two"),
        ]);
        assert_eq!(e.to_string(), "at #/a: one\nat #/b: two");
    }
}
