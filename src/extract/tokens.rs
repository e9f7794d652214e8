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
    /// A capitalised function word that stands in a name ("Al From", "“…,” From said").
    pub named: bool,
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

    /// Whether the word is no part of a name (a sentence opener, a day, a pronoun), unless the
    /// sentence shows it is one.
    pub fn not_name(&self) -> bool {
        !self.named && super::lexicon::is_not_name_word(&self.lower)
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
                named: false,
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
                // "9/11", "24/7": a slash between digits.
                let slash = d == '/' && text[..j].ends_with(|p: char| p.is_ascii_digit());
                if inner_word_char(d) || slash {
                    let after = text[j + d.len_utf8()..].chars().next();
                    let next_ok = if slash {
                        after.is_some_and(|a| a.is_ascii_digit())
                    } else {
                        after.is_some_and(char::is_alphanumeric)
                    };
                    if next_ok {
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
                        // "U.S.-led", "D.C.-based": a hyphen after the abbreviation goes on.
                        let rest = &text[j + 1..];
                        if word.contains('.')
                            && rest.starts_with('-')
                            && rest[1..].starts_with(|a: char| a.is_alphanumeric())
                        {
                            chars.next();
                            last = j + 2;
                            continue;
                        }
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
                named: false,
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
                named: false,
            });
        }
    }
    match crate::language::reading() {
        Some(lang) => read_through(body, out, lang),
        None => {
            mark_named(&mut out);
            out
        }
    }
}

/// Capitalised function words that stand in a name: after a capitalised word inside a
/// sentence ("Council member Al From said", "Will Power"), or alone right before a speech
/// verb ("“…,” From said"). Pronouns, articles, days and months stay what they are, and so
/// does every word of a sentence in title case ("Trump Says He Will Win").
fn mark_named(toks: &mut [Tok]) {
    let title_case = toks
        .iter()
        .filter(|t| t.is_word() && t.lower.len() >= 4 && !t.lower.starts_with(char::is_numeric))
        .all(|t| t.cap);
    if title_case {
        return;
    }
    let lexicon = super::lexicon::is_not_name_word;
    for k in 1..toks.len() {
        let named = {
            let (t, prev) = (&toks[k], &toks[k - 1]);
            let function_word = t.is_word()
                && t.cap
                && !t.upper
                && !t.poss
                && lexicon(&t.lower)
                && !super::lexicon::is_article(&t.lower)
                && !super::lexicon::is_month(&t.lower)
                && !is_pronoun_like(&t.lower);
            let after_name = prev.is_word()
                && prev.cap
                && !prev.poss
                && !prev.upper
                && !lexicon(&prev.lower)
                && !super::lexicon::is_title_word(&prev.lower);
            let before_verb = !prev.is_word()
                && !prev.is_punct(':')
                && toks.get(k + 1).is_some_and(|n| {
                    n.is_word() && !n.cap && super::lexicon::is_speech_verb(&n.lower)
                });
            function_word && (after_name || before_verb)
        };
        toks[k].named = named;
    }
}

/// Pronouns, determiners, question words and days: never a name however they are printed.
fn is_pronoun_like(lower: &str) -> bool {
    super::lexicon::is_weekday(lower)
        || matches!(
            lower,
            "he" | "she"
                | "it"
                | "i"
                | "we"
                | "you"
                | "they"
                | "his"
                | "her"
                | "its"
                | "my"
                | "our"
                | "their"
                | "this"
                | "that"
                | "these"
                | "those"
                | "who"
                | "whose"
                | "which"
                | "what"
                | "when"
                | "where"
                | "why"
                | "some"
                | "each"
                | "all"
                | "both"
                | "another"
                | "no"
                | "today"
                | "tomorrow"
                | "yesterday"
                | "here"
                | "there"
        )
}

/// A word standing for the latest speaker, where a language drops the subject of a speech verb
/// ("—…—, dijo."): the attribution reads it as a pronoun.
pub const LATEST_SPEAKER: &str = "(latest)";

