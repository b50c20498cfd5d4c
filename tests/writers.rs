//! Sampling on files written by the tools that write real lakes: pyarrow with
//! its defaults, pyarrow with a page index, DuckDB, a Spark-style `part-*`
//! folder, a gzip CSV and a gzip JSON-lines export, each a table of 50 MB or more
//! (`scripts/gen_writer_lake.py`, run here with the test venv's pyarrow and
//! duckdb). A default sampled scan must fetch at most 2 % of each table's
//! bytes and find the same column types as `--full`.
//!
//! Needs `FENJI_PYTHON` (a Python with pyarrow, duckdb and numpy; `scripts/test`
//! sets it). Without it the test is skipped, unless `FENJI_REQUIRE_WRITERS` is
//! set, as it is in `scripts/test`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn python() -> Option<String> {
    match std::env::var("FENJI_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            assert!(
                std::env::var_os("FENJI_REQUIRE_WRITERS").is_none(),
                "FENJI_REQUIRE_WRITERS is set but FENJI_PYTHON is not"
            );
            eprintln!("skipped: FENJI_PYTHON is not set");
            None
        }
    }
}

/// The writer lake, generated once per machine (deterministic, ~20 s) under the
/// target directory so repeated runs reuse it.
fn writer_lake(python: &str) -> PathBuf {
    generate(python, "gen_writer_lake.py", "fenji-writer-lake")
}

