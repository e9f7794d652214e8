//! Helpers for the tests that write to a scratch store: generated wire-style articles (each
//! distinct, each with statements by people the gazetteer knows), running the `positions` command
//! line, reading what is on disk, and a small seeded random number generator.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use positions::entities::Gazetteer;
use positions::ingest::{prepare, split_front_matter};
use positions::store::{Store, ARTICLES_DIR, STATEMENTS_FILE};

/// Speakers the gazetteer knows: how a report first names them, how it names them again, the
/// dateline city and what they speak for.
const SPEAKERS: [(&str, &str, &str); 8] = [
    ("German Chancellor Friedrich Merz", "Merz", "BERLIN"),
    ("French President Emmanuel Macron", "Macron", "PARIS"),
    (
        "Polish Foreign Minister Radosław Sikorski",
        "Sikorski",
        "WARSAW",
    ),
    ("Italian Prime Minister Giorgia Meloni", "Meloni", "ROME"),
    ("British Prime Minister Keir Starmer", "Starmer", "LONDON"),
    ("Spanish Prime Minister Pedro Sánchez", "Sánchez", "MADRID"),
    ("EU foreign policy chief Kaja Kallas", "Kallas", "BRUSSELS"),
    ("NATO Secretary General Mark Rutte", "Rutte", "THE HAGUE"),
];

const TOPICS: [&str; 5] = [
    "air defence systems",
    "artillery shells",
    "generators for the winter",
    "mine-clearing vehicles",
    "field hospitals",
];

/// A wire-style article with front matter, numbered `n`: its text differs from every other `n`,
/// and every paragraph but the last carries a statement (direct, indirect or mixed).
pub fn wire_article(n: usize) -> String {
    let (first, again, city) = SPEAKERS[n % SPEAKERS.len()];
    let (other, other_again, _) = SPEAKERS[(n / SPEAKERS.len() + n + 3) % SPEAKERS.len()];
    let topic = TOPICS[n % TOPICS.len()];
    let day = 1 + n % 28;
    let mut text = format!(
        "---\ntitle: Allies pledge more {topic}, report {n}\npublisher: Test Wire\n\
         published: 2026-03-{day:02}\n---\nAllies pledge more {topic}, report {n}\n\n\
         {city}, March {day} (Wire) - {first} said on Tuesday that {} more {topic} would reach Ukraine before the end of the month.\n",
        n + 2
    );
    for k in 0..(2 + n % 4) {
        match k % 3 {
            0 => text.push_str(&format!(
                "“We will keep our promise number {n}-{k} to the people of Ukraine,” {again} told reporters.\n"
            )),
            1 => text.push_str(&format!(
                "{other} said Europe had to “do more, and faster, in round {n}-{k}”.\n"
            )),
            _ => text.push_str(&format!(
                "\"Delivery {n}-{k} is on its way,\" {other_again} said.\n"
            )),
        }
    }
    text.push_str(&format!(
        "The talks on package {n} are due to continue next week.\n"
    ));
    text
}

/// Runs the `positions` command line on a data folder and waits for it.
pub fn positions(data: &Path, args: &[&str]) -> Output {
    Command::new(super::bot::binary())
        .args(args)
        .env("POSITIONS_DATA", data)
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("run positions")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The gazetteer of the project's data folder, loaded once per test binary.
pub fn gazetteer() -> &'static Gazetteer {
    static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    G.get_or_init(|| Gazetteer::load(&super::bot::project_data()).expect("the gazetteer loads"))
}

/// What ingesting `text` (front matter and body) as a file named `name` should store: the body
/// and each statement's (paragraph, text), in order.
pub fn expected(text: &str, name: &str) -> (String, Vec<(u32, String)>) {
    let (meta, body) = split_front_matter(text).expect("front matter");
    let p = prepare(body, meta, name, gazetteer(), &Store::default()).expect("prepare");
    let said = p
        .statements
        .iter()
        .map(|s| (s.paragraph, s.text.to_string()))
        .collect();
    (p.body, said)
}

/// The article folders under `data/articles`, by name, hidden ones included.
pub fn article_folders(data: &Path) -> BTreeMap<String, PathBuf> {
    let Ok(rd) = std::fs::read_dir(data.join(ARTICLES_DIR)) else {
        return BTreeMap::new();
    };
    rd.filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect()
}

/// The hidden entries under `data/articles` (temporary folders of writes not finished).
pub fn hidden_entries(data: &Path) -> BTreeSet<String> {
    hidden_in(&data.join(ARTICLES_DIR))
}

/// The hidden entries of a folder (temporary entries of writes not finished, and the lock file).
pub fn hidden_in(dir: &Path) -> BTreeSet<String> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    rd.filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Every statement id in every visible article folder, read straight from the files.
pub fn statement_ids(data: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (name, folder) in article_folders(data) {
        if name.starts_with('.') {
            continue;
        }
        ids.extend(ids_in(&folder.join(STATEMENTS_FILE)));
    }
    ids
}

/// The statement ids of one statements.jsonl file, in order.
pub fn ids_in(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}: bad line {l:?}: {e}", file.display()));
            v["id"].as_str().expect("id").to_string()
        })
        .collect()
}

/// Every file under `dir` with its bytes, hidden ones included: to show a command changed nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("read dir")
            .filter_map(Result::ok)
        {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// The tests' one random generator (deterministic: a failing run repeats from its seed).
#[allow(unused_imports)] // each test crate uses only part of the support
pub use positions_bench::Rng;
