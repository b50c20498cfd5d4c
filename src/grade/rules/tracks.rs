//! granularity (seed 000 art.13(4)): fine-grained data may go up one level.
//! Precise tracks: a person or vehicle identifier together with precise
//! places (coordinates of 4 or more decimals, or addresses) and times finer
//! than a day.

use serde::Deserialize;

use super::{Graded, Rule, check};
use crate::detect::{DetectorSet, Subject};
use crate::grade::{ColumnGrade, Level, Proposal};

/// No parameters beyond the citation.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {}

pub const RULE: Rule = Rule {
    id: "granularity",
    action: "upgrade +1",
    doc: "Precise tracks: a person or vehicle identifier (resident ID, mobile, name, plate, VIN...) with precise places (coordinates of 4 or more decimals, or addresses) and timestamps finer than a day.",
    fixture: "rules/granularity/fires/guiji.parquet",
    near_miss: "rules/granularity/near_miss/guiji_cu.parquet",
    check: check::<Params>,
    propose,
};

/// Types that identify whom or what a track follows.
const VEHICLE: &[&str] = &["cn_license_plate", "vin"];

/// Where people live or are registered (户籍地址, 家庭住址, 现住址, 通讯地址)
/// is where they are, not where they went: such an address column with a
/// registration time is no track. Other addresses (地点, 位置, 发生地址) are.
const RESIDENCE: &[&str] = &[
    "hjdz",
    "jtzz",
    "xzz",
    "jzdz",
    "zz",
    "txdz",
    "hj",
    "home",
    "residence",
    "household",
    "domicile",
    "户籍",
    "家庭",
    "住址",
    "居住",
    "现住",
    "通讯",
    "通信",
    "户口",
    "住所",
    "注册",
];

fn residence(column: &str) -> bool {
    let norm = crate::detect::normalize_name(column);
    RESIDENCE.iter().any(|r| {
        if r.is_ascii() {
            norm == *r || (r.len() >= 4 && norm.contains(r)) || norm.starts_with(r)
        } else {
            norm.contains(r)
        }
    })
}

/// A dataset's track: who, where and when columns.
pub struct Track {
    pub who: Vec<String>,
    pub places: Vec<String>,
    pub times: Vec<String>,
}

/// The dataset's columns as a precise track, if they are one.
pub fn track(set: &DetectorSet, columns: &[ColumnGrade]) -> Option<Track> {
    let has = |c: &ColumnGrade, f: &dyn Fn(&crate::detect::DetectorDef) -> bool| {
        c.detections.iter().filter(|d| !d.masked).any(|d| {
            set.index_of(&d.type_id)
                .is_some_and(|i| f(&set.detectors[i].def))
        })
    };
    let who: Vec<String> = columns
        .iter()
        .filter(|c| {
            has(c, &|d| {
                (d.subject == Subject::Personal && (!d.attribute || d.id == "cn_person_name"))
                    || VEHICLE.contains(&d.id.as_str())
            })
        })
        .map(|c| c.name.clone())
        .collect();
    let places: Vec<String> = columns
        .iter()
        .filter(|c| {
            // A split address's 省 / 市 / 区 columns name no precise place.
            let divisions_only = c
                .detections
                .iter()
                .any(|d| d.signals.iter().any(|s| s == "division_names"));
            has(c, &|d| d.id == "geo_coordinate")
                || (has(c, &|d| d.id == "cn_address") && !residence(&c.name) && !divisions_only)
        })
        .map(|c| c.name.clone())
        .collect();
    let times: Vec<String> = columns
        .iter()
        .filter(|c| c.dates.as_ref().is_some_and(|d| d.finer_than_a_day()))
        .map(|c| c.name.clone())
        .collect();
    (!who.is_empty() && !places.is_empty() && !times.is_empty()).then_some(Track {
        who,
        places,
        times,
    })
}

fn propose(g: &Graded<'_>) -> Option<Proposal> {
    if g.level >= Level::L4 {
        return None;
    }
    let t = track(g.set, g.columns)?;
    let cols: Vec<String> = [&t.who[..], &t.places[..], &t.times[..]].concat();
    Some(g.proposal(
        RULE.id,
        true,
        format!(
            "precise tracks: {} with places in {} at times of day in {}",
            t.who.join(", "),
            t.places.join(", "),
            t.times.join(", ")
        ),
        cols,
    ))
}
