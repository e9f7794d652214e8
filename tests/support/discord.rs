//! Loopback Discord stand-in for the end-to-end tests: one 127.0.0.1 port serves the REST API
//! (under /api/v10) and the websocket gateway, records what the bot does, pushes gateway events
//! the test asks for, and can fail chosen requests with 429 or 500.
//!
//! Start it with [`StandIn::start`], give the bot [`StandIn::base_url`] as its API base (serenity:
//! `HttpBuilder::new(token).proxy(base_url).ratelimiter_disabled(true)`), wait for
//! [`StandIn::wait_ready`], then drive it with `send_*` and check it with `wait_*`/`recorded`.

mod gateway;
mod limits;
mod payloads;
mod rest;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

/// The application (and bot user) id: Discord gives a bot user the id of its application.
pub const APP_ID: u64 = 1_300_000_000_000_000_001;
/// The bot's user id.
pub const BOT_USER_ID: u64 = APP_ID;
/// The guild every built interaction and guild message comes from.
pub const GUILD_ID: u64 = 1_300_000_000_000_000_100;
/// The guild text channel of built interactions and guild messages.
pub const CHANNEL_ID: u64 = 1_300_000_000_000_000_200;
/// The DM channel between the bot and the human user.
pub const DM_CHANNEL_ID: u64 = 1_300_000_000_000_000_300;
/// The human who runs commands and writes messages.
pub const USER_ID: u64 = 1_300_000_000_000_000_400;
/// Another bot, author of messages built with `author_is_bot`.
pub const OTHER_BOT_ID: u64 = 1_300_000_000_000_000_500;

/// Gateway intent bits the stand-in acts on.
const INTENT_GUILDS: u64 = 1;
const INTENT_GUILD_MESSAGES: u64 = 1 << 9;
const INTENT_DIRECT_MESSAGES: u64 = 1 << 12;
const INTENT_MESSAGE_CONTENT: u64 = 1 << 15;
/// The privileged intents: GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT.
pub const PRIVILEGED_INTENTS: u64 = (1 << 1) | (1 << 8) | INTENT_MESSAGE_CONTENT;

/// How long a `wait_*` helper waits for a gateway session before a `send_*` gives up.
const SESSION_WAIT: Duration = Duration::from_secs(10);

/// Settings of a stand-in; [`Options::default`] is what [`StandIn::start`] uses.
#[derive(Clone, Debug)]
pub struct Options {
    /// Shard count recommended by `GET /gateway/bot`.
    pub shards: u32,
    /// Heartbeat interval sent in HELLO, in milliseconds.
    pub heartbeat_interval_ms: u64,
    /// An interaction callback arriving later than this after the interaction was sent gets
    /// Discord's 404 "Unknown interaction" (Discord's limit is 3 s).
    pub interaction_deadline: Duration,
    /// Refuse bodies over Discord's limits with its 400 errors.
    pub enforce_limits: bool,
    /// The bot token Discord knows (without `Bot `); when set, an IDENTIFY with another
    /// token is closed with 4004 and REST calls with another `Authorization` get 401.
    pub token: Option<String>,
    /// Privileged intents enabled "in the developer portal": an IDENTIFY asking for others
    /// is closed with 4014 (disallowed intents). All allowed by default.
    pub allowed_privileged_intents: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            shards: 1,
            heartbeat_interval_ms: 41_250,
            interaction_deadline: Duration::from_secs(3),
            enforce_limits: true,
            token: None,
            allowed_privileged_intents: PRIVILEGED_INTENTS,
        }
    }
}

/// A gateway IDENTIFY the stand-in accepted (and answered with READY).
#[derive(Clone, Debug)]
pub struct IdentifyInfo {
    /// The token as sent (serenity sends `Bot <token>`).
    pub token: String,
    pub intents: u64,
    /// `[shard_id, shard_count]`, when the client sent one.
    pub shard: Option<[u32; 2]>,
    /// The session id given in READY.
    pub session_id: String,
    pub compress: bool,
    pub properties: Value,
    pub presence: Value,
    pub at: Instant,
}

/// A gateway RESUME the stand-in accepted (and answered with RESUMED).
#[derive(Clone, Debug)]
pub struct ResumeInfo {
    pub session_id: String,
    /// The last sequence number the client said it had seen.
    pub seq: u64,
    pub token: String,
    pub shard: Option<[u32; 2]>,
    pub at: Instant,
}

/// A frame a gateway client sent (heartbeats, IDENTIFY, RESUME, presence updates...).
#[derive(Clone, Debug)]
pub struct GatewayFrame {
    /// Which websocket connection it came on (connections are numbered from 1).
    pub connection: u64,
    pub payload: Value,
    pub at: Instant,
}

