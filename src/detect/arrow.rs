//! The Arrow adapter: every value of an array, by its type (strings,
//! binaries, numbers, lists and maps element by element, dictionaries once
//! per distinct value).

use std::fmt::Write as _;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, OffsetSizeTrait};
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Date64Type, Decimal128Type, Float32Type, Float64Type, Int32Type,
    Int64Type, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt32Type, UInt64Type,
};

use super::{ColumnEvidence, DetectorSet, Scratch, has_time_of_day};

impl DetectorSet {
    /// Add every value of an Arrow array (strings, dictionaries of strings,
    /// integers, scale-0 decimals) to `ev`. Other types only count rows.
    pub fn observe_array(&self, array: &ArrayRef, ev: &mut ColumnEvidence, s: &mut Scratch) {
        ev.rows += array.len() as u64;
        self.observe_values(array, ev, s);
    }

    /// A value of a binary column: UTF-8 when it is, else GB18030 (the
    /// encoding of Chinese exports that are not UTF-8), else not text.
    fn observe_bytes(&self, b: &[u8], weight: u64, ev: &mut ColumnEvidence, s: &mut Scratch) {
        if let Ok(v) = std::str::from_utf8(b) {
            ev.binary.utf8 += weight;
            self.observe(v, weight, ev, s);
        } else if let Some(v) =
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(b)
        {
            ev.binary.gb18030 += weight;
            self.observe(&v, weight, ev, s);
        } else {
            ev.binary.not_text += weight;
            ev.non_null += weight;
        }
    }

    /// The values of `array` (for a list, its elements; for a map, its values).
    fn observe_values(&self, array: &ArrayRef, ev: &mut ColumnEvidence, s: &mut Scratch) {
        // The child values a list's (or map's) offsets cover.
        fn covered<O: OffsetSizeTrait>(values: &ArrayRef, offsets: &[O]) -> ArrayRef {
            let (first, last) = (offsets[0].as_usize(), offsets[offsets.len() - 1].as_usize());
            values.slice(first, last.saturating_sub(first))
        }
        let mut number = std::mem::take(&mut s.number);
        macro_rules! strings {
            ($arr:expr) => {
                for v in $arr.iter().flatten() {
                    note_text_date(v, 1, ev);
                    self.observe(v, 1, ev, s);
                }
            };
        }
        // A time zone's offset (for whether a value is at local midnight).
        let offset = match array.data_type() {
            DataType::Timestamp(_, Some(tz)) => tz_offset(tz),
            _ => 0,
        };
        macro_rules! times {
            ($t:ty, $per_second:expr) => {
                for x in array.as_primitive::<$t>().iter().flatten() {
                    let x = x as i64;
                    let secs = x.div_euclid($per_second);
                    ev.non_null += 1;
                    ev.temporal.note(secs, has_time_of_day(secs, offset), 1);
                }
            };
        }
        macro_rules! binaries {
            ($arr:expr) => {
                for b in $arr.iter().flatten() {
                    self.observe_bytes(b, 1, ev, s);
                }
            };
        }
        macro_rules! numbers {
            ($t:ty) => {
                for v in array.as_primitive::<$t>().iter().flatten() {
                    number.clear();
                    let _ = write!(number, "{v}");
                    self.observe(&number, 1, ev, s);
                }
            };
        }
        match array.data_type() {
            DataType::Utf8 => strings!(array.as_string::<i32>()),
            DataType::LargeUtf8 => strings!(array.as_string::<i64>()),
            DataType::Utf8View => strings!(array.as_string_view()),
            DataType::Binary => binaries!(array.as_binary::<i32>()),
            DataType::LargeBinary => binaries!(array.as_binary::<i64>()),
            DataType::BinaryView => binaries!(array.as_binary_view()),
            DataType::List(_) => {
                let l = array.as_list::<i32>();
                self.observe_values(&covered(l.values(), l.value_offsets()), ev, s);
            }
            DataType::LargeList(_) => {
                let l = array.as_list::<i64>();
                self.observe_values(&covered(l.values(), l.value_offsets()), ev, s);
            }
            DataType::FixedSizeList(_, n) => {
                let l = array.as_fixed_size_list();
                let first = l.value_offset(0).max(0) as usize;
                let all = l.values().slice(first, l.len() * (*n).max(0) as usize);
                self.observe_values(&all, ev, s);
            }
            DataType::Map(_, _) => {
                let m = array.as_map();
                self.observe_values(&covered(m.values(), m.value_offsets()), ev, s);
            }
            DataType::Int64 => numbers!(Int64Type),
            DataType::UInt64 => numbers!(UInt64Type),
            DataType::Int32 => numbers!(Int32Type),
            DataType::UInt32 => numbers!(UInt32Type),
            DataType::Decimal128(_, 0) => numbers!(Decimal128Type),
            DataType::Float64 => numbers!(Float64Type),
            DataType::Float32 => numbers!(Float32Type),
            DataType::Date32 => {
                for d in array.as_primitive::<Date32Type>().iter().flatten() {
                    ev.non_null += 1;
                    ev.temporal.note(d as i64 * 86_400, false, 1);
                }
            }
            DataType::Date64 => times!(Date64Type, 1_000),
            DataType::Timestamp(TimeUnit::Second, _) => times!(TimestampSecondType, 1),
            DataType::Timestamp(TimeUnit::Millisecond, _) => {
                times!(TimestampMillisecondType, 1_000)
            }
            DataType::Timestamp(TimeUnit::Microsecond, _) => {
                times!(TimestampMicrosecondType, 1_000_000)
            }
            DataType::Timestamp(TimeUnit::Nanosecond, _) => {
                times!(TimestampNanosecondType, 1_000_000_000)
            }
            // An all-null column can come with an empty dictionary (the
            // deltalake writer makes one): nothing to look at.
            DataType::Dictionary(_, _) if array.as_any_dictionary().values().is_empty() => {}
            // Dates stored as a dictionary: read as the dates they are.
            DataType::Dictionary(_, v)
                if matches!(
                    v.as_ref(),
                    DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _)
                ) =>
            {
                if let Ok(plain) = datafusion::arrow::compute::cast(array, v) {
                    s.number = number;
                    self.observe_values(&plain, ev, s);
                    return;
                }
            }
            DataType::Dictionary(_, _) => {
                // Evaluate each distinct dictionary value once, weighted by its key count.
                let dict = array.as_any_dictionary();
                let keys = dict.normalized_keys();
                let mut counts = vec![0u64; dict.values().len()];
                let nulls = array.logical_nulls();
                for (i, k) in keys.iter().enumerate() {
                    if nulls.as_ref().is_none_or(|n| n.is_valid(i)) && *k < counts.len() {
                        counts[*k] += 1;
                    }
                }
                let mut inner = ColumnEvidence::new(self.len());
                let values = dict.values();
                let strings: Option<Vec<Option<&str>>> = match values.data_type() {
                    DataType::Utf8 => Some(values.as_string::<i32>().iter().collect()),
                    DataType::LargeUtf8 => Some(values.as_string::<i64>().iter().collect()),
                    DataType::Utf8View => Some(values.as_string_view().iter().collect()),
                    _ => None,
                };
                let bytes: Option<Vec<Option<&[u8]>>> = match values.data_type() {
                    DataType::Binary => Some(values.as_binary::<i32>().iter().collect()),
                    DataType::LargeBinary => Some(values.as_binary::<i64>().iter().collect()),
                    DataType::BinaryView => Some(values.as_binary_view().iter().collect()),
                    _ => None,
                };
                for (v, &c) in strings.iter().flatten().zip(&counts) {
                    if let (Some(v), true) = (v, c > 0) {
                        note_text_date(v, c, &mut inner);
                        self.observe(v, c, &mut inner, s);
                    }
                }
                for (b, &c) in bytes.iter().flatten().zip(&counts) {
                    if let (Some(b), true) = (b, c > 0) {
                        self.observe_bytes(b, c, &mut inner, s);
                    }
                }
                inner.rows = 0;
                ev.merge(&inner);
            }
            _ => {}
        }
        s.number = number;
    }
}

