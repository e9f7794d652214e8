//! `/follow`, `/unfollow` and `/following` on the gateway: checks who asks (Manage Channels, or
//! the editor role), resolves the side, changes `follows.jsonl` under the writers' lock and
//! answers privately. The posting itself is `shell::poster::run`.

use std::sync::Arc;

use serenity::all::{CommandInteraction, Permissions};

use super::private::{allowed_with, defer_private, edit_original, respond};
use super::State;
use crate::follow_rules::{self, Added, Follow};
use crate::locale::Locale;
use crate::render::embed::{self, Message};
use crate::shell::commands::{option_text, Moderated};
use crate::shell::payload;
use crate::shell::poster::{change_follows, read_follows};

/// Serves one of the follow commands end to end.
pub async fn command(state: &Arc<State>, c: &CommandInteraction, which: Moderated) {
    let (id, token) = (c.id.get(), c.token.as_str());
    let l = Locale::of_discord(&c.locale);
    let Some(guild) = c.guild_id.map(|g| g.get()) else {
        let m = embed::notice_in(l, "notice_only_in_server", "follow_only_in_server", &[]);
        respond(state, id, token, &payload::private(&m)).await;
        return;
    };
    if which != Moderated::Following && !allowed_with(state, c, Permissions::MANAGE_CHANNELS).await
    {
        let m = embed::notice_in(l, "notice_not_allowed", "refused_follow", &[]);
        respond(state, id, token, &payload::private(&m)).await;
        return;
    }
    // The writers' lock may be held by an ingest for a moment: answer "thinking…" first.
    if !defer_private(state, id, token).await {
        return;
    }
    let message = match which {
        Moderated::Follow => set_up(state, c, guild, l).await,
        Moderated::Unfollow => stop(state, c, l).await,
        _ => list(state, guild, l).await,
    };
    let message = message.unwrap_or_else(|e| {
        let e = format!("{e:#}");
        tracing::error!(error = %e, "a follow command failed");
        embed::notice_in(
            l,
            "notice_not_changed",
            "follows_unreadable",
            &[("error", &e)],
        )
    });
    edit_original(state, c.application_id.get(), token, &message).await;
}

/// The side and topic a command names, or the notice to answer instead.
fn side_and_topic(
    state: &State,
    c: &CommandInteraction,
    l: Locale,
) -> Result<(String, String, Option<String>), Message> {
    let who = option_text(c, "who").unwrap_or_default();
    let topic = option_text(c, "topic")
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let index = state.index();
    let Some(resolved) = index.resolve(who.trim()) else {
        let who: String = who.trim().chars().take(100).collect();
        return Err(embed::notice_in(
            l,
            "notice_who",
            "follow_who",
            &[("who", &who)],
        ));
    };
    let entity = index.gazetteer.entity(resolved.entity);
    Ok((entity.key.clone(), entity.name.clone(), topic))
}

async fn set_up(
    state: &Arc<State>,
    c: &CommandInteraction,
    guild: u64,
    l: Locale,
) -> anyhow::Result<Message> {
    let (side, name, topic) = match side_and_topic(state, c, l) {
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
        locale: Some(c.locale.clone()).filter(|tag| !tag.is_empty()),
    };
    let what = new.what();
    let shown = new.what_in(l);
    let dir = state.settings.data.clone();
    let added = tokio::task::spawn_blocking(move || {
        change_follows(&dir, |all| follow_rules::add(all, new))
    })
    .await??;
    tracing::info!(channel = c.channel_id.get(), by = c.user.id.get(), follow = %what, outcome = ?added, "follow set up");
    let values = [
        ("what", shown.as_str()),
        ("unfollow", l.command("unfollow")),
        ("following", l.command("following")),
    ];
    Ok(match added {
        Added::New => embed::notice_in(l, "notice_following", "follow_new", &values),
        Added::Resumed => embed::notice_in(l, "notice_following_again", "follow_resumed", &values),
        Added::Already => {
            embed::notice_in(l, "notice_already_following", "follow_already", &values)
        }
    })
}

async fn stop(state: &Arc<State>, c: &CommandInteraction, l: Locale) -> anyhow::Result<Message> {
    let (side, name, topic) = match side_and_topic(state, c, l) {
        Ok(t) => t,
        Err(m) => return Ok(m),
    };
    let channel = c.channel_id.get();
    let dir = state.settings.data.clone();
    let asked = follow_rules::followed_in(l, &side, &name, topic.as_deref());
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
            let what = f.what_in(l);
            embed::notice_in(l, "notice_stopped", "follow_stopped", &[("what", &what)])
        }
        None => embed::notice_in(
            l,
            "notice_nothing_to_stop",
            "follow_nothing_to_stop",
            &[("what", &asked), ("following", l.command("following"))],
        ),
    })
}

async fn list(state: &Arc<State>, guild: u64, l: Locale) -> anyhow::Result<Message> {
    let dir = state.settings.data.clone();
    let follows = tokio::task::spawn_blocking(move || read_follows(&dir)).await??;
    Ok(follow_rules::listing(&follows, guild, l))
}
