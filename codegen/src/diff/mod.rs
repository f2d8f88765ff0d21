//! Two versions of the API → what changed, and what each change does to the generated Rust API.
//!
//! Works on OpenAPI 3.0 documents as [`crate::spec::load`] returns them (so Swagger 2.0 inputs
//! are compared after the same upgrade). The impact of a change is decided by how the generator
//! maps it ([`crate::parse`] and [`crate::emit`]), not by HTTP semantics alone:
//!
//! - structs are `#[non_exhaustive]` with `new(required…)` + `with_*` setters, so a new
//!   *optional* field is additive. A new *required* field changes `new`: breaking when the type
//!   is sent in requests (callers build it), additive when it is only ever received (it is
//!   read, never built). Which side a schema is on comes from walking `$ref`s from every
//!   operation's parameters and request body (requests) and responses (responses);
//! - a type change is breaking when the Rust type changes; a format change the generator maps to
//!   the same Rust type (`string` → `string/uri`, `integer` → `integer/int64`) only touches docs;
//! - enums are open (unknown values decode into a catch-all), so a new value is additive in
//!   requests and responses alike, while a removed value deletes a variant (breaking);
//! - required parameters are method arguments and optional ones setters, so adding an optional
//!   parameter is additive and anything else that touches a parameter's shape is breaking;
//! - deprecations add `#[deprecated]` (additive); permission and read-only changes only touch docs.
//!
//! Output is deterministic: changes are sorted (breaking first, then by kind and location).

mod code;
mod render;

pub use code::{CodeDiff, FileChange, FileLines};
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

/// The kind of an API change (serialized in `snake_case`, see `docs/diff-json.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A method + path appeared.
    OperationAdded,
    /// A method + path disappeared.
    OperationRemoved,
    /// `deprecated: true` appeared on an operation.
    OperationDeprecated,
    /// `deprecated: true` disappeared from an operation.
    OperationUndeprecated,
    /// `x-inin-requires-permissions` changed (type or list).
    PermissionsChanged,
    /// A parameter (by `in` + `name`) appeared.
    ParameterAdded,
    /// A parameter disappeared.
    ParameterRemoved,
    /// A parameter's `required` flipped.
    ParameterRequiredChanged,
    /// A parameter's schema type or format changed.
    ParameterTypeChanged,
    /// The request body's type changed (or a body appeared / disappeared).
    RequestBodyChanged,
    /// The success response's type changed.
    ResponseChanged,
    /// A schema appeared in `components/schemas`.
    SchemaAdded,
    /// A schema disappeared.
    SchemaRemoved,
    /// A schema changed what it is (struct, enum, alias of another type).
    SchemaTypeChanged,
    /// `deprecated: true` appeared on a schema.
    SchemaDeprecated,
    /// A property appeared.
    PropertyAdded,
    /// A property disappeared.
    PropertyRemoved,
    /// A property's type or format changed.
    PropertyTypeChanged,
    /// A property moved in or out of `required`.
    PropertyRequiredChanged,
    /// A property's `readOnly` flipped.
    PropertyReadOnlyChanged,
    /// `deprecated: true` appeared on a property.
    PropertyDeprecated,
    /// An enum (schema, property or parameter) gained a value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
}

impl ChangeKind {
    /// Every kind, in declaration (and sort) order.
    pub const ALL: [ChangeKind; 23] = [
        ChangeKind::OperationAdded,
        ChangeKind::OperationRemoved,
        ChangeKind::OperationDeprecated,
        ChangeKind::OperationUndeprecated,
        ChangeKind::PermissionsChanged,
        ChangeKind::ParameterAdded,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterRequiredChanged,
        ChangeKind::ParameterTypeChanged,
        ChangeKind::RequestBodyChanged,
        ChangeKind::ResponseChanged,
        ChangeKind::SchemaAdded,
        ChangeKind::SchemaRemoved,
        ChangeKind::SchemaTypeChanged,
        ChangeKind::SchemaDeprecated,
        ChangeKind::PropertyAdded,
        ChangeKind::PropertyRemoved,
        ChangeKind::PropertyTypeChanged,
        ChangeKind::PropertyRequiredChanged,
        ChangeKind::PropertyReadOnlyChanged,
        ChangeKind::PropertyDeprecated,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
    ];
}

