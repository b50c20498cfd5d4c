//! Parquet samples read from a bounded prefix of each column chunk, for files
//! whoever wrote them: with or without a page index, in one row group or many.
//!
//! A column chunk is `[dictionary page][data page][data page]…`, each page
//! behind a small Thrift header. For each sampled row group and projected
//! column we fetch two ranged reads, a prefix of the dictionary page and a
//! prefix of the data pages, walk the page headers, decompress as much of each
//! page as the prefix holds (Snappy, LZ4 and Gzip/Zstd streams decode from the
//! front), and decode levels and values until the rows are there or the bytes
//! run out. Dictionaries are filled in insertion order by every writer we know
//! (parquet-cpp, parquet-rs, parquet-mr, DuckDB), so the first rows of a chunk
//! only reference the first dictionary entries: a dictionary of a megabyte costs
//! the sample only the entries its rows use. When an index points past the
//! entries decoded, the dictionary prefix is grown.
//!
//! Every column of a row group is cut at the same row count. What this reader
//! does not decode (nested columns, DELTA encodings, Brotli/LZO pages, INT96…)
//! is reported as [`PrefixError::Unsupported`] and the caller falls back to
//! DataFusion's row-selection scan.

use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::array::{
    ArrayRef, BinaryArray, PrimitiveArray, RecordBatch, new_null_array,
};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::{
    ArrowPrimitiveType, Float32Type, Float64Type, Int32Type, Int64Type,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::parquet::basic::{Compression, Type as PhysicalType};
use datafusion::parquet::file::metadata::{ColumnChunkMetaData, ParquetMetaData};
use object_store::ObjectStore;
use object_store::path::Path;

/// Why a file could not be sampled from chunk prefixes.
#[derive(Debug, thiserror::Error)]
pub enum PrefixError {
    /// Something this reader does not decode: use the row-selection scan.
    #[error("unsupported for prefix sampling: {0}")]
    Unsupported(String),
    /// The file is damaged.
    #[error("corrupt column chunk {column}: {message}")]
    Corrupt { column: String, message: String },
    #[error("{0}")]
    Io(String),
}

/// One window: the head of a row group.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub row_group: usize,
    pub rows: usize,
}

/// A projected column: the Arrow type the scan expects and, when the file
/// has it, its leaf index in the Parquet schema.
#[derive(Debug, Clone)]
pub struct ProjectedColumn {
    pub data_type: DataType,
    pub leaf: Option<usize>,
}

/// What a prefix sample read.
pub struct PrefixSample {
    pub batches: Vec<RecordBatch>,
    pub rows: u64,
}

/// Most rounds of ranged reads per file (each round is one `get_ranges`).
const ROUNDS: usize = 8;
/// First read of each range: the page headers and the first values.
const PROBE: u64 = 4 * 1024;

/// How much of a chunk's dictionary and data prefixes to hold.
#[derive(Debug, Clone, Copy)]
struct Prefix {
    dict: Option<u64>,
    data: u64,
}

impl Prefix {
    fn total(&self) -> u64 {
        self.dict.unwrap_or(0) + self.data
    }
}

/// Can the prefix reader decode this column (type and layout), as the scan projects it?
pub fn supported(chunk: &ColumnChunkMetaData, data_type: &DataType) -> Result<(), String> {
    let descr = chunk.column_descr();
    if descr.max_rep_level() > 0 || descr.max_def_level() > 1 {
        return Err(format!("nested column {}", descr.path()));
    }
    match chunk.compression() {
        Compression::UNCOMPRESSED
        | Compression::SNAPPY
        | Compression::GZIP(_)
        | Compression::ZSTD(_)
        | Compression::LZ4_RAW => {}
        c => return Err(format!("{c} pages")),
    }
    let value = value_type(data_type);
    let ok = matches!(
        (descr.physical_type(), value),
        (
            PhysicalType::BYTE_ARRAY,
            DataType::Utf8
                | DataType::LargeUtf8
                | DataType::Utf8View
                | DataType::Binary
                | DataType::LargeBinary
                | DataType::BinaryView
        ) | (
            PhysicalType::INT64,
            DataType::Int64
                | DataType::UInt64
                | DataType::Decimal128(_, 0)
                | DataType::Timestamp(_, _)
                | DataType::Date64
        ) | (
            PhysicalType::INT32,
            DataType::Decimal128(_, 0) | DataType::Date32
        ) | (PhysicalType::DOUBLE, DataType::Float64)
            | (PhysicalType::FLOAT, DataType::Float32)
    );
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} stored as {} read as {value}",
            descr.path(),
            descr.physical_type()
        ))
    }
}

/// The type of a column's values (a dictionary's value type).
fn value_type(data_type: &DataType) -> &DataType {
    match data_type {
        DataType::Dictionary(_, v) => v.as_ref(),
        t => t,
    }
}

