//! The extractor reads the gazetteer's sides: a movement, a movement's adjective, a sub-national
//! government and a ministry named by its building each give their side, through
//! `positions ingest --dry-run --json` as a user would run it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn ingest_dry_run(body: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for file in ["entities.json", "people.json"] {
        std::fs::copy(data.join(file), dir.path().join(file)).expect("copy gazetteer");
    }
    let article = dir.path().join("article.txt");
    std::fs::write(&article, body).expect("write article");
    let out = Command::new(env!("CARGO_BIN_EXE_positions"))
        .arg("--data")
        .arg(dir.path())
        .args(["ingest", "--dry-run", "--json"])
        .arg(&article)
        .output()
        .expect("run positions");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    j["statements"].as_array().cloned().unwrap_or_default()
}

const ARTICLE: &str = "---\ntitle: Sides of the week\npublisher: Test Wire\npublished: 2026-11-30\n---\n\
Hamas said in a statement that the talks in Cairo had made progress on the exchange of prisoners.\n\n\
A Houthi spokesman said the group would keep up its attacks on shipping in the Red Sea.\n\n\
The Kurdistan Regional Government said the oil exports through Turkey would resume next week.\n\n\
The State Department said the United States would send an envoy to the region.\n";

/// The side each sentence gives, by the start of its text.
fn side_of<'a>(statements: &'a [Value], start: &str) -> Option<&'a str> {
    statements
        .iter()
        .find(|s| s["text"].as_str().is_some_and(|t| t.contains(start)))
        .and_then(|s| s["entity"].as_str())
}

#[test]
fn a_movement_its_adjective_a_regional_government_and_a_ministry_give_their_sides() {
    let st = ingest_dry_run(ARTICLE);
    assert_eq!(side_of(&st, "the talks in Cairo"), Some("Hamas"), "{st:#?}");
    assert_eq!(
        side_of(&st, "attacks on shipping"),
        Some("Houthis"),
        "{st:#?}"
    );
    assert_eq!(
        side_of(&st, "oil exports"),
        Some("Kurdistan Region"),
        "{st:#?}"
    );
    assert_eq!(
        side_of(&st, "send an envoy"),
        Some("United States"),
        "{st:#?}"
    );
}
