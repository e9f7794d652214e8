//! `/help`: the commands, one line each, and what the bot is for.

use std::sync::LazyLock;

use super::commands::{Access, Invocation, COMMANDS, FIND_THE_SOURCE};
use super::reply::{Command, Outcome, Reply};
use crate::locale::Locale;

/// The commands, one line each, derived from the command table (`commands`), with the ways to
/// ask that are no command of their own; the same text serves `/help`, an empty mention and the
/// CLI.
pub static HELP: LazyLock<Vec<(String, String)>> = LazyLock::new(|| lines_in(Locale::English));

/// Ways to ask that Discord does not list as commands, each after the command it goes with:
/// the usage (with the key of a word in it, if any) and the key of what it does.
const ALSO: [(&str, &str, Option<&str>, &str); 2] = [
    (FIND_THE_SOURCE, "/source text", None, "help_source"),
    ("help", "@positions ", Some("help_question"), "help_mention"),
];

/// The help's lines with the commands' names, descriptions and the help's words in `l`.
pub fn lines_in(l: Locale) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for c in &COMMANDS {
        let how = match c.invocation {
            Invocation::Slash => "",
            Invocation::Message => l.word("help_message"),
        };
        let who = match c.access {
            Access::Everyone => "",
            Access::Moderators => l.word("help_moderators"),
            Access::ChannelManagers => l.word("help_channel_managers"),
        };
        let description = l.text(c.description).unwrap_or(c.description);
        let what = format!("{how}{description}{who}.");
        lines.push((c.usage_in(l), what));
        for (after, usage, word, what) in ALSO {
            if after == c.name {
                let usage = format!("{usage}{}", word.map_or("", |w| l.word(w)));
                lines.push((usage, l.word(what).to_string()));
            }
        }
    }
    lines
}

pub(super) fn answer(raw: &str) -> Reply<'static> {
    let mut r = Reply::new(Command::Help, Outcome::Info, raw);
    r.note = Some(Locale::English.word("help_note").to_string());
    r
}

/// Whether a help line's usage is the one of the command called `name`.
pub fn names(usage: &str, name: &str) -> bool {
    let slash = format!("/{name}");
    usage == slash || usage.starts_with(&format!("{slash} ")) || usage == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_in_the_help_as_it_is_registered() {
        for c in &COMMANDS {
            let line = HELP.iter().find(|(usage, _)| names(usage, c.name));
            let Some((usage, what)) = line else {
                panic!("{} is not in the help", c.name);
            };
            assert!(what.contains(c.description), "{usage}: {what}");
            for o in c.options {
                assert!(usage.contains(o.name), "{usage} names {}", o.name);
            }
        }
        let usages: Vec<&str> = HELP.iter().map(|(u, _)| u.as_str()).collect();
        assert!(
            usages.contains(&"/timeline who [topic] [language]"),
            "{usages:?}"
        );
        assert!(usages.contains(&"/feeds add|remove|list"), "{usages:?}");
        assert!(usages.contains(&"/source text"), "{usages:?}");
        // Discord allows 25 fields in the /help embed.
        assert!(HELP.len() <= 25);
    }

    #[test]
    fn the_help_is_in_the_users_locale_line_for_line() {
        let german = lines_in(Locale::German);
        assert_eq!(german.len(), HELP.len());
        let usages: Vec<&str> = german.iter().map(|(u, _)| u.as_str()).collect();
        assert!(
            usages.contains(&"/zeitleiste wer [thema] [sprache]"),
            "{usages:?}"
        );
        assert!(usages.contains(&"@positions frage"), "{usages:?}");
        let (_, position) = &german[0];
        assert!(position.starts_with("Was ein Land"), "{position}");
        let french = lines_in(Locale::French);
        assert!(
            french
                .iter()
                .any(|(_, w)| w.ends_with("réservé aux modérateurs.")),
            "{french:?}"
        );
    }
}
