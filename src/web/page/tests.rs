//! Pages in the shapes of six kinds of site (tests/web/pages, written for these tests) and pages
//! that are not articles.

use super::*;

macro_rules! page {
    ($name:literal) => {
        include_str!(concat!("../../../tests/web/pages/", $name, ".html"))
    };
}

fn read(html: &str) -> Page {
    match read_page(html.as_bytes(), Some("https://fetched.example/path")) {
        Ok(p) => p,
        Err(e) => panic!("not read as an article: {e}"),
    }
}

/// Every `want` is a line's substring, no `unwanted` is anywhere in the text.
fn assert_text(page: &Page, want: &[&str], unwanted: &[&str]) {
    for w in want {
        assert!(
            page.text.lines().any(|l| l.contains(w)),
            "missing {w:?} in:\n{}",
            page.text
        );
    }
    for u in unwanted {
        assert!(!page.text.contains(u), "kept {u:?} in:\n{}", page.text);
    }
}

#[test]
fn wordpress_blog() {
    let page = read(page!("wordpress-blog"));
    assert_eq!(
        page.meta,
        Metadata {
            title: Some("Berlin and Paris split on air defence funding".into()),
            publisher: Some("The Policy Ledger".into()),
            url: Some("https://policyledger.example/2026/01/12/berlin-paris-air-defence/".into()),
            published: Some("2026-01-12".into()),
            language: Some("en".into()),
        }
    );
    assert_text(
        &page,
        &[
            "Germany and France disagreed openly on Monday",
            "German Chancellor Friedrich Merz said the European Union should borrow jointly only for projects that could be delivered within two years. “We cannot promise our citizens protection that arrives in 2035,” Merz told reporters in Berlin.",
            "“Buying off the shelf abroad is not sovereignty,” he said",
            "Analysts noted",
        ],
        &[
            "Related articles",
            "NATO members argue",
            "Sign up for our weekly briefing",
            "Great piece",
            "France is right about sovereignty",
            "Photo: Ledger staff",
            "Proudly powered",
            "About us",
        ],
    );
    // The pull-quote repeats the body's quotation: it is kept once, in its paragraph.
    assert_eq!(
        page.text.matches("arrives in 2035").count(),
        1,
        "{}",
        page.text
    );
}

#[test]
fn newspaper_with_a_paywall_teaser() {
    let page = read(page!("newspaper-paywall"));
    assert_eq!(
        page.meta,
        Metadata {
            title: Some("Japan pledges support for Pacific grid link".into()),
            publisher: Some("The Morning Courier".into()),
            url: Some("https://www.morningcourier.example/world/asia/japan-grid-link-2026".into()),
            published: Some("2026-02-03".into()),
            language: Some("en".into()),
        }
    );
    assert_text(
        &page,
        &[
            "Japan will help finance an undersea power cable",
            "“Energy security in the Pacific is our security too,” Takaichi told a news conference.",
            "Mao Ning said Beijing welcomed any investment",
        ],
        &[
            "Subscribe",
            "Keep reading",
            "Sign in",
            "Most read",
            "Markets tumble",
            "By Hiroshi Tanaka",
        ],
    );
}

#[test]
fn wire_service() {
    let page = read(page!("wire-service"));
    assert_eq!(
        page.meta,
        Metadata {
            title: Some("NATO allies agree to speed up ammunition deliveries".into()),
            publisher: Some("Global Wire".into()),
            url: Some("https://www.globalwire.example/world/nato-ammunition-idUSKBN3000X".into()),
            published: Some("2026-02-12".into()),
            language: None,
        }
    );
    assert_text(
        &page,
        &[
            "BRUSSELS, Feb 12 (Global Wire) - NATO defence ministers agreed",
            "“Our industry must produce more, and faster,” Rutte told a news conference after the meeting.",
            "Hungary did not block the decision",
        ],
        &["Advertisement", "Read Next", "EU weighs new sanctions", "Trust Principles"],
    );
}

#[test]
fn government_press_release() {
    let page = read(page!("government-press-release"));
    assert_eq!(
        page.meta,
        Metadata {
            title: Some("Foreign Secretary statement on the ceasefire talks".into()),
            publisher: Some("GOV.EXAMPLE".into()),
            url: Some("https://www.gov.example/government/news/foreign-secretary-statement-on-the-ceasefire-talks".into()),
            published: Some("2026-03-04".into()),
            language: Some("en".into()),
        }
    );
    assert_text(
        &page,
        &[
            "The Foreign Secretary Yvette Cooper said:",
            "“The United Kingdom welcomes the progress made in Geneva this week.",
            "“We will continue to stand with Ukraine",
        ],
        &[
            "Cookies on",
            "essential cookies",
            "Share this page",
            "Related content",
            "UK sanctions list",
            "Open Government Licence",
            "Skip to main content",
        ],
    );
}

