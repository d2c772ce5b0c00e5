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
