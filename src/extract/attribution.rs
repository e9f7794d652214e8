//! Attributions: a speech verb and the phrase that names who spoke ("the chancellor said",
//! "said the French president", "according to the Kremlin"), read from the words outside
//! quotations. Which phrase is the speaker is decided here; who it is, in `speakers`.

use super::lexicon;
use super::tokens::{Kind, Tok};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    It,
    They,
    /// No subject at all, in a language that drops it ("—…—, dijo."): the latest speaker.
    Latest,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Pronoun(Pronoun),
    /// Token ranges of one phrase: one range, or two for an apposition ("Title, Name,").
    Phrase(Vec<(usize, usize)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The speaker before the verb: "Merz said".
    Before,
    /// The speaker after the verb: "said Merz".
    After,
    /// "according to Merz".
    According,
    /// The sentence's subject, then a participle after a comma: "Peskov declined to comment,
    /// telling reporters that …".
    Participle,
    /// The sentence's subject, then a colon that opens a quotation, here or in the next
    /// paragraph: "Trump leaned in and boomed: “…”", "Cruz called them on it:".
    Colon,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The verb (or "according"), and the token after it (after a particle).
    pub verb: usize,
    pub verb_end: usize,
    /// One subject, or several joined by "and".
    pub subjects: Vec<Subject>,
    /// Tokens from the first word of the attribution to its last (asides included).
    pub lo: usize,
    pub hi: usize,
    pub shape: Shape,
}

/// Longest speaker phrase, in words.
const MAX_PHRASE: usize = 12;
/// Farthest a comma-delimited aside may reach back, in tokens.
const MAX_ASIDE: usize = 40;

fn is_pronoun(lower: &str) -> Option<Pronoun> {
    match lower {
        "he" => Some(Pronoun::He),
        "she" => Some(Pronoun::She),
        "it" => Some(Pronoun::It),
        "they" => Some(Pronoun::They),
        super::tokens::LATEST_SPEAKER => Some(Pronoun::Latest),
        _ => None,
    }
}

fn is_head(lower: &str) -> bool {
    lexicon::is_person_head(lower)
        || lexicon::is_plural_head(lower)
        || lexicon::is_institution_head(lower)
}

/// Whether the token at `k` is a head, or an adjective of a side after its head ("le ministère
/// chinois du Commerce", read "the ministry national of the Commerce").
fn head_at(toks: &[Tok], k: usize) -> bool {
    is_head(&toks[k].lower)
        || (toks[k].is("national") && k > 0 && !toks[k].cap && is_head(&toks[k - 1].lower))
}

/// Whether a token may be a word of a speaker phrase.
fn phrase_word(t: &Tok) -> bool {
    t.is_word() && ((t.cap && (t.upper || !t.not_name())) || lexicon::is_title_word(t.bare()))
}

/// Whether the "of" at `of` follows a capitalised name and comes before a capitalised word, as
/// in "Giorgia Meloni of Italy" (the gazetteer decides later whether that word is a country).
fn name_before_of(toks: &[Tok], of: usize) -> bool {
    let (Some(b), Some(a)) = (of.checked_sub(1).map(|k| &toks[k]), toks.get(of + 1)) else {
        return false;
    };
    b.is_word()
        && b.cap
        && !b.poss
        && !is_head(&b.lower)
        && !lexicon::is_title_word(&b.lower)
        && !b.not_name()
        && a.is_word()
        && a.cap
        && !a.not_name()
}

/// Whether the "in", "at" or "from" at `prep`, after the head at `head`, joins a place or a
/// body to it ("Embassy in Manila", "officials from the European Union"); `end` bounds the
/// phrase.
fn located_at(toks: &[Tok], head: usize, prep: usize, end: usize) -> bool {
    let (Some(h), Some(p)) = (toks.get(head), toks.get(prep)) else {
        return false;
    };
    let named = |k: usize| k < end && toks.get(k).is_some_and(|t| t.is_word() && t.cap);
    h.is_word()
        && lexicon::is_located_head(h.bare())
        && p.is_word()
        && matches!(p.lower.as_str(), "in" | "at" | "from")
        && (named(prep + 1)
            || (toks
                .get(prep + 1)
                .is_some_and(|t| t.is_word() && lexicon::is_article(&t.lower))
                && named(prep + 2)))
}

/// Whether a lower-case word may describe the holder of a title before its head ("longtime"
/// in "a longtime adviser", "2008" in "a 2008 Clinton veteran", "tech" in "former tech
/// executive"): no function word, verb, pronoun or adverb.
fn descriptor(t: &Tok) -> bool {
    let w = t.lower.as_str();
    t.is_word()
        && !t.cap
        && !t.poss
        && w.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !lexicon::is_not_name_word(w)
        && !lexicon::is_article(w)
        && !lexicon::is_be_form(w)
        && !lexicon::is_speech_verb(w)
        && !lexicon::is_quoting_verb(w)
        && !lexicon::is_skippable_before_verb(w)
        && !lexicon::is_name_connector(w)
        && !is_time_word(w)
        && is_pronoun(w).is_none()
        && !matches!(
            w,
            "and" | "or" | "who" | "whom" | "says" | "said" | "had" | "has"
        )
}

/// Whether the lower-case words from `k` describe a person's title that follows within a few
/// words: descriptors and title or name words, then the head of a person, a group or a body.
/// A singular article before them and a plural head after them make no one phrase: in "a
/// shift European officials hailed" the noun is the object of another clause.
fn describes_head(toks: &[Tok], k: usize) -> bool {
    let mut a = k;
    while a > 0 && k - a < 4 && descriptor(&toks[a - 1]) {
        a -= 1;
    }
    let singular = a > 0
        && toks[a - 1].is_word()
        && matches!(toks[a - 1].lower.as_str(), "a" | "an" | "one" | "another");
    for (j, t) in toks.iter().enumerate().skip(k).take(4) {
        if j > k && is_head(t.bare()) {
            return !(singular && lexicon::is_plural_head(t.bare()));
        }
        if !(descriptor(t) || phrase_word(t)) {
            return false;
        }
    }
    false
}

/// Whether the two words before `k` (from `from` on) are a name ("Kenji Morita met …"): a
/// word after a name is its verb, not a description of a title.
fn names_before(toks: &[Tok], from: usize, k: usize) -> bool {
    let name = |t: &Tok| t.is_word() && t.cap && !t.poss && !lexicon::is_title_word(t.bare());
    k >= from + 2 && name(&toks[k - 1]) && name(&toks[k - 2])
}

/// Whether the words from `k` qualify the source named just before them, as a reporter
/// describes one who is not named: "familiar with the talks", "close to the Clintons",
/// "briefed on the plan", "with knowledge of the matter".
fn qualifier_at(toks: &[Tok], k: usize) -> bool {
    let w = |j: usize| {
        toks.get(j)
            .filter(|t| t.is_word() && !t.cap)
            .map(|t| t.lower.as_str())
    };
    matches!(
        (w(k), w(k + 1)),
        (Some("familiar"), Some("with"))
            | (Some("speaking"), Some("to" | "with" | "on"))
            | (Some("close"), Some("to"))
            | (Some("briefed"), Some("on"))
            | (Some("knowledgeable"), Some("about"))
    ) || matches!(
        (w(k), w(k + 1), w(k + 2)),
        (Some("with"), Some("knowledge"), Some("of"))
            | (Some("with"), Some("direct"), Some("knowledge"))
    )
}

/// Where the source phrase ends, when a qualifier or a relative clause without commas stands
/// between its head and the verb at `end`: "a person familiar with the talks said", "a White
/// House official who spoke on condition of anonymity said". The phrase must open its clause
/// and end in the head of a person, a group or a body.
fn head_before_clause(toks: &[Tok], end: usize) -> Option<usize> {
    let from = end.saturating_sub(14);
    let k = (from + 1..end)
        .rev()
        .find(|&k| k + 1 < end && (qualifier_at(toks, k) || (toks[k].is("who") && !toks[k].cap)))?;
    // "who asked not to be named" is no attribution of its own; "who said" would be.
    let clause_ok = toks[k..end].iter().all(|t| {
        t.is_word()
            && !matches!(t.lower.as_str(), "said" | "says" | "told" | "tells")
            && is_pronoun(&t.lower).is_none()
    });
    if !clause_ok || !is_head(toks[k - 1].bare()) || toks[k - 1].poss {
        return None;
    }
    let a = phrase_back(toks, k);
    let opens = a == 0 || !toks[a - 1].is_word();
    (a < k && opens).then_some(k)
}

/// The name before ", who …" when the relative clause runs, without its closing comma, up to
/// the verb at `end`: "Katie Marsh, who is chairman of the Civic League said". The name must
/// open its clause and be a full name (two capitalised words at least, no title).
fn name_before_open_relative(toks: &[Tok], end: usize) -> Option<(usize, usize)> {
    let from = end.saturating_sub(14).max(2);
    let k = (from..end)
        .rev()
        .find(|&k| toks[k].is("who") && !toks[k].cap)?;
    if !toks[k - 1].is_punct(',') || k + 1 >= end {
        return None;
    }
    let clause_ok = toks[k + 1..end].iter().all(|t| {
        t.is_word()
            && !matches!(t.lower.as_str(), "said" | "says" | "told" | "tells" | "and")
            && is_pronoun(&t.lower).is_none()
    });
    if !clause_ok {
        return None;
    }
    let s = chunk_start(toks, k - 1)?;
    let (a, b) = whole_phrase(toks, s, k - 1)?;
    let opens = a == 0 || !toks[a - 1].is_word();
    let full_name = toks[a..b].iter().filter(|t| t.cap && !t.poss).count() >= 2;
    (opens && full_name && b == k - 1 && !has_title(toks, (a, b))).then_some((a, b))
}

