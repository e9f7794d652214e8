//! The answers a user gets, on a small hand-made store over the real gazetteer: name matching
//! (typos, demonyms, leaders, titles, capitals, native names, diacritics), topics, comparisons,
//! quote search, mentioned-only and not-found replies, and the rendered embed's limits.

use std::path::Path;

use positions::answer::ask;
use positions::answer::reply::{Command, Outcome, Reply};
use positions::entities::Gazetteer;
use positions::index::Index;
use positions::model::{statement_id, Article, Kind, Speaker, Statement};
use positions::store::{Store, StoredArticle};

fn statement(
    article: &str,
    paragraph: u32,
    text: &str,
    speaker: &str,
    role: &str,
    entity: &str,
    mentions: &[&str],
) -> Statement {
    Statement {
        id: statement_id(article, text, paragraph).into(),
        text: text.into(),
        kind: if text.contains('“') {
            Kind::Mixed
        } else {
            Kind::Direct
        },
        speaker: Speaker {
            name: speaker.into(),
            role: Some(role.into()),
        },
        entity: Some(entity.to_string()),
        mentions: mentions.iter().map(|m| m.to_string()).collect(),
        article: article.to_string(),
        paragraph,
    }
}

fn index() -> Index {
    let a = "summit";
    let statements = vec![
        statement(a, 1, "Germany will commit itself politically, economically and militarily.", "Friedrich Merz", "Chancellor of Germany", "DE", &[]),
        statement(a, 2, "German troops could join the multinational force once a ceasefire is reached.", "Friedrich Merz", "Chancellor of Germany", "DE", &["UA"]),
        statement(a, 3, "The hardest steps are still ahead of us.", "Keir Starmer", "Prime Minister of the United Kingdom", "GB", &["UA"]),
        statement(a, 4, "Italy will not send soldiers to Ukraine.", "Giorgia Meloni", "Prime Minister of Italy", "IT", &["UA"]),
        statement(a, 5, "The ceasefire monitoring will be under American leadership, with Turkey in the Black Sea.", "Emmanuel Macron", "President of France", "FR", &["US", "TR"]),
        statement(a, 6, "We will help with the EU’s civilian and military missions on the ground.", "António Costa", "President of the European Council", "EU", &["UA"]),
        statement(a, 7, "Spain will propose to open the door to military involvement in Ukraine @everyone <@&123>.", "Pedro Sánchez", "Prime Minister of Spain", "ES", &["UA"]),
    ];
    index_of(a, statements)
}

/// An index over one article holding these statements, on the real gazetteer.
fn index_of(a: &str, statements: Vec<Statement>) -> Index {
    let gazetteer =
        Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("gazetteer");
    let body: String = statements.iter().map(|s| format!("{}\n", s.text)).collect();
    let store = Store {
        articles: vec![StoredArticle {
            meta: Article {
                id: a.to_string(),
                title: Some("Leaders meet in Paris".to_string()),
                publisher: Some("Test Wire".to_string()),
                url: Some("https://example.org/summit".to_string()),
                published: Some("2026-01-07".to_string()),
                language: None,
                fingerprint: "0".to_string(),
            },
            body,
        }],
        statements,
        retractions: Vec::new(),
    };
    Index::build(gazetteer, store)
}

fn entity_of<'r>(reply: &'r Reply<'_>) -> Option<&'r str> {
    reply.entity.as_ref().map(|e| e.name.as_ref())
}

#[test]
fn every_way_of_naming_germany_finds_germany() {
    let idx = index();
    for q in [
        "/position germany",
        "/position germny",
        "/position Deutschland",
        "/position the Germans",
        "/position Merz",
        "/position Berlin",
        "/position the German chancellor",
        "/position GERMANY",
        "/position Friedrich Merz",
        "what did Germany say?",
        "germany?",
    ] {
        let r = ask(&idx, q, 0);
        assert_eq!(r.command, Command::Position, "{q}");
        assert_eq!(entity_of(&r), Some("Germany"), "{q}");
        assert_eq!(r.outcome, Outcome::Found, "{q}");
        assert_eq!(r.statements.len(), 2, "{q}");
        assert_eq!(r.statements[0].speaker, "Friedrich Merz");
        assert_eq!(r.statements[0].entity, Some("Germany"));
    }
}

