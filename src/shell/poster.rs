//! The follows and the poster: reads and writes the follows and the delivery cursor through the
//! store's registry (files under the writers' lock, or tables), and posts each new article's
//! statements to the channels that follow their side. The decisions are `crate::follow_rules`'s; this is the loop.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use super::live::LiveIndex;
use super::payload;
use super::rest::{Rest, RestError};
use crate::follow_rules::{self, Cursor, Follow, Pause};
use crate::model::{Article, Statement};
use crate::store;

/// How often the poster looks at the index when no change wakes it (a change wakes it at once:
/// one is applied within milliseconds of landing on disk).
const TICK: Duration = Duration::from_secs(1);
/// How long the poster waits after a failure it cannot blame on a channel (Discord down).
const BACKOFF: Duration = Duration::from_secs(5);

/// The follows of the store of `dir` (in the folder, or in the database when there is one).
pub fn read_follows(dir: &Path) -> anyhow::Result<Vec<Follow>> {
    Ok(store::registry(dir).follows()?)
}

/// Changes the follows under the writers' lock: reads them, lets `change` edit them, and
/// writes them when they changed. Blocks while another writer holds the lock.
pub fn change_follows<R>(
    dir: &Path,
    change: impl FnOnce(&mut Vec<Follow>) -> R,
) -> anyhow::Result<R> {
    Ok(store::change_follows(&*store::registry(dir), change)?)
}

fn read_cursor(dir: &Path) -> anyhow::Result<Option<Cursor>> {
    Ok(store::registry(dir).cursor()?)
}

fn write_cursor(dir: &Path, cursor: &Cursor) -> anyhow::Result<()> {
    Ok(store::registry(dir).save_cursor(cursor)?)
}

/// Runs a blocking file task off the async threads.
async fn blocking<R: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<R> + Send + 'static,
) -> anyhow::Result<R> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| anyhow::anyhow!("file task failed: {e}"))?
}

/// Makes sure the cursor exists: on the very first start, every article already stored counts
/// as dealt with (only what lands from now on is news). Called before the gateway connects, so
/// an article added while the bot was connecting is still new.
pub async fn start_cursor(live: &LiveIndex) -> anyhow::Result<()> {
    let dir = live.data().to_path_buf();
    let articles = article_ids(live);
    blocking(move || {
        if read_cursor(&dir)?.is_none() {
            let cursor = Cursor::starting_at(articles.iter().map(String::as_str));
            write_cursor(&dir, &cursor)?;
            tracing::info!(articles = cursor.seen.len(), "follow cursor started");
        }
        Ok(())
    })
    .await
}

/// Posts new statements to the channels that follow them, until the process ends. Runs in the
/// one gateway process that holds shard 0, so two processes never post the same article.
pub async fn run(live: Arc<LiveIndex>, rest: Rest) {
    // The index's generation dealt with: every change, in place or whole, moves it on.
    let mut done: Option<u64> = None;
    let mut last_error: Option<String> = None;
    let mut changes = live.changes();
    loop {
        let generation = live.generation();
        if done != Some(generation) {
            match deliver(&live, &rest).await {
                Ok(()) => {
                    done = Some(generation);
                    last_error = None;
                }
                Err(e) => {
                    let text = format!("{e:#}");
                    if last_error.as_deref() != Some(text.as_str()) {
                        tracing::error!(error = %text, "posting to followers failed; trying again");
                        last_error = Some(text);
                    }
                    tokio::time::sleep(BACKOFF).await;
                    continue;
                }
            }
        }
        tokio::select! {
            _ = changes.changed() => {}
            () = tokio::time::sleep(TICK) => {}
        }
    }
}

/// The ids of the indexed articles.
fn article_ids(live: &LiveIndex) -> Vec<String> {
    live.read()
        .articles()
        .iter()
        .map(|a| a.id.clone())
        .collect()
}

