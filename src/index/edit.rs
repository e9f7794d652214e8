//! Changes in place: an article's metadata put in rank order, a statement inserted at its rank,
//! taken out of the answers or put back. Statement ids stay dense (`lo..lo + len`): a statement
//! inserted renumbers only the smaller side of where it falls (for news, the few newer
//! statements), and an entity's slots move the same way inside its region; a statement retracted
//! keeps its number and rows and leaves only the lists (`unlink`), so a change costs about what
//! it touches.

use std::cmp::Ordering;
use std::collections::VecDeque;

use rustc_hash::FxHashSet;

use super::numbering::{by_volume, name_keys, FEW};
use super::sets::SlotStore;
use super::{id_hash, Index, StatementId, TermId, Trigrams};
use crate::entities::{DeletionIndex, EntityId};
use crate::model::{Article, Statement};
use crate::text::{fold, is_stop_word, stem, words};

/// The stems of a text as the index keeps them: folded words but stop words, stemmed, stems of
/// two bytes or more, each once, in order of first appearance.
pub(super) fn stems_of(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out: Vec<String> = Vec::new();
    for w in words(&folded).filter(|w| !is_stop_word(w)) {
        let s = stem(w);
        if s.len() > 1 && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Where an article goes among articles sorted newest first, then by id.
fn article_before(x: &Article, a: &Article) -> bool {
    match x.published.cmp(&a.published) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => x.id < a.id,
    }
}

/// Which lists a renumbering touches.
enum Reach {
    /// These terms (and groups), and these speaker keys.
    Some(Vec<TermId>, Vec<Box<str>>),
    All,
}

impl Index {
    fn hi(&self) -> StatementId {
        self.lo + self.statements.len() as StatementId
    }

    /// Puts an article's metadata in rank order; returns its position.
    pub(super) fn insert_article(&mut self, a: Article) -> u32 {
        let pos = self.articles.partition_point(|x| article_before(x, &a)) as u32;
        for v in self.article_by_id.values_mut() {
            if *v >= pos {
                *v += 1;
            }
        }
        for v in self.statement_article.iter_mut() {
            if *v >= pos {
                *v += 1;
            }
        }
        self.article_by_id.insert(a.id.clone(), pos);
        self.sources.insert(pos as usize, super::Cited::of(&a));
        self.articles.insert(pos as usize, a);
        pos
    }

    /// The rank key of a statement in force.
    fn key_of(&self, id: StatementId) -> (u32, u32, u32) {
        let i = self.at(id);
        (
            self.statement_article[i],
            self.statements[i].paragraph,
            self.ordinals[i],
        )
    }

    /// The id of a term, numbering a new stem.
    fn term_for(&mut self, stem: &str) -> TermId {
        if let Some(&t) = self.term_ids.get(stem) {
            return t;
        }
        let t = self.term_list.len() as TermId;
        self.term_ids.insert(stem.into(), t);
        self.term_list.push(stem.to_string());
        self.postings.push(Vec::new());
        self.slots.sets.push(SlotStore::Sparse(Vec::new()));
        self.added_terms.push(t);
        t
    }

    /// The terms of the statements `ids`, and their speaker keys.
    fn reach_of(&self, ids: impl Iterator<Item = StatementId>) -> Reach {
        let mut terms: FxHashSet<TermId> = FxHashSet::default();
        let mut keys: FxHashSet<Box<str>> = FxHashSet::default();
        for id in ids {
            let s = self.statement(id);
            terms.extend(self.terms_of(id));
            if self.entity_of(id).is_some() {
                keys.extend(name_keys(&s.speaker.name));
            }
        }
        Reach::Some(terms.into_iter().collect(), keys.into_iter().collect())
    }

    /// Moves every stored id in `from..to` up or down by `by`; the `by` ids just outside the range
    /// on the side it moves to must be free.
    fn shift_ids(&mut self, from: StatementId, to: StatementId, by: StatementId, up: bool) {
        if from >= to || by == 0 {
            return;
        }
        let n = (to - from) as usize;
        let reach = if n <= FEW {
            self.reach_of(from..to)
        } else {
            Reach::All
        };
        let moved = |x: &mut StatementId| {
            if *x >= from && *x < to {
                if up {
                    *x += by
                } else {
                    *x -= by
                }
            }
        };
        let shift_list = |list: &mut Vec<StatementId>| {
            let a = list.partition_point(|&x| x < from);
            let b = list.partition_point(|&x| x < to);
            list[a..b].iter_mut().for_each(moved);
        };
        self.spoken.iter_mut().for_each(shift_list);
        self.mentioned.iter_mut().for_each(shift_list);
        shift_list(&mut self.gone);
        shift_list(&mut self.hidden);
        match &reach {
            Reach::Some(terms, keys) => {
                for &t in terms {
                    shift_list(&mut self.postings[t as usize]);
                }
                for k in keys {
                    if let Some(list) = self.speaker_keys.get_mut(k) {
                        shift_list(list);
                    }
                }
            }
            Reach::All => {
                self.postings.iter_mut().for_each(shift_list);
                self.speaker_keys.values_mut().for_each(shift_list);
            }
        }
        if n * 4 < self.statements.len() {
            let hashes: FxHashSet<u64> = (from..to)
                .map(|id| id_hash(&self.statement(id).id))
                .collect();
            for h in hashes {
                if let Some(v) = self.by_id.get_mut(&h) {
                    moved(v);
                }
            }
        } else {
            self.by_id.values_mut().for_each(moved);
        }
        self.by_id_more.iter_mut().for_each(|(_, v)| moved(v));
        // Each bitmap's first statement per entity is kept by id: only the bitmaps of the moved
        // statements' terms can hold one of them.
        let bitmaps = match &reach {
            Reach::Some(terms, _) => self.bitmaps_of(terms),
            Reach::All => (0..self.slots.dense.len()).collect(),
        };
        for d in bitmaps {
            for (count, first) in &mut self.slots.dense_counts[d] {
                if *count > 0 {
                    moved(first);
                }
            }
        }
    }

    /// Inserts a statement at its rank (`ordinal`: its place among its paragraph's statements).
    /// Its article must be indexed.
    pub(super) fn insert_statement(&mut self, s: Statement, ordinal: u32) {
        let Some(&article) = self.article_by_id.get(&s.article) else {
            return;
        };
        let key = (article, s.paragraph, ordinal);
        // The first statement that ranks after it.
        let (mut a, mut b) = (self.lo, self.hi());
        while a < b {
            let mid = a + (b - a) / 2;
            if self.key_of(mid) <= key {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        self.insert_run(a, article, vec![(s, ordinal)]);
    }

    /// Inserts the statements of an article just put in rank order (`pos`, from `insert_article`),
    /// with their ordinals, as one run: the statements around them are renumbered once for all.
    pub(super) fn insert_article_statements(&mut self, pos: u32, mut run: Vec<(Statement, u32)>) {
        // No statement of the article is indexed yet: its run goes before the first statement of
        // an article ranked after it.
        let p = self.lo + self.statement_article.partition_point(|&a| a < pos) as StatementId;
        run.sort_by_key(|(s, ordinal)| (s.paragraph, *ordinal));
        self.insert_run(p, pos, run);
    }

    /// Inserts statements of article `article`, in rank order, at id `p` (they rank between the
    /// statements before `p` and those from `p` on): the smaller side is renumbered once, then
    /// every statement's rows are put in the tables, then each is linked into its lists (linking
    /// reads other statements' rows, which must all be in place).
    fn insert_run(&mut self, p: StatementId, article: u32, run: Vec<(Statement, u32)>) {
        let k = run.len() as StatementId;
        if k == 0 {
            return;
        }
        let newer = (p - self.lo) as usize;
        let older = (self.hi() - p) as usize;
        let first = if newer <= older && self.lo >= k {
            self.shift_ids(self.lo, p, k, false);
            self.lo -= k;
            p - k
        } else {
            self.shift_ids(p, self.hi(), k, true);
            p
        };
        self.put_rows(first, article, run);
        for id in first..first + k {
            self.link(id);
        }
    }

    /// Puts a run of statements of article `article` in the per-statement tables from id `first`
    /// on (free, numbered already), and in the id table and the word lists.
    fn put_rows(&mut self, first: StatementId, article: u32, run: Vec<(Statement, u32)>) {
        let at = (first - self.lo) as usize;
        let k = run.len();
        let mut trigrams = Vec::with_capacity(k);
        let mut entities = Vec::with_capacity(k);
        let mut ordinals = Vec::with_capacity(k);
        let mut rows = Vec::with_capacity(k);
        let mut statements = Vec::with_capacity(k);
        let mut ties = Vec::with_capacity(k);
        let date = self.sources[article as usize].date;
        for (i, (mut s, ordinal)) in run.into_iter().enumerate() {
            let id = first + i as StatementId;
            let stems = stems_of(&s.text);
            let terms: Vec<TermId> = stems.iter().map(|st| self.term_for(st)).collect();
            rows.push((self.row_start.len() - 1 + self.more_start.len() - 1) as u32);
            self.more_rows.extend(&terms);
            self.more_start.push(self.more_rows.len() as u32);
            entities.push(s.entity.as_deref().and_then(|k| self.gazetteer.by_key(k)));
            let h = id_hash(&s.id);
            ties.push(self.tie_of_hash(h, date));
            match self.by_id.entry(h) {
                std::collections::hash_map::Entry::Occupied(_) => self.by_id_more.push((h, id)),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(id);
                }
            }
            let folded = fold(&s.text);
            for w in words(&folded).filter(|w| !is_stop_word(w)) {
                if self.vocabulary.binary_search_by(|v| (**v).cmp(w)).is_err() {
                    self.new_words.push(w.into());
                }
            }
            trigrams.push(Trigrams::of(&folded));
            ordinals.push(ordinal);
            self.speakers.share(&mut s.speaker);
            statements.push(s);
        }
        insert_many(&mut self.trigrams, at, trigrams);
        insert_many(&mut self.statement_article, at, vec![article; k]);
        insert_many(&mut self.statement_entity, at, entities);
        insert_many(&mut self.ordinals, at, ordinals);
        insert_many(&mut self.statement_row, at, rows);
        insert_many(&mut self.statements, at, statements);
        insert_many(&mut self.statement_tie, at, ties);
    }

    /// The entities a statement names without speaking for them.
    fn named_by(&self, id: StatementId) -> Vec<EntityId> {
        let entity = self.entity_of(id);
        let mut named: Vec<EntityId> = self
            .statement(id)
            .mentions
            .iter()
            .filter_map(|m| self.gazetteer.by_key(m))
            .filter(|&e| Some(e) != entity)
            .collect();
        named.sort_unstable();
        named.dedup();
        named
    }

    /// The speaker keys a statement is listed under (none for a statement of no side).
    fn keys_of(&self, id: StatementId) -> Vec<Box<str>> {
        match self.entity_of(id) {
            Some(_) => name_keys(&self.statement(id).speaker.name),
            None => Vec::new(),
        }
    }

    /// Puts statement `id` (in the tables already) in every list that finds it: its stems', the
    /// entities it names, its speaker's keys, and its side's statements and slots.
    pub(super) fn link(&mut self, id: StatementId) {
        let terms: Vec<TermId> = self.terms_of(id).to_vec();
        let insert_sorted = |list: &mut Vec<StatementId>| {
            let i = list.partition_point(|&x| x < id);
            if list.get(i) != Some(&id) {
                list.insert(i, id);
            }
        };
        for &t in &terms {
            insert_sorted(&mut self.postings[t as usize]);
        }
        for e in self.named_by(id) {
            insert_sorted(&mut self.mentioned[e as usize]);
        }
        for k in self.keys_of(id) {
            insert_sorted(self.speaker_keys.entry(k).or_default());
        }
        let e = self.entity_of(id).unwrap_or(self.others());
        let list = &mut self.spoken[e as usize];
        let j = list.partition_point(|&x| x < id);
        list.insert(j, id);
        self.insert_slot(e, j, &terms);
    }

    /// Takes statement `id` out of every list `link` put it in; the tables keep it.
    pub(super) fn unlink(&mut self, id: StatementId) {
        let terms: Vec<TermId> = self.terms_of(id).to_vec();
        let e = self.entity_of(id).unwrap_or(self.others());
        let j = self.spoken[e as usize].partition_point(|&x| x < id);
        self.remove_slot(e, j, &terms);
        self.spoken[e as usize].remove(j);
        let remove = |list: &mut Vec<StatementId>| {
            if let Ok(i) = list.binary_search(&id) {
                list.remove(i);
            }
        };
        for k in self.keys_of(id) {
            if let Some(list) = self.speaker_keys.get_mut(&k) {
                remove(list);
                if list.is_empty() {
                    self.speaker_keys.remove(&k);
                }
            }
        }
        for &t in &terms {
            remove(&mut self.postings[t as usize]);
        }
        for e in self.named_by(id) {
            remove(&mut self.mentioned[e as usize]);
        }
    }

    /// After a batch: the new words in the sorted word lists, a typo index over the stems added,
    /// and the entities' order by volume.
    pub(super) fn settle(&mut self) {
        if !self.new_words.is_empty() {
            let mut new = std::mem::take(&mut self.new_words);
            new.sort_unstable();
            new.dedup();
            let mut reversed: Vec<Box<str>> = new
                .iter()
                .map(|w| w.chars().rev().collect::<String>().into())
                .collect();
            reversed.sort_unstable();
            self.vocabulary = merge_sorted(std::mem::take(&mut self.vocabulary), new);
            self.reversed = merge_sorted(std::mem::take(&mut self.reversed), reversed);
        }
        if !self.added_terms.is_empty() {
            let terms = std::mem::take(&mut self.added_terms);
            let words = terms
                .iter()
                .map(|&t| self.term_list[t as usize].clone())
                .collect();
            self.added_fuzzy.push((DeletionIndex::new(words), terms));
            // The last two merged while the last is at least half the one before: a few
            // indexes of doubling sizes, each stem merged about log(n) times.
            while let [.., a, b] = self.added_fuzzy.as_slice() {
                if b.1.len() * 2 < a.1.len() {
                    break;
                }
                let (_, b) = self.added_fuzzy.pop().expect("two");
                let (_, a) = self.added_fuzzy.pop().expect("two");
                let terms: Vec<TermId> = a.into_iter().chain(b).collect();
                let words = terms
                    .iter()
                    .map(|&t| self.term_list[t as usize].clone())
                    .collect();
                self.added_fuzzy.push((DeletionIndex::new(words), terms));
            }
        }
        self.by_volume = by_volume(&self.gazetteer, &self.spoken);
    }
}

/// Inserts `items` at `at` in a per-statement table. One at a time, each moves the smaller side
/// of the table; deep in a long table, a run is better put at the near end and rotated into place,
/// which moves that side once (and the table's two halves once, when its ring buffer wraps).
fn insert_many<T>(table: &mut VecDeque<T>, at: usize, items: Vec<T>) {
    let (n, k) = (table.len(), items.len());
    let side = at.min(n - at);
    if k <= 1 || side * (k - 1) <= n {
        for (i, x) in items.into_iter().enumerate() {
            table.insert(at + i, x);
        }
    } else if at <= n - at {
        for x in items.into_iter().rev() {
            table.push_front(x);
        }
        table.make_contiguous()[..at + k].rotate_left(k);
    } else {
        table.extend(items);
        table.make_contiguous()[at..].rotate_right(k);
    }
}

/// Two sorted lists of distinct words as one (no word in both).
fn merge_sorted(old: Vec<Box<str>>, new: Vec<Box<str>>) -> Vec<Box<str>> {
    let mut out = Vec::with_capacity(old.len() + new.len());
    let mut b = new.into_iter().peekable();
    for w in old {
        while b.peek().is_some_and(|n| *n < w) {
            out.extend(b.next());
        }
        out.push(w);
    }
    out.extend(b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_run_goes_in_where_a_splice_puts_it(
            front in 0usize..40,
            len in 0usize..300,
            at in any::<proptest::sample::Index>(),
            k in 0usize..60,
        ) {
            // A table whose ring buffer may wrap: some rows pushed at the front.
            let mut table: VecDeque<usize> = (front..len.max(front)).collect();
            for x in (0..front.min(len)).rev() {
                table.push_front(x);
            }
            let mut expected: Vec<usize> = table.iter().copied().collect();
            let at = at.index(table.len() + 1);
            let items: Vec<usize> = (1000..1000 + k).collect();
            expected.splice(at..at, items.iter().copied());
            insert_many(&mut table, at, items);
            prop_assert_eq!(table.into_iter().collect::<Vec<_>>(), expected);
        }
    }
}
