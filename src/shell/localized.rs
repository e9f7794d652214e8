//! The slash commands' names and descriptions in Discord's other locales (de, fr, es-ES), read
//! from the locale tables and set through serenity's builders. Translation only: the tables are
//! `crate::locale`'s, the commands `commands`'.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::locale::Locale;

/// A builder whose name and description Discord shows in the user's locale.
pub trait Localized: Sized {
    fn localized_name(self, locale: &str, name: &str) -> Self;
    fn localized_description(self, locale: &str, text: &str) -> Self;
    fn english_description(self, text: &str) -> Self;

    /// The description in English and its translations.
    fn described(self, english: &str) -> Self {
        self.english_description(english)
            .described_in_locales(english)
    }

    /// The name's translation in every locale that has one.
    fn named(mut self, english: &str) -> Self {
        for locale in Locale::TRANSLATED {
            if let Some(name) = locale.name(english) {
                self = self.localized_name(locale.discord_tag(), name);
            }
        }
        self
    }

    /// The description's translation in every locale that has one.
    fn described_in_locales(mut self, english: &str) -> Self {
        for locale in Locale::TRANSLATED {
            if let Some(text) = locale.text(english) {
                self = self.localized_description(locale.discord_tag(), text);
            }
        }
        self
    }
}

impl Localized for CreateCommand {
    fn localized_name(self, locale: &str, name: &str) -> Self {
        self.name_localized(locale, name)
    }
    fn localized_description(self, locale: &str, text: &str) -> Self {
        self.description_localized(locale, text)
    }
    fn english_description(self, text: &str) -> Self {
        self.description(text)
    }
}

impl Localized for CreateCommandOption {
    fn localized_name(self, locale: &str, name: &str) -> Self {
        self.name_localized(locale, name)
    }
    fn localized_description(self, locale: &str, text: &str) -> Self {
        self.description_localized(locale, text)
    }
    fn english_description(self, text: &str) -> Self {
        self.description(text)
    }
}

/// An option (or subcommand) with its name and description in every locale.
pub fn option(kind: CommandOptionType, name: &str, description: &str) -> CreateCommandOption {
    CreateCommandOption::new(kind, name, description)
        .named(name)
        .described_in_locales(description)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Discord's rule for a slash command's or option's name: lower case, no spaces, 1–32 letters,
    /// digits, `-` or `_`.
    fn valid_name(name: &str) -> bool {
        let n = name.chars().count();
        (1..=32).contains(&n)
            && name.to_lowercase() == name
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    }

    /// Every name and description of `item` (a command or an option) has its translations, and
    /// every translation keeps Discord's rules; its options likewise.
    fn check(item: &Value, slash: bool, path: &str) {
        for tag in ["de", "fr", "es-ES"] {
            let name = item["name_localizations"][tag].as_str();
            assert!(name.is_some(), "{path}: no {tag} name");
            let name = name.unwrap_or_default();
            if slash {
                assert!(valid_name(name), "{path}: {tag} name {name:?}");
            } else {
                assert!((1..=32).contains(&name.chars().count()), "{path}: {name:?}");
            }
            if item.get("description").is_some() {
                let d = item["description_localizations"][tag].as_str();
                let d = d.unwrap_or_default();
                assert!(
                    (1..=100).contains(&d.chars().count()),
                    "{path}: {tag} {d:?}"
                );
            }
        }
        for option in item["options"].as_array().into_iter().flatten() {
            let name = option["name"].as_str().unwrap_or_default();
            check(option, true, &format!("{path} {name}"));
        }
        // Within one command, no two options share a name in any locale.
        for tag in ["de", "fr", "es-ES"] {
            let mut names: Vec<&str> = item["options"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["name_localizations"][tag].as_str())
                .collect();
            let all = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), all, "{path}: {tag} names repeat");
        }
    }

    #[test]
    fn every_command_and_option_is_named_and_described_in_de_fr_and_es() {
        let all = serde_json::to_value(super::super::commands::definitions()).expect("JSON");
        for command in all.as_array().expect("a list") {
            let name = command["name"].as_str().unwrap_or_default();
            // Message commands (type 3) may have capitals and spaces, and no description.
            check(command, command["type"] != 3, name);
        }
        let position = &all[0];
        assert_eq!(position["name_localizations"]["es-ES"], "posición");
        assert_eq!(position["options"][0]["name_localizations"]["de"], "wer");
        assert_eq!(
            position["description_localizations"]["fr"],
            "Ce qu'un pays ou une organisation a dit : citations exactes, qui, et la source"
        );
    }
}
