//! The detector engine. Detector definitions are data (`detectors/*.toml`,
//! embedded, overridable with `--detectors DIR`); code holds only the
//! validators and the matching engine. A length and byte-class prefilter
//! picks the shapes a value could have; the small ones are walked together in
//! one multi-pattern DFA (`whole`), the rest alone, gated by a one-pass keyword
//! index (`keywords`); validators then decide, from the highest rank down.
//! Inside free text, only runs of the in-text patterns' characters are
//! searched (`runs`).
//! Per-column results accumulate in a [`ColumnEvidence`] whose state merges,
//! so partial results from files, partitions or executors combine.

mod charset;
mod keywords;
pub mod mask;
pub mod prefilter;
mod runs;
pub mod validate;
mod whole;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, OffsetSizeTrait};
use datafusion::arrow::datatypes::{
    DataType, Decimal128Type, Float32Type, Float64Type, Int32Type, Int64Type, UInt32Type,
    UInt64Type,
};
use regex_automata::meta::Regex;
use regex_automata::{Input, MatchKind, PatternSet};
use serde::Deserialize;

use keywords::KeywordIndex;
use prefilter::{Mask, Prefilter, Shape};
use validate::Validity;
use whole::{WholeMatcher, WholeSet};

/// Detector files shipped in the binary.
pub const BUILTIN_DETECTORS: &[(&str, &str)] = &[
    (
        "cn_resident_id.toml",
        include_str!("../../detectors/cn_resident_id.toml"),
    ),
    ("cn_uscc.toml", include_str!("../../detectors/cn_uscc.toml")),
    (
        "cn_org_code.toml",
        include_str!("../../detectors/cn_org_code.toml"),
    ),
    (
        "cn_mobile.toml",
        include_str!("../../detectors/cn_mobile.toml"),
    ),
    (
        "cn_landline.toml",
        include_str!("../../detectors/cn_landline.toml"),
    ),
    (
        "bank_card.toml",
        include_str!("../../detectors/bank_card.toml"),
    ),
    ("email.toml", include_str!("../../detectors/email.toml")),
    (
        "ip_address.toml",
        include_str!("../../detectors/ip_address.toml"),
    ),
    (
        "cn_person_name.toml",
        include_str!("../../detectors/cn_person_name.toml"),
    ),
    (
        "cn_address.toml",
        include_str!("../../detectors/cn_address.toml"),
    ),
    (
        "company_name.toml",
        include_str!("../../detectors/company_name.toml"),
    ),
    (
        "cn_ethnicity.toml",
        include_str!("../../detectors/cn_ethnicity.toml"),
    ),
    (
        "cn_license_plate.toml",
        include_str!("../../detectors/cn_license_plate.toml"),
    ),
    (
        "cn_business_reg_no.toml",
        include_str!("../../detectors/cn_business_reg_no.toml"),
    ),
    ("imei.toml", include_str!("../../detectors/imei.toml")),
    (
        "mac_address.toml",
        include_str!("../../detectors/mac_address.toml"),
    ),
    (
        "cn_passport.toml",
        include_str!("../../detectors/cn_passport.toml"),
    ),
    (
        "cn_hk_macau_permit.toml",
        include_str!("../../detectors/cn_hk_macau_permit.toml"),
    ),
    ("hk_id.toml", include_str!("../../detectors/hk_id.toml")),
    ("tw_id.toml", include_str!("../../detectors/tw_id.toml")),
    ("vin.toml", include_str!("../../detectors/vin.toml")),
    (
        "geo_coordinate.toml",
        include_str!("../../detectors/geo_coordinate.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum DetectorError {
    #[error("{file}: {message}")]
    Definition { file: String, message: String },
}

fn def_err(file: &str, message: impl ToString) -> DetectorError {
    DetectorError::Definition {
        file: file.to_string(),
        message: message.to_string(),
    }
}

/// Whose identifier a type is: decides the dataset category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Personal,
    Organization,
    Neutral,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub positive: Vec<String>,
    #[serde(default)]
    pub negative: Vec<String>,
    #[serde(default)]
    pub masked: Vec<String>,
}

/// One detector file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorDef {
    pub id: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub standard: String,
    pub subject: Subject,
    /// Level this type usually gets; the policy profile decides.
    pub level: String,
    /// Name of a validator function (see [`validator`]).
    pub validator: String,
    /// Evidence strength of one validated value, 0..1.
    pub strength: f64,
    /// Accept when the lower confidence bound of the validated ratio reaches this.
    pub min_ratio: f64,
    /// The same threshold when the column name carries a hint for this type.
    pub hint_min_ratio: f64,
    #[serde(default = "default_min_matches")]
    pub min_matches: u64,
    /// Describes its subject without identifying it (a name, an address): counts
    /// for the dataset's category only when no identifier column does.
    #[serde(default)]
    pub attribute: bool,
    /// Directly identifies a person (counts for the aggregation-volume rule).
    #[serde(default)]
    pub direct_identifier: bool,
    /// When one value validates as several types, only the highest rank counts.
    #[serde(default)]
    pub rank: u32,
    pub patterns: Vec<String>,
    /// Also look for `patterns` inside free text (complaint records, remarks).
    #[serde(default)]
    pub embedded: bool,
    /// Threshold for values found inside text (defaults to `min_ratio`).
    #[serde(default)]
    pub embedded_min_ratio: Option<f64>,
    /// Threshold when most validated values are only the weaker form (e.g.
    /// 15-digit IDs, which random 15-digit numbers match far more often).
    #[serde(default)]
    pub weak_min_ratio: Option<f64>,
    /// The rate at which a value that passes every other check of the type
    /// also passes its check digit by chance (1/11 for GB 11643). With it, a
    /// column is of the type only when its pass rate beats chance (see
    /// `grade::beats_chance`).
    #[serde(default)]
    pub check_chance: Option<f64>,
    /// Types that, once accepted in a column, make this one plausible too at
    /// `companion_min_ratio` (identity documents mixed in one certificate column).
    #[serde(default)]
    pub companions: Vec<String>,
    #[serde(default)]
    pub companion_min_ratio: Option<f64>,
    /// Patterns for finding the type inside text, when they differ from `patterns`.
    #[serde(default)]
    pub embedded_patterns: Vec<String>,
    /// Fewest distinct validated values a column needs (capped by half its
    /// validated count): a few phrases repeated are not names.
    #[serde(default)]
    pub min_distinct: Option<u64>,
    /// Accept only with a name hint or beside a matching partner column
    /// (coordinates: a latitude column next to a longitude column).
    #[serde(default)]
    pub needs_hint_or_pair: bool,
    #[serde(default)]
    pub masked_patterns: Vec<String>,
    /// At least one must occur in the value (cheap prefilter before the regex).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Column-name hints: pinyin initials, English and Chinese names.
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default)]
    pub examples: Examples,
}

