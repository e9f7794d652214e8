//! The bot in the user's language, end to end against the loopback Discord stand-in: the
//! commands are registered with their names and descriptions in de, fr and es-ES, and an
//! interaction whose `locale` is one of those is answered with the bot's own words in it
//! (heading and the side's name, kinds, sources, dates and months, paging, help, errors); the
//! quotes stay as printed.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::StandIn;

const WAIT: Duration = Duration::from_secs(15);

/// A command sent as a user of Discord locale `locale` would send it; the bot's answer.
async fn run_in(standin: &StandIn, locale: &str, name: &str, options: Value) -> (Value, String) {
    let (mut payload, id) = standin.command_interaction(name, options);
    payload["locale"] = json!(locale);
    standin.send_interaction(payload).await;
    (standin.wait_callback(&id, WAIT).await, id)
}

fn embed(callback: &Value) -> &Value {
    &callback["data"]["embeds"][0]
}

fn text_of(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// What a user of each locale should see: the count in the heading, a reported statement's mark,
/// the sources field, the footer's page, the buttons, and the note for an unknown side.
struct Expected {
    locale: &'static str,
    /// The heading of Germany's statements.
    heading: &'static str,
    /// The timeline's heading and the date heading its first statement.
    over_time: &'static str,
    month: &'static str,
    date: &'static str,
    /// The help's title and one of its lines.
    help_title: &'static str,
    help_line: &'static str,
    statements: &'static str,
    reported: &'static str,
    sources: &'static str,
    page_1: &'static str,
    page_2: &'static str,
    previous: &'static str,
    next: &'static str,
    not_found: &'static str,
}

const LOCALES: [Expected; 4] = [
    Expected {
        locale: "de",
        heading: "🇩🇪 Deutschland · 8 Aussagen",
        over_time: "🇩🇪 Deutschland im Zeitverlauf",
        month: " · Jan. 2026: ",
        date: "📅 7. Januar 2026 — ",
        help_title: "positions — was sie gesagt haben, in ihren Worten",
        help_line: "/zeitleiste wer [thema] [sprache]",
        statements: "8 Aussagen",
        reported: " · indirekt",
        sources: "Quellen",
        page_1: "Seite 1 von 2",
        page_2: "Seite 2 von 2",
        previous: "◀ Zurück",
        next: "Weiter ▶",
        not_found: "Nichts Ähnliches wie „atlantis“ ist bekannt",
    },
    Expected {
        locale: "fr",
        heading: "🇩🇪 Allemagne · 8 déclarations",
        over_time: "🇩🇪 Allemagne au fil du temps",
        month: " · janv. 2026 : ",
        date: "📅 7 janvier 2026 — ",
        help_title: "positions — ce qu'ils ont dit, avec leurs mots",
        help_line: "/chronologie qui [sujet] [langue]",
        statements: "8 déclarations",
        reported: " · rapporté",
        sources: "Sources",
        page_1: "Page 1 sur 2",
        page_2: "Page 2 sur 2",
        previous: "◀ Précédent",
        next: "Suivant ▶",
        not_found: "Rien de proche de « atlantis » n'est connu",
    },
    Expected {
        locale: "es-ES",
        heading: "🇩🇪 Alemania · 8 declaraciones",
        over_time: "🇩🇪 Alemania a lo largo del tiempo",
        month: " · ene. 2026: ",
        date: "📅 7 de enero de 2026 — ",
        help_title: "positions — lo que dijeron, con sus palabras",
        help_line: "/cronología quién [tema] [idioma]",
        statements: "8 declaraciones",
        reported: " · indirecta",
        sources: "Fuentes",
        page_1: "Página 1 de 2",
        page_2: "Página 2 de 2",
        previous: "◀ Anterior",
        next: "Siguiente ▶",
        not_found: "No se conoce nada parecido a «atlantis»",
    },
    Expected {
        locale: "en-US",
        heading: "🇩🇪 Germany · 8 statements",
        over_time: "🇩🇪 Germany over time",
        month: " · Jan 2026: ",
        date: "📅 2026-01-07 — ",
        help_title: "positions — what they said, in their words",
        help_line: "/timeline who [topic] [language]",
        statements: "8 statements",
        reported: " · reported",
        sources: "Sources",
        page_1: "Page 1 of 2",
        page_2: "Page 2 of 2",
        previous: "◀ Previous",
        next: "Next ▶",
        not_found: "Nothing close to “atlantis” is known",
    },
];

#[tokio::test]
async fn commands_are_registered_and_answered_in_the_users_locale() {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let _bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;
    standin.wait_commands_put(WAIT).await;

    // Registration: every command and option named and described in the three locales.
    let commands = standin.commands();
    let position = commands
        .iter()
        .find(|c| c["name"] == "position")
        .expect("/position registered");
    assert_eq!(position["name_localizations"]["es-ES"], "posición");
    assert_eq!(position["options"][0]["name_localizations"]["de"], "wer");
    for c in &commands {
        for tag in ["de", "fr", "es-ES"] {
            assert!(c["name_localizations"][tag].is_string(), "{tag}: {c}");
            if c["type"] != 3 {
                assert!(
                    c["description_localizations"][tag].is_string(),
                    "{tag}: {c}"
                );
            }
            for o in c["options"].as_array().into_iter().flatten() {
                assert!(o["name_localizations"][tag].is_string(), "{tag}: {o}");
                assert!(
                    o["description_localizations"][tag].is_string(),
                    "{tag}: {o}"
                );
            }
        }
    }

    for want in LOCALES {
        let (cb, id) = run_in(
            &standin,
            want.locale,
            "position",
            json!([StandIn::option("who", "Merz")]),
        )
        .await;
        let e = embed(&cb);
        let title = text_of(&e["title"]);
        assert!(title.contains(want.statements), "{}: {title}", want.locale);
        assert_eq!(title, want.heading, "{}", want.locale);
        let fields = e["fields"].as_array().expect("fields");
        let first = text_of(&fields[0]["value"]);
        assert!(first.contains(want.reported), "{}: {first}", want.locale);
        let last = fields.last().expect("a sources field");
        assert_eq!(last["name"], want.sources, "{}", want.locale);
        let footer = text_of(&e["footer"]["text"]);
        assert!(footer.starts_with(want.page_1), "{}: {footer}", want.locale);
        let buttons = cb["data"]["components"][0]["components"]
            .as_array()
            .expect("buttons")
            .clone();
        assert_eq!(buttons[0]["label"], want.previous);
        assert_eq!(buttons[1]["label"], want.next);

        // The next page, pressed by the same user, is in the same words.
        let message = standin.original_message(&id).expect("the reply is stored");
        let next = text_of(&buttons[1]["custom_id"]);
        let (mut press, press_id) = standin.component_interaction(next, message);
        press["locale"] = json!(want.locale);
        standin.send_interaction(press).await;
        let cb2 = standin.wait_callback(&press_id, WAIT).await;
        let footer = text_of(&embed(&cb2)["footer"]["text"]);
        assert!(footer.starts_with(want.page_2), "{}: {footer}", want.locale);

        let (missing, _) = run_in(
            &standin,
            want.locale,
            "position",
            json!([StandIn::option("who", "atlantis")]),
        )
        .await;
        let note = text_of(&embed(&missing)["description"]);
        assert!(note.starts_with(want.not_found), "{}: {note}", want.locale);

        // The timeline: the side's name, the months and the dates in the locale.
        let (timeline, _) = run_in(
            &standin,
            want.locale,
            "timeline",
            json!([StandIn::option("who", "Germany")]),
        )
        .await;
        let e = embed(&timeline);
        let title = text_of(&e["title"]);
        assert!(
            title.starts_with(want.over_time),
            "{}: {title}",
            want.locale
        );
        assert!(title.contains(want.month), "{}: {title}", want.locale);
        let first = text_of(&e["fields"][0]["name"]);
        assert!(first.starts_with(want.date), "{}: {first}", want.locale);

        // The help: its title and the commands as the user's Discord names them.
        let (help, _) = run_in(&standin, want.locale, "help", json!([])).await;
        let e = embed(&help);
        assert_eq!(e["title"], want.help_title, "{}", want.locale);
        let fields = e["fields"].as_array().expect("help lines");
        assert!(
            fields.iter().any(|f| f["name"] == want.help_line),
            "{}: {fields:?}",
            want.locale
        );
    }
}

#[tokio::test]
async fn the_language_option_keeps_an_answer_and_its_pages_to_one_language() {
    let data = ScratchData::copy_of_project_data();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles/languages");
    let mut french: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("fr-") && name.ends_with(".txt")
        })
        .collect();
    french.sort();
    let added = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .arg("--data")
        .arg(data.path())
        .args(["ingest", "--published", "2026-03-10"])
        .args(&french)
        .output()
        .expect("positions runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let standin = StandIn::start().await;
    let _bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;
    let (cb, id) = run_in(
        &standin,
        "de",
        "position",
        json!([
            StandIn::option("who", "France"),
            StandIn::option("language", "fr")
        ]),
    )
    .await;
    let e = embed(&cb);
    let title = text_of(&e["title"]);
    assert!(title.contains("Aussagen auf Französisch"), "{title}");
    let fields = e["fields"].as_array().expect("fields");
    let statements = &fields[..fields.len() - 1];
    assert!(!statements.is_empty());
    for f in statements {
        assert!(text_of(&f["value"]).contains(" · Französisch"), "{f}");
    }
    // The next page keeps to French.
    let buttons = cb["data"]["components"][0]["components"]
        .as_array()
        .expect("two pages of French statements")
        .clone();
    let message = standin.original_message(&id).expect("the reply is stored");
    let (mut press, press_id) =
        standin.component_interaction(text_of(&buttons[1]["custom_id"]), message);
    press["locale"] = json!("de");
    standin.send_interaction(press).await;
    let cb2 = standin.wait_callback(&press_id, WAIT).await;
    let e2 = embed(&cb2);
    assert!(
        text_of(&e2["footer"]["text"]).starts_with("Seite 2 von"),
        "{e2}"
    );
    let fields = e2["fields"].as_array().expect("fields");
    for f in &fields[..fields.len() - 1] {
        assert!(text_of(&f["value"]).contains(" · Französisch"), "{f}");
    }
}
