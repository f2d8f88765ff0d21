//! Changes of operations and schemas the generator skips, from the wire facts the IR records
//! for them ([`crate::ir::WireOperation`], [`crate::ir::WireSchema`]).
//!
//! Nothing of a skipped item is in the Rust crate, so its changes have `impact: none`; they
//! are still changes of the API a client talks to, reported *not generated* with their
//! `wire_impact`, judged for a client of the HTTP API:
//!
//! - an operation or schema added, an optional parameter or property added, a required one
//!   made optional, an operation deprecated or undeprecated: additive;
//! - an operation, parameter or property removed, a required parameter, property or body
//!   added, an optional one made required, a property's `required` flipped either way (a
//!   reader may meet it absent, a writer must send it): breaking;
//! - response statuses coming or going: none (as for generated operations).
//!
//! An item generated on one side and skipped on the other is reported by [`super::operations`]
//! and [`super::schemas`] (its Rust method or type appears or goes).

use super::{ChangeKind, Differ, Impact};
use crate::ir::{Api, WireOperation, WireSchema};
use std::collections::{BTreeMap, BTreeSet};

type OpKey<'a> = (&'a str, &'a str);

fn generated_operations(api: &Api) -> BTreeSet<(String, String)> {
    api.tags
        .iter()
        .flat_map(|t| &t.operations)
        .map(|o| (o.method.as_str().to_owned(), o.path.to_string()))
        .collect()
}

fn skipped_operations(api: &Api) -> BTreeMap<OpKey<'_>, &WireOperation> {
    api.skipped_operations
        .iter()
        .map(|o| ((o.method.as_str(), o.path.as_str()), o))
        .collect()
}

fn skipped_schemas(api: &Api) -> BTreeMap<&str, &WireSchema> {
    api.skipped_schemas
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect()
}

fn generated_schemas(api: &Api) -> BTreeSet<&str> {
    api.types
        .values()
        .filter(|t| super::semver::is_component(t))
        .map(|t| t.wire_name.as_str())
        .collect()
}

