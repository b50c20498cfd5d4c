//! The government data resource catalogue (政务信息资源目录, `--catalog`):
//! per dataset (matched by a path glob on its key) the share type, open
//! type, department, update cycle, resource class and key-entity flag the
//! catalogue records. Seed 001 §5.2.1 grades by the share type: with a
//! catalogue, 不予共享 makes L4; without one the content decides and the
//! report says the share type is unknown.
//!
//! A catalogue is CSV (a header row; English or Chinese column names) or
//! TOML (`[[dataset]]` tables).

use serde::{Deserialize, Serialize};

use super::{Context, Level, Policy, policy::Class};

/// One catalogue entry, as it applies to a dataset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogEntry {
    /// Path glob on the dataset key (`people/*`, `**/qiye_*.csv`).
    pub path: String,
    /// Resource name as the catalogue records it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// 无条件共享 / 有条件共享 / 不予共享, or the profile's class id.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub share_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub open_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub department: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub update_cycle: String,
    /// 基础类 / 主题类 (seed 001 §4.1.1), or a basic database's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_class: String,
    /// The dataset concerns a key enterprise or critical infrastructure
    /// (the key_entity rule).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub key_entity: bool,
    /// 核心数据 / 重要数据 / 一般数据 (GB/T 43697-2024), when identified.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub importance: String,
}

#[derive(Debug, thiserror::Error)]
#[error("catalog {path}: {message}")]
pub struct CatalogError {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlCatalog {
    #[serde(default)]
    dataset: Vec<CatalogEntry>,
}

/// The entries of a catalogue file, in file order (the first match wins).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<(glob::Pattern, CatalogEntry)>,
}

/// Column names a CSV catalogue may use, English or as catalogue systems
/// write them.
const COLUMNS: &[(&str, &[&str])] = &[
    ("path", &["path", "glob", "路径", "资源路径", "数据路径"]),
    ("name", &["name", "资源名称", "名称", "信息资源名称"]),
    (
        "share_type",
        &["share_type", "share", "共享类型", "共享属性"],
    ),
    ("open_type", &["open_type", "open", "开放类型", "开放属性"]),
    ("department", &["department", "提供部门", "部门", "提供方"]),
    ("update_cycle", &["update_cycle", "更新周期"]),
    (
        "resource_class",
        &["resource_class", "资源属性", "资源类型"],
    ),
    (
        "key_entity",
        &["key_entity", "重点企业", "关键信息基础设施", "重点单位"],
    ),
    ("importance", &["importance", "数据级别", "重要程度"]),
];

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "y" | "1" | "是" | "√"
    )
}

