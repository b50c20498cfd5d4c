//! Where data lives: resolving a source (local path, `file://`, `s3://`) to an
//! object store, listing it recursively, and grouping files into datasets (a
//! file, or a hive-partitioned directory). Every store is wrapped in a
//! [`CountingStore`] so the scan reports measured I/O.

pub mod delta;
mod store;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use datafusion::execution::object_store::ObjectStoreUrl;
use futures::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt};

pub use store::{CountingStore, IoCounters};

/// A failure tied to one URI (a file, a prefix, or a whole source).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{uri}: {message}")]
pub struct SourceError {
    pub uri: String,
    pub message: String,
}

impl SourceError {
    pub fn new(uri: impl Into<String>, message: impl ToString) -> Self {
        Self {
            uri: uri.into(),
            message: message.to_string(),
        }
    }
}

/// File formats the engine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Parquet,
    /// Delimited text (`.csv`, `.tsv`, and `.txt` that sniffs as delimited);
    /// delimiter, header and encoding are sniffed when planning.
    Csv,
    /// JSON lines (`.jsonl`, `.ndjson`, `.json`).
    Json,
    /// A workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`): every sheet a dataset.
    Spreadsheet,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Spreadsheet => "spreadsheet",
        }
    }
}

/// Whole-file compression of a text file, from its extension (checked against
/// its magic bytes when planning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
    Bzip2,
}

impl Compression {
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
        }
    }
}

/// How a file name says it should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileKind {
    pub format: Format,
    pub compression: Compression,
    /// `.txt`: read as CSV only if its content sniffs as delimited data.
    pub sniff: bool,
}

/// One resolved source: an object store (counting), its DataFusion URL, and
/// the prefix inside it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The source as the user wrote it, without a trailing slash.
    pub display: String,
    pub store_url: ObjectStoreUrl,
    pub store: Arc<dyn ObjectStore>,
    pub prefix: Path,
}

/// One file of a dataset, with what incremental runs need (size, ETag, mtime).
#[derive(Debug, Clone)]
pub struct DataFile {
    pub uri: String,
    pub meta: ObjectMeta,
    /// Values of the dataset's partition columns, in `Dataset::partitions` order.
    pub partition_values: Vec<Option<String>>,
    /// Path relative to the scanned root.
    pub key: String,
    /// The file's first bytes when listing already fetched them (to tell its
    /// schema), so planning does not fetch them again.
    pub head: Option<bytes::Bytes>,
}

/// A table: one file, or a directory of files of one format (hive partitions
/// `k=v/`, or Spark/Hive `part-*` files).
#[derive(Debug, Clone)]
pub struct Dataset {
    pub uri: String,
    /// Canonical name: the path relative to the scanned root (the root's own
    /// name when the root is the dataset), whatever the source's spelling.
    pub key: String,
    pub format: Format,
    pub compression: Compression,
    /// Scan only if the content sniffs as delimited text, else report it skipped.
    pub sniff: bool,
    /// No extension: what it holds is read from its first bytes before planning.
    pub identify: bool,
    /// A Delta Lake table: its root, whose `_delta_log/` says which files are live.
    pub delta_root: Option<Path>,
    pub partitions: Vec<String>,
    pub files: Vec<DataFile>,
    pub source: Source,
}

impl Dataset {
    /// The format as reports name it (`delta` for a Delta table's Parquet).
    pub fn format_name(&self) -> &'static str {
        if self.delta_root.is_some() {
            "delta"
        } else {
            self.format.as_str()
        }
    }
}

/// A file that is not scanned, with why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub uri: String,
    pub reason: String,
}

/// What listing a source found.
#[derive(Debug, Default)]
pub struct Listing {
    pub datasets: Vec<Dataset>,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<SourceError>,
}

