//! The running bot and the store on disk, end to end with the loopback Discord stand-in: an
//! article added with the command line is applied to the index in place (no full rebuild) and
//! answered within seconds, as are a retraction and a restore; a broken new folder is reported
//! with its file and line and the rest applied; an edited gazetteer or an edit inside an indexed
//! folder rebuilds the index; a file broken on disk is logged with its file, line and field while
//! the last good index keeps answering; interactions sent all through several changes are each
//! answered once; and with POSITIONS_WATCH_FS=poll changes are still noticed.

mod support;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::StandIn;

const WAIT: Duration = Duration::from_secs(20);
/// How soon a change on disk must be answered: notifications come at once (the poll looks every
/// 2 s), and applying takes well under a second even in a debug build on a busy machine.
const PICKED_UP: Duration = Duration::from_secs(8);
const JAPAN: &str = "Japan will provide an additional 500 million dollars";

async fn started() -> (StandIn, ScratchData, Bot) {
    started_with(&[]).await
}

async fn started_with(env: &[(&str, &str)]) -> (StandIn, ScratchData, Bot) {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let bot = Bot::start(&standin, data.path(), env);
    standin.wait_ready(WAIT).await;
    (standin, data, bot)
}

async fn position(standin: &StandIn, who: &str) -> Value {
    let (payload, id) =
        standin.command_interaction("position", json!([StandIn::option("who", who)]));
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await
}

/// `positions ingest` on the bot's data folder, as someone would run it in a shell.
async fn ingest(data: &Path, article: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/articles")
        .join(article);
    run(data, &["ingest", &file.to_string_lossy()]).await;
}

