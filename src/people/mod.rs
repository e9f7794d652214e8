//! Who speaks for whom, as the bot learns it: people introduced with an office and a side in
//! the stored articles (`learn`, derived from the store and rebuilt from it, never edited), and
//! people read from Wikidata's dated terms (`wikidata`). Pure: values in, values out.

pub mod wikidata;

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::entities::{Gazetteer, LearnedPeople, OfficeRecord, PersonRecord, PersonSource};
use crate::model::{Article, Statement};
use crate::text::{fold, starts_upper};

/// How far from the articles that introduced a person a bare mention still takes their side,
/// in days, before the first and after the last.
pub const RECENT_DAYS: i64 = 365;

/// A person as the articles introduce them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LearnedPerson {
    /// The name as printed (its fullest and most frequent form).
    pub name: String,
    /// Short forms a later article may name them by ("Tsahkna").
    pub short: Vec<String>,
    /// The side's key ("EE").
    pub side: String,
    /// The office as printed, the most frequent (the latest of equals).
    pub office: String,
    /// Publication dates of the first and last article (YYYY-MM-DD), when the articles have one.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// The articles that introduce them, by id, in store order.
    pub articles: Vec<String>,
}

/// A name the articles give two sides or more: never guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameConflict {
    pub name: String,
    pub evidence: Vec<LearnedPerson>,
}

/// What the store teaches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Learned {
    pub people: Vec<LearnedPerson>,
    pub conflicts: Vec<NameConflict>,
}

/// One introduction: a statement whose article named its speaker in full with an office and a
/// side.
struct Evidence<'a> {
    name: &'a str,
    side: &'a str,
    office: &'a str,
    article: &'a str,
    date: Option<&'a str>,
}

/// The people the stored statements introduce. A statement is evidence when its speaker has a
/// name of two words or more written as a name, an office (`role`) and a side, and that office
/// is not one the shipped or Wikidata table gave them (the extractor writes the table's office
/// for a person it knows, and leaves a learned person's statement without one, so the table
/// never teaches itself). Pass the statements in force: a retracted one teaches nothing.
pub fn learn<'a>(
    gazetteer: &Gazetteer,
    articles: &'a [Article],
    statements: impl IntoIterator<Item = &'a Statement>,
) -> Learned {
    let dates: HashMap<&str, Option<&str>> = articles
        .iter()
        .map(|a| (a.id.as_str(), a.published.as_deref()))
        .collect();
    let mut by_name: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
    for s in statements {
        let Some((name, side, office)) = introduction(gazetteer, s) else {
            continue;
        };
        by_name.entry(fold(name)).or_default().push(Evidence {
            name,
            side,
            office,
            article: &s.article,
            date: dates.get(s.article.as_str()).copied().flatten(),
        });
    }
    let mut out = Learned::default();
    for evidence in by_name.values() {
        let mut sides: Vec<&str> = evidence.iter().map(|e| e.side).collect();
        sides.sort_unstable();
        sides.dedup();
        let people: Vec<LearnedPerson> = sides
            .iter()
            .map(|side| person(evidence.iter().filter(|e| e.side == *side)))
            .collect();
        if people.len() == 1 {
            out.people.extend(people);
        } else {
            out.conflicts.push(NameConflict {
                name: people[0].name.clone(),
                evidence: people,
            });
        }
    }
    out
}

/// What statement `s` teaches, when it is evidence (see `learn`): its speaker's name, side and
/// office.
fn introduction<'a>(
    gazetteer: &Gazetteer,
    s: &'a Statement,
) -> Option<(&'a str, &'a str, &'a str)> {
    let (side, office) = (s.entity.as_deref()?, s.speaker.role.as_deref()?);
    let name = s.speaker.name.trim();
    if !looks_like_full_name(name) || office.trim().is_empty() || office.len() > 80 {
        return None;
    }
    let given = gazetteer.people_named(name).iter().any(|&q| {
        let p = gazetteer.person(q);
        !p.is_learned() && p.offices.iter().any(|o| fold(&o.role) == fold(office))
    });
    (!given).then_some((name, side, office.trim()))
}

/// Whether statement `s` is evidence of who someone is (`learn` would count it): adding,
/// retracting or restoring it may change the people learned.
pub fn teaches(gazetteer: &Gazetteer, s: &Statement) -> bool {
    introduction(gazetteer, s).is_some()
}

