//! Exact validators: pure functions over a normalized value. Each returns
//! whether the value is a real identifier of its type (checksums, real dates,
//! real region codes, allocated number blocks), not just its shape.

use chrono::{Datelike, Utc};

use super::charset::CharSet;

/// How much a validated value tells about its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Not an identifier of this type.
    Invalid,
    /// A weaker form (e.g. the 15-digit pre-1999 resident ID without check char).
    Weak,
    /// Passed every check the type has.
    Strong,
    /// Passed every check but the check digit: a value of the type's shape
    /// whose checksum a random value passes by chance (1 in 11 for GB 11643).
    /// Not an identifier; counted so acceptance can compare the column's pass
    /// rate with chance (`check_chance` in the detector file).
    CheckFailed,
    /// A part of the type that is not one alone: a division name (浙江省,
    /// 西湖区) in the 省 / 市 / 区 column of a split address. Counted
    /// (`TypeTally::parts`) so that grading can type the columns of a split
    /// address together.
    Part,
}

impl Validity {
    /// Is the value of the type (in its full or its weaker form)?
    pub fn validated(self) -> bool {
        matches!(self, Validity::Strong | Validity::Weak)
    }
}

/// Province-level codes of GB/T 2260 (first two digits of a resident ID region).
const PROVINCES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// Two-digit number → is it a province code (a table built from [`PROVINCES`]).
static PROVINCE: [bool; 100] = {
    let mut t = [false; 100];
    let mut i = 0;
    while i < PROVINCES.len() {
        t[PROVINCES[i] as usize] = true;
        i += 1;
    }
    t
};

pub fn is_province(code: &str) -> bool {
    match code.as_bytes() {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => PROVINCE[((a - b'0') * 10 + (b - b'0')) as usize],
        _ => false,
    }
}

fn digits(s: &str) -> impl Iterator<Item = u32> + '_ {
    s.bytes().map(|b| (b - b'0') as u32)
}

fn plausible_birth_date(year: i32, month: u32, day: u32) -> bool {
    // Read the clock once per process, not once per value.
    static TODAY: std::sync::OnceLock<(i32, u32, u32)> = std::sync::OnceLock::new();
    let today = *TODAY.get_or_init(|| {
        let d = Utc::now().date_naive();
        (d.year(), d.month(), d.day())
    });
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=today.0).contains(&year) && (1..=days).contains(&day) && (year, month, day) <= today
}

fn num(s: &str) -> u32 {
    num_bytes(s.as_bytes())
}

/// GB 11643-1999 resident identity number: 18 characters with check, or the
/// 15-digit legacy form (weaker evidence, no check character).
pub fn cn_resident_id(s: &str) -> Validity {
    let b = s.as_bytes();
    match b.len() {
        18 => {
            if !b[..17].iter().all(u8::is_ascii_digit) || !is_province(&s[..2]) {
                return Validity::Invalid;
            }
            let check = b[17].to_ascii_uppercase();
            if !(check.is_ascii_digit() || check == b'X') {
                return Validity::Invalid;
            }
            if !plausible_birth_date(num(&s[6..10]) as i32, num(&s[10..12]), num(&s[12..14])) {
                return Validity::Invalid;
            }
            const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = digits(&s[..17]).zip(W).map(|(d, w)| d * w).sum();
            if b"10X98765432"[(sum % 11) as usize] == check {
                Validity::Strong
            } else {
                Validity::CheckFailed
            }
        }
        15 => {
            if b.iter().all(u8::is_ascii_digit)
                && is_province(&s[..2])
                && plausible_birth_date(
                    1900 + num(&s[6..8]) as i32,
                    num(&s[8..10]),
                    num(&s[10..12]),
                )
            {
                Validity::Weak
            } else {
                Validity::Invalid
            }
        }
        _ => Validity::Invalid,
    }
}

/// GB 11714-1997 organization code value: 8 body characters + check, in the
/// bare (`M000100Y4`) or dashed (`M000100Y-4`) form.
pub fn cn_org_code(s: &str) -> Validity {
    let compact: String;
    let s = if s.len() == 10 && s.as_bytes()[8] == b'-' {
        compact = format!("{}{}", &s[..8], &s[9..]);
        compact.as_str()
    } else {
        s
    };
    if org_code_ok(s) {
        Validity::Strong
    } else if s.len() == 9 && org_code_shape(s.as_bytes()) {
        Validity::CheckFailed
    } else {
        Validity::Invalid
    }
}

/// Nine characters of the code's alphabet, a body that is not one repeated
/// character: everything but the check character.
fn org_code_shape(b: &[u8]) -> bool {
    b[..8]
        .iter()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && !b[..8].iter().all(|&c| c == b[0])
        && (b[8].is_ascii_digit() || b[8] == b'X')
}

