//! Publishes user presence events from an external source, in batches under the per-request
//! cap, resubmitting the ones Genesys reports as retryable.
//!
//! ```text
//! GENESYS_CLIENT_ID=… GENESYS_CLIENT_SECRET=… GENESYS_REGION=eu-west-1 \
//! GENESYS_USER_ID=<user id> GENESYS_SOURCE_ID=<presence source id> \
//! [GENESYS_PRESENCE_DEFINITION_ID=<id>] [GENESYS_EVENT_COUNT=3] \
//!     cargo run -p genesys-client --example publish_presence_events
//! ```
//!
//! The source is one registered with `POST /api/v2/presence/sources`.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use genesys_client::models::UserPresenceEvent;
use genesys_client::{Client, Draft, Region};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[tokio::main]
async fn main() -> ExitCode {
    let (Some(client_id), Some(client_secret), Some(user_id), Some(source_id)) = (
        env("GENESYS_CLIENT_ID"),
        env("GENESYS_CLIENT_SECRET"),
        env("GENESYS_USER_ID"),
        env("GENESYS_SOURCE_ID"),
    ) else {
        eprintln!(
            "set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, GENESYS_USER_ID and GENESYS_SOURCE_ID \
             (and GENESYS_REGION, default us-east-1) to run this example"
        );
        return ExitCode::from(2);
    };
    let region: Region = match env("GENESYS_REGION")
        .as_deref()
        .unwrap_or("us-east-1")
        .parse()
    {
        Ok(region) => region,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let count: usize = env("GENESYS_EVENT_COUNT")
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);

    let client = match Client::builder()
        .region(region)
        .client_credentials(client_id, client_secret)
        .build()
    {
        Ok(client) => client,
        Err(err) => {
            eprintln!("configuration error: {err}");
            return ExitCode::FAILURE;
        }
    };

    // A `Draft` leaves the id and time to the publisher: it stamps a UUID v4 and the current
    // time into each event before anything is sent (the placeholders below are replaced).
    let events: Vec<Draft<UserPresenceEvent>> = (0..count)
        .map(|i| {
            let mut event = UserPresenceEvent::new(
                DateTime::<Utc>::default(),
                "",
                source_id.clone(),
                user_id.clone(),
            )
            .with_message(format!("example event {i}"));
            if let Some(definition) = env("GENESYS_PRESENCE_DEFINITION_ID") {
                event = event.with_presence_definition_id(definition);
            }
            Draft::new(event)
        })
        .collect();

    let outcome = client.event_publisher().publish(events).await;
    println!(
        "{} accepted, {} rejected, {} unsent, in {} request(s) over {} round(s)",
        outcome.accepted.len(),
        outcome.rejected.len(),
        outcome.unsent.len(),
        outcome.requests,
        outcome.rounds
    );
    for rejected in &outcome.rejected {
        println!(
            "  rejected {}: {} (retryable: {:?})",
            rejected.event.event_id,
            rejected.error.message.as_deref().unwrap_or("no message"),
            rejected.error.retryable
        );
    }
    if let Some(err) = outcome.error() {
        eprintln!("error: {err}");
        if let Some(id) = err.correlation_id() {
            eprintln!("(quote correlation id {id} to Genesys support)");
        }
        eprintln!(
            "{} event(s) unsent: publish `outcome.unsent` again to resubmit them with the same ids",
            outcome.unsent.len()
        );
    }
    if outcome.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
