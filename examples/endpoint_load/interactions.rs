//! What `endpoint_load` sends and what a right answer is: interactions built as Discord sends
//! them (a member in a guild channel), signed as Discord signs them, and the checks a reply must
//! pass for each kind (an embed for `/position`, choices for autocomplete, page 2 after Next).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use ed25519_dalek::{Signer, SigningKey};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{json, Value};

/// What the floor answers to every signed request.
pub const FLOOR_REPLY: &str =
    r#"{"type":4,"data":{"content":"floor","allowed_mentions":{"parse":[]}}}"#;

const APP_ID: u64 = 1_400_000_000_000_000_001;
const GUILD_ID: u64 = 1_400_000_000_000_000_002;
const CHANNEL_ID: u64 = 1_400_000_000_000_000_003;
const USER_ID: u64 = 1_400_000_000_000_000_004;
const BOT_ID: u64 = 1_400_000_000_000_000_005;
/// The id Discord gave the `/position` command (any stable id will do here).
const POSITION_COMMAND_ID: u64 = 1_400_000_000_000_000_006;

/// What kind of interaction a request is, and so what a right answer looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `/position who` (response type 4 with an embed).
    Position,
    /// `/position who topic` (type 4 with an embed).
    PositionTopic,
    /// Autocomplete of `who` (type 8 with a list of choices).
    Autocomplete,
    /// The Next button of a first page (type 7, the embed of page 2).
    Button,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Position,
        Kind::PositionTopic,
        Kind::Autocomplete,
        Kind::Button,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Position => "position",
            Kind::PositionTopic => "position_topic",
            Kind::Autocomplete => "autocomplete",
            Kind::Button => "button",
        }
    }
}

fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(), "username": name, "discriminator": "0", "global_name": null,
        "avatar": null, "bot": bot, "public_flags": 0
    })
}

/// An interaction of Discord type `kind` (2 command, 3 component, 4 autocomplete) by a member
/// in a guild channel; `extra` adds top-level fields (the `message` of a button press).
fn interaction(kind: u8, n: usize, data: Value, extra: Option<(&str, Value)>) -> Value {
    let mut v = json!({
        "id": (1_400_000_100_000_000_000u64 + n as u64).to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "data": data,
        "guild_id": GUILD_ID.to_string(),
        "channel": {"id": CHANNEL_ID.to_string(), "type": 0, "guild_id": GUILD_ID.to_string(),
                    "name": "general", "permissions": "2248473465835073", "flags": 0},
        "channel_id": CHANNEL_ID.to_string(),
        "member": {
            "user": user(USER_ID, "reader", false), "roles": [], "nick": null, "avatar": null,
            "premium_since": null, "joined_at": "2025-01-01T00:00:00.000000+00:00",
            "deaf": false, "mute": false, "flags": 0, "pending": false,
            "permissions": "2248473465835073"
        },
        "token": format!("aW50ZXJhY3Rpb246bG9hZC17bn0{n:08}"),
        "version": 1,
        "app_permissions": "2248473465835073",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0,
        "attachment_size_limit": 26_214_400
    });
    if let (Some((name, value)), Some(obj)) = (extra, v.as_object_mut()) {
        obj.insert(name.to_string(), value);
    }
    v
}

fn string_option(name: &str, value: &str, focused: bool) -> Value {
    let mut o = json!({"name": name, "type": 3, "value": value});
    if focused {
        o["focused"] = json!(true);
    }
    o
}

/// `/position who [topic]` as a command (type 2) or, with `who` focused, as autocomplete (4).
pub fn position(kind: u8, n: usize, who: &str, topic: Option<&str>) -> Value {
    let mut options = vec![string_option("who", who, kind == 4)];
    if let Some(t) = topic {
        options.push(string_option("topic", t, false));
    }
    let data = json!({"id": POSITION_COMMAND_ID.to_string(), "name": "position", "type": 1,
                      "options": options});
    interaction(kind, n, data, None)
}

/// A press of the button `custom_id` on the message the bot answered with (`reply_data`, the
/// `data` of its interaction response), as Discord sends it: the whole message comes along.
pub fn button_press(n: usize, custom_id: &str, reply_data: &Value) -> Value {
    let message = json!({
        "id": (1_400_000_200_000_000_000u64 + n as u64).to_string(),
        "channel_id": CHANNEL_ID.to_string(),
        "guild_id": GUILD_ID.to_string(),
        "author": user(BOT_ID, "positions", true),
        "content": "",
        "timestamp": "2026-01-07T12:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": reply_data["embeds"].clone(),
        "components": reply_data["components"].clone(),
        "pinned": false,
        "type": 20,
        "flags": 0,
        "application_id": APP_ID.to_string()
    });
    let data = json!({"custom_id": custom_id, "component_type": 2});
    interaction(3, n, data, Some(("message", message)))
}

/// One request ready to send: the body and the headers Discord would sign it with.
#[derive(Clone)]
pub struct Signed {
    pub kind: Kind,
    pub body: Bytes,
    pub signature: hyper::header::HeaderValue,
    pub timestamp: hyper::header::HeaderValue,
}

pub fn sign(key: &SigningKey, kind: Kind, body: Vec<u8>) -> anyhow::Result<Signed> {
    let ts = unix_now().to_string();
    let signature = hex(&key.sign(&[ts.as_bytes(), &body].concat()).to_bytes());
    Ok(Signed {
        kind,
        body: Bytes::from(body),
        signature: signature.parse()?,
        timestamp: ts.parse()?,
    })
}

/// Just what the checks read of a reply; everything else is skipped unparsed.
#[derive(Deserialize)]
struct Seen {
    #[serde(rename = "type")]
    kind: u8,
    data: Option<SeenData>,
}

#[derive(Deserialize)]
struct SeenData {
    #[serde(default)]
    embeds: Vec<SeenEmbed>,
    choices: Option<Vec<IgnoredAny>>,
}

#[derive(Deserialize)]
struct SeenEmbed {
    title: Option<String>,
    footer: Option<SeenFooter>,
}

#[derive(Deserialize)]
struct SeenFooter {
    text: String,
}

/// Which endpoint answers, and so what a right reply is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Floor,
    Positions,
}

/// Why a reply is wrong, or None when it looks right.
pub fn check(target: Target, kind: Kind, status: u16, body: &[u8]) -> Option<String> {
    if status != 200 {
        return Some(format!("status {status}"));
    }
    if target == Target::Floor {
        return (body != FLOOR_REPLY.as_bytes()).then(|| "not the floor's reply".to_string());
    }
    let seen: Seen = match serde_json::from_slice(body) {
        Ok(s) => s,
        Err(e) => return Some(format!("not a reply ({e})")),
    };
    let embed_title = seen
        .data
        .as_ref()
        .and_then(|d| d.embeds.first())
        .and_then(|e| e.title.as_deref());
    match kind {
        Kind::Position | Kind::PositionTopic if seen.kind == 4 && embed_title.is_some() => None,
        Kind::Autocomplete
            if seen.kind == 8 && seen.data.as_ref().is_some_and(|d| d.choices.is_some()) =>
        {
            None
        }
        Kind::Button if seen.kind == 7 => {
            let footer = seen
                .data
                .as_ref()
                .and_then(|d| d.embeds.first())
                .and_then(|e| e.footer.as_ref())
                .map(|f| f.text.as_str())
                .unwrap_or_default();
            (!footer.contains("Page 2 of")).then(|| format!("page turned to {footer:?}"))
        }
        _ => Some(format!("response type {} for {}", seen.kind, kind.name())),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
