//! Evidence: what detection learned about one column, as a state that
//! merges in any order (the state of the `fenji_detect` aggregate) and
//! travels as bytes between partitions and executors, or in a report.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::DetectorSet;

/// Counts for one type in one column. `validated` includes `masked` and `weak`.
///
/// Every field merges in any order: counts add, and the two samples (the
/// distinct sketch and the examples) keep the smallest keys of their union,
/// so files, partitions and executors combine to the same tally however the
/// values were split and whichever part finished first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeTally {
    /// Values whose shape matched.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub matches: u64,
    /// Values that passed the validator (or a masked form that is plausible).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub validated: u64,
    /// Validated in a weaker form (e.g. 15-digit resident IDs).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub weak: u64,
    /// Validated values that are already masked.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub masked: u64,
    /// Validated values found inside longer text.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub embedded: u64,
    /// Values of the type's shape that passed every check but the check digit
    /// (`Validity::CheckFailed`; inside text, values with only such runs).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub check_failed: u64,
    /// Values that are a part of the type but not the type alone
    /// (`Validity::Part`: the 省 / 市 / 区 column of a split address).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub parts: u64,
    /// A bottom-k sketch of the distinct validated values: the
    /// [`DISTINCT_CAP`] smallest of their 12-bit keys ([`distinct_key`]),
    /// sorted. Its length is the distinct count up to the cap (collisions
    /// aside), enough to tell a column of names from a column of four
    /// repeated phrases. Twelve bits make a saved report a poor witness that
    /// a given value was seen: one in 128 guesses matches a full sketch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distinct: Vec<u16>,
    /// Masked examples: the [`EVIDENCE_PER_TYPE`] distinct masked forms with
    /// the smallest `(key, masked form)`, sorted. The key is a hash of what
    /// the masked form shows ([`super::mask::masked_key`]), never of the
    /// raw value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<(u16, String)>,
    /// Resident IDs: the latest birth month (`yyyymm`) among the validated
    /// values, for the minors the sensitive_personal rule looks for. A month,
    /// not a date: it tells an age, not who.
    #[serde(default, skip_serializing_if = "is_zero32")]
    pub latest_birth: u32,
    /// Validated values on the watch list (the key_entity rule's USCCs).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub watched: u64,
}

fn is_zero32(n: &u32) -> bool {
    *n == 0
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

pub const EVIDENCE_PER_TYPE: usize = 3;
pub const DISTINCT_CAP: usize = 32;

/// The distinct-sketch key of a value: the top 12 bits of a stable hash.
pub fn distinct_key(value: &str) -> u16 {
    (crate::hash::hash64(value.as_bytes()) >> 52) as u16
}

/// The example key of an already masked value (it is shown as it is).
pub fn shown_key(value: &str) -> u16 {
    (crate::hash::hash64(value.as_bytes()) >> 48) as u16
}

impl TypeTally {
    /// Note a validated value with key `key` (see [`distinct_key`]).
    pub(super) fn note_distinct(&mut self, key: u16) {
        if let Err(i) = self.distinct.binary_search(&key)
            && i < DISTINCT_CAP
        {
            self.distinct.insert(i, key);
            self.distinct.truncate(DISTINCT_CAP);
        }
    }

    /// Would an example with this key be kept? Lets the caller skip masking
    /// a value that cannot enter (the common case once the list is full).
    pub(super) fn wants_example(&self, key: u16) -> bool {
        self.evidence.len() < EVIDENCE_PER_TYPE
            || self.evidence.last().is_none_or(|(k, _)| key <= *k)
    }

    /// Offer a masked example. A masked form already kept keeps its smallest
    /// key; the list holds the smallest entries of everything offered, in
    /// whatever order it came.
    pub(super) fn note_example(&mut self, key: u16, masked: String) {
        if let Some(i) = self.evidence.iter().position(|(_, m)| *m == masked) {
            if key < self.evidence[i].0 {
                self.evidence[i].0 = key;
                self.evidence.sort();
            }
            return;
        }
        let entry = (key, masked);
        let i = self.evidence.partition_point(|e| *e < entry);
        if i < EVIDENCE_PER_TYPE {
            self.evidence.insert(i, entry);
            self.evidence.truncate(EVIDENCE_PER_TYPE);
        }
    }

    /// The examples as shown in a report.
    pub fn examples(&self) -> Vec<String> {
        self.evidence.iter().map(|(_, m)| m.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        *self == TypeTally::default()
    }

    pub fn merge(&mut self, other: &TypeTally) {
        self.matches += other.matches;
        self.validated += other.validated;
        self.weak += other.weak;
        self.masked += other.masked;
        self.embedded += other.embedded;
        self.check_failed += other.check_failed;
        self.parts += other.parts;
        self.latest_birth = self.latest_birth.max(other.latest_birth);
        self.watched += other.watched;
        for &k in &other.distinct {
            self.note_distinct(k);
        }
        for (k, m) in &other.evidence {
            self.note_example(*k, m.clone());
        }
    }
}

/// How the values of a binary column decoded (see [`ColumnEvidence::binary`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct BinaryText {
    pub utf8: u64,
    pub gb18030: u64,
    pub not_text: u64,
}

impl BinaryText {
    pub fn merge(&mut self, other: &BinaryText) {
        self.utf8 += other.utf8;
        self.gb18030 += other.gb18030;
        self.not_text += other.not_text;
    }

    /// The encoding the column's text was read in: `None` for a string column,
    /// and for a binary column whose values are mostly not text (hashes, images).
    pub fn encoding(&self) -> Option<&'static str> {
        if self.not_text >= self.utf8 + self.gb18030 {
            None
        } else if self.gb18030 > 0 {
            Some("gb18030")
        } else {
            Some("utf-8")
        }
    }
}

