//! The REST half: the Notifications channel and subscription operations, answered from the
//! shared state by one wiremock responder mounted on the [`MockServer`](super::super::MockServer).

use std::sync::Arc;

use serde_json::Value;

use super::state::{error_body, not_found, topic_entities, Shared};
use crate::runtime::mock::RecordedRequest;

/// The path every operation answered here starts with.
pub(super) const CHANNELS_PATH: &str = "/api/v2/notifications/channels";

/// Matches the Notifications channel paths (and nothing else).
pub(super) struct ChannelPaths;

impl wiremock::Match for ChannelPaths {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let path = request.url.path();
        path == CHANNELS_PATH || path.starts_with(&format!("{CHANNELS_PATH}/"))
    }
}

/// Answers the channel and subscription operations from the shared state.
pub(super) struct Rest(pub(super) Arc<Shared>);

impl wiremock::Respond for Rest {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let request = RecordedRequest::from_wiremock(request);
        let (status, body, retry_after) = self.0.update(|state| {
            state
                .rest_calls
                .push(format!("{} {}", request.method(), request.path()));
            if let Some(wait) = state.throttled.pop_front() {
                // Genesys rounds Retry-After to whole seconds; round up so a client never
                // comes back early.
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                let message = format!(
                    "Rate limit exceeded the maximum. Retry the request in [{secs}] seconds"
                );
                let body = error_body(429, "too.many.requests.retry.after", &message);
                return (429, Some(body), Some(secs));
            }
            let (status, body) = route(state, &request);
            (status, body, None)
        });
        let mut template = wiremock::ResponseTemplate::new(status);
        if let Some(body) = body {
            template = template.set_body_json(body);
        }
        if let Some(secs) = retry_after {
            template = template.insert_header("Retry-After", secs.to_string().as_str());
        }
        template
    }
}

fn token(request: &RecordedRequest) -> String {
    request.header("authorization").unwrap_or("").to_owned()
}

fn route(state: &mut super::state::State, request: &RecordedRequest) -> (u16, Option<Value>) {
    let rest = request.path()[CHANNELS_PATH.len()..].trim_start_matches('/');
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match (request.method(), segments.as_slice()) {
        ("POST", []) => (200, Some(state.create_channel(&token(request)))),
        ("GET", []) => {
            let all = request
                .query_values("includechannels")
                .iter()
                .any(|v| v.eq_ignore_ascii_case("oauthclient"));
            let token = token(request);
            let entities: Vec<Value> = state
                .channels
                .iter()
                .filter(|c| all || c.token == token)
                .map(|c| state.channel_json(c))
                .collect();
            (200, Some(serde_json::json!({ "entities": entities })))
        }
        ("HEAD", [id]) => {
            let now = state.tick();
            match state.channel_mut(id) {
                Some(c) => {
                    c.last_used = now;
                    (200, None)
                }
                None => (404, None),
            }
        }
        (method, [id, "subscriptions"]) => subscriptions(state, request, method, id),
        _ => {
            let message = format!(
                "genesys-client notifications mock: no operation `{} {}`",
                request.method(),
                request.path()
            );
            (404, Some(error_body(404, "not.found", &message)))
        }
    }
}

fn subscriptions(
    state: &mut super::state::State,
    request: &RecordedRequest,
    method: &str,
    id: &str,
) -> (u16, Option<Value>) {
    let now = state.tick();
    let Some(channel) = state.channel_mut(id) else {
        let (status, body) = not_found(id);
        return (status, Some(body));
    };
    channel.last_used = now;
    match method {
        "GET" => (
            200,
            Some(serde_json::json!({ "entities": topic_entities(channel) })),
        ),
        "DELETE" => {
            channel.topics.clear();
            (204, None)
        }
        "POST" | "PUT" => {
            let Ok(topics) = request.body_json::<Vec<TopicId>>() else {
                let message = "The body must be a JSON array of {\"id\": topic}";
                return (400, Some(error_body(400, "bad.request", message)));
            };
            let names: Vec<String> = topics.into_iter().map(|t| t.id).collect();
            let ignore_errors = request
                .query_values("ignoreErrors")
                .iter()
                .any(|v| v == "true");
            match state.subscribe(id, &names, ignore_errors, method == "PUT") {
                Ok(body) => (200, Some(body)),
                Err((status, body)) => (status, Some(body)),
            }
        }
        _ => (405, Some(error_body(405, "method.not.allowed", method))),
    }
}

#[derive(serde::Deserialize)]
struct TopicId {
    id: String,
}
