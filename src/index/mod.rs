//! The in-memory index the answers are read from: statements in rank order, posting lists by
//! speaker entity, by mentioned entity and by topic word, and a typo index over the words.
//! Built from the store (`build`) or read from a snapshot (`snapshot`), then changed in place as
//! the store changes (`change`, `edit`). The set algebra over statement lists and slots is in
//! `sets`, the quote filter in `trigrams`.

mod build;
mod change;
mod edit;
mod numbering;
mod printings;
mod sets;
mod slots;
mod snapshot;
mod speakers;
pub mod topics;
mod trigrams;

pub use change::{Applied, Change};
pub use sets::{contains_sorted, union, Gallop, SpokenSubset, TopicCounts};
pub use snapshot::SnapshotError;
pub use trigrams::Trigrams;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use crate::entities::{DeletionIndex, EntityId, Gazetteer, Resolved};
use crate::model::SourceRef;
use crate::model::{Article, Statement};
use crate::text::{fold, stem, words};
use sets::Slots;

/// Statement position in `Index::statements` (its rank: lower is better).
pub type StatementId = u32;

/// A stem's number: its position in the sorted list of stems; numbers past the stems stand for
/// synonym groups.
type TermId = u32;

/// The indexed terms a topic stands for, by number (`Index::topic_terms`); empty when the store
/// has none of its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicTerms(Vec<TermId>);

/// A term whose statements fill more than this share of the slots is kept as a bitmap.
const DENSE_SHARE: usize = 128;

/// Saved whole in a snapshot (`snapshot`) but for the gazetteer, read from its files, and what is
/// made from it and the articles at once.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Index {
    #[serde(skip)]
    pub gazetteer: Gazetteer,
    #[serde(with = "snapshot::plain::articles")]
    articles: Vec<Article>,
    /// Each article as replies cite it, shared by every view of its statements, with its date's
    /// key (`Cited`).
    #[serde(skip)]
    sources: Vec<Cited>,
    /// Each entity's canonical name, flag and key, shared by every view.
    #[serde(skip)]
    entity_labels: Vec<EntityLabel>,
    #[serde(with = "snapshot::plain::sized_map")]
    article_by_id: HashMap<String, u32, FxBuildHasher>,
    /// The first statement's id: ids run `lo..lo + len` in rank order. A change in place renumbers
    /// the smaller side of where it falls, so `lo` moves down when the newer side is smaller.
    lo: StatementId,
    #[serde(with = "snapshot::plain::statements")]
    statements: VecDeque<Statement>,
    statement_article: VecDeque<u32>,
    statement_entity: VecDeque<Option<EntityId>>,
    /// Each statement's stems (numbers), as row `statement_row[i]` of `rows`: rows
    /// `row_start[r]..row_start[r + 1]`; a statement added later appends its row.
    statement_row: VecDeque<u32>,
    rows: Vec<TermId>,
    row_start: Vec<u32>,
    /// The rows of statements added since the build (numbered after the build's), apart: the
    /// build's table is never copied to grow.
    more_rows: Vec<TermId>,
    more_start: Vec<u32>,
    /// Each statement's place among the statements of its paragraph, as stored.
    ordinals: VecDeque<u32>,
    /// Hashes of statement ids → their statements (see `statement_by_key`); the rare second
    /// statement of an equal hash is kept in `by_id_more`.
    #[serde(with = "snapshot::plain::sized_map")]
    by_id: HashMap<u64, StatementId, FxBuildHasher>,
    by_id_more: Vec<(u64, StatementId)>,
    /// Entity → statements it spoke, ascending (best first); the last list, one past the
    /// gazetteer's entities, holds the statements of speakers for no side (`others`), so that
    /// they are counted by topic like a side.
    spoken: Vec<Vec<StatementId>>,
    /// Entity → statements that name it without it speaking, ascending.
    mentioned: Vec<Vec<StatementId>>,
    /// Stem → its number. A stem whose statements were all retracted keeps its number with an
    /// empty list, and counts as absent.
    #[serde(with = "snapshot::plain::sized_map")]
    term_ids: HashMap<Box<str>, TermId, FxBuildHasher>,
    /// `term_list[t]` is stem number `t`: sorted at build, stems added later follow.
    term_list: Vec<String>,
    /// Stem → statements that contain it, ascending.
    postings: Vec<Vec<StatementId>>,
    /// The typo index over the stems at build, and small ones over the stems added since (each
    /// with its stems' numbers), merged when they grow many; `added_terms` waits for the next.
    term_fuzzy: DeletionIndex,
    added_terms: Vec<TermId>,
    added_fuzzy: Vec<(DeletionIndex, Vec<TermId>)>,
    /// Words of statements added in the present batch, merged into `vocabulary` when it ends.
    new_words: Vec<Box<str>>,
    /// The same sets entity by entity, for grouping by who spoke (see `Slots`).
    slots: Slots,
    /// For each synonym group of `topics`, its stems in the store at build (sorted) and its
    /// number in `Slots`.
    groups: Vec<(Vec<TermId>, u32)>,
    /// Statement → the three-byte runs of its folded text, as a Bloom filter.
    trigrams: VecDeque<Trigrams>,
    /// Every folded word of every statement, sorted; and each spelt backwards, sorted. Words of
    /// retracted statements may stay: they only make `may_contain` say "maybe".
    vocabulary: Vec<Box<str>>,
    reversed: Vec<Box<str>>,
    /// Folded speaker names (full, and last word of a full name) → the statements with an entity
    /// that carry them, ascending: the best one's entity is the name's, for names the gazetteer
    /// lacks.
    #[serde(with = "snapshot::plain::sized_map")]
    speaker_keys: HashMap<Box<str>, Vec<StatementId>, FxBuildHasher>,
    /// Entities ordered by how much they said (most first), for autocomplete.
    by_volume: Vec<EntityId>,
    /// Statements retracted in place, ascending: they keep their rows in the per-statement
    /// tables and in `by_id` (so their numbers stay dense and nothing moves) but are in no list
    /// above, so no answer finds them; a restore puts them back in their lists.
    gone: Vec<StatementId>,
    /// The statements a build found retracted, by id, kept aside (left out of everything above)
    /// for a restore.
    #[serde(with = "snapshot::plain::retracted")]
    retracted: HashMap<String, (Statement, u32), FxBuildHasher>,
    /// Printings of a statement that another printing shows (see `printings`), ascending: like
    /// `gone`, they keep their rows and are found by id, but are in no list above.
    hidden: Vec<StatementId>,
    /// Which statements in force are printings of one statement, and the fingerprints that find
    /// a new statement's other printings.
    printings: printings::Printings,
    /// Each statement's date key, its group in `printings` (`printings::NO_GROUP` when it has
    /// none, as the groups have it by id hash) and the group's size, in one row: an answer tells
    /// statements ranked alike apart, and reads a statement's printings, from this row alone.
    /// Derived: made again when a snapshot is read.
    #[serde(skip)]
    statement_tie: VecDeque<printings::Tie>,
    /// Each group of `printings`, the articles of its printings as replies cite them, earliest
    /// first, each once: an answer lists a statement's other printings from here, without
    /// looking up each printing by its id hash. Derived, like `statement_tie`.
    #[serde(skip)]
    group_sources: Vec<Vec<Arc<SourceRef>>>,
    /// Each speaker's name and office once, shared by their statements. Made again when a
    /// snapshot is read.
    #[serde(skip)]
    speakers: speakers::SharedNames,
}

