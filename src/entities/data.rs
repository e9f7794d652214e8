//! The hand-written part of the gazetteer as it is stored under `data/`: organisations, capitals,
//! extra names and demonyms (`entities.json`) and people with their offices (`people.json`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::model::is_iso_date;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitiesFile {
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    /// Display names that replace keshvar's English name ("RU": "Russia").
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    #[serde(default)]
    pub capitals: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub demonyms: BTreeMap<String, Vec<String>>,
    /// Sides that are not UN members: states the country data lacks (Kosovo), movements and
    /// armed groups, authorities, sub-national governments and territories.
    #[serde(default)]
    pub sides: Vec<Side>,
    /// Ministries, offices and buildings that stand for a government ("State Department",
    /// "Quai d'Orsay", "Kantei").
    #[serde(default)]
    pub institutions: Vec<Institution>,
    /// Names shared by several sides ("Congolese", "Korean"): they resolve to none of them.
    #[serde(default)]
    pub ambiguous: Vec<Ambiguous>,
    /// Names the country data gives a side that are not its names ("Nigerian" for Niger).
    #[serde(default)]
    pub not_names: Vec<NotName>,
    /// Places the news names that are no side and sit within a typo of one ("the Americas",
    /// "Central Africa"): they resolve to nothing instead of to their neighbour.
    #[serde(default)]
    pub not_sides: Vec<String>,
    /// The Wikidata item of each state of the country data ("DE": "Q183"), so that a Wikidata
    /// refresh maps its rows to sides; organisations and `sides` carry theirs in their records.
    /// A side without one receives no Wikidata rows.
    #[serde(default)]
    pub wikidata: BTreeMap<String, String>,
    /// Free text for readers of the data (how the Wikidata ids were written, what is missing).
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotName {
    pub side: String,
    pub name: String,
    /// Why it is wrong, for readers of the data.
    #[serde(default)]
    pub why: Option<String>,
}

/// What kind of side an entity is; shown in replies for everything but a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SideKind {
    State,
    Organisation,
    /// A movement or an armed group (Hamas, the Houthis, the PKK).
    Movement,
    /// A governing authority that is neither a state nor part of one (the Palestinian
    /// Authority).
    Authority,
    /// The government of a part of a state (Scotland, Catalonia, the Kurdistan Region).
    Subnational,
    /// A dependent or autonomous territory (Hong Kong, Greenland, Puerto Rico).
    Territory,
}

impl SideKind {
    /// The kind as a reply shows it.
    pub fn label(self) -> &'static str {
        match self {
            SideKind::State => "state",
            SideKind::Organisation => "organisation",
            SideKind::Movement => "movement or armed group",
            SideKind::Authority => "governing authority",
            SideKind::Subnational => "sub-national government",
            SideKind::Territory => "territory",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// Stable key: an ISO code where there is one ("XK", "HK", "GB-SCT"), else a short id.
    pub id: String,
    pub name: String,
    pub kind: SideKind,
    pub flag: String,
    /// The state a territory or a sub-national government is part of (for readers of the data).
    #[serde(default)]
    pub within: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capitals: Vec<String>,
    /// Its Wikidata item ("Q1246"), when known.
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// The entity it speaks for.
    pub entity: String,
    /// What it is: "foreign ministry", "defence ministry", "leader's office".
    pub is: String,
    /// Its names and nicknames, as news writes them.
    pub names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ambiguous {
    pub name: String,
    /// The sides it could mean (for readers of the data and the check).
    pub sides: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub flag: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Its Wikidata item ("Q458"), when known.
    #[serde(default)]
    pub wikidata: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub entity: String,
    #[serde(default)]
    pub offices: Vec<OfficeRecord>,
    /// Free text for maintainers (what is uncertain about this record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the record was last checked (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
    /// Where the record comes from, so a reviewer knows what to check it against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The Wikidata item of the person ("Q2341"), for records a Wikidata refresh wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeRecord {
    /// The office as it is shown to users: "Chancellor of Germany".
    pub role: String,
    /// Office words as news text writes them, without the country: "chancellor".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Set where an office is held by several people at once by design (Andorra's co-princes,
    /// San Marino's Captains Regent), so the check does not report it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
}

pub fn read_entities(path: &Path) -> Result<EntitiesFile, DataError> {
    let text = read(path)?;
    serde_json::from_str(&text).map_err(|e| DataError::json(path, &e))
}

pub fn read_people(path: &Path) -> Result<Vec<PersonRecord>, DataError> {
    let text = read(path)?;
    let people: Vec<PersonRecord> =
        serde_json::from_str(&text).map_err(|e| DataError::json(path, &e))?;
    check_dates(path, &text, &people)?;
    Ok(people)
}

/// What a Wikidata refresh wrote (`people-wikidata.json`): the people, and when and from what
/// they were read. Written by `positions people refresh` or `import`, never by hand.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WikidataPeople {
    /// Where the rows come from, in words.
    pub source: String,
    /// The day of the refresh (YYYY-MM-DD).
    pub refreshed: String,
    pub people: Vec<PersonRecord>,
}

pub fn read_wikidata_people(path: &Path) -> Result<WikidataPeople, DataError> {
    parse_wikidata_people(path, &read(path)?)
}

/// The Wikidata people from a document's text; `path` says where it was read (a file, or the
/// database's table), for the errors.
pub fn parse_wikidata_people(path: &Path, text: &str) -> Result<WikidataPeople, DataError> {
    let file: WikidataPeople = serde_json::from_str(text).map_err(|e| DataError::json(path, &e))?;
    if !is_iso_date(&file.refreshed) {
        return Err(DataError::line(
            path,
            line_of_field(text, "refreshed"),
            format!(
                "field `refreshed`: `{}` is not a YYYY-MM-DD date",
                file.refreshed
            ),
        ));
    }
    check_dates(path, text, &file.people)?;
    Ok(file)
}

fn check_dates(path: &Path, text: &str, people: &[PersonRecord]) -> Result<(), DataError> {
    for p in people {
        if let Some(d) = p.checked.as_deref().filter(|d| !is_iso_date(d)) {
            return Err(DataError::line(
                path,
                line_of(text, &p.name),
                format!(
                    "field `checked` of {}: `{d}` is not a YYYY-MM-DD date",
                    p.name
                ),
            ));
        }
        for o in &p.offices {
            for d in [&o.from, &o.to].into_iter().flatten() {
                if !is_iso_date(d) {
                    return Err(DataError::line(
                        path,
                        line_of(text, &p.name),
                        format!(
                            "field `from`/`to` of {}: `{d}` is not a YYYY-MM-DD date",
                            p.name
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, DataError> {
    std::fs::read_to_string(path).map_err(|e| DataError::file(path, format!("cannot read: {e}")))
}

/// The 1-based line where `needle` first occurs, for pointing at a record.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|i| text[..i].matches('\n').count() + 1)
        .unwrap_or(1)
}

/// The line of the first `"field":` in a JSON document, for pointing at a field.
pub fn line_of_field(text: &str, field: &str) -> usize {
    line_of(text, &format!("\"{field}\""))
}
