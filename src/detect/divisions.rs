//! China's administrative divisions by name, province to township: what the
//! address recognizer reads a value's leading places with.
//!
//! The names are the National Bureau of Statistics' 2023 statistical division
//! tables (`detectors/divisions/*.txt`, written by `scripts/gen_divisions.py`)
//! and the divisions renamed or merged since addresses were written with them
//! (`renamed.txt`). Provinces, prefectures and counties are also known by
//! their short names (浙江, 杭州, 西湖, 延边 for 延边朝鲜族自治州); townships only
//! in full (洞山街道, 桑根达来苏木): their short names are everyday words.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

/// How a name matched: in full (洞山街道) or short (杭州).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Full,
    Short,
}

/// The places a value starts with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Chain {
    /// Byte offset where the run of division names ends.
    pub end: usize,
    /// Names in full (西湖区, 洞山街道).
    pub full: usize,
    /// Short names (杭州, 西湖).
    pub short: usize,
}

impl Chain {
    /// Does the chain name a real place by itself? One full name does; short
    /// names do two at a time (广州天河), since one alone is often a word
    /// (解放, 和平, 光明 are districts too).
    pub fn names_a_place(&self) -> bool {
        self.full > 0 || self.short >= 2
    }

    /// Is the chain all of `s` (浙江省, 杭州市西湖区): the 省 / 市 / 区 column
    /// of a split address?
    pub fn covers(&self, s: &str) -> bool {
        self.end == s.len() && self.full + self.short > 0
    }
}

const PROVINCES: &str = include_str!("../../detectors/divisions/provinces.txt");
const PREFECTURES: &str = include_str!("../../detectors/divisions/prefectures.txt");
const COUNTIES: &str = include_str!("../../detectors/divisions/counties.txt");
const TOWNSHIPS: &str = include_str!("../../detectors/divisions/townships.txt");
const RENAMED: &str = include_str!("../../detectors/divisions/renamed.txt");

/// The 55 minority peoples, as autonomous divisions' names carry them.
const PEOPLES: &[&str] = &[
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// Suffixes a short name drops, longest first.
const SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "新区",
    "林区",
    "特区",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
];

/// A name's short form: the suffix dropped, and for an autonomous division
/// the peoples too (广西壮族自治区 → 广西, 双江拉祜族佤族布朗族傣族自治县 →
/// 双江, 隆林各族自治县 → 隆林), if at least two characters remain.
fn short_name(full: &str) -> Option<&str> {
    let (mut s, suffix) = SUFFIXES
        .iter()
        .find_map(|x| full.strip_suffix(x).map(|s| (s, *x)))?;
    if suffix.starts_with("自治") {
        s = s.strip_suffix("各族").unwrap_or(s);
        loop {
            let s0 = s.strip_suffix("族").unwrap_or(s);
            let stripped = PEOPLES
                .iter()
                .filter_map(|p| s0.strip_suffix(p))
                .filter(|r| r.chars().count() >= 2)
                .min_by_key(|r| r.len());
            match stripped {
                Some(r) => s = r,
                // The people is the whole name (东乡族自治县): keep it, without 族.
                None => {
                    s = s0;
                    break;
                }
            }
        }
    }
    (s.chars().count() >= 2).then_some(s)
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap_or(l).trim())
}

struct Divisions {
    automaton: AhoCorasick,
    forms: Vec<Form>,
}

fn divisions() -> &'static Divisions {
    static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
    DIVISIONS.get_or_init(|| {
        let mut names: Vec<(&str, Form)> = Vec::new();
        for text in [PROVINCES, PREFECTURES, COUNTIES, RENAMED] {
            for full in lines(text) {
                names.push((full, Form::Full));
                if let Some(short) = short_name(full) {
                    names.push((short, Form::Short));
                }
            }
        }
        names.extend(lines(TOWNSHIPS).map(|t| (t, Form::Full)));
        // A name both full and short somewhere (吉林 is not, 吉林市 is)
        // counts as full; duplicates go.
        names.sort_by(|a, b| {
            a.0.cmp(b.0)
                .then((a.1 == Form::Short).cmp(&(b.1 == Form::Short)))
        });
        names.dedup_by(|a, b| a.0 == b.0);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(names.iter().map(|n| n.0))
            .expect("division names compile");
        Divisions {
            automaton,
            forms: names.into_iter().map(|n| n.1).collect(),
        }
    })
}

