//! How little to read: per dataset, read footers (Parquet) or a head range
//! (CSV) first, then build a DataFusion scan that fetches only the sample:
//! a file-level `RowSelection` of windows spread over the file for Parquet
//! (unselected row groups and pages are never requested), a few line-aligned
//! byte ranges for CSV. Only columns whose type can hold identifiers are projected.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::ScalarValue;
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::parquet::metadata::DFParquetMetadata;
use datafusion::datasource::physical_plan::parquet::{
    CachedParquetFileReaderFactory, ParquetFileReaderFactory, ParquetRowSelection,
};
use datafusion::datasource::source::DataSourceExec;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::parquet::arrow::arrow_reader::{RowSelection, RowSelector};
use datafusion::parquet::arrow::{parquet_column, parquet_to_arrow_schema};
use datafusion::parquet::file::metadata::ParquetMetaData;
use datafusion::physical_plan::execute_stream;
use datafusion::prelude::SessionContext;
use futures::StreamExt;
use serde::Serialize;

use crate::source::{Dataset, Format, SourceError, first_line};

pub mod group;
mod prefix;
pub mod sheet;
pub mod spec;
mod text;

pub use spec::{ScanFile, ScanFormat, ScanSpec};

use prefix::PrefixError;

/// How much of each file to read.
#[derive(Debug, Clone, Copy)]
pub struct SampleConfig {
    /// Read every row of every file.
    pub full: bool,
    /// Rows to sample per file when not `full`.
    pub rows_per_file: usize,
    /// Files of a many-file Parquet table that are sampled (spread over the
    /// table: first, last and between); the others give their footers only.
    pub files_per_dataset: usize,
    /// Most bytes a sample fetches, as a share of the table's bytes (with a
    /// floor of [`MIN_SAMPLE_BYTES`]): a big table is sampled for a sliver of
    /// its bytes, a small one keeps its rows.
    pub max_byte_fraction: f64,
    /// The sample is read on a cluster (`--engine`): Parquet samples are
    /// row selections the executors read, not chunk prefixes fetched here.
    pub on_cluster: bool,
}

impl Default for SampleConfig {
    fn default() -> Self {
        Self {
            full: false,
            rows_per_file: 10_000,
            files_per_dataset: 3,
            max_byte_fraction: 0.0175,
            on_cluster: false,
        }
    }
}

/// The least a sample may fetch of a table, whatever its size.
pub const MIN_SAMPLE_BYTES: u64 = 768 * 1024;

impl SampleConfig {
    /// Bytes the sample of a table of `bytes` may fetch (footers and heads aside).
    pub fn byte_budget(&self, bytes: u64) -> u64 {
        ((bytes as f64 * self.max_byte_fraction) as u64).max(MIN_SAMPLE_BYTES)
    }
}

/// Sampling windows per file: spread over the file so sorted or appended data
/// does not hide a sensitive tail.
const WINDOWS: u64 = 8;
/// Parquet footers fetched at once for one dataset.
const FOOTER_CONCURRENCY: usize = 16;

/// What the sampler decided for one dataset, as the report records it.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct SampleInfo {
    pub mode: String,
    /// Row groups selected / in all files (Parquet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_groups_read: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_groups_total: Option<u64>,
    /// Files read / in the dataset (Parquet tables of many files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files_sampled: Option<u64>,
    /// Byte ranges read per file (CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranges: Option<u64>,
    pub rows_planned: u64,
    /// Compression of text files read as a bounded prefix of the decompressed stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compression: Option<String>,
    /// Text encoding of CSV files that were not UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// How the Parquet sample was read: `chunk_prefix` (a bounded prefix of each
    /// column chunk of the sampled row groups, decoded here), `row_selection`
    /// (DataFusion's reader with a row selection), or both in one table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reader: Option<String>,
    /// Where the sample sits when that is not spread over the file, e.g. the
    /// head of a file that is one row group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<String>,
    /// Bytes fetched for this dataset (footers, heads and sample) and its size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes_read: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes_total: Option<u64>,
}

impl SampleInfo {
    /// `"full"` or `"sample"`.
    pub fn mode(cfg: SampleConfig) -> String {
        if cfg.full { "full" } else { "sample" }.to_string()
    }
}

