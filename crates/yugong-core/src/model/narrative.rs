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

/// One narrative text's place in the 情况说明: what audit findings point at, what the editor's
/// search opens and what drafting writes. The stable `key` is what `yugong check --format json`
/// prints (“overview.income”); the order of [`NarrativeSection::ALL`] is the order of the texts
/// in [`NarrativeSection::texts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NarrativeSection {
    Preamble,
    DutiesIntro,
    OverviewIntro,
    OverviewIncome,
    OverviewExpense,
    OverviewChange,
    OperatingCosts,
    ThreePublic,
    DepartmentGoalsOverall,
    DepartmentGoalsSafeguards,
    SpecialFunds,
    Procurement,
    Assets,
    OtherMatters,
    DutiesItems,
    DepartmentGoalsItems,
    Glossary,
}

impl NarrativeSection {
    pub const ALL: [NarrativeSection; 17] = [
        NarrativeSection::Preamble,
        NarrativeSection::DutiesIntro,
        NarrativeSection::OverviewIntro,
        NarrativeSection::OverviewIncome,
        NarrativeSection::OverviewExpense,
        NarrativeSection::OverviewChange,
        NarrativeSection::OperatingCosts,
        NarrativeSection::ThreePublic,
        NarrativeSection::DepartmentGoalsOverall,
        NarrativeSection::DepartmentGoalsSafeguards,
        NarrativeSection::SpecialFunds,
        NarrativeSection::Procurement,
        NarrativeSection::Assets,
        NarrativeSection::OtherMatters,
        NarrativeSection::DutiesItems,
        NarrativeSection::DepartmentGoalsItems,
        NarrativeSection::Glossary,
    ];

