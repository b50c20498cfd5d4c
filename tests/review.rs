//! The data authority's review end to end: a decisions template from a
//! report (`fenji review`), verdicts filled in, a rescan with `--decisions`
//! that honours them, drift when the lake changes under a decision, the
//! canonical dataset keys decisions are matched by, and the approved list.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{corpus, dataset, fenji, fenji_in, lake, parse, s3_lake, scratch};
use serde_json::Value;

/// Scan `source` as JSON, with decisions if given.
fn scan(source: &str, decisions: Option<&Path>) -> Value {
    let mut args = vec!["scan", source, "--format", "json", "--quiet"];
    let d;
    if let Some(p) = decisions {
        d = p.display().to_string();
        args.extend(["--decisions", d.as_str()]);
    }
    let run = fenji(&args);
    assert!(run.code == 0 || run.code == 3, "stderr: {}", run.stderr);
    parse(&run)
}

/// `fenji review REPORT` for `report`, parsed back as TOML.
fn template(dir: &Path, report: &Value) -> toml::Table {
    let path = dir.join("report.json");
    std::fs::write(&path, report.to_string()).unwrap();
    let out = dir.join("decisions.toml");
    let run = fenji(&[
        "review",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("template is not TOML ({e}):\n{text}"))
}

/// The template's entry for a dataset, signed.
fn entry<'a>(t: &'a mut toml::Table, key: &str) -> &'a mut toml::Table {
    let e = t["dataset"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .map(|d| d.as_table_mut().unwrap())
        .find(|d| d["key"].as_str() == Some(key))
        .unwrap_or_else(|| panic!("no template entry for {key}"));
    e.insert("reviewer".into(), "李审核".into());
    e.insert("date".into(), "2026-11-29".into());
    e.insert("reason".into(), "复核".into());
    e
}

