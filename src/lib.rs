//! fenji (分级): scan a data lake of Parquet and CSV files, on local disk or
//! S3, detect personal and organizational identifiers column by column, and
//! grade every dataset L1-L4 under the Chinese government data classification
//! and grading rules.
//!
//! Data flows one way: [`source`] → [`sample`] → [`detect`] → [`grade`] → [`report`].
//! [`scan`] drives that flow.

mod baseline;
pub mod detect;
#[cfg(feature = "distributed")]
pub mod distributed;
pub mod explain;
pub mod grade;
mod hash;
pub mod progress;
pub mod report;
pub mod review;
pub mod sample;
pub mod source;
mod workbook;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use datafusion::arrow::array::{ArrayRef, AsArray, RecordBatch};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};
use futures::{StreamExt, TryStreamExt};
use rayon::prelude::*;

use detect::aggregate::DetectAccumulator;
use detect::mask::redact;
use detect::{ColumnEvidence, DetectorSet};
use grade::{ColumnInput, Grading, Policy};
use progress::Progress;
use report::{
    DatasetReport, ErrorEntry, Io, ObjectInfo, Report, SampleInfoOut, SampleMode, ScanInfo,
    SkippedEntry, Summary, Throughput, Tool,
};
use sample::{PlannedColumn, SampleConfig};
use source::{Dataset, IoCounters, SourceError};