/// Run `scripts/SCRIPT OUT` with the test Python; OUT is a fresh temporary folder.
fn generate(python: &str, script: &str, name: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(script);
    let status = Command::new(python)
        .arg(&path)
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("run {script}: {e}"));
    assert!(
        status.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

fn scan(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_fenji"))
        .args(["scan", "--format", "json", "--quiet"])
        .args(args)
        .output()
        .expect("run fenji");
    assert_eq!(
        out.status.code(),
        Some(0),
        "fenji failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("report is JSON")
}

/// Column name -> detected types, for the columns with any.
fn types(dataset: &Value) -> BTreeMap<String, Vec<String>> {
    dataset["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["types"].as_array().unwrap().is_empty())
        .map(|c| {
            let t = c["types"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            (c["name"].as_str().unwrap().to_string(), t)
        })
        .collect()
}

#[test]
fn sampled_scans_fetch_a_sliver_of_every_writers_layout() {
    let Some(python) = python() else { return };
    let lake = writer_lake(&python);
    let layouts = [
        ("pyarrow_default", "parquet"),
        ("pyarrow_page_index", "parquet"),
        ("duckdb", "parquet"),
        ("spark", "parquet"),
        ("export", "csv"),
        ("export_json", "json"),
    ];
    // One full scan of the table as DuckDB wrote it: every layout holds the
    // same rows (the export the same generator's), so each sample must find
    // these types.
    let full = scan(&["--full", lake.join("duckdb").to_str().unwrap()]);
    let full_types = types(&full["datasets"][0]);
    for want in [
        "name",
        "resident_id",
        "mobile",
        "employer_uscc",
        "address",
        "remark",
    ] {
        assert!(
            full_types.contains_key(want),
            "--full missed {want}: {full_types:?}"
        );
    }
    let report = scan(&[lake.to_str().unwrap()]);
    let datasets = report["datasets"].as_array().unwrap();
    assert_eq!(datasets.len(), layouts.len(), "one dataset per layout");
    let mut sum = 0;
    for (layout, format) in layouts {
        let d = datasets
            .iter()
            .find(|d| d["uri"].as_str().unwrap().contains(&format!("/{layout}/")))
            .unwrap_or_else(|| panic!("no dataset for {layout}"));
        assert_eq!(d["format"], format, "{layout}");
        let s = &d["sample"];
        let (read, total) = (
            s["bytes_read"].as_u64().unwrap(),
            s["bytes_total"].as_u64().unwrap(),
        );
        assert!(
            total >= 50_000_000,
            "{layout}: table is {total} bytes, want >= 50 MB"
        );
        let fraction = read as f64 / total as f64;
        eprintln!(
            "{layout}: read {read} of {total} bytes ({:.2} %), {} rows",
            fraction * 100.0,
            s["rows_read"]
        );
        assert!(
            fraction <= 0.02,
            "{layout}: sample fetched {:.2} % of the table",
            fraction * 100.0
        );
        assert!(
            s["rows_read"].as_u64().unwrap() >= 2000,
            "{layout}: too few rows: {s}"
        );
        assert_eq!(
            types(d),
            full_types,
            "{layout}: sampled types differ from --full"
        );
        assert_eq!(d["level"], full["datasets"][0]["level"], "{layout}");
        if format == "parquet" {
            // Row counts come from the footers, exact.
            assert_eq!(d["rows"], full["datasets"][0]["rows"], "{layout}");
            assert_eq!(d["rows_exact"], true, "{layout}");
            assert_eq!(s["reader"], "chunk_prefix", "{layout}");
        } else {
            assert_eq!(s["compression"], "gzip");
        }
        sum += read;
    }
    assert_eq!(
        report["scan"]["io"]["bytes_read"].as_u64().unwrap(),
        sum,
        "scan.io.bytes_read is the datasets' sum"
    );
    let one_group = datasets
        .iter()
        .find(|d| d["uri"].as_str().unwrap().contains("/pyarrow_default/"))
        .unwrap();
    assert!(
        one_group["sample"]["placement"]
            .as_str()
            .is_some_and(|p| p.contains("head")),
        "a one-row-group file says its sample is the head"
    );
    // The table output shows each dataset's share of bytes fetched.
    let out = Command::new(env!("CARGO_BIN_EXE_fenji"))
        .args(["scan", "--format", "table", "--quiet"])
        .arg(lake.join("pyarrow_default"))
        .output()
        .expect("run fenji");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.lines().next().is_some_and(|h| h.contains("READ")),
        "{table}"
    );
    let row = table
        .lines()
        .find(|l| l.contains("people.parquet"))
        .unwrap_or_else(|| panic!("no row for the file: {table}"));
    let share: f64 = row
        .split_whitespace()
        .find_map(|c| c.strip_suffix('%')?.parse().ok())
        .unwrap_or_else(|| panic!("no READ share in {row:?}"));
    assert!(share > 0.0 && share <= 2.0, "READ {share} % in {row:?}");
    let _ = std::fs::remove_dir_all(&lake);
}

/// Identifiers in columns that are not plain strings, in files pyarrow writes
/// (`scripts/gen_column_types.py`): BINARY without the UTF8 annotation (ASCII,
/// GB18030 and opaque bytes), lists, large lists, fixed-size lists and maps of
/// strings or integers, large strings and view types. Sampled and `--full`.
#[test]
fn every_column_that_can_carry_text_is_read() {
    let Some(python) = python() else { return };
    let out = generate(&python, "gen_column_types.py", "fenji-column-types");
    let views = out.join("views.parquet").exists();
    for mode in [&[][..], &["--full"][..]] {
        let mut args = mode.to_vec();
        args.push(out.to_str().unwrap());
        let report = scan(&args);
        let schema: Value = serde_json::from_str(fenji::report::JSON_SCHEMA).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "schema violations: {errors:?}");
        let dataset = |file: &str| {
            report["datasets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["uri"].as_str().unwrap().ends_with(file))
                .unwrap_or_else(|| panic!("no dataset {file}"))
        };
        let column = |file: &str, name: &str| -> Value {
            dataset(file)["columns"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == name)
                .unwrap_or_else(|| panic!("no column {name} in {file}"))
                .clone()
        };
        let mut want = vec![
            ("binary.parquet", "sfzh", "cn_resident_id"),
            ("binary.parquet", "xm", "cn_person_name"),
            ("binary.parquet", "dz", "cn_address"),
            ("nested.parquet", "phones", "cn_mobile"),
            ("nested.parquet", "phone_numbers", "cn_mobile"),
            ("nested.parquet", "id_pair", "cn_resident_id"),
            ("nested.parquet", "contacts", "cn_mobile"),
            ("nested.parquet", "id_large", "cn_resident_id"),
        ];
        if views {
            want.push(("views.parquet", "id_view", "cn_resident_id"));
            want.push(("views.parquet", "mobile_view", "cn_mobile"));
        }
        for (file, name, ty) in want {
            let c = column(file, name);
            assert_eq!(c["types"][0], ty, "{mode:?} {file} {name}: {c}");
        }
        assert_eq!(column("binary.parquet", "sfzh")["encoding"], "utf-8");
        assert_eq!(column("binary.parquet", "xm")["encoding"], "gb18030");
        let blob = column("binary.parquet", "blob");
        assert!(blob["types"].as_array().unwrap().is_empty(), "{blob}");
        assert!(blob["values_not_text"].as_u64().unwrap() > 0, "{blob}");
        assert!(column("nested.parquet", "phones").get("encoding").is_none());
        assert_eq!(dataset("binary.parquet")["level"], "L3");
    }
    std::fs::remove_dir_all(&out).unwrap();
}

/// Addresses and free text as exports lay them out
/// (`scripts/gen_address_layouts.py`): a split address in pyarrow's Parquet,
/// typed together by value with opaque column names; addresses written with
/// short place names and complaint texts in DuckDB's. Sampled and `--full`.
#[test]
fn addresses_as_exports_lay_them_out() {
    let Some(python) = python() else { return };
    let out = generate(&python, "gen_address_layouts.py", "fenji-address-layouts");
    for mode in [&[][..], &["--full"][..]] {
        let mut args = mode.to_vec();
        args.push(out.to_str().unwrap());
        let report = scan(&args);
        let datasets = report["datasets"].as_array().unwrap();
        let typed = |file: &str| -> BTreeMap<String, Vec<String>> {
            let d = datasets
                .iter()
                .find(|d| d["uri"].as_str().unwrap().ends_with(file))
                .unwrap_or_else(|| panic!("no dataset {file}"));
            types(d)
        };
        let address = || vec!["cn_address".to_string()];
        let split = typed("split_address.parquet");
        for c in ["c2", "c3", "c4", "c5"] {
            assert_eq!(split.get(c), Some(&address()), "{mode:?} {c}: {split:?}");
        }
        assert_eq!(split.get("c1"), Some(&vec!["cn_resident_id".to_string()]));
        assert!(split.get("c6").is_none_or(|t| t.is_empty()), "{split:?}");
        assert_eq!(typed("short_places.parquet").get("col_a"), Some(&address()));
        let mut text = typed("complaints.parquet").remove("nr").unwrap_or_default();
        text.sort();
        assert_eq!(text, ["cn_address", "cn_mobile"], "{mode:?}");
    }
    std::fs::remove_dir_all(&out).unwrap();
}

/// Workbooks written fresh by the tools offices use (openpyxl, xlwt, odfpy,
/// msoffcrypto-tool; `scripts/gen_workbooks.py`): every sheet and workbook
/// grades as the labels the script writes say, sampled and `--full`, and the
/// bad workbooks are errors that leave the rest of the scan going (exit 3).
#[test]
fn workbooks_from_office_writers() {
    let Some(python) = python() else { return };
    let out = std::env::temp_dir().join(format!("fenji-workbooks-{}", std::process::id()));
    let labels_path = out.with_extension("labels.json");
    let status = Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen_workbooks.py"))
        .arg(&out)
        .arg(&labels_path)
        .output()
        .expect("run gen_workbooks.py");
    assert!(
        status.status.success(),
        "gen_workbooks.py: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let labels: Value =
        serde_json::from_str(&std::fs::read_to_string(&labels_path).unwrap()).unwrap();
    for mode in [&[][..], &["--full"][..]] {
        let run = Command::new(env!("CARGO_BIN_EXE_fenji"))
            .args(["scan", "--format", "json", "--quiet"])
            .args(mode)
            .arg(&out)
            .output()
            .expect("run fenji");
        assert_eq!(
            run.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let report: Value = serde_json::from_slice(&run.stdout).unwrap();
        let root = out.display().to_string();
        let rel = |uri: &str| {
            uri.strip_prefix(&root)
                .unwrap()
                .trim_start_matches('/')
                .to_string()
        };
        let got: BTreeMap<String, &Value> = report["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (rel(d["uri"].as_str().unwrap()), d))
            .collect();
        let want = labels["datasets"].as_object().unwrap();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{mode:?}"
        );
        for (k, exp) in want {
            let d = got[k];
            for field in ["level", "category", "format", "rows"] {
                assert_eq!(d[field], exp[field], "{mode:?} {k} {field}");
            }
            let want_types: BTreeMap<String, Vec<String>> = exp["columns"]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(_, t)| !t.as_array().unwrap().is_empty())
                .map(|(n, t)| (n.clone(), serde_json::from_value(t.clone()).unwrap()))
                .collect();
            assert_eq!(types(d), want_types, "{mode:?} {k}");
        }
        let listed = |list: &str| -> Vec<String> {
            let mut v: Vec<String> = report[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| rel(e["uri"].as_str().unwrap()))
                .collect();
            v.sort();
            v
        };
        let expected =
            |list: &str| -> Vec<String> { serde_json::from_value(labels[list].clone()).unwrap() };
        assert_eq!(listed("errors"), expected("errors"));
        assert_eq!(listed("skipped"), expected("skipped"));
    }
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&labels_path);
}

/// Tables found the way catalogue crawlers find them (`scripts/gen_table_layouts.py`):
/// files of one folder with one schema are one table whatever their names
/// (DuckDB's `data_N`, `0.parquet`, Spark's `part-*`, uuids, Hive's
/// extensionless `000000_0` in text or Parquet); files with other schemas stay
/// apart; a folder given as the source is that table; an extensionless file
/// that is neither is skipped with its reason.
#[test]
fn tables_are_found_by_folder_and_schema() {
    let Some(python) = python() else { return };
    let out = generate(&python, "gen_table_layouts.py", "fenji-table-layouts");
    let report = scan(&[out.to_str().unwrap()]);
    let root = out.display().to_string();
    let got: BTreeMap<String, (u64, String)> = report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let uri = d["uri"].as_str().unwrap();
            (
                uri.strip_prefix(&root).unwrap().to_string(),
                (
                    d["files"].as_u64().unwrap(),
                    d["format"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    let want: BTreeMap<String, (u64, String)> = [
        ("/duckdb_t/", 2, "parquet"),
        ("/hive_parquet/", 2, "parquet"),
        ("/hive_text/t_person/", 2, "csv"),
        ("/mixed/orders.parquet", 1, "parquet"),
        ("/mixed/people.parquet", 1, "parquet"),
        ("/numbered/", 4, "parquet"),
        ("/spark_t/", 3, "parquet"),
        ("/uuids/", 3, "parquet"),
    ]
    .into_iter()
    .map(|(k, n, f)| (k.to_string(), (n, f.to_string())))
    .collect();
    assert_eq!(got, want);
    for d in report["datasets"].as_array().unwrap() {
        let uri = d["uri"].as_str().unwrap();
        if !uri.contains("orders") {
            assert_eq!(d["level"], "L3", "{uri}");
        }
        if uri.ends_with('/') {
            assert_eq!(
                d["key"],
                uri.strip_prefix(&format!("{root}/"))
                    .unwrap()
                    .trim_end_matches('/')
            );
        }
    }
    let text = report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["uri"].as_str().unwrap().ends_with("/hive_text/t_person/"))
        .unwrap();
    assert_eq!(
        text["rows"], 600,
        "both Hive files, \\x01-delimited, no header"
    );
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/mixed/notes")
    );
    // The folder given as the source is that table.
    let numbered = scan(&[out.join("numbered").to_str().unwrap()]);
    let ds = numbered["datasets"].as_array().unwrap();
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["files"], 4);
    assert_eq!(ds[0]["key"], "numbered");
    assert_eq!(ds[0]["rows"], 1200);
    let _ = std::fs::remove_dir_all(&out);
}
