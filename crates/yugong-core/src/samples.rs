//! Sample projects transcribed from published disclosures, embedded so a first start shows a
//! real document and tests can use them without touching the file system.

/// (file stem, title, RON text)
pub const SAMPLES: &[(&str, &str, &str)] = &[
    ("gaoyang-2022", "高阳县人民政府办公室 2022", include_str!("../../../assets/samples/gaoyang-2022.ron")),
    ("laiyuan-2024", "涞源县人民政府办公室 2024", include_str!("../../../assets/samples/laiyuan-2024.ron")),
    ("guangyang-2022", "廊坊市广阳区人民政府办公室 2022", include_str!("../../../assets/samples/guangyang-2022.ron")),
];

/// The sample a newcomer sees on first start.
pub const FIRST_START_SAMPLE: &str = "gaoyang-2022";

pub fn sample_text(stem: &str) -> Option<&'static str> {
    SAMPLES.iter().find(|(s, _, _)| *s == stem).map(|(_, _, text)| *text)
}

/// A consistent synthetic project for tests and benchmarks: `leaves` 项-level function rows
/// (with their 款 and 类 parents) in 支出总表, 收入总表 and 一般公共预算支出表, a 基本支出表 split
/// into 人员/公用, the summaries filled through `calc::recompute`, and the 空表 notes. Amounts and
/// codes come from `seed` (a small linear congruential generator: deterministic on every
/// platform, no dependency). Every audit rule that can fail with an error passes on it.
pub fn synthetic(edition_id: &str, leaves: usize, seed: u64) -> crate::model::Project {
    use crate::catalog::{Catalog, blank_project};
    use crate::model::{Meta, Row};
    use rust_decimal::Decimal;
    use std::collections::BTreeSet;

    // A generator for tests and benchmarks, called with the shipped edition ids; a wrong id is the
    // caller's bug, and a panic names it.
    #[allow(clippy::expect_used)]
    let edition = Catalog::get().edition(edition_id).expect("known edition");
    let meta = Meta {
        unit_code: "999".into(),
        unit_name: "合成测试部门".into(),
        budget_year: edition.first_year,
        edition: edition.id.clone(),
        ..Meta::default()
    };
    let mut project = blank_project(edition, meta);
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % bound
    };
    let classes: Vec<&str> = edition
        .function_classes
        .iter()
        .map(|c| c.id.as_str())
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let capacity = classes.len() * 99 * 99;
    let mut codes = BTreeSet::new();
    while codes.len() < leaves.min(capacity) {
        let Some(class) = classes.get(next(classes.len() as u64) as usize) else { continue };
        codes.insert(format!("{class}{:02}{:02}", next(99) + 1, next(99) + 1));
    }
    let cents = |n: u64| Decimal::new(n as i64, 2);
    let mut rows = Vec::new();
    let mut parents = BTreeSet::new();
    let mut basic_total = Decimal::ZERO;
    for code in &codes {
        // The codes are generated ASCII digits above, of 7 characters.
        parents.extend([code.get(..3), code.get(..5)].into_iter().flatten().map(str::to_string));
        let (basic, project_part) = (cents(next(10_000_000)), cents(next(10_000_000)));
        basic_total += basic;
        let mut row = Row::new(code.clone(), "合成科目");
        row.cells.set("basic", (!basic.is_zero()).then_some(basic));
        row.cells.set("project", (!project_part.is_zero()).then_some(project_part));
        rows.push(row);
    }
    for code in parents {
        rows.push(Row::new(code, "合成科目"));
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    for row in &rows {
        project.tables.expense.rows.push(row.clone());
        project.tables.general_expense.rows.push(row.clone());
        let mut income = Row::new(row.id.clone(), row.name.clone());
        let total = row.cells.get("basic").unwrap_or_default() + row.cells.get("project").unwrap_or_default();
        income.cells.set("fiscal", (!total.is_zero()).then_some(total));
        project.tables.income.rows.push(income);
    }
    // 基本支出: a third 公用经费 (办公费), the rest 人员经费 (基本工资).
    let mut public = basic_total / Decimal::from(3);
    public = public.round_dp(2);
    let personnel = basic_total - public;
    let basic = &mut project.tables.general_basic_expense.rows;
    basic.push(Row::new("301", "工资福利支出"));
    basic.push(Row::new("30101", "基本工资").with("personnel", personnel));
    basic.push(Row::new("302", "商品和服务支出"));
    basic.push(Row::new("30201", "办公费").with("public", public));
    let grand_total: Decimal = project
        .tables
        .expense
        .rows
        .iter()
        .filter(|r| r.id.len() == 7)
        .map(|r| r.cells.get("basic").unwrap_or_default() + r.cells.get("project").unwrap_or_default())
        .sum();
    for table in [&mut project.tables.income_expense_summary, &mut project.tables.fiscal_summary] {
        if let Some(row) = table.row_mut("in.general") {
            row.cells.set("amount", Some(grand_total));
        }
    }
    for id in [crate::model::TableId::FundExpense, crate::model::TableId::CapitalExpense] {
        let note = edition.table(id).empty_note.clone();
        let table = project.tables.get_mut(id);
        table.rows.clear();
        table.notes.push(note);
    }
    project.procurement.notes.push(edition.procurement.empty_note.clone());
    crate::calc::recompute(edition, &mut project);
    project
}
