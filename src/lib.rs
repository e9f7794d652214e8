//! positions: what countries and organisations have said, extracted from news articles.
//!
//! The core is pure (values in, values out; no Discord, no async, no network); the shell is the
//! thin edge around it. Modules:
//!
//! | core | what it holds |
//! | --- | --- |
//! | `model`, `text`, `error` | the stored records, text folding, data-file errors |
//! | `language` | the per-language tables the extractor reads (German, French, Spanish) |
//! | `wording` | two texts aligned word by word: how a quote differs, whether two printings are one statement |
//! | `printings` | the rule and fingerprints that group a statement's printings (used by `index`) |
//! | `people` | who speaks for whom: learned from the store, read from Wikidata, the shipped list |
//! | `entities` | the gazetteer: sides, their names, the people who speak for them |
//! | `web` | page bytes → article, feed bytes → items, the followed feeds |
//! | `extract` | article text → statements (quotes and reported speech, speaker, side) |
//! | `ingest` | an article prepared for the store: front matter, extraction, ids |
//! | `store` | the articles and statements: `ArticleStore`, the one seam (add, retract, restore, changes, load), `Files`, the folder on disk, and `postgres`, the same in PostgreSQL with a change log replicas follow |
//! | `index` | the in-memory index the answers read, built from the store and kept in step |
//! | `answer` | a question → a `Reply`: the reader (`query`), one file per command, `reply` |
//! | `render` | a `Reply` as a Discord message, terminal text or JSON |
//! | `follow_rules` | the follows and whether a new statement is posted to one |
//! | `app` | loading the whole answerable state from a data folder |
//!
//! | shell | what it does |
//! | --- | --- |
//! | `environment` | every environment variable the program reads, and the one reader they go through |
//! | `fetch` | the one way pages and feeds come in over the network |
//! | `shell::cli` | the command line's commands (`main.rs` only parses and dispatches) |
//! | `shell::discord`, `shell::http` | the gateway bot and the HTTP interactions endpoint |
//! | `shell::live`, `shell::watcher`, `shell::poster` | the index following the store, the feed poll, posting to followers |
//!
//! A question travels: Discord event or command line → `shell` → `answer::query::read` →
//! `answer::answer` (reads `index`) → `Reply` → `render` → Discord payload or text.
//! An article travels: `fetch` (or a file) → `web::page` → `ingest::prepare` (`extract`) →
//! `store` (written once, whatever the route) → `index` (rebuilt or edited in place by
//! `shell::live`) → answers, and `follow_rules` → `shell::poster` → Discord.

pub mod answer;
pub mod app;
pub mod entities;
pub mod environment;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod follow_rules;
pub mod index;
pub mod ingest;
pub mod language;
pub mod locale;
pub mod model;
pub mod people;
pub mod printings;
pub mod render;
pub mod shell;
pub mod store;
pub mod text;
pub mod web;
pub mod wording;
