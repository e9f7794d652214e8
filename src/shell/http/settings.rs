//! Settings of the HTTP interactions endpoint, read through `environment::Env` (the environment
//! and `.env`): the application's public key, and optionally its id. Errors name the variable and
//! say what to do.

use std::net::SocketAddr;

use crate::environment::{self, Env, Var};

/// What the endpoint needs beyond the gateway's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSettings {
    /// The application's Ed25519 public key (`DISCORD_PUBLIC_KEY`, 64 hex digits).
    pub public_key: [u8; 32],
    /// `DISCORD_APPLICATION_ID`, for command registration; else asked of Discord.
    pub application_id: Option<u64>,
    /// `POSITIONS_HTTP_CACHE`: how many replies are kept for the index in force (0: none).
    pub answer_cache: usize,
    /// `DISCORD_API_BASE`: where the edits that carry a reply's files go (else Discord).
    pub api_base: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EndpointSettingsError {
    #[error("DISCORD_PUBLIC_KEY is not set: the HTTP endpoint needs your application's public key (Discord developer portal → General Information → Public Key), in the environment or in .env")]
    MissingPublicKey,
    #[error("DISCORD_PUBLIC_KEY is malformed: it is 64 hex digits; copy it again from the Discord developer portal (General Information → Public Key)")]
    MalformedPublicKey,
    #[error(
        "DISCORD_APPLICATION_ID must be a numeric application id (or unset to ask Discord for it)"
    )]
    BadApplicationId,
    #[error("POSITIONS_HTTP_CACHE must be how many replies to keep, such as 4096 (0 keeps none)")]
    BadAnswerCache,
    #[error(transparent)]
    ApiBase(#[from] crate::shell::SettingsError),
    #[error("--http (or POSITIONS_HTTP_ADDR) must be an address to listen on, such as 0.0.0.0:8080 or 127.0.0.1:8080")]
    BadAddress,
}

impl EndpointSettings {
    /// Reads the settings through `env` (`Env::process()` in production).
    pub fn from_env(env: &Env) -> Result<EndpointSettings, EndpointSettingsError> {
        let key = env
            .get(Var::DiscordPublicKey)
            .ok_or(EndpointSettingsError::MissingPublicKey)?;
        let public_key = parse_public_key(&key)?;
        let application_id = env
            .id(Var::DiscordApplicationId)
            .map_err(|_| EndpointSettingsError::BadApplicationId)?;
        let answer_cache = env
            .number::<usize>(Var::HttpCache)
            .map_err(|_| EndpointSettingsError::BadAnswerCache)?
            .unwrap_or(super::cache::DEFAULT_ENTRIES);
        let api_base = crate::shell::settings::api_base(env)?;
        Ok(EndpointSettings {
            public_key,
            application_id,
            answer_cache,
            api_base,
        })
    }

    /// Where REST calls go.
    pub fn rest_base(&self) -> &str {
        self.api_base
            .as_deref()
            .unwrap_or(crate::shell::settings::DISCORD_BASE)
    }
}

/// 64 hex digits that make a valid Ed25519 public key.
pub fn parse_public_key(digits: &str) -> Result<[u8; 32], EndpointSettingsError> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(digits, &mut key)
        .map_err(|_| EndpointSettingsError::MalformedPublicKey)?;
    // Not every 32 bytes are a point on the curve: check now rather than at the first request.
    serenity::interactions_endpoint::Verifier::try_new(key)
        .map_err(|_| EndpointSettingsError::MalformedPublicKey)?;
    Ok(key)
}

/// The address to listen on, from `--http` or else `POSITIONS_HTTP_ADDR` (empty counts as unset).
pub fn listen_address(
    flag: Option<&str>,
    env: &Env,
) -> Result<Option<SocketAddr>, EndpointSettingsError> {
    environment::address(flag, env.get(Var::HttpAddr))
        .map_err(|_| EndpointSettingsError::BadAddress)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key from serenity's own documentation example.
    const KEY: &str = "67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089";

    fn with(vars: &[(&str, &str)]) -> Result<EndpointSettings, EndpointSettingsError> {
        EndpointSettings::from_env(&Env::from_pairs(vars))
    }

    #[test]
    fn public_key_is_required_and_checked() {
        use EndpointSettingsError::*;
        assert_eq!(with(&[]), Err(MissingPublicKey));
        assert_eq!(with(&[("DISCORD_PUBLIC_KEY", " ")]), Err(MissingPublicKey));
        for bad in [
            &KEY[1..],
            "zz",
            &KEY.replace('6', "g"),
            "+7c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089",
        ] {
            assert_eq!(
                with(&[("DISCORD_PUBLIC_KEY", bad)]),
                Err(MalformedPublicKey),
                "{bad}"
            );
        }
        let s = with(&[("DISCORD_PUBLIC_KEY", &format!(" {} ", KEY.to_uppercase()))]).unwrap();
        assert_eq!(s.public_key[0], 0x67);
        assert_eq!(s.public_key[31], 0x89);
        assert_eq!(s.application_id, None);
        for e in [
            MissingPublicKey,
            MalformedPublicKey,
            BadApplicationId,
            BadAddress,
        ] {
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn application_id_is_optional() {
        let k = ("DISCORD_PUBLIC_KEY", KEY);
        assert_eq!(
            with(&[k, ("DISCORD_APPLICATION_ID", "12")])
                .unwrap()
                .application_id,
            Some(12)
        );
        assert_eq!(
            with(&[k, ("DISCORD_APPLICATION_ID", "app")]),
            Err(EndpointSettingsError::BadApplicationId)
        );
        assert_eq!(
            with(&[k, ("DISCORD_APPLICATION_ID", "")])
                .unwrap()
                .application_id,
            None
        );
    }

    #[test]
    fn the_answer_cache_has_a_default_and_can_be_turned_off() {
        let k = ("DISCORD_PUBLIC_KEY", KEY);
        assert_eq!(with(&[k]).unwrap().answer_cache, 4096);
        assert_eq!(
            with(&[k, ("POSITIONS_HTTP_CACHE", "0")])
                .unwrap()
                .answer_cache,
            0
        );
        assert_eq!(
            with(&[k, ("POSITIONS_HTTP_CACHE", "lots")]),
            Err(EndpointSettingsError::BadAnswerCache)
        );
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let none = Env::from_pairs(&[]);
        let env = Env::from_pairs(&[("POSITIONS_HTTP_ADDR", "127.0.0.1:9000")]);
        assert_eq!(
            listen_address(Some("0.0.0.0:80"), &env),
            Ok(Some("0.0.0.0:80".parse().unwrap()))
        );
        assert_eq!(
            listen_address(None, &env),
            Ok(Some("127.0.0.1:9000".parse().unwrap()))
        );
        assert_eq!(
            listen_address(None, &Env::from_pairs(&[("POSITIONS_HTTP_ADDR", " ")])),
            Ok(None)
        );
        assert_eq!(listen_address(None, &none), Ok(None));
        assert_eq!(
            listen_address(Some("localhost"), &none),
            Err(EndpointSettingsError::BadAddress)
        );
    }
}
