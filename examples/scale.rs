//! Measures the bot at a given store size: `--statements N [--seed S] [--json]` generates a
//! synthetic data folder (once, in a child process, so its memory does not count), then times
//! loading it from files and building the index, reads the peak memory, and times every kind of
//! question (p50 and p99 in microseconds), next to the naive linear scan.
//!
//! `cargo run --release --example scale -- --statements 1000000 --json`
//! `cargo run --release --example scale -- --data data --json` (the seed store)
//! `... --database-url postgres://…/empty_db [--database-only]`: the store in PostgreSQL too

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clap::Parser;
use positions::answer::answer;
use positions::answer::complete;
use positions::answer::query::Question;
use positions::app;
use positions_bench::{baseline, folder, synth};

/// mimalloc, as `src/main.rs` chooses for the bot, so the figures are the bot's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Time loading and answering at a store size")]
struct Args {
    /// How many statements.
    #[arg(long, default_value_t = 100_000)]
    statements: usize,
    /// The random seed of the store and of the questions.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Questions timed per kind.
    #[arg(long, default_value_t = 2_000)]
    queries: usize,
    /// Longest time spent on the naive scan, in seconds.
    #[arg(long, default_value_t = 20.0)]
    naive_seconds: f64,
    /// The data folder to generate (once) and load; default: one per size and seed in the
    /// system's temporary folder.
    #[arg(long)]
    store: Option<PathBuf>,
    /// Measure an existing data folder (such as `data`, the seed store) instead of a synthetic
    /// one; `--statements` is then ignored.
    #[arg(long, conflicts_with = "store")]
    data: Option<PathBuf>,
    /// Also measure the store in PostgreSQL, in this empty database: the copy into it, a
    /// replica's first start from it, the catch-up of one article (commit to answerable) and a
    /// cold start from the snapshot (the figures under "database").
    #[arg(long)]
    database_url: Option<String>,
    /// Articles whose catch-up is timed, one at a time.
    #[arg(long, default_value_t = 200)]
    catch_ups: usize,
    /// Measure only the store in PostgreSQL (with --database-url).
    #[arg(long, requires = "database_url")]
    database_only: bool,
    /// Internal: only write the data folder, then exit.
    #[arg(long, hide = true)]
    write_only: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let dir = args
        .store
        .clone()
        .unwrap_or_else(|| folder::default_dir(args.statements, args.seed));
    let gazetteer_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = args.data.clone().unwrap_or(dir);
    if args.write_only {
        anyhow::ensure!(
            args.data.is_none(),
            "--write-only writes a synthetic store only"
        );
        folder::write(&gazetteer_dir, args.statements, args.seed, &dir)?;
        return Ok(());
    }
    if args.data.is_none() && !folder::is_complete(&dir) {
        eprintln!(
            "generating {} statements in {} ...",
            args.statements,
            dir.display()
        );
        let status = Command::new(std::env::current_exe()?)
            .args(["--statements", &args.statements.to_string()])
            .args(["--seed", &args.seed.to_string()])
            .arg("--store")
            .arg(&dir)
            .arg("--write-only")
            .status()?;
        anyhow::ensure!(status.success(), "generating the store failed");
    }
    if args.database_only {
        let url = args.database_url.as_deref().unwrap_or_default();
        let figures = positions_bench::database::measure(&dir, url, args.catch_ups)
            .map_err(anyhow::Error::msg)?;
        println!("{}", serde_json::json!({ "database": figures }));
        return Ok(());
    }
    let disk = articles_bytes(&dir.join(positions::store::ARTICLES_DIR))?;
    // Read once so that every run loads from the page cache alike.
    let _ = articles_bytes_read(&dir.join(positions::store::ARTICLES_DIR));

    let started = Instant::now();
    let cpu_before = positions_bench::process::cpu_seconds_of("/proc/self/stat");
    let index = app::load(&dir)?;
    let load_s = started.elapsed().as_secs_f64();
    let load_cpu_s = positions_bench::process::cpu_seconds_of("/proc/self/stat") - cpu_before;
    let rss_after_load = peak_rss_mb();

