//! A feed's bytes (RSS 2.0, Atom or JSON Feed, read by `feed-rs`) → the items it lists, each with
//! a stable key to remember it by. Pure.

/// One item of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// What the item is remembered by: its link when it has one, else the feed's id for it.
    pub key: String,
    /// The article's address (absolute http or https), when the item links to one.
    pub link: Option<String>,
    pub title: Option<String>,
    /// YYYY-MM-DD, from the item's published (else updated) date.
    pub published: Option<String>,
}

/// A feed's title and items, in the feed's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("not a feed (RSS, Atom or JSON Feed): {0}")]
    Unreadable(String),
}

/// Reads a feed; `base` (the feed's own address) resolves relative item links.
pub fn read_feed(bytes: &[u8], base: Option<&str>) -> Result<Feed, FeedError> {
    let parsed = feed_rs::parser::Builder::new()
        .base_uri(base)
        .build()
        .parse(bytes)
        .map_err(|e| {
            let first_line = e.to_string().lines().next().unwrap_or("").to_string();
            FeedError::Unreadable(first_line)
        })?;
    let base_url = base.and_then(|b| url::Url::parse(b).ok());
    let items = parsed
        .entries
        .into_iter()
        .map(|e| {
            let link = e
                .links
                .iter()
                .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .chain(e.links.iter())
                .find_map(|l| absolute(&l.href, base_url.as_ref()));
            let published = e
                .published
                .or(e.updated)
                .map(|d| d.format("%Y-%m-%d").to_string());
            let title = e.title.map(|t| t.content.trim().to_string());
            FeedItem {
                key: link.clone().unwrap_or_else(|| e.id.clone()),
                link,
                title: title.filter(|t| !t.is_empty()),
                published,
            }
        })
        .collect();
    Ok(Feed {
        title: parsed
            .title
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty()),
        items,
    })
}

fn absolute(link: &str, base: Option<&url::Url>) -> Option<String> {
    let link = link.trim();
    let u = match url::Url::parse(link) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(link).ok()?,
        Err(_) => return None,
    };
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Policy Ledger</title><link>https://policyledger.example/</link>
<item><title>Berlin and Paris split</title><link>https://policyledger.example/2026/01/12/split/</link>
<guid isPermaLink="false">ledger-4412</guid><pubDate>Mon, 12 Jan 2026 08:15:00 +0000</pubDate></item>
<item><title>Relative</title><link>/2026/01/13/relative/</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items_have_links_dates_and_keys() {
        let feed = read_feed(RSS.as_bytes(), Some("https://policyledger.example/feed/")).unwrap();
        assert_eq!(feed.title.as_deref(), Some("The Policy Ledger"));
        assert_eq!(feed.items.len(), 2);
        let first = &feed.items[0];
        assert_eq!(
            first.link.as_deref(),
            Some("https://policyledger.example/2026/01/12/split/")
        );
        assert_eq!(first.key, "https://policyledger.example/2026/01/12/split/");
        assert_eq!(first.published.as_deref(), Some("2026-01-12"));
        assert_eq!(
            feed.items[1].link.as_deref(),
            Some("https://policyledger.example/2026/01/13/relative/")
        );
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Global Wire: World</title><id>urn:gw:world</id>
<updated>2026-02-12T16:00:00Z</updated>
<entry><title>NATO allies agree</title><id>urn:gw:1</id><link rel="alternate" href="https://www.globalwire.example/world/nato"/>
<updated>2026-02-12T14:32:00Z</updated></entry></feed>"#;
        let feed = read_feed(atom.as_bytes(), None).unwrap();
        assert_eq!(
            feed.items[0].link.as_deref(),
            Some("https://www.globalwire.example/world/nato")
        );
        assert_eq!(feed.items[0].published.as_deref(), Some("2026-02-12"));
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Courier","items":[
            {"id":"c-1","url":"https://www.morningcourier.example/world/1","title":"Japan pledges","date_published":"2026-02-03T05:00:00Z"},
            {"id":"c-2","content_text":"No link here"}]}"#;
        let feed = read_feed(json.as_bytes(), None).unwrap();
        assert_eq!(feed.items.len(), 2);
        assert_eq!(
            feed.items[0].key,
            "https://www.morningcourier.example/world/1"
        );
        assert_eq!(feed.items[1].link, None);
        assert_eq!(feed.items[1].key, "c-2");
    }

    #[test]
    fn a_broken_feed_is_one_clear_error() {
        let err = read_feed(b"<html><body>Not a feed</body></html>", None).unwrap_err();
        assert!(err.to_string().starts_with("not a feed"), "{err}");
        assert!(read_feed(b"", None).is_err());
        assert!(read_feed(b"<rss><channel><item>", None).is_err());
    }

    #[test]
    fn links_other_than_http_are_ignored() {
        let rss = r#"<rss version="2.0"><channel><title>x</title>
<item><title>a</title><link>javascript:alert(1)</link><guid>g-1</guid></item></channel></rss>"#;
        let feed = read_feed(rss.as_bytes(), None).unwrap();
        assert_eq!(feed.items[0].link, None);
        assert_eq!(feed.items[0].key, "g-1");
    }
}
