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
    /// Validate everything under the data folder and print counts.
    Check,
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
    }
}
