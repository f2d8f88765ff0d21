//! The spec pipeline on the real reference documents in `../shared/reference/`.

mod support;

use codegen::spec::{self, ImportOptions};
use serde_json::Value;
use support::{shared_reference, workspace_root};

/// The project's overlay, as `cargo xtask spec import` reads and names it.
fn limits_overlay() -> spec::overlay::Overlay {
    let bytes = std::fs::read(workspace_root().join("spec/limits.overlay.json")).unwrap();
    spec::overlay::Overlay::parse("spec/limits.overlay.json", &bytes).unwrap()
}

const EVENTS_PRESENCE: &str = "genesys-platform-api-2025-events-presence.swagger.json";
const NOTIFICATIONS: &str = "genesys-platform-api-2025-notifications.swagger.json";
const TOPICS: &str = "genesys-notification-topics-2025.json";

/// The committed `spec/` is exactly what the pipeline makes of the 2025 reference documents:
/// two parts of the platform merged, sliced to three tags, and the topic snapshot.
#[test]
fn committed_spec_is_reproducible() {
    let (Some(a), Some(b), Some(t)) = (
        shared_reference(EVENTS_PRESENCE),
        shared_reference(NOTIFICATIONS),
        shared_reference(TOPICS),
    ) else {
        return;
    };
    let (a, b, t) = (
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        std::fs::read(&t).unwrap(),
    );
    let sources = [
        format!("../shared/reference/{EVENTS_PRESENCE}"),
        format!("../shared/reference/{NOTIFICATIONS}"),
    ];
    let inputs = [
        spec::Input {
            source: &sources[0],
            bytes: &a,
        },
        spec::Input {
            source: &sources[1],
            bytes: &b,
        },
    ];
    let opts = ImportOptions {
        tags: Some(vec![
            "Events".into(),
            "Presence".into(),
            "Notifications".into(),
        ]),
        facts_only: true,
        overlays: vec![limits_overlay()],
    };
    let imported = spec::import_many(&inputs, &opts).unwrap();
    let committed =
        std::fs::read_to_string(workspace_root().join("spec/platform-api.json")).unwrap();
    assert!(
        spec::to_json_string(&imported.openapi) == committed,
        "spec/platform-api.json is not what `cargo xtask spec import` produces: re-run the command in spec/README.md"
    );
    let topics = spec::topics::import(&t).unwrap();
    let committed_topics =
        std::fs::read_to_string(workspace_root().join(spec::topics::FILE)).unwrap();
    assert!(
        spec::to_json_string(&topics.document) == committed_topics,
        "spec/notification-topics.json is not what `cargo xtask spec import --topics` produces"
    );
    // source.json: the provenance of every input, the topic snapshot's included.
    let source: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join("spec/source.json")).unwrap(),
    )
    .unwrap();
    let mut expected = imported.provenance.clone();
    let mut topic_prov = topics.provenance.clone();
    topic_prov["source"] = Value::String(format!("../shared/reference/{TOPICS}"));
    expected["topics"] = topic_prov;
    assert_eq!(source, spec::normalize::sort_keys(expected));
    assert_eq!(source["operations"], 3 + 27 + 8);
    assert_eq!(source["inputs"].as_array().unwrap().len(), 2);
    for input in source["inputs"].as_array().unwrap() {
        assert_eq!(input["sha256"].as_str().unwrap().len(), 64);
    }
    assert_eq!(source["topics"]["topics"], 8);
    assert_eq!(source["topics"]["schemas"], 14);
    assert_eq!(source["overlays"][0]["file"], "spec/limits.overlay.json");
    // Importing again gives the same bytes: overlays apply to the upstream document each time.
    let again = spec::import_many(&inputs, &opts).unwrap();
    assert_eq!(
        spec::to_json_string(&again.openapi),
        spec::to_json_string(&imported.openapi)
    );
    // The Notifications operations, HEAD and the query parameters users need included.
    let paths = &imported.openapi["paths"];
    assert!(paths["/api/v2/notifications/channels/{channelId}"]["head"].is_object());
    let subs = &paths["/api/v2/notifications/channels/{channelId}/subscriptions"];
    for m in ["get", "post", "put", "delete"] {
        assert!(subs[m].is_object(), "{m}");
    }
    let names = |op: &Value| -> Vec<String> {
        op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(names(&subs["put"]).contains(&"ignoreErrors".to_owned()));
    assert!(names(&paths["/api/v2/notifications/channels"]["get"])
        .contains(&"includechannels".to_owned()));
    assert!(
        names(&paths["/api/v2/notifications/availabletopics"]["get"])
            .contains(&"includePreview".to_owned())
    );
}

