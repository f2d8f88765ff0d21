//! One type per distinct inline enum, under a name that says what it holds.
//!
//! Genesys declares the same value list inline again and again (a `localeCode` query parameter
//! on two operations, `transferType` on five transfer events). Lowering names each inline enum
//! after its parent and field, so identical lists became distinct types users had to convert
//! between. This pass, run once after lowering:
//! - merges inline enums with the same set of values into one type (component schemas keep
//!   their own names: the API names them);
//! - names the merged type after the field they share when that is specific enough
//!   (`transferType` → `TransferType`, `localeCode` → `LocaleCode`); a one-word field (`status`)
//!   is prefixed with the longest run of words all parents share (`RoutingStatus…`), or stands
//!   alone when they share none (`Group.state` and `User.state` → `State`);
//! - removes stutter where a parent's last word starts the field's name (`RoutingStatus` +
//!   `status` is `RoutingStatusValue`, not `RoutingStatusStatus`).
//!
//! Names depend only on the group's own members and on names already taken, and groups are
//! visited in a fixed order, so output is stable across runs. A candidate that is taken falls
//! back to the old name of a member, which is never a silent merge with an unrelated type.

use super::naming::{snake, Scope};
use super::{Docs, Fact, FileId, Tag, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Merges identical inline enums and renames stuttering ones; rewrites every reference.
/// Returns the renames (old name → new name), for reports and the changelog.
pub fn inline_enums(
    types: &mut BTreeMap<String, TypeDef>,
    tags: &mut [Tag],
    type_scope: &mut Scope,
    file_scope: &mut Scope,
) -> BTreeMap<String, String> {
    // Inline enums grouped by their sorted set of values.
    let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for t in types.values() {
        let TypeKind::Enum(e) = &t.kind else { continue };
        if !is_inline(t) {
            continue;
        }
        let mut key: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
        key.sort();
        groups.entry(key).or_default().push(t.name.clone());
    }
    let mut groups: Vec<Vec<String>> = groups.into_values().collect();
    groups.sort();

    let mut renames = BTreeMap::new();
    for members in groups {
        let origins: Vec<(String, String, String)> = members
            .iter()
            .filter_map(|m| types.get(m))
            .map(|t| {
                let field = t.wire_name.rsplit('.').next().unwrap_or_default();
                let field = super::naming::pascal(field, "Value");
                let parent = t
                    .name
                    .strip_suffix(&field)
                    .filter(|p| !p.is_empty())
                    .unwrap_or(&t.name)
                    .to_owned();
                (parent, field, t.wire_name.clone())
            })
            .collect();
        let free = |c: &str, scope: &Scope| !scope.contains(c) || members.iter().any(|m| m == c);
        let candidate = candidate(&origins, &members);
        let name = match candidate {
            Some(c) if free(&c, type_scope) => c,
            _ => members[0].clone(),
        };
        if members.len() == 1 && name == members[0] {
            continue;
        }
        type_scope.reserve(&name);
        let Some(mut merged) = types.get(&members[0]).cloned() else {
            continue;
        };
        // Prose and deprecation survive only where every member agrees.
        let same_text = members.iter().all(|m| {
            types
                .get(m)
                .is_some_and(|t| t.docs.text == merged.docs.text)
        });
        merged.deprecated = members
            .iter()
            .all(|m| types.get(m).is_some_and(|t| t.deprecated));
        for m in &members {
            types.remove(m);
            if *m != name {
                renames.insert(m.clone(), name.clone());
            }
        }
        merged.name = name.clone();
        if members.len() > 1 {
            merged.wire_name = origins
                .iter()
                .map(|o| o.2.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            merged.file = FileId::Model(file_scope.claim(&snake(&name, "model")));
            let places = origins.iter().map(|o| o.2.clone()).collect();
            merged.docs = Docs {
                text: merged.docs.text.clone().filter(|_| same_text),
                facts: merged
                    .docs
                    .facts
                    .iter()
                    .filter(|f| !matches!(f, Fact::Inline(_)))
                    .cloned()
                    .chain(std::iter::once(Fact::Inline(places)))
                    .collect(),
            };
        }
        types.insert(name, merged);
    }
    if !renames.is_empty() {
        rewrite(types, tags, &renames);
    }
    renames
}

/// A component schema sits at `/components/schemas/<name>`; anything deeper or elsewhere was
/// declared inline.
fn is_inline(t: &TypeDef) -> bool {
    let pointer = t.pointer.strip_prefix('#').unwrap_or(&t.pointer);
    match pointer.strip_prefix("/components/schemas/") {
        Some(rest) => rest.contains('/'),
        None => true,
    }
}

/// PascalCase words (`RoutingStatus` → `Routing`, `Status`).
fn words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&s[start..i]);
            start = i;
        }
    }
    if !s.is_empty() {
        out.push(&s[start..]);
    }
    out
}

