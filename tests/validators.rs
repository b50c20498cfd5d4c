//! Property tests for the checksum validators: values built by an independent
//! implementation of each standard pass, and single-character substitutions
//! fail wherever the algorithm guarantees to catch them.

use fenji::detect::validate::{self, Validity};
use proptest::prelude::*;

const PROVINCES: &[&str] = &[
    "11", "12", "13", "31", "32", "34", "37", "44", "51", "62", "65", "71", "81", "82",
];
const USCC_CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

fn id_check(body: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    "10X98765432".as_bytes()[(s % 11) as usize] as char
}

fn org_check(body: &str) -> char {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let v = |c: u8| {
        if c.is_ascii_digit() {
            (c - b'0') as u32
        } else {
            (c - b'A') as u32 + 10
        }
    };
    let s: u32 = body.bytes().zip(W).map(|(c, w)| v(c) * w).sum();
    match 11 - s % 11 {
        10 => 'X',
        11 => '0',
        n => char::from(b'0' + n as u8),
    }
}

fn uscc_check(body: &str) -> char {
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let idx = |c: u8| USCC_CHARSET.iter().position(|&x| x == c).unwrap() as u32;
    let s: u32 = body.bytes().zip(W).map(|(c, w)| idx(c) * w).sum();
    USCC_CHARSET[((31 - s % 31) % 31) as usize] as char
}

/// Luhn (ISO/IEC 7812-1): the check digit that makes the doubled-every-
/// second-digit sum a multiple of 10.
fn luhn_complete(body: &str) -> String {
    let s: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = (b - b'0') as u32;
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    format!("{body}{}", (10 - s % 10) % 10)
}

/// ISO 7064 MOD 11,10 (GB/T 17710), the check of the 15-digit business
/// registration number.
fn mod_11_10_check(body: &str) -> char {
    let mut p = 10u32;
    for b in body.bytes() {
        let s = (p + (b - b'0') as u32) % 10;
        p = (if s == 0 { 10 } else { s } * 2) % 11;
    }
    char::from(b'0' + ((11 - p) % 10) as u8)
}

/// Hong Kong identity card: a space (36) pads a one-letter prefix, letters
/// count A = 10, weights 9 down to 2, check 11 - sum mod 11 (10 is `A`).
fn hk_check(prefix: &str, digits: &str) -> char {
    let letter = |c: u8| (c - b'A') as u32 + 10;
    let mut values: Vec<u32> = if prefix.len() == 1 { vec![36] } else { vec![] };
    values.extend(prefix.bytes().map(letter));
    values.extend(digits.bytes().map(|b| (b - b'0') as u32));
    let s: u32 = values.iter().zip((2..=9).rev()).map(|(v, w)| v * w).sum();
    match (11 - s % 11) % 11 {
        10 => 'A',
        n => char::from(b'0' + n as u8),
    }
}

/// Taiwan ID: the letter's two-digit code (A = 10 … with I, O, W, Z out of
/// order), weights 1 9 8 7 6 5 4 3 2 1 1 over its digits and the rest.
fn tw_check(letter: u8, rest: &str) -> char {
    const CODES: &[u8; 26] = b"ABCDEFGHJKLMNPQRSTUVXYWZIO";
    let code = 10 + CODES.iter().position(|&c| c == letter).unwrap() as u32;
    let digits: Vec<u32> = [code / 10, code % 10]
        .into_iter()
        .chain(rest.bytes().map(|b| (b - b'0') as u32))
        .collect();
    const W: [u32; 10] = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    let s: u32 = digits.iter().zip(W).map(|(d, w)| d * w).sum();
    char::from(b'0' + ((10 - s % 10) % 10) as u8)
}

/// VIN (ISO 3779 / FMVSS 115): letters transliterated, weights
/// 8 7 6 5 4 3 2 10 _ 9 8 7 6 5 4 3 2, sum mod 11 (10 is `X`).
fn vin_check(vin17: &str) -> char {
    let value = |c: u8| match c {
        b'0'..=b'9' => (c - b'0') as u32,
        b'A'..=b'H' => (c - b'A') as u32 + 1,
        b'J'..=b'N' => (c - b'J') as u32 + 1,
        b'P' => 7,
        b'R' => 9,
        b'S'..=b'Z' => (c - b'S') as u32 + 2,
        _ => 0,
    };
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let s: u32 = vin17.bytes().zip(W).map(|(c, w)| value(c) * w).sum();
    match s % 11 {
        10 => 'X',
        n => char::from(b'0' + n as u8),
    }
}

