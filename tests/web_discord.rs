//! End-to-end tests of the web in Discord, on the real `positions serve` against the loopback
//! Discord stand-in and a loopback web site: `/ingest url:` → preview → Confirm → answered; an
//! HTML attachment read as a page; a private address refused without POSITIONS_FETCH_ALLOW;
//! `/feeds add|list|remove`; `serve --watch` picking up a feed's new item, and stopping on
//! SIGTERM.

#[path = "support/site.rs"]
mod site;
mod support;

use std::time::Duration;

use positions::ingest::split_front_matter;
use serde_json::{json, Value};
use site::{Route, Site};
use support::bot::{Bot, ScratchData};
use support::discord::StandIn;
use support::store::wire_article;

const WAIT: Duration = Duration::from_secs(30);

/// Lets the bot fetch from the loopback site, without pauses between requests.
const ALLOW_LOOPBACK: [(&str, &str); 2] = [
    ("POSITIONS_FETCH_ALLOW", "127.0.0.1"),
    ("POSITIONS_FETCH_PAUSE_MS", "0"),
];

async fn started(env: &[(&str, &str)], args: &[&str]) -> (StandIn, ScratchData, Bot) {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let bot = Bot::start_with_args(&standin, data.path(), env, args);
    standin.wait_ready(WAIT).await;
    (standin, data, bot)
}

/// Report `n` (tests/support/store.rs) as a news page: navigation, the article, a related box.
fn report_page(n: usize) -> String {
    let text = wire_article(n);
    let (meta, body) = split_front_matter(&text).expect("front matter");
    let mut paragraphs = body.lines().filter(|l| !l.trim().is_empty());
    let headline = paragraphs.next().unwrap_or_default();
    let ps: String = paragraphs.map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>{headline} | Test Wire</title>\
         <meta property=\"og:site_name\" content=\"{}\">\
         <meta property=\"article:published_time\" content=\"{}T09:00:00Z\">\
         <link rel=canonical href=\"https://wire.example/report-{n}\"></head>\
         <body><nav><a href=/>Home</a> <a href=/world>World</a></nav><article><h1>{headline}</h1>\n{ps}\
         <p>Officials from several other governments are expected to attend the next round of talks, which diplomats described as a chance to take stock of what has been delivered so far and of what is still missing.</p>\
         </article><aside class=related><a href=/x>Other news of the day</a></aside></body></html>",
        meta.publisher.unwrap_or_default(),
        meta.published.unwrap_or_default(),
    )
}

fn text(v: &Value) -> String {
    v.to_string()
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

async fn ask(standin: &StandIn, who: &str) -> Value {
    let (payload, id) =
        standin.command_interaction("position", json!([StandIn::option("who", who)]));
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await
}

/// `/ingest url:<link>`; returns the interaction id.
async fn ingest_link(standin: &StandIn, link: &str) -> String {
    let (payload, id) =
        standin.command_interaction("ingest", json!([StandIn::option("url", link)]));
    standin.send_interaction(payload).await;
    id
}

/// `/feeds <action>` with `options`; returns the interaction id.
async fn feeds(standin: &StandIn, action: &str, options: Value) -> String {
    let (payload, id) = standin.command_interaction(
        "feeds",
        json!([{"name": action, "type": 1, "options": options}]),
    );
    standin.send_interaction(payload).await;
    id
}

/// Presses the first button (Confirm) of a preview and waits for the edit saying "Added".
async fn confirm(standin: &StandIn, id: &str, preview: &Value) -> Value {
    let buttons = preview["components"][0]["components"]
        .as_array()
        .expect("buttons");
    assert_eq!(buttons[0]["label"], "Confirm");
    let message = standin
        .original_message(id)
        .unwrap_or_else(|| preview.clone());
    let custom_id = buttons[0]["custom_id"].as_str().expect("custom id");
    let (press, press_id) = standin.component_interaction(custom_id, message);
    standin.send_interaction(press).await;
    let cb = standin.wait_callback(&press_id, WAIT).await;
    assert_eq!(cb["type"], 6);
    edit_containing(standin, "Added").await
}

#[tokio::test]
async fn a_link_is_fetched_previewed_and_answered_after_confirm() {
    let site = Site::start();
    site.route("/news/report-1", Route::html(&report_page(1)));
    let (standin, _data, _bot) = started(&ALLOW_LOOPBACK, &[]).await;
    // Report 1 quotes French President Emmanuel Macron.
    let quote = "We will keep our promise number 1-0 to the people of Ukraine";
    assert!(!text(&ask(&standin, "France").await).contains(quote));

    let id = ingest_link(&standin, &site.url("/news/report-1")).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["type"], 5, "deferred while the page is fetched");
    assert_eq!(cb["data"]["flags"], 64, "the preview is private");
    let preview = edit_containing(&standin, "Preview").await;
    let t = text(&preview);
    assert!(t.contains("Allies pledge more"), "the page's headline: {t}");
    assert!(t.contains(quote), "{t}");
    assert!(!t.contains("Other news of the day"), "{t}");
    assert!(!text(&ask(&standin, "France").await).contains(quote));

    let added = confirm(&standin, &id, &preview).await;
    assert!(text(&added).contains("statements"), "{added}");
    let after = ask(&standin, "France").await;
    assert!(text(&after).contains(quote), "answerable at once: {after}");
    assert!(
        text(&after).contains("wire.example/report-1"),
        "the source is the page's canonical URL: {after}"
    );

    // The same page again (same canonical URL) is refused at the preview.
    site.route("/news/report-1-again", Route::html(&report_page(1)));
    let id = ingest_link(&standin, &site.url("/news/report-1-again")).await;
    standin.wait_callback(&id, WAIT).await;
    let refused = edit_containing(&standin, "already in the store").await;
    assert!(text(&refused).contains("nothing was added"), "{refused}");
}

