//! End to end: the built `fenji` binary on the bundled corpus, locally and on
//! a real S3 (SeaweedFS started by `scripts/test`), asserted against the
//! corpus ground truth in `corpus/labels.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::csv::ReaderBuilder;
use datafusion::arrow::csv::reader::Format;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

mod common;
use common::{Run, corpus, fenji, lake, parse, s3_lake, walk};

/// Ground truth: `labels.json` (the engine corpus) merged with
/// `exports_labels.json` (real-world export shapes under `lake/exports/`).
fn labels() -> &'static Value {
    static L: OnceLock<Value> = OnceLock::new();
    L.get_or_init(|| {
        let read = |name: &str| -> Option<Value> {
            let text = std::fs::read_to_string(corpus().join(name)).ok()?;
            Some(serde_json::from_str(&text).expect("labels parse"))
        };
        let mut all = read("labels.json").expect("labels.json");
        for extra in ["exports_labels.json", "sheets_labels.json"]
            .into_iter()
            .filter_map(read)
        {
            for (k, v) in extra["datasets"].as_object().unwrap() {
                all["datasets"][k] = v.clone();
            }
            for list in ["errors", "skipped"] {
                let mut items: Vec<Value> = all[list].as_array().cloned().unwrap_or_default();
                items.extend(extra[list].as_array().cloned().unwrap_or_default());
                all[list] = Value::Array(items);
            }
        }
        all
    })
}

/// The default sampled scan of the whole local corpus, run once.
fn local_scan() -> &'static (Run, Value) {
    static R: OnceLock<(Run, Value)> = OnceLock::new();
    R.get_or_init(|| {
        let run = fenji(&["scan", &lake(), "--format", "json", "--quiet"]);
        let report = parse(&run);
        (run, report)
    })
}

fn key(root: &str, uri: &str) -> String {
    uri.strip_prefix(root)
        .unwrap_or(uri)
        .trim_start_matches('/')
        .to_string()
}

fn datasets_by_key<'a>(report: &'a Value, root: &str) -> BTreeMap<String, &'a Value> {
    report["datasets"]
        .as_array()
        .expect("datasets")
        .iter()
        .map(|d| (key(root, d["uri"].as_str().unwrap()), d))
        .collect()
}

fn proposal_set(list: &Value) -> BTreeSet<(String, String, String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let f = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            (f("action"), f("rule"), f("from"), f("to"))
        })
        .collect()
}

