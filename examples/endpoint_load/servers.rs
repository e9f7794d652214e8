//! The two servers measured: the real `positions serve --http` process, and the floor endpoint
//! (this program again with `--floor`), each started and stopped as a child process.

use super::*;

/// A server process, killed when dropped.
pub(super) struct Server {
    child: Child,
    pub(super) addr: SocketAddr,
}

impl Server {
    /// Starts `cmd` and waits for its `{"event": "ready", "address": …}` line on stdout.
    pub(super) fn start(name: &str, mut cmd: Command) -> anyhow::Result<Server> {
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
    pub(super) fn cpu_seconds(&self) -> f64 {
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
pub(super) fn positions_binary(exe: &Path, explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
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
pub(super) mod floor {
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

    pub(super) async fn answer(
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
