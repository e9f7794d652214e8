//! The live index: an index changed in place by any sequence of articles added, statements
//! retracted and restored answers every kind of question exactly as one built from scratch on the
//! same store (replies compared as JSON, several pages, autocomplete included).

mod support;

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use positions::answer::answer;
use positions::answer::complete;
use positions::answer::query::Question;
use positions::entities::Gazetteer;
use positions::index::{Change, Index};
use positions::model::Statement;
use positions::store::{Retraction, Store, StoredArticle};
use positions_bench::synth::{self, Synthetic};
use positions_bench::Rng;
use proptest::prelude::*;

fn gazetteer() -> Gazetteer {
    Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap()
}

/// A synthetic store where some paragraphs hold two statements (so that a restored statement
/// must find its place among its paragraph's), and some articles are reprinted.
fn synthetic(n: usize, seed: u64) -> Synthetic {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    let g = G.get_or_init(gazetteer);
    // Reprints, some trimmed: printings of one statement join and leave as articles come and go.
    let mut s = synth::with_reprints(synth::generate(g, n / 2, seed), n, seed);
    for i in 1..s.statements.len() {
        // Some speakers speak for no side (the "others" of /topic).
        if i % 7 == 3 {
            s.statements[i].entity = None;
        }
        if i % 4 != 0 && s.statements[i].article == s.statements[i - 1].article {
            s.statements[i].paragraph = s.statements[i - 1].paragraph;
        }
    }
    s
}

fn store_of(articles: &[StoredArticle], all: &[Statement], retracted: &HashSet<String>) -> Store {
    let ids: HashSet<&str> = articles.iter().map(|a| a.meta.id.as_str()).collect();
    Store {
        articles: articles.to_vec(),
        statements: all
            .iter()
            .filter(|s| ids.contains(s.article.as_str()))
            .cloned()
            .collect(),
        retractions: all
            .iter()
            .filter(|s| ids.contains(s.article.as_str()) && retracted.contains(&*s.id))
            .map(|s| Retraction {
                id: s.id.as_ref().into(),
                by: "test".into(),
                at: "2026-01-01T00:00:00Z".into(),
                reason: None,
            })
            .collect(),
    }
}

/// Every kind of question, a few pages each, as JSON.
fn answers(index: &Index, probe: &[&Statement]) -> Vec<String> {
    let q = synth::questions(&index.gazetteer, probe, 24, 11);
    let mut questions: Vec<Question> = Vec::new();
    for (i, who) in q.names.iter().chain(&q.aliases).enumerate() {
        let topic = q.topics.get(i % q.topics.len().max(1)).cloned();
        questions.push(Question::Position {
            who: who.clone(),
            topic: None,
        });
        questions.push(Question::Position {
            who: who.clone(),
            topic: topic.clone(),
        });
        questions.push(Question::Timeline {
            who: who.clone(),
            topic,
        });
    }
    for pair in q.names.windows(2) {
        questions.push(Question::Compare {
            first: pair[0].clone(),
            second: pair[1].clone(),
            topic: q.topics.first().cloned(),
        });
    }
    for t in &q.topics {
        questions.push(Question::Topic { word: t.clone() });
    }
    for p in &q.phrases {
        questions.push(Question::WhoSaid { phrase: p.clone() });
    }
    for s in probe.iter().take(6) {
        questions.push(Question::Source {
            text: format!("\u{201c}{}\u{201d}", s.text),
        });
        // Speakers' names the gazetteer may lack.
        questions.push(Question::Position {
            who: s.speaker.name.to_string(),
            topic: None,
        });
    }
    questions.push(Question::Sources);
    let mut out = Vec::new();
    for question in &questions {
        for page in 0..3 {
            let reply = answer(index, question, page, "");
            out.push(format!(
                "{question:?} page {page}: {}",
                serde_json::to_string(&reply).unwrap()
            ));
        }
    }
    for p in q.prefixes.iter().chain(&q.names) {
        out.push(format!("complete {p}: {:?}", complete::complete(index, p)));
    }
    out.push(format!(
        "retract choices: {:?}",
        complete::statements(index, "")
    ));
    out.push(format!(
        "len {} articles {}",
        index.len(),
        index.articles().len()
    ));
    let mut retracted: Vec<&str> = index.retracted_ids().collect();
    retracted.sort_unstable();
    assert!(retracted
        .iter()
        .all(|id| index.is_retracted(id) && index.statement_by_key(id).is_none()));
    out.push(format!("retracted {retracted:?}"));
    // Each article's statements, found together, are those of the whole list with its id.
    for a in index.articles().iter().step_by(7) {
        // Of a statement printed more than once, the printing shown (the article's own list
        // holds its other printings too).
        let together: Vec<&str> = index
            .statements_of(&a.id)
            .filter(|&(id, _)| index.shown_printing(id) == id)
            .map(|(_, s)| s.id.as_ref())
            .collect();
        let walked: Vec<&str> = index
            .statements()
            .filter(|(_, s)| s.article == a.id)
            .map(|(_, s)| s.id.as_ref())
            .collect();
        assert_eq!(together, walked, "{}", a.id);
        out.push(format!("{}: {together:?}", a.id));
    }
    out
}

