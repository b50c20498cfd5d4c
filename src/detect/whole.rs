//! Whole-value matching: which detector patterns match an entire value.
//!
//! The prefilter's tables already say, for a value's length and byte classes,
//! which patterns *could* match it (usually one to three: an 11-digit value can
//! only be a mobile or a landline, an 18-character one a resident ID, a USCC or
//! a bank card). Only those patterns are run, each as its own anchored DFA
//! walked byte by byte, instead of one overlapping search over every pattern and
//! an iteration over the whole pattern set. The answer is the same set of
//! patterns: a pattern the tables rule out cannot match.
//!
//! Patterns a dense DFA cannot hold within its size limit (long Chinese
//! alternations) or cannot express (Unicode word boundaries) use a single-pattern
//! meta regex instead.
//!
//! [`WholeSet`] goes one step further: the patterns that fit are compiled
//! together into a few multi-pattern DFAs (one, for the built-in detectors'
//! ASCII shapes), so an 18-digit value is walked once and the match state at
//! the end of input names every pattern that matches it, instead of one walk
//! per candidate pattern.

use regex_automata::dfa::{Automaton, StartKind, dense};

use super::charset::CharSet;
use regex_automata::meta::Regex;
use regex_automata::util::start;
use regex_automata::{Anchored, Input, MatchKind};

/// Largest dense DFA kept for one pattern; larger ones use the meta regex.
const DFA_SIZE_LIMIT: usize = 256 << 10;

/// One whole-value pattern, compiled to answer "does it match all of `v`?".
pub enum WholeMatcher {
    /// `[class]{m,n}`: a check per character and a count, no automaton.
    Run(Box<ClassRun>),
    Dense(Box<dense::DFA<Vec<u32>>>),
    Flat(Box<FlatDfa>),
    Meta(Box<Regex>),
}

impl WholeMatcher {
    /// `pattern` must already end in `$` (it is matched anchored at the start).
    pub fn new(pattern: &str) -> Result<Self, String> {
        let dense = anchored_builder(DFA_SIZE_LIMIT).build(pattern);
        match dense {
            Ok(dfa) => Ok(WholeMatcher::Dense(Box::new(dfa))),
            Err(_) => Regex::new(pattern)
                .map(|r| WholeMatcher::Meta(Box::new(r)))
                .map_err(|e| e.to_string()),
        }
    }

    /// Does the pattern match the whole of `v`?
    #[inline]
    pub fn matches(&self, v: &str) -> bool {
        match self {
            WholeMatcher::Dense(dfa) => {
                let config = start::Config::new().anchored(Anchored::Yes);
                let Ok(mut sid) = dfa.start_state(&config) else {
                    return false;
                };
                for &b in v.as_bytes() {
                    sid = dfa.next_state(sid, b);
                    if dfa.is_dead_state(sid) {
                        return false;
                    }
                }
                dfa.is_match_state(dfa.next_eoi_state(sid))
            }
            WholeMatcher::Flat(dfa) => !dfa.accepts(v.as_bytes()).is_empty(),
            WholeMatcher::Run(run) => run.matches(v),
            WholeMatcher::Meta(re) => re.is_match(Input::new(v).anchored(Anchored::Yes)),
        }
    }
}

/// Largest multi-pattern DFA; patterns that would push a group past it start a
/// new group. Small enough to stay in the L2 cache while a column is walked.
const GROUP_SIZE_LIMIT: usize = 1 << 20;
/// Largest single-pattern DFA that joins a group.
const GROUP_MEMBER_LIMIT: usize = 32 << 10;

/// A dense DFA copied into a flat table walked with one load per byte: the
/// library's `next_state` re-checks the table's layout on every byte, which
/// cost about four times the walk itself.
pub struct FlatDfa {
    /// Byte → its equivalence class.
    classes: [u8; 256],
    /// Row `i` (premultiplied: starts at `i * stride`) holds the next state of
    /// state `i` for each class, premultiplied too. State 0 is the dead state.
    /// Two bytes an entry: the walk is a chain of dependent loads, and the
    /// rows in use stay in the L1 cache. The table has 2^16 entries, so an
    /// index cut to 16 bits needs no bounds check in the walk.
    table: Box<[u16; 1 << 16]>,
    /// Each row ends with one more entry, past the last class: the state's
    /// own number, which indexes `accepts` at the end of a walk.
    last: usize,
    /// Premultiplied start state (anchored).
    start: usize,
    /// Per state: the patterns (local ids) that match when input ends there.
    accepts: Vec<Vec<u32>>,
}

