//! A planned scan as data: the files (with their byte ranges or Parquet row
//! selections), the format and its options, the schema. The sampler builds
//! its `DataSourceExec` from a [`ScanSpec`], and so does a distributed
//! executor that received the spec as JSON (issue 21): one code path, so a
//! scan reads the same rows wherever it runs.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::ScalarValue;
use datafusion::config::CsvOptions;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::listing::{FileRange, PartitionedFile};
use datafusion::datasource::physical_plan::parquet::{
    ParquetFileReaderFactory, ParquetRowSelection,
};
use datafusion::datasource::physical_plan::{
    CsvSource, FileGroup, FileScanConfigBuilder, FileSource, JsonSource, ParquetSource,
};
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::table_schema::TableSchema;
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::parquet::arrow::arrow_reader::{RowSelection, RowSelector};
use serde::{Deserialize, Serialize};

use super::{FILE_COLUMN, projection};

/// How the files are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ScanFormat {
    Parquet,
    Csv {
        delimiter: u8,
        has_header: bool,
        newlines_in_values: bool,
    },
    Json,
}

/// One file of a scan (or a byte range of one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanFile {
    /// The object's path in its store, percent-encoded as object_store keeps it.
    pub location: String,
    pub size: u64,
    /// RFC 3339, to the nanosecond (the reader's metadata cache compares it).
    pub last_modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e_tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The file's index in its dataset (the batches' [`FILE_COLUMN`]).
    pub index: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(i64, i64)>,
    /// Parquet: the rows to read, as `(skip, count)` runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<Vec<(bool, usize)>>,
    /// Parquet: the Arrow schema to read the file with (its dictionary-encoded
    /// strings as dictionaries), as Arrow IPC in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

/// A scan: what `DataSourceExec` to build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanSpec {
    /// The object store: `file:///` or `s3://bucket/`.
    pub store: String,
    pub format: ScanFormat,
    /// `none`, `gzip`, `zstd` or `bzip2`.
    pub compression: String,
    /// The table's schema (Arrow IPC, hex); batches carry its scannable
    /// columns, then the file index.
    pub schema: String,
    /// Files read one after the other in each group; groups in parallel.
    pub groups: Vec<Vec<ScanFile>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err("odd hex length".into());
    }
    let digit = |b: u8| {
        (b as char)
            .to_digit(16)
            .ok_or_else(|| "not hex".to_string())
    };
    s.as_bytes()
        .chunks(2)
        .map(|p| Ok((digit(p[0])? * 16 + digit(p[1])?) as u8))
        .collect()
}

/// A schema as Arrow IPC (an empty stream), in hex.
pub fn schema_to_hex(schema: &Schema) -> Result<String, String> {
    use datafusion::arrow::ipc::writer::StreamWriter;
    let mut buf = Vec::new();
    let mut w = StreamWriter::try_new(&mut buf, schema).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    drop(w);
    Ok(hex(&buf))
}

pub fn schema_from_hex(s: &str) -> Result<SchemaRef, String> {
    use datafusion::arrow::ipc::reader::StreamReader;
    let bytes = unhex(s)?;
    let r = StreamReader::try_new(std::io::Cursor::new(bytes), None).map_err(|e| e.to_string())?;
    Ok(r.schema())
}

impl ScanFile {
    /// The spec of a file the sampler planned.
    pub fn of(pf: &PartitionedFile) -> Result<Self, String> {
        let index = match pf.partition_values.first() {
            Some(ScalarValue::UInt32(Some(i))) => *i,
            _ => u32::MAX,
        };
        let selection = pf.extension::<ParquetRowSelection>().map(|s| {
            s.selection()
                .iter()
                .map(|r| (r.skip, r.row_count))
                .collect()
        });
        Ok(ScanFile {
            location: pf.object_meta.location.as_ref().to_string(),
            size: pf.object_meta.size,
            last_modified: pf
                .object_meta
                .last_modified
                .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            e_tag: pf.object_meta.e_tag.clone(),
            version: pf.object_meta.version.clone(),
            index,
            range: pf.range.as_ref().map(|r| (r.start, r.end)),
            selection,
            schema: pf.arrow_schema.as_deref().map(schema_to_hex).transpose()?,
        })
    }

