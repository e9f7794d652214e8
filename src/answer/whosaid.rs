//! `/whosaid PHRASE`: who said a phrase, from the posting lists of its words (typos allowed),
//! statements holding the phrase as written first.

use super::reply::{page_count, Command, Outcome, Reply, PAGE_SIZE};
use super::{first_printed, shorten, view};
use crate::index::{union, Gallop, Index, StatementId, Trigrams};
use crate::text::{fold, is_stop_word, query_terms, stem};

/// Candidates a `whosaid` search verifies at most.
const WHOSAID_CANDIDATES: usize = 4_000;

pub(super) fn answer<'a>(
    index: &'a Index,
    phrase: &str,
    language: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply<'a> {
    let mut r = Reply::new(Command::Whosaid, Outcome::Found, raw);
    r.topic = Some(phrase.to_string());
    let words = query_terms(phrase);
    if words.is_empty() {
        r.outcome = Outcome::Unclear;
        r.note = Some(
            "Give a few distinctive words of the quote, for example: /whosaid hardest steps"
                .to_string(),
        );
        return r;
    }
    // Each phrase word stands for itself or a near spelling (no synonyms: this is a quote search):
    // the statements of one or more stems, their union never built.
    let lists: Vec<Vec<&[StatementId]>> = words
        .iter()
        .map(|w| {
            let exact = index.term(w);
            if !exact.is_empty() {
                return vec![exact];
            }
            index.fuzzy_terms(w).iter().map(|t| index.term(t)).collect()
        })
        .collect();
    let allowed_missing = usize::from(words.len() >= 3);
    let drivers = smallest(&lists, allowed_missing + 1);
    let parts: Vec<&[StatementId]> = drivers
        .iter()
        .flat_map(|&i| lists[i].iter().copied())
        .collect();
    let candidates = union(&parts, WHOSAID_CANDIDATES);
    let mut cursors: Vec<Vec<Gallop>> = lists
        .iter()
        .map(|parts| parts.iter().map(|p| Gallop::new(p)).collect())
        .collect();
    // Candidates with every word, then those missing one; within each, statements that contain
    // the phrase as written first, then rank. Whether one does is asked only as far as the page
    // needs it.
    let mut by_missing: [Vec<StatementId>; 2] = [Vec::new(), Vec::new()];
    for s in candidates {
        let present = cursors
            .iter_mut()
            .map(|parts| parts.iter_mut().fold(false, |hit, c| c.contains(s) | hit))
            .filter(|&hit| hit)
            .count();
        let printed_in = |code: &str| &*index.source_of(s).language == code;
        if present + allowed_missing >= words.len() && language.is_none_or(printed_in) {
            by_missing[words.len() - present].push(s);
        }
    }
    r.total = by_missing[0].len() + by_missing[1].len();
    r.pages = page_count(r.total, PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    let need = (r.page + 1) * PAGE_SIZE;
    let mut ordered: Vec<StatementId> = Vec::with_capacity(need);
    for group in &by_missing {
        if ordered.len() < need {
            let want = need - ordered.len();
            ordered.extend(verbatim_first(index, phrase, group, want));
        }
    }
    r.statements = ordered
        .iter()
        .skip(r.page * PAGE_SIZE)
        .map(|&s| view(index, s))
        .collect();
    if r.total == 0 {
        r.outcome = Outcome::NotFound;
        r.note = Some(format!(
            "No stored statement{} contains “{}”.",
            super::in_words(language),
            shorten(phrase, 100)
        ));
    } else if r.page == 0 {
        r.note = r
            .statements
            .first()
            .and_then(|v| first_printed(v, crate::locale::Locale::English));
    }
    r
}