fn org_code_ok(s: &str) -> bool {
    org_code_bytes_ok(s.as_bytes())
}

fn org_code_bytes_ok(b: &[u8]) -> bool {
    if b.len() != 9
        || !b[..8]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        return false;
    }
    // All-identical bodies (00000000) are placeholders, not codes.
    if b[..8].iter().all(|&c| c == b[0]) {
        return false;
    }
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let val = |c: u8| -> u32 {
        if c.is_ascii_digit() {
            (c - b'0') as u32
        } else {
            (c - b'A') as u32 + 10
        }
    };
    let sum: u32 = b[..8].iter().zip(W).map(|(&c, w)| val(c) * w).sum();
    let check = match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    };
    b[8].to_ascii_uppercase() == check
}

const USCC_CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Byte → its index in [`USCC_CHARSET`], `u8::MAX` when not in it.
static USCC_INDEX: [u8; 256] = {
    let mut t = [u8::MAX; 256];
    let mut i = 0;
    while i < USCC_CHARSET.len() {
        t[USCC_CHARSET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Registration authority (position 1) → allowed entity types (position 2), GB 32100-2015 annex.
fn uscc_authority_ok(authority: u8, kind: u8) -> bool {
    let kinds: &[u8] = match authority {
        b'1' => b"1239",
        b'2' => b"19",
        b'3' => b"123459",
        b'4' => b"19",
        b'5' => b"1239",
        b'6' => b"12",
        b'7' => b"12",
        b'8' => b"19",
        b'9' => b"123",
        b'A' => b"19",
        b'N' => b"12349",
        b'Y' => b"1",
        _ => return false,
    };
    kinds.contains(&kind)
}

/// GB 32100-2015 unified social credit code: charset, authority/type table,
/// region, embedded GB 11714 organization code, and the mod-31 check.
pub fn cn_uscc(s: &str) -> Validity {
    let b = s.as_bytes();
    if b.len() != 18 || !uscc_authority_ok(b[0].to_ascii_uppercase(), b[1]) {
        return Validity::Invalid;
    }
    let mut idx = [0u32; 18];
    let mut upper = [0u8; 18];
    for (i, &c) in b.iter().enumerate() {
        upper[i] = c.to_ascii_uppercase();
        match USCC_INDEX[upper[i] as usize] {
            u8::MAX => return Validity::Invalid,
            p => idx[i] = p as u32,
        }
    }
    let region = &s[2..4];
    if !b[2..8].iter().all(u8::is_ascii_digit) || !(is_province(region) || region == "10") {
        return Validity::Invalid;
    }
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let sum: u32 = idx[..17].iter().zip(W).map(|(c, w)| c * w).sum();
    let check = (31 - sum % 31) % 31;
    if check != idx[17] || !org_code_bytes_ok(&upper[8..17]) {
        // Both check characters (USCC, and the organization code inside it)
        // together pass by chance 1 in 31 x 11.
        return Validity::CheckFailed;
    }
    Validity::Strong
}

/// Luhn checksum over ASCII digits.
pub fn luhn(s: &str) -> bool {
    luhn_bytes(s.as_bytes())
}

fn luhn_bytes(b: &[u8]) -> bool {
    // Doubled digit with 9 subtracted when over 9.
    const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    let mut sum = 0;
    for (i, &c) in b.iter().rev().enumerate() {
        let d = (c - b'0') as usize;
        sum += if i % 2 == 1 { DOUBLED[d] } else { d as u32 };
    }
    sum % 10 == 0
}

/// Payment card (ISO/IEC 7812): 16-19 digits, Luhn, known issuer prefix.
pub fn bank_card(s: &str) -> Validity {
    // Digits without the ' '/'-' group separators, on the stack.
    let mut buf = [0u8; 19];
    let d: &[u8] = if s.bytes().all(|b| b.is_ascii_digit()) {
        s.as_bytes()
    } else {
        let mut n = 0;
        for b in s.bytes().filter(|b| !matches!(b, b' ' | b'-')) {
            if !b.is_ascii_digit() || n == buf.len() {
                return Validity::Invalid;
            }
            buf[n] = b;
            n += 1;
        }
        &buf[..n]
    };
    let n = d.len();
    if !(16..=19).contains(&n) {
        return Validity::Invalid;
    }
    let p2 = num_bytes(&d[..2]);
    let p4 = num_bytes(&d[..4]);
    let issuer = p2 == 62
        || (d[0] == b'4' && (n == 16 || n == 19))
        || ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && n == 16
        || p2 == 35 && n >= 16
        || (p2 == 34 || p2 == 37) && n == 15;
    if !issuer {
        Validity::Invalid
    } else if luhn_bytes(d) {
        Validity::Strong
    } else {
        Validity::CheckFailed
    }
}

fn num_bytes(b: &[u8]) -> u32 {
    b.iter().fold(0, |a, &c| a * 10 + (c - b'0') as u32)
}

type PhoneKind =
    fn(&phonenumber::metadata::Descriptors) -> Option<&phonenumber::metadata::Descriptor>;

/// Does `national` match libphonenumber's CN pattern (and lengths) for this number type?
fn cn_number_is(kind: PhoneKind, national: &str) -> bool {
    phonenumber::metadata::DATABASE
        .by_id("CN")
        .and_then(|m| kind(m.descriptors()))
        .is_some_and(|d| d.is_match(national))
}

/// Digits of a phone value without separators and the +86/0086/86 prefix,
/// copied into `buf` (no allocation). `None` when there are more digits than
/// `buf` holds, far more than any phone number has.
fn phone_digits<'a>(s: &str, buf: &'a mut [u8; 24]) -> Option<&'a str> {
    let mut n = 0;
    for b in s.bytes().filter(u8::is_ascii_digit) {
        *buf.get_mut(n)? = b;
        n += 1;
    }
    // Only ASCII digits were copied, so this is valid UTF-8.
    let d = std::str::from_utf8(&buf[..n]).ok()?;
    let d = d.strip_prefix("0086").unwrap_or(d);
    Some(match d.strip_prefix("86") {
        Some(rest) if d.len() == 13 => rest,
        _ => d,
    })
}

/// For each 5-digit block `1xxxx`: `Some(allocated)` when libphonenumber's CN
/// mobile pattern decides the whole block (every suffix agrees), `None` when
/// the block must be asked number by number. Built once, on first use: the
/// per-value check is then a table lookup instead of a regex match.
fn mobile_blocks() -> &'static [Option<bool>] {
    static BLOCKS: std::sync::OnceLock<Vec<Option<bool>>> = std::sync::OnceLock::new();
    BLOCKS.get_or_init(|| {
        (10_000..20_000)
            .map(|block: u32| {
                let mut verdicts = ["000000", "555555", "999999"]
                    .iter()
                    .map(|tail| cn_number_is(|x| x.mobile(), &format!("{block}{tail}")));
                let first = verdicts.next().unwrap_or(false);
                verdicts.all(|v| v == first).then_some(first)
            })
            .collect()
    })
}

