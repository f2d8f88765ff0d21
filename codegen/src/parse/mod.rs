//! openapiv3 → IR. The only module that sees `openapiv3` types.
//!
//! Lowering runs in passes so forward and circular references just work:
//! 1. every `components/schemas` entry gets its Rust name (sorted by wire name, so adding a
//!    schema never renames another unless they collide);
//! 2. each schema is lowered ([`schema`]), inline objects and enums becoming named types;
//! 3. operations are lowered ([`operation`]) and grouped by tag;
//! 4. whole-graph facts: containment cycles (boxing), `Eq`/`Hash` derivability, listings.
//!
//! Problems are collected as [`Diagnostic`]s with JSON pointers rather than stopping at the first,
//! and [`isolate`]d: a problem inside one schema or operation leaves that item out (listed in
//! [`ir::Api::skipped`]) rather than failing the document.

mod events;
mod isolate;
mod operation;
mod schema;
mod shape;

pub use shape::openapi;

use crate::diag::{Diagnostic, JsonPointer};
use crate::ir::{self, naming::Scope, Primitive, TypeKind, TypeRef};
use crate::Error;
use std::collections::BTreeMap;

/// Lowers a parsed document into the IR.
pub fn lower(api: &openapiv3::OpenAPI) -> Result<ir::Api, Error> {
    let mut cx = Lowering::new(api);
    cx.name_components();
    cx.lower_components();
    isolate::settle_schemas(&mut cx);
    let tags = operation::lower_operations(&mut cx);
    // Every item-level problem was turned into a skip; what is left concerns the document.
    if !cx.diags.is_empty() {
        cx.diags.sort();
        cx.diags.dedup();
        return Err(Error::Invalid(cx.diags));
    }
    let mut types = cx.types;
    ir::cycles::break_cycles(&mut types);
    derive_eq_hash(&mut types);
    let mut skipped = cx.skipped;
    skipped.sort();
    let event_batches = events::find(&types, &tags);
    Ok(ir::Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        types,
        tags,
        event_batches,
        skipped,
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
    pub types: BTreeMap<String, ir::TypeDef>,
    pub type_scope: Scope,
    pub file_scope: Scope,
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
        Self {
            api,
            schema_names: BTreeMap::new(),
            types: BTreeMap::new(),
            type_scope,
            file_scope,
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

    fn name_components(&mut self) {
        for (wire, _) in self.component_schemas() {
            let name = self.type_scope.claim(&ir::naming::pascal(wire, "Schema"));
            self.schema_names.insert(wire.clone(), name);
        }
    }

    fn lower_components(&mut self) {
        for (wire, schema) in self.component_schemas() {
            let pointer = JsonPointer::root()
                .push("components")
                .push("schemas")
                .push(wire);
            let Some(name) = self.schema_names.get(wire).cloned() else {
                continue;
            };
            let file = self.file_scope.claim(&ir::naming::snake(&name, "model"));
            let mark = self.mark();
            if let openapiv3::ReferenceOr::Item(s) = schema {
                let problems = crate::spec::defects::problems(&s.schema_data.extensions);
                self.diags.extend(problems);
            }
            schema::lower_named(self, &name, wire, &file, schema, &pointer);
            self.settle_schema(mark, &name, wire, &pointer);
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
/// free-form JSON do not (and `Value` is not `Hash`). Solved as a greatest fixpoint so cycles work.
fn derive_eq_hash(types: &mut BTreeMap<String, ir::TypeDef>) {
    fn ok(t: &TypeRef, types: &BTreeMap<String, ir::TypeDef>, hash: bool) -> bool {
        match t {
            TypeRef::Primitive(Primitive::F32 | Primitive::F64) => false,
            TypeRef::Primitive(Primitive::Json) => !hash,
            TypeRef::Primitive(_) => true,
            TypeRef::Named(n) => types
                .get(n)
                .is_some_and(|d| if hash { d.hash } else { d.eq }),
            TypeRef::Vec(t) | TypeRef::Map(t) => ok(t, types, hash),
        }
    }
    for t in types.values_mut() {
        t.eq = true;
        t.hash = true;
    }
    loop {
        let mut changed = false;
        let names: Vec<String> = types.keys().cloned().collect();
        for name in names {
            let Some(t) = types.get(&name) else {
                continue;
            };
            let (eq, hash) = match &t.kind {
                TypeKind::Enum(_) => (true, true),
                TypeKind::Alias(r) | TypeKind::Newtype(r) => {
                    (ok(r, types, false), ok(r, types, true))
                }
                TypeKind::Struct(s) => (
                    s.fields.iter().all(|f| ok(&f.ty, types, false)),
                    s.fields.iter().all(|f| ok(&f.ty, types, true)),
                ),
            };
            if let Some(t) = types.get_mut(&name) {
                if t.eq != eq || t.hash != (hash && eq) {
                    t.eq = eq;
                    t.hash = hash && eq;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}