/// The start of the speaker phrase that ends just before `end`, reading backwards.
pub fn phrase_back(toks: &[Tok], end: usize) -> usize {
    let mut i = end;
    while i > 0 && end - i < MAX_PHRASE {
        let t = &toks[i - 1];
        if !t.is_word() {
            break;
        }
        let w = t.lower.as_str();
        if lexicon::is_article(w) {
            i -= 1;
            // "a spokeswoman for the ministry": go on through the preposition.
            // "Mr. Morgan of the Sierra Club": a name, then its body.
            if i >= 2 && located_at(toks, i - 2, i - 1, end) {
                i -= 1;
                continue;
            }
            if i >= 2
                && matches!(toks[i - 1].lower.as_str(), "for" | "of" | "to")
                && (head_at(toks, i - 2)
                    || (toks[i - 1].is("of")
                        && toks.get(i + 1).is_some_and(|n| n.cap)
                        && toks[i - 2].cap
                        && !toks[i - 2].poss
                        && !lexicon::is_title_word(&toks[i - 2].lower)
                        && !toks[i - 2].not_name()))
            {
                i -= 1;
                continue;
            }
            break;
        }
        let bridge = matches!(w, "of" | "for" | "to")
            && i < end
            && i >= 2
            && head_at(toks, i - 2)
            && (toks[i].cap
                || lexicon::is_article(&toks[i].lower)
                || lexicon::is_title_word(&toks[i].lower));
        // "President Emmanuel Macron of France": a name, then its country.
        let name_of = w == "of" && i < end && i >= 2 && name_before_of(toks, i - 1);
        // "the US Embassy in Manila", "officials from Japan": a body or group and its place.
        let located = i >= 2 && located_at(toks, i - 2, i - 1, end);
        // "Deputy Prime Minister and Foreign Minister Antonio Tajani": two offices, one person.
        let offices = w == "and"
            && i < end
            && i >= 2
            && is_head(&toks[i - 2].lower)
            && toks[i].cap
            && lexicon::is_title_word(&toks[i].lower)
            && toks[i..end].iter().any(|t| is_head(&t.lower));
        // "Ursula von der Leyen", and a name that opens with its particle ("von der Leyen").
        let connector = lexicon::is_name_connector(w)
            && i < end
            && (toks[i].cap || lexicon::is_name_connector(&toks[i].lower));
        // "“…,” one longtime Trump adviser said": a word describing the title holder.
        let described = descriptor(t)
            && i < end
            && describes_head(&toks[..end], i - 1)
            && !names_before(toks, 0, i - 1);
        if phrase_word(t) || bridge || connector || name_of || offices || located || described {
            i -= 1;
        } else {
            break;
        }
    }
    // A phrase never starts with a preposition, and is more than an article.
    while i < end && matches!(toks[i].lower.as_str(), "of" | "for" | "to") {
        i += 1;
    }
    if toks[i..end].iter().all(|t| lexicon::is_article(&t.lower)) {
        return end;
    }
    i
}

/// Whether the "and" at `and` joins two offices of one person, reading forwards: a head before
/// it, and after it title or name words that are no head themselves before a head within a few
/// words ("Gov. and Democratic National Committee Chairman"). "the governor and Sen. Jones" is
/// two people.
fn two_offices(toks: &[Tok], and: usize) -> bool {
    let (Some(b), Some(a)) = (and.checked_sub(1).map(|k| &toks[k]), toks.get(and + 1)) else {
        return false;
    };
    if !(b.is_word() && is_head(b.bare()) && !b.poss && a.is_word() && a.cap && !is_head(&a.lower))
    {
        return false;
    }
    if !lexicon::is_title_word(&a.lower) {
        return false;
    }
    for t in toks.iter().skip(and + 2).take(5) {
        if !phrase_word(t) {
            return false;
        }
        if is_head(t.bare()) {
            return !t.poss;
        }
    }
    false
}

/// The speaker phrase that starts at `start`, reading forwards: `(start, end)`, article included.
pub fn phrase_forward(toks: &[Tok], start: usize) -> Option<(usize, usize)> {
    let n = toks.len();
    let mut j = start;
    if j < n && toks[j].is_word() && lexicon::is_article(&toks[j].lower) {
        j += 1;
    }
    let first = j;
    while j < n && j - start < MAX_PHRASE {
        let t = &toks[j];
        if !t.is_word() {
            break;
        }
        let w = t.lower.as_str();
        let next = toks.get(j + 1);
        if phrase_word(t) {
            j += 1;
            if t.poss && next.is_some_and(|n| lexicon::is_article(&n.lower)) {
                break;
            }
        } else if descriptor(t)
            && describes_head(toks, j)
            && !(first..j).any(|k| is_head(toks[k].bare()))
            && !names_before(toks, first, j)
        {
            // "a longtime adviser to Trump", "conservative activist Bob Klaus".
            j += 1;
        } else if matches!(w, "of" | "for" | "to")
            && j > first
            && head_at(toks, j - 1)
            && next.is_some_and(|n| {
                n.is_word()
                    && (n.cap || lexicon::is_article(&n.lower) || lexicon::is_title_word(&n.lower))
            })
        {
            j += 1;
            if toks.get(j).is_some_and(|n| lexicon::is_article(&n.lower)) {
                j += 1;
            }
        } else if w == "and" && j > first && two_offices(toks, j) {
            // "former Pennsylvania Gov. and Democratic National Committee Chairman Ed Rendell".
            j += 1;
        } else if j > first && located_at(toks, j - 1, j, n) {
            j += 1;
            if toks.get(j).is_some_and(|n| lexicon::is_article(&n.lower)) {
                j += 1;
            }
        } else if (w == "of" && j > first && name_before_of(toks, j))
            || (lexicon::is_name_connector(w)
                && (j == first
                    || toks[j - 1].cap
                    || lexicon::is_name_connector(&toks[j - 1].lower))
                && next.is_some_and(|n| n.cap || lexicon::is_name_connector(&n.lower)))
        {
            // "Giorgia Meloni of Italy"; a particle in a name ("Ursula von der Leyen").
            j += 1;
        } else {
            break;
        }
    }
    (j > first && toks[j - 1].is_word() && !lexicon::is_article(&toks[j - 1].lower))
        .then_some((start, j))
}

/// Whether the word at `v` is a speech verb; the token after it (after its particle) if so.
fn verb_at(toks: &[Tok], v: usize) -> Option<usize> {
    let t = &toks[v];
    if !t.is_word() || t.cap {
        return None;
    }
    if lexicon::is_speech_verb(&t.lower) {
        return (!modifies_noun(toks, v)).then_some(v + 1);
    }
    if lexicon::is_quoting_verb(&t.lower) {
        return beside_quotation(toks, v, v + 1).then_some(v + 1);
    }
    // "Trump issued a statement, “…”": the statement is quoted right after it.
    if matches!(t.lower.as_str(), "issued" | "released")
        && toks.get(v + 1).is_some_and(|n| n.is("a"))
        && toks.get(v + 2).is_some_and(|n| n.is("statement"))
        && toks
            .get(v + 3)
            .is_some_and(|n| n.is_punct(',') || n.is_punct(':'))
        && toks.get(v + 4).is_some_and(Tok::is_quote)
    {
        return Some(v + 3);
    }
    // "Trump posted on Truth Social: “…”", "“…,” Sybiha posted on X": a post that is quoted,
    // not one that shares footage.
    if matches!(t.lower.as_str(), "posted" | "tweeted" | "messaged") {
        let colon_then_quote = toks.iter().enumerate().skip(v + 1).take(8).any(|(k, c)| {
            (c.is_punct(':') || c.is_punct(',')) && toks.get(k + 1).is_some_and(Tok::is_quote)
        });
        let quoted_before = toks[..v].iter().any(Tok::is_quote);
        return (colon_then_quote || quoted_before).then_some(v + 1);
    }
    let next = toks
        .get(v + 1)
        .filter(|n| n.is_word())
        .map(|n| n.lower.as_str());
    if !lexicon::is_phrasal_speech(&t.lower, next) {
        return None;
    }
    // "Bryne went on to say, “…”": the verb goes on past "to say".
    let to_say = t.is("went")
        && toks.get(v + 2).is_some_and(|n| n.is("to"))
        && toks
            .get(v + 3)
            .is_some_and(|n| matches!(n.lower.as_str(), "say" | "add" | "tell" | "note"));
    if to_say && beside_quotation(toks, v, v + 4) {
        return Some(v + 4);
    }
    // "went on", "shot back": speech only beside a quotation.
    let plain = matches!(
        t.lower.as_str(),
        "call" | "called" | "calls" | "pointed" | "points"
    ) || matches!(t.lower.as_str(), "rule" | "ruled" | "rules" | "spoke");
    (plain || beside_quotation(toks, v, v + 2)).then_some(v + 2)
}

/// "The votes she described were cast …", "the plan he proposed is …": a verb that takes a
/// thing, not a clause, right before the verb of the sentence describes that thing; no one is
/// heard. ("a road he said is unsafe" is reported speech: "said" takes a clause.)
fn modifies_noun(toks: &[Tok], v: usize) -> bool {
    crate::language::reading().is_none()
        && lexicon::takes_object(&toks[v].lower)
        && toks
            .get(v + 1)
            .is_some_and(|n| matches!(n.lower.as_str(), "is" | "are" | "was" | "were"))
        && !toks.get(v + 1).is_some_and(|n| n.cap)
}

/// Whether the verb at `v` (its particle ending before `after`) stands beside a quotation: one
/// just before it ("“…,” Ruiz continued"), one after it past a colon or comma ("Hale joked:
/// “…”"), or a that-clause ("the paper reported that …").
fn beside_quotation(toks: &[Tok], v: usize, after: usize) -> bool {
    let mark =
        |t: &Tok| t.is_quote() || matches!(t.kind, Kind::Punct(c) if super::quotes::is_mark(c));
    let before = toks[..v].iter().rev().take(10).any(mark);
    let following = toks.iter().skip(after).take(10).any(mark)
        || toks.get(after).is_some_and(|t| t.is_punct(':'));
    // "berichtete, dass …": where a comma always stands before the that-clause.
    let that = toks.get(after).is_some_and(|t| t.is("that"))
        || (verb_second()
            && toks.get(after).is_some_and(|t| t.is_punct(','))
            && toks.get(after + 1).is_some_and(|t| t.is("that")));
    // "…, berichtete die Zeitung.": where the verb stands second, a verb right after a comma
    // with its subject after it.
    let inverted = verb_second()
        && v > 0
        && toks[v - 1].is_punct(',')
        && toks
            .get(after)
            .is_some_and(|t| t.is_word() && (t.cap || lexicon::is_article(&t.lower)));
    before || following || that || inverted || (verb_second() && clause_after(toks, after))
}

/// Where the verb stands second, whether the first comma after the verb's words (at `after`)
/// opens a that-clause or a clause in the mood of reported speech: "berichtete im Zusammenhang
/// mit dem Absturz, dass …", "bedauerte der Verband, die Regierung habe …".
fn clause_after(toks: &[Tok], after: usize) -> bool {
    let Some(lang) = crate::language::reading() else {
        return false;
    };
    let Some(c) = toks
        .iter()
        .enumerate()
        .skip(after)
        .take(12)
        .find(|(_, t)| !t.is_word())
        .filter(|(_, t)| t.is_punct(','))
        .map(|(k, _)| k)
    else {
        return false;
    };
    let clause = toks[c + 1..]
        .iter()
        .take_while(|t| t.is_word() || t.is_punct(','))
        .take(20);
    toks.get(c + 1).is_some_and(|t| t.is("that"))
        || clause
            .filter(|t| t.is_word() && !t.cap)
            .any(|t| lang.is_reported_mood(&t.lower))
}