/// The tokens of a sentence in another language, read through its table: each word the table
/// knows becomes the extractor's words for it, spanning the same bytes (the printed text is
/// never changed). Elided words ("l'", "qu'") and joined pronouns ("a-t-il") are split off,
/// auxiliaries before a speech verb dropped ("a déclaré" reads as "said"), and a speech verb
/// with no subject in a language that drops it ("—…—, dijo.") gets the latest speaker.
fn read_through(body: &str, toks: Vec<Tok>, lang: &crate::language::Language) -> Vec<Tok> {
    // Elisions and joined pronouns.
    let mut split: Vec<Tok> = Vec::with_capacity(toks.len());
    for t in toks {
        if !t.is_word() {
            split.push(t);
            continue;
        }
        let elided = lang
            .elisions
            .iter()
            .find(|e| t.lower.len() > e.len() && t.lower.starts_with(e.as_str()));
        if let Some(e) = elided {
            let text = &body[t.start..t.end];
            let cut = text
                .char_indices()
                .find(|&(_, c)| c == '\'' || c == '’')
                .map_or(e.len(), |(i, c)| i + c.len_utf8());
            let rest = &text[cut..];
            split.push(word(t.start, t.start + cut, e.clone(), t.cap));
            split.push(word(
                t.start + cut,
                t.end,
                t.lower[e.len()..].to_string(),
                rest.chars().next().is_some_and(char::is_uppercase),
            ));
            continue;
        }
        if let Some((verb, pronoun)) = lang.clitic(&t.lower) {
            let cut = t.start + verb.len().min(t.end - t.start);
            if body.is_char_boundary(cut) {
                split.push(word(t.start, cut, verb.to_string(), t.cap));
                split.push(word(cut, t.end, pronoun.to_string(), false));
                continue;
            }
        }
        split.push(t);
    }
    let (moved, left_out) = if lang.verb_second {
        verb_brackets(&split, lang)
    } else {
        Default::default()
    };
    // Phrases of several words, then single words.
    let mut mapped: Vec<Tok> = Vec::with_capacity(split.len());
    let mut dropped_before: Option<usize> = None;
    let mut i = 0;
    'next: while i < split.len() {
        let t = &split[i];
        if !t.is_word() {
            mapped.push(t.clone());
            i += 1;
            continue;
        }
        if left_out.contains(&i) {
            i += 1;
            continue;
        }
        if let Some(to) = moved.get(&i) {
            expand(&mut mapped, t.start, t.end, t.cap, to);
            i += 1;
            continue;
        }
        // "der Chef der Bundesagentur": an article between a title and a capitalised word is
        // the genitive's.
        let after_head = mapped.last().is_some_and(|p| {
            p.is_word()
                && (super::lexicon::is_person_head(&p.lower)
                    || super::lexicon::is_institution_head(&p.lower)
                    || super::lexicon::is_plural_head(&p.lower))
        });
        // "ein Sprecher der israelischen Streitkräfte": adjectives may stand between them.
        let noun_after = split[i + 1..]
            .iter()
            .take(3)
            .find(|n| {
                !(n.is_word()
                    && !n.cap
                    && (lang.is_attributive(&n.lower) || lang.is_demonym(&n.lower)))
            })
            .is_some_and(|n| n.is_word() && n.cap);
        if !t.cap && after_head && lang.is_genitive(&t.lower) && noun_after {
            expand(
                &mut mapped,
                t.start,
                t.end,
                false,
                &["of".into(), "the".into()],
            );
            i += 1;
            continue;
        }
        if let Some((noun, to)) = source_with_adjectives(&split, i, lang) {
            expand(&mut mapped, t.start, t.end, t.cap, to);
            // "nach ersten Angaben der Polizei": with its owner after it, the phrase reads as
            // "nach Angaben der Polizei"; without one, the noun is the source, and the
            // adjectives left out here are printed with it (`described_source`).
            let owner = split.get(noun + 1).is_some_and(|o| {
                o.is_word()
                    && !o.cap
                    && (lang.is_genitive(&o.lower)
                        || lang
                            .word(&o.lower)
                            .is_some_and(|w| w.first().is_some_and(|f| f == "of")))
            });
            i = if owner { noun + 1 } else { noun };
            continue;
        }
        for (words, to) in lang.phrases() {
            let n = words.len();
            let fits = split.len() >= i + n
                && split[i..i + n]
                    .iter()
                    .zip(words)
                    .all(|(t, w)| t.is_word() && t.lower == *w);
            if fits {
                expand(&mut mapped, t.start, split[i + n - 1].end, t.cap, to);
                i += n;
                continue 'next;
            }
        }
        // "nach Polizeiangaben", "nach Zeugenaussagen": the noun of a source phrase ("nach
        // Angaben") joined to its source in one compound; the compound is the source.
        let compound = split.get(i + 1).filter(|n| n.is_word() && n.cap);
        let source = compound.and_then(|n| {
            lang.phrases().iter().find(|(words, to)| {
                words.len() == 2
                    && words[0] == t.lower
                    && to.iter().map(String::as_str).eq(["according", "to"])
                    && n.lower.len() > words[1].len() + 2
                    && n.lower.ends_with(words[1].as_str())
            })
        });
        if let Some((_, to)) = source {
            expand(&mut mapped, t.start, t.end, t.cap, to);
            i += 1;
            continue;
        }
        let after_comma = i > 0 && split[i - 1].is_punct(',');
        let to = after_comma
            .then(|| lang.after_comma(&t.lower))
            .flatten()
            .or_else(|| lang.word(&t.lower));
        // "laut des Sprechers", "nach Angaben des Ministeriums": the genitive after "according
        // to" reads as "according to the".
        let after_according = mapped.len() >= 2
            && mapped[mapped.len() - 2].lower == "according"
            && mapped[mapped.len() - 1].lower == "to";
        // An adjective opens its noun phrase after an article or a preposition, or follows
        // another adjective: "der zuständige Minister", not "seit Tagen erwartete Offensive".
        let before_capital = split
            .get(i + 1)
            .is_some_and(|n| n.is_word() && n.cap && !n.upper)
            && i > 0
            && (dropped_before == Some(i - 1)
                || (split[i - 1].is_word() && lang.word(&split[i - 1].lower).is_some()));
        match to {
            Some(to) if after_according && to.len() > 1 && to[0] == "of" => {
                expand(&mut mapped, t.start, t.end, false, &to[1..])
            }
            // "nach Angaben von Reuters": the preposition after "according to" is left out.
            Some(to) if after_according && to.len() == 1 && to[0] == "of" => {}
            // An acronym keeps its letters: "UE" is no word of the table.
            Some(to) if !t.upper || t.lower.len() > 3 => {
                expand(&mut mapped, t.start, t.end, t.cap, to)
            }
            // "le chancelier allemand Friedrich Merz": an adjective of a side after its noun
            // is part of the title, as "German" before it is in English.
            _ if !t.cap && lang.is_demonym(&t.lower) => expand(
                &mut mapped,
                t.start,
                t.end,
                false,
                &["national".to_string()],
            ),
            // "der zuständige Minister", "des bayerischen Ministeriums": where every noun is
            // capitalised, an adjective before one is left out of the speaker phrase, as the
            // extractor has no word for it.
            _ if !t.cap && before_capital && lang.is_attributive(&t.lower) => {
                dropped_before = Some(i);
            }
            _ => mapped.push(t.clone()),
        }
        i += 1;
    }
    // Auxiliaries before a speech verb (or before a pronoun and a speech verb) are dropped;
    // elsewhere they read as "has".
    let speech = |t: Option<&Tok>| {
        t.is_some_and(|t| {
            t.is_word()
                && (super::lexicon::is_speech_verb(&t.lower)
                    || super::lexicon::is_quoting_verb(&t.lower))
        })
    };
    let mut out: Vec<Tok> = Vec::with_capacity(mapped.len());
    let mut k = 0;
    while k < mapped.len() {
        let t = &mapped[k];
        if t.is_word() && lang.is_auxiliary(&t.lower) {
            let pronoun_then_verb = mapped
                .get(k + 1)
                .is_some_and(|p| matches!(p.lower.as_str(), "he" | "she" | "they" | "it"))
                && speech(mapped.get(k + 2));
            if speech(mapped.get(k + 1)) || pronoun_then_verb {
                k += 1;
                continue;
            }
            let mut has = t.clone();
            has.lower = "has".into();
            out.push(has);
            k += 1;
            continue;
        }
        out.push(t.clone());
        // "—…—, dijo.": no subject after the verb, and none before it.
        if lang.pro_drop && speech(Some(t)) {
            let before = k
                .checked_sub(1)
                .and_then(|j| mapped.get(j))
                .is_some_and(|p| matches!(p.kind, Kind::Punct(',' | '—' | '–')) || p.is_quote());
            let after = mapped
                .get(k + 1)
                .is_none_or(|n| matches!(n.kind, Kind::Punct('.' | ',' | ';' | '—' | '–' | ':')));
            if before && after {
                out.push(word(t.end, t.end, LATEST_SPEAKER.into(), false));
            }
        }
        // "a déclaré mercredi le ministre": a word the language puts between a speech verb and
        // its subject (a day) is left out, so that the speaker follows the verb.
        if !lang.verb_second && speech(Some(t)) {
            while mapped.get(k + 1).is_some_and(|n| {
                n.is_word() && lang.is_after_verb(&body[n.start..n.end].to_lowercase())
            }) {
                k += 1;
            }
        }
        k += 1;
    }
    out
}