#[test]
fn other_entities_by_leader_capital_demonym_and_diacritics() {
    let idx = index();
    let cases = [
        ("/position the British", "United Kingdom"),
        ("/position Starmer", "United Kingdom"),
        ("/position London", "United Kingdom"),
        ("/position uk", "United Kingdom"),
        ("/position Pedro Sanchez", "Spain"),
        ("/position Sánchez", "Spain"),
        ("/position España", "Spain"),
        ("/position Brussels", "European Union"),
        ("/position the EU", "European Union"),
        ("/position Élysée", "France"),
        ("/position Meloni", "Italy"),
        ("/position Italie", "Italy"),
    ];
    for (q, want) in cases {
        assert_eq!(entity_of(&ask(&idx, q, 0)), Some(want), "{q}");
    }
}

#[test]
fn abbreviations_slang_and_free_sentences_a_mention_would_hold() {
    let idx = index();
    let cases = [
        ("/position U.S.", "United States"),
        ("what did the US say?", "United States"),
        ("what did the U.S. say about troops", "United States"),
        ("US?", "United States"),
        ("what did the brits say", "United Kingdom"),
        ("tell us about germany", "Germany"),
        ("what did the german chancellor say about troops", "Germany"),
    ];
    for (q, want) in cases {
        assert_eq!(entity_of(&ask(&idx, q, 0)), Some(want), "{q}");
    }
    // "us" in lower case is the pronoun, not the country.
    assert_eq!(ask(&idx, "us", 0).outcome, Outcome::Unclear);
    // A name among other words is the name, and the rest is the topic.
    let r = ask(&idx, "merz troops", 0);
    assert_eq!(entity_of(&r), Some("Germany"));
    assert_eq!(r.topic.as_deref(), Some("troops"));
    // An office beside a demonym names who is asked about; it is no topic.
    assert_eq!(ask(&idx, "the German chancellor", 0).topic, None);
}

#[test]
fn a_question_put_in_german_french_or_spanish_is_read_like_one_in_english() {
    let idx = index();
    let cases = [
        (
            "was hat Deutschland zu Truppen gesagt?",
            "Germany",
            Some("Truppen"),
        ),
        (
            "Was sagt Italien über die Truppen",
            "Italy",
            Some("Truppen"),
        ),
        (
            "qu'a dit l'Allemagne sur les troupes ?",
            "Germany",
            Some("troupes"),
        ),
        ("Qu’a dit l’Espagne ?", "Spain", None),
        (
            "¿qué dijo Alemania sobre las tropas?",
            "Germany",
            Some("tropas"),
        ),
        ("¿Qué ha dicho Italia?", "Italy", None),
        (
            "what did Germany say about the troops?",
            "Germany",
            Some("troops"),
        ),
    ];
    for (q, side, topic) in cases {
        let r = ask(&idx, q, 0);
        assert_eq!(entity_of(&r), Some(side), "{q}");
        assert_eq!(r.topic.as_deref(), topic, "{q}");
    }
    // The topic is matched in the words it was asked in: troops, Truppen, troupes, tropas.
    for q in [
        "was hat Deutschland zu Truppen gesagt?",
        "qu'a dit l'Allemagne sur les troupes ?",
        "¿qué dijo Alemania sobre las tropas?",
    ] {
        assert_eq!(ask(&idx, q, 0).topic_matches, Some(1), "{q}");
    }
    // A word of a question in one language is no side in another ("sur" is not Suriname),
    // and a two-letter code in capitals is still a code where the word is a question's.
    assert_eq!(
        entity_of(&ask(&idx, "qu'a dit la France sur le cessez-le-feu", 0)),
        Some("France")
    );
    assert_eq!(entity_of(&ask(&idx, "what did DE say", 0)), Some("Germany"));
}

#[test]
fn topic_matches_come_first() {
    let idx = index();
    let r = ask(&idx, "/position germany troops", 0);
    assert_eq!(r.topic.as_deref(), Some("troops"));
    assert_eq!(r.topic_matches, Some(1));
    assert!(r.statements[0].text.starts_with("German troops"));
    assert_eq!(r.statements.len(), 2, "the other statements follow");
    let r = ask(&idx, "what did Italy say about troops?", 0);
    assert_eq!(entity_of(&r), Some("Italy"));
    assert_eq!(r.topic_matches, Some(1), "soldiers count as troops");
}

#[test]
fn mentioned_only_and_silent_and_not_found() {
    let idx = index();
    let r = ask(&idx, "/position ukraine", 0);
    assert_eq!(r.outcome, Outcome::MentionedOnly);
    assert_eq!(entity_of(&r), Some("Ukraine"));
    assert!(r.statements.is_empty());
    assert_eq!(r.mentioned_in.len(), 5);
    let r = ask(&idx, "/position Japan", 0);
    assert_eq!(r.outcome, Outcome::Silent);
    let r = ask(&idx, "/position Atlantis", 0);
    assert_eq!(r.outcome, Outcome::NotFound);
    assert!(r.entity.is_none());
    let r = ask(&idx, "/position Germani", 0);
    assert_eq!(entity_of(&r), Some("Germany"));
    let r = ask(&idx, "/position Gxrmxny", 0);
    assert_eq!(r.outcome, Outcome::NotFound);
    assert!(
        r.suggestions.contains(&"Germany".to_string()),
        "{:?}",
        r.suggestions
    );
}

