//! The watchdog: a socket is alive while frames come in. Genesys sends a heartbeat about every
//! 30 s; after `silence` without any inbound frame the receiver sends `{"message":"ping"}`, and
//! when nothing at all (pong, heartbeat, event) comes back within `pong_wait` the socket is
//! declared dead. Only inbound traffic counts, never our own sends, and the consumer plays no
//! part: the socket task reads whether or not the consumer keeps up.

use std::time::{Duration, Instant};

/// What the socket task does when the watchdog's deadline passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Alive: check again at this instant.
    Wait(Instant),
    /// Silent too long: send a ping, check again at this instant.
    Ping(Instant),
    /// No answer to the ping: reconnect.
    Dead,
}

/// Pure watchdog state (the socket task owns the timer).
#[derive(Debug, Clone)]
pub(super) struct Watchdog {
    silence: Duration,
    pong_wait: Duration,
    last_inbound: Instant,
    ping_sent: Option<Instant>,
}

impl Watchdog {
    pub(super) fn new(now: Instant, silence: Duration, pong_wait: Duration) -> Self {
        Watchdog {
            silence,
            pong_wait,
            last_inbound: now,
            ping_sent: None,
        }
    }

    /// A frame arrived (any frame: heartbeat, pong, event, even an undecodable one).
    pub(super) fn inbound(&mut self, now: Instant) {
        self.last_inbound = now;
        self.ping_sent = None;
    }

    /// When [`check`](Self::check) has something to decide.
    pub(super) fn deadline(&self) -> Instant {
        match self.ping_sent {
            Some(sent) => sent + self.pong_wait,
            None => self.last_inbound + self.silence,
        }
    }

    /// Decides at `now`.
    pub(super) fn check(&mut self, now: Instant) -> Verdict {
        match self.ping_sent {
            Some(sent) if now >= sent + self.pong_wait => Verdict::Dead,
            Some(sent) => Verdict::Wait(sent + self.pong_wait),
            None if now >= self.last_inbound + self.silence => {
                self.ping_sent = Some(now);
                Verdict::Ping(now + self.pong_wait)
            }
            None => Verdict::Wait(self.last_inbound + self.silence),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn silence_leads_to_a_ping_then_to_death_without_an_answer() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(t0, 60 * S, 10 * S);
        assert_eq!(dog.check(t0 + 59 * S), Verdict::Wait(t0 + 60 * S));
        assert_eq!(dog.check(t0 + 60 * S), Verdict::Ping(t0 + 70 * S));
        assert_eq!(dog.deadline(), t0 + 70 * S);
        assert_eq!(dog.check(t0 + 65 * S), Verdict::Wait(t0 + 70 * S));
        assert_eq!(dog.check(t0 + 70 * S), Verdict::Dead);
    }

    #[test]
    fn any_inbound_frame_answers_the_ping_and_pushes_the_deadline() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(t0, 60 * S, 10 * S);
        dog.inbound(t0 + 30 * S);
        assert_eq!(dog.check(t0 + 60 * S), Verdict::Wait(t0 + 90 * S));
        assert_eq!(dog.check(t0 + 90 * S), Verdict::Ping(t0 + 100 * S));
        dog.inbound(t0 + 95 * S); // the pong
        assert_eq!(dog.deadline(), t0 + 155 * S);
        assert_eq!(dog.check(t0 + 100 * S), Verdict::Wait(t0 + 155 * S));
    }
}
