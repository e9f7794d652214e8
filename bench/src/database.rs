//! The store in PostgreSQL measured (`scale --database-url`): copying a data folder into an empty
//! database (and again, with nothing to copy), building an index from the database, a follower's
//! catch-up of one article from its commit to its being answerable, and a cold start of a replica
//! from its snapshot plus the catch-up of ten articles stored while it was down.

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use positions::entities::Gazetteer;
use positions::index::{Change, Index};
use positions::model::{fingerprint, statement_id, Article, Kind, Speaker, Statement};
use positions::store::postgres::Postgres;
use positions::store::{ArticleStore, Indexed, Look, Stamps, Store};

/// The index as the store's diff asks about it.
struct Held<'a>(&'a Index);

impl Indexed for Held<'_> {
    fn has_article(&self, id: &str) -> bool {
        self.0.has_article(id)
    }
    fn has_statement(&self, id: &str) -> bool {
        self.0.statement_by_key(id).is_some() || self.0.is_retracted(id)
    }
    fn retracted(&self) -> HashSet<String> {
        self.0.retracted_ids().map(str::to_string).collect()
    }
    fn articles(&self) -> usize {
        self.0.articles().len()
    }
}

/// A new one-statement article for the catch-up, with its body.
fn article(n: usize) -> (Article, String, Vec<Statement>) {
    let id = format!("bench-catch-up-{n}");
    let text = format!("Germany will fund bridge number {n} this year.");
    let body = format!("The chancellor spoke on Sunday.\n{text}\n");
    let statement = Statement {
        id: statement_id(&id, &text, 2).into(),
        text: text.as_str().into(),
        kind: Kind::Direct,
        speaker: Speaker {
            name: "Friedrich Merz".into(),
            role: Some("Chancellor of Germany".into()),
        },
        entity: Some("DE".to_string()),
        mentions: Vec::new(),
        article: id.clone(),
        paragraph: 2,
    };
    let meta = Article {
        id: id.clone(),
        title: Some(format!("Bridge {n}")),
        url: Some(format!("https://bench.example/{id}")),
        published: Some("2026-03-01".to_string()),
        fingerprint: fingerprint(&body),
        ..Article::default()
    };
    (meta, body, vec![statement])
}

