//! Answers a `Question` from the `Index` as a `Reply`: the business rules of every command
//! (ranking, topic filtering, what to say when nothing matched) live here and nowhere else.

use crate::entities::EntityId;
use crate::index::{contains_sorted, Index, StatementId};
use crate::query::{self, Question};
use crate::reply::{
    page_count, Command, EntityRef, Group, Outcome, Reply, SourceRef, StatementView, PAGE_SIZE,
};
use crate::text::{fold, query_terms};

/// Statements per entity on one page of a comparison or topic.
pub const GROUP_PAGE_SIZE: usize = 3;
/// Entities per page of a topic.
pub const TOPIC_GROUPS_PER_PAGE: usize = 4;
/// Articles per page of `sources`.
pub const SOURCES_PAGE_SIZE: usize = 10;
/// Candidates a `whosaid` search verifies at most.
const WHOSAID_CANDIDATES: usize = 4_000;

/// Reads and answers what a user typed, at a page (0-based).
pub fn ask(index: &Index, input: &str, page: usize) -> Reply {
    let question = query::read(input, index);
    answer(index, &question, page, input)
}

/// Answers a question that has been read already (a slash command's options).
pub fn answer(index: &Index, question: &Question, page: usize, raw: &str) -> Reply {
    match question {
        Question::Position { who, topic } => position(index, who, topic.as_deref(), page, raw),
        Question::Compare {
            first,
            second,
            topic,
        } => compare(index, first, second, topic.as_deref(), page, raw),
        Question::WhoSaid { phrase } => whosaid(index, phrase, page, raw),
        Question::Topic { word } => topic(index, word, page, raw),
        Question::Sources => sources(index, page, raw),
        Question::Help => help(raw),
        Question::Unclear { text } => {
            let mut r = Reply::new(Command::Help, Outcome::Unclear, raw);
            r.note = Some(if text.trim().is_empty() {
                "Ask about a country or organisation, for example: what did Germany say about troops?".to_string()
            } else {
                format!(
                    "I could not find a country, organisation or command in “{}”. Try /position germany, /compare italy germany, /whosaid hardest steps or /topic troops.",
                    shorten(text, 100)
                )
            });
            r
        }
    }
}

pub fn entity_ref(index: &Index, e: EntityId) -> EntityRef {
    let entity = index.gazetteer.entity(e);
    EntityRef {
        id: entity.key.clone(),
        name: entity.name.clone(),
        flag: entity.flag.clone(),
    }
}

pub fn view(index: &Index, id: StatementId) -> StatementView {
    let s = index.statement(id);
    let article = index.article_of(id);
    let entity = index.entity_of(id).map(|e| index.gazetteer.entity(e));
    StatementView {
        id: s.id.clone(),
        text: s.text.clone(),
        speaker: s.speaker.name.clone(),
        role: s.speaker.role.clone(),
        entity: entity.map(|e| e.name.clone()),
        flag: entity.map(|e| e.flag.clone()),
        kind: s.kind.as_str(),
        source: source_ref(article),
        paragraph: s.paragraph,
    }
}

fn source_ref(a: &crate::model::Article) -> SourceRef {
    SourceRef {
        id: a.id.clone(),
        title: a.title.clone().unwrap_or_else(|| a.id.clone()),
        publisher: a.publisher.clone(),
        url: a.url.clone(),
        published: a.published.clone(),
    }
}

fn not_found(index: &Index, command: Command, who: &str, raw: &str) -> Reply {
    let mut r = Reply::new(command, Outcome::NotFound, raw);
    r.suggestions = index
        .gazetteer
        .suggest(who, 5)
        .into_iter()
        .map(|e| index.gazetteer.entity(e).name.clone())
        .collect();
    let who = shorten(who, 100);
    r.note = Some(if r.suggestions.is_empty() {
        format!("No country or organisation matches “{who}”.")
    } else {
        format!(
            "No country or organisation matches “{who}”. Did you mean {}?",
            or_list(&r.suggestions)
        )
    });
    r
}

/// The stems a topic stands for (its words, their synonyms, near spellings).
fn topic_stems<'a>(index: &'a Index, topic: &str) -> Vec<&'a str> {
    let mut stems = Vec::new();
    for word in query_terms(topic) {
        for s in index.expand_word(&word) {
            if !stems.contains(&s) {
                stems.push(s);
            }
        }
    }
    stems
}

/// `list` reordered so that members of `first` come first, both parts in rank order, cut to one
/// page. Returns the page and how many of `list` are in `first`.
fn partitioned_page(
    list: &[StatementId],
    first: &[StatementId],
    page: usize,
    per_page: usize,
) -> (Vec<StatementId>, usize) {
    let (small, large, list_is_small) = if list.len() <= first.len() {
        (list, first, true)
    } else {
        (first, list, false)
    };
    let matched: Vec<StatementId> = small
        .iter()
        .copied()
        .filter(|&x| contains_sorted(large, x))
        .collect();
    let _ = list_is_small;
    let start = page * per_page;
    let mut out = Vec::with_capacity(per_page);
    if start < matched.len() {
        out.extend(matched[start..].iter().take(per_page));
    }
    if out.len() < per_page {
        let skip = start.saturating_sub(matched.len());
        out.extend(
            list.iter()
                .copied()
                .filter(|x| matched.binary_search(x).is_err())
                .skip(skip)
                .take(per_page - out.len()),
        );
    }
    (out, matched.len())
}

