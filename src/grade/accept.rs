//! Evidence → detections: which types a column's tallies support, judged
//! against chance for checksummed types, with pairs (latitude beside
//! longitude) resolved across the dataset's columns.

use std::collections::BTreeSet;

use super::{
    ColumnGrade, ColumnInput, Detection, Level, TEXT_CRITICAL, beats_chance, beyond_chance,
    exceeds_rate, wilson_lower,
};
use crate::detect::{ColumnEvidence, DetectorSet, TypeTally};

fn round2(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(super) struct Accepted {
    pub(super) detector: usize,
    pub(super) detection: Detection,
}

/// Detections a column's evidence supports, best first.
/// A column whose values fit a type that needs a partner column (coordinates)
/// and no name hint: accepted only if the dataset has the partner.
pub(super) struct PairCandidate {
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
        masked_values: t.masked,
        key_entity_values: 0,
        minors: false,
        signals,
        evidence: t.examples(),
    }
}

/// Detections a column's evidence supports, best first, and pair candidates.
pub(super) fn accept(
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
        if validated < def.min_matches.min(n) {
            continue;
        }
        let mut threshold = if hint.is_some() {
            def.hint_min_ratio
        } else {
            def.min_ratio
        };
        let weak_majority = hint.is_none() && t.weak * 2 > t.validated;
        if weak_majority && let Some(w) = def.weak_min_ratio {
            threshold = threshold.max(w);
        }
        // Free text (most hits inside longer values, and not mostly a weak
        // form, which chance reaches more often): the share of rows with a
        // validated hit, against the share that text without the type reaches
        // by chance, with the lower bound above that share too (on millions
        // of rows a hair above chance is significant and means nothing).
        let text = t.embedded * 2 >= t.validated
            && !weak_majority
            && def.text_chance.is_some_and(|chance| {
                exceeds_rate(validated, n, chance, TEXT_CRITICAL) && lb > chance
            });
        if !text && lb < threshold {
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

/// Share of a column's values that must be parts (division names) for it to
/// be a part column of a split address.
const PART_MIN_SHARE: f64 = 0.8;

/// A split address (省 / 市 / 区 / 详细地址, each in a column of its own) is
/// typed together: where columns of division names (`TypeTally::parts`) sit
/// side by side with a column of the type's detail form (the weak form,
/// 建设路18号3栋201室), the detail column is of the type at the threshold a
/// name hint gives it, and the division columns are of the type with it.
/// A division column beside a full address (省份 next to 家庭住址) is not.
/// Generic over types; only addresses have parts today.
fn split_parts(set: &DetectorSet, columns: &[ColumnInput<'_>], accepted: &mut [Vec<Accepted>]) {
    for (d, det) in set.detectors.iter().enumerate() {
        let tally = |i: usize| columns[i].evidence.map(|ev| (&ev.tallies[d], ev.non_null));
        let is_part = |i: usize| {
            tally(i).is_some_and(|(t, n)| {
                n >= det.def.min_matches && t.parts as f64 >= PART_MIN_SHARE * n as f64
            })
        };
        let has = |acc: &[Accepted]| acc.iter().any(|a| a.detector == d);
        // A detail column: mostly the weak form (建设路18号3栋201室), a street
        // address without its divisions, typed already or not.
        let is_detail = |i: usize| {
            tally(i).is_some_and(|(t, n)| {
                t.weak * 2 > t.validated
                    && t.validated >= det.def.min_matches.min(n)
                    && wilson_lower(t.validated, n) >= det.def.hint_min_ratio
            })
        };
        // Columns that were not read (a numeric postcode) do not break a run.
        let unread = |i: usize| columns[i].evidence.is_none();
        let mut start = 0;
        while start < columns.len() {
            // A run of adjacent columns, each a part or a detail.
            let mut end = start;
            while end < columns.len() && (is_part(end) || is_detail(end) || unread(end)) {
                end += 1;
            }
            let run: Vec<usize> = (start..end).filter(|&i| !unread(i)).collect();
            start = end + 1;
            let parts = run.iter().filter(|&&i| is_part(i)).count();
            if parts == 0 || parts == run.len() {
                continue;
            }
            let names: Vec<&str> = run.iter().map(|&i| columns[i].name).collect();
            let signal = format!("split_address:{}", names.join("+"));
            for i in run {
                if has(&accepted[i]) {
                    if let Some(a) = accepted[i].iter_mut().find(|a| a.detector == d) {
                        a.detection.signals.push(signal.clone());
                    }
                    continue;
                }
                let Some((t, n)) = tally(i) else { continue };
                let mut t = t.clone();
                if is_part(i) {
                    // The division names count as the type's values here.
                    (t.validated, t.weak, t.masked, t.embedded) = (t.parts, 0, 0, 0);
                }
                let lb = wilson_lower(t.validated, n);
                let mut detection = detection(det, &t, n, lb, det.hint_for(columns[i].name));
                if is_part(i) {
                    detection.signals = vec!["division_names".into()];
                }
                detection.signals.push(signal.clone());
                accepted[i].push(Accepted {
                    detector: d,
                    detection,
                });
                sort_best_first(&mut accepted[i]);
            }
        }
    }
}

fn sort_best_first(out: &mut [Accepted]) {
    out.sort_by(|a, b| {
        b.detection
            .validated
            .cmp(&a.detection.validated)
            .then(b.detection.confidence.total_cmp(&a.detection.confidence))
    });
}

/// Every column's detections, best first, before any level is set.
pub(super) fn columns(set: &DetectorSet, columns: &[ColumnInput<'_>]) -> Vec<ColumnGrade> {
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

    split_parts(set, columns, &mut accepted);

    columns
        .iter()
        .zip(accepted)
        .map(|(c, acc)| {
            let ev = c.evidence;
            ColumnGrade {
                name: c.name.to_string(),
                data_type: c.data_type.clone(),
                scanned: ev.is_some(),
                rows_sampled: ev.map_or(0, |e| e.rows),
                non_null: ev.map_or(0, |e| e.non_null),
                values_cut: ev.map(|e| e.values_cut).filter(|&n| n > 0),
                encoding: ev.and_then(|e| e.binary.encoding()).map(String::from),
                values_not_text: ev.map(|e| e.binary.not_text).filter(|&n| n > 0),
                precision_lost: None,
                dates: None,
                sensitive_personal: vec![],
                types: acc.iter().map(|a| a.detection.type_id.clone()).collect(),
                detections: acc.into_iter().map(|a| a.detection).collect(),
                score: 0,
                level: Level::L1,
                level_reason: None,
                decision: None,
            }
        })
        .collect()
}
