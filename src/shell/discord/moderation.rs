//! The moderators' commands on the gateway: `/ingest` (fetch an attached article, show a private
//! preview, add it on Confirm) and `/retract` (take a statement out of the answers). Only members
//! with Manage Server, or the editor role, may use them. The rules live in the core (`ingest`,
//! `store`); this module only fetches, asks, and translates.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;
use serenity::all::{
    CommandDataOptionValue, CommandInteraction, ComponentInteraction, Interaction, Permissions,
};

use super::State;
use crate::index::Index;
use crate::ingest::{prepare, split_front_matter, Metadata, Prepared};
use crate::render::embed::{self, Message};
use crate::shell::commands::{self, Moderated, Serve};
use crate::shell::{payload, redact};
use crate::store::{self, Added, Retraction, Store, StoredArticle};

/// The largest article `/ingest` accepts.
pub const MAX_ARTICLE_BYTES: usize = 1 << 20;
/// How long a preview waits for Confirm.
const PENDING_TTL: Duration = Duration::from_secs(15 * 60);
const CONFIRM: &str = "ing:ok:";
const CANCEL: &str = "ing:no:";

struct Pending {
    user: u64,
    prepared: Prepared,
    created: Instant,
}

/// Articles previewed and waiting for Confirm or Cancel.
#[derive(Default)]
pub struct Moderation {
    pending: Mutex<HashMap<String, Pending>>,
}

impl Moderation {
    fn put(&self, key: String, p: Pending) {
        if let Ok(mut map) = self.pending.lock() {
            map.retain(|_, v| v.created.elapsed() < PENDING_TTL);
            map.insert(key, p);
        }
    }

    fn take(&self, key: &str) -> Option<Pending> {
        let mut map = self.pending.lock().ok()?;
        map.remove(key)
            .filter(|p| p.created.elapsed() < PENDING_TTL)
    }
}

/// Whether a button is one of `/ingest`'s Confirm or Cancel.
pub fn owns_button(custom_id: &str) -> bool {
    custom_id.starts_with(CONFIRM) || custom_id.starts_with(CANCEL)
}

/// Why a moderator's request is turned down before anything is done: a private notice, sent by
/// `handle` and nowhere else.
struct Refusal(Message);

fn refuse(title: &str, text: &str) -> Refusal {
    Refusal(embed::notice(title, text))
}

/// Handles a moderators' command or button end to end (responses, follow-up edits, store
/// writes).
pub async fn handle(state: &Arc<State>, interaction: &Interaction) {
    let (id, token, outcome) = match interaction {
        Interaction::Command(c) => {
            let outcome = match commands::find(&c.data.name).map(|cmd| cmd.serve) {
                Some(Serve::Moderation(Moderated::Ingest)) => ingest(state, c).await,
                Some(Serve::Moderation(Moderated::Retract)) => retract(state, c).await,
                Some(Serve::Moderation(which)) => {
                    super::follow::command(state, c, which).await;
                    return;
                }
                _ => return,
            };
            (c.id.get(), c.token.as_str(), outcome)
        }
        Interaction::Component(c) => (c.id.get(), c.token.as_str(), button(state, c).await),
        _ => return,
    };
    if let Err(Refusal(notice)) = outcome {
        respond(state, id, token, &payload::private(&notice)).await;
    }
}

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

fn text_option(c: &CommandInteraction, name: &str) -> Option<String> {
    c.data
        .options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| match &o.value {
            CommandDataOptionValue::String(s) => {
                Some(s.trim().to_string()).filter(|s| !s.is_empty())
            }
            _ => None,
        })
}

