//! The extractor on articles in French and Spanish (international affairs, in the shapes their
//! press uses: « » with spaces, dash dialogue, "a déclaré", "a-t-il ajouté", "selon", "dijo",
//! "afirmó", "según", que-clauses), written for these tests. Each
//! `tests/articles/languages/NAME.txt` has a `NAME.expected` beside it, in the format of
//! `tests/articles/beats/`: one statement a line, `paragraph | kind | speaker | role | entity key
//! (- for none) | text`, reviewed by hand. The file name starts with the language's code, which
//! the detector must find. `POSITIONS_BLESS=1` rewrites the expected files from what the
//! extractor finds: review the difference before committing it.

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
    let dir = root().join("tests/articles/languages");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
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
    let g = Gazetteer::load(&root().join("data")).expect("the project's gazetteer loads");
    let bless = std::env::var_os("POSITIONS_BLESS").is_some();
    let mut failures = Vec::new();
    for path in &articles() {
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
    let g = Gazetteer::load(&root().join("data")).expect("the project's gazetteer loads");
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
