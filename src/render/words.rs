//! A reply's note in the user's locale, built again from the reply's values (and the values of
//! its note the other fields do not hold, `NoteValues`) with the locale's words
//! (`crate::locale`); a note it cannot build is shown as the answer wrote it, in English.

use crate::answer::first_printed;
use crate::answer::reply::{Command, NoteValues, Outcome, Reply};
use crate::locale::Locale;
use crate::text::cut_at_word;
use crate::wording::{Closeness, Wording};

/// The note to show in `l`.
pub fn note(reply: &Reply, l: Locale) -> Option<String> {
    if l == Locale::English {
        return reply.note.clone();
    }
    let side = reply.entity.as_ref().map(|e| l.side_name(&e.id, &e.name));
    let side = side.as_deref();
    let topic = reply.topic.as_deref().map(|t| cut_at_word(t, 100));
    let topic = topic.as_deref();
    // " auf Französisch" after a count, when one language was asked.
    let in_language = reply
        .language
        .map_or_else(String::new, |code| format!(" {}", l.in_language(code)));
    let count = format!("{}{in_language}", l.statements(reply.total));
    if let Some(values) = &reply.note_values {
        if let Some(said) = from_values(reply, values, l, side, topic, &count) {
            return Some(said);
        }
    }
    let localized = match (reply.outcome, reply.command, side) {
        (Outcome::Info, Command::Help, _) => Some(l.word("help_note").to_string()),
        (Outcome::Silent, Command::Compare, _) => match (&reply.entity, &reply.other) {
            (Some(a), Some(b)) => Some(l.phrase(
                "neither",
                &[
                    ("first", &l.side_name(&a.id, &a.name)),
                    ("second", &l.side_name(&b.id, &b.name)),
                    ("in", &in_language),
                ],
            )),
            _ => None,
        },
        (Outcome::Found, Command::Compare, _) => match (&reply.entity, &reply.other) {
            (Some(a), Some(b)) if a.id == b.id => Some(l.word("same_entity").to_string()),
            _ => None,
        },
        // A side neither speaking nor mentioned (a person asked for is said from its values).
        (Outcome::Silent, Command::Position, Some(side)) => {
            Some(l.phrase("not_mentioned", &[("side", side), ("in", &in_language)]))
        }
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
        (Outcome::Found, Command::Position, Some(side)) => match (reply.topic_matches, topic) {
            (Some(0), Some(t)) => Some(l.phrase("topic_none", &[("side", side), ("topic", t)])),
            (Some(matched), Some(t)) => Some(l.phrase(
                "topic_first",
                &[
                    ("side", side),
                    ("topic", t),
                    ("matched", &matched.to_string()),
                    ("count", &count),
                ],
            )),
            _ => None,
        },
        (Outcome::Found, Command::Timeline, Some(side)) => {
            let mut note = l.phrase("timeline_note", &[("count", &count), ("side", side)]);
            if let (Some(n), Some(t)) = (reply.topic_matches, topic) {
                let n = n.to_string();
                note.push_str(&l.phrase("timeline_on_topic", &[("n", &n), ("topic", t)]));
            }
            let dated: usize = reply.months.iter().map(|m| m.statements).sum();
            let undated = reply.total.saturating_sub(dated);
            if undated > 0 {
                let n = undated.to_string();
                note.push_str(&l.phrase("timeline_undated", &[("n", &n)]));
            }
            note.push('.');
            Some(note)
        }
        (Outcome::Found, Command::Source, _) => reply.wording.as_ref().map(|w| {
            let mut note = wording_note(w, l);
            if let Some(first) = reply.statements.first().and_then(|v| first_printed(v, l)) {
                note.push(' ');
                note.push_str(&first);
            }
            note
        }),
        (Outcome::Found, Command::Whosaid, _) if reply.page == 0 => {
            reply.statements.first().and_then(|v| first_printed(v, l))
        }
        (Outcome::Unclear, Command::Source, _) => Some(l.word("give_quote").to_string()),
        (Outcome::Unclear, Command::Whosaid, _) => Some(l.phrase(
            "give_phrase",
            &[("command", l.command(Command::Whosaid.as_str()))],
        )),
        (Outcome::NotFound, Command::Topic, _) => {
            topic.map(|t| l.phrase("nothing_about", &[("topic", t), ("in", &in_language)]))
        }
        (Outcome::NotFound, Command::Whosaid, _) => {
            topic.map(|t| l.phrase("no_phrase", &[("phrase", t), ("in", &in_language)]))
        }
        (Outcome::NotFound, Command::Source, _) => topic.map(|t| {
            let mut note = l.phrase("no_match", &[("quote", t)]);
            if let Some(try_this) = reply.suggestions.first() {
                // "/whosaid words", with the command as the user's Discord names it.
                let try_this = match try_this.strip_prefix("/whosaid ") {
                    Some(words) => format!("/{} {words}", l.command("whosaid")),
                    None => try_this.clone(),
                };
                note.push_str(&l.phrase("try_words", &[("try", &try_this)]));
            }
            note
        }),
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

/// The note of a reply that carries values of its own.
fn from_values(
    reply: &Reply,
    values: &NoteValues,
    l: Locale,
    side: Option<&str>,
    topic: Option<&str>,
    count: &str,
) -> Option<String> {
    let names = match values {
        NoteValues::Unknown { keys, .. } => l.or_list(&side_names(reply, keys, l)),
        _ => l.or_list(&reply.suggestions),
    };
    Some(match values {
        NoteValues::Person { name, learned } => {
            let side = side?;
            let who = match learned {
                Some((office, articles)) => l.phrase(
                    "person_learned",
                    &[
                        ("name", name),
                        ("side", side),
                        ("office", office),
                        ("articles", &l.count("article", "articles", *articles)),
                    ],
                ),
                None => l.phrase("person", &[("name", name), ("side", side)]),
            };
            match reply.outcome {
                Outcome::Silent => l.phrase("person_silent", &[("who", &who)]),
                Outcome::MentionedOnly => l.phrase(
                    "person_mentioned",
                    &[("who", &who), ("side", side), ("count", count)],
                ),
                Outcome::Found if learned.is_some() => who,
                _ => return None,
            }
        }
        NoteValues::Unknown {
            who, shared: true, ..
        } => l.phrase("could_mean", &[("who", who), ("names", &names)]),
        NoteValues::Unknown { who, .. } if reply.suggestions.is_empty() => {
            l.phrase("nothing_close", &[("who", who)])
        }
        NoteValues::Unknown { who, .. } => format!(
            "{} {}",
            l.phrase("no_side_matches", &[("who", who)]),
            l.phrase("did_you_mean", &[("names", &names)])
        ),
        NoteValues::Offices {
            office,
            command,
            example,
        } => l.phrase(
            "several",
            &[
                ("office", office),
                ("list", &reply.suggestions.join("; ")),
                ("command", l.command(command.as_str())),
                ("example", example),
            ],
        ),
        NoteValues::Unclear { text } if text.trim().is_empty() => l.word("ask_example").to_string(),
        NoteValues::Unclear { text } => l.phrase(
            "unclear",
            &[
                ("text", text),
                ("position", l.command("position")),
                ("compare", l.command("compare")),
                ("whosaid", l.command("whosaid")),
                ("topic", l.command("topic")),
            ],
        ),
        NoteValues::UnknownLanguage { asked } => {
            let known: Vec<String> = crate::language::codes()
                .iter()
                .map(|c| format!("{} ({c})", l.language_name(c)))
                .collect();
            l.phrase(
                "unknown_language",
                &[("asked", asked), ("known", &l.or_list(&known))],
            )
        }
        NoteValues::Stored { statements } => {
            let articles = l.count("article", "articles", reply.total);
            match reply.language {
                Some(code) => l.phrase(
                    "stored_in",
                    &[("articles", &articles), ("language", &l.in_language(code))],
                ),
                None => l.phrase(
                    "stored",
                    &[
                        ("articles", &articles),
                        ("statements", &l.statements(*statements)),
                    ],
                ),
            }
        }
        NoteValues::OnTopic { sides, others } => {
            let t = topic?;
            if reply.outcome != Outcome::Found {
                return None;
            }
            let mut note = l.phrase("topic_count", &[("count", count), ("topic", t)]);
            let groups = l.count("side", "sides", *sides);
            match (*sides, *others) {
                (0, _) => note.push_str(l.word("topic_no_side")),
                (_, 0) => note.push_str(&l.phrase("topic_sides", &[("sides", &groups)])),
                (_, o) => note.push_str(&l.phrase(
                    "topic_sides_others",
                    &[
                        ("n", &reply.total.saturating_sub(o).to_string()),
                        ("sides", &groups),
                        ("others", &o.to_string()),
                    ],
                )),
            }
            note.push('.');
            if *sides > 0 {
                note.push_str(&l.phrase(
                    "topic_best",
                    &[("command", l.command(Command::Position.as_str()))],
                ));
            }
            note
        }
        NoteValues::OtherLanguages { count } => l.phrase(
            "other_languages",
            &[
                ("side", side?),
                ("language", &l.in_language(reply.language?)),
                ("count", &l.statements(*count)),
            ],
        ),
    })
}

/// The suggested sides' names in `l`, by their keys (the answer's English name where it has
/// no key).
fn side_names(reply: &Reply, keys: &[String], l: Locale) -> Vec<String> {
    reply
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, name)| match keys.get(i) {
            Some(key) => l.side_name(key, name),
            None => name.clone(),
        })
        .collect()
}

