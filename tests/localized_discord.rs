//! The bot in the user's language, end to end against the loopback Discord stand-in: the
//! commands are registered with their names and descriptions in de, fr and es-ES, and an
//! interaction whose `locale` is one of those is answered with the bot's own words in it
//! (heading and the side's name, kinds, sources, dates and months, paging, help, errors,
//! "did you mean", moderators' notices, autocomplete's labels); the quotes stay as printed. A
//! mention is answered in its guild's language (GUILD_CREATE's `preferred_locale`).

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::{StandIn, BOT_USER_ID};

const WAIT: Duration = Duration::from_secs(15);

/// A user of one Discord locale, talking to the bot through the stand-in.
struct User<'a> {
    standin: &'a StandIn,
    locale: &'a str,
}

impl User<'_> {
    /// A command sent as this user sends it, changed by `change` (say, the member's
    /// permissions); the bot's first answer and the interaction's id.
    async fn run_as(
        &self,
        name: &str,
        options: Value,
        change: impl FnOnce(&mut Value),
    ) -> (Value, String) {
        let (mut payload, id) = self.standin.command_interaction(name, options);
        payload["locale"] = json!(self.locale);
        change(&mut payload);
        self.standin.send_interaction(payload).await;
        (self.standin.wait_callback(&id, WAIT).await, id)
    }

    /// A command as this user sends it; the bot's answer and the interaction's id.
    async fn run(&self, name: &str, options: Value) -> (Value, String) {
        self.run_as(name, options, |_| {}).await
    }

    /// The embed answering `/name who:WHO`.
    async fn ask_who(&self, name: &str, who: &str) -> Value {
        let (cb, _) = self.run(name, json!([StandIn::option("who", who)])).await;
        embed(&cb).clone()
    }

    /// A press of the button `custom_id` on the bot's answer to interaction `id`; the update.
    async fn press(&self, id: &str, custom_id: &str) -> Value {
        let message = self
            .standin
            .original_message(id)
            .expect("the reply is stored");
        let (mut press, press_id) = self.standin.component_interaction(custom_id, message);
        press["locale"] = json!(self.locale);
        self.standin.send_interaction(press).await;
        self.standin.wait_callback(&press_id, WAIT).await
    }

    /// A command answered privately after a moment ("thinking…", then an edit): the edit.
    async fn run_deferred(&self, name: &str, options: Value) -> Value {
        let (first, id) = self.run(name, options).await;
        assert_eq!(first["type"], 5, "{}: {first}", self.locale);
        let original = format!("standin-interaction-token-{id}/messages/@original");
        self.standin
            .wait_request(WAIT, "the edit of the answer", |r| {
                r.method == "PATCH" && r.path.ends_with(&original) && r.ok()
            })
            .await
            .body
    }

    /// The autocomplete choices' labels for `partial` in the option `who` of `/name`.
    async fn choices(&self, name: &str, partial: &str) -> Vec<String> {
        let (mut payload, id) = self
            .standin
            .autocomplete_interaction(name, json!([StandIn::focused_option("who", partial)]));
        payload["locale"] = json!(self.locale);
        self.standin.send_interaction(payload).await;
        let cb = self.standin.wait_callback(&id, WAIT).await;
        cb["data"]["choices"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| text_of(&c["name"]).to_string())
            .collect()
    }
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
        let user = User {
            standin: &standin,
            locale: want.locale,
        };
        let (cb, id) = user
            .run("position", json!([StandIn::option("who", "Merz")]))
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
        let cb2 = user.press(&id, text_of(&buttons[1]["custom_id"])).await;
        let footer = text_of(&embed(&cb2)["footer"]["text"]);
        assert!(footer.starts_with(want.page_2), "{}: {footer}", want.locale);

        let missing = user.ask_who("position", "atlantis").await;
        let note = text_of(&missing["description"]);
        assert!(note.starts_with(want.not_found), "{}: {note}", want.locale);

        // The timeline: the side's name, the months and the dates in the locale.
        let e = &user.ask_who("timeline", "Germany").await;
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
        let (help, _) = user.run("help", json!([])).await;
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