/// Every attribution in a sentence, in order of their verbs.
pub fn find(toks: &[Tok]) -> Vec<Attribution> {
    let mut out = Vec::new();
    if let Some(a) = dash_signed(toks) {
        return vec![a];
    }
    // The end of a "wie" clause already read: its verb is no attribution of its own.
    let mut read_to = 0;
    for v in 0..toks.len() {
        if v < read_to {
            continue;
        }
        if toks[v].is("as") && verb_second() {
            if let Some(a) = as_clause(toks, v) {
                read_to = a.hi;
                out.push(a);
            }
            continue;
        }
        if toks[v].is("according") && toks.get(v + 1).is_some_and(|t| t.is("to")) {
            if let Some(a) = according(toks, v) {
                out.push(a);
            }
            continue;
        }
        // "Dem Sprecher zufolge, …": the source before a postposition, in a language that has
        // one.
        if toks[v].is("according") && crate::language::reading().is_some() {
            out.extend(according_after(toks, v));
            continue;
        }
        // "was quoted as saying", "was quoted by Interfax as saying", "Interfax quoted Peskov
        // as saying"
        if toks[v].is("saying") && v >= 2 && toks[v - 1].is("as") {
            if let Some(a) = quoted_as_saying(toks, v) {
                out.push(a);
            }
            continue;
        }
        let Some(verb_end) = verb_at(toks, v) else {
            continue;
        };
        // "Der Zeitung sagte Filep Karma: …": where the verb stands second, what opens the
        // clause may be no subject; the name right after the verb is the next choice.
        if let Some(mut a) = before(toks, v, v) {
            a.verb_end = verb_end;
            a.hi = verb_end;
            out.push(a);
            if v > 0 && toks[v - 1].is_word() && verb_second() {
                out.extend(after(toks, v, verb_end));
            }
        } else {
            out.extend(after(toks, v, verb_end));
        }
    }
    if out.is_empty() {
        out.extend(inverted(toks));
    }
    if out.is_empty() {
        out.extend(participle(toks));
    }
    if out.is_empty() {
        out.extend(shown_saying(toks));
    }
    if out.is_empty() {
        out.extend(colon(toks));
    }
    out
}

/// "“…” ― Pamela Ruiz": a quotation signed with a dash and a name that ends the sentence.
fn dash_signed(toks: &[Tok]) -> Option<Attribution> {
    let d = toks
        .iter()
        .position(|t| matches!(t.kind, Kind::Punct('―' | '—' | '–')))?;
    if d == 0 || !toks[d - 1].is_quote() {
        return None;
    }
    let (a, b) = phrase_forward(toks, d + 1)?;
    let ends = toks[b..]
        .iter()
        .all(|t| matches!(t.kind, Kind::Punct('.' | ',' | ';')));
    (ends && toks[a..b].iter().filter(|t| t.cap).count() >= 2).then(|| Attribution {
        verb: d,
        verb_end: d + 1,
        subjects: vec![Subject::Phrase(vec![(a, b)])],
        lo: d,
        hi: b,
        shape: Shape::After,
    })
}

/// Whether an attribution stands in a clause opened by a conjunction of time or cause ("After
/// Scalia said …", "when Boyle asked him"): it sets the scene, and a quotation in the sentence
/// is more likely the main clause's.
pub fn in_subordinate_clause(toks: &[Tok], a: &Attribution) -> bool {
    subordinate_opener(toks, a).is_some()
}

/// Whether an attribution is a question put to the speaker of the sentence's quotation: "“…,”
/// Smith, …, said when a reporter asked her". The one who asked never said the quotation.
pub fn question_put(toks: &[Tok], a: &Attribution) -> bool {
    subordinate_opener(toks, a).is_some_and(|w| matches!(w, "when" | "after" | "before"))
        && toks[a.verb].is("asked")
        && toks[..a.lo].iter().any(Tok::is_quote)
}

/// The conjunction of time or cause that opens the clause of an attribution, if any.
fn subordinate_opener<'t>(toks: &'t [Tok], a: &Attribution) -> Option<&'t str> {
    let opener = (matches!(a.shape, Shape::Before) && a.lo >= 1 && toks[a.lo - 1].is_word())
        .then(|| toks[a.lo - 1].lower.as_str())?;
    matches!(
        opener,
        "when"
            | "after"
            | "before"
            | "once"
            | "until"
            | "since"
            | "because"
            | "although"
            | "though"
            | "whereas"
    )
    .then_some(opener)
}

/// "Said Dorothy Poynter, who grew up there, “…”", "Continued Stone: “…”": the verb opens the
/// sentence and the speaker follows it.
fn inverted(toks: &[Tok]) -> Option<Attribution> {
    let first = toks
        .iter()
        .position(|t| !matches!(t.kind, Kind::Punct(_)))?;
    let t = &toks[first];
    if !(t.is_word() && t.cap) {
        return None;
    }
    let speech = lexicon::is_speech_verb(&t.lower)
        || lexicon::is_quoting_verb(&t.lower)
        || matches!(t.lower.as_str(), "added" | "asked");
    if !speech || !toks.iter().any(Tok::is_quote) {
        return None;
    }
    let (a, b) = phrase_forward(toks, first + 1)?;
    let next = toks.get(b)?;
    (next.is_punct(',') || next.is_punct(':')).then(|| Attribution {
        verb: first,
        verb_end: first + 1,
        subjects: vec![Subject::Phrase(vec![(a, b)])],
        lo: first,
        hi: b,
        shape: Shape::After,
    })
}

/// "Trump then leaned in and boomed: “…”", "Cruz called them on it:" (the quotation in the
/// next paragraph), "Pollster Jane Roe: “…”": the subject that opens the sentence, or the name
/// just before the colon, when a colon ends the sentence or opens its closing quotation.
fn colon(toks: &[Tok]) -> Option<Attribution> {
    let n = toks.len();
    let c = (1..n).rev().find(|&k| toks[k].is_punct(':'))?;
    let rest = &toks[c + 1..];
    let closes = rest.is_empty()
        || (rest.first().is_some_and(Tok::is_quote)
            && rest[1..].iter().all(|t| matches!(t.kind, Kind::Punct(_))));
    if !closes || toks[..c].iter().any(Tok::is_quote) {
        return None;
    }
    // The name just before the colon: "- Philip Bump: “…”", and "Clinton: “…”" (a lone
    // surname, which names someone only when the article named them in full before).
    // "Rep. Maria Olsen (D-Ore.): “…”": past the party and state.
    let e = bracket_before(toks, c).unwrap_or(c);
    let s = phrase_back(toks, e);
    if s < e && toks[s..e].iter().any(|t| t.cap) {
        let opens = s == 0 || matches!(toks[s - 1].kind, Kind::Punct(_));
        if opens {
            return Some(Attribution {
                verb: c,
                verb_end: c + 1,
                subjects: vec![Subject::Phrase(vec![(s, e)])],
                lo: s,
                hi: c + 1,
                shape: Shape::Colon,
            });
        }
    }
    let mut starts = vec![past_openers(toks)];
    if let Some(k) = toks.iter().take(8).position(|t| t.is_punct(',')) {
        starts.push(k + 1);
    }
    // "That is, when the moderators yielded — Cruz called them on it:": the last clause.
    if let Some(k) = toks[..c]
        .iter()
        .rposition(|t| matches!(t.kind, Kind::Punct('—' | '–' | ';')))
    {
        starts.push(k + 1);
    }
    for st in starts {
        let Some((a, b)) = phrase_forward(toks, st) else {
            continue;
        };
        let k = past_aside(toks, b, c);
        let Some(next) = toks.get(k) else { continue };
        // "Campaign manager Eli Brandt was blunt:" too.
        // "San Diego chapter president Luis Osuna told …:": a word that leads to a title's
        // head is no verb.
        let verb_like = k < c
            && next.is_word()
            && !next.cap
            && !describes_head(toks, k)
            && !next.not_name()
            && !toks[k..c]
                .iter()
                .any(|t| t.is_punct(',') || t.is_punct(';'));
        if verb_like {
            return Some(Attribution {
                verb: b,
                verb_end: b + 1,
                subjects: vec![Subject::Phrase(vec![(a, b)])],
                lo: a,
                hi: c + 1,
                shape: Shape::Colon,
            });
        }
    }
    None
}

/// Past a bracket or a short aside between commas that follows a subject ending at `b`:
/// "Rep. Hakeem Jeffries (D-N.Y.) reacted", "Mitch McConnell, R-Ky., delivered".
fn past_aside(toks: &[Tok], b: usize, limit: usize) -> usize {
    let Some(t) = toks.get(b) else { return b };
    if t.is_punct('(') {
        if let Some(c) = (b + 1..limit.min(b + 8)).find(|&k| toks[k].is_punct(')')) {
            return c + 1;
        }
    }
    if t.is_punct(',') {
        if let Some(c) = (b + 1..limit.min(b + 8)).find(|&k| toks[k].is_punct(',')) {
            if describes(toks, b + 1, c) {
                return c + 1;
            }
        }
    }
    b
}

/// "The ad shows footage of Clinton asking, “…”", "a recording of Trump saying during the
/// debate, “…”": a name right after "of" (or "shows", "heard") and a speech participle that
/// a quotation follows past a comma or colon.
fn shown_saying(toks: &[Tok]) -> Option<Attribution> {
    let v = (2..toks.len()).find(|&v| {
        toks[v].is_word() && !toks[v].cap && lexicon::is_speech_participle(&toks[v].lower)
    })?;
    let a = phrase_back(toks, v);
    if a == 0 || a >= v || !toks[a].cap || !toks[v - 1].cap {
        return None;
    }
    let shown = matches!(
        toks[a - 1].lower.as_str(),
        "of" | "shows" | "showed" | "showing" | "heard" | "hear" | "hears"
    );
    let quoted = (v + 1..toks.len().min(v + 10)).any(|k| {
        (toks[k].is_punct(',') || toks[k].is_punct(':'))
            && toks.get(k + 1).is_some_and(Tok::is_quote)
    });
    (shown && quoted).then(|| Attribution {
        verb: v,
        verb_end: v + 1,
        subjects: vec![Subject::Phrase(vec![(a, v)])],
        lo: a,
        hi: v + 1,
        shape: Shape::Participle,
    })
}

/// "Zakharova went further, calling the declaration an “axis of war”": the subject that opens
/// the sentence, when its verb is no speech verb but a speech participle follows a comma.
fn participle(toks: &[Tok]) -> Option<Attribution> {
    let v = (2..toks.len()).find(|&v| {
        toks[v - 1].is_punct(',')
            && toks[v].is_word()
            && !toks[v].cap
            && lexicon::is_speech_participle(&toks[v].lower)
            && toks[v + 1..].iter().any(|t| t.is_word() || t.is_quote())
    })?;
    let mut starts = vec![past_openers(toks)];
    if let Some(c) = toks.iter().take(14).position(|t| t.is_punct(',')) {
        starts.push(c + 1);
    }
    for s in starts {
        let Some((a, b)) = phrase_forward(toks, s) else {
            continue;
        };
        // "Rep. Hakeem Jeffries (D-N.Y.) reacted …, saying": past the bracket.
        let mut k = if toks.get(b).is_some_and(|t| t.is_punct('(')) {
            past_aside(toks, b, v)
        } else {
            b
        };
        // "Dean, a former party chairman, poked at …, tweeting": past the apposition.
        if toks.get(k).is_some_and(|t| t.is_punct(',')) {
            if let Some(c) = (k + 1..v).find(|&j| toks[j].is_punct(',')) {
                if describes(toks, k + 1, c) {
                    k = c + 1;
                }
            }
        }
        while k < v && toks[k].is_word() && lexicon::is_skippable_before_verb(&toks[k].lower) {
            k += 1;
        }
        let Some(next) = toks.get(k) else { continue };
        let verb_like = k < v
            && next.is_word()
            && !next.cap
            && !next.not_name()
            && !lexicon::is_be_form(&next.lower);
        if verb_like {
            return Some(Attribution {
                verb: v,
                verb_end: v + 1,
                subjects: vec![Subject::Phrase(vec![(a, b)])],
                lo: a,
                hi: b,
                shape: Shape::Participle,
            });
        }
    }
    None
}