#[tokio::test]
async fn an_html_attachment_is_read_as_a_page_and_failures_say_why() {
    let site = Site::start();
    site.route(
        "/section/world",
        Route::html(include_str!("web/pages/section-front.html")),
    );
    site.route("/gone", Route::Status(404));
    let (standin, _data, _bot) = started(&ALLOW_LOOPBACK, &[]).await;

    let page = report_page(2);
    let url = standin.serve_file(
        "/attachments/report.html",
        page.as_bytes().to_vec(),
        "text/html",
    );
    let (mut payload, id) = standin.command_interaction(
        "ingest",
        json!([{"name": "article", "type": 11, "value": "777000000000000002"}]),
    );
    payload["data"]["resolved"] = json!({"attachments": {"777000000000000002": {
        "id": "777000000000000002", "filename": "report.html", "size": page.len(), "url": url,
        "proxy_url": url, "content_type": "text/html; charset=utf-8"
    }}});
    standin.send_interaction(payload).await;
    standin.wait_callback(&id, WAIT).await;
    let preview = edit_containing(&standin, "Preview").await;
    let t = text(&preview);
    assert!(t.contains("promise number 2-0"), "{t}");
    assert!(
        !t.contains("<p>") && !t.contains("Home"),
        "markup and navigation left out: {t}"
    );

    // A section front is not an article.
    let id = ingest_link(&standin, &site.url("/section/world")).await;
    standin.wait_callback(&id, WAIT).await;
    let notice = edit_containing(&standin, "section front").await;
    assert!(text(&notice).contains("Not added"), "{notice}");
    // A missing page: the reason and the link.
    let id = ingest_link(&standin, &site.url("/gone")).await;
    standin.wait_callback(&id, WAIT).await;
    let notice = edit_containing(&standin, "404").await;
    assert!(text(&notice).contains("/gone"), "{notice}");
}

#[tokio::test]
async fn a_private_address_is_refused_without_the_allow_list() {
    let site = Site::start();
    site.route("/news/report-3", Route::html(&report_page(3)));
    let (standin, data, _bot) = started(&[], &[]).await;
    let id = ingest_link(&standin, &site.url("/news/report-3")).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["flags"], 64);
    let notice = edit_containing(&standin, "private address").await;
    let t = text(&notice);
    assert!(
        t.contains("Not added") && t.contains("127.0.0.1 is a private address"),
        "{t}"
    );
    assert!(
        site.requests("/news/report-3").is_empty(),
        "nothing was asked of the site"
    );
    let folders = std::fs::read_dir(data.path().join("articles"))
        .unwrap()
        .count();
    assert_eq!(folders, 1, "only the seed article is stored");

    // Not a moderator: refused before anything is fetched.
    let (mut payload, id) = standin.command_interaction(
        "ingest",
        json!([StandIn::option("url", site.url("/news/report-3"))]),
    );
    payload["member"]["permissions"] = json!("0");
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["flags"], 64);
    assert!(text(&cb).contains("Manage Server"), "{cb}");
}

#[tokio::test]
async fn feeds_are_added_listed_and_removed() {
    let (standin, data, _bot) = started(&[], &[]).await;
    let feed = "https://wire.example/feed.xml";
    let id = feeds(
        &standin,
        "add",
        json!([
            StandIn::option("url", feed),
            StandIn::option("name", "Test Wire")
        ]),
    )
    .await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert_eq!(cb["data"]["flags"], 64);
    edit_containing(&standin, "Following").await;
    let on_disk = std::fs::read_to_string(data.path().join("feeds.json")).expect("feeds.json");
    assert!(
        on_disk.contains(feed) && on_disk.contains("tester"),
        "{on_disk}"
    );

    let id = feeds(&standin, "list", json!([])).await;
    standin.wait_callback(&id, WAIT).await;
    let list = edit_containing(&standin, "Feeds followed").await;
    let t = text(&list);
    assert!(
        t.contains(feed) && t.contains("Test Wire") && t.contains("tester"),
        "{t}"
    );

    let id = feeds(&standin, "remove", json!([StandIn::option("url", feed)])).await;
    standin.wait_callback(&id, WAIT).await;
    edit_containing(&standin, "No longer following").await;
    let id = feeds(&standin, "list", json!([])).await;
    standin.wait_callback(&id, WAIT).await;
    edit_containing(&standin, "No feeds are followed").await;

    // Not a moderator.
    let (mut payload, id) =
        standin.command_interaction("feeds", json!([{"name": "list", "type": 1, "options": []}]));
    payload["member"]["permissions"] = json!("0");
    standin.send_interaction(payload).await;
    let cb = standin.wait_callback(&id, WAIT).await;
    assert!(text(&cb).contains("Manage Server"), "{cb}");
}

