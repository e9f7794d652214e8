//! `positions feeds` and `positions watch` against a loopback site: RSS, Atom and JSON Feed, a
//! broken feed, a feed that gains items between polls, 304s, a feed that keeps failing (backed
//! off), and a kill loop: `watch --once` killed with SIGKILL at random moments repeats no article
//! and loses none. Sizes: POSITIONS_WATCH_KILLS (default 20), seed POSITIONS_KILL_SEED.

#[path = "support/site.rs"]
mod site;
mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use positions::ingest::split_front_matter;
use positions::store::{stored_articles, Store};
use serde_json::Value;
use site::{Route, Site};
use support::bot::ScratchData;
use support::store::{gazetteer, stderr, stdout, wire_article, Rng};

fn positions(data: &Path, args: &[&str]) -> Output {
    command(data, args).output().expect("run positions")
}

fn command(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_positions"));
    cmd.args(args)
        .env("POSITIONS_DATA", data)
        .env("POSITIONS_FETCH_ALLOW", "127.0.0.1")
        .env("POSITIONS_FETCH_PAUSE_MS", "0")
        .env("USER", "tester")
        .env_remove("DISCORD_TOKEN");
    cmd
}

/// Report `n` (tests/support/store.rs) as a news page whose canonical URL is
/// https://wire.example/report-n.
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

fn atom(site: &Site, items: &[usize]) -> String {
    let entries: String = items
        .iter()
        .map(|n| {
            format!(
                "<entry><title>Report {n}</title><id>urn:report:{n}</id><updated>2026-03-03T09:00:00Z</updated>\
                 <link rel=\"alternate\" href=\"{}\"/></entry>",
                site.url(&format!("/report/{n}"))
            )
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom Wire</title><id>urn:atom</id><updated>2026-03-03T09:00:00Z</updated>{entries}</feed>")
}

fn json_feed(site: &Site, items: &[usize]) -> String {
    let items: Vec<Value> = items
        .iter()
        .map(|n| serde_json::json!({"id": format!("j{n}"), "url": site.url(&format!("/report/{n}")), "title": format!("Report {n}")}))
        .collect();
    serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "JSON Wire", "items": items}).to_string()
}

fn serve_reports(site: &Site, range: std::ops::Range<usize>) {
    for n in range {
        site.route(&format!("/report/{n}"), Route::html(&report_page(n)));
    }
}

fn watch_json(data: &Path) -> (Option<i32>, Value) {
    let o = positions(data, &["watch", "--once", "--json"]);
    let v = serde_json::from_str(stdout(&o).trim()).unwrap_or_else(|e| {
        panic!(
            "watch --once --json prints JSON ({e}): {}\n{}",
            stdout(&o),
            stderr(&o)
        )
    });
    (o.status.code(), v)
}

/// Stored articles by canonical URL: how many times each is stored.
fn stored_urls(data: &Path) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for a in stored_articles(data).expect("articles readable") {
        if let Some(u) = a.url {
            *out.entry(u).or_default() += 1;
        }
    }
    out
}

