//! End-to-end tests of the real bot process (`positions serve`) against the loopback Discord
//! stand-in: what a user sees for each command, autocomplete, paging, mentions, hostile input,
//! and the faults the bot must survive (reconnects, 429, 500, bad payloads, SIGTERM).

mod support;

use std::time::{Duration, Instant};

use support::discord::GUILD_ID;

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::{StandIn, BOT_USER_ID};

const WAIT: Duration = Duration::from_secs(15);

async fn started() -> (StandIn, ScratchData, Bot) {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;
    (standin, data, bot)
}

async fn run_command(standin: &StandIn, name: &str, options: Value) -> Value {
    let (payload, id) = standin.command_interaction(name, options);
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await
}

fn embed(callback: &Value) -> &Value {
    &callback["data"]["embeds"][0]
}

fn all_text(v: &Value) -> String {
    v.to_string()
}

fn assert_pings_no_one(data: &Value) {
    assert_eq!(
        data["allowed_mentions"]["parse"],
        json!([]),
        "allowed_mentions must ping no one: {data}"
    );
}

#[tokio::test]
async fn registers_commands_and_answers_position() {
    let (standin, _data, _bot) = started().await;
    standin.wait_commands_put(WAIT).await;
    let names: Vec<String> = standin
        .commands()
        .iter()
        .filter_map(|c| c["name"].as_str().map(String::from))
        .collect();
    for n in ["position", "compare", "whosaid", "topic", "sources", "help"] {
        assert!(
            names.contains(&n.to_string()),
            "{n} not registered: {names:?}"
        );
    }
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "germany")]),
    )
    .await;
    assert_eq!(cb["type"], 4);
    assert_pings_no_one(&cb["data"]);
    let e = embed(&cb);
    assert!(e["title"].as_str().unwrap().contains("Germany"), "{e}");
    assert!(e["title"].as_str().unwrap().contains("🇩🇪"));
    let fields = e["fields"].as_array().unwrap();
    assert!(!fields.is_empty());
    assert!(
        fields[0]["name"]
            .as_str()
            .unwrap()
            .contains("Friedrich Merz"),
        "{}",
        fields[0]
    );
    assert!(all_text(e)
        .contains("Germany will commit itself politically, economically and militarily."));
    assert!(
        cb["data"].get("flags").is_none(),
        "a found answer is public"
    );
}

#[tokio::test]
async fn guild_registration_when_a_guild_is_set() {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let guild = GUILD_ID.to_string();
    let _bot = Bot::start(&standin, data.path(), &[("DISCORD_GUILD_ID", &guild)]);
    let put = standin
        .wait_request(WAIT, "guild command registration", |r| {
            r.method == "PUT" && r.path.contains("/guilds/")
        })
        .await;
    assert!(put.path.contains(&guild));
    assert_eq!(
        put.body.as_array().map(Vec::len),
        Some(positions::shell::commands::COMMANDS.len()),
        "every command of the table"
    );
}

#[tokio::test]
async fn autocomplete_offers_names_with_statements_first() {
    let (standin, _data, _bot) = started().await;
    let (payload, id) = standin
        .autocomplete_interaction("position", json!([StandIn::focused_option("who", "ger")]));
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["type"], 8);
    let choices = cb["data"]["choices"].as_array().unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25);
    assert_eq!(choices[0]["value"], "Germany", "{choices:?}");
    for c in choices {
        let n = c["name"].as_str().unwrap().chars().count();
        assert!((1..=100).contains(&n));
        assert!(c["value"].as_str().unwrap().chars().count() <= 100);
    }
    // A typo still finds it; an empty field lists who said most.
    let (payload, id) = standin.autocomplete_interaction(
        "compare",
        json!([
            StandIn::option("first", "x"),
            StandIn::focused_option("second", "germny")
        ]),
    );
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert!(cb["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["value"] == "Germany"));
    let (payload, id) =
        standin.autocomplete_interaction("position", json!([StandIn::focused_option("who", "")]));
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["choices"].as_array().unwrap().len(), 25);
}

