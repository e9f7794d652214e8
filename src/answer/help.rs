//! `/help`: the commands, one line each, and what the bot is for.

use super::reply::{Command, Outcome, Reply};

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

pub(super) fn answer(raw: &str) -> Reply {
    let mut r = Reply::new(Command::Help, Outcome::Info, raw);
    r.note = Some(
        "I answer with what countries and organisations have said: the exact quotes, who said them and the source article."
            .to_string(),
    );
    r
}