fn default_min_matches() -> u64 {
    2
}

/// A validator: the exact check for a plain value and the plausibility check
/// for a masked one, with the signals a validated match carries.
#[derive(Clone, Copy)]
pub struct Validator {
    pub check: fn(&str) -> Validity,
    pub masked: fn(&str) -> bool,
    pub signals: &'static [&'static str],
    /// Signal added when some values validated only in the weaker form.
    pub weak_signal: &'static str,
}

fn always_masked(_: &str) -> bool {
    true
}
fn shape_only(_: &str) -> Validity {
    Validity::Strong
}

/// Look up a validator by the name used in detector files.
pub fn validator(name: &str) -> Option<Validator> {
    use validate::*;
    let v = |check, masked, signals| {
        Some(Validator {
            check,
            masked,
            signals,
            weak_signal: "weak_form",
        })
    };
    match name {
        "cn_resident_id" => Some(Validator {
            check: cn_resident_id,
            masked: cn_resident_id_masked,
            signals: &["checksum", "birth_date", "region"],
            weak_signal: "legacy_15",
        }),
        "geo_coordinate" => Some(Validator {
            check: geo_coordinate,
            masked: always_masked,
            signals: &["coordinate_range", "precision"],
            weak_signal: "longitude_range",
        }),
        "cn_uscc" => v(
            cn_uscc,
            always_masked,
            &["checksum", "authority_type", "region", "org_code"],
        ),
        "cn_org_code" => v(cn_org_code, always_masked, &["checksum"]),
        "cn_business_reg_no" => v(cn_business_reg_no, always_masked, &["mod_11_10", "region"]),
        "cn_mobile" => v(cn_mobile, cn_mobile_masked, &["number_block"]),
        "cn_landline" => v(cn_landline, always_masked, &["area_code"]),
        "bank_card" => v(bank_card, always_masked, &["luhn", "issuer"]),
        "imei" => v(imei, always_masked, &["luhn"]),
        "email" => v(email, always_masked, &["domain"]),
        "ip_address" => v(ip_address, always_masked, &["parsed"]),
        "mac_address" => v(mac_address, always_masked, &["hex_pairs"]),
        "hk_id" => v(hk_id, always_masked, &["checksum"]),
        "tw_id" => v(tw_id, always_masked, &["checksum"]),
        "vin" => v(vin, always_masked, &["check_digit"]),
        "cn_passport" => v(cn_passport, always_masked, &["shape"]),
        "cn_person_name" => v(cn_person_name, cn_person_name_masked, &["surname"]),
        "cn_address" => v(cn_address, cn_address_masked, &["admin_division", "street"]),
        "none" => v(shape_only, always_masked, &["shape"]),
        _ => None,
    }
}

/// A compiled detector.
pub struct Detector {
    pub def: DetectorDef,
    pub validator: Validator,
    hints: Vec<String>,
}

impl Detector {
    /// Does this column name carry a hint for this type?
    pub fn hint_for(&self, column: &str) -> Option<&str> {
        let norm = normalize_name(column);
        let tokens: Vec<&str> = column
            .split(|c: char| c == '_' || c == '-' || c == '.' || c.is_whitespace())
            .collect();
        self.hints
            .iter()
            .zip(&self.def.hints)
            .find(|(h, _)| {
                norm == **h
                    || tokens.iter().any(|t| normalize_name(t) == **h)
                    || (!h.is_ascii() && norm.contains(h.as_str()))
                    // Compound pinyin names: bylxdh (备用联系电话), jsrsfzh.
                    || (h.len() >= 4 && (norm.ends_with(h.as_str()) || norm.starts_with(h.as_str())))
            })
            .map(|(_, orig)| orig.as_str())
    }
}

