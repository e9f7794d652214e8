//! Noticing changes to `data/` made by other processes: file-system notifications on `data/` and
//! `data/articles/` (not recursive: one watch each, however many articles), gathered for a few
//! milliseconds, then `LiveIndex::refresh` on a blocking thread. Where notifications cannot be had
//! (or POSITIONS_WATCH_FS=poll, for network file systems) the store's signature is polled instead.
//! With the store in a database, its change log is followed instead (`NOTIFY`, and a poll).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use super::live::{LiveIndex, Refreshed};
use crate::store::{self, Look, ARTICLES_DIR, RETRACTIONS_FILE};

/// How often the signature is polled when notifications are off.
pub const POLL: Duration = Duration::from_secs(2);
/// How often the signature is looked at even with notifications: an edit inside an article
/// folder already indexed (by hand) is not seen by a watch that does not recurse.
pub const BACKSTOP: Duration = Duration::from_secs(10);
/// The most of one core the poll (a twentieth) or the backstop (a hundredth) may take: in a large
/// store a look stats three files per article, so its period grows with what it costs.
const POLL_SHARE: u32 = 20;
const BACKSTOP_SHARE: u32 = 100;
/// How long a burst of events is gathered before the store is looked at.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How changes are noticed (POSITIONS_WATCH_FS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// File-system notifications, with the poll as the fallback (the default).
    Notify,
    /// The 2 s poll only: for network file systems, where notifications do not come.
    Poll,
}

/// POSITIONS_WATCH_FS: `notify` (or unset) or `poll`.
pub fn mode(value: Option<&str>) -> Result<Mode, String> {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("notify") => Ok(Mode::Notify),
        Some("poll") => Ok(Mode::Poll),
        Some(other) => Err(format!(
            "POSITIONS_WATCH_FS: `{other}` is neither `notify` nor `poll`"
        )),
    }
}

/// Follows the store until the process ends. Starts watching, then looks once (a write made
/// while the index was being built is applied at once): a write is either seen by that look or
/// comes after the watch began, and wakes it.
pub async fn watch(live: Arc<LiveIndex>) {
    if let Some(db) = store::database() {
        return follow_database(live, Arc::clone(db)).await;
    }
    let env = crate::environment::Env::process();
    let wanted = match mode(env.get(crate::environment::Var::WatchFs).as_deref()) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "using file-system notifications");
            Mode::Notify
        }
    };
    let woken = Arc::new(tokio::sync::Notify::new());
    let watcher = match wanted {
        Mode::Notify => match notifications(live.data(), Arc::clone(&woken)) {
            Ok(w) => {
                tracing::info!("following the store by file-system notifications");
                Some(w)
            }
            Err(e) => {
                tracing::warn!(error = %e, "file-system notifications are not available; polling the store every 2 s");
                None
            }
        },
        Mode::Poll => {
            tracing::info!("following the store by polling it every 2 s (POSITIONS_WATCH_FS=poll)");
            None
        }
    };
    refresh(&live, Look::Full).await;
    let (base, share) = match watcher {
        Some(_) => (BACKSTOP, BACKSTOP_SHARE),
        None => (POLL, POLL_SHARE),
    };
    // Kept as long as the loop runs: dropping it ends the notifications.
    let _watcher = watcher;
    let (mut last, took) = match live.signature() {
        0 => signature(live.data()).await,
        known => (known, Duration::ZERO),
    };
    let mut every = base.max(took * share);
    loop {
        tokio::select! {
            () = woken.notified() => {
                // Gather the rest of the burst (a folder renamed in, the retractions replaced).
                tokio::time::sleep(DEBOUNCE).await;
                refresh(&live, Look::Quick).await;
            }
            () = tokio::time::sleep(every) => {
                let (now, took) = signature(live.data()).await;
                every = base.max(took * share);
                tracing::debug!(
                    took_ms = took.as_secs_f64() * 1e3,
                    next_s = every.as_secs_f64(),
                    "looked at the store's signature"
                );
                if now != last {
                    last = now;
                    refresh(&live, Look::Full).await;
                }
            }
        }
    }
}

/// Brings the index up to date on a blocking thread: a quick look (folder names) for a
/// notification or a write of this process, a full one (every file's stamp) when the signature
/// changed.
pub async fn refresh(live: &Arc<LiveIndex>, look: Look) -> Option<Refreshed> {
    let live = Arc::clone(live);
    match tokio::task::spawn_blocking(move || live.refresh(look)).await {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::error!(error = %e, "looking at the store failed");
            None
        }
    }
}

/// The store's signature, and how long taking it took (what the next look's period grows with).
async fn signature(dir: &Path) -> (u64, Duration) {
    let d = dir.to_path_buf();
    let started = std::time::Instant::now();
    let signature = tokio::task::spawn_blocking(move || store::open(&d).signature())
        .await
        .unwrap_or(0);
    (signature, started.elapsed())
}