/// "nach ersten Angaben", "nach offiziellen israelischen Angaben": one or two adjectives
/// between the two words of a source phrase that reads "according to" ("nach Angaben"). The
/// index of its noun and the phrase's words; none for "nach eigenen Angaben", whose source is
/// the clause's own subject.
fn source_with_adjectives<'l>(
    split: &[Tok],
    i: usize,
    lang: &'l crate::language::Language,
) -> Option<(usize, &'l [String])> {
    let t = &split[i];
    let mut j = i + 1;
    while j < split.len() && j <= i + 2 {
        let a = &split[j];
        let adjective = a.is_word() && !a.cap && lang.is_source_adjective(&a.lower);
        if !adjective {
            break;
        }
        j += 1;
    }
    let noun = split.get(j).filter(|n| j > i + 1 && n.is_word() && n.cap)?;
    lang.phrases()
        .iter()
        .find(|(words, to)| {
            words.len() == 2
                && words[0] == t.lower
                && words[1] == noun.lower
                && to.iter().map(String::as_str).eq(["according", "to"])
        })
        .map(|(_, to)| (j, to.as_slice()))
}

/// Whether the extractor's words for a word or phrase end in a speech verb.
fn speaks(words: &[String]) -> bool {
    words
        .last()
        .is_some_and(|w| super::lexicon::is_speech_verb(w) || super::lexicon::is_quoting_verb(w))
}

