//! `allOf`, and the order schemas are lowered in so that every schema is lowered exactly once.
//!
//! Converted documents attach a description to a reference by wrapping it:
//! `{"allOf": [{"$ref": "#/components/schemas/X"}, {"description": "…"}]}`. Such a *wrapper*
//! is `X` itself (its annotations only feed the docs), never a copy of `X`: copying would lower
//! `X` again at every use, exponentially in the depth of wrapped references, and forever when
//! they form a cycle.
//!
//! A real *merge* (`allOf` of several object parts) takes the fields of each referenced part
//! from that part's own lowered type, so the part is lowered once however many schemas merge
//! it. That needs the part lowered first: [`ensure_named`] lowers a component schema after the
//! components its merges read (an iterative depth-first walk, so no inheritance chain can
//! overflow the stack), and an inline merge (a property declared as `allOf` of parts) is only
//! named where it is met and lowered later from a queue ([`drain`]), when nothing else is half
//! done. A schema that merges itself, directly or through other merges, is reported as an
//! `allOf` cycle; references through fields, arrays and maps are just names and may form any
//! cycle.

use super::schema::{self, Hint};
use super::Lowering;
use crate::diag::JsonPointer;
use crate::ir::{Field, FileId, Primitive, StructDef, TypeKind, TypeRef};
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::{BTreeSet, HashMap};

/// An inline merge whose name is claimed but whose fields are lowered later by [`drain`].
pub(crate) struct PendingMerge<'a> {
    pub schema: &'a Schema,
    /// The hint with the claimed name.
    pub hint: Hint,
    pub pointer: JsonPointer,
    /// The component schema it was declared in (none: an operation's), which a defect in the
    /// merge leaves out (see [`super::isolate`]).
    pub owner: Option<Owner>,
}

/// A component schema, as the item its diagnostics are attributed to.
#[derive(Clone)]
pub(crate) struct Owner {
    pub name: String,
    pub wire: String,
    pub pointer: JsonPointer,
}

/// A part that only annotates (`{"description": "…"}`, `readOnly`, `nullable`, `default`…):
/// it constrains nothing, so it adds no field and changes no type.
pub(crate) fn is_annotation(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) => a.all_of.is_empty() && only_annotates(a),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// Nothing but annotations besides `allOf` (and `required`, meaningless without properties).
fn only_annotates(a: &AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.any_of.is_empty()
        && a.one_of.is_empty()
        && a.not.is_none()
}

/// The reference an `allOf` wraps, with its index, when every other part only annotates.
pub(crate) fn wrapped_ref(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, &str)> {
    let mut found = None;
    for (i, part) in all_of.iter().enumerate() {
        match part {
            ReferenceOr::Reference { reference } if found.is_none() => {
                found = Some((i, reference.as_str()))
            }
            p if is_annotation(p) => {}
            _ => return None,
        }
    }
    found
}

/// The reference a schema wraps: `allOf` of one reference and annotations, in either of the
/// shapes openapiv3 reads it as (a bare `allOf`, or `allOf` beside other annotations).
pub(crate) fn wrapper_of(s: &Schema) -> Option<(usize, &str)> {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => wrapped_ref(all_of),
        SchemaKind::Any(a) if !a.all_of.is_empty() && only_annotates(a) => wrapped_ref(&a.all_of),
        _ => None,
    }
}

/// A property's `readOnly`, `deprecated` and description, from the property schema or, for a
/// wrapper, from its annotation parts (the outer schema wins).
pub(crate) fn annotations(s: &Schema) -> (bool, bool, Option<String>) {
    let mut read_only = s.schema_data.read_only;
    let mut deprecated = s.schema_data.deprecated;
    let mut text = s.schema_data.description.clone();
    if wrapper_of(s).is_some() {
        let parts = match &s.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::Any(a) => a.all_of.as_slice(),
            _ => &[],
        };
        for part in parts {
            if let ReferenceOr::Item(p) = part {
                read_only |= p.schema_data.read_only;
                deprecated |= p.schema_data.deprecated;
                if text.as_deref().is_none_or(|t| t.trim().is_empty()) {
                    text.clone_from(&p.schema_data.description);
                }
            }
        }
    }
    (read_only, deprecated, text.filter(|t| !t.trim().is_empty()))
}

/// The `allOf` parts of a schema, if it merges any.
fn parts_of(s: &Schema) -> &[ReferenceOr<Schema>] {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => &[],
    }
}

