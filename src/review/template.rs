//! `fenji review REPORT.json`: a decisions template for reviewers. Every
//! flagged column and every proposal gets an entry with its evidence summary
//! as comments and the verdict left blank; the figures drift is judged
//! against (`seen_*`) are filled in from the report.

use std::fmt::Write;

use super::{schema_fingerprint, types_of};
use crate::report::Report;

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().map(|s| quoted(&s)).collect();
    format!("[{}]", items.join(", "))
}

/// One comment line: never more than one line of text.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "# {line}");
    }
}

/// The decisions template for a report.
pub fn template(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# fenji decisions: the review of {} (policy {}, scanned {}).",
        report.scan.sources.join(", "),
        report.scan.policy,
        report.scan.started_at
    );
    comment(
        &mut out,
        "Seed 001 §5.3: automatic judgement → review → approval. Fill in a verdict\n\
         (accept or reject) for a column's detection or a proposal, or pin a dataset's\n\
         level with its basis (seed 000 art.19). Every decision needs a reviewer, a date\n\
         (YYYY-MM-DD) and a reason; a column or proposal entry takes its dataset's when\n\
         it leaves them blank. Blank verdicts are not applied. Then scan again with\n\
         --decisions this-file. The seen_* figures are what this report showed: when the\n\
         lake drifts from them, the decision is reported for re-review, not applied.",
    );
    for d in &report.datasets {
        let flagged: Vec<_> = d
            .grade
            .columns
            .iter()
            .filter(|c| !c.detections.is_empty())
            .collect();
        if flagged.is_empty() && d.grade.proposals.is_empty() {
            continue;
        }
        out.push('\n');
        let _ = writeln!(out, "[[dataset]]");
        let _ = writeln!(out, "key = {}", quoted(&d.key));
        let _ = writeln!(
            out,
            "# store = {}   # only this store; any when absent",
            quoted(&d.store)
        );
        comment(
            &mut out,
            &format!(
                "{}: {} {}, share {}, open {}, {} rows\n{}",
                d.uri,
                d.grade.category,
                d.grade.level,
                d.grade.share,
                d.grade.open,
                d.rows,
                d.grade.level_reason
            ),
        );
        let _ = writeln!(out, "reviewer = \"\"\ndate = \"\"\nreason = \"\"");
        let _ = writeln!(
            out,
            "# level = {}   # pin a level; needs basis",
            quoted(&d.grade.level.to_string())
        );
        let _ = writeln!(out, "# basis = \"\"");
        // What the engine saw, before any decision the report already carries.
        let engine_level = d
            .decision
            .as_ref()
            .map_or(d.grade.level, |x| x.computed_level);
        let mut seen = types_of(&d.grade.columns);
        seen.extend(
            d.grade
                .columns
                .iter()
                .filter_map(|c| c.decision.as_ref())
                .filter(|x| x.verdict == super::Verdict::Reject)
                .filter_map(|x| x.type_id.clone()),
        );
        let _ = writeln!(out, "seen_level = {}", quoted(&engine_level.to_string()));
        let _ = writeln!(out, "seen_types = {}", list(seen));
        let _ = writeln!(
            out,
            "seen_schema = {}",
            quoted(&schema_fingerprint(&d.grade.columns))
        );
        for c in flagged {
            for det in &c.detections {
                out.push('\n');
                let _ = writeln!(out, "[[dataset.column]]");
                let _ = writeln!(out, "name = {}", quoted(&c.name));
                let _ = writeln!(out, "type = {}", quoted(&det.type_id));
                comment(
                    &mut out,
                    &format!(
                        "{} ({}): score {}, {} of {} values validated (ratio {}), confidence {}{}\nsignals: {}\nevidence (masked): {}",
                        c.level,
                        c.data_type,
                        c.score,
                        det.validated,
                        c.non_null,
                        det.ratio,
                        det.confidence,
                        if det.masked { ", masked" } else { "" },
                        det.signals.join(", "),
                        det.evidence.join("  ")
                    ),
                );
                let _ = writeln!(out, "verdict = \"\"   # accept | reject");
                let _ = writeln!(out, "seen_ratio = {}", det.ratio);
                let _ = writeln!(out, "seen_types = {}", list(types_of([c])));
            }
        }
        for p in &d.grade.proposals {
            out.push('\n');
            let _ = writeln!(out, "[[dataset.proposal]]");
            let _ = writeln!(out, "id = {}", quoted(&p.id));
            comment(
                &mut out,
                &format!(
                    "{} {}→{} ({}): {}",
                    p.action, p.from, p.to, p.rule, p.reason
                ),
            );
            let _ = writeln!(out, "verdict = \"\"   # accept | reject");
        }
    }
    out
}
