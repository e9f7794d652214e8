//! The store's operations as one seam: adding an article (with the duplicate URL and text checks),
//! retracting and restoring a statement, the changes since an index was built, and reading
//! everything for a build. A trait, `ArticleStore`, rather than an enum of backends: each backend
//! (the folder on disk, `Files`, here; a database next) lives in its own module, and the same
//! tests run against each. Every route that stores an article calls `add_article`.

use std::path::{Path, PathBuf};

use super::diff::{diff, Indexed, Look, Stamps, StoreDiff};
use super::retract::{restore, retract, RetractError, Retraction};
use super::write::{claim_free_id, lock, stored_articles, write_article, WriteLock, LOCK_FILE};
use super::{Store, StoredArticle, ARTICLES_DIR};
use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::model::{Article, Statement};

/// What adding an article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Written under this article id (the one asked for, or the first free one after it).
    New(String),
    /// An article with the same canonical URL or the same text is stored under this id; nothing
    /// was written.
    Duplicate(String),
}

/// The operations every store backend offers; nothing above the store needs more.
pub trait ArticleStore {
    /// Adds an article and its statements, atomically, unless one with the same canonical URL
    /// (`url_key`) or the same text is stored (even by another process a moment ago).
    fn add_article(
        &self,
        article: Article,
        body: &str,
        statements: Vec<Statement>,
    ) -> Result<Added, DataError>;

    /// The stored articles' metadata, without their statements.
    fn articles(&self) -> Result<Vec<Article>, DataError>;

    /// Takes a statement out of the answers, keeping who, when and why.
    fn retract(&self, gazetteer: &Gazetteer, retraction: Retraction) -> Result<(), RetractError>;

    /// Puts a retracted statement back in the answers; returns the retraction undone.
    fn restore(&self, gazetteer: &Gazetteer, id: &str) -> Result<Retraction, RetractError>;

    /// What changed since `before` (the stamps the index was built or last compared with).
    fn changes(
        &self,
        gazetteer: &Gazetteer,
        index: &dyn Indexed,
        before: &Stamps,
        look: Look,
    ) -> StoreDiff;

    /// Everything, for a build: every article with its text, every statement, the retractions.
    fn load(&self, gazetteer: &Gazetteer) -> Result<Store, DataError>;

    /// The stored articles' metadata as a store without statements or texts: enough for
    /// `ingest::prepare` to pick a free id and see a duplicate text.
    fn article_list(&self) -> Result<Store, DataError> {
        Ok(Store {
            articles: self
                .articles()?
                .into_iter()
                .map(|meta| StoredArticle {
                    meta,
                    body: String::new(),
                })
                .collect(),
            ..Store::default()
        })
    }

    /// The id of the stored article with this URL (compared by `url_key`), if any: a link
    /// already stored need not be fetched again.
    fn stored_with_url(&self, url: &str) -> Result<Option<String>, DataError> {
        let key = url_key(url);
        Ok(self
            .articles()?
            .into_iter()
            .find(|a| a.url.as_deref().map(url_key).as_deref() == Some(key.as_str()))
            .map(|a| a.id))
    }
}

/// The form of a URL two articles are compared by: no fragment, no trailing slash, host in
/// lower case, http and https alike.
pub fn url_key(u: &str) -> String {
    match url::Url::parse(u.trim()) {
        Ok(mut parsed) => {
            parsed.set_fragment(None);
            let s = parsed.to_string();
            let s = s
                .strip_prefix("https://")
                .or_else(|| s.strip_prefix("http://"))
                .unwrap_or(&s);
            s.trim_end_matches('/').to_string()
        }
        Err(_) => u.trim().to_string(),
    }
}

/// The stored article with this URL or this text, if any.
pub fn find_duplicate<'a>(stored: &'a [Article], article: &Article) -> Option<&'a Article> {
    let key = article.url.as_deref().map(url_key);
    stored.iter().find(|a| {
        a.fingerprint == article.fingerprint
            || (key.is_some() && a.url.as_deref().map(url_key) == key)
    })
}

/// The store as a folder of files (`data/`): one folder per article, written atomically under
/// the writers' lock across processes.
#[derive(Debug, Clone)]
pub struct Files {
    dir: PathBuf,
}

