//! The bot's commands as data: names, options and one-line descriptions, in the order Discord
//! lists them. Discord's registration (`shell::commands`) and `/help` both derive from this table,
//! so they cannot disagree. Pure: no Discord types here.

use crate::locale::Locale;

/// Who sees a command in a server's command list by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Everyone,
    /// Members with Manage Server (or the editor role); only in servers.
    Moderators,
    /// Members with Manage Channels (or the editor role); only in servers.
    ChannelManagers,
}

/// What an option holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// Text of at most this many characters.
    Text(u16),
    /// A text completed as it is typed (a side, a statement's id), of at most this many.
    Completed(u16),
    /// An uploaded file.
    File,
    /// A subcommand, with its own options.
    Sub(&'static [CommandOption]),
    /// One of the languages the bot reads (`language::codes`), chosen from a list.
    Language,
}

/// One option of a command.
#[derive(Debug, PartialEq, Eq)]
pub struct CommandOption {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: OptionKind,
    pub required: bool,
}

/// How a command is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invocation {
    /// `/name options`.
    Slash,
    /// Right-click a message → Apps → name.
    Message,
}

/// One command of the bot.
#[derive(Debug, PartialEq, Eq)]
pub struct CommandSpec {
    pub name: &'static str,
    pub invocation: Invocation,
    /// The one line shown in Discord's command list and in `/help` (at most 100 characters).
    pub description: &'static str,
    pub options: &'static [CommandOption],
    pub access: Access,
}

/// An option the command needs.
const fn required(
    name: &'static str,
    description: &'static str,
    kind: OptionKind,
) -> CommandOption {
    CommandOption {
        name,
        description,
        kind,
        required: true,
    }
}

/// An option the command can do without.
const fn optional(
    name: &'static str,
    description: &'static str,
    kind: OptionKind,
) -> CommandOption {
    let mut option = required(name, description, kind);
    option.required = false;
    option
}

const WHO: CommandOption = required(
    "who",
    "A country or organisation: name, leader, capital, demonym…",
    OptionKind::Completed(100),
);
const TOPIC: CommandOption = optional(
    "topic",
    "Only what was said about this, e.g. troops",
    OptionKind::Text(100),
);
/// The option that restricts an answer's statements to one language.
pub const LANGUAGE: &str = "language";
const IN_LANGUAGE: CommandOption = optional(
    LANGUAGE,
    "Only statements printed in this language",
    OptionKind::Language,
);
const FEED_URL: CommandOption = required(
    "url",
    "The feed's address (RSS, Atom or JSON Feed)",
    OptionKind::Text(500),
);

/// The message command that finds where a message's quote comes from.
pub const FIND_THE_SOURCE: &str = "Find the source";