fn person<'a>(evidence: impl Iterator<Item = &'a Evidence<'a>>) -> LearnedPerson {
    let evidence: Vec<&Evidence> = evidence.collect();
    let most = |get: &dyn Fn(&Evidence<'a>) -> &'a str| {
        let mut counts: Vec<(&str, usize, usize)> = Vec::new();
        for (i, e) in evidence.iter().enumerate() {
            let v = get(e);
            match counts.iter_mut().find(|c| c.0 == v) {
                Some(c) => {
                    c.1 += 1;
                    c.2 = i;
                }
                None => counts.push((v, 1, i)),
            }
        }
        counts
            .iter()
            .max_by_key(|c| (c.1, c.2))
            .map(|c| c.0.to_string())
            .unwrap_or_default()
    };
    let name = most(&|e| e.name);
    let mut articles: Vec<String> = Vec::new();
    for e in &evidence {
        if !articles.iter().any(|a| a == e.article) {
            articles.push(e.article.to_string());
        }
    }
    let dates = evidence.iter().filter_map(|e| e.date);
    LearnedPerson {
        short: short_forms(&name),
        side: evidence[0].side.to_string(),
        office: most(&|e| e.office),
        first_seen: dates.clone().min().map(str::to_string),
        last_seen: dates.max().map(str::to_string),
        articles,
        name,
    }
}

/// Two words or more, each opening with a capital (or a particle: "Ursula von der Leyen"), no
/// digits: a person's name, not "Foreign Ministry" nor "officials".
fn looks_like_full_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let body = fold(name).split(' ').any(|w| NOT_IN_NAMES.contains(&w));
    !body
        && words.len() >= 2
        && words.len() <= 6
        && !name.chars().any(|c| c.is_ascii_digit())
        && words.first().is_some_and(|w| starts_upper(w))
        && words.last().is_some_and(|w| starts_upper(w))
        && words.iter().all(|w| {
            starts_upper(w)
                || matches!(
                    *w,
                    "von" | "der" | "van" | "de" | "da" | "bin" | "al" | "el" | "le" | "la" | "del"
                )
        })
}

/// Words that make a capitalised phrase a body, a place or a title rather than a person's name
/// ("Foreign Ministry", "White House", "Prime Minister").
const NOT_IN_NAMES: &[&str] = &[
    "administration",
    "agency",
    "army",
    "assembly",
    "authority",
    "bank",
    "cabinet",
    "chancellery",
    "command",
    "commission",
    "committee",
    "council",
    "court",
    "department",
    "embassy",
    "forces",
    "foreign",
    "government",
    "house",
    "institute",
    "kremlin",
    "minister",
    "ministry",
    "news",
    "office",
    "parliament",
    "party",
    "police",
    "post",
    "president",
    "presidency",
    "press",
    "secretariat",
    "senate",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "times",
    "union",
    "university",
];

/// The forms a later article may name a person by: the surname (without "Jr." and the like),
/// when it is three letters or more.
pub fn short_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut rest = words.as_slice();
    while let [head @ .., last] = rest {
        let f = fold(last);
        if matches!(f.trim_end_matches('.'), "jr" | "sr" | "ii" | "iii" | "iv") {
            rest = head;
        } else {
            break;
        }
    }
    match rest {
        [_, .., last] if last.trim_end_matches(',').chars().count() >= 3 => {
            vec![last.trim_end_matches(',').to_string()]
        }
        _ => Vec::new(),
    }
}

/// A date moved by `days`, for the window of a learned person's evidence.
fn shifted(date: &str, days: i64) -> Option<String> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some((d + Duration::days(days)).format("%Y-%m-%d").to_string())
}

/// The learned people as the gazetteer takes them: one record a person, whose one "office" is
/// the window in which a bare mention takes their side: from `RECENT_DAYS` before their first
/// article to `RECENT_DAYS` after their last (no window when their articles have no date).
pub fn for_gazetteer(learned: &Learned) -> LearnedPeople {
    let people = learned
        .people
        .iter()
        .map(|p| {
            let record = PersonRecord {
                name: p.name.clone(),
                aliases: p.short.clone(),
                entity: p.side.clone(),
                offices: vec![OfficeRecord {
                    role: p.office.clone(),
                    titles: Vec::new(),
                    from: p
                        .first_seen
                        .as_deref()
                        .and_then(|d| shifted(d, -RECENT_DAYS)),
                    to: p
                        .last_seen
                        .as_deref()
                        .and_then(|d| shifted(d, RECENT_DAYS + 1)),
                    shared: false,
                }],
                note: None,
                checked: None,
                source: None,
                wikidata: None,
            };
            let source = PersonSource::Learned {
                articles: p.articles.len(),
                first_seen: p.first_seen.clone(),
                last_seen: p.last_seen.clone(),
            };
            (record, source)
        })
        .collect();
    let mut conflicts = Vec::new();
    for c in &learned.conflicts {
        let sides: Vec<String> = c.evidence.iter().map(|e| e.side.clone()).collect();
        for name in std::iter::once(c.name.clone()).chain(short_forms(&c.name)) {
            conflicts.push((name, sides.clone()));
        }
    }
    LearnedPeople { people, conflicts }
}