/// A column of the dataset (a leaf of nested JSON gets a dotted name) and
/// whether it is read.
#[derive(Debug, Clone)]
pub struct PlannedColumn {
    pub name: String,
    pub data_type: DataType,
    pub scanned: bool,
    /// Where the column is in a scanned batch: the projected top-level column,
    /// then child indexes into structs.
    pub path: Vec<usize>,
}

/// A ready-to-run sampled scan of one dataset.
pub struct DatasetPlan {
    pub columns: Vec<PlannedColumn>,
    pub rows: u64,
    pub rows_exact: bool,
    pub sample: SampleInfo,
    /// Files that could not be planned (bad footer, empty...): reported, not scanned.
    pub file_errors: Vec<SourceError>,
    /// Every row of every planned file is read: counting the scanned rows gives
    /// the exact row count (CSV has no footer to tell it).
    pub covers_all: bool,
    exec: Option<Arc<DataSourceExec>>,
    /// What `exec` reads, as data (a distributed executor rebuilds it from this).
    pub spec: Option<ScanSpec>,
    /// Batches already read and transcoded to UTF-8 (GBK/GB18030 CSV), with all
    /// (string) columns, each with the index of its file in the dataset's
    /// `files`; scanned beside `exec`'s stream.
    pub decoded: Vec<(usize, RecordBatch)>,
    /// Exact rows of each file whose footer says (Parquet), by file index.
    pub file_rows: std::collections::BTreeMap<usize, u64>,
    /// The newest value of each date and timestamp column, from the Parquet
    /// statistics of every row group of every file (read or not), in
    /// seconds since 1970: a sample may miss the one recent row.
    pub newest: std::collections::BTreeMap<String, i64>,
    /// The content is not a dataset after all (a `.txt` that is prose): why.
    pub skipped: Option<String>,
}

impl DatasetPlan {
    /// A plan that reads nothing: every file failed, or the content is not a dataset.
    pub(crate) fn empty(file_errors: Vec<SourceError>, skipped: Option<String>) -> Self {
        DatasetPlan {
            columns: vec![],
            rows: 0,
            rows_exact: true,
            sample: SampleInfo::default(),
            file_errors,
            covers_all: false,
            exec: None,
            spec: None,
            decoded: vec![],
            file_rows: Default::default(),
            newest: Default::default(),
            skipped,
        }
    }

    /// Run the scan; batches carry only the scanned columns, in `columns`
    /// order, then the index of their file (see [`FILE_COLUMN`]).
    pub fn execute(
        &self,
        ctx: &SessionContext,
    ) -> datafusion::error::Result<Option<SendableRecordBatchStream>> {
        match &self.exec {
            Some(exec) => Ok(Some(execute_stream(exec.clone(), ctx.task_ctx())?)),
            None => Ok(None),
        }
    }
}

/// The column a scan's batches end with: the index of the batch's file in
/// the dataset's `files` (per-file evidence, reused by the next night's run).
pub const FILE_COLUMN: &str = "__fenji_file";

/// Can a column of this type hold the identifiers we look for?
pub fn worth_scanning(dt: &DataType) -> bool {
    match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        // Strings written without the UTF8 annotation (Sqoop, Impala, old Hive).
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => true,
        // Element by element; a map by its values.
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::FixedSizeList(f, _)
        | DataType::ListView(f)
        | DataType::LargeListView(f) => worth_scanning(f.data_type()),
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(kv) => kv.get(1).is_some_and(|v| worth_scanning(v.data_type())),
            _ => false,
        },
        DataType::Int64 | DataType::UInt64 => true,
        DataType::Decimal128(_, 0) => true,
        // Coordinates (checked with a name hint or a partner column).
        DataType::Float32 | DataType::Float64 => true,
        // Dates and times: the newest, and whether they have a time of day
        // (the historical, realtime and granularity rules).
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => true,
        DataType::Dictionary(_, v) => worth_scanning(v),
        DataType::Struct(fields) => fields.iter().any(|f| worth_scanning(f.data_type())),
        _ => false,
    }
}

