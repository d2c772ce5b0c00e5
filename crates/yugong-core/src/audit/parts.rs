//! Rules for the parts outside the nine tables: project goal tables, the procurement table and
//! the fixed asset table.

use rust_decimal::Decimal;

use super::{Audit, Finding, Location, Severity, wan};
use crate::model::AssetLine;
use crate::model::procurement::{ProcurementRow, ProcurementTable, project_budget_sum};
use crate::model::{Comparison, IndicatorValue, ProjectGoal, Quantity};

/// Each goal table in turn: its findings stay together, in the order of the table.
pub fn check_goals(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    for (index, goal) in audit.project.goals.iter().enumerate() {
        check_goal(index, goal, findings);
    }
}

fn goal_location(goal: usize, indicator: Option<usize>) -> Location {
    Location::Goal { goal, indicator }
}

/// Indicators whose target must be small: a 差错率 with ≥ is a mistake in direction.
/// Only the forms that measure the bad thing itself: “投诉处理率” and “事故处理及时率” are better high.
const SMALLER_IS_BETTER: [&str; 13] = [
    "差错率",
    "错误率",
    "出错率",
    "故障率",
    "故障次数",
    "投诉率",
    "投诉次数",
    "投诉量",
    "投诉件数",
    "事故率",
    "事故次数",
    "事故发生",
    "隐患发生",
];
/// Words that turn a smaller-is-better subject into a bigger-is-better rate.
const HANDLING_WORDS: [&str; 7] = ["处理", "办结", "解决", "整改", "降低", "下降", "减少"];

fn check_goal(index: usize, goal: &ProjectGoal, findings: &mut Vec<Finding>) {
    let name = &goal.name;
    if let Some(budget) = goal.budget {
        let funds = goal.fiscal_funds.unwrap_or_default() + goal.other_funds.unwrap_or_default();
        if budget != funds {
            findings.push(Finding::new(
                "GOAL-FUNDS",
                Severity::Error,
                goal_location(index, None),
                format!(
                    "“{name}”绩效目标表预算数 {} ≠ 财政资金 {} + 其他资金 {}，差 {}",
                    wan(budget),
                    wan(goal.fiscal_funds.unwrap_or_default()),
                    wan(goal.other_funds.unwrap_or_default()),
                    wan(budget - funds)
                ),
            ));
        }
        if let Some(december) = goal.plan.december
            && december != budget
        {
            findings.push(Finding::new(
                "GOAL-PLAN",
                Severity::Warning,
                goal_location(index, None),
                format!("“{name}”资金支出计划 12月底 {} ≠ 预算数 {}", wan(december), wan(budget)),
            ));
        }
    }
    let quarters = goal.plan.quarters();
    let stated: Vec<(usize, Decimal)> = quarters.iter().enumerate().filter_map(|(i, q)| q.map(|v| (i, v))).collect();
    const QUARTER_NAMES: [&str; 4] = ["3月底", "6月底", "10月底", "12月底"];
    for pair in stated.windows(2) {
        let &[(a, va), (b, vb)] = pair else { continue };
        if vb < va {
            findings.push(Finding::new(
                "GOAL-PLAN",
                Severity::Warning,
                goal_location(index, None),
                format!(
                    "“{name}”资金支出计划应逐期累计不减：{} {} > {} {}",
                    QUARTER_NAMES.get(a).unwrap_or(&""),
                    wan(va),
                    QUARTER_NAMES.get(b).unwrap_or(&""),
                    wan(vb)
                ),
            ));
        }
    }
    if goal.indicators.is_empty() {
        findings.push(Finding::new(
            "GOAL-INDICATORS",
            Severity::Warning,
            goal_location(index, None),
            format!("“{name}”绩效目标表没有任何指标"),
        ));
        return;
    }
    let has_level = |names: &[&str]| goal.indicators.iter().any(|i| names.iter().any(|n| i.level1.starts_with(n)));
    let has_level2 = |name: &str| goal.indicators.iter().any(|i| i.level2.starts_with(name));
    let mut missing = Vec::new();
    if !has_level(&["产出"]) {
        missing.push("产出指标");
    }
    if has_level(&["产出"]) && !has_level2("成本") {
        missing.push("成本指标");
    }
    // 效果指标 is an older name some regions use for 效益指标.
    if !has_level(&["效益", "效果"]) {
        missing.push("效益指标");
    }
    if !has_level(&["满意度"]) {
        missing.push("满意度指标");
    }
    if !missing.is_empty() {
        findings.push(Finding::new(
            "GOAL-LEVELS",
            Severity::Warning,
            goal_location(index, None),
            format!("“{name}”绩效目标表缺少{}", missing.join("、")),
        ));
    }
    for (i, indicator) in goal.indicators.iter().enumerate() {
        let wrong_direction =
            matches!(indicator.value, IndicatorValue::Target { op: Some(Comparison::AtLeast | Comparison::Above), .. })
                && SMALLER_IS_BETTER.iter().any(|k| indicator.name.contains(k))
                && !HANDLING_WORDS.iter().any(|w| indicator.name.contains(w));
        if wrong_direction {
            findings.push(Finding::new(
                "GOAL-DIRECTION",
                Severity::Warning,
                goal_location(index, Some(i)),
                format!("“{name}”指标“{}”越小越好，指标值却是“{}”（应为 ≤）", indicator.name, indicator.value),
            ));
        }
        if let Some((rule, message)) = indicator_contradiction(indicator) {
            findings.push(Finding::new(
                rule,
                Severity::Warning,
                goal_location(index, Some(i)),
                format!("“{name}”指标“{}”（{}）{message}", indicator.name.trim(), indicator.value),
            ));
        }
        if indicator.name.trim().is_empty()
            || matches!(&indicator.value, IndicatorValue::Text(t) if t.trim().is_empty())
        {
            findings.push(Finding::new(
                "GOAL-INDICATOR-EMPTY",
                Severity::Warning,
                goal_location(index, Some(i)),
                format!("“{name}”第 {} 个指标的三级指标或指标值为空", i + 1),
            ));
        }
    }
}

