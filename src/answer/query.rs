//! Reads what a user typed — a slash form ("/position germany troops") or a free sentence as in
//! a mention ("what did Italy say about troops?") — into a `Question`. Never fails: what it cannot
//! read becomes `Question::Unclear`.

use crate::index::Index;
use crate::text::{fold, is_stop_word, starts_upper};

/// The longest question read; longer input is cut (a Discord message is at most 4,000 characters).
pub const MAX_QUESTION_CHARS: usize = 6_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    Position {
        who: String,
        topic: Option<String>,
    },
    Compare {
        first: String,
        second: String,
        topic: Option<String>,
    },
    WhoSaid {
        phrase: String,
    },
    Topic {
        word: String,
    },
    Sources,
    Help,
    /// Where a quote comes from ("Find the source"): the message, quoted words and all.
    Source {
        text: String,
    },
    /// A side's statements by date.
    Timeline {
        who: String,
        topic: Option<String>,
    },
    /// Nothing to answer: empty input, or words with no command or name in them.
    Unclear {
        text: String,
    },
}

/// Words of a free question looked at for names; a question is a sentence, not an essay.
const MAX_QUESTION_WORDS: usize = 40;

/// Whether a folded word asks rather than names, in any language the bot speaks ("what", "did";
/// "was", "gesagt"; "qu", "dit"; "qué", "dijo"): the tables' `question.filler`.
fn is_filler(folded: &str) -> bool {
    crate::locale::question_words().filler.contains(folded)
}

/// Whether a folded word leads a topic ("about", "on"; "zu", "über"; "sur"; "sobre").
fn is_topic_marker(folded: &str) -> bool {
    crate::locale::question_words()
        .topic_markers
        .contains(folded)
}

/// A two-letter code in capitals ("US", "DE", "EU") is a name even where the same letters,
/// lower-case, are a word of a question ("us", "de").
fn is_code(word: &str) -> bool {
    word.len() == 2 && word.chars().all(|c| c.is_ascii_uppercase())
}

/// A word without an elided article or pronoun written onto it: "l'Allemagne" → "Allemagne",
/// "qu'a" → "a".
fn without_elision(word: &str) -> &str {
    let lower = word.to_lowercase();
    for e in &crate::locale::question_words().elisions {
        if lower.len() == word.len() && lower.starts_with(e.as_str()) && word.len() > e.len() {
            return &word[e.len()..];
        }
    }
    word
}

/// Reads a question. `index` is used to tell a name from a topic in free text.
pub fn read(input: &str, index: &Index) -> Question {
    let input: String = input.chars().take(MAX_QUESTION_CHARS).collect();
    let text = strip_mentions(&input);
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('/') {
        return read_slash(rest, index);
    }
    if let Some(quote) = source_request(text) {
        return Question::Source { text: quote };
    }
    read_free(text, index)
}

/// Takes the language a question asks its statements in out of it: a `language:fr` (or
/// `lang:fr`) word anywhere, or a free sentence that ends "in French" ("en français", "auf
/// Deutsch", "en español"). Returns the question without it and the language as written (the
/// answer checks it names one the bot reads).
pub fn split_language(input: &str) -> (String, Option<String>) {
    let mut asked = None;
    let mut kept: Vec<&str> = Vec::new();
    for word in input.split(' ') {
        let lower = word.to_ascii_lowercase();
        let value = lower
            .strip_prefix("language:")
            .or_else(|| lower.strip_prefix("lang:"));
        match value {
            Some(_) if asked.is_none() => {
                let at = word.find(':').map_or(word.len(), |i| i + 1);
                asked = Some(word[at..].trim().to_string());
            }
            _ => kept.push(word),
        }
    }
    let text = kept.join(" ");
    if asked.is_some() || text.trim_start().starts_with('/') {
        return (text, asked);
    }
    // "what did France say in French?": the last two words, when they name a language.
    let body = text.trim_end_matches(|c: char| matches!(c, '?' | '!' | '.') || c.is_whitespace());
    let mut words = body.rsplitn(3, char::is_whitespace);
    let (Some(name), Some(by)) = (words.next(), words.next()) else {
        return (text, None);
    };
    let rest = words.next().unwrap_or("");
    let leads = matches!(fold(by).as_str(), "in" | "en" | "auf");
    if leads && name.chars().count() > 2 && crate::language::asked(name).is_some() {
        return (rest.to_string(), Some(name.to_string()));
    }
    (text, None)
}

