//! `/follow`, `/unfollow` and `/following` on the gateway: checks who asks (Manage Channels, or
//! the editor role), resolves the side, changes `follows.jsonl` under the writers' lock and
//! answers privately. The posting itself is `shell::poster::run`.

use std::sync::Arc;

use serenity::all::{CommandInteraction, Permissions};

use super::private::{allowed_with, defer_private, edit_original, respond};
use super::State;
use crate::follow_rules::{self, Added, Follow};
use crate::render::embed::{self, Message};
use crate::shell::commands::{option_text, Moderated};
use crate::shell::payload;
use crate::shell::poster::{change_follows, read_follows};

const REFUSED: &str = "Following a side posts in a channel: it needs the Manage Channels permission (or the editor role the bot is set up with).";

/// Serves one of the follow commands end to end.
pub async fn command(state: &Arc<State>, c: &CommandInteraction, which: Moderated) {
    let (id, token) = (c.id.get(), c.token.as_str());
    let Some(guild) = c.guild_id.map(|g| g.get()) else {
        let m = embed::notice(
            "Only in a server",
            "Follows post in a server's channel: run this command there.",
        );
        respond(state, id, token, &payload::private(&m)).await;
        return;
    };
    if which != Moderated::Following && !allowed_with(state, c, Permissions::MANAGE_CHANNELS).await
    {
        let m = embed::notice("Not allowed", REFUSED);
        respond(state, id, token, &payload::private(&m)).await;
        return;
    }
    // The writers' lock may be held by an ingest for a moment: answer "thinking…" first.
    if !defer_private(state, id, token).await {
        return;
    }
    let message = match which {
        Moderated::Follow => set_up(state, c, guild).await,
        Moderated::Unfollow => stop(state, c).await,
        _ => list(state, guild).await,
    };
    let message = message.unwrap_or_else(|e| {
        tracing::error!(error = %format!("{e:#}"), "a follow command failed");
        embed::notice(
            "Not changed",
            &format!("The follows could not be read or written: {e:#}"),
        )
    });
    edit_original(state, c.application_id.get(), token, &message).await;
}

/// The side and topic a command names, or the notice to answer instead.
fn side_and_topic(
    state: &State,
    c: &CommandInteraction,
) -> Result<(String, String, Option<String>), Message> {
    let who = option_text(c, "who").unwrap_or_default();
    let topic = option_text(c, "topic")
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let index = state.index();
    let Some(resolved) = index.resolve(who.trim()) else {
        return Err(embed::notice(
            "Who is that?",
            &format!(
                "No country or organisation called “{}” is known. Pick one from the list as you type.",
                who.trim().chars().take(100).collect::<String>()
            ),
        ));
    };
    let entity = index.gazetteer.entity(resolved.entity);
    Ok((entity.key.clone(), entity.name.clone(), topic))
}

async fn set_up(state: &Arc<State>, c: &CommandInteraction, guild: u64) -> anyhow::Result<Message> {
    let (side, name, topic) = match side_and_topic(state, c) {
        Ok(t) => t,
        Err(m) => return Ok(m),
    };
    let new = Follow {
        guild,
        channel: c.channel_id.get(),
        side,
        name,
        topic,
        by: format!("{} ({})", c.user.name, c.user.id.get()),
        at: serenity::model::Timestamp::now().to_string(),
        paused: None,
    };
    let what = new.what();
    let dir = state.settings.data.clone();
    let added = tokio::task::spawn_blocking(move || {
        change_follows(&dir, |all| follow_rules::add(all, new))
    })
    .await??;
    tracing::info!(channel = c.channel_id.get(), by = c.user.id.get(), follow = %what, outcome = ?added, "follow set up");
    Ok(match added {
        Added::New => embed::notice(
            "Following",
            &format!("New statements by {what} will be posted in this channel as they land, one message per article. /unfollow stops it; /following lists this server's follows."),
        ),
        Added::Resumed => embed::notice(
            "Following again",
            &format!("This channel had stopped getting {what} because a post was refused; it gets new statements again from now on."),
        ),
        Added::Already => embed::notice(
            "Already following",
            &format!("This channel already gets new statements by {what}."),
        ),
    })
}

async fn stop(state: &Arc<State>, c: &CommandInteraction) -> anyhow::Result<Message> {
    let (side, name, topic) = match side_and_topic(state, c) {
        Ok(t) => t,
        Err(m) => return Ok(m),
    };
    let channel = c.channel_id.get();
    let dir = state.settings.data.clone();
    let t = topic.clone();
    let removed = tokio::task::spawn_blocking(move || {
        change_follows(&dir, |all| {
            follow_rules::remove(all, channel, &side, t.as_deref())
        })
    })
    .await??;
    Ok(match removed {
        Some(f) => {
            tracing::info!(channel, by = c.user.id.get(), follow = %f.what(), "follow removed");
            embed::notice(
                "Stopped",
                &format!(
                    "New statements by {} are no longer posted in this channel.",
                    f.what()
                ),
            )
        }
        None => {
            let what = match &topic {
                Some(t) => format!("{name} on “{t}”"),
                None => name,
            };
            embed::notice(
                "Nothing to stop",
                &format!(
                    "This channel does not follow {what}. /following lists this server's follows."
                ),
            )
        }
    })
}

async fn list(state: &Arc<State>, guild: u64) -> anyhow::Result<Message> {
    let dir = state.settings.data.clone();
    let follows = tokio::task::spawn_blocking(move || read_follows(&dir)).await??;
    Ok(follow_rules::listing(&follows, guild))
}
