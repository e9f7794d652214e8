//! Who speaks for whom, end to end through the `positions` command line: a person introduced
//! in one article and named bare in another outlet's a week later; a name the articles give two
//! sides; `people import` of SPARQL JSON results (a state, an organisation, an ended term, an
//! unknown side, a malformed row); `people refresh` against a loopback SPARQL stand-in,
//! including a time-out and a 500.

#[path = "support/site.rs"]
mod site;
mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use site::{Route, Site};
use support::bot::ScratchData;

fn command(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_positions"));
    cmd.args(args)
        .env("POSITIONS_DATA", data)
        .env("POSITIONS_FETCH_PAUSE_MS", "0")
        .env_remove("POSITIONS_FETCH_ALLOW")
        .env_remove("POSITIONS_FETCH_TIMEOUT")
        .env_remove("POSITIONS_WIKIDATA_SPARQL")
        .env_remove("DISCORD_TOKEN");
    cmd
}

fn positions(data: &Path, args: &[&str]) -> Output {
    command(data, args).output().expect("run positions")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

/// Writes an article with front matter into `dir` and ingests it.
fn ingest(data: &Path, name: &str, publisher: &str, published: &str, body: &str) -> Output {
    let file = data.join(format!("{name}.txt"));
    let text = format!(
        "---\ntitle: {name}\npublisher: {publisher}\npublished: {published}\nurl: https://{}.example/{name}\n---\n{body}\n",
        publisher.to_lowercase().replace(' ', "-")
    );
    std::fs::write(&file, text).expect("write article");
    let out = positions(data, &["ingest", file.to_str().expect("path"), "--json"]);
    assert!(out.status.success(), "ingest failed: {}", stderr(&out));
    out
}

/// The sides (`entity`) of the statements an ingest stored, by speaker.
fn sides(out: &Output) -> Vec<(String, Value)> {
    json(out)["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .map(|s| {
            (
                s["speaker"].as_str().unwrap_or("").to_string(),
                s["entity"].clone(),
            )
        })
        .collect()
}

const INTRODUCED: &str = "Baltic states press for more air defence\n\
    Estonian Foreign Minister Arvo Kaskema said on Monday that the alliance must move faster on air defence for its eastern members.\n\
    \"We cannot wait for another winter of drone strikes,\" Kaskema told reporters in Tallinn.";

const NAMED_BARE: &str = "Ministers gather in Brussels\n\
    Kaskema said the new package was \"a step, but not the last one\" as ministers arrived for the meeting.\n\
    Arvo Kaskema added that the next round of talks should be held before the summer.";

#[test]
fn a_person_introduced_in_one_article_is_known_when_named_bare_a_week_later() {
    let scratch = ScratchData::copy_of_project_data();
    let data = scratch.path();
    ingest(data, "baltic", "Baltic Wire", "2026-11-02", INTRODUCED);
    let later = ingest(data, "brussels", "Euro Daily", "2026-11-09", NAMED_BARE);
    let found = sides(&later);
    assert_eq!(found.len(), 2, "{found:?}");
    for (speaker, entity) in &found {
        assert_eq!(speaker, "Arvo Kaskema");
        assert_eq!(entity, "Estonia", "{found:?}");
    }

    let people = json(&positions(data, &["people", "--json"]));
    let learned = people["people"].as_array().expect("people");
    let kaskema = learned
        .iter()
        .find(|p| p["name"] == "Arvo Kaskema")
        .unwrap_or_else(|| panic!("not learned: {people}"));
    assert_eq!(kaskema["side"], "EE");
    assert_eq!(kaskema["office"], "Estonian Foreign Minister");
    assert_eq!(kaskema["first_seen"], "2026-11-02");
    assert_eq!(kaskema["articles"], serde_json::json!(["baltic"]));
    let text = stdout(&positions(data, &["people"]));
    assert!(
        text.contains("Arvo Kaskema (Estonia, Estonian Foreign Minister, seen in 1 article)"),
        "{text}"
    );

    let asked = json(&positions(data, &["ask", "/position Kaskema", "--json"]));
    assert_eq!(asked["outcome"], "found");
    assert_eq!(asked["entity"]["name"], "Estonia");
    assert_eq!(
        asked["note"],
        "Arvo Kaskema (Estonia, Estonian Foreign Minister, seen in 1 article)"
    );

    let said = json(&positions(
        data,
        &["ask", "/whosaid a step but not the last one", "--json"],
    ));
    let first = &said["statements"][0];
    assert_eq!(first["speaker"], "Arvo Kaskema", "{said}");
    assert_eq!(first["entity"], "Estonia");
    assert_eq!(
        first["role"],
        "Estonian Foreign Minister, seen in 1 article"
    );

    // Two years on, the evidence is no longer recent: a bare mention gets no side.
    let much_later = ingest(
        data,
        "later",
        "Wire",
        "2028-11-20",
        "Talks resume\nArvo Kaskema said the talks had been \"constructive and long overdue\" after the meeting ended.",
    );
    assert_eq!(
        sides(&much_later),
        vec![("Arvo Kaskema".to_string(), Value::Null)]
    );
}

