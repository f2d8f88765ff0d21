//! The escape hatch: call an endpoint this crate does not generate, with the client's auth,
//! retries, middleware and tracing.

use std::fmt;

use bytes::Bytes;
use reqwest::Method;

use super::client::Client;
use super::error::Error;
use super::options::RequestOptions;
use super::request::{encode_path_segment, RequestParts};
use super::response::ApiResponse;

impl Client {
    /// A request to any API path, for endpoints this crate does not generate (another tag, a
    /// new operation). It goes through the same auth, retries, per-request options,
    /// middleware and tracing as generated operations.
    ///
    /// `path_template` is a literal such as `"/api/v2/users/{userId}"`: each `{name}` is
    /// filled with [`path_param`](CustomRequest::path_param), percent-encoded as one segment.
    /// It is a `&'static str` because it names the request in traces and metrics, which must
    /// not carry ids; values go in [`path_param`](CustomRequest::path_param) and
    /// [`query`](CustomRequest::query).
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// use genesys_client::{Client, Error};
    /// use reqwest::Method;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct User { id: String, name: Option<String> }
    /// #[derive(serde::Deserialize)]
    /// struct UserListing { entities: Vec<User>, #[serde(rename = "pageCount")] page_count: i64 }
    ///
    /// # async fn demo(client: Client) -> Result<(), Error> {
    /// // List users, page by page.
    /// let mut page = 1;
    /// loop {
    ///     let listing: UserListing = client
    ///         .request(Method::GET, "/api/v2/users")
    ///         .operation_id("getUsers")
    ///         .query("pageSize", 100)
    ///         .query("pageNumber", page)
    ///         .send()
    ///         .await?
    ///         .into_body();
    ///     for user in &listing.entities {
    ///         println!("{} {}", user.id, user.name.as_deref().unwrap_or(""));
    ///     }
    ///     if i64::from(page) >= listing.page_count { break; }
    ///     page += 1;
    /// }
    ///
    /// // One user, as raw bytes.
    /// let raw = client
    ///     .request(Method::GET, "/api/v2/users/{userId}")
    ///     .path_param("userId", "6a3af858-942f-489d-9700-5f9bcdcdae9b")
    ///     .send_raw()
    ///     .await?;
    /// println!("{} {} bytes", raw.status, raw.body.len());
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path_template: &'static str) -> CustomRequest {
        CustomRequest {
            client: self.clone(),
            method,
            operation_id: path_template,
            path_template,
            path_params: Vec::new(),
            query: Vec::new(),
            body: None,
            options: RequestOptions::default(),
        }
    }
}

/// A request built with [`Client::request`]; send it with [`send`](Self::send) (JSON body
/// decoded as `T`) or [`send_raw`](Self::send_raw) (the bytes).
///
/// Like generated request builders, it owns a [`Client`] clone: its futures are
/// `Send + 'static`. `Debug` shows parameter names, never values.
#[must_use = "a request does nothing until `.send()` is awaited"]
#[derive(Clone)]
pub struct CustomRequest {
    client: Client,
    method: Method,
    operation_id: &'static str,
    path_template: &'static str,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    /// The serialized JSON body, or why it could not be serialized (reported by `send`).
    body: Option<Result<Bytes, String>>,
    options: RequestOptions,
}