/// Past the conjunctions and adverbs that open a sentence before its subject: "And then
/// Trump went on the attack, saying …".
fn past_openers(toks: &[Tok]) -> usize {
    toks.iter()
        .position(|t| {
            !(t.is_word()
                && (matches!(
                    t.lower.as_str(),
                    "and" | "but" | "so" | "yet" | "then" | "meanwhile" | "later" | "earlier"
                ) || (!t.cap && lexicon::is_skippable_before_verb(&t.lower))))
        })
        .unwrap_or(0)
}

/// "X was quoted [by Y] as saying", "Y quoted X as saying": X, for the "saying" at `v`.
fn quoted_as_saying(toks: &[Tok], v: usize) -> Option<Attribution> {
    let q = (v.saturating_sub(14)..v - 1)
        .rev()
        .find(|&q| toks[q].is("quoted"))?;
    let passive = q > 0 && toks[q - 1].is_word() && lexicon::is_be_form(&toks[q - 1].lower);
    if passive {
        let mut i = q - 1;
        while i > 0 && toks[i - 1].is_word() && lexicon::is_be_form(&toks[i - 1].lower) {
            i -= 1;
        }
        let mut a = before(toks, i, v)?;
        a.verb_end = v + 1;
        a.hi = v + 1;
        return Some(a);
    }
    let (a, b) = phrase_forward(toks, q + 1)?;
    (b == v - 1).then(|| Attribution {
        verb: v,
        verb_end: v + 1,
        subjects: vec![Subject::Phrase(vec![(a, b)])],
        lo: q,
        hi: v + 1,
        shape: Shape::After,
    })
}

/// The speaker before the verb at `v` (`at` is where to start reading back; the verb itself or
/// the start of "was quoted as saying").
fn before(toks: &[Tok], at: usize, v: usize) -> Option<Attribution> {
    let mut i = at;
    loop {
        if i > 0
            && toks[i - 1].is_word()
            && !toks[i - 1].cap
            && lexicon::is_skippable_before_verb(&toks[i - 1].lower)
        {
            i -= 1;
        } else if i >= 2 && lexicon::is_weekday(&toks[i - 1].lower) && toks[i - 2].is("on") {
            i -= 2;
        } else if i >= 2
            && !verb_second()
            && lexicon::is_weekday(&toks[i - 1].lower)
            && toks[i - 2].is_word()
            && (toks[i - 2].cap || lexicon::is_skippable_before_verb(&toks[i - 2].lower))
        {
            // "Priebus later Thursday told", "Trump Tuesday said".
            i -= 1;
        } else {
            break;
        }
    }
    // "Rep. Bobby Scott (D-Va.) said": a party and state in brackets.
    if let Some(open) = bracket_before(toks, i) {
        i = open;
    }
    if i == 0 {
        return None;
    }
    let t = &toks[i - 1];
    if t.is_word() && lexicon::is_be_form(&t.lower) {
        return None; // passive: "was told"
    }
    let make = |subjects: Vec<Subject>, lo: usize| Attribution {
        verb: v,
        verb_end: v + 1,
        subjects,
        lo,
        hi: v + 1,
        shape: Shape::Before,
    };
    if t.is_punct(',') {
        return asides(toks, i - 1).map(|(s, lo)| make(vec![s], lo));
    }
    if !t.is_word() {
        return None;
    }
    if let Some(p) = is_pronoun(&t.lower) {
        // "what it said were drone strikes", "the content that he said showed": a clause
        // inside the sentence, not its attribution.
        let relative = i >= 2
            && matches!(
                toks[i - 2].lower.as_str(),
                "what" | "which" | "that" | "who" | "whom" | "where"
            );
        if relative {
            return None;
        }
        return Some(make(vec![Subject::Pronoun(p)], i - 1));
    }
    if t.is("and") || (t.is("but") && i >= 2 && toks[i - 2].is_punct(',')) {
        return coordinated(toks, i - 1).map(|(s, lo)| make(vec![s], lo));
    }
    // "Katie Marsh, who chairs the Civic League said": a relative clause whose closing comma is
    // missing; the full name before it is the speaker, not the body the clause names.
    if let Some(named) = name_before_open_relative(toks, i) {
        return Some(make(vec![Subject::Phrase(vec![named])], named.0));
    }
    // "a person familiar with the talks said", "an official who asked not to be named said".
    let i = head_before_clause(toks, i).unwrap_or(i);
    let a = phrase_back(toks, i);
    if a >= i {
        // "“…,” the statement said": who made the statement is for the reader to tell.
        let document = i >= 2
            && matches!(
                t.lower.as_str(),
                "statement" | "readout" | "communique" | "communiqué"
            )
            && matches!(toks[i - 2].lower.as_str(), "the" | "this");
        if document {
            return Some(make(vec![Subject::Phrase(vec![(i - 2, i)])], i - 2));
        }
        // "“…,” the IMF report said": the body whose document it is.
        let paper = matches!(
            t.lower.as_str(),
            "report" | "statement" | "study" | "survey" | "memo" | "letter" | "analysis"
        );
        let owner = phrase_back(toks, i - 1);
        let by_body = paper
            && owner + 1 < i - 1
            && toks[owner].is("the")
            && toks[owner + 1..i - 1].iter().all(|w| w.cap && !w.poss);
        return by_body.then(|| make(vec![Subject::Phrase(vec![(owner + 1, i - 1)])], owner));
    }
    // "president and chief executive of the Chamber": two offices of one person, bare.
    let mut a = a;
    if a >= 2 && toks[a - 1].is("and") && has_title(toks, (a, i)) {
        let b = phrase_back(toks, a - 1);
        let bare_office = b < a - 1
            && toks[b..a - 1]
                .iter()
                .all(|t| !t.cap && lexicon::is_title_word(t.bare()))
            && lexicon::is_person_head(toks[a - 2].bare());
        if bare_office {
            a = b;
        }
    }
    // "Sam Lau, the communications director for the state party said": an apposition whose
    // closing comma is missing; the full name before it is the speaker, the title theirs.
    if a >= 2 && toks[a - 1].is_punct(',') && has_title(toks, (a, i)) {
        let named = chunk_start(toks, a - 1).and_then(|s| whole_phrase(toks, s, a - 1));
        if let Some(prev) = named {
            let opens = prev.0 == 0 || !toks[prev.0 - 1].is_word();
            let full_name = toks[prev.0..prev.1].iter().filter(|t| t.cap).count() >= 2;
            if opens && full_name && !has_title(toks, prev) {
                return Some(make(vec![Subject::Phrase(vec![prev, (a, i)])], prev.0));
            }
        }
    }
    let mut subjects = vec![Subject::Phrase(vec![(a, i)])];
    let mut lo = a;
    // "Wadephul and his French counterpart Barrot said": look past the determiner.
    let det = a >= 2
        && matches!(toks[a - 1].lower.as_str(), "his" | "her" | "their" | "its")
        && toks[a - 2].is("and");
    let a = if det { a - 1 } else { a };
    if a >= 1 && toks[a - 1].is_word() {
        let w = toks[a - 1].lower.as_str();
        if w == "and" && a >= 2 {
            // "France and Germany said": both, when the first starts a clause.
            let b = phrase_back(toks, a - 1);
            if b < a - 1 {
                let both = b >= 1 && toks[b - 1].is("both");
                let opens = |k: usize| k == 0 || !toks[k - 1].is_word();
                if opens(b) || (both && opens(b - 1)) {
                    // "the French and German leaders said": French leaders, German leaders.
                    let core = if lexicon::is_article(&toks[b].lower) {
                        b + 1
                    } else {
                        b
                    };
                    let adjective = a - 1 == core + 1
                        && toks[core].cap
                        && i - a >= 2
                        && toks[a].cap
                        && lexicon::is_title_word(&toks[i - 1].lower);
                    // "Japanese and South Korean officials": the title words that end it.
                    let title_from = (a + 1..i)
                        .rev()
                        .take_while(|&k| lexicon::is_title_word(&toks[k].lower))
                        .last()
                        .unwrap_or(a + 1);
                    let first = if adjective {
                        vec![(b, core + 1), (title_from, i)]
                    } else {
                        vec![(b, a - 1)]
                    };
                    subjects.insert(0, Subject::Phrase(first));
                    lo = if both { b - 1 } else { b };
                    // "The Netherlands, Belgium and Denmark said": every member of the list.
                    let mut k = b;
                    while !adjective && !both && k >= 2 && toks[k - 1].is_punct(',') {
                        let c = phrase_back(toks, k - 1);
                        if c >= k - 1 || !opens(c) {
                            break;
                        }
                        subjects.insert(0, Subject::Phrase(vec![(c, k - 1)]));
                        lo = c;
                        k = c;
                    }
                } else {
                    return None; // "talks with France and Germany said"
                }
            }
            // ", and Peskov added": a clause of its own.
        } else if matches!(w, "from" | "by")
            && a >= 2
            && matches!(
                toks[a - 2].lower.as_str(),
                "statement" | "readout" | "communique"
            )
        {
            // "a statement from the Kremlin said": the Kremlin.
        } else if matches!(
            w,
            "of" | "in"
                | "from"
                | "with"
                | "to"
                | "by"
                | "for"
                | "on"
                | "at"
                | "about"
                | "against"
                | "between"
                | "over"
                | "than"
                | "that"
                | "what"
                | "which"
                | "whom"
        ) || (verb_second() && matches!(w, "after" | "before" | "during" | "since"))
        {
            // "… grew so heated that Gov. Chris Christie said, “…”": a clause that introduces
            // a quotation is the sentence's report, not a relative clause.
            if w == "that" && !verb_second() && introduces_quotation(toks, v) {
                return Some(make(subjects, lo));
            }
            // "talks with Macron said" is no attribution to Macron; nor, where the verb stands
            // second, is "Nach dem Konzert sagte Bon Jovi" one to the concert. But a name
            // that opens the clause before the verb is its subject, with the places and bodies
            // after it: "Ken Rice vom Institut für Astronomie in Edinburgh erklärte".
            let opening = vorfeld(toks, i);
            return opening.map(|r| make(vec![Subject::Phrase(vec![r])], r.0));
        } else if !toks[a - 1].cap
            && !toks[a - 1].poss
            && !opens_clause(w)
            && !lexicon::is_skippable_before_verb(w)
        {
            // "“…,” a visibly tired Ruiz said", "“…,” election law expert Rick Hasen tweeted":
            // right after the quotation, a few words that describe the speaker.
            match described_after_quotation(toks, a, i) {
                // "“…,” Philippine coast guard spokesman Rafael Mendoza told": with a capital
                // among them, the words are part of the title.
                Some(from) if from > 0 && toks[from].cap && !toks[from].not_name() => {
                    lo = from;
                    subjects = vec![Subject::Phrase(vec![(from, i)])];
                }
                Some(from) => lo = from,
                // "a shift European officials hailed as a breakthrough": a clause that
                // describes a noun, not what the sentence reports.
                None => return None,
            }
        }
    }
    Some(make(subjects, lo))
}