/// A text value that reads as a date (`2024-06-30`, `2024/06/30`), maybe
/// with a time (`2024-06-30 12:00`, `2024-06-30T12:00:00`): noted in the
/// column's dates. Other text is left alone, cheaply.
fn note_text_date(v: &str, weight: u64, ev: &mut ColumnEvidence) {
    let b = v.as_bytes();
    if b.len() < 10 || b.len() > 35 || !b[0].is_ascii_digit() {
        return;
    }
    let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit);
    let sep = b[4];
    if !(sep == b'-' || sep == b'/')
        || b[7] != sep
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return;
    }
    let num = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(0);
    let Some(date) = chrono::NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
    else {
        return;
    };
    let mut secs = date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    let mut with_time = false;
    if b.len() >= 16
        && (b[10] == b' ' || b[10] == b'T')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
    {
        let (h, m) = (num(11..13), num(14..16));
        if h < 24 && m < 60 {
            secs += (h * 3600 + m * 60) as i64;
            // `2024-06-30 00:00:00` is how date exports write a date.
            with_time = h != 0 || m != 0;
        }
    } else if b.len() > 10 {
        return; // a date followed by something else: not a date value
    }
    ev.temporal.note(secs, with_time, weight);
}

/// The offset of an Arrow time zone from UTC, in seconds: `+08:00` forms,
/// and China's zone names (the zones this data is written in); others as UTC.
pub fn tz_offset(tz: &str) -> i64 {
    let t = tz.trim();
    if let Some(rest) = t.strip_prefix('+').or_else(|| t.strip_prefix('-')) {
        let sign = if t.starts_with('-') { -1 } else { 1 };
        // +08:00, +0800 or +08.
        let (h, m) = match rest.split_once(':') {
            Some(hm) => hm,
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "0"),
        };
        if let (Ok(h), Ok(m)) = (h.parse::<i64>(), m.parse::<i64>()) {
            return sign * (h * 3600 + m * 60);
        }
        return 0;
    }
    match t {
        "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Chungking" | "Asia/Harbin" | "Asia/Urumqi"
        | "Asia/Hong_Kong" | "Asia/Macau" | "Asia/Taipei" | "PRC" | "Hongkong" | "ROC" => 8 * 3600,
        _ => 0,
    }
}
