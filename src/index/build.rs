//! Building the index from the store: statements put in rank order, their stems and trigrams,
//! who said them and whom they name, posting lists and the slot numbering with its bitmaps.

use std::collections::{HashMap, VecDeque};

use rustc_hash::FxBuildHasher;

use super::numbering::{by_volume, name_keys, LO, PAD};
use super::sets::{ones, or_into, SlotStore, Slots};
use super::*;
use crate::store::Store;
use crate::text::{fold, is_stop_word, stem, words};

impl Index {
    /// Builds the index from a loaded store; retracted statements are left out.
    pub fn build(gazetteer: Gazetteer, store: Store) -> Index {
        let Store {
            articles,
            mut statements,
            retractions,
        } = store;
        let retracted_ids: std::collections::HashSet<String, FxBuildHasher> =
            retractions.into_iter().map(|r| r.id).collect();
        let mut retracted: HashMap<String, (Statement, u32), FxBuildHasher> = HashMap::default();

        let mut articles: Vec<Article> = articles.into_iter().map(|a| a.meta).collect();
        articles.sort_by(|a, b| b.published.cmp(&a.published).then(a.id.cmp(&b.id)));
        let article_by_id: HashMap<String, u32, FxBuildHasher> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i as u32))
            .collect();
        let unknown = articles.len() as u32;
        // Rank: newest article first, then the paragraph, then the article's own order (a stable
        // sort), in place: the keys are computed once and the statements swapped into order.
        let article_of = |s: &Statement| article_by_id.get(&s.article).copied().unwrap_or(unknown);
        statements.sort_by_cached_key(|s| (article_of(s), s.paragraph));
        // Each statement's place among those of its paragraph, retracted ones included, so that
        // a restored statement goes back where it stood (see `edit`).
        let mut ordinals: Vec<u32> = Vec::with_capacity(roomy(statements.len()));
        for (i, s) in statements.iter().enumerate() {
            let same = i > 0 && {
                let p = &statements[i - 1];
                p.paragraph == s.paragraph && p.article == s.article
            };
            ordinals.push(if same { ordinals[i - 1] + 1 } else { 0 });
        }
        if !retracted_ids.is_empty() {
            let mut kept = Vec::with_capacity(statements.len());
            let mut kept_ordinals = Vec::with_capacity(statements.len());
            for (s, o) in statements.into_iter().zip(ordinals) {
                if retracted_ids.contains(&*s.id) {
                    retracted.insert(s.id.to_string(), (s, o));
                } else {
                    kept.push(s);
                    kept_ordinals.push(o);
                }
            }
            statements = kept;
            ordinals = kept_ordinals;
        }
        let mut statement_article: Vec<u32> = Vec::with_capacity(roomy(statements.len()));
        statement_article.extend(statements.iter().map(|s| match article_of(s) {
            a if a == unknown => 0,
            a => a,
        }));

        // The stems of each statement, in two halves on two threads, while this one reads the
        // speakers and entities.
        let n_statements = statements.len();
        let half = statements.len() / 2;
        let (first, second, entities) = std::thread::scope(|scope| {
            let second = scope.spawn(|| Tokens::of(&statements[half..], 0));
            let first = Tokens::of(&statements[..half], roomy(statements.len()));
            let entities = Entities::of(&gazetteer, &statements);
            (first, second.join().expect("tokenizing finishes"), entities)
        });
        let Entities {
            spoken,
            mentioned,
            speaker_keys,
            statement_entity,
            by_id,
            by_id_more,
        } = entities;
        // Every word of every text, and each reversed, sorted: for prefix and suffix questions.
        let mut vocabulary: Vec<Box<str>> = first
            .words
            .keys()
            .chain(second.words.keys())
            .cloned()
            .chain(crate::text::stop_words().map(Box::from))
            .collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let mut reversed: Vec<Box<str>> = vocabulary
            .iter()
            .map(|w| w.chars().rev().collect::<String>().into_boxed_str())
            .collect();
        reversed.sort_unstable();
        let Tokens {
            words: _,
            ids: mut first_ids,
            list: mut first_list,
            terms: mut statement_terms,
            starts: mut terms_start,
            mut trigrams,
        } = first;
        let renumber: Vec<TermId> = second
            .list
            .iter()
            .map(|t| match first_ids.get(t) {
                Some(&id) => id,
                None => {
                    let id = first_list.len() as TermId;
                    first_ids.insert(t.clone(), id);
                    first_list.push(t.clone());
                    id
                }
            })
            .collect();
        let offset = statement_terms.len() as u32;
        statement_terms.extend(second.terms.iter().map(|&t| renumber[t as usize]));
        terms_start.extend(second.starts.iter().map(|&s| s + offset));
        terms_start.push(statement_terms.len() as u32);
        trigrams.extend(second.trigrams);
        drop(first_ids);

        // Number the stems in sorted order, as the typo index reports them.
        let mut order: Vec<TermId> = (0..first_list.len() as TermId).collect();
        order.sort_unstable_by(|&a, &b| first_list[a as usize].cmp(&first_list[b as usize]));
        let mut renumber = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as TermId;
        }
        for t in &mut statement_terms {
            *t = renumber[*t as usize];
        }
        let term_list: Vec<String> = order
            .iter()
            .map(|&old| first_list[old as usize].to_string())
            .collect();
        drop(first_list);
        let n_terms = term_list.len();
        // The typo index over the stems is built on the second core while this one makes the
        // stem table, the postings and the entity-grouped sets.
        let (term_fuzzy, (term_ids, postings, groups, slots)) = std::thread::scope(|scope| {
            let fuzzy = scope.spawn(|| DeletionIndex::new(term_list.clone()));
            let term_ids: HashMap<Box<str>, TermId, FxBuildHasher> = term_list
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_str().into(), i as TermId))
                .collect();

            // Postings by stem, in rank order: counted first, so each list is allocated once.
            let terms_of =
                |s: usize| &statement_terms[terms_start[s] as usize..terms_start[s + 1] as usize];
            let mut count = vec![0u32; n_terms];
            for &t in &statement_terms {
                count[t as usize] += 1;
            }
            let mut postings: Vec<Vec<StatementId>> = count
                .iter()
                .map(|&c| Vec::with_capacity(roomy(c as usize)))
                .collect();
            drop(count);
            for s in 0..statements.len() {
                for &t in terms_of(s) {
                    postings[t as usize].push(s as StatementId);
                }
            }

            let mut groups = Vec::new();
            for g in crate::index::topics::groups() {
                let mut ids: Vec<TermId> =
                    g.iter().filter_map(|w| term_ids.get(*w).copied()).collect();
                ids.sort_unstable();
                if ids.len() >= 2 {
                    let n = groups.len() as u32;
                    groups.push((ids, n));
                }
            }
            let slots = Slots::build(&spoken, &statement_terms, &terms_start, n_terms, &groups);
            (
                fuzzy.join().expect("the typo index builds"),
                (term_ids, postings, groups, slots),
            )
        });

        let by_volume = by_volume(&gazetteer, &spoken);
        let sources = cited(&articles);
        let entity_labels = entity_labels(&gazetteer);
        let mut index = Index {
            gazetteer,
            articles,
            sources,
            entity_labels,
            article_by_id,
            lo: 0,
            statements: with_room(statements),
            statement_article: with_room(statement_article),
            statement_entity: with_room(statement_entity),
            statement_row: (0..n_statements as u32).collect(),
            rows: statement_terms,
            more_rows: Vec::new(),
            more_start: vec![0],
            row_start: terms_start,
            ordinals: with_room(ordinals),
            by_id,
            by_id_more,
            spoken,
            mentioned,
            term_ids,
            term_list,
            postings,
            term_fuzzy,
            added_terms: Vec::new(),
            added_fuzzy: Vec::new(),
            new_words: Vec::new(),
            slots,
            groups,
            trigrams: with_room(trigrams),
            vocabulary,
            reversed,
            speaker_keys,
            by_volume,
            gone: Vec::new(),
            retracted,
            hidden: Vec::new(),
            printings: Default::default(),
            statement_tie: VecDeque::new(),
            group_sources: Vec::new(),
            speakers: Default::default(),
        };
        index.share_speakers();
        index.statement_tie = index.ties_printed_once();
        index.hide_reprints();
        index.rebase(LO);
        index
    }

    /// Points every statement's speaker, those retracted included, at the one copy of each name
    /// and office (see `speakers`).
    pub(super) fn share_speakers(&mut self) {
        let shared = &mut self.speakers;
        for s in self.statements.iter_mut() {
            shared.share(&mut s.speaker);
        }
        for (s, _) in self.retracted.values_mut() {
            shared.share(&mut s.speaker);
        }
    }

    /// Groups the printings of the statements just built (each joined to those before it), and
    /// leaves every group's printings but its earliest out of the lists at once.
    fn hide_reprints(&mut self) {
        // The fingerprints on two threads; the grouping, which joins each statement to those
        // before it, in order.
        let statements = &self.statements;
        let half = statements.len() / 2;
        let prints_of = |range: std::ops::Range<usize>| -> Vec<Vec<u64>> {
            statements
                .range(range)
                .map(crate::printings::fingerprints)
                .collect()
        };
        let (mut prints, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| prints_of(half..statements.len()));
            let first = prints_of(0..half);
            (first, second.join())
        });
        match second {
            Ok(second) => prints.extend(second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        for (id, prints) in prints.iter().enumerate() {
            self.merge_printings_by(id as StatementId, prints);
        }
        let hidden = self.reprints();
        if hidden.is_empty() {
            return;
        }
        let mut out = vec![false; self.statements.len()];
        for &h in &hidden {
            out[h as usize] = true;
        }
        let keep = |list: &mut Vec<StatementId>| list.retain(|&x| !out[x as usize]);
        self.spoken.iter_mut().for_each(keep);
        self.mentioned.iter_mut().for_each(keep);
        self.postings.iter_mut().for_each(keep);
        self.speaker_keys.values_mut().for_each(keep);
        self.speaker_keys.retain(|_, list| !list.is_empty());
        self.by_volume = by_volume(&self.gazetteer, &self.spoken);
        self.slots = Slots::build(
            &self.spoken,
            &self.rows,
            &self.row_start,
            self.term_list.len(),
            &self.groups,
        );
        self.hidden = hidden;
    }
}

