//! openapiv3 → IR. The only module that sees `openapiv3` types.
//!
//! Lowering runs in passes so forward and circular references just work:
//! 1. every `components/schemas` entry gets its Rust name (sorted by wire name, so adding a
//!    schema never renames another unless they collide);
//! 2. each schema is lowered ([`schema`]) exactly once, inline objects and enums becoming named
//!    types; a reference wrapped in `allOf` with annotations is the referenced type, and merges
//!    copy the fields of their lowered parts (`all_of`), so cost is linear in the document and
//!    no chain or cycle of references recurses ([`Work`] counts it for the tests);
//! 3. operations are lowered ([`operation`]) and grouped by tag;
//! 4. whole-graph facts: containment cycles (boxing), `Eq`/`Hash` derivability, listings,
//!    one type per distinct inline enum ([`ir::dedup`]), and which types requests and
//!    responses carry ([`usage`]).
//!
//! Problems are collected as [`Diagnostic`]s with JSON pointers rather than stopping at the first,
//! and [`isolate`]d: a problem inside one schema or operation leaves that item out (listed in
//! [`ir::Api::skipped`]) rather than failing the document.

mod all_of;
mod body;
mod events;
mod isolate;
mod operation;
mod params;
mod reach;
mod routes;
mod schema;
mod shape;
mod topics;
mod usage;
mod wire;
mod work;

pub use shape::openapi;
#[doc(hidden)]
pub use work::Work;

use crate::diag::{Diagnostic, JsonPointer};
use crate::ir::{self, naming::Scope, Primitive, TypeKind, TypeRef};
use crate::Error;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Lowers a parsed document into the IR.
pub fn lower(api: &openapiv3::OpenAPI) -> Result<ir::Api, Error> {
    lower_counted(api).0
}

/// [`lower`], also returning how much work it did (for the linear-growth tests).
#[doc(hidden)]
pub fn lower_counted(api: &openapiv3::OpenAPI) -> (Result<ir::Api, Error>, Work) {
    let mut cx = Lowering::new(api);
    let result = lower_in(&mut cx);
    (result, cx.work)
}

fn lower_in(cx: &mut Lowering<'_>) -> Result<ir::Api, Error> {
    let api = cx.api;
    cx.name_components();
    cx.lower_components();
    isolate::settle_schemas(cx);
    let tags = operation::lower_operations(cx);
    let topics = topics::lower(cx);
    // Every item-level problem was turned into a skip; what is left concerns the document.
    if !cx.diags.is_empty() {
        let mut diags = std::mem::take(&mut cx.diags);
        diags.sort();
        diags.dedup();
        return Err(Error::Invalid(diags));
    }
    let mut types = std::mem::take(&mut cx.types);
    ir::cycles::break_cycles(&mut types, &mut cx.work.graph_steps);
    derive_eq_hash(&mut types, &mut cx.work.graph_steps);
    let mut skipped = std::mem::take(&mut cx.skipped);
    skipped.sort();
    let mut tags = tags;
    ir::dedup::inline_enums(
        &mut types,
        &mut tags,
        &mut cx.type_scope,
        &mut cx.file_scope,
    );
    let error_roots = usage::error_schemas(api, &cx.schema_names);
    usage::mark(&tags, &topics, &error_roots, &mut types);
    reach::mark(
        &tags,
        &topics,
        &error_roots,
        &mut types,
        &mut cx.work.graph_steps,
    );
    let event_batches = events::find(&types, &tags);
    let shadowed_by = routes::shadowing(&tags);
    let (skipped_operations, skipped_schemas) = wire::facts(api, &skipped);
    Ok(ir::Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        types,
        tags,
        event_batches,
        topics,
        operation_files: std::mem::take(&mut cx.operation_files),
        shadowed_by,
        skipped,
        skipped_operations,
        skipped_schemas,
    })
}

/// Prelude names generated code uses unqualified (shorter output, faster formatting).
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Into",
    "From",
    "ToString",
    "ToOwned",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "TryFrom",
    "TryInto",
    "Unpin",
];

/// State shared by the lowering passes.
pub(crate) struct Lowering<'a> {
    pub api: &'a openapiv3::OpenAPI,
    /// Rust name of each component schema, by wire name.
    pub schema_names: BTreeMap<String, String>,
    /// Model file of each component schema, by wire name.
    pub schema_files: BTreeMap<String, String>,
    /// Component schemas already lowered (each is lowered once, see [`all_of`]).
    pub lowered: BTreeSet<&'a str>,
    /// Inline merges named but not lowered yet.
    pub pending: VecDeque<all_of::PendingMerge<'a>>,
    /// Work done so far.
    pub work: Work,
    /// The component schema being lowered (diagnostics and inline merges belong to it).
    pub current: Option<all_of::Owner>,
    pub types: BTreeMap<String, ir::TypeDef>,
    pub type_scope: Scope,
    pub file_scope: Scope,
    /// File stem of each operation that declares inline types, by operationId.
    pub operation_files: BTreeMap<String, String>,
    pub diags: Vec<Diagnostic>,
    pub skipped: Vec<crate::Skipped>,
    /// Every type declared so far, in order (see [`isolate::Mark`]).
    pub created: Vec<String>,
    /// Types that cannot be expressed → the component schema whose defect causes it.
    pub broken: BTreeMap<String, String>,
    /// Component schemas with a defect of their own.
    pub broken_roots: BTreeMap<String, isolate::BrokenSchema>,
}