/// Plan the scan of `ds`. Errors that concern the whole dataset come back as `Err`.
pub async fn plan(
    ds: &Dataset,
    cfg: SampleConfig,
    ctx: &SessionContext,
) -> Result<DatasetPlan, SourceError> {
    match ds.format {
        Format::Parquet => plan_parquet(ds, cfg, ctx).await,
        Format::Csv => text::plan_csv(ds, cfg).await,
        Format::Json => text::plan_json(ds, cfg).await,
        // Workbooks are read whole by `sheet`, not planned.
        Format::Spreadsheet => Err(SourceError::new(
            &ds.uri,
            "a workbook is read whole, not through a sampling plan",
        )),
    }
}

/// Which of `n` items (files, row groups) to take when at most `k` are: evenly
/// spread, first and last included.
fn spread_positions(n: usize, k: usize) -> Vec<usize> {
    let k = k.max(1).min(n);
    // k <= n, so the positions are distinct.
    (0..k)
        .map(|j| if k == 1 { 0 } else { j * (n - 1) / (k - 1) })
        .collect()
}

/// One window of `budget` rows in a file, placed at `j / (k - 1)` of the way
/// through it (head for the first sampled file of a table, tail for the last):
/// a single window touches one row group, so one dictionary page and about one
/// data page per column are fetched. Returns the selection and row groups touched.
fn window_selection(row_groups: &[u64], budget: u64, j: u64, k: u64) -> (RowSelection, u64) {
    let total: u64 = row_groups.iter().sum();
    let take = budget.min(total);
    let offset = if k <= 1 {
        0
    } else {
        (total - take) * j / (k - 1)
    };
    let mut start = 0;
    let touched = row_groups
        .iter()
        .filter(|&&rows| {
            let (lo, hi) = (start, start + rows);
            start = hi;
            lo < offset + take && offset < hi
        })
        .count() as u64;
    let selectors: Vec<RowSelector> = [
        RowSelector::skip(offset as usize),
        RowSelector::select(take as usize),
        RowSelector::skip((total - take - offset) as usize),
    ]
    .into_iter()
    .filter(|s| s.row_count > 0)
    .collect();
    (RowSelection::from(selectors), touched)
}

/// A file-level selection of about `budget` rows: windows inside row groups
/// spread evenly over the file (first and last included), so few row groups
/// are touched and, with the page index, only the pages of each window are fetched.
/// Returns the selection and the number of row groups it touches.
fn spread_selection(row_groups: &[u64], budget: u64) -> (RowSelection, u64) {
    let n = row_groups.len() as u64;
    let total: u64 = row_groups.iter().sum();
    if n == 0 || total <= budget {
        return (
            RowSelection::from(vec![RowSelector::select(total as usize)]),
            n,
        );
    }
    let avg = total.div_ceil(n).max(1);
    let k = n.min(WINDOWS.max(budget.div_ceil(avg)));
    let size = budget.div_ceil(k);
    let chosen = spread_positions(n as usize, k as usize);
    let mut selectors = Vec::new();
    let mut touched = 0;
    for (i, &rows) in row_groups.iter().enumerate() {
        let Some(j) = chosen.iter().position(|&c| c == i) else {
            selectors.push(RowSelector::skip(rows as usize));
            continue;
        };
        touched += 1;
        let take = size.min(rows);
        // Vary the window's place inside its row group: head, middle, tail.
        let offset = if k == 1 {
            0
        } else {
            (rows - take) * j as u64 / (k - 1)
        };
        selectors.push(RowSelector::skip(offset as usize));
        selectors.push(RowSelector::select(take as usize));
        selectors.push(RowSelector::skip((rows - take - offset) as usize));
    }
    selectors.retain(|s| s.row_count > 0);
    (RowSelection::from(selectors), touched)
}