/// Manage Server (or Administrator), or the editor role by id or name.
async fn allowed(state: &State, c: &CommandInteraction) -> bool {
    allowed_with(state, c, Permissions::MANAGE_GUILD).await
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

const REFUSED: &str =
    "Only members with the Manage Server permission (or the editor role) can change the store.";

fn light_store(dir: &std::path::Path) -> Result<Store, crate::error::DataError> {
    Ok(Store {
        articles: store::stored_articles(dir)?
            .into_iter()
            .map(|meta| StoredArticle {
                meta,
                body: String::new(),
            })
            .collect(),
        ..Store::default()
    })
}

async fn ingest(state: &Arc<State>, c: &CommandInteraction) -> Result<(), Refusal> {
    let (id, token) = (c.id.get(), c.token.as_str());
    if !allowed(state, c).await {
        return Err(refuse("Not allowed", REFUSED));
    }
    let attachment = c
        .data
        .options
        .iter()
        .find(|o| o.name == "article")
        .and_then(|o| match &o.value {
            CommandDataOptionValue::Attachment(a) => c.data.resolved.attachments.get(a),
            _ => None,
        });
    let Some(attachment) = attachment else {
        return Err(refuse(
            "No article",
            "Attach the article as a plain-text or Markdown file.",
        ));
    };
    let is_text = attachment
        .content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("text/plain") || t.starts_with("text/markdown"))
        || [".txt", ".md", ".markdown"]
            .iter()
            .any(|ext| attachment.filename.to_ascii_lowercase().ends_with(ext));
    if !is_text {
        let msg = format!(
            "“{}” is not a text file: attach the article as .txt or .md.",
            attachment.filename
        );
        return Err(refuse("Not a text file", &msg));
    }
    if attachment.size as usize > MAX_ARTICLE_BYTES {
        return Err(refuse(
            "Too large",
            "The article is larger than 1 MiB; split it or trim it.",
        ));
    }
    if !defer_private(state, id, token).await {
        return Ok(());
    }
    let app = c.application_id.get();
    let message = match build_preview(state, c, &attachment.url, &attachment.filename).await {
        Ok(m) => m,
        Err(problem) => embed::notice("Not added", &problem),
    };
    edit_original(state, app, token, &message).await;
    Ok(())
}

async fn build_preview(
    state: &Arc<State>,
    c: &CommandInteraction,
    url: &str,
    filename: &str,
) -> Result<Message, String> {
    let bytes = state
        .rest
        .fetch(url, MAX_ARTICLE_BYTES)
        .await
        .map_err(|e| format!("{e}."))?;
    let text = String::from_utf8(bytes).map_err(|_| "The file is not UTF-8 text.".to_string())?;
    let flags = Metadata {
        title: text_option(c, "title"),
        url: text_option(c, "url"),
        published: text_option(c, "published"),
        publisher: None,
    };
    let name = filename
        .rsplit_once('.')
        .map(|(stem, _)| stem)
        .unwrap_or(filename)
        .to_string();
    let index: Arc<Index> = state.index();
    let dir = state.settings.data.clone();
    let prepared = tokio::task::spawn_blocking(move || -> Result<Prepared, String> {
        let (front, body) =
            split_front_matter(&text).map_err(|e| format!("The front matter is broken: {e}."))?;
        let store = light_store(&dir).map_err(|e| e.to_string())?;
        prepare(body, front.overlay(flags), &name, &index.gazetteer, &store)
            .map_err(|e| format!("The article cannot be read: {e}."))
    })
    .await
    .map_err(|_| "Reading the article failed.".to_string())??;
    if let Some(existing) = &prepared.duplicate_of {
        return Err(format!(
            "This article is already in the store as `{existing}`: nothing was added."
        ));
    }
    let index = state.index();
    let views =
        crate::answer::statement_views(&index.gazetteer, &prepared.article, &prepared.statements);
    let title = prepared
        .article
        .title
        .clone()
        .unwrap_or_else(|| prepared.article.id.clone());
    let key = format!("{:x}", c.id.get());
    let message = embed::ingest_preview(
        &title,
        &views,
        &format!("{CONFIRM}{key}"),
        &format!("{CANCEL}{key}"),
    );
    state.moderation.put(
        key,
        Pending {
            user: c.user.id.get(),
            prepared,
            created: Instant::now(),
        },
    );
    Ok(message)
}

