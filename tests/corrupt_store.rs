//! A corrupt store stops every reader with the file, the line and what is wrong, and is left
//! byte for byte as it was: `serve` (gateway and HTTP endpoint) on a broken statements.jsonl, and
//! `check`, `ask` and `serve` on a broken article.json, entities.json, people.json and
//! retractions.jsonl. (`check`, `ask` and `ingest` on statements.jsonl are in tests/cli.rs.)
//! `serve` fails while loading, before it calls Discord: the stand-in records no request.

mod support;

use std::path::Path;
use std::process::Output;

use support::bot::ScratchData;
use support::discord::StandIn;
use support::store::snapshot;

const SEED: &str = "articles/coalition-paris-2026-01-07";

/// Which commands a case is run through.
#[derive(Clone, Copy, PartialEq)]
enum Runs {
    /// `check`, `ask` and `serve`.
    All,
    /// `check` only (the loader is the same for all three).
    Check,
    /// `serve` only, on the gateway and on the HTTP endpoint.
    Serve,
}

/// One way to break one file: its path under the data folder, how to break it, and what the
/// error must say after the file's path (`line N: what`).
struct Case {
    file: &'static str,
    broken: Box<dyn Fn(&str) -> String>,
    says: &'static str,
    runs: Runs,
}

fn case(
    file: &'static str,
    broken: impl Fn(&str) -> String + 'static,
    says: &'static str,
    runs: Runs,
) -> Case {
    Case {
        file,
        broken: Box::new(broken),
        says,
        runs,
    }
}

/// Replaces the first occurrence of `from` in `text`, which must be there.
fn swap(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the file");
    text.replacen(from, to, 1)
}

/// Replaces line `n` (1-based).
fn with_line(text: &str, n: usize, f: impl Fn(&[&str]) -> String) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let all: Vec<&str> = text.lines().collect();
    lines[n - 1] = f(&all);
    lines.join("\n") + "\n"
}

/// Cuts the text in the middle of line `n` (1-based), as a write stopped there would.
fn cut_in_line(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: String = lines[..n - 1].iter().map(|l| format!("{l}\n")).collect();
    let line = lines[n - 1];
    let mut half = line.len() / 2;
    while !line.is_char_boundary(half) {
        half -= 1;
    }
    out.push_str(&line[..half]);
    out
}

/// A valid Ed25519 public key, for `serve --http` to get as far as loading the store.
fn public_key() -> String {
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    key.as_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

async fn run(data: &Path, args: &[&str], standin: &StandIn) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("POSITIONS_DATA", data)
        .env("DISCORD_TOKEN", "a.b.c")
        .env("DISCORD_PUBLIC_KEY", public_key())
        .env("DISCORD_API_BASE", standin.base_url())
        .current_dir(data)
        .output()
        .await
        .expect("run positions")
}

/// Breaks each case's file in a scratch copy of the data, runs the commands, and restores it.
async fn assert_reported(cases: Vec<Case>, setup: impl Fn(&Path)) {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let dir = data.path();
    setup(dir);
    for c in cases {
        let path = dir.join(c.file);
        let original = std::fs::read_to_string(&path).unwrap_or_default();
        let broken = (c.broken)(&original);
        assert_ne!(broken, original, "{}: the case changes the file", c.file);
        std::fs::write(&path, &broken).unwrap();
        let before = snapshot(dir);
        let commands: Vec<Vec<&str>> = match c.runs {
            Runs::All => vec![
                vec!["check"],
                vec!["ask", "/position germany"],
                vec!["serve"],
            ],
            Runs::Check => vec![vec!["check"]],
            Runs::Serve => vec![
                vec!["serve"],
                vec!["serve", "--http", "127.0.0.1:0", "--no-register"],
            ],
        };
        for args in commands {
            let o = run(dir, &args, &standin).await;
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(
                o.status.code(),
                Some(1),
                "{args:?} on a broken {}: exit 1, {err}",
                c.file
            );
            let wanted = format!("{} {}", c.file, c.says);
            assert!(
                err.contains(&wanted),
                "{args:?}: expected {wanted:?} in:\n{err}"
            );
            assert!(
                o.stdout.is_empty(),
                "{args:?}: nothing on stdout: {}",
                String::from_utf8_lossy(&o.stdout)
            );
            assert_eq!(snapshot(dir), before, "{args:?} left the store untouched");
        }
        std::fs::write(&path, &original).unwrap();
    }
    assert!(
        standin.recorded().is_empty(),
        "serve called Discord before loading the store: {:?}",
        standin.recorded()
    );
}

#[tokio::test]
async fn serve_fails_on_a_broken_statements_file_with_file_line_and_field() {
    let file = "articles/coalition-paris-2026-01-07/statements.jsonl";
    assert_eq!(file, format!("{SEED}/statements.jsonl"));
    assert_reported(
        vec![
            case(
                file,
                |t| with_line(t, 14, |l| l[13].replace("\"speaker\"", "\"spoken_by\"")),
                "line 14: unknown field `spoken_by`",
                Runs::Serve,
            ),
            case(
                file,
                |t| {
                    with_line(t, 3, |l| {
                        l[2].replace("\"entity\":\"FR\"", "\"entity\":\"XX\"")
                    })
                },
                "line 3: field `entity`: unknown entity `XX`",
                Runs::Serve,
            ),
            case(
                file,
                |t| with_line(t, 5, |l| l[1].to_string()),
                "line 5: field `id`: duplicate id",
                Runs::Serve,
            ),
            case(
                file,
                |t| t[..t.len() - 40].to_string(),
                "line 27: the record is cut short",
                Runs::Serve,
            ),
            case(
                file,
                |t| with_line(t, 7, |_| "{not json".to_string()),
                "line 7: key must be a string",
                Runs::Serve,
            ),
        ],
        |_| {},
    )
    .await;
}

