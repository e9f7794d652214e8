use std::path::Path;

use super::wikidata::{read_results, titles_of, QUERY};
use super::*;
use crate::entities::{Gazetteer, WIKIDATA_PEOPLE_FILE};
use crate::model::{Kind, Speaker};

fn project_data() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

fn gazetteer() -> Gazetteer {
    Gazetteer::load(project_data()).expect("the project's gazetteer")
}

fn row(
    person: &str,
    label: &str,
    office: &str,
    side: &str,
    start: &str,
    end: Option<&str>,
) -> String {
    let end = end
        .map(|e| format!(r#", "end": {{"type": "literal", "value": "{e}T00:00:00Z"}}"#))
        .unwrap_or_default();
    format!(
        r#"{{"person": {{"type": "uri", "value": "http://www.wikidata.org/entity/{person}"}},
            "personLabel": {{"type": "literal", "value": "{label}"}},
            "officeLabel": {{"type": "literal", "value": "{office}"}},
            "side": {{"type": "uri", "value": "http://www.wikidata.org/entity/{side}"}},
            "start": {{"type": "literal", "value": "{start}T00:00:00Z"}}{end}}}"#
    )
}

fn results(rows: &[String]) -> Vec<u8> {
    format!(
        r#"{{"head": {{"vars": ["person", "personLabel", "personAltLabel", "officeLabel", "side", "start", "end"]}},
            "results": {{"bindings": [{}]}}}}"#,
        rows.join(",")
    )
    .into_bytes()
}

#[test]
fn a_person_wikidata_lists_for_two_sides_is_read_by_date_and_never_outside_a_term() {
    let g = gazetteer();
    let json = results(&[
        row(
            "Q900",
            "Maarten Vos",
            "Prime Minister of the Netherlands",
            "Q55",
            "2010-10-14",
            Some("2024-07-02"),
        ),
        row(
            "Q900",
            "Maarten Vos",
            "Secretary General of NATO",
            "Q7184",
            "2024-10-01",
            None,
        ),
    ]);
    let import = read_results(&json, &g).expect("results");
    assert_eq!(import.people.len(), 2, "one record a side");
    assert!(import.bad_rows.is_empty());

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        project_data().join("entities.json"),
        dir.path().join("entities.json"),
    )
    .expect("copy");
    let file = import.file("test", "2026-12-06");
    std::fs::write(
        dir.path().join(WIKIDATA_PEOPLE_FILE),
        serde_json::to_vec(&file).expect("json"),
    )
    .expect("write");
    let g = Gazetteer::load(dir.path()).expect("load with Wikidata people");
    let side = |date: &str| {
        g.person_for_name("Vos", None, Some(date))
            .map(|q| g.entity(g.person(q).entity).key.clone())
    };
    assert_eq!(side("2020-05-01").as_deref(), Some("NL"));
    assert_eq!(side("2025-05-01").as_deref(), Some("NATO"));
    assert_eq!(side("2024-08-15"), None, "between the terms: no guess");
    assert_eq!(side("2005-01-01"), None, "before every term: no guess");
    // The article's own side wins.
    let nl = g.by_key("NL");
    assert!(g
        .person_for_name("Maarten Vos", nl, Some("2025-05-01"))
        .is_some());
    assert_eq!(g.wikidata_refreshed(), Some("2026-12-06"));
}

#[test]
fn rows_that_cannot_be_read_are_numbered_and_the_rest_kept() {
    let g = gazetteer();
    let mut bad_uri = row(
        "Q901",
        "Ana Ruiz",
        "Minister of Foreign Affairs",
        "Q29",
        "2023-11-20",
        None,
    );
    bad_uri = bad_uri.replace("http://www.wikidata.org/entity/Q901", "urn:x:901");
    let json = results(&[
        row(
            "Q902",
            "Q902",
            "President of France",
            "Q142",
            "2017-05-14",
            None,
        ),
        bad_uri,
        row(
            "Q903",
            "Lena Berg",
            "Minister for Foreign Affairs",
            "Q34",
            "2022-10-18",
            None,
        ),
    ]);
    let import = read_results(&json, &g).expect("results");
    let bad: Vec<String> = import.bad_rows.iter().map(ToString::to_string).collect();
    assert_eq!(
        bad,
        [
            "row 1: `personLabel` is no name: `Q902`",
            "row 2: `person` is not a Wikidata item URI: `urn:x:901`"
        ]
    );
    assert_eq!(import.people.len(), 1);
    assert_eq!(import.people[0].entity, "SE");
    assert_eq!(
        import.people[0].offices[0].titles,
        ["foreign minister", "foreign secretary"]
    );
    assert!(read_results(b"not json", &g).is_err());
}

#[test]
fn office_labels_give_the_words_news_uses() {
    assert_eq!(titles_of("Federal Chancellor of Germany"), ["chancellor"]);
    assert_eq!(
        titles_of("Prime Minister of Japan"),
        ["prime minister", "premier"]
    );
    assert_eq!(
        titles_of("Minister of Defence of Estonia"),
        ["defence minister", "defense minister"]
    );
    assert_eq!(
        titles_of("United States Secretary of State"),
        [
            "foreign minister",
            "foreign secretary",
            "secretary of state"
        ]
    );
    assert!(titles_of("Spokesperson of the Ministry of Foreign Affairs")
        .contains(&"foreign ministry spokesperson".to_string()));
}