    /// The stable key (the model's field path), printed in JSON findings.
    pub fn key(self) -> &'static str {
        match self {
            NarrativeSection::Preamble => "preamble",
            NarrativeSection::DutiesIntro => "duties.intro",
            NarrativeSection::DutiesItems => "duties.items",
            NarrativeSection::OverviewIntro => "overview.intro",
            NarrativeSection::OverviewIncome => "overview.income",
            NarrativeSection::OverviewExpense => "overview.expense",
            NarrativeSection::OverviewChange => "overview.change",
            NarrativeSection::OperatingCosts => "operating_costs",
            NarrativeSection::ThreePublic => "three_public",
            NarrativeSection::DepartmentGoalsOverall => "department_goals.overall",
            NarrativeSection::DepartmentGoalsItems => "department_goals.items",
            NarrativeSection::DepartmentGoalsSafeguards => "department_goals.safeguards",
            NarrativeSection::SpecialFunds => "special_funds",
            NarrativeSection::Procurement => "procurement",
            NarrativeSection::Assets => "assets",
            NarrativeSection::Glossary => "glossary",
            NarrativeSection::OtherMatters => "other_matters",
        }
    }

    /// The section a stable key names.
    pub fn from_key(key: &str) -> Option<NarrativeSection> {
        NarrativeSection::ALL.into_iter().find(|section| section.key() == key)
    }

    /// The Chinese name of the text (the PDF's subheading for the three parts of 总体情况).
    pub fn heading(self) -> &'static str {
        match self {
            NarrativeSection::Preamble => "开篇说明",
            NarrativeSection::DutiesIntro => "职责概述",
            NarrativeSection::DutiesItems => "主要职责",
            NarrativeSection::OverviewIntro => "总体情况",
            NarrativeSection::OverviewIncome => "收入说明",
            NarrativeSection::OverviewExpense => "支出说明",
            NarrativeSection::OverviewChange => "与上年增减情况",
            NarrativeSection::OperatingCosts => "机关运行经费",
            NarrativeSection::ThreePublic => "“三公”经费",
            NarrativeSection::DepartmentGoalsOverall => "整体绩效目标",
            NarrativeSection::DepartmentGoalsItems => "分项绩效目标",
            NarrativeSection::DepartmentGoalsSafeguards => "工作保障措施",
            NarrativeSection::SpecialFunds => "专项资金",
            NarrativeSection::Procurement => "政府采购预算",
            NarrativeSection::Assets => "国有资产",
            NarrativeSection::Glossary => "名词解释",
            NarrativeSection::OtherMatters => "其他需要说明的事项",
        }
    }

    /// Every narrative text with its section, in the order of [`NarrativeSection::ALL`] (the
    /// lists — duties, goal items, glossary — one entry per text).
    pub fn texts(narrative: &Narrative) -> Vec<(NarrativeSection, &str)> {
        let mut out = Vec::new();
        for section in NarrativeSection::ALL {
            match section {
                NarrativeSection::DutiesItems => {
                    out.extend(narrative.duties.items.iter().map(|item| (section, item.as_str())));
                }
                NarrativeSection::DepartmentGoalsItems => {
                    for item in &narrative.department_goals.items {
                        out.extend([
                            (section, item.title.as_str()),
                            (section, item.goal.as_str()),
                            (section, item.indicator.as_str()),
                        ]);
                    }
                }
                NarrativeSection::Glossary => {
                    out.extend(narrative.glossary.iter().map(|entry| (section, entry.definition.as_str())));
                }
                single => {
                    if let Some(text) = single.text(narrative) {
                        out.push((single, text));
                    }
                }
            }
        }
        out
    }

    /// The text of a single-text section (`None` for the lists).
    pub fn text(self, narrative: &Narrative) -> Option<&str> {
        let n = narrative;
        Some(match self {
            NarrativeSection::Preamble => &n.preamble,
            NarrativeSection::DutiesIntro => &n.duties.intro,
            NarrativeSection::OverviewIntro => &n.overview.intro,
            NarrativeSection::OverviewIncome => &n.overview.income,
            NarrativeSection::OverviewExpense => &n.overview.expense,
            NarrativeSection::OverviewChange => &n.overview.change,
            NarrativeSection::OperatingCosts => &n.operating_costs,
            NarrativeSection::ThreePublic => &n.three_public,
            NarrativeSection::DepartmentGoalsOverall => &n.department_goals.overall,
            NarrativeSection::DepartmentGoalsSafeguards => &n.department_goals.safeguards,
            NarrativeSection::SpecialFunds => &n.special_funds,
            NarrativeSection::Procurement => &n.procurement,
            NarrativeSection::Assets => &n.assets,
            NarrativeSection::OtherMatters => &n.other_matters,
            NarrativeSection::DutiesItems | NarrativeSection::DepartmentGoalsItems | NarrativeSection::Glossary => {
                return None;
            }
        })
    }

    /// The text of a single-text section, for writing (`None` for the lists).
    pub fn text_mut(self, narrative: &mut Narrative) -> Option<&mut String> {
        let n = narrative;
        Some(match self {
            NarrativeSection::Preamble => &mut n.preamble,
            NarrativeSection::DutiesIntro => &mut n.duties.intro,
            NarrativeSection::OverviewIntro => &mut n.overview.intro,
            NarrativeSection::OverviewIncome => &mut n.overview.income,
            NarrativeSection::OverviewExpense => &mut n.overview.expense,
            NarrativeSection::OverviewChange => &mut n.overview.change,
            NarrativeSection::OperatingCosts => &mut n.operating_costs,
            NarrativeSection::ThreePublic => &mut n.three_public,
            NarrativeSection::DepartmentGoalsOverall => &mut n.department_goals.overall,
            NarrativeSection::DepartmentGoalsSafeguards => &mut n.department_goals.safeguards,
            NarrativeSection::SpecialFunds => &mut n.special_funds,
            NarrativeSection::Procurement => &mut n.procurement,
            NarrativeSection::Assets => &mut n.assets,
            NarrativeSection::OtherMatters => &mut n.other_matters,
            NarrativeSection::DutiesItems | NarrativeSection::DepartmentGoalsItems | NarrativeSection::Glossary => {
                return None;
            }
        })
    }
}

impl std::fmt::Display for NarrativeSection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_keys_are_unique_and_round_trip() {
        for section in NarrativeSection::ALL {
            assert_eq!(NarrativeSection::from_key(section.key()), Some(section));
        }
        let mut keys: Vec<_> = NarrativeSection::ALL.iter().map(|s| s.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), NarrativeSection::ALL.len());
        assert_eq!(NarrativeSection::from_key("nonsense"), None);
    }
}
