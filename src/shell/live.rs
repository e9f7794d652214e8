//! The index in force, shared by the gateway and the HTTP endpoint, and the task that keeps it
//! up to date: it polls a cheap signature of the data folder and, when it changes, builds a new
//! index and swaps it in. A broken file is reported with its file and line, and the last good
//! index keeps serving.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::index::Index;
use crate::store::signature;

/// The index in force and the data folder it is read from: all that answering needs. Shared by
/// the gateway and the HTTP endpoint, and swapped whole by `reload::watch`.
pub struct LiveIndex {
    index: RwLock<Arc<Index>>,
    data: PathBuf,
    /// The on-disk signature the index was read from (0 when unknown).
    signature: AtomicU64,
}

impl LiveIndex {
    pub fn new(data: PathBuf, index: Index) -> LiveIndex {
        LiveIndex {
            index: RwLock::new(Arc::new(index)),
            data,
            signature: AtomicU64::new(0),
        }
    }

    /// Records the signature of the data folder taken before the index was read.
    pub fn set_signature(&self, signature: u64) {
        self.signature.store(signature, Ordering::Relaxed);
    }

    /// The signature the index was read from, 0 when unknown.
    pub fn signature(&self) -> u64 {
        self.signature.load(Ordering::Relaxed)
    }

    /// The index in force now; answers in flight keep the one they started with.
    pub fn index(&self) -> Arc<Index> {
        match self.index.read() {
            Ok(g) => Arc::clone(&g),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Replaces the index atomically.
    pub fn swap(&self, index: Index) {
        let new = Arc::new(index);
        match self.index.write() {
            Ok(mut g) => *g = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }

    /// The data folder the index is loaded from.
    pub fn data(&self) -> &Path {
        &self.data
    }
}

/// How often the data folder is looked at.
pub const POLL: Duration = Duration::from_secs(2);

/// Runs until the process ends.
pub async fn watch(live: Arc<LiveIndex>) {
    let dir = live.data().to_path_buf();
    // The signature taken before the index was read: a change made while it was being built is
    // seen at the first look.
    let mut last = match live.signature() {
        0 => {
            let d = dir.clone();
            tokio::task::spawn_blocking(move || signature(&d))
                .await
                .unwrap_or(0)
        }
        known => known,
    };
    let mut reported_broken = None;
    loop {
        tokio::time::sleep(POLL).await;
        let d = dir.clone();
        let now = match tokio::task::spawn_blocking(move || signature(&d)).await {
            Ok(s) => s,
            Err(_) => continue,
        };
        // The feed watcher reloads at once after a poll and records what it read.
        if now == last || now == live.signature() {
            last = now;
            continue;
        }
        let d = dir.clone();
        match tokio::task::spawn_blocking(move || crate::app::load(&d)).await {
            Ok(Ok(index)) => {
                tracing::info!(
                    statements = index.len(),
                    articles = index.articles().len(),
                    "store changed on disk; index reloaded"
                );
                super::announce(
                    "reloaded",
                    serde_json::json!({"statements": index.len(), "articles": index.articles().len()}),
                );
                live.swap(index);
                last = now;
                reported_broken = None;
            }
            Ok(Err(e)) => {
                // Keep serving the last good index; report each broken state once.
                if reported_broken != Some(now) {
                    tracing::error!(error = %e, "store changed on disk but is broken; still serving the last good index");
                    reported_broken = Some(now);
                }
                last = now;
            }
            Err(e) => tracing::error!(error = %e, "reload task failed"),
        }
    }
}
