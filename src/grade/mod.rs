//! Evidence → confidence and score → level, category and proposals, under a
//! policy profile. Every level and proposal carries a reason citing the seed
//! documents. Proposals are never applied: a data authority reviews them.
//!
//! The stages, one file each: [`accept`] (evidence → detections),
//! [`category`] (the dataset's main subject), [`fields`] (field levels and
//! sensitive personal information), [`catalog`] (what the resource
//! catalogue says) and [`rules`] (the registry of proposal rules).

mod accept;
pub mod catalog;
mod category;
mod fields;
pub mod policy;
pub mod rules;

use serde::{Deserialize, Serialize};

use crate::detect::{ColumnEvidence, DetectorSet};
use crate::review::{ColumnDecision, ProposalDecision};
pub use catalog::{Catalog, CatalogEntry};
pub use category::category_of;
pub use fields::type_level;
pub use policy::Policy;

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
    /// Validated values on the profile's key-entity list (key_entity rule).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub key_entity_values: u64,
    /// Resident IDs of people under the profile's minor age at scan time
    /// were seen (sensitive_personal rule).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub minors: bool,
    pub signals: Vec<String>,
    pub evidence: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What a date or timestamp column holds: its newest value and whether its
/// values carry a time of day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Dates {
    /// The newest value read (RFC 3339, UTC).
    pub newest: String,
    /// Values read.
    pub values: u64,
    /// Values with a time of day (finer than a day).
    pub with_time: u64,
}

impl Dates {
    fn of(t: &crate::detect::Temporal) -> Option<Dates> {
        let newest = chrono::DateTime::from_timestamp(t.newest?, 0)?;
        Some(Dates {
            newest: newest.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            values: t.values,
            with_time: t.with_time,
        })
    }

    pub fn newest_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::parse_from_rfc3339(&self.newest)
            .ok()
            .map(|t| t.to_utc())
    }

    /// Most values have a time of day.
    pub fn finer_than_a_day(&self) -> bool {
        self.with_time * 2 > self.values
    }
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
    /// Dates and times the column holds (absent when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<Dates>,
    pub types: Vec<String>,
    pub detections: Vec<Detection>,
    pub score: u32,
    pub level: Level,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_reason: Option<String>,
    /// The categories of sensitive personal information the column holds
    /// (PIPL art.28, GB/T 45574-2025): `health`, `financial_account`,
    /// `minor`, `religious_belief`, `ethnicity`, `whereabouts`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive_personal: Vec<String>,
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
    /// The profile's document's name for the level (第三级（敏感级）, 一般数据3级, ...).
    #[serde(default)]
    pub level_name: String,
    pub share: String,
    pub open: String,
    /// The document's terms for `share` and `open` (有条件共享, 受限开放类, ...).
    #[serde(default)]
    pub share_name: String,
    #[serde(default)]
    pub open_name: String,
    /// The share type the resource catalogue records (`--catalog`), as the
    /// profile's class id; `unknown` without a catalogue entry: the level
    /// is then from content alone (seed 001 §5.2.1 grades by share type).
    #[serde(default = "unknown")]
    pub share_type: String,
    pub level_reason: String,
    /// The resource catalogue's entry for the dataset (`--catalog`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<CatalogEntry>,
    pub columns: Vec<ColumnGrade>,
    pub proposals: Vec<Proposal>,
}

fn unknown() -> String {
    "unknown".into()
}

/// A column as the sampler saw it.
pub struct ColumnInput<'a> {
    pub name: &'a str,
    pub data_type: String,
    /// `None` when the column was not read (type cannot hold identifiers).
    pub evidence: Option<&'a ColumnEvidence>,
}

/// What grading needs besides the columns: the dataset, when, and what the
/// catalogue says of it.
#[derive(Debug, Clone)]
pub struct Context {
    /// The dataset's key (path relative to the scanned root): path globs match it.
    pub key: String,
    /// The dataset's total row count (all files), exact or estimated.
    pub rows: u64,
    pub rows_exact: bool,
    /// When the scan ran: ages (minors, historical data) are as of then.
    pub as_of: chrono::DateTime<chrono::Utc>,
    pub catalog: Option<CatalogEntry>,
}

