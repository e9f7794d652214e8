//! The in-memory index the answers are read from: statements in rank order, posting lists by
//! speaker entity, by mentioned entity and by topic word, and a typo index over the words.
//! Built once from the store (`build`); immutable afterwards (a reload builds a new one). The set
//! algebra over statement lists and slots is in `sets`, the quote filter in `trigrams`.

mod build;
mod change;
mod sets;
mod trigrams;

pub use change::{Applied, Change};
pub use sets::{contains_sorted, union, Gallop, SpokenSubset, TopicCounts};
pub use trigrams::Trigrams;

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use crate::entities::{DeletionIndex, EntityId, Gazetteer, Resolved};
use crate::model::{Article, Statement};
use crate::reply::SourceRef;
use crate::text::{fold, stem, words};
use sets::Slots;

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
    /// The retracted statements by id, kept aside (left out of everything above) for a restore.
    retracted: HashMap<String, Statement, FxBuildHasher>,
}

fn id_hash(id: &str) -> u64 {
    crate::model::fnv64(&[id])
}

impl Index {
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
