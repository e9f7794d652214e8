//! The bot's own words in the locales Discord gives (de, fr, es-ES, English otherwise): the
//! commands' names and descriptions, and the fixed words of a reply. One table per locale, as data
//! (`en.json`, `de.json`, `fr.json`, `es.json`); nothing here knows Discord's types.
//!
//! A table has `names` (a command's or option's English name → its name in the locale), `texts`
//! (an English description → its translation) and `words` (a reply's fixed words by key, with
//! `{placeholders}`). English words are `en.json`'s; a key a locale lacks is said in English.

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
        let key = if n == 1 { "statement" } else { "statements" };
        self.phrase(key, &[("n", &n.to_string())])
    }

    /// "in French", "auf Französisch": the language statements were asked in (ISO 639-1).
    pub fn in_language(self, code: &str) -> String {
        self.phrase("in_language", &[("language", &self.language_name(code))])
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
}
