//! What the bot keeps besides the articles, behind the same kind of seam as the store: the feeds
//! it follows and the watcher's memory of each, the channels' follows and the poster's cursor,
//! and the people a Wikidata refresh wrote. `Files` keeps them in the data folder (as before),
//! `Postgres` in tables; `copy` moves them from one to the other. The people learned from the
//! articles are derived from the store; a database also keeps them in a table, for whoever
//! reads it (`save_learned_people`).

use std::path::{Path, PathBuf};

use super::backend::{Added, Files};
use crate::entities::{WikidataPeople, WIKIDATA_PEOPLE_FILE};
use crate::error::DataError;
use crate::follow_rules::{self, Cursor, Follow, CURSOR_FILE, FOLLOWS_FILE};
use crate::model::{Article, Statement};
use crate::people::Learned;
use crate::web::feeds::{self, FeedMemory, FeedState, FollowedFeed};

/// The Wikidata people as stored: where (for messages) and the document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikidataText {
    pub place: PathBuf,
    pub text: String,
}

/// The operations on the feeds, follows and refreshed people every backend offers.
pub trait Registry {
    /// The followed feeds, in the order they were added.
    fn feeds(&self) -> Result<Vec<FollowedFeed>, DataError>;

    /// Follows a feed; false when its URL is followed already.
    fn add_feed(&self, feed: FollowedFeed) -> Result<bool, DataError>;

    /// Stops following a feed and forgets the watcher's memory of it; false when it was not
    /// followed.
    fn remove_feed(&self, url: &str) -> Result<bool, DataError>;

    /// The watcher's memory of every feed.
    fn feed_state(&self) -> Result<FeedState, DataError>;

    /// Changes one feed's memory (read and written under the writers' lock, so another
    /// watcher's change in between is kept).
    fn update_memory(
        &self,
        url: &str,
        change: &mut (dyn FnMut(&mut FeedMemory) + Send),
    ) -> Result<(), DataError>;

    /// Stores an article a feed listed and marks the item seen, in one step: a watcher killed
    /// at any moment repeats no article and loses none.
    fn add_feed_article(
        &self,
        feed: &str,
        item: &str,
        article: Article,
        body: &str,
        statements: Vec<Statement>,
    ) -> Result<Added, DataError>;

    /// The follows, in the order they were set up.
    fn follows(&self) -> Result<Vec<Follow>, DataError>;

    /// Changes the follows under the writers' lock; they are written only when they changed.
    fn change_follows(&self, change: &mut dyn FnMut(&mut Vec<Follow>)) -> Result<(), DataError>;

    /// What the poster has delivered (none before its first start).
    fn cursor(&self) -> Result<Option<Cursor>, DataError>;

    fn save_cursor(&self, cursor: &Cursor) -> Result<(), DataError>;

    /// The people the last Wikidata refresh or import wrote, if any.
    fn wikidata_people(&self) -> Result<Option<WikidataText>, DataError>;

    /// Replaces the Wikidata people; returns where they were written, for the summary.
    fn save_wikidata_people(&self, people: &WikidataPeople) -> Result<String, DataError>;

    /// Keeps what the store teaches (`people::learn`, from the store as it was at change `seq`
    /// of the change log) where a person can read it: the database's tables, replaced whole,
    /// unless they reflect a later change already. True when written. A data folder keeps
    /// nothing: there the people are derived from the articles whenever they are read.
    fn save_learned_people(&self, _learned: &Learned, _seq: u64) -> Result<bool, DataError> {
        Ok(false)
    }

    /// The people last kept by `save_learned_people`, with the change they reflect (none in a
    /// data folder, or before the first write).
    fn learned_people(&self) -> Result<Option<(Learned, u64)>, DataError> {
        Ok(None)
    }
}

/// `Registry::change_follows` with a result: what `change` returned.
pub fn change_follows<R>(
    registry: &dyn Registry,
    change: impl FnOnce(&mut Vec<Follow>) -> R,
) -> Result<R, DataError> {
    let mut change = Some(change);
    let mut out = None;
    registry.change_follows(&mut |follows| {
        if let Some(f) = change.take() {
            out = Some(f(follows));
        }
    })?;
    out.ok_or_else(|| DataError::database("the follows were not read"))
}

/// What `copy` added to the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Copied {
    pub feeds: usize,
    pub follows: usize,
    /// The poster's cursor and the Wikidata people, when the target had none.
    pub cursor: bool,
    pub wikidata: bool,
}

