//! "Find the source": reads the quoted words of a message, finds the stored statement they come
//! from (exactly, or with punctuation, case, typos or a word or two changed or dropped) and says
//! how the wording differs. Pure: the index and the text in, a value out; no Discord here.

use super::reply::{Command, Outcome, Reply};
use super::{entity_ref, first_printed, view};
use crate::index::{Gallop, Index, StatementId};
use crate::text::{fold, is_stop_word, stem};
#[cfg(test)]
use crate::wording::COST_TYPO;
use crate::wording::{align, close_enough, text_words, Word};
pub use crate::wording::{is_wordless, same_words};
pub use crate::wording::{Closeness, Part, PartKind, Wording};

/// Words of a quote looked at; a longer message is cut (a quote is a sentence or two).
pub const MAX_QUOTE_WORDS: usize = 80;
/// The rarest words of the quote whose statements are the candidates: a statement that shares
/// none of the three is not the source of a quote with at most a third of its words changed.
const DRIVERS: usize = 3;
/// Candidates counted at most (ascending, so best-ranked first).
const CANDIDATES: usize = 20_000;
/// Candidates aligned word by word: those that share the most of the quote's words.
const ALIGNED: usize = 300;

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

/// Answers "where is this from?": the statement a message quotes, with how its wording differs,
/// or a plain "nothing matches" and a `/whosaid` to try.
pub(super) fn answer<'a>(index: &'a Index, message: &str, raw: &str) -> Reply<'a> {
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
    if let (Some(note), Some(first)) = (
        r.note.as_mut(),
        first_printed(&view, crate::locale::Locale::English),
    ) {
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
