//! Bulk reads of any size: `send_chunked` splits the ids by the documented limit (50 per
//! request, from the limits overlay under `spec/`), keeps input order, and reports a failed
//! chunk with its ids instead of swallowing it.

mod common;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// One presence per requested id, except a 500 for any request carrying `user-120`.
struct Presences;

impl Respond for Presences {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let ids: Vec<String> = request
            .url
            .query_pairs()
            .filter(|(k, _)| k == "id")
            .map(|(_, v)| v.into_owned())
            .collect();
        if ids.iter().any(|id| id == "user-120") {
            return ResponseTemplate::new(500).set_body_json(serde_json::json!({"code": "boom"}));
        }
        // Later chunks answer sooner: the order must come from the input, not the wire.
        let delay = 200u64.saturating_sub(ids.len() as u64 * 3);
        ResponseTemplate::new(200)
            .set_body_json(
                ids.iter()
                    .map(|id| serde_json::json!({"userId": id}))
                    .collect::<Vec<_>>(),
            )
            .set_delay(std::time::Duration::from_millis(delay))
    }
}

#[tokio::test]
async fn any_number_of_ids_is_split_by_the_limit_in_input_order_with_failures_reported() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/presences/purecloud/bulk"))
        .respond_with(Presences)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let ids: Vec<String> = (0..230).map(|i| format!("user-{i}")).collect();
    let outcome = client
        .presence()
        .get_users_presences_purecloud_bulk()
        .id(&ids)
        .send_chunked(3)
        .await;

    let requests = server.received_requests().await.unwrap();
    // 500s on a GET are retried: the failing chunk is asked more than once, each time whole.
    let sizes: Vec<usize> = requests
        .iter()
        .map(|r| r.url.query_pairs().filter(|(k, _)| k == "id").count())
        .collect();
    assert!(sizes.iter().all(|&n| n <= 50), "{sizes:?}");
    assert_eq!(outcome.chunks.len(), 5);
    assert!(!outcome.is_complete());
    let failed: Vec<Vec<String>> = outcome
        .failures()
        .map(|(ids, err)| {
            assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
            ids.to_vec()
        })
        .collect();
    assert_eq!(failed, [ids[100..150].to_vec()]);

    let (presences, failed) = outcome.into_items();
    let got: Vec<&str> = presences
        .iter()
        .map(|p| p.user_id.as_deref().unwrap())
        .collect();
    let expected: Vec<&str> = ids[..100]
        .iter()
        .chain(&ids[150..])
        .map(String::as_str)
        .collect();
    assert_eq!(got, expected, "input order");
    assert_eq!(failed.len(), 1);
}

/// Without ids, `send_chunked` sends nothing.
#[tokio::test]
async fn no_ids_no_request() {
    let server = MockServer::start().await;
    let client = common::client(&server);
    let outcome = client
        .presence()
        .get_users_presence_bulk("PURECLOUD")
        .send_chunked(4)
        .await;
    assert!(outcome.chunks.is_empty() && outcome.is_complete());
    assert!(server.received_requests().await.unwrap().is_empty());
}
