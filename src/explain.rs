//! What `fenji explain` and `fenji policies` print: a detector type or a
//! proposal rule with its citation, and the built-in policy profiles.

use crate::detect::{DetectorSet, mask};
use crate::grade::{Level, Policy, policy, rules};

/// What a detector type or a proposal rule checks, with its citation under
/// `policy`; `None` when `id` is neither.
pub fn explain(id: &str, set: &DetectorSet, policy: &Policy) -> Option<String> {
    if let Some(d) = set.detectors.iter().find(|d| d.def.id == id) {
        let def = &d.def;
        let mut out = format!("{} — {}\n{}\n", def.id, def.title, def.description);
        if !def.standard.is_empty() {
            out.push_str(&format!("standard:  {}\n", def.standard));
        }
        out.push_str(&format!(
            "validator: {} (signals: {})\n",
            def.validator,
            d.validator.signals.join(", ")
        ));
        let level = crate::grade::type_level(set, policy, id, "personal");
        let in_org = policy.level(id, "organization", level).0;
        out.push_str(&format!(
            "level:     {level} under {} ({}){}\n",
            policy.id,
            policy.levels_cite,
            if in_org != level {
                format!(
                    "; {in_org} in an organization's dataset ({})",
                    policy.context_cite
                )
            } else {
                String::new()
            }
        ));
        if let Some(s) = &def.sensitive {
            out.push_str(&format!(
                "sensitive: {s} (sensitive personal information; {})\n",
                policy.rule_cite("sensitive_personal")
            ));
        }
        out.push_str(&format!(
            "accept:    validated ratio lower bound >= {} ({} with a name hint)\n",
            def.min_ratio, def.hint_min_ratio
        ));
        if let Some(c) = def.text_chance {
            out.push_str(&format!(
                "in text:   share of rows with a hit beats {c}, the rate text without the type reaches (G test, p = 0.001)\n"
            ));
        }
        out.push_str(&format!("hints:     {}\n", def.hints.join(", ")));
        if let Some(e) = def.examples.positive.first() {
            out.push_str(&format!("example:   {}\n", mask::mask(e.trim())));
        }
        return Some(out);
    }
    rules::find(id).map(|r| rules::explain(r, policy))
}

/// The built-in profiles: id, document, level names, share and open classes.
pub fn policies(set: &DetectorSet) -> Result<String, policy::PolicyError> {
    let mut out = String::new();
    for p in policy::builtin(set)? {
        out.push_str(&format!(
            "{}{}\n  {} (seed {}; {})\n",
            p.id,
            if p.id == policy::DEFAULT_POLICY {
                " (default)"
            } else {
                ""
            },
            p.title,
            p.seed,
            p.source
        ));
        for level in [Level::L1, Level::L2, Level::L3, Level::L4] {
            let (share, open) = (p.share.of(level), p.open.of(level));
            let share = format!("{} ({})", share.name, share.id);
            let open = format!("{} ({})", open.name, open.id);
            out.push_str(&format!(
                "  {level} {:<16} share {share:<24} open {open}\n",
                p.level_names.of(level),
            ));
        }
        out.push_str(&format!(
            "  levels: {}; share: {}; open: {}\n",
            p.level_names.cite, p.share.cite, p.open.cite
        ));
    }
    Ok(out)
}
