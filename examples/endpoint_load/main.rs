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

mod interactions;
use interactions::{
    button_press, check, hex, position, sign, unix_now, Kind, Signed, Target, FLOOR_REPLY,
};

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

// ----- the servers --------------------------------------------------------------------------

/// A server process, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts `cmd` and waits for its `{"event": "ready", "address": …}` line on stdout.
    fn start(name: &str, mut cmd: Command) -> anyhow::Result<Server> {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start the {name} endpoint"))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            // Read every line, so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sent {
                    continue;
                }
                let event: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
                if event["event"] == "ready" {
                    let addr = event["address"].as_str().unwrap_or_default().to_string();
                    sent = tx.send(addr).is_ok();
                }
            }
        });
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        // A store of a million statements takes seconds to load; a few minutes is a failure.
        let addr = rx.recv_timeout(Duration::from_secs(600)).map_err(|_| {
            anyhow::anyhow!("the {name} endpoint exited or did not say it was ready")
        })?;
        server.addr = addr
            .trim_start_matches("http://")
            .parse()
            .with_context(|| format!("the {name} endpoint announced {addr:?}"))?;
        Ok(server)
    }

    /// CPU seconds (user and system) the process has used so far.
    fn cpu_seconds(&self) -> f64 {
        positions_bench::process::cpu_seconds_of(&format!("/proc/{}/stat", self.child.id()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `positions` binary next to this example (`<target>/<profile>/examples/endpoint_load`),
/// built first when this runs under `cargo run`, so that it is never older than the library.
fn positions_binary(exe: &Path, explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .context("this example is not in a cargo target folder: pass --server PATH")?;
    let bin = profile_dir.join(format!("positions{}", std::env::consts::EXE_SUFFIX));
    if let (Some(cargo), Some(target), Some(profile)) = (
        std::env::var_os("CARGO"),
        profile_dir.parent(),
        profile_dir.file_name().and_then(|p| p.to_str()),
    ) {
        let mut build = Command::new(cargo);
        // `cargo run` describes this package to it in CARGO_PKG_* and the like; some build
        // scripts (ring's) rebuild when those differ, so the child cargo must not see them.
        for (var, _) in std::env::vars_os() {
            let name = var.to_string_lossy();
            if name.starts_with("CARGO_PKG_")
                || name.starts_with("CARGO_MANIFEST_")
                || name.starts_with("CARGO_BIN_")
                || matches!(
                    &*name,
                    "CARGO_CRATE_NAME" | "CARGO_PRIMARY_PACKAGE" | "CARGO_RUSTC_CURRENT_DIR"
                )
            {
                build.env_remove(&var);
            }
        }
        build
            // With this example, so that the features are those of this build (dev-dependencies
            // included) and nothing is compiled a second time with other features.
            .args([
                "build",
                "--quiet",
                "--bin",
                "positions",
                "--example",
                "endpoint_load",
            ])
            .arg("--manifest-path")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target);
        match profile {
            "debug" => {}
            "release" => {
                build.arg("--release");
            }
            other => {
                build.args(["--profile", other]);
            }
        }
        eprintln!("building the positions binary ({profile}) ...");
        anyhow::ensure!(build.status()?.success(), "building positions failed");
    }
    anyhow::ensure!(
        bin.exists(),
        "{} is not built: run `cargo build --release --bin positions` (or pass --server PATH)",
        bin.display()
    );
    Ok(bin)
}

/// The floor: the bot's HTTP stack (axum on hyper, TCP_NODELAY, tokio's multi-threaded runtime)
/// and its signature check, then one constant reply.
mod floor {
    use super::*;
    use axum::extract::State;
    use axum::response::IntoResponse;
    use axum::routing::post;
    use serenity::interactions_endpoint::Verifier;

    pub fn serve() -> anyhow::Result<()> {
        let key = std::env::var("DISCORD_PUBLIC_KEY").context("DISCORD_PUBLIC_KEY")?;
        let key = positions::shell::http::settings::parse_public_key(&key)?;
        let verifier = Arc::new(
            Verifier::try_new(key).map_err(|_| anyhow::anyhow!("not an Ed25519 public key"))?,
        );
        // Exit when the driver goes away (its end of our stdin closes).
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            std::process::exit(0);
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let addr = listener.local_addr()?;
            positions::shell::announce("ready", json!({"address": format!("http://{addr}")}));
            let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
                let _ = tcp.set_nodelay(true);
            });
            let app = axum::Router::new()
                .route("/interactions", post(answer))
                .with_state(verifier);
            axum::serve(listener, app).await?;
            Ok(())
        })
    }

    async fn answer(
        State(verifier): State<Arc<Verifier>>,
        headers: HeaderMap,
        body: Bytes,
    ) -> axum::response::Response {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let (Some(signature), Some(timestamp)) =
            (text("x-signature-ed25519"), text("x-signature-timestamp"))
        else {
            return StatusCode::UNAUTHORIZED.into_response();
        };
        if verifier.verify(signature, timestamp, &body).is_err()
            || !positions::shell::http::timestamp_is_fresh(timestamp, unix_now())
        {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            FLOOR_REPLY,
        )
            .into_response()
    }
}

