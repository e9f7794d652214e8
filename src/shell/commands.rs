//! The slash commands, in one table: each command's definition (name, options, permissions,
//! contexts), what serves it, and where its autocomplete choices come from. The gateway, the
//! HTTP endpoint and command registration all read this table; nothing else names a command.

use reqwest::Method;
use serde_json::Value;
use serenity::all::{
    CommandDataOptionValue, CommandInteraction, CommandOptionType, CommandType, CreateCommand,
    CreateCommandOption, InteractionContext, Permissions, ResolvedTarget,
};

use super::localized::{option, Localized};
use super::rest::{Rest, RestError};
use crate::answer::query::Question;

/// What serves a command.
#[derive(Clone, Copy)]
pub enum Serve {
    /// A question to the index, read from the command's options: answered the same way by the
    /// gateway and the HTTP endpoint.
    Question(fn(&CommandInteraction) -> Option<Question>),
    /// A change to the store, for moderators only: served by the gateway's `moderation` module
    /// (it needs REST follow-ups and the writers' lock), refused by the stateless endpoint.
    Moderation(Moderated),
}

/// The commands that change the data folder (served by the gateway process, which holds the
/// writers' lock and REST): the moderators' `/ingest` and `/retract`, and the follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderated {
    Ingest,
    Retract,
    Follow,
    Unfollow,
    Following,
    /// `/feeds add|remove|list`.
    Feeds,
}

/// Where an option's autocomplete choices come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choices {
    /// Countries, organisations and people (`complete::complete`).
    Entities,
    /// Statements, by words of their quote (`complete::statements`).
    Statements,
}

/// One slash command.
pub struct Command {
    pub name: &'static str,
    /// The definition sent to Discord at registration (name filled in from `name`).
    define: fn(CreateCommand) -> CreateCommand,
    pub serve: Serve,
    pub choices: Choices,
}

impl Command {
    /// The definition registered with Discord.
    pub fn definition(&self) -> CreateCommand {
        (self.define)(CreateCommand::new(self.name).named(self.name))
    }
}

