//! Rules within the standard tables: every derived cell against its parts (from `calc`), the
//! classification dictionary, the code hierarchy, the 人员/公用 split, titles and 空表 notes.

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

use super::{Audit, CellFix, Finding, Fix, Location, Severity, wan};
use crate::calc::{self, CellRef, Formula, FormulaKind};
use crate::catalog::{Dictionary, Edition, normalize_brackets};
use crate::model::{Project, TableId};

/// The rule id a mismatch of a derived cell is reported under. Which check is named what is
/// edition data (`TableTemplate::rules`, `FixedRow::rule`), validated on load against the
/// registry, so an edition file can name only registered table-sum rules. Ids are `&'static str`
/// (the registry's own), so JSON and tests can rely on them.
pub(crate) fn rule_id(edition: &Edition, kind: FormulaKind, table: TableId, row_id: &str) -> &'static str {
    edition.rule_for(table, kind, row_id).and_then(super::registry::rule_by_id).map_or(UNNAMED_SUM_RULE, |rule| rule.id)
}

/// Only for an edition built in code without validation (a test's hand-made one): every edition
/// read from a file names a registered rule for each of its derived cells.
const UNNAMED_SUM_RULE: &str = "T1-GRAND-TOTAL";

/// A row label for messages: the stated name without its list numbering (“四、会议费” → “会议费”)
/// and without “其中：”.
fn short_label(name: &str) -> &str {
    let name = name.trim();
    let name = name.strip_prefix("其中：").unwrap_or(name);
    match name.split_once('、') {
        Some((number, rest)) if !number.is_empty() && number.chars().all(|c| "一二三四五六七八九十".contains(c)) => {
            rest
        }
        _ => name,
    }
}

/// The row at a formula's position (formulas are built from the project, so it is there).
fn row_at(project: &Project, table: TableId, row: usize) -> Option<&crate::model::Row> {
    project.tables.get(table).rows.get(row)
}

/// The row's code, empty for a position that is not there.
fn row_code(project: &Project, table: TableId, row: usize) -> &str {
    row_at(project, table, row).map_or("", |r| r.id.as_str())
}

/// The row's key for locations and fixes: its id, or `unit.N:code` under a per-unit 小计 row.
fn row_key(project: &Project, table: TableId, row: usize) -> String {
    project.tables.get(table).row_key(row).unwrap_or_default()
}

/// The table's label of the row (see `Table::row_label`), numbering and “其中：” dropped.
fn row_label(project: &Project, table: TableId, row: usize) -> String {
    let label = project.tables.get(table).row_label(row);
    short_label(&label).to_string()
}

/// One derived row of one kind of formula.
type GroupKey = (FormulaKind, TableId, usize);
/// A formula whose stated target differs from its stated parts: (formula, stated, sum).
type Mismatch<'f, 'e> = (&'f Formula<'e>, Decimal, Decimal);