impl Context {
    pub fn new(key: &str, rows: u64, rows_exact: bool) -> Self {
        Context {
            key: key.to_string(),
            rows,
            rows_exact,
            as_of: chrono::Utc::now(),
            catalog: None,
        }
    }
}

/// A scan's grading inputs: the profile, the resource catalogue, and the
/// time the scan grades as of. Dereferences to the profile.
#[derive(Debug)]
pub struct Grading {
    pub policy: Policy,
    pub catalog: Catalog,
    pub as_of: chrono::DateTime<chrono::Utc>,
}

impl std::ops::Deref for Grading {
    type Target = Policy;
    fn deref(&self) -> &Policy {
        &self.policy
    }
}

impl Grading {
    pub fn new(policy: Policy) -> Self {
        Grading {
            policy,
            catalog: Catalog::default(),
            as_of: chrono::Utc::now(),
        }
    }

    /// The context of the dataset with key `key`.
    pub fn context(&self, key: &str, rows: u64, rows_exact: bool) -> Context {
        Context {
            key: key.to_string(),
            rows,
            rows_exact,
            as_of: self.as_of,
            // A sheet (`book.xlsx#Sheet1`) follows its workbook's entry.
            catalog: self.catalog.entry(key).cloned(),
        }
    }
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

/// Does `k` of `n` beat the rate `p0` that chance alone gives? A one-sided
/// likelihood-ratio (G) test: G = 2 n KL(k/n || p0), against a critical value
/// of the chi-square distribution with one degree of freedom.
pub fn exceeds_rate(k: u64, n: u64, p0: f64, critical: f64) -> bool {
    if n == 0 {
        return false;
    }
    let (k, n) = (k as f64, n as f64);
    let r = k / n;
    if r <= p0 {
        return false;
    }
    let term = |a: f64, b: f64| if a == 0.0 { 0.0 } else { a * (a / b).ln() };
    2.0 * n * (term(r, p0) + term(1.0 - r, 1.0 - p0)) > critical
}

/// The chi-square (1 df) value for p = 0.001 (one-sided, as `exceeds_rate`
/// tests, p = 0.0005): a text column is tested for every type that embeds,
/// so each test is held to a stricter level than a checksum's.
pub const TEXT_CRITICAL: f64 = 10.83;

/// Does a column's check-digit pass rate beat chance? `passed` of `tried`
/// values that passed every other check of a type also passed its check
/// digit; by chance they would at rate `chance`. The G test of
/// [`exceeds_rate`] at p = 0.01 (critical value 6.63). Serial numbers shaped
/// like resident IDs pass 1 in 11 and fail; a column of real IDs, or free
/// text whose ID-shaped runs nearly all pass, beats it by far.
pub fn beats_chance(passed: u64, tried: u64, chance: f64) -> bool {
    exceeds_rate(passed, tried, chance, 6.63)
}

/// Of `passed` check-digit passes among `tried`, how many are more than
/// chance: a column mixing real identifiers (all pass) with values of the
/// same shape (pass at rate `chance`) has about this many real ones.
fn beyond_chance(passed: u64, tried: u64, chance: f64) -> u64 {
    let excess = (passed as f64 - chance * tried as f64) / (1.0 - chance);
    excess.clamp(0.0, passed as f64).round() as u64
}

/// Grade one dataset from its columns' evidence.
pub fn grade_dataset(
    set: &DetectorSet,
    policy: &Policy,
    columns: &[ColumnInput<'_>],
    cx: &Context,
) -> DatasetGrade {
    let mut graded = accept::columns(set, columns);
    fields::note_evidence(set, policy, columns, &mut graded, cx);
    grade_columns(set, policy, graded, cx)
}

/// Grade a dataset from its columns' detections: category, field levels, the
/// dataset level (seed 000 art.12), what the catalogue's share type says
/// (seed 001 §5.2.1), share and open, and proposals. A reviewer's decisions
/// re-grade through here after removing rejected types.
pub fn grade_columns(
    set: &DetectorSet,
    policy: &Policy,
    mut columns: Vec<ColumnGrade>,
    cx: &Context,
) -> DatasetGrade {
    let category = category_of(set, &columns);
    for c in &mut columns {
        fields::field_level(set, policy, category, c);
    }
    fields::mark_whereabouts(set, &mut columns);
    // Dataset level = highest field level (seed 000 art.12).
    let content_level = columns.iter().map(|c| c.level).max().unwrap_or(Level::L1);
    let mut level_reason = if content_level == Level::L1 {
        "no personal or organizational identifiers detected → L1, unconditional sharing (seed 001 §5.2.1, appendix A)".to_string()
    } else {
        let top: Vec<String> = columns
            .iter()
            .filter(|c| c.level == content_level)
            .take(3)
            .map(|c| {
                format!(
                    "column {}: {} ({content_level})",
                    c.name,
                    c.types.join(", ")
                )
            })
            .collect();
        format!("{}; highest field level (seed 000 art.12)", top.join("; "))
    };
    let by_catalog = catalog::level(policy, cx, content_level);
    let level = by_catalog.level;
    if let Some(r) = &by_catalog.reason {
        level_reason = format!("{r}; content: {level_reason}");
    }
    let proposals = rules::propose(&rules::Graded {
        set,
        policy,
        columns: &columns,
        category,
        level,
        cx,
    });
    let share = by_catalog
        .share
        .unwrap_or_else(|| policy.share.of(level).clone());
    // An open type the catalogue records stands; otherwise the level's.
    let open = cx
        .catalog
        .as_ref()
        .and_then(|e| policy.open_class(&e.open_type))
        .unwrap_or_else(|| policy.open.of(level));
    DatasetGrade {
        category: category.to_string(),
        level,
        level_name: by_catalog
            .level_name
            .unwrap_or_else(|| policy.level_names.of(level).to_string()),
        share: share.id,
        open: open.id.clone(),
        share_name: share.name,
        open_name: open.name.clone(),
        share_type: by_catalog.share_type,
        level_reason,
        catalog: cx.catalog.clone(),
        columns,
        proposals,
    }
}

impl DatasetGrade {
    /// Set a level decided after grading (a reviewer's): its name, share and
    /// open follow the profile.
    pub fn set_level(&mut self, policy: &Policy, level: Level) {
        if level == self.level {
            return; // names and classes stay (an important dataset's 重要数据)
        }
        self.level = level;
        self.level_name = policy.level_names.of(level).to_string();
        // A share type the catalogue records stays; otherwise the level's.
        if self.share_type == "unknown" {
            let share = policy.share.of(level);
            self.share = share.id.clone();
            self.share_name = share.name.clone();
        }
        let recorded = self
            .catalog
            .as_ref()
            .and_then(|e| policy.open_class(&e.open_type));
        let open = recorded.unwrap_or_else(|| policy.open.of(level));
        self.open = open.id.clone();
        self.open_name = open.name.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::validate;

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
        grade_dataset(set, policy, &[input], &Context::new("t", ev.rows, true))
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
        let policy = Policy::load(policy::DEFAULT_POLICY, &set).unwrap();
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
        let policy = Policy::load(policy::DEFAULT_POLICY, &set).unwrap();
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

    /// Addresses as real places are written: Inner Mongolia's banners (旗),
    /// townships (苏木) and villages (嘎查), a 街道 followed by its road, and
    /// the detail column of a split address (省 / 市 / 区 / 详细地址), which
    /// names no division: typed with a name hint, or when nearly all values
    /// are details.
    #[test]
    fn addresses_as_places_are_written() {
        let set = DetectorSet::load(None).unwrap();
        let types = |name: &str, values: &[String]| -> Vec<String> {
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let ev = column(&set, &refs);
            accept::accept(&set, 0, name, &ev)
                .0
                .into_iter()
                .map(|a| a.detection.type_id)
                .collect()
        };
        // A township (苏木) and a village (嘎查), with no other division.
        let mongolia: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "桑根达来苏木{}嘎查",
                    ["敖力克", "巴彦", "乌兰", "宝力根"][i % 4]
                )
            })
            .collect();
        assert_eq!(
            validate::cn_address(&mongolia[0]),
            validate::Validity::Strong
        );
        assert_eq!(types("c1", &mongolia), ["cn_address"]);
        let subdistrict: Vec<String> = (0..40)
            .map(|i| format!("洞山街道{}路{}号", ["龙泉", "淮舜", "建设"][i % 3], i + 3))
            .collect();
        assert_eq!(types("c1", &subdistrict), ["cn_address"]);
        let details: Vec<String> = (0..40).map(detail_address).collect();
        assert_eq!(validate::cn_address(&details[0]), validate::Validity::Weak);
        assert_eq!(types("xxdz", &details), ["cn_address"]);
        assert_eq!(types("c7", &details), ["cn_address"]);
        // Seven in ten values details: enough with a name hint, not without
        // one (the weak form needs `weak_min_ratio` of the column).
        let mut mixed: Vec<String> = details.iter().take(28).cloned().collect();
        mixed.extend((0..12).map(|i| format!("备注第{i}条")));
        assert_eq!(types("xxdz", &mixed), ["cn_address"]);
        assert!(types("c7", &mixed).is_empty());
        // Sentences and equipment names are not details.
        for v in [
            "王家村村民于5号反映",
            "核心路由器2号机",
            "请到建设路18号办理，谢谢",
        ] {
            assert_ne!(validate::cn_address(v), validate::Validity::Weak, "{v}");
        }
    }

