//! Answers a `Question` from the `Index` as a `Reply`: the business rules of every command
//! (ranking, topic filtering, what to say when nothing matched) live here and nowhere else.

pub mod chart;
pub mod complete;
pub mod office;
pub mod others;
pub mod query;
pub mod reply;
pub mod source;
pub mod timeline;
pub mod wording;

use std::sync::Arc;

use crate::answer::reply::{
    page_count, Command, EntityRef, Group, Outcome, Reply, StatementView, PAGE_SIZE,
};
use crate::entities::EntityId;
use crate::index::{union, Gallop, Index, SpokenSubset, StatementId, Trigrams};
use crate::model::SourceRef;
use crate::text::{fold, is_stop_word, query_terms, stem};
use query::Question;

/// Statements per entity on one page of a comparison or topic.
pub const GROUP_PAGE_SIZE: usize = 3;
/// Sides per page of a topic, one statement each: every side on the first page, as a rule.
pub const TOPIC_SIDES_PER_PAGE: usize = 20;
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
        Question::Source { text } => source(index, text, raw),
        Question::Timeline { who, topic } => timeline(index, who, topic.as_deref(), page, raw),
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
        kind: (entity.side != crate::entities::SideKind::State).then(|| entity.side.label()),
    }
}

pub fn view(index: &Index, id: StatementId) -> StatementView {
    let s = index.statement(id);
    let entity = index.entity_of(id);
    let label = entity.map(|e| index.entity_label(e));
    // A speaker named bare whose side was learned from other articles: say what was learned.
    let role = s
        .speaker
        .role
        .clone()
        .or_else(|| entity.and_then(|e| index.gazetteer.learned_role(&s.speaker.name, e)));
    StatementView {
        id: s.id.clone(),
        text: s.text.clone(),
        speaker: s.speaker.name.clone(),
        role,
        entity: label.map(|l| Arc::clone(&l.0)),
        flag: label.map(|l| Arc::clone(&l.1)),
        kind: s.kind.as_str(),
        source: Arc::clone(index.source_of(id)),
        paragraph: s.paragraph,
    }
}

/// Views of statements not yet indexed (what `ingest` prints), in the reply's shape.
pub fn statement_views(
    gazetteer: &crate::entities::Gazetteer,
    article: &crate::model::Article,
    statements: &[crate::model::Statement],
) -> Vec<StatementView> {
    let source = Arc::new(SourceRef::of(article));
    statements
        .iter()
        .map(|s| {
            let entity = s
                .entity
                .as_deref()
                .and_then(|k| gazetteer.by_key(k))
                .map(|e| gazetteer.entity(e));
            StatementView {
                id: s.id.clone(),
                text: s.text.clone(),
                speaker: s.speaker.name.clone(),
                role: s.speaker.role.clone(),
                entity: entity.map(|e| Arc::from(e.name.as_str())),
                flag: entity.map(|e| Arc::from(e.flag.as_str())),
                kind: s.kind.as_str(),
                source: Arc::clone(&source),
                paragraph: s.paragraph,
            }
        })
        .collect()
}

fn source_ref(a: &crate::model::Article) -> SourceRef {
    SourceRef::of(a)
}