/// Stated derived cells against the sum of their stated parts. Mismatching columns of one row
/// and one kind of formula are one finding: one wrong 合计 is one mistake.
pub fn check_formulas(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let (edition, project) = (audit.edition, audit.project);
    let formulas = calc::formulas(edition, project);
    // Positions of the first mismatching formula of each derived row (one kind of formula).
    let mut first_mismatch: Vec<usize> = Vec::new();
    let mut seen: HashMap<GroupKey, ()> = HashMap::default();
    for (position, formula) in formulas.list.iter().enumerate() {
        if calc::value(project, formula.target) != formulas.sum(project, formula) {
            let key = (formula.kind, formula.target.table, formula.target.row);
            if seen.insert(key, ()).is_none() {
                first_mismatch.push(position);
            }
        }
    }
    for start in first_mismatch {
        let Some((first, from_first)) = formulas.list.get(start..).and_then(|rest| Some((rest.first()?, rest))) else {
            continue;
        };
        let (kind, table, row) = (first.kind, first.target.table, first.target.row);
        // The row's formulas of this kind are contiguous and in evaluation order. Evaluating them
        // over the corrections made so far gives the fix (小计 first, then the 合计 that uses it)
        // and shows which cells really need to change.
        let mut corrected: Vec<(&str, Decimal)> = Vec::new();
        let mut changed: Vec<Mismatch> = Vec::new();
        for formula in from_first.iter().take_while(|f| (f.kind, f.target.table, f.target.row) == (kind, table, row)) {
            let value_of = |cell: CellRef| {
                let same_row = cell.table == table && cell.row == row;
                match corrected.iter().find(|(c, _)| same_row && *c == cell.column) {
                    Some((_, v)) => *v,
                    None => calc::value(project, cell),
                }
            };
            let stated = calc::value(project, formula.target);
            let sum: Decimal = formulas.parts(formula).iter().map(|&p| value_of(p)).sum();
            if sum != stated {
                corrected.push((formula.target.column, sum));
                changed.push((formula, stated, sum));
            }
        }
        // The 合计 column leads when it needs changing; it is what readers compare.
        // `first` mismatched, so `changed` has at least its target.
        let Some(&(formula, stated, sum)) =
            changed.iter().find(|(f, _, _)| f.target.column == "total").or_else(|| changed.first())
        else {
            continue;
        };
        let row_id = row_key(project, table, row);
        let subject = format!("{}“{}”", table.short_name(), row_label(project, table, row));
        let column = edition.column_label(table, formula.target.column);
        // “支出总表“2010301 行政运行”合计栏”, but just “三公经费表“合计”” for the 合计 row's 合计.
        let row_is_total = row_label(project, table, row) == "合计";
        let column_note = if edition.columns(table).len() > 1 && !(row_is_total && column == "合计") {
            format!("{column}栏")
        } else {
            String::new()
        };
        let explanation = describe_parts(edition, project, kind, formulas.parts(formula));
        let others: Vec<String> = changed
            .iter()
            .filter(|(f, _, _)| f.target.column != formula.target.column)
            .map(|(f, _, _)| edition.column_label(table, f.target.column))
            .collect();
        let also =
            if others.is_empty() { String::new() } else { format!("（{} 栏同样不符）", others.join("、")) };
        let message = format!("{subject}{column_note} {} ≠ {explanation}，差 {}{also}", wan(stated), wan(stated - sum));
        let cells: Vec<CellFix> = changed
            .iter()
            .map(|(f, _, sum)| CellFix {
                table,
                row: row_id.clone(),
                column: f.target.column.to_string(),
                value: (!sum.is_zero()).then(|| {
                    let mut v = *sum;
                    v.rescale(2);
                    v
                }),
            })
            .collect();
        let description = if cells.len() == 1 {
            format!("将{subject}{column_note}改为 {}", wan(sum))
        } else {
            format!("按组成项重算{subject}的 {} 栏", cells.len())
        };
        findings.push(
            Finding::new(
                rule_id(edition, kind, table, &row_id),
                Severity::Error,
                Location::Table { table, row: Some(row_id), column: Some(formula.target.column.to_string()) },
                message,
            )
            .with_fix(Fix { description, cells }),
        );
    }
}

