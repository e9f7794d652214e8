//! The statement store on disk: one folder per article under `data/articles/`, holding the text
//! as received, its metadata and the statements extracted from it. Reading validates every record
//! (file, line, field; the formats in `format`); writing is atomic (`write`: temporary folder,
//! fsync, rename, fsync of the parent, under the writers' lock); `retract` keeps the retractions
//! and `signature` notices changes made by other processes; `diff` tells what changed since the
//! index was built, for a serving process to follow change by change. `backend` is the seam both
//! kinds of store implement, and `registry` the seam for the feeds, follows and Wikidata people;
//! `postgres` keeps the same in a database.

mod backend;
mod diff;
mod format;
mod open;
pub mod postgres;
mod registry;
mod retract;
mod signature;
mod write;

#[cfg(test)]
mod fake_index;
#[cfg(test)]
mod interface_tests;
#[cfg(test)]
mod registry_tests;

pub use backend::{url_key, Added, ArticleStore, Files};
pub use diff::{diff, read_new_article, Indexed, Look, NewArticle, Stamps, StoreDiff};
pub use format::{parse_statements, read_statements};
pub use open::{database, gazetteer, open, registry, use_database};
pub use registry::{change_follows, copy as copy_registry, Copied, Registry, WikidataText};
pub use retract::{restore, retract, RetractError, Retraction};
pub use signature::signature;
pub use write::{
    body_fingerprint, claim_free_id, free_article_id, lock, replace_file, slug, stored_articles,
    write_article, WriteLock, LOCK_FILE,
};

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::model::{Article, Statement};
use format::{read_article, validate_statement};
use retract::read_retractions;

pub const ARTICLES_DIR: &str = "articles";
pub const ARTICLE_TEXT: &str = "article.txt";
pub const ARTICLE_META: &str = "article.json";
pub const STATEMENTS_FILE: &str = "statements.jsonl";
pub const RETRACTIONS_FILE: &str = "retractions.jsonl";

/// An article with its body.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub meta: Article,
    pub body: String,
}

/// Everything under `data/` but the gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub articles: Vec<StoredArticle>,
    pub statements: Vec<Statement>,
    pub retractions: Vec<Retraction>,
}

/// What `check` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub articles: usize,
    pub statements: usize,
    pub retracted: usize,
    pub entities: usize,
    pub people: usize,
}

impl Store {
    /// Reads and validates the store under `dir`; the first bad record stops the load.
    pub fn load(dir: &Path, gazetteer: &Gazetteer) -> Result<Store, DataError> {
        Store::read(dir, gazetteer, true)
    }

    /// Like `load`, but each article's body is dropped once read and checked: the index needs
    /// none, and at 10^6 statements they are a third of the store.
    pub fn load_without_bodies(dir: &Path, gazetteer: &Gazetteer) -> Result<Store, DataError> {
        Store::read(dir, gazetteer, false)
    }

