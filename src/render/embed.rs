//! Renders a `Reply` as a Discord message model (embed, page buttons, ephemeral flag) that
//! respects every Discord limit whatever the data. Pure data: the Discord shell only translates
//! it into its client's builders or JSON.

use serde::Serialize;

use super::escape::{escape, link_target};
use crate::answer::help::lines_in;
use crate::answer::reply::EntityRef;
use crate::answer::reply::{Command, Group, Outcome, Reply, StatementView};
use crate::answer::wording::{Closeness, PartKind, Wording};
use crate::locale::Locale;
use crate::model::SourceRef;
use crate::text::cut_at_word;

mod paging;
use paging::page_buttons;
pub use paging::{canonical_question, page_custom_id, parse_page_custom_id};

pub const TITLE_MAX: usize = 256;
pub const DESCRIPTION_MAX: usize = 4096;
pub const FIELD_NAME_MAX: usize = 256;
pub const FIELD_VALUE_MAX: usize = 1024;
pub const FOOTER_MAX: usize = 2048;
pub const FIELDS_MAX: usize = 25;
pub const EMBED_TOTAL_MAX: usize = 6000;
pub const CUSTOM_ID_MAX: usize = 100;
pub const BUTTON_LABEL_MAX: usize = 80;
/// Quotes longer than this are cut at a word: a page should be readable at a glance.
const QUOTE_MAX: usize = 700;

const COLOR_FOUND: u32 = 0x2b6cb0;
const COLOR_INFO: u32 = 0x4a5568;
const COLOR_MISS: u32 = 0xc05621;

