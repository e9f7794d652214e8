//! The synthetic store and its questions: deterministic, valid for the store, realistic.

use super::*;

fn gazetteer() -> Gazetteer {
    Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).expect("gazetteer")
}

#[test]
fn the_same_seed_gives_the_same_store() {
    let g = gazetteer();
    let a = generate(&g, 300, 7);
    let b = generate(&g, 300, 7);
    assert_eq!(a.statements, b.statements);
    assert_eq!(a.statements.len(), 300);
    assert_ne!(a.statements, generate(&g, 300, 8).statements);
}

#[test]
fn statements_are_valid_for_the_store() {
    let g = gazetteer();
    let s = generate(&g, 500, 1);
    let articles: std::collections::HashMap<&str, &StoredArticle> =
        s.articles.iter().map(|a| (a.meta.id.as_str(), a)).collect();
    let mut ids = std::collections::HashSet::new();
    for st in &s.statements {
        assert!(ids.insert(st.id.clone()), "unique ids");
        let a = articles[st.article.as_str()];
        let line = a.body.lines().nth(st.paragraph as usize - 1).unwrap();
        assert_eq!(line, &*st.text, "the paragraph holds the text");
        if let Some(e) = &st.entity {
            let e = g.by_key(e).expect("a gazetteer key");
            let people: Vec<&str> = g
                .people()
                .iter()
                .filter(|p| p.entity == e)
                .map(|p| p.name.as_str())
                .collect();
            assert!(
                people.contains(&&*st.speaker.name)
                    || GENERIC_SPEAKERS.contains(&&*st.speaker.name)
            );
        }
        for m in &st.mentions {
            assert!(g.by_key(m).is_some());
            assert_ne!(Some(m), st.entity.as_ref());
        }
    }
}

#[test]
fn popular_entities_speak_most() {
    let g = gazetteer();
    let s = generate(&g, 3000, 3);
    let count = |k: &str| {
        s.statements
            .iter()
            .filter(|st| st.entity.as_deref() == Some(k))
            .count()
    };
    assert!(count("US") > count("DE"));
    assert!(count("DE") > count("LU"));
}

#[test]
fn a_written_store_loads() {
    let g = gazetteer();
    let s = generate(&g, 200, 5);
    let dir = std::env::temp_dir().join(format!("positions-synth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bytes = s.write_store(&dir).unwrap();
    assert!(bytes > 0);
    let loaded = Store::check(&dir, &g).expect("valid store");
    assert_eq!(loaded.statements, 200);
    assert_eq!(loaded.articles, s.articles.len());
    let full = Store::load(&dir, &g).unwrap();
    let lean = Store::load_without_bodies(&dir, &g).unwrap();
    assert_eq!(full.statements, lean.statements);
    assert!(full.articles.iter().all(|a| !a.body.is_empty()));
    assert!(lean.articles.iter().all(|a| a.body.is_empty()));
    let metas = |st: &Store| {
        st.articles
            .iter()
            .map(|a| a.meta.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(metas(&full), metas(&lean));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn typos_stay_within_budget() {
    let mut rng = Rng::new(1);
    for w in ["Germany", "Deutschland", "troops", "ceasefire"] {
        for _ in 0..20 {
            let t = with_typo(&mut rng, w).unwrap();
            assert_ne!(t, w);
            assert_eq!(strsim::damerau_levenshtein(&t, w), 1, "{t}");
        }
    }
    assert!(with_typo(&mut rng, "Iran").is_none());
}

#[test]
fn questions_are_drawn() {
    let g = gazetteer();
    let s = generate(&g, 400, 2);
    let q = questions(&g, &s.statements.iter().collect::<Vec<_>>(), 50, 2);
    assert_eq!(q.names.len(), 50);
    assert_eq!(q.phrases.len(), 50);
    assert!(q
        .prefixes
        .iter()
        .all(|p| (1..=3).contains(&p.chars().count())));
    let words = |p: &String| p.split_whitespace().count();
    assert!(q.phrases.iter().all(|p| (2..=6).contains(&words(p))));
}
