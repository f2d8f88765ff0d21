//! The client's clock: every wait of the runtime goes through a [`Sleep`] you can replace.
//!
//! Retries and their backoff, the rate gate after a `429`, token-request retries of
//! [`ClientCredentials`](crate::runtime::ClientCredentials) and its expiry checks, the
//! publisher's delay between rounds and the sink's linger timer all read the time with
//! [`Sleep::now`] and wait with [`Sleep::sleep`] / [`Sleep::sleep_until`] of the clock given
//! to [`ClientBuilder::sleep`](crate::runtime::ClientBuilder::sleep). No runtime code calls
//! `tokio::time` itself (a test checks the sources).
//!
//! The default, [`TokioSleep`], is tokio's clock (`tokio::time::pause` applies to it). Tests
//! (yours and ours) install a [`ManualClock`]: time that moves only when told to
//! ([`ManualClock::advance`]) or, with [`ManualClock::auto_advance`], jumps to each wait's end
//! at once; both record the waits. The retry budget
//! ([`RetryPolicy::max_elapsed`](crate::runtime::RetryPolicy::max_elapsed)) counts the waits
//! as requested plus the measured time of the attempts, so it follows the same virtual time.
//! (Same idea as smithy-rs' `AsyncSleep` + `TimeSource`. `tokio::time::pause` alone would
//! also fire the HTTP timeouts early while a server on another thread is answering.)
//!
//! [`Clock`] is another name for the same trait.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;