    /// Organization names of every entity type the USCC type table has.
    #[test]
    fn organization_names_of_every_entity_type() {
        let set = DetectorSet::load(None).unwrap();
        let names = [
            "合肥创新投资合伙企业（有限合伙）",
            "深圳前海德信咨询中心（普通合伙）",
            "田家庵区老王五金经营部",
            "谢家集区张记便利店",
            "凤台县丰收农民专业合作社",
            "中国工商银行股份有限公司淮南分行",
            "淮南市第一人民医院",
            "淮南市书法家协会",
            "八公山区豆腐加工厂",
            "淮南市华信科技有限公司",
        ];
        let values: Vec<&str> = names.iter().cycle().take(60).copied().collect();
        let ev = column(&set, &values);
        let (accepted, _) = accept::accept(&set, 0, "c1", &ev);
        let types: Vec<&str> = accepted
            .iter()
            .map(|a| a.detection.type_id.as_str())
            .collect();
        assert_eq!(types, ["company_name"]);
        for n in names {
            assert!(set.detects("company_name", n), "{n}");
        }
    }

    /// Names as desensitized exports write them: surname plus 某, 某某, *, ＊ or ×.
    #[test]
    fn masked_names_are_masked_evidence() {
        let set = DetectorSet::load(None).unwrap();
        let policy = Policy::load(policy::DEFAULT_POLICY, &set).unwrap();
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

    /// The detail part of a split address: 建设路1号1栋100室.
    fn detail_address(i: usize) -> String {
        format!(
            "{}路{}号{}栋{}室",
            ["建设", "人民", "龙湖"][i % 3],
            i + 1,
            i % 9 + 1,
            100 + i
        )
    }

    fn accepted_types(set: &DetectorSet, name: &str, values: &[String]) -> Vec<String> {
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let ev = column(set, &refs);
        accept::accept(set, 0, name, &ev)
            .0
            .into_iter()
            .map(|a| a.detection.type_id)
            .collect()
    }

    /// A text column is typed from its share of rows with validated hits,
    /// judged against the share that text without the type reaches
    /// (`text_chance`), not against a whole-value column's threshold.
    #[test]
    fn text_columns_are_judged_against_chance() {
        let set = DetectorSet::load(None).unwrap();
        assert!(exceeds_rate(30, 1000, 0.005, TEXT_CRITICAL));
        assert!(!exceeds_rate(8, 1000, 0.005, TEXT_CRITICAL));
        assert!(!exceeds_rate(0, 0, 0.005, TEXT_CRITICAL));
        // 3 % of 2000 remarks carry a resident ID: flagged.
        let ids = id_shaped(60, 1);
        let remarks: Vec<String> = (0..2000)
            .map(|i| {
                if i % 100 < 3 {
                    format!(
                        "申请人身份证号{}，材料齐全，已受理",
                        ids[i / 100 * 3 + i % 100]
                    )
                } else {
                    format!("第{i}号申请材料齐全，已受理，等待回复")
                }
            })
            .collect();
        assert_eq!(accepted_types(&set, "remark", &remarks), ["cn_resident_id"]);
        // Mobiles in 2 % of rows are flagged; in 0.4 %, the rate order and
        // tracking numbers reach, they are not.
        let with_mobiles = |every: usize| -> Vec<String> {
            (0..2000)
                .map(|i| {
                    if i % every == 0 {
                        format!("快递已签收，收件人手机1391234{:04}，谢谢", i)
                    } else {
                        "快递已签收，谢谢".to_string()
                    }
                })
                .collect()
        };
        assert_eq!(
            accepted_types(&set, "remark", &with_mobiles(50)),
            ["cn_mobile"]
        );
        assert!(accepted_types(&set, "remark", &with_mobiles(250)).is_empty());
        // Complaints where a fifth of the rows carry an address and a mobile.
        let complaints: Vec<String> = (0..500)
            .map(|i| {
                if i % 5 == 0 {
                    format!(
                        "市民来电反映：家住淮南市田家庵区洞山街道龙泉路{}号，请回电1381234{:04}，楼下夜间施工噪音扰民",
                        i % 90 + 1,
                        i
                    )
                } else {
                    "市民来电反映小区夜间施工噪音扰民，已转办".to_string()
                }
            })
            .collect();
        let mut types = accepted_types(&set, "content", &complaints);
        types.sort();
        assert_eq!(types, ["cn_address", "cn_mobile"]);
        // An address inside text that names no city: a county or township
        // then the street.
        let no_city: Vec<String> = (0..200)
            .map(|i| {
                if i % 10 == 0 {
                    format!("我住在田家庵区洞山街道龙泉路{}号，门口路灯坏了", i + 1)
                } else {
                    "小区门口路灯坏了，请街道尽快修理".to_string()
                }
            })
            .collect();
        assert_eq!(accepted_types(&set, "content", &no_city), ["cn_address"]);
        // Prose names places and roads without an address: no house number.
        let prose: Vec<String> = (0..400)
            .map(|i| {
                [
                    "全县各乡镇要做好村级道路养护工作",
                    "本区各街道要加强道路安全巡查",
                    "该镇党委带领村民修建进村公路",
                    "各县区要抓好农村公路建设",
                ][i % 4]
                    .to_string()
            })
            .collect();
        assert!(accepted_types(&set, "content", &prose).is_empty());
        // Mostly a weak form in text (15-digit numbers read as old IDs) is
        // still held to `weak_min_ratio`, not to the text chance.
        let logs: Vec<String> = (0..1000)
            .map(|i| {
                if i % 50 == 0 {
                    format!("设备登记，串号{}，已入库", 110_105_490_101_001 + i as u64)
                } else {
                    "设备登记，已入库".to_string()
                }
            })
            .collect();
        assert!(accepted_types(&set, "remark", &logs).is_empty());
    }

    /// Government prose (the seeds' lines, with one office address among
    /// 569 lines) is not typed, and no type's hits reach its `text_chance`.
    #[test]
    fn real_prose_stays_below_the_text_chance() {
        let set = DetectorSet::load(None).unwrap();
        let lines: Vec<&str> = include_str!("../../tests/data/seed_text.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        let ev = column(&set, &lines);
        let (accepted, _) = accept::accept(&set, 0, "content", &ev);
        assert!(
            accepted.is_empty(),
            "{:?}",
            accepted
                .iter()
                .map(|a| &a.detection.type_id)
                .collect::<Vec<_>>()
        );
        for (det, t) in set.detectors.iter().zip(&ev.tallies) {
            if let Some(chance) = det.def.text_chance {
                let rate = t.validated as f64 / lines.len() as f64;
                assert!(rate <= chance, "{}: {rate} > {chance}", det.def.id);
            }
        }
    }

    /// A split address (省 / 市 / 区 / 详细地址) is typed together: the detail
    /// column, which alone would need nearly every value to be a detail, and
    /// the division columns beside it. A province column alone is not an
    /// address, nor are divisions beside an unrelated column.
    #[test]
    fn split_address_columns_are_typed_together() {
        let set = DetectorSet::load(None).unwrap();
        let n = 50;
        let cycle =
            |xs: &[&str]| -> Vec<String> { (0..n).map(|i| xs[i % xs.len()].to_string()).collect() };
        let province = cycle(&["安徽省", "浙江省", "内蒙古自治区"]);
        let city = cycle(&["淮南市", "杭州市", "锡林郭勒盟"]);
        let county = cycle(&["田家庵区", "西湖区", "正蓝旗"]);
        // Seven in ten values details: short of the weak form's share alone.
        let detail: Vec<String> = (0..n)
            .map(|i| {
                if i % 10 < 7 {
                    detail_address(i)
                } else {
                    "不详".to_string()
                }
            })
            .collect();
        let names = cycle(&["张伟", "王芳", "李娜"]);
        let evidence: Vec<ColumnEvidence> = [&province, &city, &county, &detail, &names]
            .iter()
            .map(|vs| {
                let refs: Vec<&str> = vs.iter().map(String::as_str).collect();
                column(&set, &refs)
            })
            .collect();
        // Columns by name and evidence (`None`: not read, a numeric column).
        let types_of = |cols: &[(&str, Option<&ColumnEvidence>)]| -> Vec<Vec<String>> {
            let inputs: Vec<ColumnInput<'_>> = cols
                .iter()
                .map(|&(name, evidence)| ColumnInput {
                    name,
                    data_type: if evidence.is_some() { "Utf8" } else { "Int64" }.into(),
                    evidence,
                })
                .collect();
            accept::columns(&set, &inputs)
                .into_iter()
                .map(|c| c.types)
                .collect()
        };
        let typed = |cols: &[(&str, usize)]| -> Vec<Vec<String>> {
            let cols: Vec<(&str, Option<&ColumnEvidence>)> =
                cols.iter().map(|&(n, i)| (n, Some(&evidence[i]))).collect();
            types_of(&cols)
        };
        let address = vec!["cn_address".to_string()];
        let got = typed(&[("c1", 0), ("c2", 1), ("c3", 2), ("c4", 3), ("c5", 4)]);
        assert_eq!(
            got[..4],
            [
                address.clone(),
                address.clone(),
                address.clone(),
                address.clone()
            ]
        );
        assert_eq!(got[4], ["cn_person_name"]);
        // Alone, neither the detail column nor the province column is typed.
        assert!(typed(&[("c4", 3)])[0].is_empty());
        assert!(typed(&[("c1", 0), ("c5", 4)])[0].is_empty());
        assert!(
            typed(&[("c1", 0), ("c2", 1), ("c3", 2)])
                .iter()
                .all(|t| t.is_empty())
        );
        // Beside a full address, a province column stays a province column.
        let full: Vec<String> = (0..n)
            .map(|i| format!("安徽省淮南市田家庵区洞山街道龙泉路{}号", i + 1))
            .collect();
        let refs: Vec<&str> = full.iter().map(String::as_str).collect();
        let full_ev = column(&set, &refs);
        let got = types_of(&[("c1", Some(&evidence[0])), ("c2", Some(&full_ev))]);
        assert_eq!(got, [vec![], address.clone()]);
        // A column that was not read (a numeric postcode) between the county
        // and the detail does not part them.
        let got = types_of(&[
            ("c1", Some(&evidence[0])),
            ("c2", Some(&evidence[1])),
            ("c3", Some(&evidence[2])),
            ("yb", None),
            ("c4", Some(&evidence[3])),
        ]);
        assert_eq!(got[4], address);
        assert!(got[3].is_empty());
    }
}