fn resident_id() -> impl Strategy<Value = String> {
    (
        0..PROVINCES.len(),
        0u32..10000,
        1900i32..2020,
        1u32..13,
        1u32..29,
        0u32..1000,
    )
        .prop_map(|(p, county, y, m, d, seq)| {
            let body = format!("{}{county:04}{y}{m:02}{d:02}{seq:03}", PROVINCES[p]);
            format!("{body}{}", id_check(&body))
        })
}

proptest! {
    #[test]
    fn resident_ids_pass_and_any_single_substitution_fails(id in resident_id(), pos in 0usize..18, k in 1u8..10) {
        prop_assert_eq!(validate::cn_resident_id(&id), Validity::Strong);
        prop_assert_eq!(validate::cn_resident_id(&id.to_lowercase()), Validity::Strong);
        let mut b = id.clone().into_bytes();
        b[pos] = if b[pos] == b'X' { b'0' + k - 1 } else { b'0' + ((b[pos] - b'0') + k) % 10 };
        if pos == 17 && b[pos] == id.as_bytes()[17] { b[pos] = b'X'; }
        let mutated = String::from_utf8(b).unwrap();
        prop_assert_ne!(validate::cn_resident_id(&mutated), Validity::Strong, "{} -> {}", id, mutated);
    }

    #[test]
    fn org_codes_pass_and_digit_substitutions_fail(digits in "[0-9]{4}", letters in "[A-Z0-9]{4}", pos in 0usize..8, k in 1u8..10) {
        let body = format!("{letters}{digits}");
        prop_assume!(!body.bytes().all(|c| c == body.as_bytes()[0]));
        let code = format!("{body}{}", org_check(&body));
        prop_assert_eq!(validate::cn_org_code(&code), Validity::Strong);
        prop_assert_eq!(validate::cn_org_code(&format!("{body}-{}", org_check(&body))), Validity::Strong);
        // Letters are worth 10..35, so letter-for-letter swaps 11 apart collide:
        // the check guarantees only digit-for-digit substitutions (positions 4..8 here).
        let p = 4 + pos % 4;
        let mut b = code.clone().into_bytes();
        b[p] = b'0' + ((b[p] - b'0') + k) % 10;
        prop_assert_ne!(validate::cn_org_code(std::str::from_utf8(&b).unwrap()), Validity::Strong);
    }

    #[test]
    fn usccs_pass_and_any_single_substitution_fails(
        kind in prop::sample::select(vec!["91", "92", "93", "11", "12", "51", "52", "53", "31", "Y1"]),
        p in 0..PROVINCES.len(), county in 0u32..10000,
        body in proptest::collection::vec(prop::sample::select(USCC_CHARSET.to_vec()), 8),
        pos in 0usize..18, step in 1usize..31,
    ) {
        let body = String::from_utf8(body).unwrap();
        prop_assume!(!body.bytes().all(|c| c == body.as_bytes()[0]));
        let org = format!("{body}{}", org_check(&body));
        let head = format!("{kind}{}{county:04}{org}", PROVINCES[p]);
        let code = format!("{head}{}", uscc_check(&head));
        prop_assert_eq!(validate::cn_uscc(&code), Validity::Strong, "{}", code);
        let mut b = code.clone().into_bytes();
        let i = USCC_CHARSET.iter().position(|&x| x == b[pos]).unwrap();
        b[pos] = USCC_CHARSET[(i + step) % 31];
        prop_assert_ne!(validate::cn_uscc(std::str::from_utf8(&b).unwrap()), Validity::Strong);
    }

    #[test]
    fn luhn_cards_and_imeis_catch_every_single_digit_substitution(
        rest in "[0-9]{13}", imei_body in "[0-9]{14}", pos in 0usize..15, k in 1u8..10,
    ) {
        let card = luhn_complete(&format!("62{rest}"));
        prop_assert_eq!(validate::bank_card(&card), Validity::Strong);
        let imei = luhn_complete(&imei_body);
        prop_assume!(!imei.bytes().all(|c| c == imei.as_bytes()[0]));
        prop_assert_eq!(validate::imei(&imei), Validity::Strong);
        let mut b = imei.clone().into_bytes();
        b[pos] = b'0' + ((b[pos] - b'0') + k) % 10;
        prop_assert_ne!(validate::imei(std::str::from_utf8(&b).unwrap()), Validity::Strong);
        let mut c = card.clone().into_bytes();
        let q = 2 + pos % 14;
        c[q] = b'0' + ((c[q] - b'0') + k) % 10;
        prop_assert_ne!(validate::bank_card(std::str::from_utf8(&c).unwrap()), Validity::Strong);
    }

    #[test]
    fn business_reg_numbers_catch_every_single_digit_substitution(p in 0..PROVINCES.len(), rest in "[0-9]{12}", pos in 0usize..15, k in 1u8..10) {
        let body = format!("{}{rest}", PROVINCES[p]);
        let code = format!("{body}{}", mod_11_10_check(&body));
        prop_assert_eq!(validate::cn_business_reg_no(&code), Validity::Strong, "{}", code);
        let mut b = code.clone().into_bytes();
        b[pos] = b'0' + ((b[pos] - b'0') + k) % 10;
        let mutated = String::from_utf8(b).unwrap();
        prop_assert_eq!(validate::cn_business_reg_no(&mutated), Validity::Invalid, "{} -> {}", code, mutated);
    }

    #[test]
    fn hk_ids_catch_digit_substitutions(prefix in "[A-Z]{1,2}", digits in "[0-9]{6}", pos in 0usize..6, k in 1u8..10) {
        let id = format!("{prefix}{digits}({})", hk_check(&prefix, &digits));
        prop_assert_eq!(validate::hk_id(&id), Validity::Strong, "{}", id);
        let at = prefix.len() + pos;
        let mut b = id.clone().into_bytes();
        b[at] = b'0' + ((b[at] - b'0') + k) % 10;
        prop_assert_eq!(validate::hk_id(std::str::from_utf8(&b).unwrap()), Validity::Invalid);
    }

    #[test]
    fn tw_ids_catch_substitutions_where_the_weight_is_coprime_to_10(letter in "[A-Z]", sex in "[12]", digits in "[0-9]{7}", which in 0usize..3, k in 1u8..10) {
        let id = format!("{letter}{sex}{digits}{}", tw_check(letter.as_bytes()[0], &format!("{sex}{digits}")));
        prop_assert_eq!(validate::tw_id(&id), Validity::Strong, "{}", id);
        // Weights of positions 2..=9 are 7 6 5 4 3 2 1 1: 7, 3 and the check's 1 are coprime to 10.
        let at = [2usize, 6, 9][which];
        let mut b = id.clone().into_bytes();
        b[at] = b'0' + ((b[at] - b'0') + k) % 10;
        prop_assert_eq!(validate::tw_id(std::str::from_utf8(&b).unwrap()), Validity::Invalid);
    }

    #[test]
    fn vins_catch_digit_substitutions(wmi in "L[A-HJ-NPR-Z]{2}", vds in "[A-HJ-NPR-Z0-9]{5}", vis in "[0-9]{8}", pos in 0usize..8, k in 1u8..10) {
        let base = format!("{wmi}{vds}0{vis}");
        let vin = format!("{}{}{}", &base[..8], vin_check(&base), &base[9..]);
        prop_assert_eq!(validate::vin(&vin), Validity::Strong, "{}", vin);
        let at = 9 + pos; // the all-digit serial part, weights 9 8 7 6 5 4 3 2
        let mut b = vin.clone().into_bytes();
        b[at] = b'0' + ((b[at] - b'0') + k) % 10;
        prop_assert_eq!(validate::vin(std::str::from_utf8(&b).unwrap()), Validity::Invalid);
    }
}

