//! A page's metadata: JSON-LD, `<meta>` tags and the `<title>`, read into the article's title,
//! publisher, date, address and language. Pure, like the rest of `page`.

use dom_query::Document;
use serde_json::Value;

use crate::ingest::Metadata;
use crate::model::is_iso_date;

/// Every JSON-LD object on the page (arrays and `@graph`s flattened); unreadable blocks skipped.
pub(super) fn json_ld(doc: &Document) -> Vec<Value> {
    let mut out = Vec::new();
    for node in doc.select("script[type='application/ld+json']").nodes() {
        let text = node.text();
        if let Ok(v) = serde_json::from_str::<Value>(text.trim()) {
            flatten_ld(v, &mut out, 0);
        }
    }
    out
}

pub(super) fn flatten_ld(v: Value, out: &mut Vec<Value>, depth: usize) {
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
pub(super) fn ld_types(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || matches!(t, "BlogPosting" | "LiveBlogPosting" | "Report")
}

/// The JSON-LD object that describes the article: one of an article type, else one with a headline.
pub(super) fn ld_article(ld: &[Value]) -> Option<&Value> {
    ld.iter()
        .find(|v| ld_types(v).into_iter().any(is_article_type))
        .or_else(|| ld.iter().find(|v| v.get("headline").is_some()))
}

pub(super) fn ld_str(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(|x| ld_str(Some(x))),
        Value::Object(o) => ld_str(o.get("name")),
        _ => None,
    }
}

pub(super) fn meta_content(doc: &Document, key: &str) -> Option<String> {
    let sel = format!("meta[property='{key}'], meta[name='{key}']");
    doc.select(&sel)
        .nodes()
        .iter()
        .find_map(|n| n.attr("content").and_then(|c| clean(&c)))
}

/// Whitespace collapsed; None when nothing is left.
pub(super) fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

pub(super) fn metadata(doc: &Document, ld: &[Value], base: Option<&str>) -> Metadata {
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
pub(super) fn page_language(doc: &Document) -> Option<String> {
    doc.select("html[lang]")
        .nodes()
        .iter()
        .find_map(|n| n.attr("lang").and_then(|l| crate::language::normalize(&l)))
        .or_else(|| meta_content(doc, "og:locale").and_then(|l| crate::language::normalize(&l)))
}

/// The YYYY-MM-DD that starts a date or date-time.
pub(super) fn iso_day(d: &str) -> Option<String> {
    let day = d.get(..10)?;
    is_iso_date(day).then(|| day.to_string())
}

/// An absolute http(s) URL for a link on the page.
pub(super) fn absolute(link: &str, base: Option<&str>) -> Option<String> {
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
pub(super) const TITLE_SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " · ", " « "];

/// The page's own headline: `og:title`, the JSON-LD `headline` or the `<h1>`, without the site's
/// name or a byline after it ("… - BBC News", "… | Eleanor Ainge Roy"); else the `<title>`
/// without its last part.
pub(super) fn title(
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
pub(super) fn strip_known_suffix(title: &str, names: &[String]) -> String {
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
