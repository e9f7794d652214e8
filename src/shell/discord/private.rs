//! Private answers to the commands that change what the bot stores or posts (moderation, follows),
//! and who may use them: the pieces the moderation and follow modules share.

use reqwest::Method;
use serde_json::Value;
use serenity::all::{CommandInteraction, Permissions};

use super::State;
use crate::render::embed::Message;
use crate::shell::{payload, redact};

pub(super) async fn respond(state: &State, id: u64, token: &str, body: &Value) -> bool {
    let path = format!("/interactions/{id}/{token}/callback");
    match state.rest.send(Method::POST, &path, Some(body)).await {
        Ok(_) => true,
        Err(e) => {
            tracing::error!(interaction_id = id, error = %redact(&e.to_string(), token), "moderation reply failed");
            false
        }
    }
}

/// Answers "thinking…" privately, buying time for work that may take more than 3 s.
pub(super) async fn defer_private(state: &State, id: u64, token: &str) -> bool {
    respond(state, id, token, &payload::deferred_private()).await
}

/// Replaces the deferred or original response of an interaction.
pub(super) async fn edit_original(
    state: &State,
    application_id: u64,
    token: &str,
    message: &Message,
) {
    let path = format!("/webhooks/{application_id}/{token}/messages/@original");
    let body = payload::edit(message);
    if let Err(e) = state.rest.send(Method::PATCH, &path, Some(&body)).await {
        tracing::error!(error = %redact(&e.to_string(), token), "could not edit the moderation reply");
    }
}

/// `needed` (or Administrator), or the editor role by id or name.
pub(super) async fn allowed_with(
    state: &State,
    c: &CommandInteraction,
    needed: Permissions,
) -> bool {
    let Some(member) = &c.member else {
        return false;
    };
    if member
        .permissions
        .is_some_and(|p| p.contains(needed) || p.contains(Permissions::ADMINISTRATOR))
    {
        return true;
    }
    let Some(role) = &state.settings.editor_role else {
        return false;
    };
    if let Ok(id) = role.parse::<u64>() {
        return member.roles.iter().any(|r| r.get() == id);
    }
    let Some(guild) = c.guild_id else {
        return false;
    };
    match state
        .rest
        .send(Method::GET, &format!("/guilds/{}/roles", guild.get()), None)
        .await
    {
        Ok(Value::Array(roles)) => roles.iter().any(|r| {
            r["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(role))
                && r["id"]
                    .as_str()
                    .and_then(|s| s.parse::<u64>().ok())
                    .is_some_and(|id| member.roles.iter().any(|m| m.get() == id))
        }),
        Ok(_) => false,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the guild's roles to check the editor role");
            false
        }
    }
}
