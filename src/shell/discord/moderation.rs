//! The moderators' commands on the gateway: `/ingest` (fetch a linked page or an attached file,
//! show a private preview, add it on Confirm), `/retract` (take a statement out of the answers)
//! and `/feeds` (the feeds the watcher polls). Only members with Manage Server, or the editor role,
//! may use them. The rules live in the core (`ingest`, `store`, `web`, `fetch::pipeline`); this
//! module only fetches, asks, and translates.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serenity::all::{
    CommandDataOptionValue, CommandInteraction, ComponentInteraction, Interaction, Permissions,
};

use super::private::{allowed_with, defer_private, edit_original, respond};
use super::State;
use crate::fetch::pipeline;
use crate::fetch::Fetcher;
use crate::index::Change;
use crate::ingest::{prepare, split_front_matter, Metadata, Prepared};
use crate::locale::Locale;
use crate::render::embed::{self, Message};
use crate::shell::commands::{self, Moderated, Serve};
use crate::shell::metrics;
use crate::shell::payload;
use crate::store::{self, Added, Retraction};
use crate::web::feeds::FollowedFeed;
use crate::web::page::{looks_like_html, read_page};

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

/// A refusal in `l`: its title's and its text's keys in the locale tables, and the values.
fn refuse(l: Locale, title: &str, text: &str, values: &[(&str, &str)]) -> Refusal {
    Refusal(embed::notice_in(l, title, text, values))
}

