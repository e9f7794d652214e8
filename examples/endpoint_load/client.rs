//! The load: keep-alive HTTP/1.1 connections, rounds of requests at a fixed concurrency, and
//! what each round measured.

use super::*;

/// A keep-alive HTTP/1.1 connection to an endpoint.
pub(super) struct Conn {
    addr: SocketAddr,
    sender: SendRequest<Full<Bytes>>,
}

impl Conn {
    pub(super) async fn open(addr: SocketAddr) -> anyhow::Result<Conn> {
        let tcp = tokio::net::TcpStream::connect(addr).await?;
        tcp.set_nodelay(true)?;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp)).await?;
        tokio::spawn(conn);
        Ok(Conn { addr, sender })
    }

    /// POSTs one signed interaction; the status and the whole body.
    pub(super) async fn post(&mut self, r: &Signed) -> anyhow::Result<(u16, Bytes)> {
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
pub(super) struct Tally {
    /// (kind, latency in ms) of every request.
    pub(super) latencies: Vec<(Kind, f64)>,
    pub(super) failures: usize,
    /// The first few failures, to print.
    pub(super) examples: Vec<String>,
}

impl Tally {
    pub(super) fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.failures += other.failures;
        self.examples.extend(other.examples);
        self.examples.truncate(FAILURES_SHOWN);
    }

    pub(super) fn fail(&mut self, why: String) {
        self.failures += 1;
        if self.examples.len() < FAILURES_SHOWN {
            self.examples.push(why);
        }
    }
}

pub(super) const FAILURES_SHOWN: usize = 5;

/// When a round ends: at a deadline, or after a number of requests.
#[derive(Clone, Copy)]
pub(super) enum Until {
    Deadline(Instant),
    Requests(usize),
}

/// Drives `conns` (one task each, a request in flight on each) over `pool` until `until`.
/// Returns the connections, what they saw and how long the round took.
pub(super) async fn round(
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
pub(super) struct Report {
    pub(super) floor: Measured,
    pub(super) positions: Measured,
    /// Button presses made from the bot's own first pages.
    pub(super) buttons: usize,
    /// The share answered from the server's kept replies (None: it kept none).
    pub(super) hit_ratio: Option<f64>,
}

/// One endpoint's measured rounds, together.
pub(super) struct Measured {
    pub(super) tally: Tally,
    pub(super) seconds: f64,
    pub(super) server_cpu_s: f64,
    /// CPU this process (the client) used meanwhile, on the same cores.
    pub(super) client_cpu_s: f64,
}

impl Measured {
    pub(super) fn requests(&self) -> usize {
        self.tally.latencies.len()
    }

    /// CPU seconds spread over the requests, in microseconds each.
    pub(super) fn per_request_us(&self, cpu_s: f64) -> f64 {
        cpu_s * 1e6 / self.requests().max(1) as f64
    }

    pub(super) fn rps(&self) -> f64 {
        self.requests() as f64 / self.seconds.max(1e-9)
    }

    /// (p50, p99) in ms of the requests of `kind` (all when None).
    pub(super) fn percentiles(&self, kind: Option<Kind>) -> (f64, f64) {
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

    pub(super) fn json(&self, with_kinds: bool) -> Value {
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

pub(super) async fn drive(
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
pub(super) async fn cache_hit_ratio(addr: SocketAddr) -> Option<f64> {
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
