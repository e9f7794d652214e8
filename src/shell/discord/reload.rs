//! Picks up changes other processes make to the store on disk: polls a cheap signature of the
//! data folder and, when it changes, builds a new index and swaps it in. A broken file is
//! reported with its file and line, and the last good index keeps serving.

use std::sync::Arc;
use std::time::Duration;

use super::LiveIndex;
use crate::store::signature;

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
        if now == last {
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
