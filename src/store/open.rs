//! Which backend this process keeps its store in: the database when one is configured at
//! start (`--database-url`), else the data folder. Every route opens its store, its feeds and
//! follows (`registry`) and its gazetteer (the Wikidata people are kept with the store) here.

use std::path::Path;

use super::backend::{ArticleStore, Files};
use super::postgres::{Database, Postgres};
use super::registry::Registry;
use crate::entities::Gazetteer;
use crate::error::DataError;

/// The database every store of this process is kept in, when one is configured
/// (`POSITIONS_DATABASE_URL`); set once, at start.
static DATABASE: std::sync::OnceLock<std::sync::Arc<Database>> = std::sync::OnceLock::new();

/// Keeps the store of this process in the database at `url` from now on: connects and brings
/// the schema up to date (a wrong URL or an unreachable server is the error, at start).
pub fn use_database(url: &str) -> Result<(), DataError> {
    let db = Database::open(url)?;
    // A second call (tests in one process) keeps the first database.
    let _ = DATABASE.set(db);
    Ok(())
}

/// The database this process keeps its store in, if any.
pub fn database() -> Option<&'static std::sync::Arc<Database>> {
    DATABASE.get()
}

/// The store of the data folder `data`: the database when one is configured (the gazetteer
/// still read from `data`), else the folder itself.
pub fn open(data: &Path) -> Box<dyn ArticleStore + Send + Sync> {
    match DATABASE.get() {
        Some(db) => Box::new(Postgres::new(std::sync::Arc::clone(db), data)),
        None => Box::new(Files::new(data)),
    }
}

/// The feeds, follows and Wikidata people of the data folder `data`: in the database when one
/// is configured, else in the folder.
pub fn registry(data: &Path) -> Box<dyn Registry + Send + Sync> {
    match DATABASE.get() {
        Some(db) => Box::new(Postgres::new(std::sync::Arc::clone(db), data)),
        None => Box::new(Files::new(data)),
    }
}

/// The gazetteer: the files of `data` that ship with the code, and the Wikidata people from
/// wherever the store is kept.
pub fn gazetteer(data: &Path) -> Result<Gazetteer, DataError> {
    match DATABASE.get() {
        Some(_) => {
            let people = registry(data).wikidata_people()?;
            let place = people.as_ref().map(|p| p.place.clone()).unwrap_or_default();
            Gazetteer::load_with_wikidata(data, &place, people.as_ref().map(|p| p.text.as_str()))
        }
        None => Gazetteer::load(data),
    }
}
