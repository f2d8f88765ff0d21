//! One view of the rate limit per client: a `429` with `Retry-After` on one request closes the
//! gate until then, and every other request of the same client waits at the gate before its
//! next attempt, instead of each one hitting the limit in turn.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::sleep::Sleep;

/// The instant before which no request of the client starts an attempt.
#[derive(Debug, Default)]
pub(crate) struct RateGate {
    closed_until: Mutex<Option<Instant>>,
}

impl RateGate {
    /// Whether a request that already waited out `waited_for` may go without waiting: the
    /// gate was never closed, the closure is over, or this request waited it out. No await
    /// (and no clock read unless a `429` ever closed it): every attempt asks, and
    /// [`wait`](Self::wait) is only entered when the answer is no.
    pub(crate) fn is_open(&self, clock: &dyn Sleep, waited_for: Option<Instant>) -> bool {
        let until = *self.closed_until.lock().unwrap_or_else(|e| e.into_inner());
        match until {
            None => true,
            Some(until) => waited_for.is_some_and(|w| w >= until) || until <= clock.now(),
        }
    }

    /// Waits (with the client's [`Sleep`]) until the gate is open; at once when it is.
    ///
    /// `waited_for` is the latest closure this request already waited out (its own retry
    /// wait after the `429` that closed the gate counts); it is updated here. Each closure is
    /// waited for once, so a `Sleep` that does not advance the clock (virtual time in tests)
    /// cannot make this loop forever; a later closure made while waiting is waited for too.
    pub(crate) async fn wait(&self, sleep: &dyn Sleep, waited_for: &mut Option<Instant>) {
        loop {
            let until = *self.closed_until.lock().unwrap_or_else(|e| e.into_inner());
            let Some(until) = until else { return };
            if waited_for.is_some_and(|w| w >= until) {
                return;
            }
            let now = sleep.now();
            if until <= now {
                return;
            }
            sleep.sleep(until - now).await;
            *waited_for = Some(until);
        }
    }

    /// Closes the gate for `wait` from now (as the client's clock sees it; never shortens an
    /// existing closure) and returns the instant this closure ends.
    pub(crate) fn close_for(&self, clock: &dyn Sleep, wait: Duration) -> Instant {
        let until = clock.now() + wait;
        let mut closed = self.closed_until.lock().unwrap_or_else(|e| e.into_inner());
        if closed.is_none_or(|t| t < until) {
            *closed = Some(until);
        }
        until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::sleep::TokioSleep;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn a_closed_gate_holds_every_waiter_until_it_opens() {
        let gate = std::sync::Arc::new(RateGate::default());
        assert!(
            gate.is_open(&TokioSleep, None),
            "a gate never closed is open"
        );
        let start = Instant::now();
        gate.wait(&TokioSleep, &mut None).await;
        assert_eq!(Instant::now(), start, "an open gate does not wait");
        let until = gate.close_for(&TokioSleep, Duration::from_secs(3));
        gate.close_for(&TokioSleep, Duration::from_secs(1)); // does not shorten
        assert!(
            !gate.is_open(&TokioSleep, None),
            "a closed gate is not open to a newcomer"
        );
        assert!(
            gate.is_open(&TokioSleep, Some(until)),
            "nor closed to one that waited it out"
        );
        let mut waited = Some(until);
        gate.wait(&TokioSleep, &mut waited).await;
        assert_eq!(
            Instant::now(),
            start,
            "a closure already waited out is not waited again"
        );
        let waiters: Vec<_> = (0..3)
            .map(|_| {
                let gate = gate.clone();
                tokio::spawn(async move {
                    gate.wait(&TokioSleep, &mut None).await;
                    Instant::now()
                })
            })
            .collect();
        for w in waiters {
            assert_eq!(w.await.unwrap() - start, Duration::from_secs(3));
        }
        assert!(
            gate.is_open(&TokioSleep, None),
            "open to everyone once the closure is over"
        );
    }

    /// A sleep that returns at once (virtual time that never advances the tokio clock).
    #[derive(Debug)]
    struct Instant0;
    impl Sleep for Instant0 {
        fn sleep(&self, _: Duration) -> futures_util::future::BoxFuture<'static, ()> {
            Box::pin(async {})
        }
    }

    #[tokio::test]
    async fn a_sleep_that_does_not_advance_the_clock_waits_once() {
        let gate = RateGate::default();
        gate.close_for(&TokioSleep, Duration::from_secs(60));
        // Would hang if the gate re-checked the clock until the closure passed.
        gate.wait(&Instant0, &mut None).await;
    }
}
