//! Articles pinned statement by statement, for the extractor's article tests: each `NAME.txt` of
//! a folder under `tests/articles/` has a `NAME.expected` beside it, one statement a line
//! (`paragraph | kind | speaker | [role |] entity key (- for none) | text`), reviewed by hand.
//! `POSITIONS_BLESS=1` rewrites the expected files from what the extractor finds: review the
//! difference before committing it.

use std::path::PathBuf;

use positions::entities::Gazetteer;
use positions::extract::extract;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The project's gazetteer, from `data/`.
pub fn gazetteer() -> Gazetteer {
    Gazetteer::load(&root().join("data")).expect("the project's gazetteer loads")
}

/// The statements the extractor finds in `body`, one line each; the speaker's role is a column
/// when `with_role`.
pub fn found(g: &Gazetteer, body: &str, published: &str, with_role: bool) -> String {
    extract(body, Some(published), g)
        .iter()
        .map(|s| {
            let key = s.entity.map_or("-", |e| g.entity(e).key.as_str());
            let role = if with_role {
                format!("{} | ", s.speaker.role.as_deref().unwrap_or("-"))
            } else {
                String::new()
            };
            let text = s.text.replace('\n', "\\n");
            format!(
                "{} | {} | {} | {role}{key} | {text}\n",
                s.paragraph,
                s.kind.as_str(),
                s.speaker.name,
            )
        })
        .collect()
}

/// The articles of `tests/articles/FOLDER`, by name.
pub fn articles(folder: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/articles").join(folder);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// Checks every article against its expected file (or rewrites them when blessing), and fails
/// with each article that differs, the expected and the found statements side by side.
pub fn check(list: &[PathBuf], found: impl Fn(&str) -> String) {
    let bless = std::env::var_os("POSITIONS_BLESS").is_some();
    let mut failures = Vec::new();
    for path in list {
        let body = std::fs::read_to_string(path).expect("article");
        let got = found(&body);
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