/// Published known-answer vectors, and the independent implementations above
/// checked against them (so a test's own arithmetic cannot drift).
#[test]
fn published_vectors() {
    // GB 11643-1999's own example, and python-stdnum's cn.ric example.
    for id in ["11010519491231002X", "360426199101010071"] {
        assert_eq!(id_check(&id[..17]), id.as_bytes()[17] as char, "{id}");
        assert_eq!(validate::cn_resident_id(id), Validity::Strong, "{id}");
    }
    // GB 32100-2015's example USCC.
    assert_eq!(uscc_check("91350100M000100Y4"), '3');
    // Hong Kong: A123456(3), the example of the Immigration Department's format.
    assert_eq!(hk_check("A", "123456"), '3');
    assert_eq!(validate::hk_id("A123456(3)"), Validity::Strong);
    // Taiwan: A123456789, the format's common example.
    assert_eq!(tw_check(b'A', "12345678"), '9');
    assert_eq!(validate::tw_id("A123456789"), Validity::Strong);
    // VIN: ISO 3779 / Wikipedia's worked example (check digit X), and all ones.
    assert_eq!(vin_check("1M8GDM9AXKP042788"), 'X');
    assert_eq!(vin_check("11111111111111111"), '1');
    assert_eq!(validate::vin("1M8GDM9AXKP042788"), Validity::Strong);
    // Luhn: ISO/IEC 7812's worked example 7992739871 -> 3.
    assert_eq!(luhn_complete("7992739871"), "79927398713");
    assert!(validate::luhn("79927398713"));
}