/// An article as replies cite it, and a number that two articles share when they were
/// published on the same date (a hash of the date as printed; 0 when undated), so that answers
/// tell statements ranked alike without reading the articles' dates.
#[derive(Debug)]
struct Cited {
    source: Arc<SourceRef>,
    date: u64,
}

impl Cited {
    fn of(a: &Article) -> Cited {
        Cited {
            source: Arc::new(SourceRef::of(a)),
            date: a
                .published
                .as_deref()
                .map_or(0, |d| crate::model::fnv64(&[d]) | 1),
        }
    }
}

/// Every article as replies cite it, in article order.
fn cited(articles: &[Article]) -> Vec<Cited> {
    articles.iter().map(Cited::of).collect()
}

/// An entity as every view of its statements names it (made once, shared, not copied per reply).
#[derive(Debug, Clone)]
pub struct EntityLabel {
    pub name: Arc<str>,
    pub flag: Arc<str>,
    pub key: Arc<str>,
}

/// Every entity's label, in entity order.
fn entity_labels(gazetteer: &Gazetteer) -> Vec<EntityLabel> {
    gazetteer
        .entities()
        .iter()
        .map(|e| EntityLabel {
            name: Arc::from(e.name.as_str()),
            flag: Arc::from(e.flag.as_str()),
            key: Arc::from(e.key.as_str()),
        })
        .collect()
}

fn id_hash(id: &str) -> u64 {
    crate::model::fnv64(&[id])
}