/// One change, where it is, and its impact on the generated crate.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Sort key first: breaking changes lead.
    pub impact: Impact,
    /// What changed.
    pub kind: ChangeKind,
    /// `GET /api/v2/…` (operation), `GET /api/v2/… query parameter `x``, `UserPresence.message`
    /// (property), `UserPresence` (schema), `POST /api/v2/… body.name` (inline body field).
    pub location: String,
    /// JSON pointer (URI fragment form) into the *new* document (the old one for removals).
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

impl Bump {
    /// `major`, `minor`, `patch` or `no`.
    pub fn word(self) -> &'static str {
        match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
            Bump::None => "no",
        }
    }
}

/// The result of a diff.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every change, breaking first, then by kind and location.
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

    /// The bump this report calls for and the next version. With `major == 0` Cargo's pre-1.0
    /// rule applies (breaking → minor, additive → patch); from 1.0 on, semver's (breaking →
    /// major, additive → minor). Docs-only changes ask for a patch release either way.
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

    /// The rule [`Report::bump`] applies for `current`, in words.
    pub fn bump_rule(current: &semver_lite::Version) -> &'static str {
        if current.major == 0 {
            "pre-1.0 rule: breaking → minor, additive → patch"
        } else {
            "semver rule: breaking → major, additive → minor"
        }
    }

    /// One line: counts and the recommended version of `genesys-client`.
    pub fn summary_line(&self, current: &semver_lite::Version) -> String {
        let (bump, next) = self.bump(current);
        if self.changes.is_empty() {
            return "API unchanged: no release needed".to_owned();
        }
        format!(
            "{} API changes ({} breaking, {} additive, {} docs-only): {} release, genesys-client {current} → {next} ({})",
            self.changes.len(),
            self.count(Impact::Breaking),
            self.count(Impact::Additive),
            self.count(Impact::None),
            bump.word(),
            Self::bump_rule(current),
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
const SCHEMAS: &str = "#/components/schemas/";

fn esc(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Compares two OpenAPI 3.0 documents.
pub fn diff(old: &Value, new: &Value) -> Report {
    let mut d = Differ {
        old,
        new,
        usage: usage(new),
        out: Vec::new(),
    };
    d.operations();
    d.schemas();
    let mut changes = d.out;
    changes.sort();
    changes.dedup();
    Report { changes }
}

/// Which side of the wire a type travels on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Usage {
    request: bool,
    response: bool,
}

impl Usage {
    const REQUEST: Self = Self {
        request: true,
        response: false,
    };
    const RESPONSE: Self = Self {
        request: false,
        response: true,
    };

    /// Callers may build values of this type: sent in requests, or reachable from no
    /// operation at all (the generator still emits it, so assume the worst).
    fn built_by_callers(self) -> bool {
        self.request || !self.response
    }

    fn label(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "used in requests and responses",
            (true, false) => "used in requests",
            (false, true) => "response-only",
            (false, false) => "used by no operation",
        }
    }
}

/// Follows a local `$ref` (`#/components/…`) to its target; `v` itself when it is no reference.
fn deref<'v>(doc: &'v Value, v: &'v Value) -> &'v Value {
    let mut v = v;
    for _ in 0..8 {
        match v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| doc.pointer(p))
        {
            Some(target) => v = target,
            None => break,
        }
    }
    v
}

/// Every local `$ref` reachable from `v` (transitively) is added to `seen`.
fn walk_refs(doc: &Value, v: &Value, seen: &mut BTreeSet<String>) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    if k == "$ref" {
                        if let Some(r) = x.as_str().filter(|r| !seen.contains(*r)) {
                            seen.insert(r.to_owned());
                            if let Some(t) = r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                                stack.push(t);
                            }
                        }
                    } else {
                        stack.push(x);
                    }
                }
            }
            Value::Array(xs) => stack.extend(xs.iter()),
            _ => {}
        }
    }
}

