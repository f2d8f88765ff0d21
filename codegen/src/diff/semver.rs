//! The rules: what a change in one place (a field, parameter, body, response or alias target)
//! does to the generated Rust API. Decided on the two IRs, which hold the Rust types the
//! generator emits; the JSON is only read for changes that leave the Rust type as it was
//! (a format the generator maps to the same type, values of a non-string enum): docs.
//!
//! - a Rust type that changes is breaking (`i32` → `i64`, `Vec<UserImage>` → `Vec<Image>`);
//! - inline types (declared inside a schema, parameter or body) are compared by what they hold,
//!   and their Rust name is a fact of its own: a different name is a breaking rename;
//! - a named schema is the same type on both sides when it keeps its Rust name; what is inside
//!   it is compared once, by [`super::schemas`].

use super::{ChangeKind, Differ, Impact};
use crate::diag::JsonPointer;
use crate::ir::Usage;
use crate::ir::{Primitive, TypeDef, TypeKind, TypeRef};

/// A place that holds a type, on one side: the type and the JSON pointer of its schema.
#[derive(Clone, Copy)]
pub(super) struct Slot<'a> {
    pub ty: &'a TypeRef,
    pub pointer: &'a str,
}

/// The Rust type as the generator writes it, for messages.
pub(super) fn rust_str(t: &TypeRef) -> String {
    match t {
        TypeRef::Primitive(p) => match p {
            Primitive::String | Primitive::Binary => "String",
            Primitive::Bool => "bool",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
            Primitive::DateTime => "DateTime<Utc>",
            Primitive::Date => "NaiveDate",
            Primitive::Json => "Value",
        }
        .to_owned(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Vec(t) => format!("Vec<{}>", rust_str(t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", rust_str(t)),
    }
}

/// Declared under `components/schemas` (its own file and name), rather than inline.
pub(super) fn is_component(t: &TypeDef) -> bool {
    t.pointer
        == JsonPointer::root()
            .push("components")
            .push("schemas")
            .push(&t.wire_name)
            .to_string()
}

/// The kind of a type without its contents (`struct`, `enum`…).
pub(super) fn shape(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Newtype(_) => "newtype",
    }
}

fn child(pointer: &str, segment: &str) -> String {
    JsonPointer::parse(pointer).push(segment).to_string()
}

impl Differ<'_> {
    /// Same Rust type on both sides, counting an inline type as the same when it is declared in
    /// the same place with the same shape (its contents and name are compared apart).
    pub(super) fn same_rust(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (old, new) {
            (TypeRef::Primitive(a), TypeRef::Primitive(b)) => a == b,
            (TypeRef::Vec(a), TypeRef::Vec(b)) | (TypeRef::Map(a), TypeRef::Map(b)) => {
                self.same_rust(a, b)
            }
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                match (self.old.ir.get(a), self.new.ir.get(b)) {
                    (Some(x), Some(y)) => match (is_component(x), is_component(y)) {
                        // A renamed schema is still the same type: the rename is reported
                        // once, where the schema is, not at every use.
                        (true, true) => x.wire_name == y.wire_name,
                        (false, false) => shape(&x.kind) == shape(&y.kind),
                        _ => false,
                    },
                    _ => a == b,
                }
            }
            _ => false,
        }
    }

    /// Compares what one slot holds on both sides; `new.pointer` locates the change. A change
    /// of the slot's own type is reported at `loc`, changes inside an inline type at `inner`
    /// (`GET /x` and `GET /x response` for a response).
    pub(super) fn slot(
        &mut self,
        kind: ChangeKind,
        (loc, inner): (&str, &str),
        old: Slot<'_>,
        new: Slot<'_>,
        usage: Usage,
    ) {
        let (ro, rn) = (rust_str(old.ty), rust_str(new.ty));
        let wo = self.old.doc.wire_sig(old.pointer);
        let wn = self.new.doc.wire_sig(new.pointer);
        if !self.same_rust(old.ty, new.ty) {
            let (wo, wn) = (
                wo.unwrap_or_else(|| ro.clone()),
                wn.unwrap_or_else(|| rn.clone()),
            );
            let detail = if wo == ro && wn == rn {
                format!("`{wo}` → `{wn}`")
            } else {
                format!("`{wo}` → `{wn}` (Rust `{ro}` → `{rn}`)")
            };
            self.push(Impact::Breaking, kind, loc, new.pointer, detail);
            return;
        }
        if let (Some(wo), Some(wn)) = (wo, wn) {
            if wo != wn {
                self.push(
                    Impact::None,
                    kind,
                    loc,
                    new.pointer,
                    format!("`{wo}` → `{wn}` (same Rust type `{rn}`)"),
                );
            }
        }
        self.inside(inner, old, new, usage);
    }

    /// Two slots of the same Rust type: compare the inline types inside (fields, variants,
    /// items, map values) and the values of enums that are not Rust enums.
    fn inside(&mut self, loc: &str, old: Slot<'_>, new: Slot<'_>, usage: Usage) {
        match (old.ty, new.ty) {
            (TypeRef::Vec(a), TypeRef::Vec(b)) => {
                let (po, pn) = (child(old.pointer, "items"), child(new.pointer, "items"));
                self.inside(
                    &format!("{loc}[]"),
                    Slot {
                        ty: a,
                        pointer: &po,
                    },
                    Slot {
                        ty: b,
                        pointer: &pn,
                    },
                    usage,
                );
            }
            (TypeRef::Map(a), TypeRef::Map(b)) => {
                let ap = "additionalProperties";
                let (po, pn) = (child(old.pointer, ap), child(new.pointer, ap));
                self.inside(
                    &format!("{loc}{{}}"),
                    Slot {
                        ty: a,
                        pointer: &po,
                    },
                    Slot {
                        ty: b,
                        pointer: &pn,
                    },
                    usage,
                );
            }
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                let (old_ir, new_ir) = (self.old.ir, self.new.ir);
                let (Some(x), Some(y)) = (old_ir.get(a), new_ir.get(b)) else {
                    return;
                };
                if is_component(y) {
                    return;
                }
                if a != b {
                    self.push(
                        Impact::Breaking,
                        ChangeKind::Renamed,
                        loc,
                        new.pointer,
                        format!(
                            "inline type `{a}` → `{b}` (the generator renamed it to keep names unique)"
                        ),
                    );
                }
                self.type_body(loc, x, y, usage);
            }
            (TypeRef::Primitive(_), TypeRef::Primitive(_)) => {
                self.plain_enum_values(loc, old.pointer, new.pointer, &rust_str(new.ty));
            }
            _ => {}
        }
    }

    /// `enum` values of a schema the generator maps to a plain Rust type (`i64`, `bool`): the
    /// Rust API does not change, only the documented set of values.
    fn plain_enum_values(&mut self, loc: &str, old: &str, new: &str, rust: &str) {
        let (Some(vo), Some(vn)) = (self.old.doc.enum_values(old), self.new.doc.enum_values(new))
        else {
            return;
        };
        let ptr = child(new, "enum");
        for v in vn.difference(&vo) {
            self.push(
                Impact::None,
                ChangeKind::EnumValueAdded,
                loc,
                &ptr,
                format!("value {v:?} (not a Rust enum: `{rust}`)"),
            );
        }
        for v in vo.difference(&vn) {
            self.push(
                Impact::None,
                ChangeKind::EnumValueRemoved,
                loc,
                &ptr,
                format!("value {v:?} (not a Rust enum: `{rust}`)"),
            );
        }
    }
}

/// The traits a generated type derives beyond `Clone`, `Debug`, `PartialEq` and serde's.
pub(super) fn derives(t: &TypeDef) -> Vec<&'static str> {
    let mut out = Vec::new();
    let default = match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().all(|f| !f.required),
        TypeKind::Newtype(r) => matches!(r, TypeRef::Vec(_) | TypeRef::Map(_)),
        TypeKind::Enum(_) | TypeKind::Alias(_) => false,
    };
    if default {
        out.push("Default");
    }
    if matches!(t.kind, TypeKind::Struct(_) | TypeKind::Newtype(_)) {
        if t.eq {
            out.push("Eq");
        }
        if t.hash {
            out.push("Hash");
        }
    }
    out
}