async fn button(state: &Arc<State>, c: &ComponentInteraction) -> Result<(), Refusal> {
    let (id, token) = (c.id.get(), c.token.as_str());
    let custom = c.data.custom_id.as_str();
    let (confirm, key) = match (custom.strip_prefix(CONFIRM), custom.strip_prefix(CANCEL)) {
        (Some(k), _) => (true, k),
        (_, Some(k)) => (false, k),
        _ => return Ok(()),
    };
    let Some(pending) = state.moderation.take(key) else {
        let m = embed::notice(
            "Preview expired",
            "This preview is no longer pending; run /ingest again.",
        );
        respond(state, id, token, &payload::update(&m)).await;
        return Ok(());
    };
    if pending.user != c.user.id.get() {
        state.moderation.put(key.to_string(), pending);
        return Err(refuse(
            "Not yours",
            "Only the moderator who ran /ingest can confirm or cancel it.",
        ));
    }
    if !confirm {
        let m = embed::notice("Cancelled", "Nothing was added to the store.");
        respond(state, id, token, &payload::update(&m)).await;
        return Ok(());
    }
    if !respond(state, id, token, &payload::deferred_update()).await {
        state.moderation.put(key.to_string(), pending);
        return Ok(());
    }
    let dir = state.settings.data.clone();
    let p = pending.prepared;
    let count = p.statements.len();
    let title = p
        .article
        .title
        .clone()
        .unwrap_or_else(|| p.article.id.clone());
    let outcome = tokio::task::spawn_blocking(move || {
        let added = store::add_article(&dir, p.article, &p.body, p.statements)?;
        let index = crate::app::load(&dir)?;
        Ok::<_, crate::error::DataError>((added, index))
    })
    .await;
    let message = match outcome {
        Ok(Ok((Added::New(article_id), index))) => {
            state.swap_index(index);
            tracing::info!(article = %article_id, statements = count, by = c.user.id.get(), "article added from Discord");
            embed::notice(
                "Added",
                &format!("{count} statement{} from “{title}” added as `{article_id}`. They are answered from now on.", if count == 1 { "" } else { "s" }),
            )
        }
        Ok(Ok((Added::Duplicate(existing), _))) => embed::notice(
            "Not added",
            &format!("This article is already in the store as `{existing}`: nothing was added."),
        ),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "adding an article from Discord failed");
            embed::notice("Not added", &format!("The store could not be written: {e}"))
        }
        Err(_) => embed::notice("Not added", "Adding the article failed."),
    };
    edit_original(state, c.application_id.get(), token, &message).await;
    Ok(())
}

async fn retract(state: &Arc<State>, c: &CommandInteraction) -> Result<(), Refusal> {
    let (id, token) = (c.id.get(), c.token.as_str());
    if !allowed(state, c).await {
        return Err(refuse("Not allowed", REFUSED));
    }
    let Some(statement) = text_option(c, "statement") else {
        return Err(refuse(
            "No statement",
            "Give the id of the statement to retract.",
        ));
    };
    if !defer_private(state, id, token).await {
        return Ok(());
    }
    let index = state.index();
    let shown = index.statement_by_key(&statement).map(|s| {
        let st = index.statement(s);
        (
            st.speaker.name.clone(),
            crate::text::cut_at_word(&st.text, 120),
        )
    });
    let retraction = Retraction {
        id: statement.clone(),
        by: format!("{} ({})", c.user.name, c.user.id.get()),
        at: crate::model::timestamp(chrono::Utc::now()),
        reason: text_option(c, "reason"),
    };
    let dir = state.settings.data.clone();
    let gaz_index = Arc::clone(&index);
    let outcome = tokio::task::spawn_blocking(move || {
        store::retract(&dir, &gaz_index.gazetteer, retraction)?;
        crate::app::load(&dir).map_err(store::RetractError::from)
    })
    .await;
    let message = match outcome {
        Ok(Ok(new_index)) => {
            state.swap_index(new_index);
            tracing::info!(statement = %statement, by = c.user.id.get(), "statement retracted from Discord");
            let what = shown
                .map(|(who, text)| format!(" ({who}: “{text}”)"))
                .unwrap_or_default();
            embed::notice(
                "Retracted",
                &format!("Statement `{statement}`{what} is no longer answered. The retraction is kept; undo it with `positions restore {statement}`."),
            )
        }
        Ok(Err(e)) => embed::notice("Not retracted", &format!("{e}.")),
        Err(_) => embed::notice("Not retracted", "The retraction failed."),
    };
    edit_original(state, c.application_id.get(), token, &message).await;
    Ok(())
}
