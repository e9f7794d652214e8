//! The set algebra of the index: statement lists and the slot numbering with its bitmaps, topic
//! counts per entity, unions of sorted lists and a galloping membership test. Pure arithmetic on
//! numbers; what the numbers mean is the index's business.

use super::{Index, StatementId, TermId, TopicTerms};
use crate::entities::EntityId;

/// Statements that have an entity, numbered entity by entity: entity `e`'s statements are the
/// slots `start[e]..start[e] + spoken[e].len()`, in rank order, inside its region
/// `base[e]..base[e + 1]` (a multiple of 64 each), which keeps free slots on both sides so that
/// a statement added or retracted moves only the smaller side of the entity's slots. A term's (or
/// synonym group's) statements are kept in this numbering too, as a sorted list or, when common,
/// as a bitmap with per-entity counts: so how many statements of each entity are on a topic is a
/// popcount, not a walk over the statements.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Slots {
    /// Where each entity's region starts; the last entry is the slots in all.
    pub(super) base: Vec<u32>,
    /// Where each entity's statements start in its region.
    pub(super) start: Vec<u32>,
    /// Term → its slots.
    pub(super) sets: Vec<SlotStore>,
    /// Synonym group (of `Index::groups`) → its slots.
    pub(super) group_sets: Vec<SlotStore>,
    /// Bitmaps of as many bits as there are slots.
    pub(super) dense: Vec<Vec<u64>>,
    /// For each bitmap, each entity's count and its first statement's id (0 when it has none):
    /// a topic of one set orders its sides from this row alone, without reading each side's list.
    pub(super) dense_counts: Vec<Vec<(u32, StatementId)>>,
    /// For each bitmap, how many slots it holds.
    pub(super) dense_totals: Vec<u64>,
}

/// How one set's slots are kept.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) enum SlotStore {
    /// Ascending.
    Sparse(Vec<u32>),
    /// The number of a bitmap in `Slots::dense`.
    Dense(u32),
}

/// One term's statements, in slot numbers.
#[derive(Debug, Clone, Copy)]
pub(super) enum SlotSet<'a> {
    Sparse(&'a [u32]),
    /// A bitmap, and its number in `Slots::dense`.
    Dense(&'a [u64], u32),
}

impl Slots {
    /// A term's set.
    pub(super) fn of(&self, t: TermId) -> SlotSet<'_> {
        self.view(&self.sets[t as usize])
    }

    /// A synonym group's set.
    pub(super) fn of_group(&self, g: u32) -> SlotSet<'_> {
        self.view(&self.group_sets[g as usize])
    }

    fn view<'a>(&'a self, store: &'a SlotStore) -> SlotSet<'a> {
        match store {
            SlotStore::Sparse(list) => SlotSet::Sparse(list),
            SlotStore::Dense(d) => SlotSet::Dense(&self.dense[*d as usize], *d),
        }
    }

    /// The numbering is whole (for a snapshot read back): regions in order, each entity's start
    /// inside its region, every set's slots inside the numbering and sorted, every bitmap full.
    pub(super) fn check(&self, entities: usize, groups: usize) -> Result<(), String> {
        let bad = |what: &str| Err(format!("slots: {what}"));
        if self.base.len() != entities + 1 || self.start.len() != entities {
            return bad("regions do not match the entities");
        }
        if self.base.windows(2).any(|w| w[0] > w[1] || w[0] % 64 != 0) {
            return bad("regions out of order");
        }
        if (0..entities).any(|e| self.start[e] < self.base[e] || self.start[e] > self.base[e + 1]) {
            return bad("a start outside its region");
        }
        let total = *self.base.last().unwrap_or(&0);
        if self.group_sets.len() != groups
            || self.dense.iter().any(|b| b.len() * 64 != total as usize)
            || self.dense_counts.len() != self.dense.len()
            || self.dense_totals.len() != self.dense.len()
            || self.dense_counts.iter().any(|c| c.len() != entities)
        {
            return bad("bitmaps do not match the numbering");
        }
        for store in self.sets.iter().chain(&self.group_sets) {
            match store {
                SlotStore::Sparse(list) => {
                    if list.windows(2).any(|w| w[0] >= w[1])
                        || list.last().is_some_and(|&x| x >= total)
                    {
                        return bad("a list out of order or outside the numbering");
                    }
                }
                SlotStore::Dense(d) => {
                    if *d as usize >= self.dense.len() {
                        return bad("a bitmap number out of range");
                    }
                }
            }
        }
        Ok(())
    }

    /// The entity whose region holds `slot`, searching forwards from `e`.
    fn entity_from(&self, mut e: usize, slot: u32) -> usize {
        while self.base[e + 1] <= slot {
            e += 1;
        }
        e
    }

    /// The slots of a sorted list entity by entity: for each entity whose region holds any,
    /// `(entity, how many, the first)`, in entity order. Each region's end is found by galloping
    /// through the list (`Gallop`), so a topic's slots are counted in a few steps a side rather
    /// than one a slot.
    pub(super) fn runs<'a>(
        &'a self,
        list: &'a [u32],
    ) -> impl Iterator<Item = (usize, u32, u32)> + 'a {
        let (mut gallop, mut i, mut e) = (Gallop::new(list), 0, 0);
        std::iter::from_fn(move || {
            let &first = list.get(i)?;
            e = self.entity_from(e, first);
            let end = gallop.seek(self.base[e + 1]);
            let n = end - i;
            i = end;
            Some((e, n as u32, first))
        })
    }
}