/// China mobile number: the prefix must be allocated to mobiles in
/// libphonenumber's CN metadata (not only shaped like one).
pub fn cn_mobile(s: &str) -> Validity {
    let mut buf = [0u8; 24];
    // The common plain form (11 digits) needs no copying.
    let plain = s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit());
    let d = if plain {
        s
    } else {
        match phone_digits(s, &mut buf) {
            Some(d) => d,
            None => return Validity::Invalid,
        }
    };
    if d.len() != 11 || !d.starts_with('1') {
        return Validity::Invalid;
    }
    let block = d[..5]
        .bytes()
        .fold(0usize, |a, b| a * 10 + (b - b'0') as usize);
    let ok = match mobile_blocks()[block - 10_000] {
        Some(v) => v,
        None => cn_number_is(|x| x.mobile(), d),
    };
    if ok {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// China fixed-line number with trunk prefix 0: area code and subscriber
/// length per libphonenumber's CN fixed-line metadata.
pub fn cn_landline(s: &str) -> Validity {
    let main = s.split(['转', '#']).next().unwrap_or(s);
    let main = match main.find(['x', 'X']) {
        Some(i) if i > 8 => &main[..i],
        _ => main,
    };
    let mut buf = [0u8; 24];
    let Some(national) = phone_digits(main, &mut buf).and_then(|d| d.strip_prefix('0')) else {
        return Validity::Invalid;
    };
    if (9..=11).contains(&national.len()) && cn_number_is(|x| x.fixed_line(), national) {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// Practical e-mail check on top of the shape: a dotted domain with an alphabetic TLD.
pub fn email(s: &str) -> Validity {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return Validity::Invalid;
    };
    let tld = domain.rsplit('.').next().unwrap_or("");
    let ok = !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.contains("..")
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    if ok {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// IPv4 dotted quad or IPv6, parsed by the standard library.
pub fn ip_address(s: &str) -> Validity {
    match s.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) if !v4.is_unspecified() => Validity::Strong,
        Ok(std::net::IpAddr::V6(v6)) if !v6.is_unspecified() && s.contains(':') => Validity::Strong,
        _ => Validity::Invalid,
    }
}

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "南宫", "西门", "独孤", "百里", "呼延", "澹台", "公冶",
    "太史", "申屠", "闻人", "赫连", "万俟", "司空",
];

/// The most common single-character surnames (about 300, covering >95% of people).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";

/// Last characters that mark a place, organization or thing rather than a person.
const NOT_NAME_ENDINGS: &str = "市省区县镇乡村路街道号楼室族业站局厅部委办院所司处科队会社店厂场馆园校行库港湾岛山河湖江桥州府城门堂寺庙中心网点";

fn is_surname(c: char) -> bool {
    static SET: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| CharSet::of_chars(SURNAMES)).contains(c)
}

