//! 上年数: last year's key figures, which the 比上年 sentences of the narrative compare against.
//!
//! Optional in the project file (absent in files made before it existed, and then not written);
//! taken from last year's yugong file (`PriorYear::from_project`) or typed. Every figure is
//! optional: a figure nobody knows stays blank and the drafted sentence keeps a slot for it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Project, amount};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorYear {
    /// The year these figures belong to (the budget year before the project's).
    pub year: u16,
    /// 收支总额 (支出总表 合计).
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub total: Option<Decimal>,
    /// 基本支出.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub basic: Option<Decimal>,
    /// 项目支出.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub project: Option<Decimal>,
    /// 人员经费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub personnel: Option<Decimal>,
    /// 公用经费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub public: Option<Decimal>,
    /// 机关运行经费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub operating_costs: Option<Decimal>,
    /// “三公”经费 (the 小计 of the three items).
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub three_public: Option<Decimal>,
    /// 因公出国（境）费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub travel: Option<Decimal>,
    /// 公务用车购置及运维费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<Decimal>,
    /// 公务用车购置费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub vehicle_purchase: Option<Decimal>,
    /// 公务用车运行维护费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub vehicle_upkeep: Option<Decimal>,
    /// 公务接待费.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub reception: Option<Decimal>,
    /// 会议费 (2024 edition).
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Decimal>,
    /// 培训费 (2024 edition).
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub training: Option<Decimal>,
    /// 政府采购预算.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub procurement: Option<Decimal>,
    /// 固定资产总额.
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub assets: Option<Decimal>,
}

impl PriorYear {
    /// Last year's figures as last year's project states them (its tables; 机关运行经费 is its
    /// 公用经费, the figure drafting states).
    pub fn from_project(last: &Project) -> PriorYear {
        let t = &last.tables;
        let three = |row: &str| t.three_public.amount(row, "total");
        let has = |row: &str| t.three_public.row(row).is_some();
        let procurement = match &last.procurement.total {
            Some(total) => total.funds.get("total"),
            None if last.procurement.rows.is_empty() => None,
            None => Some(last.procurement.rows.iter().map(|r| r.funds.get("total").unwrap_or_default()).sum()),
        };
        let zero_if_present = |value: Option<Decimal>, present: bool| value.or(present.then(Decimal::default));
        let tables_have_data = !t.iter().all(|(_, table)| table.has_no_amounts());
        let filled = |value: Option<Decimal>| value.or(tables_have_data.then(Decimal::default));
        PriorYear {
            year: last.meta.budget_year,
            total: filled(t.expense.amount("total", "total")),
            basic: filled(t.expense.amount("total", "basic")),
            project: filled(t.expense.amount("total", "project")),
            personnel: filled(t.general_basic_expense.amount("total", "personnel")),
            public: filled(t.general_basic_expense.amount("total", "public")),
            operating_costs: filled(t.general_basic_expense.amount("total", "public")),
            three_public: filled(three("subtotal")),
            travel: filled(three("travel")),
            vehicle: filled(three("vehicle")),
            vehicle_purchase: filled(three("vehicle.purchase")),
            vehicle_upkeep: filled(three("vehicle.upkeep")),
            reception: filled(three("reception")),
            meeting: zero_if_present(three("meeting"), has("meeting") && tables_have_data),
            training: zero_if_present(three("training"), has("training") && tables_have_data),
            procurement: procurement.or(Some(Decimal::default())),
            assets: last.assets.total.value,
        }
    }
}
