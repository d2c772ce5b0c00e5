//! One test per audit rule of `src/audit/{structure,tables,cross,parts}.rs`: a passing and a
//! failing case each.
//!
//! Every test starts from a real sample on which the rule stays quiet, makes the smallest realistic
//! change, and checks the finding: rule id, severity, location and the numbers in the message.
//! Where a finding offers a fix, the fix is applied: the finding must disappear, and when the fix is
//! the right correction (the changed cell was the derived one) the table it touched must be free of
//! errors again.
//!
//! At the end, `FIRING` lists for every (rule, severity) of `audit::registry` a project on which it
//! fires; a test checks that it covers the registry exactly and that each one fires.
//!
//! Rule ids in the lookup array of `tables.rs` that no formula of the 2022/2024 editions can produce,
//! and which therefore have no test:
//! - `T1-ROW-SUM`: 收支总表 has no `sum_of` column (one amount column per side).
//! - `T1-HIERARCHY`, `T1-TOTAL`, `T4-HIERARCHY`, `T4-TOTAL`: the two summaries are two-sided tables,
//!   not classified ones (no code hierarchy, no classified 合计 row).
//! - `T1-CARRYOVER`: 收支总表 上年结转结余 is an entered row; only 财政拨款收支总表 sums its carryover.
//! - `T2-`, `T3-`, `T5-`, `T6-`, `T7-`, `T8-ITEM-SUM` and `-CLASS`: classified tables have no derived
//!   fixed rows besides 合计 and no class links.
//! - `T9-HIERARCHY`, `T9-CLASS`: the 三公 table is a fixed table without codes or class links.
//!
//! These are not in the registry (a debug build stops if an edition ever produces one).

use rust_decimal::Decimal;
use yugong::audit::{self, Finding, Location, Severity};
use yugong::model::amount::parse_canonical;
use yugong::model::{
    Comparison, IndicatorValue, NarrativeSection, ProcurementRow, ProcurementTotal, Project, Quantity, Row, TableId,
};

// ---------------------------------------------------------------------------------------------
// Helpers

fn sample(name: &str) -> Project {
    yugong::io::project_file::parse(yugong::samples::sample_text(name).unwrap().as_bytes()).unwrap()
}

fn gaoyang() -> Project {
    sample("gaoyang-2022")
}

fn laiyuan() -> Project {
    sample("laiyuan-2024")
}

fn guangyang() -> Project {
    sample("guangyang-2022")
}

fn findings(p: &Project) -> Vec<Finding> {
    audit::check(p)
}

fn rules(p: &Project) -> Vec<&'static str> {
    findings(p).into_iter().map(|f| f.rule).collect()
}

fn dec(s: &str) -> Decimal {
    parse_canonical(s).unwrap()
}

fn wan(value: Decimal) -> String {
    format!("{value:.2}")
}

/// Sets one cell of a standard table; an empty `value` blanks it.
fn set(p: &mut Project, table: TableId, row: &str, column: &str, value: &str) {
    let value = if value.is_empty() { None } else { Some(dec(value)) };
    p.tables
        .get_mut(table)
        .row_mut(row)
        .unwrap_or_else(|| panic!("{table:?} has no row {row}"))
        .cells
        .set(column, value);
}

fn get(p: &Project, table: TableId, row: &str, column: &str) -> Decimal {
    p.tables.get(table).amount(row, column).unwrap_or_default()
}

/// Adds `delta` to each of the given cells of one row.
fn bump(p: &mut Project, table: TableId, row: &str, columns: &[&str], delta: &str) {
    for column in columns {
        let value = get(p, table, row, column) + dec(delta);
        set(p, table, row, column, &value.to_string());
    }
}

fn cell(table: TableId, row: &str, column: &str) -> Location {
    Location::Table { table, row: Some(row.into()), column: Some(column.into()) }
}

fn row_at(table: TableId, row: &str) -> Location {
    Location::Table { table, row: Some(row.into()), column: None }
}

fn whole(table: TableId) -> Location {
    Location::Table { table, row: None, column: None }
}

fn goal_at(goal: usize, indicator: Option<usize>) -> Location {
    Location::Goal { goal, indicator }
}

fn listing(found: &[Finding]) -> Vec<String> {
    found.iter().map(|f| format!("{f} @ {:?}", f.location)).collect()
}

/// The rule does not fire on the document.
#[track_caller]
fn assert_quiet(p: &Project, rule: &str) {
    let found = findings(p);
    let hits: Vec<&Finding> = found.iter().filter(|f| f.rule == rule).collect();
    assert!(hits.is_empty(), "{rule} fired: {hits:#?}");
}

/// No rule whose id starts with `prefix` fires.
#[track_caller]
fn assert_quiet_prefix(p: &Project, prefix: &str) {
    let found = findings(p);
    let hits: Vec<&Finding> = found.iter().filter(|f| f.rule.starts_with(prefix)).collect();
    assert!(hits.is_empty(), "{prefix}* fired: {hits:#?}");
}

/// The finding of `rule` at `location`: checks its severity and that its message contains every
/// one of `parts`.
#[track_caller]
fn expect(p: &Project, rule: &str, severity: Severity, location: Location, parts: &[&str]) -> Finding {
    let found = findings(p);
    let Some(finding) = found.iter().find(|f| f.rule == rule && f.location == location) else {
        panic!("no {rule} at {location:?}; findings:\n{:#?}", listing(&found));
    };
    assert_eq!(finding.severity, severity, "{finding}");
    for part in parts {
        assert!(finding.message.contains(part), "message of {rule} lacks “{part}”:\n{}", finding.message);
    }
    finding.clone()
}

/// Errors located in one standard table.
fn table_errors(p: &Project, table: TableId) -> Vec<String> {
    let found: Vec<Finding> = findings(p)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| matches!(&f.location, Location::Table { table: t, .. } if *t == table))
        .collect();
    listing(&found)
}

/// Applies the finding's fix; that finding (same rule, same cell) is gone afterwards.
#[track_caller]
fn apply_fix(p: &mut Project, finding: &Finding) {
    let fix = finding.fix.clone().unwrap_or_else(|| panic!("{finding} offers no fix"));
    assert!(!fix.cells.is_empty() && !fix.description.is_empty(), "{fix:?}");
    fix.apply(p);
    let found = findings(p);
    let still: Vec<&Finding> =
        found.iter().filter(|f| f.rule == finding.rule && f.location == finding.location).collect();
    assert!(still.is_empty(), "fix “{}” left {still:#?}", fix.description);
}

/// Applies a fix that is the right correction: the finding is gone and every table the fix
/// touched is free of errors (no new error appeared there).
#[track_caller]
fn apply_right_fix(p: &mut Project, finding: &Finding) {
    let tables: Vec<TableId> = finding.fix.iter().flat_map(|f| f.cells.iter().map(|c| c.table)).collect();
    apply_fix(p, finding);
    for table in tables {
        let errors = table_errors(p, table);
        assert!(errors.is_empty(), "after the fix of {finding}, {table:?} still has errors: {errors:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The samples as they are

#[test]
fn samples_have_exactly_their_known_findings() {
    // Narrative rules (NARR-*) are developed elsewhere and are not part of this file.
    let of = |p: &Project, severity: Severity| -> Vec<&'static str> {
        let mut ids: Vec<&'static str> = findings(p)
            .into_iter()
            .filter(|f| f.severity == severity && !f.rule.starts_with("NARR-"))
            .map(|f| f.rule)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    assert_eq!(of(&gaoyang(), Severity::Error), Vec::<&str>::new());
    assert_eq!(of(&laiyuan(), Severity::Error), ["T9-TOTAL", "X-3PUBLIC-BASIC", "X-PROC-CLAIM"]);
    assert_eq!(of(&laiyuan(), Severity::Warning), ["X-FUNC-ECON", "X-GOALS-PROJECT"]);
    assert_eq!(of(&guangyang(), Severity::Error), Vec::<&str>::new());
    // 广阳's published “系统提交时间率 ≤1年” (see goal_time_unit_fires_on_a_rate_measured_in_years).
    assert_eq!(of(&guangyang(), Severity::Warning), ["GOAL-TIME-UNIT", "TABLES-EMPTY"]);
}

#[test]
fn laiyuan_real_errors_are_reported_exactly() {
    let p = laiyuan();
    let total = expect(&p, "T9-TOTAL", Severity::Error, cell(TableId::ThreePublic, "total", "total"), &[]);
    assert_eq!(
        total.message,
        "“三公”经费表“合计” 186.00 ≠ “三公”经费小计 171.00 + 会议费 0.00 + 培训费 0.00，差 15.00\
         （一般公共预算财政拨款 栏同样不符）"
    );
    expect(
        &p,
        "X-3PUBLIC-BASIC",
        Severity::Error,
        cell(TableId::ThreePublic, "meeting", "general"),
        &["30215", "15.00", "会议费 0.00"],
    );
    expect(&p, "X-GOALS-PROJECT", Severity::Warning, goal_at(0, None), &["295.82", "295.81", "差 0.01"]);
    expect(
        &p,
        "X-PROC-CLAIM",
        Severity::Error,
        Location::Narrative { section: NarrativeSection::Assets },
        &["列入政府采购预算"],
    );
    expect(
        &p,
        "X-FUNC-ECON",
        Severity::Warning,
        cell(TableId::GeneralBasicExpense, "30110", "total"),
        &["21011", "0.00", "30110+30111", "28.09", "差 -28.09"],
    );

    // The 15.00 the 合计 has more than the 小计 is the 会议费 of 30215: stating it resolves both.
    let p = laiyuan_with_meeting_stated();
    assert_quiet(&p, "T9-TOTAL");
    assert_quiet(&p, "X-3PUBLIC-BASIC");
    assert_quiet_prefix(&p, "T9-");
    assert!(table_errors(&p, TableId::ThreePublic).is_empty());
}

/// 涞源 with the 会议费 it budgets in 30215 stated in the 三公 table as well.
fn laiyuan_with_meeting_stated() -> Project {
    let mut p = laiyuan();
    for row in ["meeting", "meeting.other"] {
        for column in ["total", "general"] {
            set(&mut p, TableId::ThreePublic, row, column, "15.00");
        }
    }
    p
}

// ---------------------------------------------------------------------------------------------
// structure.rs

#[test]
fn struct_unit_name_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "STRUCT-UNIT-NAME");
    p.meta.unit_name = "  ".into();
    expect(&p, "STRUCT-UNIT-NAME", Severity::Error, Location::Meta { field: "unit_name" }, &["单位名称为空"]);
}

#[test]
fn struct_year_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "STRUCT-YEAR");
    p.meta.budget_year = 1922;
    expect(&p, "STRUCT-YEAR", Severity::Error, Location::Meta { field: "budget_year" }, &["1922", "2000", "2100"]);
    p.meta.budget_year = 2100;
    assert_quiet(&p, "STRUCT-YEAR");
}

#[test]
fn struct_edition_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "STRUCT-EDITION");
    p.meta.edition = "hebei-2099".into();
    expect(
        &p,
        "STRUCT-EDITION",
        Severity::Error,
        Location::Meta { field: "edition" },
        &["hebei-2099", "hebei-2022", "hebei-2024"],
    );
    // Without an edition nothing else can be checked, not even laiyuan's real errors.
    assert_eq!(rules(&p).into_iter().filter(|r| !r.starts_with("NARR-")).collect::<Vec<_>>(), ["STRUCT-EDITION"]);
}

#[test]
fn struct_row_missing_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "STRUCT-ROW-MISSING");
    p.tables.three_public.rows.retain(|r| r.id != "travel.research");
    expect(
        &p,
        "STRUCT-ROW-MISSING",
        Severity::Error,
        row_at(TableId::ThreePublic, "travel.research"),
        &["“三公”经费表", "其中：教学科研人员因公出国（境）费"],
    );
    // A classified table without a 合计 row is incomplete, but one without any row is an empty table.
    let mut p = gaoyang();
    p.tables.expense.rows.retain(|r| r.id != "total");
    expect(&p, "STRUCT-ROW-MISSING", Severity::Error, row_at(TableId::Expense, "total"), &["支出总表", "合计"]);
    assert!(gaoyang().tables.fund_expense.rows.is_empty());
}

#[test]
fn struct_row_duplicate_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "STRUCT-ROW-DUPLICATE");
    let copy = p.tables.expense.row("2010309").unwrap().clone();
    p.tables.expense.rows.push(copy);
    expect(&p, "STRUCT-ROW-DUPLICATE", Severity::Error, row_at(TableId::Expense, "2010309"), &["2010309 参事事务"]);
}

