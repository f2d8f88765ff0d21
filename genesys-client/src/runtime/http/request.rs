//! The request description generated operations hand to [`Client::execute`](crate::runtime::Client::execute).
//!
//! This module (with [`Client::execute`](crate::runtime::Client::execute) /
//! [`Client::execute_empty`](crate::runtime::Client::execute_empty)) is the only surface the
//! generated code calls.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;

use super::error::Error;
use super::form::{Extra, FilePart, Part};
use super::options::RequestOptions;
use super::retry::RetryPolicy;

/// Everything but the RFC 3986 unreserved characters is percent-encoded, in path segments
/// and query keys/values alike (so `/`, `?`, `#`, `%`, `&`, `=`, `+` and spaces are inert).
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `value` as exactly one path segment.
///
/// Every byte except `A-Z a-z 0-9 - _ . ~` is encoded (UTF-8 first), so `/`, `?`, `#`, `%`
/// and spaces can neither add a segment nor start a query or fragment. The values `.` and
/// `..` cannot be expressed as a segment at all (URL parsers resolve them, encoded or not):
/// the client refuses to send a path containing one, with [`Error::InvalidParameter`], as it
/// does for an empty segment.
pub fn encode_path_segment(value: &str) -> String {
    // Ids are usually unreserved already (UUIDs): copy them as they are.
    if value.bytes().all(is_unreserved) {
        return value.to_owned();
    }
    utf8_percent_encode(value, STRICT).to_string()
}

/// RFC 3986 unreserved: `A-Z a-z 0-9 - _ . ~` (what [`STRICT`] leaves as it is).
fn is_unreserved(b: u8) -> bool {
    BYTE_CLASS[b as usize] == UNRESERVED
}

const UNRESERVED: u8 = 1;
const PERCENT: u8 = 2;
const SLASH: u8 = 3;

/// The class of every byte, one table lookup on the hot path (ids are encoded and paths
/// checked byte by byte for every request): [`UNRESERVED`], `%`, `/`, or 0 for the rest.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~' {
            table[b] = UNRESERVED;
        }
        b += 1;
    }
    table[b'%' as usize] = PERCENT;
    table[b'/' as usize] = SLASH;
    table
};

/// One API call, as built by a generated request builder: method, path, query, headers, body.
///
/// Generated code creates it with [`RequestParts::new`], adds query parameters with
/// [`query`](Self::query), header parameters with [`header`](Self::header) and a body
/// ([`json_body`](Self::json_body), [`text_body`](Self::text_body),
/// [`bytes_body`](Self::bytes_body), [`form_field`](Self::form_field) or the `multipart_*`
/// parts), then hands it to [`Client::execute`](crate::runtime::Client::execute) (or
/// `execute_text`, `execute_raw`, `execute_empty`).
#[doc(hidden)]
#[derive(Clone)]
pub struct RequestParts {
    pub(crate) method: Method,
    pub(crate) operation_id: &'static str,
    pub(crate) path_template: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) body: Option<Bytes>,
    pub(crate) options: RequestOptions,
    /// Headers, `Accept`, and non-JSON bodies: boxed, as most calls have none.
    pub(crate) extra: Option<Box<Extra>>,
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies and query values may hold personal data: only their shape is shown.
        let mut d = f.debug_struct("RequestParts");
        d.field("method", &self.method)
            .field("operation_id", &self.operation_id)
            .field("path_template", &self.path_template)
            .field(
                "query_names",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("options", &self.options);
        if let Some(extra) = &self.extra {
            extra.describe(&mut d);
        }
        d.finish()
    }
}

impl RequestParts {
    /// A request for `method` on `path` (already built from `path_template` with every
    /// parameter passed through [`encode_path_segment`]); `operation_id` and `path_template`
    /// name it in traces and errors.
    pub fn new(
        method: Method,
        operation_id: &'static str,
        path_template: &'static str,
        path: String,
    ) -> Self {
        RequestParts {
            method,
            operation_id,
            path_template,
            path,
            query: Vec::new(),
            body: None,
            options: RequestOptions::default(),
            extra: None,
        }
    }

    /// Sets the per-request overrides (timeout, retry policy, headers).
    pub fn set_options(&mut self, options: RequestOptions) {
        self.options = options;
    }

    /// Appends the query parameter `name=value` (percent-encoded when the URL is built).
    /// Call it once per item for repeated keys (`collectionFormat: multi`).
    pub fn query(&mut self, name: &'static str, value: impl fmt::Display) {
        self.query.push((Cow::Borrowed(name), value.to_string()));
    }

    /// Appends a query parameter whose name is only known at run time (an entry of a map
    /// parameter: `key=value`, or `name[key]=value` for `deepObject`).
    pub fn query_entry(&mut self, name: String, value: impl fmt::Display) {
        self.query.push((Cow::Owned(name), value.to_string()));
    }

