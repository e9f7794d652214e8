//! The index in force, shared by the gateway, the HTTP endpoint and the writers in this process,
//! and how it follows the store: changes applied in place under a write lock (readers answer
//! under a read lock held only while a reply is built), or, when only that can follow the store, a
//! full rebuild built aside and put in place. A broken file is reported once with its file and
//! line, and the last good index keeps serving. When to look is `fs_watch`'s business.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};
use std::time::Instant;

use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::index::{Applied, Change, Index};
use crate::store::{self, Indexed, Look, Stamps, StoreDiff};

/// The index in force and the data folder it follows: all that answering needs.
pub struct LiveIndex {
    index: RwLock<Index>,
    /// A copy of the index's gazetteer for work done off the lock (reading an article, checking a
    /// retraction, polling feeds); small beside the index, and replaced with it.
    gazetteer: RwLock<Arc<Gazetteer>>,
    data: PathBuf,
    /// Counts the changes to the index (in place or whole), for those who act on new content
    /// (the follow poster waits on it).
    generation: tokio::sync::watch::Sender<u64>,
    /// Counts the changes to the index like `generation`, but is moved while the write lock is
    /// held: a reader that holds the read lock sees the version of the index it reads (replies
    /// kept by version rely on it).
    version: AtomicU64,
    /// The on-disk signature the index was read from (0 when unknown), for the poll.
    signature: AtomicU64,
    /// Held while the index is compared with the store and changed, so that a diff sees one
    /// index: every change goes through it, readers never take it.
    following: Mutex<Following>,
}

/// What following the store remembers between looks.
#[derive(Default)]
struct Following {
    /// The stamps the index was built or last compared with.
    stamps: Stamps,
    /// Problems already reported (each is logged once, until it goes away).
    reported: HashSet<String>,
}

/// What a look at the store did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// The index was up to date.
    Nothing,
    /// Changes were applied in place.
    Applied(Applied),
    /// The index was built again from the store and put in place.
    Rebuilt,
    /// The store needs a full rebuild but is broken: the last good index keeps serving.
    Broken,
}

impl LiveIndex {
    pub fn new(data: PathBuf, index: Index) -> LiveIndex {
        LiveIndex {
            gazetteer: RwLock::new(Arc::new(index.gazetteer.clone())),
            index: RwLock::new(index),
            data,
            generation: tokio::sync::watch::Sender::new(0),
            version: AtomicU64::new(0),
            signature: AtomicU64::new(0),
            following: Mutex::new(Following::default()),
        }
    }

    /// Records the signature and the stamps of the data folder taken before the index was read,
    /// so that a change made while it was built is seen at the first look.
    pub fn set_baseline(&self, signature: u64, stamps: Stamps) {
        self.signature.store(signature, Ordering::Relaxed);
        self.following().stamps = stamps;
    }

    /// The signature the index was read from, 0 when unknown.
    pub fn signature(&self) -> u64 {
        self.signature.load(Ordering::Relaxed)
    }

    /// The index, to answer from. Hold the guard only while a reply is built: a change waits for
    /// it, and so do the readers behind that change. It cannot be held across an `.await` in a
    /// spawned task (the guard is not `Send`).
    pub fn read(&self) -> RwLockReadGuard<'_, Index> {
        self.index
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The index and its version (see `version`), read under the same lock.
    pub fn read_versioned(&self) -> (RwLockReadGuard<'_, Index>, u64) {
        let index = self.read();
        let version = self.version.load(Ordering::Acquire);
        (index, version)
    }

    /// The gazetteer of the index in force, for work done without holding the index.
    pub fn gazetteer(&self) -> Arc<Gazetteer> {
        let g = self
            .gazetteer
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(&g)
    }

    /// A number that grows with every change to the index.
    pub fn generation(&self) -> u64 {
        *self.generation.borrow()
    }

    /// Wakes on every change to the index (see `generation`).
    pub fn changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// The data folder the index follows.
    pub fn data(&self) -> &Path {
        &self.data
    }

    /// Applies changes in place (each is skipped when already in force) and announces them.
    /// Blocks while the store is being compared with the index: call it off the async threads.
    pub fn apply(&self, changes: Vec<Change>) -> Applied {
        let _following = self.following();
        self.apply_changes(changes)
    }

    /// Reads back an article folder this process has just written and adds it in place (nothing
    /// to do when a look at the store has added it already). Blocking (reads files).
    pub fn add_stored(&self, id: &str) -> Result<Applied, DataError> {
        let _following = self.following();
        if self.read().has_article(id) {
            // Already applied (a notification of the write came first).
            return Ok(Applied {
                applied: 0,
                skipped: 1,
            });
        }
        let gazetteer = self.gazetteer();
        let article = store::open(&self.data).new_article(&gazetteer, id, &Current(self))?;
        Ok(self.apply_changes(vec![Change::Add {
            article: article.article,
            statements: article.statements,
        }]))
    }

