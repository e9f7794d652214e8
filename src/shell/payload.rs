//! Discord payloads built with serenity's builders from the core's message model: interaction
//! responses, edits of a deferred response, and mention replies. Shared by the gateway and the
//! HTTP endpoint. Every message body gets its `allowed_mentions` here, and only here.

use std::time::Instant;

use serde::Serialize;
use serde_json::Value;
use serenity::all::{
    ButtonStyle, ChannelId, CommandInteraction, ComponentInteraction, CreateActionRow,
    CreateAllowedMentions, CreateAutocompleteResponse, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, GuildId, Interaction, MessageId, MessageReference,
    MessageReferenceKind, Nonce,
};
use serenity::builder::AutocompleteChoice;

use super::commands::{self, Choices, Serve};
use super::metrics::{self, command, outcome, Tally};
use super::rest::Upload;
use crate::answer;
use crate::answer::complete::{self, Choice};
use crate::index::Index;
use crate::locale::Locale;
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

/// A message posted to a channel on the bot's own account (a follow's post), with a nonce
/// Discord enforces so that a post repeated within minutes is not shown twice.
pub fn channel_post(message: &Message, nonce: &str) -> Value {
    to_json(
        CreateMessage::new()
            .embeds(embeds(message))
            .components(components(message))
            .nonce(Nonce::String(nonce.to_string()))
            .enforce_nonce(true)
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

/// The files a reply is sent with: the timeline's chart when its statements span two months or
/// more. A chart that cannot be drawn is left out (and logged): the reply stands without it.
pub fn files_for(reply: &crate::answer::reply::Reply) -> Vec<Upload> {
    if reply.command != crate::answer::reply::Command::Timeline
        || !crate::answer::timeline::wants_chart(&reply.months)
    {
        return Vec::new();
    }
    match crate::answer::chart::months_png(&reply.months) {
        Ok(bytes) => vec![Upload {
            filename: CHART_FILE.to_string(),
            content_type: "image/png",
            bytes,
        }],
        Err(e) => {
            tracing::warn!(error = %e, "timeline chart not drawn");
            Vec::new()
        }
    }
}

/// The chart's file name, as the message's attachment.
pub const CHART_FILE: &str = "timeline.png";

/// Names `files` in a message body's `attachments` (by their number in the multipart upload),
/// described in `l`, and shows the first one (the chart) as the image of the first embed.
fn with_attachments(mut body: Value, files: &[Upload], l: Locale) -> Value {
    if files.is_empty() {
        return body;
    }
    let list: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(n, f)| {
            serde_json::json!({
                "id": n,
                "filename": f.filename,
                "description": l.word("chart_description"),
            })
        })
        .collect();
    let target = match body.get_mut("data") {
        Some(data) => data,
        None => &mut body,
    };
    if let Some(embed) = target
        .pointer_mut("/embeds/0")
        .and_then(Value::as_object_mut)
    {
        let url = format!("attachment://{}", files[0].filename);
        embed.insert("image".to_string(), serde_json::json!({ "url": url }));
    }
    if let Some(obj) = target.as_object_mut() {
        obj.insert("attachments".to_string(), Value::Array(list));
    }
    body
}

/// For a surface whose first answer cannot carry files (the HTTP endpoint answers in its
/// response body, which is JSON): the deferred response ("thinking…", private when the reply is)
/// to give at once, and the body of the edit of `@original` that then brings the reply, to be
/// sent with its files. `response` is an interaction response with its `attachments` named.
pub fn deferred_then_edit(response: &Value) -> (Value, Value) {
    let mut edit = response.get("data").cloned().unwrap_or(Value::Null);
    let private = edit
        .get("flags")
        .and_then(Value::as_u64)
        .is_some_and(|f| f & 64 != 0);
    // Whether the message is private was settled by the deferred response; an edit cannot change it.
    if let Some(obj) = edit.as_object_mut() {
        obj.remove("flags");
    }
    let deferred = if private {
        deferred_private()
    } else {
        to_json(CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new().allowed_mentions(no_pings()),
        ))
    };
    (deferred, edit)
}

/// What answering an interaction or a mention gives: the body, the files to upload with it
/// (multipart), and what the metrics count of it.
pub struct Response {
    pub body: Value,
    pub files: Vec<Upload>,
    pub tally: Tally,
}

/// The reply to a mention: the answer as a reply to the message, in the guild's language,
/// pinging no one (not even its author), and the files to send with it (see `files_for`).
pub fn mention_reply_with_files(
    index: &Index,
    content: &str,
    message_id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
    locale: Locale,
) -> Response {
    let started = Instant::now();
    let reply = answer::ask(index, content, 0);
    let message = embed::render_in(&reply, locale);
    let took = started.elapsed();
    let files = files_for(&reply);
    let mut reference =
        MessageReference::new(MessageReferenceKind::Default, ChannelId::new(channel_id))
            .message_id(MessageId::new(message_id))
            .fail_if_not_exists(false);
    if let Some(g) = guild_id {
        reference = reference.guild_id(GuildId::new(g));
    }
    // Channel messages cannot be ephemeral: the core's flag is not carried over.
    let body = to_json(
        CreateMessage::new()
            .embeds(embeds(&message))
            .components(components(&message))
            .reference_message(reference)
            .allowed_mentions(no_pings().replied_user(false)),
    );
    Response {
        body: with_attachments(body, &files, locale),
        files,
        tally: Tally::answered(command::MENTION, reply.outcome.as_str(), took),
    }
}