/// Every labelled dataset, column, level, proposal and error is in the report.
fn assert_matches_labels(report: &Value, root: &str) {
    let got = datasets_by_key(report, root);
    let want = labels()["datasets"].as_object().unwrap();
    let mut problems = Vec::new();
    let got_keys: BTreeSet<&String> = got.keys().collect();
    let want_keys: BTreeSet<&String> = want.keys().collect();
    if got_keys != want_keys {
        problems.push(format!("datasets: got {got_keys:?}, want {want_keys:?}"));
    }
    for (k, exp) in want {
        let Some(d) = got.get(k) else { continue };
        for field in ["level", "category", "format"] {
            if d[field] != exp[field] {
                problems.push(format!(
                    "{k}: {field} {} != expected {}",
                    d[field], exp[field]
                ));
            }
        }
        if d["partitions"] != exp["partitions"] {
            problems.push(format!(
                "{k}: partitions {} != {}",
                d["partitions"], exp["partitions"]
            ));
        }
        let rows = d["rows"].as_u64().unwrap();
        let want_rows = exp["rows"].as_u64().unwrap();
        if d["rows_exact"].as_bool().unwrap() {
            if rows != want_rows {
                problems.push(format!("{k}: rows {rows} != {want_rows}"));
            }
        } else if (rows as f64 - want_rows as f64).abs() > 0.15 * want_rows as f64 {
            problems.push(format!(
                "{k}: estimated rows {rows} too far from {want_rows}"
            ));
        }
        if proposal_set(&d["proposals"]) != proposal_set(&exp["proposals"]) {
            problems.push(format!(
                "{k}: proposals {} != {}",
                d["proposals"], exp["proposals"]
            ));
        }
        let columns: BTreeMap<&str, &Value> = d["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap(), c))
            .collect();
        let masked: BTreeSet<&str> = exp["masked_columns"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, types) in exp["columns"].as_object().unwrap() {
            let Some(c) = columns.get(name.as_str()) else {
                problems.push(format!("{k}: column {name} missing"));
                continue;
            };
            let got_types: BTreeSet<&str> = c["types"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let want_types: BTreeSet<&str> = types
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if got_types != want_types {
                problems.push(format!(
                    "{k}: column {name}: types {got_types:?} != {want_types:?}"
                ));
            }
            for det in c["detections"].as_array().unwrap() {
                if det["masked"].as_bool() != Some(masked.contains(name.as_str())) {
                    problems.push(format!(
                        "{k}: column {name}: {} masked = {}",
                        det["type"], det["masked"]
                    ));
                }
            }
        }
    }
    // Files in `errors` and `skipped`, by path relative to the lake.
    for list in ["errors", "skipped"] {
        let got: BTreeSet<String> = report[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| key(root, e["uri"].as_str().unwrap()))
            .collect();
        let want: BTreeSet<String> = labels()[list]
            .as_array()
            .map(|a| a.iter().map(|e| e.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        if got != want {
            problems.push(format!("{list}: got {got:?}, want {want:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "report differs from labels:\n{}",
        problems.join("\n")
    );
}

#[test]
fn local_scan_matches_labels() {
    let (run, report) = local_scan();
    assert_eq!(
        run.code, 3,
        "broken files in the corpus mean exit 3; stderr: {}",
        run.stderr
    );
    assert_matches_labels(report, &lake());
}

#[test]
fn report_follows_the_published_schema() {
    let (_, report) = local_scan();
    let schema: Value = serde_json::from_str(fenji::report::JSON_SCHEMA).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:?}");
    assert_eq!(report["schema_version"], "1");
    for e in report["errors"].as_array().unwrap() {
        let msg = e["error"].as_str().unwrap();
        assert!(
            !msg.is_empty() && !msg.contains('\n'),
            "one-line error: {msg:?}"
        );
    }
}

/// The three worked examples of seed 001 appendix B grade exactly L1 / L2 / L3.
#[test]
fn seed_001_appendix_b_examples() {
    let (_, report) = local_scan();
    let got = datasets_by_key(report, &lake());
    assert_eq!(got["stats/tongji_gdp.csv"]["level"], "L1");
    assert_eq!(got["enterprise/qiye_djxx.csv"]["level"], "L2");
    assert_eq!(got["enterprise/qiye_djxx.csv"]["category"], "organization");
    assert_eq!(got["people/renkou_jbxx.parquet"]["level"], "L3");
    for d in got.values() {
        let reason = d["level_reason"].as_str().unwrap();
        assert!(
            reason.contains("seed 0"),
            "level reason cites a seed: {reason}"
        );
        // Each rule cites the profile's article (seed 000 art.13, art.25),
        // or PIPL and GB/T 45574 for sensitive personal information.
        for p in d["proposals"].as_array().unwrap() {
            let reason = p["reason"].as_str().unwrap();
            assert!(
                reason.contains("seed 000 art.") || reason.contains("GB/T 45574-2025"),
                "{p}"
            );
        }
    }
}

fn collect_strings(array: &dyn Array, out: &mut BTreeSet<String>) {
    let n = array.len();
    match array.data_type() {
        DataType::Utf8 => out.extend(
            array
                .as_string::<i32>()
                .iter()
                .flatten()
                .map(str::to_string),
        ),
        DataType::Utf8View => {
            out.extend(array.as_string_view().iter().flatten().map(str::to_string))
        }
        DataType::LargeUtf8 => out.extend(
            array
                .as_string::<i64>()
                .iter()
                .flatten()
                .map(str::to_string),
        ),
        DataType::Int64 => out.extend(
            array
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .iter()
                .flatten()
                .map(|v| v.to_string()),
        ),
        DataType::Dictionary(_, _) => {
            let d = array.as_any_dictionary();
            collect_strings(d.values().as_ref(), out);
        }
        other => panic!("unexpected type {other} ({n} values) in a labelled column"),
    }
}

/// The built-in detectors, compiled once for the whole test binary.
fn detector_set() -> &'static fenji::detect::DetectorSet {
    static SET: OnceLock<fenji::detect::DetectorSet> = OnceLock::new();
    SET.get_or_init(|| fenji::detect::DetectorSet::load(None).expect("detectors"))
}

/// Identifier values in a text export (any delimiter, JSON, compressed, GBK):
/// fields cut at delimiters and quotes that the detectors validate, unmasked.
/// An export's text: decompressed, and decoded as UTF-8 or else GB18030.
fn export_text(path: &Path) -> Option<String> {
    use std::io::Read;
    let raw = std::fs::read(path).unwrap();
    let name = path.to_string_lossy().to_lowercase();
    let mut bytes = Vec::new();
    let ok = if name.ends_with(".gz") {
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut bytes)
            .is_ok()
    } else if name.ends_with(".bz2") {
        bzip2::read::MultiBzDecoder::new(&raw[..])
            .read_to_end(&mut bytes)
            .is_ok()
    } else if name.ends_with(".zst") {
        zstd::stream::read::Decoder::new(&raw[..])
            .and_then(|mut d| d.read_to_end(&mut bytes))
            .is_ok()
    } else {
        bytes = raw;
        true
    };
    if !ok {
        return None;
    }
    Some(match std::str::from_utf8(&bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(&bytes).0.into_owned(),
    })
}

/// The values of the labelled columns `wanted` of a text export, read as
/// the generator wrote it: JSON lines by key path (`user.contact.mobile`),
/// delimited text by header (or `column_N` without one), whichever of
/// `,` `;` `|` tab the header line uses most.
fn labelled_export_values(path: &Path, wanted: &[&str], out: &mut BTreeSet<String>) {
    let Some(text) = export_text(path) else {
        return;
    };
    let text = text.trim_start_matches('\u{feff}');
    let name = path.to_string_lossy().to_lowercase();
    if name.contains(".json") || name.contains(".ndjson") {
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            for w in wanted {
                let mut at = &v;
                for part in w.split('.') {
                    at = &at[part];
                }
                match at {
                    Value::String(x) => {
                        out.insert(x.clone());
                    }
                    Value::Number(n) => {
                        out.insert(n.to_string());
                    }
                    _ => {}
                }
            }
        }
        return;
    }
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'|', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap();
    let no_header = wanted.iter().any(|w| w.starts_with("column_"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(!no_header)
        .from_reader(text.as_bytes());
    let columns: Vec<usize> = if no_header {
        wanted
            .iter()
            .filter_map(|w| w.strip_prefix("column_")?.parse::<usize>().ok())
            .map(|n| n - 1)
            .collect()
    } else {
        let header: Vec<String> = reader
            .headers()
            .map(|h| h.iter().map(|x| x.trim().to_string()).collect())
            .unwrap_or_default();
        wanted
            .iter()
            .filter_map(|w| header.iter().position(|h| h == w))
            .collect()
    };
    for record in reader.records().flatten() {
        for &i in &columns {
            if let Some(v) = record.get(i) {
                out.insert(v.trim().to_string());
            }
        }
    }
}

/// Identifier values in an export the detectors validate, wherever they are:
/// a second net under the labels (free-text payloads, odd layouts).
fn identifiers_in_export(path: &Path, out: &mut BTreeSet<String>) {
    let Some(text) = export_text(path) else {
        return;
    };
    let set = detector_set();
    for field in text.split([
        ',', ';', '|', '\t', '\n', '\r', '"', '{', '}', '[', ']', '\\',
    ]) {
        let field = field.trim().trim_start_matches(':').trim();
        if field.chars().count() < 2 {
            continue;
        }
        let hit = set.classify(field).into_iter().any(|(_, v, masked)| {
            matches!(
                v,
                fenji::detect::validate::Validity::Strong | fenji::detect::validate::Validity::Weak
            ) && !masked
        });
        if hit {
            out.insert(field.to_string());
        }
    }
}

/// Raw values of every labelled, unmasked sensitive column in the corpus,
/// taken from the generators' labels (so that a value the engine misses is
/// still looked for), and, as a second net, what the detectors validate in
/// exports and workbooks.
fn raw_sensitive_values() -> BTreeSet<String> {
    let mut values = BTreeSet::new();
    let root = corpus().join("lake");
    for (k, exp) in labels()["datasets"].as_object().unwrap() {
        if ["xlsx", "xls", "ods"].contains(&exp["format"].as_str().unwrap_or_default()) {
            // A workbook and its sheets (`book.xlsx#sheet`): read the workbook
            // once; each sheet's labelled columns by their heading.
            match k.split_once('#') {
                None => values_in_workbook(&root.join(k), &mut values),
                Some((book, sheet)) => {
                    let wanted: Vec<&str> = exp["columns"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .filter(|(_, t)| !t.as_array().unwrap().is_empty())
                        .map(|(n, _)| n.as_str())
                        .collect();
                    labelled_sheet_values(&root.join(book), sheet, &wanted, &mut values);
                }
            }
            continue;
        }
        let masked: Vec<&str> = exp["masked_columns"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // The generators' labels say which columns hold identifiers: their
        // values are looked for whether or not the engine finds them.
        let wanted: Vec<&str> = exp["columns"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(n, t)| !t.as_array().unwrap().is_empty() && !masked.contains(&n.as_str()))
            .map(|(n, _)| n.as_str())
            .collect();
        if k.starts_with("exports/") {
            let path = root.join(k);
            let files = if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            };
            for f in files {
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                let side = f.strip_prefix(&root).unwrap().components().any(|c| {
                    let c = c.as_os_str().to_string_lossy();
                    c.starts_with('_') || c.starts_with('.')
                });
                if side || name.ends_with(".crc") {
                    continue;
                }
                if name.ends_with(".parquet") {
                    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&f).unwrap())
                        .unwrap()
                        .build()
                        .unwrap();
                    for batch in reader {
                        let batch = batch.unwrap();
                        for name in &wanted {
                            if let Some(col) = batch.column_by_name(name) {
                                collect_strings(col.as_ref(), &mut values);
                            }
                        }
                        for col in batch.columns() {
                            if matches!(
                                col.data_type(),
                                DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8
                            ) {
                                let mut all = BTreeSet::new();
                                collect_strings(col.as_ref(), &mut all);
                                let set = detector_set();
                                values.extend(all.into_iter().filter(|v| {
                                    set.classify(v).into_iter().any(|(_, val, masked)| {
                                        matches!(
                                            val,
                                            fenji::detect::validate::Validity::Strong
                                                | fenji::detect::validate::Validity::Weak
                                        ) && !masked
                                    })
                                }));
                            }
                        }
                    }
                } else {
                    labelled_export_values(&f, &wanted, &mut values);
                    identifiers_in_export(&f, &mut values);
                }
            }
            continue;
        }
        let path = root.join(k);
        let files: Vec<PathBuf> = if path.is_dir() {
            walk(&path)
        } else {
            vec![path]
        };
        for f in files {
            if exp["format"] == "parquet" {
                let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&f).unwrap())
                    .unwrap()
                    .build()
                    .unwrap();
                for batch in reader {
                    let batch = batch.unwrap();
                    for name in &wanted {
                        if let Some(col) = batch.column_by_name(name) {
                            collect_strings(col.as_ref(), &mut values);
                        }
                    }
                }
            } else {
                let (header, _) = Format::default()
                    .with_header(true)
                    .infer_schema(File::open(&f).unwrap(), Some(1))
                    .unwrap();
                let schema = Arc::new(Schema::new(
                    header
                        .fields()
                        .iter()
                        .map(|fl| Field::new(fl.name(), DataType::Utf8, true))
                        .collect::<Vec<_>>(),
                ));
                let reader = ReaderBuilder::new(schema)
                    .with_header(true)
                    .build(File::open(&f).unwrap())
                    .unwrap();
                for batch in reader {
                    let batch = batch.unwrap();
                    for name in &wanted {
                        if let Some(col) = batch.column_by_name(name) {
                            collect_strings(col.as_ref(), &mut values);
                        }
                    }
                }
            }
        }
    }
    // Values the corpus holds already masked ("王*", "138****1234") are not raw:
    // the report may show the same masked form for another column's value.
    values.retain(|v| v.trim().chars().count() >= 2 && !v.contains('*'));
    values
}

/// The cells under the labelled headings `wanted` of one sheet: the heading
/// row is the first of the top rows that holds one of them (a heading that
/// spans two rows, 联系方式/手机, is matched by its last part).
fn labelled_sheet_values(path: &Path, sheet: &str, wanted: &[&str], out: &mut BTreeSet<String>) {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).expect("workbook");
    let Ok(range) = book.worksheet_range(sheet) else {
        return;
    };
    let text = |c: &Data| match c {
        Data::String(s) => Some(s.trim().to_string()),
        Data::Float(f) if f.fract() == 0.0 => Some(format!("{}", *f as i64)),
        Data::Int(i) => Some(i.to_string()),
        _ => None,
    };
    let last = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    let rows: Vec<&[Data]> = range.rows().collect();
    let Some(head) = rows.iter().take(10).position(|r| {
        r.iter()
            .filter_map(text)
            .any(|h| wanted.iter().any(|w| last(w) == h))
    }) else {
        return;
    };
    let columns: Vec<usize> = rows[head]
        .iter()
        .enumerate()
        .filter(|(_, c)| text(c).is_some_and(|h| wanted.iter().any(|w| last(w) == h)))
        .map(|(i, _)| i)
        .collect();
    for row in &rows[head + 1..] {
        for &i in &columns {
            if let Some(v) = row.get(i).and_then(text) {
                out.insert(v);
            }
        }
    }
}

/// Identifier values in a workbook's cells (read with calamine, as fenji does):
/// text the detectors validate, unmasked, and long numbers as the digits a
/// sheet shows.
fn values_in_workbook(path: &Path, out: &mut BTreeSet<String>) {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).expect("workbook");
    let set = detector_set();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        for cell in range.used_cells().map(|(_, _, c)| c) {
            let text = match cell {
                Data::String(s) => s.trim().to_string(),
                Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                Data::Int(i) => i.to_string(),
                _ => continue,
            };
            let long_number = text.len() >= 11 && text.bytes().all(|b| b.is_ascii_digit());
            let hit = set.classify(&text).into_iter().any(|(_, v, masked)| {
                matches!(
                    v,
                    fenji::detect::validate::Validity::Strong
                        | fenji::detect::validate::Validity::Weak
                ) && !masked
            });
            if hit || long_number {
                out.insert(text);
            }
        }
    }
}

