//! Renders a `Reply` as plain terminal text, the way `positions ask` prints it.

use crate::answer::reply::{Command, Reply, StatementView};
use crate::answer::HELP;
use crate::model::{shown_statement, SourceRef};

pub fn render(reply: &Reply) -> String {
    let mut out = String::new();
    let heading = super::embed::render(reply).embeds[0]
        .title
        .replace('\\', "");
    out.push_str(&heading);
    out.push('\n');
    if let Some(note) = &reply.note {
        out.push_str(note);
        out.push('\n');
    }
    if !reply.suggestions.is_empty() && reply.note.is_none() {
        out.push_str(&format!("Did you mean: {}\n", reply.suggestions.join(", ")));
    }
    let mut cited: Vec<&SourceRef> = Vec::new();
    let with_entity = matches!(reply.command, Command::Whosaid | Command::Source)
        || !reply.mentioned_in.is_empty();
    let list = if reply.statements.is_empty() {
        &reply.mentioned_in
    } else {
        &reply.statements
    };
    let mut last_date: Option<&str> = None;
    for (i, s) in list.iter().enumerate() {
        out.push('\n');
        if reply.command == Command::Timeline {
            // Grouped by date, newest first.
            let date = s.source.published.as_deref().unwrap_or("undated");
            if last_date != Some(date) {
                out.push_str(&format!("{date}\n"));
                last_date = Some(date);
            }
        }
        statement(&mut out, i + 1, s, with_entity, &mut cited);
    }
    if let Some(w) = reply
        .wording
        .as_ref()
        .filter(|w| w.closeness != crate::answer::wording::Closeness::Exact)
    {
        out.push_str(&format!(
            "\nHow the quote differs ([-printed, not quoted-] {{+quoted, not printed+}}):\n   {}\n",
            marked_wording(w)
        ));
    }
    for g in &reply.groups {
        let plural = if g.total == 1 { "" } else { "s" };
        let more = match g.total.saturating_sub(g.statements.len()) {
            0 => String::new(),
            n => format!(", +{n} more"),
        };
        out.push_str(&format!(
            "\n{} {} ({} statement{plural}{more})\n",
            g.entity.flag, g.entity.name, g.total
        ));
        for (i, s) in g.statements.iter().enumerate() {
            statement(&mut out, i + 1, s, false, &mut cited);
        }
    }
    if !cited.is_empty() {
        out.push_str("\nSources:\n");
        for (i, s) in cited.iter().enumerate() {
            out.push_str(&format!("  [{}] {}\n", i + 1, source(s)));
        }
    }
    for s in &reply.sources {
        out.push_str(&format!("• {}\n", source(s)));
    }
    if reply.command == Command::Help {
        out.push('\n');
        for (cmd, what) in HELP.iter() {
            out.push_str(&format!("  {cmd:<32} {what}\n"));
        }
    }
    if reply.pages > 1 {
        out.push_str(&format!(
            "\nPage {} of {} (--page N for more)\n",
            reply.page + 1,
            reply.pages
        ));
    }
    out
}

fn statement<'a>(
    out: &mut String,
    n: usize,
    s: &'a StatementView,
    with_entity: bool,
    cited: &mut Vec<&'a SourceRef>,
) {
    out.push_str(&format!("{n}. {}\n", shown_statement(s.kind, s.text)));
    let mut who = format!("   — {}", s.speaker);
    if let Some(role) = s.shown_role() {
        who.push_str(&format!(", {role}"));
    }
    if with_entity {
        if let Some(e) = &s.entity {
            who.push_str(&format!(" ({e})"));
        }
    }
    let k = match cited.iter().position(|c| c.id == s.source.id) {
        Some(k) => k,
        None => {
            cited.push(s.source);
            cited.len() - 1
        }
    };
    // The other printings are cited too, each article once.
    for a in &s.also_in {
        if !cited.iter().any(|c| c.id == a.id) {
            cited.push(a);
        }
    }
    let also = s
        .also_in_line()
        .map(|l| format!(" · {l}"))
        .unwrap_or_default();
    // A statement printed in another language than English says which.
    let language = if s.language == "en" {
        String::new()
    } else {
        format!(" · {}", crate::language::display_name(s.language))
    };
    out.push_str(&format!(
        "{who} · {}{language} · [{}]{also}\n",
        s.kind,
        k + 1
    ));
}

/// The statement's words with the quote's differences marked as a word diff does:
/// `[-printed-]` and `{+quoted+}`.
pub fn marked_wording(w: &crate::answer::wording::Wording) -> String {
    use crate::answer::wording::PartKind;
    let parts: Vec<String> = w
        .parts
        .iter()
        .map(|p| match p.kind {
            PartKind::Same => p.printed.clone(),
            PartKind::Dropped => format!("[-{}-]", p.printed),
            PartKind::Added => format!("{{+{}+}}", p.quoted),
            PartKind::Changed | PartKind::Misspelt => {
                format!("[-{}-] {{+{}+}}", p.printed, p.quoted)
            }
        })
        .collect();
    format!("…{}…", parts.join(" "))
}

fn source(s: &SourceRef) -> String {
    let mut out = s.title.clone();
    if let Some(p) = &s.publisher {
        out.push_str(&format!(", {p}"));
    }
    if let Some(d) = &s.published {
        out.push_str(&format!(", {d}"));
    }
    if let Some(u) = &s.url {
        out.push_str(&format!(" <{u}>"));
    }
    out
}
