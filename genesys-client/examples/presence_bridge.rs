//! A presence bridge: keep a local view of where 1,200 users are, live, from Genesys
//! notifications, re-reading over REST whenever the receiver announces a gap.
//!
//! It runs against the loopback mock (Notifications REST + WebSocket, and a presence API whose
//! PATCH notifies like Genesys does), so it needs no credentials:
//!
//! ```text
//! cargo run -p genesys-client --features mock,notifications --example presence_bridge
//! ```
//!
//! The script: watch 1,200 users (two channels), patch every user's presence, then a
//! maintenance notice (`socket_closing`: a handover, no gap) while 600 more patches go out,
//! then a dropped socket while 600 more go out (a gap: the events sent while it was down are
//! lost, the `Resync` that follows re-reads those users with the bulk presence GET). It ends
//! with an exact account and fails if the view and the server disagree on any user.
//!
//! Events decode into the generated `topics::NotificationEvent` (typed per topic); any type
//! implementing `NotificationPayload` works the same way.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{stream, StreamExt};
use genesys_client::mock::{MockNotifications, MockServer, Reply};
use genesys_client::models::{UcUserPresence, UserPresence};
use genesys_client::runtime::notifications::{Item, Receiver, ReceiverStats, ResyncReason};
use genesys_client::runtime::Topic;
use genesys_client::topics::NotificationEvent;
use genesys_client::Client;

const USERS: usize = 1_200;
const SOURCE: &str = "c3b1f0d2-7e4a-4b8c-9d6e-5f4a3b2c1d0e";

/// The bridge's account.
#[derive(Debug, Default)]
struct Account {
    events: u64,
    resyncs: BTreeMap<String, u64>,
    reread_users: u64,
    rejected: u64,
    undecodable: u64,
}

type View = Arc<Mutex<BTreeMap<String, String>>>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (server, notifications, truth) = stand_in().await;
    let client = server.client();
    let users: Vec<String> = (0..USERS).map(|i| format!("user-{i:04}")).collect();
    let view: View = Arc::default();
    let account: Arc<Mutex<Account>> = Arc::default();

    // The bridge: one receiver for every user's presence topic.
    let receiver = client
        .notification_receiver::<NotificationEvent>()
        .topics(users.iter().map(Topic::user_presence))
        .start()?;
    println!(
        "watching {} users on {} channels",
        users.len(),
        receiver.plan().shards.len()
    );
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let bridge = tokio::spawn(run_bridge(
        receiver,
        client.clone(),
        view.clone(),
        account.clone(),
        stopped,
    ));
    wait_until("the initial read", || view.lock().unwrap().len() == USERS).await;

    // 1. Everyone changes once.
    patch_all(&client, &users, "morning").await;
    wait_until("phase 1 seen", || same(&view, &truth)).await;

    // 2. Maintenance on the first channel while 600 users change: a handover, no gap.
    let channels = notifications.channel_ids();
    notifications.socket_closing(&channels[0]);
    patch_all(&client, &users[..600], "noon").await;
    wait_until("phase 2 seen", || same(&view, &truth)).await;

    // 3. The second channel's socket drops while 600 users change: a gap, then a re-read.
    let live: Vec<String> = notifications
        .channels()
        .into_iter()
        .filter(|c| c.connected && c.topics.iter().any(|t| t.contains("user-1199")))
        .map(|c| c.id)
        .collect();
    notifications.drop_connection(&live[0]);
    patch_all(&client, &users[600..], "evening").await;
    wait_until("phase 3 seen", || same(&view, &truth)).await;

    let _ = stop.send(());
    let stats = bridge.await?;
    let account = account.lock().unwrap();
    let view = view.lock().unwrap();
    let truth = truth.lock().unwrap();
    let matching = users
        .iter()
        .filter(|u| view.get(*u) == truth.get(*u))
        .count();
    println!("patches sent:        {}", USERS + 600 + 600);
    println!("events applied:      {}", account.events);
    println!("resyncs:             {:?}", account.resyncs);
    println!("users re-read:       {}", account.reread_users);
    println!("rejected topics:     {}", account.rejected);
    println!("undecodable frames:  {}", account.undecodable);
    println!(
        "receiver:            {} delivered, {} duplicates dropped, {} handovers, {} disconnects, {} channels created",
        stats.delivered, stats.duplicates, stats.handovers, stats.disconnects, stats.channels_created
    );
    println!("users matching:      {matching}/{USERS}");
    if matching != USERS {
        return Err(format!("{} users differ", USERS - matching).into());
    }
    Ok(())
}

