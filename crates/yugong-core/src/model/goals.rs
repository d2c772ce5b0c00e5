//! Performance goals (绩效目标): one 绩效目标表 per project, and the indicator rows shared with the
//! department-wide 整体支出绩效指标 table.
//!
//! The 2022 shape is a goal text plus the indicator grid. The 2024 shape adds a header block:
//! 项目编码, 项目名称, 预算数 = 财政资金 + 其他资金, 资金用途 and the quarterly 资金支出计划. One
//! struct holds both; which header fields a document shows is decided by its edition.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::amount;

/// The 绩效目标表 of one project.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectGoal {
    /// 项目名称 (the table is titled “{name}绩效目标表”).
    pub name: String,
    /// 项目编码 (2024 shape), e.g. "13063024P000092100025".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// 预算数 in 万元 (2024 shape).
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub budget: Option<Decimal>,
    /// 其中：财政资金.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub fiscal_funds: Option<Decimal>,
    /// 其中：其他资金.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub other_funds: Option<Decimal>,
    /// 资金用途.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// 资金支出计划: cumulative amounts by the end of March, June, October and December.
    #[serde(default, skip_serializing_if = "SpendingPlan::is_blank")]
    pub plan: SpendingPlan,
    /// 绩效目标: the goal text as written, usually numbered lines (“1.…”).
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// 资金支出计划 by quarter ends; blank quarters are stated as blank in real tables.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendingPlan {
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub march: Option<Decimal>,
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub june: Option<Decimal>,
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub october: Option<Decimal>,
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub december: Option<Decimal>,
}

impl SpendingPlan {
    pub fn is_blank(&self) -> bool {
        self.quarters().iter().all(Option::is_none)
    }

    /// March, June, October, December.
    pub fn quarters(&self) -> [Option<Decimal>; 4] {
        [self.march, self.june, self.october, self.december]
    }
}

/// One indicator row: 一级指标 / 二级指标 / 三级指标, 描述, 指标值, 指标值确定依据.
///
/// Published tables merge the 一级/二级 cells of consecutive rows; the model stores them on every
/// row so rows can be reordered, and the layout merges equal neighbours again.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标, e.g. 产出指标 / 效益指标 / 满意度指标 (kept as written, even 效果指标).
    pub level1: String,
    /// 二级指标, e.g. 数量指标.
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// 评（扣）分标准: only the department-wide indicator table has this column.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scoring: String,
    /// 绩效指标描述.
    #[serde(default)]
    pub description: String,
    /// 指标值.
    pub value: IndicatorValue,
    /// 指标值确定依据.
    #[serde(default)]
    pub basis: String,
}

/// 指标值: either a measurable target (operator, number, unit) or a free-text target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndicatorValue {
    /// “≥95%”, “≤10次”, “100%”, “≥95百分比”, “≤0.24万元”.
    Target {
        /// Absent when the cell states only a value (“100%”).
        #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
        op: Option<Comparison>,
        #[serde(with = "amount::decimal")]
        number: Decimal,
        #[serde(default)]
        unit: String,
    },
    /// “有效提升”, “每季度发放”, “符合国家标准”.
    Text(String),
}

impl Default for IndicatorValue {
    fn default() -> Self {
        IndicatorValue::Text(String::new())
    }
}

/// The comparison of a measurable target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    /// ≥
    AtLeast,
    /// ≤
    AtMost,
    /// =
    Equal,
    /// >
    Above,
    /// <
    Below,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::AtMost => "≤",
            Comparison::Equal => "=",
            Comparison::Above => ">",
            Comparison::Below => "<",
        }
    }

    /// Reads the symbols people actually type: ≥ ≤ = > < and their ASCII/full-width spellings.
    pub fn from_symbol(symbol: &str) -> Option<Comparison> {
        Some(match symbol.trim() {
            "≥" | ">=" | "＞＝" | "≧" => Comparison::AtLeast,
            "≤" | "<=" | "＜＝" | "≦" => Comparison::AtMost,
            "=" | "＝" => Comparison::Equal,
            ">" | "＞" => Comparison::Above,
            "<" | "＜" => Comparison::Below,
            _ => return None,
        })
    }
}