/// Resolve `location` to a store. S3 credentials and endpoint come from the
/// standard `AWS_*` environment variables, as object_store reads them.
pub fn open(location: &str, counters: Arc<IoCounters>) -> Result<Source, SourceError> {
    let display = location.trim_end_matches('/').to_string();
    if let Some(rest) = location.strip_prefix("s3://") {
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(SourceError::new(location, "no bucket in S3 URI"));
        }
        let s3 = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| SourceError::new(location, e))?;
        let store_url = ObjectStoreUrl::parse(format!("s3://{bucket}"))
            .map_err(|e| SourceError::new(location, e))?;
        let prefix = Path::from(key.trim_matches('/'));
        return Ok(Source {
            display,
            store: Arc::new(CountingStore::new(
                Arc::new(s3),
                counters,
                store_url.as_str(),
            )),
            store_url,
            prefix,
        });
    }
    if location.contains("://") && !location.starts_with("file://") {
        return Err(SourceError::new(
            location,
            "unsupported scheme (use a local path, file:// or s3://)",
        ));
    }
    let local = location.strip_prefix("file://").unwrap_or(location);
    let absolute = std::fs::canonicalize(local).map_err(|e| SourceError::new(location, e))?;
    let prefix = Path::from_absolute_path(&absolute).map_err(|e| SourceError::new(location, e))?;
    let store_url = ObjectStoreUrl::local_filesystem();
    Ok(Source {
        display,
        store: Arc::new(CountingStore::new(
            Arc::new(LocalFileSystem::new()),
            counters,
            store_url.as_str(),
        )),
        store_url,
        prefix,
    })
}

