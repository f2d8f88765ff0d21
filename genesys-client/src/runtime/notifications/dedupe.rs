//! Duplicate suppression by `metadata.CorrelationId` over a bounded window: during a
//! make-before-break handover both channels deliver the same events for a moment.

use std::collections::{HashSet, VecDeque};

/// The last `capacity` correlation ids seen (oldest forgotten first).
#[derive(Debug)]
pub(super) struct Dedupe {
    seen: HashSet<Box<str>>,
    order: VecDeque<Box<str>>,
    capacity: usize,
}

impl Dedupe {
    pub(super) fn new(capacity: usize) -> Self {
        Dedupe {
            seen: HashSet::with_capacity(capacity.min(1 << 16)),
            order: VecDeque::with_capacity(capacity.min(1 << 16)),
            capacity: capacity.max(1),
        }
    }

    /// `true` the first time `id` is seen within the window.
    pub(super) fn first_time(&mut self, id: &str) -> bool {
        if self.seen.contains(id) {
            return false;
        }
        if self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        let id: Box<str> = id.into();
        self.seen.insert(id.clone());
        self.order.push_back(id);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_repeat_within_the_window_only() {
        let mut d = Dedupe::new(3);
        assert!(d.first_time("a"));
        assert!(!d.first_time("a"));
        assert!(d.first_time("b"));
        assert!(d.first_time("c"));
        assert!(d.first_time("d")); // forgets "a"
        assert!(d.first_time("a"));
        assert!(!d.first_time("d"));
        assert!(d.seen.len() <= 3 && d.order.len() <= 3);
    }
}
