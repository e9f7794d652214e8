//! Measures Find the source at a store size: builds a synthetic store in memory, then looks up
//! quotes cut from random statements — word for word, with a typo, and with a word changed and
//! one dropped — and prints how often the right statement was found and how long it took
//! (p50 and p99 in microseconds).
//!
//! `cargo run --release --example source_scale -- --statements 1000000`

use std::path::Path;
use std::time::Instant;

use clap::Parser;
use positions::entities::Gazetteer;
use positions::index::Index;
use positions_bench::{synth, Rng};

#[derive(Parser)]
#[command(about = "Time Find the source at a store size")]
struct Args {
    #[arg(long, default_value_t = 100_000)]
    statements: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Quotes looked up per kind.
    #[arg(long, default_value_t = 300)]
    queries: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let g = Gazetteer::load(&data)?;
    let store = synth::generate(&g, args.statements, args.seed).into_store();
    let started = Instant::now();
    let index = Index::build(Gazetteer::load(&data)?, store);
    eprintln!(
        "{} statements indexed in {:.1} s",
        index.len(),
        started.elapsed().as_secs_f64()
    );
    let mut rng = Rng::new(args.seed + 7);
    for kind in ["exact", "typo", "altered"] {
        let (mut times, mut right, mut found) = (Vec::new(), 0, 0);
        for _ in 0..args.queries {
            let id = rng.below(index.len()) as u32;
            let words: Vec<&str> = index.statement(id).text.split_whitespace().collect();
            if words.len() < 8 {
                continue;
            }
            let start = rng.below(words.len() - 7);
            let mut quote: Vec<String> = words[start..start + 8]
                .iter()
                .map(|w| w.to_string())
                .collect();
            match kind {
                "typo" => {
                    if let Some(i) = (0..8).find(|&i| quote[i].len() > 5) {
                        quote[i] =
                            synth::with_typo(&mut rng, &quote[i]).unwrap_or(quote[i].clone());
                    }
                }
                "altered" => {
                    quote[3] = "certainly".to_string();
                    quote.remove(5);
                }
                _ => {}
            }
            let quote = quote.join(" ");
            let t = Instant::now();
            let hit = positions::answer::source::find(&index, &quote);
            times.push(t.elapsed().as_micros());
            if let Some(h) = hit {
                found += 1;
                // The same words may stand in more than one statement: right is the same text.
                if index.statement(h.statement).text == index.statement(id).text {
                    right += 1;
                }
            }
        }
        times.sort_unstable();
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
        println!(
            "{kind:>8}: {} quotes, found {found}, right statement {right}, p50 {} µs, p99 {} µs",
            times.len(),
            at(0.5),
            at(0.99)
        );
    }
    Ok(())
}
