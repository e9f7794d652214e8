//! The store in PostgreSQL (`POSITIONS_DATABASE_URL`): articles, statements and retractions in
//! tables, each change a row of a gapless change log that replicas follow (`changes`), and a
//! `NOTIFY` that wakes them. It implements `ArticleStore` like the files do, so nothing above the
//! store knows which it talks to. The blocking `postgres` client, not the async one: the seam is
//! synchronous and the core has no async; it must not be called on an async thread (the serving
//! process calls the store on blocking threads already). The gazetteer stays in the data folder.

mod connection;
mod migrations;
mod read;
mod registry;

pub use connection::Database;
pub use registry::WIKIDATA_PLACE;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Json;
use postgres::Transaction;

use super::backend::{url_key, Added, ArticleStore};
use super::diff::{Indexed, Look, NewArticle, Stamps, StoreDiff};
use super::retract::{RetractError, Retraction};
use super::write::claim_free_id;
use super::{Counts, Store};
use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::model::{Article, Statement};
use connection::failed;

/// The channel `NOTIFY` announces each change on; its payload is the change's number.
pub const CHANNEL: &str = "positions_changes";

/// The advisory lock writers hold for their transaction, as the files' writers hold `.lock`:
/// the duplicate checks and the choice of a free id see every article committed before.
const WRITERS_LOCK: i64 = 0x706f_7369_7469_6f77;

/// The store in a PostgreSQL database; the gazetteer is read from `data`.
#[derive(Debug, Clone)]
pub struct Postgres {
    db: Arc<Database>,
    data: PathBuf,
}

impl Postgres {
    pub fn new(db: Arc<Database>, data: impl Into<PathBuf>) -> Postgres {
        Postgres {
            db,
            data: data.into(),
        }
    }

    /// Connects (migrating the schema) and reads the gazetteer from `data`.
    pub fn connect(url: &str, data: impl Into<PathBuf>) -> Result<Postgres, DataError> {
        Ok(Postgres::new(Database::open(url)?, data))
    }

    pub fn database(&self) -> &Arc<Database> {
        &self.db
    }

    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The number of the last change and a hash of the database's identity.
    pub fn position(&self) -> Result<(u64, u64), DataError> {
        self.db.with(|c| {
            let row = c.query_one("SELECT last, store_id FROM change_counter", &[])?;
            Ok(read::position(&row))
        })
    }

    /// Waits for changes and calls `wake` for each notification (and once when listening
    /// starts, for what came before), until the connection is lost: then returns why.
    pub fn listen(&self, wake: &dyn Fn()) -> DataError {
        let mut client = match self.db.connect() {
            Ok(c) => c,
            Err(e) => return e,
        };
        if let Err(e) = client.batch_execute(&format!("LISTEN {CHANNEL}")) {
            return failed("cannot listen for changes", &e);
        }
        wake();
        let mut notifications = client.notifications();
        let mut iter = notifications.blocking_iter();
        loop {
            match iter.next() {
                Ok(Some(_)) => wake(),
                Ok(None) => return DataError::database("the connection for notifications closed"),
                Err(e) => return failed("the connection for notifications was lost", &e),
            }
        }
    }

    /// Stores a whole store (copied from elsewhere): the articles it lacks, each in its own
    /// transaction and change; then the retractions it lacks. Returns how many articles and
    /// retractions were added. Idempotent: a second run adds nothing.
    pub fn copy_in(&self, store: &Store) -> Result<(usize, usize), DataError> {
        let have: HashSet<String> = self.articles()?.into_iter().map(|a| a.id).collect();
        let mut by_article: std::collections::HashMap<&str, Vec<Statement>> =
            std::collections::HashMap::new();
        for s in &store.statements {
            by_article
                .entry(s.article.as_str())
                .or_default()
                .push(s.clone());
        }
        let mut added = 0;
        for a in &store.articles {
            if have.contains(&a.meta.id) {
                continue;
            }
            let statements = by_article.remove(a.meta.id.as_str()).unwrap_or_default();
            self.db.with(|c| {
                let mut tx = c.transaction()?;
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITERS_LOCK])?;
                insert_article(&mut tx, &a.meta, &a.body, &statements)?;
                tx.commit()
            })?;
            added += 1;
        }
        let retracted: HashSet<String> = self
            .db
            .with(|c| c.query("SELECT id FROM retractions", &[]))?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut restored = 0;
        for r in store
            .retractions
            .iter()
            .filter(|r| !retracted.contains(&r.id))
        {
            self.db.with(|c| {
                let mut tx = c.transaction()?;
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITERS_LOCK])?;
                insert_retraction(&mut tx, r)?;
                tx.commit()
            })?;
            restored += 1;
        }
        Ok((added, restored))
    }
}