#[tokio::test]
async fn next_button_turns_the_page_in_place() {
    let (standin, _data, _bot) = started().await;
    let (payload, id) =
        standin.command_interaction("position", json!([StandIn::option("who", "Merz")]));
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    let footer = embed(&cb)["footer"]["text"].as_str().unwrap().to_string();
    assert!(footer.contains("Page 1 of"), "{footer}");
    let buttons = cb["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(buttons[0]["disabled"], true, "no previous page on page 1");
    let next = buttons[1]["custom_id"].as_str().unwrap();
    let message = standin.original_message(&id).expect("the reply is stored");
    let (press, press_id) = standin.component_interaction(next, message);
    standin.send_interaction(press).await;
    let cb2 = standin.wait_callback(&press_id, WAIT).await;
    assert_eq!(cb2["type"], 7, "a page turn updates the message");
    assert!(embed(&cb2)["footer"]["text"]
        .as_str()
        .unwrap()
        .contains("Page 2 of"));
    assert_ne!(embed(&cb)["fields"], embed(&cb2)["fields"]);
    assert_pings_no_one(&cb2["data"]);
}

#[tokio::test]
async fn commands_compare_whosaid_topic_sources_help() {
    let (standin, _data, _bot) = started().await;
    let cb = run_command(
        &standin,
        "compare",
        json!([
            StandIn::option("first", "italy"),
            StandIn::option("second", "germany")
        ]),
    )
    .await;
    let t = all_text(embed(&cb));
    assert!(t.contains("Italy") && t.contains("Germany"), "{t}");
    let cb = run_command(
        &standin,
        "whosaid",
        json!([StandIn::option("phrase", "hardest steps")]),
    )
    .await;
    assert!(all_text(embed(&cb)).contains("Keir Starmer"));
    let cb = run_command(
        &standin,
        "topic",
        json!([StandIn::option("word", "troops")]),
    )
    .await;
    assert!(all_text(embed(&cb)).contains("Germany"));
    let cb = run_command(&standin, "sources", json!([])).await;
    assert!(
        all_text(embed(&cb)).contains("https://"),
        "sources link their articles"
    );
    let cb = run_command(&standin, "help", json!([])).await;
    assert!(all_text(embed(&cb)).contains("/position"));
}

#[tokio::test]
async fn not_found_is_private_with_suggestions() {
    let (standin, _data, _bot) = started().await;
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "Gxrmxny")]),
    )
    .await;
    assert_eq!(cb["data"]["flags"], 64, "not found is ephemeral");
    assert!(
        all_text(embed(&cb)).contains("Germany"),
        "suggests the closest name"
    );
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "Japan")]),
    )
    .await;
    assert!(cb["data"].get("flags").is_none());
    assert!(all_text(embed(&cb)).contains("Japan"));
}

#[tokio::test]
async fn hostile_input_cannot_ping_or_break_limits() {
    let (standin, _data, _bot) = started().await;
    let emoji = "😀".repeat(4000);
    for who in [
        "@everyone",
        "<@&123456789012345678> @here",
        "**bold** `code` ||spoiler|| [x](https://evil.example)",
        emoji.as_str(),
    ] {
        let cb = run_command(&standin, "position", json!([StandIn::option("who", who)])).await;
        let text = all_text(&cb["data"]);
        assert!(
            !text.contains("@everyone") && !text.contains("@here") && !text.contains("<@&"),
            "{text}"
        );
        assert_pings_no_one(&cb["data"]);
        let cb = run_command(&standin, "whosaid", json!([StandIn::option("phrase", who)])).await;
        assert_pings_no_one(&cb["data"]);
    }
    // Every callback was accepted: the stand-in refuses bodies over Discord's limits with 400.
    assert!(standin
        .recorded_matching("POST /interactions")
        .iter()
        .all(|r| r.ok()));
}

#[tokio::test]
async fn mention_is_answered_as_a_reply_that_pings_no_one() {
    let (standin, _data, _bot) = started().await;
    let id = standin
        .send_message_create(
            &format!("<@{BOT_USER_ID}> what did Italy say about troops?"),
            true,
            false,
            false,
        )
        .await;
    let msg = standin.wait_channel_message(WAIT).await;
    assert_eq!(msg["message_reference"]["message_id"], id);
    assert_eq!(msg["allowed_mentions"]["parse"], json!([]));
    assert_eq!(msg["allowed_mentions"]["replied_user"], false);
    let t = all_text(&msg["embeds"][0]);
    assert!(t.contains("Italy"), "{t}");
    assert!(t.contains("troops"), "{t}");

    // In a DM too; an empty mention gets help.
    standin
        .send_message_create(&format!("<@{BOT_USER_ID}>"), true, false, true)
        .await;
    let msg = standin.wait_channel_message(WAIT).await;
    assert!(all_text(&msg).contains("/position"));
}

