//! The extractor on articles written in the house styles of other outlets (wire, broadsheet,
//! broadcaster, newsletter, explainer), against the project's own gazetteer in `data/`.
//! Each `tests/articles/outlets/NAME.txt` has a `NAME.expected` beside it: one statement a line,
//! `paragraph | kind | speaker | entity key (- for none) | text`, reviewed by hand. Run with
//! `POSITIONS_BLESS=1` to rewrite the expected files from what the extractor finds, then review
//! the difference before committing it.

use std::path::{Path, PathBuf};

use positions::entities::Gazetteer;
use positions::extract::extract;

/// The publication date the articles are read with: the summit's day after.
const PUBLISHED: &str = "2026-01-07";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn found(g: &Gazetteer, body: &str) -> String {
    extract(body, Some(PUBLISHED), g)
        .iter()
        .map(|s| {
            let key = s.entity.map_or("-", |e| g.entity(e).key.as_str());
            let text = s.text.replace('\n', "\\n");
            format!(
                "{} | {} | {} | {} | {}\n",
                s.paragraph,
                s.kind.as_str(),
                s.speaker.name,
                key,
                text
            )
        })
        .collect()
}

fn articles() -> Vec<PathBuf> {
    let dir = root().join("tests/articles/outlets");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

fn expected_path(article: &Path) -> PathBuf {
    article.with_extension("expected")
}

#[test]
fn every_statement_of_every_outlet_article_with_its_speaker_and_entity() {
    let g = Gazetteer::load(&root().join("data")).expect("the project's gazetteer loads");
    let bless = std::env::var_os("POSITIONS_BLESS").is_some();
    let list = articles();
    assert!(list.len() >= 8, "the outlet articles are there");
    let mut failures = Vec::new();
    for path in &list {
        let body = std::fs::read_to_string(path).expect("article");
        let got = found(&g, &body);
        let want_path = expected_path(path);
        if bless {
            std::fs::write(&want_path, &got).expect("write expected");
            continue;
        }
        let want = std::fs::read_to_string(&want_path)
            .unwrap_or_else(|e| panic!("{}: {e}", want_path.display()));
        if got != want {
            failures.push(format!(
                "{}\n--- expected\n{want}--- found\n{got}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_statement_without_a_speaker_and_every_text_as_printed() {
    let g = Gazetteer::load(&root().join("data")).expect("the project's gazetteer loads");
    for path in articles() {
        let body = std::fs::read_to_string(&path).expect("article");
        for s in extract(&body, Some(PUBLISHED), &g) {
            assert_eq!(&body[s.start..s.end], s.text, "{}", path.display());
            assert!(!s.speaker.name.trim().is_empty(), "{}", path.display());
        }
    }
}
