//! The gazetteer: every side the bot knows (states, organisations, movements, authorities,
//! sub-national governments, territories), with all the names a reader may use for it, and the
//! people who speak for it. Lookups go through the alias vocabulary only, and would rather miss
//! than guess.

mod build;
mod check;
mod data;
mod fuzzy;
mod lookup;
mod names_in;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use keshvar::CountryIterator;
use serde::Serialize;

pub use check::office_warnings;
pub use data::{
    line_of_field, parse_wikidata_people, read_wikidata_people, Ambiguous, EntitiesFile,
    Institution, OfficeRecord, Organisation, PersonRecord, Side, SideKind, WikidataPeople,
};
pub use fuzzy::{DeletionIndex, FuzzyHit};
pub use names_in::side_name_in;

use crate::error::DataError;
use crate::text::{fold, singulars, strip_article};

/// Index of an entity in the gazetteer.
pub type EntityId = u32;
/// Index of a person in the gazetteer.
pub type PersonId = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Country,
    Organisation,
}

#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable key used in the data files: ISO 3166 alpha-2 ("DE") or an organisation id ("EU").
    pub key: String,
    /// Canonical English name: "Germany", "United Kingdom", "European Union".
    pub name: String,
    /// How the extractor treats it: a country (it has a government) or an organisation.
    pub kind: EntityKind,
    /// What kind of side it is, as replies show it.
    pub side: SideKind,
    pub flag: String,
    /// The adjective ("German"), when there is one.
    pub demonym: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub entity: EntityId,
    pub offices: Vec<Office>,
    /// Where the record comes from.
    pub source: PersonSource,
}

impl Person {
    pub fn is_learned(&self) -> bool {
        matches!(self.source, PersonSource::Learned { .. })
    }
}

/// Where a person's record comes from. Precedence, strongest first: what an article says of its
/// own speaker (never in this table: the extractor reads it from the article), a Wikidata
/// refresh, what was learned from the other articles of the store, the list shipped in
/// `people.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "lowercase")]
pub enum PersonSource {
    /// Written by `positions people refresh` or `import` (`people-wikidata.json`).
    Wikidata { item: String, refreshed: String },
    /// Learned from the articles of the store (see `crate::people`).
    Learned {
        articles: usize,
        first_seen: Option<String>,
        last_seen: Option<String>,
    },
    /// The starting list shipped in `people.json`.
    Shipped,
}

impl PersonSource {
    pub fn label(&self) -> &'static str {
        match self {
            PersonSource::Wikidata { .. } => "wikidata",
            PersonSource::Learned { .. } => "learned",
            PersonSource::Shipped => "shipped",
        }
    }
}

/// The file a Wikidata refresh writes beside `people.json`.
pub const WIKIDATA_PEOPLE_FILE: &str = "people-wikidata.json";

/// What the gazetteer was built from, kept to build it again with the people learned from the
/// store.
#[derive(Debug, Default)]
struct Inputs {
    entities: EntitiesFile,
    shipped: Vec<PersonRecord>,
    wikidata: Option<WikidataPeople>,
}

/// People learned from the store, as the gazetteer takes them (see `crate::people`).
#[derive(Debug, Clone, Default)]
pub struct LearnedPeople {
    /// One record a person, with the side's key as `entity` and the evidence as its source.
    pub people: Vec<(PersonRecord, PersonSource)>,
    /// Names the articles give two sides or more (by side key): never guessed.
    pub conflicts: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct Office {
    pub role: String,
    /// Folded office words ("prime minister").
    pub titles: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Held by several people at once by design.
    pub shared: bool,
}

impl Office {
    /// Whether the office was held on `date` (YYYY-MM-DD; string order is date order).
    pub fn covers(&self, date: &str) -> bool {
        self.from.as_deref().is_none_or(|f| f <= date)
            && self.to.as_deref().is_none_or(|t| date < t)
    }

