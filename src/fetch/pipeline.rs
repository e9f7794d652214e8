//! An article's journey from the web into the store: fetch → readable text (`web::page`) →
//! statements (`ingest::prepare`), handed to the store (`store::ArticleStore::add_article`, which
//! refuses a URL or text already stored); and the watcher's poll of every followed feed
//! (`poll_once`). The command line, `/ingest` and the watcher call these.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::{FetchError, Fetched, Fetcher, Validators};
use super::{FEED_ARTICLES, FEED_POLLS};
use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::ingest::{prepare, IngestError, Metadata, Prepared};
use crate::model::Article;
use crate::store::{url_key, Added, Registry, Store, StoredArticle};
use crate::web::feed::{read_feed, FeedError};
use crate::web::feeds::{self, FeedMemory};
use crate::web::page::{read_page, NotArticle, Page};

/// Why an article could not be added; the message follows the URL or file on one line.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    NotArticle(#[from] NotArticle),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Data(#[from] DataError),
}

impl ArticleError {
    /// A failure that may go away by itself (worth trying again at the next poll).
    pub fn is_transient(&self) -> bool {
        match self {
            ArticleError::Fetch(e) => match e {
                FetchError::Timeout
                | FetchError::Connect(_)
                | FetchError::NotResolved(_)
                | FetchError::RateLimited(_)
                | FetchError::RobotsUnavailable(_)
                | FetchError::Other(_) => true,
                FetchError::Status(s) => s.starts_with('5') || s.starts_with("429"),
                _ => false,
            },
            ArticleError::Data(_) => true,
            _ => false,
        }
    }
}

/// A response's declared type that cannot be an article page.
pub fn check_content_type(content_type: Option<&str>) -> Result<(), NotArticle> {
    let Some(ct) = content_type else {
        return Ok(());
    };
    let ct = ct
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if ct == "application/pdf" {
        Err(NotArticle::Pdf)
    } else if ct.starts_with("video/") {
        Err(NotArticle::Video)
    } else if ct.starts_with("image/")
        || ct.starts_with("audio/")
        || ct == "application/octet-stream"
        || ct == "application/zip"
    {
        Err(NotArticle::Binary)
    } else {
        Ok(())
    }
}

/// Fetches a page and reads the article in it; the canonical URL (or where the page was found)
/// is in `meta.url`.
pub async fn fetch_article(fetcher: &Fetcher, url: &str) -> Result<Page, ArticleError> {
    match fetcher.get(url, None).await? {
        Fetched::Page(resp) => {
            check_content_type(resp.content_type.as_deref())?;
            Ok(read_page(&resp.body, Some(&resp.url))?)
        }
        // Not asked for (no validators were sent); a server that answers 304 anyway sent no page.
        Fetched::NotModified => Err(FetchError::Status("304 Not Modified".into()).into()),
    }
}

/// Statements of a page, ready to store: page metadata overlaid by `over` (flags win).
pub fn prepare_page(
    page: Page,
    over: Metadata,
    gazetteer: &Gazetteer,
    store: &Store,
) -> Result<Prepared, IngestError> {
    let meta = page.meta.overlay(over);
    prepare(&page.text, meta, "", gazetteer, store)
}

/// One error of a poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PollError {
    pub url: String,
    pub error: String,
}

