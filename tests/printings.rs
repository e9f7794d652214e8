//! One statement, many printings: articles that print the same quote (reprinted, retitled,
//! trimmed, re-quoted later) answer with the statement once, its earliest printing as the source
//! and the others named; every count counts statements. Built at once and changed live alike.

use std::path::Path;

use positions::answer::ask;
use positions::answer::reply::Reply;
use positions::entities::Gazetteer;
use positions::index::{Change, Index};
use positions::ingest::{prepare, Metadata};
use positions::model::Statement;
use positions::store::{Retraction, Store, StoredArticle};
use serde_json::Value;

fn gazetteer() -> Gazetteer {
    Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap()
}

/// An article as a newsroom would print it: its metadata and its text.
struct Printed {
    name: &'static str,
    title: &'static str,
    publisher: &'static str,
    published: &'static str,
    body: String,
}

fn printed(
    name: &'static str,
    title: &'static str,
    publisher: &'static str,
    published: &'static str,
    body: &str,
) -> Printed {
    Printed {
        name,
        title,
        publisher,
        published,
        body: body.to_string(),
    }
}

/// Each article read as `ingest` reads it, one after the other into a store.
fn store_of(articles: &[Printed]) -> Store {
    let g = gazetteer();
    let mut store = Store::default();
    for a in articles {
        let meta = Metadata {
            title: Some(a.title.to_string()),
            publisher: Some(a.publisher.to_string()),
            url: Some(format!(
                "https://{}.example/{}",
                a.publisher.replace(' ', "-").to_lowercase(),
                a.name
            )),
            published: Some(a.published.to_string()),
            language: None,
        };
        let p = prepare(&a.body, meta, a.name, &g, &store).unwrap();
        assert!(p.duplicate_of.is_none(), "{}", a.name);
        assert!(!p.statements.is_empty(), "{}: no statement read", a.name);
        store.statements.extend(p.statements);
        store.articles.push(StoredArticle {
            meta: p.article,
            body: p.body,
        });
    }
    store
}

fn json(r: &Reply) -> Value {
    serde_json::to_value(r).unwrap()
}

