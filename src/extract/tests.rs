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
    {"name": "Kaja Kallas", "aliases": ["Kallas"], "entity": "EU",
     "offices": [{"role": "High Representative of the Union for Foreign Affairs and Security Policy", "titles": ["foreign policy chief", "high representative", "top diplomat"], "from": "2024-12-01", "to": null}]},
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

fn check_offsets(body: &str, all: &[Extracted]) {
    for s in all {
        assert_eq!(&body[s.start..s.end], s.text, "offsets of {:?}", s.text);
        assert!(!s.text.is_empty());
    }
}

/// The project's own gazetteer, when its data files are there.
fn real_gaz() -> Option<&'static Gazetteer> {
    static G: OnceLock<Option<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
        Gazetteer::load(&dir).ok()
    })
    .as_ref()
}

fn article(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/articles")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What one statement must be: paragraph, kind, speaker name, entity key, and the text (whole,
/// or its start when it ends with "…").
type Want<'a> = (u32, Kind, &'a str, &'a str, &'a str);

use Kind::{Direct as D, Indirect as I, Mixed as M};

fn expect(body: &str, date: Option<&str>, g: &Gazetteer, want: &[Want]) -> Vec<Extracted> {
    let got = extract(body, date, g);
    check_offsets(body, &got);
    let shown = show_with(g, &got);
    assert_eq!(got.len(), want.len(), "statement count; got:\n{shown}");
    for (s, w) in got.iter().zip(want) {
        let (para, kind, name, entity, text) = *w;
        let ctx = format!("statement {:?}\nall:\n{shown}", s.text);
        assert_eq!(s.paragraph, para, "paragraph of {ctx}");
        assert_eq!(s.kind, kind, "kind of {ctx}");
        assert_eq!(&*s.speaker.name, name, "speaker of {ctx}");
        let key = s
            .entity
            .map(|e| g.entity(e).key.clone())
            .unwrap_or_else(|| "-".into());
        assert_eq!(key, entity, "entity of {ctx}");
        match text.strip_suffix('…') {
            Some(start) => assert!(s.text.starts_with(start), "text of {ctx}"),
            None => assert_eq!(s.text, text, "text of {ctx}"),
        }
    }
    got
}

