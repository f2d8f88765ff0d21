//! The Notifications REST calls the receiver makes, through the client's own request surface
//! (auth, retries with `Retry-After`, middleware, tracing, base URL): create a channel, check
//! one exists, replace its subscriptions, delete them.

use std::time::{Duration, Instant, SystemTime};

use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use crate::runtime::{Client, Error};

/// A channel as the receiver keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ChannelInfo {
    pub(super) id: String,
    pub(super) connect_uri: String,
    /// `expires` minus the response's `Date`: how long Genesys says the channel lives
    /// (measured against the server's clock, never the local wall clock).
    pub(super) lifetime: Option<Duration>,
    /// When it was created, on the client's clock: reconnecting does not make it younger.
    pub(super) created: Instant,
}

#[derive(Deserialize)]
struct ChannelBody {
    id: String,
    #[serde(rename = "connectUri")]
    connect_uri: String,
    #[serde(default)]
    expires: Option<String>,
}

/// One topic Genesys refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rejection {
    pub(super) topic: String,
    pub(super) reason: Option<String>,
    pub(super) missing_permissions: Vec<String>,
}

#[derive(Deserialize)]
struct Listing {
    #[serde(default)]
    entities: Vec<ChannelTopic>,
}

#[derive(Deserialize)]
struct ChannelTopic {
    id: String,
    #[serde(default)]
    state: Option<String>,
    #[serde(rename = "rejectionReason", default)]
    rejection_reason: Option<String>,
    #[serde(rename = "missingPermissions", default)]
    missing_permissions: Option<Vec<String>>,
}

#[derive(Serialize)]
struct TopicId<'a> {
    id: &'a str,
}

/// `POST /api/v2/notifications/channels`; `now` is the client's clock at the call.
pub(super) async fn create(client: &Client, now: Instant) -> Result<ChannelInfo, Error> {
    let response = client
        .request(Method::POST, "/api/v2/notifications/channels")
        .operation_id("postNotificationsChannels")
        .send::<ChannelBody>()
        .await?;
    let date = response
        .headers
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    let body = response.body;
    let expires = body
        .expires
        .as_deref()
        .and_then(|e| chrono::DateTime::parse_from_rfc3339(e).ok())
        .map(SystemTime::from);
    let lifetime = match (date, expires) {
        (Some(date), Some(expires)) => Some(expires.duration_since(date).unwrap_or_default()),
        _ => None,
    };
    Ok(ChannelInfo {
        id: body.id,
        connect_uri: body.connect_uri,
        lifetime,
        created: now,
    })
}

/// `HEAD /api/v2/notifications/channels/{channelId}`: `false` on 404.
pub(super) async fn exists(client: &Client, id: &str) -> Result<bool, Error> {
    let result = client
        .request(Method::HEAD, "/api/v2/notifications/channels/{channelId}")
        .operation_id("headNotificationsChannel")
        .path_param("channelId", id)
        .send_raw()
        .await;
    match result {
        Ok(_) => Ok(true),
        Err(e) if e.status() == Some(StatusCode::NOT_FOUND) => Ok(false),
        Err(e) => Err(e),
    }
}

/// `PUT …/subscriptions?ignoreErrors=true` with `entries`; returns the rejected topics.
pub(super) async fn subscribe(
    client: &Client,
    id: &str,
    entries: &[String],
) -> Result<Vec<Rejection>, Error> {
    let body: Vec<TopicId<'_>> = entries.iter().map(|e| TopicId { id: e }).collect();
    let listing = client
        .request(
            Method::PUT,
            "/api/v2/notifications/channels/{channelId}/subscriptions",
        )
        .operation_id("putNotificationsChannelSubscriptions")
        .path_param("channelId", id)
        .query("ignoreErrors", "true")
        .json(&body)
        .send::<Listing>()
        .await?
        .into_body();
    Ok(listing
        .entities
        .into_iter()
        .filter(|t| t.state.as_deref() == Some("Rejected"))
        .map(|t| Rejection {
            topic: t.id,
            reason: t.rejection_reason,
            missing_permissions: t.missing_permissions.unwrap_or_default(),
        })
        .collect())
}

/// `DELETE …/subscriptions`.
pub(super) async fn unsubscribe(client: &Client, id: &str) -> Result<(), Error> {
    client
        .request(
            Method::DELETE,
            "/api/v2/notifications/channels/{channelId}/subscriptions",
        )
        .operation_id("deleteNotificationsChannelSubscriptions")
        .path_param("channelId", id)
        .send_raw()
        .await
        .map(|_| ())
}