/// Every command the bot registers, in the order Discord lists them.
pub static COMMANDS: [CommandSpec; 14] = [
    CommandSpec {
        name: "position",
        invocation: Invocation::Slash,
        description: "What a country or organisation has said: exact quotes, who, and the source",
        options: &[WHO, TOPIC, IN_LANGUAGE],
        access: Access::Everyone,
    },
    CommandSpec {
        name: "compare",
        invocation: Invocation::Slash,
        description: "Two sides' statements next to each other",
        options: &[
            required(
                "first",
                "The first country or organisation",
                OptionKind::Completed(100),
            ),
            required(
                "second",
                "The second country or organisation",
                OptionKind::Completed(100),
            ),
            TOPIC,
            IN_LANGUAGE,
        ],
        access: Access::Everyone,
    },
    CommandSpec {
        name: "whosaid",
        invocation: Invocation::Slash,
        description: "Who said a phrase (a few words of the quote)",
        options: &[
            required(
                "phrase",
                "Words of the quote; typos are fine",
                OptionKind::Text(200),
            ),
            IN_LANGUAGE,
        ],
        access: Access::Everyone,
    },
    CommandSpec {
        name: "topic",
        invocation: Invocation::Slash,
        description: "Statements on a topic, grouped by who said them",
        options: &[
            required(
                "word",
                "A topic such as troops, ceasefire, sanctions",
                OptionKind::Text(100),
            ),
            IN_LANGUAGE,
        ],
        access: Access::Everyone,
    },
    CommandSpec {
        name: "timeline",
        invocation: Invocation::Slash,
        description: "A side's statements by date, newest first, with the count per month",
        options: &[WHO, TOPIC, IN_LANGUAGE],
        access: Access::Everyone,
    },
    CommandSpec {
        name: FIND_THE_SOURCE,
        invocation: Invocation::Message,
        description: "Where a message's quote comes from, and how the wording differs",
        options: &[],
        access: Access::Everyone,
    },
    CommandSpec {
        name: "sources",
        invocation: Invocation::Slash,
        description: "The articles the statements come from",
        options: &[IN_LANGUAGE],
        access: Access::Everyone,
    },
    CommandSpec {
        name: "help",
        invocation: Invocation::Slash,
        description: "How to ask positions",
        options: &[],
        access: Access::Everyone,
    },
    CommandSpec {
        name: "ingest",
        invocation: Invocation::Slash,
        description:
            "Add a news article: its statements are extracted and previewed before anything is stored",
        options: &[
            optional(
                "article",
                "The article as a text, Markdown or HTML file (at most 1 MiB)",
                OptionKind::File,
            ),
            optional(
                "url",
                "A link to fetch the article from (or, with a file, where it was published)",
                OptionKind::Text(500),
            ),
            optional("title", "The article's headline", OptionKind::Text(250)),
            optional(
                "published",
                "Publication date, YYYY-MM-DD",
                OptionKind::Text(10),
            ),
        ],
        access: Access::Moderators,
    },
    CommandSpec {
        name: "retract",
        invocation: Invocation::Slash,
        description: "Stop answering with a statement (it is kept, and can be restored)",
        options: &[
            required(
                "statement",
                "The statement's id (type words of the quote to find it)",
                OptionKind::Completed(100),
            ),
            optional("reason", "Why it is retracted", OptionKind::Text(300)),
        ],
        access: Access::Moderators,
    },
    CommandSpec {
        name: "feeds",
        invocation: Invocation::Slash,
        description: "The news feeds the store follows (polled by the watcher)",
        options: &[
            optional(
                "add",
                "Follow a feed",
                OptionKind::Sub(&[
                    FEED_URL,
                    optional("name", "A name to show for it", OptionKind::Text(100)),
                ]),
            ),
            optional(
                "remove",
                "Stop following a feed",
                OptionKind::Sub(&[FEED_URL]),
            ),
            optional("list", "The feeds followed", OptionKind::Sub(&[])),
        ],
        access: Access::Moderators,
    },
    CommandSpec {
        name: "follow",
        invocation: Invocation::Slash,
        description: "Post each new statement by a side (on a topic) in this channel",
        options: &[WHO, TOPIC],
        access: Access::ChannelManagers,
    },
    CommandSpec {
        name: "unfollow",
        invocation: Invocation::Slash,
        description: "Stop posting a side's new statements in this channel",
        options: &[
            required(
                "who",
                "The country or organisation followed here",
                OptionKind::Completed(100),
            ),
            TOPIC,
        ],
        access: Access::ChannelManagers,
    },
    CommandSpec {
        name: "following",
        invocation: Invocation::Slash,
        description: "What this server follows, where, and who set each up",
        options: &[],
        access: Access::ChannelManagers,
    },
];

/// The command called `name`.
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

impl CommandSpec {
    /// How the command is written in `/help`: `/timeline who [topic]`, `/feeds add|remove|list`,
    /// or the message command's name.
    pub fn usage(&self) -> String {
        self.usage_in(Locale::English)
    }

    /// The usage with the command's and options' names in `l` (`/zeitleiste wer [thema]`).
    pub fn usage_in(&self, l: Locale) -> String {
        if self.invocation == Invocation::Message {
            return l.command(self.name).to_string();
        }
        let mut usage = format!("/{}", l.command(self.name));
        if self
            .options
            .iter()
            .any(|o| matches!(o.kind, OptionKind::Sub(_)))
        {
            let subs: Vec<&str> = self.options.iter().map(|o| l.command(o.name)).collect();
            usage.push(' ');
            usage.push_str(&subs.join("|"));
            return usage;
        }
        for o in self.options {
            usage.push(' ');
            if o.required {
                usage.push_str(l.command(o.name));
            } else {
                usage.push_str(&format!("[{}]", l.command(o.name)));
            }
        }
        usage
    }
}
