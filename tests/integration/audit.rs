//! The audit on the real samples, every single-cell mutation of 高阳, and property tests on
//! random consistent projects.

use proptest::prelude::*;
use rust_decimal::Decimal;
use yugong::audit::{self, Finding, Location, Severity};
use yugong::catalog::Catalog;
use yugong::io::project_file;
use yugong::model::{Project, TableId};

fn sample(name: &str) -> Project {
    project_file::parse(yugong::samples::sample_text(name).unwrap().as_bytes()).unwrap()
}

fn of(findings: &[Finding], severity: Severity) -> Vec<&'static str> {
    findings.iter().filter(|f| f.severity == severity).map(|f| f.rule).collect()
}

fn table_of(finding: &Finding) -> Option<TableId> {
    match finding.location {
        Location::Table { table, .. } => Some(table),
        _ => None,
    }
}

#[test]
fn gaoyang_has_no_errors_and_only_defensible_warnings() {
    let findings = audit::check(&sample("gaoyang-2022"));
    assert_eq!(of(&findings, Severity::Error), Vec::<&str>::new(), "{findings:#?}");
    let warnings: Vec<&Finding> = findings.iter().filter(|f| f.severity == Severity::Warning).collect();
    // The published title of table 7 says 政府基金 where the template says 政府性基金.
    assert!(warnings.iter().any(|f| f.rule == "TABLE-TITLE" && table_of(f) == Some(TableId::FundExpense)));
    // Nine of the eleven goal tables have no 满意度 indicator; 大气办 and 法律顾问 also no 成本
    // indicator, and 法律顾问 has no 效益 indicator at all: the seed's goal tables show exactly this.
    let goal_warnings: Vec<&str> =
        warnings.iter().filter(|f| f.rule == "GOAL-LEVELS").map(|f| f.message.as_str()).collect();
    assert_eq!(goal_warnings.len(), 9, "{goal_warnings:#?}");
    assert!(goal_warnings.iter().any(|m| m.contains("大气办工作经费") && m.contains("成本指标")));
    assert!(goal_warnings.iter().any(|m| m.contains("政府法律顾问经费") && m.contains("效益指标")));
    // Two published indicators count what their names call a rate: 警报音响覆盖率 ≥15000人次 and
    // 系统故障率 ≤3次 (GOAL-RATE-UNIT, tested in audit_rules.rs).
    let rates: Vec<&str> = warnings.iter().filter(|f| f.rule == "GOAL-RATE-UNIT").map(|f| f.message.as_str()).collect();
    assert_eq!(rates.len(), 2, "{rates:#?}");
    let other: Vec<&&Finding> =
        warnings.iter().filter(|f| !["TABLE-TITLE", "GOAL-LEVELS", "GOAL-RATE-UNIT"].contains(&f.rule)).collect();
    // The narrative's own problems (“20万万元”) are reported by the narrative rules.
    assert!(other.iter().all(|f| f.rule.starts_with("NARR-")), "{other:#?}");
}

#[test]
fn laiyuan_real_errors_are_found() {
    let findings = audit::check(&sample("laiyuan-2024"));
    let errors = of(&findings, Severity::Error);
    assert!(errors.contains(&"T9-TOTAL"), "{findings:#?}");
    assert!(errors.contains(&"X-3PUBLIC-BASIC"), "{findings:#?}");
    assert!(errors.contains(&"X-PROC-CLAIM"), "{findings:#?}");
    let three_public = findings.iter().find(|f| f.rule == "T9-TOTAL").unwrap();
    assert!(three_public.message.contains("186.00 ≠ “三公”经费小计 171.00 + 会议费 0.00 + 培训费 0.00，差 15.00"));
    // The 15.00 gap is 基本支出 30215 会议费 15.00 missing from the 三公 table's 会议费 row.
    let meeting = findings.iter().find(|f| f.rule == "X-3PUBLIC-BASIC").unwrap();
    assert!(meeting.message.contains("30215") && meeting.message.contains("15.00"));
    let claim = findings.iter().find(|f| f.rule == "X-PROC-CLAIM").unwrap();
    assert!(claim.message.contains("已按要求列入政府采购预算"));
    let budget = findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").unwrap();
    assert_eq!(budget.severity, Severity::Warning);
    assert!(budget.message.contains("295.82") && budget.message.contains("295.81"));
    // 涞源 budgets 28.09 of 医疗保险缴费 (30110) but has no 21011 行政事业单位医疗 function row.
    assert!(findings.iter().any(|f| f.rule == "X-FUNC-ECON" && f.message.contains("28.09")));
}