/// Some of one entity's statements (`Index::spoken_by`), as a bitmap of their positions in its
/// list: those on a topic, say.
#[derive(Debug, Clone, Default)]
pub struct SpokenSubset {
    bits: Vec<u64>,
    count: usize,
}

impl SpokenSubset {
    /// How many positions are in the set.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn contains(&self, i: usize) -> bool {
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// The positions, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        ones(&self.bits).map(|i| i as usize)
    }

    /// The positions whose flag is set, the first flag standing for position 0.
    pub fn from_flags(flags: impl IntoIterator<Item = bool>) -> Self {
        let mut out = SpokenSubset::default();
        for (i, flag) in flags.into_iter().enumerate() {
            if i % 64 == 0 {
                out.bits.push(0);
            }
            if let (true, Some(word)) = (flag, out.bits.last_mut()) {
                *word |= 1u64 << (i % 64);
                out.count += 1;
            }
        }
        out
    }
}

/// The set bits of a bitmap, ascending.
pub(super) fn ones(words: &[u64]) -> impl Iterator<Item = u32> + '_ {
    words.iter().enumerate().flat_map(|(k, &w)| {
        let mut w = w;
        std::iter::from_fn(move || {
            (w != 0).then(|| {
                let b = w.trailing_zeros();
                w &= w - 1;
                k as u32 * 64 + b
            })
        })
    })
}

/// Whether bit `i` of a bitmap is set.
pub(super) fn bit(words: &[u64], i: u32) -> bool {
    words[i as usize / 64] & (1 << (i % 64)) != 0
}

/// The set bits of a bitmap in `from..to`, ascending, less `from`.
pub(super) fn ones_in(words: &[u64], from: u32, to: u32) -> impl Iterator<Item = u32> + '_ {
    let (lo, hi) = (from as usize / 64, (to as usize).div_ceil(64));
    ones(&words[lo..hi])
        .map(move |i| i + lo as u32 * 64)
        .filter(move |&i| i >= from && i < to)
        .map(move |i| i - from)
}

/// How many statements of each entity are on a topic (see `Index::on_topic_by_entity`).
#[derive(Debug, Clone, Default)]
pub struct TopicCounts<'a> {
    /// `(entity, how many, the entity's first statement on the topic)`, for entities with any.
    pub entities: Vec<(EntityId, usize, StatementId)>,
    /// How many statements of speakers for no side are on the topic (their positions in
    /// `Index::sideless` are `positions(index.others())`).
    pub others: usize,
    /// The topic's statements in slot numbers: one set, and the slots of the others that are not
    /// in it (sorted).
    set: Option<SlotSet<'a>>,
    extras: Vec<u32>,
    start: &'a [u32],
    spoken: &'a [Vec<StatementId>],
}