/// Whether the verb at `v` opens a quotation right after it ("said, “…”", "said: “…”").
fn introduces_quotation(toks: &[Tok], v: usize) -> bool {
    match toks.get(v + 1) {
        Some(t) if t.is_quote() => true,
        Some(t) if t.is_punct(',') || t.is_punct(':') => toks.get(v + 2).is_some_and(Tok::is_quote),
        _ => false,
    }
}

/// The opening `(` of a short bracket that ends just before `end`: "(D-Va.)", "(R)".
fn bracket_before(toks: &[Tok], end: usize) -> Option<usize> {
    if end == 0 || !toks[end - 1].is_punct(')') {
        return None;
    }
    let open = (end.saturating_sub(8)..end - 1)
        .rev()
        .find(|&k| toks[k].is_punct('('))?;
    (open > 0 && toks[open - 1].is_word() && toks[open - 1].cap).then_some(open)
}

/// Where the words before a speaker phrase that starts at `a` begin, when they follow a
/// quotation (and its comma) and are few: "“…,” his friend Omar Saleh told", "“…,” a visibly
/// tired Ruiz said".
fn described_after_quotation(toks: &[Tok], a: usize, end: usize) -> Option<usize> {
    // "Last week Chancellor Friedrich Merz of Germany said": a time phrase opens the sentence.
    if a > 0
        && toks[..a]
            .iter()
            .all(|t| t.is_word() && is_time_word(&t.lower))
    {
        return Some(0);
    }
    let mut k = a;
    while k > 0 && a - k < 5 && toks[k - 1].is_word() {
        let w = toks[k - 1].lower.as_str();
        if is_pronoun(w).is_some()
            || lexicon::is_be_form(w)
            || opens_clause(w) && w != "his" && w != "her" && w != "their" && w != "its"
        {
            return None;
        }
        k -= 1;
    }
    if a - k >= 5 {
        return None;
    }
    // "On the topic, San Diego chapter president Luis Osuna told …:": after a short phrase
    // that opens the sentence with a preposition.
    let opener = (3..=9).contains(&k)
        && toks[k - 1].is_punct(',')
        && toks[0].is_word()
        && toks[0].cap
        && matches!(
            toks[0].lower.as_str(),
            "on" | "in" | "at" | "after" | "during" | "asked" | "speaking"
        )
        && toks[..k - 1].iter().all(Tok::is_word);
    if k == 0 || opener {
        // "Famed fight doctor Ferdie Pacheco once said: “…”": at the start of the sentence,
        // only when the quotation follows the verb.
        let verb = (end..toks.len()).find(|&j| {
            toks[j].is_word() && !toks[j].cap && !lexicon::is_skippable_before_verb(&toks[j].lower)
        })?;
        let next = toks.get(verb + 1)?;
        let quote_after = next.is_punct(':')
            || next.is_quote()
            || (next.is_punct(',') && toks.get(verb + 2).is_some_and(Tok::is_quote))
            || told_whom_then_quote(toks, verb + 1);
        return quote_after.then_some(k);
    }
    let p = &toks[k - 1];
    let quote_before = p.is_quote()
        || (p.is_punct(',') && k >= 2 && toks[k - 2].is_quote())
        || (p.is_punct(',')
            && k >= 2
            && matches!(toks[k - 2].kind, Kind::Punct(c) if super::quotes::is_mark(c)));
    quote_before.then_some(k)
}

/// Whether the words from `k` name whom the speaker told, then a colon and a quotation: "told
/// The Huffington Post: “…”".
fn told_whom_then_quote(toks: &[Tok], k: usize) -> bool {
    let mut j = k;
    while j < toks.len()
        && j < k + 5
        && toks[j].is_word()
        && (toks[j].cap || lexicon::is_article(&toks[j].lower))
    {
        j += 1;
    }
    j > k
        && toks.get(j).is_some_and(|t| t.is_punct(':'))
        && toks.get(j + 1).is_some_and(Tok::is_quote)
}

/// Words of a time phrase that may open a sentence before its subject ("Last week", "Earlier
/// this month", "On Tuesday morning").
fn is_time_word(lower: &str) -> bool {
    lexicon::is_weekday(lower)
        || matches!(
            lower,
            "last"
                | "that"
                | "this"
                | "next"
                | "earlier"
                | "later"
                | "early"
                | "late"
                | "on"
                | "in"
                | "same"
                | "day"
                | "days"
                | "hours"
                | "ago"
                | "week"
                | "weeks"
                | "weekend"
                | "month"
                | "year"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "today"
                | "yesterday"
                | "tonight"
        )
        // "May" is left out: it is far more often the modal.
        || (lexicon::is_month(lower) && lower != "may")
}

/// Lower-case words after which a clause, and so a speaker phrase, may begin.
fn opens_clause(lower: &str) -> bool {
    matches!(
        lower,
        "and"
            | "but"
            | "or"
            | "nor"
            | "so"
            | "yet"
            | "as"
            | "when"
            | "whenever"
            | "while"
            | "whilst"
            | "whereas"
            | "where"
            | "after"
            | "before"
            | "because"
            | "although"
            | "though"
            | "if"
            | "unless"
            | "since"
            | "until"
            | "once"
            | "however"
            | "instead"
            | "both"
            | "his"
            | "her"
            | "their"
            | "its"
            | "now"
            | "here"
            | "there"
            | "tonight"
    )
}

/// The speaker before a comma that stands before the verb: "Starmer, speaking in Paris, said";
/// "President Trump's special envoy, Steve Witkoff, said". `comma` is the comma's index.
fn asides(toks: &[Tok], comma: usize) -> Option<(Subject, usize)> {
    let mut c = comma;
    // "Harry Bond, 30, of Raleigh, N.C., who was among those polled, said": up to four asides.
    for _ in 0..5 {
        // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said": the bracket ends the
        // chunk before.
        if let Some(open) = bracket_before(toks, c) {
            c = open;
        }
        let a = chunk_start(toks, c)?;
        if a >= c {
            return None;
        }
        // "Bond, 30, of Raleigh, N.C., said": an age, a party or a state is no phrase.
        let tag = c == a + 1 && describes(toks, a, c);
        if let Some(np) = whole_phrase(toks, a, c).filter(|_| !tag) {
            // An apposition: the chunk before is a phrase too, one with a title and one without.
            // "Scott Ruiz, the attorney general of Oklahoma, one of the states suing, said": also
            // past an aside.
            if a >= 2 && toks[a - 1].is_punct(',') {
                // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said": one of a kind,
                // between commas, describes the speaker before it (and its bracket).
                let one_of = matches!(toks[np.0].lower.as_str(), "a" | "an" | "another")
                    && has_title(toks, np);
                let named_end = bracket_before(toks, a - 1).filter(|_| one_of);
                if let Some(prev) = named_end
                    .and_then(|e| chunk_start(toks, e).map(|s| (s, e)))
                    .and_then(|(s, e)| whole_phrase(toks, s, e))
                {
                    return Some((Subject::Phrase(vec![prev]), prev.0));
                }
                if let Some(prev_a) = chunk_start(toks, a - 1) {
                    if let Some(prev) = whole_phrase(toks, prev_a, a - 1) {
                        if one_of {
                            return Some((Subject::Phrase(vec![prev]), prev.0));
                        }
                        if has_title(toks, named_part(toks, prev)) != has_title(toks, np) {
                            return Some((Subject::Phrase(vec![prev, np]), prev.0));
                        }
                    } else if prev_a < a - 1
                        && !has_title(toks, np)
                        && describes(toks, prev_a, a - 1)
                        && toks[prev_a].cap
                    {
                        // "The European Union's special representative for the dialogue,
                        // Peter Sorensen, said": a title with words of its own, then the name.
                        return Some((Subject::Phrase(vec![(prev_a, a - 1), np]), prev_a));
                    }
                }
            }
            return Some((Subject::Phrase(vec![np]), np.0));
        }
        let first = &toks[a];
        let aside = first.is_word() && !first.cap && lexicon::is_aside_opener(&first.lower)
            || first.is_word() && first.cap && lexicon::is_aside_opener(&first.lower) && a > 0
            || describes(toks, a, c)
            || article_description(toks, a, c)
            || relative_clause(toks, a, c)
            || lone_aside(toks, a, c)
            // "Harry Bond, 30, of Raleigh, N.C., said": where the speaker is from.
            || (first.is("of") && toks.get(a + 1).is_some_and(|t| t.cap) && c > a + 1);
        if !aside || a == 0 || !toks[a - 1].is_punct(',') {
            return None;
        }
        c = a - 1;
    }
    None
}

/// Whether the one word `a..c` between commas is an aside of the subject before it: an
/// adjective or an adverb ("Clinton, exasperated, responded", "Ruiz, too, said"), no verb of
/// saying, pronoun or conjunction.
fn lone_aside(toks: &[Tok], a: usize, c: usize) -> bool {
    let t = &toks[a];
    let w = t.lower.as_str();
    c == a + 1
        && t.is_word()
        && !t.cap
        && w.len() > 2
        && w.chars().all(char::is_alphabetic)
        && !lexicon::is_speech_verb(w)
        && !lexicon::is_quoting_verb(w)
        && !lexicon::is_be_form(w)
        && !lexicon::is_article(w)
        && !is_head(w)
        && is_pronoun(w).is_none()
        && !matches!(
            w,
            "and" | "or" | "but" | "nor" | "who" | "which" | "that" | "had" | "has"
        )
}

