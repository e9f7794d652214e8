//! The store under hostile timing: `positions ingest`, `retract` and `restore` killed with
//! SIGKILL at random moments (before, during and after the write) leave every article complete
//! or absent, the retractions as before or as after, and lose no statement; writers started at the same moment (processes, and threads as the bot's `/ingest`
//! will be) all land, each article exactly once; readers ignore what a killed writer left behind.
//! Sizes: POSITIONS_KILLS (default 60, within POSITIONS_KILL_SECONDS, default 60, but never fewer
//! than 20), POSITIONS_PAIRS (default 12); the seed is POSITIONS_KILL_SEED.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Barrier, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use positions::model::{fingerprint, statement_id};
use positions::store::{
    Added, ArticleStore, Files, Store, ARTICLES_DIR, ARTICLE_META, ARTICLE_TEXT, RETRACTIONS_FILE,
    STATEMENTS_FILE,
};
use support::bot::ScratchData;
use support::store::{
    article_folders, expected, gazetteer, hidden_in, ids_in, positions, statement_ids, stderr,
    stdout, wire_article, Rng,
};

/// The tests here each keep both cores busy; they take turns.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|p| p.into_inner())
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A generated article written to a file, with what ingesting it must store.
struct Generated {
    id: String,
    file: PathBuf,
    body: String,
    said: Vec<(u32, String)>,
}

impl Generated {
    fn write(dir: &Path, name: &str, text: &str) -> Generated {
        let file = dir.join(format!("{name}.txt"));
        std::fs::write(&file, text).expect("write article file");
        let (body, said) = expected(text, name);
        assert!(!said.is_empty(), "{name} has statements:\n{text}");
        Generated {
            id: name.to_string(),
            file,
            body,
            said,
        }
    }

    fn ids(&self, stored_as: &str) -> BTreeSet<String> {
        self.said
            .iter()
            .map(|(p, t)| statement_id(stored_as, t, *p))
            .collect()
    }
}

fn spawn_ingest(data: &Path, files: &[&Path], output: bool) -> Child {
    let out = || {
        if output {
            Stdio::piped()
        } else {
            Stdio::null()
        }
    };
    Command::new(env!("CARGO_BIN_EXE_positions"))
        .arg("ingest")
        .args(files)
        .env("POSITIONS_DATA", data)
        .stdin(Stdio::null())
        .stdout(out())
        .stderr(out())
        .spawn()
        .expect("start positions ingest")
}

/// Asserts that the folder `articles/<stored_as>` holds exactly what ingesting `g` stores.
fn assert_stored_whole(data: &Path, g: &Generated, stored_as: &str) {
    let folder = data.join(ARTICLES_DIR).join(stored_as);
    let body = std::fs::read_to_string(folder.join(ARTICLE_TEXT))
        .unwrap_or_else(|e| panic!("{stored_as}: {ARTICLE_TEXT}: {e}"));
    assert_eq!(body, g.body, "{stored_as}: the text as received");
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join(ARTICLE_META))
            .unwrap_or_else(|e| panic!("{stored_as}: {ARTICLE_META}: {e}")),
    )
    .unwrap_or_else(|e| panic!("{stored_as}: {ARTICLE_META}: {e}"));
    assert_eq!(meta["id"], stored_as);
    assert_eq!(meta["fingerprint"], fingerprint(&g.body));
    let ids: BTreeSet<String> = ids_in(&folder.join(STATEMENTS_FILE)).into_iter().collect();
    assert_eq!(
        ids,
        g.ids(stored_as),
        "{stored_as}: every statement, no other"
    );
}

/// After any kill: `check` passes in process, every visible article folder is whole, and every
/// statement id stored before is still there. Returns the ids stored now.
fn assert_consistent(
    data: &Path,
    generated: &BTreeMap<String, Generated>,
    before: &BTreeSet<String>,
) -> BTreeSet<String> {
    let counts =
        Store::check(data, gazetteer()).unwrap_or_else(|e| panic!("check fails after a kill: {e}"));
    let visible: Vec<String> = article_folders(data)
        .into_keys()
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(counts.articles, visible.len(), "every folder is read");
    for name in &visible {
        if let Some(g) = generated.get(name) {
            assert_stored_whole(data, g, name);
        }
    }
    let now = statement_ids(data);
    let lost: Vec<&String> = before.difference(&now).collect();
    assert!(lost.is_empty(), "statements lost: {lost:?}");
    now
}

