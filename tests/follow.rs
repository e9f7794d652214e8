//! End-to-end tests of `/follow` on the real bot and the loopback Discord: a follow set up in a
//! channel, an article ingested from the command line, and the post in the channel — once, also
//! across a restart of the bot; `/unfollow` stops it; a channel that answers 403 pauses it.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};
use support::bot::{binary, Bot, ScratchData};
use support::discord::{StandIn, CHANNEL_ID};

/// How long a test waits for the bot's answers.
const WAIT: Duration = Duration::from_secs(15);
/// The promise: a statement is posted within 10 s of landing.
const POSTED_WITHIN: Duration = Duration::from_secs(10);

/// Another channel of the guild.
const OTHER_CHANNEL: u64 = 1_300_000_000_000_000_250;

const TROOPS: &str = "---\ntitle: Berlin ready to send troops to a Ukraine mission\npublisher: Test Wire\npublished: 2026-12-01\nurl: https://example.org/berlin-troops\n---\n\
Germany is ready to send troops to a future peacekeeping mission in Ukraine, Chancellor Friedrich Merz said on Monday.\n\
“We will not leave Ukraine alone, and German soldiers will do their part,” Merz told reporters in Berlin.\n\
“Gas prices will come down next year,” Merz added.\n\
Poland will send military engineers to the mission, Foreign Minister Radosław Sikorski said.\n";

const SANCTIONS: &str = "---\ntitle: Merz calls for new sanctions on Moscow\npublisher: Test Wire\npublished: 2026-12-02\n---\n\
“Europe must tighten sanctions until the guns fall silent,” Chancellor Friedrich Merz said in Brussels on Tuesday.\n";

const LITHUANIA: &str = "---\ntitle: German brigade to stay in Lithuania\npublisher: Test Wire\npublished: 2026-12-03\n---\n\
“Our troops will stay in Lithuania as long as they are needed,” Chancellor Friedrich Merz said in Vilnius on Wednesday.\n";

const BALTICS: &str = "---\ntitle: Berlin to add soldiers to the NATO force in the Baltics\npublisher: Test Wire\npublished: 2026-12-04\n---\n\
“Germany will add five hundred soldiers to the force in the Baltics,” Chancellor Friedrich Merz said on Thursday.\n";

async fn started(data: &ScratchData) -> (StandIn, Bot) {
    let standin = StandIn::start().await;
    let bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;
    (standin, bot)
}

