//! `positions serve`: the bot on Discord's gateway. Events are routed by the command table
//! (`shell::commands`) to the shared `payload` code or to `moderation`; replies go out through
//! `shell::rest` (with its own 429 handling). The index is shared and follows the store
//! (`live`, `fs_watch`).

pub mod follow_commands;
pub mod moderation;
mod private;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLockReadGuard};

use reqwest::Method;
use serenity::all::{
    Context, EventHandler, GatewayIntents, Guild, HttpBuilder, Interaction,
    Message as DiscordMessage, PartialGuild, Ready, ResumedEvent, UnavailableGuild,
};
use serenity::async_trait;
use serenity::http::Http;

use super::commands::{self, Serve};
use super::fs_watch;
use super::live::LiveIndex;
use super::metrics::{self, Tally};
use super::payload;
use super::rest::{self, Rest};
use super::settings::Settings;
use crate::index::Index;
use crate::locale::Locale;

/// Which gateway shards this process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shards {
    /// All of the shards Discord recommends (GET /gateway/bot): the default.
    Recommended,
    /// Shards `start..=end` of `total`.
    Range { start: u32, end: u32, total: u32 },
}

/// What every event handler reads: the current index, and how to reach Discord.
pub struct State {
    live: Arc<LiveIndex>,
    pub rest: Rest,
    pub settings: Settings,
    registered: AtomicBool,
    bot_id: AtomicU64,
    moderation: moderation::Moderation,
    /// Each guild's community language (`preferred_locale` of GUILD_CREATE and GUILD_UPDATE):
    /// a mention carries no locale of its user, so the bot answers it in its guild's.
    guild_locales: Mutex<HashMap<u64, Locale>>,
}

impl State {
    pub fn new(settings: Settings, index: Index) -> State {
        let live = Arc::new(LiveIndex::new(settings.data.clone(), index));
        State {
            live,
            rest: Rest::new(settings.rest_base(), &settings.token),
            settings,
            registered: AtomicBool::new(false),
            bot_id: AtomicU64::new(0),
            moderation: moderation::Moderation::default(),
            guild_locales: Mutex::new(HashMap::new()),
        }
    }

    /// The language a guild's community set (English for a DM, or a guild not announced yet).
    fn guild_locale(&self, guild: Option<u64>) -> Locale {
        let known = self.guild_locales.lock().unwrap_or_else(|e| e.into_inner());
        guild
            .and_then(|g| known.get(&g).copied())
            .unwrap_or_default()
    }

    fn set_guild_locale(&self, guild: u64, tag: Option<&str>) {
        let mut known = self.guild_locales.lock().unwrap_or_else(|e| e.into_inner());
        match tag {
            Some(tag) => known.insert(guild, Locale::of_discord(tag)),
            None => known.remove(&guild),
        };
    }

    /// The bot's own user id: from READY, or (when a message is handled before READY's handler
    /// has run: serenity runs handlers concurrently) from `GET /users/@me`.
    async fn bot_user_id(&self) -> Option<u64> {
        let known = self.bot_id.load(Ordering::Relaxed);
        if known != 0 {
            return Some(known);
        }
        let me = self.rest.send(Method::GET, "/users/@me", None).await;
        let id = me
            .ok()?
            .get("id")
            .and_then(serde_json::Value::as_str)
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|&id| id != 0)?;
        self.bot_id.store(id, Ordering::Relaxed);
        Some(id)
    }

    /// The shared index, for the tasks that follow the store and post to followers.
    pub fn live(&self) -> Arc<LiveIndex> {
        Arc::clone(&self.live)
    }

    /// The index in force, to answer from: hold it only while a reply is built (see
    /// `LiveIndex::read`).
    pub fn index(&self) -> RwLockReadGuard<'_, Index> {
        self.live.read()
    }

    /// Registers the slash commands (guild when DISCORD_GUILD_ID is set, else global).
    pub async fn register_commands(&self, application_id: u64) -> Result<(), rest::RestError> {
        commands::register(&self.rest, application_id, self.settings.guild_id).await
    }
}