fn assert_check_passes(data: &Path) -> String {
    let o = positions(data, &["check"]);
    assert!(o.status.success(), "positions check: {}", stderr(&o));
    stdout(&o)
}

/// Where a kill landed, told by what it left on disk.
#[derive(Debug, Default)]
struct Tally {
    /// Killed before anything was written (start-up, reading, extracting, waiting for the lock).
    before_write: usize,
    /// Killed with its temporary folder or file on disk and the change not yet in place.
    during_write: usize,
    /// Killed after the rename (syncing the folder, printing).
    after_rename: usize,
    /// Finished before the signal came.
    finished: usize,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} before the write, {} during the write (temporary entry on disk), {} after the rename, {} finished before the signal",
            self.before_write, self.during_write, self.after_rename, self.finished
        )
    }
}

/// A write the kill loop starts, and kills.
#[derive(Debug)]
enum Write {
    /// `positions ingest` of a generated article.
    Ingest(String),
    /// `positions retract` of a stored statement.
    Retract(String),
    /// `positions restore` of a retracted statement.
    Restore(String),
}

impl Write {
    fn spawn(&self, data: &Path, generated: &BTreeMap<String, Generated>) -> Child {
        match self {
            Write::Ingest(id) => spawn_ingest(data, &[&generated[id].file], false),
            Write::Retract(id) | Write::Restore(id) => {
                let mut cmd = Command::new(env!("CARGO_BIN_EXE_positions"));
                match self {
                    Write::Retract(_) => cmd.args(["retract", id, "--reason", "kill loop"]),
                    _ => cmd.args(["restore", id]),
                };
                cmd.env("POSITIONS_DATA", data)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("start positions")
            }
        }
    }

    /// Where the write puts its temporary entry: `articles/` for an article, the data folder for
    /// the retractions file.
    fn scratch(&self, data: &Path) -> PathBuf {
        match self {
            Write::Ingest(_) => data.join(ARTICLES_DIR),
            _ => data.to_path_buf(),
        }
    }

    /// Whether the change is in place.
    fn landed(&self, data: &Path) -> bool {
        match self {
            Write::Ingest(id) => data.join(ARTICLES_DIR).join(id).exists(),
            Write::Retract(id) => retracted(data).contains(id),
            Write::Restore(id) => !retracted(data).contains(id),
        }
    }
}

/// The statement ids in retractions.jsonl; panics on a line that is not a whole record.
fn retracted(data: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(data.join(RETRACTIONS_FILE)).unwrap_or_default();
    assert!(text.is_empty() || text.ends_with('\n'), "torn: {text:?}");
    text.lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("torn line {l:?}: {e}"));
            v["id"].as_str().expect("id").to_string()
        })
        .collect()
}

/// Waits until a new hidden entry appears in `dir` (a write has begun) or the child ends; true
/// when the write was seen.
fn wait_for_write(dir: &Path, old: &BTreeSet<String>, child: &mut Child, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if hidden_in(dir).difference(old).next().is_some() {
            return true;
        }
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        std::thread::yield_now();
    }
    false
}

/// How long one whole write takes: to its temporary entry, to the rename, to the exit.
#[derive(Debug, Clone, Copy)]
struct Timing {
    to_tmp: Duration,
    to_rename: Duration,
    to_exit: Duration,
}

impl Timing {
    /// The time between the temporary entry and the rename (at least 200 µs).
    fn write(&self) -> Duration {
        self.to_rename
            .saturating_sub(self.to_tmp)
            .max(Duration::from_micros(200))
    }
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        write!(
            f,
            "temporary entry at {:.1} ms, rename at {:.1} ms, exit at {:.1} ms",
            ms(self.to_tmp),
            ms(self.to_rename),
            ms(self.to_exit)
        )
    }
}

