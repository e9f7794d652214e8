//! `/help`: the commands, one line each, and what the bot is for.

use std::sync::LazyLock;

use super::commands::{Access, Invocation, COMMANDS, FIND_THE_SOURCE};
use super::reply::{Command, Outcome, Reply};

/// The commands, one line each, derived from the command table (`commands`), with the ways to
/// ask that are no command of their own; the same text serves `/help`, an empty mention and the
/// CLI.
pub static HELP: LazyLock<Vec<(String, String)>> = LazyLock::new(lines);

/// Ways to ask that Discord does not list as commands, each after the command it goes with.
const ALSO: [(&str, &str, &str); 2] = [
    (
        FIND_THE_SOURCE,
        "/source text",
        "The same from the command line or a mention: “where is this from: …”.",
    ),
    (
        "help",
        "@positions question",
        "Ask in words: “what did Italy say about troops?”, “compare italy and germany”.",
    ),
];

fn lines() -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for c in &COMMANDS {
        let how = match c.invocation {
            Invocation::Slash => "",
            Invocation::Message => "Right-click a message → Apps. ",
        };
        let who = match c.access {
            Access::Everyone => "",
            Access::Moderators => " — moderators only",
            Access::ChannelManagers => " — channel managers only",
        };
        let what = format!("{how}{}{who}.", c.description);
        lines.push((c.usage(), what));
        for (after, usage, what) in ALSO {
            if after == c.name {
                lines.push((usage.to_string(), what.to_string()));
            }
        }
    }
    lines
}

pub(super) fn answer(raw: &str) -> Reply {
    let mut r = Reply::new(Command::Help, Outcome::Info, raw);
    r.note = Some(
        "I answer with what countries and organisations have said: the exact quotes, who said them and the source article."
            .to_string(),
    );
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
}
