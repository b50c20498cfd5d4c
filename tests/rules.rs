//! Policy as the documents write it (issue 14): every proposal rule fires on
//! its corpus fixture and stays silent on the near-miss twin beside it; the
//! resource catalogue grades by share type (seed 001 §5.2.1); every built-in
//! profile grades the corpus with its document's level names and classes.
//!
//! The fixtures are `corpus/rules/` (`scripts/gen_rule_fixtures.py`), scanned
//! as of 2026-07-01 with `corpus/policy/local-profile.toml` (the default
//! profile with a key-entity list) and `corpus/policy/catalog.csv`.

use std::sync::OnceLock;

use serde_json::Value;

mod common;
use common::{corpus, fenji, lake, parse};

const AS_OF: &str = "2026-07-01T00:00:00Z";

fn policy_file(name: &str) -> String {
    corpus().join("policy").join(name).display().to_string()
}

/// The rules' fixtures and the lake datasets some rules use, scanned once.
fn rules_scan() -> &'static Value {
    static R: OnceLock<Value> = OnceLock::new();
    R.get_or_init(|| {
        let rules = corpus().join("rules").display().to_string();
        let profile = policy_file("local-profile.toml");
        let catalog = policy_file("catalog.csv");
        let mut args = vec![
            "scan",
            &rules,
            "--policy",
            &profile,
            "--catalog",
            &catalog,
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--quiet",
        ];
        let lake_files: Vec<String> = ["big", "people", "masked"]
            .iter()
            .map(|d| format!("{}/{d}", lake()))
            .collect();
        args.extend(lake_files.iter().map(String::as_str));
        let run = fenji(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        parse(&run)
    })
}

/// The dataset whose URI ends with `path` (a path below `corpus/`).
fn at<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["uri"].as_str().unwrap().ends_with(path))
        .unwrap_or_else(|| panic!("no dataset at {path}"))
}