async fn plan_parquet(
    ds: &Dataset,
    cfg: SampleConfig,
    ctx: &SessionContext,
) -> Result<DatasetPlan, SourceError> {
    let cache = ctx.runtime_env().cache_manager.get_file_metadata_cache();
    let mut schema: Option<Schema> = None;
    let mut files = Vec::new();
    let mut file_errors = Vec::new();
    let (mut rows, mut rg_read, mut rg_total, mut planned) = (0u64, 0u64, 0u64, 0u64);
    let mut rows_by_file = std::collections::BTreeMap::new();
    let mut newest = std::collections::BTreeMap::new();
    // String columns stored dictionary-encoded (decided on the first readable
    // file): read as Arrow dictionaries so each distinct value is checked once.
    let mut dictionary_columns: Option<Vec<String>> = None;
    // Footers of a many-file table are fetched concurrently (one round trip
    // each on S3), then planned in file order.
    let footers: Vec<_> = futures::stream::iter(&ds.files)
        .map(|f| {
            let cache = cache.clone();
            async move {
                if f.meta.size == 0 {
                    return Err("empty file (0 bytes)".to_string());
                }
                DFParquetMetadata::new(ds.source.store.as_ref(), &f.meta)
                    .with_file_metadata_cache(Some(cache))
                    .fetch_metadata()
                    .await
                    .map_err(|e| {
                        format!(
                            "not a readable Parquet file: {}",
                            first_line(&e.to_string())
                        )
                    })
            }
        })
        .buffered(FOOTER_CONCURRENCY)
        .collect()
        .await;
    // A table of many files: sample a few spread over it, one window each.
    let sampled = spread_positions(ds.files.len(), cfg.files_per_dataset);
    let many = sampled.len() > 1;
    let mut files_sampled = 0u64;
    let mut prefix_jobs: Vec<PrefixJob> = Vec::new();
    for (i, (f, md)) in ds.files.iter().zip(footers).enumerate() {
        let md = match md {
            Ok(md) => md,
            Err(e) => {
                file_errors.push(SourceError::new(&f.uri, e));
                continue;
            }
        };
        let fm = md.file_metadata();
        let file_schema = match parquet_to_arrow_schema(fm.schema_descr(), fm.key_value_metadata())
        {
            Ok(s) => s,
            Err(e) => {
                file_errors.push(SourceError::new(&f.uri, format!("parquet schema: {e}")));
                continue;
            }
        };
        for (name, secs) in newest_in_statistics(&md, &file_schema) {
            let e = newest.entry(name).or_insert(secs);
            *e = (*e).max(secs);
        }
        let dict = dictionary_columns.get_or_insert_with(|| dictionary_encoded(&md, &file_schema));
        let file_arrow = as_dictionaries(&file_schema, dict);
        schema = Some(match schema {
            None => file_schema,
            Some(s) => match Schema::try_merge([s.clone(), file_schema]) {
                Ok(m) => m,
                Err(e) => {
                    file_errors.push(SourceError::new(
                        &f.uri,
                        format!("schema differs from the dataset's: {e}"),
                    ));
                    s
                }
            },
        });
        let file_rows = fm.num_rows().max(0) as u64;
        rows += file_rows;
        rows_by_file.insert(i, file_rows);
        rg_total += md.num_row_groups() as u64;
        let mut pf =
            PartitionedFile::new_from_meta(f.meta.clone()).with_arrow_schema(Arc::new(file_arrow));
        let pick = sampled.iter().position(|&p| p == i);
        if cfg.full || (pick.is_some() && file_rows <= cfg.rows_per_file as u64) {
            rg_read += md.num_row_groups() as u64;
            planned += file_rows;
        } else if let Some(j) = pick {
            let sizes: Vec<u64> = md
                .row_groups()
                .iter()
                .map(|rg| rg.num_rows().max(0) as u64)
                .collect();
            let budget = cfg.rows_per_file as u64;
            let (selection, touched) = if many {
                window_selection(&sizes, budget, j as u64, sampled.len() as u64)
            } else {
                spread_selection(&sizes, budget)
            };
            // Preferred: heads of the chosen row groups, read as chunk prefixes.
            let windows = if many {
                head_windows(&sizes, budget, Some((j, sampled.len())))
            } else {
                head_windows(&sizes, budget, None)
            };
            pf = pf.with_extension(ParquetRowSelection::new(selection.clone()));
            prefix_jobs.push(PrefixJob {
                file: f,
                index: i,
                md: md.clone(),
                windows,
                fallback: pf,
                fallback_rows: selection.row_count() as u64,
                fallback_touched: touched,
            });
            files_sampled += 1;
            continue;
        } else {
            continue; // footer only: its rows are counted, none read
        }
        files_sampled += 1;
        files.push(pf);
    }
    let Some(schema) = schema else {
        return Ok(DatasetPlan::empty(file_errors, None));
    };
    let columns = planned_columns(&schema);
    let schema = Arc::new(as_dictionaries(
        &schema,
        dictionary_columns.as_deref().unwrap_or(&[]),
    ));
    // Sampled files: chunk prefixes, at most the table's byte budget in all.
    let table_bytes: u64 = ds.files.iter().map(|f| f.meta.size).sum();
    let per_file = cfg.byte_budget(table_bytes) / prefix_jobs.len().max(1) as u64;
    let projected: SchemaRef = Arc::new(
        schema
            .project(&projection(&schema))
            .map_err(|e| SourceError::new(&ds.uri, e))?,
    );
    let store = ds.source.store.clone();
    let outcomes: Vec<_> = futures::stream::iter(prefix_jobs)
        .map(|job| {
            let (store, projected) = (store.clone(), projected.clone());
            async move {
                let cols = if cfg.on_cluster {
                    Err("read on the cluster".to_string())
                } else {
                    prefix_columns(&job.md, &projected)
                };
                let out = match cols {
                    Err(why) => Err(PrefixError::Unsupported(why)),
                    Ok(cols) => {
                        prefix::sample_file(
                            &store,
                            &job.file.meta.location,
                            &job.md,
                            &job.windows,
                            &cols,
                            &projected,
                            per_file,
                        )
                        .await
                    }
                };
                (job, out)
            }
        })
        .buffered(FOOTER_CONCURRENCY)
        .collect()
        .await;
    let (mut by_prefix, mut by_selection) = (0u64, 0u64);
    let mut decoded = Vec::new();
    for (job, out) in outcomes {
        match out {
            Ok(sample) => {
                by_prefix += 1;
                planned += sample.rows;
                rg_read += job.windows.len() as u64;
                decoded.extend(sample.batches.into_iter().map(|b| (job.index, b)));
            }
            Err(PrefixError::Unsupported(_)) => {
                by_selection += 1;
                planned += job.fallback_rows;
                rg_read += job.fallback_touched;
                files.push(job.fallback);
            }
            Err(e) => file_errors.push(SourceError::new(&job.file.uri, e.to_string())),
        }
    }
    let reader = match (by_prefix, by_selection) {
        (0, 0) => None,
        (_, 0) => Some("chunk_prefix"),
        (0, _) => Some("row_selection"),
        _ => Some("chunk_prefix+row_selection"),
    };
    let one_group = by_prefix > 0 && !many && rg_total == 1;
    // Read through the metadata cache filled above: the footer is not fetched
    // twice, and the page index in it lets the reader fetch only selected pages.
    let factory = Arc::new(CachedParquetFileReaderFactory::new(
        ds.source.store.clone(),
        cache,
    ));
    let partitions = ctx.copied_config().target_partitions();
    let scan = build_exec(
        ds,
        &schema,
        files,
        partitions,
        ScanFormat::Parquet,
        Some(factory),
    )?;
    let (spec, exec) = scan.unzip();
    Ok(DatasetPlan {
        columns,
        rows,
        rows_exact: true,
        covers_all: planned == rows,
        sample: SampleInfo {
            mode: SampleInfo::mode(cfg),
            row_groups_read: Some(rg_read),
            row_groups_total: Some(rg_total),
            files_sampled: (ds.files.len() > 1).then_some(files_sampled),
            ranges: None,
            rows_planned: planned,
            reader: reader.map(str::to_string),
            placement: one_group.then(|| "head of the file (one row group)".to_string()),
            ..SampleInfo::default()
        },
        file_errors,
        exec,
        spec,
        decoded,
        file_rows: rows_by_file,
        newest,
        skipped: None,
    })
}