/// A table's capacity with room to grow by a sixteenth (and a little) in place: a change then
/// writes into memory reserved already (which costs nothing until it is written) instead of
/// copying the table into one twice its size, which would double its memory for a moment.
pub(super) fn roomy(len: usize) -> usize {
    len + len / 16 + 4
}

impl Index {
    /// Gives the large tables room to grow (see `roomy`): for an index read back from a snapshot,
    /// whose tables come exactly full.
    pub(super) fn make_room(&mut self) {
        fn deque<T>(d: &mut VecDeque<T>) {
            d.reserve_exact(roomy(d.len()) - d.len());
        }
        deque(&mut self.statements);
        deque(&mut self.statement_article);
        deque(&mut self.statement_entity);
        deque(&mut self.statement_row);
        deque(&mut self.ordinals);
        deque(&mut self.trigrams);
        deque(&mut self.statement_tie);
        for bits in &mut self.slots.dense {
            bits.reserve_exact(roomy(bits.len()) - bits.len());
        }
    }
}

/// A per-statement table with that room.
fn with_room<T>(mut v: Vec<T>) -> VecDeque<T> {
    v.reserve_exact(roomy(v.len()) - v.len());
    v.into()
}

/// The stems of a run of statements: each stem numbered in order of first appearance, each
/// statement's stems without repeats, and each statement's `Trigrams`.
struct Tokens {
    /// Every word but stop words → its stem's number (`u32::MAX` for a stem too short to keep).
    words: HashMap<Box<str>, TermId, FxBuildHasher>,
    ids: HashMap<Box<str>, TermId, FxBuildHasher>,
    list: Vec<Box<str>>,
    terms: Vec<TermId>,
    /// Statement `i`'s stems start at `terms[starts[i]]` (no end marker).
    starts: Vec<u32>,
    trigrams: Vec<Trigrams>,
}

