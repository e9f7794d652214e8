//! The in-memory index the answers are read from: statements in rank order, posting lists by
//! speaker entity, by mentioned entity and by topic word, and a typo index over the words.
//! Built once from the store; immutable afterwards (a reload builds a new one).

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use crate::entities::{DeletionIndex, EntityId, Gazetteer, Resolved};
use crate::model::{Article, Statement};
use crate::reply::SourceRef;
use crate::store::Store;
use crate::text::{fold, is_stop_word, stem, words};

/// Statement position in `Index::statements` (its rank: lower is better).
pub type StatementId = u32;

/// A stem's number: its position in the sorted list of stems; numbers past the stems stand for
/// synonym groups.
type TermId = u32;

/// A term whose statements fill more than this share of the slots is kept as a bitmap.
const DENSE_SHARE: usize = 128;

#[derive(Debug)]
pub struct Index {
    pub gazetteer: Gazetteer,
    articles: Vec<Article>,
    /// Each article as replies cite it, shared by every view of its statements.
    sources: Vec<Arc<SourceRef>>,
    /// Each entity's canonical name and flag, shared by every view.
    entity_labels: Vec<(Arc<str>, Arc<str>)>,
    article_by_id: HashMap<String, u32, FxBuildHasher>,
    statements: Vec<Statement>,
    statement_article: Vec<u32>,
    statement_entity: Vec<Option<EntityId>>,
    /// Hashes of statement ids with their statements, sorted (see `statement_by_key`).
    by_id: Vec<(u64, StatementId)>,
    /// Entity → statements it spoke, ascending (best first).
    spoken: Vec<Vec<StatementId>>,
    /// Entity → statements that name it without it speaking, ascending.
    mentioned: Vec<Vec<StatementId>>,
    /// Stem → its number.
    term_ids: HashMap<Box<str>, TermId, FxBuildHasher>,
    /// Stems, sorted; `term_list[t]` is stem number `t`.
    term_list: Vec<String>,
    /// Stem → statements that contain it, ascending: `postings[posting_start[t]..][..]`.
    posting_start: Vec<u32>,
    postings: Vec<StatementId>,
    term_fuzzy: DeletionIndex,
    /// The same sets entity by entity, for grouping by who spoke (see `Slots`).
    slots: Slots,
    /// For each synonym group of `topics`, its stems in the store (sorted) and its number.
    groups: Vec<(Vec<TermId>, TermId)>,
    /// Statement → the three-byte runs of its folded text, as a Bloom filter.
    trigrams: Vec<Trigrams>,
    /// Every folded word of every statement, sorted; and each spelt backwards, sorted.
    vocabulary: Vec<Box<str>>,
    reversed: Vec<Box<str>>,
    /// Folded speaker names (full and last word) → entity, for names the gazetteer lacks.
    speaker_names: HashMap<String, EntityId, FxBuildHasher>,
    /// Entities ordered by how much they said (most first), for autocomplete.
    by_volume: Vec<EntityId>,
}

/// Statements that have an entity, numbered entity by entity: entity `e`'s statements are the
/// slots `base[e]..base[e] + spoken[e].len()`, in rank order. Every base is a multiple of 64, so
/// an entity's slots fill whole words of a bitmap. A term's (or synonym group's) statements are
/// kept in this numbering too, as a sorted list or, when common, as a bitmap: so how many
/// statements of each entity are on a topic is a popcount, not a walk over the statements.
#[derive(Debug, Default)]
struct Slots {
    /// Where each entity's slots start; the last entry is the slots in all, padding included (a
    /// multiple of 64).
    base: Vec<u32>,
    /// Term → its slots, ascending: `sparse[sparse_start[t]..sparse_start[t + 1]]` (empty for a
    /// dense term).
    sparse_start: Vec<u32>,
    sparse: Vec<u32>,
    /// Term → index in `dense`, or `u32::MAX`.
    dense_of: Vec<u32>,
    /// Bitmaps of as many bits as there are slots.
    dense: Vec<Vec<u64>>,
    /// For each bitmap, each entity's count and first position (for a topic of one set).
    dense_counts: Vec<Vec<(u32, u32)>>,
    /// For each bitmap, how many slots it holds.
    dense_totals: Vec<u64>,
}