/// What one poll of every feed did (`watch --once --json` prints it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PollSummary {
    /// Feeds polled (a feed backing off after failures is not).
    pub feeds: usize,
    pub new_articles: usize,
    pub statements: usize,
    pub errors: Vec<PollError>,
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Polls every followed feed once: new items' pages are fetched, read and stored, each with its
/// feed's memory under the writers' lock, so a watcher killed at any moment repeats no article
/// (the store's URL and text check) and loses none (an item is marked seen only with its
/// article, and the feed's validators are kept only after all its items).
/// `progress` hears of each article stored or failed.
pub async fn poll_once(
    fetcher: &Fetcher,
    dir: &Path,
    gazetteer: &Gazetteer,
    interval_secs: u64,
    progress: &mut (dyn FnMut(&str) + Send),
) -> Result<PollSummary, DataError> {
    let mut summary = PollSummary::default();
    let registry = crate::store::registry(dir);
    let update_memory = |url: &str, change: &mut (dyn FnMut(&mut FeedMemory) + Send)| {
        off_runtime(|| registry.update_memory(url, change))
    };
    let state = off_runtime(|| registry.feed_state())?;
    // The stored articles, read once a poll and kept up to date with what it adds (storing
    // still checks the folder itself, under the lock, for what other writers added).
    let mut known = off_runtime(|| crate::store::open(dir).article_list())?;
    for feed in off_runtime(|| registry.feeds())? {
        let now = unix_now();
        if !state.due(&feed.url, now) {
            continue;
        }
        summary.feeds += 1;
        let memory = state.feeds.get(&feed.url).cloned().unwrap_or_default();
        let validators = Validators {
            etag: memory.etag.clone(),
            last_modified: memory.last_modified.clone(),
        };
        let mut fail = |summary: &mut PollSummary, error: String| -> Result<(), DataError> {
            progress(&format!("{}: {error}", feed.url));
            summary.errors.push(PollError {
                url: feed.url.clone(),
                error: error.clone(),
            });
            update_memory(&feed.url, &mut |m| {
                m.failed(error.clone(), now, interval_secs)
            })
        };
        let polled = |outcome: &'static str| {
            metrics::counter!(FEED_POLLS, "outcome" => outcome).increment(1);
        };
        let resp = match fetcher.get(&feed.url, Some(&validators)).await {
            Ok(Fetched::Page(resp)) => resp,
            Ok(Fetched::NotModified) => {
                polled("not_modified");
                update_memory(&feed.url, &mut |m| m.succeeded())?;
                continue;
            }
            Err(e) => {
                polled("error");
                fail(&mut summary, e.to_string())?;
                continue;
            }
        };
        let items = match read_feed(&resp.body, Some(&resp.url)) {
            Ok(f) => f.items,
            Err(FeedError::Unreadable(e)) => {
                polled("not_a_feed");
                fail(
                    &mut summary,
                    format!("not a feed (RSS, Atom or JSON Feed): {e}"),
                )?;
                continue;
            }
        };
        polled("ok");
        let keys: BTreeSet<String> = items.iter().map(|i| i.key.clone()).collect();
        // Oldest first, as most feeds list the newest first.
        for item in items.iter().rev() {
            if memory.seen.contains(&item.key) {
                continue;
            }
            let Some(link) = item.link.clone() else {
                update_memory(&feed.url, &mut |m| m.item_seen(&item.key))?;
                continue;
            };
            let result = poll_item(
                fetcher, &*registry, gazetteer, &mut known, &feed.url, &item.key, &link, item,
            )
            .await;
            let outcome = match &result {
                Ok(Some(_)) => "added",
                Ok(None) => "already_stored",
                Err(_) => "failed",
            };
            metrics::counter!(FEED_ARTICLES, "outcome" => outcome).increment(1);
            match result {
                Ok(Some(n)) => {
                    summary.new_articles += 1;
                    summary.statements += n;
                    progress(&format!("{link}: {n} statements added"));
                }
                Ok(None) => {}
                Err(e) => {
                    let transient = e.is_transient();
                    let error = e.to_string();
                    progress(&format!("{link}: {error}"));
                    summary.errors.push(PollError {
                        url: link.clone(),
                        error,
                    });
                    update_memory(&feed.url, &mut |m| {
                        let tries = m.item_failures.entry(item.key.clone()).or_default();
                        *tries += 1;
                        if !transient || *tries >= feeds::ITEM_TRIES {
                            m.item_failures.remove(&item.key);
                            m.seen.insert(item.key.clone());
                        }
                    })?;
                }
            }
        }
        update_memory(&feed.url, &mut |m| {
            m.etag = resp.validators.etag.clone();
            m.last_modified = resp.validators.last_modified.clone();
            m.succeeded();
            m.forget_all_but(&keys);
        })?;
    }
    Ok(summary)
}

/// One new item: its page fetched, read and stored with the feed's memory of it. Some(n) when
/// an article with n statements was added, None when it was stored already.
#[allow(clippy::too_many_arguments)]
async fn poll_item(
    fetcher: &Fetcher,
    registry: &(dyn Registry + Send + Sync),
    gazetteer: &Gazetteer,
    known: &mut Store,
    feed_url: &str,
    key: &str,
    link: &str,
    item: &crate::web::feed::FeedItem,
) -> Result<Option<usize>, ArticleError> {
    let key_of_link = url_key(link);
    let stored = known
        .articles
        .iter()
        .any(|a| a.meta.url.as_deref().map(url_key).as_deref() == Some(key_of_link.as_str()));
    if stored {
        off_runtime(|| registry.update_memory(feed_url, &mut |m| m.item_seen(key)))?;
        return Ok(None);
    }
    let page = fetch_article(fetcher, link).await?;
    let from_feed = Metadata {
        title: item.title.clone(),
        published: item.published.clone(),
        ..Metadata::default()
    };
    // The page's own metadata wins over the feed's.
    let meta = from_feed.overlay(page.meta.clone());
    let prepared = prepare(&page.text, meta, "", gazetteer, known)?;
    // The article and the item's memory in one step (one lock hold, or one transaction).
    let outcome = off_runtime(|| {
        registry.add_feed_article(
            feed_url,
            key,
            prepared.article.clone(),
            &prepared.body,
            prepared.statements.clone(),
        )
    })?;
    Ok(match outcome {
        Added::New(id) => {
            known.articles.push(StoredArticle {
                meta: Article {
                    id,
                    ..prepared.article
                },
                body: String::new(),
            });
            Some(prepared.statements.len())
        }
        Added::Duplicate(_) => None,
    })
}

/// Runs a call to the store on a thread of its own: the poll runs inside an async runtime's
/// `block_on`, where the database's blocking client cannot wait (it runs a runtime of its own).
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| match scope.spawn(f).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Discord shell will run these on its multi-threaded runtime: their futures must be Send.
    #[test]
    fn the_edge_futures_can_be_spawned() {
        fn spawnable<T: Send>(_: &T) {}
        let fetcher = Fetcher::new(super::super::Settings::default()).unwrap();
        let article = fetch_article(&fetcher, "https://example.org/");
        spawnable(&article);
        let gazetteer =
            Gazetteer::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))).unwrap();
        let mut progress = |_: &str| {};
        let poll = poll_once(&fetcher, Path::new("data"), &gazetteer, 600, &mut progress);
        spawnable(&poll);
        fn shared<T: Send + Sync>() {}
        shared::<Fetcher>();
    }

    #[test]
    fn content_types_that_are_not_pages() {
        assert_eq!(
            check_content_type(Some("application/pdf")),
            Err(NotArticle::Pdf)
        );
        assert_eq!(
            check_content_type(Some("image/png")),
            Err(NotArticle::Binary)
        );
        assert_eq!(
            check_content_type(Some("video/mp4")),
            Err(NotArticle::Video)
        );
        assert!(check_content_type(Some("text/html; charset=utf-8")).is_ok());
        assert!(check_content_type(None).is_ok());
    }
}