/// The bot's answer to a mention of it asking about `who` in the guild channel: the reply's
/// embed (checked to answer that message).
async fn mention_answer(standin: &StandIn, who: &str) -> Value {
    let asked = standin
        .send_message_create(&format!("<@{BOT_USER_ID}> {who}"), true, false, false)
        .await;
    let reply = standin.wait_channel_message(WAIT).await;
    assert_eq!(reply["message_reference"]["message_id"], asked, "{reply}");
    reply
}

#[tokio::test]
async fn a_mention_is_answered_in_the_language_its_guild_set() {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let _bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;

    // A mention carries no locale: before the guild has said its language, English.
    let reply = mention_answer(&standin, "germany").await;
    assert_eq!(embed_of(&reply)["title"], "🇩🇪 Germany · 8 statements");

    for want in LOCALES.iter().filter(|w| w.locale != "en-US") {
        standin
            .send_guild_create(want.locale)
            .await
            .expect("the bot's session has the GUILDS intent");
        let reply = germany_once_in(&standin, want.heading).await;
        let e = embed_of(&reply);
        assert_eq!(e["title"], want.heading, "{}", want.locale);
        let footer = text_of(&e["footer"]["text"]);
        assert!(footer.starts_with(want.page_1), "{}: {footer}", want.locale);
        let buttons = &reply["components"][0]["components"];
        assert_eq!(buttons[0]["label"], want.previous, "{}", want.locale);
        assert_eq!(buttons[1]["label"], want.next, "{}", want.locale);
        // The quotes stay as printed; a mention still pings no one.
        assert_eq!(reply["allowed_mentions"]["parse"], json!([]));
        let missing = mention_answer(&standin, "atlantis").await;
        let note = text_of(&embed_of(&missing)["description"]);
        assert!(note.starts_with(want.not_found), "{}: {note}", want.locale);
    }

    // A guild back to English is answered in English again.
    standin.send_guild_create("en-US").await.expect("sent");
    let reply = germany_once_in(&standin, "🇩🇪 Germany · 8 statements").await;
    assert_eq!(embed_of(&reply)["title"], "🇩🇪 Germany · 8 statements");
}

/// The answer to a mention asking about Germany once it is headed `heading`. Serenity runs
/// each event's handler on its own task, so a guild's new settings and a mention sent right
/// after them may be handled in either order: the mention is sent again (each time waiting
/// for its reply) until the answer is in the guild's language, twenty times at most.
async fn germany_once_in(standin: &StandIn, heading: &str) -> Value {
    let mut reply = mention_answer(standin, "germany").await;
    for _ in 0..20 {
        if embed_of(&reply)["title"] == heading {
            break;
        }
        reply = mention_answer(standin, "germany").await;
    }
    reply
}

