//! A typed mock of the Genesys Cloud API for your tests (cargo feature `mock`, off by default).
//!
//! ```toml
//! [dev-dependencies]
//! genesys-client = { version = "0.1", features = ["mock"] }
//! ```
//!
//! [`MockServer::start`] runs a server on a loopback port; [`MockServer::client`] hands back a
//! [`Client`](crate::Client) already pointed at it, authenticating with OAuth client
//! credentials against the mock's own token endpoint. Every operation of the API has a typed
//! stub, generated from the same description as the client (so the two cannot drift):
//! `mock.<tag>().<operation>()`, then optional matchers named after the operation's parameters
//! (`.user_id("u1")`, `.locale_code(…)`, `.body(…)`, `.body_matches(|b| …)`), then one of
//!
//! - [`respond(value)`](TypedStub::respond): the operation's success status with `value` as
//!   the body (its type is the operation's response type);
//! - [`fail(ApiError)`](TypedStub::fail): a Genesys error: status, `ErrorBody` JSON,
//!   `ININ-Correlation-Id`, `Retry-After`;
//! - [`replies([…])`](TypedStub::replies): a sequence (first a `429`, then a `200`…), the last
//!   reply repeating;
//! - [`reply_with(|request| …)`](TypedStub::reply_with): an answer computed from the request.
//!
//! Each returns the stub's [`Calls`]: how many requests it answered, the requests themselves
//! and their typed bodies. The batch-event operations (`mock.events()…`) also answer partial
//! failures scripted with [`EventFailures`] (`retryable` or not) and list the events received.
//!
//! Path and query values are matched as the client encodes them (the same
//! [`encode_path_segment`](crate::runtime::encode_path_segment), the same date and list
//! formats), so a matcher given the value your code passes to the client matches its request.
//! A request no stub matches gets a `404` whose message names it, and is listed by
//! [`MockServer::unmatched_requests`].
//!
//! ```
//! use std::time::Duration;
//!
//! use genesys_client::mock::{ApiError, EventFailures, MockServer, Reply};
//! use genesys_client::models::{
//!     BatchUserPresenceEventRequest, PresenceDefinition, UserPresence, UserPresenceEvent,
//! };
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), genesys_client::Error> {
//! let mock = MockServer::start().await;
//! let client = mock.client();
//!
//! // A typed success, matched on the path parameters.
//! let patches = mock
//!     .presence()
//!     .patch_user_presence()
//!     .user_id("user 1") // matched as the client sends it: `user%201`
//!     .source_id("PURECLOUD")
//!     .replies([
//!         // First rate limited, then accepted: the client retries by itself.
//!         ApiError::too_many_requests().retry_after(Duration::ZERO).into(),
//!         Reply::ok(UserPresence::new().with_message("Back at 3pm")),
//!     ])
//!     .await;
//!
//! let body = UserPresence::new()
//!     .with_presence_definition(PresenceDefinition::new().with_id("available-id"))
//!     .with_message("Back at 3pm");
//! let answer = client
//!     .presence()
//!     .patch_user_presence("user 1", "PURECLOUD", body.clone())
//!     .send()
//!     .await?;
//! assert_eq!(answer.message.as_deref(), Some("Back at 3pm"));
//! patches.assert_count(2);
//! assert_eq!(patches.bodies(), vec![body.clone(), body]);
//!
//! // A Genesys error with its correlation id.
//! mock.presence()
//!     .get_user_presence()
//!     .user_id("ghost")
//!     .fail(ApiError::not_found().message("User not found").correlation_id("corr-1"))
//!     .await;
//! let err = client
//!     .presence()
//!     .get_user_presence("ghost", "PURECLOUD")
//!     .send()
//!     .await
//!     .unwrap_err();
//! assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
//! assert_eq!(err.correlation_id(), Some("corr-1"));
//!
//! // Published events are recorded; here one fails for good.
//! let published = mock
//!     .events()
//!     .post_events_users_presence()
//!     .respond_with_failures(EventFailures::new().permanent("e2", "User not found"))
//!     .await;
//! let at = chrono::Utc::now();
//! let response = client
//!     .events()
//!     .post_events_users_presence(BatchUserPresenceEventRequest::new().with_user_presence_events(
//!         vec![
//!             UserPresenceEvent::new(at, "e1", "source", "user-1"),
//!             UserPresenceEvent::new(at, "e2", "source", "user-2"),
//!         ],
//!     ))
//!     .send()
//!     .await?;
//! let errors = response.errors.unwrap_or_default();
//! assert_eq!(errors.len(), 1);
//! assert_eq!(errors[0].event_id.as_deref(), Some("e2"));
//! assert_eq!(errors[0].retryable, Some(false));
//! assert_eq!(published.event_ids(), ["e1", "e2"]);
//! # Ok(()) }
//! ```
//!
//! # Why wiremock
//!
//! The server is [wiremock](https://docs.rs/wiremock)'s, not `httpmock`'s (which progenitor's
//! generated mocks use):
//!
//! - it is already this workspace's test server (the client's own tests use it), so the
//!   feature adds no crate to the lock file and no second HTTP server stack to test builds;
//! - it runs inside the test's own tokio runtime (`httpmock` runs its server on a thread and
//!   runtime of its own);
//! - its `Match` and `Respond` traits are plain trait objects, so typed matchers (path segments
//!   encoded exactly as the client encodes them, decoded query values, typed bodies), reply
//!   sequences and per-stub recording are small wrappers rather than a fork of a mock DSL;
//! - it is maintained, MIT/Apache-2.0 like this crate, and verifies `expect(n)` counts.
//!
//! It stays an implementation detail: no signature here mentions it, so it can be replaced
//! without breaking your tests.

// Empty when no tag feature is on (the mock alone still builds).
#[allow(unused_imports)]
pub use crate::generated_mock::*;
pub use crate::runtime::mock::{
    ApiError, Calls, EventFailure, EventFailures, MockOperation, MockServer, NoBody,
    RecordedRequest, Reply, TypedStub, MOCK_ACCESS_TOKEN, MOCK_CLIENT_ID, MOCK_CLIENT_SECRET,
    TOKEN_PATH,
};

/// The scriptable Notifications server (features `mock` + `notifications`): see
/// [`MockNotifications`].
#[cfg(feature = "notifications")]
pub use crate::runtime::mock::notifications::{
    ChannelSnapshot, MockNotifications, PingReply, SentEvent,
};
