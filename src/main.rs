//! The `positions` command line: ask questions, add articles, check the store, run the bot.
//! A thin shell: it parses arguments, calls the core and prints what the core returns.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use positions::shell::http::settings::listen_address;
use positions::{answer, app, render};

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
    },
    /// Read articles, extract their statements, print them and add them to the store.
    Ingest {
        /// Plain-text or Markdown article files, optionally with front matter.
        #[arg(required = true)]
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
        Command::Ask { text, json, page } => {
            let index = app::load(&cli.data)?;
            let reply = answer::ask(&index, &text, page.saturating_sub(1));
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
            let at = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let retraction = positions::store::Retraction {
                id: id.clone(),
                by,
                at: positions::model::unix_to_iso(at),
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
        Command::Serve {
            shards,
            total_shards,
            http,
            no_register,
        } => Ok(serve(
            &cli.data,
            shards.as_deref(),
            total_shards,
            http.as_deref(),
            no_register,
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
    match http {
        Some(_) if shards.is_some() => settings_error(
            "--shards runs gateway shards and --http (or POSITIONS_HTTP_ADDR) the HTTP endpoint: run them as separate processes",
        ),
        Some(addr) => serve_http(data, addr, !no_register),
        None if no_register => settings_error(
            "--no-register is for the HTTP endpoint (--http); the gateway registers the commands when it connects",
        ),
        None => serve_gateway(data, shards, total),
    }
}

/// A setting the user must fix: one line, exit 2.
fn settings_error(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

fn serve_gateway(data: &Path, shards: Option<&str>, total: Option<u32>) -> ExitCode {
    use positions::shell::discord::{self, Settings, Shards};
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
    let Some((index, signature)) = load_index(data) else {
        return ExitCode::FAILURE;
    };
    let state = Arc::new(discord::State::new(settings, index));
    state.live().set_signature(signature);
    run_async(discord::serve(state, shards))
}

fn serve_http(data: &Path, addr: SocketAddr, register: bool) -> ExitCode {
    use positions::shell::discord::{LiveIndex, Settings, State};
    use positions::shell::http::{self, Endpoint, EndpointSettings, Registration};
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
    let Some((index, signature)) = load_index(data) else {
        return ExitCode::FAILURE;
    };
    let live = Arc::new(LiveIndex::new(data.to_path_buf(), index));
    live.set_signature(signature);
    let endpoint = match Endpoint::new(endpoint_settings.public_key, Arc::clone(&live)) {
        Ok(e) => Arc::new(e),
        Err(e) => return settings_error(e),
    };
    let registration = settings.map(|s| Registration {
        state: Arc::new(State::with_live(s, live)),
        application_id: endpoint_settings.application_id,
    });
    run_async(http::serve(addr, endpoint, registration))
}

/// The index and the signature of the folder it was read from.
fn load_index(data: &Path) -> Option<(positions::index::Index, u64)> {
    match app::load_with_signature(data) {
        Ok((index, signature)) => {
            tracing::info!(
                statements = index.len(),
                articles = index.articles().len(),
                "store loaded"
            );
            Some((index, signature))
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

/// `ingest`: every file is read and checked before anything is written.
fn ingest(
    data: &std::path::Path,
    files: &[PathBuf],
    flags: positions::ingest::Metadata,
    dry_run: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    use positions::ingest::{prepare, split_front_matter};
    use positions::store::{add_article, Added, Store};
    let gazetteer = positions::entities::Gazetteer::load(data)?;
    let mut store = Store::load(data, &gazetteer)?;
    let mut all_views = Vec::new();
    let mut reports = Vec::new();
    for file in files {
        let bytes =
            std::fs::read(file).with_context(|| format!("{}: cannot read", file.display()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{}: not UTF-8 text (byte {})",
                file.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        let (front, body) =
            split_front_matter(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let meta = front.overlay(flags.clone());
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("article");
        let prepared = prepare(body, meta, name, &gazetteer, &store)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
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
            match add_article(
                data,
                prepared.article.clone(),
                &prepared.body,
                prepared.statements.clone(),
            )? {
                Added::New(id) => {
                    let article = positions::store::StoredArticle {
                        meta: positions::model::Article {
                            id: id.clone(),
                            ..prepared.article.clone()
                        },
                        body: prepared.body.clone(),
                    };
                    store.articles.push(article);
                    format!("{} statements added as {id}", prepared.statements.len())
                }
                Added::Duplicate(id) => format!("already stored as {id}: nothing added"),
            }
        };
        reports.push((file.display().to_string(), outcome, views.clone()));
        all_views.extend(views);
    }
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "statements": all_views }))?
        );
        for (file, outcome, _) in &reports {
            eprintln!("{file}: {outcome}");
        }
    } else {
        for (file, outcome, views) in &reports {
            outln!("{file}: {outcome}");
            for (i, v) in views.iter().enumerate() {
                let entity = v.entity.as_deref().unwrap_or("no entity");
                let role = v.shown_role().map(|r| format!(", {r}")).unwrap_or_default();
                outln!(
                    "{:>3}. [{}] {}{role} ({entity}): “{}”",
                    i + 1,
                    v.kind,
                    v.speaker,
                    v.text
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