impl TopicCounts<'_> {
    /// The positions in `spoken_by(e)` of an entity's statements on the topic, ascending.
    pub fn positions(&self, e: EntityId) -> Box<dyn Iterator<Item = usize> + '_> {
        let (Some(&from), Some(list)) = (self.start.get(e as usize), self.spoken.get(e as usize))
        else {
            return Box::new(std::iter::empty());
        };
        let to = from + list.len() as u32;
        let start = self.extras.partition_point(|&x| x < from);
        let extras = self.extras[start..]
            .iter()
            .take_while(move |&&x| x < to)
            .map(move |&x| (x - from) as usize);
        if !self.extras.is_empty() {
            // The bitmap's positions and the extras, merged lazily (both ascending, disjoint).
            let mut a = match self.set {
                Some(SlotSet::Dense(bits, _)) => Some(ones_in(bits, from, to).map(|i| i as usize)),
                _ => None,
            }
            .into_iter()
            .flatten()
            .peekable();
            let mut b = extras.peekable();
            return Box::new(std::iter::from_fn(move || match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x < y => a.next(),
                (Some(_), None) => a.next(),
                _ => b.next(),
            }));
        }
        match self.set {
            Some(SlotSet::Sparse(list)) => {
                let start = list.partition_point(|&x| x < from);
                Box::new(
                    list[start..]
                        .iter()
                        .take_while(move |&&x| x < to)
                        .map(move |&x| (x - from) as usize),
                )
            }
            Some(SlotSet::Dense(bits, _)) => Box::new(ones_in(bits, from, to).map(|i| i as usize)),
            None => Box::new(std::iter::empty()),
        }
    }
}

/// Whether a sorted list contains `x`.
pub fn contains_sorted(list: &[StatementId], x: StatementId) -> bool {
    list.binary_search(&x).is_ok()
}

/// Sets bit `i` of `bits` for each slot `from + i` of `set` below `from + bits.len() * 64`.
pub(super) fn or_into(bits: &mut [u64], set: SlotSet<'_>, from: usize) {
    let to = from + bits.len() * 64;
    match set {
        SlotSet::Dense(d, _) => {
            let (word, shift) = (from / 64, from % 64);
            for (i, b) in bits.iter_mut().enumerate() {
                let low = d.get(word + i).copied().unwrap_or(0) >> shift;
                let high = match shift {
                    0 => 0,
                    s => d.get(word + i + 1).copied().unwrap_or(0) << (64 - s),
                };
                *b |= low | high;
            }
        }
        SlotSet::Sparse(list) => {
            let start = list.partition_point(|&x| (x as usize) < from);
            for &x in list[start..].iter().take_while(|&&x| (x as usize) < to) {
                let i = x as usize - from;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
    }
}

impl Index {
    /// The statement in entity `e`'s slot `slot`.
    fn at_slot(&self, e: usize, slot: u32) -> StatementId {
        self.spoken[e][(slot - self.slots.start[e]) as usize]
    }

    /// The topic's terms' statement sets in slot numbers. A synonym group whose terms are all in
    /// the topic is taken as one set, its union kept since the index was built.
    fn slot_sets(&self, topic: &TopicTerms) -> Vec<SlotSet<'_>> {
        let mut ids: Vec<TermId> = topic.0.clone();
        ids.sort_unstable();
        ids.dedup();
        let mut sets = Vec::new();
        for (members, group) in &self.groups {
            if members.iter().all(|m| ids.binary_search(m).is_ok()) {
                ids.retain(|t| members.binary_search(t).is_err());
                sets.push(self.slots.of_group(*group));
            }
        }
        sets.extend(ids.into_iter().map(|t| self.slots.of(t)));
        sets
    }

    /// The positions in `spoken_by(e)` of the statements of `e` that contain any of the topic's
    /// terms.
    pub fn on_topic_within(&self, e: EntityId, topic: &TopicTerms) -> SpokenSubset {
        let n = self.spoken[e as usize].len();
        let mut bits = vec![0u64; n.div_ceil(64)];
        for set in self.slot_sets(topic) {
            or_into(&mut bits, set, self.slots.start[e as usize] as usize);
        }
        if !n.is_multiple_of(64) {
            // Slots past the entity's statements belong to its free space or to the next one.
            if let Some(last) = bits.last_mut() {
                *last &= (1u64 << (n % 64)) - 1;
            }
        }
        let count = bits.iter().map(|w| w.count_ones() as usize).sum();
        SpokenSubset { bits, count }
    }

    /// For every entity with statements that contain any of the topic's terms: how many, and the
    /// first (best ranked) of them. Statements without an entity are not counted.
    pub fn on_topic_by_entity(&self, topic: &TopicTerms) -> TopicCounts<'_> {
        let sets = self.slot_sets(topic);
        let start = &self.slots.start;
        let mut out = TopicCounts {
            others: 0,
            // At most one entry a side: one allocation, not one per doubling.
            entities: Vec::with_capacity(self.spoken.len()),
            set: None,
            extras: Vec::new(),
            start,
            spoken: &self.spoken,
        };
        match sets.as_slice() {
            [] => {}
            // One set: counted when the index was built, or walked once.
            [SlotSet::Dense(_, d)] => {
                for (e, &(count, first)) in self.slots.dense_counts[*d as usize].iter().enumerate()
                {
                    if count > 0 {
                        out.entities.push((e as EntityId, count as usize, first));
                    }
                }
                out.set = Some(sets[0]);
            }
            [SlotSet::Sparse(list)] => {
                out.entities.extend(
                    self.slots
                        .runs(list)
                        .map(|(e, n, first)| (e as EntityId, n as usize, self.at_slot(e, first))),
                );
                out.set = Some(sets[0]);
            }
            _ => {
                // The densest bitmap's counts (made when the index was built), plus the slots
                // of the other sets that it lacks: no union of whole bitmaps is made or counted.
                let densest = sets
                    .iter()
                    .filter_map(|s| match s {
                        SlotSet::Dense(bits, d) => Some((*bits, *d)),
                        SlotSet::Sparse(_) => None,
                    })
                    .max_by_key(|&(_, d)| self.slots.dense_totals[d as usize]);
                let mut counts: Vec<(u32, StatementId)> = match densest {
                    Some((_, d)) => self.slots.dense_counts[d as usize].clone(),
                    None => vec![(0, 0); self.spoken.len()],
                };
                let extras = extras_outside(densest.map(|(bits, _)| bits), &sets);
                for (e, n, first) in self.slots.runs(&extras) {
                    let id = self.at_slot(e, first);
                    let c = &mut counts[e];
                    c.1 = if c.0 == 0 { id } else { c.1.min(id) };
                    c.0 += n;
                }
                for (e, &(count, first)) in counts.iter().enumerate() {
                    if count > 0 {
                        out.entities.push((e as EntityId, count as usize, first));
                    }
                }
                out.set = densest.map(|(bits, d)| SlotSet::Dense(bits, d));
                out.extras = extras;
            }
        }
        // The last group is the speakers for no side: counted, not a side.
        let others = self.others();
        if let Some(i) = out.entities.iter().position(|g| g.0 == others) {
            out.others = out.entities.remove(i).1;
        }
        out
    }
}

