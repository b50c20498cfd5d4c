//! Policy profiles as data (`detectors/policy/*.toml`), one per document:
//! type → level, levels by context, the document's own level names and
//! share/open classes, what a catalogue's share type means, and each
//! proposal rule's citation and parameters.
//!
//! Loading checks a profile against the detector catalogue and the rule
//! registry: an unknown type, level, class or rule is an error, never a
//! silent default.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Level;
use crate::detect::DetectorSet;

/// The built-in profiles: name, the document it follows, its text.
pub const BUILTIN_POLICIES: &[(&str, &str)] = &[
    (
        "huainan-2023",
        include_str!("../../detectors/policy/huainan-2023.toml"),
    ),
    (
        "pingshan-2020",
        include_str!("../../detectors/policy/pingshan-2020.toml"),
    ),
    (
        "hebi-2021",
        include_str!("../../detectors/policy/hebi-2021.toml"),
    ),
    (
        "shijiazhuang-2023",
        include_str!("../../detectors/policy/shijiazhuang-2023.toml"),
    ),
    (
        "ningbo-2020",
        include_str!("../../detectors/policy/ningbo-2020.toml"),
    ),
    (
        "gbt43697-2024",
        include_str!("../../detectors/policy/gbt43697-2024.toml"),
    ),
];

pub const DEFAULT_POLICY: &str = "huainan-2023";

#[derive(Debug, thiserror::Error)]
#[error("policy {name}: {message}")]
pub struct PolicyError {
    pub name: String,
    pub message: String,
}

/// A share or open class: its id in the report and the document's term.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// What the report's `share`/`open` carries (`conditional`, `restricted`, ...).
    pub id: String,
    /// The document's own term (有条件共享, 受限共享类, ...).
    pub name: String,
    /// Other terms a catalogue may write for it (不共享 for 有条件共享或不共享).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Share or open classes by level, with the article that sets them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct ClassTable {
    pub cite: String,
    pub L1: Class,
    pub L2: Class,
    pub L3: Class,
    pub L4: Class,
}

impl ClassTable {
    pub fn of(&self, level: Level) -> &Class {
        match level {
            Level::L1 => &self.L1,
            Level::L2 => &self.L2,
            Level::L3 => &self.L3,
            Level::L4 => &self.L4,
        }
    }

    fn classes(&self) -> [&Class; 4] {
        [&self.L1, &self.L2, &self.L3, &self.L4]
    }

    /// A class by its id, the document's term or an alias (a catalogue may
    /// write any).
    pub fn find(&self, id_or_name: &str) -> Option<&Class> {
        let v = id_or_name.trim();
        if v.is_empty() {
            return None;
        }
        self.classes()
            .into_iter()
            .find(|c| c.id == v || c.name == v || c.aliases.iter().any(|a| a == v))
    }

    /// The classes as a message lists them: `有条件共享 (conditional), ...`.
    pub fn list(&self) -> String {
        let mut names: Vec<String> = self
            .classes()
            .iter()
            .map(|c| format!("{} ({})", c.name, c.id))
            .collect();
        names.dedup();
        names.join(", ")
    }
}

/// The document's names for the four levels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct LevelNames {
    pub cite: String,
    pub L1: String,
    pub L2: String,
    pub L3: String,
    pub L4: String,
}

impl LevelNames {
    pub fn of(&self, level: Level) -> &str {
        match level {
            Level::L1 => &self.L1,
            Level::L2 => &self.L2,
            Level::L3 => &self.L3,
            Level::L4 => &self.L4,
        }
    }
}

/// What a catalogue's share type means for the level (seed 001 §5.2.1).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogLevels {
    pub cite: String,
    /// Share class id → the level it sets (classes not listed leave the
    /// level to the content: 有条件共享 is L2 or L3 by personal privacy).
    #[serde(default)]
    pub share_levels: BTreeMap<String, Level>,
    /// Catalogue resource classes shared unconditionally whatever their
    /// level (seed 002 art.14: the basic databases).
    #[serde(default)]
    pub unconditional_resources: Vec<String>,
    #[serde(default)]
    pub unconditional_cite: String,
    /// Path globs of datasets the document lists as not shared (seed 004
    /// art.9's negative list); they take the `none` share class.
    #[serde(default)]
    pub negative_list: Vec<String>,
    /// The catalogue's importance (核心数据, 重要数据) → level, and its
    /// name for that level (GB/T 43697-2024: core and important data
    /// above the general data's levels).
    #[serde(default)]
    pub importance: BTreeMap<String, Level>,
    #[serde(default)]
    pub importance_cite: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub title: String,
    pub seed: String,
    /// The document's kind and standing (a municipal measure, a national standard...).
    pub source: String,
    pub levels_cite: String,
    /// Cites for the organization-subject levels (`context_levels`).
    #[serde(default)]
    pub context_cite: String,
    pub level_names: LevelNames,
    pub share: ClassTable,
    pub open: ClassTable,
    pub levels: BTreeMap<String, Level>,
    #[serde(default)]
    pub context_levels: BTreeMap<String, BTreeMap<String, Level>>,
    pub catalog: CatalogLevels,
    /// Each proposal rule's `cite` and parameters, by rule id.
    pub rules: BTreeMap<String, toml::Table>,
}