#[test]
fn struct_row_unknown_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "STRUCT-ROW-UNKNOWN");
    // 会议费 is a 2024 row; the 2022 三公 table has none.
    p.tables.three_public.rows.push(Row::new("meeting", "四、会议费"));
    expect(
        &p,
        "STRUCT-ROW-UNKNOWN",
        Severity::Error,
        row_at(TableId::ThreePublic, "meeting"),
        &["meeting", "四、会议费"],
    );
    // A fixed key in a classified table.
    let mut p = gaoyang();
    p.tables.expense.rows.push(Row::new("subtotal", "小计"));
    expect(&p, "STRUCT-ROW-UNKNOWN", Severity::Error, row_at(TableId::Expense, "subtotal"), &["subtotal"]);
}

#[test]
fn struct_column_unknown_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "STRUCT-COLUMN-UNKNOWN");
    // Income rows of the 财政拨款收支总表 have one amount column; “general” is an expense column.
    let amount = get(&p, TableId::FiscalSummary, "in.general", "amount");
    p.tables.fiscal_summary.row_mut("in.general").unwrap().cells.set("general", Some(amount));
    expect(
        &p,
        "STRUCT-COLUMN-UNKNOWN",
        Severity::Error,
        cell(TableId::FiscalSummary, "in.general", "general"),
        &["“general”", "1486.83"],
    );

    // Procurement fund columns: “carryover” is a 2024 column, 广阳 is a 2022 document.
    let mut p = guangyang();
    assert_quiet(&p, "STRUCT-COLUMN-UNKNOWN");
    p.procurement.rows[0].funds.set("carryover", Some(dec("5")));
    expect(
        &p,
        "STRUCT-COLUMN-UNKNOWN",
        Severity::Error,
        Location::Procurement { row: Some(0), column: Some("carryover".into()) },
        &["第 1 行", "“carryover”", "5"],
    );
    let mut p = guangyang();
    p.procurement.total.as_mut().unwrap().funds.set("carryover", Some(dec("5")));
    expect(
        &p,
        "STRUCT-COLUMN-UNKNOWN",
        Severity::Error,
        Location::Procurement { row: None, column: Some("carryover".into()) },
        &["合计行", "“carryover”"],
    );
}

#[test]
fn struct_precision_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "STRUCT-PRECISION");
    // Trailing zeros are not extra precision.
    set(&mut p, TableId::Expense, "2010309", "project", "20.000");
    set(&mut p, TableId::Expense, "2010309", "total", "20.000");
    assert_quiet(&p, "STRUCT-PRECISION");
    set(&mut p, TableId::Expense, "2010309", "project", "20.004");
    expect(
        &p,
        "STRUCT-PRECISION",
        Severity::Warning,
        cell(TableId::Expense, "2010309", "project"),
        &["参事事务", "20.004", "两位小数"],
    );
}

#[test]
fn struct_code_length_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "STRUCT-CODE-LENGTH");
    p.tables.expense.rows.push(Row::new("2010", "行政运行"));
    expect(&p, "STRUCT-CODE-LENGTH", Severity::Error, row_at(TableId::Expense, "2010"), &["“2010”", "3/5/7 位"]);
    p.tables.general_basic_expense.rows.push(Row::new("3010101", "基本工资"));
    expect(
        &p,
        "STRUCT-CODE-LENGTH",
        Severity::Error,
        row_at(TableId::GeneralBasicExpense, "3010101"),
        &["“3010101”", "3/5 位"],
    );
}

#[test]
fn struct_goal_name_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "STRUCT-GOAL-NAME");
    p.goals[2].name = " ".into();
    expect(&p, "STRUCT-GOAL-NAME", Severity::Error, goal_at(2, None), &["第 3 张"]);
}

#[test]
fn amount_negative_fires_and_passes() {
    // The published samples have no negative amount anywhere.
    for p in [gaoyang(), guangyang(), laiyuan()] {
        assert_quiet(&p, "AMOUNT-NEGATIVE");
    }
    // “(1.50)” typed into a cell is accepted as −1.50 and pointed at.
    let mut p = gaoyang();
    set(&mut p, TableId::Expense, "2010309", "project", "-1.50");
    expect(
        &p,
        "AMOUNT-NEGATIVE",
        Severity::Warning,
        cell(TableId::Expense, "2010309", "project"),
        &["支出总表", "参事事务", "项目支出", "-1.50", "负数"],
    );
    // A stated “-0.00” is zero, not a negative.
    let mut p = gaoyang();
    set(&mut p, TableId::Expense, "2010309", "project", "-0.00");
    assert_quiet(&p, "AMOUNT-NEGATIVE");
    // Goal budgets, procurement and asset lines are amounts too.
    let mut p = laiyuan();
    p.goals[1].budget = Some(dec("-3.00"));
    expect(&p, "AMOUNT-NEGATIVE", Severity::Warning, goal_at(1, None), &["预算数", "-3.00"]);
    let mut p = guangyang();
    let key = p.procurement.rows[0].funds.iter().next().map(|(k, _)| k.to_string()).unwrap();
    p.procurement.rows[0].funds.set(&key, Some(dec("-2.00")));
    expect(&p, "AMOUNT-NEGATIVE", Severity::Warning, procurement_at(Some(0), &key), &["第 1 行", "-2.00"]);
    let mut p = laiyuan();
    p.assets.vehicles.value = Some(dec("-10.00"));
    expect(&p, "AMOUNT-NEGATIVE", Severity::Warning, Location::Assets { line: Some("vehicles") }, &["车辆", "价值"]);
}

// ---------------------------------------------------------------------------------------------
// tables.rs — formulas of the classified tables (T2 T3 T5 T6 T7 T8), one shape for all

/// A classified table and the rows the cases change.
struct Classified {
    prefix: &'static str,
    table: TableId,
    project: fn() -> Project,
    /// A 项 (or economic 款) row with its parent.
    leaf: &'static str,
    parent: &'static str,
    /// Columns that move together so that the row's own column sums still hold: 合计 first.
    chain: &'static [&'static str],
}

const INCOME: Classified = Classified {
    prefix: "T2",
    table: TableId::Income,
    project: gaoyang,
    leaf: "2010301",
    parent: "20103",
    chain: &["total", "subtotal", "fiscal"],
};
const EXPENSE: Classified = Classified {
    prefix: "T3",
    table: TableId::Expense,
    project: gaoyang,
    leaf: "2010301",
    parent: "20103",
    chain: &["total", "basic"],
};
const GENERAL: Classified = Classified {
    prefix: "T5",
    table: TableId::GeneralExpense,
    project: laiyuan,
    leaf: "2080505",
    parent: "20805",
    chain: &["total", "basic"],
};
const BASIC: Classified = Classified {
    prefix: "T6",
    table: TableId::GeneralBasicExpense,
    project: gaoyang,
    leaf: "30101",
    parent: "301",
    chain: &["total", "personnel"],
};
const FUND: Classified = Classified {
    prefix: "T7",
    table: TableId::FundExpense,
    project: laiyuan_with_fund_table,
    leaf: "2120803",
    parent: "21208",
    chain: &["total", "project"],
};
const CAPITAL: Classified = Classified {
    prefix: "T8",
    table: TableId::CapitalExpense,
    project: laiyuan_with_capital_table,
    leaf: "2230105",
    parent: "22301",
    chain: &["total", "project"],
};

/// Fills an (empty in every sample) government-fund or state-capital table consistently and
/// removes its 空表 note.
fn fill_table(p: &mut Project, table: TableId, rows: &[(&str, &str, &str)]) {
    let t = p.tables.get_mut(table);
    t.notes.clear();
    for (id, name, amount) in rows {
        t.rows.push(Row::new(*id, *name).with("total", dec(amount)).with("project", dec(amount)));
    }
}

fn laiyuan_with_fund_table() -> Project {
    let mut p = laiyuan();
    fill_table(
        &mut p,
        TableId::FundExpense,
        &[
            ("total", "合计", "30.00"),
            ("212", "城乡社区支出", "30.00"),
            ("21208", "国有土地使用权出让收入安排的支出", "30.00"),
            ("2120803", "城市建设支出", "20.00"),
            ("2120804", "农村基础设施建设支出", "10.00"),
        ],
    );
    p
}

fn laiyuan_with_capital_table() -> Project {
    let mut p = laiyuan();
    fill_table(
        &mut p,
        TableId::CapitalExpense,
        &[
            ("total", "合计", "12.00"),
            ("223", "国有资本经营预算支出", "12.00"),
            ("22301", "解决历史遗留问题及改革成本支出", "12.00"),
            ("2230105", "国有企业退休人员社会化管理补助支出", "8.00"),
            ("2230199", "其他解决历史遗留问题及改革成本支出", "4.00"),
        ],
    );
    p
}

/// -ROW-SUM: a row's 合计 is not the sum of its columns. The 合计 is the wrong cell here, so the
/// fix restores the table.
fn row_sum_case(c: &Classified) {
    let rule = format!("{}-ROW-SUM", c.prefix);
    let mut p = (c.project)();
    assert_quiet_prefix(&p, c.prefix);
    let original = get(&p, c.table, c.leaf, "total");
    let stated = original + dec("0.01");
    set(&mut p, c.table, c.leaf, "total", &stated.to_string());
    let finding = expect(
        &p,
        &rule,
        Severity::Error,
        cell(c.table, c.leaf, "total"),
        &[
            &format!("{}“{} ", c.table.short_name(), c.leaf),
            &format!("合计栏 {} ≠ ", wan(stated)),
            &wan(original),
            "差 0.01",
        ],
    );
    apply_right_fix(&mut p, &finding);
    assert_eq!(get(&p, c.table, c.leaf, "total"), original);
    assert_quiet_prefix(&p, c.prefix);
}

/// -HIERARCHY: a 款 is not the sum of its 项.
fn hierarchy_case(c: &Classified) {
    let rule = format!("{}-HIERARCHY", c.prefix);
    let mut p = (c.project)();
    assert_quiet(&p, &rule);
    let parent = get(&p, c.table, c.parent, "total");
    let also = if c.chain.len() > 1 { "栏同样不符" } else { "" };

    // The 款 itself is wrong (in all its columns): the fix is the right correction.
    bump(&mut p, c.table, c.parent, c.chain, "0.01");
    let finding = expect(
        &p,
        &rule,
        Severity::Error,
        cell(c.table, c.parent, "total"),
        &[
            &format!("“{} ", c.parent),
            &format!("合计栏 {} ≠ 下级科目之和 {}", wan(parent + dec("0.01")), wan(parent)),
            "差 0.01",
            also,
        ],
    );
    apply_right_fix(&mut p, &finding);
    assert_quiet_prefix(&p, c.prefix);

    // A 项 is wrong: the finding is at the 款 (its fix follows the 项, so it only removes this finding).
    let mut p = (c.project)();
    bump(&mut p, c.table, c.leaf, c.chain, "0.01");
    let finding = expect(
        &p,
        &rule,
        Severity::Error,
        cell(c.table, c.parent, "total"),
        &[&format!("合计栏 {} ≠ 下级科目之和 {}", wan(parent), wan(parent + dec("0.01"))), "差 -0.01"],
    );
    apply_fix(&mut p, &finding);
}

/// -TOTAL: the 合计 row is not the sum of the 类 rows; the fix restores the table.
fn total_case(c: &Classified) {
    let rule = format!("{}-TOTAL", c.prefix);
    let mut p = (c.project)();
    assert_quiet(&p, &rule);
    let original = get(&p, c.table, "total", "total");
    bump(&mut p, c.table, "total", c.chain, "0.01");
    let finding = expect(
        &p,
        &rule,
        Severity::Error,
        cell(c.table, "total", "total"),
        &[
            &format!("{}“合计” {} ≠ 各类之和 {}", c.table.short_name(), wan(original + dec("0.01")), wan(original)),
            "差 0.01",
        ],
    );
    apply_right_fix(&mut p, &finding);
    assert_eq!(get(&p, c.table, "total", "total"), original);
}

#[test]
fn t2_row_sum_fires_and_passes() {
    row_sum_case(&INCOME);
}

#[test]
fn t2_hierarchy_fires_and_passes() {
    hierarchy_case(&INCOME);
}

#[test]
fn t2_total_fires_and_passes() {
    total_case(&INCOME);
}

