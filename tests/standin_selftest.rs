//! Checks the loopback Discord stand-in (tests/support/discord.rs) against real serenity
//! 0.12.5: what it dispatches must reach serenity's event handler (so it deserializes), and
//! serenity's REST calls must succeed against it and be recorded.

mod support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use serenity::all::{
    ChannelId, Client, ClientBuilder, Command, CommandOptionType, ComponentInteractionDataKind,
    Context, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateAutocompleteResponse,
    CreateButton, CreateCommand, CreateCommandOption, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, Event, EventHandler, GatewayIntents, GuildId, Http, HttpBuilder,
    Interaction, Message, RawEventHandler, Ready, ResumedEvent, ShardManager,
};
use serenity::async_trait;
use support::discord::{Options, StandIn, BOT_USER_ID, CHANNEL_ID, GUILD_ID, USER_ID};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

const TOKEN: &str = "standin-selftest-token";
/// Upper bound for any single wait in these tests.
const T: Duration = Duration::from_secs(10);

fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES
}

/// What the event handler saw or did, reported to the test.
#[derive(Debug)]
enum Seen {
    Ready {
        session_id: String,
        shard: Option<(u32, u32)>,
        guilds: Vec<u64>,
    },
    Resumed,
    Command {
        id: String,
        name: String,
        options: Vec<(String, String)>,
        guild: Option<u64>,
        user: u64,
    },
    Autocomplete {
        id: String,
        focused: Option<(String, String)>,
    },
    Component {
        id: String,
        custom_id: String,
        message_id: String,
        values: Vec<String>,
    },
    Message {
        id: String,
        content: String,
        mentions_me: bool,
        author_bot: bool,
        dm: bool,
    },
    /// An event serenity could not deserialize (it falls back to `Event::Unknown` and drops it
    /// with only a debug log), with the reason.
    Unknown {
        kind: String,
        why: String,
    },
    /// The outcome of a REST call the handler made: `Ok(detail)` or `Err("status message")`.
    Rest {
        what: &'static str,
        result: Result<String, String>,
    },
}

struct Handler {
    tx: mpsc::UnboundedSender<Seen>,
}

fn describe(e: &serenity::Error) -> String {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => {
            format!(
                "{} {} {}",
                r.status_code.as_u16(),
                r.error.code,
                r.error.message
            )
        }
        other => format!("{other}"),
    }
}

fn status_of(e: &serenity::Error) -> Option<u16> {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => {
            Some(r.status_code.as_u16())
        }
        _ => None,
    }
}

impl Handler {
    fn report(&self, seen: Seen) {
        let _ = self.tx.send(seen);
    }

    fn rest<T>(&self, what: &'static str, r: &serenity::Result<T>, ok: impl FnOnce(&T) -> String) {
        self.report(Seen::Rest {
            what,
            result: r.as_ref().map(ok).map_err(describe),
        });
    }

