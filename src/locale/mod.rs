//! The bot's own words in the locales Discord gives (de, fr, es-ES, English otherwise): the
//! commands' names and descriptions, and the fixed words of a reply. One table per locale, as data
//! (`en.json`, `de.json`, `fr.json`, `es.json`); nothing here knows Discord's types.
//!
//! A table has `names` (a command's or option's English name → its name in the locale), `texts`
//! (an English description → its translation), `words` (a reply's fixed words by key, with
//! `{placeholders}`), `sides` (the few sides the country data names only formally) and
//! `question` (the words a free question is put in, read in every language at once). English words are `en.json`'s; a key a locale lacks is said in English.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// A language the bot speaks its own words in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    English,
    German,
    French,
    Spanish,
}

/// One locale's table, as written in its file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    /// The locale as Discord names it ("de", "fr", "es-ES").
    discord: String,
    names: HashMap<String, String>,
    texts: HashMap<String, String>,
    words: HashMap<String, String>,
    /// A side's usual name where the country data gives only the state's formal one
    /// ("Russische Föderation"): by the side's key. Every other side is named from the data.
    #[serde(default)]
    sides: HashMap<String, String>,
    /// How a question is put in the language (`QuestionWords`).
    #[serde(default)]
    question: QuestionTable,
}

/// The words of a free question in one language, as written in its table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionTable {
    /// Words around a name that ask, not name: "what", "did", "say"; "was", "hat", "gesagt".
    filler: Vec<String>,
    /// Words that lead a topic: "about", "on"; "zu", "über"; "sur"; "sobre".
    topic_markers: Vec<String>,
    /// Elided words written onto the next with an apostrophe ("l'", "qu'"), taken off it.
    #[serde(default)]
    elisions: Vec<String>,
    /// Filler words that also join the parts of a name: the "le" of "Marine Le Pen", the
    /// "von der" of "Ursula von der Leyen".
    #[serde(default)]
    name_particles: Vec<String>,
}

/// The words of a free question in every language the bot speaks, folded (`text::fold`): a
/// mention may be put in any of them, whatever its server's language.
#[derive(Debug, Default)]
pub struct QuestionWords {
    pub filler: std::collections::HashSet<String>,
    pub topic_markers: std::collections::HashSet<String>,
    /// As written, apostrophe included, lower-case.
    pub elisions: Vec<String>,
    pub name_particles: std::collections::HashSet<String>,
}

/// The question words of every table (see `QuestionWords`).
pub fn question_words() -> &'static QuestionWords {
    static WORDS: OnceLock<QuestionWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut out = QuestionWords::default();
        for t in tables().values() {
            let q = &t.question;
            out.filler
                .extend(q.filler.iter().map(|w| crate::text::fold(w)));
            out.topic_markers
                .extend(q.topic_markers.iter().map(|w| crate::text::fold(w)));
            out.elisions
                .extend(q.elisions.iter().map(|w| w.to_lowercase()));
            out.name_particles
                .extend(q.name_particles.iter().map(|w| crate::text::fold(w)));
        }
        out
    })
}

const TABLES: [(Locale, &str); 4] = [
    (Locale::English, include_str!("en.json")),
    (Locale::German, include_str!("de.json")),
    (Locale::French, include_str!("fr.json")),
    (Locale::Spanish, include_str!("es.json")),
];

fn tables() -> &'static HashMap<Locale, Table> {
    static TABLES_READ: OnceLock<HashMap<Locale, Table>> = OnceLock::new();
    TABLES_READ.get_or_init(|| {
        TABLES
            .iter()
            .filter_map(|(locale, json)| match serde_json::from_str::<Table>(json) {
                Ok(t) => Some((*locale, t)),
                Err(e) => {
                    tracing::error!("the locale table of {locale:?} is broken: {e}");
                    None
                }
            })
            .collect()
    })
}

impl Locale {
    /// The locales other than English, each with a table of translations.
    pub const TRANSLATED: [Locale; 3] = [Locale::German, Locale::French, Locale::Spanish];

    /// The locale of a Discord locale tag ("de", "fr", "es-ES", "es-419", "en-US"…): English
    /// for every tag it has no table for.
    pub fn of_discord(tag: &str) -> Locale {
        match tag.split('-').next().unwrap_or("") {
            "de" => Locale::German,
            "fr" => Locale::French,
            "es" => Locale::Spanish,
            _ => Locale::English,
        }
    }