fn texts(r: &Value) -> Vec<String> {
    r["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

const MERZ_ONE: &str = "Germany is set to keep up the pressure on Moscow.\n\
“The sanctions against Russia will stay in place until the last Russian soldier has left Ukraine,” Merz said.\n\
“We are preparing a new package of sanctions on Russian oil and gas, and we expect every European partner to join it,” he added.\n";

const MERZ_TWO: &str = "Further measures against Russia are in preparation.\n\
“The sanctions against Russia will stay in place until the last Russian soldier has left Ukraine,” Chancellor Friedrich Merz told reporters.\n\
“We are preparing a new package of sanctions on Russian oil and gas, and we expect every European partner to join it,” Merz said.\n";

fn two_articles() -> Vec<Printed> {
    vec![
        printed(
            "merz-sanctions-wire",
            "Merz vows to keep sanctions on Russia",
            "Example Wire",
            "2026-03-06",
            MERZ_ONE,
        ),
        printed(
            "berlin-readies-measures",
            "Berlin readies new measures against Moscow",
            "Example News Two",
            "2026-03-07",
            MERZ_TWO,
        ),
    ]
}

#[test]
fn two_articles_printing_the_same_two_sentences_answer_with_two_statements() {
    let index = Index::build(gazetteer(), store_of(&two_articles()));
    let r = json(&ask(&index, "/position germany sanctions", 0));
    let shown = texts(&r);
    assert_eq!(shown.len(), 2, "each sentence once: {shown:#?}");
    assert_eq!(r["total"], 2);
    for s in r["statements"].as_array().unwrap() {
        assert_eq!(s["printings"], 2, "{s}");
        // The earliest printing is the source; the other is named.
        assert_eq!(s["source"]["publisher"], "Example Wire");
        assert_eq!(s["source"]["published"], "2026-03-06");
        let also = s["also_in"].as_array().unwrap();
        assert_eq!(also.len(), 1);
        assert_eq!(also[0]["publisher"], "Example News Two");
        assert_eq!(
            also[0]["title"],
            "Berlin readies new measures against Moscow"
        );
        assert!(also[0]["url"]
            .as_str()
            .unwrap()
            .contains("berlin-readies-measures"));
    }
    // The text says where else it was printed and cites each article once.
    let text = positions::render::text::render(&ask(&index, "/position germany sanctions", 0));
    assert!(text.contains("also in Example News Two"), "{text}");
    assert_eq!(
        text.matches("Merz vows to keep sanctions on Russia")
            .count(),
        1,
        "{text}"
    );
    assert_eq!(
        text.matches("Berlin readies new measures against Moscow")
            .count(),
        1,
        "{text}"
    );
    // The embed too.
    let embed = positions::render::embed::render(&ask(&index, "/position germany sanctions", 0));
    let fields = serde_json::to_string(&embed).unwrap();
    assert!(fields.contains("also in Example News Two"), "{fields}");
}

/// A wire story in six printings: the original, a retitled reprint, a trimmed one, one with
/// straight quotes, a re-quote a week later, and one ingested before the original (printed the
/// day after it).
fn wire_story() -> Vec<Printed> {
    let original = "Italian Prime Minister Giorgia Meloni said on Monday that Italy would not take part in a ground mission.\n\
“Italy will not send soldiers to Ukraine, but we will help to monitor any ceasefire from outside the country,” Meloni told reporters in Rome.\n\
“Our contribution will be training, intelligence and air policing over the Black Sea for as long as our allies need it,” she said.\n";
    let retitled = original.replace("said on Monday", "said");
    let trimmed = "Rome will stay out of any ground mission in Ukraine, its government says.\n\
“Italy will not send soldiers to Ukraine,” Prime Minister Giorgia Meloni said. “Our contribution will be training, intelligence and air policing over the Black Sea,” she added.\n";
    let straight = original.replace(['“', '”'], "\"");
    let reprint = format!("(Example Herald) {original}");
    let later = "A week after ruling out a ground mission, Italy is under pressure from its allies.\n\
Italian Prime Minister Giorgia Meloni said last week that “Italy will not send soldiers to Ukraine, but we will help to monitor any ceasefire from outside the country.”\n";
    vec![
        // Ingested first, printed the day after the original.
        printed(
            "meloni-next-day",
            "Meloni: no Italian troops for Ukraine",
            "Example Daily",
            "2026-02-03",
            &retitled,
        ),
        printed(
            "meloni-rules-out-troops",
            "Meloni rules out sending Italian troops",
            "Example Wire",
            "2026-02-02",
            original,
        ),
        printed(
            "italy-stays-out",
            "Italy stays out of ground mission",
            "Example Post",
            "2026-02-03",
            trimmed,
        ),
        printed(
            "meloni-plain-quotes",
            "Italy will not send soldiers, Meloni says",
            "Example Plain",
            "2026-02-04",
            &straight,
        ),
        printed(
            "italy-allies-pressure",
            "Allies press Rome after Meloni's refusal",
            "Example Weekly",
            "2026-02-09",
            later,
        ),
        printed(
            "meloni-reprint",
            "Italian PM: training, not troops",
            "Example Herald",
            "2026-02-05",
            &reprint,
        ),
    ]
}

fn soldiers_statement(r: &Value) -> Value {
    r["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["text"]
                .as_str()
                .unwrap()
                .contains("Italy will not send soldiers")
        })
        .cloned()
        .unwrap_or_else(|| panic!("the soldiers statement: {r:#}"))
}

#[test]
fn a_wire_story_in_six_printings_is_one_statement_first_printed_by_the_wire() {
    let index = Index::build(gazetteer(), store_of(&wire_story()));
    let r = json(&ask(&index, "/position italy", 0));
    let shown = texts(&r);
    // Three statements: the lead in reported speech, the soldiers (six printings) and the
    // contribution.
    assert_eq!(r["total"], 3, "{shown:#?}");
    let s = soldiers_statement(&r);
    assert_eq!(s["printings"], 6, "{s:#}");
    assert_eq!(s["source"]["publisher"], "Example Wire");
    assert_eq!(s["source"]["published"], "2026-02-02");
    let also: Vec<&str> = s["also_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["published"].as_str().unwrap())
        .collect();
    let mut sorted = also.clone();
    sorted.sort();
    assert_eq!(also, sorted, "earliest first");
    assert_eq!(also.len(), 5);
    // Who said it, and where it comes from: the earliest printing.
    let w = json(&ask(&index, "/whosaid not send soldiers to Ukraine", 0));
    assert_eq!(w["total"], 1, "{w:#}");
    assert_eq!(
        w["note"],
        "First printed by Example Wire on 2026-02-02; also in 5 others."
    );
    let f = json(&ask(
        &index,
        "/source “Italy won't send soldiers to Ukraine but will help monitor any ceasefire from outside the country”",
        0,
    ));
    assert_eq!(
        f["statements"][0]["source"]["publisher"], "Example Wire",
        "{f:#}"
    );
    assert!(
        f["note"]
            .as_str()
            .unwrap()
            .ends_with("First printed by Example Wire on 2026-02-02; also in 5 others."),
        "{f:#}"
    );
}

#[test]
fn every_command_counts_statements_not_printings() {
    let mut all = wire_story();
    all.extend(two_articles());
    let index = Index::build(gazetteer(), store_of(&all));
    let count = |q: &str| json(&ask(&index, q, 0));
    assert_eq!(count("/position italy")["total"], 3);
    assert_eq!(count("/position germany")["total"], 2);
    let t = count("/timeline italy");
    assert_eq!(t["total"], 3);
    let months: u64 = t["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["statements"].as_u64().unwrap())
        .sum();
    assert_eq!(months, 3, "{t:#}");
    let c = count("/compare italy germany");
    let totals: Vec<u64> = c["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["total"].as_u64().unwrap())
        .collect();
    assert_eq!(totals, [3, 2], "{c:#}");
    let topic = count("/topic sanctions");
    let germany = topic["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["entity"]["id"] == "DE")
        .cloned()
        .unwrap_or_else(|| panic!("{topic:#}"));
    assert_eq!(germany["total"], 2, "{topic:#}");
    assert_eq!(
        count("/whosaid sanctions against Russia will stay")["total"],
        1
    );
    let sources = count("/sources");
    assert_eq!(sources["total"], 8, "every article is still a source");
    assert_eq!(
        sources["note"], "8 articles and 6 statements in the store.",
        "{sources:#}"
    );
    assert_eq!(index.len(), 6);
}

/// The same stories, the articles coming one by one into a live index in another order, with a
/// printing retracted and restored: the answers are the fresh build's at every step.
#[test]
fn printings_join_and_leave_live_as_a_fresh_build_would_group_them() {
    let mut all = wire_story();
    all.extend(two_articles());
    let store = store_of(&all);
    let questions = [
        "/position italy",
        "/position germany sanctions",
        "/whosaid not send soldiers",
        "/timeline italy",
        "/topic soldiers",
        "/sources",
    ];
    let answers = |index: &Index| -> Vec<Value> {
        questions.iter().map(|q| json(&ask(index, q, 0))).collect()
    };
    let mut order: Vec<usize> = (0..store.articles.len()).collect();
    order.reverse();
    order.swap(1, 4);
    let mut live = Index::build(gazetteer(), Store::default());
    let mut present: Vec<usize> = Vec::new();
    for &i in &order {
        let a = &store.articles[i];
        let statements: Vec<Statement> = store
            .statements
            .iter()
            .filter(|s| s.article == a.meta.id)
            .cloned()
            .collect();
        live.apply(vec![Change::Add {
            article: a.meta.clone(),
            statements,
        }]);
        present.push(i);
        let fresh = Index::build(gazetteer(), part(&store, &present, &[]));
        assert_eq!(answers(&live), answers(&fresh), "after {}", a.meta.id);
    }
    // Retracting the wire's printing takes only that one out: the statement stays, shown by
    // the next earliest.
    let wire = store
        .statements
        .iter()
        .find(|s| {
            s.article == "meloni-rules-out-troops"
                && s.text.contains("Italy will not send soldiers")
        })
        .unwrap()
        .id
        .to_string();
    live.apply(vec![Change::Retract { id: wire.clone() }]);
    let fresh = Index::build(gazetteer(), part(&store, &present, &[&wire]));
    assert_eq!(answers(&live), answers(&fresh));
    let s = soldiers_statement(&json(&ask(&live, "/position italy", 0)));
    assert_eq!(s["printings"], 5);
    assert_eq!(s["source"]["published"], "2026-02-03");
    assert_eq!(json(&ask(&live, "/position italy", 0))["total"], 3);
    live.apply(vec![Change::Restore { id: wire }]);
    let fresh = Index::build(gazetteer(), part(&store, &present, &[]));
    assert_eq!(answers(&live), answers(&fresh));
    let s = soldiers_statement(&json(&ask(&live, "/position italy", 0)));
    assert_eq!(s["source"]["publisher"], "Example Wire");
    // Read back from a snapshot, it answers the same.
    let (back, _) = Index::from_snapshot(gazetteer(), &live.to_snapshot(b"")).unwrap();
    assert_eq!(answers(&back), answers(&live));
}

fn part(store: &Store, present: &[usize], retracted: &[&str]) -> Store {
    let articles: Vec<StoredArticle> = present.iter().map(|&i| store.articles[i].clone()).collect();
    Store {
        statements: store
            .statements
            .iter()
            .filter(|s| articles.iter().any(|a| a.meta.id == s.article))
            .cloned()
            .collect(),
        articles,
        retractions: retracted
            .iter()
            .map(|id| Retraction {
                id: id.to_string(),
                by: "test".into(),
                at: "2026-03-01T00:00:00Z".into(),
                reason: None,
            })
            .collect(),
    }
}

#[test]
fn of_two_statements_of_one_day_the_one_more_outlets_printed_comes_first() {
    let articles = vec![
        printed(
            "a-berlin-budget",
            "Berlin agrees its budget",
            "Example Wire",
            "2026-04-01",
            "“The budget for next year will invest more in railways and schools than ever before,” Chancellor Friedrich Merz said.\n",
        ),
        printed(
            "b-berlin-gas",
            "Merz on gas",
            "Example News Two",
            "2026-04-01",
            "“Germany will never again depend on Russian gas for its heating and its industry,” Chancellor Friedrich Merz said.\n",
        ),
        printed(
            "c-gas-reprint",
            "Germany rules out Russian gas",
            "Example Daily",
            "2026-04-02",
            "“Germany will never again depend on Russian gas for its heating and its industry,” Merz said on Wednesday.\n",
        ),
    ];
    let index = Index::build(gazetteer(), store_of(&articles));
    let r = json(&ask(&index, "/position germany", 0));
    let shown = texts(&r);
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown[0].contains("Russian gas"),
        "printed twice, first: {shown:#?}"
    );
    assert_eq!(r["statements"][0]["source"]["id"], "b-berlin-gas");
    assert_eq!(r["statements"][0]["printings"], 2);
    assert_eq!(r["statements"][1]["printings"], 1);
    assert_eq!(r["statements"][1]["also_in"], serde_json::json!([]));
}

/// Two statements of one day on energy, the second printed again the next day.
fn energy_day(reprinted: bool) -> Vec<Printed> {
    let mut articles = vec![
        printed(
            "a-berlin-budget",
            "Berlin agrees its budget",
            "Example Wire",
            "2026-04-01",
            "“The budget for next year will invest more in energy, railways and schools than ever before,” Chancellor Friedrich Merz said.\n",
        ),
        printed(
            "b-berlin-gas",
            "Merz on gas",
            "Example News Two",
            "2026-04-01",
            "“Germany will never again depend on Russian gas for its energy and its industry,” Chancellor Friedrich Merz said.\n",
        ),
    ];
    if reprinted {
        articles.push(printed(
            "c-gas-reprint",
            "Germany rules out Russian gas",
            "Example Daily",
            "2026-04-02",
            "“Germany will never again depend on Russian gas for its energy and its industry,” Merz said on Wednesday.\n",
        ));
    }
    articles
}

#[test]
fn with_a_topic_and_side_by_side_the_statement_more_outlets_printed_comes_first_too() {
    let first_text = |index: &Index, question: &str| -> String {
        let r = json(&ask(index, question, 0));
        let s = match r["groups"].as_array() {
            Some(groups) if !groups.is_empty() => groups[0]["statements"][0].clone(),
            _ => r["statements"][0].clone(),
        };
        s["text"].as_str().unwrap_or_default().to_string()
    };
    let questions = [
        "/position germany energy",
        "/compare germany france",
        "/compare germany france energy",
        "/topic energy",
    ];
    // Printed once each, the two rank as stored: the budget first.
    let once = Index::build(gazetteer(), store_of(&energy_day(false)));
    for q in questions {
        assert!(first_text(&once, q).contains("budget"), "{q}");
    }
    // Printed by a second outlet, the statement on gas comes first in every answer.
    let twice = Index::build(gazetteer(), store_of(&energy_day(true)));
    for q in questions {
        assert!(first_text(&twice, q).contains("Russian gas"), "{q}");
    }
    let r = json(&ask(&twice, "/position germany energy", 0));
    assert_eq!(texts(&r).len(), 2, "each statement once");
    assert_eq!(r["statements"][0]["printings"], 2);
}

#[test]
fn the_retract_choices_offer_the_statement_in_every_printing_and_each_printing() {
    use positions::answer::complete::{retraction_ids, statements};
    let mut index = Index::build(gazetteer(), store_of(&two_articles()));
    let choices = statements(&index, "sanctions against Russia will stay");
    let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
    assert!(
        names[0]
            .starts_with("this statement in every printing (2) · Friedrich Merz: The sanctions"),
        "{names:#?}"
    );
    assert!(names[1].contains("Example Wire"), "{names:#?}");
    assert!(names[2].contains("Example News Two"), "{names:#?}");
    // Every printing: both ids; one printing: that one only, and the statement stays.
    let every = retraction_ids(&index, &choices[0].value);
    assert_eq!(every.len(), 2);
    assert_eq!(
        retraction_ids(&index, &choices[2].value),
        [choices[2].value.clone()]
    );
    index.apply(vec![Change::Retract {
        id: choices[1].value.clone(),
    }]);
    let r = json(&ask(&index, "/position germany sanctions", 0));
    assert_eq!(r["total"], 2);
    let s = &r["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"].as_str().unwrap().contains("stay in place"))
        .unwrap()
        .clone();
    assert_eq!(s["printings"], 1);
    assert_eq!(s["source"]["publisher"], "Example News Two");
    let rest: Vec<Change> = retraction_ids(&index, &format!("every:{}", choices[2].value))
        .into_iter()
        .map(|id| Change::Retract { id })
        .collect();
    index.apply(rest);
    assert_eq!(
        json(&ask(&index, "/position germany sanctions", 0))["total"],
        1
    );
}