    /// Saves the index in force as the snapshot beside the store, with the stamps it matches
    /// (changes wait meanwhile; answers do not). Blocking: seconds at 10^6 statements.
    pub fn save_snapshot(&self) -> std::io::Result<()> {
        let following = self.following();
        let index = self.read();
        crate::app::save_snapshot(&self.data, &index, self.signature(), &following.stamps)
    }

    /// Puts an index built aside in place of the one in force (the full rebuild).
    pub fn replace(&self, index: Index) {
        let _following = self.following();
        self.put(index);
    }

    /// Compares the store with the index and brings the index up to date: in place when it can,
    /// by a full rebuild when it must. Blocking (reads files, and a rebuild takes seconds at 10^6
    /// statements): call it off the async threads.
    pub fn refresh(&self, look: Look) -> Refreshed {
        let mut following = self.following();
        let gazetteer = self.gazetteer();
        let store = store::open(&self.data);
        let diff = store.changes(&gazetteer, &Current(self), &following.stamps, look);
        drop(gazetteer);
        let StoreDiff {
            added,
            retracted,
            restored,
            broken,
            rebuild,
            stamps,
        } = diff;
        let mut problems = HashSet::new();
        for e in broken {
            let text = e.to_string();
            // An outage is one problem however the server's complaint is worded meanwhile (the
            // connection dropped, then refused).
            let database = matches!(e, DataError::Database { .. });
            let key = if database {
                "the database".to_string()
            } else {
                text.clone()
            };
            if !following.reported.contains(&key) {
                if database {
                    tracing::error!(error = %text, "the store's database cannot be read; still answering from the index in memory");
                } else {
                    tracing::error!(error = %text, "a file in the store cannot be read; it is left out, the rest is applied");
                }
            }
            problems.insert(key);
        }
        if let Some(why) = rebuild {
            let before = store.stamps();
            let started = Instant::now();
            return match crate::app::load(&self.data) {
                Ok(index) => {
                    super::metrics::full_rebuild(started.elapsed().as_secs_f64());
                    let (statements, articles) = (index.len(), index.articles().len());
                    tracing::info!(statements, articles, reason = %why, "store changed on disk; index rebuilt");
                    self.put(index);
                    following.stamps = before;
                    following.reported.clear();
                    super::announce(
                        "reloaded",
                        serde_json::json!({"statements": statements, "articles": articles}),
                    );
                    Refreshed::Rebuilt
                }
                Err(e) => {
                    let text = e.to_string();
                    if !following.reported.contains(&text) {
                        tracing::error!(error = %text, reason = %why, "store changed on disk but is broken; still serving the last good index");
                    }
                    problems.insert(text);
                    following.reported = problems;
                    following.stamps = stamps;
                    Refreshed::Broken
                }
            };
        }
        following.reported = problems;
        following.stamps = stamps;
        let changes: Vec<Change> = added
            .into_iter()
            .map(|a| Change::Add {
                article: a.article,
                statements: a.statements,
            })
            .chain(retracted.into_iter().map(|id| Change::Retract { id }))
            .chain(restored.into_iter().map(|id| Change::Restore { id }))
            .collect();
        if changes.is_empty() {
            return Refreshed::Nothing;
        }
        Refreshed::Applied(self.apply_changes(changes))
    }

