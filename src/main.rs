//! The `positions` command line: ask questions, add articles, check the store, run the bot.
//! It parses the arguments and calls the command's module in `shell::cli`; nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use positions::environment::{self, Var};
use positions::shell::cli;

/// mimalloc instead of the system allocator: loading a million statements makes and frees
/// millions of small strings and many large temporary tables, and glibc returned the tables'
/// pages to the kernel only to fault them in again; replies are built from small allocations.
/// Chosen here, by the program, not by the library (a library must not choose the allocator of
/// every program that links it); the benchmarks and `examples/scale.rs` choose it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "positions",
    version,
    about = "What countries and organisations have said, with exact quotes and sources."
)]
struct Cli {
    /// The data folder (default: $POSITIONS_DATA, else ./data).
    #[arg(long, global = true, env = Var::Data.name(), default_value = "data")]
    data: PathBuf,
    /// Keep the store (articles, statements, retractions) in this PostgreSQL database instead of
    /// the data folder, e.g. postgres://positions:PASSWORD@db.example.org:5432/positions
    /// (default: $POSITIONS_DATABASE_URL); the data folder still holds the gazetteer and the
    /// index snapshot.
    #[arg(
        long,
        global = true,
        env = Var::DatabaseUrl.name(),
        hide_env_values = true
    )]
    database_url: Option<String>,
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
        /// Only statements printed in this language: en, de, fr, es (or its name: German,
        /// Deutsch, français, español…).
        #[arg(long)]
        language: Option<String>,
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
        /// The article's language, ISO 639-1 (de, en, es, fr; overrides front matter and the
        /// page's own; detected from the text when nothing says).
        #[arg(long, value_parser = parse_language)]
        language: Option<String>,
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
    /// Move the store between a data folder and a PostgreSQL database.
    Store {
        #[command(subcommand)]
        action: StoreAction,
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
enum StoreAction {
    /// Copy the articles, statements and retractions the target lacks: from a folder into a
    /// database (`--from data --to postgres://…`) or back (`--from postgres://… --to DIR`, the
    /// same layout as data/). Running it again copies nothing. Checked against --data's gazetteer.
    Copy {
        /// A data folder, or a postgres:// URL.
        #[arg(long)]
        from: String,
        /// A data folder, or a postgres:// URL.
        #[arg(long)]
        to: String,
    },
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
    environment::load_dotenv();
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
    let data = &cli.data;
    // `store copy` names both places: the configured store is not opened.
    let copying = matches!(cli.command, Command::Store { .. });
    if let Some(url) = cli
        .database_url
        .as_deref()
        .filter(|u| !u.trim().is_empty() && !copying)
    {
        // A setting the user must fix: one line, exit 2 (the URL itself is never printed).
        if let Err(e) = positions::store::use_database(url) {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    }
    match cli.command {
        Command::Ask {
            text,
            json,
            page,
            chart,
            language,
        } => cli::ask::ask(
            data,
            &text,
            language.as_deref(),
            json,
            page,
            chart.as_deref(),
        ),
        Command::Ingest {
            files,
            dry_run,
            json,
            explain,
            published,
            title,
            url,
            publisher,
            language,
        } => {
            let flags = positions::ingest::Metadata {
                title,
                publisher,
                url,
                published,
                language,
            };
            if explain {
                return cli::ingest::explain(data, &files, flags);
            }
            cli::ingest::ingest(data, &files, flags, dry_run, json)
        }
        Command::Retract { id, reason, by } => cli::store::retract(data, &id, reason, by),
        Command::Restore { id } => cli::store::restore(data, &id),
        Command::Check => cli::store::check(data),
        Command::People { action, json } => cli::people::run(
            data,
            match action {
                None => cli::people::Action::List { json },
                Some(PeopleAction::Import { file }) => cli::people::Action::Import { file },
                Some(PeopleAction::Refresh) => cli::people::Action::Refresh,
            },
        ),
        Command::Feeds { action } => match action {
            FeedsAction::Add { url, name, by } => cli::feeds::add(data, &url, name, by),
            FeedsAction::Remove { url } => cli::feeds::remove(data, &url),
            FeedsAction::List { json } => cli::feeds::list(data, json),
        },
        Command::Store {
            action: StoreAction::Copy { from, to },
        } => cli::copy::copy(data, &from, &to),
        Command::Watch { once, json } => cli::watch::watch(data, once, json),
        Command::Serve {
            shards,
            total_shards,
            http,
            no_register,
            watch,
            metrics,
        } => Ok(cli::serve::serve(
            data,
            shards.as_deref(),
            total_shards,
            http.as_deref(),
            no_register,
            watch,
            metrics.as_deref(),
        )),
    }
}

/// A `--language` value as an ISO 639-1 code.
fn parse_language(s: &str) -> Result<String, String> {
    positions::language::normalize(s)
        .ok_or_else(|| format!("`{s}` is no language code: use de, en, es or fr"))
}