#[test]
fn an_articles_own_words_win_over_what_was_learned() {
    let scratch = ScratchData::copy_of_project_data();
    let data = scratch.path();
    ingest(data, "baltic", "Baltic Wire", "2026-11-02", INTRODUCED);
    let own = ingest(
        data,
        "riga",
        "Riga Post",
        "2026-11-05",
        "Riga weighs border measures\nLatvian Defence Minister Arvo Kaskema said on Friday that the border fence would be finished by the spring.",
    );
    assert_eq!(
        sides(&own),
        vec![("Arvo Kaskema".to_string(), Value::from("Latvia"))]
    );
}

#[test]
fn a_name_with_two_sides_is_never_guessed_and_is_reported() {
    let scratch = ScratchData::copy_of_project_data();
    let data = scratch.path();
    ingest(data, "baltic", "Baltic Wire", "2026-11-02", INTRODUCED);
    ingest(
        data,
        "riga",
        "Riga Post",
        "2026-11-05",
        "Riga weighs border measures\nLatvian Defence Minister Arvo Kaskema said on Friday that the border fence would be finished by the spring.",
    );
    let bare = ingest(
        data,
        "talks",
        "Wire",
        "2026-11-20",
        "Talks resume\nArvo Kaskema said the talks had been \"constructive and long overdue\" after the meeting ended.",
    );
    assert_eq!(
        sides(&bare),
        vec![("Arvo Kaskema".to_string(), Value::Null)]
    );

    let check = positions(data, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains(
            "warning: people: Arvo Kaskema: the articles give two sides (Estonia as Estonian Foreign Minister in baltic; Latvia as Latvian Defence Minister in riga); a bare mention gets no side"
        ),
        "{}",
        stderr(&check)
    );
    let people = json(&positions(data, &["people", "--json"]));
    assert_eq!(people["conflicts"][0]["name"], "Arvo Kaskema");

    for asked in ["/position Kaskema", "/position Arvo Kaskema"] {
        let reply = json(&positions(data, &["ask", asked, "--json"]));
        assert_eq!(reply["outcome"], "not_found", "{reply}");
        let note = reply["note"].as_str().unwrap_or("");
        assert!(
            note.ends_with("could mean Estonia or Latvia: say which."),
            "{asked}: {note}"
        );
    }
}