/// Ways a message asks where a quote comes from, folded.
const SOURCE_ASKS: &[&str] = &[
    "where is this from",
    "where s this from",
    "where does this come from",
    "where is it from",
    "find the source of",
    "find the source",
    "what is the source of",
    "source of",
];

/// The rest of a message that asks where a quote comes from ("where is this from: “…”").
fn source_request(text: &str) -> Option<String> {
    let folded = fold(text);
    let ask = SOURCE_ASKS
        .iter()
        .find(|a| folded.starts_with(*a) && folded[a.len()..].starts_with(' '))?;
    // Skip as many words of the text as the ask has.
    let mut rest = text.trim_start();
    for _ in 0..ask.split(' ').count() {
        let word_end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        rest = rest[word_end..].trim_start_matches(|c: char| {
            !c.is_alphanumeric() && !matches!(c, '"' | '“' | '„' | '«' | '»' | '‘')
        });
    }
    nonempty(rest)
}

/// Removes Discord mention tokens (`<@123>`, `<@!123>`, `<@&123>`) from a message.
pub fn strip_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<@") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let body = after.trim_start_matches(['!', '&']);
        let digits = body.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && body[digits..].starts_with('>') {
            rest = &body[digits + 1..];
            out.push(' ');
        } else {
            out.push_str("<@");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn read_slash(rest: &str, index: &Index) -> Question {
    let (command, args) = match rest.split_once(char::is_whitespace) {
        Some((c, a)) => (c, a.trim()),
        None => (rest, ""),
    };
    match fold(command).as_str() {
        "position" | "positions" | "pos" | "p" => match split_who(args, index) {
            // Nothing resolves: the whole text is the name asked about, so the reply says "latin
            // america" is unknown rather than answering for "latin" on the topic "america".
            Some((who, _)) if index.resolve(&who).is_none() => Question::Position {
                who: args.to_string(),
                topic: None,
            },
            Some((who, topic)) => Question::Position { who, topic },
            None => Question::Unclear {
                text: rest.to_string(),
            },
        },
        "compare" | "vs" => read_compare(args, index).unwrap_or(Question::Unclear {
            text: rest.to_string(),
        }),
        "whosaid" | "who" => nonempty(args)
            .map(|p| Question::WhoSaid { phrase: p })
            .unwrap_or(Question::Unclear {
                text: rest.to_string(),
            }),
        "topic" | "topics" => nonempty(args)
            .map(|w| Question::Topic { word: w })
            .unwrap_or(Question::Unclear {
                text: rest.to_string(),
            }),
        "source" | "src" if !args.is_empty() => Question::Source {
            text: args.to_string(),
        },
        "timeline" | "history" => match split_who(args, index) {
            Some((who, topic)) => Question::Timeline { who, topic },
            None => Question::Unclear {
                text: rest.to_string(),
            },
        },
        "sources" | "source" | "articles" => Question::Sources,
        "help" | "" => Question::Help,
        _ => Question::Unclear {
            text: rest.to_string(),
        },
    }
}

fn nonempty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Splits "united kingdom troops" into the longest leading name that resolves and the rest as
/// the topic. Falls back to the first word as the name (so that "/position atlantis" is answered
/// with "not found" rather than unread).
fn split_who(args: &str, index: &Index) -> Option<(String, Option<String>)> {
    use crate::entities::MatchKind;
    let words: Vec<&str> = args.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    // A name read as a whole (exactly or with a typo) wins over a name found inside a phrase, so
    // "germany troops" is Germany on troops, while "the German chancellor" is still Germany.
    for n in (1..=words.len().min(6)).rev() {
        let who = words[..n].join(" ");
        if index
            .resolve(&who)
            .is_some_and(|r| r.how != MatchKind::Contained)
        {
            return Some((who, nonempty(&words[n..].join(" "))));
        }
    }
    if index.resolve(args).is_some() {
        return Some((args.to_string(), None));
    }
    // An office alone ("the foreign minister"): the office is who is asked about.
    let office: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| fold(w) == "the")
        .collect();
    if !office.is_empty() && office.iter().all(|w| is_office_word(&fold(w))) {
        return Some((args.to_string(), None));
    }
    Some((words[0].to_string(), nonempty(&words[1..].join(" "))))
}

