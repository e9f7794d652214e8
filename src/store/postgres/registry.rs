//! The feeds, the watcher's memory of them, the follows, the poster's cursor and the Wikidata
//! people in tables (`store::Registry`). Every change runs in a transaction under the writers'
//! lock, as the files are replaced under theirs; replacing the Wikidata people is a change in the
//! log, so replicas rebuild with them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use postgres::types::Json;
use postgres::{Row, Transaction};

use super::{insert_article, next_change, Postgres, WRITERS_LOCK};
use crate::entities::WikidataPeople;
use crate::error::DataError;
use crate::follow_rules::{Cursor, Follow, Pause};
use crate::model::{Article, Statement};
use crate::people::{Learned, LearnedPerson, NameConflict};
use crate::store::backend::Added;
use crate::store::registry::{Registry, WikidataText};
use crate::web::feeds::{FeedMemory, FeedState, FollowedFeed};

/// Where the Wikidata people are, as errors name it.
pub const WIKIDATA_PLACE: &str = "the database's table wikidata_people";

const MEMORY_COLUMNS: &str =
    "url, etag, last_modified, seen, failures, retry_at, last_error, item_failures";

fn memory(row: &Row) -> (String, FeedMemory) {
    let failures: i32 = row.get(4);
    let retry_at: Option<i64> = row.get(5);
    let Json(item_failures): Json<BTreeMap<String, u32>> =
        row.try_get(7).unwrap_or_else(|_| Json(BTreeMap::new()));
    (
        row.get(0),
        FeedMemory {
            etag: row.get(1),
            last_modified: row.get(2),
            seen: row.get::<_, Vec<String>>(3).into_iter().collect(),
            failures: failures.max(0) as u32,
            retry_at: retry_at.map(|t| t.max(0) as u64),
            last_error: row.get(6),
            item_failures,
        },
    )
}

fn read_memory(tx: &mut Transaction<'_>, url: &str) -> Result<FeedMemory, postgres::Error> {
    Ok(tx
        .query_opt(
            &format!("SELECT {MEMORY_COLUMNS} FROM feed_state WHERE url = $1"),
            &[&url],
        )?
        .map(|r| memory(&r).1)
        .unwrap_or_default())
}

fn write_memory(
    tx: &mut Transaction<'_>,
    url: &str,
    m: &FeedMemory,
) -> Result<(), postgres::Error> {
    let seen: Vec<&str> = m.seen.iter().map(String::as_str).collect();
    let failures = m.failures.min(i32::MAX as u32) as i32;
    let retry_at = m.retry_at.map(|t| t.min(i64::MAX as u64) as i64);
    tx.execute(
        &format!(
            "INSERT INTO feed_state ({MEMORY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (url) DO UPDATE SET etag = $2, last_modified = $3, seen = $4,
                 failures = $5, retry_at = $6, last_error = $7, item_failures = $8"
        ),
        &[
            &url,
            &m.etag,
            &m.last_modified,
            &seen,
            &failures,
            &retry_at,
            &m.last_error,
            &Json(&m.item_failures),
        ],
    )?;
    Ok(())
}

fn locked(tx: &mut Transaction<'_>) -> Result<(), postgres::Error> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITERS_LOCK])?;
    Ok(())
}

const FOLLOW_COLUMNS: &str =
    "guild, channel, side, name, topic, by_whom, at, paused_at, paused_reason, locale";

/// A follow from its row; a Discord id that is not a number is the row's error.
fn follow(row: &Row) -> Result<Follow, DataError> {
    let id = |i: usize, what: &str| -> Result<u64, DataError> {
        let text: String = row.get(i);
        text.parse().map_err(|_| {
            DataError::database(format!(
                "table follows: `{text}` is not a Discord {what} id"
            ))
        })
    };
    let paused = match (
        row.get::<_, Option<String>>(7),
        row.get::<_, Option<String>>(8),
    ) {
        (Some(at), Some(reason)) => Some(Pause { at, reason }),
        _ => None,
    };
    Ok(Follow {
        guild: id(0, "server")?,
        channel: id(1, "channel")?,
        side: row.get(2),
        name: row.get(3),
        topic: row.get(4),
        by: row.get(5),
        at: row.get(6),
        paused,
        locale: row.get(9),
    })
}

fn read_follows(tx: &mut Transaction<'_>) -> Result<Vec<Row>, postgres::Error> {
    tx.query(
        &format!("SELECT {FOLLOW_COLUMNS} FROM follows ORDER BY position"),
        &[],
    )
}

impl Registry for Postgres {
    fn feeds(&self) -> Result<Vec<FollowedFeed>, DataError> {
        self.db.with(|c| {
            Ok(c.query(
                "SELECT url, name, added_by, added_at FROM feeds ORDER BY position",
                &[],
            )?
            .iter()
            .map(|r| FollowedFeed {
                url: r.get(0),
                name: r.get(1),
                added_by: r.get(2),
                added_at: r.get(3),
            })
            .collect())
        })
    }

