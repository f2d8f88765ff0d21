//! Getting a channel ready while the old one may still deliver (make-before-break): reuse the
//! channel while it exists, else create one, connect, subscribe. The channel task runs this as
//! a future beside its live socket and closes the old socket only once this one is live.

use std::sync::Arc;
use std::time::Duration;

use super::channel::{self, ChannelInfo, Rejection};
use super::socket::{self, Ws};
use crate::runtime::sleep::Sleep;
use crate::runtime::{Client, Error};

/// Which channel a setup aims for.
#[derive(Debug, Clone)]
pub(super) enum Target {
    /// The channel the last socket was on, if it still exists (`HEAD`); else a new one.
    Reuse(ChannelInfo),
    /// A new channel; `fresh_token` drops the cached token first (after `token_revoked`).
    New { fresh_token: bool },
}

/// A connected (and, for a new channel, subscribed) socket.
pub(super) struct Ready {
    pub(super) channel: ChannelInfo,
    pub(super) ws: Ws,
    /// Whether the channel is new (then its subscriptions were just made).
    pub(super) new_channel: bool,
    pub(super) rejections: Vec<Rejection>,
}

/// Why a setup failed.
#[derive(Debug)]
pub(super) enum SetupError {
    Api(Error),
    Socket(String),
}

impl SetupError {
    /// The wait a `429` asked for (after the client's own retries gave up).
    pub(super) fn retry_after(&self) -> Option<Duration> {
        match self {
            SetupError::Api(e) => e.retry_after(),
            SetupError::Socket(_) => None,
        }
    }
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::Api(e) => write!(f, "{e}"),
            SetupError::Socket(e) => f.write_str(e),
        }
    }
}

impl From<Error> for SetupError {
    fn from(e: Error) -> Self {
        SetupError::Api(e)
    }
}

/// What a setup needs.
#[derive(Clone)]
pub(super) struct SetupCtx {
    pub(super) client: Client,
    pub(super) clock: Arc<dyn Sleep>,
    pub(super) proxy: Option<url::Url>,
    /// Extra trusted roots (DER) of the client.
    pub(super) roots: Arc<[Vec<u8>]>,
    pub(super) entries: Arc<[String]>,
    pub(super) connect_timeout: Duration,
    pub(super) max_frame_bytes: usize,
}

/// Waits `delay` on the client's clock, then gets `target` ready.
pub(super) async fn prepare(
    ctx: SetupCtx,
    target: Target,
    delay: Duration,
) -> Result<Ready, SetupError> {
    if !delay.is_zero() {
        ctx.clock.sleep(delay).await;
    }
    if let Target::Reuse(channel) = &target {
        if channel::exists(&ctx.client, &channel.id).await? {
            let ws = connect(&ctx, &channel.connect_uri).await?;
            return Ok(Ready {
                channel: channel.clone(),
                ws,
                new_channel: false,
                rejections: Vec::new(),
            });
        }
    }
    if let Target::New { fresh_token: true } = target {
        crate::runtime::http::client::invalidate_token(&ctx.client).await;
    }
    let channel = channel::create(&ctx.client, ctx.clock.now()).await?;
    // Connect first, then subscribe: events flow from the moment the subscription exists.
    let ws = connect(&ctx, &channel.connect_uri).await?;
    let rejections = channel::subscribe(&ctx.client, &channel.id, &ctx.entries).await?;
    Ok(Ready {
        channel,
        ws,
        new_channel: true,
        rejections,
    })
}

async fn connect(ctx: &SetupCtx, uri: &str) -> Result<Ws, SetupError> {
    let connecting = socket::connect(uri, ctx.proxy.as_ref(), &ctx.roots, ctx.max_frame_bytes);
    tokio::select! {
        ws = connecting => ws.map_err(SetupError::Socket),
        () = ctx.clock.sleep(ctx.connect_timeout) => Err(SetupError::Socket(format!(
            "no WebSocket connection within {:?}", ctx.connect_timeout
        ))),
    }
}
