//! One statement, many printings: whether two stored statements are the same words of the same
//! speaker (a wire story reprinted, trimmed or re-quoted), and the fingerprints the index finds a
//! statement's other printings by. Pure: statements in, answers out; the grouping is in `index`.

use crate::model::{fnv64, Statement};
use crate::text::{fold, is_stop_word, stem, words};

/// Bigrams of content stems in each window of which the smallest hash is a fingerprint: two
/// texts that share a run of `WINDOW + 1` content stems share a fingerprint.
const WINDOW: usize = 4;

/// Whether a speaker's name names a person: not a title standing for one ("the chancellor",
/// "a spokesperson"), which the extractor stores as both the name and the office.
pub fn names_a_person(s: &Statement) -> bool {
    let name = s.speaker.name.trim();
    let title = s
        .speaker
        .role
        .as_deref()
        .is_some_and(|r| r.trim().eq_ignore_ascii_case(name));
    !title && name.chars().next().is_some_and(char::is_uppercase) && !name.starts_with("The ")
}

/// Whether two printings have the same speaker: the same side, and the same person (the same
/// name, or one's last name the other's) unless one of them names no person but only the side's
/// office. With no side, the names must agree.
pub fn same_speaker(a: &Statement, b: &Statement) -> bool {
    if a.entity != b.entity {
        return false;
    }
    let (pa, pb) = (names_a_person(a), names_a_person(b));
    if a.entity.is_some() && (!pa || !pb) {
        return true;
    }
    let (na, nb) = (fold(&a.speaker.name), fold(&b.speaker.name));
    if na == nb {
        return true;
    }
    if !pa || !pb {
        return false;
    }
    let (la, lb) = (last_word(&na), last_word(&nb));
    let (fa, fb) = (first_word(&na), first_word(&nb));
    let one_word = !na.contains(' ') || !nb.contains(' ');
    // "Merz" and "Friedrich Merz", "Zelensky" and "Zelenskyy"; not "Olaf Scholz" and "Anna
    // Scholz".
    (la == lb || near(la, lb)) && (one_word || fa == fb)
}

/// Two spellings of a name within the typo budget of the shorter, keeping the first letter.
fn near(a: &str, b: &str) -> bool {
    let budget = crate::text::typo_budget(a.chars().count().min(b.chars().count()));
    budget > 0
        && a.chars().next() == b.chars().next()
        && strsim::damerau_levenshtein(a, b) <= budget
}

fn last_word(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or_default()
}

fn first_word(name: &str) -> &str {
    name.split(' ').next().unwrap_or_default()
}

/// Whether two stored statements are printings of one statement: the same speaker, a shared
/// fingerprint (a run of content words in common, or the same folded text), and the same words
/// as `wording::same_words` reads them.
pub fn same_statement(a: &Statement, b: &Statement) -> bool {
    if !same_speaker(a, b) {
        return false;
    }
    let (fa, fb) = (fingerprints(a), fingerprints(b));
    fa.iter().any(|f| fb.contains(f)) && crate::wording::same_words(&a.text, &b.text)
}

/// The fingerprints a statement is found by among its side's: its folded text whole, and the
/// smallest hash of each window of `WINDOW` consecutive bigrams of its content stems (every
/// bigram when it has no more than a window of them). Sorted, without repeats.
pub fn fingerprints(s: &Statement) -> Vec<u64> {
    let side = s.entity.as_deref().unwrap_or("");
    let folded = fold(&s.text);
    let mut out = vec![fnv64(&[side, "=", &folded])];
    let stems: Vec<String> = words(&folded)
        .filter(|w| !is_stop_word(w))
        .map(stem)
        .filter(|s| s.len() > 1)
        .collect();
    let bigrams: Vec<u64> = stems
        .windows(2)
        .map(|p| fnv64(&[side, &p[0], &p[1]]))
        .collect();
    if bigrams.len() <= WINDOW {
        out.extend(&bigrams);
    } else {
        out.extend(
            bigrams
                .windows(WINDOW)
                .map(|w| w.iter().copied().min().unwrap_or_default()),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
