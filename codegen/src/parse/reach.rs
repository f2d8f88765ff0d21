//! Which tags reach each type ([`Reach`]): the one place the generated crate's per-tag cargo
//! features are derived from. Emitters gate each model file, tag module, mock module and
//! batch-event impl by it; `diff` compares it. Computed once, after every type exists
//! (inline enums merged), so a type shared by several tags compiles with any of them.
//!
//! Roots per tag: the parameter, body and success-response types of its operations. Types
//! notification topics carry, types error responses name (every tag's concern) and types
//! nothing reaches are [`Reach::Always`]: compiled whatever features are on.

use crate::ir::{FileId, NotificationTopic, Reach, Tag, TypeDef};
use std::collections::BTreeMap;

/// Sets [`TypeDef::reach`] on every type.
pub(crate) fn mark(
    tags: &[Tag],
    topics: &[NotificationTopic],
    error_roots: &[String],
    types: &mut BTreeMap<String, TypeDef>,
    steps: &mut u64,
) {
    // `None`: not reached yet.
    let mut reach: BTreeMap<String, Option<Reach>> =
        types.keys().map(|k| (k.clone(), None)).collect();
    for tag in tags {
        let mut roots = Vec::new();
        for op in &tag.operations {
            op.request_roots(&mut roots);
            op.response_roots(&mut roots);
        }
        let this = Reach::Tags(vec![tag.module.clone()]);
        close(types, &mut reach, roots, &this, steps);
    }
    let mut always = error_roots.to_vec();
    super::topics::payload_roots(topics, &mut always);
    close(types, &mut reach, always, &Reach::Always, steps);
    // Nothing reaches it: kept, whatever features are on.
    for slot in reach.values_mut() {
        slot.get_or_insert(Reach::Always);
    }
    same_per_file(types, &mut reach, steps);
    for (name, t) in types.iter_mut() {
        t.reach = reach.remove(name).flatten().unwrap_or(Reach::Always);
    }
}

/// A `models/` file compiles as a whole (one `mod` line), so every type in it gets the
/// union of their reaches, and what those types reach grows with them, until nothing changes.
fn same_per_file(
    types: &BTreeMap<String, TypeDef>,
    reach: &mut BTreeMap<String, Option<Reach>>,
    steps: &mut u64,
) {
    loop {
        let mut per_file: BTreeMap<&FileId, Reach> = BTreeMap::new();
        for (name, t) in types {
            let r = reach.get(name).cloned().flatten().unwrap_or(Reach::Always);
            per_file
                .entry(&t.file)
                .and_modify(|acc| *acc = acc.union(&r))
                .or_insert(r);
        }
        let mut changed = false;
        for (name, t) in types {
            let file = &per_file[&t.file];
            if reach.get(name).cloned().flatten().as_ref() != Some(file) {
                changed = true;
                close(types, reach, vec![name.clone()], file, steps);
            }
        }
        if !changed {
            break;
        }
    }
}

/// Adds `add` to the reach of everything reachable from `todo`. A type is revisited only
/// when its reach grows, so each tag walks each type at most once.
fn close(
    types: &BTreeMap<String, TypeDef>,
    reach: &mut BTreeMap<String, Option<Reach>>,
    mut todo: Vec<String>,
    add: &Reach,
    steps: &mut u64,
) {
    while let Some(name) = todo.pop() {
        *steps += 1;
        let (Some(t), Some(slot)) = (types.get(&name), reach.get_mut(&name)) else {
            continue;
        };
        let grown = match slot {
            None => add.clone(),
            Some(r) => r.union(add),
        };
        if slot.as_ref() == Some(&grown) {
            continue;
        }
        *slot = Some(grown);
        t.kind.named(&mut todo);
    }
}