/// No raw identifier from the corpus appears anywhere in any output format.
#[test]
fn no_raw_sensitive_value_leaks() {
    let (run, _) = local_scan();
    let full = fenji(&["scan", &lake(), "--full", "--format", "jsonl"]);
    let table = fenji(&["scan", &lake(), "--format", "table"]);
    let html = fenji(&["scan", &lake(), "--format", "html", "--quiet"]);
    // What reviewers get: the decisions template and the approved list.
    let report = std::env::temp_dir().join(format!("fenji-leak-{}.json", std::process::id()));
    std::fs::write(&report, &run.stdout).unwrap();
    let template = fenji(&["review", report.to_str().unwrap()]);
    let list = fenji(&["inventory", report.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(
        (template.code, list.code),
        (0, 0),
        "{}{}",
        template.stderr,
        list.stderr
    );
    for (what, text) in [
        ("json", &run.stdout),
        ("json stderr", &run.stderr),
        ("jsonl --full", &full.stdout),
        ("table", &table.stdout),
        ("table stderr", &table.stderr),
        ("html", &html.stdout),
        ("review template", &template.stdout),
        ("inventory", &list.stdout),
    ] {
        assert_no_raw_values(what, text);
    }
}

/// The leak test looks for what the labels name, not only for what the
/// engine validates: values of labelled identifier columns that no detector
/// validates are on its list too (so a value the engine missed is still
/// looked for in every output).
#[test]
fn the_leak_test_looks_for_what_the_labels_name() {
    let values = raw_sensitive_values();
    let set = detector_set();
    let unseen = values
        .iter()
        .filter(|v| {
            !set.classify(v).into_iter().any(|(_, val, _)| {
                matches!(
                    val,
                    fenji::detect::validate::Validity::Strong
                        | fenji::detect::validate::Validity::Weak
                )
            })
        })
        .count();
    assert!(
        unseen > 100,
        "{unseen} label-only values of {}",
        values.len()
    );
    // From the text exports, JSON lines and sheets by their labels.
    let root = corpus().join("lake");
    // Read independently of the collector: pipe.csv split by hand.
    let pipe = std::fs::read_to_string(root.join("exports/dialects/pipe.csv")).unwrap();
    let mut lines = pipe.lines();
    let header: Vec<&str> = lines.next().unwrap().split('|').collect();
    let at = header.iter().position(|h| h.trim() == "tyshxydm").unwrap();
    let codes: Vec<&str> = lines
        .filter_map(|l| l.split('|').nth(at))
        .map(str::trim)
        .collect();
    assert!(codes.len() > 10);
    for c in codes {
        assert!(values.contains(c), "a USCC of pipe.csv is not looked for");
    }
    for (file, columns) in [
        ("exports/dialects/pipe.csv", &["tyshxydm", "qymc"][..]),
        (
            "exports/jsonl/events.jsonl",
            &["user.contact.mobile", "user.id_card"][..],
        ),
        (
            "exports/compressed/gbk_renkou.csv.gz",
            &["身份证号码", "手机号码"][..],
        ),
    ] {
        let mut one = BTreeSet::new();
        labelled_export_values(&root.join(file), columns, &mut one);
        assert!(one.len() > 10, "{file}: {} values", one.len());
        assert!(
            one.iter()
                .all(|v| values.contains(v.as_str()) || v.contains('*') || v.chars().count() < 2),
            "{file}"
        );
    }
    let mut sheet = BTreeSet::new();
    labelled_sheet_values(
        &root.join("sheets/低保花名册.xlsx"),
        "花名册",
        &["身份证号", "联系方式/手机"],
        &mut sheet,
    );
    assert!(sheet.len() > 10, "sheet: {} values", sheet.len());
}

/// No raw value of the corpus appears in `text`.
fn assert_no_raw_values(what: &str, text: &str) {
    static A: OnceLock<(Vec<String>, aho_corasick::AhoCorasick)> = OnceLock::new();
    let (patterns, automaton) = A.get_or_init(|| {
        let values = raw_sensitive_values();
        assert!(
            values.len() > 10_000,
            "the leak test sees the corpus ({} values)",
            values.len()
        );
        let patterns: Vec<String> = values.iter().map(|v| v.trim().to_string()).collect();
        let automaton = aho_corasick::AhoCorasick::new(&patterns).expect("automaton");
        (patterns, automaton)
    });
    let leaked: Vec<usize> = automaton
        .find_overlapping_iter(text)
        .map(|m| patterns[m.pattern().as_usize()].chars().count())
        .take(3)
        .collect();
    assert!(
        leaked.is_empty(),
        "{what} output contains raw corpus values (lengths of the first: {leaked:?})"
    );
}

/// Chromium for the page test: `FENJI_CHROMIUM`, else Debian's `/usr/bin/chromium`.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("FENJI_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("FENJI_REQUIRE_CHROMIUM").is_none(),
        "FENJI_REQUIRE_CHROMIUM is set but {} is missing",
        path.display()
    );
    eprintln!("skipped: no Chromium at {}", path.display());
    None
}