fn position(index: &Index, who: &str, topic: Option<&str>, page: usize, raw: &str) -> Reply {
    let Some(resolved) = index.resolve(who) else {
        return not_found(index, Command::Position, who, raw);
    };
    let e = resolved.entity;
    let mut r = Reply::new(Command::Position, Outcome::Found, raw);
    r.entity = Some(entity_ref(index, e));
    r.topic = topic.map(str::to_string);
    let spoken = index.spoken_by(e);
    let name = &index.gazetteer.entity(e).name;
    if spoken.is_empty() {
        let mentioned = index.mentioning(e);
        r.total = mentioned.len();
        r.pages = page_count(mentioned.len(), PAGE_SIZE);
        r.page = page.min(r.pages - 1);
        if mentioned.is_empty() {
            r.outcome = Outcome::Silent;
            r.note = Some(format!(
                "{name} has no statements in the store and is not mentioned in any."
            ));
        } else {
            r.outcome = Outcome::MentionedOnly;
            r.note = Some(format!(
                "{name} has no statements of its own in the store. It is mentioned in {} statement{}:",
                mentioned.len(),
                plural(mentioned.len())
            ));
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
            let stems = topic_stems(index, t);
            let on_topic = index.union_of(&stems);
            let (ids, matched) = partitioned_page(spoken, &on_topic, r.page, PAGE_SIZE);
            r.topic_matches = Some(matched);
            r.note = Some(if matched == 0 {
                format!(
                    "{name} said nothing about “{}” in the stored articles. Its other statements:",
                    shorten(t, 100)
                )
            } else {
                format!(
                    "{matched} of {name}'s {} statement{} concern{} “{}”; they come first.",
                    spoken.len(),
                    plural(spoken.len()),
                    if matched == 1 { "s" } else { "" },
                    shorten(t, 100)
                )
            });
            ids
        }
        None => spoken
            .iter()
            .skip(r.page * PAGE_SIZE)
            .take(PAGE_SIZE)
            .copied()
            .collect(),
    };
    r.statements = ids.into_iter().map(|s| view(index, s)).collect();
    r
}

