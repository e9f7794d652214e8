//! Answers a `Question` from the `Index` as a `Reply`: the business rules of every command
//! (ranking, topic filtering, what to say when nothing matched) live here and nowhere else:
//! the dispatcher and what the commands share here, one file per command beside it.

pub mod chart;
pub mod commands;
mod compare;
pub mod complete;
pub mod help;
pub mod office;
pub mod others;
mod position;
pub mod query;
pub mod reply;
pub mod source;
mod sources;
pub mod timeline;
mod topic;
mod whosaid;
pub use crate::wording;

pub use help::HELP;

use std::borrow::Cow;
use std::sync::Arc;

use crate::answer::reply::{Command, EntityRef, NoteValues, Outcome, Reply, StatementView};
use crate::entities::{EntityId, PersonId};
use crate::index::{Index, SpokenSubset, StatementId, TopicTerms};
use crate::model::SourceRef;
use crate::text::query_terms;
use query::Question;

/// Statements per entity on one page of a comparison or topic.
pub const GROUP_PAGE_SIZE: usize = 3;
/// Sides per page of a topic, one statement each: every side on the first page, as a rule.
pub const TOPIC_SIDES_PER_PAGE: usize = 20;
/// Articles per page of `sources`.
pub const SOURCES_PAGE_SIZE: usize = 10;
/// Reads and answers what a user typed, at a page (0-based); a language asked in it
/// ("language:fr", "… in French") restricts the statements to those printed in it.
pub fn ask<'a>(index: &'a Index, input: &str, page: usize) -> Reply<'a> {
    ask_in(index, input, None, page)
}

/// Reads and answers what a user typed, with its statements in `language` when it is given
/// (it wins over a language asked in the text).
pub fn ask_in<'a>(index: &'a Index, input: &str, language: Option<&str>, page: usize) -> Reply<'a> {
    let (text, asked) = query::split_language(input);
    let question = query::read(&text, index);
    answer_in(index, &question, language.or(asked.as_deref()), page, input)
}

/// Answers a question that has been read already (a slash command's options).
pub fn answer<'a>(index: &'a Index, question: &Question, page: usize, raw: &str) -> Reply<'a> {
    answer_in(index, question, None, page, raw)
}

/// Answers a question with only the statements printed in `language` (a code or a name: "fr",
/// "French", "français"), or all of them when it is none; a language the bot does not read is
/// answered with the ones it reads.
pub fn answer_in<'a>(
    index: &'a Index,
    question: &Question,
    language: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply<'a> {
    let only = match language.map(str::trim).filter(|l| !l.is_empty()) {
        None => None,
        Some(asked) => match crate::language::asked(asked) {
            Some(code) => Some(code),
            None => return unknown_language(asked, raw),
        },
    };
    let mut r = match question {
        Question::Position { who, topic } => {
            position::answer(index, who, topic.as_deref(), only, page, raw)
        }
        Question::Compare {
            first,
            second,
            topic,
        } => compare::answer(index, first, second, topic.as_deref(), only, page, raw),
        Question::WhoSaid { phrase } => whosaid::answer(index, phrase, only, page, raw),
        Question::Topic { word } => topic::answer(index, word, only, page, raw),
        Question::Sources => sources::answer(index, only, page, raw),
        Question::Source { text } => return source::answer(index, text, raw),
        Question::Timeline { who, topic } => {
            timeline::answer(index, who, topic.as_deref(), only, page, raw)
        }
        Question::Help => return help::answer(raw),
        Question::Unclear { text } => return unclear(text, raw),
    };
    r.language = only;
    r
}

/// The reply to a language the bot does not read.
fn unknown_language(asked: &str, raw: &str) -> Reply<'static> {
    let mut r = Reply::new(Command::Help, Outcome::Unclear, raw);
    let known: Vec<String> = crate::language::codes()
        .iter()
        .map(|c| format!("{} ({c})", crate::language::display_name(c)))
        .collect();
    r.note_values = Some(NoteValues::UnknownLanguage {
        asked: shorten(asked, 40),
    });
    r.note = Some(format!(
        "“{}” is not a language the statements are read in. Ask for one of {}.",
        shorten(asked, 40),
        or_list(&known)
    ));
    r
}

/// " in French" after a count, when the statements were asked in one language.
pub(super) fn in_words(language: Option<&str>) -> String {
    language.map_or_else(String::new, |code| {
        format!(" in {}", crate::language::display_name(code))
    })
}