    async fn on_command(&self, ctx: &Context, cmd: &serenity::all::CommandInteraction) {
        match cmd.data.name.as_str() {
            "ping" => {
                let reply = || {
                    CreateInteractionResponse::Message(
                        CreateInteractionResponseMessage::new()
                            .content("pong")
                            .allowed_mentions(CreateAllowedMentions::new())
                            .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
                                "again",
                            )
                            .label("Again")])]),
                    )
                };
                let mut r = cmd.create_response(&ctx.http, reply()).await;
                let mut detail = "first try".to_string();
                if r.as_ref().err().and_then(status_of) == Some(429) {
                    // serenity without its ratelimiter does not retry: do it as a bot must.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    r = cmd.create_response(&ctx.http, reply()).await;
                    detail = "retried after 429".into();
                }
                self.rest("create_response", &r, |_| detail.clone());
                let r = cmd
                    .edit_response(
                        &ctx.http,
                        EditInteractionResponse::new().content("pong (edited)"),
                    )
                    .await;
                self.rest("edit_response", &r, |m| m.content.clone());
                let r = cmd.get_response(&ctx.http).await;
                self.rest("get_response", &r, |m| m.content.clone());
                let r = cmd
                    .create_followup(
                        &ctx.http,
                        CreateInteractionResponseFollowup::new().content("follow-up"),
                    )
                    .await;
                self.rest("followup", &r, |m| m.content.clone());
            }
            "file" => {
                let msg = CreateInteractionResponseMessage::new()
                    .content("see file")
                    .add_file(CreateAttachment::bytes(
                        b"hello attachment".to_vec(),
                        "hello.txt",
                    ));
                let r = cmd
                    .create_response(&ctx.http, CreateInteractionResponse::Message(msg))
                    .await;
                self.rest("create_response", &r, |_| "sent".into());
            }
            "defer" => {
                let r = cmd.defer(&ctx.http).await;
                self.rest("defer", &r, |_| "deferred".into());
                let r = cmd
                    .edit_response(&ctx.http, EditInteractionResponse::new().content("done"))
                    .await;
                self.rest("edit_response", &r, |m| m.content.clone());
            }
            "long" => {
                // Raw call: serenity's builders refuse over-long content before sending.
                let body = json!({"type": 4, "data": {"content": "x".repeat(2001)}});
                let r = ctx
                    .http
                    .create_interaction_response(cmd.id, &cmd.token, &body, vec![])
                    .await;
                self.rest("create_response", &r, |_| "sent".into());
            }
            "twice" => {
                let msg = || {
                    CreateInteractionResponse::Message(
                        CreateInteractionResponseMessage::new().content("one"),
                    )
                };
                let r = cmd.create_response(&ctx.http, msg()).await;
                self.rest("create_response", &r, |_| "first".into());
                let r = cmd.create_response(&ctx.http, msg()).await;
                self.rest("create_response_again", &r, |_| "second".into());
            }
            "slow" => {
                tokio::time::sleep(Duration::from_millis(600)).await;
                let msg = CreateInteractionResponseMessage::new().content("late");
                let r = cmd
                    .create_response(&ctx.http, CreateInteractionResponse::Message(msg))
                    .await;
                self.rest("create_response", &r, |_| "sent".into());
            }
            _ => {}
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        self.report(Seen::Ready {
            session_id: ready.session_id.clone(),
            shard: ready.shard.map(|s| (s.id.0, s.total)),
            guilds: ready.guilds.iter().map(|g| g.id.get()).collect(),
        });
        let ping = CreateCommand::new("ping")
            .description("Answers pong")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "country", "A country")
                    .set_autocomplete(true),
            );
        let r = Command::set_global_commands(&ctx.http, vec![ping]).await;
        self.rest("global_commands", &r, |cs| {
            cs.iter()
                .map(|c| format!("{}={}", c.name, c.id))
                .collect::<Vec<_>>()
                .join(",")
        });
        let file = CreateCommand::new("file").description("Sends a file");
        let r = GuildId::new(GUILD_ID)
            .set_commands(&ctx.http, vec![file])
            .await;
        self.rest("guild_commands", &r, |cs| {
            cs.iter()
                .map(|c| format!("{}@{}", c.name, c.guild_id.map(|g| g.get()).unwrap_or(0)))
                .collect::<Vec<_>>()
                .join(",")
        });
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        self.report(Seen::Resumed);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) => {
                self.report(Seen::Command {
                    id: cmd.id.to_string(),
                    name: cmd.data.name.clone(),
                    options: cmd
                        .data
                        .options
                        .iter()
                        .map(|o| {
                            (
                                o.name.clone(),
                                o.value.as_str().unwrap_or_default().to_string(),
                            )
                        })
                        .collect(),
                    guild: cmd.guild_id.map(|g| g.get()),
                    user: cmd.user.id.get(),
                });
                self.on_command(&ctx, &cmd).await;
            }
            Interaction::Autocomplete(ac) => {
                let focused = ac
                    .data
                    .autocomplete()
                    .map(|o| (o.name.to_string(), o.value.to_string()));
                self.report(Seen::Autocomplete {
                    id: ac.id.to_string(),
                    focused,
                });
                let choices = CreateAutocompleteResponse::new().add_string_choice("France", "FR");
                let r = ac
                    .create_response(&ctx.http, CreateInteractionResponse::Autocomplete(choices))
                    .await;
                self.rest("autocomplete", &r, |_| "sent".into());
            }
            Interaction::Component(comp) => {
                let values = match &comp.data.kind {
                    ComponentInteractionDataKind::StringSelect { values } => values.clone(),
                    _ => Vec::new(),
                };
                self.report(Seen::Component {
                    id: comp.id.to_string(),
                    custom_id: comp.data.custom_id.clone(),
                    message_id: comp.message.id.to_string(),
                    values,
                });
                let msg = CreateInteractionResponseMessage::new()
                    .content("updated")
                    .components(vec![]);
                let r = comp
                    .create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(msg))
                    .await;
                self.rest("update_message", &r, |_| "sent".into());
            }
            _ => {}
        }
    }

    async fn message(&self, ctx: Context, msg: Message) {
        let mentions_me = msg.mentions.iter().any(|u| u.id.get() == BOT_USER_ID);
        self.report(Seen::Message {
            id: msg.id.to_string(),
            content: msg.content.clone(),
            mentions_me,
            author_bot: msg.author.bot,
            dm: msg.guild_id.is_none(),
        });
        if mentions_me && !msg.author.bot {
            let reply = CreateMessage::new()
                .content("hi")
                .reference_message(&msg)
                .allowed_mentions(CreateAllowedMentions::new());
            let r = msg.channel_id.send_message(&ctx.http, reply).await;
            self.rest("send_message", &r, |m| format!("{} {}", m.id, m.content));
        }
    }
}

