//! Which path templates shadow an operation: templates of the same method that a request of
//! the operation could also match and that own such a request, because at the first segment
//! where one has a parameter and the other a literal, theirs is the literal
//! (`…/presences/purecloud` over `…/presences/{sourceId}`). The mock server routes by it.
//!
//! Derived once for the whole document through one trie of segments per method, so the cost
//! follows the templates a query can actually match: comparing every operation with every
//! other one (as the mock emitter once did) made this pass quadratic in the operations.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{HttpMethod, Tag};

/// A path segment: `Some(literal)` or `None` for a `{parameter}`.
fn segments(path: &str) -> Vec<Option<&str>> {
    path.split('/')
        .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then_some(s))
        .collect()
}

/// Templates sharing their first segments share the path to their node.
#[derive(Default)]
struct Node<'a> {
    literals: HashMap<&'a str, Node<'a>>,
    param: Option<Box<Node<'a>>>,
    /// Templates ending here.
    templates: Vec<&'a str>,
}

impl<'a> Node<'a> {
    fn insert(&mut self, path: &'a str) {
        let mut node = self;
        for segment in segments(path) {
            node = match segment {
                Some(literal) => node.literals.entry(literal).or_default(),
                None => node.param.get_or_insert_with(Box::default),
            };
        }
        node.templates.push(path);
    }

    /// Collects the templates below this node that shadow `mine[i..]`; `differed` tells
    /// whether an earlier segment already was a parameter in `mine` and a literal in theirs.
    fn shadowing(&self, mine: &[Option<&str>], differed: bool, out: &mut Vec<&'a str>) {
        let Some((segment, rest)) = mine.split_first() else {
            if differed {
                out.extend(&self.templates);
            }
            return;
        };
        match segment {
            Some(literal) => {
                // Two literals must be equal; a parameter of theirs facing a literal of mine
                // is allowed only after the first difference went their way.
                if let Some(child) = self.literals.get(literal) {
                    child.shadowing(rest, differed, out);
                }
                if differed {
                    if let Some(param) = &self.param {
                        param.shadowing(rest, true, out);
                    }
                }
            }
            None => {
                if let Some(param) = &self.param {
                    param.shadowing(rest, differed, out);
                }
                for child in self.literals.values() {
                    child.shadowing(rest, true, out);
                }
            }
        }
    }
}

/// For every operation (by operationId) the templates that shadow it, sorted; operations no
/// template shadows are left out.
pub(super) fn shadowing(tags: &[Tag]) -> BTreeMap<String, Vec<String>> {
    let operations = || tags.iter().flat_map(|t| &t.operations);
    let mut tries: BTreeMap<HttpMethod, Node<'_>> = BTreeMap::new();
    for o in operations() {
        tries.entry(o.method).or_default().insert(o.path.as_str());
    }
    let mut out = BTreeMap::new();
    let mut found = Vec::new();
    for o in operations() {
        let Some(trie) = tries.get(&o.method) else {
            continue;
        };
        found.clear();
        trie.shadowing(&segments(o.path.as_str()), false, &mut found);
        if found.is_empty() {
            continue;
        }
        let mut templates: Vec<String> = found.iter().map(|t| (*t).to_owned()).collect();
        templates.sort();
        templates.dedup();
        out.insert(o.operation_id.clone(), templates);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, pair by pair: what the trie must agree with.
    fn shadows(mine: &str, theirs: &str) -> bool {
        let (mine, theirs) = (segments(mine), segments(theirs));
        if mine.len() != theirs.len() {
            return false;
        }
        let mut first = None;
        for (a, b) in mine.iter().zip(&theirs) {
            match (a, b) {
                (Some(x), Some(y)) if x != y => return false,
                (None, Some(_)) if first.is_none() => first = Some(true),
                (Some(_), None) if first.is_none() => first = Some(false),
                _ => {}
            }
        }
        first == Some(true)
    }

    #[test]
    fn the_trie_agrees_with_the_pairwise_definition() {
        let paths = [
            "/api/v2/users/{userId}/presences/{sourceId}",
            "/api/v2/users/{userId}/presences/purecloud",
            "/api/v2/users/me/presences/{sourceId}",
            "/api/v2/users/me/presences/purecloud",
            "/api/v2/users/{userId}",
            "/api/v2/users/me",
            "/api/v2/users/{id}",
            "/api/v2/{area}/me/presences/{x}",
            "/api/v2/{area}/{id}/presences/{x}",
            "/api/v2/users/{userId}/routing/{x}",
            "/api/v2/a{b}/c",
            "/api/v2/a{b}/{c}",
        ];
        let mut root = Node::default();
        for p in paths {
            root.insert(p);
        }
        for mine in paths {
            let mut found = Vec::new();
            root.shadowing(&segments(mine), false, &mut found);
            found.sort_unstable();
            found.dedup();
            let mut expected: Vec<&str> = paths
                .iter()
                .copied()
                .filter(|theirs| *theirs != mine && shadows(mine, theirs))
                .collect();
            expected.sort_unstable();
            assert_eq!(found, expected, "{mine}");
        }
        let mut found = Vec::new();
        root.shadowing(
            &segments("/api/v2/users/{userId}/presences/{sourceId}"),
            false,
            &mut found,
        );
        found.sort_unstable();
        assert_eq!(
            found,
            [
                "/api/v2/users/me/presences/purecloud",
                "/api/v2/users/me/presences/{sourceId}",
                "/api/v2/users/{userId}/presences/purecloud",
            ]
        );
    }
}
