//! `--format html`: one self-contained page for reviewers (inline CSS and JS,
//! no network): datasets grouped by level with counts, a sortable and
//! filterable table, and per dataset its category, share and open, the level
//! reason with its citation, flagged columns with masked evidence, proposals,
//! and decisions with drift highlighted. Evidence is already masked.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{DatasetReport, Report};
use crate::grade::Level;
use crate::review::Status;

/// Escape text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --l1:#5b8c5a; --l2:#3a7ca5; --l3:#d08c1f; --l4:#c0392b; --drift:#fde2e1; --ok:#e3f4e1; }
body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
  margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
.meta { color: #555; font-size: .85rem; }
.cards { display: flex; gap: .8rem; margin: 1rem 0; flex-wrap: wrap; }
.card { border-radius: 6px; padding: .5rem 1rem; color: #fff; min-width: 5rem; }
.card b { display: block; font-size: 1.4rem; }
.L1 { background: var(--l1); } .L2 { background: var(--l2); } .L3 { background: var(--l3); } .L4 { background: var(--l4); }
.card.other { background: #666; }
.badge { color: #fff; border-radius: 4px; padding: 0 .4rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .85rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .4rem; text-align: left; vertical-align: top; }
th.sortable { cursor: pointer; user-select: none; background: #f3f3f3; }
th.sortable::after { content: " ↕"; color: #999; }
tr.drift, article.drift { background: var(--drift); }
tr.decided, article.decided { background: var(--ok); }
code, .ev { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; }
.ev { color: #444; }
article { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; margin: 1rem 0; }
article h3 { margin: .2rem 0 .4rem; font-size: 1rem; word-break: break-all; }
.reason { color: #333; }
.decision { font-weight: 600; }
.controls { margin: .5rem 0; display: flex; gap: .5rem; }
.controls input { flex: 1; padding: .3rem; }
"#;

const SCRIPT: &str = r#"
function cellValue(row, i) {
  const c = row.cells[i];
  return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim();
}
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th.sortable').forEach(function (th) {
    th.addEventListener('click', function () {
      const i = th.cellIndex;
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      const asc = th.dataset.dir !== 'asc';
      th.dataset.dir = asc ? 'asc' : 'desc';
      rows.sort(function (a, b) {
        const x = cellValue(a, i), y = cellValue(b, i);
        const nx = parseFloat(x), ny = parseFloat(y);
        const r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
function applyFilter() {
  const text = document.getElementById('filter').value.toLowerCase();
  const level = document.getElementById('level').value;
  document.querySelectorAll('tr.dataset').forEach(function (row) {
    const show = (!text || row.textContent.toLowerCase().includes(text)) &&
      (!level || row.dataset.level === level);
    row.style.display = show ? '' : 'none';
  });
}
document.getElementById('filter').addEventListener('input', applyFilter);
document.getElementById('level').addEventListener('change', applyFilter);
"#;

fn level_badge(level: Level) -> String {
    format!("<span class=\"badge {level}\">{level}</span>")
}

fn row_class(d: &DatasetReport) -> &'static str {
    match d.decision.as_ref().map(|x| x.status) {
        Some(Status::Drift) => "drift",
        Some(Status::Applied) => "decided",
        None => "",
    }
}

fn decision_text(d: &DatasetReport) -> String {
    d.decision
        .as_ref()
        .map(|x| x.describe())
        .unwrap_or_default()
}

fn dataset_row(out: &mut String, i: usize, d: &DatasetReport) {
    let flagged: Vec<String> = d
        .grade
        .columns
        .iter()
        .filter(|c| !c.types.is_empty())
        .map(|c| format!("{}: {}", c.name, c.types.join("+")))
        .collect();
    let proposals: Vec<String> = d
        .grade
        .proposals
        .iter()
        .map(|p| format!("{} {}→{}", p.rule, p.from, p.to))
        .collect();
    let _ = writeln!(
        out,
        "<tr class=\"dataset {}\" data-level=\"{}\" data-uri=\"{}\"><td data-sort=\"{}\">{}</td><td><a href=\"#ds-{i}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td data-sort=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"decision\">{}</td></tr>",
        row_class(d),
        d.grade.level,
        esc(&d.uri),
        d.grade.level as u8,
        level_badge(d.grade.level),
        esc(&d.uri),
        esc(&d.grade.category),
        esc(&d.grade.share),
        esc(&d.grade.open),
        d.rows,
        d.rows,
        esc(&flagged.join(", ")),
        esc(&proposals.join(", ")),
        esc(&decision_text(d)),
    );
}

fn dataset_article(out: &mut String, i: usize, d: &DatasetReport) {
    let _ = writeln!(
        out,
        "<article id=\"ds-{i}\" class=\"{}\"><h3>{} {}</h3>",
        row_class(d),
        level_badge(d.grade.level),
        esc(&d.uri)
    );
    let _ = writeln!(
        out,
        "<p>key <code>{}</code> · {}{} · {} · share <b>{}</b> · open <b>{}</b> · {} rows{}</p>",
        esc(&d.key),
        if d.sheet.as_ref().is_some_and(|s| s.hidden) {
            "hidden sheet · "
        } else {
            ""
        },
        esc(&d.format),
        esc(&d.grade.category),
        esc(&d.grade.share),
        esc(&d.grade.open),
        d.rows,
        if d.rows_exact { "" } else { " (estimated)" }
    );
    let _ = writeln!(
        out,
        "<p class=\"reason\">{}</p>",
        esc(&d.grade.level_reason)
    );
    if let Some(x) = &d.decision {
        let _ = writeln!(
            out,
            "<p class=\"decision\">{}: {}{}</p>",
            esc(&decision_text(d)),
            esc(&x.signed.reason),
            x.basis
                .as_deref()
                .map(|b| format!(" (basis: {})", esc(b)))
                .unwrap_or_default()
        );
        for drift in &x.drift {
            let _ = writeln!(
                out,
                "<p class=\"decision\">drift {}: was {}, now {}</p>",
                esc(&drift.what),
                esc(&drift.old),
                esc(&drift.new)
            );
        }
        if !x.unmatched.is_empty() {
            let _ = writeln!(
                out,
                "<p>decisions that matched nothing: {}</p>",
                esc(&x.unmatched.join(", "))
            );
        }
    }
    let flagged: Vec<_> = d
        .grade
        .columns
        .iter()
        .filter(|c| !c.detections.is_empty() || c.decision.is_some())
        .collect();
    if !flagged.is_empty() {
        out.push_str("<table class=\"sortable\"><thead><tr><th class=\"sortable\">column</th><th class=\"sortable\">level</th><th class=\"sortable\">score</th><th>type</th><th class=\"sortable\">confidence</th><th>validated</th><th>signals</th><th>evidence (masked)</th><th>decision</th></tr></thead><tbody>\n");
        for c in flagged {
            let decision = c.decision.as_ref().map(|x| {
                let mut s = format!(
                    "{:?} {} by {} on {}: {}",
                    x.verdict,
                    x.type_id.as_deref().unwrap_or("all types"),
                    x.signed.reviewer,
                    x.signed.date,
                    x.signed.reason
                )
                .to_lowercase();
                for drift in &x.drift {
                    let _ = write!(s, "; DRIFT {}: {} → {}", drift.what, drift.old, drift.new);
                }
                (s, x.status)
            });
            let class = match decision.as_ref().map(|d| d.1) {
                Some(Status::Drift) => "drift",
                Some(Status::Applied) => "decided",
                None => "",
            };
            let decision = decision.map(|d| d.0).unwrap_or_default();
            if c.detections.is_empty() {
                let _ = writeln!(
                    out,
                    "<tr class=\"{class}\"><td>{}</td><td>{}</td><td>{}</td><td></td><td></td><td></td><td></td><td></td><td>{}</td></tr>",
                    esc(&c.name),
                    c.level,
                    c.score,
                    esc(&decision)
                );
            }
            for det in &c.detections {
                let _ = writeln!(
                    out,
                    "<tr class=\"{class}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {} ({})</td><td>{}</td><td class=\"ev\">{}</td><td>{}</td></tr>",
                    esc(&c.name),
                    c.level,
                    c.score,
                    esc(&det.type_id),
                    det.confidence,
                    det.validated,
                    c.non_null,
                    det.ratio,
                    esc(&det.signals.join(", ")),
                    esc(&det.evidence.join("  ")),
                    esc(&decision)
                );
            }
        }
        out.push_str("</tbody></table>\n");
    }
    if !d.grade.proposals.is_empty() {
        out.push_str("<table><thead><tr><th>proposal</th><th>rule</th><th>action</th><th>reason</th><th>decision</th></tr></thead><tbody>\n");
        for p in &d.grade.proposals {
            let (class, decision) = match &p.decision {
                Some(x) => (
                    if x.status == Status::Drift {
                        "drift"
                    } else {
                        "decided"
                    },
                    format!(
                        "{:?} by {} on {}: {}{}",
                        x.verdict,
                        x.signed.reviewer,
                        x.signed.date,
                        x.signed.reason,
                        if x.status == Status::Drift {
                            " (DRIFT: re-review)"
                        } else {
                            ""
                        }
                    ),
                ),
                None => ("", String::new()),
            };
            let _ = writeln!(
                out,
                "<tr class=\"{class}\"><td><code>{}</code></td><td>{}</td><td>{} {}→{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.id),
                esc(&p.rule),
                esc(&p.action),
                p.from,
                p.to,
                esc(&p.reason),
                esc(&decision)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</article>\n");
}

/// A headed list of URIs and what was said of each; nothing when empty.
fn uri_list<'a>(
    page: &mut String,
    title: &str,
    items: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let items: Vec<_> = items.collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(page, "<h2>{title}</h2><ul>");
    for (uri, what) in items {
        let _ = writeln!(page, "<li><code>{}</code>: {}</li>", esc(uri), esc(what));
    }
    page.push_str("</ul>\n");
}

/// Write the page.
pub fn write_html(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut page = String::new();
    let s = &report.summary;
    let _ = writeln!(
        page,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>fenji 分级 report: {}</title>\n<style>{STYLE}</style></head><body>",
        esc(&report.scan.sources.join(", "))
    );
    let _ = writeln!(
        page,
        "<h1>fenji 数据分类分级报告</h1><p class=\"meta\">sources {} · policy {} · {} scan · {} – {} · {} of {} bytes read</p>",
        esc(&report.scan.sources.join(", ")),
        esc(&report.scan.policy),
        esc(&report.scan.sample.mode),
        esc(&report.scan.started_at),
        esc(&report.scan.finished_at),
        report.scan.io.bytes_read,
        report.scan.io.bytes_total
    );
    page.push_str("<div class=\"cards\">");
    for level in [Level::L4, Level::L3, Level::L2, Level::L1] {
        let n = s.by_level.get(&level).copied().unwrap_or(0);
        let _ = write!(
            page,
            "<div class=\"card {level}\" id=\"count-{level}\"><b>{n}</b>{level} datasets</div>"
        );
    }
    let _ = writeln!(
        page,
        "<div class=\"card other\"><b>{}</b>proposals</div><div class=\"card other\"><b>{}</b>decided</div><div class=\"card other\" id=\"count-drift\"><b>{}</b>drift</div><div class=\"card other\"><b>{}</b>errors</div></div>",
        s.proposals, s.decided, s.drift, s.errors
    );
    page.push_str("<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"filter datasets, columns, types…\"><select id=\"level\"><option value=\"\">all levels</option><option>L4</option><option>L3</option><option>L2</option><option>L1</option></select></div>\n");
    // Datasets grouped by level, highest first.
    let order: Vec<usize> = {
        let mut o: Vec<usize> = (0..report.datasets.len()).collect();
        o.sort_by(|&a, &b| {
            let (x, y) = (&report.datasets[a], &report.datasets[b]);
            y.grade.level.cmp(&x.grade.level).then(x.uri.cmp(&y.uri))
        });
        o
    };
    for level in [Level::L4, Level::L3, Level::L2, Level::L1] {
        let members: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| report.datasets[i].grade.level == level)
            .collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(
            page,
            "<h2 id=\"level-{level}\">{} {} datasets</h2>",
            level_badge(level),
            members.len()
        );
        page.push_str("<table class=\"sortable datasets\"><thead><tr><th class=\"sortable\">level</th><th class=\"sortable\">dataset</th><th class=\"sortable\">category</th><th class=\"sortable\">share</th><th class=\"sortable\">open</th><th class=\"sortable\">rows</th><th>flagged columns</th><th>proposals</th><th class=\"sortable\">decision</th></tr></thead><tbody>\n");
        for i in members {
            dataset_row(&mut page, i, &report.datasets[i]);
        }
        page.push_str("</tbody></table>\n");
    }
    page.push_str("<h2>Datasets</h2>\n");
    for &i in &order {
        dataset_article(&mut page, i, &report.datasets[i]);
    }
    let errors = report.errors.iter().map(|e| (&e.uri, &e.error));
    uri_list(&mut page, "Errors", errors);
    let skipped = report.skipped.iter().map(|e| (&e.uri, &e.reason));
    uri_list(&mut page, "Skipped", skipped);
    let _ = writeln!(page, "<script>{SCRIPT}</script></body></html>");
    out.write_all(page.as_bytes())
}
