//! The registry's interface tests: feeds, the watcher's memory, follows, the poster's cursor and
//! the Wikidata people, the same checks against the files and against PostgreSQL (skipped with a
//! printed reason without POSITIONS_TEST_DATABASE_URL); and `copy` between the two, both ways.

use super::interface_tests::{scratch, two_statements};
use super::postgres::{test_database, Postgres};
use super::*;
use crate::entities::{OfficeRecord, PersonRecord, WikidataPeople};
use crate::follow_rules::{Cursor, Follow, Pause};
use crate::store::fake_index::Fake;
use crate::web::feeds::FollowedFeed;

/// Runs `check` against the files and, when a test server is given, PostgreSQL.
fn against_both(name: &str, check: impl Fn(&dyn Registry, &dyn ArticleStore, &Gazetteer)) {
    let (dir, gazetteer) = scratch();
    let files = Files::new(dir.path());
    check(&files, &files, &gazetteer);
    let (dir, gazetteer) = scratch();
    if let Some(url) = test_database(name) {
        let pg = Postgres::connect(&url, dir.path()).expect("connect");
        check(&pg, &pg, &gazetteer);
    }
}

fn feed(url: &str) -> FollowedFeed {
    FollowedFeed {
        url: url.to_string(),
        name: Some("The Ledger".to_string()),
        added_by: "alice".to_string(),
        added_at: "2026-01-01T00:00:00Z".to_string(),
    }
}

/// A follow with a Discord id too large for a JSON number in some readers.
fn follow(channel: u64, side: &str, topic: Option<&str>) -> Follow {
    Follow {
        guild: 1_234_567_890_123_456_789,
        channel,
        side: side.to_string(),
        name: side.to_string(),
        topic: topic.map(str::to_string),
        by: "alice (42)".to_string(),
        at: "2026-01-02T03:04:05Z".to_string(),
        paused: None,
        locale: Some("es-ES".to_string()),
    }
}

fn people() -> WikidataPeople {
    WikidataPeople {
        source: "a test".to_string(),
        refreshed: "2026-01-03".to_string(),
        people: vec![PersonRecord {
            name: "Erika Beispiel".to_string(),
            aliases: Vec::new(),
            entity: "DE".to_string(),
            offices: vec![OfficeRecord {
                role: "Minister of Examples of Germany".to_string(),
                titles: vec!["minister of examples".to_string()],
                from: Some("2025-05-06".to_string()),
                to: None,
                shared: false,
            }],
            note: None,
            checked: None,
            source: None,
            wikidata: Some("Q1".to_string()),
        }],
    }
}

#[test]
fn both_keep_feeds_once_in_order_and_forget_a_removed_one() {
    against_both("reg_feeds", |registry, _, _| {
        assert!(registry.feeds().expect("read").is_empty());
        assert!(registry
            .add_feed(feed("https://b.example/rss"))
            .expect("add"));
        assert!(registry
            .add_feed(feed("https://a.example/feed"))
            .expect("add"));
        assert!(!registry
            .add_feed(feed("https://a.example/feed"))
            .expect("add"));
        assert_eq!(
            registry.feeds().expect("read"),
            vec![
                feed("https://b.example/rss"),
                feed("https://a.example/feed")
            ]
        );
        registry
            .update_memory("https://a.example/feed", &mut |m| {
                m.etag = Some("\"v1\"".to_string());
                m.item_seen("item-1");
                m.failed("timed out".to_string(), 100, 600);
                m.item_failures.insert("item-2".to_string(), 2);
            })
            .expect("remember");
        let state = registry.feed_state().expect("read");
        let memory = &state.feeds["https://a.example/feed"];
        assert_eq!(memory.etag.as_deref(), Some("\"v1\""));
        assert!(memory.seen.contains("item-1"));
        assert_eq!((memory.failures, memory.retry_at), (1, Some(700)));
        assert_eq!(memory.last_error.as_deref(), Some("timed out"));
        assert_eq!(memory.item_failures.get("item-2"), Some(&2));
        assert!(!state.due("https://a.example/feed", 699));

        assert!(registry
            .remove_feed("https://a.example/feed")
            .expect("remove"));
        assert!(!registry
            .remove_feed("https://a.example/feed")
            .expect("remove"));
        assert_eq!(
            registry.feeds().expect("read"),
            vec![feed("https://b.example/rss")]
        );
        assert!(registry.feed_state().expect("read").feeds.is_empty());
    });
}

#[test]
fn both_store_a_feeds_article_with_its_item_seen() {
    against_both("reg_feed_article", |registry, store, gazetteer| {
        let url = "https://a.example/feed";
        registry.add_feed(feed(url)).expect("add");
        let (a, body, statements) = two_statements("from-feed");
        let added = registry
            .add_feed_article(url, "item-1", a.clone(), &body, statements.clone())
            .expect("store");
        assert_eq!(added, Added::New("from-feed".to_string()));
        // The same page under another item: found stored, and that item is seen too.
        let again = registry
            .add_feed_article(url, "item-2", a, &body, statements.clone())
            .expect("store");
        assert_eq!(again, Added::Duplicate("from-feed".to_string()));
        let seen = &registry.feed_state().expect("read").feeds[url].seen;
        assert!(
            seen.contains("item-1") && seen.contains("item-2"),
            "{seen:?}"
        );
        assert_eq!(store.load(gazetteer).expect("load").statements, statements);
    });
}