/// The gazetteer with what the store teaches merged in.
pub fn with_learned<'a>(
    gazetteer: &Gazetteer,
    articles: &'a [Article],
    statements: impl IntoIterator<Item = &'a Statement>,
) -> Gazetteer {
    let learned = learn(gazetteer, articles, statements);
    // Nothing to learn and nothing learned before (which must be forgotten): the same gazetteer.
    if learned.people.is_empty() && learned.conflicts.is_empty() && !gazetteer.has_learned() {
        return gazetteer.clone();
    }
    gazetteer.with_learned(&for_gazetteer(&learned))
}

/// How a learned person is shown: "Margus Tsahkna (Estonia, Foreign Minister, seen in 4
/// articles)".
pub fn label(gazetteer: &Gazetteer, p: &LearnedPerson) -> String {
    let side = gazetteer
        .by_key(&p.side)
        .map(|e| gazetteer.entity(e).name.clone())
        .unwrap_or_else(|| p.side.clone());
    let n = p.articles.len();
    format!(
        "{} ({side}, {}, seen in {n} article{})",
        p.name,
        p.office,
        if n == 1 { "" } else { "s" }
    )
}

/// What `positions check` says about people: names the articles give two sides, and learned
/// people a stronger source places elsewhere or in another office. One sentence each.
pub fn warnings(gazetteer: &Gazetteer, learned: &Learned) -> Vec<String> {
    let mut out = Vec::new();
    for c in &learned.conflicts {
        let parts: Vec<String> = c
            .evidence
            .iter()
            .map(|e| {
                format!(
                    "{} as {} in {}",
                    side_name(gazetteer, &e.side),
                    e.office,
                    e.articles.join(", ")
                )
            })
            .collect();
        out.push(format!(
            "{}: the articles give two sides ({}); a bare mention gets no side",
            c.name,
            parts.join("; ")
        ));
    }
    for p in &learned.people {
        for &q in gazetteer.people_named(&p.name) {
            let table = gazetteer.person(q);
            if table.is_learned() || fold(&table.name) != fold(&p.name) {
                continue;
            }
            let source = table.source.label();
            let side = &gazetteer.entity(table.entity).key;
            if side != &p.side {
                out.push(format!(
                    "{}: {source} says {}, the articles {} ({})",
                    p.name,
                    side_name(gazetteer, side),
                    side_name(gazetteer, &p.side),
                    p.articles.join(", ")
                ));
            } else if !table
                .offices
                .iter()
                .any(|o| offices_agree(&o.role, &o.titles, &p.office))
            {
                let roles: Vec<&str> = table.offices.iter().map(|o| o.role.as_str()).collect();
                out.push(format!(
                    "{}: {source} lists {}, the articles call them {} ({})",
                    p.name,
                    roles.join(", "),
                    p.office,
                    p.articles.join(", ")
                ));
            }
        }
    }
    out
}

/// Whether a printed office ("Estonian Foreign Minister") is the table's one ("Minister of
/// Foreign Affairs", titles "foreign minister"): one's words hold the other's key words.
fn offices_agree(role: &str, titles: &[String], printed: &str) -> bool {
    let printed = fold(printed);
    let role = fold(role);
    let words = |s: &str| -> Vec<String> {
        s.split(' ')
            .filter(|w| w.len() > 2 && !matches!(*w, "the" | "and" | "for"))
            .map(str::to_string)
            .collect()
    };
    titles.iter().any(|t| printed.contains(t.as_str()))
        || printed.contains(&role)
        || role.contains(&printed)
        || {
            let p = words(&printed);
            let r = words(&role);
            !p.is_empty() && p.iter().filter(|w| r.contains(w)).count() * 2 >= p.len()
        }
}

fn side_name(gazetteer: &Gazetteer, key: &str) -> String {
    gazetteer
        .by_key(key)
        .map(|e| gazetteer.entity(e).name.clone())
        .unwrap_or_else(|| key.to_string())
}

#[cfg(test)]
mod tests;
