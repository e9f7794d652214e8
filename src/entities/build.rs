//! Building the gazetteer: `entities.json`, `people.json`, the Wikidata people and the people
//! learned from the store, merged under `PersonSource`'s precedence with keshvar's country data
//! into the alias tables the lookups read.

use super::lookup::{fuzzy_kind, OFFICE_WORDS};
use super::*;

/// Translations (by language code) that readers of an English-language bot plausibly type.
pub(super) const TRANSLATION_LANGUAGES: &[&str] = &[
    "cs", "da", "de", "el", "es", "fi", "fr", "hu", "it", "nb", "nl", "pl", "pt", "ro", "ru", "sv",
    "tr", "uk",
];

/// Non-members in the country data that news about diplomacy quotes often enough to keep (other
/// sides, Kosovo among them, are data: the `sides` of `entities.json`).
pub(super) const EXTRA_COUNTRIES: &[&str] = &["PS", "VA", "TW"];

impl Gazetteer {
    /// Loads `entities.json` and `people.json` from the data directory and merges them with the
    /// country data of keshvar.
    pub fn load(data_dir: &Path) -> Result<Self, DataError> {
        let wikidata_path = data_dir.join(WIKIDATA_PEOPLE_FILE);
        let text = if wikidata_path.exists() {
            Some(
                std::fs::read_to_string(&wikidata_path)
                    .map_err(|e| DataError::file(&wikidata_path, format!("cannot read: {e}")))?,
            )
        } else {
            None
        };
        Self::load_with_wikidata(data_dir, &wikidata_path, text.as_deref())
    }

    /// Like `load`, with the Wikidata people given as a document's text (`None`: there are
    /// none) read from `wikidata_path` (a file, or the database's table, for the errors).
    pub fn load_with_wikidata(
        data_dir: &Path,
        wikidata_path: &Path,
        wikidata_text: Option<&str>,
    ) -> Result<Self, DataError> {
        let entities_path = data_dir.join("entities.json");
        let people_path = data_dir.join("people.json");
        let entities = data::read_entities(&entities_path)?;
        let people = if people_path.exists() {
            data::read_people(&people_path)?
        } else {
            Vec::new()
        };
        let wikidata = match wikidata_text {
            Some(text) => Some(data::parse_wikidata_people(wikidata_path, text)?),
            None => None,
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
                    Source::Entities(n) => (entities_path.as_path(), n),
                    Source::People(n) => (people_path.as_path(), n),
                    Source::Wikidata(n) => (wikidata_path, n),
                };
                let text = match (path == wikidata_path, wikidata_text) {
                    (true, Some(text)) => text.to_string(),
                    _ => std::fs::read_to_string(path).unwrap_or_default(),
                };
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
                g.learned = !learned.people.is_empty() || !learned.conflicts.is_empty();
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
    pub(super) fn build(
        file: &EntitiesFile,
        people: &[PersonRecord],
    ) -> Result<Self, (Source, String)> {
        let layers: Vec<(PersonRecord, PersonSource)> = people
            .iter()
            .map(|p| (p.clone(), PersonSource::Shipped))
            .collect();
        Self::build_layers(file, &layers, &[])
    }

    pub(super) fn build_layers(
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
}

pub(super) enum Source {
    Entities(String),
    People(String),
    Wikidata(String),
}

/// The people of every source as one table, under the precedence of `PersonSource`: a name a
/// Wikidata refresh has is taken from it alone; a learned name whose side the shipped list
/// contradicts replaces the shipped record, and one it confirms keeps the shipped record (with
/// its offices and terms).
pub(super) fn merge_people(
    inputs: &Inputs,
    learned: &LearnedPeople,
) -> Vec<(PersonRecord, PersonSource)> {
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

pub(super) fn plural_demonym(d: &str) -> String {
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
