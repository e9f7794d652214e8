//! The store in PostgreSQL under faults: the writer killed with SIGKILL in the middle of a run of
//! ingests leaves every article whole or absent, none twice, and the change log without a gap;
//! running the ingest again stores the rest once. Three writers at once (each on a connection of
//! its own): two followers of the change log, as replicas follow it, apply every article once,
//! in the log's order. Needs
//! POSITIONS_TEST_DATABASE_URL.

mod support;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use positions::entities::Gazetteer;
use positions::index::{Change, Index};
use positions::model::{fingerprint, statement_id, Article, Kind, Speaker, Statement};
use positions::store::postgres::Postgres;
use positions::store::{Added, ArticleStore, Indexed, Look, Stamps};

const ARTICLES: usize = 40;

/// An article file of two statements by the Spanish prime minister.
fn article(dir: &Path, i: usize) -> String {
    let path = dir.join(format!("a{i}.md"));
    std::fs::write(
        &path,
        format!(
            "---\ntitle: Article {i}\nurl: https://faults.example/{i}\n---\nSpanish Prime Minister Pedro Sánchez said on Sunday: \"Spain will fund bridge number {i}.\"\nHe added: \"Spain will also fund road number {i}.\"\n"
        ),
    )
    .expect("write the article file");
    path.to_string_lossy().into_owned()
}

fn counts(client: &mut postgres::Client) -> (i64, Vec<(String, i64)>, Vec<i64>) {
    let articles: i64 = client
        .query_one("SELECT count(*) FROM articles", &[])
        .expect("count")
        .get(0);
    let per_article = client
        .query(
            "SELECT a.url, count(s.id) FROM articles a LEFT JOIN statements s ON s.article = a.id GROUP BY a.url",
            &[],
        )
        .expect("statements per article")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let seqs = client
        .query("SELECT seq FROM changes ORDER BY seq", &[])
        .expect("the change log")
        .iter()
        .map(|r| r.get(0))
        .collect();
    (articles, per_article, seqs)
}

#[test]
fn a_writer_killed_mid_run_leaves_every_article_whole_or_absent_and_none_twice() {
    let Some(url) = support::database::fresh("sigkill") else {
        return;
    };
    let data = tempfile::tempdir().expect("temp dir");
    for name in ["entities.json", "people.json"] {
        std::fs::copy(
            support::bot::project_data().join(name),
            data.path().join(name),
        )
        .expect("copy the gazetteer");
    }
    let files: Vec<String> = (0..ARTICLES).map(|i| article(data.path(), i)).collect();
    let ingest = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_positions"));
        c.arg("ingest")
            .args(&files)
            .env("POSITIONS_DATA", data.path())
            .env("POSITIONS_DATABASE_URL", &url)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    // The schema is made by the first command that opens the database.
    let checked = Command::new(env!("CARGO_BIN_EXE_positions"))
        .arg("check")
        .env("POSITIONS_DATA", data.path())
        .env("POSITIONS_DATABASE_URL", &url)
        .output()
        .expect("run check");
    assert!(checked.status.success());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let mut writer = ingest().spawn().expect("start ingest");
    // Killed once a few articles are in, while it is storing the others.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (n, _, _) = counts(&mut client);
        if n >= 3 {
            break;
        }
        assert!(Instant::now() < deadline, "the ingest stored nothing");
        assert!(
            matches!(writer.try_wait(), Ok(None)),
            "the ingest ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    writer.kill().expect("SIGKILL");
    writer.wait().expect("reaped");

    let (n, per_article, seqs) = counts(&mut client);
    assert!(n >= 3 && (n as usize) < ARTICLES, "{n} articles stored");
    assert!(per_article.iter().all(|(_, k)| *k == 2), "{per_article:?}");
    assert_eq!(seqs, (1..=n).collect::<Vec<i64>>());

    // Again: the rest is stored, what was stored is a duplicate.
    let status = ingest().status().expect("run ingest");
    assert!(status.success());
    let (n, per_article, seqs) = counts(&mut client);
    assert_eq!(n as usize, ARTICLES);
    assert_eq!(per_article.len(), ARTICLES, "an article stored twice");
    assert!(per_article.iter().all(|(_, k)| *k == 2), "{per_article:?}");
    assert_eq!(seqs, (1..=n).collect::<Vec<i64>>());
}

/// An article of two statements by the German chancellor, with its body.
fn two_statements(id: &str) -> (Article, String, Vec<Statement>) {
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
    let article = Article {
        id: id.to_string(),
        title: Some(id.to_string()),
        url: Some(format!("https://writers.example/{id}")),
        fingerprint: fingerprint(&body),
        ..Article::default()
    };
    (article, body, statements)
}

/// A data folder holding only the project's gazetteer.
fn gazetteer_only() -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("temp dir");
    for name in ["entities.json", "people.json"] {
        std::fs::copy(
            support::bot::project_data().join(name),
            data.path().join(name),
        )
        .expect("copy the gazetteer");
    }
    data
}