#[test]
fn feeds_are_added_listed_and_removed() {
    let data = ScratchData::copy_of_project_data();
    let o = positions(data.path(), &["feeds", "list"]);
    assert!(stdout(&o).contains("no feeds followed"), "{}", stdout(&o));
    let o = positions(
        data.path(),
        &[
            "feeds",
            "add",
            "https://wire.example/feed.xml",
            "--name",
            "Test Wire",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("following https://wire.example/feed.xml"));
    let o = positions(
        data.path(),
        &["feeds", "add", "https://wire.example/feed.xml"],
    );
    assert!(stdout(&o).contains("followed already"), "{}", stdout(&o));
    let o = positions(
        data.path(),
        &["feeds", "add", "ftp://wire.example/feed.xml"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("only http and https"), "{}", stderr(&o));
    let o = positions(data.path(), &["feeds", "list"]);
    let out = stdout(&o);
    assert!(
        out.contains("Test Wire: https://wire.example/feed.xml (added by tester at 20"),
        "{out}"
    );
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(data.path().join("feeds.json")).unwrap())
            .unwrap();
    assert_eq!(file["feeds"][0]["added_by"], "tester");
    assert_eq!(file["feeds"][0]["name"], "Test Wire");
    let o = positions(
        data.path(),
        &["feeds", "remove", "https://wire.example/feed.xml"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = positions(
        data.path(),
        &["feeds", "remove", "https://wire.example/feed.xml"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not followed"), "{}", stderr(&o));
    let o = positions(data.path(), &["check"]);
    assert!(
        o.status.success(),
        "the store loads beside feeds.json: {}",
        stderr(&o)
    );
}

#[test]
fn watch_polls_rss_atom_and_json_feeds_once_each_article() {
    let site = Site::start();
    serve_reports(&site, 0..8);
    site.route(
        "/rss.xml",
        Route::Tagged {
            content_type: "application/rss+xml".into(),
            body: rss(&site, &[1, 0]).into_bytes(),
            etag: "\"rss-1\"".into(),
        },
    );
    // The Atom feed lists report 1 too: it is stored once.
    site.route(
        "/atom.xml",
        Route::typed("application/atom+xml", atom(&site, &[2, 1]).as_bytes()),
    );
    site.route(
        "/feed.json",
        Route::typed("application/feed+json", json_feed(&site, &[3]).as_bytes()),
    );
    site.route(
        "/broken.xml",
        Route::typed("application/rss+xml", b"<rss><channel><item><title>cut"),
    );
    site.route(
        "/growing.xml",
        Route::typed("application/rss+xml", rss(&site, &[4]).as_bytes()),
    );
    let data = ScratchData::copy_of_project_data();
    for path in [
        "/rss.xml",
        "/atom.xml",
        "/feed.json",
        "/broken.xml",
        "/growing.xml",
    ] {
        let o = positions(data.path(), &["feeds", "add", &site.url(path)]);
        assert!(o.status.success(), "{}", stderr(&o));
    }

    let (code, summary) = watch_json(data.path());
    assert_eq!(
        code,
        Some(1),
        "a broken feed makes the poll fail: {summary}"
    );
    assert_eq!(summary["feeds"], 5, "{summary}");
    assert_eq!(summary["new_articles"], 5, "{summary}");
    assert!(summary["statements"].as_u64().unwrap() >= 10, "{summary}");
    let errors = summary["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{summary}");
    assert_eq!(errors[0]["url"], site.url("/broken.xml"));
    assert!(
        errors[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("not a feed (RSS, Atom or JSON Feed)"),
        "{summary}"
    );
    let urls = stored_urls(data.path());
    for n in 0..5 {
        assert_eq!(
            urls.get(&format!("https://wire.example/report-{n}")),
            Some(&1),
            "{urls:?}"
        );
    }
    // Stored with the page's metadata, and answered.
    let o = positions(data.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The growing feed gains an item; the RSS feed answers 304; the broken one is backed off.
    site.route(
        "/growing.xml",
        Route::typed("application/rss+xml", rss(&site, &[5, 4]).as_bytes()),
    );
    let (code, summary) = watch_json(data.path());
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(summary["feeds"], 4, "the broken feed waits: {summary}");
    assert_eq!(summary["new_articles"], 1, "{summary}");
    assert_eq!(
        site.requests("/rss.xml").last().unwrap().headers["if-none-match"],
        "\"rss-1\""
    );
    assert_eq!(site.requests("/broken.xml").len(), 1);
    assert_eq!(
        site.requests("/report/4").len(),
        1,
        "a seen item is not fetched again"
    );
    // Report 1 was fetched once for each feed in the first poll (the second time found stored by
    // its canonical URL and text), and never again.
    assert_eq!(site.requests("/report/1").len(), 2);
    assert_eq!(stored_urls(data.path()).values().sum::<usize>(), 7);
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(data.path().join("feed-state.json")).unwrap(),
    )
    .unwrap();
    let broken = &state["feeds"][site.url("/broken.xml")];
    assert_eq!(broken["failures"], 1, "{state}");
    assert!(broken["retry_at"].as_u64().is_some(), "{state}");

    // Plain output: one summary line.
    let o = positions(data.path(), &["watch", "--once"]);
    assert_eq!(
        stdout(&o),
        "4 feeds polled, 0 new articles, 0 statements, 0 errors\n",
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_item_that_is_not_an_article_is_reported_once() {
    let site = Site::start();
    serve_reports(&site, 0..1);
    site.route(
        "/video",
        Route::html(include_str!("web/pages/video-page.html")),
    );
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>t</title>\
         <item><title>v</title><link>{}</link></item>\
         <item><title>r</title><link>{}</link></item></channel></rss>",
        site.url("/video"),
        site.url("/report/0")
    );
    site.route(
        "/rss.xml",
        Route::typed("application/rss+xml", rss.as_bytes()),
    );
    let data = ScratchData::copy_of_project_data();
    positions(data.path(), &["feeds", "add", &site.url("/rss.xml")]);
    let (_, summary) = watch_json(data.path());
    assert_eq!(summary["new_articles"], 1, "{summary}");
    assert_eq!(summary["errors"][0]["url"], site.url("/video"));
    assert_eq!(
        summary["errors"][0]["error"],
        "not an article: a video page"
    );
    let (code, summary) = watch_json(data.path());
    assert_eq!(code, Some(0), "{summary}");
    assert!(
        summary["errors"].as_array().unwrap().is_empty(),
        "{summary}"
    );
    assert_eq!(site.requests("/video").len(), 1);
}

/// `watch --once` killed at seeded random moments over a feed that gains three reports before
/// each run (so every run has work left): after every kill the store checks and holds each report at
/// most once; a last run completes the set, and every report is stored exactly once.
#[test]
fn a_watcher_killed_at_any_moment_repeats_no_article_and_loses_none() {
    let kills: usize = std::env::var("POSITIONS_WATCH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seed = std::env::var("POSITIONS_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x0057_a7e5_u64);
    let mut rng = Rng::new(seed);
    let site = Site::start();
    let first = 100;
    let step = 3;
    let total = 8 + step * kills;
    serve_reports(&site, first..first + total);
    let listing = |upto: usize| {
        let items: Vec<usize> = (first..first + upto).rev().collect();
        Route::typed("application/rss+xml", rss(&site, &items).as_bytes())
    };
    let report_urls = |data: &Path| -> BTreeMap<String, usize> {
        stored_urls(data)
            .into_iter()
            .filter(|(u, _)| u.starts_with("https://wire.example/report-"))
            .collect()
    };

    // How long a poll of 8 new reports takes, on a copy.
    site.route("/rss.xml", listing(8));
    let calibration = ScratchData::copy_of_project_data();
    positions(calibration.path(), &["feeds", "add", &site.url("/rss.xml")]);
    let start = Instant::now();
    let (code, summary) = watch_json(calibration.path());
    let whole = start.elapsed();
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(summary["new_articles"], 8, "{summary}");
    let per_report = whole / 8;

    let data = ScratchData::copy_of_project_data();
    let data = data.path();
    positions(data, &["feeds", "add", &site.url("/rss.xml")]);
    let (mut finished_early, mut landed_mid_run, mut stored_not_seen) = (0, 0, 0);
    for round in 0..kills {
        let listed = 8 + step * (round + 1);
        site.route("/rss.xml", listing(listed));
        let pending = listed - report_urls(data).len();
        let before = report_urls(data).len();
        let mut child = command(data, &["watch", "--once", "--json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start watch");
        // Anywhere from the start to the time the pending reports take, plus start-up.
        let span = per_report * pending as u32 + per_report;
        std::thread::sleep(Duration::from_micros(rng.upto(span.as_micros() as u64)));
        if matches!(child.try_wait(), Ok(Some(_))) {
            finished_early += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        Store::check(data, gazetteer()).unwrap_or_else(|e| panic!("check fails after a kill: {e}"));
        let urls = report_urls(data);
        assert!(
            urls.values().all(|&n| n == 1),
            "an article repeated: {urls:?}"
        );
        if urls.len() > before && urls.len() < listed {
            landed_mid_run += 1;
        }
        // A report stored whose item is not yet marked seen: killed inside the locked step.
        let state = std::fs::read_to_string(data.join("feed-state.json")).unwrap_or_default();
        let seen = state.matches("/report/").count();
        if seen < urls.len() {
            stored_not_seen += 1;
        }
    }
    eprintln!(
        "{kills} kills: {landed_mid_run} after the run had stored some new reports and before it stored all \
         ({stored_not_seen} between storing a report and marking it seen), {finished_early} after the run had ended; \
         {} of {total} reports stored by the killed runs",
        report_urls(data).len()
    );
    let (code, summary) = watch_json(data);
    assert_eq!(code, Some(0), "{summary}");
    let urls = report_urls(data);
    for n in first..first + total {
        assert_eq!(
            urls.get(&format!("https://wire.example/report-{n}")),
            Some(&1),
            "report {n} after {kills} kills: {urls:?}"
        );
    }
    assert_eq!(urls.len(), total);
    let (_, summary) = watch_json(data);
    assert_eq!(summary["new_articles"], 0, "{summary}");
}
