//! Makes untrusted text safe to show in Discord: it cannot ping anyone and cannot break out of
//! the markdown around it. Used on every quote, name, title and echoed user input.

/// Zero-width space: breaks a mention or a markdown token without changing what a reader sees.
const ZWSP: char = '\u{200B}';

/// Escapes markdown and neutralises mentions (`@everyone`, `@here`, `<@…>`, `<@&…>`, `<#…>`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' || (c.is_control() && c != '\n') {
            continue;
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
            '<' if matches!(chars.peek(), Some('@' | '#' | ':' | 'a' | 't' | '/')) => {
                out.push('<');
                out.push(ZWSP);
            }
            _ => out.push(c),
        }
        at_line_start = c == '\n' || (at_line_start && c.is_whitespace());
    }
    out
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