fn read_compare(args: &str, index: &Index) -> Option<Question> {
    let (body, topic) = split_topic(args);
    let folded_sep = [" and ", " vs. ", " vs ", " versus ", " with ", ", ", " & "];
    for sep in folded_sep {
        if let Some((a, b)) = split_once_ci(&body, sep) {
            let (a, b) = (a.trim(), b.trim());
            if !a.is_empty() && !b.is_empty() {
                let (second, rest) = split_who(b, index).unwrap_or((b.to_string(), None));
                return Some(Question::Compare {
                    first: a.to_string(),
                    second,
                    topic: topic.or(rest),
                });
            }
        }
    }
    let (first, rest) = split_who(&body, index)?;
    let (second, topic2) = split_who(rest.as_deref()?, index)?;
    Some(Question::Compare {
        first,
        second,
        topic: topic.or(topic2),
    })
}

/// Splits off "about …" / "on …" (in any language the bot speaks: "zu …", "sur …", "sobre
/// …") as the topic, without the question's words around it ("sur les troupes" is "troupes",
/// "zu Truppen gesagt" is "Truppen").
fn split_topic(text: &str) -> (String, Option<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if i > 0 && is_topic_marker(&fold(w)) {
            let mut topic = &words[i + 1..];
            let asks = |w: &&str| is_filler(&fold(w)) && !is_code(w);
            while topic.len() > 1 && asks(&topic[0]) {
                topic = &topic[1..];
            }
            while topic.len() > 1 && asks(&topic[topic.len() - 1]) {
                topic = &topic[..topic.len() - 1];
            }
            let topic = nonempty(&topic.join(" "));
            if topic.is_some() {
                return (words[..i].join(" "), topic);
            }
        }
    }
    (text.to_string(), None)
}

fn split_once_ci<'a>(text: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return text.split_once(sep);
    }
    let i = lower.find(sep)?;
    Some((&text[..i], &text[i + sep.len()..]))
}

