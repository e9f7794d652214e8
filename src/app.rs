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

/// Like `load`, with the store's on-disk signature taken *before* reading, so that a change made
/// while the index is built is noticed by the next look at the folder.
pub fn load_with_signature(data_dir: &Path) -> Result<(Index, u64), DataError> {
    let signature = crate::store::signature(data_dir);
    Ok((load(data_dir)?, signature))
}
