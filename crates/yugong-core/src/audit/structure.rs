//! Structural rules: does the document fit its edition?
//!
//! These run before any arithmetic: a table with an unknown column or a missing fixed row cannot
//! be summed meaningfully, and a hand-edited or foreign file shows its damage here.

use rustc_hash::FxHashSet as HashSet;

use super::{Audit, Finding, Location, Severity};
use crate::catalog::{Catalog, Classification, Edition};
use rust_decimal::Decimal;

use crate::model::{Project, Table, TableId};

/// The oldest and newest budget years the program accepts without complaint.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<u16> = 2000..=2100;

pub fn check_unit_name(_: &Catalog, project: &Project, findings: &mut Vec<Finding>) {
    if project.meta.unit_name.trim().is_empty() {
        findings.push(Finding::new(
            "STRUCT-UNIT-NAME",
            Severity::Error,
            Location::Meta { field: "unit_name" },
            "单位名称为空",
        ));
    }
}

pub fn check_year(_: &Catalog, project: &Project, findings: &mut Vec<Finding>) {
    let year = project.meta.budget_year;
    if !PLAUSIBLE_YEARS.contains(&year) {
        findings.push(Finding::new(
            "STRUCT-YEAR",
            Severity::Error,
            Location::Meta { field: "budget_year" },
            format!("预算年度 {year} 不在 {}–{} 之间", PLAUSIBLE_YEARS.start(), PLAUSIBLE_YEARS.end()),
        ));
    }
}

/// An unknown edition: the checks that need it do not run (see `registry::run`).
pub fn check_edition(catalog: &Catalog, project: &Project, findings: &mut Vec<Finding>) {
    let edition = &project.meta.edition;
    if catalog.edition(edition).is_none() {
        findings.push(Finding::new(
            "STRUCT-EDITION",
            Severity::Error,
            Location::Meta { field: "edition" },
            format!("未知的模板版本“{edition}”（可选：{}），无法检查各表结构", catalog.edition_ids().join("、")),
        ));
    }
}

pub fn check_tables(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    for (id, table) in audit.project.tables.iter() {
        check_table(audit.edition, id, table, findings);
    }
}

fn table_location(table: TableId, row: Option<&str>, column: Option<&str>) -> Location {
    Location::Table { table, row: row.map(str::to_string), column: column.map(str::to_string) }
}

fn check_table(edition: &Edition, id: TableId, table: &Table, findings: &mut Vec<Finding>) {
    let fixed = edition.fixed_rows(id);
    let classification = edition.classification(id);
    // An empty classified table (no rows at all) is how empty tables are published: fine.
    let table_is_blank = classification.is_some() && table.rows.is_empty();
    let present: HashSet<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    if !table_is_blank {
        for row in fixed {
            if !present.contains(row.id.as_str()) {
                findings.push(Finding::new(
                    "STRUCT-ROW-MISSING",
                    Severity::Error,
                    table_location(id, Some(&row.id), None),
                    format!("{}缺少“{}”行", id.short_name(), row.label),
                ));
            }
        }
    }
    let fixed_ids: HashSet<&str> = fixed.iter().map(|r| r.id.as_str()).collect();
    // Keys, not ids: under per-unit 小计 rows every unit lists its own codes, and a code is a
    // duplicate only within its unit.
    let keys = table.row_keys();
    let mut seen = HashSet::default();
    for (row, key) in table.rows.iter().zip(&keys) {
        let row_location = |column: Option<&str>| table_location(id, Some(key), column);
        if !seen.insert(key.as_ref()) {
            findings.push(Finding::new(
                "STRUCT-ROW-DUPLICATE",
                Severity::Error,
                row_location(None),
                format!("{}中“{} {}”行重复出现", id.short_name(), row.id, row.name),
            ));
        }
        let is_fixed = fixed_ids.contains(row.id.as_str());
        if !is_fixed {
            match classification {
                Some(_) if row.is_unit_subtotal() => {}
                Some(kind) if row.is_coded() => check_code(id, kind, key, &row.id, &row.name, findings),
                _ => findings.push(Finding::new(
                    "STRUCT-ROW-UNKNOWN",
                    Severity::Error,
                    row_location(None),
                    format!("{}中有不属于本表的行“{}”（{}）", id.short_name(), row.id, row.name),
                )),
            }
        }
        let columns = edition.columns_for_row(id, &row.id);
        for (column, value) in row.cells.iter() {
            if !columns.iter().any(|c| c.key == column) {
                findings.push(Finding::new(
                    "STRUCT-COLUMN-UNKNOWN",
                    Severity::Error,
                    row_location(Some(column)),
                    format!("{}“{}”行有不属于本表的栏目“{column}”（金额 {value}）", id.short_name(), row.name),
                ));
            } else if value.scale() > 2 && value.normalize().scale() > 2 {
                findings.push(Finding::new(
                    "STRUCT-PRECISION",
                    Severity::Warning,
                    row_location(Some(column)),
                    format!("{}“{}”行金额 {value} 超过两位小数（单位：万元）", id.short_name(), row.name),
                ));
            }
        }
    }
}