/// Units that say “a share”: % and its spellings in the budget systems (百分比 in 涞源's tables).
const PERCENT_UNITS: [&str; 7] = ["%", "％", "‰", "百分比", "百分点", "百分率", "千分比"];
/// Units of time (a unit ending in one of these: 个月, 个工作日 …).
const TIME_UNITS: [&str; 9] = ["年", "月", "日", "天", "小时", "分钟", "周", "季度", "工作日"];
const MONEY_UNITS: [&str; 4] = ["万元", "元", "亿元", "千元"];
/// Names ending in 率 that are not shares: 效率 (efficiency, 资金的使用效率 ≥95% is fine but
/// 办事效率 may be counted), 频率 (times per period), 功率, 速率, 汇率.
const NOT_SHARES: [&str; 5] = ["效率", "频率", "功率", "速率", "汇率"];
/// How a 时效 indicator names a time or a limit (完成时间 ≤6月).
const TIME_NAMES: [&str; 7] = ["时间", "时限", "天数", "期限", "周期", "时长", "工期"];
/// How a cost is named: an amount, not a share (不超预算成本, 人均培训费用, 项目经费).
const COST_NAMES: [&str; 9] = ["成本", "费用", "经费", "费", "资金", "金额", "单价", "价格", "造价"];
/// Units of a count or a quantity: what 产出/数量指标 are measured in (the samples use these).
const COUNT_UNITS: [&str; 24] = [
    "个",
    "人",
    "次",
    "人次",
    "件",
    "份",
    "册",
    "台",
    "套",
    "户",
    "条",
    "辆",
    "项",
    "场",
    "期",
    "批",
    "家",
    "所",
    "篇",
    "张",
    "本",
    "处",
    "公里",
    "平方米",
];
/// How an output is named: a count or a quantity (培训人数, 发放户数, 制作宣传品数量).
const OUTPUT_NAMES: [&str; 8] = ["数量", "次数", "人数", "户数", "个数", "件数", "台数", "面积"];