/// Whether the words `a..c` between commas are a relative clause where the verb ends the
/// clause ("Ein Diplomat, der an dem Treffen teilnahm, sagte"): a relative pronoun (read as
/// the article it looks like) before a word that opens no noun phrase, and a lower-case verb
/// at the end.
fn relative_clause(toks: &[Tok], a: usize, c: usize) -> bool {
    if !verb_second() || c < a + 3 {
        return false;
    }
    let (first, next, last) = (&toks[a], &toks[a + 1], &toks[c - 1]);
    let pronoun = first.is_word()
        && !first.cap
        && matches!(
            first.lower.as_str(),
            "the" | "which" | "deren" | "dessen" | "who"
        );
    // "der die Lage kennt": an article after the pronoun; "der an dem Treffen teilnahm": a
    // preposition or adverb. Never a noun ("die Lage") or an adjective before one.
    let opens_no_noun = next.is_word()
        && !next.cap
        && !crate::language::reading().is_some_and(|l| {
            l.is_attributive(&next.lower) && toks.get(a + 2).is_some_and(|t| t.cap)
        });
    let verb_last = last.is_word()
        && !last.cap
        && !lexicon::is_speech_verb(&last.lower)
        && !lexicon::is_article(&last.lower);
    let no_quote = !toks[a..c].iter().any(Tok::is_quote);
    pronoun && opens_no_noun && verb_last && no_quote
}

/// Whether the words `a..c` between commas describe the person before them: an age ("69"), or
/// an office with its body ("director of research at Widmeyer Communications", "Sanders’
/// campaign manager", "a professor at the university").
fn describes(toks: &[Tok], a: usize, c: usize) -> bool {
    let words: Vec<&Tok> = toks[a..c].iter().filter(|t| t.is_word()).collect();
    // An age ("69"), or a party and state ("R-Ky.").
    if let [w] = words[..] {
        let party = ["r-", "d-", "i-"].iter().any(|p| w.lower.starts_with(p)) && w.cap;
        // A state's abbreviation: "N.C.", "Calif.".
        let state = w.cap && w.lower.ends_with('.') && w.lower.len() <= 6 && c == a + 1;
        if w.lower.chars().all(|ch| ch.is_ascii_digit()) || party || state {
            return true;
        }
    }
    // "one of the states suing the agency"
    if words.len() > 2 && words[0].is("one") && words[1].is("of") {
        return true;
    }
    let no_verb = !words.iter().any(|t| {
        lexicon::is_speech_verb(&t.lower)
            || lexicon::is_be_form(&t.lower)
            || is_pronoun(&t.lower).is_some()
    });
    no_verb
        && words.len() <= 24
        && words
            .iter()
            .take(7)
            .any(|t| lexicon::is_person_head(t.bare()))
}

/// Whether the words `a..c` between commas are a description opened by an article, with no
/// head the lexicon knows: "Smith, the party's frontrunner in the state after the primaries,
/// said", "Flores, the party's candidate after a first round she won, said". No verb of saying,
/// form of "be" or quotation inside.
fn article_description(toks: &[Tok], a: usize, c: usize) -> bool {
    let opens = toks[a].is_word() && !toks[a].cap && lexicon::is_article(&toks[a].lower);
    let words = toks[a..c].iter().filter(|t| t.is_word()).count();
    opens
        && (2..=24).contains(&words)
        && toks[a..c].iter().all(|t| {
            !t.is_quote()
                && !lexicon::is_speech_verb(&t.lower)
                && !lexicon::is_quoting_verb(&t.lower)
                && !lexicon::is_be_form(&t.lower)
        })
}

/// The first token after the clause punctuation before `end`, within reach.
fn chunk_start(toks: &[Tok], end: usize) -> Option<usize> {
    let mut i = end;
    while i > 0 {
        if end - i > MAX_ASIDE {
            return None;
        }
        let t = &toks[i - 1];
        if matches!(
            t.kind,
            Kind::Punct(',' | ';' | ':' | '(' | ')' | '—' | '–' | '-')
        ) {
            break;
        }
        i -= 1;
    }
    Some(i)
}

/// The phrase that fills `a..end`, allowing sentence adverbs before it ("Meanwhile Merz").
fn whole_phrase(toks: &[Tok], a: usize, end: usize) -> Option<(usize, usize)> {
    // "“…,” Ruiz, 52, told": the quotation before the speaker is no part of the chunk.
    let a = if toks.get(a).is_some_and(Tok::is_quote) && a + 1 < end {
        a + 1
    } else {
        a
    };
    let s = phrase_back(toks, end);
    if s >= end {
        return None;
    }
    let lead_ok = toks[a..s].iter().all(|t| {
        t.is_word()
            && (t.not_name() || lexicon::is_skippable_before_verb(&t.lower))
            && !lexicon::is_article(&t.lower)
            && is_pronoun(&t.lower).is_none()
    });
    // "speaking in St Petersburg": a place after a preposition is no speaker.
    let after_preposition = s > a
        && matches!(
            toks[s - 1].lower.as_str(),
            "in" | "at"
                | "from"
                | "with"
                | "to"
                | "after"
                | "before"
                | "during"
                | "for"
                | "on"
                | "by"
                | "of"
                | "near"
                | "outside"
                | "inside"
                | "into"
                | "across"
                | "since"
        );
    (lead_ok && !after_preposition).then_some((s, end))
}

fn has_title(toks: &[Tok], (a, b): (usize, usize)) -> bool {
    toks[a..b].iter().any(|t| lexicon::is_title_word(t.bare()))
}

/// The phrase `a..b` without a title word that ends it right after a given name, which is a
/// surname there ("Amy Pope", "Charlie King"): the words that show whether it holds a title.
fn named_part(toks: &[Tok], (a, b): (usize, usize)) -> (usize, usize) {
    let surname = b >= a + 2 && {
        let (last, given) = (&toks[b - 1], &toks[b - 2]);
        last.cap
            && !last.poss
            && lexicon::is_person_head(&last.lower)
            && given.is_word()
            && given.cap
            && !given.poss
            && !lexicon::is_title_word(given.bare())
            && !given.not_name()
    };
    if surname {
        (a, b - 1)
    } else {
        (a, b)
    }
}

/// "Macron then elaborated further and announced …": the subject that opens the sentence.
fn coordinated(toks: &[Tok], and: usize) -> Option<(Subject, usize)> {
    let mut starts = vec![past_openers(toks)];
    if let Some(c) = toks.iter().take(8).position(|t| t.is_punct(',')) {
        starts.push(c + 1);
    }
    for s in starts {
        let Some((a, b)) = phrase_forward(toks, s) else {
            continue;
        };
        let mut k = b;
        while k < and && toks[k].is_word() && lexicon::is_skippable_before_verb(&toks[k].lower) {
            k += 1;
        }
        let verb_like = k < and
            && toks[k].is_word()
            && !toks[k].cap
            && !toks[k].not_name()
            && !lexicon::is_be_form(&toks[k].lower);
        if verb_like {
            return Some((Subject::Phrase(vec![(a, b)]), a));
        }
    }
    None
}

/// The speaker after the verb: "…, announced the French president, who …".
fn after(toks: &[Tok], v: usize, verb_end: usize) -> Option<Attribution> {
    after_phrase(toks, v, verb_end).or_else(|| after_described_name(toks, v, verb_end))
}

/// "“…,” said retired neurosurgeon Ben Carson", "said Air Force 1st Lt. Tyler Reed", "said
/// longtime party ally Joan Miller": a few words that describe the speaker, then a full name,
/// after a verb that follows a quotation. The name, with the title words just before it, is
/// the speaker; the words before it describe them.
fn after_described_name(toks: &[Tok], v: usize, verb_end: usize) -> Option<Attribution> {
    const MAX_DESCRIPTION: usize = 4;
    let beside = v > 0
        && (toks[v - 1].is_quote()
            || (toks[v - 1].is_punct(',') && v > 1 && toks[v - 2].is_quote()));
    if !beside || verb_second() {
        return None;
    }
    let describes = |t: &Tok| {
        t.is_word()
            && !t.poss
            && !matches!(
                t.lower.as_str(),
                "by" | "to"
                    | "for"
                    | "of"
                    | "in"
                    | "at"
                    | "on"
                    | "with"
                    | "from"
                    | "about"
                    | "and"
                    | "or"
                    | "but"
                    | "that"
                    | "this"
                    | "these"
                    | "those"
                    | "then"
                    | "not"
            )
            && (descriptor(t) || phrase_word(t) || t.lower.chars().any(|c| c.is_ascii_digit()))
    };
    let name_word = |t: &Tok| {
        t.is_word()
            && t.cap
            && !t.poss
            && !t.upper
            && !lexicon::is_title_word(t.bare())
            && !t.not_name()
    };
    let mut s = verb_end;
    if toks
        .get(s)
        .is_some_and(|t| t.is_word() && lexicon::is_article(&t.lower))
    {
        s += 1;
    }
    let first = s;
    while s < toks.len() && s - first <= MAX_DESCRIPTION {
        if !describes(&toks[s]) {
            return None;
        }
        s += 1;
        if let Some((a, b)) = phrase_forward(toks, s).filter(|&(a, b)| a == s && b >= a + 2) {
            if name_word(&toks[b - 1]) && name_word(&toks[b - 2]) && ends_speaker_after(toks, b) {
                return Some(Attribution {
                    verb: v,
                    verb_end,
                    subjects: vec![Subject::Phrase(vec![(a, b)])],
                    lo: v,
                    hi: b,
                    shape: Shape::After,
                });
            }
        }
    }
    None
}

