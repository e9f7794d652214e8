//! REST half of the stand-in: accepts connections, hands websocket upgrades to the gateway,
//! answers /api/v10 routes like Discord (recording every request, answering queued failures,
//! refusing bodies over Discord's limits) and serves files a test put up.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{
    AUTHORIZATION, CONNECTION, CONTENT_TYPE, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, UPGRADE,
};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::WebSocketStream;

use super::payloads::{self, MessageCtx};
use super::{gateway, limits, Failure, Recorded, Shared, State, UploadedFile, APP_ID};

/// Accepts connections until the stand-in is dropped.
pub(super) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let stream = match listener.accept().await {
            // As Discord's servers do: no Nagle delay on small frames (a dispatch written while
            // the bot delays its ACK would otherwise wait 40 ms).
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                stream
            }
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(Arc::clone(&shared), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        });
    }
}

/// A request as the routes see it.
struct Call {
    method: String,
    path: String,
    authorization: Option<String>,
    body: Value,
    files: Vec<UploadedFile>,
}

/// What the stand-in answers.
struct Reply {
    status: u16,
    json: Value,
    bytes: Option<(Vec<u8>, String)>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, json: Value) -> Reply {
        Reply {
            status,
            json,
            bytes: None,
            headers: Vec::new(),
        }
    }

    fn empty(status: u16) -> Reply {
        Reply::json(status, Value::Null)
    }

    fn error(status: u16, code: u32, message: &str) -> Reply {
        Reply::json(status, payloads::error_body(code, message))
    }

    fn not_found() -> Reply {
        Reply::error(404, 0, "404: Not Found")
    }

    fn into_response(self) -> Response<Full<Bytes>> {
        let mut builder = Response::builder()
            .status(StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        for (k, v) in self.headers {
            builder = builder.header(k, v);
        }
        let body = if let Some((bytes, content_type)) = self.bytes {
            builder = builder.header(CONTENT_TYPE, content_type);
            Bytes::from(bytes)
        } else if self.json.is_null() {
            Bytes::new()
        } else {
            builder = builder.header(CONTENT_TYPE, "application/json");
            Bytes::from(self.json.to_string())
        };
        builder.body(Full::new(body)).expect("valid response")
    }
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let is_upgrade = req
        .headers()
        .get(UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if is_upgrade {
        return Ok(upgrade(shared, req));
    }
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let authorization = header(AUTHORIZATION);
    let content_type = header(CONTENT_TYPE);
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let raw = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    let at = Instant::now();
    let (body, files) = parse_body(content_type.as_deref(), &raw);
    let call = Call {
        method,
        path,
        authorization,
        body,
        files,
    };
    let reply = {
        let mut st = shared.lock();
        let reply = take_failure(&mut st, &call)
            .or_else(|| refused_channel(&st, &call))
            .unwrap_or_else(|| route(&shared, &mut st, &call));
        st.recorded.push(Recorded {
            method: call.method,
            path: call.path,
            query,
            authorization: call.authorization,
            content_type,
            body: call.body,
            raw_body: raw,
            files: call.files,
            status: reply.status,
            response: reply.json.clone(),
            at,
        });
        reply
    };
    shared.changed.notify_waiters();
    Ok(reply.into_response())
}

/// Answers a websocket upgrade and hands the socket to the gateway.
fn upgrade(shared: Arc<Shared>, mut req: Request<Incoming>) -> Response<Full<Bytes>> {
    let Some(accept) = req
        .headers()
        .get(SEC_WEBSOCKET_KEY)
        .map(|k| derive_accept_key(k.as_bytes()))
    else {
        return Reply::error(400, 0, "missing Sec-WebSocket-Key").into_response();
    };
    let query = req.uri().query().unwrap_or_default().to_string();
    let on_upgrade = hyper::upgrade::on(&mut req);
    tokio::spawn(async move {
        if let Ok(upgraded) = on_upgrade.await {
            let ws =
                WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await;
            gateway::run(shared, ws, query).await;
        }
    });
    Response::builder()
        .status(StatusCode::SWITCHING_PROTOCOLS)
        .header(UPGRADE, "websocket")
        .header(CONNECTION, "Upgrade")
        .header(SEC_WEBSOCKET_ACCEPT, accept)
        .body(Full::new(Bytes::new()))
        .expect("valid upgrade response")
}

/// Reads a failure pattern: `"METHOD /prefix"`, `"/prefix"` or `"METHOD"`; a prefix not under
/// `/api/` is taken under `/api/v10`.
pub(super) fn parse_pattern(pattern: &str) -> (Option<String>, String) {
    let pattern = pattern.trim();
    let is_method = |m: &str| !m.is_empty() && m.chars().all(|c| c.is_ascii_uppercase());
    let (method, path) = match pattern.split_once(' ') {
        Some((m, rest)) if is_method(m) => (Some(m.to_string()), rest.trim()),
        None if is_method(pattern) => (Some(pattern.to_string()), "/"),
        _ => (None, pattern),
    };
    let path = if path.starts_with("/api/") || path == "/" {
        path.to_string()
    } else {
        format!("/api/v10/{}", path.trim_start_matches('/'))
    };
    (method, path)
}

/// Whether `path` is `/api/v10/channels/{id}/messages`.
pub(super) fn is_channel_messages(path: &str) -> bool {
    let segs: Vec<&str> = path.split('/').collect();
    matches!(
        segs.as_slice(),
        ["", "api", "v10", "channels", _, "messages"]
    )
}

/// Discord's answer to a message posted in a channel set with `StandIn::refuse_channel`: 403
/// "Missing Permissions" (50013) or 404 "Unknown Channel" (10003), every time.
fn refused_channel(st: &State, call: &Call) -> Option<Reply> {
    if call.method != "POST" || !is_channel_messages(&call.path) {
        return None;
    }
    let channel = call.path.split('/').nth(4)?;
    Some(match st.refused_channels.get(channel)? {
        404 => Reply::error(404, 10003, "Unknown Channel"),
        status => Reply::error(*status, 50013, "Missing Permissions"),
    })
}

fn take_failure(st: &mut State, call: &Call) -> Option<Reply> {
    let i = st.failures.iter().position(|f| {
        f.method.as_ref().is_none_or(|m| *m == call.method) && call.path.starts_with(&f.prefix)
    })?;
    let f: Failure = st.failures.remove(i);
    Some(match f.status {
        429 => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0);
            let mut r = Reply::json(
                429,
                json!({"message": "You are being rate limited.", "retry_after": f.retry_after, "global": false}),
            );
            r.headers = vec![
                (
                    "retry-after",
                    format!("{}", f.retry_after.ceil().max(1.0) as u64),
                ),
                ("x-ratelimit-limit", "5".into()),
                ("x-ratelimit-remaining", "0".into()),
                ("x-ratelimit-reset", format!("{:.3}", now + f.retry_after)),
                ("x-ratelimit-reset-after", format!("{:.3}", f.retry_after)),
                ("x-ratelimit-bucket", "positions-standin-bucket".into()),
                ("x-ratelimit-scope", "user".into()),
            ];
            r
        }
        500 => Reply::error(500, 0, "500: Internal Server Error"),
        status => Reply::error(status, 0, &format!("{status}: stand-in failure")),
    })
}