/// Set the verdict of the entry in `list` (`column` or `proposal`) whose `field` is `value`.
fn decide(e: &mut toml::Table, list: &str, field: &str, value: &str, verdict: &str) {
    let item = e[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .map(|c| c.as_table_mut().unwrap())
        .find(|c| c[field].as_str() == Some(value))
        .unwrap_or_else(|| panic!("no {list} entry with {field} = {value}"));
    item.insert("verdict".into(), verdict.into());
}

fn write_decisions(dir: &Path, t: &toml::Table) -> std::path::PathBuf {
    let path = dir.join("decided.toml");
    std::fs::write(&path, toml::to_string(t).unwrap()).unwrap();
    path
}

/// The corpus scanned once, and a template of its review.
fn corpus_review(name: &str) -> (std::path::PathBuf, Value, toml::Table) {
    let dir = scratch(name);
    let report = scan(&lake(), None);
    let t = template(&dir, &report);
    (dir, report, t)
}

#[test]
fn a_rejected_false_positive_lowers_the_level_on_rescan() {
    let (dir, before, mut t) = corpus_review("review-reject");
    let key = "network/access_log.csv";
    assert_eq!(dataset(&before, key)["level"], "L3");
    decide(entry(&mut t, key), "column", "name", "email", "reject");
    let path = write_decisions(&dir, &t);
    let after = scan(&lake(), Some(&path));
    let d = dataset(&after, key);
    assert_eq!(d["level"], "L2", "{d:#}");
    let col = d["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "email")
        .unwrap();
    assert_eq!(col["types"], serde_json::json!([]));
    assert_eq!(col["decision"]["verdict"], "reject");
    assert_eq!(col["decision"]["status"], "applied");
    assert_eq!(d["decision"]["status"], "applied");
    assert_eq!(d["decision"]["computed_level"], "L3");
    assert_eq!(d["decision"]["reviewer"], "李审核");
    assert_eq!(after["summary"]["decided"], 1);
    assert_eq!(after["summary"]["drift"], 0);
    // Every other dataset is as it was.
    for d in before["datasets"].as_array().unwrap() {
        if d["key"] != key {
            assert_eq!(
                dataset(&after, d["key"].as_str().unwrap())["level"],
                d["level"]
            );
        }
    }
    // The table says who decided.
    let run = fenji(&[
        "scan",
        &lake(),
        "--format",
        "table",
        "--quiet",
        "--decisions",
        path.to_str().unwrap(),
    ]);
    assert!(
        run.stdout.contains("decided by 李审核 on 2026-11-29"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_pinned_level_holds_and_an_accepted_proposal_changes_the_level() {
    let (dir, before, mut t) = corpus_review("review-pin");
    // Pin an enterprise register below the engine's level, with its basis.
    let register = "enterprise/qiye_djxx.csv";
    assert_eq!(dataset(&before, register)["level"], "L2");
    let e = entry(&mut t, register);
    e.insert("level".into(), "L1".into());
    e.insert(
        "basis".into(),
        "企业登记信息依法公示 (seed 000 art.19)".into(),
    );
    // Accept the aggregation-volume proposal on the big population table.
    let big = "big/renkou_big.parquet";
    let id = dataset(&before, big)["proposals"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(id, "aggregation_volume:big/renkou_big.parquet:sfzh");
    decide(entry(&mut t, big), "proposal", "id", &id, "accept");
    // Reject the desensitization proposal on the masked table: it stays L3.
    let masked = "masked/renkou_jbxx_masked.parquet";
    let masked_id = dataset(&before, masked)["proposals"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    decide(
        entry(&mut t, masked),
        "proposal",
        "id",
        &masked_id,
        "reject",
    );
    let path = write_decisions(&dir, &t);

    for _ in 0..2 {
        let after = scan(&lake(), Some(&path));
        let d = dataset(&after, register);
        assert_eq!(d["level"], "L1", "{d:#}");
        assert_eq!(d["share"], "unconditional");
        assert_eq!(d["decision"]["level"], "L1");
        assert_eq!(d["decision"]["status"], "applied");
        assert!(
            d["level_reason"]
                .as_str()
                .unwrap()
                .contains("pinned L1 by 李审核")
        );
        let d = dataset(&after, big);
        assert_eq!(d["level"], "L4", "{d:#}");
        assert_eq!(d["share"], "none");
        assert_eq!(d["proposals"][0]["decision"]["verdict"], "accept");
        let d = dataset(&after, masked);
        assert_eq!(d["level"], "L3");
        assert_eq!(d["proposals"][0]["decision"]["verdict"], "reject");
        assert_eq!(after["summary"]["by_level"]["L4"], 1);
        assert_eq!(after["summary"]["drift"], 0);
    }

    // The approved list: decided rows approved, the rest pending.
    let report = dir.join("decided.json");
    std::fs::write(&report, scan(&lake(), Some(&path)).to_string()).unwrap();
    let run = fenji(&["inventory", report.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.trim_start_matches('\u{feff}').lines();
    let headings = lines.next().unwrap();
    assert!(headings.starts_with("数据资源名称,"), "{headings}");
    for h in [
        "分类",
        "分级",
        "共享属性",
        "开放属性",
        "定级依据",
        "审核人",
        "审核日期",
    ] {
        assert!(headings.contains(h), "{h} in {headings}");
    }
    let rows: Vec<&str> = lines.collect();
    let of = |key: &str| -> Vec<&str> {
        rows.iter()
            .copied()
            .filter(|r| r.split(',').nth(1) == Some(key))
            .collect()
    };
    // The L4 table: its own row and one per flagged field, all approved.
    let big_rows = of(big);
    assert_eq!(big_rows.len(), 4, "{big_rows:#?}");
    assert!(
        big_rows.iter().all(|r| r.contains(",approved,")),
        "{big_rows:#?}"
    );
    assert!(big_rows[0].contains(",L4,不予共享,"), "{}", big_rows[0]);
    let register_rows = of(register);
    assert_eq!(register_rows.len(), 1, "an L1 dataset has no field rows");
    assert!(register_rows[0].contains("企业登记信息依法公示"));
    assert!(
        of("people/renkou_jbxx.parquet")
            .iter()
            .all(|r| r.contains(",pending,"))
    );
    // Without decisions in the report, --decisions applies them the same way.
    let plain = dir.join("plain.json");
    std::fs::write(&plain, scan(&lake(), None).to_string()).unwrap();
    let run = fenji(&[
        "inventory",
        plain.to_str().unwrap(),
        "--decisions",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    let own = |key: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key && r["field"] == "")
            .cloned()
            .unwrap()
    };
    assert_eq!(own(big)["level"], "L4");
    assert_eq!(own(big)["status"], "approved");
    assert_eq!(own(register)["level"], "L1");
}

/// Write `t.csv` in `dir`: `rows` rows of id, contact and note, with a mobile
/// in one contact in `every`, and resident IDs in the notes if asked.
fn write_table(dir: &Path, every: usize, ids_in_notes: bool, extra_column: bool) {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let mut text = String::from(if extra_column {
        "id,contact,note,extra\n"
    } else {
        "id,contact,note\n"
    });
    for i in 0..300 {
        let contact = if i % every == 0 {
            format!("已回访，请回电139{:08}", 10_000_000 + i * 7919)
        } else {
            "已回访，已办结".to_string()
        };
        let note = if ids_in_notes {
            let body = format!(
                "3404041985{:02}{:02}{:03}",
                1 + i % 12,
                1 + i % 28,
                i % 1000
            );
            let sum: u32 = body
                .bytes()
                .zip(W)
                .map(|(b, w)| (b - b'0') as u32 * w)
                .sum();
            format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
        } else {
            format!("办件{i}")
        };
        text.push_str(&format!("{i},{contact},{note}"));
        if extra_column {
            text.push_str(",x");
        }
        text.push('\n');
    }
    std::fs::write(dir.join("t.csv"), text).unwrap();
}

fn drift_whats(d: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |list: &Value| {
        for x in list.as_array().into_iter().flatten() {
            out.push(x["what"].as_str().unwrap().to_string());
        }
    };
    add(&d["decision"]["drift"]);
    for c in d["columns"].as_array().unwrap() {
        add(&c["decision"]["drift"]);
    }
    out
}

#[test]
fn drift_holds_decisions_back_when_the_lake_changes() {
    let dir = scratch("review-drift");
    let lake = dir.join("lake");
    std::fs::create_dir_all(&lake).unwrap();
    let lake_s = lake.to_str().unwrap();
    // Night 1: a fifth of the contacts carry a mobile. The reviewer rejects
    // them (a hotline, say) and the table drops to L1.
    write_table(&lake, 5, false, false);
    let first = scan(lake_s, None);
    assert_eq!(dataset(&first, "t.csv")["level"], "L3");
    let mut t = template(&dir, &first);
    decide(
        entry(&mut t, "t.csv"),
        "column",
        "name",
        "contact",
        "reject",
    );
    let path = write_decisions(&dir, &t);
    let decided = scan(lake_s, Some(&path));
    assert_eq!(dataset(&decided, "t.csv")["level"], "L1");
    assert_eq!(decided["summary"]["drift"], 0);
    let gate = |code: i32| {
        let run = fenji(&[
            "scan",
            lake_s,
            "--format",
            "json",
            "--quiet",
            "--decisions",
            path.to_str().unwrap(),
            "--fail-on-drift",
        ]);
        assert_eq!(run.code, code, "{}", run.stderr);
    };
    gate(0);

    // Every contact now carries a mobile: the rejected ratio grew 5x.
    write_table(&lake, 1, false, false);
    let r = scan(lake_s, Some(&path));
    let d = dataset(&r, "t.csv");
    assert_eq!(d["level"], "L3", "the drifted rejection is not applied");
    assert_eq!(drift_whats(d), ["ratio_grown"]);
    assert_eq!(d["decision"]["status"], "drift");
    assert_eq!(r["summary"]["drift"], 1);
    gate(1);

    // Resident IDs appear in the notes: a type newly present.
    write_table(&lake, 5, true, false);
    let r = scan(lake_s, Some(&path));
    let d = dataset(&r, "t.csv");
    assert!(drift_whats(d).contains(&"new_type".to_string()), "{d:#}");
    assert_eq!(d["level"], "L3");

    // A column was added: the schema changed.
    write_table(&lake, 5, false, true);
    let r = scan(lake_s, Some(&path));
    let d = dataset(&r, "t.csv");
    assert!(
        drift_whats(d).contains(&"schema_changed".to_string()),
        "{d:#}"
    );
    assert_eq!(d["level"], "L3");
    gate(1);

    // A level pinned at L2 over an L1 table; then mobiles appear (L3).
    write_table(&lake, 1_000_000, false, false);
    let plain = scan(lake_s, None);
    assert_eq!(dataset(&plain, "t.csv")["level"], "L1");
    // Nothing is flagged, so the template has no entry for it: a reviewer
    // writes one by hand.
    assert!(!template(&dir, &plain).contains_key("dataset"));
    let mut t: toml::Table =
        toml::from_str("[[dataset]]\nkey = \"t.csv\"\nseen_level = \"L1\"\n").unwrap();
    let e = entry(&mut t, "t.csv");
    e.insert("level".into(), "L2".into());
    e.insert("basis".into(), "内部管理规定".into());
    let path = write_decisions(&dir, &t);
    assert_eq!(dataset(&scan(lake_s, Some(&path)), "t.csv")["level"], "L2");
    write_table(&lake, 5, false, false);
    let r = scan(lake_s, Some(&path));
    let d = dataset(&r, "t.csv");
    assert!(
        drift_whats(d).contains(&"pinned_below_computed".to_string()),
        "{d:#}"
    );
    assert_eq!(d["level"], "L3");
}

#[test]
fn keys_are_the_same_whatever_the_source_spelling() {
    let root = corpus();
    let abs = root.join("lake");
    let spellings = [
        "lake".to_string(),
        "./lake/".to_string(),
        format!("file://{}", abs.display()),
        abs.display().to_string(),
    ];
    let keys = |report: &Value| -> BTreeMap<String, Value> {
        report["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["key"].as_str().unwrap().to_string(), d["level"].clone()))
            .collect()
    };
    let mut seen = Vec::new();
    for s in &spellings {
        let run = fenji_in(Some(&root), &["scan", s, "--format", "json", "--quiet"]);
        let report = parse(&run);
        assert!(
            report["datasets"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["store"] == "file://"),
            "{s}"
        );
        seen.push(keys(&report));
    }
    assert!(
        seen.iter().all(|k| k == &seen[0]),
        "keys differ by spelling"
    );
    assert!(seen[0].contains_key("people/renkou_jbxx.parquet"));
    assert!(seen[0].contains_key("partitioned/jiaotong_pass"));

    // A decision made on the local scan applies on S3 too.
    let Some(s3) = s3_lake() else { return };
    let dir = scratch("review-keys");
    let report = scan(&lake(), None);
    let mut t = template(&dir, &report);
    decide(
        entry(&mut t, "network/access_log.csv"),
        "column",
        "name",
        "email",
        "reject",
    );
    let path = write_decisions(&dir, &t);
    for spelling in [s3.clone(), format!("{s3}/")] {
        let r = scan(&spelling, Some(&path));
        assert_eq!(
            keys(&r),
            seen[0]
                .clone()
                .into_iter()
                .map(|(k, v)| {
                    let v = if k == "network/access_log.csv" {
                        Value::from("L2")
                    } else {
                        v
                    };
                    (k, v)
                })
                .collect::<BTreeMap<_, _>>(),
            "{spelling}"
        );
        let d = dataset(&r, "network/access_log.csv");
        assert!(d["store"].as_str().unwrap().starts_with("s3://"));
        assert_eq!(d["decision"]["status"], "applied");
    }
    // An entry limited to another store does not apply.
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "key = \"network/access_log.csv\"",
        "key = \"network/access_log.csv\"\nstore = \"file://\"",
    );
    let local_only = dir.join("local_only.toml");
    std::fs::write(&local_only, text).unwrap();
    let r = scan(&s3, Some(&local_only));
    assert_eq!(dataset(&r, "network/access_log.csv")["level"], "L3");
    let r = scan(&lake(), Some(&local_only));
    assert_eq!(dataset(&r, "network/access_log.csv")["level"], "L2");
}

#[test]
fn bad_decision_files_are_usage_errors() {
    let dir = scratch("review-bad");
    let cases = [
        (
            "unsigned.toml",
            "[[dataset]]\nkey = \"t.csv\"\n[[dataset.column]]\nname = \"c\"\nverdict = \"reject\"\n",
            "reviewer",
        ),
        (
            "nobasis.toml",
            "[[dataset]]\nkey = \"t.csv\"\nreviewer = \"a\"\ndate = \"2026-11-29\"\nreason = \"r\"\nlevel = \"L2\"\n",
            "basis",
        ),
        (
            "baddate.toml",
            "[[dataset]]\nkey = \"t.csv\"\nreviewer = \"a\"\ndate = \"yesterday\"\nreason = \"r\"\nlevel = \"L2\"\nbasis = \"b\"\n",
            "date",
        ),
        (
            "verdict.toml",
            "[[dataset]]\nkey = \"t.csv\"\nreviewer = \"a\"\ndate = \"2026-11-29\"\nreason = \"r\"\n[[dataset.column]]\nname = \"c\"\nverdict = \"maybe\"\n",
            "verdict",
        ),
    ];
    for (name, text, word) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let run = fenji(&[
            "scan",
            &lake(),
            "--quiet",
            "--decisions",
            path.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(word), "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    // JSON is accepted too.
    let path = dir.join("decisions.json");
    std::fs::write(
        &path,
        r#"{"dataset": [{"key": "enterprise/qiye_djxx.csv", "reviewer": "a", "date": "2026-11-29",
            "reason": "r", "level": "L3", "basis": "b"}]}"#,
    )
    .unwrap();
    let r = scan(&lake(), Some(&path));
    assert_eq!(dataset(&r, "enterprise/qiye_djxx.csv")["level"], "L3");
}

/// The README's decisions example is a working file: each of its three
/// decisions applies to the corpus as the README says.
#[test]
fn the_readme_example_applies() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```toml\n[[dataset]]")
        .expect("a decisions example in the README")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let dir = scratch("review-readme");
    let path = dir.join("decisions.toml");
    std::fs::write(&path, &readme[start..end]).unwrap();
    let r = scan(&lake(), Some(&path));
    for (key, level) in [
        ("network/access_log.csv", "L2"),
        ("enterprise/qiye_djxx.csv", "L1"),
        ("big/renkou_big.parquet", "L4"),
    ] {
        let d = dataset(&r, key);
        assert_eq!(
            (d["level"].as_str(), d["decision"]["status"].as_str()),
            (Some(level), Some("applied")),
            "{key}"
        );
    }
    assert_eq!(r["summary"]["drift"], 0);
}

/// A workbook's level follows the decided levels of its sheets.
#[test]
fn a_workbook_follows_its_decided_sheets() {
    let dir = scratch("review-workbook");
    let path = dir.join("decisions.toml");
    let mut text = String::from(
        "[[dataset]]\nkey = \"sheets/企业名录.ods#企业名录\"\nreviewer = \"李审核\"\ndate = \"2026-11-29\"\nreason = \"测试数据\"\n",
    );
    for column in ["企业名称", "统一社会信用代码", "法定代表人"] {
        text.push_str(&format!(
            "[[dataset.column]]\nname = \"{column}\"\nverdict = \"reject\"\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let before = scan(&lake(), None);
    assert_eq!(dataset(&before, "sheets/企业名录.ods")["level"], "L2");
    let after = scan(&lake(), Some(&path));
    assert_eq!(
        dataset(&after, "sheets/企业名录.ods#企业名录")["level"],
        "L1"
    );
    let book = dataset(&after, "sheets/企业名录.ods");
    assert_eq!(book["level"], "L1", "{book:#}");
    assert_eq!(book["sheets"][0]["level"], "L1");
}

/// Two sources holding the same relative path get distinct keys, so a
/// decision names one dataset only.
#[test]
fn keys_stay_distinct_across_sources() {
    let dir = scratch("review-two-roots");
    for root in ["a/lake", "b/lake"] {
        let d = dir.join(root).join("t");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(corpus().join("lake/stats/tongji_gdp.csv"), d.join("x.csv")).unwrap();
    }
    let run = fenji(&[
        "scan",
        dir.join("a/lake").to_str().unwrap(),
        dir.join("b/lake").to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    let report = parse(&run);
    let keys: Vec<&str> = report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1], "{keys:?}");
    assert!(keys.iter().all(|k| k.ends_with("lake/t/x.csv")), "{keys:?}");
}
