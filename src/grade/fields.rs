//! Field levels: each column's level from its types under the profile (by
//! the dataset's subject), its score, and what its evidence tells beyond
//! the type (dates, minors, values on the key-entity list, sensitive
//! personal information).

use super::{ColumnGrade, ColumnInput, Context, Dates, Level, Policy};
use crate::detect::DetectorSet;

/// The level of a type in a dataset about `category` under `policy`.
pub fn type_level(set: &DetectorSet, policy: &Policy, type_id: &str, category: &str) -> Level {
    policy
        .level(type_id, category, default_level(set, type_id))
        .0
}

/// A type's level in its detector file (checked when the detectors load).
fn default_level(set: &DetectorSet, type_id: &str) -> Level {
    set.index_of(type_id)
        .and_then(|i| Level::parse(&set.detectors[i].def.level))
        .unwrap_or(Level::L3)
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

/// Parameters of the sensitive_personal rule that grading reads before the
/// rules run (which resident IDs are minors').
#[derive(Debug, Clone, Default, serde::Deserialize)]
struct MinorAge {
    #[serde(default = "fourteen")]
    minor_age: u32,
}

fn fourteen() -> u32 {
    14
}

/// Copy onto the graded columns what their evidence says beyond the types:
/// dates, key-entity values, minors; and name the categories of sensitive
/// personal information each column holds.
pub(super) fn note_evidence(
    set: &DetectorSet,
    policy: &Policy,
    inputs: &[ColumnInput<'_>],
    columns: &mut [ColumnGrade],
    cx: &Context,
) {
    let minor_age = policy
        .rule_params::<MinorAge>("sensitive_personal")
        .minor_age;
    let as_of = cx
        .as_of
        .format("%Y%m")
        .to_string()
        .parse::<u32>()
        .unwrap_or(0);
    // A birth month from this one on may be a person under `minor_age` (in
    // the cutoff month itself, until their birthday): flagged.
    let cutoff = as_of.saturating_sub(minor_age * 100);
    for (input, column) in inputs.iter().zip(columns.iter_mut()) {
        let Some(ev) = input.evidence else { continue };
        column.dates = Dates::of(&ev.temporal);
        for d in &mut column.detections {
            let Some(i) = set.index_of(&d.type_id) else {
                continue;
            };
            let t = &ev.tallies[i];
            d.key_entity_values = t.watched;
            d.minors = t.latest_birth >= cutoff && d.type_id == "cn_resident_id";
        }
    }
}

/// The categories of sensitive personal information (PIPL art.28, GB/T
/// 45574-2025) a column's unmasked detections are.
fn sensitive_categories(set: &DetectorSet, column: &ColumnGrade) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in column.detections.iter().filter(|d| !d.masked) {
        let def = set.index_of(&d.type_id).map(|i| &set.detectors[i].def);
        if let Some(s) = def.and_then(|def| def.sensitive.clone()) {
            out.push(s);
        }
        if d.minors {
            out.push("minor".into());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A column's level: its highest type's level; ties keep the best detection.
pub(super) fn field_level(
    set: &DetectorSet,
    policy: &Policy,
    category: &str,
    column: &mut ColumnGrade,
) {
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
                d.type_id, policy.context_cite
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
    column.sensitive_personal = sensitive_categories(set, column);
}

/// The place columns of a precise track hold whereabouts (行踪轨迹).
pub(super) fn mark_whereabouts(set: &DetectorSet, columns: &mut [ColumnGrade]) {
    let Some(track) = super::rules::tracks::track(set, columns) else {
        return;
    };
    for c in columns
        .iter_mut()
        .filter(|c| track.places.contains(&c.name))
    {
        c.sensitive_personal.push("whereabouts".into());
    }
}
