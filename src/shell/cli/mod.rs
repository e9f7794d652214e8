//! The command line's commands, one module each: `main.rs` parses the arguments and calls one of
//! these. Each reads the store or the settings, calls the core and prints what it returns; the
//! rules are the core's.

/// Writes to standard output; a closed pipe (`positions ask … | head`) ends the process quietly
/// instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

/// `out!` with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        out!($($arg)*);
        out!("\n");
    }};
}

pub mod ask;
pub mod copy;
pub mod feeds;
pub mod ingest;
pub mod people;
pub mod serve;
pub mod store;
pub mod watch;

/// Who runs a command: $USER, else "command line".
pub(crate) fn who(by: Option<String>) -> String {
    by.or_else(|| crate::environment::Env::process().get(crate::environment::Var::User))
        .unwrap_or_else(|| "command line".to_string())
}

/// The fetcher and a runtime for it, made when the first link needs them.
pub(crate) struct Web {
    pub(crate) fetcher: crate::fetch::Fetcher,
    pub(crate) runtime: tokio::runtime::Runtime,
}

impl Web {
    pub(crate) fn new() -> anyhow::Result<Web> {
        let settings = crate::fetch::Settings::from_env(&crate::environment::Env::process())
            .map_err(anyhow::Error::msg)?;
        let fetcher = crate::fetch::Fetcher::new(settings)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Web { fetcher, runtime })
    }
}
