//! Gateway half of the stand-in: one task per websocket connection speaks Discord's gateway
//! protocol (HELLO, IDENTIFY/READY, RESUME/RESUMED, heartbeat ACKs) and writes the events the
//! test dispatches, each session with its own sequence numbers.

use std::sync::Arc;
use std::time::Instant;

use futures::{SinkExt, StreamExt};
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::{
    payloads, GatewayFrame, IdentifyInfo, Out, ResumeInfo, Session, Shared, State, Target,
    GUILD_ID, PRIVILEGED_INTENTS,
};

pub(super) type Socket = WebSocketStream<TokioIo<Upgraded>>;

/// Serves one gateway connection until either side closes it.
pub(super) async fn run(shared: Arc<Shared>, ws: Socket, query: String) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let conn = {
        let mut st = shared.lock();
        st.next_conn += 1;
        let conn = st.next_conn;
        st.gateway_queries.push(query);
        let hello = json!({
            "op": 10,
            "s": null,
            "t": null,
            "d": {"heartbeat_interval": shared.opts.heartbeat_interval_ms, "_trace": ["positions-standin"]}
        });
        let _ = tx.send(Out::Text(hello.to_string()));
        st.conns.insert(conn, tx);
        conn
    };
    shared.changed.notify_waiters();

    let (mut sink, mut stream) = ws.split();
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(Out::Text(text)) => {
                    if sink.send(Message::Text(text)).await.is_err() {
                        break;
                    }
                },
                Some(Out::Close(code, reason)) => {
                    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                },
                Some(Out::Drop) | None => break,
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => handle_frame(&shared, conn, &text),
                Some(Ok(Message::Binary(bytes))) => handle_frame(&shared, conn, &String::from_utf8_lossy(&bytes)),
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => {},
            },
        }
    }

    {
        let mut st = shared.lock();
        st.conns.remove(&conn);
        for s in st.sessions.values_mut() {
            if s.conn == Some(conn) {
                s.conn = None;
            }
        }
    }
    shared.changed.notify_waiters();
}

fn send(tx: &mpsc::UnboundedSender<Out>, v: Value) {
    let _ = tx.send(Out::Text(v.to_string()));
}

fn handle_frame(shared: &Shared, conn: u64, text: &str) {
    {
        let mut st = shared.lock();
        let Some(tx) = st.conns.get(&conn).cloned() else {
            return;
        };
        let Ok(payload) = serde_json::from_str::<Value>(text) else {
            let _ = tx.send(Out::Close(4002, "Error while decoding payload.".into()));
            return;
        };
        st.frames.push(GatewayFrame {
            connection: conn,
            payload: payload.clone(),
            at: Instant::now(),
        });
        let d = &payload["d"];
        match payload["op"].as_u64() {
            Some(1) => {
                st.heartbeats += 1;
                send(&tx, json!({"op": 11, "s": null, "t": null, "d": null}));
            }
            Some(2) => identify(shared, &mut st, conn, &tx, d),
            Some(6) => resume(&mut st, conn, &tx, d),
            // Presence update, voice state, request guild members, soundboard sounds.
            Some(3 | 4 | 8 | 31) => {}
            _ => {
                let _ = tx.send(Out::Close(4001, "Unknown opcode.".into()));
            }
        }
    }
    shared.changed.notify_waiters();
}

fn shard_of(v: &Value) -> Option<[u32; 2]> {
    let a = v.as_array()?;
    let id = u32::try_from(a.first()?.as_u64()?).ok()?;
    let total = u32::try_from(a.get(1)?.as_u64()?).ok()?;
    Some([id, total])
}

/// Whether Discord routes guild `guild` to `shard` (`None` meaning one shard).
fn routes_to(guild: u64, shard: Option<[u32; 2]>) -> bool {
    let [id, total] = shard.unwrap_or([0, 1]);
    (guild >> 22) % u64::from(total.max(1)) == u64::from(id)
}

