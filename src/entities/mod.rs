//! The gazetteer: every country and organisation the bot knows, with all the names a reader may
//! use for it (names, native names, demonyms, capitals, leaders), and the people who speak for it.
//! Lookups go through the alias vocabulary only, never through statements.

mod data;
mod fuzzy;

use std::collections::HashMap;
use std::path::Path;

use keshvar::CountryIterator;
use serde::Serialize;

pub use data::{line_of_field, EntitiesFile, OfficeRecord, Organisation, PersonRecord};
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
    pub kind: EntityKind,
    pub flag: String,
    /// The adjective ("German"), when there is one.
    pub demonym: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub entity: EntityId,
    pub offices: Vec<Office>,
}

#[derive(Debug, Clone)]
pub struct Office {
    pub role: String,
    /// Folded office words ("prime minister").
    pub titles: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
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
    Capital,
    Person,
    Native,
    Translation,
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

/// Non-members that news about diplomacy quotes often enough to keep.
const EXTRA_COUNTRIES: &[&str] = &["PS", "VA", "TW", "XK"];

/// Small words allowed in lower case inside a name in running text ("Bosnia and Herzegovina").
const NAME_CONNECTORS: &[&str] = &[
    "and", "of", "the", "de", "del", "da", "von", "der", "van", "la", "le",
];

#[derive(Debug, Default)]
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
    max_alias_words: usize,
}

impl Gazetteer {
    /// Loads `entities.json` and `people.json` from the data directory and merges them with the
    /// country data of keshvar.
    pub fn load(data_dir: &Path) -> Result<Self, DataError> {
        let entities_path = data_dir.join("entities.json");
        let people_path = data_dir.join("people.json");
        let entities = data::read_entities(&entities_path)?;
        let people = if people_path.exists() {
            data::read_people(&people_path)?
        } else {
            Vec::new()
        };
        Self::build(&entities, &people).map_err(|(which, message)| {
            let (path, needle) = match which {
                Source::Entities(n) => (&entities_path, n),
                Source::People(n) => (&people_path, n),
            };
            let text = std::fs::read_to_string(path).unwrap_or_default();
            DataError::line(path, data::line_of(&text, &needle), message)
        })
    }

    fn build(file: &EntitiesFile, people: &[PersonRecord]) -> Result<Self, (Source, String)> {
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
            for n in country.unofficial_name_list() {
                push(&mut raw, n, id, AliasKind::Native, None);
            }
            for lang in TRANSLATION_LANGUAGES {
                if let Some(t) = country.translations().get(lang) {
                    push(&mut raw, t, id, AliasKind::Translation, None);
                }
            }
        }
        // Kosovo has no ISO code in keshvar; it is added by hand when the data names it.
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
                flag: org.flag.clone(),
                demonym: org.demonyms.first().cloned(),
            });
            g.by_key.insert(org.id.clone(), id);
            push(&mut raw, &org.name, id, AliasKind::Name, None);
            push(&mut raw, &org.id, id, AliasKind::Code, None);
            for a in &org.aliases {
                push(&mut raw, a, id, AliasKind::Alias, None);
            }
            for d in &org.demonyms {
                push(&mut raw, d, id, AliasKind::Demonym, None);
            }
        }
        let lookup = |g: &Gazetteer, key: &str, src: Source| {
            g.by_key.get(key).copied().ok_or((
                src,
                format!("unknown entity `{key}`: use an ISO alpha-2 code or an organisation id"),
            ))
        };
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
        for p in people {
            let entity = lookup(&g, &p.entity, Source::People(p.name.clone()))?;
            let pid = g.people.len() as PersonId;
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
                    })
                    .collect(),
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
                push(&mut raw, n, entity, AliasKind::Person, Some(pid));
            }
        }

        // One winner per folded alias: the better kind, then the earlier entry; a person who
        // holds an office now beats one who held it before.
        raw.sort_by(|a, b| a.folded.cmp(&b.folded).then(a.kind.cmp(&b.kind)));
        raw.dedup_by(|later, earlier| {
            later.folded == earlier.folded && later.entity == earlier.entity
        });
        g.max_alias_words = raw
            .iter()
            .map(|a| a.folded.split(' ').count())
            .max()
            .unwrap_or(1);
        for (i, a) in raw.iter().enumerate() {
            match g.exact.get(&a.folded) {
                None => {
                    g.exact.insert(a.folded.clone(), i as u32);
                }
                Some(&w) => {
                    let winner = &raw[w as usize];
                    if winner.kind == a.kind
                        && a.person.is_some()
                        && g.is_current(a.person)
                        && !g.is_current(winner.person)
                    {
                        g.exact.insert(a.folded.clone(), i as u32);
                    }
                }
            }
        }
        let mut vocabulary = Vec::new();
        for (&_, &i) in g.exact.iter() {
            g.fuzzy_alias.push(i);
        }
        g.fuzzy_alias.sort_unstable();
        for &i in &g.fuzzy_alias {
            vocabulary.push(raw[i as usize].folded.clone());
        }
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
        if let Some(r) = self
            .resolve_exact(key)
            .or_else(|| self.resolve_exact(whole))
        {
            return Some(r);
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

    fn resolve_exact(&self, key: &str) -> Option<Resolved> {
        let exact = |k: &str| {
            self.exact.get(k).map(|&i| Resolved {
                entity: self.aliases[i as usize].entity,
                alias: i,
                how: MatchKind::Exact,
            })
        };
        exact(key).or_else(|| singulars(key).iter().find_map(|s| exact(s)))
    }

    fn best_fuzzy(&self, key: &str, budget: Option<usize>) -> Option<Resolved> {
        let hits = self.fuzzy.search_with_budget(key, budget);
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

    /// The longest known name inside a phrase of several words.
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

    /// Up to `n` entities whose names are closest to a query that resolved to nothing.
    pub fn suggest(&self, query: &str, n: usize) -> Vec<EntityId> {
        let folded = fold(query);
        let key = strip_article(&folded);
        let mut out: Vec<EntityId> = Vec::new();
        if key.is_empty() || key.len() > MAX_NAME_BYTES {
            return out;
        }
        for h in self.fuzzy.search_with_budget(key, Some(2)) {
            let e = self.aliases[self.fuzzy_alias[h.word as usize] as usize].entity;
            if !out.contains(&e) {
                out.push(e);
            }
        }
        let mut scored: Vec<(f64, EntityId)> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (strsim::jaro_winkler(key, &fold(&e.name)), i as EntityId))
            .filter(|(s, _)| *s >= 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, e) in scored {
            if !out.contains(&e) {
                out.push(e);
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

    /// The people who held an office answering to `title` on `date` (any date when none is
    /// given), for one entity or for all.
    pub fn holders(
        &self,
        entity: Option<EntityId>,
        title: &str,
        date: Option<&str>,
    ) -> Vec<(PersonId, &Office)> {
        let folded = fold(title);
        let mut out = Vec::new();
        for (i, p) in self.people.iter().enumerate() {
            if entity.is_some_and(|e| e != p.entity) {
                continue;
            }
            for o in &p.offices {
                if o.answers_to(&folded) && date.is_none_or(|d| o.covers(d)) {
                    out.push((i as PersonId, o));
                }
            }
        }
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

fn mention_allowed(alias: &Alias, written: &str) -> bool {
    match alias.kind {
        AliasKind::Code => written
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase),
        AliasKind::Native | AliasKind::Translation => {
            alias.folded.len() >= 4 && !crate::text::is_stop_word(&alias.folded)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests;
