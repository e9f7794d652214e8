//! Loading the whole answerable state (gazetteer, store, index) from a data folder (and the
//! database, when the store is kept in one: `store::open`), for every shell. A broken file stops the load with its file, line and field.

use std::path::Path;

use crate::error::DataError;
use crate::index::Index;
use crate::store::Stamps;

/// Reads and validates `data_dir`, and builds the index.
pub fn load(data_dir: &Path) -> Result<Index, DataError> {
    let gazetteer = crate::store::gazetteer(data_dir)?;
    let store = crate::store::open(data_dir).load_for_index(&gazetteer)?;
    let mut index = Index::build(gazetteer, store);
    learn_people(&mut index);
    Ok(index)
}

/// Gives the index's gazetteer the people its statements teach (`crate::people`): derived
/// from the store each time the index is loaded or built, never kept apart.
pub fn learn_people(index: &mut Index) {
    index.gazetteer = learned_gazetteer(index);
}

/// The index's gazetteer with the people its statements in force teach now (those learned
/// before replaced).
pub fn learned_gazetteer(index: &Index) -> crate::entities::Gazetteer {
    crate::people::with_learned(
        &index.gazetteer,
        index.articles(),
        index.statements().map(|(_, s)| s),
    )
}

/// Like `load`, with the store's on-disk signature taken *before* reading, so that a change made
/// while the index is built is noticed by the next look at the folder.
pub fn load_with_signature(data_dir: &Path) -> Result<(Index, u64), DataError> {
    let signature = crate::store::open(data_dir).signature();
    Ok((load(data_dir)?, signature))
}

/// The snapshot of the index kept beside the store (see `index::snapshot`).
pub const SNAPSHOT_FILE: &str = "index.snapshot";

/// An index ready to serve, with what the store looked like when it matched it.
pub struct Loaded {
    pub index: Index,
    /// The store's signature and stamps the index matched (taken before it was read).
    pub signature: u64,
    pub stamps: Stamps,
    /// Read from the snapshot rather than built.
    pub from_snapshot: bool,
}

/// What a snapshot records of the store.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoreState {
    signature: u64,
    stamps: Stamps,
}

/// The index for a serving process: from the snapshot beside the store when there is a whole one
/// made with this gazetteer (the store may have changed since: the first look at the store
/// applies what did, from the stamps the snapshot records), else built from the store. A
/// snapshot that cannot be used only costs the build, and says why in the log.
pub fn load_for_serving(data_dir: &Path) -> Result<Loaded, DataError> {
    let gazetteer = crate::store::gazetteer(data_dir)?;
    let path = data_dir.join(SNAPSHOT_FILE);
    if let Ok(file) = std::fs::File::open(&path) {
        match Index::read_snapshot_file(gazetteer.clone(), &file) {
            Ok((mut index, store)) => match postcard::from_bytes::<StoreState>(&store) {
                Ok(state) => {
                    learn_people(&mut index);
                    return Ok(Loaded {
                        index,
                        signature: state.signature,
                        stamps: state.stamps,
                        from_snapshot: true,
                    });
                }
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "the index snapshot is damaged; building the index instead")
                }
            },
            Err(e) => {
                tracing::warn!(file = %path.display(), error = %e, "the index snapshot cannot be used; building the index instead")
            }
        }
    }
    let store = crate::store::open(data_dir);
    let signature = store.signature();
    let stamps = store.stamps();
    let store = store.load_for_index(&gazetteer)?;
    let mut index = Index::build(gazetteer, store);
    learn_people(&mut index);
    Ok(Loaded {
        index,
        signature,
        stamps,
        from_snapshot: false,
    })
}

/// Saves the index as the snapshot beside the store, with the signature and stamps of the store
/// it matched: written to a temporary file, flushed and renamed over the old one, under the
/// writers' lock (so two processes never write it at once).
pub fn save_snapshot(
    data_dir: &Path,
    index: &Index,
    signature: u64,
    stamps: &Stamps,
) -> std::io::Result<()> {
    let state = postcard::to_stdvec(&StoreState {
        signature,
        stamps: stamps.clone(),
    })
    .map_err(std::io::Error::other)?;
    let _lock = crate::store::lock(data_dir)?;
    let path = data_dir.join(SNAPSHOT_FILE);
    let temporary = data_dir.join(format!(".{SNAPSHOT_FILE}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        index.write_snapshot(&state, &mut file)?;
        file.sync_all()?;
        std::fs::rename(&temporary, &path)?;
        if let Ok(dir) = std::fs::File::open(data_dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
