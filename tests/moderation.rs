//! End-to-end tests of the moderators' commands on the real bot: `/ingest` with a preview and
//! Confirm/Cancel, refusals (permission, size, type, duplicates), `/retract` with autocomplete,
//! and `positions restore` bringing a statement back into the running bot's answers.

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::StandIn;

const WAIT: Duration = Duration::from_secs(15);

const ARTICLE: &str = "---\ntitle: Warsaw pledges engineers for Ukraine mission\npublisher: Test Wire\npublished: 2026-02-10\n---\n\
Poland will send military engineers to a future mission in Ukraine, Foreign Minister Radosław Sikorski said on Tuesday.\n\
“Our engineers will help rebuild what Russia destroyed,” Sikorski told reporters in Warsaw.\n";

async fn started(env: &[(&str, &str)]) -> (StandIn, ScratchData, Bot) {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let bot = Bot::start(&standin, data.path(), env);
    standin.wait_ready(WAIT).await;
    (standin, data, bot)
}

/// An /ingest interaction with an attachment served by the stand-in.
fn ingest_interaction(
    standin: &StandIn,
    file: &str,
    bytes: &[u8],
    content_type: &str,
    size: usize,
) -> (Value, String) {
    let url = standin.serve_file(
        &format!("/attachments/{file}"),
        bytes.to_vec(),
        content_type,
    );
    let (mut payload, id) = standin.command_interaction(
        "ingest",
        json!([{"name": "article", "type": 11, "value": "777000000000000001"}]),
    );
    payload["data"]["resolved"] = json!({"attachments": {"777000000000000001": {
        "id": "777000000000000001", "filename": file, "size": size, "url": url, "proxy_url": url, "content_type": content_type
    }}});
    (payload, id)
}

/// The first accepted edit of an original response whose body contains `needle`.
async fn edit_containing(standin: &StandIn, needle: &str) -> Value {
    standin
        .wait_request(WAIT, needle, |r| {
            r.method == "PATCH"
                && r.path.contains("@original")
                && r.ok()
                && r.body.to_string().contains(needle)
        })
        .await
        .body
}

fn text(v: &Value) -> String {
    v.to_string()
}

async fn ask(standin: &StandIn, who: &str) -> Value {
    let (payload, id) =
        standin.command_interaction("position", json!([StandIn::option("who", who)]));
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await
}

#[tokio::test]
async fn ingest_previews_then_confirm_makes_it_answerable() {
    let (standin, _data, bot) = started(&[]).await;
    let (payload, id) = ingest_interaction(
        &standin,
        "wire.txt",
        ARTICLE.as_bytes(),
        "text/plain; charset=utf-8",
        ARTICLE.len(),
    );
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["type"], 5, "deferred while the file is fetched");
    assert_eq!(cb["data"]["flags"], 64, "the preview is private");
    let preview = edit_containing(&standin, "Preview").await;
    let t = text(&preview);
    assert!(
        t.contains("Preview") && t.contains("Warsaw pledges engineers"),
        "{t}"
    );
    assert!(
        t.contains("Our engineers will help rebuild what Russia destroyed"),
        "{t}"
    );
    assert!(t.contains("Poland"), "{t}");
    assert_eq!(preview["allowed_mentions"]["parse"], json!([]));
    let buttons = preview["components"][0]["components"].as_array().unwrap();
    assert_eq!(buttons[0]["label"], "Confirm");

    let before = ask(&standin, "poland").await;
    assert!(
        !text(&before).contains("rebuild what Russia destroyed"),
        "nothing stored before Confirm"
    );

    let message = standin
        .original_message(&id)
        .unwrap_or_else(|| preview.clone());
    let (press, press_id) =
        standin.component_interaction(buttons[0]["custom_id"].as_str().unwrap(), message);
    standin.send_interaction(press).await;
    let cb = standin.wait_callback(&press_id, WAIT).await;
    assert_eq!(cb["type"], 6);
    let added = edit_containing(&standin, "Added").await;
    assert!(text(&added).contains("2 statements"), "{added}");
    let after = ask(&standin, "poland").await;
    assert!(
        text(&after).contains("Our engineers will help rebuild what Russia destroyed"),
        "answerable at once: {after}"
    );
    assert!(text(&after).contains("Radosław Sikorski") || text(&after).contains("Sikorski"));
    // Added to the index in place by the process that stored it: no full rebuild.
    assert!(!bot.events("applied").is_empty(), "{}", bot.output());
    assert!(bot.events("reloaded").is_empty(), "{}", bot.output());

    // The same article again is refused at the preview.
    let (payload, id) = ingest_interaction(
        &standin,
        "again.txt",
        ARTICLE.as_bytes(),
        "text/plain",
        ARTICLE.len(),
    );
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await;
    let refused = edit_containing(&standin, "already in the store").await;
    assert!(text(&refused).contains("nothing was added"), "{refused}");
}

