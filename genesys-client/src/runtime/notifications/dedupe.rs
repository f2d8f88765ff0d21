//! Duplicate suppression by `metadata.CorrelationId` over a bounded window: during a
//! make-before-break handover both channels deliver the same events for a moment.
//!
//! The window keeps a 64-bit keyed hash of each id, not the id: no allocation per event, and
//! 8 bytes per remembered id in a ring allocated once. The hash is foldhash's quality variant
//! with a random seed per receiver (a tenth of SipHash's instructions for a UUID, which
//! mattered: hashing was 9 % of the receiver's work), so ids are not practical to choose to
//! collide; two distinct ids of one window collide with a probability of about
//! `window² / 2⁶⁵` (under 10⁻¹¹ for the default 16,384), which would drop one event as a
//! duplicate.

use std::collections::HashSet;

use foldhash::quality::RandomState;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// The last `capacity` correlation ids seen (oldest forgotten first), by hash.
#[derive(Debug)]
pub(super) struct Dedupe {
    key: RandomState,
    /// The hashes in the window (already uniform: not hashed again).
    seen: HashSet<u64, BuildHasherDefault<PassThrough>>,
    /// The same hashes in arrival order; `next` is the oldest once the ring is full.
    ring: Vec<u64>,
    next: usize,
    capacity: usize,
}

impl Dedupe {
    pub(super) fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Dedupe {
            key: RandomState::default(),
            seen: HashSet::with_capacity_and_hasher(capacity.min(1 << 16), Default::default()),
            ring: Vec::with_capacity(capacity.min(1 << 16)),
            next: 0,
            capacity,
        }
    }

    /// `true` the first time `id` is seen within the window.
    pub(super) fn first_time(&mut self, id: &str) -> bool {
        let hash = self.key.hash_one(id);
        if !self.seen.insert(hash) {
            return false;
        }
        if self.ring.len() < self.capacity {
            self.ring.push(hash);
        } else {
            let old = std::mem::replace(&mut self.ring[self.next], hash);
            self.seen.remove(&old);
            self.next = (self.next + 1) % self.capacity;
        }
        true
    }
}

/// A hasher for keys that already are hashes.
#[derive(Debug, Default)]
pub(super) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed with it; fold anything else anyway rather than panic.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
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
        assert!(d.first_time("a")); // forgets "b"
        assert!(!d.first_time("d"));
        assert!(!d.first_time("c"));
        assert!(d.first_time("b"));
        assert!(d.seen.len() <= 3 && d.ring.len() <= 3);
    }

    #[test]
    fn a_large_window_keeps_exactly_its_last_ids() {
        let mut d = Dedupe::new(1_000);
        for i in 0..5_000 {
            assert!(d.first_time(&format!("id-{i}")), "{i}");
        }
        assert_eq!(d.seen.len(), 1_000);
        for i in 4_000..5_000 {
            assert!(!d.first_time(&format!("id-{i}")), "{i} is in the window");
        }
        assert!(d.first_time("id-3999"), "forgotten");
    }
}
