//! JSON objects the stand-in sends (users, members, READY, interactions, messages, the
//! application), shaped so that serenity 0.12.5's models deserialize them.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use super::{APP_ID, BOT_USER_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, OTHER_BOT_ID, USER_ID};

/// Milliseconds from the Unix epoch to Discord's epoch (2015-01-01).
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// Permissions the stand-in grants (the member's and the app's): every bit Discord defines up
/// to bit 50, so no permission check in the bot fails for want of one.
pub(super) const ALL_PERMISSIONS: &str = "2251799813685247";

/// A snowflake for "now"; `counter` keeps ids made in the same millisecond apart.
pub(super) fn snowflake(counter: u64) -> u64 {
    let ms = now_unix_ms().saturating_sub(DISCORD_EPOCH_MS);
    (ms << 22) | (counter & 0x3F_FFFF)
}

fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Now as Discord writes timestamps: `2026-01-02T03:04:05.678000+00:00`.
pub(super) fn now_timestamp() -> String {
    let ms = now_unix_ms();
    let secs = ms / 1000;
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60,
        (ms % 1000) * 1000
    )
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The bot's own user, as `GET /users/@me` and READY give it.
pub(super) fn bot_user() -> Value {
    json!({
        "id": BOT_USER_ID.to_string(),
        "username": "positions-standin",
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "system": false,
        "mfa_enabled": false,
        "banner": null,
        "accent_color": null,
        "locale": "en-US",
        "verified": true,
        "email": null,
        "flags": 0,
        "premium_type": 0,
        "public_flags": 0
    })
}

/// The human who runs commands and writes messages.
pub(super) fn human_user() -> Value {
    json!({
        "id": USER_ID.to_string(),
        "username": "tester",
        "discriminator": "0",
        "global_name": "Tester",
        "avatar": null,
        "banner": null,
        "accent_color": null,
        "public_flags": 0,
        "flags": 0
    })
}

/// Another bot in the guild, author of messages the bot must ignore.
pub(super) fn other_bot_user() -> Value {
    json!({
        "id": OTHER_BOT_ID.to_string(),
        "username": "some-other-bot",
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "public_flags": 0,
        "flags": 0
    })
}

/// A guild member without its `user` (the shape inside MESSAGE_CREATE and `mentions`).
fn partial_member() -> Value {
    json!({
        "roles": [],
        "nick": null,
        "avatar": null,
        "banner": null,
        "premium_since": null,
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
        "unusual_dm_activity_until": null
    })
}

/// A full guild member (the shape inside an interaction), with its permissions.
fn member(user: Value) -> Value {
    let mut m = partial_member();
    m["user"] = user;
    m["permissions"] = json!(ALL_PERMISSIONS);
    m
}

/// What `GET /oauth2/applications/@me` answers.
pub(super) fn application() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "name": "positions-standin",
        "icon": null,
        "description": "Loopback stand-in application",
        "summary": "",
        "type": null,
        "rpc_origins": [],
        "bot_public": true,
        "bot_require_code_grant": false,
        "bot": bot_user(),
        "terms_of_service_url": null,
        "privacy_policy_url": null,
        "owner": human_user(),
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "team": null,
        "flags": 0,
        "tags": [],
        "install_params": null,
        "custom_install_url": null,
        "role_connections_verification_url": null,
        "integration_types_config": {"0": {}},
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "redirect_uris": [],
        "interactions_endpoint_url": null
    })
}

/// The `d` of READY for a new session.
pub(super) fn ready(
    session_id: &str,
    ws_url: &str,
    shard: Option<[u32; 2]>,
    guilds: &[u64],
) -> Value {
    let mut d = json!({
        "v": 10,
        "user": bot_user(),
        "user_settings": {},
        "guilds": guilds
            .iter()
            .map(|g| json!({"id": g.to_string(), "unavailable": true}))
            .collect::<Vec<_>>(),
        "guild_join_requests": [],
        "relationships": [],
        "presences": [],
        "private_channels": [],
        "geo_ordered_rtc_regions": [],
        "session_type": "normal",
        "session_id": session_id,
        "resume_gateway_url": ws_url,
        "application": {"id": APP_ID.to_string(), "flags": 0},
        "_trace": ["[\"positions-standin\",{\"micros\":0}]"]
    });
    if let Some(shard) = shard {
        d["shard"] = json!(shard);
    }
    d
}