/// Prefix of the custom_id of page buttons.
pub const PAGE_BUTTON_PREFIX: &str = "pg";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmbedField {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Embed {
    pub title: String,
    pub description: Option<String>,
    pub url: Option<String>,
    pub color: u32,
    pub fields: Vec<EmbedField>,
    pub footer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Button {
    pub custom_id: String,
    pub label: String,
    pub disabled: bool,
}

/// One message as Discord will show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub embeds: Vec<Embed>,
    pub buttons: Vec<Button>,
    /// Shown only to the asker (errors and suggestions).
    pub ephemeral: bool,
}

impl Embed {
    /// The characters Discord counts toward an embed's 6,000.
    pub fn total_chars(&self) -> usize {
        let c = |s: &str| s.chars().count();
        c(&self.title)
            + self.description.as_deref().map_or(0, c)
            + self.footer.as_deref().map_or(0, c)
            + self
                .fields
                .iter()
                .map(|f| c(&f.name) + c(&f.value))
                .sum::<usize>()
    }

    /// Whether the embed is within every Discord limit.
    pub fn within_limits(&self) -> bool {
        let c = |s: &str| s.chars().count();
        !self.title.is_empty()
            && c(&self.title) <= TITLE_MAX
            && self
                .description
                .as_deref()
                .is_none_or(|d| !d.is_empty() && c(d) <= DESCRIPTION_MAX)
            && self.footer.as_deref().is_none_or(|f| c(f) <= FOOTER_MAX)
            && self.fields.len() <= FIELDS_MAX
            && self.fields.iter().all(|f| {
                !f.name.trim().is_empty()
                    && !f.value.trim().is_empty()
                    && c(&f.name) <= FIELD_NAME_MAX
                    && c(&f.value) <= FIELD_VALUE_MAX
            })
            && self.total_chars() <= EMBED_TOTAL_MAX
    }
}

impl Message {
    pub fn within_limits(&self) -> bool {
        self.embeds.len() <= 10
            && self.embeds.iter().all(Embed::within_limits)
            && self.embeds.iter().map(Embed::total_chars).sum::<usize>() <= EMBED_TOTAL_MAX
            && self.buttons.len() <= 5
            && self.buttons.iter().all(|b| {
                b.custom_id.len() <= CUSTOM_ID_MAX
                    && !b.label.is_empty()
                    && b.label.chars().count() <= BUTTON_LABEL_MAX
            })
    }
}

/// Renders a reply as one Discord message, in English.
pub fn render(reply: &Reply) -> Message {
    render_in(reply, Locale::English)
}

/// Renders a reply as one Discord message with the bot's own words in `locale` (the quotes,
/// names and sources stay as they are).
pub fn render_in(reply: &Reply, locale: Locale) -> Message {
    let mut embed = match reply.command {
        Command::Help if reply.outcome == Outcome::Info => help_embed(reply, locale),
        Command::Sources => sources_embed(reply, locale),
        _ => statements_embed(reply, locale),
    };
    fit(&mut embed);
    Message {
        embeds: vec![embed],
        buttons: page_buttons(reply, locale),
        ephemeral: reply.is_error(),
    }
}

/// "🇩🇪 Deutschland": a side's flag and its name in the locale.
fn side(e: &EntityRef, l: Locale) -> String {
    format!("{} {}", e.flag, l.side_name(&e.id, &e.name))
}

fn heading(reply: &Reply, l: Locale) -> String {
    let topic = reply.topic.as_deref().map(|t| cut_at_word(t, 80));
    let quote = topic.clone().unwrap_or_default();
    let title = match (reply.command, &reply.entity, &reply.other) {
        (Command::Source, _, _) => match reply.outcome {
            Outcome::Found => l.phrase("where_from", &[("quote", &quote)]),
            _ => l.phrase("no_source", &[("quote", &quote)]),
        },
        (_, None, _)
            if matches!(reply.outcome, Outcome::NotFound | Outcome::Unclear)
                && !reply.query.trim().is_empty() =>
        {
            l.phrase("quoted", &[("text", &as_typed(reply, l))])
        }
        (Command::Timeline, Some(e), _) => l.phrase("over_time", &[("side", &side(e, l))]),
        (Command::Compare, Some(a), Some(b)) => {
            l.phrase("both", &[("first", &side(a, l)), ("second", &side(b, l))])
        }
        (_, Some(e), _) => match e.kind {
            Some(kind) => format!("{} ({})", side(e, l), l.side_kind(kind)),
            None => side(e, l),
        },
        (Command::Whosaid, _, _) => l.phrase("who_said", &[("phrase", &quote)]),
        (Command::Topic, _, _) => l.phrase("about", &[("topic", &quote)]),
        _ => "positions".to_string(),
    };
    let title = match (reply.command, &topic) {
        (Command::Position | Command::Compare | Command::Timeline, Some(t))
            if reply.entity.is_some() =>
        {
            l.phrase("on_topic", &[("title", &title), ("topic", t)])
        }
        _ => title,
    };
    let count = match reply.outcome {
        Outcome::Found if matches!(reply.command, Command::Position) => {
            let language = reply
                .language
                .map_or_else(String::new, |code| format!(" {}", l.in_language(code)));
            format!(" · {}{language}", l.statements(reply.total))
        }
        Outcome::Found if reply.command == Command::Timeline => reply
            .months
            .iter()
            .map(|m| {
                let (month, n) = (l.month(&m.month), m.statements.to_string());
                l.phrase("month_count", &[("month", &month), ("n", &n)])
            })
            .collect(),
        _ => String::new(),
    };
    cut_at_word(&escape(&format!("{title}{count}")), TITLE_MAX)
}

/// The question as the user typed it, with the command as their Discord names it
/// ("/posición gxrmxny"), cut to fit a heading.
fn as_typed(reply: &Reply, l: Locale) -> String {
    let asked = cut_at_word(reply.query.trim(), 200);
    let command = reply.command.as_str();
    match asked
        .strip_prefix('/')
        .and_then(|a| a.strip_prefix(command))
    {
        Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
            format!("/{}{rest}", l.command(command))
        }
        _ => asked,
    }
}

