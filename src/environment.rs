//! Every environment variable the program reads, in one list (`Var`), and the one reader they are
//! read through (`Env`: the process environment after `.env`, or a table in tests), with the
//! parsing they share. A new setting is a new `Var`, documented in `.env.example` (a test holds
//! the two together); the typed settings built from them live beside the code they configure.

use std::net::SocketAddr;
use std::str::FromStr;

/// An environment variable the program reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Var {
    /// The data folder (`--data`).
    Data,
    /// The log filter.
    Log,
    /// Who a command line change is recorded as, when `--by` is not given.
    User,
    DiscordToken,
    DiscordGuildId,
    DiscordApiBase,
    DiscordPublicKey,
    DiscordApplicationId,
    HttpAddr,
    HttpCache,
    EditorRole,
    MetricsAddr,
    WatchFs,
    Watch,
    WatchInterval,
    FetchAllow,
    FetchPauseMs,
    FetchTimeout,
    WikidataSparql,
    /// The PostgreSQL store of record (`--database-url`).
    DatabaseUrl,
    /// For the tests only: the PostgreSQL server the database tests make their databases on.
    TestDatabaseUrl,
    // A new variable goes here, in `ALL` and `name` below, and in `.env.example`.
}

impl Var {
    /// Every variable (in the order `.env.example` documents them).
    pub const ALL: [Var; 21] = [
        Var::DiscordToken,
        Var::DiscordGuildId,
        Var::Data,
        Var::Log,
        Var::WatchFs,
        Var::DiscordApiBase,
        Var::HttpAddr,
        Var::DiscordPublicKey,
        Var::DiscordApplicationId,
        Var::HttpCache,
        Var::EditorRole,
        Var::MetricsAddr,
        Var::FetchAllow,
        Var::WikidataSparql,
        Var::FetchPauseMs,
        Var::FetchTimeout,
        Var::Watch,
        Var::WatchInterval,
        Var::User,
        Var::DatabaseUrl,
        Var::TestDatabaseUrl,
    ];

    /// The variable's name in the environment.
    pub const fn name(self) -> &'static str {
        match self {
            Var::Data => "POSITIONS_DATA",
            Var::Log => "RUST_LOG",
            Var::User => "USER",
            Var::DiscordToken => "DISCORD_TOKEN",
            Var::DiscordGuildId => "DISCORD_GUILD_ID",
            Var::DiscordApiBase => "DISCORD_API_BASE",
            Var::DiscordPublicKey => "DISCORD_PUBLIC_KEY",
            Var::DiscordApplicationId => "DISCORD_APPLICATION_ID",
            Var::HttpAddr => "POSITIONS_HTTP_ADDR",
            Var::HttpCache => "POSITIONS_HTTP_CACHE",
            Var::EditorRole => "POSITIONS_EDITOR_ROLE",
            Var::MetricsAddr => "POSITIONS_METRICS_ADDR",
            Var::WatchFs => "POSITIONS_WATCH_FS",
            Var::Watch => "POSITIONS_WATCH",
            Var::WatchInterval => "POSITIONS_WATCH_INTERVAL",
            Var::FetchAllow => "POSITIONS_FETCH_ALLOW",
            Var::FetchPauseMs => "POSITIONS_FETCH_PAUSE_MS",
            Var::FetchTimeout => "POSITIONS_FETCH_TIMEOUT",
            Var::WikidataSparql => "POSITIONS_WIKIDATA_SPARQL",
            Var::DatabaseUrl => "POSITIONS_DATABASE_URL",
            Var::TestDatabaseUrl => "POSITIONS_TEST_DATABASE_URL",
        }
    }
}

/// Reads `.env` (in the working folder or above) into the process environment; a variable
/// already set wins. Called once, first thing in `main`.
pub fn load_dotenv() {
    let _ = dotenvy::dotenv();
}

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where settings are read from.
pub struct Env {
    lookup: Box<Lookup>,
}

impl Env {
    /// The process environment: the only place the program reads it.
    pub fn process() -> Env {
        Env {
            lookup: Box::new(|name| std::env::var(name).ok()),
        }
    }

