//! Typo-tolerant lookup over a fixed vocabulary: a symmetric-deletion index, so a query costs a
//! few probes instead of a scan. Budgets follow word length (see `text::typo_budget`).
//!
//! Every string reachable by deleting up to the budget's number of characters of a vocabulary
//! word is kept as a 64-bit hash, not as a string: the top bits choose a bucket, the low 32 bits
//! are kept to tell entries in a bucket apart. That is 8 bytes per variant instead of a `String`
//! key and a `Vec` per variant, and it is built with two passes of hashing and no sort. A hash
//! collision can only add a candidate, and every candidate is checked against the real distance.

use crate::text::typo_budget;

/// Maps every string reachable by deleting up to two characters of a vocabulary word to the
/// words it came from.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct DeletionIndex {
    words: Vec<String>,
    /// How far a hash is shifted right to give its bucket.
    shift: u32,
    /// Bucket `b` holds entries `starts[b]..starts[b + 1]`.
    starts: Vec<u32>,
    /// The low 32 bits of each entry's hash.
    fingerprints: Vec<u32>,
    /// The word each entry came from.
    ids: Vec<u32>,
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
        let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        let mut total = 0usize;
        for c in &chars {
            for_each_variant(c, typo_budget(c.len()), |_| total += 1);
        }
        // About four entries a bucket: a probe reads one short run of fingerprints.
        let bits = ((total / 4).max(2).next_power_of_two().trailing_zeros()).clamp(1, 30);
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1usize << bits) + 1];
        for c in &chars {
            for_each_variant(c, typo_budget(c.len()), |h| {
                starts[(h >> shift) as usize + 1] += 1
            });
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut fill: Vec<u32> = starts[..starts.len() - 1].to_vec();
        let mut fingerprints = vec![0u32; total];
        let mut ids = vec![0u32; total];
        for (i, c) in chars.iter().enumerate() {
            for_each_variant(c, typo_budget(c.len()), |h| {
                let slot = &mut fill[(h >> shift) as usize];
                fingerprints[*slot as usize] = h as u32;
                ids[*slot as usize] = i as u32;
                *slot += 1;
            });
        }
        DeletionIndex {
            words,
            shift,
            starts,
            fingerprints,
            ids,
        }
    }

    pub fn word(&self, i: u32) -> &str {
        &self.words[i as usize]
    }

    /// Whether its tables agree (for one read back from a snapshot): buckets in order and
    /// covering every entry, every entry naming a word.
    pub fn is_whole(&self) -> bool {
        let buckets_ok = self.starts.is_empty()
            || (self.shift < 64
                && self.starts.len() == (1usize << (64 - self.shift).min(32)) + 1
                && self.starts.windows(2).all(|w| w[0] <= w[1])
                && self.starts.last() == Some(&(self.ids.len() as u32)));
        buckets_ok
            && self.fingerprints.len() == self.ids.len()
            && self.ids.iter().all(|&i| (i as usize) < self.words.len())
    }

    /// How many words it holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
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
        if budget == 0 || chars.is_empty() || self.starts.is_empty() {
            return Vec::new();
        }
        let mut seen: Vec<u32> = Vec::new();
        let mut hits = Vec::new();
        for_each_variant(&chars, budget, |h| {
            let b = (h >> self.shift) as usize;
            let (from, to) = (self.starts[b] as usize, self.starts[b + 1] as usize);
            for k in from..to {
                if self.fingerprints[k] != h as u32 {
                    continue;
                }
                let id = self.ids[k];
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
        });
        hits.sort_by_key(|h| (h.distance, h.word));
        hits
    }
}

/// Calls `f` with the hash of the word itself and of every string made by deleting up to `max`
/// (at most two) of its characters. A string reachable in several ways may be passed more than
/// once; its hash is the same each time.
fn for_each_variant(chars: &[char], max: usize, mut f: impl FnMut(u64)) {
    if max == 0 {
        return;
    }
    let n = chars.len();
    f(hash_without(chars, n, n));
    for i in 0..n {
        f(hash_without(chars, i, n));
        if max >= 2 {
            for j in i + 1..n {
                f(hash_without(chars, i, j));
            }
        }
    }
}