/// `parent` + `field` without repeating the word where they meet; `None` if nothing repeats.
fn destutter(parent: &str, field: &str) -> Option<String> {
    let p = words(parent);
    let f = words(field);
    (p.last().is_some() && p.last() == f.first()).then(|| {
        let joined: String = p.iter().chain(&f[1..]).copied().collect();
        if joined == parent {
            format!("{parent}Value")
        } else {
            joined
        }
    })
}

/// The longest run of consecutive words that every name contains.
fn common_run(names: &[&str]) -> String {
    let split: Vec<Vec<&str>> = names.iter().map(|n| words(n)).collect();
    let Some(first) = split.first() else {
        return String::new();
    };
    let mut best: &[&str] = &[];
    for i in 0..first.len() {
        for j in (i + 1..=first.len()).rev() {
            let run = &first[i..j];
            if run.len() <= best.len() {
                break;
            }
            if split[1..]
                .iter()
                .all(|w| w.windows(run.len()).any(|x| x == run))
            {
                best = run;
            }
        }
    }
    best.concat()
}

/// The name a group should have, before checking it is free.
fn candidate(origins: &[(String, String, String)], members: &[String]) -> Option<String> {
    let (parent, field, _) = origins.first()?;
    if origins.len() == 1 {
        return destutter(parent, field);
    }
    if origins.iter().any(|o| o.1 != *field) {
        // Different fields with the same values: the first member's name, de-stuttered.
        return members.first().cloned();
    }
    if words(field).len() >= 2 {
        return Some(field.clone());
    }
    let parents: Vec<&str> = origins.iter().map(|o| o.0.as_str()).collect();
    let run = common_run(&parents);
    if run.is_empty() {
        // Unrelated parents (`Group.state`, `User.state`): the field alone says what it is;
        // any one parent's name would mislabel the others.
        return Some(field.clone());
    }
    Some(destutter(&run, field).unwrap_or_else(|| format!("{run}{field}")))
}

fn rewrite(
    types: &mut BTreeMap<String, TypeDef>,
    tags: &mut [Tag],
    renames: &BTreeMap<String, String>,
) {
    // Docs hold no type names (emitters render facts from the types), so only types change.
    fn fix(t: &mut TypeRef, renames: &BTreeMap<String, String>) {
        match t {
            TypeRef::Named(n) => {
                if let Some(new) = renames.get(n) {
                    n.clone_from(new);
                }
            }
            TypeRef::Vec(t) | TypeRef::Map(t) => fix(t, renames),
            TypeRef::Primitive(_) => {}
        }
    }
    for t in types.values_mut() {
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    fix(&mut f.ty, renames);
                }
                if let Some(listing) = &mut s.listing {
                    fix(&mut listing.item, renames);
                }
            }
            TypeKind::Alias(r) | TypeKind::Newtype(r) => fix(r, renames),
            TypeKind::Enum(_) => {}
        }
    }
    for op in tags.iter_mut().flat_map(|t| &mut t.operations) {
        for p in &mut op.params {
            fix(&mut p.ty, renames);
        }
        if let Some(b) = &mut op.body {
            fix(&mut b.ty, renames);
        }
        if let Some(r) = &mut op.response.ty {
            fix(r, renames);
        }
        if let Some(p) = &mut op.pagination {
            fix(&mut p.item, renames);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_runs() {
        assert_eq!(words("RoutingStatus"), ["Routing", "Status"]);
        assert_eq!(
            common_run(&["RoutingStatus", "UserRoutingStatusEvent"]),
            "RoutingStatus"
        );
        assert_eq!(common_run(&["Group", "User"]), "");
        assert_eq!(
            destutter("RoutingStatus", "Status").as_deref(),
            Some("RoutingStatusValue")
        );
        assert_eq!(
            destutter("OrderStatus", "StatusCode").as_deref(),
            Some("OrderStatusCode")
        );
        assert_eq!(destutter("User", "State"), None);
    }
}