/// Failures that stop a scan before it starts (bad policy, bad detector files).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Detectors(#[from] detect::DetectorError),
    #[error(transparent)]
    Policy(#[from] grade::policy::PolicyError),
    #[error(transparent)]
    Decisions(#[from] review::DecisionsError),
    #[error(transparent)]
    Catalog(#[from] grade::catalog::CatalogError),
    #[error("{0}")]
    Usage(String),
}

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    pub sources: Vec<String>,
    pub sample: SampleConfig,
    pub policy: String,
    pub detectors_dir: Option<PathBuf>,
    /// Datasets and DataFusion partitions in flight; defaults to the CPU count.
    pub threads: usize,
    /// Show progress on stderr.
    pub progress: bool,
    /// Reviewers' decisions to apply (`--decisions`).
    pub decisions: Option<PathBuf>,
    /// The previous report (`--baseline`): unchanged datasets are not read.
    pub baseline: Option<PathBuf>,
    /// Run detection on a Ballista cluster (`ballista://HOST:PORT`); needs
    /// the `distributed` feature.
    pub engine: Option<String>,
    /// The government data resource catalogue (`--catalog`): share type and
    /// more per dataset glob.
    pub catalog: Option<PathBuf>,
    /// Grade as of this time instead of now (`--as-of`): ages of people and
    /// data, for reproducing an earlier run.
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
}

impl Default for ScanConfig {
    fn default() -> Self {
        Self {
            sources: vec![],
            sample: SampleConfig::default(),
            policy: grade::policy::DEFAULT_POLICY.to_string(),
            detectors_dir: None,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            progress: false,
            decisions: None,
            baseline: None,
            engine: None,
            catalog: None,
            as_of: None,
        }
    }
}

/// Where detection runs: here, or on a Ballista cluster (the scan's files
/// are read there; what the plan already decoded here is detected here).
enum Runner {
    Local,
    #[cfg(feature = "distributed")]
    Ballista(distributed::Engine),
}

impl Runner {
    async fn new(engine: Option<&str>, set: &Arc<DetectorSet>) -> Result<Self, Error> {
        match engine {
            None => Ok(Runner::Local),
            #[cfg(feature = "distributed")]
            Some(url) => distributed::Engine::connect(url, set.clone())
                .await
                .map(Runner::Ballista)
                .map_err(Error::Usage),
            #[cfg(not(feature = "distributed"))]
            Some(_) => {
                let _ = set;
                Err(Error::Usage(
                    "--engine needs fenji built with the `distributed` feature".into(),
                ))
            }
        }
    }
}

enum Outcome {
    Graded(Box<DatasetReport>, Vec<SourceError>),
    Failed(Vec<SourceError>),
    Skipped(SkippedEntry),
    /// A file that failed in the baseline and is unchanged: not read again.
    Carried(ErrorEntry),
    /// A workbook: a report per sheet and one for the workbook.
    Workbook(workbook::Scanned),
}

/// Scan every source and grade every dataset found.
pub async fn scan(config: &ScanConfig) -> Result<Report, Error> {
    scan_into(config, &mut report::Collect).await
}

/// Scan, handing each graded dataset to `sink` as soon as it is graded (and
/// its decisions applied); the report keeps the datasets the sink gives back,
/// sorted by URI, and counts all of them in its summary.
pub async fn scan_into(
    config: &ScanConfig,
    sink: &mut dyn report::DatasetSink,
) -> Result<Report, Error> {
    let started = chrono::Utc::now();
    let clock = Instant::now();
    let mut set = DetectorSet::load(config.detectors_dir.as_deref())?;
    let policy = Policy::load(&config.policy, &set)?;
    let usccs = grade::rules::watched_usccs(&policy);
    set.watch("cn_uscc", usccs.iter().map(String::as_str))
        .map_err(Error::Usage)?;
    let set = Arc::new(set);
    let mut grading = grade::Grading::new(policy);
    if let Some(path) = &config.catalog {
        grading.catalog = grade::Catalog::load(path, &grading.policy)?;
    }
    if let Some(t) = config.as_of {
        grading.as_of = t;
    }
    let policy = Arc::new(grading);
    let decisions = match &config.decisions {
        Some(path) => Some(review::Decisions::load(path)?),
        None => None,
    };
    if config.sources.is_empty() {
        return Err(Error::Usage("no source given".into()));
    }
    let hashes = hashes(&policy, &set, config.sample);
    let mut baseline = match &config.baseline {
        Some(path) => Some(baseline::Baseline::load(path, &hashes).map_err(Error::Usage)?),
        None => None,
    };
    let runner = Runner::new(config.engine.as_deref(), &set).await?;
    let runner = &runner;
    let threads = config.threads.max(1);
    let session = SessionConfig::new()
        .with_target_partitions(threads)
        .with_batch_size(8192);
    let runtime = RuntimeEnvBuilder::new()
        .build_arc()
        .map_err(|e| Error::Usage(e.to_string()))?;
    let ctx = SessionContext::new_with_config_rt(session, runtime);

    let counters = Arc::new(IoCounters::default());
    let mut datasets: Vec<Dataset> = Vec::new();
    let mut errors: Vec<ErrorEntry> = Vec::new();
    let mut skipped: Vec<SkippedEntry> = Vec::new();
    for location in &config.sources {
        let src = match source::open(location, counters.clone()) {
            Ok(s) => s,
            Err(e) => {
                errors.push(error_entry(&e));
                continue;
            }
        };
        ctx.runtime_env()
            .register_object_store(src.store_url.as_ref(), src.store.clone());
        let listing = source::list(&src).await;
        errors.extend(listing.errors.iter().map(error_entry));
        skipped.extend(listing.skipped.into_iter().map(|s| SkippedEntry {
            uri: s.uri,
            reason: s.reason,
        }));
        datasets.extend(listing.datasets);
    }
    // Files of one folder with one schema are one table.
    let known = |ds: &Dataset| baseline.as_ref().and_then(|b| b.table_of(ds));
    let mut datasets = sample::group::tables(datasets, &ctx, &known).await;
    // Delta tables: only the files of the current snapshot.
    let mut live = Vec::with_capacity(datasets.len());
    for mut ds in datasets.drain(..) {
        match source::delta::snapshot(&mut ds).await {
            Ok(_) if ds.files.is_empty() => skipped.push(SkippedEntry {
                uri: ds.uri.clone(),
                reason: "a Delta table with no live files".into(),
            }),
            Ok(_) => live.push(ds),
            Err(e) => errors.push(error_entry(&e)),
        }
    }
    let mut datasets = live;
    distinct_keys(&mut datasets);
    let bytes_total: u64 = datasets
        .iter()
        .flat_map(|d| &d.files)
        .map(|f| f.meta.size)
        .sum();
    let files: u64 = datasets.iter().map(|d| d.files.len() as u64).sum();

    let progress = Arc::new(Progress::new(
        config.progress,
        datasets.len(),
        files,
        bytes_total,
        counters.clone(),
    ));
    let ticker = config.progress.then(|| {
        let progress = progress.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_millis(200));
            loop {
                every.tick().await;
                progress.tick();
            }
        })
    });
    // Datasets whose files are unchanged since the baseline are not read.
    // Nor are files that failed then and are unchanged: their errors stand.
    let datasets: Vec<_> = datasets
        .into_iter()
        .map(|ds| {
            let reused = baseline.as_ref().and_then(|b| b.reuse(&ds));
            let failed = baseline.as_ref().and_then(|b| b.failed(&ds));
            // A table of which only some files changed: read those only.
            let partial = match (&reused, &failed) {
                (None, None) => baseline.as_ref().and_then(|b| b.partial(&ds)),
                _ => None,
            };
            (ds, reused, failed, partial)
        })
        .collect();
    let mut outcomes = futures::stream::iter(datasets)
        .map(|(ds, reused, failed, partial)| {
            let (ctx, set, policy, progress) =
                (&ctx, set.clone(), policy.clone(), progress.clone());
            let counters_ref = counters.clone();
            async move {
                let (uri, files) = (ds.uri.clone(), ds.files.len() as u64);
                let store = ds.source.store_url.as_str().to_string();
                let infos: Vec<ObjectInfo> = ds.files.iter().map(ObjectInfo::of).collect();
                let store_name = store_name(&ds.source.store_url);
                if let Some(e) = failed {
                    progress.dataset_done(&uri, files, "failed last time, unchanged");
                    return (Outcome::Carried(e), store_name, infos);
                }
                let objects: Vec<_> = ds
                    .files
                    .iter()
                    .map(|f| (f.meta.location.clone(), f.meta.size))
                    .collect();
                if let Some(mut reports) = reused {
                    progress.dataset_done(&uri, files, "unchanged since the baseline");
                    // The same evidence, graded as of this run: data grows
                    // old (historical, realtime) while its files stay the same.
                    for r in reports.iter_mut().filter(|r| r.sheets.is_none()) {
                        let cx = policy.context(&r.key, r.rows, r.rows_exact);
                        let columns = std::mem::take(&mut r.grade.columns);
                        r.grade = grade::grade_columns(&set, &policy, columns, &cx);
                        review::identify(r);
                    }
                    workbook::refresh(&mut reports, &policy);
                    let unchanged = workbook::Scanned {
                        reports,
                        skipped: vec![],
                        errors: vec![],
                    };
                    return (Outcome::Workbook(unchanged), store_name, infos);
                }
                if ds.format == source::Format::Spreadsheet {
                    let (mut scanned, fetched) =
                        workbook::scan_workbook(&ds, config.sample, &set, &policy).await;
                    progress.add_rows(scanned.rows_read());
                    if let Some(book) = scanned.reports.iter_mut().find(|r| r.sheets.is_some()) {
                        book.sample.plan.bytes_read = Some(fetched);
                        book.sample.plan.bytes_total = Some(objects.iter().map(|(_, n)| n).sum());
                    }
                    let what = match scanned.reports.last() {
                        Some(r) => {
                            format!("{} ({} sheets)", r.grade.level, scanned.reports.len() - 1)
                        }
                        None => "failed".to_string(),
                    };
                    progress.dataset_done(&uri, files, &what);
                    return (Outcome::Workbook(scanned), store_name, infos);
                }
                let mut out = scan_dataset(
                    ds,
                    config.sample,
                    ctx,
                    &set,
                    &policy,
                    &progress,
                    partial,
                    runner,
                )
                .await;
                if let Outcome::Graded(r, _) = &mut out {
                    r.sample.plan.bytes_read = Some(
                        objects
                            .iter()
                            .map(|(l, _)| counters_ref.bytes_of(&store, l))
                            .sum(),
                    );
                    r.sample.plan.bytes_total = Some(objects.iter().map(|(_, n)| n).sum());
                }
                let what = match &out {
                    Outcome::Graded(r, _) => {
                        format!("{} ({} rows read)", r.grade.level, r.sample.rows_read)
                    }
                    Outcome::Failed(_) => "failed".to_string(),
                    Outcome::Skipped(s) => format!("skipped: {}", s.reason),
                    Outcome::Workbook(_) | Outcome::Carried(_) => String::new(),
                };
                progress.dataset_done(&uri, files, &what);
                (out, store_name, infos)
            }
        })
        // Planning waits on I/O (footers, heads, S3 round trips) while detection
        // runs on rayon: keep more datasets in flight than there are cores.
        .buffer_unordered(threads * 4);
    let mut reports = Vec::new();
    let mut summary = Summary::default();
    let mut sink_error = None;
    while let Some((o, store, infos)) = outcomes.next().await {
        let graded = match o {
            Outcome::Graded(r, errs) => {
                errors.extend(errs.iter().map(|e| file_error(e, &store, &infos)));
                vec![*r]
            }
            Outcome::Failed(errs) => {
                errors.extend(errs.iter().map(|e| file_error(e, &store, &infos)));
                vec![]
            }
            Outcome::Carried(e) => {
                errors.push(e);
                vec![]
            }
            Outcome::Skipped(s) => {
                skipped.push(s);
                vec![]
            }
            Outcome::Workbook(w) => {
                errors.extend(w.errors.iter().map(|e| file_error(e, &store, &infos)));
                skipped.extend(w.skipped);
                w.reports
            }
        };
        let mut graded = graded;
        if let Some(d) = &decisions {
            for r in &mut graded {
                d.apply(r, &set, &policy, policy.as_of);
            }
            // A workbook follows its sheets' decided levels.
            workbook::refresh(&mut graded, &policy);
        }
        for r in graded {
            summary.count(&r);
            if let Some(b) = &mut baseline {
                b.compare(&r);
                b.info.datasets_reused += u64::from(r.reused);
                b.info.files_reused += r.files_reused.unwrap_or(0);
            }
            if sink_error.is_some() {
                continue;
            }
            match sink.dataset(r) {
                Ok(Some(kept)) => reports.push(kept),
                Ok(None) => {}
                Err(e) => sink_error = Some(e),
            }
        }
    }
    drop(outcomes);
    if let Some(t) = ticker {
        t.abort();
    }
    progress.finish();
    if let Some(e) = sink_error {
        return Err(Error::Usage(format!("cannot write report: {e}")));
    }
    reports.sort_by(|a, b| a.uri.cmp(&b.uri));
    errors.sort_by(|a, b| a.uri.cmp(&b.uri));
    skipped.sort_by(|a, b| a.uri.cmp(&b.uri));
    summary.errors = errors.len() as u64;
    summary.skipped = skipped.len() as u64;
    let (baseline, changes) = match baseline.map(baseline::Baseline::finish) {
        Some((info, changes)) => (Some(info), Some(changes)),
        None => (None, None),
    };
    summary.changes = changes.as_ref().map(baseline::Changes::count);
    let elapsed = clock.elapsed();
    let per_s = |n: u64| n as f64 / elapsed.as_secs_f64().max(1e-9);
    let rows_read = progress.rows();
    let report = Report {
        schema_version: report::SCHEMA_VERSION.into(),
        tool: Tool {
            name: "fenji".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        scan: ScanInfo {
            started_at: started.to_rfc3339(),
            as_of: config.as_of.map(|t| t.to_rfc3339()),
            finished_at: chrono::Utc::now().to_rfc3339(),
            elapsed_ms: elapsed.as_millis() as u64,
            sources: config.sources.clone(),
            policy: policy.id.clone(),
            sample: SampleMode {
                mode: if config.sample.full { "full" } else { "sample" }.into(),
                rows_per_file: (!config.sample.full).then_some(config.sample.rows_per_file as u64),
                files_per_dataset: (!config.sample.full)
                    .then_some(config.sample.files_per_dataset as u64),
            },
            io: Io {
                files,
                bytes_total,
                bytes_read: counters.bytes_read(),
                requests: counters.requests(),
            },
            throughput: Throughput {
                rows_read,
                rows_per_s: per_s(rows_read),
                bytes_read_per_s: per_s(counters.bytes_read()),
            },
            hashes,
            baseline,
        },
        summary,
        changes,
        datasets: reports,
        errors,
        skipped,
    };
    Ok(report)
}

