//! Synthetic data folders on disk, shared by the examples that measure a store size: one folder
//! per size and seed in the system's temporary folder, written once and marked complete, so a
//! second run (of the same or another example) reuses it.

use std::io;
use std::path::{Path, PathBuf};

use positions::entities::Gazetteer;

use crate::synth;

/// The file that marks a folder as a complete synthetic store (written last).
pub const COMPLETE_MARKER: &str = ".synth-complete";

/// Where the store of `statements` statements for `seed` is kept unless told otherwise.
pub fn default_dir(statements: usize, seed: u64) -> PathBuf {
    std::env::temp_dir().join(format!("positions-scale-reprinted-{statements}-{seed}"))
}

/// Whether `dir` holds a complete synthetic store.
pub fn is_complete(dir: &Path) -> bool {
    dir.join(COMPLETE_MARKER).exists()
}

/// Generates `statements` statements for `seed` and writes them as a data folder at `dir`, with
/// the gazetteer of `gazetteer_dir`. Replaces an earlier synthetic store there, never another
/// folder. Generating a million statements takes about 2 GB: callers run this in a child
/// process so that the memory is not counted against what they measure.
pub fn write(gazetteer_dir: &Path, statements: usize, seed: u64, dir: &Path) -> io::Result<()> {
    let g = Gazetteer::load(gazetteer_dir).map_err(io::Error::other)?;
    // Half the statements are originals; reprints make up the rest (see `synth::with_reprints`).
    let store = synth::with_reprints(synth::generate(&g, statements / 2, seed), statements, seed);
    if is_complete(dir) {
        std::fs::remove_dir_all(dir)?;
    } else if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} exists and is not a synthetic store",
            dir.display()
        )));
    }
    synth::write_data_folder(&store, gazetteer_dir, dir)?;
    std::fs::write(dir.join(COMPLETE_MARKER), b"")
}
