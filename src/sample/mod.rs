//! How little to read: per dataset, read footers (Parquet) or a head range
//! (CSV) first, then build a DataFusion scan that fetches only the sample:
//! a file-level `RowSelection` of windows spread over the file for Parquet
//! (unselected row groups and pages are never requested), a few line-aligned
//! byte ranges for CSV. Only columns whose type can hold identifiers are projected.

use std::io::Cursor;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv::reader::Format as CsvFormat;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::config::CsvOptions;
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::parquet::metadata::DFParquetMetadata;
use datafusion::datasource::physical_plan::parquet::{
    CachedParquetFileReaderFactory, ParquetRowSelection,
};
use datafusion::datasource::physical_plan::{
    CsvSource, FileGroup, FileScanConfigBuilder, ParquetSource,
};
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::table_schema::TableSchema;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::parquet::arrow::arrow_reader::{RowSelection, RowSelector};
use datafusion::parquet::arrow::{parquet_column, parquet_to_arrow_schema};
use datafusion::parquet::file::metadata::ParquetMetaData;
use datafusion::physical_plan::execute_stream;
use datafusion::prelude::SessionContext;
use object_store::ObjectStoreExt;
use serde::Serialize;

use crate::source::{Dataset, Format, SourceError, first_line};

/// How much of each file to read.
#[derive(Debug, Clone, Copy)]
pub struct SampleConfig {
    /// Read every row of every file.
    pub full: bool,
    /// Rows to sample per file when not `full`.
    pub rows_per_file: usize,
}

/// Sampling windows per file: spread over the file so sorted or appended data
/// does not hide a sensitive tail.
const WINDOWS: u64 = 8;
/// Bytes read from the start of a CSV file to sniff encoding, delimiter and header.
const CSV_HEAD: u64 = 64 * 1024;

/// What the sampler decided for one dataset, as the report records it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SampleInfo {
    pub mode: String,
    /// Row groups selected / in all files (Parquet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_groups_read: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_groups_total: Option<u64>,
    /// Byte ranges read per file (CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranges: Option<u64>,
    pub rows_planned: u64,
    /// Text encoding of CSV files that were not UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// A column of the dataset and whether it is read.
#[derive(Debug, Clone)]
pub struct PlannedColumn {
    pub name: String,
    pub data_type: DataType,
    pub scanned: bool,
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
    /// Batches already read and transcoded to UTF-8 (GBK/GB18030 CSV), with all
    /// (string) columns; scanned beside `exec`'s stream.
    pub decoded: Vec<RecordBatch>,
}

