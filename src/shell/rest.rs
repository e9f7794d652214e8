//! The bot's own REST calls (replies, command registration): JSON over reqwest, with a 429
//! answered by waiting `retry_after` and sending again, so each reply is delivered exactly once.
//! serenity's ratelimiter is off when a base URL is set, so this is where rate limits are kept.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;

/// Tries of one request when Discord keeps answering 429.
const MAX_TRIES: usize = 5;
/// The longest wait for a 429 the bot accepts before giving up on that request.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum RestError {
    #[error("{method} {path}: HTTP {status}: {body}")]
    Status {
        method: Method,
        path: String,
        status: StatusCode,
        body: String,
    },
    #[error("{method} {path}: still rate limited after {MAX_TRIES} tries")]
    RateLimited { method: Method, path: String },
    #[error("{method} {path}: {source}")]
    Transport {
        method: Method,
        path: String,
        #[source]
        source: reqwest::Error,
    },
}

/// Requests in flight at once. Above this, replies wait for a connection of the pool instead of
/// each opening its own (over TLS to Discord, a handshake each): a burst of a thousand
/// interactions then reuses a few dozen warm connections.
const MAX_IN_FLIGHT: usize = 64;

/// A file sent with a message (the timeline's chart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Clone)]
pub struct Rest {
    client: reqwest::Client,
    base: String,
    token: String,
    in_flight: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Rest {
    /// A client for `base` (https://discord.com, a proxy or a stand-in) that signs requests with
    /// the bot token `token`. An empty token sends no `Authorization`: the interaction webhook
    /// routes carry their token in the path, and the HTTP endpoint may run without a bot token.
    pub fn new(base: &str, token: &str) -> Rest {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .tcp_nodelay(true)
            .user_agent("DiscordBot (https://github.com/positions, 0.1) positions")
            .build()
            .unwrap_or_default();
        Rest {
            client,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            in_flight: std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT)),
        }
    }

    /// Sends a JSON request to `/api/v10{path}`; returns the JSON answer (Null for 204).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        self.send_with_files(method, path, body, &[]).await
    }

    /// Sends a request with files: multipart, the JSON as `payload_json` and each file as
    /// `files[n]` (the body's `attachments` names them by `n`). Without files, plain JSON.
    pub async fn send_with_files(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        files: &[Upload],
    ) -> Result<Value, RestError> {
        let url = format!("{}/api/v10{path}", self.base);
        for attempt in 1..=MAX_TRIES {
            let mut req = self.client.request(method.clone(), &url);
            if !self.token.is_empty() {
                req = req.header("Authorization", format!("Bot {}", self.token));
            }
            if !files.is_empty() {
                let mut form = reqwest::multipart::Form::new().text(
                    "payload_json",
                    body.map_or_else(|| "{}".to_string(), Value::to_string),
                );
                for (n, f) in files.iter().enumerate() {
                    let part = reqwest::multipart::Part::bytes(f.bytes.clone())
                        .file_name(f.filename.clone())
                        .mime_str(f.content_type)
                        .map_err(|source| RestError::Transport {
                            method: method.clone(),
                            path: path.to_string(),
                            source,
                        })?;
                    form = form.part(format!("files[{n}]"), part);
                }
                req = req.multipart(form);
            } else if let Some(b) = body {
                req = req.json(b);
            }
            let permit = self.in_flight.acquire().await.ok();
            let res = req.send().await.map_err(|source| RestError::Transport {
                method: method.clone(),
                path: path.to_string(),
                source,
            })?;
            let status = res.status();
            if status == StatusCode::TOO_MANY_REQUESTS {
                let header = res
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<f64>().ok());
                let text = res.text().await.unwrap_or_default();
                let from_body = serde_json::from_str::<Value>(&text)
                    .ok()
                    .and_then(|v| v.get("retry_after").and_then(Value::as_f64));
                drop(permit);
                let wait = retry_wait(from_body.or(header));
                tracing::warn!(%method, path, attempt, wait_ms = wait.as_millis() as u64, "rate limited; retrying");
                if wait > MAX_RETRY_AFTER {
                    break;
                }
                tokio::time::sleep(wait).await;
                continue;
            }
            let text = res.text().await.unwrap_or_default();
            drop(permit);
            if !status.is_success() {
                return Err(RestError::Status {
                    method,
                    path: path.to_string(),
                    status,
                    body: text.chars().take(300).collect(),
                });
            }
            return Ok(if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap_or(Value::Null)
            });
        }
        Err(RestError::RateLimited {
            method,
            path: path.to_string(),
        })
    }
}

/// How long to wait for a 429's `retry_after` (seconds, fractional); a small default when absent.
pub fn retry_wait(retry_after: Option<f64>) -> Duration {
    match retry_after {
        Some(s) if s.is_finite() && s >= 0.0 => Duration::from_secs_f64(s.min(3600.0)),
        _ => Duration::from_millis(500),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_follow_retry_after() {
        assert_eq!(retry_wait(Some(0.25)), Duration::from_millis(250));
        assert_eq!(retry_wait(None), Duration::from_millis(500));
        assert_eq!(retry_wait(Some(f64::NAN)), Duration::from_millis(500));
        assert_eq!(retry_wait(Some(-1.0)), Duration::from_millis(500));
    }
}

/// Why a file could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("the file is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the file could not be downloaded (HTTP {0})")]
    Status(StatusCode),
    #[error("the file could not be downloaded: {0}")]
    Transport(#[from] reqwest::Error),
}

impl Rest {
    /// Downloads a file (an attachment URL), refusing more than `max` bytes.
    pub async fn fetch(&self, url: &str, max: usize) -> Result<Vec<u8>, FetchError> {
        let mut res = self.client.get(url).send().await?;
        if !res.status().is_success() {
            return Err(FetchError::Status(res.status()));
        }
        if res.content_length().is_some_and(|n| n > max as u64) {
            return Err(FetchError::TooLarge(max));
        }
        let mut out = Vec::new();
        while let Some(chunk) = res.chunk().await? {
            if out.len() + chunk.len() > max {
                return Err(FetchError::TooLarge(max));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}