/// The name without a trailing unit note: 案件处理办结率（%）, 经费使用及时率%.
fn bare_name(name: &str) -> &str {
    let mut name = name.trim();
    for suffix in ["（%）", "(%)", "（％）", "(％)", "%", "％"] {
        name = name.strip_suffix(suffix).unwrap_or(name).trim_end();
    }
    name
}

/// A share: …率 (not 效率/频率 …), …比例, …比率, …占比.
fn is_share(name: &str) -> bool {
    let name = bare_name(name);
    (name.ends_with('率') && !NOT_SHARES.iter().any(|w| name.ends_with(w)))
        || ["比例", "比率", "占比"].iter().any(|w| name.ends_with(w))
}

fn is_percent(unit: &str) -> bool {
    PERCENT_UNITS.contains(&unit) || unit.contains('%') || unit.contains('％')
}

fn is_time(unit: &str) -> bool {
    TIME_UNITS.iter().any(|t| unit.ends_with(t))
}

/// Level, name and unit of one indicator that contradict each other, with the rule and what is
/// wrong: a share measured in 次 or 年, a 时效 time measured in 个, a cost in %, a 满意度
/// indicator that is a cost or a count. Only measurable targets with a unit are judged (a text
/// target states no unit), and one finding per indicator: the first contradiction found.
fn indicator_contradiction(indicator: &crate::model::Indicator) -> Option<(&'static str, String)> {
    let IndicatorValue::Target { unit, .. } = &indicator.value else { return None };
    let unit = unit.trim();
    if unit.is_empty() {
        return None;
    }
    let name = bare_name(&indicator.name);
    let (level1, level2) = (indicator.level1.trim(), indicator.level2.trim());
    let share = is_share(name);
    if level2.starts_with("时效") {
        if share && !is_percent(unit) {
            return Some((
                "GOAL-TIME-UNIT",
                format!(
                    "是比率，计量单位却是“{unit}”：比率以 % 计量；若要限定完成时间，请改名为“…完成时间”并以年、月、天计量"
                ),
            ));
        }
        if TIME_NAMES.iter().any(|w| name.ends_with(w)) && !is_time(unit) && !is_percent(unit) {
            return Some((
                "GOAL-TIME-UNIT",
                format!("是时间或时限，计量单位却是“{unit}”：请以年、月、天等时间单位计量"),
            ));
        }
        return None;
    }
    if share && !is_percent(unit) {
        return Some((
            "GOAL-RATE-UNIT",
            format!("是比率，计量单位却是“{unit}”：请把单位改为 %，或按单位改指标名（如“…次数”“…人次”）"),
        ));
    }
    let cost_named = !share && COST_NAMES.iter().any(|w| name.ends_with(w));
    if level2.starts_with("成本") && cost_named && is_percent(unit) {
        return Some((
            "GOAL-COST-UNIT",
            "是成本金额，计量单位却是 %：请以万元、元计量，或改为比率指标（如“成本控制率”）".to_string(),
        ));
    }
    let satisfaction = level1.starts_with("满意度") || level2.contains("满意度");
    if satisfaction && !name.contains("满意") {
        let output_named = OUTPUT_NAMES.iter().any(|w| name.ends_with(w));
        let what = if cost_named || MONEY_UNITS.contains(&unit) {
            Some("成本")
        } else if output_named || COUNT_UNITS.contains(&unit) {
            Some("产出")
        } else {
            None
        };
        if let Some(what) = what {
            return Some((
                "GOAL-SATISFACTION",
                format!("列在满意度指标下，却是{what}指标：请移到“产出指标/{what}指标”，或改为服务对象满意度"),
            ));
        }
    }
    None
}

