//! Word lists the extractor reads English with: speech verbs, office and institution words,
//! function words that end a name, abbreviations. Lookups take lower-case words.

/// Finite speech verbs: a subject before (or after) one of these reports what someone said.
#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
    "acknowledged", "acknowledges", "added", "adds", "admits", "admitted", "affirmed", "affirms",
    "announced", "announces", "answered", "answers", "appealed", "argued", "argues", "asked",
    "asks", "asserted", "asserts", "assured", "assures", "cautioned", "cautions", "claimed",
    "claims", "commented", "complained", "conceded", "concedes", "condemned", "condemns",
    "confirmed", "confirms", "contended", "contends", "countered", "counters", "criticised",
    "criticises", "criticized", "criticizes", "declared", "declares", "demanded", "demands",
    "denied", "denies", "described", "describes", "dismissed", "dismisses", "elaborated",
    "elaborates", "emphasised", "emphasises", "emphasized", "emphasizes", "estimated", "explained",
    "explains", "expressed", "expresses", "hailed", "hails", "highlighted", "highlights",
    "indicated", "indicates", "insisted", "insists", "maintained", "maintains", "noted", "notes",
    "objected", "observed", "observes", "pledged", "pledges", "praised", "praises", "predicted",
    "promised", "promises", "proposed", "proposes", "protested", "questioned", "reaffirmed",
    "reaffirms", "recalled", "recalls", "reiterated", "reiterates", "rejected", "rejects",
    "remarked", "repeated", "replied", "replies", "responded", "responds", "retorted", "said",
    "say", "says", "signaled", "signalled", "stated", "states", "stressed", "stresses", "suggested",
    "suggests", "tells", "thanked", "threatened", "told", "underlined", "underlines", "underscored",
    "underscores", "urged", "urges", "voiced", "vowed", "vows", "warned", "warns", "welcomed",
    "welcomes", "wondered", "writes", "wrote",
];

/// Speech verbs whose object is a thing, not a clause: one right before "was" or "is" stands in
/// a description of that thing ("the votes she described were cast").
#[rustfmt::skip]
const OBJECT_SPEECH_VERBS: &[&str] = &[
    "condemned", "criticised", "criticized", "described", "dismissed", "hailed", "highlighted",
    "praised", "proposed", "proposes", "questioned", "rejected", "repeated", "thanked", "voiced",
    "welcomed",
];

/// Verbs that report speech only beside a quotation ("“…,” Ruiz continued", "Hale joked: “…”")
/// or before a that-clause ("the paper reported that …"): elsewhere they report something
/// else ("continued the talks", "charged him with fraud").
#[rustfmt::skip]
const QUOTING_VERBS: &[&str] = &[
    "agreed", "agrees", "barked", "boasted", "boomed", "bragged", "charged", "concluded",
    "concludes", "continued", "continues", "echoed", "emailed", "exclaimed", "fumed", "griped",
    "interjected", "joked", "jokes", "lamented", "laughed", "marveled", "marvelled", "mocked",
    "mused", "opined", "posits", "pressed", "quipped", "quips", "reacted", "reasoned", "reasons",
    "recounted", "remembered", "reported", "reports", "retaliated", "scoffed", "shouted", "sighed",
    "snapped", "testified", "texted", "theorised", "theorized", "touted", "yelled",
];

/// Verbs that report speech only with a particle: "called for", "pointed out".
const PHRASAL_SPEECH: &[(&str, &[&str])] = &[
    ("call", &["for", "on"]),
    ("called", &["for", "on"]),
    ("calls", &["for", "on"]),
    ("pointed", &["out"]),
    ("rule", &["out"]),
    ("ruled", &["out"]),
    ("rules", &["out"]),
    ("points", &["out"]),
    ("spoke", &["of", "about"]),
    ("went", &["on"]),
    ("goes", &["on"]),
    ("shot", &["back"]),
    ("fired", &["back"]),
    ("pushed", &["back"]),
    ("chimed", &["in"]),
    ("summed", &["up"]),
    ("put", &["it"]),
    ("puts", &["it"]),
];

/// Participles that carry a second reported clause after an attribution: ", adding that …".
#[rustfmt::skip]
const SPEECH_PARTICIPLES: &[&str] = &[
    "acknowledging", "adding", "answering", "arguing", "asking", "calling", "claiming",
    "concluding", "confirming", "continuing", "declaring", "denying", "describing", "emphasising",
    "emphasizing", "explaining", "expressing", "highlighting", "insisting", "joking", "noting",
    "pledging", "posting", "praising", "promising", "recalling", "reiterating", "rejecting",
    "replying", "responding", "saying", "stating", "stressing", "telling", "tweeting",
    "underlining", "urging", "vowing", "warning", "welcoming", "writing",
];

