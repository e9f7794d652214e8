//! End-to-end tests of "Find the source", `/timeline` and `/topic` against the loopback Discord
//! stand-in: what a user sees for an exact, a near and an altered quote, a message without
//! quotation marks and a quote that is nowhere; a timeline with and without its chart; every side
//! of a topic on its first page, and the speakers for no side in a group of their own.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::{Recorded, StandIn};

const WAIT: Duration = Duration::from_secs(15);

/// An article of December 2025 (the project's is of January 2026): Merz on troops, and three
/// speakers for no side on tariffs (an economist, an analyst, an opposition leader).
const DECEMBER: &str = "---
title: Berlin weighs its options on tariffs and troops
publisher: Test Wire
url: https://example.test/berlin-december
published: 2025-12-12
---
Berlin weighs its options on tariffs and troops

BERLIN, Dec 12 (Test Wire) - “We will not send troops to Ukraine before a ceasefire is agreed,” Chancellor Friedrich Merz told reporters on Friday.

“Tariffs on European steel would hurt workers on both sides of the Atlantic,” said Jana Weber, an economist at the Kiel Institute.

“The tariffs are a blunt tool and everyone knows it,” said Tom Harris, a trade analyst at a London consultancy.

Opposition leader Karl Brandt said the government had “no plan at all on tariffs”.
";

async fn started() -> (StandIn, ScratchData, Bot) {
    let data = ScratchData::copy_of_project_data();
    let article = data.path().join("december.md");
    std::fs::write(&article, DECEMBER).expect("write the article");
    let out = support::store::positions(
        data.path(),
        &["ingest", article.to_str().expect("a UTF-8 path")],
    );
    assert!(out.status.success(), "{}", support::store::stderr(&out));
    let standin = StandIn::start().await;
    let bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;
    (standin, data, bot)
}

/// The request that answered interaction `id` (its body, and its files when multipart).
async fn answered(standin: &StandIn, id: &str) -> Recorded {
    let prefix = format!("/api/v10/interactions/{id}/");
    standin
        .wait_request(WAIT, "the interaction's response", |r| {
            r.method == "POST" && r.path.starts_with(&prefix) && r.ok()
        })
        .await
}

async fn find_the_source(standin: &StandIn, message: &str) -> Value {
    let (payload, id) = standin.message_command_interaction("Find the source", message);
    standin.send_interaction(payload).await;
    answered(standin, &id).await.body
}

async fn slash(standin: &StandIn, name: &str, options: Value) -> Recorded {
    let (payload, id) = standin.command_interaction(name, options);
    standin.send_interaction(payload).await;
    answered(standin, &id).await
}

fn embed(body: &Value) -> &Value {
    &body["data"]["embeds"][0]
}

