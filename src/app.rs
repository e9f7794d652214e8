//! Loading the whole answerable state (gazetteer, store, index) from a data folder, for every
//! shell. A broken file stops the load with its file, line and field.

use std::path::Path;

use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::index::Index;
use crate::store::Store;

/// Reads and validates `data_dir`, and builds the index.
pub fn load(data_dir: &Path) -> Result<Index, DataError> {
    let gazetteer = Gazetteer::load(data_dir)?;
    let store = Store::load_without_bodies(data_dir, &gazetteer)?;
    Ok(Index::build(gazetteer, store))
}