/// SPARQL JSON results: a state's foreign minister whose term ended and his successor, an
/// organisation's head, a side the gazetteer does not know, and a malformed row (the fourth).
const RESULTS: &str = r#"{
  "head": {"vars": ["person", "personLabel", "personAltLabel", "officeLabel", "side", "start", "end"]},
  "results": {"bindings": [
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000001"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Hanna Vogelsang"},
     "personAltLabel": {"xml:lang": "en", "type": "literal", "value": "H. Vogelsang, Hanna Maria Vogelsang"},
     "officeLabel": {"xml:lang": "en", "type": "literal", "value": "Federal Minister for Foreign Affairs"},
     "side": {"type": "uri", "value": "http://www.wikidata.org/entity/Q183"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2021-03-01T00:00:00Z"},
     "end": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2024-06-30T00:00:00Z"}},
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000002"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Dieter Lindqvist"},
     "officeLabel": {"xml:lang": "en", "type": "literal", "value": "Federal Minister for Foreign Affairs"},
     "side": {"type": "uri", "value": "http://www.wikidata.org/entity/Q183"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2024-06-30T00:00:00Z"}},
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000003"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Ingrid Halvorsen"},
     "officeLabel": {"xml:lang": "en", "type": "literal", "value": "Secretary General of NATO"},
     "side": {"type": "uri", "value": "http://www.wikidata.org/entity/Q7184"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2025-10-01T00:00:00Z"}},
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000004"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Broken Row"},
     "officeLabel": {"xml:lang": "en", "type": "literal", "value": "Prime Minister of Italy"},
     "side": {"type": "uri", "value": "http://www.wikidata.org/entity/Q38"},
     "start": {"type": "literal", "value": "last spring"}},
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000005"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Nobody Known"},
     "officeLabel": {"xml:lang": "en", "type": "literal", "value": "President of Atlantis"},
     "side": {"type": "uri", "value": "http://www.wikidata.org/entity/Q99999999"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2020-01-01T00:00:00Z"}}
  ]}
}"#;

fn wikidata_people(data: &Path) -> Value {
    let text = std::fs::read_to_string(data.join("people-wikidata.json")).expect("written");
    serde_json::from_str(&text).expect("JSON")
}