/// “基本支出 596.92 + 项目支出 0.00”, “下级科目之和 940.00（20103 940.00）”, “支出总表 201 合计 940.00”.
fn describe_parts(edition: &Edition, project: &Project, kind: FormulaKind, parts: &[CellRef]) -> String {
    let amount = |cell: CellRef| wan(calc::value(project, cell));
    let sum: Decimal = parts.iter().map(|&p| calc::value(project, p)).sum();
    // Long lists name only the non-blank parts; short ones name all, zeros included, because
    // “会议费 0.00” is often the point.
    let shown: Vec<CellRef> =
        parts.iter().copied().filter(|&p| parts.len() <= 4 || !calc::value(project, p).is_zero()).collect();
    let rest = if shown.len() < parts.len() { "（其余为空）" } else { "" };
    match kind {
        FormulaKind::Columns => {
            let listed: Vec<String> =
                shown.iter().map(|&p| format!("{} {}", edition.column_label(p.table, p.column), amount(p))).collect();
            if listed.is_empty() { format!("各栏之和 0.00{rest}") } else { format!("{}{rest}", listed.join(" + ")) }
        }
        FormulaKind::Rows if parts.len() <= 4 => {
            let listed: Vec<String> =
                shown.iter().map(|&p| format!("{} {}", row_label(project, p.table, p.row), amount(p))).collect();
            if listed.is_empty() { "0.00".into() } else { listed.join(" + ") }
        }
        FormulaKind::Rows => format!("各项之和 {}", wan(sum)),
        FormulaKind::TableTotal | FormulaKind::UnitSubtotal
            if parts.iter().any(|p| row_at(project, p.table, p.row).is_some_and(|r| r.is_unit_subtotal())) =>
        {
            let listed: Vec<String> =
                shown.iter().map(|&p| format!("{} {}", row_label(project, p.table, p.row), amount(p))).collect();
            format!("各单位小计之和 {}（{}{rest}）", wan(sum), listed.join("、"))
        }
        FormulaKind::Hierarchy | FormulaKind::TableTotal | FormulaKind::UnitSubtotal => {
            let what = match kind {
                FormulaKind::TableTotal => "各类之和",
                FormulaKind::UnitSubtotal => "本单位各类之和",
                _ => "下级科目之和",
            };
            if parts.len() <= 4 {
                let listed: Vec<String> =
                    parts.iter().map(|&p| format!("{} {}", row_code(project, p.table, p.row), amount(p))).collect();
                format!("{what} {}（{}）", wan(sum), listed.join("、"))
            } else {
                format!("{what} {}（{} 行）", wan(sum), parts.len())
            }
        }
        FormulaKind::ClassLink if parts.len() > 1 => match parts.first() {
            Some(&source) => format!(
                "{} {} {} {}（{} 个单位之和）",
                source.table.short_name(),
                row_code(project, source.table, source.row),
                edition.column_label(source.table, source.column),
                wan(sum),
                parts.len()
            ),
            None => String::new(),
        },
        FormulaKind::ClassLink => match parts.first() {
            Some(&source) => format!(
                "{} {} {} {}",
                source.table.short_name(),
                row_code(project, source.table, source.row),
                edition.column_label(source.table, source.column),
                amount(source)
            ),
            None => "对应明细表中没有该类（0.00）".to_string(),
        },
    }
}

/// Unknown codes listed one by one per table; beyond this, one summary finding (a list of
/// thousands of identical notes helps nobody).
const UNKNOWN_CODES_LISTED: usize = 20;

