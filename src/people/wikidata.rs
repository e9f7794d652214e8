//! People with dated offices from Wikidata: the SPARQL query the refresh runs, and its results
//! (W3C SPARQL 1.1 Query Results JSON) read into person records for the sides the gazetteer
//! knows. Pure: the fetch and the write are the shell's.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::entities::{Gazetteer, OfficeRecord, PersonRecord, WikidataPeople};
use crate::model::is_iso_date;
use crate::text::fold;

/// The public endpoint `positions people refresh` asks when POSITIONS_WIKIDATA_SPARQL is unset.
pub const DEFAULT_ENDPOINT: &str = "https://query.wikidata.org/sparql";

/// What the refresh asks for: heads of state and of government of the sovereign states, their
/// foreign and defence ministers and spokespeople, and the heads of the main organisations, each
/// term with its start and, when it ended, its end (terms that ended before 2000 left out). The
/// README quotes it verbatim.
pub const QUERY: &str = r#"SELECT ?person ?personLabel ?personAltLabel ?officeLabel ?side ?start ?end WHERE {
  {
    ?side wdt:P31 wd:Q3624078 .
    { ?side wdt:P1906 ?office . } UNION { ?side wdt:P1313 ?office . }
  } UNION {
    ?side wdt:P31 wd:Q3624078 .
    ?office wdt:P1001 ?side ;
            rdfs:label ?officeName .
    FILTER(LANG(?officeName) = "en")
    FILTER(REGEX(?officeName, "foreign affairs|foreign minister|foreign secretary|external affairs|defen[cs]e minister|minister of defen[cs]e|minister for defen[cs]e|secretary of defen[cs]e|secretary of state for defen[cs]e|^United States Secretary of State$|spokesperson", "i"))
  } UNION {
    VALUES ?side { wd:Q458 wd:Q7184 wd:Q1065 wd:Q7159 wd:Q7768 wd:Q7825 wd:Q7804 wd:Q320863 wd:Q7817 wd:Q41984
                  wd:Q81299 wd:Q193272 wd:Q7172 wd:Q123759 wd:Q8908 wd:Q41550 wd:Q47543 wd:Q7795
                  wd:Q217172 wd:Q132551 wd:Q740308 wd:Q204344 wd:Q846656 wd:Q161718 wd:Q7809
                  wd:Q82151 wd:Q54129 wd:Q8901 wd:Q8475 wd:Q47488 wd:Q7801 }
    ?side wdt:P2388 ?office .
  }
  ?held ps:P39 ?office ;
        pq:P580 ?start .
  ?person p:P39 ?held ;
          wdt:P31 wd:Q5 .
  OPTIONAL { ?held pq:P582 ?end . }
  FILTER NOT EXISTS { ?held wikibase:rank wikibase:DeprecatedRank . }
  FILTER(!BOUND(?end) || ?end >= "2000-01-01T00:00:00Z"^^xsd:dateTime)
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
}"#;

/// The media type the refresh asks for.
pub const RESULTS_TYPE: &str = "application/sparql-results+json";

/// Why a results document, or one of its rows, cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResultsError {
    #[error("not SPARQL 1.1 JSON results: {0}")]
    Document(String),
    #[error("the results lack the variable `{0}` (the query in the README gives person, personLabel, personAltLabel, officeLabel, side, start, end)")]
    Variable(&'static str),
}

/// A row that could not be read: its number (1-based, in the order of `results.bindings`) and
/// why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub row: usize,
    pub why: String,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}", self.row, self.why)
    }
}

/// What an import read.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// One record per person and side, offices in order of start.
    pub people: Vec<PersonRecord>,
    pub rows: usize,
    /// Rows read and kept.
    pub kept: usize,
    /// Rows whose side the gazetteer does not know (counted, skipped, never guessed), by item.
    pub unknown_sides: BTreeMap<String, usize>,
    /// Rows that could not be read; the others are kept.
    pub bad_rows: Vec<BadRow>,
}

impl Import {
    pub fn skipped(&self) -> usize {
        self.unknown_sides.values().sum()
    }

    /// The file a refresh writes.
    pub fn file(&self, source: &str, refreshed: &str) -> WikidataPeople {
        WikidataPeople {
            source: source.to_string(),
            refreshed: refreshed.to_string(),
            people: self.people.clone(),
        }
    }
}

#[derive(Deserialize)]
struct Document {
    head: Head,
    results: Results,
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    vars: Vec<String>,
}

#[derive(Deserialize)]
struct Results {
    bindings: Vec<serde_json::Value>,
}

const REQUIRED: [&str; 5] = ["person", "personLabel", "officeLabel", "side", "start"];

