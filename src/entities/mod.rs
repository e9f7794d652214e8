//! The gazetteer: every side the bot knows (states, organisations, movements, authorities,
//! sub-national governments, territories), with all the names a reader may use for it, and the
//! people who speak for it. Lookups go through the alias vocabulary only, and would rather miss
//! than guess.

mod check;
mod data;
mod fuzzy;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use keshvar::CountryIterator;
use serde::Serialize;

pub use check::office_warnings;
pub use data::{
    line_of_field, read_wikidata_people, Ambiguous, EntitiesFile, Institution, OfficeRecord,
    Organisation, PersonRecord, Side, SideKind, WikidataPeople,
};
pub use fuzzy::{DeletionIndex, FuzzyHit};

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

/// Translations (by language code) that readers of an English-language bot plausibly type.
const TRANSLATION_LANGUAGES: &[&str] = &[
    "cs", "da", "de", "el", "es", "fi", "fr", "hu", "it", "nb", "nl", "pl", "pt", "ro", "ru", "sv",
    "tr", "uk",
];

/// Non-members in the country data that news about diplomacy quotes often enough to keep (other
/// sides, Kosovo among them, are data: the `sides` of `entities.json`).
const EXTRA_COUNTRIES: &[&str] = &["PS", "VA", "TW"];

/// Words that may stand around a name in a query of several words and still mean its government
/// ("the German chancellor", "Russian foreign ministry"); any other word makes the phrase a name
/// of its own ("Latin America" is not America).
const OFFICE_WORDS: &[&str] = &[
    "affairs",
    "ambassador",
    "army",
    "authorities",
    "cabinet",
    "chancellor",
    "chancellery",
    "defence",
    "defense",
    "delegation",
    "diplomat",
    "diplomats",
    "embassy",
    "envoy",
    "foreign",
    "general",
    "government",
    "governments",
    "king",
    "leader",
    "leaders",
    "leadership",
    "military",
    "minister",
    "ministers",
    "ministry",
    "of",
    "office",
    "officials",
    "parliament",
    "pm",
    "premier",
    "president",
    "presidency",
    "prime",
    "queen",
    "regime",
    "secretary",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "state",
    "the",
    "top",
];

/// Small words allowed in lower case inside a name in running text ("Bosnia and Herzegovina").
const NAME_CONNECTORS: &[&str] = &[
    "and", "of", "the", "de", "del", "da", "von", "der", "van", "la", "le",
];

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
}

impl Gazetteer {
    /// Loads `entities.json` and `people.json` from the data directory and merges them with the
    /// country data of keshvar.
    pub fn load(data_dir: &Path) -> Result<Self, DataError> {
        let entities_path = data_dir.join("entities.json");
        let people_path = data_dir.join("people.json");
        let wikidata_path = data_dir.join(WIKIDATA_PEOPLE_FILE);
        let entities = data::read_entities(&entities_path)?;
        let people = if people_path.exists() {
            data::read_people(&people_path)?
        } else {
            Vec::new()
        };
        let wikidata = if wikidata_path.exists() {
            Some(data::read_wikidata_people(&wikidata_path)?)
        } else {
            None
        };
        let inputs = Inputs {
            entities,
            shipped: people,
            wikidata,
        };
        let layers = merge_people(&inputs, &LearnedPeople::default());
        Self::build_layers(&inputs.entities, &layers, &[])
            .map_err(|(which, message)| {
                let (path, needle) = match which {
                    Source::Entities(n) => (&entities_path, n),
                    Source::People(n) => (&people_path, n),
                    Source::Wikidata(n) => (&wikidata_path, n),
                };
                let text = std::fs::read_to_string(path).unwrap_or_default();
                DataError::line(path, data::line_of(&text, &needle), message)
            })
            .map(|mut g| {
                g.inputs = Arc::new(inputs);
                g
            })
    }

