//! Criterion benchmarks of every answer at several store sizes: the seed store under `data/`
//! (when it has statements) and synthetic stores of 10^4, 10^5 and 10^6 statements, with the
//! naive linear scan measured beside the index in the same run.
//!
//! `cargo bench --bench answers`; choose sizes with `POSITIONS_BENCH_SIZES=10000,100000`
//! (`seed` names the seed store).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use positions::answer::answer;
use positions::answer::complete;
use positions::answer::query::Question;
use positions::entities::Gazetteer;
use positions::index::Index;
use positions::{app, render};
use positions_bench::baseline;
use positions_bench::synth::{self, Questions};

/// mimalloc, as `src/main.rs` chooses for the bot, so the figures are the bot's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 1;
const QUESTIONS: usize = 500;

/// The stores to measure, by label.
fn sizes() -> Vec<String> {
    std::env::var("POSITIONS_BENCH_SIZES")
        .unwrap_or_else(|_| "seed,10000,100000,1000000".to_string())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

/// The index for a label, or none when the seed store has no statements yet.
fn load(label: &str) -> Option<Index> {
    if label == "seed" {
        let index = app::load(data_dir()).expect("the data folder loads");
        return (!index.is_empty()).then_some(index);
    }
    let n: usize = label.parse().expect("a size is a number or `seed`");
    let g = Gazetteer::load(data_dir()).expect("the gazetteer loads");
    let store = synth::generate(&g, n, SEED);
    Some(Index::build(g, store.into_store()))
}

/// Calls `f` on the questions in turn, one per iteration.
fn rotate<'a, T>(items: &'a [T]) -> impl FnMut() -> &'a T {
    let mut i = 0;
    move || {
        i = (i + 1) % items.len();
        &items[i]
    }
}

fn position(who: &str, topic: Option<&str>) -> Question {
    Question::Position {
        who: who.to_string(),
        topic: topic.map(str::to_string),
    }
}

fn bench_size(c: &mut Criterion, label: &str, index: &Index, q: &Questions) {
    let n = index.len();
    let mut group = c.benchmark_group(format!("resolve/{label}"));
    for (kind, names) in [
        ("exact", &q.names),
        ("alias", &q.aliases),
        ("typo", &q.typos),
        ("miss", &q.misses),
    ] {
        let mut next = rotate(names);
        group.bench_function(BenchmarkId::new(kind, n), |b| {
            b.iter(|| black_box(index.resolve(next())))
        });
    }
    group.finish();

    let topics: Vec<(String, String)> = q.names.iter().cloned().zip(q.topics.clone()).collect();
    let mut group = c.benchmark_group(format!("position/{label}"));
    let mut next = rotate(&q.names);
    group.bench_function(BenchmarkId::new("index", n), |b| {
        b.iter(|| {
            let who = next();
            black_box(answer(index, &position(who, None), 0, who))
        })
    });
    let mut next = rotate(&topics);
    group.bench_function(BenchmarkId::new("index_topic", n), |b| {
        b.iter(|| {
            let (who, t) = next();
            black_box(answer(index, &position(who, Some(t)), 0, who))
        })
    });
    group.finish();

    // The naive scan, beside the index: slow enough at 10^6 to need one run per sample.
    let mut group = c.benchmark_group(format!("position/{label}"));
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    let mut next = rotate(&q.names);
    group.bench_function(BenchmarkId::new("naive", n), |b| {
        b.iter(|| black_box(baseline::position(index, next(), None)))
    });
    let mut next = rotate(&topics);
    group.bench_function(BenchmarkId::new("naive_topic", n), |b| {
        b.iter(|| {
            let (who, t) = next();
            black_box(baseline::position(index, who, Some(t)))
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("topic/{label}"));
    let mut next = rotate(&q.topics);
    group.bench_function(BenchmarkId::new("index", n), |b| {
        b.iter(|| {
            let word = next().clone();
            black_box(answer(index, &Question::Topic { word }, 0, ""))
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("whosaid/{label}"));
    let mut next = rotate(&q.phrases);
    group.bench_function(BenchmarkId::new("index", n), |b| {
        b.iter(|| {
            let phrase = next().clone();
            black_box(answer(index, &Question::WhoSaid { phrase }, 0, ""))
        })
    });
    group.finish();
    let mut group = c.benchmark_group(format!("whosaid/{label}"));
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    let mut next = rotate(&q.phrases);
    group.bench_function(BenchmarkId::new("naive", n), |b| {
        b.iter(|| black_box(baseline::whosaid(index, next())))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("autocomplete/{label}"));
    for letters in 1..=3 {
        let prefixes: Vec<String> = q
            .names
            .iter()
            .map(|n| positions::text::fold(n).chars().take(letters).collect())
            .collect();
        let mut next = rotate(&prefixes);
        group.bench_function(BenchmarkId::new(format!("{letters}_letters"), n), |b| {
            b.iter(|| black_box(complete::complete(index, next())))
        });
    }
    group.finish();

    let replies: Vec<_> = q
        .names
        .iter()
        .take(50)
        .map(|who| answer(index, &position(who, None), 0, who))
        .collect();
    let mut group = c.benchmark_group(format!("render/{label}"));
    let mut next = rotate(&replies);
    group.bench_function(BenchmarkId::new("embed", n), |b| {
        b.iter(|| black_box(render::embed::render(next())))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    for label in sizes() {
        let Some(index) = load(&label) else {
            eprintln!("skipping `{label}`: no statements");
            continue;
        };
        let q = synth::questions(
            &index.gazetteer,
            &index.statements().map(|(_, s)| s).collect::<Vec<_>>(),
            QUESTIONS,
            SEED,
        );
        bench_size(c, &label, &index, &q);
    }
}

criterion_group! {
    name = answers;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(answers);
