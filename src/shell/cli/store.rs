//! `positions retract`, `restore` and `check`: the store's upkeep from the command line.

use std::path::Path;
use std::process::ExitCode;

use super::who;
use crate::store;

/// `retract`: takes a statement out of the answers, kept in the store's retractions.
pub fn retract(
    data: &Path,
    id: &str,
    reason: Option<String>,
    by: Option<String>,
) -> anyhow::Result<ExitCode> {
    let gazetteer = crate::store::gazetteer(data)?;
    let retraction = store::Retraction {
        id: id.to_string(),
        by: who(by),
        at: crate::model::timestamp(chrono::Utc::now()),
        reason,
    };
    store::open(data).retract(&gazetteer, retraction)?;
    crate::shell::people::keep_learned_logged(data);
    outln!("retracted {id}: it is no longer answered (undo with: positions restore {id})");
    Ok(ExitCode::SUCCESS)
}

/// `restore`: undoes a retraction.
pub fn restore(data: &Path, id: &str) -> anyhow::Result<ExitCode> {
    let gazetteer = crate::store::gazetteer(data)?;
    let r = store::open(data).restore(&gazetteer, id)?;
    crate::shell::people::keep_learned_logged(data);
    outln!(
        "restored {id} (retracted by {} at {}): it is answered again",
        r.by,
        r.at
    );
    Ok(ExitCode::SUCCESS)
}

/// `check`: validates the data folder and prints its counts; an office past its term, two
/// holders at once, a name the articles give two sides and sources that disagree are warnings.
pub fn check(data: &Path) -> anyhow::Result<ExitCode> {
    let gazetteer = crate::store::gazetteer(data)?;
    let counts = store::open(data).check(&gazetteer)?;
    for w in crate::shell::people::warnings(data)? {
        eprintln!("warning: people: {w}");
    }
    outln!(
        "ok: {} articles, {} statements ({} retracted), {} entities, {} people",
        counts.articles,
        counts.statements,
        counts.retracted,
        counts.entities,
        counts.people
    );
    Ok(ExitCode::SUCCESS)
}
