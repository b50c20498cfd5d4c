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

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::meta::Regex;
use regex_automata::util::start;
use regex_automata::{Anchored, Input, MatchKind};

/// Largest dense DFA kept for one pattern; larger ones use the meta regex.
const DFA_SIZE_LIMIT: usize = 2 << 20;

/// One whole-value pattern, compiled to answer "does it match all of `v`?".
pub enum WholeMatcher {
    Dense(Box<dense::DFA<Vec<u32>>>),
    Meta(Box<Regex>),
}

impl WholeMatcher {
    /// `pattern` must already end in `$` (it is matched anchored at the start).
    pub fn new(pattern: &str) -> Result<Self, String> {
        let dense = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Anchored)
                    .match_kind(MatchKind::All)
                    .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                    .determinize_size_limit(Some(4 * DFA_SIZE_LIMIT)),
            )
            .build(pattern);
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
            WholeMatcher::Meta(re) => re.is_match(Input::new(v).anchored(Anchored::Yes)),
        }
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
}
