//! Sentence boundaries inside a paragraph: a full stop, question or exclamation mark before a
//! capital, never inside a closed quotation, never after "Mr." or an initial.

use super::layout::Block;
use super::lexicon;
use super::quotes;

/// A sentence as a byte range of the body, without surrounding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_caseless_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Splits a block into sentences. Linear in the length of the block.
pub fn split(body: &str, block: &Block) -> Vec<Sentence> {
    let text = &body[block.start..block.end];
    let base = block.start;
    let spans = &block.quotes.spans;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut sentence_start = 0usize; // index into `chars`
    let mut span_ix = 0usize;
    let mut k = 0usize;
    while k < chars.len() {
        let (i, c) = chars[k];
        let at = base + i;
        while span_ix < spans.len() && protected_end(&spans[span_ix], block.end) <= at {
            span_ix += 1;
        }
        let inside = spans
            .get(span_ix)
            .filter(|s| s.is_balanced() && s.open < at && at < protected_end(s, block.end));
        if !(is_terminal(c) || is_caseless_terminal(c)) {
            k += 1;
            continue;
        }
        // Gather the run of terminal marks and closing marks or brackets after them.
        let mut j = k + 1;
        while j < chars.len() && is_terminal(chars[j].1) {
            j += 1;
        }
        if let Some(s) = inside {
            // Inside a quotation a sentence ends only where the quotation ends too.
            let closes_here = s
                .close
                .is_some_and(|cl| j < chars.len() && base + chars[j].0 == cl);
            if !closes_here {
                k = j;
                continue;
            }
        }
        while j < chars.len() {
            let (ji, jc) = chars[j];
            let is_open_mark = spans
                .iter()
                .skip(span_ix)
                .take(2)
                .any(|s| s.open == base + ji);
            if (quotes::is_mark(jc) && !is_open_mark) || matches!(jc, ')' | ']' | '}') {
                j += 1;
            } else {
                break;
            }
        }
        let end_ix = j; // exclusive
        let mut n = j;
        while n < chars.len() && chars[n].1.is_whitespace() {
            n += 1;
        }
        let boundary = if n >= chars.len() {
            false // the block's end closes the sentence anyway
        } else if is_caseless_terminal(c) {
            true
        } else if n == j {
            false // no space after the mark: "3.5", "U.S."
        } else {
            let next = chars[n].1;
            let starts = next.is_uppercase()
                || next.is_numeric()
                || quotes::is_opening_mark(next)
                || matches!(next, '(' | '[' | '—' | '–' | '-' | '•')
                || (next.is_alphabetic() && !next.is_lowercase());
            let closes_quote = (k + 1..end_ix).any(|q| quotes::is_mark(chars[q].1));
            starts
                && !(c == '.' && abbreviation_before(text, i, &chars, n))
                && !(c == '.' && ordinal_date(text, i, chars[n].0))
                && !(closes_quote && attribution_follows(&text[chars[n].0..]))
        };
        if boundary {
            push(
                &mut out,
                text,
                base,
                chars[sentence_start].0,
                chars[end_ix - 1].0 + chars[end_ix - 1].1.len_utf8(),
            );
            sentence_start = n;
        }
        k = if boundary { n } else { j.max(k + 1) };
    }
    if sentence_start < chars.len() {
        push(&mut out, text, base, chars[sentence_start].0, text.len());
    }
    out
}

/// Whether the full stop at `dot` follows a day of the month and comes before its month's
/// name, in a language that writes dates so ("BERLIN, 12. Januar —", "am 3. März").
fn ordinal_date(text: &str, dot: usize, next: usize) -> bool {
    let Some(lang) = crate::language::reading() else {
        return false;
    };
    let day = text[..dot]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    let before_day = text[..dot - day].chars().next_back();
    if !(1..=2).contains(&day) || before_day.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let word: String = text[next..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    lang.word(&word)
        .is_some_and(|w| w.len() == 1 && lexicon::is_month(&w[0]))
}

fn protected_end(s: &quotes::Span, block_end: usize) -> usize {
    s.close.map_or(
        if s.runs_on {
            block_end
        } else {
            s.open + s.open_len
        },
        |c| c + s.close_len,
    )
}

fn push(out: &mut Vec<Sentence>, text: &str, base: usize, from: usize, to: usize) {
    let piece = &text[from..to];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(Sentence {
            start: base + from + lead,
            end: base + from + lead + trimmed.len(),
        });
    }
}