    let q = synth::questions(
        &index.gazetteer,
        &index.statements().map(|(_, s)| s).collect::<Vec<_>>(),
        args.queries,
        args.seed,
    );
    let slash = |who: &str, topic: Option<&str>| Question::Position {
        who: who.to_string(),
        topic: topic.map(str::to_string),
    };
    let position = time(&q.names, |who| {
        answer(&index, &slash(who, None), 0, who);
    });
    let topics: Vec<(String, String)> = q
        .names
        .iter()
        .cloned()
        .zip(q.topics.iter().cloned())
        .collect();
    let position_topic = time(&topics, |(who, t)| {
        answer(&index, &slash(who, Some(t)), 0, who);
    });
    let resolve_typo = time(&q.typos, |name| {
        black_box(index.resolve(name));
    });
    let whosaid = time(&q.phrases, |p| {
        let question = Question::WhoSaid {
            phrase: p.to_string(),
        };
        answer(&index, &question, 0, p);
    });
    let topic = time(&q.topics, |t| {
        let question = Question::Topic {
            word: t.to_string(),
        };
        answer(&index, &question, 0, t);
    });
    let autocomplete = time(&q.prefixes, |p| {
        black_box(complete::complete(&index, p));
    });
    let naive = time_bounded(
        &q.names,
        Duration::from_secs_f64(args.naive_seconds),
        |who| {
            black_box(baseline::position(&index, who, None));
        },
    );
    let dedup = dedup(&index, &gazetteer_dir, args.seed)?;
    let printed_more_than_once = index
        .statements()
        .filter(|&(id, _)| index.printings(id).len() > 1)
        .count();
    let speedup = naive.p50 / position.p50.max(1e-9);
    let rss_mb = peak_rss_mb();
    let mut index = index;
    let live = changes(&mut index, &gazetteer_dir, args.seed)?;
    let (statements, articles) = (index.len(), index.articles().len());
    let index_printings = index
        .articles()
        .iter()
        .map(|a| index.statements_of(&a.id).count())
        .sum::<usize>();
    let start = cold_start(index, &dir)?;
    let disk_mb = disk as f64 / 1e6;
    let report = serde_json::json!({
        "statements": statements,
        "printings": index_printings,
        "printed_more_than_once": printed_more_than_once,
        "articles": articles,
        "load_s": round(load_s, 3),
        "load_cpu_s": round(load_cpu_s, 2),
        "load_avg_1m": load_average(),
        "rss_mb": round(rss_mb, 1),
        "rss_after_load_mb": round(rss_after_load, 1),
        "disk_mb": round(disk_mb, 1),
        "rss_over_disk": round(rss_mb / disk_mb, 2),
        "position_us": position.json(),
        "position_topic_us": position_topic.json(),
        "resolve_typo_us": resolve_typo.json(),
        "whosaid_us": whosaid.json(),
        "topic_us": topic.json(),
        "autocomplete_us": autocomplete.json(),
        "naive_position_us": naive.json(),
        "naive_runs": naive.runs,
        "speedup_vs_naive": round(speedup, 0),
        "add_article_ms": live.add.json(),
        "add_backdated_ms": live.add_backdated.json(),
        "add_peak_rss_ratio": round(live.add_peak_rss_ratio, 3),
        "dedup_ms": dedup.json(),
        "retract_ms": live.retract.json(),
        "retract_anywhere_ms": live.retract_anywhere.json(),
        "restore_ms": live.restore.json(),
        "statements_per_added_article": round(live.per_article, 1),
        "snapshot_write_s": round(start.write_s, 3),
        "snapshot_mb": round(start.mb, 1),
        "cold_start_s": round(start.cold_start_s, 3),
    });
    let mut report = report;
    if let Some(url) = &args.database_url {
        report["database"] = positions_bench::database::measure(&dir, url, args.catch_ups)
            .map_err(anyhow::Error::msg)?;
    }
    if args.json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(())
}