fn show_with(g: &Gazetteer, all: &[Extracted]) -> String {
    all.iter()
        .map(|s| {
            let m: Vec<String> = s
                .mentions
                .iter()
                .map(|&e| g.entity(e).key.clone())
                .collect();
            let key = s
                .entity
                .map(|e| g.entity(e).key.clone())
                .unwrap_or_else(|| "-".into());
            format!(
                "{} {:?} [{} | {}] {key} {m:?} <{}>",
                s.paragraph,
                s.kind,
                s.speaker.name,
                s.speaker.role.as_deref().unwrap_or("-"),
                s.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn keys(g: &Gazetteer, ids: &[EntityId]) -> Vec<String> {
    ids.iter().map(|&e| g.entity(e).key.clone()).collect()
}

fn seed_wants() -> Vec<Want<'static>> {
    vec![
        (1, M, "Emmanuel Macron", "FR", "The 35 countries of the “Alliance of the Willing” today ratified the “Paris declaration”, which details “strong security guarantees for stable and lasting peace” in , announced the French president, who welcomed the “operational convergence” between its members."),
        (2, M, "Emmanuel Macron", "FR", "The security guarantees that the countries, mainly European, of the coalition after the hypothetical end of the hostilities are “the key to ensure that a peace agreement can never mean the surrender of Ukraine and that a peace agreement can never mean a new threat to Ukraine from Russia”, he said at a press conference, after the conclusion of the Summit."),
        (3, M, "Emmanuel Macron", "FR", "The French president announced, at the same time, the creation of “a coordination core that will allow the full integration of all relevant armed forces and will enable coordination between the Coalition of the Willing, the United States of America and Ukraine.”"),
        (4, M, "Emmanuel Macron", "FR", "Macron then elaborated further and announced the continuation of “preparations for the deployment of a multinational force in the air, at sea and on the ground” after a possible ceasefire in Ukraine, a scenario that still remains a long way off."),
        (5, M, "Emmanuel Macron", "FR", "The force, which has been under consideration for several months, is intended to “provide a kind of reassurance in the days following the ceasefire,” as Emmanuel Macron said."),
        (6, M, "Emmanuel Macron", "FR", "He also stated that the ceasefire monitoring mechanisms will be under American leadership”, while also noting the special role that Turkey will play in terms of security in the Black Sea, as reported by press reports."),
        (9, M, "Keir Starmer", "GB", "The British Prime Minister said today that peace in Ukraine is closer than ever, although the “hardest steps” are still ahead."),
        (10, I, "Keir Starmer", "GB", "Starmer, speaking after meeting in Paris with leaders of Ukraine’s “Coalition of the Willing” allies, also said Britain would be involved in monitoring and overseeing any US-led ceasefire."),
        (11, I, "Keir Starmer", "GB", "The prime minister said his country would continue to put pressure on Russia, including with further measures against oil traders and operators of the shadow fleet that support Moscow."),
        (13, I, "Friedrich Merz", "DE", "German troops could join the multinational force once a ceasefire is reached with Russia in a NATO member country neighboring Ukraine, the chancellor said today."),
        (14, D, "Friedrich Merz", "DE", "Germany will commit itself politically, economically and militarily. This may include, for example, sending forces to Ukraine on neighboring NATO territory after the ceasefire"),
        (15, M, "Friedrich Merz", "DE", "Once an agreement is reached on the creation of an international force “supported” by US military means, the government and parliament “will decide on the nature and extent of the German contribution”, he said, adding that currently Berlin “is not ruling out any option”."),
        (16, D, "Friedrich Merz", "DE", "This is not only about military support in Ukraine, but also about military support for peace and freedom across Europe"),
        (17, D, "Friedrich Merz", "DE", "Today, as the war enters its fourth year, Germany is Kiev’s staunchest supporter"),
        (17, D, "Friedrich Merz", "DE", "It will also assume responsibility for the security of Ukraine after the ceasefire."),
        (18, M, "Friedrich Merz", "DE", "The German chancellor also stressed the need to make “compromises” to achieve peace in Ukraine."),
        (19, D, "Friedrich Merz", "DE", "We will make every effort, with persistence, realism and foresight, to achieve the best possible result: a stable ceasefire, a strong security guarantee and peace in Europe that will closely connect Ukraine and Europeans and that we will build together"),
        (21, I, "Giorgia Meloni", "IT", "Italian Prime Minister Giorgia Meloni said that the Coalition of the Willing made new progress on the issue of NATO-style security guarantees for Ukraine, that the talks were constructive and underlined the high degree of alignment between Ukraine, the United States, Europe and other partners on measures aimed at ensuring a lasting and just peace."),
        (22, I, "Italian government", "IT", "It recalled, for its part, in a statement, its refusal to send troops to Ukraine."),
        (24, I, "Antonio Costa", "EU", "EU Council President Antonio Costa said the European Union is ready to support a peace deal in Ukraine with political and military missions on the ground."),
        (25, D, "Antonio Costa", "EU", "We will help with the EU’s civilian and military missions on the ground. Ukraine must be in the strongest position possible – before, during and after any ceasefire"),
        (27, I, "Pedro Sanchez", "ES", "Spain will offer its military aid to consolidate peace in Ukraine after a ceasefire is negotiated there, Prime Minister Pedro Sanchez said after the meeting."),
        (28, D, "Pedro Sanchez", "ES", "The Spanish government will propose that we open the door to military involvement in Ukraine"),
        (30, I, "Volodymyr Zelensky", "UA", "Today from Paris, the president of Ukraine expressed his satisfaction with the results of the international summit on the Ukrainian issue, stressing that it is extremely important to have written commitments to provide security guarantees to Kiev immediately after reaching peace with the Russian side."),
        (31, D, "Volodymyr Zelensky", "UA", "It is important that the coalition now has substantial documents and not just words"),
        (31, M, "Volodymyr Zelensky", "UA", "praising the “concrete content” that he said demonstrated the will to “work for real security.”"),
        (32, I, "Steve Witkoff", "US", "From the American side, President Trump’s special envoy, Steve Witkoff, said that the special significance of today’s decision lies in the fact that Ukraine now knows that once peace is reached with Russia, this peace will be final."),
    ]
}

#[test]
fn seed_statements_speakers_entities_and_kinds() {
    let g = gaz();
    let got = expect(SEED, Some("2026-01-07"), g, &seed_wants());
    let roles: Vec<Option<&str>> = got.iter().map(|s| s.speaker.role.as_deref()).collect();
    assert_eq!(roles[0], Some("President of France"));
    assert_eq!(
        roles[9],
        Some("Chancellor of Germany"),
        "the chancellor, by date"
    );
    assert_eq!(roles[18], None, "a government has no office");
    assert_eq!(roles[19], Some("President of the European Council"));
    assert_eq!(roles[26], Some("Special Envoy for Peace Missions"));
}

#[test]
fn seed_mentions_leave_out_the_speakers_own_entity() {
    let g = gaz();
    let got = extract(SEED, Some("2026-01-07"), g);
    let by_para = |p: u32| {
        got.iter()
            .find(|s| s.paragraph == p)
            .map(|s| keys(g, &s.mentions))
    };
    assert_eq!(by_para(6), Some(vec!["US".to_string(), "TR".to_string()]));
    assert_eq!(
        by_para(13),
        Some(vec!["RU".to_string(), "NATO".to_string(), "UA".to_string()])
    );
    assert_eq!(by_para(15), Some(vec!["US".to_string()]));
    // The trap: Zelensky is met, not the speaker; the quotation names Ukraine.
    assert_eq!(by_para(25), Some(vec!["UA".to_string()]));
    assert_eq!(by_para(30), Some(vec!["RU".to_string()]));
    assert_eq!(by_para(32), Some(vec!["UA".to_string(), "RU".to_string()]));
}

#[test]
fn seed_headlines_and_actions_are_not_statements() {
    let got = extract(SEED, Some("2026-01-07"), gaz());
    for p in [7, 8, 12, 20, 23, 26, 29] {
        assert!(
            got.iter().all(|s| s.paragraph != p),
            "paragraph {p} is no statement"
        );
    }
}

#[test]
fn seed_with_the_projects_gazetteer() {
    let Some(g) = real_gaz() else { return };
    expect(SEED, Some("2026-01-07"), g, &seed_wants());
}

#[test]
fn seed_without_a_date_keeps_titles_it_cannot_resolve() {
    let g = gaz();
    let got = extract(SEED, None, g);
    check_offsets(SEED, &got);
    // Without a date, "the chancellor" could be Scholz or Merz: the paragraph names Germany but
    // both held the office, so the title stands.
    let p13 = got
        .iter()
        .find(|s| s.paragraph == 13)
        .expect("paragraph 13");
    assert_eq!(&*p13.speaker.name, "chancellor");
    assert_eq!(p13.entity, None);
    // Names printed in the article still resolve.
    let p24 = got
        .iter()
        .find(|s| s.paragraph == 24)
        .expect("paragraph 24");
    assert_eq!(&*p24.speaker.name, "Antonio Costa");
}

#[test]
fn nato_summit_straight_quotes_colon_surname_and_second_country() {
    let body = article("nato-summit-hague.txt");
    let got = expect(
        &body,
        Some("2025-06-25"),
        gaz(),
        &[
            (2, I, "Mark Rutte", "NATO", "NATO Secretary General Mark Rutte said on Wednesday that allies had agreed to raise defence spending to 5% of economic output over the next decade."),
            (3, D, "Mark Rutte", "NATO", "Russia remains the most significant and direct threat to our security"),
            (3, D, "Mark Rutte", "NATO", "We will not be intimidated, and we will not be divided."),
            (5, D, "Mark Carney", "CA", "Canada will be there for Ukraine, today and tomorrow."),
            (6, I, "Mark Carney", "CA", "Carney added that Ottawa would deliver additional air defence systems to Ukraine before the winter."),
            (7, I, "Radoslaw Sikorski", "PL", "Ukraine's security depends on Europe's ability to produce more ammunition, Polish Foreign Minister Radoslaw Sikorski said after the session."),
            (8, D, "Radoslaw Sikorski", "PL", "Poland already spends more than 4% on defence"),
            (8, M, "Radoslaw Sikorski", "PL", "urging other allies to \"stop counting and start producing.\""),
            (10, I, "Pedro Sanchez", "ES", "Spanish Prime Minister Pedro Sanchez said Spain would meet its capability goals without reaching the new spending level."),
        ],
    );
    let g = gaz();
    assert_eq!(
        got[3].speaker.role.as_deref(),
        Some("Canadian Prime Minister"),
        "an unknown person keeps the printed title"
    );
    assert_eq!(
        keys(g, &got[5].mentions),
        vec!["UA"],
        "Ukraine is named first, Poland speaks"
    );
}

#[test]
fn kremlin_reaction_titles_institutions_and_according_to() {
    let body = article("kremlin-reaction.txt");
    let got = expect(
        &body,
        Some("2026-01-08"),
        gaz(),
        &[
            (2, M, "Kremlin", "RU", "The Kremlin on Thursday rejected plans by European countries to station troops in Ukraine after a ceasefire, calling such a deployment “absolutely unacceptable”."),
            (3, D, "Dmitry Peskov", "RU", "Any foreign military contingent on Ukrainian territory would be a legitimate target for our armed forces"),
            (4, I, "Sergei Lavrov", "RU", "Russian Foreign Minister Sergei Lavrov said Moscow remained open…"),
            (5, M, "Sergei Lavrov", "RU", "Lavrov also accused European governments of “prolonging the war” and said the coalition of the willing was “a bluff.”"),
            (7, M, "spokeswoman for the Ukrainian foreign ministry", "UA", "In Kyiv, a spokeswoman for the Ukrainian foreign ministry said the Russian statements showed that Moscow “is not interested in peace.”"),
            (9, I, "Russian Defence Ministry", "RU", "According to the Russian Defence Ministry, air defence units destroyed 41 Ukrainian drones overnight."),
        ],
    );
    assert_eq!(
        got[2].speaker.role.as_deref(),
        Some("Russian Foreign Minister")
    );
    assert_eq!(
        keys(gaz(), &got[2].mentions),
        vec!["GB", "FR"],
        "Moscow is the speaker's own"
    );
}

#[test]
fn eu_ministers_she_said_line_break_and_joint_statement() {
    let body = article("eu-foreign-ministers.txt");
    let got = expect(
        &body,
        Some("2026-02-23"),
        gaz(),
        &[
            (2, I, "Kaja Kallas", "EU", "European Union foreign ministers agreed on Monday to prepare a new package of sanctions against Russia, the bloc's foreign policy chief Kaja Kallas said."),
            (3, D, "Kaja Kallas", "EU", "Pressure on Moscow is working, and we will increase it."),
            (4, D, "Kaja Kallas", "EU", "We will not recognise any change of borders by force, and we will\nkeep supporting Ukraine for as long as it is needed"),
            (6, I, "Peter Szijjarto", "HU", "Hungarian Foreign Minister Peter Szijjarto said Budapest would block any measure that threatened its energy security."),
            (7, D, "Peter Szijjarto", "HU", "Our position has not changed"),
            (7, D, "Peter Szijjarto", "HU", "We will veto anything that puts our gas supplies at risk."),
            (9, M, "Johann Wadephul", "DE", "German Foreign Minister Johann Wadephul and his French counterpart…"),
            (9, M, "Jean-Noel Barrot", "FR", "German Foreign Minister Johann Wadephul and his French counterpart…"),
        ],
    );
    assert_eq!(
        got[0].speaker.role.as_deref(),
        Some("High Representative of the Union for Foreign Affairs and Security Policy")
    );
}

#[test]
fn japan_canada_spokesperson_and_the_ministry() {
    let body = article("japan-canada-energy.txt");
    let got = expect(
        &body,
        Some("2026-02-20"),
        gaz(),
        &[
            (2, I, "Takeshi Iwaya", "JP", "Japan will provide an additional 500 million dollars to repair Ukraine's power network, Japanese Foreign Minister Takeshi Iwaya said on Friday after talks with his Canadian counterpart."),
            (3, I, "Anita Anand", "CA", "Ukraine and Moldova must be able to count on steady support through the winter, Canadian Foreign Minister Anita Anand told the same news conference."),
            (4, D, "Anita Anand", "CA", "Energy is being used as a weapon against civilians"),
            (4, D, "Anita Anand", "CA", "Canada will help Ukraine keep the lights on."),
            (6, I, "spokesperson for the Japanese foreign ministry", "JP", "A spokesperson for the Japanese foreign ministry said the ministers had also discussed North Korea's missile launches."),
            (7, I, "Japanese foreign ministry", "JP", "According to the ministry, the next meeting of the two sides will take place in Ottawa in the spring."),
        ],
    );
    assert_eq!(
        keys(gaz(), &got[1].mentions),
        vec!["UA", "MD"],
        "Canada speaks about Ukraine and Moldova"
    );
}

#[test]
fn coalition_shapes_split_sentences_guillemets_and_quotations_over_paragraphs() {
    let body = article("coalition-shapes.txt");
    let got = expect(
        &body,
        Some("2026-01-10"),
        gaz(),
        &[
            (2, I, "Emmanuel Macron", "FR", "French President Emmanuel Macron said the multinational force could deploy within weeks of a ceasefire"),
            (2, I, "Keir Starmer", "GB", "British Prime Minister Keir Starmer said no date had been set."),
            (3, D, "Emmanuel Macron", "FR", "We are not at war with Russia"),
            (4, D, "Keir Starmer", "GB", "We are ready to take our share of the burden."),
            (5, D, "Keir Starmer", "GB", "But we will not send soldiers into a war"),
            (6, M, "Friedrich Merz", "DE", "German Chancellor Friedrich Merz said Europe had to „do more, and do it faster“."),
            (7, I, "Giorgia Meloni", "IT", "Italian Prime Minister Giorgia Meloni was quoted as saying that Rome would not take part in any deployment."),
            (8, D, "Giorgia Meloni", "IT", "Sanctions alone will not end this war"),
            (9, I, "Zelensky’s office", "UA", "Zelensky’s office said the president had spoken by phone with Meloni."),
            (9, I, "Zelensky’s office", "UA", "It added that talks on air defence would continue next week."),
        ],
    );
    assert!(
        got[7].mentions.is_empty(),
        "the president she met is not named in her words"
    );
}

/// The speaker of the statement whose words start with `start`, if one was found.
fn speaker_of<'a>(got: &'a [Extracted], start: &str) -> Option<&'a str> {
    got.iter()
        .find(|s| s.text.starts_with(start))
        .map(|s| s.speaker.name.as_ref())
}

/// Each statement's speaker and role, in order.
fn names_and_roles(got: &[Extracted]) -> Vec<(&str, Option<&str>)> {
    got.iter()
        .map(|s| (s.speaker.name.as_ref(), s.speaker.role.as_deref()))
        .collect()
}

/// Runs the extractor and checks what must hold of any input: no panic, exact offsets.
fn survives(body: &str) -> Vec<Extracted> {
    let got = extract(body, Some("2026-01-07"), gaz());
    check_offsets(body, &got);
    for s in &got {
        assert!(s.paragraph >= 1);
        assert!(!s.speaker.name.is_empty());
    }
    got
}

#[test]
fn empty_and_blank_text() {
    assert!(survives("").is_empty());
    assert!(survives("\n\n   \n\t\r\n").is_empty());
    assert!(survives("“”").is_empty());
    assert!(survives("\"").is_empty());
}

#[test]
fn only_headlines() {
    let body = "Merz says Germany ready to send troops\n“The most difficult steps are ahead of us”\nItaly refuses to send troops to Ukraine\n";
    assert!(survives(body).is_empty());
}

#[test]
fn unbalanced_quotes_everywhere() {
    let body = "“We will help, Merz said.\n”Nothing” ” “ “ he said.\nHe said: “\n“\n”,” she said.\n'Kiev's' '' ' he said '\n«« »» « he added »";
    survives(body);
    let got = survives("Merz said: “We are ready.\nThe talks went on.");
    assert!(got.iter().any(|s| &*s.speaker.name == "Friedrich Merz"));
}

#[test]
fn control_characters_and_odd_white_space() {
    let body = "Merz\u{0} said\u{7} Germany\u{1b}[31m would help.\r\n\u{feff}“Yes,\u{200b}” he\u{a0}said.\u{2028}Next.\r\r\n\u{85}";
    survives(body);
}

#[test]
fn mixed_scripts() {
    let body = "Президент Зеленский заявил: «Мы готовы».\n「我们准备好了」と習近平氏は述べた。\nالرئيس قال “نحن مستعدون”.\n“Wir sind bereit”, Merz said.\n🇩🇪 Merz said 🇺🇦 “Ukraine will win” 🎉.";
    let got = survives(body);
    assert!(got
        .iter()
        .any(|s| &*s.text == "Wir sind bereit" && &*s.speaker.name == "Friedrich Merz"));
}

#[test]
fn a_megabyte_on_one_line_is_read_whole() {
    let unit =
        "“We will help Ukraine,” Merz said, adding that Germany “will stay”. Lavrov said no. ";
    let body = unit.repeat(1_000_000 / unit.len() + 1);
    // How the time grows with such lines is measured by `cargo bench --bench long_lines`.
    let got = survives(&body);
    assert!(got.len() > 10_000, "{}", got.len());
    let plain = "word ".repeat(210_000);
    survives(&plain);
    let marks = "“".repeat(350_000);
    survives(&marks);
    let caps = "Minister ".repeat(120_000) + "said it.";
    survives(&caps);
    let commas = "x, ".repeat(300_000) + "said Merz.";
    survives(&commas);
    let names = "Abel Brandt said, ".repeat(60_000);
    survives(&names);
}

#[test]
fn random_text_never_breaks_the_extractor() {
    const PIECES: &[&str] = &[
        "“",
        "”",
        "\"",
        "'",
        "’",
        "‘",
        "«",
        "»",
        "„",
        ",",
        ".",
        " ",
        " ",
        " ",
        "\n",
        ":",
        ";",
        "—",
        "said",
        "he",
        "she",
        "it",
        "Merz",
        "the",
        "German",
        "chancellor",
        "Ukraine",
        "Mr.",
        "U.S.",
        "according",
        "to",
        "and",
        "Kremlin",
        "spokesman",
        "é",
        "日本",
        "🇩🇪",
        "\u{0}",
        "told",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut body = String::new();
        for _ in 0..60 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            body.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
        }
        survives(&body);
    }
}