// ----- the client ---------------------------------------------------------------------------

/// A keep-alive HTTP/1.1 connection to an endpoint.
struct Conn {
    addr: SocketAddr,
    sender: SendRequest<Full<Bytes>>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> anyhow::Result<Conn> {
        let tcp = tokio::net::TcpStream::connect(addr).await?;
        tcp.set_nodelay(true)?;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp)).await?;
        tokio::spawn(conn);
        Ok(Conn { addr, sender })
    }

    /// POSTs one signed interaction; the status and the whole body.
    async fn post(&mut self, r: &Signed) -> anyhow::Result<(u16, Bytes)> {
        if self.sender.ready().await.is_err() {
            // The server closed the connection: open another, as a client pool would.
            *self = Conn::open(self.addr).await?;
        }
        let request = hyper::Request::post("/interactions")
            .header(header::HOST, "127.0.0.1")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-signature-ed25519", r.signature.clone())
            .header("x-signature-timestamp", r.timestamp.clone())
            .body(Full::new(r.body.clone()))?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }
}

/// What one client task saw.
#[derive(Default)]
struct Tally {
    /// (kind, latency in ms) of every request.
    latencies: Vec<(Kind, f64)>,
    failures: usize,
    /// The first few failures, to print.
    examples: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.failures += other.failures;
        self.examples.extend(other.examples);
        self.examples.truncate(FAILURES_SHOWN);
    }

    fn fail(&mut self, why: String) {
        self.failures += 1;
        if self.examples.len() < FAILURES_SHOWN {
            self.examples.push(why);
        }
    }
}

const FAILURES_SHOWN: usize = 5;

/// When a round ends: at a deadline, or after a number of requests.
#[derive(Clone, Copy)]
enum Until {
    Deadline(Instant),
    Requests(usize),
}

/// Drives `conns` (one task each, a request in flight on each) over `pool` until `until`.
/// Returns the connections, what they saw and how long the round took.
async fn round(
    target: Target,
    conns: Vec<Conn>,
    pool: &Arc<Vec<Signed>>,
    cursor: &Arc<AtomicUsize>,
    until: Until,
) -> (Vec<Conn>, Tally, Duration) {
    let started = Instant::now();
    let issued = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|mut conn| {
            let (pool, cursor, issued) =
                (Arc::clone(pool), Arc::clone(cursor), Arc::clone(&issued));
            tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    match until {
                        Until::Deadline(at) if Instant::now() >= at => break,
                        Until::Requests(n) if issued.fetch_add(1, Ordering::Relaxed) >= n => break,
                        _ => {}
                    }
                    let r = &pool[cursor.fetch_add(1, Ordering::Relaxed) % pool.len()];
                    let sent = Instant::now();
                    match conn.post(r).await {
                        Ok((status, body)) => {
                            let ms = sent.elapsed().as_secs_f64() * 1e3;
                            tally.latencies.push((r.kind, ms));
                            if let Some(why) = check(target, r.kind, status, &body) {
                                let text = String::from_utf8_lossy(&body);
                                let text: String = text.chars().take(200).collect();
                                tally.fail(format!("{}: {why}: {text}", r.kind.name()));
                            }
                        }
                        Err(e) => {
                            tally.fail(format!("{}: {e:#}", r.kind.name()));
                            // A connection that cannot be reopened ends its task.
                            if conn.sender.is_closed() {
                                match Conn::open(conn.addr).await {
                                    Ok(c) => conn = c,
                                    Err(_) => return (None, tally),
                                }
                            }
                        }
                    }
                }
                (Some(conn), tally)
            })
        })
        .collect();
    let mut back = Vec::new();
    let mut tally = Tally::default();
    for task in tasks {
        if let Ok((conn, t)) = task.await {
            back.extend(conn);
            tally.merge(t);
        }
    }
    (back, tally, started.elapsed())
}