impl DatasetPlan {
    /// Run the scan; batches carry only the scanned columns, in `columns` order.
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

/// Can a column of this type hold the identifiers we look for?
pub fn worth_scanning(dt: &DataType) -> bool {
    match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Int64 | DataType::UInt64 => true,
        DataType::Decimal128(_, 0) => true,
        // Coordinates (checked with a name hint or a partner column).
        DataType::Float32 | DataType::Float64 => true,
        DataType::Dictionary(_, v) => worth_scanning(v),
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
        Format::Csv => plan_csv(ds, cfg).await,
    }
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
    let chosen: Vec<u64> = (0..k)
        .map(|j| if k == 1 { 0 } else { j * (n - 1) / (k - 1) })
        .collect();
    let mut selectors = Vec::new();
    let mut touched = 0;
    for (i, &rows) in row_groups.iter().enumerate() {
        let Some(j) = chosen.iter().position(|&c| c == i as u64) else {
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
    // String columns stored dictionary-encoded (decided on the first readable
    // file): read as Arrow dictionaries so each distinct value is checked once.
    let mut dictionary_columns: Option<Vec<String>> = None;
    for f in &ds.files {
        if f.meta.size == 0 {
            file_errors.push(SourceError::new(&f.uri, "empty file (0 bytes)"));
            continue;
        }
        let md = DFParquetMetadata::new(ds.source.store.as_ref(), &f.meta)
            .with_file_metadata_cache(Some(cache.clone()))
            .fetch_metadata()
            .await;
        let md = match md {
            Ok(md) => md,
            Err(e) => {
                file_errors.push(SourceError::new(
                    &f.uri,
                    format!(
                        "not a readable Parquet file: {}",
                        first_line(&e.to_string())
                    ),
                ));
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
        rg_total += md.num_row_groups() as u64;
        let mut pf =
            PartitionedFile::new_from_meta(f.meta.clone()).with_arrow_schema(Arc::new(file_arrow));
        if cfg.full || file_rows <= cfg.rows_per_file as u64 {
            rg_read += md.num_row_groups() as u64;
            planned += file_rows;
        } else {
            let sizes: Vec<u64> = md
                .row_groups()
                .iter()
                .map(|rg| rg.num_rows().max(0) as u64)
                .collect();
            let (selection, touched) = spread_selection(&sizes, cfg.rows_per_file as u64);
            planned += selection.row_count() as u64;
            rg_read += touched;
            pf = pf.with_extension(ParquetRowSelection::new(selection));
        }
        files.push(pf);
    }
    let Some(schema) = schema else {
        return Ok(DatasetPlan {
            columns: vec![],
            rows: 0,
            rows_exact: true,
            sample: SampleInfo::default(),
            file_errors,
            covers_all: false,
            exec: None,
            decoded: vec![],
        });
    };
    let columns = planned_columns(&schema);
    let schema = Arc::new(as_dictionaries(
        &schema,
        dictionary_columns.as_deref().unwrap_or(&[]),
    ));
    // Read through the metadata cache filled above: the footer is not fetched
    // twice, and the page index in it lets the reader fetch only selected pages.
    let factory = Arc::new(CachedParquetFileReaderFactory::new(
        ds.source.store.clone(),
        cache,
    ));
    let exec = build_exec(ds, &schema, files, |ts| {
        Arc::new(ParquetSource::new(ts).with_parquet_file_reader_factory(factory))
    })?;
    Ok(DatasetPlan {
        columns,
        rows,
        rows_exact: true,
        covers_all: planned == rows,
        sample: SampleInfo {
            mode: if cfg.full {
                "full".into()
            } else {
                "sample".into()
            },
            row_groups_read: Some(rg_read),
            row_groups_total: Some(rg_total),
            ranges: None,
            rows_planned: planned,
            encoding: None,
        },
        file_errors,
        exec,
        decoded: vec![],
    })
}

/// Top-level string columns whose chunks in the first row group have a dictionary page.
fn dictionary_encoded(md: &ParquetMetaData, schema: &Schema) -> Vec<String> {
    let Some(rg) = md.row_groups().first() else {
        return vec![];
    };
    schema
        .fields()
        .iter()
        .filter(|f| matches!(f.data_type(), DataType::Utf8 | DataType::LargeUtf8))
        .filter_map(|f| {
            let (leaf, _) = parquet_column(md.file_metadata().schema_descr(), schema, f.name())?;
            rg.column(leaf)
                .dictionary_page_offset()
                .is_some()
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
    schema
        .fields()
        .iter()
        .map(|f| PlannedColumn {
            name: f.name().clone(),
            data_type: f.data_type().clone(),
            scanned: worth_scanning(f.data_type()),
        })
        .collect()
}

fn build_exec(
    ds: &Dataset,
    schema: &SchemaRef,
    files: Vec<PartitionedFile>,
    source: impl FnOnce(TableSchema) -> Arc<dyn datafusion::datasource::physical_plan::FileSource>,
) -> Result<Option<Arc<DataSourceExec>>, SourceError> {
    let projection: Vec<usize> = schema
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| worth_scanning(f.data_type()))
        .map(|(i, _)| i)
        .collect();
    if projection.is_empty() || files.is_empty() {
        return Ok(None);
    }
    let table_schema = TableSchema::from(schema.clone());
    // One group per file so files are read in parallel.
    let groups: Vec<FileGroup> = files.into_iter().map(|f| FileGroup::new(vec![f])).collect();
    let config = FileScanConfigBuilder::new(ds.source.store_url.clone(), source(table_schema))
        .with_file_groups(groups)
        .with_projection_indices(Some(projection))
        .map_err(|e| SourceError::new(&ds.uri, e))?
        .build();
    Ok(Some(DataSourceExec::from_data_source(config)))
}

/// Decode a CSV head: UTF-8 (BOM stripped by the caller), else GB18030 (a
/// superset of GBK). A multi-byte character cut at the end of the head is ignored.
fn decode_head(head: &[u8]) -> Result<(std::borrow::Cow<'_, str>, &'static str), String> {
    match std::str::from_utf8(head) {
        Ok(t) => return Ok((t.into(), "utf-8")),
        Err(e) if e.error_len().is_none() => {
            return Ok((String::from_utf8_lossy(&head[..e.valid_up_to()]), "utf-8"));
        }
        Err(_) => {}
    }
    if head.starts_with(b"PAR1") {
        return Err("a Parquet file named as CSV".into());
    }
    // Decode whole lines only, so a character cut by the head's end is not an error.
    let cut = head
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(head.len(), |p| p + 1);
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&head[..cut]) {
        Some(text) if !text.contains('\0') => Ok((text, "gb18030")),
        _ => Err("not text: neither UTF-8 nor GB18030/GBK".into()),
    }
}

/// Bytes fetched past a range's end to finish its last line.
const LINE_SLACK: u64 = 16 * 1024;

/// Read `ranges` of a GB18030 CSV file the way DataFusion reads UTF-8 ones (a
/// range owns the lines that start inside it), transcode, and parse.
async fn read_transcoded(
    ds: &Dataset,
    meta: &object_store::ObjectMeta,
    ranges: &[(u64, u64)],
    schema: &SchemaRef,
    delimiter: u8,
) -> Result<Vec<RecordBatch>, String> {
    let mut batches = Vec::new();
    for &(start, end) in ranges {
        let fetch_end = (end + if end >= meta.size { 0 } else { LINE_SLACK }).min(meta.size);
        let bytes = ds
            .source
            .store
            .get_range(&meta.location, start..fetch_end)
            .await
            .map_err(|e| first_line(&e.to_string()))?;
        let mut from = 0usize;
        if start > 0 {
            match bytes.iter().position(|&b| b == b'\n') {
                Some(p) => from = p + 1,
                None => continue,
            }
        }
        let owned = (end - start) as usize;
        let mut to = from;
        while to < bytes.len() && to < owned.max(from + 1) {
            match bytes[to..].iter().position(|&b| b == b'\n') {
                Some(p) => to += p + 1,
                None if fetch_end == meta.size => to = bytes.len(),
                None => break,
            }
        }
        let (text, _, _) = encoding_rs::GB18030.decode(&bytes[from..to]);
        let reader = datafusion::arrow::csv::ReaderBuilder::new(schema.clone())
            .with_header(start == 0)
            .with_delimiter(delimiter)
            .with_truncated_rows(true)
            .build(Cursor::new(text.into_owned().into_bytes()))
            .map_err(|e| format!("CSV: {e}"))?;
        for batch in reader {
            batches.push(batch.map_err(|e| first_line(&format!("CSV: {e}")))?);
        }
    }
    Ok(batches)
}

/// Delimiter used consistently on the first lines: the candidate with the same
/// non-zero count on most lines, most fields first.
fn sniff_delimiter(text: &str, default: u8) -> u8 {
    let lines: Vec<&str> = text.lines().take(20).collect();
    let mut best = (default, 0usize, 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|&b| b == d).count())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == first).count();
        if (agree, first) > (best.1, best.2) {
            best = (d, agree, first);
        }
    }
    best.0
}

async fn plan_csv(ds: &Dataset, cfg: SampleConfig) -> Result<DatasetPlan, SourceError> {
    let mut file_errors = Vec::new();
    let mut files = Vec::new();
    let mut schema: Option<SchemaRef> = None;
    let mut delimiter = b',';
    let (mut rows_est, mut planned, mut range_count) = (0f64, 0u64, 0u64);
    let mut covers_all = true;
    let mut decoded = Vec::new();
    let mut encodings: Vec<&'static str> = Vec::new();
    for f in &ds.files {
        let size = f.meta.size;
        if size == 0 {
            file_errors.push(SourceError::new(&f.uri, "empty file (0 bytes)"));
            continue;
        }
        let head = match ds
            .source
            .store
            .get_range(&f.meta.location, 0..size.min(CSV_HEAD))
            .await
        {
            Ok(b) => b,
            Err(e) => {
                file_errors.push(SourceError::new(&f.uri, first_line(&e.to_string())));
                continue;
            }
        };
        let (text, encoding) = match decode_head(&head) {
            Ok(t) => t,
            Err(message) => {
                file_errors.push(SourceError::new(&f.uri, message));
                continue;
            }
        };
        let text: &str = &text;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            file_errors.push(SourceError::new(
                &f.uri,
                "no header line: the file holds only whitespace",
            ));
            continue;
        }
        let default = if f.uri.to_ascii_lowercase().ends_with(".tsv") {
            b'\t'
        } else {
            b','
        };
        let d = sniff_delimiter(text, default);
        let header_line = text.lines().next().unwrap_or("");
        let fields = match CsvFormat::default()
            .with_header(true)
            .with_delimiter(d)
            .infer_schema(
                Cursor::new(format!("{header_line}\n").into_bytes()),
                Some(0),
            ) {
            Ok((s, _)) => s,
            Err(e) => {
                file_errors.push(SourceError::new(&f.uri, format!("CSV header: {e}")));
                continue;
            }
        };
        let file_schema: SchemaRef = Arc::new(Schema::new(
            fields
                .fields()
                .iter()
                .enumerate()
                .map(|(i, fl)| {
                    let name = fl.name().trim();
                    let name = if name.is_empty() {
                        format!("column_{}", i + 1)
                    } else {
                        name.to_string()
                    };
                    Field::new(name, DataType::Utf8, true)
                })
                .collect::<Vec<_>>(),
        ));
        match &schema {
            None => {
                schema = Some(file_schema);
                delimiter = d;
            }
            Some(s) if s.fields().len() != file_schema.fields().len() => {
                file_errors.push(SourceError::new(
                    &f.uri,
                    "CSV header differs from the dataset's first file",
                ));
                continue;
            }
            _ => {}
        }
        // Mean row length in file bytes, from the complete lines of the head.
        let header_bytes = head
            .iter()
            .position(|&b| b == b'\n')
            .map_or(head.len(), |p| p + 1) as u64;
        let body = &head[header_bytes as usize..];
        let lines = body.iter().filter(|&&b| b == b'\n').count().max(1);
        let last = body
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(body.len(), |p| p + 1);
        let mean = (last as f64 / lines as f64).max(1.0);
        let mut ranges: Vec<(u64, u64)> = Vec::new();
        let whole =
            cfg.full || size <= CSV_HEAD || (cfg.rows_per_file as f64 * mean) as u64 >= size;
        if whole {
            rows_est += (size.saturating_sub(header_bytes)) as f64 / mean;
            ranges.push((0, size));
            planned += ((size - header_bytes.min(size)) as f64 / mean) as u64;
        } else {
            covers_all = false;
            rows_est += (size - header_bytes) as f64 / mean;
            let budget = ((cfg.rows_per_file as f64 * mean) as u64).max(CSV_HEAD);
            let chunk = budget / WINDOWS;
            for j in 0..WINDOWS {
                let start = j * (size - chunk) / (WINDOWS - 1);
                ranges.push((start, start + chunk));
            }
            planned += (budget as f64 / mean) as u64;
        }
        range_count += ranges.len() as u64;
        if encoding == "utf-8" {
            for (start, end) in ranges {
                let mut pf = PartitionedFile::new_from_meta(f.meta.clone());
                if !whole {
                    pf.range = Some(datafusion::datasource::listing::FileRange {
                        start: start as i64,
                        end: end as i64,
                    });
                }
                files.push(pf);
            }
        } else {
            // DataFusion's CSV reader takes UTF-8 only: fetch the same line-aligned
            // ranges here and transcode them.
            let schema = schema.clone().unwrap_or_else(|| Arc::new(Schema::empty()));
            match read_transcoded(ds, &f.meta, &ranges, &schema, d).await {
                Ok(batches) => decoded.extend(batches),
                Err(e) => {
                    file_errors.push(SourceError::new(&f.uri, e));
                    continue;
                }
            }
            encodings.push(encoding);
        }
    }
    let Some(schema) = schema else {
        return Ok(DatasetPlan {
            columns: vec![],
            rows: 0,
            rows_exact: true,
            sample: SampleInfo::default(),
            file_errors,
            covers_all: false,
            exec: None,
            decoded: vec![],
        });
    };
    let options = CsvOptions {
        has_header: Some(true),
        delimiter,
        truncated_rows: Some(true),
        ..Default::default()
    };
    let exec = build_exec(ds, &schema, files, |ts| {
        Arc::new(CsvSource::new(ts).with_csv_options(options))
    })?;
    Ok(DatasetPlan {
        columns: planned_columns(&schema),
        rows: rows_est.round() as u64,
        rows_exact: false,
        covers_all,
        sample: SampleInfo {
            mode: if cfg.full {
                "full".into()
            } else {
                "sample".into()
            },
            row_groups_read: None,
            row_groups_total: None,
            ranges: Some(range_count),
            rows_planned: planned,
            encoding: encodings.first().map(|e| e.to_string()),
        },
        file_errors,
        exec,
        decoded,
    })
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
    fn delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n", b','), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n", b','), b'\t');
        assert_eq!(sniff_delimiter("a;b\n1;2\n", b','), b';');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n", b','), b'|');
    }
}