/// Words that may stand between a subject and its verb: "Macron then said", "he has also said".
#[rustfmt::skip]
const SKIPPABLE_BEFORE_VERB: &[&str] = &[
    "again", "already", "also", "earlier", "even", "finally", "first", "further", "had", "has",
    "have", "later", "meanwhile", "now", "once", "previously", "recently", "separately", "since",
    "subsequently", "then", "today", "tonight", "too", "yesterday",
];

/// Forms of "be": a speech verb after one of them is passive ("was told").
#[rustfmt::skip]
const BE_FORMS: &[&str] = &[
    "are", "be", "been", "being", "is", "was", "were",
];

/// Heads of person titles: the word a title ends in ("foreign minister", "spokesman").
#[rustfmt::skip]
const PERSON_HEADS: &[&str] = &[
    "activist", "adm.", "adviser", "advisor", "aide", "ambassador", "analyst", "anchor",
    "archbishop", "attorney", "atty.", "author", "bishop", "brig.", "businessman", "businesswoman",
    "candidate", "capt.", "ceo", "chair", "chairman", "chairperson", "chairwoman", "challenger",
    "chancellor", "chief", "cmdr.", "co-anchor", "co-founder", "co-host", "col.", "columnist",
    "commander", "commentator", "commenter", "commissioner", "confidant", "congressman",
    "congresswoman", "constituent", "consul", "consultant", "contender", "correspondent", "counsel",
    "counsellor", "counterpart", "cpl.", "critic", "del.", "delegate", "democrat", "deputy",
    "diplomat", "director", "director-general", "doctor", "economist", "editor", "emperor",
    "employee", "ens.", "envoy", "executive", "expert", "farmer", "father", "founder", "gen.",
    "general", "gov.", "governor", "head", "historian", "hopeful", "host", "imam", "judge", "king",
    "lawmaker", "lawyer", "leader", "lobbyist", "lt.", "maj.", "manager", "mayor", "member",
    "minister", "moderator", "monarch", "mother", "narrator", "negotiator", "nominee", "official",
    "operative", "opponent", "organiser", "organizer", "owner", "pastor", "person", "pfc.",
    "physician", "pm", "pollster", "pope", "premier", "president", "president-elect", "priest",
    "prince", "princess", "professor", "prosecutor", "protester", "pvt.", "queen", "rabbi", "rep.",
    "reporter", "representative", "republican", "researcher", "resident", "scientist",
    "secretary", "secretary-general", "sen.", "senator", "sgt.", "sheriff", "source", "spc.",
    "speechwriter", "spokesman", "spokesperson", "spokeswoman", "staffer", "strategist", "student",
    "sultan", "superdelegate", "supporter", "supt.", "surrogate", "teacher", "treasurer", "veteran",
    "vice-chancellor", "vice-president", "voter", "whip", "widow", "worker", "writer",
];

/// Plural heads: groups that speak ("officials", "diplomats").
#[rustfmt::skip]
const PLURAL_HEADS: &[&str] = &[
    "activists", "advisers", "aides", "ambassadors", "analysts", "campaigners",
    "commenters", "critics", "delegates", "democrats", "diplomats", "economists", "employees",
    "envoys", "experts", "groups", "insurgents", "lawmakers", "leaders", "militants", "ministers",
    "negotiators", "officials", "protesters", "rebels", "representatives", "republicans",
    "residents", "sources", "spokesmen", "spokespeople", "strategists", "supporters", "voters",
];

/// Heads of institutional speakers ("the foreign ministry", "the Japanese government").
#[rustfmt::skip]
const INSTITUTION_HEADS: &[&str] = &[
    "administration", "agency", "army", "authorities", "authority", "bureau", "cabinet",
    "chancellery", "command", "commission", "consulate", "council", "delegation",
    "department", "embassy", "force", "forces", "government",
    "intelligence", "kremlin", "military", "ministry", "mission", "navy", "newspaper", "office",
    "parliament", "police", "presidency", "secretariat", "service", "staff",
];

