//! Better answers from what is stored, on a small hand-made store over the real gazetteer: an
//! office asked alone, `/topic` with every side and the speakers for no side, a not-found reply
//! titled with what was asked, compact citations, reported speech without quotation marks, and
//! Find the source and `/timeline` as the command line shows them.

use std::path::Path;

use positions::answer::ask;
use positions::answer::reply::{Command, Outcome};
use positions::entities::Gazetteer;
use positions::index::Index;
use positions::model::{statement_id, Article, Kind, Speaker, Statement};
use positions::render;
use positions::store::{Store, StoredArticle};

fn statement(
    article: &str,
    paragraph: u32,
    text: &str,
    kind: Kind,
    speaker: (&str, Option<&str>),
    entity: Option<&str>,
) -> Statement {
    Statement {
        id: statement_id(article, text, paragraph).into(),
        text: text.into(),
        kind,
        speaker: Speaker {
            name: speaker.0.into(),
            role: speaker.1.map(Into::into),
        },
        entity: entity.map(str::to_string),
        mentions: Vec::new(),
        article: article.to_string(),
        paragraph,
    }
}

fn article(id: &str, title: &str, published: &str) -> Article {
    Article {
        id: id.to_string(),
        title: Some(title.to_string()),
        publisher: Some("Test Wire".to_string()),
        url: Some(format!("https://example.org/{id}")),
        published: Some(published.to_string()),
        language: None,
        fingerprint: id.to_string(),
    }
}

fn index() -> Index {
    let gazetteer =
        Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("gazetteer");
    let (a, b, c) = ("summit", "tariffs", "reactions");
    let d = Kind::Direct;
    let statements = vec![
        statement(
            a,
            1,
            "Italy will not send a single soldier, whatever the troops of others do.",
            d,
            (
                "Antonio Tajani",
                Some("Minister of Foreign Affairs of Italy"),
            ),
            Some("IT"),
        ),
        statement(
            a,
            2,
            "German troops could join the force once a ceasefire is reached.",
            Kind::Indirect,
            ("Friedrich Merz", Some("Chancellor of Germany")),
            Some("DE"),
        ),
        statement(
            a,
            3,
            "Our troops stand ready for the reassurance force.",
            d,
            ("Friedrich Merz", Some("Chancellor of Germany")),
            Some("DE"),
        ),
        statement(
            a,
            4,
            "Troops from Germany will train Ukrainian troops at home.",
            d,
            (
                "Johann Wadephul",
                Some("Federal Minister for Foreign Affairs"),
            ),
            Some("DE"),
        ),
        statement(
            a,
            5,
            "French troops will lead the reassurance force.",
            d,
            ("Emmanuel Macron", Some("President of France")),
            Some("FR"),
        ),
        statement(
            a,
            6,
            "British troops will be part of the force.",
            d,
            ("Keir Starmer", Some("Prime Minister of the United Kingdom")),
            Some("GB"),
        ),
        statement(
            a,
            7,
            "Spain is ready to send troops after a ceasefire.",
            d,
            ("Pedro Sánchez", Some("Prime Minister of Spain")),
            Some("ES"),
        ),
        statement(
            a,
            8,
            "Polish troops will stay in Poland.",
            d,
            ("Donald Tusk", Some("Prime Minister of Poland")),
            Some("PL"),
        ),
        statement(
            b,
            1,
            "Tariffs on steel would hurt workers on both sides.",
            d,
            ("Jana Weber", Some("economist")),
            None,
        ),
        statement(
            b,
            2,
            "The tariffs are a blunt tool.",
            d,
            ("Tom Harris", Some("trade analyst")),
            None,
        ),
        statement(
            b,
            3,
            "The government has no plan at all on tariffs.",
            d,
            ("Karl Brandt", Some("Opposition leader")),
            None,
        ),
        statement(
            c,
            1,
            "Ukraine deserves peace talks, not promises.",
            d,
            ("Marine Le Pen", Some("leader of the National Rally")),
            None,
        ),
        statement(
            c,
            2,
            "Europe will keep paying for Ukraine's reconstruction.",
            d,
            (
                "Ursula von der Leyen",
                Some("President of the European Commission"),
            ),
            Some("EU"),
        ),
    ];
    let body = |id: &str| -> String {
        statements
            .iter()
            .filter(|s| s.article == id)
            .map(|s| format!("{}\n", s.text))
            .collect()
    };
    let store = Store {
        articles: vec![
            StoredArticle {
                meta: article(
                    a,
                    "Leaders of the coalition of the willing meet in Paris to discuss the force",
                    "2026-01-07",
                ),
                body: body(a),
            },
            StoredArticle {
                meta: article(b, "Economists warn of a tariff war", "2025-11-20"),
                body: body(b),
            },
            StoredArticle {
                meta: article(c, "Reactions in Europe to the Paris meeting", "2026-01-08"),
                body: body(c),
            },
        ],
        statements,
        retractions: Vec::new(),
    };
    Index::build(gazetteer, store)
}

