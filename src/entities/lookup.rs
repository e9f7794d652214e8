//! Finding sides by name: a query resolved (exact, typo within budget, a name inside a phrase),
//! suggestions for a miss, and the names in running text. Reads the tables `build` makes.

use super::*;

/// Words that may stand around a name in a query of several words and still mean its government
/// ("the German chancellor", "Russian foreign ministry"); any other word makes the phrase a name
/// of its own ("Latin America" is not America).
pub(super) const OFFICE_WORDS: &[&str] = &[
    "affairs",
    "ambassador",
    "army",
    "authorities",
    "cabinet",
    "chancellor",
    "chancellery",
    "defence",
    "defense",
    "delegation",
    "diplomat",
    "diplomats",
    "embassy",
    "envoy",
    "foreign",
    "general",
    "government",
    "governments",
    "king",
    "leader",
    "leaders",
    "leadership",
    "military",
    "minister",
    "ministers",
    "ministry",
    "of",
    "office",
    "officials",
    "parliament",
    "pm",
    "premier",
    "president",
    "presidency",
    "prime",
    "queen",
    "regime",
    "secretary",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "state",
    "the",
    "top",
];

/// Small words allowed in lower case inside a name in running text ("Bosnia and Herzegovina").
pub(super) const NAME_CONNECTORS: &[&str] = &[
    "and", "of", "the", "de", "del", "da", "von", "der", "van", "la", "le",
];

impl Gazetteer {
    /// The entity a user means by `query`: exact alias (after folding, a leading "the", a
    /// possessive or a plural), then a typo within budget, then a known name inside a longer
    /// phrase ("the German chancellor").
    pub fn resolve(&self, query: &str) -> Option<Resolved> {
        let folded = fold(query);
        let key = strip_article(&folded);
        if key.is_empty() {
            return None;
        }
        // "U.S." folds to "u s", which is no possessive ending to strip.
        let whole = folded.strip_prefix("the ").unwrap_or(&folded);
        // A name that keeps its article or ending ("the Union", "St John's") as written.
        if let Some(r) = self
            .resolve_exact(key)
            .or_else(|| self.resolve_exact(whole))
            .or_else(|| self.resolve_exact(&folded))
        {
            return Some(r);
        }
        // A name several sides share is answered by none of them, not by a near neighbour.
        if self.is_ambiguous(key) || self.is_ambiguous(whole) {
            return None;
        }
        if self.not_sides.contains(key) || self.not_sides.contains(whole) {
            return None;
        }
        // No name is longer than this; longer input is a sentence, not a name.
        if key.len() > MAX_NAME_BYTES {
            return None;
        }
        if let Some(hit) = self.best_fuzzy(key, None) {
            return Some(hit);
        }
        self.contained(key)
    }

    /// Whether a folded name (or its singular) is one that several sides share.
    pub(super) fn is_ambiguous(&self, key: &str) -> bool {
        self.sides_sharing(key).is_some()
    }

    pub(super) fn sides_sharing(&self, key: &str) -> Option<&[EntityId]> {
        self.ambiguous
            .get(key)
            .or_else(|| singulars(key).iter().find_map(|s| self.ambiguous.get(s)))
            .map(Vec::as_slice)
    }

    /// The sides that share the name `query` ("Congolese": the two Congos), when several do.
    pub fn sharing(&self, query: &str) -> Option<&[EntityId]> {
        let folded = fold(query);
        let key = strip_article(&folded);
        if self.exact.contains_key(key) {
            return None;
        }
        self.sides_sharing(key)
    }

    /// The person whose name matched, when a query resolved through a person's name.
    pub fn person_of(&self, r: &Resolved) -> Option<PersonId> {
        self.aliases.get(r.alias as usize).and_then(|a| a.person)
    }

    pub(super) fn resolve_exact(&self, key: &str) -> Option<Resolved> {
        let exact = |k: &str| {
            self.exact.get(k).map(|&i| Resolved {
                entity: self.aliases[i as usize].entity,
                alias: i,
                how: MatchKind::Exact,
            })
        };
        // A plural is read as its singular only for words of people ("the Germans", "the
        // Saudis"): "the Americas" is not America, "the Andes" not Andorra.
        let of_people = |r: &Resolved| {
            matches!(
                self.aliases[r.alias as usize].kind,
                AliasKind::Demonym | AliasKind::Person
            )
        };
        exact(key).or_else(|| {
            singulars(key)
                .iter()
                .find_map(|s| exact(s).filter(of_people))
        })
    }