/// Whether `rest` opens with an attribution of the quotation before it: "Mr. Zelensky asked.",
/// "He said.", "The Kremlin said on Tuesday" (a capitalised speaker phrase, then a speech verb).
fn attribution_follows(rest: &str) -> bool {
    let words: Vec<&str> = rest.split_whitespace().take(16).collect();
    for (k, raw) in words.iter().take(7).enumerate() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        if word.is_empty() {
            return false;
        }
        let lower = word.to_lowercase();
        // "He added that …" after a quotation is a sentence of its own.
        if k == 0 && matches!(lower.as_str(), "he" | "she" | "they" | "it" | "we" | "i") {
            return false;
        }
        // "“…?” Hannity pressed.": a verb that reports speech beside a quotation is one here.
        let verb = (lexicon::is_speech_verb(&lower) || lexicon::is_quoting_verb(&lower))
            && word.starts_with(char::is_lowercase);
        if verb {
            // Only a short tail that ends the sentence: "Mr. Zelensky asked.", "the Kremlin
            // said on Tuesday." — not "Merz said that …", which reports more.
            let tail = &words[k + 1..];
            let end = tail.iter().position(|w| {
                w.ends_with(['.', '!', '?']) && !lexicon::is_abbreviation(w.trim_end_matches('.'))
            });
            let short = raw.ends_with(['.', '!', '?'])
                || end.is_some_and(|e| {
                    e < 6 && !tail[..=e].iter().any(|w| w.eq_ignore_ascii_case("that"))
                });
            return k >= 1 && short;
        }
        let part = word.starts_with(char::is_uppercase)
            || lexicon::is_article(&lower)
            || lexicon::is_title_word(&lower)
            || lexicon::is_name_connector(&lower);
        // The speaker phrase ends at a comma, a full stop or a bracket: "Mr. Zelensky" keeps
        // its dot only after an abbreviation.
        let ends = raw.ends_with([',', ';', ':', ')'])
            || (raw.ends_with('.') && !lexicon::is_abbreviation(word));
        if !part || ends {
            return false;
        }
    }
    false
}

/// Whether the full stop at byte `dot` of `text` belongs to an abbreviation or an initial, given
/// that the next word starts at char index `next`.
fn abbreviation_before(text: &str, dot: usize, chars: &[(usize, char)], next: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    if lexicon::is_abbreviation(word) {
        return true;
    }
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        return first.is_uppercase(); // an initial: "J. Smith"
    }
    // "rund 5.000. Die …", "seit 2.3.": a number with its separators ends the sentence as any
    // word does.
    if word.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return false;
    }
    if word.contains('.') {
        // "U.S." ends a sentence only before a word that opens one.
        let rest = &text[chars[next].0..];
        let next_word: &str = rest
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        return !lexicon::is_sentence_opener(next_word);
    }
    false
}

/// Where the text of a paragraph's first sentence starts after a list marker ("- ", "• ").
pub fn after_bullet(body: &str, s: Sentence) -> usize {
    let text = &body[s.start..s.end];
    for marker in ["- ", "– ", "— ", "• ", "* ", "· ", "▪ "] {
        if let Some(rest) = text.strip_prefix(marker) {
            let rest_trimmed = rest.trim_start();
            if !rest_trimmed.is_empty() {
                return s.end - rest_trimmed.len();
            }
        }
    }
    s.start
}

