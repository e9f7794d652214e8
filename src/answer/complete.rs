//! Autocomplete for entity options: names from the alias vocabulary that start like what the user
//! typed (or are a typo away), entities with statements first, at most 25, each within 100 chars,
//! labelled in the user's locale (the value sent back stays the English name).

use crate::entities::{AliasKind, EntityId, PersonSource};
use crate::index::Index;
use crate::locale::Locale;
use crate::text::{cut_at_word, fold};

pub const MAX_CHOICES: usize = 25;
pub const MAX_CHOICE_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Choice {
    /// What the user sees: "🇩🇪 Germany · 8 statements".
    pub name: String,
    /// What the command receives: the canonical name, which resolves exactly.
    pub value: String,
}

/// Choices for a partly typed name, labelled in English.
pub fn complete(index: &Index, partial: &str) -> Vec<Choice> {
    complete_in(index, partial, Locale::English)
}

/// Choices for a partly typed name, labelled in `l` ("🇩🇪 Deutschland · 8 Aussagen"); the value
/// stays the canonical name, which resolves exactly.
pub fn complete_in(index: &Index, partial: &str, l: Locale) -> Vec<Choice> {
    let folded = fold(partial);
    let key = crate::text::strip_article(&folded);
    let gazetteer = &index.gazetteer;
    // Per entity: the best tier it was found at (0 its name, 1 another of its names, 2 a typo),
    // and the other name that found it. One slot per entity, so a one-letter prefix that
    // matches thousands of names costs one pass over them.
    let mut best: Vec<(u8, Option<&crate::entities::Alias>)> =
        vec![(u8::MAX, None); gazetteer.entities().len()];
    let mut found: Vec<EntityId> = Vec::new();
    let mut add = |e: EntityId, via, tier: u8| {
        let slot = &mut best[e as usize];
        if slot.0 == u8::MAX {
            found.push(e);
        }
        if tier < slot.0 {
            *slot = (tier, via);
        }
    };
    if key.is_empty() {
        for &e in index.entities_by_volume().iter().take(MAX_CHOICES) {
            add(e, None, 0);
        }
    } else {
        for a in gazetteer.aliases_with_prefix(key) {
            let is_name = matches!(a.kind, AliasKind::Name);
            let via = (!is_name).then_some(a);
            add(a.entity, via, if is_name { 0 } else { 1 });
        }
        if let Some(r) = index.resolve(partial) {
            add(r.entity, None, 2);
        }
    }
    let rank = |e: EntityId| {
        let said = index.spoken_by(e).len();
        (said == 0, best[e as usize].0, std::cmp::Reverse(said))
    };
    let by_rank = |a: &EntityId, b: &EntityId| {
        rank(*a)
            .cmp(&rank(*b))
            .then_with(|| gazetteer.entity(*a).name.cmp(&gazetteer.entity(*b).name))
    };
    if found.len() > MAX_CHOICES {
        found.select_nth_unstable_by(MAX_CHOICES - 1, by_rank);
        found.truncate(MAX_CHOICES);
    }
    found.sort_unstable_by(by_rank);
    found
        .into_iter()
        .map(|e| {
            let entity = gazetteer.entity(e);
            let said = index.spoken_by(e).len();
            let shown = l.side_name(&entity.key, &entity.name);
            let mut name = format!("{} {shown}", entity.flag);
            if let Some(a) = best[e as usize].1 {
                // A person learned from the articles: who, in what office, how often seen.
                let person = a.person.map(|q| gazetteer.person(q));
                if let Some((p, PersonSource::Learned { articles, .. })) =
                    person.map(|p| (p, &p.source))
                {
                    let office = p.offices.first().map(|o| o.role.as_str()).unwrap_or("");
                    name.push_str(&l.phrase(
                        "choice_learned",
                        &[
                            ("name", &p.name),
                            ("office", office),
                            ("articles", &l.count("article", "articles", *articles)),
                        ],
                    ));
                } else if fold(&a.text) != fold(&entity.name) && fold(&a.text) != fold(&shown) {
                    name.push_str(&format!(" ({})", a.text));
                }
            }
            if said > 0 {
                name.push_str(&format!(" · {}", l.statements(said)));
            }
            Choice {
                name: cut_at_word(&name, MAX_CHOICE_CHARS),
                value: cut_at_word(&entity.name, MAX_CHOICE_CHARS),
            }
        })
        .collect()
}

