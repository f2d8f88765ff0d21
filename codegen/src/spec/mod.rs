//! Upstream document → the normalized OpenAPI 3.0 in `spec/`.
//!
//! Genesys publishes one Swagger 2.0 document for the whole platform. [`import`] turns it into
//! what this project generates from: [`upgrade`] to OpenAPI 3.0.3 (an OpenAPI 3.1 document is
//! lowered to 3.0 by [`v31`] instead), [`slice`] to the selected tags
//! and the transitive closure of what they reference, optionally [`facts`] (drop upstream prose),
//! then the reviewed [`overlay`]s of `spec/` (facts upstream states only in prose, or that we
//! assume), then [`normalize`] (sorted keys, pretty JSON, trailing newline) so re-imports are
//! byte-identical.
//! Everything works on `serde_json::Value`: the documents are large and we only reshape them.

pub mod defects;
pub mod depth;
pub mod facts;
pub mod merge;
pub mod normalize;
pub mod overlay;
pub mod refs;
pub mod slice;
pub mod topics;
pub mod upgrade;
pub mod v31;

use crate::diag::JsonPointer;
use crate::Error;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub use normalize::to_json_string;

/// Options of `cargo xtask spec import|fetch`.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Keep only operations having any of these tags; `None` keeps the whole document.
    pub tags: Option<Vec<String>>,
    /// Drop upstream prose (see [`facts`]).
    pub facts_only: bool,
    /// Overlays applied in order after slicing and `facts_only` (see [`overlay`]); each is
    /// recorded in the provenance, with its actions about operations outside the slice.
    pub overlays: Vec<overlay::Overlay>,
}

/// The result of an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The normalized OpenAPI 3.0.3 document.
    pub openapi: Value,
    /// What goes into `spec/source.json`, without `source` (the CLI knows where it read from).
    pub provenance: Value,
}

/// Version of this pipeline, recorded in `spec/source.json`: bump it when output changes.
pub const PIPELINE_VERSION: u32 = 3;

/// Which kind of document the bytes hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `swagger: "2.0"`.
    Swagger2,
    /// `openapi: "3.0.x"`.
    OpenApi3,
    /// `openapi: "3.1.x"`, lowered to 3.0 by [`v31`].
    OpenApi31,
}

fn parse(bytes: &[u8]) -> Result<(Value, Format), Error> {
    let doc = depth::parse(bytes)?;
    let root = JsonPointer::root();
    let Some(obj) = doc.as_object() else {
        return Err(Error::at(&root, "expected a JSON object at the top level"));
    };
    let format = match (obj.get("swagger"), obj.get("openapi")) {
        (Some(Value::String(v)), _) if v == "2.0" => Format::Swagger2,
        (Some(v), _) => {
            return Err(Error::at(
                &root.push("swagger"),
                format!("unsupported Swagger version {v}: only \"2.0\" is supported"),
            ))
        }
        (None, Some(Value::String(v))) if v.starts_with("3.0.") => Format::OpenApi3,
        (None, Some(Value::String(v))) if v.starts_with("3.1.") => Format::OpenApi31,
        (None, Some(v)) => {
            return Err(Error::at(
                &root.push("openapi"),
                format!("unsupported OpenAPI version {v}: only 3.0.x and 3.1.x are supported"),
            ))
        }
        (None, None) => {
            return Err(Error::at(
                &root,
                "not a Swagger 2.0 or OpenAPI 3.x document: it has neither a 'swagger' nor an 'openapi' field",
            ))
        }
    };
    Ok((doc, format))
}

/// The whole document as OpenAPI 3.0.3 (upgraded from 2.0, lowered from 3.1 when needed),
/// every `$ref` checked.
/// No slicing, no prose dropped, not normalized.
pub fn load(bytes: &[u8]) -> Result<Value, Error> {
    let (doc, format) = parse(bytes)?;
    to_openapi3(doc, format)
}

/// [`load`], with a topic snapshot (`spec/notification-topics.json`, named `source` in
/// errors) [`topics::attach`]ed when there is one: what generation and the diff read.
pub fn load_with_topics(bytes: &[u8], topics: Option<(&[u8], &str)>) -> Result<Value, Error> {
    let mut doc = load(bytes)?;
    if let Some((topic_bytes, source)) = topics {
        let snapshot = depth::parse(topic_bytes).map_err(|e| e.in_source(source))?;
        topics::attach(&mut doc, &snapshot, source)?;
    }
    Ok(doc)
}