/// The guild text channel as an interaction carries it.
fn guild_channel() -> Value {
    json!({
        "id": CHANNEL_ID.to_string(),
        "type": 0,
        "guild_id": GUILD_ID.to_string(),
        "name": "general",
        "position": 0,
        "parent_id": null,
        "topic": null,
        "nsfw": false,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
        "permissions": ALL_PERMISSIONS
    })
}

/// An interaction of `kind` (2 command, 3 component, 4 autocomplete) run by the human in the
/// guild channel. `extra` is merged at the top level (e.g. `message` for a component).
pub(super) fn interaction(
    kind: u8,
    id: &str,
    token: &str,
    data: Value,
    extra: Map<String, Value>,
) -> Value {
    let mut v = json!({
        "id": id,
        "application_id": APP_ID.to_string(),
        "type": kind,
        "data": data,
        "guild": {"id": GUILD_ID.to_string(), "locale": "en-US", "features": []},
        "guild_id": GUILD_ID.to_string(),
        "channel": guild_channel(),
        "channel_id": CHANNEL_ID.to_string(),
        "member": member(human_user()),
        "token": token,
        "version": 1,
        "app_permissions": ALL_PERMISSIONS,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0,
        "attachment_size_limit": 10_485_760
    });
    if let Some(obj) = v.as_object_mut() {
        obj.extend(extra);
    }
    v
}

/// Rewrites a guild interaction into one run in the bot's DM channel with the human: no
/// guild, `user` instead of `member`, the DM channel, context 1 (bot DM).
pub(super) fn into_dm(mut v: Value) -> Value {
    if let Some(obj) = v.as_object_mut() {
        obj.remove("guild");
        obj.remove("guild_id");
        obj.remove("guild_locale");
        let user = obj
            .remove("member")
            .and_then(|m| m.get("user").cloned())
            .unwrap_or_else(human_user);
        obj.insert("user".into(), user.clone());
        obj.insert("channel_id".into(), json!(DM_CHANNEL_ID.to_string()));
        obj.insert(
            "channel".into(),
            json!({"id": DM_CHANNEL_ID.to_string(), "type": 1, "recipients": [user], "flags": 0}),
        );
        obj.insert("app_permissions".into(), json!("1126999418470464"));
        obj.insert("authorizing_integration_owners".into(), json!({"0": "0"}));
        obj.insert("context".into(), json!(1));
    }
    v
}

/// A command option as Discord sends it; its type follows the JSON value (string 3, integer
/// 4, boolean 5, number 10).
pub(super) fn option(name: &str, value: Value, focused: bool) -> Value {
    let kind = match &value {
        Value::Bool(_) => 5,
        Value::Number(n) if n.is_i64() || n.is_u64() => 4,
        Value::Number(_) => 10,
        _ => 3,
    };
    let mut o = json!({"name": name, "type": kind, "value": value});
    if focused {
        o["focused"] = json!(true);
    }
    o
}

/// Where and by whom a message the bot creates is written.
pub(super) struct MessageCtx {
    pub id: String,
    pub channel_id: String,
    pub guild_id: Option<String>,
    /// 0 default, 19 reply, 20 slash command response.
    pub kind: u8,
    /// Set for messages sent through the interaction webhook.
    pub interaction_metadata: Option<Value>,
    pub attachments: Vec<Value>,
}

/// Keys of a create-message body that become fields of the created message.
const COPIED_KEYS: [&str; 6] = ["content", "embeds", "components", "flags", "tts", "nonce"];