fn is_not_name_ending(c: char) -> bool {
    static SET: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| CharSet::of_chars(NOT_NAME_ENDINGS))
        .contains(c)
}

fn surname_len(s: &str) -> Option<usize> {
    // Compound surnames are tried only when the first character can start one.
    static COMPOUND_FIRST: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
    let first_chars = COMPOUND_FIRST.get_or_init(|| {
        CharSet::of_chars(
            &COMPOUND_SURNAMES
                .iter()
                .filter_map(|c| c.chars().next())
                .collect::<String>(),
        )
    });
    let maybe_compound = s.chars().next().is_some_and(|c| first_chars.contains(c));
    if maybe_compound && let Some(c) = COMPOUND_SURNAMES.iter().find(|c| s.starts_with(*c)) {
        return Some(c.chars().count());
    }
    let first = s.chars().next()?;
    is_surname(first).then_some(1)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) || c == '·'
}

/// Chinese personal name: 2-4 Han characters led by a known surname, not ending
/// like a place or organization.
pub fn cn_person_name(s: &str) -> Validity {
    // 张某, 李某某: a masked name (its masked pattern judges it), not a plain one.
    // (The masked forms end in 某: one byte comparison rules the rest out.)
    if s.len() > 3 && s.as_bytes().ends_with("某".as_bytes()) && cn_person_name_masked(s) {
        return Validity::Invalid;
    }
    let (mut count, mut last) = (0usize, '\0');
    for c in s.chars() {
        count += 1;
        if count > 4 || !is_han(c) || c == '·' {
            return Validity::Invalid;
        }
        last = c;
    }
    if count < 2 {
        return Validity::Invalid;
    }
    let Some(sl) = surname_len(s) else {
        return Validity::Invalid;
    };
    if count <= sl || is_not_name_ending(last) {
        return Validity::Invalid;
    }
    // Four characters after a one-character surname is a phrase (由东向西), not a name.
    if count == 4 && sl == 1 {
        return Validity::Invalid;
    }
    Validity::Strong
}

/// Masked personal name: a surname followed by mask characters (`张*`, `欧阳**`).
pub fn cn_person_name_masked(s: &str) -> bool {
    surname_len(s).is_some_and(|n| {
        let rest: String = s.chars().skip(n).collect();
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| matches!(c, '*' | '＊' | '×' | 'x' | 'X' | '某'))
    })
}

/// Division suffixes, province to township: 旗 (banner) and 苏木 (township)
/// are Inner Mongolia's, 街道 a city's township-level subdistrict.
const ADMIN_MARKERS: &[&str] = &[
    "省",
    "市",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
    "自治州",
    "盟",
    "苏木",
    "街道",
];
/// Below the township: roads, villages (嘎查 in Inner Mongolia), estates,
/// buildings and rooms.
const STREET_MARKERS: &[&str] = &[
    "路", "街", "道", "巷", "弄", "胡同", "号", "村", "嘎查", "组", "栋", "幢", "单元", "室", "楼",
    "小区", "大厦", "花园", "苑", "社区",
];
/// Punctuation that ends a clause: a value with one is a sentence.
const CLAUSE_ENDS: [char; 7] = ['。', '；', '！', '？', ';', '!', '?'];
const COMMAS: [char; 3] = ['，', ',', '、'];
/// Unit words a house number ends with.
const NUMBER_UNITS: [&str; 8] = ["号", "弄", "栋", "幢", "室", "组", "单元", "楼"];

