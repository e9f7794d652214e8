//! Quotation spans in a stretch of text: curly, straight, angle and low marks, paired by family and
//! by what stands on either side of each mark, so apostrophes stay apostrophes and flaws stay flaws.

/// Marks of one family pair with each other; single marks inside double ones are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Double,
    Single,
    Corner,
}

/// What a mark usually does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usual {
    Open,
    Close,
    Either,
}

/// A quotation: the opening mark at `open`, the closing one at `close` (none when the text never
/// closes it). Offsets are bytes in the text given to [`find`], plus its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub open: usize,
    pub open_len: usize,
    pub close: Option<usize>,
    pub close_len: usize,
    pub family: Family,
    /// An unclosed quotation that goes on in the next paragraph, which opens with a mark again
    /// (the printers' convention for a quotation over several paragraphs): it ends with its
    /// paragraph.
    pub runs_on: bool,
}

impl Span {
    /// Where the quoted words start.
    pub fn inner_start(&self) -> usize {
        self.open + self.open_len
    }

    /// Just after the closing mark, or `limit` when there is none.
    pub fn end_or(&self, limit: usize) -> usize {
        self.close.map_or(limit, |c| c + self.close_len)
    }

    pub fn is_closed(&self) -> bool {
        self.close.is_some()
    }

    /// Whether the quotation has an end: a closing mark, or the end of its paragraph when it
    /// runs on.
    pub fn is_balanced(&self) -> bool {
        self.close.is_some() || self.runs_on
    }
}

/// Every mark found, with the spans it makes.
#[derive(Debug, Default, Clone)]
pub struct Quotes {
    /// Spans in order of their opening marks; they never overlap.
    pub spans: Vec<Span>,
    /// Closing marks that close nothing (a flaw of the text, or an apostrophe-like mark).
    pub stray: Vec<usize>,
}

fn mark(c: char) -> Option<(Family, Usual)> {
    Some(match c {
        '“' | '„' | '‟' | '«' => (Family::Double, Usual::Open),
        '”' | '»' => (Family::Double, Usual::Close),
        '"' | '＂' => (Family::Double, Usual::Either),
        '‘' | '‹' => (Family::Single, Usual::Open),
        '’' | '›' => (Family::Single, Usual::Close),
        '\'' => (Family::Single, Usual::Either),
        '「' | '『' => (Family::Corner, Usual::Open),
        '」' | '』' => (Family::Corner, Usual::Close),
        _ => return None,
    })
}

/// Whether a character may be a quotation mark of any family.
pub fn is_mark(c: char) -> bool {
    mark(c).is_some()
}

/// Whether a character is usually an opening mark.
pub fn is_opening_mark(c: char) -> bool {
    matches!(mark(c), Some((_, Usual::Open | Usual::Either)))
}

fn opens_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
                || is_mark(c)
        }
    }
}

fn closes_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…'
                )
                || is_mark(c)
        }
    }
}

struct Open {
    at: usize,
    len: usize,
    family: Family,
    ch: char,
}

/// Finds the quotation spans in `text`; offsets are reported as `base + byte index`.
/// Linear in the length of the text. In a language whose press prints dialogue with dashes
/// ("—No enviaremos tropas —dijo Albares—."), a paragraph that opens with a dash opens a
/// quotation that the next dash before the narrator's words closes (or the paragraph's end).
pub fn find(text: &str, base: usize) -> Quotes {
    let dashes = crate::language::reading().is_some_and(|l| l.dialogue_dash);
    if let Some(span) = dashes.then(|| dialogue(text, base)).flatten() {
        let after = span.close.map_or(text.len(), |c| c + span.close_len - base);
        let mut rest = find_marks(&text[after..], base + after);
        rest.spans.insert(0, span);
        return rest;
    }
    find_marks(text, base)
}

/// The dash-opened quotation a paragraph of dialogue starts with, if it is one.
fn dialogue(text: &str, base: usize) -> Option<Span> {
    let lead = text.len() - text.trim_start().len();
    let mut chars = text[lead..].char_indices();
    let (_, dash) = chars.next()?;
    if !matches!(dash, '—' | '–' | '―') {
        return None;
    }
    let first = chars.next().map(|(_, c)| c)?;
    if first.is_whitespace() {
        return None;
    }
    let open = lead;
    let inner = open + dash.len_utf8();
    // The closing dash: one after a space or a mark, before the narrator's lower-case word.
    let body = &text[inner..];
    let mut close = None;
    let mut prev = ' ';
    for (i, c) in body.char_indices() {
        if matches!(c, '—' | '–' | '―') && (prev.is_whitespace() || prev == ',') {
            let next = body[i + c.len_utf8()..].trim_start().chars().next();
            if next.is_some_and(char::is_lowercase) {
                close = Some((inner + i, c.len_utf8()));
                break;
            }
        }
        prev = c;
    }
    let end = close.map_or(text.trim_end().len(), |(at, _)| at);
    // A dialogue with quotation marks inside is read by its marks.
    if text[inner..end].chars().any(is_mark) || end <= inner {
        return None;
    }
    Some(Span {
        open: base + open,
        open_len: dash.len_utf8(),
        close: Some(base + end),
        close_len: close.map_or(0, |(_, len)| len),
        family: Family::Double,
        runs_on: false,
    })
}

