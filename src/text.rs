//! Text folding shared by the gazetteer, the index and the query reader.
//! Pure functions: Unicode NFKC, case, diacritics, punctuation; no allocation-free tricks, no I/O.

use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: NFKD (which includes NFKC's compatibility mapping), combining marks
/// dropped, lower case, every run of non-alphanumeric characters turned into one space.
/// "Côte d’Ivoire" → "cote d ivoire"; "  The GERMANS!" → "the germans".
///
/// Characters are decomposed one at a time (ASCII needs no decomposition at all): NFKD's only
/// other step, reordering combining marks, cannot change the result since every mark is dropped
/// (a test checks that every character with a combining class is a mark).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii() {
            pending_space = true;
        } else {
            unicode_normalization::char::decompose_compatible(c, |d| {
                fold_char(d, &mut out, &mut pending_space)
            });
        }
    }
    out
}

fn fold_char(c: char, out: &mut String, pending_space: &mut bool) {
    if is_combining_mark(c) {
        return;
    }
    if c.is_alphanumeric() {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        for l in c.to_lowercase() {
            out.push(fold_letter(l));
        }
    } else {
        *pending_space = true;
    }
}

/// Letters that NFKD does not decompose but that readers treat as plain Latin letters.
fn fold_letter(c: char) -> char {
    match c {
        'ß' => 's',
        'ø' => 'o',
        'đ' | 'ð' => 'd',
        'ł' => 'l',
        'ı' => 'i',
        'æ' => 'a',
        'œ' => 'o',
        'þ' => 't',
        _ => c,
    }
}

/// The folded words of a text.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(' ').filter(|w| !w.is_empty())
}

/// Drops a leading article ("the germans" → "germans") and a trailing possessive
/// ("germany s" → "germany", as folding turns "Germany's" into two words).
pub fn strip_article(folded: &str) -> &str {
    let s = folded.strip_prefix("the ").unwrap_or(folded);
    s.strip_suffix(" s").unwrap_or(s)
}

/// Singular candidates for a folded word or phrase: "germans" → "german", "countries" → "country".
/// Returns an empty list when the phrase does not look plural.
pub fn singulars(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = folded.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    }
    if let Some(stem) = folded.strip_suffix("es") {
        out.push(stem.to_string());
    }
    if let Some(stem) = folded.strip_suffix('s') {
        if !stem.ends_with('s') {
            out.push(stem.to_string());
        }
    }
    out
}

/// The words of a topic or phrase worth indexing: folded, without stop words, reduced to a stem.
pub fn topic_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_topic_term(text, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each of `topic_terms(text)` in turn, without a `String` for each.
pub fn for_each_topic_term(text: &str, f: impl FnMut(&str)) {
    for_each_folded_term(&fold(text), f);
}

/// `for_each_topic_term` on text that is folded already.
pub fn for_each_folded_term(folded: &str, mut f: impl FnMut(&str)) {
    for w in words(folded).filter(|w| !is_stop_word(w)) {
        let s = stem_of(w);
        if s.len() > 1 {
            f(&s);
        }
    }
}

/// The words of a query topic or phrase: like `topic_terms`, at most `MAX_QUERY_TERMS` of them.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut terms = topic_terms(text);
    terms.truncate(MAX_QUERY_TERMS);
    terms
}

/// The most words of a topic or quote phrase a query looks up.
pub const MAX_QUERY_TERMS: usize = 16;

/// A light English stemmer: enough to make "troops" find "troop" and "guarantees" find
/// "guarantee", without a dictionary.
pub fn stem(word: &str) -> String {
    stem_of(word).into_owned()
}

/// `stem`, borrowing the word when the stem is a part of it.
fn stem_of(w: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if w.len() > 4 {
        if let Some(s) = w.strip_suffix("ies") {
            return Cow::Owned(format!("{s}y"));
        }
        if w.ends_with("sses") {
            return Cow::Borrowed(&w[..w.len() - 2]);
        }
    }
    if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        return Cow::Borrowed(&w[..w.len() - 1]);
    }
    Cow::Borrowed(w)
}

const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me",
    "more", "my", "no", "not", "now", "of", "on", "or", "our", "over", "s", "said", "say", "says",
    "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who", "will", "with",
    "would", "you", "your",
];

/// The stop words, in order.
pub fn stop_words() -> impl Iterator<Item = &'static str> {
    STOP_WORDS.iter().copied()
}

/// Whether a word begins with a capital letter.
pub fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a folded word carries no topic of its own.
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= 8
        && !word.as_bytes().contains(&0)
        && PACKED_STOP_WORDS.binary_search(&pack(word)).is_ok()
}

/// A word of at most 8 bytes as one number (its bytes, then zeros), so the stop-word check of
/// every word of every statement compares integers, not strings.
const fn pack(word: &str) -> u64 {
    let b = word.as_bytes();
    let mut x = 0u64;
    let mut i = 0;
    while i < 8 {
        x <<= 8;
        if i < b.len() {
            x |= b[i] as u64;
        }
        i += 1;
    }
    x
}

