//! The fast paths of the answers (entity-grouped sets, bitmaps, precomputed synonym groups,
//! Bloom-filtered quote checks) against plain definitions over the index's posting lists, on a
//! synthetic store large enough for every path: the same statements, counts and order.

use std::collections::HashMap;
use std::path::Path;

use positions::answer::answer;
use positions::answer::query::Question;
use positions::answer::reply::PAGE_SIZE;
use positions::entities::{EntityId, Gazetteer};
use positions::index::{Index, StatementId};
use positions::text::{fold, query_terms};
use positions_bench::synth;

fn index() -> Index {
    let g = Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let store = synth::generate(&g, 20_000, 17);
    Index::build(g, store.into_store())
}

fn stems<'a>(index: &'a Index, topic: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for w in query_terms(topic) {
        for s in index.expand_word(&w) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

fn ids(index: &Index, views: &[positions::answer::reply::StatementView]) -> Vec<StatementId> {
    views
        .iter()
        .map(|v| index.statement_by_key(v.id).unwrap())
        .collect()
}

#[test]
fn position_with_a_topic_puts_the_same_statements_first() {
    let index = index();
    let q = synth::questions(
        &index.gazetteer,
        &index.statements().map(|(_, s)| s).collect::<Vec<_>>(),
        150,
        3,
    );
    for (i, (who, topic)) in q.names.iter().zip(&q.topics).enumerate() {
        let page = i % 3;
        let r = answer(
            &index,
            &Question::Position {
                who: who.clone(),
                topic: Some(topic.clone()),
            },
            page,
            "",
        );
        let e = index.resolve(who).unwrap().entity;
        let spoken = index.spoken_by(e);
        if spoken.is_empty() {
            continue;
        }
        let on_topic = index.union_of(&stems(&index, topic));
        let matched: Vec<StatementId> = spoken
            .iter()
            .copied()
            .filter(|s| on_topic.binary_search(s).is_ok())
            .collect();
        let rest = spoken.iter().copied().filter(|s| !matched.contains(s));
        let want: Vec<StatementId> = matched
            .iter()
            .copied()
            .chain(rest)
            .skip(r.page * PAGE_SIZE)
            .take(PAGE_SIZE)
            .collect();
        assert_eq!(r.topic_matches, Some(matched.len()), "{who} {topic}");
        assert_eq!(
            ids(&index, &r.statements),
            want,
            "{who} {topic} page {page}"
        );
    }
}

#[test]
fn topic_groups_the_same_statements_the_same_way() {
    let index = index();
    let mut topics: Vec<String> = synth::questions(
        &index.gazetteer,
        &index.statements().map(|(_, s)| s).collect::<Vec<_>>(),
        40,
        5,
    )
    .topics;
    topics.extend(["group", "peace war", "troops group", "zzzz"].map(String::from));
    for topic in &topics {
        let r = answer(
            &index,
            &Question::Topic {
                word: topic.clone(),
            },
            0,
            "",
        );
        let mut by_entity: HashMap<EntityId, Vec<StatementId>> = HashMap::new();
        let mut others: Vec<StatementId> = Vec::new();
        for s in index.union_of(&stems(&index, topic)) {
            match index.entity_of(s) {
                Some(e) => by_entity.entry(e).or_default().push(s),
                None => others.push(s),
            }
        }
        // Every side by the rank of its best statement, that statement shown; then the others.
        let mut groups: Vec<(EntityId, Vec<StatementId>)> = by_entity.into_iter().collect();
        groups.sort_by_key(|g| g.1[0]);
        assert_eq!(
            r.total,
            groups.iter().map(|g| g.1.len()).sum::<usize>() + others.len(),
            "{topic}"
        );
        let sides = groups.len().min(positions::answer::TOPIC_SIDES_PER_PAGE);
        assert_eq!(
            r.groups.len(),
            sides + usize::from(!others.is_empty() && r.pages == 1),
            "{topic}"
        );
        for (got, (e, list)) in r.groups.iter().zip(&groups) {
            assert_eq!(*got.entity.id, index.gazetteer.entity(*e).key, "{topic}");
            assert_eq!(got.total, list.len(), "{topic}");
            assert_eq!(ids(&index, &got.statements), list[..1], "{topic}");
        }
        if !others.is_empty() && r.pages == 1 {
            let got = r.groups.last().expect("the others");
            assert_eq!(
                &*got.entity.id,
                positions::answer::others::OTHERS_KEY,
                "{topic}"
            );
            assert_eq!(got.total, others.len(), "{topic}");
            assert_eq!(
                ids(&index, &got.statements),
                others[..others.len().min(3)],
                "{topic}"
            );
        }
    }
}

#[test]
fn whosaid_finds_the_same_quotes_in_the_same_order() {
    let index = index();
    let mut phrases = synth::questions(
        &index.gazetteer,
        &index.statements().map(|(_, s)| s).collect::<Vec<_>>(),
        150,
        9,
    )
    .phrases;
    for (_, s) in index.statements().take(40) {
        let words: Vec<&str> = s.text.split_whitespace().collect();
        phrases.push(words[..words.len().min(4)].join(" "));
    }
    for phrase in &phrases {
        let r = answer(
            &index,
            &Question::WhoSaid {
                phrase: phrase.clone(),
            },
            0,
            "",
        );
        let words = query_terms(phrase);
        if words.is_empty() {
            continue;
        }
        let lists: Vec<Vec<StatementId>> = words
            .iter()
            .map(|w| {
                if !index.term(w).is_empty() {
                    index.term(w).to_vec()
                } else {
                    index.union_of(&index.fuzzy_terms(w))
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..lists.len()).collect();
        order.sort_by_key(|&i| lists[i].len());
        let missing = usize::from(words.len() >= 3);
        let mut candidates: Vec<StatementId> = order[..=missing.min(order.len() - 1)]
            .iter()
            .flat_map(|&i| lists[i].iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates.truncate(4_000);
        let folded = fold(phrase);
        let mut scored: Vec<(usize, bool, StatementId)> = candidates
            .into_iter()
            .filter_map(|s| {
                let present = lists.iter().filter(|l| l.binary_search(&s).is_ok()).count();
                (present + missing >= words.len()).then(|| {
                    let verbatim = fold(&index.statement(s).text).contains(&folded);
                    (words.len() - present, !verbatim, s)
                })
            })
            .collect();
        scored.sort_unstable();
        let want: Vec<StatementId> = scored.iter().take(PAGE_SIZE).map(|t| t.2).collect();
        assert_eq!(r.total, scored.len(), "{phrase}");
        assert_eq!(ids(&index, &r.statements), want, "{phrase}");
    }
}
