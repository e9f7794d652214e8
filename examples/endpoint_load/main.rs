//! Load on the HTTP interactions endpoint: `--statements N [--concurrency C] [--seconds S |
//! --requests R] [--json]` starts `positions serve --http` on a synthetic store of N statements
//! and a floor endpoint (it checks the Ed25519 signature and returns a constant reply), each in a
//! process of its own, and drives both over loopback keep-alive HTTP/1.1 at a fixed concurrency
//! with a pool of pre-signed `/position`, autocomplete and page-button interactions.
//!
//! `cargo run --release --example endpoint_load -- --statements 100000 --json`
//!
//! The server is the real `positions` binary of the same profile and target folder (built first
//! with the `cargo` that runs this example, a no-op when it is fresh), not a copy of its start-up
//! in this file: what is measured is `serve --http` as deployed, and the example does not depend
//! on how the library wires its live index. The floor is this program again (`--floor`), on the
//! same axum, runtime and allocator, so the gap between the two is the bot's own work.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use clap::Parser;
use ed25519_dalek::SigningKey;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

use positions::entities::Gazetteer;
use positions_bench::{folder, synth};

mod client;
mod interactions;
mod servers;

use client::*;
use interactions::{
    button_press, check, hex, position, sign, unix_now, Kind, Signed, Target, FLOOR_REPLY,
};
use servers::*;

/// mimalloc, as the bot chooses, for the floor and the client alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Requests per second and latency of `serve --http`, next to a floor endpoint")]
struct Args {
    /// How many statements in the synthetic store.
    #[arg(long, default_value_t = 100_000)]
    statements: usize,
    /// Requests in flight at once (one keep-alive connection each).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Measured seconds per endpoint (split over the rounds). The requests are signed once, and
    /// Discord's signatures are good for 5 minutes: keep the whole run shorter.
    #[arg(long, default_value_t = 10.0, conflicts_with = "requests")]
    seconds: f64,
    /// Measured requests per endpoint (split over the rounds), instead of --seconds.
    #[arg(long)]
    requests: Option<usize>,
    /// Measured rounds per endpoint; the endpoints take turns, floor first, so that other work
    /// on the machine falls on both alike.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Seconds of warm-up load on each endpoint before measuring.
    #[arg(long, default_value_t = 2.0)]
    warmup_seconds: f64,
    /// Signed requests prepared before measuring (signing costs client CPU).
    #[arg(long, default_value_t = 4096)]
    pool: usize,
    /// The random seed of the store and of the questions.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The data folder to generate (once) and serve; default: the one `examples/scale` uses for
    /// this size and seed, in the system's temporary folder.
    #[arg(long)]
    store: Option<PathBuf>,
    /// The `positions` binary to serve with; default: the one of this example's build.
    #[arg(long)]
    server: Option<PathBuf>,
    /// Replies the server keeps for the index in force (POSITIONS_HTTP_CACHE); default: the
    /// server's own default. `--answer-cache 0` measures every request answered anew.
    #[arg(long)]
    answer_cache: Option<usize>,
    /// End with one line of JSON.
    #[arg(long)]
    json: bool,
    /// Internal: only write the data folder, then exit.
    #[arg(long, hide = true)]
    write_only: bool,
    /// Internal: serve the floor endpoint (key in DISCORD_PUBLIC_KEY) until stdin closes.
    #[arg(long, hide = true)]
    floor: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // Read before anything is rebuilt: a new build replaces the file this process runs from.
    let exe = std::env::current_exe()?;
    let gazetteer_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = args
        .store
        .clone()
        .unwrap_or_else(|| folder::default_dir(args.statements, args.seed));
    if args.floor {
        return floor::serve();
    }
    if args.write_only {
        folder::write(&gazetteer_dir, args.statements, args.seed, &dir)?;
        return Ok(());
    }
    anyhow::ensure!(
        args.concurrency > 0 && args.rounds > 0 && args.pool > 0,
        "--concurrency, --rounds and --pool must be at least 1"
    );
    if !folder::is_complete(&dir) {
        eprintln!(
            "generating {} statements in {} ...",
            args.statements,
            dir.display()
        );
        let status = Command::new(&exe)
            .args(["--statements", &args.statements.to_string()])
            .args(["--seed", &args.seed.to_string()])
            .arg("--store")
            .arg(&dir)
            .arg("--write-only")
            .status()?;
        anyhow::ensure!(status.success(), "generating the store failed");
    }
    let server = positions_binary(&exe, args.server.clone())?;
    let key = SigningKey::generate(&mut rand_core::OsRng);
    let public = hex(&key.verifying_key().to_bytes());