/// Everything measured.
struct Report {
    floor: Measured,
    positions: Measured,
    /// Button presses made from the bot's own first pages.
    buttons: usize,
    /// The share answered from the server's kept replies (None: it kept none).
    hit_ratio: Option<f64>,
}

/// One endpoint's measured rounds, together.
struct Measured {
    tally: Tally,
    seconds: f64,
    server_cpu_s: f64,
    /// CPU this process (the client) used meanwhile, on the same cores.
    client_cpu_s: f64,
}

impl Measured {
    fn requests(&self) -> usize {
        self.tally.latencies.len()
    }

    /// CPU seconds spread over the requests, in microseconds each.
    fn per_request_us(&self, cpu_s: f64) -> f64 {
        cpu_s * 1e6 / self.requests().max(1) as f64
    }

    fn rps(&self) -> f64 {
        self.requests() as f64 / self.seconds.max(1e-9)
    }

    /// (p50, p99) in ms of the requests of `kind` (all when None).
    fn percentiles(&self, kind: Option<Kind>) -> (f64, f64) {
        let mut ms: Vec<f64> = self
            .tally
            .latencies
            .iter()
            .filter(|(k, _)| kind.is_none_or(|want| *k == want))
            .map(|(_, ms)| *ms)
            .collect();
        if ms.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
        (at(0.50), at(0.99))
    }

    fn json(&self, with_kinds: bool) -> Value {
        let (p50, p99) = self.percentiles(None);
        let mut v = json!({
            "rps": round_to(self.rps(), 0),
            "p50_ms": round_to(p50, 3),
            "p99_ms": round_to(p99, 3),
            "requests": self.requests(),
            "failures": self.tally.failures,
            "server_cpu_us_per_request": round_to(self.per_request_us(self.server_cpu_s), 1),
            "client_cpu_us_per_request": round_to(self.per_request_us(self.client_cpu_s), 1),
        });
        if with_kinds {
            let kinds: serde_json::Map<String, Value> = Kind::ALL
                .iter()
                .map(|&k| {
                    let (p50, p99) = self.percentiles(Some(k));
                    (
                        k.name().to_string(),
                        json!({"p50_ms": round_to(p50, 3), "p99_ms": round_to(p99, 3)}),
                    )
                })
                .collect();
            v["by_kind"] = Value::Object(kinds);
        }
        v
    }
}

