//! `positions serve --http ADDR`: Discord's interactions endpoint for stateless replicas. Each POST
//! is verified (Ed25519 over timestamp + raw body), read as a serenity `Interaction` and answered in
//! the response body by the shell's `payload` code, the same the gateway answers with; a reply with
//! a file (the timeline's chart) is deferred, then brought by an edit through the REST webhook. No
//! business rules, and no gateway here.

pub mod cache;
pub mod settings;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State as Shared};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use reqwest::Method;
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;

use super::fs_watch;
use super::live::LiveIndex;
use super::metrics::{self, Tally};
use super::rest::{Rest, RestError, Upload};
use super::{commands, payload};
use cache::{AnswerCache, Cached};
pub use settings::{EndpointSettings, EndpointSettingsError};

/// The largest request body read; a larger one is refused with 413 before it is verified.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// How far `X-Signature-Timestamp` may be from this machine's clock, either way, before a
/// correctly signed request is refused as a replay.
pub const MAX_TIMESTAMP_SKEW_SECS: u64 = 5 * 60;
/// How long requests in flight get to finish after SIGTERM.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// What answering a request needs: the key to check signatures with and the index in force.
pub struct Endpoint {
    verifier: Verifier,
    live: Arc<LiveIndex>,
    cache: AnswerCache,
    /// Where the edits that bring a deferred reply's files go (no bot token: the interaction's
    /// token is in the path).
    rest: Rest,
}

/// What the endpoint answers to one POST, before it becomes an HTTP response.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// 200 with this JSON body.
    Reply(Bytes),
    /// 200 with this deferred response ("thinking…"); then `edit` brings the reply and its files.
    Deferred { reply: Bytes, edit: OriginalEdit },
    /// 401: the request is not from Discord (or is a replay); nothing else is done.
    Unauthorized(&'static str),
    /// 400: signed, but not an interaction this bot can answer.
    BadRequest(String),
}

/// The edit of an interaction's original (deferred) response that brings the reply with its
/// files: multipart, `payload_json` and `files[n]`, to the interaction's webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginalEdit {
    pub application_id: u64,
    pub token: String,
    pub body: serde_json::Value,
    pub files: Vec<Upload>,
}

impl OriginalEdit {
    /// `/webhooks/{application_id}/{token}/messages/@original`.
    pub fn path(&self) -> String {
        format!(
            "/webhooks/{}/{}/messages/@original",
            self.application_id, self.token
        )
    }
}

/// The pauses before each try of an edit of `@original`. The deferred response leaves in the
/// HTTP answer a moment before the edit is sent, and Discord says 404 until it has taken it in.
const EDIT_TRIES: [Duration; 4] = [
    Duration::ZERO,
    Duration::from_millis(250),
    Duration::from_secs(1),
    Duration::from_secs(3),
];