impl Differ<'_> {
    pub(super) fn not_generated(&mut self) {
        let (old_ir, new_ir) = (self.old.ir, self.new.ir);
        let (old_gen, new_gen) = (generated_operations(old_ir), generated_operations(new_ir));
        let (old_skip, new_skip) = (skipped_operations(old_ir), skipped_operations(new_ir));
        let owned = |(m, p): &OpKey<'_>| ((*m).to_owned(), (*p).to_owned());
        for (key, n) in &new_skip {
            let loc = format!("{} {}", n.method, n.path);
            match old_skip.get(key) {
                Some(o) => self.wire_operation(&loc, o, n),
                None if !old_gen.contains(&owned(key)) => {
                    let why = self.new.skip_reason(&n.pointer).unwrap_or_default();
                    self.push_wire(
                        Impact::Additive,
                        ChangeKind::OperationAdded,
                        &loc,
                        &n.pointer,
                        format!("new operation in the API ({why})"),
                    );
                }
                None => {}
            }
        }
        for (key, o) in &old_skip {
            if !new_skip.contains_key(key) && !new_gen.contains(&owned(key)) {
                self.push_wire(
                    Impact::Breaking,
                    ChangeKind::OperationRemoved,
                    &format!("{} {}", o.method, o.path),
                    &o.pointer,
                    "operation removed from the API".into(),
                );
            }
        }
        let (old_gen, new_gen) = (generated_schemas(old_ir), generated_schemas(new_ir));
        let (old_skip, new_skip) = (skipped_schemas(old_ir), skipped_schemas(new_ir));
        for (name, n) in &new_skip {
            match old_skip.get(name) {
                Some(o) => self.wire_schema(o, n),
                None if !old_gen.contains(name) => {
                    let why = self.new.skip_reason(&n.pointer).unwrap_or_default();
                    self.push_wire(
                        Impact::Additive,
                        ChangeKind::SchemaAdded,
                        name,
                        &n.pointer,
                        format!("new schema in the API ({why})"),
                    );
                }
                None => {}
            }
        }
        for (name, o) in &old_skip {
            if !new_skip.contains_key(name) && !new_gen.contains(name) {
                self.push_wire(
                    Impact::Breaking,
                    ChangeKind::SchemaRemoved,
                    name,
                    &o.pointer,
                    "schema removed from the API".into(),
                );
            }
        }
    }

    fn wire_operation(&mut self, loc: &str, o: &WireOperation, n: &WireOperation) {
        match (o.deprecated, n.deprecated) {
            (false, true) => self.push_wire(
                Impact::Additive,
                ChangeKind::OperationDeprecated,
                loc,
                &n.pointer,
                "now deprecated".into(),
            ),
            (true, false) => self.push_wire(
                Impact::Additive,
                ChangeKind::OperationUndeprecated,
                loc,
                &n.pointer,
                "no longer deprecated".into(),
            ),
            _ => {}
        }
        let key = |p: &crate::ir::WireParam| (p.location.clone(), p.name.clone());
        for p in &n.params {
            let ploc = format!("{loc} {} parameter `{}`", p.location, p.name);
            match o.params.iter().find(|q| key(q) == key(p)) {
                None if p.required => self.push_wire(
                    Impact::Breaking,
                    ChangeKind::ParameterAdded,
                    &ploc,
                    &p.pointer,
                    "required: requests without it are refused".into(),
                ),
                None => self.push_wire(
                    Impact::Additive,
                    ChangeKind::ParameterAdded,
                    &ploc,
                    &p.pointer,
                    "optional".into(),
                ),
                Some(q) if q.required != p.required => self.push_wire(
                    if p.required {
                        Impact::Breaking
                    } else {
                        Impact::Additive
                    },
                    ChangeKind::ParameterRequiredChanged,
                    &ploc,
                    &p.pointer,
                    if p.required {
                        "optional → required".into()
                    } else {
                        "required → optional".into()
                    },
                ),
                Some(_) => {}
            }
        }
        for q in &o.params {
            if !n.params.iter().any(|p| key(p) == key(q)) {
                self.push_wire(
                    Impact::Breaking,
                    ChangeKind::ParameterRemoved,
                    &format!("{loc} {} parameter `{}`", q.location, q.name),
                    &q.pointer,
                    "removed".into(),
                );
            }
        }
        let body = |b: Option<bool>| match b {
            None => "no body",
            Some(true) => "a required body",
            Some(false) => "an optional body",
        };
        if o.body != n.body {
            let impact = match (o.body, n.body) {
                (_, None) | (None | Some(false), Some(true)) => Impact::Breaking,
                _ => Impact::Additive,
            };
            self.push_wire(
                impact,
                ChangeKind::RequestBodyChanged,
                loc,
                &format!("{}/requestBody", n.pointer),
                format!("{} → {}", body(o.body), body(n.body)),
            );
        }
        let mut notes: Vec<String> = n
            .statuses
            .iter()
            .filter(|s| !o.statuses.contains(s))
            .map(|s| format!("+{s}"))
            .collect();
        notes.extend(
            o.statuses
                .iter()
                .filter(|s| !n.statuses.contains(s))
                .map(|s| format!("-{s}")),
        );
        if !notes.is_empty() {
            self.push_wire(
                Impact::None,
                ChangeKind::ResponseStatusesChanged,
                loc,
                &format!("{}/responses", n.pointer),
                notes.join(", "),
            );
        }
    }

    fn wire_schema(&mut self, o: &WireSchema, n: &WireSchema) {
        if !o.deprecated && n.deprecated {
            self.push_wire(
                Impact::Additive,
                ChangeKind::SchemaDeprecated,
                &n.name,
                &n.pointer,
                "now deprecated".into(),
            );
        }
        let props = |p: &str| {
            format!(
                "{}/properties/{}",
                n.pointer,
                p.replace('~', "~0").replace('/', "~1")
            )
        };
        for (name, required) in &n.properties {
            let loc = format!("{}.{name}", n.name);
            match o.properties.iter().find(|(q, _)| q == name) {
                None => self.push_wire(
                    if *required {
                        Impact::Breaking
                    } else {
                        Impact::Additive
                    },
                    ChangeKind::PropertyAdded,
                    &loc,
                    &props(name),
                    if *required { "required" } else { "optional" }.into(),
                ),
                Some((_, was)) if was != required => self.push_wire(
                    Impact::Breaking,
                    ChangeKind::PropertyRequiredChanged,
                    &loc,
                    &props(name),
                    if *required {
                        "optional → required".into()
                    } else {
                        "required → optional".into()
                    },
                ),
                Some(_) => {}
            }
        }
        for (name, _) in &o.properties {
            if !n.properties.iter().any(|(p, _)| p == name) {
                self.push_wire(
                    Impact::Breaking,
                    ChangeKind::PropertyRemoved,
                    &format!("{}.{name}", n.name),
                    &format!(
                        "{}/properties/{}",
                        o.pointer,
                        name.replace('~', "~0").replace('/', "~1")
                    ),
                    "removed".into(),
                );
            }
        }
    }
}