/// Follows the store kept in a database: its change log, woken by `NOTIFY` on a connection of its
/// own (on a thread: the client blocks), with the change number polled every 2 s as the fallback
/// for a lost notification or connection. Starts with a look (what came after the snapshot).
async fn follow_database(live: Arc<LiveIndex>, db: Arc<store::postgres::Database>) {
    let woken = Arc::new(tokio::sync::Notify::new());
    let listener = store::postgres::Postgres::new(db, live.data());
    let wake = Arc::clone(&woken);
    let started = std::thread::Builder::new()
        .name("positions-listen".to_string())
        .spawn(move || {
            let mut lost = false;
            loop {
                let e = listener.listen(&|| {
                    wake.notify_one();
                });
                // Logged when the notifications stop, not at every try to get them back.
                if !lost {
                    tracing::warn!(error = %e, "notifications from the database stopped; polling it every 2 s until they are back");
                }
                lost = true;
                std::thread::sleep(POLL);
                wake.notify_one();
                if listener.position().is_ok() {
                    tracing::info!("the database answers again; listening for its changes");
                    lost = false;
                }
            }
        });
    if let Err(e) = started {
        tracing::warn!(error = %e, "cannot listen for the database's changes; polling it every 2 s");
    } else {
        tracing::info!("following the store by the database's change log (LISTEN/NOTIFY, polled every 2 s as well)");
    }
    refresh(&live, Look::Quick).await;
    let mut last = signature(live.data()).await.0;
    loop {
        tokio::select! {
            () = woken.notified() => {
                refresh(&live, Look::Quick).await;
            }
            () = tokio::time::sleep(POLL) => {
                let (now, _) = signature(live.data()).await;
                if now != last {
                    last = now;
                    refresh(&live, Look::Quick).await;
                }
            }
        }
    }
}

/// Watches `data/` and `data/articles/`, each without recursing, and wakes `woken` on a change
/// to a file the index is read from.
fn notifications(
    data: &Path,
    woken: Arc<tokio::sync::Notify>,
) -> notify::Result<notify::RecommendedWatcher> {
    let (dir, articles) = (data.to_path_buf(), data.join(ARTICLES_DIR));
    let a = articles.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let wake = match event {
            // Reading a file is no change (and the look itself reads files).
            Ok(e) if matches!(e.kind, EventKind::Access(_)) => false,
            Ok(e) if e.need_rescan() => true,
            Ok(e) => e.paths.iter().any(|p| concerns_index(&dir, &a, p)),
            // A queue overflow or a watch lost: look, to be safe.
            Err(_) => true,
        };
        if wake {
            woken.notify_one();
        }
    })?;
    watcher.watch(data, RecursiveMode::NonRecursive)?;
    // A store with no article yet: the folder the first one lands in must exist to be watched
    // (an empty one reads as no article; where it cannot be made, the poll takes over).
    std::fs::create_dir_all(&articles)?;
    watcher.watch(&articles, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Whether a changed path is one the index is read from: an article folder (not a temporary
/// one), the retractions, the gazetteer's files.
fn concerns_index(data: &Path, articles: &Path, path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let parent: Option<PathBuf> = path.parent().map(Path::to_path_buf);
    if parent.as_deref() == Some(articles) {
        return !name.starts_with('.');
    }
    if parent.as_deref() == Some(data) || path == articles {
        return matches!(
            name,
            "entities.json"
                | "people.json"
                | crate::entities::WIKIDATA_PEOPLE_FILE
                | RETRACTIONS_FILE
                | ARTICLES_DIR
        );
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_reads_notify_or_poll() {
        assert_eq!(mode(None), Ok(Mode::Notify));
        assert_eq!(mode(Some(" ")), Ok(Mode::Notify));
        assert_eq!(mode(Some("Poll")), Ok(Mode::Poll));
        assert!(mode(Some("inotify")).is_err());
    }

    #[test]
    fn only_the_files_the_index_reads_wake_the_look() {
        let data = Path::new("/srv/data");
        let articles = data.join("articles");
        let wakes = |p: &str| concerns_index(data, &articles, Path::new(p));
        assert!(wakes("/srv/data/articles/paris-2026-01-07"));
        assert!(wakes("/srv/data/retractions.jsonl"));
        assert!(wakes("/srv/data/entities.json"));
        assert!(!wakes("/srv/data/articles/.tmp-paris-41"));
        assert!(!wakes("/srv/data/.retractions.jsonl.41.tmp"));
        assert!(!wakes("/srv/data/follows-cursor.json"));
        assert!(!wakes("/srv/data/.lock"));
    }
}
