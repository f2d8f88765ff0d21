//! Per-item isolation: a defect in one operation or schema leaves that item out, never the
//! whole document.
//!
//! Real upstream documents have defects (one operation in ~900 declaring a path parameter its
//! template lacks); refusing the document would leave a maintainer unable to regenerate
//! anything until Genesys fixes it. So lowering attributes every diagnostic to the item being
//! lowered when it was raised:
//!
//! - a **component schema** with a diagnostic cannot be expressed: it is not emitted, with the
//!   inline types declared inside it. Nor is any type that contains it (a field, an item, an
//!   alias target), since that type would not compile without it. A cycle of bare `$ref`s that
//!   never reaches a type is such a defect too. Schemas left out are listed in
//!   [`crate::Output::skipped`]; a defective schema no operation reaches is listed all the same.
//! - an **operation** with a diagnostic, or whose parameters, body or response reach a schema
//!   left out, is skipped with the types declared for it.
//!
//! Whole-document problems (not JSON, wrong shape at the root, unsupported version) stay errors.

use super::Lowering;
use crate::diag::{Diagnostic, JsonPointer};
use crate::ir::{TypeKind, TypeRef};
use crate::{Skipped, SkippedKind};
use std::collections::{BTreeMap, BTreeSet};

/// A component schema that cannot be expressed, and why.
pub(crate) struct BrokenSchema {
    pub wire: String,
    pub pointer: JsonPointer,
    pub reason: String,
}

/// Where lowering stood before an item: diagnostics and types raised after it belong to the item.
#[derive(Clone, Copy)]
pub(crate) struct Mark {
    diags: usize,
    created: usize,
}

impl Lowering<'_> {
    pub fn mark(&self) -> Mark {
        Mark {
            diags: self.diags.len(),
            created: self.created.len(),
        }
    }

    /// The diagnostics raised since `mark`, taken out of the document's list.
    pub fn take_diags(&mut self, mark: Mark) -> Vec<Diagnostic> {
        self.diags.split_off(mark.diags.min(self.diags.len()))
    }

    /// The types declared since `mark`.
    pub fn created_since(&self, mark: Mark) -> Vec<String> {
        self.created
            .get(mark.created..)
            .unwrap_or_default()
            .to_vec()
    }

    /// Drops the types declared since `mark` (an operation left out takes its inline types).
    pub fn drop_created(&mut self, mark: Mark) {
        for name in self.created.split_off(mark.created.min(self.created.len())) {
            self.types.remove(&name);
        }
    }

    /// Records an operation left out.
    pub fn skip_operation(&mut self, name: &str, pointer: &JsonPointer, reason: String) {
        self.skipped.push(Skipped {
            pointer: pointer.clone(),
            kind: SkippedKind::Operation,
            name: name.to_owned(),
            reason,
        });
    }

    /// After lowering component `name` (declared since `mark`): a diagnostic makes it, and
    /// everything declared with it, unexpressible.
    pub fn settle_schema(&mut self, mark: Mark, name: &str, wire: &str, pointer: &JsonPointer) {
        let diags = self.take_diags(mark);
        if diags.is_empty() {
            return;
        }
        for created in self.created_since(mark) {
            self.broken.insert(created, name.to_owned());
        }
        self.broken.insert(name.to_owned(), name.to_owned());
        // An inline merge is lowered after its component (see `all_of`): its reasons add up.
        let why = reason(&diags, pointer);
        match self.broken_roots.get_mut(name) {
            Some(b) => {
                b.reason.push_str("; ");
                b.reason.push_str(&why);
            }
            None => {
                self.broken_roots.insert(
                    name.to_owned(),
                    BrokenSchema {
                        wire: wire.to_owned(),
                        pointer: pointer.clone(),
                        reason: why,
                    },
                );
            }
        }
    }

    /// Why an operation that reaches `ty` cannot be generated, if it reaches a schema left out.
    pub fn reaches_broken(&self, refs: &[&TypeRef], created: &[String]) -> Option<String> {
        let mut names = Vec::new();
        for r in refs {
            r.named(&mut names);
        }
        for t in created.iter().filter_map(|n| self.types.get(n)) {
            named_in(&t.kind, &mut names);
        }
        let root = names.iter().find_map(|n| self.broken.get(n))?;
        let b = self.broken_roots.get(root)?;
        Some(format!(
            "it reaches schema '{}' ({}), which cannot be generated: {}",
            b.wire, b.pointer, b.reason
        ))
    }
}