impl IndicatorValue {
    /// Reads an 指标值 cell as printed. A cell is a measurable target only when it is exactly an
    /// optional operator, a number and a short unit; anything else stays text, verbatim.
    pub fn parse(cell: &str) -> IndicatorValue {
        let text = cell.trim();
        let (op, rest) = split_operator(text);
        let number_len = rest
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        let (number_text, unit) = rest.split_at(number_len);
        let unit_is_plain = unit.chars().count() <= 6 && !unit.chars().any(|c| c.is_ascii_digit() || c.is_whitespace());
        match amount::parse_canonical(number_text) {
            Ok(number) if unit_is_plain && (op.is_some() || !number_text.is_empty()) => {
                IndicatorValue::Target { op, number, unit: unit.to_string() }
            }
            _ => IndicatorValue::Text(text.to_string()),
        }
    }

    /// The measurable target, if this is one.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            IndicatorValue::Target { number, .. } => Some(*number),
            IndicatorValue::Text(_) => None,
        }
    }
}

fn split_operator(text: &str) -> (Option<Comparison>, &str) {
    for symbol in [">=", "<=", "＞＝", "＜＝", "≥", "≤", "≧", "≦", "=", "＝", ">", "＞", "<", "＜"] {
        if let Some(rest) = text.strip_prefix(symbol) {
            return (Comparison::from_symbol(symbol), rest.trim_start());
        }
    }
    (None, text)
}

impl fmt::Display for IndicatorValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndicatorValue::Target { op, number, unit } => {
                if let Some(op) = op {
                    f.write_str(op.symbol())?;
                }
                write!(f, "{number}{unit}")
            }
            IndicatorValue::Text(text) => f.write_str(text),
        }
    }
}

impl FromStr for IndicatorValue {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(IndicatorValue::parse(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(op: Option<Comparison>, number: &str, unit: &str) -> IndicatorValue {
        IndicatorValue::Target { op, number: amount::parse_canonical(number).unwrap(), unit: unit.into() }
    }

    #[test]
    fn measurable_targets_from_the_seeds() {
        assert_eq!(IndicatorValue::parse("≥5000份"), target(Some(Comparison::AtLeast), "5000", "份"));
        assert_eq!(IndicatorValue::parse("≤10次"), target(Some(Comparison::AtMost), "10", "次"));
        assert_eq!(IndicatorValue::parse("100%"), target(None, "100", "%"));
        assert_eq!(IndicatorValue::parse("≥95百分比"), target(Some(Comparison::AtLeast), "95", "百分比"));
        assert_eq!(IndicatorValue::parse("≤0.24万元"), target(Some(Comparison::AtMost), "0.24", "万元"));
        assert_eq!(IndicatorValue::parse("≤38771平方米"), target(Some(Comparison::AtMost), "38771", "平方米"));
        assert_eq!(IndicatorValue::parse("3个"), target(None, "3", "个"));
        assert_eq!(IndicatorValue::parse(">= 95%"), target(Some(Comparison::AtLeast), "95", "%"));
    }

    #[test]
    fn free_text_targets_stay_verbatim() {
        for text in ["有效提高", "每季度发放", "符合国家标准", "及时发放户数占总应发户数的比例100%", ""]
        {
            assert_eq!(IndicatorValue::parse(text), IndicatorValue::Text(text.into()), "{text}");
        }
    }

    #[test]
    fn display_reproduces_the_printed_cell() {
        for cell in ["≥5000份", "≤10次", "100%", "≥95百分比", "≤0.24万元", "有效提升", "≤156.4万元", "98%"]
        {
            assert_eq!(IndicatorValue::parse(cell).to_string(), cell);
        }
    }
}