/// Keys are paths relative to each scanned root, so two sources can hold the
/// same key (`a/lake` and `b/lake` both with `t/`): those datasets' keys then
/// start with their root's name, or the source as written when that is shared too.
fn distinct_keys(datasets: &mut [Dataset]) {
    let colliding = |ds: &[Dataset]| -> Vec<bool> {
        let mut n: std::collections::HashMap<(String, &str), usize> = Default::default();
        for d in ds {
            *n.entry((store_name(&d.source.store_url), d.key.as_str()))
                .or_default() += 1;
        }
        ds.iter()
            .map(|d| n[&(store_name(&d.source.store_url), d.key.as_str())] > 1)
            .collect()
    };
    let original: Vec<String> = datasets.iter().map(|d| d.key.clone()).collect();
    let first = colliding(datasets);
    for (d, (&c, key)) in datasets.iter_mut().zip(first.iter().zip(&original)) {
        if c {
            d.key = format!("{}/{key}", source::root_name(&d.source));
        }
    }
    let second = colliding(datasets);
    for (d, (&c, key)) in datasets.iter_mut().zip(second.iter().zip(&original)) {
        if c {
            d.key = format!("{}/{key}", d.source.display);
        }
    }
}

/// Fingerprints of the policy, the detectors (and the tool version, which
/// carries the validators) and the sample settings.
fn hashes(policy: &Grading, set: &DetectorSet, sample: SampleConfig) -> report::Hashes {
    report::Hashes {
        policy: hash::fnv64(&format!("{:?} {:?}", policy.policy, policy.catalog)),
        detectors: set.fingerprint(),
        sample: hash::fnv64(&format!(
            "{:?}",
            SampleConfig {
                // Read whole, a scan on a cluster reads the same rows.
                on_cluster: sample.on_cluster && !sample.full,
                ..sample
            }
        )),
    }
}