    fn add_feed(&self, feed: FollowedFeed) -> Result<bool, DataError> {
        self.db.with(|c| {
            let added = c.execute(
                "INSERT INTO feeds (url, name, added_by, added_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (url) DO NOTHING",
                &[&feed.url, &feed.name, &feed.added_by, &feed.added_at],
            )?;
            Ok(added == 1)
        })
    }

    fn remove_feed(&self, url: &str) -> Result<bool, DataError> {
        self.db.with(|c| {
            let mut tx = c.transaction()?;
            locked(&mut tx)?;
            let removed = tx.execute("DELETE FROM feeds WHERE url = $1", &[&url])?;
            if removed == 1 {
                tx.execute("DELETE FROM feed_state WHERE url = $1", &[&url])?;
            }
            tx.commit()?;
            Ok(removed == 1)
        })
    }

    fn feed_state(&self) -> Result<FeedState, DataError> {
        self.db.with(|c| {
            Ok(FeedState {
                feeds: c
                    .query(&format!("SELECT {MEMORY_COLUMNS} FROM feed_state"), &[])?
                    .iter()
                    .map(memory)
                    .collect(),
            })
        })
    }

    fn update_memory(
        &self,
        url: &str,
        change: &mut (dyn FnMut(&mut FeedMemory) + Send),
    ) -> Result<(), DataError> {
        self.db.with(|c| {
            let mut tx = c.transaction()?;
            locked(&mut tx)?;
            let mut m = read_memory(&mut tx, url)?;
            change(&mut m);
            write_memory(&mut tx, url, &m)?;
            tx.commit()
        })
    }

    fn add_feed_article(
        &self,
        feed: &str,
        item: &str,
        article: Article,
        body: &str,
        statements: Vec<Statement>,
    ) -> Result<Added, DataError> {
        // The article and the item's memory in one transaction: both or neither.
        self.add_article_then(article, body, statements, &mut |tx| {
            let mut m = read_memory(tx, feed)?;
            m.item_seen(item);
            write_memory(tx, feed, &m)
        })
    }

    fn follows(&self) -> Result<Vec<Follow>, DataError> {
        let rows = self.db.with(|c| {
            let mut tx = c.transaction()?;
            let rows = read_follows(&mut tx)?;
            tx.commit()?;
            Ok(rows)
        })?;
        rows.iter().map(follow).collect()
    }

    fn change_follows(&self, change: &mut dyn FnMut(&mut Vec<Follow>)) -> Result<(), DataError> {
        let mut bad = None;
        self.db.with(|c| {
            let mut tx = c.transaction()?;
            locked(&mut tx)?;
            let mut follows = Vec::new();
            for row in read_follows(&mut tx)? {
                match follow(&row) {
                    Ok(f) => follows.push(f),
                    Err(e) => {
                        bad = Some(e);
                        return Ok(());
                    }
                }
            }
            let before = follows.clone();
            change(&mut follows);
            if follows != before {
                tx.execute("DELETE FROM follows", &[])?;
                for (i, f) in follows.iter().enumerate() {
                    let (paused_at, paused_reason) = match &f.paused {
                        Some(p) => (Some(p.at.as_str()), Some(p.reason.as_str())),
                        None => (None, None),
                    };
                    tx.execute(
                        &format!(
                            "INSERT INTO follows (position, {FOLLOW_COLUMNS})
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                        ),
                        &[
                            &(i as i32),
                            &f.guild.to_string(),
                            &f.channel.to_string(),
                            &f.side,
                            &f.name,
                            &f.topic,
                            &f.by,
                            &f.at,
                            &paused_at,
                            &paused_reason,
                            &f.locale,
                        ],
                    )?;
                }
            }
            tx.commit()
        })?;
        bad.map_or(Ok(()), Err)
    }

    fn cursor(&self) -> Result<Option<Cursor>, DataError> {
        let row = self
            .db
            .with(|c| c.query_opt("SELECT cursor FROM follow_cursor", &[]))?;
        match row {
            None => Ok(None),
            Some(r) => r
                .try_get::<_, Json<Cursor>>(0)
                .map(|Json(c)| Some(c))
                .map_err(|e| {
                    DataError::database(format!("table follow_cursor cannot be read ({e})"))
                }),
        }
    }

    fn save_cursor(&self, cursor: &Cursor) -> Result<(), DataError> {
        self.db.with(|c| {
            c.execute(
                "INSERT INTO follow_cursor (one, cursor) VALUES (true, $1)
                 ON CONFLICT (one) DO UPDATE SET cursor = $1",
                &[&Json(cursor)],
            )?;
            Ok(())
        })
    }