async fn drive(
    args: &Args,
    key: &SigningKey,
    q: &synth::Questions,
    floor: &Server,
    bot: &Server,
) -> anyhow::Result<Report> {
    // The button presses: ask the bot for first pages, press Next on those that have one.
    let mut harvest = Conn::open(bot.addr).await?;
    let mut presses = Vec::new();
    let wanted = (args.pool / 4).max(1);
    let mut n = 0;
    for (who, topic) in q.names.iter().zip(&q.topics) {
        if presses.len() >= wanted || n >= args.pool * 2 {
            break;
        }
        n += 1;
        let topic = (n % 2 == 0).then_some(topic.as_str());
        let asked = sign(
            key,
            Kind::Position,
            position(2, n, who, topic).to_string().into(),
        )?;
        let (status, body) = harvest.post(&asked).await?;
        anyhow::ensure!(
            status == 200,
            "/position {who} answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
        let reply: Value = serde_json::from_slice(&body)?;
        let next = &reply["data"]["components"][0]["components"][1];
        if let (Some(id), false) = (next["custom_id"].as_str(), next["disabled"] == true) {
            presses.push(button_press(n, id, &reply["data"]).to_string());
        }
    }
    drop(harvest);
    if presses.is_empty() {
        eprintln!("warning: no answer in this store has a second page: no button presses");
    }
    let buttons = presses.len();

    // The pool: of every 10 requests, 4 `/position who`, 2 with a topic, 2 autocomplete, 2
    // button presses (when there are any), drawn from the questions in popularity order.
    let mut pool = Vec::with_capacity(args.pool);
    for i in 0..args.pool {
        let n = 1_000_000 + i;
        let who = &q.names[i % q.names.len()];
        let (kind, body) = match i % 10 {
            0..=3 => (Kind::Position, position(2, n, who, None).to_string()),
            4 | 5 => (
                Kind::PositionTopic,
                position(2, n, who, Some(&q.topics[i % q.topics.len()])).to_string(),
            ),
            6 | 7 => (
                Kind::Autocomplete,
                position(4, n, &q.prefixes[i % q.prefixes.len()], None).to_string(),
            ),
            _ if !presses.is_empty() => (Kind::Button, presses[i % presses.len()].clone()),
            _ => (Kind::Position, position(2, n, who, None).to_string()),
        };
        pool.push(sign(key, kind, body.into_bytes())?);
    }
    let pool = Arc::new(pool);

    let mut floor_conns = Vec::new();
    let mut bot_conns = Vec::new();
    for _ in 0..args.concurrency {
        floor_conns.push(Conn::open(floor.addr).await?);
        bot_conns.push(Conn::open(bot.addr).await?);
    }
    let cursor = Arc::new(AtomicUsize::new(0));
    let warm = Duration::from_secs_f64(args.warmup_seconds);
    for (target, conns) in [
        (Target::Floor, &mut floor_conns),
        (Target::Positions, &mut bot_conns),
    ] {
        let until = Until::Deadline(Instant::now() + warm);
        let (back, tally, _) = round(target, std::mem::take(conns), &pool, &cursor, until).await;
        *conns = back;
        if tally.failures > 0 {
            eprintln!(
                "warm-up: {} of {} requests failed, e.g. {:?}",
                tally.failures,
                tally.latencies.len(),
                tally.examples
            );
        }
    }

    let mut floor_m = Measured {
        tally: Tally::default(),
        seconds: 0.0,
        server_cpu_s: 0.0,
        client_cpu_s: 0.0,
    };
    let mut bot_m = Measured {
        tally: Tally::default(),
        seconds: 0.0,
        server_cpu_s: 0.0,
        client_cpu_s: 0.0,
    };
    for _ in 0..args.rounds {
        for (target, server, conns, m) in [
            (Target::Floor, floor, &mut floor_conns, &mut floor_m),
            (Target::Positions, bot, &mut bot_conns, &mut bot_m),
        ] {
            let until = match args.requests {
                Some(r) => Until::Requests(r.div_ceil(args.rounds)),
                None => Until::Deadline(
                    Instant::now() + Duration::from_secs_f64(args.seconds / args.rounds as f64),
                ),
            };
            let cpu = server.cpu_seconds();
            let client_cpu = positions_bench::process::cpu_seconds_of("/proc/self/stat");
            let (back, tally, took) =
                round(target, std::mem::take(conns), &pool, &cursor, until).await;
            m.server_cpu_s += server.cpu_seconds() - cpu;
            m.client_cpu_s +=
                positions_bench::process::cpu_seconds_of("/proc/self/stat") - client_cpu;
            anyhow::ensure!(!back.is_empty(), "every connection to the endpoint failed");
            *conns = back;
            m.tally.merge(tally);
            m.seconds += took.as_secs_f64();
        }
    }
    let hit_ratio = cache_hit_ratio(bot.addr).await;
    Ok(Report {
        floor: floor_m,
        positions: bot_m,
        buttons,
        hit_ratio,
    })
}

/// The share of interactions the server answered from its kept replies, from its `/metrics`
/// (warm-up and harvest included); None when it kept none.
async fn cache_hit_ratio(addr: SocketAddr) -> Option<f64> {
    let mut conn = Conn::open(addr).await.ok()?;
    conn.sender.ready().await.ok()?;
    let request = hyper::Request::get("/metrics")
        .header(header::HOST, "127.0.0.1")
        .body(Full::new(Bytes::new()))
        .ok()?;
    let response = conn.sender.send_request(request).await.ok()?;
    let body = response.into_body().collect().await.ok()?.to_bytes();
    let text = String::from_utf8_lossy(&body);
    let count = |result: &str| -> f64 {
        let series = format!("positions_http_answer_cache_total{{result=\"{result}\"}}");
        text.lines()
            .find_map(|l| l.strip_prefix(series.as_str()))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    };
    let (hits, misses) = (count("hit"), count("miss"));
    (hits + misses > 0.0).then(|| hits / (hits + misses))
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
