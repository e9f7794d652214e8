//! The reply model: one value per answer, rendered as a Discord embed, as terminal text and as
//! JSON. Built by `answer`, never by a surface, so the three renderings cannot disagree.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use crate::model::SourceRef;

/// Statements shown on one page of a reply: enough to read, few enough to fit an embed.
pub const PAGE_SIZE: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Position,
    Compare,
    Whosaid,
    Topic,
    Sources,
    Help,
    /// Find the source of a quote.
    Source,
    /// A side's statements by date.
    Timeline,
}

impl Command {
    pub fn as_str(self) -> &'static str {
        match self {
            Command::Position => "position",
            Command::Compare => "compare",
            Command::Whosaid => "whosaid",
            Command::Topic => "topic",
            Command::Sources => "sources",
            Command::Help => "help",
            Command::Source => "source",
            Command::Timeline => "timeline",
        }
    }
}

/// What kind of answer this is, so a surface can choose how loudly to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Statements were found.
    Found,
    /// The entity exists but said nothing; `mentioned_in` lists where it is named.
    MentionedOnly,
    /// The entity exists but neither said nor is named in anything stored.
    Silent,
    /// Nothing matched the query; see `suggestions`.
    NotFound,
    /// The question could not be read (empty, or no command in it).
    Unclear,
    /// Help or a listing.
    Info,
}

impl Outcome {
    /// The name JSON gives it (`found`, `not_found`…), also used as a label by the shell.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Found => "found",
            Outcome::MentionedOnly => "mentioned_only",
            Outcome::Silent => "silent",
            Outcome::NotFound => "not_found",
            Outcome::Unclear => "unclear",
            Outcome::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    // Shared with the index's labels: a reply naming forty sides copies no text.
    /// Stable key: ISO alpha-2 or organisation id.
    pub id: Arc<str>,
    /// Canonical English name.
    pub name: Arc<str>,
    pub flag: Arc<str>,
    /// What kind of side it is, when it is not a state: "movement or armed group",
    /// "territory", "organisation"…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
}

/// One statement as a reply shows it, borrowed from the index it was read in: a view copies no
/// text and counts no references (at a million statements each count is a cache miss, and an
/// atomic one), and a reply lives only as long as it takes to render it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementView<'a> {
    pub id: &'a str,
    /// Exactly as printed.
    pub text: &'a str,
    pub speaker: &'a str,
    /// The office as printed, or, for a speaker printed without one, what was learned of them.
    pub role: Option<Cow<'a, str>>,
    /// Canonical name of the entity spoken for.
    pub entity: Option<&'a str>,
    #[serde(skip)]
    pub flag: Option<&'a str>,
    /// The entity's stable key, to name it in another language.
    #[serde(skip)]
    pub entity_key: Option<&'a str>,
    pub kind: &'static str,
    /// The article: of a statement printed more than once, the earliest printing's.
    pub source: &'a SourceRef,
    pub paragraph: u32,
    /// How many articles print the statement (1 when only `source` does).
    pub printings: usize,
    /// The other articles that print it, earliest first.
    pub also_in: Vec<&'a SourceRef>,
    /// The language the statement is printed in (ISO 639-1), its article's.
    pub language: &'a str,
    /// The office learned from other articles of a speaker printed without one, and in how
    /// many articles it was seen (what `role` then says in English).
    #[serde(skip)]
    pub learned: Option<(String, usize)>,
}

impl StatementView<'_> {
    /// The office to show beside the speaker: none when the title already stands as the name.
    pub fn shown_role(&self) -> Option<&str> {
        self.role
            .as_deref()
            .filter(|r| !r.eq_ignore_ascii_case(self.speaker))
    }

    /// The office to show, in `l`: as printed, or what was learned of the speaker ("Estonian
    /// Foreign Minister, in 4 Artikeln gesehen").
    pub fn shown_role_in(&self, l: crate::locale::Locale) -> Option<String> {
        match &self.learned {
            Some((office, articles)) if self.shown_role().is_some() => Some(l.phrase(
                "seen_in",
                &[
                    ("office", office),
                    ("articles", &l.count("article", "articles", *articles)),
                ],
            )),
            _ => self.shown_role().map(str::to_string),
        }
    }

    /// "also in Example News Two, Example Wire +3": a few of the other printings, by publisher
    /// (or title), when there are any.
    pub fn also_in_line(&self) -> Option<String> {
        let (names, rest) = self.also_in_names()?;
        let mut line = format!("also in {}", names.join(", "));
        if rest > 0 {
            line.push_str(&format!(" +{rest}"));
        }
        Some(line)
    }

    /// The publishers (or titles) of a few of the other printings, and how many more there are.
    pub fn also_in_names(&self) -> Option<(Vec<&str>, usize)> {
        const NAMED: usize = 2;
        if self.also_in.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = Vec::new();
        for s in &self.also_in {
            let name = s.publisher.as_deref().unwrap_or(&s.title);
            if !names.contains(&name) && names.len() < NAMED {
                names.push(name);
            }
        }
        let rest = self.also_in.len().saturating_sub(names.len());
        Some((names, rest))
    }
}