/// Runs one write to its end, watching the disk.
fn calibrate(data: &Path, w: &Write, generated: &BTreeMap<String, Generated>) -> Timing {
    let scratch = w.scratch(data);
    let old = hidden_in(&scratch);
    let start = Instant::now();
    let mut child = w.spawn(data, generated);
    let (mut tmp, mut renamed) = (None, None);
    let status = loop {
        if tmp.is_none() && hidden_in(&scratch).difference(&old).next().is_some() {
            tmp = Some(start.elapsed());
        }
        if renamed.is_none() && w.landed(data) {
            renamed = Some(start.elapsed());
        }
        if let Ok(Some(s)) = child.try_wait() {
            break s;
        }
        std::thread::yield_now();
    };
    let to_exit = start.elapsed();
    assert!(status.success(), "the calibration {w:?} succeeds");
    assert!(w.landed(data), "{w:?} landed");
    let to_rename = renamed.unwrap_or(to_exit);
    Timing {
        to_tmp: tmp.unwrap_or(to_rename),
        to_rename,
        to_exit,
    }
}

/// Kills `positions ingest`, `retract` and `restore` with SIGKILL at seeded random moments:
/// half spread from the start to the time a whole write takes, half timed from the moment its
/// temporary entry appears (within the time its write took when measured), so they land inside
/// the write. After every kill the store is whole
/// and loses nothing, and the retractions are those before or those after; at the end every
/// article not stored can still be added, and nothing a killed writer left behind remains.
#[test]
fn a_writer_killed_at_any_moment_leaves_the_store_whole() {
    let _g = heavy();
    let kills = env_number("POSITIONS_KILLS", 60) as usize;
    let budget = Duration::from_secs(env_number("POSITIONS_KILL_SECONDS", 60));
    let seed = env_number("POSITIONS_KILL_SEED", 0x5afe_57a7e);
    let mut rng = Rng::new(seed);
    let data = ScratchData::copy_of_project_data();
    let data = data.path();
    let files = tempfile::tempdir().expect("temp dir");
    let mut generated: BTreeMap<String, Generated> = BTreeMap::new();
    let add = |generated: &mut BTreeMap<String, Generated>, n: usize| {
        let g = Generated::write(files.path(), &format!("wire-{n:03}"), &wire_article(n));
        let id = g.id.clone();
        generated.insert(id.clone(), g);
        id
    };
    let first = add(&mut generated, 0);
    let ingest = calibrate(data, &Write::Ingest(first), &generated);
    let some_statement = statement_ids(data).into_iter().next().unwrap();
    let retract = calibrate(data, &Write::Retract(some_statement), &generated);
    println!("one ingest: {ingest}\none retract: {retract}");

    let started = Instant::now();
    let mut stored = assert_consistent(data, &generated, &statement_ids(data));
    let mut now_retracted = retracted(data);
    let (mut ingests, mut retractions) = (Tally::default(), Tally::default());
    let mut tried = 0;
    for k in 0..kills {
        if k >= 20 && started.elapsed() > budget {
            break;
        }
        tried += 1;
        let pick =
            |set: Vec<&String>, rng: &mut Rng| set[rng.upto(set.len() as u64 - 1) as usize].clone();
        let w = if k % 3 != 2 {
            Write::Ingest(add(&mut generated, k + 1))
        } else if !now_retracted.is_empty() && rng.upto(1) == 0 {
            Write::Restore(pick(now_retracted.iter().collect(), &mut rng))
        } else {
            Write::Retract(pick(stored.difference(&now_retracted).collect(), &mut rng))
        };
        let timing = match w {
            Write::Ingest(_) => ingest,
            _ => retract,
        };
        let scratch = w.scratch(data);
        let old_hidden = hidden_in(&scratch);
        let mut child = w.spawn(data, &generated);
        if k % 2 == 0 {
            let delay = rng.upto(timing.to_exit.as_micros() as u64 * 11 / 10);
            std::thread::sleep(Duration::from_micros(delay));
        } else if wait_for_write(&scratch, &old_hidden, &mut child, timing.to_exit * 4) {
            let delay = rng.upto(timing.write().as_micros() as u64 * 9 / 10);
            std::thread::sleep(Duration::from_micros(delay));
        }
        let _ = child.kill();
        let status = child.wait().expect("wait for the writer");
        let left_tmp = hidden_in(&scratch).difference(&old_hidden).next().is_some();
        let landed = w.landed(data);
        let tally = match w {
            Write::Ingest(_) => &mut ingests,
            _ => &mut retractions,
        };
        match status.signal() {
            Some(9) if landed => tally.after_rename += 1,
            Some(9) if left_tmp => tally.during_write += 1,
            Some(9) => tally.before_write += 1,
            _ => {
                assert!(status.success(), "{w:?} failed: {status:?}");
                assert!(landed, "{w:?} finished but did not land");
                tally.finished += 1;
            }
        }
        let now = assert_consistent(data, &generated, &stored);
        let added: BTreeSet<String> = now.difference(&stored).cloned().collect();
        let mut want_retracted = now_retracted.clone();
        match &w {
            Write::Ingest(id) if landed => {
                assert_eq!(
                    added,
                    generated[id].ids(id),
                    "only {id}'s statements are new"
                )
            }
            Write::Retract(id) if landed => {
                want_retracted.insert(id.clone());
            }
            Write::Restore(id) if landed => {
                want_retracted.remove(id);
            }
            _ => {}
        }
        if !matches!(w, Write::Ingest(_)) || !landed {
            assert!(added.is_empty(), "nothing new after {w:?}: {added:?}");
        }
        now_retracted = retracted(data);
        assert_eq!(now_retracted, want_retracted, "after {w:?}");
        stored = now;
        if k % 10 == 9 {
            assert_check_passes(data);
        }
    }
    println!(
        "kill loop (seed {seed:#x}): {tried} kill points tried in {:.1} s\n  ingest: {ingests}\n  retract and restore: {retractions}\n  {} statements stored ({} retracted), none lost",
        started.elapsed().as_secs_f64(),
        stored.len(),
        now_retracted.len()
    );
    assert!(
        ingests.during_write + retractions.during_write > 0,
        "no kill landed inside a write"
    );

    // Every article a kill stopped can still be added, under the id it asked for.
    let missing: Vec<&Generated> = generated
        .values()
        .filter(|g| !data.join(ARTICLES_DIR).join(&g.id).exists())
        .collect();
    let paths: Vec<&Path> = missing.iter().map(|g| g.file.as_path()).collect();
    if !paths.is_empty() {
        let o = spawn_ingest(data, &paths, true)
            .wait_with_output()
            .expect("ingest the rest");
        assert!(o.status.success(), "{}", stderr(&o));
        for g in &missing {
            assert!(
                stdout(&o).contains(&format!("statements added as {}\n", g.id)),
                "{} is added after the kills: {}",
                g.id,
                stdout(&o)
            );
        }
    }
    let all = assert_consistent(data, &generated, &stored);
    for g in generated.values() {
        assert!(g.ids(&g.id).is_subset(&all), "{} is stored", g.id);
    }
    let check = assert_check_passes(data);
    let counts = format!(
        "{} articles, {} statements ({} retracted)",
        generated.len() + 1,
        all.len(),
        now_retracted.len()
    );
    assert!(check.contains(&counts), "{check} is not {counts}");
    assert_eq!(
        hidden_in(&data.join(ARTICLES_DIR)),
        BTreeSet::new(),
        "the next write cleans up the temporary folders killed writers left"
    );
    assert!(
        hidden_in(data).iter().all(|n| !n.ends_with(".tmp")),
        "and their temporary retractions files: {:?}",
        hidden_in(data)
    );
}

