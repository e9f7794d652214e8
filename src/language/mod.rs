//! The languages an article may be written in: detection, and one data file per language other
//! than English (`de.json`, `fr.json`, `es.json`) that the extractor, the gazetteer and the topic
//! matcher read. Adding a language is a data file here, a line in `TABLES`, and its tests.
//!
//! A table maps the language's words to the words the extractor reads English with ("a déclaré"
//! reads as "said", "selon" as "according to", "Außenminister" as "foreign minister"): the
//! extractor has one grammar, and the printed text is never changed (statements are byte ranges
//! of the article).

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

/// Every language with a table, as (ISO 639-1 code, the table's JSON).
const TABLES: &[(&str, &str)] = &[
    ("de", include_str!("de.json")),
    ("es", include_str!("es.json")),
    ("fr", include_str!("fr.json")),
];

/// The languages the bot reads, English first: their codes, as `--language` and the commands'
/// `language` option take them.
pub fn codes() -> Vec<&'static str> {
    let mut v = vec!["en"];
    v.extend(TABLES.iter().map(|(c, _)| *c));
    v
}

/// One language's table, as written in its file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    code: String,
    name: String,
    /// The language's name in itself ("Deutsch").
    #[serde(default)]
    native: Option<String>,
    /// Whether a verb may stand without its subject ("—…—, dijo."): the speaker is then the
    /// latest one.
    pro_drop: bool,
    /// Whether the press prints dialogue with dashes ("—…—dijo").
    #[serde(default)]
    dialogue_dash: bool,
    /// Whether the verb of a main clause stands second, its subject after it when something
    /// else opens the clause (German "Am Montag sagte Merz, …").
    #[serde(default)]
    verb_second: bool,
    words: BTreeMap<String, String>,
    #[serde(default)]
    suffixes: BTreeMap<String, String>,
    auxiliaries: Vec<String>,
    elisions: Vec<String>,
    clitics: BTreeMap<String, String>,
    after_comma: BTreeMap<String, String>,
    demonym_endings: Vec<String>,
    demonyms: BTreeMap<String, Vec<String>>,
    names: BTreeMap<String, Vec<String>>,
    topics: BTreeMap<String, Vec<String>>,
    /// Verb forms that only reported speech uses (German Konjunktiv I): a sentence with one
    /// after a statement goes on reporting its speaker.
    #[serde(default)]
    reported_mood: Vec<String>,
    /// The ending of the reported mood's third person singular (German "-e": "ändere",
    /// "breche"), for verbs the list above does not name; a word with it is read as that mood
    /// only where no noun follows it (`Language::ends_as_reported_mood`).
    #[serde(default)]
    reported_mood_ending: Option<String>,
    /// Endings that, though they end in that ending, mark another form ("-te" the past,
    /// "-ige" an adjective).
    #[serde(default)]
    not_reported_mood_endings: Vec<String>,
    /// Words with that ending that are no verbs ("eine", "heute", "andere").
    #[serde(default)]
    not_reported_mood: Vec<String>,
    /// Words that open a sentence reporting on from the source before it (German "Demnach …"):
    /// such a sentence goes on reporting that speaker, in any mood.
    #[serde(default)]
    reported_openers: Vec<String>,
    /// Endings of an adjective before its noun, where every noun is capitalised (German "der
    /// zuständige Minister"): such a word before a capitalised one is read as part of the title.
    #[serde(default)]
    attributive_endings: Vec<String>,
    /// Words with those endings that are no adjectives before a noun ("werden", "seine").
    #[serde(default)]
    not_attributive: Vec<String>,
    /// Verbs whose particle ends the clause ("gab … bekannt", "geht davon aus"): "verb
    /// particle…" → the extractor's words for both.
    #[serde(default)]
    separable: BTreeMap<String, String>,
    /// Words left out right after a speech verb ("sich" in "äußerte sich", "mercredi" in "a
    /// déclaré mercredi le ministre").
    #[serde(default)]
    after_verb: Vec<String>,
    /// Articles that, after a title and before a name, read as "of the" ("der Chef der
    /// Bundesagentur").
    #[serde(default)]
    genitive: Vec<String>,
    /// Adjectives that make a source phrase the clause's own subject's ("nach eigenen
    /// Angaben"): such a phrase names no source of its own.
    #[serde(default)]
    own_source: Vec<String>,
}