impl Catalog {
    pub fn load(path: &std::path::Path, policy: &Policy) -> Result<Catalog, CatalogError> {
        let err = |m: String| CatalogError {
            path: path.display().to_string(),
            message: m,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let is_toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        let entries = if is_toml {
            toml::from_str::<TomlCatalog>(&text)
                .map_err(|e| err(e.to_string()))?
                .dataset
        } else {
            Self::parse_csv(&text).map_err(err)?
        };
        let mut out = Vec::new();
        for (i, e) in entries.into_iter().enumerate() {
            let at = |m: String| err(format!("entry {} ({}): {m}", i + 1, e.path));
            let pattern = glob::Pattern::new(e.path.trim_matches('/'))
                .map_err(|x| at(format!("path glob: {x}")))?;
            for (what, value, classes) in [
                ("share", &e.share_type, &policy.share),
                ("open", &e.open_type, &policy.open),
            ] {
                if !value.is_empty() && classes.find(value).is_none() {
                    return Err(at(format!(
                        "{what} type {value:?} is not one of {} under profile {}",
                        classes.list(),
                        policy.id
                    )));
                }
            }
            out.push((pattern, e));
        }
        Ok(Catalog { entries: out })
    }

    fn parse_csv(text: &str) -> Result<Vec<CatalogEntry>, String> {
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut index = Vec::new();
        for h in &header {
            let field = COLUMNS
                .iter()
                .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(h)))
                .map(|(f, _)| *f)
                .ok_or_else(|| format!("unknown column {h:?}"))?;
            index.push(field);
        }
        if !index.contains(&"path") {
            return Err("no path column (path, 路径)".into());
        }
        let mut out = Vec::new();
        for row in reader.records() {
            let row = row.map_err(|e| e.to_string())?;
            let mut e = CatalogEntry::default();
            for (field, v) in index.iter().zip(row.iter()) {
                let v = v.trim().to_string();
                match *field {
                    "path" => e.path = v,
                    "name" => e.name = v,
                    "share_type" => e.share_type = v,
                    "open_type" => e.open_type = v,
                    "department" => e.department = v,
                    "update_cycle" => e.update_cycle = v,
                    "resource_class" => e.resource_class = v,
                    "importance" => e.importance = v,
                    _ => e.key_entity = truthy(&v),
                }
            }
            if !e.path.is_empty() {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The first entry whose glob matches the dataset key.
    pub fn entry(&self, key: &str) -> Option<&CatalogEntry> {
        self.entries
            .iter()
            .find(|(p, _)| matches(p, key))
            .map(|(_, e)| e)
    }
}

/// Does a path glob match a dataset key? `*` stays within one folder, `**`
/// crosses folders; a workbook's sheet (`book.xlsx#Sheet1`) matches as its
/// workbook.
pub fn matches(pattern: &glob::Pattern, key: &str) -> bool {
    let opts = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let key = key.trim_matches('/');
    let book = key.rsplit_once('#').map(|(b, _)| b).filter(|b| {
        let b = b.to_ascii_lowercase();
        [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|e| b.ends_with(e))
    });
    pattern.matches_with(key, opts) || book.is_some_and(|b| pattern.matches_with(b, opts))
}

/// [`matches`] for a glob given as text (an invalid glob matches nothing).
pub fn glob_matches(glob: &str, key: &str) -> bool {
    glob::Pattern::new(glob.trim_matches('/')).is_ok_and(|p| matches(&p, key))
}

/// What the catalogue makes of the level: the level, the share class it
/// records (when it records one), its reason, the share type as the report
/// states it, and the document's name for an important or core dataset.
pub(super) struct ByCatalog {
    pub level: Level,
    pub share: Option<Class>,
    pub share_type: String,
    pub reason: Option<String>,
    pub level_name: Option<String>,
}

/// The dataset's level given its content level and its catalogue entry:
/// the share type's level under the profile (seed 001 §5.2.1, table 1) when
/// it is higher; a dataset on the profile's negative list is not shared;
/// important and core data (GB/T 43697-2024) take the profile's level for them.
pub(super) fn level(policy: &Policy, cx: &Context, content: Level) -> ByCatalog {
    let mut out = by_share_type(policy, cx, content);
    let Some(e) = cx.catalog.as_ref().filter(|e| !e.importance.is_empty()) else {
        return out;
    };
    if let Some(&l) = policy.catalog.importance.get(e.importance.trim()) {
        let why = format!(
            "{} recorded in the catalogue → {l} ({})",
            e.importance, policy.catalog.importance_cite
        );
        out.reason = Some(match out.reason {
            Some(r) => format!("{why}; {r}"),
            None => why,
        });
        out.level = out.level.max(l);
        out.level_name = Some(e.importance.trim().to_string());
    }
    out
}

fn by_share_type(policy: &Policy, cx: &Context, content: Level) -> ByCatalog {
    let negative = policy
        .catalog
        .negative_list
        .iter()
        .find(|g| glob_matches(g, &cx.key));
    let recorded = cx
        .catalog
        .as_ref()
        .filter(|e| !e.share_type.is_empty())
        .and_then(|e| policy.share_class(&e.share_type).cloned());
    let (class, source) = match (negative, recorded) {
        (Some(g), _) => (
            policy.share.L4.clone(),
            format!("on the profile's negative list ({g})"),
        ),
        (None, Some(c)) => (c, "recorded in the catalogue".to_string()),
        (None, None) => {
            let share = basic_share(policy, cx);
            let reason = share.as_ref().map(|c| {
                format!(
                    "a basic database ({}) is shared {} ({})",
                    cx.catalog
                        .as_ref()
                        .map_or("", |e| e.resource_class.as_str()),
                    c.name,
                    policy.catalog.unconditional_cite
                )
            });
            return ByCatalog {
                level: content,
                share,
                share_type: "unknown".into(),
                reason,
                level_name: None,
            };
        }
    };
    let by_share = policy.catalog.share_levels.get(&class.id).copied();
    let cite = &policy.catalog.cite;
    let (level, reason) = match by_share {
        Some(l) if l > content => (
            l,
            format!("share type {} {source} → {l} ({cite})", class.name),
        ),
        Some(l) if l < content => (
            content,
            format!(
                "share type {} {source} means {l} ({cite}), but the content is {content}: the share type needs review",
                class.name
            ),
        ),
        _ => (
            content,
            format!("share type {} {source} ({cite})", class.name),
        ),
    };
    ByCatalog {
        level,
        share_type: class.id.clone(),
        share: Some(class),
        reason: Some(reason),
        level_name: None,
    }
}

/// A basic database the profile shares unconditionally (seed 002 art.14).
fn basic_share(policy: &Policy, cx: &Context) -> Option<Class> {
    let e = cx.catalog.as_ref()?;
    let basic = policy
        .catalog
        .unconditional_resources
        .iter()
        .any(|r| !e.resource_class.is_empty() && e.resource_class.contains(r.as_str()));
    basic.then(|| policy.share.L1.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::DetectorSet;

    fn policy(name: &str) -> Policy {
        Policy::load(name, &DetectorSet::load(None).unwrap()).unwrap()
    }

    fn load(name: &str, text: &str, p: &Policy) -> Result<Catalog, CatalogError> {
        let dir = std::env::temp_dir().join(format!("fenji-catalog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let r = Catalog::load(&path, p);
        let _ = std::fs::remove_file(&path);
        r
    }

    #[test]
    fn csv_with_chinese_headers_and_toml_read_alike() {
        let p = policy("huainan-2023");
        let csv = load(
            "c.csv",
            "\u{feff}资源路径,资源名称,共享类型,提供部门,重点企业\npeople/*,人口基本信息,有条件共享,市公安局,否\nenterprise/qiye_*.csv,企业登记,无条件共享,市市场监管局,是\n",
            &p,
        )
        .unwrap();
        let toml = load(
            "c.toml",
            "[[dataset]]\npath = \"people/*\"\nname = \"人口基本信息\"\nshare_type = \"有条件共享\"\ndepartment = \"市公安局\"\n\n[[dataset]]\npath = \"enterprise/qiye_*.csv\"\nname = \"企业登记\"\nshare_type = \"无条件共享\"\ndepartment = \"市市场监管局\"\nkey_entity = true\n",
            &p,
        )
        .unwrap();
        for c in [&csv, &toml] {
            let e = c.entry("people/renkou_jbxx.parquet").unwrap();
            assert_eq!(
                (e.share_type.as_str(), e.department.as_str()),
                ("有条件共享", "市公安局")
            );
            assert!(c.entry("/enterprise/qiye_djxx.csv/").unwrap().key_entity);
            assert!(c.entry("stats/tongji_gdp.csv").is_none());
        }
    }

    #[test]
    fn share_types_grade_as_table_1_says() {
        let p = policy("huainan-2023");
        let cx = |share: &str| Context {
            key: "k".into(),
            rows: 1,
            rows_exact: true,
            as_of: chrono::Utc::now(),
            catalog: Some(CatalogEntry {
                path: "k".into(),
                share_type: share.into(),
                ..Default::default()
            }),
        };
        assert_eq!(level(&p, &cx("不予共享"), Level::L1).level, Level::L4);
        assert_eq!(level(&p, &cx("有条件共享"), Level::L1).level, Level::L2);
        assert_eq!(level(&p, &cx("有条件共享"), Level::L3).level, Level::L3);
        // 无条件共享 but personal data found: the content stands, flagged.
        let b = level(&p, &cx("无条件共享"), Level::L3);
        assert_eq!(b.level, Level::L3);
        assert!(b.reason.unwrap().contains("needs review"));
        let none = Context {
            catalog: None,
            ..cx("")
        };
        assert_eq!(level(&p, &none, Level::L2).share_type, "unknown");
        // Important data under the national standard.
        let g = policy("gbt43697-2024");
        let mut important = cx("");
        important.catalog.as_mut().unwrap().importance = "重要数据".into();
        let b = level(&g, &important, Level::L2);
        assert_eq!(
            (b.level, b.level_name.as_deref()),
            (Level::L4, Some("重要数据"))
        );
        // A basic database is shared unconditionally under seed 002 art.14.
        let h = policy("hebi-2021");
        let mut basic = cx("");
        basic.catalog.as_mut().unwrap().resource_class = "人口基础库".into();
        assert_eq!(
            level(&h, &basic, Level::L3).share.unwrap().id,
            "unconditional"
        );
    }

    #[test]
    fn an_unknown_share_type_is_an_error() {
        let p = policy("ningbo-2020");
        let e = load("c.csv", "path,share_type\na/*,不予共享\n", &p).unwrap_err();
        assert!(e.message.contains("非共享类"), "{e}");
        assert!(load("c.csv", "path,share_type\na/*,非共享\n", &p).is_ok());
        assert!(load("c.csv", "where,share_type\na/*,非共享\n", &p).is_err());
    }
}
