//! `/compare FIRST SECOND [TOPIC]`: two sides' statements next to each other, a page of each.

use super::reply::{page_count, Command, Group, Outcome, Reply};
use super::{
    entity_ref, in_language, in_words, not_found, page_by_printings, subset_in_language,
    topic_first_page, topic_terms, view, GROUP_PAGE_SIZE,
};
use crate::index::Index;

pub(super) fn answer<'a>(
    index: &'a Index,
    first: &str,
    second: &str,
    topic: Option<&str>,
    language: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply<'a> {
    let a = index.resolve(first);
    let b = index.resolve(second);
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a.entity, b.entity),
        (None, _) => return not_found(index, Command::Compare, first, raw),
        (_, None) => return not_found(index, Command::Compare, second, raw),
    };
    let mut r = Reply::new(Command::Compare, Outcome::Found, raw);
    r.entity = Some(entity_ref(index, a));
    r.other = Some(entity_ref(index, b));
    r.topic = topic.map(str::to_string);
    let stems = topic.map(|t| topic_terms(index, t));
    let spoken_a = in_language(index, index.spoken_by(a), language);
    let spoken_b = in_language(index, index.spoken_by(b), language);
    let most = spoken_a.len().max(spoken_b.len());
    r.pages = page_count(most, GROUP_PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    let mut matched_total = 0;
    for (e, spoken) in [(a, &spoken_a), (b, &spoken_b)] {
        let ids = match &stems {
            Some(stems) => {
                let all = index.spoken_by(e);
                let on_topic =
                    subset_in_language(index, all, index.on_topic_within(e, stems), language);
                matched_total += on_topic.len();
                topic_first_page(index, spoken, &on_topic, r.page, GROUP_PAGE_SIZE)
            }
            None => page_by_printings(index, spoken, r.page * GROUP_PAGE_SIZE, GROUP_PAGE_SIZE),
        };
        r.total += spoken.len();
        r.groups.push(Group {
            entity: entity_ref(index, e),
            total: spoken.len(),
            statements: ids.into_iter().map(|s| view(index, s)).collect(),
        });
    }
    if stems.is_some() {
        r.topic_matches = Some(matched_total);
    }
    if r.total == 0 {
        r.outcome = Outcome::Silent;
        r.note = Some(format!(
            "Neither {} nor {} has statements{} in the store.",
            index.gazetteer.entity(a).name,
            index.gazetteer.entity(b).name,
            in_words(language)
        ));
    } else if a == b {
        r.note = Some("Both names mean the same entity.".to_string());
    }
    r
}