fn statements_embed(reply: &Reply, l: Locale) -> Embed {
    let mut fields = Vec::new();
    let mut cited: Vec<&SourceRef> = Vec::new();
    let list = if reply.statements.is_empty() {
        &reply.mentioned_in
    } else {
        &reply.statements
    };
    let show_entity = matches!(reply.command, Command::Whosaid | Command::Source)
        || !reply.mentioned_in.is_empty();
    let mut last_date: Option<&str> = None;
    for s in list {
        let mut f = statement_field(s, show_entity, cite(&mut cited, s.source), l);
        for a in &s.also_in {
            cite(&mut cited, a);
        }
        if reply.command == Command::Timeline {
            // Grouped by date: the date heads the first statement of each.
            let date = s.source.published.as_deref();
            let undated = l.word("undated");
            if last_date != Some(date.unwrap_or(undated)) || last_date.is_none() {
                let shown = date.map_or_else(|| undated.to_string(), |d| l.date(d));
                f.name = cut_at_word(&format!("📅 {shown} — {}", f.name), FIELD_NAME_MAX);
            }
            last_date = Some(date.unwrap_or(undated));
        }
        fields.push(f);
    }
    if let Some(w) = reply
        .wording
        .as_ref()
        .filter(|w| w.closeness != Closeness::Exact)
    {
        fields.push(EmbedField {
            name: l.word("how_differs").to_string(),
            value: cut_at_word(&marked_wording(w), FIELD_VALUE_MAX),
            inline: false,
        });
    }
    for g in &reply.groups {
        fields.extend(group_fields(g, &mut cited, l));
    }
    if !cited.is_empty() {
        let lines: Vec<String> = cited
            .iter()
            .enumerate()
            .map(|(i, src)| format!("[{}] {}", i + 1, source_line(src, l)))
            .collect();
        fields.push(EmbedField {
            name: l.word("sources").to_string(),
            value: cut_lines(&lines, FIELD_VALUE_MAX),
            inline: false,
        });
    }
    let mut description = super::words::note(reply, l).map(|n| escape(&n));
    if !reply.suggestions.is_empty() && description.is_none() {
        let names: Vec<String> = reply.suggestions.iter().map(|s| escape(s)).collect();
        description = Some(l.phrase("did_you_mean", &[("names", &names.join(", "))]));
    }
    Embed {
        title: heading(reply, l),
        description: description.filter(|d| !d.is_empty()),
        url: None,
        color: match reply.outcome {
            Outcome::Found => COLOR_FOUND,
            Outcome::NotFound | Outcome::Unclear => COLOR_MISS,
            _ => COLOR_INFO,
        },
        fields,
        footer: footer(reply, l),
    }
}

/// The number an article is cited by in this reply (1-based), numbering it when new.
fn cite<'a>(cited: &mut Vec<&'a SourceRef>, source: &'a SourceRef) -> usize {
    match cited.iter().position(|c| c.id == source.id) {
        Some(k) => k + 1,
        None => {
            cited.push(source);
            cited.len()
        }
    }
}