/// Sends an edit of `@original`, trying again on 404 (see [`EDIT_TRIES`]); failures are logged
/// with the interaction's token hidden.
pub async fn deliver(rest: &Rest, edit: &OriginalEdit) -> Result<(), RestError> {
    let path = edit.path();
    let mut last = None;
    for pause in EDIT_TRIES {
        tokio::time::sleep(pause).await;
        match rest
            .send_with_files(Method::PATCH, &path, Some(&edit.body), &edit.files)
            .await
        {
            Ok(_) => return Ok(()),
            Err(e @ RestError::Status { status, .. }) if status == StatusCode::NOT_FOUND => {
                last = Some(e);
            }
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or(RestError::RateLimited {
        method: Method::PATCH,
        path,
    }))
}

impl Endpoint {
    /// An endpoint for the public key `public_key` (already checked by `settings`).
    pub fn new(
        public_key: [u8; 32],
        live: Arc<LiveIndex>,
    ) -> Result<Endpoint, EndpointSettingsError> {
        let verifier =
            Verifier::try_new(public_key).map_err(|_| EndpointSettingsError::MalformedPublicKey)?;
        Ok(Endpoint {
            verifier,
            live,
            cache: AnswerCache::new(cache::DEFAULT_ENTRIES),
            rest: Rest::new(super::settings::DISCORD_BASE, ""),
        })
    }

    /// Sends the edits that bring a deferred reply's files to `base` instead of Discord.
    pub fn with_rest_base(mut self, base: &str) -> Endpoint {
        self.rest = Rest::new(base, "");
        self
    }

    /// Keeps up to `entries` replies for the index in force (0: none; see `cache`).
    pub fn with_answer_cache(mut self, entries: usize) -> Endpoint {
        self.cache = AnswerCache::new(entries);
        self
    }

    /// Answers one interaction POST: verify, then read, then answer, and count it (the one place
    /// the endpoint dispatches). `now` is Unix seconds.
    pub fn answer(
        &self,
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
        now: u64,
    ) -> Outcome {
        let outcome = self.verify_and_answer(signature, timestamp, body, now);
        let tally = match &outcome {
            Ok((_, tally)) => *tally,
            Err(Outcome::Unauthorized(_)) => {
                Tally::of(metrics::command::NONE, metrics::outcome::UNAUTHORIZED)
            }
            Err(_) => Tally::of(metrics::command::NONE, metrics::outcome::BAD_REQUEST),
        };
        metrics::interaction(&tally);
        match outcome {
            Ok((answered, _)) => answered,
            Err(refused) => refused,
        }
    }

    fn verify_and_answer(
        &self,
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
        now: u64,
    ) -> Result<(Outcome, Tally), Outcome> {
        let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
            return Err(Outcome::Unauthorized("missing signature headers"));
        };
        if self.verifier.verify(signature, timestamp, body).is_err() {
            return Err(Outcome::Unauthorized("invalid request signature"));
        }
        if !timestamp_is_fresh(timestamp, now) {
            return Err(Outcome::Unauthorized(
                "request timestamp too old or in the future",
            ));
        }
        let started = Instant::now();
        let lean = Lean::of(body).map_err(Outcome::BadRequest)?;
        let key = match lean {
            Lean {
                kind: kind @ 2..=4,
                data: Some(data),
            } if self.cache.is_enabled() => cache::key(kind, data.get().as_bytes()),
            _ => None,
        };
        let (index, version) = self.live.read_versioned();
        if let Some(key) = &key {
            let kept = self.cache.get(version, key);
            metrics::answer_cache(kept.is_some());
            if let Some(kept) = kept {
                let tally = Tally {
                    answer: Some(started.elapsed()),
                    ..kept.tally
                };
                return Ok((Outcome::Reply(kept.body), tally));
            }
        }
        let interaction = read_as(lean.kind, body).map_err(Outcome::BadRequest)?;
        let response =
            payload::interaction_response_with_files(&index, &interaction).ok_or_else(|| {
                Outcome::BadRequest(format!(
                    "interaction type {} is not handled",
                    u8::from(interaction.kind())
                ))
            })?;
        drop(index);
        let tally = response.tally;
        if !response.files.is_empty() {
            // A response body is JSON and cannot carry a file: defer, then edit with the file.
            if let Interaction::Command(c) = &interaction {
                let (deferred, body) = payload::deferred_then_edit(&response.body);
                let edit = OriginalEdit {
                    application_id: c.application_id.get(),
                    token: c.token.clone(),
                    body,
                    files: response.files,
                };
                let reply = Bytes::from(serde_json::to_vec(&deferred).unwrap_or_default());
                return Ok((Outcome::Deferred { reply, edit }, tally));
            }
        }
        let body = Bytes::from(serde_json::to_vec(&response.body).unwrap_or_default());
        if let Some(key) = key {
            let kept = Cached {
                body: body.clone(),
                tally,
            };
            self.cache.put(version, key, kept);
        }
        Ok((Outcome::Reply(body), tally))
    }
}

/// The `type` of an interaction and its `data` as sent, borrowed: all a reply of this endpoint
/// depends on (see `cache`), and what tells how to read the rest (serde skips the other fields
/// without keeping them).
#[derive(serde::Deserialize)]
struct Lean<'a> {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(borrow, default)]
    data: Option<&'a serde_json::value::RawValue>,
}

