//! Building the index from the store: statements put in rank order, their stems and trigrams,
//! who said them and whom they name, posting lists and the slot numbering with its bitmaps.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use super::sets::{ones, or_into, Slots};
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
        let mut retracted: HashMap<String, Statement, FxBuildHasher> = HashMap::default();

        let mut articles: Vec<Article> = articles.into_iter().map(|a| a.meta).collect();
        articles.sort_by(|a, b| b.published.cmp(&a.published).then(a.id.cmp(&b.id)));
        let article_by_id: HashMap<String, u32, FxBuildHasher> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i as u32))
            .collect();
        let unknown = articles.len() as u32;
        // Rank: newest article first, then the article's own order (a stable sort, as before),
        // in place: the keys are computed once and the statements swapped into order.
        if !retracted_ids.is_empty() {
            let (out, kept): (Vec<Statement>, Vec<Statement>) = statements
                .into_iter()
                .partition(|s| retracted_ids.contains(&s.id));
            statements = kept;
            retracted.extend(out.into_iter().map(|s| (s.id.clone(), s)));
        }
        let article_of = |s: &Statement| article_by_id.get(&s.article).copied().unwrap_or(unknown);
        statements.sort_by_cached_key(|s| (article_of(s), s.paragraph));
        let statement_article: Vec<u32> = statements
            .iter()
            .map(|s| match article_of(s) {
                a if a == unknown => 0,
                a => a,
            })
            .collect();

        let n_entities = gazetteer.entities().len();
        // The stems of each statement, in two halves on two threads, while this one reads the
        // speakers and entities.
        let half = statements.len() / 2;
        let (first, second, entities) = std::thread::scope(|scope| {
            let second = scope.spawn(|| Tokens::of(&statements[half..]));
            let first = Tokens::of(&statements[..half]);
            let entities = Entities::of(&gazetteer, &statements);
            (first, second.join().expect("tokenizing finishes"), entities)
        });
        let Entities {
            spoken,
            mentioned,
            speaker_names,
            statement_entity,
            mut by_id,
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
        by_id.sort_unstable();

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
        let (term_fuzzy, (term_ids, posting_start, postings, groups, slots)) =
            std::thread::scope(|scope| {
                let fuzzy = scope.spawn(|| DeletionIndex::new(term_list.clone()));
                let term_ids: HashMap<Box<str>, TermId, FxBuildHasher> = term_list
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.as_str().into(), i as TermId))
                    .collect();

                // Postings by stem, in rank order (a counting sort over the statements' stems).
                let terms_of = |s: usize| {
                    &statement_terms[terms_start[s] as usize..terms_start[s + 1] as usize]
                };
                let mut posting_start = vec![0u32; n_terms + 1];
                for &t in &statement_terms {
                    posting_start[t as usize + 1] += 1;
                }
                for t in 0..n_terms {
                    posting_start[t + 1] += posting_start[t];
                }
                let mut fill = posting_start.clone();
                let mut postings = vec![0; statement_terms.len()];
                for s in 0..statements.len() {
                    for &t in terms_of(s) {
                        postings[fill[t as usize] as usize] = s as StatementId;
                        fill[t as usize] += 1;
                    }
                }
                drop(fill);

                let groups_stems: Vec<Vec<TermId>> = crate::topics::groups()
                    .map(|g| {
                        let mut ids: Vec<TermId> =
                            g.iter().filter_map(|w| term_ids.get(*w).copied()).collect();
                        ids.sort_unstable();
                        ids
                    })
                    .collect();
                let mut groups = Vec::new();
                for ids in groups_stems {
                    if ids.len() >= 2 {
                        let n = (n_terms + groups.len()) as TermId;
                        groups.push((ids, n));
                    }
                }
                let slots = Slots::build(&spoken, &statement_terms, &terms_start, n_terms, &groups);
                (
                    fuzzy.join().expect("the typo index builds"),
                    (term_ids, posting_start, postings, groups, slots),
                )
            });
        drop(statement_terms);
        drop(terms_start);

        let mut by_volume: Vec<EntityId> = (0..n_entities as EntityId).collect();
        by_volume.sort_by(|&a, &b| {
            spoken[b as usize]
                .len()
                .cmp(&spoken[a as usize].len())
                .then_with(|| gazetteer.entity(a).name.cmp(&gazetteer.entity(b).name))
        });
        let sources = articles
            .iter()
            .map(|a| Arc::new(SourceRef::of(a)))
            .collect();
        let entity_labels = gazetteer
            .entities()
            .iter()
            .map(|e| (Arc::from(e.name.as_str()), Arc::from(e.flag.as_str())))
            .collect();
        Index {
            gazetteer,
            articles,
            sources,
            entity_labels,
            article_by_id,
            statements,
            statement_article,
            statement_entity,
            by_id,
            spoken,
            mentioned,
            term_ids,
            term_list,
            posting_start,
            postings,
            term_fuzzy,
            slots,
            groups,
            trigrams,
            vocabulary,
            reversed,
            speaker_names,
            by_volume,
            retracted,
        }
    }
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
    fn of(statements: &[Statement]) -> Tokens {
        let mut t = Tokens {
            words: HashMap::default(),
            ids: HashMap::default(),
            list: Vec::new(),
            terms: Vec::new(),
            starts: Vec::with_capacity(statements.len()),
            trigrams: Vec::with_capacity(statements.len()),
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
    speaker_names: HashMap<String, EntityId, FxBuildHasher>,
    statement_entity: Vec<Option<EntityId>>,
    by_id: Vec<(u64, StatementId)>,
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
        let mut out = Entities {
            spoken: vec![Vec::new(); n_entities],
            mentioned: vec![Vec::new(); n_entities],
            speaker_names: HashMap::default(),
            statement_entity: Vec::with_capacity(statements.len()),
            by_id: Vec::with_capacity(statements.len()),
        };
        let mut names_seen: std::collections::HashSet<&str, FxBuildHasher> = Default::default();
        for (i, s) in statements.iter().enumerate() {
            let id = i as StatementId;
            out.by_id.push((id_hash(&s.id), id));
            let entity = s.entity.as_deref().and_then(|k| by_key.get(k).copied());
            out.statement_entity.push(entity);
            if let Some(e) = entity {
                out.spoken[e as usize].push(id);
                // Later statements of the same speaker would find every key taken already.
                if names_seen.insert(&s.speaker.name) {
                    let name = fold(&s.speaker.name);
                    if name.contains(' ') {
                        if let Some(last) = name.rsplit(' ').next() {
                            out.speaker_names.entry(last.to_string()).or_insert(e);
                        }
                        out.speaker_names.entry(name).or_insert(e);
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
        out
    }
}

impl Slots {
    fn build(
        spoken: &[Vec<StatementId>],
        statement_terms: &[TermId],
        terms_start: &[u32],
        n_terms: usize,
        groups: &[(Vec<TermId>, TermId)],
    ) -> Slots {
        let terms_of = |s: StatementId| {
            &statement_terms[terms_start[s as usize] as usize..terms_start[s as usize + 1] as usize]
        };
        let mut base = Vec::with_capacity(spoken.len() + 1);
        let mut len = 0usize;
        for list in spoken {
            base.push(len as u32);
            len += list.len().div_ceil(64) * 64;
        }
        base.push(len as u32);
        let words = len / 64;
        let threshold = len / DENSE_SHARE;
        let mut count = vec![0u32; n_terms];
        for &s in spoken.iter().flatten() {
            for &t in terms_of(s) {
                count[t as usize] += 1;
            }
        }
        let mut dense_of = vec![u32::MAX; n_terms + groups.len()];
        let mut dense: Vec<Vec<u64>> = Vec::new();
        let mut sparse_start = Vec::with_capacity(n_terms + groups.len() + 1);
        let mut total = 0u32;
        for (t, &c) in count.iter().enumerate() {
            sparse_start.push(total);
            if c as usize > threshold {
                dense_of[t] = dense.len() as u32;
                dense.push(vec![0; words]);
            } else {
                total += c;
            }
        }
        sparse_start.push(total);
        drop(count);
        let mut fill: Vec<u32> = sparse_start[..n_terms].to_vec();
        let mut sparse = vec![0u32; total as usize];
        for (e, list) in spoken.iter().enumerate() {
            for (local, &s) in list.iter().enumerate() {
                let slot = base[e] + local as u32;
                for &t in terms_of(s) {
                    match dense_of[t as usize] {
                        u32::MAX => {
                            sparse[fill[t as usize] as usize] = slot;
                            fill[t as usize] += 1;
                        }
                        d => dense[d as usize][slot as usize / 64] |= 1 << (slot % 64),
                    }
                }
            }
        }
        let mut slots = Slots {
            base,
            sparse_start,
            sparse,
            dense_of,
            dense,
            dense_counts: Vec::new(),
            dense_totals: Vec::new(),
        };
        // Each synonym group's union, kept like a term.
        for (members, id) in groups {
            let mut bits = vec![0u64; words];
            for &m in members {
                or_into(&mut bits, slots.of(m), 0);
            }
            let c: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
            if c > threshold {
                slots.dense_of[*id as usize] = slots.dense.len() as u32;
                slots.dense.push(bits);
            } else {
                slots.sparse.extend(ones(&bits));
            }
            slots.sparse_start.push(slots.sparse.len() as u32);
        }
        slots.dense_counts = slots
            .dense
            .iter()
            .map(|bits| {
                (0..spoken.len())
                    .map(|e| {
                        let words =
                            &bits[slots.base[e] as usize / 64..slots.base[e + 1] as usize / 64];
                        let count: u32 = words.iter().map(|w| w.count_ones()).sum();
                        (count, ones(words).next().unwrap_or(0))
                    })
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
}