/// A sampled file waiting for its chunk prefixes to be read, with the
/// row-selection scan to fall back on.
struct PrefixJob<'a> {
    file: &'a crate::source::DataFile,
    /// Its index in the dataset's files.
    index: usize,
    md: Arc<ParquetMetaData>,
    windows: Vec<prefix::Window>,
    fallback: PartitionedFile,
    fallback_rows: u64,
    fallback_touched: u64,
}

/// Heads of row groups to sample, `budget` rows in all: spread over the row
/// groups (first and last included), or, for the `j`-th of `k` sampled files of
/// a table, one head `j / (k - 1)` of the way through the file.
fn head_windows(
    row_groups: &[u64],
    budget: u64,
    file: Option<(usize, usize)>,
) -> Vec<prefix::Window> {
    let n = row_groups.len();
    if n == 0 {
        return vec![];
    }
    let chosen = match file {
        Some((j, k)) => vec![if k <= 1 { 0 } else { j * (n - 1) / (k - 1) }],
        None => {
            let total: u64 = row_groups.iter().sum();
            let avg = total.div_ceil(n as u64).max(1);
            let k = (n as u64).min(WINDOWS.max(budget.div_ceil(avg)));
            spread_positions(n, k as usize)
        }
    };
    let each = budget.div_ceil(chosen.len() as u64);
    chosen
        .into_iter()
        .map(|rg| prefix::Window {
            row_group: rg,
            rows: each.min(row_groups[rg]) as usize,
        })
        .filter(|w| w.rows > 0)
        .collect()
}