/// A language's table, ready to read with.
#[derive(Debug)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub native: Option<String>,
    pub pro_drop: bool,
    pub dialogue_dash: bool,
    pub verb_second: bool,
    /// One word (lower case) → the extractor's words for it.
    words: HashMap<String, Vec<String>>,
    /// Several words → the extractor's words for them, longest first.
    phrases: Vec<(Vec<String>, Vec<String>)>,
    /// Word endings of compound nouns ("…ministeriums") → the extractor's words, longest first.
    suffixes: Vec<(String, Vec<String>)>,
    auxiliaries: HashSet<String>,
    /// Elided articles and pronouns that stand joined to the next word ("l'", "qu'").
    pub elisions: Vec<String>,
    /// Pronouns joined to a verb by a hyphen ("a-t-il"), longest first.
    clitics: Vec<(String, String)>,
    after_comma: HashMap<String, Vec<String>>,
    demonym_endings: Vec<String>,
    demonyms: BTreeMap<String, Vec<String>>,
    /// Every form of every demonym, lower case, with its side's key.
    demonym_sides: HashMap<String, String>,
    names: BTreeMap<String, Vec<String>>,
    topics: BTreeMap<String, Vec<String>>,
    reported_mood: HashSet<String>,
    reported_mood_ending: Option<String>,
    not_reported_mood_endings: Vec<String>,
    not_reported_mood: HashSet<String>,
    reported_openers: HashSet<String>,
    attributive_endings: Vec<String>,
    not_attributive: HashSet<String>,
    /// Separable verbs: (the verb, its particle's words, the extractor's words).
    separable: Vec<(String, Vec<String>, Vec<String>)>,
    after_verb: HashSet<String>,
    genitive: HashSet<String>,
    own_source: HashSet<String>,
}

fn split_words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

impl Language {
    fn from_file(f: File) -> Language {
        let mut words = HashMap::new();
        let mut phrases = Vec::new();
        for (k, v) in &f.words {
            let key = k.to_lowercase().replace('’', "'");
            let parts = split_words(&key);
            if parts.len() > 1 {
                phrases.push((parts, split_words(v)));
            } else {
                words.insert(key, split_words(v));
            }
        }
        phrases.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let mut suffixes: Vec<(String, Vec<String>)> = f
            .suffixes
            .iter()
            .map(|(k, v)| (k.to_lowercase(), split_words(v)))
            .collect();
        suffixes.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let mut clitics: Vec<(String, String)> = f.clitics.into_iter().collect();
        clitics.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let demonym_sides = f
            .demonyms
            .iter()
            .flat_map(|(k, bases)| bases.iter().map(move |b| (k, b)))
            .flat_map(|(k, b)| {
                f.demonym_endings
                    .iter()
                    .map(move |e| (format!("{b}{e}").to_lowercase(), k.clone()))
            })
            .collect();
        let mut separable: Vec<(String, Vec<String>, Vec<String>)> = f
            .separable
            .iter()
            .filter_map(|(k, v)| {
                let mut parts = split_words(&k.to_lowercase());
                (parts.len() > 1).then(|| {
                    let verb = parts.remove(0);
                    (verb, parts, split_words(v))
                })
            })
            .collect();
        separable.sort_by_key(|(_, p, _)| std::cmp::Reverse(p.len()));
        Language {
            demonym_sides,
            separable,
            after_verb: f.after_verb.iter().map(|w| w.to_lowercase()).collect(),
            genitive: f.genitive.iter().map(|w| w.to_lowercase()).collect(),
            own_source: f.own_source.iter().map(|w| w.to_lowercase()).collect(),
            code: f.code,
            name: f.name,
            native: f.native,
            pro_drop: f.pro_drop,
            dialogue_dash: f.dialogue_dash,
            verb_second: f.verb_second,
            words,
            phrases,
            suffixes,
            auxiliaries: f.auxiliaries.into_iter().collect(),
            elisions: f.elisions,
            clitics,
            after_comma: f
                .after_comma
                .iter()
                .map(|(k, v)| (k.clone(), split_words(v)))
                .collect(),
            demonym_endings: f.demonym_endings,
            demonyms: f.demonyms,
            names: f.names,
            topics: f.topics,
            reported_mood: f.reported_mood.into_iter().collect(),
            reported_mood_ending: f.reported_mood_ending,
            not_reported_mood_endings: f.not_reported_mood_endings,
            not_reported_mood: f
                .not_reported_mood
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            reported_openers: f
                .reported_openers
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            attributive_endings: f.attributive_endings,
            not_attributive: f.not_attributive.into_iter().collect(),
        }
    }

    /// The extractor's words for one word of this language (lower case), if the table has it.
    pub fn word(&self, lower: &str) -> Option<&[String]> {
        if let Some(w) = self.words.get(lower) {
            return Some(w);
        }
        self.suffixes
            .iter()
            .find(|(s, _)| lower.len() > s.len() + 2 && lower.ends_with(s.as_str()))
            .map(|(_, w)| w.as_slice())
    }

