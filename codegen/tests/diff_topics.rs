//! `diff` covers the second input: the committed topic snapshot, mutated (a payload field
//! added, a topic removed, a topic made subscribable), reported with its semver impact.

mod support;

use codegen::diff::{self, ChangeKind, Impact};
use codegen::spec;
use serde_json::{json, Value};
use support::workspace_root;

fn committed(file: &str) -> Vec<u8> {
    std::fs::read(workspace_root().join(file)).unwrap()
}

fn load(topics: &Value) -> Value {
    let api = committed("spec/platform-api.json");
    let t = topics.to_string();
    spec::load_with_topics(&api, Some((t.as_bytes(), "topics.json"))).unwrap()
}

fn topics() -> Value {
    serde_json::from_slice(&committed(spec::topics::FILE)).unwrap()
}

#[test]
fn unchanged_topics_report_nothing() {
    let t = topics();
    let r = diff::diff(&load(&t), &load(&t)).unwrap();
    assert!(r.changes.is_empty(), "{:#?}", r.changes);
}

#[test]
fn a_payload_field_added_is_additive() {
    let old = topics();
    let mut new = old.clone();
    new["components"]["schemas"]["PresenceEventUserPresence"]["properties"]
        ["futurePresenceDefinition"] =
        json!({"$ref": "#/components/schemas/PresenceEventOrganizationPresence"});
    let r = diff::diff(&load(&old), &load(&new)).unwrap();
    let added: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::PropertyAdded)
        .collect();
    assert_eq!(added.len(), 1, "{:#?}", r.changes);
    assert_eq!(added[0].impact, Impact::Additive);
    assert!(
        added[0].location.contains("PresenceEventUserPresence"),
        "{:#?}",
        added[0]
    );
    assert!(!r.is_breaking(), "{:#?}", r.changes);
}

#[test]
fn a_payload_field_removed_is_breaking() {
    let old = topics();
    let mut new = old.clone();
    new["components"]["schemas"]["PresenceEventUserPresence"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let r = diff::diff(&load(&old), &load(&new)).unwrap();
    assert!(
        r.changes
            .iter()
            .any(|c| c.kind == ChangeKind::PropertyRemoved && c.impact == Impact::Breaking),
        "{:#?}",
        r.changes
    );
}

#[test]
fn a_subscribable_topic_removed_is_breaking_and_a_system_one_is_not() {
    let old = topics();
    let mut new = old.clone();
    let list = new["topics"].as_object_mut().unwrap();
    list.remove("v2.users.{id}.activity");
    list.remove("v2.system.socket_closing");
    let r = diff::diff(&load(&old), &load(&new)).unwrap();
    let removed: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::TopicRemoved)
        .map(|c| (c.location.as_str(), c.impact))
        .collect();
    assert_eq!(
        removed,
        [
            ("v2.users.{id}.activity", Impact::Breaking),
            ("v2.system.socket_closing", Impact::None)
        ],
        "{:#?}",
        r.changes
    );
    assert!(r.is_breaking());
    let activity = r
        .changes
        .iter()
        .find(|c| c.location == "v2.users.{id}.activity")
        .unwrap();
    assert!(
        activity.detail.contains("Topic::user_activity"),
        "{activity:?}"
    );
    assert!(
        activity.detail.contains("NotificationEvent::UserActivity"),
        "{activity:?}"
    );
    // The pointer is the IR's (set once, in parse) and resolves in the old document, where
    // the topic still is.
    let old_doc = load(&old);
    let at = activity.pointer.strip_prefix('#').unwrap();
    assert_eq!(
        activity.pointer,
        "#/x-genesys-rs-topics/v2.users.{id}.activity"
    );
    assert!(old_doc.pointer(at).is_some(), "{activity:?}");
}

#[test]
fn a_topic_added_or_made_subscribable_is_additive() {
    let old = topics();
    let mut new = old.clone();
    new["topics"]["v2.users.{id}.station"] =
        json!({"schema": "#/components/schemas/ChannelMetadataNotification", "subscribe": true});
    new["topics"]["channel.metadata"]["subscribe"] = json!(true);
    let r = diff::diff(&load(&old), &load(&new)).unwrap();
    let kinds: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.location.contains("station") || c.location == "channel.metadata")
        .map(|c| (c.kind, c.impact))
        .collect();
    assert!(
        kinds.contains(&(ChangeKind::TopicAdded, Impact::Additive)),
        "{:#?}",
        r.changes
    );
    assert!(
        kinds.contains(&(ChangeKind::TopicSubscribeChanged, Impact::Additive)),
        "{:#?}",
        r.changes
    );
    assert!(!r.is_breaking(), "{:#?}", r.changes);
}

#[test]
fn topics_the_api_description_contradicts_are_refused_by_pointer() {
    let mut t = topics();
    // A payload schema defined differently from the API's schema of the same name.
    t["components"]["schemas"]["ErrorBody"] = json!({"type": "string"});
    let api = committed("spec/platform-api.json");
    let text = t.to_string();
    let err = spec::load_with_topics(&api, Some((text.as_bytes(), "topics.json")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("#/components/schemas/ErrorBody"), "{err}");
    assert!(err.contains("topics.json"), "{err}");
}
