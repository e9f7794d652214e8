//! The store in PostgreSQL under faults: the writer killed with SIGKILL in the middle of a run of
//! ingests leaves every article whole or absent, none twice, and the change log without a gap;
//! running the ingest again stores the rest once. Needs POSITIONS_TEST_DATABASE_URL.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
