//! How the wording of one text stands against another, word by word: the alignment "Find the
//! source" reads a quote with, the runs that differ (the data its reply carries and the renderers
//! mark), and the tighter rule by which two printings are one statement. Pure text in, values out.

use crate::text::{fold, typo_budget};
use serde::Serialize;

/// How a run of the quote stands against the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The same words (up to case and punctuation).
    Same,
    /// Words the quote misspells.
    Misspelt,
    /// Words of the statement the quote leaves out.
    Dropped,
    /// Words the quote has and the statement does not.
    Added,
    /// Words the quote puts in place of the statement's.
    Changed,
}

/// One run of words of the same kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub kind: PartKind,
    /// The statement's words, as printed (empty for `Added`).
    pub printed: String,
    /// The quote's words (empty for `Dropped`; the same words for `Same`).
    pub quoted: String,
}

/// How close the quote is to the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Closeness {
    /// Word for word (case and punctuation aside).
    Exact,
    /// Only spelling differs.
    Near,
    /// Words were dropped, added or changed.
    Altered,
}

/// The quote set against the statement it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wording {
    pub closeness: Closeness,
    /// The words looked for.
    pub quoted: String,
    /// The statement's span that the quote covers, run by run.
    pub parts: Vec<Part>,
}

impl Wording {
    /// How many words of each kind of difference: (misspelt, dropped, added, changed).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let n = |k: PartKind| {
            self.parts
                .iter()
                .filter(|p| p.kind == k)
                .map(|p| {
                    let side = if k == PartKind::Added {
                        &p.quoted
                    } else {
                        &p.printed
                    };
                    side.split_whitespace().count()
                })
                .sum::<usize>()
        };
        (
            n(PartKind::Misspelt),
            n(PartKind::Dropped),
            n(PartKind::Added),
            n(PartKind::Changed),
        )
    }
}

/// Alignment costs: a misspelt word, a changed word, a word added or dropped.
pub(crate) const COST_TYPO: u32 = 1;
const COST_CHANGED: u32 = 4;
const COST_GAP: u32 = 4;

/// A word of a text: as printed, and its key for comparison (folded, without inner spaces).
pub(crate) struct Word<'a> {
    pub(crate) printed: &'a str,
    pub(crate) key: String,
}

pub(crate) fn text_words(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace()
        .map(|w| Word {
            printed: w,
            key: fold(w).replace(' ', ""),
        })
        .filter(|w| !w.key.is_empty())
        .collect()
}

/// The cost of reading statement word `s` where the quote has `q`.
fn substitution(q: &str, s: &str) -> u32 {
    if q == s {
        return 0;
    }
    let (lq, ls) = (q.chars().count(), s.chars().count());
    let budget = typo_budget(lq.min(ls));
    if budget > 0 && lq.abs_diff(ls) <= budget && strsim::damerau_levenshtein(q, s) <= budget {
        COST_TYPO
    } else {
        COST_CHANGED
    }
}

/// Aligns the quote with the statement, the statement's words before and after the quote free.
/// Returns the cost and the runs.
pub(crate) fn align(quote: &[Word<'_>], statement: &[Word<'_>]) -> (u32, Vec<Part>) {
    let (n, m) = (quote.len(), statement.len());
    let w = m + 1;
    let mut d = vec![0u32; (n + 1) * w];
    for i in 1..=n {
        d[i * w] = i as u32 * COST_GAP;
        for j in 1..=m {
            let sub =
                d[(i - 1) * w + j - 1] + substitution(&quote[i - 1].key, &statement[j - 1].key);
            let add = d[(i - 1) * w + j] + COST_GAP;
            let drop = d[i * w + j - 1] + COST_GAP;
            d[i * w + j] = sub.min(add).min(drop);
        }
    }
    // The best end in the statement (the earliest of equal cost).
    let mut end = 0;
    for j in 0..=m {
        if d[n * w + j] < d[n * w + end] {
            end = j;
        }
    }
    let cost = d[n * w + end];
    // Trace back, word by word.
    let mut steps: Vec<(PartKind, Option<usize>, Option<usize>)> = Vec::new();
    let (mut i, mut j) = (n, end);
    while i > 0 {
        let here = d[i * w + j];
        if j > 0 {
            let sub = substitution(&quote[i - 1].key, &statement[j - 1].key);
            if here == d[(i - 1) * w + j - 1] + sub {
                let kind = match sub {
                    0 => PartKind::Same,
                    COST_TYPO => PartKind::Misspelt,
                    _ => PartKind::Changed,
                };
                steps.push((kind, Some(j - 1), Some(i - 1)));
                i -= 1;
                j -= 1;
                continue;
            }
            if here == d[i * w + j - 1] + COST_GAP {
                steps.push((PartKind::Dropped, Some(j - 1), None));
                j -= 1;
                continue;
            }
        }
        steps.push((PartKind::Added, None, Some(i - 1)));
        i -= 1;
    }
    steps.reverse();
    let mut parts: Vec<Part> = Vec::new();
    for (kind, s, q) in steps {
        let printed = s.map_or("", |s| statement[s].printed);
        let quoted = q.map_or("", |q| quote[q].printed);
        match parts.last_mut() {
            Some(p) if p.kind == kind => {
                for (into, word) in [(&mut p.printed, printed), (&mut p.quoted, quoted)] {
                    if !word.is_empty() {
                        if !into.is_empty() {
                            into.push(' ');
                        }
                        into.push_str(word);
                    }
                }
            }
            _ => parts.push(Part {
                kind,
                printed: printed.to_string(),
                quoted: quoted.to_string(),
            }),
        }
    }
    (cost, parts)
}