fn error_entry(e: &SourceError) -> ErrorEntry {
    ErrorEntry {
        uri: e.uri.clone(),
        error: redact(&e.message),
        store: None,
        object: None,
    }
}

/// An error about one of a dataset's files, with what a baseline compares.
fn file_error(e: &SourceError, store: &str, files: &[ObjectInfo]) -> ErrorEntry {
    let mut entry = error_entry(e);
    entry.object = files.iter().find(|o| o.uri == e.uri).cloned();
    if entry.object.is_some() {
        entry.store = Some(store.to_string());
    }
    entry
}

/// The array of a (possibly nested) column in a scanned batch.
fn leaf_array(batch: &RecordBatch, path: &[usize]) -> Option<ArrayRef> {
    let mut array = batch.columns().get(*path.first()?)?.clone();
    for &i in &path[1..] {
        array = array.as_struct_opt()?.columns().get(i)?.clone();
    }
    Some(array)
}

/// Detect over one batch, every scanned column in parallel, each with the
/// `fenji_detect` aggregate's accumulator; one evidence per scanned column.
fn detect_batch(
    set: &Arc<DetectorSet>,
    columns: &[PlannedColumn],
    scanned: &[usize],
    batch: &RecordBatch,
) -> Vec<ColumnEvidence> {
    scanned
        .par_iter()
        .map(|&i| {
            let mut acc = DetectAccumulator::new(set.clone());
            if let Some(array) = leaf_array(batch, &columns[i].path) {
                acc.observe(&array);
            }
            acc.into_evidence()
        })
        .collect()
}

