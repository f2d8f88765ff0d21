//! Two versions of the API → what changed, and what each change does to the generated Rust API.
//!
//! Works on OpenAPI 3.0 documents as [`crate::spec::load`] returns them (so Swagger 2.0 inputs
//! are compared after the same upgrade). The impact of a change is decided by how the generator
//! maps it, not by HTTP semantics alone:
//!
//! - structs are `#[non_exhaustive]` with `new(required…)` + `with_*` setters, so a new
//!   *optional* field is additive while a new *required* one changes `new` (breaking);
//! - enums are open (unknown values decode into a catch-all), so a new value is additive in
//!   requests and responses alike, while a removed value deletes a variant (breaking);
//! - required parameters are method arguments and optional ones setters, so adding an optional
//!   parameter is additive and anything else that touches a parameter's shape is breaking;
//! - deprecations add `#[deprecated]` (additive); permission and read-only changes only touch docs.

mod render;

pub use render::Format;

use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What a change does to code compiled against the previous crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Code that compiled may stop compiling or behave differently.
    Breaking,
    /// New API surface; existing code keeps compiling.
    Additive,
    /// Documentation only.
    None,
}

/// The kind of an API change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationDeprecated,
    OperationUndeprecated,
    PermissionsChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterRequiredChanged,
    ParameterTypeChanged,
    RequestBodyChanged,
    ResponseChanged,
    SchemaAdded,
    SchemaRemoved,
    PropertyAdded,
    PropertyRemoved,
    PropertyTypeChanged,
    PropertyRequiredChanged,
    PropertyReadOnlyChanged,
    PropertyDeprecated,
    EnumValueAdded,
    EnumValueRemoved,
}

/// One change, where it is, and its impact on the generated crate.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Sort key first: breaking changes lead.
    pub impact: Impact,
    /// What changed.
    pub kind: ChangeKind,
    /// `GET /api/v2/…`, `UserPresence.message`, `GET /api/v2/…?localeCode`…
    pub location: String,
    /// JSON pointer into the *new* document (the old one for removals).
    pub pointer: String,
    /// Human detail (`string → integer`, `value "Lunch"`…).
    pub detail: String,
}

/// Version bump the changes call for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing to release.
    None,
    /// Patch release.
    Patch,
    /// Minor release.
    Minor,
    /// Major release.
    Major,
}

/// The result of a diff.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every change, breaking first, then by location.
    pub changes: Vec<Change>,
}

impl Report {
    /// Number of changes with this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// Any breaking change?
    pub fn is_breaking(&self) -> bool {
        self.count(Impact::Breaking) > 0
    }

    /// The bump this report calls for, with Cargo's pre-1.0 rule when `major == 0`
    /// (a breaking change bumps the minor version, anything else the patch version).
    pub fn bump(&self, current: &semver_lite::Version) -> (Bump, semver_lite::Version) {
        let raw = if self.is_breaking() {
            Bump::Major
        } else if self.count(Impact::Additive) > 0 {
            Bump::Minor
        } else if self.changes.is_empty() {
            Bump::None
        } else {
            Bump::Patch
        };
        let effective = match (current.major, raw) {
            (0, Bump::Major) => Bump::Minor,
            (0, Bump::Minor) => Bump::Patch,
            (_, b) => b,
        };
        (effective, current.bumped(effective))
    }

    /// One line: counts and the recommended version.
    pub fn summary_line(&self, current: &semver_lite::Version) -> String {
        let (bump, next) = self.bump(current);
        if self.changes.is_empty() {
            return "API unchanged: no release needed".to_owned();
        }
        format!(
            "{} API changes ({} breaking, {} additive, {} docs-only): {} release, genesys-client {current} → {next}",
            self.changes.len(),
            self.count(Impact::Breaking),
            self.count(Impact::Additive),
            self.count(Impact::None),
            match bump {
                Bump::Major => "major",
                Bump::Minor => "minor",
                Bump::Patch => "patch",
                Bump::None => "no",
            }
        )
    }
}

/// A tiny `major.minor.patch` version (all this tool needs from semver).
pub mod semver_lite {
    use std::fmt;

    /// `major.minor.patch`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
    pub struct Version {
        /// Major.
        pub major: u64,
        /// Minor.
        pub minor: u64,
        /// Patch.
        pub patch: u64,
    }