#[test]
fn wire_shapes() {
    let body = "\
Ukrainian President Volodymyr Zelensky, who met Trump on Friday, said the talks were “productive.”
“We need air defence now,” said Ukraine’s foreign minister, Andrii Sybiha.
In a statement, the European Commission said it would propose new sanctions.
Moscow has repeatedly said it would not accept European troops.
Russia’s ambassador to the UN, Vassily Nebenzia, said the plan was “a provocation.”
U.S. Secretary of State Marco Rubio said Washington was “not there yet.”
The U.S. secretary of state added that talks would continue.
Peskov was quoted by Interfax as saying that Moscow saw no progress.
Putin said Russia would respond, and Peskov added that no date was set.
The talks were ‘constructive’, a Kremlin aide said.
The plan, which Lavrov said was dead, was discussed in Geneva.
Both Macron and Merz said Europe had to act.
Officials in Kyiv told reporters the strike hit a power plant.
Kaja Kallas said the bloc would “step up.”
‘We will help,’ she said.
The French and German leaders said they would meet in Berlin.";
    expect(
        body,
        Some("2026-01-07"),
        gaz(),
        &[
            (1, M, "Volodymyr Zelensky", "UA", "Ukrainian President Volodymyr Zelensky, who met Trump on Friday, said the talks were “productive.”"),
            (2, D, "Andrii Sybiha", "UA", "We need air defence now"),
            (3, I, "European Commission", "EU", "In a statement, the European Commission said it would propose new sanctions."),
            (4, I, "Moscow", "RU", "Moscow has repeatedly said it would not accept European troops."),
            (5, M, "Vassily Nebenzia", "RU", "Russia’s ambassador to the UN, Vassily Nebenzia, said the plan was “a provocation.”"),
            (6, M, "Marco Rubio", "US", "U.S. Secretary of State Marco Rubio said Washington was “not there yet.”"),
            (7, I, "Marco Rubio", "US", "The U.S. secretary of state added that talks would continue."),
            (8, I, "Dmitry Peskov", "RU", "Peskov was quoted by Interfax as saying that Moscow saw no progress."),
            (9, I, "Vladimir Putin", "RU", "Putin said Russia would respond"),
            (9, I, "Dmitry Peskov", "RU", "Peskov added that no date was set."),
            (10, M, "Kremlin aide", "RU", "The talks were ‘constructive’, a Kremlin aide said."),
            (12, I, "Emmanuel Macron", "FR", "Both Macron and Merz said Europe had to act."),
            (12, I, "Friedrich Merz", "DE", "Both Macron and Merz said Europe had to act."),
            // Officials in a capital speak for its government.
            (13, I, "Officials in Kyiv", "UA", "Officials in Kyiv told reporters the strike hit a power plant."),
            (14, M, "Kaja Kallas", "EU", "Kaja Kallas said the bloc would “step up.”"),
            (15, D, "Kaja Kallas", "EU", "We will help"),
            (16, I, "French and German leaders", "FR", "The French and German leaders said they would meet in Berlin."),
            (16, I, "German leaders", "DE", "The French and German leaders said they would meet in Berlin."),
        ],
    );
}

