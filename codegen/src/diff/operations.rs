//! Operations: one method and one request builder each. Required parameters (and a required
//! body) are method arguments, optional ones setters; the success body is what `send` returns,
//! and error bodies all decode into the runtime's error type, so an error response that
//! changes touches the docs and the wire, never a signature.

use super::semver::{rust_str, Slot};
use super::{ChangeKind, Differ, Impact};
use crate::ir::Usage;
use crate::ir::{Api, HttpMethod, Operation, Param, ParamLocation, Permissions};
use std::collections::BTreeMap;

/// The generated operations of one side by `(path, method)`, with their tag module.
fn operations(api: &Api) -> BTreeMap<(&str, HttpMethod), (&str, &Operation)> {
    api.tags
        .iter()
        .flat_map(|t| {
            t.operations
                .iter()
                .map(move |o| ((o.path.as_str(), o.method), (t.module.as_str(), o)))
        })
        .collect()
}

/// `/a/{x}/b` → `/a/{}/b`: a path template without its parameter names.
fn shape_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

type Ops<'a> = BTreeMap<(&'a str, HttpMethod), (&'a str, &'a Operation)>;

/// New operation key → old key, for operations found on one side only whose paths differ only
/// in the names of their parameters (each shape matched once on each side).
fn renamed_paths<'a>(
    old: &Ops<'a>,
    new: &Ops<'a>,
) -> BTreeMap<(&'a str, HttpMethod), (&'a str, HttpMethod)> {
    let unmatched = |a: &Ops<'a>, b: &Ops<'a>| {
        let mut by_shape: BTreeMap<(String, HttpMethod), Vec<(&'a str, HttpMethod)>> =
            BTreeMap::new();
        for key in a.keys().filter(|k| !b.contains_key(*k)) {
            by_shape
                .entry((shape_of(key.0), key.1))
                .or_default()
                .push(*key);
        }
        by_shape
    };
    let (gone, came) = (unmatched(old, new), unmatched(new, old));
    came.iter()
        .filter_map(
            |(shape, n)| match (n.as_slice(), gone.get(shape)?.as_slice()) {
                ([n], [o]) => Some((*n, *o)),
                _ => None,
            },
        )
        .collect()
}

fn where_(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Form => "form field",
    }
}

fn permissions(p: Option<&Permissions>) -> String {
    match p {
        None => "none".into(),
        Some(p) => {
            let mut list: Vec<&str> = p.permissions.iter().map(String::as_str).collect();
            list.sort_unstable();
            format!("{} of [{}]", p.rule.as_str(), list.join(", "))
        }
    }
}

