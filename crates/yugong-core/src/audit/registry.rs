//! The registry of audit rules: every rule id a finding can carry, what it checks, the severities it
//! can give, and the check function that reports it; and the list of checks `audit::check` runs.
//!
//! Beancount-style: each check is one small function over the project that pushes findings with
//! their locations; it is registered here by name, and a rule names the check that reports it. The
//! order of `CHECKS` is the order findings come out in (the CLI, the editor's list and the tests rely
//! on it), so new checks go where their findings should appear.

use super::{Audit, Finding, Severity, bound, cross, parts, structure, tables, text};
use crate::catalog::Catalog;
use crate::model::Project;

/// One rule: a stable id and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The id findings carry, e.g. `T9-TOTAL`.
    pub id: &'static str,
    /// Every severity the rule can give, most severe first.
    pub severities: &'static [Severity],
    /// Why a rule gives more than one severity (empty when it gives one).
    pub severity_note: &'static str,
    /// The table or part of the disclosure the rule reads (Chinese, as the text output groups).
    pub area: &'static str,
    /// One line in Chinese: what must hold.
    pub description: &'static str,
    /// The names of the checks in `CHECKS` that report it.
    pub checks: &'static [&'static str],
}

/// How a check is called. Most checks need the edition; the few that run without one are the
/// checks that tell the user the edition is unknown or that do not depend on it.
#[derive(Clone, Copy)]
pub(crate) enum Run {
    /// Runs on every project.
    Always(fn(&Catalog, &Project, &mut Vec<Finding>)),
    /// Runs only when the project's edition is in the catalog.
    WithEdition(fn(&Audit<'_>, &mut Vec<Finding>)),
}

/// One registered check.
#[derive(Clone, Copy)]
pub struct Check {
    /// `module::function`, the name rules refer to.
    pub name: &'static str,
    pub(crate) run: Run,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("name", &self.name).finish_non_exhaustive()
    }
}

const ERROR: &[Severity] = &[Severity::Error];
const WARNING: &[Severity] = &[Severity::Warning];
const INFO: &[Severity] = &[Severity::Info];
const ERROR_OR_WARNING: &[Severity] = &[Severity::Error, Severity::Warning];

/// The text's own arithmetic (DESIGN § 3): figures stated to the fen and rounded one by one may
/// miss their rounded total by a fen; more is a contradiction.
const TEXT_ARITHMETIC: &str = "差 0.01 万元是舍入（警告），更多是文中自相矛盾（错误）";

/// A rule with one severity.
const fn rule(
    id: &'static str,
    severities: &'static [Severity],
    area: &'static str,
    description: &'static str,
    checks: &'static [&'static str],
) -> Rule {
    Rule { id, severities, severity_note: "", area, description, checks }
}

/// The derived-cell rules of `tables::formulas` (one per kind of formula and table).
const fn formula(id: &'static str, area: &'static str, description: &'static str) -> Rule {
    rule(id, ERROR, area, description, &["tables::formulas"])
}

