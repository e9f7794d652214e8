//! Typo-tolerant lookup over a fixed vocabulary: a symmetric-deletion index, so a query costs a
//! few hash probes instead of a scan. Budgets follow word length (see `text::typo_budget`).

use std::collections::HashMap;

use crate::text::typo_budget;

/// Maps every string reachable by deleting up to two characters of a vocabulary word to the
/// words it came from.
#[derive(Debug, Default)]
pub struct DeletionIndex {
    words: Vec<String>,
    deletes: HashMap<String, Vec<u32>>,
}

/// A vocabulary word within the typo budget of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FuzzyHit {
    pub word: u32,
    pub distance: usize,
}

impl DeletionIndex {
    /// Builds the index; `words[i]` is reported back as `FuzzyHit::word == i`.
    pub fn new(words: Vec<String>) -> Self {
        let mut deletes: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            let chars: Vec<char> = w.chars().collect();
            let budget = typo_budget(chars.len());
            if budget == 0 {
                continue;
            }
            for variant in deletions(&chars, budget) {
                let ids = deletes.entry(variant).or_default();
                if ids.last() != Some(&(i as u32)) {
                    ids.push(i as u32);
                }
            }
        }
        DeletionIndex { words, deletes }
    }

    pub fn word(&self, i: u32) -> &str {
        &self.words[i as usize]
    }

    /// Words within the typo budget of `query` (and of their own length), closest first.
    pub fn search(&self, query: &str) -> Vec<FuzzyHit> {
        self.search_with_budget(query, None)
    }

    /// Like `search`, with the budget raised to `budget` (for suggestions after a miss).
    pub fn search_with_budget(&self, query: &str, budget: Option<usize>) -> Vec<FuzzyHit> {
        let chars: Vec<char> = query.chars().collect();
        let raised = budget.is_some();
        let budget = budget.unwrap_or_else(|| typo_budget(chars.len())).min(2);
        if budget == 0 || chars.is_empty() {
            return Vec::new();
        }
        let mut seen: Vec<u32> = Vec::new();
        let mut hits = Vec::new();
        for variant in deletions(&chars, budget) {
            let Some(ids) = self.deletes.get(&variant) else {
                continue;
            };
            for &id in ids {
                if seen.contains(&id) {
                    continue;
                }
                seen.push(id);
                let word = &self.words[id as usize];
                let limit = if raised {
                    budget
                } else {
                    budget.min(typo_budget(word.chars().count()))
                };
                let distance = strsim::damerau_levenshtein(query, word);
                if distance <= limit {
                    hits.push(FuzzyHit { word: id, distance });
                }
            }
        }
        hits.sort_by_key(|h| (h.distance, h.word));
        hits
    }
}

/// The word itself and every string made by deleting up to `max` of its characters.
fn deletions(chars: &[char], max: usize) -> Vec<String> {
    let mut seen: std::collections::HashSet<Vec<char>> = std::collections::HashSet::new();
    seen.insert(chars.to_vec());
    let mut frontier: Vec<Vec<char>> = vec![chars.to_vec()];
    for _ in 0..max {
        let mut next = Vec::new();
        for w in &frontier {
            for i in 0..w.len() {
                let mut v = w.clone();
                v.remove(i);
                if seen.insert(v.clone()) {
                    next.push(v);
                }
            }
        }
        frontier = next;
    }
    seen.into_iter().map(|v| v.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> DeletionIndex {
        DeletionIndex::new(
            ["germany", "italy", "deutschland", "united kingdom", "merz"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        )
    }

    #[test]
    fn one_typo_in_a_middle_length_word() {
        let idx = index();
        let hits = idx.search("germny");
        assert_eq!(idx.word(hits[0].word), "germany");
        assert_eq!(hits[0].distance, 1);
        assert_eq!(idx.word(idx.search("gremany")[0].word), "germany");
    }

    #[test]
    fn two_typos_from_nine_letters() {
        let idx = index();
        assert_eq!(idx.word(idx.search("deutchlnd")[0].word), "deutschland");
        assert_eq!(
            idx.word(idx.search("united kingdon")[0].word),
            "united kingdom"
        );
    }

    #[test]
    fn no_typos_in_short_words() {
        let idx = index();
        assert!(idx.search("itly").is_empty());
        assert!(idx.search("merc").is_empty());
        assert!(idx.search("gxrmxny").is_empty());
    }
}
