//! Reconnect delays: exponential with "equal jitter" (half fixed, half random), so a fleet of
//! receivers cut off together does not come back together; reset once a connection has lived.

use std::time::Duration;

/// Delays for successive failed attempts.
#[derive(Debug)]
pub(super) struct Backoff {
    min: Duration,
    max: Duration,
    attempt: u32,
    rng: fastrand::Rng,
}

impl Backoff {
    pub(super) fn new(min: Duration, max: Duration, seed: u64) -> Self {
        Backoff {
            min,
            max: max.max(min),
            attempt: 0,
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// Failed attempts since the last reset.
    pub(super) fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The delay before the next attempt: none for the first, then `min · 2^(attempt-1)`
    /// capped at `max`, of which a random part of up to half is taken off.
    pub(super) fn next_delay(&mut self) -> Duration {
        if self.attempt == 0 {
            self.attempt = 1;
            return Duration::ZERO;
        }
        let exp = self.min.saturating_mul(1u32 << (self.attempt - 1).min(20));
        let cap = exp.min(self.max);
        self.attempt = self.attempt.saturating_add(1);
        let half = cap / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(self.rng.u64(0..=nanos))
    }

    pub(super) fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_with_jitter_up_to_the_cap() {
        let s = Duration::from_secs(1);
        let mut b = Backoff::new(s, 60 * s, 1);
        assert_eq!(b.next_delay(), Duration::ZERO, "the first retry is at once");
        let delays: Vec<Duration> = (0..10).map(|_| b.next_delay()).collect();
        for (i, d) in delays.iter().enumerate() {
            let cap = (s * (1 << i)).min(60 * s);
            assert!(*d >= cap / 2 && *d <= cap, "attempt {i}: {d:?}");
        }
        assert_eq!(b.attempt(), 11);
        // Jitter: two seeds differ.
        let mut other = Backoff::new(s, 60 * s, 2);
        other.next_delay();
        let theirs: Vec<Duration> = (0..10).map(|_| other.next_delay()).collect();
        assert_ne!(delays, theirs);
        b.reset();
        assert_eq!(b.next_delay(), Duration::ZERO);
        assert!(b.next_delay() <= s);
    }
}
