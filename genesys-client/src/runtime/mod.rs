//! The hand-written runtime: client, auth, retries, errors, pagination and the request
//! surface the generated operations call.

pub mod auth;
pub mod batch_limit;
mod client;
pub mod error;
mod error_body;
pub mod events;
pub(crate) mod mock;
pub mod pagination;
pub mod region;
mod request;
mod response;
pub mod retry;

pub use auth::{AccessToken, ClientCredentials, Secret, StaticToken, TokenSource};
pub use batch_limit::DEFAULT_MAX_EVENTS_PER_REQUEST;
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_USER_AGENT};
pub use error::{Error, ErrorBody, ErrorDetail};
pub use events::{BatchEvent, EventPublisher, EventRejection, PublishReport};
pub use region::Region;
pub use request::encode_path_segment;
#[doc(hidden)]
pub use request::RequestParts;
pub use response::{ApiResponse, CORRELATION_ID_HEADER};
pub use retry::RetryPolicy;
