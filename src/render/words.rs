//! A reply's note in the user's locale: the sentences that say nothing was found, or how many
//! statements are on the topic asked, built again from the reply's values with the locale's words
//! (`crate::locale`); any other note is shown as the answer wrote it, in English.

use crate::answer::reply::{Command, Outcome, Reply};
use crate::locale::Locale;
use crate::text::cut_at_word;

/// The note to show in `l`.
pub fn note(reply: &Reply, l: Locale) -> Option<String> {
    if l == Locale::English {
        return reply.note.clone();
    }
    let side = reply.entity.as_ref().map(|e| e.name.as_str());
    let topic = reply.topic.as_deref().map(|t| cut_at_word(t, 100));
    let localized = match (reply.outcome, reply.command, side) {
        (Outcome::Silent, Command::Compare, _) => None,
        (Outcome::Silent, _, Some(side)) => Some(match reply.language {
            Some(code) => l.phrase(
                "no_statements_in",
                &[("side", side), ("language", &l.language_name(code))],
            ),
            None => l.phrase("no_statements", &[("side", side)]),
        }),
        (Outcome::MentionedOnly, _, Some(side)) => Some(l.phrase(
            "mentioned_only",
            &[("side", side), ("count", &l.statements(reply.total))],
        )),
        (Outcome::Found, Command::Position, Some(side)) => {
            match (reply.topic_matches, topic.as_deref()) {
                (Some(0), Some(t)) => Some(l.phrase("topic_none", &[("side", side), ("topic", t)])),
                (Some(matched), Some(t)) => {
                    let mut count = l.statements(reply.total);
                    if let Some(code) = reply.language {
                        count = format!("{count} {}", l.in_language(code));
                    }
                    Some(l.phrase(
                        "topic_first",
                        &[
                            ("side", side),
                            ("topic", t),
                            ("matched", &matched.to_string()),
                            ("count", &count),
                        ],
                    ))
                }
                _ => None,
            }
        }
        (Outcome::NotFound, Command::Topic, _) => topic
            .as_deref()
            .map(|t| l.phrase("nothing_about", &[("topic", t)])),
        (Outcome::NotFound, Command::Whosaid, _) => topic
            .as_deref()
            .map(|t| l.phrase("no_phrase", &[("phrase", t)])),
        (Outcome::NotFound, Command::Source, _) => None,
        (Outcome::NotFound, _, None) => {
            let mut note = l.word("not_found").to_string();
            if !reply.suggestions.is_empty() {
                let names = reply.suggestions.join(", ");
                note.push(' ');
                note.push_str(&l.phrase("did_you_mean", &[("names", &names)]));
            }
            Some(note)
        }
        _ => None,
    };
    localized.or_else(|| reply.note.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::reply::EntityRef;

    fn silent(language: Option<&'static str>) -> Reply {
        let mut r = Reply::new(Command::Position, Outcome::Silent, "/position france");
        r.entity = Some(EntityRef {
            id: "FR".into(),
            name: "France".into(),
            flag: "🇫🇷".into(),
            kind: None,
        });
        r.note = Some("France has no statements in the store.".into());
        r.language = language;
        r
    }

    #[test]
    fn nothing_found_is_said_in_the_locale_and_english_keeps_the_answers_note() {
        assert_eq!(
            note(&silent(Some("es")), Locale::German).as_deref(),
            Some("France hat keine Aussagen auf Spanisch im Bestand.")
        );
        assert_eq!(
            note(&silent(None), Locale::French).as_deref(),
            Some("France n'a aucune déclaration dans la base.")
        );
        assert_eq!(
            note(&silent(Some("es")), Locale::English).as_deref(),
            Some("France has no statements in the store.")
        );
        let mut found = silent(None);
        found.outcome = Outcome::Found;
        found.note = Some("France's statements, newest first.".into());
        assert_eq!(note(&found, Locale::Spanish), found.note);
        found.topic = Some("tropas".into());
        found.topic_matches = Some(3);
        found.total = 8;
        found.language = Some("fr");
        assert_eq!(
            note(&found, Locale::German).as_deref(),
            Some("Zu „tropas“: 3 von 8 Aussagen auf Französisch von France; sie stehen zuerst.")
        );
        found.topic_matches = Some(0);
        assert_eq!(
            note(&found, Locale::Spanish).as_deref(),
            Some("France no dijo nada sobre «tropas» en los artículos guardados. Sus otras declaraciones:")
        );
    }
}
