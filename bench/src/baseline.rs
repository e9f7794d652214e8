//! The naive way to answer, kept as the baseline the index is measured against: a linear scan of
//! every statement per query, comparing the asked name with each speaker's and entity's name by
//! string similarity (strsim) and looking for the topic or phrase as a substring of the text.
//! Nothing is precomputed; nothing here serves users.

use positions::answer::reply::PAGE_SIZE;
use positions::index::{Index, StatementId};

/// How similar (Jaro–Winkler) a name must be to count as the same name.
pub const SIMILARITY: f64 = 0.9;

/// The first page of a name's statements (those on `topic` only, when one is given) and how many
/// there are in all.
pub fn position(index: &Index, who: &str, topic: Option<&str>) -> (usize, Vec<StatementId>) {
    let who = who.to_lowercase();
    let topic = topic.map(str::to_lowercase);
    let mut total = 0;
    let mut page = Vec::new();
    for (i, s) in index.statements() {
        let entity_name = s
            .entity
            .as_deref()
            .and_then(|k| index.gazetteer.by_key(k))
            .map(|e| index.gazetteer.entity(e).name.to_lowercase())
            .unwrap_or_default();
        let named = strsim::jaro_winkler(&who, &entity_name) >= SIMILARITY
            || strsim::jaro_winkler(&who, &s.speaker.name.to_lowercase()) >= SIMILARITY;
        if !named {
            continue;
        }
        if let Some(t) = &topic {
            if !s.text.to_lowercase().contains(t.as_str()) {
                continue;
            }
        }
        total += 1;
        if page.len() < PAGE_SIZE {
            page.push(i);
        }
    }
    (total, page)
}

/// The statements whose text contains `phrase` (ignoring case), first page and count.
pub fn whosaid(index: &Index, phrase: &str) -> (usize, Vec<StatementId>) {
    let phrase = phrase.to_lowercase();
    let mut total = 0;
    let mut page = Vec::new();
    for (i, s) in index.statements() {
        if s.text.to_lowercase().contains(&phrase) {
            total += 1;
            if page.len() < PAGE_SIZE {
                page.push(i);
            }
        }
    }
    (total, page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use positions::entities::Gazetteer;

    #[test]
    fn the_scan_finds_what_the_index_finds_for_plain_names() {
        let g = Gazetteer::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data"))
            .unwrap();
        let synthetic = crate::synth::generate(&g, 400, 4);
        let index = Index::build(g, synthetic.into_store());
        let germany = index.gazetteer.by_key("DE").unwrap();
        let (total, page) = position(&index, "Germany", None);
        assert!(total >= index.spoken_by(germany).len());
        assert!(page.iter().all(|&s| index.entity_of(s) == Some(germany)
            || index
                .statement(s)
                .speaker
                .name
                .to_lowercase()
                .contains("german")));
        let first = index.first_ids(1).next().expect("a statement");
        let text = index.statement(first).text.clone();
        let (total, page) = whosaid(&index, &text[..text.len() / 2]);
        assert!(total >= 1 && page[0] == first);
    }
}