    /// Sends the header parameter `name: value` (after the client's defaults; a header set
    /// with the per-request `.header(…)` still replaces it). A value that cannot be a header
    /// (a line break, say) is an [`Error::InvalidParameter`] naming the parameter.
    pub fn header(&mut self, name: &'static str, value: impl fmt::Display) -> Result<(), Error> {
        let invalid = |why: &str| Error::invalid_parameter(self.operation_id, name, why);
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid("not a valid header name"))?;
        let value = HeaderValue::try_from(value.to_string())
            .map_err(|_| invalid("the value contains characters a header cannot carry"))?;
        self.extra().headers.push((header, value));
        Ok(())
    }

    /// The media types the response may have (`Accept`), for a text or bytes response; JSON
    /// responses accept `application/json` without asking.
    pub fn accept(&mut self, media: &'static str) {
        self.extra().accept = Some(media);
    }

    /// Sends `text` as the body, with `Content-Type: content_type` (`text/plain`).
    pub fn text_body(&mut self, text: &str, content_type: &'static str) {
        self.bytes_body(Bytes::copy_from_slice(text.as_bytes()), content_type);
    }

    /// Sends `bytes` as the body as they are, with `Content-Type: content_type`
    /// (`application/octet-stream`, `image/png`).
    pub fn bytes_body(&mut self, bytes: Bytes, content_type: &'static str) {
        self.body = Some(bytes);
        self.extra().content_type = Some(content_type);
    }

    /// Appends `name=value` to an `application/x-www-form-urlencoded` body. Call it once per
    /// item for a list.
    pub fn form_field(&mut self, name: &'static str, value: impl fmt::Display) {
        self.extra().form_field(name, &value.to_string());
    }

    /// Appends a text part to a `multipart/form-data` body.
    pub fn multipart_text(&mut self, name: &'static str, value: impl fmt::Display) {
        self.parts().push(Part::Text(name, value.to_string()));
    }

    /// Appends a file part (bytes with a file name) to a `multipart/form-data` body.
    pub fn multipart_file(&mut self, name: &'static str, file: &FilePart) {
        self.parts().push(Part::File(name, file.clone()));
    }

    /// Appends `value` serialized as JSON, as an `application/json` part of a
    /// `multipart/form-data` body.
    pub fn multipart_json<B: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &B,
    ) -> Result<(), Error> {
        let bytes = serde_json::to_vec(value).map_err(|e| {
            Error::invalid_parameter(
                self.operation_id,
                name,
                format!("could not serialize the part: {e}"),
            )
        })?;
        self.parts().push(Part::Json(name, Bytes::from(bytes)));
        Ok(())
    }

    fn extra(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    fn parts(&mut self) -> &mut Vec<Part> {
        self.extra().multipart.get_or_insert_with(Vec::new)
    }

    /// Serializes `body` as the JSON request body, once: retries resend the same bytes.
    pub fn json_body<B: serde::Serialize + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::invalid_parameter(
                self.operation_id,
                "body",
                format!("could not serialize the request body: {e}"),
            )
        })?;
        self.body = Some(Bytes::from(bytes));
        Ok(())
    }

    /// Whether the method is idempotent (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`), which
    /// decides whether server errors and transport failures are retried.
    pub fn idempotent(&self) -> bool {
        RetryPolicy::is_idempotent(&self.method)
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation id (e.g. `getUserPresence`).
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The path template (e.g. `/api/v2/users/{userId}/presences/{sourceId}`).
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// The encoded query string (without `?`), empty when there are no query parameters.
    pub(crate) fn query_string(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.query {
            if !out.is_empty() {
                out.push('&');
            }
            out.extend(utf8_percent_encode(name.as_ref(), STRICT));
            out.push('=');
            out.extend(utf8_percent_encode(value, STRICT));
        }
        out
    }

    /// The full URL under `base`, refusing any path the URL parser would rewrite.
    pub(crate) fn url(&self, base: &url::Url) -> Result<url::Url, Error> {
        let invalid = |index: Option<usize>, why: &str| {
            Error::invalid_parameter(
                self.operation_id,
                self.parameter_at(index),
                format!("{why} (path `{}`)", self.path_template),
            )
        };
        if !self.path.starts_with('/') {
            return Err(invalid(None, "the path must start with `/`"));
        }
        // One pass over the bytes with a table (this runs for every request).
        let bytes = self.path.as_bytes();
        let (mut index, mut start) = (0, 1);
        for end in 1..=bytes.len() {
            let class = bytes.get(end).map_or(SLASH, |&b| BYTE_CLASS[b as usize]);
            if class == UNRESERVED || class == PERCENT {
                continue;
            }
            if class != SLASH {
                return Err(invalid(
                    Some(index),
                    "the path contains characters that are not encoded",
                ));
            }
            let segment = &bytes[start..end];
            if segment.is_empty() {
                return Err(invalid(Some(index), "a path parameter is empty"));
            }
            if is_dot_segment(segment) {
                return Err(invalid(
                    Some(index),
                    "a path parameter is `.` or `..`, which cannot be sent as a path segment",
                ));
            }
            index += 1;
            start = end + 1;
        }
        let base_path = base.path().trim_end_matches('/');
        let expected_path = format!("{base_path}{}", self.path);
        let mut url = base.clone();
        url.set_path(&expected_path);
        let query = self.query_string();
        url.set_query(if query.is_empty() { None } else { Some(&query) });
        url.set_fragment(None);
        if url.path() != expected_path || url.query().unwrap_or("") != query {
            return Err(invalid(
                None,
                "the URL would not carry the path or query as built",
            ));
        }
        Ok(url)
    }
}