#[test]
fn both_keep_follows_in_order_with_their_pause() {
    against_both("reg_follows", |registry, _, _| {
        assert!(registry.follows().expect("read").is_empty());
        let added = change_follows(registry, |all| {
            all.push(follow(987_654_321_987_654_321, "DE", None));
            all.push(follow(5, "FR", Some("energy")));
            all.len()
        })
        .expect("change");
        assert_eq!(added, 2);
        let paused = change_follows(registry, |all| {
            let key = all[1].key();
            crate::follow_rules::pause(
                all,
                &key,
                Pause {
                    at: "2026-01-05T00:00:00Z".to_string(),
                    reason: "the channel is gone (404)".to_string(),
                },
            )
        })
        .expect("change");
        assert!(paused);
        let read = registry.follows().expect("read");
        let mut expected = vec![
            follow(987_654_321_987_654_321, "DE", None),
            follow(5, "FR", Some("energy")),
        ];
        expected[1].paused = Some(Pause {
            at: "2026-01-05T00:00:00Z".to_string(),
            reason: "the channel is gone (404)".to_string(),
        });
        assert_eq!(read, expected);
        let removed = change_follows(registry, |all| {
            crate::follow_rules::remove(all, 987_654_321_987_654_321, "DE", None)
        })
        .expect("change");
        assert_eq!(removed.map(|f| f.side), Some("DE".to_string()));
        assert_eq!(registry.follows().expect("read"), vec![expected[1].clone()]);
    });
}

#[test]
fn both_keep_the_cursor_and_the_wikidata_people() {
    against_both("reg_cursor", |registry, _, _| {
        assert_eq!(registry.cursor().expect("read"), None);
        let mut cursor = Cursor::starting_at(["a", "b"]);
        cursor.mark_posted("c", "0123456789abcdef");
        registry.save_cursor(&cursor).expect("save");
        assert_eq!(registry.cursor().expect("read"), Some(cursor.clone()));
        cursor.finish("c");
        registry.save_cursor(&cursor).expect("save");
        assert_eq!(registry.cursor().expect("read"), Some(cursor));

        assert_eq!(registry.wikidata_people().expect("read"), None);
        registry.save_wikidata_people(&people()).expect("save");
        let stored = registry.wikidata_people().expect("read").expect("saved");
        let parsed =
            crate::entities::parse_wikidata_people(&stored.place, &stored.text).expect("parse");
        assert_eq!(
            serde_json::to_value(&parsed).expect("json"),
            serde_json::to_value(people()).expect("json")
        );
    });
}

#[test]
fn new_wikidata_people_make_a_replica_of_the_database_rebuild() {
    let (dir, gazetteer) = scratch();
    let Some(url) = test_database("reg_people_change") else {
        return;
    };
    let pg = Postgres::connect(&url, dir.path()).expect("connect");
    let (a, body, statements) = two_statements("before");
    pg.add_article(a, &body, statements).expect("add");
    let stamps = pg.stamps();
    let index = Fake::of(&pg, &gazetteer);
    assert!(pg
        .changes(&gazetteer, &index, &stamps, Look::Quick)
        .is_empty());
    pg.save_wikidata_people(&people()).expect("save");
    let diff = pg.changes(&gazetteer, &index, &stamps, Look::Quick);
    assert_eq!(diff.rebuild.as_deref(), Some("the Wikidata people changed"));
}

/// Fills a registry with a feed (and its memory), two follows, a cursor and Wikidata people.
fn fill(registry: &dyn Registry) {
    registry
        .add_feed(feed("https://a.example/feed"))
        .expect("add");
    registry
        .update_memory("https://a.example/feed", &mut |m| m.item_seen("item-1"))
        .expect("remember");
    change_follows(registry, |all| {
        all.push(follow(7, "DE", None));
        all.push(follow(8, "EU", Some("trade")));
    })
    .expect("follows");
    registry
        .save_cursor(&Cursor::starting_at(["x"]))
        .expect("cursor");
    registry.save_wikidata_people(&people()).expect("people");
}

fn same(a: &dyn Registry, b: &dyn Registry) {
    assert_eq!(a.feeds().expect("read"), b.feeds().expect("read"));
    assert_eq!(a.feed_state().expect("read"), b.feed_state().expect("read"));
    assert_eq!(a.follows().expect("read"), b.follows().expect("read"));
    assert_eq!(a.cursor().expect("read"), b.cursor().expect("read"));
    let people = |r: &dyn Registry| {
        let w = r.wikidata_people().expect("read").expect("people");
        serde_json::to_value(
            crate::entities::parse_wikidata_people(&w.place, &w.text).expect("parse"),
        )
        .expect("json")
    };
    assert_eq!(people(a), people(b));
}

#[test]
fn copy_moves_everything_both_ways_once() {
    let (from, _) = scratch();
    let (back, _) = scratch();
    let Some(url) = test_database("reg_copy") else {
        return;
    };
    let files = Files::new(from.path());
    fill(&files);
    let pg = Postgres::connect(&url, back.path()).expect("connect");
    let copied = copy_registry(&files, &pg).expect("copy in");
    assert_eq!(
        copied,
        Copied {
            feeds: 1,
            follows: 2,
            cursor: true,
            wikidata: true
        }
    );
    assert_eq!(
        copy_registry(&files, &pg).expect("again"),
        Copied::default()
    );
    same(&files, &pg);
    let out = Files::new(back.path());
    assert_eq!(copy_registry(&pg, &out).expect("copy out").follows, 2);
    assert_eq!(copy_registry(&pg, &out).expect("again"), Copied::default());
    same(&pg, &out);
}
