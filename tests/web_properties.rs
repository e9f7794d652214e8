//! No page or feed text crashes the pure core: arbitrary bytes, arbitrary text, and the test
//! pages cut, spliced and mangled at random places give an article or a reason, never a panic.

use positions::web::feed::read_feed;
use positions::web::page::read_page;
use proptest::prelude::*;

const PAGES: [&str; 6] = [
    include_str!("web/pages/wordpress-blog.html"),
    include_str!("web/pages/newspaper-paywall.html"),
    include_str!("web/pages/wire-service.html"),
    include_str!("web/pages/government-press-release.html"),
    include_str!("web/pages/broadcaster-live-blog.html"),
    include_str!("web/pages/amp-page.html"),
];

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://wire.example/1</link><guid>1</guid><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate></item>
<item><title>Two</title><link>/2</link></item></channel></rss>"#;

/// Pieces of markup that stress a parser when dropped anywhere.
const SHARDS: [&str; 12] = [
    "<",
    ">",
    "</p>",
    "<script type=\"application/ld+json\">{\"@type\":[",
    "\"",
    "<!--",
    "<![CDATA[",
    "&#xD800;",
    "<meta property=og:title content=",
    "<table><tr><td>",
    "\u{0}",
    "<link rel=canonical href=\"//[::1\">",
];

fn mangle(base: &str, cuts: &[(usize, usize)]) -> String {
    let mut s = base.to_string();
    for &(at, shard) in cuts {
        let mut i = at % (s.len() + 1);
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        s.insert_str(i, SHARDS[shard % SHARDS.len()]);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_a_page_or_a_reason(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read_page(&bytes, Some("https://site.example/a"));
        let _ = read_feed(&bytes, Some("https://site.example/feed"));
    }

    #[test]
    fn any_text_is_a_page_or_a_reason(text in "\\PC{0,600}") {
        let _ = read_page(text.as_bytes(), None);
        let _ = read_feed(text.as_bytes(), None);
    }

    #[test]
    fn mangled_pages_are_a_page_or_a_reason(
        page in 0..PAGES.len(),
        cut in 0usize..40_000,
        cuts in proptest::collection::vec((0usize..40_000, 0usize..64), 0..6),
    ) {
        let base = PAGES[page];
        let mut end = cut % (base.len() + 1);
        while !base.is_char_boundary(end) {
            end -= 1;
        }
        let text = mangle(&base[..end], &cuts);
        if let Ok(p) = read_page(text.as_bytes(), Some("https://site.example/a")) {
            prop_assert!(p.text.ends_with('\n'));
            prop_assert!(p.text.lines().all(|l| !l.trim().is_empty()));
        }
    }

    #[test]
    fn mangled_feeds_are_items_or_a_reason(
        cut in 0usize..2_000,
        cuts in proptest::collection::vec((0usize..2_000, 0usize..64), 0..6),
    ) {
        let mut end = cut % (FEED.len() + 1);
        while !FEED.is_char_boundary(end) {
            end -= 1;
        }
        let text = mangle(&FEED[..end], &cuts);
        if let Ok(feed) = read_feed(text.as_bytes(), Some("https://wire.example/feed")) {
            for item in feed.items {
                if let Some(link) = item.link {
                    prop_assert!(link.starts_with("http://") || link.starts_with("https://"));
                }
            }
        }
    }
}