fn after_phrase(toks: &[Tok], v: usize, verb_end: usize) -> Option<Attribution> {
    if v == 0 {
        return None;
    }
    let p = &toks[v - 1];
    // "—Apoyaremos a Ucrania —dijo Sánchez—": the dash of Spanish and French dialogue.
    let dialogue = crate::language::reading().is_some() && matches!(p.kind, Kind::Punct('—' | '–'));
    let reported_before = p.is_punct(',')
        || p.is_quote()
        || dialogue
        || matches!(p.kind, Kind::Punct(c) if super::quotes::is_mark(c));
    // After a word, only where the verb stands second and a name or a pronoun follows it.
    let inverted = p.is_word()
        && verb_second()
        && toks.get(verb_end).is_some_and(|t| {
            t.is_word()
                && (t.cap || is_pronoun(&t.lower).is_some())
                && !lexicon::is_article(&t.lower)
        });
    // "Am Montag sagte der Minister, …", "Bei der Messe sagte der Papst, dass …": where the
    // verb stands second after no subject of its own, an article and a title after it are the
    // subject, when a reported clause or a quotation follows.
    let demonstrative = p.is_word() && demonstrative_object(toks, v);
    let titled = p.is_word()
        && verb_second()
        && before(toks, v, v).is_none()
        && toks
            .get(verb_end)
            .is_some_and(|t| t.is_word() && lexicon::is_article(&t.lower));
    if !reported_before && !inverted && !titled {
        return None;
    }
    // "„…“, sagte er", "« … », a-t-il ajouté": a pronoun after the verb, where the sentence
    // or the clause ends.
    if let Some(p) = toks.get(verb_end).and_then(|t| is_pronoun(&t.lower)) {
        let ends = toks
            .get(verb_end + 1)
            .is_none_or(|t| matches!(t.kind, Kind::Punct(_)));
        return ends.then(|| Attribution {
            verb: v,
            verb_end,
            subjects: vec![Subject::Pronoun(p)],
            lo: v,
            hi: verb_end + 1,
            shape: Shape::After,
        });
    }
    // "added his campaign manager Jeff Weaver": a named aide or officer, after its owner's
    // determiner.
    let from = match toks.get(verb_end) {
        Some(t) if matches!(t.lower.as_str(), "his" | "her" | "their" | "its") => {
            let (a, b) = phrase_forward(toks, verb_end + 1)?;
            let titled_name = toks[a..b].iter().any(|t| is_head(t.bare()))
                && toks[b - 1].cap
                && !lexicon::is_title_word(toks[b - 1].bare());
            if !titled_name {
                return None;
            }
            verb_end + 1
        }
        _ => verb_end,
    };
    let (a, mut b) = phrase_forward(toks, from)?;
    if titled && !inverted && !reported_before {
        // The title heads the phrase, not its genitive: "die Haltung der Regierung" is no
        // speaker.
        let head = (a..b)
            .take_while(|&k| !toks[k].is("of"))
            .any(|k| head_at(toks, k));
        let reports = toks[b..]
            .iter()
            .any(|t| t.is_punct(',') || t.is_punct(':') || t.is_quote());
        // "Dies bestätigte die Organisation in Bonn.": after a demonstrative that is the
        // verb's object, the phrase after the verb is its subject.
        let named = toks[a..b].iter().any(|t| t.is_word() && t.cap);
        // "Am Montag erklärte die Gewerkschaft, die Lage sei ernst": a noun phrase right
        // before the reported clause or the quotation is the subject, with no title at its
        // head; not an object the verb takes before it ("verurteilte die Haltung der
        // Regierung, die …": no clause in the reported mood follows).
        if !(head && reports || demonstrative && named || named && reported_next(toks, b)) {
            return None;
        }
    }
    let mut ranges = vec![(a, b)];
    // "said Ukraine's foreign minister, Andrii Sybiha." / "said Andrii Yermak, head of …"
    if toks.get(b).is_some_and(|t| t.is_punct(',')) {
        if let Some((c, d)) = phrase_forward(toks, b + 1) {
            let closes = toks.get(d).is_none_or(|t| !t.is_word());
            // "said Sen. Mark Udall, D-Colo.", "… of Derry, N.H.": a party and state, or a
            // state's abbreviation, is no name.
            let abbreviated = d == c + 1
                && toks[c].lower.len() <= 5
                && toks.get(d).is_some_and(|t| t.is_punct('.'))
                && toks.get(d + 1).is_some_and(|t| t.is_punct(','));
            let tag = describes(toks, c, d)
                || abbreviated
                || toks[c..d].iter().all(|t| t.lower.contains('.'));
            if closes && !tag && has_title(toks, (a, b)) != has_title(toks, (c, d)) {
                ranges.push((c, d));
                b = d;
            }
        }
    }
    let ends = ends_speaker_after(toks, b);
    ends.then(|| Attribution {
        verb: v,
        verb_end,
        subjects: vec![Subject::Phrase(ranges)],
        lo: v,
        hi: b,
        shape: Shape::After,
    })
}

/// Whether what follows a phrase that ends before token `b` is what its speaker says: a comma
/// and a that-clause or a clause in the mood of reported speech, or a colon and a quotation.
pub fn reported_next(toks: &[Tok], b: usize) -> bool {
    match toks.get(b) {
        Some(t) if t.is_punct(',') => verb_second() && clause_after(toks, b),
        Some(t) if t.is_punct(':') => toks.get(b + 1).is_some_and(Tok::is_quote),
        _ => false,
    }
}

/// Whether a speaker phrase after its verb may end before token `b`: at the end of the
/// sentence, a punctuation mark, or a word that opens what follows ("in", "who", "told").
fn ends_speaker_after(toks: &[Tok], b: usize) -> bool {
    match toks.get(b) {
        None => true,
        Some(t) => match t.kind {
            Kind::Punct(c) => {
                matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | '—' | '–' | '(')
            }
            // "sagte Merz bereits im September", "sagte der Minister der Zeitung": where the
            // verb stands second, the subject is followed by anything lower case.
            Kind::Word if verb_second() && !t.cap => true,
            Kind::Word => {
                matches!(
                    t.lower.as_str(),
                    "who"
                        | "in"
                        | "on"
                        | "at"
                        | "after"
                        | "during"
                        | "before"
                        | "when"
                        | "while"
                        | "as"
                        | "from"
                        | "following"
                        | "of"
                        | "for"
                        | "with"
                        | "about"
                        | "to"
                        | "told"
                        | "according"
                        | "today"
                        | "yesterday"
                        | "speaking"
                        | "asked"
                ) || lexicon::is_speech_participle(&t.lower)
                    || (qualifier_at(toks, b) && is_head(toks[b - 1].bare()))
            }
            Kind::Quote(_) => false,
        },
    }
}

/// Whether the verb at `v` follows a demonstrative that opens the sentence as its object ("Dies
/// bestätigte der Minister.", "Das sagte Merz am Montag."), where the verb stands second: what
/// is confirmed or said is the sentence before.
pub fn demonstrative_object(toks: &[Tok], v: usize) -> bool {
    verb_second() && v == 1 && toks[0].cap && matches!(toks[0].lower.as_str(), "this" | "the")
}

/// "Wie die Zeitung berichtet, …", "…, wie ein Sprecher mitteilte.": where the verb stands
/// second, a clause that opens with "wie" (read "as", at `k`) ends in its speech verb, with an
/// auxiliary after it at most, and its subject follows "wie".
fn as_clause(toks: &[Tok], k: usize) -> Option<Attribution> {
    if !(k == 0 || toks[k - 1].is_punct(',')) {
        return None;
    }
    let end = (k + 1..toks.len())
        .find(|&j| !toks[j].is_word())
        .unwrap_or(toks.len());
    let closes = toks
        .get(end)
        .is_none_or(|t| matches!(t.kind, Kind::Punct(',' | '.' | ';' | ':')));
    if !closes || end - k > MAX_PHRASE + 6 {
        return None;
    }
    let mut v = end.checked_sub(1)?;
    if v > k + 2 && matches!(toks[v].lower.as_str(), "has" | "had" | "have") {
        v -= 1;
    }
    let t = &toks[v];
    let speech = lexicon::is_speech_verb(&t.lower) || lexicon::is_quoting_verb(&t.lower);
    if v < k + 2 || t.cap || !speech {
        return None;
    }
    let subject = match is_pronoun(&toks[k + 1].lower) {
        Some(p) if v == k + 2 => Subject::Pronoun(p),
        Some(_) => return None,
        None => {
            let (a, b) = phrase_forward(toks, k + 1)?;
            if b > v || !toks[a..b].iter().any(|t| t.is_word() && t.cap) {
                return None;
            }
            Subject::Phrase(vec![(a, b)])
        }
    };
    Some(Attribution {
        verb: v,
        verb_end: v + 1,
        subjects: vec![subject],
        lo: k,
        hi: end,
        shape: Shape::Before,
    })
}

/// The phrase that opens the clause ending at `i` as its subject, where the verb stands second
/// and only places and bodies follow it before the verb: "Ken Rice vom Institut für Astronomie
/// in Edinburgh" (read "Ken Rice of the Institut for Astronomie in Edinburgh").
fn vorfeld(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    if !verb_second() {
        return None;
    }
    let s = toks[..i]
        .iter()
        .rposition(|t| !t.is_word())
        .map_or(0, |p| p + 1);
    let (a, b) = phrase_forward(toks, s)?;
    let place = |t: &Tok| {
        t.is_word()
            && (t.cap
                || lexicon::is_article(&t.lower)
                || matches!(t.lower.as_str(), "of" | "in" | "from" | "at" | "for"))
    };
    let prep = toks
        .get(b)
        .is_some_and(|t| matches!(t.lower.as_str(), "of" | "in" | "from" | "at"));
    let named = toks[a..b]
        .iter()
        .any(|t| t.is_word() && t.cap && !t.not_name());
    (b < i && prep && named && toks[b..i].iter().all(place)).then_some((a, b))
}

/// "according to X", "according to a statement from X".
fn according(toks: &[Tok], v: usize) -> Option<Attribution> {
    let mut s = v + 2;
    let doc = |t: Option<&Tok>| {
        t.is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "statement" | "readout" | "communique" | "transcript"
            )
        })
    };
    if toks.get(s).is_some_and(|t| lexicon::is_article(&t.lower)) && doc(toks.get(s + 1)) {
        if toks
            .get(s + 2)
            .is_some_and(|t| matches!(t.lower.as_str(), "from" | "by" | "of"))
        {
            s += 3;
        } else {
            return None;
        }
    }
    // "laut „Reuters“", "laut tagesschau.de": a source printed in quotation marks or as a web
    // address, in a language read through a table.
    if crate::language::reading().is_some()
        && toks
            .get(s)
            .is_some_and(|t| t.is_quote() || is_web_address(t))
    {
        return Some(Attribution {
            verb: v,
            verb_end: v + 2,
            subjects: vec![Subject::Phrase(vec![(s, s + 1)])],
            lo: v,
            hi: s + 1,
            shape: Shape::According,
        });
    }
    let (a, b) = phrase_forward(toks, s)?;
    Some(Attribution {
        verb: v,
        verb_end: v + 2,
        subjects: vec![Subject::Phrase(vec![(a, b)])],
        lo: v,
        hi: b,
        shape: Shape::According,
    })
}

/// Whether a word is a web address that names a source ("tagesschau.de", "bbc.co.uk").
pub fn is_web_address(t: &Tok) -> bool {
    const ENDINGS: &[&str] = &[
        ".de", ".at", ".ch", ".com", ".org", ".net", ".uk", ".fr", ".es", ".eu", ".info",
    ];
    t.is_word()
        && t.lower.len() > 4
        && t.lower.chars().next().is_some_and(char::is_alphanumeric)
        && ENDINGS.iter().any(|e| t.lower.ends_with(e))
}

/// Whether the language read puts the verb of a main clause second (German).
fn verb_second() -> bool {
    crate::language::reading().is_some_and(|l| l.verb_second)
}

/// "Dem Sprecher zufolge": the speaker phrase that ends just before the postposition at `v`.
fn according_after(toks: &[Tok], v: usize) -> Option<Attribution> {
    let a = phrase_back(toks, v);
    (a < v).then(|| Attribution {
        verb: v,
        verb_end: v + 1,
        subjects: vec![Subject::Phrase(vec![(a, v)])],
        lo: a,
        hi: v + 1,
        shape: Shape::Before,
    })
}

#[cfg(test)]
mod tests {
    use super::super::quotes;
    use super::super::tokens::tokenize;
    use super::*;

