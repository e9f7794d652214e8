//! The feeds the store follows (`data/feeds.json`, plain and reviewable) and what the watcher
//! knows of each (`data/feed-state.json`: items seen, validators, failures, backoff). Both files
//! are replaced atomically under the store's writers' lock; the decisions (is a feed due, how long
//! to back off) are pure functions of the state and the clock. Callers reach them through
//! `store::Registry`, which keeps them in tables instead when the store is in a database.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::store::{lock, replace_file, LOCK_FILE};

pub const FEEDS_FILE: &str = "feeds.json";
pub const FEED_STATE_FILE: &str = "feed-state.json";

/// A followed feed, as `feeds.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowedFeed {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Who added it (a user name, or a Discord user).
    pub added_by: String,
    /// When, as an ISO date-time (UTC).
    pub added_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedsFile {
    feeds: Vec<FollowedFeed>,
}

/// What the watcher remembers of one feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedMemory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Keys of the items already handled (stored, found stored, or given up on).
    #[serde(default)]
    pub seen: BTreeSet<String>,
    /// Failed polls in a row; 0 after a good one.
    #[serde(default)]
    pub failures: u32,
    /// No poll before this time (Unix seconds) while the feed keeps failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Failed fetches of an item's page, by item key; an item is given up after `ITEM_TRIES`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub item_failures: BTreeMap<String, u32>,
}

/// The watcher's memory of every feed, by feed URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    #[serde(default)]
    pub feeds: BTreeMap<String, FeedMemory>,
}

/// An item whose page fails this many polls in a row is given up (marked seen).
pub const ITEM_TRIES: u32 = 3;
/// The longest a failing feed is left alone.
pub const MAX_BACKOFF_SECS: u64 = 24 * 3600;

impl FeedState {
    /// Whether a feed may be polled at `now` (it is not backing off).
    pub fn due(&self, url: &str, now: u64) -> bool {
        self.feeds
            .get(url)
            .and_then(|m| m.retry_at)
            .is_none_or(|t| now >= t)
    }
}

/// After `failures` failed polls in a row, wait this long: the poll interval doubled for each
/// failure after the first, at most a day.
pub fn backoff_secs(failures: u32, interval_secs: u64) -> u64 {
    if failures == 0 {
        return 0;
    }
    let factor = 1u64 << (failures - 1).min(16);
    interval_secs
        .max(1)
        .saturating_mul(factor)
        .min(MAX_BACKOFF_SECS)
}

impl FeedMemory {
    /// Records a failed poll at `now`.
    pub fn failed(&mut self, error: String, now: u64, interval_secs: u64) {
        self.failures = self.failures.saturating_add(1);
        self.retry_at = Some(now + backoff_secs(self.failures, interval_secs));
        self.last_error = Some(error);
    }

    /// Records a good poll.
    pub fn succeeded(&mut self) {
        self.failures = 0;
        self.retry_at = None;
        self.last_error = None;
    }

    /// Records an item as handled (stored, found stored, or given up on).
    pub fn item_seen(&mut self, key: &str) {
        self.seen.insert(key.to_string());
        self.item_failures.remove(key);
    }

    /// Keeps the memory of the items the feed still lists (and of nothing else), so it does not
    /// grow forever; an item that comes back later is caught by the store's duplicate check.
    pub fn forget_all_but(&mut self, keys: &BTreeSet<String>) {
        self.seen.retain(|k| keys.contains(k));
        self.item_failures.retain(|k, _| keys.contains(k));
    }
}

fn lock_error(dir: &Path, e: std::io::Error) -> DataError {
    DataError::file(&dir.join(LOCK_FILE), format!("cannot lock the store: {e}"))
}

fn read_json<T: Default + for<'de> Deserialize<'de>>(path: &Path) -> Result<T, DataError> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| DataError::json(path, &e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(DataError::file(path, format!("cannot read: {e}"))),
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), DataError> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| DataError::file(path, e.to_string()))?;
    text.push('\n');
    replace_file(path, text.as_bytes())
        .map_err(|e| DataError::file(path, format!("cannot write: {e}")))
}

/// The followed feeds (none when `feeds.json` does not exist).
pub fn read_feeds(dir: &Path) -> Result<Vec<FollowedFeed>, DataError> {
    Ok(read_json::<FeedsFile>(&dir.join(FEEDS_FILE))?.feeds)
}

