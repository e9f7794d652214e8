//! Who a speaker phrase or pronoun stands for: names resolved against the article's own earlier
//! mentions and the gazetteer, offices resolved to their holder on the article's date, and
//! "he", "she" and "it" resolved to the most recent fitting speaker.

use crate::entities::{EntityId, EntityKind, Gazetteer, PersonId};
use crate::model::Speaker;
use crate::text::fold;
use std::sync::Arc;

use super::attribution::Pronoun;
use super::lexicon::{self, Gender};
use super::phrase::{Head, Phrase};

/// What kind of speaker someone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Person,
    Group,
    /// A government, ministry or organisation.
    Body,
}

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub name: String,
    pub role: Option<String>,
    pub entity: Option<EntityId>,
    pub person: Option<PersonId>,
    /// Folded title words the article used for them ("prime minister").
    pub title_key: Option<String>,
    pub sort: Sort,
    pub gender: Option<Gender>,
}

impl Who {
    pub fn speaker(&self) -> Speaker {
        Speaker {
            name: self.name.as_str().into(),
            role: self.role.as_deref().map(Arc::from),
        }
    }
}

/// Someone the article names with a full name or a title and name, at byte `pos`.
#[derive(Debug, Clone)]
struct Known {
    name: String,
    words: usize,
    surname: String,
    title_key: Option<String>,
    title_text: Option<String>,
    entity: Option<EntityId>,
    person: Option<PersonId>,
    gender: Option<Gender>,
    /// The honorific printed before the name, folded ("prince" in "Prince Khalid bin Saad").
    honorific: Option<String>,
    pos: usize,
}

/// How many of the article's names a lookup reads on either side (long texts stay linear).
const KNOWN_REACH: usize = 256;

/// How far back pronouns and bare titles look among recent speakers.
const RECENT: usize = 24;

pub struct Resolver<'a> {
    gaz: &'a Gazetteer,
    date: Option<&'a str>,
    known: Vec<Known>,
    /// Institutions the article names with their country: (head word, name as printed,
    /// entity, position).
    institutions: Vec<(String, String, EntityId, usize)>,
    /// Recent speakers and sentence subjects, most recent last.
    recent: Vec<Who>,
    /// The speaker of the latest statement, and whether it came after the latest headline.
    last: Option<Who>,
    last_in_section: bool,
    /// Every speaker of the latest statement.
    last_all: Vec<Who>,
    headline_entity: Option<EntityId>,
    /// The country whose city the dateline names ("BEIJING, Sept 8 —"): the side of an
    /// institution or a ministry's spokesperson the article names with no country.
    dateline: Option<EntityId>,
    /// The country the sentence being read opens by placing itself in ("In Washington, the
    /// Transportation Department said"): for that sentence, it stands for the dateline.
    sentence_place: Option<EntityId>,
    /// Every entity the article names, with its byte position, in order.
    mentions: Vec<(usize, EntityId)>,
    /// The sides of the statements read so far, without repeats.
    sides_heard: Vec<EntityId>,
}

/// The folded forms of a phrase's title, most specific first, without repeats.
fn title_keys(p: &Phrase) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for k in [
        &p.title_key_long,
        &p.title_key_plain,
        &p.title_key_full,
        &p.title_key,
    ] {
        if !k.is_empty() && !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys
}

/// The first word of a name that is not an honorific, folded: "keir" for "Sir Keir Starmer".
fn given_name(name: &str) -> String {
    name.split_whitespace()
        .find(|w| super::lexicon::honorific(&w.to_lowercase()).is_none())
        .map(fold)
        .unwrap_or_default()
}

/// A name without the honorific it opens with ("Sir Keir Starmer" → "Keir Starmer"), unless
/// the honorific and one more word are all there is ("Sir Keir").
fn without_honorific(name: &str) -> String {
    let mut words = name.split_whitespace();
    match (words.next(), words.clone().count()) {
        (Some(w), rest) if rest >= 2 && super::lexicon::honorific(&w.to_lowercase()).is_some() => {
            words.collect::<Vec<_>>().join(" ")
        }
        _ => name.to_string(),
    }
}