#[test]
fn compare_whosaid_topic_sources() {
    let idx = index();
    let r = ask(&idx, "/compare italy germany", 0);
    assert_eq!(r.command, Command::Compare);
    let names: Vec<&str> = r.groups.iter().map(|g| g.entity.name.as_ref()).collect();
    assert_eq!(names, ["Italy", "Germany"]);
    let r = ask(&idx, "compare italy and germany", 0);
    assert_eq!(r.groups.len(), 2);

    let r = ask(&idx, "/whosaid hardest steps", 0);
    assert_eq!(r.statements[0].speaker, "Keir Starmer");
    let r = ask(&idx, "/whosaid hardset steps", 0);
    assert_eq!(r.statements[0].speaker, "Keir Starmer", "one typo");
    let r = ask(&idx, "who said civilian and military missions", 0);
    assert_eq!(r.statements[0].entity, Some("European Union"));

    let r = ask(&idx, "/topic ceasefire", 0);
    let groups: Vec<&str> = r.groups.iter().map(|g| g.entity.name.as_ref()).collect();
    assert!(
        groups.contains(&"France") && groups.contains(&"Germany"),
        "{groups:?}"
    );

    let r = ask(&idx, "/sources", 0);
    assert_eq!(r.sources.len(), 1);
    assert_eq!(r.sources[0].title, "Leaders meet in Paris");
}

#[test]
fn unreadable_input_is_answered_not_crashed() {
    let idx = index();
    for q in [
        "",
        "   ",
        "/",
        "/nonsense",
        "?!?",
        "🇩🇪🇩🇪🇩🇪",
        "/position",
        "/compare germany",
        "<@123>",
        "@everyone",
    ] {
        let r = ask(&idx, q, 0);
        let m = positions::render::embed::render(&r);
        assert!(m.within_limits(), "{q}");
    }
    let long = "🎉".repeat(4000);
    let r = ask(&idx, &long, 0);
    assert!(positions::render::embed::render(&r).within_limits());
}

#[test]
fn rendered_replies_cannot_ping() {
    let idx = index();
    let r = ask(&idx, "/position spain", 0);
    let m = positions::render::embed::render(&r);
    for e in &m.embeds {
        for f in &e.fields {
            assert!(
                !positions::render::escape::can_ping(&f.value),
                "{}",
                f.value
            );
        }
    }
    let r = ask(&idx, "/position @everyone <@&42>", 0);
    let m = positions::render::embed::render(&r);
    let all = serde_json::to_string(&m).unwrap();
    assert!(!all.contains("@everyone") && !positions::render::escape::can_ping(&all));
}

#[test]
fn a_partly_quoted_statement_is_never_shown_inside_quotation_marks() {
    let text = "Merz vowed that the country would be “merciless” in defending itself.";
    let s = statement(
        "vow",
        1,
        text,
        "Friedrich Merz",
        "Chancellor of Germany",
        "DE",
        &[],
    );
    assert_eq!(s.kind, Kind::Mixed);
    let idx = index_of("vow", vec![s]);
    let r = ask(&idx, "/position germany", 0);
    let shown = positions::render::text::render(&r);
    assert!(shown.contains(&format!("1. {text}\n")), "{shown}");
    assert!(!shown.contains("“Merz vowed"), "{shown}");
    let m = positions::render::embed::render(&r);
    let value = &m.embeds[0].fields[0].value;
    assert!(
        value.contains("partly quoted") && !value.contains("“Merz vowed"),
        "{value}"
    );
}

#[test]
fn pages_carry_their_question() {
    let idx = index();
    let r = ask(&idx, "/topic ukraine", 0);
    let _ = r;
    let r = ask(&idx, "/position ukraine", 0);
    let m = positions::render::embed::render(&r);
    if r.pages > 1 {
        let (page, q) =
            positions::render::embed::parse_page_custom_id(&m.buttons[1].custom_id).unwrap();
        let r2 = ask(&idx, q, page);
        assert_eq!(r2.page, 1);
        assert_eq!(entity_of(&r2), Some("Ukraine"));
    } else {
        assert!(m.buttons.is_empty());
    }
}