/// Whether an alignment is close enough to call the statement the quote's source: every word of
/// a quote of one or two words, and at most a third of a longer one's words dropped, added or
/// changed (misspellings aside).
pub(crate) fn close_enough(quote_words: usize, parts: &[Part]) -> bool {
    let edits: usize = parts
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                PartKind::Dropped | PartKind::Added | PartKind::Changed
            )
        })
        .map(|p| {
            p.printed
                .split_whitespace()
                .count()
                .max(p.quoted.split_whitespace().count())
        })
        .sum();
    let allowed = if quote_words < 3 {
        0
    } else {
        (quote_words / 3).max(1)
    };
    edits <= allowed
}

/// The shortest text, in words, that may be a printing of a longer one without being word for
/// word the same: a shorter run is a phrase two statements may share.
const SAME_MIN_WORDS: usize = 6;

/// Whether two printed texts carry one statement's words: the same once case, punctuation,
/// quotation marks, dashes and spacing are folded; or the shorter's words running inside the
/// longer's (a trimmed quote), with at most a word in six dropped, added or changed and a word in
/// four misspelt. The alignment is the one "Find the source" uses, on a tighter budget: joining
/// two different statements is worse than showing one twice.
pub fn same_words(a: &str, b: &str) -> bool {
    Folded::of(a).same_words(&Folded::of(b))
}

/// A text read for `same_words` once, to compare with many: its thousands joined, folded, and
/// split into words.
pub struct Folded<'a> {
    printed: &'a str,
    folded: String,
    words: Vec<String>,
}

impl<'a> Folded<'a> {
    pub fn of(printed: &'a str) -> Self {
        let folded = fold(&digits_joined(printed));
        let words = crate::text::words(&folded).map(str::to_string).collect();
        Folded {
            printed,
            folded,
            words,
        }
    }

    /// Whether this text and `other` carry one statement's words (see `same_words`).
    pub fn same_words(&self, other: &Folded<'_>) -> bool {
        let (a, b) = (self.printed, other.printed);
        if self.folded == other.folded {
            return !self.folded.is_empty();
        }
        fn as_words(w: &[String]) -> Vec<Word<'_>> {
            w.iter()
                .map(|k| Word {
                    printed: k,
                    key: k.clone(),
                })
                .collect()
        }
        let (short, long) = if self.words.len() <= other.words.len() {
            (&self.words, &other.words)
        } else {
            (&other.words, &self.words)
        };
        let n = short.len();
        // A short run inside a long statement is a shared phrase, not a trimmed quote.
        if n < SAME_MIN_WORDS || (n < 2 * SAME_MIN_WORDS && n * 3 < long.len()) {
            return false;
        }
        // Each word of the shorter text the alignment does not read as the same word is misspelt,
        // changed or added, and the rule below allows at most a quarter of them misspelt and a sixth
        // otherwise: with fewer words in common, in order, the answer is no without the alignment,
        // which compares every pair of words by their spelling.
        if words_in_common(short, long) + n / 4 + n / 6 < n {
            return false;
        }
        let (_, parts) = align(&as_words(short), &as_words(long));
        let names = capitalised(a)
            .chain(capitalised(b))
            .collect::<Vec<String>>();
        let words_of = |t: &str| t.split_whitespace().count();
        let (mut edits, mut typos) = (0, 0);
        for p in &parts {
            match p.kind {
                PartKind::Same => {}
                PartKind::Misspelt => {
                    // "acceptable" for "unacceptable" is no typo.
                    if negated(&p.printed, &p.quoted) {
                        return false;
                    }
                    typos += words_of(&p.printed)
                }
                kind => {
                    // A word that turns the meaning makes another statement: a negation, a number,
                    // a name of the shorter text the longer lacks ("Kharkiv" for "Odesa" in one
                    // condemnation; the longer may add its speaker's name, "…,” Guterres said, “…").
                    let turns = |w: &str| {
                        is_negation(w)
                            || w.chars().any(|c| c.is_ascii_digit())
                            || (kind != PartKind::Dropped && names.iter().any(|n| n == w))
                    };
                    if p.printed
                        .split_whitespace()
                        .chain(p.quoted.split_whitespace())
                        .any(turns)
                    {
                        return false;
                    }
                    edits += words_of(&p.printed).max(words_of(&p.quoted));
                }
            }
        }
        edits * 6 <= n && typos * 4 <= n
    }
}

