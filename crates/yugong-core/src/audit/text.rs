//! The narrative against the tables: every amount the text states, the 比上年 arithmetic, and
//! text problems (placeholders, units, level words, years).

use rust_decimal::Decimal;

use super::{Audit, Finding, Location, Severity, wan};
use crate::model::{NarrativeSection, Project};
use crate::narrative::{self, Figure, TextIssueKind};

/// What the narrative states, read once per audit (`Audit::narrative`) and shared by the checks.
pub(crate) struct NarrativeFacts {
    /// Text problems, in section order: (section, rule, message).
    issues: Vec<(NarrativeSection, &'static str, String)>,
    /// Amounts stated where figures belong.
    stated: Vec<(NarrativeSection, narrative::StatedAmount)>,
    /// Shares stated where figures belong (占总支出的74.15%).
    shares: Vec<(NarrativeSection, narrative::StatedShare)>,
    /// Totals with the items listed after them.
    lists: Vec<(NarrativeSection, narrative::ItemList)>,
    /// 比上年 sentences.
    changes: Vec<(NarrativeSection, Vec<narrative::YearOnYear>)>,
    tables_have_data: bool,
}

impl NarrativeFacts {
    pub(crate) fn read(project: &Project) -> NarrativeFacts {
        let (year, level) = (project.meta.budget_year, project.meta.level.word());
        // Where figures are stated; the 比上年 sentence restates this year's figures too.
        // (the same list binding uses, so a bound figure is one the audit reads).
        const FIGURES: [NarrativeSection; 7] = crate::narrative::bound::FIGURE_SECTIONS;
        let mut read = NarrativeFacts {
            issues: Vec::new(),
            stated: Vec::new(),
            shares: Vec::new(),
            lists: Vec::new(),
            changes: Vec::new(),
            tables_have_data: !project.tables.iter().all(|(_, t)| t.has_no_amounts()),
        };
        for (section, text) in NarrativeSection::texts(&project.narrative) {
            if text.trim().is_empty() {
                continue;
            }
            // Each text is read once (and remembered while it does not change).
            let facts = narrative::facts(text, year, level);
            read.issues.extend(facts.issues.iter().map(|i| (section, issue_rule(i.kind), i.message.clone())));
            if FIGURES.contains(&section) {
                read.stated.extend(facts.stated.iter().map(|a| (section, a.clone())));
                read.shares.extend(facts.shares.iter().map(|a| (section, a.clone())));
            }
            if matches!(section, NarrativeSection::OperatingCosts | NarrativeSection::OverviewExpense) {
                read.lists.extend(facts.lists.iter().map(|l| (section, l.clone())));
            }
            if matches!(section, NarrativeSection::OverviewChange | NarrativeSection::ThreePublic) {
                read.changes.push((section, facts.changes.clone()));
            }
        }
        read
    }
}

/// Placeholders, units, level words and years in the narrative texts.
pub fn check_narrative_issues(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    for (section, rule, message) in &audit.narrative().issues {
        findings.push(Finding::new(
            rule,
            Severity::Warning,
            Location::Narrative { section: *section },
            message.clone(),
        ));
    }
}

/// Each amount the text states against its table cell.
pub fn check_stated_amounts(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let facts = audit.narrative();
    for (section, amount) in &facts.stated {
        if let Some((value, source)) = table_value(audit.project, amount.figure, facts.tables_have_data) {
            compare(findings, *section, amount, value, &source);
        }
    }
    check_stated_shares(audit, findings);
}

/// Each share the text states (占总支出的74.15%) against the figures it relates: the tables' where
/// they have data, else the text's own. Rounded to the precision the text states it is right; one
/// unit of that precision off (74.14% for 74.145…%) is a rounding slip, more is a contradiction.
fn check_stated_shares(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let facts = audit.narrative();
    let value = |figure: Figure| -> Option<(Decimal, String)> {
        table_value(audit.project, figure, facts.tables_have_data).or_else(|| {
            facts
                .stated
                .iter()
                .find(|(_, a)| a.figure == figure)
                .map(|(_, a)| (a.value, format!("文中{}", figure.name())))
        })
    };
    for (section, share) in &facts.shares {
        let (Some((part, part_source)), Some((whole, whole_source))) = (value(share.part), value(share.whole)) else {
            continue;
        };
        let Some(exact) = part.checked_mul(Decimal::ONE_HUNDRED).and_then(|p| p.checked_div(whole)) else {
            continue;
        };
        let scale = share.percent.scale();
        let rounded = exact.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if rounded == share.percent {
            continue;
        }
        let unit = Decimal::new(1, scale);
        let severity = if (share.percent - exact).abs() <= unit { Severity::Warning } else { Severity::Error };
        findings.push(Finding::new(
            "NARR-SHARE",
            severity,
            Location::Narrative { section: *section },
            format!(
                "情况说明“{}”：{}{} ÷ {}{} = {rounded}%，与文中 {}% 不符；请按表中数改正",
                share.phrase,
                part_source,
                wan(part),
                whole_source,
                wan(whole),
                share.percent
            ),
        ));
    }
}

fn issue_rule(kind: TextIssueKind) -> &'static str {
    match kind {
        TextIssueKind::Placeholder => "NARR-PLACEHOLDER",
        TextIssueKind::AmountWithoutWan | TextIssueKind::DoubledUnit => "NARR-UNIT",
        TextIssueKind::WrongLevelWord => "NARR-LEVEL",
        TextIssueKind::YearMismatch => "NARR-YEAR",
        TextIssueKind::Slot => "NARR-SLOT",
    }
}