fn route(shared: &Shared, st: &mut State, call: &Call) -> Reply {
    if call.method == "GET" {
        if let Some((bytes, content_type)) = st.files.get(&call.path) {
            let mut r = Reply::empty(200);
            r.bytes = Some((bytes.clone(), content_type.clone()));
            return r;
        }
    }
    let Some(rest) = call.path.strip_prefix("/api/v10/") else {
        return Reply::not_found();
    };
    let segs: Vec<&str> = rest.split('/').collect();
    // The gateway URL and the interaction webhooks (token in the path) need no bot token.
    let open = matches!(
        segs.as_slice(),
        ["gateway"] | ["interactions", ..] | ["webhooks", ..]
    );
    if let (Some(expected), false) = (&shared.opts.token, open) {
        if call.authorization.as_deref() != Some(format!("Bot {expected}").as_str()) {
            return Reply::error(401, 0, "401: Unauthorized");
        }
    }
    match (call.method.as_str(), segs.as_slice()) {
        ("GET", ["gateway"]) => Reply::json(200, json!({"url": shared.ws_url()})),
        ("GET", ["gateway", "bot"]) => Reply::json(
            200,
            json!({
                "url": shared.ws_url(),
                "shards": shared.opts.shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1
                }
            }),
        ),
        ("GET", ["users", "@me"]) => Reply::json(200, payloads::bot_user()),
        ("GET", ["oauth2", "applications", "@me"] | ["applications", "@me"]) => {
            Reply::json(200, payloads::application())
        }
        (m, ["applications", app, "commands"]) => commands(shared, st, m, app, None, call),
        (m, ["applications", app, "guilds", guild, "commands"]) => {
            commands(shared, st, m, app, Some(guild), call)
        }
        ("POST", ["interactions", id, token, "callback"]) => callback(shared, st, id, token, call),
        ("POST", ["channels", channel, "messages"]) => {
            create_channel_message(shared, st, channel, call)
        }
        (m, ["channels", _, "messages", message]) => existing_message(shared, st, m, message, call),
        ("POST", ["channels", _, "typing"]) => Reply::empty(204),
        ("POST", ["webhooks", app, token]) => followup(shared, st, app, token, call),
        (m, ["webhooks", app, token, "messages", message]) => {
            webhook_message(shared, st, m, app, token, message, call)
        }
        _ => Reply::not_found(),
    }
}

