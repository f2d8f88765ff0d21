//! The intermediate representation: what the generator knows, free of OpenAPI and of tokens.

/// The whole API.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {}