impl FlatDfa {
    fn new(dfa: &dense::DFA<Vec<u32>>) -> Option<Self> {
        use std::collections::HashMap;
        let config = start::Config::new().anchored(Anchored::Yes);
        let start = dfa.start_state(&config).ok()?;
        let bc = dfa.byte_classes();
        let mut classes = [0u8; 256];
        let mut reps: Vec<u8> = Vec::new();
        for b in 0..=255u8 {
            let c = bc.get(b);
            classes[b as usize] = c;
            if c as usize >= reps.len() {
                reps.resize(c as usize + 1, b);
            }
            if reps[c as usize] > b {
                reps[c as usize] = b;
            }
        }
        let last = reps.len();
        let stride = last + 1;
        // Breadth-first from the start state; index 0 is the dead state.
        let mut index: HashMap<regex_automata::util::primitives::StateID, usize> = HashMap::new();
        let mut order = vec![None, Some(start)];
        index.insert(start, 1);
        let mut table = vec![0u16; 2 * stride];
        let mut accepts = vec![Vec::new(), Vec::new()];
        let mut i = 1;
        while i < order.len() {
            let sid = order[i].expect("live state");
            for (c, &b) in reps.iter().enumerate() {
                let next = dfa.next_state(sid, b);
                if dfa.is_dead_state(next) || dfa.is_quit_state(next) {
                    continue;
                }
                let n = *index.entry(next).or_insert_with(|| {
                    order.push(Some(next));
                    table.resize(order.len() * stride, 0);
                    accepts.push(Vec::new());
                    order.len() - 1
                });
                table[i * stride + c] = u16::try_from(n * stride).ok()?;
            }
            table[i * stride + last] = u16::try_from(i).ok()?;
            let end = dfa.next_eoi_state(sid);
            if dfa.is_match_state(end) {
                accepts[i] = (0..dfa.match_len(end))
                    .map(|k| dfa.match_pattern(end, k).as_u32())
                    .collect();
            }
            i += 1;
        }
        if table.len() > 1 << 16 {
            return None;
        }
        table.resize(1 << 16, 0);
        Some(Self {
            classes,
            table: table.into_boxed_slice().try_into().ok()?,
            last,
            start: stride,
            accepts,
        })
    }

    /// The patterns matching all of `bytes` (empty when none).
    #[inline]
    fn accepts(&self, bytes: &[u8]) -> &[u32] {
        let (table, classes) = (&*self.table, &self.classes);
        let mut s = self.start;
        for &b in bytes {
            // States and classes stay below 2^16 (checked when built).
            s = table[(s + classes[b as usize] as usize) as u16 as usize] as usize;
            if s == 0 {
                return &[];
            }
        }
        &self.accepts[table[(s + self.last) as u16 as usize] as usize]
    }
}

/// A whole-value pattern that is one character class repeated (`\p{Han}{2,4}`,
/// the address shape `[\p{Han}0-9…]{6,120}`): as a DFA its counter multiplies
/// the states of a large Unicode class; as a loop it is a bitmap test per
/// character.
pub struct ClassRun {
    class: CharSet,
    /// The class holds only ASCII characters.
    pub ascii_only: bool,
    min: u32,
    max: Option<u32>,
}

impl ClassRun {
    /// `pattern` as `(?:[class]{m,n})$`, or `None` when it is not of that form.
    pub fn of(pattern: &str) -> Option<Self> {
        use regex_syntax::hir::{Class, HirKind, Look};
        let hir = regex_automata::util::syntax::parse(pattern).ok()?;
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        let [rep, end] = parts.as_slice() else {
            return None;
        };
        if !matches!(end.kind(), HirKind::Look(Look::End)) {
            return None;
        }
        let HirKind::Repetition(rep) = rep.kind() else {
            return None;
        };
        let HirKind::Class(Class::Unicode(class)) = rep.sub.kind() else {
            return None;
        };
        let mut set = CharSet::default();
        for r in class.ranges() {
            set.insert_range(r.start() as u32, r.end() as u32);
        }
        Some(ClassRun {
            class: set,
            ascii_only: class.ranges().iter().all(|r| (r.end() as u32) < 0x80),
            min: rep.min,
            max: rep.max,
        })
    }

    /// Is all of `v` in the class, with a character count in range?
    pub fn matches(&self, v: &str) -> bool {
        // Text that is not one run of the class usually ends outside it (a
        // sentence's full stop): one character from the end rules it out.
        if v.chars()
            .next_back()
            .is_some_and(|c| !self.class.contains(c))
        {
            return false;
        }
        let mut n = 0u32;
        for c in v.chars() {
            n += 1;
            if self.max.is_some_and(|m| n > m) || !self.class.contains(c) {
                return false;
            }
        }
        n >= self.min
    }
}