    /// The first attribution's subjects, as text.
    fn speaker(text: &str) -> Option<Vec<String>> {
        let q = quotes::find(text, 0);
        let toks = tokenize(text, 0, text.len(), &q.spans, text.len());
        let a = find(&toks).into_iter().next()?;
        Some(
            a.subjects
                .iter()
                .map(|s| match s {
                    Subject::Pronoun(p) => format!("{p:?}"),
                    Subject::Phrase(r) => r
                        .iter()
                        .map(|&(x, y)| &text[toks[x].start..toks[y - 1].end])
                        .collect::<Vec<_>>()
                        .join(" | "),
                })
                .collect(),
        )
    }

    fn one(text: &str) -> String {
        speaker(text).map(|v| v.join(" & ")).unwrap_or_default()
    }

    #[test]
    fn a_name_with_a_function_word_in_it() {
        assert_eq!(
            one("Council member Al From said the levy would pass."),
            "Council member Al From"
        );
        assert_eq!(one("“It will pass,” From said."), "From");
        assert_eq!(
            one("“It will pass,” said Al From, a council member."),
            "Al From"
        );
    }

    #[test]
    fn a_thing_described_is_no_statement() {
        assert_eq!(one("The votes she described were cast on Tuesday."), "");
        assert_eq!(
            one("The plan he proposed is too costly, critics say."),
            "critics"
        );
    }

    #[test]
    fn a_name_shown_saying_a_quotation() {
        assert_eq!(
            one("The ad shows footage of Jane Smith asking, “Why are we waiting?”"),
            "Jane Smith"
        );
        assert_eq!(
            one("It ends with a clip of Ortiz saying during the debate, “That is wrong.”"),
            "Ortiz"
        );
        assert_eq!(one("He sent a letter to Ortiz saying, “We will see.”"), "");
    }

    #[test]
    fn subjects_before_and_after_the_verb() {
        assert_eq!(
            one("German troops could join, the chancellor said today."),
            "the chancellor"
        );
        assert_eq!(
            one("It will end, as Emmanuel Macron said."),
            "Emmanuel Macron"
        );
        assert_eq!(one("He also stated that it would."), "He");
        assert_eq!(
            one("Peace is near, announced the French president, who welcomed it."),
            "the French president"
        );
        assert_eq!(
            one("“We will help,” said Kremlin spokesman Dmitry Peskov."),
            "Kremlin spokesman Dmitry Peskov"
        );
        assert_eq!(
            one("Today from Paris, the president of Ukraine expressed his satisfaction."),
            "the president of Ukraine"
        );
        assert_eq!(one("It recalled, for its part, its refusal."), "It");
        assert_eq!(
            one("Talks will resume, according to the Kremlin."),
            "the Kremlin"
        );
        assert_eq!(
            one("A spokeswoman for the Japanese foreign ministry said so."),
            "A spokeswoman for the Japanese foreign ministry"
        );
    }

    #[test]
    fn asides_and_appositions() {
        assert_eq!(
            one("Starmer, speaking after meeting in Paris with leaders, also said Britain would help."),
            "Starmer"
        );
        assert_eq!(
            one("From the American side, President Trump’s special envoy, Steve Witkoff, said that peace is final."),
            "President Trump’s special envoy | Steve Witkoff"
        );
        assert_eq!(
            one("Sergei Lavrov, Russia's foreign minister, said talks were possible."),
            "Sergei Lavrov | Russia's foreign minister"
        );
        assert_eq!(
            one("Macron then elaborated further and announced a force."),
            "Macron"
        );
        assert_eq!(
            one("France and Germany said they agreed."),
            "France & Germany"
        );
    }

    #[test]
    fn shapes_that_come_together() {
        // A time phrase, a title, a name and its country at once.
        assert_eq!(
            one("Last week Chancellor Friedrich Merz of Germany said: “We stand with Asia.”"),
            "Chancellor Friedrich Merz of Germany"
        );
        assert_eq!(
            one("Later that day Foreign Minister Johann Wadephul said the ship would sail."),
            "Foreign Minister Johann Wadephul"
        );
        // A description, an adverb and a colon.
        assert_eq!(
            one("Famed fight doctor Ferdie Pacheco once said: “He was born in Louisville.”"),
            "Famed fight doctor Ferdie Pacheco"
        );
        // A body and the place it sits in; a group and where it comes from.
        assert_eq!(
            one("The US Embassy in Manila said it was watching."),
            "The US Embassy in Manila"
        );
        assert_eq!(
            one("Officials from Japan said they regretted it."),
            "Officials from Japan"
        );
    }

    #[test]
    fn sources_described_past_their_head() {
        // A qualifier, or a relative clause with no commas, between the head and the verb.
        assert_eq!(
            one("“It is over,” a person familiar with the talks said."),
            "a person"
        );
        assert_eq!(
            one("“It is over,” said one Democrat familiar with the talks, who left."),
            "one Democrat"
        );
        assert_eq!(
            one("A port official who asked not to be named said the strike was over."),
            "A port official"
        );
        // A named aide after the determiner of whose aide they are; a bare title is no one.
        assert_eq!(
            one("“We are ready,” added his campaign manager Lena Ortiz."),
            "campaign manager Lena Ortiz"
        );
        assert_eq!(speaker("“We are ready,” added his spokesman."), None);
        // A bracket or a party and state after the subject of a colon or a participle.
        assert_eq!(
            one("Sen. Maria Olsen (D-Ore.) reacted to the vote, saying: “It is over.”"),
            "Sen. Maria Olsen"
        );
        assert_eq!(
            one("Leader Tom Reyes, R-Texas, had a message for them: “Open the parks.”"),
            "Leader Tom Reyes"
        );
        assert_eq!(speaker("The man who said it was over left."), None);
        // A party and state, or a state's abbreviation, after the name is no part of it.
        assert_eq!(
            one("“It is over,” said Sen. Mark Udall, D-Colo., after the vote."),
            "Sen. Mark Udall"
        );
        assert_eq!(
            one("“It is over,” said voter Ann Hale of Derry, N.H., before the event."),
            "voter Ann Hale of Derry"
        );
        // An apposition whose closing comma is missing: the name, then its title.
        assert_eq!(
            one("Lena Ortiz, the communications director for the Ohio Democratic Party said it."),
            "Lena Ortiz | the communications director for the Ohio Democratic Party"
        );
        // A relative clause whose closing comma is missing: the name, not the body it names.
        assert_eq!(
            one("“It is wrong,” Katie Marsh, who is chairman of the Civic League said in a statement."),
            "Katie Marsh"
        );
        assert_eq!(
            one("In Paris, the communications director for the Democratic Party said it."),
            "the communications director for the Democratic Party"
        );
        // A place and a title before a name, then its verb and a colon: the name, not the place.
        assert_eq!(
            one("Lagos chapter president Ada Obi told the paper: “It is over.”"),
            "Lagos chapter president Ada Obi"
        );
    }

    #[test]
    fn stacked_titles_asides_and_adverbs_around_the_speaker() {
        // Words that describe the speaker before a full name, and a rank with an ordinal.
        assert_eq!(
            one("“We stand ready,” said Air Force 1st Lt. Tyler Reed."),
            "1st Lt. Tyler Reed"
        );
        assert_eq!(
            one("“It is not fair,” said longtime party ally Joan Miller, who chairs the board."),
            "Joan Miller"
        );
        assert_eq!(one("“It is not fair,” said the report by Acme Corp."), "");
        // Two offices of one person after the verb; "the governor and Sen. Jones" are two.
        assert_eq!(
            one("“It is over,” said former Ohio Gov. and Democratic National Committee Chairman Ed Vance."),
            "former Ohio Gov. and Democratic National Committee Chairman Ed Vance"
        );
        // A description opened by an article between the name and the verb, with a clause
        // that only sets the scene after it.
        assert_eq!(
            one("“Good question,” Tom Smith, the party's frontrunner in the state after the primaries, said when Jones asked him."),
            "Tom Smith"
        );
        // An age, a home town, a state's abbreviation and a relative clause between name and verb.
        assert_eq!(
            one("“We need unity,” Harry Dunn, 30, of Raleigh, N.C., who was among those polled, said."),
            "Harry Dunn"
        );
        // A lone adjective between commas, and an adverb before the verb.
        assert_eq!(
            one("Vance, exasperated, famously responded: “What does it matter?”"),
            "Vance"
        );
        // A name, its title, then an aside.
        assert_eq!(
            one("Scott Ruiz, the attorney general of Oklahoma, one of the states suing the agency, said it was wrong."),
            "Scott Ruiz | the attorney general of Oklahoma"
        );
        // A day, or "later" and a day, between the subject and its verb.
        assert_eq!(
            one("Priebus later Thursday told Fox News: “We will meet.”"),
            "Priebus"
        );
        // A clause with "that" that introduces a quotation.
        assert_eq!(
            one("The debate grew so heated that Gov. Chris Dale said, “I need a converter.”"),
            "Gov. Chris Dale"
        );
        // "D.C.-based" is one word, so the apposition holds.
        assert_eq!(
            one("James Ortiz, a superdelegate from the District and the president of the D.C.-based Civic Institute, said: “It is over.”"),
            "James Ortiz"
        );
    }

    #[test]
    fn verbs_that_report_a_quotation_in_a_phrase() {
        assert_eq!(
            one("As Senator Ana Ruiz put it, “The vote is over.”"),
            "Senator Ana Ruiz"
        );
        assert_eq!(
            one("Lena Ortiz tweeted, “The polls are wrong.”"),
            "Lena Ortiz"
        );
        assert_eq!(
            one("Mayor Tom Reyes issued a statement, “We grieve with the families.”"),
            "Mayor Tom Reyes"
        );
        assert_eq!(
            one("Mayor Tom Reyes went on to say, “We grieve with them.”"),
            "Mayor Tom Reyes"
        );
        assert_eq!(
            one("And then Reyes went on the attack, saying, “He should resign.”"),
            "Reyes"
        );
        assert_eq!(
            one("Another intelligence source speaking to Fox News said the agents were busy."),
            "Another intelligence source"
        );
        assert_eq!(
            one("Rep. Maria Olsen (D-Ore.): “It is over.”"),
            "Rep. Maria Olsen"
        );
        // A description before the name, then the quotation after a comma or a colon.
        assert_eq!(
            one("Billionaire investor Paul Stone said, “I am proud.”"),
            "Paul Stone"
        );
        assert_eq!(
            one("On the topic, Lagos chapter president Ada Obi told The Daily Post: “It is over.”"),
            "Lagos chapter president Ada Obi"
        );
        // A plan that someone described is no report of theirs.
        assert_eq!(speaker("The plan that Ruiz said would pass failed."), None);
    }

    #[test]
    fn not_attributions() {
        assert_eq!(speaker("He was told to leave."), None);
        assert_eq!(speaker("The talks with Macron said nothing."), None);
        assert_eq!(speaker("The stated aim is peace."), None);
        assert_eq!(
            speaker("Russia had signed, in front of the cameras, a declaration."),
            None
        );
    }
}