/// Read `windows` (heads of row groups) of `columns` from the file at
/// `location`, fetching at most about `budget` bytes. `schema` is the
/// projected schema of the batches returned.
pub async fn sample_file(
    store: &Arc<dyn ObjectStore>,
    location: &Path,
    md: &ParquetMetaData,
    windows: &[Window],
    columns: &[ProjectedColumn],
    schema: &SchemaRef,
    budget: u64,
) -> Result<PrefixSample, PrefixError> {
    let mut chunks = Vec::new();
    for w in windows {
        let rg = md.row_group(w.row_group);
        for c in columns {
            let Some(leaf) = c.leaf else { continue };
            let meta = rg.column(leaf);
            supported(meta, &c.data_type).map_err(PrefixError::Unsupported)?;
            chunks.push(ChunkState::new(meta));
        }
    }
    if chunks.is_empty() {
        return Err(PrefixError::Unsupported(
            "no projected column in the file".into(),
        ));
    }
    let per_window = columns.iter().filter(|c| c.leaf.is_some()).count().max(1);
    // The budget is split over the windows; a window's wanted rows shrink
    // when its columns would cost more than its share.
    let share = budget / windows.len().max(1) as u64;
    let mut wanted: Vec<usize> = windows.iter().map(|w| w.rows).collect();
    // A wide table's probes alone must not spend its share.
    let probe = (share / (2 * per_window as u64)).clamp(512, PROBE);
    for round in 0..ROUNDS {
        let mut requests: Vec<(usize, bool, Range<u64>)> = Vec::new();
        for (w, want) in wanted.iter_mut().enumerate() {
            let group = &chunks[w * per_window..((w + 1) * per_window).min(chunks.len())];
            if round > 0 {
                if group.iter().all(|c| c.satisfied(*want)) {
                    continue;
                }
                let cost = |rows: usize| group.iter().map(|c| c.target(rows).total()).sum::<u64>();
                if cost(*want) > share {
                    // The most rows whose prefixes fit the share (cost grows with rows).
                    let (mut lo, mut hi) = (0usize, *want);
                    while lo < hi {
                        let mid = (lo + hi).div_ceil(2);
                        if cost(mid) <= share {
                            lo = mid
                        } else {
                            hi = mid - 1
                        }
                    }
                    let have = group.iter().map(ChunkState::rows).min().unwrap_or(0);
                    *want = lo.max(have).max(1);
                }
            }
            for (k, c) in group.iter().enumerate() {
                let idx = w * per_window + k;
                let target = if round == 0 {
                    c.probe(probe)
                } else {
                    c.target(*want)
                };
                requests.extend(c.reads_to(target).into_iter().map(|(d, r)| (idx, d, r)));
            }
        }
        if requests.is_empty() {
            break;
        }
        let ranges: Vec<Range<u64>> = requests.iter().map(|(_, _, r)| r.clone()).collect();
        let got = store
            .get_ranges(location, &ranges)
            .await
            .map_err(|e| PrefixError::Io(crate::source::first_line(&e.to_string())))?;
        for ((idx, dict, range), bytes) in requests.into_iter().zip(got) {
            chunks[idx].append(dict, range, bytes);
        }
        for (w, want) in wanted.iter().enumerate() {
            let end = ((w + 1) * per_window).min(chunks.len());
            for c in &mut chunks[w * per_window..end] {
                c.decode(*want)?;
            }
        }
    }
    let mut batches = Vec::new();
    let mut rows = 0u64;
    for (w, _) in windows.iter().enumerate() {
        let group = &chunks[w * per_window..((w + 1) * per_window).min(chunks.len())];
        let n = group
            .iter()
            .map(|c| c.rows())
            .min()
            .unwrap_or(0)
            .min(wanted[w]);
        if n == 0 {
            continue;
        }
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
        let mut k = 0;
        for c in columns {
            let array = if c.leaf.is_some() {
                let a = group[k].to_array(n, &c.data_type)?;
                k += 1;
                a
            } else {
                new_null_array(&c.data_type, n)
            };
            arrays.push(array);
        }
        let batch =
            RecordBatch::try_new(schema.clone(), arrays).map_err(|e| PrefixError::Corrupt {
                column: String::new(),
                message: e.to_string(),
            })?;
        rows += n as u64;
        batches.push(batch);
    }
    Ok(PrefixSample { batches, rows })
}

/// What stopped decoding short of the rows wanted.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Short {
    /// Enough rows, or the chunk has no more.
    No,
    /// An index past the dictionary entries decoded.
    Dictionary,
    /// The data prefix ended.
    Data,
}

/// What the first data page of a chunk tells about the cost of a row.
#[derive(Debug, Clone, Copy)]
struct FirstPage {
    header: usize,
    /// Stored (compressed) payload bytes.
    stored: usize,
    values: usize,
    /// Bytes of its definition levels (before the values), once seen.
    levels: Option<usize>,
}

/// Decoded values of one column chunk prefix.
#[derive(Default)]
struct Values {
    valid: Vec<bool>,
    /// BYTE_ARRAY: offsets into `data`; fixed width: `data` holds the values.
    offsets: Vec<i32>,
    data: Vec<u8>,
}

struct ChunkState {
    name: String,
    physical: PhysicalType,
    compression: Compression,
    optional: bool,
    /// Where the dictionary page starts, when the chunk says it has one.
    dict_start: Option<u64>,
    data_start: u64,
    chunk_end: u64,
    /// Average stored bytes per row over the whole chunk.
    avg_row_bytes: f64,
    dict_bytes: Vec<u8>,
    data_bytes: Vec<u8>,
    /// Dictionary page size (header + payload) once its header was read.
    dict_total: Option<u64>,
    /// Decoded dictionary entries (as `Values`, all valid).
    dict: Values,
    dict_entries: usize,
    values: Values,
    short: Short,
    /// The dictionary page's stored size and entries, from its header.
    dict_header: Option<(usize, usize)>,
    /// The first data page's sizes, from its header and its first bytes.
    first_page: Option<FirstPage>,
    /// The dictionary index that stopped decoding, plus one.
    need_entries: usize,
    /// Stored bytes per value of the last data page whose header was read.
    last_page_bpr: f64,
}

fn fixed_width(t: PhysicalType) -> Option<usize> {
    match t {
        PhysicalType::INT32 | PhysicalType::FLOAT => Some(4),
        PhysicalType::INT64 | PhysicalType::DOUBLE => Some(8),
        _ => None,
    }
}

impl ChunkState {
    fn new(meta: &ColumnChunkMetaData) -> Self {
        let (start, len) = meta.byte_range();
        let data_start = meta.data_page_offset().max(0) as u64;
        let dict_start = meta
            .dictionary_page_offset()
            .map(|d| d.max(0) as u64)
            .filter(|&d| d < data_start);
        let rows = meta.num_values().max(1) as f64;
        ChunkState {
            name: meta.column_descr().path().string(),
            physical: meta.column_descr().physical_type(),
            compression: meta.compression(),
            optional: meta.column_descr().max_def_level() == 1,
            dict_start,
            data_start,
            chunk_end: start + len,
            avg_row_bytes: len as f64 / rows,
            dict_bytes: Vec::new(),
            data_bytes: Vec::new(),
            dict_total: None,
            dict: Values::default(),
            dict_entries: 0,
            values: Values::default(),
            short: Short::Data,
            dict_header: None,
            first_page: None,
            need_entries: 0,
            last_page_bpr: 0.0,
        }
    }

    fn rows(&self) -> usize {
        self.values.valid.len()
    }

    fn satisfied(&self, want: usize) -> bool {
        self.rows() >= want || self.short == Short::No
    }

