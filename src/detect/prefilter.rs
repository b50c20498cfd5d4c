//! Byte-level prefilter in front of the regex sets.
//!
//! Most values in a lake match no detector: amounts, codes, hashes, English
//! notes, Chinese text without digits. One pass over a value's bytes gives its
//! length and the set of byte classes it contains (a [`Mask`]). Each pattern's
//! syntax tree says which classes it may contain ("allowed"), which it must
//! contain ("required") and its length range; both are folded into lookup
//! tables when the detectors are compiled. A value goes to the regex only if
//! some pattern accepts both its length and its mask, so the common no-hit
//! value costs one table-driven pass over its bytes and two lookups.
//!
//! The tables are derived from the patterns themselves, so detectors added
//! with `--detectors DIR` are prefiltered the same way; a pattern whose tree
//! cannot be analysed is treated as accepting everything.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Is every byte an ASCII letter or digit (one unbroken alphanumeric run)?
pub fn alphanumeric_only(mask: Mask) -> bool {
    mask & !(DIGIT | UPPER_HEX | UPPER | LOWER_HEX | LOWER | ALNUM) == 0
}

/// Does the value mix non-ASCII text (Chinese) with ASCII digits?
#[inline]
pub fn non_ascii_and_digits(mask: Mask) -> bool {
    mask & DIGIT != 0 && mask & (NON_ASCII | BYTE_CLASS[0xEF]) != 0
}

/// Does the value hold the byte 0xEF (full-width forms, BOM)?
#[inline]
pub fn has_lead_ef(mask: Mask) -> bool {
    mask & LEAD_EF != 0
}

/// A set of byte classes, one bit per class below.
pub type Mask = u16;

const DIGIT: Mask = 1 << 0;
const UPPER_HEX: Mask = 1 << 1;
const UPPER: Mask = 1 << 2;
const LOWER_HEX: Mask = 1 << 3;
const LOWER: Mask = 1 << 4;
const SPACE: Mask = 1 << 5;
const DASH: Mask = 1 << 6;
const DOT: Mask = 1 << 7;
const AT: Mask = 1 << 8;
const COLON: Mask = 1 << 9;
const PUNCT: Mask = 1 << 10;
/// Any byte of a multi-byte UTF-8 character.
const NON_ASCII: Mask = 1 << 11;
/// The lead byte 0xEF (U+F000..U+FFFF: full-width forms, BOM, specials).
const LEAD_EF: Mask = 1 << 12;
/// Any ASCII letter or digit, on top of its own class: a pattern made of
/// `[0-9A-Z]`-like classes requires "some letter or digit" even when it
/// requires no one class of them.
const ALNUM: Mask = 1 << 13;
/// Any ASCII letter: `[A-Za-z]`-like classes require it even when they
/// require no one case of them.
const LETTER: Mask = 1 << 14;
/// A mask character: `*`, `#`, or the lead byte 0xEF of the full-width `＊`.
/// Masked patterns (`[*＊]{4,}`) require one, so unmasked values skip them.
const MASKISH: Mask = 1 << 15;
const CLASSES: u32 = 16;

/// Everything: a pattern we could not analyse accepts any value.
const ALL: Mask = Mask::MAX;
const _: () = assert!(CLASSES == Mask::BITS);

/// The classes of one byte.
const fn class_of(b: u8) -> Mask {
    match b {
        b'0'..=b'9' => DIGIT | ALNUM,
        b'A'..=b'F' => UPPER_HEX | ALNUM | LETTER,
        b'G'..=b'Z' => UPPER | ALNUM | LETTER,
        b'a'..=b'f' => LOWER_HEX | ALNUM | LETTER,
        b'g'..=b'z' => LOWER | ALNUM | LETTER,
        b' ' | b'\t' => SPACE,
        b'-' => DASH,
        b'.' => DOT,
        b'@' => AT,
        b':' => COLON,
        b'*' | b'#' => PUNCT | MASKISH,
        0xEF => NON_ASCII | LEAD_EF | MASKISH,
        0x80..=0xFF => NON_ASCII,
        _ => PUNCT,
    }
}

static BYTE_CLASS: [Mask; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = class_of(i as u8);
        i += 1;
    }
    t
};

