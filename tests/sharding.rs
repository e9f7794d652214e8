//! Gateway sharding end to end against the loopback Discord stand-in: shards split across two
//! real `positions serve` processes, and one process running the count Discord recommends.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::bot::{Bot, ScratchData};
use support::discord::{Options, StandIn};

const WAIT: Duration = Duration::from_secs(20);
/// serenity boots a process's shards 5 s apart: a shard started by mistake shows up after that.
const BOOT_INTERVAL: Duration = Duration::from_secs(6);

fn shards_of(standin: &StandIn) -> Vec<Option<[u32; 2]>> {
    let mut shards: Vec<_> = standin.identifies().iter().map(|i| i.shard).collect();
    shards.sort();
    shards
}

/// Sends /help to `shard` and returns the reply the bot posted for it.
async fn help_on_shard(standin: &StandIn, shard: u32) -> Value {
    let (payload, id) = standin.command_interaction("help", json!([]));
    standin.send_interaction_to_shard(shard, payload).await;
    standin.wait_callback(&id, WAIT).await
}

#[tokio::test]
async fn two_processes_run_shards_0_and_1_of_2() {
    let standin = StandIn::start().await;
    let data = ScratchData::copy_of_project_data();
    let args = |range| ["--shards", range, "--total-shards", "2"];
    let mut first = Bot::start_with_args(&standin, data.path(), &[], &args("0-0"));
    standin.wait_identify_count(1, WAIT).await;
    assert_eq!(
        shards_of(&standin),
        vec![Some([0, 2])],
        "the first process runs shard 0"
    );
    let mut second = Bot::start_with_args(&standin, data.path(), &[], &args("1"));
    standin.wait_identify_count(2, WAIT).await;
    assert_eq!(
        shards_of(&standin),
        vec![Some([0, 2]), Some([1, 2])],
        "the second process runs shard 1"
    );
    // Each shard's events reach its own process, and each answers.
    for shard in [0, 1] {
        let reply = help_on_shard(&standin, shard).await;
        assert_eq!(reply["type"], 4, "shard {shard}: {reply}");
    }
    // No process starts a shard beyond its range.
    tokio::time::sleep(BOOT_INTERVAL).await;
    assert_eq!(shards_of(&standin), vec![Some([0, 2]), Some([1, 2])]);
    // Neither process asked for the recommended count: the range was given.
    assert!(standin.recorded_matching("GET /gateway/bot").is_empty());
    for bot in [&mut first, &mut second] {
        bot.signal(15);
        let status = bot.wait_exit(WAIT).expect("exits after SIGTERM");
        assert!(status.success(), "{status:?}: {}", bot.output());
    }
}

#[tokio::test]
async fn without_flags_one_process_runs_the_recommended_count() {
    let standin = StandIn::start_with(Options {
        shards: 2,
        ..Options::default()
    })
    .await;
    let data = ScratchData::copy_of_project_data();
    let mut bot = Bot::start(&standin, data.path(), &[]);
    // serenity starts shards 5 s apart.
    standin.wait_identify_count(2, WAIT).await;
    assert_eq!(shards_of(&standin), vec![Some([0, 2]), Some([1, 2])]);
    assert_eq!(standin.recorded_matching("GET /gateway/bot").len(), 1);
    tokio::time::sleep(BOOT_INTERVAL).await;
    assert_eq!(standin.identify_count(), 2, "no third shard");
    for shard in [0, 1] {
        let reply = help_on_shard(&standin, shard).await;
        assert_eq!(reply["type"], 4, "shard {shard}: {reply}");
    }
    bot.signal(15);
    let status = bot.wait_exit(WAIT).expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}: {}", bot.output());
}

#[tokio::test]
async fn bad_shard_flags_exit_2() {
    for args in [
        &["--shards", "2-2", "--total-shards", "2"][..],
        &["--shards", "1-0", "--total-shards", "2"],
        &[
            "--shards",
            "0-0",
            "--total-shards",
            "1",
            "--http",
            "127.0.0.1:0",
        ],
        &["--no-register"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
            .arg("serve")
            .args(args)
            .env_clear()
            .env("DISCORD_TOKEN", support::bot::TOKEN)
            .env("POSITIONS_DATA", support::bot::project_data())
            .output()
            .expect("run positions");
        let text = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {text}");
        assert_eq!(text.trim().lines().count(), 1, "{args:?}: {text}");
    }
}