/// Two parts that define one schema differently cannot merge: the error names the schema's
/// pointer and both inputs.
#[test]
fn parts_defining_a_schema_differently_do_not_merge() {
    let (Some(a), Some(b)) = (
        shared_reference(EVENTS_PRESENCE),
        shared_reference(NOTIFICATIONS),
    ) else {
        return;
    };
    let a = std::fs::read(&a).unwrap();
    let mut b: Value = serde_json::from_slice(&std::fs::read(&b).unwrap()).unwrap();
    // Both parts define ErrorBody; make the second disagree.
    b["definitions"]["ErrorBody"]["properties"]["status"] = serde_json::json!({"type": "string"});
    let b = b.to_string();
    let err = spec::import_many(
        &[
            spec::Input {
                source: "part-a.json",
                bytes: &a,
            },
            spec::Input {
                source: "part-b.json",
                bytes: b.as_bytes(),
            },
        ],
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("#/components/schemas/ErrorBody"), "{err}");
    assert!(
        err.contains("part-a.json") && err.contains("part-b.json"),
        "{err}"
    );
}

/// The limits of `spec/limits.overlay.json` are schema facts of the committed spec.
#[test]
fn committed_spec_carries_the_overlay_limits() {
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join("spec/platform-api.json")).unwrap(),
    )
    .unwrap();
    for path in [
        "/api/v2/users/presences/{sourceId}/bulk",
        "/api/v2/users/presences/purecloud/bulk",
    ] {
        let params = committed["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap();
        let id = params.iter().find(|p| p["name"] == "id").unwrap();
        assert_eq!(id["schema"]["maxItems"], 50, "{path}");
    }
    let schemas = &committed["components"]["schemas"];
    assert_eq!(
        schemas["BatchUserPresenceEventRequest"]["properties"]["userPresenceEvents"]["maxItems"],
        100
    );
    assert_eq!(
        schemas["BatchUserRoutingStatusEventRequest"]["properties"]["userRoutingStatusEvents"]
            ["maxItems"],
        100
    );
    let conversation = schemas["BatchConversationEventRequest"]["properties"]
        .as_object()
        .unwrap();
    assert!(conversation.len() > 10);
    for (name, prop) in conversation {
        assert_eq!(prop["maxItems"], 100, "{name}");
    }
}

fn import_2025(tags: &[&str], bytes: &[u8]) -> Result<spec::Imported, codegen::Error> {
    let opts = ImportOptions {
        tags: Some(tags.iter().map(|t| (*t).to_owned()).collect()),
        facts_only: true,
        overlays: vec![limits_overlay()],
    };
    spec::import(bytes, &opts)
}

/// The actions of the project's overlay listed as not applicable in the provenance.
fn not_applicable(imported: &spec::Imported) -> Vec<u64> {
    imported.provenance["overlays"][0]["not_applicable"]
        .as_array()
        .map(|list| list.iter().map(|n| n["action"].as_u64().unwrap()).collect())
        .unwrap_or_default()
}

fn bulk_limit(doc: &Value, path: &str) -> Value {
    let params = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
    params.iter().find(|p| p["name"] == "id").unwrap()["schema"]["maxItems"].clone()
}

/// Overlays are scoped to the slice: one tag set keeps the limits of its operations, and the
/// actions about operations it leaves out are listed as not applicable, never an error.
#[test]
fn overlay_actions_outside_the_slice_are_not_applicable() {
    let Some(path) = shared_reference("genesys-platform-api-2025-events-presence.swagger.json")
    else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    // A larger tag set (Users has no operation in this document) keeps every limit.
    let larger = import_2025(&["Events", "Presence", "Users"], &bytes).unwrap();
    assert_eq!(not_applicable(&larger), Vec::<u64>::new());
    assert!(larger.provenance["overlays"][0]
        .get("not_applicable")
        .is_none());
    // Users adds nothing here: the same document as Events and Presence alone.
    let same = import_2025(&["Events", "Presence"], &bytes).unwrap();
    assert!(spec::to_json_string(&larger.openapi) == spec::to_json_string(&same.openapi));
    for p in [
        "/api/v2/users/presences/{sourceId}/bulk",
        "/api/v2/users/presences/purecloud/bulk",
    ] {
        assert_eq!(bulk_limit(&larger.openapi, p), 50, "{p}");
    }

    // Presence alone: the two bulk limits apply, the three batch-event limits do not.
    let presence = import_2025(&["Presence"], &bytes).unwrap();
    assert_eq!(not_applicable(&presence), [3, 4, 5]);
    assert_eq!(
        bulk_limit(&presence.openapi, "/api/v2/users/presences/purecloud/bulk"),
        50
    );
    let reason = presence.provenance["overlays"][0]["not_applicable"][0]["reason"].clone();
    assert_eq!(
        reason,
        "operation POST /api/v2/events/users/presence is not in the imported slice"
    );

    // Events alone: the reverse.
    let events = import_2025(&["Events"], &bytes).unwrap();
    assert_eq!(not_applicable(&events), [1, 2]);
    assert_eq!(
        events.openapi["components"]["schemas"]["BatchUserPresenceEventRequest"]["properties"]
            ["userPresenceEvents"]["maxItems"],
        100
    );
}

