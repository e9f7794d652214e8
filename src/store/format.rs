//! The store's file formats and what makes a record valid: article metadata, the one JSON Lines
//! reader (statements, retractions), and the checks of a statement against its article and the
//! gazetteer. Errors name the file, the line and the field.

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::ARTICLE_META;
use super::{StoredArticle, ARTICLE_TEXT};
use crate::entities::Gazetteer;
use crate::error::{strip_position, DataError};
use crate::model::{is_iso_date, Article, Statement};

/// Reads an article's metadata, and its text when `body` is set (else the text is only checked
/// to be there: the index never reads it, and at 10^6 statements it is a third of the store).
pub(super) fn read_article(folder: &Path, body: bool) -> Result<StoredArticle, DataError> {
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
pub(super) fn read_json_lines<T: DeserializeOwned>(
    path: &Path,
) -> Result<Vec<(usize, T)>, DataError> {
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

pub(crate) fn validate_statement(
    s: &Statement,
    article: &Article,
    g: &Gazetteer,
) -> Result<(), String> {
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
