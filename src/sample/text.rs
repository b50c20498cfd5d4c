//! Text files: delimited text (CSV/TSV, sniffed `.txt`) and JSON lines, plain
//! or compressed (gzip, zstd, bzip2). A head is read first (decompressed when
//! needed) to check the compression magic, the encoding (UTF-8, else
//! GB18030/GBK), delimiter, header row and quoted newlines. Plain files are then
//! sampled as line-aligned byte ranges spread over the file; compressed files
//! cannot seek, so their sample is a bounded prefix of the decompressed stream.

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv::ReaderBuilder;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::datasource::listing::{FileRange, PartitionedFile};

use object_store::{ObjectMeta, ObjectStoreExt};

use super::{
    DatasetPlan, SampleConfig, SampleInfo, ScanFormat, WINDOWS, build_exec_with, planned_columns,
};
use crate::source::{Compression, Dataset, SourceError, first_line};

/// Bytes read from the start of a file to sniff it.
const HEAD: u64 = 64 * 1024;
/// Most decompressed bytes kept from a compressed head.
const HEAD_DECOMPRESSED: usize = 512 * 1024;
/// Bytes fetched past a range's end to finish its last line.
const LINE_SLACK: u64 = 16 * 1024;

/// The start of a file, decompressed.
struct Head {
    bytes: Vec<u8>,
    /// The stored bytes themselves (at most [`HEAD`]).
    raw: bytes::Bytes,
    /// Compressed (stored) bytes the head came from.
    stored: u64,
    /// The head holds the whole file.
    complete: bool,
}

pub(super) fn magic_ok(c: Compression, b: &[u8]) -> bool {
    match c {
        Compression::None => true,
        Compression::Gzip => b.starts_with(&[0x1f, 0x8b]),
        Compression::Zstd => b.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]),
        Compression::Bzip2 => b.starts_with(b"BZh"),
    }
}

/// Decompress as much of `input` as it holds (a truncated stream is fine), up
/// to `max` bytes. Returns the bytes and whether the stream ended.
fn decompress_prefix(c: Compression, input: &[u8], max: usize) -> Result<(Vec<u8>, bool), String> {
    let mut reader: Box<dyn Read + '_> = match c {
        Compression::None => return Ok((input.to_vec(), true)),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(input)),
        Compression::Zstd => {
            Box::new(zstd::stream::read::Decoder::new(input).map_err(|e| e.to_string())?)
        }
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(input)),
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok((out, true)),
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.len() >= max {
                    return Ok((out, false));
                }
            }
            Err(_) if !out.is_empty() => return Ok((out, false)),
            Err(e) => return Err(format!("corrupt {} data: {e}", c.as_str())),
        }
    }
}

/// A ranged read of a file of `ds`; errors as one line.
async fn fetch(
    ds: &Dataset,
    meta: &ObjectMeta,
    range: std::ops::Range<u64>,
) -> Result<bytes::Bytes, String> {
    ds.source
        .store
        .get_range(&meta.location, range)
        .await
        .map_err(|e| first_line(&e.to_string()))
}

async fn read_head(ds: &Dataset, meta: &ObjectMeta) -> Result<Head, String> {
    if meta.size == 0 {
        return Err("empty file (0 bytes)".into());
    }
    let n = meta.size.min(HEAD);
    let cached = ds
        .files
        .iter()
        .find(|f| f.meta.location == meta.location)
        .and_then(|f| f.head.clone())
        .filter(|h| h.len() as u64 == n);
    let raw = match cached {
        Some(h) => h,
        None => fetch(ds, meta, 0..n).await?,
    };
    if !magic_ok(ds.compression, &raw) {
        return Err(format!(
            "named as {} but the data is not {0}",
            ds.compression.as_str()
        ));
    }
    let (bytes, ended) = decompress_prefix(ds.compression, &raw, HEAD_DECOMPRESSED)?;
    Ok(Head {
        bytes,
        raw,
        stored: n,
        complete: n == meta.size && ended,
    })
}

