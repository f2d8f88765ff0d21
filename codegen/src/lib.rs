//! The genesys-rs generator: an OpenAPI description in, Rust source files out.
//!
//! The pipeline has three stages, one module each, and data only flows forward:
//!
//! 1. [`spec`]: bytes of an upstream document (Swagger 2.0 or OpenAPI 3.0) → a normalized
//!    OpenAPI 3.0 JSON value (tag selection, schema closure, 2.0 → 3.0 upgrade).
//! 2. [`parse`]: `openapiv3` → [`ir::Api`], the generator's own model of types and operations.
//!    This is the only module that looks at `openapiv3` types.
//! 3. [`emit`]: [`ir::Api`] → Rust files (`quote` → `syn` → `prettyplease`).
//!
//! [`generate`] runs stages 2 and 3; `cargo xtask` drives stage 1 and writes the files.
#![forbid(unsafe_code)]

pub mod diag;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod parse;
pub mod runtime_surface;
pub mod spec;

pub use diag::{Diagnostic, Error};

use std::collections::BTreeMap;

/// The generator's result: file contents keyed by path relative to `genesys-client/src/generated/`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Relative path (`models/user_presence.rs`) → full file text, header included.
    pub files: BTreeMap<String, String>,
    /// Operations and schemas left out, each with its JSON pointer and the reason; printed by
    /// `cargo xtask codegen` (and fatal under `--strict`), listed in the generated docs.
    pub skipped: Vec<Skipped>,
    /// The cargo features the generated code is gated by: one per tag (its module name),
    /// sorted. `cargo xtask codegen` declares them in the client's `Cargo.toml`.
    pub features: Vec<String>,
}

/// What kind of item a [`Skipped`] entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkippedKind {
    /// A path × method.
    Operation,
    /// A `components/schemas` entry.
    Schema,
    /// A notification topic of the topic snapshot.
    Topic,
}

impl SkippedKind {
    /// `operation` or `schema`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operation => "operation",
            Self::Schema => "schema",
            Self::Topic => "topic",
        }
    }
}

/// An item left out of the generated client, where it is and why.
///
/// One defective operation or schema never stops generation of the rest: an operation the
/// generator cannot express (a spec defect such as a path parameter missing from its template,
/// or a construct the runtime cannot send yet) is skipped; a schema that cannot be expressed is
/// not emitted, nor is any schema that contains it, and every operation reaching it is skipped.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Skipped {
    /// Where the item is in the document (`#/paths/~1api~1v2~1users/get`).
    pub pointer: diag::JsonPointer,
    /// Operation or schema.
    pub kind: SkippedKind,
    /// The operationId (or `METHOD /path` when it has none), or the schema's name.
    pub name: String,
    /// Why it was left out; a problem found below the item starts with its own pointer
    /// (`at #/paths/…/parameters/0: path parameter …`).
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped {} '{}' at {}: {}",
            self.kind.as_str(),
            self.name,
            self.pointer,
            self.reason
        )
    }
}

/// Generates the client's `generated/` tree from a parsed OpenAPI 3.0 document.
pub fn generate(api: &openapiv3::OpenAPI) -> Result<Output, Error> {
    let ir = parse::lower(api)?;
    emit::emit(&ir)
}

/// Parses OpenAPI 3.0 JSON text and generates; errors carry serde's line/column or JSON pointers.
pub fn generate_from_json(json: &str) -> Result<Output, Error> {
    let api: openapiv3::OpenAPI = serde_json::from_str(json)?;
    generate(&api)
}

/// The `openapiv3` document type the generator reads (re-exported so callers use the same version).
pub use openapiv3::OpenAPI;

/// An OpenAPI 3.0 JSON value (what [`spec::load`] returns) as the document [`generate`] reads;
/// a part of the wrong shape (`"required": "yes"`, `"type": ["string", "null"]`) is reported at
/// its JSON pointer, where `serde_json::from_value` would only say which enum did not match.
pub fn openapi_from_value(value: &serde_json::Value) -> Result<OpenAPI, Error> {
    parse::openapi(value)
}

/// Spec loading + upgrade + IR building + emitting on arbitrary bytes: the fuzz target's entry
/// point, shared with the test that replays the committed fuzz corpus. Never panics, except on
/// [`Error::Internal`] (emitted tokens that are not Rust), a generator bug the fuzzer must report.
#[doc(hidden)]
pub fn fuzz_pipeline(bytes: &[u8]) {
    if let Ok(value) = spec::load(bytes) {
        if let Ok(api) = openapi_from_value(&value) {
            if let Ok(ir) = parse::lower(&api) {
                if let Err(e @ Error::Internal { .. }) = emit::emit(&ir) {
                    panic!("{e}");
                }
            }
        }
    }
    let sliced = spec::ImportOptions {
        tags: Some(vec!["Presence".into()]),
        facts_only: true,
        ..Default::default()
    };
    let _ = spec::import(bytes, &sliced);
}