fn not_found(index: &Index, command: Command, who: &str, raw: &str) -> Reply {
    let mut r = Reply::new(command, Outcome::NotFound, raw);
    r.suggestions = index
        .gazetteer
        .suggest(who, 5)
        .into_iter()
        .map(|e| index.gazetteer.entity(e).name.clone())
        .collect();
    let shared = index.gazetteer.sharing(who).is_some();
    let who = shorten(who, 100);
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

/// The side a user means: a name, or an office alone whose holder has statements ("chancellor").
/// Otherwise the reply to give instead: not found, or which of several sides' office holders.
pub fn resolve_side(
    index: &Index,
    command: Command,
    who: &str,
    raw: &str,
) -> Result<EntityId, Box<Reply>> {
    if let Some(r) = index.resolve(who) {
        return Ok(r.entity);
    }
    let holders = crate::answer::office::holders(index, who);
    match holders.as_slice() {
        [] => Err(Box::new(not_found(index, command, who, raw))),
        [one] => Ok(one.entity),
        several => {
            let mut r = Reply::new(command, Outcome::NotFound, raw);
            r.suggestions = several.iter().map(|h| h.label.clone()).collect();
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

/// The stems a topic stands for (its words, their synonyms, near spellings).
pub fn topic_stems<'a>(index: &'a Index, topic: &str) -> Vec<&'a str> {
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

/// One page of an entity's statements (`list`, in rank order) with those on the topic first
/// (`on_topic`, positions in `list`), both parts in rank order.
fn topic_first_page(
    list: &[StatementId],
    on_topic: &SpokenSubset,
    page: usize,
    per_page: usize,
) -> Vec<StatementId> {
    let start = page * per_page;
    let mut out: Vec<StatementId> = Vec::with_capacity(per_page);
    out.extend(on_topic.iter().skip(start).take(per_page).map(|i| list[i]));
    if out.len() < per_page {
        let skip = start.saturating_sub(on_topic.len());
        out.extend(
            (0..list.len())
                .filter(|&i| !on_topic.contains(i))
                .skip(skip)
                .take(per_page - out.len())
                .map(|i| list[i]),
        );
    }
    out
}

fn position(index: &Index, who: &str, topic: Option<&str>, page: usize, raw: &str) -> Reply {
    let e = match resolve_side(index, Command::Position, who, raw) {
        Ok(e) => e,
        Err(reply) => return *reply,
    };
    let mut r = Reply::new(Command::Position, Outcome::Found, raw);
    r.entity = Some(entity_ref(index, e));
    r.topic = topic.map(str::to_string);
    let spoken = index.spoken_by(e);
    let name = &index.gazetteer.entity(e).name;
    if spoken.is_empty() {
        // Asked by a person's name: say who that is, not only which side.
        let person = index
            .resolve(who)
            .and_then(|resolved| index.gazetteer.person_of(&resolved))
            .map(|p| {
                index
                    .gazetteer
                    .learned_label(p)
                    .unwrap_or_else(|| format!("{} ({name})", index.gazetteer.person(p).name))
            });
        let mentioned = index.mentioning(e);
        r.total = mentioned.len();
        r.pages = page_count(mentioned.len(), PAGE_SIZE);
        r.page = page.min(r.pages - 1);
        if mentioned.is_empty() {
            r.outcome = Outcome::Silent;
            r.note = Some(match &person {
                Some(who) => format!("{who} has no statements in the store."),
                None => {
                    format!("{name} has no statements in the store and is not mentioned in any.")
                }
            });
        } else {
            r.outcome = Outcome::MentionedOnly;
            let n = mentioned.len();
            r.note = Some(match &person {
                Some(who) => format!(
                    "{who} has no statements in the store. {name} is mentioned in {n} statement{}:",
                    plural(n)
                ),
                None => format!(
                    "{name} has no statements of its own in the store. It is mentioned in {n} statement{}:",
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
            let stems = topic_stems(index, t);
            let on_topic = index.on_topic_within(e, &stems);
            let matched = on_topic.len();
            let ids = topic_first_page(spoken, &on_topic, r.page, PAGE_SIZE);
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
    if r.note.is_none() {
        // Asked by the name of a person learned from the articles: say who that is.
        r.note = index
            .resolve(who)
            .and_then(|resolved| index.gazetteer.person_of(&resolved))
            .and_then(|p| index.gazetteer.learned_label(p));
    }
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
    let stems = topic.map(|t| topic_stems(index, t));
    let most = index.spoken_by(a).len().max(index.spoken_by(b).len());
    r.pages = page_count(most, GROUP_PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    let mut matched_total = 0;
    for e in [a, b] {
        let spoken = index.spoken_by(e);
        let ids = match &stems {
            Some(stems) => {
                let on_topic = index.on_topic_within(e, stems);
                matched_total += on_topic.len();
                topic_first_page(spoken, &on_topic, r.page, GROUP_PAGE_SIZE)
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
    if stems.is_some() {
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
    // Each phrase word stands for itself or a near spelling (no synonyms: this is a quote search):
    // the statements of one or more stems, their union never built.
    let lists: Vec<Vec<&[StatementId]>> = words
        .iter()
        .map(|w| {
            let exact = index.term(w);
            if !exact.is_empty() {
                return vec![exact];
            }
            index.fuzzy_terms(w).iter().map(|t| index.term(t)).collect()
        })
        .collect();
    let allowed_missing = usize::from(words.len() >= 3);
    let drivers = smallest(&lists, allowed_missing + 1);
    let parts: Vec<&[StatementId]> = drivers
        .iter()
        .flat_map(|&i| lists[i].iter().copied())
        .collect();
    let candidates = union(&parts, WHOSAID_CANDIDATES);
    let mut cursors: Vec<Vec<Gallop>> = lists
        .iter()
        .map(|parts| parts.iter().map(|p| Gallop::new(p)).collect())
        .collect();
    // Candidates with every word, then those missing one; within each, statements that contain
    // the phrase as written first, then rank. Whether one does is asked only as far as the page
    // needs it.
    let mut by_missing: [Vec<StatementId>; 2] = [Vec::new(), Vec::new()];
    for s in candidates {
        let present = cursors
            .iter_mut()
            .map(|parts| parts.iter_mut().fold(false, |hit, c| c.contains(s) | hit))
            .filter(|&hit| hit)
            .count();
        if present + allowed_missing >= words.len() {
            by_missing[words.len() - present].push(s);
        }
    }
    r.total = by_missing[0].len() + by_missing[1].len();
    r.pages = page_count(r.total, PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    let need = (r.page + 1) * PAGE_SIZE;
    let mut ordered: Vec<StatementId> = Vec::with_capacity(need);
    for group in &by_missing {
        if ordered.len() < need {
            let want = need - ordered.len();
            ordered.extend(verbatim_first(index, phrase, group, want));
        }
    }
    r.statements = ordered
        .iter()
        .skip(r.page * PAGE_SIZE)
        .map(|&s| view(index, s))
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

/// The `k` lists with the fewest statements (ties: the earlier), as the stable sort by size of
/// the whole unions would pick them. A union's size is counted only when its bounds (its largest
/// part, the sum of its parts) leave the choice open.
fn smallest(lists: &[Vec<&[StatementId]>], k: usize) -> Vec<usize> {
    let lo = |l: &Vec<&[StatementId]>| l.iter().map(|p| p.len()).max().unwrap_or(0);
    let hi = |l: &Vec<&[StatementId]>| l.iter().map(|p| p.len()).sum::<usize>();
    let size: Vec<usize> = lists
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if lo(l) == hi(l) {
                return lo(l);
            }
            // Certainly not among the k smallest: k others are surely smaller.
            let below = lists
                .iter()
                .enumerate()
                .filter(|&(j, m)| j != i && (hi(m) < lo(l) || (hi(m) == lo(l) && j < i)))
                .count();
            if below >= k {
                hi(l)
            } else {
                union_len(l)
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..lists.len()).collect();
    order.sort_by_key(|&i| size[i]);
    order.truncate(k);
    order
}

/// How many statements are in the union of sorted lists.
fn union_len(parts: &[&[StatementId]]) -> usize {
    let mut len = parts.first().map_or(0, |p| p.len());
    for (k, part) in parts.iter().enumerate().skip(1) {
        let mut earlier: Vec<Gallop> = parts[..k].iter().map(|p| Gallop::new(p)).collect();
        len += part
            .iter()
            .filter(|&&s| !earlier.iter_mut().fold(false, |hit, c| c.contains(s) | hit))
            .count();
    }
    len
}

/// The first `want` of `group` (ascending) in the order: containing `phrase` as written first,
/// then rank. Stops asking once `want` statements contain it.
fn verbatim_first(
    index: &Index,
    phrase: &str,
    group: &[StatementId],
    want: usize,
) -> Vec<StatementId> {
    let mut verbatim = Verbatim::new(index, phrase);
    let mut yes = Vec::with_capacity(want);
    let mut no = Vec::new();
    for &s in group {
        if yes.len() == want {
            return yes;
        }
        if verbatim.in_statement(index, s) {
            yes.push(s);
        } else if no.len() < want {
            no.push(s);
        }
    }
    let rest = want - yes.len();
    yes.extend(no.into_iter().take(rest));
    yes
}

/// Whether statements contain a phrase as written (after folding both), most often answered
/// without folding the statement: the phrase's words must be words of the store (inner ones),
/// or the end or start of one (the first, the last), else no statement holds it (a misspelt
/// word, mostly); a word inside the phrase stands whole in any text that contains it, so the
/// statement must have that word's stem; and the text's three-byte runs must include the
/// phrase's (see `Trigrams`).
struct Verbatim<'a> {
    folded: String,
    trigrams: Trigrams,
    /// Statements with each inner word's stem; asked in ascending order.
    inner: Vec<Gallop<'a>>,
    buffer: String,
    /// No statement can contain the phrase (its words are not all in the store's words).
    impossible: bool,
}

impl<'a> Verbatim<'a> {
    fn new(index: &'a Index, phrase: &str) -> Self {
        let folded = fold(phrase);
        let words: Vec<&str> = folded.split(' ').collect();
        let mut inner = Vec::new();
        if words.len() >= 3 {
            for w in &words[1..words.len() - 1] {
                let s = stem(w);
                if !is_stop_word(w) && s.len() > 1 {
                    inner.push(Gallop::new(index.term(&s)));
                }
            }
        }
        Verbatim {
            trigrams: Trigrams::of(&folded),
            impossible: !index.may_contain(&folded),
            folded,
            inner,
            buffer: String::new(),
        }
    }

    /// Whether statement `s` contains the phrase; `s` must not be smaller than any asked before.
    fn in_statement(&mut self, index: &Index, s: StatementId) -> bool {
        if self.impossible {
            return false;
        }
        let mut has_inner = true;
        for g in &mut self.inner {
            has_inner &= g.contains(s);
        }
        if !has_inner || !index.trigrams(s).covers(&self.trigrams) {
            return false;
        }
        let text = &index.statement(s).text;
        if !text.is_ascii() {
            return fold(text).contains(&self.folded);
        }
        // `fold` of ASCII text, into a buffer kept between statements.
        self.buffer.clear();
        let mut pending_space = false;
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_space && !self.buffer.is_empty() {
                    self.buffer.push(' ');
                }
                pending_space = false;
                self.buffer.push(char::from(b.to_ascii_lowercase()));
            } else {
                pending_space = true;
            }
        }
        self.buffer.contains(&self.folded)
    }
}

fn topic(index: &Index, word: &str, page: usize, raw: &str) -> Reply {
    let mut r = Reply::new(Command::Topic, Outcome::Found, raw);
    r.topic = Some(word.to_string());
    let stems = topic_stems(index, word);
    let counts = index.on_topic_by_entity(&stems);
    // By relevance: the side whose best statement on the topic ranks higher comes first, however
    // many statements it has (one statement is often the side that disagrees).
    let mut groups: Vec<(EntityId, usize, StatementId)> = counts
        .entities
        .iter()
        .map(|&(e, n, first)| (e, n, index.spoken_by(e)[first]))
        .collect();
    groups.sort_by_key(|g| g.2);
    // The speakers for no side, counted like a side: how many, and the first few.
    let others_total = counts.others;
    let sideless = index.sideless();
    let others: Vec<StatementId> = counts
        .positions(index.others())
        .take(GROUP_PAGE_SIZE)
        .map(|p| sideless[p])
        .collect();
    let sides_total: usize = groups.iter().map(|g| g.1).sum();
    r.total = sides_total + others_total;
    r.pages = page_count(groups.len(), TOPIC_SIDES_PER_PAGE);
    r.page = page.min(r.pages - 1);
    let shown: Vec<(EntityId, usize, Vec<StatementId>)> = groups
        .iter()
        .skip(r.page * TOPIC_SIDES_PER_PAGE)
        .take(TOPIC_SIDES_PER_PAGE)
        .map(|&(e, n, best)| (e, n, vec![best]))
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
    if r.total == 0 {
        r.outcome = Outcome::NotFound;
        r.note = Some(format!("No stored statement is about “{about}”."));
    } else {
        let mut note = format!("{} statement{} about “{about}”", r.total, plural(r.total));
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
    (
        "/timeline who [topic]",
        "A side's statements by date, newest first, counted per month (with a chart).",
    ),
    (
        "Find the source",
        "Right-click a message → Apps: where its quote comes from, and how the wording differs.",
    ),
    (
        "/source text",
        "The same from the command line or a mention: “where is this from: …”.",
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

/// Answers "where is this from?": the statement a message quotes, with how its wording differs,
/// or a plain "nothing matches" and a `/whosaid` to try.
fn source(index: &Index, message: &str, raw: &str) -> Reply {
    use crate::answer::source::{distinctive_words, find, is_wordless, quoted_passage, Closeness};
    let quote = quoted_passage(message);
    let shown = crate::text::cut_at_word(&quote, 100);
    let mut r = Reply::new(Command::Source, Outcome::Found, raw);
    r.topic = Some(quote.clone());
    if is_wordless(&quote) {
        r.outcome = Outcome::Unclear;
        r.note = Some(
            "Give the words of the quote, for example: /source the hardest steps are still ahead"
                .to_string(),
        );
        return r;
    }
    let Some(found) = find(index, &quote) else {
        r.outcome = Outcome::NotFound;
        let words = distinctive_words(index, &quote, 3);
        r.note = Some(if words.is_empty() {
            format!("No stored statement matches “{shown}”.")
        } else {
            let try_this = format!("/whosaid {}", words.join(" "));
            r.suggestions = vec![try_this.clone()];
            format!("No stored statement matches “{shown}”. Try {try_this} to find statements with its most distinctive words.")
        });
        return r;
    };
    let view = view(index, found.statement);
    if let Some(e) = index.entity_of(found.statement) {
        r.entity = Some(entity_ref(index, e));
    }
    let (misspelt, dropped, added, changed) = found.wording.counts();
    let mut differences = Vec::new();
    for (n, what) in [
        (changed, "changed"),
        (dropped, "dropped"),
        (added, "added"),
        (misspelt, "misspelt"),
    ] {
        if n > 0 {
            differences.push(format!("{n} word{} {what}", if n == 1 { "" } else { "s" }));
        }
    }
    r.note = Some(match found.wording.closeness {
        Closeness::Exact => "The quote is word for word what was printed.".to_string(),
        Closeness::Near => format!(
            "Close: the quote differs only in spelling ({}).",
            differences.join(", ")
        ),
        Closeness::Altered => format!(
            "The quote differs from what was printed: {}.",
            differences.join(", ")
        ),
    });
    r.total = 1;
    r.statements = vec![view];
    r.wording = Some(found.wording);
    r
}

/// Answers `/timeline who [topic]` at a page (0-based).
fn timeline(index: &Index, who: &str, topic: Option<&str>, page: usize, raw: &str) -> Reply {
    use crate::answer::timeline::count_months;
    let e = match resolve_side(index, Command::Timeline, who, raw) {
        Ok(e) => e,
        Err(reply) => return *reply,
    };
    let mut r = Reply::new(Command::Timeline, Outcome::Found, raw);
    r.entity = Some(entity_ref(index, e));
    r.topic = topic.map(str::to_string);
    let spoken = index.spoken_by(e);
    let name = &index.gazetteer.entity(e).name;
    if spoken.is_empty() {
        r.outcome = Outcome::Silent;
        r.note = Some(format!("{name} has no statements in the store."));
        return r;
    }
    let on_topic = topic.map(|t| {
        let stems = topic_stems(index, t);
        index.on_topic_within(e, &stems)
    });
    // Newest article first; undated last; within a date, best first.
    let mut order: Vec<(usize, StatementId)> = spoken.iter().copied().enumerate().collect();
    order.sort_by(|a, b| {
        let da = index.article_of(a.1).published.as_deref();
        let db = index.article_of(b.1).published.as_deref();
        match (da, db) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(a.1.cmp(&b.1))
    });
    r.months = count_months(order.iter().map(|&(i, s)| {
        (
            index.article_of(s).published.as_deref(),
            on_topic.as_ref().is_some_and(|p| p.contains(i)),
        )
    }));
    r.total = spoken.len();
    r.pages = page_count(spoken.len(), PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    r.statements = order
        .iter()
        .skip(r.page * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|&(_, s)| view(index, s))
        .collect();
    let undated = spoken.len() - r.months.iter().map(|m| m.statements).sum::<usize>();
    let mut note = format!(
        "{} statement{} by {name}, newest first",
        spoken.len(),
        if spoken.len() == 1 { "" } else { "s" }
    );
    if let (Some(t), Some(p)) = (topic, &on_topic) {
        note.push_str(&format!(
            "; {} on “{}”",
            p.len(),
            crate::text::cut_at_word(t, 100)
        ));
        r.topic_matches = Some(p.len());
    }
    if undated > 0 {
        note.push_str(&format!("; {undated} undated, at the end"));
    }
    note.push('.');
    r.note = Some(note);
    r
}
