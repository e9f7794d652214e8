//! Words, punctuation and whole quotations of one sentence, as byte ranges of the body: the
//! attribution is read from the words outside the quotations.

use super::quotes::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct(char),
    /// A whole quotation, marks included; the index is into the block's spans.
    Quote(usize),
}

#[derive(Debug, Clone)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lower case, with ’ as ' (empty for punctuation and quotations).
    pub lower: String,
    /// Starts with a capital letter.
    pub cap: bool,
    /// Ends in 's or ’s.
    pub poss: bool,
    /// Two letters or more, all capitals: an acronym ("WHO", "IT").
    pub upper: bool,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is(&self, lower: &str) -> bool {
        self.kind == Kind::Word && self.lower == lower
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn is_quote(&self) -> bool {
        matches!(self.kind, Kind::Quote(_))
    }

    /// The word without a possessive ending.
    pub fn bare(&self) -> &str {
        if self.poss {
            &self.lower[..self.lower.len() - 2]
        } else {
            &self.lower
        }
    }
}

fn inner_word_char(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.')
}

/// Tokens of `body[start..end]`. Balanced quotations that lie inside the range become one token
/// each; the marks of unbalanced ones are punctuation.
pub fn tokenize(
    body: &str,
    start: usize,
    end: usize,
    spans: &[Span],
    block_end: usize,
) -> Vec<Tok> {
    let text = &body[start..end];
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let first_span = spans.partition_point(|s| s.open < start);
    let mut span_ix = first_span;
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        while span_ix < spans.len() && spans[span_ix].open < at {
            span_ix += 1;
        }
        if let Some(s) = spans
            .get(span_ix)
            .filter(|s| s.open == at && s.is_balanced())
        {
            let q_end = s.end_or(block_end).min(end);
            out.push(Tok {
                start: at,
                end: q_end,
                kind: Kind::Quote(span_ix),
                lower: String::new(),
                cap: false,
                poss: false,
                upper: false,
            });
            while chars.peek().is_some_and(|&(j, _)| start + j < q_end) {
                chars.next();
            }
            continue;
        }
        if c.is_alphanumeric() {
            let mut last = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    chars.next();
                    last = j + d.len_utf8();
                    continue;
                }
                if inner_word_char(d) {
                    let after = text[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(char::is_alphanumeric) {
                        chars.next();
                        last = j + d.len_utf8();
                        continue;
                    }
                    // "Mr." and "U.S." keep their full stop.
                    let word = &text[i..last];
                    let initial = word.chars().count() == 1 && c.is_uppercase();
                    if d == '.'
                        && (super::lexicon::is_abbreviation(word) || word.contains('.') || initial)
                    {
                        chars.next();
                        last = j + 1;
                    }
                }
                break;
            }
            let word = &text[i..last];
            let lower = word.to_lowercase().replace('’', "'");
            let poss = lower.len() > 2 && lower.ends_with("'s");
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            out.push(Tok {
                start: at,
                end: start + last,
                kind: Kind::Word,
                cap: c.is_uppercase(),
                poss,
                upper: letters >= 2 && word.chars().all(|c| !c.is_lowercase()),
                lower,
            });
        } else if !c.is_whitespace() {
            out.push(Tok {
                start: at,
                end: at + c.len_utf8(),
                kind: Kind::Punct(c),
                lower: String::new(),
                cap: false,
                poss: false,
                upper: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::quotes;
    use super::*;

    #[test]
    fn words_possessives_and_quotations() {
        let body = "President Trump’s envoy, Mr. Witkoff, said “yes, indeed” in the U.S. today";
        let q = quotes::find(body, 0);
        let toks = tokenize(body, 0, body.len(), &q.spans, body.len());
        let shown: Vec<&str> = toks.iter().map(|t| &body[t.start..t.end]).collect();
        assert_eq!(
            shown,
            vec![
                "President",
                "Trump’s",
                "envoy",
                ",",
                "Mr.",
                "Witkoff",
                ",",
                "said",
                "“yes, indeed”",
                "in",
                "the",
                "U.S.",
                "today"
            ]
        );
        assert!(toks[1].poss);
        assert_eq!(toks[1].bare(), "trump");
        assert!(toks[8].is_quote());
    }
}