impl Index {
    /// How many statements are in force, each counted once however many articles print it.
    pub fn len(&self) -> usize {
        self.statements.len() - self.gone.len() - self.hidden.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether statement `id` was retracted in place.
    fn is_gone(&self, id: StatementId) -> bool {
        !self.gone.is_empty() && self.gone.binary_search(&id).is_ok()
    }

    /// Where statement `id` stands in the per-statement tables.
    fn at(&self, id: StatementId) -> usize {
        (id - self.lo) as usize
    }

    /// The synonym groups that hold any of these terms.
    pub(super) fn groups_of(&self, terms: &[TermId]) -> Vec<u32> {
        self.groups
            .iter()
            .filter(|(members, _)| terms.iter().any(|t| members.binary_search(t).is_ok()))
            .map(|&(_, g)| g)
            .collect()
    }

    /// A statement's stems.
    pub(super) fn terms_of(&self, id: StatementId) -> &[TermId] {
        let r = self.statement_row[self.at(id)] as usize;
        let built = self.row_start.len() - 1;
        if r < built {
            &self.rows[self.row_start[r] as usize..self.row_start[r + 1] as usize]
        } else {
            let r = r - built;
            &self.more_rows[self.more_start[r] as usize..self.more_start[r + 1] as usize]
        }
    }

    pub fn statement(&self, id: StatementId) -> &Statement {
        &self.statements[self.at(id)]
    }

    /// The statement in force of this id.
    pub fn statement_by_key(&self, key: &str) -> Option<StatementId> {
        self.row_by_key(key).filter(|&id| !self.is_gone(id))
    }

    /// The statement of this id in the tables, retracted in place or not.
    fn row_by_key(&self, key: &str) -> Option<StatementId> {
        self.rows_of_hash(id_hash(key))
            .find(|&s| &*self.statement(s).id == key)
    }

    /// The rows whose id hashes to `h` (the first in `by_id`, any others in `by_id_more`),
    /// retracted in place or not; a hash may be shared, so the caller compares ids.
    fn rows_of_hash(&self, h: u64) -> impl Iterator<Item = StatementId> + '_ {
        self.by_id.get(&h).copied().into_iter().chain(
            self.by_id_more
                .iter()
                .filter(move |&&(k, _)| k == h)
                .map(|&(_, s)| s),
        )
    }

