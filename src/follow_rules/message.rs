//! The messages of follows: the one post a follow gets for an article, and a server's list of
//! follows. Pure: `shell::poster` and the follow commands send them.

use crate::locale::Locale;
use crate::model::{shown_statement, Article, Kind, Statement};
use crate::render::embed::{Embed, EmbedField, Message, EMBED_TOTAL_MAX, FIELDS_MAX};
use crate::render::escape::{escape, link_target};
use crate::text::cut_at_word;

use super::Follow;

const COLOR_FOLLOW: u32 = 0x2f855a;
/// The longest quote in a post; shorter when an article brings many statements.
const QUOTE_MAX: usize = 700;

/// The one message a follow gets for an article: its statements that the follow wants, within
/// Discord's limits, every text escaped so that nothing pings. None when it wants none of them.
pub fn post(follow: &Follow, article: &Article, statements: &[&Statement]) -> Option<Message> {
    let wanted: Vec<&Statement> = statements
        .iter()
        .copied()
        .filter(|s| follow.wants(s))
        .collect();
    if wanted.is_empty() {
        return None;
    }
    let n = wanted.len();
    let title = cut_at_word(
        &escape(article.title.as_deref().unwrap_or(&article.id)),
        crate::render::embed::TITLE_MAX,
    );
    let source: Vec<String> = [article.publisher.as_deref(), article.published.as_deref()]
        .into_iter()
        .flatten()
        .map(escape)
        .collect();
    // In the language of whoever set the follow up (English when unknown).
    let l = follow
        .locale
        .as_deref()
        .map_or(Locale::English, Locale::of_discord);
    let what = follow.what_in(l);
    let mut description = l.phrase(
        "follow_post_new",
        &[("what", &escape(&what)), ("statements", &l.statements(n))],
    );
    if !source.is_empty() {
        description.push_str(&format!(" · {}", source.join(" · ")));
    }
    let shown = n.min(FIELDS_MAX);
    let more = n - shown;
    let footer = if more > 0 {
        l.phrase(
            "follow_post_more",
            &[
                ("n", &more.to_string()),
                ("position", l.command("position")),
                ("side", &l.side_name(&follow.side, &follow.name)),
                ("unfollow", l.command("unfollow")),
            ],
        )
    } else {
        l.phrase(
            "follow_post_footer",
            &[("what", &what), ("unfollow", l.command("unfollow"))],
        )
    };
    let footer = cut_at_word(&escape(&footer), 300);
    // Share what is left of the 6,000 characters between the quotes.
    let fixed = title.chars().count() + description.chars().count() + footer.chars().count();
    let names: Vec<String> = wanted[..shown]
        .iter()
        .map(|s| {
            let who = match &s.speaker.role {
                Some(r) if !r.trim().is_empty() => format!("{}, {}", s.speaker.name, r),
                _ => s.speaker.name.to_string(),
            };
            cut_at_word(&escape(&who), 200)
        })
        .collect();
    let name_chars: usize = names.iter().map(|n| n.chars().count()).sum();
    // Each value adds at most 19 characters to its quote (marks, " *(reported)*" or
    // " *(partly quoted)*").
    let room = EMBED_TOTAL_MAX.saturating_sub(fixed + name_chars) / shown.max(1);
    let quote_max = room.saturating_sub(21).clamp(20, QUOTE_MAX);
    let fields = wanted[..shown]
        .iter()
        .zip(names)
        .map(|(s, name)| {
            let text = cut_at_word(&escape(s.text.trim()), quote_max);
            // Marks are for the speaker's own words only (see `shown_statement`).
            let value = match s.kind {
                Kind::Indirect => format!("{text} *({})*", l.word("reported")),
                Kind::Mixed => format!("{text} *({})*", l.word("partly_quoted")),
                Kind::Direct => shown_statement(Kind::Direct.as_str(), &text),
            };
            EmbedField {
                name,
                value,
                inline: false,
            }
        })
        .collect();
    Some(Message {
        embeds: vec![Embed {
            title,
            description: Some(description),
            url: article
                .url
                .as_deref()
                .and_then(link_target)
                .map(str::to_string),
            color: COLOR_FOLLOW,
            fields,
            footer: Some(footer),
        }],
        buttons: Vec::new(),
        ephemeral: false,
    })
}

/// `/following`: this server's follows, with who set each up, as a private message in `l`.
pub fn listing(follows: &[Follow], guild: u64, l: Locale) -> Message {
    let here: Vec<&Follow> = follows.iter().filter(|f| f.guild == guild).collect();
    let description = if here.is_empty() {
        l.phrase(
            "following_none",
            &[
                ("follow", l.command("follow")),
                ("who", l.command("who")),
                ("example", &l.side_name("DE", "Germany")),
            ],
        )
    } else {
        let mut out = String::new();
        for f in &here {
            let date = f.at.get(..10).unwrap_or(&f.at);
            let mut line = l.phrase(
                "following_line",
                &[
                    ("what", &escape(&f.what_in(l))),
                    ("channel", &format!("<#{}>", f.channel)),
                    ("by", &escape(f.by.split(" (").next().unwrap_or(&f.by))),
                    ("date", &escape(&l.date(date))),
                ],
            );
            if let Some(p) = &f.paused {
                line.push_str(&l.phrase(
                    "following_paused",
                    &[
                        ("reason", &escape(&p.reason)),
                        ("follow", l.command("follow")),
                    ],
                ));
            }
            line.push('\n');
            if out.chars().count() + line.chars().count() > 4000 {
                out.push_str("…\n");
                break;
            }
            out.push_str(&line);
        }
        out
    };
    let follows = l.count("follow_one", "follows_n", here.len());
    Message {
        embeds: vec![Embed {
            title: l.phrase("following_title", &[("follows", &follows)]),
            description: Some(description.trim_end().to_string()),
            url: None,
            color: COLOR_FOLLOW,
            fields: Vec::new(),
            footer: None,
        }],
        buttons: Vec::new(),
        ephemeral: true,
    }
}