/// The first token at or after `from` that ends a clause: punctuation or a quotation.
fn clause_end(toks: &[Tok], from: usize) -> usize {
    (from..toks.len())
        .find(|&k| !toks[k].is_word())
        .unwrap_or(toks.len())
}

/// Longest stretch between a verb and the end of its clause, in words.
const MAX_BRACKET: usize = 14;

/// The verb brackets of a language whose verb stands second, its other part at the end of the
/// clause: a particle ("gab … bekannt", "fügte … hinzu") or a participle after an auxiliary
/// ("hat … angekündigt", "hatte … gesagt"). The verb's place takes the extractor's words for the
/// whole (`moved`, by token), and the part at the end is left out (`left_out`), as is "sich"
/// right after a speech verb: so "„…“, fügte Kempthorne hinzu" reads as "“…”, added
/// Kempthorne", and "Merz hatte am Montag gesagt, …" as "Merz said on Monday, …".
fn verb_brackets(
    toks: &[Tok],
    lang: &crate::language::Language,
) -> (
    std::collections::HashMap<usize, Vec<String>>,
    std::collections::HashSet<usize>,
) {
    let mut moved = std::collections::HashMap::new();
    let mut left_out = std::collections::HashSet::new();
    for (i, t) in toks.iter().enumerate() {
        if !t.is_word() || t.cap || left_out.contains(&i) {
            continue;
        }
        let end = clause_end(toks, i + 1);
        if end - i > MAX_BRACKET + 1 {
            continue;
        }
        let tail = |n: usize| -> Option<Vec<&str>> {
            (n > 0 && end >= i + 1 + n).then(|| {
                toks[end - n..end]
                    .iter()
                    .map(|w| w.lower.as_str())
                    .collect()
            })
        };
        let particle = lang.separable(&t.lower).find(|(p, _)| {
            tail(p.len()).is_some_and(|w| w.iter().zip(p.iter()).all(|(a, b)| *a == b))
        });
        if let Some((p, to)) = particle {
            moved.insert(i, to.to_vec());
            left_out.extend(end - p.len()..end);
        } else if lang.is_auxiliary(&t.lower) && end > i + 1 {
            // The participle, one word ("angekündigt") or two ("bekannt gegeben").
            let last = &toks[end - 1];
            let two = (end >= i + 3)
                .then(|| {
                    let pair = [toks[end - 2].lower.clone(), last.lower.clone()];
                    lang.phrases()
                        .iter()
                        .find(|(k, _)| k.as_slice() == pair)
                        .map(|(_, to)| to.clone())
                })
                .flatten()
                .filter(|to| speaks(to));
            if let Some(to) = two {
                moved.insert(i, to);
                left_out.extend(end - 2..end);
            } else if let Some(to) = lang.word(&last.lower).filter(|to| speaks(to)) {
                if !last.cap {
                    moved.insert(i, to.to_vec());
                    left_out.insert(end - 1);
                }
            }
        }
        let verb = moved
            .get(&i)
            .map(|to| speaks(to))
            .unwrap_or_else(|| lang.word(&t.lower).is_some_and(speaks));
        if verb
            && toks
                .get(i + 1)
                .is_some_and(|n| lang.is_after_verb(&n.lower))
        {
            left_out.insert(i + 1);
        }
    }
    (moved, left_out)
}