/// The classes present in `bytes`.
#[inline]
pub fn mask_of(bytes: &[u8]) -> Mask {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const LOW: u64 = 0x0F0F_0F0F_0F0F_0F0F;
    const ONES_HIGH_BIT: u64 = 0x8080_8080_8080_8080;
    let mut m = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // Eight ASCII digits (high nibble 3, low nibble at most 9), the bulk
        // of identifier columns, in a few operations without carries between bytes.
        if x & HIGH == 0x3030_3030_3030_3030 && ((x & LOW) + 0x0606_0606_0606_0606) & HIGH == 0 {
            m |= DIGIT | ALNUM;
        } else if x & ONES_HIGH_BIT == ONES_HIGH_BIT {
            // Eight bytes of multi-byte characters (Chinese text): only 0xEF,
            // the lead byte of full-width forms, adds a class of its own.
            let ef = x ^ 0xEFEF_EFEF_EFEF_EFEF;
            let has_ef = ef.wrapping_sub(0x0101_0101_0101_0101) & !ef & ONES_HIGH_BIT != 0;
            m |= if has_ef { BYTE_CLASS[0xEF] } else { NON_ASCII };
        } else {
            m = c.iter().fold(m, |m, &b| m | BYTE_CLASS[b as usize]);
        }
    }
    chunks
        .remainder()
        .iter()
        .fold(m, |m, &b| m | BYTE_CLASS[b as usize])
}

/// What a pattern can match, as classes and lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub min_len: usize,
    pub max_len: Option<usize>,
    /// Classes a match may contain.
    pub allowed: Mask,
    /// Classes every match contains.
    pub required: Mask,
}

impl Shape {
    /// A shape that accepts every value.
    pub const ANY: Shape = Shape {
        min_len: 0,
        max_len: None,
        allowed: ALL,
        required: 0,
    };

    /// A detector with keywords only accepts values holding one of them: the
    /// classes common to all its keywords are required too.
    pub fn with_keywords(mut self, keywords: &[String]) -> Shape {
        if let Some(common) = keywords
            .iter()
            .map(|k| mask_of(k.as_bytes()))
            .reduce(|a, b| a & b)
        {
            self.required |= common;
        }
        self
    }

    /// Does every match contain a multi-byte (non-ASCII) character?
    pub fn requires_non_ascii(&self) -> bool {
        self.required & NON_ASCII != 0
    }

    /// Could a match occur inside a value of `len` bytes with classes `mask`?
    pub fn admits(&self, len: usize, mask: Mask) -> bool {
        len >= self.min_len && self.required & !mask == 0
    }

    /// The shape of `pattern`, or [`Shape::ANY`] when it does not parse.
    pub fn of(pattern: &str) -> Shape {
        let Ok(hir) = regex_automata::util::syntax::parse(pattern) else {
            return Shape::ANY;
        };
        let (allowed, required) = classes(&hir);
        Shape {
            min_len: hir.properties().minimum_len().unwrap_or(0),
            max_len: hir.properties().maximum_len(),
            allowed,
            required,
        }
    }
}

/// Allowed and required classes of the characters `lo..=hi`.
fn range_classes(lo: u32, hi: u32) -> (Mask, Mask) {
    let mut allowed = 0;
    let mut required = ALL;
    if lo < 0x80 {
        let (a, b) = (lo as u8, hi.min(0x7f) as u8);
        let mut common = ALL;
        for byte in a..=b {
            allowed |= BYTE_CLASS[byte as usize];
            common &= BYTE_CLASS[byte as usize];
        }
        required &= common;
    }
    if hi >= 0x80 {
        allowed |= NON_ASCII;
        let (a, b) = (lo.max(0x80), hi);
        let ef = 0xF000..=0xFFFF;
        if ef.contains(&a) || ef.contains(&b) || (a < 0xF000 && b > 0xFFFF) {
            allowed |= LEAD_EF | MASKISH;
        }
        let all_ef = a >= 0xF000 && b <= 0xFFFF;
        required &= if all_ef {
            NON_ASCII | LEAD_EF | MASKISH
        } else {
            NON_ASCII
        };
    }
    (allowed, required)
}

fn class_classes(class: &Class) -> (Mask, Mask) {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .map(|r| (r.start() as u32, r.end() as u32))
            .collect(),
        // Byte classes: bytes ≥ 0x80 stand for themselves.
        Class::Bytes(c) => {
            let mut allowed = 0;
            let mut required = ALL;
            for r in c.ranges() {
                let mut common = ALL;
                for b in r.start()..=r.end() {
                    allowed |= BYTE_CLASS[b as usize];
                    common &= BYTE_CLASS[b as usize];
                }
                required &= common;
            }
            return (allowed, if c.ranges().is_empty() { 0 } else { required });
        }
    };
    if ranges.is_empty() {
        return (0, 0);
    }
    ranges.iter().fold((0, ALL), |(a, r), &(lo, hi)| {
        let (ra, rr) = range_classes(lo, hi);
        (a | ra, r & rr)
    })
}