/// One term's statements, in slot numbers.
#[derive(Debug, Clone, Copy)]
enum SlotSet<'a> {
    Sparse(&'a [u32]),
    /// A bitmap, and its number in `Slots::dense`.
    Dense(&'a [u64], u32),
}

impl Slots {
    fn of(&self, t: TermId) -> SlotSet<'_> {
        match self.dense_of[t as usize] {
            u32::MAX => SlotSet::Sparse(
                &self.sparse[self.sparse_start[t as usize] as usize
                    ..self.sparse_start[t as usize + 1] as usize],
            ),
            d => SlotSet::Dense(&self.dense[d as usize], d),
        }
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
}

/// The set bits of a bitmap, ascending.
fn ones(words: &[u64]) -> impl Iterator<Item = u32> + '_ {
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

/// How many statements of each entity are on a topic (see `Index::on_topic_by_entity`).
#[derive(Debug, Clone, Default)]
pub struct TopicCounts<'a> {
    /// `(entity, how many, the entity's first position on the topic)`, for entities with any.
    pub entities: Vec<(EntityId, usize, usize)>,
    /// The topic's statements in slot numbers: one set, and the slots of the others that are not
    /// in it (sorted).
    set: Option<SlotSet<'a>>,
    extras: Vec<u32>,
    base: &'a [u32],
}

impl TopicCounts<'_> {
    /// The positions in `spoken_by(e)` of an entity's statements on the topic, ascending.
    pub fn positions(&self, e: EntityId) -> Box<dyn Iterator<Item = usize> + '_> {
        let (Some(&from), Some(&to)) = (self.base.get(e as usize), self.base.get(e as usize + 1))
        else {
            return Box::new(std::iter::empty());
        };
        let (from, to) = (from as usize, to as usize);
        let start = self.extras.partition_point(|&x| (x as usize) < from);
        let extras = self.extras[start..]
            .iter()
            .take_while(move |&&x| (x as usize) < to)
            .map(move |&x| x as usize - from);
        if !self.extras.is_empty() {
            // The bitmap's positions and the extras, merged lazily (both ascending, disjoint).
            let mut a = match self.set {
                Some(SlotSet::Dense(bits, _)) => {
                    Some(ones(&bits[from / 64..to / 64]).map(|i| i as usize))
                }
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
                let start = list.partition_point(|&x| (x as usize) < from);
                Box::new(
                    list[start..]
                        .iter()
                        .take_while(move |&&x| (x as usize) < to)
                        .map(move |&x| x as usize - from),
                )
            }
            Some(SlotSet::Dense(bits, _)) => {
                Box::new(ones(&bits[from / 64..to / 64]).map(|i| i as usize))
            }
            None => Box::new(std::iter::empty()),
        }
    }
}

/// The three-byte runs of a folded text, as a 256-bit Bloom filter (one bit per run). A text
/// contains a phrase only if its filter has every bit of the phrase's filter: a quote search
/// rules out most candidates with four word operations instead of folding their text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Trigrams([u64; 4]);

impl Trigrams {
    pub fn of(folded: &str) -> Trigrams {
        let mut bits = [0u64; 4];
        for w in folded.as_bytes().windows(3) {
            let h = (u32::from(w[0]) | u32::from(w[1]) << 8 | u32::from(w[2]) << 16)
                .wrapping_mul(0x9e37_79b1)
                >> 24;
            bits[(h >> 6) as usize] |= 1 << (h & 63);
        }
        Trigrams(bits)
    }

    /// Whether every bit of `other` is set here.
    pub fn covers(&self, other: &Trigrams) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == *b)
    }
}

fn id_hash(id: &str) -> u64 {
    crate::model::fnv64(&[id])
}

