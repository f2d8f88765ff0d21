//! How the client waits between retries: a [`Sleep`] you can replace.
//!
//! The default, [`TokioSleep`], is `tokio::time::sleep`. Tests (yours and ours) install one
//! that returns at once and records the waits, so retry and backoff behaviour is checked in
//! virtual time, without slow or load-sensitive wall-clock assertions. The retry budget
//! ([`RetryPolicy::max_elapsed`](crate::runtime::RetryPolicy::max_elapsed)) counts the
//! waits as requested plus the measured time of the attempts, so it follows the same virtual
//! time. (Same idea as smithy-rs' `AsyncSleep`. `tokio::time::pause` alone would also fire
//! the HTTP timeouts early while a server on another thread is answering; tests of the
//! timeouts themselves pause the clock with the server on the test's own runtime.)

use std::fmt;
use std::time::Duration;

use futures_util::future::BoxFuture;

/// Waits for a duration. Implement it to control time in tests.
pub trait Sleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration` (as this implementation sees time).
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// [`Sleep`] with `tokio::time::sleep` (the default).
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct TokioSleep;

impl TokioSleep {
    /// The tokio sleep.
    pub fn new() -> Self {
        TokioSleep
    }
}

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