#[tokio::test]
async fn cancel_adds_nothing() {
    let (standin, data, _bot) = started(&[]).await;
    let (payload, id) = ingest_interaction(
        &standin,
        "wire.txt",
        ARTICLE.as_bytes(),
        "text/plain",
        ARTICLE.len(),
    );
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await;
    let preview = edit_containing(&standin, "Preview").await;
    let cancel = preview["components"][0]["components"][1]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (press, press_id) = standin.component_interaction(&cancel, preview);
    standin.send_interaction(press).await;
    let cb = standin.wait_callback(&press_id, WAIT).await;
    assert_eq!(cb["type"], 7);
    assert!(text(&cb).contains("Cancelled"));
    let folders = std::fs::read_dir(data.path().join("articles"))
        .unwrap()
        .count();
    assert_eq!(folders, 1, "only the seed article is stored");
}

#[tokio::test]
async fn ingest_refusals_are_private_and_clear() {
    let (standin, _data, _bot) = started(&[]).await;
    // Not a moderator.
    let (mut payload, id) = ingest_interaction(
        &standin,
        "wire.txt",
        ARTICLE.as_bytes(),
        "text/plain",
        ARTICLE.len(),
    );
    payload["member"]["permissions"] = json!("0");
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["flags"], 64);
    assert!(text(&cb).contains("Manage Server"), "{cb}");
    // Too large.
    let (payload, id) = ingest_interaction(&standin, "big.txt", b"x", "text/plain", 2 << 20);
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["flags"], 64);
    assert!(text(&cb).contains("1 MiB"), "{cb}");
    // Not text.
    let (payload, id) = ingest_interaction(&standin, "photo.png", b"\x89PNG", "image/png", 4);
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["flags"], 64);
    assert!(text(&cb).contains("not a text file"), "{cb}");
    // Registered with Manage Server as the default permission (registration runs beside
    // the answers above, so wait for it rather than race it).
    let put = standin.wait_commands_put(WAIT).await;
    assert!(put.ok(), "{put:?}");
    let ingest = standin
        .commands()
        .into_iter()
        .find(|c| c["name"] == "ingest")
        .expect("registered");
    assert_eq!(ingest["default_member_permissions"], "32");
}

#[tokio::test]
async fn the_editor_role_may_ingest() {
    let (standin, _data, _bot) = started(&[("POSITIONS_EDITOR_ROLE", "555000000000000001")]).await;
    let (mut payload, id) = ingest_interaction(
        &standin,
        "wire.txt",
        ARTICLE.as_bytes(),
        "text/plain",
        ARTICLE.len(),
    );
    payload["member"]["permissions"] = json!("0");
    payload["member"]["roles"] = json!(["555000000000000001"]);
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["type"], 5, "an editor gets the preview: {cb}");
}

#[tokio::test]
async fn retract_then_restore() {
    let (standin, data, _bot) = started(&[]).await;
    let target = "Germany will commit itself politically, economically and militarily.";
    let before = ask(&standin, "germany").await;
    assert!(text(&before).contains(target));

    let (payload, id) = standin.autocomplete_interaction(
        "retract",
        json!([StandIn::focused_option(
            "statement",
            "commit itself politically"
        )]),
    );
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    let choices = cb["data"]["choices"].as_array().unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25);
    assert!(choices[0]["name"]
        .as_str()
        .unwrap()
        .contains("Friedrich Merz"));
    let statement = choices[0]["value"].as_str().unwrap().to_string();

    let (payload, id) = standin.command_interaction(
        "retract",
        json!([
            StandIn::option("statement", statement.as_str()),
            StandIn::option("reason", "misquoted")
        ]),
    );
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["flags"], 64);
    let done = edit_containing(&standin, "Retracted").await;
    assert!(
        text(&done).contains("Retracted") && text(&done).contains(&statement),
        "{done}"
    );
    let after = ask(&standin, "germany").await;
    assert!(!text(&after).contains(target), "no longer answered");
    let kept = std::fs::read_to_string(data.path().join("retractions.jsonl")).unwrap();
    assert!(kept.contains(&statement) && kept.contains("misquoted"));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .args(["restore", &statement])
        .env("POSITIONS_DATA", data.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deadline = Instant::now() + WAIT;
    loop {
        let r = ask(&standin, "germany").await;
        if text(&r).contains(target) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "restored statement answered again once the restore is applied"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