impl Tokens {
    /// `room`: the trigram table's capacity, when it is to take the other half too.
    fn of(statements: &[Statement], room: usize) -> Tokens {
        let mut t = Tokens {
            words: HashMap::default(),
            ids: HashMap::default(),
            list: Vec::new(),
            terms: Vec::new(),
            starts: Vec::with_capacity(statements.len()),
            trigrams: Vec::with_capacity(room.max(statements.len())),
        };
        let mut last_seen: Vec<u32> = Vec::new();
        for (i, s) in statements.iter().enumerate() {
            t.starts.push(t.terms.len() as u32);
            let folded = fold(&s.text);
            t.trigrams.push(Trigrams::of(&folded));
            // As `for_each_folded_term`, stemming each distinct word once.
            for w in words(&folded).filter(|w| !is_stop_word(w)) {
                let id = match t.words.get(w) {
                    Some(&id) => id,
                    None => {
                        let stem = stem(w);
                        let id = if stem.len() <= 1 {
                            u32::MAX
                        } else if let Some(&id) = t.ids.get(stem.as_str()) {
                            id
                        } else {
                            let id = t.list.len() as TermId;
                            t.ids.insert(stem.as_str().into(), id);
                            t.list.push(stem.into());
                            last_seen.push(u32::MAX);
                            id
                        };
                        t.words.insert(w.into(), id);
                        id
                    }
                };
                if id != u32::MAX && last_seen[id as usize] != i as u32 {
                    last_seen[id as usize] = i as u32;
                    t.terms.push(id);
                }
            }
        }
        t.terms.shrink_to_fit();
        t
    }
}

