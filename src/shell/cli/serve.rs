//! `positions serve`: the Discord bot on the gateway or as an HTTP interactions endpoint, with
//! the feed watcher and the metrics address beside it when asked for. Exit 2 for a setting the
//! user must fix.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::app;
use crate::environment::{Env, Var};
use crate::shell::http::settings::listen_address;
use crate::shell::settings::metrics_address;

/// `serve`: exit 2 for settings the user must fix, 1 for a broken store, 0 after a clean shutdown.
pub fn serve(
    data: &Path,
    shards: Option<&str>,
    total: Option<u32>,
    http: Option<&str>,
    no_register: bool,
    watch: bool,
    metrics: Option<&str>,
) -> ExitCode {
    let env = Env::process();
    let filter = env
        .get(Var::Log)
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new("positions=info,serenity=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let http = match listen_address(http, &env) {
        Ok(a) => a,
        Err(e) => return settings_error(e),
    };
    let watcher = match watcher_settings(watch, &env) {
        Ok(w) => w,
        Err(e) => return settings_error(e),
    };
    // How the store is followed: read here too, so a mistake is reported before the index loads.
    if let Err(e) = crate::shell::fs_watch::mode(env.get(Var::WatchFs).as_deref()) {
        return settings_error(e);
    }
    let background = match metrics_address(metrics, &env) {
        Ok(metrics) => Background { watcher, metrics },
        Err(e) => return settings_error(e),
    };
    crate::shell::metrics::install();
    match http {
        Some(_) if shards.is_some() => settings_error(
            "--shards runs gateway shards and --http (or POSITIONS_HTTP_ADDR) the HTTP endpoint: run them as separate processes",
        ),
        Some(addr) => serve_http(data, &env, addr, !no_register, background),
        None if no_register => settings_error(
            "--no-register is for the HTTP endpoint (--http); the gateway registers the commands when it connects",
        ),
        None => serve_gateway(data, &env, shards, total, background),
    }
}

/// What a server runs beside answering: the feed watcher (`--watch`) and the metrics address
/// (`--metrics`), each when asked for.
struct Background {
    watcher: Option<(crate::fetch::Settings, std::time::Duration)>,
    metrics: Option<SocketAddr>,
}

/// What `serve --watch` (or POSITIONS_WATCH=1) polls with: the fetcher's settings and the
/// interval, read before the bot starts so a mistake is reported at once. None when off.
fn watcher_settings(
    flag: bool,
    env: &Env,
) -> Result<Option<(crate::fetch::Settings, std::time::Duration)>, String> {
    use crate::shell::watcher;
    if !flag && !watcher::wanted(env.get(Var::Watch).as_deref()) {
        return Ok(None);
    }
    let every = watcher::interval(env.get(Var::WatchInterval).as_deref())?;
    let fetch = crate::fetch::Settings::from_env(env)?;
    Ok(Some((fetch, every)))
}

/// Starts the background tasks on the server's runtime (the metrics' upkeep and, when asked for,
/// their address and the feed watcher), then runs the server.
async fn with_background(
    built: bool,
    live: Arc<crate::shell::live::LiveIndex>,
    background: Background,
    server: impl std::future::Future<Output = anyhow::Result<()>>,
) -> anyhow::Result<()> {
    tokio::spawn(crate::shell::metrics::upkeep());
    tokio::spawn(crate::shell::live::keep_snapshot(Arc::clone(&live), built));
    if let Some(addr) = background.metrics {
        crate::shell::metrics::serve(addr).await?;
    }
    if let Some((fetch, every)) = background.watcher {
        tokio::spawn(crate::shell::watcher::run(live, fetch, every));
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
    env: &Env,
    shards: Option<&str>,
    total: Option<u32>,
    background: Background,
) -> ExitCode {
    use crate::shell::discord::{self, Shards};
    use crate::shell::Settings;
    let settings = match Settings::from_env(env, data.to_path_buf()) {
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

fn serve_http(
    data: &Path,
    env: &Env,
    addr: SocketAddr,
    register: bool,
    background: Background,
) -> ExitCode {
    use crate::shell::http::{self, Endpoint, EndpointSettings, Registration};
    use crate::shell::live::LiveIndex;
    use crate::shell::rest::Rest;
    use crate::shell::Settings;
    let endpoint_settings = match EndpointSettings::from_env(env) {
        Ok(s) => s,
        Err(e) => return settings_error(e),
    };
    // Registration talks to Discord's REST API, so only then is the token needed.
    let settings = if register {
        match Settings::from_env(env, data.to_path_buf()) {
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
        Ok(e) => Arc::new(
            e.with_answer_cache(endpoint_settings.answer_cache)
                .with_rest_base(endpoint_settings.rest_base()),
        ),
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
fn load_index(data: &Path) -> Option<(crate::index::Index, u64, crate::store::Stamps, bool)> {
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
            crate::shell::announce(
                "loaded",
                serde_json::json!({
                    "statements": index.len(),
                    "articles": index.articles().len(),
                    "from_snapshot": loaded.from_snapshot,
                    "secs": (secs * 1000.0).round() / 1000.0,
                }),
            );
            if !loaded.from_snapshot {
                crate::shell::metrics::full_rebuild(secs);
            }
            crate::shell::metrics::index_in_force(index.len(), index.articles().len());
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
