//! `positions store copy --from A --to B`: moves a store between a data folder and a database
//! (either way), adding to the target only what it lacks, so running it twice changes nothing:
//! the articles and retractions, then the feeds (with the watcher's memory), follows, the
//! poster's cursor and the Wikidata people (`store::copy_registry`).
//! Statements are checked against the gazetteer of `--data` on the way.

use std::path::Path;
use std::process::ExitCode;

use crate::entities::Gazetteer;
use crate::store::postgres::Postgres;
use crate::store::{self, ArticleStore, Files, Store};

/// Whether a `--from`/`--to` names a database rather than a folder.
fn is_database(place: &str) -> bool {
    let p = place.trim().to_ascii_lowercase();
    p.starts_with("postgres://") || p.starts_with("postgresql://")
}

/// `store copy`.
pub fn copy(data: &Path, from: &str, to: &str) -> anyhow::Result<ExitCode> {
    let gazetteer = crate::store::gazetteer(data)?;
    let started = std::time::Instant::now();
    let (articles, retractions, total, kept, learned) = match (is_database(from), is_database(to)) {
        (false, true) => {
            let source = Store::load(Path::new(from), &gazetteer)?;
            let target = connect(to, data)?;
            let (a, r) = target.copy_in(&source)?;
            let kept = store::copy_registry(&Files::new(from), &target)?;
            let learned = crate::shell::people::keep_learned_in(data, &target, &target)?;
            (a, r, source.articles.len(), kept, learned)
        }
        (true, false) => {
            let origin = connect(from, data)?;
            let source = origin.load(&gazetteer)?;
            let (a, r) = copy_to_folder(&source, Path::new(to), &gazetteer)?;
            let kept = store::copy_registry(&origin, &Files::new(to))?;
            // A folder keeps no learned people: they are derived from its articles when read.
            (a, r, source.articles.len(), kept, None)
        }
        (true, true) => {
            let origin = connect(from, data)?;
            let source = origin.load(&gazetteer)?;
            let target = connect(to, data)?;
            let (a, r) = target.copy_in(&source)?;
            let kept = store::copy_registry(&origin, &target)?;
            let learned = crate::shell::people::keep_learned_in(data, &target, &target)?;
            (a, r, source.articles.len(), kept, learned)
        }
        (false, false) => {
            anyhow::bail!("`store copy` moves a store between a folder and a database: give a postgres:// URL as --from or --to")
        }
    };
    outln!(
        "copied {articles} articles and {retractions} retractions in {:.1} s ({} articles were there already)",
        started.elapsed().as_secs_f64(),
        total - articles
    );
    let mut also = vec![
        format!("{} feeds", kept.feeds),
        format!("{} follows", kept.follows),
    ];
    if kept.cursor {
        also.push("the poster's cursor".to_string());
    }
    if kept.wikidata {
        also.push("the Wikidata people".to_string());
    }
    if let Some((people, conflicts)) = learned {
        also.push(format!(
            "{people} people learned from the articles ({conflicts} names with two sides or more)"
        ));
    }
    outln!("copied {}", also.join(", "));
    Ok(ExitCode::SUCCESS)
}

fn connect(url: &str, data: &Path) -> anyhow::Result<Postgres> {
    Ok(Postgres::connect(url, data)?)
}

/// Writes the articles the folder lacks (by id, with their ids kept) and the retractions it lacks.
fn copy_to_folder(
    source: &Store,
    dir: &Path,
    gazetteer: &Gazetteer,
) -> anyhow::Result<(usize, usize)> {
    let files = Files::new(dir);
    let held = files.lock()?;
    let have: std::collections::HashSet<String> =
        files.articles()?.into_iter().map(|a| a.id).collect();
    let mut by_article: std::collections::HashMap<&str, Vec<crate::model::Statement>> =
        std::collections::HashMap::new();
    for s in &source.statements {
        by_article
            .entry(s.article.as_str())
            .or_default()
            .push(s.clone());
    }
    let mut added = 0;
    for a in source
        .articles
        .iter()
        .filter(|a| !have.contains(&a.meta.id))
    {
        let statements = by_article.remove(a.meta.id.as_str()).unwrap_or_default();
        store::write_article(dir, &a.meta, &a.body, &statements).map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot write: {e}",
                dir.join(store::ARTICLES_DIR).join(&a.meta.id).display()
            )
        })?;
        added += 1;
    }
    drop(held);
    let retracted: std::collections::HashSet<String> = files
        .load(gazetteer)?
        .retractions
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut retractions = 0;
    for r in source
        .retractions
        .iter()
        .filter(|r| !retracted.contains(&r.id))
    {
        files.retract(gazetteer, r.clone())?;
        retractions += 1;
    }
    Ok((added, retractions))
}