    fn read(dir: &Path, gazetteer: &Gazetteer, bodies: bool) -> Result<Store, DataError> {
        let mut store = Store::default();
        let articles_dir = dir.join(ARTICLES_DIR);
        let mut folders: Vec<PathBuf> = match fs::read_dir(&articles_dir) {
            Ok(rd) => rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir() && !is_temporary(p))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(DataError::file(&articles_dir, format!("cannot read: {e}"))),
        };
        folders.sort();
        // Where each statement was read (folder, line), for telling where a duplicate is.
        let mut origin: Vec<(u32, u32)> = Vec::new();
        let read = read_folders(&folders, gazetteer, bodies);
        // Sized once: growing a million statements by doubling copies them into fresh memory
        // again and again.
        let total: usize = read.iter().flatten().map(|(_, st)| st.len()).sum();
        // With a sixteenth more room: an index built from it grows in place (see `index`).
        store.statements.reserve_exact(total + total / 16 + 4);
        origin.reserve_exact(total);
        store.articles.reserve_exact(read.len());
        for (k, loaded) in read.into_iter().enumerate() {
            let (article, statements) = loaded?;
            let path = folders[k].join(STATEMENTS_FILE);
            for (line, s, valid) in statements {
                valid.map_err(|m| DataError::line(&path, line, m))?;
                origin.push((k as u32, line as u32));
                store.statements.push(s);
            }
            store.articles.push(article);
        }
        // Every id once: the statements sorted by a hash of their id, so that a repeat is a
        // neighbour (a million ids are not copied into a map).
        let mut by_id: Vec<(u64, u32)> = store
            .statements
            .iter()
            .enumerate()
            .map(|(i, s)| (crate::model::fnv64(&[&s.id]), i as u32))
            .collect();
        by_id.sort_unstable();
        let mut repeat: Option<(u32, u32)> = None; // (later, earlier), the earliest later one
        for run in by_id.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            for (x, &(_, a)) in run.iter().enumerate() {
                for &(_, b) in &run[x + 1..] {
                    let (first, later) = (a.min(b), a.max(b));
                    let same =
                        store.statements[first as usize].id == store.statements[later as usize].id;
                    if same && repeat.is_none_or(|(l, _)| later < l) {
                        repeat = Some((later, first));
                    }
                }
            }
        }
        if let Some((later, first)) = repeat {
            let (k, line) = origin[later as usize];
            let (other, other_line) = origin[first as usize];
            return Err(DataError::line(
                &folders[k as usize].join(STATEMENTS_FILE),
                line as usize,
                format!(
                    "field `id`: duplicate id `{}` (also at {} line {other_line})",
                    store.statements[later as usize].id,
                    folders[other as usize].join(STATEMENTS_FILE).display()
                ),
            ));
        }
        drop(origin);
        let stored = |id: &str| {
            let h = crate::model::fnv64(&[id]);
            let from = by_id.partition_point(|&(k, _)| k < h);
            by_id[from..]
                .iter()
                .take_while(|&&(k, _)| k == h)
                .any(|&(_, i)| &*store.statements[i as usize].id == id)
        };
        store.retractions = read_retractions(&dir.join(RETRACTIONS_FILE), stored)?;
        Ok(store)
    }

    /// Validates what `load` does, plus that every statement's text stands in its article.
    pub fn check(dir: &Path, gazetteer: &Gazetteer) -> Result<Counts, DataError> {
        let store = Store::load(dir, gazetteer)?;
        let bodies: HashMap<&str, &str> = store
            .articles
            .iter()
            .map(|a| (a.meta.id.as_str(), a.body.as_str()))
            .collect();
        // The statements again, with the line each stands on (blank lines count), to say where a
        // quote is not in its article.
        for article in &store.articles {
            let path = dir
                .join(ARTICLES_DIR)
                .join(&article.meta.id)
                .join(STATEMENTS_FILE);
            for (line, s) in read_statements(&path)? {
                let body = bodies.get(s.article.as_str()).copied().unwrap_or_default();
                if !body.contains(&*s.text) {
                    return Err(DataError::line(
                        &path,
                        line,
                        format!(
                            "field `text`: statement `{}` is not printed in the article as written",
                            s.id
                        ),
                    ));
                }
            }
        }
        let retracted = store.retracted_ids().len();
        Ok(Counts {
            articles: store.articles.len(),
            statements: store.statements.len(),
            retracted,
            entities: gazetteer.entities().len(),
            people: gazetteer.people().len(),
        })
    }

    /// The ids currently retracted.
    pub fn retracted_ids(&self) -> std::collections::HashSet<&str> {
        self.retractions.iter().map(|r| r.id.as_str()).collect()
    }

    /// The stored article with the same body, if any.
    pub fn article_with_fingerprint(&self, fp: &str) -> Option<&Article> {
        self.articles
            .iter()
            .map(|a| &a.meta)
            .find(|m| m.fingerprint == fp)
    }
}

pub(super) fn is_temporary(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// An article folder as read: the article, and each statement with its line and whether it is
/// valid.
type ReadFolder = (StoredArticle, Vec<(usize, Statement, Result<(), String>)>);

/// Reads and validates article folders on two threads (reading and parsing are most of loading
/// a large store), in order. Each half stops after its first unreadable folder, so the first
/// error in folder order is still the one reported.
fn read_folders(
    folders: &[PathBuf],
    gazetteer: &Gazetteer,
    bodies: bool,
) -> Vec<Result<ReadFolder, DataError>> {
    let read_half = |half: &[PathBuf]| {
        let mut out = Vec::with_capacity(half.len());
        for folder in half {
            let read = read_folder(folder, gazetteer, bodies);
            let failed = read.is_err();
            out.push(read);
            if failed {
                break;
            }
        }
        out
    };
    let (first, second) = folders.split_at(folders.len() / 2);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| read_half(second));
        let mut out = read_half(first);
        let second = second.join().expect("reading the store finishes");
        if out.len() == first.len() && out.last().is_none_or(Result::is_ok) {
            out.extend(second);
        }
        out
    })
}

fn read_folder(folder: &Path, gazetteer: &Gazetteer, body: bool) -> Result<ReadFolder, DataError> {
    let article = read_article(folder, body)?;
    let statements = read_statements(&folder.join(STATEMENTS_FILE))?
        .into_iter()
        .map(|(line, s)| {
            let valid = validate_statement(&s, &article.meta, gazetteer);
            (line, s, valid)
        })
        .collect();
    Ok((article, statements))
}