    /// Phrases of several words, longest first.
    pub fn phrases(&self) -> &[(Vec<String>, Vec<String>)] {
        &self.phrases
    }

    /// Whether a word is a form of a demonym or an adjective of a side ("allemande").
    pub fn is_demonym(&self, lower: &str) -> bool {
        self.demonym_sides.contains_key(lower)
    }

    /// The key of the side a demonym or adjective names ("británico" → "GB").
    pub fn demonym_side(&self, lower: &str) -> Option<&str> {
        self.demonym_sides.get(lower).map(String::as_str)
    }

    /// Whether a lower-case word may be an adjective before its noun ("zuständige").
    pub fn is_attributive(&self, lower: &str) -> bool {
        lower.chars().count() >= 4
            && !self.not_attributive.contains(lower)
            && !self.reported_mood.contains(lower)
            && !self.auxiliaries.contains(lower)
            && self
                .attributive_endings
                .iter()
                .any(|e| lower.ends_with(e.as_str()))
    }

    /// Whether a verb form is one only reported speech uses ("sei", "werde").
    pub fn is_reported_mood(&self, lower: &str) -> bool {
        self.reported_mood.contains(lower)
    }

    /// Whether a lower-case word has the ending of the reported mood and none of the forms that
    /// share it ("ändere", "breche"; not "sagte", "heute", "wichtige"). Only a hint: the caller
    /// checks that no noun follows the word, as one follows an adjective ("neue Gespräche").
    pub fn ends_as_reported_mood(&self, lower: &str) -> bool {
        let Some(ending) = &self.reported_mood_ending else {
            return false;
        };
        lower.chars().count() >= 4
            && lower.chars().all(char::is_alphabetic)
            && lower.ends_with(ending.as_str())
            && !self.not_reported_mood.contains(lower)
            && !self.not_attributive.contains(lower)
            && !self.auxiliaries.contains(lower)
            && !self.words.contains_key(lower)
            && !self
                .not_reported_mood_endings
                .iter()
                .any(|e| lower.ends_with(e.as_str()))
    }

    /// Whether a word that opens a sentence carries on the source before it ("demnach").
    pub fn is_reported_opener(&self, lower: &str) -> bool {
        self.reported_openers.contains(lower)
    }

    /// The particles a verb may leave at the end of its clause, longest first, each with the
    /// extractor's words for the verb and particle together ("gab" → "bekannt", "announced").
    pub fn separable(&self, verb: &str) -> impl Iterator<Item = (&[String], &[String])> {
        let verb = verb.to_string();
        self.separable
            .iter()
            .filter(move |(v, _, _)| *v == verb)
            .map(|(_, p, w)| (p.as_slice(), w.as_slice()))
    }

    /// Whether an article reads as "of the" between a title and a name ("der").
    pub fn is_genitive(&self, lower: &str) -> bool {
        self.genitive.contains(lower)
    }

    /// Whether an adjective makes a source phrase its subject's own ("eigenen").
    fn is_own_source(&self, lower: &str) -> bool {
        self.own_source.contains(lower)
    }

    /// Whether a word may stand as an adjective between a source phrase's words and before its
    /// noun ("ersten", "offiziellen", "israelischen"), and not one that makes the source the
    /// subject's own.
    pub fn is_source_adjective(&self, lower: &str) -> bool {
        !self.is_own_source(lower) && (self.is_attributive(lower) || self.is_demonym(lower))
    }

    /// Whether a word right after a speech verb is left out of the reading ("sich").
    pub fn is_after_verb(&self, lower: &str) -> bool {
        self.after_verb.contains(lower)
    }

    pub fn is_auxiliary(&self, lower: &str) -> bool {
        self.auxiliaries.contains(lower)
    }

