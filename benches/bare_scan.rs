//! The bare DataFusion baseline for `scripts/bench`: read every column that
//! `fenji scan --full` reads (the same `worth_scanning` rule), decode it and
//! count its non-null values, with the same session settings as fenji
//! (target partitions = threads, batch size 8192) and no detection at all.
//!
//! usage: bare_scan LAKE_DIR [--threads N] [--repeat R]
//!
//! LAKE_DIR holds the `_MANIFEST.json` written by `scripts/gen_bench_lake.py`;
//! each of its tables is registered as a listing table over its folder and
//! queried once per repeat with the equivalent of `SELECT count(*), count(c1), ... FROM t`.
//! Statistics collection is off, so the counts come from decoded pages and
//! not from footer statistics. Prints one JSON object on stdout, with the
//! best wall time of the repeats per table in seconds.
//!
//! Run without a lake (as `cargo bench` does), it prints its usage and exits 0.

use std::path::{Path, PathBuf};
use std::time::Instant;

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::prelude::{
    CsvReadOptions, ParquetReadOptions, SessionConfig, SessionContext, ident, lit,
};
use serde_json::{Value, json};

struct Args {
    lake: Option<PathBuf>,
    threads: usize,
    repeat: usize,
}

fn args() -> Args {
    let mut out = Args {
        lake: None,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        repeat: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threads" => out.threads = it.next().and_then(|v| v.parse().ok()).unwrap_or(2),
            "--repeat" => out.repeat = it.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            s if s.starts_with("--") => {} // cargo bench passes --bench
            s => out.lake = Some(PathBuf::from(s)),
        }
    }
    out
}

/// Register `table` over its folder and return the names of the columns fenji would scan.
async fn register(
    ctx: &SessionContext,
    lake: &Path,
    name: &str,
    table: &Value,
) -> datafusion::error::Result<Vec<String>> {
    let glob = table["glob"].as_str().unwrap_or_default();
    let dir = lake.join(Path::new(glob).parent().unwrap_or(Path::new("")));
    let dir = format!("{}/", dir.display());
    match table["format"].as_str() {
        Some("csv") => {
            // Every CSV column as text, as fenji reads it.
            let first = std::fs::read_dir(&dir)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "csv"))
                .ok_or_else(|| {
                    datafusion::error::DataFusionError::Plan(format!("no csv in {dir}"))
                })?;
            let header = std::fs::read_to_string(&first)?
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            let schema = Schema::new(
                header
                    .split(',')
                    .map(|c| Field::new(c.trim_matches('"'), DataType::Utf8, true))
                    .collect::<Vec<_>>(),
            );
            let options = CsvReadOptions::new()
                .has_header(true)
                .file_extension(".csv")
                .schema(&schema);
            ctx.register_csv(name, &dir, options).await?;
        }
        _ => {
            let options = ParquetReadOptions::default().file_extension(".parquet");
            ctx.register_parquet(name, &dir, options).await?;
        }
    }
    let df = ctx.table(name).await?;
    Ok(df
        .schema()
        .fields()
        .iter()
        .filter(|f| fenji::sample::worth_scanning(f.data_type()))
        .map(|f| f.name().clone())
        .collect())
}

async fn run(args: Args, lake: PathBuf) -> datafusion::error::Result<Value> {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(lake.join("_MANIFEST.json"))?)
            .map_err(|e| datafusion::error::DataFusionError::External(Box::new(e)))?;
    let config = SessionConfig::new()
        .with_target_partitions(args.threads)
        .with_batch_size(8192)
        .set_bool("datafusion.execution.collect_statistics", false);
    let ctx = SessionContext::new_with_config(config);
    let mut tables = serde_json::Map::new();
    let mut total = 0.0;
    let empty = serde_json::Map::new();
    for (name, table) in manifest["tables"].as_object().unwrap_or(&empty) {
        let columns = register(&ctx, &lake, name, table).await?;
        // count(*) and count(c) for each column, through the DataFrame API
        // (fenji builds DataFusion without its SQL frontend).
        let mut counts = vec![count(lit(1))];
        counts.extend(columns.iter().map(|c| count(ident(c))));
        let mut best = f64::INFINITY;
        let mut rows = 0u64;
        for _ in 0..args.repeat.max(1) {
            let clock = Instant::now();
            let batches = ctx
                .table(name.as_str())
                .await?
                .aggregate(vec![], counts.clone())?
                .collect()
                .await?;
            best = best.min(clock.elapsed().as_secs_f64());
            rows = batches
                .first()
                .and_then(|b| {
                    b.column(0)
                        .as_any()
                        .downcast_ref::<datafusion::arrow::array::Int64Array>()
                })
                .map_or(0, |a| a.value(0) as u64);
        }
        total += best;
        tables.insert(
            name.clone(),
            json!({"seconds": best, "rows": rows, "columns": columns}),
        );
    }
    Ok(json!({
        "engine": "datafusion",
        "threads": args.threads,
        "total_s": total,
        "tables": tables,
    }))
}

#[tokio::main]
async fn main() {
    let args = args();
    let Some(lake) = args.lake.clone() else {
        eprintln!("usage: bare_scan LAKE_DIR [--threads N] [--repeat R] (see scripts/bench)");
        return;
    };
    match run(args, lake).await {
        Ok(v) => println!("{v}"),
        Err(e) => {
            eprintln!("bare_scan: {e}");
            std::process::exit(1);
        }
    }
}
