//! Scripted partial failures of event batches (`POST /api/v2/events/...`): which event ids the
//! mock reports as failed, retryable or not, and how many times.
//!
//! Only the rules live here (event ids are strings); the generated batch stubs read the ids
//! out of their typed request bodies and write the typed `BatchEventResponse`.

use std::fmt;
use std::sync::{Arc, Mutex};

/// Which events of a batch the mock reports as failed, given to a batch stub's
/// `respond_with_failures`. Events without a rule are accepted.
///
/// A rule applies to every batch containing its event id, or only to the first `n` of them
/// ([`retryable_times`](Self::retryable_times)), which is how a retryable failure that
/// succeeds on resubmission is scripted. Cheap to clone; clones share the remaining counts.
#[derive(Clone, Default)]
pub struct EventFailures {
    rules: Arc<Mutex<Vec<Rule>>>,
}

#[derive(Clone, Debug)]
struct Rule {
    event_id: String,
    retryable: bool,
    message: String,
    /// `None`: always.
    remaining: Option<u32>,
}

impl fmt::Debug for EventFailures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules = self.rules.lock().unwrap_or_else(|p| p.into_inner());
        f.debug_struct("EventFailures")
            .field("rules", &*rules)
            .finish()
    }
}

/// One failure decided for an event: what goes into its `EventError`.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFailure {
    /// `retryable` of the `EventError`.
    pub retryable: bool,
    /// `message` of the `EventError`.
    pub message: String,
}

impl EventFailures {
    /// No failures: every event is accepted.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(self, event_id: &str, retryable: bool, message: &str, remaining: Option<u32>) -> Self {
        self.rules
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Rule {
                event_id: event_id.to_owned(),
                retryable,
                message: message.to_owned(),
                remaining,
            });
        self
    }

    /// `event_id` fails with `retryable: false` every time it is sent.
    pub fn permanent(self, event_id: &str, message: &str) -> Self {
        self.push(event_id, false, message, None)
    }

    /// `event_id` fails with `retryable: true` every time it is sent.
    pub fn retryable(self, event_id: &str, message: &str) -> Self {
        self.push(event_id, true, message, None)
    }

    /// `event_id` fails with `retryable: true` the first `times` times it is sent, then is
    /// accepted.
    pub fn retryable_times(self, event_id: &str, message: &str, times: u32) -> Self {
        self.push(event_id, true, message, Some(times))
    }

    /// The failure for `event_id` in the batch being answered, if any (consumes one use of a
    /// counted rule).
    #[doc(hidden)]
    pub fn decide(&self, event_id: &str) -> Option<EventFailure> {
        let mut rules = self.rules.lock().unwrap_or_else(|p| p.into_inner());
        let rule = rules
            .iter_mut()
            .find(|r| r.event_id == event_id && r.remaining != Some(0))?;
        if let Some(n) = &mut rule.remaining {
            *n -= 1;
        }
        Some(EventFailure {
            retryable: rule.retryable,
            message: rule.message.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rules_run_out_and_others_do_not() {
        let f = EventFailures::new()
            .retryable_times("a", "busy", 2)
            .permanent("b", "no such user");
        assert!(f.decide("a").is_some_and(|x| x.retryable));
        assert!(f.decide("a").is_some());
        assert_eq!(f.decide("a"), None);
        for _ in 0..3 {
            assert_eq!(
                f.decide("b"),
                Some(EventFailure {
                    retryable: false,
                    message: "no such user".into()
                })
            );
        }
        assert_eq!(f.decide("c"), None);
    }
}