    /// Round 0: the first bytes of each range, enough for the page headers
    /// that tell what a row costs.
    fn probe(&self, bytes: u64) -> Prefix {
        let dict = self.dict_start.map(|d| bytes.min(self.data_start - d));
        Prefix {
            dict,
            data: bytes.min(self.chunk_end - self.data_start),
        }
    }

    /// The prefixes `want` rows need, as far as the headers and rows seen tell.
    fn target(&self, want: usize) -> Prefix {
        let want_f = want as f64;
        let rows = self.rows();
        // Data pages: a fixed part (the levels of the first page, which come
        // before its values) and stored bytes per value, from the first data page.
        let (fixed, data_bpr) = match self.first_page {
            Some(p) => {
                // Levels of random nulls are bit-packed and do not compress:
                // count them stored as they are, the values at the rest's ratio.
                let levels = p.levels.unwrap_or(0).min(p.stored) as f64;
                let values = (p.stored as f64 - levels).max(0.0);
                (p.header as f64 + levels, values / p.values.max(1) as f64)
            }
            None => (0.0, self.avg_row_bytes),
        };
        let data_limit = self.chunk_end - self.data_start;
        let have = self.data_bytes.len() as u64;
        let mut data = (fixed + want_f * data_bpr * 1.1) as u64 + 512;
        if self.short == Short::Data && rows < want {
            // What is held, plus the rows still missing at the dearest rate
            // seen: the first page's, the last page's (a writer that outgrew
            // its dictionary goes on in PLAIN) or the prefix's so far.
            let observed = if rows > 0 {
                (have as f64 - fixed).max(0.0) / rows as f64
            } else {
                0.0
            };
            let rate = data_bpr.max(self.last_page_bpr).max(observed);
            let mut more = ((want - rows) as f64 * rate * 1.2) as u64 + 512;
            if rows == 0 {
                // Nothing decoded yet (a Zstd block decodes only whole): grow geometrically.
                more = more.max(have);
            }
            data = data.max(have + more);
        }
        let data = data.max(have).min(data_limit);
        let dict = self.dict_start.map(|d| {
            let limit = self.dict_total.unwrap_or(self.data_start - d);
            let have = self.dict_bytes.len() as u64;
            // Worst case: every row brings a new entry.
            let bpe = self
                .dict_header
                .map_or(self.avg_row_bytes, |(bytes, entries)| {
                    bytes as f64 / entries.max(1) as f64
                });
            let mut n = (want_f * bpe * 1.1) as u64 + 256;
            if self.short == Short::Dictionary && self.dict_entries > 0 {
                let need = self.need_entries.max(self.dict_entries + 1) as f64;
                n = n.max((have as f64 * need / self.dict_entries as f64 * 1.2) as u64);
            } else if self.short == Short::Dictionary {
                n = n.max(have * 2);
            }
            n.max(have).min(limit)
        });
        Prefix { dict, data }
    }

    /// The ranges that extend the prefixes held to `target`: `(is_dictionary, range)`.
    fn reads_to(&self, target: Prefix) -> Vec<(bool, Range<u64>)> {
        let mut out = Vec::new();
        if let (Some(d), Some(n)) = (self.dict_start, target.dict) {
            let have = self.dict_bytes.len() as u64;
            if n > have {
                out.push((true, d + have..d + n));
            }
        }
        let have = self.data_bytes.len() as u64;
        if target.data > have {
            out.push((false, self.data_start + have..self.data_start + target.data));
        }
        out
    }

    fn append(&mut self, dict: bool, range: Range<u64>, bytes: Bytes) {
        let buf = if dict {
            &mut self.dict_bytes
        } else {
            &mut self.data_bytes
        };
        debug_assert_eq!(
            range.start,
            if dict {
                self.dict_start.unwrap_or(0)
            } else {
                self.data_start
            } + buf.len() as u64
        );
        buf.extend_from_slice(&bytes);
    }

    fn corrupt(&self, message: impl Into<String>) -> PrefixError {
        PrefixError::Corrupt {
            column: self.name.clone(),
            message: message.into(),
        }
    }

    /// Decode from the prefixes fetched so far, up to `want` rows.
    fn decode(&mut self, want: usize) -> Result<(), PrefixError> {
        self.values = Values::default();
        if self.dict_start.is_some() {
            let bytes = std::mem::take(&mut self.dict_bytes);
            let r = self.decode_dictionary(&bytes);
            self.dict_bytes = bytes;
            r?;
        }
        let bytes = std::mem::take(&mut self.data_bytes);
        let r = self.decode_data(&bytes, want);
        self.data_bytes = bytes;
        r
    }

    fn decode_dictionary(&mut self, bytes: &[u8]) -> Result<(), PrefixError> {
        self.dict = Values::default();
        self.dict_entries = 0;
        let Some(h) = read_page_header(bytes).map_err(|e| self.corrupt(e))? else {
            return Ok(());
        };
        if h.page_type != PAGE_DICTIONARY {
            return Err(self.corrupt("the dictionary page offset holds no dictionary page"));
        }
        self.dict_total = Some((h.header_len + h.compressed) as u64);
        self.dict_header = Some((h.header_len + h.compressed, h.num_values));
        self.load_dictionary(&h, &bytes[h.header_len..])
    }

    fn load_dictionary(&mut self, h: &PageHeader, payload: &[u8]) -> Result<(), PrefixError> {
        if !matches!(h.encoding, ENC_PLAIN | ENC_PLAIN_DICTIONARY) {
            return Err(PrefixError::Unsupported(format!(
                "dictionary encoding {}",
                h.encoding
            )));
        }
        let stored = &payload[..payload.len().min(h.compressed)];
        let plain = decompress_prefix(self.compression, stored, h.uncompressed)
            .map_err(|e| self.corrupt(e))?;
        let mut dict = Values::default();
        let n = self.plain_values(&plain, h.num_values, &mut dict);
        self.dict = dict;
        self.dict_entries = n;
        Ok(())
    }