/// Handles a moderators' command or button end to end (responses, follow-up edits, store
/// writes), and says for the metrics whether it was refused or carried out.
pub async fn handle(state: &Arc<State>, interaction: &Interaction) -> &'static str {
    let (id, token, outcome) = match interaction {
        Interaction::Command(c) => {
            let outcome = match commands::find(&c.data.name).map(|cmd| cmd.serve) {
                Some(Serve::Moderation(Moderated::Ingest)) => ingest(state, c).await,
                Some(Serve::Moderation(Moderated::Retract)) => retract(state, c).await,
                Some(Serve::Moderation(Moderated::Feeds)) => feeds(state, c).await,
                Some(Serve::Moderation(which)) => {
                    super::follow_commands::command(state, c, which).await;
                    return metrics::outcome::HANDLED;
                }
                _ => return metrics::outcome::UNKNOWN,
            };
            (c.id.get(), c.token.as_str(), outcome)
        }
        Interaction::Component(c) => (c.id.get(), c.token.as_str(), button(state, c).await),
        _ => return metrics::outcome::UNKNOWN,
    };
    match outcome {
        Err(Refusal(notice)) => {
            respond(state, id, token, &payload::private(&notice)).await;
            metrics::outcome::REFUSED
        }
        Ok(()) => metrics::outcome::HANDLED,
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

/// Where `/ingest` reads the article from.
enum Source {
    /// An attached file, served by Discord at `url`.
    File { url: String, filename: String },
    /// A web page to fetch.
    Link(String),
}

async fn ingest(state: &Arc<State>, c: &CommandInteraction) -> Result<(), Refusal> {
    let (id, token) = (c.id.get(), c.token.as_str());
    let l = Locale::of_discord(&c.locale);
    if !allowed(state, c).await {
        return Err(refuse(l, "notice_not_allowed", "refused_store", &[]));
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
    let source = match (attachment, text_option(c, "url")) {
        (Some(attachment), _) => {
            let name = attachment.filename.to_ascii_lowercase();
            let readable = attachment.content_type.as_deref().is_some_and(|t| {
                [
                    "text/plain",
                    "text/markdown",
                    "text/html",
                    "application/xhtml",
                ]
                .iter()
                .any(|k| t.starts_with(k))
            }) || [".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"]
                .iter()
                .any(|ext| name.ends_with(ext));
            if !readable {
                return Err(refuse(
                    l,
                    "notice_not_text",
                    "not_text_file",
                    &[("file", &attachment.filename)],
                ));
            }
            if attachment.size as usize > MAX_ARTICLE_BYTES {
                return Err(refuse(l, "notice_too_large", "too_large", &[]));
            }
            Source::File {
                url: attachment.url.clone(),
                filename: attachment.filename.clone(),
            }
        }
        (None, Some(link)) => Source::Link(link),
        (None, None) => {
            return Err(refuse(
                l,
                "notice_no_article",
                "no_article",
                &[("url", l.command("url"))],
            ))
        }
    };
    // Fetching a page (robots.txt, a slow site) easily takes more than Discord's 3 s.
    if !defer_private(state, id, token).await {
        return Ok(());
    }
    let app = c.application_id.get();
    let message = match build_preview(state, c, source).await {
        Ok(m) => m,
        Err(problem) => embed::notice(l.word("notice_not_added"), &problem),
    };
    edit_original(state, app, token, &message).await;
    Ok(())
}

/// What the moderator gave besides the article: flags that win over what the file or page says.
fn flags(c: &CommandInteraction, with_url: bool) -> Metadata {
    Metadata {
        title: text_option(c, "title"),
        url: if with_url {
            text_option(c, "url")
        } else {
            None
        },
        published: text_option(c, "published"),
        publisher: None,
        language: None,
    }
}

/// Reads the article (a fetched page, an HTML file, or text with optional front matter) and
/// extracts its statements; a problem is the one line the moderator reads.
async fn read_article(
    state: &Arc<State>,
    c: &CommandInteraction,
    source: Source,
) -> Result<Prepared, String> {
    let gazetteer = state.live().gazetteer();
    let dir = state.settings.data.clone();
    let l = Locale::of_discord(&c.locale);
    let error =
        move |key: &str, e: &dyn std::fmt::Display| l.phrase(key, &[("error", &e.to_string())]);
    let (page, text, name) = match source {
        Source::Link(link) => {
            let settings = crate::fetch::Settings::from_env(&crate::environment::Env::process())
                .map_err(|e| error("fetcher_not_set_up", &e))?;
            let fetcher = Fetcher::new(settings).map_err(|e| error("fetcher_cannot_start", &e))?;
            let page = pipeline::fetch_article(&fetcher, &link)
                .await
                .map_err(|e| format!("{link}: {e}."))?;
            (Some((page, flags(c, false))), String::new(), String::new())
        }
        Source::File { url, filename } => {
            let bytes = state
                .rest
                .fetch(&url, MAX_ARTICLE_BYTES)
                .await
                .map_err(|e| format!("{e}."))?;
            let lower = filename.to_ascii_lowercase();
            if looks_like_html(&bytes) || lower.ends_with(".html") || lower.ends_with(".htm") {
                let over = flags(c, true);
                let page = read_page(&bytes, over.url.as_deref())
                    .map_err(|e| format!("{}: {e}.", l.phrase("quoted", &[("text", &filename)])))?;
                (Some((page, over)), String::new(), String::new())
            } else {
                let text = String::from_utf8(bytes).map_err(|_| l.word("not_utf8").to_string())?;
                let name = filename
                    .rsplit_once('.')
                    .map(|(stem, _)| stem)
                    .unwrap_or(&filename)
                    .to_string();
                (None, text, name)
            }
        }
    };
    let over = flags(c, true);
    tokio::task::spawn_blocking(move || -> Result<Prepared, String> {
        let files = store::open(&dir);
        let store = files.article_list().map_err(|e| e.to_string())?;
        let prepared = match page {
            Some((page, over)) => {
                let canonical = over.url.clone().or_else(|| page.meta.url.clone());
                if let Some(url) = canonical {
                    if let Some(existing) =
                        files.stored_with_url(&url).map_err(|e| e.to_string())?
                    {
                        return Err(already(l, &existing));
                    }
                }
                pipeline::prepare_page(page, over, &gazetteer, &store)
            }
            None => {
                let (front, body) =
                    split_front_matter(&text).map_err(|e| error("front_matter_broken", &e))?;
                prepare(body, front.overlay(over), &name, &gazetteer, &store)
            }
        };
        prepared.map_err(|e| error("cannot_read_article", &e))
    })
    .await
    .map_err(|_| l.word("reading_failed").to_string())?
}

fn already(l: Locale, existing: &str) -> String {
    l.phrase("already_stored", &[("id", existing)])
}

async fn build_preview(
    state: &Arc<State>,
    c: &CommandInteraction,
    source: Source,
) -> Result<Message, String> {
    let prepared = read_article(state, c, source).await?;
    let l = Locale::of_discord(&c.locale);
    if let Some(existing) = &prepared.duplicate_of {
        return Err(already(l, existing));
    }
    let gazetteer = state.live().gazetteer();
    let source = crate::model::SourceRef::of(&prepared.article);
    let views = crate::answer::statement_views(&gazetteer, &source, &prepared.statements);
    let title = prepared
        .article
        .title
        .clone()
        .unwrap_or_else(|| prepared.article.id.clone());
    let key = format!("{:x}", c.id.get());
    let message = embed::ingest_preview(
        &title,
        &views,
        (&format!("{CONFIRM}{key}"), &format!("{CANCEL}{key}")),
        l,
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
    let l = Locale::of_discord(&c.locale);
    let ingest = [("ingest", l.command("ingest"))];
    let custom = c.data.custom_id.as_str();
    let (confirm, key) = match (custom.strip_prefix(CONFIRM), custom.strip_prefix(CANCEL)) {
        (Some(k), _) => (true, k),
        (_, Some(k)) => (false, k),
        _ => return Ok(()),
    };
    let Some(pending) = state.moderation.take(key) else {
        let m = embed::notice_in(l, "notice_expired", "preview_expired", &ingest);
        respond(state, id, token, &payload::update(&m)).await;
        return Ok(());
    };
    if pending.user != c.user.id.get() {
        state.moderation.put(key.to_string(), pending);
        return Err(refuse(l, "notice_not_yours", "not_yours", &ingest));
    }
    if !confirm {
        let m = embed::notice_in(l, "notice_cancelled", "cancelled", &[]);
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
    // The same URL or text may have been stored since the preview (the watcher, the command
    // line): checked again under the writers' lock.
    // Once stored, the article is read back as the loader would and added to the index in place:
    // answered when the moderator reads "Added".
    let live = state.live();
    let outcome = tokio::task::spawn_blocking(move || {
        let added = store::open(&dir).add_article(p.article, &p.body, p.statements)?;
        if let Added::New(id) = &added {
            live.add_stored(id)?;
        }
        Ok::<_, crate::error::DataError>(added)
    })
    .await;
    let message = match outcome {
        Ok(Ok(Added::New(article_id))) => {
            tracing::info!(article = %article_id, statements = count, by = c.user.id.get(), "article added from Discord");
            embed::notice_in(
                l,
                "notice_added",
                "added",
                &[
                    ("statements", &l.statements(count)),
                    ("title", &title),
                    ("id", &article_id),
                ],
            )
        }
        Ok(Ok(Added::Duplicate(existing))) => {
            embed::notice(l.word("notice_not_added"), &already(l, &existing))
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "adding an article from Discord failed");
            let e = e.to_string();
            embed::notice_in(l, "notice_not_added", "store_not_written", &[("error", &e)])
        }
        Err(_) => embed::notice_in(l, "notice_not_added", "adding_failed", &[]),
    };
    edit_original(state, c.application_id.get(), token, &message).await;
    crate::shell::people::keep_learned_later(state.settings.data.clone());
    Ok(())
}

async fn retract(state: &Arc<State>, c: &CommandInteraction) -> Result<(), Refusal> {
    let (id, token) = (c.id.get(), c.token.as_str());
    let l = Locale::of_discord(&c.locale);
    if !allowed(state, c).await {
        return Err(refuse(l, "notice_not_allowed", "refused_store", &[]));
    }
    let Some(statement) = text_option(c, "statement") else {
        return Err(refuse(l, "notice_no_statement", "no_statement_id", &[]));
    };
    if !defer_private(state, id, token).await {
        return Ok(());
    }
    // "every:ID" (a choice of the autocomplete) is the statement in every printing.
    let (shown, ids) = {
        let index = state.index();
        let ids = crate::answer::complete::retraction_ids(&index, &statement);
        let shown = ids
            .first()
            .and_then(|id| index.statement_by_key(id))
            .map(|s| {
                let st = index.statement(s);
                (
                    st.speaker.name.clone(),
                    crate::text::cut_at_word(&st.text, 120),
                )
            });
        (shown, ids)
    };
    let statement = ids.join(", ");
    let (by, at, reason) = (
        format!("{} ({})", c.user.name, c.user.id.get()),
        crate::model::timestamp(chrono::Utc::now()),
        text_option(c, "reason"),
    );
    let dir = state.settings.data.clone();
    let live = state.live();
    let outcome = tokio::task::spawn_blocking(move || {
        for id in ids {
            let retraction = Retraction {
                id: id.clone(),
                by: by.clone(),
                at: at.clone(),
                reason: reason.clone(),
            };
            store::open(&dir).retract(&live.gazetteer(), retraction)?;
            live.apply(vec![Change::Retract { id }]);
        }
        Ok::<_, store::RetractError>(())
    })
    .await;
    let message = match outcome {
        Ok(Ok(())) => {
            tracing::info!(statement = %statement, by = c.user.id.get(), "statement retracted from Discord");
            let what = shown
                .map(|(who, text)| l.phrase("retracted_what", &[("who", &who), ("text", &text)]))
                .unwrap_or_default();
            embed::notice_in(
                l,
                "notice_retracted",
                "retracted",
                &[("id", &statement), ("what", &what)],
            )
        }
        Ok(Err(e)) => embed::notice(l.word("notice_not_retracted"), &format!("{e}.")),
        Err(_) => embed::notice_in(l, "notice_not_retracted", "retraction_failed", &[]),
    };
    edit_original(state, c.application_id.get(), token, &message).await;
    crate::shell::people::keep_learned_later(state.settings.data.clone());
    Ok(())
}

/// `/feeds add|remove|list`: the followed feeds (the store's registry), as `positions feeds` does.
async fn feeds(state: &Arc<State>, c: &CommandInteraction) -> Result<(), Refusal> {
    let (id, token) = (c.id.get(), c.token.as_str());
    let l = Locale::of_discord(&c.locale);
    if !allowed(state, c).await {
        return Err(refuse(l, "notice_not_allowed", "refused_store", &[]));
    }
    let Some((action, options)) = c.data.options.first().and_then(|o| match &o.value {
        CommandDataOptionValue::SubCommand(options) => Some((o.name.clone(), options.clone())),
        _ => None,
    }) else {
        return Err(refuse(
            l,
            "notice_no_action",
            "feeds_action",
            &feed_words(l),
        ));
    };
    let option = |name: &str| {
        options
            .iter()
            .find(|o| o.name == name)
            .and_then(|o| match &o.value {
                CommandDataOptionValue::String(s) => {
                    Some(s.trim().to_string()).filter(|s| !s.is_empty())
                }
                _ => None,
            })
    };
    let (url, name) = (option("url"), option("name"));
    let feed_url = match (action.as_str(), &url) {
        ("list", _) => None,
        (_, Some(u)) => match url::Url::parse(u) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Some(parsed.to_string()),
            Ok(_) => {
                return Err(refuse(
                    l,
                    "notice_not_followed",
                    "feed_scheme",
                    &[("url", u)],
                ))
            }
            Err(e) => {
                return Err(refuse(
                    l,
                    "notice_not_followed",
                    "feed_not_address",
                    &[("url", u), ("error", &e.to_string())],
                ))
            }
        },
        (_, None) => {
            return Err(refuse(
                l,
                "notice_no_feed",
                "feed_no_url",
                &[("url", l.command("url"))],
            ))
        }
    };
    // The writers' lock may be held a moment by the watcher or the command line.
    if !defer_private(state, id, token).await {
        return Ok(());
    }
    let dir = state.settings.data.clone();
    let by = format!("{} ({})", c.user.name, c.user.id.get());
    let given = url.unwrap_or_default();
    let outcome =
        tokio::task::spawn_blocking(move || -> Result<Message, crate::error::DataError> {
            Ok(match (action.as_str(), feed_url) {
                ("add", Some(url)) => {
                    let feed = FollowedFeed {
                        url: url.clone(),
                        name,
                        added_by: by,
                        added_at: crate::model::timestamp(chrono::Utc::now()),
                    };
                    if store::registry(&dir).add_feed(feed)? {
                        embed::notice_in(l, "notice_following", "feed_following", &[("url", &url)])
                    } else {
                        embed::notice_in(
                            l,
                            "notice_already_followed",
                            "feed_already",
                            &[("url", &url)],
                        )
                    }
                }
                ("remove", Some(url)) => {
                    let target = store::registry(&dir)
                        .feeds()?
                        .into_iter()
                        .find(|f| f.url == url || f.url == given)
                        .map(|f| f.url);
                    match target {
                        Some(t) if store::registry(&dir).remove_feed(&t)? => {
                            embed::notice_in(l, "notice_removed", "feed_removed", &[("url", &t)])
                        }
                        _ => {
                            let mut values: Vec<(&str, &str)> = feed_words(l);
                            values.push(("url", &given));
                            embed::notice_in(l, "notice_not_followed", "feed_not_followed", &values)
                        }
                    }
                }
                _ => feed_list(&store::registry(&dir).feeds()?, l),
            })
        })
        .await;
    let message = match outcome {
        Ok(Ok(m)) => m,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "/feeds could not read or write the feeds");
            embed::notice(l.word("notice_not_done"), &format!("{e}."))
        }
        Err(_) => embed::notice_in(l, "notice_not_done", "feeds_unreadable", &[]),
    };
    edit_original(state, c.application_id.get(), token, &message).await;
    Ok(())
}