/// A multi-pattern anchored DFA and the global ids of its patterns.
struct Group {
    dfa: FlatDfa,
    /// Global pattern id of each of the DFA's patterns.
    ids: Vec<usize>,
    /// The same ids as a bitset, to skip the walk when no candidate is here.
    members: Vec<u64>,
}

/// Every whole-value pattern: grouped dense DFAs, and meta regexes for the rest.
pub struct WholeSet {
    groups: Vec<Group>,
    /// Patterns in no group (indexed by global id; `None` when grouped).
    single: Vec<Option<WholeMatcher>>,
    /// The same as a bitset.
    single_bits: Vec<u64>,
}

/// A dense DFA builder for whole-value patterns: anchored, every pattern that
/// matches reported, at most `limit` bytes.
fn anchored_builder(limit: usize) -> dense::Builder {
    let mut b = dense::Builder::new();
    b.configure(
        dense::Config::new()
            .start_kind(StartKind::Anchored)
            .match_kind(MatchKind::All)
            .dfa_size_limit(Some(limit))
            .determinize_size_limit(Some(4 * limit)),
    );
    b
}

/// The patterns as one anchored DFA in a flat table, if it fits `limit`.
fn group_dfa(patterns: &[&str], limit: usize) -> Option<FlatDfa> {
    let dfa = anchored_builder(limit).build_many(patterns).ok()?;
    FlatDfa::new(&dfa)
}

impl WholeSet {
    /// `patterns` each end in `$`; ids are their indexes.
    pub fn new(patterns: &[String]) -> Result<Self, String> {
        let words = patterns.len().div_ceil(64).max(1);
        let mut single: Vec<Option<WholeMatcher>> = Vec::with_capacity(patterns.len());
        let mut groups: Vec<Group> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        let mut current_dfa: Option<FlatDfa> = None;
        let close = |ids: Vec<usize>, dfa: FlatDfa, groups: &mut Vec<Group>| {
            let mut members = vec![0u64; words];
            for &i in &ids {
                members[i / 64] |= 1 << (i % 64);
            }
            groups.push(Group { dfa, ids, members });
        };
        // Patterns small alone are grouped: all in one DFA when that fits (the
        // usual case, built once), else greedily in order.
        let mut alone_all = Vec::with_capacity(patterns.len());
        for p in patterns {
            // A run of a Unicode class needs no automaton at all (and a Han
            // class makes a costly one); ASCII runs join the grouped DFA.
            alone_all.push(match ClassRun::of(p).filter(|r| !r.ascii_only) {
                Some(run) => WholeMatcher::Run(Box::new(run)),
                None => WholeMatcher::new(p)?,
            });
        }
        let is_small = |m: &WholeMatcher| matches!(m, WholeMatcher::Dense(d) if d.memory_usage() <= GROUP_MEMBER_LIMIT);
        let small_ids: Vec<usize> = (0..patterns.len())
            .filter(|&i| is_small(&alone_all[i]))
            .collect();
        let texts: Vec<&str> = small_ids.iter().map(|&j| patterns[j].as_str()).collect();
        let one_group = group_dfa(&texts, GROUP_SIZE_LIMIT);
        let grouped_at_once = one_group.is_some();
        if let Some(dfa) = one_group {
            close(small_ids.clone(), dfa, &mut groups);
        }
        for (i, (p, alone)) in patterns.iter().zip(alone_all).enumerate() {
            if grouped_at_once && small_ids.contains(&i) {
                single.push(None);
                continue;
            }
            if !is_small(&alone) {
                // Big DFAs (long counted repetitions, Han classes) multiply in a
                // group; they stay alone and are walked only as candidates.
                let alone = match alone {
                    WholeMatcher::Dense(d) => match FlatDfa::new(&d) {
                        Some(flat) => WholeMatcher::Flat(Box::new(flat)),
                        None => WholeMatcher::Dense(d),
                    },
                    other => other,
                };
                single.push(Some(alone));
                continue;
            }
            single.push(None);
            let mut ids = current.clone();
            ids.push(i);
            let texts: Vec<&str> = ids.iter().map(|&j| patterns[j].as_str()).collect();
            match group_dfa(&texts, GROUP_SIZE_LIMIT) {
                Some(dfa) => {
                    current = ids;
                    current_dfa = Some(dfa);
                }
                None => {
                    // Close the group so far; this pattern starts the next one.
                    if let Some(dfa) = current_dfa.take() {
                        close(std::mem::take(&mut current), dfa, &mut groups);
                    }
                    current = vec![i];
                    current_dfa = group_dfa(&[p.as_str()], DFA_SIZE_LIMIT);
                    if current_dfa.is_none() {
                        single[i] = Some(alone);
                        current.clear();
                    }
                }
            }
        }
        if let Some(dfa) = current_dfa {
            close(current, dfa, &mut groups);
        }
        let mut single_bits = vec![0u64; words];
        for (i, m) in single.iter().enumerate() {
            if m.is_some() {
                single_bits[i / 64] |= 1 << (i % 64);
            }
        }
        Ok(Self {
            groups,
            single,
            single_bits,
        })
    }

