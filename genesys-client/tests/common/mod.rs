//! Helpers shared by the wiremock tests.
#![allow(dead_code)]

pub mod batch_server;

use std::time::Duration;

use genesys_client::runtime::RequestParts;
use genesys_client::{Client, ClientBuilder, RetryPolicy};
use wiremock::MockServer;

/// A retry policy with millisecond backoffs so tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_max_retry_after(Duration::from_secs(5))
        .with_max_elapsed(Duration::from_secs(10))
}

/// A builder pointed at the mock server, with a static token and fast retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry_policy(fast_retries())
        .timeout(Some(Duration::from_secs(10)))
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client builds")
}

pub fn get(path: &str) -> RequestParts {
    RequestParts::new(reqwest::Method::GET, "testGet", "/test", path.to_owned())
}

pub fn post(path: &str, body: &serde_json::Value) -> RequestParts {
    let mut parts = RequestParts::new(reqwest::Method::POST, "testPost", "/test", path.to_owned());
    parts.json_body(body).expect("serializable");
    parts
}

/// A [`Sleep`](genesys_client::runtime::Sleep) that returns at once and records each wait:
/// retry tests run in virtual time and assert the waits the client asked for.
#[derive(Debug, Default)]
pub struct RecordingSleep(std::sync::Mutex<Vec<Duration>>);

impl RecordingSleep {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl genesys_client::runtime::Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> futures_util::future::BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// A builder like [`builder`] whose retries wait in virtual time, and the record of the waits.
pub fn virtual_time_builder(
    server: &MockServer,
) -> (ClientBuilder, std::sync::Arc<RecordingSleep>) {
    let sleep = std::sync::Arc::new(RecordingSleep::default());
    (builder(server).sleep(sleep.clone()), sleep)
}
