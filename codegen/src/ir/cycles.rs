//! Containment cycles: a struct that contains itself by value (directly or through other
//! structs) has infinite size, so exactly the edges that close such a cycle get a `Box`.
//! Edges through `Vec` or maps already allocate and are never boxed.

use super::{TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Marks `Field::boxed` on every field that closes a containment cycle, and returns
/// the boxed fields as `(type, field)` pairs (for reporting).
pub fn break_cycles(types: &mut BTreeMap<String, super::TypeDef>) -> Vec<(String, String)> {
    // Direct (by-value) edges: struct field → the type it holds, seen through aliases
    // (`type Z = X;`), so a cycle closed through an alias boxes a field too.
    fn through_aliases(types: &BTreeMap<String, super::TypeDef>, name: &str) -> String {
        let mut name = name;
        let mut seen = BTreeSet::new();
        while let Some(TypeKind::Alias(TypeRef::Named(next))) = types.get(name).map(|t| &t.kind) {
            if !seen.insert(name) {
                break;
            }
            name = next;
        }
        name.to_owned()
    }
    let edges: BTreeMap<String, Vec<(usize, String)>> = types
        .iter()
        .map(|(name, t)| {
            let out = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .enumerate()
                    .filter_map(|(i, f)| {
                        f.ty.direct_named().map(|n| (i, through_aliases(types, n)))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (name.clone(), out)
        })
        .collect();

    let mut boxed: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    for root in edges.keys() {
        if done.contains(root) {
            continue;
        }
        // Iterative DFS so a 200-deep schema chain cannot overflow the stack.
        let mut on_stack: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<(String, usize)> = vec![(root.clone(), 0)];
        on_stack.insert(root.clone());
        while let Some((node, next)) = stack.last_mut() {
            let out = edges.get(node.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            if let Some((field, target)) = out.get(*next) {
                *next += 1;
                let from = node.clone();
                if boxed.contains(&(from.clone(), *field)) {
                    continue;
                }
                if on_stack.contains(target) {
                    boxed.insert((from, *field));
                } else if !done.contains(target) {
                    on_stack.insert(target.clone());
                    stack.push((target.clone(), 0));
                }
            } else {
                on_stack.remove(node.as_str());
                done.insert(node.clone());
                stack.pop();
            }
        }
    }

    let mut report = Vec::new();
    for (name, field) in boxed {
        if let Some(TypeKind::Struct(s)) = types.get_mut(&name).map(|t| &mut t.kind) {
            if let Some(f) = s.fields.get_mut(field) {
                f.boxed = true;
                report.push((name.clone(), f.wire_name.clone()));
            }
        }
    }
    report
}

/// Aliases that refer to themselves (`A = Vec<A>`, `A = Map<B>`, `B = Vec<A>`) would be
/// infinite type aliases: they become newtypes. A cycle of bare references with no collection
/// on the way (`A = B`, `B = A`) describes no value at all and is returned as an error list.
pub fn recursive_aliases(types: &mut BTreeMap<String, super::TypeDef>) -> Vec<String> {
    fn alias_edges(t: &TypeRef, direct: bool, out: &mut Vec<(String, bool)>) {
        match t {
            TypeRef::Named(n) => out.push((n.clone(), direct)),
            TypeRef::Vec(i) | TypeRef::Map(i) => alias_edges(i, false, out),
            TypeRef::Primitive(_) => {}
        }
    }
    let edges: BTreeMap<String, Vec<(String, bool)>> = types
        .iter()
        .filter_map(|(name, t)| match &t.kind {
            TypeKind::Alias(r) => {
                let mut out = Vec::new();
                alias_edges(r, true, &mut out);
                Some((name.clone(), out))
            }
            _ => None,
        })
        .collect();
    let mut to_newtype = Vec::new();
    let mut pure = Vec::new();
    for start in edges.keys() {
        // Search alias-only paths back to `start`, remembering whether any hop was indirect.
        let mut seen: BTreeSet<(String, bool)> = BTreeSet::new();
        let mut stack: Vec<(String, bool)> = edges
            .get(start)
            .into_iter()
            .flatten()
            .map(|(n, d)| (n.clone(), !*d))
            .collect();
        let mut via_collection = None;
        while let Some((node, indirect)) = stack.pop() {
            if node == *start {
                via_collection = Some(via_collection.unwrap_or(false) || indirect);
                if indirect {
                    break;
                }
                continue;
            }
            if !seen.insert((node.clone(), indirect)) {
                continue;
            }
            for (next, direct) in edges.get(&node).into_iter().flatten() {
                stack.push((next.clone(), indirect || !*direct));
            }
        }
        match via_collection {
            Some(true) => to_newtype.push(start.clone()),
            Some(false) => pure.push(start.clone()),
            None => {}
        }
    }
    for name in to_newtype {
        if let Some(t) = types.get_mut(&name) {
            if let TypeKind::Alias(r) = &t.kind {
                t.kind = TypeKind::Newtype(r.clone());
            }
        }
    }
    pure
}