/// Where the text of a paragraph's first sentence starts after a dateline ("THE HAGUE, June 25
/// (Wire) - ", "PARIS — "): the place in capitals, maybe a date and an agency, then a dash.
pub fn after_dateline(body: &str, s: Sentence, gaz: &crate::entities::Gazetteer) -> usize {
    let text = &body[s.start..s.end];
    let window = &text[..floor_boundary(text, 90)];
    let Some((dash, len)) = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|d| window.find(d).map(|p| (p, d.len())))
        .min()
    else {
        return s.start;
    };
    let prefix = &text[..dash];
    let first = prefix.split([' ', ',']).next().unwrap_or("");
    let caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '-'));
    // "Kyiv (AFP) -", "Paris, Jan 6 (Reuters) -": a place in title case before an agency's name.
    let agency = prefix.trim_end().ends_with(')')
        && prefix.contains('(')
        && first.chars().next().is_some_and(char::is_uppercase)
        && prefix.split_whitespace().count() <= 6;
    // "Rome, January 7 -": a city in title case, a comma, then a date.
    const MONTHS: &[&str] = &[
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    ];
    let dated = prefix.contains(',')
        && prefix.split_whitespace().count() <= 5
        && prefix.split([' ', ',', '.']).any(|w| {
            w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty()
                || MONTHS.iter().any(|m| w.starts_with(m))
        })
        && gaz
            .scan(first)
            .iter()
            .any(|m| m.kind == crate::entities::AliasKind::Capital && m.start == 0);
    if !caps && !agency && !dated {
        return s.start;
    }
    let place_words = prefix
        .split_whitespace()
        .take_while(|w| w.chars().all(|c| !c.is_lowercase()) && !w.starts_with('('))
        .count();
    let looks_like_place = prefix.contains(',')
        || prefix.contains('(')
        || place_words >= 2
        || gaz.scan(&title_case(prefix)).iter().any(|m| {
            matches!(
                m.kind,
                crate::entities::AliasKind::Capital | crate::entities::AliasKind::Name
            )
        });
    if !looks_like_place {
        return s.start;
    }
    let rest = &text[dash + len..];
    let lead = rest.len() - rest.trim_start().len();
    if rest.trim().is_empty() {
        return s.start;
    }
    s.start + dash + len + lead
}

/// "THE HAGUE" → "The Hague", so the gazetteer, which wants names capitalised as names, reads it.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    out
}

/// The largest char boundary of `s` not after byte `max`.
fn floor_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::super::layout::blocks;
    use super::*;

    fn sentences(body: &str) -> Vec<&str> {
        blocks(body)
            .iter()
            .flat_map(|b| split(body, b))
            .map(|s| &body[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_between_sentences_not_inside_quotations() {
        assert_eq!(
            sentences("“Germany will help. This may include troops,” he said. “It will stay.” Then he left."),
            vec![
                "“Germany will help. This may include troops,” he said.",
                "“It will stay.”",
                "Then he left."
            ]
        );
    }

    #[test]
    fn a_german_day_of_the_month_ends_no_sentence() {
        let body = "BERLIN, 12. Januar — Merz reiste am 3. März ab. Es waren 12. Danach nicht.";
        let got = crate::language::reading_in(crate::language::get("de"), || sentences(body));
        assert_eq!(
            got,
            vec![
                "BERLIN, 12. Januar — Merz reiste am 3. März ab.",
                "Es waren 12.",
                "Danach nicht."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers() {
        assert_eq!(
            sentences("Mr. Smith met J. Doe in the U.S. on Monday. Growth was 3.5 percent. In the U.S. The talks went on."),
            vec![
                "Mr. Smith met J. Doe in the U.S. on Monday.",
                "Growth was 3.5 percent.",
                "In the U.S.",
                "The talks went on."
            ]
        );
        assert_eq!(
            sentences("Im Einsatz waren rund 5.000. Der Minister räumte Fehler ein."),
            vec![
                "Im Einsatz waren rund 5.000.",
                "Der Minister räumte Fehler ein."
            ]
        );
    }

    #[test]
    fn unclosed_quotations_do_not_swallow_the_paragraph() {
        assert_eq!(
            sentences("He said “we will help. She disagreed."),
            vec!["He said “we will help.", "She disagreed."]
        );
    }
}
