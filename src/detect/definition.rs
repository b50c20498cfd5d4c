//! Detector definitions: the data of `detectors/*.toml`, and the validators
//! they name.

use serde::Deserialize;

use super::validate::{self, Validity};

/// Detector files shipped in the binary.
pub const BUILTIN_DETECTORS: &[(&str, &str)] = &[
    (
        "cn_resident_id.toml",
        include_str!("../../detectors/cn_resident_id.toml"),
    ),
    ("cn_uscc.toml", include_str!("../../detectors/cn_uscc.toml")),
    (
        "cn_org_code.toml",
        include_str!("../../detectors/cn_org_code.toml"),
    ),
    (
        "cn_mobile.toml",
        include_str!("../../detectors/cn_mobile.toml"),
    ),
    (
        "cn_landline.toml",
        include_str!("../../detectors/cn_landline.toml"),
    ),
    (
        "bank_card.toml",
        include_str!("../../detectors/bank_card.toml"),
    ),
    ("email.toml", include_str!("../../detectors/email.toml")),
    (
        "ip_address.toml",
        include_str!("../../detectors/ip_address.toml"),
    ),
    (
        "cn_person_name.toml",
        include_str!("../../detectors/cn_person_name.toml"),
    ),
    (
        "cn_address.toml",
        include_str!("../../detectors/cn_address.toml"),
    ),
    (
        "company_name.toml",
        include_str!("../../detectors/company_name.toml"),
    ),
    (
        "cn_ethnicity.toml",
        include_str!("../../detectors/cn_ethnicity.toml"),
    ),
    (
        "cn_license_plate.toml",
        include_str!("../../detectors/cn_license_plate.toml"),
    ),
    (
        "cn_business_reg_no.toml",
        include_str!("../../detectors/cn_business_reg_no.toml"),
    ),
    ("imei.toml", include_str!("../../detectors/imei.toml")),
    (
        "mac_address.toml",
        include_str!("../../detectors/mac_address.toml"),
    ),
    (
        "cn_passport.toml",
        include_str!("../../detectors/cn_passport.toml"),
    ),
    (
        "cn_hk_macau_permit.toml",
        include_str!("../../detectors/cn_hk_macau_permit.toml"),
    ),
    ("hk_id.toml", include_str!("../../detectors/hk_id.toml")),
    ("tw_id.toml", include_str!("../../detectors/tw_id.toml")),
    ("vin.toml", include_str!("../../detectors/vin.toml")),
    (
        "geo_coordinate.toml",
        include_str!("../../detectors/geo_coordinate.toml"),
    ),
    (
        "cn_religion.toml",
        include_str!("../../detectors/cn_religion.toml"),
    ),
    (
        "cn_diagnosis.toml",
        include_str!("../../detectors/cn_diagnosis.toml"),
    ),
    (
        "icd10_code.toml",
        include_str!("../../detectors/icd10_code.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum DetectorError {
    #[error("{file}: {message}")]
    Definition { file: String, message: String },
}

pub(super) fn def_err(file: &str, message: impl ToString) -> DetectorError {
    DetectorError::Definition {
        file: file.to_string(),
        message: message.to_string(),
    }
}

/// Whose identifier a type is: decides the dataset category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Personal,
    Organization,
    Neutral,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub positive: Vec<String>,
    #[serde(default)]
    pub negative: Vec<String>,
    #[serde(default)]
    pub masked: Vec<String>,
}

/// One detector file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorDef {
    pub id: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub standard: String,
    pub subject: Subject,
    /// Level this type usually gets; the policy profile decides.
    pub level: String,
    /// Name of a validator function (see [`validator`]).
    pub validator: String,
    /// Evidence strength of one validated value, 0..1.
    pub strength: f64,
    /// Accept when the lower confidence bound of the validated ratio reaches this.
    pub min_ratio: f64,
    /// The same threshold when the column name carries a hint for this type.
    pub hint_min_ratio: f64,
    #[serde(default = "default_min_matches")]
    pub min_matches: u64,
    /// Describes its subject without identifying it (a name, an address): counts
    /// for the dataset's category only when no identifier column does.
    #[serde(default)]
    pub attribute: bool,
    /// Directly identifies a person (counts for the aggregation-volume rule).
    #[serde(default)]
    pub direct_identifier: bool,
    /// When one value validates as several types, only the highest rank counts.
    #[serde(default)]
    pub rank: u32,
    pub patterns: Vec<String>,
    /// Also look for `patterns` inside free text (complaint records, remarks).
    #[serde(default)]
    pub embedded: bool,
    /// With `embedded`: the share of rows of free text that carry no value of
    /// the type and still yield a validated hit (order numbers that look like
    /// mobiles, version strings that read as IP addresses). A text column is
    /// of the type when its share of rows with hits beats this (see
    /// `grade::exceeds_rate`), not only when it reaches `min_ratio`. Without
    /// it, text columns are held to `min_ratio` as whole-value ones are.
    #[serde(default)]
    pub text_chance: Option<f64>,
    /// Replaced by `text_chance`; still read so that older detector files
    /// load, and not used.
    #[serde(default)]
    pub embedded_min_ratio: Option<f64>,
    /// Threshold when most validated values are only the weaker form (e.g.
    /// 15-digit IDs, which random 15-digit numbers match far more often).
    #[serde(default)]
    pub weak_min_ratio: Option<f64>,
    /// The rate at which a value that passes every other check of the type
    /// also passes its check digit by chance (1/11 for GB 11643). With it, a
    /// column is of the type only when its pass rate beats chance (see
    /// `grade::beats_chance`).
    #[serde(default)]
    pub check_chance: Option<f64>,
    /// Types that, once accepted in a column, make this one plausible too at
    /// `companion_min_ratio` (identity documents mixed in one certificate column).
    #[serde(default)]
    pub companions: Vec<String>,
    #[serde(default)]
    pub companion_min_ratio: Option<f64>,
    /// Patterns for finding the type inside text, when they differ from `patterns`.
    #[serde(default)]
    pub embedded_patterns: Vec<String>,
    /// Fewest distinct validated values a column needs (capped by half its
    /// validated count): a few phrases repeated are not names.
    #[serde(default)]
    pub min_distinct: Option<u64>,
    /// Accept only with a name hint or beside a matching partner column
    /// (coordinates: a latitude column next to a longitude column).
    #[serde(default)]
    pub needs_hint_or_pair: bool,
    #[serde(default)]
    pub masked_patterns: Vec<String>,
    /// At least one must occur in the value (cheap prefilter before the regex).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Column-name hints: pinyin initials, English and Chinese names.
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default)]
    pub examples: Examples,
    /// The category of sensitive personal information the type is (PIPL
    /// art.28, GB/T 45574-2025): `financial_account`, `health`,
    /// `religious_belief`, `ethnicity`, `biometric`, `minor`, ...
    #[serde(default)]
    pub sensitive: Option<String>,
}