    /// The gazetteer with the people learned from the store merged in, under the precedence
    /// of `PersonSource`. A learned record that names a side the gazetteer does not know is
    /// left out.
    pub fn with_learned(&self, learned: &LearnedPeople) -> Gazetteer {
        let known = |key: &str| self.by_key.contains_key(key);
        let learned = LearnedPeople {
            people: learned
                .people
                .iter()
                .filter(|(p, _)| known(&p.entity))
                .cloned()
                .collect(),
            conflicts: learned.conflicts.clone(),
        };
        let layers = merge_people(&self.inputs, &learned);
        match Self::build_layers(&self.inputs.entities, &layers, &learned.conflicts) {
            Ok(mut g) => {
                g.inputs = Arc::clone(&self.inputs);
                g
            }
            // Only the learned records are new, and each names a known side.
            Err(_) => self.clone(),
        }
    }

    /// The side a Wikidata item stands for ("Q183" → Germany), when the data gives it.
    pub fn side_of_wikidata(&self, item: &str) -> Option<EntityId> {
        self.wikidata_sides.get(item).copied()
    }

    /// When the Wikidata people were refreshed, if they were.
    pub fn wikidata_refreshed(&self) -> Option<&str> {
        self.inputs.wikidata.as_ref().map(|w| w.refreshed.as_str())
    }

    #[cfg(test)]
    fn build(file: &EntitiesFile, people: &[PersonRecord]) -> Result<Self, (Source, String)> {
        let layers: Vec<(PersonRecord, PersonSource)> = people
            .iter()
            .map(|p| (p.clone(), PersonSource::Shipped))
            .collect();
        Self::build_layers(file, &layers, &[])
    }