impl<'a> Lowering<'a> {
    fn new(api: &'a openapiv3::OpenAPI) -> Self {
        let mut file_scope = Scope::case_insensitive();
        // `mod.rs` lives beside the model files.
        file_scope.reserve("mod");
        // Generated code names these prelude items unqualified, so no model may shadow them.
        let mut type_scope = Scope::new();
        for prelude in PRELUDE {
            type_scope.reserve(prelude);
        }
        // The sealed holder of unknown enum values is re-exported beside the models.
        type_scope.reserve("UnknownValue");
        Self {
            api,
            schema_names: BTreeMap::new(),
            schema_files: BTreeMap::new(),
            lowered: BTreeSet::new(),
            pending: VecDeque::new(),
            work: Work::default(),
            current: None,
            types: BTreeMap::new(),
            type_scope,
            file_scope,
            operation_files: BTreeMap::new(),
            diags: Vec::new(),
            skipped: Vec::new(),
            created: Vec::new(),
            broken: BTreeMap::new(),
            broken_roots: BTreeMap::new(),
        }
    }

    pub fn error(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(pointer, message));
    }

    fn component_schemas(
        &self,
    ) -> Vec<(&'a String, &'a openapiv3::ReferenceOr<openapiv3::Schema>)> {
        let mut v: Vec<_> = self
            .api
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
            .collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// Names every component schema and its file up front, so neither depends on the order
    /// schemas are lowered in.
    fn name_components(&mut self) {
        let schemas = self.component_schemas();
        for (wire, _) in &schemas {
            let name = self.type_scope.claim(&ir::naming::pascal(wire, "Schema"));
            self.schema_names.insert((*wire).clone(), name);
        }
        for (wire, _) in &schemas {
            if let Some(name) = self.schema_names.get(*wire) {
                let file = self.file_scope.claim(&ir::naming::snake(name, "model"));
                self.schema_files.insert((*wire).clone(), file);
            }
        }
    }

    fn lower_components(&mut self) {
        for (wire, _) in self.component_schemas() {
            all_of::ensure_named(self, wire);
            all_of::drain(self);
        }
    }

    /// The Rust type named by a `$ref`, or a diagnostic for a dangling/unsupported one.
    pub fn resolve_schema_ref(
        &mut self,
        reference: &str,
        pointer: &JsonPointer,
    ) -> Option<TypeRef> {
        match reference.strip_prefix("#/components/schemas/") {
            Some(wire) => {
                let wire = JsonPointer::parse(&format!("/{wire}"))
                    .segments()
                    .next()
                    .unwrap_or_default();
                match self.schema_names.get(&wire) {
                    Some(n) => Some(TypeRef::Named(n.clone())),
                    None => {
                        self.error(
                            pointer,
                            format!("dangling $ref '{reference}': no such schema"),
                        );
                        None
                    }
                }
            }
            None => {
                self.error(
                    pointer,
                    format!("unsupported $ref '{reference}': only '#/components/schemas/…' can name a schema"),
                );
                None
            }
        }
    }

    /// The component schema a `$ref` names (for `allOf` merging).
    pub fn schema_by_ref(
        &self,
        reference: &str,
    ) -> Option<(&'a String, &'a openapiv3::ReferenceOr<openapiv3::Schema>)> {
        let wire = reference.strip_prefix("#/components/schemas/")?;
        let wire = JsonPointer::parse(&format!("/{wire}")).segments().next()?;
        self.api.components.as_ref()?.schemas.get_key_value(&wire)
    }
}

/// `Eq` and `Hash` can be derived only if every field's type supports them; floats and
/// free-form JSON do not (and `Value` is not `Hash`). A type supports them unless it reaches,
/// through any chain of references (cycles included), a type that does not by itself: that is
/// propagated backwards from those types, each reference followed once.
fn derive_eq_hash(types: &mut BTreeMap<String, ir::TypeDef>, steps: &mut u64) {
    /// Marks what `t` rules out by itself, and records the named types it depends on.
    fn scan(t: &TypeRef, eq: &mut bool, hash: &mut bool, deps: &mut Vec<String>) {
        match t {
            TypeRef::Primitive(Primitive::F32 | Primitive::F64) => {
                *eq = false;
                *hash = false;
            }
            TypeRef::Primitive(Primitive::Json) => *hash = false,
            TypeRef::Primitive(_) => {}
            TypeRef::Named(n) => deps.push(n.clone()),
            TypeRef::Vec(t) | TypeRef::Map(t) => scan(t, eq, hash, deps),
        }
    }
    let names: Vec<String> = types.keys().cloned().collect();
    let index: std::collections::HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut eq = vec![true; names.len()];
    let mut hash = vec![true; names.len()];
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (i, t) in types.values().enumerate() {
        let mut deps = Vec::new();
        match &t.kind {
            TypeKind::Enum(_) => {}
            TypeKind::Alias(r) | TypeKind::Newtype(r) => {
                scan(r, &mut eq[i], &mut hash[i], &mut deps)
            }
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    scan(&f.ty, &mut eq[i], &mut hash[i], &mut deps);
                }
            }
        }
        for d in deps {
            *steps += 1;
            match index.get(d.as_str()) {
                Some(&j) => users[j].push(i),
                // A dangling name supports nothing (lowering reports it).
                None => {
                    eq[i] = false;
                    hash[i] = false;
                }
            }
        }
    }
    // `Hash` needs `Eq`; then each property spreads to the users of a type that lacks it.
    for i in 0..names.len() {
        hash[i] &= eq[i];
    }
    for flags in [&mut eq, &mut hash] {
        let mut queue: Vec<usize> = (0..names.len()).filter(|&i| !flags[i]).collect();
        while let Some(i) = queue.pop() {
            for &u in &users[i] {
                *steps += 1;
                if flags[u] {
                    flags[u] = false;
                    queue.push(u);
                }
            }
        }
    }
    for (i, t) in types.values_mut().enumerate() {
        t.eq = eq[i];
        t.hash = hash[i] && eq[i];
    }
}
