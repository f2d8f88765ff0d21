//! Sets a user's Genesys Cloud presence (default: the organization's "Available" definition).
//!
//! ```text
//! GENESYS_CLIENT_ID=… GENESYS_CLIENT_SECRET=… GENESYS_REGION=eu-west-1 \
//! GENESYS_USER_ID=<user id> [GENESYS_PRESENCE=Busy] \
//!     cargo run -p genesys-client --example set_my_presence
//! ```
//!
//! A client-credentials token has no user behind it, so the user is named by
//! `GENESYS_USER_ID`. The OAuth client needs the `presence:presenceDefinition:view` and
//! `presence:userPresence:edit` permissions.

use std::process::ExitCode;

use genesys_client::models::{
    OrganizationPresenceDefinitionSystemPresence, PresenceDefinition, UserPresence,
};
use genesys_client::{Client, Region};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[tokio::main]
async fn main() -> ExitCode {
    let (Some(client_id), Some(client_secret), Some(user_id)) = (
        env("GENESYS_CLIENT_ID"),
        env("GENESYS_CLIENT_SECRET"),
        env("GENESYS_USER_ID"),
    ) else {
        eprintln!(
            "set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_USER_ID \
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
    let wanted = OrganizationPresenceDefinitionSystemPresence::from(
        env("GENESYS_PRESENCE").as_deref().unwrap_or("Available"),
    );

    let wanted_name = wanted.as_str().to_owned();
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

    match run(&client, &user_id, wanted).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!(
                "the organization has no active `{}` presence definition",
                wanted_name
            );
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err}");
            if let Some(id) = err.correlation_id() {
                eprintln!("(quote correlation id {id} to Genesys support)");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(
    client: &Client,
    user_id: &str,
    wanted: OrganizationPresenceDefinitionSystemPresence,
) -> Result<bool, genesys_client::Error> {
    let definitions = client.presence().get_presence_definitions().send().await?;
    let Some(definition_id) = definitions
        .entities
        .unwrap_or_default()
        .into_iter()
        .find(|d| d.system_presence.as_ref() == Some(&wanted) && d.deactivated != Some(true))
        .and_then(|d| d.id)
    else {
        return Ok(false);
    };

    let body = UserPresence::new()
        .with_presence_definition(PresenceDefinition::new().with_id(definition_id.clone()));
    let updated = client
        .presence()
        .patch_user_presence(user_id, "PURECLOUD", body)
        .send()
        .await?;
    println!(
        "presence of user {user_id} set to `{}` (definition {definition_id}), modified {}",
        wanted.as_str(),
        updated
            .modified_date
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "at an unreported time".into())
    );
    Ok(true)
}