/// Decode a head: UTF-8, else GB18030 (a superset of GBK). Unless the head is
/// the whole file, a character cut by its end is ignored.
fn decode(head: &[u8], complete: bool) -> Result<(Cow<'_, str>, &'static str), String> {
    match std::str::from_utf8(head) {
        Ok(t) => return Ok((t.into(), "utf-8")),
        Err(e) if e.error_len().is_none() => {
            return Ok((String::from_utf8_lossy(&head[..e.valid_up_to()]), "utf-8"));
        }
        Err(_) => {}
    }
    if head.starts_with(b"PAR1") {
        return Err("a Parquet file named as text".into());
    }
    let cut = if complete {
        head.len()
    } else {
        head.iter()
            .rposition(|&b| b == b'\n')
            .map_or(head.len(), |p| p + 1)
    };
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&head[..cut]) {
        Some(text) if !text.contains('\0') => Ok((text, "gb18030")),
        _ => Err("not text: neither UTF-8 nor GB18030/GBK".into()),
    }
}

/// What a text file's columns are, for grouping files into tables: a JSON
/// file's first record's keys, a delimited file's delimiter and header (or,
/// without one, its number of fields).
pub(super) async fn signature(ds: &mut Dataset) -> Option<String> {
    let meta = ds.files.first()?.meta.clone();
    let head = read_head(ds, &meta).await.ok()?;
    // Kept for planning, which reads the same head.
    ds.files[0].head = Some(head.raw.clone());
    let (text, _) = decode(&head.bytes, head.complete).ok()?;
    if ds.format == crate::source::Format::Json {
        let first = text.lines().find(|l| !l.trim().is_empty())?;
        let value: serde_json::Value = serde_json::from_str(first).ok()?;
        let mut keys: Vec<&String> = value.as_object()?.keys().collect();
        keys.sort();
        return Some(format!("json:{keys:?}"));
    }
    let (delimiter, _) = delimiter_votes(&text)?;
    let (names, header) = column_names(&first_records(&text, delimiter, 5));
    Some(format!("csv:{delimiter}:{header}:{}", names.join("\u{1f}")))
}

/// Delimiter used consistently on the first lines: the candidate with the same
/// non-zero count on most lines, most fields first.
pub(super) fn sniff_delimiter(text: &str, default: u8) -> u8 {
    delimiter_votes(text).map_or(default, |(d, _)| d)
}

fn delimiter_votes(text: &str) -> Option<(u8, usize)> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best: Option<(u8, usize, usize)> = None;
    // \x01 (Ctrl-A) is Hive's default field delimiter for text tables.
    for d in [b',', b'\t', b';', b'|', 0x01] {
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
        if best.is_none_or(|(_, a, f)| (agree, first) > (a, f)) {
            best = Some((d, agree, first));
        }
    }
    best.map(|(d, agree, _)| (d, agree))
}

/// A `.txt` is delimited data when most of its first lines split the same way.
fn looks_delimited(text: &str) -> bool {
    let lines = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .count();
    delimiter_votes(text).is_some_and(|(_, agree)| lines >= 2 && agree * 10 >= lines * 8)
}

/// Does a quoted field run over a line end in the head?
fn newlines_in_quotes(text: &str) -> bool {
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if quoted => return true,
            _ => {}
        }
    }
    false
}

/// A field that looks like data rather than a column name.
pub(super) fn data_like(field: &str) -> bool {
    let f = field.trim();
    f.parse::<f64>().is_ok()
        || f.chars().filter(char::is_ascii_digit).count() >= 5
        || f.contains('@')
}