#[test]
fn broadcaster_live_blog() {
    let page = read(page!("broadcaster-live-blog"));
    assert_eq!(
        page.meta,
        Metadata {
            title: Some("EU leaders meet in Brussels on Ukraine aid".into()),
            publisher: Some("Northern Broadcasting".into()),
            url: Some("https://www.nbc-north.example/news/live/world-europe-70001234".into()),
            published: Some("2026-03-19".into()),
            language: Some("en".into()),
        }
    );
    assert_text(
        &page,
        &[
            "“Hungary will not send its taxpayers' money to a war without end,” Orbán told reporters.",
            "“Europe has always found a way, and it will find one today,” she said.",
            "Zelensky addressed the leaders by video link",
        ],
        &["arriving at the Europa building", "More on this story", "Who is Viktor Orbán?", "Weather"],
    );
}

#[test]
fn amp_page() {
    let page = read(page!("amp-page"));
    assert_eq!(
        page.meta,
        Metadata {
            title: Some("Canada and Mexico sign critical minerals pact".into()),
            publisher: Some("Continental Times".into()),
            url: Some("https://continentaltimes.example/business/canada-mexico-minerals".into()),
            published: Some("2026-04-02".into()),
            language: Some("en".into()),
        }
    );
    assert_text(
        &page,
        &[
            "“This is about building supply chains we control,” Carney said at the ceremony in Ottawa.",
            "“Our resources belong to the Mexican people,” she said in a video message.",
        ],
        &["The two ministers at the signing ceremony", "Menu", "visibility:hidden"],
    );
}

#[test]
fn one_paragraph_a_line() {
    let page = read(page!("wire-service"));
    let lines: Vec<&str> = page.text.lines().collect();
    assert!(lines.iter().all(|l| !l.trim().is_empty() && l.trim() == *l));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("Poland said it would double")));
    assert!(page.text.ends_with('\n'));
}

