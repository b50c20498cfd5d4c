//! The report (JSON v1, see `src/report/report.v1.schema.json`) and its writers: json,
//! jsonl (one dataset per line, then a summary line), a table for terminals
//! and a self-contained HTML page for reviewers, all behind [`ReportWriter`].
//! Writers only format what the grader decided; evidence is already masked.

mod html;

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use unicode_width::UnicodeWidthStr;

use crate::grade::{DatasetGrade, Level};
use crate::review::DatasetDecision;
use crate::sample::SampleInfo;

pub const SCHEMA_VERSION: &str = "1";
/// The published JSON Schema of the report.
pub const JSON_SCHEMA: &str = include_str!("report.v1.schema.json");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SampleMode {
    pub mode: String,
    pub rows_per_file: Option<u64>,
    /// Files sampled per many-file Parquet table.
    #[serde(default)]
    pub files_per_dataset: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Io {
    pub files: u64,
    pub bytes_total: u64,
    pub bytes_read: u64,
    pub requests: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanInfo {
    pub started_at: String,
    /// The time grading was as of (`--as-of`), when not the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub finished_at: String,
    pub elapsed_ms: u64,
    pub sources: Vec<String>,
    pub policy: String,
    pub sample: SampleMode,
    pub io: Io,
    pub throughput: Throughput,
    /// Fingerprints of what decides the grades: a baseline made under other
    /// ones is not reused.
    #[serde(default)]
    pub hashes: Hashes,
    /// With `--baseline`: which, whether it was reused, and why not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::BaselineInfo>,
}

/// FNV-1a fingerprints of the policy profile, the detector definitions (with
/// the tool version) and the sample settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hashes {
    pub policy: String,
    pub detectors: String,
    pub sample: String,
}

/// How fast the scan went: rows decoded and bytes fetched per second of `elapsed_ms`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Throughput {
    pub rows_read: u64,
    pub rows_per_s: f64,
    pub bytes_read_per_s: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub datasets: u64,
    pub by_level: BTreeMap<Level, u64>,
    pub proposals: u64,
    pub errors: u64,
    pub skipped: u64,
    /// Decisions held back for re-review because their evidence changed.
    #[serde(default)]
    pub drift: u64,
    /// Datasets with a reviewer's decision.
    #[serde(default)]
    pub decided: u64,
    /// Changes against `--baseline` (absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<u64>,
}

/// One file of a dataset: what a later incremental run compares.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ObjectInfo {
    pub uri: String,
    /// The file's path relative to the scanned root (what a baseline matches).
    #[serde(default)]
    pub key: String,
    pub size: u64,
    pub etag: Option<String>,
    pub last_modified: String,
    /// Rows of the file, when known exactly (a Parquet footer; a text file
    /// read whole). Only in tables of several files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// What detection found in this file, when it was read: the next night's
    /// run reuses it while the file is unchanged. Only in tables of several files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<FileEvidence>,
}

/// One file's evidence in a table: each scanned column's `fenji_detect`
/// state, by column name. It merges with the other files' in any order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileEvidence {
    pub rows_read: u64,
    pub columns: std::collections::BTreeMap<String, crate::detect::EvidenceWire>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatasetReport {
    pub uri: String,
    /// Canonical key: the path relative to the scanned root, the same for
    /// `lake`, `./lake/`, `file:///…/lake` and `s3://bucket/lake/`.
    #[serde(default)]
    pub key: String,
    /// The store: `file://` or `s3://bucket`.
    #[serde(default)]
    pub store: String,
    pub format: String,
    pub files: u64,
    pub partitions: Vec<String>,
    pub rows: u64,
    pub rows_exact: bool,
    /// category, level, share, open, level_reason, columns, proposals.
    #[serde(flatten)]
    pub grade: DatasetGrade,
    /// A reviewer's decisions on this dataset (`--decisions`), or null.
    pub decision: Option<DatasetDecision>,
    pub sample: SampleInfoOut,
    pub objects: Vec<ObjectInfo>,
    /// A sheet of a workbook: its name, whether it is hidden, how its table was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<SheetInfo>,
    /// A workbook: its sheets and their levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheets: Option<Vec<SheetSummary>>,
    /// Taken from `--baseline` unread: its files are unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reused: bool,
    /// Files of this table taken from `--baseline` unread (unchanged), their
    /// evidence merged with the files read this time (absent when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_reused: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
    #[serde(flatten)]
    pub layout: crate::sample::sheet::SheetLayout,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SheetSummary {
    pub name: String,
    pub level: Level,
    pub hidden: bool,
    pub rows: u64,
}

/// Per-dataset sampling record: what was planned, and the rows actually read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SampleInfoOut {
    #[serde(flatten)]
    pub plan: SampleInfo,
    pub rows_read: u64,
}

