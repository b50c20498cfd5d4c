//! The compiled set: every detector's patterns in one matcher, with the
//! prefilters and keyword index in front of it.

use std::collections::BTreeMap;
use std::path::Path;

use regex_automata::MatchKind;
use regex_automata::PatternSet;
use regex_automata::meta::Regex;

use super::keywords::KeywordIndex;
use super::prefilter::{Prefilter, Shape};
use super::runs;
use super::validate::Validity;
use super::whole::WholeSet;
use super::{
    BUILTIN_DETECTORS, ColumnEvidence, Detector, DetectorDef, DetectorError, def_err,
    normalize_name, validator,
};

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
pub(super) struct PatternOwner {
    pub(super) detector: usize,
    pub(super) masked: bool,
}

/// All detectors compiled into one matcher.
pub struct DetectorSet {
    pub detectors: Vec<Detector>,
    /// Every whole-value pattern (ids index `owners`), grouped into multi-pattern DFAs.
    pub(super) whole: WholeSet,
    pub(super) owners: Vec<PatternOwner>,
    /// Per detector: its keywords, one of which a value must contain.
    pub(super) keywords: KeywordIndex,
    /// Unanchored set over the `embedded` detectors' patterns: which could occur in a text.
    pub(super) embedded_set: Option<Regex>,
    /// The characters of `embedded_set`'s patterns: it searches only runs of them.
    pub(super) text_alphabet: Option<runs::Alphabet>,
    pub(super) embedded_owner: Vec<usize>,
    /// Per detector: its patterns as one unanchored regex, to extract candidates from text.
    pub(super) embedded_finder: Vec<Option<Regex>>,
    /// Embedded detectors whose patterns need Chinese text: searched with their
    /// own finder when the value's shape and keywords allow, not in `embedded_set`.
    pub(super) text_direct: Vec<(usize, Shape)>,
    /// No detector in `embedded_set` has `embedded_patterns` of its own:
    /// in-text candidates use the same patterns as whole values.
    pub(super) embedded_same_as_whole: bool,
    /// Length and byte-class tables in front of `regex` and `embedded_set`.
    pub(super) whole_filter: Prefilter,
    pub(super) text_filter: Prefilter,
    /// The part of `text_filter` for `embedded_set`'s patterns.
    pub(super) set_filter: Prefilter,
    /// The resident ID detector, whose validated values note the latest birth month.
    pub(super) resident_id: Option<usize>,
    /// Values to count when seen (a key-entity list of USCCs; see
    /// [`DetectorSet::watch`]). Empty unless set.
    pub(super) watch: std::sync::Arc<Watch>,
}

/// Per detector, hashes of values to count when seen ([`watch_key`]). It
/// travels with the `fenji_detect` aggregate to Ballista executors, whose
/// detector sets do not have it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Watch {
    by_detector: Vec<std::collections::HashSet<u64>>,
}

impl Watch {
    pub fn is_empty(&self) -> bool {
        self.by_detector.iter().all(|s| s.is_empty())
    }

    pub(super) fn contains(&self, detector: usize, v: &str) -> bool {
        self.by_detector
            .get(detector)
            .is_some_and(|s| !s.is_empty() && s.contains(&watch_key(v)))
    }

    /// As it travels: the hashes by detector id.
    pub fn to_wire(&self, set: &DetectorSet) -> std::collections::BTreeMap<String, Vec<u64>> {
        self.by_detector
            .iter()
            .zip(&set.detectors)
            .filter(|(s, _)| !s.is_empty())
            .map(|(s, d)| {
                let mut v: Vec<u64> = s.iter().copied().collect();
                v.sort_unstable();
                (d.def.id.clone(), v)
            })
            .collect()
    }

    pub fn from_wire(
        wire: &std::collections::BTreeMap<String, Vec<u64>>,
        set: &DetectorSet,
    ) -> Result<Watch, String> {
        let mut w = Watch {
            by_detector: vec![Default::default(); set.len()],
        };
        for (id, hashes) in wire {
            let i = set
                .index_of(id)
                .ok_or_else(|| format!("watch list names an unknown detector {id:?}"))?;
            w.by_detector[i].extend(hashes);
        }
        Ok(w)
    }
}

