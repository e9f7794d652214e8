//! Follows: a channel that asked for each new statement by one side (on one topic, when given)
//! to be posted there. Plain data kept in `data/follows.jsonl`, the poster's delivery cursor, and
//! the pure decisions: whether a statement is for a follow, and the one message per article.
//! No I/O and no Discord calls here: `shell::poster` reads, writes and posts.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{fnv64, Article, Statement};
use crate::text::{fold, query_terms, topic_terms};

mod message;

pub use message::{listing, post};

/// The follows, one JSON object a line, in the data folder.
pub const FOLLOWS_FILE: &str = "follows.jsonl";
/// What the poster has delivered, in the data folder.
pub const CURSOR_FILE: &str = "follows-cursor.json";

/// One follow: post `side`'s new statements (on `topic`) to `channel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Follow {
    /// Discord ids are kept as strings, as Discord writes them: a JSON number this large loses
    /// digits in some readers (jq before 1.7, JavaScript).
    #[serde(with = "snowflake")]
    pub guild: u64,
    #[serde(with = "snowflake")]
    pub channel: u64,
    /// The side's gazetteer key ("DE", "EU").
    pub side: String,
    /// The side's name as shown ("Germany").
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Who set it up: "name (user id)".
    pub by: String,
    /// When, RFC 3339.
    pub at: String,
    /// Set when the channel refused a post (gone, or the bot may not post there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<Pause>,
    /// The Discord locale of whoever set it up ("de", "es-ES"): the posts' own words are in
    /// its language (English when none, or one without a table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// A Discord id written as a string; read from a string or a number.
mod snowflake {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&id.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Id {
            Text(String),
            Number(u64),
        }
        match Id::deserialize(d)? {
            Id::Number(n) => Ok(n),
            Id::Text(t) => t
                .trim()
                .parse()
                .map_err(|_| serde::de::Error::custom(format!("“{t}” is not a Discord id"))),
        }
    }
}

/// Why and since when a follow is not posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pause {
    pub at: String,
    pub reason: String,
}

/// A line of `follows.jsonl` that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{file} line {line}: {message}")]
pub struct FollowError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl Follow {
    /// A stable key for the follow: its channel, side and topic.
    pub fn key(&self) -> String {
        format!(
            "{:016x}",
            fnv64(&[
                &self.channel.to_string(),
                &self.side,
                &topic_key(self.topic.as_deref())
            ])
        )
    }

    /// Whether this is the follow of `side` (on `topic`) in `channel`.
    pub fn is(&self, channel: u64, side: &str, topic: Option<&str>) -> bool {
        self.channel == channel
            && self.side == side
            && topic_key(self.topic.as_deref()) == topic_key(topic)
    }

    /// Whether `statement` is one this follow posts: said for its side, and on its topic (a
    /// word of the topic, or of its synonym group, among the statement's words).
    pub fn wants(&self, statement: &Statement) -> bool {
        if statement.entity.as_deref() != Some(self.side.as_str()) {
            return false;
        }
        let Some(topic) = self.topic.as_deref() else {
            return true;
        };
        let wanted = topic_stems(topic);
        if wanted.is_empty() {
            return true;
        }
        topic_terms(&statement.text)
            .iter()
            .any(|t| wanted.contains(t.as_str()))
    }

    /// "Germany" or "Germany on “troops”".
    pub fn what(&self) -> String {
        self.what_in(crate::locale::Locale::English)
    }

    /// What is followed in `l`: "Deutschland zu „Truppen“".
    pub fn what_in(&self, l: crate::locale::Locale) -> String {
        followed_in(l, &self.side, &self.name, self.topic.as_deref())
    }
}

/// A side (by its key and English name) and perhaps a topic, as a follow of them is named in
/// `l`: "Germany on “troops”", "Deutschland zu „Truppen“".
pub fn followed_in(
    l: crate::locale::Locale,
    side: &str,
    name: &str,
    topic: Option<&str>,
) -> String {
    let side = l.side_name(side, name);
    match topic {
        Some(t) => l.phrase("follow_what", &[("side", &side), ("topic", t.trim())]),
        None => side,
    }
}

/// The stems a follow's topic stands for: its words and their synonyms.
fn topic_stems(topic: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in query_terms(topic) {
        out.extend(crate::index::topics::synonyms(&t).map(str::to_string));
        out.insert(t);
    }
    out
}

fn topic_key(topic: Option<&str>) -> String {
    topic.map(|t| fold(t.trim())).unwrap_or_default()
}