/// Every command the bot registers, in the order Discord lists them.
pub static COMMANDS: [Command; 14] = [
    Command {
        name: "position",
        define: |c| {
            c.described(
                "What a country or organisation has said: exact quotes, who, and the source",
            )
            .add_option(who(
                "who",
                "A country or organisation: name, leader, capital, demonym…",
            ))
            .add_option(topic())
            .add_option(language())
        },
        serve: Serve::Question(position),
        choices: Choices::Entities,
    },
    Command {
        name: "compare",
        define: |c| {
            c.described("Two sides' statements next to each other")
                .add_option(who("first", "The first country or organisation"))
                .add_option(who("second", "The second country or organisation"))
                .add_option(topic())
                .add_option(language())
        },
        serve: Serve::Question(compare),
        choices: Choices::Entities,
    },
    Command {
        name: "whosaid",
        define: |c| {
            c.described("Who said a phrase (a few words of the quote)")
                .add_option(
                    text("phrase", "Words of the quote; typos are fine", 200).required(true),
                )
                .add_option(language())
        },
        serve: Serve::Question(whosaid),
        choices: Choices::Entities,
    },
    Command {
        name: "topic",
        define: |c| {
            c.described("Statements on a topic, grouped by who said them")
                .add_option(
                    text("word", "A topic such as troops, ceasefire, sanctions", 100)
                        .required(true),
                )
                .add_option(language())
        },
        serve: Serve::Question(topic_question),
        choices: Choices::Entities,
    },
    Command {
        name: "timeline",
        define: |c| {
            c.described("A side's statements by date, newest first, with the count per month")
                .add_option(who(
                    "who",
                    "A country or organisation: name, leader, capital, demonym…",
                ))
                .add_option(topic())
                .add_option(language())
        },
        serve: Serve::Question(timeline),
        choices: Choices::Entities,
    },
    Command {
        name: FIND_THE_SOURCE,
        // A message command (right-click a message → Apps): no description, no options.
        define: |c| c.kind(CommandType::Message),
        serve: Serve::Question(find_the_source),
        choices: Choices::Entities,
    },
    Command {
        name: "sources",
        define: |c| {
            c.described("The articles the statements come from")
                .add_option(language())
        },
        serve: Serve::Question(|_| Some(Question::Sources)),
        choices: Choices::Entities,
    },
    Command {
        name: "help",
        define: |c| c.described("How to ask positions"),
        serve: Serve::Question(|_| Some(Question::Help)),
        choices: Choices::Entities,
    },
    Command {
        name: "ingest",
        define: |c| {
            moderators_only(c)
                .described("Add a news article: its statements are extracted and previewed before anything is stored")
                .add_option(
                    option(
                        CommandOptionType::Attachment,
                        "article",
                        "The article as a text, Markdown or HTML file (at most 1 MiB)",
                    ),
                )
                .add_option(text(
                    "url",
                    "A link to fetch the article from (or, with a file, where it was published)",
                    500,
                ))
                .add_option(text("title", "The article's headline", 250))
                .add_option(text("published", "Publication date, YYYY-MM-DD", 10))
        },
        serve: Serve::Moderation(Moderated::Ingest),
        choices: Choices::Entities,
    },
    Command {
        name: "retract",
        define: |c| {
            moderators_only(c)
                .described("Stop answering with a statement (it is kept, and can be restored)")
                .add_option(
                    text(
                        "statement",
                        "The statement's id (type words of the quote to find it)",
                        100,
                    )
                    .required(true)
                    .set_autocomplete(true),
                )
                .add_option(text("reason", "Why it is retracted", 300))
        },
        serve: Serve::Moderation(Moderated::Retract),
        choices: Choices::Statements,
    },
    Command {
        name: "feeds",
        define: |c| {
            let url =
                || text("url", "The feed's address (RSS, Atom or JSON Feed)", 500).required(true);
            moderators_only(c)
                .described("The news feeds the store follows (polled by the watcher)")
                .add_option(
                    option(CommandOptionType::SubCommand, "add", "Follow a feed")
                        .add_sub_option(url())
                        .add_sub_option(text("name", "A name to show for it", 100)),
                )
                .add_option(
                    option(
                        CommandOptionType::SubCommand,
                        "remove",
                        "Stop following a feed",
                    )
                    .add_sub_option(url()),
                )
                .add_option(option(
                    CommandOptionType::SubCommand,
                    "list",
                    "The feeds followed",
                ))
        },
        serve: Serve::Moderation(Moderated::Feeds),
        choices: Choices::Entities,
    },
    Command {
        name: "follow",
        define: |c| {
            channel_managers_only(c)
                .described("Post each new statement by a side (on a topic) in this channel")
                .add_option(who(
                    "who",
                    "A country or organisation: name, leader, capital, demonym…",
                ))
                .add_option(topic())
        },
        serve: Serve::Moderation(Moderated::Follow),
        choices: Choices::Entities,
    },
    Command {
        name: "unfollow",
        define: |c| {
            channel_managers_only(c)
                .described("Stop posting a side's new statements in this channel")
                .add_option(who("who", "The country or organisation followed here"))
                .add_option(topic())
        },
        serve: Serve::Moderation(Moderated::Unfollow),
        choices: Choices::Entities,
    },
    Command {
        name: "following",
        define: |c| {
            channel_managers_only(c)
                .described("What this server follows, where, and who set each up")
        },
        serve: Serve::Moderation(Moderated::Following),
        choices: Choices::Entities,
    },
];

/// The message command that finds where a message's quote comes from.
pub const FIND_THE_SOURCE: &str = "Find the source";

/// The command called `name`.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The definitions of every command, for a bulk overwrite.
pub fn definitions() -> Vec<CreateCommand> {
    COMMANDS.iter().map(Command::definition).collect()
}

/// Registers the slash commands by bulk overwrite: in `guild` when given, else globally.
pub async fn register(
    rest: &Rest,
    application_id: u64,
    guild: Option<u64>,
) -> Result<(), RestError> {
    let path = match guild {
        Some(g) => format!("/applications/{application_id}/guilds/{g}/commands"),
        None => format!("/applications/{application_id}/commands"),
    };
    let body = serde_json::to_value(definitions()).unwrap_or(Value::Null);
    rest.send(Method::PUT, &path, Some(&body)).await?;
    tracing::info!(application_id, guild = ?guild, "slash commands registered");
    Ok(())
}

/// A text option of at most `max` characters (optional unless `.required(true)`).
fn text(name: &str, description: &str, max: u16) -> CreateCommandOption {
    option(CommandOptionType::String, name, description).max_length(max)
}

/// A required country or organisation, completed as it is typed.
fn who(name: &str, description: &str) -> CreateCommandOption {
    text(name, description, 100)
        .required(true)
        .set_autocomplete(true)
}

fn topic() -> CreateCommandOption {
    text("topic", "Only what was said about this, e.g. troops", 100)
}

/// The one language to show statements in: a choice of the languages the bot reads.
fn language() -> CreateCommandOption {
    let mut option = option(
        CommandOptionType::String,
        LANGUAGE,
        "Only statements printed in this language",
    );
    for code in crate::language::codes() {
        option = option.add_string_choice(crate::language::native_name(code), code);
    }
    option
}

/// The option that restricts an answer's statements to one language.
pub const LANGUAGE: &str = "language";

/// Hidden from members without Manage Server by default, and only in servers.
fn moderators_only(c: CreateCommand) -> CreateCommand {
    c.default_member_permissions(Permissions::MANAGE_GUILD)
        .contexts(vec![InteractionContext::Guild])
}