    fn partitioned(&self) -> Result<PartitionedFile, String> {
        let meta = object_store::ObjectMeta {
            location: object_store::path::Path::parse(&self.location)
                .map_err(|e| format!("{}: {e}", self.location))?,
            last_modified: chrono::DateTime::parse_from_rfc3339(&self.last_modified)
                .map_err(|e| format!("{}: {e}", self.last_modified))?
                .to_utc(),
            size: self.size,
            e_tag: self.e_tag.clone(),
            version: self.version.clone(),
        };
        let mut pf = PartitionedFile::new_from_meta(meta)
            .with_partition_values(vec![ScalarValue::UInt32(Some(self.index))]);
        if let Some((start, end)) = self.range {
            pf.range = Some(FileRange { start, end });
        }
        if let Some(runs) = &self.selection {
            let selectors: Vec<RowSelector> = runs
                .iter()
                .map(|&(skip, n)| {
                    if skip {
                        RowSelector::skip(n)
                    } else {
                        RowSelector::select(n)
                    }
                })
                .collect();
            pf = pf.with_extension(ParquetRowSelection::new(RowSelection::from(selectors)));
        }
        if let Some(s) = &self.schema {
            pf = pf.with_arrow_schema(schema_from_hex(s)?);
        }
        Ok(pf)
    }
}

impl ScanSpec {
    pub fn table_schema(&self) -> Result<SchemaRef, String> {
        schema_from_hex(&self.schema)
    }

    /// What the scan's batches hold: the scannable columns, then the file index.
    pub fn output_schema(&self) -> Result<SchemaRef, String> {
        let schema = self.table_schema()?;
        let mut fields: Vec<Field> = projection(&schema)
            .into_iter()
            .map(|i| schema.field(i).clone())
            .collect();
        fields.push(Field::new(FILE_COLUMN, DataType::UInt32, false));
        Ok(Arc::new(Schema::new(fields)))
    }

    /// The same scan, one file (or range) per group: a task per file.
    pub fn per_file(&self) -> ScanSpec {
        let mut spec = self.clone();
        spec.groups = self
            .groups
            .iter()
            .flatten()
            .map(|f| vec![f.clone()])
            .collect();
        spec
    }

    /// Only group `i`.
    pub fn group(&self, i: usize) -> ScanSpec {
        let mut spec = self.clone();
        spec.groups = self.groups.get(i).cloned().into_iter().collect();
        spec
    }

    /// Build the scan. `factory` reads Parquet through a reader of the
    /// caller's (the sampler's metadata cache); the default reader otherwise.
    pub fn exec(
        &self,
        factory: Option<Arc<dyn ParquetFileReaderFactory>>,
    ) -> Result<Option<Arc<DataSourceExec>>, String> {
        let schema = self.table_schema()?;
        let mut projection = projection(&schema);
        if projection.is_empty() || self.groups.iter().all(Vec::is_empty) {
            return Ok(None);
        }
        projection.push(schema.fields().len());
        let table_schema = TableSchema::builder(schema.clone())
            .with_table_partition_cols(vec![Arc::new(Field::new(
                FILE_COLUMN,
                DataType::UInt32,
                false,
            ))])
            .build();
        let source: Arc<dyn FileSource> = match &self.format {
            ScanFormat::Parquet => {
                let s = ParquetSource::new(table_schema);
                Arc::new(match factory {
                    Some(f) => s.with_parquet_file_reader_factory(f),
                    None => s,
                })
            }
            ScanFormat::Csv {
                delimiter,
                has_header,
                newlines_in_values,
            } => Arc::new(CsvSource::new(table_schema).with_csv_options(CsvOptions {
                has_header: Some(*has_header),
                delimiter: *delimiter,
                truncated_rows: Some(true),
                newlines_in_values: Some(*newlines_in_values),
                ..Default::default()
            })),
            ScanFormat::Json => Arc::new(JsonSource::new(table_schema)),
        };
        let compression = match self.compression.as_str() {
            "gzip" => FileCompressionType::GZIP,
            "zstd" => FileCompressionType::ZSTD,
            "bzip2" => FileCompressionType::BZIP2,
            _ => FileCompressionType::UNCOMPRESSED,
        };
        let groups = self
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(ScanFile::partitioned)
                    .collect::<Result<Vec<_>, _>>()
                    .map(FileGroup::new)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let url = ObjectStoreUrl::parse(&self.store).map_err(|e| e.to_string())?;
        let config = FileScanConfigBuilder::new(url, source)
            .with_file_compression_type(compression)
            .with_limit(self.limit)
            .with_file_groups(groups)
            .with_projection_indices(Some(projection))
            .map_err(|e| e.to_string())?
            .build();
        Ok(Some(DataSourceExec::from_data_source(config)))
    }
}