/// `STOP_WORDS` packed; packing keeps their order, so this is sorted too (a test checks).
const PACKED_STOP_WORDS: [u64; STOP_WORDS.len()] = {
    let mut out = [0u64; STOP_WORDS.len()];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        out[i] = pack(STOP_WORDS[i]);
        i += 1;
    }
    out
};

/// The typo budget for a folded word or name, as search engines do it: none up to 4 letters,
/// one edit for 5 to 8, two from 9.
pub fn typo_budget(len_chars: usize) -> usize {
    match len_chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Cuts `text` to at most `max_chars` characters, at a word boundary where one is near, adding
/// an ellipsis when anything was cut. Never splits a character.
pub fn cut_at_word(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    if max_chars == 0 {
        return String::new();
    }
    let keep = max_chars - 1; // room for the ellipsis
    let byte_end = text
        .char_indices()
        .nth(keep)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let head = &text[..byte_end];
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if head[..i].chars().count() * 2 >= keep => &head[..i],
        _ => head,
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn fold_drops_case_diacritics_and_punctuation() {
        assert_eq!(fold("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(fold("  The GERMANS!"), "the germans");
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Pedro Sánchez"), "pedro sanchez");
        assert_eq!(fold("Ｄｅｕｔｓｃｈｌａｎｄ"), "deutschland");
        assert_eq!(fold("Straße"), "strase");
    }

    /// The first `fold`: the whole text through NFKD, then the same character rules.
    fn fold_reference(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut pending_space = false;
        for c in text.nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                for l in c.to_lowercase() {
                    out.push(fold_letter(l));
                }
            } else {
                pending_space = true;
            }
        }
        out
    }

    #[test]
    fn every_character_with_a_combining_class_is_a_mark() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if unicode_normalization::char::canonical_combining_class(c) != 0 {
                assert!(is_combining_mark(c), "{c:?} {:x}", c as u32);
            }
        }
    }

    #[test]
    fn fold_agrees_with_whole_text_nfkd() {
        let pieces = [
            "a",
            "Z",
            " ",
            "’",
            "-",
            "é",
            "e\u{301}",
            "\u{301}",
            "\u{327}\u{301}",
            "ß",
            "ﬁ",
            "Ⅻ",
            "Ｄ",
            "🇩🇪",
            "ǅ",
            "İ",
            "Σ",
            "ø",
            "Å",
            "ﾊﾟ",
            "\u{1100}\u{1161}",
            "각",
            "①",
            "x\u{20dd}",
            "ᾈ",
            "ǰ",
            "ﷺ",
            "9",
            "_",
            "\t",
        ];
        // Texts of up to eight pieces (a failure is shrunk to its shortest text and its seed kept).
        let texts = proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..=8);
        proptest::test_runner::TestRunner::new(proptest::test_runner::Config::with_cases(5_000))
            .run(&texts, |parts| {
                let t = parts.concat();
                proptest::prop_assert_eq!(fold(&t), fold_reference(&t), "{:?}", t);
                Ok(())
            })
            .unwrap();
        for t in [
            "Côte d’Ivoire",
            "  The GERMANS!",
            "Pedro Sánchez",
            "Ｄｅｕｔｓｃｈｌａｎｄ",
        ] {
            assert_eq!(fold(t), fold_reference(t));
        }
    }

    #[test]
    fn articles_possessives_and_plurals() {
        assert_eq!(strip_article("the germans"), "germans");
        assert_eq!(strip_article(&fold("Germany's")), "germany");
        assert!(singulars("germans").contains(&"german".to_string()));
        assert!(singulars("countries").contains(&"country".to_string()));
        assert!(singulars("italy").is_empty());
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 8));
        assert!(PACKED_STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        for w in [
            "a", "about", "aboutx", "", "the", "them", "thee", "zzz", "youre", "your",
        ] {
            assert_eq!(is_stop_word(w), STOP_WORDS.contains(&w), "{w}");
        }
    }

    #[test]
    fn topic_terms_stem_and_drop_stop_words() {
        assert_eq!(topic_terms("the Troops"), vec!["troop"]);
        assert_eq!(
            topic_terms("security guarantees"),
            vec!["security", "guarantee"]
        );
    }

    #[test]
    fn budgets_follow_word_length() {
        assert_eq!(typo_budget(4), 0);
        assert_eq!(typo_budget(5), 1);
        assert_eq!(typo_budget(8), 1);
        assert_eq!(typo_budget(9), 2);
    }

    #[test]
    fn cutting_keeps_whole_words_and_characters() {
        assert_eq!(cut_at_word("short", 10), "short");
        let cut = cut_at_word("one two three four five", 12);
        assert!(cut.chars().count() <= 12, "{cut}");
        assert_eq!(cut, "one two…");
        let emoji = "🇩🇪".repeat(50);
        let cut = cut_at_word(&emoji, 7);
        assert!(cut.chars().count() <= 7);
        assert!(cut.ends_with('…'));
    }
}
