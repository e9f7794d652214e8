//! What operators watch on a dashboard: every metric's name and help text in one place, the
//! Prometheus recorder (installed once per process by `positions serve`), its text rendering for
//! `GET /metrics`, and the small server `--metrics ADDR` runs for a gateway process. Without a
//! recorder (the command line, the tests of the core) every count here is a no-op.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::commands;

/// Interactions handled, by `command` and `outcome`.
pub const INTERACTIONS: &str = "positions_interactions_total";
/// Time to build a reply from the index, by `command`.
pub const ANSWER_SECONDS: &str = "positions_answer_seconds";
/// Statements in the index in force.
pub const INDEX_STATEMENTS: &str = "positions_index_statements";
/// Articles in the index in force.
pub const INDEX_ARTICLES: &str = "positions_index_articles";
/// Changes applied to the running index, by `kind` (add, retract, restore).
pub const INDEX_CHANGES: &str = "positions_index_changes_total";
/// Time to apply one change, by `kind`.
pub const INDEX_CHANGE_SECONDS: &str = "positions_index_change_seconds";
/// Indexes built whole from the store.
pub const INDEX_REBUILDS: &str = "positions_index_rebuilds_total";
/// Time to build an index whole.
pub const INDEX_REBUILD_SECONDS: &str = "positions_index_rebuild_seconds";
/// HTTP interactions answered from the replies kept for the index in force, by `result` (hit,
/// miss).
pub const ANSWER_CACHE: &str = "positions_http_answer_cache_total";
/// The fetcher's counters are named beside the fetcher (which the shell uses, not the reverse).
pub use crate::fetch::{FEED_ARTICLES, FEED_POLLS, FETCHES};

/// The `content-type` of the Prometheus text format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Upper bounds of the answer-time buckets, in seconds: answers take microseconds at 10^6
/// statements, and a bucket up to seconds shows when they do not.
pub const ANSWER_BUCKETS: [f64; 18] = [
    0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005,
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];
/// Buckets for a change applied to the index: milliseconds, up to seconds.
pub const CHANGE_BUCKETS: [f64; 12] = [
    0.000_1, 0.000_5, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];
/// Buckets for a whole build: a tenth of a second at the seed, seconds at 10^6 statements.
pub const REBUILD_BUCKETS: [f64; 10] = [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 40.0, 80.0];

/// How often histogram samples are folded into their buckets between scrapes.
const UPKEEP: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the Prometheus recorder, once per process (later calls return the same answer), and
/// describes every metric. False when another recorder was installed first: counts then go there.
pub fn install() -> bool {
    HANDLE
        .get_or_init(|| {
            let handle = recorder().ok()?;
            describe();
            Some(handle)
        })
        .is_some()
}

fn recorder() -> Result<PrometheusHandle, metrics_exporter_prometheus::BuildError> {
    builder()?
        .install_recorder()
        .inspect_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
}

/// The exporter with the buckets of each histogram.
fn builder() -> Result<PrometheusBuilder, metrics_exporter_prometheus::BuildError> {
    PrometheusBuilder::new()
        .set_buckets(&ANSWER_BUCKETS)?
        .set_buckets_for_metric(
            Matcher::Full(INDEX_CHANGE_SECONDS.to_string()),
            &CHANGE_BUCKETS,
        )?
        .set_buckets_for_metric(
            Matcher::Full(INDEX_REBUILD_SECONDS.to_string()),
            &REBUILD_BUCKETS,
        )
}

/// The help text of every metric, as the scrape shows it.
fn describe() {
    describe_counter!(
        INTERACTIONS,
        "Interactions handled, by command (or autocomplete, page, mention…) and outcome"
    );
    describe_histogram!(
        ANSWER_SECONDS,
        metrics::Unit::Seconds,
        "Time to build a reply from the index, by command"
    );
    describe_gauge!(INDEX_STATEMENTS, "Statements in the index in force");
    describe_gauge!(INDEX_ARTICLES, "Articles in the index in force");
    describe_counter!(
        INDEX_CHANGES,
        "Changes applied to the running index without a rebuild, by kind (add, retract, restore)"
    );
    describe_histogram!(
        INDEX_CHANGE_SECONDS,
        metrics::Unit::Seconds,
        "Time to apply one change to the running index, by kind"
    );
    describe_counter!(
        ANSWER_CACHE,
        "HTTP interactions looked up among the replies kept for the index in force, by result (hit, miss)"
    );
    describe_counter!(INDEX_REBUILDS, "Indexes built whole from the store");
    describe_histogram!(
        INDEX_REBUILD_SECONDS,
        metrics::Unit::Seconds,
        "Time to build an index whole from the store"
    );
    describe_counter!(
        FETCHES,
        "Web requests of the fetcher (pages, feeds), by outcome"
    );
    describe_counter!(FEED_POLLS, "Followed feeds polled, by outcome");
    describe_counter!(
        FEED_ARTICLES,
        "New feed items whose article was fetched and read, by outcome"
    );
}

