//! 政府采购预算表: one row per purchased item, amounts by fund source (the fund columns are
//! edition data), and the share reserved for small and medium enterprises.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::amount;
use super::table::Cells;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcurementTable {
    #[serde(default)]
    pub rows: Vec<ProcurementRow>,
    /// The 合计 row when the document states one.
    #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
    pub total: Option<ProcurementTotal>,
    /// Notes under the table (“注：同一采购目录序号的物品…”, “注：无政府采购预算，空表列示。”).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcurementRow {
    /// 政府采购项目来源 — 项目名称.
    pub project: String,
    /// 政府采购项目来源 — 预算资金.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub project_budget: Option<Decimal>,
    /// 采购物品名称.
    #[serde(default)]
    pub item: String,
    /// 政府采购目录序号 (A… goods, B… works, C… services).
    #[serde(default)]
    pub catalog_code: String,
    /// 计量单位.
    #[serde(default)]
    pub unit: String,
    /// 数量.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Decimal>,
    /// 单价 (万元).
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Decimal>,
    /// 政府采购金额 by fund column (合计 and the sources of the edition).
    #[serde(default)]
    pub funds: Cells,
    /// 预留中小微企业份额.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub sme_reserved: Option<Decimal>,
    /// A per-unit 小计 row as budget systems print them (“某某单位（本级）小计”, its label in
    /// `project`): its amounts are the sum of its unit's item rows, not an item.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub subtotal: bool,
}

impl ProcurementTable {
    /// For each 小计 row, the item rows it sums. Budget systems print a unit's 小计 above its
    /// items (合计, then 小计, items, 小计, items …); when the table does not start with a 小计, the
    /// 小计 rows close their groups instead (items, 小计, items, 小计).
    pub fn subtotal_groups(&self) -> Vec<(usize, Vec<usize>)> {
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        let heads = self.rows.first().is_some_and(|r| r.subtotal);
        let mut pending: Vec<usize> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            match (row.subtotal, heads) {
                (true, true) => groups.push((i, Vec::new())),
                (true, false) => groups.push((i, std::mem::take(&mut pending))),
                (false, true) => {
                    if let Some((_, items)) = groups.last_mut() {
                        items.push(i);
                    }
                }
                (false, false) => pending.push(i),
            }
        }
        groups
    }

    /// The item rows (everything but 小计 rows), with their positions.
    pub fn items(&self) -> impl Iterator<Item = (usize, &ProcurementRow)> {
        self.rows.iter().enumerate().filter(|(_, r)| !r.subtotal)
    }
}

/// The 预算资金 of item rows with each project's budget counted once: budget systems repeat a
/// project's name and 预算资金 on every item row of the project (merged cells in the printed
/// table), so a row of the same project as the row before that states the same budget, or none,
/// is the same budget. A project listed again with another amount (广阳 2022: 政务管理经费 80 and
/// 140, one line each) is another budget line and counts.
pub fn project_budget_sum<'r>(rows: impl IntoIterator<Item = &'r ProcurementRow>) -> Decimal {
    let mut sum = Decimal::ZERO;
    let mut previous: Option<(&str, Option<Decimal>)> = None;
    for row in rows {
        let project = row.project.trim();
        let continues = previous.is_some_and(|(name, budget)| {
            (project.is_empty() || project == name) && (row.project_budget.is_none() || row.project_budget == budget)
        });
        if !continues {
            sum += row.project_budget.unwrap_or_default();
            previous = Some((project, row.project_budget));
        }
    }
    sum
}

/// The amounts of the 合计 row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcurementTotal {
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub project_budget: Option<Decimal>,
    #[serde(default)]
    pub funds: Cells,
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub sme_reserved: Option<Decimal>,
}
