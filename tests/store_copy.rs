//! `positions store copy` between the data folder and PostgreSQL, both ways: the copy answers
//! exactly as the original (the shipped data, and a synthetic store with retractions), and a
//! second run copies nothing. Needs POSITIONS_TEST_DATABASE_URL; skipped without it.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use positions::entities::Gazetteer;
use positions_bench::synth;

fn positions(data: &Path, database: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_positions"));
    c.args(args)
        .env("POSITIONS_DATA", data)
        .env_remove("POSITIONS_DATABASE_URL")
        .env_remove("DISCORD_TOKEN");
    if let Some(url) = database {
        c.env("POSITIONS_DATABASE_URL", url);
    }
    c.output().expect("run positions")
}

fn run(data: &Path, database: Option<&str>, args: &[&str]) -> String {
    let o = positions(data, database, args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn copy(data: &Path, from: &str, to: &str) -> String {
    run(data, None, &["store", "copy", "--from", from, "--to", to])
}

/// A data folder holding only the project's gazetteer.
fn gazetteer_only() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["entities.json", "people.json"] {
        std::fs::copy(
            support::bot::project_data().join(name),
            dir.path().join(name),
        )
        .expect("copy the gazetteer");
    }
    dir
}

/// Asks every question of the original folder and of the copy; the JSON replies must agree.
fn answers_agree(
    original: &Path,
    copy: &Path,
    database: Option<&str>,
    questions: &[String],
) -> usize {
    let mut answered = 0;
    for q in questions {
        let want = run(original, None, &["ask", q, "--json"]);
        let got = run(copy, database, &["ask", q, "--json"]);
        assert_eq!(got, want, "{q}");
        if want.contains("\"outcome\": \"found\"") {
            answered += 1;
        }
    }
    answered
}

#[test]
fn the_shipped_data_copied_in_and_out_answers_the_same() {
    let Some(url) = support::database::fresh("copy_shipped") else {
        return;
    };
    let data = support::bot::project_data();
    let from = data.to_string_lossy().to_string();
    assert!(copy(&data, &from, &url).starts_with("copied 1 articles and 0 retractions"));
    // Again: nothing more.
    assert!(copy(&data, &from, &url).starts_with("copied 0 articles and 0 retractions"));
    let questions: Vec<String> = [
        "/position germany",
        "/position france",
        "/position italy",
        "what did the UK say about troops?",
        "/whosaid Merz",
        "/sources",
    ]
    .map(String::from)
    .to_vec();
    let in_db = gazetteer_only();
    assert!(answers_agree(&data, in_db.path(), Some(&url), &questions) >= 2);
    assert_eq!(
        run(&data, None, &["check"]),
        run(in_db.path(), Some(&url), &["check"])
    );

    let out = gazetteer_only();
    let to = out.path().to_string_lossy().to_string();
    assert!(copy(&data, &url, &to).starts_with("copied 1 articles"));
    assert!(copy(&data, &url, &to).starts_with("copied 0 articles"));
    answers_agree(&data, out.path(), None, &questions);
}

#[test]
fn a_synthetic_store_with_retractions_copied_in_and_out_answers_the_same() {
    let Some(url) = support::database::fresh("copy_synthetic") else {
        return;
    };
    let project = support::bot::project_data();
    let gazetteer = Gazetteer::load(&project).expect("gazetteer");
    let store = synth::generate(&gazetteer, 600, 21);
    let original = tempfile::tempdir().expect("temp dir");
    synth::write_data_folder(&store, &project, original.path()).expect("write the store");
    for s in store.statements.iter().step_by(97) {
        run(
            original.path(),
            None,
            &["retract", &s.id, "--reason", "a test"],
        );
    }
    let retracted = store.statements.iter().step_by(97).count();
    let from = original.path().to_string_lossy().to_string();
    let said = copy(original.path(), &from, &url);
    assert!(
        said.starts_with(&format!(
            "copied {} articles and {retracted} retractions",
            store.articles.len()
        )),
        "{said}"
    );
    assert!(copy(original.path(), &from, &url).starts_with("copied 0 articles and 0 retractions"));

    let statements: Vec<&positions::model::Statement> = store.statements.iter().collect();
    let q = synth::questions(&gazetteer, &statements, 4, 5);
    let mut questions: Vec<String> = Vec::new();
    for (name, topic) in q.names.iter().zip(&q.topics) {
        questions.push(format!("/position {name}"));
        questions.push(format!("what did {name} say about {topic}?"));
    }
    questions.push(format!("/position {}", q.typos[0]));
    let in_db = gazetteer_only();
    assert!(answers_agree(original.path(), in_db.path(), Some(&url), &questions) >= 2);

    let out = gazetteer_only();
    let to = out.path().to_string_lossy().to_string();
    copy(original.path(), &url, &to);
    assert!(copy(original.path(), &url, &to).starts_with("copied 0 articles and 0 retractions"));
    answers_agree(original.path(), out.path(), None, &questions);
    assert_eq!(
        run(original.path(), None, &["check"]),
        run(out.path(), None, &["check"])
    );
}

#[test]
fn feeds_and_follows_move_with_the_store_and_are_kept_in_the_database() {
    let Some(url) = support::database::fresh("copy_feeds") else {
        return;
    };
    let folder = gazetteer_only();
    run(
        folder.path(),
        None,
        &[
            "feeds",
            "add",
            "https://ledger.example/rss",
            "--name",
            "Ledger",
        ],
    );
    std::fs::write(
        folder.path().join("follows.jsonl"),
        "{\"guild\":\"1234567890123456789\",\"channel\":\"42\",\"side\":\"DE\",\"name\":\"Germany\",\"topic\":\"energy\",\"by\":\"alice (7)\",\"at\":\"2026-01-02T03:04:05Z\"}\n",
    )
    .expect("write the follows");
    let from = folder.path().to_string_lossy().to_string();
    let said = copy(folder.path(), &from, &url);
    assert!(said.contains("copied 1 feeds, 1 follows"), "{said}");
    assert!(copy(folder.path(), &from, &url).contains("copied 0 feeds, 0 follows"));

    // A replica's folder holds no feeds: they are read from the database, and added there.
    let replica = gazetteer_only();
    let listed = run(replica.path(), Some(&url), &["feeds", "list"]);
    assert!(
        listed.contains("Ledger: https://ledger.example/rss"),
        "{listed}"
    );
    run(
        replica.path(),
        Some(&url),
        &["feeds", "add", "https://wire.example/atom"],
    );
    assert!(!replica.path().join("feeds.json").exists());
    let listed = run(replica.path(), None, &["feeds", "list"]);
    assert!(listed.contains("no feeds followed"), "{listed}");

    // Back to a folder: both feeds and the follow, as the files the bot reads.
    let out = gazetteer_only();
    let to = out.path().to_string_lossy().to_string();
    let said = copy(folder.path(), &url, &to);
    assert!(said.contains("copied 2 feeds, 1 follows"), "{said}");
    let listed = run(out.path(), None, &["feeds", "list"]);
    assert!(
        listed.contains("https://ledger.example/rss")
            && listed.contains("https://wire.example/atom"),
        "{listed}"
    );
    let follows = std::fs::read_to_string(out.path().join("follows.jsonl")).expect("follows");
    assert!(
        follows.contains("\"1234567890123456789\"") && follows.contains("energy"),
        "{follows}"
    );
}
