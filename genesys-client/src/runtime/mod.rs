//! The hand-written runtime: client, auth, retries, errors, pagination and the request
//! surface the generated operations call. It names nothing generated, so it compiles beside
//! code generated from any tag selection.
//!
//! Grouped by concern: `http/` (the core every request goes through), `publishing/` (batch
//! events, the publisher, the sink), [`topic`] (notification topics and the payload
//! trait the generated event enum implements), and the mock server behind the `mock` feature.

mod http;
pub(crate) mod mock;
#[cfg(feature = "notifications")]
pub mod notifications;
mod publishing;
pub mod topic;

// The public modules keep the paths users and generated code name (`runtime::retry`, …).
pub use http::{auth, bulk, error, middleware, pagination, region, retry, sleep};
pub use publishing::{batch as events, publish, sink};

pub use auth::{AccessToken, ClientCredentials, Secret, StaticToken, TokenSource};
pub use bulk::{BulkOutcome, Chunk, DEFAULT_BULK_IN_FLIGHT};
pub use error::{Error, ErrorBody, ErrorDetail};
pub use events::{BatchEvent, Draft, EventRejection, IntoDraft};
pub use http::client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_USER_AGENT};
pub use http::custom::CustomRequest;
pub use http::form::FilePart;
pub use http::options::RequestOptions;
pub use http::request::encode_path_segment;
#[doc(hidden)]
pub use http::request::RequestParts;
pub use http::response::{ApiResponse, CORRELATION_ID_HEADER};
pub use middleware::{AttemptContext, AttemptOutcome, Middleware};
pub use publish::{
    BatchFailure, EventPublisher, Ledger, Publication, PublishOutcome, Rejected, DEFAULT_IN_FLIGHT,
};
pub use region::Region;
pub use retry::RetryPolicy;
pub use sink::{
    EventSink, EventSinkBuilder, SinkClosed, SinkTotals, DEFAULT_LINGER, DEFAULT_SINK_CAPACITY,
};
pub use sleep::{Clock, ManualClock, Sleep, TokioSleep};
pub use topic::{NotificationPayload, Topic};

#[cfg(feature = "notifications")]
pub use notifications::{Item, Receiver, ReceiverBuilder};