/// Sees every event before serenity's dispatch, to catch the ones it could not deserialize.
struct RawWatcher {
    tx: mpsc::UnboundedSender<Seen>,
}

#[async_trait]
impl RawEventHandler for RawWatcher {
    async fn raw_event(&self, _ctx: Context, ev: Event) {
        if let Event::Unknown(u) = ev {
            let why = match u.kind.as_str() {
                "INTERACTION_CREATE" => serde_json::from_value::<Interaction>(u.value).err(),
                "MESSAGE_CREATE" => serde_json::from_value::<Message>(u.value).err(),
                "READY" => serde_json::from_value::<Ready>(u.value).err(),
                _ => None,
            };
            let _ = self.tx.send(Seen::Unknown {
                kind: u.kind,
                why: why.map(|e| e.to_string()).unwrap_or_default(),
            });
        }
    }
}

/// A serenity client connected to the stand-in, with the events its handler reported.
struct Bot {
    manager: Arc<ShardManager>,
    task: JoinHandle<()>,
    rx: mpsc::UnboundedReceiver<Seen>,
    backlog: Vec<Seen>,
}

fn http_for(standin: &StandIn) -> Http {
    HttpBuilder::new(TOKEN)
        .proxy(standin.base_url())
        .ratelimiter_disabled(true)
        .build()
}

async fn start_bot(standin: &StandIn, shard: Option<(u32, u32)>) -> Bot {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut client: Client = ClientBuilder::new_with_http(http_for(standin), intents())
        .event_handler(Handler { tx: tx.clone() })
        .raw_event_handler(RawWatcher { tx })
        .await
        .expect("serenity client builds");
    let manager = Arc::clone(&client.shard_manager);
    let task = tokio::spawn(async move {
        let _ = match shard {
            Some((id, total)) => client.start_shard(id, total).await,
            None => client.start().await,
        };
    });
    Bot {
        manager,
        task,
        rx,
        backlog: Vec::new(),
    }
}

impl Bot {
    /// Waits for the first report `pick` accepts (earlier unrelated ones are kept for later).
    async fn seen<R>(&mut self, what: &str, mut pick: impl FnMut(&Seen) -> Option<R>) -> R {
        if let Some(i) = self.backlog.iter().position(|s| pick(s).is_some()) {
            let s = self.backlog.remove(i);
            return pick(&s).expect("matched above");
        }
        let deadline = tokio::time::Instant::now() + T;
        loop {
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some(s)) => {
                    if let Some(r) = pick(&s) {
                        return r;
                    }
                    self.backlog.push(s);
                }
                Ok(None) => panic!("event handler gone while waiting for {what}"),
                Err(_) => panic!(
                    "timed out waiting for {what}; handler reported: {:#?}",
                    self.backlog
                ),
            }
        }
    }

    /// The result of the REST call `what` the handler made.
    async fn rest(&mut self, what: &'static str) -> Result<String, String> {
        self.seen(what, |s| match s {
            Seen::Rest { what: w, result } if *w == what => Some(result.clone()),
            _ => None,
        })
        .await
    }

    /// Asserts that no report matching `pick` arrives within `wait`.
    async fn nothing(&mut self, wait: Duration, pick: impl Fn(&Seen) -> bool) {
        assert!(
            !self.backlog.iter().any(&pick),
            "unexpected: {:?}",
            self.backlog
        );
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Some(s)) = tokio::time::timeout_at(deadline, self.rx.recv()).await {
            assert!(!pick(&s), "unexpected: {s:?}");
            self.backlog.push(s);
        }
    }

    async fn command_seen(&mut self, id: &str) {
        self.seen("the command interaction", |s| match s {
            Seen::Command { id: i, .. } if i == id => Some(()),
            _ => None,
        })
        .await;
    }

    /// Shuts the client down, and fails if serenity dropped any event it could not read.
    async fn stop(mut self) {
        self.manager.shutdown_all().await;
        let _ = tokio::time::timeout(Duration::from_secs(5), self.task).await;
        while let Ok(s) = self.rx.try_recv() {
            self.backlog.push(s);
        }
        let dropped: Vec<String> = self
            .backlog
            .iter()
            .filter_map(|s| match s {
                Seen::Unknown { kind, why } => Some(format!("{kind}: {why}")),
                _ => None,
            })
            .collect();
        assert!(
            dropped.is_empty(),
            "serenity could not deserialize: {dropped:#?}"
        );
    }
}