/// The articles of the index the cursor has not seen, oldest first, with their statements:
/// copied out, so that posting (which waits on Discord) holds no lock on the index. A statement
/// is posted once: a printing of one an article seen before prints is left out, and of one that
/// several new articles print, only the first's.
fn unseen(live: &LiveIndex, cursor: &Cursor) -> Vec<(Article, Vec<Statement>)> {
    let index = live.read();
    let mut fresh: Vec<(Article, Vec<Statement>)> = cursor
        .fresh(index.articles())
        .into_iter()
        .map(|a| (a.clone(), Vec::new()))
        .collect();
    if fresh.is_empty() {
        return fresh;
    }
    fresh.sort_by(|(a, _), (b, _)| (&a.published, &a.id).cmp(&(&b.published, &b.id)));
    let new: std::collections::HashSet<String> = fresh.iter().map(|(a, _)| a.id.clone()).collect();
    let mut taken = std::collections::HashSet::new();
    for (article, statements) in &mut fresh {
        for (id, s) in index.statements_of(&article.id) {
            let printings = index.printings(id);
            let seen_before = printings
                .iter()
                .any(|&p| !new.contains(&index.article_of(p).id));
            if !seen_before && taken.insert(printings[0]) {
                statements.push(s.clone());
            }
        }
    }
    fresh
}

/// Posts every article of the index the cursor has not seen to each follow that wants some of
/// its statements, recording each post in the cursor as it is made.
async fn deliver(live: &LiveIndex, rest: &Rest) -> anyhow::Result<()> {
    let dir = live.data();
    let d = dir.to_path_buf();
    let Some(mut cursor) = blocking(move || read_cursor(&d)).await? else {
        return start_cursor_at(dir, &article_ids(live)).await;
    };
    let fresh = unseen(live, &cursor);
    if fresh.is_empty() {
        return Ok(());
    }
    let d = dir.to_path_buf();
    let mut follows: Vec<Follow> = blocking(move || read_follows(&d))
        .await?
        .into_iter()
        .filter(|f| f.paused.is_none())
        .collect();
    for (article, statements) in &fresh {
        let statements: Vec<&Statement> = statements.iter().collect();
        let mut refused = Vec::new();
        for f in &follows {
            let key = f.key();
            if cursor.posted(&article.id, &key) {
                continue;
            }
            let Some(message) = follow_rules::post(f, article, &statements) else {
                continue;
            };
            let body = payload::channel_post(&message, &nonce(&key, &article.id));
            let path = format!("/channels/{}/messages", f.channel);
            match rest.send(Method::POST, &path, Some(&body)).await {
                Ok(_) => {
                    tracing::info!(channel = f.channel, side = %f.side, article = %article.id, "posted to a follow");
                    cursor.mark_posted(&article.id, &key);
                    save(dir, &cursor).await?;
                }
                Err(RestError::Status { status, .. })
                    if status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND =>
                {
                    pause(dir, f, status).await?;
                    refused.push(key);
                }
                Err(e) => return Err(e.into()),
            }
        }
        follows.retain(|f| !refused.contains(&f.key()));
        cursor.finish(&article.id);
        save(dir, &cursor).await?;
    }
    Ok(())
}

async fn start_cursor_at(dir: &Path, articles: &[String]) -> anyhow::Result<()> {
    let cursor = Cursor::starting_at(articles.iter().map(String::as_str));
    save(dir, &cursor).await
}

async fn save(dir: &Path, cursor: &Cursor) -> anyhow::Result<()> {
    let (d, c) = (dir.to_path_buf(), cursor.clone());
    blocking(move || write_cursor(&d, &c)).await
}

/// Pauses a follow whose channel refused a post, and says so once in the log.
async fn pause(dir: &Path, f: &Follow, status: StatusCode) -> anyhow::Result<()> {
    let reason = match status {
        StatusCode::NOT_FOUND => "the channel is gone (404)".to_string(),
        _ => "the bot may not post in the channel (403)".to_string(),
    };
    tracing::warn!(
        channel = f.channel,
        guild = f.guild,
        side = %f.side,
        topic = ?f.topic,
        reason = %reason,
        "follow paused: its channel refused a post; /follow again in that channel resumes it"
    );
    let (d, key) = (dir.to_path_buf(), f.key());
    let pause = Pause {
        at: serenity::model::Timestamp::now().to_string(),
        reason,
    };
    blocking(move || change_follows(&d, |all| follow_rules::pause(all, &key, pause))).await?;
    Ok(())
}

/// A nonce Discord uses to drop a repeated post (within a few minutes): at most 25 characters.
fn nonce(follow_key: &str, article: &str) -> String {
    format!("f{:016x}", crate::model::fnv64(&[follow_key, article]))
}