fn check_code(id: TableId, kind: Classification, key: &str, code: &str, name: &str, findings: &mut Vec<Finding>) {
    let valid_lengths: &[usize] = match kind {
        Classification::Function => &[3, 5, 7],
        Classification::Economic => &[3, 5],
    };
    if !valid_lengths.contains(&code.len()) {
        let expected = valid_lengths.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("/");
        findings.push(Finding::new(
            "STRUCT-CODE-LENGTH",
            Severity::Error,
            table_location(id, Some(key), None),
            format!("{}科目编码“{code}”（{name}）应为 {expected} 位", id.short_name()),
        ));
    }
}

pub fn check_goal_names(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    for (index, goal) in audit.project.goals.iter().enumerate() {
        if goal.name.trim().is_empty() {
            findings.push(Finding::new(
                "STRUCT-GOAL-NAME",
                Severity::Error,
                Location::Goal { goal: index, indicator: None },
                format!("第 {} 张项目绩效目标表没有项目名称", index + 1),
            ));
        }
    }
}

pub fn check_procurement_columns(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let (edition, project) = (audit.edition, audit.project);
    let keys: Vec<&str> = edition.procurement.fund_columns.iter().map(|c| c.key.as_str()).collect();
    let rows = project.procurement.rows.iter().map(|r| &r.funds).enumerate().map(|(i, f)| (Some(i), f));
    let total = project.procurement.total.iter().map(|t| (None, &t.funds));
    for (row, funds) in rows.chain(total) {
        for (column, value) in funds.iter() {
            if !keys.contains(&column) {
                let which = row.map_or("合计行".to_string(), |i| format!("第 {} 行", i + 1));
                findings.push(Finding::new(
                    "STRUCT-COLUMN-UNKNOWN",
                    Severity::Error,
                    Location::Procurement { row, column: Some(column.to_string()) },
                    format!("政府采购预算表{which}有不属于{}的资金栏目“{column}”（金额 {value}）", edition.name),
                ));
            }
        }
    }
}

/// Negative amounts. The editor and the importer accept them (a 冲减 or a typing slip in a
/// “(1.50)” cell must not be refused or lost), but no cell of a department budget disclosure is
/// negative in the published templates: the nine tables, the goal budgets, the procurement and the
/// asset tables hold amounts allotted or owned, never changes. So every negative is pointed at
/// where it stands, as a warning: the accountant either corrects it or explains it.
pub fn check_negative_amounts(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let (edition, project) = (audit.edition, audit.project);
    let mut warn = |location: Location, place: String, value: Decimal| {
        findings.push(Finding::new(
            "AMOUNT-NEGATIVE",
            Severity::Warning,
            location,
            format!("{place}为负数 {value}：部门预算的金额一般不为负数，请核对是否录入有误（确为冲减的，请在情况说明中写明原因）"),
        ));
    };
    for (id, table) in project.tables.iter() {
        for (position, row) in table.rows.iter().enumerate() {
            for (column, value) in row.cells.iter().filter(|(_, v)| is_negative(*v)) {
                let place = format!("{}“{}”行“{}”栏", id.short_name(), row.name, edition.column_label(id, column));
                let key = table.row_key(position).unwrap_or_default();
                warn(table_location(id, Some(&key), Some(column)), place, value);
            }
        }
    }
    for (index, goal) in project.goals.iter().enumerate() {
        let plan = &goal.plan;
        let header = [
            ("预算数", goal.budget),
            ("财政资金", goal.fiscal_funds),
            ("其他资金", goal.other_funds),
            ("3月底支出计划", plan.march),
            ("6月底支出计划", plan.june),
            ("10月底支出计划", plan.october),
            ("12月底支出计划", plan.december),
        ];
        for (label, value) in header.iter().filter_map(|(l, v)| v.filter(|v| is_negative(*v)).map(|v| (l, v))) {
            let place = format!("“{}”绩效目标表{label}", goal.name);
            warn(Location::Goal { goal: index, indicator: None }, place, value);
        }
    }
    let procurement = &project.procurement;
    let procurement_cells = procurement.rows.iter().enumerate().flat_map(|(i, row)| {
        let named = [("project_budget", "预算资金", row.project_budget), ("quantity", "数量", row.quantity)];
        let more = [("unit_price", "单价", row.unit_price), ("sme_reserved", "预留中小企业份额", row.sme_reserved)];
        let fixed = named.into_iter().chain(more).filter_map(|(k, l, v)| v.map(|v| (k.to_string(), l.to_string(), v)));
        let funds = row.funds.iter().map(|(k, v)| (k.to_string(), procurement_fund_label(edition, k), v));
        fixed.chain(funds).map(move |(key, label, value)| (Some(i), key, label, value)).collect::<Vec<_>>()
    });
    let total_cells = procurement.total.iter().flat_map(|total| {
        let fixed = [
            ("project_budget", "预算资金", total.project_budget),
            ("sme_reserved", "预留中小企业份额", total.sme_reserved),
        ];
        let fixed = fixed.into_iter().filter_map(|(k, l, v)| v.map(|v| (k.to_string(), l.to_string(), v)));
        let funds = total.funds.iter().map(|(k, v)| (k.to_string(), procurement_fund_label(edition, k), v));
        fixed.chain(funds).map(|(key, label, value)| (None, key, label, value)).collect::<Vec<_>>()
    });
    for (row, key, label, value) in procurement_cells.chain(total_cells).filter(|c| is_negative(c.3)) {
        let which = row.map_or("合计行".to_string(), |i| format!("第 {} 行", i + 1));
        warn(Location::Procurement { row, column: Some(key) }, format!("政府采购预算表{which}“{label}”"), value);
    }
    for (key, line) in project.assets.lines() {
        let quantity = line.quantity.and_then(|q| q.number());
        for (label, value) in [("数量", quantity), ("价值", line.value)] {
            if let Some(value) = value.filter(|v| is_negative(*v)) {
                warn(
                    Location::Assets { line: Some(key) },
                    format!("固定资产占用情况表“{}”{label}", asset_line_label(edition, key)),
                    value,
                );
            }
        }
    }
}