/// Words that qualify an office inside a title ("prime", "foreign", "special").
#[rustfmt::skip]
const TITLE_QUALIFIERS: &[&str] = &[
    "acting", "affairs", "air", "armed", "assistant", "associate", "cabinet", "campaign", "chief",
    "climate", "communications", "council", "defence", "defense", "democratic", "deputy",
    "development", "economic", "economy", "energy", "european", "executive", "external", "federal",
    "finance", "first", "forces", "foreign", "foreign-policy", "former", "general", "health",
    "high", "home", "incoming", "interior", "international", "joint", "justice", "lead", "legal",
    "majority", "military", "minority", "national", "outgoing", "peace", "permanent", "policy",
    "political", "presidential", "press", "prime", "republican", "security", "senior", "special",
    "state", "top", "trade", "vice",
];

/// Institutions named by a building or a street, with the entity key they stand for.
pub const INSTITUTIONS: &[(&str, &str)] = &[
    ("bankova", "UA"),
    ("downing street", "GB"),
    ("elysee", "FR"),
    ("elysee palace", "FR"),
    ("farnesina", "IT"),
    ("kremlin", "RU"),
    ("matignon", "FR"),
    ("palazzo chigi", "IT"),
    ("pentagon", "US"),
    ("quai d orsay", "FR"),
    ("state department", "US"),
    ("white house", "US"),
    ("zhongnanhai", "CN"),
];

/// Heads of journalists' titles: the beat they name ("North America editor", "Moscow
/// correspondent") is no side.
#[rustfmt::skip]
const MEDIA_ROLES: &[&str] = &[
    "anchor", "co-anchor", "co-host", "columnist", "commentator", "correspondent", "editor",
    "host", "moderator", "reporter", "writer",
];

/// Heads of private people, named by where they live, work or vote ("a Kyiv resident", "a
/// German voter", "an Airbus employee"): the place or the firm is no side they speak for.
#[rustfmt::skip]
const PRIVATE_ROLES: &[&str] = &[
    "commenter", "commenters", "employee", "employees", "resident", "residents", "superdelegate",
    "voter", "voters",
];

/// Heads of those who speak for the state that posted them abroad.
#[rustfmt::skip]
const POSTED_ABROAD: &[&str] = &[
    "ambassador", "ambassadors", "consul", "consulate", "delegate", "delegates", "delegation",
    "diplomat", "diplomats", "embassy", "envoy", "envoys", "mission", "representative",
    "representatives",
];

/// Capitalised words that are not parts of a name: sentence openers, days, months, pronouns.
#[rustfmt::skip]
const NOT_NAME_WORDS: &[&str] = &[
    "about", "according", "after", "against", "ahead", "all", "also", "although", "amid", "among",
    "an", "and", "another", "april", "as", "asked", "at", "august", "because", "before", "both", "but",
    "by", "december", "despite", "during", "each", "earlier", "even", "february", "following",
    "for", "friday", "from", "he", "her", "here", "his", "however", "i", "if", "in", "indeed",
    "instead", "into", "it", "its", "january", "july", "june", "just", "last", "later", "like",
    "march", "may", "meanwhile", "monday", "moreover", "most", "my", "neither", "next", "no", "nor",
    "not", "november", "now", "october", "of", "on", "only", "or", "our", "over", "saturday",
    "september", "she", "since", "so", "some", "speaking", "still", "sunday", "that", "the",
    "their", "then", "there", "these", "they", "this", "those", "though", "thursday", "thus", "to",
    "today", "tomorrow", "tuesday", "under", "unlike", "we", "wednesday", "what", "when", "where",
    "which", "while", "who", "whose", "why", "with", "within", "without", "yesterday", "yet", "you",
];

/// Lower-case particles inside names ("Ursula von der Leyen").
#[rustfmt::skip]
const NAME_CONNECTORS: &[&str] = &[
    "al", "bin", "da", "de", "del", "der", "di", "dos", "du", "el", "la", "le", "van", "von",
];

/// Words that open a comma-delimited aside between a subject and its verb ("Starmer, speaking
/// after the meeting, said").
#[rustfmt::skip]
const ASIDE_OPENERS: &[&str] = &[
    "after", "at", "before", "during", "following", "for", "however", "in", "like", "on", "though",
    "which", "while", "who", "whose", "with",
];

