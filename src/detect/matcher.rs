//! Matching one value: whole-value shapes and their validators, then
//! identifiers inside text.

use regex_automata::{Input, PatternSet};

use super::mask;
use super::prefilter::{self, Mask};
use super::validate::Validity;
use super::whole::WholeMatcher;
use super::{ColumnEvidence, DetectorSet, MAX_TEXT, Scratch, distinct_key, shown_key};

impl DetectorSet {
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
                Validity::Part => {
                    t.parts += weight;
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
            t.note_distinct(distinct_key(v));
            if validity == Validity::Weak {
                t.weak += weight;
            }
            if masked {
                t.masked += weight;
            } else {
                self.note_facts(d, v, weight, t, s.watch.as_deref());
            }
            let key = if masked {
                shown_key(v)
            } else {
                mask::masked_key(v)
            };
            if t.wants_example(key) {
                t.note_example(key, if masked { v.to_string() } else { mask::mask(v) });
            }
        }
        validated_any
    }

    /// What a validated plain value tells beyond its type: a resident ID's
    /// birth month, and whether the value is on the watch list.
    fn note_facts(
        &self,
        d: usize,
        v: &str,
        weight: u64,
        t: &mut super::TypeTally,
        watch: Option<&super::set::Watch>,
    ) {
        if Some(d) == self.resident_id
            && let Some(month) = birth_month(v)
        {
            t.latest_birth = t.latest_birth.max(month);
        }
        if watch.unwrap_or(&self.watch).contains(d, v) {
            t.watched += weight;
        }
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
        // A type the whole value validated as is counted there, not inside
        // (below); its hits inside matter only where another type's overlap
        // them (the higher-ranked wins), so they are looked for second, and
        // only when the first pass found something.
        for second in [false, true] {
            if second && s.found.is_empty() {
                break;
            }
            for &(d, windowed) in &candidates {
                let Some(finder) = &self.embedded_finder[d] else {
                    continue;
                };
                if s.outcomes.iter().any(|o| o.0 == d && o.1.validated()) != second {
                    continue;
                }
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
            let hit = &v[f.2.clone()];
            t.note_distinct(distinct_key(hit));
            if f.1 == Validity::Weak {
                t.weak += weight;
            }
            self.note_facts(f.0, hit, weight, t, s.watch.as_deref());
            let key = mask::masked_key(hit);
            if t.wants_example(key) {
                t.note_example(key, mask::mask(hit));
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
}

/// The birth month (`yyyymm`) of a validated resident ID: digits 7-12 of
/// 18, or 19 + digits 7-10 of the old 15-digit form.
fn birth_month(v: &str) -> Option<u32> {
    let digits = |s: &str| s.parse::<u32>().ok();
    match v.len() {
        18 => digits(v.get(6..12)?),
        15 => digits(v.get(6..10)?).map(|m| 190000 + m),
        _ => None,
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
