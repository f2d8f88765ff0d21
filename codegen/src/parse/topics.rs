//! The topic list ([`crate::spec::topics::EXTENSION`]) → [`ir::NotificationTopic`]s.
//!
//! Names come from the pattern, once: the version segment (`v2`) is dropped, a literal
//! followed by a placeholder is made singular (`users.{id}` → `user`), and the rest joined
//! (`v2.users.{id}.routingStatus` → `user_routing_status`, variant `UserRoutingStatus`); a
//! placeholder `{id}` after such a literal is `user_id`. Payload schemas were merged into
//! `components/schemas`, so a payload is an ordinary named type.

use super::Lowering;
use crate::diag::JsonPointer;
use crate::ir::{self, naming, NotificationTopic, TopicSegment, TypeRef};
use crate::spec::topics::EXTENSION;
use crate::{Skipped, SkippedKind};
use serde_json::Value;

/// Lowers the topic list, if the document has one. A topic whose payload cannot be expressed
/// is skipped (named, with the reason), like an operation.
pub(crate) fn lower(cx: &mut Lowering<'_>) -> Vec<NotificationTopic> {
    let Some(Value::Object(list)) = cx.api.extensions.get(EXTENSION) else {
        return Vec::new();
    };
    let root = JsonPointer::root().push(EXTENSION);
    let mut names = naming::Scope::new();
    // `unknown` is the catch-all variant's constructor-free name.
    names.reserve("unknown");
    let mut out = Vec::new();
    for (pattern, topic) in list {
        let ptr = root.push(pattern);
        let subscribe = topic
            .get("subscribe")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let Some(reference) = topic.get("schema").and_then(Value::as_str) else {
            cx.error(&ptr.push("schema"), "a topic needs its payload schema");
            continue;
        };
        let Some(payload) = payload(cx, reference) else {
            cx.skipped.push(Skipped {
                pointer: ptr.clone(),
                kind: SkippedKind::Topic,
                name: pattern.clone(),
                reason: format!("its payload schema '{reference}' cannot be expressed"),
            });
            continue;
        };
        let (segments, stem) = segments(pattern);
        let name = names.claim(&stem);
        let variant = naming::pascal(&name, "Topic");
        out.push(NotificationTopic {
            pattern: pattern.clone(),
            pointer: ptr.to_string(),
            segments,
            name,
            variant,
            payload,
            subscribe,
        });
    }
    out.sort_by(|a, b| a.pattern.cmp(&b.pattern));
    out
}

/// The payload's type, unless its schema is missing or was left out as inexpressible.
fn payload(cx: &mut Lowering<'_>, reference: &str) -> Option<TypeRef> {
    let wire = reference.strip_prefix("#/components/schemas/")?;
    let name = cx.schema_names.get(wire)?.clone();
    if cx.broken.contains_key(&name) || !cx.types.contains_key(&name) {
        return None;
    }
    Some(TypeRef::Named(name))
}

/// The segments of a pattern with their Rust names, and the snake_case stem of its names.
fn segments(pattern: &str) -> (Vec<TopicSegment>, String) {
    let raw: Vec<&str> = pattern.split('.').collect();
    let mut words: Vec<String> = Vec::new();
    let mut params = naming::Scope::new();
    let mut segments = Vec::with_capacity(raw.len());
    for (i, seg) in raw.iter().enumerate() {
        let placeholder = seg
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .filter(|s| !s.is_empty());
        match placeholder {
            Some(wire) => {
                let owner = i
                    .checked_sub(1)
                    .map(|j| raw[j])
                    .filter(|p| !p.starts_with('{'))
                    .map(singular);
                let candidate = match owner {
                    Some(owner) if wire == "id" => format!("{owner}_id"),
                    _ => wire.to_owned(),
                };
                let name = params.claim(&naming::snake(&candidate, "id"));
                segments.push(TopicSegment::Param {
                    wire: wire.to_owned(),
                    name,
                });
            }
            None => {
                segments.push(TopicSegment::Literal((*seg).to_owned()));
                let is_version = i == 0 && is_version(seg);
                if !is_version {
                    let next_is_param = raw.get(i + 1).is_some_and(|n| n.starts_with('{'));
                    words.push(if next_is_param {
                        singular(seg)
                    } else {
                        (*seg).to_owned()
                    });
                }
            }
        }
    }
    let stem = naming::snake(&words.join("_"), "topic");
    (segments, stem)
}

/// `v2`, `v3`: the API version, not part of what a topic is about.
fn is_version(seg: &str) -> bool {
    seg.strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `users` → `user`, `queues` → `queue`, `addresses` → `address`, `entities` → `entity`: a
/// collection segment names one member before its id.
fn singular(seg: &str) -> String {
    if let Some(stem) = seg.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for es in ["sses", "shes", "ches", "xes", "zes"] {
        if seg.ends_with(es) && seg.len() > es.len() + 1 {
            return seg[..seg.len() - 2].to_owned();
        }
    }
    match seg.strip_suffix('s') {
        Some(one) if one.len() > 1 && !one.ends_with('s') => one.to_owned(),
        _ => seg.to_owned(),
    }
}

/// The payload types of every topic: bodies arrive from the server, so they are decoded as
/// responses are (see `usage`).
pub(crate) fn payload_roots(topics: &[ir::NotificationTopic], out: &mut Vec<String>) {
    for t in topics {
        t.payload.named(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pattern: &str) -> (Vec<String>, String) {
        let (segs, stem) = segments(pattern);
        let params = segs
            .into_iter()
            .filter_map(|s| match s {
                TopicSegment::Param { name, .. } => Some(name),
                TopicSegment::Literal(_) => None,
            })
            .collect();
        (params, stem)
    }

    #[test]
    fn names_follow_the_pattern() {
        assert_eq!(
            names("v2.users.{id}.presence"),
            (vec!["user_id".to_owned()], "user_presence".to_owned())
        );
        assert_eq!(
            names("v2.users.{id}.routingStatus"),
            (vec!["user_id".to_owned()], "user_routing_status".to_owned())
        );
        assert_eq!(
            names("v2.system.{id}.{id}"),
            (
                vec!["system_id".to_owned(), "id".to_owned()],
                "system".to_owned()
            )
        );
        assert_eq!(
            names("v2.system.no_longer_subscribed.{id}"),
            (
                vec!["no_longer_subscribed_id".to_owned()],
                "system_no_longer_subscribed".to_owned()
            )
        );
        assert_eq!(names("channel.metadata").1, "channel_metadata");
        assert_eq!(names("v2.addresses.{id}.x").1, "address_x");
        assert_eq!(
            names("v2.routing.queues.{id}.users").1,
            "routing_queue_users"
        );
        assert_eq!(names("v2.entities.{id}.x").1, "entity_x");
    }
}