    pub(super) fn best_fuzzy(&self, key: &str, budget: Option<usize>) -> Option<Resolved> {
        let hits: Vec<FuzzyHit> = self
            .fuzzy
            .search_with_budget(key, budget)
            .into_iter()
            .filter(|h| {
                let alias = &self.aliases[self.fuzzy_alias[h.word as usize] as usize];
                plausible_typo(key, &alias.folded, alias.kind, h.distance)
            })
            .collect();
        let best = hits.iter().min_by_key(|h| {
            let alias = &self.aliases[self.fuzzy_alias[h.word as usize] as usize];
            (
                h.distance,
                alias.kind,
                alias.folded.len().abs_diff(key.len()),
            )
        })?;
        let alias = self.fuzzy_alias[best.word as usize];
        Some(Resolved {
            entity: self.aliases[alias as usize].entity,
            alias,
            how: MatchKind::Fuzzy {
                distance: best.distance,
            },
        })
    }

    /// The longest known name inside a phrase of several words, when every other word is an
    /// office word ("the german chancellor", "russian foreign ministry"): a phrase with any
    /// other word is a name of its own ("latin america", "south asia") and is not guessed.
    pub(super) fn contained(&self, key: &str) -> Option<Resolved> {
        let words: Vec<&str> = key.split(' ').collect();
        if words.len() < 2 {
            return None;
        }
        for n in (1..words.len()).rev() {
            for start in 0..=words.len() - n {
                let phrase = words[start..start + n].join(" ");
                if phrase.len() < 3 {
                    continue;
                }
                let rest_is_office = words[..start]
                    .iter()
                    .chain(&words[start + n..])
                    .all(|w| OFFICE_WORDS.contains(w));
                if !rest_is_office {
                    continue;
                }
                if let Some(r) = self.exact.get(&phrase) {
                    let alias = &self.aliases[*r as usize];
                    if alias.kind == AliasKind::Code && n == 1 {
                        continue;
                    }
                    return Some(Resolved {
                        entity: alias.entity,
                        alias: *r,
                        how: MatchKind::Contained,
                    });
                }
            }
        }
        None
    }

    /// Up to `n` entities whose names are close to a query that resolved to nothing: within the
    /// typo budget plus one (two at most), or beginning one of its words (three letters at least). Nothing
    /// when nothing is that close: a far name would be a guess.
    pub fn suggest(&self, query: &str, n: usize) -> Vec<EntityId> {
        let folded = fold(query);
        let key = strip_article(&folded);
        let mut out: Vec<EntityId> = Vec::new();
        if key.is_empty() || key.len() > MAX_NAME_BYTES {
            return out;
        }
        let mut add = |e: EntityId| {
            if !out.contains(&e) {
                out.push(e);
            }
        };
        // A name several sides share: those sides, and nothing else.
        if let Some(sides) = self.sharing(key) {
            sides.iter().for_each(|&e| add(e));
            out.truncate(n);
            return out;
        }
        let len = key.chars().count();
        let words = key.split(' ').count();
        // Plus one, and two at most: three typos make most names look alike.
        let budget = (crate::text::typo_budget(len) + 1).min(2);
        for h in self.fuzzy.search_with_budget(key, Some(budget)) {
            add(self.aliases[self.fuzzy_alias[h.word as usize] as usize].entity);
        }
        // The index holds each name with its own budget of deletions, which finds two
        // substitutions in a seven-letter name only from nine letters on; names with the same
        // first letter are few enough to measure one by one.
        let first: String = key.chars().take(1).collect();
        let mut near: Vec<(usize, EntityId)> = self
            .aliases_with_prefix(&first)
            .iter()
            .filter(|a| fuzzy_kind(a.kind) && a.folded.chars().count().abs_diff(len) <= budget)
            .filter(|a| a.folded.split(' ').count() == words)
            .filter(|a| self.exact.contains_key(&a.folded))
            .map(|a| (strsim::damerau_levenshtein(key, &a.folded), a.entity))
            .filter(|&(d, _)| d <= budget)
            .collect();
        near.sort_unstable();
        near.into_iter().for_each(|(_, e)| add(e));
        // A shared start: the query begins a word of a name ("kor" → North Korea, South
        // Korea), or, when it has several words, the name itself ("united k").
        if key.chars().count() >= 3 && !crate::text::is_stop_word(key) {
            if key.contains(' ') {
                for a in self.aliases_with_prefix(key) {
                    if fuzzy_kind(a.kind) && !self.ambiguous.contains_key(&a.folded) {
                        add(a.entity);
                    }
                }
            } else {
                let from = self.word_starts.partition_point(|(w, _)| w.as_str() < key);
                for (w, a) in &self.word_starts[from..] {
                    if !w.starts_with(key) {
                        break;
                    }
                    add(self.aliases[*a as usize].entity);
                }
            }
        }
        out.truncate(n);
        out
    }