// ----- commands --------------------------------------------------------------------------

fn commands(
    shared: &Shared,
    st: &mut State,
    method: &str,
    app: &str,
    guild: Option<&str>,
    call: &Call,
) -> Reply {
    let enforce = shared.opts.enforce_limits;
    if *app != APP_ID.to_string() {
        return Reply::error(404, 10002, "Unknown Application");
    }
    let scope = |c: &Value| c.get("guild_id").and_then(Value::as_str) == guild;
    match method {
        "GET" => Reply::json(
            200,
            Value::Array(st.commands.iter().filter(|c| scope(c)).cloned().collect()),
        ),
        "PUT" => {
            let Some(list) = call.body.as_array() else {
                return Reply::error(400, 50109, "The request body contains invalid JSON.");
            };
            if let Some(err) = limits::check_commands(list, true).filter(|_| enforce) {
                return Reply::json(400, err);
            }
            let made: Vec<Value> = list
                .iter()
                .map(|c| complete_command(st, c, guild))
                .collect();
            st.commands.retain(|c| !scope(c));
            st.commands.extend(made.iter().cloned());
            Reply::json(200, Value::Array(made))
        }
        "POST" => {
            let problem = limits::check_commands(std::slice::from_ref(&call.body), false);
            if let Some(err) = problem.filter(|_| enforce) {
                return Reply::json(400, err);
            }
            let made = complete_command(st, &call.body, guild);
            st.commands
                .retain(|c| !(scope(c) && c["name"] == made["name"]));
            st.commands.push(made.clone());
            Reply::json(201, made)
        }
        _ => Reply::not_found(),
    }
}

/// The command Discord answers for a registered command body.
fn complete_command(st: &mut State, body: &Value, guild: Option<&str>) -> Value {
    let mut c = body.clone();
    let id = st.next_id();
    let defaults = [
        ("id", json!(id)),
        ("application_id", json!(APP_ID.to_string())),
        ("version", json!(id)),
        ("type", json!(1)),
        ("description", json!("")),
        ("default_member_permissions", Value::Null),
        ("nsfw", json!(false)),
        ("options", json!([])),
    ];
    if let Some(obj) = c.as_object_mut() {
        for (k, v) in defaults {
            if k == "id"
                || k == "version"
                || k == "application_id"
                || obj.get(k).is_none_or(Value::is_null)
            {
                obj.insert(k.to_string(), v);
            }
        }
        match guild {
            Some(g) => {
                obj.insert("guild_id".into(), json!(g));
            }
            None => {
                obj.entry("dm_permission").or_insert(json!(true));
                obj.entry("integration_types").or_insert(json!([0]));
                obj.entry("contexts").or_insert(Value::Null);
            }
        }
    }
    c
}

