//! `positions people`: the people learned from the store, for review; `people import FILE` and
//! `people refresh`, which write the Wikidata people (`people-wikidata.json` atomically under
//! the writers' lock, or the database's table when the store is kept there). The rules are in `crate::people`; this is the shell around them.

use std::path::Path;
use std::time::Duration;

use crate::entities::Gazetteer;
use crate::environment::{Env, Var};
use crate::fetch::{Fetcher, Settings};
use crate::people::wikidata::{read_results, Import, DEFAULT_ENDPOINT, QUERY, RESULTS_TYPE};
use crate::people::{learn, Learned};
use crate::store::{ArticleStore, Registry, Store};

/// The variable naming the SPARQL endpoint `refresh` asks.
pub const ENDPOINT_VAR: &str = Var::WikidataSparql.name();

/// The longest a refresh waits for the endpoint when POSITIONS_FETCH_TIMEOUT is unset: the
/// Wikidata Query Service stops a query after 60 s.
pub const REFRESH_TIMEOUT: Duration = Duration::from_secs(70);

/// The most a refresh reads, counted after decompression (the page limit is 5 MiB).
pub const REFRESH_MAX_BYTES: usize = 32 * 1024 * 1024;

/// The gazetteer (shipped and Wikidata people) and what the store teaches.
pub fn learned(data: &Path) -> anyhow::Result<(Gazetteer, Learned)> {
    let gazetteer = crate::store::gazetteer(data)?;
    let store = crate::store::open(data).load_for_index(&gazetteer)?;
    let learned = in_force_learned(&gazetteer, &store);
    Ok((gazetteer, learned))
}

/// What the statements in force of `store` teach.
fn in_force_learned(gazetteer: &Gazetteer, store: &Store) -> Learned {
    let retracted = store.retracted_ids();
    let statements = store
        .statements
        .iter()
        .filter(|s| !retracted.contains(&*s.id));
    let articles: Vec<crate::model::Article> =
        store.articles.iter().map(|a| a.meta.clone()).collect();
    learn(gazetteer, &articles, statements)
}

/// After a change to a store kept in a database (an article added, a statement retracted or
/// restored, the Wikidata people replaced): what the store teaches now, written to the
/// database's table (`Registry::save_learned_people`). Nothing for a data folder, where the
/// people are derived whenever they are read. Returns how many people and conflicting names
/// were written, when they were.
pub fn keep_learned(data: &Path) -> anyhow::Result<Option<(usize, usize)>> {
    if crate::store::database().is_none() {
        return Ok(None);
    }
    keep_learned_in(
        data,
        &*crate::store::open(data),
        &*crate::store::registry(data),
    )
}

/// `keep_learned` for a given database (`store` and `registry` are the same one), such as the
/// target of `store copy`.
pub fn keep_learned_in(
    data: &Path,
    store: &dyn ArticleStore,
    registry: &dyn Registry,
) -> anyhow::Result<Option<(usize, usize)>> {
    let people = registry.wikidata_people()?;
    let gazetteer = Gazetteer::load_with_wikidata(
        data,
        &people.as_ref().map(|p| p.place.clone()).unwrap_or_default(),
        people.as_ref().map(|p| p.text.as_str()),
    )?;
    // The change the reading starts from: the store read below is at least that recent.
    let seq = store.stamps().change_log().map_or(0, |(seq, _)| seq);
    let learned = in_force_learned(&gazetteer, &store.load_for_index(&gazetteer)?);
    let written = registry.save_learned_people(&learned, seq)?;
    Ok(written.then_some((learned.people.len(), learned.conflicts.len())))
}

/// `keep_learned`, for a writer whose own change is done: a failure is logged, not returned
/// (the change stands; the next writer's keeping catches the table up).
pub fn keep_learned_logged(data: &Path) {
    if let Err(e) = keep_learned(data) {
        tracing::warn!("the learned people were not written to the database: {e:#}");
    }
}

/// `keep_learned_logged` on a blocking thread, not waited for: a serving process's writer
/// answers its user first. Nothing is started for a data folder.
pub fn keep_learned_later(data: std::path::PathBuf) {
    if crate::store::database().is_some() {
        tokio::task::spawn_blocking(move || keep_learned_logged(&data));
    }
}

/// The gazetteer with the people the store teaches, for the command-line writers (`ingest`,
/// `watch`); a serving process gets it with its index (`app::learn_people`).
pub fn gazetteer_with_learned(data: &Path, store: &Store) -> anyhow::Result<Gazetteer> {
    let gazetteer = crate::store::gazetteer(data)?;
    let learned = in_force_learned(&gazetteer, store);
    if learned.people.is_empty() && learned.conflicts.is_empty() {
        return Ok(gazetteer);
    }
    Ok(gazetteer.with_learned(&crate::people::for_gazetteer(&learned)))
}

