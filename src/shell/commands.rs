//! The commands as Discord knows them: each definition (name, options, permissions, contexts)
//! derived from the core's table (`answer::commands`, which `/help` reads too), what serves each
//! command, and where its autocomplete choices come from. The gateway, the HTTP endpoint and
//! command registration all read this table.

use reqwest::Method;
use serde_json::Value;
use serenity::all::{
    CommandDataOptionValue, CommandInteraction, CommandOptionType, CommandType, CreateCommand,
    CreateCommandOption, InteractionContext, Permissions, ResolvedTarget,
};

use super::localized::{option, Localized};
use super::rest::{Rest, RestError};
use crate::answer::commands::{Access, CommandOption, CommandSpec, Invocation, OptionKind};
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

/// One command: its name in the core's table (`answer::commands`, where its definition and help
/// line come from), what serves it, and where its autocomplete choices come from.
pub struct Command {
    pub name: &'static str,
    pub serve: Serve,
    pub choices: Choices,
}

impl Command {
    /// The definition registered with Discord, from the core's table.
    pub fn definition(&self) -> CreateCommand {
        match crate::answer::commands::find(self.name) {
            Some(spec) => definition(spec),
            None => CreateCommand::new(self.name),
        }
    }
}

/// A command of the core's table as Discord is told it, with its name and description in every
/// locale that translates them.
fn definition(spec: &CommandSpec) -> CreateCommand {
    let c = CreateCommand::new(spec.name).named(spec.name);
    if spec.invocation == Invocation::Message {
        // Right-click a message → Apps: no description, no options.
        return c.kind(CommandType::Message);
    }
    let c = match spec.access {
        Access::Everyone => c,
        // Hidden by default from members without the permission, and only in servers.
        Access::Moderators => c
            .default_member_permissions(Permissions::MANAGE_GUILD)
            .contexts(vec![InteractionContext::Guild]),
        Access::ChannelManagers => c
            .default_member_permissions(Permissions::MANAGE_CHANNELS)
            .contexts(vec![InteractionContext::Guild]),
    };
    spec.options
        .iter()
        .fold(c.described(spec.description), |c, o| {
            c.add_option(option_definition(o))
        })
}

/// An option of the core's table as Discord is told it (localized like its command).
fn option_definition(o: &CommandOption) -> CreateCommandOption {
    let new = |kind| option(kind, o.name, o.description);
    let defined = match o.kind {
        OptionKind::Text(max) => new(CommandOptionType::String).max_length(max),
        OptionKind::Completed(max) => new(CommandOptionType::String)
            .max_length(max)
            .set_autocomplete(true),
        OptionKind::File => new(CommandOptionType::Attachment),
        OptionKind::Sub(options) => options
            .iter()
            .fold(new(CommandOptionType::SubCommand), |sub, o| {
                sub.add_sub_option(option_definition(o))
            }),
        // The languages the bot reads, each by its own name.
        OptionKind::Language => crate::language::codes()
            .into_iter()
            .fold(new(CommandOptionType::String), |choices, code| {
                choices.add_string_choice(crate::language::native_name(code), code)
            }),
    };
    if o.required {
        defined.required(true)
    } else {
        defined
    }
}

/// Every command the bot registers, in the order of the core's table (a test holds the two
/// together).
pub static COMMANDS: [Command; 14] = [
    Command {
        name: "position",
        serve: Serve::Question(position),
        choices: Choices::Entities,
    },
    Command {
        name: "compare",
        serve: Serve::Question(compare),
        choices: Choices::Entities,
    },
    Command {
        name: "whosaid",
        serve: Serve::Question(whosaid),
        choices: Choices::Entities,
    },
    Command {
        name: "topic",
        serve: Serve::Question(topic_question),
        choices: Choices::Entities,
    },
    Command {
        name: "timeline",
        serve: Serve::Question(timeline),
        choices: Choices::Entities,
    },
    Command {
        name: FIND_THE_SOURCE,
        serve: Serve::Question(find_the_source),
        choices: Choices::Entities,
    },
    Command {
        name: "sources",
        serve: Serve::Question(|_| Some(Question::Sources)),
        choices: Choices::Entities,
    },
    Command {
        name: "help",
        serve: Serve::Question(|_| Some(Question::Help)),
        choices: Choices::Entities,
    },
    Command {
        name: "ingest",
        serve: Serve::Moderation(Moderated::Ingest),
        choices: Choices::Entities,
    },
    Command {
        name: "retract",
        serve: Serve::Moderation(Moderated::Retract),
        choices: Choices::Statements,
    },
    Command {
        name: "feeds",
        serve: Serve::Moderation(Moderated::Feeds),
        choices: Choices::Entities,
    },
    Command {
        name: "follow",
        serve: Serve::Moderation(Moderated::Follow),
        choices: Choices::Entities,
    },
    Command {
        name: "unfollow",
        serve: Serve::Moderation(Moderated::Unfollow),
        choices: Choices::Entities,
    },
    Command {
        name: "following",
        serve: Serve::Moderation(Moderated::Following),
        choices: Choices::Entities,
    },
];

pub use crate::answer::commands::{FIND_THE_SOURCE, LANGUAGE};

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
    fn the_table_serves_every_command_of_the_core_and_no_other() {
        let served: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        let defined: Vec<&str> = crate::answer::commands::COMMANDS
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(served, defined);
    }

    #[test]
    fn every_registered_command_is_in_the_help() {
        let registered = serde_json::to_value(definitions()).expect("serializes");
        for c in registered.as_array().expect("a list") {
            let name = c["name"].as_str().expect("a name");
            assert!(
                crate::answer::HELP
                    .iter()
                    .any(|(usage, _)| crate::answer::help::names(usage, name)),
                "{name} is registered but not in /help"
            );
        }
    }

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
