//! Retractions: statements a moderator took out of the answers, kept (who, when, why) so they can
//! be restored; written atomically under the writers' lock.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::format::read_json_lines;
use super::write::{lock, replace_file, LOCK_FILE};
use super::{Store, RETRACTIONS_FILE};
use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::model::is_timestamp;

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

/// Reads and checks the retractions: each `at` a time, each naming a statement of the store
/// (`stored`) once.
pub(super) fn read_retractions(
    path: &Path,
    stored: impl Fn(&str) -> bool,
) -> Result<Vec<Retraction>, DataError> {
    // A retraction must name a stored statement, once: else the statement meant stays
    // answerable, or stays retracted after a restore.
    let mut retracted: HashMap<String, usize> = HashMap::new();
    let mut retractions = Vec::new();
    for (line, r) in read_json_lines::<Retraction>(path)? {
        if !is_timestamp(&r.at) {
            return Err(DataError::line(
                path,
                line,
                format!(
                    "field `at`: `{}` is not a time (write it as 2026-01-07T12:00:00Z)",
                    r.at
                ),
            ));
        }
        if !stored(&r.id) {
            return Err(DataError::line(
                path,
                line,
                format!("field `id`: no stored statement has the id `{}`", r.id),
            ));
        }
        if let Some(first) = retracted.insert(r.id.clone(), line) {
            return Err(DataError::line(
                path,
                line,
                format!(
                    "field `id`: statement `{}` is retracted twice (also line {first})",
                    r.id
                ),
            ));
        }
        retractions.push(r);
    }
    Ok(retractions)
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
    if !store.statements.iter().any(|s| *s.id == *retraction.id) {
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
        return Err(if store.statements.iter().any(|s| &*s.id == id) {
            RetractError::NotRetracted(id.to_string())
        } else {
            RetractError::Unknown(id.to_string())
        });
    };
    let removed = list.remove(pos);
    write_retractions(dir, &list)?;
    Ok(removed)
}
