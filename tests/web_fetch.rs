//! The fetcher and `positions ingest URL` against a loopback site (tests/support/site.rs):
//! six kinds of news site, redirects, 304, 429 with Retry-After, 5xx, a server that hangs, a
//! 50 MiB page, binary files, robots.txt, one request at a time per host, and the refusal of
//! private addresses with POSITIONS_FETCH_ALLOW unset (refused before any connection).

#[path = "support/site.rs"]
mod site;
mod support;

use std::time::Duration;

use positions::fetch::pipeline::fetch_article;
use positions::fetch::{Allow, FetchError, Fetched, Fetcher, Settings, Validators};
use site::{Route, Site};
use support::bot::ScratchData;
use support::store::{stderr, stdout};

const PAGES: [(&str, &str); 6] = [
    (
        "wordpress-blog",
        include_str!("web/pages/wordpress-blog.html"),
    ),
    (
        "newspaper-paywall",
        include_str!("web/pages/newspaper-paywall.html"),
    ),
    ("wire-service", include_str!("web/pages/wire-service.html")),
    (
        "government-press-release",
        include_str!("web/pages/government-press-release.html"),
    ),
    (
        "broadcaster-live-blog",
        include_str!("web/pages/broadcaster-live-blog.html"),
    ),
    ("amp-page", include_str!("web/pages/amp-page.html")),
];

/// A fetcher that may reach the loopback site, with no pause and quick retries.
fn loopback_fetcher() -> Fetcher {
    Fetcher::new(Settings {
        allow: Allow::parse("127.0.0.1").unwrap(),
        pause: Duration::ZERO,
        retry_base: Duration::from_millis(10),
        ..Settings::default()
    })
    .unwrap()
}

fn page_body(f: Fetched) -> Vec<u8> {
    match f {
        Fetched::Page(r) => r.body,
        Fetched::NotModified => panic!("expected a page, got 304"),
    }
}

