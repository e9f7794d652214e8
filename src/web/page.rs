//! A web page's bytes → the article's text (one paragraph a line, as the extractor reads it) and
//! its metadata, or the reason it is not an article. Pure: no network, no files.

use dom_query::{Document, NodeRef};
use serde_json::Value;

mod metadata;

use crate::ingest::Metadata;
pub use metadata::strip_site_suffix;
use metadata::{clean, is_article_type, json_ld, ld_types, meta_content, metadata};

/// An article read from a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The article's paragraphs, one a line, ending with a newline.
    pub text: String,
    /// Title, publisher, published date (YYYY-MM-DD) and canonical URL, as far as the page says.
    pub meta: Metadata,
}

/// Why a page gives no article; the message is the one line a user sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotArticle {
    #[error("not an article: a PDF document")]
    Pdf,
    #[error("not an article: a binary file, not a web page")]
    Binary,
    #[error("not an article: a video page")]
    Video,
    #[error("not an article: a sign-in page (login wall)")]
    LoginWall,
    #[error("not an article: a section front (a list of {headlines} headlines)")]
    SectionFront { headlines: usize },
    #[error("not an article: only {words} words of text (fewer than {MIN_WORDS})")]
    TooShort { words: usize },
}

/// An article has at least this many words in its body, or is a brief that reports speech.
pub const MIN_WORDS: usize = 50;
/// A brief (a paragraph or two that quote or report someone) has at least this many words.
const MIN_BRIEF_WORDS: usize = 15;

/// Furniture that never holds the article's text, removed whatever it holds; any other
/// furniture is kept when the article's paragraphs are inside it (a paywalled body marked
/// `class="paywall"`, a page wrapped in a `<form>`).
const NEVER_TEXT: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "video",
    "audio",
    "amp-ad",
    "amp-sidebar",
    "amp-social-share",
    "button",
    "nav",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "[class*=comment]",
    "[id*=comment]",
];

/// Whether an element holds an article's body: several paragraphs of running text.
fn holds_article(node: &NodeRef) -> bool {
    let long: Vec<usize> = node
        .descendants_it()
        .filter(|n| n.node_name().is_some_and(|t| t.eq_ignore_ascii_case("p")))
        .map(|p| p.text().split_whitespace().count())
        .filter(|&w| w >= 20)
        .collect();
    long.len() >= 3 || long.iter().sum::<usize>() >= 150
}

/// Whether a short text reports speech: a quotation of a few words, or a speech verb.
fn reports_speech(paragraphs: &[String]) -> bool {
    const VERBS: &[&str] = &[
        "said",
        "says",
        "told",
        "stated",
        "announced",
        "added",
        "declared",
        "warned",
    ];
    paragraphs.iter().any(|p| {
        let quoted = ['“', '"', '«', '„'].iter().any(|&open| {
            p.split(open)
                .skip(1)
                .any(|rest| rest.split_whitespace().take(3).count() == 3)
        });
        let verb = p
            .split(|c: char| !c.is_alphabetic())
            .any(|w| VERBS.contains(&w.to_lowercase().as_str()));
        quoted || verb
    })
}

/// Page furniture that is never the article: taken out before Readability looks at the page.
/// Class and id words are matched as parts (`[class*=…]`), so they are chosen to be specific.
const FURNITURE: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "form",
    "iframe",
    "video",
    "audio",
    "amp-sidebar",
    "amp-ad",
    "amp-social-share",
    "button",
    "[role=navigation]",
    "[role=complementary]",
    "[aria-hidden=true]",
    "[hidden]",
    "[class*=related]",
    "[id*=related]",
    "[class*=newsletter]",
    "[id*=newsletter]",
    "[class*=comment]",
    "[id*=comment]",
    "[class*=pullquote]",
    "[class*=pull-quote]",
    "[class*=caption]",
    "[class*=paywall]",
    "[class*=subscribe]",
    "[class*=signup]",
    "[class*=cookie]",
    "[class*=breadcrumb]",
    "[class*=share]",
    "[class*=social]",
    "[class*=most-read]",
    "[class*=read-next]",
    "[class*=more-on]",
    "[class*=recommend]",
    "[class*=promo]",
    "[class*=ad-slot]",
    "[class*=advert]",
    "[class*=byline]",
    "[class*=trust]",
    "[class*=skip-link]",
];

/// Reads a page. `base` is the address it was fetched from, to resolve a relative canonical link
/// and to stand in for the canonical URL when the page names none.
pub fn read_page(bytes: &[u8], base: Option<&str>) -> Result<Page, NotArticle> {
    let html = decode(bytes)?;
    let doc = Document::from(html.as_str());
    let ld = json_ld(&doc);
    let mut meta = metadata(&doc, &ld, base);
    meta.url = meta.url.or_else(|| base.map(str::to_string));

    if is_video(&doc, &ld) {
        return Err(NotArticle::Video);
    }
    // A sign-in form in the header or a subscription box beside a whole article does not make
    // the page a sign-in page: only a page whose article text is not there is one.
    let sign_in = doc.select("input[type=password]").exists();
    let headlines = linked_headlines(&doc);

    for sel in FURNITURE {
        for node in doc.select(sel).nodes() {
            if NEVER_TEXT.contains(sel) || !holds_article(node) {
                node.remove_from_parent();
            }
        }
    }
    // The page's own <h1> is the title, not a paragraph.
    doc.select("h1").remove();
    // A live blog is a list of posts, each of which Readability would weigh as a rival article
    // (both crates compared kept one post of four): its whole cleaned body is the article.
    let live = ld.iter().any(|v| ld_types(v).contains(&"LiveBlogPosting"));
    let content = if live {
        let main = doc.select("main");
        if main.exists() {
            main.html().to_string()
        } else {
            doc.select("body").html().to_string()
        }
    } else {
        readable_html(doc, base)
    };
    let paragraphs = drop_repeats(paragraphs(&content));
    let words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    if headlines >= 5 && words < 250 {
        return Err(NotArticle::SectionFront { headlines });
    }
    // Short is not empty: a brief whose body reports what someone said is an article.
    if words < MIN_WORDS && !(words >= MIN_BRIEF_WORDS && reports_speech(&paragraphs)) {
        if sign_in {
            return Err(NotArticle::LoginWall);
        }
        return Err(NotArticle::TooShort { words });
    }
    let mut text = paragraphs.join("\n");
    text.push('\n');
    Ok(Page { text, meta })
}