/// The learned people as `positions people --json` prints them.
pub fn json(gazetteer: &Gazetteer, learned: &Learned) -> serde_json::Value {
    let side = |key: &str| {
        gazetteer
            .by_key(key)
            .map(|e| gazetteer.entity(e).name.clone())
            .unwrap_or_else(|| key.to_string())
    };
    let person = |p: &crate::people::LearnedPerson| {
        serde_json::json!({
            "name": p.name,
            "short": p.short,
            "side": p.side,
            "side_name": side(&p.side),
            "office": p.office,
            "first_seen": p.first_seen,
            "last_seen": p.last_seen,
            "articles": p.articles,
        })
    };
    serde_json::json!({
        "people": learned.people.iter().map(person).collect::<Vec<_>>(),
        "conflicts": learned.conflicts.iter().map(|c| serde_json::json!({
            "name": c.name,
            "evidence": c.evidence.iter().map(person).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The learned people as text, one a line.
pub fn text(gazetteer: &Gazetteer, learned: &Learned) -> String {
    let mut out = String::new();
    let seen = |p: &crate::people::LearnedPerson| match (&p.first_seen, &p.last_seen) {
        (Some(a), Some(b)) if a == b => format!("seen {a}"),
        (Some(a), Some(b)) => format!("seen {a} to {b}"),
        _ => "undated".to_string(),
    };
    let line = |p: &crate::people::LearnedPerson| {
        format!(
            "{} · {} · {}\n",
            crate::people::label(gazetteer, p),
            seen(p),
            p.articles.join(", ")
        )
    };
    out.push_str(&format!(
        "{} people learned from the articles\n",
        learned.people.len()
    ));
    for p in &learned.people {
        out.push_str(&line(p));
    }
    if !learned.conflicts.is_empty() {
        out.push_str(&format!(
            "\n{} names with two sides or more (never guessed):\n",
            learned.conflicts.len()
        ));
        for c in &learned.conflicts {
            for p in &c.evidence {
                out.push_str(&line(p));
            }
        }
    }
    out
}

/// What an import or a refresh wrote, in one line, and each row it could not read.
pub struct Written {
    pub summary: String,
    pub bad_rows: Vec<String>,
}

/// Reads SPARQL JSON results and writes the people of the sides the gazetteer knows to
/// `people-wikidata.json` (atomically, under the writers' lock), or to the database's table. A document that is not such
/// results writes nothing; a malformed row is reported by number and the others are written.
pub fn write_results(
    data: &Path,
    gazetteer: &Gazetteer,
    json: &[u8],
    source: &str,
) -> anyhow::Result<Written> {
    let import = read_results(json, gazetteer)?;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let file = import.file(source, &today);
    let place = crate::store::registry(data).save_wikidata_people(&file)?;
    // A person the table now gives an office no longer counts as learned.
    keep_learned_logged(data);
    Ok(Written {
        summary: summary(&import, &place),
        bad_rows: import.bad_rows.iter().map(ToString::to_string).collect(),
    })
}

fn summary(import: &Import, place: &str) -> String {
    let unknown = import.skipped();
    format!(
        "{} rows: {} kept ({} people) in {}; {} skipped, their side unknown to the gazetteer{}; {} malformed",
        import.rows,
        import.kept,
        import.people.len(),
        place,
        unknown,
        if unknown > 0 {
            format!(
                " ({})",
                import
                    .unknown_sides
                    .keys()
                    .take(10)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        },
        import.bad_rows.len()
    )
}

/// The address `refresh` asks: the endpoint with the query.
pub fn query_url(endpoint: &str) -> anyhow::Result<String> {
    let url = reqwest::Url::parse_with_params(endpoint.trim(), &[("query", QUERY)])
        .map_err(|e| anyhow::anyhow!("{ENDPOINT_VAR}: `{endpoint}` is not a web address: {e}"))?;
    Ok(url.to_string())
}

/// The endpoint from the environment, else Wikidata's.
pub fn endpoint() -> String {
    Env::process()
        .get(Var::WikidataSparql)
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string())
}

/// Runs the query against the endpoint through the fetcher (its User-Agent, guard, timeouts
/// and retries) and writes what it answers.
pub fn refresh(data: &Path) -> anyhow::Result<Written> {
    let gazetteer = crate::store::gazetteer(data)?;
    let endpoint = endpoint();
    let address = query_url(&endpoint)?;
    let env = Env::process();
    let mut settings = Settings::from_env(&env).map_err(anyhow::Error::msg)?;
    if env.get(Var::FetchTimeout).is_none() {
        settings.timeout = REFRESH_TIMEOUT;
    }
    settings.max_bytes = settings.max_bytes.max(REFRESH_MAX_BYTES);
    let fetcher = Fetcher::new(settings)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let response = runtime
        .block_on(fetcher.query(&address, RESULTS_TYPE))
        .map_err(|e| anyhow::anyhow!("{endpoint}: {e}; nothing was changed"))?;
    let source =
        format!("Wikidata, through the SPARQL endpoint {endpoint} (the query in the README)");
    write_results(data, &gazetteer, &response.body, &source)
        .map_err(|e| anyhow::anyhow!("{endpoint}: {e}"))
}

/// What `positions check` says about people: names the articles give two sides, learned
/// people a stronger source contradicts, and offices two people hold at once or that ended
/// with no successor (shipped and Wikidata people).
pub fn warnings(data: &Path) -> anyhow::Result<Vec<String>> {
    let (gazetteer, learned) = learned(data)?;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let mut out: Vec<String> = crate::entities::office_warnings(&gazetteer, &today);
    out.extend(crate::people::warnings(&gazetteer, &learned));
    Ok(out)
}
