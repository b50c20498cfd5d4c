//! Incremental runs (`--baseline PREVIOUS.json`): datasets whose files are
//! unchanged since the previous report (same ETag on S3; same size and mtime
//! locally) are not read again, their grades come from the baseline; and the
//! report says what changed against it.
//!
//! A baseline made under another policy, other detectors or other sample
//! settings is not reused (its hashes differ), and the report says why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::grade::Level;
use crate::report::{DatasetReport, ErrorEntry, Hashes, ObjectInfo, Report};
use crate::source::Dataset;

/// How a baseline was used.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub path: String,
    /// Whether its grades were reused for unchanged datasets.
    pub reused: bool,
    /// Why not, when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Datasets taken from it unread.
    pub datasets_reused: u64,
    /// Files of partly changed tables taken from it unread (their evidence
    /// merged with the changed files read this time).
    #[serde(default)]
    pub files_reused: u64,
}

/// What a baseline gives a table whose files changed only in part: the
/// unchanged files' rows and evidence, and which files to read.
pub struct Partial {
    /// Unchanged files: index in the dataset's files, and the baseline's entry.
    pub kept: Vec<(usize, ObjectInfo)>,
    /// Changed and new files, by index in the dataset's files.
    pub read: Vec<usize>,
    /// The table's columns in the baseline: name, type, scanned.
    pub columns: Vec<(String, String, bool)>,
    /// Rows of kept files whose count the baseline did not know exactly,
    /// estimated from the baseline's rows by their share of its bytes.
    pub estimated_rows: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelChange {
    pub key: String,
    pub from: Level,
    pub to: Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnChange {
    pub key: String,
    pub column: String,
    /// Types the column has now and did not have in the baseline.
    pub types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalChange {
    pub key: String,
    pub id: String,
}

/// What changed against the baseline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub new_datasets: Vec<String>,
    pub removed_datasets: Vec<String>,
    pub level_changes: Vec<LevelChange>,
    pub new_sensitive_columns: Vec<ColumnChange>,
    pub new_proposals: Vec<ProposalChange>,
}

impl Changes {
    pub fn count(&self) -> u64 {
        (self.new_datasets.len()
            + self.removed_datasets.len()
            + self.level_changes.len()
            + self.new_sensitive_columns.len()
            + self.new_proposals.len()) as u64
    }
}

/// The previous report's datasets by (store, key).
pub struct Baseline {
    pub info: BaselineInfo,
    datasets: BTreeMap<(String, String), DatasetReport>,
    /// Every file of the baseline by (store, file key): its fingerprint and its dataset's key.
    files: BTreeMap<(String, String), (String, String)>,
    /// Files that failed in the baseline, by (store, file key): fingerprint and error.
    failed: BTreeMap<(String, String), (String, ErrorEntry)>,
    seen: BTreeSet<(String, String)>,
    pub changes: Changes,
}

/// What a baseline holds: its hashes, datasets and errors.
type Read = (Option<Hashes>, Vec<DatasetReport>, Vec<ErrorEntry>);

/// Read a baseline: a JSON report, or a jsonl stream (dataset lines, then the summary line).
fn read(path: &Path) -> Result<Read, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Ok(r) = serde_json::from_str::<Report>(&text) {
        return Ok((Some(r.scan.hashes), r.datasets, r.errors));
    }
    let mut hashes = None;
    let mut errors = Vec::new();
    let mut datasets = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            format!(
                "{}: line {}: not a fenji report: {e}",
                path.display(),
                i + 1
            )
        })?;
        if v.get("summary").is_some() {
            hashes = serde_json::from_value(v["scan"]["hashes"].clone()).ok();
            errors = serde_json::from_value(v["errors"].clone()).unwrap_or_default();
        } else {
            datasets.push(serde_json::from_value(v).map_err(|e| {
                format!(
                    "{}: line {}: not a fenji dataset: {e}",
                    path.display(),
                    i + 1
                )
            })?);
        }
    }
    Ok((hashes, datasets, errors))
}

/// Files as a later run compares them: size, and the ETag where the store
/// gives one, else the modification time.
fn fingerprint(objects: impl Iterator<Item = (u64, Option<String>, String)>) -> Vec<String> {
    let mut v: Vec<String> = objects
        .map(|(size, etag, mtime)| match etag {
            Some(e) => format!("{size} {e}"),
            None => format!("{size} {mtime}"),
        })
        .collect();
    v.sort();
    v
}

/// One listed file's fingerprint, as [`fingerprint`] writes it.
fn file_print(f: &crate::source::DataFile) -> String {
    fingerprint(std::iter::once((
        f.meta.size,
        f.meta.e_tag.clone(),
        f.meta.last_modified.to_rfc3339(),
    )))
    .concat()
}

