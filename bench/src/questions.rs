//! The questions a benchmark asks of a synthetic store, drawn the way users ask them: popular
//! names more often, typos of a letter, phrases copied from quotes. Deterministic for a seed.

use crate::rng::Rng;
use crate::synth::{popularity_order, tail_word, Zipf, SYLLABLES, TAIL_WORDS};
use positions::entities::{EntityId, Gazetteer};
use positions::model::Statement;
use positions::text::{fold, topic_terms, typo_budget};

/// The questions a benchmark asks, drawn from a generated store the way users would ask them:
/// popular names more often, typos of a letter, phrases copied from quotes.
#[derive(Debug, Clone, Default)]
pub struct Questions {
    /// Canonical entity names, by popularity.
    pub names: Vec<String>,
    /// Other names for them (demonyms, capitals, leaders, codes).
    pub aliases: Vec<String>,
    /// Names with one typo, each within the typo budget of its length.
    pub typos: Vec<String>,
    /// Names that match nothing.
    pub misses: Vec<String>,
    /// Topic words as a user types them.
    pub topics: Vec<String>,
    /// Phrases of 2 to 6 words from stored quotes, with one typo in one word.
    pub phrases: Vec<String>,
    /// Partial names of 1 to 3 letters.
    pub prefixes: Vec<String>,
}

/// Topic words users ask about: synonym-group words, common and rarer news words.
const TOPICS: &[&str] = &[
    "troops",
    "ceasefire",
    "sanctions",
    "peace",
    "energy",
    "aid",
    "weapons",
    "war",
    "security",
    "guarantees",
    "nuclear",
    "grain",
    "refugees",
    "elections",
    "tariffs",
    "drones",
    "shipping",
    "climate",
    "corruption",
    "prisoners",
    "reconstruction",
    "membership",
    "hostages",
    "famine",
];

/// Questions about a store's statements, `count` of each kind, deterministic for `seed`.
pub fn questions(g: &Gazetteer, statements: &[&Statement], count: usize, seed: u64) -> Questions {
    let mut rng = Rng::new(seed ^ 0x0051_7e55);
    let order = popularity_order(g);
    let zipf = Zipf::new(order.len(), 1.1, 1.0);
    let mut q = Questions::default();
    let aliases_of = |e: EntityId| -> Vec<&str> {
        g.aliases()
            .iter()
            .filter(|a| a.entity == e && a.text != g.entity(e).name)
            .map(|a| a.text.as_str())
            .collect()
    };
    while q.names.len() < count {
        let e = order[zipf.sample(&mut rng)];
        let name = &g.entity(e).name;
        q.names.push(name.clone());
        let others = aliases_of(e);
        if !others.is_empty() {
            q.aliases.push(rng.pick(&others).to_string());
        } else {
            q.aliases.push(name.clone());
        }
        q.typos
            .push(with_typo(&mut rng, name).unwrap_or_else(|| name.clone()));
        q.misses.push(format!(
            "{}{}",
            rng.pick(SYLLABLES).to_uppercase(),
            tail_word(rng.below(1_000_000) + TAIL_WORDS)
        ));
        q.topics.push(rng.pick(TOPICS).to_string());
        let len = rng.between(1, 3);
        q.prefixes.push(fold(name).chars().take(len).collect());
    }
    if !statements.is_empty() {
        while q.phrases.len() < count {
            let s = rng.pick(statements);
            let words: Vec<&str> = s.text.split_whitespace().collect();
            let want = rng.between(2, 6).min(words.len());
            let start = rng.below(words.len() - want + 1);
            let phrase: Vec<&str> = words[start..start + want].to_vec();
            let mut phrase: Vec<String> = phrase.iter().map(|w| w.to_string()).collect();
            // One typo in one word that has a budget for it, when there is one.
            let typo_at = (0..phrase.len())
                .filter(|&i| typo_budget(fold(&phrase[i]).chars().count()) > 0)
                .collect::<Vec<_>>();
            if !typo_at.is_empty() {
                let i = *rng.pick(&typo_at);
                if let Some(t) = with_typo(&mut rng, &phrase[i]) {
                    phrase[i] = t;
                }
            }
            let phrase = phrase.join(" ");
            if !topic_terms(&phrase).is_empty() {
                q.phrases.push(phrase);
            }
        }
    }
    q
}

/// `word` with one letter changed, dropped, doubled or swapped with the next, when the word is
/// long enough to have a typo budget (5 letters or more).
pub fn with_typo(rng: &mut Rng, word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let letters: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if typo_budget(chars.len()) == 0 || letters.is_empty() {
        return None;
    }
    let i = *rng.pick(&letters);
    let mut out = chars.clone();
    match rng.below(4) {
        0 => out[i] = if chars[i] == 'x' { 'z' } else { 'x' },
        1 => {
            out.remove(i);
        }
        2 => out.insert(i, chars[i]),
        _ => {
            if chars[i + 1].is_alphabetic() && chars[i + 1] != chars[i] {
                out.swap(i, i + 1);
            } else {
                out[i] = if chars[i] == 'q' { 'k' } else { 'q' };
            }
        }
    }
    Some(out.into_iter().collect())
}
