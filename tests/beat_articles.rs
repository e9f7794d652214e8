//! The extractor on articles of other beats and regions (trade, the Middle East, climate talks,
//! Asia-Pacific, Africa, Latin America, the UN, US domestic politics, a government press release,
//! a translated state-agency wire), written for these tests, against the project's gazetteer in
//! `data/`. Each `tests/articles/beats/NAME.txt` has a `NAME.expected` beside it: one statement a
//! line, `paragraph | kind | speaker | role | entity key (- for none) | text`, reviewed by hand.
//! `POSITIONS_BLESS=1` rewrites the expected files from what the extractor finds: review the
//! difference before committing it.

use std::path::PathBuf;

use positions::entities::Gazetteer;
use positions::extract::extract;

/// The date the articles are read with.
const PUBLISHED: &str = "2026-03-10";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn found(g: &Gazetteer, body: &str) -> String {
    extract(body, Some(PUBLISHED), g)
        .iter()
        .map(|s| {
            let key = s.entity.map_or("-", |e| g.entity(e).key.as_str());
            let role = s.speaker.role.as_deref().unwrap_or("-");
            let text = s.text.replace('\n', "\\n");
            format!(
                "{} | {} | {} | {role} | {key} | {text}\n",
                s.paragraph,
                s.kind.as_str(),
                s.speaker.name,
            )
        })
        .collect()
}

fn articles() -> Vec<PathBuf> {
    let dir = root().join("tests/articles/beats");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_statement_of_every_beat_article_with_its_speaker_role_and_side() {
    let g = Gazetteer::load(&root().join("data")).expect("the project's gazetteer loads");
    let bless = std::env::var_os("POSITIONS_BLESS").is_some();
    let list = articles();
    assert!(list.len() >= 20, "the beat articles are there");
    let mut failures = Vec::new();
    for path in &list {
        let body = std::fs::read_to_string(path).expect("article");
        let got = found(&g, &body);
        let want_path = path.with_extension("expected");
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