/// References are checked in the document as given, before any reshaping, so a dangling `$ref`
/// is reported at its place in the user's file (`#/definitions/A/...` for Swagger 2.0). One
/// inside an operation or a schema replaces that item by a [`defects`] marker (the generator
/// skips it, naming this pointer); anywhere else it fails the document, whatever slice is asked
/// for. After the upgrade every reference resolves by construction; the second check guards that.
fn to_openapi3(mut doc: Value, format: Format) -> Result<Value, Error> {
    let dangling = refs::problems(&doc);
    let rest = defects::isolate(&mut doc, dangling);
    if !rest.is_empty() {
        return Err(Error::Invalid(rest));
    }
    match format {
        Format::Swagger2 => {
            let up = upgrade::upgrade(&doc)?;
            refs::check(&up)?;
            Ok(up)
        }
        Format::OpenApi3 => Ok(doc),
        Format::OpenApi31 => {
            let refused = v31::lower(&mut doc);
            let rest = defects::isolate(&mut doc, refused);
            if !rest.is_empty() {
                return Err(Error::Invalid(rest));
            }
            refs::check(&doc)?;
            Ok(doc)
        }
    }
}

/// One upstream document to import: its bytes and where they came from.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The file or URL, as recorded in `spec/source.json` and named in errors.
    pub source: &'a str,
    /// The document (Swagger 2.0 or OpenAPI 3.0 JSON).
    pub bytes: &'a [u8],
}

/// Upstream bytes → `spec/` contents (one document; see [`import_many`]).
pub fn import(bytes: &[u8], opts: &ImportOptions) -> Result<Imported, Error> {
    import_many(&[Input { source: "", bytes }], opts)
}

/// Several documents of one API (Genesys' platform split into parts) → `spec/` contents.
/// Each is checked and upgraded on its own, then they are [`merge`]d; a path or component
/// defined differently in two of them is an error naming both. The provenance lists every
/// input with its sha256 and upstream version.
pub fn import_many(inputs: &[Input<'_>], opts: &ImportOptions) -> Result<Imported, Error> {
    let mut docs = Vec::with_capacity(inputs.len());
    let mut recorded = Vec::with_capacity(inputs.len());
    for input in inputs {
        let (doc, format) = parse(input.bytes).map_err(|e| e.in_source(input.source))?;
        let input_version = match format {
            Format::Swagger2 => format!("swagger {}", doc["swagger"].as_str().unwrap_or("2.0")),
            Format::OpenApi3 | Format::OpenApi31 => {
                format!("openapi {}", doc["openapi"].as_str().unwrap_or("3.0"))
            }
        };
        let upstream_info = doc.get("info").cloned().unwrap_or(Value::Null);
        let doc = to_openapi3(doc, format).map_err(|e| e.in_source(input.source))?;
        let mut entry = json!({
            "sha256": sha256_hex(input.bytes),
            "upstream": {
                "format": input_version,
                "title": upstream_info.get("title").cloned().unwrap_or(Value::Null),
                "version": upstream_info.get("version").cloned().unwrap_or(Value::Null),
            },
        });
        if !input.source.is_empty() {
            entry["source"] = Value::String(input.source.to_owned());
        }
        recorded.push(entry);
        docs.push(doc);
    }
    let parts: Vec<merge::Part<'_>> = inputs
        .iter()
        .zip(&docs)
        .map(|(i, doc)| merge::Part {
            source: i.source,
            doc,
        })
        .collect();
    let mut doc = if docs.len() == 1 {
        docs.pop().unwrap_or_default()
    } else {
        let merged = merge::merge(&parts)?;
        refs::check(&merged)?;
        merged
    };
    if let Some(tags) = &opts.tags {
        doc = slice::slice(&doc, tags)?;
        refs::check(&doc)?;
    }
    if opts.facts_only {
        facts::strip_prose(&mut doc);
    }
    let mut overlays = Vec::with_capacity(opts.overlays.len());
    for overlay in &opts.overlays {
        let applied = overlay.apply(&mut doc)?;
        overlays.push(overlay.provenance(&applied));
    }
    let doc = normalize::sort_keys(doc);
    let provenance = json!({
        "inputs": recorded,
        "tags": opts.tags.clone().map(|mut t| { t.sort(); t }),
        "facts_only": opts.facts_only,
        "operations": count_operations(&doc),
        "schemas": doc.pointer("/components/schemas").and_then(Value::as_object).map_or(0, |m| m.len()),
        "generator": format!("genesys-rs spec pipeline v{PIPELINE_VERSION}"),
    });
    let mut provenance = provenance;
    if let Some(notes) = doc.pointer(&format!("/{}/notes", v31::NOTES)) {
        provenance["notes"] = notes.clone();
    }
    if !overlays.is_empty() {
        provenance["overlays"] = Value::Array(overlays);
    }
    Ok(Imported {
        openapi: doc,
        provenance: normalize::sort_keys(provenance),
    })
}

/// The lowercase hex sha256 of `bytes`, as `spec/source.json` records inputs.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// HTTP methods an OpenAPI path item can hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Number of operations in an OpenAPI 3.0 document.
pub fn count_operations(doc: &Value) -> usize {
    doc.get("paths")
        .and_then(Value::as_object)
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
}

/// The strings of a JSON array (non-strings skipped).
pub(crate) fn strings_of(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