/// The checks in the order they run; their findings come out in this order.
pub static CHECKS: &[Check] = &[
    Check { name: "structure::unit_name", run: Run::Always(structure::check_unit_name) },
    Check { name: "structure::year", run: Run::Always(structure::check_year) },
    Check { name: "structure::edition", run: Run::Always(structure::check_edition) },
    Check { name: "structure::tables", run: Run::WithEdition(structure::check_tables) },
    Check { name: "structure::goal_names", run: Run::WithEdition(structure::check_goal_names) },
    Check { name: "structure::procurement_columns", run: Run::WithEdition(structure::check_procurement_columns) },
    Check { name: "structure::negative_amounts", run: Run::WithEdition(structure::check_negative_amounts) },
    Check { name: "tables::formulas", run: Run::WithEdition(tables::check_formulas) },
    Check { name: "tables::codes", run: Run::WithEdition(tables::check_codes) },
    Check { name: "tables::basic_split", run: Run::WithEdition(tables::check_basic_split) },
    Check { name: "tables::titles_and_notes", run: Run::WithEdition(tables::check_titles_and_notes) },
    Check { name: "cross::shared_totals", run: Run::WithEdition(cross::check_shared_totals) },
    Check { name: "cross::balances", run: Run::WithEdition(cross::check_balances) },
    Check {
        name: "cross::income_against_expense_rows",
        run: Run::WithEdition(cross::check_income_against_expense_rows),
    },
    Check { name: "cross::three_public_against_basic", run: Run::WithEdition(cross::check_three_public_against_basic) },
    Check { name: "cross::function_economic_pairs", run: Run::WithEdition(cross::check_function_economic_pairs) },
    Check { name: "cross::goal_budgets", run: Run::WithEdition(cross::check_goal_budgets) },
    Check { name: "cross::procurement_claims", run: Run::WithEdition(cross::check_procurement_claims) },
    Check { name: "parts::goals", run: Run::WithEdition(parts::check_goals) },
    Check { name: "parts::procurement", run: Run::WithEdition(parts::check_procurement) },
    Check { name: "parts::assets", run: Run::WithEdition(parts::check_assets) },
    Check { name: "text::narrative_issues", run: Run::WithEdition(text::check_narrative_issues) },
    Check { name: "text::goal_texts", run: Run::WithEdition(text::check_goal_texts) },
    Check { name: "text::stated_amounts", run: Run::WithEdition(text::check_stated_amounts) },
    Check { name: "text::internal_sums", run: Run::WithEdition(text::check_internal_sums) },
    Check { name: "text::item_lists", run: Run::WithEdition(text::check_item_lists) },
    Check { name: "text::operating_costs", run: Run::WithEdition(text::check_operating_costs) },
    Check { name: "text::year_on_year", run: Run::WithEdition(text::check_year_on_year) },
    Check { name: "text::preamble", run: Run::WithEdition(text::check_preamble) },
    Check { name: "bound::stale_markers", run: Run::WithEdition(bound::check_stale_markers) },
];