/// Codes against the dictionary of the budget year, and every code's parent present.
pub fn check_codes(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let (catalog, edition, project) = (audit.catalog, audit.edition, audit.project);
    let year = project.meta.budget_year;
    for id in TableId::ALL {
        let Some(classification) = edition.classification(id) else { continue };
        let dictionary = catalog.dictionary(classification);
        let table = project.tables.get(id);
        // A parent is looked for under the same unit's 小计 row (in the same segment).
        let keys = table.row_keys();
        let present: rustc_hash::FxHashSet<&str> = keys.iter().map(|k| k.as_ref()).collect();
        let location = |key: &str| Location::Table { table: id, row: Some(key.to_string()), column: None };
        let mut unknown = 0;
        for (row, key) in table.rows.iter().zip(&keys).filter(|(r, _)| r.is_coded()) {
            let key = key.as_ref();
            // The parent's key: under the same unit's 小计 row when the code is under one.
            let parent_present = |parent: &str| match key.strip_suffix(row.id.as_str()) {
                Some(unit) if !unit.is_empty() => present.contains(format!("{unit}{parent}").as_str()),
                _ => present.contains(parent),
            };
            if let Some(parent) = Dictionary::parent_code(&row.id)
                && !parent_present(parent)
            {
                findings.push(Finding::new(
                    "HIER-PARENT",
                    Severity::Error,
                    location(key),
                    format!("{}“{} {}”缺少上级科目 {parent}", id.short_name(), row.id, row.name),
                ));
            }
            match dictionary.name_for_file(&row.id, year) {
                Some(name)
                    if !dictionary.accepts(&row.id, &row.name, year)
                        && project
                            .learned_name(&row.id)
                            .is_none_or(|learned| normalize_brackets(learned) != normalize_brackets(&row.name)) =>
                {
                    findings.push(Finding::new(
                        "DICT-NAME",
                        Severity::Warning,
                        location(key),
                        format!(
                            "{}科目 {} 的名称“{}”与 {year} 年科目表“{name}”不一致",
                            id.short_name(),
                            row.id,
                            row.name
                        ),
                    ));
                }
                Some(_) => {}
                // The budget system's workbook carried it: the system knows its codes.
                None if project.learned_name(&row.id).is_some() => {}
                None => {
                    unknown += 1;
                    if unknown <= UNKNOWN_CODES_LISTED {
                        findings.push(Finding::new(
                            "DICT-UNKNOWN",
                            Severity::Info,
                            location(key),
                            format!(
                                "{}科目 {} {} 不在科目表中，请核对编码（新科目请导入 {year} 年科目表：设置 → 科目表 → 导入）",
                                id.short_name(),
                                row.id,
                                row.name
                            ),
                        ));
                    }
                }
            }
        }
        if unknown > UNKNOWN_CODES_LISTED {
            findings.push(Finding::new(
                "DICT-UNKNOWN",
                Severity::Info,
                Location::Table { table: id, row: None, column: None },
                format!("{}另有 {} 个科目编码不在科目表中", id.short_name(), unknown - UNKNOWN_CODES_LISTED),
            ));
        }
    }
}

/// 基本支出表: 工资福利 (301) and 对个人和家庭的补助 (303) are 人员经费; 商品和服务 (302) and
/// 资本性支出 (310, 309) are 公用经费.
pub fn check_basic_split(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let table = &audit.project.tables.general_basic_expense;
    for (position, row) in table.rows.iter().enumerate().filter(|(_, r)| r.is_coded()) {
        // The 类 of the code. A shorter code (“12”, a typo STRUCT-CODE-LENGTH reports) has no 类
        // and is skipped here; slicing it would panic.
        let (expected, wrong_column, wrong_label) = match row.id.get(..3) {
            Some("301" | "303") => ("人员经费", "public", "公用经费"),
            Some("302" | "309" | "310") => ("公用经费", "personnel", "人员经费"),
            _ => continue,
        };
        if let Some(value) = row.cells.get(wrong_column).filter(|v| !v.is_zero()) {
            findings.push(Finding::new(
                "T6-SPLIT",
                Severity::Warning,
                Location::Table {
                    table: TableId::GeneralBasicExpense,
                    row: table.row_key(position),
                    column: Some(wrong_column.into()),
                },
                format!(
                    "基本支出表“{} {}”通常全部属于{expected}，却在{wrong_label}栏列了 {}",
                    row.id,
                    row.name,
                    wan(value)
                ),
            ));
        }
    }
}

