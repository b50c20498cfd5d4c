//! Scanning a spreadsheet: the workbook is fetched whole and read with
//! calamine ([`sample::sheet`]); each non-empty sheet is graded as a dataset
//! (`book.xlsx#sheet`), and the workbook as one more, at its highest sheet's
//! level (seed 000 art.12).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, StringArray};
use object_store::ObjectStoreExt;

use crate::detect::aggregate::DetectAccumulator;
use crate::detect::{ColumnEvidence, DetectorSet};
use crate::grade::{self, ColumnInput, DatasetGrade, Grading, Policy};
use crate::report::{
    DatasetReport, ObjectInfo, SampleInfoOut, SheetInfo, SheetSummary, SkippedEntry,
};
use crate::sample::{SampleConfig, SampleInfo, sheet};
use crate::source::{Dataset, SourceError};

/// The most of a workbook fetched: it is read whole, in memory.
const MAX_WORKBOOK: u64 = 512 << 20;

/// What scanning one workbook gave: its reports (sheets, then the workbook),
/// sheets with nothing in them, and failures.
pub(crate) struct Scanned {
    pub reports: Vec<DatasetReport>,
    pub skipped: Vec<SkippedEntry>,
    pub errors: Vec<SourceError>,
}

impl Scanned {
    /// Rows sampled over the sheets.
    pub fn rows_read(&self) -> u64 {
        self.reports
            .iter()
            .filter(|r| r.sheet.is_some())
            .map(|r| r.sample.rows_read)
            .sum()
    }
}

fn failed(uri: &str, message: impl ToString) -> Scanned {
    Scanned {
        reports: vec![],
        skipped: vec![],
        errors: vec![SourceError::new(uri, message)],
    }
}

