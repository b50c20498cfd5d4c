//! aggregation_volume (seed 000 art.13(1)): data about many people, or
//! many enterprises and government bodies, may go up one level.

use serde::Deserialize;

use super::{Graded, Rule, check};
use crate::detect::Subject;
use crate::grade::{Level, Proposal};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// A direct identifier (resident ID, passport, bank card...) over this many rows.
    sensitive_rows: u64,
    /// Any personal data over this many rows.
    personal_rows: u64,
    /// Organization identifiers (USCC, organization code...) over this many rows.
    organization_rows: u64,
}

pub const RULE: Rule = Rule {
    id: "aggregation_volume",
    action: "upgrade +1",
    doc: "Data in large volume: a direct identifier of people (resident ID, passport, permits, bank card) over `sensitive_rows` rows, any personal data over `personal_rows` rows, or identifiers of enterprises and government bodies (USCC, organization code, registration number) over `organization_rows` rows. Totals over every file of a partitioned dataset; masked columns do not count.",
    fixture: "lake/big/renkou_big.parquet",
    near_miss: "lake/people/renkou_jbxx.parquet",
    check: check::<Params>,
    propose,
};

fn propose(g: &Graded<'_>) -> Option<Proposal> {
    if g.level >= Level::L4 {
        return None;
    }
    let p: Params = g.params(RULE.id);
    let about = g.about();
    let rows = g.cx.rows;
    let mut direct: Vec<(String, String)> = Vec::new();
    let mut personal_cols: Vec<String> = Vec::new();
    let mut org: Vec<(String, String)> = Vec::new();
    for c in g.columns {
        for d in c.detections.iter().filter(|d| !d.masked) {
            let Some(def) = g.def(&d.type_id) else {
                continue;
            };
            if def.direct_identifier {
                direct.push((c.name.clone(), def.id.clone()));
            }
            if def.subject == Subject::Personal && !personal_cols.contains(&c.name) {
                personal_cols.push(c.name.clone());
            }
            if def.subject == Subject::Organization && !def.attribute {
                org.push((c.name.clone(), def.id.clone()));
            }
        }
    }
    let fire = |found: &[(String, String)], what: String| {
        let mut types: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        types.dedup();
        let mut cols: Vec<String> = found.iter().map(|(c, _)| c.clone()).collect();
        cols.dedup();
        g.proposal(
            RULE.id,
            true,
            format!("{about}{rows} rows with {} {what}", types.join(", ")),
            cols,
        )
    };
    if !direct.is_empty() && rows >= p.sensitive_rows {
        return Some(fire(&direct, format!(">= {}", p.sensitive_rows)));
    }
    if g.category == "personal" && !personal_cols.is_empty() && rows >= p.personal_rows {
        return Some(g.proposal(
            RULE.id,
            true,
            format!("{about}{rows} rows of personal data >= {}", p.personal_rows),
            personal_cols,
        ));
    }
    if g.category == "organization" && !org.is_empty() && rows >= p.organization_rows {
        return Some(fire(
            &org,
            format!(
                ">= {}: enterprise or government data in volume",
                p.organization_rows
            ),
        ));
    }
    None
}