fn default_min_matches() -> u64 {
    2
}

/// A validator: the exact check for a plain value and the plausibility check
/// for a masked one, with the signals a validated match carries.
#[derive(Clone, Copy)]
pub struct Validator {
    pub check: fn(&str) -> Validity,
    pub masked: fn(&str) -> bool,
    pub signals: &'static [&'static str],
    /// Signal added when some values validated only in the weaker form.
    pub weak_signal: &'static str,
}

fn always_masked(_: &str) -> bool {
    true
}
fn shape_only(_: &str) -> Validity {
    Validity::Strong
}

/// Look up a validator by the name used in detector files.
pub fn validator(name: &str) -> Option<Validator> {
    use validate::*;
    let v = |check, masked, signals| {
        Some(Validator {
            check,
            masked,
            signals,
            weak_signal: "weak_form",
        })
    };
    match name {
        "cn_resident_id" => Some(Validator {
            check: cn_resident_id,
            masked: cn_resident_id_masked,
            signals: &["checksum", "birth_date", "region"],
            weak_signal: "legacy_15",
        }),
        "geo_coordinate" => Some(Validator {
            check: geo_coordinate,
            masked: always_masked,
            signals: &["coordinate_range", "precision"],
            weak_signal: "longitude_range",
        }),
        "cn_uscc" => v(
            cn_uscc,
            always_masked,
            &["checksum", "authority_type", "region", "org_code"],
        ),
        "cn_org_code" => v(cn_org_code, always_masked, &["checksum"]),
        "cn_business_reg_no" => v(cn_business_reg_no, always_masked, &["mod_11_10", "region"]),
        "cn_mobile" => v(cn_mobile, cn_mobile_masked, &["number_block"]),
        "cn_landline" => v(cn_landline, always_masked, &["area_code"]),
        "bank_card" => v(bank_card, always_masked, &["luhn", "issuer"]),
        "imei" => v(imei, always_masked, &["luhn"]),
        "email" => v(email, always_masked, &["domain"]),
        "ip_address" => v(ip_address, always_masked, &["parsed"]),
        "mac_address" => v(mac_address, always_masked, &["hex_pairs"]),
        "hk_id" => v(hk_id, always_masked, &["checksum"]),
        "tw_id" => v(tw_id, always_masked, &["checksum"]),
        "vin" => v(vin, always_masked, &["check_digit"]),
        "cn_passport" => v(cn_passport, always_masked, &["shape"]),
        "cn_person_name" => v(cn_person_name, cn_person_name_masked, &["surname"]),
        "cn_address" => Some(Validator {
            check: cn_address,
            masked: cn_address_masked,
            signals: &["admin_division", "street"],
            weak_signal: "street_detail",
        }),
        "none" => v(shape_only, always_masked, &["shape"]),
        _ => None,
    }
}

/// A compiled detector.
pub struct Detector {
    pub def: DetectorDef,
    pub validator: Validator,
    pub(super) hints: Vec<String>,
}

impl Detector {
    /// Does this column name carry a hint for this type?
    pub fn hint_for(&self, column: &str) -> Option<&str> {
        let norm = normalize_name(column);
        let tokens: Vec<&str> = column
            .split(|c: char| c == '_' || c == '-' || c == '.' || c.is_whitespace())
            .collect();
        self.hints
            .iter()
            .zip(&self.def.hints)
            .find(|(h, _)| {
                norm == **h
                    || tokens.iter().any(|t| normalize_name(t) == **h)
                    || (!h.is_ascii() && norm.contains(h.as_str()))
                    // Compound pinyin names: bylxdh (备用联系电话), jsrsfzh.
                    || (h.len() >= 4 && (norm.ends_with(h.as_str()) || norm.starts_with(h.as_str())))
            })
            .map(|(_, orig)| orig.as_str())
    }
}

/// Lowercase, without `_`, `-`, spaces and dots.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}