/// Finding the other printings of an article's statements (issue 19), in milliseconds per
/// article: 60 articles, half of them new (nothing to find, as most news), half reprints of
/// stored articles (every statement found).
fn dedup(
    index: &positions::index::Index,
    gazetteer_dir: &Path,
    seed: u64,
) -> anyhow::Result<Timing> {
    let g = positions::entities::Gazetteer::load(gazetteer_dir)?;
    let fresh = synth::generate(&g, 30 * 20, seed.wrapping_add(11));
    let mut articles: Vec<Vec<positions::model::Statement>> = fresh
        .articles
        .iter()
        .take(30)
        .map(|a| {
            fresh
                .statements
                .iter()
                .filter(|s| s.article == a.meta.id)
                .cloned()
                .collect()
        })
        .collect();
    let stored = index.articles();
    let mut rng = positions_bench::Rng::new(seed ^ 0xd3d0);
    for _ in 0..30 {
        let a = &stored[rng.below(stored.len())];
        articles.push(
            index
                .statements_of(&a.id)
                .map(|(_, s)| {
                    let mut s = s.clone();
                    s.article = format!("reprint-of-{}", a.id);
                    s
                })
                .collect(),
        );
    }
    let mut ms: Vec<f64> = articles
        .iter()
        .map(|statements| {
            let t = Instant::now();
            for s in statements {
                black_box(index.find_printings(s));
            }
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    Ok(percentiles(&mut ms))
}

/// What changing the index in place costs (issue 13), in milliseconds.
struct Live {
    add: Timing,
    add_backdated: Timing,
    add_peak_rss_ratio: f64,
    retract: Timing,
    retract_anywhere: Timing,
    restore: Timing,
    per_article: f64,
}

/// Adds 60 new articles to the loaded index in place (40 of today, the newest day of the store,
/// as a feed brings them, and 20 with dates anywhere in the store's four years), then retracts
/// and restores 100 recent statements and retracts 100 anywhere, timing each change; and the
/// peak memory while adding over the memory before.
fn changes(
    index: &mut positions::index::Index,
    gazetteer_dir: &Path,
    seed: u64,
) -> anyhow::Result<Live> {
    use positions::index::Change;
    let g = positions::entities::Gazetteer::load(gazetteer_dir)?;
    let fresh = synth::generate(&g, 60 * 20, seed.wrapping_add(7));
    let newest = index.articles().first().and_then(|a| a.published.clone());
    let mut articles: Vec<(positions::model::Article, Vec<positions::model::Statement>)> = fresh
        .articles
        .iter()
        .map(|a| {
            let mut meta = a.meta.clone();
            meta.id = format!("live-{}", meta.id);
            let statements = fresh
                .statements
                .iter()
                .filter(|s| s.article == a.meta.id)
                .map(|s| {
                    let mut s = s.clone();
                    s.article = meta.id.clone();
                    s.id = format!("{}-live", s.id).into();
                    s
                })
                .collect();
            (meta, statements)
        })
        .collect();
    articles.truncate(60);
    let per_article =
        articles.iter().map(|(_, s)| s.len()).sum::<usize>() as f64 / articles.len().max(1) as f64;
    let rss_before = rss_mb();
    reset_peak_rss();
    let mut add = Vec::new();
    let mut add_backdated = Vec::new();
    for (i, (mut meta, statements)) in articles.into_iter().enumerate() {
        let today = i < 40;
        if today {
            meta.published = newest.clone();
        }
        let t = Instant::now();
        index.apply(vec![Change::Add {
            article: meta,
            statements,
        }]);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if today {
            add.push(ms)
        } else {
            add_backdated.push(ms)
        }
    }
    let add_peak_rss_ratio = peak_rss_mb() / rss_before;
    // Retractions of recent statements (among the newest 2,000: what a moderator takes back), and
    // of statements anywhere in the store.
    let mut rng = positions_bench::Rng::new(seed);
    let mut pick = |within: usize| -> Vec<String> {
        (0..100)
            .map(|_| {
                let n = index.len().min(within);
                let id = index.first_ids(n).nth(rng.below(n)).expect("a statement");
                index.statement(id).id.to_string()
            })
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .collect()
    };
    let recent = pick(2_000);
    let anywhere: Vec<String> = pick(usize::MAX)
        .into_iter()
        .filter(|id| !recent.contains(id))
        .collect();
    let timed = |index: &mut positions::index::Index, change: Change| {
        let t = Instant::now();
        index.apply(vec![change]);
        t.elapsed().as_secs_f64() * 1e3
    };
    let mut retract: Vec<f64> = recent
        .iter()
        .map(|id| timed(index, Change::Retract { id: id.clone() }))
        .collect();
    let mut restore: Vec<f64> = recent
        .iter()
        .map(|id| timed(index, Change::Restore { id: id.clone() }))
        .collect();
    let mut retract_anywhere: Vec<f64> = anywhere
        .iter()
        .map(|id| timed(index, Change::Retract { id: id.clone() }))
        .collect();
    for id in &anywhere {
        index.apply(vec![Change::Restore { id: id.clone() }]);
    }
    Ok(Live {
        add: percentiles(&mut add),
        add_backdated: percentiles(&mut add_backdated),
        add_peak_rss_ratio,
        retract: percentiles(&mut retract),
        retract_anywhere: percentiles(&mut retract_anywhere),
        restore: percentiles(&mut restore),
        per_article,
    })
}

/// Starting from a snapshot (issue 13).
struct ColdStart {
    write_s: f64,
    mb: f64,
    cold_start_s: f64,
}

/// Saves the index as the snapshot beside the store, drops it, then times what a serving process
/// does at start: reading the gazetteer and the snapshot, to the first answer. The snapshot is
/// removed afterwards (the store's folder stays as generated).
fn cold_start(index: positions::index::Index, dir: &Path) -> anyhow::Result<ColdStart> {
    let signature = positions::store::signature(dir);
    let stamps = positions::store::Stamps::take(dir);
    let started = Instant::now();
    app::save_snapshot(dir, &index, signature, &stamps)?;
    let write_s = started.elapsed().as_secs_f64();
    let path = dir.join(app::SNAPSHOT_FILE);
    let mb = std::fs::metadata(&path)?.len() as f64 / 1e6;
    let probe = index
        .articles()
        .first()
        .map(|_| "/position united states".to_string());
    drop(index);
    let started = Instant::now();
    let loaded = app::load_for_serving(dir)?;
    anyhow::ensure!(loaded.from_snapshot, "the snapshot was not used");
    if let Some(q) = probe {
        black_box(positions::answer::ask(&loaded.index, &q, 0));
    }
    let cold_start_s = started.elapsed().as_secs_f64();
    std::fs::remove_file(&path)?;
    Ok(ColdStart {
        write_s,
        mb,
        cold_start_s,
    })
}

/// Latencies of one kind of question, in microseconds.
struct Timing {
    p50: f64,
    p99: f64,
    runs: usize,
}

impl Timing {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "p50": round(self.p50, 2), "p99": round(self.p99, 2) })
    }
}