#[test]
fn guangyang_internal_sums_hold() {
    let findings = audit::check(&sample("guangyang-2022"));
    assert_eq!(of(&findings, Severity::Error), Vec::<&str>::new(), "{findings:#?}");
    assert!(!findings.iter().any(|f| f.rule.starts_with("PROC-") || f.rule.starts_with("ASSET-")), "{findings:#?}");
    // Its seed publishes no standard tables: one warning says so, not nine.
    assert_eq!(findings.iter().filter(|f| f.rule == "TABLES-EMPTY").count(), 1);
    assert!(!findings.iter().any(|f| f.rule == "TABLE-EMPTY-NOTE"));
}

#[test]
fn fixes_resolve_the_laiyuan_three_public_total() {
    let mut project = sample("laiyuan-2024");
    let finding = audit::check(&project).into_iter().find(|f| f.rule == "T9-TOTAL").unwrap();
    finding.fix.as_ref().unwrap().apply(&mut project);
    assert_eq!(project.tables.three_public.amount("total", "total").unwrap().to_string(), "171.00");
    assert!(!audit::check(&project).iter().any(|f| f.rule == "T9-TOTAL"));
}

/// Every stated cell of every row of 高阳's nine tables, and every blank cell, changed by
/// ±0.01 (blank cells set to 0.01), makes `check` report at least one error.
#[test]
fn any_single_cell_change_in_gaoyang_is_an_error() {
    let original = sample("gaoyang-2022");
    let edition = Catalog::get().edition(&original.meta.edition).unwrap();
    let cent = Decimal::new(1, 2);
    let mut mutations = 0;
    for id in TableId::ALL {
        for (row_index, row) in original.tables.get(id).rows.iter().enumerate() {
            for column in edition.columns_for_row(id, &row.id).iter().map(|c| c.key.as_str()) {
                let stated = row.cells.get(column);
                let changes: Vec<Decimal> = match stated {
                    Some(v) => vec![v + cent, v - cent],
                    None => vec![cent],
                };
                for changed in changes {
                    let mut project = original.clone();
                    project.tables.get_mut(id).rows[row_index].cells.set(column, Some(changed));
                    let errors = of(&audit::check(&project), Severity::Error);
                    assert!(!errors.is_empty(), "{id} {} {column}: {stated:?} → {changed} not caught", row.id);
                    mutations += 1;
                }
            }
        }
    }
    assert!(mutations > 600, "{mutations} mutations");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_consistent_projects_have_no_errors(seed in any::<u64>(), leaves in 1usize..80, new_edition in any::<bool>()) {
        let edition = if new_edition { "hebei-2024" } else { "hebei-2022" };
        let project = yugong::samples::synthetic(edition, leaves, seed);
        let findings = audit::check(&project);
        prop_assert!(of(&findings, Severity::Error).is_empty(), "{:#?}", findings);
    }

    #[test]
    fn any_single_perturbation_is_caught(
        seed in any::<u64>(),
        leaves in 1usize..40,
        pick in any::<prop::sample::Index>(),
        cents in prop_oneof![Just(1i64), Just(-1i64), -10_000_000i64..10_000_000i64],
    ) {
        prop_assume!(cents != 0);
        let original = yugong::samples::synthetic("hebei-2024", leaves, seed);
        let edition = Catalog::get().edition("hebei-2024").unwrap();
        let mut cells = Vec::new();
        for id in TableId::ALL {
            for (r, row) in original.tables.get(id).rows.iter().enumerate() {
                for column in edition.columns_for_row(id, &row.id).iter().map(|c| c.key.as_str()) {
                    cells.push((id, r, column));
                }
            }
        }
        let (id, r, column) = cells[pick.index(cells.len())];
        let mut project = original.clone();
        let cell = &mut project.tables.get_mut(id).rows[r].cells;
        let changed = cell.get(column).unwrap_or_default() + Decimal::new(cents, 2);
        cell.set(column, Some(changed));
        let errors = of(&audit::check(&project), Severity::Error);
        prop_assert!(!errors.is_empty(), "{} {} {} + {} not caught", id, original.tables.get(id).rows[r].id, column, cents);
    }
}

