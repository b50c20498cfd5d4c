//! Nightly runs: `--baseline` skips datasets whose files are unchanged and
//! reports what changed, locally and on a real S3 (SeaweedFS, the scratch
//! bucket `scripts/s3-up` makes for tests that write); `--audit-dir` keeps a
//! log of runs.

mod common;

use std::path::{Path, PathBuf};

use common::{corpus, dataset, fenji, parse, scratch, scratch_bucket, walk};
use serde_json::Value;

/// The S3 store of `bucket`, configured from the `AWS_*` variables `scripts/s3-up` writes.
fn s3_store(bucket: &str) -> object_store::aws::AmazonS3 {
    object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .build()
        .unwrap()
}

/// Where the test lake lives: a local folder or an S3 prefix.
enum Lake {
    Local(PathBuf),
    S3 { bucket: String, prefix: String },
}

impl Lake {
    fn root(&self) -> String {
        match self {
            Lake::Local(p) => p.display().to_string(),
            Lake::S3 { bucket, prefix } => format!("s3://{bucket}/{prefix}"),
        }
    }

    fn put(&self, key: &str, bytes: Vec<u8>) {
        match self {
            Lake::Local(p) => {
                let path = p.join(key);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            Lake::S3 { bucket, prefix } => {
                use object_store::ObjectStoreExt;
                let store = s3_store(bucket);
                let rt = tokio::runtime::Runtime::new().unwrap();
                rt.block_on(store.put(
                    &object_store::path::Path::from(format!("{prefix}/{key}")),
                    bytes.into(),
                ))
                .unwrap();
            }
        }
    }

    fn delete(&self, key: &str) {
        match self {
            Lake::Local(p) => std::fs::remove_file(p.join(key)).unwrap(),
            Lake::S3 { bucket, prefix } => {
                use object_store::ObjectStoreExt;
                let store = s3_store(bucket);
                let rt = tokio::runtime::Runtime::new().unwrap();
                rt.block_on(
                    store.delete(&object_store::path::Path::from(format!("{prefix}/{key}"))),
                )
                .unwrap();
            }
        }
    }

    /// A small lake from the corpus: a Parquet table, two CSVs, a
    /// partitioned table and a workbook.
    fn fill(&self) {
        let lake = corpus().join("lake");
        for rel in [
            "people/renkou_jbxx.parquet",
            "stats/tongji_gdp.csv",
            "enterprise/qiye_djxx.csv",
            "sheets/统计汇总.xlsx",
            // A file that fails every night it is unchanged.
            "broken/truncated.parquet",
        ] {
            self.put(rel, std::fs::read(lake.join(rel)).unwrap());
        }
        let part = lake.join("partitioned/jiaotong_pass");
        for entry in walk(&part) {
            let rel = entry
                .strip_prefix(&lake)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            self.put(&rel, std::fs::read(&entry).unwrap());
        }
    }
}

fn scan(root: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["scan", root, "--format", "json", "--quiet"];
    args.extend_from_slice(extra);
    let run = fenji(&args);
    (run.code, parse(&run))
}

fn level(report: &Value, key: &str) -> String {
    dataset(report, key)["level"].as_str().unwrap().to_string()
}

fn levels(report: &Value) -> Vec<(String, String)> {
    report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["key"].as_str().unwrap().to_string(),
                d["level"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A CSV of names and mobiles.
fn contacts() -> Vec<u8> {
    let mut s = String::from("xm,sjhm\n");
    for i in 0..80 {
        s.push_str(&format!(
            "张{},1381234{:04}\n",
            ["伟", "芳", "敏", "静"][i % 4],
            1000 + i * 37
        ));
    }
    s.into_bytes()
}

fn nightly(lake: &Lake, dir: &Path) {
    lake.fill();
    let root = lake.root();
    let (code, first) = scan(&root, &[]);
    assert_eq!(code, 3, "the broken file is an error: {}", first["errors"]);
    let baseline = dir.join("night1.json");
    std::fs::write(&baseline, first.to_string()).unwrap();
    let base = baseline.to_str().unwrap();
    let n = first["datasets"].as_array().unwrap().len();

    // Night 2, nothing changed: nothing read (not even the broken file,
    // whose error stands), the same levels, no changes.
    let (code, second) = scan(&root, &["--baseline", base, "--fail-on-change"]);
    assert_eq!(code, 3, "{}", second["changes"]);
    let io = &second["scan"]["io"];
    let (read, total) = (
        io["bytes_read"].as_u64().unwrap(),
        io["bytes_total"].as_u64().unwrap(),
    );
    assert!(
        (read as f64) < 0.01 * total as f64,
        "{read} of {total} bytes read"
    );
    assert_eq!(read, 0, "an unchanged lake is not read");
    let carried = &second["errors"][0];
    assert!(
        carried["uri"]
            .as_str()
            .unwrap()
            .ends_with("broken/truncated.parquet")
    );
    assert!(
        carried["error"]
            .as_str()
            .unwrap()
            .contains("not read again"),
        "{carried}"
    );
    assert_eq!(levels(&second), levels(&first));
    assert_eq!(second["scan"]["baseline"]["datasets_reused"], n as u64);
    assert_eq!(second["summary"]["changes"], 0);
    assert!(
        second["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["reused"] == true)
    );

    // Night 3: one file now holds mobiles, one is gone, one is new.
    let changed = contacts();
    let changed_size = changed.len() as u64;
    lake.put("stats/tongji_gdp.csv", changed);
    lake.delete("enterprise/qiye_djxx.csv");
    lake.put("new/lianxiren.csv", contacts());
    let (code, third) = scan(&root, &["--baseline", base, "--fail-on-change"]);
    assert_eq!(code, 1, "changes trip --fail-on-change");
    let io = &third["scan"]["io"];
    assert!(
        io["bytes_read"].as_u64().unwrap() <= 2 * changed_size,
        "only the changed and new files are read: {io}"
    );
    assert_eq!(level(&third, "stats/tongji_gdp.csv"), "L3");
    assert_eq!(level(&third, "new/lianxiren.csv"), "L3");
    assert_eq!(third["scan"]["baseline"]["datasets_reused"], (n - 2) as u64);
    let changes = &third["changes"];
    assert_eq!(
        changes["new_datasets"],
        serde_json::json!(["new/lianxiren.csv"])
    );
    assert_eq!(
        changes["removed_datasets"],
        serde_json::json!(["enterprise/qiye_djxx.csv"])
    );
    assert_eq!(
        changes["level_changes"],
        serde_json::json!([{"key": "stats/tongji_gdp.csv", "from": "L1", "to": "L3"}])
    );
    let cols: Vec<&str> = changes["new_sensitive_columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["column"].as_str().unwrap())
        .collect();
    assert_eq!(cols, ["sjhm", "xm"], "{changes}");
    let schema: Value = serde_json::from_str(fenji::report::JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for r in [&second, &third] {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "schema violations: {errors:?}");
    }
}

#[test]
fn unchanged_datasets_are_not_read_again_locally() {
    let dir = scratch("nightly-local");
    let lake = Lake::Local(dir.join("lake"));
    nightly(&lake, &dir);

    // Another policy: the baseline is not reused, and the report says why.
    let root = lake.root();
    let base = dir.join("night1.json");
    let (_, r) = scan(
        &root,
        &[
            "--baseline",
            base.to_str().unwrap(),
            "--policy",
            "pingshan-2020",
        ],
    );
    assert_eq!(r["scan"]["baseline"]["reused"], false);
    assert_eq!(r["scan"]["baseline"]["reason"], "the policy changed");
    assert_eq!(r["scan"]["baseline"]["datasets_reused"], 0);

    // A jsonl stream is a baseline too.
    let run = fenji(&["scan", &root, "--format", "jsonl", "--quiet"]);
    let stream = dir.join("night.jsonl");
    std::fs::write(&stream, &run.stdout).unwrap();
    let (code, r) = scan(
        &root,
        &["--baseline", stream.to_str().unwrap(), "--fail-on-change"],
    );
    assert_eq!(code, 3, "{}", r["changes"]);
    assert_eq!(r["summary"]["changes"], 0);
    assert!(r["scan"]["io"]["bytes_read"].as_u64().unwrap() < 1024);
}

#[test]
fn unchanged_datasets_are_not_read_again_on_s3() {
    let Some(bucket) = scratch_bucket() else {
        return;
    };
    let dir = scratch("nightly-s3");
    let lake = Lake::S3 {
        bucket,
        prefix: format!("nightly-{}", std::process::id()),
    };
    nightly(&lake, &dir);
}

/// `--audit-dir` appends one line per run to a dated log: tool, policy and
/// detector hashes, sources, files, summary and exit code.
#[test]
fn every_run_is_logged_in_the_audit_dir() {
    let dir = scratch("audit");
    let log = dir.join("audit");
    let people = corpus().join("lake/people").display().to_string();
    let logdir = log.to_str().unwrap();
    for extra in [
        &[][..],
        &["--fail-on", "L3"][..],
        &["--policy", "pingshan-2020"][..],
    ] {
        let mut args = vec![
            "scan",
            people.as_str(),
            "--format",
            "json",
            "--quiet",
            "--audit-dir",
            logdir,
        ];
        args.extend_from_slice(extra);
        fenji(&args);
    }
    let files: Vec<PathBuf> = std::fs::read_dir(&log)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        name.starts_with("fenji-audit-20") && name.ends_with(".jsonl"),
        "{name}"
    );
    let lines: Vec<Value> = std::fs::read_to_string(&files[0])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let codes: Vec<u64> = lines
        .iter()
        .map(|l| l["exit_code"].as_u64().unwrap())
        .collect();
    assert_eq!(codes, [0, 1, 0]);
    for l in &lines {
        assert_eq!(l["tool"]["name"], "fenji");
        assert_eq!(l["scan"]["sources"][0], people.as_str());
        for h in ["policy", "detectors", "sample"] {
            assert_eq!(l["scan"]["hashes"][h].as_str().unwrap().len(), 16);
        }
        assert!(l["scan"]["started_at"].is_string() && l["scan"]["finished_at"].is_string());
        assert_eq!(l["summary"]["datasets"], 1);
    }
    assert_eq!(lines[0]["scan"]["hashes"], lines[1]["scan"]["hashes"]);
    // A run that cannot scan (here: a decisions file without reviewers) is logged too.
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[[dataset]]\nkey = \"x\"\nlevel = \"L2\"\nbasis = \"b\"\n",
    )
    .unwrap();
    let run = fenji(&[
        "scan",
        people.as_str(),
        "--quiet",
        "--audit-dir",
        logdir,
        "--decisions",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["exit_code"], 2);
    assert!(
        last["error"].as_str().unwrap().contains("reviewer"),
        "{last}"
    );
    assert_ne!(
        lines[0]["scan"]["hashes"]["policy"],
        lines[2]["scan"]["hashes"]["policy"]
    );
    assert_eq!(
        lines[0]["scan"]["hashes"]["detectors"],
        lines[2]["scan"]["hashes"]["detectors"]
    );
}

/// Delta Lake tables written by the python `deltalake` package
/// (`scripts/gen_delta.py`), locally and on S3: a table is one dataset read at
/// its current snapshot, so the file a delete removed (still on disk, its rows
/// resident IDs) is not scanned.
#[test]
fn delta_tables_are_read_at_their_snapshot() {
    let python = match std::env::var("FENJI_PYTHON") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            assert!(
                std::env::var_os("FENJI_REQUIRE_WRITERS").is_none(),
                "FENJI_REQUIRE_WRITERS is set but FENJI_PYTHON is not"
            );
            return;
        }
    };
    let dir = scratch("delta");
    let local = dir.join("lake");
    let status = std::process::Command::new(&python)
        .arg(corpus().parent().unwrap().join("scripts/gen_delta.py"))
        .arg(&local)
        .output()
        .expect("run gen_delta.py");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut lakes = vec![Lake::Local(local.clone())];
    if let Some(bucket) = scratch_bucket() {
        let s3 = Lake::S3 {
            bucket,
            prefix: format!("delta-{}", std::process::id()),
        };
        for f in walk(&local) {
            let rel = f
                .strip_prefix(&local)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            s3.put(&rel, std::fs::read(&f).unwrap());
        }
        lakes.push(s3);
    }
    for lake in &lakes {
        let root = lake.root();
        let (code, r) = scan(&root, &[]);
        assert_eq!(code, 0, "{root}: {}", r["errors"]);
        let ds = r["datasets"].as_array().unwrap();
        assert_eq!(ds.len(), 2, "{root}: {ds:#?}");
        let renkou = &ds[1];
        assert_eq!(renkou["key"], "renkou_delta");
        assert_eq!(renkou["format"], "delta");
        assert_eq!(renkou["files"], 1, "only the live file");
        assert_eq!(renkou["rows"], 300);
        assert_eq!(renkou["level"], "L1", "the IDs were deleted: {renkou:#}");
        let jiaotong = &ds[0];
        assert_eq!(jiaotong["key"], "jiaotong_delta");
        assert_eq!(jiaotong["format"], "delta");
        assert_eq!(jiaotong["partitions"], serde_json::json!(["dt"]));
        assert_eq!(jiaotong["files"], 2);
        assert_eq!(jiaotong["level"], "L3");
        // The table folder as the source is the table.
        let (_, one) = scan(&format!("{root}/renkou_delta"), &[]);
        let one = one["datasets"].as_array().unwrap();
        assert_eq!((one.len(), one[0]["files"].as_u64()), (1, Some(1)));
        assert_eq!(one[0]["level"], "L1");
    }
}

/// A CSV part of the `calls` table: `bh,dh,bz`; with `mobiles`, `dh` holds
/// mobile numbers, else extension numbers.
fn calls_part(n: usize, mobiles: bool) -> Vec<u8> {
    let mut s = String::from("bh,dh,bz\n");
    for i in 0..60 {
        let dh = if mobiles {
            format!("139{:04}{:04}", 1000 + n * 7, 2000 + i * 13)
        } else {
            format!("分机{}", 100 + i)
        };
        s.push_str(&format!("C{n:02}-{i:04},{dh},已处理\n"));
    }
    s.into_bytes()
}

/// A Parquet part of the `events` table (`id`, `phone`), written with the
/// arrow writer in several row groups; with `mobiles`, `phone` holds mobiles.
fn events_part(n: usize, mobiles: bool) -> Vec<u8> {
    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::parquet::file::properties::WriterProperties;
    let ids: Vec<String> = (0..500).map(|i| format!("evt-{n}-{i}")).collect();
    let phones: Vec<String> = (0..500)
        .map(|i| {
            if mobiles {
                format!("137{:04}{:04}", 3000 + n, 1000 + i * 17)
            } else {
                format!("{}", 100 + i % 50)
            }
        })
        .collect();
    let batch = RecordBatch::try_from_iter([
        (
            "id",
            std::sync::Arc::new(StringArray::from(ids)) as ArrayRef,
        ),
        (
            "phone",
            std::sync::Arc::new(StringArray::from(phones)) as ArrayRef,
        ),
    ])
    .unwrap();
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(200))
        .build();
    let mut out = Vec::new();
    let mut w = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    out
}

/// A table of 12 CSV files and one of 6 Parquet files; one file of each
/// changes. With `--baseline`, only those two files are read, the other
/// files' evidence comes from the baseline, and the tables grade exactly as
/// a fresh scan grades them.
fn one_changed_file(lake: &Lake, dir: &Path, mode: &[&str]) {
    for n in 0..12 {
        lake.put(&format!("calls/part-{n:05}.csv"), calls_part(n, false));
    }
    for n in 0..6 {
        lake.put(
            &format!("events/part-{n:05}.parquet"),
            events_part(n, false),
        );
    }
    let root = lake.root();
    let (code, first) = scan(&root, mode);
    assert_eq!(code, 0, "{}", first["errors"]);
    for key in ["calls", "events"] {
        let d = dataset(&first, key);
        assert!(
            d["objects"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["evidence"].is_object()),
            "{key}: per-file evidence is kept: {}",
            d["objects"]
        );
    }
    let base = dir.join(format!("tables{}.json", mode.len()));
    std::fs::write(&base, first.to_string()).unwrap();

    // The files that change are not among those a sample of 3 files takes
    // (positions 0, middle, last), so only reading them finds the mobiles.
    let calls = calls_part(7, true);
    let events = events_part(3, true);
    let changed = (calls.len() + events.len()) as u64;
    lake.put("calls/part-00007.csv", calls);
    lake.put("events/part-00003.parquet", events);
    let mut args = mode.to_vec();
    args.extend(["--baseline", base.to_str().unwrap()]);
    let (code, again) = scan(&root, &args);
    assert_eq!(code, 0, "{}", again["errors"]);
    let io = &again["scan"]["io"];
    assert!(
        io["bytes_read"].as_u64().unwrap() <= changed,
        "only the two changed files are read ({changed} bytes): {io}"
    );
    assert_eq!(again["scan"]["baseline"]["files_reused"], 11 + 5);
    for (key, column) in [("calls", "dh"), ("events", "phone")] {
        let d = dataset(&again, key);
        assert_ne!(d["reused"], true);
        let reused = d["files_reused"].as_u64().unwrap();
        assert_eq!(reused, d["files"].as_u64().unwrap() - 1, "{key}");
        let col = d["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == column)
            .unwrap();
        assert_eq!(
            col["types"],
            serde_json::json!(["cn_mobile"]),
            "{key}: {col}"
        );
        assert_ne!(d["level"], "L1", "{key}");
    }
    assert!(
        again["changes"]["level_changes"].as_array().unwrap().len() == 2,
        "{}",
        again["changes"]
    );
    if mode.contains(&"--full") {
        // Read whole, the merged evidence is the evidence: the tables grade
        // exactly as a fresh full scan grades them, examples and all.
        let (_, fresh) = scan(&root, mode);
        for key in ["calls", "events"] {
            let (a, b) = (dataset(&again, key), dataset(&fresh, key));
            for field in [
                "level",
                "category",
                "rows",
                "rows_exact",
                "columns",
                "proposals",
            ] {
                assert_eq!(
                    a[field], b[field],
                    "{key}: {field} differs from a fresh scan"
                );
            }
        }
    }
    let schema: Value = serde_json::from_str(fenji::report::JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&again)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:?}");
}

#[test]
fn one_changed_file_of_a_table_is_read_alone_locally() {
    for mode in [&["--full"][..], &[][..]] {
        let dir = scratch(&format!("tables-local-{}", mode.len()));
        one_changed_file(&Lake::Local(dir.join("lake")), &dir, mode);
    }
}

#[test]
fn one_changed_file_of_a_table_is_read_alone_on_s3() {
    let Some(bucket) = scratch_bucket() else {
        return;
    };
    for mode in [&["--full"][..], &[][..]] {
        let dir = scratch(&format!("tables-s3-{}", mode.len()));
        let lake = Lake::S3 {
            bucket: bucket.clone(),
            prefix: format!("tables-{}-{}", mode.len(), std::process::id()),
        };
        one_changed_file(&lake, &dir, mode);
    }
}