#[test]
fn datelines_are_not_quoted() {
    let body = "KYIV, Ukraine (AP) — Zelensky said the front line was holding.\nNATO - the alliance said nothing.\nPARIS - Macron said Europe must act.";
    let got = survives(body);
    let texts: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Zelensky said the front line was holding.",
            "Macron said Europe must act."
        ]
    );
}

#[test]
fn a_formal_title_before_a_name_is_the_role() {
    let body = "\
Director of the National Grid Agency Tomas Vilkas said the lines would be repaired by May.
Deputy Head of the State Grain Commission Mirela Costa told reporters that exports had doubled.
A spokeswoman for Governor Lydia Hart said the budget was balanced.";
    let got = survives(body);
    let who = names_and_roles(&got);
    assert_eq!(
        who,
        vec![
            ("Tomas Vilkas", Some("Director of the National Grid Agency")),
            (
                "Mirela Costa",
                Some("Deputy Head of the State Grain Commission")
            ),
            (
                "spokeswoman for Governor Lydia Hart",
                Some("spokeswoman for Governor Lydia Hart")
            ),
        ]
    );
}

#[test]
fn a_noun_of_another_clause_is_no_description_of_the_speaker() {
    // "a result" is what the officials hailed, not a word about them.
    let body = "\
The vote passed on Monday, a result European officials hailed as a breakthrough.
The treaty was signed in June, a step Western diplomats said would calm the region.
“The count will be close,” one veteran Democratic strategist said.";
    let got = survives(body);
    for s in &got {
        let name = s.speaker.name.to_lowercase();
        assert!(
            !name.contains("result") && !name.contains("step"),
            "{:?} for {:?}",
            s.speaker.name,
            s.text
        );
    }
    assert!(got
        .iter()
        .any(|s| &*s.speaker.name == "veteran Democratic strategist"));
}