#[test]
fn pages_that_are_not_articles() {
    let reason = |html: &[u8]| read_page(html, None).unwrap_err();
    assert_eq!(reason(page!("video-page").as_bytes()), NotArticle::Video);
    assert_eq!(
        reason(page!("login-wall").as_bytes()),
        NotArticle::LoginWall
    );
    assert!(matches!(
        reason(page!("section-front").as_bytes()),
        NotArticle::SectionFront { headlines: 6 }
    ));
    assert_eq!(
        reason(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        NotArticle::Pdf
    );
    assert_eq!(reason(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), NotArticle::Binary);
    assert!(matches!(
        reason(b"<html><body><p>Short.</p></body></html>"),
        NotArticle::TooShort { words: 1 }
    ));
    assert!(matches!(reason(b""), NotArticle::TooShort { words: 0 }));
    assert_eq!(
        NotArticle::LoginWall.to_string(),
        "not an article: a sign-in page (login wall)"
    );
}

#[test]
fn titles_lose_the_site_name() {
    assert_eq!(
        strip_site_suffix("Leaders meet | The Courier"),
        "Leaders meet"
    );
    assert_eq!(
        strip_site_suffix("Leaders meet – a long day - Wire"),
        "Leaders meet – a long day"
    );
    assert_eq!(
        strip_site_suffix("Short | A much longer site name"),
        "Short | A much longer site name"
    );
    let html = "<html><head><title>Rome and Paris agree - Il Giornale Example</title></head><body></body></html>";
    let doc = Document::from(html);
    assert_eq!(
        metadata(&doc, &[], None).title.as_deref(),
        Some("Rome and Paris agree")
    );
}

#[test]
fn relative_canonical_links_are_resolved_and_the_fetched_address_stands_in() {
    let html = "<html><head><link rel=canonical href=\"/news/a?x=1\"></head></html>";
    let doc = Document::from(html);
    assert_eq!(
        metadata(&doc, &[], Some("https://site.example/amp/news/a"))
            .url
            .as_deref(),
        Some("https://site.example/news/a?x=1")
    );
    let doc =
        Document::from("<html><head><link rel=canonical href=\"javascript:x\"></head></html>");
    assert_eq!(metadata(&doc, &[], None).url, None);
}

#[test]
fn html_is_told_from_text() {
    assert!(looks_like_html(b"<!DOCTYPE html><html>"));
    assert!(looks_like_html(b"\xef\xbb\xbf  <html lang=en>"));
    assert!(!looks_like_html(b"---\ntitle: x\n---\nText."));
    assert!(!looks_like_html(b"Leaders meet. \"We are <not> at war\"."));
}

#[test]
fn a_whole_article_beside_a_subscription_box_is_read_whole() {
    let page = read(page!("subscription-box"));
    assert_eq!(
        page.meta.title.as_deref(),
        Some("Washington lifts sanctions on Syrian central bank")
    );
    assert_text(
        &page,
        &[
            "The United States lifted sanctions on Syria's central bank on Tuesday",
            "“Syria deserves a chance to rebuild, and this gives its people one,” Bessent said in a statement.",
            "Russia's Foreign Ministry said Moscow had long argued",
            "Analysts said the step would take months",
        ],
        &["Enjoying this article?", "Start your free trial", "All rights reserved"],
    );
}

#[test]
fn a_sign_in_form_in_the_header_is_no_login_wall() {
    let page = read(page!("sign-in-header"));
    // The byline after the separator goes, as the site's name would.
    assert_eq!(
        page.meta.title.as_deref(),
        Some("Cyclone season brings record whale strandings")
    );
    assert_eq!(page.meta.published.as_deref(), Some("2026-02-14"));
    assert_text(
        &page,
        &[
            "“Our teams and volunteers have worked day and night, and they have saved many animals,” Potaka said.",
            "Australia's environment minister said",
        ],
        &["Sign in", "Password", "By Eleanor Example"],
    );
}

#[test]
fn a_metered_paywall_script_leaves_the_article_readable() {
    let page = read(page!("metered-paywall"));
    assert_eq!(
        page.meta.title.as_deref(),
        Some("Chile and Peru settle fishing dispute")
    );
    assert_text(
        &page,
        &[
            "Chile and Peru agreed on Monday to end a long dispute",
            "“This agreement shows that neighbours can settle their differences at the table,” he said.",
            "Fishing unions in both countries said",
        ],
        &["window.meter", "free articles this month"],
    );
}

#[test]
fn a_true_sign_in_page_is_refused_as_one() {
    let err = read_page(page!("sign-in-only").as_bytes(), None).unwrap_err();
    assert_eq!(err, NotArticle::LoginWall);
    assert_eq!(
        err.to_string(),
        "not an article: a sign-in page (login wall)"
    );
}

#[test]
fn a_one_paragraph_brief_with_a_statement_is_an_article() {
    let page = read(page!("wire-brief"));
    assert_eq!(
        page.meta.title.as_deref(),
        Some("German minister rules out tax rise to fund defence")
    );
    assert_eq!(
        page.text,
        "BERLIN, March 6 (Global Wire) — German Finance Minister Lars Klingbeil ruled out a tax \
         rise to pay for defence on Friday. “We will find the money in the budget,” he said.\n"
    );
    // Short text that reports no one stays refused.
    let teaser = "<html><body><article><p>Ten things to see in Lisbon this spring, from \
                  tiled palaces to riverside bars and the best custard tarts.</p></article></body></html>";
    assert!(matches!(
        read_page(teaser.as_bytes(), None),
        Err(NotArticle::TooShort { .. })
    ));
}

#[test]
fn titles_come_from_the_page_headline_without_site_or_byline() {
    let title = |head: &str, body: &str| {
        let html = format!("<html><head>{head}</head><body>{body}</body></html>");
        let doc = Document::from(html.as_str());
        let ld = json_ld(&doc);
        metadata(&doc, &ld, Some("https://www.bbc.example/news/world-1")).title
    };
    // The site's name after og:title, known from og:site_name or the address.
    assert_eq!(
        title(
            r#"<meta property="og:title" content="Envoy admits 'biggest frustration' - BBC News">"#,
            ""
        )
        .as_deref(),
        Some("Envoy admits 'biggest frustration'")
    );
    // A JSON-LD author after the headline.
    assert_eq!(
        title(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Record whale strandings | Eleanor Roy","author":{"@type":"Person","name":"Eleanor Roy"}}</script>"#,
            ""
        )
        .as_deref(),
        Some("Record whale strandings")
    );
    // The h1 that a longer og:title opens with.
    assert_eq!(
        title(
            r#"<meta property="og:title" content="Talks resume in Doha - Gulf Courier Online">"#,
            "<h1>Talks resume in Doha</h1>"
        )
        .as_deref(),
        Some("Talks resume in Doha")
    );
    // A dash inside a headline stays.
    assert_eq!(
        title(
            r#"<meta property="og:title" content="Ceasefire - and what comes next for Gaza">"#,
            ""
        )
        .as_deref(),
        Some("Ceasefire - and what comes next for Gaza")
    );
    // An h1 that is the site's logo is no headline: the <title> stands in.
    assert_eq!(
        title(
            r#"<title>Budget vote delayed | BBC</title>"#,
            "<h1>BBC</h1>"
        )
        .as_deref(),
        Some("Budget vote delayed")
    );
}
