//! Operations: one HTTP call each, grouped by tag.

use super::{Docs, TypeRef};

/// A tag: one Rust module and one `client.<tag>()` accessor.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    /// The tag as written in the spec (`Presence`).
    pub wire_name: String,
    /// Module and accessor name (`presence`).
    pub module: String,
    /// The accessor's struct (`PresenceApi`).
    pub api_struct: String,
    /// Operations sorted by method name.
    pub operations: Vec<Operation>,
}

/// HTTP methods the spec can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl HttpMethod {
    /// Upper-case name (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }
}

impl Operation {
    /// The named types the caller sends: parameters and the request body.
    pub fn request_roots(&self, out: &mut Vec<String>) {
        self.params.iter().for_each(|p| p.ty.named(out));
        if let Some(b) = &self.body {
            b.ty.named(out);
        }
    }

    /// The named type of the success response.
    pub fn response_roots(&self, out: &mut Vec<String>) {
        if let Some(t) = &self.response.ty {
            t.named(out);
        }
    }
}

/// One API operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The spec's operationId (or a synthesized one).
    pub operation_id: String,
    /// Method on the tag's API struct (`get_user_presence`).
    pub fn_name: String,
    /// Request-builder struct (`GetUserPresence`).
    pub builder: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template as in the spec (`/api/v2/users/{userId}/presences/{sourceId}`), parsed.
    pub path: PathTemplate,
    /// For each `{placeholder}` of `path`, in order: the index in `params` of the path
    /// parameter filling it (`None`: the description declares none).
    pub path_params: Vec<Option<usize>>,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Summary and description.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// For a deprecated operation, the one Genesys says to use instead (named in its summary).
    pub replaced_by: Option<Replacement>,
    /// `x-inin-requires-permissions`.
    pub permissions: Option<Permissions>,
    /// Parameters: path ones in template order, then the rest in document order.
    pub params: Vec<Param>,
    /// The request body, when it is one value (JSON, text or bytes).
    pub body: Option<RequestBody>,
    /// When the request body is a form: how it is encoded (its fields are the `params` located
    /// in [`ParamLocation::Form`]).
    pub form: Option<FormEncoding>,
    /// Success response.
    pub response: Response,
    /// Present when the operation pages through a Genesys listing.
    pub pagination: Option<Pagination>,
    /// Splitting a limited list parameter over several requests, when the operation has
    /// exactly one (a query list with `maxItems`).
    pub chunking: Option<Chunking>,
}

/// The operation that replaces a deprecated one, as the spec names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// Its method.
    pub method: HttpMethod,
    /// Its path template.
    pub path: PathTemplate,
}

/// A path template, parsed once: literal text and `{name}` parameters in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    raw: String,
    segments: Vec<PathSegment>,
}

/// A piece of a [`PathTemplate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as is (an unclosed `{` stays literal).
    Literal(String),
    /// A `{name}` placeholder: the wire name of a path parameter.
    Param(String),
}

impl PathTemplate {
    /// Parses `/a/{b}/c`.
    pub fn parse(raw: &str) -> Self {
        let mut segments = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            if start > 0 {
                segments.push(PathSegment::Literal(rest[..start].to_owned()));
            }
            segments.push(PathSegment::Param(rest[start + 1..start + len].to_owned()));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        Self {
            raw: raw.to_owned(),
            segments,
        }
    }

    /// The template as written in the spec.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Literal pieces and placeholders, in order.
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// Wire names of the placeholders, in order (a name used twice appears twice).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(p) => Some(p.as_str()),
            PathSegment::Literal(_) => None,
        })
    }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.raw)
    }
}

/// `x-inin-requires-permissions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permissions {
    /// Whether any one or all of them are needed (`type`).
    pub rule: PermissionRule,
    /// Permission strings.
    pub permissions: Vec<String>,
}

/// `x-inin-requires-permissions.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermissionRule {
    /// `ANY`: one of the permissions suffices.
    Any,
    /// `ALL` (and anything else: the stricter reading).
    All,
}

impl PermissionRule {
    /// From the wire value, case-insensitively; an unknown value reads as `All`.
    pub fn from_wire(value: &str) -> Self {
        if value.eq_ignore_ascii_case("ANY") {
            PermissionRule::Any
        } else {
            PermissionRule::All
        }
    }

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            PermissionRule::Any => "ANY",
            PermissionRule::All => "ALL",
        }
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A `{segment}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A field of a form or multipart request body (see [`Operation::form`]).
    Form,
}

/// How a list or map parameter is written (OpenAPI `style`; Swagger 2.0 `collectionFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamStyle {
    /// `form` (query, form fields): `key=a&key=b` exploded, `key=a,b` not.
    Form,
    /// `simple` (path, header): `a,b`.
    Simple,
    /// `spaceDelimited` (`ssv`): `key=a b`.
    SpaceDelimited,
    /// `pipeDelimited` (`pipes`): `key=a|b`.
    PipeDelimited,
    /// `deepObject` (maps in a query): `key[k]=v`.
    DeepObject,
}