/// Takes the next change number: the counter's row stays locked until the transaction ends, so
/// the numbers commit in order and a rolled-back one is taken again.
fn next_change(
    tx: &mut Transaction<'_>,
    kind: &str,
    subject: &str,
) -> Result<i64, postgres::Error> {
    let seq: i64 = tx
        .query_one(
            "UPDATE change_counter SET last = last + 1 RETURNING last",
            &[],
        )?
        .get(0);
    tx.execute(
        "INSERT INTO changes (seq, kind, subject) VALUES ($1, $2, $3)",
        &[&seq, &kind, &subject],
    )?;
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &seq.to_string()])?;
    Ok(seq)
}

fn insert_article(
    tx: &mut Transaction<'_>,
    a: &Article,
    body: &str,
    statements: &[Statement],
) -> Result<i64, postgres::Error> {
    let seq = next_change(tx, "add", &a.id)?;
    tx.execute(
        "INSERT INTO articles (id, title, publisher, url, url_key, published, language, fingerprint, body, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &a.id,
            &a.title,
            &a.publisher,
            &a.url,
            &a.url.as_deref().map(url_key),
            &a.published,
            &a.language,
            &a.fingerprint,
            &body,
            &seq,
        ],
    )?;
    let ids: Vec<&str> = statements.iter().map(|s| &*s.id).collect();
    let positions: Vec<i32> = (0..statements.len() as i32).collect();
    let texts: Vec<&str> = statements.iter().map(|s| &*s.text).collect();
    let speakers: Vec<&str> = statements.iter().map(|s| &*s.speaker.name).collect();
    let entities: Vec<Option<&str>> = statements.iter().map(|s| s.entity.as_deref()).collect();
    let records: Vec<Json<&Statement>> = statements.iter().map(Json).collect();
    tx.execute(
        "INSERT INTO statements (id, article, position, text, speaker, entity, record)
         SELECT id, $1, position, text, speaker, entity, record
         FROM UNNEST($2::text[], $3::int4[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
              AS s (id, position, text, speaker, entity, record)",
        &[
            &a.id, &ids, &positions, &texts, &speakers, &entities, &records,
        ],
    )?;
    Ok(seq)
}

fn insert_retraction(tx: &mut Transaction<'_>, r: &Retraction) -> Result<i64, postgres::Error> {
    let seq = next_change(tx, "retract", &r.id)?;
    tx.execute(
        "INSERT INTO retractions (id, by_whom, at, reason, seq) VALUES ($1, $2, $3, $4, $5)",
        &[&r.id, &r.by, &r.at, &r.reason, &seq],
    )?;
    Ok(seq)
}

/// The id of the stored article with the same text or canonical URL, if any.
fn duplicate(
    tx: &mut Transaction<'_>,
    article: &Article,
) -> Result<Option<String>, postgres::Error> {
    let key = article.url.as_deref().map(url_key);
    Ok(tx
        .query_opt(
            "SELECT id FROM articles WHERE fingerprint = $1 OR ($2::text IS NOT NULL AND url_key = $2)
             ORDER BY id COLLATE \"C\" LIMIT 1",
            &[&article.fingerprint, &key],
        )?
        .map(|row| row.get(0)))
}

/// Gives the article the first free id from the one it asks for (as the files do).
fn claim_id(
    tx: &mut Transaction<'_>,
    article: &mut Article,
    statements: &mut Vec<Statement>,
) -> Result<(), postgres::Error> {
    let pattern = format!("{}-%", like_escaped(&article.id));
    let taken: Vec<Article> = tx
        .query(
            "SELECT id FROM articles WHERE id = $1 OR id LIKE $2",
            &[&article.id, &pattern],
        )?
        .iter()
        .map(|r| Article {
            id: r.get(0),
            ..Article::default()
        })
        .collect();
    claim_free_id(&taken, article, statements);
    Ok(())
}

/// What a retraction or restore found, read in its transaction.
enum Found {
    Unknown,
    Retracted,
    Answered,
}

fn find_statement(tx: &mut Transaction<'_>, id: &str) -> Result<Found, postgres::Error> {
    let row = tx.query_opt(
        "SELECT r.id IS NOT NULL FROM statements s LEFT JOIN retractions r ON r.id = s.id WHERE s.id = $1",
        &[&id],
    )?;
    Ok(match row {
        None => Found::Unknown,
        Some(r) if r.get::<_, bool>(0) => Found::Retracted,
        Some(_) => Found::Answered,
    })
}

impl ArticleStore for Postgres {
    fn add_article(
        &self,
        article: Article,
        body: &str,
        statements: Vec<Statement>,
    ) -> Result<Added, DataError> {
        self.add_article_then(article, body, statements, &mut |_| Ok(()))
    }

    fn articles(&self) -> Result<Vec<Article>, DataError> {
        self.db.with(|c| {
            Ok(c.query(
                &format!(
                    "SELECT {} FROM articles ORDER BY id COLLATE \"C\"",
                    read::ARTICLE_COLUMNS
                ),
                &[],
            )?
            .iter()
            .map(read::article)
            .collect())
        })
    }

    fn stored_with_url(&self, url: &str) -> Result<Option<String>, DataError> {
        let key = url_key(url);
        self.db.with(|c| {
            Ok(c.query_opt(
                "SELECT id FROM articles WHERE url_key = $1 ORDER BY id COLLATE \"C\" LIMIT 1",
                &[&key],
            )?
            .map(|r| r.get(0)))
        })
    }

    fn retract(&self, _gazetteer: &Gazetteer, retraction: Retraction) -> Result<(), RetractError> {
        let found = self.db.with(|c| {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITERS_LOCK])?;
            let found = find_statement(&mut tx, &retraction.id)?;
            if matches!(found, Found::Answered) {
                insert_retraction(&mut tx, &retraction)?;
                tx.commit()?;
            }
            Ok(found)
        })?;
        match found {
            Found::Answered => Ok(()),
            Found::Retracted => Err(RetractError::AlreadyRetracted(retraction.id)),
            Found::Unknown => Err(RetractError::Unknown(retraction.id)),
        }
    }

    fn restore(&self, _gazetteer: &Gazetteer, id: &str) -> Result<Retraction, RetractError> {
        let (found, removed) = self.db.with(|c| {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITERS_LOCK])?;
            let found = find_statement(&mut tx, id)?;
            let mut removed = None;
            if matches!(found, Found::Retracted) {
                let row = tx.query_one(
                    "DELETE FROM retractions WHERE id = $1 RETURNING id, by_whom, at, reason",
                    &[&id],
                )?;
                removed = Some(read::retraction(&row));
                next_change(&mut tx, "restore", id)?;
                tx.commit()?;
            }
            Ok((found, removed))
        })?;
        match (found, removed) {
            (Found::Retracted, Some(r)) => Ok(r),
            (Found::Unknown, _) => Err(RetractError::Unknown(id.to_string())),
            _ => Err(RetractError::NotRetracted(id.to_string())),
        }
    }

    fn changes(
        &self,
        gazetteer: &Gazetteer,
        index: &dyn Indexed,
        before: &Stamps,
        _look: Look,
    ) -> StoreDiff {
        read::changes(self, gazetteer, index, before)
    }

    fn load(&self, gazetteer: &Gazetteer) -> Result<Store, DataError> {
        read::load(self, gazetteer, true)
    }

    fn load_for_index(&self, gazetteer: &Gazetteer) -> Result<Store, DataError> {
        read::load(self, gazetteer, false)
    }

    fn stamps(&self) -> Stamps {
        let gazetteer = Stamps::gazetteer(&self.data);
        match self.position() {
            Ok((seq, store)) => gazetteer.at_change(seq, store),
            Err(_) => gazetteer,
        }
    }

    fn signature(&self) -> u64 {
        let (seq, store) = self.position().unwrap_or_default();
        let files = super::signature(&self.data);
        crate::model::fnv64(&[&seq.to_string(), &store.to_string(), &files.to_string()])
    }

    fn check(&self, gazetteer: &Gazetteer) -> Result<Counts, DataError> {
        let store = self.load(gazetteer)?;
        read::check(&store, gazetteer)
    }

    fn new_article(
        &self,
        gazetteer: &Gazetteer,
        id: &str,
        index: &dyn Indexed,
    ) -> Result<NewArticle, DataError> {
        read::new_articles(self, gazetteer, &[id.to_string()], index)?
            .pop()
            .ok_or_else(|| DataError::database(format!("no stored article has the id `{id}`")))
    }
}

/// `text` for a LIKE pattern, its wildcards taken literally.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A fresh database of its own for a test, on the server `POSITIONS_TEST_DATABASE_URL` names;
/// `None` (with the reason printed) when no server is given.
#[cfg(test)]
pub(crate) fn test_database(name: &str) -> Option<String> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let Some(base) =
        crate::environment::Env::process().get(crate::environment::Var::TestDatabaseUrl)
    else {
        eprintln!("skipped {name}: POSITIONS_TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL for it)");
        return None;
    };
    let db = format!(
        "positions_{name}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("the test server");
    admin
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .expect("a test database");
    let mut url = url::Url::parse(&base).expect("a URL");
    url.set_path(&db);
    Some(url.to_string())
}