/// A file uploaded in a multipart request.
#[derive(Clone, Debug)]
pub struct UploadedFile {
    /// The form field (`files[0]`).
    pub field: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// One HTTP request the stand-in received, and what it answered.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The path, e.g. `/api/v10/channels/1300000000000000200/messages`.
    pub path: String,
    /// The raw query string without `?` (serenity writes `&wait=true`-like strings).
    pub query: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// The JSON body; for multipart requests the `payload_json` part; `Null` when none.
    pub body: Value,
    pub raw_body: Vec<u8>,
    pub files: Vec<UploadedFile>,
    /// The status the stand-in answered.
    pub status: u16,
    /// The JSON the stand-in answered (`Null` for none or non-JSON).
    pub response: Value,
    pub at: Instant,
}

impl Recorded {
    /// Whether the stand-in answered 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Whether this request matches a pattern as [`StandIn::fail_next`] reads it.
    pub fn matches(&self, pattern: &str) -> bool {
        let (method, prefix) = rest::parse_pattern(pattern);
        method.is_none_or(|m| m == self.method) && self.path.starts_with(&prefix)
    }
}

/// An interaction the test sent, as the REST side needs to know it.
struct SentInteraction {
    token: String,
    kind: u64,
    sent_at: Instant,
    channel_id: String,
    guild_id: Option<String>,
    /// For a component interaction, the message its button is on.
    message_id: Option<String>,
    /// Whether a callback was accepted (a second one gets 400 "already acknowledged").
    acked: bool,
    /// The message created by the callback (type 4/5) or the component's message.
    original: Option<String>,
}

/// A request failure queued by `fail_next`.
struct Failure {
    method: Option<String>,
    prefix: String,
    status: u16,
    retry_after: f64,
}

/// What the gateway connection task writes to its socket.
enum Out {
    Text(String),
    Close(u16, String),
    /// Drop the socket without a close frame.
    Drop,
}

/// A gateway session (made by IDENTIFY, continued by RESUME).
struct Session {
    id: String,
    /// Order of creation, to pick sessions deterministically.
    order: u64,
    seq: u64,
    shard: Option<[u32; 2]>,
    token: String,
    intents: u64,
    resumable: bool,
    /// The live connection carrying it; `None` while the client reconnects.
    conn: Option<u64>,
}

#[derive(Default)]
struct State {
    counter: u64,
    recorded: Vec<Recorded>,
    failures: Vec<Failure>,
    /// Channels where every message post is refused, with the status (see `refuse_channel`).
    refused_channels: HashMap<String, u16>,
    files: HashMap<String, (Vec<u8>, String)>,
    conns: HashMap<u64, mpsc::UnboundedSender<Out>>,
    next_conn: u64,
    gateway_queries: Vec<String>,
    sessions: HashMap<String, Session>,
    identifies: Vec<IdentifyInfo>,
    ready_taken: usize,
    resumes: Vec<ResumeInfo>,
    frames: Vec<GatewayFrame>,
    heartbeats: u64,
    interactions: HashMap<String, SentInteraction>,
    /// Messages the bot created (channel, interaction responses, follow-ups), by id.
    messages: HashMap<String, Value>,
    message_order: Vec<String>,
    channel_taken: usize,
    commands: Vec<Value>,
}

impl State {
    fn next_id(&mut self) -> String {
        self.counter += 1;
        payloads::snowflake(self.counter).to_string()
    }

    fn store_message(&mut self, message: Value) {
        let id = message["id"].as_str().unwrap_or_default().to_string();
        if !self.messages.contains_key(&id) {
            self.message_order.push(id.clone());
        }
        self.messages.insert(id, message);
    }
}

struct Shared {
    port: u16,
    opts: Options,
    state: Mutex<State>,
    changed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn ws_url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }
}

/// Which gateway session an event goes to.
enum Target {
    /// The first session (by creation).
    Any,
    /// The session identified with this shard id.
    Shard(u32),
    /// The session whose shard Discord routes this guild to: `(guild_id >> 22) % shard_count`.
    Guild(u64),
}

/// The stand-in server; dropping it stops accepting connections and closes gateway sockets.
pub struct StandIn {
    shared: Arc<Shared>,
    accept_task: JoinHandle<()>,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.accept_task.abort();
        for tx in self.shared.lock().conns.values() {
            let _ = tx.send(Out::Drop);
        }
    }
}

impl StandIn {
    pub const APP_ID: u64 = APP_ID;
    pub const BOT_USER_ID: u64 = BOT_USER_ID;
    pub const GUILD_ID: u64 = GUILD_ID;
    pub const CHANNEL_ID: u64 = CHANNEL_ID;
    pub const DM_CHANNEL_ID: u64 = DM_CHANNEL_ID;
    pub const USER_ID: u64 = USER_ID;
    pub const OTHER_BOT_ID: u64 = OTHER_BOT_ID;

