//! Reading the database store: rows into articles, statements and retractions (each statement
//! checked as the files' loader checks it), everything for a build, and the changes after the
//! place in the change log an index matches — each read in one snapshot of the database.

use std::collections::{HashMap, HashSet};

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Json;
use postgres::{GenericClient, IsolationLevel, Row};

use super::Postgres;
use crate::entities::Gazetteer;
use crate::error::DataError;
use crate::model::{Article, Statement};
use crate::store::format::validate_statement;
use crate::store::{
    Counts, Indexed, NewArticle, Retraction, Stamps, Store, StoreDiff, StoredArticle,
};

pub const ARTICLE_COLUMNS: &str = "id, title, publisher, url, published, language, fingerprint";

pub fn article(row: &Row) -> Article {
    Article {
        id: row.get(0),
        title: row.get(1),
        publisher: row.get(2),
        url: row.get(3),
        published: row.get(4),
        language: row.get(5),
        fingerprint: row.get(6),
    }
}

pub fn retraction(row: &Row) -> Retraction {
    Retraction {
        id: row.get(0),
        by: row.get(1),
        at: row.get(2),
        reason: row.get(3),
    }
}

/// The last change's number and a hash of the database's id, from `change_counter`.
pub fn position(row: &Row) -> (u64, u64) {
    let last: i64 = row.get(0);
    let store: String = row.get(1);
    (last.max(0) as u64, crate::model::fnv64(&[&store]))
}

fn statement_error(article: &str, message: String) -> DataError {
    DataError::database(format!("article `{article}`: {message}"))
}

/// Everything, for a build, in one snapshot; bodies only when asked (the index needs none).
pub fn load(pg: &Postgres, gazetteer: &Gazetteer, bodies: bool) -> Result<Store, DataError> {
    let read = pg.db.with(|c| {
        let mut tx = c
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let body = if bodies { "body" } else { "''" };
        let articles: Vec<StoredArticle> = tx
            .query(
                &format!(
                    "SELECT {ARTICLE_COLUMNS}, {body} FROM articles ORDER BY id COLLATE \"C\""
                ),
                &[],
            )?
            .iter()
            .map(|r| StoredArticle {
                meta: article(r),
                body: r.get(7),
            })
            .collect();
        let mut statements: Vec<Statement> = Vec::new();
        let mut bad: Option<DataError> = None;
        let mut rows = tx.query_raw(
            "SELECT record FROM statements ORDER BY article COLLATE \"C\", position",
            std::iter::empty::<i32>(),
        )?;
        while let Some(row) = rows.next()? {
            match row.try_get::<_, Json<Statement>>(0) {
                Ok(Json(s)) => statements.push(s),
                Err(e) if bad.is_none() => {
                    bad = Some(DataError::database(format!(
                        "a statement's record cannot be read ({e})"
                    )))
                }
                Err(_) => {}
            }
        }
        drop(rows);
        let retractions: Vec<Retraction> = tx
            .query(
                "SELECT id, by_whom, at, reason FROM retractions ORDER BY seq",
                &[],
            )?
            .iter()
            .map(retraction)
            .collect();
        tx.commit()?;
        Ok((articles, statements, retractions, bad))
    })?;
    let (articles, statements, retractions, bad) = read;
    if let Some(e) = bad {
        return Err(e);
    }
    let metas: HashMap<&str, &Article> = articles
        .iter()
        .map(|a| (a.meta.id.as_str(), &a.meta))
        .collect();
    for s in &statements {
        if let Some(a) = metas.get(s.article.as_str()) {
            validate_statement(s, a, gazetteer).map_err(|m| statement_error(&a.id, m))?;
        }
    }
    drop(metas);
    Ok(Store {
        articles,
        statements,
        retractions,
    })
}

/// What `check` counts, with every statement's text found in its article.
pub fn check(store: &Store, gazetteer: &Gazetteer) -> Result<Counts, DataError> {
    let bodies: HashMap<&str, &str> = store
        .articles
        .iter()
        .map(|a| (a.meta.id.as_str(), a.body.as_str()))
        .collect();
    for s in &store.statements {
        let body = bodies.get(s.article.as_str()).copied().unwrap_or_default();
        if !body.contains(&*s.text) {
            return Err(statement_error(
                &s.article,
                format!(
                    "field `text`: statement `{}` is not printed in the article as written",
                    s.id
                ),
            ));
        }
    }
    Ok(Counts {
        articles: store.articles.len(),
        statements: store.statements.len(),
        retracted: store.retracted_ids().len(),
        entities: gazetteer.entities().len(),
        people: gazetteer.people().len(),
    })
}