/// Honorifics before a surname, with the gender they tell.
const HONORIFICS: &[(&str, Gender)] = &[
    ("dame", Gender::Female),
    ("madam", Gender::Female),
    ("miss", Gender::Female),
    ("mr", Gender::Male),
    ("mr.", Gender::Male),
    ("mrs", Gender::Female),
    ("mrs.", Gender::Female),
    ("ms", Gender::Female),
    ("ms.", Gender::Female),
    ("prince", Gender::Male),
    ("princess", Gender::Female),
    ("sheikh", Gender::Male),
    ("sheikha", Gender::Female),
    ("sir", Gender::Male),
];

/// Abbreviations whose full stop does not end a sentence.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Apr", "Aug", "Capt", "Cmdr", "Co", "Col", "Corp", "Dec", "Del", "Dr", "Feb", "Fig",
    "Gen", "Gov", "Inc", "Jan", "Jr", "Jun", "Lt", "Ltd", "Maj", "Mar", "Mr", "Mrs", "Ms", "No",
    "Nov", "Oct", "Prof", "Rep", "Rev", "Sen", "Sep", "Sept", "Sgt", "Sr", "St", "approx", "e.g",
    "i.e", "vs",
];

/// Words that begin a new sentence after a dotted abbreviation ("in the U.S. The talks").
#[rustfmt::skip]
const SENTENCE_OPENERS: &[&str] = &[
    "A", "An", "And", "But", "He", "However", "I", "In", "It", "Meanwhile", "On", "She", "The",
    "There", "They", "This", "We",
];

