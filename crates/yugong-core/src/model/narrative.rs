//! The 情况说明 (narrative) of a disclosure: every section's text as written.
//!
//! Section headings and their numbering (一、二、… or 第一部分) come from the edition; the model
//! holds the content. Multi-paragraph text is one string with a line break between paragraphs.

use serde::{Deserialize, Serialize};

use super::goals::Indicator;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// The opening paragraph: “按照《中华人民共和国预算法》…现将…公开如下：”.
    #[serde(default)]
    pub preamble: String,
    /// 一、部门职责及机构设置情况.
    #[serde(default)]
    pub duties: Duties,
    /// The 机构设置 table (单位名称 / 单位性质 / 单位规格 / 经费保障形式).
    #[serde(default)]
    pub sub_units: Vec<SubUnit>,
    /// 二、部门预算安排的总体情况.
    #[serde(default)]
    pub overview: Overview,
    /// 三、机关运行经费安排情况.
    #[serde(default)]
    pub operating_costs: String,
    /// 四、财政拨款“三公”经费预算情况及增减变化原因.
    #[serde(default)]
    pub three_public: String,
    /// 部门整体绩效目标.
    #[serde(default)]
    pub department_goals: DepartmentGoals,
    /// 专项资金绩效目标 / 部门主管专项资金预算安排情况 (often “无”, or nothing at all).
    #[serde(default)]
    pub special_funds: String,
    /// 政府采购预算情况: the text above the procurement table.
    #[serde(default)]
    pub procurement: String,
    /// 国有资产信息: the text above the fixed asset table.
    #[serde(default)]
    pub assets: String,
    /// 名词解释.
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// 其他需要说明的事项.
    #[serde(default)]
    pub other_matters: String,
}

/// 部门职责: an optional lead-in sentence and the list of duties. Items are kept exactly as
/// written, numbering included, because documents number them in different styles or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duties {
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub items: Vec<String>,
}

/// One row of the 机构设置 table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubUnit {
    /// 单位名称.
    pub name: String,
    /// 单位性质 (行政 / 事业 / 行政单位 …).
    #[serde(default)]
    pub nature: String,
    /// 单位规格 (正科级 / 股级 …).
    #[serde(default)]
    pub rank: String,
    /// 经费保障形式 (财政拨款 / 财政性资金基本保证 …).
    #[serde(default)]
    pub funding: String,
}

/// 部门预算安排的总体情况.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    /// “按照预算管理有关规定，目前…实行综合预算管理…”.
    #[serde(default)]
    pub intro: String,
    /// 收入说明.
    #[serde(default)]
    pub income: String,
    /// 支出说明.
    #[serde(default)]
    pub expense: String,
    /// 比上年增减情况.
    #[serde(default)]
    pub change: String,
}

/// 部门整体绩效目标.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentGoals {
    /// 总体绩效目标 (may be several paragraphs).
    #[serde(default)]
    pub overall: String,
    /// An optional line before the list of 分项绩效目标 (“分项绩效目标：”).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub items_intro: String,
    /// 分项绩效目标.
    #[serde(default)]
    pub items: Vec<GoalItem>,
    /// 工作保障措施 (several paragraphs).
    #[serde(default)]
    pub safeguards: String,
    /// 整体支出绩效指标 table, when the document has one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

/// One 分项绩效目标: a titled work area with its goal and indicator sentences.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalItem {
    /// The work area, e.g. “政务管理工作” (printed as “1、政务管理工作”).
    pub title: String,
    /// The text after “绩效目标：”.
    #[serde(default)]
    pub goal: String,
    /// The text after “绩效指标：”.
    #[serde(default)]
    pub indicator: String,
}

/// One 名词解释 entry, printed as “N、term：definition”.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
}