fn read_free(text: &str, index: &Index) -> Question {
    let cleaned: String = text
        .chars()
        .map(|c| if c == '?' || c == '!' { ' ' } else { c })
        .collect();
    let cleaned = cleaned.trim().trim_end_matches('.').trim();
    if cleaned.is_empty() {
        return Question::Help;
    }
    let folded = fold(cleaned);
    let first = folded.split(' ').next().unwrap_or_default();
    match first {
        "help" | "commands" => return Question::Help,
        "sources" | "articles" => return Question::Sources,
        _ => {}
    }
    if folded.starts_with("compare ") {
        let args = cleaned
            .split_once(char::is_whitespace)
            .map(|x| x.1)
            .unwrap_or_default();
        if let Some(q) = read_compare(args, index) {
            return q;
        }
    }
    if let Some(rest) = strip_prefix_words(cleaned, &["who", "said"])
        .or_else(|| strip_prefix_words(cleaned, &["whosaid"]))
    {
        if let Some(p) = nonempty(
            rest.trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c.is_whitespace()),
        ) {
            return Question::WhoSaid { phrase: p };
        }
    }
    if let Some(rest) = strip_prefix_words(cleaned, &["topic"]) {
        if let Some(w) = nonempty(rest) {
            return Question::Topic { word: w };
        }
    }
    for sep in [" vs ", " vs. ", " versus "] {
        if split_once_ci(cleaned, sep).is_some() {
            if let Some(q) = read_compare(cleaned, index) {
                return q;
            }
        }
    }
    let (body, topic) = split_topic(cleaned);
    // The name: the longest run of words that resolves, once filler is dropped.
    let words: Vec<&str> = body
        .split_whitespace()
        .map(|w| without_elision(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|w| !w.is_empty())
        .collect();
    let joins = name_particles(&words);
    // Each word kept with whether it only joins a name, and whether it looks like a name (a
    // capital past the question's first word).
    let content: Vec<Word> = words
        .iter()
        .enumerate()
        // "US" in capitals is the country, "us" the pronoun.
        .filter(|&(i, w)| joins[i] || is_code(w) || !is_filler(&fold(w)))
        .map(|(i, w)| Word {
            text: w,
            at: i,
            joins: joins[i],
            named: i > 0 && starts_upper(w),
        })
        .take(MAX_QUESTION_WORDS)
        .collect();
    let unknown_word =
        |w: &str| !is_stop_word(&fold(w)) && !is_code(w) && index.resolve(w).is_none();
    let phrase = |from: usize, n: usize| joined(&content[from..from + n]);
    // A name that runs on into a capitalised word naming nothing is part of a name the
    // store does not know: the "Jordan" of "Jordan Bardella" is not the country.
    let runs_into_unknown = |from: usize, step: isize| {
        let mut at = from as isize;
        loop {
            let next = at + step;
            let (Some(a), Some(b)) = (
                content.get(at as usize),
                usize::try_from(next).ok().and_then(|n| content.get(n)),
            ) else {
                return false;
            };
            if a.at.abs_diff(b.at) != 1 {
                return false;
            }
            if !b.joins {
                return b.named && unknown_word(b.text);
            }
            at = next;
        }
    };
    let mut names: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < content.len() {
        let mut matched = 0;
        for n in (1..=(content.len() - i).min(5)).rev() {
            // A particle is inside a name, never at its ends ("Le" of "Marine Le Pen").
            if content[i].joins || content[i + n - 1].joins {
                continue;
            }
            // Several words make one name only when they are read as one ("united kingdom",
            // "the german chancellor"), not when a name merely stands among them ("merz
            // troops" is Merz on troops).
            let whole = index
                .resolve(&phrase(i, n))
                .is_some_and(|r| n == 1 || r.how != crate::entities::MatchKind::Contained);
            if whole {
                matched = n;
                break;
            }
        }
        let unknown_before = matched > 0 && runs_into_unknown(i, -1);
        let unknown_after = matched > 0 && runs_into_unknown(i + matched - 1, 1);
        if matched > 0 && !unknown_before && !unknown_after {
            names.push((i, matched));
            i += matched;
        } else {
            i += matched.max(1);
        }
    }
    match names.as_slice() {
        [] => {
            let rest: Vec<&Word> = content
                .iter()
                .filter(|w| w.joins || !is_stop_word(&fold(w.text)))
                .collect();
            // "tell us about germany": the name was read as the topic. Not when the question
            // names someone the store does not know ("what did Marine Le Pen say about
            // Ukraine" is not about Ukraine's statements).
            if !rest.iter().any(|w| w.named) {
                if let Some(t) = &topic {
                    if let Some((who, rest)) = split_who(t, index) {
                        if index.resolve(&who).is_some() {
                            return Question::Position { who, topic: rest };
                        }
                    }
                }
            }
            // A full name the store does not know is asked about as written, to be answered
            // "not found" with what is near it.
            let full_name = rest.len() >= 2
                && rest.iter().any(|w| w.named)
                && rest.iter().all(|w| w.joins || starts_upper(w.text));
            if full_name {
                return Question::Position {
                    who: joined(&rest),
                    topic,
                };
            }
            let said_about = folded.contains("said about")
                || folded.starts_with("what about")
                || folded.contains("who talked about");
            if said_about {
                if let Some(t) = topic {
                    return Question::Topic { word: t };
                }
            }
            let rest: Vec<&Word> = rest.into_iter().filter(|w| !w.joins).collect();
            match rest.as_slice() {
                [] => Question::Unclear {
                    text: text.to_string(),
                },
                [one] => Question::Position {
                    who: one.text.to_string(),
                    topic,
                },
                // An office alone: "what did the foreign minister say".
                words if words.iter().all(|w| is_office_word(&fold(w.text))) => {
                    Question::Position {
                        who: joined(words),
                        topic,
                    }
                }
                _ => Question::Unclear {
                    text: text.to_string(),
                },
            }
        }
        [(s, n)] => {
            let who = phrase(*s, *n);
            let leftover: Vec<&str> = content[s + n..]
                .iter()
                .filter(|w| {
                    !w.joins && !is_stop_word(&fold(w.text)) && !is_office_word(&fold(w.text))
                })
                .map(|w| w.text)
                .collect();
            let topic = topic.or_else(|| nonempty(&leftover.join(" ")));
            Question::Position { who, topic }
        }
        [(s1, n1), (s2, n2), ..] => Question::Compare {
            first: phrase(*s1, *n1),
            second: phrase(*s2, *n2),
            topic,
        },
    }
}