/// Reads SPARQL JSON results of `QUERY`. A document that is not such results, or lacks one of
/// the required variables, is an error; a row that cannot be read is reported with its number
/// and the others are kept; a row whose side has no Wikidata id in the gazetteer is counted and
/// skipped.
pub fn read_results(json: &[u8], gazetteer: &Gazetteer) -> Result<Import, ResultsError> {
    let doc: Document =
        serde_json::from_slice(json).map_err(|e| ResultsError::Document(e.to_string()))?;
    for v in REQUIRED {
        if !doc.head.vars.iter().any(|h| h == v) {
            return Err(ResultsError::Variable(v));
        }
    }
    let mut import = Import {
        rows: doc.results.bindings.len(),
        ..Import::default()
    };
    // (item, side) → record.
    let mut records: BTreeMap<(String, String), PersonRecord> = BTreeMap::new();
    for (i, binding) in doc.results.bindings.iter().enumerate() {
        let row = match read_row(binding) {
            Ok(r) => r,
            Err(why) => {
                import.bad_rows.push(BadRow { row: i + 1, why });
                continue;
            }
        };
        let Some(side) = gazetteer.side_of_wikidata(&row.side) else {
            *import.unknown_sides.entry(row.side).or_default() += 1;
            continue;
        };
        import.kept += 1;
        let key = gazetteer.entity(side).key.clone();
        let record = records
            .entry((row.person.clone(), key.clone()))
            .or_insert_with(|| PersonRecord {
                name: row.label.clone(),
                aliases: Vec::new(),
                entity: key,
                offices: Vec::new(),
                note: None,
                checked: None,
                source: None,
                wikidata: Some(row.person.clone()),
            });
        for a in &row.aliases {
            if fold(a) != fold(&record.name) && !record.aliases.contains(a) {
                record.aliases.push(a.clone());
            }
        }
        let office = OfficeRecord {
            titles: titles_of(&row.office),
            role: row.office,
            from: Some(row.start),
            to: row.end,
            shared: false,
        };
        let same =
            |o: &OfficeRecord| o.role == office.role && o.from == office.from && o.to == office.to;
        if !record.offices.iter().any(same) {
            record.offices.push(office);
        }
    }
    for (_, mut record) in records {
        record.offices.sort_by(|a, b| a.from.cmp(&b.from));
        if let Some(surname) = super::short_forms(&record.name).into_iter().next() {
            if !record.aliases.contains(&surname) {
                record.aliases.push(surname);
            }
        }
        import.people.push(record);
    }
    Ok(import)
}

struct Row {
    person: String,
    label: String,
    aliases: Vec<String>,
    office: String,
    side: String,
    start: String,
    end: Option<String>,
}

fn read_row(b: &serde_json::Value) -> Result<Row, String> {
    let term = |name: &str| -> Option<(&str, &str)> {
        let t = b.get(name)?;
        Some((t.get("type")?.as_str()?, t.get("value")?.as_str()?))
    };
    let required = |name: &'static str| term(name).ok_or(format!("no `{name}`"));
    let item = |name: &'static str| -> Result<String, String> {
        let (kind, value) = required(name)?;
        let id = value
            .strip_prefix("http://www.wikidata.org/entity/")
            .filter(|id| kind == "uri" && is_item(id))
            .ok_or(format!("`{name}` is not a Wikidata item URI: `{value}`"))?;
        Ok(id.to_string())
    };
    let literal = |name: &'static str| -> Result<String, String> {
        let (_, value) = required(name)?;
        let value = value.trim();
        if value.is_empty() {
            return Err(format!("`{name}` is empty"));
        }
        Ok(value.to_string())
    };
    let date = |name: &'static str, value: &str| -> Result<String, String> {
        let day = value.get(..10).unwrap_or(value);
        if is_iso_date(day) && (value.len() == 10 || value[10..].starts_with('T')) {
            Ok(day.to_string())
        } else {
            Err(format!("`{name}` is not an xsd:dateTime: `{value}`"))
        }
    };
    let person = item("person")?;
    let side = item("side")?;
    let label = literal("personLabel")?;
    // The label service gives an item without an English label its id as its label.
    if is_item(&label) {
        return Err(format!("`personLabel` is no name: `{label}`"));
    }
    let office = literal("officeLabel")?;
    let start = date("start", &literal("start")?)?;
    let end = match term("end") {
        Some((_, v)) => Some(date("end", v.trim())?),
        None => None,
    };
    let aliases = term("personAltLabel")
        .map(|(_, v)| {
            v.split(", ")
                .map(str::trim)
                .filter(|a| a.chars().count() >= 3 && a.chars().any(char::is_alphabetic))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(Row {
        person,
        label,
        aliases,
        office,
        side,
        start,
        end,
    })
}

fn is_item(id: &str) -> bool {
    id.len() > 1 && id.starts_with('Q') && id[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Office words as news text writes them, from an office's English label ("Federal Minister
/// of Foreign Affairs" → "foreign minister"), so that "the German foreign minister" finds the
/// holder on the article's date.
pub fn titles_of(label: &str) -> Vec<String> {
    let l = fold(label);
    let has = |w: &str| l.contains(w);
    let mut out: Vec<&str> = Vec::new();
    if has("spokes") {
        out.extend(["spokesperson", "spokesman", "spokeswoman"]);
        if has("foreign") {
            out.push("foreign ministry spokesperson");
        }
    } else if has("foreign") || has("external affairs") || l == "united states secretary of state" {
        out.extend(["foreign minister", "foreign secretary"]);
        if l.contains("secretary of state") {
            out.push("secretary of state");
        }
    } else if has("defence") || has("defense") {
        out.extend(["defence minister", "defense minister"]);
        if has("secretary") {
            out.extend(["defence secretary", "defense secretary"]);
        }
    } else if has("prime minister") {
        out.extend(["prime minister", "premier"]);
    } else if has("chancellor") {
        out.push("chancellor");
    } else if has("secretary general") || has("secretary-general") {
        out.extend(["secretary-general", "secretary general"]);
    } else if has("director general") || has("director-general") {
        out.extend(["director-general", "director general"]);
    } else if has("president") {
        out.push("president");
    } else if has("king") || has("queen") || has("monarch") {
        out.push("monarch");
        if has("king") {
            out.push("king");
        }
        if has("queen") {
            out.push("queen");
        }
    } else if has("premier") {
        out.push("premier");
    }
    out.into_iter().map(str::to_string).collect()
}
