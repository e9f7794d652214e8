//! Measures the bot under a burst of interactions on loopback: starts the real `positions serve`
//! against the tests' Discord stand-in, sends N `/position` interactions at once, and prints the
//! latency from dispatch to callback (p50, p99, max) and the bot's CPU time per interaction.
//!
//! `cargo build --release && cargo run --release --example burst -- 1000`
//! (the binary is taken from the profile folder the example runs from: build it first).

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;
use support::bot::{Bot, ScratchData};
use support::discord::{Recorded, StandIn};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let bot = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(Duration::from_secs(30)).await;
    let cpu_before = cpu_seconds(bot.pid());
    let whos = [
        "germany",
        "france",
        "italy",
        "the British",
        "Merz",
        "spain",
        "Kyiv",
        "EU",
        "germny",
        "Atlantis",
    ];
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let (payload, id) = standin.command_interaction(
            "position",
            json!([StandIn::option("who", whos[i % whos.len()])]),
        );
        standin.send_interaction(payload).await;
        ids.push(id);
    }
    // Wait for the answers without touching the stand-in's records more than needed: the
    // records sit behind the lock the stand-in takes to record each answer.
    let is_callback = |r: &Recorded| r.ok() && r.method == "POST" && r.path.ends_with("/callback");
    let deadline = Instant::now() + Duration::from_secs(120);
    while standin.count_recorded(is_callback) < n && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cpu = cpu_seconds(bot.pid()) - cpu_before;
    let callbacks = standin.recorded_matching("POST /interactions");
    let answered_at: HashMap<&str, Instant> = callbacks
        .iter()
        .filter(|r| is_callback(r))
        .filter_map(|r| Some((r.path.split('/').nth(4)?, r.at)))
        .collect();
    let mut latencies: Vec<Duration> = ids
        .iter()
        .filter_map(|id| {
            let sent = standin.interaction_sent_at(id)?;
            Some(answered_at.get(id.as_str())?.duration_since(sent))
        })
        .collect();
    if latencies.len() < n {
        eprintln!("only {} of {n} interactions were answered", latencies.len());
        std::process::exit(1);
    }
    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "burst of {n} interactions on loopback: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; the bot's CPU {:.0} µs per interaction",
        p(0.5).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        p(1.0).as_secs_f64() * 1e3,
        cpu * 1e6 / n as f64
    );
}

/// The CPU time (user and system) a process has used so far, from /proc; 0 where there is none.
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // The fields after the command name in parentheses: utime and stime are the 12th and 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}
