//! Settings of the HTTP interactions endpoint, read from the environment (and `.env`): the
//! application's public key, and optionally its id. Errors name the variable and say what to do.

use std::net::SocketAddr;

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
    /// Reads the settings through `get` (the process environment in production).
    pub fn from_lookup(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<EndpointSettings, EndpointSettingsError> {
        let key = get("DISCORD_PUBLIC_KEY")
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .ok_or(EndpointSettingsError::MissingPublicKey)?;
        let public_key = parse_public_key(&key)?;
        let application_id = match get("DISCORD_APPLICATION_ID")
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
        {
            Some(a) => Some(
                a.parse::<u64>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(EndpointSettingsError::BadApplicationId)?,
            ),
            None => None,
        };
        let answer_cache = match get("POSITIONS_HTTP_CACHE")
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
        {
            Some(n) => n
                .parse::<usize>()
                .map_err(|_| EndpointSettingsError::BadAnswerCache)?,
            None => super::cache::DEFAULT_ENTRIES,
        };
        let api_base = crate::shell::settings::api_base(get("DISCORD_API_BASE"))?;
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

    pub fn from_env() -> Result<EndpointSettings, EndpointSettingsError> {
        Self::from_lookup(|k| std::env::var(k).ok())
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
    env: Option<String>,
) -> Result<Option<SocketAddr>, EndpointSettingsError> {
    let text = match flag {
        Some(f) => Some(f.trim().to_string()),
        None => env.map(|e| e.trim().to_string()).filter(|e| !e.is_empty()),
    };
    match text {
        Some(t) => t
            .parse::<SocketAddr>()
            .map(Some)
            .map_err(|_| EndpointSettingsError::BadAddress),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key from serenity's own documentation example.
    const KEY: &str = "67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089";

    fn with(vars: &[(&str, &str)]) -> Result<EndpointSettings, EndpointSettingsError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EndpointSettings::from_lookup(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
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
        let env = Some("127.0.0.1:9000".to_string());
        assert_eq!(
            listen_address(Some("0.0.0.0:80"), env.clone()),
            Ok(Some("0.0.0.0:80".parse().unwrap()))
        );
        assert_eq!(
            listen_address(None, env),
            Ok(Some("127.0.0.1:9000".parse().unwrap()))
        );
        assert_eq!(listen_address(None, Some(" ".into())), Ok(None));
        assert_eq!(listen_address(None, None), Ok(None));
        assert_eq!(
            listen_address(Some("localhost"), None),
            Err(EndpointSettingsError::BadAddress)
        );
    }
}