/// Times `f` on every input, after a warm-up pass over the first hundred.
fn time<T>(inputs: &[T], mut f: impl FnMut(&T)) -> Timing {
    for x in inputs.iter().take(100) {
        f(x);
    }
    let mut us: Vec<f64> = inputs
        .iter()
        .map(|x| {
            let t = Instant::now();
            f(x);
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    percentiles(&mut us)
}

/// Like `time`, without warm-up, stopping after `budget` (at least three runs).
fn time_bounded<T>(inputs: &[T], budget: Duration, mut f: impl FnMut(&T)) -> Timing {
    let started = Instant::now();
    let mut us = Vec::new();
    for x in inputs {
        if us.len() >= 3 && started.elapsed() > budget {
            break;
        }
        let t = Instant::now();
        f(x);
        us.push(t.elapsed().as_secs_f64() * 1e6);
    }
    percentiles(&mut us)
}

fn percentiles(us: &mut [f64]) -> Timing {
    us.sort_by(f64::total_cmp);
    let at = |p: f64| us[((us.len() as f64 * p).ceil() as usize).clamp(1, us.len()) - 1];
    Timing {
        p50: at(0.50),
        p99: at(0.99),
        runs: us.len(),
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

/// The machine's load average over the last minute (other work competing for the cores).
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

/// The peak resident memory of this process so far (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb * 1024.0 / 1e6)
}

/// The resident memory of this process now (VmRSS), in MB.
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb * 1024.0 / 1e6)
}

/// Starts the peak resident memory (VmHWM) again from the present one (Linux: clear_refs 5).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", b"5");
}

/// The bytes of every file under `dir` (their lengths, not the blocks they take).
fn articles_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            articles_bytes(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

fn articles_bytes_read(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        total += if path.is_dir() {
            articles_bytes_read(&path)?
        } else {
            std::fs::read(&path)?.len() as u64
        };
    }
    Ok(total)
}
