//! The disclosure as a document: everything a published 部门预算公开 contains.
//!
//! Pure data with serde derives, no I/O. A `Project` holds what the document states; derived
//! values and checks live in `calc` and `audit`, layouts and row lists in `catalog`.

pub mod amount;
pub mod assets;
pub mod goals;
pub mod narrative;
pub mod prior_year;
pub mod procurement;
pub mod review;
pub mod table;

use serde::{Deserialize, Serialize};

/// `#[serde(default, with = "bare_option", skip_serializing_if = "Option::is_none")]`: writes a
/// present optional value bare (`op: AtLeast`, `total: (…)`) instead of RON's `Some(…)`; an absent
/// field means `None`. Keeps files readable for the people who diff them.
pub(crate) mod bare_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize(deserializer).map(Some)
    }
}

pub use assets::{AssetLine, AssetTable, Quantity};
pub use goals::{Comparison, Indicator, IndicatorValue, ProjectGoal, SpendingPlan};
pub use narrative::{DepartmentGoals, Duties, GlossaryEntry, GoalItem, Narrative, NarrativeSection, Overview, SubUnit};
pub use prior_year::PriorYear;
pub use procurement::{ProcurementRow, ProcurementTable, ProcurementTotal};
pub use review::{Acceptance, Anchor, Comment, CommentStatus, Reply, Review, ReviewState, StatusChange};
pub use table::{Cells, Row, Segment, StandardTables, Table, TableId};

/// One department's budget disclosure for one year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub meta: Meta,
    pub tables: StandardTables,
    #[serde(default)]
    pub narrative: Narrative,
    /// One 绩效目标表 per project, in publication order.
    #[serde(default)]
    pub goals: Vec<ProjectGoal>,
    #[serde(default)]
    pub procurement: ProcurementTable,
    #[serde(default)]
    pub assets: AssetTable,
    /// Last year's key figures for the 比上年 sentences, when known (not written when absent, so
    /// files without it keep their canonical text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_year: Option<PriorYear>,
    /// Classification codes the budget system's own workbook carried that the built-in 科目表
    /// lacks, with the workbook's names: written by the Excel import, never by typing. The audit
    /// takes them as known (the budget system is the authority on its own codes) and reports
    /// DICT-UNKNOWN only for codes typed by hand. Kept in the file, not in the user's settings,
    /// so a reviewer opening the file elsewhere sees the same findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learned_codes: Vec<LearnedCode>,
    /// 批注, 已说明 and the review status (`review.rs`); left out of the file while empty, so a
    /// file nobody reviewed is written as before.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
}

/// A code and its name as the budget system's workbook printed them (function codes start with 2,
/// economic ones with 3, so the code alone says which list it belongs to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnedCode {
    pub code: String,
    pub name: String,
}

impl Project {
    /// The workbook's name of a learned code.
    pub fn learned_name(&self, code: &str) -> Option<&str> {
        self.learned_codes.iter().find(|c| c.code == code).map(|c| c.name.as_str())
    }
}

/// Who publishes, for which year, under which edition of the templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The budget system's unit code, e.g. "434" (printed before the name: “434高阳县人民政府办公室”).
    /// Some documents print no code.
    #[serde(default)]
    pub unit_code: String,
    /// 单位名称, e.g. “高阳县人民政府办公室”.
    pub unit_name: String,
    /// 预算年度.
    pub budget_year: u16,
    /// Edition id of the templates, e.g. "hebei-2022".
    pub edition: String,
    /// 金额单位 of all money columns.
    #[serde(default)]
    pub money_unit: MoneyUnit,
    /// Government level, for level words in the text (县级财政, 区级单位 …).
    #[serde(default)]
    pub level: AdminLevel,
    /// Whether the document speaks of a 部门 (department) or a 单位 (unit) budget.
    #[serde(default)]
    pub entity: Entity,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            unit_code: String::new(),
            unit_name: String::new(),
            budget_year: 2024,
            edition: String::new(),
            money_unit: MoneyUnit::default(),
            level: AdminLevel::default(),
            entity: Entity::default(),
        }
    }
}

impl Meta {
    /// The unit line printed above every table: code and name run together (“434高阳县人民政府办公室”).
    pub fn unit_line(&self) -> String {
        format!("{}{}", self.unit_code, self.unit_name)
    }
}

/// 金额单位. Disclosures are published in 万元; 元 exists in budget-system exports and is converted
/// on import, so it is kept here only to describe such sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MoneyUnit {
    #[default]
    /// 万元
    Wan,
    /// 元
    Yuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yuan => "元",
        }
    }
}

/// The level of government the unit belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AdminLevel {
    /// 县
    #[default]
    County,
    /// 区
    District,
    /// 市
    City,
    /// 省
    Province,
}

impl AdminLevel {
    pub const ALL: [AdminLevel; 4] = [AdminLevel::County, AdminLevel::District, AdminLevel::City, AdminLevel::Province];

    /// The level word used in the text: 县 / 区 / 市 / 省.
    pub fn word(self) -> &'static str {
        match self {
            AdminLevel::County => "县",
            AdminLevel::District => "区",
            AdminLevel::City => "市",
            AdminLevel::Province => "省",
        }
    }

    pub fn from_word(word: &str) -> Option<AdminLevel> {
        AdminLevel::ALL.into_iter().find(|l| l.word() == word)
    }
}

/// 部门 or 单位: a department publishes a 部门预算, a single unit a 单位预算.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Entity {
    #[default]
    /// 部门
    Department,
    /// 单位
    Unit,
}

impl Entity {
    pub fn word(self) -> &'static str {
        match self {
            Entity::Department => "部门",
            Entity::Unit => "单位",
        }
    }
}
