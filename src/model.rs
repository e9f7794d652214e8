//! The records the store keeps: articles and the statements extracted from them.
//! Plain serde types; no I/O here.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How a statement reports the speaker's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The speaker's own words in quotation marks.
    Direct,
    /// Reported speech with no quoted words.
    Indirect,
    /// Reported speech that quotes some of the speaker's words.
    Mixed,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Indirect => "indirect",
            Kind::Mixed => "mixed",
        }
    }
}

/// A statement's text as every rendering shows it: quotation marks around the speaker's own words
/// (a direct quote) only; reported speech, and a reported sentence holding a few quoted words
/// (`mixed`, whose quoted words keep the marks the article printed), go without outer marks, so
/// no rendering passes a paraphrase off as a quote. `kind` is `Kind::as_str`.
pub fn shown_statement(kind: &str, text: &str) -> String {
    if kind == Kind::Direct.as_str() {
        format!("“{text}”")
    } else {
        text.to_string()
    }
}

/// Who spoke: a person's name (or, when the article gives none, the title that stands for them)
/// and the office they spoke in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub name: Arc<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Arc<str>>,
}

/// One statement as stored in `data/articles/ID/statements.jsonl`. A misspelled field is an
/// error, not a silently missing value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Stable id derived from the article and the exact text.
    pub id: Arc<str>,
    /// The words exactly as printed in the article.
    pub text: Arc<str>,
    pub kind: Kind,
    pub speaker: Speaker,
    /// The entity the speaker speaks for (gazetteer id such as "DE" or "EU"); none when the
    /// article does not say and no office or name tells.
    #[serde(default)]
    pub entity: Option<String>,
    /// Other entities the statement names.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// The id of the source article.
    pub article: String,
    /// The paragraph (1-based line of the article body) the statement stands in.
    pub paragraph: u32,
}

/// An article's metadata, kept beside its text as `data/articles/ID/article.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The language the article is written in (ISO 639-1); absent in stores written before
    /// languages were told apart, which were English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// A hash of the article body; the same body is never ingested twice.
    pub fingerprint: String,
}

/// FNV-1a, 64 bits: a small, stable hash for ids and fingerprints (not for security).
pub fn fnv64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.as_bytes() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The stable id of a statement: 12 hex digits of a hash of its article and its text.
pub fn statement_id(article: &str, text: &str, paragraph: u32) -> String {
    let p = paragraph.to_string();
    format!("s{:012x}", fnv64(&[article, &p, text]) & 0xffff_ffff_ffff)
}

/// Gives an article's statements their ids. The same words twice in one paragraph by the same
/// speaker are one statement (the repeat is dropped); words two speakers said together ("France
/// and Germany said …") are one statement each, the second numbered with its speaker so that
/// the first keeps the id it would have alone.
pub fn number_statements(statements: &mut Vec<Statement>) {
    // Who printed words of an id: the speaker and the side.
    type Who = (Arc<str>, Option<String>);
    let mut seen: std::collections::HashMap<Arc<str>, Vec<Who>> = std::collections::HashMap::new();
    statements.retain_mut(|s| {
        s.id = statement_id(&s.article, &s.text, s.paragraph).into();
        let who = (s.speaker.name.clone(), s.entity.clone());
        let speakers = seen.entry(s.id.clone()).or_default();
        if speakers.contains(&who) {
            return false;
        }
        if !speakers.is_empty() {
            s.id = joint_statement_id(&s.article, &s.text, s.paragraph, &s.speaker.name).into();
        }
        speakers.push(who);
        true
    });
}

/// The id of a statement that one speaker made together with another, who has the plain id.
fn joint_statement_id(article: &str, text: &str, paragraph: u32, speaker: &str) -> String {
    let p = paragraph.to_string();
    format!(
        "s{:012x}",
        fnv64(&[article, &p, text, speaker]) & 0xffff_ffff_ffff
    )
}

/// The fingerprint of an article body: insensitive to line-ending style and trailing space.
pub fn fingerprint(body: &str) -> String {
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect();
    format!("{:016x}", fnv64(&lines))
}

/// Whether a string is a calendar date written YYYY-MM-DD (a day the calendar has: not
/// 2026-02-31).
pub fn is_iso_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// The one way the store writes a moment (a retraction's `at`): RFC 3339 in UTC to the second,
/// "2026-01-07T12:00:00Z".
pub fn timestamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Whether a stored `at` reads as a moment: an RFC 3339 timestamp with or without fractions of a
/// second (`…00Z` as written now, `…00.123Z` as the bot wrote before), or a plain date.
pub fn is_timestamp(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok() || is_iso_date(s)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
/// How a reply cites an article; the index keeps one per article.
pub struct SourceRef {
    /// Article id in the store.
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The article's language (ISO 639-1); shown with each statement, not with the source.
    #[serde(skip)]
    pub language: Arc<str>,
}

impl SourceRef {
    /// How replies cite an article: its title, or its id when it has none.
    pub fn of(a: &Article) -> SourceRef {
        SourceRef {
            id: a.id.clone(),
            title: a.title.clone().unwrap_or_else(|| a.id.clone()),
            publisher: a.publisher.clone(),
            url: a.url.clone(),
            published: a.published.clone(),
            language: a.language.as_deref().unwrap_or("en").into(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_have_one_format_and_both_old_ones_read() {
        use chrono::TimeZone;
        let at = chrono::Utc
            .timestamp_opt(1_767_787_200, 123_000_000)
            .unwrap();
        assert_eq!(super::timestamp(at), "2026-01-07T12:00:00Z");
        assert!(super::is_timestamp("2026-01-07T12:00:00Z"));
        assert!(super::is_timestamp("2026-01-07T12:00:00.123Z"));
        assert!(super::is_timestamp("2026-01-07"));
        assert!(!super::is_timestamp("2026-02-30T12:00:00Z"));
        assert!(!super::is_timestamp("yesterday"));
    }

    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = statement_id("art", "We will help.", 3);
        assert_eq!(a, statement_id("art", "We will help.", 3));
        assert_ne!(a, statement_id("art", "We will help!", 3));
        assert_eq!(a.len(), 13);
    }

    /// A stored id, copied from `data/articles/coalition-paris-2026-01-07/statements.jsonl`:
    /// retractions, links and the moderation log name statements by id, so a change of the id
    /// scheme would orphan every one of them. If this fails, the scheme changed: migrate the store.
    #[test]
    fn a_stored_id_keeps_its_value() {
        let text = "The 35 countries of the “Alliance of the Willing” today ratified the “Paris \
                    declaration”, which details “strong security guarantees for stable and lasting \
                    peace” in , announced the French president, who welcomed the “operational \
                    convergence” between its members.";
        assert_eq!(
            statement_id("coalition-paris-2026-01-07", text, 1),
            "s5153e46458fe"
        );
    }

    #[test]
    fn fingerprint_ignores_line_endings() {
        assert_eq!(fingerprint("a\r\nb\n"), fingerprint("a\nb"));
        assert_ne!(fingerprint("a\nb"), fingerprint("a\nc"));
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2026-01-07"));
        assert!(!is_iso_date("2026-13-07"));
        assert!(!is_iso_date("07.01.2026"));
        assert!(!is_iso_date("2026-02-31"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2026-1-07"));
    }
}