#[tokio::test]
async fn a_broken_article_json_is_reported_with_file_and_line() {
    let file = "articles/coalition-paris-2026-01-07/article.json";
    assert_reported(
        vec![
            case(
                file,
                |t| swap(t, "\"published\": \"2026-01-07\"", "\"published\": \"07.01.2026\""),
                "line 6: field `published`: `07.01.2026` is not a YYYY-MM-DD date",
                Runs::All,
            ),
            case(
                file,
                |t| swap(t, "\"id\": \"coalition-paris-2026-01-07\"", "\"id\": \"other\""),
                "line 2: field `id`: `other` does not match its folder `coalition-paris-2026-01-07`",
                Runs::Check,
            ),
            case(
                file,
                |t| with_line(t, 3, |_| "  \"title\": ,".to_string()),
                "line 3: expected value",
                Runs::Check,
            ),
            case(
                file,
                |t| {
                    let mut v: serde_json::Value = serde_json::from_str(t).unwrap();
                    v.as_object_mut().unwrap().remove("fingerprint");
                    serde_json::to_string_pretty(&v).unwrap() + "\n"
                },
                "line 7: missing field `fingerprint`",
                Runs::Check,
            ),
            case(
                file,
                |t| cut_in_line(t, 5),
                "line 5: EOF while parsing",
                Runs::Check,
            ),
        ],
        |_| {},
    )
    .await;
}

#[tokio::test]
async fn a_broken_entities_json_is_reported_with_file_and_line() {
    let file = "entities.json";
    assert_reported(
        vec![
            case(
                file,
                |t| swap(t, "\"flag\"", "\"flags\""),
                "line 6: unknown field `flags`",
                Runs::All,
            ),
            case(
                file,
                |t| swap(t, "\"demonyms\": [", "\"demonyms\": [["),
                "line 20: invalid type: sequence, expected a string",
                Runs::Check,
            ),
            // The line is that of the first `EU` (the one already there), not of the second.
            case(
                file,
                |t| swap(t, "\"id\": \"NATO\"", "\"id\": \"EU\""),
                "line 4: organisation id `EU` is already used",
                Runs::Check,
            ),
            case(
                file,
                |t| cut_in_line(t, 31),
                "line 31: EOF while parsing",
                Runs::Check,
            ),
        ],
        |_| {},
    )
    .await;
}

#[tokio::test]
async fn a_broken_people_json_is_reported_with_file_and_line() {
    let file = "people.json";
    assert_reported(
        vec![
            case(
                file,
                |t| swap(t, "\"entity\": \"GB\"", "\"entity\": \"XX\""),
                "line 3: unknown entity `XX`",
                Runs::All,
            ),
            case(
                file,
                |t| swap(t, "\"from\": \"2022-09-08\"", "\"from\": \"2022-13-08\""),
                "line 3: field `from`/`to` of King Charles III: `2022-13-08` is not a YYYY-MM-DD date",
                Runs::Check,
            ),
            case(
                file,
                |t| swap(t, "\"entity\": \"GB\",", ""),
                "line 11: missing field `entity`",
                Runs::Check,
            ),
            case(
                file,
                |t| with_line(t, 12, |_| "  {{".to_string()),
                "line 12: key must be a string",
                Runs::Check,
            ),
        ],
        |_| {},
    )
    .await;
}

/// Two statements of the seed article, as retracted by a moderator.
const RETRACTED: &str = "{\"id\":\"s5153e46458fe\",\"by\":\"mod\",\"at\":\"2026-02-01\"}\n\
                         {\"id\":\"s5c0b1d834c44\",\"by\":\"mod\",\"at\":\"2026-02-02\",\"reason\":\"misquoted\"}\n";

#[tokio::test]
async fn a_broken_retractions_file_is_reported_with_file_and_line() {
    let file = "retractions.jsonl";
    assert_reported(
        vec![
            case(
                file,
                |t| cut_in_line(t, 2),
                "line 2: the record is cut short",
                Runs::All,
            ),
            case(
                file,
                |t| {
                    swap(
                        t,
                        "\"by\":\"mod\",\"at\":\"2026-02-02\"",
                        "\"at\":\"2026-02-02\"",
                    )
                },
                "line 2: missing field `by`",
                Runs::Check,
            ),
            case(
                file,
                |t| swap(t, "2026-02-02", "2026-02-30"),
                "line 2: field `at`: `2026-02-30` is not a time",
                Runs::Check,
            ),
            case(
                file,
                |t| swap(t, "\"reason\"", "\"reasn\""),
                "line 2: unknown field `reasn`",
                Runs::Check,
            ),
            case(
                file,
                |t| swap(t, "s5c0b1d834c44", "s000000000000"),
                "line 2: field `id`: no stored statement has the id `s000000000000`",
                Runs::All,
            ),
            case(
                file,
                |t| swap(t, "s5c0b1d834c44", "s5153e46458fe"),
                "line 2: field `id`: statement `s5153e46458fe` is retracted twice (also line 1)",
                Runs::Check,
            ),
        ],
        |dir| {
            std::fs::write(dir.join("retractions.jsonl"), RETRACTED).unwrap();
            let o = support::store::positions(dir, &["check"]);
            assert!(
                support::store::stdout(&o).contains("(2 retracted)"),
                "{}",
                support::store::stderr(&o)
            );
        },
    )
    .await;
}
