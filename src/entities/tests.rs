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

/// A small gazetteer with sides, institutions, a shared name and a place that is no side.
fn with_sides() -> Gazetteer {
    let entities: EntitiesFile = serde_json::from_str(
        r#"{
        "demonyms": {"CD": ["Congolese"], "CG": ["Congolese"], "NG": ["Nigerian"]},
        "sides": [
            {"id": "XK", "name": "Kosovo", "kind": "state", "flag": "🇽🇰", "demonyms": ["Kosovar"], "capitals": ["Pristina"]},
            {"id": "HAMAS", "name": "Hamas", "kind": "movement", "flag": "🏴"},
            {"id": "HOUTHIS", "name": "Houthis", "kind": "movement", "flag": "🏴", "aliases": ["Houthi", "Ansar Allah"]},
            {"id": "GL", "name": "Greenland", "kind": "territory", "flag": "🇬🇱", "within": "DK"},
            {"id": "GB-SCT", "name": "Scotland", "kind": "subnational", "flag": "🏴", "demonyms": ["Scottish"]}
        ],
        "institutions": [
            {"entity": "US", "is": "foreign ministry", "names": ["State Department", "Foggy Bottom"]},
            {"entity": "FR", "is": "foreign ministry", "names": ["Quai d'Orsay"]}
        ],
        "ambiguous": [{"name": "Korean", "sides": ["KR", "KP"]}],
        "not_names": [{"side": "NE", "name": "Nigerian"}],
        "not_sides": ["the Americas"]
    }"#,
    )
    .unwrap();
    let people: Vec<PersonRecord> = serde_json::from_str(
        r#"[
        {"name": "Christopher Luxon", "aliases": ["Luxon"], "entity": "NZ",
         "offices": [{"role": "Prime Minister of New Zealand", "from": "2023-11-27", "to": null}]},
        {"name": "Narendra Modi", "aliases": ["Modi"], "entity": "IN",
         "offices": [{"role": "Prime Minister of India", "from": "2014-05-26", "to": null}]}
    ]"#,
    )
    .unwrap();
    match Gazetteer::build(&entities, &people) {
        Ok(g) => g,
        Err((_, m)) => panic!("{m}"),
    }
}

fn key_of(g: &Gazetteer, query: &str) -> Option<String> {
    g.resolve(query).map(|r| g.entity(r.entity).key.clone())
}

#[test]
fn sides_have_their_kind_and_never_fold_into_a_state() {
    let g = with_sides();
    let kind = |q: &str| g.resolve(q).map(|r| g.entity(r.entity).side);
    assert_eq!(kind("Hamas"), Some(SideKind::Movement));
    assert_eq!(kind("Ansar Allah"), Some(SideKind::Movement));
    assert_eq!(kind("Greenland"), Some(SideKind::Territory));
    assert_eq!(kind("Scotland"), Some(SideKind::Subnational));
    assert_eq!(kind("Kosovo"), Some(SideKind::State));
    assert_eq!(kind("Pristina"), Some(SideKind::State));
    assert_eq!(kind("Germany"), Some(SideKind::State));
    // The extractor's view: a movement speaks as an organisation, a territory as a country.
    let hamas = g.by_key("HAMAS").unwrap();
    assert_eq!(g.entity(hamas).kind, EntityKind::Organisation);
    let scotland = g.by_key("GB-SCT").unwrap();
    assert_eq!(g.entity(scotland).kind, EntityKind::Country);
    assert_eq!(g.entity(scotland).demonym.as_deref(), Some("Scottish"));
}

#[test]
fn institutions_stand_for_their_government() {
    let g = with_sides();
    assert_eq!(key_of(&g, "state department").as_deref(), Some("US"));
    assert_eq!(key_of(&g, "Foggy Bottom").as_deref(), Some("US"));
    assert_eq!(key_of(&g, "quai d'orsay").as_deref(), Some("FR"));
    let text = "The State Department said on Monday that talks would resume.";
    let m = g.scan(text);
    assert_eq!(&text[m[0].start..m[0].end], "State Department");
    assert_eq!(m[0].kind, AliasKind::Capital);
}

#[test]
fn shared_names_resolve_to_none_and_say_who_shares_them() {
    let g = with_sides();
    // Detected: two countries with the same demonym.
    assert_eq!(key_of(&g, "Congolese"), None);
    let mut sharing: Vec<String> = g
        .sharing("Congolese")
        .unwrap()
        .iter()
        .map(|&e| g.entity(e).key.clone())
        .collect();
    sharing.sort();
    assert_eq!(sharing, ["CD", "CG"]);
    // Declared in the data, and no typo of a neighbour stands in for it.
    assert_eq!(key_of(&g, "Korean"), None);
    assert_eq!(key_of(&g, "Koreans"), None);
    assert_eq!(g.suggest("Korean", 5).len(), 2);
    // A wrong name of the country data is dropped: Nigerian is Nigeria's only.
    assert_eq!(key_of(&g, "Nigerian").as_deref(), Some("NG"));
    assert_eq!(g.sharing("Nigerian"), None);
}

#[test]
fn typos_keep_the_first_letter_whole_words_and_a_smaller_budget_for_people() {
    let g = with_sides();
    assert_eq!(key_of(&g, "Grenland").as_deref(), Some("GL"));
    assert_eq!(
        key_of(&g, "Luzon"),
        None,
        "one letter from Luxon, a short surname"
    );
    assert_eq!(key_of(&g, "Luxon").as_deref(), Some("NZ"));
    assert_eq!(key_of(&g, "Siberia"), None, "not Liberia");
    assert_eq!(key_of(&g, "Iberia"), None, "not Liberia");
    assert_eq!(key_of(&g, "united kingdon").as_deref(), Some("GB"));
    assert_eq!(key_of(&g, "south america"), None, "not South Africa");
    assert_eq!(key_of(&g, "latin america"), None, "not America");
    assert_eq!(key_of(&g, "the americas"), None, "listed as no side");
    assert_eq!(key_of(&g, "the andes"), None, "a plural is no code");
    assert_eq!(key_of(&g, "south sudan").as_deref(), Some("SS"));
    assert_eq!(key_of(&g, "the german chancellor").as_deref(), Some("DE"));
    assert_eq!(
        key_of(&g, "german troops"),
        None,
        "troops is no office word"
    );
}

#[test]
fn translations_match_exactly_but_not_with_typos() {
    let g = with_sides();
    // Swedish for Greece is a translation: exact only.
    assert_eq!(key_of(&g, "Grekland").as_deref(), Some("GR"));
    assert_ne!(key_of(&g, "Grekkland").as_deref(), Some("GR"));
    // A country's name in its own language is typed like an English one.
    assert_eq!(key_of(&g, "Deutchland").as_deref(), Some("DE"));
}

#[test]
fn suggestions_are_close_or_nothing() {
    let g = with_sides();
    let names = |q: &str| -> Vec<String> {
        g.suggest(q, 5)
            .iter()
            .map(|&e| g.entity(e).name.clone())
            .collect()
    };
    assert!(names("narnia").is_empty(), "{:?}", names("narnia"));
    assert!(names("geneva").is_empty(), "{:?}", names("geneva"));
    assert!(names("Gxrmxny").contains(&"Germany".to_string()));
    assert!(names("kos").contains(&"Kosovo".to_string()));
}