#[tokio::test]
async fn bots_and_unmentioned_messages_get_nothing() {
    let (standin, _data, _bot) = started().await;
    standin
        .send_message_create(&format!("<@{BOT_USER_ID}> germany?"), true, true, false)
        .await;
    standin
        .send_message_create("germany?", false, false, false)
        .await;
    // A message that is answered, sent after the two, proves the bot read them and stayed quiet.
    standin
        .send_message_create(&format!("<@{BOT_USER_ID}> spain?"), true, false, false)
        .await;
    let msg = standin.wait_channel_message(WAIT).await;
    assert!(all_text(&msg).contains("Spain"));
    // serenity runs handlers concurrently, so one more answered mention closes the window in
    // which a late reply to the bot's message could still arrive: by its answer, the two
    // ignored messages (read before either) have long been dropped.
    standin
        .send_message_create(&format!("<@{BOT_USER_ID}> italy?"), true, false, false)
        .await;
    let second = standin.wait_channel_message(WAIT).await;
    assert!(all_text(&second).contains("Italy"));
    let answered: Vec<String> = standin.channel_messages().iter().map(all_text).collect();
    assert_eq!(
        answered.len(),
        2,
        "only the human's mentions are answered: {answered:?}"
    );
    assert!(
        answered.iter().all(|t| !t.contains("Germany")),
        "{answered:?}"
    );
}

#[tokio::test]
async fn survives_reconnect_drop_and_invalid_session() {
    let (standin, _data, _bot) = started().await;
    standin.send_reconnect().await;
    standin.wait_resume_count(1, WAIT).await;
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "france")]),
    )
    .await;
    assert!(all_text(embed(&cb)).contains("France"));

    standin.drop_connection().await;
    standin.wait_resume_count(2, WAIT).await;
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "spain")]),
    )
    .await;
    assert!(all_text(embed(&cb)).contains("Spain"));

    standin.send_invalid_session(false).await;
    standin.wait_identify_count(2, WAIT).await;
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "italy")]),
    )
    .await;
    assert!(all_text(embed(&cb)).contains("Italy"));
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_and_delivered_once() {
    let (standin, _data, _bot) = started().await;
    standin.fail_next_429("POST /interactions", 0.3);
    let (payload, id) =
        standin.command_interaction("position", json!([StandIn::option("who", "germany")]));
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["type"], 4);
    let tries: Vec<_> = standin
        .recorded_matching("POST /interactions")
        .into_iter()
        .filter(|r| r.path.contains(&id))
        .collect();
    let statuses: Vec<u16> = tries.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 204], "one refused, one delivered");
    let waited = tries[1].at.duration_since(tries[0].at);
    assert!(waited >= Duration::from_millis(300), "waited {waited:?}");
}

#[tokio::test]
async fn a_500_is_logged_and_the_bot_keeps_serving() {
    let (standin, _data, mut bot) = started().await;
    standin.fail_next("POST /interactions", 500);
    let (payload, id) =
        standin.command_interaction("position", json!([StandIn::option("who", "germany")]));
    standin.send_interaction(payload).await;
    standin
        .wait_request(WAIT, "the failed callback", |r| {
            r.path.contains(&id) && r.status == 500
        })
        .await;
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "spain")]),
    )
    .await;
    assert!(all_text(embed(&cb)).contains("Spain"));
    assert!(bot.running());
    let deadline = Instant::now() + WAIT;
    while !bot.output().contains(&id) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        bot.output().contains(&id),
        "the failure is logged with the interaction id: {}",
        bot.output()
    );
}

#[tokio::test]
async fn unreadable_payloads_are_dropped_and_the_bot_keeps_serving() {
    let (standin, _data, mut bot) = started().await;
    standin
        .send_dispatch("INTERACTION_CREATE", json!({"garbage": true}))
        .await;
    standin
        .send_dispatch("MESSAGE_CREATE", json!({"id": "x"}))
        .await;
    let (mut payload, id) =
        standin.command_interaction("position", json!([StandIn::option("who", "germany")]));
    payload["data"]["options"] = json!("not a list");
    standin.send_interaction(payload).await;
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "spain")]),
    )
    .await;
    assert!(all_text(embed(&cb)).contains("Spain"));
    assert!(standin
        .recorded_matching("POST /interactions")
        .iter()
        .all(|r| !r.path.contains(&id)));
    assert!(bot.running());
}

#[tokio::test]
async fn sigterm_closes_the_shards_and_exits_zero() {
    let (standin, _data, mut bot) = started().await;
    let _ = run_command(&standin, "help", json!([])).await;
    bot.signal(15);
    let status = bot.wait_exit(WAIT).expect("the bot exits after SIGTERM");
    assert!(status.success(), "exit status {status:?}: {}", bot.output());
}

