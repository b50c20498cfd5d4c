//! Evidence → confidence and score → level, category and proposals, under a
//! policy profile. Every level and proposal carries a reason citing the seed
//! documents. Proposals are never applied: a data authority reviews them.

mod accept;
pub mod policy;
mod rules;

use serde::{Deserialize, Serialize};

use crate::detect::{ColumnEvidence, DetectorSet, Subject};
use crate::review::{ColumnDecision, ProposalDecision};
pub use policy::Policy;

/// Proposal rules: id, action, seed citation, what triggers it. Thresholds
/// live in the policy profile.
pub const RULES: &[(&str, &str, &str, &str)] = &[
    (
        "aggregation_volume",
        "upgrade +1",
        "seed 000 art.13(1)",
        "Personal data in large volume: a direct identifier (resident ID, passport, permits, bank card) over `sensitive_rows` rows, or any personal data over `personal_rows` rows (totals over every file of a partitioned dataset; masked columns do not count).",
    ),
    (
        "desensitized",
        "downgrade -1 (L4→L3, L3→L2)",
        "seed 000 art.25",
        "Every column that sets the dataset's level is effectively masked (at least `masked_ratio` of its validated values look like 110105********002X, 138****5678, 张*).",
    ),
];

/// Grading level, L1 (lowest) to L4.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Level {
    #[default]
    L1,
    L2,
    L3,
    L4,
}

