//! The store's interface tests: the same checks against the files and against PostgreSQL (the
//! latter on the server POSITIONS_TEST_DATABASE_URL names, each test in a database of its own;
//! skipped with a printed reason without one).

use std::path::Path;

use super::postgres::{test_database, Postgres};
use super::*;
use crate::model::{fingerprint, statement_id, Kind, Speaker};
use crate::store::fake_index::Fake;

/// A scratch data folder with the project's gazetteer.
pub(super) fn scratch() -> (tempfile::TempDir, Gazetteer) {
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["entities.json", "people.json"] {
        std::fs::copy(project.join(file), dir.path().join(file)).expect("copy gazetteer");
    }
    let gazetteer = Gazetteer::load(dir.path()).expect("gazetteer");
    (dir, gazetteer)
}

fn article(id: &str, url: &str, body: &str) -> Article {
    Article {
        id: id.to_string(),
        title: Some(id.to_string()),
        url: Some(url.to_string()),
        fingerprint: fingerprint(body),
        ..Article::default()
    }
}

/// An article of two statements by the German chancellor, with its body.
pub(super) fn two_statements(id: &str) -> (Article, String, Vec<Statement>) {
    let lines = [
        format!("Germany will help in {id}."),
        format!("Germany will pay in {id}."),
    ];
    let statements = lines
        .iter()
        .enumerate()
        .map(|(i, text)| Statement {
            id: statement_id(id, text, i as u32 + 1).into(),
            text: text.as_str().into(),
            kind: Kind::Direct,
            speaker: Speaker {
                name: "Friedrich Merz".into(),
                role: Some("Chancellor of Germany".into()),
            },
            entity: Some("DE".to_string()),
            mentions: Vec::new(),
            article: id.to_string(),
            paragraph: i as u32 + 1,
        })
        .collect();
    let body = lines.join("\n") + "\n";
    let a = article(id, &format!("https://example.org/{id}"), &body);
    (a, body, statements)
}

fn retraction(id: &str) -> Retraction {
    Retraction {
        id: id.to_string(),
        by: "test".to_string(),
        at: "2026-01-07T12:00:00Z".to_string(),
        reason: Some("a test".to_string()),
    }
}

/// Runs `check` against the files and, when a test server is given, PostgreSQL.
fn against_both(name: &str, check: impl Fn(&dyn ArticleStore, &Gazetteer)) {
    let (dir, gazetteer) = scratch();
    check(&Files::new(dir.path()), &gazetteer);
    let (dir, gazetteer) = scratch();
    if let Some(url) = test_database(name) {
        let pg = Postgres::connect(&url, dir.path()).expect("connect");
        check(&pg, &gazetteer);
    }
}

#[test]
fn both_refuse_a_stored_url_or_text() {
    against_both("refuse", |store, _| {
        let new = |id: &str| Added::New(id.to_string());
        let duplicate_of_a = Added::Duplicate("a".to_string());
        let steps = [
            ("a", "https://example.org/a", "First text.", new("a")),
            // The same URL, written another way: refused whatever the text.
            (
                "b",
                "http://Example.org/a/#top",
                "Other text.",
                duplicate_of_a.clone(),
            ),
            // The same text under another URL: refused.
            ("c", "https://example.org/c", "First text.", duplicate_of_a),
            // A new article asking for a taken id gets the next free one.
            ("a", "https://example.org/d", "Third text.", new("a-2")),
            ("a", "https://example.org/e", "Fourth text.", new("a-3")),
        ];
        for (id, url, body, expected) in steps {
            let added = store.add_article(article(id, url, body), body, Vec::new());
            assert_eq!(added.expect("add"), expected, "{id} {url}");
        }
        assert_eq!(
            store
                .stored_with_url("https://example.org/a/")
                .expect("read"),
            Some("a".to_string())
        );
        assert_eq!(store.article_list().expect("read").articles.len(), 3);
    });
}

#[test]
fn both_give_back_what_was_stored_in_order() {
    against_both("roundtrip", |store, gazetteer| {
        let mut wrote = Vec::new();
        for id in ["b-article", "a-article", "c-article"] {
            let (a, body, statements) = two_statements(id);
            store
                .add_article(a.clone(), &body, statements.clone())
                .expect("add");
            wrote.push((a, body, statements));
        }
        let loaded = store.load(gazetteer).expect("load");
        // Articles in the order of their ids, as the folders are listed.
        wrote.sort_by(|x, y| x.0.id.cmp(&y.0.id));
        let articles: Vec<(Article, String)> = loaded
            .articles
            .iter()
            .map(|a| (a.meta.clone(), a.body.clone()))
            .collect();
        let expected: Vec<(Article, String)> = wrote
            .iter()
            .map(|(a, b, _)| (a.clone(), b.clone()))
            .collect();
        assert_eq!(articles, expected);
        let statements: Vec<Statement> = wrote.iter().flat_map(|w| w.2.clone()).collect();
        assert_eq!(loaded.statements, statements);
        let counts = store.check(gazetteer).expect("check");
        assert_eq!((counts.articles, counts.statements), (3, 6));
        let indexed = store.load_for_index(gazetteer).expect("load");
        assert_eq!(indexed.statements, statements);
    });
}