    /// The verb and the pronoun of a verb with a joined pronoun ("ajoute-t-il" → "ajoute",
    /// "he"); the verb may be empty of meaning ("a-t-il").
    pub fn clitic<'w>(&self, lower: &'w str) -> Option<(&'w str, &str)> {
        self.clitics.iter().find_map(|(suffix, pronoun)| {
            lower
                .strip_suffix(suffix.as_str())
                .filter(|v| !v.is_empty())
                .map(|v| (v, pronoun.as_str()))
        })
    }

    /// The extractor's words for a word that follows a comma ("…, so Merz").
    pub fn after_comma(&self, lower: &str) -> Option<&[String]> {
        self.after_comma.get(lower).map(Vec::as_slice)
    }

    /// Every form of the demonyms and adjectives of sides, with the side's key: "allemand",
    /// "allemande", "allemands", "allemandes" for DE.
    pub fn demonym_forms(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (key, bases) in &self.demonyms {
            for base in bases {
                for ending in &self.demonym_endings {
                    out.push((key.clone(), format!("{base}{ending}")));
                }
            }
        }
        out
    }

    /// Names of sides in this language ("Union européenne", "Kreml"), with the side's key.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |n| (k.as_str(), n.as_str())))
    }

    /// Topic words of this language, each with the English topic stem it stands for.
    pub fn topic_words(&self) -> impl Iterator<Item = (&str, &str)> {
        self.topics
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |w| (k.as_str(), w.as_str())))
    }
}

/// Every language with a table, parsed once.
pub fn all() -> &'static [Language] {
    static ALL: OnceLock<Vec<Language>> = OnceLock::new();
    ALL.get_or_init(|| {
        TABLES
            .iter()
            .filter_map(|(code, json)| match serde_json::from_str::<File>(json) {
                Ok(f) => Some(Language::from_file(f)),
                Err(e) => {
                    tracing::error!("the language table {code}.json is broken: {e}");
                    None
                }
            })
            .collect()
    })
}

/// The table of a language, by ISO 639-1 code; none for English, which needs none.
pub fn get(code: &str) -> Option<&'static Language> {
    all().iter().find(|l| l.code == code)
}

/// A language tag as pages and front matter write it ("de-DE", "fr_FR", "ES", "German"), as an
/// ISO 639-1 code; none when it names no language.
pub fn normalize(tag: &str) -> Option<String> {
    let t = tag.trim().to_lowercase();
    let by_name = match t.as_str() {
        "english" | "anglais" | "englisch" | "inglés" => Some("en"),
        "german" | "deutsch" | "allemand" | "alemán" => Some("de"),
        "french" | "français" | "französisch" | "francés" => Some("fr"),
        "spanish" | "español" | "espagnol" | "spanisch" => Some("es"),
        _ => None,
    };
    if let Some(c) = by_name {
        return Some(c.to_string());
    }
    let primary = t.split(['-', '_']).next().unwrap_or("");
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase()))
        .then(|| primary.to_string())
}

/// A language's name in itself ("Deutsch", "Français"), as a choice offers it.
pub fn native_name(code: &str) -> String {
    match get(code).and_then(|l| l.native.clone()) {
        Some(native) => native,
        None => display_name(code),
    }
}

/// The language a user asks for ("fr", "French", "français", "francais", "es-ES"), as the code of
/// one the bot reads (`codes`); none when it names no such language.
pub fn asked(tag: &str) -> Option<&'static str> {
    let folded = crate::text::fold(tag);
    let by_name = match folded.as_str() {
        "francais" | "franzosisch" | "frances" => Some("fr"),
        "espanol" | "castellano" | "spanisch" | "espagnol" => Some("es"),
        "aleman" | "deutsch" | "allemand" => Some("de"),
        "ingles" | "englisch" | "anglais" => Some("en"),
        _ => None,
    };
    let code = by_name.map(str::to_string).or_else(|| normalize(tag))?;
    codes().into_iter().find(|c| *c == code)
}

/// The language an article is written in, as an ISO 639-1 code; English when the text is too
/// short or too mixed to tell.
pub fn detect(text: &str) -> String {
    let sample: String = text.chars().take(4000).collect();
    let Some(info) = whatlang::detect(&sample) else {
        return "en".into();
    };
    if !info.is_reliable() && info.confidence() < 0.5 {
        return "en".into();
    }
    iso639_1(info.lang()).unwrap_or("en").to_string()
}

fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Pol => "pl",
        Rus => "ru",
        Ukr => "uk",
        Tur => "tr",
        Ara => "ar",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Ell => "el",
        Hun => "hu",
        Ron => "ro",
        Heb => "he",
        Hin => "hi",
        Pes => "fa",
        _ => return None,
    })
}

thread_local! {
    static READING: Cell<Option<&'static Language>> = const { Cell::new(None) };
}

/// Runs `f` with `lang` as the language being read (none: English). The extractor's tokenizer
/// reads through the table of the language being read.
pub fn reading_in<R>(lang: Option<&'static Language>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<&'static Language>);
    impl Drop for Restore {
        fn drop(&mut self) {
            READING.with(|r| r.set(self.0));
        }
    }
    let _restore = Restore(READING.with(|r| r.replace(lang)));
    f()
}

