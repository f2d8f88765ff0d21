//! Named schemas and what is inside any generated type: fields, variants, alias targets,
//! derived traits and Rust names.
//!
//! Structs are `#[non_exhaustive]` with a generated `new(required…)` and `with_*` setters, so a
//! new optional field is additive and a new required field breaks `new` (every struct has one,
//! whichever side of the wire it travels on). Enums are open and `#[non_exhaustive]`: a new
//! value is additive, a removed one deletes a variant.

use super::semver::{derives, is_component, shape, Slot};
use super::{ChangeKind, Differ, Impact};
use crate::emit::models::{has_setter, setter_name};
use crate::ir::{EnumDef, StructDef, TypeDef, TypeKind, Usage};
use std::collections::BTreeMap;

/// `always`, `with feature `x``, `with any of features `x`, `y``.
fn features_phrase(reach: &crate::ir::Reach) -> String {
    match reach.tags() {
        None => "always".into(),
        Some([one]) => format!("with feature `{one}`"),
        Some(many) => {
            let names: Vec<String> = many.iter().map(|t| format!("`{t}`")).collect();
            format!("with any of features {}", names.join(", "))
        }
    }
}

/// Where a type travels, to explain why a required field breaks `new`.
fn usage_label(usage: Usage) -> &'static str {
    match (usage.request, usage.response) {
        (true, true) => "used in requests and responses",
        (true, false) => "used in requests",
        (false, true) => "response-only",
        (false, false) => "used by no operation",
    }
}

/// Component schemas of one side, by wire name.
fn components(api: &crate::ir::Api) -> BTreeMap<&str, &TypeDef> {
    api.types
        .values()
        .filter(|t| is_component(t))
        .map(|t| (t.wire_name.as_str(), t))
        .collect()
}

