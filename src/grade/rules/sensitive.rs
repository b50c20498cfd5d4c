//! sensitive_personal (PIPL art.28, GB/T 45574-2025): columns holding
//! sensitive personal information (minors under 14, health, financial
//! accounts, whereabouts, religious belief, ethnicity) may take the dataset
//! up one level; each such column carries a `sensitive_personal` flag.

use serde::Deserialize;

use super::{Graded, Rule, check};
use crate::grade::{Level, Proposal};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Resident IDs of people younger than this at scan time are minors'
    /// (read when grading notes the evidence, `fields::note_evidence`).
    #[serde(default)]
    #[allow(dead_code)]
    minor_age: u32,
}

pub const RULE: Rule = Rule {
    id: "sensitive_personal",
    action: "upgrade +1",
    doc: "Sensitive personal information: resident IDs of people under `minor_age` at scan time, health (diagnoses, ICD-10 codes), financial accounts (bank cards), whereabouts (precise tracks), religious belief, ethnicity. Masked columns do not count.",
    fixture: "rules/sensitive_personal/fires/ertong_jiuzhen.parquet",
    near_miss: "rules/sensitive_personal/near_miss/chengren_dengji.parquet",
    check: check::<Params>,
    propose,
};

fn propose(g: &Graded<'_>) -> Option<Proposal> {
    if g.level >= Level::L4 {
        return None;
    }
    let flagged: Vec<(&str, &[String])> = g
        .columns
        .iter()
        .filter(|c| !c.sensitive_personal.is_empty())
        .map(|c| (c.name.as_str(), &c.sensitive_personal[..]))
        .collect();
    if flagged.is_empty() {
        return None;
    }
    let what: Vec<String> = flagged
        .iter()
        .map(|(c, kinds)| format!("{c} ({})", kinds.join(", ")))
        .collect();
    Some(g.proposal(
        RULE.id,
        true,
        format!("sensitive personal information: {}", what.join("; ")),
        flagged.iter().map(|(c, _)| c.to_string()).collect(),
    ))
}
