//! Renders a `Reply` as plain terminal text, the way `positions ask` prints it.

use crate::answer::HELP;
use crate::reply::{Command, Reply, SourceRef, StatementView};

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
    let list = if reply.statements.is_empty() {
        &reply.mentioned_in
    } else {
        &reply.statements
    };
    for (i, s) in list.iter().enumerate() {
        out.push('\n');
        statement(
            &mut out,
            i + 1,
            s,
            reply.command == Command::Whosaid || !reply.mentioned_in.is_empty(),
        );
    }
    for g in &reply.groups {
        out.push_str(&format!(
            "\n{} {} ({} statement{})\n",
            g.entity.flag,
            g.entity.name,
            g.total,
            if g.total == 1 { "" } else { "s" }
        ));
        for (i, s) in g.statements.iter().enumerate() {
            statement(&mut out, i + 1, s, false);
        }
    }
    for s in &reply.sources {
        out.push_str(&format!("• {}\n", source(s)));
    }
    if reply.command == Command::Help {
        out.push('\n');
        for (cmd, what) in HELP {
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

fn statement(out: &mut String, n: usize, s: &StatementView, with_entity: bool) {
    out.push_str(&format!("{n}. “{}”\n", s.text));
    let mut who = format!("   — {}", s.speaker);
    if let Some(role) = &s.role {
        who.push_str(&format!(", {role}"));
    }
    if with_entity {
        if let Some(e) = &s.entity {
            who.push_str(&format!(" ({e})"));
        }
    }
    out.push_str(&who);
    out.push_str(&format!(" [{}]\n", s.kind));
    out.push_str(&format!("   {}\n", source(&s.source)));
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