#[tokio::test]
async fn ready_commands_interactions_and_responses_work_with_serenity() {
    let standin = StandIn::start().await;
    let mut bot = start_bot(&standin, None).await;

    let ident = standin.wait_ready(T).await;
    assert_eq!(ident.token, format!("Bot {TOKEN}"));
    assert_eq!(ident.shard, Some([0, 1]));
    assert_eq!(ident.intents, intents().bits());
    assert!(standin.gateway_queries()[0].contains("v=10"));
    let (session_id, shard, guilds) = bot
        .seen("READY", |s| match s {
            Seen::Ready {
                session_id,
                shard,
                guilds,
            } => Some((session_id.clone(), *shard, guilds.clone())),
            _ => None,
        })
        .await;
    assert_eq!(session_id, ident.session_id);
    assert_eq!(shard, Some((0, 1)));
    assert_eq!(guilds, vec![GUILD_ID]);

    // Command registration from the ready handler: the answers deserialize as serenity Commands.
    let global = bot
        .rest("global_commands")
        .await
        .expect("global commands registered");
    assert!(global.starts_with("ping="), "{global}");
    let guild = bot
        .rest("guild_commands")
        .await
        .expect("guild commands registered");
    assert_eq!(guild, format!("file@{GUILD_ID}"));
    let registered = standin.commands();
    assert_eq!(registered.len(), 2);
    assert_eq!(registered[0]["options"][0]["autocomplete"], json!(true));

    // A slash command; serenity answers, edits, reads and follows up.
    let (payload, iid) =
        standin.command_interaction("ping", json!([StandIn::option("country", "France")]));
    assert_eq!(
        format!("ping={}", payload["data"]["id"].as_str().unwrap()),
        global
    );
    standin.send_interaction(payload).await;
    let (name, options, guild, user) = bot
        .seen("the ping command", |s| match s {
            Seen::Command {
                id,
                name,
                options,
                guild,
                user,
            } if *id == iid => Some((name.clone(), options.clone(), *guild, *user)),
            _ => None,
        })
        .await;
    assert_eq!(name, "ping");
    assert_eq!(options, vec![("country".to_string(), "France".to_string())]);
    assert_eq!(guild, Some(GUILD_ID));
    assert_eq!(user, USER_ID);
    let body = standin.wait_callback(&iid, T).await;
    assert_eq!(body["type"], json!(4));
    assert_eq!(body["data"]["content"], json!("pong"));
    assert_eq!(
        body["data"]["components"][0]["components"][0]["custom_id"],
        json!("again")
    );
    assert_eq!(
        bot.rest("create_response").await.as_deref(),
        Ok("first try")
    );
    assert_eq!(
        bot.rest("edit_response").await.as_deref(),
        Ok("pong (edited)")
    );
    assert_eq!(
        bot.rest("get_response").await.as_deref(),
        Ok("pong (edited)")
    );
    assert_eq!(bot.rest("followup").await.as_deref(), Ok("follow-up"));

    // Pressing the button on the bot's reply.
    let original = standin.original_message(&iid).expect("the reply is stored");
    assert_eq!(original["content"], json!("pong (edited)"));
    let (payload, cid) = standin.component_interaction("again", original.clone());
    standin.send_interaction(payload).await;
    let (custom_id, message_id) = bot
        .seen("the button press", |s| match s {
            Seen::Component {
                id,
                custom_id,
                message_id,
                ..
            } if *id == cid => Some((custom_id.clone(), message_id.clone())),
            _ => None,
        })
        .await;
    assert_eq!(custom_id, "again");
    assert_eq!(message_id, original["id"].as_str().unwrap());
    let body = standin.wait_callback(&cid, T).await;
    assert_eq!(body["type"], json!(7));
    assert_eq!(bot.rest("update_message").await.as_deref(), Ok("sent"));
    let updated = standin.original_message(&iid).unwrap();
    assert_eq!(updated["content"], json!("updated"));
    assert_eq!(updated["components"], json!([]));

    // Autocomplete.
    let (payload, aid) = standin
        .autocomplete_interaction("ping", json!([StandIn::focused_option("country", "Fra")]));
    standin.send_interaction(payload).await;
    let focused = bot
        .seen("the autocomplete", |s| match s {
            Seen::Autocomplete { id, focused } if *id == aid => Some(focused.clone()),
            _ => None,
        })
        .await;
    assert_eq!(focused, Some(("country".to_string(), "Fra".to_string())));
    let body = standin.wait_callback(&aid, T).await;
    assert_eq!(
        body,
        json!({"type": 8, "data": {"choices": [{"name": "France", "value": "FR"}]}})
    );

    // A select menu on a message given only as the body the bot would have sent.
    let menu = json!({
        "content": "choose",
        "components": [{"type": 1, "components": [{
            "type": 3, "custom_id": "pick",
            "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]
        }]}]
    });
    let (payload, sid) = standin.select_interaction("pick", &["a", "b"], menu);
    standin.send_interaction(payload).await;
    let values = bot
        .seen("the select", |s| match s {
            Seen::Component { id, values, .. } if *id == sid => Some(values.clone()),
            _ => None,
        })
        .await;
    assert_eq!(values, vec!["a".to_string(), "b".to_string()]);

    // The same command from a DM.
    let (payload, did) = standin.command_interaction("ping", Value::Null);
    standin.send_interaction(StandIn::into_dm(payload)).await;
    let guild = bot
        .seen("the DM command", |s| match s {
            Seen::Command {
                id, guild, user, ..
            } if *id == did => Some((*guild, *user)),
            _ => None,
        })
        .await;
    assert_eq!(guild, (None, USER_ID));
    standin.wait_callback(&did, T).await;

    bot.stop().await;
}

