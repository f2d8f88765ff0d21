//! The intermediate representation: what the generator knows about an API, free of OpenAPI
//! types (see [`crate::parse`]) and of tokens (see [`crate::emit`]).
//!
//! Every name in the IR is already a valid, unique Rust identifier in its scope; the original
//! wire name is kept beside it so emitters add `#[serde(rename)]` only where the two differ.

pub mod cycles;
pub mod dedup;
mod events;
pub mod naming;
mod operation;
mod topics;
mod types;
mod wire;

pub use events::{EventArray, EventBatch};
pub use operation::{
    BodyKind, Chunking, FormEncoding, HttpMethod, Operation, Pagination, Param, ParamLocation,
    ParamStyle, PartKind, PathSegment, PathTemplate, PermissionRule, Permissions, Replacement,
    RequestBody, Response, Tag,
};
pub use topics::{NotificationTopic, TopicSegment};
pub use types::{
    Docs, EnumDef, Fact, Field, FileId, Listing, Primitive, Reach, StructDef, TypeDef, TypeKind,
    TypeRef, Usage, Variant,
};
pub use wire::{WireOperation, WireParam, WireSchema};

use std::collections::BTreeMap;

/// The whole API, ready to emit. Collections are sorted so output never depends on input order
/// beyond what the document states.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {
    /// `info.title` of the document.
    pub title: String,
    /// `info.version` of the document.
    pub version: String,
    /// Every type, keyed by its Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Tags (one Rust module each) with their operations, sorted by module name.
    pub tags: Vec<Tag>,
    /// Batch-event operations (see [`EventBatch`]), in tag and operation order.
    pub event_batches: Vec<EventBatch>,
    /// The file stem of each operation with inline types ([`FileId::Operation`]), by
    /// operationId: claimed in the same scope as the schemas' stems, so none collide.
    pub operation_files: BTreeMap<String, String>,
    /// For each operation (by operationId) that others shadow, the path templates of the
    /// same method that a request of it could also match and that own such a request (a
    /// literal where it has a parameter, at the first difference), sorted.
    pub shadowed_by: BTreeMap<String, Vec<String>>,
    /// Notification topics of the topic snapshot joined to the document (empty without one),
    /// sorted by pattern.
    pub topics: Vec<NotificationTopic>,
    /// Operations and schemas that could not be expressed, with their pointer and the reason
    /// (printed, listed in the generated docs, never silently dropped).
    pub skipped: Vec<crate::Skipped>,
    /// The wire facts of each skipped operation still in the document (see [`wire`]).
    pub skipped_operations: Vec<WireOperation>,
    /// The wire facts of each skipped component schema.
    pub skipped_schemas: Vec<WireSchema>,
}

impl Api {
    /// The type a [`TypeRef::Named`] points at.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// The stem of `models/<stem>.rs` for a file (empty for an operation the IR does not
    /// know, which lowering never produces).
    pub fn file_stem<'a>(&'a self, file: &'a FileId) -> &'a str {
        match file {
            FileId::Model(stem) => stem,
            FileId::Operation(id) => self.operation_files.get(id).map_or("", String::as_str),
        }
    }

    /// Named types grouped by the stem of the file that holds them: a schema and the inline
    /// types declared inside it share one file, so a change to one schema touches one file.
    pub fn files(&self) -> BTreeMap<&str, Vec<&TypeDef>> {
        let mut out: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
        for t in self.types.values() {
            out.entry(self.file_stem(&t.file)).or_default().push(t);
        }
        out
    }
}
