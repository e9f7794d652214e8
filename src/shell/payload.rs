//! Discord payloads built with serenity's builders from the core's message model: interaction
//! responses, edits of a deferred response, and mention replies. Shared by the gateway and the
//! HTTP endpoint. Every message body gets its `allowed_mentions` here, and only here.

use serde::Serialize;
use serde_json::Value;
use serenity::all::{
    ButtonStyle, ChannelId, CommandInteraction, ComponentInteraction, CreateActionRow,
    CreateAllowedMentions, CreateAutocompleteResponse, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, GuildId, Interaction, MessageId, MessageReference,
    MessageReferenceKind,
};
use serenity::builder::AutocompleteChoice;

use super::commands::{self, Choices, Serve};
use crate::answer;
use crate::complete::{self, Choice};
use crate::index::Index;
use crate::render::embed::{self, Message};

/// Mentions that ping no one: quotes and echoed input may hold `@everyone` or `<@&role>`.
fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// A builder as the JSON Discord is sent. A response without data (PONG, a deferred update) is
/// sent as `{"type": N}`, without `"data": null`.
fn to_json(body: impl Serialize) -> Value {
    let mut v = serde_json::to_value(body).unwrap_or(Value::Null);
    if let Some(obj) = v.as_object_mut() {
        if obj.get("data").is_some_and(Value::is_null) {
            obj.remove("data");
        }
    }
    v
}

fn embeds(message: &Message) -> Vec<CreateEmbed> {
    message
        .embeds
        .iter()
        .map(|e| {
            let mut b = CreateEmbed::new().title(&e.title).colour(e.color).fields(
                e.fields
                    .iter()
                    .map(|f| (f.name.clone(), f.value.clone(), f.inline)),
            );
            if let Some(d) = &e.description {
                b = b.description(d);
            }
            if let Some(u) = &e.url {
                b = b.url(u);
            }
            if let Some(f) = &e.footer {
                b = b.footer(CreateEmbedFooter::new(f));
            }
            b
        })
        .collect()
}

/// The page (or Confirm/Cancel) buttons in one row; none when the message has no buttons (an
/// edit or update then removes the buttons it replaces).
fn components(message: &Message) -> Vec<CreateActionRow> {
    if message.buttons.is_empty() {
        return Vec::new();
    }
    vec![CreateActionRow::Buttons(
        message
            .buttons
            .iter()
            .map(|b| {
                CreateButton::new(&b.custom_id)
                    .style(ButtonStyle::Secondary)
                    .label(&b.label)
                    .disabled(b.disabled)
            })
            .collect(),
    )]
}

/// A message response; `flags` is left out unless it is private (`ephemeral(false)` would send
/// `"flags": 0`).
fn message_response(message: &Message, ephemeral: bool) -> CreateInteractionResponseMessage {
    let data = CreateInteractionResponseMessage::new()
        .embeds(embeds(message))
        .components(components(message))
        .allowed_mentions(no_pings());
    if ephemeral {
        data.ephemeral(true)
    } else {
        data
    }
}

/// `{"type": 1}`: the answer to Discord's PING.
pub fn pong() -> Value {
    to_json(CreateInteractionResponse::Pong)
}

/// A new message answering an interaction, private when the core says so.
pub fn reply(message: &Message) -> Value {
    to_json(CreateInteractionResponse::Message(message_response(
        message,
        message.ephemeral,
    )))
}

/// A new message answering an interaction, seen only by the user who asked.
pub fn private(message: &Message) -> Value {
    to_json(CreateInteractionResponse::Message(message_response(
        message, true,
    )))
}

/// Replaces the message whose button was pressed.
pub fn update(message: &Message) -> Value {
    to_json(CreateInteractionResponse::UpdateMessage(message_response(
        message, false,
    )))
}

/// A plain private text answer (errors that are not replies of the core).
pub fn private_text(text: &str) -> Value {
    to_json(CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(crate::render::escape::escape(text))
            .allowed_mentions(no_pings())
            .ephemeral(true),
    ))
}

/// "Thinking…", privately: buys 15 minutes for work that may take more than 3 s.
pub fn deferred_private() -> Value {
    to_json(CreateInteractionResponse::Defer(
        CreateInteractionResponseMessage::new()
            .allowed_mentions(no_pings())
            .ephemeral(true),
    ))
}

/// Acknowledges a button press; the message is edited later.
pub fn deferred_update() -> Value {
    to_json(CreateInteractionResponse::Acknowledge)
}

/// The body of an edit of a deferred or original response.
pub fn edit(message: &Message) -> Value {
    to_json(
        EditInteractionResponse::new()
            .embeds(embeds(message))
            .components(components(message))
            .allowed_mentions(no_pings()),
    )
}

/// Autocomplete choices.
pub fn choices(choices: Vec<Choice>) -> Value {
    to_json(CreateInteractionResponse::Autocomplete(
        CreateAutocompleteResponse::new().set_choices(
            choices
                .into_iter()
                .map(|c| AutocompleteChoice::new(c.name, c.value))
                .collect(),
        ),
    ))
}