fn compare(
    index: &Index,
    first: &str,
    second: &str,
    topic: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply {
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
    let on_topic = topic.map(|t| index.union_of(&topic_stems(index, t)));
    let most = index.spoken_by(a).len().max(index.spoken_by(b).len());
    r.pages = page_count(most, GROUP_PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    let mut matched_total = 0;
    for e in [a, b] {
        let spoken = index.spoken_by(e);
        let ids = match &on_topic {
            Some(t) => {
                let (ids, m) = partitioned_page(spoken, t, r.page, GROUP_PAGE_SIZE);
                matched_total += m;
                ids
            }
            None => spoken
                .iter()
                .skip(r.page * GROUP_PAGE_SIZE)
                .take(GROUP_PAGE_SIZE)
                .copied()
                .collect(),
        };
        r.total += spoken.len();
        r.groups.push(Group {
            entity: entity_ref(index, e),
            total: spoken.len(),
            statements: ids.into_iter().map(|s| view(index, s)).collect(),
        });
    }
    if on_topic.is_some() {
        r.topic_matches = Some(matched_total);
    }
    if r.total == 0 {
        r.outcome = Outcome::Silent;
        r.note = Some(format!(
            "Neither {} nor {} has statements in the store.",
            index.gazetteer.entity(a).name,
            index.gazetteer.entity(b).name
        ));
    } else if a == b {
        r.note = Some("Both names mean the same entity.".to_string());
    }
    r
}

fn whosaid(index: &Index, phrase: &str, page: usize, raw: &str) -> Reply {
    let mut r = Reply::new(Command::Whosaid, Outcome::Found, raw);
    r.topic = Some(phrase.to_string());
    let words = query_terms(phrase);
    if words.is_empty() {
        r.outcome = Outcome::Unclear;
        r.note = Some(
            "Give a few distinctive words of the quote, for example: /whosaid hardest steps"
                .to_string(),
        );
        return r;
    }
    // Each phrase word stands for itself or a near spelling (no synonyms: this is a quote search).
    let lists: Vec<Vec<StatementId>> = words
        .iter()
        .map(|w| {
            let mut stems: Vec<&str> = index
                .term(w)
                .is_empty()
                .then(Vec::new)
                .unwrap_or_else(|| vec![w.as_str()]);
            if stems.is_empty() {
                stems = index.fuzzy_terms(w);
            }
            index.union_of(&stems)
        })
        .collect();
    let mut order: Vec<usize> = (0..lists.len()).collect();
    order.sort_by_key(|&i| lists[i].len());
    let allowed_missing = usize::from(words.len() >= 3);
    let drivers = &order[..=allowed_missing.min(order.len() - 1)];
    let mut candidates: Vec<StatementId> = drivers
        .iter()
        .flat_map(|&i| lists[i].iter().copied())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates.truncate(WHOSAID_CANDIDATES);
    let folded_phrase = fold(phrase);
    let mut scored: Vec<(usize, bool, StatementId)> = candidates
        .into_iter()
        .filter_map(|s| {
            let present = lists.iter().filter(|l| contains_sorted(l, s)).count();
            if present + allowed_missing < words.len() {
                return None;
            }
            let verbatim = fold(&index.statement(s).text).contains(&folded_phrase);
            Some((words.len() - present, !verbatim, s))
        })
        .collect();
    scored.sort_unstable();
    r.total = scored.len();
    r.pages = page_count(r.total, PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    r.statements = scored
        .iter()
        .skip(r.page * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|&(_, _, s)| view(index, s))
        .collect();
    if r.total == 0 {
        r.outcome = Outcome::NotFound;
        r.note = Some(format!(
            "No stored statement contains “{}”.",
            shorten(phrase, 100)
        ));
    }
    r
}

fn topic(index: &Index, word: &str, page: usize, raw: &str) -> Reply {
    let mut r = Reply::new(Command::Topic, Outcome::Found, raw);
    r.topic = Some(word.to_string());
    let stems = topic_stems(index, word);
    let ids = index.union_of(&stems);
    let mut by_entity: std::collections::HashMap<EntityId, Vec<StatementId>> =
        std::collections::HashMap::new();
    for &s in &ids {
        if let Some(e) = index.entity_of(s) {
            by_entity.entry(e).or_default().push(s);
        }
    }
    let mut groups: Vec<(EntityId, Vec<StatementId>)> = by_entity.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1[0].cmp(&b.1[0])));
    r.total = groups.iter().map(|g| g.1.len()).sum();
    r.pages = page_count(groups.len(), TOPIC_GROUPS_PER_PAGE);
    r.page = page.min(r.pages - 1);
    for (e, list) in groups
        .iter()
        .skip(r.page * TOPIC_GROUPS_PER_PAGE)
        .take(TOPIC_GROUPS_PER_PAGE)
    {
        r.groups.push(Group {
            entity: entity_ref(index, *e),
            total: list.len(),
            statements: list
                .iter()
                .take(GROUP_PAGE_SIZE)
                .map(|&s| view(index, s))
                .collect(),
        });
    }
    if r.total == 0 {
        r.outcome = Outcome::NotFound;
        r.note = Some(format!(
            "No stored statement is about “{}”.",
            shorten(word, 100)
        ));
    } else {
        r.note = Some(format!(
            "{} statement{} from {} {} about “{}”.",
            r.total,
            plural(r.total),
            groups.len(),
            if groups.len() == 1 {
                "speaker's side"
            } else {
                "sides"
            },
            shorten(word, 100)
        ));
    }
    r
}

fn sources(index: &Index, page: usize, raw: &str) -> Reply {
    let mut r = Reply::new(Command::Sources, Outcome::Info, raw);
    let articles = index.articles();
    r.total = articles.len();
    r.pages = page_count(articles.len(), SOURCES_PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    r.sources = articles
        .iter()
        .skip(r.page * SOURCES_PAGE_SIZE)
        .take(SOURCES_PAGE_SIZE)
        .map(source_ref)
        .collect();
    r.note = Some(format!(
        "{} article{} and {} statement{} in the store.",
        articles.len(),
        plural(articles.len()),
        index.len(),
        plural(index.len())
    ));
    r
}

/// The commands, one line each; the same text serves `/help`, an empty mention and the CLI.
pub const HELP: &[(&str, &str)] = &[
    (
        "/position who [topic]",
        "What a country or organisation has said, best first (topic matches first).",
    ),
    (
        "/compare first second [topic]",
        "Two sides' statements next to each other.",
    ),
    (
        "/whosaid phrase",
        "Who said a phrase (a few words of the quote; typos are fine).",
    ),
    (
        "/topic word",
        "Statements on a topic, grouped by who said them.",
    ),
    ("/sources", "The articles the statements come from."),
    (
        "@positions question",
        "Ask in words: “what did Italy say about troops?”, “compare italy and germany”.",
    ),
];

fn help(raw: &str) -> Reply {
    let mut r = Reply::new(Command::Help, Outcome::Info, raw);
    r.note = Some(
        "I answer with what countries and organisations have said: the exact quotes, who said them and the source article."
            .to_string(),
    );
    r
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn shorten(text: &str, max: usize) -> String {
    crate::text::cut_at_word(text.trim(), max)
}