/// Whole lines, as many as fit in `max` characters.
fn cut_lines(lines: &[String], max: usize) -> String {
    let mut out = String::new();
    for line in lines {
        let extra = usize::from(!out.is_empty()) + line.chars().count();
        if out.chars().count() + extra > max {
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    if out.is_empty() {
        out = cut_at_word(lines.first().map_or("", String::as_str), max);
    }
    out
}

/// The statement's words with the quote's differences marked: ~~printed~~, __quoted__.
pub fn marked_wording(w: &Wording) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in &w.parts {
        match p.kind {
            PartKind::Same => out.push(escape(&p.printed)),
            PartKind::Dropped => out.push(format!("~~{}~~", escape(&p.printed))),
            PartKind::Added => out.push(format!("__{}__", escape(&p.quoted))),
            PartKind::Changed | PartKind::Misspelt => out.push(format!(
                "~~{}~~ __{}__",
                escape(&p.printed),
                escape(&p.quoted)
            )),
        }
    }
    format!("…{}…", out.join(" "))
}

/// "Friedrich Merz · Chancellor of Germany" over "> quote" and a short citation: the
/// publisher and date, linked, and the article's number in the reply's list of sources.
fn statement_field(s: &StatementView, show_entity: bool, number: usize, l: Locale) -> EmbedField {
    let mut name = s.speaker.to_string();
    if let Some(role) = s.shown_role_in(l) {
        name = format!("{name} · {role}");
    }
    if show_entity {
        if let (Some(flag), Some(entity)) = (&s.flag, &s.entity) {
            let entity = match &s.entity_key {
                Some(key) => l.side_name(key, entity),
                None => entity.to_string(),
            };
            name = format!("{flag} {name} ({entity})");
        }
    }
    let source = short_citation(s.source, number, l);
    let kind = match s.kind {
        "direct" => String::new(),
        "mixed" => format!(" · {}", l.word("partly_quoted")),
        _ => format!(" · {}", l.word("reported")),
    };
    let also = s
        .also_in_names()
        .map(|(names, rest)| {
            let mut line = l.phrase("also_in", &[("names", &names.join(", "))]);
            if rest > 0 {
                line.push_str(&format!(" +{rest}"));
            }
            format!(" · {}", escape(&line))
        })
        .unwrap_or_default();
    let language = match s.language {
        "en" => String::new(),
        code => format!(" · {}", l.language_name(code)),
    };
    let tail = format!("\n— {source}{kind}{language}{also}");
    let room = FIELD_VALUE_MAX
        .saturating_sub(tail.chars().count() + 4)
        .min(QUOTE_MAX);
    let quote = cut_at_word(&escape(s.text), room);
    EmbedField {
        name: cut_at_word(&escape(&name), FIELD_NAME_MAX),
        value: format!("> {}{tail}", quote.replace('\n', "\n> ")),
        inline: false,
    }
}

/// "[Reuters · 2026-01-07](url) [1]": who published it and when, linked, and its number.
fn short_citation(src: &SourceRef, number: usize, l: Locale) -> String {
    let mut label = src
        .publisher
        .as_deref()
        .map(|p| cut_at_word(&escape(p), 40))
        .unwrap_or_else(|| cut_at_word(&escape(&src.title), 40));
    if let Some(d) = &src.published {
        label.push_str(&format!(" · {}", l.date(d)));
    }
    match src.url.as_deref().and_then(link_target) {
        Some(url) => format!("[{label}]({url}) [{number}]"),
        None => format!("{label} [{number}]"),
    }
}

fn source_line(src: &SourceRef, l: Locale) -> String {
    let title = cut_at_word(&escape(&src.title), 200);
    let linked = match src.url.as_deref().and_then(link_target) {
        Some(url) => format!("[{title}]({url})"),
        None => title,
    };
    let mut out = linked;
    if let Some(p) = &src.publisher {
        out.push_str(&format!(", {}", cut_at_word(&escape(p), 60)));
    }
    if let Some(d) = &src.published {
        out.push_str(&format!(", {}", l.date(d)));
    }
    out
}

fn group_fields<'a>(g: &'a Group, cited: &mut Vec<&'a SourceRef>, l: Locale) -> Vec<EmbedField> {
    let mut header = format!("{} · {}", side(&g.entity, l), l.statements(g.total));
    if g.total > g.statements.len() && !g.statements.is_empty() {
        let more = (g.total - g.statements.len()).to_string();
        header.push_str(&format!(" ({})", l.phrase("more", &[("n", &more)])));
    }
    if g.statements.is_empty() {
        return vec![EmbedField {
            name: cut_at_word(&escape(&header), FIELD_NAME_MAX),
            value: l.word("nothing_on_page").to_string(),
            inline: false,
        }];
    }
    g.statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut f = statement_field(s, false, cite(cited, s.source), l);
            for a in &s.also_in {
                cite(cited, a);
            }
            if i == 0 {
                f.name = cut_at_word(&format!("{} — {}", escape(&header), f.name), FIELD_NAME_MAX);
            }
            f
        })
        .collect()
}

fn footer(reply: &Reply, l: Locale) -> Option<String> {
    let mut parts = Vec::new();
    if reply.pages > 1 {
        parts.push(page_of(reply, l));
    }
    parts.push(l.word("as_printed").to_string());
    Some(parts.join(" · "))
}

fn help_embed(reply: &Reply, l: Locale) -> Embed {
    Embed {
        title: l.word("help_title").to_string(),
        description: super::words::note(reply, l).as_deref().map(escape),
        url: None,
        color: COLOR_INFO,
        fields: lines_in(l)
            .into_iter()
            .map(|(cmd, what)| EmbedField {
                name: cmd,
                value: what,
                inline: false,
            })
            .collect(),
        footer: None,
    }
}