/// Brings `index` up to `stamps`' next changes; the ids of the articles applied, in order.
fn catch_up(
    pg: &Postgres,
    gazetteer: &Gazetteer,
    index: &mut Index,
    stamps: &mut Stamps,
) -> Result<Vec<String>, String> {
    let diff = pg.changes(gazetteer, &Held(index), stamps, Look::Quick);
    if let Some(why) = diff.rebuild {
        return Err(format!("the follower would rebuild: {why}"));
    }
    if let Some(e) = diff.broken.first() {
        return Err(e.to_string());
    }
    *stamps = diff.stamps;
    let ids: Vec<String> = diff.added.iter().map(|a| a.article.id.clone()).collect();
    let changes = diff
        .added
        .into_iter()
        .map(|a| Change::Add {
            article: a.article,
            statements: a.statements,
        })
        .collect();
    index.apply(changes);
    Ok(ids)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Measures the store of `dir` in the empty database at `url`; `articles` catch-ups are timed.
/// Sets this process's store to the database (for the cold start's `app::load_for_serving`).
pub fn measure(dir: &Path, url: &str, articles: usize) -> Result<serde_json::Value, String> {
    let gazetteer = Gazetteer::load(dir).map_err(|e| e.to_string())?;
    let pg = Postgres::connect(url, dir).map_err(|e| e.to_string())?;
    let copy = |pg: &Postgres| -> Result<(f64, usize), String> {
        let started = Instant::now();
        let store = Store::load(dir, &gazetteer).map_err(|e| e.to_string())?;
        let (added, _) = pg.copy_in(&store).map_err(|e| e.to_string())?;
        Ok((started.elapsed().as_secs_f64(), added))
    };
    let (copy_s, copied) = copy(&pg)?;
    let (copy_again_s, _) = copy(&pg)?;

    // A replica's first start: the index built from the database.
    let started = Instant::now();
    let mut stamps = pg.stamps();
    let store = pg.load_for_index(&gazetteer).map_err(|e| e.to_string())?;
    let read_s = started.elapsed().as_secs_f64();
    let statements = store.statements.len();
    let mut index = Index::build(gazetteer.clone(), store);
    let load_s = started.elapsed().as_secs_f64();

    // The catch-up of one article at a time: the follower, woken by NOTIFY, applies the changes
    // after its index's number; timed from the writer's commit to the article being applied.
    let listener = Postgres::connect(url, dir).map_err(|e| e.to_string())?;
    let (woken_tx, woken) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let e = listener.listen(&|| {
            let _ = woken_tx.send(());
        });
        eprintln!("the listener stopped: {e}");
    });
    let follower = Postgres::connect(url, dir).map_err(|e| e.to_string())?;
    let (applied_tx, applied) = mpsc::channel::<(String, Instant)>();
    let (done_tx, done) = mpsc::channel::<Result<(Index, Stamps), String>>();
    let g = gazetteer.clone();
    let total = articles;
    std::thread::spawn(move || {
        let mut seen = 0;
        let result = (|| {
            while seen < total {
                woken
                    .recv_timeout(Duration::from_secs(60))
                    .map_err(|_| "no notification within a minute".to_string())?;
                for id in catch_up(&follower, &g, &mut index, &mut stamps)? {
                    seen += 1;
                    let _ = applied_tx.send((id, Instant::now()));
                }
            }
            Ok((index, stamps))
        })();
        let _ = done_tx.send(result);
    });
    // The listener's first wake (when it starts listening) comes before any article.
    let mut latencies = Vec::with_capacity(articles);
    for n in 0..articles {
        let (meta, body, statements) = article(n);
        pg.add_article(meta.clone(), &body, statements)
            .map_err(|e| e.to_string())?;
        let committed = Instant::now();
        let (id, at) = applied
            .recv_timeout(Duration::from_secs(60))
            .map_err(|_| format!("article {n} was not applied within a minute"))?;
        if id != meta.id {
            return Err(format!("applied {id}, expected {}", meta.id));
        }
        latencies.push(at.saturating_duration_since(committed).as_secs_f64() * 1e3);
    }
    let (index, stamps) = done
        .recv_timeout(Duration::from_secs(60))
        .map_err(|_| "the follower did not finish".to_string())??;
    latencies.sort_by(f64::total_cmp);

    // A cold start: the snapshot saved, ten articles stored meanwhile, then the replica loads
    // the snapshot and applies them.
    let replica = tempfile_dir()?;
    for name in ["entities.json", "people.json"] {
        std::fs::copy(dir.join(name), replica.join(name)).map_err(|e| e.to_string())?;
    }
    positions::store::use_database(url).map_err(|e| e.to_string())?;
    let signature = positions::store::open(&replica).signature();
    positions::app::save_snapshot(&replica, &index, signature, &stamps)
        .map_err(|e| e.to_string())?;
    drop(index);
    for n in articles..articles + 10 {
        let (meta, body, statements) = article(n);
        pg.add_article(meta, &body, statements)
            .map_err(|e| e.to_string())?;
    }
    let started = Instant::now();
    let loaded = positions::app::load_for_serving(&replica).map_err(|e| e.to_string())?;
    let ready_s = started.elapsed().as_secs_f64();
    if !loaded.from_snapshot {
        return Err("the snapshot was not used".to_string());
    }
    let (mut index, mut stamps) = (loaded.index, loaded.stamps);
    let caught = catch_up(&pg, &gazetteer, &mut index, &mut stamps)?;
    let cold_start_s = started.elapsed().as_secs_f64();
    if caught.len() != 10 {
        return Err(format!(
            "the cold start caught up {} articles, not 10",
            caught.len()
        ));
    }
    let _ = std::fs::remove_dir_all(&replica);
    Ok(serde_json::json!({
        "statements": statements,
        "copy_s": round(copy_s, 2),
        "copied_articles": copied,
        "copy_again_s": round(copy_again_s, 2),
        "read_from_database_s": round(read_s, 2),
        "first_start_s": round(load_s, 2),
        "catch_up_ms": {
            "p50": round(percentile(&latencies, 0.5), 2),
            "p99": round(percentile(&latencies, 0.99), 2),
            "max": round(latencies.last().copied().unwrap_or(0.0), 2),
            "articles": latencies.len(),
        },
        "cold_start_ready_s": round(ready_s, 3),
        "cold_start_s": round(cold_start_s, 3),
    }))
}

/// A fresh folder under the system's temporary folder.
fn tempfile_dir() -> Result<std::path::PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("positions-bench-replica-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
