//! How the fetcher behaves (timeouts, sizes, pauses, retries, the addresses it may reach), by
//! default and as `POSITIONS_FETCH_*` change it.

use std::time::Duration;

use super::{Allow, USER_AGENT};
use crate::environment::{Env, Var};

/// How the fetcher behaves; `Settings::default()` is what the issue asks for.
#[derive(Debug, Clone)]
pub struct Settings {
    pub allow: Allow,
    pub connect_timeout: Duration,
    /// The whole request, body included.
    pub timeout: Duration,
    pub max_redirects: usize,
    pub max_bytes: usize,
    /// The least time between two requests to one host.
    pub pause: Duration,
    /// Further tries after a 429 or 5xx.
    pub retries: u32,
    /// The first wait before a retry when the server gives no Retry-After; doubled each time.
    pub retry_base: Duration,
    /// A Retry-After longer than this is not waited for: the fetch fails instead.
    pub max_retry_wait: Duration,
    pub user_agent: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            allow: Allow::default(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(20),
            max_redirects: 5,
            max_bytes: 5 * 1024 * 1024,
            pause: Duration::from_secs(1),
            retries: 3,
            retry_base: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            user_agent: USER_AGENT.to_string(),
        }
    }
}

impl Settings {
    /// Defaults, changed by `POSITIONS_FETCH_ALLOW`, `POSITIONS_FETCH_PAUSE_MS` and
    /// `POSITIONS_FETCH_TIMEOUT` (seconds, the whole request).
    pub fn from_env(env: &Env) -> Result<Settings, String> {
        let mut s = Settings::default();
        if let Some(list) = env.get(Var::FetchAllow) {
            s.allow = Allow::parse(&list).map_err(|e| e.to_string())?;
        }
        let number = |var: Var| {
            env.number::<u64>(var)
                .map_err(|v| format!("{}: `{v}` is not a whole number", var.name()))
        };
        if let Some(ms) = number(Var::FetchPauseMs)? {
            s.pause = Duration::from_millis(ms);
        }
        if let Some(secs) = number(Var::FetchTimeout)? {
            s.timeout = Duration::from_secs(secs.max(1));
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_variables() {
        let s = Settings::from_env(&Env::from_pairs(&[
            ("POSITIONS_FETCH_ALLOW", "127.0.0.1"),
            ("POSITIONS_FETCH_PAUSE_MS", "0"),
        ]))
        .unwrap();
        assert_eq!(s.pause, Duration::ZERO);
        assert!(s.allow.address("127.0.0.1".parse().unwrap()));
        assert_eq!(s.timeout, Duration::from_secs(20));
        let err =
            Settings::from_env(&Env::from_pairs(&[("POSITIONS_FETCH_TIMEOUT", "x")])).unwrap_err();
        assert!(err.contains("POSITIONS_FETCH_TIMEOUT"), "{err}");
    }
}
