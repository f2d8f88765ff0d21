//! What the HTTP API says about the operations and schemas the generator skips.
//!
//! A skipped item has no Rust type or method, but it is still part of the API a client talks
//! to, so its changes still matter (a query parameter added to an operation nobody can call
//! through the crate is still a change on the wire). These facts are derived once in `parse`
//! for every skipped item, so the diff reports its changes without reading the JSON.

/// An operation the generator skips, as the wire sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireOperation {
    /// Upper-case method (`GET`).
    pub method: String,
    /// Path template as in the document.
    pub path: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters, path-level ones merged in (an operation's own win), in document order.
    pub params: Vec<WireParam>,
    /// A request body: whether it is required.
    pub body: Option<bool>,
    /// Response statuses (`200`, `4XX`, `default`), sorted.
    pub statuses: Vec<String>,
}

/// A parameter of a skipped operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireParam {
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    /// Name on the wire.
    pub name: String,
    /// `required`.
    pub required: bool,
    /// JSON pointer of the parameter (where it is declared, path item or operation).
    pub pointer: String,
}

/// A component schema the generator skips, as the wire sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireSchema {
    /// Name in `components/schemas`.
    pub name: String,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Its own `properties` and those of the inline parts of its `allOf` (not those of the
    /// schemas it references): name and whether required.
    pub properties: Vec<(String, bool)>,
}
