//! `serve --watch`: polls the followed feeds inside the bot, every `POSITIONS_WATCH_INTERVAL`,
//! with the same `fetch::pipeline::poll_once` as `positions watch`, and applies what a poll stored
//! to the index at once, in place. A failed poll is logged and the next one comes; SIGTERM ends
//! the loop between polls (a poll in flight finishes its article: the store stays whole).

use std::sync::Arc;
use std::time::Duration;

use super::live::LiveIndex;
use crate::fetch::pipeline::{poll_once, PollSummary};
use crate::fetch::{Fetcher, Settings as FetchSettings};

/// How often the feeds are polled when POSITIONS_WATCH_INTERVAL is not set.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(600);

/// Whether `POSITIONS_WATCH` asks for the watcher (1, true, yes, on).
pub fn wanted(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    })
}

/// POSITIONS_WATCH_INTERVAL as seconds or with a unit (90s, 10m, 1h); the default when unset.
pub fn interval(value: Option<&str>) -> Result<Duration, String> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(DEFAULT_INTERVAL);
    };
    let bad = || {
        format!("POSITIONS_WATCH_INTERVAL: `{text}` is not a duration such as 600, 90s, 10m or 1h")
    };
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number.parse().map_err(|_| bad())?;
    let secs = match unit.trim() {
        "" | "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        _ => None,
    }
    .ok_or_else(bad)?;
    Ok(Duration::from_secs(secs.max(1)))
}

/// Polls every `every` until SIGINT or SIGTERM; the first poll starts at once.
pub async fn run(live: Arc<LiveIndex>, fetch: FetchSettings, every: Duration) {
    tracing::info!(
        interval_secs = every.as_secs(),
        "watching the followed feeds"
    );
    tokio::select! {
        _ = super::wait_for_signal() => tracing::info!("watcher stopping"),
        _ = rounds(&live, &fetch, every) => {}
    }
}

async fn rounds(live: &Arc<LiveIndex>, fetch: &FetchSettings, every: Duration) {
    loop {
        match poll(live, fetch.clone(), every).await {
            Ok(summary) => {
                tracing::info!(
                    feeds = summary.feeds,
                    new_articles = summary.new_articles,
                    statements = summary.statements,
                    errors = summary.errors.len(),
                    "feeds polled"
                );
                super::announce("polled", serde_json::to_value(&summary).unwrap_or_default());
                if summary.new_articles > 0 {
                    // The new folders are found by comparing the store with the index: a
                    // notification of them may come later, and then finds nothing to do.
                    super::fs_watch::refresh(live, crate::store::Look::Quick).await;
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "polling the feeds failed; trying again at the next round")
            }
        }
        tokio::time::sleep(every).await;
    }
}

/// One poll on a blocking thread (it reads and writes files under the writers' lock), with a new
/// fetcher so robots.txt is read afresh.
async fn poll(
    live: &Arc<LiveIndex>,
    fetch: FetchSettings,
    every: Duration,
) -> anyhow::Result<PollSummary> {
    let dir = live.data().to_path_buf();
    let gazetteer = live.gazetteer();
    let runtime = tokio::runtime::Handle::current();
    let task = tokio::task::spawn_blocking(move || {
        let fetcher = Fetcher::new(fetch)?;
        let mut progress = |line: &str| tracing::info!(target: "positions::watch", "{line}");
        let summary = runtime.block_on(poll_once(
            &fetcher,
            &dir,
            &gazetteer,
            every.as_secs(),
            &mut progress,
        ))?;
        if summary.new_articles > 0 {
            crate::shell::people::keep_learned_logged(&dir);
        }
        Ok::<_, anyhow::Error>(summary)
    });
    task.await
        .map_err(|e| anyhow::anyhow!("the poll stopped: {e}"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_the_command_line_does() {
        assert_eq!(interval(None), Ok(DEFAULT_INTERVAL));
        assert_eq!(interval(Some(" ")), Ok(DEFAULT_INTERVAL));
        assert_eq!(interval(Some("90")), Ok(Duration::from_secs(90)));
        assert_eq!(interval(Some("2m")), Ok(Duration::from_secs(120)));
        assert_eq!(interval(Some("1h")), Ok(Duration::from_secs(3600)));
        assert_eq!(interval(Some("0")), Ok(Duration::from_secs(1)));
        assert!(interval(Some("soon")).is_err());
        assert!(interval(Some("5d")).is_err());
    }

    #[test]
    fn the_switch_reads_common_spellings() {
        assert!(wanted(Some("1")) && wanted(Some("true")) && wanted(Some("On")));
        assert!(!wanted(None) && !wanted(Some("0")) && !wanted(Some("")));
    }
}