/// The projected columns as this file stores them: its leaf for each, none
/// when the file lacks the column. Nested columns are not read from prefixes.
fn prefix_columns(
    md: &ParquetMetaData,
    projected: &Schema,
) -> Result<Vec<prefix::ProjectedColumn>, String> {
    let fm = md.file_metadata();
    let arrow = parquet_to_arrow_schema(fm.schema_descr(), fm.key_value_metadata())
        .map_err(|e| e.to_string())?;
    projected
        .fields()
        .iter()
        .map(|f| {
            if matches!(f.data_type(), DataType::Struct(_)) {
                return Err(format!("nested column {}", f.name()));
            }
            let leaf = parquet_column(fm.schema_descr(), &arrow, f.name()).map(|(l, _)| l);
            Ok(prefix::ProjectedColumn {
                data_type: f.data_type().clone(),
                leaf,
            })
        })
        .collect()
}

/// The newest value of each top-level date and timestamp column whose every
/// row group has a max statistic, in seconds since 1970 (INT96 timestamps and
/// chunks without statistics give none). The unit follows what Parquet
/// stores: INT32 is days (a DATE, whatever Arrow type it is read as), INT64
/// the Arrow type's unit. A value without a time of day counts by its month,
/// as when read ([`crate::detect::Temporal::note`]).
fn newest_in_statistics(md: &ParquetMetaData, schema: &Schema) -> Vec<(String, i64)> {
    use datafusion::arrow::datatypes::TimeUnit;
    use datafusion::parquet::file::statistics::Statistics;
    let int64_per_second = |dt: &DataType| -> Option<i64> {
        Some(match dt {
            DataType::Date64 => 1_000,
            DataType::Timestamp(TimeUnit::Second, _) => 1,
            DataType::Timestamp(TimeUnit::Millisecond, _) => 1_000,
            DataType::Timestamp(TimeUnit::Microsecond, _) => 1_000_000,
            DataType::Timestamp(TimeUnit::Nanosecond, _) => 1_000_000_000,
            _ => return None,
        })
    };
    let mut out = Vec::new();
    for f in schema.fields() {
        if !matches!(
            f.data_type(),
            DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _)
        ) {
            continue;
        }
        let Some((leaf, _)) = parquet_column(md.file_metadata().schema_descr(), schema, f.name())
        else {
            continue;
        };
        let mut newest: Option<i64> = None;
        let mut complete = !md.row_groups().is_empty();
        for rg in md.row_groups() {
            let stats = rg.column(leaf).statistics();
            let max = match stats {
                Some(Statistics::Int32(s)) => {
                    s.max_opt().map(|d| (*d as i64).saturating_mul(86_400))
                }
                Some(Statistics::Int64(s)) => match int64_per_second(f.data_type()) {
                    Some(unit) => s.max_opt().map(|v| v.div_euclid(unit)),
                    None => None,
                },
                _ => None,
            };
            match max {
                Some(v) => newest = Some(newest.map_or(v, |n| n.max(v))),
                // An all-null row group has no max and no value either.
                None if stats.and_then(|s| s.null_count_opt())
                    == Some(rg.num_rows().max(0) as u64) => {}
                None => complete = false,
            }
        }
        if let (Some(secs), true) = (newest, complete) {
            let offset = match f.data_type() {
                DataType::Timestamp(_, Some(tz)) => crate::detect::tz_offset(tz),
                _ => 0,
            };
            let with_time = crate::detect::has_time_of_day(secs, offset);
            out.push((f.name().clone(), crate::detect::counted(secs, with_time)));
        }
    }
    out
}

