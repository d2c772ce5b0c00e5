//! Rules across tables: totals that two tables both state, the balance of the summaries,
//! 三公 items against their economic items, function ↔ economic pairs, goals against 项目支出.

use rust_decimal::Decimal;

use super::{Audit, CellFix, Finding, Fix, Location, Severity, wan};
use crate::model::{NarrativeSection, Table, TableId};

/// “已列入政府采购预算” in the narrative needs rows in the procurement table.
pub fn check_procurement_claims(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    const CLAIM: &str = "列入政府采购预算";
    if !project.procurement.rows.is_empty() {
        return;
    }
    let n = &project.narrative;
    for (section, text) in [(NarrativeSection::Assets, &n.assets), (NarrativeSection::Procurement, &n.procurement)] {
        // Every occurrence: “A未列入政府采购预算；B已列入政府采购预算。” claims B.
        // Offsets come from `match_indices`/`find` on the same text, so they are char boundaries;
        // `split_at_checked` keeps that from being an assumption that could panic.
        let claim = text.match_indices(CLAIM).find_map(|(at, _)| {
            let (before, after) = text.split_at_checked(at)?;
            let negated = before.chars().rev().take(4).any(|c| matches!(c, '未' | '不' | '没' | '无' | '非'));
            (!negated).then_some((before, after))
        });
        let Some((before, after)) = claim else { continue };
        // The sentence is the part after the last 。，； before the claim, up to the next 。；.
        let sentence_start = before.rfind(['。', '，', '；']).map_or(0, |i| i + '。'.len_utf8());
        let head = before.get(sentence_start..).unwrap_or(before);
        let tail = after.find(['。', '；']).and_then(|end| after.get(..end)).unwrap_or(after);
        let sentence = format!("{head}{tail}");
        findings.push(Finding::new(
            "X-PROC-CLAIM",
            Severity::Error,
            Location::Narrative { section },
            format!("情况说明称“{}”，但政府采购预算表是空表", sentence.trim()),
        ));
    }
}

fn amount(table: &Table, row: &str, column: &str) -> Decimal {
    table.amount(row, column).unwrap_or_default()
}

fn at(table: TableId, row: &str, column: &str) -> Location {
    Location::Table { table, row: Some(row.into()), column: Some(column.into()) }
}

/// The same figure stated in two tables. The detail table is the source: the summary is fixed.
pub fn check_shared_totals(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    let t = &project.tables;
    // (rule, summary cell, summary label, source cell, source label)
    type Cell<'a> = (TableId, &'a str, &'a str);
    let pairs: [(&str, Cell, &str, Cell, &str); 6] = [
        (
            "X-INCOME-TOTAL",
            (TableId::IncomeExpenseSummary, "in.grand_total", "amount"),
            "收支总表 收入总计",
            (TableId::Income, "total", "total"),
            "收入总表 合计",
        ),
        (
            "X-EXPENSE-TOTAL",
            (TableId::IncomeExpenseSummary, "out.total", "amount"),
            "收支总表 本年支出合计",
            (TableId::Expense, "total", "total"),
            "支出总表 合计",
        ),
        (
            "X-BASIC",
            (TableId::GeneralExpense, "total", "basic"),
            "一般公共预算支出表 基本支出合计",
            (TableId::GeneralBasicExpense, "total", "total"),
            "基本支出表 合计",
        ),
        (
            "X-FISCAL-INCOME",
            (TableId::IncomeExpenseSummary, "in.general", "amount"),
            "收支总表 一般公共预算拨款收入",
            (TableId::FiscalSummary, "in.general", "amount"),
            "财政拨款收支总表 一般公共预算拨款",
        ),
        (
            "X-FISCAL-INCOME",
            (TableId::IncomeExpenseSummary, "in.fund", "amount"),
            "收支总表 政府性基金预算拨款收入",
            (TableId::FiscalSummary, "in.fund", "amount"),
            "财政拨款收支总表 政府性基金预算拨款",
        ),
        (
            "X-FISCAL-INCOME",
            (TableId::IncomeExpenseSummary, "in.capital", "amount"),
            "收支总表 国有资本经营预算拨款收入",
            (TableId::FiscalSummary, "in.capital", "amount"),
            "财政拨款收支总表 国有资本经营预算拨款",
        ),
    ];
    for (rule, (st, sr, sc), summary_label, (dt, dr, dc), source_label) in pairs {
        let (summary, source) = (amount(t.get(st), sr, sc), amount(t.get(dt), dr, dc));
        if summary != source {
            let mut value = source;
            value.rescale(2);
            findings.push(
                Finding::new(
                    rule,
                    Severity::Error,
                    at(st, sr, sc),
                    format!(
                        "{summary_label} {} ≠ {source_label} {}，差 {}",
                        wan(summary),
                        wan(source),
                        wan(summary - source)
                    ),
                )
                .with_fix(Fix {
                    description: format!("按{source_label}将{summary_label}改为 {}", wan(source)),
                    cells: vec![CellFix {
                        table: st,
                        row: sr.into(),
                        column: sc.into(),
                        value: (!source.is_zero()).then_some(value),
                    }],
                }),
            );
        }
    }
}