fn names(file: &Value) -> Vec<String> {
    file["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The checks shared by `import` and `refresh`: what was written, and what it does.
fn assert_imported(data: &Path, out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(1),
        "a malformed row fails the command"
    );
    assert!(
        stderr(out).contains("error: row 4: `start` is not an xsd:dateTime: `last spring`"),
        "{}",
        stderr(out)
    );
    assert!(
        stdout(out).contains("5 rows: 3 kept (3 people)")
            && stdout(out).contains(
                "1 skipped, their side unknown to the gazetteer (Q99999999); 1 malformed"
            ),
        "{}",
        stdout(out)
    );
    let file = wikidata_people(data);
    assert_eq!(
        names(&file),
        ["Hanna Vogelsang", "Dieter Lindqvist", "Ingrid Halvorsen"]
    );
    let hanna = &file["people"][0];
    assert_eq!(hanna["entity"], "DE");
    assert_eq!(hanna["wikidata"], "Q90000001");
    assert_eq!(
        hanna["aliases"],
        serde_json::json!(["H. Vogelsang", "Hanna Maria Vogelsang", "Vogelsang"])
    );
    assert_eq!(hanna["offices"][0]["from"], "2021-03-01");
    assert_eq!(hanna["offices"][0]["to"], "2024-06-30");
    assert_eq!(file["people"][2]["entity"], "NATO");

    // Offices by date: the German foreign minister is the holder on the article's date.
    let during = dry_run(
        data,
        "2023-05-10",
        "The German foreign minister said on Tuesday that the talks would go on.",
    );
    assert_eq!(during, vec![("Hanna Vogelsang".into(), "Germany".into())]);
    let after = dry_run(
        data,
        "2025-02-11",
        "The German foreign minister said on Tuesday that the talks would go on.",
    );
    assert_eq!(after, vec![("Dieter Lindqvist".into(), "Germany".into())]);
    // A name the refresh gives a side, named bare.
    let bare = dry_run(
        data,
        "2026-01-15",
        "Halvorsen said the alliance would not be divided by the dispute.",
    );
    assert_eq!(bare, vec![("Ingrid Halvorsen".into(), "NATO".into())]);
}

/// What `ingest --dry-run --json` reads in one paragraph: (speaker, side).
fn dry_run(data: &Path, published: &str, paragraph: &str) -> Vec<(String, String)> {
    let file = data.join(format!("probe-{published}.txt"));
    std::fs::write(&file, format!("Probe\n{paragraph}\n")).expect("write");
    let out = positions(
        data,
        &[
            "ingest",
            file.to_str().expect("path"),
            "--dry-run",
            "--json",
            "--published",
            published,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    json(&out)["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .map(|s| {
            (
                s["speaker"].as_str().unwrap_or("").to_string(),
                s["entity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn import_reads_states_organisations_ended_terms_and_reports_what_it_skips() {
    let scratch = ScratchData::copy_of_project_data();
    let data = scratch.path();
    let file = data.join("results.json");
    std::fs::write(&file, RESULTS).expect("write results");
    let out = positions(data, &["people", "import", file.to_str().expect("path")]);
    assert_imported(data, &out);
    let file = wikidata_people(data);
    assert!(
        file["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("Wikidata, SPARQL results imported from")),
        "{file}"
    );

    // A document that is not SPARQL results changes nothing.
    let before = std::fs::read(data.join("people-wikidata.json")).expect("read");
    let bad = data.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"head": {"vars": ["person"]}, "results": {"bindings": []}}"#,
    )
    .expect("write");
    let out = positions(data, &["people", "import", bad.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the results lack the variable `personLabel`")
            && stderr(&out).contains("nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(data.join("people-wikidata.json")).expect("read"),
        before
    );
}

/// The path and query `refresh` asks the stand-in for.
fn query_path(site: &Site) -> String {
    let url = positions::shell::people::query_url(&site.url("/sparql")).expect("url");
    url.trim_start_matches(&site.url("")).to_string()
}

#[test]
fn refresh_asks_the_endpoint_through_the_fetcher_and_writes_its_answer() {
    let scratch = ScratchData::copy_of_project_data();
    let data = scratch.path();
    let site = Site::start();
    let path = query_path(&site);
    site.route(
        &path,
        Route::typed("application/sparql-results+json", RESULTS.as_bytes()),
    );
    let endpoint = site.url("/sparql");

    // The address guard refuses loopback unless the deployment allows it.
    let refused = command(data, &["people", "refresh"])
        .env("POSITIONS_WIKIDATA_SPARQL", &endpoint)
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("refused: 127.0.0.1 is a private address"),
        "{}",
        stderr(&refused)
    );
    assert!(
        site.log().is_empty(),
        "nothing is asked of a refused address"
    );
    assert!(!data.join("people-wikidata.json").exists());

    let out = command(data, &["people", "refresh"])
        .env("POSITIONS_WIKIDATA_SPARQL", &endpoint)
        .env("POSITIONS_FETCH_ALLOW", "127.0.0.1")
        .output()
        .expect("run");
    let asked = site.requests(&path);
    assert_eq!(asked.len(), 1, "{:?}", site.log());
    assert_eq!(
        asked[0].headers.get("accept").map(String::as_str),
        Some("application/sparql-results+json")
    );
    assert_eq!(
        asked[0].headers.get("user-agent").map(String::as_str),
        Some(positions::fetch::USER_AGENT)
    );
    assert!(
        site.requests("/robots.txt").is_empty(),
        "a query is not a crawl"
    );
    assert_imported(data, &out);
    let file = wikidata_people(data);
    assert_eq!(
        file["source"],
        format!("Wikidata, through the SPARQL endpoint {endpoint} (the query in the README)")
    );
}

#[test]
fn refresh_that_times_out_or_gets_a_500_changes_nothing() {
    let scratch = ScratchData::copy_of_project_data();
    let data = scratch.path();
    let results = data.join("results.json");
    std::fs::write(&results, RESULTS).expect("write");
    let imported = positions(data, &["people", "import", results.to_str().expect("path")]);
    assert_eq!(imported.status.code(), Some(1), "{}", stderr(&imported));
    let before = std::fs::read(data.join("people-wikidata.json")).expect("read");

    let site = Site::start();
    let path = query_path(&site);
    let endpoint = site.url("/sparql");
    site.route(&path, Route::Hang);
    let out = command(data, &["people", "refresh"])
        .env("POSITIONS_WIKIDATA_SPARQL", &endpoint)
        .env("POSITIONS_FETCH_ALLOW", "127.0.0.1")
        .env("POSITIONS_FETCH_TIMEOUT", "1")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{endpoint}: timed out; nothing was changed")),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(data.join("people-wikidata.json")).expect("read"),
        before
    );

    site.route(
        &path,
        Route::Failing {
            status: 500,
            retry_after: Some("0".into()),
            count: 100,
            then: Box::new(Route::Status(500)),
        },
    );
    let out = command(data, &["people", "refresh"])
        .env("POSITIONS_WIKIDATA_SPARQL", &endpoint)
        .env("POSITIONS_FETCH_ALLOW", "127.0.0.1")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "{endpoint}: HTTP 500 Internal Server Error; nothing was changed"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(data.join("people-wikidata.json")).expect("read"),
        before
    );
}

/// A row of the database's table of people learned from the articles: (name, side, office,
/// articles, conflict).
type LearnedRow = (String, String, String, Vec<String>, Option<String>);

fn learned_rows(url: &str) -> Vec<LearnedRow> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("the test database");
    c.query(
        "SELECT name, side, office, articles, conflict FROM learned_people ORDER BY position",
        &[],
    )
    .expect("the table learned_people")
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
    .collect()
}

/// Wikidata's answer giving Arvo Kaskema the office the article printed.
const KASKEMA_IN_WIKIDATA: &str = r#"{
  "head": {"vars": ["person", "personLabel", "officeLabel", "side", "start"]},
  "results": {"bindings": [
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000011"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Arvo Kaskema"},
     "officeLabel": {"xml:lang": "en", "type": "literal", "value": "Estonian Foreign Minister"},
     "side": {"type": "uri", "value": "http://www.wikidata.org/entity/Q191"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2025-01-01T00:00:00Z"}}
  ]}
}"#;

#[test]
fn a_store_in_the_database_keeps_its_learned_people_in_a_table_in_step_with_every_writer() {
    let Some(url) = support::database::fresh("learned_people") else {
        return;
    };
    let scratch = ScratchData::copy_of_project_data();
    let data = scratch.path();
    let run = |args: &[&str]| {
        let out = command(data, args)
            .env("POSITIONS_DATABASE_URL", &url)
            .output()
            .expect("run positions");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    };
    let kaskema = || {
        (
            "Arvo Kaskema".to_string(),
            "EE".to_string(),
            "Estonian Foreign Minister".to_string(),
            vec!["baltic".to_string()],
            None,
        )
    };

    // An article that introduces a person: the table says who, for which side, from where.
    let file = data.join("baltic.txt");
    std::fs::write(
        &file,
        format!("---\ntitle: baltic\npublisher: Baltic Wire\npublished: 2026-11-02\nurl: https://baltic-wire.example/baltic\n---\n{INTRODUCED}\n"),
    )
    .expect("write article");
    let added = json(&run(&["ingest", file.to_str().expect("path"), "--json"]));
    assert_eq!(learned_rows(&url), vec![kaskema()]);
    let said = json(&run(&["people", "--json"]));
    assert_eq!(said["people"][0]["name"], "Arvo Kaskema", "{said}");

    // Retracted, his statements teach nothing: he leaves the table; restored, he is back.
    let ids: Vec<String> = added["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect();
    assert!(!ids.is_empty());
    for id in &ids {
        run(&["retract", id, "--reason", "test"]);
    }
    assert_eq!(learned_rows(&url), vec![]);
    for id in &ids {
        run(&["restore", id]);
    }
    assert_eq!(learned_rows(&url), vec![kaskema()]);

    // A store copied into another database brings what it teaches.
    if let Some(other) = support::database::fresh("learned_people_copy") {
        let copied = stdout(&run(&["store", "copy", "--from", &url, "--to", &other]));
        assert!(
            copied.contains("1 people learned from the articles (0 names with two sides or more)"),
            "{copied}"
        );
        assert_eq!(learned_rows(&other), vec![kaskema()]);
    }

    // Wikidata gives him that office: he is no longer a person learned from the articles.
    let results = data.join("kaskema.json");
    std::fs::write(&results, KASKEMA_IN_WIKIDATA).expect("write results");
    run(&["people", "import", results.to_str().expect("path")]);
    assert_eq!(learned_rows(&url), vec![]);
}
