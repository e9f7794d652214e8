//! Turning an article's text into stored statements: front matter, the extractor, ids, and the
//! duplicate check. Pure: the caller decides whether to write what `prepare` returns.

use crate::entities::Gazetteer;
use crate::extract::extract_in;
use crate::model::{fingerprint, is_iso_date, number_statements, Article, Statement};
use crate::store::{free_article_id, slug, Store};
use std::sync::Arc;

/// Metadata given with an article, from its front matter or from flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The article's language (ISO 639-1), as the front matter or the page says; detected
    /// from the text when none says.
    pub language: Option<String>,
}

impl Metadata {
    /// Values set in `over` replace those in `self`.
    pub fn overlay(self, over: Metadata) -> Metadata {
        Metadata {
            title: over.title.or(self.title),
            publisher: over.publisher.or(self.publisher),
            url: over.url.or(self.url),
            published: over.published.or(self.published),
            language: over.language.or(self.language),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IngestError {
    #[error("line {line}: {message}")]
    FrontMatter { line: usize, message: String },
    #[error("published date `{0}` is not YYYY-MM-DD")]
    BadDate(String),
    #[error("the article is empty")]
    Empty,
}

/// The keys front matter may have, as an error message names them.
const FRONT_MATTER_KEYS: &str = "`title`, `publisher` (or `source`, `outlet`), `url` (or `link`), \
     `published` (or `date`), `language` (or `lang`)";

/// Splits an optional front-matter block (`---` lines around `key: value` lines) from the body.
/// Keys: title, publisher, url, published (or date); any other key is an error naming its line.
/// The body is returned exactly as written.
pub fn split_front_matter(text: &str) -> Result<(Metadata, &str), IngestError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok((Metadata::default(), text));
    };
    let mut meta = Metadata::default();
    let mut offset = text.len() - rest.len();
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim() == "---" {
            return Ok((meta, &text[offset..]));
        }
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = content.split_once(':') else {
            return Err(IngestError::FrontMatter {
                line: i + 2,
                message: format!(
                    "expected `key: value`, found `{}`",
                    content.chars().take(60).collect::<String>()
                ),
            });
        };
        let value = value
            .trim()
            .trim_matches('"')
            .trim_matches('\'')
            .trim()
            .to_string();
        let value = (!value.is_empty()).then_some(value);
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => meta.title = value,
            "publisher" | "source" | "outlet" => meta.publisher = value,
            "url" | "link" => meta.url = value,
            "published" | "date" => meta.published = value,
            "language" | "lang" => {
                meta.language = match value {
                    None => None,
                    Some(v) => Some(crate::language::normalize(&v).ok_or_else(|| {
                        IngestError::FrontMatter {
                            line: i + 2,
                            message: format!(
                                "`language: {v}` is no language code (de, en, es, fr, …)"
                            ),
                        }
                    })?),
                }
            }
            other => {
                // A misspelled key would silently drop its value (`pubished:` loses the date),
                // so it is refused, as the store refuses a misspelled field.
                return Err(IngestError::FrontMatter {
                    line: i + 2,
                    message: format!("unknown key `{other}`, expected one of {FRONT_MATTER_KEYS}"),
                });
            }
        }
    }
    Err(IngestError::FrontMatter {
        line: 1,
        message: "front matter opened with `---` is never closed".to_string(),
    })
}

/// What ingesting one article would add.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub article: Article,
    pub body: String,
    pub statements: Vec<Statement>,
    /// The stored article with the same text, when there is one: then nothing is added.
    pub duplicate_of: Option<String>,
}

/// Extracts the statements of an article and gives them ids, without writing anything.
/// `name` (a file stem) names the article when it has no title.
pub fn prepare(
    body: &str,
    meta: Metadata,
    name: &str,
    gazetteer: &Gazetteer,
    store: &Store,
) -> Result<Prepared, IngestError> {
    if body.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some(d) = &meta.published {
        if !is_iso_date(d) {
            return Err(IngestError::BadDate(d.clone()));
        }
    }
    let fp = fingerprint(body);
    let duplicate_of = store.article_with_fingerprint(&fp).map(|a| a.id.clone());
    let wanted = if name.trim().is_empty() {
        slug(meta.title.as_deref().unwrap_or("article"))
    } else {
        slug(name)
    };
    let id = duplicate_of
        .clone()
        .unwrap_or_else(|| free_article_id(store, &wanted));
    let language = meta
        .language
        .unwrap_or_else(|| crate::language::detect(body));
    let article = Article {
        id: id.clone(),
        title: meta.title,
        publisher: meta.publisher,
        url: meta.url,
        published: meta.published,
        language: Some(language.clone()),
        fingerprint: fp,
    };
    let mut statements: Vec<Statement> =
        extract_in(body, article.published.as_deref(), gazetteer, &language)
            .into_iter()
            .map(|x| Statement {
                id: Arc::from(""),
                text: x.text.into(),
                kind: x.kind,
                speaker: x.speaker,
                entity: x.entity.map(|e| gazetteer.entity(e).key.clone()),
                mentions: x
                    .mentions
                    .iter()
                    .map(|&e| gazetteer.entity(e).key.clone())
                    .collect(),
                article: id.clone(),
                paragraph: x.paragraph,
            })
            .collect();
    number_statements(&mut statements);
    Ok(Prepared {
        article,
        body: body.to_string(),
        statements,
        duplicate_of,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read_and_the_body_kept_exactly() {
        let text = "---\ntitle: \"Leaders meet\"\npublished: 2026-01-07\nurl: https://example.org/x\n---\nBody “line”.\n";
        let (meta, body) = split_front_matter(text).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Leaders meet"));
        assert_eq!(meta.published.as_deref(), Some("2026-01-07"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(body, "Body “line”.\n");
    }

    #[test]
    fn no_front_matter_and_broken_front_matter() {
        let (meta, body) = split_front_matter("Just text.\n").unwrap();
        assert_eq!(meta, Metadata::default());
        assert_eq!(body, "Just text.\n");
        assert!(matches!(
            split_front_matter("---\ntitle: x\n"),
            Err(IngestError::FrontMatter { .. })
        ));
        assert_eq!(
            split_front_matter("---\ntitle: x\npubished: 2026-02-03\n---\nBody.\n"),
            Err(IngestError::FrontMatter {
                line: 3,
                message: format!("unknown key `pubished`, expected one of {FRONT_MATTER_KEYS}")
            })
        );
        assert!(matches!(
            split_front_matter("---\nno colon here\n---\n"),
            Err(IngestError::FrontMatter { line: 2, .. })
        ));
    }

    #[test]
    fn flags_override_front_matter() {
        let a = Metadata {
            title: Some("a".into()),
            url: Some("u".into()),
            ..Default::default()
        };
        let b = Metadata {
            title: Some("b".into()),
            ..Default::default()
        };
        let m = a.overlay(b);
        assert_eq!(m.title.as_deref(), Some("b"));
        assert_eq!(m.url.as_deref(), Some("u"));
    }
}