/// Choices for a statement id (for `/retract`): ids that start with what was typed, else the
/// statements a quote search finds; each shown with its speaker and first words.
pub fn statements(index: &Index, partial: &str) -> Vec<Choice> {
    statements_in(index, partial, Locale::English)
}

/// Choices for a statement id, with the bot's own words of their labels in `l`.
pub fn statements_in(index: &Index, partial: &str, l: Locale) -> Vec<Choice> {
    let typed = partial.trim();
    let mut ids: Vec<crate::index::StatementId> = Vec::new();
    if typed.is_empty() {
        ids.extend(index.first_ids(MAX_CHOICES));
    } else {
        let lower = typed.to_ascii_lowercase();
        if let Some(id) = index.statement_by_key(&lower) {
            ids.push(id);
        }
        if lower.starts_with('s')
            && lower.len() >= 2
            && lower[1..].chars().all(|c| c.is_ascii_hexdigit())
        {
            for (i, s) in index.statements() {
                if ids.len() >= MAX_CHOICES {
                    break;
                }
                if s.id.starts_with(&lower) && !ids.contains(&i) {
                    ids.push(i);
                }
            }
        }
        if ids.len() < MAX_CHOICES {
            let reply = crate::answer::answer(
                index,
                &crate::answer::query::Question::WhoSaid {
                    phrase: typed.to_string(),
                },
                0,
                typed,
            );
            for v in reply.statements {
                if let Some(id) = index.statement_by_key(v.id) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
    }
    // A statement printed more than once: the statement in every printing, then each printing
    // (a retraction takes out only the printing it names).
    let mut choices = Vec::new();
    let mut listed = Vec::new();
    for id in ids {
        let s = index.statement(id);
        let printings = index.printings(id);
        if listed.contains(&printings[0]) {
            continue;
        }
        listed.push(printings[0]);
        if printings.len() > 1 {
            choices.push(Choice {
                name: cut_at_word(
                    &format!(
                        "{} · {}: {}",
                        l.phrase(
                            "choice_every_printing",
                            &[("n", &printings.len().to_string())]
                        ),
                        s.speaker.name,
                        s.text
                    ),
                    MAX_CHOICE_CHARS,
                ),
                value: format!("{EVERY_PRINTING}{}", s.id),
            });
        }
        for p in printings {
            let s = index.statement(p);
            let outlet = index.source_of(p);
            let outlet = outlet.publisher.as_deref().unwrap_or(&outlet.title);
            let name = if index.printings(p).len() > 1 {
                format!("{} · {outlet} · {}: {}", s.id, s.speaker.name, s.text)
            } else {
                format!("{} · {}: {}", s.id, s.speaker.name, s.text)
            };
            choices.push(Choice {
                name: cut_at_word(&name, MAX_CHOICE_CHARS),
                value: s.id.to_string(),
            });
        }
    }
    choices.truncate(MAX_CHOICES);
    choices
}

/// What a retract choice's value starts with when it stands for a statement in every printing.
pub const EVERY_PRINTING: &str = "every:";

/// The ids a retraction of `value` takes out: the statement of that id, or, for a value that
/// names a statement in every printing (`every:ID`), each of its printings in force.
pub fn retraction_ids(index: &Index, value: &str) -> Vec<String> {
    let value = value.trim();
    match value.strip_prefix(EVERY_PRINTING) {
        Some(id) => match index.statement_by_key(id) {
            Some(s) => index
                .printings(s)
                .into_iter()
                .map(|p| index.statement(p).id.to_string())
                .collect(),
            None => vec![id.to_string()],
        },
        None => vec![value.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_labelled_in_the_locale_and_keeps_the_name_that_resolves() {
        let gazetteer = crate::entities::Gazetteer::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        )
        .expect("gazetteer");
        let index = Index::build(gazetteer, crate::store::Store::default());
        let german = complete_in(&index, "germany", Locale::German);
        let germany = german
            .iter()
            .find(|c| c.value == "Germany")
            .expect("Germany is offered");
        assert_eq!(germany.name, "🇩🇪 Deutschland");
        let english = complete(&index, "germany");
        assert!(
            english.iter().any(|c| c.name == "🇩🇪 Germany"),
            "{english:?}"
        );
    }
}
