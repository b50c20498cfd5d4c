//! Detector throughput on in-memory Arrow string arrays: a column of resident
//! IDs (every value validated), a column of mobiles, and a column with no hits
//! (the common case, which the prefilters should make cheap). The baseline is
//! a bare pass over the same values (length sum), measured in the same run.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray};
use fenji::detect::{ColumnEvidence, DetectorSet, Scratch};

const ROWS: usize = 20_000;

fn id_with_check(body: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn columns() -> Vec<(&'static str, ArrayRef)> {
    let ids: Vec<String> = (0..ROWS)
        .map(|i| {
            id_with_check(&format!(
                "110105{}{:02}{:02}{:03}",
                1950 + i % 50,
                1 + i % 12,
                1 + i % 28,
                i % 1000
            ))
        })
        .collect();
    let phones: Vec<String> = (0..ROWS)
        .map(|i| format!("138{:08}", i * 37 % 100_000_000))
        .collect();
    let text: Vec<String> = (0..ROWS)
        .map(|i| format!("order note {i}: delivered to locker, signed"))
        .collect();
    vec![
        ("resident_ids", Arc::new(StringArray::from(ids)) as ArrayRef),
        ("mobiles", Arc::new(StringArray::from(phones)) as ArrayRef),
        ("no_hits", Arc::new(StringArray::from(text)) as ArrayRef),
    ]
}

fn bench(c: &mut Criterion) {
    let set = DetectorSet::load(None).expect("detectors");
    let mut group = c.benchmark_group("detect");
    for (name, array) in columns() {
        let bytes = array.as_string::<i32>().values().len() as u64;
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(format!("{name}/baseline_pass"), |b| {
            b.iter(|| {
                let s = array.as_string::<i32>();
                black_box(s.iter().flatten().map(str::len).sum::<usize>())
            })
        });
        group.bench_function(format!("{name}/all_detectors"), |b| {
            b.iter(|| {
                let mut ev = ColumnEvidence::new(set.len());
                let mut scratch = Scratch::default();
                set.observe_array(&array, &mut ev, &mut scratch);
                black_box(ev.non_null + array.len() as u64)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