/// Does `s` hold a house number: digits then a unit (18号, 3栋, 5组)?
fn house_number(s: &str) -> bool {
    s.match_indices(|c: char| c.is_ascii_digit()).any(|(i, d)| {
        let after = s[i + d.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        NUMBER_UNITS.iter().any(|u| after.starts_with(u))
    })
}

/// Does a value end as an address does: a house number, a village, a road
/// or a building, not a clause (…门口路灯坏了, …加强道路巡查)?
fn ends_like_address(s: &str) -> bool {
    const ENDS: [&str; 24] = [
        "号", "室", "栋", "幢", "单元", "楼", "层", "户", "组", "村", "嘎查", "社区", "路", "街",
        "巷", "弄", "胡同", "大道", "里", "小区", "花园", "苑", "大厦", "公寓",
    ];
    let tail = s.trim_end();
    ENDS.iter().any(|e| tail.ends_with(e)) || tail.ends_with(|c: char| c.is_ascii_digit())
}

/// Where a street address without its divisions starts: a road, lane or
/// estate name (the detail column of a split address: 建设路18号3栋201室).
const DETAIL_ROADS: &[&str] = &[
    "路", "街", "大道", "巷", "弄", "胡同", "小区", "花园", "苑", "村", "嘎查", "新村",
];

/// Admin and street markers in one automaton: pattern ids below
/// `ADMIN_MARKERS.len()` are administrative, the rest street-level.
fn address_markers() -> &'static aho_corasick::AhoCorasick {
    static MARKERS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    MARKERS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(ADMIN_MARKERS.iter().chain(STREET_MARKERS))
            .expect("address markers compile")
    })
}

/// Chinese postal address: administrative division plus a street-level part.
///
/// The divisions are read from the national tables ([`super::divisions`]):
/// a value that starts with real places (浙江省杭州市西湖区, or 广州天河 in
/// short) and goes on to a road, village or building is an address. Places
/// the tables do not know (new, or made up by a test generator) still count
/// by their suffix: a division marker after a place name, then a street part.
pub fn cn_address(s: &str) -> Validity {
    let chain = super::divisions::leading_chain(s);
    if chain.covers(s) {
        return Validity::Part;
    }
    // 6..=120 characters, at least 4 of them Han; a value of at most 120
    // bytes cannot be too long, so counting stops once both lower bounds hold.
    let (mut chars, mut han) = (0usize, 0usize);
    for c in s.chars() {
        chars += 1;
        han += usize::from(is_han(c));
        if chars >= 6 && han >= 4 && s.len() <= 120 {
            break;
        }
    }
    if !(6..=120).contains(&chars) || han < 4 {
        return Validity::Invalid;
    }
    // A sentence is not an address, though it may hold one: the in-text
    // search finds it (我住在田家庵区洞山街道龙泉路1号，门口路灯坏了). Commas
    // may part an address's pieces (广东省,深圳市,南山区,科技园路1号) when it
    // still ends like one.
    let (mut clause, mut comma) = (false, false);
    for c in s.chars() {
        clause |= CLAUSE_ENDS.contains(&c);
        comma |= COMMAS.contains(&c);
    }
    if clause || (comma && !ends_like_address(s)) {
        return Validity::Invalid;
    }
    let is_admin = |m: &aho_corasick::Match| m.pattern().as_usize() < ADMIN_MARKERS.len();
    if chain.names_a_place() {
        // Short names alone (广州天河) need a house number after them:
        // 北京朝阳花园酒店 and 广东顺德农村商业银行 are companies.
        let rest = &s[chain.end..];
        let specific = chain.full > 0 || house_number(rest);
        if specific && address_markers().find_iter(rest).any(|m| !is_admin(&m)) {
            return Validity::Strong;
        }
    }
    // Division and street markers, in one pass: (start, end, admin?).
    let mut markers = [(0usize, 0usize, false); 48];
    let mut count = 0;
    for m in address_markers().find_overlapping_iter(s) {
        if count == markers.len() {
            break;
        }
        markers[count] = (m.start(), m.end(), is_admin(&m));
        count += 1;
    }
    let markers = &markers[..count];
    // An address runs from a division to the street: a division marker ends a
    // place name of at least two characters before it (市民, 区域 at the start,
    // 全县, 本区 are not divisions), some street-level marker starts after it
    // (市民反映小区 is a sentence, not an address), and it ends as an address
    // does or holds a house number (本区各街道要加强道路巡查 does neither). A
    // division marker inside a street-level word (区 in 小区) is not one.
    let street_start = markers.iter().filter(|m| !m.2).map(|m| m.0).max();
    let admin_end = markers
        .iter()
        .filter(|&&(start, end, admin)| {
            admin
                && s[..start]
                    .chars()
                    .rev()
                    .take(2)
                    .filter(|&c| is_han(c))
                    .count()
                    == 2
                && !markers
                    .iter()
                    .any(|w| !w.2 && w.1 - w.0 > end - start && w.0 <= start && end <= w.1)
        })
        .map(|m| m.1)
        .min()
        .unwrap_or(usize::MAX);
    let complete = ends_like_address(s) || house_number(&s[admin_end.min(s.len())..]);
    if complete && street_start.is_some_and(|st| st >= admin_end) {
        Validity::Strong
    } else if street_detail(s) {
        Validity::Weak
    } else {
        Validity::Invalid
    }
}