impl fmt::Debug for CustomRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomRequest")
            .field("method", &self.method)
            .field("operation_id", &self.operation_id)
            .field("path_template", &self.path_template)
            .field(
                "path_params",
                &self.path_params.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            )
            .field(
                "query_names",
                &self.query.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            )
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl CustomRequest {
    /// The name of this request in traces, metrics, middleware and errors (e.g. `getUsers`).
    /// Default: the path template.
    pub fn operation_id(mut self, operation_id: &'static str) -> Self {
        self.operation_id = operation_id;
        self
    }

    /// Fills `{name}` in the path template with `value`, percent-encoded as one path segment
    /// (`/`, `?`, `#` and spaces cannot change the path). Every placeholder needs a value.
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    /// Appends the query parameter `name=value` (percent-encoded). Call it once per value for
    /// a repeated key.
    pub fn query(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Sends `body` serialized as JSON (`Content-Type: application/json`).
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(
            serde_json::to_vec(body)
                .map(Bytes::from)
                .map_err(|e| e.to_string()),
        );
        self
    }

    crate::__request_option_setters!();

    /// Sends the request and decodes a JSON success body as `T` (use `()` or
    /// [`serde::de::IgnoredAny`] to ignore it).
    pub async fn send<T: serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let (client, parts) = self.into_parts()?;
        client.execute(parts).await
    }

    /// Sends the request and returns the success body as bytes, undecoded (error statuses are
    /// still [`Error::Api`]).
    pub async fn send_raw(self) -> Result<ApiResponse<Bytes>, Error> {
        let (client, parts) = self.into_parts()?;
        client.execute_raw(parts).await
    }

    fn into_parts(self) -> Result<(Client, RequestParts), Error> {
        let path = fill_template(self.operation_id, self.path_template, &self.path_params)?;
        let mut parts = RequestParts::new(self.method, self.operation_id, self.path_template, path);
        for (name, value) in self.query {
            parts.query(name, value);
        }
        match self.body {
            Some(Ok(bytes)) => parts.body = Some(bytes),
            Some(Err(why)) => {
                return Err(Error::invalid_parameter(
                    self.operation_id,
                    "body",
                    format!("could not serialize the request body: {why}"),
                ))
            }
            None => {}
        }
        parts.set_options(self.options);
        Ok((self.client, parts))
    }
}

/// The path with each `{name}` replaced by its encoded value; a placeholder without a value,
/// a value without a placeholder, or an unclosed `{` is an [`Error::InvalidParameter`].
fn fill_template(
    operation_id: &'static str,
    template: &str,
    params: &[(&'static str, String)],
) -> Result<String, Error> {
    let mut path = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        path.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            return Err(Error::invalid_parameter(
                operation_id,
                "path",
                format!("the path template `{template}` has an unclosed `{{`"),
            ));
        };
        let name = &rest[start + 1..start + len];
        let Some(index) = params.iter().rposition(|(n, _)| *n == name) else {
            return Err(Error::invalid_parameter(
                operation_id,
                name,
                "no value given (use `.path_param`)",
            ));
        };
        path.push_str(&encode_path_segment(&params[index].1));
        rest = &rest[start + len + 1..];
    }
    path.push_str(rest);
    if let Some((name, _)) = params
        .iter()
        .find(|(name, _)| !template.contains(&format!("{{{name}}}")))
    {
        return Err(Error::invalid_parameter(
            operation_id,
            *name,
            format!("the path template `{template}` has no `{{{name}}}`"),
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_with_encoded_segments() {
        let params = [("userId", "a/b c".to_owned()), ("x", "1".to_owned())];
        assert_eq!(
            fill_template("op", "/api/v2/users/{userId}/things/{x}", &params).unwrap(),
            "/api/v2/users/a%2Fb%20c/things/1"
        );
        assert_eq!(
            fill_template("op", "/api/v2/users", &[]).unwrap(),
            "/api/v2/users"
        );
    }

    #[test]
    fn missing_unused_and_unclosed_placeholders_are_invalid_parameters() {
        let missing = fill_template("op", "/api/v2/users/{userId}", &[]).unwrap_err();
        assert!(
            matches!(&missing, Error::InvalidParameter { parameter, .. } if parameter == "userId"),
            "{missing:?}"
        );
        let unused = fill_template("op", "/api/v2/users", &[("userId", "1".into())]).unwrap_err();
        assert!(
            matches!(&unused, Error::InvalidParameter { parameter, .. } if parameter == "userId"),
            "{unused:?}"
        );
        assert!(fill_template("op", "/api/v2/users/{userId", &[("userId", "1".into())]).is_err());
    }
}
