//! Successful responses and their decoding.

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::error::{snippet, Error};

/// The response header Genesys uses to identify a request in its logs.
pub const CORRELATION_ID_HEADER: &str = "ININ-Correlation-Id";

/// A decoded success response with its status, headers and correlation id.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The `ININ-Correlation-Id` header, to quote to Genesys support.
    pub correlation_id: Option<String>,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Converts the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            correlation_id: self.correlation_id,
            body: f(self.body),
        }
    }
}

/// The `ININ-Correlation-Id` of a response, if present and printable.
pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<String> {
    // Typed once: a `&str` key would be lower-cased and parsed on every lookup.
    const NAME: reqwest::header::HeaderName =
        reqwest::header::HeaderName::from_static("inin-correlation-id");
    headers
        .get(NAME)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The whole body, or `None` as soon as it is known to exceed `limit` bytes (from
/// `Content-Length`, or while counting chunks), so a hostile body never fills memory; with the
/// response headers, taken (not cloned) once the body is read.
///
/// A plain function returning an `async move` block, not an `async fn`: the block reads the
/// captured response in place, where an `async fn` would keep a second copy of it in its
/// state (its argument and the local it is moved into), on every request.
#[allow(clippy::manual_async_fn)] // on purpose: see above
pub(crate) fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> impl std::future::Future<Output = (HeaderMap, Result<Option<Bytes>, reqwest::Error>)> + Send {
    async move {
        let body = read_chunks(&mut response, limit).await;
        (std::mem::take(response.headers_mut()), body)
    }
}

async fn read_chunks(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Option<Bytes>, reqwest::Error> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(None);
    }
    let mut body = Chunks::Empty;
    // Each chunk is bound after the await that yields it: only `body` is kept across.
    while let Some(chunk) = response.chunk().await? {
        if !body.push(chunk, limit) {
            return Ok(None);
        }
    }
    Ok(Some(body.into_bytes()))
}

/// A body being read: usually one chunk, kept as it is; copied only when a second arrives.
enum Chunks {
    Empty,
    One(Bytes),
    Many(BytesMut),
}

impl Chunks {
    /// Appends `chunk`; `false` when the body would exceed `limit` bytes.
    fn push(&mut self, chunk: Bytes, limit: usize) -> bool {
        let len = match self {
            Chunks::Empty => 0,
            Chunks::One(first) => first.len(),
            Chunks::Many(body) => body.len(),
        };
        if len + chunk.len() > limit {
            return false;
        }
        match std::mem::replace(self, Chunks::Empty) {
            Chunks::Empty => *self = Chunks::One(chunk),
            Chunks::One(first) => {
                let mut body = BytesMut::with_capacity(first.len() + chunk.len());
                body.extend_from_slice(&first);
                body.extend_from_slice(&chunk);
                *self = Chunks::Many(body);
            }
            Chunks::Many(mut body) => {
                body.extend_from_slice(&chunk);
                *self = Chunks::Many(body);
            }
        }
        true
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Chunks::Empty => Bytes::new(),
            Chunks::One(body) => body,
            Chunks::Many(body) => body.freeze(),
        }
    }
}

/// Decodes a JSON body, reporting where in the document decoding failed.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    operation_id: &'static str,
    status: StatusCode,
    bytes: &[u8],
    headers: &HeaderMap,
    correlation_id: Option<&str>,
) -> Result<T, Error> {
    // An empty body reads as JSON `null` (so `Option<T>` and `()` bodies decode).
    let json: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    // The fast path decodes without tracking the path (tracking costs ~70 % more on a small
    // model); only a failure is decoded again, with `serde_path_to_error`, to say where.
    if let Ok(value) = serde_json::from_slice(json) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(de).map_err(|e| Error::Decode {
        operation_id,
        status,
        path: e.path().to_string(),
        message: e.inner().to_string(),
        // The body as received (empty stays empty), not the `null` it was read as.
        raw: snippet(bytes),
        headers: Box::new(headers.clone()),
        correlation_id: correlation_id.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Listing {
        entities: Vec<Entity>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Entity {
        id: String,
    }

    #[test]
    fn decode_errors_name_the_json_path() {
        let err = decode_json::<Listing>(
            "listThings",
            StatusCode::OK,
            br#"{"entities":[{"id":"a"},{"id":7}]}"#,
            &HeaderMap::new(),
            Some("corr"),
        )
        .unwrap_err();
        match err {
            Error::Decode {
                path,
                raw,
                correlation_id,
                operation_id,
                ..
            } => {
                assert_eq!(operation_id, "listThings");
                assert_eq!(path, "entities[1].id");
                assert!(raw.contains("\"id\":7"));
                assert_eq!(correlation_id.as_deref(), Some("corr"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn empty_bodies_decode_as_null() {
        decode_json::<()>("x", StatusCode::NO_CONTENT, b"", &HeaderMap::new(), None).unwrap();
        assert_eq!(
            decode_json::<Option<u8>>("x", StatusCode::OK, b" \n", &HeaderMap::new(), None)
                .unwrap(),
            None
        );
    }
}
