//! The data authority's review (seed 001 §5.3: automatic judgement → review →
//! approval). Reviewers record verdicts in a decisions file (`--decisions`);
//! later scans apply them, unless the evidence under a decision changed
//! materially (drift), in which case the decision is reported for re-review
//! and the engine's level stands.
//!
//! Datasets are named by a canonical key: their path relative to the scanned
//! root, the same whether the root was written `lake`, `./lake/`,
//! `file:///…/lake` or `s3://bucket/lake/`. An entry may also name a store.

pub mod inventory;
pub mod template;

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::detect::DetectorSet;
use crate::grade::{ColumnGrade, Level, Policy, grade_columns};
use crate::report::{DatasetReport, Report};

/// A reviewer's verdict on a detection or a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accept,
    Reject,
}

/// Whether a decision was applied, or held back for re-review because its
/// evidence changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Applied,
    Drift,
}

/// Evidence that changed under a decision: what, and the figures then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    /// `schema_changed`, `new_type`, `ratio_grown`, `pinned_below_computed`, `column_missing`.
    pub what: String,
    pub old: String,
    pub new: String,
}

/// Who decided, when and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    pub reviewer: String,
    pub date: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnDecision {
    pub verdict: Verdict,
    /// The type decided on; all of the column's types when absent.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub type_id: Option<String>,
    #[serde(flatten)]
    pub signed: Signed,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drift: Vec<Drift>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalDecision {
    pub verdict: Verdict,
    #[serde(flatten)]
    pub signed: Signed,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drift: Vec<Drift>,
}

/// The `decision` of a dataset in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetDecision {
    /// `drift` when any decision on this dataset was held back for re-review.
    pub status: Status,
    #[serde(flatten)]
    pub signed: Signed,
    /// The level the reviewer pinned, with its legal or policy basis.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub basis: Option<String>,
    /// The engine's level before any decision was applied.
    pub computed_level: Level,
    /// Dataset-wide drift (schema, new types, a pinned level under the computed one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drift: Vec<Drift>,
    /// Entries that named a column or proposal this scan did not find.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

impl DatasetDecision {
    /// "decided by X on D", or the drift to re-review, in one line.
    pub fn describe(&self) -> String {
        let who = if self.signed.reviewer.is_empty() {
            "a reviewer".to_string()
        } else {
            format!("{} on {}", self.signed.reviewer, self.signed.date)
        };
        let mut s = match self.status {
            Status::Applied => format!("decided by {who}"),
            Status::Drift => format!("DRIFT: re-review (decided by {who})"),
        };
        if let Some(l) = self.level {
            s.push_str(&format!("; pinned {l}"));
        }
        s
    }
}

/// Failures reading a decisions file.
#[derive(Debug, thiserror::Error)]
#[error("decisions {path}: {message}")]
pub struct DecisionsError {
    pub path: String,
    pub message: String,
}

// ---- the decisions file ----

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    #[serde(default)]
    pub dataset: Vec<DatasetEntry>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetEntry {
    /// Path relative to the scanned root (the report's `key`).
    pub key: String,
    /// Only this store (`file://`, `s3://bucket`); any store when absent.
    #[serde(default)]
    pub store: Option<String>,
    #[serde(default)]
    pub reviewer: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reason: String,
    /// Pin the dataset's level; needs a `basis`.
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub basis: Option<String>,
    /// What the report showed when the decision was made (`fenji review`
    /// writes these); drift is judged against them.
    #[serde(default)]
    pub seen_level: Option<String>,
    #[serde(default)]
    pub seen_types: Option<Vec<String>>,
    #[serde(default)]
    pub seen_schema: Option<String>,
    #[serde(default)]
    pub column: Vec<ColumnEntry>,
    #[serde(default)]
    pub proposal: Vec<ProposalEntry>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnEntry {
    pub name: String,
    #[serde(default, rename = "type")]
    pub type_id: Option<String>,
    /// `accept`, `reject`, or empty (not yet decided).
    #[serde(default)]
    pub verdict: String,
    #[serde(default)]
    pub reviewer: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub seen_ratio: Option<f64>,
    #[serde(default)]
    pub seen_types: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalEntry {
    pub id: String,
    #[serde(default)]
    pub verdict: String,
    #[serde(default)]
    pub reviewer: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reason: String,
}

fn verdict(s: &str) -> Result<Option<Verdict>, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "accept" | "accepted" => Ok(Some(Verdict::Accept)),
        "reject" | "rejected" => Ok(Some(Verdict::Reject)),
        other => Err(format!("verdict {other:?} is not accept or reject")),
    }
}

/// Who signed an entry: its own fields, else its dataset's. All three are required.
fn signed(own: [&str; 3], dataset: &DatasetEntry, what: &str) -> Result<Signed, String> {
    let pick = |own: &str, inherited: &str| {
        let s = if own.trim().is_empty() {
            inherited
        } else {
            own
        };
        s.trim().to_string()
    };
    let s = Signed {
        reviewer: pick(own[0], &dataset.reviewer),
        date: pick(own[1], &dataset.date),
        reason: pick(own[2], &dataset.reason),
    };
    if s.reviewer.is_empty() || s.reason.is_empty() {
        return Err(format!("{what}: a decision needs a reviewer and a reason"));
    }
    if chrono::NaiveDate::parse_from_str(&s.date, "%Y-%m-%d").is_err() {
        return Err(format!(
            "{what}: date {:?} is not a date (YYYY-MM-DD)",
            s.date
        ));
    }
    Ok(s)
}

/// An entry's verdict and signature, when it is decided (and signed, which
/// loading checked).
fn decided(v: &str, own: [&str; 3], e: &DatasetEntry) -> Option<(Verdict, Signed)> {
    Some((verdict(v).ok()??, signed(own, e, "").ok()?))
}

/// A decided column or proposal entry is signed; an undecided one needs nothing.
fn check_entry(v: &str, own: [&str; 3], d: &DatasetEntry, what: &str) -> Result<(), String> {
    if verdict(v).map_err(|e| format!("{what}: {e}"))?.is_some() {
        signed(own, d, what)?;
    }
    Ok(())
}

impl Decisions {
    /// Read a decisions file: TOML, or JSON when it ends in `.json` or starts with `{`.
    pub fn load(path: &Path) -> Result<Self, DecisionsError> {
        let err = |m: String| DecisionsError {
            path: path.display().to_string(),
            message: m,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let parsed: Decisions = if path.extension().is_some_and(|e| e == "json")
            || text.trim_start().starts_with('{')
        {
            serde_json::from_str(&text).map_err(|e| err(e.to_string()))?
        } else {
            toml::from_str(&text).map_err(|e| err(e.to_string()))?
        };
        parsed.check().map_err(err)?;
        Ok(parsed)
    }

    /// Every decided entry is signed and dated, and every pin names a level and a basis.
    fn check(&self) -> Result<(), String> {
        for d in &self.dataset {
            let what = format!("dataset {:?}", d.key);
            if let Some(l) = &d.level {
                let level =
                    Level::parse(l).ok_or_else(|| format!("{what}: level {l:?} is not L1-L4"))?;
                if d.basis.as_deref().is_none_or(|b| b.trim().is_empty()) {
                    return Err(format!(
                        "{what}: pinning {level} needs a basis (the legal or policy ground, seed 000 art.19)"
                    ));
                }
                signed(["", "", ""], d, &what)?;
            }
            for c in &d.column {
                let what = format!("{what} column {:?}", c.name);
                check_entry(&c.verdict, [&c.reviewer, &c.date, &c.reason], d, &what)?;
            }
            for p in &d.proposal {
                let what = format!("{what} proposal {:?}", p.id);
                check_entry(&p.verdict, [&p.reviewer, &p.date, &p.reason], d, &what)?;
            }
        }
        Ok(())
    }

    /// The entry for a dataset of `key` in `store`.
    fn entry(&self, key: &str, store: &str) -> Option<&DatasetEntry> {
        let norm = |k: &str| k.trim_matches('/').to_string();
        self.dataset.iter().rev().find(|e| {
            norm(&e.key) == norm(key)
                && e.store
                    .as_deref()
                    .is_none_or(|s| s.trim_end_matches('/') == store.trim_end_matches('/'))
        })
    }
}

/// A short, stable fingerprint of a dataset's schema (column names and types):
/// FNV-1a, 64 bits, in hex.
pub fn schema_fingerprint(columns: &[ColumnGrade]) -> String {
    let mut h = crate::hash::Fnv64::default();
    for c in columns {
        h.write(c.name.as_bytes());
        h.write(&[0]);
        h.write(c.data_type.as_bytes());
        h.write(b"\n");
    }
    h.hex()
}

/// The stable id of a proposal: rule, dataset key and columns.
pub fn proposal_id(rule: &str, key: &str, columns: &[String]) -> String {
    format!("{rule}:{key}:{}", columns.join(","))
}

/// Give every proposal of a dataset its stable id.
pub fn identify(d: &mut DatasetReport) {
    for p in &mut d.grade.proposals {
        p.id = proposal_id(&p.rule, &d.key, &p.columns);
    }
}

fn types_of<'a>(columns: impl IntoIterator<Item = &'a ColumnGrade>) -> BTreeSet<String> {
    columns
        .into_iter()
        .flat_map(|c| c.detections.iter().map(|d| d.type_id.clone()))
        .collect()
}

/// Types present now that were not when the decision was made.
fn new_types(seen: &Option<Vec<String>>, now: &BTreeSet<String>) -> Option<Drift> {
    let seen: BTreeSet<&String> = seen.as_ref()?.iter().collect();
    let added: Vec<&str> = now
        .iter()
        .filter(|t| !seen.contains(t))
        .map(String::as_str)
        .collect();
    (!added.is_empty()).then(|| Drift {
        what: "new_type".into(),
        old: seen
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(","),
        new: added.join(","),
    })
}

/// Apply the decisions to every dataset of a report and count drift in its
/// summary. Rejected detections are removed and the dataset re-graded;
/// accepted proposals and pinned levels set the level; share and open follow.
pub fn apply_all(report: &mut Report, decisions: &Decisions, set: &DetectorSet, policy: &Policy) {
    let mut summary = crate::report::Summary {
        errors: report.summary.errors,
        skipped: report.summary.skipped,
        ..Default::default()
    };
    let as_of = chrono::DateTime::parse_from_rfc3339(
        report
            .scan
            .as_of
            .as_deref()
            .unwrap_or(&report.scan.started_at),
    )
    .map_or_else(|_| chrono::Utc::now(), |t| t.to_utc());
    for d in &mut report.datasets {
        decisions.apply(d, set, policy, as_of);
        summary.count(d);
    }
    report.summary = summary;
}

impl Decisions {
    /// Apply the decisions on one dataset, if any name it.
    /// Re-grading (after a rejected detection) is as of `as_of`, the scan's time.
    pub fn apply(
        &self,
        d: &mut DatasetReport,
        set: &DetectorSet,
        policy: &Policy,
        as_of: chrono::DateTime<chrono::Utc>,
    ) {
        if let Some(entry) = self.entry(&d.key, &d.store) {
            apply(d, entry, set, policy, as_of);
        }
    }
}

/// Decisions on a dataset held back for re-review: its own, its columns' and
/// its proposals'.
pub fn drift_count(d: &DatasetReport) -> u64 {
    let Some(dec) = &d.decision else { return 0 };
    let drifted = |s: Option<Status>| s == Some(Status::Drift);
    u64::from(!dec.drift.is_empty())
        + d.grade
            .columns
            .iter()
            .filter(|c| drifted(c.decision.as_ref().map(|x| x.status)))
            .count() as u64
        + d.grade
            .proposals
            .iter()
            .filter(|p| drifted(p.decision.as_ref().map(|x| x.status)))
            .count() as u64
}

/// Apply one dataset's decisions (see [`apply_all`]).
fn apply(
    d: &mut DatasetReport,
    e: &DatasetEntry,
    set: &DetectorSet,
    policy: &Policy,
    as_of: chrono::DateTime<chrono::Utc>,
) {
    let computed_level = d.grade.level;
    let dataset_signed = signed(["", "", ""], e, "").ok();
    let mut unmatched = Vec::new();
    // Dataset-wide drift: the schema changed, or types appeared.
    let mut wide = Vec::new();
    let schema_now = schema_fingerprint(&d.grade.columns);
    if let Some(old) = &e.seen_schema
        && *old != schema_now
    {
        wide.push(Drift {
            what: "schema_changed".into(),
            old: old.clone(),
            new: schema_now.clone(),
        });
    }
    let types_now = types_of(&d.grade.columns);
    wide.extend(new_types(&e.seen_types, &types_now));
    let held = !wide.is_empty();

    // Column verdicts.
    let mut removed = false;
    for c in &e.column {
        let Some((v, who)) = decided(&c.verdict, [&c.reviewer, &c.date, &c.reason], e) else {
            continue;
        };
        let Some(col) = d.grade.columns.iter_mut().find(|x| x.name == c.name) else {
            unmatched.push(format!("column {}", c.name));
            continue;
        };
        let mut drift = Vec::new();
        if held {
            drift.extend(wide.iter().cloned());
        } else {
            drift.extend(new_types(&c.seen_types, &types_of([&*col])));
            let ratio_now = col
                .detections
                .iter()
                .filter(|x| c.type_id.as_ref().is_none_or(|t| *t == x.type_id))
                .map(|x| x.ratio)
                .fold(0.0, f64::max);
            // 5x, or (above a ratio of 0.2, where 5x cannot be reached) 0.3 more.
            if v == Verdict::Reject
                && let Some(old) = c.seen_ratio
                && old > 0.0
                && ratio_now >= (5.0 * old).min(old + 0.3)
            {
                drift.push(Drift {
                    what: "ratio_grown".into(),
                    old: format!("{old}"),
                    new: format!("{ratio_now}"),
                });
            }
        }
        let status = if drift.is_empty() {
            Status::Applied
        } else {
            Status::Drift
        };
        if status == Status::Applied && v == Verdict::Reject {
            let before = col.detections.len();
            col.detections
                .retain(|x| c.type_id.as_ref().is_some_and(|t| *t != x.type_id));
            removed |= col.detections.len() != before;
        }
        // One decision per column in the report: a drifted one stays visible,
        // and an applied rejection outranks an acceptance of another type.
        let keep_previous = col.decision.as_ref().is_some_and(|p| {
            p.status == Status::Drift
                || (p.verdict == Verdict::Reject
                    && status == Status::Applied
                    && v == Verdict::Accept)
        });
        if !keep_previous {
            col.decision = Some(ColumnDecision {
                verdict: v,
                type_id: c.type_id.clone(),
                signed: who,
                status,
                drift,
            });
        }
    }
    if removed {
        let columns = std::mem::take(&mut d.grade.columns);
        let cx = crate::grade::Context {
            as_of,
            catalog: d.grade.catalog.clone(),
            ..crate::grade::Context::new(&d.key, d.rows, d.rows_exact)
        };
        d.grade = grade_columns(set, policy, columns, &cx);
        identify(d);
    }
    let engine_level = d.grade.level;
    let mut level = engine_level;
    let mut reasons = Vec::new();

    // Proposal verdicts.
    for p in &e.proposal {
        let Some((v, who)) = decided(&p.verdict, [&p.reviewer, &p.date, &p.reason], e) else {
            continue;
        };
        let Some(prop) = d.grade.proposals.iter_mut().find(|x| x.id == p.id) else {
            unmatched.push(format!("proposal {}", p.id));
            continue;
        };
        let status = if held { Status::Drift } else { Status::Applied };
        if status == Status::Applied && v == Verdict::Accept {
            level = prop.to;
            reasons.push(format!(
                "proposal {} accepted by {} on {} → {} (seed 001 §5.3)",
                prop.rule, who.reviewer, who.date, prop.to
            ));
        }
        prop.decision = Some(ProposalDecision {
            verdict: v,
            signed: who,
            status,
            drift: if held { wide.clone() } else { vec![] },
        });
    }

    // A pinned level.
    let pinned = e.level.as_deref().and_then(Level::parse);
    if let Some(pin) = pinned {
        // The engine's level rose since the decision and now exceeds the pin.
        let seen = e
            .seen_level
            .as_deref()
            .and_then(Level::parse)
            .unwrap_or(pin);
        if engine_level > pin && engine_level > seen {
            wide.push(Drift {
                what: "pinned_below_computed".into(),
                old: pin.to_string(),
                new: engine_level.to_string(),
            });
        } else if wide.is_empty() {
            level = pin;
            if let Some(who) = &dataset_signed {
                reasons.push(format!(
                    "pinned {pin} by {} on {}: {} (seed 001 §5.3)",
                    who.reviewer,
                    who.date,
                    e.basis.as_deref().unwrap_or_default()
                ));
            }
        }
    }
    let any_decided = pinned.is_some()
        || d.grade.columns.iter().any(|c| c.decision.is_some())
        || d.grade.proposals.iter().any(|p| p.decision.is_some());
    if !any_decided && unmatched.is_empty() {
        return;
    }
    if level != d.grade.level || !reasons.is_empty() {
        d.grade.set_level(policy, level);
        d.grade.level_reason = format!(
            "{}; engine: {} → {engine_level}",
            reasons.join("; "),
            d.grade.level_reason
        );
    }
    let drifted = !wide.is_empty()
        || d.grade.columns.iter().any(|c| {
            c.decision
                .as_ref()
                .is_some_and(|c| c.status == Status::Drift)
        })
        || d.grade.proposals.iter().any(|p| {
            p.decision
                .as_ref()
                .is_some_and(|p| p.status == Status::Drift)
        });
    d.decision = Some(DatasetDecision {
        status: if drifted {
            Status::Drift
        } else {
            Status::Applied
        },
        signed: dataset_signed.unwrap_or_default(),
        level: pinned,
        basis: e.basis.clone(),
        computed_level,
        drift: wide,
        unmatched,
    });
}
