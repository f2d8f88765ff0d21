//! Genesys' JSON error body, decoded by the runtime itself.
//!
//! The runtime owns this type (instead of using a generated model) so that an API error is
//! typed whatever the API description says: a tag selection without an `ErrorBody` schema, or a
//! document whose `ErrorBody` differs, still gets the same [`Error::Api`](crate::runtime::Error::Api).
//!
//! Every field is optional and decoded leniently: a field of an unexpected type (`"status":
//! "404"`) is dropped on its own rather than failing the whole body, because an error report is
//! most useful exactly when the server misbehaves.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// The JSON body Genesys Cloud sends with an error status.
///
/// Only what was sent is set; unknown fields are ignored. It also serializes (the same wire
/// names), so mocks and tests can produce it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// Human-readable message (`message`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// Machine-readable code, e.g. `not.found` (`code`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// The HTTP status as Genesys reports it (`status`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<i64>,
    /// Genesys' id for this failure, to quote to support (`contextId`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub context_id: Option<String>,
    /// Field-level details (`details`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub details: Option<Vec<ErrorDetail>>,
    /// Nested errors, e.g. one per invalid item (`errors`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub errors: Option<Vec<ErrorBody>>,
    /// Values substituted into `messageWithParams` (`messageParams`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub message_params: Option<BTreeMap<String, String>>,
    /// The message with `{placeholders}` for `messageParams` (`messageWithParams`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub message_with_params: Option<String>,
    /// The entity the error is about (`entityId`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_id: Option<String>,
    /// The kind or name of that entity (`entityName`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_name: Option<String>,
}

/// One entry of [`ErrorBody::details`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Machine-readable code of this detail (`errorCode`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_code: Option<String>,
    /// The request field it is about (`fieldName`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub field_name: Option<String>,
    /// The entity it is about (`entityId`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_id: Option<String>,
    /// The kind or name of that entity (`entityName`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_name: Option<String>,
}

impl ErrorBody {
    /// An empty body (every field unset); fill it with the `with_*` setters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `message`.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets `code`.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets `status`.
    pub fn with_status(mut self, status: i64) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets `contextId`.
    pub fn with_context_id(mut self, context_id: impl Into<String>) -> Self {
        self.context_id = Some(context_id.into());
        self
    }

    /// Decodes an error response body; `None` when it is not a JSON object (an HTML page from a
    /// proxy, an empty body), in which case the caller keeps the raw text.
    pub(crate) fn parse(bytes: &[u8]) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        if !value.is_object() {
            return None;
        }
        serde_json::from_value(value).ok()
    }
}

/// Decodes an optional field, turning a value of the wrong type into `None` instead of an error.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_genesys_field_decodes() {
        let body = ErrorBody::parse(
            br#"{"message":"User u1 not found","code":"not.found","status":404,
                "contextId":"ctx-1","details":[{"errorCode":"E1","fieldName":"id",
                "entityId":"u1","entityName":"user","extra":1}],
                "errors":[{"message":"inner","code":"bad.request"}],
                "messageParams":{"id":"u1"},"messageWithParams":"User {id} not found",
                "entityId":"u1","entityName":"user","unknownField":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(body.message.as_deref(), Some("User u1 not found"));
        assert_eq!(body.code.as_deref(), Some("not.found"));
        assert_eq!(body.status, Some(404));
        assert_eq!(body.context_id.as_deref(), Some("ctx-1"));
        let detail = &body.details.as_ref().unwrap()[0];
        assert_eq!(detail.error_code.as_deref(), Some("E1"));
        assert_eq!(detail.field_name.as_deref(), Some("id"));
        assert_eq!(
            body.errors.as_ref().unwrap()[0].code.as_deref(),
            Some("bad.request")
        );
        assert_eq!(body.message_params.as_ref().unwrap()["id"], "u1");
        assert_eq!(
            body.message_with_params.as_deref(),
            Some("User {id} not found")
        );
        assert_eq!(body.entity_id.as_deref(), Some("u1"));
        assert_eq!(body.entity_name.as_deref(), Some("user"));
    }

    #[test]
    fn a_mistyped_field_is_dropped_alone() {
        let body = ErrorBody::parse(br#"{"message":"m","status":"404","errors":"no"}"#).unwrap();
        assert_eq!(body.message.as_deref(), Some("m"));
        assert_eq!(body.status, None);
        assert_eq!(body.errors, None);
    }

    #[test]
    fn non_json_and_non_objects_are_not_error_bodies() {
        assert_eq!(ErrorBody::parse(b"<html>502 Bad Gateway</html>"), None);
        assert_eq!(ErrorBody::parse(b""), None);
        assert_eq!(ErrorBody::parse(b"[1]"), None);
        assert_eq!(ErrorBody::parse(b"\"text\""), None);
        assert_eq!(ErrorBody::parse(b"{}"), Some(ErrorBody::default()));
    }

    #[test]
    fn round_trips_with_wire_names() {
        let body = ErrorBody::new()
            .with_message("m")
            .with_code("c")
            .with_status(429)
            .with_context_id("x");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"message":"m","code":"c","status":429,"contextId":"x"})
        );
        assert_eq!(ErrorBody::parse(json.to_string().as_bytes()), Some(body));
    }
}