#[test]
fn an_office_alone_answers_for_its_only_holder_or_asks_which() {
    let idx = index();
    for q in ["/position chancellor", "/position the chancellor"] {
        let r = ask(&idx, q, 0);
        assert_eq!(r.outcome, Outcome::Found, "{q}");
        assert_eq!(
            r.entity.as_ref().map(|e| e.name.as_ref()),
            Some("Germany"),
            "{q}"
        );
    }
    for q in [
        "/position foreign minister",
        "what did the foreign minister say",
    ] {
        let r = ask(&idx, q, 0);
        assert_eq!(r.outcome, Outcome::NotFound, "{q}");
        assert!(
            r.suggestions
                .contains(&"Federal Minister for Foreign Affairs (Johann Wadephul)".to_string()),
            "{q}: {:?}",
            r.suggestions
        );
        assert!(
            r.suggestions
                .contains(&"Minister of Foreign Affairs of Italy (Antonio Tajani)".to_string()),
            "{q}: {:?}",
            r.suggestions
        );
        assert!(
            r.note.as_deref().is_some_and(|n| n.contains("Which one?")),
            "{q}"
        );
    }
}

#[test]
fn topic_shows_every_side_by_relevance_then_the_others() {
    let idx = index();
    let r = ask(&idx, "/topic troops", 0);
    let names: Vec<&str> = r.groups.iter().map(|g| g.entity.name.as_ref()).collect();
    // Italy's one statement ranks first; Germany's three follow as one side.
    assert_eq!(
        names,
        [
            "Italy",
            "Germany",
            "France",
            "United Kingdom",
            "Spain",
            "Poland"
        ]
    );
    assert_eq!(r.pages, 1);
    let germany = &r.groups[1];
    assert_eq!((germany.total, germany.statements.len()), (3, 1));
    let text = render::text::render(&r);
    assert!(text.contains("Germany (3 statements, +2 more)"), "{text}");

    let r = ask(&idx, "/topic tariffs", 0);
    assert_eq!(r.outcome, Outcome::Found);
    assert_eq!(r.total, 3);
    assert_eq!(r.groups.len(), 1);
    assert_eq!(
        &*r.groups[0].entity.name,
        "Others: analysts, opposition, media"
    );
    assert_eq!(r.groups[0].statements.len(), 3);
    let text = render::text::render(&r);
    assert!(!text.contains("No stored statement"), "{text}");
    assert!(text.contains("Jana Weber"), "{text}");
}

