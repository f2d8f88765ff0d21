//! Two versions of the API → what changed, and what each change does to the generated Rust API.
//!
//! Both documents are OpenAPI 3.0 as [`crate::spec::load`] returns them (so Swagger 2.0 inputs
//! are compared after the same upgrade), and both are lowered by the same [`crate::parse::lower`]
//! as the generator: every verdict about Rust (types, names, arguments, derives, pages) is read
//! off the two IRs, never re-derived from JSON. The JSON is read only for what the IR does not
//! carry because it never reaches a signature: wire formats that map to the same Rust type,
//! values of non-string enums, and error responses ([`wire`]).
//!
//! - [`report`]: the changes, their impact and the release they call for;
//! - [`operations`]: methods, arguments and setters, bodies, responses, pages, permissions;
//! - [`schemas`]: named types, fields, variants, derives;
//! - [`not_generated`]: operations and schemas the generator skips, from the wire facts the IR
//!   records for them (flagged *not generated*, with their impact on the wire);
//! - [`semver`]: the rules for one place that holds a type, on both sides;
//! - [`topics`]: notification topics (added, removed, payload, subscribable);
//!
//! Output is deterministic: changes are sorted (breaking first, then by kind and location).

mod code;
mod not_generated;
mod operations;
mod render;
mod report;
mod schemas;
mod semver;
mod topics;
mod wire;

pub use code::{CodeDiff, FileChange, FileLines};
pub use render::Format;
pub use report::{semver_lite, Bump, Change, ChangeKind, Impact, Report};

use crate::ir::Api;
use crate::Error;
use serde_json::Value;
use wire::Doc;

/// One side of the comparison: its document and the IR the generator builds from it.
struct Side<'a> {
    doc: Doc<'a>,
    ir: &'a Api,
}

/// Lowers an OpenAPI 3.0 value the way `cargo xtask codegen` does.
pub fn lower(doc: &Value) -> Result<Api, Error> {
    crate::parse::lower(&crate::openapi_from_value(doc)?)
}

/// Compares two OpenAPI 3.0 documents. Fails (with the located error) when either side cannot
/// be lowered into the IR: then there is no generated crate to compare.
pub fn diff(old: &Value, new: &Value) -> Result<Report, Error> {
    let (old_ir, new_ir) = (lower(old)?, lower(new)?);
    Ok(diff_ir((old, &old_ir), (new, &new_ir)))
}

/// Compares two documents already lowered (each with the IR built from it).
pub fn diff_ir(old: (&Value, &Api), new: (&Value, &Api)) -> Report {
    let mut d = Differ {
        old: Side {
            doc: Doc(old.0),
            ir: old.1,
        },
        new: Side {
            doc: Doc(new.0),
            ir: new.1,
        },
        out: Vec::new(),
    };
    d.operations();
    d.schemas();
    d.not_generated();
    d.topics();
    let mut changes = d.out;
    changes.sort();
    changes.dedup();
    Report { changes }
}

impl Side<'_> {
    /// Why the generator left out the item at `pointer`, if it did.
    fn skip_reason(&self, pointer: &str) -> Option<&str> {
        self.ir
            .skipped
            .iter()
            .find(|s| s.pointer.to_string() == pointer)
            .map(|s| s.reason.as_str())
    }
}

struct Differ<'a> {
    old: Side<'a>,
    new: Side<'a>,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        location: &str,
        pointer: &str,
        detail: String,
    ) {
        self.out.push(Change {
            impact,
            kind,
            location: location.to_owned(),
            pointer: pointer.to_owned(),
            detail,
            wire_impact: None,
        });
    }

    /// A change of an item the generator skips: nothing changes in Rust, `wire` on the wire.
    fn push_wire(
        &mut self,
        wire: Impact,
        kind: ChangeKind,
        location: &str,
        pointer: &str,
        detail: String,
    ) {
        self.out.push(Change {
            impact: Impact::None,
            kind,
            location: location.to_owned(),
            pointer: pointer.to_owned(),
            detail: format!("not generated: {detail}"),
            wire_impact: Some(wire),
        });
    }
}
