//! A set of characters with a constant-time test: a bitmap over the Basic
//! Multilingual Plane (8 KiB, where all of Chinese text lives) and a short
//! range list beyond it. Used for character classes that are walked once per
//! character (class runs, in-text alphabets) and for the surname tables.

pub struct CharSet {
    /// One bit per code point below U+10000.
    bmp: Vec<u64>,
    /// Ranges above the BMP.
    beyond: Vec<(u32, u32)>,
}

const BMP: u32 = 0x1_0000;

impl Default for CharSet {
    fn default() -> Self {
        Self {
            bmp: vec![0; BMP as usize / 64],
            beyond: Vec::new(),
        }
    }
}

impl CharSet {
    /// The characters of a string.
    pub fn of_chars(chars: &str) -> Self {
        let mut set = Self::default();
        for c in chars.chars() {
            set.insert_range(c as u32, c as u32);
        }
        set
    }

    pub fn insert_range(&mut self, lo: u32, hi: u32) {
        for c in lo..=hi.min(BMP - 1) {
            self.bmp[c as usize / 64] |= 1 << (c % 64);
        }
        if hi >= BMP {
            self.beyond.push((lo.max(BMP), hi));
        }
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let c = c as u32;
        if c < BMP {
            self.bmp[c as usize / 64] >> (c % 64) & 1 == 1
        } else {
            self.beyond.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmp_and_beyond() {
        let mut s = CharSet::of_chars("王李a");
        s.insert_range(0x20000, 0x2A6DF);
        assert!(s.contains('王') && s.contains('a') && s.contains('\u{2000B}'));
        assert!(!s.contains('张') && !s.contains('b') && !s.contains('\u{30000}'));
    }
}