#[test]
fn t2_row_sum_fix_of_a_wrong_subtotal_restores_the_row() {
    // 合计 = 小计 + 上年结转 and 小计 = 财政拨款收入 + …: the 小计 is the one wrong cell.
    let mut p = gaoyang();
    set(&mut p, TableId::Income, "2010301", "subtotal", "596.93");
    let found = findings(&p);
    let finding = found
        .iter()
        .find(|f| f.rule == "T2-ROW-SUM")
        .unwrap_or_else(|| panic!("no T2-ROW-SUM: {:#?}", listing(&found)))
        .clone();
    assert!(finding.message.contains("596.93"), "{}", finding.message);
    // Observed: the fix sets 小计 to 596.92 (from 财政拨款收入) but 合计 to 596.93 (from the wrong
    // 小计), leaving 合计 596.93 ≠ 小计 596.92 and a new T2-HIERARCHY at 20103 合计.
    finding.fix.clone().unwrap().apply(&mut p);
    assert_eq!(get(&p, TableId::Income, "2010301", "subtotal"), dec("596.92"));
    assert_eq!(get(&p, TableId::Income, "2010301", "total"), dec("596.92"));
    assert!(table_errors(&p, TableId::Income).is_empty(), "{:#?}", table_errors(&p, TableId::Income));
}

#[test]
fn t3_row_sum_fires_and_passes() {
    row_sum_case(&EXPENSE);
}

#[test]
fn t3_hierarchy_fires_and_passes() {
    hierarchy_case(&EXPENSE);
}

#[test]
fn t3_total_fires_and_passes() {
    total_case(&EXPENSE);
}

#[test]
fn t5_row_sum_fires_and_passes() {
    row_sum_case(&GENERAL);
}

#[test]
fn t5_hierarchy_fires_and_passes() {
    hierarchy_case(&GENERAL);
}

#[test]
fn t5_total_fires_and_passes() {
    total_case(&GENERAL);
}

#[test]
fn t6_row_sum_fires_and_passes() {
    row_sum_case(&BASIC);
}

#[test]
fn t6_hierarchy_fires_and_passes() {
    hierarchy_case(&BASIC);
}

#[test]
fn t6_total_fires_and_passes() {
    total_case(&BASIC);
}

#[test]
fn t7_row_sum_fires_and_passes() {
    row_sum_case(&FUND);
}

#[test]
fn t7_hierarchy_fires_and_passes() {
    hierarchy_case(&FUND);
}

#[test]
fn t7_total_fires_and_passes() {
    total_case(&FUND);
}

#[test]
fn t8_row_sum_fires_and_passes() {
    row_sum_case(&CAPITAL);
}

#[test]
fn t8_hierarchy_fires_and_passes() {
    hierarchy_case(&CAPITAL);
}

#[test]
fn t8_total_fires_and_passes() {
    total_case(&CAPITAL);
}

// ---------------------------------------------------------------------------------------------
// tables.rs — 收支总表 (T1)

const IES: TableId = TableId::IncomeExpenseSummary;
const FISCAL: TableId = TableId::FiscalSummary;
const THREE: TableId = TableId::ThreePublic;

