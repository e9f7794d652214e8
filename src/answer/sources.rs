//! `/sources`: the articles in the store, a page at a time.

use super::reply::{page_count, Command, NoteValues, Outcome, Reply};
use super::{plural, SOURCES_PAGE_SIZE};
use crate::index::Index;
use crate::model::SourceRef;

pub(super) fn answer<'a>(
    index: &'a Index,
    language: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply<'a> {
    let mut r = Reply::new(Command::Sources, Outcome::Info, raw);
    let articles: Vec<&crate::model::Article> = index
        .articles()
        .iter()
        .filter(|a| language.is_none_or(|code| a.language.as_deref().unwrap_or("en") == code))
        .collect();
    r.total = articles.len();
    r.pages = page_count(articles.len(), SOURCES_PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    r.sources = articles
        .iter()
        .skip(r.page * SOURCES_PAGE_SIZE)
        .take(SOURCES_PAGE_SIZE)
        .map(|a| SourceRef::of(a))
        .collect();
    r.note_values = Some(NoteValues::Stored {
        statements: index.len(),
    });
    r.note = Some(match language {
        None => format!(
            "{} article{} and {} statement{} in the store.",
            articles.len(),
            plural(articles.len()),
            index.len(),
            plural(index.len())
        ),
        Some(_) => format!(
            "{} article{}{} in the store.",
            articles.len(),
            plural(articles.len()),
            super::in_words(language)
        ),
    });
    r
}
