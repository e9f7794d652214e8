//! Makes untrusted text safe to show in Discord: it cannot ping anyone and cannot break out of
//! the markdown around it. Used on every quote, name, title and echoed user input.

/// Zero-width space: breaks a mention or a markdown token without changing what a reader sees.
const ZWSP: char = '\u{200B}';

/// Bytes that may need more than a copy when they are not at the start of a line: markdown
/// marks, the starts of mentions, line breaks and control characters (ASCII, and 0xC2, the
/// first byte of the C1 controls U+0080–U+009F).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    let marks = b"\\*_~`|[]@<";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// Escapes markdown and neutralises mentions (`@everyone`, `@here`, `<@…>`, `<@&…>`, `<#…>`).
/// Runs of plain text inside a line are copied whole; the rest goes a character at a time.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    let mut at_line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        if !at_line_start {
            // Stops only at ASCII bytes and 0xC2, so `i + run` is a character boundary.
            let run = bytes[i..]
                .iter()
                .position(|&b| SPECIAL[b as usize])
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                out.push_str(&text[i..i + run]);
                i += run;
                continue;
            }
        }
        let mut rest = text[i..].chars();
        let c = rest.next().expect("i is below the length");
        i += c.len_utf8();
        at_line_start = push_escaped(&mut out, c, rest.next(), at_line_start);
    }
    out
}

/// Pushes one character as `escape` shows it (`next` is the one after it); returns whether the
/// next character still stands at the start of its line.
fn push_escaped(out: &mut String, c: char, next: Option<char>, at_line_start: bool) -> bool {
    if c == '\r' || (c.is_control() && c != '\n') {
        return at_line_start;
    }
    match c {
        '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' => {
            out.push('\\');
            out.push(c);
        }
        '>' | '#' | '-' if at_line_start => {
            out.push('\\');
            out.push(c);
        }
        '@' => {
            out.push('@');
            out.push(ZWSP);
        }
        '<' if matches!(next, Some('@' | '#' | ':' | 'a' | 't' | '/')) => {
            out.push('<');
            out.push(ZWSP);
        }
        _ => out.push(c),
    }
    c == '\n' || (at_line_start && c.is_whitespace())
}

/// Whether text could ping someone if sent as-is (for tests and checks).
pub fn can_ping(text: &str) -> bool {
    text.contains("@everyone")
        || text.contains("@here")
        || ["<@", "<#", "<@&"].iter().any(|p| {
            text.match_indices(p).any(|(i, m)| {
                let rest = &text[i + m.len()..];
                let rest = rest.trim_start_matches(['!', '&']);
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                digits > 0 && rest[digits..].starts_with('>')
            })
        })
}

/// A URL safe to put in a markdown link: http(s), no spaces or parentheses.
pub fn link_target(url: &str) -> Option<&str> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 512
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>'));
    ok.then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_neutralised() {
        for hostile in [
            "@everyone",
            "@here",
            "<@123456>",
            "<@!123456>",
            "<@&987>",
            "hi <#55> there",
        ] {
            let safe = escape(hostile);
            assert!(!can_ping(&safe), "{hostile} → {safe}");
            assert!(can_ping(hostile) || hostile.contains("<#"), "{hostile}");
        }
    }

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(
            escape("**bold** _x_ `c` ||s||"),
            "\\*\\*bold\\*\\* \\_x\\_ \\`c\\` \\|\\|s\\|\\|"
        );
        assert_eq!(escape("> quote"), "\\> quote");
        assert_eq!(escape("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(escape("a - b"), "a - b");
    }

    /// The character-at-a-time escape, as `escape` must behave.
    fn escape_slowly(text: &str) -> String {
        let mut out = String::new();
        let mut at_line_start = true;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            at_line_start = push_escaped(&mut out, c, chars.peek().copied(), at_line_start);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn copying_runs_whole_changes_nothing(
            text in "([ a-z\\n\\r\\t*_~`|\\[\\]<>#@:/-]|\u{85}|\u{9f}|\u{a0}|\u{2003}|é|ł|\u{201c}|\u{1F1E9}){0,40}"
        ) {
            proptest::prop_assert_eq!(escape(&text), escape_slowly(&text));
        }
    }

    #[test]
    fn control_characters_go_and_line_starts_are_kept() {
        assert_eq!(escape("a\u{85}b\u{7}c\r"), "abc");
        assert_eq!(escape("x\n> y\n  - z # w"), "x\n\\> y\n  \\- z # w");
        assert_eq!(escape("\u{2003}# t"), "\u{2003}\\# t");
        assert_eq!(
            escape("<@1> <t:1> a<b"),
            "<\u{200B}@\u{200B}1> <\u{200B}t:1> a<b"
        );
    }

    #[test]
    fn links() {
        assert_eq!(
            link_target("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(link_target("javascript:alert(1)"), None);
        assert_eq!(link_target("https://x.org/a b"), None);
    }
}
