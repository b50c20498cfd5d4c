//! Where in a free text an identifier can be: runs of the characters the
//! in-text patterns are made of.
//!
//! A match of a pattern only holds characters the pattern can match, so it
//! lies inside one maximal run of such characters. [`Alphabet`] is the union of
//! those characters over the in-text patterns (plus every ASCII letter and
//! digit, so that a run's neighbours are never alphanumeric and the patterns'
//! "no letter or digit on either side" delimiters hold at a run's edges just as
//! in the whole text). Runs shorter than the shortest match are dropped. A
//! complaint text without digits has no run left and costs one pass over its
//! bytes instead of an unanchored multi-pattern search; one with a phone number
//! is searched only over the number and its punctuation.

use std::ops::Range;

use regex_syntax::hir::{Class, Hir, HirKind};

use super::charset::CharSet;

pub struct Alphabet {
    chars: CharSet,
    /// Shortest match (bytes) of any pattern.
    min_len: usize,
}

impl Alphabet {
    /// The alphabet of `patterns`, or `None` when one cannot be analysed
    /// (then the whole text is searched).
    pub fn of(patterns: &[String]) -> Option<Self> {
        let mut a = Alphabet {
            chars: CharSet::of_chars(
                "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            ),
            min_len: usize::MAX,
        };
        for p in patterns {
            let hir = regex_automata::util::syntax::parse(p).ok()?;
            // Anchors and word boundaries could answer differently at a run's
            // edge than inside the whole text.
            if !hir.properties().look_set().is_empty() {
                return None;
            }
            a.min_len = a.min_len.min(hir.properties().minimum_len()?);
            a.add(&hir)?;
        }
        Some(a)
    }

    fn add(&mut self, hir: &Hir) -> Option<()> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => {
                for c in std::str::from_utf8(&lit.0).ok()?.chars() {
                    self.chars.insert_range(c as u32, c as u32);
                }
            }
            HirKind::Class(Class::Unicode(c)) => {
                for r in c.ranges() {
                    self.chars.insert_range(r.start() as u32, r.end() as u32);
                }
            }
            HirKind::Class(Class::Bytes(c)) => {
                for r in c.ranges() {
                    if r.end() >= 0x80 {
                        return None;
                    }
                    self.chars.insert_range(r.start() as u32, r.end() as u32);
                }
            }
            HirKind::Repetition(rep) => self.add(&rep.sub)?,
            HirKind::Capture(cap) => self.add(&cap.sub)?,
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                for s in subs {
                    self.add(s)?;
                }
            }
        }
        Some(())
    }

    /// The maximal runs of alphabet characters in `v` at least as long as the
    /// shortest match, in order.
    pub fn windows(&self, v: &str, out: &mut Vec<Range<usize>>) {
        out.clear();
        let mut start: Option<usize> = None;
        for (i, c) in v.char_indices() {
            let inside = self.chars.contains(c);
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    if i - s >= self.min_len {
                        out.push(s..i);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        let b = v.as_bytes();
        if let Some(s) = start
            && b.len() - s >= self.min_len
        {
            out.push(s..b.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(patterns: &[&str], v: &str) -> Vec<String> {
        let a = Alphabet::of(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap();
        let mut out = Vec::new();
        a.windows(v, &mut out);
        out.into_iter().map(|r| v[r].to_string()).collect()
    }

    #[test]
    fn runs_of_pattern_characters_long_enough_to_match() {
        let mobile = r"1[3-9][0-9]{9}";
        assert_eq!(runs(&[mobile], "请拨打13812345678联系"), ["13812345678"]);
        assert!(runs(&[mobile], "已于上午送达，签收人本人").is_empty());
        // Letters and digits always belong, so a run is never cut inside a word.
        assert_eq!(runs(&[mobile], "编号AB13812345678X。"), ["AB13812345678X"]);
        assert!(runs(&[mobile], "房间1203").is_empty());
        // Characters of the patterns join runs: full-width brackets, 转.
        let landline = r"（0[0-9]{2,3}）[0-9]{7,8}(?:转[0-9]{1,4})?";
        assert_eq!(
            runs(&[landline], "电话（0551）1234567转89，谢谢"),
            ["（0551）1234567转89"]
        );
        let email = r"[a-z0-9.]+@[a-z]+\.[a-z]{2,}";
        assert_eq!(runs(&[email], "邮箱a.b@qq.com。"), ["a.b@qq.com"]);
    }
}
