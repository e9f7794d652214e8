//! The statement store on disk: one folder per article under `data/articles/`, holding the text
//! as received, its metadata and the statements extracted from it. Reading validates every record
//! (file, line, field); writing is atomic (temporary folder, fsync, rename, fsync of the parent).

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::entities::Gazetteer;
use crate::error::{strip_position, DataError};
use crate::model::{fingerprint, is_iso_date, is_timestamp, Article, Statement};

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

/// A statement taken out of the answers by a moderator; kept so it can be restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retraction {
    pub id: String,
    pub by: String,
    pub at: String,
    #[serde(default)]
    pub reason: Option<String>,
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
        store.statements.reserve_exact(total);
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
                .any(|&(_, i)| store.statements[i as usize].id == id)
        };
        // A retraction must name a stored statement, once: else the statement meant stays
        // answerable, or stays retracted after a restore.
        let path = dir.join(RETRACTIONS_FILE);
        let mut retracted: HashMap<String, usize> = HashMap::new();
        let mut retractions = Vec::new();
        for (line, r) in read_retractions(&path)? {
            if !is_timestamp(&r.at) {
                return Err(DataError::line(
                    &path,
                    line,
                    format!(
                        "field `at`: `{}` is not a time (write it as 2026-01-07T12:00:00Z)",
                        r.at
                    ),
                ));
            }
            if !stored(&r.id) {
                return Err(DataError::line(
                    &path,
                    line,
                    format!("field `id`: no stored statement has the id `{}`", r.id),
                ));
            }
            if let Some(first) = retracted.insert(r.id.clone(), line) {
                return Err(DataError::line(
                    &path,
                    line,
                    format!(
                        "field `id`: statement `{}` is retracted twice (also line {first})",
                        r.id
                    ),
                ));
            }
            retractions.push(r);
        }
        store.retractions = retractions;
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
                if !body.contains(&s.text) {
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

fn is_temporary(path: &Path) -> bool {
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

/// Reads an article's metadata, and its text when `body` is set (else the text is only checked
/// to be there: the index never reads it, and at 10^6 statements it is a third of the store).
fn read_article(folder: &Path, body: bool) -> Result<StoredArticle, DataError> {
    let meta_path = folder.join(ARTICLE_META);
    let text_path = folder.join(ARTICLE_TEXT);
    let meta_text = fs::read_to_string(&meta_path)
        .map_err(|e| DataError::file(&meta_path, format!("cannot read: {e}")))?;
    let meta: Article =
        serde_json::from_str(&meta_text).map_err(|e| DataError::json(&meta_path, &e))?;
    let folder_name = folder
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if meta.id != folder_name {
        return Err(DataError::line(
            &meta_path,
            crate::entities::line_of_field(&meta_text, "id"),
            format!(
                "field `id`: `{}` does not match its folder `{folder_name}`",
                meta.id
            ),
        ));
    }
    if let Some(d) = &meta.published {
        if !is_iso_date(d) {
            return Err(DataError::line(
                &meta_path,
                crate::entities::line_of_field(&meta_text, "published"),
                format!("field `published`: `{d}` is not a YYYY-MM-DD date"),
            ));
        }
    }
    let body = if body {
        fs::read_to_string(&text_path)
            .map_err(|e| DataError::file(&text_path, format!("cannot read: {e}")))?
    } else {
        match fs::metadata(&text_path) {
            Ok(m) if m.is_file() => String::new(),
            Ok(_) => return Err(DataError::file(&text_path, "cannot read: not a file")),
            Err(e) => return Err(DataError::file(&text_path, format!("cannot read: {e}"))),
        }
    };
    Ok(StoredArticle { meta, body })
}

/// Reads a JSON Lines file of statements; a missing file is an empty list. Returns each record
/// with its 1-based line number.
pub fn read_statements(path: &Path) -> Result<Vec<(usize, Statement)>, DataError> {
    read_json_lines(path)
}

/// Parses JSON Lines text of statements (see `parse_json_lines`).
pub fn parse_statements(path: &Path, text: &str) -> Result<Vec<(usize, Statement)>, DataError> {
    parse_json_lines(path, text)
}

/// Reads a JSON Lines file of records; a missing file is an empty list (see `parse_json_lines`).
fn read_json_lines<T: DeserializeOwned>(path: &Path) -> Result<Vec<(usize, T)>, DataError> {
    match fs::read_to_string(path) {
        Ok(text) => parse_json_lines(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(DataError::file(path, format!("cannot read: {e}"))),
    }
}

/// The one rule for every JSON Lines file of the store: blank lines are allowed and counted,
/// every other line must parse as one record, and the last line must end with a newline (else
/// the file was cut short). Returns each record with its 1-based line number in the file.
fn parse_json_lines<T: DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<Vec<(usize, T)>, DataError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: T = serde_json::from_str(line)
            .map_err(|e| DataError::line(path, i + 1, json_problem(&e)))?;
        out.push((i + 1, record));
    }
    if !text.is_empty() && !text.ends_with('\n') {
        return Err(DataError::line(
            path,
            text.lines().count(),
            "the last line is cut short (no newline at its end): the file may be truncated",
        ));
    }
    Ok(out)
}

fn json_problem(e: &serde_json::Error) -> String {
    let m = strip_position(&e.to_string());
    if e.is_eof() {
        format!("the record is cut short ({m})")
    } else {
        m
    }
}

fn validate_statement(s: &Statement, article: &Article, g: &Gazetteer) -> Result<(), String> {
    if s.id.trim().is_empty() {
        return Err("field `id`: empty".into());
    }
    if s.text.trim().is_empty() {
        return Err(format!("field `text`: empty in statement `{}`", s.id));
    }
    if s.speaker.name.trim().is_empty() {
        return Err(format!(
            "field `speaker.name`: empty in statement `{}`",
            s.id
        ));
    }
    if s.article != article.id {
        return Err(format!(
            "field `article`: `{}` but the statement is stored with article `{}`",
            s.article, article.id
        ));
    }
    if s.paragraph == 0 {
        return Err(format!(
            "field `paragraph`: must be 1 or more in statement `{}`",
            s.id
        ));
    }
    if let Some(e) = &s.entity {
        if g.by_key(e).is_none() {
            return Err(format!(
                "field `entity`: unknown entity `{e}` in statement `{}`",
                s.id
            ));
        }
    }
    for m in &s.mentions {
        if g.by_key(m).is_none() {
            return Err(format!(
                "field `mentions`: unknown entity `{m}` in statement `{}`",
                s.id
            ));
        }
    }
    Ok(())
}

/// Reads the retractions, each with its 1-based line number.
fn read_retractions(path: &Path) -> Result<Vec<(usize, Retraction)>, DataError> {
    read_json_lines(path)
}

/// Writes a new article folder atomically: everything goes into a hidden temporary folder that
/// is fsynced and then renamed into place, so a reader sees all of it or none of it. Call it
/// under the writers' lock (as `add_article` does): taking the lock removes temporary folders.
pub fn write_article(
    dir: &Path,
    article: &Article,
    body: &str,
    statements: &[Statement],
) -> std::io::Result<PathBuf> {
    let articles = dir.join(ARTICLES_DIR);
    if !articles.is_dir() {
        // The first article: the new folder's own entry must be on disk too.
        fs::create_dir_all(&articles)?;
        sync_dir(dir)?;
    }
    let target = articles.join(&article.id);
    let tmp = articles.join(format!(".tmp-{}-{}", article.id, std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir(&tmp)?;
    write_synced(&tmp.join(ARTICLE_TEXT), body.as_bytes())?;
    let mut meta = serde_json::to_string_pretty(article).map_err(std::io::Error::other)?;
    meta.push('\n');
    write_synced(&tmp.join(ARTICLE_META), meta.as_bytes())?;
    let mut lines = String::new();
    for s in statements {
        lines.push_str(&serde_json::to_string(s).map_err(std::io::Error::other)?);
        lines.push('\n');
    }
    write_synced(&tmp.join(STATEMENTS_FILE), lines.as_bytes())?;
    sync_dir(&tmp)?;
    fs::rename(&tmp, &target)?;
    sync_dir(&articles)?;
    Ok(target)
}

/// Replaces a file atomically: temporary file, fsync, rename, fsync of the folder. Call it under
/// the writers' lock: taking the lock removes temporary files.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    write_synced(&tmp, bytes)?;
    fs::rename(&tmp, path)?;
    sync_dir(parent)
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// An article id made from a title or a file name: lower case ASCII letters, digits and dashes.
pub fn slug(text: &str) -> String {
    let folded = crate::text::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "article".to_string()
    } else {
        out
    }
}

/// An id for a new article that no stored article uses.
pub fn free_article_id(store: &Store, wanted: &str) -> String {
    let taken = |id: &str| store.articles.iter().any(|a| a.meta.id == id);
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_default()
}

/// The fingerprint of an article body (re-exported for the shell).
pub fn body_fingerprint(body: &str) -> String {
    fingerprint(body)
}

/// The writers' lock file, inside the data folder.
pub const LOCK_FILE: &str = ".lock";

/// An exclusive lock on the store for writers (across processes), held until dropped.
pub struct WriteLock {
    _file: fs::File,
}

/// Waits for and takes the writers' lock, then removes the temporary folders and files of writes
/// that never finished (a writer killed mid-write): only a writer holding the lock makes them.
pub fn lock(dir: &Path) -> std::io::Result<WriteLock> {
    fs::create_dir_all(dir)?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))?;
    file.lock()?;
    remove_stale_temporaries(dir);
    Ok(WriteLock { _file: file })
}