    fn decode_data(&mut self, bytes: &[u8], want: usize) -> Result<(), PrefixError> {
        let mut pos = 0usize;
        self.short = Short::Data;
        while self.rows() < want {
            let Some(h) = read_page_header(&bytes[pos..]).map_err(|e| self.corrupt(e))? else {
                // Header cut short, or the chunk is done.
                if self.data_start + pos as u64 >= self.chunk_end {
                    self.short = Short::No;
                }
                break;
            };
            let payload_start = pos + h.header_len;
            let avail = bytes.len().saturating_sub(payload_start).min(h.compressed);
            let payload = &bytes[payload_start..payload_start + avail];
            match h.page_type {
                PAGE_DICTIONARY => {
                    // No dictionary offset in the footer, but the chunk starts with one.
                    if avail < h.compressed {
                        break;
                    }
                    self.load_dictionary(&h, payload)?;
                }
                PAGE_DATA | PAGE_DATA_V2 => {
                    self.last_page_bpr =
                        (h.header_len + h.compressed) as f64 / h.num_values.max(1) as f64;
                    if self.first_page.is_none() {
                        self.first_page = Some(FirstPage {
                            header: h.header_len,
                            stored: h.compressed,
                            values: h.num_values,
                            levels: None,
                        });
                    }
                    let before = self.rows();
                    let complete = self.data_page(&h, payload, want - before)?;
                    if !complete {
                        break;
                    }
                }
                _ => {} // index pages: skip
            }
            pos = payload_start + h.compressed;
            if pos > bytes.len() {
                break;
            }
            if self.data_start + pos as u64 >= self.chunk_end {
                self.short = Short::No;
                break;
            }
        }
        if self.rows() >= want {
            self.short = Short::No;
        }
        Ok(())
    }

    /// Decode up to `limit` rows of one data page from its (possibly partial)
    /// stored payload. Returns whether the whole page was decoded.
    fn data_page(
        &mut self,
        h: &PageHeader,
        stored: &[u8],
        limit: usize,
    ) -> Result<bool, PrefixError> {
        let n = h.num_values;
        let (levels, values): (Vec<u8>, Vec<u8>);
        let mut def_len = 0usize;
        if h.page_type == PAGE_DATA_V2 {
            if h.rep_len > 0 {
                return Err(PrefixError::Unsupported("repetition levels".into()));
            }
            if stored.len() < h.def_len {
                return Ok(false);
            }
            levels = stored[..h.def_len].to_vec();
            def_len = h.def_len;
            self.note_levels(h.def_len);
            let rest = &stored[h.def_len..];
            values = if h.v2_compressed {
                decompress_prefix(
                    self.compression,
                    rest,
                    h.uncompressed.saturating_sub(h.def_len),
                )
                .map_err(|e| self.corrupt(e))?
            } else {
                rest.to_vec()
            };
        } else {
            let plain = decompress_prefix(self.compression, stored, h.uncompressed)
                .map_err(|e| self.corrupt(e))?;
            let mut at = 0usize;
            if self.optional {
                if h.def_encoding != ENC_RLE {
                    return Err(PrefixError::Unsupported(format!(
                        "definition level encoding {}",
                        h.def_encoding
                    )));
                }
                if plain.len() < 4 {
                    return Ok(false);
                }
                let len = u32::from_le_bytes([plain[0], plain[1], plain[2], plain[3]]) as usize;
                self.note_levels(4 + len);
                if plain.len() < 4 + len {
                    return Ok(false);
                }
                levels = plain[4..4 + len].to_vec();
                def_len = len;
                at = 4 + len;
            } else {
                levels = Vec::new();
            }
            values = plain[at..].to_vec();
        }
        let take = n.min(limit);
        // Definition levels: 1 = present.
        let mut valid = Vec::with_capacity(take);
        if self.optional {
            let mut levels = Hybrid::new(&levels[..def_len.min(levels.len())], 1);
            for _ in 0..take {
                match levels.next() {
                    Some(l) => valid.push(l == 1),
                    None => return Err(self.corrupt("definition levels end early")),
                }
            }
        } else {
            valid.resize(take, true);
        }
        let present = valid.iter().filter(|v| **v).count();
        let decoded = match h.encoding {
            ENC_PLAIN => {
                let mut v = std::mem::take(&mut self.values);
                let got = self.plain_values(&values, present, &mut v);
                self.values = v;
                self.short = Short::Data;
                got
            }
            ENC_PLAIN_DICTIONARY | ENC_RLE_DICTIONARY => {
                if values.is_empty() {
                    if present > 0 {
                        return Ok(false);
                    }
                    0
                } else {
                    let bw = values[0];
                    if bw > 32 {
                        return Err(self.corrupt("dictionary index width over 32"));
                    }
                    let mut idx = Hybrid::new(&values[1..], bw);
                    let mut got = 0;
                    while got < present {
                        let Some(i) = idx.next() else {
                            self.short = Short::Data;
                            break;
                        };
                        let i = i as usize;
                        if i >= self.dict_entries {
                            self.short = Short::Dictionary;
                            self.need_entries = i + 1;
                            break;
                        }
                        self.push_dict_value(i);
                        got += 1;
                    }
                    got
                }
            }
            e => {
                return Err(PrefixError::Unsupported(format!("data page encoding {e}")));
            }
        };
        // Keep the rows whose values were all decoded.
        let mut rows = 0;
        let mut seen = 0;
        for &v in &valid {
            if v {
                if seen == decoded {
                    break;
                }
                seen += 1;
            }
            rows += 1;
        }
        // Rows ending in nulls after the last decoded value still count only
        // when the values ran out because there were no more.
        self.values.valid.extend_from_slice(&valid[..rows]);
        Ok(rows == n)
    }

    /// The first data page's levels took `n` bytes.
    fn note_levels(&mut self, n: usize) {
        if let Some(p) = self.first_page.as_mut()
            && p.levels.is_none()
        {
            p.levels = Some(n);
        }
    }

    fn push_dict_value(&mut self, i: usize) {
        let dict = &self.dict;
        match fixed_width(self.physical) {
            Some(w) => self
                .values
                .data
                .extend_from_slice(&dict.data[i * w..(i + 1) * w]),
            None => {
                let (a, b) = (dict.offsets[i] as usize, dict.offsets[i + 1] as usize);
                self.values.data.extend_from_slice(&dict.data[a..b]);
                if self.values.offsets.is_empty() {
                    self.values.offsets.push(0);
                }
                self.values.offsets.push(self.values.data.len() as i32);
            }
        }
    }