/// What one `positions ingest FILE` printed first: Ok(id) when it added the article, Err(id) when
/// it found it already stored.
fn outcome(o: &Output) -> Result<String, String> {
    let out = stdout(o);
    let first = out.lines().next().unwrap_or_default();
    if let Some((_, id)) = first.split_once(" statements added as ") {
        Ok(id.to_string())
    } else if let Some((_, rest)) = first.split_once(": already stored as ") {
        Err(rest.trim_end_matches(": nothing added").to_string())
    } else {
        panic!("unexpected ingest output: {out}\n{}", stderr(o))
    }
}

/// How many stored articles have this body.
fn copies(store: &Store, body: &str) -> usize {
    let fp = fingerprint(body);
    store
        .articles
        .iter()
        .filter(|a| a.meta.fingerprint == fp)
        .count()
}

/// Pairs of `positions ingest` started at the same moment: on different articles (both land), on
/// two files with the same text (one adds it, the other finds it stored), and on different
/// articles with the same file name (both land, under distinct ids).
#[test]
fn writers_started_at_the_same_moment_all_land_once() {
    let _g = heavy();
    let pairs = env_number("POSITIONS_PAIRS", 12) as usize;
    let data = ScratchData::copy_of_project_data();
    let data = data.path();
    let files = tempfile::tempdir().expect("temp dir");
    let mut stored = statement_ids(data);
    let mut kinds = [0usize; 3];
    let started = Instant::now();
    for p in 0..pairs {
        let (na, nb) = (1000 + 2 * p, 1001 + 2 * p);
        let kind = p % 3;
        kinds[kind] += 1;
        let (a, b) = match kind {
            0 => (
                Generated::write(files.path(), &format!("pair-{p}-a"), &wire_article(na)),
                Generated::write(files.path(), &format!("pair-{p}-b"), &wire_article(nb)),
            ),
            1 => (
                Generated::write(files.path(), &format!("pair-{p}-a"), &wire_article(na)),
                Generated::write(files.path(), &format!("pair-{p}-b"), &wire_article(na)),
            ),
            _ => {
                let (da, db) = (files.path().join("a"), files.path().join("b"));
                std::fs::create_dir_all(&da).unwrap();
                std::fs::create_dir_all(&db).unwrap();
                (
                    Generated::write(&da, &format!("pair-{p}"), &wire_article(na)),
                    Generated::write(&db, &format!("pair-{p}"), &wire_article(nb)),
                )
            }
        };
        let ca = spawn_ingest(data, &[&a.file], true);
        let cb = spawn_ingest(data, &[&b.file], true);
        let (oa, ob) = (
            ca.wait_with_output().expect("wait"),
            cb.wait_with_output().expect("wait"),
        );
        for o in [&oa, &ob] {
            assert!(o.status.success(), "pair {p}: {}", stderr(o));
        }
        let (ra, rb) = (outcome(&oa), outcome(&ob));
        let store = Store::load(data, gazetteer()).expect("the store loads");
        match kind {
            0 => {
                assert_eq!((&ra, &rb), (&Ok(a.id.clone()), &Ok(b.id.clone())));
            }
            1 => {
                let (winner, other) = match (&ra, &rb) {
                    (Ok(w), Err(o)) | (Err(o), Ok(w)) => (w, o),
                    _ => panic!("pair {p}: exactly one adds the text: {ra:?} {rb:?}"),
                };
                assert_eq!(winner, other, "the other names where it is stored");
            }
            _ => {
                let ids: BTreeSet<String> = [&ra, &rb]
                    .into_iter()
                    .map(|r| r.clone().expect("both land"))
                    .collect();
                let want: BTreeSet<String> = [format!("pair-{p}"), format!("pair-{p}-2")].into();
                assert_eq!(ids, want, "pair {p}: distinct ids");
            }
        }
        for (g, r) in [(&a, &ra), (&b, &rb)] {
            assert_eq!(
                copies(&store, &g.body),
                1,
                "pair {p}: {} once",
                g.file.display()
            );
            if let Ok(id) = r {
                assert_stored_whole(data, g, id);
            }
        }
        let generated = BTreeMap::new();
        stored = assert_consistent(data, &generated, &stored);
    }
    let check = assert_check_passes(data);
    println!(
        "concurrent writers: {pairs} pairs started at the same moment ({} on different articles, {} on the same text, {} on the same file name) in {:.1} s; {check}",
        kinds[0],
        kinds[1],
        kinds[2],
        started.elapsed().as_secs_f64()
    );
}

