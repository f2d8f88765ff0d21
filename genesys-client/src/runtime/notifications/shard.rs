//! One channel's task: it owns the channel's sockets and decides, from what they report, when
//! to reconnect (same channel, backoff), when to make a new channel (`no_longer_subscribed`,
//! `token_revoked`, channel gone) and when to hand over (`socket_closing`, expiry ahead), and
//! it yields the `Resync` that follows every gap.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::backoff::Backoff;
use super::channel::{self, ChannelInfo};
use super::frame::SystemKind;
use super::handover::{prepare, Ready, SetupCtx, SetupError, Target};
use super::item::{Item, ResyncReason, Status};
use super::outlet::{bump, stopped, Outlet};
use super::socket::{self, Params, Report};
use crate::runtime::topic::{NotificationPayload, Topic};

/// Timings and switches of a channel task.
#[derive(Debug, Clone)]
pub(super) struct ShardConfig {
    pub(super) backoff_min: Duration,
    pub(super) backoff_max: Duration,
    pub(super) backoff_reset_after: Duration,
    pub(super) channel_lifetime: Duration,
    pub(super) rotate_before_expiry: Duration,
    pub(super) delete_on_close: bool,
    pub(super) seed: u64,
}

struct Live {
    conn: u64,
    channel: ChannelInfo,
    since: Instant,
}

struct Socket {
    conn: u64,
    close: Option<oneshot::Sender<()>>,
    join: JoinHandle<()>,
}

struct Setup {
    fut: BoxFuture<'static, Result<Ready, SetupError>>,
    target: Target,
    /// `Some` when events may have been missed and a resync must follow (the reason for a
    /// socket on the same channel; a new channel turns it into `NewChannel`).
    gap: Option<ResyncReason>,
}

/// A channel task.
pub(super) struct Shard<P> {
    pub(super) outlet: Arc<Outlet<P>>,
    pub(super) setup: SetupCtx,
    pub(super) params: Params,
    pub(super) config: ShardConfig,
    pub(super) shutdown: watch::Receiver<bool>,
}