/// Top-level string columns whose chunks in the first row group have a dictionary page.
fn dictionary_encoded(md: &ParquetMetaData, schema: &Schema) -> Vec<String> {
    use datafusion::parquet::basic::Encoding;
    // Only chunks whose data pages are all dictionary-encoded: when a writer
    // fell back to PLAIN (a high-cardinality column outgrew its dictionary),
    // reading it as an Arrow dictionary would hash every value to rebuild one.
    let all_dictionary = |c: &datafusion::parquet::file::metadata::ColumnChunkMetaData| {
        let only_dict =
            |e: &Encoding| matches!(e, Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY);
        c.dictionary_page_offset().is_some()
            && match (c.page_encoding_stats_mask(), c.page_encoding_stats()) {
                (Some(mask), _) => {
                    mask.is_only(Encoding::PLAIN_DICTIONARY)
                        || mask.is_only(Encoding::RLE_DICTIONARY)
                }
                (None, Some(stats)) => stats
                    .iter()
                    .filter(|s| {
                        s.page_type != datafusion::parquet::basic::PageType::DICTIONARY_PAGE
                    })
                    .all(|s| only_dict(&s.encoding)),
                // No statistics: trust the dictionary page.
                (None, None) => true,
            }
    };
    if md.row_groups().is_empty() {
        return vec![];
    }
    schema
        .fields()
        .iter()
        .filter(|f| matches!(f.data_type(), DataType::Utf8 | DataType::LargeUtf8))
        .filter_map(|f| {
            let (leaf, _) = parquet_column(md.file_metadata().schema_descr(), schema, f.name())?;
            md.row_groups()
                .iter()
                .all(|rg| all_dictionary(rg.column(leaf)))
                .then(|| f.name().clone())
        })
        .collect()
}

/// `schema` with the named string columns typed as `Dictionary(Int32, _)`.
fn as_dictionaries(schema: &Schema, names: &[String]) -> Schema {
    Schema::new_with_metadata(
        schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 if names.contains(f.name()) => {
                    Arc::new(f.as_ref().clone().with_data_type(DataType::Dictionary(
                        Box::new(DataType::Int32),
                        Box::new(f.data_type().clone()),
                    )))
                }
                _ => f.clone(),
            })
            .collect::<Vec<_>>(),
        schema.metadata().clone(),
    )
}

fn planned_columns(schema: &Schema) -> Vec<PlannedColumn> {
    fn leaves(prefix: &str, field: &Field, path: Vec<usize>, out: &mut Vec<PlannedColumn>) {
        let name = if prefix.is_empty() {
            field.name().clone()
        } else {
            format!("{prefix}.{}", field.name())
        };
        match field.data_type() {
            DataType::Struct(children) => {
                for (i, child) in children.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i);
                    leaves(&name, child, p, out);
                }
            }
            dt => out.push(PlannedColumn {
                name,
                data_type: dt.clone(),
                scanned: worth_scanning(dt),
                path,
            }),
        }
    }
    let mut out = Vec::new();
    let mut projected = 0;
    for f in schema.fields() {
        let scanned = worth_scanning(f.data_type());
        leaves("", f, vec![projected], &mut out);
        if scanned {
            projected += 1;
        } else if let Some(last) = out.last_mut() {
            last.scanned = false;
        }
    }
    out
}

/// The columns a scan reads: those whose type can hold identifiers. Batches of
/// a scan (and of a prefix sample) carry these, in this order.
fn projection(schema: &Schema) -> Vec<usize> {
    schema
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| worth_scanning(f.data_type()))
        .map(|(i, _)| i)
        .collect()
}

/// The scan of `files` as at most `partitions` file groups: files of a group are
/// read one after the other, so the readers (and the row groups they hold) in
/// flight stay bounded however many files a table has.
fn build_exec(
    ds: &Dataset,
    schema: &SchemaRef,
    files: Vec<PartitionedFile>,
    partitions: usize,
    format: ScanFormat,
    factory: Option<Arc<dyn ParquetFileReaderFactory>>,
) -> Result<Option<Scan>, SourceError> {
    let n = partitions.clamp(1, files.len().max(1));
    let mut groups: Vec<Vec<PartitionedFile>> = vec![Vec::new(); n];
    for (i, f) in files.into_iter().enumerate() {
        groups[i % n].push(f);
    }
    build_exec_grouped(ds, schema, groups, format, factory, None)
}