/// The `k` lists with the fewest statements (ties: the earlier), as the stable sort by size of
/// the whole unions would pick them. A union's size is counted only when its bounds (its largest
/// part, the sum of its parts) leave the choice open.
fn smallest(lists: &[Vec<&[StatementId]>], k: usize) -> Vec<usize> {
    let lo = |l: &Vec<&[StatementId]>| l.iter().map(|p| p.len()).max().unwrap_or(0);
    let hi = |l: &Vec<&[StatementId]>| l.iter().map(|p| p.len()).sum::<usize>();
    let size: Vec<usize> = lists
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if lo(l) == hi(l) {
                return lo(l);
            }
            // Certainly not among the k smallest: k others are surely smaller.
            let below = lists
                .iter()
                .enumerate()
                .filter(|&(j, m)| j != i && (hi(m) < lo(l) || (hi(m) == lo(l) && j < i)))
                .count();
            if below >= k {
                hi(l)
            } else {
                union_len(l)
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..lists.len()).collect();
    order.sort_by_key(|&i| size[i]);
    order.truncate(k);
    order
}

/// How many statements are in the union of sorted lists.
fn union_len(parts: &[&[StatementId]]) -> usize {
    let mut len = parts.first().map_or(0, |p| p.len());
    for (k, part) in parts.iter().enumerate().skip(1) {
        let mut earlier: Vec<Gallop> = parts[..k].iter().map(|p| Gallop::new(p)).collect();
        len += part
            .iter()
            .filter(|&&s| !earlier.iter_mut().fold(false, |hit, c| c.contains(s) | hit))
            .count();
    }
    len
}

/// The first `want` of `group` (ascending) in the order: containing `phrase` as written first,
/// then rank. Stops asking once `want` statements contain it.
fn verbatim_first(
    index: &Index,
    phrase: &str,
    group: &[StatementId],
    want: usize,
) -> Vec<StatementId> {
    let mut verbatim = Verbatim::new(index, phrase);
    let mut yes = Vec::with_capacity(want);
    let mut no = Vec::new();
    for &s in group {
        if yes.len() == want {
            return yes;
        }
        if verbatim.in_statement(index, s) {
            yes.push(s);
        } else if no.len() < want {
            no.push(s);
        }
    }
    let rest = want - yes.len();
    yes.extend(no.into_iter().take(rest));
    yes
}

/// Whether statements contain a phrase as written (after folding both), most often answered
/// without folding the statement: the phrase's words must be words of the store (inner ones),
/// or the end or start of one (the first, the last), else no statement holds it (a misspelt
/// word, mostly); a word inside the phrase stands whole in any text that contains it, so the
/// statement must have that word's stem; and the text's three-byte runs must include the
/// phrase's (see `Trigrams`).
struct Verbatim<'a> {
    folded: String,
    trigrams: Trigrams,
    /// Statements with each inner word's stem; asked in ascending order.
    inner: Vec<Gallop<'a>>,
    buffer: String,
    /// No statement can contain the phrase (its words are not all in the store's words).
    impossible: bool,
}

impl<'a> Verbatim<'a> {
    fn new(index: &'a Index, phrase: &str) -> Self {
        let folded = fold(phrase);
        let words: Vec<&str> = folded.split(' ').collect();
        let mut inner = Vec::new();
        if words.len() >= 3 {
            for w in &words[1..words.len() - 1] {
                let s = stem(w);
                if !is_stop_word(w) && s.len() > 1 {
                    inner.push(Gallop::new(index.term(&s)));
                }
            }
        }
        Verbatim {
            trigrams: Trigrams::of(&folded),
            impossible: !index.may_contain(&folded),
            folded,
            inner,
            buffer: String::new(),
        }
    }

    /// Whether statement `s` contains the phrase; `s` must not be smaller than any asked before.
    fn in_statement(&mut self, index: &Index, s: StatementId) -> bool {
        if self.impossible {
            return false;
        }
        let mut has_inner = true;
        for g in &mut self.inner {
            has_inner &= g.contains(s);
        }
        if !has_inner || !index.trigrams(s).covers(&self.trigrams) {
            return false;
        }
        let text = &index.statement(s).text;
        if !text.is_ascii() {
            return fold(text).contains(&self.folded);
        }
        // `fold` of ASCII text, into a buffer kept between statements.
        self.buffer.clear();
        let mut pending_space = false;
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_space && !self.buffer.is_empty() {
                    self.buffer.push(' ');
                }
                pending_space = false;
                self.buffer.push(char::from(b.to_ascii_lowercase()));
            } else {
                pending_space = true;
            }
        }
        self.buffer.contains(&self.folded)
    }
}