    /// Whether a folded title phrase ("chancellor", "council president") names this office.
    pub fn answers_to(&self, folded_title: &str) -> bool {
        self.titles.iter().any(|t| t == folded_title) || fold(&self.role) == folded_title
    }
}

/// What kind of name an alias is; the order is the priority when two entities share a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AliasKind {
    Name,
    Alias,
    Demonym,
    Code,
    /// A capital, or a ministry, office or building that stands for its government ("State
    /// Department", "Kremlin"): read as the government speaking, and as a place after "in".
    Capital,
    Person,
    Native,
    Translation,
    /// A name or short form of a person learned from the articles: answered when asked for, but
    /// never read in running text (the extractor asks for learned people by name, under its
    /// rule of dates).
    Learned,
}

#[derive(Debug, Clone)]
pub struct Alias {
    /// The alias as written ("Deutschland").
    pub text: String,
    /// Its folded form, the lookup key.
    pub folded: String,
    pub entity: EntityId,
    pub kind: AliasKind,
    pub person: Option<PersonId>,
}

/// How a query found its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "match", rename_all = "lowercase")]
pub enum MatchKind {
    Exact,
    Fuzzy { distance: usize },
    Contained,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub entity: EntityId,
    /// Index of the alias that matched.
    pub alias: u32,
    pub how: MatchKind,
}

/// An entity named in running text, at byte offsets `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    pub kind: AliasKind,
    pub person: Option<PersonId>,
}

/// The longest folded name a lookup tries to match with typos or inside a phrase (bytes).
pub const MAX_NAME_BYTES: usize = 64;

#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_key: HashMap<String, EntityId>,
    people: Vec<Person>,
    /// Every alias, sorted by its folded form (for prefix search).
    aliases: Vec<Alias>,
    /// Folded alias → index into `aliases` of the winning alias.
    exact: HashMap<String, u32>,
    fuzzy: DeletionIndex,
    /// Positions in `fuzzy`'s vocabulary → alias index.
    fuzzy_alias: Vec<u32>,
    /// Folded names and name aliases → people.
    person_names: HashMap<String, Vec<PersonId>>,
    /// Folded names that several sides share ("congolese"): they resolve to none.
    ambiguous: HashMap<String, Vec<EntityId>>,
    /// Folded names of places that are no side ("the americas"): never guessed.
    not_sides: HashSet<String>,
    /// (folded word, alias) for every word of a name people type, sorted: suggestions by a
    /// shared word start.
    word_starts: Vec<(String, u32)>,
    max_alias_words: usize,
    /// Wikidata item → side.
    wikidata_sides: HashMap<String, EntityId>,
    inputs: Arc<Inputs>,
    /// Whether people or names with two sides learned from the articles are merged in
    /// (`with_learned`).
    learned: bool,
}

