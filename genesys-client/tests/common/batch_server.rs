//! A batch-event server for the publishing tests: answers every batch `200` (rejecting ids
//! ending in `9`, not retryable) except an injected fault on the k-th request, and records how
//! many times each id was published.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use genesys_client::models::UserPresenceEvent;
use genesys_client::Draft;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The fault a [`Faulty`] server injects.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    Status(u16),
    /// `429` with `Retry-After: 1`, once.
    RateLimited,
}

/// Answers every batch `200` (rejecting ids ending in `9`, not retryable), except the k-th
/// request (1-based), which gets `fault`. Records, per id, how many times it was in a batch
/// answered `200`: the times Genesys would have published it.
struct Faulty {
    k: usize,
    fault: Fault,
    hits: AtomicUsize,
    published: Arc<Mutex<BTreeMap<String, usize>>>,
    /// Delay of every answer after the first `fast` ones.
    slow_after: Option<(usize, Duration)>,
}

impl Respond for Faulty {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let hit = self.hits.fetch_add(1, Ordering::SeqCst) + 1;
        if hit == self.k {
            return match self.fault {
                Fault::Status(status) => ResponseTemplate::new(status)
                    .set_body_json(serde_json::json!({"code": "fault", "status": status})),
                Fault::RateLimited => ResponseTemplate::new(429).insert_header("Retry-After", "1"),
            };
        }
        let ids = ids_of(&request.body);
        let mut published = self.published.lock().unwrap();
        let errors: Vec<_> = ids
            .iter()
            .filter(|id| id.ends_with('9'))
            .map(|id| serde_json::json!({"eventId": id, "retryable": false}))
            .collect();
        for id in ids {
            *published.entry(id).or_default() += 1;
        }
        let mut answer =
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "errors": errors }));
        if let Some((fast, delay)) = self.slow_after {
            if hit > fast {
                answer = answer.set_delay(delay);
            }
        }
        answer
    }
}

pub fn ids_of(body: &[u8]) -> Vec<String> {
    let body: serde_json::Value = serde_json::from_slice(body).unwrap();
    body["userPresenceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventId"].as_str().unwrap().to_owned())
        .collect()
}

pub fn drafts(n: usize) -> Vec<Draft<UserPresenceEvent>> {
    (0..n)
        .map(|i| {
            Draft::new(UserPresenceEvent::new(
                DateTime::<Utc>::default(),
                "",
                "source-1",
                format!("user-{i}"),
            ))
        })
        .collect()
}

pub async fn faulty_server(
    k: usize,
    fault: Fault,
    slow_after: Option<(usize, Duration)>,
) -> (MockServer, Arc<Mutex<BTreeMap<String, usize>>>) {
    let server = MockServer::start().await;
    let published = Arc::new(Mutex::new(BTreeMap::new()));
    Mock::given(method("POST"))
        .and(path("/api/v2/events/users/presence"))
        .respond_with(Faulty {
            k,
            fault,
            hits: AtomicUsize::new(0),
            published: published.clone(),
            slow_after,
        })
        .mount(&server)
        .await;
    (server, published)
}