/// The hash of `chars` without the characters at `skip_a` and `skip_b` (`n` for none); equal
/// strings hash equal however they were reached.
fn hash_without(chars: &[char], skip_a: usize, skip_b: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, &c) in chars.iter().enumerate() {
        if k != skip_a && k != skip_b {
            h = (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    // Mix so the top bits, which pick the bucket, depend on every character.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
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

    /// The first implementation (a map from every deletion string to its words), kept as the
    /// reference the hashed index must agree with.
    fn reference(words: &[String], query: &str, budget: Option<usize>) -> Vec<FuzzyHit> {
        fn deletions(chars: &[char], max: usize) -> std::collections::HashSet<Vec<char>> {
            let mut seen = std::collections::HashSet::new();
            seen.insert(chars.to_vec());
            let mut frontier = vec![chars.to_vec()];
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
            seen
        }
        let chars: Vec<char> = query.chars().collect();
        let raised = budget.is_some();
        let budget = budget.unwrap_or_else(|| typo_budget(chars.len())).min(2);
        if budget == 0 || chars.is_empty() {
            return Vec::new();
        }
        let q = deletions(&chars, budget);
        let mut hits = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let wc: Vec<char> = w.chars().collect();
            let wb = typo_budget(wc.len());
            if wb == 0 || deletions(&wc, wb).is_disjoint(&q) {
                continue;
            }
            let limit = if raised { budget } else { budget.min(wb) };
            let distance = strsim::damerau_levenshtein(query, w);
            if distance <= limit {
                hits.push(FuzzyHit {
                    word: i as u32,
                    distance,
                });
            }
        }
        hits.sort_by_key(|h| (h.distance, h.word));
        hits
    }

    /// Words with and without typo budgets, near spellings and repeated letters.
    fn words() -> Vec<String> {
        [
            "aabb",
            "abab",
            "peace",
            "place",
            "piece",
            "troop",
            "group",
            "sanction",
            "sanctions",
            "reassurance",
            "assurance",
            "mississippi",
            "ukraine",
            "ukrainian",
            "strase",
            "germany",
            "united kingdom",
            "deutschland",
            "merz",
            "italy",
            "côte d'ivoire",
            "aaaaaaaaa",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn agrees_with_the_string_index() {
        let words = words();
        let idx = DeletionIndex::new(words.clone());
        let mut queries: Vec<String> = words.clone();
        queries.extend(["grop", "pxace", "misisipi", "aaaaaaa", "x", ""].map(String::from));
        for q in &queries {
            for budget in [None, Some(1), Some(2)] {
                assert_eq!(
                    idx.search_with_budget(q, budget),
                    reference(&words, q, budget),
                    "{q} {budget:?}"
                );
            }
        }
    }

    /// `word` with one typo at its `at`-th inner letter (counting round): a letter replaced,
    /// dropped, doubled or swapped with the next, as `kind` says; unchanged when the word is too
    /// short to be given a typo.
    fn with_typo(word: &str, at: usize, kind: u8) -> String {
        let chars: Vec<char> = word.chars().collect();
        let letters: Vec<usize> = (1..chars.len().saturating_sub(1))
            .filter(|&i| chars[i].is_alphabetic())
            .collect();
        if typo_budget(chars.len()) == 0 || letters.is_empty() {
            return word.to_string();
        }
        let i = letters[at % letters.len()];
        let mut out = chars.clone();
        match kind % 4 {
            0 => out[i] = if chars[i] == 'x' { 'z' } else { 'x' },
            1 => {
                out.remove(i);
            }
            2 => out.insert(i, chars[i]),
            _ if chars[i + 1] != chars[i] => out.swap(i, i + 1),
            _ => out[i] = if chars[i] == 'q' { 'k' } else { 'q' },
        }
        out.into_iter().collect()
    }

    #[test]
    fn agrees_with_the_string_index_on_one_to_three_typos() {
        let words = words();
        let idx = DeletionIndex::new(words.clone());
        let typos = (
            proptest::sample::select(words.clone()),
            proptest::collection::vec((0..64usize, 0..4u8), 1..=3),
        );
        proptest::test_runner::TestRunner::new(proptest::test_runner::Config::with_cases(2_000))
            .run(&typos, |(word, edits)| {
                let q = edits
                    .iter()
                    .fold(word, |t, &(at, kind)| with_typo(&t, at, kind));
                for budget in [None, Some(1), Some(2)] {
                    proptest::prop_assert_eq!(
                        idx.search_with_budget(&q, budget),
                        reference(&words, &q, budget),
                        "{} {:?}",
                        q,
                        budget
                    );
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn no_typos_in_short_words() {
        let idx = index();
        assert!(idx.search("itly").is_empty());
        assert!(idx.search("merc").is_empty());
        assert!(idx.search("gxrmxny").is_empty());
    }
}