impl Gazetteer {
    fn is_current(&self, person: Option<PersonId>) -> bool {
        person
            .map(|p| {
                self.people[p as usize]
                    .offices
                    .iter()
                    .any(|o| o.to.is_none())
            })
            .unwrap_or(false)
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id as usize]
    }

    pub fn by_key(&self, key: &str) -> Option<EntityId> {
        self.by_key.get(key).copied()
    }

    /// Whether what the articles teach is merged in (`with_learned` with people or conflicts).
    pub fn has_learned(&self) -> bool {
        self.learned
    }

    pub fn people(&self) -> &[Person] {
        &self.people
    }

    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id as usize]
    }

    pub fn alias(&self, i: u32) -> &Alias {
        &self.aliases[i as usize]
    }

    /// Every alias, sorted by folded form.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// The aliases whose folded form starts with `folded_prefix`.
    pub fn aliases_with_prefix(&self, folded_prefix: &str) -> &[Alias] {
        let start = self
            .aliases
            .partition_point(|a| a.folded.as_str() < folded_prefix);
        let len = self.aliases[start..].partition_point(|a| a.folded.starts_with(folded_prefix));
        &self.aliases[start..start + len]
    }

    /// The people known by a name ("Merz", "Pedro Sanchez"), folded.
    pub fn people_named(&self, name: &str) -> &[PersonId] {
        self.person_names
            .get(&fold(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// How a learned person is shown: "Arvo Kaskema (Estonia, Foreign Minister, seen in 4
    /// articles)"; none for a person of another source.
    pub fn learned_label(&self, q: PersonId) -> Option<String> {
        let p = self.person(q);
        let PersonSource::Learned { articles, .. } = &p.source else {
            return None;
        };
        let office = p.offices.first().map(|o| o.role.as_str()).unwrap_or("");
        Some(format!(
            "{} ({}, {office}, seen in {articles} article{})",
            p.name,
            self.entity(p.entity).name,
            if *articles == 1 { "" } else { "s" }
        ))
    }

    /// What was learned of a speaker the statement names with a side but no office: the office
    /// ("Estonian Foreign Minister") and in how many articles it was seen, for a learned person
    /// of that name and side.
    pub fn learned_office(&self, name: &str, entity: EntityId) -> Option<(String, usize)> {
        self.people_named(name).iter().find_map(|&q| {
            let p = self.person(q);
            let PersonSource::Learned { articles, .. } = &p.source else {
                return None;
            };
            let office = &p.offices.first()?.role;
            (p.entity == entity).then(|| (office.clone(), *articles))
        })
    }

    /// The person a name printed in an article stands for, on the article's `date`, when the
    /// table tells one: the people known by the name, those of `entity` when the article gives
    /// a side (its own words win); a learned person only within the dates of their evidence; and
    /// of several left, the one holding an office on `date` (a person Wikidata lists with terms
    /// for two sides, "offices by date"). Several sides, or none in office on the date: none.
    pub fn person_for_name(
        &self,
        name: &str,
        entity: Option<EntityId>,
        date: Option<&str>,
    ) -> Option<PersonId> {
        let in_office = |q: PersonId, d: &str| self.person(q).offices.iter().any(|o| o.covers(d));
        let ids: Vec<PersonId> = self
            .people_named(name)
            .iter()
            .copied()
            .filter(|&q| entity.is_none_or(|e| self.person(q).entity == e))
            .filter(|&q| !self.person(q).is_learned() || date.is_none_or(|d| in_office(q, d)))
            .collect();
        match ids.as_slice() {
            [] => None,
            [one] => Some(*one),
            several => {
                let d = date?;
                let dated: Vec<PersonId> = several
                    .iter()
                    .copied()
                    .filter(|&q| in_office(q, d))
                    .collect();
                let first = self.person(*dated.first()?);
                dated
                    .iter()
                    .all(|&q| {
                        let p = self.person(q);
                        p.entity == first.entity && fold(&p.name) == fold(&first.name)
                    })
                    .then(|| dated[0])
            }
        }
    }

    /// The people who held an office answering to `title` on `date` (any date when none is
    /// given), for one entity or for all. Learned people are not among them: an article's
    /// title is read against dated terms only.
    pub fn holders(
        &self,
        entity: Option<EntityId>,
        title: &str,
        date: Option<&str>,
    ) -> Vec<(PersonId, &Office)> {
        let folded = fold(title);
        let mut out = Vec::new();
        for (i, p) in self.people.iter().enumerate() {
            if entity.is_some_and(|e| e != p.entity) || p.is_learned() {
                continue;
            }
            for o in &p.offices {
                if o.answers_to(&folded) && date.is_none_or(|d| o.covers(d)) {
                    out.push((i as PersonId, o));
                }
            }
        }
        // A side's holders from a Wikidata refresh stand for it alone: the shipped list's are
        // older guesses.
        let refreshed: HashSet<EntityId> = out
            .iter()
            .map(|&(q, _)| self.person(q))
            .filter(|p| matches!(p.source, PersonSource::Wikidata { .. }))
            .map(|p| p.entity)
            .collect();
        out.retain(|&(q, _)| {
            let p = self.person(q);
            !refreshed.contains(&p.entity) || matches!(p.source, PersonSource::Wikidata { .. })
        });
        out
    }
}

#[cfg(test)]
mod tests;