/// How a multipart field is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartKind {
    /// Text parts: a scalar, or one part per item of a list of scalars.
    Text,
    /// File parts (`format: binary`): bytes with a file name, one per item of a list.
    File,
    /// One `application/json` part holding the value.
    Json,
}

/// How a form request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormEncoding {
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// `multipart/form-data`: binary fields are file parts.
    Multipart,
}

/// What a request or response body is on the wire, decided by its media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BodyKind {
    /// JSON (`application/json`, `*+json`, or `*/*` with a JSON schema), (de)serialized with serde.
    Json,
    /// Text (`text/*`, XML), as a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, PDF, `*/*` without a JSON schema), as bytes.
    Binary,
}

/// One parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust name (argument or setter).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// JSON pointer of the parameter (path-level ones point into the path item).
    pub pointer: String,
    /// Location.
    pub location: ParamLocation,
    /// Must be given.
    pub required: bool,
    /// Type; arrays are `TypeRef::Vec`.
    pub ty: TypeRef,
    /// For arrays and maps: how they are written (with `explode`).
    pub style: ParamStyle,
    /// For arrays: `true` repeats the key (`multi`), `false` joins them (`csv`, `ssv`, `pipes`
    /// by `style`); for maps in a query: `true` writes each entry as its own `key=value`.
    pub explode: bool,
    /// The document gives the value (or its items, or a map's values) no scalar type (`type:
    /// object` without properties): it is typed as a string, and the caller gives each value's
    /// string form, as Genesys' own SDKs send it.
    pub free_form: bool,
    /// For fields of a multipart body: how the value is sent.
    pub part: Option<PartKind>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// For arrays: `maxItems`, the most values one request may carry (e.g. the bulk presence
    /// `id` list, from the reviewed limits overlay under `spec/`).
    pub max_items: Option<usize>,
    /// Rustdoc.
    pub docs: Docs,
}

/// A request body that is one value.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// Rust argument name (`body`).
    pub name: String,
    /// Body type (a string for text bodies, binary for byte bodies).
    pub ty: TypeRef,
    /// JSON, text or bytes.
    pub kind: BodyKind,
    /// The media type sent as `Content-Type` (`application/json`, `image/png`).
    pub media: String,
    /// JSON pointer of the body's schema (`…/requestBody/content/<media>/schema`).
    pub pointer: String,
    /// The spec marks it required.
    pub required: bool,
}

/// The success response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Decoded type; `None` for empty responses (`()`).
    pub ty: Option<TypeRef>,
    /// JSON, text or bytes (JSON when there is no body).
    pub kind: BodyKind,
    /// The success media types the document lists, sent as `Accept` for text and byte
    /// responses (JSON responses accept `application/json`).
    pub media: Vec<String>,
    /// Success status codes the spec lists (`200`, `201`, `204`; `default` as 0).
    pub statuses: Vec<u16>,
    /// A `HEAD` without a body: the answer is whether the resource exists (a success status
    /// is `true`, `404` is `false`, any other status an error).
    pub existence: bool,
}

/// A list parameter with a per-request limit (`maxItems`): the builder can split any number
/// of values into requests of at most `limit` (`send_chunked`).
#[derive(Clone, Debug, PartialEq)]
pub struct Chunking {
    /// Index of the list parameter in [`Operation::params`].
    pub param: usize,
    /// Its `maxItems`.
    pub limit: usize,
}

/// Paging through a listing response.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The `pageNumber` parameter, as an index into [`Operation::params`].
    pub page_param: usize,
    /// Item type of `entities`.
    pub item: TypeRef,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_parse_into_literals_and_placeholders() {
        let t = PathTemplate::parse("/api/v2/users/{userId}/x/{id}{id}/end");
        assert_eq!(t.as_str(), "/api/v2/users/{userId}/x/{id}{id}/end");
        assert_eq!(t.params().collect::<Vec<_>>(), ["userId", "id", "id"]);
        assert_eq!(
            t.segments(),
            [
                PathSegment::Literal("/api/v2/users/".into()),
                PathSegment::Param("userId".into()),
                PathSegment::Literal("/x/".into()),
                PathSegment::Param("id".into()),
                PathSegment::Param("id".into()),
                PathSegment::Literal("/end".into()),
            ]
        );
        // An unclosed brace is text.
        let t = PathTemplate::parse("/a/{b");
        assert_eq!(t.segments(), [PathSegment::Literal("/a/{b".into())]);
        assert_eq!(t.params().count(), 0);
    }
}