impl Differ<'_> {
    pub(super) fn schemas(&mut self) {
        let old = self.old.ir;
        let new = self.new.ir;
        let (so, sn) = (components(old), components(new));
        for (wire, t) in &sn {
            let loc = (*wire).to_owned();
            let Some(o) = so.get(wire) else {
                self.push(
                    Impact::Additive,
                    ChangeKind::SchemaAdded,
                    &loc,
                    &t.pointer,
                    format!("new type `{}`", t.name),
                );
                continue;
            };
            if o.name != t.name {
                let holder = new
                    .get(&o.name)
                    .map(|h| format!("; `{}` now names `{}`", o.name, h.wire_name))
                    .unwrap_or_default();
                self.push(
                    Impact::Breaking,
                    ChangeKind::Renamed,
                    &loc,
                    &t.pointer,
                    format!(
                        "Rust type `{}` → `{}`: the generator renamed it to resolve a name collision{holder}",
                        o.name, t.name
                    ),
                );
            }
            if !o.deprecated && t.deprecated {
                self.push(
                    Impact::Additive,
                    ChangeKind::SchemaDeprecated,
                    &loc,
                    &t.pointer,
                    "type now `#[deprecated]`".into(),
                );
            }
            if o.reach != t.reach {
                let impact = if t.reach.covers(&o.reach) {
                    Impact::Additive
                } else {
                    Impact::Breaking
                };
                self.push(
                    impact,
                    ChangeKind::FeaturesChanged,
                    &loc,
                    &t.pointer,
                    format!(
                        "`{}` compiled {} → {}",
                        t.name,
                        features_phrase(&o.reach),
                        features_phrase(&t.reach)
                    ),
                );
            }
            self.type_body(&loc, o, t, t.usage);
        }
        for (wire, t) in &so {
            if !sn.contains_key(wire) {
                let why = self
                    .new
                    .skip_reason(&t.pointer)
                    .map(|why| format!(" (still in the API, but no longer generated: {why})"))
                    .unwrap_or_default();
                self.push(
                    Impact::Breaking,
                    ChangeKind::SchemaRemoved,
                    wire,
                    &t.pointer,
                    format!("type `{}` removed{why}", t.name),
                );
            }
        }
    }

    /// What is inside a type present on both sides (a named schema, or an inline type reached
    /// through a field, parameter, body or response).
    pub(super) fn type_body(&mut self, loc: &str, old: &TypeDef, new: &TypeDef, usage: Usage) {
        let (dold, dnew) = (derives(old), derives(new));
        let lost: Vec<&str> = dold.iter().filter(|d| !dnew.contains(d)).copied().collect();
        let gained: Vec<&str> = dnew.iter().filter(|d| !dold.contains(d)).copied().collect();
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.fields(loc, (a, old.usage), (b, new.usage), usage)
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.variants(loc, &new.pointer, a, b),
            (TypeKind::Alias(a), TypeKind::Alias(b))
            | (TypeKind::Newtype(a), TypeKind::Newtype(b)) => self.slot(
                ChangeKind::SchemaTypeChanged,
                (loc, loc),
                Slot {
                    ty: a,
                    pointer: &old.pointer,
                },
                Slot {
                    ty: b,
                    pointer: &new.pointer,
                },
                usage,
            ),
            (a, b) => {
                let wo = self.old.doc.wire_sig(&old.pointer).unwrap_or_default();
                let wn = self.new.doc.wire_sig(&new.pointer).unwrap_or_default();
                self.push(
                    Impact::Breaking,
                    ChangeKind::SchemaTypeChanged,
                    loc,
                    &new.pointer,
                    format!(
                        "`{wo}` → `{wn}` (Rust {} `{}` → {} `{}`)",
                        shape(a),
                        old.name,
                        shape(b),
                        new.name
                    ),
                );
                return;
            }
        }
        if !lost.is_empty() {
            self.push(
                Impact::Breaking,
                ChangeKind::DerivesChanged,
                loc,
                &new.pointer,
                format!("`{}` no longer derives {}", new.name, lost.join(", ")),
            );
        }
        if !gained.is_empty() {
            self.push(
                Impact::Additive,
                ChangeKind::DerivesChanged,
                loc,
                &new.pointer,
                format!("`{}` now derives {}", new.name, gained.join(", ")),
            );
        }
    }

    /// Fields of a struct on both sides, each with the IR's usage of its type (which decides,
    /// as in the emitter, whether a read-only field has a setter).
    fn fields(
        &mut self,
        loc: &str,
        (old, old_usage): (&StructDef, Usage),
        (new, new_usage): (&StructDef, Usage),
        usage: Usage,
    ) {
        for f in &new.fields {
            let floc = format!("{loc}.{}", f.wire_name);
            let Some(o) = old.fields.iter().find(|o| o.wire_name == f.wire_name) else {
                let (impact, detail) = if f.required {
                    (
                        Impact::Breaking,
                        format!(
                            "required field `{}`: `new` gains an argument (type {})",
                            f.name,
                            usage_label(usage)
                        ),
                    )
                } else {
                    (Impact::Additive, "optional field".to_owned())
                };
                self.push(impact, ChangeKind::PropertyAdded, &floc, &f.pointer, detail);
                continue;
            };
            if o.name != f.name {
                self.push(
                    Impact::Breaking,
                    ChangeKind::Renamed,
                    &floc,
                    &f.pointer,
                    format!(
                        "field `{}` → `{}` (the generator renamed it to keep names unique)",
                        o.name, f.name
                    ),
                );
            }
            if o.boxed != f.boxed {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyTypeChanged,
                    &floc,
                    &f.pointer,
                    if f.boxed {
                        "now `Box`ed (it closes a containment cycle)"
                    } else {
                        "no longer `Box`ed"
                    }
                    .into(),
                );
            }
            self.slot(
                ChangeKind::PropertyTypeChanged,
                (&floc, &floc),
                Slot {
                    ty: &o.ty,
                    pointer: &o.pointer,
                },
                Slot {
                    ty: &f.ty,
                    pointer: &f.pointer,
                },
                usage,
            );
            if o.required != f.required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyRequiredChanged,
                    &floc,
                    &f.pointer,
                    if f.required {
                        "optional → required (`Option<T>` → `T`, `new` gains an argument)"
                    } else {
                        "required → optional (`T` → `Option<T>`, `new` loses an argument)"
                    }
                    .into(),
                );
            }
            // A server-set field has no setter on a type requests carry (the emitter's rule):
            // a flip there adds or removes `with_*`; elsewhere it only changes the docs.
            let (had, has) = (has_setter(o, old_usage), has_setter(f, new_usage));
            // (A type that stops being sent gains setters for its read-only fields: additive,
            // and not about the field, so not reported; one that starts being sent loses them.)
            if o.read_only != f.read_only || (had && !has) {
                let setter = setter_name(f);
                let (impact, detail) = match (had, has) {
                    (true, false) => (
                        Impact::Breaking,
                        format!("now read-only on a type requests carry: `{setter}` disappears"),
                    ),
                    (false, true) => (
                        Impact::Additive,
                        format!("no longer read-only on a type requests carry: a new `{setter}`"),
                    ),
                    _ if f.read_only => (Impact::None, "now read-only (docs)".to_owned()),
                    _ => (Impact::None, "no longer read-only (docs)".to_owned()),
                };
                self.push(
                    impact,
                    ChangeKind::PropertyReadOnlyChanged,
                    &floc,
                    &f.pointer,
                    detail,
                );
            }
            if !o.deprecated && f.deprecated {
                self.push(
                    Impact::Additive,
                    ChangeKind::PropertyDeprecated,
                    &floc,
                    &f.pointer,
                    "now `#[deprecated]`".into(),
                );
            }
        }
        for o in &old.fields {
            if !new.fields.iter().any(|f| f.wire_name == o.wire_name) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyRemoved,
                    &format!("{loc}.{}", o.wire_name),
                    &o.pointer,
                    format!("field `{}` removed", o.name),
                );
            }
        }
    }

    fn variants(&mut self, loc: &str, pointer: &str, old: &EnumDef, new: &EnumDef) {
        let ptr = format!("{pointer}/enum");
        for v in &new.variants {
            match old.variants.iter().find(|o| o.wire == v.wire) {
                None => self.push(
                    Impact::Additive,
                    ChangeKind::EnumValueAdded,
                    loc,
                    &ptr,
                    format!(
                        "value {:?}: a new variant `{}` (older crates decode it into the catch-all)",
                        v.wire, v.name
                    ),
                ),
                Some(o) if o.name != v.name => self.push(
                    Impact::Breaking,
                    ChangeKind::Renamed,
                    loc,
                    &ptr,
                    format!(
                        "value {:?}: variant `{}` → `{}` (renamed to keep names unique)",
                        v.wire, o.name, v.name
                    ),
                ),
                Some(_) => {}
            }
        }
        for o in &old.variants {
            if !new.variants.iter().any(|v| v.wire == o.wire) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::EnumValueRemoved,
                    loc,
                    &ptr,
                    format!("value {:?}: variant `{}` disappears", o.wire, o.name),
                );
            }
        }
        if old.unknown != new.unknown {
            self.push(
                Impact::Breaking,
                ChangeKind::Renamed,
                loc,
                &ptr,
                format!("catch-all variant `{}` → `{}`", old.unknown, new.unknown),
            );
        }
    }
}