    /// Starts a stand-in with default [`Options`] on 127.0.0.1 and a free port.
    pub async fn start() -> StandIn {
        Self::start_with(Options::default()).await
    }

    /// Starts a stand-in with the given options.
    pub async fn start_with(opts: Options) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0 for the Discord stand-in");
        let port = listener
            .local_addr()
            .expect("stand-in local address")
            .port();
        let shared = Arc::new(Shared {
            port,
            opts,
            state: Mutex::new(State::default()),
            changed: Notify::new(),
        });
        let accept_task = tokio::spawn(rest::serve(listener, Arc::clone(&shared)));
        StandIn {
            shared,
            accept_task,
        }
    }

    /// `http://127.0.0.1:PORT`: the API base for the bot (serenity's `proxy`).
    pub fn base_url(&self) -> String {
        self.shared.base_url()
    }

    /// `ws://127.0.0.1:PORT`: the gateway URL that `GET /gateway` gives.
    pub fn ws_url(&self) -> String {
        self.shared.ws_url()
    }

    pub fn port(&self) -> u16 {
        self.shared.port
    }

    // ----- waiting -------------------------------------------------------------------------

    /// Polls `check` whenever the stand-in's state changes, until it gives a value or
    /// `timeout` passes; the error names `what` and lists the requests received so far.
    pub async fn wait_for<T>(
        &self,
        timeout: Duration,
        what: &str,
        mut check: impl FnMut(&mut StateView<'_>) -> Option<T>,
    ) -> Result<T, String> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.changed.notified();
            let found = {
                let mut st = self.shared.lock();
                check(&mut StateView(&mut st))
            };
            if let Some(v) = found {
                return Ok(v);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let found = {
                    let mut st = self.shared.lock();
                    check(&mut StateView(&mut st))
                };
                return found.ok_or_else(|| {
                    format!(
                        "Discord stand-in: timed out after {timeout:?} waiting for {what}.\n{}",
                        self.summary()
                    )
                });
            }
        }
    }

    /// A readable list of what the stand-in saw, for failure messages.
    pub fn summary(&self) -> String {
        let st = self.shared.lock();
        let mut s = format!(
            "gateway: {} connection(s) open, {} identify, {} resume, {} heartbeat(s)\nrequests:\n",
            st.conns.len(),
            st.identifies.len(),
            st.resumes.len(),
            st.heartbeats
        );
        for r in &st.recorded {
            let body = r.body.to_string();
            let body: String = body.chars().take(300).collect();
            s.push_str(&format!(
                "  {} {} -> {}  {}\n",
                r.method, r.path, r.status, body
            ));
        }
        s
    }

    /// Waits for the next gateway client to IDENTIFY and get READY, and tells what it sent.
    /// Each call returns a different IDENTIFY, in arrival order.
    pub async fn wait_ready(&self, timeout: Duration) -> IdentifyInfo {
        self.wait_for(timeout, "a gateway IDENTIFY", |st| {
            let st = &mut *st.0;
            let info = st.identifies.get(st.ready_taken).cloned()?;
            st.ready_taken += 1;
            Some(info)
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits until at least `n` IDENTIFYs were accepted in all.
    pub async fn wait_identify_count(&self, n: usize, timeout: Duration) {
        let what = format!("{n} gateway IDENTIFY(s)");
        self.wait_for(timeout, &what, |st| {
            (st.0.identifies.len() >= n).then_some(())
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Waits until at least `n` RESUMEs were accepted in all.
    pub async fn wait_resume_count(&self, n: usize, timeout: Duration) {
        let what = format!("{n} gateway RESUME(s)");
        self.wait_for(timeout, &what, |st| (st.0.resumes.len() >= n).then_some(()))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Waits for the first request matching `pred` (already received or not).
    pub async fn wait_request(
        &self,
        timeout: Duration,
        what: &str,
        pred: impl Fn(&Recorded) -> bool,
    ) -> Recorded {
        self.wait_for(timeout, what, |st| {
            st.0.recorded.iter().find(|r| pred(r)).cloned()
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits for the bot's first bulk overwrite of its commands (`PUT …/commands`: registration
    /// runs beside everything else at start) and gives it.
    pub async fn wait_commands_put(&self, timeout: Duration) -> Recorded {
        self.wait_request(timeout, "bulk overwrite of commands", |r| {
            r.method == "PUT" && r.path.ends_with("/commands")
        })
        .await
    }

    /// Waits for the bot's accepted (2xx) response to interaction `interaction_id`, and gives
    /// the body it POSTed to `/interactions/{id}/{token}/callback`.
    pub async fn wait_callback(&self, interaction_id: &str, timeout: Duration) -> Value {
        let prefix = format!("/api/v10/interactions/{interaction_id}/");
        let what = format!("the response to interaction {interaction_id}");
        self.wait_request(timeout, &what, |r| {
            r.method == "POST"
                && r.path.starts_with(&prefix)
                && r.path.ends_with("/callback")
                && r.ok()
        })
        .await
        .body
    }

    /// Waits for the next message the bot created with `POST /channels/{id}/messages` (each
    /// call returns a different one, in order) and gives the body it sent (the channel is in
    /// the request path: see [`StandIn::recorded_matching`]).
    pub async fn wait_channel_message(&self, timeout: Duration) -> Value {
        self.wait_for(
            timeout,
            "a message POSTed to /channels/{id}/messages",
            |st| {
                let st = &mut *st.0;
                let found = st
                    .recorded
                    .iter()
                    .filter(|r| r.ok() && r.method == "POST" && rest::is_channel_messages(&r.path))
                    .nth(st.channel_taken)
                    .map(|r| r.body.clone())?;
                st.channel_taken += 1;
                Some(found)
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
    }

    // ----- inspecting ----------------------------------------------------------------------

    /// Every HTTP request received so far (gateway upgrades excluded), in order.
    pub fn recorded(&self) -> Vec<Recorded> {
        self.shared.lock().recorded.clone()
    }

    /// The requests matching a pattern as [`StandIn::fail_next`] reads it.
    /// How many recorded requests satisfy `pred` (nothing is copied).
    pub fn count_recorded(&self, pred: impl Fn(&Recorded) -> bool) -> usize {
        self.shared
            .lock()
            .recorded
            .iter()
            .filter(|r| pred(r))
            .count()
    }

    pub fn recorded_matching(&self, pattern: &str) -> Vec<Recorded> {
        self.shared
            .lock()
            .recorded
            .iter()
            .filter(|r| r.matches(pattern))
            .cloned()
            .collect()
    }

    /// Bodies of the channel messages the bot created (2xx), in order.
    pub fn channel_messages(&self) -> Vec<Value> {
        self.shared
            .lock()
            .recorded
            .iter()
            .filter(|r| r.ok() && r.method == "POST" && rest::is_channel_messages(&r.path))
            .map(|r| r.body.clone())
            .collect()
    }

    pub fn identifies(&self) -> Vec<IdentifyInfo> {
        self.shared.lock().identifies.clone()
    }

    pub fn resumes(&self) -> Vec<ResumeInfo> {
        self.shared.lock().resumes.clone()
    }

    pub fn identify_count(&self) -> usize {
        self.shared.lock().identifies.len()
    }

    pub fn resume_count(&self) -> usize {
        self.shared.lock().resumes.len()
    }

    /// Heartbeats (op 1) received, all connections together.
    pub fn heartbeat_count(&self) -> u64 {
        self.shared.lock().heartbeats
    }

    /// Open gateway websocket connections.
    pub fn connection_count(&self) -> usize {
        self.shared.lock().conns.len()
    }

    /// Query strings of the gateway websocket requests (serenity asks `v=10`).
    pub fn gateway_queries(&self) -> Vec<String> {
        self.shared.lock().gateway_queries.clone()
    }

    /// Every frame gateway clients sent.
    pub fn gateway_frames(&self) -> Vec<GatewayFrame> {
        self.shared.lock().frames.clone()
    }

    /// Commands registered through the bulk-overwrite (PUT) or create (POST) routes, as the
    /// stand-in answered them (with `id`, `application_id`, `version`, and `guild_id` for guild
    /// commands).
    pub fn commands(&self) -> Vec<Value> {
        self.shared.lock().commands.clone()
    }

    /// Every message the bot created, as Discord would store it, in creation order (edits
    /// applied, deleted ones left out).
    pub fn bot_messages(&self) -> Vec<Value> {
        let st = self.shared.lock();
        st.message_order
            .iter()
            .filter_map(|id| st.messages.get(id).cloned())
            .collect()
    }

    /// A message the bot created, by id.
    pub fn message(&self, id: &str) -> Option<Value> {
        self.shared.lock().messages.get(id).cloned()
    }

    /// The response message of interaction `interaction_id` (made by a type 4 or 5 callback
    /// and changed by `PATCH .../@original`), as Discord would store it; pass it to
    /// [`StandIn::component_interaction`] to press one of its buttons.
    pub fn original_message(&self, interaction_id: &str) -> Option<Value> {
        let st = self.shared.lock();
        let id = st.interactions.get(interaction_id)?.original.clone()?;
        st.messages.get(&id).cloned()
    }

    /// When interaction `interaction_id` was dispatched.
    pub fn interaction_sent_at(&self, interaction_id: &str) -> Option<Instant> {
        self.shared
            .lock()
            .interactions
            .get(interaction_id)
            .map(|i| i.sent_at)
    }

    // ----- REST behaviour ------------------------------------------------------------------

    /// Answers the next request matching `pattern` once with `status` (429 with Discord's
    /// rate-limit body and headers, `retry_after` 0.2 s; 500 or anything else with a JSON
    /// error). A pattern is `"METHOD /path-prefix"` or `"/path-prefix"`; a prefix not starting
    /// with `/api/` is taken under `/api/v10` (`"POST /interactions"` matches every callback).
    /// Queued failures are used in order, each once.
    pub fn fail_next(&self, pattern: &str, status: u16) {
        self.fail_next_with(pattern, status, 0.2);
    }

    /// Refuses every message posted in `channel` from now on, as Discord does when the bot may
    /// not post there (403, "Missing Permissions") or the channel is gone (404).
    pub fn refuse_channel(&self, channel: u64, status: u16) {
        self.shared
            .lock()
            .refused_channels
            .insert(channel.to_string(), status);
    }

    /// Like [`StandIn::fail_next`] with a 429 asking to wait `retry_after` seconds.
    pub fn fail_next_429(&self, pattern: &str, retry_after: f64) {
        self.fail_next_with(pattern, 429, retry_after);
    }

    /// Like [`StandIn::fail_next`] for a path taken as it is (not under `/api/v10`), such as a
    /// file put up with [`StandIn::serve_file`]; `method` `None` matches any method.
    pub fn fail_next_path(&self, method: Option<&str>, path_prefix: &str, status: u16) {
        self.push_failure(
            method.map(str::to_string),
            path_prefix.to_string(),
            status,
            0.2,
        );
    }

    fn fail_next_with(&self, pattern: &str, status: u16, retry_after: f64) {
        let (method, prefix) = rest::parse_pattern(pattern);
        self.push_failure(method, prefix, status, retry_after);
    }

    fn push_failure(&self, method: Option<String>, prefix: String, status: u16, retry_after: f64) {
        self.shared.lock().failures.push(Failure {
            method,
            prefix,
            status,
            retry_after,
        });
    }

    /// Serves `bytes` at `path` (e.g. `/files/article.html`) on the stand-in's port, for any
    /// method GET; returns the full URL.
    pub fn serve_file(&self, path: &str, bytes: impl Into<Vec<u8>>, content_type: &str) -> String {
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        self.shared
            .lock()
            .files
            .insert(path.clone(), (bytes.into(), content_type.to_string()));
        format!("{}{path}", self.base_url())
    }

    // ----- gateway events ------------------------------------------------------------------

    /// Dispatches event `t` with data `d` with the session's next sequence number; a `d` with
    /// a `guild_id` goes to the shard Discord routes that guild to, anything else to the first
    /// session. Waits up to 10 s for such a session (e.g. while the client resumes); returns
    /// the sequence number used.
    pub async fn send_dispatch(&self, t: &str, d: Value) -> u64 {
        let target = match d.get("guild_id").and_then(id_of) {
            Some(g) => Target::Guild(g),
            None => Target::Any,
        };
        self.dispatch(target, t, |_, _| Some(d.clone()))
            .await
            .expect("always sent")
    }

    /// Dispatches event `t` to the session of shard `shard`.
    pub async fn send_dispatch_to_shard(&self, shard: u32, t: &str, d: Value) -> u64 {
        self.dispatch(Target::Shard(shard), t, |_, _| Some(d.clone()))
            .await
            .expect("always sent")
    }

    /// Waits for a live session for `target`, asks `build` for the event data (given the
    /// state and the session; `None` skips the event, as Discord does for events outside the
    /// session's intents) and dispatches it. Returns the sequence number used, if sent.
    async fn dispatch(
        &self,
        target: Target,
        t: &str,
        mut build: impl FnMut(&mut State, &Session) -> Option<Value>,
    ) -> Option<u64> {
        let what = format!("a live gateway session to send {t} to");
        let seq = self
            .wait_for(SESSION_WAIT, &what, |st| {
                let st = &mut *st.0;
                let sid = gateway::pick_session(st, &target)?;
                let session = st.sessions.remove(&sid).expect("picked session exists");
                let d = build(st, &session);
                st.sessions.insert(sid.clone(), session);
                Some(d.map(|d| gateway::dispatch(st, &sid, t, d)))
            })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        self.shared.changed.notify_waiters();
        seq
    }

    /// Dispatches INTERACTION_CREATE (routed like [`StandIn::send_dispatch`]; DMs go to shard
    /// 0); the interaction's 3 s response clock starts as it is written to the socket.
    pub async fn send_interaction(&self, payload: Value) -> u64 {
        let target = match payload.get("guild_id").and_then(id_of) {
            Some(g) => Target::Guild(g),
            None => Target::Shard(0),
        };
        self.send_interaction_to(target, payload).await
    }

    /// Notes an interaction that Discord POSTs to an HTTP interactions endpoint (the test posts
    /// it), as one it dispatches is noted: its token then opens the webhook routes, once answered.
    pub fn expect_http_interaction(&self, payload: &Value) {
        register_interaction(&mut self.shared.lock(), payload);
        self.shared.changed.notify_waiters();
    }

    /// Takes the endpoint's HTTP response to interaction `id` as Discord takes a callback (a
    /// deferred response becomes the "thinking…" original message); gives the status a callback
    /// would have got.
    pub fn take_http_response(&self, id: &str, response: &Value) -> u16 {
        let status = {
            let mut st = self.shared.lock();
            rest::http_response(&self.shared, &mut st, id, response)
        };
        self.shared.changed.notify_waiters();
        status
    }

    /// Dispatches INTERACTION_CREATE to the session of shard `shard`.
    pub async fn send_interaction_to_shard(&self, shard: u32, payload: Value) -> u64 {
        self.send_interaction_to(Target::Shard(shard), payload)
            .await
    }

    async fn send_interaction_to(&self, target: Target, payload: Value) -> u64 {
        self.dispatch(target, "INTERACTION_CREATE", |st, _| {
            register_interaction(st, &payload);
            Some(payload.clone())
        })
        .await
        .expect("interactions need no intent")
    }

    /// Dispatches GUILD_CREATE for the stand-in's guild with the community's
    /// `preferred_locale` (as Discord does after READY, or when a guild's settings are sent
    /// again); not to a session without the GUILDS intent. Returns the sequence number, if sent.
    pub async fn send_guild_create(&self, preferred_locale: &str) -> Option<u64> {
        let d = payloads::guild_create(preferred_locale);
        self.dispatch(Target::Guild(GUILD_ID), "GUILD_CREATE", |_, session| {
            (session.intents & INTENT_GUILDS != 0).then(|| d.clone())
        })
        .await
    }

    /// Dispatches MESSAGE_CREATE for a message by the human (or, with `author_is_bot`, by
    /// another bot) in the guild channel (or, with `dm`, in the DM channel). With
    /// `mentions_bot` the bot is in `mentions`, and `<@BOT_USER_ID>` is put in front of the
    /// content unless it is there already. Returns the message id.
    ///
    /// As Discord does, the event is not sent to a session without the GUILD_MESSAGES (guild)
    /// or DIRECT_MESSAGES (DM) intent, and a session without MESSAGE_CONTENT gets an empty
    /// content (and no embeds, attachments or components) for a guild message that does not
    /// mention the bot.
    pub async fn send_message_create(
        &self,
        content: &str,
        mentions_bot: bool,
        author_is_bot: bool,
        dm: bool,
    ) -> String {
        let (payload, id) = self.message_create(content, mentions_bot, author_is_bot, dm);
        let mentioned = payload["mentions"]
            .as_array()
            .is_some_and(|m| !m.is_empty());
        let target = if dm {
            Target::Shard(0)
        } else {
            Target::Guild(GUILD_ID)
        };
        self.dispatch(target, "MESSAGE_CREATE", |_, session| {
            let needed = if dm {
                INTENT_DIRECT_MESSAGES
            } else {
                INTENT_GUILD_MESSAGES
            };
            if session.intents & needed == 0 {
                return None;
            }
            let mut d = payload.clone();
            if !dm && !mentioned && session.intents & INTENT_MESSAGE_CONTENT == 0 {
                d["content"] = json!("");
                d["embeds"] = json!([]);
                d["attachments"] = json!([]);
                d["components"] = json!([]);
            }
            Some(d)
        })
        .await;
        id
    }

    /// Builds the MESSAGE_CREATE data of [`StandIn::send_message_create`] without sending it.
    /// A content that mentions the bot (`<@ID>` or `<@!ID>`) fills `mentions` as well.
    pub fn message_create(
        &self,
        content: &str,
        mentions_bot: bool,
        author_is_bot: bool,
        dm: bool,
    ) -> (Value, String) {
        let id = self.shared.lock().next_id();
        let mention = format!("<@{BOT_USER_ID}>");
        let already = content.contains(&mention) || content.contains(&format!("<@!{BOT_USER_ID}>"));
        let content = if mentions_bot && !already {
            format!("{mention} {content}")
        } else {
            content.to_string()
        };
        let payload =
            payloads::incoming_message(&id, &content, mentions_bot || already, author_is_bot, dm);
        (payload, id)
    }

    /// Sends op 7 RECONNECT to every live session. The stand-in then waits for the client to
    /// RESUME (answered RESUMED, nothing replayed); events sent meanwhile wait for it.
    pub async fn send_reconnect(&self) {
        self.to_live_sessions(
            "RECONNECT",
            |_| Some(json!({"op": 7, "d": null}).to_string()),
            true,
        )
        .await;
    }

    /// Closes every gateway socket abruptly (no close frame); sessions stay resumable.
    pub async fn drop_connection(&self) {
        let what = "an open gateway connection to drop";
        self.wait_for(SESSION_WAIT, what, |st| {
            let st = &mut *st.0;
            if st.conns.is_empty() {
                return None;
            }
            for tx in st.conns.values() {
                let _ = tx.send(Out::Drop);
            }
            for s in st.sessions.values_mut() {
                s.conn = None;
            }
            Some(())
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Closes every gateway socket with a close frame of `code` (e.g. 4000 unknown error, 4004
    /// authentication failed, 4014 disallowed intents).
    pub async fn close_connection(&self, code: u16, reason: &str) {
        let what = "an open gateway connection to close";
        self.wait_for(SESSION_WAIT, what, |st| {
            let st = &mut *st.0;
            if st.conns.is_empty() {
                return None;
            }
            for tx in st.conns.values() {
                let _ = tx.send(Out::Close(code, reason.to_string()));
            }
            for s in st.sessions.values_mut() {
                s.conn = None;
            }
            Some(())
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Sends op 9 INVALID SESSION to every live session; when not `resumable`, a later RESUME of
    /// those sessions is refused and the client must IDENTIFY again (serenity waits up to 5 s
    /// between shard boots, so allow for that).
    pub async fn send_invalid_session(&self, resumable: bool) {
        self.to_live_sessions(
            "INVALID_SESSION",
            |s| {
                if !resumable {
                    s.resumable = false;
                }
                Some(json!({"op": 9, "d": resumable}).to_string())
            },
            true,
        )
        .await;
    }

    /// Sends a frame made by `frame` to every live session's connection; with `detach` the
    /// sessions wait for a new connection afterwards.
    async fn to_live_sessions(
        &self,
        what: &str,
        frame: impl Fn(&mut Session) -> Option<String>,
        detach: bool,
    ) {
        let what = format!("a live gateway session to send {what} to");
        self.wait_for(SESSION_WAIT, &what, |st| {
            let st = &mut *st.0;
            let live: Vec<String> = gateway::live_sessions(st);
            if live.is_empty() {
                return None;
            }
            for sid in live {
                let Some(s) = st.sessions.get_mut(&sid) else {
                    continue;
                };
                let Some(conn) = s.conn else { continue };
                if let Some(text) = frame(s) {
                    if let Some(tx) = st.conns.get(&conn) {
                        let _ = tx.send(Out::Text(text));
                    }
                }
                if detach {
                    s.conn = None;
                }
            }
            Some(())
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        self.shared.changed.notify_waiters();
    }

    // ----- payload builders ----------------------------------------------------------------

    fn new_interaction_ids(&self) -> (String, String) {
        let id = self.shared.lock().next_id();
        let token = format!("standin-interaction-token-{id}");
        (id, token)
    }

    /// The id of registered command `name` (global or guild), or a fresh one.
    fn command_id(&self, name: &str) -> String {
        let mut st = self.shared.lock();
        let known = st
            .commands
            .iter()
            .rev()
            .find(|c| c["name"] == name)
            .and_then(|c| c["id"].as_str().map(str::to_string));
        known.unwrap_or_else(|| st.next_id())
    }

    /// A slash-command interaction (type 2) for command `name` with `options` (a JSON array of
    /// Discord option objects, see [`StandIn::option`]; `Null` for none), run by the human in
    /// the guild channel. Returns the payload and the interaction id.
    pub fn command_interaction(&self, name: &str, options: Value) -> (Value, String) {
        self.command_like(2, name, options)
    }

    /// An autocomplete interaction (type 4) for command `name`; one option in `options` should
    /// carry `"focused": true` (see [`StandIn::focused_option`]).
    pub fn autocomplete_interaction(&self, name: &str, options: Value) -> (Value, String) {
        self.command_like(4, name, options)
    }

    fn command_like(&self, kind: u8, name: &str, options: Value) -> (Value, String) {
        let (id, token) = self.new_interaction_ids();
        let mut data = json!({"id": self.command_id(name), "name": name, "type": 1});
        if !options.is_null() {
            data["options"] = options;
        }
        let payload = payloads::interaction(kind, &id, &token, data, Map::new());
        (payload, id)
    }

    /// A message-command interaction (type 2, command type 3: right-click a message → Apps →
    /// `name`) on a message a user wrote with `content`; the message is in `resolved`, as
    /// Discord sends it. Returns the payload and the interaction id.
    pub fn message_command_interaction(&self, name: &str, content: &str) -> (Value, String) {
        let (id, token) = self.new_interaction_ids();
        let message_id = self.shared.lock().next_id();
        let message = payloads::incoming_message(&message_id, content, false, false, false);
        let mut messages = Map::new();
        messages.insert(message_id.clone(), message);
        let data = json!({
            "id": self.command_id(name),
            "name": name,
            "type": 3,
            "target_id": message_id,
            "resolved": {"messages": messages},
        });
        let payload = payloads::interaction(2, &id, &token, data, Map::new());
        (payload, id)
    }

    /// A button press (type 3, component type 2) on `message`: a message the bot sent, e.g.
    /// from [`StandIn::original_message`], or just the body it sent (missing fields are filled).
    pub fn component_interaction(&self, custom_id: &str, message: Value) -> (Value, String) {
        self.component_like(
            json!({"custom_id": custom_id, "component_type": 2}),
            message,
        )
    }

    /// A string-select choice (type 3, component type 3) of `values` on `message`.
    pub fn select_interaction(
        &self,
        custom_id: &str,
        values: &[&str],
        message: Value,
    ) -> (Value, String) {
        self.component_like(
            json!({"custom_id": custom_id, "component_type": 3, "values": values}),
            message,
        )
    }

    fn component_like(&self, data: Value, message: Value) -> (Value, String) {
        let (id, token) = self.new_interaction_ids();
        let message_id = self.shared.lock().next_id();
        let mut message = payloads::complete_message(&message, message_id);
        if message.get("guild_id").is_none() {
            message["guild_id"] = json!(GUILD_ID.to_string());
        }
        let mut extra = Map::new();
        extra.insert("message".into(), message);
        let payload = payloads::interaction(3, &id, &token, data, extra);
        (payload, id)
    }

    /// The same interaction run in the bot's DM channel instead of the guild.
    pub fn into_dm(payload: Value) -> Value {
        payloads::into_dm(payload)
    }

    /// A command option `{"name", "type", "value"}`; the type follows the value (string 3,
    /// integer 4, boolean 5, number 10).
    pub fn option(name: &str, value: impl Into<Value>) -> Value {
        payloads::option(name, value.into(), false)
    }

    /// An option the user is typing in (`"focused": true`), for autocomplete.
    pub fn focused_option(name: &str, value: impl Into<Value>) -> Value {
        payloads::option(name, value.into(), true)
    }

    /// A guild id (near [`GUILD_ID`]) that Discord routes to shard `shard` of `count`.
    pub fn guild_on_shard(shard: u32, count: u32) -> u64 {
        let count = u64::from(count.max(1));
        let base = (GUILD_ID >> 22) / count * count + u64::from(shard) % count;
        (base << 22) | (GUILD_ID & 0x3F_FFFF)
    }
}

/// Read access to the stand-in's state inside [`StandIn::wait_for`].
pub struct StateView<'a>(&'a mut State);

impl StateView<'_> {
    pub fn recorded(&self) -> &[Recorded] {
        &self.0.recorded
    }

    pub fn identifies(&self) -> &[IdentifyInfo] {
        &self.0.identifies
    }

    pub fn resumes(&self) -> &[ResumeInfo] {
        &self.0.resumes
    }

    pub fn heartbeats(&self) -> u64 {
        self.0.heartbeats
    }

    pub fn connections(&self) -> usize {
        self.0.conns.len()
    }

    pub fn frames(&self) -> &[GatewayFrame] {
        &self.0.frames
    }
}

/// A snowflake given as a JSON string or number.
fn id_of(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Notes an interaction being dispatched now, for the REST side (tokens, 3 s clock, messages).
fn register_interaction(st: &mut State, payload: &Value) {
    let id = payload["id"].as_str().unwrap_or_default().to_string();
    let message_id = payload
        .pointer("/message/id")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(message) = payload.get("message") {
        if let Some(mid) = &message_id {
            if !st.messages.contains_key(mid) {
                st.store_message(message.clone());
            }
        }
    }
    st.interactions.insert(
        id,
        SentInteraction {
            token: payload["token"].as_str().unwrap_or_default().to_string(),
            kind: payload["type"].as_u64().unwrap_or(0),
            sent_at: Instant::now(),
            channel_id: payload["channel_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            guild_id: payload["guild_id"].as_str().map(str::to_string),
            message_id: message_id.clone(),
            acked: false,
            original: message_id,
        },
    );
}