/// Hidden from members without Manage Channels by default, and only in servers.
fn channel_managers_only(c: CreateCommand) -> CreateCommand {
    c.default_member_permissions(Permissions::MANAGE_CHANNELS)
        .contexts(vec![InteractionContext::Guild])
}

/// The value of option `name` as text, as the user typed it.
pub fn option_text(c: &CommandInteraction, name: &str) -> Option<String> {
    c.data
        .options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| match &o.value {
            CommandDataOptionValue::String(s) => Some(s.clone()),
            CommandDataOptionValue::Autocomplete { value, .. } => Some(value.clone()),
            CommandDataOptionValue::Integer(i) => Some(i.to_string()),
            CommandDataOptionValue::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

/// Option `name` when it holds more than blanks.
fn given(c: &CommandInteraction, name: &str) -> Option<String> {
    option_text(c, name).filter(|s| !s.trim().is_empty())
}

fn position(c: &CommandInteraction) -> Option<Question> {
    Some(Question::Position {
        who: given(c, "who")?,
        topic: given(c, "topic"),
    })
}

fn compare(c: &CommandInteraction) -> Option<Question> {
    Some(Question::Compare {
        first: given(c, "first")?,
        second: given(c, "second")?,
        topic: given(c, "topic"),
    })
}

fn whosaid(c: &CommandInteraction) -> Option<Question> {
    Some(Question::WhoSaid {
        phrase: given(c, "phrase")?,
    })
}

fn timeline(c: &CommandInteraction) -> Option<Question> {
    Some(Question::Timeline {
        who: given(c, "who")?,
        topic: given(c, "topic"),
    })
}

/// The message a message command was used on: its text (the quote is read from it later).
fn find_the_source(c: &CommandInteraction) -> Option<Question> {
    match c.data.target()? {
        ResolvedTarget::Message(m) => Some(Question::Source {
            text: m.content.clone(),
        }),
        _ => None,
    }
}

fn topic_question(c: &CommandInteraction) -> Option<Question> {
    Some(Question::Topic {
        word: given(c, "word")?,
    })
}

/// The question a slash command asks, read from its options (None for a moderators' command,
/// an unknown one, or a missing option).
pub fn question(c: &CommandInteraction) -> Option<Question> {
    match find(&c.data.name)?.serve {
        Serve::Question(read) => read(c),
        Serve::Moderation(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_hold_what_discord_is_told() {
        let all = serde_json::to_value(definitions()).expect("serializes");
        let names: Vec<&str> = all
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "position",
                "compare",
                "whosaid",
                "topic",
                "timeline",
                FIND_THE_SOURCE,
                "sources",
                "help",
                "ingest",
                "retract",
                "feeds",
                "follow",
                "unfollow",
                "following"
            ]
        );
        let follow = &all[11];
        assert_eq!(follow["default_member_permissions"], "16");
        assert_eq!(follow["contexts"], serde_json::json!([0]));
        assert_eq!(follow["options"][0]["autocomplete"], true);
        assert_eq!(follow["options"][1]["name"], "topic");
        let position = &all[0];
        assert_eq!(position["options"][0]["type"], 3);
        assert_eq!(position["options"][0]["autocomplete"], true);
        assert_eq!(position["options"][0]["required"], true);
        assert_eq!(position["options"][0]["max_length"], 100);
        assert_eq!(position["options"][1]["required"], false);
        assert!(position.get("default_member_permissions").is_none());
        let ingest = &all[8];
        assert_eq!(ingest["default_member_permissions"], "32");
        assert_eq!(ingest["contexts"], serde_json::json!([0]));
        assert_eq!(ingest["options"][0]["type"], 11);
        let message_command = &all[5];
        assert_eq!(message_command["type"], 3);
        assert!(message_command.get("description").is_none());
        assert_eq!(
            ingest["options"][0]["required"], false,
            "a link does instead"
        );
        assert_eq!(ingest["options"][1]["name"], "url");
        let feeds = &all[10];
        assert_eq!(feeds["default_member_permissions"], "32");
        let subs: Vec<&str> = feeds["options"]
            .as_array()
            .expect("subcommands")
            .iter()
            .filter_map(|o| o["name"].as_str())
            .collect();
        assert_eq!(subs, ["add", "remove", "list"]);
        assert_eq!(feeds["options"][0]["type"], 1);
        assert_eq!(feeds["options"][0]["options"][0]["required"], true);
        for c in all.as_array().expect("a list") {
            if c["type"] == 3 {
                continue;
            }
            let d = c["description"].as_str().unwrap_or_default();
            assert!(!d.is_empty() && d.chars().count() <= 100, "{c}");
        }
    }
}
