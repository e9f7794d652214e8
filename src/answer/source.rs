//! "Find the source": reads the quoted words of a message, finds the stored statement they come
//! from (exactly, or with punctuation, case, typos or a word or two changed or dropped) and says
//! how the wording differs. Pure: the index and the text in, a value out; no Discord here.

use super::reply::{Command, Outcome, Reply};
use super::{entity_ref, first_printed, view};
pub use crate::answer::wording::{Closeness, Part, PartKind, Wording};
use crate::index::{Gallop, Index, StatementId};
use crate::text::{fold, is_stop_word, stem, typo_budget};

/// Words of a quote looked at; a longer message is cut (a quote is a sentence or two).
pub const MAX_QUOTE_WORDS: usize = 80;
/// The rarest words of the quote whose statements are the candidates: a statement that shares
/// none of the three is not the source of a quote with at most a third of its words changed.
const DRIVERS: usize = 3;
/// Candidates counted at most (ascending, so best-ranked first).
const CANDIDATES: usize = 20_000;
/// Candidates aligned word by word: those that share the most of the quote's words.
const ALIGNED: usize = 300;
/// Alignment costs: a misspelt word, a changed word, a word added or dropped.
const COST_TYPO: u32 = 1;
const COST_CHANGED: u32 = 4;
const COST_GAP: u32 = 4;

/// The statement a quote comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub statement: StatementId,
    pub wording: Wording,
}

/// The words a message quotes: the longest passage in quotation marks (of two words or more),
/// or the whole message when it has none.
pub fn quoted_passage(message: &str) -> String {
    const PAIRS: &[(char, char)] = &[
        ('“', '”'),
        ('"', '"'),
        ('«', '»'),
        ('„', '“'),
        ('„', '”'),
        ('»', '«'),
        ('‘', '’'),
    ];
    let mut best: Option<&str> = None;
    for &(open, close) in PAIRS {
        let mut rest = message;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + open.len_utf8()..];
            let Some(j) = after.find(close) else { break };
            let inside = after[..j].trim();
            if inside.split_whitespace().count() >= 2 && best.is_none_or(|b| inside.len() > b.len())
            {
                best = Some(inside);
            }
            rest = &after[j + close.len_utf8()..];
        }
    }
    best.unwrap_or(message).trim().to_string()
}

/// A word of a text: as printed, and its key for comparison (folded, without inner spaces).
struct Word<'a> {
    printed: &'a str,
    key: String,
}