#[tokio::test]
async fn messages_reach_serenity_and_channel_replies_are_recorded() {
    let standin = StandIn::start().await;
    let mut bot = start_bot(&standin, None).await;
    standin.wait_ready(T).await;

    let mid = standin
        .send_message_create("what did France say?", true, false, false)
        .await;
    let (content, mentions_me, author_bot, dm) = bot
        .seen("the mention", |s| match s {
            Seen::Message {
                id,
                content,
                mentions_me,
                author_bot,
                dm,
            } if *id == mid => Some((content.clone(), *mentions_me, *author_bot, *dm)),
            _ => None,
        })
        .await;
    assert_eq!(content, format!("<@{BOT_USER_ID}> what did France say?"));
    assert!(mentions_me && !author_bot && !dm);
    let body = standin.wait_channel_message(T).await;
    assert_eq!(body["content"], json!("hi"));
    assert_eq!(body["message_reference"]["message_id"], json!(mid));
    assert_eq!(body["allowed_mentions"]["parse"], json!([]));
    let sent = bot
        .rest("send_message")
        .await
        .expect("serenity reads the created message");
    assert!(sent.ends_with(" hi"), "{sent}");
    let rec = standin.recorded_matching("POST /channels");
    assert_eq!(rec.len(), 1);
    assert_eq!(
        rec[0].path,
        format!("/api/v10/channels/{CHANNEL_ID}/messages")
    );
    assert_eq!(
        rec[0].authorization.as_deref(),
        Some(format!("Bot {TOKEN}").as_str())
    );

    // A bot's message and a DM without a mention arrive too, and are flagged as such.
    let bid = standin
        .send_message_create("hello", true, true, false)
        .await;
    let author_bot = bot
        .seen("the bot's message", |s| match s {
            Seen::Message { id, author_bot, .. } if *id == bid => Some(*author_bot),
            _ => None,
        })
        .await;
    assert!(author_bot);
    let did = standin
        .send_message_create("hello in private", false, false, true)
        .await;
    let (mentions_me, dm) = bot
        .seen("the DM", |s| match s {
            Seen::Message {
                id,
                mentions_me,
                dm,
                ..
            } if *id == did => Some((*mentions_me, *dm)),
            _ => None,
        })
        .await;
    assert!(!mentions_me && dm);
    assert_eq!(standin.channel_messages().len(), 1);

    // Without the MESSAGE_CONTENT intent a guild message that does not mention the bot comes
    // with an empty content.
    let qid = standin
        .send_message_create("no mention here", false, false, false)
        .await;
    let content = bot
        .seen("the plain message", |s| match s {
            Seen::Message { id, content, .. } if *id == qid => Some(content.clone()),
            _ => None,
        })
        .await;
    assert_eq!(content, "");

    // Any event can be dispatched as built; a guild_id routes it.
    let (payload, rid) = standin.message_create("raw dispatch", true, false, false);
    standin.send_dispatch("MESSAGE_CREATE", payload).await;
    bot.seen("the raw dispatch", |s| match s {
        Seen::Message { id, .. } if *id == rid => Some(()),
        _ => None,
    })
    .await;
    assert_eq!(
        bot.rest("send_message").await.map(|m| m.ends_with(" hi")),
        Ok(true)
    );

    bot.stop().await;
}

