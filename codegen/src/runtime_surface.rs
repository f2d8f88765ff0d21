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
    "event_sink",
    "execute",
    "execute_empty",
    "execute_exists",
    "execute_raw",
    "execute_text",
    "notification_receiver",
    "request",
    "retry_policy",
];

/// Inherent methods of the runtime's `MockServer` (the client's `mock` feature), sorted. The
/// generated mock adds one accessor per tag to it as well (`mock.presence()`), so tag modules
/// avoid these names too; `codegen/tests/mock_surface.rs` checks the list against the source.
pub const MOCK_SERVER_METHODS: &[&str] = &[
    "client",
    "client_builder",
    "received_requests",
    "register",
    "start",
    "token_requests",
    "token_url",
    "unmatched_requests",
    "uri",
    "verify",
];