/// The index as the store's diff asks about it.
struct Held<'a>(&'a Index);

impl Indexed for Held<'_> {
    fn has_article(&self, id: &str) -> bool {
        self.0.has_article(id)
    }
    fn has_statement(&self, id: &str) -> bool {
        self.0.statement_by_key(id).is_some() || self.0.is_retracted(id)
    }
    fn retracted(&self) -> HashSet<String> {
        self.0.retracted_ids().map(str::to_string).collect()
    }
    fn articles(&self) -> usize {
        self.0.articles().len()
    }
}

/// Follows the change log as a serving replica does (the changes after the number its index
/// matches, applied through `Index::apply`) until `expected` articles are indexed; gives back the
/// articles in the order it applied them. Waits at `ready` once its index is built.
fn follow(
    pg: &Postgres,
    gazetteer: &Gazetteer,
    expected: usize,
    ready: &std::sync::Barrier,
) -> Vec<String> {
    let mut stamps: Stamps = pg.stamps();
    let mut index = Index::build(
        gazetteer.clone(),
        pg.load_for_index(gazetteer).expect("load"),
    );
    let mut order: Vec<String> = index.articles().iter().map(|a| a.id.clone()).collect();
    ready.wait();
    let deadline = Instant::now() + Duration::from_secs(120);
    while index.articles().len() < expected {
        assert!(
            Instant::now() < deadline,
            "{} of {expected} articles applied",
            index.articles().len()
        );
        let diff = pg.changes(gazetteer, &Held(&index), &stamps, Look::Quick);
        assert!(diff.rebuild.is_none(), "{:?}", diff.rebuild);
        assert!(diff.broken.is_empty(), "{:?}", diff.broken);
        stamps = diff.stamps;
        if diff.added.is_empty() {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        let changes: Vec<Change> = diff
            .added
            .into_iter()
            .map(|a| {
                order.push(a.article.id.clone());
                Change::Add {
                    article: a.article,
                    statements: a.statements,
                }
            })
            .collect();
        let n = changes.len();
        let done = index.apply(changes);
        assert_eq!(
            (done.applied, done.skipped),
            (n, 0),
            "a change applied twice"
        );
    }
    order
}

#[test]
fn three_writers_at_once_are_applied_once_in_the_same_order_by_every_follower() {
    const EACH: usize = 20;
    let Some(url) = support::database::fresh("three_writers") else {
        return;
    };
    let data = gazetteer_only();
    let gazetteer = Gazetteer::load(data.path()).expect("the gazetteer");
    let pg = Postgres::connect(&url, data.path()).expect("connect");
    let total = 3 * EACH;
    // The writers start once both followers have built their index (of the empty store).
    let ready = std::sync::Barrier::new(3);
    let go = std::sync::Barrier::new(3);
    let (first, second) = std::thread::scope(|scope| {
        let followers: Vec<_> = (0..2)
            .map(|_| {
                let (url, dir) = (url.clone(), data.path().to_path_buf());
                let (gazetteer, ready) = (&gazetteer, &ready);
                scope.spawn(move || {
                    let pg = Postgres::connect(&url, dir).expect("connect");
                    follow(&pg, gazetteer, total, ready)
                })
            })
            .collect();
        ready.wait();
        // Three writers, each on a connection of its own, released at once.
        let running: Vec<_> = (0..3)
            .map(|w| {
                let (url, dir, go) = (url.clone(), data.path().to_path_buf(), &go);
                scope.spawn(move || {
                    let pg = Postgres::connect(&url, dir).expect("connect");
                    go.wait();
                    for i in 0..EACH {
                        let (a, body, statements) = two_statements(&format!("w{w}-{i}"));
                        let added = pg.add_article(a, &body, statements).expect("add");
                        assert!(matches!(added, Added::New(_)), "{added:?}");
                    }
                })
            })
            .collect();
        for w in running {
            w.join().expect("a writer");
        }
        let mut orders = followers.into_iter().map(|f| f.join().expect("a follower"));
        (
            orders.next().expect("first"),
            orders.next().expect("second"),
        )
    });
    let log: Vec<String> = pg
        .database()
        .with(|c| {
            c.query(
                "SELECT subject FROM changes WHERE kind = 'add' ORDER BY seq",
                &[],
            )
        })
        .expect("the change log")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(log.len(), total);
    assert_eq!(log.iter().collect::<HashSet<_>>().len(), total, "{log:?}");
    assert_eq!(first, log, "the first follower's order");
    assert_eq!(second, log, "the second follower's order");
}
