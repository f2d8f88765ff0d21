//! The report: changes, their impact on the generated crate, and the release they call for.

use serde::Serialize;

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
    /// A property's `readOnly` flipped, or whether it has a `with_*` setter changed (a
    /// read-only field has none on a type requests carry).
    PropertyReadOnlyChanged,
    /// `deprecated: true` appeared on a property.
    PropertyDeprecated,
    /// An enum (schema, property or parameter) gained a value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// A Rust name changed while the wire name stayed (a type, field, parameter, variant or
    /// method): the generator renamed it, usually to resolve a name collision.
    Renamed,
    /// A generated type gained or lost a derived trait (`Default`, `Eq`, `Hash`).
    DerivesChanged,
    /// The cargo features a generated type compiles with changed (`ir::Reach`): narrower is
    /// breaking for a program that enabled only a feature it lost.
    FeaturesChanged,
    /// An operation gained or lost its page stream (`stream()`).
    PaginationChanged,
    /// A list parameter's per-request limit (`maxItems`) appeared, went or changed, and with
    /// it `send_chunked()` and the check before sending.
    LimitChanged,
    /// Success statuses or error responses changed without changing the Rust signature.
    ResponseStatusesChanged,
    /// Only the names of an operation's path parameters changed (`{sourceId}` → `{id}`): the
    /// URL on the wire is the same, and path parameters are positional arguments in Rust.
    PathChanged,
    /// A notification topic appeared in the topic snapshot.
    TopicAdded,
    /// A notification topic disappeared.
    TopicRemoved,
    /// A topic's payload type changed.
    TopicPayloadChanged,
    /// A topic became subscribable or stopped being so.
    TopicSubscribeChanged,
}

impl ChangeKind {
    /// Every kind, in declaration (and sort) order.
    pub const ALL: [ChangeKind; 34] = [
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
        ChangeKind::Renamed,
        ChangeKind::DerivesChanged,
        ChangeKind::FeaturesChanged,
        ChangeKind::PaginationChanged,
        ChangeKind::LimitChanged,
        ChangeKind::ResponseStatusesChanged,
        ChangeKind::PathChanged,
        ChangeKind::TopicAdded,
        ChangeKind::TopicRemoved,
        ChangeKind::TopicPayloadChanged,
        ChangeKind::TopicSubscribeChanged,
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
    /// Set when the operation or schema is *not generated* (the generator skips it on both
    /// sides, or on the side it exists): its impact on a client of the HTTP API. `impact` is
    /// then `none`, since nothing in the Rust crate changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire_impact: Option<Impact>,
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
