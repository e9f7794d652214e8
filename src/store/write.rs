//! Writing the store: atomic writes (temporary file or folder, fsync, rename, fsync of the
//! parent), the writers' lock across processes; `backend` adds an article with them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{is_temporary, Store, ARTICLES_DIR, ARTICLE_META, ARTICLE_TEXT, STATEMENTS_FILE};
use crate::error::DataError;
use crate::model::{fingerprint, Article, Statement};

/// Writes a new article folder atomically: everything goes into a hidden temporary folder that
/// is fsynced and then renamed into place, so a reader sees all of it or none of it. Call it
/// under the writers' lock (as `Files::add_article` does): taking the lock removes temporary folders.
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
    first_free_id(wanted, |id| store.articles.iter().any(|a| a.meta.id == id))
}

/// `wanted`, or else `wanted-2`, `wanted-3`… the first that `taken` does not hold.
fn first_free_id(wanted: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_default()
}

/// Gives `article` an id no article in `stored` uses (read under the writers' lock), and its
/// statements the article id and the ids that follow from it.
pub fn claim_free_id(stored: &[Article], article: &mut Article, statements: &mut Vec<Statement>) {
    let free = first_free_id(&article.id, |id| stored.iter().any(|a| a.id == id));
    if free != article.id {
        article.id = free;
        for s in statements.iter_mut() {
            s.article = article.id.clone();
        }
        crate::model::number_statements(statements);
    }
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