/// Schema name → where it is used, by reachability from the operations of `doc`.
fn usage(doc: &Value) -> BTreeMap<String, Usage> {
    let (mut req, mut resp) = (BTreeSet::new(), BTreeSet::new());
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            if let Some(shared) = item.get("parameters") {
                walk_refs(doc, shared, &mut req);
            }
            for m in METHODS {
                let Some(op) = item.get(*m) else { continue };
                for key in ["parameters", "requestBody"] {
                    if let Some(v) = op.get(key) {
                        walk_refs(doc, v, &mut req);
                    }
                }
                if let Some(v) = op.get("responses") {
                    walk_refs(doc, v, &mut resp);
                }
            }
        }
    }
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    for (set, is_req) in [(&req, true), (&resp, false)] {
        for name in set.iter().filter_map(|r| r.strip_prefix(SCHEMAS)) {
            let u = out.entry(name.to_owned()).or_default();
            if is_req {
                u.request = true;
            } else {
                u.response = true;
            }
        }
    }
    out
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

fn ref_name(s: &Value) -> Option<&str> {
    let r = s.get("$ref")?.as_str()?;
    Some(r.rsplit('/').next().unwrap_or(r))
}

/// `allOf: [{$ref}]` (how a `$ref` with siblings is written) → the `$ref` part.
fn single_ref_all_of(s: &Value) -> Option<&Value> {
    match s.get("allOf")?.as_array()?.as_slice() {
        [one] if one.get("$ref").is_some() => Some(one),
        _ => None,
    }
}

fn has_props(s: &Value) -> bool {
    s.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || (s.get("allOf").is_some() && single_ref_all_of(s).is_none())
}

fn is_string_enum(s: &Value) -> bool {
    matches!(s.get("type").and_then(Value::as_str), Some("string") | None)
        && s.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|vs| vs.iter().any(Value::is_string))
}

/// A schema's wire type in one string (`User`, `string/date-time`, `array<User>`,
/// `map<string>`, `object`, `string(enum)`), for comparisons and messages.
fn wire_sig(s: &Value) -> String {
    if let Some(r) = ref_name(s) {
        return r.to_owned();
    }
    if let Some(one) = single_ref_all_of(s) {
        return wire_sig(one);
    }
    if s.get("allOf").is_some() {
        return "allOf".into();
    }
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("any");
    match ty {
        "array" => format!(
            "array<{}>",
            s.get("items").map(wire_sig).unwrap_or_else(|| "any".into())
        ),
        "object" => match s.get("additionalProperties") {
            Some(ap) if ap.is_object() => format!("map<{}>", wire_sig(ap)),
            _ => "object".into(),
        },
        _ if s.get("enum").is_some() => format!("{ty}(enum)"),
        t => match s.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}/{f}"),
            None => t.to_owned(),
        },
    }
}

/// The Rust type the generator gives a schema (mirrors `parse::schema::type_of`): inline
/// structs and enums are `struct`/`enum`, named ones their name.
fn rust_sig(s: &Value) -> String {
    if let Some(r) = ref_name(s) {
        return r.to_owned();
    }
    if let Some(one) = single_ref_all_of(s) {
        return rust_sig(one);
    }
    if has_props(s) {
        return "struct".into();
    }
    if is_string_enum(s) {
        return "enum".into();
    }
    let fmt = s.get("format").and_then(Value::as_str);
    match s.get("type").and_then(Value::as_str) {
        Some("string") => match fmt {
            Some("date-time") => "DateTime<Utc>",
            Some("date") => "NaiveDate",
            _ => "String",
        }
        .into(),
        Some("integer") if fmt == Some("int32") => "i32".into(),
        Some("integer") => "i64".into(),
        Some("number") if fmt == Some("float") => "f32".into(),
        Some("number") => "f64".into(),
        Some("boolean") => "bool".into(),
        Some("array") => format!(
            "Vec<{}>",
            s.get("items")
                .map(rust_sig)
                .unwrap_or_else(|| "Value".into())
        ),
        None if s.get("items").is_some() => format!("Vec<{}>", rust_sig(&s["items"])),
        Some("object") | None => match s.get("additionalProperties") {
            Some(ap) if ap.is_object() => format!("Map<{}>", rust_sig(ap)),
            Some(Value::Bool(true)) => "Map<Value>".into(),
            _ => "Value".into(),
        },
        Some(_) => "Value".into(),
    }
}