/// The 万元 amounts written in a text: (byte range of the number, its value).
fn wan_amounts(text: &str) -> Vec<(std::ops::Range<usize>, Decimal)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !(bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.')) {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let rest = text[i..].trim_start();
            if (rest.starts_with("万元") || rest.starts_with("万万元"))
                && let Ok(value) = text[start..i].parse::<Decimal>()
            {
                out.push((start..i, value));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Raising any amount the narrative states by 0.01 gives at least one new warning or error:
/// it contradicts a table, a sum the text states, or the 比上年 arithmetic.
#[test]
fn any_narrative_amount_change_is_at_least_a_warning() {
    // Amounts nothing else in the document determines: the planned purchases (高阳 25 万元 below the
    // procurement threshold, 涞源 9.31 万元 in a project), and 涞源's 三公 change against a 2023
    // figure the document does not state.
    let unverifiable: [(&str, &str, &str); 3] = [
        ("gaoyang-2022", "assets", "25"),
        ("laiyuan-2024", "assets", "9.31"),
        ("laiyuan-2024", "three_public", "18.98"),
    ];
    type Field = fn(&mut Project) -> &mut String;
    let sections: [(&str, Field); 7] = [
        ("overview.income", |p| &mut p.narrative.overview.income),
        ("overview.expense", |p| &mut p.narrative.overview.expense),
        ("overview.change", |p| &mut p.narrative.overview.change),
        ("operating_costs", |p| &mut p.narrative.operating_costs),
        ("three_public", |p| &mut p.narrative.three_public),
        ("procurement", |p| &mut p.narrative.procurement),
        ("assets", |p| &mut p.narrative.assets),
    ];
    let mut checked = 0;
    for name in ["gaoyang-2022", "laiyuan-2024"] {
        let original = sample(name);
        let baseline = audit::check(&original).len();
        for (section, field) in sections {
            let mut copy = original.clone();
            let text = field(&mut copy).clone();
            for (range, value) in wan_amounts(&text) {
                let written = &text[range.clone()];
                if unverifiable.contains(&(name, section, written)) {
                    continue;
                }
                let mut changed = value + Decimal::new(1, 2);
                changed.rescale(value.scale().max(2));
                let mut project = original.clone();
                *field(&mut project) = format!("{}{}{}", &text[..range.start], changed, &text[range.end..]);
                let findings = audit::check(&project);
                assert!(
                    findings.len() > baseline
                        && findings.iter().any(|f| f.rule.starts_with("NARR-") && f.severity != Severity::Info),
                    "{name} {section}: {written} → {changed} not caught"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} amounts mutated");
}

/// The largest numbers a file may hold, in every cell at once, give findings, never a crash
/// (`Decimal` arithmetic panics on overflow).
#[test]
fn the_largest_allowed_amounts_do_not_crash_the_audit() {
    let largest = yugong::model::amount::parse_canonical("9999999999999999.99").unwrap();
    let mut project = yugong::samples::synthetic("hebei-2024", 300, 1);
    let edition = Catalog::get().edition("hebei-2024").unwrap();
    for id in TableId::ALL {
        for row in &mut project.tables.get_mut(id).rows {
            for column in edition.columns_for_row(id, &row.id) {
                row.cells.set(&column.key, Some(largest));
            }
        }
    }
    let mut row = yugong::model::ProcurementRow { project: "测试".into(), ..Default::default() };
    row.quantity = Some(largest);
    row.unit_price = Some(largest);
    project.procurement.rows.push(row);
    let findings = audit::check(&project);
    assert!(findings.iter().any(|f| f.rule == "PROC-AMOUNT" && f.message.contains("超出可计算的范围")));
    yugong::calc::recompute(edition, &mut project);
}

/// Numbers written in the narrative are read from disk too: absurd ones are not amounts.
#[test]
fn absurd_numbers_in_the_narrative_do_not_crash_the_audit() {
    let big = "79228162514264337593543950335";
    let mut project = sample("gaoyang-2022");
    let n = &mut project.narrative;
    n.operating_costs =
        n.operating_costs.replace("办公费192.91万元、邮电费12.82万元", &format!("办公费{big}万元、邮电费{big}万元"));
    n.overview.expense = n.overview.expense.replace("基本支出746.55 万元", &format!("基本支出{big} 万元"));
    n.overview.change =
        n.overview.change.replace("较上年997.25万元增加9.54万元", &format!("较上年{big}万元增加{big}万元"));
    let nearly = "999999999999999999";
    n.three_public = n
        .three_public
        .replace("公务接待支出47.03万元", &format!("公务接待支出{nearly}万元，公务用车运行维护支出{nearly}万元"));
    let findings = audit::check(&project);
    assert!(findings.iter().any(|f| f.rule.starts_with("NARR-")));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Random edits of a real file: when the result still loads, audit and recompute run to the
    /// end (a panic fails the test).
    #[test]
    fn edited_files_that_load_never_crash_the_audit(
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![
            "0", "9", "-", ".", "99999999999999999", "", "\"", "(", ")", "[", "]", "{", "}", "、", "万元", "0.00",
        ])), 1..6),
    ) {
        let text = yugong::samples::sample_text("laiyuan-2024").unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        for (at, replacement) in edits {
            let i = at.index(chars.len());
            chars.splice(i..i + 1, replacement.chars());
        }
        let edited: String = chars.into_iter().collect();
        if let Ok(mut project) = project_file::parse(edited.as_bytes()) {
            let _ = audit::check(&project);
            if let Some(edition) = Catalog::get().edition(&project.meta.edition) {
                yugong::calc::recompute(edition, &mut project);
            }
        }
    }
}
