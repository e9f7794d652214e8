//! An entity's slots kept in step with its statements: a statement inserted or retracted moves
//! the slots after it inside the entity's region (growing the region when it is full), and the
//! term and group bitmaps move with them. Called by the edits; the numbering itself is `numbering`.

use rustc_hash::FxHashSet;

use super::numbering::{FEW, PAD};
use super::sets::{bit, SlotStore};
use super::{Index, TermId};
use crate::entities::EntityId;

impl Index {
    /// The slot sets (term sets, then groups as `sets.len() + g`) a statement of these terms is
    /// in.
    fn sets_of(&self, terms: &[TermId]) -> Vec<usize> {
        let n = self.slots.sets.len();
        terms
            .iter()
            .map(|&t| t as usize)
            .chain(self.groups_of(terms).into_iter().map(|g| n + g as usize))
            .collect()
    }

    /// The bitmaps (numbers in `Slots::dense`) a statement of these terms is in.
    pub(super) fn bitmaps_of(&self, terms: &[TermId]) -> Vec<usize> {
        let n = self.slots.sets.len();
        let mut out: Vec<usize> = self
            .sets_of(terms)
            .into_iter()
            .filter_map(|set| {
                let store = if set < n {
                    &self.slots.sets[set]
                } else {
                    &self.slots.group_sets[set - n]
                };
                match store {
                    SlotStore::Dense(d) => Some(*d as usize),
                    SlotStore::Sparse(_) => None,
                }
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn store_mut(&mut self, set: usize) -> &mut SlotStore {
        let n = self.slots.sets.len();
        if set < n {
            &mut self.slots.sets[set]
        } else {
            &mut self.slots.group_sets[set - n]
        }
    }

    /// The sets that hold slots of entity `e`'s statements at positions `from..to`, or all.
    fn slot_reach(&self, e: EntityId, from: usize, to: usize) -> Option<Vec<usize>> {
        if to - from > FEW {
            return None;
        }
        let mut terms: FxHashSet<TermId> = FxHashSet::default();
        for &id in &self.spoken[e as usize][from..to] {
            terms.extend(self.terms_of(id));
        }
        let terms: Vec<TermId> = terms.into_iter().collect();
        Some(self.sets_of(&terms))
    }

    /// Moves the slots `from..to` one up or down in every set (the slot moved into must be free).
    fn move_slots(&mut self, from: u32, to: u32, up: bool, reach: Option<Vec<usize>>) {
        if from >= to {
            return;
        }
        for bits in &mut self.slots.dense {
            shift_bits(bits, from, to, up);
        }
        let shift = |store: &mut SlotStore| {
            if let SlotStore::Sparse(list) = store {
                let a = list.partition_point(|&x| x < from);
                let b = list.partition_point(|&x| x < to);
                for x in &mut list[a..b] {
                    if up {
                        *x += 1
                    } else {
                        *x -= 1
                    }
                }
            }
        };
        match reach {
            Some(sets) => {
                for set in sets {
                    shift(self.store_mut(set));
                }
            }
            None => {
                self.slots.sets.iter_mut().for_each(shift);
                self.slots.group_sets.iter_mut().for_each(shift);
            }
        }
    }

    /// Gives entity `e`'s region `words` more words of free slots, before its statements
    /// (`front`) or after them.
    fn grow_region(&mut self, e: usize, words: usize, front: bool) {
        let at = if front {
            self.slots.base[e]
        } else {
            self.slots.base[e + 1]
        };
        let more = words as u32 * 64;
        for bits in &mut self.slots.dense {
            let w = at as usize / 64;
            bits.splice(w..w, std::iter::repeat_n(0, words));
        }
        let shift = |store: &mut SlotStore| {
            if let SlotStore::Sparse(list) = store {
                let a = list.partition_point(|&x| x < at);
                list[a..].iter_mut().for_each(|x| *x += more);
            }
        };
        self.slots.sets.iter_mut().for_each(shift);
        self.slots.group_sets.iter_mut().for_each(shift);
        for b in &mut self.slots.base[e + 1..] {
            *b += more;
        }
        let first = if front { e } else { e + 1 };
        for s in &mut self.slots.start[first..] {
            *s += more;
        }
    }

    /// Makes room for entity `e`'s statement now at position `j` of `spoken[e]` and puts its slot
    /// in the sets of its terms.
    pub(super) fn insert_slot(&mut self, e: EntityId, j: usize, terms: &[TermId]) {
        let ei = e as usize;
        // `spoken[e]` holds the new statement already: the others are `n` of them.
        let n = self.spoken[ei].len() - 1;
        let start = self.slots.start[ei];
        let front = start - self.slots.base[ei];
        let back = self.slots.base[ei + 1] - (start + n as u32);
        // Move the smaller side; where it has no free slot left, give it some (an eighth of the
        // entity's statements), so that a run of news at the top stays cheap.
        let down = j <= n - j;
        let words = (PAD as usize / 64).max(n / 512);
        if down && front == 0 {
            self.grow_region(ei, words, true);
        } else if !down && back == 0 {
            self.grow_region(ei, words, false);
        }
        let start = self.slots.start[ei];
        // The others' slots are still numbered without the new one: positions before `j` are
        // the statements before it, positions from `j` on (in `spoken`, `j + 1` on) after it.
        if down {
            let reach = self.slot_reach(e, 0, j);
            self.move_slots(start, start + j as u32, false, reach);
            self.slots.start[ei] -= 1;
        } else {
            let reach = self.slot_reach(e, j + 1, n + 1);
            self.move_slots(start + j as u32, start + n as u32, true, reach);
        }
        let slot = self.slots.start[ei] + j as u32;
        let id = self.spoken[ei][j];
        for set in self.sets_of(terms) {
            match self.store_mut(set) {
                SlotStore::Sparse(list) => {
                    let i = list.partition_point(|&x| x < slot);
                    if list.get(i) != Some(&slot) {
                        list.insert(i, slot);
                    }
                }
                SlotStore::Dense(d) => {
                    let d = *d as usize;
                    if !bit(&self.slots.dense[d], slot) {
                        set_bit(&mut self.slots.dense[d], slot, true);
                        let (n, first) = &mut self.slots.dense_counts[d][ei];
                        *first = if *n == 0 { id } else { (*first).min(id) };
                        *n += 1;
                        self.slots.dense_totals[d] += 1;
                    }
                }
            }
        }
    }

    /// Takes entity `e`'s statement at position `j` of `spoken[e]` out of every set and closes
    /// the gap from the smaller side (before `spoken[e]` loses it).
    pub(super) fn remove_slot(&mut self, e: EntityId, j: usize, terms: &[TermId]) {
        let ei = e as usize;
        let n = self.spoken[ei].len();
        let start = self.slots.start[ei];
        let slot = start + j as u32;
        let id = self.spoken[ei][j];
        // The bitmaps whose first statement of `e` this was: they look for their next below.
        let mut first_gone = Vec::new();
        for set in self.sets_of(terms) {
            match self.store_mut(set) {
                SlotStore::Sparse(list) => {
                    if let Ok(i) = list.binary_search(&slot) {
                        list.remove(i);
                    }
                }
                SlotStore::Dense(d) => {
                    let d = *d as usize;
                    if bit(&self.slots.dense[d], slot) {
                        set_bit(&mut self.slots.dense[d], slot, false);
                        let (count, first) = &mut self.slots.dense_counts[d][ei];
                        *count -= 1;
                        if *first == id {
                            *first = 0;
                            first_gone.push(d);
                        }
                        self.slots.dense_totals[d] -= 1;
                    }
                }
            }
        }
        if j < n - 1 - j {
            let reach = self.slot_reach(e, 0, j);
            self.move_slots(start, slot, true, reach);
            self.slots.start[ei] += 1;
        } else {
            let reach = self.slot_reach(e, j + 1, n);
            self.move_slots(slot + 1, start + n as u32, false, reach);
        }
        // The slots are numbered without the statement now; `spoken[e]` loses it right after.
        for d in first_gone {
            let (count, at) = self.slots.count_in(d, ei, n - 1);
            if count > 0 {
                let at = at as usize;
                let first = self.spoken[ei][if at < j { at } else { at + 1 }];
                self.slots.dense_counts[d][ei].1 = first;
            }
        }
    }
}

/// The bits of word `w` that stand for positions in `from..to`.
fn mask(w: usize, from: u64, to: u64) -> u64 {
    let base = w as u64 * 64;
    let lo = from.max(base).saturating_sub(base);
    let hi = to.min(base + 64).saturating_sub(base);
    if lo >= hi {
        return 0;
    }
    let below_hi = if hi == 64 { !0 } else { (1u64 << hi) - 1 };
    below_hi & !((1u64 << lo) - 1)
}

/// Moves the bits at positions `from..to` one position up (or down), a word at a time; the
/// position left behind is cleared, every other bit kept.
fn shift_bits(bits: &mut [u64], from: u32, to: u32, up: bool) {
    let (from, to) = (u64::from(from), u64::from(to));
    if up {
        let (first, last) = (from as usize / 64, to as usize / 64);
        for w in (first..=last).rev() {
            let below = if w > first { bits[w - 1] } else { 0 };
            let moved = (bits[w] << 1) | (below >> 63);
            let m = mask(w, from + 1, to + 1);
            bits[w] = (bits[w] & !m) | (moved & m);
        }
        set_bit(bits, from as u32, false);
    } else {
        let (first, last) = ((from - 1) as usize / 64, (to - 1) as usize / 64);
        for w in first..=last {
            let above = if w < last { bits[w + 1] } else { 0 };
            let moved = (bits[w] >> 1) | (above << 63);
            let m = mask(w, from - 1, to - 1);
            bits[w] = (bits[w] & !m) | (moved & m);
        }
        set_bit(bits, to as u32 - 1, false);
    }
}

fn set_bit(bits: &mut [u64], i: u32, on: bool) {
    let w = &mut bits[i as usize / 64];
    if on {
        *w |= 1 << (i % 64);
    } else {
        *w &= !(1 << (i % 64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn shifting_bits_moves_the_range_and_nothing_else(
            words in proptest::collection::vec(any::<u64>(), 1..5),
            a in 1u32..300,
            len in 0u32..300,
            up in any::<bool>(),
        ) {
            let n = words.len() as u32 * 64;
            let from = a.min(n - 2).max(1);
            let to = (from + len).min(n - 1);
            let mut bits = words.clone();
            shift_bits(&mut bits, from, to, up);
            for i in 0..n {
                let expected = if up {
                    if i == from { false }
                    else if i > from && i <= to { bit(&words, i - 1) }
                    else { bit(&words, i) }
                } else if i + 1 == to {
                    false
                } else if i + 1 >= from && i + 1 < to {
                    bit(&words, i + 1)
                } else {
                    bit(&words, i)
                };
                prop_assert_eq!(bit(&bits, i), expected, "bit {} ({}..{}, up {})", i, from, to, up);
            }
        }
    }
}
