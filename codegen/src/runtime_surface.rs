//! The runtime's public surface that generated code lives beside, in one place.
//!
//! Generated code adds one inherent accessor per tag to the runtime's `Client`
//! (`client.presence()`), so a tag module must not be named like a method `Client` already has.
//! The runtime keeps every inherent method of `Client` public (its private machinery lives on
//! other types), so this list is exactly `Client`'s public methods; the test
//! `codegen/tests/runtime_boundary.rs` reads the runtime's sources and fails when the two differ.

/// Inherent methods of `genesys_client::Client`, sorted.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "event_publisher",
    "execute",
    "execute_empty",
    "max_events_per_request",
    "retry_policy",
];
