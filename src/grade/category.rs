//! The dataset's main subject (seed 000 art.16-17): personal, organization
//! or other.

use super::ColumnGrade;
use crate::detect::{DetectorSet, Subject};

/// Main subject (seed 000 art.16-17): the majority of identifier columns by
/// their best type; names and addresses decide only when no identifier does
/// (an enterprise register has a legal representative and an address too).
pub fn category_of(set: &DetectorSet, columns: &[ColumnGrade]) -> &'static str {
    let (mut personal, mut organization, mut personal_attributes) = (0, 0, 0);
    let def = |id: &str| set.index_of(id).map(|i| &set.detectors[i].def);
    for c in columns {
        let defs: Vec<_> = c
            .detections
            .iter()
            .filter_map(|d| def(&d.type_id))
            .collect();
        let Some(best) = defs.iter().find(|d| !d.attribute).or(defs.first()) else {
            continue;
        };
        match (best.subject, best.attribute) {
            (Subject::Personal, true) => personal_attributes += 1,
            (Subject::Personal, false) => personal += 1,
            (Subject::Organization, _) => organization += 1,
            (Subject::Neutral, _) => {}
        }
    }
    if personal > 0 && personal >= organization {
        "personal"
    } else if organization > 0 {
        "organization"
    } else if personal_attributes > 0 || columns.iter().any(|c| !c.detections.is_empty()) {
        "personal"
    } else {
        "other"
    }
}