/// `/feeds` and its subcommands as the user's Discord names them, for a phrase's values.
fn feed_words(l: Locale) -> Vec<(&'static str, &'static str)> {
    ["feeds", "add", "remove", "list"]
        .into_iter()
        .map(|w| (w, l.command(w)))
        .collect()
}

/// The followed feeds, one a line, cut to fit one embed.
fn feed_list(followed: &[FollowedFeed], l: Locale) -> Message {
    if followed.is_empty() {
        return embed::notice_in(l, "notice_feeds", "feeds_none", &feed_words(l));
    }
    let mut text = String::new();
    for (i, f) in followed.iter().enumerate() {
        let name = f
            .name
            .as_deref()
            .map(|n| format!("{n}: "))
            .unwrap_or_default();
        let mut line = l.phrase(
            "feed_line",
            &[
                ("name", &name),
                ("url", &f.url),
                ("by", &f.added_by),
                ("at", &f.added_at),
            ],
        );
        line.push('\n');
        if text.chars().count() + line.chars().count() > 3800 {
            let more = (followed.len() - i).to_string();
            text.push_str(&l.phrase("feeds_more", &[("n", &more)]));
            break;
        }
        text.push_str(&line);
    }
    let n = followed.len().to_string();
    embed::notice(
        &l.phrase("notice_feeds_followed", &[("n", &n)]),
        text.trim_end(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_list_is_said_in_the_moderators_locale() {
        let none = feed_list(&[], Locale::German);
        assert_eq!(none.embeds[0].title, "Feeds");
        assert_eq!(
            none.embeds[0].description.as_deref(),
            Some("Keinem Feed wird gefolgt. Einen hinzufügen: /feeds hinzufügen.")
        );
        let feed = FollowedFeed {
            url: "https://example.org/rss.xml".into(),
            name: Some("Example".into()),
            added_by: "alice".into(),
            added_at: "2026-12-02T10:00:00Z".into(),
        };
        let list = feed_list(&[feed], Locale::French);
        assert_eq!(list.embeds[0].title, "Flux suivis : 1");
        let d = list.embeds[0].description.as_deref().unwrap_or_default();
        assert!(d.contains("(ajouté par alice, 2026"), "{d}");
        assert_eq!(
            feed_list(&[], Locale::English).embeds[0]
                .description
                .as_deref(),
            Some("No feeds are followed. Add one with /feeds add.")
        );
    }
}