/// The statements of `list` printed in `language`, in their order (all of them when none).
pub(super) fn in_language<'a>(
    index: &Index,
    list: &'a [StatementId],
    language: Option<&str>,
) -> Cow<'a, [StatementId]> {
    match language {
        None => Cow::Borrowed(list),
        Some(code) => Cow::Owned(
            list.iter()
                .copied()
                .filter(|&s| &*index.source_of(s).language == code)
                .collect(),
        ),
    }
}

/// Of the positions of `list` in `subset`, those of statements printed in `language`,
/// numbered as `in_language` numbers them.
pub(super) fn subset_in_language(
    index: &Index,
    list: &[StatementId],
    subset: SpokenSubset,
    language: Option<&str>,
) -> SpokenSubset {
    let Some(code) = language else {
        return subset;
    };
    SpokenSubset::from_flags(
        list.iter()
            .enumerate()
            .filter(|&(_, &s)| &*index.source_of(s).language == code)
            .map(|(i, _)| subset.contains(i)),
    )
}

/// The reply to a question that could not be read.
fn unclear(text: &str, raw: &str) -> Reply<'static> {
    let mut r = Reply::new(Command::Help, Outcome::Unclear, raw);
    r.note_values = Some(NoteValues::Unclear {
        text: shorten(text, 100),
    });
    r.note = Some(if text.trim().is_empty() {
        "Ask about a country or organisation, for example: what did Germany say about troops?"
            .to_string()
    } else {
        format!(
            "I could not find a country, organisation or command in “{}”. Try /position germany, /compare italy germany, /whosaid hardest steps or /topic troops.",
            shorten(text, 100)
        )
    });
    r
}

pub fn entity_ref(index: &Index, e: EntityId) -> EntityRef {
    let entity = index.gazetteer.entity(e);
    let label = index.entity_label(e);
    EntityRef {
        id: Arc::clone(&label.key),
        name: Arc::clone(&label.name),
        flag: Arc::clone(&label.flag),
        kind: (entity.side != crate::entities::SideKind::State).then(|| entity.side.label()),
    }
}

pub fn view(index: &Index, id: StatementId) -> StatementView<'_> {
    let s = index.statement(id);
    let entity = index.entity_of(id);
    let label = entity.map(|e| index.entity_label(e));
    // A speaker named bare whose side was learned from other articles: say what was learned.
    let learned = match (&s.speaker.role, entity) {
        (None, Some(e)) => index.gazetteer.learned_office(&s.speaker.name, e),
        _ => None,
    };
    // The English sentence JSON gives; a surface in another locale says it from `learned`.
    let role = match (&s.speaker.role, &learned) {
        (Some(role), _) => Some(Cow::Borrowed(&**role)),
        (None, Some((office, articles))) => {
            Some(Cow::Owned(crate::locale::Locale::English.phrase(
                "seen_in",
                &[
                    ("office", office),
                    (
                        "articles",
                        &crate::locale::Locale::English.count("article", "articles", *articles),
                    ),
                ],
            )))
        }
        (None, None) => None,
    };
    // The other printings' articles, earliest first, each once (none without listing them when
    // the statement is printed once, as most are).
    let shown: &SourceRef = index.source_of(id);
    let mut also_in: Vec<&SourceRef> = Vec::new();
    if let Some(listed) = index.printed_in(id) {
        also_in.reserve_exact(listed.len().saturating_sub(1));
        // One `SourceRef` per article: the same article is the same pointer.
        also_in.extend(
            listed
                .iter()
                .map(|a| &**a)
                .filter(|&a| !std::ptr::eq(a, shown)),
        );
    } else if index.printing_count(id) > 1 {
        for p in index.printings(id) {
            let src: &SourceRef = index.source_of(p);
            if !std::ptr::eq(src, shown) && !also_in.iter().any(|&a| std::ptr::eq(a, src)) {
                also_in.push(src);
            }
        }
    }
    StatementView {
        printings: 1 + also_in.len(),
        also_in,
        id: &s.id,
        text: &s.text,
        speaker: &s.speaker.name,
        role,
        entity: label.map(|l| &*l.name),
        flag: label.map(|l| &*l.flag),
        entity_key: label.map(|l| &*l.key),
        kind: s.kind.as_str(),
        source: shown,
        paragraph: s.paragraph,
        language: &shown.language,
        learned,
    }
}