impl<P: NotificationPayload> Shard<P> {
    pub(super) async fn run(mut self) {
        let clock = self.params.clock.clone();
        let mut backoff = Backoff::new(
            self.config.backoff_min,
            self.config.backoff_max,
            self.config.seed,
        );
        let (reports_tx, mut reports) = mpsc::unbounded_channel::<(u64, Report)>();
        let mut sockets: Vec<Socket> = Vec::new();
        let mut live: Option<Live> = None;
        let mut next_conn = 0u64;
        let mut rotate: Option<BoxFuture<'static, ()>> = None;
        let mut reported_rejections: BTreeSet<String> = BTreeSet::new();
        let mut setup = Some(self.start(
            Target::New { fresh_token: false },
            Duration::ZERO,
            Some(ResyncReason::Startup),
        ));

        let mut stop = self.shutdown.clone();
        loop {
            tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                Some((conn, report)) = reports.recv() => {
                    let current = live.as_ref().is_some_and(|l| l.conn == conn);
                    match report {
                        Report::Ended { asked, reason } => {
                            if let Some(i) = sockets.iter().position(|s| s.conn == conn) {
                                sockets.swap_remove(i);
                            }
                            if !current {
                                continue;
                            }
                            let was = live.take().expect("current");
                            debug_assert!(!asked);
                            bump(&self.outlet.counters.disconnects);
                            tracing::info!(shard = self.outlet.shard, channel = %was.channel.id, %reason, "notifications socket lost");
                            self.outlet.status(Status::Disconnected { reason });
                            rotate = None;
                            if clock.now().saturating_duration_since(was.since) >= self.config.backoff_reset_after {
                                backoff.reset();
                            }
                            match setup.as_mut() {
                                // A handover was under way: it becomes the reconnect, and
                                // what the old socket would have delivered is a gap.
                                Some(s) => {
                                    s.gap.get_or_insert(ResyncReason::NewChannel);
                                }
                                None => {
                                    let delay = backoff.next_delay();
                                    setup = Some(self.start(Target::Reuse(was.channel), delay, Some(ResyncReason::Reconnected)));
                                }
                            }
                        }
                        Report::System(kind) if current => match kind {
                            SystemKind::SocketClosing => {
                                if setup.is_none() {
                                    self.outlet.status(Status::Rotating { reason: "socket_closing".into() });
                                    setup = Some(self.start(Target::New { fresh_token: false }, Duration::ZERO, None));
                                }
                            }
                            SystemKind::NoLongerSubscribed | SystemKind::TokenRevoked => {
                                let fresh_token = kind == SystemKind::TokenRevoked;
                                let reason = if fresh_token { "token_revoked" } else { "no_longer_subscribed" };
                                self.outlet.status(Status::Rotating { reason: reason.into() });
                                // The old channel delivers nothing more: a gap, whatever the setup.
                                setup = Some(self.start(Target::New { fresh_token }, Duration::ZERO, Some(ResyncReason::NewChannel)));
                            }
                            SystemKind::Other => {}
                        },
                        Report::System(_) => {}
                    }
                }
                result = async {
                    match setup.as_mut() {
                        Some(s) => (&mut s.fut).await,
                        None => std::future::pending().await,
                    }
                } => {
                    let done = setup.take().expect("polled");
                    match result {
                        Ok(ready) => {
                            let conn = next_conn;
                            next_conn += 1;
                            let channel = ready.channel.clone();
                            let ws = self.ready(ready, &mut reported_rejections, done.gap).await;
                            let (close_tx, close_rx) = oneshot::channel();
                            let join = tokio::spawn(socket::run(
                                ws,
                                conn,
                                self.outlet.clone(),
                                self.params.clone(),
                                reports_tx.clone(),
                                close_rx,
                            ));
                            sockets.push(Socket { conn, close: Some(close_tx), join });
                            bump(&self.outlet.counters.connects);
                            // Make-before-break: the old socket closes only now.
                            if let Some(old) = live.take() {
                                bump(&self.outlet.counters.handovers);
                                // A handover is no failure: a socket that lived resets the backoff.
                                if clock.now().saturating_duration_since(old.since) >= self.config.backoff_reset_after {
                                    backoff.reset();
                                }
                                if let Some(s) = sockets.iter_mut().find(|s| s.conn == old.conn) {
                                    if let Some(close) = s.close.take() {
                                        let _ = close.send(());
                                    }
                                }
                            }
                            let since = clock.now();
                            let lifetime = channel
                                .lifetime
                                .map_or(self.config.channel_lifetime, |l| l.min(self.config.channel_lifetime));
                            let at = channel.created + lifetime.saturating_sub(self.config.rotate_before_expiry);
                            rotate = Some(clock.sleep_until(at));
                            self.outlet.status(Status::Connected { channel_id: channel.id.clone() });
                            live = Some(Live { conn, channel, since });
                        }
                        Err(error) => {
                            let delay = match error.retry_after() {
                                Some(wait) => wait,
                                None => backoff.next_delay().max(self.config.backoff_min / 2),
                            };
                            tracing::warn!(shard = self.outlet.shard, %error, ?delay, "notifications channel setup failed");
                            self.outlet.status(Status::Retrying {
                                attempt: backoff.attempt(),
                                delay,
                                error: error.to_string(),
                            });
                            setup = Some(self.start(done.target, delay, done.gap));
                        }
                    }
                }
                () = async {
                    match rotate.as_mut() {
                        Some(r) => r.await,
                        None => std::future::pending().await,
                    }
                } => {
                    rotate = None;
                    if setup.is_none() {
                        self.outlet.status(Status::Rotating { reason: "channel expiry ahead".into() });
                        setup = Some(self.start(Target::New { fresh_token: false }, Duration::ZERO, None));
                    }
                }
            }
        }
        self.shut_down(sockets, live).await;
    }

    /// Reports rejections and the gap of a ready socket, before its first event.
    async fn ready(
        &mut self,
        ready: Ready,
        reported: &mut BTreeSet<String>,
        gap: Option<ResyncReason>,
    ) -> socket::Ws {
        if ready.new_channel {
            bump(&self.outlet.counters.channels_created);
            let rejected: BTreeSet<String> =
                ready.rejections.iter().map(|r| r.topic.clone()).collect();
            self.outlet.set_rejected(&rejected);
            for r in ready.rejections {
                if reported.insert(r.topic.clone()) {
                    tracing::warn!(shard = self.outlet.shard, topic = %r.topic, reason = ?r.reason, "notification topic rejected");
                    let item = Item::Rejected {
                        shard: self.outlet.shard,
                        topic: Topic::new(r.topic),
                        reason: r.reason,
                        missing_permissions: r.missing_permissions,
                    };
                    self.outlet.send(item, &mut self.shutdown).await;
                }
            }
        }
        if let Some(reason) = gap {
            let reason = match reason {
                ResyncReason::Reconnected if ready.new_channel => ResyncReason::NewChannel,
                ResyncReason::NewChannel if !ready.new_channel => ResyncReason::Reconnected,
                other => other,
            };
            self.outlet.resync(reason, &mut self.shutdown).await;
        }
        ready.ws
    }

    /// Closes every socket (each drains for at most the close wait), then optionally deletes
    /// the live channel's subscriptions.
    async fn shut_down(&self, sockets: Vec<Socket>, live: Option<Live>) {
        let mut joins = Vec::new();
        for mut socket in sockets {
            if let Some(close) = socket.close.take() {
                let _ = close.send(());
            }
            joins.push(socket.join);
        }
        for join in joins {
            let _ = join.await;
        }
        if let (true, Some(live)) = (self.config.delete_on_close, live) {
            if let Err(error) = channel::unsubscribe(&self.setup.client, &live.channel.id).await {
                tracing::warn!(shard = self.outlet.shard, %error, "could not delete the subscriptions");
            }
        }
    }

    fn start(&self, target: Target, delay: Duration, gap: Option<ResyncReason>) -> Setup {
        Setup {
            fut: prepare(self.setup.clone(), target.clone(), delay).boxed(),
            target,
            gap,
        }
    }
}
