//! Types: structs, open enums and aliases, and references between them.

/// Documentation gathered for an item; emitters turn it into `///` lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// Prose from the spec (summary/description), if any.
    pub text: Option<String>,
    /// Generated facts (wire name, format, read-only…), one line each once rendered.
    pub facts: Vec<Fact>,
}

/// A fact the generator states about a type, as data: emitters decide how it reads, so the
/// IR holds no rustdoc. (A field's facts are its own data: wire name, type, format, read-only.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// A component schema the spec gives no prose: where it comes from (its wire name).
    Schema(String),
    /// An inline type the spec gives no prose: where it was declared (`User.state`); more
    /// than one place when identical inline enums became one type ([`super::dedup`]).
    Inline(Vec<String>),
}

/// Which `models/` file declares a type: a schema and the inline types declared inside it
/// share one, so a change to one schema touches one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileId {
    /// `models/<stem>.rs`: a component schema's file, or the own file of a type merged from
    /// several inline declarations.
    Model(String),
    /// The file of one operation's inline parameter, body and response types, by
    /// operationId; [`super::Api::operation_files`] holds its stem.
    Operation(String),
}

/// A Rust type the generator writes.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Rust type name (unique across the crate's models).
    pub name: String,
    /// The schema name on the wire, or a readable origin for inline types (`User.state`).
    pub wire_name: String,
    /// The module file that declares this type.
    pub file: FileId,
    /// JSON pointer of the schema in the spec.
    pub pointer: String,
    /// Rustdoc.
    pub docs: Docs,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
    /// All fields (transitively) support `Eq`.
    pub eq: bool,
    /// All fields (transitively) support `Hash`.
    pub hash: bool,
    /// Whether requests, responses or both carry this type (computed once, in `parse`).
    pub usage: Usage,
    /// Which tags' operations reach it, and so which cargo features compile it.
    pub reach: Reach,
}

/// Which tags' operations reach a type (through parameters, bodies, success responses, fields
/// and items); each tag is a cargo feature of the generated crate, so this is the set of
/// features any one of which compiles the type. Computed once, in `parse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reach {
    /// Compiled whatever features are on: reached by a notification topic or an error
    /// response (the runtime's concerns, not one tag's), or by nothing.
    #[default]
    Always,
    /// Compiled with any of these tags' features (tag module names, sorted, unique).
    Tags(Vec<String>),
}

impl Reach {
    /// Both reaches: compiled whenever either is.
    pub fn union(&self, other: &Reach) -> Reach {
        match (self, other) {
            (Reach::Tags(a), Reach::Tags(b)) => {
                let mut tags = a.clone();
                tags.extend(b.iter().cloned());
                tags.sort();
                tags.dedup();
                Reach::Tags(tags)
            }
            _ => Reach::Always,
        }
    }

    /// Whether every feature set that compiles `other` compiles this too.
    pub fn covers(&self, other: &Reach) -> bool {
        match (self, other) {
            (Reach::Always, _) => true,
            (Reach::Tags(_), Reach::Always) => false,
            (Reach::Tags(a), Reach::Tags(b)) => b.iter().all(|t| a.contains(t)),
        }
    }

    /// The tags, or `None` for [`Reach::Always`].
    pub fn tags(&self) -> Option<&[String]> {
        match self {
            Reach::Always => None,
            Reach::Tags(t) => Some(t),
        }
    }
}

/// Where a type travels: in what the client sends, in what it receives, or both. Decides how
/// strict decoding is (see [`Usage::response`]) and whether server-set fields get setters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Usage {
    /// Reachable from a request body or parameter: `required` is a promise the client keeps,
    /// so constructors take the required fields, and `readOnly` fields get no setters.
    pub request: bool,
    /// Reachable from a response body (success or error): the server may omit or null any
    /// field, so every field decodes as optional.
    pub response: bool,
}

impl Usage {
    /// Only in what the client sends (a parameter or request body slot).
    pub const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    /// Only in what the client receives (a response slot).
    pub const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };
}

