//! One connection to the database for a process: opened with TLS through rustls when the server
//! offers it (`sslmode` in the URL as libpq reads it), opened again when it was lost (a database
//! restart), and the schema migrated on the first. The connection string is kept here and never
//! printed: errors name the server's complaint only.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use postgres::{Client, Config};

use super::migrations;
use crate::error::DataError;

/// How long opening a connection may take before it is reported as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The database a process uses: its settings and the one open connection.
pub struct Database {
    config: Config,
    client: Mutex<Option<Client>>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the connection string (it holds the password).
        f.write_str("Database")
    }
}

impl Database {
    /// Reads the connection string, connects and migrates the schema: a wrong URL or an
    /// unreachable server is reported here, at start.
    pub fn open(url: &str) -> Result<Arc<Database>, DataError> {
        let mut config: Config = url.trim().parse().map_err(|e| {
            DataError::database(format!(
                "POSITIONS_DATABASE_URL is not a PostgreSQL connection string ({e}); write it as postgres://USER:PASSWORD@HOST:5432/DATABASE"
            ))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("positions");
        }
        let db = Database {
            config,
            client: Mutex::new(None),
        };
        let mut client = db.connect()?;
        migrations::migrate(&mut client)
            .map_err(|e| failed("cannot create or upgrade the schema", &e))?;
        let version = migrations::version(&mut client)
            .map_err(|e| failed("cannot read the schema version", &e))?;
        if version > migrations::known() {
            return Err(DataError::database(format!(
                "its schema is at version {version}, newer than this positions knows ({}): run the newer positions",
                migrations::known()
            )));
        }
        *db.lock() = Some(client);
        Ok(Arc::new(db))
    }

    /// A new connection (for a listener that holds one of its own).
    pub fn connect(&self) -> Result<Client, DataError> {
        self.config
            .connect(tls())
            .map_err(|e| failed("cannot connect", &e))
    }

    /// Runs `f` with the connection, opening it again first when it was lost; a connection that
    /// fails in `f` is dropped, so the next call opens a new one.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, DataError> {
        let mut held = self.lock();
        if held.as_ref().is_none_or(Client::is_closed) {
            *held = Some(self.connect()?);
        }
        let Some(client) = held.as_mut() else {
            return Err(DataError::database("no connection"));
        };
        let done = f(client);
        if done.is_err() && client.is_closed() {
            *held = None;
        }
        done.map_err(|e| failed("a query failed", &e))
    }

    fn lock(&self) -> MutexGuard<'_, Option<Client>> {
        self.client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A database error as one line: what was being done and what the server said.
pub fn failed(doing: &str, e: &postgres::Error) -> DataError {
    let said = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text = format!("{text}: {s}");
                source = s.source();
            }
            text
        }
    };
    DataError::database(format!(
        "{doing} ({said}); check POSITIONS_DATABASE_URL and that the server is up"
    ))
}

/// TLS through rustls with the webpki roots, used when the server offers it (`sslmode=prefer`,
/// the default) or demands it (`sslmode=require`).
fn tls() -> tokio_postgres_rustls::MakeRustlsConnect {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = match rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
    {
        Ok(builder) => builder.with_root_certificates(roots).with_no_client_auth(),
        // The ring provider supports the default versions; kept as a fallback all the same.
        Err(_) => rustls::ClientConfig::builder()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth(),
    };
    tokio_postgres_rustls::MakeRustlsConnect::new(config)
}