impl Level {
    pub fn up(self) -> Level {
        match self {
            Level::L1 => Level::L2,
            Level::L2 => Level::L3,
            _ => Level::L4,
        }
    }
    pub fn down(self) -> Level {
        match self {
            Level::L4 => Level::L3,
            Level::L3 => Level::L2,
            _ => Level::L1,
        }
    }
    pub fn parse(s: &str) -> Option<Level> {
        match s.to_ascii_uppercase().as_str() {
            "L1" => Some(Level::L1),
            "L2" => Some(Level::L2),
            "L3" => Some(Level::L3),
            "L4" => Some(Level::L4),
            _ => None,
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

/// One accepted type in a column.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Detection {
    #[serde(rename = "type")]
    pub type_id: String,
    pub matches: u64,
    pub validated: u64,
    pub ratio: f64,
    pub confidence: f64,
    pub masked: bool,
    /// Validated values that were masked (110105********002X, 138****5678, 张*).
    #[serde(default)]
    pub masked_values: u64,
    pub signals: Vec<String>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ColumnGrade {
    pub name: String,
    pub data_type: String,
    /// False when the column's type cannot hold identifiers (floats, dates, booleans...).
    pub scanned: bool,
    pub rows_sampled: u64,
    pub non_null: u64,
    /// Values longer than 64 KiB, searched in their first 64 KiB only (absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values_cut: Option<u64>,
    /// For a binary column: the encoding its text was read in (`utf-8`, or
    /// `gb18030` when values were not UTF-8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Values of a binary column that are neither UTF-8 nor GB18030 (absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values_not_text: Option<u64>,
    /// Spreadsheets: numbers of 16 or more digits, whose last digits Excel
    /// dropped (an 18-digit ID stored as a number); neither valid nor invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision_lost: Option<u64>,
    pub types: Vec<String>,
    pub detections: Vec<Detection>,
    pub score: u32,
    pub level: Level,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_reason: Option<String>,
    /// A reviewer's verdict on this column's detections (`--decisions`).
    #[serde(default)]
    pub decision: Option<ColumnDecision>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Proposal {
    /// Stable id: `rule:dataset key:columns` (what a reviewer's decision names).
    #[serde(default)]
    pub id: String,
    pub action: String,
    pub from: Level,
    pub to: Level,
    pub rule: String,
    pub reason: String,
    pub columns: Vec<String>,
    /// A reviewer's verdict on this proposal (`--decisions`).
    #[serde(default)]
    pub decision: Option<ProposalDecision>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatasetGrade {
    pub category: String,
    pub level: Level,
    pub share: String,
    pub open: String,
    pub level_reason: String,
    pub columns: Vec<ColumnGrade>,
    pub proposals: Vec<Proposal>,
}

/// A column as the sampler saw it.
pub struct ColumnInput<'a> {
    pub name: &'a str,
    pub data_type: String,
    /// `None` when the column was not read (type cannot hold identifiers).
    pub evidence: Option<&'a ColumnEvidence>,
}

/// Wilson score interval lower bound (95 %) of `k` successes in `n` trials.
pub fn wilson_lower(k: u64, n: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let (k, n, z) = (k as f64, n as f64, 1.96f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = p + z * z / (2.0 * n);
    let margin = z * ((p * (1.0 - p) + z * z / (4.0 * n)) / n).sqrt();
    ((centre - margin) / denom).max(0.0)
}

/// Does a column's check-digit pass rate beat chance? `passed` of `tried`
/// values that passed every other check of a type also passed its check
/// digit; by chance they would at rate `chance`. A one-sided likelihood-ratio
/// (G) test: G = 2 n KL(passed/tried || chance), against the chi-square
/// (1 df) critical value 6.63 (p = 0.01). Serial numbers shaped like resident
/// IDs pass 1 in 11 and fail; a column of real IDs, or free text whose
/// ID-shaped runs nearly all pass, beats it by far.
pub fn beats_chance(passed: u64, tried: u64, chance: f64) -> bool {
    if tried == 0 {
        return false;
    }
    let (k, n) = (passed as f64, tried as f64);
    let r = k / n;
    if r <= chance {
        return false;
    }
    let term = |a: f64, b: f64| if a == 0.0 { 0.0 } else { a * (a / b).ln() };
    2.0 * n * (term(r, chance) + term(1.0 - r, 1.0 - chance)) > 6.63
}

/// Of `passed` check-digit passes among `tried`, how many are more than
/// chance: a column mixing real identifiers (all pass) with values of the
/// same shape (pass at rate `chance`) has about this many real ones.
fn beyond_chance(passed: u64, tried: u64, chance: f64) -> u64 {
    let excess = (passed as f64 - chance * tried as f64) / (1.0 - chance);
    excess.clamp(0.0, passed as f64).round() as u64
}

fn level_of(s: &str) -> Level {
    Level::parse(s).unwrap_or(Level::L3)
}

fn score(level: Level, confidence: f64) -> u32 {
    let (floor, span) = match level {
        Level::L1 => (0.0, 10.0),
        Level::L2 => (30.0, 29.0),
        Level::L3 => (60.0, 35.0),
        Level::L4 => (90.0, 10.0),
    };
    (floor + span * confidence).round() as u32
}

/// Grade one dataset from its columns' evidence. `rows` is the dataset's total
/// row count (all files), exact or estimated.
pub fn grade_dataset(
    set: &DetectorSet,
    policy: &Policy,
    columns: &[ColumnInput<'_>],
    rows: u64,
    rows_exact: bool,
) -> DatasetGrade {
    grade_columns(set, policy, accept::columns(set, columns), rows, rows_exact)
}

/// The level of a type in a dataset about `category` under `policy`.
pub fn type_level(set: &DetectorSet, policy: &Policy, type_id: &str, category: &str) -> Level {
    policy
        .level(type_id, category, default_level(set, type_id))
        .0
}

/// A type's level in its detector file (L3 when unknown).
fn default_level(set: &DetectorSet, type_id: &str) -> Level {
    set.index_of(type_id)
        .map_or(Level::L3, |i| level_of(&set.detectors[i].def.level))
}

/// Main subject (seed 000 art.16-17): the majority of identifier columns by
/// their best type; names and addresses decide only when no identifier does
/// (an enterprise register has a legal representative and an address too).
pub fn category_of(set: &DetectorSet, columns: &[ColumnGrade]) -> &'static str {
    let (mut personal, mut organization, mut personal_attributes) = (0, 0, 0);
    let def = |id: &str| set.index_of(id).map(|i| &set.detectors[i].def);
    for c in columns {
        let defs: Vec<_> = c
            .detections
            .iter()
            .filter_map(|d| def(&d.type_id))
            .collect();
        let Some(best) = defs.iter().find(|d| !d.attribute).or(defs.first()) else {
            continue;
        };
        match (best.subject, best.attribute) {
            (Subject::Personal, true) => personal_attributes += 1,
            (Subject::Personal, false) => personal += 1,
            (Subject::Organization, _) => organization += 1,
            (Subject::Neutral, _) => {}
        }
    }
    if personal > 0 && personal >= organization {
        "personal"
    } else if organization > 0 {
        "organization"
    } else if personal_attributes > 0 || columns.iter().any(|c| !c.detections.is_empty()) {
        "personal"
    } else {
        "other"
    }
}

/// A column's level: its highest type's level; ties keep the best detection.
fn field_level(set: &DetectorSet, policy: &Policy, category: &str, column: &mut ColumnGrade) {
    let mut level = Level::L1;
    let mut best_conf = 0.0;
    let mut reason = None;
    for d in &column.detections {
        let (l, contextual) = policy.level(&d.type_id, category, default_level(set, &d.type_id));
        if reason.is_some() && l <= level {
            continue;
        }
        level = l;
        best_conf = d.confidence;
        reason = Some(if contextual {
            format!(
                "{} in a dataset about an {category} subject → {l} ({})",
                d.type_id, policy.levels_cite
            )
        } else {
            format!("{} → {l} ({})", d.type_id, policy.levels_cite)
        });
    }
    column.types = column
        .detections
        .iter()
        .map(|d| d.type_id.clone())
        .collect();
    column.score = if column.detections.is_empty() {
        0
    } else {
        score(level, best_conf)
    };
    column.level = level;
    column.level_reason = reason;
}

/// Grade a dataset from its columns' detections: category, field levels, the
/// dataset level (seed 000 art.12), share and open, and proposals. A
/// reviewer's decisions re-grade through here after removing rejected types.
pub fn grade_columns(
    set: &DetectorSet,
    policy: &Policy,
    mut columns: Vec<ColumnGrade>,
    rows: u64,
    rows_exact: bool,
) -> DatasetGrade {
    let category = category_of(set, &columns);
    for c in &mut columns {
        field_level(set, policy, category, c);
    }
    // Dataset level = highest field level (seed 000 art.12).
    let level = columns.iter().map(|c| c.level).max().unwrap_or(Level::L1);
    let level_reason = if level == Level::L1 {
        "no personal or organizational identifiers detected → L1, unconditional sharing (seed 001 §5.2.1, appendix B)".to_string()
    } else {
        let top: Vec<String> = columns
            .iter()
            .filter(|c| c.level == level)
            .take(3)
            .map(|c| format!("column {}: {} ({level})", c.name, c.types.join(", ")))
            .collect();
        format!("{}; highest field level (seed 000 art.12)", top.join("; "))
    };
    let proposals = rules::propose(&rules::Graded {
        set,
        policy,
        columns: &columns,
        category,
        level,
        rows,
        rows_exact,
    });
    DatasetGrade {
        category: category.to_string(),
        level,
        share: policy.share(level).to_string(),
        open: policy.open(level).to_string(),
        level_reason,
        columns,
        proposals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_bounds() {
        assert_eq!(wilson_lower(0, 10), 0.0);
        assert!(wilson_lower(10, 10) > 0.69 && wilson_lower(10, 10) < 0.73);
        assert!(wilson_lower(300, 10000) > 0.026);
    }

    /// Grade a one-column dataset.
    fn grade_one(
        set: &DetectorSet,
        policy: &Policy,
        name: &str,
        ev: &ColumnEvidence,
    ) -> DatasetGrade {
        let input = ColumnInput {
            name,
            data_type: "Utf8".into(),
            evidence: Some(ev),
        };
        grade_dataset(set, policy, &[input], ev.rows, true)
    }

    fn column(set: &DetectorSet, values: &[&str]) -> ColumnEvidence {
        let mut ev = ColumnEvidence::new(set.len());
        let mut s = crate::detect::Scratch::default();
        for v in values {
            set.observe(v, 1, &mut ev, &mut s);
        }
        ev.rows = values.len() as u64;
        ev
    }

    /// `n` resident-ID-shaped serials (real region, real birth date), one in
    /// `every` with the right GB 11643 check character, the others a wrong one.
    fn id_shaped(n: usize, every: usize) -> Vec<String> {
        const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        (0..n)
            .map(|i| {
                let body = format!(
                    "340404{}{:03}",
                    19_500_101 + (i % 28) as u32 + 100 * (i / 28 % 12) as u32,
                    i % 1000
                );
                let sum: u32 = body
                    .bytes()
                    .zip(W)
                    .map(|(b, w)| (b - b'0') as u32 * w)
                    .sum();
                let right = b"10X98765432"[(sum % 11) as usize];
                let check = if i % every == 0 {
                    right
                } else if right == b'0' {
                    b'1'
                } else {
                    b'0'
                };
                format!("{body}{}", check as char)
            })
            .collect()
    }

    #[test]
    fn checksum_pass_rates_are_judged_against_chance() {
        let set = DetectorSet::load(None).unwrap();
        let id = set.index_of("cn_resident_id").unwrap();
        let types = |n: usize, every: usize, name: &str| -> Vec<String> {
            let values = id_shaped(n, every);
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let ev = column(&set, &refs);
            assert_eq!(
                ev.tallies[id].validated + ev.tallies[id].check_failed,
                n as u64
            );
            let (accepted, _) = accept::accept(&set, 0, name, &ev);
            accepted
                .iter()
                .map(|a| a.detection.type_id.clone())
                .collect()
        };
        let resident = vec!["cn_resident_id".to_string()];
        // 1 in 11: what random serials of the shape reach. Not IDs, even
        // with the column named like an ID column.
        assert!(types(1100, 11, "serial_no").is_empty());
        assert!(types(1100, 11, "sfzh").is_empty());
        // 1 in 5 on 1100 values beats chance: about 12 % real IDs mixed in,
        // flagged as a sparse ID column is. On 50 values it does not.
        assert_eq!(types(1100, 5, "serial_no"), resident);
        assert!(types(50, 5, "serial_no").is_empty());
        // 1 in 2 and every value: IDs.
        assert_eq!(types(1100, 2, "serial_no"), resident);
        assert_eq!(types(1100, 1, "serial_no"), resident);
        assert_eq!(types(3, 1, "serial_no"), resident);
        assert!(beats_chance(10, 10, 1.0 / 11.0) && !beats_chance(1, 11, 1.0 / 11.0));
        assert_eq!(beyond_chance(100, 100, 1.0 / 11.0), 100);
        assert_eq!(beyond_chance(100, 1100, 1.0 / 11.0), 0);
    }

    #[test]
    fn sparse_ids_make_l3_and_decoys_do_not() {
        let set = DetectorSet::load(None).unwrap();
        let policy = Policy::load(policy::DEFAULT_POLICY).unwrap();
        let mut values = vec!["123456789012345678"; 97];
        values.extend(["11010519491231002X"; 3]);
        let ev = column(&set, &values);
        let g = grade_one(&set, &policy, "c1", &ev);
        assert_eq!(g.level, Level::L3);
        assert_eq!(g.columns[0].types, vec!["cn_resident_id"]);
        assert!(
            g.columns[0].detections[0]
                .evidence
                .iter()
                .all(|e| e.contains('*'))
        );

        let ev = column(&set, &["123456789012345678"; 100]);
        let g = grade_one(&set, &policy, "c1", &ev);
        assert_eq!(g.level, Level::L1);
        assert_eq!(g.category, "other");
    }

    #[test]
    fn masked_ids_propose_downgrade() {
        let set = DetectorSet::load(None).unwrap();
        let policy = Policy::load(policy::DEFAULT_POLICY).unwrap();
        let ev = column(&set, &["110105********002X"; 50]);
        let g = grade_one(&set, &policy, "sfzh", &ev);
        assert_eq!(g.level, Level::L3);
        assert!(g.columns[0].detections[0].masked);
        assert_eq!(g.proposals.len(), 1);
        assert_eq!(g.proposals[0].rule, "desensitized");
        assert_eq!(g.proposals[0].to, Level::L2);
    }

    /// Complaint text where a fifth of the rows carry a mobile, after any cue
    /// word or none: the mobiles are found, and the sentences (市民…小区…) are
    /// not addresses.
    #[test]
    fn mobiles_in_text_whatever_the_cue() {
        let set = DetectorSet::load(None).unwrap();
        let cues = [
            "电话",
            "手机",
            "请回电",
            "联系电话",
            "联系方式",
            "",
            "号码",
            "回拨",
        ];
        let values: Vec<String> = (0..400)
            .map(|i| {
                if i % 5 == 0 {
                    let cue = cues[i / 5 % cues.len()];
                    format!("市民反映小区停车问题，{cue}1381234{:04}，请尽快处理", i)
                } else {
                    "市民反映小区停车问题，已转办".to_string()
                }
            })
            .collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let ev = column(&set, &refs);
        let (accepted, _) = accept::accept(&set, 0, "remark", &ev);
        let types: Vec<&str> = accepted
            .iter()
            .map(|a| a.detection.type_id.as_str())
            .collect();
        assert_eq!(types, ["cn_mobile"]);
        assert_eq!(accepted[0].detection.validated, 80);
    }

    /// Names as desensitized exports write them: surname plus 某, 某某, *, ＊ or ×.
    #[test]
    fn masked_names_are_masked_evidence() {
        let set = DetectorSet::load(None).unwrap();
        let policy = Policy::load(policy::DEFAULT_POLICY).unwrap();
        let forms = ["张某", "李某某", "王*", "赵**", "陈＊", "刘××", "欧阳某"];
        let values: Vec<&str> = forms.iter().cycle().take(70).copied().collect();
        let ev = column(&set, &values);
        let g = grade_one(&set, &policy, "xm", &ev);
        let d = &g.columns[0].detections[0];
        assert_eq!(
            (d.type_id.as_str(), d.validated, d.masked),
            ("cn_person_name", 70, true)
        );
        assert_eq!(g.proposals[0].rule, "desensitized");
    }
}