/// True when the bytes look like an HTML page rather than plain text (for files given to ingest).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
}

/// UTF-8 text of a page, or why it is not one. Pages in other encodings are read as UTF-8 with
/// replacement characters (almost every news site serves UTF-8).
fn decode(bytes: &[u8]) -> Result<String, NotArticle> {
    let start = &bytes[..bytes.len().min(4096)];
    if bytes.starts_with(b"%PDF-") {
        return Err(NotArticle::Pdf);
    }
    if start.contains(&0) {
        return Err(NotArticle::Binary);
    }
    let text = String::from_utf8_lossy(bytes);
    let sample: String = text.chars().take(4096).collect();
    let bad = sample
        .chars()
        .filter(|&c| c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()))
        .count();
    if bad * 10 > sample.chars().count().max(1) {
        return Err(NotArticle::Binary);
    }
    Ok(text.into_owned())
}

fn is_video(doc: &Document, ld: &[Value]) -> bool {
    let og_video = meta_content(doc, "og:type").is_some_and(|t| t.starts_with("video"));
    let ld_video = ld.iter().any(|v| ld_types(v).contains(&"VideoObject"))
        && !ld
            .iter()
            .any(|v| ld_types(v).into_iter().any(is_article_type));
    og_video || ld_video
}

/// Headings that are nothing but a link: the teasers of a section front.
fn linked_headlines(doc: &Document) -> usize {
    doc.select("h2, h3, h4")
        .nodes()
        .iter()
        .filter(|h| {
            let links: String = h
                .descendants_it()
                .filter(|n| n.node_name().as_deref() == Some("a"))
                .map(|a| a.text().to_string())
                .collect();
            let all = h.text();
            !links.trim().is_empty() && links.trim().len() + 2 >= all.trim().len()
        })
        .count()
}

/// The article's HTML as Readability finds it; the whole remaining body when it finds none.
fn readable_html(doc: Document, base: Option<&str>) -> String {
    let fallback = doc.select("body").html().to_string();
    let config = dom_smoothie::Config {
        // The page's JSON-LD was read already; Readability need not parse it again.
        disable_json_ld: true,
        ..Default::default()
    };
    let base = base.filter(|b| url::Url::parse(b).is_ok());
    match dom_smoothie::Readability::with_document(doc, base, Some(config))
        .and_then(|mut r| r.parse())
    {
        Ok(article) => article.content.to_string(),
        Err(_) => fallback,
    }
}

const BLOCKS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "td",
    "th",
    "div",
    "section",
    "article",
    "header",
    "main",
    "ul",
    "ol",
    "dl",
    "table",
    "tr",
    "tbody",
];

fn is_block(n: &NodeRef) -> bool {
    n.node_name()
        .is_some_and(|name| BLOCKS.contains(&name.to_ascii_lowercase().as_str()))
}

/// One line per block of text: the text of each block element that has no block inside it, and
/// the loose text between blocks.
fn paragraphs(html: &str) -> Vec<String> {
    let doc = Document::from(html);
    let mut out = Vec::new();
    let mut current = String::new();
    if let Some(body) = doc.select("body").nodes().first() {
        walk(body, &mut current, &mut out, 0);
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    if let Some(line) = clean(current) {
        out.push(line);
    }
    current.clear();
}

fn walk(node: &NodeRef, current: &mut String, out: &mut Vec<String>, depth: usize) {
    for child in node.children_it(false) {
        if child.is_text() {
            current.push_str(&child.text());
        } else if child.is_element() {
            let name = child.node_name().map(|n| n.to_ascii_lowercase());
            if name.as_deref() == Some("br") {
                flush(current, out);
            } else if is_block(&child) && depth < 200 {
                flush(current, out);
                walk(&child, current, out, depth + 1);
                flush(current, out);
            } else if depth < 200 {
                walk(&child, current, out, depth + 1);
            }
        }
    }
}

/// The words of a line folded for comparison: letters and digits in lower case.
fn folded(line: &str) -> String {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops a line that repeats another (a pull-quote, a summary line): one whose words appear in
/// that order inside a longer line, or the second of two equal lines.
fn drop_repeats(lines: Vec<String>) -> Vec<String> {
    let keys: Vec<String> = lines.iter().map(|l| folded(l)).collect();
    lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| {
            let k = &keys[*i];
            // A line without a letter (a time stamp, a stray number) is not a paragraph.
            if !k.chars().any(char::is_alphabetic) {
                return false;
            }
            !keys.iter().enumerate().any(|(j, other)| {
                j != *i
                    && ((other.len() > k.len()
                        && k.split(' ').count() >= 4
                        && contains_words(other, k))
                        || (other == k && j < *i))
            })
        })
        .map(|(_, l)| l)
        .collect()
}

/// `needle`'s words appear as whole words inside `hay` (both folded).
fn contains_words(hay: &str, needle: &str) -> bool {
    format!(" {hay} ").contains(&format!(" {needle} "))
}

#[cfg(test)]
mod tests;