#[test]
fn t1_class_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T1-CLASS");
    set(&mut p, IES, "out.201", "amount", "940.01");
    let finding = expect(
        &p,
        "T1-CLASS",
        Severity::Error,
        cell(IES, "out.201", "amount"),
        &["收支总表“一般公共服务支出” 940.01 ≠ 支出总表 201 合计 940.00，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);

    // A class the 支出总表 does not have.
    let mut p = gaoyang();
    set(&mut p, IES, "out.205", "amount", "3.00");
    let finding = expect(
        &p,
        "T1-CLASS",
        Severity::Error,
        cell(IES, "out.205", "amount"),
        &["教育支出", "3.00", "对应明细表中没有该类", "差 3.00"],
    );
    apply_right_fix(&mut p, &finding);
    assert_eq!(p.tables.income_expense_summary.amount("out.205", "amount"), None);
}

#[test]
fn t1_class_leaves_the_unlinked_pboc_class_alone() {
    // ARCHITECTURE: 人行科目 “is not linked to any classification row”; it has no function code,
    // so no 支出总表 row can ever match it. An amount there cannot be checked against a detail table.
    let mut p = laiyuan();
    set(&mut p, IES, "out.pboc", "amount", "1.00");
    let found = findings(&p);
    let hits: Vec<&Finding> =
        found.iter().filter(|f| f.rule == "T1-CLASS" && f.location == cell(IES, "out.pboc", "amount")).collect();
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn t1_income_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T1-INCOME-TOTAL");
    set(&mut p, IES, "in.total", "amount", "1006.80");
    let finding = expect(
        &p,
        "T1-INCOME-TOTAL",
        Severity::Error,
        cell(IES, "in.total", "amount"),
        &["收支总表“本年收入合计” 1006.80 ≠ 各项之和 1006.79，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t1_expense_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T1-EXPENSE-TOTAL");
    set(&mut p, IES, "out.total", "amount", "1006.80");
    let finding = expect(
        &p,
        "T1-EXPENSE-TOTAL",
        Severity::Error,
        cell(IES, "out.total", "amount"),
        &["收支总表“本年支出合计” 1006.80 ≠ 各项之和 1006.79，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t1_grand_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T1-GRAND-TOTAL");
    set(&mut p, IES, "out.grand_total", "amount", "1006.80");
    let finding = expect(
        &p,
        "T1-GRAND-TOTAL",
        Severity::Error,
        cell(IES, "out.grand_total", "amount"),
        &["收支总表“支出总计” 1006.80 ≠ 本年支出合计 1006.79 + 年终结转结余 0.00，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);

    let mut p = gaoyang();
    set(&mut p, IES, "in.grand_total", "amount", "1006.80");
    let finding = expect(
        &p,
        "T1-GRAND-TOTAL",
        Severity::Error,
        cell(IES, "in.grand_total", "amount"),
        &["收支总表“收入总计” 1006.80 ≠ 本年收入合计 1006.79 + 上年结转结余 0.00，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

// ---------------------------------------------------------------------------------------------
// tables.rs — 财政拨款收支总表 (T4)

#[test]
fn t4_row_sum_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T4-ROW-SUM");
    set(&mut p, FISCAL, "out.201", "total", "940.01");
    let finding = expect(
        &p,
        "T4-ROW-SUM",
        Severity::Error,
        cell(FISCAL, "out.201", "total"),
        &["财政拨款收支总表“一般公共服务支出”合计栏 940.01 ≠ 一般公共预算财政拨款 940.00 + \
             政府性基金预算财政拨款 0.00 + 国有资本经营预算财政拨款 0.00，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t4_class_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T4-CLASS");
    set(&mut p, FISCAL, "out.201", "general", "940.01");
    let finding = expect(
        &p,
        "T4-CLASS",
        Severity::Error,
        cell(FISCAL, "out.201", "general"),
        &[
            "财政拨款收支总表“一般公共服务支出”一般公共预算财政拨款栏 940.01 ≠ 一般公共预算支出表 201 合计 940.00，差 0.01",
        ],
    );
    apply_right_fix(&mut p, &finding);

    // The 政府性基金 column comes from the 政府性基金预算支出表.
    let mut p = laiyuan_with_fund_table();
    let finding = expect(
        &p,
        "T4-CLASS",
        Severity::Error,
        cell(FISCAL, "out.212", "fund"),
        &["城乡社区支出", "政府性基金预算财政拨款栏 0.00 ≠ 政府性基金预算支出表 212 合计 30.00", "差 -30.00"],
    );
    apply_fix(&mut p, &finding);
    assert_eq!(get(&p, FISCAL, "out.212", "fund"), dec("30.00"));
}

#[test]
fn t4_income_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T4-INCOME-TOTAL");
    set(&mut p, FISCAL, "in.total", "amount", "1006.80");
    let finding = expect(
        &p,
        "T4-INCOME-TOTAL",
        Severity::Error,
        cell(FISCAL, "in.total", "amount"),
        &["财政拨款收支总表“本年收入合计”金额栏 1006.80 ≠ 一般公共预算拨款 1006.79 + 政府性基金预算拨款 0.00 + \
             国有资本经营预算拨款 0.00，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t4_expense_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T4-EXPENSE-TOTAL");
    bump(&mut p, FISCAL, "out.total", &["total", "general"], "0.01");
    let finding = expect(
        &p,
        "T4-EXPENSE-TOTAL",
        Severity::Error,
        cell(FISCAL, "out.total", "total"),
        &[
            "财政拨款收支总表“本年支出合计”合计栏 1006.80 ≠ 各项之和 1006.79，差 0.01",
            "一般公共预算财政拨款 栏同样不符",
        ],
    );
    assert_eq!(finding.fix.as_ref().unwrap().cells.len(), 2);
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t4_grand_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T4-GRAND-TOTAL");
    set(&mut p, FISCAL, "in.grand_total", "amount", "1006.80");
    let finding = expect(
        &p,
        "T4-GRAND-TOTAL",
        Severity::Error,
        cell(FISCAL, "in.grand_total", "amount"),
        &["“收入总计”金额栏 1006.80 ≠ 本年收入合计 1006.79 + 年初财政拨款结转和结余 0.00，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t4_carryover_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T4-CARRYOVER");
    set(&mut p, FISCAL, "in.carryover", "amount", "5.00");
    let finding = expect(
        &p,
        "T4-CARRYOVER",
        Severity::Error,
        cell(FISCAL, "in.carryover", "amount"),
        &["“年初财政拨款结转和结余”金额栏 5.00 ≠ 一般公共预算拨款 0.00 + 政府性基金预算拨款 0.00 + \
             国有资本经营预算拨款 0.00，差 5.00"],
    );
    apply_right_fix(&mut p, &finding);
    assert_eq!(p.tables.fiscal_summary.amount("in.carryover", "amount"), None);
}

// ---------------------------------------------------------------------------------------------
// tables.rs — 三公 (T9)

#[test]
fn t9_row_sum_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T9-ROW-SUM");
    set(&mut p, THREE, "reception", "total", "47.04");
    let finding = expect(
        &p,
        "T9-ROW-SUM",
        Severity::Error,
        cell(THREE, "reception", "total"),
        &["“三公”经费表“公务接待费”合计栏 47.04 ≠ 一般公共预算财政拨款 47.03 + 政府性基金预算拨款 0.00 + \
             国有资本经营预算财政拨款 0.00，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t9_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T9-TOTAL");
    bump(&mut p, THREE, "total", &["total", "general"], "0.01");
    let finding = expect(
        &p,
        "T9-TOTAL",
        Severity::Error,
        cell(THREE, "total", "total"),
        &["“三公”经费表“合计” 115.20 ≠ “三公”经费小计 115.19，差 0.01（一般公共预算财政拨款 栏同样不符）"],
    );
    apply_right_fix(&mut p, &finding);

    // 涞源's own 合计: the fix makes it the sum of the rows as stated.
    let mut p = laiyuan();
    let finding = expect(&p, "T9-TOTAL", Severity::Error, cell(THREE, "total", "total"), &["186.00", "差 15.00"]);
    apply_fix(&mut p, &finding);
    assert_eq!(get(&p, THREE, "total", "total"), dec("171.00"));
    assert_eq!(get(&p, THREE, "total", "general"), dec("171.00"));
}

#[test]
fn t9_subtotal_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T9-SUBTOTAL");
    bump(&mut p, THREE, "subtotal", &["total", "general"], "0.01");
    let finding = expect(
        &p,
        "T9-SUBTOTAL",
        Severity::Error,
        cell(THREE, "subtotal", "total"),
        &["合计栏 115.20 ≠ 因公出国（境）费 0.00 + 公务用车购置及运维费 68.16 + 公务接待费 47.03，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn t9_item_sum_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T9-ITEM-SUM");
    bump(&mut p, THREE, "vehicle", &["total", "general"], "0.01");
    let finding = expect(
        &p,
        "T9-ITEM-SUM",
        Severity::Error,
        cell(THREE, "vehicle", "total"),
        &["“公务用车购置及运维费”合计栏 68.17 ≠ 公务用车购置费 0.00 + 公务用车运行维护费 68.16，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);

    // 2024: 会议费 = 省属高校业务性会议费 + 其他会议费. Stating only the detail line in 涞源 makes
    // 会议费 the wrong cell; its fix also resolves the 合计 (186.00 = 171.00 + 15.00).
    let mut p = laiyuan();
    assert_quiet(&p, "T9-ITEM-SUM");
    for column in ["total", "general"] {
        set(&mut p, THREE, "meeting.other", column, "15.00");
    }
    let finding = expect(
        &p,
        "T9-ITEM-SUM",
        Severity::Error,
        cell(THREE, "meeting", "total"),
        &["“会议费”合计栏 0.00 ≠ 省属高校业务性会议费 0.00 + 其他会议费 15.00，差 -15.00"],
    );
    apply_right_fix(&mut p, &finding);
    assert_quiet(&p, "T9-TOTAL");
}

// ---------------------------------------------------------------------------------------------
// tables.rs — codes, split, titles and notes

#[test]
fn hier_parent_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "HIER-PARENT");
    // 涞源 has no 20808 抚恤 款.
    p.tables.expense.rows.push(Row::new("2080801", "死亡抚恤"));
    expect(
        &p,
        "HIER-PARENT",
        Severity::Error,
        row_at(TableId::Expense, "2080801"),
        &["支出总表“2080801 死亡抚恤”缺少上级科目 20808"],
    );
    let mut p = laiyuan();
    p.tables.general_basic_expense.rows.push(Row::new("30901", "房屋建筑物购建"));
    expect(&p, "HIER-PARENT", Severity::Error, row_at(TableId::GeneralBasicExpense, "30901"), &["缺少上级科目 309"]);
}

#[test]
fn dict_name_fires_and_passes() {
    let p = gaoyang();
    assert_quiet(&p, "DICT-NAME");
    // Half-width brackets are the same name: “维修(护)费” = “维修（护）费”.
    assert_eq!(p.tables.general_basic_expense.row("30213").unwrap().name, "维修(护)费");

    let mut p = gaoyang();
    p.tables.expense.row_mut("2010301").unwrap().name = "行政运行支出".into();
    expect(
        &p,
        "DICT-NAME",
        Severity::Warning,
        row_at(TableId::Expense, "2010301"),
        &["2010301", "“行政运行支出”", "2022 年科目表“行政运行”"],
    );

    // Names are per year: 30110 was renamed for 2024.
    let mut p = laiyuan();
    assert_quiet(&p, "DICT-NAME");
    p.tables.general_basic_expense.row_mut("30110").unwrap().name = "城镇职工基本医疗保险缴费".into();
    expect(
        &p,
        "DICT-NAME",
        Severity::Warning,
        row_at(TableId::GeneralBasicExpense, "30110"),
        &["“城镇职工基本医疗保险缴费”", "2024 年科目表“职工基本医疗保险缴费”"],
    );
}

#[test]
fn dict_unknown_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "DICT-UNKNOWN");
    p.tables.expense.rows.push(Row::new("2010304", "专项服务"));
    expect(
        &p,
        "DICT-UNKNOWN",
        Severity::Info,
        row_at(TableId::Expense, "2010304"),
        &["2010304 专项服务", "不在科目表中", "导入 2022 年科目表"],
    );
    // Carried by the budget system's workbook (learned on import): not reported.
    p.learned_codes.push(yugong::model::LearnedCode { code: "2010304".into(), name: "专项服务".into() });
    assert_quiet(&p, "DICT-UNKNOWN");
}

#[test]
fn t6_split_fires_and_passes() {
    let basic = TableId::GeneralBasicExpense;
    let p = gaoyang();
    assert_quiet(&p, "T6-SPLIT");

    // 302 商品和服务支出 is 公用经费.
    let mut p = gaoyang();
    set(&mut p, basic, "30201", "public", "");
    set(&mut p, basic, "30201", "personnel", "192.91");
    expect(
        &p,
        "T6-SPLIT",
        Severity::Warning,
        cell(basic, "30201", "personnel"),
        &["“30201 办公费”", "公用经费", "人员经费栏列了 192.91"],
    );
    // 301 工资福利支出 is 人员经费.
    let mut p = gaoyang();
    set(&mut p, basic, "30101", "personnel", "131.00");
    set(&mut p, basic, "30101", "public", "0.49");
    expect(
        &p,
        "T6-SPLIT",
        Severity::Warning,
        cell(basic, "30101", "public"),
        &["30101 基本工资", "公用经费栏列了 0.49"],
    );
    // 310 资本性支出 is 公用经费; a stated zero in the other column is fine.
    let mut p = gaoyang();
    set(&mut p, basic, "31002", "personnel", "0.00");
    assert_quiet(&p, "T6-SPLIT");
    set(&mut p, basic, "31002", "personnel", "1.00");
    expect(&p, "T6-SPLIT", Severity::Warning, cell(basic, "31002", "personnel"), &["31002", "1.00"]);
}

#[test]
fn tables_empty_fires_and_passes() {
    let p = gaoyang();
    assert_quiet(&p, "TABLES-EMPTY");
    let p = guangyang();
    expect(&p, "TABLES-EMPTY", Severity::Warning, whole(IES), &["九张公开表都没有数据"]);
    // With every table empty the per-table 空表 notes are not asked for.
    assert_quiet(&p, "TABLE-EMPTY-NOTE");

    let mut p = gaoyang();
    for id in TableId::ALL {
        for row in &mut p.tables.get_mut(id).rows {
            row.cells = Default::default();
        }
    }
    expect(&p, "TABLES-EMPTY", Severity::Warning, whole(IES), &[]);
    let mut p = guangyang();
    set(&mut p, TableId::Income, "total", "total", "1.00");
    assert_quiet(&p, "TABLES-EMPTY");
}

#[test]
fn table_title_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "TABLE-TITLE");
    // Spacing does not matter.
    p.tables.income_expense_summary.title = "部门预算 收支总表".into();
    assert_quiet(&p, "TABLE-TITLE");
    p.tables.three_public.title = "部门预算财政拨款三公经费支出表".into();
    expect(
        &p,
        "TABLE-TITLE",
        Severity::Warning,
        whole(THREE),
        &["“部门预算财政拨款三公经费支出表”", "“部门预算财政拨款“三公”经费支出表”"],
    );
    // 高阳's real title “政府基金”.
    expect(
        &gaoyang(),
        "TABLE-TITLE",
        Severity::Warning,
        whole(TableId::FundExpense),
        &["部门预算政府基金预算财政拨款支出表"],
    );
}

#[test]
fn table_empty_note_fires_and_passes() {
    let p = laiyuan();
    assert_quiet(&p, "TABLE-EMPTY-NOTE");

    // An empty table without its note.
    let mut p = laiyuan();
    p.tables.fund_expense.notes.clear();
    expect(
        &p,
        "TABLE-EMPTY-NOTE",
        Severity::Warning,
        whole(TableId::FundExpense),
        &["没有数据", "注：无政府性基金预算财政拨款预算，空表列示。"],
    );
    // A filled table with the note.
    let mut p = laiyuan();
    p.tables.three_public.notes.push("注：无“三公”经费预算，空表列示。".into());
    expect(&p, "TABLE-EMPTY-NOTE", Severity::Warning, whole(THREE), &["有数据，却注明“空表列示”"]);
    // A filled government-fund table must lose the note.
    let mut p = laiyuan_with_fund_table();
    assert_quiet(&p, "TABLE-EMPTY-NOTE");
    p.tables.fund_expense.notes.push("注：无政府性基金预算财政拨款预算，空表列示。".into());
    expect(&p, "TABLE-EMPTY-NOTE", Severity::Warning, whole(TableId::FundExpense), &["有数据"]);
}

// ---------------------------------------------------------------------------------------------
// cross.rs

#[test]
fn x_income_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "X-INCOME-TOTAL");
    set(&mut p, IES, "in.grand_total", "amount", "1006.97");
    let finding = expect(
        &p,
        "X-INCOME-TOTAL",
        Severity::Error,
        cell(IES, "in.grand_total", "amount"),
        &["收支总表 收入总计 1006.97 ≠ 收入总表 合计 1006.79，差 0.18"],
    );
    assert!(finding.fix.as_ref().unwrap().description.contains("1006.79"));
    apply_right_fix(&mut p, &finding);
}

#[test]
fn x_expense_total_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "X-EXPENSE-TOTAL");
    set(&mut p, IES, "out.total", "amount", "1006.80");
    let finding = expect(
        &p,
        "X-EXPENSE-TOTAL",
        Severity::Error,
        cell(IES, "out.total", "amount"),
        &["收支总表 本年支出合计 1006.80 ≠ 支出总表 合计 1006.79，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn x_basic_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "X-BASIC");
    set(&mut p, TableId::GeneralExpense, "total", "basic", "746.56");
    let finding = expect(
        &p,
        "X-BASIC",
        Severity::Error,
        cell(TableId::GeneralExpense, "total", "basic"),
        &["一般公共预算支出表 基本支出合计 746.56 ≠ 基本支出表 合计 746.55，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);
}

#[test]
fn x_fiscal_income_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "X-FISCAL-INCOME");
    set(&mut p, IES, "in.general", "amount", "1006.80");
    let finding = expect(
        &p,
        "X-FISCAL-INCOME",
        Severity::Error,
        cell(IES, "in.general", "amount"),
        &["收支总表 一般公共预算拨款收入 1006.80 ≠ 财政拨款收支总表 一般公共预算拨款 1006.79，差 0.01"],
    );
    apply_right_fix(&mut p, &finding);

    // The 财政拨款收支总表 is the source: its fix changes the 收支总表 (here that spreads the wrong figure).
    let mut p = gaoyang();
    set(&mut p, FISCAL, "in.fund", "amount", "2.00");
    let finding = expect(
        &p,
        "X-FISCAL-INCOME",
        Severity::Error,
        cell(IES, "in.fund", "amount"),
        &["收支总表 政府性基金预算拨款收入 0.00 ≠ 财政拨款收支总表 政府性基金预算拨款 2.00，差 -2.00"],
    );
    apply_fix(&mut p, &finding);
}

#[test]
fn t1_balance_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T1-BALANCE");
    set(&mut p, IES, "out.grand_total", "amount", "1006.80");
    let finding = expect(
        &p,
        "T1-BALANCE",
        Severity::Error,
        cell(IES, "out.grand_total", "amount"),
        &["收支总表 收入总计 1006.79 ≠ 支出总计 1006.80，差 -0.01"],
    );
    assert!(finding.fix.is_none());
}

#[test]
fn t4_balance_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "T4-BALANCE");
    bump(&mut p, FISCAL, "out.grand_total", &["total", "general"], "0.01");
    let finding = expect(
        &p,
        "T4-BALANCE",
        Severity::Error,
        cell(FISCAL, "out.grand_total", "total"),
        &["财政拨款收支总表 收入总计 1006.79 ≠ 支出总计 1006.80，差 -0.01"],
    );
    assert!(finding.fix.is_none());
}

#[test]
fn x_income_expense_row_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "X-INCOME-EXPENSE-ROW");
    bump(&mut p, TableId::Income, "2010302", &["total", "subtotal", "fiscal"], "0.01");
    expect(
        &p,
        "X-INCOME-EXPENSE-ROW",
        Severity::Warning,
        cell(TableId::Income, "2010302", "total"),
        &["科目“2010302 一般行政管理事务”收入总表合计 240.25 ≠ 支出总表合计 240.24，差 0.01"],
    );
}

#[test]
fn x_income_expense_row_points_at_an_existing_row() {
    let mut p = gaoyang();
    p.tables
        .expense
        .rows
        .push(Row::new("2010399", "其他政府办公厅（室）及相关机构事务支出").with("total", dec("1.00")));
    let found = findings(&p);
    let finding =
        found.iter().find(|f| f.rule == "X-INCOME-EXPENSE-ROW").unwrap_or_else(|| panic!("{:#?}", listing(&found)));
    assert!(finding.message.contains("2010399") && finding.message.contains("1.00"), "{}", finding.message);
    // Observed: Table { Income, row "2010399", column "total" } — a row the 收入总表 does not have.
    assert_eq!(finding.location, cell(TableId::Expense, "2010399", "total"));
}

#[test]
fn x_3public_basic_fires_and_passes() {
    let mut p = laiyuan_with_meeting_stated();
    assert_quiet(&p, "X-3PUBLIC-BASIC");
    // More in the 三公 table than in 基本支出 is fine (the rest is in projects).
    set(&mut p, THREE, "reception", "general", "96.00");
    assert_quiet(&p, "X-3PUBLIC-BASIC");
    set(&mut p, THREE, "vehicle.upkeep", "general", "68.00");
    expect(
        &p,
        "X-3PUBLIC-BASIC",
        Severity::Error,
        cell(THREE, "vehicle.upkeep", "general"),
        &["“三公”经费表公务用车运行维护费 68.00 小于基本支出表 30231 公务用车运行维护费 69.00，差 1.00"],
    );
    // 2022 has no 会议费 row: 高阳's 30215 会议费 16.25 is not a 三公 item there.
    assert_quiet(&gaoyang(), "X-3PUBLIC-BASIC");
    let mut p = gaoyang();
    set(&mut p, THREE, "reception", "general", "47.00");
    expect(
        &p,
        "X-3PUBLIC-BASIC",
        Severity::Error,
        cell(THREE, "reception", "general"),
        &["30217", "47.00", "47.03", "差 0.03"],
    );
}

