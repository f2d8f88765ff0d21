//! Stand-in for `genesys-client/src/runtime`: exactly the surface generated code calls, with
//! the same signatures, and no behaviour. The hostile-corpus compile check includes one copy
//! per case (`crate::<case>::runtime`), so each case's tag accessors get their own `Client`.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The client. Besides `execute`/`execute_empty` it has inherent methods named like the real
/// `Client`'s (public and private), so a tag accessor that would collide with one fails here too.
#[derive(Debug)]
pub struct Client {
    _private: (),
}

impl Client {
    /// `execute` of the real client: the body type must be decodable from JSON.
    pub async fn execute<T: serde::de::DeserializeOwned>(
        &self,
        req: RequestParts,
    ) -> Result<ApiResponse<T>, Error> {
        let _ = (self.send(&req).await, self.send_loop(&req).await);
        let body = serde_json::from_slice::<T>(b"null").map_err(|_| Error)?;
        Ok(ApiResponse::new(body))
    }

    /// `execute_empty` of the real client.
    pub async fn execute_empty(&self, req: RequestParts) -> Result<ApiResponse<()>, Error> {
        let _ = (req, self.transport_retry());
        Ok(ApiResponse::new(()))
    }

    /// Named like the real client's.
    pub fn builder() -> Self {
        Self { _private: () }
    }

    /// Named like the real client's.
    pub fn base_url(&self) -> &str {
        ""
    }

    /// Named like the real client's.
    pub fn retry_policy(&self) {}

    /// Named like the real client's.
    pub fn max_events_per_request(&self) -> usize {
        0
    }

    /// Named like the real client's (`runtime::events`).
    pub fn event_publisher(&self) {}

    async fn send(&self, req: &RequestParts) -> Result<(), Error> {
        let _ = req;
        Ok(())
    }

    async fn send_loop(&self, req: &RequestParts) -> Result<(), Error> {
        let _ = req;
        Ok(())
    }

    fn transport_retry(&self) {}
}

/// The runtime's error type.
#[derive(Debug)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stand-in error")
    }
}

impl std::error::Error for Error {}

/// A decoded response with its metadata.
#[derive(Debug)]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// `ININ-Correlation-Id`.
    pub correlation_id: Option<String>,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    fn new(body: T) -> Self {
        Self {
            status: reqwest::StatusCode::OK,
            headers: reqwest::header::HeaderMap::new(),
            correlation_id: None,
            body,
        }
    }

    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Everything a request needs, built by generated code.
#[derive(Debug)]
pub struct RequestParts {
    method: reqwest::Method,
    operation_id: &'static str,
    path_template: &'static str,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

impl RequestParts {
    /// Same signature as the real one.
    pub fn new(
        method: reqwest::Method,
        operation_id: &'static str,
        path_template: &'static str,
        path: String,
    ) -> Self {
        Self {
            method,
            operation_id,
            path_template,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    /// Same signature as the real one.
    pub fn query(&mut self, name: &'static str, value: impl fmt::Display) {
        self.query.push((name, value.to_string()));
    }

    /// Same signature as the real one.
    pub fn json_body<B: serde::Serialize + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        self.body = Some(serde_json::to_vec(body).map_err(|_| Error)?);
        Ok(())
    }

    /// Keeps every field read.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {} {} {:?} {:?}",
            self.method, self.operation_id, self.path_template, self.path, self.query, self.body
        )
    }
}

/// Same signature as the real one.
pub fn encode_path_segment(value: &str) -> String {
    value.to_owned()
}

/// Page-numbered listings.
pub mod pagination {
    use super::*;

    /// One page of a listing.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Page<T> {
        /// The items on this page.
        pub entities: Vec<T>,
        /// The page number the server reports.
        pub page_number: Option<i64>,
        /// How many pages the server reports.
        pub page_count: Option<i64>,
        /// The link to the next page.
        pub next_uri: Option<String>,
    }

    /// A listing response type.
    pub trait Listing {
        /// The type of one item.
        type Item;
        /// The page's items and paging fields.
        fn into_page(self) -> Page<Self::Item>;
    }

    /// Same signature as the real one; the stream is always empty.
    pub fn paginate<L, F, Fut>(
        first_page: i32,
        fetch: F,
    ) -> impl futures_core::Stream<Item = Result<L::Item, Error>>
    where
        L: Listing,
        F: FnMut(i32) -> Fut,
        Fut: Future<Output = Result<L, Error>>,
    {
        let _ = (first_page, fetch);
        Empty::<L::Item, F>(PhantomData)
    }

    struct Empty<T, F>(PhantomData<fn() -> (T, F)>);

    impl<T, F> futures_core::Stream for Empty<T, F> {
        type Item = Result<T, Error>;

        fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(None)
        }
    }
}
