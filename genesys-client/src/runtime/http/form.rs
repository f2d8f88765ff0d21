//! Request bodies other than JSON: URL-encoded forms, multipart forms (with file parts), and
//! raw text or bytes, each with its `Content-Type`; plus the request headers and `Accept` an
//! operation sets itself. Kept out of [`RequestParts`](super::request::RequestParts)' inline
//! fields (behind one box) so JSON calls, the common case, carry one pointer for all of it.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};

use super::error::Error;

/// A file sent as one part of a `multipart/form-data` body: its bytes, the file name the server
/// sees, and optionally its media type.
///
/// ```
/// use genesys_client::runtime::FilePart;
///
/// let part = FilePart::new("greeting.wav", vec![0x52, 0x49, 0x46, 0x46]).content_type("audio/wav");
/// assert_eq!(part.file_name(), "greeting.wav");
/// assert_eq!(part.bytes().len(), 4);
/// ```
///
/// `Debug` shows the file name and size, never the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    bytes: Bytes,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part named `file_name` holding `bytes` (sent as `application/octet-stream`
    /// unless [`content_type`](Self::content_type) says otherwise).
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FilePart {
            file_name: file_name.into(),
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// Sets the part's media type (`image/png`).
    pub fn content_type(mut self, media: impl Into<String>) -> Self {
        self.content_type = Some(media.into());
        self
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The media type, if set.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("len", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One part of a multipart body.
#[derive(Clone)]
pub(crate) enum Part {
    Text(&'static str, String),
    File(&'static str, FilePart),
    Json(&'static str, Bytes),
}

/// What a request carries besides method, path, query and a JSON body.
#[derive(Clone, Default)]
pub(crate) struct Extra {
    /// Header parameters, sent after the client's defaults (per-request options still win).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// `Accept` when the response is not JSON.
    pub(crate) accept: Option<&'static str>,
    /// `Content-Type` of a text or bytes body.
    pub(crate) content_type: Option<&'static str>,
    /// A URL-encoded form being built (its pairs, encoded).
    pub(crate) form: Option<String>,
    /// The parts of a multipart body, in order.
    pub(crate) multipart: Option<Vec<Part>>,
}

impl Extra {
    /// Names only: header values and parts may hold personal data.
    pub(crate) fn describe(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        f.field(
            "header_names",
            &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        );
        if let Some(accept) = self.accept {
            f.field("accept", &accept);
        }
        if let Some(content_type) = self.content_type {
            f.field("content_type", &content_type);
        }
        if let Some(form) = &self.form {
            f.field("form_len", &form.len());
        }
        if let Some(parts) = &self.multipart {
            let names: Vec<&str> = parts
                .iter()
                .map(|p| match p {
                    Part::Text(n, _) | Part::File(n, _) | Part::Json(n, _) => *n,
                })
                .collect();
            f.field("multipart_names", &names);
        }
    }

    /// Appends `name=value` to the URL-encoded form.
    pub(crate) fn form_field(&mut self, name: &str, value: &str) {
        let form = self.form.get_or_insert_with(String::new);
        // The whole string is the form: pairs after the first get their `&`.
        let mut serializer = url::form_urlencoded::Serializer::for_suffix(std::mem::take(form), 0);
        serializer.append_pair(name, value);
        *form = serializer.finish();
    }

    /// The multipart form of this attempt (a `reqwest` form is consumed by sending it, so each
    /// attempt builds its own from the stored parts; the bytes are shared, not copied).
    pub(crate) fn multipart_form(
        &self,
        operation_id: &'static str,
    ) -> Result<Option<reqwest::multipart::Form>, Error> {
        let Some(parts) = &self.multipart else {
            return Ok(None);
        };
        let mut form = reqwest::multipart::Form::new();
        for part in parts {
            form = match part {
                Part::Text(name, value) => form.text(*name, value.clone()),
                Part::File(name, file) => {
                    let mut p = reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::from(file.bytes.clone()),
                        file.bytes.len() as u64,
                    )
                    .file_name(file.file_name.clone());
                    if let Some(media) = &file.content_type {
                        p = p.mime_str(media).map_err(|_| {
                            Error::invalid_parameter(
                                operation_id,
                                *name,
                                format!("`{media}` is not a media type"),
                            )
                        })?;
                    }
                    form.part(*name, p)
                }
                Part::Json(name, bytes) => {
                    let p = reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::from(bytes.clone()),
                        bytes.len() as u64,
                    );
                    let p = p.mime_str("application/json").map_err(|_| {
                        Error::invalid_parameter(operation_id, *name, "invalid media type")
                    })?;
                    form.part(*name, p)
                }
            };
        }
        Ok(Some(form))
    }
}