    /// The entities named in running text, longest name first, without overlaps. Names must be
    /// capitalised as names are ("Turkey", not "turkey"), codes written in capitals ("US", not
    /// "us").
    pub fn scan(&self, text: &str) -> Vec<Mention> {
        let tokens = tokenize(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut found = None;
            let max = self.max_alias_words.min(tokens.len() - i);
            for n in (1..=max).rev() {
                let span = &tokens[i..i + n];
                if !looks_like_name(text, span) {
                    continue;
                }
                let phrase = span
                    .iter()
                    .map(|t| fold(&text[t.0..t.1]))
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(&a) = self.exact.get(&phrase) {
                    let alias = &self.aliases[a as usize];
                    if !mention_allowed(alias, &text[span[0].0..span[n - 1].1]) {
                        continue;
                    }
                    found = Some((n, alias));
                    break;
                }
            }
            match found {
                Some((n, alias)) => {
                    out.push(Mention {
                        start: tokens[i].0,
                        end: tokens[i + n - 1].1,
                        entity: alias.entity,
                        kind: alias.kind,
                        person: alias.person,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Word tokens of running text as byte ranges: letters and digits, with inner dots kept so
/// "U.S." stays one token.
pub(super) fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_dot = c == '.'
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_uppercase())
            && text[start.unwrap_or(0)..i]
                .chars()
                .all(|c| c.is_uppercase() || c == '.');
        if c.is_alphanumeric() || inner_dot {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

pub(super) fn looks_like_name(text: &str, span: &[(usize, usize)]) -> bool {
    span.iter().enumerate().all(|(k, t)| {
        let word = &text[t.0..t.1];
        let first = word.chars().next().unwrap_or(' ');
        first.is_uppercase() || first.is_numeric() || (k > 0 && NAME_CONNECTORS.contains(&word))
    })
}

/// Whether `name` can be what a user meant by typing `query` with `distance` typos: the same
/// first letter (a typo there is rare, a different name is not: "Siberia" is not "Liberia"),
/// a person's name with a budget one smaller (surnames are short and many: "Luzon" is not
/// "Luxon"), and a query of several words a name of as many words, each word within its own
/// budget ("united kingdon"; "south america" is not "south africa").
pub(super) fn plausible_typo(query: &str, name: &str, kind: AliasKind, distance: usize) -> bool {
    use crate::text::typo_budget;
    if query.chars().next() != name.chars().next() {
        return false;
    }
    if kind == AliasKind::Person
        && distance + 1 > typo_budget(query.chars().count().min(name.chars().count()))
    {
        return false;
    }
    let (q, n): (Vec<&str>, Vec<&str>) = (query.split(' ').collect(), name.split(' ').collect());
    if q.len() == 1 && n.len() == 1 {
        return true;
    }
    q.len() == n.len()
        && q.iter().zip(&n).all(|(a, b)| {
            strsim::damerau_levenshtein(a, b)
                <= typo_budget(a.chars().count().min(b.chars().count()))
        })
}

/// Whether typos are forgiven in names of this kind.
pub(super) fn fuzzy_kind(kind: AliasKind) -> bool {
    !matches!(
        kind,
        AliasKind::Code | AliasKind::Translation | AliasKind::Learned
    )
}

pub(super) fn mention_allowed(alias: &Alias, written: &str) -> bool {
    match alias.kind {
        AliasKind::Code => written
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase),
        AliasKind::Native | AliasKind::Translation => {
            alias.folded.len() >= 4 && !crate::text::is_stop_word(&alias.folded)
        }
        AliasKind::Learned => false,
        _ => true,
    }
}
