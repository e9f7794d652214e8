//! `people`: the people learned from the articles; `people import FILE` and `people refresh`:
//! the people with dated terms from Wikidata (see `shell::people`).

use std::path::Path;
use std::process::ExitCode;

use crate::shell::people;

/// What `people` is asked to do.
pub enum Action {
    /// List the learned people.
    List { json: bool },
    /// Read SPARQL JSON results from a file.
    Import { file: std::path::PathBuf },
    /// Ask the SPARQL endpoint.
    Refresh,
}

pub fn run(data: &Path, action: Action) -> anyhow::Result<ExitCode> {
    let written = match action {
        Action::List { json } => {
            let (gazetteer, learned) = people::learned(data)?;
            if json {
                outln!("{}", people::json(&gazetteer, &learned));
            } else {
                out!("{}", people::text(&gazetteer, &learned));
            }
            return Ok(ExitCode::SUCCESS);
        }
        Action::Import { file } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", file.display()))?;
            let gazetteer = crate::store::gazetteer(data)?;
            let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
            let source = format!(
                "Wikidata, SPARQL results imported from {} on {today} (the query in the README)",
                file.display()
            );
            people::write_results(data, &gazetteer, &bytes, &source)
                .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was changed", file.display()))?
        }
        Action::Refresh => people::refresh(data)?,
    };
    for bad in &written.bad_rows {
        eprintln!("error: {bad}");
    }
    outln!("{}", written.summary);
    Ok(if written.bad_rows.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