/// Lowercase, without `_`, `-`, spaces and dots.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Counts for one type in one column. `validated` includes `masked` and `weak`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeTally {
    /// Values whose shape matched.
    pub matches: u64,
    /// Values that passed the validator (or a masked form that is plausible).
    pub validated: u64,
    /// Validated in a weaker form (e.g. 15-digit resident IDs).
    pub weak: u64,
    /// Validated values that are already masked.
    pub masked: u64,
    /// Validated values found inside longer text.
    pub embedded: u64,
    /// Values of the type's shape that passed every check but the check digit
    /// (`Validity::CheckFailed`; inside text, values with only such runs).
    pub check_failed: u64,
    /// Hashes of distinct validated values, at most [`DISTINCT_CAP`]: enough to
    /// tell a column of names from a column of four repeated phrases.
    pub distinct: Vec<u64>,
    /// Masked examples, at most [`EVIDENCE_PER_TYPE`].
    pub evidence: Vec<String>,
}

pub const EVIDENCE_PER_TYPE: usize = 3;
pub const DISTINCT_CAP: usize = 32;

impl TypeTally {
    fn note_distinct(&mut self, value: &str) {
        if self.distinct.len() >= DISTINCT_CAP {
            return;
        }
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let h = BuildHasherDefault::<DefaultHasher>::default().hash_one(value);
        if let Err(i) = self.distinct.binary_search(&h) {
            self.distinct.insert(i, h);
        }
    }
}

impl TypeTally {
    fn merge(&mut self, other: &TypeTally) {
        self.matches += other.matches;
        self.validated += other.validated;
        self.weak += other.weak;
        self.masked += other.masked;
        self.embedded += other.embedded;
        self.check_failed += other.check_failed;
        for &h in &other.distinct {
            if self.distinct.len() >= DISTINCT_CAP {
                break;
            }
            if let Err(i) = self.distinct.binary_search(&h) {
                self.distinct.insert(i, h);
            }
        }
        for e in &other.evidence {
            if self.evidence.len() < EVIDENCE_PER_TYPE && !self.evidence.contains(e) {
                self.evidence.push(e.clone());
            }
        }
    }
}

/// How the values of a binary column decoded (see [`ColumnEvidence::binary`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BinaryText {
    pub utf8: u64,
    pub gb18030: u64,
    pub not_text: u64,
}

impl BinaryText {
    fn merge(&mut self, other: &BinaryText) {
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
    /// Values longer than [`MAX_TEXT`], searched in their first `MAX_TEXT` bytes only.
    pub values_cut: u64,
    /// Values of a binary column, by how they were read as text: UTF-8,
    /// GB18030 (not UTF-8), or neither (not text; counted, not searched).
    pub binary: BinaryText,
    /// Indexed like [`DetectorSet::detectors`].
    pub tallies: Vec<TypeTally>,
}

impl ColumnEvidence {
    pub fn new(types: usize) -> Self {
        Self {
            rows: 0,
            non_null: 0,
            values_cut: 0,
            binary: BinaryText::default(),
            tallies: vec![TypeTally::default(); types],
        }
    }