pub fn check_procurement(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let (edition, project) = (audit.edition, audit.project);
    let table = &project.procurement;
    let sources: Vec<&str> = edition
        .procurement
        .fund_columns
        .iter()
        .find(|c| c.key == "total")
        .map(|c| c.sum_of.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let location = |row: Option<usize>, column: &str| Location::Procurement { row, column: Some(column.into()) };
    for (i, row) in table.rows.iter().enumerate() {
        let label = if row.subtotal {
            format!("政府采购预算表第 {} 行“{}”", i + 1, row.project.trim())
        } else {
            format!("政府采购预算表第 {} 行“{}”", i + 1, row.item)
        };
        let total = row.funds.get("total").unwrap_or_default();
        if let (Some(quantity), Some(price), false) = (row.quantity, row.unit_price, row.subtotal) {
            // Checked: a damaged file must give a finding, not a crash.
            match quantity.checked_mul(price) {
                Some(product) if product == total => {}
                Some(product) => findings.push(Finding::new(
                    "PROC-AMOUNT",
                    Severity::Error,
                    location(Some(i), "total"),
                    format!("{label}数量 {quantity} × 单价 {price} = {} ≠ 金额 {}", wan(product), wan(total)),
                )),
                None => findings.push(Finding::new(
                    "PROC-AMOUNT",
                    Severity::Error,
                    location(Some(i), "total"),
                    format!("{label}数量 {quantity} × 单价 {price} 超出可计算的范围"),
                )),
            }
        }
        let by_source: Decimal = sources.iter().map(|s| row.funds.get(s).unwrap_or_default()).sum();
        if by_source != total {
            findings.push(Finding::new(
                "PROC-FUNDS",
                Severity::Error,
                location(Some(i), "total"),
                format!(
                    "{label}金额合计 {} ≠ 各资金来源之和 {}，差 {}",
                    wan(total),
                    wan(by_source),
                    wan(total - by_source)
                ),
            ));
        }
        if let Some(sme) = row.sme_reserved
            && sme > total
        {
            findings.push(Finding::new(
                "PROC-SME",
                Severity::Error,
                location(Some(i), "sme_reserved"),
                format!("{label}预留中小微企业份额 {} 超过采购金额 {}", wan(sme), wan(total)),
            ));
        }
    }
    check_procurement_subtotals(edition, table, findings);
    if let Some(stated) = &table.total {
        // Items only (小计 rows are sums of them), each project's 预算资金 once.
        let budget = project_budget_sum(table.items().map(|(_, r)| r));
        if stated.project_budget.unwrap_or_default() != budget {
            findings.push(Finding::new(
                "PROC-TOTAL",
                Severity::Error,
                location(None, "project_budget"),
                format!(
                    "政府采购预算表合计行预算资金 {} ≠ 各行之和 {}",
                    wan(stated.project_budget.unwrap_or_default()),
                    wan(budget)
                ),
            ));
        }
        for column in &edition.procurement.fund_columns {
            let sum: Decimal = table.items().map(|(_, r)| r.funds.get(&column.key).unwrap_or_default()).sum();
            let value = stated.funds.get(&column.key).unwrap_or_default();
            if value != sum {
                findings.push(Finding::new(
                    "PROC-TOTAL",
                    Severity::Error,
                    location(None, &column.key),
                    format!("政府采购预算表合计行“{}”{} ≠ 各行之和 {}", column.header.join(""), wan(value), wan(sum)),
                ));
            }
        }
    }
    let has_empty_note = table.notes.iter().any(|n| n.contains("空表"));
    if table.rows.is_empty() && !has_empty_note {
        findings.push(Finding::new(
            "PROC-EMPTY-NOTE",
            Severity::Warning,
            location(None, "total"),
            format!("政府采购预算表没有数据，应在表下注明{}", edition.procurement.empty_note),
        ));
    } else if !table.rows.is_empty() && has_empty_note {
        findings.push(Finding::new(
            "PROC-EMPTY-NOTE",
            Severity::Warning,
            location(None, "total"),
            "政府采购预算表有数据，却注明“空表列示”",
        ));
    }
}

/// Each per-unit 小计 row against its unit's items: every fund column, and the 预算资金 and 预留份额
/// where the 小计 states them (each project's budget once). One finding per column, like PROC-TOTAL.
fn check_procurement_subtotals(
    edition: &crate::catalog::Edition,
    table: &ProcurementTable,
    findings: &mut Vec<Finding>,
) {
    for (at, items) in table.subtotal_groups() {
        let Some(subtotal) = table.rows.get(at) else { continue };
        let rows: Vec<&ProcurementRow> = items.iter().filter_map(|&i| table.rows.get(i)).collect();
        let label = format!("政府采购预算表第 {} 行“{}”", at + 1, subtotal.project.trim());
        let mut mismatch = |column: &str, what: &str, stated: Decimal, sum: Decimal| {
            if stated != sum {
                findings.push(Finding::new(
                    "PROC-SUBTOTAL",
                    Severity::Error,
                    Location::Procurement { row: Some(at), column: Some(column.into()) },
                    format!(
                        "{label}{what} {} ≠ 其下 {} 个采购品目之和 {}，差 {}",
                        wan(stated),
                        rows.len(),
                        wan(sum),
                        wan(stated - sum)
                    ),
                ));
            }
        };
        if let Some(stated) = subtotal.project_budget {
            mismatch("project_budget", "预算资金", stated, project_budget_sum(rows.iter().copied()));
        }
        for column in &edition.procurement.fund_columns {
            let sum: Decimal = rows.iter().map(|r| r.funds.get(&column.key).unwrap_or_default()).sum();
            let what = format!("“{}”", column.header.join(""));
            mismatch(&column.key, &what, subtotal.funds.get(&column.key).unwrap_or_default(), sum);
        }
        if let Some(stated) = subtotal.sme_reserved {
            let sum: Decimal = rows.iter().filter_map(|r| r.sme_reserved).sum();
            mismatch("sme_reserved", "预留中小微企业份额", stated, sum);
        }
    }
}

pub fn check_assets(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let assets = &audit.project.assets;
    let value = |line: &AssetLine| line.value.unwrap_or_default();
    let count = |line: &AssetLine| line.quantity.and_then(Quantity::number).unwrap_or_default();
    // 房屋 counts square metres, the other lines pieces: only the value adds up over all four.
    let parts = value(&assets.buildings) + value(&assets.vehicles) + value(&assets.equipment) + value(&assets.other);
    if assets.total.value.is_some() && value(&assets.total) != parts {
        findings.push(Finding::new(
            "ASSET-TOTAL",
            Severity::Error,
            Location::Assets { line: Some("total") },
            format!(
                "固定资产占用情况表资产总额 {} ≠ 房屋 {} + 车辆 {} + 设备 {} + 其他 {} = {}",
                value(&assets.total),
                value(&assets.buildings),
                value(&assets.vehicles),
                value(&assets.equipment),
                value(&assets.other),
                parts
            ),
        ));
    }
    if let Some(Quantity::Number(total)) = assets.total.quantity {
        let pieces = count(&assets.vehicles) + count(&assets.equipment) + count(&assets.other);
        if total != pieces {
            findings.push(Finding::new(
                "ASSET-TOTAL",
                Severity::Warning,
                Location::Assets { line: Some("total") },
                format!("固定资产占用情况表资产总额数量 {total} ≠ 车辆、设备、其他的数量之和 {pieces}（房屋按平方米计，不计入）"),
            ));
        }
    }
    for (what, office, buildings) in [
        ("面积", count(&assets.office_space), count(&assets.buildings)),
        ("价值", value(&assets.office_space), value(&assets.buildings)),
    ] {
        if office > buildings {
            findings.push(Finding::new(
                "ASSET-OFFICE",
                Severity::Error,
                Location::Assets { line: Some("office_space") },
                format!("办公用房{what} {office} 大于房屋{what} {buildings}"),
            ));
        }
    }
}