/// Views of statements not yet indexed (what `ingest` prints), in the reply's shape, citing
/// `source` (their article's).
pub fn statement_views<'a>(
    gazetteer: &'a crate::entities::Gazetteer,
    source: &'a SourceRef,
    statements: &'a [crate::model::Statement],
) -> Vec<StatementView<'a>> {
    statements
        .iter()
        .map(|s| {
            let entity = s
                .entity
                .as_deref()
                .and_then(|k| gazetteer.by_key(k))
                .map(|e| gazetteer.entity(e));
            StatementView {
                id: &s.id,
                text: &s.text,
                speaker: &s.speaker.name,
                role: s.speaker.role.as_deref().map(Cow::Borrowed),
                entity: entity.map(|e| e.name.as_str()),
                flag: entity.map(|e| e.flag.as_str()),
                entity_key: entity.map(|e| e.key.as_str()),
                kind: s.kind.as_str(),
                source,
                paragraph: s.paragraph,
                printings: 1,
                also_in: Vec::new(),
                language: &source.language,
                learned: None,
            }
        })
        .collect()
}

pub(super) fn not_found<'a>(index: &'a Index, command: Command, who: &str, raw: &str) -> Reply<'a> {
    let mut r = Reply::new(command, Outcome::NotFound, raw);
    let suggested: Vec<&crate::entities::Entity> = index
        .gazetteer
        .suggest(who, 5)
        .into_iter()
        .map(|e| index.gazetteer.entity(e))
        .collect();
    r.suggestions = suggested.iter().map(|e| e.name.clone()).collect();
    let shared = index.gazetteer.sharing(who).is_some();
    let who = shorten(who, 100);
    r.note_values = Some(NoteValues::Unknown {
        who: who.clone(),
        shared,
        keys: suggested.iter().map(|e| e.key.clone()).collect(),
    });
    r.note = Some(if shared {
        format!("“{who}” could mean {}: say which.", or_list(&r.suggestions))
    } else if r.suggestions.is_empty() {
        format!("Nothing close to “{who}” is known: no country, organisation, movement or person by that name.")
    } else {
        format!(
            "No country or organisation matches “{who}”. Did you mean {}?",
            or_list(&r.suggestions)
        )
    });
    r
}

/// The side a user means: a name, or an office alone whose holder has statements ("chancellor");
/// with the person, when the name is a person's. Otherwise the reply to give instead: not found,
/// or which of several sides' office holders.
pub fn resolve_side<'a>(
    index: &'a Index,
    command: Command,
    who: &str,
    raw: &str,
) -> Result<(EntityId, Option<PersonId>), Box<Reply<'a>>> {
    if let Some(r) = index.resolve(who) {
        return Ok((r.entity, index.gazetteer.person_of(&r)));
    }
    let holders = crate::answer::office::holders(index, who);
    match holders.as_slice() {
        [] => Err(Box::new(not_found(index, command, who, raw))),
        [one] => Ok((one.entity, None)),
        several => {
            let mut r = Reply::new(command, Outcome::NotFound, raw);
            r.suggestions = several.iter().map(|h| h.label.clone()).collect();
            r.note_values = Some(NoteValues::Offices {
                office: shorten(who, 60),
                command,
                example: index.gazetteer.entity(several[0].entity).name.clone(),
            });
            r.note = Some(format!(
                "Several sides have a {} with statements in the store: {}. Which one? Ask with the side's name, for example /{} {}.",
                shorten(who, 60),
                r.suggestions.join("; "),
                command.as_str(),
                index.gazetteer.entity(several[0].entity).name
            ));
            Err(Box::new(r))
        }
    }
}

/// The terms a topic stands for (its words, their synonyms, near spellings).
pub fn topic_terms(index: &Index, topic: &str) -> TopicTerms {
    index.topic_terms(&query_terms(topic))
}

/// A page of `list` (a side's statements, ranked) with those on the topic first, each part in
/// rank order, and among neighbours ranked alike the statement more outlets printed first
/// (`reorder_by_printings`).
pub(super) fn topic_first_page(
    index: &Index,
    list: &[StatementId],
    on_topic: &SpokenSubset,
    page: usize,
    per_page: usize,
) -> Vec<StatementId> {
    let start = page * per_page;
    // The topic-first order from `from` to `to`, each entry marked on the topic or not.
    let from = start.saturating_sub(SAME_DATE_REACH);
    let to = start + per_page + SAME_DATE_REACH;
    let mut window: Vec<(StatementId, bool)> = Vec::with_capacity(to - from);
    window.extend(
        on_topic
            .iter()
            .skip(from)
            .take(to - from)
            .map(|i| (list[i], true)),
    );
    if window.len() < to - from {
        let skip = from.saturating_sub(on_topic.len());
        let more = to - from - window.len();
        window.extend(
            (0..list.len())
                .filter(|&i| !on_topic.contains(i))
                .skip(skip)
                .take(more)
                .map(|i| (list[i], false)),
        );
    }
    reorder_by_printings(index, &window, start - from, per_page)
}