/// The message Discord would create from a create-message (or interaction response) body.
pub(super) fn message_from_body(ctx: MessageCtx, body: &Value) -> Value {
    let mut m = json!({
        "id": ctx.id,
        "channel_id": ctx.channel_id,
        "author": bot_user(),
        "content": "",
        "timestamp": now_timestamp(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": ctx.attachments,
        "embeds": [],
        "reactions": [],
        "pinned": false,
        "type": ctx.kind,
        "flags": 0,
        "components": []
    });
    if let Some(g) = ctx.guild_id {
        m["guild_id"] = json!(g);
    }
    if let Some(meta) = ctx.interaction_metadata {
        m["webhook_id"] = json!(APP_ID.to_string());
        m["application_id"] = json!(APP_ID.to_string());
        m["interaction_metadata"] = meta;
    }
    apply_body(&mut m, body);
    if let Some(reference) = body.get("message_reference").filter(|r| r.is_object()) {
        let mut reference = reference.clone();
        if reference.get("channel_id").is_none() {
            reference["channel_id"] = m["channel_id"].clone();
        }
        m["message_reference"] = reference;
        if ctx.kind == 0 {
            m["type"] = json!(19);
        }
    }
    m
}

/// Applies the message fields present in `body` to `m` (create or edit); a null resets it.
pub(super) fn apply_body(m: &mut Value, body: &Value) {
    for key in COPIED_KEYS {
        let Some(v) = body.get(key) else { continue };
        m[key] = match (key, v) {
            ("content", Value::Null) => json!(""),
            ("embeds" | "components", Value::Null) => json!([]),
            ("flags", Value::Null) => json!(0),
            ("tts", Value::Null) => json!(false),
            _ => v.clone(),
        };
    }
}

/// Completes a partial message (for example a response body the bot sent) into one serenity
/// accepts as the `message` of a component interaction; fields already there are kept.
pub(super) fn complete_message(partial: &Value, id: String) -> Value {
    if partial.get("author").is_some() && partial.get("timestamp").is_some() {
        return partial.clone();
    }
    let ctx = MessageCtx {
        id: partial
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or(id),
        channel_id: CHANNEL_ID.to_string(),
        guild_id: None,
        kind: 0,
        interaction_metadata: None,
        attachments: Vec::new(),
    };
    message_from_body(ctx, partial)
}

/// The guild as GUILD_CREATE carries it to a bot that joins it (or connects): its settings,
/// among them the community's `preferred_locale`, and empty lists of what a bot without the
/// privileged intents is not sent.
pub(super) fn guild_create(preferred_locale: &str) -> Value {
    json!({
        "id": GUILD_ID.to_string(),
        "name": "Stand-in Diplomacy Desk",
        "icon": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": USER_ID.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": [],
        "emojis": [],
        "features": ["COMMUNITY"],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": preferred_locale,
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "joined_at": now_timestamp(),
        "large": false,
        "unavailable": false,
        "member_count": 2,
        "voice_states": [],
        "members": [],
        "channels": [],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": []
    })
}

/// A message a user (or another bot) writes, as MESSAGE_CREATE carries it.
pub(super) fn incoming_message(
    id: &str,
    content: &str,
    mentions_bot: bool,
    author_is_bot: bool,
    dm: bool,
) -> Value {
    let author = if author_is_bot {
        other_bot_user()
    } else {
        human_user()
    };
    let mut mentions = Vec::new();
    if mentions_bot {
        let mut bot = bot_user();
        if !dm {
            bot["member"] = partial_member();
        }
        mentions.push(bot);
    }
    let mut m = json!({
        "id": id,
        "channel_id": if dm { DM_CHANNEL_ID } else { CHANNEL_ID }.to_string(),
        "author": author,
        "content": content,
        "timestamp": now_timestamp(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": [],
        "nonce": id
    });
    if !dm {
        m["guild_id"] = json!(GUILD_ID.to_string());
        m["member"] = partial_member();
    }
    m
}

/// `interaction_metadata` of a message answering interaction `id` of `kind`.
pub(super) fn interaction_metadata(
    id: &str,
    kind: u8,
    interacted_message_id: Option<&str>,
) -> Value {
    let mut meta = json!({
        "id": id,
        "type": kind,
        "user": human_user(),
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()}
    });
    if let Some(mid) = interacted_message_id {
        meta["interacted_message_id"] = json!(mid);
    }
    meta
}

/// A Discord JSON error body.
pub(super) fn error_body(code: u32, message: &str) -> Value {
    json!({"message": message, "code": code})
}