/// The component schemas (by wire name) whose lowered types lowering `schema` reads: the
/// referenced parts of its merges, nested inline `allOf`s included, and the target of a bare
/// `$ref`. Dangling references are left to the lowering, which reports them where they are.
fn merge_deps<'a>(cx: &mut Lowering<'a>, schema: &'a ReferenceOr<Schema>) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut stack: Vec<&'a ReferenceOr<Schema>> = vec![schema];
    while let Some(s) = stack.pop() {
        match s {
            ReferenceOr::Reference { reference } => {
                if let Some((wire, _)) = cx.schema_by_ref(reference) {
                    out.push(wire.as_str());
                }
            }
            ReferenceOr::Item(s) => {
                let parts = parts_of(s);
                cx.work.all_of_parts += parts.len() as u64;
                stack.extend(parts.iter().rev());
            }
        }
    }
    out
}

/// Lowers component schema `root` unless it already is, after the component schemas its merges
/// read (depth-first, post-order, with an explicit stack). A dependency met again while it is
/// still open closes an `allOf` cycle: it is skipped here and reported by [`fields_of_ref`].
pub(crate) fn ensure_named<'a>(cx: &mut Lowering<'a>, root: &'a str) {
    if cx.lowered.contains(root) {
        return;
    }
    let Some(schema) = component(cx, root) else {
        return;
    };
    let deps = merge_deps(cx, schema);
    let mut open: BTreeSet<&'a str> = BTreeSet::from([root]);
    let mut stack: Vec<(&'a str, Vec<&'a str>, usize)> = vec![(root, deps, 0)];
    while let Some((wire, deps, next)) = stack.last_mut() {
        if let Some(&dep) = deps.get(*next) {
            *next += 1;
            if cx.lowered.contains(dep) || open.contains(dep) {
                continue;
            }
            let Some(schema) = component(cx, dep) else {
                continue;
            };
            let deps = merge_deps(cx, schema);
            open.insert(dep);
            stack.push((dep, deps, 0));
        } else {
            let wire: &'a str = wire;
            stack.pop();
            open.remove(wire);
            lower_component(cx, wire);
        }
    }
}

fn component<'a>(cx: &Lowering<'a>, wire: &str) -> Option<&'a ReferenceOr<Schema>> {
    cx.api.components.as_ref()?.schemas.get(wire)
}

fn lower_component<'a>(cx: &mut Lowering<'a>, wire: &'a str) {
    let (Some(schema), Some(name), Some(file)) = (
        component(cx, wire),
        cx.schema_names.get(wire).cloned(),
        cx.schema_files.get(wire).cloned(),
    ) else {
        return;
    };
    let pointer = JsonPointer::root()
        .push("components")
        .push("schemas")
        .push(wire);
    cx.lowered.insert(wire);
    let mark = cx.mark();
    if let ReferenceOr::Item(s) = schema {
        let problems = crate::spec::defects::problems(&s.schema_data.extensions);
        cx.diags.extend(problems);
    }
    let owner = Owner {
        name: name.clone(),
        wire: wire.to_owned(),
        pointer: pointer.clone(),
    };
    let outer = cx.current.replace(owner);
    schema::lower_named(cx, &name, wire, FileId::Model(file), schema, &pointer);
    cx.current = outer;
    cx.settle_schema(mark, &name, wire, &pointer);
}

/// Lowers the queued inline merges, and whatever they queue in turn. Runs only between
/// top-level lowerings, when no schema is half lowered.
pub(crate) fn drain(cx: &mut Lowering<'_>) {
    while let Some(job) = cx.pending.pop_front() {
        ensure_parts(cx, job.schema);
        let mark = cx.mark();
        let outer = std::mem::replace(&mut cx.current, job.owner.clone());
        schema::finish_inline(cx, job.schema, &job.hint, &job.pointer);
        cx.current = outer;
        // A merge declared in a component belongs to it: a defect leaves the component out,
        // and a component left out takes its merges with it.
        if let Some(o) = &job.owner {
            cx.settle_schema(mark, &o.name, &o.wire, &o.pointer);
            if cx.broken.contains_key(&o.name) {
                for created in cx.created_since(mark) {
                    cx.broken.insert(created, o.name.clone());
                }
            }
        }
    }
}

/// Lowers the components an inline merge reads: its referenced parts, nested ones included.
fn ensure_parts<'a>(cx: &mut Lowering<'a>, s: &'a Schema) {
    let mut stack: Vec<&'a Schema> = vec![s];
    while let Some(s) = stack.pop() {
        for part in parts_of(s) {
            cx.work.all_of_parts += 1;
            match part {
                ReferenceOr::Reference { reference } => {
                    if let Some((wire, _)) = cx.schema_by_ref(reference) {
                        ensure_named(cx, wire);
                    }
                }
                ReferenceOr::Item(p) => stack.push(p),
            }
        }
    }
}