/// The command line on the bot's data folder, as another process; it must succeed.
async fn run(data: &Path, args: &[&str]) {
    let o = tokio::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .args(args)
        .env("POSITIONS_DATA", data)
        .env_remove("DISCORD_TOKEN")
        .output()
        .await
        .expect("run positions");
    assert!(
        o.status.success(),
        "positions {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Waits until the bot's log holds `what` at least `n` times; gives how long it took.
async fn wait_log(bot: &Bot, what: &str, n: usize) -> Duration {
    let started = Instant::now();
    while bot.output().matches(what).count() < n {
        assert!(
            started.elapsed() < WAIT,
            "{what:?} not logged {n} times:\n{}",
            bot.output()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    started.elapsed()
}

/// Waits until the bot has announced `n` reloads on stdout (`{"event": "reloaded", …}`).
async fn wait_reloads(bot: &Bot, n: usize) {
    wait_events(bot, "reloaded", n).await;
}

/// Waits until the bot has announced `n` events called `name` on stdout.
async fn wait_events(bot: &Bot, name: &str, n: usize) {
    let started = Instant::now();
    while bot.events(name).len() < n {
        assert!(
            started.elapsed() < WAIT,
            "fewer than {n} {name:?} events announced:\n{}",
            bot.output()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Asks until the answer holds `text`; gives how long it took.
async fn wait_answer(standin: &StandIn, who: &str, text: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let cb = position(standin, who).await;
        if cb.to_string().contains(text) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "/position {who} does not show {text:?} after {within:?}: {cb}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_article_is_answered_and_a_broken_file_keeps_the_last_index() {
    let (standin, data, bot) = started().await;
    assert!(!position(&standin, "japan")
        .await
        .to_string()
        .contains(JAPAN));

    ingest(data.path(), "japan-canada-energy.txt").await;
    let took = wait_answer(&standin, "japan", JAPAN, PICKED_UP).await;
    println!(
        "an ingested article is answered {:.1} s after the command line returns",
        took.as_secs_f64()
    );
    // Added in place: announced as applied, with no full rebuild.
    wait_events(&bot, "applied", 1).await;
    let applied = bot.events("applied");
    assert_eq!(applied[0]["changes"], 1, "{applied:?}");
    assert!(applied[0]["ms"].is_number(), "{applied:?}");
    println!("applied to the index in place in {} ms", applied[0]["ms"]);
    assert_eq!(bot.events("reloaded").len(), 0, "{}", bot.output());
    let reloads = 0;

    // A broken statements file: reported with file, line and field; the last index answers.
    let file = data
        .path()
        .join("articles/japan-canada-energy/statements.jsonl");
    let good = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    let broken_line = lines[1].replace("\"speaker\"", "\"spoken_by\"");
    lines[1] = &broken_line;
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    wait_log(
        &bot,
        "japan-canada-energy/statements.jsonl line 2: unknown field `spoken_by`",
        1,
    )
    .await;
    assert!(bot.output().contains("still serving the last good index"));
    assert!(position(&standin, "japan")
        .await
        .to_string()
        .contains(JAPAN));
    assert!(position(&standin, "germany")
        .await
        .to_string()
        .contains("Germany will commit itself politically, economically and militarily."));
    assert_eq!(bot.events("reloaded").len(), reloads);

    // Fixed: reloaded, and still answering.
    std::fs::write(&file, &good).unwrap();
    wait_reloads(&bot, reloads + 1).await;
    assert!(position(&standin, "japan")
        .await
        .to_string()
        .contains(JAPAN));
}

/// Hand edits of an article's metadata are changes on disk too: a broken article.json is
/// reported, and a fixed one reloaded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_article_json_is_reported_and_its_fix_reloaded() {
    let (standin, data, bot) = started().await;
    // No pause here: the signature the bot compares with is taken before its index is read, so
    // a change made at any moment after start is seen at the next look.
    let file = data
        .path()
        .join("articles/coalition-paris-2026-01-07/article.json");
    let good = std::fs::read_to_string(&file).unwrap();
    let reloads = bot.events("reloaded").len();
    std::fs::write(
        &file,
        good.replace("\"published\": \"2026-01-07\"", "\"published\": \"7 Jan\""),
    )
    .unwrap();
    wait_log(
        &bot,
        "coalition-paris-2026-01-07/article.json line 6: field `published`",
        1,
    )
    .await;
    assert!(position(&standin, "germany")
        .await
        .to_string()
        .contains("Germany will commit itself"));

    // A new title, written by hand, is what the bot shows after the reload.
    std::fs::write(
        &file,
        good.replace(
            "The Alliance of the Willing has agreed",
            "Coalition of the Willing agrees",
        ),
    )
    .unwrap();
    wait_reloads(&bot, reloads + 1).await;
    wait_answer(
        &standin,
        "germany",
        "Coalition of the Willing agrees",
        PICKED_UP,
    )
    .await;
}

/// Interactions sent every 20 ms while three articles are ingested, each applied in place after
/// the other: every one is answered, exactly once, with a whole answer from one index or the next.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interactions_sent_during_changes_are_all_answered() {
    let (standin, data, bot) = started().await;
    let before = bot.events("applied").len();
    let stop = AtomicBool::new(false);
    let send = async {
        let mut sent = Vec::new();
        while !stop.load(Ordering::Relaxed) && sent.len() < 3000 {
            let who = ["japan", "germany", "canada"][sent.len() % 3];
            let (payload, id) =
                standin.command_interaction("position", json!([StandIn::option("who", who)]));
            standin.send_interaction(payload).await;
            sent.push((who, id));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        sent
    };
    let drive = async {
        let mut applied = before;
        for article in [
            "japan-canada-energy.txt",
            "kremlin-reaction.txt",
            "nato-summit-hague.txt",
        ] {
            ingest(data.path(), article).await;
            applied += 1;
            wait_events(&bot, "applied", applied).await;
        }
        wait_answer(&standin, "canada", "Canada will be there for Ukraine", WAIT).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        stop.store(true, Ordering::Relaxed);
    };
    let (sent, ()) = tokio::join!(send, drive);
    let changes = bot.events("applied").len() - before;
    assert!(changes >= 3, "{changes} changes applied");
    for (who, id) in &sent {
        let cb = standin.wait_callback(id, WAIT).await;
        assert_eq!(cb["type"], 4, "{cb}");
        let title = cb["data"]["embeds"][0]["title"]
            .as_str()
            .unwrap_or_default();
        let want = match *who {
            "japan" => "Japan",
            "germany" => "Germany",
            _ => "Canada",
        };
        assert!(title.contains(want), "/position {who}: {cb}");
        if *who == "germany" {
            assert!(
                cb.to_string().contains("Germany will commit itself"),
                "{cb}"
            );
        }
    }
    let answered: Vec<String> = standin
        .recorded_matching("POST /interactions")
        .into_iter()
        .filter(|r| r.ok() && r.path.ends_with("/callback"))
        .map(|r| r.path)
        .collect();
    for (_, id) in &sent {
        let n = answered
            .iter()
            .filter(|p| p.contains(&format!("/{id}/")))
            .count();
        assert_eq!(n, 1, "interaction {id} answered once");
    }
    println!(
        "{} interactions sent during {changes} changes: every one answered once",
        sent.len()
    );
}

/// The id of the statement of the project's article that holds `text`.
fn statement_id(data: &Path, text: &str) -> String {
    let file = data.join("articles/coalition-paris-2026-01-07/statements.jsonl");
    let lines = std::fs::read_to_string(file).unwrap();
    let line = lines.lines().find(|l| l.contains(text)).expect("statement");
    let v: Value = serde_json::from_str(line).unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// Asks until the answer no longer holds `text`.
async fn wait_gone(standin: &StandIn, who: &str, text: &str) {
    let started = Instant::now();
    while position(standin, who).await.to_string().contains(text) {
        assert!(
            started.elapsed() < PICKED_UP,
            "/position {who} still shows {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

const GERMANY: &str = "Germany will commit itself politically, economically and militarily.";

/// `positions retract` and `positions restore` in another process: each applied in place.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retraction_and_a_restore_by_another_process_are_applied_in_place() {
    let (standin, data, bot) = started().await;
    let id = statement_id(data.path(), GERMANY);
    assert!(position(&standin, "germany")
        .await
        .to_string()
        .contains(GERMANY));

    run(data.path(), &["retract", &id, "--reason", "misquoted"]).await;
    wait_gone(&standin, "germany", GERMANY).await;
    run(data.path(), &["restore", &id]).await;
    wait_answer(&standin, "germany", GERMANY, PICKED_UP).await;

    wait_events(&bot, "applied", 2).await;
    assert_eq!(bot.events("reloaded").len(), 0, "{}", bot.output());
}

/// A new folder with a bad record is reported with its file and line and left out; a good one
/// that lands with it is answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_new_folder_is_reported_and_the_rest_applied() {
    let (standin, data, bot) = started().await;
    let write = |id: &str, text: &str, entity: &str| {
        let body = format!("{text}\n");
        let statement = positions::model::Statement {
            id: positions::model::statement_id(id, text, 1).into(),
            text: text.into(),
            kind: positions::model::Kind::Direct,
            speaker: positions::model::Speaker {
                name: "Pedro Sánchez".into(),
                role: Some("Prime Minister of Spain".into()),
            },
            entity: Some(entity.to_string()),
            mentions: Vec::new(),
            article: id.to_string(),
            paragraph: 1,
        };
        let article = positions::model::Article {
            id: id.to_string(),
            title: Some(format!("Test article {id}")),
            fingerprint: positions::store::body_fingerprint(&body),
            ..Default::default()
        };
        positions::store::write_article(data.path(), &article, &body, &[statement])
            .expect("write article");
    };
    let good = "Spain will take part in the monitoring mission.";
    write("atlantis", "Atlantis will send ships.", "Atlantis");
    write("madrid", good, "ES");

    wait_answer(&standin, "spain", good, PICKED_UP).await;
    wait_log(
        &bot,
        "articles/atlantis/statements.jsonl line 1: field `entity`: unknown entity `Atlantis`",
        1,
    )
    .await;
    assert_eq!(bot.events("reloaded").len(), 0, "{}", bot.output());
    assert!(position(&standin, "germany")
        .await
        .to_string()
        .contains(GERMANY));
}

/// The gazetteer changes how every statement is read: an edit of entities.json rebuilds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_gazetteer_rebuilds_the_index() {
    let (standin, data, bot) = started().await;
    let file = data.path().join("entities.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n")).unwrap();
    wait_reloads(&bot, 1).await;
    assert!(position(&standin, "germany")
        .await
        .to_string()
        .contains(GERMANY));
}

/// Where notifications do not come (a network file system), the 2 s poll still notices.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_poll_an_ingested_article_is_still_answered() {
    let (standin, data, bot) = started_with(&[("POSITIONS_WATCH_FS", "poll")]).await;
    wait_log(&bot, "POSITIONS_WATCH_FS=poll", 1).await;
    ingest(data.path(), "japan-canada-energy.txt").await;
    wait_answer(&standin, "japan", JAPAN, PICKED_UP).await;
    wait_events(&bot, "applied", 1).await;
    assert_eq!(bot.events("reloaded").len(), 0, "{}", bot.output());
}

/// A mistyped POSITIONS_WATCH_FS is a setting to fix: one line, exit 2, before anything loads.
#[test]
fn an_unknown_way_of_watching_is_refused_at_start() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .arg("serve")
        .env_clear()
        .env("DISCORD_TOKEN", support::bot::TOKEN)
        .env("POSITIONS_DATA", support::bot::project_data())
        .env("POSITIONS_WATCH_FS", "inotify")
        .output()
        .expect("run positions serve");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("POSITIONS_WATCH_FS: `inotify` is neither `notify` nor `poll`"),
        "{text}"
    );
}