#[test]
fn x_func_econ_fires_and_passes() {
    let mut p = gaoyang();
    assert_quiet(&p, "X-FUNC-ECON");
    bump(&mut p, TableId::GeneralExpense, "2210201", &["total", "basic"], "0.01");
    expect(
        &p,
        "X-FUNC-ECON",
        Severity::Warning,
        cell(TableId::GeneralBasicExpense, "30113", "total"),
        &["一般公共预算支出表 2210201 住房公积金 基本支出 18.35 ≠ 基本支出表 30113 住房公积金 18.34，差 0.01"],
    );
    // 医疗: 21011 (all its 项) against 30110 + 30111.
    let mut p = gaoyang();
    p.tables.general_basic_expense.rows.push(Row::new("30111", "公务员医疗补助缴费").with("total", dec("1.00")));
    expect(
        &p,
        "X-FUNC-ECON",
        Severity::Warning,
        cell(TableId::GeneralBasicExpense, "30110", "total"),
        &["21011", "10.77", "30110+30111", "11.77", "差 -1.00"],
    );
}

#[test]
fn x_goals_project_fires_and_passes() {
    let p = gaoyang();
    assert!(p.goals.iter().all(|g| g.budget.is_none()));
    assert_quiet(&p, "X-GOALS-PROJECT");

    let p = laiyuan();
    expect(
        &p,
        "X-GOALS-PROJECT",
        Severity::Warning,
        goal_at(0, None),
        &["14 张项目绩效目标表预算数合计 295.82 ≠ 支出总表项目支出 295.81，差 0.01"],
    );
    let mut p = laiyuan();
    let goal = &mut p.goals[0];
    goal.budget = Some(dec("5.43"));
    goal.fiscal_funds = Some(dec("5.43"));
    goal.plan.december = Some(dec("5.43"));
    assert_quiet(&p, "X-GOALS-PROJECT");
}

#[test]
fn x_proc_claim_fires_and_passes() {
    // 广阳 claims it and has procurement rows.
    let p = guangyang();
    assert!(p.narrative.assets.contains("已列入政府采购预算"));
    assert_quiet(&p, "X-PROC-CLAIM");
    let mut p = guangyang();
    p.procurement.rows.clear();
    p.procurement.total = None;
    p.procurement.notes.push("注：无政府采购预算，空表列示。".into());
    expect(
        &p,
        "X-PROC-CLAIM",
        Severity::Error,
        Location::Narrative { section: NarrativeSection::Assets },
        &["已列入政府采购预算，详见政府采购预算表", "空表"],
    );

    // 高阳 says it is not in the procurement budget.
    let mut p = gaoyang();
    assert_quiet(&p, "X-PROC-CLAIM");
    p.narrative.procurement = "本年度拟购置办公设备25万元，未列入政府采购预算。".into();
    assert_quiet(&p, "X-PROC-CLAIM");
    p.narrative.procurement = "本年度拟购置办公设备25万元，已列入政府采购预算。".into();
    expect(
        &p,
        "X-PROC-CLAIM",
        Severity::Error,
        Location::Narrative { section: NarrativeSection::Procurement },
        &["情况说明称“已列入政府采购预算”，但政府采购预算表是空表"],
    );
}

#[test]
fn x_proc_claim_understands_no_need() {
    let mut p = gaoyang();
    p.narrative.assets = "本年度拟购置固定资产总额为0万元，无需列入政府采购预算。".into();
    assert_quiet(&p, "X-PROC-CLAIM");
}

#[test]
fn x_proc_claim_reads_every_sentence() {
    let mut p = gaoyang();
    p.narrative.procurement = "办公耗材未列入政府采购预算；办公设备已列入政府采购预算。".into();
    expect(
        &p,
        "X-PROC-CLAIM",
        Severity::Error,
        Location::Narrative { section: NarrativeSection::Procurement },
        &["办公设备已列入政府采购预算"],
    );
}

// ---------------------------------------------------------------------------------------------
// parts.rs — goals

fn goal_index(p: &Project, name: &str) -> usize {
    p.goals.iter().position(|g| g.name == name).unwrap()
}

#[test]
fn goal_funds_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "GOAL-FUNDS");
    p.goals[0].other_funds = Some(dec("1.00"));
    expect(
        &p,
        "GOAL-FUNDS",
        Severity::Error,
        goal_at(0, None),
        &["“OA系统服务费”绩效目标表预算数 5.44 ≠ 财政资金 5.44 + 其他资金 1.00，差 -1.00"],
    );
    p.goals[0].fiscal_funds = Some(dec("4.44"));
    assert_quiet(&p, "GOAL-FUNDS");
}

#[test]
fn goal_plan_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "GOAL-PLAN");
    // 12月底 must be the whole budget.
    p.goals[0].plan.december = Some(dec("5.00"));
    expect(&p, "GOAL-PLAN", Severity::Warning, goal_at(0, None), &["“OA系统服务费”", "12月底 5.00 ≠ 预算数 5.44"]);
    // Cumulative: never decreasing.
    let mut p = laiyuan();
    let g = goal_index(&p, "政府地方志专项");
    p.goals[g].plan.october = Some(dec("3.00"));
    expect(&p, "GOAL-PLAN", Severity::Warning, goal_at(g, None), &["逐期累计不减", "6月底 4.32 > 10月底 3.00"]);
    p.goals[g].plan.october = Some(dec("4.32"));
    assert_quiet(&p, "GOAL-PLAN");
}

#[test]
fn goal_indicators_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "GOAL-INDICATORS");
    p.goals[1].indicators.clear();
    expect(&p, "GOAL-INDICATORS", Severity::Warning, goal_at(1, None), &["“北斗服务费”绩效目标表没有任何指标"]);
    // No level findings on top of it.
    assert!(!findings(&p).iter().any(|f| f.rule == "GOAL-LEVELS" && f.location == goal_at(1, None)));
}

#[test]
fn goal_levels_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "GOAL-LEVELS");
    // 效果指标 is accepted for 效益指标.
    for indicator in &mut p.goals[0].indicators {
        if indicator.level1 == "效益指标" {
            indicator.level1 = "效果指标".into();
        }
    }
    assert_quiet(&p, "GOAL-LEVELS");
    p.goals[0].indicators.retain(|i| i.level1 != "满意度指标" && i.level2 != "成本指标");
    expect(
        &p,
        "GOAL-LEVELS",
        Severity::Warning,
        goal_at(0, None),
        &["“OA系统服务费”绩效目标表缺少成本指标、满意度指标"],
    );
}

#[test]
fn goal_direction_fires_and_passes() {
    let mut p = gaoyang();
    // 系统故障次数 ≤3次 and 故障降低率 ≥5% are right.
    assert_quiet(&p, "GOAL-DIRECTION");
    let g = goal_index(&p, "政府办网络光纤租用费");
    let i = p.goals[g].indicators.iter().position(|i| i.name == "系统故障次数").unwrap();
    if let IndicatorValue::Target { op, .. } = &mut p.goals[g].indicators[i].value {
        *op = Some(Comparison::AtLeast);
    }
    expect(
        &p,
        "GOAL-DIRECTION",
        Severity::Warning,
        goal_at(g, Some(i)),
        &["“政府办网络光纤租用费”指标“系统故障次数”越小越好，指标值却是“≥3次”（应为 ≤）"],
    );
}

#[test]
fn goal_direction_leaves_larger_is_better_rates_alone() {
    let mut p = gaoyang();
    let g = goal_index(&p, "政务服务便民热线经费");
    let i = p.goals[g].indicators.iter().position(|i| i.name == "业务处理及时性").unwrap();
    let indicator = &mut p.goals[g].indicators[i];
    indicator.name = "投诉处理率".into();
    indicator.value = IndicatorValue::parse("≥95%");
    assert_quiet(&p, "GOAL-DIRECTION");
}

/// The indicator at `name` in the goal table `goal`: (goal, indicator) positions.
fn indicator_at(p: &Project, goal: &str, name: &str) -> (usize, usize) {
    let g = goal_index(p, goal);
    let i = p.goals[g].indicators.iter().position(|i| i.name == name).unwrap();
    (g, i)
}

fn findings_of(p: &Project, rule: &str) -> Vec<Finding> {
    findings(p).into_iter().filter(|f| f.rule == rule).collect()
}

#[test]
fn goal_rate_unit_fires_on_the_samples_rates_counted_in_times() {
    // 高阳's published goal tables (seed lines 2080, 2256): “警报音响覆盖率 ≥15000人次” (its own goal
    // text says 警报音响覆盖率达到90%以上) and “系统故障率 ≤3次” (described as 系统出故障数).
    let mut p = gaoyang();
    let found = findings_of(&p, "GOAL-RATE-UNIT");
    assert_eq!(found.len(), 2, "{:#?}", listing(&found));
    let (g, i) = indicator_at(&p, "政府办人防专项经费", "警报音响覆盖率");
    expect(
        &p,
        "GOAL-RATE-UNIT",
        Severity::Warning,
        goal_at(g, Some(i)),
        &["“政府办人防专项经费”指标“警报音响覆盖率”（≥15000人次）是比率，计量单位却是“人次”"],
    );
    let (h, j) = indicator_at(&p, "政务服务便民热线经费", "系统故障率");
    expect(&p, "GOAL-RATE-UNIT", Severity::Warning, goal_at(h, Some(j)), &["“系统故障率”（≤3次）", "“次”"]);
    // Either fix silences it: the rate in %, or the count named as a count.
    p.goals[g].indicators[i].value = IndicatorValue::parse("≥90%");
    p.goals[h].indicators[j].name = "系统故障次数".into();
    assert_quiet(&p, "GOAL-RATE-UNIT");
    // 涞源's 41 rates are all in 百分比, and its 资金的使用效率 ≥95百分比 (×3; 效率 is not a share).
    assert_quiet(&laiyuan(), "GOAL-RATE-UNIT");
}

#[test]
fn goal_time_unit_fires_on_a_rate_measured_in_years() {
    // 广阳 办公自动化经费 (seed line 275): 时效指标 “系统提交时间率 ≤1年”.
    let mut p = guangyang();
    let found = findings_of(&p, "GOAL-TIME-UNIT");
    assert_eq!(found.len(), 1, "{:#?}", listing(&found));
    let (g, i) = indicator_at(&p, "办公自动化经费", "系统提交时间率");
    expect(
        &p,
        "GOAL-TIME-UNIT",
        Severity::Warning,
        goal_at(g, Some(i)),
        &["“办公自动化经费”指标“系统提交时间率”（≤1年）是比率，计量单位却是“年”"],
    );
    // A time limit in 年 is right: “系统提交时间 ≤1年”, like 金融扶贫贴息资金's “完成时间 ≤6月”.
    p.goals[g].indicators[i].name = "系统提交时间".into();
    assert_quiet(&p, "GOAL-TIME-UNIT");
    assert_quiet(&p, "GOAL-RATE-UNIT");
    // A time counted in 个 is not.
    let (h, j) = indicator_at(&p, "金融扶贫贴息资金", "完成时间");
    p.goals[h].indicators[j].value = IndicatorValue::parse("≤6个");
    expect(&p, "GOAL-TIME-UNIT", Severity::Warning, goal_at(h, Some(j)), &["是时间或时限，计量单位却是“个”"]);
    // 高阳's and 涞源's 时效 rates are all in % / 百分比.
    assert_quiet(&gaoyang(), "GOAL-TIME-UNIT");
    assert_quiet(&laiyuan(), "GOAL-TIME-UNIT");
}

#[test]
fn goal_cost_unit_leaves_the_samples_cost_rates_alone() {
    // The samples' 23 成本指标 in %: 高阳's “成本控制率 ≤100%” (×7), “成本控制率 ≤98%” and
    // “实际支出占预算金额的比例 ≤100%”; 涞源's “预算执行率 ≥95百分比” (×10) and “成本控制率
    // ≥95百分比” (×4): rates, right in %.
    assert_quiet(&gaoyang(), "GOAL-COST-UNIT");
    assert_quiet(&laiyuan(), "GOAL-COST-UNIT");
    // 广阳 政务管理经费's “不超预算成本 ≤260万元” is a cost in 万元: right; in % it is not.
    let mut p = guangyang();
    assert_quiet(&p, "GOAL-COST-UNIT");
    let (g, i) = indicator_at(&p, "政务管理经费", "不超预算成本");
    p.goals[g].indicators[i].value = IndicatorValue::parse("≤100%");
    expect(
        &p,
        "GOAL-COST-UNIT",
        Severity::Warning,
        goal_at(g, Some(i)),
        &["“政务管理经费”指标“不超预算成本”（≤100%）是成本金额，计量单位却是 %"],
    );
}

