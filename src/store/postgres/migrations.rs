//! The database's schema as versioned migrations the binary carries, applied in order at start
//! under an advisory lock (two replicas starting together do not race); each in one transaction.

use postgres::Client;

/// The advisory lock key held while migrating ("positions" in ASCII, as a number).
const MIGRATION_LOCK: i64 = 0x706f_7369_7469_6f6e;

/// Each migration: its version (1, 2, …, never renumbered) and its SQL.
pub const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        r#"
-- The articles as received, with their metadata; `url_key` is the canonical form two URLs are
-- compared by. `seq` is the change that added the article.
CREATE TABLE articles (
    id text PRIMARY KEY,
    title text,
    publisher text,
    url text,
    url_key text,
    published text,
    language text,
    fingerprint text NOT NULL,
    body text NOT NULL,
    seq bigint NOT NULL
);
CREATE INDEX articles_url_key ON articles (url_key);
CREATE INDEX articles_fingerprint ON articles (fingerprint);

-- The statements, each kept whole (`record`) and in the columns one queries by.
CREATE TABLE statements (
    id text PRIMARY KEY,
    article text NOT NULL REFERENCES articles (id),
    position integer NOT NULL,
    text text NOT NULL,
    speaker text NOT NULL,
    entity text,
    record jsonb NOT NULL
);
CREATE INDEX statements_article ON statements (article, position);
CREATE INDEX statements_entity ON statements (entity);

-- Statements taken out of the answers; `seq` is the change that retracted it.
CREATE TABLE retractions (
    id text PRIMARY KEY REFERENCES statements (id),
    by_whom text NOT NULL,
    at text NOT NULL,
    reason text,
    seq bigint NOT NULL
);

-- The change log. Its numbers are gapless: a writer takes the next one by updating the single
-- row of `change_counter` in its own transaction, which holds the row until it commits, so
-- numbers commit in order and none is skipped (a serial would skip a rolled-back one and commit
-- out of order). `store_id` tells one database from another (a replica's snapshot names it).
CREATE TABLE change_counter (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    last bigint NOT NULL,
    store_id text NOT NULL
);
INSERT INTO change_counter (one, last, store_id)
    VALUES (true, 0, md5(random()::text || clock_timestamp()::text));
CREATE TABLE changes (
    seq bigint PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('add', 'retract', 'restore')),
    subject text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
"#,
    ),
    (
        2,
        r#"
-- The feeds the watcher polls, in the order they were added (`feeds.json` in a data folder).
CREATE TABLE feeds (
    url text PRIMARY KEY,
    name text,
    added_by text NOT NULL,
    added_at text NOT NULL,
    position bigint GENERATED ALWAYS AS IDENTITY
);

-- What the watcher knows of each feed (`feed-state.json`): its validators, the items handled,
-- its failures and backoff (`retry_at` in Unix seconds), and failed fetches by item.
CREATE TABLE feed_state (
    url text PRIMARY KEY,
    etag text,
    last_modified text,
    seen text[] NOT NULL DEFAULT '{}',
    failures integer NOT NULL DEFAULT 0,
    retry_at bigint,
    last_error text,
    item_failures jsonb NOT NULL DEFAULT '{}'
);

-- The channels' follows (`follows.jsonl`), in the order they were set up; Discord ids as text.
CREATE TABLE follows (
    position integer PRIMARY KEY,
    guild text NOT NULL,
    channel text NOT NULL,
    side text NOT NULL,
    name text NOT NULL,
    topic text,
    by_whom text NOT NULL,
    at text NOT NULL,
    paused_at text,
    paused_reason text
);

-- What the poster has delivered (`follows-cursor.json`).
CREATE TABLE follow_cursor (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    cursor jsonb NOT NULL
);

-- The people of the last Wikidata refresh or import (`people-wikidata.json`); replacing them
-- is a change (`people`) that makes every replica rebuild its index.
CREATE TABLE wikidata_people (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    document jsonb NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
ALTER TABLE changes ADD CONSTRAINT changes_kind_check
    CHECK (kind IN ('add', 'retract', 'restore', 'people'));
"#,
    ),
    (
        3,
        r#"
-- The people the stored articles introduce (what `positions people` lists), derived from the
-- statements in force by the rules of `people` and written whole, in one transaction, by the
-- writer that changed them: an article added, a statement retracted or restored, the Wikidata
-- people replaced, a store copied in. `conflict` is set on the rows of a name the articles give
-- two sides or more (one row a side; such a name is never guessed); `position` keeps the order.
CREATE TABLE learned_people (
    position integer PRIMARY KEY,
    name text NOT NULL,
    short text[] NOT NULL,
    side text NOT NULL,
    office text NOT NULL,
    first_seen text,
    last_seen text,
    articles text[] NOT NULL,
    conflict text
);
-- The change of the log the rows reflect: a writer that read the store earlier does not replace
-- what one that read it later wrote.
CREATE TABLE learned_state (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq bigint NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);
"#,
    ),
    (
        4,
        r#"
-- The Discord locale of whoever set a follow up ("de", "es-ES"): its posts' own words are in
-- that language (English when null).
ALTER TABLE follows ADD COLUMN locale text;
"#,
    ),
];

/// Brings the schema up to the binary's version; refuses a database a newer binary upgraded.
pub fn migrate(client: &mut Client) -> Result<(), postgres::Error> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let applied = apply(client);
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    applied?;
    unlocked?;
    Ok(())
}

fn apply(client: &mut Client) -> Result<(), postgres::Error> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS positions_migrations (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )?;
    let current: i32 = client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM positions_migrations",
            &[],
        )?
        .get(0);
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let mut tx = client.transaction()?;
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO positions_migrations (version) VALUES ($1)",
            &[version],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// The schema version the database is at (0 when none).
pub fn version(client: &mut Client) -> Result<i32, postgres::Error> {
    Ok(client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM positions_migrations",
            &[],
        )?
        .get(0))
}

/// The newest version this binary knows.
pub fn known() -> i32 {
    MIGRATIONS.last().map_or(0, |(v, _)| *v)
}