/// Goal lines and indicator cells of the project goal tables: template text left in place
/// (目标内容1, XX) and unit slips, located at the goal table and indicator.
pub fn check_goal_texts(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    let (year, level) = (project.meta.budget_year, project.meta.level.word());
    for (g, goal) in project.goals.iter().enumerate() {
        let mut texts: Vec<(Option<usize>, String)> = vec![(None, goal.goal.clone())];
        for (i, indicator) in goal.indicators.iter().enumerate() {
            let cells =
                [indicator.name.as_str(), &indicator.description, &indicator.value.to_string(), &indicator.basis]
                    .join("；");
            texts.push((Some(i), cells));
        }
        for (indicator, text) in texts {
            for issue in &narrative::facts(&text, year, level).issues {
                findings.push(Finding::new(
                    issue_rule(issue.kind),
                    Severity::Warning,
                    Location::Goal { goal: g, indicator },
                    format!("“{}”绩效目标表：{}", goal.name, issue.message),
                ));
            }
        }
    }
}

/// The table value a narrative figure must equal, and where it comes from (for the message).
fn table_value(project: &Project, figure: Figure, tables_have_data: bool) -> Option<(Decimal, String)> {
    let t = &project.tables;
    let cell = |table: &crate::model::Table, row: &str, column: &str, label: &str| {
        table.row(row).map(|r| (r.cells.get(column).unwrap_or_default(), label.to_string()))
    };
    let three = |row: &str, label: &str| cell(&t.three_public, row, "total", label);
    let from_tables = match figure {
        Figure::IncomeTotal => cell(&t.income_expense_summary, "in.grand_total", "amount", "收支总表 收入总计"),
        Figure::GeneralBudgetIncome => {
            cell(&t.income_expense_summary, "in.general", "amount", "收支总表 一般公共预算拨款收入")
        }
        Figure::FundIncome => cell(&t.income_expense_summary, "in.fund", "amount", "收支总表 政府性基金预算拨款收入"),
        Figure::CapitalIncome => {
            cell(&t.income_expense_summary, "in.capital", "amount", "收支总表 国有资本经营预算拨款收入")
        }
        Figure::SpecialAccountIncome => {
            cell(&t.income_expense_summary, "in.special_account", "amount", "收支总表 财政专户管理资金收入")
        }
        Figure::UnitFundsIncome => cell(&t.income_expense_summary, "in.unit_funds", "amount", "收支总表 单位资金"),
        Figure::OtherIncome => cell(&t.income_expense_summary, "in.other", "amount", "收支总表 其他收入"),
        Figure::Carryover => cell(&t.income_expense_summary, "in.carryover", "amount", "收支总表 上年结转结余"),
        Figure::ExpenseTotal => cell(&t.expense, "total", "total", "支出总表 合计"),
        Figure::Basic => cell(&t.expense, "total", "basic", "支出总表 基本支出"),
        Figure::Project => cell(&t.expense, "total", "project", "支出总表 项目支出"),
        Figure::Personnel => cell(&t.general_basic_expense, "total", "personnel", "基本支出表 人员经费"),
        Figure::Public => cell(&t.general_basic_expense, "total", "public", "基本支出表 公用经费"),
        Figure::ThreePublicTotal => three("subtotal", "“三公”经费表 “三公”经费小计"),
        Figure::OutboundTravel => three("travel", "“三公”经费表 因公出国（境）费"),
        Figure::VehicleTotal => three("vehicle", "“三公”经费表 公务用车购置及运维费"),
        Figure::VehiclePurchase => three("vehicle.purchase", "“三公”经费表 公务用车购置费"),
        Figure::VehicleUpkeep => three("vehicle.upkeep", "“三公”经费表 公务用车运行维护费"),
        Figure::Reception => three("reception", "“三公”经费表 公务接待费"),
        Figure::Meeting => three("meeting", "“三公”经费表 会议费"),
        Figure::Training => three("training", "“三公”经费表 培训费"),
        // Compared by their own rules below or not comparable with a table.
        Figure::OperatingCosts | Figure::PlannedAssetPurchase => None,
        Figure::Procurement => {
            let table = &project.procurement;
            let total = match &table.total {
                Some(total) => total.funds.get("total").unwrap_or_default(),
                None => table.rows.iter().map(|r| r.funds.get("total").unwrap_or_default()).sum(),
            };
            return Some((total, "政府采购预算表合计".into()));
        }
        Figure::AssetsTotal => {
            return project.assets.total.value.map(|v| (v, "固定资产占用情况表资产总额".into()));
        }
    };
    from_tables.filter(|_| tables_have_data)
}

