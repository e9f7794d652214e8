//! The gazetteer against the project's data: every name resolves to its own side, names several
//! sides share resolve to none, names that are no side (regions, cities, seas, agencies) resolve
//! to nothing, and the examples of issue 11 get the replies a user should see.

use std::path::Path;
use std::sync::OnceLock;

use positions::answer::ask;
use positions::answer::reply::Outcome;
use positions::entities::{AliasKind, Gazetteer};
use positions::index::Index;
use positions::store::Store;

fn data() -> &'static Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load(data()).expect("the project's gazetteer loads"))
}

/// An index over the real gazetteer and an empty store: every side is silent.
fn index() -> Index {
    let g = Gazetteer::load(data()).expect("gazetteer");
    Index::build(g, Store::default())
}

fn key_of(query: &str) -> Option<String> {
    let g = gazetteer();
    g.resolve(query).map(|r| g.entity(r.entity).key.clone())
}

#[test]
fn every_name_of_the_gazetteer_resolves_to_its_own_side() {
    let g = gazetteer();
    let mut wrong = Vec::new();
    for a in g.aliases() {
        let got = g.resolve(&a.text).map(|r| r.entity);
        let ok = match g.sharing(&a.text) {
            // A shared name answers with nobody.
            Some(sides) => got.is_none() && sides.contains(&a.entity),
            None => {
                // The name may belong to another side by a better kind (a country's name over
                // another's translation); then it must resolve to the side that holds it best.
                let best = g
                    .aliases()
                    .iter()
                    .filter(|b| b.folded == a.folded)
                    .map(|b| b.kind)
                    .min();
                got == Some(a.entity) || (best < Some(a.kind) && got.is_some())
            }
        };
        if !ok {
            wrong.push(format!(
                "{:?} ({:?} of {}) resolves to {:?}",
                a.text,
                a.kind,
                g.entity(a.entity).key,
                got.map(|e| g.entity(e).key.clone())
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} names:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn names_people_type_win_over_translations_only_by_kind() {
    // The names a reader types are never lost to another side's translation.
    let g = gazetteer();
    let mut lost = Vec::new();
    for a in g.aliases() {
        if matches!(a.kind, AliasKind::Name | AliasKind::Demonym) && g.sharing(&a.text).is_none() {
            if let Some(r) = g.resolve(&a.text) {
                if r.entity != a.entity {
                    lost.push(format!("{} → {}", a.text, g.entity(r.entity).name));
                }
            }
        }
    }
    assert!(lost.is_empty(), "{lost:?}");
}

#[test]
fn every_demonym_maps_to_the_one_right_country_or_to_none() {
    let want: &[(&str, Option<&str>)] = &[
        ("Nigerian", Some("NG")),
        ("Nigerians", Some("NG")),
        ("Nigerien", Some("NE")),
        ("Congolese", None),
        ("Guinean", None),
        ("Bissau-Guinean", Some("GW")),
        ("Equatorial Guinean", Some("GQ")),
        ("Dominican", None),
        ("Korean", None),
        ("South Korean", Some("KR")),
        ("North Korean", Some("KP")),
        ("Sudanese", Some("SD")),
        ("South Sudanese", Some("SS")),
        ("Emirati", Some("AE")),
        ("Saudi", Some("SA")),
        ("Kiwi", Some("NZ")),
        ("Salvadoran", Some("SV")),
        ("Kosovar", Some("XK")),
        ("Greenlandic", Some("GL")),
        ("Scottish", Some("GB-SCT")),
        ("Kurdish", None),
        ("Palestinian", Some("PS")),
        ("Austrian", Some("AT")),
        ("Australian", Some("AU")),
        ("Slovak", Some("SK")),
        ("Slovenian", Some("SI")),
        ("Iranian", Some("IR")),
        ("Iraqi", Some("IQ")),
    ];
    for (demonym, key) in want {
        assert_eq!(key_of(demonym).as_deref(), *key, "{demonym}");
    }
    // Every demonym of the gazetteer: its own side, or none where several share it.
    let g = gazetteer();
    for a in g.aliases().iter().filter(|a| a.kind == AliasKind::Demonym) {
        let got = g.resolve(&a.text).map(|r| r.entity);
        match g.sharing(&a.text) {
            Some(_) => assert_eq!(got, None, "{} is shared", a.text),
            None => assert_eq!(
                got.map(|e| g.entity(e).key.clone()),
                Some(g.entity(a.entity).key.clone()),
                "{}",
                a.text
            ),
        }
    }
    // In running text too: "Nigerian President Bola Tinubu" is Nigeria's.
    let text = "Nigerian President Bola Tinubu met Nigerien officials.";
    let keys: Vec<String> = g
        .scan(text)
        .iter()
        .map(|m| g.entity(m.entity).key.clone())
        .collect();
    assert_eq!(keys, ["NG", "NG", "NE"]);
}

/// Names the news uses that are no side: regions, cities, seas and straits, rivers and
/// mountains, news agencies and papers, and words a reader may type by mistake.
const NOT_SIDES: &[&str] = &[
    // Regions
    "the Sahel",
    "the Balkans",
    "Latin America",
    "the Middle East",
    "the Caucasus",
    "the Arctic",
    "Scandinavia",
    "the Maghreb",
    "the Levant",
    "the Gulf",
    "Persian Gulf",
    "Horn of Africa",
    "Central Asia",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Asia",
    "Africa",
    "Europe",
    "Eastern Europe",
    "Western Europe",
    "Central Europe",
    "North America",
    "South America",
    "Central America",
    "the Americas",
    "the Caribbean",
    "Oceania",
    "the Pacific",
    "Indo-Pacific",
    "Asia-Pacific",
    "the Baltics",
    "the Nordics",
    "Benelux",
    "Iberia",
    "Iberian Peninsula",
    "Anatolia",
    "Mesopotamia",
    "Siberia",
    "the Far East",
    "the Near East",
    "Sub-Saharan Africa",
    "West Africa",
    "East Africa",
    "North Africa",
    "Southern Africa",
    "Central Africa",
    "the Great Lakes",
    "Patagonia",
    "the Amazon",
    "Kashmir",
    "Donbas",
    "Donbass",
    "Crimea",
    "Transnistria",
    "Abkhazia",
    "South Ossetia",
    "Nagorno-Karabakh",
    "Karabakh",
    "Darfur",
    "Kordofan",
    "Tigray",
    "Amhara",
    "Cabo Delgado",
    "Sinai",
    "Negev",
    "Golan Heights",
    "Golan",
    "West Bank",
    "Gaza Strip",
    "East Jerusalem",
    "Idlib",
    "Rojava",
    "Balochistan",
    "Khyber Pakhtunkhwa",
    "Xinjiang",
    "Tibet",
    "Inner Mongolia",
    "Manchuria",
    "Kuril Islands",
    "Kurils",
    "Sakhalin",
    "Kaliningrad",
    "Chechnya",
    "Dagestan",
    "Belgorod",
    "Kursk",
    "Bryansk",
    "Kherson",
    "Zaporizhzhia",
    "Donetsk",
    "Luhansk",
    "Kharkiv",
    "Odesa",
    "Mariupol",
    "Bakhmut",
    "Avdiivka",
    "Pokrovsk",
    "Mindanao",
    "Aceh",
    "Papua",
    "Bougainville",
    "Punjab",
    "Sindh",
    "Bavaria",
    "Saxony",
    "Flanders",
    "Wallonia",
    "Lombardy",
    "Sicily",
    "Sardinia",
    "Corsica",
    "Brittany",
    "Normandy",
    "Andalusia",
    "Basque Country",
    "Galicia",
    "Silesia",
    "Transylvania",
    "Moravia",
    "Bohemia",
    "Lapland",
    "Jutland",
    "Yorkshire",
    "Cornwall",
    "Texas",
    "California",
    "Florida",
    "Alaska",
    "Hawaii",
    "Ontario",
    "Alberta",
    "British Columbia",
    "Queensland",
    "Tasmania",
    "Sumatra",
    "Borneo",
    "Java",
    "Luzon",
    "Hokkaido",
    "Okinawa",
    "Kyushu",
    "the Himalayas",
    "the Alps",
    "the Andes",
    "the Urals",
    "the Sahara",
    "the Pyrenees",
    "Antarctica",
    "the Antarctic",
    "Eurasia",
    "the West",
    "Global South",
    "the global south",
    // Cities
    "Geneva",
    "Davos",
    "Munich",
    "New York",
    "Los Angeles",
    "Chicago",
    "San Francisco",
    "Houston",
    "Miami",
    "Boston",
    "Toronto",
    "Montreal",
    "Vancouver",
    "Sydney",
    "Melbourne",
    "Shanghai",
    "Hangzhou",
    "Shenzhen",
    "Guangzhou",
    "Mumbai",
    "Bombay",
    "Kolkata",
    "Chennai",
    "Bangalore",
    "Karachi",
    "Lahore",
    "Istanbul",
    "Izmir",
    "Antalya",
    "Dubai",
    "Sharm el-Sheikh",
    "Jeddah",
    "Alexandria",
    "Casablanca",
    "Marrakech",
    "Lagos",
    "Johannesburg",
    "Durban",
    "Mombasa",
    "Goma",
    "Bukavu",
    "Omdurman",
    "El Fasher",
    "Wad Madani",
    "Aleppo",
    "Homs",
    "Mosul",
    "Basra",
    "Tabriz",
    "Isfahan",
    "Mashhad",
    "Herat",
    "Kandahar",
    "Osaka",
    "Kyoto",
    "Hiroshima",
    "Nagasaki",
    "Busan",
    "Incheon",
    "Ho Chi Minh City",
    "Saigon",
    "Hanoi City",
    "St Petersburg",
    "Saint Petersburg",
    "Novosibirsk",
    "Yekaterinburg",
    "Vladivostok",
    "Sochi",
    "Minsk City",
    "Lviv",
    "Dnipro",
    "Hamburg",
    "Frankfurt",
    "Cologne",
    "Milan",
    "Naples",
    "Turin",
    "Venice",
    "Florence",
    "Marseille",
    "Lyon",
    "Strasbourg",
    "Nice",
    "Bordeaux",
    "Seville",
    "Valencia",
    "Bilbao",
    "Porto",
    "Rotterdam",
    "Antwerp",
    "Gdansk",
    "Krakow",
    "Salzburg",
    "Zurich",
    "Basel",
    "Lausanne",
    "Gothenburg",
    "Bergen",
    "Aarhus",
    "Manchester",
    "Birmingham",
    "Liverpool",
    "Glasgow",
    "Dover",
    "Calais",
    "Rio de Janeiro",
    "Sao Paulo",
    "São Paulo",
    "Buenos Aires City",
    "Guadalajara",
    "Monterrey",
    "Tijuana",
    "Medellin",
    "Cartagena",
    "Camp David",
    "Mar-a-Lago",
    "Anchorage",
    "Alaska summit",
    "Sharm",
    "Doha Forum",
    "Munich Security Conference",
    "Shangri-La Dialogue",
    "Davos forum",
    // Seas, straits, rivers
    "the Black Sea",
    "the Red Sea",
    "the Baltic Sea",
    "the Mediterranean",
    "Mediterranean Sea",
    "the North Sea",
    "the South China Sea",
    "the East China Sea",
    "the Sea of Japan",
    "the Yellow Sea",
    "the Caspian Sea",
    "the Sea of Azov",
    "the Arabian Sea",
    "Gulf of Aden",
    "Gulf of Oman",
    "Gulf of Mexico",
    "Gulf of America",
    "Gulf of Guinea",
    "Bay of Bengal",
    "the Adriatic",
    "the Aegean",
    "the Atlantic",
    "the Indian Ocean",
    "the Arctic Ocean",
    "Strait of Hormuz",
    "Hormuz",
    "Bab el-Mandeb",
    "Bab al-Mandab",
    "the Bosphorus",
    "the Dardanelles",
    "Taiwan Strait",
    "the Taiwan Strait",
    "Strait of Malacca",
    "Malacca Strait",
    "Kerch Strait",
    "Strait of Gibraltar",
    "the English Channel",
    "the Channel",
    "Suez Canal",
    "Panama Canal",
    "the Nile",
    "the Danube",
    "the Dnipro River",
    "the Dnieper",
    "the Rhine",
    "the Euphrates",
    "the Tigris",
    "the Jordan River",
    "the Mekong",
    "the Yangtze",
    "the Indus",
    "the Ganges",
    "Lake Chad",
    "Lake Victoria",
    // News agencies, papers, broadcasters
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "Xinhua",
    "TASS",
    "RIA Novosti",
    "Interfax",
    "Ukrinform",
    "Anadolu",
    "Anadolu Agency",
    "Kyodo",
    "Yonhap",
    "KCNA",
    "IRNA",
    "Tasnim",
    "Fars",
    "WAFA",
    "SANA",
    "ANSA",
    "EFE",
    "dpa",
    "DPA",
    "Bloomberg",
    "BBC",
    "CNN",
    "Al Jazeera",
    "Al Arabiya",
    "Sky News",
    "Fox News",
    "NPR",
    "The Guardian",
    "The Times",
    "Financial Times",
    "The Economist",
    "New York Times",
    "Washington Post",
    "Wall Street Journal",
    "Politico",
    "Axios",
    "Le Monde",
    "Le Figaro",
    "Der Spiegel",
    "Die Zeit",
    "Frankfurter Allgemeine",
    "El País",
    "Corriere della Sera",
    "Haaretz",
    "Times of Israel",
    "Jerusalem Post",
    "Kyiv Independent",
    "Meduza",
    "Global Times",
    "People's Daily",
    "South China Morning Post",
    "Nikkei",
    "Asahi",
    "Yomiuri",
    "Dawn",
    "The Hindu",
    "Times of India",
    "NHK",
    "RT",
    "Sputnik",
    // Words a reader may type that name no side
    "Narnia",
    "Atlantis",
    "Westeros",
    "Mordor",
    "Wakanda",
    "Gotham",
    "El Dorado",
    "Utopia",
    "peace",
    "ceasefire",
    "troops",
    "sanctions",
    "tariffs",
    "weather",
    "football",
    "hello",
    "asdf",
    "qwerty",
    "lorem ipsum",
    "nobody",
    "everyone",
    "somebody",
];

#[test]
fn three_hundred_names_that_are_no_side_resolve_to_nothing() {
    assert!(NOT_SIDES.len() >= 300, "{} names", NOT_SIDES.len());
    let g = gazetteer();
    let wrong: Vec<String> = NOT_SIDES
        .iter()
        .filter_map(|q| {
            g.resolve(q).map(|r| {
                format!(
                    "{q} → {} (via {:?})",
                    g.entity(r.entity).name,
                    g.alias(r.alias).text
                )
            })
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        NOT_SIDES.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_wrong_answers_of_issue_11_are_gone() {
    let idx = index();
    for (q, want) in [
        ("/position greenland", "Greenland"),
        ("/position kurdistan", "Kurdistan Region"),
        ("/position kosovo", "Kosovo"),
    ] {
        let r = ask(&idx, q, 0);
        assert_eq!(
            r.entity.as_ref().map(|e| e.name.as_ref()),
            Some(want),
            "{q}"
        );
    }
    let r = ask(&idx, "/position latin america", 0);
    assert_eq!(r.outcome, Outcome::NotFound);
    assert!(r.suggestions.is_empty(), "{:?}", r.suggestions);
    assert_eq!(key_of("south sudan").as_deref(), Some("SS"));
    assert_eq!(key_of("latin america"), None);
    assert_eq!(key_of("the german chancellor").as_deref(), Some("DE"));
    assert_eq!(key_of("russian foreign ministry").as_deref(), Some("RU"));
}

#[test]
fn leaders_institutions_movements_and_territories_are_known() {
    let idx = index();
    for (q, name, kind) in [
        ("modi", "India", None),
        ("xi", "China", None),
        ("President Xi", "China", None),
        ("netanyahu", "Israel", None),
        ("lula", "Brazil", None),
        ("state department", "United States", None),
        ("Foggy Bottom", "United States", None),
        ("quai d'orsay", "France", None),
        ("Matignon", "France", None),
        ("Downing Street", "United Kingdom", None),
        ("Zhongnanhai", "China", None),
        ("Kantei", "Japan", None),
        ("South Block", "India", None),
        ("Auswärtiges Amt", "Germany", None),
        ("Farnesina", "Italy", None),
        ("Moncloa", "Spain", None),
        ("Bankova", "Ukraine", None),
        ("Itamaraty", "Brazil", None),
        ("hong kong", "Hong Kong", Some("territory")),
        ("hamas", "Hamas", Some("movement or armed group")),
        ("hezbollah", "Hezbollah", Some("movement or armed group")),
        ("houthis", "Houthis", Some("movement or armed group")),
        ("Ansar Allah", "Houthis", Some("movement or armed group")),
        ("taliban", "Taliban", Some("movement or armed group")),
        (
            "PKK",
            "Kurdistan Workers' Party",
            Some("movement or armed group"),
        ),
        (
            "SDF",
            "Syrian Democratic Forces",
            Some("movement or armed group"),
        ),
        ("KRG", "Kurdistan Region", Some("sub-national government")),
        (
            "Palestinian Authority",
            "Palestinian Authority",
            Some("governing authority"),
        ),
        (
            "PLO",
            "Palestine Liberation Organization",
            Some("movement or armed group"),
        ),
        (
            "Polisario Front",
            "Polisario Front",
            Some("movement or armed group"),
        ),
        (
            "RSF",
            "Rapid Support Forces",
            Some("movement or armed group"),
        ),
        ("Macau", "Macau", Some("territory")),
        ("Faroe Islands", "Faroe Islands", Some("territory")),
        ("Puerto Rico", "Puerto Rico", Some("territory")),
        ("Scotland", "Scotland", Some("sub-national government")),
        ("Wales", "Wales", Some("sub-national government")),
        (
            "Northern Ireland",
            "Northern Ireland",
            Some("sub-national government"),
        ),
        ("Catalonia", "Catalonia", Some("sub-national government")),
        ("Quebec", "Quebec", Some("sub-national government")),
        ("the pope", "Holy See", None),
        ("vatican", "Holy See", None),
        ("white house", "United States", None),
        ("kremlin", "Russia", None),
        ("WTO", "World Trade Organization", Some("organisation")),
        (
            "Georgieva",
            "International Monetary Fund",
            Some("organisation"),
        ),
    ] {
        let r = ask(&idx, &format!("/position {q}"), 0);
        let e = r.entity.as_ref();
        assert_eq!(e.map(|e| e.name.as_ref()), Some(name), "{q}: {:?}", r.note);
        assert_eq!(e.and_then(|e| e.kind), kind, "{q}");
    }
    // Not folded into the state they oppose or claim.
    assert_ne!(key_of("hamas"), key_of("palestine"));
    assert_ne!(key_of("taliban"), key_of("afghanistan"));
    assert_ne!(key_of("hezbollah"), key_of("lebanon"));
    assert_ne!(key_of("palestinian authority"), key_of("palestine"));
}

#[test]
fn a_known_person_with_nothing_said_is_not_a_miss() {
    let idx = index();
    let r = ask(&idx, "/position modi", 0);
    assert_eq!(r.outcome, Outcome::Silent);
    assert_eq!(
        r.note.as_deref(),
        Some("Narendra Modi (India) has no statements in the store.")
    );
    let text = positions::render::text::render(&r);
    assert!(
        text.contains("Narendra Modi (India) has no statements in the store"),
        "{text}"
    );
}

#[test]
fn the_reply_shows_the_kind_where_it_is_not_a_state() {
    let idx = index();
    let title = |q: &str| {
        let r = ask(&idx, q, 0);
        positions::render::embed::render(&r).embeds[0].title.clone()
    };
    assert!(title("/position hamas").contains("Hamas (movement or armed group)"));
    assert!(title("/position greenland").contains("Greenland (territory)"));
    assert!(
        !title("/position kosovo").contains('('),
        "a state shows no kind"
    );
}

#[test]
fn suggestions_only_when_close_and_a_plain_sentence_otherwise() {
    let idx = index();
    for q in ["narnia", "geneva", "Atlantis"] {
        let r = ask(&idx, &format!("/position {q}"), 0);
        assert_eq!(r.outcome, Outcome::NotFound, "{q}");
        assert!(r.suggestions.is_empty(), "{q}: {:?}", r.suggestions);
        let note = r.note.unwrap_or_default();
        assert!(note.starts_with("Nothing close to"), "{note}");
    }
    // Within the typo budget plus one: "itly" (no typos allowed in four letters) suggests Italy.
    let r = ask(&idx, "/position itly", 0);
    assert_eq!(r.outcome, Outcome::NotFound);
    assert!(
        r.suggestions.contains(&"Italy".to_string()),
        "{:?}",
        r.suggestions
    );
    // A shared word start: "kor" suggests both Koreas.
    let s = gazetteer().suggest("kor", 5);
    let names: Vec<&str> = s
        .iter()
        .map(|&e| gazetteer().entity(e).name.as_str())
        .collect();
    assert!(
        names.contains(&"South Korea") && names.contains(&"North Korea"),
        "{names:?}"
    );
    // A shared name says which sides it could mean.
    let r = ask(&idx, "/position congolese", 0);
    assert_eq!(r.outcome, Outcome::NotFound);
    assert_eq!(
        r.suggestions,
        ["Democratic Republic of the Congo", "Republic of the Congo"]
    );
    assert!(r.note.unwrap_or_default().contains("could mean"));
}

#[test]
fn check_warns_about_an_office_without_successor_and_one_held_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        data().join("entities.json"),
        dir.path().join("entities.json"),
    )
    .expect("copy entities");
    std::fs::write(
        dir.path().join("people.json"),
        r#"[
  {"name": "A One", "entity": "DE", "offices": [{"role": "Chancellor of Germany", "from": "2020-01-01", "to": "2024-01-01"}]},
  {"name": "B Two", "entity": "FR", "offices": [{"role": "President of France", "from": "2017-05-14", "to": null}]},
  {"name": "C Three", "entity": "FR", "offices": [{"role": "President of France", "from": "2025-01-01", "to": null}]}
]"#,
    )
    .expect("write people");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .output()
        .expect("run positions check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Chancellor of Germany (Germany): the last term ended on 2024-01-01 and no successor is listed"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "President of France (France): held by B Two and C Three at once from 2025-01-01"
        ),
        "{stderr}"
    );
}
