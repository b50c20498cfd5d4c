//! desensitized (seed 000 art.25, art.30): every column that sets the
//! level is effectively masked, so the level may come down one.

use serde::Deserialize;

use super::{Graded, Rule, check};
use crate::grade::{ColumnGrade, Level, Proposal, type_level};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Share of a column's validated values that must be masked.
    masked_ratio: f64,
}

pub const RULE: Rule = Rule {
    id: "desensitized",
    action: "downgrade -1 (L4→L3, L3→L2)",
    doc: "Every column that sets the dataset's level is effectively masked: at least `masked_ratio` of its validated values look like 110105********002X, 138****5678, 张*.",
    fixture: "lake/masked/renkou_jbxx_masked.parquet",
    near_miss: "lake/people/renkou_jbxx.parquet",
    check: check::<Params>,
    propose,
};

fn propose(g: &Graded<'_>) -> Option<Proposal> {
    let level = g.level;
    if level < Level::L3 {
        return None;
    }
    let p: Params = g.params(RULE.id);
    let top: Vec<&ColumnGrade> = g.columns.iter().filter(|c| c.level == level).collect();
    if top.is_empty() {
        return None;
    }
    let all_masked = top.iter().all(|c| {
        c.detections.iter().all(|d| {
            let l = type_level(g.set, g.policy, &d.type_id, g.category);
            let masked =
                d.validated > 0 && d.masked_values as f64 / d.validated as f64 >= p.masked_ratio;
            l < level || masked
        })
    });
    if !all_masked {
        return None;
    }
    let names: Vec<String> = top.iter().map(|c| c.name.clone()).collect();
    Some(g.proposal(
        RULE.id,
        false,
        format!(
            "every {level} column is masked ({}): effective desensitization allows {level}→{}",
            names.join(", "),
            level.down()
        ),
        names,
    ))
}