/// (allowed, required) classes of the strings `hir` matches.
fn classes(hir: &Hir) -> (Mask, Mask) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (0, 0),
        HirKind::Literal(lit) => {
            let m = mask_of(&lit.0);
            (m, m)
        }
        HirKind::Class(c) => class_classes(c),
        HirKind::Repetition(rep) => {
            let (a, r) = classes(&rep.sub);
            (a, if rep.min >= 1 { r } else { 0 })
        }
        HirKind::Capture(cap) => classes(&cap.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .map(classes)
            .fold((0, 0), |(a, r), (sa, sr)| (a | sa, r | sr)),
        HirKind::Alternation(subs) => subs
            .iter()
            .map(classes)
            .fold((0, ALL), |(a, r), (sa, sr)| (a | sa, r & sr)),
    }
}

/// Lookup tables over a list of pattern shapes: which patterns accept a
/// length, which accept a mask. A value is a candidate when one pattern does both.
pub struct Prefilter {
    words: usize,
    /// Longest length in `by_len`. A pattern matching inside a value fits any
    /// value at least as long as the pattern's shortest match, so for such
    /// patterns (`!whole`) longer values are looked up at `max_len`.
    max_len: usize,
    whole: bool,
    /// `max_len + 1` rows of `words` bits.
    by_len: Vec<u64>,
    /// `1 << CLASSES` rows of `words` bits.
    by_mask: Vec<u64>,
}

impl Prefilter {
    /// `whole`: the pattern must match the entire value (length within range,
    /// no class outside `allowed`); otherwise it may match anywhere inside it.
    pub fn new(shapes: &[Shape], whole: bool, max_len: usize) -> Self {
        let words = shapes.len().div_ceil(64).max(1);
        let mut by_len = vec![0u64; (max_len + 1) * words];
        let mut by_mask = vec![0u64; (1usize << CLASSES) * words];
        for (p, s) in shapes.iter().enumerate() {
            let (w, bit) = (p / 64, 1u64 << (p % 64));
            for len in 0..=max_len {
                let fits = len >= s.min_len && (!whole || s.max_len.is_none_or(|m| len <= m));
                if fits {
                    by_len[len * words + w] |= bit;
                }
            }
            for mask in 0..(1usize << CLASSES) {
                let mask = mask as Mask;
                let has_required = s.required & !mask == 0;
                let only_allowed = !whole || mask & !s.allowed == 0;
                if has_required && only_allowed {
                    by_mask[mask as usize * words + w] |= bit;
                }
            }
        }
        Self {
            words,
            max_len,
            whole,
            by_len,
            by_mask,
        }
    }

    /// Words of the candidate bitsets ([`Prefilter::candidate_bits`]).
    pub fn words(&self) -> usize {
        self.words
    }

    /// The patterns (indexes into the shapes given to [`Prefilter::new`])
    /// that could match a value of `len` bytes with classes `mask`, as a bitset
    /// (`out` has [`Prefilter::words`] words); false when there are none.
    #[inline]
    pub fn candidate_bits(&self, len: usize, mask: Mask, out: &mut [u64]) -> bool {
        let w = self.words;
        let len = self.row(len);
        let Some(l) = self.by_len.get(len * w..len * w + w) else {
            return false;
        };
        let m = &self.by_mask[mask as usize * w..mask as usize * w + w];
        let mut any = 0;
        for ((o, a), b) in out.iter_mut().zip(l).zip(m) {
            *o = a & b;
            any |= *o;
        }
        any != 0
    }

    /// The `by_len` row for a value of `len` bytes (past the table: none for
    /// whole-value patterns, the last row for patterns inside text).
    #[inline]
    fn row(&self, len: usize) -> usize {
        if self.whole {
            len
        } else {
            len.min(self.max_len)
        }
    }