/// Decoded, human-readable form of an object path relative to `prefix`.
fn relative(prefix: &Path, location: &Path) -> Option<Vec<String>> {
    let parts: Vec<String> = location
        .prefix_match(prefix)?
        .map(|p| {
            percent_encoding::percent_decode_str(p.as_ref())
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    Some(parts)
}

/// Files that writers leave beside data (`_SUCCESS`, `.crc`, `_temporary/`, dot files).
fn is_side_file(parts: &[String]) -> bool {
    parts
        .iter()
        .any(|p| p.starts_with('.') || p.starts_with('_'))
        || parts.last().is_some_and(|n| n.ends_with(".crc"))
}

fn format_of(name: &str) -> Result<FileKind, String> {
    let lower = name.to_ascii_lowercase();
    let (stem, ext) = lower.rsplit_once('.').unwrap_or(("", ""));
    let (compression, ext) = match ext {
        "gz" | "gzip" => (
            Compression::Gzip,
            stem.rsplit_once('.').map_or("", |(_, e)| e),
        ),
        "zst" | "zstd" => (
            Compression::Zstd,
            stem.rsplit_once('.').map_or("", |(_, e)| e),
        ),
        "bz2" => (
            Compression::Bzip2,
            stem.rsplit_once('.').map_or("", |(_, e)| e),
        ),
        _ => (Compression::None, ext),
    };
    let kind = |format, sniff| {
        Ok(FileKind {
            format,
            compression,
            sniff,
        })
    };
    match ext {
        "parquet" | "parq" | "pq" if compression == Compression::None => {
            kind(Format::Parquet, false)
        }
        "csv" | "tsv" => kind(Format::Csv, false),
        "txt" | "dat" => kind(Format::Csv, true),
        "jsonl" | "ndjson" | "json" => kind(Format::Json, false),
        "xlsx" | "xlsm" | "xls" | "ods" if compression == Compression::None => {
            kind(Format::Spreadsheet, false)
        }
        // Hive's and Sqoop's `000000_0`: identified by content when listed.
        "" => kind(Format::Csv, true),
        other => Err(format!("unsupported file type .{other}")),
    }
}

/// Spark/Hive output files (`part-00000-...`), which make their folder one table.
fn is_part_file(name: &str) -> bool {
    name.starts_with("part-") || name.starts_with("part_") || name.starts_with("part.")
}

/// `k=v` directory name → (k, v).
fn hive_pair(part: &str) -> Option<(&str, &str)> {
    let (k, v) = part.split_once('=')?;
    (!k.is_empty()
        && k.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    .then_some((k, v))
}

fn join_uri(display: &str, parts: &[String]) -> String {
    if parts.is_empty() {
        return display.to_string();
    }
    format!("{display}/{}", parts.join("/"))
}

/// The root's own name: the key of a dataset that is the whole source.
pub fn root_name(source: &Source) -> String {
    source
        .prefix
        .filename()
        .map(|n| {
            percent_encoding::percent_decode_str(n)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_else(|| source.store_url.as_str().trim_end_matches('/').to_string())
}

/// List `source` recursively and group its files into datasets.
pub async fn list(source: &Source) -> Listing {
    let mut listing = Listing::default();
    // A source that names one object is a one-file lake.
    let objects: Vec<ObjectMeta> = match source.store.head(&source.prefix).await {
        Ok(meta) if !source.prefix.as_ref().is_empty() => vec![meta],
        _ => {
            let prefix = (!source.prefix.as_ref().is_empty()).then_some(&source.prefix);
            match source.store.list(prefix).try_collect::<Vec<_>>().await {
                Ok(v) => v,
                Err(e) => {
                    listing.errors.push(SourceError::new(
                        &source.display,
                        first_line(&e.to_string()),
                    ));
                    return listing;
                }
            }
        }
    };
    let single = objects.len() == 1 && objects[0].location == source.prefix;
    let root_name = root_name(source);
    // Delta tables: the folders holding a `_delta_log/`.
    let delta_roots: BTreeSet<Vec<String>> = objects
        .iter()
        .filter_map(|m| relative(&source.prefix, &m.location))
        .filter_map(|parts| {
            let i = parts.iter().position(|p| p == "_delta_log")?;
            (i + 1 < parts.len()).then(|| parts[..i].to_vec())
        })
        .collect();

    // (root parts, format) → (partition keys in order, files with their k=v pairs)
    type Group = (
        Vec<String>,
        Vec<(ObjectMeta, Vec<(String, String)>, (String, String))>,
    );
    let mut groups: BTreeMap<(Vec<String>, FileKind), Group> = BTreeMap::new();
    let mut plain: Vec<Dataset> = Vec::new();

    for meta in objects {
        let (parts, uri) = if single {
            let name = meta.location.filename().unwrap_or_default().to_string();
            (vec![name], source.display.clone())
        } else {
            match relative(&source.prefix, &meta.location) {
                Some(parts) if !parts.is_empty() => {
                    let uri = join_uri(&source.display, &parts);
                    (parts, uri)
                }
                _ => continue,
            }
        };
        if is_side_file(&parts) {
            continue;
        }
        let name = parts.last().cloned().unwrap_or_default();
        let kind = match format_of(&name) {
            Ok(f) => f,
            Err(reason) => {
                listing.skipped.push(Skipped { uri, reason });
                continue;
            }
        };
        let dirs = &parts[..parts.len() - 1];
        let hive = dirs.iter().position(|d| hive_pair(d).is_some());
        let delta = delta_roots
            .iter()
            .filter(|r| dirs.starts_with(r))
            .map(|r| r.len())
            .max();
        let table_dir = match hive {
            // A file of a Delta table: the table is the folder with the log.
            _ if delta.is_some() => delta,
            // A workbook is a dataset of its own, wherever it sits.
            _ if kind.format == Format::Spreadsheet => None,
            Some(first) => Some(first),
            // A folder of Spark part files (not the lake root itself) is one table.
            None if is_part_file(&name) && !dirs.is_empty() => Some(dirs.len()),
            None => None,
        };
        match table_dir {
            Some(first) => {
                let root = dirs[..first].to_vec();
                let pairs: Vec<(String, String)> = dirs[first..]
                    .iter()
                    .filter_map(|d| hive_pair(d))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                let entry = groups.entry((root, kind)).or_default();
                for (k, _) in &pairs {
                    if !entry.0.contains(k) {
                        entry.0.push(k.clone());
                    }
                }
                entry.1.push((meta, pairs, (uri, parts.join("/"))));
            }
            None => plain.push(Dataset {
                uri: uri.clone(),
                key: parts.join("/"),
                format: kind.format,
                compression: kind.compression,
                sniff: kind.sniff,
                identify: !name.contains('.'),
                delta_root: None,
                partitions: vec![],
                files: vec![DataFile {
                    uri,
                    key: parts.join("/"),
                    meta,
                    partition_values: vec![],
                    head: None,
                }],
                source: source.clone(),
            }),
        }
    }

    for ((root, kind), (keys, files)) in groups {
        let mut files: Vec<DataFile> = files
            .into_iter()
            .map(|(meta, pairs, (uri, key))| DataFile {
                uri,
                key,
                meta,
                partition_values: keys
                    .iter()
                    .map(|k| pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone()))
                    .collect(),
                head: None,
            })
            .collect();
        files.sort_by(|a, b| a.uri.cmp(&b.uri));
        plain.push(Dataset {
            uri: format!("{}/", join_uri(&source.display, &root)),
            key: if root.is_empty() {
                root_name.clone()
            } else {
                root.join("/")
            },
            format: kind.format,
            compression: kind.compression,
            sniff: kind.sniff,
            identify: files
                .first()
                .is_some_and(|f| !f.uri.rsplit('/').next().unwrap_or("").contains('.')),
            delta_root: delta_roots.contains(&root).then(|| {
                Path::from_iter(
                    source.prefix.parts().chain(
                        root.iter()
                            .map(|p| object_store::path::PathPart::from(p.as_str())),
                    ),
                )
            }),
            partitions: keys,
            files,
            source: source.clone(),
        });
    }
    plain.sort_by(|a, b| a.uri.cmp(&b.uri));
    listing.datasets = plain;
    listing
}

/// The first line of an error message, without the layers of wrapper
/// prefixes (`Parquet error: Parquet error: ...`) that library errors stack up.
pub fn first_line(message: &str) -> String {
    let mut line = message.lines().next().unwrap_or("").trim();
    const WRAPPERS: &[&str] = &[
        "Parquet error: ",
        "External error: ",
        "Arrow error: ",
        "Execution error: ",
    ];
    while let Some(rest) = WRAPPERS.iter().find_map(|w| line.strip_prefix(w)) {
        line = rest;
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        let f = |n: &str| format_of(n).map(|k| (k.format, k.compression, k.sniff));
        assert_eq!(
            f("a.PARQUET"),
            Ok((Format::Parquet, Compression::None, false))
        );
        assert_eq!(f("a.tsv"), Ok((Format::Csv, Compression::None, false)));
        assert_eq!(f("a.csv.gz"), Ok((Format::Csv, Compression::Gzip, false)));
        assert_eq!(f("a.tsv.bz2"), Ok((Format::Csv, Compression::Bzip2, false)));
        assert_eq!(
            f("a.ndjson.zst"),
            Ok((Format::Json, Compression::Zstd, false))
        );
        assert_eq!(f("export.txt"), Ok((Format::Csv, Compression::None, true)));
        assert_eq!(
            f("a.XLSX"),
            Ok((Format::Spreadsheet, Compression::None, false))
        );
        assert!(format_of("a.xlsx.gz").is_err());
        assert!(format_of("a.parquet.gz").is_err());
        // No extension: told by content when listed.
        assert_eq!(f("000000_0"), Ok((Format::Csv, Compression::None, true)));
    }

    #[test]
    fn error_lines_lose_wrapper_prefixes() {
        assert_eq!(
            first_line("Parquet error: Parquet error: Invalid Parquet file. Corrupt footer\nmore"),
            "Invalid Parquet file. Corrupt footer"
        );
    }

    #[test]
    fn hive_pairs() {
        assert_eq!(hive_pair("dt=2024-01-01"), Some(("dt", "2024-01-01")));
        assert_eq!(hive_pair("=x"), None);
        assert_eq!(hive_pair("plain"), None);
    }

    #[test]
    fn side_files() {
        let p = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
        assert!(is_side_file(&p("t/_SUCCESS")));
        assert!(is_side_file(&p("t/_temporary/0/part-0.parquet")));
        assert!(is_side_file(&p("t/.part-0.parquet.crc")));
        assert!(!is_side_file(&p("t/dt=1/part-0.parquet")));
    }
}
