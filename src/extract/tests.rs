//! Tests of the extractor on the seed article, on the test articles in `tests/articles/` and on
//! hostile text, with a small gazetteer written for them.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::*;

const ENTITIES: &str = r#"{
    "organisations": [
        {"id": "EU", "name": "European Union", "flag": "🇪🇺", "aliases": ["EU", "Brussels", "European Commission"], "demonyms": ["European"]},
        {"id": "NATO", "name": "NATO", "flag": "🛡️", "aliases": ["North Atlantic Treaty Organization"]}
    ],
    "names": {"RU": "Russia", "GB": "United Kingdom", "US": "United States"},
    "capitals": {"DE": ["Berlin"], "UA": ["Kyiv", "Kiev"], "RU": ["Moscow", "Kremlin"], "FR": ["Paris"], "GB": ["London"], "JP": ["Tokyo"], "CA": ["Ottawa"]},
    "aliases": {"GB": ["Britain", "UK"], "US": ["America", "USA", "U.S."], "TR": ["Turkey"]},
    "demonyms": {"GB": ["British", "Britons"], "FR": ["French"]}
}"#;

const PEOPLE: &str = r#"[
    {"name": "Emmanuel Macron", "aliases": ["Macron"], "entity": "FR",
     "offices": [{"role": "President of France", "titles": ["president"], "from": "2017-05-14", "to": null}]},
    {"name": "Keir Starmer", "aliases": ["Starmer"], "entity": "GB",
     "offices": [{"role": "Prime Minister of the United Kingdom", "titles": ["prime minister"], "from": "2024-07-05", "to": null}]},
    {"name": "Friedrich Merz", "aliases": ["Merz"], "entity": "DE",
     "offices": [{"role": "Chancellor of Germany", "titles": ["chancellor", "federal chancellor"], "from": "2025-05-06", "to": null}]},
    {"name": "Olaf Scholz", "aliases": ["Scholz"], "entity": "DE",
     "offices": [{"role": "Chancellor of Germany", "titles": ["chancellor", "federal chancellor"], "from": "2021-12-08", "to": "2025-05-06"}]},
    {"name": "Giorgia Meloni", "aliases": ["Meloni"], "entity": "IT",
     "offices": [{"role": "Prime Minister of Italy", "titles": ["prime minister", "premier"], "from": "2022-10-22", "to": null}]},
    {"name": "António Costa", "aliases": ["Antonio Costa", "Costa"], "entity": "EU",
     "offices": [{"role": "President of the European Council", "titles": ["council president", "european council president", "president of the european council", "eu council president"], "from": "2024-12-01", "to": null}]},
    {"name": "Pedro Sánchez", "aliases": ["Pedro Sanchez", "Sanchez", "Sánchez"], "entity": "ES",
     "offices": [{"role": "Prime Minister of Spain", "titles": ["prime minister"], "from": "2018-06-02", "to": null}]},
    {"name": "Volodymyr Zelensky", "aliases": ["Zelensky", "Zelenskyy", "Volodymyr Zelenskyy"], "entity": "UA",
     "offices": [{"role": "President of Ukraine", "titles": ["president"], "from": "2019-05-20", "to": null}]},
    {"name": "Steve Witkoff", "aliases": ["Witkoff"], "entity": "US",
     "offices": [{"role": "Special Envoy for Peace Missions", "titles": ["special envoy"], "from": "2025-01-20", "to": null}]},
    {"name": "Donald Trump", "aliases": ["Trump"], "entity": "US",
     "offices": [{"role": "President of the United States", "titles": ["president"], "from": "2025-01-20", "to": null}]},
    {"name": "Mark Rutte", "aliases": ["Rutte"], "entity": "NATO",
     "offices": [{"role": "Secretary General of NATO", "titles": ["secretary general", "secretary-general"], "from": "2024-10-01", "to": null}]},
    {"name": "Dmitry Peskov", "aliases": ["Peskov"], "entity": "RU",
     "offices": [{"role": "Kremlin Press Secretary", "titles": ["kremlin spokesman", "spokesman", "press secretary"], "from": "2012-05-22", "to": null}]},
    {"name": "Vladimir Putin", "aliases": ["Putin"], "entity": "RU",
     "offices": [{"role": "President of Russia", "titles": ["president"], "from": "2012-05-07", "to": null}]}
]"#;

/// The test gazetteer, loaded once from files written to a temporary folder.
pub(crate) fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let dir: PathBuf =
            std::env::temp_dir().join(format!("positions-extract-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("entities.json"), ENTITIES).expect("write entities");
        std::fs::write(dir.join("people.json"), PEOPLE).expect("write people");
        let g = Gazetteer::load(&dir).expect("load test gazetteer");
        let _ = std::fs::remove_dir_all(&dir);
        g
    })
}

/// The seed article, exactly as received (flaws included).
const SEED: &str = include_str!("testdata/seed-coalition-paris-2026-01-07.txt");

fn key(e: Option<EntityId>) -> String {
    e.map(|e| gaz().entity(e).key.clone())
        .unwrap_or_else(|| "-".into())
}

fn show(all: &[Extracted]) -> String {
    all.iter()
        .map(|s| {
            let m: Vec<String> = s.mentions.iter().map(|&e| key(Some(e))).collect();
            format!(
                "{} {:?} [{} | {}] {} {:?} <{}>",
                s.paragraph,
                s.kind,
                s.speaker.name,
                s.speaker.role.as_deref().unwrap_or("-"),
                key(s.entity),
                m,
                s.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_offsets(body: &str, all: &[Extracted]) {
    for s in all {
        assert_eq!(&body[s.start..s.end], s.text, "offsets of {:?}", s.text);
        assert!(!s.text.is_empty());
    }
}

#[test]
fn print_seed() {
    let body = SEED;
    let all = extract(body, Some("2026-01-07"), gaz());
    check_offsets(body, &all);
    println!("{}", show(&all));
}