/// Every rule, grouped as the checks run.
pub static RULES: &[Rule] = &[
    // Structure: does the file fit its edition?
    rule("STRUCT-UNIT-NAME", ERROR, "基本信息", "单位名称不能为空", &["structure::unit_name"]),
    rule("STRUCT-YEAR", ERROR, "基本信息", "预算年度在 2000–2100 之间", &["structure::year"]),
    rule("STRUCT-EDITION", ERROR, "基本信息", "模板版本是已知版本（否则不再检查各表）", &["structure::edition"]),
    rule("STRUCT-ROW-MISSING", ERROR, "九张公开表", "模板的每个固定行都在", &["structure::tables"]),
    rule("STRUCT-ROW-DUPLICATE", ERROR, "九张公开表", "同一行不重复出现", &["structure::tables"]),
    rule("STRUCT-ROW-UNKNOWN", ERROR, "九张公开表", "没有不属于本表的行", &["structure::tables"]),
    rule(
        "STRUCT-COLUMN-UNKNOWN",
        ERROR,
        "九张公开表、政府采购预算",
        "金额只填在本表（本行一侧）的栏目或本版本的采购资金栏目中",
        &["structure::tables", "structure::procurement_columns"],
    ),
    rule("STRUCT-PRECISION", WARNING, "九张公开表", "金额不超过两位小数（万元）", &["structure::tables"]),
    rule("STRUCT-CODE-LENGTH", ERROR, "九张公开表", "功能科目 3/5/7 位、经济科目 3/5 位", &["structure::tables"]),
    rule("STRUCT-GOAL-NAME", ERROR, "项目绩效目标", "每张项目绩效目标表都有项目名称", &["structure::goal_names"]),
    rule(
        "AMOUNT-NEGATIVE",
        WARNING,
        "九张公开表、项目绩效目标、政府采购预算、固定资产",
        "金额、数量不为负数（负数可以录入，但须核对或说明）",
        &["structure::negative_amounts"],
    ),
    // Derived cells of the nine tables.
    formula("T1-INCOME-TOTAL", "收支总表", "本年收入合计等于各项收入之和"),
    formula("T1-EXPENSE-TOTAL", "收支总表", "本年支出合计等于各类支出之和"),
    formula("T1-GRAND-TOTAL", "收支总表", "收入总计、支出总计等于本年合计与结转之和"),
    formula("T1-CLASS", "收支总表", "各类支出等于支出总表对应类的合计"),
    formula("T2-ROW-SUM", "收入总表", "每行合计栏等于各栏之和"),
    formula("T2-HIERARCHY", "收入总表", "类、款等于下级科目之和"),
    formula("T2-TOTAL", "收入总表", "合计行等于各类之和"),
    formula("T3-ROW-SUM", "支出总表", "每行合计栏等于基本支出与项目支出之和"),
    formula("T3-HIERARCHY", "支出总表", "类、款等于下级科目之和"),
    formula("T3-TOTAL", "支出总表", "合计行等于各类之和"),
    formula("T4-ROW-SUM", "财政拨款收支总表", "支出各行合计栏等于各栏之和"),
    formula("T4-INCOME-TOTAL", "财政拨款收支总表", "本年收入合计等于各项拨款之和"),
    formula("T4-EXPENSE-TOTAL", "财政拨款收支总表", "本年支出合计等于各类支出之和"),
    formula("T4-GRAND-TOTAL", "财政拨款收支总表", "收入总计、支出总计等于本年合计与结转之和"),
    formula("T4-CARRYOVER", "财政拨款收支总表", "上年结转等于各项结转之和"),
    formula("T4-CLASS", "财政拨款收支总表", "各类支出等于明细表对应类的合计"),
    formula("T5-ROW-SUM", "一般公共预算支出表", "每行合计栏等于基本支出与项目支出之和"),
    formula("T5-HIERARCHY", "一般公共预算支出表", "类、款等于下级科目之和"),
    formula("T5-TOTAL", "一般公共预算支出表", "合计行等于各类之和"),
    formula("T6-ROW-SUM", "一般公共预算基本支出表", "每行合计栏等于人员经费与公用经费之和"),
    formula("T6-HIERARCHY", "一般公共预算基本支出表", "类、款等于下级科目之和"),
    formula("T6-TOTAL", "一般公共预算基本支出表", "合计行等于各类之和"),
    formula("T7-ROW-SUM", "政府性基金预算支出表", "每行合计栏等于各栏之和"),
    formula("T7-HIERARCHY", "政府性基金预算支出表", "类、款等于下级科目之和"),
    formula("T7-TOTAL", "政府性基金预算支出表", "合计行等于各类之和"),
    formula("T8-ROW-SUM", "国有资本经营预算支出表", "每行合计栏等于各栏之和"),
    formula("T8-HIERARCHY", "国有资本经营预算支出表", "类、款等于下级科目之和"),
    formula("T8-TOTAL", "国有资本经营预算支出表", "合计行等于各类之和"),
    formula("T9-ROW-SUM", "“三公”经费表", "每行合计栏等于各栏之和"),
    formula("T9-TOTAL", "“三公”经费表", "合计行等于各项之和"),
    formula("T9-SUBTOTAL", "“三公”经费表", "“三公”经费小计等于三项之和"),
    formula("T9-ITEM-SUM", "“三公”经费表", "出国、车辆、会议等项目等于其中各项之和"),
    // Codes, the 人员/公用 split, titles and notes.
    rule("HIER-PARENT", ERROR, "九张公开表", "每个科目的上级科目都在表中", &["tables::codes"]),
    rule("DICT-NAME", WARNING, "九张公开表", "科目名称是该编码在本年度或上一年度科目表中的名称", &["tables::codes"]),
    rule(
        "DICT-UNKNOWN",
        INFO,
        "九张公开表",
        "科目编码在科目表中（内置、已导入，或由预算系统工作簿带来）",
        &["tables::codes"],
    ),
    rule(
        "T6-SPLIT",
        WARNING,
        "一般公共预算基本支出表",
        "301/303 列人员经费，302/309/310 列公用经费",
        &["tables::basic_split"],
    ),
    rule("TABLES-EMPTY", WARNING, "九张公开表", "九张公开表不全为空", &["tables::titles_and_notes"]),
    rule("TABLE-TITLE", WARNING, "九张公开表", "表名与模板一致", &["tables::titles_and_notes"]),
    rule(
        "TABLE-EMPTY-NOTE",
        WARNING,
        "九张公开表",
        "空表注明“空表列示”，有数据的表不注明",
        &["tables::titles_and_notes"],
    ),
    // Across tables.
    rule("X-INCOME-TOTAL", ERROR, "收支总表", "收支总表收入总计等于收入总表合计", &["cross::shared_totals"]),
    rule("X-EXPENSE-TOTAL", ERROR, "收支总表", "收支总表本年支出合计等于支出总表合计", &["cross::shared_totals"]),
    rule(
        "X-BASIC",
        ERROR,
        "一般公共预算支出表",
        "一般公共预算支出表基本支出合计等于基本支出表合计",
        &["cross::shared_totals"],
    ),
    rule("X-FISCAL-INCOME", ERROR, "收支总表", "收支总表各项拨款收入等于财政拨款收支总表", &["cross::shared_totals"]),
    rule("T1-BALANCE", ERROR, "收支总表", "收入总计等于支出总计", &["cross::balances"]),
    rule("T4-BALANCE", ERROR, "财政拨款收支总表", "收入总计等于支出总计", &["cross::balances"]),
    rule(
        "X-INCOME-EXPENSE-ROW",
        WARNING,
        "收入总表",
        "同一功能科目收入总表合计等于支出总表合计",
        &["cross::income_against_expense_rows"],
    ),
    rule(
        "X-3PUBLIC-BASIC",
        ERROR,
        "“三公”经费表",
        "“三公”各项不小于基本支出表对应经济科目",
        &["cross::three_public_against_basic"],
    ),
    rule(
        "X-FUNC-ECON",
        WARNING,
        "一般公共预算基本支出表",
        "社保、公积金、医疗的功能科目与经济科目金额一致",
        &["cross::function_economic_pairs"],
    ),
    rule("X-GOALS-PROJECT", WARNING, "项目绩效目标", "各项目预算数之和等于项目支出", &["cross::goal_budgets"]),
    rule(
        "X-PROC-CLAIM",
        ERROR,
        "情况说明",
        "说明称“列入政府采购预算”时政府采购预算表不为空",
        &["cross::procurement_claims"],
    ),
    // Goal, procurement and asset tables.
    rule("GOAL-FUNDS", ERROR, "项目绩效目标", "预算数等于财政资金与其他资金之和", &["parts::goals"]),
    rule("GOAL-PLAN", WARNING, "项目绩效目标", "资金支出计划逐期不减，12月底等于预算数", &["parts::goals"]),
    rule("GOAL-INDICATORS", WARNING, "项目绩效目标", "每张绩效目标表至少有一个指标", &["parts::goals"]),
    rule("GOAL-LEVELS", WARNING, "项目绩效目标", "有产出、成本、效益、满意度指标", &["parts::goals"]),
    rule("GOAL-DIRECTION", WARNING, "项目绩效目标", "越小越好的指标用 ≤", &["parts::goals"]),
    rule("GOAL-INDICATOR-EMPTY", WARNING, "项目绩效目标", "三级指标和指标值不为空", &["parts::goals"]),
    rule("PROC-AMOUNT", ERROR, "政府采购预算", "数量 × 单价等于金额", &["parts::procurement"]),
    rule("PROC-FUNDS", ERROR, "政府采购预算", "每行金额等于各资金来源之和", &["parts::procurement"]),
    rule("PROC-SME", ERROR, "政府采购预算", "预留中小微企业份额不超过采购金额", &["parts::procurement"]),
    rule("PROC-TOTAL", ERROR, "政府采购预算", "合计行等于各行之和", &["parts::procurement"]),
    rule("PROC-EMPTY-NOTE", WARNING, "政府采购预算", "空表注明“空表列示”，有数据的表不注明", &["parts::procurement"]),
    Rule {
        id: "ASSET-TOTAL",
        severities: ERROR_OR_WARNING,
        severity_note: "价值不符是错误；数量不符是警告（各地数量口径不一）",
        area: "固定资产占用情况表",
        description: "资产总额等于各类资产之和",
        checks: &["parts::assets"],
    },
    rule("ASSET-OFFICE", ERROR, "固定资产占用情况表", "办公用房面积、价值不超过房屋", &["parts::assets"]),
    // The narrative.
    rule(
        "NARR-PLACEHOLDER",
        WARNING,
        "情况说明",
        "没有留下模板占位文字（XX、目标内容1）",
        &["text::narrative_issues", "text::goal_texts"],
    ),
    rule("NARR-UNIT", WARNING, "情况说明", "金额带“万元”且单位不重复", &["text::narrative_issues", "text::goal_texts"]),
    rule("NARR-LEVEL", WARNING, "情况说明", "政府层级用词与本级一致", &["text::narrative_issues", "text::goal_texts"]),
    rule("NARR-YEAR", WARNING, "情况说明", "年度与预算年度一致", &["text::narrative_issues", "text::goal_texts"]),
    rule(
        "NARR-SLOT",
        WARNING,
        "情况说明",
        "起草留下的待填写空位（【请填写…】）都已填写",
        &["text::narrative_issues", "text::goal_texts"],
    ),
    Rule {
        id: "NARR-AMOUNT",
        severities: ERROR_OR_WARNING,
        severity_note: "差 0.01 万元是舍入疏忽（警告），更多是矛盾（错误）",
        area: "情况说明",
        description: "说明中的金额等于表中对应数",
        checks: &["text::stated_amounts"],
    },
    Rule {
        id: "NARR-SUM",
        severities: ERROR_OR_WARNING,
        severity_note: TEXT_ARITHMETIC,
        area: "情况说明",
        description: "说明中人员 + 公用 = 基本，基本 + 项目 = 总额",
        checks: &["text::internal_sums"],
    },
    Rule {
        id: "NARR-ITEMS-SUM",
        severities: ERROR_OR_WARNING,
        severity_note: TEXT_ARITHMETIC,
        area: "情况说明",
        description: "一句中列出的各项金额之和等于总数",
        checks: &["text::item_lists"],
    },
    rule("NARR-OPERATING", ERROR, "情况说明", "机关运行经费不超过公用经费", &["text::operating_costs"]),
    Rule {
        id: "NARR-CHANGE",
        severities: ERROR_OR_WARNING,
        severity_note: TEXT_ARITHMETIC,
        area: "情况说明",
        description: "比上年增减等于本年减上年",
        checks: &["text::year_on_year"],
    },
    Rule {
        id: "NARR-CHANGE-SUM",
        severities: ERROR_OR_WARNING,
        severity_note: TEXT_ARITHMETIC,
        area: "情况说明",
        description: "各项增减之和等于总额增减",
        checks: &["text::year_on_year"],
    },
    rule("NARR-PRIOR", WARNING, "情况说明", "说明中的上年数等于项目所存的上年数", &["text::year_on_year"]),
    rule("NARR-PREAMBLE", WARNING, "情况说明", "开头一段写明单位名称和年度", &["text::preamble"]),
    rule(
        "NARR-BOUND",
        INFO,
        "情况说明",
        "绑定数字所存的数值等于其来源（表格单元格或派生数）的当前值，且来源可以识别",
        &["bound::stale_markers"],
    ),
    rule(
        "PROC-SUBTOTAL",
        ERROR,
        "政府采购预算",
        "每个单位的小计行等于其下各采购品目之和（项目预算资金只计一次）",
        &["parts::procurement"],
    ),
    rule(
        "GOAL-RATE-UNIT",
        WARNING,
        "项目绩效目标",
        "名为“…率”“…比例”的指标以 % 计量（效率、频率除外）",
        &["parts::goals"],
    ),
    rule(
        "GOAL-TIME-UNIT",
        WARNING,
        "项目绩效目标",
        "时效指标：及时率等比率以 % 计量，完成时间、时限以年、月、天等计量",
        &["parts::goals"],
    ),
    rule(
        "GOAL-COST-UNIT",
        WARNING,
        "项目绩效目标",
        "成本指标中名为成本、费用、经费的指标以金额计量，不用 %（成本控制率、预算执行率等比率除外）",
        &["parts::goals"],
    ),
    rule(
        "GOAL-SATISFACTION",
        WARNING,
        "项目绩效目标",
        "满意度指标下是满意度，不是成本或数量、人数等产出",
        &["parts::goals"],
    ),
    rule(
        "NARR-REASON",
        WARNING,
        "情况说明",
        "比上年增加、减少写明原因（同一句或下一句，或其后“增减变化的主要原因是……”）",
        &["text::year_on_year"],
    ),
    Rule {
        id: "NARR-SHARE",
        severities: ERROR_OR_WARNING,
        severity_note: "差所写精度的一位是舍入疏忽（警告），更多是矛盾（错误）",
        area: "情况说明",
        description: "说明中的占比（占总支出的X%、占比X%）等于表中两数之比，按所写精度舍入",
        checks: &["text::stated_amounts"],
    },
    formula(
        "UNIT-SUBTOTAL",
        "九张公开表",
        "每个单位的小计行（某某单位(本级）小计）等于本单位各类之和，合计行等于各单位小计之和",
    ),
];