    /// Decode up to `n` PLAIN values from `buf` into `out`; returns how many
    /// were complete.
    fn plain_values(&self, buf: &[u8], n: usize, out: &mut Values) -> usize {
        match fixed_width(self.physical) {
            Some(w) => {
                let k = n.min(buf.len() / w);
                out.data.extend_from_slice(&buf[..k * w]);
                k
            }
            None => {
                if out.offsets.is_empty() {
                    out.offsets.push(out.data.len() as i32);
                }
                let mut pos = 0usize;
                let mut k = 0;
                while k < n && pos + 4 <= buf.len() {
                    let len =
                        u32::from_le_bytes([buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]])
                            as usize;
                    if pos + 4 + len > buf.len() {
                        break;
                    }
                    out.data.extend_from_slice(&buf[pos + 4..pos + 4 + len]);
                    out.offsets.push(out.data.len() as i32);
                    pos += 4 + len;
                    k += 1;
                }
                k
            }
        }
    }

    /// The first `n` rows as an Arrow array of `data_type`.
    fn to_array(&self, n: usize, data_type: &DataType) -> Result<ArrayRef, PrefixError> {
        let valid = &self.values.valid[..n];
        let nulls = NullBuffer::from(valid.to_vec());
        // Spread the present values over the rows (nulls take no value).
        let slots: Vec<usize> = valid
            .iter()
            .scan(0usize, |k, &v| {
                let i = *k;
                if v {
                    *k += 1;
                }
                Some(i)
            })
            .collect();
        let data = &self.values.data;
        let array: ArrayRef = match fixed_width(self.physical) {
            Some(_) => match self.physical {
                PhysicalType::INT32 => {
                    primitive::<Int32Type, 4>(data, valid, &slots, nulls, i32::from_le_bytes)
                }
                PhysicalType::INT64 => {
                    primitive::<Int64Type, 8>(data, valid, &slots, nulls, i64::from_le_bytes)
                }
                PhysicalType::FLOAT => {
                    primitive::<Float32Type, 4>(data, valid, &slots, nulls, f32::from_le_bytes)
                }
                _ => primitive::<Float64Type, 8>(data, valid, &slots, nulls, f64::from_le_bytes),
            },
            None => {
                let offsets = &self.values.offsets;
                let mut out_offsets = Vec::with_capacity(n + 1);
                out_offsets.push(0i32);
                let mut data = Vec::new();
                for r in 0..n {
                    if valid[r] {
                        let i = slots[r];
                        let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                        data.extend_from_slice(&self.values.data[a..b]);
                    }
                    out_offsets.push(data.len() as i32);
                }
                Arc::new(
                    BinaryArray::try_new(
                        OffsetBuffer::new(ScalarBuffer::from(out_offsets)),
                        data.into(),
                        Some(nulls),
                    )
                    .map_err(|e| self.corrupt(e.to_string()))?,
                )
            }
        };
        // Invalid UTF-8 becomes null, as a lenient reader would show it.
        let options = CastOptions {
            safe: true,
            ..Default::default()
        };
        let as_utf8 = |a: &ArrayRef| cast_with_options(a, &DataType::Utf8, &options);
        // Binary columns stay bytes: detection decodes them (UTF-8 or GB18030).
        let binary = matches!(
            value_type(data_type),
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView
        );
        let array = if self.physical == PhysicalType::BYTE_ARRAY && !binary {
            as_utf8(&array).map_err(|e| self.corrupt(e.to_string()))?
        } else {
            array
        };
        if array.data_type() == data_type {
            return Ok(array);
        }
        cast_with_options(&array, data_type, &options).map_err(|e| self.corrupt(e.to_string()))
    }
}

/// Fixed-width values (`W` bytes each, little-endian) spread over the rows:
/// row `r` takes value `slots[r]` when `valid[r]`.
fn primitive<T: ArrowPrimitiveType, const W: usize>(
    data: &[u8],
    valid: &[bool],
    slots: &[usize],
    nulls: NullBuffer,
    from: fn([u8; W]) -> T::Native,
) -> ArrayRef {
    let values: ScalarBuffer<T::Native> = valid
        .iter()
        .zip(slots)
        .map(|(&v, &i)| match data.get(i * W..(i + 1) * W) {
            Some(word) if v => from(word.try_into().unwrap_or([0; W])),
            _ => T::Native::default(),
        })
        .collect();
    Arc::new(PrimitiveArray::<T>::new(values, Some(nulls)))
}

// ---------------------------------------------------------------------------
// Page headers (Thrift compact protocol)
// ---------------------------------------------------------------------------

const PAGE_DATA: i32 = 0;
const PAGE_DICTIONARY: i32 = 2;
const PAGE_DATA_V2: i32 = 3;
const ENC_PLAIN: i32 = 0;
const ENC_PLAIN_DICTIONARY: i32 = 2;
const ENC_RLE: i32 = 3;
const ENC_RLE_DICTIONARY: i32 = 8;

/// The fields of a Parquet `PageHeader` the prefix reader needs.
#[derive(Debug, Default, Clone)]
struct PageHeader {
    page_type: i32,
    uncompressed: usize,
    compressed: usize,
    num_values: usize,
    encoding: i32,
    def_encoding: i32,
    def_len: usize,
    rep_len: usize,
    v2_compressed: bool,
    header_len: usize,
}