/// 收入总计 = 支出总计 in both summaries.
pub fn check_balances(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    for (id, rule, column) in
        [(TableId::IncomeExpenseSummary, "T1-BALANCE", "amount"), (TableId::FiscalSummary, "T4-BALANCE", "total")]
    {
        let table = project.tables.get(id);
        let income = amount(table, "in.grand_total", "amount");
        let expense = amount(table, "out.grand_total", column);
        if income != expense {
            findings.push(Finding::new(
                rule,
                Severity::Error,
                at(id, "out.grand_total", column),
                format!(
                    "{} 收入总计 {} ≠ 支出总计 {}，差 {}",
                    id.short_name(),
                    wan(income),
                    wan(expense),
                    wan(income - expense)
                ),
            ));
        }
    }
}

/// Income and expense are both classified by function: per code, 收入总表 合计 should equal
/// 支出总表 合计 (both include 上年结转). A warning: units may legitimately budget income of a
/// class that another class spends, but it is rare and worth a look.
pub fn check_income_against_expense_rows(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    use rustc_hash::FxHashMap as HashMap;
    let (income, expense) = (&project.tables.income, &project.tables.expense);
    // Per code, summed over the units of a table with per-unit 小计 rows (the code stands once
    // per unit there); compared once per code.
    fn totals(table: &Table) -> HashMap<&str, Decimal> {
        let mut totals: HashMap<&str, Decimal> = HashMap::default();
        for row in table.coded_rows() {
            *totals.entry(row.id.as_str()).or_default() += row.cells.get("total").unwrap_or_default();
        }
        totals
    }
    let (by_income, by_expense) = (totals(income), totals(expense));
    let mut compared = rustc_hash::FxHashSet::default();
    let codes = income.coded_rows().chain(expense.coded_rows().filter(|r| !by_income.contains_key(r.id.as_str())));
    for row in codes.filter(|r| compared.insert(r.id.as_str())) {
        let code = row.id.as_str();
        let (i, e) =
            (by_income.get(code).copied().unwrap_or_default(), by_expense.get(code).copied().unwrap_or_default());
        if i != e {
            // Point at a row that exists: the income row, else the expense row.
            let table = if by_income.contains_key(code) { TableId::Income } else { TableId::Expense };
            findings.push(Finding::new(
                "X-INCOME-EXPENSE-ROW",
                Severity::Warning,
                at(table, code, "total"),
                format!(
                    "科目“{code} {}”收入总表合计 {} ≠ 支出总表合计 {}，差 {}",
                    row.name,
                    wan(i),
                    wan(e),
                    wan(i - e)
                ),
            ));
        }
    }
}