/// Copies what the target lacks: feeds (with the watcher's memory of each, when the target has
/// none), follows (by channel, side and topic), the cursor and the Wikidata people when it has
/// none. Idempotent: a second run adds nothing.
pub fn copy(from: &dyn Registry, to: &dyn Registry) -> Result<Copied, DataError> {
    let mut copied = Copied::default();
    let state = from.feed_state()?;
    let known = to.feed_state()?;
    for feed in from.feeds()? {
        let url = feed.url.clone();
        if to.add_feed(feed)? {
            copied.feeds += 1;
        }
        if let (Some(memory), false) = (state.feeds.get(&url), known.feeds.contains_key(&url)) {
            to.update_memory(&url, &mut |m| *m = memory.clone())?;
        }
    }
    let wanted = from.follows()?;
    copied.follows = change_follows(to, |all| {
        let mut added = 0;
        for f in &wanted {
            if !all.iter().any(|g| g.key() == f.key()) {
                all.push(f.clone());
                added += 1;
            }
        }
        added
    })?;
    if to.cursor()?.is_none() {
        if let Some(cursor) = from.cursor()? {
            to.save_cursor(&cursor)?;
            copied.cursor = true;
        }
    }
    if to.wikidata_people()?.is_none() {
        if let Some(people) = from.wikidata_people()? {
            let parsed = crate::entities::parse_wikidata_people(&people.place, &people.text)?;
            to.save_wikidata_people(&parsed)?;
            copied.wikidata = true;
        }
    }
    Ok(copied)
}

fn lock_error(dir: &Path, e: std::io::Error) -> DataError {
    DataError::file(
        &dir.join(super::LOCK_FILE),
        format!("cannot lock the store: {e}"),
    )
}

fn read_text(path: &Path) -> Result<Option<String>, DataError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(DataError::file(path, format!("cannot read: {e}"))),
    }
}

fn replace(path: &Path, bytes: &[u8]) -> Result<(), DataError> {
    super::replace_file(path, bytes)
        .map_err(|e| DataError::file(path, format!("cannot write: {e}")))
}

impl Files {
    fn read_follows(&self) -> Result<Vec<Follow>, DataError> {
        let path = self.dir().join(FOLLOWS_FILE);
        match read_text(&path)? {
            Some(text) => {
                follow_rules::parse(&text).map_err(|e| DataError::line(&path, e.line, e.message))
            }
            None => Ok(Vec::new()),
        }
    }
}

impl Registry for Files {
    fn feeds(&self) -> Result<Vec<FollowedFeed>, DataError> {
        feeds::read_feeds(self.dir())
    }

    fn add_feed(&self, feed: FollowedFeed) -> Result<bool, DataError> {
        feeds::add_feed(self.dir(), feed)
    }

    fn remove_feed(&self, url: &str) -> Result<bool, DataError> {
        feeds::remove_feed(self.dir(), url)
    }

    fn feed_state(&self) -> Result<FeedState, DataError> {
        feeds::read_state(self.dir())
    }

    fn update_memory(
        &self,
        url: &str,
        change: &mut (dyn FnMut(&mut FeedMemory) + Send),
    ) -> Result<(), DataError> {
        feeds::update_memory(self.dir(), url, change)
    }

    fn add_feed_article(
        &self,
        feed: &str,
        item: &str,
        article: Article,
        body: &str,
        statements: Vec<Statement>,
    ) -> Result<Added, DataError> {
        let held = self.lock()?;
        let added = self.add_article_locked(&held, article, body, statements)?;
        feeds::update_memory_locked(self.dir(), feed, |m| m.item_seen(item))?;
        Ok(added)
    }

    fn follows(&self) -> Result<Vec<Follow>, DataError> {
        self.read_follows()
    }

    fn change_follows(&self, change: &mut dyn FnMut(&mut Vec<Follow>)) -> Result<(), DataError> {
        let dir = self.dir();
        let _lock = super::lock(dir).map_err(|e| lock_error(dir, e))?;
        let mut follows = self.read_follows()?;
        let before = follows.clone();
        change(&mut follows);
        if follows != before {
            replace(
                &dir.join(FOLLOWS_FILE),
                follow_rules::to_jsonl(&follows).as_bytes(),
            )?;
        }
        Ok(())
    }

    fn cursor(&self) -> Result<Option<Cursor>, DataError> {
        let path = self.dir().join(CURSOR_FILE);
        match read_text(&path)? {
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| DataError::json(&path, &e)),
            None => Ok(None),
        }
    }

    fn save_cursor(&self, cursor: &Cursor) -> Result<(), DataError> {
        let dir = self.dir();
        let path = dir.join(CURSOR_FILE);
        let mut bytes =
            serde_json::to_vec_pretty(cursor).map_err(|e| DataError::file(&path, e.to_string()))?;
        bytes.push(b'\n');
        let _lock = super::lock(dir).map_err(|e| lock_error(dir, e))?;
        replace(&path, &bytes)
    }

    fn wikidata_people(&self) -> Result<Option<WikidataText>, DataError> {
        let place = self.dir().join(WIKIDATA_PEOPLE_FILE);
        Ok(read_text(&place)?.map(|text| WikidataText { place, text }))
    }

    fn save_wikidata_people(&self, people: &WikidataPeople) -> Result<String, DataError> {
        let dir = self.dir();
        let path = dir.join(WIKIDATA_PEOPLE_FILE);
        let mut bytes =
            serde_json::to_vec_pretty(people).map_err(|e| DataError::file(&path, e.to_string()))?;
        bytes.push(b'\n');
        let _lock = super::lock(dir).map_err(|e| lock_error(dir, e))?;
        replace(&path, &bytes)?;
        Ok(path.display().to_string())
    }
}