    impl Version {
        /// Parses `1.2.3` (pre-release/build suffixes ignored); `None` if malformed.
        pub fn parse(s: &str) -> Option<Self> {
            let core = s.trim().split(['-', '+']).next()?;
            let mut it = core.split('.').map(str::parse::<u64>);
            let v = Self {
                major: it.next()?.ok()?,
                minor: it.next()?.ok()?,
                patch: it.next()?.ok()?,
            };
            it.next().is_none().then_some(v)
        }

        /// The next version for `bump`.
        pub fn bumped(self, bump: super::Bump) -> Self {
            use super::Bump::*;
            match bump {
                None => self,
                Patch => Self {
                    patch: self.patch + 1,
                    ..self
                },
                Minor => Self {
                    minor: self.minor + 1,
                    patch: 0,
                    ..self
                },
                Major => Self {
                    major: self.major + 1,
                    minor: 0,
                    patch: 0,
                },
            }
        }
    }

    impl fmt::Display for Version {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

fn esc(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    out: Vec<Change>,
}

/// Compares two OpenAPI 3.0 documents.
pub fn diff(old: &Value, new: &Value) -> Report {
    let mut d = Differ {
        old,
        new,
        out: Vec::new(),
    };
    d.operations();
    d.schemas();
    let mut changes = d.out;
    changes.sort();
    changes.dedup();
    Report { changes }
}

fn operations_of(doc: &Value) -> BTreeMap<(String, String), &Value> {
    let mut out = BTreeMap::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for m in METHODS {
                if let Some(op) = item.get(*m) {
                    out.insert((path.clone(), (*m).to_owned()), op);
                }
            }
        }
    }
    out
}

/// A schema's type in one string, for comparisons (`ref:User`, `string/date-time`,
/// `array<ref:User>`, `map<string>`, `object`, `enum`).
fn type_sig(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return format!("ref:{}", r.rsplit('/').next().unwrap_or(r));
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        if let [one] = all.as_slice() {
            return type_sig(one);
        }
        return "allOf".into();
    }
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("any");
    match ty {
        "array" => format!(
            "array<{}>",
            s.get("items").map(type_sig).unwrap_or_else(|| "any".into())
        ),
        "object" => match s.get("additionalProperties") {
            Some(ap) if ap.is_object() => format!("map<{}>", type_sig(ap)),
            _ => "object".into(),
        },
        "string" if s.get("enum").is_some() => "string(enum)".into(),
        t => match s.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}/{f}"),
            None => t.to_owned(),
        },
    }
}

fn pretty_sig(sig: &str) -> String {
    sig.replace("ref:", "")
}

fn enum_values(s: &Value) -> Option<BTreeSet<String>> {
    let s = match s.get("items") {
        Some(items) if s.get("type").and_then(Value::as_str) == Some("array") => items,
        _ => s,
    };
    s.get("enum").and_then(Value::as_array).map(|vs| {
        vs.iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect()
    })
}