impl ObjectInfo {
    pub fn of(f: &crate::source::DataFile) -> Self {
        ObjectInfo {
            uri: f.uri.clone(),
            key: f.key.clone(),
            size: f.meta.size,
            etag: f.meta.e_tag.clone(),
            last_modified: f.meta.last_modified.to_rfc3339(),
            rows: None,
            evidence: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorEntry {
    pub uri: String,
    pub error: String,
    /// The failed file as a later run compares it (`--baseline` does not
    /// retry an unchanged file that failed), and its store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SkippedEntry {
    pub uri: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: String,
    pub tool: Tool,
    pub scan: ScanInfo,
    pub summary: Summary,
    /// With `--baseline`: what changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<crate::baseline::Changes>,
    pub datasets: Vec<DatasetReport>,
    pub errors: Vec<ErrorEntry>,
    pub skipped: Vec<SkippedEntry>,
}

impl Summary {
    /// Count one graded dataset.
    pub fn count(&mut self, d: &DatasetReport) {
        for l in [Level::L1, Level::L2, Level::L3, Level::L4] {
            self.by_level.entry(l).or_default();
        }
        self.datasets += 1;
        *self.by_level.entry(d.grade.level).or_default() += 1;
        self.proposals += d.grade.proposals.len() as u64;
        self.drift += crate::review::drift_count(d);
        self.decided += u64::from(d.decision.is_some());
    }
}

/// Where graded datasets go as they finish, like ripgrep's `Sink`: a
/// streaming writer writes each at once and keeps nothing; the others keep
/// every dataset for the report written at the end.
pub trait DatasetSink: Send {
    /// Take a graded dataset; give it back to keep it in the final report.
    fn dataset(&mut self, d: DatasetReport) -> io::Result<Option<DatasetReport>>;
}

/// Keeps every dataset (json, table, html).
pub struct Collect;

impl DatasetSink for Collect {
    fn dataset(&mut self, d: DatasetReport) -> io::Result<Option<DatasetReport>> {
        Ok(Some(d))
    }
}

/// Writes each dataset as one JSON line the moment it is graded, flushed;
/// [`write_jsonl_tail`] ends the stream with the summary line.
pub struct JsonlSink<W: Write + Send>(pub W);

impl<W: Write + Send> DatasetSink for JsonlSink<W> {
    fn dataset(&mut self, d: DatasetReport) -> io::Result<Option<DatasetReport>> {
        serde_json::to_writer(&mut self.0, &d)?;
        writeln!(self.0)?;
        self.0.flush()?;
        Ok(None)
    }
}

impl Report {
    /// Highest dataset level, if any dataset was graded.
    pub fn max_level(&self) -> Option<Level> {
        // From the summary: a streamed report keeps no datasets.
        self.summary
            .by_level
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(l, _)| *l)
            .max()
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Jsonl,
    Table,
    Html,
}

/// Writes a report in one format.
pub trait ReportWriter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

struct Json;
struct Jsonl;
struct Table;
struct Html;

impl ReportWriter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)
    }
}

