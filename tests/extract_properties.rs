//! Property tests of the extractor on any text, however malformed: arbitrary strings, wire-report
//! pieces shuffled (quotation marks of every family, speech verbs, names, headlines, newlines,
//! control characters, right-to-left and CJK text, emoji), unbalanced marks, and a few huge
//! fixed inputs. Always a result and never a panic; every statement is `body[start..end]` exactly,
//! in the paragraph it starts in, and passes the store's own checks once ingested.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use proptest::prelude::*;

use positions::entities::Gazetteer;
use positions::extract::{extract, Extracted};
use positions::model::Kind;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .expect("the gazetteer loads")
    })
}

/// The longest statement the extractor keeps, in bytes (as documented in src/extract).
const MAX_STATEMENT: usize = 8 * 1024;

/// Every quotation mark the extractor knows, of every family.
const MARKS: &[char] = &[
    '“', '”', '„', '‟', '«', '»', '"', '＂', '‘', '’', '‹', '›', '\'', '「', '」', '『', '』',
];

/// Where each paragraph (non-empty line) starts, as documented on `Extracted::paragraph`:
/// worked out here independently of the extractor.
fn paragraph_starts(body: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for raw in body.split('\n') {
        if !raw.trim().is_empty() {
            starts.push(offset + raw.len() - raw.trim_start().len());
        }
        offset += raw.len() + 1;
    }
    starts
}

/// The 1-based paragraph that byte `pos` stands in.
fn paragraph_at(starts: &[usize], pos: usize) -> u32 {
    starts.partition_point(|&s| s <= pos).max(1) as u32
}

/// Extracts and checks every statement against the body; returns them.
fn extract_checked(body: &str, published: Option<&str>) -> Vec<Extracted> {
    let g = gazetteer();
    let out = extract(body, published, g);
    let starts = paragraph_starts(body);
    let mut last = (0, 0);
    for e in &out {
        assert!(
            e.start <= e.end && e.end <= body.len(),
            "offsets {}..{} in {} bytes",
            e.start,
            e.end,
            body.len()
        );
        assert!(
            body.is_char_boundary(e.start) && body.is_char_boundary(e.end),
            "offsets {}..{} split a character",
            e.start,
            e.end
        );
        assert_eq!(e.text, &body[e.start..e.end], "the text as printed");
        assert!(
            !e.text.trim().is_empty(),
            "an empty statement at {}",
            e.start
        );
        assert!(e.text.len() <= MAX_STATEMENT, "{} bytes", e.text.len());
        assert!(e.paragraph >= 1);
        assert_eq!(
            e.paragraph,
            paragraph_at(&starts, e.start),
            "the paragraph of {:?}",
            e.text
        );
        assert!(
            matches!(e.kind, Kind::Direct | Kind::Indirect | Kind::Mixed),
            "{:?}",
            e.kind
        );
        if e.kind == Kind::Mixed {
            assert!(
                e.text.contains(MARKS),
                "a mixed statement quotes some words: {:?}",
                e.text
            );
        }
        assert!(!e.speaker.name.trim().is_empty(), "a speaker: {e:?}");
        let n = g.entities().len() as u32;
        assert!(e.entity.is_none_or(|id| id < n), "{e:?}");
        assert!(e.mentions.iter().all(|&id| id < n), "{e:?}");
        assert!((e.start, e.end) >= last, "statements in order");
        last = (e.start, e.end);
    }
    out
}

/// Pieces of wire reports, and of what goes wrong with them.
const PIECES: &[&str] = &[
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "「",
    "」",
    "『",
    "』",
    "＂",
    "We will not abandon Ukraine",
    "Sanctions will stay",
    "The war must end",
    " he said",
    " she said",
    " they said",
    ", he told reporters",
    " said on Tuesday",
    " was quoted as saying",
    " according to ",
    "Merz",
    "Friedrich Merz",
    "German Chancellor Friedrich Merz",
    "Costa",
    "António Costa",
    "European Council President António Costa",
    "Kaja Kallas",
    "the Kremlin spokesman",
    "a spokeswoman for the ministry",
    "Macron",
    "Italy",
    "the French president",
    "Mr.",
    "U.S.",
    "E.U.",
    "BRUSSELS, Feb 23 (Wire) - ",
    "PARIS — ",
    "Leaders divided over timing of Ukraine force",
    "Spending targets",
    ". ",
    ", ",
    ": ",
    "; ",
    "? ",
    "! ",
    "...",
    "—",
    " – ",
    "(",
    ")",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{200b}",
    "\u{200e}",
    "\u{202e}",
    "\u{2028}",
    "\u{feff}",
    "قال وزير الخارجية",
    "«السلام»",
    "אמר השר",
    "德国总理默茨说",
    "「我们不会放弃」",
    "日本の外相は述べた",
    "Москва заявила",
    "🇩🇪",
    "🇪🇺",
    "👍🏽",
    "🕊️",
    "e\u{301}",
    "ﬁ",
    "İ",
    "ß",
    "1.5 billion euros",
    "5%",
    "2026-01-07",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(PIECES).prop_map(String::from),
        1 => "\\PC{0,12}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn wire_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

const WORDS: &[&str] = &[
    "We will not abandon Ukraine",
    "Sanctions alone will not end this war",
    "Our position has not changed",
    "Europe must do more, and faster",
    "Nous ne sommes pas en guerre",
    "Wir stehen an der Seite der Ukraine",
    "和平需要时间",
    "السلام ممكن",
    "",
];

const WHO: &[&str] = &[
    "Merz",
    "German Chancellor Friedrich Merz",
    "Costa",
    "European Council President António Costa",
    "he",
    "she",
    "they",
    "the minister",
    "Kallas",
    "a spokesman",
    "Nobody Inparticular",
    "",
];

const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "said on Tuesday",
    "added",
    "warned",
    "",
];