/// Reads `follows.jsonl` (blank lines are skipped).
pub fn parse(text: &str) -> Result<Vec<Follow>, FollowError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| FollowError {
                file: FOLLOWS_FILE,
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// The follows as `follows.jsonl`.
pub fn to_jsonl(follows: &[Follow]) -> String {
    let mut out = String::new();
    for f in follows {
        if let Ok(line) = serde_json::to_string(f) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// What `add` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    /// The follow was paused (the channel had refused a post); it posts again.
    Resumed,
    /// The channel already follows this.
    Already,
}

/// Adds a follow, or resumes the same one when it was paused.
pub fn add(follows: &mut Vec<Follow>, new: Follow) -> Added {
    let topic = new.topic.clone();
    match follows
        .iter_mut()
        .find(|f| f.is(new.channel, &new.side, topic.as_deref()))
    {
        Some(f) if f.paused.is_some() => {
            f.paused = None;
            Added::Resumed
        }
        Some(_) => Added::Already,
        None => {
            follows.push(new);
            Added::New
        }
    }
}

/// Removes the follow of `side` (on `topic`) in `channel`; gives it back when there was one.
pub fn remove(
    follows: &mut Vec<Follow>,
    channel: u64,
    side: &str,
    topic: Option<&str>,
) -> Option<Follow> {
    let i = follows.iter().position(|f| f.is(channel, side, topic))?;
    Some(follows.remove(i))
}

/// Pauses the follow with `key`; false when there is none or it is paused already.
pub fn pause(follows: &mut [Follow], key: &str, pause: Pause) -> bool {
    match follows
        .iter_mut()
        .find(|f| f.key() == key && f.paused.is_none())
    {
        Some(f) => {
            f.paused = Some(pause);
            true
        }
        None => false,
    }
}

/// What the poster has delivered: every article it has dealt with, and for the article in
/// progress, the follows it has been posted to already. Articles in the store and not in `seen`
/// are new.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cursor {
    pub seen: BTreeSet<String>,
    /// Article id → keys of the follows it was posted to, while it is being delivered.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub posting: BTreeMap<String, BTreeSet<String>>,
}

impl Cursor {
    /// A cursor that takes every article in `articles` as dealt with (the first start: what is
    /// in the store already is not news).
    pub fn starting_at<'a>(articles: impl IntoIterator<Item = &'a str>) -> Cursor {
        Cursor {
            seen: articles.into_iter().map(str::to_string).collect(),
            posting: BTreeMap::new(),
        }
    }

    /// The articles of `articles` not dealt with yet, in the order given.
    pub fn fresh<'a>(&self, articles: impl IntoIterator<Item = &'a Article>) -> Vec<&'a Article> {
        articles
            .into_iter()
            .filter(|a| !self.seen.contains(&a.id))
            .collect()
    }

    pub fn posted(&self, article: &str, follow: &str) -> bool {
        self.posting
            .get(article)
            .is_some_and(|keys| keys.contains(follow))
    }

    pub fn mark_posted(&mut self, article: &str, follow: &str) {
        self.posting
            .entry(article.to_string())
            .or_default()
            .insert(follow.to_string());
    }

    /// The article has been posted to every follow that wants it.
    pub fn finish(&mut self, article: &str) {
        self.posting.remove(article);
        self.seen.insert(article.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Locale;
    use crate::model::{Kind, Speaker};
    use crate::render::escape::can_ping;

    fn follow(topic: Option<&str>) -> Follow {
        Follow {
            guild: 1,
            channel: 2,
            side: "DE".into(),
            name: "Germany".into(),
            topic: topic.map(str::to_string),
            by: "alice (3)".into(),
            at: "2026-12-02T06:00:00Z".into(),
            paused: None,
            locale: None,
        }
    }

    fn statement(entity: &str, text: &str, kind: Kind) -> Statement {
        Statement {
            id: format!("s-{}", text.len()).into(),
            text: text.into(),
            kind,
            speaker: Speaker {
                name: "Friedrich Merz".into(),
                role: Some("Chancellor".into()),
            },
            entity: Some(entity.into()),
            mentions: Vec::new(),
            article: "a1".into(),
            paragraph: 1,
        }
    }

    fn article() -> Article {
        Article {
            id: "a1".into(),
            title: Some("Berlin weighs a mission".into()),
            publisher: Some("Test Wire".into()),
            url: Some("https://example.org/a1".into()),
            published: Some("2026-12-01".into()),
            language: None,
            fingerprint: "f".into(),
        }
    }

    #[test]
    fn a_follow_wants_its_side_and_topic_with_synonyms() {
        let troops = statement("DE", "We will send soldiers to the mission.", Kind::Direct);
        let gas = statement("DE", "Gas prices must come down.", Kind::Direct);
        let french = statement("FR", "We will send soldiers.", Kind::Direct);
        assert!(follow(None).wants(&troops) && follow(None).wants(&gas));
        assert!(!follow(None).wants(&french));
        assert!(follow(Some("troops")).wants(&troops), "soldiers ~ troops");
        assert!(!follow(Some("troops")).wants(&gas));
        let mut unattributed = troops.clone();
        unattributed.entity = None;
        assert!(!follow(None).wants(&unattributed));
    }

    #[test]
    fn follows_round_trip_and_bad_lines_are_named() {
        let list = vec![follow(None), follow(Some("troops"))];
        let text = to_jsonl(&list);
        assert!(
            text.starts_with(r#"{"guild":"1","channel":"2","side":"DE""#),
            "{text}"
        );
        assert_eq!(parse(&text).expect("parses"), list);
        let by_hand = r#"{"guild":1,"channel":"2","side":"DE","name":"Germany","by":"alice (3)","at":"2026-12-02T06:00:00Z"}"#;
        assert_eq!(
            parse(by_hand).expect("numbers are read too"),
            vec![follow(None)]
        );
        assert!(parse(&by_hand.replace(r#""2""#, r#""two""#)).is_err());
        let err = parse(&format!("{text}\n{{\"guild\": 1}}\n")).expect_err("broken");
        assert_eq!(err.line, 4);
        assert!(
            err.to_string().starts_with("follows.jsonl line 4:"),
            "{err}"
        );
    }

    #[test]
    fn add_remove_pause_and_resume() {
        let mut list = Vec::new();
        assert_eq!(add(&mut list, follow(Some("Troops "))), Added::New);
        assert_eq!(add(&mut list, follow(Some("troops"))), Added::Already);
        assert_eq!(add(&mut list, follow(None)), Added::New);
        let key = list[0].key();
        let p = Pause {
            at: "t".into(),
            reason: "HTTP 403".into(),
        };
        assert!(pause(&mut list, &key, p.clone()));
        assert!(!pause(&mut list, &key, p), "paused once");
        assert_eq!(add(&mut list, follow(Some("troops"))), Added::Resumed);
        assert!(list[0].paused.is_none());
        assert!(remove(&mut list, 2, "DE", Some("TROOPS")).is_some());
        assert!(remove(&mut list, 2, "DE", Some("troops")).is_none());
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn the_cursor_tells_new_articles_and_half_done_ones() {
        let a = article();
        let mut b = article();
        b.id = "b".into();
        let mut c = Cursor::starting_at(["a1"]);
        let fresh = c.fresh([&a, &b]);
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh[0].id, "b");
        c.mark_posted("b", "k1");
        assert!(c.posted("b", "k1") && !c.posted("b", "k2"));
        c.finish("b");
        assert!(c.fresh([&a, &b]).is_empty());
        assert!(c.posting.is_empty());
        let json = serde_json::to_string(&c).expect("serializes");
        assert_eq!(serde_json::from_str::<Cursor>(&json).expect("parses"), c);
    }

    #[test]
    fn one_post_per_article_within_limits_and_without_pings() {
        let a = article();
        let mut many = Vec::new();
        for i in 0..40 {
            let text = format!("@everyone <@&12> troops {i} {}", "long words ".repeat(120));
            many.push(statement("DE", &text, Kind::Direct));
        }
        many.push(statement("DE", "Reported talk of troops.", Kind::Indirect));
        many.push(statement("FR", "French troops.", Kind::Direct));
        let refs: Vec<&Statement> = many.iter().collect();
        let m = post(&follow(Some("troops")), &a, &refs).expect("a post");
        assert!(m.within_limits(), "{}", m.embeds[0].total_chars());
        assert!(!m.ephemeral);
        let e = &m.embeds[0];
        assert_eq!(e.fields.len(), 25);
        assert!(e
            .description
            .as_deref()
            .unwrap_or("")
            .contains("41 statements"));
        assert!(e.footer.as_deref().unwrap_or("").starts_with("+16 more"));
        assert_eq!(e.url.as_deref(), Some("https://example.org/a1"));
        let all = serde_json::to_string(&m).expect("serializes");
        assert!(!can_ping(&all), "{all}");
        let one = post(&follow(None), &a, &refs[40..]).expect("a post");
        assert_eq!(
            one.embeds[0].fields[0].value,
            "Reported talk of troops. *(reported)*"
        );
        assert_eq!(one.embeds[0].fields[0].name, "Friedrich Merz, Chancellor");
        let vow = "He vowed that the country would be “merciless” in defending itself.";
        let mixed = statement("DE", vow, Kind::Mixed);
        let m = post(&follow(None), &a, &[&mixed]).expect("a post");
        assert_eq!(
            m.embeds[0].fields[0].value,
            format!("{vow} *(partly quoted)*")
        );
        assert!(post(&follow(Some("gas")), &a, &refs).is_none());
    }

    #[test]
    fn a_follow_set_up_in_german_posts_in_german_and_the_quotes_as_printed() {
        let a = article();
        let mut german = follow(None);
        german.locale = Some("de".into());
        let mut many: Vec<Statement> = (0..30)
            .map(|i| statement("DE", &format!("Troops {i} will stay."), Kind::Direct))
            .collect();
        many.push(statement("DE", "Reported talk of troops.", Kind::Indirect));
        let refs: Vec<&Statement> = many.iter().collect();
        let e = &post(&german, &a, &refs).expect("a post").embeds[0];
        let description = e.description.as_deref().unwrap_or("");
        assert!(
            description.starts_with("Neu von **Deutschland**: 31 Aussagen"),
            "{description}"
        );
        let footer = e.footer.as_deref().unwrap_or("");
        assert!(
            footer.starts_with("+6 weitere in diesem Artikel: /position Deutschland"),
            "{footer}"
        );
        assert_eq!(e.fields[0].value, "“Troops 0 will stay.”");
        let one = post(&german, &a, &refs[30..]).expect("a post");
        let e = &one.embeds[0];
        assert_eq!(e.fields[0].value, "Reported talk of troops. *(indirekt)*");
        assert!(e
            .footer
            .as_deref()
            .unwrap_or("")
            .starts_with("Abo: Deutschland"));
        // A locale without a table reads as English.
        german.locale = Some("ja".into());
        let e = &post(&german, &a, &refs[30..]).expect("a post").embeds[0];
        assert!(e
            .description
            .as_deref()
            .unwrap_or("")
            .starts_with("New from **Germany**"));
    }

    #[test]
    fn the_listing_names_who_set_each_follow_up() {
        let mut other = follow(None);
        other.guild = 9;
        let mut paused = follow(Some("troops"));
        paused.paused = Some(Pause {
            at: "t".into(),
            reason: "the channel answered 403".into(),
        });
        let all = [follow(None), other, paused];
        let m = listing(&all, 1, Locale::English);
        let d = m.embeds[0].description.clone().unwrap_or_default();
        assert_eq!(m.embeds[0].title, "Following: 2 follows");
        assert!(
            d.contains("**Germany** in <#2> — set up by alice on 2026-12-02"),
            "{d}"
        );
        assert!(d.contains("**paused**"), "{d}");
        assert!(m.ephemeral && m.within_limits());
        let none = listing(&[], 1, Locale::English);
        assert!(none.embeds[0]
            .description
            .as_deref()
            .unwrap_or("")
            .contains("follows nothing"));
    }

    #[test]
    fn the_listing_is_said_in_the_users_locale() {
        let mut paused = follow(Some("troops"));
        paused.paused = Some(Pause {
            at: "t".into(),
            reason: "the channel answered 403".into(),
        });
        let m = listing(&[follow(None), paused], 1, Locale::German);
        let d = m.embeds[0].description.clone().unwrap_or_default();
        assert_eq!(m.embeds[0].title, "Gefolgt: 2 Abos");
        assert!(
            d.contains("**Deutschland** in <#2> — eingerichtet von alice am 2. Dezember 2026"),
            "{d}"
        );
        assert!(d.contains("**Deutschland zu „troops“**"), "{d}");
        assert!(d.contains("**pausiert**: the channel answered 403"), "{d}");
        let none = listing(&[], 1, Locale::Spanish);
        assert_eq!(
            none.embeds[0].description.as_deref(),
            Some("Este servidor aún no sigue nada. En un canal, `/seguir quién:Alemania` publica allí las nuevas declaraciones de Alemania.")
        );
        assert_eq!(
            follow(Some("troops")).what_in(Locale::French),
            "Allemagne sur « troops »"
        );
    }
}