impl Policy {
    /// A built-in profile by name, or a TOML file by path, checked against
    /// the detector catalogue `set` and the rule registry.
    pub fn load(name_or_path: &str, set: &DetectorSet) -> Result<Self, PolicyError> {
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
        let table = Self::table(&text, 0).map_err(err)?;
        let policy: Policy = table
            .try_into()
            .map_err(|e: toml::de::Error| err(e.to_string()))?;
        policy.check(set).map_err(err)?;
        Ok(policy)
    }

    /// A profile's table, with the profile it `extends` (a built-in name or
    /// a file) underneath: a local profile can add a key-entity list or
    /// change a threshold and keep the rest of its document's profile.
    fn table(text: &str, depth: usize) -> Result<toml::Table, String> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let Some(base) = table.remove("extends") else {
            return Ok(table);
        };
        let base = base.as_str().ok_or("extends: not a profile name")?;
        if depth > 4 {
            return Err(format!("extends {base}: too deep"));
        }
        let text = match BUILTIN_POLICIES.iter().find(|(n, _)| *n == base) {
            Some((_, t)) => t.to_string(),
            None => std::fs::read_to_string(base).map_err(|e| format!("extends {base}: {e}"))?,
        };
        let mut merged = Self::table(&text, depth + 1)?;
        merge(&mut merged, table);
        Ok(merged)
    }

    /// Every type key names a detector; every context is a dataset
    /// category; classes are distinct per level table and the catalogue
    /// names only known classes; every rule is registered and its
    /// parameters parse.
    fn check(&self, set: &DetectorSet) -> Result<(), String> {
        let known = |id: &str| set.index_of(id).is_some();
        for id in self.levels.keys() {
            if !known(id) {
                return Err(format!("[levels] names unknown detector type {id:?}"));
            }
        }
        for (context, levels) in &self.context_levels {
            if !["personal", "organization", "other"].contains(&context.as_str()) {
                return Err(format!(
                    "[context_levels.{context}]: not a dataset category (personal, organization, other)"
                ));
            }
            for id in levels.keys() {
                if !known(id) {
                    return Err(format!(
                        "[context_levels.{context}] names unknown detector type {id:?}"
                    ));
                }
            }
        }
        for (what, table) in [("share", &self.share), ("open", &self.open)] {
            for c in table.classes() {
                if c.id.is_empty() || c.name.is_empty() {
                    return Err(format!("[{what}]: a class without id or name"));
                }
            }
        }
        for class in self.catalog.share_levels.keys() {
            if self.share_class(class).is_none() {
                return Err(format!(
                    "[catalog.share_levels] names share class {class:?}, which [share] does not have"
                ));
            }
        }
        for (id, params) in &self.rules {
            let rule = super::rules::find(id)
                .ok_or_else(|| format!("[rules.{id}]: no such proposal rule"))?;
            if params.get("cite").and_then(|c| c.as_str()).is_none() {
                return Err(format!("[rules.{id}]: cite is missing"));
            }
            (rule.check)(params).map_err(|e| format!("[rules.{id}]: {e}"))?;
        }
        for rule in super::rules::REGISTRY {
            if !self.rules.contains_key(rule.id) {
                return Err(format!(
                    "[rules.{}] is missing (every profile states every rule's citation)",
                    rule.id
                ));
            }
        }
        Ok(())
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

    /// A share class by its id, the document's term or an alias.
    pub fn share_class(&self, id_or_name: &str) -> Option<&Class> {
        self.share.find(id_or_name)
    }

    /// An open class by its id, the document's term or an alias.
    pub fn open_class(&self, id_or_name: &str) -> Option<&Class> {
        self.open.find(id_or_name)
    }

    /// A rule's citation in this profile.
    pub fn rule_cite(&self, rule: &str) -> &str {
        self.rules
            .get(rule)
            .and_then(|t| t.get("cite"))
            .and_then(|c| c.as_str())
            .unwrap_or("")
    }

    /// A rule's parameters (the profile was checked at load, so they parse).
    pub fn rule_params<T: serde::de::DeserializeOwned + Default>(&self, rule: &str) -> T {
        let mut t = self.rules.get(rule).cloned().unwrap_or_default();
        t.remove("cite");
        t.try_into().unwrap_or_default()
    }
}