#[test]
fn goal_satisfaction_fires_on_a_cost_or_a_count_under_satisfaction() {
    // Every 满意度指标 of the samples names a 满意度.
    for p in [gaoyang(), laiyuan(), guangyang()] {
        assert_quiet(&p, "GOAL-SATISFACTION");
    }
    let mut p = laiyuan();
    let (g, i) = indicator_at(&p, "OA系统服务费", "服务对象满意度");
    p.goals[g].indicators[i].name = "培训人数".into();
    p.goals[g].indicators[i].value = IndicatorValue::parse("≥100人");
    expect(&p, "GOAL-SATISFACTION", Severity::Warning, goal_at(g, Some(i)), &["“培训人数”（≥100人）", "却是产出指标"]);
    p.goals[g].indicators[i].name = "系统服务费用".into();
    p.goals[g].indicators[i].value = IndicatorValue::parse("≤5万元");
    expect(&p, "GOAL-SATISFACTION", Severity::Warning, goal_at(g, Some(i)), &["却是成本指标"]);
    // A satisfaction measured another way stays: 服务对象满意率 ≥95百分比.
    p.goals[g].indicators[i].name = "服务对象满意率".into();
    p.goals[g].indicators[i].value = IndicatorValue::parse("≥95百分比");
    assert_quiet(&p, "GOAL-SATISFACTION");
}

#[test]
fn goal_indicator_empty_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "GOAL-INDICATOR-EMPTY");
    p.goals[0].indicators[5].value = IndicatorValue::Text(" ".into());
    expect(&p, "GOAL-INDICATOR-EMPTY", Severity::Warning, goal_at(0, Some(5)), &["“OA系统服务费”第 6 个指标"]);
    let mut p = laiyuan();
    p.goals[3].indicators[0].name = String::new();
    expect(&p, "GOAL-INDICATOR-EMPTY", Severity::Warning, goal_at(3, Some(0)), &["第 1 个指标"]);
}

// ---------------------------------------------------------------------------------------------
// parts.rs — procurement (广阳 2022 has three real rows and a 合计 row)

fn procurement_at(row: Option<usize>, column: &str) -> Location {
    Location::Procurement { row, column: Some(column.into()) }
}

#[test]
fn proc_amount_fires_and_passes() {
    let mut p = guangyang();
    assert_quiet(&p, "PROC-AMOUNT");
    p.procurement.rows[0].quantity = Some(dec("2"));
    expect(
        &p,
        "PROC-AMOUNT",
        Severity::Error,
        procurement_at(Some(0), "total"),
        &["政府采购预算表第 1 行“办公耗材”数量 2 × 单价 80 = 160.00 ≠ 金额 80.00"],
    );
    p.procurement.rows[0].unit_price = Some(dec("40"));
    assert_quiet(&p, "PROC-AMOUNT");
}

#[test]
fn proc_funds_fires_and_passes() {
    let mut p = guangyang();
    assert_quiet(&p, "PROC-FUNDS");
    p.procurement.rows[1].funds.set("general", Some(dec("104")));
    expect(
        &p,
        "PROC-FUNDS",
        Severity::Error,
        procurement_at(Some(1), "total"),
        &["第 2 行“印刷服务”金额合计 140.00 ≠ 各资金来源之和 104.00，差 36.00"],
    );
    p.procurement.rows[1].funds.set("unit_funds", Some(dec("36")));
    assert_quiet(&p, "PROC-FUNDS");
}

#[test]
fn proc_sme_fires_and_passes() {
    let mut p = guangyang();
    assert_quiet(&p, "PROC-SME");
    p.procurement.rows[2].sme_reserved = Some(dec("139"));
    assert_quiet(&p, "PROC-SME");
    p.procurement.rows[2].sme_reserved = Some(dec("150"));
    expect(
        &p,
        "PROC-SME",
        Severity::Error,
        procurement_at(Some(2), "sme_reserved"),
        &["第 3 行“软件运维服务”预留中小微企业份额 150.00 超过采购金额 139.00"],
    );
}

#[test]
fn proc_total_fires_and_passes() {
    let mut p = guangyang();
    assert_quiet(&p, "PROC-TOTAL");
    p.procurement.total.as_mut().unwrap().project_budget = Some(dec("395"));
    expect(
        &p,
        "PROC-TOTAL",
        Severity::Error,
        procurement_at(None, "project_budget"),
        &["政府采购预算表合计行预算资金 395.00 ≠ 各行之和 359.00"],
    );
    let mut p = guangyang();
    p.procurement.total.as_mut().unwrap().funds.set("general", Some(dec("395")));
    expect(
        &p,
        "PROC-TOTAL",
        Severity::Error,
        procurement_at(None, "general"),
        &["合计行“一般公共预算拨款”395.00 ≠ 各行之和 359.00"],
    );
    // A blank 合计 row is checked like a filled one; no 合计 row at all is not checked.
    let mut p = guangyang();
    p.procurement.total = Some(ProcurementTotal::default());
    expect(&p, "PROC-TOTAL", Severity::Error, procurement_at(None, "total"), &["0.00 ≠ 各行之和 359.00"]);
    p.procurement.total = None;
    assert_quiet(&p, "PROC-TOTAL");
}

/// 广阳 2022's procurement table in the shape budget systems print: the 合计 row, one 小计 row per
/// unit, and each project's name and 预算资金 on every item row of the project. The items, codes and
/// amounts are the sample's; 政务管理经费's two items (80 + 140) become one project of 220, and the
/// split into two units (本级 and a second unit holding 办公自动化经费) is made up for the shape.
fn guangyang_by_unit() -> Project {
    let mut p = guangyang();
    let items = p.procurement.rows.clone();
    let subtotal = |label: &str, amount: &str| {
        let mut row = ProcurementRow {
            project: label.into(),
            project_budget: Some(dec(amount)),
            subtotal: true,
            ..ProcurementRow::default()
        };
        row.funds.set("total", Some(dec(amount)));
        row.funds.set("general", Some(dec(amount)));
        row
    };
    let mut first = items[0].clone();
    let mut second = items[1].clone();
    first.project_budget = Some(dec("220"));
    second.project_budget = Some(dec("220"));
    p.procurement.rows = vec![
        subtotal("廊坊市广阳区人民政府办公室(本级）小计", "220"),
        first,
        second,
        subtotal("某某单位(本级）小计", "139"),
        items[2].clone(),
    ];
    p
}

#[test]
fn proc_subtotal_fires_and_passes() {
    let p = guangyang_by_unit();
    // Subtotals are sums, not items; 政务管理经费's 220 on two rows is one budget.
    assert_quiet_prefix(&p, "PROC-");
    let errors = |p: &Project| -> Vec<(&'static str, Location)> {
        findings(p).into_iter().filter(|f| f.severity == Severity::Error).map(|f| (f.rule, f.location)).collect()
    };
    let before = errors(&p);

    // One item's amount changed consistently (单价, 合计, 一般公共预算拨款): its unit's 小计 and the
    // 合计 row no longer add up, in exactly those two columns; nothing else.
    let mut changed = p.clone();
    let item = &mut changed.procurement.rows[1];
    item.unit_price = Some(dec("90"));
    item.funds.set("total", Some(dec("90")));
    item.funds.set("general", Some(dec("90")));
    let mut after = errors(&changed);
    after.retain(|e| !before.contains(e));
    assert_eq!(
        after,
        [
            ("PROC-SUBTOTAL", procurement_at(Some(0), "total")),
            ("PROC-SUBTOTAL", procurement_at(Some(0), "general")),
            ("PROC-TOTAL", procurement_at(None, "total")),
            ("PROC-TOTAL", procurement_at(None, "general")),
        ]
    );
    expect(
        &changed,
        "PROC-SUBTOTAL",
        Severity::Error,
        procurement_at(Some(0), "total"),
        &["第 1 行“廊坊市广阳区人民政府办公室(本级）小计”“合计” 220.00 ≠ 其下 2 个采购品目之和 230.00，差 -10.00"],
    );

    // A project's budget counted twice by the 小计 is an error at its 预算资金.
    let mut doubled = p.clone();
    doubled.procurement.rows[0].project_budget = Some(dec("440"));
    expect(
        &doubled,
        "PROC-SUBTOTAL",
        Severity::Error,
        procurement_at(Some(0), "project_budget"),
        &["预算资金 440.00 ≠ 其下 2 个采购品目之和 220.00"],
    );
    // 小计 rows after their items are read the same way.
    let mut footed = p.clone();
    let rows = &p.procurement.rows;
    footed.procurement.rows = vec![rows[1].clone(), rows[2].clone(), rows[0].clone(), rows[4].clone(), rows[3].clone()];
    assert!(footed.procurement.rows[2].subtotal && footed.procurement.rows[4].subtotal);
    assert_quiet_prefix(&footed, "PROC-");
}

#[test]
fn proc_empty_note_fires_and_passes() {
    let p = laiyuan();
    assert_quiet(&p, "PROC-EMPTY-NOTE");
    let mut p = laiyuan();
    p.procurement.notes.retain(|n| !n.contains("空表"));
    expect(
        &p,
        "PROC-EMPTY-NOTE",
        Severity::Warning,
        procurement_at(None, "total"),
        &["没有数据", "注：无政府采购预算，空表列示。"],
    );
    let mut p = guangyang();
    assert_quiet(&p, "PROC-EMPTY-NOTE");
    p.procurement.notes.push("注：无政府采购预算，空表列示。".into());
    expect(&p, "PROC-EMPTY-NOTE", Severity::Warning, procurement_at(None, "total"), &["有数据，却注明“空表列示”"]);
    // A row added to 涞源 (which has the note) needs the note gone.
    let mut p = laiyuan();
    let mut row = ProcurementRow {
        project: "智能签批设备".into(),
        project_budget: Some(dec("9.31")),
        item: "移动智能签批设备".into(),
        quantity: Some(dec("7")),
        unit_price: Some(dec("1.33")),
        ..ProcurementRow::default()
    };
    row.funds.set("total", Some(dec("9.31")));
    row.funds.set("general", Some(dec("9.31")));
    p.procurement.rows.push(row);
    expect(&p, "PROC-EMPTY-NOTE", Severity::Warning, procurement_at(None, "total"), &["有数据"]);
    p.procurement.notes.retain(|n| !n.contains("空表"));
    assert_quiet_prefix(&p, "PROC-");
    assert_quiet(&p, "X-PROC-CLAIM");
}

// ---------------------------------------------------------------------------------------------
// parts.rs — fixed assets

#[test]
fn asset_total_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "ASSET-TOTAL");
    p.assets.total.value = Some(dec("712.43"));
    expect(
        &p,
        "ASSET-TOTAL",
        Severity::Error,
        Location::Assets { line: Some("total") },
        &["资产总额 712.43 ≠ 房屋 95.26 + 车辆 392.43 + 设备 0 + 其他 224.73 = 712.42"],
    );
    // 广阳 keeps five decimals, and its 数量 is “——”.
    assert_quiet(&guangyang(), "ASSET-TOTAL");

    // Pieces: 车辆 + 设备 + 其他 (房屋 counts square metres).
    let mut p = gaoyang();
    assert_quiet(&p, "ASSET-TOTAL");
    p.assets.total.quantity = Some(Quantity::Number(dec("1357")));
    expect(
        &p,
        "ASSET-TOTAL",
        Severity::Warning,
        Location::Assets { line: Some("total") },
        &["资产总额数量 1357 ≠ 车辆、设备、其他的数量之和 1356"],
    );
}

#[test]
fn asset_office_fires_and_passes() {
    let mut p = laiyuan();
    assert_quiet(&p, "ASSET-OFFICE");
    p.assets.office_space.quantity = Some(Quantity::Number(dec("3200")));
    expect(
        &p,
        "ASSET-OFFICE",
        Severity::Error,
        Location::Assets { line: Some("office_space") },
        &["办公用房面积 3200 大于房屋面积 3181"],
    );
    let mut p = laiyuan();
    p.assets.office_space.value = Some(dec("96.00"));
    expect(
        &p,
        "ASSET-OFFICE",
        Severity::Error,
        Location::Assets { line: Some("office_space") },
        &["办公用房价值 96.00 大于房屋价值 95.26"],
    );
}

// ---------------------------------------------------------------------------------------------
// Per-unit 小计 rows in the nine tables

use crate::common::units::gaoyang_by_unit;