    fn wikidata_people(&self) -> Result<Option<WikidataText>, DataError> {
        let text: Option<String> = self.db.with(|c| {
            Ok(
                c.query_opt("SELECT document::text FROM wikidata_people", &[])?
                    .map(|r| r.get(0)),
            )
        })?;
        Ok(text.map(|text| WikidataText {
            place: PathBuf::from(WIKIDATA_PLACE),
            text,
        }))
    }

    fn save_wikidata_people(&self, people: &WikidataPeople) -> Result<String, DataError> {
        self.db.with(|c| {
            let mut tx = c.transaction()?;
            locked(&mut tx)?;
            tx.execute(
                "INSERT INTO wikidata_people (one, document) VALUES (true, $1)
                 ON CONFLICT (one) DO UPDATE SET document = $1, written_at = now()",
                &[&Json(people)],
            )?;
            next_change(&mut tx, "people", "wikidata")?;
            tx.commit()
        })?;
        Ok(WIKIDATA_PLACE.to_string())
    }

    fn save_learned_people(&self, learned: &Learned, seq: u64) -> Result<bool, DataError> {
        let seq = seq.min(i64::MAX as u64) as i64;
        self.db.with(|c| {
            let mut tx = c.transaction()?;
            // One writer at a time, and only a reading at least as recent as the kept one.
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LEARNED_LOCK])?;
            let kept: Option<i64> = tx
                .query_opt("SELECT seq FROM learned_state", &[])?
                .map(|r| r.get(0));
            if kept.is_some_and(|k| k > seq) {
                return Ok(false);
            }
            tx.execute("DELETE FROM learned_people", &[])?;
            let rows = learned.people.iter().map(|p| (p, None)).chain(
                learned
                    .conflicts
                    .iter()
                    .flat_map(|c| c.evidence.iter().map(move |p| (p, Some(c.name.as_str())))),
            );
            let insert = tx.prepare(
                "INSERT INTO learned_people
                     (position, name, short, side, office, first_seen, last_seen, articles, conflict)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )?;
            for (position, (p, conflict)) in rows.enumerate() {
                let position = position.min(i32::MAX as usize) as i32;
                tx.execute(
                    &insert,
                    &[
                        &position,
                        &p.name,
                        &p.short,
                        &p.side,
                        &p.office,
                        &p.first_seen,
                        &p.last_seen,
                        &p.articles,
                        &conflict,
                    ],
                )?;
            }
            tx.execute(
                "INSERT INTO learned_state (one, seq) VALUES (true, $1)
                 ON CONFLICT (one) DO UPDATE SET seq = $1, written_at = now()",
                &[&seq],
            )?;
            tx.commit()?;
            Ok(true)
        })
    }

    fn learned_people(&self) -> Result<Option<(Learned, u64)>, DataError> {
        self.db.with(|c| {
            let mut tx = c.transaction()?;
            let Some(seq) = tx
                .query_opt("SELECT seq FROM learned_state", &[])?
                .map(|r| r.get::<_, i64>(0))
            else {
                return Ok(None);
            };
            let mut learned = Learned::default();
            for r in tx.query(
                "SELECT name, short, side, office, first_seen, last_seen, articles, conflict
                 FROM learned_people ORDER BY position",
                &[],
            )? {
                let person = LearnedPerson {
                    name: r.get(0),
                    short: r.get(1),
                    side: r.get(2),
                    office: r.get(3),
                    first_seen: r.get(4),
                    last_seen: r.get(5),
                    articles: r.get(6),
                };
                match r.get::<_, Option<String>>(7) {
                    None => learned.people.push(person),
                    Some(name) => match learned.conflicts.last_mut() {
                        Some(c) if c.name == name => c.evidence.push(person),
                        _ => learned.conflicts.push(NameConflict {
                            name,
                            evidence: vec![person],
                        }),
                    },
                }
            }
            tx.commit()?;
            Ok(Some((learned, seq.max(0) as u64)))
        })
    }
}

/// The advisory lock held while the learned people are replaced ("positiol" in ASCII, as a
/// number): apart from the writers' lock, so that a long ingest does not wait on it.
const LEARNED_LOCK: i64 = 0x706f_7369_7469_6f6c;

impl Postgres {
    /// `add_article`, with `also` run in the same transaction (whether the article was new or
    /// a duplicate) before it commits.
    pub(super) fn add_article_then(
        &self,
        mut article: Article,
        body: &str,
        mut statements: Vec<Statement>,
        also: &mut dyn FnMut(&mut Transaction<'_>) -> Result<(), postgres::Error>,
    ) -> Result<Added, DataError> {
        self.db.with(|c| {
            let mut tx = c.transaction()?;
            locked(&mut tx)?;
            let added = match super::duplicate(&mut tx, &article)? {
                Some(id) => Added::Duplicate(id),
                None => {
                    super::claim_id(&mut tx, &mut article, &mut statements)?;
                    insert_article(&mut tx, &article, body, &statements)?;
                    Added::New(article.id.clone())
                }
            };
            also(&mut tx)?;
            tx.commit()?;
            Ok(added)
        })
    }
}