#[tokio::test]
async fn token_errors_exit_2_without_showing_the_token() {
    let secret = "this-is-secret";
    for token in ["", "malformed token this-is-secret"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
            .arg("serve")
            .env_clear()
            .env("DISCORD_TOKEN", token)
            .env("POSITIONS_DATA", support::bot::project_data())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(text.trim().lines().count(), 1, "{text}");
        assert!(text.contains("DISCORD_TOKEN"));
        assert!(!text.contains(secret));
    }
}

#[tokio::test]
async fn the_token_never_reaches_the_logs() {
    let (standin, _data, bot) = started().await;
    let _ = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "germany")]),
    )
    .await;
    assert!(!bot.output().contains(support::bot::TOKEN));
    assert!(!bot.output().contains("test-token-not-a-secret"));
}

/// Interactions sent in one burst are all answered, each exactly once. (How fast is measured by
/// `examples/burst.rs`, not here: a test asserts, an example prints figures.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_of_interactions_all_answered() {
    let n = 200;
    let (standin, _data, _bot) = started().await;
    let whos = [
        "germany",
        "france",
        "the British",
        "Merz",
        "germny",
        "Atlantis",
    ];
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let (payload, id) = standin.command_interaction(
            "position",
            json!([StandIn::option("who", whos[i % whos.len()])]),
        );
        standin.send_interaction(payload).await;
        ids.push(id);
    }
    for id in &ids {
        let cb = standin.wait_callback(id, WAIT).await;
        assert_eq!(cb["type"], 4, "{cb}");
    }
    let callbacks: Vec<String> = standin
        .recorded_matching("POST /interactions")
        .into_iter()
        .filter(|r| r.ok() && r.path.ends_with("/callback"))
        .map(|r| r.path)
        .collect();
    for id in &ids {
        let n = callbacks
            .iter()
            .filter(|p| p.contains(&format!("/{id}/")))
            .count();
        assert_eq!(n, 1, "interaction {id} answered once");
    }
    assert_eq!(callbacks.len(), n, "nothing else answered");
}

/// One metric line of a scrape, by its name and labels as printed, read as a number.
fn metric(scrape: &str, series: &str) -> Option<f64> {
    scrape.lines().find_map(|line| {
        let value = line.strip_prefix(series)?.strip_prefix(' ')?;
        value.trim().parse().ok()
    })
}

/// `serve --metrics 127.0.0.1:0` says where it listens, and its scrape counts what the gateway
/// answered and shows the index in force.
#[tokio::test]
async fn metrics_on_their_own_address_count_the_gateway_answers() {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let bot = Bot::start_with_args(&standin, data.path(), &[], &["--metrics", "127.0.0.1:0"]);
    standin.wait_ready(WAIT).await;
    let deadline = Instant::now() + WAIT;
    let addr = loop {
        if let Some(event) = bot.events("metrics").pop() {
            break event["addr"].as_str().expect("addr").to_string();
        }
        assert!(
            Instant::now() < deadline,
            "no metrics event:\n{}",
            bot.output()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let cb = run_command(
        &standin,
        "position",
        json!([StandIn::option("who", "germany")]),
    )
    .await;
    assert!(embed(&cb)["title"].as_str().unwrap().contains("Germany"));
    // Counted once the reply is delivered, which the stand-in sees a moment before the bot does.
    let series = r#"positions_interactions_total{command="position",outcome="found"}"#;
    let scrape = loop {
        let scrape = reqwest::get(format!("http://{addr}/metrics"))
            .await
            .expect("the metrics address answers")
            .text()
            .await
            .expect("scrape body");
        if metric(&scrape, series).is_some() {
            break scrape;
        }
        assert!(Instant::now() < deadline, "{series} not counted:\n{scrape}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(metric(&scrape, series), Some(1.0));
    assert_eq!(
        metric(
            &scrape,
            r#"positions_answer_seconds_count{command="position"}"#
        ),
        Some(1.0)
    );
    let index = positions::app::load(data.path()).expect("the data loads");
    assert_eq!(
        metric(&scrape, "positions_index_statements"),
        Some(index.len() as f64)
    );
    assert_eq!(
        metric(&scrape, "positions_index_articles"),
        Some(index.articles().len() as f64)
    );
    // Only /metrics is served there.
    let other = reqwest::get(format!("http://{addr}/interactions"))
        .await
        .expect("answers");
    assert_eq!(other.status().as_u16(), 404);
}