/// Who said what and whom it names, read from statements in rank order.
struct Entities {
    spoken: Vec<Vec<StatementId>>,
    mentioned: Vec<Vec<StatementId>>,
    speaker_keys: HashMap<Box<str>, Vec<StatementId>, FxBuildHasher>,
    statement_entity: Vec<Option<EntityId>>,
    by_id: HashMap<u64, StatementId, FxBuildHasher>,
    by_id_more: Vec<(u64, StatementId)>,
}

impl Entities {
    fn of(gazetteer: &Gazetteer, statements: &[Statement]) -> Entities {
        let n_entities = gazetteer.entities().len();
        let by_key: HashMap<&str, EntityId, FxBuildHasher> = gazetteer
            .entities()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.as_str(), i as EntityId))
            .collect();
        let mut by_id = HashMap::with_capacity_and_hasher(statements.len(), FxBuildHasher);
        let mut out = Entities {
            // One more for the statements of speakers for no side (see `Index::spoken`).
            spoken: vec![Vec::new(); n_entities + 1],
            mentioned: vec![Vec::new(); n_entities],
            speaker_keys: HashMap::default(),
            statement_entity: Vec::with_capacity(roomy(statements.len())),
            by_id: HashMap::default(),
            by_id_more: Vec::new(),
        };
        // Each distinct name is folded once.
        let mut keys_of: HashMap<&str, Vec<Box<str>>, FxBuildHasher> = HashMap::default();
        for (i, s) in statements.iter().enumerate() {
            let id = i as StatementId;
            if let Some(_taken) = by_id.insert(id_hash(&s.id), id) {
                let h = id_hash(&s.id);
                by_id.insert(h, _taken);
                out.by_id_more.push((h, id));
            }
            let entity = s.entity.as_deref().and_then(|k| by_key.get(k).copied());
            out.statement_entity.push(entity);
            if entity.is_none() {
                out.spoken[n_entities].push(id);
            }
            if let Some(e) = entity {
                out.spoken[e as usize].push(id);
                let keys = keys_of
                    .entry(&s.speaker.name)
                    .or_insert_with(|| name_keys(&s.speaker.name));
                for k in keys.iter() {
                    match out.speaker_keys.get_mut(k) {
                        Some(list) => list.push(id),
                        None => {
                            out.speaker_keys.insert(k.clone(), vec![id]);
                        }
                    }
                }
            }
            for m in &s.mentions {
                if let Some(&e) = by_key.get(m.as_str()) {
                    if Some(e) != entity && out.mentioned[e as usize].last() != Some(&id) {
                        out.mentioned[e as usize].push(id);
                    }
                }
            }
        }
        out.by_id = by_id;
        out
    }
}

