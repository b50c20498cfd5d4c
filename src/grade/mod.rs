//! Evidence → confidence and score → level, category and proposals, under a
//! policy profile. Every level and proposal carries a reason citing the seed
//! documents. Proposals are never applied: a data authority reviews them.

pub mod policy;

use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use crate::detect::{ColumnEvidence, DetectorSet, Subject, TypeTally};
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
    pub types: Vec<String>,
    pub detections: Vec<Detection>,
    pub score: u32,
    pub level: Level,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Proposal {
    pub action: String,
    pub from: Level,
    pub to: Level,
    pub rule: String,
    pub reason: String,
    pub columns: Vec<String>,
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

fn round2(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

struct Accepted {
    detector: usize,
    detection: Detection,
}

/// Detections a column's evidence supports, best first.
/// A column whose values fit a type that needs a partner column (coordinates)
/// and no name hint: accepted only if the dataset has the partner.
struct PairCandidate {
    column: usize,
    accepted: Accepted,
    /// Every value is latitude-compatible (|v| <= 90).
    latitude_like: bool,
    /// Most values are beyond 90 degrees: longitudes.
    longitude_like: bool,
}

fn detection(
    det: &crate::detect::Detector,
    t: &TypeTally,
    n: u64,
    lb: f64,
    hint: Option<&str>,
) -> Detection {
    let weak_share = t.weak as f64 / t.validated as f64;
    let strength = det.def.strength * (1.0 - 0.3 * weak_share);
    let confidence = (0.6 * strength + 0.3 * lb + if hint.is_some() { 0.1 } else { 0.0 }).min(0.99);
    let masked = t.masked * 2 >= t.validated;
    let mut signals: Vec<String> = if masked {
        vec!["masked".into()]
    } else {
        det.validator
            .signals
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    if t.weak > 0 {
        signals.push(det.validator.weak_signal.into());
    }
    if t.embedded > 0 {
        signals.push("in_text".into());
    }
    if let Some(h) = hint {
        signals.push(format!("name_hint:{h}"));
    }
    Detection {
        type_id: det.def.id.clone(),
        matches: t.matches,
        validated: t.validated,
        ratio: round2(t.validated as f64 / n as f64),
        confidence: round2(confidence),
        masked,
        signals,
        evidence: t.evidence.clone(),
    }
}

/// Detections a column's evidence supports, best first, and pair candidates.
fn accept(
    set: &DetectorSet,
    column: usize,
    name: &str,
    ev: &ColumnEvidence,
) -> (Vec<Accepted>, Vec<PairCandidate>) {
    let n = ev.non_null;
    let mut out = Vec::new();
    let mut pairs = Vec::new();
    for (i, (det, t)) in set.detectors.iter().zip(&ev.tallies).enumerate() {
        if t.validated == 0 || n == 0 {
            continue;
        }
        let def = &det.def;
        let hint = det.hint_for(name);
        // Checksummed types: only the passes beyond chance count, and none
        // when the pass rate is what random values of the shape reach.
        let mut validated = t.validated;
        if let Some(chance) = def.check_chance {
            // Weak forms and masked values carry no check digit.
            let passed = t.validated.saturating_sub(t.weak + t.masked);
            let tried = passed + t.check_failed;
            if passed > 0 && !beats_chance(passed, tried, chance) {
                continue;
            }
            validated = t.validated - passed + beyond_chance(passed, tried, chance);
        }
        let lb = wilson_lower(validated, n);
        let mut threshold = if hint.is_some() {
            def.hint_min_ratio
        } else {
            def.min_ratio
        };
        if t.embedded * 2 >= t.validated
            && let Some(e) = def.embedded_min_ratio
        {
            threshold = threshold.min(e);
        }
        if hint.is_none()
            && t.weak * 2 > t.validated
            && let Some(w) = def.weak_min_ratio
        {
            threshold = threshold.max(w);
        }
        if validated < def.min_matches.min(n) || lb < threshold {
            continue;
        }
        if let Some(min) = def.min_distinct
            && (t.distinct.len() as u64) < min.min(t.validated.div_ceil(2))
        {
            continue;
        }
        let accepted = Accepted {
            detector: i,
            detection: detection(det, t, n, lb, hint),
        };
        if def.needs_hint_or_pair && hint.is_none() {
            pairs.push(PairCandidate {
                column,
                accepted,
                latitude_like: t.weak == 0,
                longitude_like: t.weak * 2 > t.validated,
            });
        } else {
            out.push(accepted);
        }
    }
    // Identity documents mixed into one certificate column: once a companion
    // type is accepted here, the others count at their companion threshold.
    for (i, (det, t)) in set.detectors.iter().zip(&ev.tallies).enumerate() {
        let def = &det.def;
        let Some(min) = def.companion_min_ratio else {
            continue;
        };
        if t.validated == 0 || out.iter().any(|a| a.detector == i) {
            continue;
        }
        let companion = out
            .iter()
            .find(|a| def.companions.contains(&a.detection.type_id));
        let lb = wilson_lower(t.validated, n);
        if let Some(c) = companion
            && lb >= min
            && t.validated >= def.min_matches.min(n)
        {
            let mut detection = detection(det, t, n, lb, det.hint_for(name));
            detection
                .signals
                .push(format!("companion:{}", c.detection.type_id));
            out.push(Accepted {
                detector: i,
                detection,
            });
        }
    }
    sort_best_first(&mut out);
    (out, pairs)
}

fn sort_best_first(out: &mut [Accepted]) {
    out.sort_by(|a, b| {
        b.detection
            .validated
            .cmp(&a.detection.validated)
            .then(b.detection.confidence.total_cmp(&a.detection.confidence))
    });
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
    let mut accepted: Vec<Vec<Accepted>> = Vec::with_capacity(columns.len());
    let mut candidates: Vec<PairCandidate> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let (acc, pairs) = c
            .evidence
            .map(|ev| accept(set, i, c.name, ev))
            .unwrap_or_default();
        accepted.push(acc);
        candidates.extend(pairs);
    }
    // A latitude-like column beside a longitude-like one of the same type: both accepted.
    let kinds: BTreeSet<usize> = candidates.iter().map(|c| c.accepted.detector).collect();
    for kind in kinds {
        let of_kind = || {
            candidates
                .iter()
                .filter(move |c| c.accepted.detector == kind)
        };
        if of_kind().any(|c| c.latitude_like) && of_kind().any(|c| c.longitude_like) {
            for c in of_kind().filter(|c| c.latitude_like || c.longitude_like) {
                let mut detection = c.accepted.detection.clone();
                detection.signals.push("paired_column".into());
                accepted[c.column].push(Accepted {
                    detector: c.accepted.detector,
                    detection,
                });
                sort_best_first(&mut accepted[c.column]);
            }
        }
    }

    // Main subject (seed 000 art.16-17): the majority of identifier columns by
    // their best type; names and addresses decide only when no identifier does
    // (an enterprise register has a legal representative and an address too).
    let (mut personal, mut organization, mut personal_attributes) = (0, 0, 0);
    for acc in &accepted {
        let Some(best) = acc
            .iter()
            .find(|a| !set.detectors[a.detector].def.attribute)
            .or(acc.first())
        else {
            continue;
        };
        let def = &set.detectors[best.detector].def;
        match (def.subject, def.attribute) {
            (Subject::Personal, true) => personal_attributes += 1,
            (Subject::Personal, false) => personal += 1,
            (Subject::Organization, _) => organization += 1,
            (Subject::Neutral, _) => {}
        }
    }
    let category = if personal > 0 && personal >= organization {
        "personal"
    } else if organization > 0 {
        "organization"
    } else if personal_attributes > 0 || accepted.iter().any(|a| !a.is_empty()) {
        "personal"
    } else {
        "other"
    };

    let mut graded = Vec::with_capacity(columns.len());
    for (c, acc) in columns.iter().zip(&accepted) {
        let mut level = Level::L1;
        let mut best_conf = 0.0;
        let mut reason = None;
        // The column's level is its highest type's level; ties keep the best detection.
        for a in acc {
            let det = &set.detectors[a.detector];
            let (l, contextual) = policy.level(&det.def.id, category, level_of(&det.def.level));
            if reason.is_some() && l <= level {
                continue;
            }
            level = l;
            best_conf = a.detection.confidence;
            reason = Some(if contextual {
                format!(
                    "{} in a dataset about an {category} subject → {l} ({})",
                    det.def.id, policy.levels_cite
                )
            } else {
                format!("{} → {l} ({})", det.def.id, policy.levels_cite)
            });
        }
        let ev = c.evidence;
        graded.push(ColumnGrade {
            name: c.name.to_string(),
            data_type: c.data_type.clone(),
            scanned: ev.is_some(),
            rows_sampled: ev.map_or(0, |e| e.rows),
            non_null: ev.map_or(0, |e| e.non_null),
            values_cut: ev.map(|e| e.values_cut).filter(|&n| n > 0),
            encoding: ev.and_then(|e| e.binary.encoding()).map(String::from),
            values_not_text: ev.map(|e| e.binary.not_text).filter(|&n| n > 0),
            types: acc.iter().map(|a| a.detection.type_id.clone()).collect(),
            detections: acc.iter().map(|a| a.detection.clone()).collect(),
            score: if acc.is_empty() {
                0
            } else {
                score(level, best_conf)
            },
            level,
            level_reason: reason,
        });
    }

    // Dataset level = highest field level (seed 000 art.12).
    let level = graded.iter().map(|c| c.level).max().unwrap_or(Level::L1);
    let level_reason = if level == Level::L1 {
        "no personal or organizational identifiers detected → L1, unconditional sharing (seed 001 §5.2.1, appendix B)".to_string()
    } else {
        let top: Vec<String> = graded
            .iter()
            .filter(|c| c.level == level)
            .take(3)
            .map(|c| format!("column {}: {} ({level})", c.name, c.types.join(", ")))
            .collect();
        format!("{}; highest field level (seed 000 art.12)", top.join("; "))
    };

    let mut proposals = Vec::new();
    // desensitized (seed 000 art.25): every column that sets the level is masked.
    let top_cols: Vec<(&ColumnGrade, &Vec<Accepted>, Option<&ColumnEvidence>)> = graded
        .iter()
        .zip(&accepted)
        .zip(columns)
        .filter(|((c, _), _)| c.level == level)
        .map(|((c, acc), input)| (c, acc, input.evidence))
        .collect();
    if level >= Level::L3 {
        let all_masked = top_cols.iter().all(|(_, acc, ev)| {
            acc.iter().all(|a| {
                let det = &set.detectors[a.detector];
                let l = policy
                    .level(&det.def.id, category, level_of(&det.def.level))
                    .0;
                let masked = ev.is_some_and(|e| {
                    let t = &e.tallies[a.detector];
                    t.validated > 0
                        && t.masked as f64 / t.validated as f64 >= policy.desensitized.masked_ratio
                });
                l < level || masked
            })
        });
        if all_masked {
            let names: Vec<String> = top_cols.iter().map(|(c, _, _)| c.name.clone()).collect();
            proposals.push(Proposal {
                action: "downgrade".into(),
                from: level,
                to: level.down(),
                rule: "desensitized".into(),
                reason: format!(
                    "every {level} column is masked ({}): effective desensitization allows {level}→{} (seed 000 art.25)",
                    names.join(", "),
                    level.down()
                ),
                columns: names,
            });
        }
    }

    // aggregation_volume (seed 000 art.13(1)): identifiers of people in large volume.
    let volume = &policy.aggregation_volume;
    let about = if rows_exact { "" } else { "about " };
    let mut direct: Vec<(String, String)> = Vec::new();
    let mut personal_cols: Vec<String> = Vec::new();
    for (c, acc) in graded.iter().zip(&accepted) {
        for a in acc.iter().filter(|a| !a.detection.masked) {
            let def = &set.detectors[a.detector].def;
            if def.direct_identifier {
                direct.push((c.name.clone(), def.id.clone()));
            }
            if def.subject == Subject::Personal && !personal_cols.contains(&c.name) {
                personal_cols.push(c.name.clone());
            }
        }
    }
    if level < Level::L4 {
        if !direct.is_empty() && rows >= volume.sensitive_rows {
            let types: Vec<&str> = direct.iter().map(|(_, t)| t.as_str()).collect();
            let mut cols: Vec<String> = direct.iter().map(|(c, _)| c.clone()).collect();
            cols.dedup();
            proposals.push(Proposal {
                action: "upgrade".into(),
                from: level,
                to: level.up(),
                rule: "aggregation_volume".into(),
                reason: format!(
                    "{about}{rows} rows with {} >= {} (seed 000 art.13(1))",
                    types.join(", "),
                    volume.sensitive_rows
                ),
                columns: cols,
            });
        } else if category == "personal"
            && !personal_cols.is_empty()
            && rows >= volume.personal_rows
        {
            proposals.push(Proposal {
                action: "upgrade".into(),
                from: level,
                to: level.up(),
                rule: "aggregation_volume".into(),
                reason: format!(
                    "{about}{rows} rows of personal data >= {} (seed 000 art.13(1))",
                    volume.personal_rows
                ),
                columns: personal_cols,
            });
        }
    }

    DatasetGrade {
        category: category.to_string(),
        level,
        share: policy.share(level).to_string(),
        open: policy.open(level).to_string(),
        level_reason,
        columns: graded,
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
            let (accepted, _) = accept(&set, 0, name, &ev);
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
        let (accepted, _) = accept(&set, 0, "remark", &ev);
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