    /// Every statement in force with its id, in rank order: of a statement printed more than
    /// once, the printing answers show.
    pub fn statements(&self) -> impl Iterator<Item = (StatementId, &Statement)> + '_ {
        (self.lo..)
            .zip(self.statements.iter())
            .filter(|&(id, _)| !self.is_gone(id) && !self.is_hidden(id))
    }

    /// The statements of one article (those in force, printings another article shows
    /// included), in rank order: they stand together, so they are found by two binary searches,
    /// not a walk over the store.
    pub fn statements_of(
        &self,
        article: &str,
    ) -> impl Iterator<Item = (StatementId, &Statement)> + '_ {
        let range = match self.article_by_id.get(article) {
            Some(&a) => {
                self.statement_article.partition_point(|&x| x < a)
                    ..self.statement_article.partition_point(|&x| x <= a)
            }
            None => 0..0,
        };
        range
            .map(move |i| (self.lo + i as StatementId, &self.statements[i]))
            .filter(|&(id, _)| !self.is_gone(id))
    }

    /// The ids of the best `n` statements in force (all when fewer), in rank order.
    pub fn first_ids(&self, n: usize) -> impl Iterator<Item = StatementId> + '_ {
        let end = self.lo + self.statements.len() as StatementId;
        (self.lo..end)
            .filter(|&id| !self.is_gone(id) && !self.is_hidden(id))
            .take(n)
    }

    /// Reads what the views of the statements `ids` read (their records and rows, then their
    /// articles' citations, sides' labels and the first bytes of their words) in a few passes of
    /// independent loads, so that the memory they sit in is fetched in parallel rather than one
    /// miss after another while their views are built. Answers are the same without it.
    pub fn warm(&self, ids: &[StatementId]) {
        let mut seen = 0usize;
        for &id in ids {
            let at = self.at(id);
            let s = &self.statements[at];
            seen ^= s.text.len() ^ s.speaker.name.len();
            seen ^= self.statement_article[at] as usize;
            seen ^= self.statement_tie[at].size as usize;
            seen ^= self.statement_entity[at].map_or(0, |e| e as usize);
        }
        for &id in ids {
            let at = self.at(id);
            let s = &self.statements[at];
            let first = |t: &str| t.as_bytes().first().copied().unwrap_or(0) as usize;
            seen ^= first(&s.text) ^ first(&s.id) ^ first(&s.speaker.name);
            seen ^= s.speaker.role.as_deref().map_or(0, first);
            let cited = &self.sources[self.statement_article[at] as usize].source;
            seen ^= cited.title.len() ^ cited.language.len();
            if let Some(e) = self.statement_entity[at] {
                seen ^= self.entity_labels[e as usize].name.len();
            }
        }
        std::hint::black_box(seen);
    }

    /// The article of a statement as replies cite it.
    pub fn source_of(&self, id: StatementId) -> &Arc<SourceRef> {
        &self.sources[self.statement_article[self.at(id)] as usize].source
    }

    /// A key of statement `id`'s publication date: equal for two statements exactly when their
    /// articles give the same date (or both none).
    pub fn date_key(&self, id: StatementId) -> u64 {
        self.statement_tie[self.at(id)].date
    }

    /// An entity's canonical name, flag and key, shared.
    pub fn entity_label(&self, e: EntityId) -> &EntityLabel {
        &self.entity_labels[e as usize]
    }

    pub fn article_of(&self, id: StatementId) -> &Article {
        &self.articles[self.statement_article[self.at(id)] as usize]
    }

    pub fn entity_of(&self, id: StatementId) -> Option<EntityId> {
        self.statement_entity[self.at(id)]
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
        // A name several sides share (a person the articles give two sides) is asked about.
        if self.gazetteer.sharing(query).is_some() {
            return None;
        }
        let key = fold(query);
        self.speaker_keys
            .get(crate::text::strip_article(&key))
            .and_then(|ids| ids.first())
            .and_then(|&id| self.entity_of(id))
            .map(|entity| Resolved {
                entity,
                alias: u32::MAX,
                how: crate::entities::MatchKind::Exact,
            })
    }

    /// The three-byte runs of a statement's folded text (see `Trigrams`).
    pub fn trigrams(&self, id: StatementId) -> &Trigrams {
        &self.trigrams[self.at(id)]
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
            .map_or(&[], |&t| &self.postings[t as usize])
    }

    /// A stem's number, if some statement in force contains it.
    fn live_term(&self, stemmed: &str) -> Option<TermId> {
        self.term_ids
            .get(stemmed)
            .copied()
            .filter(|&t| !self.postings[t as usize].is_empty())
    }

    /// Stems within the typo budget of a stem, closest first, then in alphabetical order (as one
    /// typo index over all stems would give them), without stems that are no longer in force.
    fn typo_terms(&self, stemmed: &str) -> Vec<TermId> {
        let mut hits: Vec<(usize, TermId)> = self
            .term_fuzzy
            .search(stemmed)
            .iter()
            .map(|h| (h.distance, h.word))
            .chain(self.added_fuzzy.iter().flat_map(|(fuzzy, terms)| {
                fuzzy
                    .search(stemmed)
                    .into_iter()
                    .map(|h| (h.distance, terms[h.word as usize]))
            }))
            .filter(|&(_, t)| !self.postings[t as usize].is_empty())
            .collect();
        if !self.added_fuzzy.is_empty() {
            hits.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| self.term_list[a.1 as usize].cmp(&self.term_list[b.1 as usize]))
            });
        }
        hits.into_iter().map(|(_, t)| t).collect()
    }

    /// The indexed words a query word may mean: itself, its synonyms, and words within its typo
    /// budget. Returns stems.
    pub fn expand_word(&self, word: &str) -> Vec<&str> {
        let mut out = Vec::new();
        self.expand_into(word, &mut out);
        out.into_iter()
            .map(|t| self.term_list[t as usize].as_str())
            .collect()
    }

    /// The terms a topic's words stand for (each word, its synonyms, near spellings), by number:
    /// what `on_topic_within` and `on_topic_by_entity` look up.
    pub fn topic_terms<S: AsRef<str>>(&self, words: &[S]) -> TopicTerms {
        let mut out = Vec::new();
        for w in words {
            self.expand_into(w.as_ref(), &mut out);
        }
        TopicTerms(out)
    }

    /// `expand_word`'s terms by number, appended to `out` unless already there: each stem is
    /// looked up once.
    fn expand_into(&self, word: &str, out: &mut Vec<TermId>) {
        let folded = fold(word);
        for w in words(&folded) {
            let s = stem(w);
            let mut push = |t: TermId| {
                if !out.contains(&t) {
                    out.push(t);
                }
            };
            let own = self.live_term(&s);
            if let Some(t) = own {
                push(t);
            }
            for syn in crate::index::topics::synonyms(&s) {
                if let Some(t) = self.live_term(syn) {
                    push(t);
                }
            }
            // A word the store has is taken as written: near spellings are for misspellings
            // only, or "troops" would also find "group" and "peace" "place".
            if own.is_none() {
                for t in self.typo_terms(&s) {
                    push(t);
                }
            }
        }
    }

    /// The number standing for speakers for no side in `spoken` and the topic counts (one past
    /// the gazetteer's entities).
    pub fn others(&self) -> EntityId {
        (self.spoken.len() - 1) as EntityId
    }

    /// Statements whose speaker speaks for no side, best first.
    pub fn sideless(&self) -> &[StatementId] {
        &self.spoken[self.spoken.len() - 1]
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
        self.typo_terms(stemmed)
            .into_iter()
            .map(|t| self.term_list[t as usize].as_str())
            .collect()
    }
}