fn bool_at(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Body/response schema of an operation as a type signature (`None`: no body).
fn body_sig(op: &Value) -> Option<String> {
    let content = op.get("requestBody")?.get("content")?.as_object()?;
    content.values().find_map(|m| m.get("schema")).map(type_sig)
}

fn response_sig(op: &Value) -> Option<String> {
    let rs = op.get("responses")?.as_object()?;
    let mut codes: Vec<&String> = rs.keys().filter(|c| c.starts_with('2')).collect();
    codes.sort();
    if codes.is_empty() && rs.contains_key("default") {
        codes.push(rs.keys().find(|k| *k == "default")?);
    }
    codes.iter().find_map(|c| {
        rs.get(*c)?
            .get("content")?
            .as_object()?
            .values()
            .find_map(|m| m.get("schema"))
            .map(type_sig)
    })
}

fn permissions(op: &Value) -> Option<String> {
    let p = op.get("x-inin-requires-permissions")?;
    let kind = p.get("type").and_then(Value::as_str).unwrap_or("");
    let mut list: Vec<&str> = p
        .get("permissions")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    list.sort_unstable();
    Some(format!("{kind} of {}", list.join(", ")))
}

impl Differ<'_> {
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        location: String,
        pointer: String,
        detail: String,
    ) {
        self.out.push(Change {
            impact,
            kind,
            location,
            pointer,
            detail,
        });
    }

    fn resolve_param<'v>(doc: &'v Value, p: &'v Value) -> &'v Value {
        match p
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(ptr) => doc.pointer(ptr).unwrap_or(p),
            None => p,
        }
    }

    fn params<'v>(
        doc: &'v Value,
        path: &str,
        op: &'v Value,
    ) -> BTreeMap<(String, String), (usize, &'v Value)> {
        let mut out = BTreeMap::new();
        let shared = doc
            .pointer(&format!("/paths/{}/parameters", esc(path)))
            .and_then(Value::as_array);
        for (i, p) in shared
            .into_iter()
            .flatten()
            .chain(
                op.get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            )
            .enumerate()
        {
            let p = Self::resolve_param(doc, p);
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let loc = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
            out.insert((loc, name), (i, p));
        }
        out
    }

    fn operations(&mut self) {
        let old_ops = operations_of(self.old);
        let new_ops = operations_of(self.new);
        for (key, op) in &new_ops {
            let (path, method) = key;
            let loc = format!("{} {path}", method.to_uppercase());
            let ptr = format!("#/paths/{}/{method}", esc(path));
            let Some(old) = old_ops.get(key) else {
                let id = op.get("operationId").and_then(Value::as_str).unwrap_or("");
                self.push(
                    Impact::Additive,
                    ChangeKind::OperationAdded,
                    loc,
                    ptr,
                    format!("operation `{id}`"),
                );
                continue;
            };
            match (bool_at(old, "deprecated"), bool_at(op, "deprecated")) {
                (false, true) => self.push(
                    Impact::Additive,
                    ChangeKind::OperationDeprecated,
                    loc.clone(),
                    ptr.clone(),
                    "now `#[deprecated]`".into(),
                ),
                (true, false) => self.push(
                    Impact::Additive,
                    ChangeKind::OperationUndeprecated,
                    loc.clone(),
                    ptr.clone(),
                    "no longer deprecated".into(),
                ),
                _ => {}
            }
            let (po, pn) = (permissions(old), permissions(op));
            if po != pn {
                self.push(
                    Impact::None,
                    ChangeKind::PermissionsChanged,
                    loc.clone(),
                    format!("{ptr}/x-inin-requires-permissions"),
                    format!(
                        "{} → {}",
                        po.unwrap_or_else(|| "none".into()),
                        pn.unwrap_or_else(|| "none".into())
                    ),
                );
            }
            self.parameters(path, old, op, &loc, &ptr);
            let (bo, bn) = (body_sig(old), body_sig(op));
            if bo != bn {
                self.push(
                    Impact::Breaking,
                    ChangeKind::RequestBodyChanged,
                    loc.clone(),
                    format!("{ptr}/requestBody"),
                    format!(
                        "{} → {}",
                        bo.map_or("none".into(), |s| pretty_sig(&s)),
                        bn.map_or("none".into(), |s| pretty_sig(&s))
                    ),
                );
            }
            let (ro, rn) = (response_sig(old), response_sig(op));
            if ro != rn {
                self.push(
                    Impact::Breaking,
                    ChangeKind::ResponseChanged,
                    loc.clone(),
                    format!("{ptr}/responses"),
                    format!(
                        "{} → {}",
                        ro.map_or("()".into(), |s| pretty_sig(&s)),
                        rn.map_or("()".into(), |s| pretty_sig(&s))
                    ),
                );
            }
        }
        for (key, op) in &old_ops {
            if !new_ops.contains_key(key) {
                let (path, method) = key;
                let id = op.get("operationId").and_then(Value::as_str).unwrap_or("");
                self.push(
                    Impact::Breaking,
                    ChangeKind::OperationRemoved,
                    format!("{} {path}", method.to_uppercase()),
                    format!("#/paths/{}/{method}", esc(path)),
                    format!("operation `{id}` removed"),
                );
            }
        }
    }

    fn parameters(&mut self, path: &str, old: &Value, new: &Value, loc: &str, ptr: &str) {
        let po = Self::params(self.old, path, old);
        let pn = Self::params(self.new, path, new);
        for (key, (i, p)) in &pn {
            let (where_, name) = key;
            let ploc = format!("{loc} {where_} parameter `{name}`");
            let pptr = format!("{ptr}/parameters/{i}");
            let required = bool_at(p, "required");
            let Some((_, q)) = po.get(key) else {
                let impact = if required {
                    Impact::Breaking
                } else {
                    Impact::Additive
                };
                let detail = if required {
                    "required: the method gains an argument"
                } else {
                    "optional: a new setter"
                };
                self.push(
                    impact,
                    ChangeKind::ParameterAdded,
                    ploc,
                    pptr,
                    detail.into(),
                );
                continue;
            };
            if bool_at(q, "required") != required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterRequiredChanged,
                    ploc.clone(),
                    pptr.clone(),
                    if required {
                        "optional → required (setter becomes an argument)"
                    } else {
                        "required → optional (argument becomes a setter)"
                    }
                    .into(),
                );
            }
            let (so, sn) = (
                q.get("schema").unwrap_or(&Value::Null),
                p.get("schema").unwrap_or(&Value::Null),
            );
            let (to, tn) = (type_sig(so), type_sig(sn));
            if to != tn {
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterTypeChanged,
                    ploc.clone(),
                    format!("{pptr}/schema"),
                    format!("{} → {}", pretty_sig(&to), pretty_sig(&tn)),
                );
            }
            self.enum_changes(
                enum_values(so),
                enum_values(sn),
                &ploc,
                &format!("{pptr}/schema"),
            );
        }
        for (key, (i, _)) in &po {
            if !pn.contains_key(key) {
                let (where_, name) = key;
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterRemoved,
                    format!("{loc} {where_} parameter `{name}`"),
                    format!("{ptr}/parameters/{i}"),
                    "removed".into(),
                );
            }
        }
    }

    fn enum_changes(
        &mut self,
        old: Option<BTreeSet<String>>,
        new: Option<BTreeSet<String>>,
        loc: &str,
        ptr: &str,
    ) {
        let (Some(old), Some(new)) = (old, new) else {
            return;
        };
        for v in new.difference(&old) {
            self.push(
                Impact::Additive,
                ChangeKind::EnumValueAdded,
                loc.to_owned(),
                ptr.to_owned(),
                format!("value {v:?} (open enums already decoded it as `Unknown`)"),
            );
        }
        for v in old.difference(&new) {
            self.push(
                Impact::Breaking,
                ChangeKind::EnumValueRemoved,
                loc.to_owned(),
                ptr.to_owned(),
                format!("value {v:?}: its variant disappears"),
            );
        }
    }

    fn schemas(&mut self) {
        let empty = serde_json::Map::new();
        let so = self
            .old
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let sn = self
            .new
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (name, s) in sn {
            let ptr = format!("#/components/schemas/{}", esc(name));
            match so.get(name) {
                None => self.push(
                    Impact::Additive,
                    ChangeKind::SchemaAdded,
                    format!("schema `{name}`"),
                    ptr,
                    "new type".into(),
                ),
                Some(o) => self.object(o, s, name, &ptr),
            }
        }
        for name in so.keys() {
            if !sn.contains_key(name) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::SchemaRemoved,
                    format!("schema `{name}`"),
                    format!("#/components/schemas/{}", esc(name)),
                    "type removed".into(),
                );
            }
        }
    }

    /// Properties of an object schema (merging `allOf` parts' inline properties).
    fn props(s: &Value) -> (BTreeMap<String, Value>, BTreeSet<String>) {
        let mut props = BTreeMap::new();
        let mut required = BTreeSet::new();
        let mut parts = vec![s];
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            parts.extend(all.iter());
        }
        for p in parts {
            if let Some(ps) = p.get("properties").and_then(Value::as_object) {
                props.extend(ps.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            if let Some(rs) = p.get("required").and_then(Value::as_array) {
                required.extend(rs.iter().filter_map(Value::as_str).map(str::to_owned));
            }
        }
        (props, required)
    }

    fn object(&mut self, old: &Value, new: &Value, loc: &str, ptr: &str) {
        self.enum_changes(enum_values(old), enum_values(new), loc, ptr);
        let (po, ro) = Self::props(old);
        let (pn, rn) = Self::props(new);
        for (prop, s) in &pn {
            let ploc = format!("{loc}.{prop}");
            let pptr = format!("{ptr}/properties/{}", esc(prop));
            let required = rn.contains(prop);
            let Some(o) = po.get(prop) else {
                if required {
                    self.push(
                        Impact::Breaking,
                        ChangeKind::PropertyAdded,
                        ploc,
                        pptr,
                        "required: `new` gains an argument".into(),
                    );
                } else {
                    self.push(
                        Impact::Additive,
                        ChangeKind::PropertyAdded,
                        ploc,
                        pptr,
                        "optional field".into(),
                    );
                }
                continue;
            };
            let (to, tn) = (type_sig(o), type_sig(s));
            if to != tn {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyTypeChanged,
                    ploc.clone(),
                    pptr.clone(),
                    format!("{} → {}", pretty_sig(&to), pretty_sig(&tn)),
                );
            }
            if ro.contains(prop) != required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyRequiredChanged,
                    ploc.clone(),
                    pptr.clone(),
                    if required {
                        "optional → required (`Option<T>` → `T`)"
                    } else {
                        "required → optional (`T` → `Option<T>`)"
                    }
                    .into(),
                );
            }
            if bool_at(o, "readOnly") != bool_at(s, "readOnly") {
                self.push(
                    Impact::None,
                    ChangeKind::PropertyReadOnlyChanged,
                    ploc.clone(),
                    pptr.clone(),
                    if bool_at(s, "readOnly") {
                        "now read-only"
                    } else {
                        "no longer read-only"
                    }
                    .into(),
                );
            }
            if !bool_at(o, "deprecated") && bool_at(s, "deprecated") {
                self.push(
                    Impact::Additive,
                    ChangeKind::PropertyDeprecated,
                    ploc.clone(),
                    pptr.clone(),
                    "now `#[deprecated]`".into(),
                );
            }
            // Inline objects and enums are types of their own: compare inside them too.
            let inline_obj = |v: &Value| v.get("properties").is_some();
            if inline_obj(o) && inline_obj(s) {
                self.object(o, s, &ploc, &pptr);
            } else {
                self.enum_changes(enum_values(o), enum_values(s), &ploc, &pptr);
                if let (Some(io), Some(is)) = (o.get("items"), s.get("items")) {
                    if inline_obj(io) && inline_obj(is) {
                        self.object(io, is, &format!("{ploc}[]"), &format!("{pptr}/items"));
                    }
                }
            }
        }
        for prop in po.keys() {
            if !pn.contains_key(prop) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyRemoved,
                    format!("{loc}.{prop}"),
                    format!("{ptr}/properties/{}", esc(prop)),
                    "field removed".into(),
                );
            }
        }
    }
}

