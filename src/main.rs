//! The `positions` command line: ask questions, add articles, check the store, run the bot.
//! A thin shell: it parses arguments, calls the core and prints what the core returns.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use positions::shell::http::settings::listen_address;
use positions::shell::settings::metrics_address;
use positions::{answer, app, render};

/// mimalloc instead of the system allocator: loading a million statements makes and frees
/// millions of small strings and many large temporary tables, and glibc returned the tables'
/// pages to the kernel only to fault them in again; replies are built from small allocations.
/// Chosen here, by the program, not by the library (a library must not choose the allocator of
/// every program that links it); the benchmarks and `examples/scale.rs` choose it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes to standard output; a closed pipe (`positions ask … | head`) ends the process quietly
/// instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

/// `out!` with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        out!($($arg)*);
        out!("\n");
    }};
}

#[derive(Parser)]
#[command(
    name = "positions",
    version,
    about = "What countries and organisations have said, with exact quotes and sources."
)]
struct Cli {
    /// The data folder (default: $POSITIONS_DATA, else ./data).
    #[arg(long, global = true, env = "POSITIONS_DATA", default_value = "data")]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer a question as the bot would: "/position germany", "what did Italy say about troops?"
    Ask {
        /// The question, as typed in Discord.
        text: String,
        /// Print the reply as JSON.
        #[arg(long)]
        json: bool,
        /// Which page of a long answer (1 is the first).
        #[arg(long, default_value_t = 1)]
        page: usize,
        /// Write a timeline's chart (statements per month) to this PNG file, when it has one.
        #[arg(long)]
        chart: Option<std::path::PathBuf>,
    },
    /// Read articles (files or web links), extract their statements, print them and add them to
    /// the store. A failed one is reported on one line and the rest go on; exit 1 if any failed.
    Ingest {
        /// Article files (plain text or Markdown, optionally with front matter, or saved HTML
        /// pages) and http(s) links to article pages.
        #[arg(required = true, value_name = "FILE|URL")]
        files: Vec<PathBuf>,
        /// Extract and print, but do not store.
        #[arg(long)]
        dry_run: bool,
        /// Print {"statements": [...]} as JSON.
        #[arg(long)]
        json: bool,
        /// Print, for each sentence, whether it was read as a statement and why (stores
        /// nothing).
        #[arg(long, conflicts_with_all = ["json", "dry_run"])]
        explain: bool,
        /// Publication date, YYYY-MM-DD (overrides front matter).
        #[arg(long)]
        published: Option<String>,
        /// Article title (overrides front matter).
        #[arg(long)]
        title: Option<String>,
        /// Article URL (overrides front matter).
        #[arg(long)]
        url: Option<String>,
        /// Publisher (overrides front matter).
        #[arg(long)]
        publisher: Option<String>,
    },
    /// Take a statement out of the answers (kept in data/retractions.jsonl; undo with restore).
    Retract {
        /// The statement id, as `ask --json` shows it.
        id: String,
        /// Why it is retracted.
        #[arg(long)]
        reason: Option<String>,
        /// Who retracts it (default: $USER).
        #[arg(long)]
        by: Option<String>,
    },
    /// Undo a retraction: the statement is answered again.
    Restore {
        /// The statement id.
        id: String,
    },
    /// Validate everything under the data folder and print counts.
    Check,
    /// The people learned from the articles (name, side, office, first and last seen,
    /// articles), for review; `import` and `refresh` read people with dated terms from Wikidata.
    People {
        #[command(subcommand)]
        action: Option<PeopleAction>,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The feeds the store follows (data/feeds.json), polled by `watch`.
    Feeds {
        #[command(subcommand)]
        action: FeedsAction,
    },
    /// Poll every followed feed and store the new articles' statements; keeps polling every
    /// POSITIONS_WATCH_INTERVAL (default 10m) unless --once.
    Watch {
        /// Poll once, print a summary and exit (1 if any feed or article failed).
        #[arg(long)]
        once: bool,
        /// With --once: print the summary as JSON.
        #[arg(long, requires = "once")]
        json: bool,
    },
    /// Run the Discord bot (settings from the environment or .env; see .env.example).
    Serve {
        /// Run only these gateway shards, e.g. 0-1 (needs --total-shards). Without it, the
        /// process runs as many shards as Discord recommends.
        #[arg(long, value_name = "START-END", requires = "total_shards")]
        shards: Option<String>,
        /// The total number of shards across all processes.
        #[arg(long, value_name = "N", requires = "shards")]
        total_shards: Option<u32>,
        /// Serve Discord's HTTP interactions endpoint on ADDR (e.g. 0.0.0.0:8080) instead of
        /// connecting to the gateway; needs DISCORD_PUBLIC_KEY. Default: $POSITIONS_HTTP_ADDR.
        #[arg(long, value_name = "ADDR")]
        http: Option<String>,
        /// With --http: do not register the slash commands at start-up (then DISCORD_TOKEN is not
        /// needed).
        #[arg(long)]
        no_register: bool,
        /// Poll the followed feeds inside the bot every POSITIONS_WATCH_INTERVAL (default 10m),
        /// as `positions watch` does. Default: $POSITIONS_WATCH (1 to turn it on).
        #[arg(long)]
        watch: bool,
        /// Serve `GET /metrics` (Prometheus text format) on ADDR, e.g. 0.0.0.0:9100. Default:
        /// $POSITIONS_METRICS_ADDR, else off. The HTTP endpoint (--http) serves /metrics on its own
        /// address too.
        #[arg(long, value_name = "ADDR")]
        metrics: Option<String>,
    },
}

#[derive(Subcommand)]
enum PeopleAction {
    /// Read W3C SPARQL 1.1 JSON results of the README's query from FILE and write the people of
    /// the known sides to data/people-wikidata.json (exit 1 if a row was malformed; the other
    /// rows are written).
    Import { file: PathBuf },
    /// Run the README's query against $POSITIONS_WIKIDATA_SPARQL (default: the Wikidata Query
    /// Service) and write the answer to data/people-wikidata.json.
    Refresh,
}

#[derive(Subcommand)]
enum FeedsAction {
    /// Follow a feed (RSS 2.0, Atom or JSON Feed).
    Add {
        url: String,
        /// A name to show for it.
        #[arg(long)]
        name: Option<String>,
        /// Who adds it (default: $USER).
        #[arg(long)]
        by: Option<String>,
    },
    /// Stop following a feed.
    Remove { url: String },
    /// List the followed feeds.
    List {
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ask {
            text,
            json,
            page,
            chart,
        } => {
            let index = app::load(&cli.data)?;
            let reply = answer::ask(&index, &text, page.saturating_sub(1));
            if let Some(path) = chart {
                if reply.command == positions::answer::reply::Command::Timeline
                    && positions::answer::timeline::wants_chart(&reply.months)
                {
                    let png = positions::answer::chart::months_png(&reply.months)?;
                    anyhow::Context::with_context(std::fs::write(&path, png), || {
                        format!("could not write the chart to {}", path.display())
                    })?;
                }
            }
            if json {
                outln!("{}", render::json(&reply));
            } else {
                out!("{}", render::text::render(&reply));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest {
            files,
            dry_run,
            json,
            explain,
            published,
            title,
            url,
            publisher,
        } => {
            let flags = positions::ingest::Metadata {
                title,
                publisher,
                url,
                published,
            };
            if explain {
                return explain_files(&cli.data, &files, flags);
            }
            ingest(&cli.data, &files, flags, dry_run, json)
        }
        Command::Retract { id, reason, by } => {
            let gazetteer = positions::entities::Gazetteer::load(&cli.data)?;
            let by = by
                .or_else(|| std::env::var("USER").ok())
                .unwrap_or_else(|| "command line".to_string());
            let retraction = positions::store::Retraction {
                id: id.clone(),
                by,
                at: positions::model::timestamp(chrono::Utc::now()),
                reason,
            };
            positions::store::retract(&cli.data, &gazetteer, retraction)?;
            outln!("retracted {id}: it is no longer answered (undo with: positions restore {id})");
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { id } => {
            let gazetteer = positions::entities::Gazetteer::load(&cli.data)?;
            let r = positions::store::restore(&cli.data, &gazetteer, &id)?;
            outln!(
                "restored {id} (retracted by {} at {}): it is answered again",
                r.by,
                r.at
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let gazetteer = positions::entities::Gazetteer::load(&cli.data)?;
            let counts = positions::store::Store::check(&cli.data, &gazetteer)?;
            for w in positions::shell::people::warnings(&cli.data)? {
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
        Command::People { action, json } => people(&cli.data, action, json),
        Command::Feeds { action } => feeds(&cli.data, action),
        Command::Watch { once, json } => watch(&cli.data, once, json),
        Command::Serve {
            shards,
            total_shards,
            http,
            no_register,
            watch,
            metrics,
        } => Ok(serve(
            &cli.data,
            shards.as_deref(),
            total_shards,
            http.as_deref(),
            no_register,
            watch,
            metrics.as_deref(),
        )),
    }
}

/// `serve`: exit 2 for settings the user must fix, 1 for a broken store, 0 after a clean shutdown.
fn serve(
    data: &Path,
    shards: Option<&str>,
    total: Option<u32>,
    http: Option<&str>,
    no_register: bool,
    watch: bool,
    metrics: Option<&str>,
) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("positions=info,serenity=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let http = match listen_address(http, std::env::var("POSITIONS_HTTP_ADDR").ok()) {
        Ok(a) => a,
        Err(e) => return settings_error(e),
    };
    let watcher = match watcher_settings(watch) {
        Ok(w) => w,
        Err(e) => return settings_error(e),
    };
    // How the store is followed: read here too, so a mistake is reported before the index loads.
    if let Err(e) =
        positions::shell::fs_watch::mode(std::env::var("POSITIONS_WATCH_FS").ok().as_deref())
    {
        return settings_error(e);
    }
    let background = match metrics_address(metrics, std::env::var("POSITIONS_METRICS_ADDR").ok()) {
        Ok(metrics) => Background { watcher, metrics },
        Err(e) => return settings_error(e),
    };
    positions::shell::metrics::install();
    match http {
        Some(_) if shards.is_some() => settings_error(
            "--shards runs gateway shards and --http (or POSITIONS_HTTP_ADDR) the HTTP endpoint: run them as separate processes",
        ),
        Some(addr) => serve_http(data, addr, !no_register, background),
        None if no_register => settings_error(
            "--no-register is for the HTTP endpoint (--http); the gateway registers the commands when it connects",
        ),
        None => serve_gateway(data, shards, total, background),
    }
}

/// What a server runs beside answering: the feed watcher (`--watch`) and the metrics address
/// (`--metrics`), each when asked for.
struct Background {
    watcher: Option<(positions::fetch::Settings, std::time::Duration)>,
    metrics: Option<SocketAddr>,
}

/// What `serve --watch` (or POSITIONS_WATCH=1) polls with: the fetcher's settings and the
/// interval, read before the bot starts so a mistake is reported at once. None when off.
fn watcher_settings(
    flag: bool,
) -> Result<Option<(positions::fetch::Settings, std::time::Duration)>, String> {
    use positions::shell::watcher;
    if !flag && !watcher::wanted(std::env::var("POSITIONS_WATCH").ok().as_deref()) {
        return Ok(None);
    }
    let every = watcher::interval(std::env::var("POSITIONS_WATCH_INTERVAL").ok().as_deref())?;
    let fetch = positions::fetch::Settings::from_env()?;
    Ok(Some((fetch, every)))
}

/// Starts the background tasks on the server's runtime (the metrics' upkeep and, when asked for,
/// their address and the feed watcher), then runs the server.
async fn with_background(
    built: bool,
    live: Arc<positions::shell::live::LiveIndex>,
    background: Background,
    server: impl std::future::Future<Output = anyhow::Result<()>>,
) -> anyhow::Result<()> {
    tokio::spawn(positions::shell::metrics::upkeep());
    tokio::spawn(positions::shell::live::keep_snapshot(
        Arc::clone(&live),
        built,
    ));
    if let Some(addr) = background.metrics {
        positions::shell::metrics::serve(addr).await?;
    }
    if let Some((fetch, every)) = background.watcher {
        tokio::spawn(positions::shell::watcher::run(live, fetch, every));
    }
    server.await
}

/// A setting the user must fix: one line, exit 2.
fn settings_error(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

fn serve_gateway(
    data: &Path,
    shards: Option<&str>,
    total: Option<u32>,
    background: Background,
) -> ExitCode {
    use positions::shell::discord::{self, Shards};
    use positions::shell::Settings;
    let settings = match Settings::from_env(data.to_path_buf()) {
        Ok(s) => s,
        Err(e) => return settings_error(e),
    };
    let shards = match (shards, total) {
        (Some(range), Some(total)) => match parse_range(range, total) {
            Some((start, end)) => Shards::Range { start, end, total },
            None => {
                return settings_error(format!("--shards takes START-END within 0..{total} (for example 0-1), with START <= END"));
            }
        },
        _ => Shards::Recommended,
    };
    let Some((index, signature, stamps, from_snapshot)) = load_index(data) else {
        return ExitCode::FAILURE;
    };
    let state = Arc::new(discord::State::new(settings, index));
    state.live().set_baseline(signature, stamps);
    run_async(with_background(
        !from_snapshot,
        state.live(),
        background,
        discord::serve(Arc::clone(&state), shards),
    ))
}

fn serve_http(data: &Path, addr: SocketAddr, register: bool, background: Background) -> ExitCode {
    use positions::shell::http::{self, Endpoint, EndpointSettings, Registration};
    use positions::shell::live::LiveIndex;
    use positions::shell::rest::Rest;
    use positions::shell::Settings;
    let endpoint_settings = match EndpointSettings::from_env() {
        Ok(s) => s,
        Err(e) => return settings_error(e),
    };
    // Registration talks to Discord's REST API, so only then is the token needed.
    let settings = if register {
        match Settings::from_env(data.to_path_buf()) {
            Ok(s) => Some(s),
            Err(e) => return settings_error(e),
        }
    } else {
        None
    };
    let Some((index, signature, stamps, from_snapshot)) = load_index(data) else {
        return ExitCode::FAILURE;
    };
    let live = Arc::new(LiveIndex::new(data.to_path_buf(), index));
    live.set_baseline(signature, stamps);
    let endpoint = match Endpoint::new(endpoint_settings.public_key, Arc::clone(&live)) {
        Ok(e) => Arc::new(e.with_answer_cache(endpoint_settings.answer_cache)),
        Err(e) => return settings_error(e),
    };
    let registration = settings.map(|s| Registration {
        rest: Rest::new(s.rest_base(), &s.token),
        guild_id: s.guild_id,
        application_id: endpoint_settings.application_id,
    });
    run_async(with_background(
        !from_snapshot,
        live,
        background,
        http::serve(addr, endpoint, registration),
    ))
}

/// The index, and the signature and stamps of the folder taken before it was read.
fn load_index(
    data: &Path,
) -> Option<(positions::index::Index, u64, positions::store::Stamps, bool)> {
    let started = std::time::Instant::now();
    match app::load_for_serving(data) {
        Ok(loaded) => {
            let index = loaded.index;
            let secs = started.elapsed().as_secs_f64();
            tracing::info!(
                statements = index.len(),
                articles = index.articles().len(),
                from_snapshot = loaded.from_snapshot,
                secs,
                "store loaded"
            );
            positions::shell::announce(
                "loaded",
                serde_json::json!({
                    "statements": index.len(),
                    "articles": index.articles().len(),
                    "from_snapshot": loaded.from_snapshot,
                    "secs": (secs * 1000.0).round() / 1000.0,
                }),
            );
            if !loaded.from_snapshot {
                positions::shell::metrics::full_rebuild(secs);
            }
            positions::shell::metrics::index_in_force(index.len(), index.articles().len());
            Some((index, loaded.signature, loaded.stamps, loaded.from_snapshot))
        }
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    }
}

/// Runs a server on a multi-threaded runtime: exit 0 after a clean shutdown, 1 on failure.
fn run_async(server: impl std::future::Future<Output = anyhow::Result<()>>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse_range(range: &str, total: u32) -> Option<(u32, u32)> {
    let (a, b) = range.split_once('-').unwrap_or((range, range));
    let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a <= b && b < total).then_some((a, b))
}

/// Who runs a command: $USER, else "command line".
fn who(by: Option<String>) -> String {
    by.or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "command line".to_string())
}

/// The fetcher and a runtime for it, made when the first link needs them.
struct Web {
    fetcher: positions::fetch::Fetcher,
    runtime: tokio::runtime::Runtime,
}

impl Web {
    fn new() -> anyhow::Result<Web> {
        let settings = positions::fetch::Settings::from_env().map_err(anyhow::Error::msg)?;
        let fetcher = positions::fetch::Fetcher::new(settings)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Web { fetcher, runtime })
    }
}

fn is_link(input: &Path) -> bool {
    input
        .to_str()
        .map(|s| {
            let lower = s.trim().to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://") || lower.contains("://")
        })
        .unwrap_or(false)
}

/// What reading one input gave.
enum Input {
    Prepared(Box<positions::ingest::Prepared>),
    /// A link whose article is stored already (under this id): not fetched again.
    AlreadyStored(String),
}

/// One input read into what ingesting it would add, or the one-line reason it cannot be.
fn read_input(
    input: &Path,
    flags: &positions::ingest::Metadata,
    gazetteer: &positions::entities::Gazetteer,
    store: &positions::store::Store,
    web: &mut Option<Web>,
    data: &Path,
) -> Result<Input, String> {
    use positions::fetch::pipeline::{fetch_article, prepare_page, stored_with_url};
    use positions::ingest::{prepare, split_front_matter};
    use positions::web::page::{looks_like_html, read_page};
    if is_link(input) {
        let url = input.to_string_lossy().trim().to_string();
        if let Some(id) = stored_with_url(data, &url).map_err(|e| e.to_string())? {
            return Ok(Input::AlreadyStored(id));
        }
        if web.is_none() {
            *web = Some(Web::new().map_err(|e| e.to_string())?);
        }
        let Some(w) = web.as_ref() else {
            return Err("the fetcher is not available".to_string());
        };
        let page = w
            .runtime
            .block_on(fetch_article(&w.fetcher, &url))
            .map_err(|e| e.to_string())?;
        return prepare_page(page, flags.clone(), gazetteer, store)
            .map(|p| Input::Prepared(Box::new(p)))
            .map_err(|e| e.to_string());
    }
    let bytes = std::fs::read(input).map_err(|e| format!("cannot read: {e}"))?;
    let html = looks_like_html(&bytes)
        || input
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if html {
        let page = read_page(&bytes, None).map_err(|e| e.to_string())?;
        return prepare_page(page, flags.clone(), gazetteer, store)
            .map(|p| Input::Prepared(Box::new(p)))
            .map_err(|e| e.to_string());
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
    let (front, body) = split_front_matter(&text).map_err(|e| e.to_string())?;
    let meta = front.overlay(flags.clone());
    let name = input
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article");
    prepare(body, meta, name, gazetteer, store)
        .map(|p| Input::Prepared(Box::new(p)))
        .map_err(|e| e.to_string())
}

/// `ingest --explain`: each sentence of each file, whether it was read as a statement, and why.
fn explain_files(
    data: &std::path::Path,
    files: &[PathBuf],
    flags: positions::ingest::Metadata,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let gazetteer = positions::entities::Gazetteer::load(data)?;
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read as UTF-8 text", file.display()))?;
        let (front, body) = positions::ingest::split_front_matter(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let meta = front.overlay(flags.clone());
        let published = meta.published.as_deref();
        let (found, decisions) = positions::extract::explain(body, published, &gazetteer);
        outln!("{}: {} statements", file.display(), found.len());
        for d in &decisions {
            let sentence: String = body[d.start..d.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mark = if d.statement { "STATEMENT" } else { "-" };
            outln!("\n¶{} {mark}: {sentence}", d.paragraph);
            for why in &d.why {
                outln!("    {why}");
            }
            for s in found.iter().filter(|s| s.start < d.end && s.end > d.start) {
                let side = s
                    .entity
                    .map(|e| gazetteer.entity(e).key.clone())
                    .unwrap_or_else(|| "no side".into());
                outln!(
                    "    → [{}] {} ({side}): “{}”",
                    s.kind.as_str(),
                    s.speaker.name,
                    s.text
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `ingest`: each file or link is read, checked and stored on its own; a failure is one line
/// and the batch goes on; exit 1 when any failed.
fn ingest(
    data: &std::path::Path,
    files: &[PathBuf],
    flags: positions::ingest::Metadata,
    dry_run: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use positions::fetch::pipeline::{store_article, Stored};
    use positions::store::Store;
    use std::io::IsTerminal;
    let gazetteer = positions::entities::Gazetteer::load(data)?;
    let mut store = Store::load(data, &gazetteer)?;
    // The people the stored articles teach, for naming speakers the table lacks.
    let gazetteer = positions::shell::people::gazetteer_with_learned(data, &store)?;
    let mut web: Option<Web> = None;
    let bar = (files.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    // Lines are printed above the bar when there is one.
    let say = |line: String, to_stderr: bool| {
        let print = || {
            if to_stderr {
                eprintln!("{line}");
            } else {
                outln!("{line}");
            }
        };
        match &bar {
            Some(b) => b.suspend(print),
            None => print(),
        }
    };
    let mut all_views = Vec::new();
    let mut failed = 0usize;
    for file in files {
        let shown = file.display().to_string();
        if let Some(b) = &bar {
            b.set_message(shown.clone());
        }
        let prepared = match read_input(file, &flags, &gazetteer, &store, &mut web, data) {
            Ok(Input::Prepared(p)) => p,
            Ok(Input::AlreadyStored(id)) => {
                say(
                    format!("{shown}: already stored as {id}: nothing added"),
                    json,
                );
                if let Some(b) = &bar {
                    b.inc(1);
                }
                continue;
            }
            Err(reason) => {
                failed += 1;
                say(format!("{shown}: {reason}"), true);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                continue;
            }
        };
        let views =
            positions::answer::statement_views(&gazetteer, &prepared.article, &prepared.statements);
        let outcome = if let Some(id) = &prepared.duplicate_of {
            format!("already stored as {id}: nothing added")
        } else if dry_run {
            format!(
                "{} statements found (dry run: nothing stored)",
                prepared.statements.len()
            )
        } else {
            match store_article(data, &prepared) {
                Ok(Stored::New(id)) => {
                    store.articles.push(positions::store::StoredArticle {
                        meta: positions::model::Article {
                            id: id.clone(),
                            ..prepared.article.clone()
                        },
                        body: prepared.body.clone(),
                    });
                    format!("{} statements added as {id}", prepared.statements.len())
                }
                Ok(Stored::Duplicate(id)) => format!("already stored as {id}: nothing added"),
                Err(e) => {
                    failed += 1;
                    say(format!("{shown}: {e}"), true);
                    if let Some(b) = &bar {
                        b.inc(1);
                    }
                    continue;
                }
            }
        };
        if json {
            say(format!("{shown}: {outcome}"), true);
        } else {
            let mut lines = vec![format!("{shown}: {outcome}")];
            for (i, v) in views.iter().enumerate() {
                let entity = v.entity.as_deref().unwrap_or("no entity");
                let role = v.shown_role().map(|r| format!(", {r}")).unwrap_or_default();
                lines.push(format!(
                    "{:>3}. [{}] {}{role} ({entity}): “{}”",
                    i + 1,
                    v.kind,
                    v.speaker,
                    v.text
                ));
            }
            say(lines.join("\n"), false);
        }
        all_views.extend(views);
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "statements": all_views }))?
        );
    }
    if failed > 0 {
        eprintln!("{failed} of {} failed", files.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `feeds add|remove|list`.
fn feeds(data: &Path, action: FeedsAction) -> anyhow::Result<ExitCode> {
    use positions::web::feeds::{add_feed, read_feeds, remove_feed, FollowedFeed};
    match action {
        FeedsAction::Add { url, name, by } => {
            let parsed = url::Url::parse(url.trim())
                .map_err(|e| anyhow::anyhow!("{url}: not a web address ({e})"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                anyhow::bail!("{url}: only http and https feeds are followed");
            }
            let feed = FollowedFeed {
                url: parsed.to_string(),
                name,
                added_by: who(by),
                added_at: positions::model::timestamp(chrono::Utc::now()),
            };
            let shown = feed.url.clone();
            if add_feed(data, feed)? {
                outln!("following {shown} (polled by `positions watch`)");
            } else {
                outln!("{shown} is followed already");
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedsAction::Remove { url } => {
            let followed = read_feeds(data)?;
            let key = url::Url::parse(url.trim())
                .map(|u| u.to_string())
                .unwrap_or_else(|_| url.trim().to_string());
            let target = followed
                .iter()
                .find(|f| f.url == key || f.url == url.trim())
                .map(|f| f.url.clone());
            match target {
                Some(t) if remove_feed(data, &t)? => {
                    outln!("no longer following {t}");
                    Ok(ExitCode::SUCCESS)
                }
                _ => {
                    eprintln!("error: {url} is not followed (see `positions feeds list`)");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        FeedsAction::List { json } => {
            let followed = read_feeds(data)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&followed)?);
            } else if followed.is_empty() {
                outln!("no feeds followed (add one with `positions feeds add URL`)");
            } else {
                for f in &followed {
                    let name = f
                        .name
                        .as_deref()
                        .map(|n| format!("{n}: "))
                        .unwrap_or_default();
                    outln!(
                        "{name}{} (added by {} at {})",
                        f.url,
                        f.added_by,
                        f.added_at
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `people`: the learned people; `people import FILE`, `people refresh`: the Wikidata people.
fn people(data: &Path, action: Option<PeopleAction>, json: bool) -> anyhow::Result<ExitCode> {
    use positions::shell::people;
    let written = match action {
        None => {
            let (gazetteer, learned) = people::learned(data)?;
            if json {
                outln!("{}", people::json(&gazetteer, &learned));
            } else {
                out!("{}", people::text(&gazetteer, &learned));
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(PeopleAction::Import { file }) => {
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", file.display()))?;
            let gazetteer = positions::entities::Gazetteer::load(data)?;
            let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
            let source = format!(
                "Wikidata, SPARQL results imported from {} on {today} (the query in the README)",
                file.display()
            );
            people::write_results(data, &gazetteer, &bytes, &source)
                .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was changed", file.display()))?
        }
        Some(PeopleAction::Refresh) => people::refresh(data)?,
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

/// The polling interval: POSITIONS_WATCH_INTERVAL as seconds or with a unit (90s, 10m, 1h).
fn watch_interval() -> anyhow::Result<std::time::Duration> {
    positions::shell::watcher::interval(std::env::var("POSITIONS_WATCH_INTERVAL").ok().as_deref())
        .map_err(anyhow::Error::msg)
}

/// `watch`: poll the feeds once (`--once`) or every interval until stopped.
fn watch(data: &Path, once: bool, json: bool) -> anyhow::Result<ExitCode> {
    use positions::fetch::pipeline::poll_once;
    let interval = watch_interval()?;
    let mut web = Web::new()?;
    let gazetteer = {
        let gazetteer = positions::entities::Gazetteer::load(data)?;
        let store = positions::store::Store::load_without_bodies(data, &gazetteer)?;
        positions::shell::people::gazetteer_with_learned(data, &store)?
    };
    let mut progress = |line: &str| {
        if !json {
            eprintln!("{line}");
        }
    };
    loop {
        // A new fetcher each poll: robots.txt is read afresh.
        web.fetcher = positions::fetch::Fetcher::new(web.fetcher.settings().clone())?;
        let polled = web.runtime.block_on(poll_once(
            &web.fetcher,
            data,
            &gazetteer,
            interval.as_secs(),
            &mut progress,
        ));
        let summary = match polled {
            Ok(s) => s,
            Err(e) if once => return Err(e.into()),
            // A store that cannot be written now (a full disk, a lock) may be fine next time.
            Err(e) => {
                eprintln!("error: {e} (trying again in {} s)", interval.as_secs());
                std::thread::sleep(interval);
                continue;
            }
        };
        if json {
            outln!("{}", serde_json::to_string(&summary)?);
        } else {
            outln!(
                "{} feeds polled, {} new articles, {} statements, {} errors",
                summary.feeds,
                summary.new_articles,
                summary.statements,
                summary.errors.len()
            );
        }
        if once {
            return Ok(if summary.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        std::thread::sleep(interval);
    }
}