/// Builds an index from part of a store, changes it into the whole store's in a random order
/// (adds, retractions, restores), and compares it with the whole store's index built at once.
/// Returns whether the whole store prints some statement more than once (a small random store
/// may not).
fn check(n: usize, seed: u64, steps: usize) -> bool {
    let s = synthetic(n, seed);
    let mut rng = Rng::new(seed ^ 0x9e37);
    let mut present: Vec<StoredArticle> = Vec::new();
    let mut later: Vec<StoredArticle> = Vec::new();
    for a in &s.articles {
        if rng.chance(0.5) {
            present.push(a.clone());
        } else {
            later.push(a.clone());
        }
    }
    let mut retracted: HashSet<String> = HashSet::new();
    for st in &s.statements {
        if rng.chance(0.03) {
            retracted.insert(st.id.to_string());
        }
    }
    let mut index = Index::build(gazetteer(), store_of(&present, &s.statements, &retracted));
    for _ in 0..steps {
        let change = match rng.below(4) {
            0 | 1 if !later.is_empty() => {
                let a = later.remove(rng.below(later.len()));
                let statements: Vec<Statement> = s
                    .statements
                    .iter()
                    .filter(|st| st.article == a.meta.id)
                    .cloned()
                    .collect();
                // Retracted before the index saw the article: the store says so beside it.
                let retractions: Vec<Change> = statements
                    .iter()
                    .filter(|st| retracted.contains(&*st.id))
                    .map(|st| Change::Retract {
                        id: st.id.to_string(),
                    })
                    .collect();
                present.push(a.clone());
                let mut changes = vec![Change::Add {
                    article: a.meta,
                    statements,
                }];
                changes.extend(retractions);
                changes
            }
            2 => {
                let ids: HashSet<&str> = present.iter().map(|a| a.meta.id.as_str()).collect();
                let candidates: Vec<&Statement> = s
                    .statements
                    .iter()
                    .filter(|st| ids.contains(st.article.as_str()) && !retracted.contains(&*st.id))
                    .collect();
                if candidates.is_empty() {
                    continue;
                }
                let id = rng.pick(&candidates).id.to_string();
                retracted.insert(id.clone());
                vec![Change::Retract { id }]
            }
            _ => {
                let ids: HashSet<&str> = present.iter().map(|a| a.meta.id.as_str()).collect();
                let candidates: Vec<&Statement> = s
                    .statements
                    .iter()
                    .filter(|st| ids.contains(st.article.as_str()) && retracted.contains(&*st.id))
                    .collect();
                if candidates.is_empty() {
                    continue;
                }
                let id = rng.pick(&candidates).id.to_string();
                retracted.remove(&id);
                vec![Change::Restore { id }]
            }
        };
        let applied = index.apply(change.clone());
        assert_eq!(applied.applied, change.len(), "{change:?}");
        // Applying again changes nothing.
        assert_eq!(index.apply(change).applied, 0);
    }
    let fresh = Index::build(gazetteer(), store_of(&present, &s.statements, &retracted));
    let reprinted = fresh
        .statements()
        .any(|(id, _)| fresh.printings(id).len() > 1);
    let probe: Vec<&Statement> = s.statements.iter().collect();
    // The per-statement rows an answer reads agree with the printings looked up, changed in place
    // or built at once.
    assert_eq!(
        printings_listed_alike(&index),
        printings_listed_alike(&fresh)
    );
    // Each speaker's name and office held once, whichever way a statement came in.
    assert_eq!(names_held_once(&index), names_held_once(&fresh));
    let (a, b) = (answers(&index, &probe), answers(&fresh, &probe));
    // Read back from its snapshot, the changed index answers the same.
    let (back, _) = Index::from_snapshot(gazetteer(), &index.to_snapshot(b"")).unwrap();
    assert_eq!(
        answers(&back, &probe),
        a,
        "the changed index read back from its snapshot"
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            x, y,
            "changed in place (left) and built at once (right) differ"
        );
    }
    reprinted
}

