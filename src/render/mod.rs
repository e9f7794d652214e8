//! The three renderings of a `Reply`: Discord message model, terminal text, JSON.

pub mod embed;
pub mod escape;
pub mod text;
pub mod words;

/// The reply as pretty JSON (the `--json` output and the HTTP shape).
pub fn json(reply: &crate::answer::reply::Reply) -> String {
    serde_json::to_string_pretty(reply).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