    fn build_layers(
        file: &EntitiesFile,
        people: &[(PersonRecord, PersonSource)],
        conflicts: &[(String, Vec<String>)],
    ) -> Result<Self, (Source, String)> {
        let mut g = Gazetteer::default();
        let mut raw: Vec<Alias> = Vec::new();
        let push = |raw: &mut Vec<Alias>, text: &str, entity, kind, person| {
            let folded = fold(text);
            if !folded.is_empty() {
                raw.push(Alias {
                    text: text.to_string(),
                    folded,
                    entity,
                    kind,
                    person,
                });
            }
        };

        for country in CountryIterator::new() {
            let key = country.alpha2().to_string();
            if !country.un_member() && !EXTRA_COUNTRIES.contains(&key.as_str()) {
                continue;
            }
            let english = country
                .translations()
                .get("en")
                .copied()
                .unwrap_or(country.iso_short_name());
            let name = file
                .names
                .get(&key)
                .cloned()
                .unwrap_or_else(|| english.to_string());
            let id = g.entities.len() as EntityId;
            g.entities.push(Entity {
                key: key.clone(),
                name: name.clone(),
                kind: EntityKind::Country,
                side: SideKind::State,
                flag: country.emoji().to_string(),
                demonym: country.maybe_nationality().map(str::to_string),
            });
            g.by_key.insert(key.clone(), id);
            push(&mut raw, &name, id, AliasKind::Name, None);
            push(&mut raw, english, id, AliasKind::Alias, None);
            push(
                &mut raw,
                country.iso_short_name(),
                id,
                AliasKind::Alias,
                None,
            );
            push(&mut raw, &key, id, AliasKind::Code, None);
            push(
                &mut raw,
                &country.alpha3().to_string(),
                id,
                AliasKind::Code,
                None,
            );
            if let Some(d) = country.maybe_nationality() {
                push(&mut raw, d, id, AliasKind::Demonym, None);
                push(&mut raw, &plural_demonym(d), id, AliasKind::Demonym, None);
            }
            // The names in the country's own languages are native names, typed with typos
            // like English ones; the crate's list of unofficial names is a long tail of other
            // languages ("Griekenland") and matches only exactly.
            for lang in country.maybe_official_language_list().unwrap_or_default() {
                if let Some(t) = country.translations().get(lang) {
                    push(&mut raw, t, id, AliasKind::Native, None);
                }
            }
            for n in country.unofficial_name_list() {
                push(&mut raw, n, id, AliasKind::Translation, None);
            }
            for lang in TRANSLATION_LANGUAGES {
                if let Some(t) = country.translations().get(lang) {
                    push(&mut raw, t, id, AliasKind::Translation, None);
                }
            }
        }
        for org in &file.organisations {
            if g.by_key.contains_key(&org.id) {
                return Err((
                    Source::Entities(org.id.clone()),
                    format!("organisation id `{}` is already used", org.id),
                ));
            }
            let id = g.entities.len() as EntityId;
            g.entities.push(Entity {
                key: org.id.clone(),
                name: org.name.clone(),
                kind: EntityKind::Organisation,
                side: SideKind::Organisation,
                flag: org.flag.clone(),
                demonym: org.demonyms.first().cloned(),
            });
            g.by_key.insert(org.id.clone(), id);
            if let Some(q) = &org.wikidata {
                g.wikidata_sides.insert(q.clone(), id);
            }
            push(&mut raw, &org.name, id, AliasKind::Name, None);
            push(&mut raw, &org.id, id, AliasKind::Code, None);
            for a in &org.aliases {
                push(&mut raw, a, id, AliasKind::Alias, None);
            }
            for d in &org.demonyms {
                push(&mut raw, d, id, AliasKind::Demonym, None);
            }
        }
        for side in &file.sides {
            if g.by_key.contains_key(&side.id) {
                return Err((
                    Source::Entities(format!("\"{}\"", side.id)),
                    format!("side id `{}` is already used", side.id),
                ));
            }
            let id = g.entities.len() as EntityId;
            let kind = match side.kind {
                SideKind::State | SideKind::Subnational | SideKind::Territory => {
                    EntityKind::Country
                }
                SideKind::Organisation | SideKind::Movement | SideKind::Authority => {
                    EntityKind::Organisation
                }
            };
            g.entities.push(Entity {
                key: side.id.clone(),
                name: side.name.clone(),
                kind,
                side: side.kind,
                flag: side.flag.clone(),
                demonym: side.demonyms.first().cloned(),
            });
            g.by_key.insert(side.id.clone(), id);
            if let Some(q) = &side.wikidata {
                g.wikidata_sides.insert(q.clone(), id);
            }
            push(&mut raw, &side.name, id, AliasKind::Name, None);
            push(&mut raw, &side.id, id, AliasKind::Code, None);
            for a in &side.aliases {
                push(&mut raw, a, id, AliasKind::Alias, None);
            }
            for d in &side.demonyms {
                push(&mut raw, d, id, AliasKind::Demonym, None);
            }
            for c in &side.capitals {
                push(&mut raw, c, id, AliasKind::Capital, None);
            }
        }
        let lookup = |g: &Gazetteer, key: &str, src: Source| {
            g.by_key.get(key).copied().ok_or((
                src,
                format!("unknown entity `{key}`: use an ISO alpha-2 code or an organisation id"),
            ))
        };
        for (key, q) in &file.wikidata {
            let id = lookup(&g, key, Source::Entities(format!("\"{key}\"")))?;
            g.wikidata_sides.insert(q.clone(), id);
        }
        for (key, names) in &file.aliases {
            let id = lookup(&g, key, Source::Entities(format!("\"{key}\"")))?;
            for n in names {
                push(&mut raw, n, id, AliasKind::Alias, None);
            }
        }
        for (key, names) in &file.demonyms {
            let id = lookup(&g, key, Source::Entities(format!("\"{key}\"")))?;
            for n in names {
                push(&mut raw, n, id, AliasKind::Demonym, None);
            }
        }
        for (key, names) in &file.capitals {
            let id = lookup(&g, key, Source::Entities(format!("\"{key}\"")))?;
            for n in names {
                push(&mut raw, n, id, AliasKind::Capital, None);
            }
        }
        // Names the country data gives a side wrongly ("Nigerian" for Niger).
        let wrong: HashSet<(EntityId, String)> = file
            .not_names
            .iter()
            .filter_map(|n| Some((g.by_key.get(&n.side).copied()?, fold(&n.name))))
            .collect();
        if let Some(n) = file
            .not_names
            .iter()
            .find(|n| !g.by_key.contains_key(&n.side))
        {
            return Err((
                Source::Entities(format!("\"{}\"", n.side)),
                format!("unknown entity `{}` in `not_names`", n.side),
            ));
        }
        raw.retain(|a| !wrong.contains(&(a.entity, a.folded.clone())));
        // Names of sides and their demonyms in the languages articles are read in
        // (`src/language/*.json`): a long tail that matches only exactly, except acronyms
        // ("OTAN"), which no typo is forgiven in anyway.
        for lang in crate::language::all() {
            let names = lang
                .names()
                .map(|(k, n)| (k.to_string(), n.to_string()))
                .chain(lang.demonym_forms());
            for (key, n) in names {
                // A gazetteer built from other data (a test's) may lack the side;
                // `tests/language_articles.rs` checks that the project's data has them all.
                let Some(&id) = g.by_key.get(&key) else {
                    continue;
                };
                let acronym = n.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && n.chars().all(|c| !c.is_lowercase());
                let kind = if acronym {
                    AliasKind::Alias
                } else {
                    AliasKind::Translation
                };
                push(&mut raw, &n, id, kind, None);
            }
        }
        for inst in &file.institutions {
            let id = lookup(
                &g,
                &inst.entity,
                Source::Entities(format!("\"{}\"", inst.entity)),
            )?;
            for n in &inst.names {
                push(&mut raw, n, id, AliasKind::Capital, None);
            }
        }
        for (p, source) in people {
            let src = match source {
                PersonSource::Wikidata { .. } => Source::Wikidata(p.name.clone()),
                _ => Source::People(p.name.clone()),
            };
            let entity = lookup(&g, &p.entity, src)?;
            let pid = g.people.len() as PersonId;
            let kind = if matches!(source, PersonSource::Learned { .. }) {
                AliasKind::Learned
            } else {
                AliasKind::Person
            };
            g.people.push(Person {
                name: p.name.clone(),
                entity,
                offices: p
                    .offices
                    .iter()
                    .map(|o| Office {
                        role: o.role.clone(),
                        titles: o.titles.iter().map(|t| fold(t)).collect(),
                        from: o.from.clone(),
                        to: o.to.clone(),
                        shared: o.shared,
                    })
                    .collect(),
                source: source.clone(),
            });
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                let f = fold(n);
                if f.is_empty() {
                    continue;
                }
                let ids = g.person_names.entry(f).or_default();
                if !ids.contains(&pid) {
                    ids.push(pid);
                }
                push(&mut raw, n, entity, kind, Some(pid));
            }
        }