/// The response to an interaction that needs only the index, or None for kinds the bot does not
/// handle. The moderators' commands are refused: they need the gateway. Files (a timeline's
/// chart) are left out; `interaction_response_with_files` gives them.
pub fn interaction_response(index: &Index, interaction: &Interaction) -> Option<(Value, Tally)> {
    interaction_response_with_files(index, interaction).map(|r| (r.body, r.tally))
}

/// The response to an interaction and the files to upload with it (multipart), as the gateway
/// sends it.
pub fn interaction_response_with_files(
    index: &Index,
    interaction: &Interaction,
) -> Option<Response> {
    let without_files = |(body, tally)| Response {
        body,
        files: Vec::new(),
        tally,
    };
    match interaction {
        Interaction::Ping(_) => Some(without_files((
            pong(),
            Tally::of(command::PING, outcome::PONG),
        ))),
        Interaction::Command(c) => {
            let response = command_response(index, c);
            let l = Locale::of_discord(&c.locale);
            Some(Response {
                body: with_attachments(response.body, &response.files, l),
                ..response
            })
        }
        Interaction::Autocomplete(c) => Some(without_files(autocomplete_response(index, c))),
        Interaction::Component(c) => Some(without_files(component_response(index, c))),
        _ => None,
    }
}

fn command_response(index: &Index, c: &CommandInteraction) -> Response {
    let label = metrics::command_label(&c.data.name);
    let text_only = |text: String, outcome| Response {
        body: private_text(&text),
        files: Vec::new(),
        tally: Tally::of(label, outcome),
    };
    let l = Locale::of_discord(&c.locale);
    let name: String = c.data.name.chars().take(32).collect();
    let question = match commands::find(&c.data.name).map(|cmd| cmd.serve) {
        Some(Serve::Moderation(_)) => {
            return text_only(
                l.phrase("gateway_only", &[("command", &name)]),
                outcome::REFUSED,
            );
        }
        Some(Serve::Question(read)) => read(c),
        None => None,
    };
    let Some(question) = question else {
        return text_only(
            l.phrase(
                "unknown_command",
                &[("command", &name), ("help", l.command("help"))],
            ),
            outcome::UNKNOWN,
        );
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
    let started = Instant::now();
    let language = commands::option_text(c, commands::LANGUAGE);
    let reply = answer::answer_in(index, &question, language.as_deref(), 0, &raw);
    let body = self::reply(&embed::render_in(&reply, l));
    let took = started.elapsed();
    // The chart is drawn after the clock stops: it is an attachment, not the answer.
    let files = files_for(&reply);
    Response {
        body,
        files,
        tally: Tally::answered(label, reply.outcome.as_str(), took),
    }
}

fn autocomplete_response(index: &Index, c: &CommandInteraction) -> (Value, Tally) {
    let started = Instant::now();
    let partial = c
        .data
        .autocomplete()
        .map(|o| o.value.to_string())
        .unwrap_or_default();
    let source = commands::find(&c.data.name).map_or(Choices::Entities, |cmd| cmd.choices);
    let l = Locale::of_discord(&c.locale);
    let offered = match source {
        Choices::Statements => complete::statements_in(index, &partial, l),
        Choices::Entities => complete::complete_in(index, &partial, l),
    };
    let outcome = if offered.is_empty() {
        outcome::NO_CHOICES
    } else {
        outcome::CHOICES
    };
    let body = choices(offered);
    let tally = Tally::answered(command::AUTOCOMPLETE, outcome, started.elapsed());
    (body, tally)
}

fn component_response(index: &Index, c: &ComponentInteraction) -> (Value, Tally) {
    match embed::parse_page_custom_id(&c.data.custom_id) {
        Some((page, question)) => {
            let started = Instant::now();
            let reply = answer::ask(index, question, page);
            let body = update(&embed::render_in(&reply, Locale::of_discord(&c.locale)));
            let tally = Tally::answered(command::PAGE, reply.outcome.as_str(), started.elapsed());
            (body, tally)
        }
        None => (
            private_text(Locale::of_discord(&c.locale).word("expired_button")),
            Tally::of(command::BUTTON, outcome::EXPIRED),
        ),
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
        let post = channel_post(&message(true), "f0123");
        assert_eq!(post["nonce"], "f0123");
        assert_eq!(post["enforce_nonce"], true);
        assert_eq!(post["allowed_mentions"]["parse"], serde_json::json!([]));
        assert!(
            post.get("flags").is_none(),
            "a channel post is never ephemeral"
        );
        let d = deferred_private();
        assert_eq!(
            (d["type"].as_u64(), d["data"]["flags"].as_u64()),
            (Some(5), Some(64))
        );
    }

    #[test]
    fn a_reply_with_a_file_is_deferred_then_brought_by_an_edit() {
        let files = vec![Upload {
            filename: CHART_FILE.to_string(),
            content_type: "image/png",
            bytes: b"\x89PNG".to_vec(),
        }];
        for private in [false, true] {
            let body = with_attachments(reply(&message(private)), &files, Locale::English);
            let (deferred, edit) = deferred_then_edit(&body);
            assert_eq!(deferred["type"], 5);
            assert_eq!(deferred["data"]["flags"].as_u64(), private.then_some(64));
            assert!(edit.get("flags").is_none(), "{edit}");
            assert_eq!(edit["embeds"][0]["title"], "Germany");
            assert_eq!(
                edit["embeds"][0]["image"]["url"],
                "attachment://timeline.png"
            );
            assert_eq!(edit["attachments"][0]["filename"], CHART_FILE);
            assert_eq!(edit["allowed_mentions"]["parse"], serde_json::json!([]));
        }
    }
}