#[tokio::test]
async fn reconnect_drop_and_invalid_session_are_survived() {
    let standin = StandIn::start().await;
    let mut bot = start_bot(&standin, None).await;
    let ident = standin.wait_ready(T).await;

    standin.send_reconnect().await;
    standin.wait_resume_count(1, T).await;
    bot.seen("RESUMED", |s| matches!(s, Seen::Resumed).then_some(()))
        .await;
    assert_eq!(standin.resumes()[0].session_id, ident.session_id);
    let (payload, iid) = standin.command_interaction("ping", Value::Null);
    standin.send_interaction(payload).await;
    bot.command_seen(&iid).await;
    standin.wait_callback(&iid, T).await;

    standin.drop_connection().await;
    standin.wait_resume_count(2, T).await;
    let (payload, iid) = standin.command_interaction("ping", Value::Null);
    standin.send_interaction(payload).await;
    bot.command_seen(&iid).await;
    assert_eq!(standin.identify_count(), 1);

    standin.close_connection(4000, "Unknown error.").await;
    standin.wait_resume_count(3, T).await;
    let (payload, iid) = standin.command_interaction("ping", Value::Null);
    standin.send_interaction(payload).await;
    bot.command_seen(&iid).await;

    // Not resumable: serenity identifies again (its shard queue may wait 5 s first).
    standin.send_invalid_session(false).await;
    standin
        .wait_identify_count(2, Duration::from_secs(20))
        .await;
    let (payload, iid) = standin.command_interaction("ping", Value::Null);
    standin.send_interaction(payload).await;
    bot.command_seen(&iid).await;
    assert_eq!(standin.resume_count(), 3);

    bot.stop().await;
}

#[tokio::test]
async fn heartbeats_are_acknowledged() {
    let standin = StandIn::start_with(Options {
        heartbeat_interval_ms: 200,
        ..Options::default()
    })
    .await;
    let bot = start_bot(&standin, None).await;
    standin.wait_ready(T).await;
    standin
        .wait_for(T, "three heartbeats", |st| {
            (st.heartbeats() >= 3).then_some(())
        })
        .await
        .unwrap();
    assert_eq!(standin.identify_count(), 1);
    assert_eq!(
        standin.resume_count(),
        0,
        "an unacknowledged heartbeat makes serenity reconnect"
    );
    let last = standin
        .gateway_frames()
        .into_iter()
        .rev()
        .find(|f| f.payload["op"] == 1)
        .unwrap();
    assert_eq!(
        last.payload["d"],
        json!(1),
        "heartbeat carries the last sequence (READY's)"
    );
    bot.stop().await;
}