/// A 三公 item paid from 基本支出 cannot exceed the 三公 figure; the rest must be in projects.
pub fn check_three_public_against_basic(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    let three = &project.tables.three_public;
    let basic = &project.tables.general_basic_expense;
    let items: [(&str, &[&str], &str); 6] = [
        ("travel", &["30212"], "因公出国（境）费"),
        ("vehicle.upkeep", &["30231"], "公务用车运行维护费"),
        ("vehicle.purchase", &["31013", "30913"], "公务用车购置费"),
        ("reception", &["30217"], "公务接待费"),
        ("meeting", &["30215"], "会议费"),
        ("training", &["30216"], "培训费"),
    ];
    for (row, codes, label) in items {
        // The 2022 templates have no 会议费/培训费 rows: those are not 三公 items there.
        if three.row(row).is_none() {
            continue;
        }
        let economic: Decimal = codes.iter().map(|c| amount(basic, c, "total")).sum();
        let stated = amount(three, row, "general");
        if stated < economic {
            let codes = codes.iter().filter(|c| basic.row(c).is_some()).copied().collect::<Vec<_>>().join("、");
            findings.push(Finding::new(
                "X-3PUBLIC-BASIC",
                Severity::Error,
                at(TableId::ThreePublic, row, "general"),
                format!(
                    "“三公”经费表{label} {} 小于基本支出表 {codes} {label} {}，差 {}",
                    wan(stated),
                    wan(economic),
                    wan(economic - stated)
                ),
            ));
        }
    }
}

/// Contributions budgeted by function and by economic class describe the same money:
/// 2080505 ↔ 30108 养老保险, 2080506 ↔ 30109 职业年金, 2210201 ↔ 30113 住房公积金,
/// 21011x ↔ 30110 + 30111 医疗保险. Compared on 一般公共预算 基本支出.
pub fn check_function_economic_pairs(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    let general = &project.tables.general_expense;
    let basic = &project.tables.general_basic_expense;
    let function_sum = |prefix: &str| -> Decimal {
        general
            .coded_rows()
            .filter(|r| r.id.len() == 7 && r.id.starts_with(prefix))
            .map(|r| r.cells.get("basic").unwrap_or_default())
            .sum()
    };
    let pairs: [(&str, &str, &[&str], &str); 4] = [
        ("2080505", "机关事业单位基本养老保险缴费支出", &["30108"], "机关事业单位基本养老保险缴费"),
        ("2080506", "机关事业单位职业年金缴费支出", &["30109"], "职业年金缴费"),
        ("2210201", "住房公积金", &["30113"], "住房公积金"),
        ("21011", "行政事业单位医疗", &["30110", "30111"], "医疗保险缴费"),
    ];
    for (function, function_name, economic, economic_name) in pairs {
        let f = function_sum(function);
        let e: Decimal = economic.iter().map(|c| amount(basic, c, "total")).sum();
        if f != e {
            // Point at the economic row that exists, else at the function row, else the table.
            let location = match economic.iter().find(|c| basic.row(c).is_some()) {
                Some(code) => at(TableId::GeneralBasicExpense, code, "total"),
                None => match general.coded_rows().find(|r| r.id.starts_with(function)) {
                    Some(row) => at(TableId::GeneralExpense, &row.id, "basic"),
                    None => Location::Table { table: TableId::GeneralBasicExpense, row: None, column: None },
                },
            };
            findings.push(Finding::new(
                "X-FUNC-ECON",
                Severity::Warning,
                location,
                format!(
                    "一般公共预算支出表 {function} {function_name} 基本支出 {} ≠ 基本支出表 {} {economic_name} {}，差 {}",
                    wan(f),
                    economic.join("+"),
                    wan(e),
                    wan(f - e)
                ),
            ));
        }
    }
}

/// Every project's 预算数 adds up to 项目支出 (only documents whose goal tables state 预算数).
pub fn check_goal_budgets(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    let budgets: Vec<Decimal> = project.goals.iter().filter_map(|g| g.budget).collect();
    if budgets.is_empty() {
        return;
    }
    let sum: Decimal = budgets.iter().sum();
    let projects = amount(&project.tables.expense, "total", "project");
    if sum != projects {
        findings.push(Finding::new(
            "X-GOALS-PROJECT",
            Severity::Warning,
            Location::Goal { goal: 0, indicator: None },
            format!(
                "{} 张项目绩效目标表预算数合计 {} ≠ 支出总表项目支出 {}，差 {}",
                budgets.len(),
                wan(sum),
                wan(projects),
                wan(sum - projects)
            ),
        ));
    }
}
