//! A web page's bytes → the article's text (one paragraph a line, as the extractor reads it) and
//! its metadata, or the reason it is not an article. Pure: no network, no files.

use dom_query::{Document, NodeRef};
use serde_json::Value;

use crate::ingest::Metadata;
use crate::model::is_iso_date;

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

/// Every JSON-LD object on the page (arrays and `@graph`s flattened); unreadable blocks skipped.
fn json_ld(doc: &Document) -> Vec<Value> {
    let mut out = Vec::new();
    for node in doc.select("script[type='application/ld+json']").nodes() {
        let text = node.text();
        if let Ok(v) = serde_json::from_str::<Value>(text.trim()) {
            flatten_ld(v, &mut out, 0);
        }
    }
    out
}

fn flatten_ld(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items
            .into_iter()
            .for_each(|i| flatten_ld(i, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten_ld(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

/// The `@type` names of a JSON-LD object.
fn ld_types(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || matches!(t, "BlogPosting" | "LiveBlogPosting" | "Report")
}

/// The JSON-LD object that describes the article: one of an article type, else one with a headline.
fn ld_article(ld: &[Value]) -> Option<&Value> {
    ld.iter()
        .find(|v| ld_types(v).into_iter().any(is_article_type))
        .or_else(|| ld.iter().find(|v| v.get("headline").is_some()))
}

fn ld_str(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(|x| ld_str(Some(x))),
        Value::Object(o) => ld_str(o.get("name")),
        _ => None,
    }
}

fn meta_content(doc: &Document, key: &str) -> Option<String> {
    let sel = format!("meta[property='{key}'], meta[name='{key}']");
    doc.select(&sel)
        .nodes()
        .iter()
        .find_map(|n| n.attr("content").and_then(|c| clean(&c)))
}

/// Whitespace collapsed; None when nothing is left.
fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

fn metadata(doc: &Document, ld: &[Value], base: Option<&str>) -> Metadata {
    let article = ld_article(ld);
    let publisher = meta_content(doc, "og:site_name")
        .or_else(|| ld_str(article.and_then(|a| a.get("publisher"))));
    let title = title(doc, article, publisher.as_deref(), base);
    let published = [
        ld_str(article.and_then(|a| a.get("datePublished"))),
        meta_content(doc, "article:published_time"),
        doc.select("time[datetime]")
            .nodes()
            .iter()
            .find_map(|n| n.attr("datetime").and_then(|d| clean(&d))),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| iso_day(&d));
    let canonical = doc
        .select("link[rel=canonical]")
        .nodes()
        .iter()
        .find_map(|n| n.attr("href").and_then(|h| clean(&h)))
        .or_else(|| meta_content(doc, "og:url"))
        .and_then(|u| absolute(&u, base));
    Metadata {
        title,
        publisher,
        url: canonical,
        published,
        language: page_language(doc),
    }
}

/// The language the page says it is in: `<html lang>`, else `og:locale` ("fr_FR").
fn page_language(doc: &Document) -> Option<String> {
    doc.select("html[lang]")
        .nodes()
        .iter()
        .find_map(|n| n.attr("lang").and_then(|l| crate::language::normalize(&l)))
        .or_else(|| meta_content(doc, "og:locale").and_then(|l| crate::language::normalize(&l)))
}

/// The YYYY-MM-DD that starts a date or date-time.
fn iso_day(d: &str) -> Option<String> {
    let day = d.get(..10)?;
    is_iso_date(day).then(|| day.to_string())
}

/// An absolute http(s) URL for a link on the page.
fn absolute(link: &str, base: Option<&str>) -> Option<String> {
    let parsed = match url::Url::parse(link) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base?).ok()?.join(link).ok()?
        }
        Err(_) => return None,
    };
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// Separators between a headline and the site's name or a byline.
const TITLE_SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " · ", " « "];

/// The page's own headline: `og:title`, the JSON-LD `headline` or the `<h1>`, without the site's
/// name or a byline after it ("… - BBC News", "… | Eleanor Ainge Roy"); else the `<title>`
/// without its last part.
fn title(
    doc: &Document,
    article: Option<&Value>,
    publisher: Option<&str>,
    base: Option<&str>,
) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    names.extend(publisher.map(str::to_string));
    names.extend(meta_content(doc, "application-name"));
    names.extend(meta_content(doc, "author"));
    names.extend(meta_content(doc, "article:author"));
    if let Some(a) = article {
        names.extend(ld_str(a.get("publisher")));
        match a.get("author") {
            Some(Value::Array(list)) => names.extend(list.iter().filter_map(|x| ld_str(Some(x)))),
            other => names.extend(ld_str(other)),
        }
    }
    for n in doc.select("[rel=author], [class*=byline] a").nodes() {
        names.extend(clean(&n.text()));
    }
    // The site's own name in its address: "bbc" for www.bbc.co.uk.
    let host = base
        .and_then(|b| url::Url::parse(b).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    if let Some(h) = host {
        let labels: Vec<&str> = h.split('.').filter(|l| *l != "www").collect();
        names.extend(
            labels
                .first()
                .filter(|l| l.len() >= 3)
                .map(|l| l.to_string()),
        );
    }
    // An `<h1>` that holds the site's logo is no headline.
    let h1 = clean(&doc.select("h1").first().text())
        .filter(|h| strip_known_suffix(&format!("x | {h}"), &names) != "x");
    let own = [
        meta_content(doc, "og:title"),
        ld_str(article.and_then(|a| a.get("headline"))),
        meta_content(doc, "twitter:title"),
        h1.clone(),
    ];
    if let Some(t) = own.into_iter().flatten().next() {
        let t = strip_known_suffix(&t, &names);
        // "Headline - Site" where the site's name is nowhere else: the `<h1>` the title opens with.
        if let Some(h) = h1.filter(|h| h.len() < t.len() && t.starts_with(h.as_str())) {
            let rest = &t[h.len()..];
            if TITLE_SEPARATORS.iter().any(|sep| rest.starts_with(sep)) {
                return Some(h);
            }
        }
        return Some(t);
    }
    let t = clean(&doc.select("title").first().text())?;
    Some(strip_site_suffix(&strip_known_suffix(&t, &names)))
}

/// The title without the parts after a separator that name the site or an author.
fn strip_known_suffix(title: &str, names: &[String]) -> String {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let known: Vec<String> = names
        .iter()
        .map(|n| squash(n))
        .filter(|n| n.len() >= 3)
        .collect();
    let mut t = title.trim().to_string();
    loop {
        let cut = TITLE_SEPARATORS.iter().find_map(|sep| {
            let (head, tail) = t.rsplit_once(sep)?;
            let tail = squash(tail);
            let names_it = tail.len() >= 3
                && known.iter().any(|n| {
                    tail == *n
                        || tail.contains(n.as_str())
                        || (tail.len() >= 4 && n.contains(tail.as_str()))
                });
            (names_it && !head.trim().is_empty()).then(|| head.trim().to_string())
        });
        match cut {
            Some(head) => t = head,
            None => return t,
        }
    }
}

/// "Headline – Site name" → "Headline": the last part after a separator goes when the rest is
/// the longer part (a site name is shorter than a headline).
pub fn strip_site_suffix(title: &str) -> String {
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if head.len() > tail.len() && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
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