fn text_of(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

fn fields(embed: &Value) -> Vec<(String, String)> {
    embed["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| (text_of(f, "name"), text_of(f, "value")))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn find_the_source_on_exact_near_and_altered_quotes_and_a_message_without_marks() {
    let (standin, _data, _bot) = started().await;
    let registered = standin.wait_commands_put(WAIT).await;
    assert!(
        registered.body.as_array().is_some_and(|c| c
            .iter()
            .any(|c| c["name"] == "Find the source" && c["type"] == 3)),
        "the message command is registered: {}",
        registered.body
    );

    // Exact: word for word.
    let exact = find_the_source(
        &standin,
        "Did he really say “We will not send troops to Ukraine before a ceasefire is agreed”?",
    )
    .await;
    let e = embed(&exact);
    assert!(text_of(e, "title").starts_with("Where"), "{e}");
    assert!(text_of(e, "description").contains("word for word"), "{e}");
    let f = fields(e);
    assert!(f[0].0.contains("Friedrich Merz"), "{f:?}");
    assert!(f[0].0.contains("Germany"), "{f:?}");
    assert!(f[0].1.contains("Test Wire · 2025-12-12"), "{f:?}");
    assert!(
        !f.iter().any(|x| x.0.starts_with("How the quote differs")),
        "{f:?}"
    );
    assert_eq!(exact["data"]["allowed_mentions"]["parse"], json!([]));
    assert!(
        exact["data"].get("flags").is_none(),
        "found: a public reply"
    );

    // Near: a typo and other punctuation.
    let near = find_the_source(
        &standin,
        "\"we will not send troops to Ukriane, before a ceasefire is agreed!\"",
    )
    .await;
    let e = embed(&near);
    assert!(text_of(e, "description").contains("spelling"), "{e}");
    let diff = fields(e)
        .into_iter()
        .find(|x| x.0.starts_with("How the quote differs"))
        .expect("the differences are shown");
    assert!(diff.1.contains("~~Ukraine~~ __Ukriane,__"), "{diff:?}");

    // Altered: two words changed.
    let altered = find_the_source(
        &standin,
        "Merz: “We will never send soldiers to Ukraine before a ceasefire is agreed”",
    )
    .await;
    let e = embed(&altered);
    assert!(text_of(e, "description").contains("2 words changed"), "{e}");
    let diff = fields(e)
        .into_iter()
        .find(|x| x.0.starts_with("How the quote differs"))
        .expect("the differences are shown");
    assert!(diff.1.contains("~~not~~ __never__"), "{diff:?}");
    assert!(diff.1.contains("~~troops~~ __soldiers__"), "{diff:?}");

    // No quotation marks: the whole message is the quote.
    let unquoted =
        find_the_source(&standin, "tariffs are a blunt tool and everyone knows it").await;
    let f = fields(embed(&unquoted));
    assert!(f[0].0.contains("Tom Harris"), "{f:?}");

    // Nowhere: said plainly, privately, with a /whosaid to try.
    let nothing = find_the_source(
        &standin,
        "someone posted “the moon is made of green cheese, say experts”",
    )
    .await;
    let e = embed(&nothing);
    assert_eq!(nothing["data"]["flags"], 64, "{nothing}");
    assert!(text_of(e, "title").contains("No source found"), "{e}");
    let d = text_of(e, "description");
    assert!(d.contains("No stored statement matches"), "{d}");
    assert!(d.contains("/whosaid"), "{d}");
    assert!(d.contains("cheese"), "{d}");
}

#[tokio::test]
async fn a_mention_asks_where_a_quote_is_from() {
    let (standin, _data, _bot) = started().await;
    standin
        .send_message_create(
            &format!(
                "<@{}> where is this from: “the tariffs are a blunt tool”",
                support::discord::BOT_USER_ID
            ),
            true,
            false,
            false,
        )
        .await;
    let reply = standin.wait_channel_message(WAIT).await;
    let e = &reply["embeds"][0];
    assert!(text_of(e, "title").starts_with("Where"), "{reply}");
    assert!(fields(e)[0].0.contains("Tom Harris"), "{reply}");
}

#[tokio::test]
async fn timeline_groups_by_date_and_attaches_a_chart_when_it_spans_months() {
    let (standin, _data, _bot) = started().await;
    let germany = slash(
        &standin,
        "timeline",
        json!([
            StandIn::option("who", "germany"),
            StandIn::option("topic", "troops")
        ]),
    )
    .await;
    let e = embed(&germany.body);
    let title = text_of(e, "title");
    assert!(title.contains("Germany over time"), "{title}");
    assert!(title.contains("Jan 2026: 8"), "{title}");
    assert!(title.contains("Dec 2025: 1"), "{title}");
    let f = fields(e);
    assert!(f[0].0.starts_with("📅 2026-01-07"), "newest first: {f:?}");
    assert!(!f[1].0.starts_with("📅"), "one date heads its group: {f:?}");
    assert_eq!(germany.files.len(), 1, "the chart is attached");
    let chart = &germany.files[0];
    assert_eq!(chart.filename, "timeline.png");
    assert_eq!(&chart.bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        germany.body["data"]["attachments"][0]["filename"],
        "timeline.png"
    );
    assert_eq!(
        e["image"]["url"], "attachment://timeline.png",
        "the chart is shown in the embed"
    );
    // The older statement is on the last page.
    let buttons = &germany.body["data"]["components"][0]["components"];
    assert!(buttons[1]["custom_id"]
        .as_str()
        .is_some_and(|c| c.contains("/timeline DE troops")));

    let france = slash(
        &standin,
        "timeline",
        json!([StandIn::option("who", "france")]),
    )
    .await;
    let title = text_of(embed(&france.body), "title");
    assert!(title.contains("Jan 2026: 6"), "{title}");
    assert!(!title.contains("2025"), "{title}");
    assert!(france.files.is_empty(), "one month: no chart");
    assert!(france.body["data"]["attachments"]
        .as_array()
        .is_none_or(Vec::is_empty));
}

#[tokio::test]
async fn topic_shows_every_side_and_the_speakers_for_no_side() {
    let (standin, _data, _bot) = started().await;
    let troops = slash(
        &standin,
        "topic",
        json!([StandIn::option("word", "troops")]),
    )
    .await;
    let e = embed(&troops.body);
    let names: Vec<String> = fields(e).into_iter().map(|f| f.0).collect();
    for side in ["France", "Germany", "Italy", "European Union", "Spain"] {
        assert!(
            names.iter().any(|n| n.contains(side)),
            "{side} on the first page: {names:?}"
        );
    }
    assert!(
        names
            .iter()
            .any(|n| n.contains("(+") && n.contains("more)")),
        "{names:?}"
    );
    let sources = fields(e)
        .into_iter()
        .find(|f| f.0 == "Sources")
        .expect("the articles, listed once");
    assert!(sources.1.starts_with("[1] ["), "{sources:?}");

    let tariffs = slash(
        &standin,
        "topic",
        json!([StandIn::option("word", "tariffs")]),
    )
    .await;
    let e = embed(&tariffs.body);
    let d = text_of(e, "description");
    assert!(!d.contains("No stored statement"), "{d}");
    assert!(d.contains("3 statements about “tariffs”"), "{d}");
    let f = fields(e);
    assert!(
        f[0].0.contains("Others: analysts, opposition, media"),
        "{f:?}"
    );
    assert!(f.iter().any(|x| x.0.contains("Jana Weber")), "{f:?}");
}