/// Run headless Chromium on a local page with `args`; its stdout.
fn headless(chromium: &Path, page: &Path, args: &[&str]) -> String {
    let profile = std::env::temp_dir().join(format!("fenji-chromium-{}", std::process::id()));
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The review page, rendered by a real headless Chromium: its DOM lists every
/// dataset with decisions and drift marked, a screenshot is kept as a test
/// artifact, and neither the page nor its DOM holds a raw identifier.
#[test]
fn review_page_renders_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let decisions = dir.join("page-decisions.toml");
    std::fs::write(
        &decisions,
        "[[dataset]]\nkey = \"network/access_log.csv\"\nreviewer = \"李审核\"\ndate = \"2026-11-29\"\nreason = \"工作邮箱\"\n\
         [[dataset.column]]\nname = \"email\"\nverdict = \"reject\"\n\n\
         [[dataset]]\nkey = \"enterprise/qiye_djxx.csv\"\nreviewer = \"王复核\"\ndate = \"2026-11-29\"\nreason = \"公示信息\"\n\
         level = \"L1\"\nbasis = \"seed 000 art.19\"\n",
    )
    .unwrap();
    let page = dir.join("review-page.html");
    let run = fenji(&[
        "scan",
        &lake(),
        "--format",
        "html",
        "--quiet",
        "--output",
        page.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    let dom = headless(&chromium, &page, &["--dump-dom"]);
    let (_, report) = local_scan();
    for d in report["datasets"].as_array().unwrap() {
        let uri = d["uri"].as_str().unwrap().replace('&', "&amp;");
        assert!(
            dom.contains(&format!("data-uri=\"{uri}\"")),
            "the page's DOM lists {uri}"
        );
    }
    assert_eq!(
        dom.matches("<tr class=\"dataset").count(),
        report["datasets"].as_array().unwrap().len()
    );
    assert!(dom.contains("decided by 李审核 on 2026-11-29"));
    assert!(dom.contains("DRIFT: re-review (decided by 王复核 on 2026-11-29)"));
    assert!(dom.contains("class=\"dataset drift\""));
    assert_no_raw_values("html", &html);
    assert_no_raw_values("html dom", &dom);
    let shot = dir.join("review-page.png");
    let _ = std::fs::remove_file(&shot);
    headless(
        &chromium,
        &page,
        &[&format!("--screenshot={}", shot.display())],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    eprintln!("review page screenshot: {}", shot.display());
}

/// Sampling reaches the Parquet reader: most of a 60-row-group file is never fetched.
#[test]
fn sampled_parquet_reads_a_fraction_of_the_bytes() {
    let file = corpus()
        .join("lake/big/renkou_big.parquet")
        .display()
        .to_string();
    let sampled = parse(&fenji(&["scan", &file, "--format", "json"]));
    let full = parse(&fenji(&["scan", &file, "--full", "--format", "json"]));
    let io = &sampled["scan"]["io"];
    let (read, total) = (
        io["bytes_read"].as_u64().unwrap(),
        io["bytes_total"].as_u64().unwrap(),
    );
    let ratio = read as f64 / total as f64;
    eprintln!(
        "sampled scan read {read} of {total} bytes ({:.1} %)",
        ratio * 100.0
    );
    assert!(
        ratio < 0.2,
        "sampled scan read {:.1} % of the file",
        ratio * 100.0
    );
    let d = &sampled["datasets"][0];
    assert_eq!(d["rows"], 120_000, "row count from the footer");
    assert!(d["sample"]["rows_read"].as_u64().unwrap() <= 10_000);
    assert!(d["sample"]["row_groups_read"].as_u64().unwrap() < 60);
    let full_read = full["scan"]["io"]["bytes_read"].as_u64().unwrap();
    assert!(
        full_read as f64 > 0.8 * total as f64,
        "--full reads the file ({full_read} of {total})"
    );
    assert_eq!(full["datasets"][0]["sample"]["rows_read"], 120_000);
    assert_eq!(
        full["datasets"][0]["level"],
        sampled["datasets"][0]["level"]
    );
}

#[test]
fn many_file_tables_sample_a_few_files() {
    let table = corpus()
        .join("lake/partitioned/jiaotong_pass")
        .display()
        .to_string();
    let args = ["scan", &table, "--format", "json", "--quiet"];
    let one = parse(&fenji(
        &[&args[..], &["--sample-files", "1", "--sample-rows", "100"]].concat(),
    ));
    let all = parse(&fenji(&args));
    let d = &one["datasets"][0];
    assert_eq!(d["files"], 3);
    assert_eq!(d["sample"]["files_sampled"], 1);
    assert_eq!(d["sample"]["rows_read"], 100);
    // Footers of the files not read still give the exact row count.
    assert_eq!(
        (d["rows"].clone(), d["rows_exact"].clone()),
        (all["datasets"][0]["rows"].clone(), Value::Bool(true))
    );
    assert_eq!(d["level"], all["datasets"][0]["level"]);
    let types = |d: &Value| -> Vec<(Value, Value)> {
        d["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].clone(), c["types"].clone()))
            .collect()
    };
    assert_eq!(types(d), types(&all["datasets"][0]));
    assert_eq!(one["scan"]["sample"]["files_per_dataset"], 1);
    assert_eq!(all["datasets"][0]["sample"]["files_sampled"], 3);
}

#[test]
fn throughput_counts_the_rows_read() {
    let report = &local_scan().1;
    let per_dataset: u64 = report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["sample"]["rows_read"].as_u64().unwrap())
        .sum();
    let t = &report["scan"]["throughput"];
    assert_eq!(t["rows_read"].as_u64(), Some(per_dataset));
    assert!(t["rows_per_s"].as_f64().unwrap() > 0.0);
    assert!(t["bytes_read_per_s"].as_f64().unwrap() > 0.0);
}

#[test]
fn exit_codes() {
    let people = corpus().join("lake/people").display().to_string();
    let stats = corpus().join("lake/stats").display().to_string();
    assert_eq!(fenji(&["scan", &people, "--format", "json"]).code, 0);
    assert_eq!(
        fenji(&["scan", &people, "--fail-on", "L3", "--format", "json"]).code,
        1
    );
    assert_eq!(
        fenji(&["scan", &stats, "--fail-on", "L2", "--format", "json"]).code,
        0
    );
    assert_eq!(fenji(&["scan", "--bogus-flag", &people]).code, 2);
    assert_eq!(fenji(&["scan", &people, "--fail-on", "L9"]).code, 2);
    assert_eq!(
        fenji(&["scan", &people, "--policy", "no-such-profile"]).code,
        2
    );
    let missing = fenji(&["scan", "/nonexistent/lake", "--format", "json"]);
    assert_eq!(missing.code, 2, "nothing could be scanned");
    let broken = corpus().join("lake/broken").display().to_string();
    let run = fenji(&["scan", &broken, "--format", "json"]);
    assert_eq!(run.code, 2, "only broken files: nothing scanned");
    // Three Parquet and CSV files, three workbooks (encrypted, corrupt, empty).
    assert_eq!(parse(&run)["errors"].as_array().unwrap().len(), 6);
}

/// `--format jsonl` streams: a line per dataset as soon as it is graded,
/// read here while a big table is still being scanned, then the summary.
#[test]
fn jsonl_streams_datasets_then_summary() {
    use std::io::{BufRead, BufReader};
    // A table big enough that a full scan of it outlasts the corpus's.
    let dir = std::env::temp_dir().join(format!("fenji-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("id,note\n");
    for i in 0..600_000u64 {
        text.push_str(&format!("{i},第{i}号办件已转交相关部门处理完毕\n"));
    }
    std::fs::write(dir.join("big.csv"), text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fenji"))
        .args([
            "scan",
            &lake(),
            dir.to_str().unwrap(),
            "--format",
            "jsonl",
            "--quiet",
            "--full",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert!(first["level"].is_string());
    assert!(
        child.try_wait().unwrap().is_none(),
        "the first dataset line arrived while the scan was still running"
    );
    let mut all = vec![first];
    for l in lines {
        all.push(serde_json::from_str(&l.unwrap()).unwrap());
    }
    assert_eq!(child.wait().unwrap().code(), Some(3));
    let n = labels()["datasets"].as_object().unwrap().len() + 1;
    assert_eq!(all.len(), n + 1);
    assert!(all[..n].iter().all(|l| l["level"].is_string()));
    assert_eq!(
        all[n - 1]["uri"].as_str().unwrap(),
        format!("{}/big.csv", dir.display()),
        "the big table is graded last"
    );
    assert_eq!(all[n]["summary"]["datasets"], n as u64);
    assert!(all[n].get("datasets").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn detectors_and_explain_commands() {
    let run = fenji(&["detectors"]);
    assert_eq!(run.code, 0);
    for id in [
        "cn_resident_id",
        "cn_uscc",
        "cn_org_code",
        "cn_mobile",
        "bank_card",
        "email",
        "ip_address",
    ] {
        assert!(run.stdout.contains(id), "{id} listed");
    }
    assert!(
        run.stdout.contains("110105********002X"),
        "examples are masked"
    );
    let run = fenji(&["explain", "cn_uscc"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("GB 32100"));
    assert_eq!(fenji(&["explain", "nope"]).code, 2);
    let run = fenji(&["explain", "aggregation_volume"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("seed 000 art.13(1)"));
}

/// The same corpus on a real S3 (SeaweedFS) grades exactly like the local copy.
#[test]
fn s3_scan_matches_labels_and_local() {
    let Some(root) = s3_lake() else { return };
    let run = fenji(&["scan", &root, "--format", "json", "--quiet"]);
    assert_eq!(run.code, 3, "stderr: {}", run.stderr);
    let report = parse(&run);
    assert_matches_labels(&report, &root);
    let (_, local) = local_scan();
    let levels = |r: &Value, root: &str| -> BTreeMap<String, Value> {
        datasets_by_key(r, root)
            .into_iter()
            .map(|(k, d)| {
                (
                    k,
                    serde_json::json!([d["level"], d["category"], d["rows"], d["proposals"]]),
                )
            })
            .collect()
    };
    assert_eq!(levels(&report, &root), levels(local, &lake()));
    let io = &report["scan"]["io"];
    assert!(io["bytes_read"].as_u64().unwrap() < io["bytes_total"].as_u64().unwrap());
    for d in report["datasets"].as_array().unwrap() {
        for o in d["objects"].as_array().unwrap() {
            assert!(o["etag"].is_string(), "S3 objects carry their ETag: {o}");
        }
    }
}

/// Workbooks, locally and on S3: each non-empty sheet a dataset (hidden ones
/// marked), title rows skipped, a two-row merged header joined, a totals row
/// and a footnote dropped, IDs stored as numbers counted as precision lost,
/// mobiles stored as numbers read as their digits, the workbook at its
/// highest sheet's level, and bad workbooks as errors.
#[test]
fn workbooks_are_read_as_a_person_reads_them() {
    let mut roots = vec![(lake(), local_scan().1.clone())];
    if let Some(s3) = s3_lake() {
        let run = fenji(&["scan", &s3, "--format", "json", "--quiet"]);
        roots.push((s3, parse(&run)));
    }
    for (root, report) in &roots {
        let got = datasets_by_key(report, root);
        let roster = got["sheets/低保花名册.xlsx#花名册"];
        assert_eq!(
            roster["sheet"],
            serde_json::json!({"name": "花名册", "hidden": false, "title_rows": 3,
                "header_rows": 2, "totals_dropped": 1, "footnotes_dropped": 1}),
            "{root}"
        );
        assert_eq!(
            roster["uri"],
            format!("{root}/sheets/低保花名册.xlsx#花名册")
        );
        let check = got["sheets/低保花名册.xlsx#核对"];
        assert_eq!(check["sheet"]["hidden"], true);
        let column = |d: &Value, name: &str| -> Value {
            d["columns"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == name)
                .cloned()
                .unwrap_or_else(|| panic!("column {name}"))
        };
        let id = column(check, "身份证号");
        assert_eq!(id["precision_lost"], 40);
        assert_eq!(id["types"], serde_json::json!([]));
        assert_eq!(
            column(check, "手机号码")["types"],
            serde_json::json!(["cn_mobile"])
        );
        let book = got["sheets/低保花名册.xlsx"];
        assert_eq!(book["level"], "L3");
        let sheets: Vec<(&str, &str, bool)> = book["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap(),
                    s["level"].as_str().unwrap(),
                    s["hidden"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            sheets,
            [
                ("花名册", "L3", false),
                ("说明", "L1", false),
                ("核对", "L3", true)
            ]
        );
        let errors: BTreeMap<String, String> = report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    key(root, e["uri"].as_str().unwrap()),
                    e["error"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert!(
            errors["broken/encrypted.xlsx"].contains("password"),
            "{errors:?}"
        );
        assert!(errors["broken/empty.xlsx"].contains("empty"), "{errors:?}");
        assert!(errors["broken/corrupt.xlsx"].contains("not a readable .xlsx workbook"));
    }
}

/// Wrong credentials: a clear error naming the source, exit 2, no panic.
#[test]
fn s3_wrong_credentials_are_an_error() {
    let Some(root) = s3_lake() else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_fenji"))
        .args(["scan", &root, "--format", "json", "--quiet"])
        .env("AWS_SECRET_ACCESS_KEY", "wrong-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["uri"], root.as_str());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// `--detectors DIR` adds a type (and could override a built-in one by id).
#[test]
fn extra_detector_directory() {
    let dir = std::env::temp_dir().join(format!("fenji-detectors-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("defs")).unwrap();
    std::fs::write(
        dir.join("defs/employee_no.toml"),
        r#"
id = "employee_no"
title = "Employee number"
description = "EMP and six digits."
subject = "personal"
level = "L2"
validator = "none"
strength = 0.7
min_ratio = 0.5
hint_min_ratio = 0.1
patterns = ['EMP[0-9]{6}']
[examples]
positive = ["EMP123456"]
negative = ["EMP12345"]
"#,
    )
    .unwrap();
    let rows: String = (0..50)
        .map(|i| format!("EMP{:06},x{i}\n", 100_000 + i))
        .collect();
    std::fs::write(dir.join("staff.csv"), format!("code,note\n{rows}")).unwrap();
    let defs = dir.join("defs").display().to_string();
    let csv = dir.join("staff.csv").display().to_string();
    let run = fenji(&["scan", &csv, "--detectors", &defs, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = parse(&run);
    assert_eq!(
        report["datasets"][0]["columns"][0]["types"][0],
        "employee_no"
    );
    assert_eq!(report["datasets"][0]["level"], "L2");
    assert!(
        fenji(&["detectors", "--detectors", &defs])
            .stdout
            .contains("employee_no")
    );
    std::fs::write(dir.join("defs/broken.toml"), "id = 3").unwrap();
    assert_eq!(fenji(&["scan", &csv, "--detectors", &defs]).code, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Identifiers deep inside long texts are found; a value past the 64 KiB
/// search cap is said to be cut, in the JSON (per the schema) and the table.
#[test]
fn long_texts_are_searched_and_cuts_reported() {
    let dir = std::env::temp_dir().join(format!("fenji-long-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let filler = "市民来电反映窗口办事流程较长，已转相关部门处理。".repeat(30);
    let mut rows: String = (0..40)
        .map(|i| format!("{i},{filler}回电号码1381234{:04}。{filler}\n", 1000 + i))
        .collect();
    rows.push_str(&format!("40,{}\n", "备注".repeat(12_000)));
    std::fs::write(dir.join("calls.csv"), format!("id,note\n{rows}")).unwrap();
    let csv = dir.join("calls.csv").display().to_string();
    let run = fenji(&["scan", &csv, "--full", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = parse(&run);
    let schema: Value = serde_json::from_str(fenji::report::JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&report));
    let note = &report["datasets"][0]["columns"][1];
    assert_eq!(note["types"][0], "cn_mobile", "{note}");
    assert_eq!(note["values_cut"], 1);
    assert!(
        report["datasets"][0]["columns"][0]
            .get("values_cut")
            .is_none()
    );
    let table = fenji(&["scan", &csv, "--full", "--format", "table"]);
    assert!(
        table
            .stdout
            .contains("column note: 1 values longer than 64 KiB"),
        "{}",
        table.stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The report without what differs between runs by nature (times, rates).
fn timeless(mut report: Value) -> Value {
    if let Some(scan) = report["scan"].as_object_mut() {
        for k in ["started_at", "finished_at", "elapsed_ms", "throughput"] {
            scan.remove(k);
        }
    }
    report
}

/// Detection is the `fenji_detect` aggregate, whose state merges in any
/// order: 1, 2 and 8 partitions (and threads) give the same report, sampled
/// and read whole, times aside.
#[test]
fn reports_are_identical_whatever_the_partitioning() {
    let lake = lake();
    for full in [false, true] {
        let run = |threads: &str| {
            let mut args = vec!["scan", lake.as_str(), "--threads", threads];
            if full {
                args.push("--full");
            }
            let run = fenji(&args);
            assert_eq!(run.code, 3, "{}", run.stderr);
            serde_json::to_string_pretty(&timeless(parse(&run))).unwrap()
        };
        let one = run("1");
        for threads in ["2", "8"] {
            let other = run(threads);
            assert!(
                one == other,
                "full={full}: 1 and {threads} partitions differ:\n{}",
                first_difference(&one, &other)
            );
        }
    }
}

fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| format!("line {i}: {x}\n        vs {y}"))
        .unwrap_or_else(|| "lengths differ".into())
}
