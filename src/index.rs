//! The in-memory index the answers are read from: statements in rank order, posting lists by
//! speaker entity, by mentioned entity and by topic word, and a typo index over the words.
//! Built once from the store; immutable afterwards (a reload builds a new one).

use std::collections::HashMap;

use crate::entities::{DeletionIndex, EntityId, Gazetteer, Resolved};
use crate::model::{Article, Statement};
use crate::store::Store;
use crate::text::{fold, stem, topic_terms, words};

/// Statement position in `Index::statements` (its rank: lower is better).
pub type StatementId = u32;

#[derive(Debug)]
pub struct Index {
    pub gazetteer: Gazetteer,
    articles: Vec<Article>,
    article_by_id: HashMap<String, u32>,
    statements: Vec<Statement>,
    statement_article: Vec<u32>,
    statement_entity: Vec<Option<EntityId>>,
    by_id: HashMap<String, StatementId>,
    /// Entity → statements it spoke, ascending (best first).
    spoken: Vec<Vec<StatementId>>,
    /// Entity → statements that name it without it speaking, ascending.
    mentioned: Vec<Vec<StatementId>>,
    /// Stemmed word → statements that contain it, ascending.
    terms: HashMap<String, Vec<StatementId>>,
    term_fuzzy: DeletionIndex,
    term_list: Vec<String>,
    /// Folded speaker names (full and last word) → entity, for names the gazetteer lacks.
    speaker_names: HashMap<String, EntityId>,
    /// Entities ordered by how much they said (most first), for autocomplete.
    by_volume: Vec<EntityId>,
}

impl Index {
    /// Builds the index from a loaded store; retracted statements are left out.
    pub fn build(gazetteer: Gazetteer, store: Store) -> Index {
        let Store {
            articles,
            mut statements,
            retractions,
        } = store;
        let retracted: std::collections::HashSet<String> =
            retractions.into_iter().map(|r| r.id).collect();
        statements.retain(|s| !retracted.contains(&s.id));

        let mut articles: Vec<Article> = articles.into_iter().map(|a| a.meta).collect();
        articles.sort_by(|a, b| b.published.cmp(&a.published).then(a.id.cmp(&b.id)));
        let article_by_id: HashMap<String, u32> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i as u32))
            .collect();
        let unknown = articles.len() as u32;
        // Rank: newest article first, then the article's own order.
        statements.sort_by_key(|s| {
            (
                article_by_id.get(&s.article).copied().unwrap_or(unknown),
                s.paragraph,
            )
        });

        let n_entities = gazetteer.entities().len();
        let mut spoken = vec![Vec::new(); n_entities];
        let mut mentioned = vec![Vec::new(); n_entities];
        let mut terms: HashMap<String, Vec<StatementId>> = HashMap::new();
        let mut speaker_names = HashMap::new();
        let mut statement_article = Vec::with_capacity(statements.len());
        let mut statement_entity = Vec::with_capacity(statements.len());
        let mut by_id = HashMap::with_capacity(statements.len());
        for (i, s) in statements.iter().enumerate() {
            let id = i as StatementId;
            by_id.insert(s.id.clone(), id);
            statement_article.push(article_by_id.get(&s.article).copied().unwrap_or(0));
            let entity = s.entity.as_deref().and_then(|k| gazetteer.by_key(k));
            statement_entity.push(entity);
            if let Some(e) = entity {
                spoken[e as usize].push(id);
                let name = fold(&s.speaker.name);
                if name.contains(' ') {
                    if let Some(last) = name.rsplit(' ').next() {
                        speaker_names.entry(last.to_string()).or_insert(e);
                    }
                    speaker_names.entry(name).or_insert(e);
                }
            }
            for m in &s.mentions {
                if let Some(e) = gazetteer.by_key(m) {
                    if Some(e) != entity && mentioned[e as usize].last() != Some(&id) {
                        mentioned[e as usize].push(id);
                    }
                }
            }
            let mut seen: Vec<String> = Vec::new();
            for t in topic_terms(&s.text) {
                if !seen.contains(&t) {
                    terms.entry(t.clone()).or_default().push(id);
                    seen.push(t);
                }
            }
        }
        let mut term_list: Vec<String> = terms.keys().cloned().collect();
        term_list.sort_unstable();
        let term_fuzzy = DeletionIndex::new(term_list.clone());
        let mut by_volume: Vec<EntityId> = (0..n_entities as EntityId).collect();
        by_volume.sort_by_key(|&e| {
            (
                std::cmp::Reverse(spoken[e as usize].len()),
                gazetteer.entity(e).name.clone(),
            )
        });
        Index {
            gazetteer,
            articles,
            article_by_id,
            statements,
            statement_article,
            statement_entity,
            by_id,
            spoken,
            mentioned,
            terms,
            term_fuzzy,
            term_list,
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
        self.by_id.get(key).copied()
    }

    pub fn statements(&self) -> &[Statement] {
        &self.statements
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

    /// Statements containing a stemmed word exactly.
    pub fn term(&self, stemmed: &str) -> &[StatementId] {
        self.terms.get(stemmed).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The indexed words a query word may mean: itself, its synonyms, and words within its typo
    /// budget. Returns stems.
    pub fn expand_word(&self, word: &str) -> Vec<&str> {
        let folded = fold(word);
        let mut out: Vec<&str> = Vec::new();
        for w in words(&folded) {
            let s = stem(w);
            let mut push = |t: &str| {
                if let Some((k, _)) = self.terms.get_key_value(t) {
                    if !out.contains(&k.as_str()) {
                        out.push(k.as_str());
                    }
                }
            };
            push(&s);
            for syn in crate::topics::synonyms(&s) {
                push(syn);
            }
            for hit in self.term_fuzzy.search(&s) {
                push(&self.term_list[hit.word as usize]);
            }
        }
        out
    }

    /// Statements that contain any of the given stems, ascending, without repeats.
    pub fn union_of(&self, stems: &[&str]) -> Vec<StatementId> {
        match stems {
            [] => Vec::new(),
            [one] => self.term(one).to_vec(),
            _ => {
                let mut all: Vec<StatementId> = stems
                    .iter()
                    .flat_map(|t| self.term(t).iter().copied())
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            }
        }
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