fn statement(article: &str, name: &str, role: Option<&str>, entity: Option<&str>) -> Statement {
    Statement {
        id: format!("s-{article}-{name}").into(),
        text: "We will help.".into(),
        kind: Kind::Direct,
        speaker: Speaker {
            name: name.into(),
            role: role.map(Into::into),
        },
        entity: entity.map(str::to_string),
        mentions: Vec::new(),
        article: article.into(),
        paragraph: 1,
    }
}

fn article(id: &str, published: &str) -> Article {
    Article {
        id: id.into(),
        published: Some(published.into()),
        ..Article::default()
    }
}

#[test]
fn only_introductions_teach_and_two_sides_are_a_conflict() {
    let g = gazetteer();
    let articles = [
        article("a", "2026-03-01"),
        article("b", "2026-03-08"),
        article("c", "2026-04-01"),
    ];
    let statements = [
        // An introduction: a full name, an office, a side.
        statement(
            "a",
            "Tarja Lind",
            Some("Finnish Foreign Minister"),
            Some("FI"),
        ),
        statement("b", "Tarja Lind", Some("Foreign Minister"), Some("FI")),
        // No office, no side, one word, a body: no evidence.
        statement("b", "Tarja Lind", None, Some("FI")),
        statement("b", "Jonas Berg", Some("analyst"), None),
        statement("b", "Lind", Some("Foreign Minister"), Some("FI")),
        statement("b", "Foreign Ministry", Some("spokesperson"), Some("FI")),
        // The table's own office for a person it knows: not learned.
        statement(
            "c",
            "Friedrich Merz",
            Some("Chancellor of Germany"),
            Some("DE"),
        ),
        // One name, two sides.
        statement(
            "a",
            "Omar Haddad",
            Some("Jordanian Foreign Minister"),
            Some("JO"),
        ),
        statement(
            "c",
            "Omar Haddad",
            Some("Lebanese Defence Minister"),
            Some("LB"),
        ),
    ];
    let learned = learn(&g, &articles, &statements);
    assert_eq!(learned.people.len(), 1, "{learned:?}");
    let lind = &learned.people[0];
    assert_eq!(lind.name, "Tarja Lind");
    assert_eq!(lind.short, ["Lind"]);
    assert_eq!(lind.side, "FI");
    assert_eq!(lind.first_seen.as_deref(), Some("2026-03-01"));
    assert_eq!(lind.last_seen.as_deref(), Some("2026-03-08"));
    assert_eq!(lind.articles, ["a", "b"]);
    assert_eq!(learned.conflicts.len(), 1);
    assert_eq!(learned.conflicts[0].name, "Omar Haddad");

    // Merged: the window is a year either side of the evidence.
    let merged = g.with_learned(&for_gazetteer(&learned));
    let fi = |date: &str| merged.person_for_name("Lind", None, Some(date)).is_some();
    assert!(fi("2026-03-20"));
    assert!(fi("2027-03-08"));
    assert!(!fi("2027-03-10"));
    assert!(!fi("2025-02-27"));
    assert!(merged.resolve("Haddad").is_none());
    assert_eq!(merged.sharing("Omar Haddad").map(<[_]>::len), Some(2));
    let warnings = warnings(&merged, &learned);
    assert_eq!(
        warnings,
        ["Omar Haddad: the articles give two sides (Jordan as Jordanian Foreign Minister in a; Lebanon as Lebanese Defence Minister in c); a bare mention gets no side"]
    );
}

#[test]
fn the_readme_gives_the_query_verbatim() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(
        readme.contains(QUERY),
        "README.md must quote wikidata::QUERY as it is"
    );
}

#[test]
fn precedence_wikidata_then_learned_then_shipped() {
    let g = gazetteer();
    let articles = [article("a", "2026-03-01")];
    // The articles place a shipped person on another side: the learned side wins over the list.
    let statements = [statement(
        "a",
        "Keir Starmer",
        Some("Irish Taoiseach"),
        Some("IE"),
    )];
    let learned = learn(&g, &articles, &statements);
    let merged = g.with_learned(&for_gazetteer(&learned));
    let side = |g: &Gazetteer| {
        g.person_for_name("Keir Starmer", None, Some("2026-03-02"))
            .map(|q| {
                (
                    g.entity(g.person(q).entity).key.clone(),
                    g.person(q).source.label(),
                )
            })
    };
    assert_eq!(side(&g), Some(("GB".to_string(), "shipped")));
    assert_eq!(side(&merged), Some(("IE".to_string(), "learned")));

    // A refresh that has the name wins over both, and check says the articles disagree.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        project_data().join("entities.json"),
        dir.path().join("entities.json"),
    )
    .expect("copy");
    std::fs::copy(
        project_data().join("people.json"),
        dir.path().join("people.json"),
    )
    .expect("copy");
    let json = results(&[row(
        "Q6467393",
        "Keir Starmer",
        "Prime Minister of the United Kingdom",
        "Q145",
        "2024-07-05",
        None,
    )]);
    let import = read_results(&json, &g).expect("results");
    std::fs::write(
        dir.path().join(WIKIDATA_PEOPLE_FILE),
        serde_json::to_vec(&import.file("test", "2026-12-06")).expect("json"),
    )
    .expect("write");
    let refreshed = Gazetteer::load(dir.path()).expect("load");
    let merged = refreshed.with_learned(&for_gazetteer(&learned));
    assert_eq!(side(&merged), Some(("GB".to_string(), "wikidata")));
    assert_eq!(
        warnings(&merged, &learned),
        ["Keir Starmer: wikidata says United Kingdom, the articles Ireland (a)"]
    );
}