/// How a watched value is compared: trimmed, ASCII upper case.
pub(super) fn watch_key(v: &str) -> u64 {
    crate::hash::hash64(v.trim().to_ascii_uppercase().as_bytes())
}

/// Reusable per-thread buffers.
#[derive(Default)]
pub struct Scratch {
    pub(super) norm: String,
    /// Whole-value patterns the prefilter lets through for the current value (bitset).
    pub(super) candidates: Vec<u64>,
    /// Of those, the ones a grouped DFA matched (bitset).
    pub(super) hits: Vec<u64>,
    /// Pattern set reused across values (in-text pass).
    pub(super) text: Option<PatternSet>,
    pub(super) number: String,
    pub(super) outcomes: Vec<(usize, Validity, bool)>,
    /// Per detector: does the current value hold one of its keywords
    /// (valid once `keywords_scanned`)?
    pub(super) keywords_present: Vec<bool>,
    pub(super) keywords_scanned: bool,
    pub(super) found: Vec<(usize, Validity, std::ops::Range<usize>)>,
    /// Types whose in-text candidates in the current value all failed their check digit.
    pub(super) failed: Vec<usize>,
    /// In-text candidates: (detector, found by the windowed set search).
    pub(super) text_candidates: Vec<(usize, bool)>,
    /// Runs of a text the in-text patterns can match in.
    pub(super) windows: Vec<std::ops::Range<usize>>,
    /// The watch list when it is not the set's own (an executor's aggregate
    /// carries the client's).
    pub(super) watch: Option<std::sync::Arc<Watch>>,
}

impl Scratch {
    /// Buffers that count values on `watch` instead of the set's list.
    pub fn watching(watch: std::sync::Arc<Watch>) -> Self {
        Scratch {
            watch: Some(watch),
            ..Default::default()
        }
    }
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
            if !matches!(def.level.as_str(), "L1" | "L2" | "L3" | "L4") {
                return Err(def_err(
                    &file,
                    format!("level {:?} is not one of L1, L2, L3, L4", def.level),
                ));
            }
            if def.text_chance.is_some_and(|c| !(c > 0.0 && c < 1.0)) {
                return Err(def_err(&file, "text_chance must be a rate between 0 and 1"));
            }
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
        let resident_id = detectors.iter().position(|d| d.def.id == "cn_resident_id");
        let watch = std::sync::Arc::new(Watch {
            by_detector: vec![Default::default(); detectors.len()],
        });
        Ok(Self {
            resident_id,
            watch,
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

    /// Count the validated values of `type_id` that are among `values`
    /// (`TypeTally::watched`): the key_entity rule's list of USCCs. Values
    /// are compared as the validator sees them (trimmed, upper case).
    pub fn watch<'a>(
        &mut self,
        type_id: &str,
        values: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), String> {
        let i = self
            .index_of(type_id)
            .ok_or_else(|| format!("no detector type {type_id:?} to watch"))?;
        let watch = std::sync::Arc::make_mut(&mut self.watch);
        for v in values {
            watch.by_detector[i].insert(watch_key(v));
        }
        Ok(())
    }

    /// The values this set counts when seen (see [`DetectorSet::watch`]).
    pub fn watch_list(&self) -> std::sync::Arc<Watch> {
        self.watch.clone()
    }

    /// Which detectors these are, with the tool version (which carries the
    /// validators): the report's `scan.hashes.detectors`.
    pub fn fingerprint(&self) -> String {
        let defs: Vec<_> = self.detectors.iter().map(|d| &d.def).collect();
        crate::hash::fnv64(&format!(
            "{} {defs:?} {}",
            env!("CARGO_PKG_VERSION"),
            super::divisions::fingerprint()
        ))
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
}