/// Best effort: what is left is hidden from readers anyway, and the next writer tries again.
fn remove_stale_temporaries(dir: &Path) {
    let entries = |d: &Path| -> Vec<(PathBuf, String)> {
        fs::read_dir(d)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (path, name) in entries(&dir.join(ARTICLES_DIR)) {
        if name.starts_with(".tmp-") && path.is_dir() {
            let _ = fs::remove_dir_all(&path);
        }
    }
    for (path, name) in entries(dir) {
        if name.starts_with('.') && name.ends_with(".tmp") && path.is_file() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// The metadata of every stored article, read without the statements (for writers, under the
/// lock, to see what other processes added).
pub fn stored_articles(dir: &Path) -> Result<Vec<Article>, DataError> {
    let articles_dir = dir.join(ARTICLES_DIR);
    let rd = match fs::read_dir(&articles_dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(DataError::file(&articles_dir, format!("cannot read: {e}"))),
    };
    let mut out = Vec::new();
    for entry in rd.filter_map(Result::ok) {
        let p = entry.path();
        if p.is_dir() && !is_temporary(&p) {
            let meta_path = p.join(ARTICLE_META);
            let text = fs::read_to_string(&meta_path)
                .map_err(|e| DataError::file(&meta_path, format!("cannot read: {e}")))?;
            out.push(serde_json::from_str(&text).map_err(|e| DataError::json(&meta_path, &e))?);
        }
    }
    Ok(out)
}

/// What adding an article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Written under this article id.
    New(String),
    /// The same text is already stored under this id; nothing was written.
    Duplicate(String),
}

/// Adds an article and its statements under the writers' lock: refuses a text already stored
/// (even if another process stored it a moment ago), picks a free id, writes atomically.
pub fn add_article(
    dir: &Path,
    mut article: Article,
    body: &str,
    mut statements: Vec<Statement>,
) -> Result<Added, DataError> {
    let _lock = lock(dir).map_err(|e| {
        DataError::file(&dir.join(LOCK_FILE), format!("cannot lock the store: {e}"))
    })?;
    let stored = stored_articles(dir)?;
    if let Some(a) = stored.iter().find(|a| a.fingerprint == article.fingerprint) {
        return Ok(Added::Duplicate(a.id.clone()));
    }
    let wanted = article.id.clone();
    let taken = |id: &str| stored.iter().any(|a| a.id == id);
    if taken(&wanted) {
        article.id = (2..)
            .map(|n| format!("{wanted}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or_default();
        for s in &mut statements {
            s.article = article.id.clone();
        }
        crate::model::number_statements(&mut statements);
    }
    write_article(dir, &article, body, &statements).map_err(|e| {
        DataError::file(
            &dir.join(ARTICLES_DIR).join(&article.id),
            format!("cannot write: {e}"),
        )
    })?;
    Ok(Added::New(article.id))
}

/// Why a retraction or restore was refused.
#[derive(Debug, thiserror::Error)]
pub enum RetractError {
    #[error("no stored statement has the id `{0}`")]
    Unknown(String),
    #[error("statement `{0}` is already retracted")]
    AlreadyRetracted(String),
    #[error("statement `{0}` is not retracted")]
    NotRetracted(String),
    #[error(transparent)]
    Data(#[from] DataError),
}

fn write_retractions(dir: &Path, list: &[Retraction]) -> Result<(), DataError> {
    let path = dir.join(RETRACTIONS_FILE);
    let mut text = String::new();
    for r in list {
        text.push_str(
            &serde_json::to_string(r).map_err(|e| DataError::file(&path, e.to_string()))?,
        );
        text.push('\n');
    }
    replace_file(&path, text.as_bytes())
        .map_err(|e| DataError::file(&path, format!("cannot write: {e}")))
}

/// Takes a statement out of the answers, keeping who, when and why; under the writers' lock.
pub fn retract(
    dir: &Path,
    gazetteer: &Gazetteer,
    retraction: Retraction,
) -> Result<(), RetractError> {
    let _lock = lock(dir).map_err(|e| {
        DataError::file(&dir.join(LOCK_FILE), format!("cannot lock the store: {e}"))
    })?;
    let store = Store::load(dir, gazetteer)?;
    if !store.statements.iter().any(|s| s.id == retraction.id) {
        return Err(RetractError::Unknown(retraction.id));
    }
    if store.retractions.iter().any(|r| r.id == retraction.id) {
        return Err(RetractError::AlreadyRetracted(retraction.id));
    }
    let mut list = store.retractions;
    list.push(retraction);
    write_retractions(dir, &list)?;
    Ok(())
}

/// Undoes a retraction; returns it.
pub fn restore(dir: &Path, gazetteer: &Gazetteer, id: &str) -> Result<Retraction, RetractError> {
    let _lock = lock(dir).map_err(|e| {
        DataError::file(&dir.join(LOCK_FILE), format!("cannot lock the store: {e}"))
    })?;
    let store = Store::load(dir, gazetteer)?;
    let mut list = store.retractions;
    let Some(pos) = list.iter().position(|r| r.id == id) else {
        return Err(if store.statements.iter().any(|s| s.id == id) {
            RetractError::NotRetracted(id.to_string())
        } else {
            RetractError::Unknown(id.to_string())
        });
    };
    let removed = list.remove(pos);
    write_retractions(dir, &list)?;
    Ok(removed)
}

/// A cheap summary of what is on disk (folders, and the size and modification time of every file
/// the loader reads), to notice changes made by other processes without reading the store.
pub fn signature(dir: &Path) -> u64 {
    let mut parts: Vec<String> = Vec::new();
    let stamp = |p: &Path| {
        fs::metadata(p)
            .map(|m| {
                let t = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                format!("{}:{t}", m.len())
            })
            .unwrap_or_default()
    };
    for name in [
        "entities.json",
        "people.json",
        RETRACTIONS_FILE,
        ARTICLES_DIR,
    ] {
        parts.push(format!("{name}={}", stamp(&dir.join(name))));
    }
    if let Ok(rd) = fs::read_dir(dir.join(ARTICLES_DIR)) {
        let mut names: Vec<String> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| !is_temporary(p))
            .map(|p| {
                let files =
                    [STATEMENTS_FILE, ARTICLE_META, ARTICLE_TEXT].map(|f| stamp(&p.join(f)));
                format!("{}={}", p.display(), files.join("|"))
            })
            .collect();
        names.sort();
        parts.extend(names);
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    crate::model::fnv64(&refs)
}