/// "Page 2 of 5".
fn page_of(reply: &Reply, l: Locale) -> String {
    let (page, pages) = ((reply.page + 1).to_string(), reply.pages.to_string());
    l.phrase("page_of", &[("page", &page), ("pages", &pages)])
}

fn sources_embed(reply: &Reply, l: Locale) -> Embed {
    let lines: Vec<String> = reply
        .sources
        .iter()
        .map(|s| format!("• {}", source_line(s, l)))
        .collect();
    let mut description = super::words::note(reply, l)
        .as_deref()
        .map(escape)
        .unwrap_or_default();
    if !lines.is_empty() {
        description.push_str("\n\n");
        description.push_str(&lines.join("\n"));
    }
    Embed {
        title: l.word("sources").to_string(),
        description: Some(cut_at_word(&description, DESCRIPTION_MAX)).filter(|d| !d.is_empty()),
        url: None,
        color: COLOR_INFO,
        fields: Vec::new(),
        footer: footer(reply, l),
    }
}

/// Keeps an embed within Discord's limits: cuts every part to its own limit, then the longest
/// field values until the whole fits in 6,000 characters.
fn fit(embed: &mut Embed) {
    embed.title = cut_at_word(&embed.title, TITLE_MAX);
    if let Some(d) = &mut embed.description {
        *d = cut_at_word(d, DESCRIPTION_MAX);
    }
    embed.fields.truncate(FIELDS_MAX);
    for f in &mut embed.fields {
        f.name = cut_at_word(&f.name, FIELD_NAME_MAX);
        f.value = cut_at_word(&f.value, FIELD_VALUE_MAX);
    }
    while embed.total_chars() > EMBED_TOTAL_MAX {
        let over = embed.total_chars() - EMBED_TOTAL_MAX;
        let longest = embed
            .fields
            .iter_mut()
            .max_by_key(|f| f.value.chars().count());
        match longest {
            Some(f) if f.value.chars().count() > 80 => {
                let len = f.value.chars().count();
                f.value = cut_at_word(&f.value, (len - over).max(80));
            }
            _ => {
                if let Some(d) = &mut embed.description {
                    let len = d.chars().count();
                    *d = cut_at_word(d, len.saturating_sub(over).max(1));
                } else {
                    embed.fields.pop();
                }
            }
        }
    }
}

/// Statements shown in an ingest preview; the rest are counted.
const PREVIEW_STATEMENTS: usize = 10;

/// The private preview of an article a moderator is adding: what was extracted, with Confirm
/// and Cancel buttons (their custom_ids are given by the caller, who keeps the pending article),
/// in the moderator's locale.
pub fn ingest_preview(
    title: &str,
    views: &[StatementView],
    (confirm_id, cancel_id): (&str, &str),
    l: Locale,
) -> Message {
    let n = views.len();
    let mut fields: Vec<EmbedField> = views
        .iter()
        .take(PREVIEW_STATEMENTS)
        .map(|s| statement_field(s, true, 1, l))
        .collect();
    let found = l.statements(n);
    let mut description = match n {
        0 => l.word("preview_none").to_string(),
        1 => l.phrase("preview_one", &[("statements", &found)]),
        _ => l.phrase("preview_many", &[("statements", &found)]),
    };
    if n > PREVIEW_STATEMENTS {
        let shown = PREVIEW_STATEMENTS.to_string();
        description.push_str(&l.phrase("preview_first", &[("n", &shown)]));
    }
    if n == 0 {
        fields.clear();
    }
    let mut embed = Embed {
        title: cut_at_word(
            &l.phrase("notice_preview", &[("title", &escape(title))]),
            TITLE_MAX,
        ),
        description: Some(description),
        url: None,
        color: COLOR_INFO,
        fields,
        footer: Some(l.word("preview_private").to_string()),
    };
    fit(&mut embed);
    let button = |id: &str, key: &str| Button {
        custom_id: id.chars().take(CUSTOM_ID_MAX).collect(),
        label: l.word(key).to_string(),
        disabled: false,
    };
    Message {
        embeds: vec![embed],
        buttons: vec![button(confirm_id, "confirm"), button(cancel_id, "cancel")],
        ephemeral: true,
    }
}