/// Per-file comparison of two generated trees.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CodeDiff {
    /// `(path, lines)` of files only in the new tree.
    pub added: Vec<(String, usize)>,
    /// `(path, lines)` of files only in the old tree.
    pub removed: Vec<(String, usize)>,
    /// `(path, +lines, -lines)` of files in both that differ.
    pub changed: Vec<(String, usize, usize)>,
}

impl CodeDiff {
    /// Compares two `Output::files` maps.
    pub fn new(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Self {
        let mut d = Self::default();
        for (path, text) in new {
            match old.get(path) {
                None => d.added.push((path.clone(), text.lines().count())),
                Some(o) if o != text => {
                    let (mut plus, mut minus) = (0, 0);
                    let lines = similar::TextDiff::from_lines(o.as_str(), text.as_str());
                    for change in lines.iter_all_changes() {
                        match change.tag() {
                            similar::ChangeTag::Insert => plus += 1,
                            similar::ChangeTag::Delete => minus += 1,
                            similar::ChangeTag::Equal => {}
                        }
                    }
                    d.changed.push((path.clone(), plus, minus));
                }
                Some(_) => {}
            }
        }
        for (path, text) in old {
            if !new.contains_key(path) {
                d.removed.push((path.clone(), text.lines().count()));
            }
        }
        d
    }

    /// `N files changed, +A -R lines` style summary.
    pub fn summary(&self) -> String {
        let plus: usize = self.added.iter().map(|a| a.1).sum::<usize>()
            + self.changed.iter().map(|c| c.1).sum::<usize>();
        let minus: usize = self.removed.iter().map(|a| a.1).sum::<usize>()
            + self.changed.iter().map(|c| c.2).sum::<usize>();
        format!(
            "generated code: {} added, {} removed, {} changed files (+{plus} −{minus} lines)",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        )
    }
}