/// First records of the head, all fields as strings.
fn first_records(text: &str, delimiter: u8, n: usize) -> Vec<Vec<String>> {
    let Ok((schema, _)) = datafusion::arrow::csv::reader::Format::default()
        .with_header(false)
        .with_delimiter(delimiter)
        .infer_schema(Cursor::new(text.as_bytes()), Some(n))
    else {
        return vec![];
    };
    let schema = Arc::new(Schema::new(
        schema
            .fields()
            .iter()
            .map(|f| Field::new(f.name(), DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let Ok(reader) = ReaderBuilder::new(schema)
        .with_header(false)
        .with_delimiter(delimiter)
        .with_truncated_rows(true)
        .with_batch_size(n)
        .build(Cursor::new(text.as_bytes()))
    else {
        return vec![];
    };
    let mut out = Vec::new();
    for batch in reader.take(1).flatten() {
        for r in 0..batch.num_rows().min(n) {
            out.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| {
                        use datafusion::arrow::array::{Array, AsArray};
                        let s = c.as_string::<i32>();
                        if s.is_null(r) {
                            String::new()
                        } else {
                            s.value(r).to_string()
                        }
                    })
                    .collect(),
            );
        }
    }
    out
}

/// Column names: the header row when the first record looks like one, else
/// `column_1..n`. Empty and repeated names are made unique.
fn column_names(records: &[Vec<String>]) -> (Vec<String>, bool) {
    let Some(first) = records.first() else {
        return (vec![], false);
    };
    let header = !first.iter().any(|f| data_like(f)) && !first.iter().all(|f| f.trim().is_empty());
    let mut names: Vec<String> = Vec::new();
    for (i, f) in first.iter().enumerate() {
        let base = if header && !f.trim().is_empty() {
            f.trim().to_string()
        } else {
            format!("column_{}", i + 1)
        };
        let mut name = base.clone();
        let mut k = 2;
        while names.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        names.push(name);
    }
    (names, header)
}

fn mean_line(bytes: &[u8], skip_first: bool) -> (f64, u64) {
    let start = if skip_first {
        bytes
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| p + 1)
    } else {
        0
    };
    let body = &bytes[start..];
    let lines = body.iter().filter(|&&b| b == b'\n').count().max(1);
    let last = body
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(body.len(), |p| p + 1);
    ((last as f64 / lines as f64).max(1.0), start as u64)
}

pub(super) async fn plan_csv(ds: &Dataset, cfg: SampleConfig) -> Result<DatasetPlan, SourceError> {
    let compressed = ds.compression != Compression::None;
    let mut file_errors = Vec::new();
    let mut files = Vec::new();
    let mut decoded = Vec::new();
    let mut schema: Option<SchemaRef> = None;
    let (mut delimiter, mut has_header, mut multiline) = (b',', true, false);
    let mut encodings: Vec<&'static str> = Vec::new();
    let (mut rows_est, mut planned, mut range_count) = (0f64, 0u64, 0u64);
    let mut covers_all = true;
    let table_bytes: u64 = ds.files.iter().map(|f| f.meta.size).sum();
    for (index, f) in ds.files.iter().enumerate() {
        let size = f.meta.size;
        let head = match read_head(ds, &f.meta).await {
            Ok(h) => h,
            Err(e) => {
                file_errors.push(SourceError::new(&f.uri, e));
                continue;
            }
        };
        let (text, encoding) = match decode(&head.bytes, head.complete) {
            Ok(t) => t,
            Err(e) => {
                file_errors.push(SourceError::new(&f.uri, e));
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if text.trim().is_empty() {
            file_errors.push(SourceError::new(
                &f.uri,
                "no data: the file holds only whitespace",
            ));
            continue;
        }
        if ds.sniff && !looks_delimited(text) {
            return Ok(DatasetPlan::empty(
                file_errors,
                Some("plain text, not delimited data".into()),
            ));
        }
        if schema.is_none() {
            let default = if f.uri.to_ascii_lowercase().contains(".tsv") {
                b'\t'
            } else {
                b','
            };
            delimiter = sniff_delimiter(text, default);
            multiline = newlines_in_quotes(text);
            let (names, header) = column_names(&first_records(text, delimiter, 2));
            if names.is_empty() {
                file_errors.push(SourceError::new(
                    &f.uri,
                    "no CSV records in the first 64 KiB",
                ));
                continue;
            }
            has_header = header;
            schema = Some(Arc::new(Schema::new(
                names
                    .into_iter()
                    .map(|n| Field::new(n, DataType::Utf8, true))
                    .collect::<Vec<_>>(),
            )));
        }
        let (mean, header_bytes) = mean_line(&head.bytes, has_header);
        // Decompressed bytes per stored byte, to estimate rows of compressed files.
        let expansion = head.bytes.len() as f64 / head.stored.max(1) as f64;
        rows_est += ((size as f64 * expansion) - header_bytes as f64).max(0.0) / mean;
        let seekable = !compressed && !multiline;
        let whole = cfg.full
            || head.complete
            || (seekable && (cfg.rows_per_file as f64 * mean) as u64 >= size);
        let mut ranges: Vec<(u64, u64)> = Vec::new();
        if whole || !seekable {
            ranges.push((0, size));
            planned += if whole {
                (rows_est.round() as u64).saturating_sub(planned)
            } else {
                cfg.rows_per_file as u64
            };
            covers_all &= whole;
        } else {
            covers_all = false;
            let budget = ((cfg.rows_per_file as f64 * mean) as u64).max(HEAD);
            let chunk = budget / WINDOWS;
            for j in 0..WINDOWS {
                let start = j * (size - chunk) / (WINDOWS - 1);
                ranges.push((start, start + chunk));
            }
            planned += (budget as f64 / mean) as u64;
        }
        range_count += ranges.len() as u64;
        let limit = (!whole && !seekable).then_some(cfg.rows_per_file);
        if head.complete {
            // The head is the whole file: parse it here instead of reading it again.
            let schema = schema.clone().unwrap_or_else(|| Arc::new(Schema::empty()));
            match parse_csv(text, &schema, delimiter, has_header, None) {
                Ok(batches) => decoded.extend(batches.into_iter().map(|b| (index, b))),
                Err(e) => {
                    file_errors.push(SourceError::new(&f.uri, e));
                    continue;
                }
            }
            if encoding != "utf-8" {
                encodings.push(encoding);
            }
        } else if !whole && !seekable {
            // Compressed (or with quoted newlines): the sample is a prefix of
            // the file, fetched in growing ranged reads until it holds the rows.
            let schema = schema.clone().unwrap_or_else(|| Arc::new(Schema::empty()));
            let budget = cfg.byte_budget(table_bytes) / ds.files.len().max(1) as u64;
            let text = match read_prefix_text(ds, &f.meta, &head, cfg.rows_per_file, budget).await {
                Ok(t) => t,
                Err(e) => {
                    file_errors.push(SourceError::new(&f.uri, e));
                    continue;
                }
            };
            let (text, _, _) = if encoding == "utf-8" {
                encoding_rs::UTF_8.decode(&text)
            } else {
                encoding_rs::GB18030.decode(&text)
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            match parse_csv(
                text,
                &schema,
                delimiter,
                has_header,
                Some(cfg.rows_per_file),
            ) {
                Ok(batches) => {
                    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
                    planned = planned - cfg.rows_per_file as u64 + rows as u64;
                    decoded.extend(batches.into_iter().map(|b| (index, b)));
                }
                Err(e) => {
                    file_errors.push(SourceError::new(&f.uri, e));
                    continue;
                }
            }
            if encoding != "utf-8" {
                encodings.push(encoding);
            }
        } else if encoding == "utf-8" {
            for &(start, end) in &ranges {
                let mut pf = PartitionedFile::new_from_meta(f.meta.clone());
                if ranges.len() > 1 {
                    pf.range = Some(FileRange {
                        start: start as i64,
                        end: end as i64,
                    });
                }
                files.push(pf);
            }
        } else {
            // DataFusion's CSV reader takes UTF-8 only: read the same ranges
            // (or the bounded decompressed prefix) here and transcode them.
            let schema = schema.clone().unwrap_or_else(|| Arc::new(Schema::empty()));
            let read =
                read_transcoded(ds, &f.meta, &ranges, &schema, delimiter, has_header, limit).await;
            match read {
                Ok(batches) => decoded.extend(batches.into_iter().map(|b| (index, b))),
                Err(e) => {
                    file_errors.push(SourceError::new(&f.uri, e));
                    continue;
                }
            }
            encodings.push(encoding);
        }
    }
    let Some(schema) = schema else {
        return Ok(DatasetPlan::empty(file_errors, None));
    };
    let limit = (!covers_all && (compressed || multiline)).then_some(cfg.rows_per_file);
    let scan = build_exec_with(
        ds,
        &schema,
        files,
        ScanFormat::Csv {
            delimiter,
            has_header,
            newlines_in_values: multiline,
        },
        limit,
    )?;
    let (spec, exec) = scan.unzip();
    Ok(DatasetPlan {
        columns: planned_columns(&schema),
        rows: rows_est.round() as u64,
        rows_exact: false,
        sample: SampleInfo {
            mode: SampleInfo::mode(cfg),
            ranges: Some(range_count),
            rows_planned: planned,
            compression: compressed.then(|| ds.compression.as_str().to_string()),
            encoding: encodings.first().map(|e| e.to_string()),
            ..SampleInfo::default()
        },
        file_errors,
        covers_all,
        exec,
        spec,
        decoded,
        file_rows: Default::default(),
        newest: Default::default(),
        skipped: None,
    })
}

/// The start of a file that cannot be sampled by seeking (compressed, or
/// with quoted newlines), decompressed: stored bytes are fetched in growing
/// ranged reads after the head until the text holds `rows` lines (plus a
/// header), the stream ends, or about `budget` stored bytes were read. The
/// whole object is never requested. Cut after the last complete line.
async fn read_prefix_text(
    ds: &Dataset,
    meta: &ObjectMeta,
    head: &Head,
    rows: usize,
    budget: u64,
) -> Result<Vec<u8>, String> {
    let mut raw = head.raw.to_vec();
    let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
    let (mut text, mut ended) = (head.bytes.clone(), head.complete);
    let mut next = (raw.len() as u64).max(LINE_SLACK * 8);
    while !ended && lines(&text) <= rows && (raw.len() as u64) < meta.size {
        let have = raw.len() as u64;
        let end = next.min(meta.size).max(have + 1);
        let more = fetch(ds, meta, have..end).await?;
        raw.extend_from_slice(&more);
        let (t, e) = decompress_prefix(ds.compression, &raw, usize::MAX)?;
        (text, ended) = (t, e || end == meta.size);
        if raw.len() as u64 >= budget {
            break;
        }
        // Stored bytes the wanted lines need, from the lines seen so far.
        let seen = lines(&text).max(1) as f64;
        let need = (raw.len() as f64 * (rows + 2) as f64 / seen * 1.1) as u64;
        next = need.max(have * 2).min(budget.max(raw.len() as u64 + 1));
    }
    if !ended && let Some(p) = text.iter().rposition(|&b| b == b'\n') {
        text.truncate(p + 1);
    }
    Ok(text)
}

/// Read `ranges` of a GB18030 CSV file the way DataFusion reads UTF-8 ones (a
/// range owns the lines that start inside it), or a compressed file's
/// decompressed prefix, then transcode and parse at most `limit` rows.
async fn read_transcoded(
    ds: &Dataset,
    meta: &ObjectMeta,
    ranges: &[(u64, u64)],
    schema: &SchemaRef,
    delimiter: u8,
    header: bool,
    limit: Option<usize>,
) -> Result<Vec<RecordBatch>, String> {
    let mut batches = Vec::new();
    let mut rows = 0usize;
    for &(start, end) in ranges {
        let fetch_end = if end >= meta.size {
            meta.size
        } else {
            (end + LINE_SLACK).min(meta.size)
        };
        let stored = fetch(ds, meta, start..fetch_end).await?;
        let max = limit.map_or(usize::MAX, |_| 8 * HEAD_DECOMPRESSED);
        let (bytes, _) = decompress_prefix(ds.compression, &stored, max)?;
        let mut from = 0usize;
        if start > 0 {
            match bytes.iter().position(|&b| b == b'\n') {
                Some(p) => from = p + 1,
                None => continue,
            }
        }
        let owned = if ds.compression == Compression::None {
            (end - start) as usize
        } else {
            bytes.len()
        };
        let mut to = from;
        while to < bytes.len() && to < owned.max(from + 1) {
            match bytes[to..].iter().position(|&b| b == b'\n') {
                Some(p) => to += p + 1,
                None if fetch_end == meta.size && ds.compression == Compression::None => {
                    to = bytes.len()
                }
                None => break,
            }
        }
        let (text, _, _) = encoding_rs::GB18030.decode(&bytes[from..to]);
        let left = limit.map(|l| l.saturating_sub(rows));
        let parsed = parse_csv(&text, schema, delimiter, header && start == 0, left)?;
        rows += parsed.iter().map(RecordBatch::num_rows).sum::<usize>();
        batches.extend(parsed);
        if limit.is_some_and(|l| rows >= l) {
            break;
        }
    }
    Ok(batches)
}

/// Parse CSV text already in memory, at most `limit` rows.
fn parse_csv(
    text: &str,
    schema: &SchemaRef,
    delimiter: u8,
    header: bool,
    limit: Option<usize>,
) -> Result<Vec<RecordBatch>, String> {
    let reader = ReaderBuilder::new(schema.clone())
        .with_header(header)
        .with_delimiter(delimiter)
        .with_truncated_rows(true)
        .build(Cursor::new(text.as_bytes()))
        .map_err(|e| format!("CSV: {e}"))?;
    let mut batches = Vec::new();
    let mut rows = 0;
    for batch in reader {
        let batch = batch.map_err(|e| first_line(&format!("CSV: {e}")))?;
        rows += batch.num_rows();
        batches.push(batch);
        if limit.is_some_and(|l| rows >= l) {
            break;
        }
    }
    Ok(batches)
}

pub(super) async fn plan_json(ds: &Dataset, cfg: SampleConfig) -> Result<DatasetPlan, SourceError> {
    let mut file_errors = Vec::new();
    let mut files = Vec::new();
    let mut schema: Option<Schema> = None;
    let (mut rows_est, mut covers_all) = (0f64, true);
    let table_bytes: u64 = ds.files.iter().map(|f| f.meta.size).sum();
    let mut prefixes = Vec::new();
    for (index, f) in ds.files.iter().enumerate() {
        let head = match read_head(ds, &f.meta).await {
            Ok(h) => h,
            Err(e) => {
                file_errors.push(SourceError::new(&f.uri, e));
                continue;
            }
        };
        // Complete lines of the head only.
        let cut = if head.complete {
            head.bytes.len()
        } else {
            head.bytes
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
        };
        let inferred = datafusion::arrow::json::reader::infer_json_schema(
            Cursor::new(&head.bytes[..cut]),
            None,
        );
        let file_schema = match inferred {
            Ok((s, n)) if n > 0 => s,
            Ok(_) => {
                file_errors.push(SourceError::new(
                    &f.uri,
                    "no JSON lines in the first 64 KiB",
                ));
                continue;
            }
            Err(e) => {
                file_errors.push(SourceError::new(
                    &f.uri,
                    format!("not JSON lines: {}", first_line(&e.to_string())),
                ));
                continue;
            }
        };
        schema = Some(match schema {
            None => file_schema,
            Some(s) => Schema::try_merge([s.clone(), file_schema]).unwrap_or(s),
        });
        let (mean, _) = mean_line(&head.bytes[..cut], false);
        let expansion = head.bytes.len() as f64 / head.stored.max(1) as f64;
        rows_est += f.meta.size as f64 * expansion / mean;
        covers_all &= cfg.full || head.complete;
        if cfg.full || head.complete {
            files.push(PartitionedFile::new_from_meta(f.meta.clone()));
            continue;
        }
        // A sample of JSON lines is the file's prefix (plain or compressed),
        // fetched in growing ranged reads: the whole object is never requested.
        let budget = cfg.byte_budget(table_bytes) / ds.files.len().max(1) as u64;
        match read_prefix_text(ds, &f.meta, &head, cfg.rows_per_file, budget).await {
            Ok(text) => prefixes.push((index, f, text)),
            Err(e) => file_errors.push(SourceError::new(&f.uri, e)),
        }
    }
    let Some(schema) = schema else {
        return Ok(DatasetPlan::empty(file_errors, None));
    };
    let schema = Arc::new(schema);
    let mut decoded = Vec::new();
    for (index, f, text) in prefixes {
        match parse_json(&text, &schema, cfg.rows_per_file) {
            Ok(batches) => decoded.extend(batches.into_iter().map(|b| (index, b))),
            Err(e) => file_errors.push(SourceError::new(&f.uri, e)),
        }
    }
    let limit = (!covers_all).then_some(cfg.rows_per_file);
    let scan = build_exec_with(ds, &schema, files, ScanFormat::Json, limit)?;
    let (spec, exec) = scan.unzip();
    Ok(DatasetPlan {
        columns: planned_columns(&schema),
        rows: rows_est.round() as u64,
        rows_exact: false,
        sample: SampleInfo {
            mode: SampleInfo::mode(cfg),
            rows_planned: if covers_all {
                rows_est.round() as u64
            } else {
                cfg.rows_per_file as u64
            },
            compression: (ds.compression != Compression::None)
                .then(|| ds.compression.as_str().to_string()),
            ..SampleInfo::default()
        },
        file_errors,
        covers_all,
        exec,
        spec,
        decoded,
        file_rows: Default::default(),
        newest: Default::default(),
        skipped: None,
    })
}

/// Parse JSON lines already in memory, at most `limit` rows.
fn parse_json(text: &[u8], schema: &SchemaRef, limit: usize) -> Result<Vec<RecordBatch>, String> {
    let reader = datafusion::arrow::json::ReaderBuilder::new(schema.clone())
        .build(Cursor::new(text))
        .map_err(|e| format!("JSON: {e}"))?;
    let mut batches = Vec::new();
    let mut rows = 0;
    for batch in reader {
        let batch = batch.map_err(|e| first_line(&format!("not JSON lines: {e}")))?;
        let keep = batch.num_rows().min(limit - rows);
        rows += keep;
        batches.push(batch.slice(0, keep));
        if rows >= limit {
            break;
        }
    }
    Ok(batches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n", b','), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n", b','), b'\t');
        assert_eq!(sniff_delimiter("a;b\n1;2\n", b','), b';');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n", b','), b'|');
    }

    #[test]
    fn headers_and_prose() {
        let (names, header) = column_names(&first_records(
            "xm,sfzh\n张三,11010519491231002X\n",
            b',',
            2,
        ));
        assert!(header);
        assert_eq!(names, ["xm", "sfzh"]);
        let (names, header) = column_names(&first_records(
            "张三,11010519491231002X\n李四,11010519491231002X\n",
            b',',
            2,
        ));
        assert!(!header);
        assert_eq!(names, ["column_1", "column_2"]);
        assert!(looks_delimited("a,b\n1,2\n3,4\n"));
        assert!(!looks_delimited(
            "This is a readme.\nIt explains things, mostly.\nNothing else here\n"
        ));
        assert!(newlines_in_quotes("a,\"b\nc\"\n"));
    }

    #[test]
    fn compression_magic_and_prefix() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&b"a,b\n1,2\n".repeat(1000)).unwrap();
        let gz = enc.finish().unwrap();
        assert!(magic_ok(Compression::Gzip, &gz));
        assert!(!magic_ok(Compression::Gzip, b"plain text"));
        let (out, ended) = decompress_prefix(Compression::Gzip, &gz, usize::MAX).unwrap();
        assert!(ended);
        assert_eq!(out.len(), 8000);
        let (part, ended) =
            decompress_prefix(Compression::Gzip, &gz[..gz.len() / 2], usize::MAX).unwrap();
        assert!(!ended && !part.is_empty());
    }
}
