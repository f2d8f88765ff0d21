//! Containment cycles: a struct that contains itself by value (directly or through other
//! structs) has infinite size, so exactly the edges that close such a cycle get a `Box`.
//! Edges through `Vec` or maps already allocate and are never boxed.
//!
//! Both passes cost time linear in the number of types and references (they count their steps
//! into `steps`, which the linear-growth tests read).

use super::{TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What `name` is once aliases of a bare name (`type Z = X;`) are followed, memoized so a chain
/// of N aliases costs N steps in all, not N per use.
fn through_aliases<'t>(
    types: &'t BTreeMap<String, super::TypeDef>,
    memo: &mut HashMap<&'t str, &'t str>,
    name: &'t str,
    steps: &mut u64,
) -> &'t str {
    let mut path = Vec::new();
    let mut seen = BTreeSet::new();
    let mut at = name;
    let end = loop {
        *steps += 1;
        if let Some(&end) = memo.get(at) {
            break end;
        }
        match types.get(at).map(|t| &t.kind) {
            Some(TypeKind::Alias(TypeRef::Named(next))) if seen.insert(at) => {
                path.push(at);
                at = next;
            }
            _ => break at,
        }
    };
    for p in path {
        memo.insert(p, end);
    }
    end
}

/// Marks `Field::boxed` on every field that closes a containment cycle, and returns
/// the boxed fields as `(type, field)` pairs (for reporting).
pub fn break_cycles(
    types: &mut BTreeMap<String, super::TypeDef>,
    steps: &mut u64,
) -> Vec<(String, String)> {
    // Direct (by-value) edges: struct field → the type it holds, seen through aliases
    // (`type Z = X;`), so a cycle closed through an alias boxes a field too.
    let mut memo = HashMap::new();
    let edges: BTreeMap<String, Vec<(usize, String)>> = types
        .iter()
        .map(|(name, t)| {
            let out = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .enumerate()
                    .filter_map(|(i, f)| {
                        let n = f.ty.direct_named()?;
                        Some((i, through_aliases(types, &mut memo, n, steps).to_owned()))
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
            *steps += 1;
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
///
/// An alias is on such a cycle exactly when its strongly connected component of the alias
/// graph is cyclic; the cycle goes through a collection when some edge inside the component
/// does (a closed walk through any two members of a component exists).
pub fn recursive_aliases(
    types: &mut BTreeMap<String, super::TypeDef>,
    steps: &mut u64,
) -> Vec<String> {
    fn alias_edges(t: &TypeRef, direct: bool, out: &mut Vec<(String, bool)>) {
        match t {
            TypeRef::Named(n) => out.push((n.clone(), direct)),
            TypeRef::Vec(i) | TypeRef::Map(i) => alias_edges(i, false, out),
            TypeRef::Primitive(_) => {}
        }
    }
    let aliases: Vec<(String, Vec<(String, bool)>)> = types
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
    let index: HashMap<&str, usize> = aliases
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    let graph: Vec<Vec<(usize, bool)>> = aliases
        .iter()
        .map(|(_, out)| {
            out.iter()
                .filter_map(|(n, direct)| index.get(n.as_str()).map(|&j| (j, *direct)))
                .collect()
        })
        .collect();
    let component = components(&graph, steps);
    let count = component.iter().max().map_or(0, |m| m + 1);
    let mut cyclic = vec![false; count];
    let mut indirect = vec![false; count];
    for (from, out) in graph.iter().enumerate() {
        for &(to, direct) in out {
            *steps += 1;
            let c = component[from];
            if component[to] == c {
                cyclic[c] = true;
                indirect[c] |= !direct;
            }
        }
    }
    let mut pure = Vec::new();
    for (i, (name, _)) in aliases.iter().enumerate() {
        let c = component[i];
        if !cyclic[c] {
            continue;
        }
        if !indirect[c] {
            pure.push(name.clone());
        } else if let Some(t) = types.get_mut(name) {
            if let TypeKind::Alias(r) = &t.kind {
                t.kind = TypeKind::Newtype(r.clone());
            }
        }
    }
    pure
}

/// Strongly connected components (Tarjan's algorithm with an explicit stack): the component
/// number of each node.
fn components(graph: &[Vec<(usize, bool)>], steps: &mut u64) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some((v, edge)) = calls.last_mut() {
            let v = *v;
            *steps += 1;
            if let Some(&(w, _)) = graph[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
