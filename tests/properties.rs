//! Property tests of every input path a user controls: any text up to 6,000 characters gives a
//! reply and never a panic; every rendered reply is within Discord's limits; no rendered text can
//! ping anyone or break out of its markdown.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

use positions::answer::ask;
use positions::index::Index;
use positions::render::embed::{render, Message};
use positions::render::escape::{can_ping, escape};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        positions::app::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .expect("data loads")
    })
}

/// Markdown characters that must never reach Discord unescaped from data or input.
const SPECIAL: &[char] = &['*', '_', '~', '`', '|', '[', ']'];

/// Removes every backslash escape pair, leaving what Discord would read as markup.
fn unescaped(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

fn strings_of(message: &Message) -> Vec<String> {
    let mut out = Vec::new();
    for e in &message.embeds {
        out.push(e.title.clone());
        out.extend(e.description.clone());
        out.extend(e.footer.clone());
        for f in &e.fields {
            out.push(f.name.clone());
            out.push(f.value.clone());
        }
    }
    out
}

/// Questions built from pieces users and attackers type.
fn question() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/position ".to_string()),
        Just("/compare ".to_string()),
        Just("/whosaid ".to_string()),
        Just("/topic ".to_string()),
        Just("@everyone ".to_string()),
        Just("@here ".to_string()),
        Just("<@&123456789> ".to_string()),
        Just("<@!42> ".to_string()),
        Just("**bold** __u__ ~~s~~ `c` ```block``` ||spoiler|| ".to_string()),
        Just("[link](https://evil.example) ".to_string()),
        Just("germany ".to_string()),
        Just("the Germans ".to_string()),
        Just("troops ".to_string()),
        Just("what did Italy say about ".to_string()),
        Just("🇩🇪😀‍🔥 ".to_string()),
        "\\PC{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_question_gets_a_reply_within_limits(q in question()) {
        let reply = ask(index(), &q, 0);
        let message = render(&reply);
        prop_assert!(message.within_limits(), "over a limit for {q:?}: {message:?}");
        for s in strings_of(&message) {
            prop_assert!(!can_ping(&s), "{s:?}");
            prop_assert!(!s.contains("@everyone") && !s.contains("@here"), "{s:?}");
        }
    }

    #[test]
    fn any_unicode_up_to_6000_chars(q in "\\PC{0,6000}") {
        let reply = ask(index(), &q, 0);
        prop_assert!(render(&reply).within_limits());
        let _ = positions::render::text::render(&reply);
        let _ = positions::render::json(&reply);
    }

    #[test]
    fn any_page_number(q in question(), page in any::<usize>()) {
        let reply = ask(index(), &q, page);
        prop_assert!(reply.page < reply.pages);
        prop_assert!(render(&reply).within_limits());
    }

    #[test]
    fn escaped_text_has_no_markup_and_no_pings(s in any::<String>()) {
        let e = escape(&s);
        prop_assert!(!can_ping(&e));
        let bare = unescaped(&e);
        prop_assert!(!bare.contains(SPECIAL), "{e:?}");
        // A quote or heading marker counts only where it opens a line as Discord reads it: a
        // line that opens with an escaped character ("\\~>") is neither.
        prop_assert!(!e.lines().any(|l| l.trim_start().starts_with('>') || l.trim_start().starts_with('#')), "{e:?}");
    }
}