#[test]
fn detectors_md_vectors() {
    assert_eq!(
        validate::cn_resident_id("11010519491231002X"),
        Validity::Strong
    );
    assert_eq!(
        validate::cn_resident_id("110105194912310021"),
        Validity::CheckFailed
    );
    assert_eq!(
        validate::cn_resident_id("440524188001010014"),
        Validity::Invalid
    );
    assert_eq!(validate::cn_uscc("91350100M000100Y43"), Validity::Strong);
    assert_eq!(validate::cn_uscc("91110000600037341L"), Validity::Strong);
    assert_eq!(
        validate::cn_uscc("91350100M000100Y44"),
        Validity::CheckFailed
    );
    assert_eq!(validate::cn_org_code("M000100Y4"), Validity::Strong);
    assert_eq!(validate::cn_org_code("M000100Y5"), Validity::CheckFailed);
    assert_eq!(validate::bank_card("6222021234567890128"), Validity::Strong);
    assert_eq!(validate::bank_card("4111111111111111"), Validity::Strong);
    assert_eq!(
        validate::bank_card("6222021234567890127"),
        Validity::CheckFailed
    );
    assert_eq!(validate::imei("490154203237518"), Validity::Strong);
    assert_eq!(validate::imei("490154203237519"), Validity::CheckFailed);
    assert_eq!(validate::hk_id("A123456(3)"), Validity::Strong);
    assert_eq!(validate::hk_id("A123456(4)"), Validity::Invalid);
    assert_eq!(validate::tw_id("A123456789"), Validity::Strong);
    assert_eq!(validate::tw_id("A123456788"), Validity::Invalid);
    assert_eq!(validate::vin("1M8GDM9AXKP042788"), Validity::Strong);
    assert_eq!(validate::vin("1M8GDM9A1KP042788"), Validity::Invalid);
}

/// Issue 18 item 6: values neither fenji's generators nor its detectors made
/// (`tests/data/third_party.toml`: python-stdnum's test files; the CN example
/// numbers of libphonenumber's metadata), with per-value ratios: what share
/// of them the whole matcher (shape, validator, rank) takes for the type.
#[test]
fn third_party_values() {
    #[derive(serde::Deserialize)]
    struct ThirdParty {
        uscc: Vec<String>,
        resident_id_valid: Vec<String>,
        resident_id_invalid: Vec<String>,
    }
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/third_party.toml"),
    )
    .unwrap();
    let t: ThirdParty = toml::from_str(&text).unwrap();
    let set = fenji::detect::DetectorSet::load(None).unwrap();
    let ratio = |id: &str, values: &[String]| -> (usize, usize) {
        let hits = values.iter().filter(|v| set.detects(id, v)).count();
        (hits, values.len())
    };

    // 383 registered USCCs found online: every one is a USCC to fenji.
    let (hits, n) = ratio("cn_uscc", &t.uscc);
    eprintln!("third party: cn_uscc {hits}/{n}");
    let misses: Vec<&String> = t
        .uscc
        .iter()
        .filter(|v| !set.detects("cn_uscc", v))
        .collect();
    assert_eq!((hits, n), (383, 383), "missed: {misses:?}");

    let (hits, n) = ratio("cn_resident_id", &t.resident_id_valid);
    eprintln!("third party: cn_resident_id valid {hits}/{n}");
    assert_eq!(hits, n);
    let (hits, n) = ratio("cn_resident_id", &t.resident_id_invalid);
    eprintln!("third party: cn_resident_id invalid {hits}/{n}");
    assert_eq!(hits, 0);

    // libphonenumber's CN examples, as people write them: mobiles as they
    // are, fixed lines with the trunk prefix 0.
    let db = &*phonenumber::metadata::DATABASE;
    let cn = db.by_id("CN").expect("CN metadata");
    let d = cn.descriptors();
    let mobile = d
        .mobile()
        .and_then(|x| x.example())
        .expect("mobile example");
    let fixed = d
        .fixed_line()
        .and_then(|x| x.example())
        .expect("fixed example");
    assert!(set.detects("cn_mobile", mobile), "{mobile}");
    assert!(set.detects("cn_landline", &format!("0{fixed}")), "0{fixed}");
    assert!(!set.detects("cn_mobile", &format!("0{fixed}")), "0{fixed}");
    if let Some(toll_free) = d.toll_free().and_then(|x| x.example()) {
        assert!(!set.detects("cn_mobile", toll_free), "{toll_free}");
    }
}