impl Baseline {
    pub fn load(path: &Path, hashes: &Hashes) -> Result<Self, String> {
        let (theirs, datasets, errors) = read(path)?;
        let failed = errors
            .into_iter()
            .filter_map(|e| {
                let (store, o) = (e.store.clone()?, e.object.clone()?);
                let print = fingerprint(std::iter::once((o.size, o.etag, o.last_modified)));
                Some(((store, o.key), (print.concat(), e)))
            })
            .collect();
        let reason = match &theirs {
            None => Some("the baseline records no policy, detector or sample hashes".to_string()),
            Some(h) if h.policy != hashes.policy => Some("the policy changed".into()),
            Some(h) if h.detectors != hashes.detectors => {
                Some("the detectors (or the tool version) changed".into())
            }
            Some(h) if h.sample != hashes.sample => Some("the sample settings changed".into()),
            Some(_) => None,
        };
        let files = datasets
            .iter()
            .flat_map(|d| {
                d.objects.iter().filter(|o| !o.key.is_empty()).map(|o| {
                    let print = fingerprint(std::iter::once((
                        o.size,
                        o.etag.clone(),
                        o.last_modified.clone(),
                    )));
                    (
                        (d.store.clone(), o.key.clone()),
                        (print.concat(), d.key.clone()),
                    )
                })
            })
            .collect();
        Ok(Baseline {
            files,
            failed,
            info: BaselineInfo {
                path: path.display().to_string(),
                reused: reason.is_none(),
                reason,
                datasets_reused: 0,
                files_reused: 0,
            },
            datasets: datasets
                .into_iter()
                .map(|d| ((d.store.clone(), d.key.clone()), d))
                .collect(),
            seen: BTreeSet::new(),
            changes: Changes::default(),
        })
    }

    /// The key of the baseline dataset that held this one-file dataset's
    /// file, when the file is unchanged: listing groups such files as the
    /// baseline did, without reading them again.
    pub fn table_of(&self, ds: &Dataset) -> Option<String> {
        if !self.info.reused {
            return None;
        }
        let f = ds.files.first()?;
        let id = (crate::store_name(&ds.source.store_url), f.key.clone());
        let now = file_print(f);
        if let Some((print, key)) = self.files.get(&id) {
            return (now == *print).then(|| key.clone());
        }
        // A file that failed alone stays alone.
        let (print, _) = self.failed.get(&id)?;
        (now == *print).then(|| format!("error:{}", f.key))
    }

    /// The baseline's error for a one-file dataset whose file failed then
    /// and is unchanged: it is not read again, and the error stands.
    pub fn failed(&self, ds: &Dataset) -> Option<ErrorEntry> {
        if ds.files.len() != 1 || !self.info.reused {
            return None;
        }
        let f = &ds.files[0];
        let (print, e) = self
            .failed
            .get(&(crate::store_name(&ds.source.store_url), f.key.clone()))?;
        if file_print(f) != *print {
            return None;
        }
        let mut e = e.clone();
        e.uri = f.uri.clone();
        if let Some(o) = &mut e.object {
            o.uri = f.uri.clone();
        }
        const NOTE: &str = " (unchanged since the baseline: not read again)";
        if !e.error.ends_with(NOTE) {
            e.error.push_str(NOTE);
        }
        Some(e)
    }

    /// The baseline's reports for a dataset whose files are all unchanged
    /// (a workbook brings its sheets), ready to go in this report.
    pub fn reuse(&self, ds: &Dataset) -> Option<Vec<DatasetReport>> {
        if !self.info.reused {
            return None;
        }
        let store = crate::store_name(&ds.source.store_url);
        let old = self.datasets.get(&(store.clone(), ds.key.clone()))?;
        let now = fingerprint(ds.files.iter().map(|f| {
            (
                f.meta.size,
                f.meta.e_tag.clone(),
                f.meta.last_modified.to_rfc3339(),
            )
        }));
        let then = fingerprint(
            old.objects
                .iter()
                .map(|o| (o.size, o.etag.clone(), o.last_modified.clone())),
        );
        if now != then {
            return None;
        }
        let prefix = format!("{}#", ds.key);
        let mut out: Vec<DatasetReport> = self
            .datasets
            .range((store.clone(), prefix.clone())..)
            .take_while(|((s, k), _)| *s == store && k.starts_with(&prefix))
            .map(|(_, d)| d.clone())
            .collect();
        out.push(old.clone());
        // A grade that decisions changed is not the engine's: read it again,
        // and apply tonight's decisions to what the engine finds.
        if out.iter().any(|d| d.decision.is_some()) {
            return None;
        }
        for d in &mut out {
            // Decisions are applied afresh; nothing was read this time.
            d.decision = None;
            for c in &mut d.grade.columns {
                c.decision = None;
            }
            for p in &mut d.grade.proposals {
                p.decision = None;
            }
            d.reused = true;
            d.sample.rows_read = 0;
            d.sample.plan.bytes_read = Some(0);
            // The URIs as this run names the source.
            if let Some(rest) = d.key.strip_prefix(&ds.key) {
                d.uri = format!("{}{rest}", ds.uri);
            }
        }
        if let Some(book) = out.last_mut() {
            for (o, f) in book.objects.iter_mut().zip(&ds.files) {
                o.uri = f.uri.clone();
            }
        }
        Some(out)
    }

