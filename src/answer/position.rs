//! `/position WHO [TOPIC]`: a side's statements, best first, those on the topic first; a side
//! that said nothing is shown where it is mentioned.

use super::reply::{page_count, Command, NoteValues, Outcome, Reply, PAGE_SIZE};
use super::{
    entity_ref, in_language, in_words, page_by_printings, plural, resolve_side, shorten,
    subset_in_language, topic_first_page, topic_terms, view,
};
use crate::index::{Index, StatementId};

pub(super) fn answer<'a>(
    index: &'a Index,
    who: &str,
    topic: Option<&str>,
    language: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply<'a> {
    let (e, asked_person) = match resolve_side(index, Command::Position, who, raw) {
        Ok(side) => side,
        Err(reply) => return *reply,
    };
    let mut r = Reply::new(Command::Position, Outcome::Found, raw);
    r.entity = Some(entity_ref(index, e));
    r.topic = topic.map(str::to_string);
    let all = index.spoken_by(e);
    let spoken = in_language(index, all, language);
    let name = &index.gazetteer.entity(e).name;
    let lang = in_words(language);
    if spoken.is_empty() && !all.is_empty() {
        r.outcome = Outcome::Silent;
        r.note_values = Some(NoteValues::OtherLanguages { count: all.len() });
        r.note = Some(format!(
            "{name} has no statements{lang} in the store; it has {} in other languages.",
            all.len()
        ));
        return r;
    }
    // Asked by a person's name (`asked_person`): say who that is, not only which side.
    if spoken.is_empty() {
        r.note_values = asked_person.map(|p| person_values(index, p));
        let person = asked_person.map(|p| {
            index
                .gazetteer
                .learned_label(p)
                .unwrap_or_else(|| format!("{} ({name})", index.gazetteer.person(p).name))
        });
        let mentioned = in_language(index, index.mentioning(e), language);
        r.total = mentioned.len();
        r.pages = page_count(mentioned.len(), PAGE_SIZE);
        r.page = page.min(r.pages - 1);
        if mentioned.is_empty() {
            r.outcome = Outcome::Silent;
            r.note = Some(match &person {
                Some(who) => format!("{who} has no statements in the store."),
                None => format!(
                    "{name} has no statements in the store and is not mentioned in any{lang}."
                ),
            });
        } else {
            r.outcome = Outcome::MentionedOnly;
            let n = mentioned.len();
            r.note = Some(match &person {
                Some(who) => format!(
                    "{who} has no statements in the store. {name} is mentioned in {n} statement{}{lang}:",
                    plural(n)
                ),
                None => format!(
                    "{name} has no statements of its own in the store. It is mentioned in {n} statement{}{lang}:",
                    plural(n)
                ),
            });
            r.mentioned_in = mentioned
                .iter()
                .skip(r.page * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|&s| view(index, s))
                .collect();
        }
        return r;
    }
    r.total = spoken.len();
    r.pages = page_count(spoken.len(), PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    let ids: Vec<StatementId> = match topic {
        Some(t) => {
            let stems = topic_terms(index, t);
            let on_topic =
                subset_in_language(index, all, index.on_topic_within(e, &stems), language);
            let matched = on_topic.len();
            let ids = topic_first_page(index, &spoken, &on_topic, r.page, PAGE_SIZE);
            r.topic_matches = Some(matched);
            r.note = Some(if matched == 0 {
                format!(
                    "{name} said nothing{lang} about “{}” in the stored articles. Its other statements:",
                    shorten(t, 100)
                )
            } else {
                format!(
                    "{matched} of {name}'s {} statement{}{lang} concern{} “{}”; they come first.",
                    spoken.len(),
                    plural(spoken.len()),
                    if matched == 1 { "s" } else { "" },
                    shorten(t, 100)
                )
            });
            ids
        }
        None => page_by_printings(index, &spoken, r.page * PAGE_SIZE, PAGE_SIZE),
    };
    r.statements = ids.into_iter().map(|s| view(index, s)).collect();
    if r.note.is_none() {
        // Asked by the name of a person learned from the articles: say who that is.
        r.note = asked_person.and_then(|p| index.gazetteer.learned_label(p));
        if r.note.is_some() {
            r.note_values = asked_person.map(|p| person_values(index, p));
        }
    }
    r
}

/// What a note says of the person a side was asked for by: the name, and for a person learned
/// from the articles, the office and in how many articles it was seen.
fn person_values(index: &Index, p: crate::entities::PersonId) -> NoteValues {
    let person = index.gazetteer.person(p);
    let learned = match &person.source {
        crate::entities::PersonSource::Learned { articles, .. } => Some((
            person
                .offices
                .first()
                .map(|o| o.role.clone())
                .unwrap_or_default(),
            *articles,
        )),
        _ => None,
    };
    NoteValues::Person {
        name: person.name.clone(),
        learned,
    }
}
