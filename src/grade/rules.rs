//! Proposal rules: what a data authority should consider changing about a
//! dataset's level. Each rule has an id, an action and a citation
//! ([`super::RULES`]); thresholds live in the policy profile. Proposals are
//! never applied by the engine (seed 001 §5.3).

use super::{ColumnGrade, Level, Policy, Proposal};
use crate::detect::{DetectorSet, Subject};

/// Facts about a graded dataset that the rules read.
pub(super) struct Graded<'a> {
    pub set: &'a DetectorSet,
    pub policy: &'a Policy,
    pub columns: &'a [ColumnGrade],
    pub category: &'a str,
    pub level: Level,
    pub rows: u64,
    pub rows_exact: bool,
}

/// Every rule's proposal for the dataset, in rule order.
pub(super) fn propose(g: &Graded<'_>) -> Vec<Proposal> {
    let mut out = Vec::new();
    out.extend(desensitized(g));
    out.extend(aggregation_volume(g));
    out
}

fn proposal(
    rule: &str,
    from: Level,
    upgrade: bool,
    reason: String,
    columns: Vec<String>,
) -> Proposal {
    Proposal {
        id: String::new(),
        action: if upgrade { "upgrade" } else { "downgrade" }.into(),
        from,
        to: if upgrade { from.up() } else { from.down() },
        rule: rule.into(),
        reason,
        columns,
        decision: None,
    }
}

/// desensitized (seed 000 art.25): every column that sets the level is masked.
fn desensitized(g: &Graded<'_>) -> Option<Proposal> {
    let level = g.level;
    if level < Level::L3 {
        return None;
    }
    let top: Vec<&ColumnGrade> = g.columns.iter().filter(|c| c.level == level).collect();
    let all_masked = top.iter().all(|c| {
        c.detections.iter().all(|d| {
            let l = super::type_level(g.set, g.policy, &d.type_id, g.category);
            let masked = d.validated > 0
                && d.masked_values as f64 / d.validated as f64
                    >= g.policy.desensitized.masked_ratio;
            l < level || masked
        })
    });
    if !all_masked {
        return None;
    }
    let names: Vec<String> = top.iter().map(|c| c.name.clone()).collect();
    Some(proposal(
        "desensitized",
        level,
        false,
        format!(
            "every {level} column is masked ({}): effective desensitization allows {level}→{} (seed 000 art.25)",
            names.join(", "),
            level.down()
        ),
        names,
    ))
}

/// aggregation_volume (seed 000 art.13(1)): identifiers of people in large volume.
fn aggregation_volume(g: &Graded<'_>) -> Option<Proposal> {
    if g.level >= Level::L4 {
        return None;
    }
    let volume = &g.policy.aggregation_volume;
    let about = if g.rows_exact { "" } else { "about " };
    let rows = g.rows;
    let mut direct: Vec<(String, String)> = Vec::new();
    let mut personal_cols: Vec<String> = Vec::new();
    for c in g.columns {
        for d in c.detections.iter().filter(|d| !d.masked) {
            let Some(def) = g.set.index_of(&d.type_id).map(|i| &g.set.detectors[i].def) else {
                continue;
            };
            if def.direct_identifier {
                direct.push((c.name.clone(), def.id.clone()));
            }
            if def.subject == Subject::Personal && !personal_cols.contains(&c.name) {
                personal_cols.push(c.name.clone());
            }
        }
    }
    if !direct.is_empty() && rows >= volume.sensitive_rows {
        let types: Vec<&str> = direct.iter().map(|(_, t)| t.as_str()).collect();
        let mut cols: Vec<String> = direct.iter().map(|(c, _)| c.clone()).collect();
        cols.dedup();
        return Some(proposal(
            "aggregation_volume",
            g.level,
            true,
            format!(
                "{about}{rows} rows with {} >= {} (seed 000 art.13(1))",
                types.join(", "),
                volume.sensitive_rows
            ),
            cols,
        ));
    }
    (g.category == "personal" && !personal_cols.is_empty() && rows >= volume.personal_rows).then(
        || {
            proposal(
                "aggregation_volume",
                g.level,
                true,
                format!(
                    "{about}{rows} rows of personal data >= {} (seed 000 art.13(1))",
                    volume.personal_rows
                ),
                personal_cols,
            )
        },
    )
}