/// The detail part of a split address (省 / 市 / 区 / 详细地址 in columns of
/// their own), which names no division: a road or estate name of at least
/// two Han characters, then a number with 号, 栋, 幢, 单元 or 室 after it.
/// The weak form: a column of them is an address column with a name hint,
/// or when nearly all its values are (`weak_min_ratio`).
fn street_detail(s: &str) -> bool {
    let Some((road_at, road)) = DETAIL_ROADS
        .iter()
        .filter_map(|r| s.find(r).map(|i| (i, *r)))
        .min_by_key(|(i, _)| *i)
    else {
        return false;
    };
    if s[..road_at].chars().filter(|&c| is_han(c)).count() < 2 {
        return false;
    }
    if s.contains(CLAUSE_ENDS) || s.contains(COMMAS) {
        return false; // a sentence, not an address
    }
    // The number follows the road or estate name: 建设路18号, 龙湖花园3栋.
    let rest = s[road_at + road.len()..].trim_start();
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let after = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    ["号", "栋", "幢", "单元", "室", "弄"]
        .iter()
        .any(|m| after.starts_with(m))
}

/// Masked address: an administrative prefix kept, the rest masked.
pub fn cn_address_masked(s: &str) -> bool {
    let visible: String = s.chars().take_while(|&c| c != '*' && c != '＊').collect();
    visible.chars().count() >= 2 && ADMIN_MARKERS.iter().any(|m| visible.contains(m))
}

/// Masked resident ID: 18 (or 15) positions, visible leading digits start with a province.
pub fn cn_resident_id_masked(s: &str) -> bool {
    let n = s.chars().count();
    let lead: String = s.chars().take_while(char::is_ascii_digit).collect();
    (n == 18 || n == 15) && (lead.len() < 2 || is_province(&lead[..2]))
}

/// Masked mobile: 11 positions after an optional +86, a mobile-looking prefix.
pub fn cn_mobile_masked(s: &str) -> bool {
    let core: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let core = core.strip_prefix("+86").unwrap_or(&core);
    core.chars().count() == 11 && core.starts_with('1')
}

/// IMEI (3GPP TS 23.003): 15 digits, Luhn-valid, not a run of one digit.
pub fn imei(s: &str) -> Validity {
    let b = s.as_bytes();
    if b.len() != 15 || !b.iter().all(u8::is_ascii_digit) || b.iter().all(|&c| c == b[0]) {
        Validity::Invalid
    } else if luhn(s) {
        Validity::Strong
    } else {
        Validity::CheckFailed
    }
}