/// Threads adding articles in one process, as the bot's `/ingest` will, while a `positions
/// ingest` process holds the writers' lock: the threads wait for it; each text is stored once,
/// and articles asking for the same id get distinct ones.
#[test]
fn in_process_writers_and_a_command_line_writer_at_once() {
    let _g = heavy();
    let data = ScratchData::copy_of_project_data();
    let dir = data.path().to_path_buf();
    let files = tempfile::tempdir().expect("temp dir");
    let rounds = 4;
    let threads = 8;
    let mut writers = 0;
    let mut queued = 0;
    for r in 0..rounds {
        let cli = Generated::write(files.path(), &format!("cli-{r}"), &wire_article(2000 + r));
        let texts: Vec<String> = (0..4)
            .map(|k| match k {
                0 => std::fs::read_to_string(&cli.file).unwrap(),
                _ => wire_article(2100 + 10 * r + k),
            })
            .collect();
        let articles = dir.join(ARTICLES_DIR);
        let old_hidden = hidden_in(&articles);
        let mut child = spawn_ingest(&dir, &[&cli.file], true);
        let barrier = Arc::new(Barrier::new(threads + 1));
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (dir, barrier) = (dir.clone(), Arc::clone(&barrier));
                let text = texts[t % texts.len()].clone();
                let name = format!("bot-{r}");
                std::thread::spawn(move || {
                    let (meta, body) = positions::ingest::split_front_matter(&text).unwrap();
                    let p = positions::ingest::prepare(
                        body,
                        meta,
                        &name,
                        gazetteer(),
                        &Store::default(),
                    )
                    .unwrap();
                    barrier.wait();
                    Files::new(&dir)
                        .add_article(p.article, &p.body, p.statements)
                        .expect("add_article")
                })
            })
            .collect();
        // Start the threads while the process is writing, so they queue behind its lock.
        let seen = wait_for_write(&articles, &old_hidden, &mut child, Duration::from_secs(30));
        barrier.wait();
        let results: Vec<Added> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let o = child.wait_with_output().expect("wait");
        assert!(o.status.success(), "{}", stderr(&o));
        writers += threads + 1;
        // When the write was too quick to see, the process finished first: the same outcome.
        queued += usize::from(seen);
        assert_eq!(
            outcome(&o),
            Ok(cli.id.clone()),
            "the process held the lock first"
        );
        for (t, res) in results.iter().enumerate() {
            if t % texts.len() == 0 {
                assert_eq!(res, &Added::Duplicate(cli.id.clone()), "thread {t}");
            }
        }
        let new: BTreeSet<&String> = results
            .iter()
            .filter_map(|a| match a {
                Added::New(id) => Some(id),
                Added::Duplicate(_) => None,
            })
            .collect();
        let want = [
            format!("bot-{r}"),
            format!("bot-{r}-2"),
            format!("bot-{r}-3"),
        ];
        assert_eq!(new, want.iter().collect(), "round {r}: {results:?}");
        let store = Store::load(&dir, gazetteer()).expect("the store loads");
        for text in &texts {
            let (_, body) = positions::ingest::split_front_matter(text).unwrap();
            assert_eq!(copies(&store, body), 1, "round {r}: each text once");
        }
        Store::check(&dir, gazetteer()).expect("check passes");
    }
    assert_check_passes(&dir);
    assert!(
        queued > 0,
        "no round started its threads during the process's write"
    );
    println!("in-process writers: {rounds} rounds of {threads} threads and one process ({writers} writers; threads started during the process's write in {queued} rounds), each text stored once");
}