fn word(start: usize, end: usize, lower: String, cap: bool) -> Tok {
    Tok {
        start,
        end,
        kind: Kind::Word,
        lower,
        cap,
        poss: false,
        upper: false,
        named: false,
    }
}

/// Pushes the extractor's words `to` for the bytes `start..end`; the first keeps the capital.
fn expand(out: &mut Vec<Tok>, start: usize, end: usize, cap: bool, to: &[String]) {
    for (k, w) in to.iter().enumerate() {
        out.push(word(start, end, w.clone(), cap && k == 0));
    }
}

#[cfg(test)]
mod tests {
    use super::super::quotes;
    use super::*;

    /// A text's tokens, and the text each covers.
    fn tokens_of(body: &str) -> (Vec<Tok>, Vec<&str>) {
        let q = quotes::find(body, 0);
        let toks = tokenize(body, 0, body.len(), &q.spans, body.len());
        let shown = toks.iter().map(|t| &body[t.start..t.end]).collect();
        (toks, shown)
    }

    #[test]
    fn words_possessives_and_quotations() {
        let body = "President Trump’s envoy, Mr. Witkoff, said “yes, indeed” in the U.S. today";
        let (toks, shown) = tokens_of(body);
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

    #[test]
    fn an_abbreviation_with_a_hyphen_and_a_date_with_a_slash_are_one_word() {
        let body = "the U.S.-led coalition after 9/11, and 3/ 4.";
        let (_, shown) = tokens_of(body);
        assert_eq!(
            shown,
            vec![
                "the",
                "U.S.-led",
                "coalition",
                "after",
                "9/11",
                ",",
                "and",
                "3",
                "/",
                "4",
                "."
            ]
        );
    }

    /// The words the extractor reads a German sentence with.
    fn read_de(body: &str) -> Vec<String> {
        let q = quotes::find(body, 0);
        crate::language::reading_in(crate::language::get("de"), || {
            tokenize(body, 0, body.len(), &q.spans, body.len())
        })
        .into_iter()
        .filter(Tok::is_word)
        .map(|t| t.lower)
        .collect()
    }

    #[test]
    fn a_german_verb_bracket_reads_as_one_verb_in_the_verbs_place() {
        assert_eq!(
            read_de("„Nein“, fügte Kempthorne hinzu."),
            vec!["added", "kempthorne"]
        );
        assert_eq!(
            read_de("Merz hatte am Montag angekündigt, dass"),
            vec!["merz", "announced", "on", "monday", "that"]
        );
        assert_eq!(
            read_de("Die Ministerin gab bekannt, dass"),
            vec!["the", "minister", "announced", "that"]
        );
        assert_eq!(
            read_de("„Ja“, äußerte sich der Chef der Agentur"),
            vec!["said", "the", "head", "of", "the", "agentur"]
        );
        // No speech verb at the end of the clause: the auxiliary stays "has".
        assert_eq!(
            read_de("Merz hat das Haus gekauft"),
            vec!["merz", "has", "the", "haus", "gekauft"]
        );
    }
}