#[tokio::test]
async fn six_kinds_of_site_give_their_article_and_metadata() {
    let site = Site::start();
    for (name, html) in PAGES {
        site.route(&format!("/{name}"), Route::html(html));
    }
    let fetcher = loopback_fetcher();
    for (name, _) in PAGES {
        let page = fetch_article(&fetcher, &site.url(&format!("/{name}")))
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(page.meta.title.is_some(), "{name}: no title");
        assert!(page.meta.publisher.is_some(), "{name}: no publisher");
        assert!(page.meta.published.is_some(), "{name}: no date");
        let url = page.meta.url.unwrap();
        assert!(url.starts_with("https://"), "{name}: canonical {url}");
        assert!(page.text.lines().count() >= 3, "{name}:\n{}", page.text);
    }
    let seen = site.log();
    let page_request = seen.iter().find(|s| s.path == "/wire-service").unwrap();
    let ua = &page_request.headers["user-agent"];
    assert!(
        ua.starts_with(concat!("positions/", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
    let enc = &page_request.headers["accept-encoding"];
    assert!(enc.contains("gzip") && enc.contains("br"), "{enc}");
    // robots.txt is asked once for the host, before the first page.
    assert_eq!(site.requests("/robots.txt").len(), 1);
    assert_eq!(seen[0].path, "/robots.txt");
}

#[tokio::test]
async fn gzip_and_brotli_pages_are_read_and_a_bomb_is_refused() {
    let site = Site::start();
    for encoding in ["gzip", "br"] {
        site.route(
            &format!("/{encoding}"),
            Route::Encoded {
                encoding: encoding.into(),
                body: PAGES[5].1.as_bytes().to_vec(),
            },
        );
    }
    // 50 MiB that packs into a few dozen KiB: the limit counts what it unpacks to.
    site.route(
        "/bomb",
        Route::Encoded {
            encoding: "gzip".into(),
            body: vec![b' '; 50 * 1024 * 1024],
        },
    );
    let fetcher = loopback_fetcher();
    for encoding in ["gzip", "br"] {
        let page = fetch_article(&fetcher, &site.url(&format!("/{encoding}")))
            .await
            .unwrap_or_else(|e| panic!("{encoding}: {e}"));
        assert!(page.text.contains("supply chains we control"), "{encoding}");
    }
    let err = fetcher.get(&site.url("/bomb"), None).await.unwrap_err();
    assert_eq!(err.to_string(), "too large (over 5 MiB)");
}

#[tokio::test]
async fn redirects_are_followed_up_to_five() {
    let site = Site::start();
    site.route("/article", Route::html(PAGES[2].1));
    for (i, status) in [301u16, 302, 303, 307, 308].iter().enumerate() {
        let next = if i == 4 {
            "/article".to_string()
        } else {
            format!("/hop{}", i + 1)
        };
        site.route(
            &format!("/hop{i}"),
            Route::Redirect {
                status: *status,
                location: next,
            },
        );
    }
    let fetcher = loopback_fetcher();
    let page = fetch_article(&fetcher, &site.url("/hop0")).await.unwrap();
    assert!(page.text.contains("NATO defence ministers agreed"));

    site.route(
        "/loop",
        Route::Redirect {
            status: 302,
            location: "/loop".into(),
        },
    );
    let err = fetcher.get(&site.url("/loop"), None).await.unwrap_err();
    assert_eq!(err.to_string(), "more than 5 redirects");
    assert_eq!(
        site.requests("/loop").len(),
        6,
        "the first request and 5 redirects"
    );
}

#[tokio::test]
async fn conditional_get_gives_304() {
    let site = Site::start();
    site.route(
        "/feed.xml",
        Route::Tagged {
            content_type: "application/rss+xml".into(),
            body: b"<rss version=\"2.0\"><channel><title>t</title></channel></rss>".to_vec(),
            etag: "\"v1\"".into(),
        },
    );
    let fetcher = loopback_fetcher();
    let first = match fetcher.get(&site.url("/feed.xml"), None).await.unwrap() {
        Fetched::Page(r) => r,
        Fetched::NotModified => panic!("first fetch is a page"),
    };
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    let again = fetcher
        .get(&site.url("/feed.xml"), Some(&first.validators))
        .await
        .unwrap();
    assert!(matches!(again, Fetched::NotModified));
    assert_eq!(
        site.requests("/feed.xml")[1].headers["if-none-match"],
        "\"v1\""
    );
    let stale = Validators {
        etag: Some("\"v0\"".into()),
        last_modified: None,
    };
    let changed = fetcher
        .get(&site.url("/feed.xml"), Some(&stale))
        .await
        .unwrap();
    assert!(matches!(changed, Fetched::Page(_)));
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried() {
    let site = Site::start();
    site.route(
        "/busy",
        Route::Failing {
            status: 429,
            retry_after: Some("1".into()),
            count: 1,
            then: Box::new(Route::html("<p>fine</p>")),
        },
    );
    site.route(
        "/flaky",
        Route::Failing {
            status: 503,
            retry_after: None,
            count: 2,
            then: Box::new(Route::html("<p>up again</p>")),
        },
    );
    site.route(
        "/closed",
        Route::Failing {
            status: 429,
            retry_after: Some("3600".into()),
            count: 100,
            then: Box::new(Route::html("<p>never</p>")),
        },
    );
    site.route(
        "/down",
        Route::Failing {
            status: 500,
            retry_after: None,
            count: 100,
            then: Box::new(Route::html("<p>never</p>")),
        },
    );
    let fetcher = loopback_fetcher();
    let body = page_body(fetcher.get(&site.url("/busy"), None).await.unwrap());
    assert_eq!(body, b"<p>fine</p>");
    assert_eq!(site.requests("/busy").len(), 2);
    let body = page_body(fetcher.get(&site.url("/flaky"), None).await.unwrap());
    assert_eq!(body, b"<p>up again</p>");
    assert_eq!(site.requests("/flaky").len(), 3);
    let err = fetcher.get(&site.url("/closed"), None).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "rate limited (HTTP 429): the site asks to wait 3600 s"
    );
    assert_eq!(
        site.requests("/closed").len(),
        1,
        "an hour is not waited for"
    );
    let err = fetcher.get(&site.url("/down"), None).await.unwrap_err();
    assert_eq!(err.to_string(), "HTTP 500 Internal Server Error");
    assert_eq!(
        site.requests("/down").len(),
        4,
        "one request and three retries"
    );
}

#[tokio::test]
async fn a_hanging_server_times_out() {
    let site = Site::start();
    site.route("/robots.txt", Route::Status(404));
    site.route("/hang", Route::Hang);
    let fetcher = Fetcher::new(Settings {
        allow: Allow::parse("127.0.0.1").unwrap(),
        pause: Duration::ZERO,
        timeout: Duration::from_secs(1),
        ..Settings::default()
    })
    .unwrap();
    let err = fetcher.get(&site.url("/hang"), None).await.unwrap_err();
    assert_eq!(err, FetchError::Timeout);
    assert_eq!(err.to_string(), "timed out");
}

#[tokio::test]
async fn huge_and_binary_bodies_are_refused() {
    let site = Site::start();
    site.route("/huge", Route::Huge { mib: 50 });
    site.route(
        "/photo.png",
        Route::typed("image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    );
    site.route(
        "/report.pdf",
        Route::typed("application/pdf", b"%PDF-1.7\n1 0 obj\n"),
    );
    site.route(
        "/mislabelled",
        Route::typed("text/html", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
    );
    let fetcher = loopback_fetcher();
    let err = fetch_article(&fetcher, &site.url("/huge"))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "too large (over 5 MiB)");
    let err = fetch_article(&fetcher, &site.url("/photo.png"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not an article: a binary file, not a web page"
    );
    let err = fetch_article(&fetcher, &site.url("/report.pdf"))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "not an article: a PDF document");
    let err = fetch_article(&fetcher, &site.url("/mislabelled"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not an article: a binary file, not a web page"
    );
}

#[tokio::test]
async fn robots_txt_is_honoured() {
    let site = Site::start();
    site.route(
        "/robots.txt",
        Route::typed(
            "text/plain",
            b"User-agent: *\nDisallow: /private/\n\nUser-agent: positions\nDisallow: /no-bots/\n",
        ),
    );
    site.route("/private/a", Route::html(PAGES[0].1));
    site.route("/no-bots/a", Route::html(PAGES[0].1));
    site.route("/public/a", Route::html(PAGES[0].1));
    let fetcher = loopback_fetcher();
    let err = fetcher
        .get(&site.url("/no-bots/a"), None)
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "disallowed by robots.txt");
    assert!(fetcher.get(&site.url("/public/a"), None).await.is_ok());
    // Our group replaces the `*` group, as robots.txt groups do.
    assert!(fetcher.get(&site.url("/private/a"), None).await.is_ok());
    assert!(site.requests("/no-bots/a").is_empty());
    // A redirect into a disallowed path is checked too.
    site.route(
        "/go",
        Route::Redirect {
            status: 302,
            location: "/no-bots/a".into(),
        },
    );
    let err = fetcher.get(&site.url("/go"), None).await.unwrap_err();
    assert_eq!(err, FetchError::Robots);
    assert!(site.requests("/no-bots/a").is_empty());
}

#[tokio::test]
async fn a_failing_robots_txt_stops_the_fetch_and_is_asked_again() {
    let site = Site::start();
    site.route("/robots.txt", Route::Status(503));
    site.route("/page", Route::html("<p>x</p>"));
    let fetcher = loopback_fetcher();
    let err = fetcher.get(&site.url("/page"), None).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "robots.txt answered HTTP 503 Service Unavailable: not fetching from this site now"
    );
    assert!(site.requests("/page").is_empty());
    site.route("/robots.txt", Route::Status(404));
    assert!(fetcher.get(&site.url("/page"), None).await.is_ok());
    assert_eq!(site.requests("/robots.txt").len(), 2);
}

#[tokio::test]
async fn one_request_at_a_time_per_host() {
    let site = Site::start();
    site.route("/robots.txt", Route::Status(404));
    for i in 0..4 {
        site.route(
            &format!("/slow{i}"),
            Route::Slow {
                delay: Duration::from_millis(50),
                body: b"<p>x</p>".to_vec(),
            },
        );
    }
    let fetcher = Fetcher::new(Settings {
        allow: Allow::parse("127.0.0.1").unwrap(),
        pause: Duration::from_millis(20),
        ..Settings::default()
    })
    .unwrap();
    let urls: Vec<String> = (0..4).map(|i| site.url(&format!("/slow{i}"))).collect();
    let results = futures::future::join_all(urls.iter().map(|u| fetcher.get(u, None))).await;
    assert!(results.iter().all(Result::is_ok));
    let log = site.log();
    assert_eq!(log.len(), 5);
    assert!(
        log.iter().all(|s| s.in_flight == 1),
        "requests overlapped: {:?}",
        log.iter().map(|s| s.in_flight).collect::<Vec<_>>()
    );
}

/// Settings as a deployment without POSITIONS_FETCH_ALLOW has them.
fn default_fetcher() -> Fetcher {
    Fetcher::new(Settings::default()).unwrap()
}

#[tokio::test]
async fn private_addresses_are_refused_before_any_connection() {
    let site = Site::start();
    site.route("/page", Route::html(PAGES[0].1));
    let fetcher = default_fetcher();
    let err = fetcher.get(&site.url("/page"), None).await.unwrap_err();
    assert!(
        matches!(err, FetchError::Private { ref host, .. } if host == "127.0.0.1"),
        "{err}"
    );
    assert!(err
        .to_string()
        .starts_with("refused: 127.0.0.1 is a private address"));
    // A name is refused after it resolves.
    let err = fetcher
        .get(&format!("http://localhost:{}/page", site.port), None)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Private { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("refused: localhost resolves to a private address ("),
        "{err}"
    );
    for inside in [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/",
        "http://0.0.0.0/",
        "http://192.168.1.1/admin",
        "http://[::ffff:127.0.0.1]/",
    ] {
        let err = fetcher.get(inside, None).await.unwrap_err();
        assert!(matches!(err, FetchError::Private { .. }), "{inside}: {err}");
    }
    let err = fetcher.get("file:///etc/passwd", None).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "only http and https addresses are fetched, not file:"
    );
    assert!(
        site.log().is_empty(),
        "no request reached the site: {:?}",
        site.log()
    );
}

#[tokio::test]
async fn a_redirect_to_the_inside_is_refused() {
    let site = Site::start();
    for (path, target) in [
        ("/to-ten", "http://10.0.0.1/internal"),
        (
            "/to-metadata",
            "http://169.254.169.254/latest/meta-data/iam",
        ),
        ("/to-localhost", "http://localhost:1/"),
        ("/to-gopher", "gopher://127.0.0.1/"),
    ] {
        site.route(
            path,
            Route::Redirect {
                status: 302,
                location: target.into(),
            },
        );
    }
    // Only the site's own address is allowed: what it redirects to is judged afresh.
    let fetcher = loopback_fetcher();
    for path in ["/to-ten", "/to-metadata"] {
        let err = fetcher.get(&site.url(path), None).await.unwrap_err();
        assert!(matches!(err, FetchError::Private { .. }), "{path}: {err}");
    }
    let err = fetcher
        .get(&site.url("/to-gopher"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Scheme(_)), "{err}");
    // localhost resolves to loopback; allowed only as 127.0.0.1 (a ::1 answer is not).
    if let Err(err) = fetcher.get(&site.url("/to-localhost"), None).await {
        assert!(
            matches!(err, FetchError::Private { .. } | FetchError::Connect(_)),
            "{err}"
        );
    }
}

// ----- the command line ---------------------------------------------------------------------

fn positions(data: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_positions"));
    cmd.args(args)
        .env("POSITIONS_DATA", data)
        .env_remove("POSITIONS_FETCH_ALLOW")
        .env("POSITIONS_FETCH_PAUSE_MS", "0")
        .env_remove("DISCORD_TOKEN");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run positions")
}

const ALLOW: [(&str, &str); 1] = [("POSITIONS_FETCH_ALLOW", "127.0.0.1")];

#[test]
fn ingest_links_and_pages_reports_each_failure_and_goes_on() {
    let site = Site::start();
    site.route("/wire", Route::html(PAGES[2].1));
    site.route("/live", Route::html(PAGES[4].1));
    site.route(
        "/section",
        Route::html(include_str!("web/pages/section-front.html")),
    );
    let data = ScratchData::copy_of_project_data();
    let saved = data.path().join("saved-press-release.html");
    std::fs::write(&saved, PAGES[3].1).unwrap();
    let (wire, live, section, missing) = (
        site.url("/wire"),
        site.url("/live"),
        site.url("/section"),
        site.url("/gone"),
    );
    let o = positions(
        data.path(),
        &[
            "ingest",
            &wire,
            &section,
            &missing,
            saved.to_str().unwrap(),
            &live,
        ],
        &ALLOW,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let err = stderr(&o);
    assert!(
        out.contains(&format!("{wire}: "))
            && out.contains(
                "statements added as nato-allies-agree-to-speed-up-ammunition-deliveries"
            ),
        "{out}"
    );
    assert!(out.contains(&format!("{live}: ")), "{out}");
    assert!(out.contains("saved-press-release.html: "), "{out}");
    assert!(
        err.contains(&format!(
            "{section}: not an article: a section front (a list of 6 headlines)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{missing}: HTTP 404 Not Found")),
        "{err}"
    );
    assert!(err.contains("2 of 5 failed"), "{err}");
    // What was stored is answered, with the page's metadata and canonical URL.
    let j = ask_json(data.path(), "/position nato");
    let from_wire = j["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"].as_str().unwrap_or("").contains("produce more"))
        .cloned()
        .unwrap_or_else(|| panic!("the wire story's quotation is answered: {j}"));
    assert_eq!(
        from_wire["source"]["url"],
        "https://www.globalwire.example/world/nato-ammunition-idUSKBN3000X"
    );
    assert_eq!(from_wire["source"]["published"], "2026-02-12");
    assert_eq!(from_wire["source"]["publisher"], "Global Wire");

    // Again: the address given is not the canonical one, so the page is fetched again and found
    // stored (same canonical URL, same text): nothing is added.
    let before = site.requests("/wire").len();
    let o = positions(data.path(), &["ingest", &wire], &ALLOW);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("already stored as"), "{}", stdout(&o));
    assert_eq!(site.requests("/wire").len(), before + 1);
    // The same page saved under another name adds nothing either.
    let copy = data.path().join("copy.html");
    std::fs::write(&copy, PAGES[2].1).unwrap();
    let o = positions(data.path(), &["ingest", copy.to_str().unwrap()], &ALLOW);
    assert!(stdout(&o).contains("already stored as"), "{}", stdout(&o));
    let o = positions(data.path(), &["check"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn ingest_refuses_loopback_without_the_allow_list() {
    let site = Site::start();
    site.route("/wire", Route::html(PAGES[2].1));
    let data = ScratchData::copy_of_project_data();
    let url = site.url("/wire");
    let o = positions(data.path(), &["ingest", &url], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{url}: refused: 127.0.0.1 is a private address; POSITIONS_FETCH_ALLOW lets a deployment fetch from it"
        )),
        "{}",
        stderr(&o)
    );
    assert!(site.log().is_empty(), "nothing reached the site");
}

fn ask_json(data: &std::path::Path, q: &str) -> serde_json::Value {
    let o = positions(data, &["ask", q, "--json"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("ask --json prints JSON")
}

/// A saved page read as a user would: `ingest --dry-run --json`, its statements and title.
fn dry_run(
    data: &std::path::Path,
    page: &std::path::Path,
) -> (std::process::Output, serde_json::Value) {
    let o = positions(
        data,
        &["ingest", "--dry-run", "--json", page.to_str().unwrap()],
        &[],
    );
    let j = serde_json::from_str(&stdout(&o)).unwrap_or(serde_json::Value::Null);
    (o, j)
}

#[test]
fn saved_pages_with_a_whole_article_are_read_and_a_sign_in_page_is_refused() {
    let data = ScratchData::copy_of_project_data();
    let pages = [
        (
            "subscription-box",
            include_str!("web/pages/subscription-box.html"),
            "Washington lifts sanctions on Syrian central bank",
            "Syria deserves a chance to rebuild",
        ),
        (
            "sign-in-header",
            include_str!("web/pages/sign-in-header.html"),
            "Cyclone season brings record whale strandings",
            "Our teams and volunteers have worked day and night",
        ),
        (
            "metered-paywall",
            include_str!("web/pages/metered-paywall.html"),
            "Chile and Peru settle fishing dispute",
            "neighbours can settle their differences at the table",
        ),
        (
            "wire-brief",
            include_str!("web/pages/wire-brief.html"),
            "German minister rules out tax rise to fund defence",
            "We will find the money in the budget",
        ),
    ];
    for (name, html, title, quoted) in pages {
        let path = data.path().join(format!("{name}.html"));
        std::fs::write(&path, html).unwrap();
        let (o, j) = dry_run(data.path(), &path);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let statements = j["statements"].as_array().cloned().unwrap_or_default();
        let texts: Vec<&str> = statements
            .iter()
            .filter_map(|s| s["text"].as_str())
            .collect();
        assert!(
            texts.iter().any(|t| t.contains(quoted)),
            "{name}: the article's quotation is read: {texts:?}"
        );
        // Nothing from the sign-in form, the subscription box or the paywall script.
        for noise in [
            "Sign in",
            "Password",
            "free trial",
            "Subscribe",
            "free articles",
        ] {
            assert!(
                !texts.iter().any(|t| t.contains(noise)),
                "{name}: {noise:?} in {texts:?}"
            );
        }
        // The page's own headline, without the site's name or a byline.
        for s in &statements {
            assert_eq!(s["source"]["title"], title, "{name}");
        }
    }
    let path = data.path().join("sign-in-only.html");
    std::fs::write(&path, include_str!("web/pages/sign-in-only.html")).unwrap();
    let (o, _) = dry_run(data.path(), &path);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("sign-in-only.html: not an article: a sign-in page (login wall)"),
        "{}",
        stderr(&o)
    );
}