/// The file extension that names the workbook's format (`xlsx`, `xls`, ...).
fn extension(uri: &str) -> String {
    uri.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

pub(crate) async fn scan_workbook(
    ds: &Dataset,
    sample: SampleConfig,
    set: &Arc<DetectorSet>,
    policy: &Arc<Grading>,
) -> (Scanned, u64) {
    let store = crate::store_name(&ds.source.store_url);
    let Some(file) = ds.files.first() else {
        return (failed(&ds.uri, "no file"), 0);
    };
    let uri = file.uri.clone();
    if file.meta.size > MAX_WORKBOOK {
        let m = format!(
            "workbook of {} MiB is over the {} MiB fenji reads whole",
            file.meta.size >> 20,
            MAX_WORKBOOK >> 20
        );
        return (failed(&uri, m), 0);
    }
    let bytes = match ds.source.store.get(&file.meta.location).await {
        Ok(r) => match r.bytes().await {
            Ok(b) => b,
            Err(e) => return (failed(&uri, crate::source::first_line(&e.to_string())), 0),
        },
        Err(e) => return (failed(&uri, crate::source::first_line(&e.to_string())), 0),
    };
    let fetched = bytes.len() as u64;
    let ext = extension(&uri);
    let limit = (!sample.full).then_some(sample.rows_per_file);
    let (set2, policy2) = (set.clone(), policy.clone());
    let (ds_uri, key) = (ds.uri.clone(), ds.key.clone());
    let object = ObjectInfo::of(file);
    let graded = tokio::task::spawn_blocking(move || {
        let book = sheet::read(&bytes, &ext, limit)?;
        Ok::<_, String>(grade_book(
            &book, &set2, &policy2, &ds_uri, &key, &store, &ext, limit, object,
        ))
    })
    .await;
    let scanned = match graded {
        Ok(Ok(s)) => s,
        Ok(Err(message)) => failed(&uri, message),
        Err(e) => failed(&uri, format!("reading the workbook failed: {e}")),
    };
    (scanned, fetched)
}

/// The workbook's level, category and sheet list from its sheets' grades:
/// again after decisions changed a sheet's level.
pub(crate) fn refresh(reports: &mut [DatasetReport], policy: &Policy) {
    let Some(b) = reports.iter().position(|r| r.sheets.is_some()) else {
        return;
    };
    let sheets: Vec<(String, grade::Level, String, String)> = reports
        .iter()
        .filter_map(|r| {
            let s = r.sheet.as_ref()?;
            Some((
                s.name.clone(),
                r.grade.level,
                r.grade.category.clone(),
                r.grade.level_reason.clone(),
            ))
        })
        .collect();
    for s in reports[b].sheets.iter_mut().flatten() {
        if let Some((_, level, _, _)) = sheets.iter().find(|(n, ..)| *n == s.name) {
            s.level = *level;
        }
    }
    // The first sheet at the highest level sets the workbook's.
    let level = sheets.iter().map(|s| s.1).max().unwrap_or(grade::Level::L1);
    let top = sheets.iter().find(|s| s.1 == level);
    // The names, classes and catalogue entry of the sheet that sets the level.
    let top_grade = reports
        .iter()
        .filter(|r| r.sheet.is_some())
        .find(|r| r.grade.level == level)
        .map(|r| r.grade.clone());
    let book = &mut reports[b];
    match top_grade {
        Some(g) => {
            book.grade.level = g.level;
            book.grade.level_name = g.level_name;
            book.grade.share = g.share;
            book.grade.share_name = g.share_name;
            book.grade.open = g.open;
            book.grade.open_name = g.open_name;
            book.grade.share_type = g.share_type;
            book.grade.catalog = g.catalog;
        }
        None => {
            // No sheet: the level's names and classes.
            book.grade.share_type = "unknown".into();
            book.grade.level = grade::Level::L4;
            book.grade.set_level(policy, level);
        }
    }
    book.grade.category = top.map_or("other".into(), |t| t.2.clone());
    book.grade.level_reason = match top {
        Some((name, l, _, reason)) if *l > grade::Level::L1 => {
            format!("sheet {name}: {reason}; highest sheet level (seed 000 art.12)")
        }
        _ => "no personal or organizational identifiers in any sheet → L1 (seed 001 §5.2.1, appendix B)".into(),
    };
}

#[allow(clippy::too_many_arguments)]
fn grade_book(
    book: &sheet::Workbook,
    set: &Arc<DetectorSet>,
    policy: &Grading,
    uri: &str,
    key: &str,
    store: &str,
    ext: &str,
    limit: Option<usize>,
    object: ObjectInfo,
) -> Scanned {
    let mut reports = Vec::new();
    for s in &book.sheets {
        let evidence: Vec<ColumnEvidence> = s
            .columns
            .iter()
            .map(|c| {
                let array: ArrayRef = Arc::new(StringArray::from_iter(
                    c.values.iter().map(|v| v.as_deref()),
                ));
                let mut acc = DetectAccumulator::new(set.clone());
                acc.observe(&array);
                let mut ev = acc.into_evidence();
                // Numbers that lost digits are values, just not readable ones.
                ev.non_null += c.precision_lost.min(c.values.len() as u64);
                ev
            })
            .collect();
        let inputs: Vec<ColumnInput<'_>> = s
            .columns
            .iter()
            .zip(&evidence)
            .map(|(c, ev)| ColumnInput {
                name: &c.name,
                data_type: if c.numbers == 0 {
                    "Utf8"
                } else if c.numbers as usize >= c.values.len() {
                    "Float64"
                } else {
                    "Utf8+Float64"
                }
                .to_string(),
                evidence: Some(ev),
            })
            .collect();
        let cx = policy.context(&format!("{key}#{}", s.name), s.rows, true);
        let mut g = grade::grade_dataset(set, policy, &inputs, &cx);
        for (col, c) in g.columns.iter_mut().zip(&s.columns) {
            col.precision_lost = (c.precision_lost > 0).then_some(c.precision_lost);
        }
        let sampled = s.columns.first().map_or(0, |c| c.values.len() as u64);
        reports.push(DatasetReport {
            uri: format!("{uri}#{}", s.name),
            key: format!("{key}#{}", s.name),
            store: store.to_string(),
            format: ext.to_string(),
            files: 1,
            partitions: vec![],
            rows: s.rows,
            rows_exact: true,
            grade: g,
            decision: None,
            sample: SampleInfoOut {
                plan: SampleInfo {
                    mode: if limit.is_some() { "sample" } else { "full" }.into(),
                    rows_planned: sampled,
                    placement: Some(match limit {
                        Some(n) => format!(
                            "the first {n} rows of the sheet; the workbook is fetched whole"
                        ),
                        None => "every row; the workbook is fetched whole".into(),
                    }),
                    ..SampleInfo::default()
                },
                rows_read: sampled,
            },
            objects: vec![],
            reused: false,
            files_reused: None,
            sheet: Some(SheetInfo {
                name: s.name.clone(),
                hidden: s.hidden,
                layout: s.layout.clone(),
            }),
            sheets: None,
        });
    }
    for r in &mut reports {
        crate::review::identify(r);
    }
    // The workbook: its highest sheet (set by `refresh` below).
    let grade = DatasetGrade {
        category: "other".into(),
        level: grade::Level::L1,
        level_name: String::new(),
        share: String::new(),
        open: String::new(),
        share_name: String::new(),
        open_name: String::new(),
        share_type: "unknown".into(),
        catalog: None,
        level_reason: String::new(),
        columns: vec![],
        proposals: vec![],
    };
    let sheets = reports
        .iter()
        .map(|r| SheetSummary {
            name: r.sheet.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
            level: r.grade.level,
            hidden: r.sheet.as_ref().is_some_and(|s| s.hidden),
            rows: r.rows,
        })
        .collect();
    reports.push(DatasetReport {
        uri: uri.to_string(),
        key: key.to_string(),
        store: store.to_string(),
        format: ext.to_string(),
        files: 1,
        partitions: vec![],
        rows: book.sheets.iter().map(|s| s.rows).sum(),
        rows_exact: true,
        grade,
        decision: None,
        sample: SampleInfoOut {
            // The rows read are counted on the sheets.
            plan: SampleInfo {
                mode: "workbook".into(),
                rows_planned: 0,
                placement: Some(
                    "fetched whole; each sheet is a dataset, sampled as a row prefix".into(),
                ),
                ..SampleInfo::default()
            },
            rows_read: 0,
        },
        objects: vec![object],
        sheet: None,
        sheets: Some(sheets),
        reused: false,
        files_reused: None,
    });
    refresh(&mut reports, policy);
    let skipped = book
        .empty
        .iter()
        .map(|name| SkippedEntry {
            uri: format!("{uri}#{name}"),
            reason: "empty sheet (or not a worksheet)".into(),
        })
        .collect();
    Scanned {
        reports,
        skipped,
        errors: vec![],
    }
}