#[test]
fn lone_names_an_article_taught_or_that_stand_beside_their_quotation() {
    let body = "\
Senator Hanna Wexler's office released the figures on Monday.
Said Wexler, “The numbers speak for themselves.”
Verizon said in a statement: “We look forward to having our employees back.”
At the debate, Kessler compared himself to his rival, saying, “I take no fees from banks.”
“Agents are closing in on the suspects,” according to CNN.";
    let got = survives(body);
    let who: Vec<(&str, &str)> = got
        .iter()
        .map(|s| (s.speaker.name.as_ref(), s.text.as_ref()))
        .collect();
    assert_eq!(
        who,
        vec![
            ("Hanna Wexler", "The numbers speak for themselves."),
            ("Verizon", "We look forward to having our employees back."),
            ("Kessler", "I take no fees from banks."),
            ("CNN", "Agents are closing in on the suspects"),
        ]
    );
    assert!(got.iter().all(|s| s.entity.is_none()), "{got:?}");
}

#[test]
fn german_shapes_of_attribution_where_the_verb_stands_second() {
    let body = "\
Die Regierung will im April neu verhandeln. Dies bestätigte Merz am Montag.

Wie Merz am Dienstag mitteilte, sei eine Einigung noch möglich.

Weiterhin erklärte Merz, Deutschland werde helfen.

Als Begründung wurde angegeben, die Kosten seien gestiegen.";
    let got = extract_in(body, Some("2026-03-10"), gaz(), "de");
    let by = |start: &str| speaker_of(&got, start);
    // "Dies bestätigte X.": the sentence before is X's.
    assert_eq!(by("Die Regierung will"), Some("Friedrich Merz"));
    assert_eq!(by("Dies bestätigte"), None);
    // "Wie X mitteilte, …" and an adverb before the verb.
    assert_eq!(by("Wie Merz"), Some("Friedrich Merz"));
    assert_eq!(by("Weiterhin erklärte"), Some("Friedrich Merz"));
    // "als" reads as "wie" does, but a noun after it is no source.
    assert_eq!(by("Als Begründung"), None);
}