impl TypeKind {
    /// Every named type its fields, alias or newtype target mention: the edges every walk
    /// of the type graph follows.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| f.ty.named(out)),
            TypeKind::Alias(r) | TypeKind::Newtype(r) => r.named(out),
            TypeKind::Enum(_) => {}
        }
    }
}

/// The shape of a [`TypeDef`].
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string enum that keeps unknown values.
    Enum(EnumDef),
    /// A named schema that is just another type (`type Foo = Vec<Bar>`).
    Alias(TypeRef),
    /// Like an alias, but a distinct type (`struct Foo(Vec<Foo>)`): used where an alias would
    /// be recursive, which Rust rejects.
    Newtype(TypeRef),
}

/// An object schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StructDef {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// The object is a Genesys listing (`entities` + paging fields), for pagination.
    pub listing: Option<Listing>,
}

/// A Genesys listing: which fields hold the page and its bookkeeping, as indices into
/// [`StructDef::fields`] (found once, in `parse`; emitters never look fields up by wire name).
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// Item type of `entities`.
    pub item: TypeRef,
    /// The `entities` array.
    pub entities: usize,
    /// `pageNumber`, when it is an integer.
    pub page_number: Option<usize>,
    /// `pageCount`, when it is an integer.
    pub page_count: Option<usize>,
    /// `nextUri`, when it is a string.
    pub next_uri: Option<usize>,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust field name.
    pub name: String,
    /// JSON property name.
    pub wire_name: String,
    /// JSON pointer of the property's schema in the spec.
    pub pointer: String,
    /// The property's type (without the `Option` for optional fields).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// The Rust field is an `Option`: the spec does not require it, or responses carry the
    /// type, where an absent or `null` value must not discard the whole body (set by `parse`
    /// from [`Usage`]; every emitter follows it).
    pub optional: bool,
    /// `readOnly: true`: set by the server.
    pub read_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The field closes a containment cycle and must be boxed.
    pub boxed: bool,
    /// For arrays: `maxItems`, the most items the API accepts (e.g. events per batch request,
    /// from the reviewed limits overlay under `spec/`).
    pub max_items: Option<usize>,
    /// A string `format` the generator does not map to a Rust type of its own (`uuid`),
    /// stated in the docs.
    pub format: Option<String>,
    /// Rustdoc.
    pub docs: Docs,
}

/// A string enum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnumDef {
    /// Known values, in document order.
    pub variants: Vec<Variant>,
    /// Rust name of the catch-all variant holding unknown values.
    pub unknown: String,
}

/// One enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// Scalar types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Primitive {
    /// `string` (including `format: uri`, which Genesys uses for relative paths).
    String,
    /// `boolean`.
    Bool,
    /// `integer`/`int32`.
    I32,
    /// `integer`/`int64` or `integer` without format.
    I64,
    /// `number`/`float`.
    F32,
    /// `number`/`double` or `number` without format.
    F64,
    /// `string`/`date-time`.
    DateTime,
    /// `string`/`date`.
    Date,
    /// Free-form JSON (`object` with no properties, unknown shapes).
    Json,
    /// `string`/`binary` (file uploads).
    Binary,
}

/// A reference to a type, as used by a field, parameter, body or response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// A scalar.
    Primitive(Primitive),
    /// A generated type, by Rust name.
    Named(String),
    /// `array`.
    Vec(Box<TypeRef>),
    /// `object` with `additionalProperties`: string keys, sorted.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// Shorthand for a primitive.
    pub fn prim(p: Primitive) -> Self {
        Self::Primitive(p)
    }

    /// The named type this reference contains directly (not through a collection).
    pub fn direct_named(&self) -> Option<&str> {
        match self {
            Self::Named(n) => Some(n),
            _ => None,
        }
    }

    /// Every named type mentioned, through collections too.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            Self::Named(n) => out.push(n.clone()),
            Self::Vec(t) | Self::Map(t) => t.named(out),
            Self::Primitive(_) => {}
        }
    }
}