// ----- interactions ----------------------------------------------------------------------

fn callback(shared: &Shared, st: &mut State, id: &str, token: &str, call: &Call) -> Reply {
    let Some(inter) = st.interactions.get(id) else {
        return Reply::error(404, 10062, "Unknown interaction");
    };
    if inter.token != token {
        return Reply::error(401, 50027, "Invalid Webhook Token");
    }
    if inter.acked {
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    if inter.sent_at.elapsed() > shared.opts.interaction_deadline {
        return Reply::error(404, 10062, "Unknown interaction");
    }
    let inter_kind = inter.kind;
    let kind = call.body["type"].as_u64().unwrap_or(0);
    let allowed: &[u64] = match inter_kind {
        2 => &[4, 5, 9],
        3 => &[4, 5, 6, 7, 9],
        4 => &[8],
        5 => &[4, 5, 6, 7],
        _ => &[1],
    };
    if !allowed.contains(&kind) {
        let msg = format!(
            "Interaction response type {kind} is not valid for an interaction of type {inter_kind}"
        );
        return Reply::error(400, 50035, &msg);
    }
    let data = call.body.get("data").cloned().unwrap_or(Value::Null);
    if shared.opts.enforce_limits {
        let problem = match kind {
            4 => limits::check_message(&data, "data.", true, !call.files.is_empty()),
            7 => limits::check_message(&data, "data.", false, !call.files.is_empty()),
            8 => limits::check_choices(&data),
            _ => None,
        };
        if let Some(err) = problem {
            return Reply::json(400, err);
        }
    }

    let (channel_id, guild_id, message_id) = (
        inter.channel_id.clone(),
        inter.guild_id.clone(),
        inter.message_id.clone(),
    );
    let mut original = None;
    match kind {
        4 | 5 => {
            let mid = st.next_id();
            let attachments = attachments(shared, st, &channel_id, &call.files);
            let ctx = MessageCtx {
                id: mid.clone(),
                channel_id,
                guild_id,
                kind: if inter_kind == 2 { 20 } else { 0 },
                interaction_metadata: Some(payloads::interaction_metadata(
                    id,
                    inter_kind as u8,
                    message_id.as_deref(),
                )),
                attachments,
            };
            let mut message =
                payloads::message_from_body(ctx, if kind == 4 { &data } else { &Value::Null });
            if kind == 5 {
                let flags = data["flags"].as_u64().unwrap_or(0) | 128;
                message["flags"] = json!(flags);
            }
            st.store_message(message);
            original = Some(mid);
        }
        7 => {
            if let Some(m) = message_id.as_ref().and_then(|mid| st.messages.get_mut(mid)) {
                payloads::apply_body(m, &data);
                m["edited_timestamp"] = json!(payloads::now_timestamp());
            }
        }
        _ => {}
    }
    if let Some(inter) = st.interactions.get_mut(id) {
        inter.acked = true;
        if original.is_some() {
            inter.original = original;
        }
    }
    Reply::empty(204)
}

/// Takes an HTTP interactions endpoint's response to interaction `id` (the body it answered the
/// POST with) as Discord takes a callback; returns the status the callback would have got.
pub(super) fn http_response(shared: &Shared, st: &mut State, id: &str, body: &Value) -> u16 {
    let Some(token) = st.interactions.get(id).map(|i| i.token.clone()) else {
        return 404;
    };
    let call = Call {
        method: "POST".into(),
        path: format!("/api/v10/interactions/{id}/{token}/callback"),
        authorization: None,
        body: body.clone(),
        files: Vec::new(),
    };
    callback(shared, st, id, &token, &call).status
}

/// The id of the interaction whose webhook token is `token`, if `app` is the application.
fn interaction_by_token(st: &State, app: &str, token: &str) -> Result<String, Reply> {
    if *app != APP_ID.to_string() {
        return Err(Reply::error(404, 10015, "Unknown Webhook"));
    }
    let Some((id, inter)) = st.interactions.iter().find(|(_, i)| i.token == token) else {
        return Err(Reply::error(401, 50027, "Invalid Webhook Token"));
    };
    if !inter.acked {
        return Err(Reply::error(404, 10015, "Unknown Webhook"));
    }
    Ok(id.clone())
}

fn followup(shared: &Shared, st: &mut State, app: &str, token: &str, call: &Call) -> Reply {
    let id = match interaction_by_token(st, app, token) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    if shared.opts.enforce_limits {
        if let Some(err) = limits::check_message(&call.body, "", true, !call.files.is_empty()) {
            return Reply::json(400, err);
        }
    }
    let inter = &st.interactions[&id];
    let (channel_id, guild_id, kind, message_id) = (
        inter.channel_id.clone(),
        inter.guild_id.clone(),
        inter.kind,
        inter.message_id.clone(),
    );
    let mid = st.next_id();
    let attachments = attachments(shared, st, &channel_id, &call.files);
    let ctx = MessageCtx {
        id: mid,
        channel_id,
        guild_id,
        kind: if kind == 2 { 20 } else { 0 },
        interaction_metadata: Some(payloads::interaction_metadata(
            &id,
            kind as u8,
            message_id.as_deref(),
        )),
        attachments,
    };
    let message = payloads::message_from_body(ctx, &call.body);
    st.store_message(message.clone());
    Reply::json(200, message)
}

fn webhook_message(
    shared: &Shared,
    st: &mut State,
    method: &str,
    app: &str,
    token: &str,
    message: &str,
    call: &Call,
) -> Reply {
    let id = match interaction_by_token(st, app, token) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let mid = if message == "@original" {
        match st.interactions[&id].original.clone() {
            Some(mid) => mid,
            None => return Reply::error(404, 10008, "Unknown Message"),
        }
    } else {
        message.to_string()
    };
    existing_message(shared, st, method, &mid, call)
}

// ----- messages --------------------------------------------------------------------------

/// Attachment objects for uploaded files, each served at a URL on the stand-in.
fn attachments(
    shared: &Shared,
    st: &mut State,
    channel_id: &str,
    files: &[UploadedFile],
) -> Vec<Value> {
    let mut out = Vec::new();
    for f in files {
        let id = st.next_id();
        let path = format!("/attachments/{channel_id}/{id}/{}", f.filename);
        let content_type = f
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into());
        st.files
            .insert(path.clone(), (f.bytes.clone(), content_type.clone()));
        let url = format!("{}{path}", shared.base_url());
        out.push(json!({
            "id": id,
            "filename": f.filename,
            "size": f.bytes.len(),
            "url": url,
            "proxy_url": url,
            "content_type": content_type
        }));
    }
    out
}

