//! What the build and the edits agree on: where statement numbers start (`LO`) and the shift that
//! puts a fresh build there, the free slots kept around each entity's statements, the order of
//! entities by volume and the keys a speaker's name is found by. Both import this; neither the other.

use super::{EntityId, Gazetteer, Index, StatementId};
use crate::text::fold;

/// Where statement numbers start after a build: half the number space lies below, for the newer
/// side to grow into.
pub(super) const LO: StatementId = 1 << 31;

impl Index {
    /// Adds `by` to every statement number (once, after a build: see `LO`).
    pub(super) fn rebase(&mut self, by: StatementId) {
        let add = |list: &mut Vec<StatementId>| list.iter_mut().for_each(|x| *x += by);
        self.spoken.iter_mut().for_each(add);
        self.mentioned.iter_mut().for_each(add);
        self.postings.iter_mut().for_each(add);
        self.speaker_keys.values_mut().for_each(add);
        self.by_id.values_mut().for_each(|x| *x += by);
        self.by_id_more.iter_mut().for_each(|(_, x)| *x += by);
        self.hidden.iter_mut().for_each(|x| *x += by);
        for counts in &mut self.slots.dense_counts {
            for (count, first) in counts {
                if *count > 0 {
                    *first += by;
                }
            }
        }
        self.lo += by;
    }
}

/// Above this many statements to renumber, every list is walked instead of those of their words.
pub(super) const FEW: usize = 2048;

/// Free slots kept before each entity's statements, and at least after them.
pub(super) const PAD: u32 = 64;

/// Entities, those that said most first (then by name).
pub(super) fn by_volume(gazetteer: &Gazetteer, spoken: &[Vec<StatementId>]) -> Vec<EntityId> {
    let mut by_volume: Vec<EntityId> = (0..gazetteer.entities().len() as EntityId).collect();
    by_volume.sort_by(|&a, &b| {
        spoken[b as usize]
            .len()
            .cmp(&spoken[a as usize].len())
            .then_with(|| gazetteer.entity(a).name.cmp(&gazetteer.entity(b).name))
    });
    by_volume
}

/// The keys a speaker's name is found by when the gazetteer lacks it: the folded full name and
/// its last word, for names of more than one word.
pub(super) fn name_keys(name: &str) -> Vec<Box<str>> {
    let name = fold(name);
    if !name.contains(' ') {
        return Vec::new();
    }
    let last: Box<str> = name.rsplit(' ').next().unwrap_or_default().into();
    vec![name.into_boxed_str(), last]
}