/// A Thrift compact-protocol reader over a slice; `None` means the slice ended.
struct Compact<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Compact<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.buf.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        Some(v)
    }

    fn zigzag(&mut self) -> Option<i64> {
        let n = self.varint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    /// The next field's (id, type), `Some(None)` at the struct's end.
    fn field(&mut self, last: &mut i16) -> Option<Option<(i16, u8)>> {
        let b = self.byte()?;
        if b == 0 {
            return Some(None);
        }
        let delta = (b >> 4) as i16;
        let id = if delta == 0 {
            self.zigzag()? as i16
        } else {
            *last + delta
        };
        *last = id;
        Some(Some((id, b & 0x0f)))
    }

    fn skip(&mut self, ty: u8, depth: usize) -> Option<()> {
        if depth > 32 {
            return None;
        }
        match ty {
            1 | 2 => {}
            3 => {
                self.byte()?;
            }
            4..=6 => {
                self.varint()?;
            }
            7 => self.advance(8)?,
            8 => {
                let n = self.varint()? as usize;
                self.advance(n)?;
            }
            9 | 10 => {
                let b = self.byte()?;
                let mut n = (b >> 4) as usize;
                if n == 15 {
                    n = self.varint()? as usize;
                }
                let elem = b & 0x0f;
                for _ in 0..n {
                    self.element(elem, depth)?;
                }
            }
            11 => {
                let n = self.varint()? as usize;
                if n > 0 {
                    let kv = self.byte()?;
                    for _ in 0..n {
                        self.element(kv >> 4, depth)?;
                        self.element(kv & 0x0f, depth)?;
                    }
                }
            }
            12 => {
                let mut last = 0;
                while let Some((_, t)) = self.field(&mut last)? {
                    self.skip(t, depth + 1)?;
                }
            }
            _ => return None,
        }
        Some(())
    }

    /// An element of a list or map: booleans take a byte there, and every
    /// element takes at least one (so a huge count on a short buffer ends).
    fn element(&mut self, ty: u8, depth: usize) -> Option<()> {
        let before = self.pos;
        if ty == 1 || ty == 2 {
            self.byte()?;
        } else {
            self.skip(ty, depth + 1)?;
        }
        (self.pos > before).then_some(())
    }

    fn advance(&mut self, n: usize) -> Option<()> {
        if self.pos.checked_add(n)? > self.buf.len() {
            return None;
        }
        self.pos += n;
        Some(())
    }

    fn int(&mut self, ty: u8) -> Option<i64> {
        if matches!(ty, 3..=6) {
            if ty == 3 {
                return self.byte().map(|b| b as i8 as i64);
            }
            self.zigzag()
        } else {
            self.skip(ty, 0)?;
            Some(0)
        }
    }
}

/// Parse a page header at the start of `buf`: `Ok(None)` when `buf` ends first.
fn read_page_header(buf: &[u8]) -> Result<Option<PageHeader>, String> {
    let mut c = Compact { buf, pos: 0 };
    match parse_page_header(&mut c) {
        Some(mut h) => {
            h.header_len = c.pos;
            if h.compressed > (1 << 31) || h.uncompressed > (1 << 31) {
                return Err("page header with an impossible size".into());
            }
            Ok(Some(h))
        }
        // Ran out of bytes: the caller fetches more. Garbage that never
        // ends would run out too, so a header of over 1 MiB is corrupt.
        None if buf.len() > (1 << 20) => Err("unreadable page header".into()),
        None => Ok(None),
    }
}

fn parse_page_header(c: &mut Compact) -> Option<PageHeader> {
    let mut h = PageHeader {
        v2_compressed: true,
        page_type: -1,
        ..Default::default()
    };
    let mut last = 0i16;
    let size = |v: i64| v.max(0) as usize;
    while let Some((id, ty)) = c.field(&mut last)? {
        match (id, ty) {
            (1, 5) => h.page_type = c.zigzag()? as i32,
            (2, 5) => h.uncompressed = size(c.zigzag()?),
            (3, 5) => h.compressed = size(c.zigzag()?),
            (5, 12) | (7, 12) | (8, 12) => {
                let mut last = 0i16;
                while let Some((fid, fty)) = c.field(&mut last)? {
                    match (id, fid) {
                        (_, 1) => h.num_values = size(c.int(fty)?),
                        (5, 2) | (7, 2) | (8, 4) => h.encoding = c.int(fty)? as i32,
                        (5, 3) => h.def_encoding = c.int(fty)? as i32,
                        (8, 5) => h.def_len = size(c.int(fty)?),
                        (8, 6) => h.rep_len = size(c.int(fty)?),
                        (8, 7) => h.v2_compressed = fty == 1,
                        _ => c.skip(fty, 1)?,
                    }
                }
            }
            _ => c.skip(ty, 0)?,
        }
    }
    Some(h)
}

// ---------------------------------------------------------------------------
// Run-length / bit-packed hybrid (levels and dictionary indices)
// ---------------------------------------------------------------------------

/// The RLE / bit-packing hybrid decoder; `next` gives `None` when the bytes end.
struct Hybrid<'a> {
    buf: &'a [u8],
    pos: usize,
    width: u8,
    rle_left: usize,
    rle_value: u32,
    packed_left: usize,
    /// Bit position of the next packed value.
    bit: usize,
}

impl<'a> Hybrid<'a> {
    fn new(buf: &'a [u8], width: u8) -> Self {
        Hybrid {
            buf,
            pos: 0,
            width,
            rle_left: 0,
            rle_value: 0,
            packed_left: 0,
            bit: 0,
        }
    }

    fn varint(&mut self) -> Option<u64> {
        let mut c = Compact {
            buf: self.buf,
            pos: self.pos,
        };
        let v = c.varint()?;
        self.pos = c.pos;
        Some(v)
    }