fn create_channel_message(shared: &Shared, st: &mut State, channel: &str, call: &Call) -> Reply {
    if channel.parse::<u64>().is_err() {
        return Reply::error(404, 10003, "Unknown Channel");
    }
    if shared.opts.enforce_limits {
        if let Some(err) = limits::check_message(&call.body, "", true, !call.files.is_empty()) {
            return Reply::json(400, err);
        }
    }
    let id = st.next_id();
    let attachments = attachments(shared, st, channel, &call.files);
    let ctx = MessageCtx {
        id,
        channel_id: channel.to_string(),
        guild_id: None,
        kind: 0,
        interaction_metadata: None,
        attachments,
    };
    let message = payloads::message_from_body(ctx, &call.body);
    st.store_message(message.clone());
    Reply::json(200, message)
}

/// GET, PATCH or DELETE of a message the bot created.
fn existing_message(shared: &Shared, st: &mut State, method: &str, id: &str, call: &Call) -> Reply {
    if !st.messages.contains_key(id) {
        return Reply::error(404, 10008, "Unknown Message");
    }
    match method {
        "GET" => Reply::json(200, st.messages[id].clone()),
        "PATCH" => {
            let problem = limits::check_message(&call.body, "", false, !call.files.is_empty());
            if let Some(err) = problem.filter(|_| shared.opts.enforce_limits) {
                return Reply::json(400, err);
            }
            let channel_id = st.messages[id]["channel_id"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let added = attachments(shared, st, &channel_id, &call.files);
            let m = st.messages.get_mut(id).expect("checked above");
            payloads::apply_body(m, &call.body);
            // `attachments` in an edit lists the old ones to keep; new uploads are added.
            if let Some(keep) = call.body.get("attachments").and_then(Value::as_array) {
                let kept: Vec<Value> = m["attachments"]
                    .as_array()
                    .map(|old| {
                        old.iter()
                            .filter(|a| keep.iter().any(|k| k["id"] == a["id"]))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                m["attachments"] = json!(kept);
            }
            if let Some(list) = m["attachments"].as_array_mut() {
                list.extend(added);
            }
            m["edited_timestamp"] = json!(payloads::now_timestamp());
            // Editing a deferred response ends its "thinking..." state.
            if let Some(flags) = m["flags"].as_u64() {
                m["flags"] = json!(flags & !128);
            }
            Reply::json(200, m.clone())
        }
        "DELETE" => {
            st.messages.remove(id);
            Reply::empty(204)
        }
        _ => Reply::not_found(),
    }
}

// ----- bodies ----------------------------------------------------------------------------

/// The JSON body of a request and its uploaded files (multipart: `payload_json` and
/// `files[n]` parts).
fn parse_body(content_type: Option<&str>, raw: &[u8]) -> (Value, Vec<UploadedFile>) {
    if raw.is_empty() {
        return (Value::Null, Vec::new());
    }
    if let Some(boundary) = content_type.and_then(multipart_boundary) {
        return parse_multipart(&boundary, raw);
    }
    (
        serde_json::from_slice(raw).unwrap_or(Value::Null),
        Vec::new(),
    )
}

fn multipart_boundary(content_type: &str) -> Option<String> {
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return None;
    }
    content_type.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary")
            .then(|| v.trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn parse_multipart(boundary: &str, raw: &[u8]) -> (Value, Vec<UploadedFile>) {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut body = Value::Null;
    let mut fields = serde_json::Map::new();
    let mut files = Vec::new();
    let Some(mut pos) = find(raw, &delimiter, 0) else {
        return (Value::Null, files);
    };
    loop {
        let start = pos + delimiter.len();
        if raw[start..].starts_with(b"--") {
            break;
        }
        let Some(next) = find(raw, &delimiter, start) else {
            break;
        };
        let part = &raw[start..next];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        if let Some(split) = find(part, b"\r\n\r\n", 0) {
            let headers = String::from_utf8_lossy(&part[..split]).to_string();
            let content = &part[split + 4..];
            let mut name = String::new();
            let mut filename = None;
            let mut content_type = None;
            for line in headers.lines() {
                let Some((k, v)) = line.split_once(':') else {
                    continue;
                };
                if k.trim().eq_ignore_ascii_case("content-type") {
                    content_type = Some(v.trim().to_string());
                } else if k.trim().eq_ignore_ascii_case("content-disposition") {
                    for param in v.split(';') {
                        if let Some((pk, pv)) = param.trim().split_once('=') {
                            let pv = pv.trim().trim_matches('"').to_string();
                            match pk.trim() {
                                "name" => name = pv,
                                "filename" => filename = Some(pv),
                                _ => {}
                            }
                        }
                    }
                }
            }
            if let Some(filename) = filename {
                files.push(UploadedFile {
                    field: name,
                    filename,
                    content_type,
                    bytes: content.to_vec(),
                });
            } else if name == "payload_json" {
                body = serde_json::from_slice(content).unwrap_or(Value::Null);
            } else {
                fields.insert(name, json!(String::from_utf8_lossy(content)));
            }
        }
        pos = next;
    }
    if body.is_null() && !fields.is_empty() {
        body = Value::Object(fields);
    }
    (body, files)
}