/// The slots of `sets` that the bitmap `main` (one of them, or none) lacks, ascending and without
/// repeats: the other bitmaps are read word by word, the lists merged.
fn extras_outside(main: Option<&[u64]>, sets: &[SlotSet<'_>]) -> Vec<u32> {
    let is_main = |bits: &[u64]| main.is_some_and(|m| std::ptr::eq(m, bits));
    let others: Vec<&[u64]> = sets
        .iter()
        .filter_map(|s| match s {
            SlotSet::Dense(bits, _) if !is_main(bits) => Some(*bits),
            _ => None,
        })
        .collect();
    let in_bits = |bits: &[u64], x: u32| bit(bits, x);
    let mut from_bitmaps = Vec::new();
    if let Some(first) = others.first() {
        for i in 0..first.len() {
            let mut w = others.iter().fold(0u64, |acc, b| acc | b[i]);
            if let Some(m) = main {
                w &= !m[i];
            }
            while w != 0 {
                from_bitmaps.push(i as u32 * 64 + w.trailing_zeros());
                w &= w - 1;
            }
        }
    }
    let lists: Vec<&[u32]> = sets
        .iter()
        .filter_map(|s| match s {
            SlotSet::Sparse(list) => Some(*list),
            SlotSet::Dense(..) => None,
        })
        .collect();
    let from_lists: Vec<u32> = union(&lists, usize::MAX)
        .into_iter()
        .filter(|&x| main.is_none_or(|m| !in_bits(m, x)) && !others.iter().any(|b| in_bits(b, x)))
        .collect();
    // The two are disjoint: a listed slot in another bitmap was left out above.
    let mut out = Vec::with_capacity(from_bitmaps.len() + from_lists.len());
    let (mut a, mut b) = (from_bitmaps.iter().peekable(), from_lists.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (Some(&&x), Some(&&y)) => {
                if x < y {
                    out.push(x);
                    a.next();
                } else {
                    out.push(y);
                    b.next();
                }
            }
            (Some(&&x), None) => {
                out.push(x);
                a.next();
            }
            (None, Some(&&y)) => {
                out.push(y);
                b.next();
            }
            (None, None) => break,
        }
    }
    out
}

