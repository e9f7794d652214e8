//! The extractor on articles of other beats and regions (trade, the Middle East, climate talks,
//! Asia-Pacific, Africa, Latin America, the UN, US domestic politics, a government press release,
//! a translated state-agency wire), written for these tests, against the project's gazetteer in
//! `data/`. Each `tests/articles/beats/NAME.txt` has a `NAME.expected` beside it: one statement a
//! line, `paragraph | kind | speaker | role | entity key (- for none) | text`, reviewed by hand.
//! `POSITIONS_BLESS=1` rewrites the expected files from what the extractor finds: review the
//! difference before committing it.

#[path = "support/pinned.rs"]
mod pinned;

use pinned::{articles, check, found, gazetteer, root};

/// The date the articles are read with.
const PUBLISHED: &str = "2026-03-10";

#[test]
fn every_statement_of_every_beat_article_with_its_speaker_role_and_side() {
    let g = gazetteer();
    let list = articles("beats");
    assert!(list.len() >= 20, "the beat articles are there");
    check(&list, |body| found(&g, body, PUBLISHED, true));
}

#[test]
fn explain_tells_for_each_sentence_whether_it_is_a_statement_and_why() {
    let article = root().join("tests/articles/beats/speech-verb-family.txt");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .arg("--data")
        .arg(root().join("data"))
        .args(["ingest", "--explain", "--published", PUBLISHED])
        .arg(&article)
        .output()
        .expect("positions runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // A statement, with the attribution read and the speaker and side it resolved to.
    assert!(
        text.contains("STATEMENT: Pappas insisted that the plan was"),
        "{text}"
    );
    assert!(
        text.contains("→ Nikos Pappas (Greek Migration Minister; GR)"),
        "{text}"
    );
    // Sentences that are no statements, each with its reason.
    assert!(
        text.contains("¶8 -: The ministers continued the talks late into the night."),
        "{text}"
    );
    assert!(
        text.contains("not a statement: no speech verb with a speaker"),
        "{text}"
    );
    // Nothing is stored.
    assert!(!text.contains("added as"), "{text}");
}
