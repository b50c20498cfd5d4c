//! key_entity (seed 000 art.13(2)): data of key enterprises or critical
//! infrastructure operators may go up one level. The list is the profile's
//! (USCCs matched against the values seen, path globs on the dataset key)
//! or the catalogue's key-entity flag.

use serde::Deserialize;

use super::{Graded, Rule, check};
use crate::grade::{Level, Proposal};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// USCCs of key enterprises and critical infrastructure operators.
    #[serde(default)]
    pub usccs: Vec<String>,
    /// Path globs of datasets about them.
    #[serde(default)]
    paths: Vec<String>,
}

pub const RULE: Rule = Rule {
    id: "key_entity",
    action: "upgrade +1",
    doc: "The dataset concerns a key enterprise or critical infrastructure operator: a USCC on the profile's `usccs` list among the values seen (they stay masked in the report), a dataset key matching one of `paths`, or the catalogue's key-entity flag.",
    fixture: "rules/key_entity/fires/zhongdian_qiye.csv",
    near_miss: "rules/key_entity/near_miss/putong_qiye.csv",
    check: check::<Params>,
    propose,
};

/// The USCCs the scan should watch for under `policy`.
pub fn watched_usccs(policy: &crate::grade::Policy) -> Vec<String> {
    policy.rule_params::<Params>(RULE.id).usccs
}

fn propose(g: &Graded<'_>) -> Option<Proposal> {
    if g.level >= Level::L4 {
        return None;
    }
    let p: Params = g.params(RULE.id);
    let seen: Vec<(&str, u64)> = g
        .columns
        .iter()
        .flat_map(|c| {
            c.detections
                .iter()
                .filter(|d| d.key_entity_values > 0)
                .map(move |d| (c.name.as_str(), d.key_entity_values))
        })
        .collect();
    if !seen.is_empty() {
        let n: u64 = seen.iter().map(|s| s.1).sum();
        let cols: Vec<String> = seen.iter().map(|s| s.0.to_string()).collect();
        return Some(g.proposal(
            RULE.id,
            true,
            format!(
                "{n} values of {} are USCCs on the profile's key-entity list",
                cols.join(", ")
            ),
            cols,
        ));
    }
    if let Some(glob) = p
        .paths
        .iter()
        .find(|glob| crate::grade::catalog::glob_matches(glob, &g.cx.key))
    {
        return Some(g.proposal(
            RULE.id,
            true,
            format!("the dataset matches the profile's key-entity path {glob}"),
            vec![],
        ));
    }
    let entry = g.cx.catalog.as_ref().filter(|e| e.key_entity)?;
    Some(g.proposal(
        RULE.id,
        true,
        format!(
            "the catalogue marks the dataset as a key entity's ({})",
            entry.path
        ),
        vec![],
    ))
}
