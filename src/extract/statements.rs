//! The statements of one sentence once its speaker is known: a quotation that opens it or that
//! its attribution introduces is direct; anything else is reported speech, mixed when it quotes.

use crate::model::Kind;

use super::attribution::{Attribution, Shape, Subject};
use super::speakers::Who;
use super::tokens::{self, Tok};
use super::{lexicon, quotes, Piece, Reader};

impl Reader<'_> {
    /// The statements of an attributed sentence, each with its speaker; and whether the
    /// sentence opens with the attributed quotation.
    pub(super) fn pieces(
        &mut self,
        ui: usize,
        att: &Attribution,
        whos: &[(Who, Vec<(usize, usize)>)],
        atts: &[Attribution],
    ) -> (Vec<(Who, Piece)>, bool) {
        let u = &self.units[ui];
        let toks = &u.toks;
        let exclude: Vec<(usize, usize)> =
            whos.iter().flat_map(|(_, b)| b.iter().copied()).collect();
        let mut out: Vec<(Who, Piece)> = Vec::new();
        let each = |out: &mut Vec<(Who, Piece)>, piece: Piece| {
            for (w, _) in whos {
                out.push((w.clone(), piece.clone()));
            }
        };
        let subject_toks = |i: usize| match att.shape {
            Shape::Before => i >= att.lo && i < att.verb,
            Shape::Participle | Shape::Colon => i >= att.lo && i < att.hi,
            Shape::After | Shape::According => i >= att.verb_end && i < att.hi,
        };
        let is_quoted = |i: usize, t: &Tok| {
            !subject_toks(i)
                && (t.is_quote() || matches!(t.kind, tokens::Kind::Punct(c) if quotes::is_mark(c)))
        };
        let n = toks.len();
        let edge = |t: &Tok| matches!(t.kind, tokens::Kind::Punct(_));
        let Some(first) = toks.iter().position(|t| !edge(t)) else {
            return (out, false);
        };
        let last = toks.iter().rposition(|t| !edge(t)).unwrap_or(first);
        // "Cruz continued:" with the quotation in the next paragraph: no statement here; the
        // speaker is the one the quotation is given to.
        if toks.last().is_some_and(|t| t.is_punct(':')) && !toks.iter().any(Tok::is_quote) {
            return (out, false);
        }

        // Two speakers in one sentence: "Macron said …, while Merz said …".
        if let Some((cut, second, who2)) = self.second_speaker(ui, att, whos, atts) {
            let cut_byte = toks[cut].start;
            let head_end = self.body[u.start..cut_byte]
                .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
            let head_end = u.start + head_end.len();
            let quoted1 = toks[..cut].iter().enumerate().any(|(i, t)| is_quoted(i, t));
            let quoted2 = toks[second.lo..].iter().any(|t| t.is_quote());
            each(
                &mut out,
                Piece {
                    start: u.start,
                    end: head_end,
                    kind: mixed_or(quoted1),
                    exclude: exclude.clone(),
                },
            );
            let ex2 = who2.1.clone();
            out.push((
                who2.0.clone(),
                Piece {
                    start: toks[second.lo].start,
                    end: u.end,
                    kind: mixed_or(quoted2),
                    exclude: ex2,
                },
            ));
            self.resolver.heard(&who2.0);
            return (out, false);
        }

        // (a) The sentence opens with the quotation: "“…,” the chancellor said."
        if toks[first].is_quote() && first < att.lo && toks[first + 1..att.lo].iter().all(edge) {
            if let Some(p) = self.direct(ui, first) {
                each(&mut out, p);
            }
            let tail = att.hi.min(n);
            let words_between =
                |a: usize, b: usize| toks[a..b].iter().filter(|t| t.is_word()).count();
            let closing_quote = toks[last].is_quote()
                && last >= tail
                && last > first
                && !toks[tail..last].iter().any(Tok::is_quote)
                && last > 0
                && (toks[last - 1].is_punct(',') || toks[last - 1].is_punct(':'))
                && words_between(tail, last) <= 6;
            if closing_quote {
                // "“…,” he said, “…”"
                if let Some(p) = self.direct(ui, last) {
                    each(&mut out, p);
                }
            } else if let Some(p) = (tail..n).find(|&p| {
                // ", adding that …", ", before adding that …"; "said on “Morning Joe,”
                // adding …": the comma may close a quoted title.
                let after_comma = |k: usize| {
                    k > 0
                        && (toks[k - 1].is_punct(',')
                            || (toks[k - 1].is_quote()
                                && self.body[..toks[k - 1].end]
                                    .trim_end_matches(|c: char| quotes::is_mark(c))
                                    .ends_with(',')))
                };
                let linked = p > 1
                    && toks[p - 1].is_word()
                    && matches!(toks[p - 1].lower.as_str(), "before" | "then" | "while")
                    && after_comma(p - 1);
                (after_comma(p) || linked)
                    && toks[p].is_word()
                    && lexicon::is_speech_participle(&toks[p].lower)
            }) {
                // ", praising the “concrete content” …": the speaker's words again, reported.
                if toks[p..].iter().any(Tok::is_quote) {
                    each(
                        &mut out,
                        Piece {
                            start: toks[p].start,
                            end: u.end,
                            kind: Kind::Mixed,
                            exclude: Vec::new(),
                        },
                    );
                }
            }
            // "“…,” she said, but …, “…,” said Kunin.", "… , “…,” she added.": a later
            // quotation with its own attribution right after it.
            let own = |a2: &&Attribution| {
                a2.lo > tail && matches!(a2.shape, Shape::After | Shape::Before) && !closing_quote
            };
            for a2 in atts.iter().filter(own) {
                let lo = a2.lo;
                let q = if lo >= 1 && toks[lo - 1].is_quote() {
                    lo - 1
                } else if lo >= 2 && toks[lo - 1].is_punct(',') && toks[lo - 2].is_quote() {
                    lo - 2
                } else {
                    continue;
                };
                if q < tail {
                    continue;
                }
                let Some(piece) = self.direct(ui, q) else {
                    continue;
                };
                // "…, “…,” he added": the speaker of the sentence is the latest one heard.
                for (w, _) in whos {
                    self.resolver.heard(w);
                }
                let Some(whos2) = self.resolve(ui, a2, false) else {
                    continue;
                };
                for (w, _) in whos2 {
                    self.resolver.heard(&w);
                    out.push((w, piece.clone()));
                }
            }
            return (out, true);
        }
        // (b) The attribution introduces the quotation: "Merz said: “…”"
        if toks[last].is_quote()
            && last >= att.hi
            && !toks[att.hi..last].iter().any(Tok::is_quote)
            && !toks[..att.lo]
                .iter()
                .enumerate()
                .any(|(i, t)| is_quoted(i, t))
        {
            let words = toks[att.hi..last].iter().filter(|t| t.is_word()).count();
            let before = if last > 0 {
                Some(&toks[last - 1])
            } else {
                None
            };
            let capital = self.quote_starts_upper(ui, last);
            let direct = before.is_some_and(|t| t.is_punct(':')) && words <= 12
                || before.is_some_and(|t| t.is_punct(',')) && words <= 6 && capital
                || last == att.hi && capital;
            if direct {
                if let Some(p) = self.direct(ui, last) {
                    each(&mut out, p);
                    return (out, false);
                }
            }
        }
        // (c) Reported speech, with or without quoted words.
        let quoted = toks.iter().enumerate().any(|(i, t)| is_quoted(i, t));
        each(
            &mut out,
            Piece {
                start: u.start,
                end: u.end,
                kind: mixed_or(quoted),
                exclude,
            },
        );
        (out, false)
    }

    /// A later attribution in the sentence, after a clause break, to someone else.
    #[allow(clippy::type_complexity)]
    pub(super) fn second_speaker(
        &mut self,
        ui: usize,
        att: &Attribution,
        whos: &[(Who, Vec<(usize, usize)>)],
        atts: &[Attribution],
    ) -> Option<(usize, Attribution, (Who, Vec<(usize, usize)>))> {
        let toks = &self.units[ui].toks;
        for second in atts
            .iter()
            .filter(|a| a.lo > att.hi && a.shape == Shape::Before && a.subjects.len() == 1)
        {
            if !matches!(second.subjects[0], Subject::Phrase(_)) {
                continue;
            }
            let lo = second.lo;
            let cut = if lo >= 1 && toks[lo - 1].is_punct(';') {
                lo - 1
            } else if lo >= 2
                && toks[lo - 1].is_word()
                && matches!(
                    toks[lo - 1].lower.as_str(),
                    "while" | "whereas" | "but" | "and"
                )
                && (toks[lo - 2].is_punct(',') || toks[lo - 2].is_punct(';'))
            {
                lo - 2
            } else {
                continue;
            };
            let found = self.resolve(ui, second, false)?.into_iter().next()?;
            if whos.iter().any(|(w, _)| w.name == found.0.name) {
                return None;
            }
            return Some((cut, second.clone(), found));
        }
        None
    }

    pub(super) fn quote_starts_upper(&self, ui: usize, q: usize) -> bool {
        let Some(span) = self.span_of(ui, q) else {
            return false;
        };
        self.body[span.inner_start()..]
            .chars()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
    }

    pub(super) fn span_of(&self, ui: usize, q: usize) -> Option<quotes::Span> {
        let u = &self.units[ui];
        match u.toks.get(q)?.kind {
            tokens::Kind::Quote(i) => self.blocks[u.block].quotes.spans.get(i).copied(),
            _ => None,
        }
    }

    /// The quoted words of the quotation token `q`, without marks, white space or a trailing
    /// comma.
    pub(super) fn direct(&self, ui: usize, q: usize) -> Option<Piece> {
        let u = &self.units[ui];
        let span = self.span_of(ui, q)?;
        let from = span.inner_start();
        let to = span.close.unwrap_or(u.toks[q].end).max(from);
        words_piece(self.body, from, to)
    }

    /// A sentence that is nothing but a quotation, as a direct statement.
    pub(super) fn quote_only(&self, ui: usize) -> Option<Piece> {
        let u = &self.units[ui];
        let toks = &u.toks;
        let content: Vec<usize> = (0..toks.len())
            .filter(|&i| !matches!(toks[i].kind, tokens::Kind::Punct(c) if !quotes::is_mark(c)))
            .collect();
        if content.len() == 1 && toks[content[0]].is_quote() {
            return self.direct(ui, content[0]);
        }
        // An unclosed quotation that opens the sentence and is never attributed.
        let first = content.first().map(|&i| &toks[i])?;
        if let tokens::Kind::Punct(c) = first.kind {
            let span = self.blocks[u.block]
                .quotes
                .spans
                .iter()
                .find(|s| s.open == first.start)?;
            if quotes::is_opening_mark(c) && !span.is_balanced() && !toks.iter().any(Tok::is_quote)
            {
                return words_piece(self.body, first.end, u.end);
            }
        }
        None
    }

    pub(super) fn runs_on(&self, ui: usize) -> bool {
        let u = &self.units[ui];
        u.toks.iter().any(|t| match t.kind {
            tokens::Kind::Quote(i) => self.blocks[u.block]
                .quotes
                .spans
                .get(i)
                .is_some_and(|s| s.runs_on),
            _ => false,
        })
    }
}

fn mixed_or(quoted: bool) -> Kind {
    if quoted {
        Kind::Mixed
    } else {
        Kind::Indirect
    }
}

/// `body[from..to]` without surrounding white space and a trailing comma; none when empty.
fn words_piece(body: &str, from: usize, to: usize) -> Option<Piece> {
    let raw = &body[from..to];
    let lead = raw.len() - raw.trim_start().len();
    let mut text = raw.trim();
    if let Some(t) = text.strip_suffix(',') {
        text = t.trim_end();
    }
    if text.is_empty() {
        return None;
    }
    let start = from + lead;
    Some(Piece {
        start,
        end: start + text.len(),
        kind: Kind::Direct,
        exclude: Vec::new(),
    })
}