/// Exact in 分; one 分 off is a rounding slip (warning), more is a contradiction (error).
fn compare(
    findings: &mut Vec<Finding>,
    section: NarrativeSection,
    amount: &narrative::StatedAmount,
    value: Decimal,
    source: &str,
) {
    let difference = amount.value - value;
    if difference.is_zero() {
        return;
    }
    let severity = if difference.abs() <= Decimal::new(1, 2) { Severity::Warning } else { Severity::Error };
    findings.push(Finding::new(
        "NARR-AMOUNT",
        severity,
        Location::Narrative { section },
        format!("情况说明“{}”与{source} {} 不一致，差 {}", amount.phrase, wan(value), wan(difference)),
    ));
}

/// How much a difference the text's own arithmetic leaves matters: none when it adds up; a fen
/// (0.01 万元) is the rounding of figures stated to the fen one by one (a warning, so a typo of
/// one fen is still seen); more is a contradiction (an error, DESIGN § 3).
fn arithmetic_severity(difference: Decimal) -> Option<Severity> {
    if difference.is_zero() {
        None
    } else if difference.abs() <= Decimal::new(1, 2) {
        Some(Severity::Warning)
    } else {
        Some(Severity::Error)
    }
}

/// Figures the text states together must add up among themselves, tables or not:
/// 人员经费 + 公用经费 = 基本支出, 基本支出 + 项目支出 = 支出总额.
pub fn check_internal_sums(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let stated = &audit.narrative().stated;
    let first = |figure: Figure| stated.iter().find(|(_, a)| a.figure == figure).map(|(s, a)| (*s, a.value));
    for (whole, parts, label) in [
        (Figure::Basic, [Figure::Personnel, Figure::Public], "人员经费 + 公用经费 = 基本支出"),
        (Figure::ExpenseTotal, [Figure::Basic, Figure::Project], "基本支出 + 项目支出 = 支出总额"),
    ] {
        let (Some((section, total)), Some((_, a)), Some((_, b))) = (first(whole), first(parts[0]), first(parts[1]))
        else {
            continue;
        };
        if let Some(severity) = arithmetic_severity(a + b - total) {
            findings.push(Finding::new(
                "NARR-SUM",
                severity,
                Location::Narrative { section },
                format!("情况说明中 {a} + {b} = {} ≠ {total}（{label}）", a + b),
            ));
        }
    }
}

