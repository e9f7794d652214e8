//! The layout of an article body: paragraphs (non-empty lines), lines joined where a sentence or a
//! quotation runs over a line break, and headlines (short lines without a closing full stop).

use super::quotes::{self, Quotes};

/// A stretch of the body read as one paragraph: one line, or several joined lines.
#[derive(Debug, Clone)]
pub struct Block {
    /// Byte range in the body, without surrounding white space.
    pub start: usize,
    pub end: usize,
    pub headline: bool,
    pub quotes: Quotes,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

/// Longest line, in words, that may still be a headline.
const HEADLINE_MAX_WORDS: usize = 25;

/// Cuts the body into blocks, in order.
pub fn blocks(body: &str) -> Vec<Block> {
    let lines = lines(body);
    let line_quotes: Vec<Quotes> = lines
        .iter()
        .map(|l| quotes::find(&body[l.start..l.end], l.start))
        .collect();
    let mut out: Vec<Block> = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let first = k;
        while k + 1 < lines.len() && joins(body, &lines[k], &line_quotes[k], &lines[k + 1]) {
            k += 1;
        }
        let (start, end) = (lines[first].start, lines[k].end);
        let text = &body[start..end];
        let headline = first == k
            && !ends_sentence(text)
            && text.split_whitespace().count() <= HEADLINE_MAX_WORDS
            && !reads_as_body(text);
        out.push(Block {
            start,
            end,
            headline,
            quotes: quotes::find(text, start),
        });
        k += 1;
    }
    // A quotation left open at the end of a paragraph whose successor opens with a mark again
    // is a quotation over several paragraphs: it ends with its own paragraph.
    for i in 0..out.len().saturating_sub(1) {
        let next_opens = !out[i + 1].headline
            && body[out[i + 1].start..]
                .chars()
                .next()
                .is_some_and(quotes::is_opening_mark);
        let headline = out[i].headline;
        if let Some(last) = out[i].quotes.spans.last_mut() {
            if !last.is_closed() && next_opens && !headline {
                last.runs_on = true;
            }
        }
    }
    out
}

/// The byte offsets where the non-empty lines start, in order: the paragraph of a position is
/// the number of these at or before it.
pub fn paragraph_starts(body: &str) -> Vec<usize> {
    lines(body).iter().map(|l| l.start).collect()
}

/// The 1-based paragraph (non-empty line) that the byte `pos` stands in.
pub fn paragraph_of(starts: &[usize], pos: usize) -> u32 {
    starts.partition_point(|&s| s <= pos).max(1) as u32
}

/// Non-empty lines, trimmed.
fn lines(body: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in body.split('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            let start = offset + lead;
            out.push(Line {
                start,
                end: start + trimmed.len(),
            });
        }
        offset += raw.len() + 1;
    }
    out
}

/// Whether a line goes on in the next one: a sentence broken before a lower-case word, an
/// introduction ending with a colon before a quotation, or a quotation whose closing mark is on
/// the next line.
fn joins(body: &str, line: &Line, quotes: &Quotes, next: &Line) -> bool {
    let text = &body[line.start..line.end];
    let next_text = &body[next.start..next.end];
    let next_first = next_text.chars().next();
    if text.ends_with(':') && next_first.is_some_and(quotes::is_opening_mark) {
        return true;
    }
    if !ends_sentence(text) && next_first.is_some_and(char::is_lowercase) {
        return true;
    }
    let open_at_end = quotes.spans.last().is_some_and(|s| !s.is_closed());
    if open_at_end {
        let nq = quotes::find(next_text, next.start);
        let first_stray = nq.stray.first().copied();
        let first_open = nq.spans.first().map(|s| s.open);
        if let Some(stray) = first_stray {
            return first_open.is_none_or(|o| stray < o);
        }
    }
    false
}

/// Whether a line without a full stop is still running text: it starts in lower case, or a
/// pronoun speaks in it ("…, he said"), which headlines never do.
fn reads_as_body(text: &str) -> bool {
    if text.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    // "“… for president.” ― Ana Ruiz": a quotation that ends a sentence, signed with a dash.
    let signed = text.char_indices().any(|(i, c)| {
        matches!(c, '.' | '!' | '?')
            && text[i + 1..].starts_with(|m: char| quotes::is_mark(m))
            && text[i + 1..]
                .trim_start_matches(|m: char| quotes::is_mark(m))
                .trim_start()
                .starts_with(['―', '—', '–'])
    });
    if signed {
        return true;
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.windows(2).any(|p| {
        matches!(p[0].as_str(), "he" | "she" | "they") && super::lexicon::is_speech_verb(&p[1])
    })
}

/// Whether a text ends as a sentence does: a full stop, question or exclamation mark, possibly
/// inside closing marks or brackets.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ')' | ']' | '}') || (quotes::is_mark(c))
    });
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_non_empty_lines() {
        let body = "Title line\n\n  First sentence here.  \r\nSecond one.\n";
        let b = blocks(body);
        assert_eq!(b.len(), 3);
        assert!(b[0].headline);
        assert_eq!(&body[b[1].start..b[1].end], "First sentence here.");
        let starts = paragraph_starts(body);
        assert_eq!(paragraph_of(&starts, b[1].start), 2);
        assert_eq!(paragraph_of(&starts, b[2].start), 3);
        assert_eq!(paragraph_of(&starts, 0), 1);
        assert!(!b[2].headline);
    }

    #[test]
    fn broken_sentences_and_quotations_are_joined() {
        let body = "“We will not recognise any\nannexation,” he said.\nNext.";
        let b = blocks(body);
        assert_eq!(b.len(), 2);
        let starts = paragraph_starts(body);
        assert_eq!(paragraph_of(&starts, b[1].start), 3);
        assert_eq!(b[0].quotes.spans.len(), 1);
        assert!(b[0].quotes.spans[0].is_closed());
        let body = "She said:\n“We are ready.”";
        assert_eq!(blocks(body).len(), 1);
    }

    #[test]
    fn quotations_over_paragraphs_run_on() {
        let body = "“We will help.\n“We will stay,” she said.";
        let b = blocks(body);
        assert_eq!(b.len(), 2);
        assert!(b[0].quotes.spans[0].runs_on);
    }

    #[test]
    fn headlines() {
        assert!(blocks("“The most difficult steps are ahead of us”")[0].headline);
        assert!(!blocks("“We will help.”")[0].headline);
        assert!(ends_sentence("leadership.”)"));
    }
}