/// Everything detection learned about one column; merges across batches,
/// files and partitions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnEvidence {
    pub rows: u64,
    pub non_null: u64,
    /// Values longer than [`super::MAX_TEXT`], searched in their first `MAX_TEXT` bytes only.
    pub values_cut: u64,
    /// Values of a binary column, by how they were read as text: UTF-8,
    /// GB18030 (not UTF-8), or neither (not text; counted, not searched).
    pub binary: BinaryText,
    /// Indexed like [`DetectorSet::detectors`](super::DetectorSet::detectors).
    pub tallies: Vec<TypeTally>,
    /// Dates and times the column holds (date and timestamp columns, and
    /// text that reads as one).
    pub temporal: Temporal,
}

/// What a column's dates and times say, merged in any order: the newest
/// (seconds since 1970, UTC), how many values there were, and how many have
/// a time of day (finer than a day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Temporal {
    #[serde(default, skip_serializing_if = "is_zero")]
    pub values: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<i64>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub with_time: u64,
}

/// The first second of the month `seconds` falls in (UTC).
pub fn month_start(seconds: i64) -> i64 {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(seconds, 0)
        .and_then(|t| t.date_naive().with_day(1))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(seconds, |t| t.and_utc().timestamp())
}

/// Does an instant have a time of day, where it is `offset` seconds ahead of
/// UTC? Local midnight is how dates are stored as timestamps.
pub fn has_time_of_day(seconds: i64, offset: i64) -> bool {
    (seconds + offset).rem_euclid(86_400) != 0
}

/// How an instant counts among a column's dates: as it is with a time of
/// day, else by its month (the newest date of a column of birth dates would
/// otherwise be someone's birthday).
pub fn counted(seconds: i64, with_time: bool) -> i64 {
    if with_time {
        seconds
    } else {
        month_start(seconds)
    }
}

impl Temporal {
    pub fn is_empty(&self) -> bool {
        *self == Temporal::default()
    }

    /// A date without a time of day counts by its month ([`counted`]).
    pub fn note(&mut self, seconds: i64, with_time: bool, weight: u64) {
        let seconds = counted(seconds, with_time);
        self.values += weight;
        self.newest = Some(self.newest.map_or(seconds, |n| n.max(seconds)));
        if with_time {
            self.with_time += weight;
        }
    }

    pub fn merge(&mut self, other: &Temporal) {
        self.values += other.values;
        self.with_time += other.with_time;
        self.newest = match (self.newest, other.newest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

impl ColumnEvidence {
    pub fn new(types: usize) -> Self {
        Self {
            rows: 0,
            non_null: 0,
            values_cut: 0,
            binary: BinaryText::default(),
            tallies: vec![TypeTally::default(); types],
            temporal: Temporal::default(),
        }
    }

    pub fn merge(&mut self, other: &ColumnEvidence) {
        self.rows += other.rows;
        self.non_null += other.non_null;
        self.values_cut += other.values_cut;
        self.binary.merge(&other.binary);
        self.temporal.merge(&other.temporal);
        if self.tallies.len() < other.tallies.len() {
            self.tallies
                .resize(other.tallies.len(), TypeTally::default());
        }
        for (a, b) in self.tallies.iter_mut().zip(&other.tallies) {
            a.merge(b);
        }
    }
}

/// Evidence as it travels: the counts, and the tallies of the types seen by
/// detector id (types never seen are left out). Aggregate states, and the
/// per-file evidence a report keeps for the next night's run, use it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceWire {
    pub rows: u64,
    pub non_null: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub values_cut: u64,
    #[serde(default, skip_serializing_if = "BinaryText::is_empty")]
    pub binary: BinaryText,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, TypeTally>,
    #[serde(default, skip_serializing_if = "Temporal::is_empty")]
    pub temporal: Temporal,
}

impl BinaryText {
    pub fn is_empty(&self) -> bool {
        *self == BinaryText::default()
    }
}

impl ColumnEvidence {
    /// The tallies of the types seen, by detector id.
    pub fn types_by_id(&self, set: &DetectorSet) -> BTreeMap<String, TypeTally> {
        self.tallies
            .iter()
            .zip(&set.detectors)
            .filter(|(t, _)| !t.is_empty())
            .map(|(t, d)| (d.def.id.clone(), t.clone()))
            .collect()
    }

    pub fn to_wire(&self, set: &DetectorSet) -> EvidenceWire {
        EvidenceWire {
            rows: self.rows,
            non_null: self.non_null,
            values_cut: self.values_cut,
            binary: self.binary,
            types: self.types_by_id(set),
            temporal: self.temporal,
        }
    }

    /// Back from the wire; a type this detector set does not have is an error
    /// (the state came from other detectors).
    pub fn from_wire(wire: &EvidenceWire, set: &DetectorSet) -> Result<Self, String> {
        let mut ev = ColumnEvidence::new(set.len());
        ev.rows = wire.rows;
        ev.non_null = wire.non_null;
        ev.values_cut = wire.values_cut;
        ev.binary = wire.binary;
        ev.temporal = wire.temporal;
        ev.add_types(&wire.types, set)?;
        Ok(ev)
    }

    /// Merge tallies given by detector id.
    pub fn add_types(
        &mut self,
        types: &BTreeMap<String, TypeTally>,
        set: &DetectorSet,
    ) -> Result<(), String> {
        for (id, t) in types {
            let i = set
                .index_of(id)
                .ok_or_else(|| format!("evidence names an unknown detector {id:?}"))?;
            self.tallies[i].merge(t);
        }
        Ok(())
    }
}