impl RequestParts {
    /// The parameter named by the `index`th segment of the path template (`userId` for
    /// `{userId}`): path values are encoded into exactly one segment each, so template and
    /// path segments line up. `path` when the segment is a literal or unknown.
    fn parameter_at(&self, index: Option<usize>) -> String {
        index
            .and_then(|i| self.path_template.get(1..)?.split('/').nth(i))
            .and_then(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .unwrap_or("path")
            .to_owned()
    }
}

fn is_dot_segment(segment: &[u8]) -> bool {
    // Without allocating: this runs for every segment of every request.
    if segment.len() > 6 || !matches!(segment.first(), Some(b'.' | b'%')) {
        return false;
    }
    [".", "..", "%2e", "%2e.", ".%2e", "%2e%2e"]
        .iter()
        .any(|dot| segment.eq_ignore_ascii_case(dot.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(encode_path_segment("a/b"), "a%2Fb");
        assert_eq!(encode_path_segment("?x=1"), "%3Fx%3D1");
        assert_eq!(encode_path_segment("#f"), "%23f");
        assert_eq!(encode_path_segment("%2F"), "%252F");
        assert_eq!(encode_path_segment("a b"), "a%20b");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment("a-b_c.d~e"), "a-b_c.d~e");
    }

    fn url_for(path_value: &str) -> Result<url::Url, Error> {
        let base = url::Url::parse("https://api.example.com/prefix/").unwrap();
        let seg = encode_path_segment(path_value);
        let parts = RequestParts::new(
            Method::GET,
            "getThing",
            "/api/v2/things/{id}/x",
            format!("/api/v2/things/{seg}/x"),
        );
        parts.url(&base)
    }

    #[test]
    fn urls_keep_the_path_and_refuse_dot_segments() {
        assert_eq!(
            url_for("a/b").unwrap().as_str(),
            "https://api.example.com/prefix/api/v2/things/a%2Fb/x"
        );
        assert_eq!(
            url_for("..%2F").unwrap().path(),
            "/prefix/api/v2/things/..%252F/x"
        );
        for bad in ["..", ".", ""] {
            match url_for(bad) {
                Err(Error::InvalidParameter { parameter, .. }) => assert_eq!(parameter, "id"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        let mut raw = RequestParts::new(Method::GET, "x", "/x", "/a/%2e%2E/b".into());
        assert!(raw.url(&url::Url::parse("https://h").unwrap()).is_err());
        raw.path = "/a/b c".into();
        assert!(raw.url(&url::Url::parse("https://h").unwrap()).is_err());
    }

    #[test]
    fn query_values_are_strictly_encoded_and_repeatable() {
        let mut p = RequestParts::new(Method::GET, "x", "/x", "/x".into());
        p.query("q", "a&b=c d+e#f");
        p.query("id", 1);
        p.query("id", 2);
        assert_eq!(p.query_string(), "q=a%26b%3Dc%20d%2Be%23f&id=1&id=2");
        let url = p.url(&url::Url::parse("https://h").unwrap()).unwrap();
        let pairs: Vec<_> = url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            vec![
                ("q".to_owned(), "a&b=c d+e#f".to_owned()),
                ("id".to_owned(), "1".to_owned()),
                ("id".to_owned(), "2".to_owned()),
            ]
        );
    }

    #[test]
    fn idempotency_follows_the_method() {
        for (m, expected) in [
            (Method::GET, true),
            (Method::PUT, true),
            (Method::DELETE, true),
            (Method::HEAD, true),
            (Method::POST, false),
            (Method::PATCH, false),
        ] {
            assert_eq!(
                RequestParts::new(m, "x", "/x", "/x".into()).idempotent(),
                expected
            );
        }
    }

    #[test]
    fn debug_hides_body_and_query_values() {
        let mut p = RequestParts::new(Method::POST, "x", "/x", "/x".into());
        p.query("q", "private-value");
        p.json_body(&serde_json::json!({"secret": "private-body"}))
            .unwrap();
        let d = format!("{p:?}");
        assert!(!d.contains("private-value") && !d.contains("private-body"));
    }
}
