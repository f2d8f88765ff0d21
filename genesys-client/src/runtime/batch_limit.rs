//! The per-request cap on batch event bodies (`POST /api/v2/events/...`), checked by the
//! client before anything is sent. It works on the serialized body alone, so it holds for every
//! caller, not only [`EventPublisher`](crate::runtime::EventPublisher).
//!
//! **Assumption to confirm against the live API:** Genesys documents no maximum number of
//! events per batch request; the client assumes [`DEFAULT_MAX_EVENTS_PER_REQUEST`] (100) and lets
//! you change it with
//! [`ClientBuilder::max_events_per_request`](crate::runtime::ClientBuilder::max_events_per_request).

use super::error::Error;
use super::request::RequestParts;

/// The assumed maximum number of events in one batch request (see the module docs).
pub const DEFAULT_MAX_EVENTS_PER_REQUEST: usize = 100;

/// The path prefix of the batch event operations whose size the client checks.
const EVENTS_PATH_PREFIX: &str = "/api/v2/events/";

/// Counts the events in a batch request body (the sum of the lengths of its top-level arrays)
/// and refuses it when above `cap`. Other requests pass through.
pub(crate) fn check_batch_size(req: &RequestParts, cap: usize) -> Result<(), Error> {
    if req.method != reqwest::Method::POST || !req.path_template.starts_with(EVENTS_PATH_PREFIX) {
        return Ok(());
    }
    let Some(body) = &req.body else {
        return Ok(());
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return Ok(());
    };
    let count: usize = map
        .values()
        .filter_map(serde_json::Value::as_array)
        .map(Vec::len)
        .sum();
    if count > cap {
        // Split the batch (e.g. with `Client::event_publisher`) or raise
        // `ClientBuilder::max_events_per_request`.
        return Err(Error::limit_exceeded(
            req.operation_id,
            "events",
            cap,
            count,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(path: &'static str, body: serde_json::Value) -> RequestParts {
        let mut p = RequestParts::new(reqwest::Method::POST, "op", path, path.to_owned());
        p.json_body(&body).unwrap();
        p
    }

    #[test]
    fn batch_size_is_checked_on_event_operations_only() {
        let events: Vec<u32> = (0..101).collect();
        let big = serde_json::json!({ "userPresenceEvents": events });
        assert!(matches!(
            check_batch_size(&parts("/api/v2/events/users/presence", big.clone()), 100),
            Err(Error::LimitExceeded {
                limit: 100,
                actual: 101,
                ..
            })
        ));
        check_batch_size(&parts("/api/v2/events/users/presence", big.clone()), 101).unwrap();
        check_batch_size(&parts("/api/v2/presence/definitions", big), 100).unwrap();
        let split = serde_json::json!({
            "endTransferEvents": (0..60).collect::<Vec<u32>>(),
            "holdUpdatedEvents": (0..41).collect::<Vec<u32>>(),
        });
        assert!(check_batch_size(&parts("/api/v2/events/conversations", split), 100).is_err());
    }
}
