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

/// The committed `spec/` is exactly what the pipeline makes of the 2025 reference document.
#[test]
fn committed_spec_is_reproducible() {
    let Some(path) = shared_reference("genesys-platform-api-2025-events-presence.swagger.json")
    else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let opts = ImportOptions {
        tags: Some(vec!["Events".into(), "Presence".into()]),
        facts_only: true,
        overlays: vec![limits_overlay()],
    };
    let imported = spec::import(&bytes, &opts).unwrap();
    let committed =
        std::fs::read_to_string(workspace_root().join("spec/platform-api.json")).unwrap();
    assert!(
        spec::to_json_string(&imported.openapi) == committed,
        "spec/platform-api.json is not what `cargo xtask spec import` produces: re-run the command in spec/README.md"
    );
    // source.json: the provenance plus where it came from.
    let source: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join("spec/source.json")).unwrap(),
    )
    .unwrap();
    let mut expected = imported.provenance.clone();
    expected["source"] = source["source"].clone();
    assert_eq!(source, expected);
    assert_eq!(source["operations"], 30);
    assert_eq!(source["schemas"], 96);
    assert_eq!(source["overlays"][0]["file"], "spec/limits.overlay.json");
    // Importing again gives the same bytes: overlays apply to the upstream document each time.
    let again = spec::import(&bytes, &opts).unwrap();
    assert_eq!(
        spec::to_json_string(&again.openapi),
        spec::to_json_string(&imported.openapi)
    );
    assert!(source["source"]
        .as_str()
        .unwrap()
        .ends_with("genesys-platform-api-2025-events-presence.swagger.json"));
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

/// A stale overlay fails the import, naming the action, instead of dropping the fact.
#[test]
fn stale_overlay_fails_the_import() {
    let Some(path) = shared_reference("genesys-platform-api-2025-events-presence.swagger.json")
    else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    // Without Presence, the bulk presence targets select nothing.
    let opts = ImportOptions {
        tags: Some(vec!["Events".into()]),
        facts_only: true,
        overlays: vec![limits_overlay()],
    };
    let err = spec::import(&bytes, &opts).unwrap_err().to_string();
    assert!(err.contains("spec/limits.overlay.json, action 1"), "{err}");
    assert!(err.contains("selects nothing"), "{err}");
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
