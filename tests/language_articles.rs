//! The extractor on articles in French and Spanish (international affairs, in the shapes their
//! press uses: « » with spaces, dash dialogue, "a déclaré", "a-t-il ajouté", "selon", "dijo",
//! "afirmó", "según", que-clauses), written for these tests. Each
//! `tests/articles/languages/NAME.txt` has a `NAME.expected` beside it, in the format of
//! `tests/articles/beats/`: one statement a line, `paragraph | kind | speaker | role | entity key
//! (- for none) | text`, reviewed by hand. The file name starts with the language's code, which
//! the detector must find. `POSITIONS_BLESS=1` rewrites the expected files from what the
//! extractor finds: review the difference before committing it.

#[path = "support/pinned.rs"]
mod pinned;

use pinned::{check, found, gazetteer, root};
use std::path::PathBuf;

/// The date the articles are read with.
const PUBLISHED: &str = "2026-03-10";

fn articles() -> Vec<PathBuf> {
    pinned::articles("languages")
}

fn code_of(path: &std::path::Path) -> String {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    name.split('-').next().unwrap_or("").to_string()
}

#[test]
fn twelve_articles_or_more_in_each_language() {
    let list = articles();
    for code in ["fr", "es"] {
        let n = list.iter().filter(|p| code_of(p) == code).count();
        assert!(n >= 12, "{code}: {n} articles");
    }
}

#[test]
fn each_article_is_detected_in_its_language() {
    for path in articles() {
        let body = std::fs::read_to_string(&path).expect("article");
        assert_eq!(
            positions::language::detect(&body),
            code_of(&path),
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_statement_of_every_article_with_its_speaker_role_and_side() {
    let g = gazetteer();
    check(&articles(), |body| found(&g, body, PUBLISHED, true));
}

#[test]
fn each_statement_carries_its_language_and_the_flag_or_front_matter_win() {
    let article = root().join("tests/articles/languages/fr-coalition-ukraine.txt");
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
            .arg("--data")
            .arg(root().join("data"))
            .args(["ingest", "--dry-run", "--json", "--published", PUBLISHED])
            .args(extra)
            .arg(&article)
            .output()
            .expect("positions runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let detected = run(&[]);
    let statements = detected["statements"].as_array().expect("statements");
    assert!(!statements.is_empty());
    for s in statements {
        assert_eq!(s["language"], "fr", "{s}");
    }
    // Said to be English, it is read as English: the French tenses are no speech verbs there.
    let told = run(&["--language", "en"]);
    let told = told["statements"].as_array().expect("statements");
    assert!(told.iter().all(|s| s["language"] == "en"));
    assert!(told.len() < statements.len(), "{told:?}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .args(["ingest", "--dry-run", "--language", "klingon"])
        .arg(&article)
        .output()
        .expect("positions runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no language code"));
}

#[test]
fn every_side_the_language_tables_name_is_known() {
    let g = gazetteer();
    for lang in positions::language::all() {
        let keys: Vec<String> = lang
            .names()
            .map(|(k, _)| k.to_string())
            .chain(lang.demonym_forms().into_iter().map(|(k, _)| k))
            .collect();
        for k in keys {
            assert!(g.by_key(&k).is_some(), "{}: {k}", lang.code);
        }
        // A name of a side in the table finds its side.
        for (k, name) in lang.names() {
            let found = g.resolve(name).map(|r| g.entity(r.entity).key.clone());
            assert_eq!(found.as_deref(), Some(k), "{}: {name}", lang.code);
        }
    }
}
