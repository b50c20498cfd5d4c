//! Proposal rules: what a data authority should consider changing about a
//! dataset's level (seed 000 art.13, art.25). A registry, the way ruff
//! registers lint rules: each rule has an id, an action, a description, a
//! fixture in the corpus (and a near-miss twin it stays silent on), and
//! reads its citation and parameters from the policy profile. Proposals are
//! never applied by the engine (seed 001 §5.3).

mod desensitized;
mod key_entity;
mod sensitive;
mod time;
pub(super) mod tracks;
mod volume;

use serde::de::DeserializeOwned;

pub use key_entity::watched_usccs;

use super::{ColumnGrade, Context, Level, Policy, Proposal};
use crate::detect::DetectorSet;

/// Facts about a graded dataset that the rules read.
pub struct Graded<'a> {
    pub set: &'a DetectorSet,
    pub policy: &'a Policy,
    pub columns: &'a [ColumnGrade],
    pub category: &'a str,
    pub level: Level,
    pub cx: &'a Context,
}

/// One proposal rule.
pub struct Rule {
    pub id: &'static str,
    /// `upgrade +1` or `downgrade -1`.
    pub action: &'static str,
    /// What triggers it, with the profile parameters it reads.
    pub doc: &'static str,
    /// The corpus dataset it fires on (`corpus/rules/...`).
    pub fixture: &'static str,
    /// Its near-miss twin, on which it stays silent.
    pub near_miss: &'static str,
    /// Do the profile's parameters for it parse?
    pub check: fn(&toml::Table) -> Result<(), String>,
    pub propose: fn(&Graded<'_>) -> Option<Proposal>,
}

/// Parse a rule's parameters (and its `cite`) from a profile table.
fn check<P: DeserializeOwned>(t: &toml::Table) -> Result<(), String> {
    let mut t = t.clone();
    t.remove("cite");
    t.try_into::<P>().map(|_| ()).map_err(|e| e.to_string())
}

/// Every rule, in the order proposals are made.
pub const REGISTRY: &[Rule] = &[
    desensitized::RULE,
    volume::RULE,
    key_entity::RULE,
    time::HISTORICAL,
    time::REALTIME,
    tracks::RULE,
    sensitive::RULE,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().find(|r| r.id == id)
}

/// Every rule's proposal for the dataset, in registry order.
pub(super) fn propose(g: &Graded<'_>) -> Vec<Proposal> {
    REGISTRY.iter().filter_map(|r| (r.propose)(g)).collect()
}

impl Graded<'_> {
    /// The rule's parameters under this profile.
    fn params<T: DeserializeOwned + Default>(&self, rule: &str) -> T {
        self.policy.rule_params(rule)
    }

    /// A proposal of `rule`, with the profile's citation after the reason.
    fn proposal(
        &self,
        rule: &str,
        upgrade: bool,
        reason: String,
        columns: Vec<String>,
    ) -> Proposal {
        let from = self.level;
        Proposal {
            id: String::new(),
            action: if upgrade { "upgrade" } else { "downgrade" }.into(),
            from,
            to: if upgrade { from.up() } else { from.down() },
            rule: rule.into(),
            reason: format!("{reason} ({})", self.policy.rule_cite(rule)),
            columns,
            decision: None,
        }
    }

    fn def(&self, type_id: &str) -> Option<&crate::detect::DetectorDef> {
        self.set
            .index_of(type_id)
            .map(|i| &self.set.detectors[i].def)
    }

    /// "about " when the row count is an estimate.
    fn about(&self) -> &'static str {
        if self.cx.rows_exact { "" } else { "about " }
    }
}

/// `fenji explain RULE`: what the rule checks, with its citation and
/// parameters under `policy`.
pub fn explain(rule: &Rule, policy: &Policy) -> String {
    let mut out = format!(
        "{} — proposal rule, {} ({} under {})\n{}\n",
        rule.id,
        rule.action,
        policy.rule_cite(rule.id),
        policy.id,
        rule.doc
    );
    if let Some(t) = policy.rules.get(rule.id) {
        let params: Vec<String> = t
            .iter()
            .filter(|(k, _)| *k != "cite")
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        if !params.is_empty() {
            out.push_str(&format!("parameters: {}\n", params.join(", ")));
        }
    }
    out.push_str(&format!(
        "fixture:    corpus/{} (fires), corpus/{} (near miss, silent)\n",
        rule.fixture, rule.near_miss
    ));
    out.push_str("Proposals are never applied: a data authority reviews them (seed 001 §5.3).\n");
    out
}
