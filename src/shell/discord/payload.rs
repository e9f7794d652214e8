//! Discord payloads: slash command definitions, and the JSON bodies of interaction responses and
//! mention replies built from the core's message model. Shared by the gateway and HTTP modes.

use serde_json::{json, Value};
use serenity::all::{
    CommandDataOptionValue, CommandInteraction, ComponentInteraction, Interaction,
};

use crate::answer;
use crate::complete;
use crate::index::Index;
use crate::query::Question;
use crate::render::embed::{self, Message};

pub const RESPONSE_PONG: u8 = 1;
pub const RESPONSE_MESSAGE: u8 = 4;
pub const RESPONSE_UPDATE: u8 = 7;
pub const RESPONSE_AUTOCOMPLETE: u8 = 8;
pub const EPHEMERAL: u64 = 64;

/// The slash commands, registered by bulk overwrite at start-up.
pub fn command_definitions() -> Value {
    let mut all = public_commands();
    if let Value::Array(list) = &mut all {
        list.extend(super::moderation::command_definitions());
    }
    all
}

/// The commands everyone may use.
fn public_commands() -> Value {
    let who = |name: &str, what: &str| json!({"type": 3, "name": name, "description": what, "required": true, "autocomplete": true, "max_length": 100});
    let topic = json!({"type": 3, "name": "topic", "description": "Only what was said about this, e.g. troops", "required": false, "max_length": 100});
    json!([
        {"name": "position", "type": 1, "description": "What a country or organisation has said: exact quotes, who, and the source",
         "options": [who("who", "A country or organisation: name, leader, capital, demonym…"), topic]},
        {"name": "compare", "type": 1, "description": "Two sides' statements next to each other",
         "options": [who("first", "The first country or organisation"), who("second", "The second country or organisation"), topic]},
        {"name": "whosaid", "type": 1, "description": "Who said a phrase (a few words of the quote)",
         "options": [{"type": 3, "name": "phrase", "description": "Words of the quote; typos are fine", "required": true, "max_length": 200}]},
        {"name": "topic", "type": 1, "description": "Statements on a topic, grouped by who said them",
         "options": [{"type": 3, "name": "word", "description": "A topic such as troops, ceasefire, sanctions", "required": true, "max_length": 100}]},
        {"name": "sources", "type": 1, "description": "The articles the statements come from"},
        {"name": "help", "type": 1, "description": "How to ask positions"}
    ])
}

/// The `data` of a message response: embeds, page buttons, no pings.
pub fn message_data(message: &Message) -> Value {
    let embeds: Vec<Value> = message
        .embeds
        .iter()
        .map(|e| {
            let mut v = json!({
                "title": e.title,
                "color": e.color,
                "fields": e.fields.iter().map(|f| json!({"name": f.name, "value": f.value, "inline": f.inline})).collect::<Vec<_>>(),
            });
            if let Some(d) = &e.description {
                v["description"] = json!(d);
            }
            if let Some(u) = &e.url {
                v["url"] = json!(u);
            }
            if let Some(f) = &e.footer {
                v["footer"] = json!({"text": f});
            }
            v
        })
        .collect();
    let components: Vec<Value> = if message.buttons.is_empty() {
        Vec::new()
    } else {
        vec![
            json!({"type": 1, "components": message.buttons.iter().map(|b| json!({
            "type": 2, "style": 2, "label": b.label, "custom_id": b.custom_id, "disabled": b.disabled
        })).collect::<Vec<_>>()}),
        ]
    };
    let mut data = json!({
        "embeds": embeds,
        "components": components,
        "allowed_mentions": {"parse": []},
    });
    if message.ephemeral {
        data["flags"] = json!(EPHEMERAL);
    }
    data
}

/// A plain ephemeral text answer (errors that are not replies of the core).
pub fn ephemeral_text(text: &str) -> Value {
    json!({"type": RESPONSE_MESSAGE, "data": {
        "content": crate::render::escape::escape(text),
        "flags": EPHEMERAL,
        "allowed_mentions": {"parse": []}
    }})
}