    fn next(&mut self) -> Option<u32> {
        loop {
            if self.rle_left > 0 {
                self.rle_left -= 1;
                return Some(self.rle_value);
            }
            if self.packed_left > 0 {
                let w = self.width as usize;
                let end = self.bit.saturating_add(w);
                if end.div_ceil(8) > self.buf.len() {
                    return None;
                }
                let mut v = 0u64;
                let mut got = 0;
                while got < w {
                    let b = self.bit + got;
                    let take = (8 - b % 8).min(w - got);
                    let bits = (self.buf[b / 8] >> (b % 8)) as u64 & ((1u64 << take) - 1);
                    v |= bits << got;
                    got += take;
                }
                self.bit = end;
                self.packed_left -= 1;
                return Some(v as u32);
            }
            let header = self.varint()?;
            let count = (header >> 1) as usize;
            if header & 1 == 1 {
                // `count` groups of 8 values, `width` bytes per group.
                self.bit = self.pos.saturating_mul(8);
                self.packed_left = count.saturating_mul(8);
                self.pos = self
                    .pos
                    .saturating_add(count.saturating_mul(self.width as usize));
                if self.width == 0 {
                    self.rle_left = self.packed_left;
                    self.rle_value = 0;
                    self.packed_left = 0;
                }
            } else {
                let bytes = (self.width as usize).div_ceil(8);
                if self.pos.saturating_add(bytes) > self.buf.len() {
                    return None;
                }
                let mut v = 0u32;
                for (i, b) in self.buf[self.pos..self.pos + bytes].iter().enumerate() {
                    v |= (*b as u32) << (8 * i);
                }
                self.pos += bytes;
                self.rle_value = v;
                self.rle_left = count;
            }
            if count == 0 && header & 1 == 0 {
                continue;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Decompressing a prefix of a page
// ---------------------------------------------------------------------------

/// Decompress as much of a (possibly cut) page as `stored` holds, at most `max` bytes.
fn decompress_prefix(c: Compression, stored: &[u8], max: usize) -> Result<Vec<u8>, String> {
    match c {
        Compression::UNCOMPRESSED => Ok(stored[..stored.len().min(max)].to_vec()),
        Compression::SNAPPY => Ok(snappy_prefix(stored, max)),
        Compression::LZ4_RAW => Ok(lz4_prefix(stored, max)),
        Compression::GZIP(_) => Ok(read_prefix(flate2::read::MultiGzDecoder::new(stored), max)),
        Compression::ZSTD(_) => {
            let d = zstd::stream::read::Decoder::with_buffer(stored).map_err(|e| e.to_string())?;
            Ok(read_prefix(d, max))
        }
        c => Err(format!("{c} pages are not decoded here")),
    }
}

fn read_prefix(mut r: impl Read, max: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    while out.len() < max {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out.truncate(max);
    out
}

/// Raw Snappy, decoded from the front until the input ends.
fn snappy_prefix(input: &[u8], max: usize) -> Vec<u8> {
    let mut c = Compact { buf: input, pos: 0 };
    let Some(total) = c.varint() else {
        return Vec::new();
    };
    let max = max.min(total as usize);
    let mut p = c.pos;
    let mut out: Vec<u8> = Vec::with_capacity(max.min(1 << 24));
    while p < input.len() && out.len() < max {
        let tag = input[p];
        p += 1;
        let (len, offset) = match tag & 3 {
            0 => {
                let mut n = (tag >> 2) as usize;
                if n >= 60 {
                    let extra = n - 59;
                    if p + extra > input.len() {
                        break;
                    }
                    n = input[p..p + extra]
                        .iter()
                        .rev()
                        .fold(0usize, |a, &b| (a << 8) | b as usize);
                    p += extra;
                }
                let n = n + 1;
                let avail = n.min(input.len() - p);
                out.extend_from_slice(&input[p..p + avail]);
                p += avail;
                continue;
            }
            1 => {
                if p >= input.len() {
                    break;
                }
                let len = ((tag >> 2) & 7) as usize + 4;
                let off = ((tag as usize >> 5) << 8) | input[p] as usize;
                p += 1;
                (len, off)
            }
            2 => {
                if p + 2 > input.len() {
                    break;
                }
                let off = u16::from_le_bytes([input[p], input[p + 1]]) as usize;
                p += 2;
                ((tag >> 2) as usize + 1, off)
            }
            _ => {
                if p + 4 > input.len() {
                    break;
                }
                let off = u32::from_le_bytes([input[p], input[p + 1], input[p + 2], input[p + 3]])
                    as usize;
                p += 4;
                ((tag >> 2) as usize + 1, off)
            }
        };
        if offset == 0 || offset > out.len() {
            break; // corrupt: keep what decoded
        }
        let room = max - out.len();
        copy_back(&mut out, offset, len.min(room));
    }
    out.truncate(max);
    out
}

fn copy_back(out: &mut Vec<u8>, offset: usize, len: usize) {
    let start = out.len() - offset;
    if offset >= len {
        out.extend_from_within(start..start + len);
    } else {
        for i in 0..len {
            let b = out[start + i];
            out.push(b);
        }
    }
}

/// An LZ4 block (no frame), decoded from the front until the input ends.
fn lz4_prefix(input: &[u8], max: usize) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    let mut p = 0usize;
    let length = |p: &mut usize, mut n: usize| -> Option<usize> {
        if n == 15 {
            loop {
                let b = *input.get(*p)?;
                *p += 1;
                n += b as usize;
                if b != 255 {
                    break;
                }
            }
        }
        Some(n)
    };
    while p < input.len() && out.len() < max {
        let token = input[p];
        p += 1;
        let Some(lit) = length(&mut p, (token >> 4) as usize) else {
            break;
        };
        let avail = lit.min(input.len() - p);
        out.extend_from_slice(&input[p..p + avail]);
        p += avail;
        if avail < lit || p + 2 > input.len() {
            break;
        }
        let offset = u16::from_le_bytes([input[p], input[p + 1]]) as usize;
        p += 2;
        let Some(m) = length(&mut p, (token & 15) as usize) else {
            break;
        };
        if offset == 0 || offset > out.len() {
            break;
        }
        let room = max - out.len();
        copy_back(&mut out, offset, m.saturating_add(4).min(room));
    }
    out.truncate(max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snappy_prefix_matches_the_whole_stream_and_stops_short() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("row {i} 110101199003071234;").into_bytes())
            .collect();
        let packed = snap::raw::Encoder::new().compress_vec(&text).unwrap();
        assert_eq!(snappy_prefix(&packed, usize::MAX), text);
        let half = snappy_prefix(&packed[..packed.len() / 2], usize::MAX);
        assert!(!half.is_empty() && half.len() < text.len());
        assert_eq!(&text[..half.len()], &half[..]);
    }

    #[test]
    fn lz4_prefix_matches_the_whole_block() {
        let text: Vec<u8> = (0..5_000u32)
            .flat_map(|i| format!("{i}:13800138000,").into_bytes())
            .collect();
        let packed = lz4_flex::block::compress(&text);
        assert_eq!(lz4_prefix(&packed, usize::MAX), text);
        let part = lz4_prefix(&packed[..packed.len() / 3], usize::MAX);
        assert_eq!(&text[..part.len()], &part[..]);
    }

    #[test]
    fn hybrid_decodes_rle_and_bit_packed_runs() {
        // RLE run of 3 x value 5 (width 3), then one bit-packed group of 8 values 0..8.
        let mut buf = vec![3 << 1, 5];
        buf.push((1 << 1) | 1);
        let values: Vec<u32> = (0..8).collect();
        let mut bits = 0u64;
        for (i, v) in values.iter().enumerate() {
            bits |= (*v as u64) << (3 * i);
        }
        buf.extend_from_slice(&bits.to_le_bytes()[..3]);
        let mut h = Hybrid::new(&buf, 3);
        let got: Vec<u32> = std::iter::from_fn(|| h.next()).collect();
        assert_eq!(got, [5, 5, 5, 0, 1, 2, 3, 4, 5, 6, 7]);
        // Cut inside the packed group: the values before the cut only.
        let mut h = Hybrid::new(&buf[..4], 3);
        let got: Vec<u32> = std::iter::from_fn(|| h.next()).collect();
        assert_eq!(got, [5, 5, 5, 0, 1]);
    }

    /// Write a file with the parquet crate in many layouts and check the
    /// prefix sample against the parquet crate's own reader, row for row.
    #[tokio::test]
    async fn prefix_sample_matches_the_parquet_reader() {
        use datafusion::arrow::array::{Array, Float64Array, Int64Array, StringArray};
        use datafusion::arrow::datatypes::{Field, Schema};
        use datafusion::parquet::arrow::ArrowWriter;
        use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        use datafusion::parquet::basic::{GzipLevel, ZstdLevel};
        use datafusion::parquet::file::metadata::ParquetMetaDataReader;
        use datafusion::parquet::file::properties::{WriterProperties, WriterVersion};
        use object_store::memory::InMemory;
        use object_store::{ObjectStoreExt, PutPayload};

        let n = 30_000usize;
        let ids: Int64Array = (0..n as i64)
            .map(|i| (i % 11 != 3).then_some(i * 7919 % 1_000_003))
            .collect();
        let names: StringArray = (0..n)
            .map(|i| {
                (i % 7 != 0).then(|| {
                    format!(
                        "name-{}-{}",
                        i % 5000,
                        "张王李"[(i % 3) * 3..].chars().next().unwrap()
                    )
                })
            })
            .collect();
        let codes: StringArray = (0..n).map(|i| Some(["A", "BB", "CCC"][i % 3])).collect();
        let scores: Float64Array = (0..n).map(|i| Some(i as f64 / 8.0)).collect();
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, true),
            Field::new("name", DataType::Utf8, true),
            Field::new("code", DataType::Utf8, false),
            Field::new("score", DataType::Float64, false),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(ids),
                Arc::new(names),
                Arc::new(codes),
                Arc::new(scores),
            ],
        )
        .unwrap();
        let codecs = [
            Compression::UNCOMPRESSED,
            Compression::SNAPPY,
            Compression::GZIP(GzipLevel::default()),
            Compression::ZSTD(ZstdLevel::default()),
            Compression::LZ4_RAW,
        ];
        for codec in codecs {
            for (version, dictionary) in [
                (WriterVersion::PARQUET_1_0, true),
                (WriterVersion::PARQUET_2_0, true),
                (WriterVersion::PARQUET_1_0, false),
            ] {
                let props = WriterProperties::builder()
                    .set_compression(codec)
                    .set_writer_version(version)
                    .set_dictionary_enabled(dictionary)
                    // Small pages and dictionaries: many pages, PLAIN fallback
                    // (v2 falls back to DELTA encodings, read by the row-selection
                    // scan instead: its dictionaries do not fill up here).
                    .set_data_page_size_limit(8 * 1024)
                    .set_dictionary_page_size_limit(match version {
                        WriterVersion::PARQUET_1_0 => 16 * 1024,
                        _ => 1 << 20,
                    })
                    .set_max_row_group_row_count(Some(12_000))
                    .build();
                let mut buf = Vec::new();
                let mut w = ArrowWriter::try_new(&mut buf, schema.clone(), Some(props)).unwrap();
                w.write(&batch).unwrap();
                w.close().unwrap();
                let file = Bytes::from(buf);
                let md = ParquetMetaDataReader::new()
                    .parse_and_finish(&file)
                    .unwrap();
                let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
                let path = Path::from("t.parquet");
                store
                    .put(&path, PutPayload::from(file.clone()))
                    .await
                    .unwrap();
                let windows = [
                    Window {
                        row_group: 0,
                        rows: 7_000,
                    },
                    Window {
                        row_group: 1,
                        rows: 333,
                    },
                    Window {
                        row_group: 2,
                        rows: 6_000,
                    },
                ];
                let columns: Vec<ProjectedColumn> = (0..4)
                    .map(|i| ProjectedColumn {
                        data_type: schema.field(i).data_type().clone(),
                        leaf: Some(i),
                    })
                    .collect();
                let what = format!("{codec} {version:?} dictionary={dictionary}");
                let got = sample_file(&store, &path, &md, &windows, &columns, &schema, u64::MAX)
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(got.batches.len(), 3, "{what}");
                let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                    .unwrap()
                    .with_batch_size(12_000)
                    .build()
                    .unwrap();
                for (w, (want, expected)) in windows.iter().zip(reader).enumerate() {
                    let expected = expected.unwrap().slice(0, want.rows);
                    let b = &got.batches[w];
                    assert_eq!(b.num_rows(), want.rows, "{what} window {w}");
                    for c in 0..4 {
                        assert_eq!(
                            b.column(c).to_data(),
                            expected.column(c).to_data(),
                            "{what} window {w} column {c}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        // A small deterministic generator: bytes of all kinds, cut anywhere.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2000 {
            let n = (next() % 300) as usize;
            let buf: Vec<u8> = (0..n).map(|_| next() as u8).collect();
            let _ = read_page_header(&buf);
            let _ = snappy_prefix(&buf, 1 << 16);
            let _ = lz4_prefix(&buf, 1 << 16);
            for w in [0u8, 1, 7, 20, 32] {
                let mut h = Hybrid::new(&buf, w);
                for _ in 0..1000 {
                    if h.next().is_none() {
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn page_header_cut_short_asks_for_more() {
        assert!(matches!(read_page_header(&[0x15]), Ok(None)));
        assert!(matches!(read_page_header(&[]), Ok(None)));
    }
}