        // One winner per folded alias: the better kind, then a person who holds an office now
        // over one who held it before, then the earlier entry. A name that two sides share at
        // its best kind (two current leaders, two countries' demonym) is ambiguous: it resolves
        // to neither, and so does a name the data declares ambiguous.
        let current: Vec<bool> = (0..g.people.len())
            .map(|p| g.is_current(Some(p as PersonId)))
            .collect();
        let is_current = |a: &Alias| a.person.is_some_and(|p| current[p as usize]);
        raw.sort_by(|a, b| {
            a.folded
                .cmp(&b.folded)
                .then(a.kind.cmp(&b.kind))
                .then(is_current(b).cmp(&is_current(a)))
        });
        raw.dedup_by(|later, earlier| {
            later.folded == earlier.folded && later.entity == earlier.entity
        });
        g.max_alias_words = raw
            .iter()
            .map(|a| a.folded.split(' ').count())
            .max()
            .unwrap_or(1);
        for a in &file.ambiguous {
            let f = fold(&a.name);
            let mut sides = Vec::new();
            for key in &a.sides {
                sides.push(lookup(
                    &g,
                    key,
                    Source::Entities(format!("\"{}\"", a.name)),
                )?);
            }
            if !f.is_empty() {
                g.ambiguous.insert(f, sides);
            }
        }
        // A name the articles give two sides and no stronger record settles: asked which.
        for (name, keys) in conflicts {
            let f = fold(name);
            let settled = g
                .person_names
                .get(&f)
                .is_some_and(|ids| ids.iter().any(|&q| !g.people[q as usize].is_learned()));
            // Nor a name of anything else (a side, a place, a person of the table).
            let other = raw
                .iter()
                .any(|a| a.folded == f && a.kind != AliasKind::Learned);
            if f.is_empty() || settled || other || g.ambiguous.contains_key(&f) {
                continue;
            }
            let sides: Vec<EntityId> = keys
                .iter()
                .filter_map(|k| g.by_key.get(k).copied())
                .collect();
            if sides.len() > 1 {
                raw.retain(|a| a.folded != f);
                g.ambiguous.insert(f, sides);
            }
        }
        let mut i = 0;
        while i < raw.len() {
            let group = raw[i..].partition_point(|a| a.folded == raw[i].folded);
            let best = &raw[i..i + group];
            let top: Vec<&Alias> = best
                .iter()
                .take_while(|a| a.kind == best[0].kind && is_current(a) == is_current(&best[0]))
                .collect();
            let shared = top.iter().any(|a| a.entity != top[0].entity);
            if g.ambiguous.contains_key(&best[0].folded) {
                // Declared ambiguous by the data.
            } else if shared {
                let mut sides: Vec<EntityId> = top.iter().map(|a| a.entity).collect();
                sides.sort_unstable();
                sides.dedup();
                g.ambiguous.insert(best[0].folded.clone(), sides);
            } else {
                g.exact.insert(best[0].folded.clone(), i as u32);
            }
            i += group;
        }
        for n in &file.not_sides {
            let f = fold(n);
            let f = f.strip_prefix("the ").unwrap_or(&f).to_string();
            if g.exact.contains_key(&f) {
                return Err((
                    Source::Entities(format!("\"{n}\"")),
                    format!("`{n}` is listed in `not_sides` but is the name of a side"),
                ));
            }
            g.not_sides.insert(f);
        }
        // Typos are forgiven only in the names people type: not in codes, and not in the long
        // tail of translations, which match only exactly ("Grekland" must not catch "Greenland").
        let mut vocabulary = Vec::new();
        for &i in g.exact.values() {
            if fuzzy_kind(raw[i as usize].kind) {
                g.fuzzy_alias.push(i);
            }
        }
        g.fuzzy_alias.sort_unstable();
        for &i in &g.fuzzy_alias {
            vocabulary.push(raw[i as usize].folded.clone());
        }
        for &i in &g.fuzzy_alias {
            for w in raw[i as usize].folded.split(' ') {
                if w.len() >= 3 && !OFFICE_WORDS.contains(&w) && !crate::text::is_stop_word(w) {
                    g.word_starts.push((w.to_string(), i));
                }
            }
        }
        g.word_starts.sort_unstable();
        g.word_starts.dedup();
        g.fuzzy = DeletionIndex::new(vocabulary);
        g.aliases = raw;
        Ok(g)
    }

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

    /// The entity a user means by `query`: exact alias (after folding, a leading "the", a
    /// possessive or a plural), then a typo within budget, then a known name inside a longer
    /// phrase ("the German chancellor").
    pub fn resolve(&self, query: &str) -> Option<Resolved> {
        let folded = fold(query);
        let key = strip_article(&folded);
        if key.is_empty() {
            return None;
        }
        // "U.S." folds to "u s", which is no possessive ending to strip.
        let whole = folded.strip_prefix("the ").unwrap_or(&folded);
        // A name that keeps its article or ending ("the Union", "St John's") as written.
        if let Some(r) = self
            .resolve_exact(key)
            .or_else(|| self.resolve_exact(whole))
            .or_else(|| self.resolve_exact(&folded))
        {
            return Some(r);
        }
        // A name several sides share is answered by none of them, not by a near neighbour.
        if self.is_ambiguous(key) || self.is_ambiguous(whole) {
            return None;
        }
        if self.not_sides.contains(key) || self.not_sides.contains(whole) {
            return None;
        }
        // No name is longer than this; longer input is a sentence, not a name.
        if key.len() > MAX_NAME_BYTES {
            return None;
        }
        if let Some(hit) = self.best_fuzzy(key, None) {
            return Some(hit);
        }
        self.contained(key)
    }

    /// Whether a folded name (or its singular) is one that several sides share.
    fn is_ambiguous(&self, key: &str) -> bool {
        self.sides_sharing(key).is_some()
    }

    fn sides_sharing(&self, key: &str) -> Option<&[EntityId]> {
        self.ambiguous
            .get(key)
            .or_else(|| singulars(key).iter().find_map(|s| self.ambiguous.get(s)))
            .map(Vec::as_slice)
    }

    /// The sides that share the name `query` ("Congolese": the two Congos), when several do.
    pub fn sharing(&self, query: &str) -> Option<&[EntityId]> {
        let folded = fold(query);
        let key = strip_article(&folded);
        if self.exact.contains_key(key) {
            return None;
        }
        self.sides_sharing(key)
    }

    /// The person whose name matched, when a query resolved through a person's name.
    pub fn person_of(&self, r: &Resolved) -> Option<PersonId> {
        self.aliases.get(r.alias as usize).and_then(|a| a.person)
    }

    fn resolve_exact(&self, key: &str) -> Option<Resolved> {
        let exact = |k: &str| {
            self.exact.get(k).map(|&i| Resolved {
                entity: self.aliases[i as usize].entity,
                alias: i,
                how: MatchKind::Exact,
            })
        };
        // A plural is read as its singular only for words of people ("the Germans", "the
        // Saudis"): "the Americas" is not America, "the Andes" not Andorra.
        let of_people = |r: &Resolved| {
            matches!(
                self.aliases[r.alias as usize].kind,
                AliasKind::Demonym | AliasKind::Person
            )
        };
        exact(key).or_else(|| {
            singulars(key)
                .iter()
                .find_map(|s| exact(s).filter(of_people))
        })
    }

    fn best_fuzzy(&self, key: &str, budget: Option<usize>) -> Option<Resolved> {
        let hits: Vec<FuzzyHit> = self
            .fuzzy
            .search_with_budget(key, budget)
            .into_iter()
            .filter(|h| {
                let alias = &self.aliases[self.fuzzy_alias[h.word as usize] as usize];
                plausible_typo(key, &alias.folded, alias.kind, h.distance)
            })
            .collect();
        let best = hits.iter().min_by_key(|h| {
            let alias = &self.aliases[self.fuzzy_alias[h.word as usize] as usize];
            (
                h.distance,
                alias.kind,
                alias.folded.len().abs_diff(key.len()),
            )
        })?;
        let alias = self.fuzzy_alias[best.word as usize];
        Some(Resolved {
            entity: self.aliases[alias as usize].entity,
            alias,
            how: MatchKind::Fuzzy {
                distance: best.distance,
            },
        })
    }

    /// The longest known name inside a phrase of several words, when every other word is an
    /// office word ("the german chancellor", "russian foreign ministry"): a phrase with any
    /// other word is a name of its own ("latin america", "south asia") and is not guessed.
    fn contained(&self, key: &str) -> Option<Resolved> {
        let words: Vec<&str> = key.split(' ').collect();
        if words.len() < 2 {
            return None;
        }
        for n in (1..words.len()).rev() {
            for start in 0..=words.len() - n {
                let phrase = words[start..start + n].join(" ");
                if phrase.len() < 3 {
                    continue;
                }
                let rest_is_office = words[..start]
                    .iter()
                    .chain(&words[start + n..])
                    .all(|w| OFFICE_WORDS.contains(w));
                if !rest_is_office {
                    continue;
                }
                if let Some(r) = self.exact.get(&phrase) {
                    let alias = &self.aliases[*r as usize];
                    if alias.kind == AliasKind::Code && n == 1 {
                        continue;
                    }
                    return Some(Resolved {
                        entity: alias.entity,
                        alias: *r,
                        how: MatchKind::Contained,
                    });
                }
            }
        }
        None
    }

    /// Up to `n` entities whose names are close to a query that resolved to nothing: within the
    /// typo budget plus one (two at most), or beginning one of its words (three letters at least). Nothing
    /// when nothing is that close: a far name would be a guess.
    pub fn suggest(&self, query: &str, n: usize) -> Vec<EntityId> {
        let folded = fold(query);
        let key = strip_article(&folded);
        let mut out: Vec<EntityId> = Vec::new();
        if key.is_empty() || key.len() > MAX_NAME_BYTES {
            return out;
        }
        let mut add = |e: EntityId| {
            if !out.contains(&e) {
                out.push(e);
            }
        };
        // A name several sides share: those sides, and nothing else.
        if let Some(sides) = self.sharing(key) {
            sides.iter().for_each(|&e| add(e));
            out.truncate(n);
            return out;
        }
        let len = key.chars().count();
        let words = key.split(' ').count();
        // Plus one, and two at most: three typos make most names look alike.
        let budget = (crate::text::typo_budget(len) + 1).min(2);
        for h in self.fuzzy.search_with_budget(key, Some(budget)) {
            add(self.aliases[self.fuzzy_alias[h.word as usize] as usize].entity);
        }
        // The index holds each name with its own budget of deletions, which finds two
        // substitutions in a seven-letter name only from nine letters on; names with the same
        // first letter are few enough to measure one by one.
        let first: String = key.chars().take(1).collect();
        let mut near: Vec<(usize, EntityId)> = self
            .aliases_with_prefix(&first)
            .iter()
            .filter(|a| fuzzy_kind(a.kind) && a.folded.chars().count().abs_diff(len) <= budget)
            .filter(|a| a.folded.split(' ').count() == words)
            .filter(|a| self.exact.contains_key(&a.folded))
            .map(|a| (strsim::damerau_levenshtein(key, &a.folded), a.entity))
            .filter(|&(d, _)| d <= budget)
            .collect();
        near.sort_unstable();
        near.into_iter().for_each(|(_, e)| add(e));
        // A shared start: the query begins a word of a name ("kor" → North Korea, South
        // Korea), or, when it has several words, the name itself ("united k").
        if key.chars().count() >= 3 && !crate::text::is_stop_word(key) {
            if key.contains(' ') {
                for a in self.aliases_with_prefix(key) {
                    if fuzzy_kind(a.kind) && !self.ambiguous.contains_key(&a.folded) {
                        add(a.entity);
                    }
                }
            } else {
                let from = self.word_starts.partition_point(|(w, _)| w.as_str() < key);
                for (w, a) in &self.word_starts[from..] {
                    if !w.starts_with(key) {
                        break;
                    }
                    add(self.aliases[*a as usize].entity);
                }
            }
        }
        out.truncate(n);
        out
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

    /// What was learned of a speaker the statement names with a side but no office: "Estonian
    /// Foreign Minister, seen in 4 articles", for a learned person of that name and side.
    pub fn learned_role(&self, name: &str, entity: EntityId) -> Option<String> {
        self.people_named(name).iter().find_map(|&q| {
            let p = self.person(q);
            let PersonSource::Learned { articles, .. } = &p.source else {
                return None;
            };
            let office = &p.offices.first()?.role;
            (p.entity == entity).then(|| {
                format!(
                    "{office}, seen in {articles} article{}",
                    if *articles == 1 { "" } else { "s" }
                )
            })
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

    /// The entities named in running text, longest name first, without overlaps. Names must be
    /// capitalised as names are ("Turkey", not "turkey"), codes written in capitals ("US", not
    /// "us").
    pub fn scan(&self, text: &str) -> Vec<Mention> {
        let tokens = tokenize(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut found = None;
            let max = self.max_alias_words.min(tokens.len() - i);
            for n in (1..=max).rev() {
                let span = &tokens[i..i + n];
                if !looks_like_name(text, span) {
                    continue;
                }
                let phrase = span
                    .iter()
                    .map(|t| fold(&text[t.0..t.1]))
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(&a) = self.exact.get(&phrase) {
                    let alias = &self.aliases[a as usize];
                    if !mention_allowed(alias, &text[span[0].0..span[n - 1].1]) {
                        continue;
                    }
                    found = Some((n, alias));
                    break;
                }
            }
            match found {
                Some((n, alias)) => {
                    out.push(Mention {
                        start: tokens[i].0,
                        end: tokens[i + n - 1].1,
                        entity: alias.entity,
                        kind: alias.kind,
                        person: alias.person,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

enum Source {
    Entities(String),
    People(String),
    Wikidata(String),
}

/// The people of every source as one table, under the precedence of `PersonSource`: a name a
/// Wikidata refresh has is taken from it alone; a learned name whose side the shipped list
/// contradicts replaces the shipped record, and one it confirms keeps the shipped record (with
/// its offices and terms).
fn merge_people(inputs: &Inputs, learned: &LearnedPeople) -> Vec<(PersonRecord, PersonSource)> {
    let mut out: Vec<(PersonRecord, PersonSource)> = Vec::new();
    let mut wikidata_names: HashSet<String> = HashSet::new();
    if let Some(w) = &inputs.wikidata {
        for p in &w.people {
            wikidata_names.insert(fold(&p.name));
            let source = PersonSource::Wikidata {
                item: p.wikidata.clone().unwrap_or_default(),
                refreshed: w.refreshed.clone(),
            };
            out.push((p.clone(), source));
        }
    }
    let shipped_side: HashMap<String, &str> = inputs
        .shipped
        .iter()
        .map(|p| (fold(&p.name), p.entity.as_str()))
        .collect();
    let learned_side: HashMap<String, &str> = learned
        .people
        .iter()
        .map(|(p, _)| (fold(&p.name), p.entity.as_str()))
        .collect();
    for (p, source) in &learned.people {
        let f = fold(&p.name);
        let confirmed = shipped_side.get(&f) == Some(&p.entity.as_str());
        if !wikidata_names.contains(&f) && !confirmed {
            out.push((p.clone(), source.clone()));
        }
    }
    for p in &inputs.shipped {
        let f = fold(&p.name);
        let contradicted = learned_side.get(&f).is_some_and(|&e| e != p.entity);
        if !wikidata_names.contains(&f) && !contradicted {
            out.push((p.clone(), PersonSource::Shipped));
        }
    }
    out
}

fn plural_demonym(d: &str) -> String {
    if d.ends_with("ese")
        || d.ends_with("ss")
        || d.ends_with("sh")
        || d.ends_with("ch")
        || d.ends_with('s')
    {
        d.to_string()
    } else {
        format!("{d}s")
    }
}

/// Word tokens of running text as byte ranges: letters and digits, with inner dots kept so
/// "U.S." stays one token.
fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_dot = c == '.'
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_uppercase())
            && text[start.unwrap_or(0)..i]
                .chars()
                .all(|c| c.is_uppercase() || c == '.');
        if c.is_alphanumeric() || inner_dot {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn looks_like_name(text: &str, span: &[(usize, usize)]) -> bool {
    span.iter().enumerate().all(|(k, t)| {
        let word = &text[t.0..t.1];
        let first = word.chars().next().unwrap_or(' ');
        first.is_uppercase() || first.is_numeric() || (k > 0 && NAME_CONNECTORS.contains(&word))
    })
}

/// Whether `name` can be what a user meant by typing `query` with `distance` typos: the same
/// first letter (a typo there is rare, a different name is not: "Siberia" is not "Liberia"),
/// a person's name with a budget one smaller (surnames are short and many: "Luzon" is not
/// "Luxon"), and a query of several words a name of as many words, each word within its own
/// budget ("united kingdon"; "south america" is not "south africa").
fn plausible_typo(query: &str, name: &str, kind: AliasKind, distance: usize) -> bool {
    use crate::text::typo_budget;
    if query.chars().next() != name.chars().next() {
        return false;
    }
    if kind == AliasKind::Person
        && distance + 1 > typo_budget(query.chars().count().min(name.chars().count()))
    {
        return false;
    }
    let (q, n): (Vec<&str>, Vec<&str>) = (query.split(' ').collect(), name.split(' ').collect());
    if q.len() == 1 && n.len() == 1 {
        return true;
    }
    q.len() == n.len()
        && q.iter().zip(&n).all(|(a, b)| {
            strsim::damerau_levenshtein(a, b)
                <= typo_budget(a.chars().count().min(b.chars().count()))
        })
}

/// Whether typos are forgiven in names of this kind.
fn fuzzy_kind(kind: AliasKind) -> bool {
    !matches!(
        kind,
        AliasKind::Code | AliasKind::Translation | AliasKind::Learned
    )
}

fn mention_allowed(alias: &Alias, written: &str) -> bool {
    match alias.kind {
        AliasKind::Code => written
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase),
        AliasKind::Native | AliasKind::Translation => {
            alias.folded.len() >= 4 && !crate::text::is_stop_word(&alias.folded)
        }
        AliasKind::Learned => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests;
