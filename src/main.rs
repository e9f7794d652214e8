//! The `positions` command line: ask questions, add articles, check the store, run the bot.
//! A thin shell: it parses arguments, calls the core and prints what the core returns.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use positions::{answer, app, render};

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
    /// Validate everything under the data folder and print counts.
    Check,
    /// Run the Discord bot (settings from the environment or .env; see .env.example).
    Serve {
        /// Run only these gateway shards, e.g. 0-1 (needs --total-shards).
        #[arg(long, value_name = "START-END", requires = "total_shards")]
        shards: Option<String>,
        /// The total number of shards across all processes.
        #[arg(long, value_name = "N", requires = "shards")]
        total_shards: Option<u32>,
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
                println!("{}", render::json(&reply));
            } else {
                print!("{}", render::text::render(&reply));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest {
            files,
            dry_run,
            json,
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
            ingest(&cli.data, &files, flags, dry_run, json)
        }
        Command::Check => {
            let gazetteer = positions::entities::Gazetteer::load(&cli.data)?;
            let counts = positions::store::Store::check(&cli.data, &gazetteer)?;
            println!(
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
        } => Ok(serve(&cli.data, shards.as_deref(), total_shards)),
    }
}

/// `serve`: exit 2 for settings the user must fix, 1 for a broken store, 0 after a clean shutdown.
fn serve(data: &std::path::Path, shards: Option<&str>, total: Option<u32>) -> ExitCode {
    use positions::shell::discord::{self, Settings, Shards};
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("positions=info,serenity=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let settings = match Settings::from_env(data.to_path_buf()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let shards = match (shards, total) {
        (Some(range), Some(total)) => match parse_range(range, total) {
            Some((start, end)) => Shards::Range { start, end, total },
            None => {
                eprintln!("error: --shards takes START-END within 0..{total} (for example 0-1), with START <= END");
                return ExitCode::from(2);
            }
        },
        _ => Shards::Single,
    };
    let index = match app::load(data) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        statements = index.len(),
        articles = index.articles().len(),
        "store loaded"
    );
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
    let state = std::sync::Arc::new(discord::State::new(settings, index));
    match runtime.block_on(discord::serve(state, shards)) {
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
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "statements": all_views }))?
        );
        for (file, outcome, _) in &reports {
            eprintln!("{file}: {outcome}");
        }
    } else {
        for (file, outcome, views) in &reports {
            println!("{file}: {outcome}");
            for (i, v) in views.iter().enumerate() {
                let entity = v.entity.as_deref().unwrap_or("no entity");
                let role = v
                    .role
                    .as_deref()
                    .map(|r| format!(", {r}"))
                    .unwrap_or_default();
                println!(
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
