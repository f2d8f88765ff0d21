//! The hand-written runtime: client, auth, retries, errors, pagination and the request
//! surface the generated operations call.

pub mod auth;
pub mod bulk;
mod client;
mod custom;
pub mod error;
mod error_body;
pub mod events;
pub mod middleware;
pub(crate) mod mock;
mod options;
pub mod pagination;
pub mod publish;
mod rate_gate;
pub mod region;
mod request;
mod response;
pub mod retry;
pub mod sink;
pub mod sleep;
mod transport;

pub use auth::{AccessToken, ClientCredentials, Secret, StaticToken, TokenSource};
pub use bulk::{BulkOutcome, Chunk, DEFAULT_BULK_IN_FLIGHT};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_USER_AGENT};
pub use custom::CustomRequest;
pub use error::{Error, ErrorBody, ErrorDetail};
pub use events::{BatchEvent, Draft, EventRejection, IntoDraft};
pub use middleware::{AttemptContext, AttemptOutcome, Middleware};
pub use options::RequestOptions;
pub use publish::{
    BatchFailure, EventPublisher, Ledger, Publication, PublishOutcome, Rejected, DEFAULT_IN_FLIGHT,
};
pub use region::Region;
pub use request::encode_path_segment;
#[doc(hidden)]
pub use request::RequestParts;
pub use response::{ApiResponse, CORRELATION_ID_HEADER};
pub use retry::RetryPolicy;
pub use sink::{
    EventSink, EventSinkBuilder, SinkClosed, SinkTotals, DEFAULT_LINGER, DEFAULT_SINK_CAPACITY,
};
pub use sleep::{Sleep, TokioSleep};