#[tokio::test]
async fn injected_failures_and_discord_errors_reach_serenity() {
    let standin = StandIn::start().await;
    let mut bot = start_bot(&standin, None).await;
    standin.wait_ready(T).await;

    // 429 on the first callback: recorded with Discord's body and headers; the retry succeeds.
    standin.fail_next("POST /interactions", 429);
    let (payload, iid) = standin.command_interaction("ping", Value::Null);
    standin.send_interaction(payload).await;
    let body = standin.wait_callback(&iid, T).await;
    assert_eq!(body["data"]["content"], json!("pong"));
    assert_eq!(
        bot.rest("create_response").await.as_deref(),
        Ok("retried after 429")
    );
    let calls = standin.recorded_matching("POST /interactions");
    let statuses: Vec<u16> = calls.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 204]);
    assert_eq!(
        calls[0].response,
        json!({"message": "You are being rate limited.", "retry_after": 0.2, "global": false})
    );

    // 500 once, then the real answer; the user and application objects deserialize.
    let http = http_for(&standin);
    standin.fail_next("GET /users/@me", 500);
    let err = http.get_current_user().await.expect_err("injected 500");
    assert_eq!(status_of(&err), Some(500));
    let me = http.get_current_user().await.expect("current user");
    assert_eq!(me.id.get(), BOT_USER_ID);
    assert!(me.bot);
    let app = http
        .get_current_application_info()
        .await
        .expect("application info");
    assert_eq!(app.id.get(), support::discord::APP_ID);
    let gw = http.get_bot_gateway().await.expect("bot gateway");
    assert_eq!((gw.url, gw.shards), (standin.ws_url(), 1));

    // Unknown routes are recorded and answered 404.
    let err = http
        .get_guild(GuildId::new(GUILD_ID))
        .await
        .expect_err("no such route");
    assert_eq!(status_of(&err), Some(404));
    assert_eq!(standin.recorded_matching("GET /guilds").len(), 1);

    // Over Discord's limits: 400 Invalid Form Body.
    let (payload, iid) = standin.command_interaction("long", Value::Null);
    standin.send_interaction(payload).await;
    let r = bot.rest("create_response").await;
    assert!(
        r.as_ref().is_err_and(|e| e.starts_with("400 50035")),
        "{r:?}"
    );
    let rec = standin.recorded_matching(&format!("POST /interactions/{iid}"));
    assert_eq!(
        rec[0].response["errors"]["data"]["content"]["_errors"][0]["code"],
        json!("BASE_TYPE_MAX_LENGTH")
    );

    // A second response to the same interaction: 400 already acknowledged.
    let (payload, _) = standin.command_interaction("twice", Value::Null);
    standin.send_interaction(payload).await;
    assert_eq!(bot.rest("create_response").await.as_deref(), Ok("first"));
    let r = bot.rest("create_response_again").await;
    assert!(
        r.as_ref().is_err_and(|e| e.starts_with("400 40060")),
        "{r:?}"
    );

    bot.stop().await;
}