#[test]
fn both_retract_and_restore_once() {
    against_both("retract", |store, gazetteer| {
        let (a, body, statements) = two_statements("paris");
        store
            .add_article(a, &body, statements.clone())
            .expect("add");
        let id = statements[0].id.clone();
        store.retract(gazetteer, retraction(&id)).expect("retract");
        assert!(matches!(
            store.retract(gazetteer, retraction(&id)),
            Err(RetractError::AlreadyRetracted(_))
        ));
        assert!(matches!(
            store.retract(gazetteer, retraction("no-such-statement")),
            Err(RetractError::Unknown(_))
        ));
        let loaded = store.load(gazetteer).expect("load");
        assert_eq!(loaded.retractions, vec![retraction(&id)]);
        assert_eq!(
            store.restore(gazetteer, &id).expect("restore"),
            retraction(&id)
        );
        assert!(matches!(
            store.restore(gazetteer, &id),
            Err(RetractError::NotRetracted(_))
        ));
        assert!(matches!(
            store.restore(gazetteer, "no-such-statement"),
            Err(RetractError::Unknown(_))
        ));
        assert!(store.load(gazetteer).expect("load").retractions.is_empty());
    });
}

#[test]
fn both_tell_what_changed_since_the_stamps() {
    against_both("changes", |store, gazetteer| {
        let (a, body, statements) = two_statements("first");
        store.add_article(a, &body, statements).expect("add");
        let stamps = store.stamps();
        let index = Fake::of(store, gazetteer);
        assert!(store
            .changes(gazetteer, &index, &stamps, Look::Full)
            .is_empty());

        let (a, body, second) = two_statements("second");
        store.add_article(a, &body, second.clone()).expect("add");
        store
            .retract(gazetteer, retraction(&second[1].id))
            .expect("retract");
        let diff = store.changes(gazetteer, &index, &stamps, Look::Quick);
        assert!(diff.rebuild.is_none(), "{:?}", diff.rebuild);
        assert!(diff.broken.is_empty(), "{:?}", diff.broken);
        assert_eq!(diff.added.len(), 1);
        assert_eq!(diff.added[0].article.id, "second");
        assert_eq!(diff.added[0].statements, second);
        assert_eq!(diff.retracted, vec![second[1].id.to_string()]);

        // The index brought up to date: nothing more, until a restore.
        let index = Fake::of(store, gazetteer);
        let later = diff.stamps;
        assert!(store
            .changes(gazetteer, &index, &later, Look::Quick)
            .is_empty());
        store.restore(gazetteer, &second[1].id).expect("restore");
        let diff = store.changes(gazetteer, &index, &later, Look::Full);
        assert_eq!(diff.restored, vec![second[1].id.to_string()]);
        assert!(diff.added.is_empty());

        let one = store
            .new_article(gazetteer, "second", &Fake::default())
            .expect("read back");
        assert_eq!(one.statements, second);
    });
}

#[test]
fn the_database_numbers_changes_without_gaps_even_with_writers_at_once() {
    let (dir, gazetteer) = scratch();
    let Some(url) = test_database("gapless") else {
        return;
    };
    let pg = Postgres::connect(&url, dir.path()).expect("connect");
    std::thread::scope(|scope| {
        for writer in 0..3 {
            let url = url.clone();
            let dir = dir.path().to_path_buf();
            scope.spawn(move || {
                let pg = Postgres::connect(&url, dir).expect("connect");
                for k in 0..10 {
                    let (a, body, statements) = two_statements(&format!("w{writer}-{k}"));
                    assert!(matches!(
                        pg.add_article(a, &body, statements).expect("add"),
                        Added::New(_)
                    ));
                }
            });
        }
    });
    let seqs: Vec<i64> = pg
        .database()
        .with(|c| c.query("SELECT seq FROM changes ORDER BY seq", &[]))
        .expect("read the log")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seqs, (1..=30).collect::<Vec<i64>>());
    assert_eq!(pg.position().expect("position").0, 30);
    assert_eq!(pg.load(&gazetteer).expect("load").statements.len(), 60);
}

#[test]
fn a_refused_article_takes_no_number() {
    let (dir, gazetteer) = scratch();
    let Some(url) = test_database("refused") else {
        return;
    };
    let pg = Postgres::connect(&url, dir.path()).expect("connect");
    let (a, body, statements) = two_statements("one");
    pg.add_article(a, &body, statements.clone()).expect("add");
    // An article whose statement id another article holds is refused whole.
    let (mut b, body, _) = two_statements("two");
    b.url = Some("https://example.org/other".to_string());
    let mut clash = statements.clone();
    for s in &mut clash {
        s.article = "two".to_string();
    }
    assert!(pg.add_article(b, &(body + "more\n"), clash).is_err());
    let (c, body, statements) = two_statements("three");
    pg.add_article(c, &body, statements).expect("add");
    assert_eq!(pg.position().expect("position").0, 2);
    let store = pg.load(&gazetteer).expect("load");
    assert_eq!(store.articles.len(), 2);
    assert_eq!(store.statements.len(), 4);
}

#[test]
fn a_mistyped_or_unreachable_url_is_one_line_without_the_password() {
    let e = Postgres::connect("postgres://me:secret@", "data")
        .expect_err("no host")
        .to_string();
    assert!(!e.contains("secret") && !e.contains('\n'), "{e}");
    let e = Postgres::connect("postgres://me:secret@127.0.0.1:1/x", "data")
        .expect_err("nothing listens on port 1")
        .to_string();
    assert!(!e.contains("secret") && !e.contains('\n'), "{e}");
    assert!(e.contains("cannot connect"), "{e}");
    let e = Postgres::connect("mysql:/nothing here", "data")
        .expect_err("not a URL of PostgreSQL")
        .to_string();
    assert!(e.contains("POSITIONS_DATABASE_URL"), "{e}");
}