#[test]
fn per_unit_subtotal_rows_are_checked_against_their_units_codes() {
    let by_unit = gaoyang_by_unit();
    // Quiet: the same findings as the sample, codes repeated under both units included.
    assert_eq!(rules(&by_unit), rules(&gaoyang()));
    let subtotal = |p: &Project| get(p, TableId::Expense, "unit.2", "total");
    assert_eq!(subtotal(&by_unit), dec("86.41"));
    // The narrative drafted from the tables reads each code over both units: word for word what
    // the department's one-row-per-code table drafts, bound figures included.
    let edition = yugong::catalog::Catalog::get().edition("hebei-2022").unwrap();
    let texts = |p: &Project| -> Vec<String> {
        yugong::narrative::draft::draft_all(p, edition).into_iter().map(|d| d.text).collect()
    };
    assert_eq!(texts(&by_unit), texts(&gaoyang()));
    // Applied, its bound figures resolve to the department's sums: the audit (NARR-BOUND,
    // NARR-AMOUNT and the rest) says of it what it says of the plain sample drafted.
    let drafted = |mut p: Project| {
        let sections = yugong::narrative::draft::draft_all(&p, edition);
        yugong::narrative::draft::apply(&mut p, &sections);
        p
    };
    let (by_unit_drafted, plain_drafted) = (drafted(by_unit.clone()), drafted(gaoyang()));
    assert!(by_unit_drafted.narrative.overview.expense.contains('⟦'), "the drafted figures are bound");
    assert_eq!(rules(&by_unit_drafted), rules(&plain_drafted));
    assert_eq!(
        yugong::narrative::bound::resolved_project(&by_unit_drafted).narrative,
        yugong::narrative::bound::resolved_project(&plain_drafted).narrative
    );
    // A figure bound to a code's cell reads the department's sum (940.00 = 857.16 + 82.84), not the
    // first unit's row: shown so, and not stale.
    let mut bound = by_unit.clone();
    bound.narrative.overview.expense.push_str("其中一般公共服务支出⟦940.00万元|expense/201/total⟧。");
    let shown = yugong::narrative::bound::resolved_project(&bound).narrative.overview.expense.clone();
    assert!(shown.ends_with("其中一般公共服务支出940.00万元。"), "{shown}");
    assert!(findings_of(&bound, "NARR-BOUND").is_empty(), "{:#?}", listing(&findings(&bound)));

    // The second unit's 小计 0.01 off: UNIT-SUBTOTAL there, and the 合计 row no longer equals the
    // sum of the units' 小计 rows (T3-TOTAL), both with the numbers.
    let mut wrong = by_unit.clone();
    bump(&mut wrong, TableId::Expense, "unit.2", &["total", "basic"], "0.01");
    let errors: Vec<(&str, Location, String)> = findings(&wrong)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.location, f.message))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "UNIT-SUBTOTAL",
                cell(TableId::Expense, "unit.2", "total"),
                "支出总表“某某事业单位小计”合计栏 86.42 ≠ 本单位各类之和 86.41（201 82.84、210 3.57），差 0.01（基本支出 栏同样不符）".to_string()
            ),
            (
                "T3-TOTAL",
                cell(TableId::Expense, "total", "total"),
                "支出总表“合计” 1006.79 ≠ 各单位小计之和 1006.80（高阳县人民政府办公室(本级）小计 920.38、某某事业单位小计 86.42），差 -0.01（基本支出 栏同样不符）".to_string()
            ),
        ],
        "{:#?}",
        listing(&findings(&wrong))
    );

    // A code under the second unit is found there, not under the first: its 项 up by 0.01 makes
    // its own 款 a T3-HIERARCHY at `unit.2:20103`, named with its unit; the first unit's 20103
    // (same code) stays quiet.
    let mut item = by_unit.clone();
    bump(&mut item, TableId::Expense, "unit.2:2010350", &["total", "basic"], "0.01");
    let hierarchy = findings_of(&item, "T3-HIERARCHY");
    assert_eq!(hierarchy.len(), 1, "{:#?}", listing(&hierarchy));
    assert_eq!(hierarchy[0].location, cell(TableId::Expense, "unit.2:20103", "total"));
    assert!(
        hierarchy[0]
            .message
            .contains("20103 政府办公厅（室）及相关机构事务（某某事业单位小计）”合计栏 82.84 ≠ 下级科目之和 82.85"),
        "{}",
        hierarchy[0].message
    );

    // A code twice under one unit is still a duplicate; a 项 whose 款 is under another unit only
    // lacks its parent.
    let mut twice = by_unit.clone();
    let table = twice.tables.get_mut(TableId::Expense);
    let at = table.position_of_key("unit.2:2101102").unwrap();
    table.rows.insert(at + 1, table.rows[at].clone());
    assert_eq!(
        findings_of(&twice, "STRUCT-ROW-DUPLICATE").iter().map(|f| f.location.clone()).collect::<Vec<_>>(),
        [row_at(TableId::Expense, "unit.2:2101102")]
    );
    let mut orphan = by_unit.clone();
    let table = orphan.tables.get_mut(TableId::Expense);
    let class = table.position_of_key("unit.2:210").unwrap();
    table.rows.drain(class..class + 2);
    assert_eq!(
        findings_of(&orphan, "HIER-PARENT").iter().map(|f| f.location.clone()).collect::<Vec<_>>(),
        [row_at(TableId::Expense, "unit.2:2101102")]
    );
}

// ---------------------------------------------------------------------------------------------
// Every registered rule fires: one construction per (rule, severity) of the registry