#[test]
fn a_title_word_that_ends_a_name_before_its_title_is_a_surname() {
    let body = "\
“Our efforts to date have fallen short for the families,” Lena Pope, deputy border security adviser, said on a call.
“The harbour will open on Monday,” Tom King, the port's director, told reporters.";
    let got = survives(body);
    let who: Vec<&str> = got.iter().map(|s| s.speaker.name.as_ref()).collect();
    assert_eq!(who, vec!["Lena Pope", "Tom King"], "{got:?}");
}

#[test]
fn the_one_who_asked_is_never_the_speaker_of_the_answer() {
    let body = "\
“We will accept the result once every vote is counted,” Ana Flores, the governing party's candidate after a first round she won narrowly, said when a reporter asked her about the protests.
“The count is clean,” Tom Reyes, the mayor's deputy, said after Lena Ortiz asked him.";
    let got = survives(body);
    let who: Vec<&str> = got.iter().map(|s| s.speaker.name.as_ref()).collect();
    assert_eq!(who, vec!["Ana Flores", "Tom Reyes"], "{got:?}");
}

#[test]
fn a_source_described_by_a_noun_after_the_verb_that_stands_second() {
    let body = "\
Am Montag erklärte die Gewerkschaft, die Fluglotsen hätten ihre Arbeitszeit erreicht.

Am Dienstag lobte der Verband die Reform, die seit Jahren umstritten war.

Am Mittwoch besuchte die Delegation ein Lager, in dem 3000 Menschen leben.";
    let got = extract_in(body, Some("2026-03-10"), gaz(), "de");
    let by = |start: &str| speaker_of(&got, start);
    // The noun phrase with its article after the verb, right before the reported clause.
    assert_eq!(by("Am Montag"), Some("Gewerkschaft"));
    // An object after the subject, or no reported clause: no statement.
    assert_eq!(by("Am Dienstag"), None);
    assert_eq!(by("Am Mittwoch"), None);
}