impl Slots {
    fn build(
        spoken: &[Vec<StatementId>],
        statement_terms: &[TermId],
        terms_start: &[u32],
        n_terms: usize,
        groups: &[(Vec<TermId>, u32)],
    ) -> Slots {
        let terms_of = |s: StatementId| {
            &statement_terms[terms_start[s as usize] as usize..terms_start[s as usize + 1] as usize]
        };
        let mut base = Vec::with_capacity(spoken.len() + 1);
        let mut start = Vec::with_capacity(spoken.len());
        let mut len = 0u32;
        for list in spoken {
            base.push(len);
            start.push(len + PAD);
            len += PAD + (list.len() as u32).div_ceil(64) * 64 + PAD;
        }
        base.push(len);
        let words = len as usize / 64;
        let threshold = len as usize / DENSE_SHARE;
        let mut count = vec![0u32; n_terms];
        for &s in spoken.iter().flatten() {
            for &t in terms_of(s) {
                count[t as usize] += 1;
            }
        }
        let mut dense: Vec<Vec<u64>> = Vec::new();
        let mut sets: Vec<SlotStore> = count
            .iter()
            .map(|&c| {
                if c as usize > threshold {
                    let mut bits = Vec::with_capacity(roomy(words));
                    bits.resize(words, 0);
                    dense.push(bits);
                    SlotStore::Dense(dense.len() as u32 - 1)
                } else {
                    SlotStore::Sparse(Vec::with_capacity(roomy(c as usize)))
                }
            })
            .collect();
        drop(count);
        for (e, list) in spoken.iter().enumerate() {
            for (local, &s) in list.iter().enumerate() {
                let slot = start[e] + local as u32;
                for &t in terms_of(s) {
                    match &mut sets[t as usize] {
                        SlotStore::Sparse(list) => list.push(slot),
                        SlotStore::Dense(d) => {
                            dense[*d as usize][slot as usize / 64] |= 1 << (slot % 64)
                        }
                    }
                }
            }
        }
        let mut slots = Slots {
            base,
            start,
            sets,
            group_sets: Vec::new(),
            dense,
            dense_counts: Vec::new(),
            dense_totals: Vec::new(),
        };
        // Each synonym group's union, kept like a term.
        for (members, _) in groups {
            let mut bits = vec![0u64; words];
            for &m in members {
                or_into(&mut bits, slots.of(m), 0);
            }
            let c: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
            let store = if c > threshold {
                slots.dense.push(bits);
                SlotStore::Dense(slots.dense.len() as u32 - 1)
            } else {
                SlotStore::Sparse(ones(&bits).collect())
            };
            slots.group_sets.push(store);
        }
        slots.dense_counts = (0..slots.dense.len())
            .map(|d| {
                (0..spoken.len())
                    .map(|e| slots.count_and_first(d, e, &spoken[e]))
                    .collect()
            })
            .collect();
        slots.dense_totals = slots
            .dense_counts
            .iter()
            .map(|c| c.iter().map(|&(n, _)| u64::from(n)).sum())
            .collect();
        slots
    }

    /// Bitmap `d`'s count of entity `e`'s statements (`spoken`, the entity's list) and the first
    /// one's id (0 when none is in it).
    pub(super) fn count_and_first(
        &self,
        d: usize,
        e: usize,
        spoken: &[StatementId],
    ) -> (u32, StatementId) {
        let (count, first) = self.count_in(d, e, spoken.len());
        (count, if count > 0 { spoken[first as usize] } else { 0 })
    }

    /// Bitmap `d`'s count of entity `e`'s statements (`len` of them) and the first one's position.
    pub(super) fn count_in(&self, d: usize, e: usize, len: usize) -> (u32, u32) {
        let bits = &self.dense[d];
        let (from, to) = (self.start[e] as usize, self.start[e] as usize + len);
        let (mut count, mut first) = (0u32, None);
        let mut w = from / 64;
        while w * 64 < to {
            let mut word = bits[w];
            if w * 64 < from {
                word &= !0u64 << (from - w * 64);
            }
            if (w + 1) * 64 > to {
                word &= (1u64 << (to - w * 64)) - 1;
            }
            if word != 0 && first.is_none() {
                first = Some((w * 64 + word.trailing_zeros() as usize - from) as u32);
            }
            count += word.count_ones();
            w += 1;
        }
        (count, first.unwrap_or(0))
    }
}