/// A block of statements under one entity (for `topic` and `compare`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group<'a> {
    pub entity: EntityRef,
    /// How many statements this entity has on the question, in all pages.
    pub total: usize,
    pub statements: Vec<StatementView<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply<'a> {
    pub command: Command,
    pub outcome: Outcome,
    /// The question as the user asked it (for echoing; render it escaped).
    pub query: String,
    pub entity: Option<EntityRef>,
    /// The second entity of a comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<EntityRef>,
    pub topic: Option<String>,
    /// For `position` and `whosaid`: this page's statements, best first.
    pub statements: Vec<StatementView<'a>>,
    /// Statements that name the entity, when it said nothing itself.
    pub mentioned_in: Vec<StatementView<'a>>,
    /// For `topic` and `compare`: statements grouped by entity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group<'a>>,
    /// For `sources`: the articles in the store.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// Closest names, when nothing matched.
    pub suggestions: Vec<String>,
    /// A sentence for the user about what was found ("Germany said nothing about troops; …").
    pub note: Option<String>,
    /// How many results there are in all, and which page this is (0-based) of how many.
    pub total: usize,
    /// How many of the results match the topic (when a topic was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_matches: Option<usize>,
    pub page: usize,
    pub pages: usize,
    /// For `source`: how the quote's wording stands against the statement found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wording: Option<crate::answer::wording::Wording>,
    /// For `timeline`: statements per month, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<MonthCount>,
    /// The one language the statements were asked in (ISO 639-1), when one was: every count
    /// and page is of the statements in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'static str>,
    /// What the note says that no other field holds, so that a surface can say it again in
    /// another language (`note` is the English sentence; JSON gives only that).
    #[serde(skip)]
    pub note_values: Option<NoteValues>,
}

/// The values of a note that the reply's other fields do not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteValues {
    /// No side is known by the name asked; `shared`: several sides share it (`suggestions`,
    /// whose sides' keys are `keys`, in the same order).
    Unknown {
        who: String,
        shared: bool,
        keys: Vec<String>,
    },
    /// A side asked for by the name of a person, who has no statements of their own (`learned`:
    /// the office learned from the articles, and in how many it was seen).
    Person {
        name: String,
        learned: Option<(String, usize)>,
    },
    /// Several sides' holders of an office asked for by its name (`suggestions`).
    Offices {
        office: String,
        command: Command,
        example: String,
    },
    /// A question without a side or command in it (`text`: what was asked, perhaps nothing).
    Unclear { text: String },
    /// A language the statements are not read in, as asked.
    UnknownLanguage { asked: String },
    /// The statements in the store, for `/sources`.
    Stored { statements: usize },
    /// A `/topic` answer's statements by a side and by others, on every page.
    OnTopic { sides: usize, others: usize },
    /// A side that has statements, though none in the language asked.
    OtherLanguages { count: usize },
}

impl Reply<'_> {
    pub fn new(command: Command, outcome: Outcome, query: &str) -> Self {
        Reply {
            command,
            outcome,
            query: query.to_string(),
            entity: None,
            other: None,
            topic: None,
            statements: Vec::new(),
            mentioned_in: Vec::new(),
            groups: Vec::new(),
            sources: Vec::new(),
            suggestions: Vec::new(),
            note: None,
            total: 0,
            topic_matches: None,
            page: 0,
            pages: 1,
            wording: None,
            months: Vec::new(),
            language: None,
            note_values: None,
        }
    }

    /// Whether a surface should show this privately (an error-like answer).
    pub fn is_error(&self) -> bool {
        matches!(self.outcome, Outcome::NotFound | Outcome::Unclear)
    }
}

/// The number of pages for `total` results.
pub fn page_count(total: usize, per_page: usize) -> usize {
    total.div_ceil(per_page).max(1)
}

/// Statements of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// "YYYY-MM".
    pub month: String,
    pub statements: usize,
    /// How many of them are on the topic asked (0 when none was).
    pub on_topic: usize,
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn an_outcome_is_named_as_json_names_it() {
        use Outcome::*;
        for o in [Found, MentionedOnly, Silent, NotFound, Unclear, Info] {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
    }
}
