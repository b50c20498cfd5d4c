//! historical and realtime (seed 000 art.13(3)): data past a time limit may
//! go down one level; data updated within hours may go up one. The newest
//! date or timestamp of the dataset's date columns decides.

use serde::Deserialize;

use super::{Graded, Rule, check};
use crate::grade::{Level, Proposal};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Historical {
    /// Data whose newest date is older than this many years.
    years: u32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Realtime {
    /// Data whose newest timestamp is within this many hours of the scan.
    hours: u32,
}

pub const HISTORICAL: Rule = Rule {
    id: "historical",
    action: "downgrade -1",
    doc: "Historical data: the newest value of every date and timestamp column (birth dates aside) is older than `years` years at scan time (one recent row keeps the level).",
    fixture: "rules/historical/fires/lishi.parquet",
    near_miss: "rules/historical/near_miss/lishi_yitiao_xin.parquet",
    check: check::<Historical>,
    propose: historical,
};

pub const REALTIME: Rule = Rule {
    id: "realtime",
    action: "upgrade +1",
    doc: "Real-time data: a timestamp column's newest value is within `hours` hours of the scan.",
    fixture: "rules/realtime/fires/shishi.parquet",
    near_miss: "rules/realtime/near_miss/zhihou.parquet",
    check: check::<Realtime>,
    propose: realtime,
};

/// Birth dates say how old people are, not how old the data is.
const BIRTH: &[&str] = &["csrq", "birth", "dob", "birthday", "出生", "生日", "csny"];

fn birth_date(column: &str) -> bool {
    let norm = crate::detect::normalize_name(column);
    BIRTH.iter().any(|b| norm.contains(b))
}

/// The newest date over the dataset's date columns (not birth dates; with
/// `timestamps`, only columns with times of day), and the columns.
fn newest(
    g: &Graded<'_>,
    timestamps: bool,
) -> Option<(chrono::DateTime<chrono::Utc>, Vec<String>)> {
    let mut best: Option<chrono::DateTime<chrono::Utc>> = None;
    let mut cols = Vec::new();
    let wanted = |c: &&crate::grade::ColumnGrade| {
        !birth_date(&c.name) && (!timestamps || c.dates.as_ref().is_some_and(|d| d.with_time > 0))
    };
    for c in g.columns.iter().filter(wanted) {
        let Some(d) = c.dates.as_ref() else { continue };
        let Some(mut t) = d.newest_time() else {
            continue;
        };
        // Dates count by their month (`Temporal::note`): the newest could
        // be as late as the month's end.
        if d.with_time == 0 {
            t = t
                .checked_add_months(chrono::Months::new(1))
                .map_or(t, |e| e - chrono::Duration::seconds(1));
        }
        cols.push(c.name.clone());
        best = Some(best.map_or(t, |b| b.max(t)));
    }
    Some((best?, cols))
}

fn historical(g: &Graded<'_>) -> Option<Proposal> {
    if g.level <= Level::L1 {
        return None;
    }
    let p: Historical = g.params(HISTORICAL.id);
    let (newest, cols) = newest(g, false)?;
    let limit = g.cx.as_of - chrono::Duration::days(365 * p.years as i64 + p.years as i64 / 4);
    (newest < limit).then(|| {
        g.proposal(
            HISTORICAL.id,
            false,
            format!(
                "the newest date in {} is {}, more than {} years before the scan",
                cols.join(", "),
                newest.format("%Y-%m"),
                p.years
            ),
            cols,
        )
    })
}

fn realtime(g: &Graded<'_>) -> Option<Proposal> {
    if g.level >= Level::L4 || g.level <= Level::L1 {
        return None;
    }
    let p: Realtime = g.params(REALTIME.id);
    let (newest, cols) = newest(g, true)?;
    let age = g.cx.as_of - newest;
    let fresh = age <= chrono::Duration::hours(p.hours as i64)
        && age >= -chrono::Duration::hours(p.hours as i64);
    fresh.then(|| {
        g.proposal(
            REALTIME.id,
            true,
            format!(
                "the newest timestamp in {} is {}, within {} hours of the scan",
                cols.join(", "),
                newest.format("%Y-%m-%d %H:%M UTC"),
                p.hours
            ),
            cols,
        )
    })
}
