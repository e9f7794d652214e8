//! `positions ingest` in a shell and `/ingest` confirmed in Discord at the same moment, on the
//! real bot and the loopback stand-in: both start while the test holds the writers' lock, so
//! they overlap for certain and the lock alone orders them. Both articles land, each once; on the same
//! text exactly one adds it and the other says it is already stored; `check` passes.

mod support;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::StandIn;
use support::store::{gazetteer, positions, stdout, wire_article};

const WAIT: Duration = Duration::from_secs(20);

/// An `/ingest` interaction whose attachment the stand-in serves.
fn ingest_interaction(standin: &StandIn, file: &str, text: &str) -> (Value, String) {
    let url = standin.serve_file(
        &format!("/attachments/{file}"),
        text.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    );
    let (mut payload, id) = standin.command_interaction(
        "ingest",
        json!([{"name": "article", "type": 11, "value": "777000000000000001"}]),
    );
    payload["data"]["resolved"] = json!({"attachments": {"777000000000000001": {
        "id": "777000000000000001", "filename": file, "size": text.len(), "url": url,
        "proxy_url": url, "content_type": "text/plain; charset=utf-8"
    }}});
    (payload, id)
}

/// The first accepted edit of the reply to the interaction with `token` that contains `needle`.
async fn edit_of(standin: &StandIn, token: &str, needle: &str) -> Value {
    standin
        .wait_request(WAIT, needle, |r| {
            r.method == "PATCH"
                && r.path.contains(token)
                && r.ok()
                && r.body.to_string().contains(needle)
        })
        .await
        .body
}

/// Sends `/ingest` with `text` and waits for its preview; gives the Confirm button's press.
async fn preview(standin: &StandIn, file: &str, text: &str) -> Value {
    let (payload, id) = ingest_interaction(standin, file, text);
    let token = payload["token"].as_str().unwrap().to_string();
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await;
    let preview = edit_of(standin, &token, "Preview").await;
    let confirm = preview["components"][0]["components"][0]["custom_id"]
        .as_str()
        .expect("a Confirm button")
        .to_string();
    let message = standin.original_message(&id).unwrap_or(preview);
    standin.component_interaction(&confirm, message).0
}

/// How many stored articles have the body of `text` (front matter and body).
fn copies(data: &Path, text: &str) -> usize {
    let (_, body) = positions::ingest::split_front_matter(text).unwrap();
    let fp = positions::model::fingerprint(body);
    positions::store::Store::load(data, gazetteer())
        .expect("the store loads")
        .articles
        .iter()
        .filter(|a| a.meta.fingerprint == fp)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shell_and_discord_ingests_at_the_same_moment_both_land() {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let dir = data.path();
    let bot = Bot::start(&standin, dir, &[]);
    standin.wait_ready(WAIT).await;
    let files = tempfile::tempdir().expect("temp dir");
    let rounds = 4;
    let mut overlapped = 0;
    for r in 0..rounds {
        let same = r % 2 == 1;
        let discord_text = wire_article(3000 + 2 * r);
        let shell_text = if same {
            discord_text.clone()
        } else {
            wire_article(3001 + 2 * r)
        };
        let press = preview(&standin, &format!("discord-{r}.txt"), &discord_text).await;
        let press_token = press["token"].as_str().unwrap().to_string();
        let press_id = press["id"].as_str().unwrap().to_string();

        let file = files.path().join(format!("shell-{r}.txt"));
        std::fs::write(&file, &shell_text).unwrap();
        // Both writers start while the test holds the writers' lock: neither can write before
        // the other is under way, so they overlap for certain, and the lock alone orders them.
        let lock = positions::store::lock(dir).expect("take the writers' lock");
        let mut shell = tokio::process::Command::new(env!("CARGO_BIN_EXE_positions"))
            .arg("ingest")
            .arg(&file)
            .env("POSITIONS_DATA", dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start positions ingest");
        standin.send_interaction(press).await;
        let cb = standin.wait_callback(&press_id, WAIT).await;
        assert_eq!(cb["type"], 6, "{cb}");
        // Confirm is acknowledged and the shell is running: both writes are pending.
        assert!(
            shell.try_wait().expect("the shell's status").is_none(),
            "round {r}: the shell finished while the store was locked"
        );
        assert!(
            standin
                .recorded_matching("PATCH")
                .iter()
                .all(|p| !(p.path.contains(&press_token) && p.body.to_string().contains("added"))),
            "round {r}: the bot wrote while the store was locked"
        );
        overlapped += 1;
        drop(lock);
        let o = shell.wait_with_output().await.expect("wait for the shell");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let done = edit_of(&standin, &press_token, "added").await.to_string();

        let shell_says = stdout(&o);
        let shell_added = shell_says.contains("statements added as");
        let discord_added = done.contains("Added") && !done.contains("nothing was added");
        if same {
            assert!(
                shell_added ^ discord_added,
                "round {r}: exactly one adds the text\nshell: {shell_says}\nDiscord: {done}"
            );
            if !shell_added {
                assert!(shell_says.contains("already stored"), "{shell_says}");
            }
            if !discord_added {
                assert!(done.contains("already in the store"), "{done}");
            }
        } else {
            assert!(shell_added, "round {r}: {shell_says}");
            assert!(discord_added, "round {r}: {done}");
        }
        assert_eq!(copies(dir, &discord_text), 1, "round {r}: once");
        assert_eq!(copies(dir, &shell_text), 1, "round {r}: once");
        let check = positions(dir, &["check"]);
        assert!(check.status.success(), "round {r}");
    }
    let check = stdout(&positions(dir, &["check"]));
    assert!(
        check.contains(&format!("{} articles", 1 + rounds + rounds / 2)),
        "{check}"
    );
    assert!(!bot
        .output()
        .contains("adding an article from Discord failed"));
    assert_eq!(overlapped, rounds, "every round's writers overlapped");
    println!(
        "shell and Discord writers: {rounds} pairs ({} on the same text), both pending on the lock in {overlapped}; {check}",
        rounds / 2
    );
}
