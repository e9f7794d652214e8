//! The thin shell around the core: the Discord gateway and REST, and the HTTP interactions
//! endpoint. It translates events into core calls and core replies into Discord payloads; it
//! holds no business rules. What both surfaces share (the command table, the payloads, the live
//! index, REST, settings, signals) lives here; `discord` and `http` only read it.

pub mod cli;
pub mod commands;
pub mod discord;
pub mod fs_watch;
pub mod http;
pub mod live;
pub mod localized;
pub mod metrics;
pub mod payload;
pub mod people;
pub mod poster;
pub mod rest;
pub mod settings;
pub mod watcher;

pub use settings::{Settings, SettingsError};

/// Says on stdout, as one line of JSON, what the server has just done: `ready` (with the
/// address it listens on), `reloaded` (with the size of the new index), `polled` (what a
/// `serve --watch` poll did), `stopping`. Scripts and tests read these; the human log stays on
/// stderr.
pub fn announce(event: &str, details: serde_json::Value) {
    let mut line = serde_json::Map::new();
    line.insert("event".into(), event.into());
    if let serde_json::Value::Object(fields) = details {
        line.extend(fields);
    }
    println!("{}", serde_json::Value::Object(line));
}

/// Interaction tokens are secrets for 15 minutes (and the bot token for ever): every error text
/// that may hold one goes through here before it is logged.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        text.to_string()
    } else {
        text.replace(secret, "<token>")
    }
}

/// Resolves on SIGINT or SIGTERM (Ctrl-C elsewhere).
pub async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