impl Files {
    pub fn new(dir: impl Into<PathBuf>) -> Files {
        Files { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Takes the writers' lock, for a caller that writes more files in the same hold (the feed
    /// poller marks an item seen with its article).
    pub fn lock(&self) -> Result<WriteLock, DataError> {
        lock(&self.dir).map_err(|e| {
            DataError::file(
                &self.dir.join(LOCK_FILE),
                format!("cannot lock the store: {e}"),
            )
        })
    }

    /// `add_article` for a caller that holds the writers' lock already.
    pub fn add_article_locked(
        &self,
        _held: &WriteLock,
        mut article: Article,
        body: &str,
        mut statements: Vec<Statement>,
    ) -> Result<Added, DataError> {
        let stored = stored_articles(&self.dir)?;
        if let Some(a) = find_duplicate(&stored, &article) {
            return Ok(Added::Duplicate(a.id.clone()));
        }
        claim_free_id(&stored, &mut article, &mut statements);
        write_article(&self.dir, &article, body, &statements).map_err(|e| {
            DataError::file(
                &self.dir.join(ARTICLES_DIR).join(&article.id),
                format!("cannot write: {e}"),
            )
        })?;
        Ok(Added::New(article.id))
    }
}

impl ArticleStore for Files {
    fn add_article(
        &self,
        article: Article,
        body: &str,
        statements: Vec<Statement>,
    ) -> Result<Added, DataError> {
        let held = self.lock()?;
        self.add_article_locked(&held, article, body, statements)
    }

    fn articles(&self) -> Result<Vec<Article>, DataError> {
        stored_articles(&self.dir)
    }

    fn retract(&self, gazetteer: &Gazetteer, retraction: Retraction) -> Result<(), RetractError> {
        retract(&self.dir, gazetteer, retraction)
    }

    fn restore(&self, gazetteer: &Gazetteer, id: &str) -> Result<Retraction, RetractError> {
        restore(&self.dir, gazetteer, id)
    }

    fn changes(
        &self,
        gazetteer: &Gazetteer,
        index: &dyn Indexed,
        before: &Stamps,
        look: Look,
    ) -> StoreDiff {
        diff(&self.dir, gazetteer, index, before, look)
    }

    fn load(&self, gazetteer: &Gazetteer) -> Result<Store, DataError> {
        Store::load(&self.dir, gazetteer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fingerprint;

    fn article(id: &str, url: &str, body: &str) -> Article {
        Article {
            id: id.to_string(),
            title: Some(id.to_string()),
            publisher: None,
            url: Some(url.to_string()),
            published: None,
            language: None,
            fingerprint: fingerprint(body),
        }
    }

    /// The checks every backend must keep; a second backend runs the same.
    fn refuses_what_is_stored(store: &dyn ArticleStore) {
        let new = |id: &str| Added::New(id.to_string());
        let duplicate_of_a = Added::Duplicate("a".to_string());
        let steps = [
            ("a", "https://example.org/a", "First text.", new("a")),
            // The same URL, written another way: refused whatever the text.
            (
                "b",
                "http://Example.org/a/#top",
                "Other text.",
                duplicate_of_a.clone(),
            ),
            // The same text under another URL: refused.
            ("c", "https://example.org/c", "First text.", duplicate_of_a),
            // A new article asking for a taken id gets the next free one.
            ("a", "https://example.org/d", "Third text.", new("a-2")),
        ];
        for (id, url, body, expected) in steps {
            let added = store.add_article(article(id, url, body), body, Vec::new());
            assert_eq!(added.expect("add"), expected, "{id} {url}");
        }
        assert_eq!(
            store
                .stored_with_url("https://example.org/a/")
                .expect("read"),
            Some("a".to_string())
        );
        assert_eq!(store.article_list().expect("read").articles.len(), 2);
    }

    #[test]
    fn the_files_refuse_a_stored_url_or_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        refuses_what_is_stored(&Files::new(dir.path()));
    }

    #[test]
    fn urls_compare_without_scheme_fragment_or_trailing_slash() {
        assert_eq!(
            url_key("https://Example.org/a/#top"),
            url_key("http://example.org/a")
        );
        assert_ne!(
            url_key("https://example.org/a"),
            url_key("https://example.org/b")
        );
    }
}