    pub fn merge(&mut self, other: &ColumnEvidence) {
        self.rows += other.rows;
        self.non_null += other.non_null;
        self.values_cut += other.values_cut;
        self.binary.merge(&other.binary);
        if self.tallies.len() < other.tallies.len() {
            self.tallies
                .resize(other.tallies.len(), TypeTally::default());
        }
        for (a, b) in self.tallies.iter_mut().zip(&other.tallies) {
            a.merge(b);
        }
    }
}

/// Overlapping multi-pattern search. The lazy DFA gets a cache large enough
/// for the Unicode (Han) classes of the address and name patterns: with the
/// default 2 MiB it gives up on Chinese text and every value falls back to
/// the PikeVM, which is two orders of magnitude slower.
fn set_config() -> regex_automata::meta::Config {
    Regex::config()
        .match_kind(MatchKind::All)
        .hybrid_cache_capacity(64 << 20)
}

/// Longest value (bytes) the whole-value tables cover; no whole-value pattern
/// is longer. Longer values are searched as text only.
const MAX_LEN: usize = 256;

/// Longest part of a value (bytes) searched as text: long complaint texts and
/// JSON payloads are where identifiers hide, but a value of megabytes is cut
/// here (at a character boundary) and counted in [`ColumnEvidence::values_cut`].
pub const MAX_TEXT: usize = 64 << 10;

#[derive(Clone, Copy)]
struct PatternOwner {
    detector: usize,
    masked: bool,
}

/// All detectors compiled into one matcher.
pub struct DetectorSet {
    pub detectors: Vec<Detector>,
    /// Every whole-value pattern (ids index `owners`), grouped into multi-pattern DFAs.
    whole: WholeSet,
    owners: Vec<PatternOwner>,
    /// Per detector: its keywords, one of which a value must contain.
    keywords: KeywordIndex,
    /// Unanchored set over the `embedded` detectors' patterns: which could occur in a text.
    embedded_set: Option<Regex>,
    /// The characters of `embedded_set`'s patterns: it searches only runs of them.
    text_alphabet: Option<runs::Alphabet>,
    embedded_owner: Vec<usize>,
    /// Per detector: its patterns as one unanchored regex, to extract candidates from text.
    embedded_finder: Vec<Option<Regex>>,
    /// Embedded detectors whose patterns need Chinese text: searched with their
    /// own finder when the value's shape and keywords allow, not in `embedded_set`.
    text_direct: Vec<(usize, Shape)>,
    /// No detector in `embedded_set` has `embedded_patterns` of its own:
    /// in-text candidates use the same patterns as whole values.
    embedded_same_as_whole: bool,
    /// Length and byte-class tables in front of `regex` and `embedded_set`.
    whole_filter: Prefilter,
    text_filter: Prefilter,
    /// The part of `text_filter` for `embedded_set`'s patterns.
    set_filter: Prefilter,
}

/// Reusable per-thread buffers.
#[derive(Default)]
pub struct Scratch {
    norm: String,
    /// Whole-value patterns the prefilter lets through for the current value (bitset).
    candidates: Vec<u64>,
    /// Of those, the ones a grouped DFA matched (bitset).
    hits: Vec<u64>,
    /// Pattern set reused across values (in-text pass).
    text: Option<PatternSet>,
    number: String,
    outcomes: Vec<(usize, Validity, bool)>,
    /// Per detector: does the current value hold one of its keywords
    /// (valid once `keywords_scanned`)?
    keywords_present: Vec<bool>,
    keywords_scanned: bool,
    found: Vec<(usize, Validity, std::ops::Range<usize>)>,
    /// Types whose in-text candidates in the current value all failed their check digit.
    failed: Vec<usize>,
    /// In-text candidates: (detector, found by the windowed set search).
    text_candidates: Vec<(usize, bool)>,
    /// Runs of a text the in-text patterns can match in.
    windows: Vec<std::ops::Range<usize>>,
}

impl DetectorSet {
    /// The built-in detectors, with files from `extra_dir` added or overriding by id.
    pub fn load(extra_dir: Option<&Path>) -> Result<Self, DetectorError> {
        let mut defs: BTreeMap<String, (String, DetectorDef)> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut add = |file: &str, text: &str| -> Result<(), DetectorError> {
            let def: DetectorDef = toml::from_str(text).map_err(|e| def_err(file, e))?;
            if !order.contains(&def.id) {
                order.push(def.id.clone());
            }
            defs.insert(def.id.clone(), (file.to_string(), def));
            Ok(())
        };
        for (file, text) in BUILTIN_DETECTORS {
            add(file, text)?;
        }
        if let Some(dir) = extra_dir {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .map_err(|e| def_err(&dir.display().to_string(), e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for path in files {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|e| def_err(&name, e))?;
                add(&name, &text)?;
            }
        }
        let defs = order
            .iter()
            .filter_map(|id| defs.remove(id))
            .collect::<Vec<_>>();
        Self::compile(defs)
    }

    /// Only the named built-in detectors (benchmarks of one detector at a time).
    pub fn only(ids: &[&str]) -> Result<Self, DetectorError> {
        let mut defs = Vec::new();
        for (file, text) in BUILTIN_DETECTORS {
            let def: DetectorDef = toml::from_str(text).map_err(|e| def_err(file, e))?;
            if ids.contains(&def.id.as_str()) {
                defs.push((file.to_string(), def));
            }
        }
        Self::compile(defs)
    }

    fn compile(defs: Vec<(String, DetectorDef)>) -> Result<Self, DetectorError> {
        let mut detectors = Vec::new();
        let mut patterns = Vec::new();
        let mut shapes = Vec::new();
        let mut text_shapes = Vec::new();
        let mut set_shapes = Vec::new();
        let mut owners = Vec::new();
        let mut keywords = Vec::new();
        let mut embedded_patterns = Vec::new();
        let mut embedded_alternations = Vec::new();
        let mut embedded_owner = Vec::new();
        let mut embedded_finder = Vec::new();
        let mut text_direct = Vec::new();
        let mut embedded_same_as_whole = true;
        for (i, (file, def)) in defs.into_iter().enumerate() {
            let validator = validator(&def.validator)
                .ok_or_else(|| def_err(&file, format!("unknown validator {:?}", def.validator)))?;
            for (masked, list) in [(false, &def.patterns), (true, &def.masked_patterns)] {
                for p in list {
                    // Check each pattern alone so the error names its file.
                    Regex::new(p).map_err(|e| def_err(&file, format!("pattern {p:?}: {e}")))?;
                    patterns.push(format!("(?:{p})$"));
                    shapes.push(Shape::of(p).with_keywords(&def.keywords));
                    owners.push(PatternOwner {
                        detector: i,
                        masked,
                    });
                }
            }
            keywords.push(def.keywords.clone());
            let text_patterns = if def.embedded_patterns.is_empty() {
                &def.patterns
            } else {
                &def.embedded_patterns
            };
            if def.embedded && !text_patterns.is_empty() {
                let alternation = text_patterns
                    .iter()
                    .map(|p| format!("(?:{p})"))
                    .collect::<Vec<_>>()
                    .join("|");
                embedded_finder.push(Some(
                    Regex::new(&alternation).map_err(|e| def_err(&file, e))?,
                ));
                let shape = Shape::of(&alternation).with_keywords(&def.keywords);
                // One shape per pattern: the alternation's shape requires only
                // what every branch does (IPv4 or IPv6: nothing).
                let branch_shapes: Vec<Shape> = text_patterns
                    .iter()
                    .map(|p| Shape::of(p).with_keywords(&def.keywords))
                    .collect();
                text_shapes.extend(branch_shapes.iter().copied());
                if shape.requires_non_ascii() {
                    // Patterns over Chinese text (addresses, plates) stay out of
                    // the overlapping set: unanchored, they blow up its lazy DFA.
                    text_direct.push((i, shape));
                } else {
                    embedded_same_as_whole &= def.embedded_patterns.is_empty();
                    // Delimited like the candidates kept below: no ASCII letter or
                    // digit on either side. This also keeps the lazy DFA small: inside
                    // a long alphanumeric run (a hash, a token) no match can start.
                    embedded_patterns.push(format!(
                        "(?:^|[^0-9A-Za-z])(?:{alternation})(?:$|[^0-9A-Za-z])"
                    ));
                    embedded_alternations.push(alternation.clone());
                    set_shapes.extend(branch_shapes);
                    embedded_owner.push(i);
                }
            } else {
                embedded_finder.push(None);
            }
            let hints = def.hints.iter().map(|h| normalize_name(h)).collect();
            detectors.push(Detector {
                def,
                validator,
                hints,
            });
        }
        // Pattern ids in descending rank of their detector (stable: a detector's
        // patterns stay together and in order), so a value's matches come out
        // strongest explanation first and validation can stop early.
        let mut order: Vec<usize> = (0..patterns.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(detectors[owners[i].detector].def.rank));
        let patterns: Vec<String> = order.iter().map(|&i| patterns[i].clone()).collect();
        let shapes: Vec<Shape> = order.iter().map(|&i| shapes[i]).collect();
        let owners: Vec<PatternOwner> = order.iter().map(|&i| owners[i]).collect();
        let whole = WholeSet::new(&patterns).map_err(|e| def_err("detectors", e))?;
        let keywords = KeywordIndex::new(&keywords);
        let embedded_set = if embedded_patterns.is_empty() {
            None
        } else {
            Some(
                Regex::builder()
                    .configure(set_config())
                    .build_many(&embedded_patterns)
                    .map_err(|e| def_err("detectors", e))?,
            )
        };
        let text_alphabet = runs::Alphabet::of(&embedded_alternations);
        Ok(Self {
            detectors,
            text_alphabet,
            whole,
            owners,
            keywords,
            embedded_set,
            embedded_owner,
            embedded_finder,
            text_direct,
            embedded_same_as_whole,
            whole_filter: Prefilter::new(&shapes, true, MAX_LEN),
            text_filter: Prefilter::new(&text_shapes, false, MAX_LEN),
            set_filter: Prefilter::new(&set_shapes, false, MAX_LEN),
        })
    }

    pub fn len(&self) -> usize {
        self.detectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.detectors.is_empty()
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.detectors.iter().position(|d| d.def.id == id)
    }

    /// Classify one value: which types it is (validated), ignoring columns.
    /// Returns `(detector index, validity, masked)` for every shape match.
    pub fn classify(&self, value: &str) -> Vec<(String, Validity, bool)> {
        let mut scratch = Scratch::default();
        let mut ev = ColumnEvidence::new(self.len());
        self.observe(value, 1, &mut ev, &mut scratch);
        scratch
            .outcomes
            .iter()
            .map(|&(d, v, m)| (self.detectors[d].def.id.clone(), v, m))
            .collect()
    }

    /// Is `value` detected (validated, plain or masked) as type `id`?
    pub fn detects(&self, id: &str, value: &str) -> bool {
        let Some(i) = self.index_of(id) else {
            return false;
        };
        let mut scratch = Scratch::default();
        let mut ev = ColumnEvidence::new(self.len());
        self.observe(value, 1, &mut ev, &mut scratch);
        ev.tallies[i].validated > 0
    }

    /// Add one value seen `weight` times to `ev`.
    pub fn observe(&self, raw: &str, weight: u64, ev: &mut ColumnEvidence, s: &mut Scratch) {
        let mut buf = std::mem::take(&mut s.norm);
        let mut t = trim_value(raw);
        if t.len() > MAX_TEXT {
            t = &t[..t.floor_char_boundary(MAX_TEXT)];
            ev.values_cut += weight;
        }
        let mut mask = prefilter::mask_of(t.as_bytes());
        // Full-width forms all start with the byte 0xEF, which the mask flags.
        let v = if prefilter::has_lead_ef(mask) {
            let v = fold_full_width(t, &mut buf);
            if !std::ptr::eq(v, t) {
                mask = prefilter::mask_of(v.as_bytes());
            }
            v
        } else {
            t
        };
        self.observe_normalized(v, mask, weight, ev, s);
        s.norm = buf;
    }

    fn observe_normalized(
        &self,
        v: &str,
        mask: Mask,
        weight: u64,
        ev: &mut ColumnEvidence,
        s: &mut Scratch,
    ) {
        s.outcomes.clear();
        s.keywords_scanned = false;
        if v.is_empty() {
            return;
        }
        ev.non_null += weight;
        let validated_any =
            self.whole_filter.any(v.len(), mask) && self.observe_whole(v, mask, weight, ev, s);
        // A value that is text with digits in it (a complaint record that also
        // reads as an address) is searched for identifiers inside it even when
        // the whole value validated.
        let text_with_digits = prefilter::non_ascii_and_digits(mask);
        if (!validated_any || text_with_digits)
            && v.len() >= 8
            && self.text_filter.any(v.len(), mask)
        {
            self.observe_text(v, mask, weight, ev, s);
        }
    }

    /// Does `v` contain one of detector `d`'s keywords (or has it none)?
    /// The first question about a value scans it for every detector's
    /// keywords at once (`Scratch::keywords_present`).
    fn has_keyword(&self, d: usize, v: &str, s: &mut Scratch) -> bool {
        if !self.keywords.gated(d) {
            return true;
        }
        if !s.keywords_scanned {
            s.keywords_present.clear();
            s.keywords_present.resize(self.detectors.len(), false);
            self.keywords.scan(v, &mut s.keywords_present);
            s.keywords_scanned = true;
        }
        s.keywords_present[d]
    }

    /// Whole-value shapes and validators; true when some type validated.
    fn observe_whole(
        &self,
        v: &str,
        mask: Mask,
        weight: u64,
        ev: &mut ColumnEvidence,
        s: &mut Scratch,
    ) -> bool {
        let words = self.whole_filter.words();
        let mut candidates = std::mem::take(&mut s.candidates);
        let mut hits = std::mem::take(&mut s.hits);
        candidates.resize(words, 0);
        hits.resize(words, 0);
        if self
            .whole_filter
            .candidate_bits(v.len(), mask, &mut candidates)
        {
            self.whole.grouped_matches(v, &candidates, &mut hits);
        }
        // Patterns are numbered from the highest rank down. Once a type
        // validated strongly, lower-ranked ones can no longer be kept (below),
        // so their validators are not run; their shape still counts as a match.
        let mut strong_rank: Option<u32> = None;
        for (w, (&hit, &cand)) in hits.iter().zip(&candidates).enumerate() {
            // Grouped patterns that matched, and the candidates with a matcher of their own.
            let mut bits = hit | (cand & self.whole.single_bits()[w]);
            while bits != 0 {
                let pid = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let owner = self.owners[pid];
                if s.outcomes
                    .iter()
                    .any(|o| o.0 == owner.detector && !o.2 && o.1.validated())
                {
                    continue; // a plain pattern of this detector already validated
                }
                // A detector's keywords gate its patterns. One pass answers every
                // detector (`KeywordIndex`), cheaper than walking an automaton over
                // Chinese text, so the gate goes first; a class run counts and
                // tests characters, cheaper still, and goes before it.
                let single = self.whole.single(pid);
                let matched = match single {
                    Some(m @ WholeMatcher::Run(_)) => {
                        m.matches(v) && self.has_keyword(owner.detector, v, s)
                    }
                    _ => {
                        self.has_keyword(owner.detector, v, s)
                            && single.is_none_or(|m| m.matches(v))
                    }
                };
                if !matched {
                    continue;
                }
                let det = &self.detectors[owner.detector];
                let rank = det.def.rank;
                let validity = if strong_rank.is_some_and(|r| rank < r) {
                    Validity::Invalid // outranked: not validated
                } else if owner.masked {
                    if (det.validator.masked)(v) {
                        Validity::Strong
                    } else {
                        Validity::Invalid
                    }
                } else {
                    (det.validator.check)(v)
                };
                if validity == Validity::Strong && strong_rank.is_none() {
                    strong_rank = Some(rank);
                }
                s.outcomes.retain(|o| o.0 != owner.detector);
                s.outcomes.push((owner.detector, validity, owner.masked));
            }
        }
        s.candidates = candidates;
        s.hits = hits;
        if s.outcomes.is_empty() {
            return false;
        }
        // When a value validates as several types, the strongest explanation wins:
        // strong evidence beats weak forms, then the highest rank.
        let any_strong = strong_rank.is_some();
        let best_rank = s
            .outcomes
            .iter()
            .filter(|o| o.1 == Validity::Strong || (o.1 == Validity::Weak && !any_strong))
            .map(|o| self.detectors[o.0].def.rank)
            .max();
        let mut validated_any = false;
        for &(d, validity, masked) in &s.outcomes {
            let t = &mut ev.tallies[d];
            t.matches += weight;
            let kept = match validity {
                Validity::Invalid => false,
                Validity::CheckFailed => {
                    t.check_failed += weight;
                    false
                }
                Validity::Weak => !any_strong && Some(self.detectors[d].def.rank) == best_rank,
                Validity::Strong => Some(self.detectors[d].def.rank) == best_rank,
            };
            if !kept {
                continue;
            }
            validated_any = true;
            t.validated += weight;
            t.note_distinct(v);
            if validity == Validity::Weak {
                t.weak += weight;
            }
            if masked {
                t.masked += weight;
            }
            if t.evidence.len() < EVIDENCE_PER_TYPE {
                let e = if masked { v.to_string() } else { mask::mask(v) };
                if !t.evidence.contains(&e) {
                    t.evidence.push(e);
                }
            }
        }
        validated_any
    }

    /// Identifiers inside free text: one unanchored pass says which types may
    /// occur, then each candidate is cut at ASCII alphanumeric boundaries and
    /// validated. A value counts once per type however often the type occurs.
    fn observe_text(
        &self,
        v: &str,
        mask: Mask,
        weight: u64,
        ev: &mut ColumnEvidence,
        s: &mut Scratch,
    ) {
        let mut candidates = std::mem::take(&mut s.text_candidates);
        let mut windows = std::mem::take(&mut s.windows);
        candidates.clear();
        windows.clear();
        // Matches inside text are delimited by non-alphanumerics, so in a value
        // that is one alphanumeric run (a hash, a token) the only candidate is
        // the whole value, which the whole-value pass has already judged.
        let one_run = self.embedded_same_as_whole && prefilter::alphanumeric_only(mask);
        let set_re = self
            .embedded_set
            .as_ref()
            .filter(|_| !one_run && self.set_filter.any(v.len(), mask));
        if let Some(set_re) = set_re {
            match &self.text_alphabet {
                Some(a) => a.windows(v, &mut windows),
                None => windows.push(0..v.len()),
            }
            if !windows.is_empty() {
                let mut set = s
                    .text
                    .take()
                    .unwrap_or_else(|| PatternSet::new(set_re.pattern_len()));
                set.clear();
                for w in &windows {
                    set_re.which_overlapping_matches(&Input::new(&v[w.clone()]), &mut set);
                }
                candidates.extend(
                    set.iter()
                        .map(|p| (self.embedded_owner[p.as_usize()], true)),
                );
                s.text = Some(set);
            }
        }
        for &(d, shape) in &self.text_direct {
            if !shape.admits(v.len(), mask) || !self.has_keyword(d, v, s) {
                continue;
            }
            candidates.push((d, false));
        }
        if candidates.is_empty() {
            s.text_candidates = candidates;
            s.windows = windows;
            return;
        }
        s.found.clear();
        s.failed.clear();
        let bytes = v.as_bytes();
        let all = 0..v.len();
        let whole = std::slice::from_ref(&all);
        for &(d, windowed) in &candidates {
            let Some(finder) = &self.embedded_finder[d] else {
                continue;
            };
            let det = &self.detectors[d];
            let ranges: &[std::ops::Range<usize>] = if windowed { &windows } else { whole };
            for w in ranges {
                for m in finder.find_iter(&v[w.clone()]) {
                    let r = m.start() + w.start..m.end() + w.start;
                    let before = r.start.checked_sub(1).map(|i| bytes[i]);
                    let after = bytes.get(r.end).copied();
                    if before.is_some_and(|b| b.is_ascii_alphanumeric())
                        || after.is_some_and(|b| b.is_ascii_alphanumeric())
                    {
                        continue;
                    }
                    let validity = (det.validator.check)(&v[r.clone()]);
                    match validity {
                        v if v.validated() => s.found.push((d, validity, r)),
                        Validity::CheckFailed if !s.failed.contains(&d) => s.failed.push(d),
                        _ => {}
                    }
                }
            }
        }
        s.text_candidates = candidates;
        s.windows = windows;
        // Overlapping candidates: keep the higher-ranked, strong-over-weak one.
        let key = |x: &(usize, Validity, std::ops::Range<usize>)| {
            (x.1 == Validity::Strong, self.detectors[x.0].def.rank)
        };
        let found = std::mem::take(&mut s.found);
        let mut counted: Vec<usize> = Vec::new();
        for f in &found {
            let beaten = found
                .iter()
                .any(|g| g.2.start < f.2.end && f.2.start < g.2.end && key(g) > key(f));
            // A type the whole value validated as is counted once, there.
            let whole = s.outcomes.iter().any(|o| o.0 == f.0 && o.1.validated());
            if beaten || counted.contains(&f.0) || whole {
                continue;
            }
            counted.push(f.0);
            let t = &mut ev.tallies[f.0];
            t.matches += weight;
            t.validated += weight;
            t.embedded += weight;
            t.note_distinct(&v[f.2.clone()]);
            if f.1 == Validity::Weak {
                t.weak += weight;
            }
            if t.evidence.len() < EVIDENCE_PER_TYPE {
                let e = mask::mask(&v[f.2.clone()]);
                if !t.evidence.contains(&e) {
                    t.evidence.push(e);
                }
            }
        }
        // A value whose runs of a type all failed its check digit counts once
        // as a chance candidate (see `TypeTally::check_failed`).
        for &d in &s.failed {
            if !counted.contains(&d) && !s.outcomes.iter().any(|o| o.0 == d) {
                ev.tallies[d].check_failed += weight;
            }
        }
        s.found = found;
    }

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
                    self.observe(v, 1, ev, s);
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
            // An all-null column can come with an empty dictionary (the
            // deltalake writer makes one): nothing to look at.
            DataType::Dictionary(_, _) if array.as_any_dictionary().values().is_empty() => {}
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

/// Trim (ASCII and full-width spaces, BOM) and fold full-width ASCII forms
/// (`１３８`, `Ｘ`) to ASCII. Borrows when nothing changes.
pub fn normalize_value<'a>(raw: &'a str, buf: &'a mut String) -> &'a str {
    let t = trim_value(raw);
    // Full-width forms start with 0xEF: one memchr pass rules most values out.
    if !t.as_bytes().contains(&0xEF) {
        return t;
    }
    fold_full_width(t, buf)
}

/// Trim ASCII and full-width spaces and the BOM.
#[inline]
fn trim_value(raw: &str) -> &str {
    // A three-byte character that is not a space: the spaces among them are
    // U+1680, U+2000..U+205F (lead bytes E1, E2), U+3000 (E3 80 80) and the
    // BOM (EF BB BF). Chinese text and its punctuation (。，、) pass.
    let not_space3 = |c: &[u8]| match *c {
        [0xE4..=0xEE, ..] => true,
        [0xE3, b1, b2] => (b1, b2) != (0x80, 0x80),
        [0xEF, b1, b2] => (b1, b2) != (0xBB, 0xBF),
        _ => false,
    };
    let plain_ends = |b: &[u8]| match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => {
            (f.is_ascii_graphic() || b.len() >= 3 && not_space3(&b[..3]))
                && (l.is_ascii_graphic() || b.len() >= 3 && not_space3(&b[b.len() - 3..]))
        }
        _ => false,
    };
    // Most values start and end with a visible ASCII byte or a Chinese
    // character: nothing to trim.
    if plain_ends(raw.as_bytes()) {
        raw
    } else {
        raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{3000}')
    }
}

/// Fold full-width digits, letters and punctuation to ASCII when the value
/// holds a full-width digit, letter or @ (U+FF10..FF19, FF20..FF3A,
/// FF41..FF5A: EF BC 90..99, EF BC A0..BA, EF BD 81..9A), the forms
/// identifiers are typed in; full-width punctuation alone (the everyday "，"
/// of Chinese text) is matched as it is.
fn fold_full_width<'a>(t: &'a str, buf: &'a mut String) -> &'a str {
    let b = t.as_bytes();
    let full_width_alnum = memchr::memchr_iter(0xEF, b).any(|i| {
        matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xBC), Some(0x90..=0x99))
                | (Some(0xBC), Some(0xA0..=0xBA))
                | (Some(0xBD), Some(0x81..=0x9A))
        )
    });
    if !full_width_alnum {
        return t;
    }
    buf.clear();
    buf.extend(t.chars().map(|c| {
        if ('\u{ff01}'..='\u{ff5e}').contains(&c) {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        } else {
            c
        }
    }));
    buf.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every detector file's examples: positives detected, negatives not, masked ones masked.
    #[test]
    fn detector_examples() {
        let set = DetectorSet::load(None).expect("built-in detectors compile");
        for d in &set.detectors {
            let id = &d.def.id;
            assert!(
                !d.def.examples.positive.is_empty(),
                "{id}: no positive examples"
            );
            for p in &d.def.examples.positive {
                assert!(
                    set.detects(id, p),
                    "{id}: positive example not detected: {p}"
                );
            }
            for n in &d.def.examples.negative {
                assert!(!set.detects(id, n), "{id}: negative example detected: {n}");
            }
            for m in &d.def.examples.masked {
                let hit = set
                    .classify(m)
                    .into_iter()
                    .any(|(t, v, masked)| &t == id && masked && v == Validity::Strong);
                assert!(hit, "{id}: masked example not detected as masked: {m}");
            }
        }
    }

    #[test]
    fn every_detector_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("detectors");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") {
                assert!(
                    BUILTIN_DETECTORS.iter().any(|(f, _)| *f == name),
                    "detectors/{name} is not in BUILTIN_DETECTORS"
                );
            }
        }
    }

    #[test]
    fn dictionary_values_are_checked_once_and_weighted() {
        use datafusion::arrow::array::{DictionaryArray, Int32Array, StringArray};
        use std::sync::Arc;
        let set = DetectorSet::load(None).unwrap();
        let keys = Int32Array::from(vec![Some(0), Some(0), Some(1), None, Some(0)]);
        let values = StringArray::from(vec!["11010519491231002X", "abc", "unused"]);
        let dict: ArrayRef = Arc::new(DictionaryArray::try_new(keys, Arc::new(values)).unwrap());
        let mut ev = ColumnEvidence::new(set.len());
        set.observe_array(&dict, &mut ev, &mut Scratch::default());
        let id = set.index_of("cn_resident_id").unwrap();
        assert_eq!((ev.rows, ev.non_null, ev.tallies[id].validated), (5, 4, 3));
    }

    /// An all-null column whose dictionary is empty (as the deltalake writer
    /// makes one) is rows of nulls, not a panic.
    #[test]
    fn an_empty_dictionary_is_all_nulls() {
        use datafusion::arrow::array::{DictionaryArray, Int32Array, StringArray};
        use std::sync::Arc;
        let set = DetectorSet::load(None).unwrap();
        let keys = Int32Array::from(vec![None, None, None]);
        let values = StringArray::from(Vec::<&str>::new());
        let dict: ArrayRef = Arc::new(DictionaryArray::try_new(keys, Arc::new(values)).unwrap());
        let mut ev = ColumnEvidence::new(set.len());
        set.observe_array(&dict, &mut ev, &mut Scratch::default());
        assert_eq!((ev.rows, ev.non_null), (3, 0));
    }

    #[test]
    fn long_values_are_searched_up_to_the_cap() {
        let set = DetectorSet::load(None).unwrap();
        let id = set.index_of("cn_resident_id").unwrap();
        let mobile = set.index_of("cn_mobile").unwrap();
        let filler = "市民来电反映办事流程问题，已记录。".repeat(40); // about 2 KiB
        let long = format!("{filler}联系电话13812345678，身份证11010519491231002X。{filler}");
        // Past the cap: the first 64 KiB are searched, the rest is not.
        let huge = format!("{}身份证11010519491231002X", "备注".repeat(MAX_TEXT));
        let mut ev = ColumnEvidence::new(set.len());
        let mut s = Scratch::default();
        set.observe(&long, 1, &mut ev, &mut s);
        assert_eq!(
            (ev.tallies[id].embedded, ev.tallies[mobile].embedded),
            (1, 1)
        );
        assert_eq!(ev.values_cut, 0);
        set.observe(&huge, 1, &mut ev, &mut s);
        let cut_mid_char = format!("1{}", "备".repeat(MAX_TEXT / 3 + 1));
        set.observe(&cut_mid_char, 1, &mut ev, &mut s);
        assert_eq!(
            (ev.non_null, ev.values_cut, ev.tallies[id].embedded),
            (3, 2, 1)
        );
    }

    #[test]
    fn full_width_and_spaces_normalize() {
        let mut b = String::new();
        assert_eq!(
            normalize_value("  １３８１２３４５６７８ ", &mut b),
            "13812345678"
        );
        assert_eq!(normalize_value("abc＠qq.com", &mut b), "abc@qq.com");
        // Full-width punctuation alone is everyday Chinese text: left as it is.
        assert_eq!(normalize_value("已受理，请回电", &mut b), "已受理，请回电");
    }

    #[test]
    fn hints_match_tokens_and_chinese() {
        let set = DetectorSet::load(None).unwrap();
        let id = &set.detectors[set.index_of("cn_resident_id").unwrap()];
        assert!(id.hint_for("SFZH").is_some());
        assert!(id.hint_for("driver_sfzh").is_some());
        assert!(id.hint_for("公民身份号码").is_some());
        assert!(id.hint_for("order_no").is_none());
    }
}
