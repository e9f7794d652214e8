//! The command line as a user runs it: `ask` (text and JSON), `ingest` (dry run, JSON, twice),
//! `check`, and every subcommand on a broken store failing with file, line and field.

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ask_json(data: &Path, q: &str) -> Value {
    let o = positions(data, &["ask", q, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON")
}

#[test]
fn ask_prints_the_reply_as_text_and_json() {
    let data = support::bot::project_data();
    let o = positions(&data, &["ask", "/position germany"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("Germany"));
    assert!(text.contains("Friedrich Merz"));
    assert!(text.contains("Germany will commit itself politically, economically and militarily."));

    let j = ask_json(&data, "/position germany");
    assert_eq!(j["command"], "position");
    assert_eq!(j["entity"]["name"], "Germany");
    assert_eq!(j["entity"]["id"], "DE");
    let s = &j["statements"][0];
    for field in ["text", "speaker", "role", "entity", "kind", "source"] {
        assert!(!s[field].is_null(), "missing {field}: {s}");
    }
    assert_eq!(s["entity"], "Germany");
    assert!(j["mentioned_in"].is_array());
    assert!(j["suggestions"].is_array());
}

#[test]
fn ask_understands_free_questions_and_slash_forms() {
    let data = support::bot::project_data();
    let j = ask_json(&data, "what did Italy say about troops?");
    assert_eq!(j["entity"]["name"], "Italy");
    assert!(j["statements"][0]["text"]
        .as_str()
        .unwrap()
        .contains("troops"));
    let j = ask_json(&data, "/compare italy germany");
    assert_eq!(j["command"], "compare");
    let j = ask_json(&data, "/whosaid hardest steps");
    assert_eq!(j["statements"][0]["speaker"], "Keir Starmer");
    assert_eq!(j["statements"][0]["entity"], "United Kingdom");
    let j = ask_json(&data, "/topic troops");
    assert_eq!(j["command"], "topic");
    let j = ask_json(&data, "/position united kingdom");
    assert_eq!(j["entity"]["name"], "United Kingdom");
    let j = ask_json(&data, "/position european union");
    assert_eq!(j["entity"]["name"], "European Union");
    let j = ask_json(&data, "/position russia");
    assert_eq!(j["outcome"], "mentioned_only");
    assert!(!j["mentioned_in"].as_array().unwrap().is_empty());
    let j = ask_json(&data, "/position narnia");
    assert_eq!(j["outcome"], "not_found");
    assert!(j["entity"].is_null());
}

/// A misspelled front-matter key is refused with its file and line, and nothing is stored
/// (it used to be skipped, and the article was stored without its date).
#[test]
fn ingest_refuses_a_misspelled_front_matter_key() {
    let data = ScratchData::copy_of_project_data();
    let article = data.path().join("wire.txt");
    std::fs::write(
        &article,
        "---\ntitle: Ministers meet in Brussels\npubished: 2026-02-03\n---\n\
         “We will not abandon Ukraine,” Polish Foreign Minister Radosław Sikorski said.\n",
    )
    .unwrap();
    let before = stdout(&positions(data.path(), &["check"]));
    let o = positions(data.path(), &["ingest", article.to_str().unwrap()]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("wire.txt: line 3: unknown key `pubished`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&positions(data.path(), &["check"])), before);
}

#[test]
fn ingest_dry_run_json_then_twice_adds_once() {
    let data = ScratchData::copy_of_project_data();
    let article = data.path().join("wire.txt");
    std::fs::write(
        &article,
        "---\ntitle: Ministers meet in Brussels\npublisher: Test Wire\npublished: 2026-02-03\n---\n\
         Polish Foreign Minister Radosław Sikorski said on Tuesday that Europe must keep up its support.\n\
         “We will not abandon Ukraine,” he told reporters.\n",
    )
    .unwrap();
    let o = positions(
        data.path(),
        &["ingest", article.to_str().unwrap(), "--dry-run", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let st = j["statements"].as_array().unwrap();
    assert_eq!(st.len(), 2, "{j}");
    assert_eq!(
        st[1]["text"],
        "We will not abandon Ukraine,".trim_end_matches(',')
    );
    assert_eq!(st[1]["entity"], "Poland");
    assert_eq!(st[0]["source"]["title"], "Ministers meet in Brussels");
    assert!(
        ask_json(data.path(), "/position poland")["statements"]
            .as_array()
            .unwrap()
            .is_empty(),
        "dry run stores nothing"
    );

    let o = positions(data.path(), &["ingest", article.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = positions(data.path(), &["check"]);
    let o = positions(data.path(), &["ingest", article.to_str().unwrap()]);
    assert!(stdout(&o).contains("already stored"), "{}", stdout(&o));
    assert_eq!(
        stdout(&positions(data.path(), &["check"])),
        stdout(&before),
        "a second ingest adds nothing"
    );
    let j = ask_json(data.path(), "/position poland");
    assert_eq!(j["statements"].as_array().unwrap().len(), 2);
    assert_eq!(j["statements"][0]["source"]["published"], "2026-02-03");
}

#[test]
fn an_article_without_metadata_is_still_read() {
    let data = ScratchData::copy_of_project_data();
    let article = data.path().join("bare-report.txt");
    std::fs::write(&article, "“Sanctions will stay,” Kaja Kallas said.\n").unwrap();
    let o = positions(data.path(), &["ingest", article.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j = ask_json(data.path(), "/position kallas");
    assert_eq!(j["entity"]["name"], "European Union");
    let found = j["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"]["id"] == "bare-report")
        .cloned();
    let found = found.expect("the undated article's statement is answered");
    assert_eq!(found["text"], "Sanctions will stay");
    assert_eq!(found["speaker"], "Kaja Kallas");
}

#[test]
fn check_counts_the_store() {
    let o = positions(&support::bot::project_data(), &["check"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("27 statements"), "{}", stdout(&o));
}

/// A JSON record with one field removed.
fn without_field(line: &str, field: &str) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap();
    v.as_object_mut().unwrap().remove(field);
    v.to_string()
}

/// `check` names the line a quote stands on in the file, counting blank lines as an editor does.
#[test]
fn check_counts_blank_lines_when_it_names_a_line() {
    let data = ScratchData::copy_of_project_data();
    let file = data
        .path()
        .join("articles/coalition-paris-2026-01-07/statements.jsonl");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = original.lines().map(String::from).collect();
    let quote: Value = serde_json::from_str(&lines[4]).unwrap();
    let text = quote["text"].as_str().unwrap().to_string();
    lines[4] = lines[4].replace(&text, "Words the article never printed.");
    lines.insert(2, String::new());
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();

    let o = positions(data.path(), &["check"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("statements.jsonl line 6: field `text`"),
        "the quote is on line 6 once a blank line stands above it: {err}"
    );
}

#[test]
fn a_broken_store_fails_every_command_with_file_line_and_field() {
    let data = ScratchData::copy_of_project_data();
    let file = data
        .path()
        .join("articles/coalition-paris-2026-01-07/statements.jsonl");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = original.lines().map(String::from).collect();
    let cases: Vec<(String, &str)> = vec![
        (
            {
                let mut l = lines.clone();
                l[13] = without_field(&l[13], "speaker");
                l.join("\n") + "\n"
            },
            "line 14: missing field `speaker`",
        ),
        (
            {
                let mut l = lines.clone();
                l[9] = l[9].replace("\"speaker\"", "\"spoken_by\"");
                l.join("\n") + "\n"
            },
            "line 10: unknown field `spoken_by`",
        ),
        (
            {
                let mut l = lines.clone();
                l[2] = l[2].replace("\"entity\":\"FR\"", "\"entity\":\"XX\"");
                l.join("\n") + "\n"
            },
            "line 3: field `entity`: unknown entity `XX`",
        ),
        (
            {
                let mut l = lines.clone();
                l[4] = l[1].clone();
                l.join("\n") + "\n"
            },
            "line 5: field `id`: duplicate id",
        ),
        (original[..original.len() - 40].to_string(), "line 27"),
        (
            {
                lines[6] = "{not json".to_string();
                lines.join("\n") + "\n"
            },
            "line 7:",
        ),
    ];
    for (broken, expected) in cases {
        std::fs::write(&file, &broken).unwrap();
        for args in [
            vec!["check"],
            vec!["ask", "/position germany"],
            vec!["ingest", "--dry-run", file.to_str().unwrap()],
        ] {
            let o = positions(data.path(), &args);
            assert!(!o.status.success(), "{args:?} should fail on {expected}");
            let err = stderr(&o);
            assert!(err.contains("statements.jsonl"), "{args:?}: {err}");
            assert!(
                err.contains(expected),
                "{args:?}: expected {expected:?} in {err}"
            );
        }
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            broken,
            "the store is left as it was"
        );
    }
}

#[test]
fn retract_and_restore_from_the_command_line() {
    let data = ScratchData::copy_of_project_data();
    let j = ask_json(data.path(), "/whosaid hardest steps");
    let id = j["statements"][0]["id"].as_str().unwrap().to_string();
    let o = positions(
        data.path(),
        &["retract", &id, "--reason", "test", "--by", "moderator"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let j = ask_json(data.path(), "/whosaid hardest steps");
    assert_eq!(
        j["outcome"], "not_found",
        "retracted statements are not answered"
    );
    let kept = std::fs::read_to_string(data.path().join("retractions.jsonl")).unwrap();
    let at = serde_json::from_str::<Value>(kept.trim()).unwrap()["at"]
        .as_str()
        .unwrap()
        .to_string();
    let shape: String = at
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    assert_eq!(
        shape, "9999-99-99T99:99:99Z",
        "stamped in UTC to the second: {at}"
    );
    let o = positions(data.path(), &["retract", &id]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already retracted"), "{}", stderr(&o));
    assert!(stdout(&positions(data.path(), &["check"])).contains("(1 retracted)"));
    let o = positions(data.path(), &["restore", &id]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("moderator"));
    let j = ask_json(data.path(), "/whosaid hardest steps");
    assert_eq!(j["statements"][0]["id"], id.as_str());
    let o = positions(data.path(), &["restore", "s000000000000"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no stored statement"), "{}", stderr(&o));
}

#[test]
fn settings_are_read_from_a_dotenv_file_in_the_working_folder() {
    let data = ScratchData::copy_of_project_data();
    let folder = tempfile::tempdir().expect("temp dir");
    let check_in_folder = || {
        Command::new(env!("CARGO_BIN_EXE_positions"))
            .arg("check")
            .current_dir(folder.path())
            .env_remove("POSITIONS_DATA")
            .env_remove("DISCORD_TOKEN")
            .output()
            .expect("run positions")
    };
    // No .env: the default ./data is not there.
    assert!(!check_in_folder().status.success());
    std::fs::write(
        folder.path().join(".env"),
        format!("POSITIONS_DATA={}\n", data.path().display()),
    )
    .expect("write .env");
    let o = check_in_folder();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&positions(data.path(), &["check"])));
}