/// Titles as the edition prints them; empty tables carry the 空表 note, filled ones do not.
pub fn check_titles_and_notes(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let (edition, project) = (audit.edition, audit.project);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let all_empty = project.tables.iter().all(|(_, t)| t.has_no_amounts());
    if all_empty {
        findings.push(Finding::new(
            "TABLES-EMPTY",
            Severity::Warning,
            Location::Table { table: TableId::IncomeExpenseSummary, row: None, column: None },
            "九张公开表都没有数据",
        ));
    }
    for (id, table) in project.tables.iter() {
        let template = edition.table(id);
        let location = Location::Table { table: id, row: None, column: None };
        if squeeze(&table.title) != squeeze(&template.title) {
            findings.push(Finding::new(
                "TABLE-TITLE",
                Severity::Warning,
                location.clone(),
                format!("表名“{}”与模板“{}”不一致", table.title, template.title),
            ));
        }
        let has_empty_note = table.notes.iter().any(|n| n.contains("空表"));
        if table.has_no_amounts() && !has_empty_note && !all_empty {
            let note = if template.empty_note.is_empty() {
                "“注：……空表列示。”".to_string()
            } else {
                template.empty_note.clone()
            };
            findings.push(Finding::new(
                "TABLE-EMPTY-NOTE",
                Severity::Warning,
                location,
                format!("{}没有数据，应在表下注明{note}", table.title),
            ));
        } else if !table.has_no_amounts() && has_empty_note {
            findings.push(Finding::new(
                "TABLE-EMPTY-NOTE",
                Severity::Warning,
                location,
                format!("{}有数据，却注明“空表列示”", table.title),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::audit;
    use crate::catalog::{Catalog, DictionaryEntry};
    use crate::model::{LearnedCode, Project, TableId};

    /// 高阳 2022 with its 2080801 死亡抚恤 rows made 2080899 其他优抚支出, a real 项 of 20808 抚恤
    /// the built-in list does not hold.
    fn gaoyang_with_2080899() -> Project {
        let text = crate::samples::sample_text("gaoyang-2022").unwrap();
        let mut project = crate::project_format::parse(text.as_bytes()).unwrap();
        for id in TableId::ALL {
            for row in project.tables.get_mut(id).rows.iter_mut().filter(|r| r.id == "2080801") {
                row.id = "2080899".into();
                row.name = "其他优抚支出".into();
            }
        }
        project
    }

    fn dict_findings(catalog: &Catalog, project: &Project) -> Vec<(&'static str, Option<String>)> {
        audit::check_with(catalog, project)
            .into_iter()
            .filter(|f| f.rule.starts_with("DICT-"))
            .map(|f| match f.location {
                audit::Location::Table { row, .. } => (f.rule, row),
                _ => (f.rule, None),
            })
            .collect()
    }

    #[test]
    fn an_unknown_code_is_known_once_a_list_holds_it_or_the_workbook_carried_it() {
        let project = gaoyang_with_2080899();
        let shipped = Catalog::get();
        let before = dict_findings(shipped, &project);
        assert!(!before.is_empty());
        assert!(before.iter().all(|(rule, row)| *rule == "DICT-UNKNOWN" && row.as_deref() == Some("2080899")));

        let entry = |year| DictionaryEntry {
            code: "2080899".into(),
            name: "其他优抚支出".into(),
            from: Some(year),
            to: Some(year),
        };
        assert!(dict_findings(&shipped.extended(&[entry(2022)], &[]), &project).is_empty());
        // A 2022 file may be drawn up on the 2021 list; a 2023 list says nothing about 2022.
        assert!(dict_findings(&shipped.extended(&[entry(2021)], &[]), &project).is_empty());
        assert_eq!(dict_findings(&shipped.extended(&[entry(2023)], &[]), &project), before);

        // Another name in the imported list: the table's name is a DICT-NAME warning.
        let renamed = DictionaryEntry { name: "其他优抚".into(), ..entry(2022) };
        let named = dict_findings(&shipped.extended(&[renamed], &[]), &project);
        assert!(!named.is_empty() && named.iter().all(|(rule, _)| *rule == "DICT-NAME"), "{named:?}");

        // Carried by the budget system's workbook: known, without any list.
        let mut learned = project.clone();
        learned.learned_codes.push(LearnedCode { code: "2080899".into(), name: "其他优抚支出".into() });
        assert!(dict_findings(shipped, &learned).is_empty());
        // A code typed by hand next to it is still reported, and only that one.
        let table = learned.tables.get_mut(TableId::Expense);
        let at = table.rows.iter().position(|r| r.id == "2080899").unwrap();
        table.rows.insert(at + 1, crate::model::Row::new("2080898", "键入的科目"));
        assert_eq!(dict_findings(shipped, &learned), [("DICT-UNKNOWN", Some("2080898".to_string()))]);
    }
}
