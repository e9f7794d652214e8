//! Writes a synthetic store for benchmarks: `--statements N --seed S` prints N statements as
//! JSON Lines on standard output; `--store DIR` writes a whole data folder instead (articles
//! with their text, metadata and statements, plus the gazetteer files), which `positions --data
//! DIR ask ...` and the `scale` example read. The same seed always gives the same store.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::Parser;
use positions::entities::Gazetteer;
use positions_bench::synth;

#[derive(Parser)]
#[command(about = "Generate a synthetic statement store")]
struct Args {
    /// How many statements.
    #[arg(long, default_value_t = 10_000)]
    statements: usize,
    /// The random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write a data folder here instead of JSON Lines on standard output.
    #[arg(long)]
    store: Option<PathBuf>,
    /// The data folder with the gazetteer (entities.json, people.json).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data"))]
    gazetteer: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let g = Gazetteer::load(&args.gazetteer)?;
    let store = synth::generate(&g, args.statements, args.seed);
    match args.store {
        Some(dir) => {
            let bytes = synth::write_data_folder(&store, &args.gazetteer, &dir)?;
            eprintln!(
                "wrote {} statements in {} articles to {} ({:.1} MB)",
                store.statements.len(),
                store.articles.len(),
                dir.display(),
                bytes as f64 / 1e6
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            store.write_jsonl(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