/// A word of a free question, as `read_free` looks at it for names.
struct Word<'a> {
    text: &'a str,
    /// Its place among the question's words.
    at: usize,
    /// A particle between the parts of a name ("le", "von der"), kept only inside one.
    joins: bool,
    /// Capitalised past the question's first word: likely part of a name.
    named: bool,
}

/// The words as one phrase, a space between each two.
fn joined<'a, W: std::borrow::Borrow<Word<'a>>>(words: &[W]) -> String {
    let texts: Vec<&str> = words.iter().map(|w| w.borrow().text).collect();
    texts.join(" ")
}

/// Which words are particles joining the parts of a name: one or two of the tables'
/// `name_particles` ("le", "de la", "von der"), which a question would otherwise drop as filler,
/// between two capitalised words that are not filler (the "Le" of "Marine Le Pen", the "von der"
/// of "Ursula von der Leyen"). A shouted word ("DE") is never one.
fn name_particles(words: &[&str]) -> Vec<bool> {
    let mut joins = vec![false; words.len()];
    let small = |w: &str| {
        crate::locale::question_words()
            .name_particles
            .contains(&fold(w))
            && !(w.len() > 1 && w.chars().all(|c| c.is_uppercase()))
    };
    let part = |w: &str| starts_upper(w) && !is_filler(&fold(w)) && !is_code(w);
    for i in 1..words.len() {
        if !part(words[i - 1]) {
            continue;
        }
        for len in 1..=2 {
            let end = i + len;
            if end < words.len() && words[i..end].iter().all(|w| small(w)) && part(words[end]) {
                joins[i..end].iter_mut().for_each(|j| *j = true);
                break;
            }
        }
    }
    joins
}

/// Words of an office that describe who is asked about, not a topic: "the German chancellor".
fn is_office_word(folded: &str) -> bool {
    matches!(
        folded,
        "president"
            | "chancellor"
            | "prime"
            | "minister"
            | "pm"
            | "premier"
            | "leader"
            | "leaders"
            | "government"
            | "foreign"
            | "ministry"
            | "office"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "king"
            | "queen"
            | "chief"
            | "secretary"
            | "general"
            | "envoy"
            | "officials"
            | "diplomats"
    )
}

fn strip_prefix_words<'a>(text: &'a str, prefix: &[&str]) -> Option<&'a str> {
    let mut rest = text.trim_start();
    for p in prefix {
        let (w, r) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if fold(w) != *p {
            return None;
        }
        rest = r.trim_start();
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::split_language;

    #[test]
    fn a_language_is_taken_out_of_a_question() {
        let cases = [
            (
                "/position fr troops language:es",
                "/position fr troops",
                Some("es"),
            ),
            (
                "/topic troops lang:Deutsch",
                "/topic troops",
                Some("Deutsch"),
            ),
            (
                "what did France say in French?",
                "what did France say",
                Some("French"),
            ),
            (
                "was hat Frankreich gesagt auf Deutsch",
                "was hat Frankreich gesagt",
                Some("Deutsch"),
            ),
            (
                "what did Spain say en español",
                "what did Spain say",
                Some("español"),
            ),
            (
                "what did Germany say in Spain",
                "what did Germany say in Spain",
                None,
            ),
            (
                "/position germany in french",
                "/position germany in french",
                None,
            ),
            ("what did Italy say in", "what did Italy say in", None),
        ];
        for (input, text, language) in cases {
            let (t, l) = split_language(input);
            assert_eq!((t.as_str(), l.as_deref()), (text, language), "{input}");
        }
    }
}
