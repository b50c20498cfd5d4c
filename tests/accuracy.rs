//! Detector accuracy over the labelled corpora (`corpus/lake`,
//! `corpus/accuracy/lake`, and `corpus/holdout/lake` from a third, independent
//! generator written without sight of the detectors): per-type precision and recall at the column level
//! (a column carries a type or not), printed as a table, with floors of 0.97
//! precision and 0.95 recall per type and no detection at all in decoy columns.
//! Run `cargo test --test accuracy -- --nocapture` to see the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[derive(Default)]
struct Counts {
    tp: u64,
    fp: u64,
    fn_: u64,
}

fn scan(lake: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_fenji"))
        .args([
            "scan",
            &lake.display().to_string(),
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .expect("run fenji");
    serde_json::from_slice(&out.stdout).expect("report")
}

#[test]
fn per_type_precision_and_recall() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut decoy_hits = Vec::new();
    let mut misses = Vec::new();
    for corpus in ["lake", "accuracy/lake", "holdout/lake"] {
        let lake = root.join(corpus);
        let labels_path = lake.parent().unwrap().join("labels.json");
        let labels: Value =
            serde_json::from_str(&std::fs::read_to_string(labels_path).unwrap()).unwrap();
        let report = scan(&lake);
        let prefix = format!("{}/", lake.display());
        let got: BTreeMap<String, &Value> = report["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["uri"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches(&prefix)
                        .to_string(),
                    d,
                )
            })
            .collect();
        for (key, exp) in labels["datasets"].as_object().unwrap() {
            let Some(d) = got.get(key) else {
                misses.push(format!("{corpus}/{key}: dataset not graded"));
                continue;
            };
            let columns: BTreeMap<&str, BTreeSet<&str>> = d["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let types = c["types"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(Value::as_str)
                        .collect();
                    (c["name"].as_str().unwrap(), types)
                })
                .collect();
            for (name, want) in exp["columns"].as_object().unwrap() {
                let want: BTreeSet<&str> = want
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let got_types = columns.get(name.as_str()).cloned().unwrap_or_default();
                if want.is_empty() && !got_types.is_empty() {
                    decoy_hits.push(format!("{corpus}/{key}:{name} -> {got_types:?}"));
                }
                for t in want.union(&got_types) {
                    let c = counts.entry(t.to_string()).or_default();
                    match (want.contains(t), got_types.contains(t)) {
                        (true, true) => c.tp += 1,
                        (false, true) => {
                            c.fp += 1;
                            misses.push(format!("{corpus}/{key}:{name}: false {t}"));
                        }
                        (true, false) => {
                            c.fn_ += 1;
                            misses.push(format!("{corpus}/{key}:{name}: missed {t}"));
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    println!(
        "\n{:<20} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "type", "tp", "fp", "fn", "precision", "recall"
    );
    let mut failing = Vec::new();
    for (t, c) in &counts {
        let p = c.tp as f64 / (c.tp + c.fp).max(1) as f64;
        let r = c.tp as f64 / (c.tp + c.fn_).max(1) as f64;
        println!(
            "{t:<20} {:>4} {:>4} {:>4} {p:>9.3} {r:>7.3}",
            c.tp, c.fp, c.fn_
        );
        if p < 0.97 || r < 0.95 {
            failing.push(format!("{t}: precision {p:.3}, recall {r:.3}"));
        }
    }
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        decoy_hits.is_empty(),
        "detections in decoy columns: {decoy_hits:#?}"
    );
    assert!(
        failing.is_empty(),
        "below 0.97 precision / 0.95 recall: {failing:#?}"
    );
}