/// Applies events; on every `Resync` re-reads the named users with the bulk presence GET.
/// Returns the receiver's counters once told to stop (and the receiver closed).
async fn run_bridge(
    mut receiver: Receiver<NotificationEvent>,
    client: Client,
    view: View,
    account: Arc<Mutex<Account>>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) -> ReceiverStats {
    loop {
        let item = tokio::select! {
            _ = &mut stop => break,
            item = receiver.next() => match item {
                Some(item) => item,
                None => break,
            },
        };
        match item {
            Item::Event(event) => {
                if let NotificationEvent::UserPresence { user_id, body, .. } = event.payload {
                    if let Some(message) = body.message {
                        view.lock().unwrap().insert(user_id, message);
                    }
                }
                account.lock().unwrap().events += 1;
            }
            Item::Resync { topics, reason, .. } => {
                let ids: Vec<String> = topics.iter().map(|t| user_of(t.as_str())).collect();
                let read = client
                    .presence()
                    .get_users_presences_purecloud_bulk()
                    .id(&ids)
                    .send_chunked(4)
                    .await;
                let (presences, failed) = read.into_items();
                for (ids, error) in failed {
                    eprintln!("  {} users not re-read: {error}", ids.len());
                }
                let mut view = view.lock().unwrap();
                for p in &presences {
                    if let (Some(id), Some(message)) = (&p.id, &p.message) {
                        view.insert(id.clone(), message.clone());
                    }
                }
                let mut account = account.lock().unwrap();
                *account.resyncs.entry(reason_name(reason)).or_default() += 1;
                account.reread_users += presences.len() as u64;
            }
            Item::Rejected { .. } => account.lock().unwrap().rejected += 1,
            Item::Undecodable(_) => account.lock().unwrap().undecodable += 1,
            _ => {} // status items, and any kind added later
        }
    }
    let stats = receiver.stats();
    receiver.close().await;
    stats
}

fn reason_name(reason: ResyncReason) -> String {
    reason.to_string()
}

/// `v2.users.{id}.presence` → `{id}`.
fn user_of(topic: &str) -> String {
    topic
        .trim_start_matches("v2.users.")
        .trim_end_matches(".presence")
        .to_owned()
}

/// Sets each user's presence message to `{message}-{user}`, 16 requests at a time.
async fn patch_all(client: &Client, users: &[String], message: &str) {
    let failures: Vec<_> = stream::iter(users)
        .map(|user| {
            let body = UserPresence::new().with_message(format!("{message}-{user}"));
            client
                .presence()
                .patch_user_presence(user, SOURCE, body)
                .send()
        })
        .buffer_unordered(16)
        .filter_map(|r| async move { r.err() })
        .collect()
        .await;
    assert!(failures.is_empty(), "{failures:?}");
}

fn same(view: &View, truth: &View) -> bool {
    *view.lock().unwrap() == *truth.lock().unwrap()
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let waiting = async {
        while !done() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    if tokio::time::timeout(Duration::from_secs(30), waiting)
        .await
        .is_err()
    {
        eprintln!("gave up waiting for {what}");
        std::process::exit(1);
    }
}

/// The loopback Genesys: the Notifications mock, a presence PATCH that updates the server's
/// state and notifies subscribers (as Genesys does), and the bulk GET reading that state.
async fn stand_in() -> (MockServer, MockNotifications, View) {
    let server = MockServer::start().await;
    let notifications = MockNotifications::start(&server).await;
    let truth: View = Arc::new(Mutex::new(
        (0..USERS)
            .map(|i| (format!("user-{i:04}"), "offline".to_owned()))
            .collect(),
    ));
    let state = truth.clone();
    let notify = notifications.clone();
    server
        .presence()
        .patch_user_presence()
        .reply_with(move |request| {
            let user = request
                .path()
                .trim_start_matches("/api/v2/users/")
                .split('/')
                .next()
                .unwrap_or("")
                .to_owned();
            let body: UserPresence = request.body_json().unwrap_or_default();
            let message = body.message.unwrap_or_default();
            state.lock().unwrap().insert(user.clone(), message.clone());
            notify.push_event(
                &format!("v2.users.{user}.presence"),
                &serde_json::json!({ "message": message, "source": SOURCE }),
            );
            Reply::ok(UserPresence::new().with_message(message))
        })
        .await;
    let state = truth.clone();
    server
        .presence()
        .get_users_presences_purecloud_bulk()
        .reply_with(move |request| {
            let state = state.lock().unwrap();
            let presences: Vec<UcUserPresence> = request
                .query_values("id")
                .into_iter()
                .filter_map(|id| {
                    let message = state.get(&id)?.clone();
                    Some(UcUserPresence::new().with_id(id).with_message(message))
                })
                .collect();
            Reply::ok(presences)
        })
        .await;
    (server, notifications, truth)
}