/// A total and the items the same sentence lists (机关运行经费 and its economic items, 项目支出 and
/// its projects) add up.
pub fn check_item_lists(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let lists = &audit.narrative().lists;
    for (section, list) in lists {
        if list.items.len() < 2 {
            continue;
        }
        let sum: Decimal = list.items.iter().sum();
        if let Some(severity) = arithmetic_severity(sum - list.total.value) {
            findings.push(Finding::new(
                "NARR-ITEMS-SUM",
                severity,
                Location::Narrative { section: *section },
                format!(
                    "“{}”后列出的 {} 项金额合计 {} ≠ {}，差 {}",
                    list.total.phrase,
                    list.items.len(),
                    wan(sum),
                    wan(list.total.value),
                    wan(sum - list.total.value)
                ),
            ));
        }
    }
}

/// 机关运行经费 is part of 公用经费.
pub fn check_operating_costs(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let (project, facts) = (audit.project, audit.narrative());
    let (stated, tables_have_data) = (&facts.stated, facts.tables_have_data);
    let Some((_, costs)) = stated.iter().find(|(_, a)| a.figure == Figure::OperatingCosts) else { return };
    let public = if tables_have_data {
        project.tables.general_basic_expense.amount("total", "public")
    } else {
        stated.iter().find(|(_, a)| a.figure == Figure::Public).map(|(_, a)| a.value)
    };
    if let Some(public) = public
        && costs.value > public
    {
        findings.push(Finding::new(
            "NARR-OPERATING",
            Severity::Error,
            Location::Narrative { section: NarrativeSection::OperatingCosts },
            format!("机关运行经费 {} 超过公用经费 {}", wan(costs.value), wan(public)),
        ));
    }
}