/// `positions ingest FILE` from the command line, as an editor runs it.
fn ingest(data: &Path, name: &str, text: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(format!("{name}.md"));
    std::fs::write(&file, text).expect("write article");
    let o = Command::new(binary())
        .arg("ingest")
        .arg(&file)
        .env("POSITIONS_DATA", data)
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("run positions ingest");
    assert!(
        o.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs a follow command (in `channel`) and gives the private answer it edits in.
async fn run(standin: &StandIn, name: &str, options: Value, channel: u64) -> Value {
    run_in(standin, name, options, channel, "en-US").await
}

/// `run`, by a user whose Discord speaks `locale`.
async fn run_in(
    standin: &StandIn,
    name: &str,
    options: Value,
    channel: u64,
    locale: &str,
) -> Value {
    let (mut payload, id) = standin.command_interaction(name, options);
    payload["locale"] = json!(locale);
    payload["channel_id"] = json!(channel.to_string());
    payload["channel"]["id"] = json!(channel.to_string());
    standin.send_interaction(payload).await;
    let first = standin.wait_callback(&id, WAIT).await;
    assert_eq!(
        first["type"], 5,
        "answered privately after a moment: {first}"
    );
    assert_eq!(first["data"]["flags"], 64, "{first}");
    let token_part = format!("standin-interaction-token-{id}/messages/@original");
    standin
        .wait_request(WAIT, "the edit of the answer", |r| {
            r.method == "PATCH" && r.path.ends_with(&token_part) && r.ok()
        })
        .await
        .body
}

fn who(side: &str) -> Value {
    json!([StandIn::option("who", side)])
}

fn who_on(side: &str, topic: &str) -> Value {
    json!([
        StandIn::option("who", side),
        StandIn::option("topic", topic)
    ])
}

fn follows(data: &Path) -> Vec<Value> {
    std::fs::read_to_string(data.join("follows.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line of follows.jsonl is JSON"))
        .collect()
}

/// The posts made in `channel`, as (title, statement quotes).
fn posts_in(standin: &StandIn, channel: u64) -> Vec<(String, Vec<String>)> {
    let path = format!("/api/v10/channels/{channel}/messages");
    standin
        .recorded()
        .into_iter()
        .filter(|r| r.ok() && r.method == "POST" && r.path == path)
        .map(|r| {
            let e = &r.body["embeds"][0];
            let quotes = e["fields"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|x| x["value"].as_str().unwrap_or_default().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (e["title"].as_str().unwrap_or_default().to_string(), quotes)
        })
        .collect()
}

/// Waits for the `n`th post in `channel` (1-based), at most `within`.
async fn wait_posts(standin: &StandIn, channel: u64, n: usize, within: Duration) {
    let path = format!("/api/v10/channels/{channel}/messages");
    let what = format!("post number {n} in channel {channel}");
    standin
        .wait_for(within, &what, |st| {
            let posts = st
                .recorded()
                .iter()
                .filter(|r| r.ok() && r.method == "POST" && r.path == path)
                .count();
            (posts >= n).then_some(())
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_followed_side_is_posted_once_also_across_a_restart() {
    let data = ScratchData::copy_of_project_data();
    let (standin, mut bot) = started(&data).await;

    let answer = run(&standin, "follow", who_on("germany", "troops"), CHANNEL_ID).await;
    let text = answer.to_string();
    assert!(text.contains("Following"), "{text}");
    assert!(text.contains("Germany on “troops”"), "{text}");
    assert_eq!(answer["allowed_mentions"]["parse"], json!([]), "{answer}");
    let stored = follows(data.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0]["side"], "DE");
    assert_eq!(stored[0]["topic"], "troops");
    assert_eq!(stored[0]["channel"], json!(CHANNEL_ID.to_string()));
    assert!(
        stored[0]["by"].as_str().unwrap_or("").contains('('),
        "{stored:?}"
    );

    ingest(data.path(), "berlin-troops", TROOPS);
    let landed = std::time::Instant::now();
    wait_posts(&standin, CHANNEL_ID, 1, POSTED_WITHIN).await;
    println!(
        "posted {:.2} s after the article landed",
        landed.elapsed().as_secs_f64()
    );
    let body = standin.channel_messages()[0].clone();
    assert_eq!(body["allowed_mentions"]["parse"], json!([]), "{body}");
    let posts = posts_in(&standin, CHANNEL_ID);
    assert_eq!(
        posts[0].0,
        "Berlin ready to send troops to a Ukraine mission"
    );
    // Germany's two statements on troops (soldiers count): not the gas one, not Poland's.
    assert_eq!(posts[0].1.len(), 2, "{posts:?}");
    assert!(
        posts[0].1[1].contains("German soldiers will do their part"),
        "{posts:?}"
    );
    assert!(!posts[0]
        .1
        .iter()
        .any(|q| q.contains("Gas") || q.contains("Poland")));

    // Down for a while: what lands meanwhile is posted when the bot is back, and nothing twice.
    bot.signal(15);
    assert!(bot.wait_exit(WAIT).is_some(), "the bot stops on SIGTERM");
    ingest(data.path(), "sanctions", SANCTIONS);
    ingest(data.path(), "lithuania", LITHUANIA);
    let _bot = Bot::start(&standin, data.path(), &[]);
    wait_posts(&standin, CHANNEL_ID, 2, WAIT).await;
    ingest(data.path(), "baltics", BALTICS);
    wait_posts(&standin, CHANNEL_ID, 3, POSTED_WITHIN).await;
    let titles: Vec<String> = posts_in(&standin, CHANNEL_ID)
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(
        titles,
        [
            "Berlin ready to send troops to a Ukraine mission",
            "German brigade to stay in Lithuania",
            "Berlin to add soldiers to the NATO force in the Baltics"
        ],
        "each article on troops once, the one on sanctions never"
    );
}

#[tokio::test]
async fn unfollow_stops_the_posts_and_following_lists_who_set_each_up() {
    let data = ScratchData::copy_of_project_data();
    let (standin, _bot) = started(&data).await;
    let (payload, id) =
        standin.autocomplete_interaction("follow", json!([StandIn::focused_option("who", "ger")]));
    standin.send_interaction(payload).await;
    let choices = standin.wait_callback(&id, WAIT).await;
    assert_eq!(choices["type"], 8, "{choices}");
    assert!(
        choices["data"]["choices"].as_array().is_some_and(|c| c
            .iter()
            .any(|c| c["name"].as_str().unwrap_or("").contains("Germany"))),
        "who autocompletes as in /position: {choices}"
    );
    run(&standin, "follow", who("Merz"), CHANNEL_ID).await;
    run(&standin, "follow", who("poland"), CHANNEL_ID).await;
    let again = run(&standin, "follow", who("Germany"), CHANNEL_ID).await;
    assert!(again.to_string().contains("Already following"), "{again}");

    let list = run(&standin, "following", Value::Null, CHANNEL_ID).await;
    let text = list["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(list["embeds"][0]["title"], "Following: 2 follows", "{list}");
    assert!(
        text.contains(&format!("**Germany** in <#{CHANNEL_ID}> — set up by ")),
        "{text}"
    );
    assert!(text.contains("**Poland**"), "{text}");

    let stopped = run(&standin, "unfollow", who("germany"), CHANNEL_ID).await;
    assert!(stopped.to_string().contains("Stopped"), "{stopped}");
    let nothing = run(&standin, "unfollow", who("germany"), CHANNEL_ID).await;
    assert!(nothing.to_string().contains("Nothing to stop"), "{nothing}");
    assert_eq!(follows(data.path()).len(), 1);

    // The article has statements by both; only Poland's follow is left. Follows are posted in
    // the order they were set up, so a Germany post would have come first. Discord first
    // answers the post with a 429: it is sent again after `retry_after`, and shown once.
    standin.fail_next_429("POST /channels", 0.3);
    ingest(data.path(), "berlin-troops", TROOPS);
    wait_posts(&standin, CHANNEL_ID, 1, POSTED_WITHIN).await;
    let posts = posts_in(&standin, CHANNEL_ID);
    assert_eq!(posts.len(), 1, "{posts:?}");
    let limited = standin.count_recorded(|r| r.status == 429 && r.path.contains("/channels/"));
    assert_eq!(limited, 1, "{}", standin.summary());
    assert_eq!(posts[0].1.len(), 1, "{posts:?}");
    assert!(
        posts[0].1[0].contains("Poland will send military engineers"),
        "{posts:?}"
    );
}

#[tokio::test]
async fn a_channel_that_refuses_posts_pauses_its_follow_once() {
    let data = ScratchData::copy_of_project_data();
    let (standin, bot) = started(&data).await;
    run(&standin, "follow", who("germany"), OTHER_CHANNEL).await;
    run(&standin, "follow", who("germany"), CHANNEL_ID).await;
    standin.refuse_channel(OTHER_CHANNEL, 403);

    ingest(data.path(), "berlin-troops", TROOPS);
    wait_posts(&standin, CHANNEL_ID, 1, POSTED_WITHIN).await;
    let paused = follows(data.path());
    assert!(
        paused[0]["paused"]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("403"),
        "{paused:?}"
    );
    assert!(paused[1].get("paused").is_none(), "{paused:?}");

    // The paused follow (set up first) is not tried again for the next article.
    ingest(data.path(), "lithuania", LITHUANIA);
    wait_posts(&standin, CHANNEL_ID, 2, POSTED_WITHIN).await;
    let refused = standin.count_recorded(|r| {
        r.method == "POST" && r.path == format!("/api/v10/channels/{OTHER_CHANNEL}/messages")
    });
    assert_eq!(refused, 1, "{}", standin.summary());
    assert_eq!(bot.output().matches("follow paused").count(), 1);

    let list = run(&standin, "following", Value::Null, CHANNEL_ID).await;
    assert!(list.to_string().contains("**paused**"), "{list}");
    let resumed = run(&standin, "follow", who("germany"), OTHER_CHANNEL).await;
    assert!(resumed.to_string().contains("Following again"), "{resumed}");
    assert!(follows(data.path())[0].get("paused").is_none());
}

#[tokio::test]
async fn members_without_manage_channels_cannot_follow() {
    let data = ScratchData::copy_of_project_data();
    let (standin, _bot) = started(&data).await;
    let (mut payload, id) = standin.command_interaction("follow", who("germany"));
    payload["member"]["permissions"] = json!("0");
    standin.send_interaction(payload).await;
    let answer = standin.wait_callback(&id, WAIT).await;
    assert_eq!(answer["data"]["flags"], 64, "{answer}");
    assert!(answer.to_string().contains("Not allowed"), "{answer}");
    assert!(follows(data.path()).is_empty());
}

#[tokio::test]
async fn a_reprinted_statement_is_posted_once() {
    let data = ScratchData::copy_of_project_data();
    let (standin, _bot) = started(&data).await;
    let answer = run(&standin, "follow", who("germany"), CHANNEL_ID).await;
    assert!(answer.to_string().contains("Following"), "{answer}");

    ingest(data.path(), "lithuania", LITHUANIA);
    wait_posts(&standin, CHANNEL_ID, 1, POSTED_WITHIN).await;
    // Another outlet reprints the quote under its own title: nothing new to post.
    ingest(
        data.path(),
        "lithuania-reprint",
        "---\ntitle: Merz: troops stay in Lithuania\npublisher: Example Daily\npublished: 2026-12-04\n---\n\
         “Our troops will stay in Lithuania as long as they are needed,” Chancellor Friedrich Merz said in Vilnius.\n",
    );
    // A later article quotes it again beside a new statement: only the new one is posted.
    ingest(
        data.path(),
        "lithuania-air-defence",
        "---\ntitle: Berlin adds air defence for Lithuania\npublisher: Example Post\npublished: 2026-12-05\n---\n\
         “Our troops will stay in Lithuania as long as they are needed,” Chancellor Friedrich Merz repeated on Friday.\n\
         “Germany will also send two more air defence systems to Lithuania before the winter,” he said.\n",
    );
    wait_posts(&standin, CHANNEL_ID, 2, POSTED_WITHIN).await;
    let posts = posts_in(&standin, CHANNEL_ID);
    assert_eq!(posts[0].0, "German brigade to stay in Lithuania");
    assert_eq!(
        posts[1].0, "Berlin adds air defence for Lithuania",
        "{posts:?}"
    );
    assert_eq!(posts[1].1.len(), 1, "{posts:?}");
    assert!(posts[1].1[0].contains("air defence systems"), "{posts:?}");
}

#[tokio::test]
async fn a_follow_set_up_in_german_posts_in_german() {
    let data = ScratchData::copy_of_project_data();
    let (standin, _bot) = started(&data).await;
    run_in(&standin, "follow", who("germany"), OTHER_CHANNEL, "de").await;
    assert_eq!(follows(data.path())[0]["locale"], "de");
    ingest(data.path(), "sanctions", SANCTIONS);
    wait_posts(&standin, OTHER_CHANNEL, 1, POSTED_WITHIN).await;
    let path = format!("/api/v10/channels/{OTHER_CHANNEL}/messages");
    let post = standin
        .recorded()
        .into_iter()
        .find(|r| r.ok() && r.method == "POST" && r.path == path)
        .expect("the post");
    let e = &post.body["embeds"][0];
    let description = e["description"].as_str().unwrap_or_default();
    assert!(
        description.starts_with("Neu von **Deutschland**: 1 Aussage"),
        "{post:?}"
    );
    assert!(
        e["footer"]["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Abo: Deutschland"),
        "{post:?}"
    );
    // The quote as printed, in its language.
    assert!(
        e["fields"][0]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("Europe must tighten sanctions"),
        "{post:?}"
    );
}
