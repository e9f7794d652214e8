//! What changed in the store since the index was built, for a serving process to follow without
//! reading it all again: new article folders (read and validated as the loader does), retractions
//! made or undone, and what only a full rebuild can follow (a folder gone or edited, the entities
//! or people changed). Reads files only; it asks about the index through `Indexed`.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use super::retract::read_retractions;
use super::{
    is_temporary, read_folder, ARTICLES_DIR, ARTICLE_META, ARTICLE_TEXT, RETRACTIONS_FILE,
    STATEMENTS_FILE,
};
use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::model::{Article, Statement};

/// The gazetteer's files: a change to any changes how every statement is read.
const GAZETTEER_FILES: [&str; 3] = [
    "entities.json",
    "people.json",
    crate::entities::WIKIDATA_PEOPLE_FILE,
];

/// How closely the store is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Every file of every folder is stamped: an edit of an indexed folder is seen (at 10^6
    /// statements, some 150,000 file stamps).
    Full,
    /// Only the folder names are listed (and the new folders stamped): for a notification that
    /// something landed, which an edit inside an indexed folder never is.
    Quick,
}

/// What the diff needs to know of the index it compares the store with.
pub trait Indexed {
    /// Whether an article of this id is indexed.
    fn has_article(&self, id: &str) -> bool;
    /// Whether a statement of this id is indexed, answerable or retracted.
    fn has_statement(&self, id: &str) -> bool;
    /// The ids of the statements the index holds retracted.
    fn retracted(&self) -> HashSet<String>;
    /// How many articles are indexed.
    fn articles(&self) -> usize;
}

/// The size and modification time of the files a full build reads, by path under `data/` (an
/// article folder's three files count as one entry, named by the folder): what a diff compares
/// with to tell an edit of something already indexed. Taken before a build, so a write made while
/// building is seen by the next diff.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamps {
    files: HashMap<String, u64>,
}

impl Stamps {
    /// The stamps of the gazetteer's files and of every article folder under `dir`.
    pub fn take(dir: &Path) -> Stamps {
        let mut files = HashMap::new();
        for name in GAZETTEER_FILES {
            files.insert(name.to_string(), stamp(&[&dir.join(name)]));
        }
        for (name, folder_stamp) in folders(dir, Look::Full).unwrap_or_default() {
            files.insert(folder_key(&name), folder_stamp.unwrap_or_default());
        }
        Stamps { files }
    }

    /// The stamps of the gazetteer's files alone: what a store kept elsewhere (the database)
    /// adds its own position to.
    pub fn gazetteer(dir: &Path) -> Stamps {
        let files = GAZETTEER_FILES
            .iter()
            .map(|name| (name.to_string(), stamp(&[&dir.join(name)])))
            .collect();
        Stamps { files }
    }

    /// The gazetteer file that changed since `before`, if any.
    pub fn gazetteer_changed(&self, before: &Stamps) -> Option<&'static str> {
        GAZETTEER_FILES.into_iter().find(|name| {
            before
                .get(name)
                .is_some_and(|was| Some(was) != self.get(name))
        })
    }

    /// The number of the last change in the database's change log this matches, with the
    /// database's identity (a hash of it): none for stamps of files.
    pub fn change_log(&self) -> Option<(u64, u64)> {
        Some((self.get(LOG_SEQ)?, self.get(LOG_STORE)?))
    }

    /// These stamps, at `seq` of the change log of the database `store` (a hash of its id).
    pub fn at_change(mut self, seq: u64, store: u64) -> Stamps {
        self.files.insert(LOG_SEQ.to_string(), seq);
        self.files.insert(LOG_STORE.to_string(), store);
        self
    }

    fn get(&self, key: &str) -> Option<u64> {
        self.files.get(key).copied()
    }
}

/// The keys under which stamps of a database store keep their place in its change log (no file
/// has a name with a colon in the data folder).
const LOG_SEQ: &str = "database:seq";
const LOG_STORE: &str = "database:store";

/// A new article as the index takes it: its metadata and every statement stored for it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    pub article: Article,
    pub statements: Vec<Statement>,
}

/// The store compared with the index.
#[derive(Debug, Default)]
pub struct StoreDiff {
    /// Article folders the index lacks, valid, in folder order.
    pub added: Vec<NewArticle>,
    /// Statements retracted on disk but answerable in the index.
    pub retracted: Vec<String>,
    /// Statements the index holds retracted that are no longer retracted on disk.
    pub restored: Vec<String>,
    /// What could not be read (a new folder, the retractions): reported and left out, the rest
    /// applied.
    pub broken: Vec<DataError>,
    /// Why only a full rebuild can follow the store, if it cannot be followed change by change.
    pub rebuild: Option<String>,
    /// The stamps seen: what the next diff compares with.
    pub stamps: Stamps,
}

impl StoreDiff {
    /// Whether the index is up to date with the store (as far as it can be).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.retracted.is_empty()
            && self.restored.is_empty()
            && self.rebuild.is_none()
    }
}