/// How a schema changed type: `None` if it did not.
fn type_change(old: &Value, new: &Value) -> Option<(Impact, String)> {
    let (wo, wn) = (wire_sig(old), wire_sig(new));
    let (ro, rn) = (rust_sig(old), rust_sig(new));
    if ro != rn {
        let detail = if wo == ro && wn == rn {
            format!("`{wo}` → `{wn}`")
        } else {
            format!("`{wo}` → `{wn}` (Rust `{ro}` → `{rn}`)")
        };
        Some((Impact::Breaking, detail))
    } else if wo != wn {
        Some((
            Impact::None,
            format!("`{wo}` → `{wn}` (same Rust type `{rn}`)"),
        ))
    } else {
        None
    }
}

fn enum_values(s: &Value) -> Option<BTreeSet<String>> {
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

/// The JSON schema of an operation's request body, and its pointer suffix.
fn body_schema<'v>(doc: &'v Value, op: &'v Value) -> Option<(&'v Value, String)> {
    let body = deref(doc, op.get("requestBody")?);
    let (media, m) = body.get("content")?.as_object()?.iter().next()?;
    Some((
        m.get("schema")?,
        format!("/requestBody/content/{}/schema", esc(media)),
    ))
}

/// The schema of the first success response with a body (`None`: `()`), and its pointer suffix.
fn response_schema<'v>(doc: &'v Value, op: &'v Value) -> Option<(&'v Value, String)> {
    let rs = op.get("responses")?.as_object()?;
    let mut codes: Vec<&String> = rs.keys().filter(|c| c.starts_with('2')).collect();
    if codes.is_empty() {
        codes.extend(rs.keys().filter(|k| *k == "default"));
    }
    codes.sort();
    codes.iter().find_map(|c| {
        let (media, m) = deref(doc, rs.get(*c)?)
            .get("content")?
            .as_object()?
            .iter()
            .next()?;
        Some((
            m.get("schema")?,
            format!("/responses/{}/content/{}/schema", esc(c), esc(media)),
        ))
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
    Some(format!("{kind} of [{}]", list.join(", ")))
}

/// Properties of an object schema (merging `allOf` parts' inline properties) and its required set.
fn props(s: &Value) -> (BTreeMap<&str, &Value>, BTreeSet<&str>) {
    let mut props = BTreeMap::new();
    let mut required = BTreeSet::new();
    let mut parts = vec![s];
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        parts.extend(all.iter());
    }
    for p in parts {
        if let Some(ps) = p.get("properties").and_then(Value::as_object) {
            props.extend(ps.iter().map(|(k, v)| (k.as_str(), v)));
        }
        if let Some(rs) = p.get("required").and_then(Value::as_array) {
            required.extend(rs.iter().filter_map(Value::as_str));
        }
    }
    (props, required)
}

/// A parameter: where it is declared and its (dereferenced) object.
type Param<'v> = (String, &'v Value);

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    /// Reachability in the new document.
    usage: BTreeMap<String, Usage>,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        location: &str,
        pointer: &str,
        detail: String,
    ) {
        self.out.push(Change {
            impact,
            kind,
            location: location.to_owned(),
            pointer: pointer.to_owned(),
            detail,
        });
    }

    /// `(in, name)` → parameter, path-level ones first, overridden by the operation's own.
    fn params<'v>(
        doc: &'v Value,
        path: &str,
        method: &str,
        op: &'v Value,
    ) -> BTreeMap<(String, String), Param<'v>> {
        let mut out = BTreeMap::new();
        let item = format!("#/paths/{}", esc(path));
        let lists = [
            (
                format!("{item}/parameters"),
                doc.get("paths")
                    .and_then(|p| p.get(path))
                    .and_then(|i| i.get("parameters")),
            ),
            (format!("{item}/{method}/parameters"), op.get("parameters")),
        ];
        for (base, list) in lists {
            for (i, p) in list
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let p = deref(doc, p);
                let field = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                out.insert((field("in"), field("name")), (format!("{base}/{i}"), p));
            }
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
                    &loc,
                    &ptr,
                    format!("new operation `{id}`"),
                );
                continue;
            };
            match (bool_at(old, "deprecated"), bool_at(op, "deprecated")) {
                (false, true) => self.push(
                    Impact::Additive,
                    ChangeKind::OperationDeprecated,
                    &loc,
                    &ptr,
                    "now `#[deprecated]`".into(),
                ),
                (true, false) => self.push(
                    Impact::Additive,
                    ChangeKind::OperationUndeprecated,
                    &loc,
                    &ptr,
                    "`#[deprecated]` removed".into(),
                ),
                _ => {}
            }
            let (po, pn) = (permissions(old), permissions(op));
            if po != pn {
                self.push(
                    Impact::None,
                    ChangeKind::PermissionsChanged,
                    &loc,
                    &format!("{ptr}/x-inin-requires-permissions"),
                    format!(
                        "{} → {}",
                        po.unwrap_or_else(|| "none".into()),
                        pn.unwrap_or_else(|| "none".into())
                    ),
                );
            }
            self.parameters(path, method, old, op, &loc);
            self.body(old, op, &loc, &ptr);
            self.response(old, op, &loc, &ptr);
        }
        for (key, op) in &old_ops {
            if !new_ops.contains_key(key) {
                let (path, method) = key;
                let id = op.get("operationId").and_then(Value::as_str).unwrap_or("");
                self.push(
                    Impact::Breaking,
                    ChangeKind::OperationRemoved,
                    &format!("{} {path}", method.to_uppercase()),
                    &format!("#/paths/{}/{method}", esc(path)),
                    format!("operation `{id}` removed"),
                );
            }
        }
    }

    fn body(&mut self, old: &Value, new: &Value, loc: &str, ptr: &str) {
        let bo = body_schema(self.old, old);
        let bn = body_schema(self.new, new);
        match (bo, bn) {
            (None, None) => {}
            (Some((so, _)), Some((sn, suffix))) => {
                let bptr = format!("{ptr}{suffix}");
                match type_change(so, sn) {
                    Some((impact, detail)) => {
                        self.push(impact, ChangeKind::RequestBodyChanged, loc, &bptr, detail)
                    }
                    None => self.nested(so, sn, &format!("{loc} body"), &bptr, Usage::REQUEST),
                }
            }
            (o, n) => {
                let show = |s: Option<(&Value, String)>| {
                    s.map_or("no body".to_owned(), |(s, _)| format!("`{}`", wire_sig(s)))
                };
                let detail = format!("{} → {}", show(o), show(n));
                self.push(
                    Impact::Breaking,
                    ChangeKind::RequestBodyChanged,
                    loc,
                    &format!("{ptr}/requestBody"),
                    detail,
                );
            }
        }
    }

    fn response(&mut self, old: &Value, new: &Value, loc: &str, ptr: &str) {
        let ro = response_schema(self.old, old);
        let rn = response_schema(self.new, new);
        match (ro, rn) {
            (None, None) => {}
            (Some((so, _)), Some((sn, suffix))) => {
                let rptr = format!("{ptr}{suffix}");
                match type_change(so, sn) {
                    Some((impact, detail)) => {
                        self.push(impact, ChangeKind::ResponseChanged, loc, &rptr, detail)
                    }
                    None => self.nested(so, sn, &format!("{loc} response"), &rptr, Usage::RESPONSE),
                }
            }
            (o, n) => {
                let show = |s: Option<(&Value, String)>| {
                    s.map_or("`()`".to_owned(), |(s, _)| format!("`{}`", wire_sig(s)))
                };
                let detail = format!("{} → {}", show(o), show(n));
                self.push(
                    Impact::Breaking,
                    ChangeKind::ResponseChanged,
                    loc,
                    &format!("{ptr}/responses"),
                    detail,
                );
            }
        }
    }

    fn parameters(&mut self, path: &str, method: &str, old: &Value, new: &Value, loc: &str) {
        let po = Self::params(self.old, path, method, old);
        let pn = Self::params(self.new, path, method, new);
        for (key, (pptr, p)) in &pn {
            let (where_, name) = key;
            let ploc = format!("{loc} {where_} parameter `{name}`");
            let required = bool_at(p, "required");
            let Some((_, q)) = po.get(key) else {
                let (impact, detail) = if required {
                    (Impact::Breaking, "required: the method gains an argument")
                } else {
                    (Impact::Additive, "optional: a new setter")
                };
                self.push(
                    impact,
                    ChangeKind::ParameterAdded,
                    &ploc,
                    pptr,
                    detail.into(),
                );
                continue;
            };
            if bool_at(q, "required") != required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterRequiredChanged,
                    &ploc,
                    pptr,
                    if required {
                        "optional → required (a setter becomes an argument)"
                    } else {
                        "required → optional (an argument becomes a setter)"
                    }
                    .into(),
                );
            }
            let (so, sn) = (
                q.get("schema").unwrap_or(&Value::Null),
                p.get("schema").unwrap_or(&Value::Null),
            );
            let sptr = format!("{pptr}/schema");
            match type_change(so, sn) {
                Some((impact, detail)) => self.push(
                    impact,
                    ChangeKind::ParameterTypeChanged,
                    &ploc,
                    &sptr,
                    detail,
                ),
                None => self.nested(so, sn, &ploc, &sptr, Usage::REQUEST),
            }
        }
        for (key, (pptr, _)) in &po {
            if !pn.contains_key(key) {
                let (where_, name) = key;
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterRemoved,
                    &format!("{loc} {where_} parameter `{name}`"),
                    pptr,
                    "removed: the argument or setter disappears".into(),
                );
            }
        }
    }

    /// Values of an enum at `loc`. Non-string enums are plain Rust primitives (docs only).
    fn enum_changes(&mut self, old: &Value, new: &Value, loc: &str, ptr: &str) {
        let (Some(vo), Some(vn)) = (enum_values(old), enum_values(new)) else {
            return;
        };
        let rust_enum = is_string_enum(new);
        for v in vn.difference(&vo) {
            let (impact, detail) = if rust_enum {
                (
                    Impact::Additive,
                    format!(
                        "value {v:?}: a new variant (older crates decode it into the catch-all)"
                    ),
                )
            } else {
                (
                    Impact::None,
                    format!("value {v:?} (not a Rust enum: `{}`)", rust_sig(new)),
                )
            };
            self.push(
                impact,
                ChangeKind::EnumValueAdded,
                loc,
                &format!("{ptr}/enum"),
                detail,
            );
        }
        for v in vo.difference(&vn) {
            let (impact, detail) = if rust_enum {
                (
                    Impact::Breaking,
                    format!("value {v:?}: its variant disappears"),
                )
            } else {
                (
                    Impact::None,
                    format!("value {v:?} (not a Rust enum: `{}`)", rust_sig(new)),
                )
            };
            self.push(
                impact,
                ChangeKind::EnumValueRemoved,
                loc,
                &format!("{ptr}/enum"),
                detail,
            );
        }
    }

    /// Two schemas with the same Rust type: compare what is inside (inline struct fields, enum
    /// values, array items, map values), since inline types are types of their own.
    fn nested(&mut self, old: &Value, new: &Value, loc: &str, ptr: &str, usage: Usage) {
        if has_props(old) && has_props(new) {
            self.object(old, new, loc, ptr, usage);
        } else if let (Some(io), Some(is)) = (old.get("items"), new.get("items")) {
            self.nested(io, is, &format!("{loc}[]"), &format!("{ptr}/items"), usage);
        } else if let (Some(ao), Some(an)) = (
            old.get("additionalProperties").filter(|v| v.is_object()),
            new.get("additionalProperties").filter(|v| v.is_object()),
        ) {
            self.nested(
                ao,
                an,
                &format!("{loc}{{}}"),
                &format!("{ptr}/additionalProperties"),
                usage,
            );
        } else {
            self.enum_changes(old, new, loc, ptr);
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
            let loc = name.clone();
            let Some(o) = so.get(name) else {
                self.push(
                    Impact::Additive,
                    ChangeKind::SchemaAdded,
                    &loc,
                    &ptr,
                    "new type".into(),
                );
                continue;
            };
            let usage = self.usage.get(name).copied().unwrap_or_default();
            if !bool_at(o, "deprecated") && bool_at(s, "deprecated") {
                self.push(
                    Impact::Additive,
                    ChangeKind::SchemaDeprecated,
                    &loc,
                    &ptr,
                    "type now `#[deprecated]`".into(),
                );
            }
            match type_change(o, s) {
                Some((impact, detail)) => {
                    self.push(impact, ChangeKind::SchemaTypeChanged, &loc, &ptr, detail)
                }
                None => self.nested(o, s, name, &ptr, usage),
            }
        }
        for name in so.keys() {
            if !sn.contains_key(name) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::SchemaRemoved,
                    name,
                    &format!("#/components/schemas/{}", esc(name)),
                    "type removed".into(),
                );
            }
        }
    }

    fn object(&mut self, old: &Value, new: &Value, loc: &str, ptr: &str, usage: Usage) {
        let (po, ro) = props(old);
        let (pn, rn) = props(new);
        for (&prop, &s) in &pn {
            let ploc = format!("{loc}.{prop}");
            let pptr = format!("{ptr}/properties/{}", esc(prop));
            let required = rn.contains(prop);
            let Some(&o) = po.get(prop) else {
                let (impact, detail) = match (required, usage.built_by_callers()) {
                    (false, _) => (Impact::Additive, "optional field".to_owned()),
                    (true, true) => (
                        Impact::Breaking,
                        format!(
                            "required field, type {}: `new` gains an argument",
                            usage.label()
                        ),
                    ),
                    (true, false) => (
                        Impact::Additive,
                        format!(
                            "required field, type {}: read, never built (`new` gains an argument)",
                            usage.label()
                        ),
                    ),
                };
                self.push(impact, ChangeKind::PropertyAdded, &ploc, &pptr, detail);
                continue;
            };
            if let Some((impact, detail)) = type_change(o, s) {
                self.push(
                    impact,
                    ChangeKind::PropertyTypeChanged,
                    &ploc,
                    &pptr,
                    detail,
                );
            }
            if ro.contains(prop) != required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyRequiredChanged,
                    &ploc,
                    &pptr,
                    if required {
                        "optional → required (`Option<T>` → `T`, `new` gains an argument)"
                    } else {
                        "required → optional (`T` → `Option<T>`, `new` loses an argument)"
                    }
                    .into(),
                );
            }
            if bool_at(o, "readOnly") != bool_at(s, "readOnly") {
                self.push(
                    Impact::None,
                    ChangeKind::PropertyReadOnlyChanged,
                    &ploc,
                    &pptr,
                    if bool_at(s, "readOnly") {
                        "now read-only (docs)"
                    } else {
                        "no longer read-only (docs)"
                    }
                    .into(),
                );
            }
            if !bool_at(o, "deprecated") && bool_at(s, "deprecated") {
                self.push(
                    Impact::Additive,
                    ChangeKind::PropertyDeprecated,
                    &ploc,
                    &pptr,
                    "now `#[deprecated]`".into(),
                );
            }
            if rust_sig(o) == rust_sig(s) {
                self.nested(o, s, &ploc, &pptr, usage);
            }
        }
        for &prop in po.keys() {
            if !pn.contains_key(prop) {
                self.push(
                    Impact::Breaking,
                    ChangeKind::PropertyRemoved,
                    &format!("{loc}.{prop}"),
                    &format!("{ptr}/properties/{}", esc(prop)),
                    "field removed".into(),
                );
            }
        }
    }
}