/// The folded surname of a name, without a generational suffix: "elliott" for "Charles
/// Elliott III" or "Charles Elliott Jr.".
fn surname_of(name: &str) -> String {
    let mut words = name.split_whitespace().rev();
    let last = words.next().unwrap_or(name);
    let suffix = super::lexicon::is_name_suffix(&fold(last));
    match (suffix, words.next()) {
        (true, Some(w)) => fold(w.trim_end_matches(',')),
        _ => fold(last),
    }
}

/// Whether a speaker's name is a person's name, every word capitalised but its particles
/// ("Ursula von der Leyen"), and not a description printed as the speaker ("Trump supporter",
/// whose "Trump" names someone else).
fn is_proper_name(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        w.chars().next().is_some_and(|c| !c.is_lowercase())
            || super::lexicon::is_name_connector(&w.to_lowercase())
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A phrase's text without a leading article, as printed (white space collapsed).
fn printed(body: &str, (a, b): (usize, usize)) -> String {
    collapse(&body[a..b])
}

impl<'a> Resolver<'a> {
    pub fn new(gaz: &'a Gazetteer, date: Option<&'a str>) -> Self {
        Resolver {
            gaz,
            date,
            known: Vec::new(),
            institutions: Vec::new(),
            recent: Vec::new(),
            last: None,
            last_in_section: false,
            last_all: Vec::new(),
            headline_entity: None,
            dateline: None,
            sentence_place: None,
            mentions: Vec::new(),
            sides_heard: Vec::new(),
        }
    }

    /// Records the entities the article names, with their byte positions, in order.
    pub fn mentions(&mut self, mentions: Vec<(usize, EntityId)>) {
        self.mentions = mentions;
    }

    /// Whose body a bare institution ("the Commission", "the Foreign Ministry") is, once the
    /// article has made it clear: the one organisation named before `pos` that has a body of
    /// that name ("the European Union" … "the Commission"), else for a government body the
    /// dateline's country, else the one state every statement so far spoke for.
    fn owner_of_bare(&self, head: &str, pos: usize, abroad: bool) -> Option<EntityId> {
        if head.is_empty() || abroad {
            return None;
        }
        match self.organisation_body(head, pos) {
            Ok(Some(e)) => return Some(e),
            Ok(None) => {}
            Err(()) => return None,
        }
        if let Some(e) = self.sentence_place.or(self.dateline) {
            return Some(e);
        }
        let states: Vec<EntityId> = self
            .sides_heard
            .iter()
            .copied()
            .filter(|&e| self.gaz.entity(e).kind == EntityKind::Country)
            .collect();
        match states[..] {
            [one] if head == "ministry" => Some(one),
            _ => None,
        }
    }

    /// The one organisation named before `pos` that has a body called `head` ("the European
    /// Union" … "the Commission"); an error when several do.
    fn organisation_body(&self, head: &str, pos: usize) -> Result<Option<EntityId>, ()> {
        let suffix = format!(" {head}");
        let named: Vec<EntityId> = self
            .mentions
            .iter()
            .take_while(|(at, _)| *at < pos)
            .map(|(_, e)| *e)
            .collect();
        let mut owners: Vec<EntityId> = self
            .gaz
            .aliases()
            .iter()
            .filter(|a| {
                a.person.is_none()
                    && a.folded.ends_with(&suffix)
                    && self.gaz.entity(a.entity).kind == EntityKind::Organisation
                    && named.contains(&a.entity)
            })
            .map(|a| a.entity)
            .collect();
        owners.sort_unstable();
        owners.dedup();
        match owners[..] {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            _ => Err(()),
        }
    }

    /// Records the country the article's dateline places it in.
    pub fn dateline(&mut self, entity: Option<EntityId>) {
        self.dateline = entity;
    }

    /// Records the country the sentence about to be read places itself in, if any.
    pub fn sentence_place(&mut self, entity: Option<EntityId>) {
        self.sentence_place = entity;
    }

    /// Records a name the article prints (before the statements are read), so a later surname
    /// or title can be resolved to it.
    pub fn learn(&mut self, body: &str, p: &Phrase) {
        let Some(name) = p.name else { return };
        if p.name_words < 2 && p.title.is_none() && !p.honorific && p.name_person.is_none() {
            return;
        }
        let text = printed(body, name);
        let person = self.person_by_name(&text, p.entity).or(p.name_person);
        let entity = p.entity.or(person.map(|q| self.gaz.person(q).entity));
        let title_key = (!p.title_key.is_empty()).then(|| p.title_key.clone());
        let title_text = p.title.map(|t| printed(body, t));
        let honorific = p.honorific.then(|| {
            let before = body[..name.0].trim_end();
            fold(before.rsplit(char::is_whitespace).next().unwrap_or(""))
                .trim_end_matches('.')
                .to_string()
        });
        self.known.push(Known {
            surname: surname_of(&text),
            words: p.name_words,
            name: text,
            title_key,
            title_text,
            entity,
            person,
            gender: p.gender,
            honorific,
            pos: name.0,
        });
    }

    /// Records an institution the article names with its country ("the Japanese foreign
    /// ministry"), so a later "the ministry" can be resolved to it.
    pub fn learn_institution(&mut self, body: &str, p: &Phrase) {
        let (Some(Head::Institution), Some(e), None) = (p.head, p.entity, p.name) else {
            return;
        };
        let head = p.title_key.rsplit(' ').next().unwrap_or("").to_string();
        if !head.is_empty() {
            self.institutions
                .push((head, printed(body, (p.start, p.end)), e, p.start));
        }
    }

    /// Sorts what `learn` recorded by position; call once before resolving.
    pub fn learned(&mut self) {
        self.known.sort_by_key(|k| k.pos);
        self.institutions.sort_by_key(|i| i.3);
    }

    pub fn headline(&mut self, entity: Option<EntityId>) {
        self.headline_entity = entity;
        self.last_in_section = false;
    }

    /// Records the speaker of a statement.
    pub fn heard(&mut self, who: &Who) {
        if let Some(e) = who.entity.filter(|e| !self.sides_heard.contains(e)) {
            self.sides_heard.push(e);
        }
        self.last = Some(who.clone());
        self.last_in_section = true;
        self.seen(who);
    }

    /// Records a person who is the subject of a sentence (a candidate for a later "he").
    pub fn seen(&mut self, who: &Who) {
        if who.sort == Sort::Person {
            self.recent.retain(|w| w.name != who.name);
            self.recent.push(who.clone());
            if self.recent.len() > RECENT * 2 {
                self.recent.drain(..RECENT);
            }
        }
    }

    /// Records every speaker of the latest statement ("France and Germany said"), for "they".
    pub fn heard_all(&mut self, whos: &[Who]) {
        self.last_all = whos.to_vec();
    }

    /// Resolves a pronoun subject: one speaker, or for "they" the speakers of the latest
    /// statement when there were several (or a group). Empty when nothing fits.
    pub fn pronoun(&mut self, p: Pronoun) -> Vec<Who> {
        if p == Pronoun::They {
            if self.last_all.len() > 1 {
                return self.last_all.clone();
            }
            return self
                .last
                .clone()
                .filter(|w| w.sort == Sort::Group)
                .into_iter()
                .collect();
        }
        self.one_pronoun(p).into_iter().collect()
    }

    /// "Holm said Norway would act. “…,” she said.": in the paragraph of a statement by a
    /// person whose gender nothing tells, with no one named since, "he" or "she" is that
    /// speaker, not a person of known gender further back.
    pub fn pronoun_in_paragraph(&mut self, p: Pronoun, speaker: &str) -> Option<Who> {
        let want = match p {
            Pronoun::He => Gender::Male,
            Pronoun::She => Gender::Female,
            _ => return None,
        };
        let i = self.recent.iter().rposition(|w| w.sort == Sort::Person)?;
        let w = &mut self.recent[i];
        if w.name != speaker || w.gender.is_some() {
            return None;
        }
        w.gender = Some(want);
        let who = w.clone();
        if let Some(last) = self.last.as_mut().filter(|l| l.name == who.name) {
            last.gender = Some(want);
        }
        Some(who)
    }

    fn one_pronoun(&mut self, p: Pronoun) -> Option<Who> {
        match p {
            Pronoun::He | Pronoun::She => {
                let want = if p == Pronoun::He {
                    Gender::Male
                } else {
                    Gender::Female
                };
                let person = |w: &Who| w.sort == Sort::Person;
                // "she": a woman the article has shown as one, else the latest person whose
                // gender nothing tells; "he" likewise.
                let window = self.recent.len().saturating_sub(RECENT);
                let known = self.recent[window..]
                    .iter()
                    .rposition(|w| person(w) && w.gender == Some(want))
                    .map(|i| i + window);
                let latest = self
                    .recent
                    .iter()
                    .rposition(|w| person(w) && w.gender.is_none_or(|g| g == want));
                let i = match (known, latest) {
                    (Some(k), _) if want == Gender::Female => k,
                    (_, Some(l)) => l,
                    (Some(k), None) => k,
                    (None, None) => return None,
                };
                self.recent[i].gender = Some(want);
                let who = self.recent[i].clone();
                if let Some(last) = self.last.as_mut().filter(|l| l.name == who.name) {
                    last.gender = Some(want);
                }
                Some(who)
            }
            Pronoun::It => {
                let from_last = |last: &Who| match last.sort {
                    Sort::Body => Some(last.clone()),
                    _ => last.entity.map(|e| self.government(e)),
                };
                if self.last_in_section {
                    if let Some(w) = self.last.as_ref().and_then(from_last) {
                        return Some(w);
                    }
                }
                if let Some(e) = self.headline_entity {
                    return Some(self.government(e));
                }
                self.last.as_ref().and_then(from_last)
            }
            Pronoun::They => None,
            Pronoun::Latest => self
                .recent
                .iter()
                .rev()
                .find(|w| w.sort == Sort::Person)
                .cloned()
                .or_else(|| self.last.clone()),
        }
    }

    /// The government (or the organisation) an entity speaks through.
    pub fn government(&self, e: EntityId) -> Who {
        let ent = self.gaz.entity(e);
        let name = match (ent.kind, &ent.demonym) {
            (EntityKind::Country, Some(d)) => format!("{d} government"),
            (EntityKind::Country, None) => format!("Government of {}", ent.name),
            (EntityKind::Organisation, _) => ent.name.clone(),
        };
        Who {
            name,
            role: None,
            entity: Some(e),
            person: None,
            title_key: None,
            sort: Sort::Body,
            gender: None,
        }
    }

    /// Resolves a speaker phrase at byte `pos`. `evidence` gives the entities named around it,
    /// asked only when a bare title has several holders.
    pub fn phrase(
        &mut self,
        body: &str,
        p: &Phrase,
        pos: usize,
        evidence: &mut dyn FnMut() -> Vec<EntityId>,
    ) -> Option<Who> {
        if p.name.is_some() {
            return self.named(body, p, pos);
        }
        let whole = printed(body, (p.start, p.end));
        if let Some(kind) = p.entity_only {
            let e = p.entity?;
            let ent = self.gaz.entity(e);
            // "the European Commission", "NATO", "Moscow", "the Kremlin": as printed.
            if ent.kind == EntityKind::Organisation || kind == crate::entities::AliasKind::Capital {
                return Some(Who {
                    name: whole,
                    ..self.government(e)
                });
            }
            return Some(self.government(e));
        }
        if p.institution {
            return Some(Who {
                name: whole,
                ..self.government(p.entity?)
            });
        }
        let title_text = p.title.map(|t| printed(body, t));
        match p.head? {
            Head::Group => Some(Who {
                name: whole,
                role: None,
                entity: p.entity,
                person: None,
                title_key: None,
                sort: Sort::Group,
                gender: None,
            }),
            Head::Institution => {
                if p.entity.is_none() {
                    // "the ministry" after "Japan's foreign ministry".
                    let head = p.title_key.rsplit(' ').next().unwrap_or("");
                    if let Some(w) = self.last.as_ref().filter(|w| {
                        w.sort == Sort::Body && fold(&w.name).ends_with(head) && !head.is_empty()
                    }) {
                        return Some(w.clone());
                    }
                    let split = self.institutions.partition_point(|i| i.3 < pos);
                    let seen = self.institutions[..split]
                        .iter()
                        .rev()
                        .take(KNOWN_REACH)
                        .find(|i| i.0 == head);
                    if let Some((_, name, e, _)) = seen {
                        return Some(Who {
                            name: name.clone(),
                            ..self.government(*e)
                        });
                    }
                }
                let head = p.title_key.rsplit(' ').next().unwrap_or("");
                let entity = p.entity.or_else(|| {
                    (!p.media)
                        .then(|| self.owner_of_bare(head, pos, p.abroad))
                        .flatten()
                });
                Some(Who {
                    name: whole,
                    role: None,
                    entity,
                    person: None,
                    title_key: None,
                    sort: Sort::Body,
                    gender: None,
                })
            }
            Head::Person => {
                if !p.indefinite {
                    if let Some(w) = self.by_title(p, pos, evidence) {
                        return Some(w);
                    }
                    if let Some(w) = self.by_honorific(p, pos) {
                        return Some(w);
                    }
                }
                Some(Who {
                    name: whole,
                    role: title_text,
                    entity: p.entity.or(self.placed(p, pos)),
                    person: None,
                    title_key: Some(p.title_key.clone()),
                    sort: Sort::Person,
                    gender: p.gender,
                })
            }
        }
    }

    fn named(&mut self, body: &str, p: &Phrase, pos: usize) -> Option<Who> {
        let name = p.name?;
        let text = printed(body, name);
        let surname = fold(text.rsplit(' ').next().unwrap_or(&text));
        let person;
        let mut shown = text.clone();
        let known: Option<Known>;
        if p.name_words >= 2 {
            person = self.person_by_name(&text, p.entity).or(p.name_person);
            known = self
                .known_where(pos, |k| fold(&k.name) == fold(&text))
                .cloned();
            if let Some(q) = person {
                // "von der Leyen": the full name, as the article or the gazetteer has it.
                shown = self.shown_name(q, pos);
            }
        } else {
            let fits = |k: &Known| p.entity.is_none_or(|e| k.entity.is_none_or(|ke| ke == e));
            // "Bellini described …" after "Italy's foreign minister, Marco Bellini, denied …":
            // the recent speaker of that surname, with the side the article gave them.
            if p.title.is_none() && p.entity.is_none() {
                let window = self.recent.len().saturating_sub(RECENT);
                if let Some(w) = self.recent[window..].iter().rev().find(|w| {
                    w.sort == Sort::Person
                        && w.name.split_whitespace().count() >= 2
                        && is_proper_name(&w.name)
                        && (surname_of(&w.name) == surname || given_name(&w.name) == surname)
                }) {
                    if !self.named_again_since(&w.name, &surname, pos) {
                        return Some(w.clone());
                    }
                }
            }
            known = self
                .known_where(pos, |k| k.words >= 2 && k.surname == surname && fits(k))
                .or_else(|| {
                    // "Sir Keir" after "Sir Keir Starmer": a knight is named by his first name.
                    p.honorific
                        .then(|| {
                            self.known_where(pos, |k| {
                                k.words >= 2 && given_name(&k.name) == surname && fits(k)
                            })
                        })
                        .flatten()
                })
                .or_else(|| {
                    // "Zhao" after "Zhao Ming", "Khalid" after "Prince Khalid bin Saad": names
                    // that put the family name first, or none; only one fits.
                    let split = self.known.partition_point(|k| k.pos <= pos);
                    let mut fitting = self.known[..split]
                        .iter()
                        .filter(|k| k.words >= 2 && given_name(&k.name) == surname && fits(k));
                    let first = fitting.next()?;
                    fitting.all(|k| k.name == first.name).then_some(first)
                })
                .cloned();
            if let Some(k) = &known {
                shown = k.name.clone();
                person = k.person.or_else(|| self.person_by_name(&k.name, p.entity));
            } else {
                person = self.person_by_name(&text, p.entity).or(p.name_person);
                if let Some(q) = person {
                    shown = self.shown_name(q, pos);
                } else if !(p.honorific || p.title.is_some()) {
                    return None; // a lone capitalised word names no one we know
                }
            }
        }
        let entity = p
            .entity
            .or(person.map(|q| self.gaz.person(q).entity))
            .or(known.as_ref().and_then(|k| k.entity))
            .or_else(|| self.placed(p, pos));
        let title_key = (!p.title_key.is_empty())
            .then(|| p.title_key.clone())
            .or(known.as_ref().and_then(|k| k.title_key.clone()));
        let role = person
            .and_then(|q| {
                let mut keys = title_keys(p);
                keys.extend(title_key.clone());
                self.office(q, &keys)
            })
            .or(p.title.map(|t| printed(body, t)))
            .or(known.as_ref().and_then(|k| k.title_text.clone()));
        let gender = p
            .gender
            .or(known.as_ref().and_then(|k| k.gender))
            .or_else(|| person.and_then(|q| self.person_gender(q)))
            .or_else(|| {
                self.recent
                    .iter()
                    .rev()
                    .find(|w| w.name == shown)
                    .and_then(|w| w.gender)
            });
        Some(Who {
            name: without_honorific(&shown),
            role,
            entity,
            person,
            title_key,
            sort: Sort::Person,
            gender,
        })
    }

    /// The dateline's country for a government office printed with no country ("the Foreign
    /// Minister", "the ministry spokesman"); none for anyone else.
    fn placed(&self, p: &Phrase, pos: usize) -> Option<EntityId> {
        if p.media || p.abroad {
            return None;
        }
        let words: Vec<&str> = p.title_key.split(' ').collect();
        // "a Commission spokesperson", "Commissioner Magnus Brunner" after "the European
        // Union"; "Forum Secretary-General Baron Waqa" after "the Pacific Islands Forum".
        if let Some(e) = words
            .iter()
            .map(|w| {
                if *w == "commissioner" {
                    "commission"
                } else {
                    w
                }
            })
            .find_map(|w| self.organisation_body(w, pos).ok().flatten())
        {
            return Some(e);
        }
        // "ministry spokeswoman Lin Hua" after "China's Foreign Ministry said": that ministry.
        if words.contains(&"ministry") {
            if let Some((_, _, e, _)) = self.institutions.iter().rev().find(|i| i.0 == "ministry") {
                return Some(*e);
            }
        }
        let government = words.iter().any(|w| {
            matches!(
                *w,
                "minister" | "ministry" | "spokesman" | "spokeswoman" | "spokesperson"
            )
        });
        government
            .then_some(self.sentence_place.or(self.dateline))
            .flatten()
    }

    /// A bare title ("the German chancellor", "the prime minister") resolved to a person.
    fn by_title(
        &mut self,
        p: &Phrase,
        pos: usize,
        evidence: &mut dyn FnMut() -> Vec<EntityId>,
    ) -> Option<Who> {
        let owned = title_keys(p);
        let keys: Vec<&str> = owned.iter().map(String::as_str).collect();
        if keys.is_empty() {
            return None;
        }
        let fits = |r: &Resolver, title: Option<&str>, person: Option<PersonId>| {
            keys.iter().any(|k| title == Some(*k))
                || person.is_some_and(|q| {
                    r.gaz.person(q).offices.iter().any(|o| {
                        keys.iter().any(|k| o.answers_to(k)) && r.date.is_none_or(|d| o.covers(d))
                    })
                })
        };
        // A recent speaker fits a bare head ("the minister") with a longer title of theirs
        // ("foreign minister").
        let single =
            (!p.title_key.is_empty() && !p.title_key.contains(' ')).then_some(p.title_key.as_str());
        let fits_recent = |r: &Resolver, w: &Who| {
            fits(r, w.title_key.as_deref(), w.person)
                || single.is_some_and(|k| {
                    w.title_key
                        .as_deref()
                        .is_some_and(|t| t.ends_with(&format!(" {k}")) && t != "prime minister")
                })
        };
        if let Some(e) = p.entity {
            // "the Ukrainian leader": the latest speaker for Ukraine.
            let leader = p.title_key == "leader";
            // The article's own "British Prime Minister Keir Starmer", then the office holder.
            if let Some(w) = self.recent.iter().rev().take(RECENT).find(|w| {
                w.entity == Some(e)
                    && if leader {
                        self.leads(w)
                    } else {
                        fits_recent(self, w)
                    }
            }) {
                return Some(w.clone());
            }
            if let Some(k) = self
                .known_where(pos, |k| {
                    k.words >= 2
                        && k.entity == Some(e)
                        && fits(self, k.title_key.as_deref(), k.person)
                })
                .cloned()
            {
                return Some(self.known_who(&k, p));
            }
            let holder = self.unique_holder(Some(e), &keys, None)?;
            if !self.gender_fits(holder, p) {
                return None;
            }
            return Some(self.holder_who(holder, p, pos));
        }
        // No entity in the title: the latest fitting speaker, then the article's people, then
        // a holder whose country the sentence or paragraph names.
        if let Some(w) = self
            .recent
            .iter()
            .rev()
            .take(RECENT)
            .find(|w| fits_recent(self, w))
        {
            return Some(w.clone());
        }
        if let Some(k) = self
            .known_where(pos, |k| {
                k.words >= 2 && fits(self, k.title_key.as_deref(), k.person)
            })
            .cloned()
        {
            return Some(self.known_who(&k, p));
        }
        let around = evidence();
        let holder = self.unique_holder(None, &keys, Some(&around))?;
        self.gender_fits(holder, p)
            .then(|| self.holder_who(holder, p, pos))
    }

    /// Whether an office holder may be the one a title means: a feminine title ("die
    /// Außenministerin") means a holder known to be a woman, never one the data cannot tell.
    fn gender_fits(&self, q: PersonId, p: &Phrase) -> bool {
        p.gender != Some(Gender::Female) || self.person_gender(q) == Some(Gender::Female)
    }

    /// "The prince said" after "Saudi Foreign Minister Prince Faisal bin Farhan": the one
    /// person the article has named with that honorific, when only one fits.
    fn by_honorific(&self, p: &Phrase, pos: usize) -> Option<Who> {
        let word = p.title_key.as_str();
        lexicon::honorific(word)?;
        let split = self.known.partition_point(|k| k.pos <= pos);
        let mut fitting = self.known[..split]
            .iter()
            .filter(|k| k.words >= 2 && k.honorific.as_deref() == Some(word));
        let first = fitting.next()?;
        if !fitting.all(|k| k.name == first.name) {
            return None;
        }
        let mut w = self.known_who(first, p);
        w.role = first.title_text.clone();
        w.title_key = first.title_key.clone();
        Some(w)
    }

    /// Whether a speaker heads a state or government ("the Ukrainian leader").
    fn leads(&self, w: &Who) -> bool {
        const TOP: &[&str] = &[
            "chancellor",
            "premier",
            "president",
            "prime minister",
            "king",
            "queen",
        ];
        w.title_key.as_deref().is_some_and(|t| TOP.contains(&t))
            || w.person.is_some_and(|q| {
                self.gaz.person(q).offices.iter().any(|o| {
                    self.date.is_none_or(|d| o.covers(d)) && TOP.iter().any(|t| o.answers_to(t))
                })
            })
    }

    fn unique_holder(
        &self,
        entity: Option<EntityId>,
        keys: &[&str],
        among: Option<&[EntityId]>,
    ) -> Option<PersonId> {
        let mut found: Vec<PersonId> = Vec::new();
        for k in keys {
            for (q, _) in self.gaz.holders(entity, k, self.date) {
                let fits = among.is_none_or(|a| a.contains(&self.gaz.person(q).entity));
                if fits && !found.contains(&q) {
                    found.push(q);
                }
            }
            if !found.is_empty() {
                break;
            }
        }
        (found.len() == 1).then(|| found[0])
    }

    fn known_who(&self, k: &Known, p: &Phrase) -> Who {
        let person = k.person;
        Who {
            name: k.name.clone(),
            role: person
                .and_then(|q| self.office(q, &title_keys(p)))
                .or(k.title_text.clone()),
            entity: p.entity.or(k.entity),
            person,
            title_key: k.title_key.clone().or(Some(p.title_key.clone())),
            sort: Sort::Person,
            gender: k
                .gender
                .or(p.gender)
                .or_else(|| person.and_then(|q| self.person_gender(q))),
        }
    }

    fn holder_who(&self, q: PersonId, p: &Phrase, pos: usize) -> Who {
        let person = self.gaz.person(q);
        Who {
            name: self.shown_name(q, pos),
            role: self.office(q, &title_keys(p)),
            entity: p.entity.or(Some(person.entity)),
            person: Some(q),
            title_key: Some(p.title_key.clone()),
            sort: Sort::Person,
            gender: p.gender.or_else(|| self.person_gender(q)),
        }
    }

    /// The gender the first name of a person in the gazetteer tells, if any.
    fn person_gender(&self, q: PersonId) -> Option<Gender> {
        let name = &self.gaz.person(q).name;
        let first = name.split_whitespace().next()?;
        super::lexicon::gender_hint(&fold(first))
    }

    /// The person's name as the article prints it, else as the gazetteer has it.
    /// The fullest form the article prints, nearest before `pos` (else after it).
    fn shown_name(&self, q: PersonId, pos: usize) -> String {
        let split = self.known.partition_point(|k| k.pos <= pos);
        let fullest = |it: &mut dyn Iterator<Item = &Known>| {
            it.filter(|k| k.person == Some(q) && k.words >= 2)
                .fold(None::<&Known>, |best, k| match best {
                    Some(b)
                        if b.name.split_whitespace().count()
                            >= k.name.split_whitespace().count() =>
                    {
                        Some(b)
                    }
                    _ => Some(k),
                })
                .map(|k| k.name.clone())
        };
        fullest(&mut self.known[..split].iter().rev().take(KNOWN_REACH))
            .or_else(|| fullest(&mut self.known[split..].iter().take(KNOWN_REACH)))
            .unwrap_or_else(|| self.gaz.person(q).name.clone())
    }

    /// The office a person held on the article's date, preferring one that answers to one of
    /// `titles`.
    fn office(&self, q: PersonId, titles: &[String]) -> Option<String> {
        // A learned person's office is what other articles printed: the statement keeps the
        // title its own article prints, if any.
        if self.gaz.person(q).is_learned() {
            return None;
        }
        let offices = &self.gaz.person(q).offices;
        let current = |o: &&crate::entities::Office| self.date.is_none_or(|d| o.covers(d));
        offices
            .iter()
            .filter(current)
            .find(|o| titles.iter().any(|t| !t.is_empty() && o.answers_to(t)))
            .or_else(|| offices.iter().find(current))
            .map(|o| o.role.clone())
    }

    /// The person a printed name stands for, from the people table handed in (shipped,
    /// Wikidata and learned people; see `Gazetteer::person_for_name` for the rule of dates and
    /// sides). The article's own side, when it gives one, wins.
    fn person_by_name(&self, name: &str, entity: Option<EntityId>) -> Option<PersonId> {
        self.gaz.person_for_name(name, entity, self.date)
    }

    /// Whether, before `pos`, the article names someone else of that surname in full after
    /// its last full mention of `name`: "Labor Secretary Thomas Perez" after a first line that
    /// read "Understated Perez" as a name.
    fn named_again_since(&self, name: &str, surname: &str, pos: usize) -> bool {
        let split = self.known.partition_point(|k| k.pos <= pos);
        let before = &self.known[..split];
        let Some(own) = before.iter().rposition(|k| fold(&k.name) == fold(name)) else {
            return false;
        };
        before[own + 1..]
            .iter()
            .any(|k| k.words >= 2 && k.surname == surname && fold(&k.name) != fold(name))
    }

    /// The latest known name before `pos` that fits, else the first after it.
    fn known_where(&self, pos: usize, f: impl Fn(&Known) -> bool) -> Option<&Known> {
        let split = self.known.partition_point(|k| k.pos <= pos);
        self.known[..split]
            .iter()
            .rev()
            .take(KNOWN_REACH)
            .find(|k| f(k))
            .or_else(|| self.known[split..].iter().take(KNOWN_REACH).find(|k| f(k)))
    }
}
