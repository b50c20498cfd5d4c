//! Policy profiles: type → level, context overrides, share/open per level and
//! proposal thresholds, as data (`detectors/policy/*.toml`), one per seed document.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Level;

pub const BUILTIN_POLICIES: &[(&str, &str)] = &[
    (
        "huainan-2023",
        include_str!("../../detectors/policy/huainan-2023.toml"),
    ),
    (
        "pingshan-2020",
        include_str!("../../detectors/policy/pingshan-2020.toml"),
    ),
];

pub const DEFAULT_POLICY: &str = "huainan-2023";

#[derive(Debug, thiserror::Error)]
#[error("policy {name}: {message}")]
pub struct PolicyError {
    pub name: String,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregationVolume {
    pub sensitive_rows: u64,
    pub personal_rows: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Desensitized {
    pub masked_ratio: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub title: String,
    pub seed: String,
    pub levels_cite: String,
    pub share_cite: String,
    pub open_cite: String,
    pub levels: BTreeMap<String, Level>,
    #[serde(default)]
    pub context_levels: BTreeMap<String, BTreeMap<String, Level>>,
    pub share: BTreeMap<Level, String>,
    pub open: BTreeMap<Level, String>,
    pub aggregation_volume: AggregationVolume,
    pub desensitized: Desensitized,
}

impl Policy {
    /// A built-in profile by name, or a TOML file by path.
    pub fn load(name_or_path: &str) -> Result<Self, PolicyError> {
        let err = |m: String| PolicyError {
            name: name_or_path.to_string(),
            message: m,
        };
        let text = match BUILTIN_POLICIES.iter().find(|(n, _)| *n == name_or_path) {
            Some((_, t)) => t.to_string(),
            None => std::fs::read_to_string(name_or_path).map_err(|e| {
                let names: Vec<&str> = BUILTIN_POLICIES.iter().map(|(n, _)| *n).collect();
                err(format!("{e} (built-in profiles: {})", names.join(", ")))
            })?,
        };
        let policy: Policy = toml::from_str(&text).map_err(|e| err(e.to_string()))?;
        for level in [Level::L1, Level::L2, Level::L3, Level::L4] {
            if !policy.share.contains_key(&level) || !policy.open.contains_key(&level) {
                return Err(err(format!("share/open missing for {level}")));
            }
        }
        Ok(policy)
    }

    /// Level of `type_id` in a dataset of `category`, falling back to `default`.
    pub fn level(&self, type_id: &str, category: &str, default: Level) -> (Level, bool) {
        if let Some(l) = self
            .context_levels
            .get(category)
            .and_then(|m| m.get(type_id))
        {
            return (*l, true);
        }
        (self.levels.get(type_id).copied().unwrap_or(default), false)
    }

    pub fn share(&self, level: Level) -> &str {
        self.share
            .get(&level)
            .map(String::as_str)
            .unwrap_or("conditional")
    }

    pub fn open(&self, level: Level) -> &str {
        self.open
            .get(&level)
            .map(String::as_str)
            .unwrap_or("conditional")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_load() {
        for (name, _) in BUILTIN_POLICIES {
            let p = Policy::load(name).unwrap();
            assert_eq!(&p.id, name);
        }
        let p = Policy::load(DEFAULT_POLICY).unwrap();
        assert_eq!(p.level("cn_uscc", "organization", Level::L3).0, Level::L2);
        assert_eq!(
            p.level("cn_person_name", "organization", Level::L3).0,
            Level::L2
        );
        assert_eq!(
            p.level("cn_person_name", "personal", Level::L3).0,
            Level::L3
        );
        assert!(Policy::load("no-such-profile").is_err());
    }
}