/// A project on which the rule fires with that severity. The constructions are the fail cases of
/// the tests above (and of tests/integration/audit_text_rules.rs for NARR-*), reduced to the change itself.
type Firing = (&'static str, Severity, fn() -> Project);

/// A copy of `sample` with one narrative text changed by `edit`.
fn with_text(mut p: Project, edit: impl FnOnce(&mut yugong::model::Narrative)) -> Project {
    edit(&mut p.narrative);
    p
}

const FIRING: &[Firing] = &[
    ("STRUCT-UNIT-NAME", Severity::Error, || {
        let mut p = gaoyang();
        p.meta.unit_name = " ".into();
        p
    }),
    ("STRUCT-YEAR", Severity::Error, || {
        let mut p = gaoyang();
        p.meta.budget_year = 1922;
        p
    }),
    ("STRUCT-EDITION", Severity::Error, || {
        let mut p = laiyuan();
        p.meta.edition = "hebei-2099".into();
        p
    }),
    ("STRUCT-ROW-MISSING", Severity::Error, || {
        let mut p = gaoyang();
        p.tables.three_public.rows.retain(|r| r.id != "travel.research");
        p
    }),
    ("STRUCT-ROW-DUPLICATE", Severity::Error, || {
        let mut p = gaoyang();
        let copy = p.tables.expense.row("2010309").unwrap().clone();
        p.tables.expense.rows.push(copy);
        p
    }),
    ("STRUCT-ROW-UNKNOWN", Severity::Error, || {
        let mut p = gaoyang();
        p.tables.three_public.rows.push(Row::new("meeting", "四、会议费"));
        p
    }),
    ("STRUCT-COLUMN-UNKNOWN", Severity::Error, || {
        let mut p = guangyang();
        p.procurement.rows[0].funds.set("carryover", Some(dec("5")));
        p
    }),
    ("STRUCT-PRECISION", Severity::Warning, || {
        let mut p = gaoyang();
        set(&mut p, TableId::Expense, "2010309", "project", "20.004");
        p
    }),
    ("STRUCT-CODE-LENGTH", Severity::Error, || {
        let mut p = gaoyang();
        p.tables.general_basic_expense.rows.push(Row::new("3010101", "基本工资"));
        p
    }),
    ("STRUCT-GOAL-NAME", Severity::Error, || {
        let mut p = laiyuan();
        p.goals[2].name = " ".into();
        p
    }),
    ("AMOUNT-NEGATIVE", Severity::Warning, || {
        let mut p = gaoyang();
        set(&mut p, TableId::Expense, "2010309", "project", "-1.50");
        p
    }),
    ("T1-INCOME-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, IES, "in.total", "amount", "1006.80");
        p
    }),
    ("T1-EXPENSE-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, IES, "out.total", "amount", "1006.80");
        p
    }),
    ("T1-GRAND-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, IES, "out.grand_total", "amount", "1006.80");
        p
    }),
    ("T1-CLASS", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, IES, "out.201", "amount", "940.01");
        p
    }),
    ("T2-ROW-SUM", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, TableId::Income, "2010301", "subtotal", "596.93");
        p
    }),
    ("T2-HIERARCHY", Severity::Error, || bumped(&INCOME, true)),
    ("T2-TOTAL", Severity::Error, || bumped_total(&INCOME)),
    ("T3-ROW-SUM", Severity::Error, || row_sum_broken(&EXPENSE)),
    ("T3-HIERARCHY", Severity::Error, || bumped(&EXPENSE, true)),
    ("T3-TOTAL", Severity::Error, || bumped_total(&EXPENSE)),
    ("T4-ROW-SUM", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, FISCAL, "out.201", "total", "940.01");
        p
    }),
    ("T4-INCOME-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, FISCAL, "in.total", "amount", "1006.80");
        p
    }),
    ("T4-EXPENSE-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        bump(&mut p, FISCAL, "out.total", &["total", "general"], "0.01");
        p
    }),
    ("T4-GRAND-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, FISCAL, "in.grand_total", "amount", "1006.80");
        p
    }),
    ("T4-CARRYOVER", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, FISCAL, "in.carryover", "amount", "5.00");
        p
    }),
    ("T4-CLASS", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, FISCAL, "out.201", "general", "940.01");
        p
    }),
    ("T5-ROW-SUM", Severity::Error, || row_sum_broken(&GENERAL)),
    ("T5-HIERARCHY", Severity::Error, || bumped(&GENERAL, true)),
    ("T5-TOTAL", Severity::Error, || bumped_total(&GENERAL)),
    ("T6-ROW-SUM", Severity::Error, || row_sum_broken(&BASIC)),
    ("T6-HIERARCHY", Severity::Error, || bumped(&BASIC, true)),
    ("T6-TOTAL", Severity::Error, || bumped_total(&BASIC)),
    ("T7-ROW-SUM", Severity::Error, || row_sum_broken(&FUND)),
    ("T7-HIERARCHY", Severity::Error, || bumped(&FUND, false)),
    ("T7-TOTAL", Severity::Error, || bumped_total(&FUND)),
    ("T8-ROW-SUM", Severity::Error, || row_sum_broken(&CAPITAL)),
    ("T8-HIERARCHY", Severity::Error, || bumped(&CAPITAL, false)),
    ("T8-TOTAL", Severity::Error, || bumped_total(&CAPITAL)),
    ("T9-ROW-SUM", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, THREE, "reception", "total", "47.04");
        p
    }),
    ("T9-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        bump(&mut p, THREE, "total", &["total", "general"], "0.01");
        p
    }),
    ("T9-SUBTOTAL", Severity::Error, || {
        let mut p = gaoyang();
        bump(&mut p, THREE, "subtotal", &["total", "general"], "0.01");
        p
    }),
    ("T9-ITEM-SUM", Severity::Error, || {
        let mut p = gaoyang();
        bump(&mut p, THREE, "vehicle", &["total", "general"], "0.01");
        p
    }),
    ("HIER-PARENT", Severity::Error, || {
        let mut p = laiyuan();
        p.tables.expense.rows.push(Row::new("2080801", "死亡抚恤"));
        p
    }),
    ("DICT-NAME", Severity::Warning, || {
        let mut p = gaoyang();
        p.tables.expense.row_mut("2010301").unwrap().name = "行政运行支出".into();
        p
    }),
    ("DICT-UNKNOWN", Severity::Info, || {
        let mut p = gaoyang();
        p.tables.expense.rows.push(Row::new("2010304", "专项服务"));
        p
    }),
    ("T6-SPLIT", Severity::Warning, || {
        let mut p = gaoyang();
        set(&mut p, TableId::GeneralBasicExpense, "30201", "public", "");
        set(&mut p, TableId::GeneralBasicExpense, "30201", "personnel", "192.91");
        p
    }),
    ("TABLES-EMPTY", Severity::Warning, guangyang),
    ("TABLE-TITLE", Severity::Warning, || {
        let mut p = laiyuan();
        p.tables.three_public.title = "部门预算财政拨款三公经费支出表".into();
        p
    }),
    ("TABLE-EMPTY-NOTE", Severity::Warning, || {
        let mut p = laiyuan();
        p.tables.fund_expense.notes.clear();
        p
    }),
    ("X-INCOME-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, IES, "in.grand_total", "amount", "1006.97");
        p
    }),
    ("X-EXPENSE-TOTAL", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, IES, "out.total", "amount", "1006.80");
        p
    }),
    ("X-BASIC", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, TableId::GeneralExpense, "total", "basic", "746.56");
        p
    }),
    ("X-FISCAL-INCOME", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, FISCAL, "in.fund", "amount", "2.00");
        p
    }),
    ("T1-BALANCE", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, IES, "out.grand_total", "amount", "1006.80");
        p
    }),
    ("T4-BALANCE", Severity::Error, || {
        let mut p = gaoyang();
        bump(&mut p, FISCAL, "out.grand_total", &["total", "general"], "0.01");
        p
    }),
    ("X-INCOME-EXPENSE-ROW", Severity::Warning, || {
        let mut p = gaoyang();
        bump(&mut p, TableId::Income, "2010302", &["total", "subtotal", "fiscal"], "0.01");
        p
    }),
    ("X-3PUBLIC-BASIC", Severity::Error, || {
        let mut p = gaoyang();
        set(&mut p, THREE, "reception", "general", "47.00");
        p
    }),
    ("X-FUNC-ECON", Severity::Warning, || {
        let mut p = gaoyang();
        bump(&mut p, TableId::GeneralExpense, "2210201", &["total", "basic"], "0.01");
        p
    }),
    // 涞源's goal budgets are 0.01 more than its 项目支出.
    ("X-GOALS-PROJECT", Severity::Warning, laiyuan),
    ("X-PROC-CLAIM", Severity::Error, || {
        let mut p = gaoyang();
        p.narrative.procurement = "本年度拟购置办公设备25万元，已列入政府采购预算。".into();
        p
    }),
    ("GOAL-FUNDS", Severity::Error, || {
        let mut p = laiyuan();
        p.goals[0].other_funds = Some(dec("1.00"));
        p
    }),
    ("GOAL-PLAN", Severity::Warning, || {
        let mut p = laiyuan();
        p.goals[0].plan.december = Some(dec("5.00"));
        p
    }),
    ("GOAL-INDICATORS", Severity::Warning, || {
        let mut p = laiyuan();
        p.goals[1].indicators.clear();
        p
    }),
    ("GOAL-LEVELS", Severity::Warning, || {
        let mut p = laiyuan();
        p.goals[0].indicators.retain(|i| i.level1 != "满意度指标" && i.level2 != "成本指标");
        p
    }),
    ("GOAL-DIRECTION", Severity::Warning, || {
        let mut p = gaoyang();
        let g = goal_index(&p, "政府办网络光纤租用费");
        let i = p.goals[g].indicators.iter().position(|i| i.name == "系统故障次数").unwrap();
        if let IndicatorValue::Target { op, .. } = &mut p.goals[g].indicators[i].value {
            *op = Some(Comparison::AtLeast);
        }
        p
    }),
    ("GOAL-INDICATOR-EMPTY", Severity::Warning, || {
        let mut p = laiyuan();
        p.goals[3].indicators[0].name = String::new();
        p
    }),
    ("GOAL-RATE-UNIT", Severity::Warning, gaoyang),
    ("GOAL-TIME-UNIT", Severity::Warning, guangyang),
    ("GOAL-COST-UNIT", Severity::Warning, || {
        let mut p = guangyang();
        let (g, i) = indicator_at(&p, "政务管理经费", "不超预算成本");
        p.goals[g].indicators[i].value = IndicatorValue::parse("≤100%");
        p
    }),
    ("GOAL-SATISFACTION", Severity::Warning, || {
        let mut p = laiyuan();
        let (g, i) = indicator_at(&p, "OA系统服务费", "服务对象满意度");
        p.goals[g].indicators[i].name = "培训人数".into();
        p.goals[g].indicators[i].value = IndicatorValue::parse("≥100人");
        p
    }),
    ("PROC-AMOUNT", Severity::Error, || {
        let mut p = guangyang();
        p.procurement.rows[0].quantity = Some(dec("2"));
        p
    }),
    ("PROC-FUNDS", Severity::Error, || {
        let mut p = guangyang();
        p.procurement.rows[1].funds.set("general", Some(dec("104")));
        p
    }),
    ("PROC-SME", Severity::Error, || {
        let mut p = guangyang();
        p.procurement.rows[2].sme_reserved = Some(dec("150"));
        p
    }),
    ("PROC-TOTAL", Severity::Error, || {
        let mut p = guangyang();
        p.procurement.total.as_mut().unwrap().project_budget = Some(dec("395"));
        p
    }),
    ("PROC-SUBTOTAL", Severity::Error, || {
        let mut p = guangyang_by_unit();
        p.procurement.rows[3].funds.set("total", Some(dec("140")));
        p
    }),
    ("UNIT-SUBTOTAL", Severity::Error, || {
        let mut p = gaoyang_by_unit();
        set(&mut p, TableId::Expense, "unit.2", "total", "86.42");
        p
    }),
    ("PROC-EMPTY-NOTE", Severity::Warning, || {
        let mut p = laiyuan();
        p.procurement.notes.retain(|n| !n.contains("空表"));
        p
    }),
    ("ASSET-TOTAL", Severity::Error, || {
        let mut p = laiyuan();
        p.assets.total.value = Some(dec("712.43"));
        p
    }),
    ("ASSET-TOTAL", Severity::Warning, || {
        let mut p = gaoyang();
        p.assets.total.quantity = Some(Quantity::Number(dec("1357")));
        p
    }),
    ("ASSET-OFFICE", Severity::Error, || {
        let mut p = laiyuan();
        p.assets.office_space.value = Some(dec("96.00"));
        p
    }),
    ("NARR-PLACEHOLDER", Severity::Warning, || with_text(gaoyang(), |n| n.other_matters = "目标内容1".into())),
    ("NARR-PRIOR", Severity::Warning, || {
        // 高阳 states 较上年997.25万元; a prior-year block saying 990.00 contradicts it.
        let mut p = gaoyang();
        p.prior_year = Some(yugong::model::PriorYear {
            year: 2021,
            total: Some(parse_canonical("990.00").unwrap()),
            ..Default::default()
        });
        p
    }),
    ("NARR-SLOT", Severity::Warning, || {
        with_text(gaoyang(), |n| n.overview.change.push_str("增减变化的主要原因是【请填写增减原因】。"))
    }),
    ("NARR-UNIT", Severity::Warning, || {
        with_text(gaoyang(), |n| {
            n.three_public = n.three_public.replace("公务接待支出47.03万元", "公务接待支出47.03元")
        })
    }),
    ("NARR-LEVEL", Severity::Warning, || {
        with_text(gaoyang(), |n| n.glossary[0].definition = "指省级财政当年拨付的资金。".into())
    }),
    ("NARR-YEAR", Severity::Warning, || {
        with_text(gaoyang(), |n| {
            n.overview.income = n.overview.income.replace("2022 年预算收入总额", "2021 年预算收入总额")
        })
    }),
    ("NARR-AMOUNT", Severity::Error, || {
        with_text(gaoyang(), |n| {
            n.three_public = n.three_public.replace("公务接待支出47.03万元", "公务接待支出57.03万元")
        })
    }),
    ("NARR-AMOUNT", Severity::Warning, || {
        with_text(gaoyang(), |n| {
            n.overview.expense = n.overview.expense.replace("基本支出746.55 万元", "基本支出746.56 万元")
        })
    }),
    ("NARR-SUM", Severity::Error, || {
        let mut p = gaoyang();
        p.tables.income_expense_summary.rows.iter_mut().for_each(|r| r.cells = Default::default());
        with_text(p, |n| n.overview.expense = n.overview.expense.replace("基本支出746.55 万元", "基本支出756.55 万元"))
    }),
    ("NARR-ITEMS-SUM", Severity::Error, || {
        with_text(gaoyang(), |n| n.operating_costs = n.operating_costs.replace("办公费192.91万元", "办公费193.91万元"))
    }),
    ("NARR-SUM", Severity::Warning, || {
        let mut p = gaoyang();
        p.tables.income_expense_summary.rows.iter_mut().for_each(|r| r.cells = Default::default());
        with_text(p, |n| n.overview.expense = n.overview.expense.replace("基本支出746.55 万元", "基本支出746.56 万元"))
    }),
    ("NARR-ITEMS-SUM", Severity::Warning, || {
        with_text(gaoyang(), |n| n.operating_costs = n.operating_costs.replace("办公费192.91万元", "办公费192.92万元"))
    }),
    ("NARR-OPERATING", Severity::Error, || {
        with_text(gaoyang(), |n| n.operating_costs = "2022年机关运行经费500.00万元。".into())
    }),
    ("NARR-CHANGE", Severity::Error, || {
        with_text(gaoyang(), |n| {
            n.overview.change =
                n.overview.change.replace("较上年997.25万元增加9.54万元", "较上年997.25万元增加9.64万元")
        })
    }),
    ("NARR-CHANGE", Severity::Warning, || {
        with_text(gaoyang(), |n| {
            n.overview.change =
                n.overview.change.replace("较上年997.25万元增加9.54万元", "较上年997.25万元增加9.55万元")
        })
    }),
    ("NARR-CHANGE-SUM", Severity::Warning, || {
        with_text(gaoyang(), |n| {
            n.overview.change = n.overview.change.replace("项目支出增加49.14万元", "项目支出增加49.15万元")
        })
    }),
    ("NARR-CHANGE-SUM", Severity::Error, || {
        with_text(gaoyang(), |n| n.three_public = n.three_public.replace("比去年减少3.59万元", "比去年减少3.69万元"))
    }),
    ("NARR-SHARE", Severity::Error, || {
        with_text(gaoyang(), |n| {
            n.overview.expense =
                n.overview.expense.replace("基本支出746.55 万元，", "基本支出746.55 万元，占总支出的75.15%，")
        })
    }),
    ("NARR-SHARE", Severity::Warning, || {
        with_text(gaoyang(), |n| {
            n.overview.expense =
                n.overview.expense.replace("基本支出746.55 万元，", "基本支出746.55 万元，占总支出的74.16%，")
        })
    }),
    ("NARR-REASON", Severity::Warning, || {
        with_text(gaoyang(), |n| {
            n.three_public = n.three_public.replace(
                "减少8.81万元，原因针对三公经费支出制定了严格的管理制度，厉行节约，杜绝浪费。",
                "减少8.81万元。",
            )
        })
    }),
    ("NARR-PREAMBLE", Severity::Warning, || {
        with_text(gaoyang(), |n| n.preamble = n.preamble.replace("2022年", "本年"))
    }),
    ("NARR-BOUND", Severity::Info, || {
        // A bound 基本支出 whose stored value is not the table's 746.55 (edited outside yugong).
        with_text(gaoyang(), |n| {
            n.overview.expense =
                n.overview.expense.replace("基本支出746.55 万元", "基本支出⟦700.00 万元|derived/basic⟧")
        })
    }),
];

/// The classified table with its 款 (or, `leaf`, its 项) raised by 0.01 in every column of the chain.
fn bumped(c: &Classified, parent: bool) -> Project {
    let mut p = (c.project)();
    bump(&mut p, c.table, if parent { c.parent } else { c.leaf }, c.chain, "0.01");
    p
}

fn bumped_total(c: &Classified) -> Project {
    let mut p = (c.project)();
    bump(&mut p, c.table, "total", c.chain, "0.01");
    p
}

/// A 项 row's 合计 0.01 off the sum of its columns.
fn row_sum_broken(c: &Classified) -> Project {
    let mut p = (c.project)();
    let stated = get(&p, c.table, c.leaf, "total") + dec("0.01");
    set(&mut p, c.table, c.leaf, "total", &stated.to_string());
    p
}

#[test]
fn every_registered_rule_and_severity_has_a_project_that_fires_it() {
    use std::collections::BTreeSet;
    let registered: BTreeSet<(&str, Severity)> =
        audit::rules().iter().flat_map(|r| r.severities.iter().map(move |s| (r.id, *s))).collect();
    let constructed: BTreeSet<(&str, Severity)> = FIRING.iter().map(|(id, severity, _)| (*id, *severity)).collect();
    assert_eq!(constructed.len(), FIRING.len(), "a (rule, severity) is listed twice in FIRING");
    let missing: Vec<_> = registered.difference(&constructed).collect();
    let unknown: Vec<_> = constructed.difference(&registered).collect();
    assert!(missing.is_empty() && unknown.is_empty(), "FIRING lacks {missing:?}; not registered: {unknown:?}");
    let silent: Vec<String> = FIRING
        .iter()
        .filter_map(|(id, severity, project)| {
            let found = findings(&project());
            let fires = found.iter().any(|f| f.rule == *id && f.severity == *severity);
            (!fires).then(|| format!("{id} ({severity:?}) does not fire; findings: {:#?}", listing(&found)))
        })
        .collect();
    assert!(silent.is_empty(), "{}", silent.join("\n"));
}
