//! A side's name in another language, for replies in a user's locale: a country's from the
//! country data (keshvar's translations), an organisation's from the language's table of names
//! (`src/language/*.json`, its first name for the side). No second table of names.

use crate::language;

/// The name of the side `key` in the language `code` (ISO 639-1), when the data has one.
pub fn side_name_in(key: &str, code: &str) -> Option<String> {
    if let Ok(alpha2) = keshvar::Alpha2::try_from(key) {
        return alpha2
            .to_country()
            .translations()
            .get(code)
            .map(|name| usual_order(name))
            .filter(|name| !name.is_empty());
    }
    language::get(code)?
        .names()
        .find(|(side, _)| *side == key)
        .map(|(_, name)| name.to_string())
}

/// "Iran, Islamische Republik" → "Islamische Republik Iran", "Iran, République islamique d'" →
/// "République islamique d'Iran", "Heiliger Stuhl (Staat Vatikanstadt)" → "Heiliger Stuhl": the
/// country data's names are in the order of a list sorted by name, with the state's form after
/// the comma and notes in brackets; a reply names a side as a sentence would. What follows a
/// comma and is no state's form ("St. Helena, Ascension und Tristan da Cunha") is left out.
fn usual_order(name: &str) -> String {
    /// Parts of the words for a state's form (republic, federated states) or for islands, in
    /// the languages the bot replies in.
    const FORMS: [&str; 9] = [
        "epubli",
        "épubli",
        "epúbli",
        "Föderierte",
        "fédérés",
        "Federados",
        "Îles",
        "Islas",
        "Inseln",
    ];
    let name = match name.split_once(" (") {
        Some((before, _)) => before,
        None => name,
    }
    .trim();
    match name.split_once(", ") {
        Some((head, form)) if !form.contains(',') && FORMS.iter().any(|f| form.contains(f)) => {
            if form.ends_with('\'') || form.ends_with('’') {
                format!("{form}{head}")
            } else {
                format!("{form} {head}")
            }
        }
        Some((head, _)) => head.to_string(),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_is_named_as_its_language_names_it() {
        assert_eq!(side_name_in("DE", "de").as_deref(), Some("Deutschland"));
        assert_eq!(side_name_in("DE", "fr").as_deref(), Some("Allemagne"));
        assert_eq!(side_name_in("DE", "es").as_deref(), Some("Alemania"));
        assert_eq!(side_name_in("US", "es").as_deref(), Some("Estados Unidos"));
        assert_eq!(side_name_in("GB", "fr").as_deref(), Some("Royaume-Uni"));
    }

    #[test]
    fn the_country_datas_list_order_is_turned_into_a_name() {
        assert_eq!(
            usual_order("Iran, Islamische Republik"),
            "Islamische Republik Iran"
        );
        assert_eq!(
            usual_order("Iran, République islamique d'"),
            "République islamique d'Iran"
        );
        assert_eq!(
            usual_order("Heiliger Stuhl (Staat Vatikanstadt)"),
            "Heiliger Stuhl"
        );
        assert_eq!(usual_order("Corée du Nord"), "Corée du Nord");
        assert_eq!(usual_order("Salomon, Îles"), "Îles Salomon");
        assert_eq!(
            usual_order("St. Helena, Ascension und Tristan da Cunha"),
            "St. Helena"
        );
        for key in ["IR", "SY", "KP", "CD", "LA", "VA", "FM"] {
            for code in ["de", "fr", "es"] {
                let name = side_name_in(key, code).unwrap_or_default();
                assert!(
                    !name.is_empty() && !name.contains(',') && !name.contains('('),
                    "{key} {code}: {name}"
                );
            }
        }
    }

    #[test]
    fn an_organisation_is_named_by_its_languages_table() {
        assert_eq!(
            side_name_in("EU", "fr").as_deref(),
            Some("Union européenne")
        );
        assert_eq!(side_name_in("NATO", "es").as_deref(), Some("OTAN"));
        assert_eq!(
            side_name_in("UN", "de").as_deref(),
            Some("Vereinte Nationen")
        );
        assert_eq!(side_name_in("XX-none", "fr"), None);
        assert_eq!(side_name_in("EU", "it"), None);
    }
}
