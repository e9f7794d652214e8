//! Topic words that news about diplomacy uses interchangeably, so "troops" also finds "forces".
//! Kept small and reviewable; stems as `text::stem` makes them.

const GROUPS: &[&[&str]] = &[
    &[
        "troop",
        "force",
        "soldier",
        "military",
        "army",
        "deployment",
        "deploy",
    ],
    &["ceasefire", "truce", "armistice"],
    &["guarantee", "assurance", "reassurance"],
    &["sanction", "measure", "pressure"],
    &["peace", "settlement", "agreement", "deal"],
    &["weapon", "arm", "missile", "munition"],
    &["oil", "energy", "gas"],
    &["aid", "support", "assistance", "help"],
    &["war", "conflict", "hostility", "invasion"],
];

/// The groups with the words of the other languages read (`src/language/*.json`, `topics`:
/// "Truppen", "troupes", "tropas" join "troop"), stemmed as statements' words are. A topic
/// of words of its own gets a group of its own.
fn all_groups() -> &'static [&'static [&'static str]] {
    static ALL: std::sync::OnceLock<Vec<&'static [&'static str]>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut groups: Vec<Vec<&'static str>> = GROUPS.iter().map(|g| g.to_vec()).collect();
        for lang in crate::language::all() {
            for (topic, word) in lang.topic_words() {
                // Words of several words ("alto el fuego") are no one stem.
                if word.split_whitespace().count() != 1 || word.contains('-') {
                    continue;
                }
                let stem: &'static str =
                    Box::leak(crate::text::stem(&crate::text::fold(word)).into_boxed_str());
                let topic_stem = crate::text::stem(topic);
                let at = groups.iter().position(|g| g.contains(&topic_stem.as_str()));
                let at = match at {
                    Some(at) => at,
                    None => {
                        groups.push(vec![Box::leak(topic_stem.into_boxed_str())]);
                        groups.len() - 1
                    }
                };
                if !groups[at].contains(&stem) {
                    groups[at].push(stem);
                }
            }
        }
        groups
            .into_iter()
            .map(|g| &*Box::leak(g.into_boxed_slice()))
            .collect()
    })
}

/// Every group, for the index to keep each group's statements together.
pub fn groups() -> impl Iterator<Item = &'static [&'static str]> {
    all_groups().iter().copied()
}

/// The other words of a stem's group, if it belongs to one.
pub fn synonyms(stem: &str) -> impl Iterator<Item = &'static str> + '_ {
    all_groups()
        .iter()
        .filter(move |g| g.contains(&stem))
        .flat_map(|g| g.iter().copied())
        .filter(move |w| *w != stem)
}

#[cfg(test)]
mod tests {
    #[test]
    fn troops_and_forces_go_together() {
        assert!(super::synonyms("troop").any(|w| w == "force"));
        assert_eq!(super::synonyms("banana").count(), 0);
    }

    #[test]
    fn troops_sanctions_and_ceasefire_across_languages() {
        let stem = crate::text::stem;
        let troops: Vec<&str> = super::synonyms("troop").collect();
        for w in ["Truppen", "troupes", "tropas"] {
            assert!(
                troops.contains(&stem(&crate::text::fold(w)).as_str()),
                "{w}"
            );
        }
        let sanctions: Vec<&str> = super::synonyms(&stem("sanktionen")).collect();
        assert!(sanctions.contains(&"sanction"), "{sanctions:?}");
        assert!(super::synonyms(&stem("waffenruhe")).any(|w| w == "ceasefire"));
    }
}
