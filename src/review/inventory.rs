//! `fenji inventory`: the approved classification and grading list
//! (政务数据分类分级清单, seed 001 §5.3 e). One row per dataset, and for
//! datasets at L3 or above one row per flagged field. Only rows a reviewer
//! decided (and that did not drift) are marked approved.

use serde::Serialize;

use super::Status;
use crate::grade::Level;
use crate::report::{DatasetReport, Report};

/// The list's column headings, as seed 001's list writes them.
pub const HEADINGS: [&str; 12] = [
    "数据资源名称",
    "数据资源标识",
    "字段名称",
    "分类",
    "分级",
    "共享属性",
    "开放属性",
    "定级依据",
    "审核人",
    "审核日期",
    "审核状态",
    "数据示例",
];

/// One row of the list.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// 数据资源名称: the dataset's URI.
    pub name: String,
    /// 数据资源标识: its canonical key.
    pub key: String,
    /// 字段名称: empty on a dataset's own row.
    pub field: String,
    pub category: String,
    pub level: Level,
    pub share: String,
    pub open: String,
    /// 定级依据: the level's reason with its citation, or the reviewer's basis.
    pub basis: String,
    pub reviewer: String,
    pub date: String,
    /// `approved` (decided, no drift), `drift` (decided, needs re-review) or `pending`.
    pub status: String,
    /// 数据示例: the field's types and masked evidence.
    pub example: String,
}

fn category_zh(c: &str) -> &str {
    match c {
        "personal" => "个人信息",
        "organization" => "法人和其他组织信息",
        _ => "其他",
    }
}

/// Share and open attributes in the documents' words.
fn attribute_zh(s: &str) -> String {
    match s {
        "unconditional" => "无条件".into(),
        "conditional" => "有条件".into(),
        "none" => "不予".into(),
        "conditional_or_none" => "有条件或不予".into(),
        other => other.into(),
    }
}

fn dataset_rows(d: &DatasetReport, out: &mut Vec<Row>) {
    let decision = d.decision.as_ref();
    let (reviewer, date) = decision
        .map(|x| (x.signed.reviewer.clone(), x.signed.date.clone()))
        .unwrap_or_default();
    let status = match decision.map(|x| x.status) {
        Some(Status::Applied) => "approved",
        Some(Status::Drift) => "drift",
        None => "pending",
    };
    let basis = decision
        .and_then(|x| x.basis.clone())
        .unwrap_or_else(|| d.grade.level_reason.clone());
    let share = format!("{}共享", attribute_zh(&d.grade.share));
    let open = format!("{}开放", attribute_zh(&d.grade.open));
    out.push(Row {
        name: d.uri.clone(),
        key: d.key.clone(),
        field: String::new(),
        category: category_zh(&d.grade.category).into(),
        level: d.grade.level,
        share: share.clone(),
        open: open.clone(),
        basis,
        reviewer: reviewer.clone(),
        date: date.clone(),
        status: status.into(),
        example: String::new(),
    });
    if d.grade.level < Level::L3 {
        return;
    }
    for c in d.grade.columns.iter().filter(|c| !c.detections.is_empty()) {
        let (reviewer, date, status) = match &c.decision {
            Some(x) => (
                x.signed.reviewer.clone(),
                x.signed.date.clone(),
                if x.status == Status::Applied {
                    "approved"
                } else {
                    "drift"
                },
            ),
            None => (reviewer.clone(), date.clone(), status),
        };
        let evidence: Vec<&str> = c
            .detections
            .iter()
            .flat_map(|x| x.evidence.iter().take(2))
            .map(String::as_str)
            .collect();
        out.push(Row {
            name: d.uri.clone(),
            key: d.key.clone(),
            field: c.name.clone(),
            category: category_zh(&d.grade.category).into(),
            level: c.level,
            share: share.clone(),
            open: open.clone(),
            basis: c.level_reason.clone().unwrap_or_default(),
            reviewer,
            date,
            status: status.into(),
            example: format!("{} {}", c.types.join("+"), evidence.join(" ")),
        });
    }
}

/// The list's rows, in the report's dataset order.
pub fn rows(report: &Report) -> Vec<Row> {
    let mut out = Vec::new();
    for d in &report.datasets {
        dataset_rows(d, &mut out);
    }
    out
}

fn csv_field(s: &str) -> String {
    // A cell a spreadsheet would run as a formula is written as text.
    let s = &if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs
/// read the Chinese headings right).
pub fn write_csv(rows: &[Row], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    writeln!(out, "{}", HEADINGS.join(","))?;
    for r in rows {
        let level = r.level.to_string();
        let cells = [
            &r.name,
            &r.key,
            &r.field,
            &r.category,
            &level,
            &r.share,
            &r.open,
            &r.basis,
            &r.reviewer,
            &r.date,
            &r.status,
            &r.example,
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}