/// A scanned batch cut where its file changes (the last column, see
/// [`sample::FILE_COLUMN`]), each part with its file's index.
fn by_file(batch: RecordBatch) -> Vec<(usize, RecordBatch)> {
    let files = batch
        .schema()
        .fields()
        .last()
        .filter(|f| f.name() == sample::FILE_COLUMN)
        .and_then(|_| {
            batch
                .columns()
                .last()?
                .as_primitive_opt::<datafusion::arrow::datatypes::UInt32Type>()
                .cloned()
        });
    let Some(files) = files else {
        return vec![(usize::MAX, batch)];
    };
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=files.len() {
        if i == files.len() || files.value(i) != files.value(start) {
            out.push((files.value(start) as usize, batch.slice(start, i - start)));
            start = i;
        }
    }
    out
}

/// Batches most in flight on rayon per dataset: the scan decodes the next
/// batches while detection works on these, so every core is busy.
const BATCHES_IN_FLIGHT: usize = 8;

/// What detection found in one file of a dataset.
struct FileDetected {
    rows_read: u64,
    /// One per scanned column.
    evidence: Vec<DetectAccumulator>,
}

/// Detection of a dataset's batches on rayon, fed as the scan yields them:
/// a bounded number of batches at once (memory stays flat), evidence merged
/// per file as it comes back. Evidence merges in any order (see
/// `detect::aggregate`), so the report does not depend on which batch
/// finished first.
struct BatchDetector {
    set: Arc<DetectorSet>,
    columns: Arc<Vec<PlannedColumn>>,
    scanned: Arc<Vec<usize>>,
    slots: Arc<tokio::sync::Semaphore>,
    tx: std::sync::mpsc::Sender<(usize, u64, Vec<ColumnEvidence>)>,
    rx: std::sync::mpsc::Receiver<(usize, u64, Vec<ColumnEvidence>)>,
    files: BTreeMap<usize, FileDetected>,
}

impl BatchDetector {
    fn new(set: Arc<DetectorSet>, columns: Vec<PlannedColumn>, scanned: Vec<usize>) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        BatchDetector {
            set,
            columns: Arc::new(columns),
            scanned: Arc::new(scanned),
            slots: Arc::new(tokio::sync::Semaphore::new(BATCHES_IN_FLIGHT)),
            tx,
            rx,
            files: BTreeMap::new(),
        }
    }

    /// Hand a batch of file `file` to rayon; waits (without blocking the
    /// runtime) while `BATCHES_IN_FLIGHT` batches are being detected.
    async fn submit(&mut self, file: usize, batch: RecordBatch) {
        let Ok(slot) = self.slots.clone().acquire_owned().await else {
            return;
        };
        self.drain();
        let (set, columns, scanned, tx) = (
            self.set.clone(),
            self.columns.clone(),
            self.scanned.clone(),
            self.tx.clone(),
        );
        rayon::spawn(move || {
            let ev = detect_batch(&set, &columns, &scanned, &batch);
            let _ = tx.send((file, batch.num_rows() as u64, ev));
            drop(slot);
        });
    }

    fn drain(&mut self) {
        while let Ok((file, rows, ev)) = self.rx.try_recv() {
            self.add(file, rows, &ev);
        }
    }

    /// Merge one part's evidence (a batch's, or a file's from a cluster).
    fn add(&mut self, file: usize, rows: u64, ev: &[ColumnEvidence]) {
        let set = &self.set;
        let f = self.files.entry(file).or_insert_with(|| FileDetected {
            rows_read: 0,
            evidence: ev
                .iter()
                .map(|_| DetectAccumulator::new(set.clone()))
                .collect(),
        });
        f.rows_read += rows;
        for (acc, part) in f.evidence.iter_mut().zip(ev) {
            acc.merge_evidence(part);
        }
    }

    /// Wait for the batches in flight and return the evidence by file.
    async fn finish(mut self) -> BTreeMap<usize, FileDetected> {
        let all = BATCHES_IN_FLIGHT as u32;
        let _all = self.slots.clone().acquire_many_owned(all).await;
        self.drain();
        self.files
    }
}