/// The first `cap` numbers of the union of sorted lists, ascending, without repeats (statement
/// ids or slots; `usize::MAX` for all): the one union of the index and the answers.
pub fn union(lists: &[&[u32]], cap: usize) -> Vec<u32> {
    match lists {
        [] => Vec::new(),
        [one] => one[..cap.min(one.len())].to_vec(),
        _ => {
            let mut at = vec![0usize; lists.len()];
            let mut out = Vec::with_capacity(cap.min(lists.iter().map(|l| l.len()).sum()));
            while out.len() < cap {
                let Some(next) = lists
                    .iter()
                    .zip(&at)
                    .filter_map(|(l, &i)| l.get(i).copied())
                    .min()
                else {
                    break;
                };
                for (l, i) in lists.iter().zip(at.iter_mut()) {
                    if l.get(*i) == Some(&next) {
                        *i += 1;
                    }
                }
                out.push(next);
            }
            out
        }
    }
}

/// A cursor over a sorted list that answers "does it contain x?" for ascending x, galloping
/// forward: checking k ascending values costs about k·log(len/k), not k·log(len).
#[derive(Debug, Clone)]
pub struct Gallop<'a> {
    list: &'a [StatementId],
    at: usize,
}

impl<'a> Gallop<'a> {
    pub fn new(list: &'a [StatementId]) -> Self {
        Gallop { list, at: 0 }
    }

    /// Whether the list contains `x`; `x` must not be smaller than any value asked before.
    pub fn contains(&mut self, x: StatementId) -> bool {
        self.seek(x);
        self.list.get(self.at) == Some(&x)
    }

    /// Moves to the first number not below `x` (the list's length when there is none) and
    /// returns where that is; `x` must not be smaller than any value asked before.
    fn seek(&mut self, x: StatementId) -> usize {
        let rest = &self.list[self.at..];
        let mut step = 1;
        while step < rest.len() && rest[step] < x {
            step *= 2;
        }
        let end = (step + 1).min(rest.len());
        self.at += rest[..end].partition_point(|&y| y < x);
        self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_union_for_every_caller() {
        let (a, b, c): (&[u32], &[u32], &[u32]) = (&[1, 4, 9], &[2, 4, 10, 12], &[]);
        assert_eq!(union(&[a, b, c], usize::MAX), [1, 2, 4, 9, 10, 12]);
        assert_eq!(union(&[a, b], 3), [1, 2, 4]);
        assert_eq!(union(&[b], 2), [2, 4]);
        assert_eq!(union(&[c, c], 5), [] as [u32; 0]);
        assert!(union(&[], 5).is_empty());
    }

    #[test]
    fn galloping_agrees_with_binary_search() {
        let list: Vec<u32> = (0..500).map(|i| i * 10 + (i % 7)).collect();
        let mut g = Gallop::new(&list);
        for x in 0..5100 {
            assert_eq!(g.contains(x), list.binary_search(&x).is_ok(), "{x}");
        }
        let mut g = Gallop::new(&[]);
        assert!(!g.contains(3));
    }

    #[test]
    fn runs_count_each_region_like_a_walk_over_every_slot() {
        let slots = Slots {
            base: vec![0, 64, 64, 192, 256],
            start: vec![10, 64, 100, 192],
            ..Slots::default()
        };
        let lists: [Vec<u32>; 5] = [
            vec![],
            vec![70],
            (0..256).collect(),
            (0..256).filter(|x| x % 3 == 0 || *x > 250).collect(),
            vec![0, 63, 64, 191, 192, 255],
        ];
        for list in &lists {
            let mut walked: Vec<(usize, u32, u32)> = Vec::new();
            for &x in list {
                let e = slots.base.partition_point(|&b| b <= x) - 1;
                match walked.last_mut() {
                    Some(last) if last.0 == e => last.1 += 1,
                    _ => walked.push((e, 1, x)),
                }
            }
            assert_eq!(slots.runs(list).collect::<Vec<_>>(), walked, "{list:?}");
        }
        for n in [1, 2, 15, 16, 17, 63, 64, 65, 127, 128, 129, 300] {
            let list: Vec<u32> = (0..n).map(|i| i * 2).collect();
            for end in 1..=(2 * n + 1) {
                let expected = list.iter().filter(|&&x| x < end).count();
                assert_eq!(Gallop::new(&list).seek(end), expected, "{n} {end}");
            }
        }
    }

    #[test]
    fn set_bits_come_out_ascending() {
        let words = [0b1010u64, 0, 1 << 63];
        assert_eq!(ones(&words).collect::<Vec<_>>(), [1, 3, 191]);
    }
}