fn identify(
    shared: &Shared,
    st: &mut State,
    conn: u64,
    tx: &mpsc::UnboundedSender<Out>,
    d: &Value,
) {
    if st.sessions.values().any(|s| s.conn == Some(conn)) {
        let _ = tx.send(Out::Close(4005, "Already authenticated.".into()));
        return;
    }
    let token = d["token"].as_str().unwrap_or_default().to_string();
    if let Some(expected) = &shared.opts.token {
        if token.trim_start_matches("Bot ") != expected {
            let _ = tx.send(Out::Close(4004, "Authentication failed.".into()));
            return;
        }
    }
    let intents = d["intents"].as_u64().unwrap_or(0);
    if intents & PRIVILEGED_INTENTS & !shared.opts.allowed_privileged_intents != 0 {
        let _ = tx.send(Out::Close(4014, "Disallowed intent(s).".into()));
        return;
    }
    let shard = shard_of(&d["shard"]);
    if shard.is_some_and(|[id, total]| total == 0 || id >= total) {
        let _ = tx.send(Out::Close(4010, "Invalid shard.".into()));
        return;
    }
    st.counter += 1;
    let order = st.counter;
    let session_id = format!("standin-session-{order}");
    let guilds: Vec<u64> = [GUILD_ID]
        .into_iter()
        .filter(|g| routes_to(*g, shard))
        .collect();
    let ready = payloads::ready(&session_id, &shared.ws_url(), shard, &guilds);
    st.sessions.insert(
        session_id.clone(),
        Session {
            id: session_id.clone(),
            order,
            seq: 1,
            shard,
            token: token.clone(),
            intents,
            resumable: true,
            conn: Some(conn),
        },
    );
    send(tx, json!({"op": 0, "s": 1, "t": "READY", "d": ready}));
    st.identifies.push(IdentifyInfo {
        token,
        intents,
        shard,
        session_id,
        compress: d["compress"].as_bool().unwrap_or(false),
        properties: d["properties"].clone(),
        presence: d["presence"].clone(),
        at: Instant::now(),
    });
}

fn resume(st: &mut State, conn: u64, tx: &mpsc::UnboundedSender<Out>, d: &Value) {
    let sid = d["session_id"].as_str().unwrap_or_default();
    let token = d["token"].as_str().unwrap_or_default();
    let State {
        sessions,
        conns,
        resumes,
        ..
    } = st;
    let Some(s) = sessions
        .get_mut(sid)
        .filter(|s| s.resumable && s.token == token)
    else {
        send(tx, json!({"op": 9, "s": null, "t": null, "d": false}));
        return;
    };
    if let Some(old) = s.conn.filter(|old| *old != conn) {
        if let Some(old_tx) = conns.get(&old) {
            let _ = old_tx.send(Out::Drop);
        }
    }
    s.conn = Some(conn);
    s.seq += 1;
    send(
        tx,
        json!({"op": 0, "s": s.seq, "t": "RESUMED", "d": {"_trace": ["positions-standin"]}}),
    );
    resumes.push(ResumeInfo {
        session_id: s.id.clone(),
        seq: d["seq"].as_u64().unwrap_or(0),
        token: token.to_string(),
        shard: s.shard,
        at: Instant::now(),
    });
}

/// Ids of the sessions that have a live connection, oldest first.
pub(super) fn live_sessions(st: &State) -> Vec<String> {
    let mut live: Vec<&Session> = st
        .sessions
        .values()
        .filter(|s| s.conn.is_some_and(|c| st.conns.contains_key(&c)))
        .collect();
    live.sort_by_key(|s| s.order);
    live.into_iter().map(|s| s.id.clone()).collect()
}

/// The live session an event for `target` goes to, if there is one now.
pub(super) fn pick_session(st: &State, target: &Target) -> Option<String> {
    live_sessions(st).into_iter().find(|sid| {
        let shard = st.sessions[sid].shard;
        match target {
            Target::Any => true,
            Target::Shard(n) => shard.unwrap_or([0, 1])[0] == *n,
            Target::Guild(g) => routes_to(*g, shard),
        }
    })
}

/// Writes dispatch `t` with `d` to session `sid` with its next sequence number.
pub(super) fn dispatch(st: &mut State, sid: &str, t: &str, d: Value) -> u64 {
    let State {
        sessions, conns, ..
    } = st;
    let s = sessions.get_mut(sid).expect("picked session exists");
    s.seq += 1;
    if let Some(tx) = s.conn.and_then(|c| conns.get(&c)) {
        send(tx, json!({"op": 0, "s": s.seq, "t": t, "d": d}));
    }
    s.seq
}