/// Every named type a type's definition mentions.
fn named_in(kind: &TypeKind, out: &mut Vec<String>) {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| f.ty.named(out)),
        TypeKind::Alias(r) | TypeKind::Newtype(r) => r.named(out),
        TypeKind::Enum(_) => {}
    }
}

/// The reason of an item's skip: its diagnostics, each with its own pointer when it lies below
/// the item's.
pub(crate) fn reason(diags: &[Diagnostic], item: &JsonPointer) -> String {
    let mut diags = diags.to_vec();
    diags.sort();
    diags.dedup();
    diags
        .iter()
        .map(|d| {
            if d.pointer == *item {
                d.message.clone()
            } else {
                d.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// After every component is lowered: pure `$ref` cycles are defects too; then every type that
/// contains a broken one is broken (it would not compile), and all of them leave the model.
pub(crate) fn settle_schemas(cx: &mut Lowering<'_>) {
    for name in crate::ir::cycles::recursive_aliases(&mut cx.types, &mut cx.work.graph_steps) {
        let Some(t) = cx.types.get(&name) else {
            continue;
        };
        let pointer = JsonPointer::parse(&t.pointer);
        let reason = format!(
            "schema '{}' is a cycle of $refs that never reaches a type",
            t.wire_name
        );
        cx.broken.insert(name.clone(), name.clone());
        cx.broken_roots.insert(
            name,
            BrokenSchema {
                wire: t.wire_name.clone(),
                pointer,
                reason,
            },
        );
    }
    if cx.broken.is_empty() {
        return;
    }
    // Reverse edges: type → the types that mention it.
    let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut names = Vec::new();
    for (name, t) in &cx.types {
        names.clear();
        named_in(&t.kind, &mut names);
        for n in names.iter().collect::<BTreeSet<_>>() {
            if let Some((key, _)) = cx.types.get_key_value(n.as_str()) {
                users.entry(key.as_str()).or_default().push(name.as_str());
            }
        }
    }
    let mut queue: Vec<(String, String)> = cx
        .broken
        .iter()
        .map(|(n, root)| (n.clone(), root.clone()))
        .collect();
    let mut reached: BTreeMap<String, String> = BTreeMap::new();
    while let Some((name, root)) = queue.pop() {
        for user in users.get(name.as_str()).into_iter().flatten() {
            if !cx.broken.contains_key(*user) && !reached.contains_key(*user) {
                reached.insert((*user).to_owned(), root.clone());
                queue.push(((*user).to_owned(), root.clone()));
            }
        }
    }
    cx.broken.extend(reached);

    let components: BTreeSet<&String> = cx.schema_names.values().collect();
    let mut skipped = Vec::new();
    for (name, root) in &cx.broken {
        let Some(t) = cx.types.get(name) else {
            continue;
        };
        if !components.contains(name) {
            continue;
        }
        let reason = match cx.broken_roots.get(name) {
            Some(own) => own.reason.clone(),
            None => match cx.broken_roots.get(root) {
                Some(b) => format!(
                    "it contains schema '{}' ({}), which cannot be generated: {}",
                    b.wire, b.pointer, b.reason
                ),
                None => continue,
            },
        };
        skipped.push(Skipped {
            pointer: JsonPointer::parse(&t.pointer),
            kind: SkippedKind::Schema,
            name: t.wire_name.clone(),
            reason,
        });
    }
    cx.skipped.extend(skipped);
    for name in cx.broken.keys() {
        cx.types.remove(name);
    }
}