/// The clock the client waits with. Implement it to control time in tests.
///
/// Only [`sleep`](Self::sleep) is required; [`now`](Self::now) defaults to tokio's clock and
/// [`sleep_until`](Self::sleep_until) to a `sleep` until the deadline as `now` sees it. A
/// virtual clock implements all three (see [`ManualClock`]).
pub trait Sleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration` (as this implementation sees time).
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;

    /// The current instant as this clock sees it (default: tokio's clock, which
    /// `tokio::time::pause` controls).
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    /// A future that completes at `deadline` (as this clock sees time); at once if it passed.
    fn sleep_until(&self, deadline: Instant) -> BoxFuture<'static, ()> {
        self.sleep(deadline.saturating_duration_since(self.now()))
    }
}

pub use self::Sleep as Clock;

/// [`Sleep`] with tokio's timers and clock (the default).
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct TokioSleep;

impl TokioSleep {
    /// The tokio sleep.
    pub fn new() -> Self {
        TokioSleep
    }
}

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }

    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep_until(&self, deadline: Instant) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep_until(deadline.into()))
    }
}

/// A virtual [`Sleep`] for tests: its time starts at the instant it was made and moves only
/// by [`advance`](Self::advance) (or, when made with [`auto_advance`](Self::auto_advance), to
/// the end of each wait as soon as the wait is polled). Cheap to clone; clones share the time.
///
/// Every wait requested is recorded ([`waits`](Self::waits)), and the waits pending right now
/// are counted ([`pending`](Self::pending), [`wait_for_pending`](Self::wait_for_pending)), so a
/// test can drive a background task deterministically: wait until it sleeps, advance, check.
#[derive(Clone)]
pub struct ManualClock {
    shared: Arc<Shared>,
}

struct Shared {
    start: Instant,
    auto: bool,
    state: Mutex<State>,
    pending: tokio::sync::watch::Sender<usize>,
}

#[derive(Default)]
struct State {
    elapsed: Duration,
    next_id: u64,
    /// Registered, unfinished waits: id, deadline, waker of the last poll.
    sleepers: Vec<(u64, Instant, Waker)>,
    waits: Vec<Duration>,
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("ManualClock")
            .field("elapsed", &state.elapsed)
            .field("auto_advance", &self.shared.auto)
            .field("pending", &state.sleepers.len())
            .finish_non_exhaustive()
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl ManualClock {
    /// A clock that stands still until [`advance`](Self::advance)d.
    pub fn new() -> Self {
        Self::with_auto(false)
    }

    /// A clock whose waits end at once: the first poll of a wait moves the time to its end
    /// (waits that end by then finish too). Retries and backoff run without waiting, in a
    /// consistent virtual time.
    pub fn auto_advance() -> Self {
        Self::with_auto(true)
    }

    fn with_auto(auto: bool) -> Self {
        ManualClock {
            shared: Arc::new(Shared {
                start: Instant::now(),
                auto,
                state: Mutex::new(State::default()),
                pending: tokio::sync::watch::Sender::new(0),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How far the clock has moved since it was made.
    pub fn elapsed(&self) -> Duration {
        self.state().elapsed
    }

    /// Moves the time forward by `by` and finishes every wait that ends by then.
    pub fn advance(&self, by: Duration) {
        let mut state = self.state();
        state.elapsed += by;
        self.wake_due(state);
    }

    /// Moves the time to the end of the earliest pending wait (finishing it and any ending
    /// at the same time) and returns how far it moved; `None` (and no move) when nothing waits.
    pub fn advance_to_next(&self) -> Option<Duration> {
        let mut state = self.state();
        let next = state.sleepers.iter().map(|s| s.1).min()?;
        let now = self.shared.start + state.elapsed;
        let by = next.saturating_duration_since(now);
        state.elapsed += by;
        self.wake_due(state);
        Some(by)
    }

    /// Every wait requested so far, in order, as durations from the time it was requested
    /// (a `sleep_until` is recorded as the time left until its deadline).
    pub fn waits(&self) -> Vec<Duration> {
        self.state().waits.clone()
    }

    /// How many waits are pending now (polled at least once, not finished, not dropped).
    pub fn pending(&self) -> usize {
        self.state().sleepers.len()
    }

    /// Returns once at least `n` waits are pending (see [`pending`](Self::pending)).
    pub async fn wait_for_pending(&self, n: usize) {
        let mut rx = self.shared.pending.subscribe();
        // The sender lives in `shared`, which `self` keeps alive: this cannot fail.
        let _ = rx.wait_for(|&count| count >= n).await;
    }

    fn wake_due(&self, mut state: MutexGuard<'_, State>) {
        let now = self.shared.start + state.elapsed;
        let mut due = Vec::new();
        state.sleepers.retain(|(_, deadline, waker)| {
            let done = *deadline <= now;
            if done {
                due.push(waker.clone());
            }
            !done
        });
        let count = state.sleepers.len();
        drop(state);
        self.shared.pending.send_replace(count);
        for waker in due {
            waker.wake();
        }
    }

    fn wait_until(&self, deadline: Instant, requested: Duration) -> BoxFuture<'static, ()> {
        let id = {
            let mut state = self.state();
            state.waits.push(requested);
            state.next_id += 1;
            state.next_id
        };
        Box::pin(ManualSleep {
            clock: self.clone(),
            id,
            deadline,
        })
    }
}

impl Sleep for ManualClock {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        let deadline = self.now() + duration;
        self.wait_until(deadline, duration)
    }

    fn now(&self) -> Instant {
        self.shared.start + self.state().elapsed
    }

    fn sleep_until(&self, deadline: Instant) -> BoxFuture<'static, ()> {
        let left = deadline.saturating_duration_since(self.now());
        self.wait_until(deadline, left)
    }
}

/// One wait on a [`ManualClock`].
struct ManualSleep {
    clock: ManualClock,
    id: u64,
    deadline: Instant,
}

impl Future for ManualSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let shared = &self.clock.shared;
        let mut state = self.clock.state();
        let now = shared.start + state.elapsed;
        if self.deadline <= now {
            state.sleepers.retain(|s| s.0 != self.id);
            let count = state.sleepers.len();
            drop(state);
            shared.pending.send_replace(count);
            return Poll::Ready(());
        }
        if shared.auto {
            state.elapsed = self.deadline - shared.start;
            self.clock.wake_due(state);
            return Poll::Ready(());
        }
        match state.sleepers.iter_mut().find(|s| s.0 == self.id) {
            Some(entry) => entry.2.clone_from(cx.waker()),
            None => state
                .sleepers
                .push((self.id, self.deadline, cx.waker().clone())),
        }
        let count = state.sleepers.len();
        drop(state);
        shared.pending.send_replace(count);
        Poll::Pending
    }
}

impl Drop for ManualSleep {
    fn drop(&mut self) {
        let mut state = self.clock.state();
        let before = state.sleepers.len();
        state.sleepers.retain(|s| s.0 != self.id);
        let count = state.sleepers.len();
        drop(state);
        if count != before {
            self.clock.shared.pending.send_replace(count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_manual_clock_finishes_waits_only_when_advanced() {
        let clock = ManualClock::new();
        let start = clock.now();
        let task = tokio::spawn({
            let clock = clock.clone();
            async move {
                clock.sleep(Duration::from_secs(10)).await;
                clock.now()
            }
        });
        clock.wait_for_pending(1).await;
        clock.advance(Duration::from_secs(9));
        tokio::task::yield_now().await;
        assert!(!task.is_finished(), "9 s of a 10 s wait");
        assert_eq!(clock.pending(), 1);
        assert_eq!(clock.advance_to_next(), Some(Duration::from_secs(1)));
        assert_eq!(task.await.unwrap() - start, Duration::from_secs(10));
        assert_eq!(clock.pending(), 0);
        assert_eq!(clock.waits(), vec![Duration::from_secs(10)]);
        assert_eq!(clock.advance_to_next(), None);
    }

    #[tokio::test]
    async fn an_auto_advancing_clock_jumps_to_each_deadline() {
        let clock = ManualClock::auto_advance();
        let start = clock.now();
        clock.sleep(Duration::from_secs(5)).await;
        clock.sleep_until(start + Duration::from_secs(7)).await;
        clock.sleep_until(start).await; // passed: at once
        assert_eq!(clock.elapsed(), Duration::from_secs(7));
        assert_eq!(
            clock.waits(),
            vec![
                Duration::from_secs(5),
                Duration::from_secs(2),
                Duration::ZERO
            ]
        );
    }

    #[tokio::test]
    async fn a_dropped_wait_is_no_longer_pending() {
        let clock = ManualClock::new();
        let mut wait = clock.sleep(Duration::from_secs(1));
        assert!(futures_util::poll!(&mut wait).is_pending());
        assert_eq!(clock.pending(), 1);
        drop(wait);
        assert_eq!(clock.pending(), 0);
    }
}