    /// For a table of several files of which some changed (and not all),
    /// what the baseline still holds: the unchanged files' rows and evidence.
    /// `None` when the baseline has no per-file evidence for it (another
    /// layout, or a report from before per-file evidence).
    pub fn partial(&self, ds: &Dataset) -> Option<Partial> {
        if !self.info.reused
            || ds.files.len() < 2
            || ds.format == crate::source::Format::Spreadsheet
        {
            return None;
        }
        let old = self
            .datasets
            .get(&(crate::store_name(&ds.source.store_url), ds.key.clone()))?;
        if !old.objects.iter().any(|o| o.evidence.is_some()) {
            return None;
        }
        let by_key: BTreeMap<&str, &ObjectInfo> =
            old.objects.iter().map(|o| (o.key.as_str(), o)).collect();
        let (mut kept, mut read) = (Vec::new(), Vec::new());
        for (i, f) in ds.files.iter().enumerate() {
            let then = by_key.get(f.key.as_str()).map(|o| {
                fingerprint(std::iter::once((
                    o.size,
                    o.etag.clone(),
                    o.last_modified.clone(),
                )))
                .concat()
            });
            match then {
                Some(print) if print == file_print(f) => {
                    kept.push((i, (*by_key[f.key.as_str()]).clone()))
                }
                _ => read.push(i),
            }
        }
        // Nothing to read and nothing kept that was read: there is no
        // evidence to grade from (the sampled files were removed).
        if kept.is_empty() || (read.is_empty() && kept.iter().all(|k| k.1.evidence.is_none())) {
            return None;
        }
        let old_bytes: u64 = old.objects.iter().map(|o| o.size).sum();
        let inexact: Vec<&ObjectInfo> = kept
            .iter()
            .map(|k| &k.1)
            .filter(|o| o.rows.is_none())
            .collect();
        let estimated_rows = (!inexact.is_empty()).then(|| {
            let bytes: u64 = inexact.iter().map(|o| o.size).sum();
            (old.rows as f64 * bytes as f64 / old_bytes.max(1) as f64).round() as u64
        });
        Some(Partial {
            kept,
            read,
            columns: old
                .grade
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.data_type.clone(), c.scanned))
                .collect(),
            estimated_rows,
        })
    }

    /// Compare a graded dataset with its baseline self.
    pub fn compare(&mut self, d: &DatasetReport) {
        let id = (d.store.clone(), d.key.clone());
        self.seen.insert(id.clone());
        let Some(old) = self.datasets.get(&id) else {
            self.changes.new_datasets.push(d.key.clone());
            return;
        };
        if old.grade.level != d.grade.level {
            self.changes.level_changes.push(LevelChange {
                key: d.key.clone(),
                from: old.grade.level,
                to: d.grade.level,
            });
        }
        for c in &d.grade.columns {
            let before: BTreeSet<&String> = old
                .grade
                .columns
                .iter()
                .find(|o| o.name == c.name)
                .map(|o| o.types.iter().collect())
                .unwrap_or_default();
            let added: Vec<String> = c
                .types
                .iter()
                .filter(|t| !before.contains(t))
                .cloned()
                .collect();
            if !added.is_empty() {
                self.changes.new_sensitive_columns.push(ColumnChange {
                    key: d.key.clone(),
                    column: c.name.clone(),
                    types: added,
                });
            }
        }
        for p in &d.grade.proposals {
            if !old.grade.proposals.iter().any(|o| o.id == p.id) {
                self.changes.new_proposals.push(ProposalChange {
                    key: d.key.clone(),
                    id: p.id.clone(),
                });
            }
        }
    }

    /// The changes, once every dataset was compared: the baseline's datasets
    /// this run did not see are removed.
    pub fn finish(mut self) -> (BaselineInfo, Changes) {
        for id in self.datasets.keys() {
            if !self.seen.contains(id) {
                self.changes.removed_datasets.push(id.1.clone());
            }
        }
        for list in [
            &mut self.changes.new_datasets,
            &mut self.changes.removed_datasets,
        ] {
            list.sort();
        }
        self.changes.level_changes.sort_by(|a, b| a.key.cmp(&b.key));
        self.changes
            .new_sensitive_columns
            .sort_by(|a, b| (&a.key, &a.column).cmp(&(&b.key, &b.column)));
        self.changes.new_proposals.sort_by(|a, b| a.id.cmp(&b.id));
        (self.info, self.changes)
    }
}