/// "First printed by Example Wire on 2026-01-07; also in 5 others." ("Zuerst gedruckt von … am
/// 7. Januar 2026; …" in German), for a statement printed more than once.
pub fn first_printed(v: &StatementView, l: crate::locale::Locale) -> Option<String> {
    let others = v.also_in.len();
    if others == 0 {
        return None;
    }
    let by = v.source.publisher.as_deref().unwrap_or(&v.source.title);
    let on = v
        .source
        .published
        .as_deref()
        .map(|d| l.phrase("on_date", &[("date", &l.date(d))]))
        .unwrap_or_default();
    Some(l.phrase(
        "first_printed",
        &[
            ("by", by),
            ("on", &on),
            ("others", &l.count("other", "others_n", others)),
        ],
    ))
}

/// Neighbours looked at on each side of a page, at most, for statements ranked alike.
pub(super) const SAME_DATE_REACH: usize = 64;

/// The page `start..start + len` of a list ordered by date (newest first), where statements of
/// one publication date that more outlets printed come first (`reorder_by_printings`).
pub(super) fn page_by_printings(
    index: &Index,
    list: &[StatementId],
    start: usize,
    len: usize,
) -> Vec<StatementId> {
    let from = start.saturating_sub(SAME_DATE_REACH);
    let to = (start + len + SAME_DATE_REACH).min(list.len());
    let window: Vec<(StatementId, bool)> = list
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .map(|&id| (id, false))
        .collect();
    reorder_by_printings(index, &window, start.saturating_sub(from), len)
}

/// The page `start..start + len` of `window` (a ranked list, each statement with the part of
/// the list it is in, such as on the topic or not), where statements ranked alike — the same
/// part, the same publication date — that more outlets printed come first; ties keep their rank.
/// Only the runs of the page's first and last keys are reordered (up to `SAME_DATE_REACH` past
/// the page), so a statement is on one page only.
fn reorder_by_printings(
    index: &Index,
    window: &[(StatementId, bool)],
    start: usize,
    len: usize,
) -> Vec<StatementId> {
    let end = (start + len).min(window.len());
    if start >= end {
        return Vec::new();
    }
    // Each statement's key (its part, its date) and printings, from one row of the index.
    let row = |i: usize| {
        let (id, part) = window[i];
        let (date, printed) = index.date_and_printings(id);
        ((part, date), printed)
    };
    let page: Vec<((bool, u64), usize)> = (start..end).map(row).collect();
    let (first, last) = (page[0].0, page[page.len() - 1].0);
    // The run of the page's first key before it (nearest first) and of its last key after it.
    let mut before: Vec<usize> = Vec::new();
    while before.len() < SAME_DATE_REACH && before.len() < start {
        let (key, printed) = row(start - before.len() - 1);
        if key != first {
            break;
        }
        before.push(printed);
    }
    let mut after: Vec<usize> = Vec::new();
    while after.len() < SAME_DATE_REACH && end + after.len() < window.len() {
        let (key, printed) = row(end + after.len());
        if key != last {
            break;
        }
        after.push(printed);
    }
    let printed_once = |n: &usize| *n == 1;
    if page.iter().all(|(_, n)| *n == 1)
        && before.iter().all(printed_once)
        && after.iter().all(printed_once)
    {
        return window[start..end].iter().map(|w| w.0).collect();
    }
    let lo = start - before.len();
    let keys = before
        .iter()
        .rev()
        .map(|&n| (first, n))
        .chain(page.iter().copied())
        .chain(after.iter().map(|&n| (last, n)));
    let mut run = 0usize;
    let mut previous = first;
    let mut ranked: Vec<(usize, std::cmp::Reverse<usize>, StatementId)> =
        Vec::with_capacity(before.len() + page.len() + after.len());
    for (i, (key, printed)) in keys.enumerate() {
        if key != previous {
            run += 1;
            previous = key;
        }
        ranked.push((run, std::cmp::Reverse(printed), window[lo + i].0));
    }
    ranked.sort_by_key(|&(run, printed, _)| (run, printed));
    ranked[start - lo..end - lo].iter().map(|w| w.2).collect()
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub(super) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

pub(super) fn shorten(text: &str, max: usize) -> String {
    crate::text::cut_at_word(text.trim(), max)
}
