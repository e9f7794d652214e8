//! The live index following a scratch store: changes applied in place, idempotent with a
//! writer's own apply, a rebuild when the gazetteer changes, the last good index kept when the
//! store is broken.

use std::path::Path;

use super::*;
use crate::model::{statement_id, Article, Kind, Speaker, Statement};

fn scratch() -> (tempfile::TempDir, Arc<LiveIndex>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for file in ["entities.json", "people.json"] {
        std::fs::copy(project.join(file), dir.path().join(file)).expect("copy gazetteer");
    }
    let stamps = Stamps::take(dir.path());
    let index = crate::app::load(dir.path()).expect("an empty store loads");
    let live = Arc::new(LiveIndex::new(dir.path().to_path_buf(), index));
    live.set_baseline(0, stamps);
    (dir, live)
}

fn add(dir: &Path, id: &str) {
    let text = format!("Germany will help in {id}.");
    let body = format!("{text}\n");
    let who = ("Friedrich Merz", "Chancellor of Germany", "DE");
    write_one(dir, id, None, &body, &text, who);
}

/// Writes article `id` (dated `published`) with one direct quote, `text`, of `who` (name, office,
/// side) in `body`; returns the statement's id.
fn write_one(
    dir: &Path,
    id: &str,
    published: Option<&str>,
    body: &str,
    text: &str,
    who: (&str, &str, &str),
) -> String {
    let statement = Statement {
        id: statement_id(id, text, 1).into(),
        text: text.into(),
        kind: Kind::Direct,
        speaker: Speaker {
            name: who.0.into(),
            role: Some(who.1.into()),
        },
        entity: Some(who.2.to_string()),
        mentions: Vec::new(),
        article: id.to_string(),
        paragraph: 1,
    };
    let article = Article {
        id: id.to_string(),
        published: published.map(str::to_string),
        fingerprint: store::body_fingerprint(body),
        ..Article::default()
    };
    let sid = statement.id.to_string();
    store::write_article(dir, &article, body, &[statement]).expect("write article");
    sid
}

#[test]
fn a_new_folder_is_applied_in_place_once() {
    let (dir, live) = scratch();
    let before = live.generation();
    add(dir.path(), "berlin");
    assert_eq!(
        live.refresh(Look::Full),
        Refreshed::Applied(Applied {
            applied: 1,
            skipped: 0
        })
    );
    assert!(live.read().has_article("berlin"));
    assert_eq!(live.read().len(), 1);
    assert!(live.generation() > before);
    assert_eq!(live.refresh(Look::Full), Refreshed::Nothing);
}

#[test]
fn a_writers_own_apply_leaves_the_look_nothing_to_do() {
    let (dir, live) = scratch();
    add(dir.path(), "berlin");
    let done = live.add_stored("berlin").expect("valid folder");
    assert_eq!(done.applied, 1);
    assert_eq!(live.refresh(Look::Full), Refreshed::Nothing);
    assert_eq!(live.add_stored("berlin").expect("valid").skipped, 1);
}

#[test]
fn a_changed_gazetteer_rebuilds_and_a_broken_one_keeps_the_last_index() {
    let (dir, live) = scratch();
    add(dir.path(), "berlin");
    live.refresh(Look::Full);
    let entities = dir.path().join("entities.json");
    let good = std::fs::read_to_string(&entities).unwrap();
    std::fs::write(&entities, format!("{good}\n")).unwrap();
    assert_eq!(live.refresh(Look::Full), Refreshed::Rebuilt);
    assert!(live.read().has_article("berlin"));

    std::fs::write(&entities, "{ broken").unwrap();
    assert_eq!(live.refresh(Look::Full), Refreshed::Broken);
    assert!(
        live.read().has_article("berlin"),
        "the last good index serves"
    );
    assert_eq!(
        live.refresh(Look::Full),
        Refreshed::Nothing,
        "reported and tried once"
    );

    std::fs::write(&entities, good).unwrap();
    assert_eq!(live.refresh(Look::Full), Refreshed::Rebuilt);
}

/// Writes an article in which Estonia's foreign minister is introduced by name and office.
fn introduce(dir: &Path, id: &str) -> String {
    let text = "We cannot wait for another winter of drone strikes.";
    let body = format!("Estonian Foreign Minister Arvo Kaskema said: \"{text}\"\n");
    let who = ("Arvo Kaskema", "Estonian Foreign Minister", "EE");
    write_one(dir, id, Some("2026-11-02"), &body, text, who)
}

/// The side `/position Kaskema` answers for, if any.
fn kaskema_side(live: &LiveIndex) -> Option<String> {
    crate::answer::ask(&live.read(), "/position Kaskema", 0)
        .entity
        .map(|e| e.name.to_string())
}

#[test]
fn a_person_an_article_introduces_is_known_at_once_and_forgotten_with_a_retraction() {
    let (dir, live) = scratch();
    assert_eq!(kaskema_side(&live), None);
    let id = introduce(dir.path(), "tallinn");
    assert!(matches!(live.refresh(Look::Full), Refreshed::Applied(_)));
    // Known by the next question and by the next article's reading, without a restart.
    assert_eq!(kaskema_side(&live).as_deref(), Some("Estonia"));
    assert!(!live.gazetteer().people_named("Arvo Kaskema").is_empty());

    live.apply(vec![Change::Retract { id: id.clone() }]);
    assert!(live.gazetteer().people_named("Arvo Kaskema").is_empty());
    assert_eq!(kaskema_side(&live), None);
    live.apply(vec![Change::Restore { id }]);
    assert_eq!(kaskema_side(&live).as_deref(), Some("Estonia"));
}