/// Every registered rule, in registry order.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Runs every registered check against `catalog`; checks that need the edition are skipped when
/// the project's edition is not in it (STRUCT-EDITION says so).
pub(crate) fn run(catalog: &Catalog, project: &Project, only: impl Fn(&Check) -> bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Every check reads the narrative as printed: bound figures resolved to their tables' values.
    let resolved = crate::narrative::bound::resolved_project(project);
    let audit = catalog
        .edition(&project.meta.edition)
        .map(|edition| Audit { raw: project, ..Audit::new(catalog, edition, &resolved) });
    for check in CHECKS.iter().filter(|c| only(c)) {
        match (check.run, &audit) {
            (Run::Always(run), _) => run(catalog, &resolved, &mut findings),
            (Run::WithEdition(run), Some(audit)) => run(audit, &mut findings),
            (Run::WithEdition(_), None) => {}
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::audit::{self, tables};
    use crate::calc;
    use crate::catalog::Dictionary;
    use crate::model::TableId;

    fn sample(name: &str) -> Project {
        let text = crate::samples::sample_text(name).unwrap();
        crate::project_format::parse(text.as_bytes()).unwrap()
    }

    const SAMPLES: [&str; 3] = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"];

    #[test]
    fn ids_are_unique_and_every_rule_names_registered_checks() {
        let mut ids = BTreeSet::new();
        for rule in RULES {
            assert!(ids.insert(rule.id), "{} registered twice", rule.id);
            assert!(!rule.severities.is_empty(), "{} has no severity", rule.id);
            assert_eq!(
                rule.severities.len() > 1,
                !rule.severity_note.is_empty(),
                "{}: note why, only when several",
                rule.id
            );
            assert!(!rule.checks.is_empty(), "{} names no check", rule.id);
            for check in rule.checks {
                assert!(CHECKS.iter().any(|c| c.name == *check), "{}: no check {check}", rule.id);
            }
        }
        for check in CHECKS {
            assert!(RULES.iter().any(|r| r.checks.contains(&check.name)), "check {} reports no rule", check.name);
        }
    }

    /// Every id the formula rules can produce on the shipped editions: the rule id of every formula
    /// of every sample (each has every fixed row, so every fixed-row formula), plus the coded-row
    /// kinds, which exist for every classified table.
    #[test]
    fn every_formula_rule_id_the_editions_produce_is_registered() {
        let catalog = Catalog::get();
        for name in SAMPLES {
            let project = sample(name);
            let edition = catalog.edition(&project.meta.edition).unwrap();
            for formula in calc::formulas(edition, &project).iter() {
                let row = project.tables.get(formula.target.table).rows.get(formula.target.row).unwrap();
                let id = tables::rule_id(edition, formula.kind, formula.target.table, &row.id);
                assert!(
                    rule_by_id(id).is_some(),
                    "{name}: formula {:?} of {:?} gives unregistered {id}",
                    formula.kind,
                    formula.target
                );
            }
        }
    }

    /// The samples emit only registered ids (debug builds also assert it in `Finding::new`, so every
    /// test that audits anything, including the mutation tests of the binary, checks this too).
    #[test]
    fn samples_emit_only_registered_rules() {
        for name in SAMPLES {
            for finding in audit::check(&sample(name)) {
                let rule =
                    rule_by_id(finding.rule).unwrap_or_else(|| panic!("{name}: {} not registered", finding.rule));
                assert!(rule.severities.contains(&finding.severity), "{name}: {} as {:?}", rule.id, finding.severity);
            }
        }
    }

    /// Issue 12: a 基本支出表 code of one or two digits used to panic the audit (`&row.id[..3]`).
    #[test]
    fn short_basic_expense_codes_are_findings_not_panics() {
        for code in ["0", "1", "12", "30"] {
            let mut project = sample("laiyuan-2024");
            let row = project.tables.general_basic_expense.rows.iter_mut().find(|r| r.id == "30101").unwrap();
            row.id = code.to_string();
            let findings = audit::check(&project);
            assert!(
                findings.iter().any(|f| f.rule == "STRUCT-CODE-LENGTH" && f.message.contains(code)),
                "{code}: {findings:?}"
            );
        }
    }

    /// A catalog with the shipped editions and dictionaries, for tests to change.
    fn catalog_copy() -> Catalog {
        let shipped = Catalog::get();
        Catalog {
            editions: shipped.editions.clone(),
            function_codes: shipped.function_codes.clone(),
            economic_codes: shipped.economic_codes.clone(),
        }
    }

    #[test]
    fn rules_read_the_catalog_they_are_given() {
        let project = sample("laiyuan-2024");
        let rules_of = |catalog: &Catalog, rule: &str| -> usize {
            audit::check_with(catalog, &project).iter().filter(|f| f.rule == rule).count()
        };
        let shipped = Catalog::get();
        assert_eq!(rules_of(shipped, "TABLE-TITLE"), 0);
        assert_eq!(rules_of(shipped, "DICT-UNKNOWN"), 0);

        // An edition whose 三公 table has another title: the sample's title no longer matches.
        let mut retitled = catalog_copy();
        let edition = retitled.editions.iter_mut().find(|e| e.id == project.meta.edition).unwrap();
        let three_public = edition.tables.iter_mut().find(|t| t.id == TableId::ThreePublic).unwrap();
        three_public.title = "另一个标题".into();
        let found: Vec<_> =
            audit::check_with(&retitled, &project).into_iter().filter(|f| f.rule == "TABLE-TITLE").collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("另一个标题"));

        // An empty economic dictionary: every code of the 基本支出表 is unknown.
        let mut no_economic_codes = catalog_copy();
        no_economic_codes.economic_codes = Dictionary::default();
        assert!(rules_of(&no_economic_codes, "DICT-UNKNOWN") > 0);

        // A catalog without the project's edition: only the checks that run without one.
        let mut without = catalog_copy();
        without.editions.retain(|e| e.id != project.meta.edition);
        let rules: Vec<_> = audit::check_with(&without, &project).into_iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["STRUCT-EDITION"]);
    }

    /// The rule table of ARCHITECTURE.md as the registry renders it.
    fn markdown_table() -> String {
        let mut table =
            String::from("| rule | severity | area | what must hold | checked by |\n|---|---|---|---|---|\n");
        for rule in RULES {
            let severities: Vec<&str> = rule.severities.iter().map(|s| s.label()).collect();
            let note =
                if rule.severity_note.is_empty() { String::new() } else { format!("（{}）", rule.severity_note) };
            let checks: Vec<String> = rule.checks.iter().map(|c| format!("`{c}`")).collect();
            table.push_str(&format!(
                "| `{}` | {}{note} | {} | {} | {} |\n",
                rule.id,
                severities.join("/"),
                rule.area,
                rule.description,
                checks.join(", ")
            ));
        }
        table
    }

    /// ARCHITECTURE.md's rule table is the registry's: a rule added, removed or reworded here
    /// fails until the document is updated (the message has the table to paste).
    #[test]
    fn architecture_rule_table_matches_the_registry() {
        const DOC: &str = include_str!("../../../../ARCHITECTURE.md");
        let (start, end) = ("<!-- audit rules: generated from audit::registry -->\n", "<!-- end of audit rules -->");
        let table = DOC.split_once(start).and_then(|(_, rest)| rest.split_once(end)).map(|(table, _)| table);
        let expected = markdown_table();
        assert_eq!(
            table,
            Some(expected.as_str()),
            "ARCHITECTURE.md § Audit should have, between the markers:\n{expected}"
        );
    }
}