#[tokio::test]
async fn late_response_gets_unknown_interaction() {
    let standin = StandIn::start_with(Options {
        interaction_deadline: Duration::from_millis(300),
        ..Options::default()
    })
    .await;
    let mut bot = start_bot(&standin, None).await;
    standin.wait_ready(T).await;
    let (payload, _) = standin.command_interaction("slow", Value::Null);
    standin.send_interaction(payload).await;
    let r = bot.rest("create_response").await;
    assert!(
        r.as_ref().is_err_and(|e| e.starts_with("404 10062")),
        "{r:?}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn deferred_responses_files_and_served_files() {
    let standin = StandIn::start().await;
    let mut bot = start_bot(&standin, None).await;
    standin.wait_ready(T).await;

    let (payload, iid) = standin.command_interaction("defer", Value::Null);
    standin.send_interaction(payload).await;
    assert_eq!(standin.wait_callback(&iid, T).await["type"], json!(5));
    assert_eq!(bot.rest("defer").await.as_deref(), Ok("deferred"));
    assert_eq!(bot.rest("edit_response").await.as_deref(), Ok("done"));
    assert_eq!(standin.original_message(&iid).unwrap()["flags"], json!(0));

    let (payload, iid) = standin.command_interaction("file", Value::Null);
    standin.send_interaction(payload).await;
    standin.wait_callback(&iid, T).await;
    assert_eq!(bot.rest("create_response").await.as_deref(), Ok("sent"));
    let rec = standin.recorded_matching(&format!("POST /interactions/{iid}"));
    assert_eq!(rec[0].files.len(), 1);
    assert_eq!(rec[0].files[0].filename, "hello.txt");
    assert_eq!(rec[0].files[0].bytes, b"hello attachment");
    assert_eq!(rec[0].body["data"]["content"], json!("see file"));
    let original = standin.original_message(&iid).unwrap();
    let url = original["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(get(&url).await, (200, b"hello attachment".to_vec()));

    let url = standin.serve_file("/files/article.html", "<p>France said</p>", "text/html");
    assert_eq!(get(&url).await, (200, b"<p>France said</p>".to_vec()));
    standin.fail_next_path(Some("GET"), "/files/article.html", 500);
    assert_eq!(get(&url).await.0, 500);
    assert_eq!(
        get(&format!("{}/files/missing", standin.base_url()))
            .await
            .0,
        404
    );

    bot.stop().await;
}

/// A plain HTTP/1.1 GET over a TCP socket: (status, body).
async fn get(url: &str) -> (u16, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut s = tokio::net::TcpStream::connect(host).await.expect("connect");
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(T, s.read_to_end(&mut buf))
        .await
        .expect("response in time")
        .unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, buf[split + 4..].to_vec())
}

#[tokio::test]
async fn two_shards_each_get_their_guilds() {
    let standin = StandIn::start_with(Options {
        shards: 2,
        ..Options::default()
    })
    .await;
    let mut bots = [
        start_bot(&standin, Some((0, 2))).await,
        start_bot(&standin, Some((1, 2))).await,
    ];
    let a = standin.wait_ready(T).await;
    let b = standin.wait_ready(T).await;
    let mut shards = vec![a.shard.unwrap(), b.shard.unwrap()];
    shards.sort();
    assert_eq!(shards, vec![[0, 2], [1, 2]]);
    assert_ne!(a.session_id, b.session_id);

    for shard in [0u32, 1] {
        let guild = StandIn::guild_on_shard(shard, 2);
        assert_eq!((guild >> 22) % 2, u64::from(shard));
        let (mut payload, iid) = standin.command_interaction("ping", Value::Null);
        payload["guild_id"] = json!(guild.to_string());
        standin.send_interaction(payload).await;
        let seen_guild = bots[shard as usize]
            .seen("the routed command", |s| match s {
                Seen::Command { id, guild, .. } if *id == iid => Some(*guild),
                _ => None,
            })
            .await;
        assert_eq!(seen_guild, Some(guild));
        bots[1 - shard as usize]
            .nothing(
                Duration::from_millis(300),
                |s| matches!(s, Seen::Command { id, .. } if *id == iid),
            )
            .await;
    }

    let (payload, iid) = standin.command_interaction("ping", Value::Null);
    standin.send_interaction_to_shard(1, payload).await;
    bots[1].command_seen(&iid).await;

    for bot in bots {
        bot.stop().await;
    }
}

#[tokio::test]
async fn a_message_to_any_channel_is_created() {
    // serenity reads the created message back, with the channel it was sent to.
    let standin = StandIn::start().await;
    let http = http_for(&standin);
    let m = ChannelId::new(42)
        .say(&http, "elsewhere")
        .await
        .expect("message created");
    assert_eq!((m.channel_id.get(), m.content.as_str()), (42, "elsewhere"));
}

/// Starts a client and waits for it to end; gives its error.
async fn run_until_refused(standin: &StandIn, token: &str, intents: GatewayIntents) -> String {
    let http = HttpBuilder::new(token)
        .proxy(standin.base_url())
        .ratelimiter_disabled(true)
        .build();
    let mut client = ClientBuilder::new_with_http(http, intents)
        .await
        .expect("serenity client builds");
    let r = tokio::time::timeout(T, client.start())
        .await
        .expect("the client gives up in time");
    format!("{:?}", r.expect_err("the gateway refuses the client"))
}

#[tokio::test]
async fn wrong_token_and_disallowed_intents_are_refused() {
    let standin = StandIn::start_with(Options {
        token: Some(TOKEN.into()),
        allowed_privileged_intents: 0,
        ..Options::default()
    })
    .await;
    let err = run_until_refused(&standin, "not-the-token", intents()).await;
    assert!(err.contains("InvalidAuthentication"), "{err}");
    let http = HttpBuilder::new("not-the-token")
        .proxy(standin.base_url())
        .ratelimiter_disabled(true)
        .build();
    let err = http.get_current_user().await.expect_err("wrong token");
    assert_eq!(status_of(&err), Some(401));

    let err = run_until_refused(&standin, TOKEN, intents() | GatewayIntents::MESSAGE_CONTENT).await;
    assert!(err.contains("DisallowedGatewayIntents"), "{err}");
    assert_eq!(standin.identify_count(), 0);
    assert!(http_for(&standin).get_current_user().await.is_ok());
}