    /// Could any pattern match a value of `len` bytes with classes `mask`?
    #[inline]
    pub fn any(&self, len: usize, mask: Mask) -> bool {
        let w = self.words;
        let len = self.row(len);
        let Some(l) = self.by_len.get(len * w..len * w + w) else {
            return false;
        };
        let m = &self.by_mask[mask as usize * w..mask as usize * w + w];
        l.iter().zip(m).any(|(a, b)| a & b != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(pattern: &str, value: &str) -> bool {
        Prefilter::new(&[Shape::of(pattern)], true, 256).any(value.len(), mask_of(value.as_bytes()))
    }

    fn inside(pattern: &str, value: &str) -> bool {
        Prefilter::new(&[Shape::of(pattern)], false, 256)
            .any(value.len(), mask_of(value.as_bytes()))
    }

    #[test]
    fn shapes_follow_the_pattern() {
        let s = Shape::of("[0-9]{17}[0-9Xx]");
        assert_eq!((s.min_len, s.max_len), (18, Some(18)));
        assert_eq!(s.required, DIGIT | ALNUM);
        assert_eq!(s.allowed, DIGIT | UPPER | LOWER | ALNUM | LETTER);
        let vin = Shape::of("[A-HJ-NPR-Z0-9]{17}");
        assert_eq!(vin.required, ALNUM);
        let e = Shape::of(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,24}");
        assert_eq!(e.required & (AT | DOT), AT | DOT);
        let h = Shape::of(r"\p{Han}{2,4}");
        // \p{Han} includes the compatibility ideographs U+F900.. (lead byte 0xEF).
        assert_eq!(
            (h.allowed, h.required),
            (NON_ASCII | LEAD_EF | MASKISH, NON_ASCII)
        );
        // Letters are required as letters, mask characters as such.
        assert_eq!(
            Shape::of("[DPSdps][0-9]{7}").required,
            DIGIT | ALNUM | LETTER
        );
        assert_eq!(Shape::of("[0-9]{3}[*＊#]{4}").required & MASKISH, MASKISH);
        assert_eq!(Shape::of("(unclosed"), Shape::ANY);
    }

    #[test]
    fn whole_values_need_length_and_classes() {
        let id = "[0-9]{17}[0-9Xx]|[0-9]{15}";
        assert!(whole(id, "11010519491231002X"));
        assert!(whole(id, "110105491231002"));
        // Lengths are the pattern's range (15..=18), not each branch's.
        assert!(!whole(id, "11010549123100")); // 14
        assert!(!whole(id, "1101051949123100211")); // 19
        assert!(!whole(id, "11010519491231-02X")); // a dash is not allowed
        assert!(!whole(r"\p{Han}{2,4}", "張三 ")); // the space is not allowed
        assert!(whole(r"\p{Han}{2,4}", "欧阳娜娜"));
        assert!(!whole("[0-9a-f]{32}", "3f2a")); // too short
    }

    #[test]
    fn text_needs_the_required_classes_only() {
        let mobile = "1[3-9][0-9]{9}";
        assert!(inside(mobile, "请拨打13812345678联系"));
        assert!(!inside(mobile, "已于上午送达，签收人本人"));
        assert!(!inside("[a-z]+@[a-z]+", "no at sign in here"));
        assert!(!inside(
            "[A-HJ-NPR-Z0-9]{17}",
            "业务办结归档，群众满意度：满意。"
        ));
    }

    #[test]
    fn keywords_add_their_classes() {
        let address = Shape::of("[0-9A-Za-z#-]{6,120}").with_keywords(&["市".into(), "区".into()]);
        assert!(address.requires_non_ascii());
        let any = Shape::of("[0-9]{6}").with_keywords(&["市".into(), "No.".into()]);
        assert!(!any.requires_non_ascii());
    }

    #[test]
    fn digit_chunks_match_the_byte_table() {
        for v in [
            "1234567890123456",
            "12345678/0123456",
            "１２３45678",
            "0000000:",
            "99999999X",
            "已短信通知申请人。跨区通办业务",
            "投诉人称，窗口办理",
            "abcdefgh张三李四王五",
        ] {
            let slow = v.bytes().fold(0, |m, b| m | BYTE_CLASS[b as usize]);
            assert_eq!(mask_of(v.as_bytes()), slow, "{v}");
        }
    }

    #[test]
    fn full_width_forms_are_flagged() {
        assert!(mask_of("（１）".as_bytes()) & LEAD_EF != 0);
        assert!(mask_of("张三".as_bytes()) & LEAD_EF == 0);
        let paren = Shape::of("（[0-9]）");
        assert!(paren.allowed & LEAD_EF != 0 && paren.required & LEAD_EF != 0);
    }
}