/// 比上年: current − previous = change, and Δ基本 + Δ项目 = Δ总额.
pub fn check_year_on_year(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let all = &audit.narrative().changes;
    for (section, changes) in all {
        let section = *section;
        for change in changes {
            if let (Some(current), Some(previous)) = (change.current, change.previous)
                && let Some(severity) = arithmetic_severity(current - previous - change.change)
            {
                findings.push(Finding::new(
                    "NARR-CHANGE",
                    severity,
                    Location::Narrative { section },
                    format!(
                        "“{}”：{current} − {previous} = {}，文中却为 {}",
                        change.phrase,
                        current - previous,
                        change.change
                    ),
                ));
            }
        }
        for change in changes.iter().filter(|c| !c.explained) {
            findings.push(Finding::new(
                "NARR-REASON",
                Severity::Warning,
                Location::Narrative { section },
                format!("“{}”没有说明增减原因：请在同一句或下一句写明（如“主要原因是……”“主要用于……”）", change.phrase),
            ));
        }
        if let Some(prior) = &audit.project.prior_year {
            check_against_prior(findings, section, changes, prior);
        }
        let delta = |figure: Figure| changes.iter().find(|c| c.figure == figure).map(|c| c.change);
        // “三公”: the changes of the items add up to the change of the whole.
        let vehicle = delta(Figure::VehicleTotal).or_else(|| {
            match (delta(Figure::VehiclePurchase), delta(Figure::VehicleUpkeep)) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
            }
        });
        let items: Vec<Decimal> = [
            delta(Figure::OutboundTravel),
            vehicle,
            delta(Figure::Reception),
            delta(Figure::Meeting),
            delta(Figure::Training),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(total) = delta(Figure::ThreePublicTotal)
            && items.len() >= 2
            && let Some(severity) = arithmetic_severity(items.iter().sum::<Decimal>() - total)
        {
            let sum: Decimal = items.iter().sum();
            findings.push(Finding::new(
                "NARR-CHANGE-SUM",
                severity,
                Location::Narrative { section },
                format!("“三公”各项比上年增减合计 {sum} ≠ “三公”经费总额增减 {total}"),
            ));
        }
        if let (Some(total), Some(basic), Some(project_change)) =
            (delta(Figure::ExpenseTotal), delta(Figure::Basic), delta(Figure::Project))
            && let Some(severity) = arithmetic_severity(basic + project_change - total)
        {
            findings.push(Finding::new(
                "NARR-CHANGE-SUM",
                severity,
                Location::Narrative { section },
                format!(
                    "比上年增减：基本支出 {basic} + 项目支出 {project_change} = {} ≠ 总额增减 {total}",
                    basic + project_change
                ),
            ));
        }
    }
}

/// Last year's figure a comparison states (较上年997.25万元) or implies (本年 − 增减) against the
/// project's prior-year block.
fn check_against_prior(
    findings: &mut Vec<Finding>,
    section: NarrativeSection,
    changes: &[narrative::YearOnYear],
    prior: &crate::model::PriorYear,
) {
    for change in changes {
        let known = match change.figure {
            Figure::ExpenseTotal | Figure::IncomeTotal => prior.total,
            Figure::Basic => prior.basic,
            Figure::Project => prior.project,
            Figure::Personnel => prior.personnel,
            Figure::Public => prior.public,
            Figure::OperatingCosts => prior.operating_costs,
            Figure::ThreePublicTotal => prior.three_public,
            Figure::OutboundTravel => prior.travel,
            Figure::VehicleTotal => prior.vehicle,
            Figure::VehiclePurchase => prior.vehicle_purchase,
            Figure::VehicleUpkeep => prior.vehicle_upkeep,
            Figure::Reception => prior.reception,
            Figure::Meeting => prior.meeting,
            Figure::Training => prior.training,
            Figure::Procurement => prior.procurement,
            Figure::AssetsTotal => prior.assets,
            _ => None,
        };
        let stated = change.previous.or_else(|| change.current.map(|current| current - change.change));
        if let (Some(known), Some(stated)) = (known, stated)
            && known != stated
        {
            findings.push(Finding::new(
                "NARR-PRIOR",
                Severity::Warning,
                Location::Narrative { section },
                format!(
                    "“{}”的上年数为 {}，而项目所存{}年上年数为 {}，差 {}；请核对上年数或说明",
                    change.phrase,
                    wan(stated),
                    prior.year,
                    wan(known),
                    wan(stated - known)
                ),
            ));
        }
    }
}

/// The opening sentence names the unit and the year.
pub fn check_preamble(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    let project = audit.project;
    let preamble = &project.narrative.preamble;
    if preamble.trim().is_empty() {
        return;
    }
    let year = format!("{}年", project.meta.budget_year);
    if !preamble.contains(&project.meta.unit_name) || !preamble.contains(&year) {
        findings.push(Finding::new(
            "NARR-PREAMBLE",
            Severity::Warning,
            Location::Narrative { section: NarrativeSection::Preamble },
            format!("开头一段应写明“{}{year}”", project.meta.unit_name),
        ));
    }
}