/// MAC address: six hex pairs with one consistent separator, not all zero / broadcast.
pub fn mac_address(s: &str) -> Validity {
    let sep = if s.contains(':') { ':' } else { '-' };
    let parts: Vec<&str> = s.split(sep).collect();
    let ok = parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
        && !parts.iter().all(|p| *p == "00")
        && !parts.iter().all(|p| p.eq_ignore_ascii_case("ff"));
    if ok {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// Hong Kong identity card: 1-2 letters, 6 digits, check (0-9 or A), brackets optional.
pub fn hk_id(s: &str) -> Validity {
    let compact: String = s
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）'))
        .collect();
    let b = compact.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if !(1..=2).contains(&letters)
        || b.len() != letters + 7
        || !b[letters..letters + 6].iter().all(u8::is_ascii_digit)
    {
        return Validity::Invalid;
    }
    let val = |c: u8| (c.to_ascii_uppercase() - b'A') as u32 + 10;
    let mut sum = if letters == 1 {
        36 * 9 + val(b[0]) * 8
    } else {
        val(b[0]) * 9 + val(b[1]) * 8
    };
    for (i, &d) in b[letters..letters + 6].iter().enumerate() {
        sum += (d - b'0') as u32 * (7 - i as u32);
    }
    let check = match (11 - sum % 11) % 11 {
        10 => b'A',
        n => b'0' + n as u8,
    };
    if b[letters + 6].to_ascii_uppercase() == check {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// Taiwan (ROC) national ID: letter, 1/2, 8 digits; letter table, weights 1 9 8 7 6 5 4 3 2 1 1.
pub fn tw_id(s: &str) -> Validity {
    let b = s.as_bytes();
    if b.len() != 10
        || !b[0].is_ascii_alphabetic()
        || !matches!(b[1], b'1' | b'2')
        || !b[1..].iter().all(u8::is_ascii_digit)
    {
        return Validity::Invalid;
    }
    const CODES: [u32; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32,
        30, 31, 33,
    ];
    let code = CODES[(b[0].to_ascii_uppercase() - b'A') as usize];
    let mut sum = code / 10 + (code % 10) * 9;
    for (i, &d) in b[1..].iter().enumerate() {
        let w = if i == 8 { 1 } else { 8 - i as u32 };
        sum += (d - b'0') as u32 * w;
    }
    if sum.is_multiple_of(10) {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// Vehicle identification number (ISO 3779): 17 chars without I O Q, check digit at position 9.
pub fn vin(s: &str) -> Validity {
    let b = s.as_bytes();
    if b.len() != 17 {
        return Validity::Invalid;
    }
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut sum = 0;
    let mut letters = 0;
    for (i, &c) in b.iter().enumerate() {
        let c = c.to_ascii_uppercase();
        let v = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'I' | b'O' | b'Q' => return Validity::Invalid,
            b'A'..=b'H' => (c - b'A') as u32 + 1,
            b'J'..=b'N' => (c - b'J') as u32 + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => (c - b'S') as u32 + 2,
            _ => return Validity::Invalid,
        };
        letters += c.is_ascii_alphabetic() as u32;
        sum += v * W[i];
    }
    let check = match sum % 11 {
        10 => b'X',
        n => b'0' + n as u8,
    };
    // A VIN has letters (WMI); an all-digit run is some other number.
    if letters >= 2 && b[8].to_ascii_uppercase() == check {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// Pre-2015 business registration number: 6-digit region + 8 digits + ISO 7064 MOD 11,10 check.
pub fn cn_business_reg_no(s: &str) -> Validity {
    let b = s.as_bytes();
    if b.len() != 15
        || !b.iter().all(u8::is_ascii_digit)
        || !(is_province(&s[..2]) || &s[..2] == "10")
    {
        return Validity::Invalid;
    }
    let mut p = 10u32;
    for &d in &b[..14] {
        let mut t = (p + (d - b'0') as u32) % 10;
        if t == 0 {
            t = 10;
        }
        p = (2 * t) % 11;
    }
    if (p + (b[14] - b'0') as u32) % 10 == 1 {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// Passport number shapes (E/G + 8 digits, E + letter + 7 digits, older D/P/S):
/// no checksum exists, so only placeholders (one repeated digit) are rejected.
pub fn cn_passport(s: &str) -> Validity {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    if digits.len() >= 7 && !digits.iter().all(|&d| d == digits[0]) {
        Validity::Strong
    } else {
        Validity::Invalid
    }
}

/// A decimal degree with at least 4 decimals: latitude-compatible (|v| <= 90)
/// is strong, longitude-only (90 < |v| <= 180) is the weak form.
pub fn geo_coordinate(s: &str) -> Validity {
    let Some((_, frac)) = s.split_once('.') else {
        return Validity::Invalid;
    };
    let Ok(v) = s.parse::<f64>() else {
        return Validity::Invalid;
    };
    if frac.len() < 4 || !v.is_finite() || v == 0.0 {
        return Validity::Invalid;
    }
    match v.abs() {
        a if a <= 90.0 => Validity::Strong,
        a if a <= 180.0 => Validity::Weak,
        _ => Validity::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_id_vectors() {
        assert_eq!(cn_resident_id("11010519491231002X"), Validity::Strong);
        assert_eq!(cn_resident_id("11010519491231002x"), Validity::Strong);
        assert_eq!(cn_resident_id("110105194912310021"), Validity::CheckFailed);
        assert_eq!(cn_resident_id("440524188001010014"), Validity::Invalid);
        assert_eq!(cn_resident_id("110105491231003"), Validity::Weak);
        assert_eq!(cn_resident_id("990105491231002"), Validity::Invalid);
    }

    #[test]
    fn uscc_vectors() {
        assert_eq!(cn_uscc("91350100M000100Y43"), Validity::Strong);
        assert_eq!(cn_uscc("91110000600037341L"), Validity::Strong);
        assert_eq!(cn_uscc("91350100M000100Y44"), Validity::CheckFailed);
        assert_eq!(cn_uscc("I1350100M000100Y43"), Validity::Invalid);
    }

    #[test]
    fn org_code_vectors() {
        assert_eq!(cn_org_code("M000100Y4"), Validity::Strong);
        assert_eq!(cn_org_code("M000100Y-4"), Validity::Strong);
        assert_eq!(cn_org_code("M000100Y5"), Validity::CheckFailed);
        assert_eq!(cn_org_code("00000000X"), Validity::Invalid);
    }

    #[test]
    fn bank_card_vectors() {
        assert_eq!(bank_card("6222021234567890128"), Validity::Strong);
        assert_eq!(bank_card("4111111111111111"), Validity::Strong);
        assert_eq!(bank_card("6222021234567890127"), Validity::CheckFailed);
        assert_eq!(bank_card("9922021234567890128"), Validity::Invalid);
    }

    #[test]
    fn other_checksums() {
        assert_eq!(hk_id("A123456(3)"), Validity::Strong);
        assert_eq!(hk_id("A1234563"), Validity::Strong);
        assert_eq!(hk_id("A123456(4)"), Validity::Invalid);
        assert_eq!(tw_id("A123456789"), Validity::Strong);
        assert_eq!(tw_id("A123456788"), Validity::Invalid);
        assert_eq!(vin("1M8GDM9AXKP042788"), Validity::Strong);
        assert_eq!(vin("1M8GDM9A1KP042788"), Validity::Invalid);
        assert_eq!(imei("490154203237518"), Validity::Strong);
        assert_eq!(imei("490154203237519"), Validity::CheckFailed);
        assert_eq!(mac_address("00:1A:2B:3C:4D:5E"), Validity::Strong);
        assert_eq!(mac_address("00:00:00:00:00:00"), Validity::Invalid);
    }

    #[test]
    fn phones() {
        assert_eq!(cn_mobile("13812345678"), Validity::Strong);
        assert_eq!(cn_mobile("+86 138 1234 5678"), Validity::Strong);
        assert_eq!(cn_mobile("8613812345678"), Validity::Strong);
        assert_eq!(cn_mobile("14012345678"), Validity::Invalid);
        assert_eq!(cn_mobile("15412345678"), Validity::Invalid);
        assert_eq!(cn_landline("010-62345678"), Validity::Strong);
        assert_eq!(cn_landline("(0571)87654321"), Validity::Strong);
        assert_eq!(cn_landline("13812345678"), Validity::Invalid);
    }

    #[test]
    fn text_types() {
        assert_eq!(cn_person_name("张伟"), Validity::Strong);
        assert_eq!(cn_person_name("欧阳娜娜"), Validity::Strong);
        assert_eq!(cn_person_name("黄山市"), Validity::Invalid);
        assert_eq!(cn_person_name("由东向西"), Validity::Invalid);
        assert_eq!(cn_person_name("李某某"), Validity::Invalid);
        assert_eq!(cn_person_name("a张某"), Validity::Invalid);
        assert!(cn_person_name_masked("李某") && cn_person_name_masked("赵××"));
        assert!(cn_person_name_masked("张*"));
        assert!(cn_person_name_masked("欧阳**"));
        assert_eq!(
            cn_address("北京市朝阳区建国路88号3栋2单元101室"),
            Validity::Strong
        );
        // A division alone is a part of an address (a split address's 省 column).
        assert_eq!(cn_address("北京市"), Validity::Part);
        assert_eq!(cn_address("杭州市西湖区"), Validity::Part);
        // Real places in short, no division marker at all.
        assert_eq!(cn_address("广州天河体育西路100号"), Validity::Strong);
        assert_eq!(cn_address("北京海淀中关村大街27号"), Validity::Strong);
        // Renamed since: the old name is still a place.
        assert_eq!(cn_address("襄樊樊城人民路8号"), Validity::Strong);
        assert_ne!(cn_address("北京朝阳花园酒店管理有限公司"), Validity::Strong);
        assert_ne!(cn_address("广东顺德农村商业银行"), Validity::Strong);
        assert_ne!(
            cn_address("浙江杭州2023年农村公路提升工程"),
            Validity::Strong
        );
        assert_ne!(cn_address("街道办事处综合楼"), Validity::Strong);
        // Commas between an address's pieces, not a clause after it.
        assert_eq!(
            cn_address("浙江省杭州市西湖区，文三路100号"),
            Validity::Strong
        );
        assert_eq!(
            cn_address("广东省,深圳市,南山区,科技园路1号"),
            Validity::Strong
        );
        assert_eq!(
            cn_address("我住在田家庵区洞山街道龙泉路1号，门口路灯坏了"),
            Validity::Invalid
        );
        assert_eq!(
            cn_address("市民来电反映小区夜间施工噪音扰民，已转交属地街道办理"),
            Validity::Invalid
        );
        assert_eq!(cn_address("解放路18号"), Validity::Weak);
        assert_eq!(
            cn_address("市民反映小区停车问题，已转办"),
            Validity::Invalid
        );
        assert_eq!(
            cn_address("安徽省淮南市田家庵区洞山街道龙泉村5组"),
            Validity::Strong
        );
        assert!(cn_address_masked("北京市朝阳区****"));
        assert_eq!(email("a.b@example.com"), Validity::Strong);
        assert_eq!(email("a@b"), Validity::Invalid);
        assert_eq!(ip_address("192.168.1.20"), Validity::Strong);
        assert_eq!(ip_address("2001:db8::1"), Validity::Strong);
        assert_eq!(ip_address("300.1.1.1"), Validity::Invalid);
    }
}
