//! The hand-written part of the gazetteer as it is stored under `data/`: organisations, capitals,
//! extra names and demonyms (`entities.json`) and people with their offices (`people.json`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub entity: String,
    #[serde(default)]
    pub offices: Vec<OfficeRecord>,
    /// Free text for maintainers (what is uncertain about this record).
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeRecord {
    /// The office as it is shown to users: "Chancellor of Germany".
    pub role: String,
    /// Office words as news text writes them, without the country: "chancellor".
    #[serde(default)]
    pub titles: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

pub fn read_entities(path: &Path) -> Result<EntitiesFile, DataError> {
    let text = read(path)?;
    serde_json::from_str(&text).map_err(|e| DataError::json(path, &e))
}

pub fn read_people(path: &Path) -> Result<Vec<PersonRecord>, DataError> {
    let text = read(path)?;
    let people: Vec<PersonRecord> =
        serde_json::from_str(&text).map_err(|e| DataError::json(path, &e))?;
    for p in &people {
        for o in &p.offices {
            for d in [&o.from, &o.to].into_iter().flatten() {
                if !is_iso_date(d) {
                    return Err(DataError::line(
                        path,
                        line_of(&text, &p.name),
                        format!(
                            "field `from`/`to` of {}: `{d}` is not a YYYY-MM-DD date",
                            p.name
                        ),
                    ));
                }
            }
        }
    }
    Ok(people)
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
