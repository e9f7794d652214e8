//! Unit tests of the gazetteer on a small hand-made data set.

use super::*;

pub(crate) fn sample() -> Gazetteer {
    let entities: EntitiesFile = serde_json::from_str(
        r#"{
        "organisations": [
            {"id": "EU", "name": "European Union", "flag": "🇪🇺", "aliases": ["EU", "Brussels", "European Commission"], "demonyms": ["European"]},
            {"id": "NATO", "name": "NATO", "flag": "🛡️", "aliases": ["North Atlantic Treaty Organization"]}
        ],
        "names": {"RU": "Russia", "GB": "United Kingdom", "US": "United States"},
        "capitals": {"DE": ["Berlin"], "UA": ["Kyiv", "Kiev"], "RU": ["Moscow", "Kremlin"], "FR": ["Paris"], "GB": ["London"]},
        "aliases": {"GB": ["Britain", "UK"], "US": ["America", "USA", "U.S."], "TR": ["Turkey"]},
        "demonyms": {"GB": ["British", "Britons"], "FR": ["French"]}
    }"#,
    )
    .unwrap();
    let people: Vec<PersonRecord> = serde_json::from_str(
        r#"[
        {"name": "Friedrich Merz", "aliases": ["Merz"], "entity": "DE",
         "offices": [{"role": "Chancellor of Germany", "titles": ["chancellor"], "from": "2025-05-06", "to": null}]},
        {"name": "Olaf Scholz", "aliases": ["Scholz"], "entity": "DE",
         "offices": [{"role": "Chancellor of Germany", "titles": ["chancellor"], "from": "2021-12-08", "to": "2025-05-06"}]},
        {"name": "Emmanuel Macron", "aliases": ["Macron"], "entity": "FR",
         "offices": [{"role": "President of France", "titles": ["president"], "from": "2017-05-14", "to": null}]},
        {"name": "Pedro Sánchez", "aliases": ["Pedro Sanchez", "Sanchez"], "entity": "ES",
         "offices": [{"role": "Prime Minister of Spain", "titles": ["prime minister"], "from": "2018-06-02", "to": null}]}
    ]"#,
    )
    .unwrap();
    match Gazetteer::build(&entities, &people) {
        Ok(g) => g,
        Err((_, m)) => panic!("{m}"),
    }
}

fn name_of(g: &Gazetteer, query: &str) -> Option<String> {
    g.resolve(query).map(|r| g.entity(r.entity).name.clone())
}

#[test]
fn names_demonyms_capitals_leaders_native_names() {
    let g = sample();
    for q in [
        "germany",
        "Germany",
        "the Germans",
        "German",
        "Deutschland",
        "Allemagne",
        "Berlin",
        "Merz",
        "friedrich merz",
        "Germany's",
        "DE",
        "the German chancellor",
    ] {
        assert_eq!(name_of(&g, q).as_deref(), Some("Germany"), "query {q:?}");
    }
    assert_eq!(name_of(&g, "Kiev").as_deref(), Some("Ukraine"));
    assert_eq!(name_of(&g, "Kyiv").as_deref(), Some("Ukraine"));
    assert_eq!(
        name_of(&g, "the British").as_deref(),
        Some("United Kingdom")
    );
    assert_eq!(name_of(&g, "UK").as_deref(), Some("United Kingdom"));
    assert_eq!(name_of(&g, "Türkiye").as_deref(), Some("Türkiye"));
    assert_eq!(name_of(&g, "turkey").as_deref(), Some("Türkiye"));
    assert_eq!(name_of(&g, "Brussels").as_deref(), Some("European Union"));
    assert_eq!(name_of(&g, "the EU").as_deref(), Some("European Union"));
    assert_eq!(name_of(&g, "Kremlin").as_deref(), Some("Russia"));
}

#[test]
fn diacritics_and_typos() {
    let g = sample();
    assert_eq!(name_of(&g, "Pedro Sanchez").as_deref(), Some("Spain"));
    assert_eq!(name_of(&g, "Sánchez").as_deref(), Some("Spain"));
    assert_eq!(name_of(&g, "germny").as_deref(), Some("Germany"));
    assert_eq!(name_of(&g, "Deutchland").as_deref(), Some("Germany"));
    assert_eq!(name_of(&g, "Ukriane").as_deref(), Some("Ukraine"));
    assert!(matches!(
        g.resolve("germny").unwrap().how,
        MatchKind::Fuzzy { distance: 1 }
    ));
}

#[test]
fn misses_get_suggestions_not_guesses() {
    let g = sample();
    assert_eq!(name_of(&g, "Atlantis"), None);
    assert_eq!(name_of(&g, "itly"), None, "four letters get no typo budget");
    let s: Vec<String> = g
        .suggest("itly", 3)
        .iter()
        .map(|&e| g.entity(e).name.clone())
        .collect();
    assert!(s.contains(&"Italy".to_string()), "{s:?}");
    assert_eq!(name_of(&g, ""), None);
    assert_eq!(name_of(&g, "the"), None);
}

#[test]
fn office_holders_by_date() {
    let g = sample();
    let de = g.by_key("DE").unwrap();
    let now = g.holders(Some(de), "Chancellor", Some("2026-01-07"));
    assert_eq!(now.len(), 1);
    assert_eq!(g.person(now[0].0).name, "Friedrich Merz");
    let then = g.holders(Some(de), "chancellor", Some("2024-03-01"));
    assert_eq!(g.person(then[0].0).name, "Olaf Scholz");
    assert_eq!(g.people_named("Pedro Sanchez").len(), 1);
}

#[test]
fn scanning_text_respects_capitals_and_codes() {
    let g = sample();
    let text = "German troops could join, the US said; Kiev’s staunchest supporter is not us. Roast turkey.";
    let names: Vec<&str> = g.scan(text).iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(names, vec!["German", "US", "Kiev"]);
    let text = "Bosnia and Herzegovina and the United Kingdom met Merz.";
    let found: Vec<String> = g
        .scan(text)
        .iter()
        .map(|m| g.entity(m.entity).name.clone())
        .collect();
    assert_eq!(
        found,
        vec!["Bosnia and Herzegovina", "United Kingdom", "Germany"]
    );
}

#[test]
fn prefixes_for_autocomplete() {
    let g = sample();
    let ger = g.aliases_with_prefix("ger");
    assert!(ger.iter().any(|a| a.text == "Germany"));
    assert!(ger.iter().all(|a| a.folded.starts_with("ger")));
}
