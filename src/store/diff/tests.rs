//! The diff against a fake index: new folders, retractions and restores, broken folders, and
//! what only a full rebuild can follow.

use std::path::Path;

use super::*;
use crate::model::{statement_id, Kind, Speaker};
use crate::store::fake_index::Fake;
use crate::store::{write_article, Retraction};

fn project_data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A scratch store with the project's gazetteer and no article.
fn scratch() -> (tempfile::TempDir, Gazetteer) {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in GAZETTEER_FILES {
        // The Wikidata people are written by a refresh: the project ships none.
        if project_data().join(file).exists() {
            fs::copy(project_data().join(file), dir.path().join(file)).expect("copy gazetteer");
        }
    }
    let gazetteer = Gazetteer::load(dir.path()).expect("gazetteer");
    (dir, gazetteer)
}

fn said(article: &str, paragraph: u32, text: &str) -> Statement {
    Statement {
        id: statement_id(article, text, paragraph).into(),
        text: text.into(),
        kind: Kind::Direct,
        speaker: Speaker {
            name: "Friedrich Merz".into(),
            role: Some("Chancellor of Germany".into()),
        },
        entity: Some("DE".to_string()),
        mentions: Vec::new(),
        article: article.to_string(),
        paragraph,
    }
}

/// Writes an article of two statements; gives their ids.
fn add(dir: &Path, id: &str) -> Vec<String> {
    let lines = [
        format!("Germany will help in {id}."),
        format!("Germany will pay in {id}."),
    ];
    let statements: Vec<Statement> = lines
        .iter()
        .enumerate()
        .map(|(i, t)| said(id, i as u32 + 1, t))
        .collect();
    let body = lines.join("\n") + "\n";
    let article = Article {
        id: id.to_string(),
        title: Some(format!("About {id}")),
        fingerprint: crate::store::body_fingerprint(&body),
        ..Article::default()
    };
    write_article(dir, &article, &body, &statements).expect("write article");
    statements.into_iter().map(|s| s.id.to_string()).collect()
}

fn retract(dir: &Path, gazetteer: &Gazetteer, id: &str) {
    let r = Retraction {
        id: id.to_string(),
        by: "test".to_string(),
        at: "2026-01-07T12:00:00Z".to_string(),
        reason: None,
    };
    crate::store::retract(dir, gazetteer, r).expect("retract");
}

#[test]
fn an_up_to_date_index_has_nothing_to_do() {
    let (dir, g) = scratch();
    add(dir.path(), "berlin");
    let before = Stamps::take(dir.path());
    let index = Fake::of(&crate::store::Files::new(dir.path()), &g);
    let d = diff(dir.path(), &g, &index, &before, Look::Full);
    assert!(d.is_empty() && d.broken.is_empty(), "{d:?}");
    assert_eq!(d.stamps, before);
}

#[test]
fn a_new_folder_is_added_with_every_statement() {
    let (dir, g) = scratch();
    add(dir.path(), "berlin");
    let before = Stamps::take(dir.path());
    let index = Fake::of(&crate::store::Files::new(dir.path()), &g);
    let ids = add(dir.path(), "paris");
    let d = diff(dir.path(), &g, &index, &before, Look::Full);
    assert_eq!(d.added.len(), 1, "{d:?}");
    assert_eq!(d.added[0].article.id, "paris");
    let got: Vec<&str> = d.added[0]
        .statements
        .iter()
        .map(|s| s.id.as_ref())
        .collect();
    assert_eq!(got, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(d.rebuild.is_none() && d.broken.is_empty());
}

#[test]
fn temporary_folders_are_not_articles() {
    let (dir, g) = scratch();
    add(dir.path(), "berlin");
    let index = Fake::of(&crate::store::Files::new(dir.path()), &g);
    fs::create_dir(dir.path().join("articles/.tmp-paris-1")).unwrap();
    let d = diff(
        dir.path(),
        &g,
        &index,
        &Stamps::take(dir.path()),
        Look::Full,
    );
    assert!(d.is_empty() && d.broken.is_empty(), "{d:?}");
}

#[test]
fn a_broken_new_folder_is_reported_with_its_line_and_the_others_added() {
    let (dir, g) = scratch();
    let index = Fake::default();
    add(dir.path(), "berlin");
    add(dir.path(), "paris");
    let file = dir.path().join("articles/berlin/statements.jsonl");
    let text = fs::read_to_string(&file).unwrap();
    let broken: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 1 {
                l.replace("\"DE\"", "\"Atlantis\"")
            } else {
                l.to_string()
            }
        })
        .collect();
    fs::write(&file, broken.join("\n") + "\n").unwrap();
    let d = diff(dir.path(), &g, &index, &Stamps::default(), Look::Full);
    let added: Vec<&str> = d.added.iter().map(|a| a.article.id.as_str()).collect();
    assert_eq!(added, ["paris"]);
    assert_eq!(d.broken.len(), 1);
    let message = d.broken[0].to_string();
    assert!(
        message
            .contains("berlin/statements.jsonl line 2: field `entity`: unknown entity `Atlantis`"),
        "{message}"
    );
}