/// How many words two texts have in common in the same order (the longest common run of words,
/// gaps allowed): an upper bound of the words an alignment of the two reads as the same.
fn words_in_common(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A text with the separators of thousands taken out of its numbers ("1,000" as "1000").
fn digits_joined(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|n| n.iter().all(char::is_ascii_digit))
            && chars.get(i + 4).is_none_or(|n| !n.is_ascii_digit());
        if !(between && matches!(c, ',' | '\u{202f}' | '\u{a0}')) {
            out.push(c);
        }
    }
    out
}

/// The folded words a text writes with a capital letter, but for its first: names, as a rule.
fn capitalised(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
        .skip(1)
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_uppercase)
        })
        .flat_map(|w| {
            let f = fold(w);
            crate::text::words(&f)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
}

/// Whether two spellings of a word differ by a negating prefix ("unacceptable", "acceptable").
fn negated(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    ["un", "in", "im", "il", "ir", "dis", "non"]
        .iter()
        .any(|p| long.strip_prefix(p) == Some(short))
}

/// Whether a folded word negates what it stands in ("not", "never", "n't" as folded, "nicht"…).
fn is_negation(w: &str) -> bool {
    const NEGATIONS: &[&str] = &[
        "not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "cannot", "t",
        "nicht", "nie", "niemals", "ne", "pas", "jamais", "non", "nunca", "nada", "nessun",
    ];
    NEGATIONS.contains(&w) || w.starts_with("kein")
}

/// Whether a text has no words to look for.
pub fn is_wordless(text: &str) -> bool {
    text_words(text).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<Word<'_>> {
        text_words(text)
    }

    fn keys(words: &[Word<'_>]) -> Vec<String> {
        words.iter().map(|w| w.key.clone()).collect()
    }

    #[test]
    fn words_in_common_counts_the_longest_run_in_order() {
        let a = keys(&words("we will not send troops to ukraine"));
        let b = keys(&words("we will send no troops to the ukraine border"));
        assert_eq!(words_in_common(&a, &b), 6);
        assert_eq!(words_in_common(&a, &[]), 0);
        assert_eq!(words_in_common(&a, &a), a.len());
    }

    #[test]
    fn a_trim_with_few_words_in_common_is_not_the_same() {
        assert!(!same_words(
            "Germany will keep its support for Ukraine for as long as it takes",
            "France says its support for peace talks will not waver this winter",
        ));
        assert!(same_words(
            "Germany will keep its support for Ukraine for as long as it takes",
            "Germany will keep its suport for Ukraine for as long as it takes, he said",
        ));
    }

    proptest! {
        /// The shortcut in `same_words` never answers no where the alignment would answer yes:
        /// no alignment reads more words as the same than the two texts have in common in order.
        #[test]
        fn no_alignment_has_more_same_words_than_in_common(
            a in proptest::collection::vec(0usize..8, 0..14),
            b in proptest::collection::vec(0usize..8, 0..20),
        ) {
            const VOCABULARY: [&str; 8] =
                ["troops", "troop", "peace", "talks", "will", "not", "send", "ukraine"];
            let text = |w: &[usize]| w.iter().map(|&i| VOCABULARY[i]).collect::<Vec<_>>().join(" ");
            let (ta, tb) = (text(&a), text(&b));
            let (wa, wb) = (words(&ta), words(&tb));
            let (_, parts) = align(&wa, &wb);
            let same: usize = parts
                .iter()
                .filter(|p| p.kind == PartKind::Same)
                .map(|p| p.quoted.split_whitespace().count())
                .sum();
            prop_assert!(same <= words_in_common(&keys(&wa), &keys(&wb)));
        }
    }
}
