//! Which side of the wire each generated type travels on, from the IR's operations: parameters
//! and request bodies are built by callers, responses are only read. Used to explain an impact
//! (a new required field breaks `new` either way, but a response-only type is rarely built).

use crate::ir::{Api, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Where a type is used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub const REQUEST: Self = Self {
        request: true,
        response: false,
    };
    pub const RESPONSE: Self = Self {
        request: false,
        response: true,
    };

    pub fn label(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "used in requests and responses",
            (true, false) => "used in requests",
            (false, true) => "response-only",
            (false, false) => "used by no operation",
        }
    }
}

/// Rust type name → usage, by reachability through fields, items, map values and aliases.
pub(super) fn usage(api: &Api) -> BTreeMap<String, Usage> {
    let (mut req, mut resp) = (Vec::new(), Vec::new());
    for op in api.tags.iter().flat_map(|t| &t.operations) {
        for p in &op.params {
            p.ty.named(&mut req);
        }
        if let Some(b) = &op.body {
            b.ty.named(&mut req);
        }
        if let Some(t) = &op.response.ty {
            t.named(&mut resp);
        }
    }
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    for (roots, request) in [(req, true), (resp, false)] {
        for name in closure(api, roots) {
            let u = out.entry(name).or_default();
            if request {
                u.request = true;
            } else {
                u.response = true;
            }
        }
    }
    out
}

/// Every named type reachable from `roots`.
fn closure(api: &Api, mut todo: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let refs: Vec<&TypeRef> = match api.get(&name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| &f.ty).collect(),
            Some(TypeKind::Alias(r) | TypeKind::Newtype(r)) => vec![r],
            Some(TypeKind::Enum(_)) | None => Vec::new(),
        };
        for r in refs {
            let mut named = Vec::new();
            r.named(&mut named);
            todo.extend(named.into_iter().filter(|n| !seen.contains(n)));
        }
    }
    seen
}