#[test]
fn a_statement_already_stored_elsewhere_is_a_duplicate() {
    let (dir, g) = scratch();
    let ids = add(dir.path(), "berlin");
    let mut index = Fake::default();
    index.statements.insert(ids[1].clone());
    let d = diff(dir.path(), &g, &index, &Stamps::default(), Look::Full);
    assert!(d.added.is_empty());
    let message = d.broken[0].to_string();
    assert!(
        message.contains("berlin/statements.jsonl line 2: field `id`: duplicate id"),
        "{message}"
    );
}

#[test]
fn retractions_and_restores_are_told_apart() {
    let (dir, g) = scratch();
    let ids = add(dir.path(), "berlin");
    retract(dir.path(), &g, &ids[0]);
    let before = Stamps::take(dir.path());
    let index = Fake::of(&crate::store::Files::new(dir.path()), &g);

    crate::store::restore(dir.path(), &g, &ids[0]).expect("restore");
    retract(dir.path(), &g, &ids[1]);
    let d = diff(dir.path(), &g, &index, &before, Look::Full);
    assert_eq!(d.retracted, [ids[1].clone()]);
    assert_eq!(d.restored, [ids[0].clone()]);
    assert!(d.added.is_empty() && d.rebuild.is_none(), "{d:?}");
}

#[test]
fn a_retraction_of_a_statement_in_a_new_folder_follows_its_add() {
    let (dir, g) = scratch();
    let index = Fake::default();
    let ids = add(dir.path(), "berlin");
    retract(dir.path(), &g, &ids[0]);
    let d = diff(dir.path(), &g, &index, &Stamps::default(), Look::Full);
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.retracted, [ids[0].clone()]);
}

#[test]
fn a_gone_folder_an_edited_folder_or_a_changed_gazetteer_needs_a_rebuild() {
    let (dir, g) = scratch();
    add(dir.path(), "berlin");
    add(dir.path(), "paris");
    let before = Stamps::take(dir.path());
    let index = Fake::of(&crate::store::Files::new(dir.path()), &g);

    fs::remove_dir_all(dir.path().join("articles/paris")).unwrap();
    let d = diff(dir.path(), &g, &index, &before, Look::Full);
    assert!(
        d.rebuild.as_deref().is_some_and(|r| r.contains("gone")),
        "{d:?}"
    );

    add(dir.path(), "paris");
    let before = Stamps::take(dir.path());
    let meta = dir.path().join("articles/berlin/article.json");
    let text = fs::read_to_string(&meta).unwrap();
    fs::write(
        &meta,
        text.replace("About berlin", "About Berlin, edited by hand"),
    )
    .unwrap();
    let d = diff(dir.path(), &g, &index, &before, Look::Full);
    assert_eq!(d.rebuild.as_deref(), Some("articles/berlin changed"));

    let before = Stamps::take(dir.path());
    let entities = dir.path().join("entities.json");
    let text = fs::read_to_string(&entities).unwrap();
    fs::write(&entities, format!("{text}\n")).unwrap();
    let d = diff(dir.path(), &g, &index, &before, Look::Full);
    assert_eq!(d.rebuild.as_deref(), Some("entities.json changed"));
}

#[test]
fn a_writer_reads_back_its_own_folder_as_the_loader_would() {
    let (dir, g) = scratch();
    let ids = add(dir.path(), "berlin");
    let read = read_new_article(dir.path(), "berlin", &g, &Fake::default()).expect("valid");
    assert_eq!(read.article.id, "berlin");
    assert_eq!(read.statements.len(), ids.len());
    assert!(read_new_article(dir.path(), "nowhere", &g, &Fake::default()).is_err());
}

#[test]
fn a_quick_look_finds_new_folders_but_not_edits() {
    let (dir, g) = scratch();
    add(dir.path(), "berlin");
    let before = Stamps::take(dir.path());
    let index = Fake::of(&crate::store::Files::new(dir.path()), &g);
    let meta = dir.path().join("articles/berlin/article.json");
    let text = fs::read_to_string(&meta).unwrap();
    fs::write(
        &meta,
        text.replace("About berlin", "About Berlin, edited by hand"),
    )
    .unwrap();
    add(dir.path(), "paris");
    let quick = diff(dir.path(), &g, &index, &before, Look::Quick);
    assert!(quick.rebuild.is_none(), "{quick:?}");
    assert_eq!(quick.added.len(), 1);
    // The stamps it keeps still tell the edit to the next full look.
    let full = diff(dir.path(), &g, &index, &quick.stamps, Look::Full);
    assert_eq!(full.rebuild.as_deref(), Some("articles/berlin changed"));
}