/// First names that tell a woman, for "she" (a hint only; gender is never needed to attribute a
/// statement that names its speaker).
#[rustfmt::skip]
const FEMALE_FIRST_NAMES: &[&str] = &[
    "agnes", "alice", "ana", "angela", "anita", "anna", "annalena", "anne", "antonia", "barbara",
    "beata", "catherine", "chrystia", "claire", "condoleezza", "dorothea", "elena", "elisabeth",
    "elizabeth", "emma", "ewa", "giorgia", "hanna", "helen", "hillary", "ingrid", "irina", "iryna",
    "isabel", "jacinda", "julia", "kaja", "kamala", "karin", "karoline", "kemi", "kristalina",
    "laura", "liz", "lucia", "madeleine", "magdalena", "margrethe", "maria", "marie", "marina",
    "marine", "melanie", "mette", "natalia", "nathalie", "nikki", "olena", "olga", "penny",
    "rachel", "roberta", "sanae", "sanna", "sara", "sarah", "sophie", "svetlana", "tatiana",
    "theresa", "ursula", "valentina", "victoria", "viktoria", "yoko", "yulia", "yvette",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

fn has(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// The English names of the days of the week, in lower case.
pub fn is_weekday(lower: &str) -> bool {
    matches!(
        lower,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// The English names of the months, in lower case ("may" included: a caller that reads the modal
/// leaves it out).
pub fn is_month(lower: &str) -> bool {
    matches!(
        lower,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

pub fn is_speech_verb(lower: &str) -> bool {
    has(SPEECH_VERBS, lower)
}

/// Speech verbs that take a thing, not a clause: "the plan she described", "the deal he
/// praised".
pub fn takes_object(lower: &str) -> bool {
    has(OBJECT_SPEECH_VERBS, lower)
}

pub fn is_quoting_verb(lower: &str) -> bool {
    has(QUOTING_VERBS, lower)
}

/// Whether `lower` followed by `next` (lower case) is a phrasal speech verb ("called for").
pub fn is_phrasal_speech(lower: &str, next: Option<&str>) -> bool {
    PHRASAL_SPEECH
        .iter()
        .any(|(v, parts)| *v == lower && next.is_some_and(|n| parts.contains(&n)))
}

pub fn is_speech_participle(lower: &str) -> bool {
    has(SPEECH_PARTICIPLES, lower)
}

pub fn is_skippable_before_verb(lower: &str) -> bool {
    has(SKIPPABLE_BEFORE_VERB, lower) || (lower.len() > 5 && lower.ends_with("ly"))
}

pub fn is_be_form(lower: &str) -> bool {
    has(BE_FORMS, lower)
}

pub fn is_person_head(lower: &str) -> bool {
    has(PERSON_HEADS, lower)
}

pub fn is_plural_head(lower: &str) -> bool {
    has(PLURAL_HEADS, lower)
}

pub fn is_institution_head(lower: &str) -> bool {
    has(INSTITUTION_HEADS, lower)
}

/// Any word that may be part of a title: a head or a qualifier.
pub fn is_title_word(lower: &str) -> bool {
    is_person_head(lower)
        || is_plural_head(lower)
        || is_institution_head(lower)
        || has(TITLE_QUALIFIERS, lower)
}

/// Capitalised words that are no part of a name: sentence openers, days and months, and a
/// speech verb that opens a sentence ("Said Laura Pike, …", "Continued Stone: …").
pub fn is_not_name_word(lower: &str) -> bool {
    has(NOT_NAME_WORDS, lower)
        || ((lower.ends_with("ed") || lower == "said")
            && (is_speech_verb(lower) || is_quoting_verb(lower)))
}

pub fn is_media_role(lower: &str) -> bool {
    has(MEDIA_ROLES, lower)
}

/// Heads of titles that speak for no side: a journalist's beat, or a private person's home
/// or employer.
pub fn speaks_for_no_side(lower: &str) -> bool {
    is_media_role(lower) || has(PRIVATE_ROLES, lower)
}

pub fn is_posted_abroad(lower: &str) -> bool {
    has(POSTED_ABROAD, lower)
}

/// Heads after which "in", "at" or "from" and a name still belong to the speaker phrase ("the
/// US Embassy in Manila", "officials in Beijing", "negotiators from Japan").
pub fn is_located_head(lower: &str) -> bool {
    is_posted_abroad(lower)
        || is_plural_head(lower)
        || (is_institution_head(lower) && !matches!(lower, "newspaper" | "service" | "staff"))
}

/// Heads of titles held at a body by another state's appointment ("UN ambassador", "NATO
/// representative"): the body named before them is where they serve, not whom they speak for.
pub fn is_accredited(lower: &str) -> bool {
    matches!(
        lower,
        "ambassador" | "ambassadors" | "representative" | "representatives"
    )
}

pub fn is_name_connector(lower: &str) -> bool {
    has(NAME_CONNECTORS, lower)
}

pub fn is_aside_opener(lower: &str) -> bool {
    has(ASIDE_OPENERS, lower) || (lower.len() > 4 && lower.ends_with("ing"))
}

pub fn honorific(lower: &str) -> Option<Gender> {
    HONORIFICS
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, g)| *g)
}

pub fn is_abbreviation(word: &str) -> bool {
    has(ABBREVIATIONS, word)
}

pub fn is_sentence_opener(word: &str) -> bool {
    has(SENTENCE_OPENERS, word)
}

/// A generational suffix after a surname ("Jr.", "Sr", "III"), lower-cased.
pub fn is_name_suffix(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "jr" | "sr" | "ii" | "iii" | "iv"
    )
}

/// Articles, and "one" and "another" as in "said one European diplomat".
pub fn is_article(lower: &str) -> bool {
    matches!(lower, "the" | "a" | "an" | "one" | "another")
}

/// The gender a title or a first name tells, if any.
pub fn gender_hint(lower: &str) -> Option<Gender> {
    match lower {
        "spokesman" | "chairman" | "king" | "emperor" | "sultan" | "prince" => Some(Gender::Male),
        "spokeswoman" | "chairwoman" | "queen" | "princess" => Some(Gender::Female),
        _ if has(FEMALE_FIRST_NAMES, lower) => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a surname tells by its ending, for Slavic names ("Zakharova").
pub fn surname_gender(lower: &str) -> Option<Gender> {
    if lower.len() > 4 && (lower.ends_with("ova") || lower.ends_with("eva")) {
        Some(Gender::Female)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_lower_case_where_looked_up_in_lower_case() {
        for list in [
            SPEECH_VERBS,
            QUOTING_VERBS,
            OBJECT_SPEECH_VERBS,
            SPEECH_PARTICIPLES,
            SKIPPABLE_BEFORE_VERB,
            PERSON_HEADS,
            PLURAL_HEADS,
            INSTITUTION_HEADS,
            TITLE_QUALIFIERS,
            NOT_NAME_WORDS,
            NAME_CONNECTORS,
            FEMALE_FIRST_NAMES,
            MEDIA_ROLES,
            PRIVATE_ROLES,
            POSTED_ABROAD,
        ] {
            for w in list {
                assert_eq!(*w, w.to_lowercase(), "{w}");
            }
        }
    }

    #[test]
    fn verbs_and_titles() {
        assert!(is_speech_verb("said"));
        assert!(is_phrasal_speech("called", Some("for")));
        assert!(!is_phrasal_speech("called", Some("off")));
        assert!(is_title_word("prime"));
        assert!(is_person_head("chancellor"));
        assert!(is_skippable_before_verb("repeatedly"));
        assert!(!is_skippable_before_verb("italy"));
    }
}
