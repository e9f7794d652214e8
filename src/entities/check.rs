//! What `positions check` says about the offices in `people.json`: an office whose last term
//! has ended with nobody after it, and an office two people hold at once. Pure: it reads the
//! gazetteer and returns sentences.

use std::collections::BTreeMap;

use super::Gazetteer;

/// One term of an office: (from, to, person).
type Term<'a> = (&'a str, Option<&'a str>, u32);

/// Warnings about offices on `today` (YYYY-MM-DD), one sentence each, in a stable order.
pub fn office_warnings(g: &Gazetteer, today: &str) -> Vec<String> {
    // (entity, role) → every term.
    let mut terms: BTreeMap<(u32, &str), Vec<Term>> = BTreeMap::new();
    for (pid, p) in g.people().iter().enumerate() {
        if p.is_learned() {
            continue;
        }
        for o in &p.offices {
            if o.shared {
                continue;
            }
            terms.entry((p.entity, o.role.as_str())).or_default().push((
                o.from.as_deref().unwrap_or(""),
                o.to.as_deref(),
                pid as u32,
            ));
        }
    }
    let mut out = Vec::new();
    for ((entity, role), mut list) in terms {
        let side = &g.entity(entity).name;
        list.sort_unstable();
        let open = list.iter().any(|t| t.1.is_none_or(|to| to > today));
        if !open {
            if let Some(last) = list.iter().filter_map(|t| t.1).max() {
                out.push(format!(
                    "{role} ({side}): the last term ended on {last} and no successor is listed"
                ));
            }
        }
        for (k, a) in list.iter().enumerate() {
            for b in &list[k + 1..] {
                // Sorted by start: b starts no earlier than a; they overlap when b starts
                // before a ends.
                let overlap = a.2 != b.2 && a.1.is_none_or(|end| b.0 < end);
                if overlap {
                    out.push(format!(
                        "{role} ({side}): held by {} and {} at once from {}",
                        g.person(a.2).name,
                        g.person(b.2).name,
                        if b.0.is_empty() {
                            "an unknown date"
                        } else {
                            b.0
                        }
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{EntitiesFile, PersonRecord};

    fn gazetteer(people: &str) -> Gazetteer {
        let entities = EntitiesFile::default();
        let people: Vec<PersonRecord> = serde_json::from_str(people).unwrap();
        match Gazetteer::build(&entities, &people) {
            Ok(g) => g,
            Err((_, m)) => panic!("{m}"),
        }
    }

    #[test]
    fn an_ended_office_without_successor_and_two_holders_at_once() {
        let g = gazetteer(
            r#"[
            {"name": "A One", "entity": "DE", "offices": [{"role": "Chancellor of Germany", "from": "2020-01-01", "to": "2024-01-01"}]},
            {"name": "B Two", "entity": "FR", "offices": [{"role": "President of France", "from": "2017-05-14", "to": null}]},
            {"name": "C Three", "entity": "FR", "offices": [{"role": "President of France", "from": "2025-01-01", "to": null}]},
            {"name": "D Four", "entity": "IT", "offices": [{"role": "Prime Minister of Italy", "from": "2018-01-01", "to": "2022-10-22"}]},
            {"name": "E Five", "entity": "IT", "offices": [{"role": "Prime Minister of Italy", "from": "2022-10-22", "to": null}]},
            {"name": "F Six", "entity": "AD", "offices": [{"role": "Co-Prince of Andorra", "from": "2017-05-14", "to": null, "shared": true}]},
            {"name": "G Seven", "entity": "AD", "offices": [{"role": "Co-Prince of Andorra", "from": "2003-05-12", "to": null, "shared": true}]}
        ]"#,
        );
        assert_eq!(
            office_warnings(&g, "2026-12-02"),
            vec![
                "Chancellor of Germany (Germany): the last term ended on 2024-01-01 and no successor is listed".to_string(),
                "President of France (France): held by B Two and C Three at once from 2025-01-01".to_string(),
            ]
        );
    }

    #[test]
    fn a_term_ending_after_today_is_no_warning() {
        let g = gazetteer(
            r#"[{"name": "A One", "entity": "DE", "offices": [{"role": "Chancellor of Germany", "from": "2020-01-01", "to": "2030-01-01"}]}]"#,
        );
        assert!(office_warnings(&g, "2026-12-02").is_empty());
    }
}