fn text_words(text: &str) -> Vec<Word<'_>> {
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
fn align(quote: &[Word<'_>], statement: &[Word<'_>]) -> (u32, Vec<Part>) {
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
fn close_enough(quote_words: usize, parts: &[Part]) -> bool {
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

/// The statements a quote's content words point to: for each, its exact stem's statements, or
/// those of near spellings when the store lacks it.
fn word_lists<'a>(index: &'a Index, quote: &[Word<'_>]) -> Vec<Vec<&'a [StatementId]>> {
    let mut stems: Vec<String> = Vec::new();
    for w in quote {
        for part in w.key.split(' ') {
            if is_stop_word(part) {
                continue;
            }
            let s = stem(part);
            if s.len() > 1 && !stems.contains(&s) {
                stems.push(s);
            }
        }
    }
    stems
        .iter()
        .map(|s| {
            let exact = index.term(s);
            if !exact.is_empty() {
                return vec![exact];
            }
            index.fuzzy_terms(s).iter().map(|t| index.term(t)).collect()
        })
        .filter(|l: &Vec<&[StatementId]>| l.iter().any(|p| !p.is_empty()))
        .collect()
}

/// Finds the statement `quote` comes from, or None when no stored statement is close enough.
pub fn find(index: &Index, quote: &str) -> Option<Found> {
    let mut words = text_words(quote);
    words.truncate(MAX_QUOTE_WORDS);
    if words.is_empty() {
        return None;
    }
    let lists = word_lists(index, &words);
    if lists.is_empty() {
        return None;
    }
    let size = |l: &Vec<&[StatementId]>| l.iter().map(|p| p.len()).sum::<usize>();
    let mut order: Vec<usize> = (0..lists.len()).collect();
    order.sort_by_key(|&i| size(&lists[i]));
    let drivers: Vec<&[StatementId]> = order
        .iter()
        .take(DRIVERS)
        .flat_map(|&i| lists[i].iter().copied())
        .collect();
    // Merged, never concatenated and sorted: a common word's list may be long.
    let candidates = crate::index::union(&drivers, CANDIDATES);
    // Count how many of the quote's words each candidate has; align the best few.
    let mut cursors: Vec<Vec<Gallop>> = lists
        .iter()
        .map(|l| l.iter().map(|p| Gallop::new(p)).collect())
        .collect();
    let mut scored: Vec<(usize, StatementId)> = candidates
        .iter()
        .map(|&s| {
            let hits = cursors
                .iter_mut()
                .map(|parts| parts.iter_mut().fold(false, |hit, c| c.contains(s) | hit))
                .filter(|&hit| hit)
                .count();
            (hits, s)
        })
        .collect();
    // A content word the statement lacks is at least one edit: those with too few are out.
    let allowed = if words.len() < 3 {
        0
    } else {
        (words.len() / 3).max(1)
    };
    scored.retain(|&(hits, _)| hits + allowed >= lists.len());
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // Word for word first: a statement with every word whose folded text holds the folded quote
    // (its three-byte runs checked before its text is folded).
    let folded = fold(quote);
    let runs = crate::index::Trigrams::of(&folded);
    let verbatim = scored
        .iter()
        .take_while(|&&(hits, _)| hits == lists.len())
        .map(|&(_, s)| s)
        .find(|&s| {
            index.trigrams(s).covers(&runs) && fold(&index.statement(s).text).contains(&folded)
        });
    if let Some(s) = verbatim {
        scored = vec![(lists.len(), s)];
    }
    scored.truncate(ALIGNED);
    let mut best: Option<(u32, StatementId, Vec<Part>)> = None;
    for &(_, s) in &scored {
        let text = &index.statement(s).text;
        let statement = text_words(text);
        let (cost, parts) = align(&words, &statement);
        if !close_enough(words.len(), &parts) {
            continue;
        }
        if best.as_ref().is_none_or(|b| (cost, s) < (b.0, b.1)) {
            best = Some((cost, s, parts));
        }
        if cost == 0 {
            break;
        }
    }
    let (_, statement, parts) = best?;
    let closeness = if parts.iter().all(|p| p.kind == PartKind::Same) {
        Closeness::Exact
    } else if parts
        .iter()
        .all(|p| matches!(p.kind, PartKind::Same | PartKind::Misspelt))
    {
        Closeness::Near
    } else {
        Closeness::Altered
    };
    Some(Found {
        statement,
        wording: Wording {
            closeness,
            quoted: quote.trim().to_string(),
            parts,
        },
    })
}

/// The quote's most distinctive words (the rarest in the store, those it lacks first), for a
/// `/whosaid` suggestion when nothing matches.
pub fn distinctive_words(index: &Index, quote: &str, k: usize) -> Vec<String> {
    let mut words: Vec<(usize, usize, String)> = Vec::new();
    for (at, w) in text_words(quote).iter().enumerate().take(MAX_QUOTE_WORDS) {
        let key = w.key.as_str();
        if is_stop_word(key) || key.chars().count() < 3 || words.iter().any(|x| x.2 == key) {
            continue;
        }
        words.push((index.term(&stem(key)).len(), at, key.to_string()));
    }
    words.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    words.truncate(k);
    // In the order the message has them.
    words.sort_by_key(|w| w.1);
    words.into_iter().map(|w| w.2).collect()
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
    let (fa, fb) = (fold(&digits_joined(a)), fold(&digits_joined(b)));
    if fa == fb {
        return !fa.is_empty();
    }
    let folded_words =
        |f: &str| -> Vec<String> { crate::text::words(f).map(str::to_string).collect() };
    let (wa, wb) = (folded_words(&fa), folded_words(&fb));
    fn as_words(w: &[String]) -> Vec<Word<'_>> {
        w.iter()
            .map(|k| Word {
                printed: k,
                key: k.clone(),
            })
            .collect()
    }
    let (short, long) = if wa.len() <= wb.len() {
        (as_words(&wa), as_words(&wb))
    } else {
        (as_words(&wb), as_words(&wa))
    };
    let n = short.len();
    // A short run inside a long statement is a shared phrase, not a trimmed quote.
    if n < SAME_MIN_WORDS || (n < 2 * SAME_MIN_WORDS && n * 3 < long.len()) {
        return false;
    }
    let (_, parts) = align(&short, &long);
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

/// Answers "where is this from?": the statement a message quotes, with how its wording differs,
/// or a plain "nothing matches" and a `/whosaid` to try.
pub(super) fn answer(index: &Index, message: &str, raw: &str) -> Reply {
    let quote = quoted_passage(message);
    let shown = crate::text::cut_at_word(&quote, 100);
    let mut r = Reply::new(Command::Source, Outcome::Found, raw);
    r.topic = Some(quote.clone());
    if is_wordless(&quote) {
        r.outcome = Outcome::Unclear;
        r.note = Some(
            "Give the words of the quote, for example: /source the hardest steps are still ahead"
                .to_string(),
        );
        return r;
    }
    let Some(found) = find(index, &quote) else {
        r.outcome = Outcome::NotFound;
        let words = distinctive_words(index, &quote, 3);
        r.note = Some(if words.is_empty() {
            format!("No stored statement matches “{shown}”.")
        } else {
            let try_this = format!("/whosaid {}", words.join(" "));
            r.suggestions = vec![try_this.clone()];
            format!("No stored statement matches “{shown}”. Try {try_this} to find statements with its most distinctive words.")
        });
        return r;
    };
    let view = view(index, found.statement);
    if let Some(e) = index.entity_of(found.statement) {
        r.entity = Some(entity_ref(index, e));
    }
    let (misspelt, dropped, added, changed) = found.wording.counts();
    let mut differences = Vec::new();
    for (n, what) in [
        (changed, "changed"),
        (dropped, "dropped"),
        (added, "added"),
        (misspelt, "misspelt"),
    ] {
        if n > 0 {
            differences.push(format!("{n} word{} {what}", if n == 1 { "" } else { "s" }));
        }
    }
    r.note = Some(match found.wording.closeness {
        Closeness::Exact => "The quote is word for word what was printed.".to_string(),
        Closeness::Near => format!(
            "Close: the quote differs only in spelling ({}).",
            differences.join(", ")
        ),
        Closeness::Altered => format!(
            "The quote differs from what was printed: {}.",
            differences.join(", ")
        ),
    });
    r.total = 1;
    if let (Some(note), Some(first)) = (r.note.as_mut(), first_printed(&view)) {
        note.push(' ');
        note.push_str(&first);
    }
    r.statements = vec![view];
    r.wording = Some(found.wording);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(quote: &str, statement: &str) -> (u32, Vec<(PartKind, String, String)>) {
        let (cost, parts) = align(&text_words(quote), &text_words(statement));
        (
            cost,
            parts
                .into_iter()
                .map(|p| (p.kind, p.printed, p.quoted))
                .collect(),
        )
    }

    #[test]
    fn lists_merge_ascending_without_repeats_up_to_the_cap() {
        let (a, b, c): (&[u32], &[u32], &[u32]) = (&[1, 4, 9], &[2, 4, 10], &[]);
        assert_eq!(crate::index::union(&[a, b, c], 10), [1, 2, 4, 9, 10]);
        assert_eq!(crate::index::union(&[a, b, c], 3), [1, 2, 4]);
    }

    #[test]
    fn quoted_words_are_read_from_the_marks() {
        assert_eq!(
            quoted_passage("Merz said “we will not send troops” yesterday"),
            "we will not send troops"
        );
        assert_eq!(
            quoted_passage("he said \"no\" and then \"the hardest steps are ahead\""),
            "the hardest steps are ahead"
        );
        assert_eq!(
            quoted_passage("  no quotation marks here "),
            "no quotation marks here"
        );
    }

    #[test]
    fn an_exact_quote_aligns_inside_the_statement_for_free() {
        let (cost, p) = parts(
            "Hardest steps, are STILL ahead",
            "“The hardest steps are still ahead of us,” he said.",
        );
        assert_eq!(cost, 0);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, PartKind::Same);
        assert_eq!(p[0].1, "hardest steps are still ahead");
    }

    #[test]
    fn a_misquote_shows_what_was_dropped_added_and_changed() {
        let (_, p) = parts(
            "we will never send any soldiers to Ukraine",
            "We will not send troops to Ukraine now.",
        );
        let kinds: Vec<PartKind> = p.iter().map(|x| x.0).collect();
        assert!(kinds.contains(&PartKind::Changed), "{p:?}");
        let changed: Vec<&(PartKind, String, String)> =
            p.iter().filter(|x| x.0 == PartKind::Changed).collect();
        assert!(changed.iter().any(|x| x.1.contains("troops")), "{p:?}");
        let (_, p) = parts("we will send troops", "we will not send troops");
        assert_eq!(
            p.iter()
                .filter(|x| x.0 == PartKind::Dropped)
                .map(|x| x.1.as_str())
                .collect::<Vec<_>>(),
            ["not"]
        );
        let (_, p) = parts("we will really not send troops", "we will not send troops");
        assert_eq!(
            p.iter()
                .filter(|x| x.0 == PartKind::Added)
                .map(|x| x.2.as_str())
                .collect::<Vec<_>>(),
            ["really"]
        );
    }

    #[test]
    fn a_typo_is_a_misspelling_not_a_change() {
        let (cost, p) = parts("the hardset steps", "the hardest steps are ahead");
        assert_eq!(cost, COST_TYPO);
        assert_eq!(p[1].0, PartKind::Misspelt);
        assert_eq!((p[1].1.as_str(), p[1].2.as_str()), ("hardest", "hardset"));
    }

    #[test]
    fn too_many_changes_are_not_a_source() {
        let (_, p) = align(
            &text_words("we will send tanks and planes"),
            &text_words("we will not send troops or ships"),
        );
        assert!(!close_enough(6, &p));
        let (_, p) = align(
            &text_words("we will send troops now"),
            &text_words("we will not send troops now"),
        );
        assert!(close_enough(5, &p));
    }
}