impl<'a> Lean<'a> {
    /// The type and data of a request body; a body that is JSON but not shaped like an
    /// interaction reads as type 0 (serenity then says what is wrong with it).
    fn of(body: &'a [u8]) -> Result<Lean<'a>, String> {
        match serde_json::from_slice::<Lean>(body) {
            Ok(lean) => Ok(lean),
            Err(e) if e.is_syntax() || e.is_eof() => Err(format!("malformed JSON: {e}")),
            Err(_) => Ok(Lean {
                kind: 0,
                data: None,
            }),
        }
    }
}

/// Reads a request body as an interaction. Commands, autocomplete and buttons are read straight
/// into their serenity types; serenity's own `Interaction` first copies the body into a JSON map
/// and reads that twice more, which cost more than the answer. Other types go that way.
pub fn read_interaction(body: &[u8]) -> Result<Interaction, String> {
    read_as(Lean::of(body)?.kind, body)
}

/// Reads a request body whose `type` is `kind` as an interaction (see `read_interaction`).
fn read_as(kind: u8, body: &[u8]) -> Result<Interaction, String> {
    let direct = match kind {
        2 => serde_json::from_slice(body).map(Interaction::Command),
        3 => serde_json::from_slice(body).map(Interaction::Component),
        4 => serde_json::from_slice(body).map(Interaction::Autocomplete),
        _ => serde_json::from_slice::<Interaction>(body),
    };
    direct.map_err(|e| format!("not an interaction: {e}"))
}

/// Whether a signed timestamp (Unix seconds) is within [`MAX_TIMESTAMP_SKEW_SECS`] of `now`.
pub fn timestamp_is_fresh(timestamp: &str, now: u64) -> bool {
    match timestamp.trim().parse::<u64>() {
        Ok(t) => t.abs_diff(now) <= MAX_TIMESTAMP_SKEW_SECS,
        Err(_) => false,
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The routes: POST `/` or `/interactions` for Discord, GET `/healthz` for load balancers, GET
/// `/metrics` for Prometheus (unsigned: it is no interaction, and it answers nothing but counts).
pub fn router(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route("/", post(interaction))
        .route("/interactions", post(interaction))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::scrape))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(endpoint)
}

fn json_ok(body: Bytes) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn interaction(
    Shared(endpoint): Shared<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header_text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let outcome = endpoint.answer(
        header_text("x-signature-ed25519"),
        header_text("x-signature-timestamp"),
        &body,
        unix_now(),
    );
    match outcome {
        Outcome::Reply(reply) => {
            tracing::debug!(bytes = reply.len(), "interaction answered over HTTP");
            json_ok(reply)
        }
        Outcome::Deferred { reply, edit } => {
            tracing::debug!("interaction deferred; its reply follows as an edit with its files");
            let rest = endpoint.rest.clone();
            tokio::spawn(async move {
                if let Err(e) = deliver(&rest, &edit).await {
                    tracing::error!(error = %super::redact(&e.to_string(), &edit.token), "could not edit the deferred reply with its files");
                }
            });
            json_ok(reply)
        }
        Outcome::Unauthorized(why) => {
            // Discord sends bad signatures on purpose to check this: not worth more than debug.
            tracing::debug!(why, "request refused");
            (StatusCode::UNAUTHORIZED, format!("{why}\n")).into_response()
        }
        Outcome::BadRequest(why) => {
            tracing::warn!(why = %why, "signed request that is not an interaction this bot answers");
            (StatusCode::BAD_REQUEST, format!("{why}\n")).into_response()
        }
    }
}

/// Command registration at start-up: how to reach Discord's REST API, the guild to register in
/// (else global), and the application id when it is configured (else it is asked of Discord).
pub struct Registration {
    pub rest: Rest,
    pub guild_id: Option<u64>,
    pub application_id: Option<u64>,
}

/// Registers the slash commands once; failures are logged and the endpoint keeps serving.
async fn register(registration: Registration) {
    let id = match registration.application_id {
        Some(id) => id,
        None => match application_id(&registration.rest).await {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "could not learn the application id; slash commands not registered (set DISCORD_APPLICATION_ID)");
                return;
            }
        },
    };
    if let Err(e) = commands::register(&registration.rest, id, registration.guild_id).await {
        tracing::error!(error = %e, "could not register slash commands");
    }
}

/// The application id, from `GET /oauth2/applications/@me`.
async fn application_id(rest: &Rest) -> anyhow::Result<u64> {
    let app = rest
        .send(Method::GET, "/oauth2/applications/@me", None)
        .await?;
    app.get("id")
        .and_then(serde_json::Value::as_str)
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or_else(|| anyhow::anyhow!("GET /oauth2/applications/@me gave no application id"))
}

/// Serves the endpoint on `addr` until SIGINT or SIGTERM, then lets requests in flight finish
/// (for up to [`SHUTDOWN_GRACE`]). Also follows the store (`fs_watch`), and registers when asked.
pub async fn serve(
    addr: SocketAddr,
    endpoint: Arc<Endpoint>,
    registration: Option<Registration>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().unwrap_or(addr);
    tracing::info!("HTTP interactions endpoint listening on http://{bound}");
    // Scripts and tests read the bound port (for an ADDR with port 0) from this line.
    super::announce(
        "ready",
        serde_json::json!({"address": format!("http://{bound}"), "registering": registration.is_some()}),
    );
    tokio::spawn(fs_watch::watch(Arc::clone(&endpoint.live)));
    if let Some(r) = registration {
        tokio::spawn(register(r));
    }
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signalled = Arc::clone(&stopping);
    // Answers go out at once, not held back by Nagle's algorithm behind an unacknowledged one.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    let server = axum::serve(listener, router(endpoint)).with_graceful_shutdown(async move {
        super::wait_for_signal().await;
        tracing::info!("shutting down: finishing requests in flight");
        super::announce("stopping", serde_json::json!({}));
        signalled.notify_one();
    });
    let grace = async {
        stopping.notified().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        result = server.into_future() => {
            result.map_err(|e| anyhow::anyhow!("the HTTP endpoint failed: {e}"))
        }
        () = grace => {
            tracing::warn!(grace_secs = SHUTDOWN_GRACE.as_secs(), "requests still in flight after the grace period; exiting");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
