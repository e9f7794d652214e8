//! Answers restricted to one language, as a user asks them on the command line: `ask --language`,
//! `language:fr` in the question and "… in French" in a sentence, on a store with articles in
//! English, French, Spanish and German. Counts, pages and totals are of that language only.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::bot::ScratchData;

fn positions(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_positions"))
        .args(args)
        .env("POSITIONS_DATA", data)
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("run positions")
}

fn ask(data: &Path, args: &[&str]) -> Value {
    let mut all = vec!["ask", "--json"];
    all.extend(args);
    let o = positions(data, &all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

/// The project's English store with the French, Spanish and German test articles added.
fn store_in_four_languages() -> ScratchData {
    let data = ScratchData::copy_of_project_data();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles/languages");
    let mut articles: Vec<String> = std::fs::read_dir(&dir)
        .expect("articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    articles.sort();
    let mut args = vec!["ingest", "--published", "2026-03-10"];
    args.extend(articles.iter().map(String::as_str));
    let o = positions(data.path(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    data
}

fn languages(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|s| s["language"].as_str().unwrap_or("?"))
        .collect()
}

#[test]
fn a_language_restricts_every_count_page_and_total() {
    let data = store_in_four_languages();
    let data = data.path();
    let all = ask(data, &["/position france"]);
    let every: Vec<Value> = (1..=all["pages"].as_u64().expect("pages"))
        .flat_map(|p| {
            let page = ask(data, &["/position france", "--page", &p.to_string()]);
            page["statements"].as_array().expect("statements").clone()
        })
        .collect();
    let in_french = every.iter().filter(|s| s["language"] == "fr").count();
    assert!(in_french > 5, "more than a page in French: {in_french}");
    assert!(
        in_french < every.len(),
        "France speaks in other languages too"
    );

    // Told by the flag, by the option in the question, by its name, or in a sentence: the same.
    let by_flag = ask(data, &["/position france", "--language", "fr"]);
    for other in [
        ask(data, &["/position france", "--language", "French"]),
        ask(data, &["/position france", "--language", "français"]),
        ask(data, &["/position france language:fr"]),
        ask(data, &["what did France say in French?"]),
    ] {
        assert_eq!(other["statements"], by_flag["statements"]);
        assert_eq!(other["total"], by_flag["total"]);
    }
    assert_eq!(by_flag["language"], "fr");
    assert_eq!(by_flag["total"], in_french);
    assert_eq!(by_flag["pages"], in_french.div_ceil(5));
    let mut seen = Vec::new();
    for p in 1..=in_french.div_ceil(5) {
        let page = ask(
            data,
            &[
                "/position france",
                "--language",
                "fr",
                "--page",
                &p.to_string(),
            ],
        );
        assert!(languages(&page["statements"]).iter().all(|l| *l == "fr"));
        seen.extend(page["statements"].as_array().expect("statements").clone());
    }
    assert_eq!(
        seen.len(),
        in_french,
        "every French statement once, on its page"
    );

    // The text says the language beside each statement, and the count is of French ones.
    let o = positions(data, &["ask", "/position france", "--language", "fr"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains(&format!("{in_french} statements in French")),
        "{text}"
    );
    assert_eq!(text.matches(" · French · ").count(), 5, "{text}");

    // A side with nothing in the language asked says so, and how much it has in others.
    let spanish = ask(data, &["/position france", "--language", "es"]);
    assert_eq!(spanish["total"], 0);
    assert_eq!(spanish["outcome"], "silent");
    let note = spanish["note"].as_str().unwrap_or_default();
    assert!(note.contains("no statements in Spanish"), "{note}");
}

#[test]
fn topics_comparisons_timelines_and_quotes_keep_to_the_language() {
    let data = store_in_four_languages();
    let data = data.path();
    let topic = ask(data, &["/topic sanctions", "--language", "es"]);
    let groups = topic["groups"].as_array().expect("groups");
    assert!(!groups.is_empty(), "{topic}");
    let counted: u64 = groups
        .iter()
        .map(|g| g["total"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(topic["total"], counted);
    for g in groups {
        assert!(
            languages(&g["statements"]).iter().all(|l| *l == "es"),
            "{g}"
        );
    }
    let everything = ask(data, &["/topic sanctions"]);
    assert!(everything["total"].as_u64() > topic["total"].as_u64());

    let compare = ask(data, &["/compare france germany", "--language", "de"]);
    for g in compare["groups"].as_array().expect("groups") {
        assert!(
            languages(&g["statements"]).iter().all(|l| *l == "de"),
            "{g}"
        );
    }
    let timeline = ask(data, &["/timeline france", "--language", "fr"]);
    let months: u64 = timeline["months"]
        .as_array()
        .expect("months")
        .iter()
        .map(|m| m["statements"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(timeline["total"], months);
    assert!(languages(&timeline["statements"])
        .iter()
        .all(|l| *l == "fr"));
    let whosaid = ask(data, &["/whosaid ukraine", "--language", "fr"]);
    assert!(whosaid["total"].as_u64() > Some(0), "{whosaid}");
    assert!(languages(&whosaid["statements"]).iter().all(|l| *l == "fr"));

    // A language the bot does not read is answered with the ones it reads.
    let klingon = ask(data, &["/position france", "--language", "klingon"]);
    assert_eq!(klingon["outcome"], "unclear");
    let note = klingon["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("French (fr)") && note.contains("“klingon”"),
        "{note}"
    );
}

#[test]
fn a_page_button_keeps_the_language_however_long_the_topic() {
    use positions::answer::reply::{Command, EntityRef, Outcome, Reply};
    use positions::render::embed::{canonical_question, page_custom_id, parse_page_custom_id};
    let mut reply = Reply::new(Command::Position, Outcome::Found, "/position france");
    reply.entity = Some(EntityRef {
        id: "FR".into(),
        name: "France".into(),
        flag: "🇫🇷".into(),
        kind: None,
    });
    reply.topic = Some("security guarantees ".repeat(10));
    reply.language = Some("fr");
    let id = page_custom_id(1, &canonical_question(&reply), 'n');
    let (page, question) = parse_page_custom_id(&id).expect("a page button");
    assert_eq!(page, 1);
    assert!(
        question.starts_with("/position language:fr FR security"),
        "{question}"
    );
}