/// The body of a mention reply: the answer as a reply to the message, pinging no one.
pub fn mention_reply(
    index: &Index,
    content: &str,
    message_id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
) -> Value {
    let reply = answer::ask(index, content, 0);
    let mut message = embed::render(&reply);
    message.ephemeral = false; // channel messages cannot be ephemeral
    let mut body = message_data(&message);
    let mut reference = json!({"message_id": message_id.to_string(), "channel_id": channel_id.to_string(), "fail_if_not_exists": false});
    if let Some(g) = guild_id {
        reference["guild_id"] = json!(g.to_string());
    }
    body["message_reference"] = reference;
    body["allowed_mentions"] = json!({"parse": [], "replied_user": false});
    body
}

/// The response to an interaction, or None for kinds the bot does not handle.
pub fn interaction_response(index: &Index, interaction: &Interaction) -> Option<Value> {
    match interaction {
        Interaction::Ping(_) => Some(json!({"type": RESPONSE_PONG})),
        Interaction::Command(c) => Some(command_response(index, c)),
        Interaction::Autocomplete(c) => Some(autocomplete_response(index, c)),
        Interaction::Component(c) => Some(component_response(index, c)),
        _ => None,
    }
}

fn option_text(c: &CommandInteraction, name: &str) -> Option<String> {
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

/// The question a slash command asks, read from its options.
pub fn command_question(c: &CommandInteraction) -> Option<Question> {
    let text = |n: &str| option_text(c, n).filter(|s| !s.trim().is_empty());
    Some(match c.data.name.as_str() {
        "position" => Question::Position {
            who: text("who")?,
            topic: text("topic"),
        },
        "compare" => Question::Compare {
            first: text("first")?,
            second: text("second")?,
            topic: text("topic"),
        },
        "whosaid" => Question::WhoSaid {
            phrase: text("phrase")?,
        },
        "topic" => Question::Topic {
            word: text("word")?,
        },
        "sources" => Question::Sources,
        "help" => Question::Help,
        _ => return None,
    })
}

fn command_response(index: &Index, c: &CommandInteraction) -> Value {
    if matches!(c.data.name.as_str(), "ingest" | "retract") {
        return ephemeral_text("This endpoint answers questions only: /ingest and /retract are served by the bot's gateway process.");
    }
    let Some(question) = command_question(c) else {
        return ephemeral_text(&format!(
            "I do not know the command /{}, or an option it needs is missing. Try /help.",
            c.data.name.chars().take(32).collect::<String>()
        ));
    };
    let raw = {
        let mut parts = vec![format!("/{}", c.data.name)];
        parts.extend(
            c.data
                .options
                .iter()
                .filter_map(|o| option_text(c, &o.name)),
        );
        parts.join(" ")
    };
    let reply = answer::answer(index, &question, 0, &raw);
    json!({"type": RESPONSE_MESSAGE, "data": message_data(&embed::render(&reply))})
}

fn autocomplete_response(index: &Index, c: &CommandInteraction) -> Value {
    let partial = c
        .data
        .autocomplete()
        .map(|o| o.value.to_string())
        .unwrap_or_default();
    let choices = match c.data.name.as_str() {
        "retract" => complete::statements(index, &partial),
        _ => complete::complete(index, &partial),
    };
    json!({"type": RESPONSE_AUTOCOMPLETE, "data": {"choices": choices}})
}

fn component_response(index: &Index, c: &ComponentInteraction) -> Value {
    match embed::parse_page_custom_id(&c.data.custom_id) {
        Some((page, question)) => {
            let reply = answer::ask(index, question, page);
            let mut message = embed::render(&reply);
            message.ephemeral = false;
            let mut data = message_data(&message);
            if let Some(obj) = data.as_object_mut() {
                obj.remove("flags");
            }
            json!({"type": RESPONSE_UPDATE, "data": data})
        }
        None => ephemeral_text("This button is no longer valid; ask again."),
    }
}