impl Differ<'_> {
    pub(super) fn operations(&mut self) {
        let (old_ops, new_ops) = (operations(self.old.ir), operations(self.new.ir));
        let renamed = renamed_paths(&old_ops, &new_ops);
        for (key, (module, op)) in &new_ops {
            let loc = format!("{} {}", op.method.as_str(), op.path);
            let old_key = renamed.get(key).unwrap_or(key);
            let Some((old_module, old)) = old_ops.get(old_key) else {
                self.push(
                    Impact::Additive,
                    ChangeKind::OperationAdded,
                    &loc,
                    &op.pointer,
                    format!(
                        "new operation `{}`: `client.{module}().{}()`",
                        op.operation_id, op.fn_name
                    ),
                );
                continue;
            };
            if old_key != key {
                self.push(
                    Impact::None,
                    ChangeKind::PathChanged,
                    &loc,
                    &op.pointer,
                    format!(
                        "path parameters renamed (was `{}`): the same URL on the wire, and \
                         the same Rust method (path parameters are positional arguments)",
                        old.path
                    ),
                );
            }
            let (was, is) = (
                format!("{old_module}().{}() ({})", old.fn_name, old.builder),
                format!("{module}().{}() ({})", op.fn_name, op.builder),
            );
            if was != is {
                self.push(
                    Impact::Breaking,
                    ChangeKind::Renamed,
                    &loc,
                    &op.pointer,
                    format!("method `client.{was}` → `client.{is}`"),
                );
            }
            match (old.deprecated, op.deprecated) {
                (false, true) => self.push(
                    Impact::Additive,
                    ChangeKind::OperationDeprecated,
                    &loc,
                    &op.pointer,
                    match &op.replaced_by {
                        Some(r) => format!(
                            "now `#[deprecated]`: use `{} {}` instead",
                            r.method.as_str(),
                            r.path
                        ),
                        None => "now `#[deprecated]`".into(),
                    },
                ),
                (true, false) => self.push(
                    Impact::Additive,
                    ChangeKind::OperationUndeprecated,
                    &loc,
                    &op.pointer,
                    "`#[deprecated]` removed".into(),
                ),
                _ => {}
            }
            let (po, pn) = (
                permissions(old.permissions.as_ref()),
                permissions(op.permissions.as_ref()),
            );
            if po != pn {
                self.push(
                    Impact::None,
                    ChangeKind::PermissionsChanged,
                    &loc,
                    &format!("{}/x-inin-requires-permissions", op.pointer),
                    format!("{po} → {pn}"),
                );
            }
            self.parameters(&loc, old, op);
            self.body(&loc, old, op);
            self.response(&loc, old, op);
        }
        for (key, (_, op)) in &old_ops {
            if !new_ops.contains_key(key) && !renamed.values().any(|k| k == key) {
                let reason = self
                    .new
                    .skip_reason(&op.pointer)
                    .map(|why| format!(" (still in the API, but no longer generated: {why})"))
                    .unwrap_or_default();
                self.push(
                    Impact::Breaking,
                    ChangeKind::OperationRemoved,
                    &format!("{} {}", op.method.as_str(), op.path),
                    &op.pointer,
                    format!("operation `{}` removed{reason}", op.operation_id),
                );
            }
        }
    }

    fn parameters(&mut self, loc: &str, old: &Operation, new: &Operation) {
        // Path parameters are matched by their place in the template (a rename of one is the
        // same positional argument), the others by name.
        let key = |op: &Operation, p: &Param| match p.location {
            ParamLocation::Path => {
                let at = op.params.iter().position(|q| std::ptr::eq(q, p));
                let slot = op.path_params.iter().position(|i| *i == at);
                (
                    p.location,
                    slot.map_or_else(|| p.wire_name.clone(), |s| format!("{{{s}}}")),
                )
            }
            _ => (p.location, p.wire_name.clone()),
        };
        for p in &new.params {
            let ploc = format!("{loc} {} parameter `{}`", where_(p.location), p.wire_name);
            let Some(q) = old.params.iter().find(|q| key(old, q) == key(new, p)) else {
                let (impact, detail) = if p.required {
                    (
                        Impact::Breaking,
                        format!("required: the method gains an argument `{}`", p.name),
                    )
                } else {
                    (
                        Impact::Additive,
                        format!("optional: a new setter `{}`", p.name),
                    )
                };
                self.push(
                    impact,
                    ChangeKind::ParameterAdded,
                    &ploc,
                    &p.pointer,
                    detail,
                );
                continue;
            };
            if q.required != p.required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterRequiredChanged,
                    &ploc,
                    &p.pointer,
                    if p.required {
                        "optional → required (a setter becomes an argument)"
                    } else {
                        "required → optional (an argument becomes a setter)"
                    }
                    .into(),
                );
            }
            if q.name != p.name && p.location != ParamLocation::Path {
                self.push(
                    Impact::Breaking,
                    ChangeKind::Renamed,
                    &ploc,
                    &p.pointer,
                    format!(
                        "argument or setter `{}` → `{}` (renamed to keep names unique)",
                        q.name, p.name
                    ),
                );
            }
            if q.style != p.style || q.free_form != p.free_form || q.part != p.part {
                self.push(
                    Impact::None,
                    ChangeKind::ParameterTypeChanged,
                    &ploc,
                    &p.pointer,
                    format!(
                        "now written as {:?}{} (was {:?}{})",
                        p.style,
                        if p.free_form {
                            ", free-form values"
                        } else {
                            ""
                        },
                        q.style,
                        if q.free_form {
                            ", free-form values"
                        } else {
                            ""
                        }
                    ),
                );
            }
            if q.explode != p.explode {
                self.push(
                    Impact::None,
                    ChangeKind::ParameterTypeChanged,
                    &ploc,
                    &p.pointer,
                    if p.explode {
                        "now sent as repeated keys (was comma-separated); same Rust type"
                    } else {
                        "now sent comma-separated (was repeated keys); same Rust type"
                    }
                    .into(),
                );
            }
            let (so, sn) = (
                format!("{}/schema", q.pointer),
                format!("{}/schema", p.pointer),
            );
            self.slot(
                ChangeKind::ParameterTypeChanged,
                (&ploc, &ploc),
                Slot {
                    ty: &q.ty,
                    pointer: &so,
                },
                Slot {
                    ty: &p.ty,
                    pointer: &sn,
                },
                Usage::REQUEST,
            );
        }
        for q in &old.params {
            if !new.params.iter().any(|p| key(new, p) == key(old, q)) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterRemoved,
                    &format!("{loc} {} parameter `{}`", where_(q.location), q.wire_name),
                    &q.pointer,
                    format!("removed: the argument or setter `{}` disappears", q.name),
                );
            }
        }
    }

    fn body(&mut self, loc: &str, old: &Operation, new: &Operation) {
        match (&old.body, &new.body) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                if a.required != b.required {
                    self.push(
                        Impact::Breaking,
                        ChangeKind::RequestBodyChanged,
                        loc,
                        &b.pointer,
                        if b.required {
                            "now required (the `.body(…)` setter becomes an argument)"
                        } else {
                            "now optional (an argument becomes the `.body(…)` setter)"
                        }
                        .into(),
                    );
                }
                self.slot(
                    ChangeKind::RequestBodyChanged,
                    (loc, &format!("{loc} body")),
                    Slot {
                        ty: &a.ty,
                        pointer: &a.pointer,
                    },
                    Slot {
                        ty: &b.ty,
                        pointer: &b.pointer,
                    },
                    Usage::REQUEST,
                );
            }
            (a, b) => {
                let show = |b: Option<&crate::ir::RequestBody>| {
                    b.map_or("no body".to_owned(), |b| format!("`{}`", rust_str(&b.ty)))
                };
                let pointer = b.as_ref().map_or_else(
                    || format!("{}/requestBody", old.pointer),
                    |b| b.pointer.clone(),
                );
                self.push(
                    Impact::Breaking,
                    ChangeKind::RequestBodyChanged,
                    loc,
                    &pointer,
                    format!("{} → {}", show(a.as_ref()), show(b.as_ref())),
                );
            }
        }
    }

    fn response(&mut self, loc: &str, old: &Operation, new: &Operation) {
        let responses = format!("{}/responses", new.pointer);
        match (&old.response.ty, &new.response.ty) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                let (po, pn) = (
                    self.old
                        .doc
                        .success_schema(&old.pointer, &old.response.statuses),
                    self.new
                        .doc
                        .success_schema(&new.pointer, &new.response.statuses),
                );
                self.slot(
                    ChangeKind::ResponseChanged,
                    (loc, &format!("{loc} response")),
                    Slot {
                        ty: a,
                        pointer: po.as_deref().unwrap_or(""),
                    },
                    Slot {
                        ty: b,
                        pointer: pn.as_deref().unwrap_or(&responses),
                    },
                    Usage::RESPONSE,
                );
            }
            (a, b) => {
                let show = |t: &Option<crate::ir::TypeRef>| {
                    t.as_ref()
                        .map_or("`()`".to_owned(), |t| format!("`{}`", rust_str(t)))
                };
                self.push(
                    Impact::Breaking,
                    ChangeKind::ResponseChanged,
                    loc,
                    &responses,
                    format!("{} → {} (what `send` returns)", show(a), show(b)),
                );
            }
        }
        if old.pagination.is_some() != new.pagination.is_some() {
            let (impact, detail) = if new.pagination.is_some() {
                (Impact::Additive, "now pages: a new `stream()`")
            } else {
                (Impact::Breaking, "no longer pages: `stream()` disappears")
            };
            self.push(
                impact,
                ChangeKind::PaginationChanged,
                loc,
                &responses,
                detail.into(),
            );
        }
        let limit = |o: &Operation| {
            o.chunking
                .as_ref()
                .map(|c| (o.params[c.param].wire_name.clone(), c.limit))
        };
        match (limit(old), limit(new)) {
            (a, b) if a == b => {}
            (None, Some((name, n))) => self.push(
                Impact::Additive,
                ChangeKind::LimitChanged,
                loc,
                &responses,
                format!("`{name}` limited to {n} per request: a new `send_chunked()`"),
            ),
            (Some((name, _)), None) => self.push(
                Impact::Breaking,
                ChangeKind::LimitChanged,
                loc,
                &responses,
                format!("`{name}` no longer limited: `send_chunked()` disappears"),
            ),
            (Some((_, a)), Some((name, b))) => self.push(
                if b < a {
                    Impact::Breaking
                } else {
                    Impact::Additive
                },
                ChangeKind::LimitChanged,
                loc,
                &responses,
                format!("`{name}`: at most {a} → {b} per request"),
            ),
            (None, None) => {}
        }
        // Every status as the wire has it: success statuses that come or go, and error
        // responses (the success body itself was compared above, in Rust terms).
        let (ro, rn) = (
            self.old.doc.responses(&old.pointer),
            self.new.doc.responses(&new.pointer),
        );
        let success = |s: &str| s.starts_with('2') || s == "default";
        let mut notes = Vec::new();
        for (status, body) in &rn {
            match ro.get(status) {
                None => notes.push(format!("+{status}")),
                Some(b) if b != body && !success(status) => notes.push(format!(
                    "{status}: `{}` → `{}`",
                    b.as_deref().unwrap_or("no body"),
                    body.as_deref().unwrap_or("no body")
                )),
                Some(_) => {}
            }
        }
        notes.extend(
            ro.keys()
                .filter(|s| !rn.contains_key(*s))
                .map(|s| format!("-{s}")),
        );
        if !notes.is_empty() {
            self.push(
                Impact::None,
                ChangeKind::ResponseStatusesChanged,
                loc,
                &responses,
                format!(
                    "{} (same Rust signature: error bodies decode into the runtime's error)",
                    notes.join(", ")
                ),
            );
        }
    }
}