fn rss(site: &Site, items: &[usize]) -> String {
    let items: String = items
        .iter()
        .map(|n| {
            format!(
                "<item><title>Report {n}</title><link>{}</link><guid>report-{n}</guid>\
                 <pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate></item>",
                site.url(&format!("/report/{n}"))
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test Wire</title>{items}</channel></rss>")
}

/// Waits until the bot has announced at least `n` events called `name`.
async fn events(bot: &Bot, name: &str, n: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let seen = bot.events(name);
        if seen.len() >= n {
            return seen;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {n} `{name}` events: {}",
            bot.output()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn serve_watch_answers_a_feeds_new_item_and_stops_on_sigterm() {
    let site = Site::start();
    for n in [4, 5] {
        site.route(&format!("/report/{n}"), Route::html(&report_page(n)));
    }
    site.route(
        "/feed.xml",
        Route::typed("application/rss+xml", rss(&site, &[4]).as_bytes()),
    );
    let data = ScratchData::copy_of_project_data();
    let out = support::store::positions(data.path(), &["feeds", "add", &site.url("/feed.xml")]);
    assert!(out.status.success(), "{}", support::store::stderr(&out));

    let standin = StandIn::start().await;
    let mut env = ALLOW_LOOPBACK.to_vec();
    env.push(("POSITIONS_WATCH_INTERVAL", "1"));
    let mut bot = Bot::start_with_args(&standin, data.path(), &env, &["--watch"]);
    standin.wait_ready(WAIT).await;

    // Report 4 quotes British Prime Minister Keir Starmer, report 5 Spain's Pedro Sánchez.
    let first = events(&bot, "polled", 1).await;
    assert_eq!(first[0]["new_articles"], 1, "{}", bot.output());
    events(&bot, "applied", 1).await;
    assert!(text(&ask(&standin, "United Kingdom").await).contains("promise number 4-0"));
    let sanchez = "promise number 5-0";
    assert!(!text(&ask(&standin, "Spain").await).contains(sanchez));

    // The feed gains an item: answered without a restart.
    site.route(
        "/feed.xml",
        Route::typed("application/rss+xml", rss(&site, &[5, 4]).as_bytes()),
    );
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if text(&ask(&standin, "Spain").await).contains(sanchez) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never answered: {}",
            bot.output()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(site.requests("/report/4").len(), 1, "report 4 fetched once");

    bot.signal(15);
    let status = bot.wait_exit(WAIT).expect("stops after SIGTERM");
    assert!(status.success(), "{status:?}: {}", bot.output());
}

/// The fetcher's requests and the watcher's polls are counted: one poll of a feed with one new
/// item shows as a feed read, its article added and two pages fetched (the feed and the article).
#[tokio::test]
async fn serve_watch_counts_fetches_and_feed_polls_in_its_metrics() {
    let site = Site::start();
    site.route("/report/4", Route::html(&report_page(4)));
    site.route(
        "/feed.xml",
        Route::typed("application/rss+xml", rss(&site, &[4]).as_bytes()),
    );
    let data = ScratchData::copy_of_project_data();
    let out = support::store::positions(data.path(), &["feeds", "add", &site.url("/feed.xml")]);
    assert!(out.status.success(), "{}", support::store::stderr(&out));

    let standin = StandIn::start().await;
    let mut env = ALLOW_LOOPBACK.to_vec();
    // One poll in this test's time: the counts are exact.
    env.push(("POSITIONS_WATCH_INTERVAL", "1h"));
    let bot = Bot::start_with_args(
        &standin,
        data.path(),
        &env,
        &["--watch", "--metrics", "127.0.0.1:0"],
    );
    standin.wait_ready(WAIT).await;
    let polled = events(&bot, "polled", 1).await;
    assert_eq!(polled[0]["new_articles"], 1, "{}", bot.output());
    let addr = events(&bot, "metrics", 1).await[0]["addr"]
        .as_str()
        .expect("the metrics address")
        .to_string();
    let scrape = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .expect("the metrics address answers")
        .text()
        .await
        .expect("scrape body");
    for line in [
        r#"positions_feed_polls_total{outcome="ok"} 1"#,
        r#"positions_feed_articles_total{outcome="added"} 1"#,
        r#"positions_fetches_total{outcome="ok"} 2"#,
    ] {
        assert!(
            scrape.lines().any(|l| l == line),
            "{line} not in:\n{scrape}"
        );
    }
}