#[test]
fn a_name_with_a_particle_is_asked_about_not_the_topic_after_it() {
    let idx = index();
    let speaker = |q: &str| {
        let r = ask(&idx, q, 0);
        assert_eq!(r.outcome, Outcome::Found, "{q}: {:?}", r.note);
        let names: Vec<String> = r.statements.iter().map(|s| s.speaker.to_string()).collect();
        names
    };
    // "le", "von der" are words a question drops ("what did the …"), but inside a name they
    // are the name.
    for q in [
        "what did Ursula von der Leyen say about Ukraine?",
        "was hat Ursula von der Leyen zur Ukraine gesagt?",
    ] {
        assert_eq!(speaker(q), ["Ursula von der Leyen"], "{q}");
    }
    // Someone asked about by name who speaks for no side (Marine Le Pen: /position answers for
    // sides) or whom the store does not know is answered as not found under that name, never
    // with the topic's side.
    for (q, who) in [
        ("what did Marine Le Pen say about Ukraine?", "Marine Le Pen"),
        ("Marine Le Pen on Ukraine", "Marine Le Pen"),
        ("qu'a dit Marine Le Pen sur l'Ukraine ?", "Marine Le Pen"),
        (
            "what did Jean-Luc Mélenchon say about Ukraine?",
            "Jean-Luc Mélenchon",
        ),
        (
            "What did Jordan Bardella say about Ukraine",
            "Jordan Bardella",
        ),
    ] {
        let r = ask(&idx, q, 0);
        assert_eq!(r.outcome, Outcome::NotFound, "{q}");
        assert!(r.entity.is_none(), "{q}: {:?}", r.entity);
        let note = r.note.as_deref().unwrap_or_default();
        assert!(note.contains(&format!("“{who}”")), "{q}: {note}");
    }
    // A side's name next to a capitalised word that is not part of it is still the side.
    let r = ask(&idx, "What Did Italy Say Yesterday About Troops", 0);
    assert_eq!(r.entity.as_ref().map(|e| e.name.as_ref()), Some("Italy"));
    // A side asked in lower case with the topic after it is still read as before.
    let r = ask(&idx, "tell us about germany", 0);
    assert_eq!(r.entity.as_ref().map(|e| e.name.as_ref()), Some("Germany"));
}

#[test]
fn not_found_is_titled_with_what_was_asked() {
    let idx = index();
    let r = ask(&idx, "/position atlantis", 0);
    assert_eq!(r.outcome, Outcome::NotFound);
    let title = &render::embed::render(&r).embeds[0].title;
    assert!(title.contains("atlantis"), "{title}");
    assert_ne!(title, "positions");
}

#[test]
fn the_embed_cites_each_article_once_and_briefly() {
    let idx = index();
    let r = ask(&idx, "/topic troops", 0);
    let message = render::embed::render(&r);
    assert!(message.within_limits());
    let embed = &message.embeds[0];
    let all: String = embed
        .fields
        .iter()
        .map(|f| format!("{}\n{}\n", f.name, f.value))
        .collect();
    let title = "Leaders of the coalition of the willing meet in Paris";
    assert_eq!(all.matches(title).count(), 1, "{all}");
    let last = embed.fields.last().expect("fields");
    assert_eq!(last.name, "Sources");
    assert!(last.value.starts_with("[1] ["), "{}", last.value);
    assert!(
        embed.fields[0]
            .value
            .contains("[Test Wire · 2026-01-07](https://example.org/summit) [1]"),
        "{}",
        embed.fields[0].value
    );
}

#[test]
fn reported_speech_is_not_put_in_quotation_marks_in_the_text() {
    let idx = index();
    let text = render::text::render(&ask(&idx, "/position germany", 0));
    assert!(
        text.contains("1. German troops could join the force once a ceasefire is reached.\n"),
        "{text}"
    );
    assert!(
        text.contains("“Our troops stand ready for the reassurance force.”"),
        "{text}"
    );
}

#[test]
fn find_the_source_and_timeline_on_the_command_line() {
    let idx = index();
    let r = ask(&idx, "/source “the tarifs are a blunt tool”", 0);
    assert_eq!(r.command, Command::Source);
    assert_eq!(r.outcome, Outcome::Found);
    assert_eq!(r.statements[0].speaker, "Tom Harris");
    let text = render::text::render(&r);
    assert!(text.contains("[-tariffs-] {+tarifs+}"), "{text}");

    let r = ask(
        &idx,
        "where is this from: Polish soldiers will stay in Poland",
        0,
    );
    assert_eq!(r.command, Command::Source);
    assert_eq!(r.statements[0].speaker, "Donald Tusk");
    let text = render::text::render(&r);
    assert!(text.contains("[-troops-] {+soldiers+}"), "{text}");

    let r = ask(&idx, "/timeline germany troops", 0);
    assert_eq!(r.command, Command::Timeline);
    assert_eq!(r.months.len(), 1);
    assert_eq!((r.months[0].statements, r.months[0].on_topic), (3, 3));
    let json = render::json(&r);
    assert!(json.contains("\"month\": \"2026-01\""), "{json}");
}
