//! Criterion benchmarks of the extractor on pathological text: a megabyte on one line in each
//! shape that once took quadratic time (quotes and names, plain words, quotation marks alone,
//! titles, commas, names with speech verbs), at a quarter and at the whole size, so that the
//! two figures side by side show the work growing with the text, not with its square.
//!
//! `cargo bench --bench long_lines`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use positions::entities::Gazetteer;
use positions::extract::extract;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Each shape as a unit repeated to about `bytes` bytes.
fn shapes(bytes: usize) -> Vec<(&'static str, String)> {
    let units: [(&str, &str); 6] = [
        (
            "quotes",
            "“We will help Ukraine,” Merz said, adding that Germany “will stay”. Lavrov said no. ",
        ),
        ("words", "word "),
        ("marks", "“"),
        ("titles", "Minister "),
        ("commas", "x, "),
        ("names", "Abel Brandt said, "),
    ];
    units
        .iter()
        .map(|(label, unit)| (*label, unit.repeat(bytes / unit.len() + 1) + "said Merz."))
        .collect()
}

fn benches(c: &mut Criterion) {
    let gazetteer =
        Gazetteer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("gazetteer");
    let mut group = c.benchmark_group("one_line");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(5));
    for bytes in [250_000, 1_000_000] {
        for (label, body) in shapes(bytes) {
            group.bench_with_input(BenchmarkId::new(label, bytes), &body, |b, body| {
                b.iter(|| black_box(extract(body, Some("2026-01-07"), &gazetteer)))
            });
        }
    }
    group.finish();
}

criterion_group!(long_lines, benches);
criterion_main!(long_lines);