    /// Of the `candidates` (a bitset over pattern ids), the patterns that match
    /// all of `v`, as a bitset in `out`. Meta-regex patterns are left to
    /// [`WholeSet::single`] (they are slower and asked only after cheaper gates).
    #[inline]
    pub fn grouped_matches(&self, v: &str, candidates: &[u64], out: &mut [u64]) {
        out.iter_mut().for_each(|w| *w = 0);
        for g in &self.groups {
            if !g.members.iter().zip(candidates).any(|(m, c)| m & c != 0) {
                continue;
            }
            for &k in g.dfa.accepts(v.as_bytes()) {
                let id = g.ids[k as usize];
                out[id / 64] |= 1 << (id % 64);
            }
        }
        for (o, c) in out.iter_mut().zip(candidates) {
            *o &= c;
        }
    }

    /// The patterns in no group, as a bitset.
    #[inline]
    pub fn single_bits(&self) -> &[u64] {
        &self.single_bits
    }

    /// The matcher of a pattern in no group.
    pub fn single(&self, id: usize) -> Option<&WholeMatcher> {
        self.single[id].as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_values_only() {
        let m = WholeMatcher::new(r"(?:1[3-9]\d{9})$").unwrap();
        assert!(matches!(m, WholeMatcher::Dense(_)));
        assert!(m.matches("13800138000"));
        assert!(!m.matches("138001380001"));
        assert!(!m.matches("x13800138000"));
        assert!(!m.matches("1380013800"));
        let han = WholeMatcher::new(r"(?:[\p{Han}]{2,4})$").unwrap();
        assert!(han.matches("张三"));
        assert!(!han.matches("张"));
        let alt = WholeMatcher::new(r"(?:a|ab)$").unwrap();
        assert!(alt.matches("ab") && alt.matches("a") && !alt.matches("abc"));
    }

    #[test]
    fn grouped_patterns_report_every_whole_match() {
        let pats: Vec<String> = [
            r"[0-9]{17}[0-9Xx]",
            r"[0-9]{16,19}",
            r"1[3-9][0-9]{9}",
            r"\p{Han}{2,4}",
        ]
        .iter()
        .map(|p| format!("(?:{p})$"))
        .collect();
        let set = WholeSet::new(&pats).unwrap();
        let all = [0b1111u64];
        let mut out = [0u64];
        set.grouped_matches("110105194912310021", &all, &mut out);
        assert_eq!(out[0], 0b0011);
        set.grouped_matches("13800138000", &all, &mut out);
        assert_eq!(out[0], 0b0100);
        // The Han class makes a big DFA: it stays alone, asked on its own.
        set.grouped_matches("张三", &all, &mut out);
        assert_eq!(out[0], 0);
        assert!(set.single(3).is_some_and(|m| m.matches("张三")));
        assert!(set.single(0).is_none());
        // Only candidates are reported.
        set.grouped_matches("110105194912310021", &[0b0010], &mut out);
        assert_eq!(out[0], 0b0010);
        set.grouped_matches("11010519491231002", &all, &mut out);
        assert_eq!(out[0], 0b0010);
    }

    #[test]
    fn class_runs_match_like_the_regex() {
        for (pattern, values) in [
            (
                r"(?:\p{Han}{2,4})$",
                &["张三", "欧阳娜娜", "张", "张三李四王", "张3", "𠀋三", ""][..],
            ),
            (
                r"(?:[\p{Han}0-9A-Za-z#\-－()（）·,，. ]{6,120})$",
                &[
                    "安徽省淮南市田家庵区",
                    "已受理。请回电",
                    "abc",
                    "路1号，2栋（东）",
                ][..],
            ),
        ] {
            let run = ClassRun::of(pattern).expect("a class run");
            let re = Regex::new(pattern).unwrap();
            for v in values {
                let expected = re.is_match(Input::new(*v).anchored(Anchored::Yes));
                assert_eq!(run.matches(v), expected, "{pattern} on {v:?}");
            }
        }
        assert!(ClassRun::of(r"(?:[0-9]{4}-[0-9]{2})$").is_none());
    }
}