/// Lay `top` over `base`: tables merge key by key, other values replace.
fn merge(base: &mut toml::Table, top: toml::Table) {
    for (k, v) in top {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => merge(b, t),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// The built-in profiles, for `fenji policies`.
pub fn builtin(set: &DetectorSet) -> Result<Vec<Policy>, PolicyError> {
    BUILTIN_POLICIES
        .iter()
        .map(|(name, _)| Policy::load(name, set))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> DetectorSet {
        DetectorSet::load(None).unwrap()
    }

    #[test]
    fn builtin_profiles_load() {
        let set = set();
        for (name, _) in BUILTIN_POLICIES {
            let p = Policy::load(name, &set).unwrap();
            assert_eq!(&p.id, name);
        }
        let p = Policy::load(DEFAULT_POLICY, &set).unwrap();
        assert_eq!(p.level("cn_uscc", "organization", Level::L3).0, Level::L2);
        assert_eq!(
            p.level("cn_person_name", "organization", Level::L3).0,
            Level::L2
        );
        assert_eq!(
            p.level("cn_person_name", "personal", Level::L3).0,
            Level::L3
        );
        assert!(Policy::load("no-such-profile", &set).is_err());
    }

    fn with(edit: impl Fn(&str) -> String) -> Result<Policy, PolicyError> {
        let dir = std::env::temp_dir().join(format!("fenji-policy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("p{}.toml", rand_suffix()));
        let text = edit(BUILTIN_POLICIES[0].1);
        std::fs::write(&path, text).unwrap();
        let r = Policy::load(path.to_str().unwrap(), &set());
        let _ = std::fs::remove_file(&path);
        r
    }

    fn rand_suffix() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        N.fetch_add(1, Ordering::Relaxed)
    }

    fn ids(t: &ClassTable) -> [&str; 4] {
        [&t.L1, &t.L2, &t.L3, &t.L4].map(|c| c.id.as_str())
    }

    fn names(t: &ClassTable) -> [&str; 4] {
        [&t.L1, &t.L2, &t.L3, &t.L4].map(|c| c.name.as_str())
    }

    /// Each profile's levels, share and open classes as its document writes
    /// them, article by article.
    #[test]
    fn profiles_follow_their_articles() {
        let set = set();
        let load = |n: &str| Policy::load(n, &set).unwrap();

        // Seed 000 art.21: levels 1 and 2 are shared unconditionally; art.22:
        // level 3 on conditions, level 4 on conditions or not at all; art.28-29:
        // level 1 opened, levels 2-4 on conditions or not; art.23-24 name
        // 敏感级 and 重要级.
        let p = load("pingshan-2020");
        assert_eq!(
            ids(&p.share),
            [
                "unconditional",
                "unconditional",
                "conditional",
                "conditional_or_none"
            ]
        );
        assert_eq!(
            ids(&p.open),
            [
                "unconditional",
                "conditional_or_none",
                "conditional_or_none",
                "conditional_or_none"
            ]
        );
        assert_eq!(p.level_names.L3, "第三级（敏感级）");
        assert_eq!(p.level_names.L4, "第四级（重要级）");
        assert_eq!(
            p.share_class("不共享").map(|c| c.id.as_str()),
            Some("conditional_or_none")
        );
        assert_eq!(p.catalog.share_levels["conditional_or_none"], Level::L4);

        // Seed 001 §5.2.1: L1 无条件共享, L2 and L3 有条件共享, L4 不予共享;
        // table 1 grades by the catalogue's share type.
        let p = load("huainan-2023");
        assert_eq!(
            names(&p.share),
            ["无条件共享", "有条件共享", "有条件共享", "不予共享"]
        );
        assert_eq!(p.catalog.share_levels["none"], Level::L4);
        assert_eq!(p.catalog.share_levels["unconditional"], Level::L1);
        // Appendix A example 2 (an enterprise register) is L2, example 3
        // (resident ID, addresses, organization code about people) L3.
        for t in [
            "cn_uscc",
            "company_name",
            "cn_person_name",
            "cn_address",
            "cn_org_code",
        ] {
            assert_eq!(p.level(t, "organization", Level::L3).0, Level::L2, "{t}");
        }
        for t in [
            "cn_resident_id",
            "cn_address",
            "cn_org_code",
            "cn_person_name",
        ] {
            assert_eq!(p.level(t, "personal", Level::L1).0, Level::L3, "{t}");
        }

        // Seed 002 art.14: three share types, the basic databases shared
        // unconditionally; art.18: three open types, privacy not opened.
        let p = load("hebi-2021");
        assert_eq!(
            names(&p.share),
            ["无条件共享", "有条件共享", "有条件共享", "不予共享"]
        );
        assert_eq!(
            names(&p.open),
            ["无条件开放", "有条件开放", "不予开放", "不予开放"]
        );
        assert!(
            p.catalog
                .unconditional_resources
                .iter()
                .any(|r| r == "人口")
        );
        assert!(
            p.catalog
                .unconditional_resources
                .iter()
                .any(|r| r == "法人")
        );
        assert_eq!(p.level_names.L4, "不予共享类");

        // Seed 003 art.20: 无条件开放, 有条件开放, 不予开放; art.22: personal
        // information is not opened.
        let p = load("shijiazhuang-2023");
        assert_eq!(
            names(&p.open),
            ["无条件开放", "有条件开放", "不予开放", "不予开放"]
        );

        // Seed 004 art.9: 无条件共享类, 受限共享类, 非共享类 (a negative list);
        // art.10: 无条件开放类, 受限开放类, 禁止开放类.
        let p = load("ningbo-2020");
        assert_eq!(
            names(&p.share),
            ["无条件共享类", "受限共享类", "受限共享类", "非共享类"]
        );
        assert_eq!(
            names(&p.open),
            ["无条件开放类", "受限开放类", "禁止开放类", "禁止开放类"]
        );
        assert_eq!(p.share_class("非共享").map(|c| c.id.as_str()), Some("none"));
        assert_eq!(p.catalog.share_levels["none"], Level::L4);

        // GB/T 43697-2024: general data in four levels, core and important
        // data above them; sensitive personal information (GB/T 45574-2025)
        // is the fourth level.
        let p = load("gbt43697-2024");
        assert_eq!(p.level_names.L1, "一般数据1级");
        assert_eq!(p.level_names.L4, "一般数据4级");
        assert_eq!(p.catalog.importance["重要数据"], Level::L4);
        assert_eq!(p.catalog.importance["核心数据"], Level::L4);
        for t in [
            "cn_resident_id",
            "bank_card",
            "cn_diagnosis",
            "icd10_code",
            "cn_religion",
        ] {
            assert_eq!(p.level(t, "personal", Level::L1).0, Level::L4, "{t}");
        }
        assert_eq!(p.level("cn_mobile", "personal", Level::L1).0, Level::L3);
    }

    /// A local profile extends a built-in one and changes only what it says.
    #[test]
    fn a_profile_extends_another() {
        let p = with(|_| {
            "extends = \"pingshan-2020\"\nid = \"local\"\n[rules.key_entity]\nusccs = [\"91340400MA2N0XXX0X\"]\n".into()
        })
        .unwrap();
        assert_eq!(p.id, "local");
        assert_eq!(p.level_names.L3, "第三级（敏感级）");
        assert_eq!(p.rule_cite("key_entity"), "seed 000 art.13(2)");
        let with_bad = with(|_| "extends = \"no-such\"\n".into()).unwrap_err();
        assert!(with_bad.message.contains("no-such"), "{with_bad}");
    }

    /// An unknown type key, level, class or rule is an error, not a silent L3.
    #[test]
    fn mistakes_in_a_profile_are_errors() {
        assert!(with(|t| t.to_string()).is_ok());
        let e = with(|t| t.replace("cn_uscc = \"L2\"", "cn_uscd = \"L2\"")).unwrap_err();
        assert!(e.message.contains("cn_uscd"), "{e}");
        let e = with(|t| t.replace("cn_uscc = \"L2\"", "cn_uscc = \"L5\"")).unwrap_err();
        assert!(e.message.contains("L5"), "{e}");
        let e = with(|t| format!("{t}\n[rules.no_such_rule]\ncite = \"x\"\n")).unwrap_err();
        assert!(e.message.contains("no_such_rule"), "{e}");
        let e = with(|t| t.replace("sensitive_rows = 100000", "sensitive_rows = \"many\""))
            .unwrap_err();
        assert!(e.message.contains("aggregation_volume"), "{e}");
    }
}