fn embed_of(message: &Value) -> &Value {
    &message["embeds"][0]
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
    let user = User {
        standin: &standin,
        locale: "de",
    };
    let (cb, id) = user
        .run(
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
    let cb2 = user.press(&id, text_of(&buttons[1]["custom_id"])).await;
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

/// What a user of each locale reads where the bot turns something down or finds nothing: a
/// moderator's refusal, a follow of an unknown side, a misspelt side and its "did you mean", a
/// name two sides share, a phrase no statement holds, and autocomplete's labels.
struct Notices {
    locale: &'static str,
    /// `/retract` by a member without Manage Server: title and the start of the text.
    refused: (&'static str, &'static str),
    /// `/follow who:atlantis`: title and the start of the text.
    unknown_follow: (&'static str, &'static str),
    /// `/position who:gxrmxny`: the heading quotes the question, and the note asks whether
    /// Germany was meant, by its name here.
    asked: &'static str,
    did_you_mean: &'static str,
    /// `/position who:congolese`: the two Congos, named here.
    could_mean: &'static str,
    /// `/whosaid phrase:zqxv wqzx`: nothing holds it.
    no_phrase: &'static str,
    /// The start of Germany's autocomplete label for "ger".
    choice: &'static str,
}

const NOTICES: [Notices; 4] = [
    Notices {
        locale: "de",
        asked: "„/position gxrmxny“",
        refused: ("Nicht erlaubt", "Nur Mitglieder mit der Berechtigung „Server verwalten“"),
        unknown_follow: (
            "Wer ist das?",
            "Kein Land und keine Organisation namens „atlantis“ ist bekannt.",
        ),
        did_you_mean: "Kein Land und keine Organisation passt zu „gxrmxny“. Meinten Sie Deutschland",
        could_mean: "„congolese“ kann Demokratische Republik Kongo oder Kongo bedeuten",
        no_phrase: "Keine gespeicherte Aussage enthält „zqxv wqzx“.",
        choice: "🇩🇪 Deutschland · ",
    },
    Notices {
        locale: "fr",
        asked: "« /position gxrmxny »",
        refused: ("Non autorisé", "Seuls les membres ayant la permission « Gérer le serveur »"),
        unknown_follow: (
            "De qui s'agit-il ?",
            "Aucun pays ni aucune organisation nommé « atlantis » n'est connu.",
        ),
        did_you_mean: "Aucun pays ni aucune organisation ne correspond à « gxrmxny ». Vouliez-vous dire Allemagne",
        could_mean: "« congolese » peut désigner ",
        no_phrase: "Aucune déclaration enregistrée ne contient « zqxv wqzx ».",
        choice: "🇩🇪 Allemagne · ",
    },
    Notices {
        locale: "es-ES",
        asked: "«/posición gxrmxny»",
        refused: ("No permitido", "Solo los miembros con el permiso «Gestionar servidor»"),
        unknown_follow: (
            "¿Quién es?",
            "No se conoce ningún país ni organización llamado «atlantis».",
        ),
        did_you_mean: "Ningún país ni organización coincide con «gxrmxny». ¿Quiso decir Alemania",
        could_mean: "«congolese» puede referirse a ",
        no_phrase: "Ninguna declaración guardada contiene «zqxv wqzx».",
        choice: "🇩🇪 Alemania · ",
    },
    Notices {
        locale: "en-US",
        asked: "“/position gxrmxny”",
        refused: ("Not allowed", "Only members with the Manage Server permission"),
        unknown_follow: (
            "Who is that?",
            "No country or organisation called “atlantis” is known.",
        ),
        did_you_mean: "No country or organisation matches “gxrmxny”. Did you mean Germany",
        could_mean: "“congolese” could mean Democratic Republic of the Congo or Republic of the Congo",
        no_phrase: "No stored statement contains “zqxv wqzx”.",
        choice: "🇩🇪 Germany · ",
    },
];

#[tokio::test]
async fn refusals_notices_and_suggestions_are_in_the_users_locale() {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let _bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;
    for want in NOTICES {
        let user = User {
            standin: &standin,
            locale: want.locale,
        };
        let starts = |e: &Value, (title, text): (&str, &str)| {
            assert_eq!(e["title"], title, "{}: {e}", want.locale);
            let d = text_of(&e["description"]);
            assert!(d.starts_with(text), "{}: {d}", want.locale);
        };

        // A moderator's command refused, privately.
        let (refused, _) = user
            .run_as(
                "retract",
                json!([StandIn::option("statement", "s0")]),
                |p| p["member"]["permissions"] = json!("0"),
            )
            .await;
        assert_eq!(refused["data"]["flags"], 64, "{refused}");
        starts(embed(&refused), want.refused);

        // A follow of a side nobody knows: the private edit after "thinking…".
        let unknown = user
            .run_deferred("follow", json!([StandIn::option("who", "atlantis")]))
            .await;
        starts(&unknown["embeds"][0], want.unknown_follow);

        // A misspelt side: "did you mean" with the sides named in the locale.
        let misspelt = user.ask_who("position", "gxrmxny").await;
        assert_eq!(misspelt["title"], want.asked, "{}", want.locale);
        let note = text_of(&misspelt["description"]);
        assert!(
            note.starts_with(want.did_you_mean),
            "{}: {note}",
            want.locale
        );
        let shared = user.ask_who("position", "congolese").await;
        let note = text_of(&shared["description"]);
        assert!(note.starts_with(want.could_mean), "{}: {note}", want.locale);

        // A phrase no statement holds.
        let (none, _) = user
            .run("whosaid", json!([StandIn::option("phrase", "zqxv wqzx")]))
            .await;
        let note = text_of(&embed(&none)["description"]);
        assert_eq!(note, want.no_phrase, "{}", want.locale);

        // Autocomplete names the side and counts its statements in the locale.
        let choices = user.choices("position", "ger").await;
        assert!(
            choices.iter().any(|c| c.starts_with(want.choice)),
            "{}: {choices:?}",
            want.locale
        );
    }
}