/// A short private notice (moderation results and refusals), as an embed without buttons.
pub fn notice(title: &str, text: &str) -> Message {
    let mut embed = Embed {
        title: cut_at_word(&escape(title), TITLE_MAX),
        description: Some(cut_at_word(&escape(text), DESCRIPTION_MAX)).filter(|d| !d.is_empty()),
        url: None,
        color: COLOR_INFO,
        fields: Vec::new(),
        footer: None,
    };
    fit(&mut embed);
    Message {
        embeds: vec![embed],
        buttons: Vec::new(),
        ephemeral: true,
    }
}

/// A notice in `l`: its title's word and its text's phrase (by their keys in the locale
/// tables) with the phrase's values filled in.
pub fn notice_in(l: Locale, title: &str, text: &str, values: &[(&str, &str)]) -> Message {
    notice(l.word(title), &l.phrase(text, values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceRef;

    /// The article of `learned_view`.
    fn tallinn() -> SourceRef {
        SourceRef {
            id: "a1".into(),
            title: "Tallinn pledges aid".into(),
            publisher: Some("Test Wire".into()),
            url: None,
            published: Some("2026-01-07".into()),
            language: "en".into(),
        }
    }

    /// A statement by a speaker whose office was learned from other articles.
    fn learned_view(source: &SourceRef) -> StatementView<'_> {
        StatementView {
            id: "s1",
            text: "We stand with Ukraine.",
            speaker: "Arvo Kaskema",
            role: Some("Estonian Foreign Minister, seen in 4 articles".into()),
            entity: Some("Estonia"),
            flag: Some("🇪🇪"),
            entity_key: Some("EE"),
            kind: "direct",
            source,
            paragraph: 1,
            printings: 1,
            also_in: Vec::new(),
            language: "en",
            learned: Some(("Estonian Foreign Minister".into(), 4)),
        }
    }

    #[test]
    fn a_preview_and_a_notice_are_said_in_the_moderators_locale() {
        let source = tallinn();
        let views = [learned_view(&source)];
        let german = ingest_preview("Hilfe", &views, ("ok", "no"), Locale::German);
        let e = &german.embeds[0];
        assert_eq!(e.title, "Vorschau: Hilfe");
        assert_eq!(
            e.description.as_deref(),
            Some("1 Aussage gefunden. Bestätigen fügt sie dem Bestand hinzu; Abbrechen verwirft den Artikel.")
        );
        assert_eq!(e.footer.as_deref(), Some("Nur Sie sehen diese Vorschau"));
        assert_eq!(
            e.fields[0].name,
            "🇪🇪 Arvo Kaskema · Estonian Foreign Minister, in 4 Artikel gesehen (Estland)"
        );
        let labels: Vec<&str> = german.buttons.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Bestätigen", "Abbrechen"]);
        assert!(german.ephemeral && german.within_limits());
        let english = ingest_preview("Aid", &[], ("ok", "no"), Locale::English);
        assert_eq!(english.embeds[0].title, "Preview: Aid");
        assert_eq!(english.buttons[0].label, "Confirm");

        let n = notice_in(Locale::Spanish, "notice_not_allowed", "refused_store", &[]);
        assert_eq!(n.embeds[0].title, "No permitido");
        assert!(n.ephemeral && n.buttons.is_empty());
        let n = notice_in(
            Locale::French,
            "notice_retracted",
            "retracted",
            &[("id", "s1"), ("what", "")],
        );
        let d = n.embeds[0].description.as_deref().unwrap_or_default();
        assert!(d.starts_with("La déclaration "), "{d}");
        assert!(d.contains(" n'est plus donnée en réponse. "), "{d}");
    }
    #[test]
    fn a_question_not_understood_is_quoted_as_the_user_typed_it() {
        let r = Reply::new(Command::Position, Outcome::NotFound, "/position gxrmxny");
        assert_eq!(heading(&r, Locale::Spanish), "«/posición gxrmxny»");
        assert_eq!(heading(&r, Locale::German), "„/position gxrmxny“");
        assert_eq!(heading(&r, Locale::English), "“/position gxrmxny”");
        let typed = Reply::new(Command::Position, Outcome::NotFound, "/positions x");
        assert_eq!(heading(&typed, Locale::French), "« /positions x »");
    }
}
