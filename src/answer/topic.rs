//! `/topic WORD`: every side that spoke on a topic, its best statement each, then the speakers
//! for no side.

use super::reply::{page_count, Command, Group, NoteValues, Outcome, Reply};
use super::{
    entity_ref, plural, shorten, topic_terms, view, GROUP_PAGE_SIZE, SAME_DATE_REACH,
    TOPIC_SIDES_PER_PAGE,
};
use crate::entities::EntityId;
use crate::index::{Index, StatementId, TopicCounts};

pub(super) fn answer<'a>(
    index: &'a Index,
    word: &str,
    language: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply<'a> {
    let mut r = Reply::new(Command::Topic, Outcome::Found, raw);
    r.topic = Some(word.to_string());
    let stems = topic_terms(index, word);
    let mut counts = index.on_topic_by_entity(&stems);
    // By relevance: the side whose best statement on the topic ranks higher comes first, however
    // many statements it has (one statement is often the side that disagrees).
    let printed_in =
        |s: StatementId| language.is_none_or(|code| &*index.source_of(s).language == code);
    let mut groups: Vec<(EntityId, usize, StatementId)> = match language {
        None => std::mem::take(&mut counts.entities),
        // In one language: each side's statements on the topic counted again, in it only.
        Some(_) => counts
            .entities
            .iter()
            .filter_map(|&(e, _, _)| {
                let spoken = index.spoken_by(e);
                let mut kept = counts
                    .positions(e)
                    .map(|p| spoken[p])
                    .filter(|&s| printed_in(s));
                let first = kept.next()?;
                Some((e, 1 + kept.count(), first))
            })
            .collect(),
    };
    // The speakers for no side, counted like a side: how many, and the first few.
    let sideless = index.sideless();
    let mut others_on_topic = counts
        .positions(index.others())
        .map(|p| sideless[p])
        .filter(|&s| printed_in(s));
    let others: Vec<StatementId> = others_on_topic.by_ref().take(GROUP_PAGE_SIZE).collect();
    let others_total = match language {
        None => counts.others,
        Some(_) => others.len() + others_on_topic.count(),
    };
    let sides_total: usize = groups.iter().map(|g| g.1).sum();
    r.total = sides_total + others_total;
    r.pages = page_count(groups.len(), TOPIC_SIDES_PER_PAGE);
    r.page = page.min(r.pages - 1);
    // Only the sides up to the page's are put in order (their first statements are distinct, so
    // the order is the same as a full sort's).
    let ordered = ((r.page + 1) * TOPIC_SIDES_PER_PAGE).min(groups.len());
    if ordered < groups.len() {
        groups.select_nth_unstable_by_key(ordered, |g| g.2);
    }
    groups[..ordered].sort_unstable_by_key(|g| g.2);
    let shown: Vec<(EntityId, usize, Vec<StatementId>)> = groups
        .iter()
        .skip(r.page * TOPIC_SIDES_PER_PAGE)
        .take(TOPIC_SIDES_PER_PAGE)
        .map(|&(e, n, best)| {
            let best = most_printed(index, &counts, e, n, best, &printed_in);
            (e, n, vec![best])
        })
        .collect();
    let mut all: Vec<StatementId> = shown.iter().flat_map(|g| g.2.iter().copied()).collect();
    let last_page = r.page + 1 == r.pages;
    let others_shown: Vec<StatementId> = if last_page {
        others.iter().take(GROUP_PAGE_SIZE).copied().collect()
    } else {
        Vec::new()
    };
    all.extend(&others_shown);
    index.warm(&all);
    r.groups.reserve_exact(shown.len() + 1);
    for (e, n, ids) in shown {
        r.groups.push(Group {
            entity: entity_ref(index, e),
            total: n,
            statements: ids.into_iter().map(|id| view(index, id)).collect(),
        });
    }
    if !others_shown.is_empty() {
        r.groups.push(Group {
            entity: crate::answer::others::others_ref(),
            total: others_total,
            statements: others_shown.into_iter().map(|id| view(index, id)).collect(),
        });
    }
    let about = shorten(word, 100);
    r.note_values = Some(NoteValues::OnTopic {
        sides: groups.len(),
        others: others_total,
    });
    if r.total == 0 {
        r.outcome = Outcome::NotFound;
        r.note = Some(format!(
            "No stored statement{} is about “{about}”.",
            super::in_words(language)
        ));
    } else {
        let mut note = format!(
            "{} statement{}{} about “{about}”",
            r.total,
            plural(r.total),
            super::in_words(language)
        );
        match (groups.len(), others_total) {
            (0, _) => note.push_str(", none of them by a speaker for a country or organisation"),
            (g, 0) => note.push_str(&format!(" from {g} side{}", plural(g))),
            (g, o) => note.push_str(&format!(
                ": {sides_total} from {g} side{} and {o} from others (analysts, opposition, media)",
                plural(g)
            )),
        }
        note.push('.');
        if !groups.is_empty() {
            note.push_str(" Each side's best statement; /position SIDE TOPIC for the rest.");
        }
        r.note = Some(note);
    }
    r
}

/// A side's best statement on the topic (of the `n` that `printed_in` keeps): its first, or among
/// the statements on the topic of the first one's date (ranked alike) the one more outlets
/// printed. A side with one statement on the topic, or none other of that date, reads no more.
fn most_printed(
    index: &Index,
    counts: &TopicCounts,
    e: EntityId,
    n: usize,
    first: StatementId,
    printed_in: &dyn Fn(StatementId) -> bool,
) -> StatementId {
    if n < 2 {
        return first;
    }
    let spoken = index.spoken_by(e);
    let day = index.date_key(first);
    let mut same_day = counts
        .positions(e)
        .take(SAME_DATE_REACH)
        .map(|p| spoken[p])
        .filter(|&id| printed_in(id))
        .skip(1)
        .take_while(|&id| index.date_key(id) == day)
        .peekable();
    if same_day.peek().is_none() {
        return first;
    }
    let mut best = (index.printing_count(first), first);
    for id in same_day {
        let printed = index.printing_count(id);
        if printed > best.0 {
            best = (printed, id);
        }
    }
    best.1
}
