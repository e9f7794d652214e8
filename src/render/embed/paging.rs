//! The page buttons of a reply: Previous/Next, with the question and the page in their
//! custom_id, so a press is answered after a restart with nothing remembered.

use super::{Button, CUSTOM_ID_MAX, PAGE_BUTTON_PREFIX};
use crate::answer::reply::{Command, Reply};
use crate::locale::Locale;

/// Previous/Next buttons whose custom_id carries the question and the page, so a press can be
/// answered after a restart with nothing remembered.
pub(super) fn page_buttons(reply: &Reply, l: Locale) -> Vec<Button> {
    if reply.pages <= 1 {
        return Vec::new();
    }
    let question = canonical_question(reply);
    let prev = reply.page.saturating_sub(1);
    let next = (reply.page + 1).min(reply.pages - 1);
    vec![
        Button {
            custom_id: page_custom_id(prev, &question, 'p'),
            label: l.word("previous").to_string(),
            disabled: reply.page == 0,
        },
        Button {
            custom_id: page_custom_id(next, &question, 'n'),
            label: l.word("next").to_string(),
            disabled: reply.page + 1 >= reply.pages,
        },
    ]
}

/// The question a reply answers, in slash form, with entities by their stable key.
pub fn canonical_question(reply: &Reply) -> String {
    let topic = reply.topic.as_deref().unwrap_or("");
    let q = match reply.command {
        Command::Position => format!(
            "/position {} {topic}",
            reply.entity.as_ref().map_or("", |e| &*e.id)
        ),
        Command::Compare => format!(
            "/compare {} {} {topic}",
            reply.entity.as_ref().map_or("", |e| &*e.id),
            reply.other.as_ref().map_or("", |e| &*e.id)
        ),
        Command::Whosaid => format!("/whosaid {topic}"),
        Command::Topic => format!("/topic {topic}"),
        Command::Sources => "/sources".to_string(),
        Command::Help => "/help".to_string(),
        Command::Source => format!("/source {topic}"),
        Command::Timeline => format!(
            "/timeline {} {topic}",
            reply.entity.as_ref().map_or("", |e| &*e.id)
        ),
    };
    // The language asked goes with the question, so the next page keeps to it: right after the
    // command, where a long topic cut to fit a custom_id cannot take it away.
    let q = q.trim();
    match (reply.language, q.split_once(' ')) {
        (Some(code), Some((command, rest))) => format!("{command} language:{code} {rest}"),
        (Some(code), None) => format!("{q} language:{code}"),
        (None, _) => q.to_string(),
    }
}

/// `pg:<page>:<which>:<question>`, cut to Discord's 100 bytes at a character boundary.
pub fn page_custom_id(page: usize, question: &str, which: char) -> String {
    let mut id = format!("{PAGE_BUTTON_PREFIX}:{page}:{which}:");
    for c in question.chars() {
        if id.len() + c.len_utf8() > CUSTOM_ID_MAX {
            break;
        }
        id.push(c);
    }
    id
}

/// Reads a page button's custom_id back into (page, question).
pub fn parse_page_custom_id(custom_id: &str) -> Option<(usize, &str)> {
    let rest = custom_id
        .strip_prefix(PAGE_BUTTON_PREFIX)?
        .strip_prefix(':')?;
    let (page, rest) = rest.split_once(':')?;
    let (_, question) = rest.split_once(':')?;
    Some((page.parse().ok()?, question))
}