struct Handler {
    state: Arc<State>,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        self.state
            .bot_id
            .store(ready.user.id.get(), Ordering::Relaxed);
        tracing::info!(user = %ready.user.name, shard = ?ready.shard.map(|s| (s.id.0, s.total)), guilds = ready.guilds.len(), "connected to the gateway");
        if !self.state.registered.swap(true, Ordering::SeqCst) {
            if let Err(e) = self
                .state
                .register_commands(ready.application.id.get())
                .await
            {
                self.state.registered.store(false, Ordering::SeqCst);
                tracing::error!(error = %e, "could not register slash commands");
            }
        }
    }

    async fn resume(&self, _ctx: Context, _: ResumedEvent) {
        tracing::info!("gateway session resumed");
    }

    async fn guild_create(&self, _ctx: Context, guild: Guild, _is_new: Option<bool>) {
        self.state
            .set_guild_locale(guild.id.get(), Some(&guild.preferred_locale));
    }

    async fn guild_update(&self, _ctx: Context, _old: Option<Guild>, guild: PartialGuild) {
        self.state
            .set_guild_locale(guild.id.get(), Some(&guild.preferred_locale));
    }

    async fn guild_delete(&self, _ctx: Context, gone: UnavailableGuild, _full: Option<Guild>) {
        // An outage keeps the guild (it comes back with GUILD_CREATE); leaving it forgets it.
        if !gone.unavailable {
            self.state.set_guild_locale(gone.id.get(), None);
        }
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        let (id, token) = match &interaction {
            Interaction::Command(c) | Interaction::Autocomplete(c) => (c.id.get(), c.token.clone()),
            Interaction::Component(c) => (c.id.get(), c.token.clone()),
            _ => return,
        };
        let moderated = match &interaction {
            Interaction::Command(c) => commands::find(&c.data.name)
                .is_some_and(|cmd| matches!(cmd.serve, Serve::Moderation(_))),
            Interaction::Component(c) => moderation::owns_button(&c.data.custom_id),
            _ => false,
        };
        if moderated {
            let outcome = moderation::handle(&self.state, &interaction).await;
            let command = match &interaction {
                Interaction::Command(c) => metrics::command_label(&c.data.name),
                _ => metrics::command::INGEST_BUTTON,
            };
            metrics::interaction(&Tally::of(command, outcome));
            return;
        }
        // The reply is built under the index's read lock, released before it is sent.
        let response = {
            let index = self.state.index();
            payload::interaction_response_with_files(&index, &interaction)
        };
        let Some(response) = response else {
            return;
        };
        let path = format!("/interactions/{id}/{token}/callback");
        let sent = self
            .state
            .rest
            .send_with_files(Method::POST, &path, Some(&response.body), &response.files)
            .await;
        let tally = match sent {
            Ok(_) => response.tally,
            Err(e) => {
                tracing::error!(interaction_id = id, error = %super::redact(&e.to_string(), &token), "reply to interaction failed");
                response.tally.failed()
            }
        };
        metrics::interaction(&tally);
    }

    async fn message(&self, _ctx: Context, msg: DiscordMessage) {
        if msg.author.bot {
            return;
        }
        let Some(bot) = self.state.bot_user_id().await else {
            tracing::warn!(
                message_id = msg.id.get(),
                "the bot's own user id is not known yet; message not read"
            );
            return;
        };
        if !mentions_bot(&msg, bot) {
            return;
        }
        let guild = msg.guild_id.map(|g| g.get());
        let locale = self.state.guild_locale(guild);
        let response = {
            let index = self.state.index();
            payload::mention_reply_with_files(
                &index,
                &msg.content,
                msg.id.get(),
                msg.channel_id.get(),
                guild,
                locale,
            )
        };
        let path = format!("/channels/{}/messages", msg.channel_id.get());
        let sent = self
            .state
            .rest
            .send_with_files(Method::POST, &path, Some(&response.body), &response.files)
            .await;
        let tally = match sent {
            Ok(_) => response.tally,
            Err(e) => {
                tracing::error!(message_id = msg.id.get(), error = %e, "reply to mention failed");
                response.tally.failed()
            }
        };
        metrics::interaction(&tally);
    }
}

/// Whether a message mentions the bot (as a user mention; a role or @everyone does not count).
fn mentions_bot(msg: &DiscordMessage, bot: u64) -> bool {
    msg.mentions.iter().any(|u| u.id.get() == bot)
        || msg.content.contains(&format!("<@{bot}>"))
        || msg.content.contains(&format!("<@!{bot}>"))
}

pub const INTENTS: GatewayIntents = GatewayIntents::GUILDS
    .union(GatewayIntents::GUILD_MESSAGES)
    .union(GatewayIntents::DIRECT_MESSAGES);

/// Runs the bot until SIGINT or SIGTERM; returns when the shards are closed.
pub async fn serve(state: Arc<State>, shards: Shards) -> anyhow::Result<()> {
    let http = match &state.settings.api_base {
        Some(base) => HttpBuilder::new(&state.settings.token)
            .proxy(base.clone())
            .ratelimiter_disabled(true)
            .build(),
        None => Http::new(&state.settings.token),
    };
    let mut client = serenity::client::ClientBuilder::new_with_http(http, INTENTS)
        .event_handler(Handler {
            state: Arc::clone(&state),
        })
        .await
        .map_err(|e| anyhow::anyhow!("could not set up the Discord client: {e}"))?;
    tokio::spawn(fs_watch::watch(state.live()));
    // Follows are posted by the process that runs shard 0 (one process in a sharded fleet), so
    // no article is posted twice.
    if matches!(shards, Shards::Recommended | Shards::Range { start: 0, .. }) {
        if let Err(e) = crate::shell::poster::start_cursor(&state.live()).await {
            tracing::error!(error = %format!("{e:#}"), "cannot start the follow cursor");
        }
        tokio::spawn(crate::shell::poster::run(state.live(), state.rest.clone()));
    }
    let manager = Arc::clone(&client.shard_manager);
    tokio::spawn(async move {
        super::wait_for_signal().await;
        tracing::info!("shutting down: closing the gateway shards");
        manager.shutdown_all().await;
    });
    let result = match shards {
        Shards::Recommended => {
            let total = recommended_shards(&state.rest).await;
            client.start_shards(total).await
        }
        // serenity 0.12.5 reads the range's end as inclusive ("4..7" boots shards 4 to 7).
        Shards::Range { start, end, total } => client.start_shard_range(start..end, total).await,
    };
    result.map_err(|e| anyhow::anyhow!("the gateway connection failed: {e}"))
}

/// The shard count Discord recommends for this bot, from `GET /gateway/bot` (asked through `rest`
/// so a 429 is waited out); 1 when Discord cannot say, as a single process would run anyway.
async fn recommended_shards(rest: &Rest) -> u32 {
    match rest.send(Method::GET, "/gateway/bot", None).await {
        Ok(v) => match v.get("shards").and_then(serde_json::Value::as_u64) {
            Some(n) if n >= 1 => {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                tracing::info!(shards = n, "running the shard count Discord recommends");
                n
            }
            _ => {
                tracing::warn!("GET /gateway/bot gave no shard count; running one shard");
                1
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "could not ask Discord for a shard count; running one shard");
            1
        }
    }
}