fn rules_of(d: &Value) -> Vec<&str> {
    d["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_its_twin() {
    let report = rules_scan();
    for rule in fenji::grade::rules::REGISTRY {
        let fires = at(report, rule.fixture);
        let p = fires["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["rule"] == rule.id)
            .unwrap_or_else(|| {
                panic!(
                    "{} did not fire on {}: {:?}",
                    rule.id,
                    rule.fixture,
                    rules_of(fires)
                )
            });
        // The citation comes from the profile, after the reason.
        let cite = fenji::grade::Policy::load(
            &policy_file("local-profile.toml"),
            &fenji::detect::DetectorSet::load(None).unwrap(),
        )
        .unwrap()
        .rule_cite(rule.id)
        .to_string();
        assert!(
            p["reason"]
                .as_str()
                .unwrap()
                .ends_with(&format!("({cite})")),
            "{p}"
        );
        let twin = at(report, rule.near_miss);
        assert!(
            !rules_of(twin).contains(&rule.id),
            "{} fired on its near miss {}: {}",
            rule.id,
            rule.near_miss,
            twin["proposals"]
        );
    }
}

/// What the fixtures hold, beyond the rule firing: the values behind a
/// key-entity match stay masked, the column flags name the categories.
#[test]
fn rule_evidence_is_explained_and_masked() {
    let report = rules_scan();
    let key = at(report, "key_entity/fires/zhongdian_qiye.csv");
    let uscc = key["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "tyshxydm")
        .unwrap();
    let d = &uscc["detections"][0];
    assert_eq!(d["key_entity_values"], 1);
    let listed = std::fs::read_to_string(policy_file("local-profile.toml")).unwrap();
    for e in d["evidence"].as_array().unwrap() {
        let e = e.as_str().unwrap();
        assert!(e.contains('*'), "{e}");
        assert!(!listed.contains(e), "{e}");
    }
    let kids = at(report, "sensitive_personal/fires/ertong_jiuzhen.parquet");
    let flags: Vec<(String, Value)> = kids["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["sensitive_personal"].clone(),
            )
        })
        .collect();
    let flag = |name: &str| flags.iter().find(|f| f.0 == name).unwrap().1.clone();
    assert_eq!(flag("sfzh"), serde_json::json!(["minor"]));
    assert_eq!(flag("zdmc"), serde_json::json!(["health"]));
    assert_eq!(flag("jbdm"), serde_json::json!(["health"]));
    assert_eq!(flag("zjxy"), serde_json::json!(["religious_belief"]));
    assert_eq!(flag("jhrdh"), Value::Null);
    let cards = at(report, "sensitive_personal/fires/yinhangka.csv");
    assert_eq!(
        cards["columns"][1]["sensitive_personal"],
        serde_json::json!(["financial_account"])
    );
    let tracks = at(report, "granularity/fires/guiji.parquet");
    let jd = &tracks["columns"][1];
    assert_eq!(jd["sensitive_personal"], serde_json::json!(["whereabouts"]));
    // Organization data in volume: the register of a million rows.
    let all = at(report, "aggregation_volume/fires/qiye_quanliang.parquet");
    assert_eq!(all["category"], "organization");
    assert!(rules_of(all).contains(&"aggregation_volume"), "{all}");
    // Dates are reported per column, a date by its month (a column of birth
    // dates would otherwise give someone's birthday); the newest is what the
    // time rules read.
    let old = at(report, "historical/fires/lishi.parquet");
    assert_eq!(old["columns"][2]["dates"]["newest"], "2012-12-01T00:00:00Z");
}

/// A sample that misses the one recent row still knows it: the newest
/// date of a Parquet column comes from the footers' statistics.
#[test]
fn the_newest_date_comes_from_parquet_statistics() {
    let file = corpus().join("rules/historical/near_miss/lishi_yitiao_xin.parquet");
    let run = fenji(&[
        "scan",
        file.to_str().unwrap(),
        "--sample-rows",
        "10",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--quiet",
    ]);
    let report = parse(&run);
    let d = &report["datasets"][0];
    assert_eq!(d["sample"]["rows_read"], 10, "{}", d["sample"]);
    assert_eq!(d["columns"][2]["dates"]["newest"], "2026-06-01T00:00:00Z");
    assert!(!rules_of(d).contains(&"historical"), "{}", d["proposals"]);
}

/// Seed 001 appendix A, example 4: a quarterly spreadsheet not shared
/// (不予共享) is L4 with the catalogue; without one, its content decides
/// (L1) and the report says the share type is unknown.
#[test]
fn the_catalogue_grades_by_share_type() {
    let report = rules_scan();
    let book = at(report, "catalog/fires/shuili_jiance.xlsx");
    assert_eq!(book["level"], "L4");
    assert_eq!(book["share"], "none");
    assert_eq!(book["share_name"], "不予共享");
    assert_eq!(book["share_type"], "none");
    assert_eq!(book["catalog"]["department"], "市水利局");
    let sheet = at(report, "catalog/fires/shuili_jiance.xlsx#监测");
    let reason = sheet["level_reason"].as_str().unwrap();
    assert!(
        reason.contains("不予共享") && reason.contains("seed 001 §5.2.1"),
        "{reason}"
    );
    // 有条件共享 with personal privacy: L3, the share type recorded.
    let adults = at(
        report,
        "sensitive_personal/near_miss/chengren_dengji.parquet",
    );
    assert_eq!(
        (adults["level"].as_str(), adults["share_type"].as_str()),
        (Some("L3"), Some("conditional"))
    );

    let file = corpus().join("rules/catalog/fires/shuili_jiance.xlsx");
    let run = fenji(&[
        "scan",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    let plain = parse(&run);
    let book = &plain["datasets"].as_array().unwrap()[0];
    assert_eq!(book["level"], "L1");
    assert_eq!(book["share_type"], "unknown");
}

/// A catalogue naming a share type the profile does not have is a usage
/// error (exit 2) that names the file, the entry and the profile's classes.
#[test]
fn a_bad_catalogue_is_a_usage_error() {
    let dir = common::scratch("bad-catalog");
    let path = dir.join("catalog.csv");
    std::fs::write(&path, "path,share_type\npeople/*,随便共享\n").unwrap();
    let run = fenji(&[
        "scan",
        &lake(),
        "--catalog",
        path.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("随便共享") && run.stderr.contains("不予共享"),
        "{}",
        run.stderr
    );
}

/// Every built-in profile grades the corpus, with its document's level
/// names and share and open classes; the levels themselves follow the
/// content the same way (the documents differ in names and classes, and
/// the national standard in where sensitive personal information goes).
#[test]
fn every_profile_grades_the_corpus() {
    let listed = fenji(&["policies"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let people = "people/renkou_jbxx.parquet";
    let enterprise = "enterprise/qiye_djxx.csv";
    let stats = "stats/tongji_gdp.csv";
    // profile: (people: level, level name, share, open), enterprise level.
    let expect = [
        (
            "huainan-2023",
            ("L3", "L3", "conditional", "conditional_or_none"),
            "L2",
        ),
        (
            "pingshan-2020",
            (
                "L3",
                "第三级（敏感级）",
                "conditional",
                "conditional_or_none",
            ),
            "L2",
        ),
        (
            "hebi-2021",
            ("L3", "有条件共享类（涉及个人隐私）", "conditional", "none"),
            "L2",
        ),
        (
            "shijiazhuang-2023",
            ("L3", "L3", "conditional", "none"),
            "L2",
        ),
        (
            "ningbo-2020",
            ("L3", "L3", "restricted", "prohibited"),
            "L2",
        ),
        (
            "gbt43697-2024",
            ("L4", "一般数据4级", "undefined", "undefined"),
            "L2",
        ),
    ];
    for (profile, (level, name, share, open), org) in expect {
        assert!(listed.stdout.contains(profile), "{}", listed.stdout);
        let run = fenji(&[
            "scan",
            &lake(),
            "--policy",
            profile,
            "--format",
            "json",
            "--quiet",
        ]);
        assert_eq!(run.code, 3, "{profile}: {}", run.stderr); // the broken files
        let report = parse(&run);
        assert_eq!(report["scan"]["policy"], profile);
        let got = common::dataset(&report, people);
        assert_eq!(
            (
                got["level"].as_str().unwrap(),
                got["level_name"].as_str().unwrap(),
                got["share"].as_str().unwrap(),
                got["open"].as_str().unwrap()
            ),
            (level, name, share, open),
            "{profile}"
        );
        assert_eq!(got["share_type"], "unknown", "{profile}");
        assert_eq!(
            common::dataset(&report, enterprise)["level"],
            org,
            "{profile}"
        );
        assert_eq!(common::dataset(&report, stats)["level"], "L1", "{profile}");
        for d in report["datasets"].as_array().unwrap() {
            assert!(
                !d["level_name"].as_str().unwrap().is_empty(),
                "{profile}: {d}"
            );
            assert!(
                !d["share_name"].as_str().unwrap().is_empty(),
                "{profile}: {d}"
            );
        }
    }
}

/// `fenji explain RULE` gives the rule's citation and parameters under the
/// profile asked for, and its fixtures.
#[test]
fn explain_gives_the_profiles_citation() {
    let run = fenji(&["explain", "historical", "--policy", "pingshan-2020"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("seed 000 art.13(3)"), "{}", run.stdout);
    assert!(run.stdout.contains("years = 10"), "{}", run.stdout);
    assert!(
        run.stdout.contains("rules/historical/fires/lishi.parquet"),
        "{}",
        run.stdout
    );
    let run = fenji(&["explain", "aggregation_volume", "--policy", "hebi-2021"]);
    assert!(
        run.stdout.contains("seed 002 has no adjustment rules"),
        "{}",
        run.stdout
    );
    let run = fenji(&["explain", "cn_religion", "--policy", "gbt43697-2024"]);
    assert!(
        run.stdout.contains("L4 under gbt43697-2024"),
        "{}",
        run.stdout
    );
    let run = fenji(&["explain", "no_such_rule"]);
    assert_eq!(run.code, 2);
}
