//! Runs the real `positions serve` process against the loopback Discord stand-in, on a scratch
//! copy of the project's data folder, and stops it when the test ends.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use super::discord::StandIn;

/// A token of the right shape; the stand-in accepts any.
pub const TOKEN: &str = "MTMwMDAwMDAwMDAwMDAwMDAwMQ.Gx1yZ2.test-token-not-a-secret";

/// A scratch copy of `data/` that lives as long as the value.
pub struct ScratchData {
    pub dir: tempfile::TempDir,
}

impl ScratchData {
    pub fn copy_of_project_data() -> ScratchData {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&project_data(), dir.path());
        ScratchData { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// The `positions` binary: Cargo names it for tests; an example (which Cargo does not build it
/// for) finds it in the profile folder it runs from (`target/<profile>/examples/..`).
pub fn binary() -> PathBuf {
    match option_env!("CARGO_BIN_EXE_positions") {
        Some(path) => PathBuf::from(path),
        None => std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.parent()?.join("positions")))
            .unwrap_or_else(|| PathBuf::from("positions")),
    }
}

pub fn project_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// The bot process.
pub struct Bot {
    child: Option<Child>,
    /// What it logged (stderr).
    pub log: PathBuf,
    /// What it announced (stdout: one JSON object a line).
    events: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Bot {
    /// Starts `positions serve` pointed at the stand-in, with extra environment variables.
    pub fn start(standin: &StandIn, data: &Path, env: &[(&str, &str)]) -> Bot {
        Self::start_with_args(standin, data, env, &[])
    }

    pub fn start_with_args(
        standin: &StandIn,
        data: &Path,
        env: &[(&str, &str)],
        args: &[&str],
    ) -> Bot {
        let log_dir = tempfile::tempdir().expect("temp dir");
        let log = log_dir.path().join("bot.log");
        let log_file = std::fs::File::create(&log).expect("log file");
        let events = log_dir.path().join("events.jsonl");
        let events_file = std::fs::File::create(&events).expect("events file");
        let mut cmd = Command::new(binary());
        cmd.arg("serve")
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_API_BASE", standin.base_url())
            .env("POSITIONS_DATA", data)
            .env("RUST_LOG", "positions=debug,serenity=warn")
            .current_dir(data)
            .stdin(Stdio::null())
            .stdout(events_file)
            .stderr(log_file);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start positions serve");
        Bot {
            child: Some(child),
            log,
            events,
            _log_dir: log_dir,
        }
    }

    /// What the bot printed so far: its log, then its announcements.
    pub fn output(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let events = std::fs::read_to_string(&self.events).unwrap_or_default();
        format!("{log}{events}")
    }

    /// The announcements (`{"event": NAME, …}` lines on stdout) called `name`, in order. A line
    /// still being written is left for the next look.
    pub fn events(&self, name: &str) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.events)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["event"] == name)
            .collect()
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }

    /// Sends a signal (SIGTERM = 15, SIGINT = 2).
    pub fn signal(&self, sig: i32) {
        let status = Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Waits for the process to end; None when it is still running after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        let child = self.child.as_mut()?;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