    /// A fixed table of `(name, value)` (tests).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Env {
            lookup: Box::new(move |name| {
                pairs
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            }),
        }
    }

    /// The value of `var`, trimmed; None when it is unset or blank.
    pub fn get(&self, var: Var) -> Option<String> {
        (self.lookup)(var.name())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// `var` as a number (None when unset); Err(text) when it is set to something else.
    pub fn number<T: FromStr>(&self, var: Var) -> Result<Option<T>, String> {
        match self.get(var) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| text),
        }
    }

    /// `var` as a Discord id (a number above 0); None when unset.
    pub fn id(&self, var: Var) -> Result<Option<u64>, String> {
        match self.number::<u64>(var) {
            Ok(Some(0)) => Err("0".to_string()),
            other => other,
        }
    }
}

/// An address to listen on, from a command-line flag or else the variable's value (blank counts
/// as unset): `--http` and `POSITIONS_HTTP_ADDR`, `--metrics` and `POSITIONS_METRICS_ADDR`.
pub fn address(flag: Option<&str>, var: Option<String>) -> Result<Option<SocketAddr>, String> {
    let text = match flag {
        Some(f) => Some(f.trim().to_string()),
        None => var.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()),
    };
    text.map(|t| t.parse::<SocketAddr>().map_err(|_| t))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names `.env.example` documents: its `NAME=` lines (and `# NAME=` for a variable the
    /// system sets, which a `.env` should not).
    fn documented() -> Vec<String> {
        let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.env.example"))
            .expect(".env.example is in the repository");
        example
            .lines()
            .filter_map(|line| {
                let line = line.strip_prefix('#').map_or(line, str::trim_start);
                let (name, _) = line.split_once('=')?;
                let is_name = !name.is_empty()
                    && name.starts_with(|c: char| c.is_ascii_uppercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                is_name.then(|| name.to_string())
            })
            .collect()
    }

    #[test]
    fn every_variable_read_is_documented_and_every_one_documented_is_read() {
        let mut read: Vec<&str> = Var::ALL.iter().map(|v| v.name()).collect();
        let mut documented = documented();
        read.sort_unstable();
        documented.sort_unstable();
        let before = read.len();
        read.dedup();
        assert_eq!(read.len(), before, "Var::ALL names each variable once");
        assert_eq!(
            read, documented,
            "Var::ALL and .env.example list the same variables, each once"
        );
    }

    /// The environment is read here and nowhere else in the program: any other `env::var` in
    /// `src/` would be a variable this list does not know.
    #[test]
    fn the_environment_is_read_only_here() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("environment.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    for needle in ["env::var(", "env::var_os(", "env::vars("] {
                        if text.contains(needle) {
                            found.push(format!("{}: {needle}", path.display()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "read through environment::Env instead: {found:?}"
        );
    }

    #[test]
    fn values_are_trimmed_and_blank_is_unset() {
        let env = Env::from_pairs(&[
            ("DISCORD_GUILD_ID", " 42 "),
            ("DISCORD_APPLICATION_ID", "0"),
            ("POSITIONS_HTTP_CACHE", "lots"),
            ("POSITIONS_EDITOR_ROLE", "  "),
        ]);
        assert_eq!(env.id(Var::DiscordGuildId), Ok(Some(42)));
        assert!(env.id(Var::DiscordApplicationId).is_err());
        assert!(env.number::<usize>(Var::HttpCache).is_err());
        assert_eq!(env.get(Var::EditorRole), None);
        assert_eq!(env.number::<u64>(Var::FetchPauseMs), Ok(None));
    }

    #[test]
    fn the_flag_wins_over_the_variable() {
        let var = Some("127.0.0.1:9000".to_string());
        assert_eq!(
            address(Some("0.0.0.0:80"), var.clone()),
            Ok(Some("0.0.0.0:80".parse().unwrap()))
        );
        assert_eq!(
            address(None, var),
            Ok(Some("127.0.0.1:9000".parse().unwrap()))
        );
        assert_eq!(address(None, Some(" ".into())), Ok(None));
        assert_eq!(address(None, None), Ok(None));
        assert!(address(Some("localhost"), None).is_err());
    }
}
