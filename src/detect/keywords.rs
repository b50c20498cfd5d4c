//! Which detectors' keywords occur in a value, for all detectors in one pass.
//!
//! Keywords gate detectors whose patterns are long Chinese alternations
//! (addresses need 省/市/区…, company names 公司/集团…). Asking one
//! Aho-Corasick automaton per detector costs a pass over the value per
//! detector; on Chinese free text those passes were a third of all detection
//! time. Here every keyword is indexed by its first character: one pass over
//! the value's characters tests each against a bitmap of first characters
//! ([`CharSet`]) and checks the few keywords starting there, answering every
//! detector at once.
//!
//! That pass decodes every character. When the keywords are few (up to a few
//! dozen, as the built-in detectors have), a SIMD literal searcher (Teddy, from
//! `aho-corasick`'s `packed` module) finds the positions where some keyword
//! starts instead, 16 or 32 bytes at a time, and only those positions are
//! checked against the index. Both ways answer the same.

use aho_corasick::Span;
use aho_corasick::packed::{Config, MatchKind, Searcher};

use super::charset::CharSet;

pub struct KeywordIndex {
    /// First characters of the keywords: an 8 KiB bitmap, so the test made
    /// for every character of a text stays in the L1 cache.
    first: CharSet,
    /// Keywords by first character (sorted): (first, keyword, detector).
    entries: Vec<(char, Box<str>, usize)>,
    /// Per detector: does it have keywords at all? (An empty keyword is in
    /// every value: such a detector is not gated either.)
    gated: Vec<bool>,
    /// Every keyword, for finding where one starts; `None` when there are
    /// too many for the packed searcher (or no SIMD): then characters are
    /// tested one by one.
    starts: Option<Searcher>,
}

impl KeywordIndex {
    /// `keywords[d]` are detector `d`'s keywords (empty: not gated).
    pub fn new(keywords: &[Vec<String>]) -> Self {
        let mut first = CharSet::default();
        let mut entries: Vec<(char, Box<str>, usize)> = Vec::new();
        for (d, list) in keywords.iter().enumerate() {
            for k in list {
                if let Some(c) = k.chars().next() {
                    first.insert_range(c as u32, c as u32);
                    entries.push((c, k.as_str().into(), d));
                }
            }
        }
        entries.sort_by_key(|e| e.0);
        let starts = (!entries.is_empty())
            .then(|| {
                Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .builder()
                    .extend(entries.iter().map(|e| e.1.as_bytes()))
                    .build()
            })
            .flatten();
        Self {
            starts,
            first,
            entries,
            gated: keywords
                .iter()
                .map(|k| !k.is_empty() && k.iter().all(|w| !w.is_empty()))
                .collect(),
        }
    }

    /// Does detector `d` have keywords?
    #[inline]
    pub fn gated(&self, d: usize) -> bool {
        self.gated[d]
    }

    /// Set `present[d]` for every detector with a keyword in `v` (`present`
    /// comes in all false, one entry per detector).
    pub fn scan(&self, v: &str, present: &mut [bool]) {
        let b = v.as_bytes();
        match &self.starts {
            // Shorter than the searcher's window (names, codes), it would fall
            // back to Rabin-Karp, slower than the bitmap on a few characters.
            Some(starts) if b.len() >= starts.minimum_len() => {
                let mut at = 0;
                // A keyword starts at each match: a character boundary.
                while let Some(m) = starts.find_in(b, Span::from(at..b.len())) {
                    let c = v[m.start()..].chars().next().expect("match in v");
                    self.check(c, &b[m.start()..], present);
                    at = m.start() + c.len_utf8();
                }
            }
            _ => {
                for (i, c) in v.char_indices() {
                    if self.first.contains(c) {
                        self.check(c, &b[i..], present);
                    }
                }
            }
        }
    }

    /// Mark the detectors of the keywords that start with `c` and begin `rest`.
    #[inline]
    fn check(&self, c: char, rest: &[u8], present: &mut [bool]) {
        let from = self.entries.partition_point(|e| e.0 < c);
        for (_, k, d) in self.entries[from..].iter().take_while(|e| e.0 == c) {
            if !present[*d] && rest.starts_with(k.as_bytes()) {
                present[*d] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_answered_in_one_pass() {
        let kw = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let index = KeywordIndex::new(&[
            kw(&["省", "市", "区"]),
            kw(&[]),
            kw(&["公司", "集团", "工作室"]),
            kw(&["No.", "𠀋村"]),
        ]);
        let scan = |v: &str| {
            let mut p = vec![false; 4];
            index.scan(v, &mut p);
            p
        };
        assert_eq!(scan("安徽省淮南市"), [true, false, false, false]);
        assert_eq!(scan("某某工作室，联系No.5"), [false, false, true, true]);
        assert_eq!(scan("工作"), [false, false, false, false]);
        assert_eq!(scan("住𠀋村"), [false, false, false, true]);
        assert_eq!(scan(""), [false; 4]);
        assert!(index.gated(0) && !index.gated(1));
        // The character-by-character pass answers the same.
        let slow = KeywordIndex {
            starts: None,
            ..index
        };
        let mut p = vec![false; 4];
        slow.scan("某某工作室，联系No.5，安徽省", &mut p);
        assert_eq!(p, [true, false, true, true]);
    }
}