impl ReportWriter for Jsonl {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_jsonl(report, out)
    }
}

impl ReportWriter for Table {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_table(report, out)
    }
}

impl ReportWriter for Html {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        html::write_html(report, out)
    }
}

impl OutputFormat {
    pub fn writer(self) -> &'static dyn ReportWriter {
        match self {
            OutputFormat::Json => &Json,
            OutputFormat::Jsonl => &Jsonl,
            OutputFormat::Table => &Table,
            OutputFormat::Html => &Html,
        }
    }
}

pub fn write(report: &Report, format: OutputFormat, out: &mut dyn Write) -> io::Result<()> {
    format.writer().write(report, out)
}

fn write_jsonl(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.datasets {
        serde_json::to_writer(&mut *out, d)?;
        writeln!(out)?;
    }
    write_jsonl_tail(report, out)
}

/// One run in the audit log (`--audit-dir`): what ran, under which policy and
/// detectors, over what, what it found and how it ended.
pub fn audit_line(report: &Report, exit_code: u8) -> serde_json::Value {
    let mut line = tail(report);
    line["exit_code"] = exit_code.into();
    line
}

/// Everything in a report but its datasets.
fn tail(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "schema_version": report.schema_version,
        "tool": report.tool,
        "scan": report.scan,
        "summary": report.summary,
        "changes": report.changes,
        "errors": report.errors,
        "skipped": report.skipped,
    })
}

/// Append a run's line to `DIR/fenji-audit-YYYY-MM-DD.jsonl` (the scan's start date, UTC).
pub fn append_audit(
    dir: &std::path::Path,
    report: &Report,
    exit_code: u8,
) -> io::Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir)?;
    let day = report.scan.started_at.get(..10).unwrap_or("unknown");
    let path = dir.join(format!("fenji-audit-{day}.jsonl"));
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let mut line = serde_json::to_vec(&audit_line(report, exit_code))?;
    line.push(b'\n');
    // One write per line: concurrent runs append whole lines.
    f.write_all(&line)?;
    Ok(path)
}

/// Append the line of a run that could not scan (bad arguments, an unreadable
/// decisions file or baseline, a report that could not be written).
pub fn append_audit_failure(
    dir: &std::path::Path,
    sources: &[String],
    error: &str,
    exit_code: u8,
) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let now = chrono::Utc::now();
    let path = dir.join(format!("fenji-audit-{}.jsonl", now.format("%Y-%m-%d")));
    let line = serde_json::json!({
        "tool": {"name": "fenji", "version": env!("CARGO_PKG_VERSION")},
        "scan": {"started_at": now.to_rfc3339(), "sources": sources},
        "error": crate::detect::mask::redact(error),
        "exit_code": exit_code,
    });
    let mut bytes = serde_json::to_vec(&line)?;
    bytes.push(b'\n');
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    f.write_all(&bytes)
}

/// The last line of a jsonl stream: everything but the datasets.
pub fn write_jsonl_tail(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &tail(report))?;
    writeln!(out)
}

fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn write_table(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<[String; 6]> = report
        .datasets
        .iter()
        .map(|d| {
            let mut flagged: Vec<String> = d
                .grade
                .columns
                .iter()
                .filter(|c| !c.types.is_empty())
                .map(|c| format!("{}:{}", c.name, c.types.join("+")))
                .collect();
            // A workbook: its sheets and their levels.
            for s in d.sheets.iter().flatten() {
                let hidden = if s.hidden { ", hidden" } else { "" };
                flagged.push(format!("#{} ({}{hidden})", s.name, s.level));
            }
            let props: Vec<String> = d
                .grade
                .proposals
                .iter()
                .map(|p| format!("{} {}→{}", p.rule, p.from, p.to))
                .collect();
            // Share of the dataset's bytes the scan fetched.
            let read = match (d.sample.plan.bytes_read, d.sample.plan.bytes_total) {
                (Some(r), Some(t)) if t > 0 => format!("{:.1}%", r as f64 * 100.0 / t as f64),
                _ => "-".into(),
            };
            [
                d.grade.level.to_string(),
                d.grade.category.clone(),
                d.uri.clone(),
                read,
                if flagged.is_empty() {
                    "-".into()
                } else {
                    flagged.join(", ")
                },
                if props.is_empty() {
                    "-".into()
                } else {
                    props.join(", ")
                },
            ]
        })
        .collect();
    let header = [
        "LEVEL",
        "CATEGORY",
        "DATASET",
        "READ",
        "FLAGGED COLUMNS",
        "PROPOSALS",
    ];
    let mut widths = header.map(UnicodeWidthStr::width);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(UnicodeWidthStr::width(c.as_str())).min(60);
        }
    }
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| pad(c, w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header.map(String::from)))?;
    for r in &rows {
        writeln!(out, "{}", line(r))?;
    }
    let s = &report.summary;
    let levels: Vec<String> = s
        .by_level
        .iter()
        .map(|(l, n)| format!("{l}: {n}"))
        .collect();
    writeln!(
        out,
        "\n{} datasets ({}), {} proposals, {} decided, {} drift, {} errors, {} skipped; read {} of {} bytes in {} requests",
        s.datasets,
        levels.join(", "),
        s.proposals,
        s.decided,
        s.drift,
        s.errors,
        s.skipped,
        report.scan.io.bytes_read,
        report.scan.io.bytes_total,
        report.scan.io.requests
    )?;
    for e in &report.errors {
        writeln!(out, "error: {}: {}", e.uri, e.error)?;
    }
    if let Some(b) = &report.scan.baseline {
        match &b.reason {
            None => writeln!(
                out,
                "baseline {}: {} datasets unchanged, not read",
                b.path, b.datasets_reused
            )?,
            Some(why) => writeln!(out, "baseline {} not reused: {why}", b.path)?,
        }
    }
    if let Some(c) = &report.changes {
        for k in &c.new_datasets {
            writeln!(out, "change: new dataset {k}")?;
        }
        for k in &c.removed_datasets {
            writeln!(out, "change: removed dataset {k}")?;
        }
        for l in &c.level_changes {
            writeln!(out, "change: {} {} → {}", l.key, l.from, l.to)?;
        }
        for col in &c.new_sensitive_columns {
            writeln!(
                out,
                "change: {} column {}: now {}",
                col.key,
                col.column,
                col.types.join(", ")
            )?;
        }
        for p in &c.new_proposals {
            writeln!(out, "change: {} new proposal {}", p.key, p.id)?;
        }
    }
    for d in &report.datasets {
        if let Some(x) = &d.decision {
            writeln!(
                out,
                "decision: {}: {} → {}",
                d.uri,
                x.describe(),
                d.grade.level
            )?;
            for drift in &x.drift {
                writeln!(
                    out,
                    "  drift {}: was {}, now {}",
                    drift.what, drift.old, drift.new
                )?;
            }
        }
        for c in d.grade.columns.iter() {
            if let Some(x) = c.decision.as_ref().filter(|x| !x.drift.is_empty()) {
                for drift in &x.drift {
                    writeln!(
                        out,
                        "  column {}: drift {}: was {}, now {} (re-review)",
                        c.name, drift.what, drift.old, drift.new
                    )?;
                }
            }
        }
    }
    for d in &report.datasets {
        for c in &d.grade.columns {
            if let Some(n) = c.precision_lost {
                writeln!(
                    out,
                    "note: {} column {}: {n} numbers of 16 or more digits lost their last digits (stored as numbers in the workbook) and cannot be validated",
                    d.uri, c.name
                )?;
            }
            if let Some(n) = c.values_cut {
                writeln!(
                    out,
                    "note: {} column {}: {n} values longer than 64 KiB were searched in their first 64 KiB only",
                    d.uri, c.name
                )?;
            }
        }
    }
    Ok(())
}
