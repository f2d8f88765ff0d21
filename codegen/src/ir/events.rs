//! Batch-event operations: facts the generator finds in the spec so the runtime's generic
//! [`EventPublisher`] can publish their events without knowing any generated type.
//!
//! An operation is a batch-event operation when it is a `POST` whose JSON body is an object of
//! one or more arrays of events (objects with a string `eventId` and a date-time
//! `eventDateTime`), every other body field optional, no required parameter, and whose success
//! response is an object with an `errors` array of per-event errors (objects with a string
//! `eventId` and a boolean `retryable`).
//!
//! Fields are named by their index in [`StructDef::fields`](super::StructDef::fields) of the
//! type they belong to.
//!
//! [`EventPublisher`]: https://docs.rs/genesys-client (runtime::events)

/// One batch-event operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventBatch {
    /// Index of the operation's tag in [`Api::tags`](super::Api::tags).
    pub tag: usize,
    /// Index of the operation in that tag's `operations`.
    pub operation: usize,
    /// The body type (a struct).
    pub body: String,
    /// The event arrays of the body, in field order.
    pub arrays: Vec<EventArray>,
    /// The response type (a struct).
    pub response: String,
    /// Index of the response's `errors` field.
    pub errors_field: usize,
    /// The per-event error type (a struct).
    pub rejection: String,
    /// Index of the error's `eventId` field.
    pub rejection_id_field: usize,
    /// Index of the error's `retryable` field.
    pub rejection_retryable_field: usize,
    /// Index of the error's `message` field (a string), if it has one.
    pub rejection_message_field: Option<usize>,
    /// With several arrays: the Rust name of the generated enum with one variant per array
    /// (unique among the enums of the events module).
    pub event_enum: Option<String>,
}

/// One array of events in a batch body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventArray {
    /// Index of the array field in the body type.
    pub field: usize,
    /// The event type (a struct).
    pub event: String,
    /// Index of the event's `eventId` field.
    pub id_field: usize,
    /// Index of the event's `eventDateTime` field.
    pub time_field: usize,
}