/// Follows a feed; false when its URL is followed already.
pub fn add_feed(dir: &Path, feed: FollowedFeed) -> Result<bool, DataError> {
    let _lock = lock(dir).map_err(|e| lock_error(dir, e))?;
    let path = dir.join(FEEDS_FILE);
    let mut file: FeedsFile = read_json(&path)?;
    if file.feeds.iter().any(|f| f.url == feed.url) {
        return Ok(false);
    }
    file.feeds.push(feed);
    write_json(&path, &file)?;
    Ok(true)
}

/// Stops following a feed (and forgets its state); false when it was not followed.
pub fn remove_feed(dir: &Path, url: &str) -> Result<bool, DataError> {
    let _lock = lock(dir).map_err(|e| lock_error(dir, e))?;
    let path = dir.join(FEEDS_FILE);
    let mut file: FeedsFile = read_json(&path)?;
    let before = file.feeds.len();
    file.feeds.retain(|f| f.url != url);
    if file.feeds.len() == before {
        return Ok(false);
    }
    write_json(&path, &file)?;
    let state_path = dir.join(FEED_STATE_FILE);
    let mut state: FeedState = read_json(&state_path)?;
    if state.feeds.remove(url).is_some() {
        write_json(&state_path, &state)?;
    }
    Ok(true)
}

/// The watcher's memory (empty when the file does not exist).
pub fn read_state(dir: &Path) -> Result<FeedState, DataError> {
    read_json(&dir.join(FEED_STATE_FILE))
}

/// Changes one feed's memory: read, changed and replaced while the caller holds the writers'
/// lock (so another watcher's change in between is kept).
pub fn update_memory_locked(
    dir: &Path,
    url: &str,
    change: impl FnOnce(&mut FeedMemory),
) -> Result<(), DataError> {
    let path = dir.join(FEED_STATE_FILE);
    let mut state: FeedState = read_json(&path)?;
    change(state.feeds.entry(url.to_string()).or_default());
    write_json(&path, &state)
}

/// `update_memory_locked` under its own hold of the writers' lock.
pub fn update_memory(
    dir: &Path,
    url: &str,
    change: impl FnOnce(&mut FeedMemory),
) -> Result<(), DataError> {
    let _lock = lock(dir).map_err(|e| lock_error(dir, e))?;
    update_memory_locked(dir, url, change)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(url: &str) -> FollowedFeed {
        FollowedFeed {
            url: url.to_string(),
            name: Some("Ledger".to_string()),
            added_by: "alice".to_string(),
            added_at: "2026-01-01T00:00:00Z".to_string(),
        }
    }

    #[test]
    fn backoff_doubles_up_to_a_day() {
        assert_eq!(backoff_secs(0, 600), 0);
        assert_eq!(backoff_secs(1, 600), 600);
        assert_eq!(backoff_secs(2, 600), 1200);
        assert_eq!(backoff_secs(4, 600), 4800);
        assert_eq!(backoff_secs(40, 600), MAX_BACKOFF_SECS);
    }

    #[test]
    fn a_failing_feed_is_not_due_until_its_backoff_ends() {
        let mut state = FeedState::default();
        assert!(state.due("u", 100));
        let m = state.feeds.entry("u".into()).or_default();
        m.failed("timed out".into(), 100, 600);
        m.failed("timed out".into(), 100, 600);
        assert!(!state.due("u", 100 + 1199));
        assert!(state.due("u", 100 + 1200));
        state.feeds.get_mut("u").unwrap().succeeded();
        assert!(state.due("u", 0));
    }

    #[test]
    fn feeds_are_added_once_listed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_feeds(dir.path()).unwrap().is_empty());
        assert!(add_feed(dir.path(), feed("https://a.example/feed")).unwrap());
        assert!(!add_feed(dir.path(), feed("https://a.example/feed")).unwrap());
        assert!(add_feed(dir.path(), feed("https://b.example/rss")).unwrap());
        let listed = read_feeds(dir.path()).unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0], feed("https://a.example/feed"));
        update_memory(dir.path(), "https://a.example/feed", |m| {
            m.seen.insert("x".into());
        })
        .unwrap();
        assert!(remove_feed(dir.path(), "https://a.example/feed").unwrap());
        assert!(!remove_feed(dir.path(), "https://a.example/feed").unwrap());
        assert_eq!(read_feeds(dir.path()).unwrap().len(), 1);
        assert!(read_state(dir.path()).unwrap().feeds.is_empty());
    }

    #[test]
    fn a_misspelled_field_in_feeds_json_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FEEDS_FILE),
            r#"{"feeds": [{"url": "u", "added_by": "a", "added_on": "x"}]}"#,
        )
        .unwrap();
        let err = read_feeds(dir.path()).unwrap_err().to_string();
        assert!(err.contains("feeds.json"), "{err}");
        assert!(err.contains("added_on"), "{err}");
    }
}