/// The body of a mention reply: the answer as a reply to the message, pinging no one (not even
/// its author).
pub fn mention_reply(
    index: &Index,
    content: &str,
    message_id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
) -> Value {
    let reply = answer::ask(index, content, 0);
    let message = embed::render(&reply);
    let mut reference =
        MessageReference::new(MessageReferenceKind::Default, ChannelId::new(channel_id))
            .message_id(MessageId::new(message_id))
            .fail_if_not_exists(false);
    if let Some(g) = guild_id {
        reference = reference.guild_id(GuildId::new(g));
    }
    // Channel messages cannot be ephemeral: the core's flag is not carried over.
    to_json(
        CreateMessage::new()
            .embeds(embeds(&message))
            .components(components(&message))
            .reference_message(reference)
            .allowed_mentions(no_pings().replied_user(false)),
    )
}

/// The response to an interaction that needs only the index, or None for kinds the bot does not
/// handle. The moderators' commands are refused: they need the gateway.
pub fn interaction_response(index: &Index, interaction: &Interaction) -> Option<Value> {
    match interaction {
        Interaction::Ping(_) => Some(pong()),
        Interaction::Command(c) => Some(command_response(index, c)),
        Interaction::Autocomplete(c) => Some(autocomplete_response(index, c)),
        Interaction::Component(c) => Some(component_response(index, c)),
        _ => None,
    }
}

fn command_response(index: &Index, c: &CommandInteraction) -> Value {
    let question = match commands::find(&c.data.name).map(|cmd| cmd.serve) {
        Some(Serve::Moderation(_)) => {
            return private_text("This endpoint answers questions only: /ingest, /retract and /feeds are served by the bot's gateway process.");
        }
        Some(Serve::Question(read)) => read(c),
        None => None,
    };
    let Some(question) = question else {
        return private_text(&format!(
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
                .filter_map(|o| commands::option_text(c, &o.name)),
        );
        parts.join(" ")
    };
    let reply = answer::answer(index, &question, 0, &raw);
    self::reply(&embed::render(&reply))
}

fn autocomplete_response(index: &Index, c: &CommandInteraction) -> Value {
    let partial = c
        .data
        .autocomplete()
        .map(|o| o.value.to_string())
        .unwrap_or_default();
    let source = commands::find(&c.data.name).map_or(Choices::Entities, |cmd| cmd.choices);
    choices(match source {
        Choices::Statements => complete::statements(index, &partial),
        Choices::Entities => complete::complete(index, &partial),
    })
}

fn component_response(index: &Index, c: &ComponentInteraction) -> Value {
    match embed::parse_page_custom_id(&c.data.custom_id) {
        Some((page, question)) => {
            let reply = answer::ask(index, question, page);
            update(&embed::render(&reply))
        }
        None => private_text("This button is no longer valid; ask again."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::embed::{Button, Embed, EmbedField};

    fn message(ephemeral: bool) -> Message {
        Message {
            embeds: vec![Embed {
                title: "Germany".into(),
                description: Some("d".into()),
                url: None,
                color: 0x3366cc,
                fields: vec![EmbedField {
                    name: "n".into(),
                    value: "v".into(),
                    inline: false,
                }],
                footer: Some("f".into()),
            }],
            buttons: vec![Button {
                custom_id: "pg:1:x".into(),
                label: "Next".into(),
                disabled: false,
            }],
            ephemeral,
        }
    }

    #[test]
    fn bodies_have_the_shape_discord_reads() {
        assert_eq!(pong(), serde_json::json!({"type": 1}));
        assert_eq!(deferred_update(), serde_json::json!({"type": 6}));
        let r = reply(&message(true));
        assert_eq!(r["type"], 4);
        assert_eq!(r["data"]["flags"], 64);
        assert_eq!(
            r["data"]["allowed_mentions"]["parse"],
            serde_json::json!([])
        );
        assert_eq!(r["data"]["embeds"][0]["title"], "Germany");
        assert_eq!(r["data"]["embeds"][0]["color"], 0x3366cc);
        assert_eq!(r["data"]["embeds"][0]["footer"]["text"], "f");
        assert_eq!(r["data"]["embeds"][0]["fields"][0]["value"], "v");
        let button = &r["data"]["components"][0]["components"][0];
        assert_eq!(button["type"], 2);
        assert_eq!(button["style"], 2);
        assert_eq!(button["custom_id"], "pg:1:x");
        assert_eq!(button["disabled"], false);
        assert!(reply(&message(false))["data"].get("flags").is_none());
        let u = update(&message(true));
        assert_eq!(u["type"], 7);
        assert!(u["data"].get("flags").is_none());
        let e = edit(&Message {
            buttons: Vec::new(),
            ..message(true)
        });
        assert_eq!(
            e["components"],
            serde_json::json!([]),
            "an edit removes buttons"
        );
        assert!(e.get("flags").is_none());
        let d = deferred_private();
        assert_eq!(
            (d["type"].as_u64(), d["data"]["flags"].as_u64()),
            (Some(5), Some(64))
        );
    }
}