/// What the tables hold, for the detector set's fingerprint: evidence
/// gathered with other tables is not reused.
pub fn fingerprint() -> &'static str {
    static PRINT: OnceLock<String> = OnceLock::new();
    PRINT.get_or_init(|| {
        crate::hash::fnv64(&[PROVINCES, PREFECTURES, COUNTIES, TOWNSHIPS, RENAMED].concat())
    })
}

/// The run of division names `s` starts with (after 中国 or
/// 中华人民共和国, which addresses sometimes lead with): 浙江省杭州市西湖区
/// in 浙江省杭州市西湖区文三路100号, 广州天河 in 广州天河体育西路100号.
pub fn leading_chain(s: &str) -> Chain {
    let d = divisions();
    let start = ["中华人民共和国", "中国"]
        .iter()
        .find_map(|p| s.strip_prefix(p).map(|_| p.len()))
        .unwrap_or(0);
    let mut chain = Chain {
        end: start,
        ..Chain::default()
    };
    while let Some(m) = d
        .automaton
        .find(Input::new(s).range(chain.end..).anchored(Anchored::Yes))
    {
        if m.is_empty() {
            break;
        }
        match d.forms[m.pattern().as_usize()] {
            Form::Full => chain.full += 1,
            Form::Short => chain.short += 1,
        }
        chain.end = m.end();
    }
    if chain.full + chain.short == 0 {
        chain.end = 0;
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_divisions(s: &str) -> bool {
        leading_chain(s).covers(s)
    }

    #[test]
    fn short_names_drop_suffix_and_peoples() {
        assert_eq!(short_name("广西壮族自治区"), Some("广西"));
        assert_eq!(short_name("新疆维吾尔自治区"), Some("新疆"));
        assert_eq!(short_name("内蒙古自治区"), Some("内蒙古"));
        assert_eq!(short_name("延边朝鲜族自治州"), Some("延边"));
        assert_eq!(short_name("双江拉祜族佤族布朗族傣族自治县"), Some("双江"));
        assert_eq!(short_name("杭州市"), Some("杭州"));
        assert_eq!(short_name("矿区"), None);
        assert_eq!(short_name("滨海新区"), Some("滨海"));
        assert_eq!(short_name("东乡族自治县"), Some("东乡"));
        assert_eq!(short_name("隆林各族自治县"), Some("隆林"));
        assert_eq!(short_name("鄂温克族自治旗"), Some("鄂温克"));
        // Not autonomous: a people's name inside is part of the place's.
        assert_eq!(short_name("六盘水市"), Some("六盘水"));
        assert_eq!(short_name("正镶白旗"), Some("正镶白"));
    }

    #[test]
    fn chains_of_places() {
        let c = leading_chain("浙江省杭州市西湖区文三路100号");
        assert_eq!((c.full, c.short), (3, 0));
        assert_eq!(&"浙江省杭州市西湖区文三路100号"[c.end..], "文三路100号");
        let c = leading_chain("广州天河体育西路100号");
        assert_eq!((c.full, c.short), (0, 2));
        assert!(c.names_a_place());
        assert!(!leading_chain("解放路18号").names_a_place());
        let c = leading_chain("锡林郭勒盟锡林浩特市朝克乌拉苏木敖力克嘎查");
        assert_eq!(c.full, 3);
        assert!(leading_chain("襄樊市樊城区人民路8号").full >= 2);
        assert_eq!(leading_chain("中国北京市海淀区中关村大街27号").full, 2);
        assert!(only_divisions("浙江省"));
        assert!(only_divisions("杭州市西湖区"));
        assert!(only_divisions("朝克乌拉苏木"));
        assert!(!only_divisions("北京市朝阳区建国路88号"));
        assert!(!only_divisions("技术开发"));
    }
}
