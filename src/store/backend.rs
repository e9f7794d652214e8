//! The store's operations as one seam: adding an article (with the duplicate URL and text checks),
//! retracting and restoring a statement, the changes since an index was built, and reading
//! everything for a build. A trait, `ArticleStore`, rather than an enum of backends: each backend
//! (the folder on disk, `Files`, here; a database next) lives in its own module, and the same
//! tests run against each. Every route that stores an article calls `add_article`.

use std::path::{Path, PathBuf};

use super::diff::{diff, read_new_article, Indexed, Look, NewArticle, Stamps, StoreDiff};
use super::retract::{restore, retract, RetractError, Retraction};
use super::write::{claim_free_id, lock, stored_articles, write_article, WriteLock, LOCK_FILE};
use super::{Counts, Store, StoredArticle, ARTICLES_DIR};
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

    /// Like `load`, but the articles' bodies may be left empty: the index needs none.
    fn load_for_index(&self, gazetteer: &Gazetteer) -> Result<Store, DataError> {
        self.load(gazetteer)
    }

    /// What the store looks like now, for `changes` to compare with later: taken before a build,
    /// so that a write made while building is seen by the next look.
    fn stamps(&self) -> Stamps;

    /// A cheap number that changes when the store does (polled by a serving process).
    fn signature(&self) -> u64;

    /// Validates what `load` does, plus that every statement's text stands in its article.
    fn check(&self, gazetteer: &Gazetteer) -> Result<Counts, DataError>;

    /// One stored article as the index takes it (every record checked; a statement id the
    /// index holds is refused), for a writer in this process to hand its new article on.
    fn new_article(
        &self,
        gazetteer: &Gazetteer,
        id: &str,
        index: &dyn Indexed,
    ) -> Result<NewArticle, DataError>;

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

    fn load_for_index(&self, gazetteer: &Gazetteer) -> Result<Store, DataError> {
        Store::load_without_bodies(&self.dir, gazetteer)
    }

    fn stamps(&self) -> Stamps {
        Stamps::take(&self.dir)
    }

    fn signature(&self) -> u64 {
        super::signature(&self.dir)
    }

    fn check(&self, gazetteer: &Gazetteer) -> Result<Counts, DataError> {
        Store::check(&self.dir, gazetteer)
    }

    fn new_article(
        &self,
        gazetteer: &Gazetteer,
        id: &str,
        index: &dyn Indexed,
    ) -> Result<NewArticle, DataError> {
        read_new_article(&self.dir, id, gazetteer, index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
