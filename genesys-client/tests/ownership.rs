//! Request builders own their `Client` clone: every operation future and stream is
//! `Send + 'static` (it can be handed to `tokio::spawn`), and streams are `Unpin`.
//! Most of this file is checked by the compiler; the assertions check that the spawned work
//! really reached the server.

mod common;

use futures_util::StreamExt;
use genesys_client::models::SourceEntityListing;
use genesys_client::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn assert_send_static<T: Send + 'static>(_: &T) {}

fn assert_unpin<T: Unpin>(_: &T) {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_operation_futures_run_in_spawned_tasks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/presence/sources"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "entities": [{ "id": "s1", "name": "CRM" }] })),
        )
        .expect(64)
        .mount(&server)
        .await;
    let client: Client = common::client(&server);

    let tasks: Vec<tokio::task::JoinHandle<Result<SourceEntityListing, genesys_client::Error>>> =
        (0..64)
            .map(|_| {
                // The builder is created from a temporary `PresenceApi` and outlives it.
                let future = client.presence().get_presence_sources().send();
                assert_send_static(&future);
                tokio::spawn(future)
            })
            .collect();
    // The client can be dropped while requests are in flight: they hold their own clone.
    drop(client);
    for task in tasks {
        let listing = task.await.expect("task ran").expect("request succeeded");
        assert_eq!(listing.entities.unwrap_or_default().len(), 1);
    }
}

#[tokio::test]
#[allow(deprecated)] // the only paged listing of the Presence tag is the deprecated one
async fn streams_are_unpin_send_and_static() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/presencedefinitions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "entities": [{ "id": "a", "languageLabels": {} }, { "id": "b", "languageLabels": {} }], "pageNumber": 1, "pageCount": 1
        })))
        .mount(&server)
        .await;
    let mut stream = common::client(&server)
        .presence()
        .get_presencedefinitions()
        .stream();
    assert_unpin(&stream);
    assert_send_static(&stream);
    let ids = tokio::spawn(async move {
        // No `pin!`: the stream is boxed.
        let mut ids = Vec::new();
        while let Some(item) = stream.next().await {
            ids.push(item.expect("item").id.expect("id"));
        }
        ids
    })
    .await
    .unwrap();
    assert_eq!(ids, ["a", "b"]);
}