/// The articles `ids` with their statements, in that order, each checked as the loader checks
/// it (a statement id the index or another of them holds is refused).
fn read_articles(
    c: &mut impl GenericClient,
    gazetteer: &Gazetteer,
    ids: &[String],
    index: &dyn Indexed,
) -> Result<Vec<Result<NewArticle, DataError>>, postgres::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut metas: HashMap<String, Article> = c
        .query(
            &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ANY($1)"),
            &[&ids],
        )?
        .iter()
        .map(|r| {
            let a = article(r);
            (a.id.clone(), a)
        })
        .collect();
    let mut statements: HashMap<String, Vec<Result<Statement, String>>> = HashMap::new();
    for r in c.query(
        "SELECT article, record FROM statements WHERE article = ANY($1) ORDER BY position",
        &[&ids],
    )? {
        let article: String = r.get(0);
        let s = r
            .try_get::<_, Json<Statement>>(1)
            .map(|j| j.0)
            .map_err(|e| format!("a statement's record cannot be read ({e})"));
        statements.entry(article).or_default().push(s);
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(meta) = metas.remove(id) else {
            continue;
        };
        let read = (|| {
            let mut list = Vec::new();
            let mut here = HashSet::new();
            for s in statements.remove(id).unwrap_or_default() {
                let s = s.map_err(|m| statement_error(id, m))?;
                validate_statement(&s, &meta, gazetteer).map_err(|m| statement_error(id, m))?;
                if !here.insert(s.id.to_string())
                    || index.has_statement(&s.id)
                    || seen.contains(&*s.id)
                {
                    return Err(statement_error(
                        id,
                        format!(
                            "field `id`: duplicate id `{}` (already stored in another article)",
                            s.id
                        ),
                    ));
                }
                list.push(s);
            }
            Ok(NewArticle {
                article: meta,
                statements: list,
            })
        })();
        if let Ok(a) = &read {
            seen.extend(a.statements.iter().map(|s| s.id.to_string()));
        }
        out.push(read);
    }
    Ok(out)
}

/// One article as the index takes it (for a writer of this process to hand its own article on).
pub fn new_articles(
    pg: &Postgres,
    gazetteer: &Gazetteer,
    ids: &[String],
    index: &dyn Indexed,
) -> Result<Vec<NewArticle>, DataError> {
    pg.db
        .with(|c| read_articles(c, gazetteer, ids, index))?
        .into_iter()
        .collect()
}

/// The store compared with the index: the articles added after the change the index matches
/// (`before`), in the order they were committed, and the retractions made or undone; a rebuild
/// when the gazetteer changed or the index matches another database or a later change.
pub fn changes(
    pg: &Postgres,
    gazetteer: &Gazetteer,
    index: &dyn Indexed,
    before: &Stamps,
) -> StoreDiff {
    let mut out = StoreDiff::default();
    let files = Stamps::gazetteer(pg.data());
    if let Some(name) = files.gazetteer_changed(before) {
        out.rebuild = Some(format!("{name} changed"));
    }
    let read = pg.db.with(|c| {
        let mut tx = c
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let (last, store) = position(&tx.query_one(
            "SELECT last, store_id FROM change_counter",
            &[],
        )?);
        let mut rebuild = None;
        let ids: Vec<String> = match before.change_log() {
            Some((seq, was)) if was == store && seq <= last => {
                let mut ids = Vec::new();
                for r in tx.query(
                    "SELECT subject, kind FROM changes WHERE seq > $1 AND kind IN ('add', 'people') ORDER BY seq",
                    &[&(seq as i64)],
                )? {
                    if r.get::<_, &str>(1) == "people" {
                        rebuild = Some("the Wikidata people changed".to_string());
                    } else {
                        ids.push(r.get(0));
                    }
                }
                ids
            }
            known => {
                if known.is_some() {
                    rebuild = Some("the index was built from another database, or from changes it no longer has".to_string());
                }
                let all: Vec<String> = tx
                    .query("SELECT id FROM articles ORDER BY seq", &[])?
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                let known = all.iter().filter(|id| index.has_article(id)).count();
                if known < index.articles() && rebuild.is_none() {
                    rebuild = Some("an article is gone from the database".to_string());
                }
                all
            }
        };
        let new: Vec<String> = ids.into_iter().filter(|id| !index.has_article(id)).collect();
        let articles = if rebuild.is_none() {
            read_articles(&mut tx, gazetteer, &new, index)?
        } else {
            Vec::new()
        };
        let retracted: Vec<String> = tx
            .query("SELECT id FROM retractions ORDER BY seq", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        tx.commit()?;
        Ok((last, store, rebuild, articles, retracted))
    });
    let (last, store, rebuild, articles, retracted) = match read {
        Ok(r) => r,
        Err(e) => {
            out.broken.push(e);
            out.stamps = before.clone();
            return out;
        }
    };
    out.stamps = files.at_change(last, store);
    if out.rebuild.is_none() {
        out.rebuild = rebuild;
    }
    if out.rebuild.is_some() {
        return out;
    }
    let mut new_ids: HashSet<String> = HashSet::new();
    for a in articles {
        match a {
            Ok(a) => {
                new_ids.extend(a.statements.iter().map(|s| s.id.to_string()));
                out.added.push(a);
            }
            Err(e) => out.broken.push(e),
        }
    }
    let in_db: HashSet<&str> = retracted.iter().map(String::as_str).collect();
    let in_index = index.retracted();
    out.retracted = retracted
        .iter()
        .filter(|id| !in_index.contains(*id))
        .filter(|id| index.has_statement(id) || new_ids.contains(*id))
        .cloned()
        .collect();
    out.restored = in_index
        .into_iter()
        .filter(|id| !in_db.contains(id.as_str()))
        .collect();
    out.restored.sort();
    out
}
