//! Settings for `positions serve` on the gateway, read through `environment::Env` (the
//! environment and a `.env` file). Errors name the variable to set and never echo the token.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::environment::{self, Env, Var};

#[derive(Clone)]
pub struct Settings {
    pub token: String,
    pub guild_id: Option<u64>,
    /// Base URL that replaces https://discord.com for REST calls (a proxy or a local stand-in).
    pub api_base: Option<String>,
    pub data: PathBuf,
    /// A role (id or name) whose members may use /ingest and /retract besides those with the
    /// Manage Server permission, and /follow and /unfollow besides those with Manage Channels.
    pub editor_role: Option<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("token", &"<hidden>")
            .field("guild_id", &self.guild_id)
            .field("api_base", &self.api_base)
            .field("data", &self.data)
            .field("editor_role", &self.editor_role)
            .finish()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error("DISCORD_TOKEN is not set: set it to your bot's token (Discord developer portal → Bot → Token), in the environment or in .env")]
    MissingToken,
    #[error("DISCORD_TOKEN is malformed: a bot token is three dot-separated parts; copy it again from the Discord developer portal")]
    MalformedToken,
    #[error(
        "DISCORD_GUILD_ID must be a numeric guild id (or unset to register commands globally)"
    )]
    BadGuildId,
    #[error("DISCORD_API_BASE must be an http:// or https:// URL such as http://127.0.0.1:8080")]
    BadApiBase,
    #[error("--metrics (or POSITIONS_METRICS_ADDR) must be an address to listen on, such as 0.0.0.0:9100 or 127.0.0.1:9100")]
    BadMetricsAddress,
}

/// Where `GET /metrics` is served for Prometheus, from `--metrics` or else
/// `POSITIONS_METRICS_ADDR` (empty counts as unset); None (the default) serves none.
pub fn metrics_address(flag: Option<&str>, env: &Env) -> Result<Option<SocketAddr>, SettingsError> {
    environment::address(flag, env.get(Var::MetricsAddr))
        .map_err(|_| SettingsError::BadMetricsAddress)
}

/// `DISCORD_API_BASE`: the base URL that replaces https://discord.com, without a trailing slash;
/// None when unset or empty.
pub fn api_base(env: &Env) -> Result<Option<String>, SettingsError> {
    match env
        .get(Var::DiscordApiBase)
        .map(|b| b.trim_end_matches('/').to_string())
        .filter(|b| !b.is_empty())
    {
        Some(b) if b.starts_with("http://") || b.starts_with("https://") => Ok(Some(b)),
        Some(_) => Err(SettingsError::BadApiBase),
        None => Ok(None),
    }
}

/// Where REST calls go when `DISCORD_API_BASE` is not set.
pub const DISCORD_BASE: &str = "https://discord.com";

impl Settings {
    /// Reads the settings through `env` (`Env::process()` in production).
    pub fn from_env(env: &Env, data: PathBuf) -> Result<Settings, SettingsError> {
        let token = env
            .get(Var::DiscordToken)
            .ok_or(SettingsError::MissingToken)?;
        let token = token.strip_prefix("Bot ").unwrap_or(&token).to_string();
        if serenity::utils::token::validate(&token).is_err()
            || token.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(SettingsError::MalformedToken);
        }
        let guild_id = env
            .id(Var::DiscordGuildId)
            .map_err(|_| SettingsError::BadGuildId)?;
        let api_base = api_base(env)?;
        let editor_role = env.get(Var::EditorRole);
        Ok(Settings {
            token,
            guild_id,
            api_base,
            editor_role,
            data,
        })
    }

    /// Where REST calls go.
    pub fn rest_base(&self) -> &str {
        self.api_base.as_deref().unwrap_or(DISCORD_BASE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        Settings::from_env(&Env::from_pairs(vars), PathBuf::from("data"))
    }

    #[test]
    fn token_is_required_and_checked() {
        assert_eq!(with(&[]).unwrap_err(), SettingsError::MissingToken);
        assert_eq!(
            with(&[("DISCORD_TOKEN", "  ")]).unwrap_err(),
            SettingsError::MissingToken
        );
        assert_eq!(
            with(&[("DISCORD_TOKEN", "nodots")]).unwrap_err(),
            SettingsError::MalformedToken
        );
        let s = with(&[("DISCORD_TOKEN", "Bot abc.def.ghi")]).unwrap();
        assert_eq!(s.token, "abc.def.ghi");
        assert!(!format!("{s:?}").contains("abc.def.ghi"));
    }

    #[test]
    fn optional_settings() {
        let t = ("DISCORD_TOKEN", "abc.def.ghi");
        assert_eq!(
            with(&[t, ("DISCORD_GUILD_ID", "x1")]).unwrap_err(),
            SettingsError::BadGuildId
        );
        assert_eq!(
            with(&[t, ("DISCORD_GUILD_ID", "42")]).unwrap().guild_id,
            Some(42)
        );
        assert_eq!(
            with(&[t, ("DISCORD_API_BASE", "ftp://x")]).unwrap_err(),
            SettingsError::BadApiBase
        );
        assert_eq!(
            with(&[t, ("DISCORD_API_BASE", "http://127.0.0.1:9/")])
                .unwrap()
                .rest_base(),
            "http://127.0.0.1:9"
        );
        for e in [
            SettingsError::MissingToken,
            SettingsError::MalformedToken,
            SettingsError::BadMetricsAddress,
        ] {
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn the_metrics_address_is_off_unless_given() {
        let none = Env::from_pairs(&[]);
        let env = Env::from_pairs(&[("POSITIONS_METRICS_ADDR", "0.0.0.0:9100")]);
        assert_eq!(metrics_address(None, &none), Ok(None));
        assert_eq!(
            metrics_address(None, &Env::from_pairs(&[("POSITIONS_METRICS_ADDR", " ")])),
            Ok(None)
        );
        assert_eq!(
            metrics_address(None, &env),
            Ok(Some("0.0.0.0:9100".parse().unwrap()))
        );
        assert_eq!(
            metrics_address(Some("127.0.0.1:0"), &env),
            Ok(Some("127.0.0.1:0".parse().unwrap()))
        );
        assert_eq!(
            metrics_address(Some("localhost:9100"), &none),
            Err(SettingsError::BadMetricsAddress)
        );
    }
}