/// What a killed writer leaves (a hidden temporary folder, half written, and a temporary
/// retractions file) is invisible to `check`, `ask` and the loader, and the next write removes it.
#[test]
fn readers_ignore_and_writers_clean_what_a_killed_writer_left() {
    let data = ScratchData::copy_of_project_data();
    let dir = data.path();
    let before = assert_check_passes(dir);
    let torn = dir.join(ARTICLES_DIR).join(".tmp-wire-torn-4242");
    std::fs::create_dir_all(&torn).unwrap();
    std::fs::write(torn.join(ARTICLE_TEXT), "“Half an arti").unwrap();
    std::fs::write(torn.join(ARTICLE_META), "{\"id\": \"wire-to").unwrap();
    std::fs::write(torn.join(STATEMENTS_FILE), "{\"id\":\"s1\",\"te").unwrap();
    std::fs::write(dir.join(".retractions.jsonl.4242.tmp"), "{\"id\":").unwrap();
    assert_eq!(assert_check_passes(dir), before);
    let o = positions(dir, &["ask", "/position germany"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(positions::app::load(dir).is_ok());

    let files = tempfile::tempdir().expect("temp dir");
    let g = Generated::write(files.path(), "after-the-kill", &wire_article(7));
    let o = positions(dir, &["ingest", g.file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_stored_whole(dir, &g, "after-the-kill");
    assert!(!torn.exists(), "the torn temporary folder is removed");
    assert!(
        !dir.join(".retractions.jsonl.4242.tmp").exists(),
        "the temporary retractions file is removed"
    );
}