/// A mark, or none (a flaw).
fn mark() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(MARKS).prop_map(String::from),
        1 => Just(String::new()),
    ]
}

/// One sentence of a report, in the shapes wire copy takes, each part possibly missing or wrong.
fn sentence() -> impl Strategy<Value = String> {
    let parts = (
        mark(),
        prop::sample::select(WORDS),
        mark(),
        prop::sample::select(&[",", "", " —", ":"][..]),
        prop::sample::select(WHO),
        prop::sample::select(VERBS),
        prop::sample::select(&[".", "", "!", "?", "…"][..]),
    );
    (parts, 0..4u8).prop_map(
        |((open, words, close, sep, who, verb, end), shape)| match shape {
            0 => format!("{open}{words}{sep}{close} {who} {verb}{end}"),
            1 => format!("{who} {verb}{sep} {open}{words}{close}{end}"),
            2 => format!("{who} {verb} that {words}{end}"),
            _ => format!("{who} {verb} Europe had to {open}{words}{close}{end}"),
        },
    )
}

/// Reports made of sentences, with pieces of anything between them.
fn report() -> impl Strategy<Value = String> {
    let bit = prop_oneof![4 => sentence(), 1 => piece()];
    let sep = prop::sample::select(&[" ", "\n", "\n\n", "\r\n", ""][..]);
    prop::collection::vec((bit, sep), 0..24)
        .prop_map(|v| v.into_iter().map(|(b, s)| b + s).collect())
}

fn unbalanced_text() -> impl Strategy<Value = String> {
    let bits: Vec<String> = MARKS
        .iter()
        .map(|c| c.to_string())
        .chain(
            [" ", "word", "said Merz", ". ", "\n", ", Costa said."]
                .iter()
                .map(|s| s.to_string()),
        )
        .collect();
    prop::collection::vec(prop::sample::select(bits), 0..400).prop_map(|v| v.concat())
}

fn published() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("2026-01-07".to_string())),
        Just(Some("2019-05-30".to_string())),
        "\\PC{0,12}".prop_map(Some),
    ]
}

/// `cases` cases; a failure prints its input and seed rather than writing a file beside the test.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_string_gives_a_result(body in any::<String>(), date in published()) {
        extract_checked(&body, date.as_deref());
    }

    #[test]
    fn any_characters_give_a_result(
        chars in prop::collection::vec(any::<char>(), 0..600),
        date in published(),
    ) {
        let body: String = chars.into_iter().collect();
        extract_checked(&body, date.as_deref());
    }

    #[test]
    fn shuffled_wire_pieces_give_exact_quotes(body in wire_text(), date in published()) {
        extract_checked(&body, date.as_deref());
    }

    #[test]
    fn reports_with_flaws_give_exact_quotes(body in report(), date in published()) {
        extract_checked(&body, date.as_deref());
    }

    #[test]
    fn unbalanced_marks_give_exact_quotes(body in unbalanced_text()) {
        extract_checked(&body, Some("2026-01-07"));
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Whatever the text, ingesting it gives a store that `check` accepts: an article stored as
    /// written and statements that stand in it, with known entities and unique ids.
    #[test]
    fn any_text_ingests_into_a_store_that_checks(
        body in prop_oneof![report(), wire_text(), any::<String>()],
    ) {
        let g = gazetteer();
        let store = positions::store::Store::default();
        let meta = positions::ingest::Metadata::default();
        let Ok(p) = positions::ingest::prepare(&body, meta, "any", g, &store) else {
            // Only an empty (blank) text is refused.
            prop_assert!(body.trim().is_empty());
            return Ok(());
        };
        let dir = tempfile::tempdir().expect("temp dir");
        positions::store::write_article(dir.path(), &p.article, &p.body, &p.statements)
            .expect("write");
        let counts = positions::store::Store::check(dir.path(), g);
        prop_assert!(counts.is_ok(), "{:?}", counts.err().map(|e| e.to_string()));
        prop_assert_eq!(counts.unwrap().statements, p.statements.len());
    }
}

/// Runs one huge input and says how long it took (visible with --nocapture).
fn huge(name: &str, body: &str) -> usize {
    let started = Instant::now();
    let n = extract_checked(body, Some("2026-01-07")).len();
    println!(
        "{name}: {} bytes, {n} statements, {:.2} s",
        body.len(),
        started.elapsed().as_secs_f64()
    );
    n
}

#[test]
fn two_megabytes_on_one_line_of_words_and_quotes() {
    let unit = "Merz said “we will help”, and Costa said \"no\" while ‘they’ «waited» ";
    let body = unit.repeat(2_000_000 / unit.len() + 1);
    huge("2 MB on one line", &body);
}

#[test]
fn a_hundred_thousand_quotation_marks() {
    let body: String = (0..100_000).map(|i| MARKS[i % MARKS.len()]).collect();
    huge("100k quotation marks", &body);
    huge("100k opening marks", &"“".repeat(100_000));
}

#[test]
fn a_megabyte_without_a_space() {
    let body = "Merz“said”Costa,\"no\".".repeat(1_000_000 / 22 + 1);
    huge("1 MB without a space", &body);
    huge("1 MB of one letter", &"a".repeat(1_000_000));
}

#[test]
fn many_short_paragraphs_of_statements() {
    let para = "“We will not abandon Ukraine,” Merz said.\n";
    let body = para.repeat(20_000);
    let n = huge("20,000 paragraphs", &body);
    assert_eq!(n, 20_000, "one statement a paragraph");
}