fn find_marks(text: &str, base: usize) -> Quotes {
    let mut out = Quotes::default();
    let mut open: Option<Open> = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let Some((family, usual)) = mark(c) else {
            prev = Some(c);
            continue;
        };
        let at = base + i;
        let len = c.len_utf8();
        // Left-flanking: looks like the start of quoted words; right-flanking: like their end.
        let left = opens_before(prev) && next.is_some_and(|n| !n.is_whitespace());
        let right = closes_after(next) && prev.is_some_and(|p| !p.is_whitespace());
        // Guillemets say which way they face; French puts spaces inside them.
        let (left, right) = match c {
            '«' | '‹' => (true, false),
            '»' | '›' => (false, true),
            _ => (left, right),
        };
        let between_letters =
            prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        match family {
            Family::Double | Family::Corner => {
                let same = open.as_ref().filter(|o| o.family == family);
                match (same, usual) {
                    (None, _) if open.is_some() => {} // a double mark inside single quotes
                    (None, Usual::Close) => {
                        if left && !right && family == Family::Double {
                            open = Some(Open {
                                at,
                                len,
                                family,
                                ch: c,
                            });
                        } else {
                            out.stray.push(at);
                        }
                    }
                    (None, _) => {
                        if right && !left {
                            out.stray.push(at);
                        } else {
                            open = Some(Open {
                                at,
                                len,
                                family,
                                ch: c,
                            });
                        }
                    }
                    (Some(o), Usual::Open) => {
                        // “ closes „ (German style) or stands where a closing mark belongs.
                        let closes = (o.ch == '„' && c == '“') || (right && !left);
                        if closes {
                            out.spans.push(close_span(o, at, len));
                            open = None;
                        } else {
                            out.spans.push(unclosed(o));
                            open = Some(Open {
                                at,
                                len,
                                family,
                                ch: c,
                            });
                        }
                    }
                    (Some(o), _) => {
                        if left && !right {
                            out.spans.push(unclosed(o));
                            open = Some(Open {
                                at,
                                len,
                                family,
                                ch: c,
                            });
                        } else {
                            out.spans.push(close_span(o, at, len));
                            open = None;
                        }
                    }
                }
            }
            Family::Single => {
                if between_letters {
                    prev = Some(c);
                    continue; // an apostrophe: Kiev’s, don't
                }
                match &open {
                    Some(o) if o.family != Family::Single => {}
                    Some(o) => {
                        let closes = prev.is_some_and(|p| !p.is_whitespace())
                            && !next.is_some_and(char::is_alphanumeric)
                            && usual != Usual::Open;
                        if closes {
                            out.spans.push(close_span(o, at, len));
                            open = None;
                        }
                    }
                    None => {
                        let opens = usual != Usual::Close
                            && opens_before(prev)
                            && next.is_some_and(char::is_alphanumeric);
                        if opens {
                            open = Some(Open {
                                at,
                                len,
                                family,
                                ch: c,
                            });
                        }
                    }
                }
            }
        }
        prev = Some(c);
    }
    if let Some(o) = open {
        // An unclosed single mark is far more often an apostrophe than a quotation.
        if o.family != Family::Single {
            out.spans.push(unclosed(&o));
        }
    }
    out
}

fn close_span(o: &Open, at: usize, len: usize) -> Span {
    Span {
        open: o.at,
        open_len: o.len,
        close: Some(at),
        close_len: len,
        family: o.family,
        runs_on: false,
    }
}

fn unclosed(o: &Open) -> Span {
    Span {
        open: o.at,
        open_len: o.len,
        close: None,
        close_len: 0,
        family: o.family,
        runs_on: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<String> {
        find(text, 0)
            .spans
            .iter()
            .map(|s| match s.close {
                Some(c) => text[s.inner_start()..c].to_string(),
                None => format!("{}…", &text[s.inner_start()..]),
            })
            .collect()
    }

    #[test]
    fn curly_straight_angle_and_low_marks() {
        assert_eq!(quoted("He said “yes” and “no”."), vec!["yes", "no"]);
        assert_eq!(quoted("He said \"yes\" and \"no\"."), vec!["yes", "no"]);
        assert_eq!(quoted("Il a dit « oui »."), vec![" oui "]);
        assert_eq!(quoted("Er sagte „ja“ dazu."), vec!["ja"]);
        assert_eq!(quoted("「はい」と述べた"), vec!["はい"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(
            quoted("Kiev’s allies and the leaders’ summit."),
            Vec::<String>::new()
        );
        assert_eq!(quoted("He said ‘we won’t go’ today."), vec!["we won’t go"]);
        assert_eq!(
            quoted("“It’s Ukraine’s ‘choice’,” he said."),
            vec!["It’s Ukraine’s ‘choice’,"]
        );
    }

    #[test]
    fn flaws_are_kept() {
        let q = find("under American leadership”, while", 0);
        assert!(q.spans.is_empty());
        assert_eq!(q.stray.len(), 1);
        assert_eq!(
            quoted("“We will help. And then"),
            vec!["We will help. And then…"]
        );
        let q = find("“one “two” three", 0);
        assert_eq!(q.spans.len(), 2);
        assert!(!q.spans[0].is_closed() && q.spans[1].is_closed());
    }
}
