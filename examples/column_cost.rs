//! Detection cost per column of one Parquet file, single-threaded:
//! `cargo run --release --example column_cost -- FILE [ROWS]`.
//! Prints decode-free detection time per column (ns/value) so a profile can
//! be read column by column.

use std::time::Instant;

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use fenji::detect::{ColumnEvidence, DetectorSet, Scratch};

/// The measured part (`valgrind --toggle-collect=column_cost::timed_pass`).
#[inline(never)]
fn timed_pass(set: &DetectorSet, arrays: &[ArrayRef], s: &mut Scratch) -> ColumnEvidence {
    let mut ev = ColumnEvidence::new(set.len());
    for a in arrays {
        set.observe_array(a, &mut ev, s);
    }
    ev
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: column_cost FILE [ROWS]");
    let limit: usize = args.next().map(|s| s.parse().unwrap()).unwrap_or(1_000_000);
    let file = std::fs::File::open(&path).expect("open");
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet")
        .with_batch_size(8192)
        .build()
        .expect("reader");
    let mut columns: Vec<(String, Vec<ArrayRef>)> = Vec::new();
    let mut rows = 0;
    for batch in reader {
        let batch = batch.expect("batch");
        if columns.is_empty() {
            columns = batch
                .schema()
                .fields()
                .iter()
                .map(|f| (f.name().clone(), Vec::new()))
                .collect();
        }
        for (i, c) in batch.columns().iter().enumerate() {
            columns[i].1.push(c.clone());
        }
        rows += batch.num_rows();
        if rows >= limit {
            break;
        }
    }
    let set = DetectorSet::load(None).expect("detectors");
    let mut total = 0.0;
    let only = args.next();
    for (name, arrays) in &columns {
        if only.as_ref().is_some_and(|o| o != name) {
            continue;
        }
        let mut s = Scratch::default();
        // Warm up: lazily built tables (phone number metadata, lazy DFAs).
        set.observe_array(&arrays[0], &mut ColumnEvidence::new(set.len()), &mut s);
        let start = Instant::now();
        let ev = timed_pass(&set, arrays, &mut s);
        let secs = start.elapsed().as_secs_f64();
        total += secs;
        let n: usize = arrays.iter().map(|a| a.len()).sum();
        let validated: Vec<String> = set
            .detectors
            .iter()
            .zip(&ev.tallies)
            .filter(|(_, t)| t.validated > 0)
            .map(|(d, t)| format!("{}={}", d.def.id, t.validated))
            .collect();
        println!(
            "{name:>14}: {:7.1} ns/value  {:6.3} s  {}",
            secs * 1e9 / n as f64,
            secs,
            validated.join(" ")
        );
    }
    println!("{:>14}: {total:.3} s for {rows} rows", "total");
}