/// The metrics in the Prometheus text format; empty when no recorder is installed.
pub fn render() -> String {
    match HANDLE.get() {
        Some(Some(handle)) => {
            // Samples recorded since the last upkeep are folded in first: a scrape shows every
            // answer counted so far, in the counters and the histograms alike.
            handle.run_upkeep();
            handle.render()
        }
        _ => String::new(),
    }
}

/// Folds histogram samples into their buckets every few seconds, so that memory stays flat
/// between scrapes (the exporter leaves this to whoever installs the recorder). Runs for ever.
pub async fn upkeep() {
    let Some(Some(handle)) = HANDLE.get() else {
        return;
    };
    loop {
        tokio::time::sleep(UPKEEP).await;
        handle.run_upkeep();
    }
}

// ----- labels -----------------------------------------------------------------------------

/// The `command` label of what is not a slash command.
pub mod command {
    /// Autocomplete choices for an option being typed.
    pub const AUTOCOMPLETE: &str = "autocomplete";
    /// A page button (Next, Previous).
    pub const PAGE: &str = "page";
    /// A button the bot no longer knows.
    pub const BUTTON: &str = "button";
    /// `/ingest`'s Confirm or Cancel.
    pub const INGEST_BUTTON: &str = "ingest_button";
    /// A message that mentions the bot (gateway only).
    pub const MENTION: &str = "mention";
    /// Discord's PING (HTTP endpoint only).
    pub const PING: &str = "ping";
    /// A slash command the table does not have.
    pub const UNKNOWN: &str = "unknown";
    /// A request not read as an interaction (refused or unreadable).
    pub const NONE: &str = "none";
}

/// The `outcome` label beside the reply model's own (`found`, `not_found`, `unclear`…).
pub mod outcome {
    /// Autocomplete gave choices.
    pub const CHOICES: &str = "choices";
    /// Autocomplete found nothing to offer.
    pub const NO_CHOICES: &str = "no_choices";
    /// PONG.
    pub const PONG: &str = "pong";
    /// Turned down: a moderators' command on the HTTP endpoint, or a member not allowed.
    pub const REFUSED: &str = "refused";
    /// A moderators' command or button carried out (its own reply says how it went).
    pub const HANDLED: &str = "handled";
    /// Unknown command, or an option it needs is missing.
    pub const UNKNOWN: &str = "unknown";
    /// A button the bot no longer knows.
    pub const EXPIRED: &str = "expired";
    /// The reply could not be delivered to Discord.
    pub const ERROR: &str = "error";
    /// Not signed by Discord, or a replay (401).
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// Signed, but not an interaction this bot answers (400).
    pub const BAD_REQUEST: &str = "bad_request";
}

/// The `command` label of a slash command: its name in the command table, or `unknown` (what a
/// client sends is never a label: the number of series stays bounded).
pub fn command_label(name: &str) -> &'static str {
    commands::find(name).map_or(command::UNKNOWN, |c| c.name)
}

/// One interaction as the metrics count it: which command (or kind), how it ended, and how long
/// its reply took to build from the index, when it was built from the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub command: &'static str,
    pub outcome: &'static str,
    pub answer: Option<Duration>,
}

impl Tally {
    /// An interaction whose reply did not come from the index.
    pub fn of(command: &'static str, outcome: &'static str) -> Tally {
        Tally {
            command,
            outcome,
            answer: None,
        }
    }

    /// A reply built from the index in `took`.
    pub fn answered(command: &'static str, outcome: &'static str, took: Duration) -> Tally {
        Tally {
            command,
            outcome,
            answer: Some(took),
        }
    }

    /// The same interaction, whose reply could not be delivered.
    pub fn failed(self) -> Tally {
        Tally {
            outcome: outcome::ERROR,
            ..self
        }
    }
}

/// Counts one interaction, and its answer time.
pub fn interaction(tally: &Tally) {
    // The time first: a scrape that sees the interaction counted sees its time too.
    if let Some(took) = tally.answer {
        histogram!(ANSWER_SECONDS, "command" => tally.command).record(took.as_secs_f64());
    }
    counter!(INTERACTIONS, "command" => tally.command, "outcome" => tally.outcome).increment(1);
}

/// An HTTP interaction was looked up among the replies kept (`hit`: answered from them).
pub fn answer_cache(hit: bool) {
    counter!(ANSWER_CACHE, "result" => if hit { "hit" } else { "miss" }).increment(1);
}

/// An index with `statements` statements from `articles` articles is in force.
pub fn index_in_force(statements: usize, articles: usize) {
    gauge!(INDEX_STATEMENTS).set(statements as f64);
    gauge!(INDEX_ARTICLES).set(articles as f64);
}

/// A change of `kind` (add, retract, restore) was applied to the running index in `seconds`.
pub fn change_applied(kind: &str, seconds: f64) {
    let kind = change_kind(kind);
    counter!(INDEX_CHANGES, "kind" => kind).increment(1);
    histogram!(INDEX_CHANGE_SECONDS, "kind" => kind).record(seconds);
}

