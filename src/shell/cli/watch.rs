//! `positions watch`: polls the followed feeds once or every interval and stores what is new.

use std::path::Path;
use std::process::ExitCode;

use super::Web;

/// The polling interval: POSITIONS_WATCH_INTERVAL as seconds or with a unit (90s, 10m, 1h).
fn watch_interval() -> anyhow::Result<std::time::Duration> {
    let env = crate::environment::Env::process();
    crate::shell::watcher::interval(env.get(crate::environment::Var::WatchInterval).as_deref())
        .map_err(anyhow::Error::msg)
}

/// `watch`: poll the feeds once (`--once`) or every interval until stopped.
pub fn watch(data: &Path, once: bool, json: bool) -> anyhow::Result<ExitCode> {
    use crate::fetch::pipeline::poll_once;
    let interval = watch_interval()?;
    let mut web = Web::new()?;
    let gazetteer = {
        let gazetteer = crate::store::gazetteer(data)?;
        let store = crate::store::open(data).load_for_index(&gazetteer)?;
        crate::shell::people::gazetteer_with_learned(data, &store)?
    };
    let mut progress = |line: &str| {
        if !json {
            eprintln!("{line}");
        }
    };
    loop {
        // A new fetcher each poll: robots.txt is read afresh.
        web.fetcher = crate::fetch::Fetcher::new(web.fetcher.settings().clone())?;
        let polled = web.runtime.block_on(poll_once(
            &web.fetcher,
            data,
            &gazetteer,
            interval.as_secs(),
            &mut progress,
        ));
        let summary = match polled {
            Ok(s) => s,
            Err(e) if once => return Err(e.into()),
            // A store that cannot be written now (a full disk, a lock) may be fine next time.
            Err(e) => {
                eprintln!("error: {e} (trying again in {} s)", interval.as_secs());
                std::thread::sleep(interval);
                continue;
            }
        };
        if summary.new_articles > 0 {
            crate::shell::people::keep_learned_logged(data);
        }
        if json {
            outln!("{}", serde_json::to_string(&summary)?);
        } else {
            outln!(
                "{} feeds polled, {} new articles, {} statements, {} errors",
                summary.feeds,
                summary.new_articles,
                summary.statements,
                summary.errors.len()
            );
        }
        if once {
            return Ok(if summary.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        std::thread::sleep(interval);
    }
}
