//! A PostgreSQL database of its own for a test, on the server POSITIONS_TEST_DATABASE_URL names
//! (`.ci/run` starts one); without it the test is skipped with the reason printed.

use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh, empty database's URL, or `None` (with the reason printed) when no server is given.
pub fn fresh(name: &str) -> Option<String> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let Some(base) = std::env::var("POSITIONS_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
    else {
        eprintln!(
            "skipped {name}: POSITIONS_TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL for it)"
        );
        return None;
    };
    let db = format!(
        "positions_{name}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    // On a thread of its own: the blocking client cannot wait inside an async test's runtime.
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut admin =
                postgres::Client::connect(&base, postgres::NoTls).expect("the test server");
            admin
                .batch_execute(&format!("CREATE DATABASE {db}"))
                .expect("a test database");
        });
    });
    let mut url = url::Url::parse(&base).expect("a URL");
    url.set_path(&db);
    Some(url.to_string())
}