/// The `kind` label of a change: one of the three, else `other`.
fn change_kind(kind: &str) -> &'static str {
    match kind {
        "add" => "add",
        "retract" => "retract",
        "restore" => "restore",
        _ => "other",
    }
}

/// An index was built whole from the store in `seconds`.
pub fn full_rebuild(seconds: f64) {
    counter!(INDEX_REBUILDS).increment(1);
    histogram!(INDEX_REBUILD_SECONDS).record(seconds);
}

// ----- serving ----------------------------------------------------------------------------

/// `GET /metrics`: the scrape, in the Prometheus text format.
pub async fn scrape() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], render())
}

/// The routes of `--metrics ADDR`: `GET /metrics` alone.
pub fn router() -> Router {
    Router::new().route("/metrics", get(scrape))
}

/// Listens on `addr` for scrapes (`--metrics ADDR`), says where on stdout
/// (`{"event": "metrics", "addr": …}`) and in the log, and serves in the background. An address
/// that cannot be listened on is an error: the operator asked for metrics.
pub async fn serve(addr: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr} for metrics (--metrics): {e}"))?;
    let bound = listener.local_addr().unwrap_or(addr);
    tracing::info!("metrics served on http://{bound}/metrics");
    super::announce("metrics", serde_json::json!({"addr": bound.to_string()}));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router()).await {
            tracing::error!(error = %e, "the metrics server stopped");
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_labels_come_from_the_table_only() {
        assert_eq!(command_label("position"), "position");
        assert_eq!(command_label(commands::FIND_THE_SOURCE), "Find the source");
        assert_eq!(command_label("ingest"), "ingest");
        assert_eq!(command_label("p0sition"), command::UNKNOWN);
        assert_eq!(command_label(&"x".repeat(500)), command::UNKNOWN);
    }

    #[test]
    fn change_kinds_are_bounded() {
        assert_eq!(change_kind("add"), "add");
        assert_eq!(change_kind("restore"), "restore");
        assert_eq!(change_kind("Add"), "other");
    }

    #[test]
    fn names_are_prefixed_and_well_formed() {
        for name in [
            INTERACTIONS,
            ANSWER_SECONDS,
            INDEX_STATEMENTS,
            INDEX_ARTICLES,
            INDEX_CHANGES,
            INDEX_CHANGE_SECONDS,
            INDEX_REBUILDS,
            INDEX_REBUILD_SECONDS,
            FETCHES,
            FEED_POLLS,
            FEED_ARTICLES,
        ] {
            assert!(name.starts_with("positions_"), "{name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
        for buckets in [&ANSWER_BUCKETS[..], &CHANGE_BUCKETS, &REBUILD_BUCKETS] {
            assert!(buckets.windows(2).all(|w| w[0] < w[1]), "{buckets:?}");
        }
    }

    /// What a scrape shows after one answer, a change and a rebuild, through a recorder of this
    /// test's own (the process-wide one is left alone).
    #[test]
    fn a_scrape_shows_counts_buckets_and_help() {
        let recorder = builder().unwrap().build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, || {
            describe();
            interaction(&Tally::answered(
                "position",
                "found",
                Duration::from_micros(7),
            ));
            interaction(&Tally::of(command::PING, outcome::PONG));
            index_in_force(27, 1);
            change_applied("add", 0.003);
            full_rebuild(1.5);
        });
        let text = handle.render();
        for line in [
            "# HELP positions_interactions_total Interactions handled",
            "# TYPE positions_interactions_total counter",
            "positions_interactions_total{command=\"position\",outcome=\"found\"} 1",
            "positions_interactions_total{command=\"ping\",outcome=\"pong\"} 1",
            "# TYPE positions_answer_seconds histogram",
            "positions_answer_seconds_bucket{command=\"position\",le=\"0.000005\"} 0",
            "positions_answer_seconds_bucket{command=\"position\",le=\"0.00001\"} 1",
            "positions_answer_seconds_count{command=\"position\"} 1",
            "positions_index_statements 27",
            "positions_index_articles 1",
            "positions_index_changes_total{kind=\"add\"} 1",
            "positions_index_change_seconds_bucket{kind=\"add\",le=\"0.005\"} 1",
            "positions_index_rebuilds_total 1",
            "positions_index_rebuild_seconds_bucket{le=\"1\"} 0",
            "positions_index_rebuild_seconds_bucket{le=\"2.5\"} 1",
        ] {
            assert!(text.contains(line), "{line}\nnot in:\n{text}");
        }
    }

    #[test]
    fn a_failed_delivery_keeps_the_command_and_the_answer_time() {
        let t = Tally::answered("position", "found", Duration::from_micros(7));
        assert_eq!(
            t.failed(),
            Tally::answered("position", outcome::ERROR, Duration::from_micros(7))
        );
    }
}