/// A dataset planned and read: its plan and what detection found per file.
struct ReadDataset {
    plan: sample::DatasetPlan,
    /// Indexes (in `plan.columns`) of the scanned columns.
    scanned: Vec<usize>,
    files: BTreeMap<usize, FileDetected>,
    rows_read: u64,
}

/// Plan and read `ds`, detecting per file; a dataset that cannot be read
/// comes back as its outcome.
async fn read_dataset(
    ds: &Dataset,
    sample: SampleConfig,
    ctx: &SessionContext,
    set: &Arc<DetectorSet>,
    progress: &Progress,
    runner: &Runner,
) -> Result<ReadDataset, Outcome> {
    let plan = match sample::plan(ds, sample, ctx).await {
        Ok(p) => p,
        Err(e) => return Err(Outcome::Failed(vec![e])),
    };
    if let Some(reason) = plan.skipped.clone() {
        return Err(Outcome::Skipped(SkippedEntry {
            uri: ds.uri.clone(),
            reason,
        }));
    }
    if plan.columns.is_empty() {
        // Every file failed planning.
        return Err(Outcome::Failed(plan.file_errors));
    }
    let scanned: Vec<usize> = (0..plan.columns.len())
        .filter(|&i| plan.columns[i].scanned)
        .collect();
    let mut detector = BatchDetector::new(set.clone(), plan.columns.clone(), scanned.clone());
    let mut rows_read = 0u64;
    let dataset_error = |e: &dyn std::fmt::Display| {
        let uri = if ds.files.len() == 1 {
            ds.files[0].uri.clone()
        } else {
            ds.uri.clone()
        };
        let mut errs = plan.file_errors.clone();
        errs.push(SourceError::new(uri, source::first_line(&e.to_string())));
        Outcome::Failed(errs)
    };
    for (file, batch) in &plan.decoded {
        rows_read += batch.num_rows() as u64;
        progress.add_rows(batch.num_rows() as u64);
        detector.submit(*file, batch.clone()).await;
    }
    // On a cluster: the scan and detection run there, per file.
    #[cfg(feature = "distributed")]
    if let (Runner::Ballista(engine), Some(spec)) = (runner, &plan.spec) {
        let paths: Vec<Vec<usize>> = scanned
            .iter()
            .map(|&i| plan.columns[i].path.clone())
            .collect();
        match engine.detect(spec, &paths).await {
            Ok(by_file) => {
                for (file, evidence) in by_file {
                    let rows = evidence.first().map_or(0, |e| e.rows);
                    rows_read += rows;
                    progress.add_rows(rows);
                    detector.add(file, rows, &evidence);
                }
            }
            Err(e) => return Err(dataset_error(&e)),
        }
        let files = detector.finish().await;
        return Ok(ReadDataset {
            plan,
            scanned,
            files,
            rows_read,
        });
    }
    #[cfg(not(feature = "distributed"))]
    let Runner::Local = runner;
    match plan.execute(ctx) {
        Ok(Some(mut stream)) => loop {
            match stream.try_next().await {
                Ok(Some(batch)) => {
                    rows_read += batch.num_rows() as u64;
                    progress.add_rows(batch.num_rows() as u64);
                    for (file, part) in by_file(batch) {
                        detector.submit(file, part).await;
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(dataset_error(&e)),
            }
        },
        Ok(None) => {}
        Err(e) => return Err(dataset_error(&e)),
    }
    let files = detector.finish().await;
    Ok(ReadDataset {
        plan,
        scanned,
        files,
        rows_read,
    })
}

impl ReadDataset {
    /// Rows of the files read: Parquet footers give exact counts; text is
    /// exact only when read whole.
    fn rows(&self) -> (u64, bool) {
        if self.plan.rows_exact {
            (self.plan.rows, true)
        } else if self.plan.covers_all {
            (self.rows_read, true)
        } else {
            (self.plan.rows, false)
        }
    }

    /// Each scanned column's evidence, merged over the files read.
    fn merged(&self, set: &Arc<DetectorSet>) -> BTreeMap<String, ColumnEvidence> {
        // Every scanned column has evidence, empty when no row came back.
        let mut out: BTreeMap<String, ColumnEvidence> = self
            .scanned
            .iter()
            .map(|&i| {
                (
                    self.plan.columns[i].name.clone(),
                    ColumnEvidence::new(set.len()),
                )
            })
            .collect();
        for f in self.files.values() {
            for (k, acc) in f.evidence.iter().enumerate() {
                let name = &self.plan.columns[self.scanned[k]].name;
                out.entry(name.clone())
                    .or_insert_with(|| ColumnEvidence::new(set.len()))
                    .merge(acc.evidence());
            }
        }
        // The footers know the newest date of every file, read or not.
        for (name, &secs) in &self.plan.newest {
            if let Some(ev) = out.get_mut(name) {
                let t = &mut ev.temporal;
                t.newest = Some(t.newest.map_or(secs, |n| n.max(secs)));
            }
        }
        out
    }

    /// The listing entry of `ds.files[i]` (read as `files[i]` here), with
    /// its rows and evidence when the dataset is a table of several files.
    fn object(&self, f: &source::DataFile, i: usize, table: bool, set: &DetectorSet) -> ObjectInfo {
        let mut o = ObjectInfo::of(f);
        if !table {
            return o;
        }
        let detected = self.files.get(&i);
        o.rows = self.plan.file_rows.get(&i).copied().or_else(|| {
            self.plan
                .covers_all
                .then(|| detected.map_or(0, |d| d.rows_read))
        });
        o.evidence = detected.map(|d| report::FileEvidence {
            rows_read: d.rows_read,
            columns: d
                .evidence
                .iter()
                .enumerate()
                .map(|(k, acc)| {
                    let name = self.plan.columns[self.scanned[k]].name.clone();
                    (name, acc.evidence().to_wire(set))
                })
                .collect(),
        });
        o
    }
}

/// A dataset's columns as grading takes them: name, type, whether scanned.
type Columns = Vec<(String, String, bool)>;

/// Grade a dataset from its columns' evidence and make its report.
#[allow(clippy::too_many_arguments)]
fn dataset_report(
    ds: &Dataset,
    set: &DetectorSet,
    policy: &Grading,
    columns: &Columns,
    evidence: &BTreeMap<String, ColumnEvidence>,
    (rows, rows_exact): (u64, bool),
    sample: SampleInfoOut,
    objects: Vec<ObjectInfo>,
) -> DatasetReport {
    let inputs: Vec<ColumnInput<'_>> = columns
        .iter()
        .map(|(name, data_type, scanned)| ColumnInput {
            name,
            data_type: data_type.clone(),
            evidence: if *scanned { evidence.get(name) } else { None },
        })
        .collect();
    let cx = policy.context(&ds.key, rows, rows_exact);
    let graded = grade::grade_dataset(set, policy, &inputs, &cx);
    let mut report = DatasetReport {
        uri: ds.uri.clone(),
        key: ds.key.clone(),
        store: store_name(&ds.source.store_url),
        format: ds.format_name().into(),
        files: objects.len() as u64,
        partitions: ds.partitions.clone(),
        rows,
        rows_exact,
        grade: graded,
        decision: None,
        sample,
        objects,
        sheet: None,
        sheets: None,
        reused: false,
        files_reused: None,
    };
    review::identify(&mut report);
    report
}

#[allow(clippy::too_many_arguments)]
/// Plan, read, detect and grade one dataset. With `partial` (a table whose
/// files changed only in part since the baseline), only its changed and new
/// files are read, and the unchanged files' evidence comes from the baseline.
async fn scan_dataset(
    ds: Dataset,
    sample: SampleConfig,
    ctx: &SessionContext,
    set: &Arc<DetectorSet>,
    policy: &Grading,
    progress: &Progress,
    partial: Option<baseline::Partial>,
    runner: &Runner,
) -> Outcome {
    if let Some(p) = partial
        && let Some(out) =
            scan_changed_files(&ds, p, sample, ctx, set, policy, progress, runner).await
    {
        return out;
    }
    let read = match read_dataset(&ds, sample, ctx, set, progress, runner).await {
        Ok(r) => r,
        Err(out) => return out,
    };
    let columns: Columns = read
        .plan
        .columns
        .iter()
        .map(|c| (c.name.clone(), format!("{}", c.data_type), c.scanned))
        .collect();
    let failed: Vec<&str> = read
        .plan
        .file_errors
        .iter()
        .map(|e| e.uri.as_str())
        .collect();
    let table = ds.files.len() > 1;
    let objects = ds
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| !failed.contains(&f.uri.as_str()))
        .map(|(i, f)| read.object(f, i, table, set))
        .collect::<Vec<_>>();
    let sample = SampleInfoOut {
        plan: read.plan.sample.clone(),
        rows_read: read.rows_read,
    };
    let report = dataset_report(
        &ds,
        set,
        policy,
        &columns,
        &read.merged(set),
        read.rows(),
        sample,
        objects,
    );
    Outcome::Graded(Box::new(report), read.plan.file_errors)
}

/// A table of which some files changed since the baseline: read those, take
/// the others' evidence from the baseline, grade the whole. `None` when the
/// changed files no longer have the table's columns (read it all then).
#[allow(clippy::too_many_arguments)]
async fn scan_changed_files(
    ds: &Dataset,
    p: baseline::Partial,
    sample: SampleConfig,
    ctx: &SessionContext,
    set: &Arc<DetectorSet>,
    policy: &Grading,
    progress: &Progress,
    runner: &Runner,
) -> Option<Outcome> {
    // The kept files' evidence first: a baseline that does not decode is
    // found before anything is read.
    let mut kept_evidence: BTreeMap<String, ColumnEvidence> = BTreeMap::new();
    for (_, o) in &p.kept {
        for (name, wire) in o.evidence.iter().flat_map(|e| &e.columns) {
            let ev = ColumnEvidence::from_wire(wire, set).ok()?;
            kept_evidence
                .entry(name.clone())
                .or_insert_with(|| ColumnEvidence::new(set.len()))
                .merge(&ev);
        }
    }
    let changed = Dataset {
        files: p.read.iter().map(|&i| ds.files[i].clone()).collect(),
        ..ds.clone()
    };
    let read = if changed.files.is_empty() {
        None
    } else {
        Some(
            read_dataset(&changed, sample, ctx, set, progress, runner)
                .await
                .ok()?,
        )
    };
    if let Some(r) = &read {
        // The changed files must still have the table's columns and types.
        let now: Vec<(&str, String)> = r
            .plan
            .columns
            .iter()
            .map(|c| (c.name.as_str(), format!("{}", c.data_type)))
            .collect();
        let before: Vec<(&str, String)> = p
            .columns
            .iter()
            .map(|c| (c.0.as_str(), c.1.clone()))
            .collect();
        if now != before {
            return None;
        }
    }
    let mut evidence = read.as_ref().map(|r| r.merged(set)).unwrap_or_default();
    for (name, ev) in &kept_evidence {
        evidence
            .entry(name.clone())
            .or_insert_with(|| ColumnEvidence::new(set.len()))
            .merge(ev);
    }
    let (mut rows, mut exact) = read.as_ref().map_or((0, true), ReadDataset::rows);
    let mut objects: Vec<(usize, ObjectInfo)> = Vec::new();
    for (i, mut o) in p.kept {
        rows += o.rows.unwrap_or(0);
        o.uri = ds.files[i].uri.clone();
        objects.push((i, o));
    }
    if let Some(n) = p.estimated_rows {
        rows += n;
        exact = false;
    }
    let mut errors = Vec::new();
    let mut sample_out = SampleInfoOut::default();
    if let Some(r) = &read {
        let failed: Vec<&str> = r.plan.file_errors.iter().map(|e| e.uri.as_str()).collect();
        for (k, f) in changed.files.iter().enumerate() {
            if !failed.contains(&f.uri.as_str()) {
                objects.push((p.read[k], r.object(f, k, true, set)));
            }
        }
        errors = r.plan.file_errors.clone();
        sample_out = SampleInfoOut {
            plan: r.plan.sample.clone(),
            rows_read: r.rows_read,
        };
    }
    objects.sort_by_key(|(i, _)| *i);
    let kept = objects.len() - objects.iter().filter(|(i, _)| p.read.contains(i)).count();
    let mut report = dataset_report(
        ds,
        set,
        policy,
        &p.columns,
        &evidence,
        (rows, exact),
        sample_out,
        objects.into_iter().map(|(_, o)| o).collect(),
    );
    report.files_reused = Some(kept as u64);
    Some(Outcome::Graded(Box::new(report), errors))
}

/// A store as reports name it: `file://` or `s3://bucket`.
pub(crate) fn store_name(url: &datafusion::execution::object_store::ObjectStoreUrl) -> String {
    let s = url.as_str();
    s.strip_suffix('/').unwrap_or(s).to_string()
}