/// The case: other tags of the whole 2017 platform document import with the default
/// overlay, none of whose operations the slice holds.
#[test]
fn users_and_routing_of_the_2017_document_import_with_the_default_overlay() {
    let Some(path) = shared_reference("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let opts = ImportOptions {
        tags: Some(vec!["Users".into(), "Routing".into()]),
        facts_only: true,
        overlays: vec![limits_overlay()],
    };
    let imported = spec::import(&bytes, &opts).unwrap();
    assert_eq!(spec::count_operations(&imported.openapi), 83);
    assert_eq!(not_applicable(&imported), [1, 2, 3, 4, 5]);
    let record = &imported.provenance["overlays"][0];
    assert_eq!(record["actions"], 5);
    assert_eq!(
        record["not_applicable"][0]["reason"],
        "operation GET /api/v2/users/presences/{sourceId}/bulk is not in the imported slice"
    );
    assert!(!imported.openapi.to_string().contains("maxItems\":50"));
}

/// A stale overlay fails the import, naming the action, instead of dropping the fact: the
/// operation is in the slice, the parameter its target selects is not.
#[test]
fn stale_overlay_fails_the_import() {
    let Some(path) = shared_reference("genesys-platform-api-2025-events-presence.swagger.json")
    else {
        return;
    };
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let params = doc["paths"]["/api/v2/users/presences/{sourceId}/bulk"]["get"]["parameters"]
        .as_array_mut()
        .unwrap();
    let id = params.iter_mut().find(|p| p["name"] == "id").unwrap();
    id["name"] = "ids".into();
    let err = import_2025(&["Presence"], doc.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.contains("spec/limits.overlay.json, action 1"), "{err}");
    assert!(
        err.contains(
            "selects nothing inside operation GET /api/v2/users/presences/{sourceId}/bulk"
        ),
        "{err}"
    );
}

#[test]
fn facts_only_spec_has_no_upstream_prose() {
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join("spec/platform-api.json")).unwrap(),
    )
    .unwrap();
    let text = committed.to_string();
    // Upstream prose that the 2025 document carries in descriptions and error-code messages.
    for prose in [
        "could not be understood by the server",
        "Maximum bytes",
        "Unable to perform the requested action",
    ] {
        assert!(
            !text.contains(prose),
            "facts-only spec still contains {prose:?}"
        );
    }
    // Summaries are kept; response descriptions are reason phrases.
    let op = &committed["paths"]["/api/v2/users/{userId}/presences/{sourceId}"]["get"];
    assert_eq!(op["summary"], "Get a user's Presence");
    assert_eq!(op["responses"]["200"]["description"], "OK");
    assert_eq!(op["responses"]["429"]["description"], "Too Many Requests");
    assert_eq!(
        op["responses"]["401"]["x-inin-error-codes"],
        serde_json::json!(["authentication.required", "bad.credentials"])
    );
}

#[test]
fn presence_slice_of_the_2017_document() {
    let Some(path) = shared_reference("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let opts = ImportOptions {
        tags: Some(vec!["Presence".into()]),
        facts_only: false,
        ..Default::default()
    };
    let imported = spec::import(&bytes, &opts).unwrap();
    assert_eq!(spec::count_operations(&imported.openapi), 8);
    assert_eq!(
        imported.openapi["components"]["schemas"]
            .as_object()
            .unwrap()
            .len(),
        30
    );
    assert_eq!(imported.provenance["operations"], 8);
    assert_eq!(imported.provenance["schemas"], 30);
}

/// Upgrading the whole real document yields OpenAPI that `openapiv3` reads, with every `$ref`
/// resolved; generating all of it succeeds (compiling it is `xtask`'s platform test).
#[test]
fn whole_2017_document_upgrades_parses_and_generates() {
    let Some(path) = shared_reference("genesys-platform-api-2017-09.swagger.json") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let doc = spec::load(&bytes).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(spec::count_operations(&doc), 841);
    assert_eq!(doc["components"]["schemas"].as_object().unwrap().len(), 733);
    // Every $ref resolves: walked here independently of the pipeline's own checker.
    let mut refs = 0;
    let mut stack: Vec<(&Value, String)> = vec![(&doc, String::new())];
    while let Some((v, at)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    refs += 1;
                    let target = r
                        .strip_prefix('#')
                        .unwrap_or_else(|| panic!("non-local $ref {r} at {at}"));
                    assert!(target.starts_with("/components/"), "{r} at {at}");
                    assert!(doc.pointer(target).is_some(), "dangling $ref {r} at {at}");
                }
                for (k, c) in map {
                    stack.push((c, format!("{at}/{k}")));
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|c| (c, at.clone()))),
            _ => {}
        }
    }
    assert!(refs > 1000, "only {refs} refs");
    assert!(!doc.to_string().contains("#/definitions/"));
    let api: codegen::OpenAPI = serde_json::from_value(doc).unwrap();
    let out = codegen::generate(&api).unwrap();
    assert!(out.files.len() > 733, "{} files", out.files.len());
    // What the runtime cannot express is reported, never dropped silently.
    for s in &out.skipped {
        assert!(!s.reason.is_empty(), "{} skipped without a reason", s.name);
    }
}