    fn following(&self) -> MutexGuard<'_, Following> {
        self.following
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Applies changes under the write lock, in order (a retraction of a statement added in the
    /// same batch finds it). Called with `following` held.
    fn apply_changes(&self, changes: Vec<Change>) -> Applied {
        let kinds: Vec<&'static str> = changes
            .iter()
            .map(|c| match c {
                Change::Add { .. } => "add",
                Change::Retract { .. } => "retract",
                Change::Restore { .. } => "restore",
            })
            .collect();
        let started = Instant::now();
        let mut index = self
            .index
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Whether a change may change who the articles say someone is (a statement that
        // introduces a person added, retracted or restored).
        let teaches = |index: &Index, id: &str| {
            index
                .statement_by_key(id)
                .is_some_and(|s| crate::people::teaches(&index.gazetteer, index.statement(s)))
        };
        let mut teaching = changes.iter().any(|c| match c {
            Change::Add { statements, .. } => statements
                .iter()
                .any(|s| crate::people::teaches(&index.gazetteer, s)),
            Change::Retract { id } => teaches(&index, id),
            Change::Restore { .. } => false,
        });
        let restored: Vec<String> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Restore { id } => Some(id.clone()),
                _ => None,
            })
            .collect();
        let done = index.apply(changes);
        teaching |= restored.iter().any(|id| teaches(&index, id));
        if done.applied > 0 {
            self.version.fetch_add(1, Ordering::AcqRel);
        }
        let (statements, articles) = (index.len(), index.articles().len());
        drop(index);
        if done.applied > 0 && teaching {
            self.relearn();
        }
        let secs = started.elapsed().as_secs_f64();
        let ms = secs * 1000.0;
        if done.applied > 0 {
            // Each change is counted with its share of the batch's time.
            for kind in &kinds {
                super::metrics::change_applied(kind, secs / kinds.len() as f64);
            }
            super::metrics::index_in_force(statements, articles);
            self.generation.send_modify(|g| *g += 1);
            tracing::info!(
                changes = done.applied,
                statements,
                articles,
                ms,
                "changes applied to the index in place"
            );
            super::announce(
                "applied",
                serde_json::json!({
                    "changes": done.applied,
                    "statements": statements,
                    "articles": articles,
                    "ms": (ms * 1000.0).round() / 1000.0,
                }),
            );
        }
        done
    }

    /// Gives the index in force the people its statements teach now: learned under the read
    /// lock (answers go on), put in place under a short write lock. Called with `following`
    /// held, after a change that teaches (a person introduced, or such a statement retracted or
    /// restored), so that the next article and the next question know them.
    fn relearn(&self) {
        let started = Instant::now();
        let gazetteer = crate::app::learned_gazetteer(&self.read());
        let shared = Arc::new(gazetteer.clone());
        {
            let mut index = self
                .index
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            index.gazetteer = gazetteer;
            self.version.fetch_add(1, Ordering::AcqRel);
        }
        *self
            .gazetteer
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = shared;
        tracing::debug!(
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "the people the articles teach learned again"
        );
    }

    /// Puts `index` in force (with its gazetteer). Called with `following` held.
    fn put(&self, index: Index) {
        super::metrics::index_in_force(index.len(), index.articles().len());
        let gazetteer = Arc::new(index.gazetteer.clone());
        // The old index is dropped after the lock is released, not while readers wait.
        let old = {
            let mut current = self
                .index
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            self.version.fetch_add(1, Ordering::AcqRel);
            std::mem::replace(&mut *current, index)
        };
        *self
            .gazetteer
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = gazetteer;
        self.generation.send_modify(|g| *g += 1);
        drop(old);
    }
}

/// The index in force as the diff asks about it: each question under a short read lock (the
/// index does not change meanwhile: the diff runs with `following` held).
struct Current<'a>(&'a LiveIndex);

impl Indexed for Current<'_> {
    fn has_article(&self, id: &str) -> bool {
        self.0.read().has_article(id)
    }

    fn has_statement(&self, id: &str) -> bool {
        let index = self.0.read();
        index.statement_by_key(id).is_some() || index.is_retracted(id)
    }

    fn retracted(&self) -> HashSet<String> {
        self.0.read().retracted_ids().map(str::to_string).collect()
    }

    fn articles(&self) -> usize {
        self.0.read().articles().len()
    }
}

#[cfg(test)]
mod tests;

/// How often the snapshot is brought up to date when the index has changed since it was saved.
pub const SNAPSHOT_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Keeps the snapshot beside the store up to date, so that a restart answers at once: saved now
/// when the index was `built` rather than read from one, then every `SNAPSHOT_EVERY` when the
/// index changed. A snapshot that cannot be written is logged; serving goes on.
pub async fn keep_snapshot(live: Arc<LiveIndex>, built: bool) {
    let mut saved = if built { None } else { Some(live.generation()) };
    loop {
        let now = live.generation();
        if saved != Some(now) {
            let l = Arc::clone(&live);
            let started = Instant::now();
            match tokio::task::spawn_blocking(move || l.save_snapshot()).await {
                Ok(Ok(())) => {
                    let secs = started.elapsed().as_secs_f64();
                    tracing::info!(secs, "index snapshot saved");
                    super::announce(
                        "snapshot",
                        serde_json::json!({"secs": (secs * 1000.0).round() / 1000.0}),
                    );
                }
                Ok(Err(e)) => tracing::warn!(error = %e, "the index snapshot cannot be written"),
                Err(e) => tracing::warn!(error = %e, "the snapshot task failed"),
            }
            saved = Some(now);
        }
        tokio::time::sleep(SNAPSHOT_EVERY).await;
    }
}