    /// The tag Discord's `name_localizations` and `description_localizations` key it by.
    pub fn discord_tag(self) -> &'static str {
        tables().get(&self).map_or("en-US", |t| t.discord.as_str())
    }

    fn table(self) -> Option<&'static Table> {
        tables().get(&self)
    }

    /// A command's or option's name in this locale (none for English, or when untranslated).
    pub fn name(self, english: &str) -> Option<&'static str> {
        self.table()
            .filter(|_| self != Locale::English)?
            .names
            .get(english)
            .map(String::as_str)
    }

    /// A command's or option's name as a user of this locale types it ("vergleichen").
    pub fn command(self, english: &'static str) -> &'static str {
        self.name(english).unwrap_or(english)
    }

    /// A description in this locale (none for English, or when untranslated).
    pub fn text(self, english: &str) -> Option<&'static str> {
        self.table()
            .filter(|_| self != Locale::English)?
            .texts
            .get(english)
            .map(String::as_str)
    }

    /// A reply's fixed word by key: in this locale, else in English, else the key itself.
    pub fn word(self, key: &str) -> &str {
        let of = |l: Locale| l.table().and_then(|t| t.words.get(key));
        of(self)
            .or_else(|| of(Locale::English))
            .map_or(key, String::as_str)
    }

    /// A fixed phrase with its `{placeholders}` filled in.
    pub fn phrase(self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = self.word(key).to_string();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// "3 statements", "1 Aussage".
    pub fn statements(self, n: usize) -> String {
        self.count("statement", "statements", n)
    }

    /// `n` of something, with the word for one (`one`) or for several (`many`): "1 article".
    pub fn count(self, one: &str, many: &str, n: usize) -> String {
        let key = if n == 1 { one } else { many };
        self.phrase(key, &[("n", &n.to_string())])
    }

    /// "in French", "auf Französisch": the language statements were asked in (ISO 639-1).
    pub fn in_language(self, code: &str) -> String {
        self.phrase("in_language", &[("language", &self.language_name(code))])
    }

    /// The ISO 639-1 code of the locale's language.
    pub fn code(self) -> &'static str {
        match self {
            Locale::English => "en",
            Locale::German => "de",
            Locale::French => "fr",
            Locale::Spanish => "es",
        }
    }

    /// A side's name in this locale ("Deutschland" for `DE`, "Germany" in English): the name
    /// the country data or the language's table gives it, else `english`.
    pub fn side_name(self, key: &str, english: &str) -> String {
        if key == crate::answer::others::OTHERS_KEY {
            return self.word("others").to_string();
        }
        if self == Locale::English {
            return english.to_string();
        }
        if let Some(name) = self.table().and_then(|t| t.sides.get(key)) {
            return name.clone();
        }
        crate::entities::side_name_in(key, self.code()).unwrap_or_else(|| english.to_string())
    }

    /// What kind of side it is ("territory"), from the label the reply model gives it.
    pub fn side_kind(self, label: &str) -> String {
        let key = match label {
            "state" => "kind_state",
            "organisation" => "kind_organisation",
            "movement or armed group" => "kind_movement",
            "governing authority" => "kind_authority",
            "sub-national government" => "kind_subnational",
            "territory" => "kind_territory",
            _ => return label.to_string(),
        };
        self.word(key).to_string()
    }

    /// "Jan 2026", "Jan. 2026", "janv. 2026" for the month "2026-01".
    pub fn month(self, month: &str) -> String {
        let (year, m) = month.split_once('-').unwrap_or((month, ""));
        match self.nth_of("months", m) {
            Some(name) => format!("{name} {year}"),
            None => month.to_string(),
        }
    }

    /// A publication date as this locale writes it: "7. Januar 2026", "7 janvier 2026"; English
    /// (and anything not a date) as printed, "2026-01-07".
    pub fn date(self, iso: &str) -> String {
        if self == Locale::English || !crate::model::is_iso_date(iso) {
            return iso.to_string();
        }
        let (year, month, day) = (&iso[..4], &iso[5..7], &iso[8..10]);
        let day = day.trim_start_matches('0');
        let day = if day == "1" { self.word("day_1") } else { day };
        match self.nth_of("months_long", month) {
            Some(name) => self.phrase("date", &[("day", day), ("month", name), ("year", year)]),
            None => iso.to_string(),
        }
    }

    /// The `n`th ("01" to "12") of a word's `|`-separated list (the months).
    fn nth_of(self, key: &'static str, n: &str) -> Option<&'static str> {
        let n: usize = n.parse().ok()?;
        self.word(key).split('|').nth(n.checked_sub(1)?)
    }

    /// "a, b or c" in this locale.
    pub fn or_list(self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => {
                self.phrase("or_list", &[("init", &init.join(", ")), ("last", last)])
            }
        }
    }

    /// A language's name in this locale ("Französisch"), from its ISO 639-1 code.
    pub fn language_name(self, code: &str) -> String {
        let key = format!("language_{code}");
        match self.word(&key) {
            name if name == key => crate::language::display_name(code),
            name => name.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_reads_and_has_every_word_english_has() {
        assert_eq!(tables().len(), TABLES.len(), "a table failed to parse");
        let english = &tables()[&Locale::English].words;
        for locale in Locale::TRANSLATED {
            let t = &tables()[&locale];
            for (key, word) in english {
                let there = t.words.get(key);
                assert!(there.is_some(), "{locale:?} lacks {key}");
                // The same placeholders, so no value is dropped or left as `{n}`.
                let holes = |s: &str| {
                    let mut v: Vec<String> = s
                        .split('{')
                        .skip(1)
                        .filter_map(|p| p.split_once('}'))
                        .map(|p| p.0.to_string())
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(
                    holes(word),
                    holes(there.map_or("", |s| s)),
                    "{locale:?} {key}"
                );
            }
            assert!(
                t.words.len() == english.len(),
                "{locale:?} has words English lacks"
            );
        }
    }

    #[test]
    fn discord_tags_choose_a_locale_and_english_is_the_rest() {
        assert_eq!(Locale::of_discord("de"), Locale::German);
        assert_eq!(Locale::of_discord("fr"), Locale::French);
        assert_eq!(Locale::of_discord("es-ES"), Locale::Spanish);
        assert_eq!(Locale::of_discord("es-419"), Locale::Spanish);
        assert_eq!(Locale::of_discord("en-GB"), Locale::English);
        assert_eq!(Locale::of_discord("ja"), Locale::English);
        assert_eq!(Locale::Spanish.discord_tag(), "es-ES");
        assert_eq!(Locale::German.statements(1), "1 Aussage");
        assert_eq!(Locale::French.statements(3), "3 déclarations");
        assert_eq!(Locale::English.in_language("fr"), "in French");
        assert_eq!(Locale::German.in_language("fr"), "auf Französisch");
        assert_eq!(Locale::English.name("position"), None);
        assert_eq!(Locale::German.name("compare"), Some("vergleichen"));
    }

    #[test]
    fn sides_months_and_dates_are_named_in_the_locale_and_english_as_before() {
        assert_eq!(Locale::German.side_name("DE", "Germany"), "Deutschland");
        assert_eq!(
            Locale::Spanish.side_name("EU", "European Union"),
            "Unión Europea"
        );
        assert_eq!(Locale::English.side_name("DE", "Germany"), "Germany");
        assert_eq!(Locale::French.side_name("RU", "Russia"), "Russie");
        assert_eq!(
            Locale::Spanish.side_name("KR", "South Korea"),
            "Corea del Sur"
        );
        // A side the data has no name for in the language keeps its English one.
        assert_eq!(Locale::French.side_name("XX", "Atlantis"), "Atlantis");
        assert_eq!(
            Locale::French.side_name("others", "Others: analysts, opposition, media"),
            "Autres : analystes, opposition, médias"
        );
        assert_eq!(Locale::French.side_kind("territory"), "territoire");
        assert_eq!(Locale::English.month("2026-01"), "Jan 2026");
        assert_eq!(Locale::German.month("2026-03"), "März 2026");
        assert_eq!(Locale::Spanish.month("2026-12"), "dic. 2026");
        assert_eq!(Locale::German.month("2026-13"), "2026-13");
        assert_eq!(Locale::English.date("2026-01-07"), "2026-01-07");
        assert_eq!(Locale::German.date("2026-01-07"), "7. Januar 2026");
        assert_eq!(Locale::French.date("2026-05-01"), "1er mai 2026");
        assert_eq!(Locale::Spanish.date("2026-10-21"), "21 de octubre de 2026");
        assert_eq!(Locale::Spanish.date("sometime"), "sometime");
        let three = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(Locale::English.or_list(&three), "a, b or c");
        assert_eq!(Locale::German.or_list(&three), "a, b oder c");
    }

    #[test]
    fn a_word_a_locale_lacks_is_said_in_english() {
        assert_eq!(Locale::German.word("no-such-key"), "no-such-key");
        // Every month list has twelve names.
        for l in [
            Locale::English,
            Locale::German,
            Locale::French,
            Locale::Spanish,
        ] {
            assert_eq!(l.word("months").split('|').count(), 12, "{l:?}");
            assert_eq!(l.word("months_long").split('|').count(), 12, "{l:?}");
        }
    }
}