/// "The quote differs from what was printed: 2 words dropped." in `l`.
fn wording_note(w: &Wording, l: Locale) -> String {
    let (misspelt, dropped, added, changed) = w.counts();
    let differences: Vec<String> = [
        (changed, "changed"),
        (dropped, "dropped"),
        (added, "added"),
        (misspelt, "misspelt"),
    ]
    .into_iter()
    .filter(|&(n, _)| n > 0)
    .map(|(n, what)| l.count(&format!("word_{what}"), &format!("words_{what}"), n))
    .collect();
    let differences = differences.join(", ");
    match w.closeness {
        Closeness::Exact => l.word("word_for_word").to_string(),
        Closeness::Near => l.phrase("close", &[("differences", &differences)]),
        Closeness::Altered => l.phrase("altered", &[("differences", &differences)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::reply::EntityRef;

    fn silent(language: Option<&'static str>) -> Reply<'static> {
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
    fn a_timeline_a_comparison_and_an_unknown_name_are_said_in_the_locale() {
        let mut t = silent(None);
        t.command = Command::Timeline;
        t.outcome = Outcome::Found;
        t.total = 3;
        t.months = vec![crate::answer::reply::MonthCount {
            month: "2026-01".into(),
            statements: 2,
            on_topic: 0,
        }];
        assert_eq!(
            note(&t, Locale::German).as_deref(),
            Some("3 Aussagen von Frankreich, neueste zuerst; 1 ohne Datum, am Ende.")
        );
        let mut c = silent(Some("fr"));
        c.command = Command::Compare;
        c.other = Some(EntityRef {
            id: "DE".into(),
            name: "Germany".into(),
            flag: "🇩🇪".into(),
            kind: None,
        });
        assert_eq!(
            note(&c, Locale::Spanish).as_deref(),
            Some("Ni Francia ni Alemania tienen declaraciones en francés en el almacén.")
        );
        let mut u = Reply::new(Command::Position, Outcome::NotFound, "/position atlantis");
        u.note = Some("Nothing close to “atlantis” is known.".into());
        u.note_values = Some(NoteValues::Unknown {
            who: "atlantis".into(),
            shared: false,
            keys: vec!["AT".into(), "AU".into()],
        });
        assert_eq!(
            note(&u, Locale::French).as_deref(),
            Some("Rien de proche de « atlantis » n'est connu : aucun pays, aucune organisation, aucun mouvement ni aucune personne de ce nom.")
        );
        u.suggestions = vec!["Austria".into(), "Australia".into()];
        assert_eq!(
            note(&u, Locale::German).as_deref(),
            Some("Kein Land und keine Organisation passt zu „atlantis“. Meinten Sie Österreich oder Australien?")
        );
        assert_eq!(note(&u, Locale::English), u.note);
    }

    #[test]
    fn nothing_found_is_said_in_the_locale_and_english_keeps_the_answers_note() {
        assert_eq!(
            note(&silent(Some("es")), Locale::German).as_deref(),
            Some(
                "Frankreich hat keine Aussagen auf Spanisch im Bestand und wird in keiner erwähnt."
            )
        );
        assert_eq!(
            note(&silent(None), Locale::French).as_deref(),
            Some("France n'a aucune déclaration dans la base, et aucune n'en fait mention.")
        );
        let mut timeline = silent(Some("es"));
        timeline.command = Command::Timeline;
        assert_eq!(
            note(&timeline, Locale::German).as_deref(),
            Some("Frankreich hat keine Aussagen auf Spanisch im Bestand.")
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
            Some(
                "Zu „tropas“: 3 von 8 Aussagen auf Französisch von Frankreich; sie stehen zuerst."
            )
        );
        found.topic_matches = Some(0);
        assert_eq!(
            note(&found, Locale::Spanish).as_deref(),
            Some("Francia no dijo nada sobre «tropas» en los artículos guardados. Sus otras declaraciones:")
        );
    }
    #[test]
    fn a_person_asked_for_and_a_phrase_not_found_are_said_in_the_locale() {
        let mut p = silent(None);
        p.note = Some("Arvo Kaskema (Estonia) has no statements in the store.".into());
        p.entity = Some(EntityRef {
            id: "EE".into(),
            name: "Estonia".into(),
            flag: "🇪🇪".into(),
            kind: None,
        });
        p.note_values = Some(NoteValues::Person {
            name: "Arvo Kaskema".into(),
            learned: None,
        });
        assert_eq!(
            note(&p, Locale::German).as_deref(),
            Some("Arvo Kaskema (Estland) hat keine Aussagen im Bestand.")
        );
        p.outcome = Outcome::MentionedOnly;
        p.total = 2;
        p.note_values = Some(NoteValues::Person {
            name: "Arvo Kaskema".into(),
            learned: Some(("Estonian Foreign Minister".into(), 1)),
        });
        assert_eq!(
            note(&p, Locale::Spanish).as_deref(),
            Some("Arvo Kaskema (Estonia, Estonian Foreign Minister, visto en 1 artículo) no tiene declaraciones en el almacén. Estonia se menciona en 2 declaraciones:")
        );
        p.outcome = Outcome::Found;
        assert_eq!(
            note(&p, Locale::French).as_deref(),
            Some("Arvo Kaskema (Estonie, Estonian Foreign Minister, vu dans 1 article)")
        );
        assert_eq!(note(&p, Locale::English), p.note);

        let mut w = Reply::new(Command::Whosaid, Outcome::NotFound, "/whosaid zqxv");
        w.topic = Some("zqxv".into());
        w.language = Some("fr");
        assert_eq!(
            note(&w, Locale::German).as_deref(),
            Some("Keine gespeicherte Aussage auf Französisch enthält „zqxv“.")
        );
        w.language = None;
        assert_eq!(
            note(&w, Locale::Spanish).as_deref(),
            Some("Ninguna declaración guardada contiene «zqxv».")
        );
    }
}