impl Index {
    /// Builds the index from a loaded store; retracted statements are left out.
    pub fn build(gazetteer: Gazetteer, store: Store) -> Index {
        let Store {
            articles,
            mut statements,
            retractions,
        } = store;
        let retracted: std::collections::HashSet<String, FxBuildHasher> =
            retractions.into_iter().map(|r| r.id).collect();

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
        if !retracted.is_empty() {
            statements.retain(|s| !retracted.contains(&s.id));
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
        }
    }

    pub fn len(&self) -> usize {
        self.statements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    pub fn statement(&self, id: StatementId) -> &Statement {
        &self.statements[id as usize]
    }

    pub fn statement_by_key(&self, key: &str) -> Option<StatementId> {
        let h = id_hash(key);
        let from = self.by_id.partition_point(|&(k, _)| k < h);
        self.by_id[from..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .map(|&(_, s)| s)
            .find(|&s| self.statements[s as usize].id == key)
    }

    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// Reads the statements `ids` will show (their records, then their strings and articles) in
    /// a few passes of independent loads, so that the memory they sit in is fetched in parallel
    /// rather than one miss after another while their views are built. Answers are the same
    /// without it; at a million statements it saves most of a page's cache misses.
    pub fn warm(&self, ids: &[StatementId]) {
        let mut seen = 0usize;
        for &id in ids {
            let s = &self.statements[id as usize];
            seen ^= s.text.len() ^ s.id.len() ^ s.speaker.name.len();
            seen ^= self.statement_article[id as usize] as usize;
        }
        for &id in ids {
            let s = &self.statements[id as usize];
            let first = |t: &str| t.as_bytes().first().copied().unwrap_or(0) as usize;
            seen ^= first(&s.text) ^ first(&s.id) ^ first(&s.speaker.name);
            seen ^= s.speaker.role.as_deref().map_or(0, first);
            let a = &self.articles[self.statement_article[id as usize] as usize];
            seen ^= a.id.len() ^ a.title.as_deref().map_or(0, str::len);
        }
        std::hint::black_box(seen);
    }

    /// The article of a statement as replies cite it.
    pub fn source_of(&self, id: StatementId) -> &Arc<SourceRef> {
        &self.sources[self.statement_article[id as usize] as usize]
    }

    /// An entity's canonical name and flag, shared.
    pub fn entity_label(&self, e: EntityId) -> &(Arc<str>, Arc<str>) {
        &self.entity_labels[e as usize]
    }

    pub fn article_of(&self, id: StatementId) -> &Article {
        &self.articles[self.statement_article[id as usize] as usize]
    }

    pub fn entity_of(&self, id: StatementId) -> Option<EntityId> {
        self.statement_entity[id as usize]
    }

    /// Articles, newest first.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.article_by_id
            .get(id)
            .map(|&i| &self.articles[i as usize])
    }

    pub fn spoken_by(&self, e: EntityId) -> &[StatementId] {
        &self.spoken[e as usize]
    }

    pub fn mentioning(&self, e: EntityId) -> &[StatementId] {
        &self.mentioned[e as usize]
    }

    /// Entities, those that said most first.
    pub fn entities_by_volume(&self) -> &[EntityId] {
        &self.by_volume
    }

    /// The entity a user means: the gazetteer first, then speakers named in the store.
    pub fn resolve(&self, query: &str) -> Option<Resolved> {
        if let Some(r) = self.gazetteer.resolve(query) {
            return Some(r);
        }
        let key = fold(query);
        self.speaker_names
            .get(crate::text::strip_article(&key))
            .map(|&entity| Resolved {
                entity,
                alias: u32::MAX,
                how: crate::entities::MatchKind::Exact,
            })
    }

    /// The three-byte runs of a statement's folded text (see `Trigrams`).
    pub fn trigrams(&self, id: StatementId) -> &Trigrams {
        &self.trigrams[id as usize]
    }

    /// Whether some statement may contain `folded` (a folded phrase of two words or more) in its
    /// folded text; false only when none can: a word inside the phrase must be a word of the
    /// store, the first the end of one, the last the start of one.
    pub fn may_contain(&self, folded: &str) -> bool {
        let words: Vec<&str> = folded.split(' ').collect();
        let [first, inner @ .., last] = words.as_slice() else {
            return true;
        };
        let starts = |list: &[Box<str>], head: &str| {
            let i = list.partition_point(|w| &**w < head);
            list.get(i).is_some_and(|w| w.starts_with(head))
        };
        let first_reversed: String = first.chars().rev().collect();
        inner
            .iter()
            .all(|w| self.vocabulary.binary_search_by(|v| (**v).cmp(w)).is_ok())
            && starts(&self.vocabulary, last)
            && starts(&self.reversed, &first_reversed)
    }

    /// Statements containing a stemmed word exactly.
    pub fn term(&self, stemmed: &str) -> &[StatementId] {
        self.term_ids
            .get(stemmed)
            .map_or(&[], |&t| self.postings_of(t))
    }

    fn postings_of(&self, t: TermId) -> &[StatementId] {
        &self.postings
            [self.posting_start[t as usize] as usize..self.posting_start[t as usize + 1] as usize]
    }

    /// The indexed words a query word may mean: itself, its synonyms, and words within its typo
    /// budget. Returns stems.
    pub fn expand_word(&self, word: &str) -> Vec<&str> {
        let folded = fold(word);
        let mut out: Vec<&str> = Vec::new();
        for w in words(&folded) {
            let s = stem(w);
            let mut push = |t: &str| {
                if let Some(&k) = self.term_ids.get(t) {
                    let k = self.term_list[k as usize].as_str();
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            };
            push(&s);
            for syn in crate::topics::synonyms(&s) {
                push(syn);
            }
            // A word the store has is taken as written: near spellings are for misspellings
            // only, or "troops" would also find "group" and "peace" "place".
            if !self.term_ids.contains_key(s.as_str()) {
                for hit in self.term_fuzzy.search(&s) {
                    push(&self.term_list[hit.word as usize]);
                }
            }
        }
        out
    }

    /// Statements that contain any of the given stems, ascending, without repeats.
    pub fn union_of(&self, stems: &[&str]) -> Vec<StatementId> {
        let lists: Vec<&[StatementId]> = stems.iter().map(|t| self.term(t)).collect();
        union(&lists, usize::MAX)
    }
}

/// Whether a sorted list contains `x`.
pub fn contains_sorted(list: &[StatementId], x: StatementId) -> bool {
    list.binary_search(&x).is_ok()
}

impl Index {
    /// Indexed stems within the typo budget of a stem (no synonyms).
    pub fn fuzzy_terms(&self, stemmed: &str) -> Vec<&str> {
        self.term_fuzzy
            .search(stemmed)
            .iter()
            .map(|h| self.term_list[h.word as usize].as_str())
            .collect()
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

/// Sets in `bits` (which start at slot `from`, a multiple of 64) the slots of `set` that fall in
/// its range.
fn or_into(bits: &mut [u64], set: SlotSet<'_>, from: usize) {
    let to = from + bits.len() * 64;
    match set {
        SlotSet::Dense(d, _) => {
            for (b, w) in bits.iter_mut().zip(&d[from / 64..to / 64]) {
                *b |= w;
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
    /// The stems' statement sets in slot numbers. A synonym group whose stems are all asked for
    /// is taken as one set, its union kept since the index was built.
    fn slot_sets(&self, stems: &[&str]) -> Vec<SlotSet<'_>> {
        let mut ids: Vec<TermId> = stems
            .iter()
            .filter_map(|s| self.term_ids.get(*s).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut sets = Vec::new();
        for (members, group) in &self.groups {
            if members.iter().all(|m| ids.binary_search(m).is_ok()) {
                ids.retain(|t| members.binary_search(t).is_err());
                sets.push(self.slots.of(*group));
            }
        }
        sets.extend(ids.into_iter().map(|t| self.slots.of(t)));
        sets
    }

    /// The positions in `spoken_by(e)` of the statements of `e` that contain any of `stems`.
    pub fn on_topic_within(&self, e: EntityId, stems: &[&str]) -> SpokenSubset {
        let n = self.spoken[e as usize].len();
        let mut bits = vec![0u64; n.div_ceil(64)];
        for set in self.slot_sets(stems) {
            or_into(&mut bits, set, self.slots.base[e as usize] as usize);
        }
        let count = bits.iter().map(|w| w.count_ones() as usize).sum();
        SpokenSubset { bits, count }
    }

    /// For every entity with statements that contain any of `stems`: how many, and where the
    /// first stands in `spoken_by`. Statements without an entity are not counted.
    pub fn on_topic_by_entity(&self, stems: &[&str]) -> TopicCounts<'_> {
        let sets = self.slot_sets(stems);
        let base = &self.slots.base;
        let mut out = TopicCounts {
            entities: Vec::new(),
            set: None,
            extras: Vec::new(),
            base,
        };
        match sets.as_slice() {
            [] => {}
            // One set: counted when the index was built, or walked once.
            [SlotSet::Dense(_, d)] => {
                for (e, &(count, first)) in self.slots.dense_counts[*d as usize].iter().enumerate()
                {
                    if count > 0 {
                        out.entities
                            .push((e as EntityId, count as usize, first as usize));
                    }
                }
                out.set = Some(sets[0]);
            }
            [SlotSet::Sparse(list)] => {
                let mut e = 0;
                for &x in *list {
                    while base[e + 1] <= x {
                        e += 1;
                    }
                    match out.entities.last_mut() {
                        Some(last) if last.0 == e as EntityId => last.1 += 1,
                        _ => out
                            .entities
                            .push((e as EntityId, 1, (x - base[e]) as usize)),
                    }
                }
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
                let mut counts: Vec<(u32, u32)> = match densest {
                    Some((_, d)) => self.slots.dense_counts[d as usize].clone(),
                    None => vec![(0, 0); self.spoken.len()],
                };
                let extras = extras_outside(densest.map(|(bits, _)| bits), &sets);
                let mut e = 0;
                for &x in &extras {
                    while base[e + 1] <= x {
                        e += 1;
                    }
                    let local = x - base[e];
                    let c = &mut counts[e];
                    c.1 = if c.0 == 0 { local } else { c.1.min(local) };
                    c.0 += 1;
                }
                for (e, &(count, first)) in counts.iter().enumerate() {
                    if count > 0 {
                        out.entities
                            .push((e as EntityId, count as usize, first as usize));
                    }
                }
                out.set = densest.map(|(bits, d)| SlotSet::Dense(bits, d));
                out.extras = extras;
            }
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
    let in_bits = |bits: &[u64], x: u32| bits[x as usize / 64] & (1 << (x % 64)) != 0;
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
        let rest = &self.list[self.at..];
        let mut step = 1;
        while step < rest.len() && rest[step] < x {
            step *= 2;
        }
        let end = (step + 1).min(rest.len());
        self.at += rest[..end].partition_point(|&y| y < x);
        self.list.get(self.at) == Some(&x)
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
    fn a_text_covers_the_trigrams_of_what_it_contains() {
        let text = Trigrams::of("the hardest steps are still ahead of us");
        assert!(text.covers(&Trigrams::of("hardest steps")));
        assert!(text.covers(&Trigrams::of("ead of u")));
        assert!(text.covers(&Trigrams::of("")));
        assert!(!text.covers(&Trigrams::of("hardset steps")));
    }

    #[test]
    fn set_bits_come_out_ascending() {
        let words = [0b1010u64, 0, 1 << 63];
        assert_eq!(ones(&words).collect::<Vec<_>>(), [1, 3, 191]);
    }
}
