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

/// One pinned statement: its paragraph and text, and the side (entity key, `-` for none).
fn statements(lines: &str) -> Vec<(String, String, String)> {
    lines
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.splitn(6, " | ").collect();
            let [para, _kind, _speaker, _role, side, text] = f[..] else {
                return None;
            };
            Some((para.to_string(), text.to_string(), side.to_string()))
        })
        .collect()
}

/// How the sides of the statements found compare with the sides reviewed by hand.
#[derive(Debug, Default, PartialEq)]
struct Sides {
    /// Statements found with a side.
    with_side: usize,
    /// Of those, with another side than the reviewed one.
    wrong: usize,
    /// Statements found with no side where the reviewed one has one.
    missing: usize,
}

fn compare_sides(want: &str, got: &str) -> Sides {
    let want = statements(want);
    let mut s = Sides::default();
    for (para, text, side) in statements(got) {
        // "Both Macron and Merz said …" is one text with two speakers: a side is wrong only
        // when no reviewed statement of that text has it.
        let reviewed: Vec<&str> = want
            .iter()
            .filter(|(p, t, _)| *p == para && *t == text)
            .map(|(_, _, r)| r.as_str())
            .collect();
        if side != "-" {
            s.with_side += 1;
        }
        if reviewed.is_empty() || reviewed.contains(&side.as_str()) {
            continue;
        }
        if side == "-" {
            s.missing += 1;
        } else {
            s.wrong += 1;
        }
    }
    s
}

#[test]
fn no_statement_of_a_beat_article_has_a_wrong_side() {
    let g = gazetteer();
    let mut total = Sides::default();
    let mut wrong = Vec::new();
    for path in articles("beats") {
        let body = std::fs::read_to_string(&path).expect("article");
        let Ok(want) = std::fs::read_to_string(path.with_extension("expected")) else {
            continue;
        };
        let s = compare_sides(&want, &found(&g, &body, PUBLISHED, true));
        if s.wrong > 0 {
            wrong.push(path.display().to_string());
        }
        total.with_side += s.with_side;
        total.wrong += s.wrong;
        total.missing += s.missing;
    }
    eprintln!(
        "beat articles: {} statements with a side, {} with a wrong side, {} with none where the \
         reviewed statement has one",
        total.with_side, total.wrong, total.missing
    );
    assert!(total.with_side > 100, "{total:?}");
    assert_eq!(total.wrong, 0, "wrong sides in {wrong:?}");
}

#[test]
fn a_wrong_or_missing_side_is_counted() {
    let want = "3 | direct | Ana Ruiz | Minister | ES | We agree.\n\
                4 | direct | Li Wei | - | CN | We object.\n";
    let got = "3 | direct | Ana Ruiz | Minister | PT | We agree.\n\
               4 | direct | Li Wei | - | - | We object.\n";
    assert_eq!(
        compare_sides(want, got),
        Sides {
            with_side: 1,
            wrong: 1,
            missing: 1
        }
    );
    assert_eq!(compare_sides(want, want).wrong, 0);
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