/// One file group per file (read in parallel), with an optional row limit
/// (compressed text cannot seek: the sample is a bounded prefix of the
/// decompressed stream).
fn build_exec_with(
    ds: &Dataset,
    schema: &SchemaRef,
    files: Vec<PartitionedFile>,
    format: ScanFormat,
    limit: Option<usize>,
) -> Result<Option<Scan>, SourceError> {
    let groups = files.into_iter().map(|f| vec![f]).collect();
    build_exec_grouped(ds, schema, groups, format, None, limit)
}

/// A scan built from its [`ScanSpec`], with the spec.
type Scan = (ScanSpec, Arc<DataSourceExec>);

fn build_exec_grouped(
    ds: &Dataset,
    schema: &SchemaRef,
    groups: Vec<Vec<PartitionedFile>>,
    format: ScanFormat,
    factory: Option<Arc<dyn ParquetFileReaderFactory>>,
    limit: Option<usize>,
) -> Result<Option<Scan>, SourceError> {
    let err = |e: String| SourceError::new(&ds.uri, e);
    // Each batch says which file it came from: the file's index, as a
    // partition value appended after the projected columns.
    let index: std::collections::HashMap<&object_store::path::Path, u32> = ds
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (&f.meta.location, i as u32))
        .collect();
    let groups = groups
        .into_iter()
        .map(|g| {
            g.into_iter()
                .map(|mut pf| {
                    let i = index
                        .get(&pf.object_meta.location)
                        .copied()
                        .unwrap_or(u32::MAX);
                    pf.partition_values = vec![ScalarValue::UInt32(Some(i))];
                    spec::ScanFile::of(&pf)
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    let spec = ScanSpec {
        store: ds.source.store_url.as_str().to_string(),
        format,
        compression: ds.compression.as_str().to_string(),
        schema: spec::schema_to_hex(schema).map_err(err)?,
        groups,
        limit,
    };
    let exec = spec.exec(factory).map_err(err)?;
    Ok(exec.map(|e| (spec, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_covers_head_middle_tail() {
        let (sel, touched) = spread_selection(&[2000; 60], 10_000);
        assert_eq!(sel.row_count(), 10_000);
        assert_eq!(touched, 8);
        let ranges: Vec<_> = sel.iter().filter(|s| !s.skip).collect();
        assert_eq!(ranges.len(), 8);
        assert!(!sel.iter().next().unwrap().skip, "starts with the head");
        assert!(!sel.iter().last().unwrap().skip, "ends with the tail");
        // Small row groups: more of them, still the budget.
        let (sel, touched) = spread_selection(&[100; 500], 10_000);
        assert_eq!(sel.row_count(), 10_000);
        assert_eq!(touched, 100);
        // One huge row group: one window.
        let (sel, touched) = spread_selection(&[1_000_000], 10_000);
        assert_eq!((sel.row_count(), touched), (10_000, 1));
    }

    #[test]
    fn files_of_a_table_are_spread() {
        assert_eq!(spread_positions(10, 3), vec![0, 4, 9]);
        assert_eq!(spread_positions(2, 3), vec![0, 1]);
        assert_eq!(spread_positions(5, 1), vec![0]);
        assert!(spread_positions(0, 3).is_empty());
    }

    #[test]
    fn one_window_per_sampled_file() {
        let rgs = [262_144u64; 3];
        // First sampled file: the head, one row group.
        let (sel, touched) = window_selection(&rgs, 10_000, 0, 3);
        assert_eq!((sel.row_count(), touched), (10_000, 1));
        assert!(!sel.iter().next().unwrap().skip);
        // Last: the tail.
        let (sel, touched) = window_selection(&rgs, 10_000, 2, 3);
        assert_eq!((sel.row_count(), touched), (10_000, 1));
        assert!(!sel.iter().last().unwrap().skip);
        // Middle: straddles the two row groups around the midpoint of an even split.
        let (sel, touched) = window_selection(&[1000, 1000], 100, 1, 3);
        assert_eq!((sel.row_count(), touched), (100, 2));
    }
}