/// `allOf`: the union of the parts' properties. Two parts declaring one property with
/// different types is an error (there is no sound Rust type for it).
pub(crate) fn lower_all_of<'a>(
    cx: &mut Lowering<'a>,
    all_of: &'a [ReferenceOr<Schema>],
    hint: &Hint,
    pointer: &JsonPointer,
) -> StructDef {
    let mut merged = Merged::default();
    // Parts merge in document order, a nested `allOf` where it stands. Inline parts nest at
    // most as deep as the document (which `spec` bounds); referenced parts are not entered:
    // their lowered fields are copied.
    type Frame<'a> = (&'a [ReferenceOr<Schema>], JsonPointer, usize);
    let mut stack: Vec<Frame<'a>> = vec![(all_of, pointer.clone(), 0)];
    while let Some((parts, at, next)) = stack.last_mut() {
        let parts: &'a [ReferenceOr<Schema>] = parts;
        let Some(part) = parts.get(*next) else {
            stack.pop();
            continue;
        };
        let ptr = at.push("allOf").push(next.to_string());
        *next += 1;
        cx.work.all_of_parts += 1;
        let schema = match part {
            ReferenceOr::Reference { reference } => {
                // A conflict is reported where the referenced part declares the property.
                if let Some(fields) = fields_of_ref(cx, reference, &ptr) {
                    merged.add(cx, fields);
                }
                continue;
            }
            ReferenceOr::Item(s) => s,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                let part = schema::lower_struct(cx, &o.properties, &o.required, hint, &ptr);
                merged.add(cx, part.fields);
            }
            SchemaKind::AllOf { all_of } => stack.push((all_of, ptr, 0)),
            SchemaKind::Any(a) => {
                let part = schema::lower_struct(cx, &a.properties, &a.required, hint, &ptr);
                merged.add(cx, part.fields);
                if !a.all_of.is_empty() {
                    stack.push((&a.all_of, ptr, 0));
                }
            }
            _ => cx.error(&ptr, "allOf part is not an object schema"),
        }
    }
    merged.finish()
}

/// The fields a referenced `allOf` part contributes: those of its lowered type, following
/// aliases. A free-form object contributes none; a scalar, array or enum is an error.
fn fields_of_ref(cx: &mut Lowering<'_>, reference: &str, ptr: &JsonPointer) -> Option<Vec<Field>> {
    let TypeRef::Named(mut name) = cx.resolve_schema_ref(reference, &ptr.push("$ref"))? else {
        return None;
    };
    let mut seen = BTreeSet::new();
    loop {
        let Some(t) = cx.types.get(&name) else {
            cx.error(ptr, format!("allOf cycle through '{reference}'"));
            return None;
        };
        match &t.kind {
            TypeKind::Struct(s) => {
                cx.work.ir_nodes += s.fields.len() as u64;
                return Some(s.fields.clone());
            }
            TypeKind::Alias(TypeRef::Named(next)) if seen.insert(name.clone()) => {
                name = next.clone();
            }
            TypeKind::Alias(TypeRef::Map(_) | TypeRef::Primitive(crate::ir::Primitive::Json)) => {
                return Some(Vec::new())
            }
            _ => {
                cx.error(ptr, "allOf part is not an object schema");
                return None;
            }
        }
    }
}

/// Merges `fields` into `out` (own properties beside an `allOf`).
pub(crate) fn merge_fields(cx: &mut Lowering<'_>, out: &mut StructDef, fields: Vec<Field>) {
    let mut merged = Merged::default();
    merged.add(cx, std::mem::take(&mut out.fields));
    merged.add(cx, fields);
    out.fields = merged.finish().fields;
}

/// Fields being merged, indexed by wire name so a merge costs its size, not its size squared.
#[derive(Default)]
struct Merged {
    fields: Vec<Field>,
    index: HashMap<String, usize>,
}

impl Merged {
    fn add(&mut self, cx: &mut Lowering<'_>, fields: Vec<Field>) {
        for f in fields {
            cx.work.ir_nodes += 1;
            match self.index.get(&f.wire_name).map(|&i| &mut self.fields[i]) {
                // Parts disagreeing on a property's type: the value must satisfy both, which
                // no one Rust type says; it stays free-form JSON (as every value is readable).
                Some(existing) if existing.ty != f.ty => {
                    existing.ty = TypeRef::prim(Primitive::Json);
                    existing.required |= f.required;
                    existing.max_items = None;
                    existing.format = None;
                }
                Some(existing) => existing.required |= f.required,
                None => {
                    self.index.insert(f.wire_name.clone(), self.fields.len());
                    self.fields.push(f);
                }
            }
        }
    }

    /// Field names must stay unique after merging parts that were named separately.
    fn finish(mut self) -> StructDef {
        let mut scope = crate::ir::naming::Scope::new();
        for f in &mut self.fields {
            f.name = scope.claim(&crate::ir::naming::snake(&f.wire_name, "field"));
        }
        StructDef {
            fields: self.fields,
            listing: None,
        }
    }
}