/// Below zero; a stated “-0.00” is zero.
fn is_negative(value: Decimal) -> bool {
    value < Decimal::ZERO
}

fn asset_line_label(edition: &Edition, key: &str) -> String {
    edition.assets.lines.iter().find(|l| l.key == key).map_or_else(|| key.to_string(), |l| l.label.clone())
}

fn procurement_fund_label(edition: &Edition, key: &str) -> String {
    edition
        .procurement
        .fund_columns
        .iter()
        .find(|c| c.key == key)
        .map_or_else(|| key.to_string(), |c| c.header.join(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::check_structure;
    use crate::catalog::blank_project;
    use crate::model::{Meta, Row, amount::parse_canonical};

    fn blank(edition: &str) -> Project {
        let edition = Catalog::get().edition(edition).unwrap();
        blank_project(
            edition,
            Meta {
                unit_name: "测试单位".into(), budget_year: 2024, edition: edition.id.clone(), ..Meta::default()
            },
        )
    }

    fn rules(project: &Project) -> Vec<&'static str> {
        check_structure(project).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn blank_projects_are_structurally_sound() {
        assert!(rules(&blank("hebei-2022")).is_empty());
        assert!(rules(&blank("hebei-2024")).is_empty());
    }

    #[test]
    fn unknown_edition_stops_the_table_checks() {
        let mut project = blank("hebei-2024");
        project.meta.edition = "hebei-2099".into();
        assert_eq!(rules(&project), ["STRUCT-EDITION"]);
    }

    #[test]
    fn missing_duplicate_and_foreign_rows() {
        let mut project = blank("hebei-2024");
        project.tables.three_public.rows.retain(|r| r.id != "training");
        project.tables.three_public.rows.push(Row::new("reception", "三、公务接待费"));
        project.tables.three_public.rows.push(Row::new("30217", "公务接待费"));
        assert_eq!(rules(&project), ["STRUCT-ROW-MISSING", "STRUCT-ROW-DUPLICATE", "STRUCT-ROW-UNKNOWN"]);
    }

    #[test]
    fn a_2024_row_in_a_2022_document_is_foreign() {
        let mut project = blank("hebei-2022");
        project.tables.three_public.rows.push(Row::new("meeting", "四、会议费"));
        assert_eq!(rules(&project), ["STRUCT-ROW-UNKNOWN"]);
    }

    #[test]
    fn columns_must_belong_to_the_row_side() {
        let mut project = blank("hebei-2024");
        let amount = parse_canonical("1.00").unwrap();
        // Income rows of the 财政拨款收支总表 have one amount column; "general" is an expense column.
        project.tables.fiscal_summary.row_mut("in.general").unwrap().cells.set("general", Some(amount));
        project.tables.fiscal_summary.row_mut("out.201").unwrap().cells.set("general", Some(amount));
        let found = check_structure(&project);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "STRUCT-COLUMN-UNKNOWN");
        assert!(found[0].message.contains("“general”"));
    }

    #[test]
    fn code_lengths_and_precision() {
        let mut project = blank("hebei-2024");
        let three_decimals = parse_canonical("1.005").unwrap();
        project.tables.expense.rows.push(Row::new("2010", "行政运行"));
        project.tables.general_basic_expense.rows.push(Row::new("3010101", "基本工资"));
        project.tables.income.rows.push(Row::new("2010301", "行政运行").with("total", three_decimals));
        project
            .tables
            .income
            .rows
            .push(Row::new("2010302", "一般行政管理事务").with("total", parse_canonical("1.500").unwrap()));
        assert_eq!(rules(&project), ["STRUCT-PRECISION", "STRUCT-CODE-LENGTH", "STRUCT-CODE-LENGTH"]);
    }
}