/// Compares the store under `dir` with `index`; `before` holds the stamps the index was built or
/// last compared with (empty when unknown: then no edit of an indexed folder can be told, nor with
/// a quick look).
pub fn diff(
    dir: &Path,
    gazetteer: &Gazetteer,
    index: &dyn Indexed,
    before: &Stamps,
    look: Look,
) -> StoreDiff {
    let mut out = StoreDiff::default();
    for name in GAZETTEER_FILES {
        let now = stamp(&[&dir.join(name)]);
        out.stamps.files.insert(name.to_string(), now);
        if before.get(name).is_some_and(|was| was != now) && out.rebuild.is_none() {
            out.rebuild = Some(format!("{name} changed"));
        }
    }
    let listed = match folders(dir, look) {
        Ok(listed) => listed,
        Err(e) => {
            out.broken.push(e);
            return out;
        }
    };
    let mut known = 0usize;
    let mut new = Vec::new();
    for (name, now) in listed {
        let key = folder_key(&name);
        let was = before.get(&key);
        let now = if index.has_article(&name) {
            known += 1;
            if now.is_some() && was.is_some() && now != was && out.rebuild.is_none() {
                out.rebuild = Some(format!("{key} changed"));
            }
            // A quick look keeps what the last full one saw.
            now.or(was)
        } else {
            let now = now.unwrap_or_else(|| folder_stamp(&dir.join(ARTICLES_DIR).join(&name)));
            new.push(name);
            Some(now)
        };
        if let Some(now) = now {
            out.stamps.files.insert(key, now);
        }
    }
    if known < index.articles() && out.rebuild.is_none() {
        out.rebuild = Some(format!("an article folder is gone from {ARTICLES_DIR}/"));
    }
    if out.rebuild.is_some() {
        return out;
    }
    // New statements' ids, to tell a repeat within the new folders as the loader would.
    let mut new_ids: HashSet<String> = HashSet::new();
    for name in new {
        match read_new(
            &dir.join(ARTICLES_DIR).join(&name),
            gazetteer,
            index,
            &new_ids,
        ) {
            Ok(article) => {
                new_ids.extend(article.statements.iter().map(|s| s.id.to_string()));
                out.added.push(article);
            }
            Err(e) => out.broken.push(e),
        }
    }
    let stored = |id: &str| index.has_statement(id) || new_ids.contains(id);
    match read_retractions(&dir.join(RETRACTIONS_FILE), stored) {
        Ok(list) => {
            let on_disk: HashSet<&str> = list.iter().map(|r| r.id.as_str()).collect();
            let in_index = index.retracted();
            out.retracted = list
                .iter()
                .map(|r| r.id.clone())
                .filter(|id| !in_index.contains(id))
                .collect();
            out.restored = in_index
                .into_iter()
                .filter(|id| !on_disk.contains(id.as_str()))
                .collect();
            out.restored.sort();
        }
        Err(e) => out.broken.push(e),
    }
    out
}

/// Reads one article folder as the loader does (every record checked, file and line on the first
/// bad one), for a writer in this process to hand its own new article to the index.
pub fn read_new_article(
    dir: &Path,
    id: &str,
    gazetteer: &Gazetteer,
    index: &dyn Indexed,
) -> Result<NewArticle, DataError> {
    read_new(
        &dir.join(ARTICLES_DIR).join(id),
        gazetteer,
        index,
        &HashSet::new(),
    )
}

fn read_new(
    folder: &Path,
    gazetteer: &Gazetteer,
    index: &dyn Indexed,
    also_new: &HashSet<String>,
) -> Result<NewArticle, DataError> {
    let (article, read) = read_folder(folder, gazetteer, false)?;
    let path = folder.join(STATEMENTS_FILE);
    let mut statements = Vec::with_capacity(read.len());
    let mut here: HashMap<String, usize> = HashMap::new();
    for (line, s, valid) in read {
        valid.map_err(|m| DataError::line(&path, line, m))?;
        let elsewhere = index.has_statement(&s.id) || also_new.contains(&*s.id);
        if let Some(first) = here.insert(s.id.to_string(), line) {
            return Err(DataError::line(
                &path,
                line,
                format!("field `id`: duplicate id `{}` (also line {first})", s.id),
            ));
        }
        if elsewhere {
            return Err(DataError::line(
                &path,
                line,
                format!(
                    "field `id`: duplicate id `{}` (already stored in another article)",
                    s.id
                ),
            ));
        }
        statements.push(s);
    }
    Ok(NewArticle {
        article: article.meta,
        statements,
    })
}

fn folder_key(name: &str) -> String {
    format!("{ARTICLES_DIR}/{name}")
}

/// The article folders under `dir` (temporary ones left out), sorted by name, with their stamps
/// on a full look.
fn folders(dir: &Path, look: Look) -> Result<Vec<(String, Option<u64>)>, DataError> {
    let articles = dir.join(ARTICLES_DIR);
    let entries = match fs::read_dir(&articles) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(DataError::file(&articles, format!("cannot read: {e}"))),
    };
    let mut out: Vec<(String, Option<u64>)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            // The entry's type comes with the listing; only a link needs a look at its target.
            e.file_type().is_ok_and(|t| t.is_dir())
                || (e.file_type().is_ok_and(|t| t.is_symlink()) && e.path().is_dir())
        })
        .map(|e| e.path())
        .filter(|p| !is_temporary(p))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let stamp = (look == Look::Full).then(|| folder_stamp(&p));
            Some((name, stamp))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The stamp of an article folder: of its three files.
fn folder_stamp(folder: &Path) -> u64 {
    let files = [ARTICLE_META, STATEMENTS_FILE, ARTICLE_TEXT].map(|f| folder.join(f));
    let refs: Vec<&Path> = files.iter().map(|f| f.as_path()).collect();
    stamp(&refs)
}

/// A hash of the size and modification time of `files` (a missing file counts as its own state).
fn stamp(files: &[&Path]) -> u64 {
    let parts: Vec<String> = files
        .iter()
        .map(|p| match fs::metadata(p) {
            Ok(m) => super::signature::size_and_time(&m),
            Err(_) => "-".to_string(),
        })
        .collect();
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    crate::model::fnv64(&refs)
}

#[cfg(test)]
mod tests;
