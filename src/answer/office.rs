//! An office asked for alone ("chancellor", "the foreign minister"): the sides whose holder of
//! that office has statements in the store. Pure: reads the gazetteer's people and the index.

use crate::entities::EntityId;
use crate::index::Index;
use crate::text::{fold, is_stop_word, strip_article};

/// Statements of a side looked at for a speaker whose stored office matches (the best first).
const ROLES_SCANNED: usize = 300;

/// A side whose holder of the office asked for has spoken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub entity: EntityId,
    /// "Chancellor of Germany (Friedrich Merz)".
    pub label: String,
}

/// Whether `phrase` (folded) stands in `text` (folded) as whole words.
fn has_words(text: &str, phrase: &str) -> bool {
    !phrase.is_empty() && format!(" {text} ").contains(&format!(" {phrase} "))
}

/// The sides whose holder of the office `asked` names has statements, those that said most
/// first; one entry per side.
pub fn holders(index: &Index, asked: &str) -> Vec<Holder> {
    let folded = fold(asked);
    let office = strip_article(&folded);
    // An office has a word of its own: "the" or "of" alone is none.
    if !office.split(' ').any(|w| !w.is_empty() && !is_stop_word(w)) {
        return Vec::new();
    }
    let mut out: Vec<Holder> = Vec::new();
    for &e in index.entities_by_volume() {
        let spoken = index.spoken_by(e);
        if spoken.is_empty() {
            continue;
        }
        // A person of the gazetteer who holds the office and spoke for this side.
        let person = index.gazetteer.people().iter().find_map(|p| {
            if p.entity != e {
                return None;
            }
            let o = p.offices.iter().find(|o| o.answers_to(office))?;
            spoken
                .iter()
                .any(|&s| *index.statement(s).speaker.name == *p.name)
                .then(|| format!("{} ({})", o.role, p.name))
        });
        // Else a speaker whose stored office says it ("German Foreign Minister").
        let label = person.or_else(|| {
            spoken.iter().take(ROLES_SCANNED).find_map(|&s| {
                let speaker = &index.statement(s).speaker;
                let role = speaker.role.as_deref()?;
                has_words(&fold(role), office).then(|| format!("{role} ({})", speaker.name))
            })
        });
        if let Some(label) = label {
            out.push(Holder { entity: e, label });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_office_stands_as_whole_words() {
        assert!(super::has_words(
            "german foreign minister",
            "foreign minister"
        ));
        assert!(!super::has_words(
            "prime ministers office",
            "prime minister"
        ));
        assert!(!super::has_words("chancellor", ""));
    }

    #[test]
    fn a_word_like_the_is_no_office() {
        let gazetteer = crate::entities::Gazetteer::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        )
        .expect("gazetteer");
        let index = crate::index::Index::build(gazetteer, crate::store::Store::default());
        assert!(super::holders(&index, "the").is_empty());
        assert!(super::holders(&index, "of the").is_empty());
    }
}
