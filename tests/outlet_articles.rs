//! The extractor on articles written in the house styles of other outlets (wire, broadsheet,
//! broadcaster, newsletter, explainer), against the project's own gazetteer in `data/`.
//! Each `tests/articles/outlets/NAME.txt` has a `NAME.expected` beside it: one statement a line,
//! `paragraph | kind | speaker | entity key (- for none) | text`, reviewed by hand. Run with
//! `POSITIONS_BLESS=1` to rewrite the expected files from what the extractor finds, then review
//! the difference before committing it.

#[path = "support/pinned.rs"]
mod pinned;

use pinned::{articles, check, found, gazetteer};
use positions::extract::extract;

/// The publication date the articles are read with: the summit's day after.
const PUBLISHED: &str = "2026-01-07";

#[test]
fn every_statement_of_every_outlet_article_with_its_speaker_and_entity() {
    let g = gazetteer();
    let list = articles("outlets");
    assert!(list.len() >= 8, "the outlet articles are there");
    check(&list, |body| found(&g, body, PUBLISHED, false));
}

#[test]
fn no_statement_without_a_speaker_and_every_text_as_printed() {
    let g = gazetteer();
    for path in articles("outlets") {
        let body = std::fs::read_to_string(&path).expect("article");
        for s in extract(&body, Some(PUBLISHED), &g) {
            assert_eq!(&body[s.start..s.end], s.text, "{}", path.display());
            assert!(!s.speaker.name.trim().is_empty(), "{}", path.display());
        }
    }
}