#[test]
fn a_delegates_title_is_no_speaker_of_its_own() {
    let body = "\
“This is a waste of the committee's time,” said Del. Mara Quist of the Northern Isles.
“The vote was rushed,” Del. Owen Tarrant said.";
    let got = survives(body);
    let who = names_and_roles(&got);
    assert_eq!(
        who,
        vec![("Mara Quist", Some("Del.")), ("Owen Tarrant", Some("Del."))],
        "{got:?}"
    );
}

#[test]
fn a_surname_is_the_person_named_in_full_last_not_a_first_line_read_as_a_name() {
    let body = "\
Quiet Navarro raises her profile.

Then Trade Minister Elena Navarro put away her notes and took questions.

“The tariff stays until the talks resume,” Navarro said on Sunday.";
    let got = survives(body);
    assert_eq!(
        speaker_of(&got, "The tariff stays"),
        Some("Elena Navarro"),
        "{got:?}"
    );
}

#[test]
fn she_in_the_paragraph_of_a_speaker_whose_gender_nothing_tells_is_that_speaker() {
    let body = "\
“The harbour must stay open,” Anna Keller, the port's director, said.

Mayor Kari Lund said the city would pay for the dredging. “We will not let the harbour silt up,” she said.";
    let got = survives(body);
    assert_eq!(
        speaker_of(&got, "We will not let"),
        Some("Kari Lund"),
        "{got:?}"
    );
}
