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

pub mod aggregate;
mod arrow;
mod charset;
mod definition;
pub mod divisions;
mod evidence;
mod keywords;
pub mod mask;
mod matcher;
pub mod prefilter;
mod runs;
mod set;
pub mod validate;
mod whole;

pub use arrow::tz_offset;
pub use definition::*;
pub use evidence::*;
pub use matcher::normalize_value;
pub use set::{DetectorSet, MAX_TEXT, Scratch, Watch};

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    use datafusion::arrow::array::ArrayRef;

    use validate::Validity;

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
    fn every_builtin_text_type_has_a_text_chance() {
        let set = DetectorSet::load(None).unwrap();
        for d in set.detectors.iter().filter(|d| d.def.embedded) {
            assert!(d.def.text_chance.is_some(), "{}", d.def.id);
            assert!(d.def.embedded_min_ratio.is_none(), "{}", d.def.id);
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