#[test]
fn every_article_added_one_by_one_to_an_empty_index() {
    let s = synthetic(600, 5);
    let mut index = Index::build(gazetteer(), Store::default());
    for a in &s.articles {
        let statements = s
            .statements
            .iter()
            .filter(|st| st.article == a.meta.id)
            .cloned()
            .collect();
        index.apply(vec![Change::Add {
            article: a.meta.clone(),
            statements,
        }]);
    }
    let fresh = Index::build(
        gazetteer(),
        store_of(&s.articles, &s.statements, &HashSet::new()),
    );
    let probe: Vec<&Statement> = s.statements.iter().collect();
    assert_eq!(answers(&index, &probe), answers(&fresh, &probe));
}

#[test]
fn a_long_run_of_changes_on_a_larger_store() {
    assert!(
        check(4000, 23, 160),
        "some statements are printed more than once"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_changes_answers_as_a_fresh_build(seed in any::<u64>(), steps in 1usize..60) {
        check(500, seed, steps);
    }
}

/// Checks that the statements of one speaker name (and office) share one copy of it, however
/// they came into the index; returns how many names more than one statement carries.
fn names_held_once(index: &Index) -> usize {
    let mut held: std::collections::HashMap<&str, &std::sync::Arc<str>> = Default::default();
    let mut shared = HashSet::new();
    for (_, s) in index.statements() {
        let texts = std::iter::once(&s.speaker.name).chain(s.speaker.role.as_ref());
        for text in texts {
            let first = *held.entry(&**text).or_insert(text);
            if !std::ptr::eq(first, text) {
                assert!(std::sync::Arc::ptr_eq(first, text), "“{text}” held twice");
                shared.insert(&**text);
            }
        }
    }
    shared.len()
}

/// Checks that every statement's articles as the index lists them for answers (`printed_in`)
/// are the articles of its printings looked up one by one, earliest first, each once, and its
/// date key its article's; returns how many statements are printed more than once.
fn printings_listed_alike(index: &Index) -> usize {
    let mut more_than_once = 0;
    for (id, _) in index.statements() {
        let mut looked_up: Vec<String> = Vec::new();
        for p in index.printings(id) {
            let article = index.source_of(p).id.to_string();
            if !looked_up.contains(&article) {
                looked_up.push(article);
            }
        }
        let listed: Vec<String> = index
            .printed_in(id)
            .map(|l| l.iter().map(|s| s.id.to_string()).collect())
            .unwrap_or_else(|| vec![index.source_of(id).id.to_string()]);
        assert_eq!(listed, looked_up, "statement {id}");
        assert_eq!(index.date_and_printings(id).1, index.printings(id).len());
        more_than_once += usize::from(index.printing_count(id) > 1);
    }
    more_than_once
}

#[test]
fn a_snapshot_answers_as_the_index_it_was_made_from_and_a_damaged_one_is_refused() {
    let s = synthetic(1500, 31);
    let half = s.articles.len() / 2;
    let mut index = Index::build(
        gazetteer(),
        store_of(&s.articles[..half], &s.statements, &HashSet::new()),
    );
    // Changed in place first, so the snapshot carries added stems and moved slots too.
    for a in &s.articles[half..] {
        let statements = s
            .statements
            .iter()
            .filter(|st| st.article == a.meta.id)
            .cloned()
            .collect();
        index.apply(vec![Change::Add {
            article: a.meta.clone(),
            statements,
        }]);
    }
    let some = s.statements[7].id.to_string();
    index.apply(vec![Change::Retract { id: some.clone() }]);
    let bytes = index.to_snapshot(b"the store");
    let (mut back, store) = Index::from_snapshot(gazetteer(), &bytes).unwrap();
    assert_eq!(store, b"the store");
    assert!(names_held_once(&index) > 10);
    assert_eq!(names_held_once(&back), names_held_once(&index));
    assert!(printings_listed_alike(&index) > 0);
    assert_eq!(
        printings_listed_alike(&back),
        printings_listed_alike(&index)
    );
    let probe: Vec<&Statement> = s.statements.iter().collect();
    assert_eq!(answers(&back, &probe), answers(&index, &probe));
    // It keeps changing in place after it is read back.
    back.apply(vec![Change::Restore { id: some.clone() }]);
    index.apply(vec![Change::Restore { id: some }]);
    assert_eq!(answers(&back, &probe), answers(&index, &probe));

    for at in [3, 40, bytes.len() / 2, bytes.len() - 2] {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x55;
        assert!(
            Index::from_snapshot(gazetteer(), &damaged).is_err(),
            "byte {at}"
        );
    }
    assert!(Index::from_snapshot(gazetteer(), &bytes[..bytes.len() / 3]).is_err());
    assert!(Index::from_snapshot(gazetteer(), b"").is_err());
}

/// A serving process's start from the snapshot file beside the store: used when whole, and a
/// damaged, cut or empty file only means a build (the same answers, never an error).
#[test]
fn a_damaged_snapshot_file_means_a_build_not_an_error() {
    use positions::app;
    let data = support::bot::ScratchData::copy_of_project_data();
    let dir = data.path();
    let germany = |index: &Index| {
        serde_json::to_string(&positions::answer::ask(index, "/position germany", 0)).unwrap()
    };
    let built = app::load_for_serving(dir).unwrap();
    assert!(!built.from_snapshot);
    let expected = germany(&built.index);
    app::save_snapshot(dir, &built.index, built.signature, &built.stamps).unwrap();
    let read = app::load_for_serving(dir).unwrap();
    assert!(read.from_snapshot);
    assert_eq!(germany(&read.index), expected);
    assert_eq!(read.signature, built.signature);

    let path = dir.join(app::SNAPSHOT_FILE);
    let whole = std::fs::read(&path).unwrap();
    let mut flipped = whole.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    // A snapshot of the format before printings were grouped (its version byte 3) is built
    // again, like a damaged one.
    let mut older = whole.clone();
    older[7] = 3;
    for damaged in [
        flipped,
        whole[..whole.len() / 2].to_vec(),
        Vec::new(),
        older,
    ] {
        std::fs::write(&path, &damaged).unwrap();
        let loaded = app::load_for_serving(dir).unwrap();
        assert!(!loaded.from_snapshot, "{} bytes", damaged.len());
        assert_eq!(germany(&loaded.index), expected);
    }
}
