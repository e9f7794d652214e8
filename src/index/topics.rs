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

/// Every group, for the index to keep each group's statements together.
pub fn groups() -> impl Iterator<Item = &'static [&'static str]> {
    GROUPS.iter().copied()
}

/// The other words of a stem's group, if it belongs to one.
pub fn synonyms(stem: &str) -> impl Iterator<Item = &'static str> + '_ {
    GROUPS
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
}