/// The language being read, none for English.
pub fn reading() -> Option<&'static Language> {
    READING.with(Cell::get)
}

/// The English name of a language code, for showing ("German"); the code itself when unknown.
pub fn display_name(code: &str) -> String {
    match code {
        "en" => "English".into(),
        c => get(c).map_or_else(|| c.to_uppercase(), |l| l.name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_asked_for_by_code_or_by_name_in_any_of_the_four() {
        for (tag, code) in [
            ("fr", Some("fr")),
            ("French", Some("fr")),
            ("français", Some("fr")),
            ("Francais", Some("fr")),
            ("Deutsch", Some("de")),
            ("german", Some("de")),
            ("es-ES", Some("es")),
            ("español", Some("es")),
            ("castellano", Some("es")),
            ("EN", Some("en")),
            ("it", None),
            ("klingon", None),
            ("", None),
        ] {
            assert_eq!(asked(tag), code, "{tag}");
        }
    }

    #[test]
    fn every_table_parses_and_maps_to_lower_case_words() {
        assert_eq!(all().len(), TABLES.len(), "a table failed to parse");
        for l in all() {
            for (k, v) in &l.words {
                assert_eq!(*k, k.to_lowercase(), "{}: {k}", l.code);
                assert!(!v.is_empty(), "{}: {k}", l.code);
            }
        }
    }

    #[test]
    fn detects_the_three_languages_and_english() {
        assert_eq!(detect("Der Bundeskanzler sagte am Montag in Berlin, Deutschland werde die Ukraine weiter unterstützen und keine Truppen schicken."), "de");
        assert_eq!(detect("Le ministre des Affaires étrangères a déclaré lundi que la France restait prête à envoyer des troupes en Ukraine."), "fr");
        assert_eq!(detect("El presidente del Gobierno dijo el lunes que España seguirá apoyando a Ucrania y que no enviará tropas."), "es");
        assert_eq!(detect("The chancellor said on Monday that Germany would keep supporting Ukraine and send no troops."), "en");
        assert_eq!(detect(""), "en");
    }

    #[test]
    fn language_tags_read_as_codes() {
        assert_eq!(normalize("de-DE").as_deref(), Some("de"));
        assert_eq!(normalize("fr_FR").as_deref(), Some("fr"));
        assert_eq!(normalize("ES").as_deref(), Some("es"));
        assert_eq!(normalize("German").as_deref(), Some("de"));
        assert_eq!(normalize("x"), None);
    }

    #[test]
    fn demonyms_take_their_endings() {
        let fr = get("fr").expect("French table");
        let forms: Vec<String> = fr.demonym_forms().into_iter().map(|(_, f)| f).collect();
        assert!(forms.iter().any(|f| f == "allemande"));
        assert!(forms.iter().any(|f| f == "allemands"));
        let de = get("de").expect("German table");
        assert!(de
            .demonym_forms()
            .iter()
            .any(|(k, f)| k == "DE" && f == "deutschen"));
    }

    #[test]
    fn a_demonym_names_its_side_in_every_form() {
        let es = get("es").expect("Spanish table");
        assert_eq!(es.demonym_side("británico"), Some("GB"));
        assert_eq!(es.demonym_side("alemana"), Some("DE"));
        assert_eq!(es.demonym_side("gobierno"), None);
        let fr = get("fr").expect("French table");
        assert_eq!(fr.demonym_side("allemand"), Some("DE"));
        assert_eq!(fr.demonym_side("française"), Some("FR"));
    }

    #[test]
    fn german_reported_mood_by_its_ending_but_not_the_past_or_determiners() {
        let de = get("de").expect("German table");
        assert!(de.ends_as_reported_mood("ändere"));
        assert!(de.ends_as_reported_mood("breche"));
        assert!(!de.ends_as_reported_mood("sagte"));
        assert!(!de.ends_as_reported_mood("wurde"));
        assert!(!de.ends_as_reported_mood("heute"));
        assert!(!de.ends_as_reported_mood("andere"));
        assert!(!de.ends_as_reported_mood("wichtige"));
        let fr = get("fr").expect("French table");
        assert!(!fr.ends_as_reported_mood("grande"));
    }

    #[test]
    fn german_adjectives_before_a_noun_but_no_verbs_or_determiners() {
        let de = get("de").expect("German table");
        assert!(de.is_attributive("zuständige"));
        assert!(de.is_attributive("bayerischen"));
        assert!(!de.is_attributive("werden"));
        assert!(!de.is_attributive("seine"));
        assert!(!de.is_attributive("habe"));
        let fr = get("fr").expect("French table");
        assert!(!fr.is_attributive("grande"));
    }
}