    let mut floor_cmd = Command::new(&exe);
    floor_cmd.arg("--floor").env("DISCORD_PUBLIC_KEY", &public);
    let floor = Server::start("floor", floor_cmd)?;
    let mut serve = Command::new(&server);
    serve
        .arg("--data")
        .arg(&dir)
        .args(["serve", "--http", "127.0.0.1:0", "--no-register"])
        .env("DISCORD_PUBLIC_KEY", &public)
        .env("RUST_LOG", "positions=warn,serenity=warn");
    for var in [
        "POSITIONS_HTTP_ADDR",
        "POSITIONS_WATCH",
        "POSITIONS_DATA",
        "POSITIONS_HTTP_CACHE",
    ] {
        serve.env_remove(var);
    }
    if let Some(n) = args.answer_cache {
        serve.env("POSITIONS_HTTP_CACHE", n.to_string());
    }
    // Not the project folder: a `.env` there must not change what is measured.
    serve.current_dir(&dir);
    eprintln!("starting {} on {} ...", server.display(), dir.display());
    let loading = Instant::now();
    let bot = Server::start("positions", serve)?;
    let ready_s = loading.elapsed().as_secs_f64();
    eprintln!("positions ready after {ready_s:.1} s");

    let g = Gazetteer::load(&gazetteer_dir)?;
    let questions = synth::questions(&g, &[], args.pool, args.seed);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(drive(&args, &key, &questions, &floor, &bot))?;
    print_report(&args, &report, ready_s);
    Ok(())
}

/// The table, and with `--json` the one line of JSON. `ready_s`: seconds from starting
/// `positions serve --http` to its ready line (loading the store).
fn print_report(args: &Args, r: &Report, ready_s: f64) {
    println!(
        "{} statements, concurrency {}, {} rounds each (floor first), {} signed requests in the pool, {} Next buttons taken from the bot's first pages",
        args.statements, args.concurrency, args.rounds, args.pool, r.buttons
    );
    println!(
        "{:<18} {:>9} {:>9} {:>8} {:>8} {:>9} {:>12} {:>12}",
        "endpoint",
        "requests",
        "rps",
        "p50_ms",
        "p99_ms",
        "failures",
        "server_us/req",
        "client_us/req"
    );
    let row = |name: &str, m: &Measured, kind: Option<Kind>| {
        let (p50, p99) = m.percentiles(kind);
        match kind {
            None => println!(
                "{:<18} {:>9} {:>9.0} {:>8.3} {:>8.3} {:>9} {:>12.1} {:>12.1}",
                name,
                m.requests(),
                m.rps(),
                p50,
                p99,
                m.tally.failures,
                m.per_request_us(m.server_cpu_s),
                m.per_request_us(m.client_cpu_s)
            ),
            Some(k) => println!(
                "{:<18} {:>9} {:>9} {:>8.3} {:>8.3}",
                format!("  {}", k.name()),
                m.tally.latencies.iter().filter(|(x, _)| *x == k).count(),
                "",
                p50,
                p99
            ),
        }
    };
    row("floor", &r.floor, None);
    row("positions", &r.positions, None);
    for k in Kind::ALL {
        row("", &r.positions, Some(k));
    }
    println!(
        "positions / floor: {:.2} of the requests per second",
        r.positions.rps() / r.floor.rps().max(1e-9)
    );
    match r.hit_ratio {
        Some(h) => println!(
            "answered from kept replies: {:.1}% of interactions",
            h * 100.0
        ),
        None => println!("no replies kept (--answer-cache 0): every request answered anew"),
    }
    for (name, m) in [("floor", &r.floor), ("positions", &r.positions)] {
        for e in &m.tally.examples {
            println!("{name} failure: {e}");
        }
    }
    if args.json {
        let mut positions = r.positions.json(true);
        positions["ready_s"] = json!(round_to(ready_s, 2));
        positions["answer_cache_hit_ratio"] = json!(r.hit_ratio.map(|h| round_to(h, 3)));
        println!(
            "{{\"statements\": {}, \"concurrency\": {}, \"positions\": {}, \"floor\": {}}}",
            args.statements,
            args.concurrency,
            positions,
            r.floor.json(false)
        );
    }
}

// ----- small helpers ------------------------------------------------------------------------

fn round_to(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}
